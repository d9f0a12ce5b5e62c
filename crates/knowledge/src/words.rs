//! Words of written text and excerpts as the support check compares them: lower-cased,
//! contractions expanded, possessives dropped, stemmed with the Snowball English stemmer.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// One word of a text: as written (lower-cased, contractions expanded) and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word, lower-cased ("does", "not", "russia").
    pub word: String,
    /// Its Snowball stem ("negoti" for "negotiations").
    pub stem: String,
}

/// The English stemmer, built once.
fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The stem of one lower-case word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// Whether `c` is part of a word: letters, digits and apostrophes inside words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The plain lower-case words of `text`, in order, with contractions expanded ("doesn't" →
/// "does", "not"; "can't" and "cannot" → "can", "not"; "won't" → "will", "not") and
/// possessives dropped ("Russia's" → "russia"). Hyphens and every other mark split words.
pub fn plain_words(text: &str) -> Vec<String> {
    let text: Cow<str> = if text.contains(['’', '‘']) {
        Cow::Owned(text.replace(['’', '‘'], "'"))
    } else {
        Cow::Borrowed(text)
    };
    let mut out = Vec::new();
    for raw in text.split(|c: char| !is_word_char(c) && c != '\'') {
        let raw = raw.trim_matches('\'').to_lowercase();
        if raw.is_empty() {
            continue;
        }
        expand(&raw, &mut out);
    }
    out
}

/// Pushes the words of one apostrophe-joined token.
fn expand(token: &str, out: &mut Vec<String>) {
    let push = |out: &mut Vec<String>, w: &str| {
        if !w.is_empty() {
            out.push(w.to_string());
        }
    };
    match token {
        "cannot" | "can't" => {
            push(out, "can");
            push(out, "not");
        }
        "won't" => {
            push(out, "will");
            push(out, "not");
        }
        "shan't" => {
            push(out, "shall");
            push(out, "not");
        }
        _ => {
            if let Some(base) = token.strip_suffix("n't") {
                push(out, base);
                push(out, "not");
            } else if let Some((base, tail)) = token.split_once('\'') {
                push(out, base);
                // "'s" (possessive or "is"), "'re", "'ve", "'ll", "'d": the base carries the word.
                if !matches!(tail, "s" | "re" | "ve" | "ll" | "d" | "m" | "") {
                    push(out, tail);
                }
            } else {
                push(out, token);
            }
        }
    }
}

/// The words of `text` with their stems.
pub fn words(text: &str) -> Vec<Word> {
    plain_words(text)
        .into_iter()
        .map(|word| {
            let stem = stem(&word);
            Word { word, stem }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_expand_and_possessives_drop() {
        assert_eq!(
            plain_words("Russia's demands doesn't — can't, cannot; won’t Intermediate- Range"),
            [
                "russia",
                "demands",
                "does",
                "not",
                "can",
                "not",
                "can",
                "not",
                "will",
                "not",
                "intermediate",
                "range"
            ]
        );
    }

    #[test]
    fn stems_join_the_forms_of_a_word() {
        let stems: Vec<String> = words("negotiations negotiate negotiated")
            .into_iter()
            .map(|w| w.stem)
            .collect();
        assert_eq!(stems[0], stems[1]);
        assert_eq!(stems[1], stems[2]);
    }
}

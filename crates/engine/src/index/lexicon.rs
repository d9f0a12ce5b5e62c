//! Words as the word index compares them: contractions expanded, folded, stopwords dropped,
//! stemmed (Snowball English), and joined by the fact base's expansions (`expansions.toml`).

use std::borrow::Cow;
use std::collections::HashMap;

use super::normalize::content_words;
use factbot_knowledge::words::stem;
use factbot_knowledge::Expansion;

/// Contractions as their words: "doesn't" → "does not", "can't" and "cannot" → "can not",
/// "won't" → "will not". Case is kept where nothing changes.
pub fn expand_contractions(text: &str) -> Cow<'_, str> {
    let lower = text.to_lowercase();
    if !lower.contains("n't") && !lower.contains("n’t") && !lower.contains("cannot") {
        return Cow::Borrowed(text);
    }
    let lower = lower.replace('’', "'");
    let lower = lower
        .replace("cannot", "can not")
        .replace("can't", "can not")
        .replace("won't", "will not")
        .replace("shan't", "shall not")
        .replace("n't", " not");
    Cow::Owned(lower)
}

/// The content words of text, in order: contractions expanded, folded ([`normalize`]),
/// stopwords and the possessive `s` dropped.
pub fn plain_words(text: &str) -> Vec<String> {
    content_words(&expand_contractions(text))
}

/// The fact base's expansions, ready to apply.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// One word's stem for another's ("russian" → "russia"): applied wherever text is
    /// indexed and queried.
    alias: HashMap<String, String>,
    /// Query phrases (as stems) and the documents' wording they stand for, longest first.
    rewrites: Vec<(Vec<String>, Vec<String>)>,
}

impl Lexicon {
    /// The lexicon of a fact base's expansions.
    pub fn new(expansions: &[Expansion]) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for x in expansions {
            let means: Vec<String> = plain_words(&x.means).iter().map(|w| stem(w)).collect();
            if means.is_empty() {
                continue;
            }
            for also in &x.also {
                let from: Vec<String> = plain_words(also).iter().map(|w| stem(w)).collect();
                match (from.as_slice(), means.as_slice()) {
                    ([], _) => {}
                    ([one], [target]) if one != target => {
                        lexicon.alias.insert(one.clone(), target.clone());
                    }
                    ([_], [_]) => {}
                    _ => lexicon.rewrites.push((from, means.clone())),
                }
            }
        }
        lexicon
            .rewrites
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        lexicon
    }

    /// A folded word's stem, joined by the aliases.
    pub fn stem(&self, word: &str) -> String {
        let s = stem(word);
        match self.alias.get(&s) {
            Some(target) => target.clone(),
            None => s,
        }
    }

    /// The stem of an already-stemmed word, joined by the aliases.
    pub fn join(&self, stemmed: String) -> String {
        match self.alias.get(&stemmed) {
            Some(target) => target.clone(),
            None => stemmed,
        }
    }

    /// A query's stems, in order, with the expansions' phrases rewritten to the documents'
    /// wording ("expanding east" → "eastward expansion").
    pub fn query(&self, text: &str) -> Vec<String> {
        let stems: Vec<String> = plain_words(text).iter().map(|w| self.stem(w)).collect();
        if self.rewrites.is_empty() {
            return stems;
        }
        let mut out = Vec::with_capacity(stems.len());
        let mut i = 0;
        'words: while i < stems.len() {
            for (from, to) in &self.rewrites {
                if stems[i..].starts_with(from) {
                    out.extend(to.iter().map(|s| self.join(s.clone())));
                    i += from.len();
                    continue 'words;
                }
            }
            out.push(stems[i].clone());
            i += 1;
        }
        out
    }

    /// Whether the text holds any Cyrillic letter (claims are matched in English).
    pub fn has_cyrillic(text: &str) -> bool {
        text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expansion(means: &str, also: &[&str]) -> Expansion {
        Expansion {
            id: means.into(),
            means: means.into(),
            also: also
                .iter()
                .map(|a| factbot_knowledge::Text::from(*a))
                .collect(),
        }
    }

    #[test]
    fn contractions_become_their_words() {
        assert_eq!(
            plain_words("Moldova doesn't want; it can't, won’t, cannot"),
            ["moldova", "not", "want", "not", "not", "not"]
        );
    }

    #[test]
    fn stems_join_forms_and_expansions_join_words_and_phrases() {
        let lexicon = Lexicon::new(&[
            expansion("Russia", &["Russian", "Russians"]),
            expansion("eastward expansion", &["expanding east"]),
            expansion("nuclear weapons", &["nukes"]),
        ]);
        assert_eq!(lexicon.query("negotiations"), lexicon.query("negotiate"));
        assert_eq!(lexicon.query("Russians"), lexicon.query("Russia"));
        assert_ne!(lexicon.query("secret"), lexicon.query("Secretary"));
        assert_eq!(
            lexicon.query("NATO stop expanding east"),
            lexicon.query("NATO stop eastward expansion")
        );
        assert_eq!(lexicon.query("nukes"), lexicon.query("nuclear weapons"));
    }
}

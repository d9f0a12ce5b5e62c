//! The support check: what a fact's editors wrote says nothing its excerpts do not.
//!
//! A fact's written fields (a heading, a role, a title, a description, an explanation, a
//! reported statement's text) are labels around its verbatim passages. Each rule holds them
//! to those passages:
//!
//! | module | rejects |
//! |---|---|
//! | [`content`] | a content word whose stem is in no excerpt (names of the entry and of what it refers to, and [connecting words](CONNECTING), are free) |
//! | [`negations`] | a negation (not, no, never, neither, nor; n't, cannot) the excerpts do not hold |
//! | [`quoted`] | words in quotation marks not found verbatim in the excerpts |
//! | [`hedges`] | a field drawn from a hedged sentence that drops the hedge |
//! | [`dates`] | a date the excerpts do not state, without a `date_basis` quoting them |

pub(super) mod content;
pub(super) mod dates;
pub(super) mod hedges;
pub(super) mod negations;
pub(super) mod quoted;

use std::collections::HashSet;

use super::Report;
use crate::words::{plain_words, stem};
use crate::Text;

/// Words a written field may use without the excerpts holding them: articles, prepositions,
/// pronouns, auxiliaries and conjunctions. No verbs of saying ("says", "argues"): the kind of
/// speech is a label of its own, and a field must not add one.
pub const CONNECTING: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "into", "onto", "about", "than", "that", "this", "these", "those", "it", "its",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "which", "who", "whom", "whose", "what", "when", "where", "their", "they", "them", "he", "him",
    "his", "she", "her", "we", "our", "also", "both", "each",
];

/// A written field of an entry: where it is, and what it says.
#[derive(Clone, Copy)]
pub(crate) struct Written<'a> {
    /// The knowledge file.
    pub(crate) file: &'a str,
    /// The entry's label (`statement "x"`).
    pub(crate) label: &'a str,
    /// The field's name.
    pub(crate) field: &'a str,
    /// Its text.
    pub(crate) text: &'a str,
}

impl Written<'_> {
    /// Records a problem with this field.
    pub(crate) fn error(&self, report: &mut Report, message: impl std::fmt::Display) {
        report.error(
            self.file,
            Some(self.label),
            format!("`{}` {message}", self.field),
        );
    }
}

/// A fact's excerpts, prepared for the rules.
pub(crate) struct Passages<'a> {
    /// The excerpts, folded.
    pub(crate) excerpts: &'a [Text],
    /// Every plain word of the excerpts.
    pub(crate) words: HashSet<String>,
    /// Every stem of the excerpts.
    pub(crate) stems: HashSet<String>,
}

impl<'a> Passages<'a> {
    /// Prepares `excerpts` (folded).
    pub(crate) fn new(excerpts: &'a [Text]) -> Passages<'a> {
        let words: HashSet<String> = excerpts.iter().flat_map(|e| plain_words(e)).collect();
        let stems = words.iter().map(|w| stem(w)).collect();
        Passages {
            excerpts,
            words,
            stems,
        }
    }
}

/// The stems of names a fact's written text may use: its own and those of what it refers to.
#[derive(Default)]
pub(crate) struct FreeNames {
    stems: HashSet<String>,
}

impl FreeNames {
    /// The free stems of these names.
    pub(crate) fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> FreeNames {
        let stems = names
            .into_iter()
            .flat_map(plain_words)
            .map(|w| stem(&w))
            .collect();
        FreeNames { stems }
    }

    /// Whether a word's stem belongs to a free name.
    pub(crate) fn contains(&self, stem: &str) -> bool {
        self.stems.contains(stem)
    }
}

/// Whether a lower-case word is a connecting word.
pub(crate) fn is_connecting(word: &str) -> bool {
    CONNECTING.contains(&word)
}

/// The content stems of a written field: its words but connecting words and free names.
pub(crate) fn content_stems(text: &str, names: &FreeNames) -> Vec<(String, String)> {
    plain_words(text)
        .into_iter()
        .filter(|w| !is_connecting(w))
        .map(|w| {
            let s = stem(&w);
            (w, s)
        })
        .filter(|(_, s)| !names.contains(s))
        .collect()
}

/// The words of `words` that `missing` picks, each once, in order.
pub(crate) fn missing_words(
    words: impl IntoIterator<Item = String>,
    missing: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words {
        if missing(&word) && !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

/// Records `` `field` {what}: "a", "b" not in them `` unless no word is missing.
pub(crate) fn report_missing(
    report: &mut Report,
    written: &Written<'_>,
    what: &str,
    missing: &[String],
) {
    if !missing.is_empty() {
        let words = quoted_list(missing.iter().map(String::as_str));
        written.error(report, format!("{what}: {words} not in them"));
    }
}

/// `"a", "b"` for an error message.
pub(crate) fn quoted_list<'s>(words: impl IntoIterator<Item = &'s str>) -> String {
    words
        .into_iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Test helpers: passages from plain strings, fields of a test entry.
#[cfg(test)]
pub(crate) mod test_support {
    use super::Written;
    use crate::fold::fold_text;
    use crate::Text;

    /// Folded excerpts.
    pub(crate) fn excerpts(list: &[&str]) -> Vec<Text> {
        list.iter().map(|e| Text::from(fold_text(e))).collect()
    }

    /// The field `field` of statement "s" in statements.toml.
    pub(crate) fn field<'a>(field: &'a str, text: &'a str) -> Written<'a> {
        Written {
            file: "statements.toml",
            label: "statement \"s\"",
            field,
            text,
        }
    }
}

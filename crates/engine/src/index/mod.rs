//! The lookup indexes the commands answer from, built once per fact base.
//!
//! - [`normalize`]: query text folded for matching (case, diacritics, script), its words and
//!   stopwords, and how many typos a word may carry.
//! - [`symspell`]: Damerau–Levenshtein distance and the symmetric-deletion index that finds
//!   every word within two edits without scanning a vocabulary.
//! - [`names`]: names and aliases (people, terms, events, commands) under one fuzzy policy.
//! - `words`: the inverted word index over every fact's text, for `search`, `check` and
//!   fragments of quotes.

pub mod lexicon;
pub mod names;
pub mod normalize;
pub mod symspell;
pub(crate) mod words;

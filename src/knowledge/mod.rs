//! The typed fact base: TOML files in `knowledge/`, loaded and validated.
//!
//! A [`KnowledgeBase`] is immutable once loaded; a reload builds a new one. Every excerpt is
//! stored folded ([`fold_text`]): the form it was validated in is the form users are shown.

mod date;
mod error;
mod fold;
mod load;
mod model;

use std::collections::HashMap;
use std::path::Path;

pub use date::{Date, DateSpec};
pub use error::{LoadError, LoadErrors};
pub use fold::fold_text;
pub use load::{FILES, MAX_FILE_BYTES};
pub use model::*;

/// A source document's text, folded for excerpt matching (the raw file is not kept:
/// nothing after validation needs it).
#[derive(Debug, Clone)]
pub struct SourceText {
    /// [`fold_text`] of the whole document.
    pub folded: String,
}

/// The loaded, validated fact base.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    pub sources: Vec<Source>,
    pub people: Vec<Person>,
    pub statements: Vec<Statement>,
    pub articles: Vec<Article>,
    pub events: Vec<Event>,
    pub terms: Vec<Term>,
    texts: HashMap<String, SourceText>,
    source_by_id: HashMap<String, usize>,
    person_by_id: HashMap<String, usize>,
}

impl KnowledgeBase {
    /// Loads and validates every file in `dir`; on failure, every problem found.
    pub fn load(dir: impl AsRef<Path>) -> Result<KnowledgeBase, LoadErrors> {
        load::load(dir.as_ref())
    }

    /// Builds a fact base from parts that are already valid (generators, tests). Excerpts are
    /// expected as the loader stores them: folded with [`fold_text`].
    pub fn new(
        sources: Vec<Source>,
        people: Vec<Person>,
        statements: Vec<Statement>,
        articles: Vec<Article>,
        events: Vec<Event>,
        terms: Vec<Term>,
        texts: HashMap<String, SourceText>,
    ) -> KnowledgeBase {
        let source_by_id = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let person_by_id = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        KnowledgeBase {
            sources,
            people,
            statements,
            articles,
            events,
            terms,
            texts,
            source_by_id,
            person_by_id,
        }
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_by_id.get(id).map(|&i| &self.sources[i])
    }

    /// The text of the source with this id.
    pub fn source_text(&self, id: &str) -> Option<&SourceText> {
        self.texts.get(id)
    }

    /// The person (or group, document, author) with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_by_id.get(id).map(|&i| &self.people[i])
    }

    /// Number of facts of every kind, in display order.
    pub fn counts(&self) -> [(&'static str, usize); 6] {
        [
            ("sources", self.sources.len()),
            ("people", self.people.len()),
            ("statements", self.statements.len()),
            ("articles", self.articles.len()),
            ("events", self.events.len()),
            ("terms", self.terms.len()),
        ]
    }

    /// Total number of facts (everything but sources).
    pub fn fact_count(&self) -> usize {
        self.counts().iter().skip(1).map(|(_, n)| n).sum()
    }
}

//! Turning facts into answer items, each with its citation.

use super::docs::FactRef;
use super::{Citation, Engine, Item};
use crate::knowledge::{ActorKind, ArticleKind, DateSpec, StatementKind};

impl Engine {
    /// The citation for a passage of a source.
    pub(crate) fn cite(&self, source: &str, excerpt: &str) -> Citation {
        let (title, short) = match self.kb.source(source) {
            Some(s) => (s.title.clone(), s.short.clone()),
            None => (source.to_string(), source.to_string()),
        };
        Citation {
            source_id: source.to_string(),
            source_title: title,
            source_short: short,
            excerpt: excerpt.to_string(),
        }
    }

    /// The display name of a person id ("Antony Blinken").
    pub(crate) fn person_name(&self, id: &str) -> String {
        self.kb
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    /// "A", "A and B", "A, B and C".
    pub(crate) fn join_names(names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// A statement as an item: who, how (quoted or reported), when, and the words.
    pub(crate) fn statement_item(&self, i: usize) -> Item {
        let s = &self.kb.statements[i];
        let speakers: Vec<String> = s.speakers.iter().map(|id| self.person_name(id)).collect();
        let how = match s.kind {
            StatementKind::Direct => "direct quote",
            StatementKind::Reported => "reported, not a quote",
        };
        let when = s
            .date
            .as_ref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        let body = match s.kind {
            StatementKind::Direct => format!("“{}”", s.text),
            StatementKind::Reported => format!("(paraphrase) {}", s.text),
        };
        Item {
            heading: format!("{} — {how}{when}", Self::join_names(&speakers)),
            body,
            citation: Some(self.cite(&s.source, &s.excerpt)),
            score: None,
        }
    }

    /// An article as an item.
    pub(crate) fn article_item(&self, i: usize) -> Item {
        let a = &self.kb.articles[i];
        let which = match a.number {
            Some(n) => format!("Article {n} of the {}", a.draft.label()),
            None => format!("The {} as a whole", a.draft.label()),
        };
        let (how, body) = match a.kind {
            ArticleKind::Direct => ("quoted", format!("“{}”", a.text)),
            ArticleKind::Paraphrase => {
                ("described, not quoted", format!("(paraphrase) {}", a.text))
            }
        };
        Item {
            heading: format!("{which} ({how})"),
            body,
            citation: Some(self.cite(&a.source, &a.excerpt)),
            score: None,
        }
    }

    /// An event as an item.
    pub(crate) fn event_item(&self, i: usize) -> Item {
        let e = &self.kb.events[i];
        Item {
            heading: format!("{} — {}", e.date, e.title),
            body: e.description.clone(),
            citation: Some(self.cite(&e.source, &e.excerpt)),
            score: None,
        }
    }

    /// A glossary term as an item.
    pub(crate) fn term_item(&self, i: usize) -> Item {
        let t = &self.kb.terms[i];
        let also = if t.aliases.is_empty() {
            String::new()
        } else {
            format!("\nAlso called: {}", t.aliases.join(", "))
        };
        Item {
            heading: t.term.clone(),
            body: format!("{}{also}", t.explanation),
            citation: Some(self.cite(&t.source, &t.excerpt)),
            score: None,
        }
    }

    /// A person (or group, document, author) as an item.
    pub(crate) fn person_item(&self, i: usize) -> Item {
        let p = &self.kb.people[i];
        let kind = match p.kind {
            ActorKind::Person => "person",
            ActorKind::Group => "group or government",
            ActorKind::Document => "document",
            ActorKind::Author => "author of a source document",
        };
        let n = self.statements_by_person[i].len();
        let said = match n {
            0 => "No statements by them in the fact base.".to_string(),
            1 => format!(
                "1 statement in the fact base: {}who-said {}",
                self.prefix, p.name
            ),
            n => format!(
                "{n} statements in the fact base: {}who-said {}",
                self.prefix, p.name
            ),
        };
        let aliases = if p.aliases.is_empty() {
            String::new()
        } else {
            format!("\nAlso written: {}", p.aliases.join(", "))
        };
        Item {
            heading: format!("{} ({kind})", p.name),
            body: format!("Role: {}{aliases}\n{said}", p.role),
            citation: Some(self.cite(&p.source, &p.excerpt)),
            score: None,
        }
    }

    /// Any fact as an item.
    pub(crate) fn fact_item(&self, fact: FactRef) -> Item {
        match fact {
            FactRef::Person(i) => self.person_item(i),
            FactRef::Statement(i) => self.statement_item(i),
            FactRef::Article(i) => self.article_item(i),
            FactRef::Event(i) => self.event_item(i),
            FactRef::Term(i) => self.term_item(i),
        }
    }

    /// A short label for a fact, for suggestions.
    pub(crate) fn fact_label(&self, fact: FactRef) -> String {
        match fact {
            FactRef::Person(i) => self.kb.people[i].name.clone(),
            FactRef::Statement(i) => {
                let s = &self.kb.statements[i];
                format!(
                    "{}: {}",
                    self.person_name(&s.speakers[0]),
                    super::text::shorten(&s.text, 60)
                )
            }
            FactRef::Article(i) => {
                let a = &self.kb.articles[i];
                match a.number {
                    Some(n) => format!("article {n} ({})", a.draft.label()),
                    None => a.draft.label().to_string(),
                }
            }
            FactRef::Event(i) => {
                let e = &self.kb.events[i];
                format!("{} ({})", e.title, e.date)
            }
            FactRef::Term(i) => self.kb.terms[i].term.clone(),
        }
    }

    /// Events in date order whose span overlaps `span`.
    pub(crate) fn events_in(&self, span: &DateSpec) -> Vec<usize> {
        self.events_by_date
            .iter()
            .copied()
            .filter(|&i| self.kb.events[i].date.overlaps(span))
            .collect()
    }
}

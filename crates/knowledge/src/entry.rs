//! What the loader and the validation rules need of every kind of entry, whatever its kind:
//! where it is read from, its id, its required text and, for facts, its source and excerpt.

use super::kind::{FactKind, SOURCES_FILE, SOURCES_TABLE};
use super::model::*;
use super::{Text, TextList};

/// An entry as parsed, with the label that names it in errors (`statement "blinken-dustbin"`,
/// or `statement #3` when it has no id).
pub(crate) struct Labelled<T> {
    pub(crate) label: String,
    pub(crate) value: T,
}

/// An entry of one of the knowledge files.
pub(crate) trait Entry {
    /// The file the entries are read from.
    const FILE: &'static str;
    /// The array of tables they are read from.
    const TABLE: &'static str;
    /// The id, which names the entry in errors and in references.
    fn id(&self) -> &str;
    /// Text fields, by name, that must not be blank.
    fn required_text(&self) -> Vec<(&'static str, &str)>;
}

impl Entry for Source {
    const FILE: &'static str = SOURCES_FILE;
    const TABLE: &'static str = SOURCES_TABLE;
    fn id(&self) -> &str {
        &self.id
    }
    fn required_text(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("title", &self.title),
            ("author", &self.author),
            ("published_note", &self.published_note),
            ("short", &self.short),
        ]
    }
}

impl Entry for Expansion {
    const FILE: &'static str = crate::kind::EXPANSIONS_FILE;
    const TABLE: &'static str = "expansion";
    fn id(&self) -> &str {
        &self.id
    }
    fn required_text(&self) -> Vec<(&'static str, &str)> {
        vec![("means", &self.means)]
    }
}

/// A fact: an entry drawn from a source through its excerpts.
pub(crate) trait Fact: Entry {
    const KIND: FactKind;
    /// The id of the source the fact is drawn from.
    fn source(&self) -> &str;
    /// The excerpts of that source the fact stands on.
    fn excerpts(&self) -> &TextList;
    fn excerpts_mut(&mut self) -> &mut TextList;
    /// The text its editors wrote, by field name: labels the support check holds to the
    /// excerpts (a direct quote's `text` is checked verbatim instead).
    fn written(&self) -> Vec<(&'static str, &str)>;
    /// Ids of the people the fact refers to (speakers, mentions, people), whose names its
    /// written text may use.
    fn people_refs(&self) -> Vec<&str> {
        Vec::new()
    }
    /// Names its written text may use besides those of the people it refers to: its own.
    fn own_names(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// `(name, value)` for each field that is present.
fn present<'a>(fields: &[(&'static str, Option<&'a Text>)]) -> Vec<(&'static str, &'a str)> {
    fields
        .iter()
        .filter_map(|&(name, value)| value.map(|v| (name, v.as_str())))
        .collect()
}

macro_rules! fact_common {
    ($t:ident) => {
        const KIND: FactKind = FactKind::$t;
        fn source(&self) -> &str {
            &self.source
        }
        fn excerpts(&self) -> &TextList {
            &self.excerpts
        }
        fn excerpts_mut(&mut self) -> &mut TextList {
            &mut self.excerpts
        }
    };
}

macro_rules! entry {
    ($t:ident) => {
        impl Entry for $t {
            const FILE: &'static str = FactKind::$t.file();
            const TABLE: &'static str = FactKind::$t.table();
            fn id(&self) -> &str {
                &self.id
            }
            fn required_text(&self) -> Vec<(&'static str, &str)> {
                self.present_text()
            }
        }
    };
}

entry!(Person);
entry!(Statement);
entry!(Article);
entry!(Event);
entry!(Term);

impl Person {
    fn present_text(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("name", self.name.as_str())];
        v.extend(present(&[("role", self.role.as_ref())]));
        v
    }
}

impl Fact for Person {
    fact_common!(Person);
    fn written(&self) -> Vec<(&'static str, &str)> {
        present(&[("role", self.role.as_ref())])
    }
    fn own_names(&self) -> Vec<&str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(Text::as_str))
            .collect()
    }
}

impl Statement {
    fn present_text(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("heading", self.heading.as_str())];
        v.extend(present(&[
            ("text", self.text.as_ref()),
            ("date_basis", self.date_basis.as_ref()),
        ]));
        v
    }
}

impl Fact for Statement {
    fact_common!(Statement);
    fn written(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("heading", self.heading.as_str())];
        if self.kind != StatementKind::Direct {
            v.extend(present(&[("text", self.text.as_ref())]));
        }
        v
    }
    fn people_refs(&self) -> Vec<&str> {
        self.speakers
            .iter()
            .chain(&self.mentions)
            .map(Text::as_str)
            .collect()
    }
}

impl Article {
    fn present_text(&self) -> Vec<(&'static str, &str)> {
        present(&[("text", self.text.as_ref())])
    }
}

impl Fact for Article {
    fact_common!(Article);
    fn written(&self) -> Vec<(&'static str, &str)> {
        match self.kind {
            ArticleKind::Direct => Vec::new(),
            ArticleKind::Paraphrase => present(&[("text", self.text.as_ref())]),
        }
    }
}

impl Event {
    fn present_text(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("title", self.title.as_str())];
        v.extend(present(&[
            ("description", self.description.as_ref()),
            ("date_basis", self.date_basis.as_ref()),
        ]));
        v
    }
}

impl Fact for Event {
    fact_common!(Event);
    fn written(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("title", self.title.as_str())];
        v.extend(present(&[("description", self.description.as_ref())]));
        v
    }
    fn people_refs(&self) -> Vec<&str> {
        self.people.iter().map(Text::as_str).collect()
    }
}

impl Term {
    fn present_text(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("term", self.term.as_str())];
        v.extend(present(&[("explanation", self.explanation.as_ref())]));
        v
    }
}

impl Fact for Term {
    fact_common!(Term);
    fn written(&self) -> Vec<(&'static str, &str)> {
        present(&[("explanation", self.explanation.as_ref())])
    }
    fn own_names(&self) -> Vec<&str> {
        std::iter::once(self.term.as_str())
            .chain(self.aliases.iter().map(Text::as_str))
            .collect()
    }
}

//! What the loader and the validation rules need of every kind of entry, whatever its kind:
//! where it is read from, its id, its required text and, for facts, its source and excerpt.

use super::kind::{FactKind, SOURCES_FILE, SOURCES_TABLE};
use super::model::*;
use super::Text;

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
            ("short", &self.short),
        ]
    }
}

/// A fact: an entry drawn from a source through an excerpt.
pub(crate) trait Fact: Entry {
    const KIND: FactKind;
    /// The id of the source the fact is drawn from.
    fn source(&self) -> &str;
    /// The excerpt of that source the fact stands on.
    fn excerpt(&self) -> &str;
    fn excerpt_mut(&mut self) -> &mut Text;
}

macro_rules! fact {
    ($t:ident, $($field:ident),*) => {
        impl Entry for $t {
            const FILE: &'static str = FactKind::$t.file();
            const TABLE: &'static str = FactKind::$t.table();
            fn id(&self) -> &str { &self.id }
            fn required_text(&self) -> Vec<(&'static str, &str)> {
                vec![$((stringify!($field), self.$field.as_str())),*]
            }
        }
        impl Fact for $t {
            const KIND: FactKind = FactKind::$t;
            fn source(&self) -> &str { &self.source }
            fn excerpt(&self) -> &str { &self.excerpt }
            fn excerpt_mut(&mut self) -> &mut Text { &mut self.excerpt }
        }
    };
}

fact!(Person, name, role);
fact!(Statement, text);
fact!(Article, text);
fact!(Event, title, description);
fact!(Term, term, explanation);

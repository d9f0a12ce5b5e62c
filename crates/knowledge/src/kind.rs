//! [`FactKind`]: the five kinds of fact, and everything that differs by kind only in name
//! (the TOML file, its array of tables, the plural `counts()` prints).
//!
//! Sources are not a kind of fact (they are what facts are drawn from): their file and table
//! are [`SOURCES_FILE`] and [`SOURCES_TABLE`].

/// The file that lists the source documents.
pub const SOURCES_FILE: &str = "sources.toml";

/// The file of query expansions (optional): what users type for the documents' wording.
pub const EXPANSIONS_FILE: &str = "expansions.toml";

/// The array of tables in [`SOURCES_FILE`] (`[[source]]`).
pub const SOURCES_TABLE: &str = "source";

/// One kind of fact. The order of the variants is the order of [`FactKind::ALL`], of the
/// knowledge files and of [`crate::KnowledgeBase::counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    /// A person, group or document that speaks or is named ([`crate::Person`]).
    Person,
    /// Something someone said ([`crate::Statement`]).
    Statement,
    /// What a source says of one article of a draft ([`crate::Article`]).
    Article,
    /// A dated event ([`crate::Event`]).
    Event,
    /// A glossary entry ([`crate::Term`]).
    Term,
}

impl FactKind {
    /// Every kind, in file order.
    pub const ALL: [FactKind; 5] = [
        FactKind::Person,
        FactKind::Statement,
        FactKind::Article,
        FactKind::Event,
        FactKind::Term,
    ];

    /// This kind's position in [`FactKind::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The TOML file that holds this kind, in the knowledge directory.
    pub const fn file(self) -> &'static str {
        match self {
            FactKind::Person => "people.toml",
            FactKind::Statement => "statements.toml",
            FactKind::Article => "articles.toml",
            FactKind::Event => "events.toml",
            FactKind::Term => "terms.toml",
        }
    }

    /// The array of tables in [`FactKind::file`] (`[[person]]` is `"person"`); also the word
    /// errors name an entry by (`person "blinken"`).
    pub const fn table(self) -> &'static str {
        match self {
            FactKind::Person => "person",
            FactKind::Statement => "statement",
            FactKind::Article => "article",
            FactKind::Event => "event",
            FactKind::Term => "term",
        }
    }

    /// The plural, as [`crate::KnowledgeBase::counts`] names the kind.
    pub const fn name(self) -> &'static str {
        match self {
            FactKind::Person => "people",
            FactKind::Statement => "statements",
            FactKind::Article => "articles",
            FactKind::Event => "events",
            FactKind::Term => "terms",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_index_order() {
        for (i, kind) in FactKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i);
            assert_eq!(FactKind::ALL[kind.index()], kind);
        }
        let mut sorted = FactKind::ALL;
        sorted.sort();
        assert_eq!(sorted, FactKind::ALL);
    }

    #[test]
    fn files_tables_and_names_are_distinct() {
        use std::collections::HashSet;
        let files: HashSet<_> = FactKind::ALL.iter().map(|k| k.file()).collect();
        let tables: HashSet<_> = FactKind::ALL.iter().map(|k| k.table()).collect();
        let names: HashSet<_> = FactKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!((files.len(), tables.len(), names.len()), (5, 5, 5));
        assert!(!files.contains(SOURCES_FILE) && !tables.contains(SOURCES_TABLE));
        for k in FactKind::ALL {
            assert_eq!(k.file(), format!("{}.toml", k.name()));
        }
    }

    /// The loader reads each kind from `file()` and expects `[[table()]]` there: a directory
    /// whose kind files each hold a stray table gets one error per kind, naming both.
    #[test]
    fn the_loader_reads_each_kind_from_its_file_and_table() {
        let dir = std::env::temp_dir().join(format!("factbot-kind-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(SOURCES_FILE), "").unwrap();
        for kind in FactKind::ALL {
            std::fs::write(dir.join(kind.file()), "[[stray]]\nid = \"x\"\n").unwrap();
        }
        let errors = crate::KnowledgeBase::load(&dir).unwrap_err().0;
        let _ = std::fs::remove_dir_all(&dir);
        for kind in FactKind::ALL {
            let expected = format!(
                "unknown table `stray` (this file holds `[[{}]]` entries)",
                kind.table()
            );
            assert!(
                errors
                    .iter()
                    .any(|e| e.file == dir.join(kind.file()) && e.message == expected),
                "{kind:?}: {errors:?}"
            );
        }
    }

    /// The shipped knowledge directory holds each kind in its file, as `[[table()]]`.
    #[test]
    fn the_shipped_files_hold_each_kind_in_its_table() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
        for kind in FactKind::ALL {
            let text = std::fs::read_to_string(dir.join(kind.file())).unwrap();
            assert!(text.contains(&format!("[[{}]]", kind.table())), "{kind:?}");
        }
    }
}

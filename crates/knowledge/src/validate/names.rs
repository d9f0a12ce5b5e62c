//! Names: what users type to find a person or a term.

use std::collections::HashMap;

use super::Report;
use crate::fold::fold_text;
use crate::kind::FactKind;
use crate::Text;

/// Rejects each of a person's aliases that is empty or only white space: it would match
/// nothing a user types, and shows as a blank in the person's names.
pub(super) fn no_blank_alias(report: &mut Report, file: &str, label: &str, aliases: &[Text]) {
    for alias in aliases {
        if alias.trim().is_empty() {
            report.error(file, Some(label), "an alias is empty");
        }
    }
}

/// Rejects a term name or alias that folds to nothing (blank, or only markup such as `**`):
/// it could never be looked up. (The message says "alias" for the term itself too.)
pub(super) fn not_blank_when_folded(report: &mut Report, file: &str, label: &str, name: &str) {
    if fold_text(name).is_empty() {
        report.error(file, Some(label), "an alias is empty");
    }
}

/// The names given so far to entries of one kind (people, or terms), folded and lowercased,
/// with the id of the entry each names.
pub(super) struct NameOwners<'a> {
    kind: FactKind,
    owners: HashMap<String, &'a str>,
}

impl<'a> NameOwners<'a> {
    /// No names given yet.
    pub(super) fn new(kind: FactKind) -> NameOwners<'a> {
        NameOwners {
            kind,
            owners: HashMap::new(),
        }
    }

    /// Gives `name` to the entry `id`. Rejects a name (folded, case-insensitively) that an
    /// earlier entry of the kind already has: a lookup by that name could not tell which one
    /// the user means. An entry may repeat its own name.
    pub(super) fn claim(&mut self, report: &mut Report, label: &str, id: &'a str, name: &str) {
        let key = fold_text(name).to_lowercase();
        match self.owners.get(key.as_str()) {
            Some(other) if *other != id => report.error(
                self.kind.file(),
                Some(label),
                format!(
                    "the name \"{name}\" also names {} \"{other}\"",
                    self.kind.table()
                ),
            ),
            _ => {
                self.owners.insert(key, id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_a_blank_alias() {
        let mut r = report();
        let aliases = [Text::from("Blinken"), Text::from(" \t")];
        no_blank_alias(&mut r, "people.toml", "person \"p\"", &aliases);
        assert_eq!(shown(&r), ["people.toml: person \"p\": an alias is empty"]);
    }

    #[test]
    fn rejects_a_term_name_that_folds_to_nothing() {
        let mut r = report();
        for name in ["Yalta", "**", "  "] {
            not_blank_when_folded(&mut r, "terms.toml", "term \"t\"", name);
        }
        assert_eq!(
            shown(&r),
            [
                "terms.toml: term \"t\": an alias is empty",
                "terms.toml: term \"t\": an alias is empty",
            ]
        );
    }

    #[test]
    fn rejects_one_name_for_two_entries() {
        let mut r = report();
        let mut people = NameOwners::new(FactKind::Person);
        people.claim(&mut r, "person \"blinken\"", "blinken", "Antony Blinken");
        people.claim(&mut r, "person \"blinken\"", "blinken", "antony  blinken");
        people.claim(&mut r, "person \"other\"", "other", "ANTONY *Blinken*");
        let mut terms = NameOwners::new(FactKind::Term);
        terms.claim(&mut r, "term \"yalta\"", "yalta", "Yalta");
        terms.claim(&mut r, "term \"other\"", "other", "yalta");
        assert_eq!(
            shown(&r),
            [
                "people.toml: person \"other\": the name \"ANTONY *Blinken*\" also names person \"blinken\"",
                "terms.toml: term \"other\": the name \"yalta\" also names term \"yalta\"",
            ]
        );
    }
}

//! References: the sources and people an entry names exist.

use std::collections::HashSet;

use super::Report;
use crate::kind::{FactKind, SOURCES_FILE};
use crate::Text;

/// Rejects a fact whose `source` is not the id of a source: it would cite nothing. Returns
/// whether it is known (the excerpt is checked against the source's text only then).
pub(super) fn known_source(
    report: &mut Report,
    file: &str,
    label: &str,
    source: &str,
    source_ids: &HashSet<&str>,
) -> bool {
    if source_ids.contains(source) {
        return true;
    }
    report.error(
        file,
        Some(label),
        format!("`source` \"{source}\" is not in {SOURCES_FILE}"),
    );
    false
}

/// Rejects each id in a list of people (a statement's `speakers` or `mentions`, an event's
/// `people`) that is not the id of a person: the bot could not say who it means.
pub(super) fn known_people(
    report: &mut Report,
    file: &str,
    label: &str,
    field: &str,
    ids: &[Text],
    person_ids: &HashSet<&str>,
) {
    for id in ids {
        if !person_ids.contains(id.as_str()) {
            report.error(
                file,
                Some(label),
                format!(
                    "`{field}` names \"{id}\", which is not in {}",
                    FactKind::Person.file()
                ),
            );
        }
    }
}

/// Rejects a statement with no speakers: a statement is always someone's.
pub(super) fn has_speakers(report: &mut Report, label: &str, speakers: &[Text]) {
    if speakers.is_empty() {
        report.error(
            FactKind::Statement.file(),
            Some(label),
            "`speakers` is empty",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_an_unknown_source() {
        let mut r = report();
        let ids = HashSet::from(["jafarli"]);
        assert!(known_source(
            &mut r,
            "terms.toml",
            "term \"t\"",
            "jafarli",
            &ids
        ));
        assert!(!known_source(
            &mut r,
            "terms.toml",
            "term \"t\"",
            "nowhere",
            &ids
        ));
        assert_eq!(
            shown(&r),
            ["terms.toml: term \"t\": `source` \"nowhere\" is not in sources.toml"]
        );
    }

    #[test]
    fn rejects_each_unknown_person() {
        let mut r = report();
        let ids = HashSet::from(["blinken"]);
        let named = [Text::from("blinken"), Text::from("nobody")];
        known_people(&mut r, "events.toml", "event \"e\"", "people", &named, &ids);
        assert_eq!(
            shown(&r),
            ["events.toml: event \"e\": `people` names \"nobody\", which is not in people.toml"]
        );
    }

    #[test]
    fn rejects_a_statement_without_speakers() {
        let mut r = report();
        has_speakers(&mut r, "statement \"s\"", &[Text::from("blinken")]);
        has_speakers(&mut r, "statement \"s\"", &[]);
        assert_eq!(
            shown(&r),
            ["statements.toml: statement \"s\": `speakers` is empty"]
        );
    }
}

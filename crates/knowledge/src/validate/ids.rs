//! Ids: every entry of a file has its own.

use std::collections::HashSet;

use super::Report;

/// Rejects an entry whose `id` is blank, and one whose `id` an earlier entry of the same file
/// already has: ids are how facts cite their source and statements their speakers, and what
/// names an entry in every other error.
pub(super) fn unique_ids<'a>(
    report: &mut Report,
    file: &str,
    entries: impl Iterator<Item = (&'a str, &'a str)>,
) {
    let mut seen = HashSet::new();
    for (label, id) in entries {
        if id.trim().is_empty() {
            report.error(file, Some(label), "`id` is empty");
        } else if !seen.insert(id) {
            report.error(file, Some(label), format!("duplicate id \"{id}\""));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_blank_and_repeated_ids() {
        let mut r = report();
        let entries = [
            ("term \"a\"", "a"),
            ("term \" \"", " "),
            ("term \"b\"", "b"),
            ("term \"a\"", "a"),
        ];
        unique_ids(&mut r, "terms.toml", entries.into_iter());
        assert_eq!(
            shown(&r),
            [
                "terms.toml: term \" \": `id` is empty",
                "terms.toml: term \"a\": duplicate id \"a\"",
            ]
        );
    }
}

//! Required text: a fact's or source's fields that say what it is.

use super::Report;

/// Rejects each of an entry's required text fields (a source's `title`, `author` and `short`,
/// a person's `name` and `role`, a statement's `text`, …) that is empty or only white space:
/// the bot would show an empty heading or citation. Optional fields are not checked.
pub(super) fn not_blank(report: &mut Report, file: &str, label: &str, fields: &[(&str, &str)]) {
    for (field, value) in fields {
        if value.trim().is_empty() {
            report.error(file, Some(label), format!("`{field}` is empty"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_each_blank_field() {
        let mut r = report();
        let fields = [("title", " \n"), ("description", "words"), ("short", "")];
        not_blank(&mut r, "events.toml", "event \"e\"", &fields);
        assert_eq!(
            shown(&r),
            [
                "events.toml: event \"e\": `title` is empty",
                "events.toml: event \"e\": `short` is empty",
            ]
        );
    }
}

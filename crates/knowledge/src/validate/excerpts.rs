//! Excerpts: each fact's excerpt stands verbatim in its source.

use super::Report;
use crate::fold::fold_text;
use crate::{SourceText, Text};

/// Rejects a fact without excerpts: a fact is what its excerpts show.
pub(super) fn at_least_one(report: &mut Report, file: &str, label: &str, count: usize) {
    if count == 0 {
        report.error(
            file,
            Some(label),
            "`excerpts` is empty: a fact needs its passage",
        );
    }
}

/// Rejects a fact whose excerpt is empty once folded, or not found verbatim (both folded with
/// [`fold_text`]) in the text of its `source`: an excerpt is what proves the fact, and users
/// are shown it as the source's own words. Not checked when the source's text could not be
/// read (that is an error of its own).
///
/// Returns the excerpt to store: folded, and the range of the source's text it stands in
/// when found (shown as validated, and not copied).
pub(super) fn verbatim_in_source(
    report: &mut Report,
    file: &str,
    label: &str,
    source: &str,
    excerpt: &str,
    text: Option<&SourceText>,
) -> Text {
    let excerpt = fold_text(excerpt);
    let mut stored = None;
    if excerpt.is_empty() {
        report.error(file, Some(label), "`excerpt` is empty");
    } else if let Some(text) = text {
        stored = text.find(&excerpt);
        if stored.is_none() {
            report.error(
                file,
                Some(label),
                format!(
                    "`excerpt` is not found verbatim in source \"{source}\": \"{}\"",
                    preview(&excerpt)
                ),
            );
        }
    }
    stored.unwrap_or_else(|| Text::from(excerpt))
}

/// The first 80 characters of `s`, with an ellipsis if there is more.
pub(super) fn preview(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    fn source_text(s: &str) -> SourceText {
        SourceText::new(s)
    }

    #[test]
    fn stores_the_range_of_the_source_it_stands_in() {
        let mut r = report();
        let text = source_text("He said: “a  sphere\nof influence” today.");
        let stored = verbatim_in_source(
            &mut r,
            "statements.toml",
            "statement \"s\"",
            "src",
            "a sphere of *influence”",
            Some(&text),
        );
        assert!(r.errors.is_empty());
        assert_eq!(stored, "a sphere of influence\"");
        assert!(stored.shares_buffer(&text.folded));
    }

    #[test]
    fn rejects_a_blank_excerpt_and_one_not_in_the_source() {
        let mut r = report();
        let text = source_text("One country does not have the right.");
        let long = "word ".repeat(20);
        for excerpt in [" \n", "Two countries", long.as_str()] {
            verbatim_in_source(
                &mut r,
                "terms.toml",
                "term \"t\"",
                "src",
                excerpt,
                Some(&text),
            );
        }
        assert_eq!(
            shown(&r),
            [
                "terms.toml: term \"t\": `excerpt` is empty".to_string(),
                "terms.toml: term \"t\": `excerpt` is not found verbatim in source \"src\": \"Two countries\"".to_string(),
                format!(
                    "terms.toml: term \"t\": `excerpt` is not found verbatim in source \"src\": \"{}…\"",
                    &long[..80]
                ),
            ]
        );
    }

    #[test]
    fn an_unread_source_is_not_searched() {
        let mut r = report();
        let stored = verbatim_in_source(&mut r, "terms.toml", "term \"t\"", "src", "x", None);
        assert!(r.errors.is_empty());
        assert_eq!(stored, "x");
    }
}

//! Kinds of speech: a quotation has its words; the author's own argument is the author's.

use super::Report;

/// Rejects a direct quote (`kind = "direct"`) without `text`: a quotation shows the quoted
/// words themselves.
pub(super) fn direct_has_text(
    report: &mut Report,
    file: &str,
    label: &str,
    direct: bool,
    text: Option<&str>,
) {
    if direct && text.is_none() {
        report.error(
            file,
            Some(label),
            "kind is \"direct\" but there is no `text` (the quoted words)",
        );
    }
}

/// Rejects a statement whose kind and speakers disagree: an `argument` is the author's own
/// (its one speaker is the author entry of its source), and words the author reports or
/// quotes are someone else's, so a `reported` or `direct` statement does not name the author
/// as a speaker. What an author says about a person is the author's argument, with the person
/// among its `mentions`.
pub(super) fn argument_is_the_authors(
    report: &mut Report,
    label: &str,
    argument: bool,
    speakers: &[&str],
    author: Option<&str>,
) {
    let file = crate::FactKind::Statement.file();
    let by_author = |s: &&str| Some(*s) == author;
    if argument && !(speakers.len() == 1 && by_author(&speakers[0])) {
        let who = author.unwrap_or("(the source has no author entry)");
        report.error(
            file,
            Some(label),
            format!(
                "kind is \"argument\", the author's own, so `speakers` must be [\"{who}\"] only"
            ),
        );
    }
    if !argument && speakers.iter().any(by_author) {
        report.error(
            file,
            Some(label),
            "the source's author is a speaker: the author's own words are kind \"argument\"",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_a_direct_quote_without_its_words() {
        let mut r = report();
        direct_has_text(&mut r, "statements.toml", "s", true, Some("words"));
        direct_has_text(&mut r, "statements.toml", "s", false, None);
        assert!(r.errors.is_empty());
        direct_has_text(&mut r, "statements.toml", "s", true, None);
        assert_eq!(
            shown(&r),
            ["statements.toml: s: kind is \"direct\" but there is no `text` (the quoted words)"]
        );
    }

    #[test]
    fn rejects_an_argument_given_to_others_and_the_authors_words_as_reported() {
        let mut r = report();
        argument_is_the_authors(&mut r, "s", true, &["jafarli"], Some("jafarli"));
        argument_is_the_authors(&mut r, "s", false, &["putin"], Some("jafarli"));
        assert!(r.errors.is_empty());
        argument_is_the_authors(&mut r, "s", true, &["putin"], Some("jafarli"));
        argument_is_the_authors(&mut r, "s", false, &["jafarli", "putin"], Some("jafarli"));
        assert_eq!(
            shown(&r),
            [
                "statements.toml: s: kind is \"argument\", the author's own, so `speakers` must be [\"jafarli\"] only",
                "statements.toml: s: the source's author is a speaker: the author's own words are kind \"argument\"",
            ]
        );
    }
}

//! Article numbers.

use super::Report;
use crate::kind::FactKind;

/// Rejects an article with `number = 0`: drafts number their articles from 1, and what a
/// source says of a draft as a whole has no number at all.
pub(super) fn number_from_one(report: &mut Report, label: &str, number: Option<u32>) {
    if number == Some(0) {
        report.error(
            FactKind::Article.file(),
            Some(label),
            "`number` must be 1 or more (omit it for the draft as a whole)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_article_zero() {
        let mut r = report();
        for number in [Some(1), None, Some(0)] {
            number_from_one(&mut r, "article \"a\"", number);
        }
        assert_eq!(
            shown(&r),
            ["articles.toml: article \"a\": `number` must be 1 or more (omit it for the draft as a whole)"]
        );
    }
}

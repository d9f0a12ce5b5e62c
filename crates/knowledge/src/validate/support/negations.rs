//! Negations: a written field denies only what its excerpts deny.

use super::super::Report;
use super::{missing_words, report_missing, Passages, Written};
use crate::words::plain_words;

/// The negation words, after contractions are expanded ("doesn't" → "does not").
pub const NEGATIONS: &[&str] = &["not", "no", "never", "neither", "nor"];

/// Rejects a written field with a negation its excerpts do not hold: a "not" that is not in
/// the source turns its point around.
pub(crate) fn negations_in_excerpts(
    report: &mut Report,
    written: &Written<'_>,
    passages: &Passages<'_>,
) {
    let missing = missing_words(plain_words(written.text), |word| {
        NEGATIONS.contains(&word) && !passages.words.contains(word)
    });
    report_missing(
        report,
        written,
        "negates where its excerpts do not",
        &missing,
    );
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{report, shown};
    use super::super::test_support::{excerpts, field};
    use super::*;

    #[test]
    fn rejects_a_negation_the_excerpt_does_not_hold() {
        let e = excerpts(&["Modern Russia did not lose anything to anyone."]);
        let passages = Passages::new(&e);
        let mut r = report();
        negations_in_excerpts(&mut r, &field("text", "Russia didn't lose"), &passages);
        assert!(r.errors.is_empty());
        let bad = field("text", "Russia never lost, no doubt");
        negations_in_excerpts(&mut r, &bad, &passages);
        assert_eq!(
            shown(&r),
            ["statements.toml: statement \"s\": `text` negates where its excerpts do not: \"never\", \"no\" not in them"]
        );
    }
}

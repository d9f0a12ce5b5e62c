//! Direct quotes: a quoted `text` stands in its excerpt.

use super::Report;
use crate::fold::fold_text;

/// Rejects a direct statement or article (`kind = "direct"`) whose `text`, folded, is not
/// found in its excerpt: the bot presents a direct quote as the speaker's own words, so the
/// words must be the source's. `excerpt` is the stored one, already folded. Paraphrases
/// (`direct` false) are not checked.
pub(super) fn direct_quote_in_excerpt(
    report: &mut Report,
    file: &str,
    label: &str,
    direct: bool,
    text: &str,
    excerpts: &[crate::Text],
) {
    let text = fold_text(text);
    if direct && !excerpts.iter().any(|e| e.contains(text.as_str())) {
        report.error(
            file,
            Some(label),
            "kind is \"direct\" but `text` is not found in its excerpts",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_a_direct_quote_not_in_its_excerpt() {
        let mut r = report();
        let excerpt = &[crate::Text::from(
            "Blinken said: \"no sphere of influence\".",
        )][..];
        let (file, label) = ("statements.toml", "statement \"s\"");
        direct_quote_in_excerpt(
            &mut r,
            file,
            label,
            true,
            "no  sphere\nof influence",
            excerpt,
        );
        direct_quote_in_excerpt(&mut r, file, label, false, "a paraphrase", excerpt);
        direct_quote_in_excerpt(&mut r, file, label, true, "a sphere of influence", excerpt);
        assert_eq!(
            shown(&r),
            ["statements.toml: statement \"s\": kind is \"direct\" but `text` is not found in its excerpts"]
        );
    }
}

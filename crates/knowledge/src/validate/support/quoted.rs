//! Quotation marks: words a written field puts in quotation marks are the source's.

use super::super::Report;
use super::{Passages, Written};
use crate::fold::fold_text;

/// The parts of `text` (folded) between pairs of double quotation marks.
pub(crate) fn quoted_parts(text: &str) -> Vec<String> {
    fold_text(text)
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Rejects a written field with words in quotation marks that no excerpt holds verbatim
/// (folded): quotation marks tell a reader these are the source's own words.
pub(crate) fn quoted_in_excerpts(
    report: &mut Report,
    written: &Written<'_>,
    passages: &Passages<'_>,
) {
    for part in quoted_parts(written.text) {
        if !passages.excerpts.iter().any(|e| e.contains(part.as_str())) {
            written.error(
                report,
                format!("quotes \"{part}\", which no excerpt holds verbatim"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{report, shown};
    use super::super::test_support::{excerpts, field};
    use super::*;

    #[test]
    fn rejects_quoted_words_not_verbatim_in_the_excerpt() {
        let e = excerpts(&[
            "In the West's case, we have created the crisis, and we will help to resolve it.",
        ]);
        let passages = Passages::new(&e);
        let mut r = report();
        let ok = field("text", "“we have created the crisis”, it says");
        quoted_in_excerpts(&mut r, &ok, &passages);
        assert!(r.errors.is_empty());
        let bad = field("text", "\"we created the crisis, we will help resolve it\"");
        quoted_in_excerpts(&mut r, &bad, &passages);
        assert_eq!(
            shown(&r),
            ["statements.toml: statement \"s\": `text` quotes \"we created the crisis, we will help resolve it\", which no excerpt holds verbatim"]
        );
    }
}

//! Full sentences: an excerpt shown as a passage starts and ends where a sentence does.

use super::Report;
use crate::SourceText;

/// Whether the folded text before `offset` ends a sentence: its last mark (past closing
/// quotes and brackets) is `.`, `?` or `!`.
fn ends_sentence(before: &str) -> bool {
    let trimmed = before.trim_end().trim_end_matches(['"', ')', '\'']);
    trimmed.ends_with(['.', '?', '!'])
}

/// Rejects an excerpt (the stored range of `text`) that starts or ends inside a sentence: a
/// clause cut from its sentence ("have announced that Russia will resort …" without "While
/// declaring …", "the country" without the sentence naming it) can say what the sentence
/// does not. An excerpt starts at the start of the text, of a paragraph or after a
/// sentence's end, and ends with a sentence's end mark or at the end of a paragraph.
pub(super) fn full_sentences(
    report: &mut Report,
    file: &str,
    label: &str,
    excerpt: &crate::Text,
    text: &SourceText,
) {
    let Some(start) = text.offset_of(excerpt) else {
        return;
    };
    let end = start + excerpt.len();
    let folded = text.folded.as_str();
    let starts = start == 0 || text.paragraph_starts_at(start) || ends_sentence(&folded[..start]);
    let ends = end == folded.len() || text.paragraph_ends_at(end) || ends_sentence(excerpt);
    let what = match (starts, ends) {
        (true, true) => return,
        (false, true) => "starts inside a sentence",
        (true, false) => "ends inside a sentence",
        (false, false) => "starts and ends inside sentences",
    };
    report.error(
        file,
        Some(label),
        format!(
            "excerpt \"{}\" {what}: widen it to whole sentences",
            super::excerpts::preview(excerpt)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_excerpts_cut_inside_sentences() {
        let text = SourceText::new("# A heading\n\nWhile declaring this, officials have announced a response. He said \"No.\" Then:\nmore\n\nLast words here");
        let mut r = report();
        for ok in [
            "A heading",
            "While declaring this, officials have announced a response.",
            "He said \"No.\"",
            "Then: more",
            "Last words here",
        ] {
            let stored = text.find(ok).expect("in the text");
            full_sentences(&mut r, "f", "e", &stored, &text);
        }
        assert!(r.errors.is_empty(), "{:?}", shown(&r));
        let mut r = report();
        for bad in [
            "officials have announced a response.",
            "While declaring this",
            "declaring this",
        ] {
            let stored = text.find(bad).expect("in the text");
            full_sentences(&mut r, "f", "e", &stored, &text);
        }
        assert_eq!(
            shown(&r),
            [
                "f: e: excerpt \"officials have announced a response.\" starts inside a sentence: widen it to whole sentences",
                "f: e: excerpt \"While declaring this\" ends inside a sentence: widen it to whole sentences",
                "f: e: excerpt \"declaring this\" starts and ends inside sentences: widen it to whole sentences",
            ]
        );
    }
}

//! Context: the paragraph a cited passage stands in, so that "out of context" can be checked.

use crate::{Citation, Engine};

/// A cited passage in its paragraph (or paragraphs, when the passage runs over several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageContext {
    /// The document's title.
    pub source_title: String,
    /// How the document is dated ("early January 2022 …", "undated: …").
    pub source_dating: String,
    /// The paragraph, folded as passages are (white space runs as one space, markup removed).
    pub paragraph: String,
    /// Where the passage stands in `paragraph`, as a byte range.
    pub span: (usize, usize),
}

impl PassageContext {
    /// The paragraph's text before, in and after the passage.
    pub fn parts(&self) -> (&str, &str, &str) {
        let (a, b) = self.span;
        (
            &self.paragraph[..a],
            &self.paragraph[a..b],
            &self.paragraph[b..],
        )
    }
}

impl Engine {
    /// The context of passage `k` of a citation: its paragraph with the passage marked.
    /// `None` when the citation has no such passage or it is not in its source (never for
    /// a citation this engine made).
    pub fn context(&self, citation: &Citation, k: usize) -> Option<PassageContext> {
        let passage = citation.passages.get(k)?;
        let source = self.kb.source(&citation.source_id)?;
        let text = self.kb.source_text(&citation.source_id)?;
        let found = text.find(passage)?;
        let start = text.offset_of(&found)?;
        let end = start + found.len();
        let paragraphs = &text.paragraphs;
        let first = paragraphs
            .iter()
            .rfind(|&&(a, _)| a <= start)
            .map_or(start, |&(a, _)| a);
        let last = paragraphs
            .iter()
            .find(|&&(_, b)| b >= end)
            .map_or(end, |&(_, b)| b);
        Some(PassageContext {
            source_title: source.title.to_string(),
            source_dating: source.published_note.to_string(),
            paragraph: text.folded[first..last].to_string(),
            span: (start - first, end - first),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::shipped_engine;

    #[test]
    fn every_cited_passage_has_its_paragraph_with_the_passage_marked() {
        let e = shipped_engine();
        let kb = e.knowledge();
        let mut seen = 0;
        for i in 0..kb.statements().len() {
            let item = e.statement_item(i);
            let c = item.citation.expect("a statement cites");
            for (k, passage) in c.passages.iter().enumerate() {
                let ctx = e.context(&c, k).expect("a context");
                let (_, marked, _) = ctx.parts();
                assert_eq!(marked, passage);
                assert!(ctx.paragraph.len() >= passage.len());
                seen += 1;
            }
        }
        assert!(seen >= kb.statements().len());
        // Blinken's quotation stands in the paragraph that reports the Western response.
        let a = e
            .respond("!", "!who-said dustbin of history")
            .expect("a command");
        let c = a.items[0].citation.clone().expect("cited");
        let ctx = e.context(&c, 0).expect("a context");
        let (before, _, after) = ctx.parts();
        assert!(
            before.contains("Even before the negotiations started"),
            "{before}"
        );
        assert!(after.contains("Stoltenberg"), "{after}");
        assert!(e.context(&c, 9).is_none());
    }
}

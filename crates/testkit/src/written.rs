//! Answers with every text written out, for assertions on what a user reads.

use factbot_engine::{Answer, AnswerKind, Citation, Syntax};

/// An [`Answer`] with its texts written in one syntax: plain strings to assert on.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// What the answer is about.
    pub kind: AnswerKind,
    /// The title.
    pub title: String,
    /// The fuzzy-match notice.
    pub notice: Option<String>,
    /// The summary paragraph.
    pub summary: Option<String>,
    /// The items.
    pub items: Vec<WrittenItem>,
    /// "Did you mean" candidates.
    pub suggestions: Vec<String>,
}

/// An item of a [`Written`] answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenItem {
    /// The heading.
    pub heading: String,
    /// The body.
    pub body: String,
    /// The citation.
    pub citation: Option<Citation>,
    /// The relatedness score.
    pub score: Option<f32>,
}

impl Written {
    /// Writes every text of `answer` in `syntax`.
    pub fn new(answer: &Answer, syntax: Syntax<'_>) -> Written {
        Written {
            kind: answer.kind,
            title: answer.title.write(syntax),
            notice: answer.notice.clone(),
            summary: answer.summary.as_ref().map(|s| s.write(syntax)),
            items: answer
                .items
                .iter()
                .map(|i| WrittenItem {
                    heading: i.heading.write(syntax),
                    body: i.body.write(syntax),
                    citation: i.citation.clone(),
                    score: i.score,
                })
                .collect(),
            suggestions: answer.suggestions.iter().map(|s| s.write(syntax)).collect(),
        }
    }

    /// As the console writes it, after `!`.
    pub fn console(answer: &Answer) -> Written {
        Written::new(answer, Syntax::Prefix("!"))
    }

    /// Whether the answer presents facts.
    pub fn has_facts(&self) -> bool {
        self.items.iter().any(|i| i.citation.is_some())
    }
}

//! The structured reply every command produces; front ends only render it.

/// Facts one answer lists at most. A listing with more says how many it left out and how to
/// narrow the query: past a few pages nobody reads on, and building thousands of items for a
/// chat reply costs more than the lookup itself.
pub const MAX_ITEMS: usize = 50;

/// What an answer is about; front ends pick colours and icons from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    /// Draft treaty articles.
    Article,
    /// Statements by or matching someone.
    Statements,
    /// Dated events.
    Timeline,
    /// Who a person is.
    Person,
    /// Glossary entries.
    Definition,
    /// Ranked hits across all kinds.
    Search,
    /// Passages related to a claim.
    Check,
    /// The source documents.
    Sources,
    /// Command help.
    Help,
    /// Only suggestions: the query matched weakly ("did you mean").
    Suggestions,
    /// The fact base has nothing on the query.
    NotFound,
    /// The command was used wrongly or is unknown.
    Usage,
}

/// Where an item's fact comes from: the document and the verbatim passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The source document's id.
    pub source_id: String,
    /// The document's full title.
    pub source_title: String,
    /// A short name for the document ("Jafarli, January 2022").
    pub source_short: String,
    /// The verbatim passage (markup removed, white space folded).
    pub excerpt: String,
}

/// One fact (or one line of help) in an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// A short heading ("Article 4 (US draft)", "Antony Blinken, direct quote").
    pub heading: String,
    /// The fact itself, in plain text.
    pub body: String,
    /// The source it stands on; `None` only for help and usage lines.
    pub citation: Option<Citation>,
    /// Relatedness in 0..=1 where the command ranks (search, check).
    pub score: Option<f32>,
}

/// A command's complete reply, independent of how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub kind: AnswerKind,
    /// One line saying what this is ("Article 4", "Statements by Antony Blinken").
    pub title: String,
    /// What a fuzzy hit matched ("Showing results for Antony Blinken (you typed "blinkin")").
    pub notice: Option<String>,
    /// A paragraph before the items (explanations, "the fact base has nothing on …").
    pub summary: Option<String>,
    /// The facts, best first.
    pub items: Vec<Item>,
    /// "Did you mean" candidates, deduplicated by what they point to.
    pub suggestions: Vec<String>,
}

impl Answer {
    /// An answer of the given kind and title with nothing else yet.
    pub fn new(kind: AnswerKind, title: impl Into<String>) -> Answer {
        Answer {
            kind,
            title: title.into(),
            notice: None,
            summary: None,
            items: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// Sets the summary paragraph.
    pub fn with_summary(mut self, summary: impl Into<String>) -> Answer {
        self.summary = Some(summary.into());
        self
    }

    /// Sets the fuzzy-match notice.
    pub fn with_notice(mut self, notice: impl Into<String>) -> Answer {
        self.notice = Some(notice.into());
        self
    }

    /// Whether the answer presents facts (as opposed to help, suggestions or "nothing").
    pub fn has_facts(&self) -> bool {
        self.items.iter().any(|i| i.citation.is_some())
    }
}

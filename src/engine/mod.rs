//! The pure command engine: message text in, a structured [`Answer`] out.
//!
//! No I/O and no Discord types live here, so every behaviour is unit-testable.

mod answer;

pub use answer::{Answer, AnswerKind, Citation, Item};

use std::sync::Arc;

use crate::knowledge::KnowledgeBase;

/// What an autocomplete request is completing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// People, groups and documents that speak.
    Person,
    /// Glossary terms.
    Term,
    /// Years and event keywords for `timeline`.
    Timeline,
    /// Anything searchable.
    Any,
}

/// The engine over one immutable fact base. Cheap to share; build a new one to reload.
pub struct Engine {
    kb: Arc<KnowledgeBase>,
    prefix: String,
}

impl Engine {
    /// Builds the engine (and its lookup indexes) over a loaded fact base.
    pub fn new(kb: Arc<KnowledgeBase>, prefix: &str) -> Engine {
        Engine {
            kb,
            prefix: prefix.to_string(),
        }
    }

    /// The fact base this engine answers from.
    pub fn knowledge(&self) -> &Arc<KnowledgeBase> {
        &self.kb
    }

    /// The command prefix (`!` by default).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Answers a chat message; `None` when it is not a command (no prefix).
    pub fn respond(&self, message: &str) -> Option<Answer> {
        let rest = message.trim_start().strip_prefix(self.prefix.as_str())?;
        let rest = rest.trim_start();
        let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        Some(self.run(name, args))
    }

    /// Runs one command by name (without prefix) with its argument text.
    pub fn run(&self, name: &str, args: &str) -> Answer {
        let _ = (name, args);
        Answer::new(AnswerKind::Usage, "not yet")
    }

    /// Up to `limit` completions for a partially typed option value, best first.
    pub fn complete(&self, what: Completion, partial: &str, limit: usize) -> Vec<String> {
        let _ = (what, partial, limit);
        Vec::new()
    }
}

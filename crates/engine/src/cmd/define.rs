//! `define TERM`: a glossary entry.

use super::{CommandSpec, OptionKind, OptionSpec, TextCommand};
use crate::{Answer, AnswerKind, Engine};

/// A glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Define {
    /// The term as typed.
    pub term: String,
}

impl TextCommand for Define {
    const SPEC: CommandSpec = CommandSpec {
        name: "define",
        aliases: &["term", "glossary", "what-is", "whatis", "def"],
        synopsis: "TERM",
        about: "A term from the glossary, explained from the documents.",
        description: "Define a term from the glossary",
        options: &[OptionSpec {
            name: "term",
            placeholder: "TERM",
            description: "The term",
            required: true,
            kind: OptionKind::Text,
        }],
        examples: &["Yalta 2.0", "Minsk agreements", "SWIFT"],
    };
    fn from_text(term: String) -> Define {
        Define { term }
    }

    fn answer_text(&self, engine: &Engine) -> Answer {
        let name = |i: usize| engine.knowledge().terms()[i].term.to_string();
        let term = |f| match f {
            crate::index::words::FactRef::Term(i) => Some(i),
            _ => None,
        };
        let by_words: &dyn Fn(crate::index::words::FactRef) -> Option<usize> = &term;
        match engine.resolve_name(
            &engine.names.terms,
            &self.term,
            "term",
            name,
            Some((crate::index::words::FactKinds::TERMS, by_words)),
        ) {
            Ok((i, notice)) => {
                let mut answer = Answer::new(
                    AnswerKind::Definition,
                    engine.knowledge().terms()[i].term.to_string(),
                );
                answer.notice = notice;
                answer.items.push(engine.term_item(i));
                answer
            }
            Err(miss) => *miss,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{Cmd, Missing};
    use crate::shipped_engine;

    #[test]
    fn defines_a_term_and_needs_one() {
        assert_eq!(Define::parse(""), Err(Missing));
        let a = Define::parse("swift").unwrap().answer(shipped_engine());
        assert_eq!(a.kind, AnswerKind::Definition);
        assert!(a.has_facts());
    }
}

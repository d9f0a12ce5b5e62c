//! `sources`: the documents the fact base is drawn from.

use std::convert::Infallible;

use super::{reject_nothing, Cmd, CommandSpec};
use crate::{Answer, AnswerKind, Engine, Item, Text, MAX_ITEMS};

/// The documents the fact base is drawn from. Takes no arguments (and ignores any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources;

impl Cmd for Sources {
    const SPEC: CommandSpec = CommandSpec {
        name: "sources",
        aliases: &["source", "documents", "docs"],
        synopsis: "",
        about: "The documents the fact base is drawn from.",
        description: "The source documents the facts come from",
        options: &[],
        examples: &[],
    };
    type Error = Infallible;

    fn parse(_args: &str) -> Result<Sources, Infallible> {
        Ok(Sources)
    }

    fn answer(&self, engine: &Engine) -> Answer {
        answer(engine)
    }

    fn reject(error: &Infallible, engine: &Engine) -> Answer {
        reject_nothing(error, engine)
    }
}

fn answer(engine: &Engine) -> Answer {
    let kb = engine.knowledge();
    let mut summary = Text::from(format!(
        "Every answer cites one of these {} documents and the verbatim passage it stands on. Nothing else is a source of facts.",
        kb.sources().len(),
    ));
    summary.append(Engine::truncation_note(
        kb.sources().len(),
        "Every answer names the document it stands on.".into(),
    ));
    let mut answer = Answer::new(AnswerKind::Sources, "Sources").with_summary(summary);
    for (s, facts) in kb
        .sources()
        .iter()
        .zip(&engine.facts_per_source)
        .take(MAX_ITEMS)
    {
        // The note says how the text is dated, "undated" included: never a date of our own.
        let dated = format!("Dating: {}", s.published_note);
        answer.items.push(Item {
            heading: s.title.to_string().into(),
            body: format!("By {}. {dated}. {facts} facts drawn from it.", s.author).into(),
            citation: Some(engine.cite(&s.id, &[])),
            score: None,
        });
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_document_and_ignores_arguments() {
        assert_eq!(Sources::parse("extra words"), Ok(Sources));
        let e = crate::shipped_engine();
        let a = Sources.answer(e);
        assert_eq!(a.items.len(), e.knowledge().sources().len());
        assert!(a.items.iter().all(|i| i.citation.is_some()));
    }
}

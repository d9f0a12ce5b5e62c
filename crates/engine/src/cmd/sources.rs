//! `sources`: the documents the fact base is drawn from.

use super::super::{Answer, AnswerKind, Engine, Item, MAX_ITEMS};

pub fn answer(engine: &Engine) -> Answer {
    let kb = engine.knowledge();
    let mut answer = Answer::new(AnswerKind::Sources, "Sources").with_summary(format!(
        "Every answer cites one of these {} documents and the verbatim passage it stands on. Nothing else is a source of facts.{}",
        kb.sources.len(),
        Engine::capped(kb.sources.len(), "Every answer names the document it stands on.")
    ));
    for (s, facts) in kb
        .sources
        .iter()
        .zip(&engine.facts_per_source)
        .take(MAX_ITEMS)
    {
        let note = s
            .published_note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        answer.items.push(Item {
            heading: s.title.to_string(),
            body: format!(
                "By {}. Published {}{note}. {facts} facts drawn from it.",
                s.author, s.published
            ),
            citation: Some(engine.cite(&s.id, &s.title)),
            score: None,
        });
    }
    answer
}

//! `define TERM`: a glossary entry.

use super::super::{Answer, AnswerKind, Engine};

pub fn answer(engine: &Engine, args: &str) -> Answer {
    if args.is_empty() {
        return engine.usage("define");
    }
    match engine.resolve(&engine.terms, args, "term", |i| {
        engine.knowledge().terms[i].term.to_string()
    }) {
        Ok((i, notice)) => {
            let mut answer = Answer::new(
                AnswerKind::Definition,
                engine.knowledge().terms[i].term.to_string(),
            );
            answer.notice = notice;
            answer.items.push(engine.term_item(i));
            answer
        }
        Err(miss) => *miss,
    }
}

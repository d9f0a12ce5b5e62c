//! `who PERSON`: who someone is in these documents.

use super::super::{Answer, AnswerKind, Engine};

pub fn answer(engine: &Engine, args: &str) -> Answer {
    if args.is_empty() {
        return engine.usage("who");
    }
    match engine.resolve(&engine.people, args, "person or group", |i| {
        engine.knowledge().people[i].name.to_string()
    }) {
        Ok((i, notice)) => {
            let p = &engine.knowledge().people[i];
            let mut answer = Answer::new(AnswerKind::Person, format!("Who is {}?", p.name));
            answer.notice = notice;
            answer.items.push(engine.person_item(i));
            answer
        }
        Err(miss) => *miss,
    }
}

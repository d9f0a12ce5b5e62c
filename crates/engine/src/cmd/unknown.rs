//! A name that is no command: "did you mean" over command names.

use super::super::text::shorten;
use super::super::{Answer, AnswerKind, Engine};
use super::COMMANDS;
use crate::matcher::Lookup;

pub fn answer(engine: &Engine, name: &str) -> Answer {
    let p = engine.prefix();
    let shown = shorten(name, 40);
    let mut answer = Answer::new(AnswerKind::Usage, "Unknown command");
    let suggestions = match engine.commands.lookup(name, 3) {
        Lookup::Exact { target } | Lookup::Close { target, .. } => vec![target],
        Lookup::Weak { suggestions } => suggestions,
        Lookup::Nothing => Vec::new(),
    };
    answer.suggestions = suggestions
        .iter()
        .map(|&i| format!("{p}{}", COMMANDS[i].name))
        .collect();
    let text = if shown.is_empty() {
        format!("Type a command after {p}. {p}help lists them.")
    } else {
        format!("There is no command {p}{shown}. {p}help lists the commands.")
    };
    answer.with_summary(text)
}

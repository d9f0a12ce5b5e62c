//! A name that is no command: "did you mean" over command names.

use super::{Cmd, COMMANDS};
use crate::index::names::Lookup;
use crate::index::normalize::shorten;
use crate::{Answer, AnswerKind, CommandRef, Engine, Span, Text};

/// A command name that names no command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The name as typed.
    pub name: String,
}

impl Unknown {
    /// "There is no command …", with the closest command names.
    pub fn answer(&self, engine: &Engine) -> Answer {
        let shown = shorten(&self.name, 40);
        let mut answer = Answer::new(AnswerKind::Usage, "Unknown command");
        let suggestions = match engine.names.commands.lookup(&self.name, 3) {
            Lookup::Exact { target } | Lookup::Close { target, .. } => vec![target],
            Lookup::Weak { suggestions } => suggestions,
            Lookup::Nothing => Vec::new(),
        };
        answer.suggestions = suggestions
            .iter()
            .map(|&i| CommandRef::bare(COMMANDS[i]).into())
            .collect();
        let help = || CommandRef::bare(&super::Help::SPEC);
        let mut text = Text::new();
        if shown.is_empty() {
            text.push_str("Type a command after ")
                .push(Span::Prefix)
                .push_str(". ")
                .command(help())
                .push_str(" lists them.");
        } else {
            text.push_str("There is no command ")
                .push(Span::Prefix)
                .push_str(&shown)
                .push_str(". ")
                .command(help())
                .push_str(" lists the commands.");
        }
        answer.with_summary(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Syntax;

    #[test]
    fn suggests_the_closest_commands_in_the_front_ends_syntax() {
        let a = Unknown {
            name: "timline".into(),
        }
        .answer(crate::shipped_engine());
        assert_eq!(a.kind, AnswerKind::Usage);
        assert_eq!(a.suggestions[0].write(Syntax::Prefix("?")), "?timeline");
        assert_eq!(
            a.summary.as_ref().unwrap().write(Syntax::Prefix("?")),
            "There is no command ?timline. ?help lists the commands."
        );
    }
}

//! `help [command]`: the commands, from the one registry every front end shares.

use std::convert::Infallible;

use super::{alias, find, reject_nothing, Cmd, CommandSpec, OptionKind, OptionSpec, COMMANDS};
use crate::index::normalize::shorten;
use crate::{Answer, AnswerKind, CommandRef, Engine, Item, Span, Text};

/// The commands, or one command in detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// The command asked about, as typed (a leading prefix such as `!` or `/` is dropped).
    pub command: Option<String>,
}

impl Cmd for Help {
    const SPEC: CommandSpec = CommandSpec {
        name: "help",
        aliases: &["commands", "h", "?"],
        synopsis: "[COMMAND]",
        about: "The commands, or one command in detail.",
        description: "How to use the bot",
        options: &[OptionSpec {
            name: "command",
            placeholder: "COMMAND",
            description: "A command to explain",
            required: false,
            kind: OptionKind::Text,
        }],
        examples: &["", "who-said"],
    };
    type Error = Infallible;

    fn parse(args: &str) -> Result<Help, Infallible> {
        // `help !article` and `help /article` ask about `article`; `?` is itself a name.
        let wanted = args.trim();
        let wanted = if wanted.chars().all(|c| c == '?') {
            wanted
        } else {
            wanted.trim_start_matches(|c: char| !c.is_alphanumeric())
        };
        Ok(Help {
            command: (!wanted.is_empty()).then(|| wanted.to_string()),
        })
    }

    fn answer(&self, engine: &Engine) -> Answer {
        match &self.command {
            None => overview(),
            Some(wanted) => match find(wanted) {
                Some(spec) => detail(spec),
                None => {
                    let mut answer = super::Unknown {
                        name: wanted.clone(),
                    }
                    .answer(engine);
                    answer.kind = AnswerKind::Help;
                    answer.title = format!("No help for {}", shorten(wanted, 40)).into();
                    answer
                }
            },
        }
    }

    fn reject(error: &Infallible, engine: &Engine) -> Answer {
        reject_nothing(error, engine)
    }
}

/// Every command, one line each.
fn overview() -> Answer {
    let mut summary = Text::from(
        "factbot answers from a fact base drawn from two documents on Russia's December 2021 draft security \
         treaties with the US and NATO. Every answer cites its source; when the fact base does not cover \
         something, it says so. Names are matched fuzzily. ",
    );
    summary
        .command(CommandRef::with_text(&Help::SPEC, "COMMAND"))
        .push_str(" for details.");
    let mut answer = Answer::new(AnswerKind::Help, "factbot commands").with_summary(summary);
    for &spec in COMMANDS {
        answer.items.push(Item {
            heading: Text::span(Span::Synopsis(spec)),
            body: spec.about.into(),
            citation: None,
            score: None,
        });
    }
    answer
}

/// One command: what it does, its other names, its examples.
fn detail(spec: &'static CommandSpec) -> Answer {
    let mut body = Text::from(spec.about);
    if !spec.aliases.is_empty() {
        body.push_str("\nAlso: ");
        for (k, a) in spec.aliases.iter().enumerate() {
            if k > 0 {
                body.push_str(", ");
            }
            body.append(alias(a));
        }
    }
    if !spec.examples.is_empty() {
        body.push_str("\nExamples: ").push(Span::Examples(spec));
    }
    let mut answer = Answer::new(AnswerKind::Help, CommandRef::bare(spec));
    answer.items.push(Item {
        heading: Text::span(Span::Synopsis(spec)),
        body,
        citation: None,
        score: None,
    });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Syntax;

    #[test]
    fn a_prefix_before_the_name_is_dropped() {
        for s in ["article", "!article", "/article", " !article "] {
            assert_eq!(
                Help::parse(s),
                Ok(Help {
                    command: Some("article".into())
                })
            );
        }
        assert_eq!(Help::parse("?").unwrap().command.as_deref(), Some("?"));
        assert_eq!(Help::parse("").unwrap().command, None);
    }

    #[test]
    fn slash_users_are_told_slash_syntax() {
        let e = crate::shipped_engine();
        let a = Help::parse("article").unwrap().answer(e);
        let slash = Syntax::Slash { prefix: "!" };
        assert_eq!(a.title.write(slash), "/article");
        assert_eq!(
            a.items[0].heading.write(slash),
            "/article number:N [draft:us|nato]"
        );
        let body = a.items[0].body.write(slash);
        assert!(body.contains("Examples: /article number:4"), "{body}");
        assert!(!body.contains("!article 4"), "{body}");
        // Aliases only exist as text commands.
        assert!(body.contains("Also: !art, !articles"), "{body}");
        let prefix = a.items[0].body.write(Syntax::Prefix("!"));
        assert!(
            prefix.contains("Examples: !article 4 · !article IV us · !article seventh nato"),
            "{prefix}"
        );
    }

    #[test]
    fn every_command_with_examples_has_one_a_slash_user_can_type() {
        for spec in COMMANDS {
            if !spec.examples.is_empty() {
                assert!(
                    !spec.examples_in(Syntax::Slash { prefix: "!" }).is_empty(),
                    "{}",
                    spec.name
                );
            }
        }
    }
}

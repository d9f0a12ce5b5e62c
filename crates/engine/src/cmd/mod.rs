//! The commands: each a type in its own file (its arguments, its [`CommandSpec`], its parser
//! with a typed error, its answer and its tests), and one registry that parses, dispatches
//! and lists them for help, "did you mean" and every front end.
//!
//! Adding a command is one file and one line in `registry!`'s invocation below.

pub mod article;
mod attribution;
pub mod check;
pub mod define;
pub mod help;
pub mod search;
pub mod sources;
pub mod timeline;
pub mod unknown;
pub mod who;
pub mod who_said;

use std::convert::Infallible;

use crate::{Answer, Engine, Span, Syntax, Text};

pub use article::Article;
pub use check::Check;
pub use define::Define;
pub use help::Help;
pub use search::Search;
pub use sources::Sources;
pub use timeline::Timeline;
pub use unknown::Unknown;
pub use who::Who;
pub use who_said::WhoSaid;

/// What a command is: its names and its documentation, for help, "did you mean" and the
/// front ends that register commands (names, aliases and descriptions of slash commands).
#[derive(Debug, PartialEq, Eq)]
pub struct CommandSpec {
    /// Canonical name (`who-said`), also the slash command's name.
    pub name: &'static str,
    /// Other names that run it as a text command.
    pub aliases: &'static [&'static str],
    /// Argument synopsis of the text command (`N [us|nato]`).
    pub synopsis: &'static str,
    /// What it does, for help.
    pub about: &'static str,
    /// The slash command's description (Discord: at most 100 characters).
    pub description: &'static str,
    /// The slash command's options, in the order a text command takes them.
    pub options: &'static [OptionSpec],
    /// Example arguments as a text command takes them.
    pub examples: &'static [&'static str],
}

/// One option of a slash command.
#[derive(Debug, PartialEq, Eq)]
pub struct OptionSpec {
    /// The option's name (`who`).
    pub name: &'static str,
    /// What stands for its value in a synopsis (`PERSON or QUOTE`).
    pub placeholder: &'static str,
    /// The option's description (Discord: at most 100 characters).
    pub description: &'static str,
    /// Whether the slash command requires it.
    pub required: bool,
    /// What values it takes.
    pub kind: OptionKind,
}

/// The values a slash option takes.
#[derive(Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// Free text.
    Text,
    /// A whole number in this range.
    Integer {
        /// Smallest value.
        min: u32,
        /// Largest value.
        max: u32,
    },
    /// One of these names.
    Choice(&'static [&'static str]),
}

impl OptionKind {
    /// Whether a slash user could give `value` for this option.
    pub fn accepts(&self, value: &str) -> bool {
        match self {
            OptionKind::Text => true,
            OptionKind::Integer { min, max } => value
                .parse::<u32>()
                .is_ok_and(|n| (*min..=*max).contains(&n)),
            OptionKind::Choice(names) => names.contains(&value),
        }
    }
}

impl CommandSpec {
    /// Writes the synopsis: `!article N [us|nato]` or `/article number:N [draft:us|nato]`.
    pub fn write_synopsis(&self, syntax: Syntax<'_>, out: &mut String) {
        match syntax {
            Syntax::Prefix(p) => {
                out.push_str(p);
                out.push_str(self.name);
                if !self.synopsis.is_empty() {
                    out.push(' ');
                    out.push_str(self.synopsis);
                }
            }
            Syntax::Slash { .. } => {
                out.push('/');
                out.push_str(self.name);
                for o in self.options {
                    let (open, close) = if o.required { ("", "") } else { ("[", "]") };
                    out.push_str(&format!(" {open}{}:{}{close}", o.name, o.placeholder));
                }
            }
        }
    }

    /// The examples as references, leaving out those a slash user could not type in `syntax`.
    pub fn examples_in(&'static self, syntax: Syntax<'_>) -> Vec<crate::CommandRef> {
        self.examples
            .iter()
            .map(|e| crate::CommandRef::with_text(self, e))
            .filter(|c| matches!(syntax, Syntax::Prefix(_)) || c.fits_options())
            .collect()
    }
}

/// A command as a type: what `registry!` needs of each one.
pub trait Cmd: Sized {
    /// The command's names and documentation.
    const SPEC: CommandSpec;
    /// Why its argument text could not be read.
    type Error;
    /// Reads the argument text of a text command (already trimmed).
    fn parse(args: &str) -> Result<Self, Self::Error>;
    /// Answers from the engine's fact base.
    fn answer(&self, engine: &Engine) -> Answer;
    /// The answer to argument text that could not be read.
    fn reject(error: &Self::Error, engine: &Engine) -> Answer;
}

/// The argument error of commands whose one argument is required text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing;

/// A command whose one argument is required text (a name, words, a claim): it implements
/// [`Cmd`] through this, with [`Missing`] as its error and its usage as the answer to it.
pub trait TextCommand: Sized {
    /// The command's names and documentation.
    const SPEC: CommandSpec;
    /// The command with its (non-empty, trimmed) text.
    fn from_text(text: String) -> Self;
    /// Answers from the engine's fact base.
    fn answer_text(&self, engine: &Engine) -> Answer;
}

impl<T: TextCommand> Cmd for T {
    const SPEC: CommandSpec = T::SPEC;
    type Error = Missing;

    fn parse(args: &str) -> Result<T, Missing> {
        if args.trim().is_empty() {
            Err(Missing)
        } else {
            Ok(T::from_text(crate::query::clean(args)))
        }
    }

    fn answer(&self, engine: &Engine) -> Answer {
        self.answer_text(engine)
    }

    fn reject(_: &Missing, engine: &Engine) -> Answer {
        engine.usage(&<T as TextCommand>::SPEC)
    }
}

/// The answer to an [`Infallible`] parse (there is none).
pub(crate) fn reject_nothing(error: &Infallible, _: &Engine) -> Answer {
    match *error {}
}

/// Declares the registry: the [`Command`] enum, its argument errors, [`COMMANDS`] in help
/// order, and the parse and dispatch between them.
macro_rules! registry {
    ($($variant:ident),* $(,)?) => {
        /// Every command, in help order.
        pub const COMMANDS: &[&CommandSpec] = &[$(&<$variant as Cmd>::SPEC),*];

        /// A parsed command: a typed command, arguments that did not parse, or a name that is
        /// no command.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Command {
            $(
                #[doc = concat!("A valid `", stringify!($variant), "` command.")]
                $variant($variant),
            )*
            /// A known command whose arguments could not be read.
            Invalid(ArgError),
            /// A name that is no command.
            Unknown(Unknown),
        }

        /// Why a known command's arguments could not be read.
        #[derive(Debug, Clone, PartialEq)]
        pub enum ArgError {
            $(
                #[doc = concat!("`", stringify!($variant), "`'s error.")]
                $variant(<$variant as Cmd>::Error),
            )*
        }

        /// The parsers, in [`COMMANDS`] order.
        const PARSERS: &[fn(&str) -> Command] = &[$(
            |args| match <$variant as Cmd>::parse(args) {
                Ok(c) => Command::$variant(c),
                Err(e) => Command::Invalid(ArgError::$variant(e)),
            }
        ),*];

        impl Command {
            /// Answers the command from the engine's fact base.
            pub fn apply(&self, engine: &Engine) -> Answer {
                match self {
                    $(Command::$variant(c) => c.answer(engine),)*
                    $(Command::Invalid(ArgError::$variant(e)) => <$variant as Cmd>::reject(e, engine),)*
                    Command::Unknown(u) => u.answer(engine),
                }
            }
        }
    };
}

registry!(Article, WhoSaid, Timeline, Who, Define, Search, Check, Sources, Help);

/// The key command names compare under: lowercase letters, digits and `?` only (so `-`
/// and `_` are optional).
fn command_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == '?')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The position in [`COMMANDS`] of the command a name (or alias) refers to, in any case,
/// with `-`/`_` optional.
fn position(name: &str) -> Option<usize> {
    let k = command_key(name);
    if k.is_empty() {
        return None;
    }
    COMMANDS
        .iter()
        .position(|s| command_key(s.name) == k || s.aliases.iter().any(|a| command_key(a) == k))
}

/// The spec a command name (or alias) refers to, in any case, with `-`/`_` optional.
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    position(name).map(|i| COMMANDS[i])
}

impl Command {
    /// Parses a command name and its argument text.
    pub fn parse(name: &str, args: &str) -> Command {
        match position(name) {
            Some(i) => PARSERS[i](args.trim()),
            None => Command::Unknown(Unknown {
                name: name.to_string(),
            }),
        }
    }
}

/// `text` with a reference to a command appended: `"… ("` + `!timeline 2014` + `")."`.
pub(crate) fn text_with(before: &str, command: crate::CommandRef, after: &str) -> Text {
    let mut t = Text::from(before);
    t.command(command);
    t.push_str(after);
    t
}

/// A text naming the text-command prefix followed by `name`, as aliases are written.
pub(crate) fn alias(name: &str) -> Text {
    let mut t = Text::span(Span::Prefix);
    t.push_str(name);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_and_separators() {
        for n in ["who-said", "whosaid", "who_said", "WHO-SAID", "Who_Said"] {
            assert_eq!(
                Command::parse(n, "x"),
                Command::WhoSaid(WhoSaid { query: "x".into() }),
                "{n}"
            );
        }
        assert_eq!(
            Command::parse("TimeLine", ""),
            Command::Timeline(Timeline {
                when: timeline::When::All
            })
        );
        assert_eq!(
            Command::parse("timline", ""),
            Command::Unknown(Unknown {
                name: "timline".into()
            })
        );
        assert_eq!(
            Command::parse("", ""),
            Command::Unknown(Unknown {
                name: String::new()
            })
        );
    }

    #[test]
    fn every_alias_reaches_its_command() {
        for spec in COMMANDS {
            for a in spec.aliases {
                assert_eq!(find(a).map(|s| s.name), Some(spec.name), "{a}");
            }
        }
    }

    #[test]
    fn a_missing_argument_is_a_typed_error() {
        assert_eq!(
            Command::parse("who", "  "),
            Command::Invalid(ArgError::Who(Missing))
        );
    }

    #[test]
    fn no_name_runs_two_commands() {
        let mut owner = std::collections::HashMap::new();
        for s in COMMANDS {
            for n in std::iter::once(s.name).chain(s.aliases.iter().copied()) {
                let previous = owner.insert(command_key(n), s.name);
                assert!(
                    previous.is_none_or(|p| p == s.name),
                    "{n} names {previous:?} and {}",
                    s.name
                );
            }
        }
    }

    #[test]
    fn specs_fit_discord() {
        for s in COMMANDS {
            assert!(
                !s.description.is_empty() && s.description.chars().count() <= 100,
                "{}",
                s.name
            );
            assert!(
                s.name.len() <= 32 && s.name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            );
            for o in s.options {
                assert!(
                    !o.description.is_empty() && o.description.chars().count() <= 100,
                    "{}.{}",
                    s.name,
                    o.name
                );
                assert!(o.name.len() <= 32 && o.name.chars().all(|c| c.is_ascii_lowercase()));
            }
            // Required options come first, as Discord demands.
            assert!(
                s.options
                    .windows(2)
                    .all(|w| w[0].required || !w[1].required),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn synopses_in_both_syntaxes() {
        let mut out = String::new();
        Article::SPEC.write_synopsis(Syntax::Prefix("!"), &mut out);
        assert_eq!(out, "!article N [us|nato]");
        out.clear();
        Article::SPEC.write_synopsis(Syntax::Slash { prefix: "!" }, &mut out);
        assert_eq!(out, "/article number:N [draft:us|nato]");
    }

    #[test]
    fn slash_examples_are_ones_a_slash_user_can_type() {
        let slash = Article::SPEC.examples_in(Syntax::Slash { prefix: "!" });
        assert!(!slash.is_empty());
        assert!(slash.iter().all(|c| c.fits_options()));
        assert!(Article::SPEC.examples_in(Syntax::Prefix("!")).len() > slash.len());
    }
}

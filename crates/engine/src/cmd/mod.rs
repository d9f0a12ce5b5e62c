//! The commands: one file each, one enum that parses and dispatches.

pub(crate) mod article;
mod check;
mod define;
mod help;
mod search;
mod sources;
mod timeline;
mod unknown;
mod who;
mod who_said;

use super::{Answer, Engine};

/// What a command is, for help, "did you mean" and front ends that register commands.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Canonical name (`who-said`).
    pub name: &'static str,
    /// Other names that run it.
    pub aliases: &'static [&'static str],
    /// Argument synopsis.
    pub args: &'static str,
    /// One line on what it does.
    pub about: &'static str,
    /// Example arguments.
    pub examples: &'static [&'static str],
}

/// Every command, in help order.
pub const COMMANDS: &[Spec] = &[
    Spec {
        name: "article",
        aliases: &["art", "articles"],
        args: "N [us|nato]",
        about: "What the documents say of article N of Russia's draft treaty with the US or agreement with NATO.",
        examples: &["4", "IV us", "seventh nato"],
    },
    Spec {
        name: "who-said",
        aliases: &["whosaid", "who_said", "quote", "said"],
        args: "PERSON or QUOTE",
        about: "A person's statements, quoted or reported; or who said a quote or fragment.",
        examples: &["Blinken", "dustbin of history", "Путин"],
    },
    Spec {
        name: "timeline",
        aliases: &["events", "when"],
        args: "[YEAR | RANGE | MONTH YEAR | KEYWORD]",
        about: "Dated events, all or those of a year, range, month or topic.",
        examples: &["2014", "2014-2015", "December 2021", "Bucharest"],
    },
    Spec {
        name: "who",
        aliases: &["whois", "who-is", "who_is", "person"],
        args: "PERSON",
        about: "Who someone is in these documents: role, names, statements.",
        examples: &["Peskov", "Sandu"],
    },
    Spec {
        name: "define",
        aliases: &["term", "glossary", "what-is", "whatis", "def"],
        args: "TERM",
        about: "A term from the glossary, explained from the documents.",
        examples: &["Yalta 2.0", "Minsk agreements", "SWIFT"],
    },
    Spec {
        name: "search",
        aliases: &["find", "lookup"],
        args: "TEXT",
        about: "Ranked hits across people, statements, articles, events and terms.",
        examples: &["nuclear weapons", "Azerbaijan"],
    },
    Spec {
        name: "check",
        aliases: &["factcheck", "fact-check", "fact_check", "verify"],
        args: "CLAIM",
        about: "The passages most related to a claim, with relatedness scores. It shows what the sources say; it does not rule.",
        examples: &["Russia demanded that NATO stop expanding east"],
    },
    Spec {
        name: "sources",
        aliases: &["source", "documents", "docs"],
        args: "",
        about: "The documents the fact base is drawn from.",
        examples: &[],
    },
    Spec {
        name: "help",
        aliases: &["commands", "h", "?"],
        args: "[COMMAND]",
        about: "The commands, or one command in detail.",
        examples: &["", "who-said"],
    },
];

/// A parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Article(String),
    WhoSaid(String),
    Timeline(String),
    Who(String),
    Define(String),
    Search(String),
    Check(String),
    Sources,
    Help(String),
    /// A name that is no command.
    Unknown(String),
}

/// The key command names compare under: lowercase letters and digits only.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == '?')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The spec a command name (or alias) refers to, in any case, with `-`/`_` optional.
pub fn find(name: &str) -> Option<&'static Spec> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    COMMANDS
        .iter()
        .find(|s| key(s.name) == k || s.aliases.iter().any(|a| key(a) == k))
}

impl Command {
    /// Parses a command name and its argument text.
    pub fn parse(name: &str, args: &str) -> Command {
        let args = args.trim().to_string();
        match find(name).map(|s| s.name) {
            Some("article") => Command::Article(args),
            Some("who-said") => Command::WhoSaid(args),
            Some("timeline") => Command::Timeline(args),
            Some("who") => Command::Who(args),
            Some("define") => Command::Define(args),
            Some("search") => Command::Search(args),
            Some("check") => Command::Check(args),
            Some("sources") => Command::Sources,
            Some("help") => Command::Help(args),
            _ => Command::Unknown(name.to_string()),
        }
    }

    /// Answers the command from the engine's fact base.
    pub fn apply(&self, engine: &Engine) -> Answer {
        match self {
            Command::Article(a) => article::answer(engine, a),
            Command::WhoSaid(a) => who_said::answer(engine, a),
            Command::Timeline(a) => timeline::answer(engine, a),
            Command::Who(a) => who::answer(engine, a),
            Command::Define(a) => define::answer(engine, a),
            Command::Search(a) => search::answer(engine, a),
            Command::Check(a) => check::answer(engine, a),
            Command::Sources => sources::answer(engine),
            Command::Help(a) => help::answer(engine, a),
            Command::Unknown(name) => unknown::answer(engine, name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_and_separators() {
        for n in ["who-said", "whosaid", "who_said", "WHO-SAID", "Who_Said"] {
            assert_eq!(Command::parse(n, "x"), Command::WhoSaid("x".into()), "{n}");
        }
        assert_eq!(
            Command::parse("TimeLine", ""),
            Command::Timeline(String::new())
        );
        assert_eq!(
            Command::parse("timline", ""),
            Command::Unknown("timline".into())
        );
        assert_eq!(Command::parse("", ""), Command::Unknown(String::new()));
    }

    #[test]
    fn no_name_runs_two_commands() {
        let mut owner = std::collections::HashMap::new();
        for s in COMMANDS {
            for n in std::iter::once(s.name).chain(s.aliases.iter().copied()) {
                let previous = owner.insert(key(n), s.name);
                assert!(
                    previous.is_none_or(|p| p == s.name),
                    "{n} names {previous:?} and {}",
                    s.name
                );
            }
        }
    }
}

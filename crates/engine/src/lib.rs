//! The pure command engine: message text in, a structured [`Answer`] out.
//!
//! No Discord types, no async, and no I/O except [`Engine::load`], which reads the knowledge
//! directory through the knowledge crate; so every behaviour is unit-testable and
//! benchmarkable. Each command's type, parser, answer and documentation live in `cmd/`,
//! whose registry every front end shares; `index/` holds the lookup indexes.

mod answer;
pub mod chart;
pub mod cmd;
mod context;
pub mod index;
mod indexes;
mod items;
pub mod memory;
mod outcome;
pub mod query;

pub use answer::{Answer, AnswerKind, Citation, CommandRef, Item, Span, Syntax, Text, MAX_ITEMS};
pub use chart::{ChartEvent, TimelineChart};
pub use cmd::{Cmd, Command, CommandSpec, OptionKind, OptionSpec, COMMANDS};
pub use context::PassageContext;
pub use outcome::Outcome;

use std::path::Path;
use std::sync::Arc;

use factbot_knowledge::{KnowledgeBase, LoadErrors};
use index::names::{Lookup, NameIndex};
use index::normalize::{self, shorten};
use index::words::{FactKinds, FactRef, RankQuery, WordIndex};
use indexes::{Articles, Names, Passages, PerPerson, Timeline};

/// What an autocomplete request is completing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// People, groups and documents that speak.
    Person,
    /// Glossary terms.
    Term,
    /// Years and event keywords for `timeline`.
    Timeline,
    /// Anything searchable: people, terms, event titles.
    Any,
    /// Command names, for `help`.
    Command,
}

/// The engine over one immutable fact base, with its lookup indexes built once.
/// Cheap to share; to reload, build a new one and swap it in.
pub struct Engine {
    kb: Arc<KnowledgeBase>,
    /// The fuzzy name indexes (people, terms, commands, event titles).
    pub(crate) names: Names,
    /// The word index behind fragments, `search` and `check`.
    pub(crate) words: WordIndex,
    /// What each person said and took part in.
    pub(crate) per_person: PerPerson,
    /// The events in date order.
    pub(crate) timeline: Timeline,
    /// The articles by draft and number.
    pub(crate) articles: Articles,
    /// For each source, how many facts are drawn from it.
    pub(crate) facts_per_source: Vec<usize>,
    /// The sources' sentences, searchable beside the facts.
    pub(crate) passages: Passages,
}

impl Engine {
    /// Loads and validates the fact base in `dir`, builds the engine over it, and gives the
    /// memory the loading used back to the operating system. What `main` and a reload call.
    pub fn load(dir: impl AsRef<Path>) -> Result<Engine, LoadErrors> {
        let kb = KnowledgeBase::load(dir)?;
        let engine = Engine::new(Arc::new(kb));
        memory::release_freed();
        Ok(engine)
    }

    /// Builds the engine (and its lookup indexes) over a loaded fact base.
    pub fn new(kb: Arc<KnowledgeBase>) -> Engine {
        let passages = Passages::build(&kb);
        let mut docs = index::words::fact_docs(&kb);
        docs.extend((0..passages.list.len()).map(|i| index::words::Doc {
            fact: index::words::FactRef::Passage(i),
            text: passages.text(&kb, i).to_string(),
        }));
        let lexicon = index::lexicon::Lexicon::new(kb.expansions());
        Engine {
            names: Names::build(&kb),
            words: WordIndex::from_docs(docs, lexicon),
            passages,
            per_person: PerPerson::build(&kb),
            timeline: Timeline::build(&kb),
            articles: Articles::build(&kb),
            facts_per_source: indexes::facts_per_source(&kb),
            kb,
        }
    }

    /// The fact base this engine answers from.
    pub fn knowledge(&self) -> &Arc<KnowledgeBase> {
        &self.kb
    }

    /// Approximate heap bytes of the lookup indexes (names, terms, events, the word index).
    pub fn index_bytes(&self) -> usize {
        self.index_report().iter().map(|(_, n)| n).sum()
    }

    /// [`Engine::index_bytes`] by index.
    pub fn index_report(&self) -> [(&'static str, usize); 5] {
        [
            ("people", self.names.people.heap_bytes()),
            ("terms", self.names.terms.heap_bytes()),
            ("commands", self.names.commands.heap_bytes()),
            ("events", self.names.events.heap_bytes()),
            ("words", self.words.heap_bytes()),
        ]
    }

    /// Answers a chat message; `None` when it is not a command (no `prefix`, or nothing
    /// after it).
    pub fn respond(&self, prefix: &str, message: &str) -> Option<Answer> {
        self.run_line(message.trim_start().strip_prefix(prefix)?)
    }

    /// Answers what follows the prefix of a command message (`who-said Blinken`); `None` when
    /// it is blank.
    pub fn run_line(&self, line: &str) -> Option<Answer> {
        let line = line.trim_start();
        if line.trim_end().is_empty() {
            return None;
        }
        let (name, args) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        Some(self.run(name, args))
    }

    /// Runs one command by name (without prefix, any case, `-`/`_` optional) with its arguments.
    pub fn run(&self, name: &str, args: &str) -> Answer {
        Command::parse(name, args).apply(self)
    }

    /// Up to `limit` completions for a partially typed option value, best first.
    pub fn complete(&self, what: Completion, partial: &str, limit: usize) -> Vec<String> {
        let kb = &self.kb;
        let people = || {
            self.names
                .people
                .complete(partial, limit)
                .into_iter()
                .map(|i| kb.people()[i].name.to_string())
        };
        let terms = || {
            self.names
                .terms
                .complete(partial, limit)
                .into_iter()
                .map(|i| kb.terms()[i].term.to_string())
        };
        let mut out: Vec<String> = match what {
            Completion::Person => people().collect(),
            Completion::Term => terms().collect(),
            Completion::Timeline => {
                let digits: String = partial.chars().filter(char::is_ascii_digit).collect();
                let years: Vec<String> = self
                    .timeline
                    .years
                    .iter()
                    .map(|y| y.to_string())
                    .filter(|y| y.starts_with(&digits))
                    .take(limit)
                    .collect();
                if !digits.is_empty() && digits.len() == partial.trim().len() {
                    years
                } else {
                    let titles = self
                        .names
                        .events
                        .complete(partial, limit)
                        .into_iter()
                        .map(|i| kb.events()[i].title.to_string());
                    titles.chain(years).collect()
                }
            }
            Completion::Any => people().chain(terms()).collect(),
            Completion::Command => self
                .names
                .commands
                .complete(
                    &partial
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .replace(['-', '_'], ""),
                    limit,
                )
                .into_iter()
                .map(|i| COMMANDS[i].name.to_string())
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        out.retain(|s| seen.insert(s.clone()));
        out.truncate(limit);
        out
    }

    /// The usage answer for a command used without what it needs.
    pub(crate) fn usage(&self, spec: &'static CommandSpec) -> Answer {
        let mut title = Text::from("Usage: ");
        title.push(Span::Synopsis(spec));
        let mut summary = Text::from(spec.about);
        if !spec.examples.is_empty() {
            summary.push_str(" Examples: ").push(Span::Examples(spec));
        }
        Answer::new(AnswerKind::Usage, title).with_summary(summary)
    }

    /// The sentence a listing of `total` facts ends its summary with when it shows only the
    /// first [`MAX_ITEMS`]: how many are left out and how to `narrow` the query. Empty otherwise.
    pub(crate) fn truncation_note(total: usize, narrow: Text) -> Text {
        if total <= MAX_ITEMS {
            return Text::new();
        }
        let mut text = Text::from(format!(
            " Only the first {MAX_ITEMS} are listed here; {} more are left out. ",
            total - MAX_ITEMS
        ));
        text.append(narrow);
        text
    }

    /// "Showing results for X." or, when the match was fuzzy, "Showing results for X (matched
    /// “Y”)."
    pub(crate) fn fuzzy_notice(canonical: &str, matched: &str) -> String {
        if normalize::normalize(canonical) == normalize::normalize(matched) {
            format!("Showing results for {canonical}.")
        } else {
            format!("Showing results for {canonical} (matched “{matched}”).")
        }
    }

    /// A weak or absent match: suggestions without facts, or plainly nothing.
    /// The answer to words in another script that match nothing: an honest "claims are
    /// matched in English", not "the fact base has nothing on this".
    pub(crate) fn not_in_english(shown: &str) -> Answer {
        Answer::new(AnswerKind::NotFound, "Claims are matched in English").with_summary(format!(
            "Claims and words are matched in English; names (and some terms) work in any script. \
             “{shown}” matched nothing in English: that is not to say the documents do not speak of it. \
             Try the claim in English, or a name."
        ))
    }

    pub(crate) fn not_found_answer(
        &self,
        shown: &str,
        what: &str,
        suggestions: Vec<String>,
    ) -> Answer {
        if suggestions.is_empty() && index::lexicon::Lexicon::has_cyrillic(shown) {
            return Self::not_in_english(shown);
        }
        if suggestions.is_empty() {
            let mut summary = Text::from(format!(
                "The fact base has nothing on “{shown}”. It covers two documents on Russia's December 2021 draft \
                 security treaties with the US and NATO. Try "
            ));
            summary
                .command(CommandRef::bare(&cmd::Search::SPEC))
                .push_str(" or ")
                .command(CommandRef::bare(&cmd::Help::SPEC))
                .push_str(".");
            return Answer::new(AnswerKind::NotFound, "Not in the fact base").with_summary(summary);
        }
        let mut answer = Answer::new(AnswerKind::Suggestions, format!("No match for “{shown}”"))
            .with_summary(format!("No {what} in the fact base matches “{shown}”."));
        answer.suggestions = suggestions.into_iter().map(Text::from).collect();
        answer
    }

    /// The entry a name (or a close misspelling) names, with a notice when the match is
    /// fuzzy; else, with `by_words`, the entry of those kinds whose words (role, aliases,
    /// the documents' wording through the expansions) match the query best ("the nato chief", "head of the Russian delegation in
    /// Vienna"): `by_words` maps a hit to the entry it is.
    pub(crate) fn resolve_name(
        &self,
        index: &NameIndex<usize>,
        query: &str,
        what: &str,
        label: impl Fn(usize) -> String,
        by_words: Option<ByWords<'_>>,
    ) -> Result<(usize, Option<String>), Box<Answer>> {
        let named = query::name_query(query);
        let lookup = match index.lookup(query, 3) {
            Lookup::Weak { .. } | Lookup::Nothing if named != query => index.lookup(&named, 3),
            found => found,
        };
        if let (Lookup::Weak { .. } | Lookup::Nothing, Some((kinds, by_words))) =
            (&lookup, by_words)
        {
            let rank = RankQuery::new(WORDS_MATCH, 3).kinds(kinds);
            let hit = self
                .related(query, &rank)
                .hits
                .into_iter()
                .find_map(|h| by_words(h.fact).map(|i| (i, h.score)));
            if let Some((i, score)) = hit {
                let notice = format!(
                    "No {what} is named “{}”; showing {}, whose entry matches those words ({:.0}%).",
                    shorten(query, 80),
                    label(i),
                    score * 100.0
                );
                return Ok((i, Some(notice)));
            }
        }
        match lookup {
            Lookup::Exact { target } => Ok((target, None)),
            Lookup::Close { target, matched } => {
                Ok((target, Some(Self::fuzzy_notice(&label(target), &matched))))
            }
            Lookup::Weak { suggestions } => {
                let labels = suggestions.into_iter().map(label).collect();
                Err(Box::new(self.not_found_answer(
                    &shorten(query, 80),
                    what,
                    labels,
                )))
            }
            Lookup::Nothing => Err(Box::new(self.not_found_answer(
                &shorten(query, 80),
                what,
                Vec::new(),
            ))),
        }
    }
}

/// The kinds of documents that may name an entry by their words, and the entry each is.
pub(crate) type ByWords<'a> = (FactKinds, &'a dyn Fn(FactRef) -> Option<usize>);

/// Share of a query's words an entry's words must hold for `who` and `define` to answer
/// with it when no name matches.
const WORDS_MATCH: f64 = 0.75;

/// The engine over the shipped knowledge for this crate's unit tests. (`factbot_testkit`'s
/// fixture builds the testkit's own copy of this crate, whose types differ from the ones
/// under test here.)
#[cfg(test)]
pub(crate) fn shipped_engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::load(factbot_testkit::knowledge_dir()).unwrap_or_else(|e| panic!("{e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_after_the_prefix_runs_its_command() {
        let e = shipped_engine();
        assert_eq!(
            e.run_line("  who-said Blinken"),
            Some(e.run("who-said", "Blinken"))
        );
        assert_eq!(e.run_line(" \n "), None);
        assert_eq!(e.respond("?", "? sources"), Some(e.run("sources", "")));
        assert_eq!(e.respond("?", "?"), None);
        assert_eq!(e.respond("?", "sources"), None);
    }

    #[test]
    fn command_names_complete_fuzzily_and_by_alias() {
        let e = shipped_engine();
        let first = |partial: &str| e.complete(Completion::Command, partial, 25);
        assert_eq!(first("who-sa")[0], "who-said");
        assert_eq!(first("/tim")[0], "timeline");
        assert!(first("art").contains(&"article".to_string()));
        assert!(first("quote").contains(&"who-said".to_string()), "an alias");
        assert!(
            first("timelien").contains(&"timeline".to_string()),
            "a typo"
        );
        assert_eq!(first("").len(), COMMANDS.len());
    }
}

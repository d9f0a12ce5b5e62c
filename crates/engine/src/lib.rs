//! The pure command engine: message text in, a structured [`Answer`] out.
//!
//! No Discord types, no async, and no I/O except [`Engine::load`], which reads the knowledge
//! directory through the knowledge crate; so every behaviour is unit-testable and
//! benchmarkable. Each command's type, parser, answer and documentation live in `cmd/`,
//! whose registry every front end shares; `index/` holds the lookup indexes.

mod answer;
pub mod cmd;
pub mod index;
mod items;
pub mod memory;

pub use answer::{Answer, AnswerKind, Citation, CommandRef, Item, Span, Syntax, Text, MAX_ITEMS};
pub use cmd::{Cmd, Command, CommandSpec, OptionKind, OptionSpec, COMMANDS};

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use factbot_knowledge::{FactKind, KnowledgeBase, LoadErrors};
use index::names::{Lookup, NameIndex};
use index::normalize::{self, shorten};
use index::words::WordIndex;

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
    pub(crate) people: NameIndex<usize>,
    pub(crate) terms: NameIndex<usize>,
    pub(crate) commands: NameIndex<usize>,
    events: NameIndex<usize>,
    pub(crate) words: WordIndex,
    /// For each person, the statements that name them as a speaker.
    pub(crate) statements_by_person: Vec<Vec<usize>>,
    /// Event indexes in date order.
    pub(crate) events_by_date: Vec<usize>,
    /// The events' dates in that order, as `(first day, running maximum of last days)`, for
    /// finding the events of a span by binary search.
    event_days: Vec<(u32, u32)>,
    /// For each event, its position in date order.
    pub(crate) event_rank: Vec<u32>,
    /// For each person, the events that involve them.
    pub(crate) events_by_person: Vec<Vec<u32>>,
    /// Every year some event touches, ascending.
    pub(crate) event_years: Vec<i32>,
    /// "The documents describe: US draft articles 1, 4 …", for every article answer.
    pub(crate) articles_described: String,
    /// For each draft (in `Draft::ALL` order), its articles in fact-base order.
    pub(crate) articles_by_draft: [Vec<usize>; 2],
    /// For each article number, the articles (of either draft) with it, in fact-base order.
    pub(crate) articles_by_number: HashMap<u32, Vec<usize>>,
    /// For each source, how many facts are drawn from it.
    pub(crate) facts_per_source: Vec<usize>,
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
        let mut people = NameIndex::default();
        for (i, p) in kb.people().iter().enumerate() {
            people.insert(&p.name, i);
        }
        // Aliases after every canonical name, so that a canonical name always wins.
        for (i, p) in kb.people().iter().enumerate() {
            for a in &p.aliases {
                people.insert(a, i);
            }
        }
        let mut terms = NameIndex::default();
        for (i, t) in kb.terms().iter().enumerate() {
            terms.insert(&t.term, i);
        }
        for (i, t) in kb.terms().iter().enumerate() {
            for a in &t.aliases {
                terms.insert(a, i);
            }
        }
        let mut commands = NameIndex::default();
        for (i, s) in COMMANDS.iter().enumerate() {
            commands.insert(&s.name.replace('-', ""), i);
            for a in s.aliases {
                commands.insert(&a.replace(['-', '_'], ""), i);
            }
        }
        let mut events = NameIndex::default();
        for (i, e) in kb.events().iter().enumerate() {
            events.insert(&e.title, i);
        }
        let person_index: std::collections::HashMap<&str, usize> = kb
            .people()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut statements_by_person = vec![Vec::new(); kb.people().len()];
        for (i, s) in kb.statements().iter().enumerate() {
            for speaker in &s.speakers {
                if let Some(&p) = person_index.get(speaker.as_str()) {
                    statements_by_person[p].push(i);
                }
            }
        }
        let mut events_by_person = vec![Vec::new(); kb.people().len()];
        for (i, e) in kb.events().iter().enumerate() {
            for id in &e.people {
                if let Some(&p) = person_index.get(id.as_str()) {
                    events_by_person[p].push(i as u32);
                }
            }
        }
        for list in &mut events_by_person {
            list.dedup();
        }
        let mut facts_per_source = vec![0usize; kb.sources().len()];
        let source_index: std::collections::HashMap<&str, usize> = kb
            .sources()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for kind in FactKind::ALL {
            let sources: Vec<&str> = match kind {
                FactKind::Person => kb.people().iter().map(|f| f.source.as_str()).collect(),
                FactKind::Statement => kb.statements().iter().map(|f| f.source.as_str()).collect(),
                FactKind::Article => kb.articles().iter().map(|f| f.source.as_str()).collect(),
                FactKind::Event => kb.events().iter().map(|f| f.source.as_str()).collect(),
                FactKind::Term => kb.terms().iter().map(|f| f.source.as_str()).collect(),
            };
            for id in sources {
                if let Some(&i) = source_index.get(id) {
                    facts_per_source[i] += 1;
                }
            }
        }
        let mut events_by_date: Vec<usize> = (0..kb.events().len()).collect();
        events_by_date.sort_by_key(|&i| {
            (
                kb.events()[i].date.first_day(),
                kb.events()[i].date.last_day(),
                i,
            )
        });
        let mut event_rank = vec![0u32; kb.events().len()];
        let mut event_days = Vec::with_capacity(kb.events().len());
        let mut latest = 0;
        for (rank, &i) in events_by_date.iter().enumerate() {
            event_rank[i] = rank as u32;
            let date = &kb.events()[i].date;
            latest = date.last_day().max(latest);
            event_days.push((date.first_day(), latest));
        }
        let mut event_years: Vec<i32> = kb.events().iter().flat_map(|e| e.date.years()).collect();
        event_years.sort_unstable();
        event_years.dedup();
        let words = WordIndex::build(&kb);
        let articles_described = cmd::article::described(&kb);
        let mut articles_by_draft: [Vec<usize>; 2] = Default::default();
        let mut articles_by_number: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, a) in kb.articles().iter().enumerate() {
            articles_by_draft[a.draft.index()].push(i);
            if let Some(n) = a.number {
                articles_by_number.entry(n).or_default().push(i);
            }
        }
        for index in [&people, &terms, &commands, &events] {
            index.prepare();
        }
        Engine {
            kb,
            people,
            terms,
            commands,
            events,
            words,
            statements_by_person,
            events_by_date,
            event_days,
            event_rank,
            events_by_person,
            event_years,
            articles_described,
            articles_by_draft,
            articles_by_number,
            facts_per_source,
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
            ("people", self.people.heap_bytes()),
            ("terms", self.terms.heap_bytes()),
            ("commands", self.commands.heap_bytes()),
            ("events", self.events.heap_bytes()),
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
            self.people
                .complete(partial, limit)
                .into_iter()
                .map(|i| kb.people()[i].name.to_string())
        };
        let terms = || {
            self.terms
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
                    .event_years
                    .iter()
                    .map(|y| y.to_string())
                    .filter(|y| y.starts_with(&digits))
                    .take(limit)
                    .collect();
                if !digits.is_empty() && digits.len() == partial.trim().len() {
                    years
                } else {
                    let titles = self
                        .events
                        .complete(partial, limit)
                        .into_iter()
                        .map(|i| kb.events()[i].title.to_string());
                    titles.chain(years).collect()
                }
            }
            Completion::Any => people().chain(terms()).collect(),
            Completion::Command => self
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
    pub(crate) fn not_found_answer(
        &self,
        shown: &str,
        what: &str,
        suggestions: Vec<String>,
    ) -> Answer {
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

    /// Resolves a name under the fuzzy policy: a hit (with a notice when fuzzy), or the answer to give instead.
    pub(crate) fn resolve_name(
        &self,
        index: &NameIndex<usize>,
        query: &str,
        what: &str,
        label: impl Fn(usize) -> String,
    ) -> Result<(usize, Option<String>), Box<Answer>> {
        match index.lookup(query, 3) {
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

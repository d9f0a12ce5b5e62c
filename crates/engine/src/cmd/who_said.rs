//! `who-said X`: a person's statements, or who said a quote or fragment.

use super::{text_with, Cmd, CommandSpec, OptionKind, OptionSpec, TextCommand};
use crate::index::names::Lookup;
use crate::index::normalize::shorten;
use crate::index::words::{FactKinds, Hit, RankQuery};
use crate::{Answer, AnswerKind, CommandRef, Engine, Item, Text, MAX_ITEMS};
use factbot_knowledge::{ActorKind, StatementKind};

/// Share of a fragment's words (weighted by rarity) a statement must contain to be "it".
pub const FRAGMENT: f64 = 0.75;
/// Below `FRAGMENT` but at least this: only a suggestion.
const FRAGMENT_WEAK: f64 = 0.4;
/// Statements listed at most for one fragment.
const MAX_FRAGMENT_HITS: usize = 5;

/// A person's statements, or who said a quote or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoSaid {
    /// A person's name, or words of a statement.
    pub query: String,
}

impl TextCommand for WhoSaid {
    const SPEC: CommandSpec = CommandSpec {
        name: "who-said",
        aliases: &["whosaid", "who_said", "quote", "said"],
        synopsis: "PERSON or QUOTE",
        about: "A person's statements, quoted or reported; or who said a quote or fragment.",
        description: "What a person or group said, or who said a quote",
        options: &[OptionSpec {
            name: "who",
            placeholder: "PERSON or QUOTE",
            description: "A person or group, or words from a quote",
            required: true,
            kind: OptionKind::Text,
        }],
        examples: &["Blinken", "dustbin of history", "Путин"],
    };
    fn from_text(query: String) -> WhoSaid {
        WhoSaid { query }
    }

    fn answer_text(&self, engine: &Engine) -> Answer {
        answer(engine, &self.query)
    }
}

fn answer(engine: &Engine, args: &str) -> Answer {
    if let Some(claim) = super::attribution::read(engine, args) {
        return super::attribution::answer(engine, &claim);
    }
    let person = engine.names.people.lookup(args, 3);
    let qwords = engine.words.query_words(args);
    // A name answers before any ranking is needed.
    match &person {
        Lookup::Exact { target } => return statements_by(engine, *target, None),
        Lookup::Close { target, matched } if qwords <= 3 => {
            return statements_by(engine, *target, Some(matched.clone()))
        }
        _ => {}
    }
    // The best few are enough: `confident` is a prefix of the ranking (its test rises
    // with the score), and so are the suggestions.
    // Every fact that shows passages but people's entries: statements, the drafts' articles
    // (a draft's quoted text is the draft's words), and the events, terms and sentences
    // whose passage is an author's own words.
    let rank = RankQuery::new(FRAGMENT_WEAK, MAX_FRAGMENT_HITS * 2)
        .kinds(FactKinds::EVERYTHING.difference(FactKinds::PEOPLE));
    let hits: Vec<Hit> = engine.related(args, &rank).hits;
    let confident: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.score >= FRAGMENT && (qwords >= 2 || h.score >= 0.99))
        .take(MAX_FRAGMENT_HITS)
        .collect();
    if let Lookup::Close { target, matched } = &person {
        if confident.is_empty() {
            return statements_by(engine, *target, Some(matched.clone()));
        }
    }
    if !confident.is_empty() {
        return fragment(engine, args, &confident);
    }
    if let Lookup::Close { target, matched } = person {
        return statements_by(engine, target, Some(matched));
    }
    let mut suggestions: Vec<String> = match person {
        Lookup::Weak { suggestions } => suggestions
            .iter()
            .map(|&i| engine.knowledge().people()[i].name.to_string())
            .collect(),
        _ => Vec::new(),
    };
    suggestions.extend(
        hits.iter()
            .filter(|h| h.score >= FRAGMENT_WEAK)
            .take(3)
            .map(|h| engine.fact_label(h.fact)),
    );
    suggestions.truncate(5);
    engine.not_found_answer(&shorten(args, 80), "person or statement", suggestions)
}

fn statements_by(engine: &Engine, person: usize, matched: Option<String>) -> Answer {
    let p = &engine.knowledge().people()[person];
    let verb = match p.kind {
        ActorKind::Person | ActorKind::Author => "by",
        ActorKind::Group | ActorKind::Document => "attributed to",
    };
    let mut answer = Answer::new(
        AnswerKind::Statements,
        format!("Statements {verb} {}", p.name),
    );
    answer.notice = matched.map(|m| Engine::fuzzy_notice(&p.name, &m));
    let list = &engine.per_person.statements[person];
    let about = &engine.per_person.about[person];
    if list.is_empty() && about.is_empty() {
        answer.kind = AnswerKind::Person;
        answer.summary = Some(
            format!(
                "The fact base has no statements {verb} {}. Who they are in the documents:",
                p.name
            )
            .into(),
        );
        answer.items.push(engine.person_item(person));
        return answer;
    }
    let statements = engine.knowledge().statements();
    let direct = list
        .iter()
        .filter(|&&i| statements[i].kind == StatementKind::Direct)
        .count();
    let mut summary = Text::from(if list.is_empty() {
        format!("The sources report no statement {verb} {}.", p.name)
    } else {
        format!(
            "{} statement{}: {direct} quoted, {} reported. A quotation is the source's words; a reported statement is the author's account of what was said.",
            list.len(),
            if list.len() == 1 { "" } else { "s" },
            list.len() - direct,
        )
    });
    if !about.is_empty() {
        summary.push_str(&format!(
            " After them, under their own heading: {} passage{} where the authors write about {} in their own words.",
            about.len(),
            if about.len() == 1 { "" } else { "s" },
            p.name
        ));
    }
    let total = list.len() + about.len();
    let mut narrow = text_with(
        "Narrow it with a fragment of the statement (",
        CommandRef::with_text(&<WhoSaid as Cmd>::SPEC, "<words>"),
        ") or ",
    );
    narrow
        .command(CommandRef::bare(&<super::Search as Cmd>::SPEC))
        .push_str(".");
    summary.append(Engine::truncation_note(total, narrow));
    answer.summary = Some(summary);
    answer.items = list
        .iter()
        .take(MAX_ITEMS)
        .map(|&i| engine.statement_item(i))
        .collect();
    let room = MAX_ITEMS.saturating_sub(answer.items.len() + 1);
    if !about.is_empty() && room > 0 {
        answer.items.push(Item {
            heading: format!("What the authors say about {}", p.name).into(),
            body: format!(
                "Not {}'s words: each passage below is an author's own argument about them.",
                p.name
            )
            .into(),
            citation: None,
            score: None,
        });
        answer
            .items
            .extend(about.iter().take(room).map(|&i| engine.statement_item(i)));
    }
    answer
}

fn fragment(engine: &Engine, args: &str, hits: &[&Hit]) -> Answer {
    let shown = shorten(args, 80);
    let mut answer = Answer::new(AnswerKind::Statements, format!("Who said “{shown}”?"));
    if hits[0].score < 0.99 {
        answer.notice = Some(format!(
            "No statement has every word of “{shown}”; showing the closest."
        ));
    }
    let hits: Vec<Hit> = hits.iter().map(|&&h| h).collect();
    answer.items = engine
        .credit_quotations(&hits)
        .iter()
        .map(|h| engine.scored_item(h))
        .collect();
    answer
}

//! `search TEXT`: ranked hits across every kind of fact.

use super::{CommandSpec, OptionKind, OptionSpec, TextCommand};
use crate::index::normalize::shorten;
use crate::index::words::{FactKinds, RankQuery};
use crate::{Answer, AnswerKind, Engine};

/// Share of the query (weighted by word rarity) a fact must cover to be a hit.
pub const HIT: f64 = 0.5;
/// Below `HIT` but at least this: only a suggestion.
pub const WEAK: f64 = 0.3;
/// Hits shown at most.
pub const MAX_HITS: usize = 10;

/// Ranked hits across every kind of fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The words to search for.
    pub query: String,
}

impl TextCommand for Search {
    const SPEC: CommandSpec = CommandSpec {
        name: "search",
        aliases: &["find", "lookup"],
        synopsis: "TEXT",
        about: "Ranked hits across people, statements, articles, events and terms.",
        description: "Search everything in the fact base",
        options: &[OptionSpec {
            name: "query",
            placeholder: "TEXT",
            description: "Words to search for",
            required: true,
            kind: OptionKind::Text,
        }],
        examples: &["nuclear weapons", "Azerbaijan"],
    };
    fn from_text(query: String) -> Search {
        Search { query }
    }

    fn answer_text(&self, engine: &Engine) -> Answer {
        answer(engine, &self.query)
    }
}

fn answer(engine: &Engine, args: &str) -> Answer {
    let rank = RankQuery::new(WEAK, MAX_HITS * 2).kinds(FactKinds::EVERYTHING);
    let ranked = engine.related(args, &rank);
    let hits = &ranked.hits;
    let shown = shorten(args, 80);
    let strong: Vec<_> = hits
        .iter()
        .filter(|h| h.score >= HIT)
        .take(MAX_HITS)
        .collect();
    if strong.is_empty() {
        let weak: Vec<String> = hits
            .iter()
            .filter(|h| h.score >= WEAK)
            .take(3)
            .map(|h| engine.fact_label(h.fact))
            .collect();
        return engine.not_found_answer(&shown, "fact", weak);
    }
    let mut answer =
        Answer::new(AnswerKind::Search, format!("Search: {shown}")).with_summary(format!(
            "{} of {} hits, best first.",
            strong.len(),
            ranked.count_at_least(HIT).max(strong.len())
        ));
    answer.items = strong.iter().map(|h| engine.scored_item(h)).collect();
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{Cmd, Missing};
    use crate::shipped_engine;

    #[test]
    fn ranks_hits_and_needs_words() {
        assert_eq!(Search::parse(""), Err(Missing));
        let a = Search::parse("nuclear weapons")
            .unwrap()
            .answer(shipped_engine());
        assert_eq!(a.kind, AnswerKind::Search);
        assert!(a
            .items
            .iter()
            .all(|i| i.score.is_some_and(|s| s >= HIT as f32)));
    }
}

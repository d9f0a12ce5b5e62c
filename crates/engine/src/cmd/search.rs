//! `search TEXT`: ranked hits across every kind of fact.

use super::super::docs::Rank;
use super::super::text::shorten;
use super::super::{Answer, AnswerKind, Engine};

/// Share of the query (weighted by word rarity) a fact must cover to be a hit.
pub const HIT: f64 = 0.5;
/// Below `HIT` but at least this: only a suggestion.
pub const WEAK: f64 = 0.3;
/// Hits shown at most.
pub const MAX_HITS: usize = 10;

pub fn answer(engine: &Engine, args: &str) -> Answer {
    if args.is_empty() {
        return engine.usage("search");
    }
    let ranked = engine.docs.rank_top(args, &Rank::new(WEAK, MAX_HITS));
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
        return engine.miss(&shown, "fact", weak);
    }
    let mut answer =
        Answer::new(AnswerKind::Search, format!("Search: {shown}")).with_summary(format!(
            "{} of {} hits, best first.",
            strong.len(),
            ranked.count_at_least(HIT)
        ));
    for h in strong {
        let mut item = engine.fact_item(h.fact);
        item.score = Some(h.score as f32);
        answer.items.push(item);
    }
    answer
}

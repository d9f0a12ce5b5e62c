//! `check CLAIM`: the passages most related to a claim. It never rules on the claim.

use super::super::docs::{DocIndex, Kinds, Rank};
use super::super::text::shorten;
use super::super::{Answer, AnswerKind, Engine};

/// Relatedness below which the fact base is said to have nothing on the claim.
pub const RELATED: f64 = 0.45;
/// Passages shown at most.
pub const MAX_PASSAGES: usize = 5;

pub fn answer(engine: &Engine, args: &str) -> Answer {
    if args.is_empty() {
        return engine.usage("check");
    }
    // Passages sharing one word with a claim of several are not related to it.
    let rank = Rank::new(RELATED, MAX_PASSAGES)
        .kinds(Kinds::ALL.except(Kinds::PEOPLE))
        .min_matched(2.min(DocIndex::query_words(args)));
    let related = engine.docs.rank_top(args, &rank).hits;
    let shown = shorten(args, 120);
    if related.is_empty() {
        return Answer::new(AnswerKind::NotFound, "Nothing on this claim").with_summary(format!(
            "The fact base has nothing on this: “{shown}”. Its sources are two documents on Russia's December 2021 \
             draft security treaties; a claim they do not touch cannot be checked here."
        ));
    }
    let mut answer = Answer::new(AnswerKind::Check, format!("Check: {shown}")).with_summary(
        "What the sources say on this, most related first. Relatedness measures shared content, not truth: \
         read the passages and judge the claim yourself.",
    );
    for h in related {
        let mut item = engine.fact_item(h.fact);
        item.score = Some(h.score as f32);
        answer.items.push(item);
    }
    answer
}

//! `check CLAIM`: the passages most related to a claim. It never rules on the claim.

use super::{CommandSpec, OptionKind, OptionSpec, TextCommand};
use crate::index::normalize::shorten;
use crate::index::words::{FactKinds, RankQuery};
use crate::{Answer, AnswerKind, Engine};

/// Relatedness below which the fact base is said to have nothing on the claim.
pub const RELATED: f64 = 0.45;
/// Passages shown at most.
pub const MAX_PASSAGES: usize = 5;

/// The passages most related to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The claim as typed.
    pub claim: String,
}

impl TextCommand for Check {
    const SPEC: CommandSpec = CommandSpec {
        name: "check",
        aliases: &["factcheck", "fact-check", "fact_check", "verify"],
        synopsis: "CLAIM",
        about: "The passages most related to a claim, with relatedness scores. It shows what the sources say; it does not rule.",
        description: "Find the passages that bear on a claim",
        options: &[OptionSpec {
            name: "claim",
            placeholder: "CLAIM",
            description: "The claim to check",
            required: true,
            kind: OptionKind::Text,
        }],
        examples: &["Russia demanded that NATO stop expanding east"],
    };
    fn from_text(claim: String) -> Check {
        Check { claim }
    }

    fn answer_text(&self, engine: &Engine) -> Answer {
        answer(engine, &self.claim)
    }
}

fn answer(engine: &Engine, args: &str) -> Answer {
    if let Some(claim) = super::attribution::read(engine, args) {
        return super::attribution::answer(engine, &claim);
    }
    // Passages sharing one word with a claim of several are not related to it.
    let rank = RankQuery::new(RELATED, MAX_PASSAGES * 2)
        .kinds(FactKinds::EVERYTHING.difference(FactKinds::PEOPLE))
        .min_matched(2.min(engine.words.query_words(args)));
    let mut related = engine.related(args, &rank).hits;
    related.truncate(MAX_PASSAGES);
    let shown = shorten(args, 120);
    if related.is_empty() && crate::index::lexicon::Lexicon::has_cyrillic(args) {
        return Engine::not_in_english(&shown);
    }
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
    answer.items = related.iter().map(|h| engine.scored_item(h)).collect();
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{Cmd, Missing};
    use crate::shipped_engine;

    #[test]
    fn never_rules_and_says_when_it_has_nothing() {
        assert_eq!(Check::parse(""), Err(Missing));
        let e = shipped_engine();
        let a = Check::parse("the moon landing was staged in a studio")
            .unwrap()
            .answer(e);
        assert_eq!(a.kind, AnswerKind::NotFound);
        let a = Check::parse("Russia demanded that NATO stop expanding")
            .unwrap()
            .answer(e);
        assert_eq!(a.kind, AnswerKind::Check);
        assert!(a
            .summary
            .unwrap()
            .write(crate::Syntax::Prefix("!"))
            .contains("not truth"));
    }
}

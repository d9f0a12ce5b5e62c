//! "X said Y": a claim about who said what, answered from the sources only. `check` and
//! `who-said` read it; the answer says whom the sources give such words to, and never rules
//! on the words themselves.

use crate::index::names::Lookup;
use crate::index::normalize::shorten;
use crate::index::words::{FactKinds, FactRef, Hit, RankQuery};
use crate::{Answer, AnswerKind, Engine};
use factbot_knowledge::StatementKind;

/// Verbs that attribute words to someone.
const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "claims",
    "claimed",
    "claim",
    "promised",
    "promises",
    "warned",
    "warns",
    "stated",
    "states",
    "declared",
    "declares",
    "announced",
    "announces",
    "told",
    "tells",
    "argued",
    "argues",
    "wrote",
    "writes",
    "insisted",
    "insists",
    "admitted",
    "admits",
];

/// Relatedness a passage needs to count as "such words".
const SUCH_WORDS: f64 = 0.6;

/// How to read the passages and their scores.
const READING: &str = "Relatedness measures shared content, not truth: read the passages and judge the claim yourself.";

/// Passages shown at most.
const SHOWN: usize = 5;

/// A claim that a person said something: who (an entry of the people), the verb, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribution {
    pub person: usize,
    pub verb: String,
    pub words: String,
}

/// Reads "X said (that) Y" when X names a person or group of the fact base.
pub(crate) fn read(engine: &Engine, text: &str) -> Option<Attribution> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (k, w) in words.iter().enumerate().take(8).skip(1) {
        let verb = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !VERBS.contains(&verb.as_str()) {
            continue;
        }
        let who = words[..k].join(" ");
        let mut rest = &words[k + 1..];
        if rest.first().is_some_and(|w| w.eq_ignore_ascii_case("that")) {
            rest = &rest[1..];
        }
        if rest.is_empty() {
            return None;
        }
        let person = match engine.names.people.lookup(&who, 1) {
            Lookup::Exact { target } | Lookup::Close { target, .. } => target,
            _ => return None,
        };
        return Some(Attribution {
            person,
            verb,
            words: rest.join(" "),
        });
    }
    None
}

/// The answer to an attribution: the sources give such words to X; to someone else; or to
/// no one.
pub(crate) fn answer(engine: &Engine, claim: &Attribution) -> Answer {
    let kb = engine.knowledge();
    let name = kb.people()[claim.person].name.to_string();
    let words = shorten(&claim.words, 120);
    let rank = RankQuery::new(SUCH_WORDS, SHOWN * 2)
        .kinds(FactKinds::EVERYTHING.difference(FactKinds::PEOPLE));
    let hits: Vec<Hit> = engine.credit_quotations(&engine.related(&claim.words, &rank).hits);
    let by_them = |h: &Hit| match h.fact {
        FactRef::Statement(i) => {
            let s = &kb.statements()[i];
            s.kind != StatementKind::Argument
                && s.speakers
                    .iter()
                    .any(|id| *id == kb.people()[claim.person].id)
        }
        _ => false,
    };
    let title = format!("Did {name} say “{}”?", shorten(&claim.words, 80));
    let mut answer = Answer::new(AnswerKind::Check, title);
    let (theirs, others): (Vec<Hit>, Vec<Hit>) = hits.into_iter().partition(by_them);
    let summary = if !theirs.is_empty() {
        format!(
            "The sources give words like these to {name}; the passages say exactly what, and how (quoted or reported). This is what the sources report, not a ruling on the words."
        )
    } else if !others.is_empty() {
        format!(
            "The sources record no such words by {name}. The closest passages give them to others, or are an author's own words: read who speaks in each."
        )
    } else {
        format!(
            "The sources record no such words by {name}, and nothing close to “{words}”. That is all it says: the documents are silent, which is not a ruling on the words."
        )
    };
    answer.summary = Some(format!("{summary} {READING}").into());
    answer.items = theirs
        .iter()
        .chain(&others)
        .take(SHOWN)
        .map(|h| engine.scored_item(h))
        .collect();
    if answer.items.is_empty() {
        // Who they are in the documents, and how to see what the sources report they said.
        answer.kind = AnswerKind::NotFound;
        answer.items.push(engine.person_item(claim.person));
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shipped_engine;

    fn ask(text: &str) -> (Attribution, Answer) {
        let e = shipped_engine();
        let claim = read(e, text).unwrap_or_else(|| panic!("{text} is an attribution"));
        let a = answer(e, &claim);
        (claim, a)
    }

    fn written(a: &Answer) -> String {
        let syntax = crate::Syntax::Prefix("!");
        let mut s = a
            .summary
            .as_ref()
            .map(|t| t.write(syntax))
            .unwrap_or_default();
        for i in &a.items {
            s.push_str(&i.body.write(syntax));
        }
        s
    }

    #[test]
    fn words_the_sources_give_to_the_person() {
        let (_, a) =
            ask("Blinken said one country does not have the right to exert a sphere of influence");
        assert!(
            written(&a).starts_with("The sources give words like these to Antony Blinken"),
            "{}",
            written(&a)
        );
        assert!(a.items[0]
            .body
            .write(crate::Syntax::Prefix("!"))
            .contains("Antony Blinken"));
    }

    #[test]
    fn words_the_sources_give_to_someone_else() {
        let (_, a) =
            ask("Stoltenberg said that notion should be relegated to the dustbin of history");
        let text = written(&a);
        assert!(
            text.starts_with("The sources record no such words by Jens Stoltenberg"),
            "{text}"
        );
        assert!(text.contains("Antony Blinken"), "{text}");
    }

    #[test]
    fn words_no_one_said() {
        let (_, a) = ask("Putin promised to give Alaska back to the United States");
        assert!(
            written(&a).contains("record no such words by Vladimir Putin"),
            "{}",
            written(&a)
        );
        assert!(!written(&a).contains("false"));
    }

    #[test]
    fn only_a_known_person_makes_an_attribution() {
        let e = shipped_engine();
        assert!(read(e, "Russia warned that NATO stop expanding").is_some());
        assert!(read(e, "Russia demanded that NATO stop expanding").is_none());
        assert!(read(e, "Zorblax said NATO is big").is_none());
        assert!(read(e, "the treaty says nothing").is_none());
    }
}

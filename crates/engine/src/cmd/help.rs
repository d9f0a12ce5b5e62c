//! `help [command]`: the commands, from one list that every front end shares.

use super::super::text::shorten;
use super::super::{Answer, AnswerKind, Engine, Item};
use super::{find, COMMANDS};

pub fn answer(engine: &Engine, args: &str) -> Answer {
    let p = engine.prefix();
    let wanted = args.trim().trim_start_matches(p);
    if wanted.is_empty() {
        let mut answer = Answer::new(AnswerKind::Help, "factbot commands").with_summary(format!(
            "factbot answers from a fact base drawn from two documents on Russia's December 2021 draft security \
             treaties with the US and NATO. Every answer cites its source; when the fact base does not cover \
             something, it says so. Names are matched fuzzily. {p}help COMMAND for details."
        ));
        for s in COMMANDS {
            answer.items.push(Item {
                heading: format!("{p}{} {}", s.name, s.args).trim_end().to_string(),
                body: s.about.to_string(),
                citation: None,
                score: None,
            });
        }
        return answer;
    }
    let Some(spec) = find(wanted) else {
        let mut answer = super::unknown::answer(engine, wanted);
        answer.kind = AnswerKind::Help;
        answer.title = format!("No help for {}", shorten(wanted, 40));
        return answer;
    };
    let mut body = spec.about.to_string();
    if !spec.aliases.is_empty() {
        body.push_str(&format!(
            "\nAlso: {}",
            spec.aliases
                .iter()
                .map(|a| format!("{p}{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let examples: Vec<String> = spec
        .examples
        .iter()
        .map(|e| format!("{p}{} {e}", spec.name).trim_end().to_string())
        .collect();
    if !examples.is_empty() {
        body.push_str(&format!("\nExamples: {}", examples.join(" · ")));
    }
    let mut answer = Answer::new(AnswerKind::Help, format!("{p}{}", spec.name));
    answer.items.push(Item {
        heading: format!("{p}{} {}", spec.name, spec.args)
            .trim_end()
            .to_string(),
        body,
        citation: None,
        score: None,
    });
    answer
}

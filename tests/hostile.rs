//! Property tests: whatever a chat user types, the engine answers without panicking,
//! within bounds, and every front end's rendering stays within Discord's limits with
//! no working mention.

use factbot::engine::{Engine, Syntax, COMMANDS};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    factbot_testkit::shipped_engine()
}

/// Fragments a hostile user strings together.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        Just("@everyone".to_string()),
        Just("@here".to_string()),
        "<@[0-9]{1,20}>",
        "<@![0-9]{1,20}>",
        "<@&[0-9]{1,20}>",
        "<#[0-9]{1,20}>",
        Just("```".to_string()),
        Just("`".to_string()),
        Just("**".to_string()),
        Just("||spoiler||".to_string()),
        Just("[link](https://example.com)".to_string()),
        Just("\u{200B}\u{200D}\u{FEFF}".to_string()),
        Just("\u{202E}\u{2066}\u{2069}".to_string()),
        Just("Blinken".to_string()),
        Just("2014".to_string()),
        Just("IV".to_string()),
        Just("Путин".to_string()),
        "[ \\n\\t]{0,5}",
    ]
}

fn message() -> impl Strategy<Value = String> {
    // Every name and alias of every command, a misspelt one and none.
    let names: Vec<&'static str> = COMMANDS
        .iter()
        .flat_map(|spec| std::iter::once(spec.name).chain(spec.aliases.iter().copied()))
        .chain(["timline", ""])
        .collect();
    let command = prop::sample::select(names);
    (command, prop::collection::vec(fragment(), 0..12), 0usize..3).prop_map(|(c, parts, repeat)| {
        let args = parts.join(" ");
        // Sometimes very long: up to ~10,000 characters and more.
        let args = if repeat == 2 {
            args.repeat(10_000 / args.len().max(1) + 1)
        } else {
            args
        };
        format!("!{c} {args}")
    })
}

/// Text the answer carries that came from the user (titles, notices, summaries).
fn echoed_lengths_bounded(a: &factbot::engine::Answer) -> bool {
    let a = factbot_testkit::Written::console(a);
    a.title.chars().count() <= 300
        && a.notice.as_ref().is_none_or(|n| n.chars().count() <= 400)
        && a.summary
            .as_ref()
            .is_none_or(|s| s.chars().count() <= 1_500)
        && a.suggestions.len() <= 10
}

/// Checks one rendered reply, as embeds and as plain text, for prefix and slash users:
/// Discord's limits, no working mention, no unescaped code span. Returns what is wrong.
fn rendering_problems(answer: &factbot::engine::Answer) -> Vec<String> {
    let mut problems = Vec::new();
    for syntax in [Syntax::Prefix("!"), Syntax::Slash { prefix: "!" }] {
        for plain in [false, true] {
            let pages = factbot_render::pages::render(answer, plain, syntax);
            problems.extend(factbot_render::limit_violations(&pages));
        }
    }
    problems
}

#[test]
fn the_longest_answers_render_within_limits() {
    for msg in [
        "!timeline",
        "!help",
        "!who-said Putin",
        "!who-said Jafarli",
        "!search Russia",
        "!article us",
    ] {
        let a = engine().respond("!", msg).unwrap();
        assert_eq!(rendering_problems(&a), Vec::<String>::new(), "{msg}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_reply_renders_safely_within_discord_limits(msg in message()) {
        if let Some(a) = engine().respond("!", &msg) {
            let problems = rendering_problems(&a);
            prop_assert!(problems.is_empty(), "{:?} → {:?}", msg, problems);
        }
    }

    #[test]
    fn engine_never_panics_and_stays_bounded(msg in message()) {
        let e = engine();
        if let Some(a) = e.respond("!", &msg) {
            prop_assert!(!a.title.is_empty());
            prop_assert!(echoed_lengths_bounded(&a), "unbounded answer for {:?}: {:?}", msg, a.title);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(msg in any::<String>()) {
        let _ = engine().respond("!", &msg);
        let _ = engine().respond("!", &format!("!{msg}"));
        let _ = engine().run("check", &msg);
        let _ = engine().complete(factbot::engine::Completion::Any, &msg, 25);
        let _ = engine().complete(factbot::engine::Completion::Timeline, &msg, 25);
    }
}

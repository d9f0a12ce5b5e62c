//! Fuzzes the whole message-to-reply path: engine, console rendering and Discord rendering.
//! A reply that panics, breaks Discord's limits or carries a working mention is a crash.

#![no_main]

use factbot_engine::{Completion, Syntax, COMMANDS};
use factbot_render::{limit_violations, pages, text};
use factbot_testkit::shipped_engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let e = shipped_engine();
    let _ = e.complete(Completion::Any, input, 25);
    let _ = e.complete(Completion::Timeline, input, 25);
    // The raw text as a message, and as arguments of each command.
    let mut messages = vec![input.to_string()];
    for spec in COMMANDS {
        messages.push(format!("!{} {input}", spec.name));
    }
    for msg in messages {
        let Some(answer) = e.respond("!", &msg) else {
            continue;
        };
        for syntax in [Syntax::Prefix("!"), Syntax::Slash { prefix: "!" }] {
            let _ = text::render(&answer, syntax);
            for plain in [false, true] {
                let problems = limit_violations(&pages::render(&answer, plain, syntax));
                assert!(problems.is_empty(), "{msg:?}: {problems:?}");
            }
        }
    }
});

//! Fuzzes the whole message-to-reply path: engine, console rendering and Discord rendering.
//! A reply that panics, breaks Discord's limits or carries a working mention is a crash.

#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use factbot::discord::render::{self, limits, Page};
use factbot::engine::{Completion, Engine};
use factbot::knowledge::KnowledgeBase;
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge");
        Engine::new(
            Arc::new(KnowledgeBase::load(dir).expect("shipped knowledge loads")),
            "!",
        )
    })
}

fn assert_safe(what: &str, s: &str, max: usize) {
    assert!(s.chars().count() <= max, "{what} over {max} characters");
    let lower = s.to_lowercase();
    for bad in ["@everyone", "@here", "<@", "<#"] {
        assert!(
            !lower.contains(bad),
            "{what} carries a working mention {bad:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let e = engine();
    let _ = e.complete(Completion::Any, text, 25);
    let _ = e.complete(Completion::Timeline, text, 25);
    // The raw text as a message, and as arguments of each command.
    let mut messages = vec![text.to_string()];
    for name in [
        "article", "who-said", "timeline", "who", "define", "search", "check", "help",
    ] {
        messages.push(format!("!{name} {text}"));
    }
    for msg in messages {
        let Some(answer) = e.respond(&msg) else {
            continue;
        };
        let _ = factbot::console::render(&answer);
        for plain in [false, true] {
            let pages = render::render(&answer, plain);
            assert!(!pages.is_empty());
            let total = pages.len();
            for (i, page) in pages.iter().enumerate() {
                match page {
                    Page::Text(t) => {
                        assert_safe("content", &render::text(t, i, total), limits::CONTENT)
                    }
                    Page::Embed(p) => {
                        assert_safe("title", &p.title, limits::TITLE);
                        assert_safe("description", &p.description, limits::DESCRIPTION);
                        assert!(p.fields.len() <= limits::FIELDS);
                        for f in &p.fields {
                            assert_safe("field name", &f.name, limits::FIELD_NAME);
                            assert_safe("field value", &f.value, limits::FIELD_VALUE);
                        }
                        assert!(render::embed_len(p, i, total) <= limits::EMBED_TOTAL);
                    }
                }
            }
        }
    }
});

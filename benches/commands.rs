//! Latency of loading the shipped knowledge base, of every command on it, and of autocomplete.
//!
//! ```sh
//! cargo bench --bench commands
//! ```

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use factbot::engine::{Completion, Engine};
use factbot::knowledge::KnowledgeBase;
use factbot_testkit::messages::command_messages;

fn knowledge_dir() -> PathBuf {
    factbot_testkit::knowledge_dir()
}

fn load(c: &mut Criterion) {
    let dir = knowledge_dir();
    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("shipped knowledge (load + validate)", |b| {
        b.iter(|| KnowledgeBase::load(&dir).expect("loads"))
    });
    let kb = Arc::new(KnowledgeBase::load(&dir).expect("loads"));
    g.bench_function("shipped knowledge (engine indexes)", |b| {
        b.iter(|| Engine::new(kb.clone()))
    });
    g.finish();
}

fn commands(c: &mut Criterion) {
    let kb = KnowledgeBase::load(knowledge_dir()).expect("the shipped knowledge loads");
    let engine = Engine::new(Arc::new(kb));
    let mut g = c.benchmark_group("command");
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(2));
    for m in command_messages("!") {
        g.bench_with_input(BenchmarkId::from_parameter(&m), &m, |b, m| {
            b.iter(|| engine.respond("!", m).expect("a command"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("autocomplete");
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(2));
    for (what, partial) in [
        (Completion::Command, "who-s"),
        (Completion::Person, "blin"),
        (Completion::Person, "stoltnb"),
        (Completion::Term, "yal"),
        (Completion::Timeline, "20"),
        (Completion::Timeline, "buch"),
        (Completion::Any, ""),
    ] {
        g.bench_function(format!("{what:?} {partial:?}"), |b| {
            b.iter(|| engine.complete(what, partial, 25))
        });
    }
    g.finish();
}

criterion_group!(benches, load, commands);
criterion_main!(benches);

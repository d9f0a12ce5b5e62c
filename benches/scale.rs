//! Lookups on synthetic fact bases of 10,000, 100,000 and 1,000,000 facts, and loading
//! 100,000 facts from TOML. Each base is built once per size.
//!
//! ```sh
//! cargo bench --bench scale
//! ```

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use factbot::engine::Engine;
use factbot::knowledge::KnowledgeBase;
use factbot_testkit::synth;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Queries for one base: exact names, names with one and two typos, statement fragments,
/// search words. Several of each, cycled, so no single lucky query decides.
struct Queries {
    exact: Vec<String>,
    typo1: Vec<String>,
    typo2: Vec<String>,
    fragments: Vec<String>,
    searches: Vec<String>,
}

fn queries(kb: &KnowledgeBase) -> Queries {
    let names = synth::person_names(kb);
    let pick = |q: Vec<synth::TypoQuery>| q.into_iter().map(|q| q.query).collect::<Vec<_>>();
    let mut rng = synth::Rng::new(5);
    let exact = (0..64)
        .map(|_| names[rng.below(names.len())].0.clone())
        .collect();
    let fragments = (0..64)
        .map(|_| {
            let s = &kb.statements()[rng.below(kb.statements().len())];
            let words: Vec<&str> = s.excerpts[0].split_whitespace().collect();
            let at = rng.below(words.len().saturating_sub(4).max(1));
            words[at..(at + 4).min(words.len())].join(" ")
        })
        .collect();
    let searches = (0..64)
        .map(|_| {
            let s = &kb.events()[rng.below(kb.events().len())];
            let words: Vec<&str> = s.excerpts[0].split_whitespace().collect();
            let at = rng.below(words.len().saturating_sub(2).max(1));
            words[at..(at + 2).min(words.len())].join(" ")
        })
        .collect();
    Queries {
        exact,
        typo1: pick(synth::typo_queries(&names, 64, 1, 11)),
        typo2: pick(synth::typo_queries(&names, 64, 2, 12)),
        fragments,
        searches,
    }
}

fn lookups(c: &mut Criterion) {
    for n in SIZES {
        let engine = Engine::new(Arc::new(synth::generate(n, 42)));
        let q = queries(engine.knowledge());
        let mut g = c.benchmark_group(format!("synthetic {n} facts"));
        if n >= 1_000_000 {
            g.sample_size(20);
        } else {
            g.sample_size(50);
        }
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(2));
        let cases: [(&str, &str, &Vec<String>); 7] = [
            ("who (exact name)", "!who ", &q.exact),
            ("who (1 typo)", "!who ", &q.typo1),
            ("who (2 typos)", "!who ", &q.typo2),
            ("who-said (1 typo)", "!who-said ", &q.typo1),
            ("who-said (fragment)", "!who-said ", &q.fragments),
            ("search (2 words)", "!search ", &q.searches),
            ("check (fragment)", "!check ", &q.fragments),
        ];
        for (label, prefix, list) in cases {
            let messages: Vec<String> = list.iter().map(|s| format!("{prefix}{s}")).collect();
            let mut i = 0;
            g.bench_function(BenchmarkId::from_parameter(label), |b| {
                b.iter(|| {
                    i = (i + 1) % messages.len();
                    engine.respond("!", &messages[i])
                })
            });
        }
        g.finish();
    }
}

fn load_100k(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let kb = synth::generate(100_000, 42);
    synth::write_toml(&kb, dir.path()).expect("the base is written");
    drop(kb);
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(15));
    g.bench_function("100000 facts from TOML (load + validate)", |b| {
        b.iter(|| KnowledgeBase::load(dir.path()).expect("the written base loads"))
    });
    g.finish();
}

criterion_group!(benches, load_100k, lookups);
criterion_main!(benches);

//! Scale report for one fact base: build time, resident memory against the base's text size,
//! per-command latency percentiles, and typo top-1 accuracy against its ceiling.
//!
//! ```sh
//! cargo run --release --example scale -- shipped    # the shipped knowledge/
//! cargo run --release --example scale -- 100000     # a synthetic base of 100,000 facts
//! ```
//!
//! One base per process, so that the memory figures are that base's alone.

use std::sync::Arc;
use std::time::{Duration, Instant};

use factbot::engine::index::names::{Lookup, NameIndex};
use factbot::engine::Engine;
use factbot::knowledge::KnowledgeBase;
use factbot_testkit::synth;

/// `(VmRSS, VmHWM)` in bytes, from /proc/self/status (0 where unavailable).
fn memory() -> (usize, usize) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<usize>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resident memory once the allocator has returned what was freed (build temporaries), as
/// the bot does after loading ([`factbot_engine::memory::release_freed`]).
fn trimmed_rss() -> usize {
    factbot_engine::memory::release_freed();
    memory().0
}

/// Bytes of the base as `KnowledgeBase::load` reads it: the TOML files and source texts.
fn disk_bytes(kb: &KnowledgeBase) -> Option<usize> {
    let dir = tempfile::tempdir().ok()?;
    synth::write_toml(kb, dir.path()).ok()?;
    let mut total = 0;
    for dir in [dir.path().to_path_buf(), dir.path().join("sources")] {
        for e in std::fs::read_dir(dir).ok()?.flatten() {
            let m = e.metadata().ok()?;
            if m.is_file() {
                total += m.len() as usize;
            }
        }
    }
    Some(total)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Per-call latencies of `f`: at least `min_runs` calls and until `budget` is spent.
fn latencies(mut f: impl FnMut(), min_runs: usize, budget: Duration) -> Vec<Duration> {
    for _ in 0..3 {
        f();
    }
    let start = Instant::now();
    let mut out = Vec::new();
    while out.len() < min_runs || (start.elapsed() < budget && out.len() < 100_000) {
        let t = Instant::now();
        f();
        out.push(t.elapsed());
        if start.elapsed() > budget * 4 {
            break;
        }
    }
    out.sort_unstable();
    out
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

/// The messages to time on a synthetic base: the shipped benchmark's commands, with names,
/// terms and fragments taken from the base itself.
fn synthetic_messages(kb: &KnowledgeBase) -> Vec<String> {
    let p = &kb.people()[kb.people().len() / 3];
    let surname = p.aliases[0].clone();
    let mut rng = synth::Rng::new(99);
    let typo_surname = synth::typo(&surname, 1, &mut rng);
    let typo_name = synth::typo(&p.name, 2, &mut rng);
    let s = &kb.statements()[kb.statements().len() / 2];
    let fragment: Vec<&str> = s.heading.split_whitespace().skip(1).take(5).collect();
    let first_sentence = s
        .heading
        .split('.')
        .next()
        .unwrap_or(&s.heading)
        .to_string();
    let t = &kb.terms()[kb.terms().len() / 4];
    let typo_term = synth::typo(&t.term, 1, &mut rng);
    let e = &kb.events()[kb.events().len() / 5];
    let year = e.date.start.year;
    let place = e
        .title
        .rsplit(' ')
        .next()
        .unwrap_or("Bucharest")
        .to_string();
    vec![
        "!article 4".to_string(),
        format!("!who-said {}", typo_surname.to_lowercase()),
        format!("!who-said {surname}"),
        format!("!who-said {}", fragment.join(" ")),
        format!("!timeline {year}"),
        format!("!timeline {place}"),
        format!("!who {surname}"),
        format!("!who {typo_name}"),
        format!("!define {}", t.term),
        format!("!define {typo_term}"),
        "!search nuclear weapons".to_string(),
        format!("!check {first_sentence}"),
        "!sources".to_string(),
        "!help".to_string(),
        "!frobnicate now".to_string(),
    ]
}

/// Top-1 of a lookup: the hit's target, or the first suggestion.
fn top1(index: &NameIndex<usize>, query: &str) -> Option<usize> {
    match index.lookup(query, 3) {
        Lookup::Exact { target } | Lookup::Close { target, .. } => Some(target),
        Lookup::Weak { suggestions } => suggestions.first().copied(),
        Lookup::Nothing => None,
    }
}

fn accuracy(label: &str, names: &[(String, usize)], sample: usize, timed: bool) {
    let mut index = NameIndex::default();
    for (n, t) in names {
        index.insert(n, *t);
    }
    index.prepare();
    for edits in [1, 2] {
        let queries = synth::typo_queries(names, sample, edits, 1000 + edits as u64);
        let start = Instant::now();
        let hits = queries
            .iter()
            .filter(|q| top1(&index, &q.query) == Some(q.target))
            .count();
        let per = start.elapsed().as_secs_f64() * 1e6 / queries.len() as f64;
        let ceiling = if timed {
            synth::ceiling(names, &queries)
        } else {
            f64::NAN
        };
        println!(
            "typo {label:<6} {edits} edit{}: top-1 {:.1}% (ceiling {:.1}%) over {} queries, {per:.1} µs/lookup",
            if edits == 1 { " " } else { "s" },
            100.0 * hits as f64 / queries.len() as f64,
            100.0 * ceiling,
            queries.len()
        );
    }
}

fn main() {
    let arg = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "shipped".to_string());
    // `toml:N`: generate N facts, write them as TOML, and measure the base as the loader
    // builds it from those files (the production path).
    let written = arg.strip_prefix("toml:").map(|n| {
        let n: usize = n.replace('_', "").parse().expect("toml:<fact count>");
        let dir = tempfile::tempdir().expect("a temporary directory");
        synth::write_toml(&synth::generate(n, 42), dir.path()).expect("the base is written");
        dir
    });
    let _ = trimmed_rss();
    let (rss0, _) = memory();
    let start = Instant::now();
    let kb = if let Some(dir) = &written {
        KnowledgeBase::load(dir.path()).expect("the written base loads")
    } else if arg == "shipped" {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        KnowledgeBase::load(dir).expect("the shipped knowledge loads")
    } else {
        let n: usize = arg
            .replace('_', "")
            .parse()
            .expect("a fact count or `shipped`");
        synth::generate(n, 42)
    };
    let kb_time = start.elapsed();
    let text = synth::text_bytes(&kb);
    let rss_kb = trimmed_rss();
    let start = Instant::now();
    let engine = Engine::new(Arc::new(kb));
    let engine_time = start.elapsed();
    let (rss_untrimmed, hwm) = memory();
    let rss = trimmed_rss();
    let kb = engine.knowledge().clone();
    println!(
        "base: {arg} — {} facts ({}); built in {:.2} s, engine indexed in {:.2} s",
        kb.fact_count(),
        kb.counts()
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", "),
        kb_time.as_secs_f64(),
        engine_time.as_secs_f64()
    );
    println!(
        "memory: text {} | RSS {} (fact base {}, + engine {}; index heap ≈ {}) | RSS/text {:.2}× | \
         before malloc_trim {} | peak {}",
        mb(text),
        mb(rss - rss0),
        mb(rss_kb - rss0),
        mb(rss - rss_kb),
        mb(engine.index_bytes()),
        (rss - rss0) as f64 / text as f64,
        mb(rss_untrimmed - rss0),
        mb(hwm)
    );
    println!(
        "index heap by index: {}",
        engine
            .index_report()
            .iter()
            .map(|(name, bytes)| format!("{name} {}", mb(*bytes)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if arg != "shipped" && written.is_none() && kb.fact_count() <= 150_000 {
        if let Some(disk) = disk_bytes(&kb) {
            println!(
                "on disk (TOML + sources): {} | RSS/disk {:.2}×",
                mb(disk),
                (rss - rss0) as f64 / disk as f64
            );
        }
    }

    let messages: Vec<String> = if arg == "shipped" {
        factbot_testkit::messages::command_messages("!")
    } else {
        synthetic_messages(&kb)
    };
    println!(
        "{:<58} {:>9} {:>9} {:>9} {:>6}",
        "command", "p50 µs", "p99 µs", "max µs", "runs"
    );
    for m in &messages {
        let lat = latencies(
            || {
                std::hint::black_box(engine.respond("!", m));
            },
            200,
            Duration::from_millis(300),
        );
        let shown: String = m.chars().take(58).collect();
        println!(
            "{shown:<58} {:>9.1} {:>9.1} {:>9.1} {:>6}",
            pct(&lat, 0.5),
            pct(&lat, 0.99),
            pct(&lat, 1.0),
            lat.len()
        );
    }
    for (what, partial) in [
        (factbot::engine::Completion::Person, "sto"),
        (factbot::engine::Completion::Any, "ya"),
    ] {
        let lat = latencies(
            || {
                std::hint::black_box(engine.complete(what, partial, 25));
            },
            200,
            Duration::from_millis(300),
        );
        println!(
            "{:<58} {:>9.1} {:>9.1} {:>9.1} {:>6}",
            format!("complete {what:?} {partial:?}"),
            pct(&lat, 0.5),
            pct(&lat, 0.99),
            pct(&lat, 1.0),
            lat.len()
        );
    }

    if arg != "shipped" {
        let sample = if kb.fact_count() > 200_000 { 200 } else { 500 };
        accuracy("people", &synth::person_names(&kb), sample, true);
        accuracy("terms", &synth::term_names(&kb), sample, true);
    }
}

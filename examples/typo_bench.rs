//! Name lookup speed and quality on 100,000 generated names, for the side-by-side comparison
//! with rapidfuzz (`scripts/compare_rapidfuzz.py` runs this and then rapidfuzz on the same
//! files).
//!
//! ```sh
//! cargo run --release --example typo_bench -- [OUT_DIR] [NAMES] [QUERIES_PER_EDIT_COUNT]
//! ```
//!
//! Writes `OUT_DIR/names.txt` (one name per line), `OUT_DIR/queries.tsv` (query, tab, index
//! of the intended name, tab, number of edits) and `OUT_DIR/factbot.json`: factbot's queries
//! per second and top-1 accuracy, and the ceiling (share of queries whose intended name is
//! among the names at the least Damerau–Levenshtein distance, ties shared).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use factbot::engine::index::names::{Lookup, NameIndex};
use factbot_testkit::synth;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/typo_bench".into()));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let per: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    std::fs::create_dir_all(&dir)?;

    let names = synth::names(n, 7);
    let pairs: Vec<(String, usize)> = names.iter().cloned().zip(0..).collect();
    let mut queries = synth::typo_queries(&pairs, per, 1, 21);
    queries.extend(synth::typo_queries(&pairs, per, 2, 22));

    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("names.txt"))?);
    for name in &names {
        writeln!(f, "{name}")?;
    }
    f.flush()?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("queries.tsv"))?);
    for (i, q) in queries.iter().enumerate() {
        let edits = if i < per { 1 } else { 2 };
        writeln!(f, "{}\t{}\t{edits}", q.query, q.target)?;
    }
    f.flush()?;

    let start = Instant::now();
    let mut index = NameIndex::default();
    for (i, name) in names.iter().enumerate() {
        index.insert(name, i);
    }
    index.prepare();
    let build = start.elapsed().as_secs_f64();

    let top1 = |q: &str| match index.lookup(q, 3) {
        Lookup::Exact { target } | Lookup::Close { target, .. } => Some(target),
        Lookup::Weak { suggestions } => suggestions.first().copied(),
        Lookup::Nothing => None,
    };
    let answers: Vec<Option<usize>> = queries.iter().map(|q| top1(&q.query)).collect();
    // Time several passes for a stable rate.
    let passes = 5;
    let start = Instant::now();
    for _ in 0..passes {
        for q in &queries {
            std::hint::black_box(top1(&q.query));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let qps = (passes * queries.len()) as f64 / secs;
    let correct = |range: std::ops::Range<usize>| {
        let hits = range
            .clone()
            .filter(|&i| answers[i] == Some(queries[i].target))
            .count();
        hits as f64 / range.len() as f64
    };
    let accuracy = correct(0..queries.len());
    let ceiling = synth::ceiling(&pairs, &queries);
    let ceiling1 = synth::ceiling(&pairs, &queries[..per]);
    let ceiling2 = synth::ceiling(&pairs, &queries[per..]);
    let json = format!(
        "{{\"names\": {n}, \"queries\": {}, \"index_build_s\": {build:.3}, \"qps\": {qps:.1}, \
         \"top1\": {accuracy:.4}, \"top1_1edit\": {:.4}, \"top1_2edits\": {:.4}, \
         \"ceiling\": {ceiling:.4}, \"ceiling_1edit\": {ceiling1:.4}, \"ceiling_2edits\": {ceiling2:.4}}}",
        queries.len(),
        correct(0..per),
        correct(per..queries.len()),
    );
    std::fs::write(dir.join("factbot.json"), &json)?;
    println!("{json}");
    Ok(())
}

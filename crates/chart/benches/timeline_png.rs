//! Drawing the timeline picture (layout, pixels, PNG): the shipped timeline, one year of it,
//! and synthetic timelines of 50 (an answer's most) and 200 events.
//!
//! ```sh
//! cargo bench -p factbot-chart --bench timeline_png
//! ```

// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use factbot_testkit::charts::synthetic;

fn pictures(c: &mut Criterion) {
    let engine = factbot_testkit::shipped_engine();
    let chart = |q: &str| {
        engine
            .run("timeline", q)
            .timeline
            .expect("the shipped timeline has events")
    };
    let mut g = c.benchmark_group("timeline png");
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    for (name, chart) in [
        ("shipped, all events (!timeline)", chart("")),
        ("shipped, !timeline 2014", chart("2014")),
        ("synthetic, 50 events", synthetic(50)),
        ("synthetic, 200 events", synthetic(200)),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| factbot_chart::png(&chart).expect("a picture"))
        });
    }
    g.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);

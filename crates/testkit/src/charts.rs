//! Synthetic timeline charts for the picture's tests and benchmark.

use factbot_engine::{ChartEvent, TimelineChart};
use factbot_knowledge::{Date, DateSpec};

/// `n` events over 1945–2024 from a fixed seed: days, months, years and spans, with some
/// years far more crowded than others.
pub fn synthetic(n: usize) -> TimelineChart {
    let mut seed: u64 = 0x5eed_cafe;
    let mut next = move |m: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    let mut events = Vec::new();
    for k in 0..n {
        // Half the events fall in five busy years.
        let year = if next(2) == 0 {
            [1962, 1991, 2008, 2014, 2021][next(5) as usize]
        } else {
            1945 + next(80) as i32
        };
        let kind = next(3);
        let mut date = |year: i32| Date {
            year,
            month: (kind > 0).then(|| 1 + next(12) as u8),
            day: (kind > 1).then(|| 1 + next(28) as u8),
        };
        let start = date(year);
        let end = if year % 4 == 0 {
            date(year + 1 + (k % 5) as i32)
        } else {
            start
        };
        events.push(ChartEvent {
            date: DateSpec { start, end },
            title: format!("Synthetic event number {k} with a title of some length"),
        });
    }
    events.sort_by_key(|e| (e.date.start.first_day(), e.date.end.last_day()));
    TimelineChart {
        title: format!("Timeline: {n} synthetic events"),
        range: Some(DateSpec::parse("2008/2014").unwrap()),
        events,
    }
}

//! The timeline picture: its size, one marker per event where the layout puts it, labels that
//! never overlap (the shipped timeline and 200 synthetic events), spans as bars, and the same
//! bytes every time.

use factbot_chart::{layout, render, shape_colour, Layout, Shape, FILE_NAME};
use factbot_engine::TimelineChart;
use factbot_testkit::charts::synthetic;

/// The chart of a shipped `!timeline …` answer.
fn shipped(query: &str) -> TimelineChart {
    factbot_testkit::shipped_engine()
        .respond("!", &format!("!timeline {query}"))
        .and_then(|a| a.timeline)
        .unwrap_or_else(|| panic!("`!timeline {query}` has a chart"))
}

/// Decoded RGB pixels and the picture's size.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(png);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(img: &(u32, u32, Vec<u8>), x: f32, y: f32) -> [u8; 3] {
    let (w, _, px) = img;
    let i = (y as usize * *w as usize + x as usize) * 3;
    [px[i], px[i + 1], px[i + 2]]
}

fn rgb(shape: Shape) -> [u8; 3] {
    let c = shape_colour(shape);
    [c.r, c.g, c.b]
}

fn assert_labels_apart(chart: &TimelineChart, l: &Layout) {
    for (i, a) in l.labels.iter().enumerate() {
        assert!(
            a.x >= 0.0 && a.x + a.w <= l.width as f32 && a.y + a.h <= l.height as f32,
            "{}: label {:?} leaves the picture",
            chart.title,
            a.text
        );
        for b in &l.labels[i + 1..] {
            assert!(
                !a.overlaps(b),
                "{}: labels {:?} and {:?} overlap",
                chart.title,
                a.text,
                b.text
            );
        }
    }
}

#[test]
fn the_png_decodes_at_the_size_of_its_layout() {
    for query in ["", "2014", "1990s", "December 2021", "Putin"] {
        let chart = shipped(query);
        let (l, png) = render(&chart).unwrap();
        let (w, h, _) = decode(&png);
        assert_eq!((w, h), (1100, l.height), "!timeline {query}");
        assert!((200..=1100).contains(&h), "!timeline {query}: {h} px high");
    }
    assert_eq!(FILE_NAME, "timeline.png");
}

#[test]
fn each_event_has_one_marker_at_its_computed_position() {
    for query in ["", "2014", "1990s", "December 2021", "2008", "Bucharest"] {
        let chart = shipped(query);
        let (l, png) = render(&chart).unwrap();
        let img = decode(&png);
        let events: Vec<usize> = l.markers.iter().map(|m| m.event).collect();
        assert_eq!(
            events,
            (0..chart.events.len()).collect::<Vec<_>>(),
            "{query}"
        );
        for m in &l.markers {
            let (x, y) = m.sample;
            assert_eq!(
                pixel(&img, x, y),
                rgb(m.shape),
                "!timeline {query}: event {:?} has no {:?} marker at ({x}, {y})",
                chart.events[m.event].title,
                m.shape
            );
            // The marker is where its date puts it on the axis.
            let (a, b) = factbot_chart::scale::days(&chart.events[m.event].date);
            let mid = (l.axis.x(a) + l.axis.x(b)) / 2.0;
            assert!(
                m.x0 - 0.5 <= mid && mid <= m.x1 + 0.5,
                "{query}: marker {}..{} misses its date at {mid}",
                m.x0,
                m.x1
            );
        }
        // Away from the markers the card shows.
        assert_eq!(pixel(&img, 10.0, 10.0), [0x1E, 0x21, 0x27]);
    }
}

#[test]
fn the_shape_follows_the_precision() {
    let chart = shipped("");
    let l = layout(&chart);
    for m in &l.markers {
        let d = &chart.events[m.event].date;
        let expected = if d.start != d.end {
            Shape::Span
        } else if d.start.month.is_some() {
            Shape::Point
        } else {
            Shape::Year
        };
        assert_eq!(m.shape, expected, "{:?}", chart.events[m.event].title);
    }
}

#[test]
fn labels_never_overlap() {
    for query in [
        "",
        "2014",
        "1990s",
        "December 2021",
        "2021",
        "2022",
        "Putin",
    ] {
        let chart = shipped(query);
        assert_labels_apart(&chart, &layout(&chart));
    }
    for n in [1, 10, 50, 200] {
        let chart = synthetic(n);
        let l = layout(&chart);
        assert_labels_apart(&chart, &l);
        assert_eq!(l.markers.len(), n, "one marker per event");
        assert!(
            l.lanes <= factbot_chart::layout::MAX_LANES,
            "{n}: {} lanes",
            l.lanes
        );
    }
}

#[test]
fn crowded_years_fold_into_n_events() {
    let chart = synthetic(200);
    let l = layout(&chart);
    let folds: Vec<&str> = l
        .labels
        .iter()
        .filter(|x| x.fold)
        .map(|x| x.text.as_str())
        .collect();
    assert!(!folds.is_empty(), "200 events cannot all have a label");
    let folded = l.markers.iter().filter(|m| m.folded).count();
    let said: usize = folds
        .iter()
        .map(|t| {
            let n = t.split(' ').rev().nth(1).unwrap_or_default();
            n.parse::<usize>()
                .unwrap_or_else(|_| panic!("{t:?} is “N events”"))
        })
        .sum();
    assert_eq!(said, folded, "the folds count their events: {folds:?}");
    assert_eq!(
        l.labels.iter().filter(|x| !x.fold).count() + folded,
        200,
        "every event is labelled or counted in a fold"
    );
    // A timeline with room folds nothing.
    assert!(layout(&shipped("2014")).folds.is_empty());
}

#[test]
fn spans_are_bars() {
    let chart = shipped("");
    let (l, png) = render(&chart).unwrap();
    let img = decode(&png);
    let spans: Vec<_> = l
        .markers
        .iter()
        .filter(|m| m.shape == Shape::Span && !m.folded)
        .collect();
    assert!(!spans.is_empty());
    for m in spans {
        let (x, y) = m.sample;
        assert!(m.x1 - m.x0 >= 2.0 * m.half, "a bar is wider than high");
        // Filled across its middle, thin above and below.
        assert_eq!(pixel(&img, x, y), rgb(Shape::Span));
        assert_ne!(pixel(&img, x, y - m.half - 3.0), rgb(Shape::Span));
        assert_ne!(pixel(&img, x, y + m.half + 3.0), rgb(Shape::Span));
    }
    // The 1990s span the whole decade: a bar as long as the years it covers.
    let nineties = shipped("1990s");
    let l = layout(&nineties);
    let bar = l
        .markers
        .iter()
        .find(|m| nineties.events[m.event].date.to_string() == "1990–1999")
        .expect("the 1990s event");
    let year = l.axis.per_year();
    assert!((bar.x1 - bar.x0 - 10.0 * year).abs() < 1.0, "{bar:?}");
}

#[test]
fn the_same_chart_gives_the_same_bytes() {
    for chart in [shipped(""), shipped("2014"), synthetic(200)] {
        let a = factbot_chart::png(&chart).unwrap();
        let b = factbot_chart::png(&chart.clone()).unwrap();
        assert!(a == b, "{}: two runs differ", chart.title);
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
    }
}

//! A timeline answer carries the chart its picture is drawn from: the listed events, with
//! their dates and titles, and the asked range.

use factbot_engine::Syntax;

#[test]
fn the_chart_holds_the_listed_events_and_the_asked_range() {
    let engine = factbot_testkit::shipped_engine();
    let syntax = Syntax::Prefix("!");
    for (query, range) in [("", None), ("2014", Some("2014")), ("Bucharest", None)] {
        let answer = engine.run_line(&format!("timeline {query}")).unwrap();
        let chart = answer.timeline.expect("a timeline answer has a chart");
        assert!(!chart.events.is_empty());
        assert_eq!(chart.events.len(), answer.items.len(), "{query}");
        for (event, item) in chart.events.iter().zip(&answer.items) {
            let heading = item.heading.write(syntax);
            assert_eq!(heading, format!("{} — {}", event.date, event.title));
        }
        assert_eq!(chart.range.map(|r| r.to_string()).as_deref(), range);
        assert_eq!(chart.title, answer.title.write(syntax));
    }
    let none = engine.run_line("timeline 1066").unwrap();
    assert!(none.timeline.is_none(), "no events, no picture");
    let other = engine.run_line("article 4").unwrap();
    assert!(other.timeline.is_none());
}

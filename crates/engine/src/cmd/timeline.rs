//! `timeline [Y]`: events, all or those of a year, range, month or keyword.

use std::collections::BTreeSet;

use super::{reject_nothing, text_with, Cmd, CommandSpec, OptionKind, OptionSpec};
use crate::index::names::Lookup;
use crate::index::normalize::shorten;
use crate::index::words::{FactKinds, FactRef, RankQuery};
use crate::{Answer, AnswerKind, ChartEvent, CommandRef, Engine, Text, TimelineChart, MAX_ITEMS};
use factbot_knowledge::{Date, DateSpec};
use std::convert::Infallible;

/// Share of a keyword's words an event must contain to be listed.
const KEYWORD: f64 = 0.5;

/// What the user asked the timeline for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// Every event.
    All,
    /// The events that overlap a year, range, decade or month.
    Span(DateSpec),
    /// The events matching words or a person's name.
    Keyword(String),
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn month(s: &str) -> Option<u8> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let s = s.to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    FULL.iter()
        .position(|f| f.starts_with(&s))
        .map(|i| i as u8 + 1)
}

/// A day of the month: "31", "31st", "2nd".
fn day_number(s: &str) -> Option<u8> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    let ok = (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && ["", "st", "nd", "rd", "th"].contains(&suffix);
    ok.then(|| digits.parse().ok()).flatten()
}

/// A month as a number ("12") or a name ("december", "dec").
fn number_or_month(s: &str) -> Option<u8> {
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok().filter(|m| (1..=12).contains(m))
    } else {
        month(s)
    }
}

/// One day, when it exists ("2021-02-30" does not).
fn exact_day(year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Option<DateSpec> {
    let iso = format!("{:04}-{:02}-{:02}", year?, month?, day?);
    DateSpec::parse(&iso).ok()
}

fn span(a: Date, b: Date) -> Option<DateSpec> {
    (a.first_day() <= b.last_day()).then_some(DateSpec { start: a, end: b })
}

fn y(year: i32) -> Date {
    Date {
        year,
        month: None,
        day: None,
    }
}

/// Dated events: all, of a span, or matching a keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Which events.
    pub when: When,
}

impl Cmd for Timeline {
    const SPEC: CommandSpec = CommandSpec {
        name: "timeline",
        aliases: &["events", "when"],
        synopsis: "[YEAR | RANGE | MONTH YEAR | KEYWORD]",
        about: "Dated events, all or those of a year, range, month or topic.",
        description: "Dated events, optionally for a year or keyword",
        options: &[OptionSpec {
            name: "query",
            placeholder: "YEAR | RANGE | MONTH YEAR | KEYWORD",
            description: "A year or an event keyword",
            required: false,
            kind: OptionKind::Text,
        }],
        examples: &["2014", "2014-2015", "December 2021", "Bucharest"],
    };
    type Error = Infallible;

    fn parse(args: &str) -> Result<Timeline, Infallible> {
        Ok(Timeline { when: when(args) })
    }

    fn answer(&self, engine: &Engine) -> Answer {
        answer(engine, &self.when)
    }

    fn reject(error: &Infallible, engine: &Engine) -> Answer {
        reject_nothing(error, engine)
    }
}

/// Reads a year, range, decade, month or keyword.
pub fn when(args: &str) -> When {
    let t = args.trim();
    if t.is_empty() {
        return When::All;
    }
    let t: String = t.replace(['–', '—', '/'], "-");
    let lower = t.to_ascii_lowercase();
    let parts: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|p| !p.is_empty() && !["to", "until", "of", "in", "through"].contains(p))
        .collect();
    match parts.as_slice() {
        [a] if year(a).is_some() => return When::Span(DateSpec::year(year(a).unwrap_or_default())),
        [a] if a.len() == 5 && a.ends_with('s') && year(&a[..4]).is_some_and(|y| y % 10 == 0) => {
            let start = year(&a[..4]).unwrap_or_default();
            return When::Span(DateSpec {
                start: y(start),
                end: y(start + 9),
            });
        }
        [a, b] if year(a).is_some() => {
            let ya = year(a).unwrap_or_default();
            if let Some(yb) = year(b) {
                if let Some(s) = span(y(ya), y(yb)) {
                    return When::Span(s);
                }
            } else if b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit()) {
                let n: i32 = b.parse().unwrap_or(0);
                // "2014-15" is a range; "2021-12" a month (unless it is the next year, "2011-12").
                if n > 12 || n == (ya + 1) % 100 {
                    let yb = ya - ya % 100 + n;
                    if let Some(s) = span(y(ya), y(yb)) {
                        return When::Span(s);
                    }
                } else if n >= 1 {
                    let d = Date {
                        year: ya,
                        month: Some(n as u8),
                        day: None,
                    };
                    return When::Span(DateSpec { start: d, end: d });
                }
            } else if let Some(m) = month(b) {
                let d = Date {
                    year: ya,
                    month: Some(m),
                    day: None,
                };
                return When::Span(DateSpec { start: d, end: d });
            }
        }
        [a, m, d] if year(a).is_some() => {
            if let Some(day) = exact_day(year(a), number_or_month(m), day_number(d)) {
                return When::Span(day);
            }
        }
        [d, m, a] if year(a).is_some() && day_number(d).is_some() => {
            if let Some(day) = exact_day(year(a), month(m), day_number(d)) {
                return When::Span(day);
            }
        }
        [m, d, a] if year(a).is_some() && month(m).is_some() => {
            if let Some(day) = exact_day(year(a), month(m), day_number(d)) {
                return When::Span(day);
            }
        }
        [m, a] if year(a).is_some() && month(m).is_some() => {
            let d = Date {
                year: year(a).unwrap_or_default(),
                month: month(m),
                day: None,
            };
            return When::Span(DateSpec { start: d, end: d });
        }
        _ => {}
    }
    When::Keyword(args.trim().to_string())
}

fn answer(engine: &Engine, when: &When) -> Answer {
    let kb = engine.knowledge();
    match when {
        When::All => {
            let total = kb.events().len();
            let mut summary = Text::from(format!(
                "All {total} dated events in the fact base, in date order."
            ));
            summary.append(Engine::truncation_note(total, narrow("a year or a decade")));
            let answer = Answer::new(AnswerKind::Timeline, "Timeline").with_summary(summary);
            listing(
                engine,
                answer,
                engine.timeline.by_date.iter().copied(),
                None,
            )
        }
        When::Span(span) => {
            let found = engine.events_in(span);
            if found.is_empty() {
                return Answer::new(AnswerKind::NotFound, format!("Timeline: {span}"))
                    .with_summary(format!(
                        "The fact base has no event in {span}. Years with events: {}.",
                        year_list(&engine.timeline.years)
                    ));
            }
            let total = found.len();
            let mut summary = Text::from(format!(
                "{total} event{} in {span} (events that span it included), in date order.",
                if total == 1 { "" } else { "s" },
            ));
            summary.append(Engine::truncation_note(
                total,
                narrow("a shorter span: a month or a year"),
            ));
            let answer = Answer::new(AnswerKind::Timeline, format!("Timeline: {span}"))
                .with_summary(summary);
            listing(engine, answer, found, Some(span.clone()))
        }
        When::Keyword(k) => keyword(engine, k),
    }
}

fn keyword(engine: &Engine, k: &str) -> Answer {
    let kb = engine.knowledge();
    let shown = shorten(k, 80);
    let hits = engine
        .words
        .rank_top(k, &RankQuery::new(0.3, usize::MAX).kinds(FactKinds::EVENTS))
        .hits;
    let mut found: BTreeSet<usize> = hits
        .iter()
        .filter(|h| h.score >= KEYWORD)
        .filter_map(|h| match h.fact {
            FactRef::Event(i) => Some(i),
            _ => None,
        })
        .collect();
    let mut notice = None;
    match engine.names.people.lookup(k, 3) {
        Lookup::Exact { target } => found.extend(events_with(engine, target)),
        Lookup::Close { target, matched } if found.is_empty() => {
            found.extend(events_with(engine, target));
            notice = Some(Engine::fuzzy_notice(&kb.people()[target].name, &matched));
        }
        _ => {}
    }
    if found.is_empty() {
        return no_event(engine, k, &shown, &hits);
    }
    let mut ordered: Vec<usize> = found.into_iter().collect();
    ordered.sort_unstable_by_key(|&i| engine.timeline.rank[i]);
    let total = ordered.len();
    let mut summary = Text::from(format!(
        "{total} event{} matching “{shown}”, in date order.",
        if total == 1 { "" } else { "s" },
    ));
    summary.append(Engine::truncation_note(
        total,
        narrow("more words, or a year"),
    ));
    let mut answer =
        Answer::new(AnswerKind::Timeline, format!("Timeline: {shown}")).with_summary(summary);
    answer.notice = notice;
    listing(engine, answer, ordered, None)
}

/// The answer with its first [`MAX_ITEMS`] events listed, and the same events on its chart.
fn listing(
    engine: &Engine,
    mut answer: Answer,
    events: impl IntoIterator<Item = usize>,
    range: Option<DateSpec>,
) -> Answer {
    let shown: Vec<usize> = events.into_iter().take(MAX_ITEMS).collect();
    answer.items = shown.iter().map(|&i| engine.event_item(i)).collect();
    let kb = engine.knowledge();
    answer.timeline = Some(TimelineChart {
        title: answer.title.write(crate::Syntax::Prefix("")),
        range,
        events: shown
            .iter()
            .map(|&i| {
                let e = &kb.events()[i];
                ChartEvent {
                    date: e.date.clone(),
                    title: e.title.to_string(),
                }
            })
            .collect(),
    });
    answer
}

/// No event matches: what the sources say of it elsewhere (never "nothing on this" for
/// words that are in them), or "nothing" with the closest events.
fn no_event(engine: &Engine, k: &str, shown: &str, events: &[crate::index::words::Hit]) -> Answer {
    let rank = RankQuery::new(KEYWORD, super::search::MAX_HITS).kinds(FactKinds::EVERYTHING);
    let elsewhere = engine.related(k, &rank).hits;
    if elsewhere.is_empty() {
        let weak: Vec<String> = events
            .iter()
            .filter(|h| h.score >= 0.3)
            .take(3)
            .map(|h| engine.fact_label(h.fact))
            .collect();
        return engine.not_found_answer(shown, "event", weak);
    }
    let mut answer = Answer::new(AnswerKind::Search, format!("Timeline: {shown}")).with_summary(
        format!(
            "No dated event in the fact base matches “{shown}”. The sources speak of it here, most related first:"
        ),
    );
    answer.items = elsewhere.iter().map(|h| engine.scored_item(h)).collect();
    answer
}

fn events_with(engine: &Engine, person: usize) -> impl Iterator<Item = usize> + '_ {
    engine.per_person.events[person].iter().map(|&i| i as usize)
}

/// "Narrow it with a year (!timeline 2014)."
fn narrow(how: &str) -> Text {
    text_with(
        &format!("Narrow it with {how} ("),
        CommandRef::with_text(&Timeline::SPEC, "2014"),
        ").",
    )
}

/// Years as runs: "1949, 1955, 1990–1993, 2014".
fn year_list(years: &[i32]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        runs.push(match j - i {
            0 => years[i].to_string(),
            1 => format!("{}, {}", years[i], years[j]),
            _ => format!("{}–{}", years[i], years[j]),
        });
        i = j + 1;
    }
    runs.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(s: &str) -> String {
        match when(s) {
            When::Span(d) => d.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn reads_years_ranges_decades_and_months() {
        assert_eq!(span("2014"), "2014");
        assert_eq!(span("2014-2015"), "2014–2015");
        assert_eq!(span("2014–15"), "2014–2015");
        assert_eq!(span("2014 to 2015"), "2014–2015");
        assert_eq!(span("2011-12"), "2011–2012");
        assert_eq!(span("2021-12"), "December 2021");
        assert_eq!(span("December 2021"), "December 2021");
        assert_eq!(span("dec 2021"), "December 2021");
        assert_eq!(span("2021 December"), "December 2021");
        assert_eq!(span("1990s"), "1990–1999");
    }

    #[test]
    fn everything_else_is_a_keyword() {
        assert_eq!(when(""), When::All);
        assert_eq!(when("Bucharest"), When::Keyword("Bucharest".into()));
        assert_eq!(when("2015-2014"), When::Keyword("2015-2014".into()));
        assert_eq!(when("decibel 2021"), When::Keyword("decibel 2021".into()));
        assert_eq!(when("99999"), When::Keyword("99999".into()));
    }

    #[test]
    fn years_are_listed_as_runs() {
        assert_eq!(year_list(&[]), "");
        assert_eq!(year_list(&[2014]), "2014");
        assert_eq!(
            year_list(&[1949, 1990, 1991, 1997, 1998, 1999, 2014]),
            "1949, 1990, 1991, 1997–1999, 2014"
        );
    }
}

//! Dates: a fact's date is one its excerpts state, or its `date_basis` says what it rests on.

use super::super::Report;
use super::quoted::quoted_parts;
use super::Passages;
use crate::{Date, DateSpec};

/// Whether the excerpts state `date`: its year, its month's name at month precision, its day
/// at day precision ("31", "10th").
fn stated(date: &Date, passages: &Passages<'_>) -> bool {
    let has = |w: &str| passages.words.contains(w);
    let year = has(&date.year.to_string());
    let month = date.month.is_none()
        || date
            .month_name()
            .is_some_and(|name| has(&name.to_lowercase()));
    let day = date.day.is_none_or(|d| {
        ["", "st", "nd", "rd", "th"]
            .iter()
            .any(|suffix| has(&format!("{d}{suffix}")))
    });
    year && month && day
}

/// Whether the excerpts state `span`: both ends, or its decade ("1990s" for 1990/1999).
fn span_stated(span: &DateSpec, passages: &Passages<'_>) -> bool {
    let decade = span.start.year % 10 == 0
        && span.end.year == span.start.year + 9
        && span.start.month.is_none()
        && span.end.month.is_none()
        && passages.words.contains(&format!("{}s", span.start.year));
    decade || (stated(&span.start, passages) && stated(&span.end, passages))
}

/// Rejects a date its excerpts do not state unless `date_basis` says what it rests on,
/// quoting the excerpts' words for it ("In that month" after "In December"; "this year" in
/// a text written in January 2022). A `date_basis` that quotes nothing is rejected too (its
/// quotations are checked verbatim by [`super::quoted`]).
pub(crate) fn date_stated_or_based(
    report: &mut Report,
    file: &str,
    label: &str,
    date: &DateSpec,
    basis: Option<&str>,
    passages: &Passages<'_>,
) {
    match basis {
        Some(basis) if quoted_parts(basis).is_empty() => report.error(
            file,
            Some(label),
            "`date_basis` quotes none of the excerpts' words the date rests on",
        ),
        Some(_) => {}
        None if !span_stated(date, passages) => report.error(
            file,
            Some(label),
            format!("the excerpts do not state the date {}: give a `date_basis` quoting what it rests on, or leave the date out", date.iso()),
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{report, shown};
    use super::super::test_support::excerpts;
    use super::*;

    fn date(s: &str) -> DateSpec {
        DateSpec::parse(s).expect("a date")
    }

    #[test]
    fn rejects_a_date_the_excerpts_do_not_state() {
        let e = excerpts(&["The speech in February 2007 came first. Life was harder in the 1990s. On January 10th talks begin."]);
        let passages = Passages::new(&e);
        let mut r = report();
        let (file, label) = ("events.toml", "event \"e\"");
        for ok in ["2007", "2007-02", "1990/1999"] {
            date_stated_or_based(&mut r, file, label, &date(ok), None, &passages);
        }
        date_stated_or_based(
            &mut r,
            file,
            label,
            &date("2022-01-10"),
            Some("\"January 10th\" of \"this year\""),
            &passages,
        );
        assert!(r.errors.is_empty(), "{:?}", shown(&r));
        date_stated_or_based(&mut r, file, label, &date("2022-02"), None, &passages);
        date_stated_or_based(&mut r, file, label, &date("2007-03"), None, &passages);
        date_stated_or_based(
            &mut r,
            file,
            label,
            &date("2022-01-10"),
            Some("the text was written in 2022"),
            &passages,
        );
        assert_eq!(
            shown(&r),
            [
                "events.toml: event \"e\": the excerpts do not state the date 2022-02: give a `date_basis` quoting what it rests on, or leave the date out",
                "events.toml: event \"e\": the excerpts do not state the date 2007-03: give a `date_basis` quoting what it rests on, or leave the date out",
                "events.toml: event \"e\": `date_basis` quotes none of the excerpts' words the date rests on",
            ]
        );
    }
}

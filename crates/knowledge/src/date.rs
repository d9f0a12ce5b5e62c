//! Dates with their precision: a year, a month, a day, or a range of those.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a date did not parse. Each message quotes the text it was given (for a range, the part
/// at fault), as load errors show it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// A year, month or day is not made of (at most four) digits.
    #[error("`{input}`: {part} `{text}` is not a number")]
    NotANumber {
        /// The whole date as written.
        input: String,
        /// `"year"`, `"month"` or `"day"`.
        part: &'static str,
        /// The part that is not a number.
        text: String,
    },
    /// Not one, two or three parts separated by `-`.
    #[error("`{0}` is not YYYY, YYYY-MM or YYYY-MM-DD")]
    NotADate(String),
    /// The year has fewer than four digits.
    #[error("`{0}`: the year must have four digits")]
    ShortYear(String),
    /// The month is not 1 to 12.
    #[error("`{input}`: month {month} is not 1-12")]
    NoSuchMonth {
        /// The whole date as written.
        input: String,
        /// The month read.
        month: u32,
    },
    /// The day is 0 or past the month's last day.
    #[error("`{input}`: day {day} does not exist in that month")]
    NoSuchDay {
        /// The whole date as written.
        input: String,
        /// The day read.
        day: u32,
    },
    /// A range `A/B` whose end comes before its start.
    #[error("`{0}`: the range ends before it starts")]
    EndsBeforeStart(String),
}

/// One point in time, as precise as the text allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month (1–12), when the text gives it.
    pub month: Option<u8>,
    /// The day of the month, when the text gives it.
    pub day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, part: &'static str| -> Result<u32, DateError> {
            let digits = !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
            // At most four digits always fit.
            p.parse::<u32>()
                .ok()
                .filter(|_| digits)
                .ok_or_else(|| DateError::NotANumber {
                    input: s.to_string(),
                    part,
                    text: p.to_string(),
                })
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (num(y, "year")?, None, None),
            [y, m] => (num(y, "year")?, Some(num(m, "month")?), None),
            [y, m, d] => (
                num(y, "year")?,
                Some(num(m, "month")?),
                Some(num(d, "day")?),
            ),
            _ => return Err(DateError::NotADate(s.to_string())),
        };
        if parts[0].len() != 4 {
            return Err(DateError::ShortYear(s.to_string()));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::NoSuchMonth {
                    input: s.to_string(),
                    month: m,
                });
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d == 0 || d > days_in_month(year as i32, m) {
                return Err(DateError::NoSuchDay {
                    input: s.to_string(),
                    day: d,
                });
            }
        }
        Ok(Date {
            year: year as i32,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// The first day this date covers, as a sortable `YYYYMMDD` number.
    pub fn first_day(&self) -> u32 {
        self.year as u32 * 10000
            + self.month.unwrap_or(1) as u32 * 100
            + self.day.unwrap_or(1) as u32
    }

    /// The last day this date covers, as a sortable `YYYYMMDD` number.
    pub fn last_day(&self) -> u32 {
        let month = self.month.unwrap_or(12);
        let day = self
            .day
            .unwrap_or_else(|| days_in_month(self.year, month as u32) as u8);
        self.year as u32 * 10000 + month as u32 * 100 + day as u32
    }

    /// The ISO 8601 form [`Date::parse`] reads: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The English month name, if the date has a month.
    pub fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[m as usize - 1])
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month_name(), self.day) {
            (Some(m), Some(d)) => write!(f, "{d} {m} {}", self.year),
            (Some(m), None) => write!(f, "{m} {}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

/// A date or an inclusive range of dates (`2014/2015`, `2022-01-10/2022-01-13`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct DateSpec {
    /// The first date (the only one for a single date).
    pub start: Date,
    /// Equal to `start` for a single date.
    pub end: Date,
}

impl DateSpec {
    /// Parses a date or a range `A/B` (ISO 8601 interval notation).
    pub fn parse(s: &str) -> Result<DateSpec, DateError> {
        let (start, end) = match s.split_once('/') {
            Some((a, b)) => (Date::parse(a)?, Date::parse(b)?),
            None => {
                let d = Date::parse(s)?;
                (d, d)
            }
        };
        if start.first_day() > end.last_day() {
            return Err(DateError::EndsBeforeStart(s.to_string()));
        }
        Ok(DateSpec { start, end })
    }

    /// A single year.
    pub fn year(year: i32) -> DateSpec {
        let d = Date {
            year,
            month: None,
            day: None,
        };
        DateSpec { start: d, end: d }
    }

    /// The ISO 8601 form [`DateSpec::parse`] reads: the date, or the range `A/B`.
    pub fn iso(&self) -> String {
        if self.is_range() {
            format!("{}/{}", self.start.iso(), self.end.iso())
        } else {
            self.start.iso()
        }
    }

    /// Whether this is a range rather than one date.
    pub fn is_range(&self) -> bool {
        self.start != self.end
    }

    /// First covered day, `YYYYMMDD`.
    pub fn first_day(&self) -> u32 {
        self.start.first_day()
    }

    /// Last covered day, `YYYYMMDD`.
    pub fn last_day(&self) -> u32 {
        self.end.last_day()
    }

    /// Whether the two spans share at least one day.
    pub fn overlaps(&self, other: &DateSpec) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }

    /// Every year the span touches.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.start.year..=self.end.year
    }
}

impl TryFrom<String> for DateSpec {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        DateSpec::parse(&s)
    }
}

/// As its [`DateSpec::iso`] form, which is how it deserializes.
impl Serialize for DateSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.start, self.end);
        if a == b {
            return write!(f, "{a}");
        }
        match (a.month, a.day, b.month, b.day) {
            (Some(m1), Some(d1), Some(m2), Some(d2)) if a.year == b.year && m1 == m2 => {
                write!(
                    f,
                    "{d1}–{d2} {} {}",
                    a.month_name().unwrap_or_default(),
                    a.year
                )
            }
            (Some(_), None, Some(_), None) if a.year == b.year => write!(
                f,
                "{}–{} {}",
                a.month_name().unwrap_or_default(),
                b.month_name().unwrap_or_default(),
                a.year
            ),
            _ => write!(f, "{a}–{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(DateSpec::parse("1994").unwrap().to_string(), "1994");
        assert_eq!(
            DateSpec::parse("2021-12").unwrap().to_string(),
            "December 2021"
        );
        assert_eq!(
            DateSpec::parse("2021-12-31").unwrap().to_string(),
            "31 December 2021"
        );
        assert_eq!(
            DateSpec::parse("2014/2015").unwrap().to_string(),
            "2014–2015"
        );
        assert_eq!(
            DateSpec::parse("2022-01-10/2022-01-13")
                .unwrap()
                .to_string(),
            "10–13 January 2022"
        );
        assert_eq!(
            DateSpec::parse("2021-03/2021-05").unwrap().to_string(),
            "March–May 2021"
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "94",
            "2021-13",
            "2021-02-30",
            "2015/2014",
            "2021-1x",
            "soon",
            "2021-12-01-02",
        ] {
            assert!(DateSpec::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn errors_quote_the_text_at_fault() {
        let shown = |s: &str| DateSpec::parse(s).unwrap_err().to_string();
        assert_eq!(shown("soon"), "`soon`: year `soon` is not a number");
        assert_eq!(shown("2021-1x"), "`2021-1x`: month `1x` is not a number");
        assert_eq!(
            shown("2021-12-01-02"),
            "`2021-12-01-02` is not YYYY, YYYY-MM or YYYY-MM-DD"
        );
        assert_eq!(shown("94"), "`94`: the year must have four digits");
        assert_eq!(shown("2021-13"), "`2021-13`: month 13 is not 1-12");
        assert_eq!(
            shown("2021-02-30"),
            "`2021-02-30`: day 30 does not exist in that month"
        );
        assert_eq!(
            shown("2015/2014"),
            "`2015/2014`: the range ends before it starts"
        );
        assert_eq!(shown("2014/20x"), "`20x`: year `20x` is not a number");
        assert_eq!(
            DateSpec::parse("12345"),
            Err(DateError::NotANumber {
                input: "12345".into(),
                part: "year",
                text: "12345".into()
            })
        );
    }

    #[test]
    fn the_iso_form_parses_back() {
        for text in [
            "1994",
            "2021-03",
            "2021-12-31",
            "2014/2015",
            "2022-01-10/2022-01-13",
            "0800",
        ] {
            let spec = DateSpec::parse(text).unwrap();
            assert_eq!(spec.iso(), text);
            assert_eq!(DateSpec::parse(&spec.iso()), Ok(spec));
        }
    }

    #[test]
    fn spans_overlap_by_day() {
        let range = DateSpec::parse("2014/2015").unwrap();
        assert!(range.overlaps(&DateSpec::year(2014)));
        assert!(range.overlaps(&DateSpec::year(2015)));
        assert!(!range.overlaps(&DateSpec::year(2016)));
        let dec = DateSpec::parse("2021-12").unwrap();
        assert!(DateSpec::parse("2021-12-31").unwrap().overlaps(&dec));
        assert!(!DateSpec::parse("2022-01-10").unwrap().overlaps(&dec));
    }
}

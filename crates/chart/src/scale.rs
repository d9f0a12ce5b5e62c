//! Dates as day numbers, and the time axis: which days the picture covers, where a day is
//! drawn, and where the year (and month) ticks go.

use factbot_knowledge::{Date, DateSpec};

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn day_number(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A sortable `YYYYMMDD` number (as [`Date::first_day`] gives) as a day number.
fn from_yyyymmdd(n: u32) -> i64 {
    day_number((n / 10_000) as i32, n / 100 % 100, n % 100)
}

/// The days a date or span covers: its first day and the day after its last.
pub fn days(spec: &DateSpec) -> (i64, i64) {
    (
        from_yyyymmdd(spec.start.first_day()),
        from_yyyymmdd(spec.end.last_day()) + 1,
    )
}

/// How exact a single date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// A day or a month.
    Exact,
    /// Only a year.
    Year,
}

/// The precision of a date.
pub fn precision(d: &Date) -> Precision {
    if d.month.is_some() {
        Precision::Exact
    } else {
        Precision::Year
    }
}

/// The time axis: whole years from `first_year` to `end_year` (exclusive) over `x0..x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// The first year shown.
    pub first_year: i32,
    /// The year after the last one shown.
    pub end_year: i32,
    /// Left end in pixels.
    pub x0: f32,
    /// Right end in pixels.
    pub x1: f32,
}

impl Axis {
    /// The axis covering every day in `spans`, in whole years, over `x0..x1`.
    pub fn covering(spans: impl IntoIterator<Item = (i64, i64)>, x0: f32, x1: f32) -> Axis {
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for (a, b) in spans {
            lo = lo.min(a);
            hi = hi.max(b);
        }
        if lo > hi {
            (lo, hi) = (day_number(2000, 1, 1), day_number(2001, 1, 1));
        }
        let first_year = year_of(lo);
        let end_year = (year_of(hi - 1) + 1).max(first_year + 1);
        Axis {
            first_year,
            end_year,
            x0,
            x1,
        }
    }

    fn first_day(&self) -> i64 {
        day_number(self.first_year, 1, 1)
    }

    fn end_day(&self) -> i64 {
        day_number(self.end_year, 1, 1)
    }

    /// The x of the start of day `day`.
    pub fn x(&self, day: i64) -> f32 {
        let (a, b) = (self.first_day(), self.end_day());
        let t = (day - a) as f64 / (b - a) as f64;
        self.x0 + (f64::from(self.x1 - self.x0) * t) as f32
    }

    /// Pixels per year.
    pub fn per_year(&self) -> f32 {
        (self.x1 - self.x0) / (self.end_year - self.first_year) as f32
    }

    /// The labelled years: every `step` years, `step` chosen so labels are at least
    /// `min_gap` pixels apart.
    pub fn year_ticks(&self, min_gap: f32) -> Vec<i32> {
        let per_year = self.per_year();
        let step = [1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000]
            .into_iter()
            .find(|s| *s as f32 * per_year >= min_gap)
            .unwrap_or(1000);
        let first = self.first_year + (step - self.first_year.rem_euclid(step)) % step;
        (first..=self.end_year).step_by(step as usize).collect()
    }
}

/// The year a day number falls in.
pub fn year_of(day: i64) -> i32 {
    let mut y = (1970 + day.div_euclid(365)) as i32 + 1;
    while day_number(y, 1, 1) > day {
        y -= 1;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> DateSpec {
        DateSpec::parse(s).unwrap()
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1) - day_number(2000, 2, 1), 29);
        assert_eq!(day_number(2022, 1, 1) - day_number(2021, 1, 1), 365);
        assert_eq!(year_of(day_number(2021, 12, 31)), 2021);
        assert_eq!(year_of(day_number(2022, 1, 1)), 2022);
        assert_eq!(year_of(day_number(1949, 6, 1)), 1949);
    }

    #[test]
    fn a_span_covers_its_first_to_its_last_day() {
        let (a, b) = days(&spec("2014/2015"));
        assert_eq!(a, day_number(2014, 1, 1));
        assert_eq!(b, day_number(2016, 1, 1));
        let (a, b) = days(&spec("2021-12-31"));
        assert_eq!(b - a, 1);
        assert_eq!(days(&spec("2021-12")).1 - days(&spec("2021-12")).0, 31);
    }

    #[test]
    fn the_axis_covers_whole_years_and_ticks_at_round_ones() {
        let axis = Axis::covering([days(&spec("1990/1999")), days(&spec("2024"))], 0.0, 1000.0);
        assert_eq!((axis.first_year, axis.end_year), (1990, 2025));
        assert_eq!(axis.x(day_number(1990, 1, 1)), 0.0);
        assert_eq!(axis.x(day_number(2025, 1, 1)), 1000.0);
        assert_eq!(
            axis.year_ticks(100.0),
            vec![1990, 1995, 2000, 2005, 2010, 2015, 2020, 2025]
        );
        let one = Axis::covering([days(&spec("2014"))], 0.0, 1000.0);
        assert_eq!(one.year_ticks(100.0), vec![2014, 2015]);
    }
}

//! The two range inputs, one per kind of value, used by every field that
//! takes a range: `DateRange` for days (both ends inclusive, or the last N
//! days), `DateTimeRange` for instants (`from` inclusive, `to` exclusive).

use async_graphql::InputObject;
use chrono::{Datelike, NaiveDate, TimeDelta, Utc};

use super::scalars::{Date, DateTime};
use crate::data::Window;
use crate::error::{ApiError, ApiResult};
use crate::store::hours::Hours;

/// Longest range, in days (about ten years).
pub const MAX_RANGE_DAYS: u32 = 3660;

/// A range of UTC days, both ends inclusive: `from` / `to`, or the
/// `lastDays` ending with the anchor's own (partial) day; or a rolling
/// range of hours, the `lastHours` ending with the anchor's own (partial)
/// hour. An omitted end is the window's; nothing lies after the anchor.
#[derive(InputObject, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// First day (inclusive); defaults to the window's first day.
    pub from: Option<Date>,
    /// Last day (inclusive); defaults to the anchor's day, the window's last.
    pub to: Option<Date>,
    /// The last N days, ending with the anchor's day (1 to 3660). Not
    /// together with `from`, `to` or `lastHours`.
    pub last_days: Option<i32>,
    /// Whole days only: the range ends with the day before the anchor's
    /// (partial) day, so `{lastDays: 7, completeDays: true}` is the seven
    /// days up to yesterday and a KPI delta compares whole days with whole
    /// days. An explicit `to` must then lie before the anchor's day.
    pub complete_days: Option<bool>,
    /// The last N hours, ending with the anchor's (partial) hour (1 to
    /// 87840): `{lastHours: 24}` is "the last 24 hours". An anchor on the
    /// hour ends the range: its hours are then all whole. Not together with
    /// `from`, `to`, `lastDays` or `completeDays`. Hour-fine figures are
    /// each day's figures split across its hours (their hours add up to
    /// the day exactly); the series and the days it touches say which
    /// buckets the range cuts (`partial`).
    pub last_hours: Option<i32>,
    /// Whole hours only: a `lastHours` range ends with the hour before the
    /// anchor's, so `{lastHours: 24, completeHours: true}` compares 24 whole
    /// hours with the 24 before them.
    pub complete_hours: Option<bool>,
}

/// An interval of instants, `from` inclusive, `to` exclusive; either end open.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct DateTimeRange {
    /// Earliest instant (inclusive).
    pub from: Option<DateTime>,
    /// Latest instant (exclusive).
    pub to: Option<DateTime>,
}

/// `[from, to)` as UTC instants, checked.
pub type Instants = (Option<chrono::DateTime<Utc>>, Option<chrono::DateTime<Utc>>);

impl DateTimeRange {
    pub fn checked(range: Option<DateTimeRange>, name: &str) -> ApiResult<Instants> {
        let range = range.unwrap_or_default();
        let (from, to) = (range.from.map(|d| d.0), range.to.map(|d| d.0));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(ApiError::bad_input(format!("`{name}.from` must not be after `{name}.to`")));
        }
        Ok((from, to))
    }
}

/// A resolved range: whole UTC hours `[start, end)`; a range of days
/// starts and ends at midnights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: chrono::DateTime<Utc>,
    pub end: chrono::DateTime<Utc>,
}

/// Longest `lastHours`: as long as the longest range of days.
pub const MAX_RANGE_HOURS: i32 = MAX_RANGE_DAYS as i32 * 24;

fn bad(message: String) -> ApiError {
    ApiError::bad_input(message)
}

impl DateRange {
    /// The span a range names, checked against the window; `name` is the
    /// argument's path for messages (`range`, `filter.date`).
    pub fn resolve(range: Option<DateRange>, window: &Window, name: &str) -> ApiResult<Period> {
        let range = range.unwrap_or_default();
        if range.last_hours.is_some() {
            return Self::resolve_hours(range, window, name);
        }
        if range.complete_hours.is_some() {
            return Err(bad(format!(
                "`{name}.completeHours` goes with `{name}.lastHours`; for days use `{name}.completeDays`"
            )));
        }
        let complete = range.complete_days == Some(true);
        let today = window.date(window.last_day());
        let (first, last) = (window.date(0), if complete { today - TimeDelta::days(1) } else { today });
        if complete
            && let Some(Date(to)) = range.to
            && to >= today
        {
            return Err(bad(format!(
                "`{name}.to` ({to}) is the anchor's partial day or later, which `{name}.completeDays` leaves out; the last whole day is {last}"
            )));
        }
        let (from, to) = match (range.last_days, range.from, range.to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(bad(format!("`{name}.lastDays` cannot be combined with `{name}.from` or `{name}.to`")));
            }
            (Some(n), None, None) => {
                if !(1..=MAX_RANGE_DAYS as i32).contains(&n) {
                    return Err(bad(format!("`{name}.lastDays` must be between 1 and {MAX_RANGE_DAYS}, got {n}")));
                }
                (last - TimeDelta::days(n as i64 - 1), last)
            }
            (None, from, to) => (from.map_or(first, |d| d.0), to.map_or(last, |d| d.0)),
        };
        for (end, date) in [("from", from), ("to", to)] {
            if !(1..=9999).contains(&date.year()) {
                return Err(bad(format!("`{name}.{end}` must be in the years 1 to 9999, got {date}")));
            }
        }
        if from > to {
            return Err(bad(format!(
                "`{name}.from` ({from}) must not be after `{name}.to` ({to}); an omitted end is the window's ({first} to {last})"
            )));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_RANGE_DAYS as i64 {
            return Err(bad(format!("`{name}` may span at most {MAX_RANGE_DAYS} days, got {days} ({from} to {to})")));
        }
        let start = from.and_time(chrono::NaiveTime::MIN).and_utc();
        Ok(Period { start, end: start + TimeDelta::days(days) })
    }

    /// A `lastHours` range: the hours up to the anchor's (or, with
    /// `completeHours`, up to the hour before it).
    fn resolve_hours(range: DateRange, window: &Window, name: &str) -> ApiResult<Period> {
        let n = range.last_hours.unwrap_or(1);
        if range.from.is_some() || range.to.is_some() || range.last_days.is_some() || range.complete_days.is_some() {
            return Err(bad(format!(
                "`{name}.lastHours` cannot be combined with `{name}.from`, `{name}.to`, `{name}.lastDays` or `{name}.completeDays`"
            )));
        }
        if !(1..=MAX_RANGE_HOURS).contains(&n) {
            return Err(bad(format!("`{name}.lastHours` must be between 1 and {MAX_RANGE_HOURS}, got {n}")));
        }
        let hour = TimeDelta::hours(1);
        // The anchor's hour: its start, and its end (the anchor itself when
        // it falls on the hour, so the last hour is not an empty one).
        let day = window.anchor_day_start();
        let floor = day + TimeDelta::hours((window.end() - day).num_hours());
        let ceil = if floor == window.end() { floor } else { floor + hour };
        let end = if range.complete_hours == Some(true) { floor } else { ceil };
        Ok(Period { start: end - hour * n, end })
    }

    /// A range of whole days only, for what is kept per day (daily rows):
    /// `lastHours` is refused.
    pub fn resolve_days(range: Option<DateRange>, window: &Window, name: &str) -> ApiResult<Period> {
        if range.is_some_and(|r| r.last_hours.is_some() || r.complete_hours.is_some()) {
            return Err(bad(format!(
                "`{name}` selects daily rows, which are whole days: use `{name}.lastDays` or `from`/`to` rather than `{name}.lastHours`"
            )));
        }
        Self::resolve(range, window, name)
    }
}

impl Period {
    /// The first day it touches.
    pub fn from(self) -> NaiveDate {
        self.start.date_naive()
    }

    /// The last day it touches (inclusive).
    pub fn to(self) -> NaiveDate {
        (self.end.max(self.start + TimeDelta::hours(1)) - TimeDelta::hours(1)).date_naive()
    }

    /// The days it touches, whole or cut.
    pub fn days(self) -> u32 {
        ((self.to() - self.from()).num_days() + 1) as u32
    }

    /// Its length in hours.
    pub fn hours(self) -> i64 {
        (self.end - self.start).num_hours()
    }

    /// Whether both ends are midnights.
    pub fn is_whole_days(self) -> bool {
        self.start.time() == chrono::NaiveTime::MIN && self.end.time() == chrono::NaiveTime::MIN
    }

    /// The equally long period just before.
    pub fn previous(self) -> ApiResult<Period> {
        let length = self.end - self.start;
        let start = self
            .start
            .checked_sub_signed(length)
            .filter(|s| s.year() >= 1)
            .ok_or_else(|| bad("the previous period lies before the earliest supported date".into()))?;
        Ok(Period { start, end: self.start })
    }

    /// As window hours (0 = the window's first midnight; may lie outside it).
    pub fn window_hours(self, window: &Window) -> Hours {
        let at = |t: chrono::DateTime<Utc>| (t - window.start()).num_hours();
        Hours { start: at(self.start), end: at(self.end) }
    }

    /// The window days it touches (0 = the window's first; may lie outside it).
    pub fn window_days(self, window: &Window) -> std::ops::Range<i64> {
        self.window_hours(window).touched()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::new("2025-01-19T14:00:00Z".parse().unwrap(), 30)
    }

    fn range(from: Option<&str>, to: Option<&str>, last_days: Option<i32>) -> Option<DateRange> {
        let date = |s: Option<&str>| s.map(|s| Date(s.parse().unwrap()));
        Some(DateRange { from: date(from), to: date(to), last_days, ..Default::default() })
    }

    #[test]
    fn ranges_resolve_against_the_window() {
        let w = window();
        let whole = DateRange::resolve(None, &w, "range").unwrap();
        assert_eq!(
            (whole.from().to_string(), whole.to().to_string(), whole.days()),
            ("2024-12-21".into(), "2025-01-19".into(), 30)
        );
        let last7 = DateRange::resolve(range(None, None, Some(7)), &w, "range").unwrap();
        assert_eq!((last7.from().to_string(), last7.days()), ("2025-01-13".into(), 7));
        assert_eq!(last7.window_days(&w), 23..30);
        let prev = last7.previous().unwrap();
        assert_eq!((prev.from().to_string(), prev.to().to_string()), ("2025-01-06".into(), "2025-01-12".into()));
        let from_only = DateRange::resolve(range(Some("2025-01-10"), None, None), &w, "range").unwrap();
        assert_eq!(from_only.to().to_string(), "2025-01-19");
    }

    #[test]
    fn complete_days_end_before_the_anchors_day() {
        let w = window();
        let whole = |r: Option<DateRange>| r.map(|r| DateRange { complete_days: Some(true), ..r });
        let last7 = DateRange::resolve(whole(range(None, None, Some(7))), &w, "range").unwrap();
        assert_eq!((last7.from().to_string(), last7.to().to_string()), ("2025-01-12".into(), "2025-01-18".into()));
        let window_whole =
            DateRange::resolve(Some(DateRange { complete_days: Some(true), ..Default::default() }), &w, "range")
                .unwrap();
        assert_eq!((window_whole.from().to_string(), window_whole.days()), ("2024-12-21".into(), 29));
        let e = DateRange::resolve(whole(range(None, Some("2025-01-19"), None)), &w, "range").unwrap_err();
        assert!(e.to_string().contains("last whole day is 2025-01-18"), "{e}");
        let explicit =
            DateRange::resolve(whole(range(Some("2025-01-01"), Some("2025-01-10"), None)), &w, "range").unwrap();
        assert_eq!(explicit.days(), 10);
    }

    #[test]
    fn last_hours_end_with_the_anchors_hour() {
        let w = window();
        let hours = |n: i32, complete: Option<bool>| {
            DateRange::resolve(
                Some(DateRange { last_hours: Some(n), complete_hours: complete, ..Default::default() }),
                &w,
                "range",
            )
        };
        let day = hours(24, None).unwrap();
        assert_eq!(
            (day.start.to_rfc3339(), day.end.to_rfc3339()),
            ("2025-01-18T14:00:00+00:00".into(), "2025-01-19T14:00:00+00:00".into())
        );
        assert_eq!(
            (day.from().to_string(), day.to().to_string(), day.days(), day.hours()),
            ("2025-01-18".into(), "2025-01-19".into(), 2, 24)
        );
        assert!(!day.is_whole_days());
        // On the hour, the anchor's hour is empty: whole hours or not, the
        // range ends at the anchor.
        assert_eq!(hours(24, Some(true)).unwrap(), day);
        assert_eq!(day.previous().unwrap().end, day.start);
        // 2024-12-21T00:00Z is window hour 0; the anchor is hour 29 × 24 + 14.
        let span = day.window_hours(&w);
        assert_eq!((span.start, span.end), (28 * 24 + 14, 29 * 24 + 14));
        let w = Window::new("2025-01-19T14:30:00Z".parse().unwrap(), 30);
        let half =
            DateRange::resolve(Some(DateRange { last_hours: Some(2), ..Default::default() }), &w, "range").unwrap();
        assert_eq!(half.end.to_rfc3339(), "2025-01-19T15:00:00+00:00", "the partial hour ends it");
        let whole = Some(DateRange { last_hours: Some(2), complete_hours: Some(true), ..Default::default() });
        assert_eq!(DateRange::resolve(whole, &w, "range").unwrap().end.to_rfc3339(), "2025-01-19T14:00:00+00:00");
        let w = window();
        assert_eq!(day.window_days(&w), 28..30);
        assert!(hours(0, None).is_err());
        let mixed = Some(DateRange { last_hours: Some(3), last_days: Some(1), ..Default::default() });
        assert!(DateRange::resolve(mixed, &w, "range").unwrap_err().to_string().contains("range.lastHours"));
        let e =
            DateRange::resolve_days(Some(DateRange { last_hours: Some(3), ..Default::default() }), &w, "filter.date")
                .unwrap_err();
        assert!(e.to_string().contains("whole days"), "{e}");
        let stray = Some(DateRange { complete_hours: Some(true), ..Default::default() });
        assert!(DateRange::resolve(stray, &w, "range").is_err());
        let days = DateRange::resolve(range(None, None, Some(7)), &w, "range").unwrap();
        assert!(days.is_whole_days());
        assert_eq!(days.window_hours(&w).whole_days(), Some(23..30));
    }

    #[test]
    fn bad_ranges_name_their_argument() {
        let w = window();
        let e = DateRange::resolve(range(Some("2025-01-10"), None, Some(3)), &w, "filter.date").unwrap_err();
        assert!(e.to_string().contains("filter.date.lastDays"), "{e}");
        let e = DateRange::resolve(range(Some("2025-01-10"), Some("2025-01-01"), None), &w, "range").unwrap_err();
        assert!(e.to_string().contains("must not be after"), "{e}");
        assert!(DateRange::resolve(range(None, None, Some(0)), &w, "range").is_err());
    }
}

//! The two range inputs, one per kind of value, used by every field that
//! takes a range: `DateRange` for days (both ends inclusive, or the last N
//! days), `DateTimeRange` for instants (`from` inclusive, `to` exclusive).

use async_graphql::InputObject;
use chrono::{Datelike, Days, NaiveDate, TimeDelta, Utc};

use super::scalars::{Date, DateTime};
use crate::data::Window;
use crate::error::{ApiError, ApiResult};

/// Longest range, in days (about ten years).
pub const MAX_RANGE_DAYS: u32 = 3660;

/// A range of UTC days, both ends inclusive: `from` / `to`, or the
/// `lastDays` ending with the anchor's own (partial) day. An omitted end is
/// the window's; nothing lies after the anchor's day.
#[derive(InputObject, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// First day (inclusive); defaults to the window's first day.
    pub from: Option<Date>,
    /// Last day (inclusive); defaults to the anchor's day, the window's last.
    pub to: Option<Date>,
    /// The last N days, ending with the anchor's day (1 to 3660). Not
    /// together with `from` or `to`.
    pub last_days: Option<i32>,
    /// Whole days only: the range ends with the day before the anchor's
    /// (partial) day, so `{lastDays: 7, completeDays: true}` is the seven
    /// days up to yesterday and a KPI delta compares whole days with whole
    /// days. An explicit `to` must then lie before the anchor's day.
    pub complete_days: Option<bool>,
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

/// A resolved day range: `days` whole UTC days from `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: NaiveDate,
    pub days: u32,
}

impl DateRange {
    /// The days a range names, checked against the window; `name` is the
    /// argument's path for messages (`range`, `filter.date`).
    pub fn resolve(range: Option<DateRange>, window: &Window, name: &str) -> ApiResult<Period> {
        let range = range.unwrap_or_default();
        let complete = range.complete_days == Some(true);
        let today = window.date(window.last_day());
        let (first, last) = (window.date(0), if complete { today - TimeDelta::days(1) } else { today });
        if complete
            && let Some(Date(to)) = range.to
            && to >= today
        {
            return Err(ApiError::bad_input(format!(
                "`{name}.to` ({to}) is the anchor's partial day or later, which `{name}.completeDays` leaves out; the last whole day is {last}"
            )));
        }
        let (from, to) = match (range.last_days, range.from, range.to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(ApiError::bad_input(format!(
                    "`{name}.lastDays` cannot be combined with `{name}.from` or `{name}.to`"
                )));
            }
            (Some(n), None, None) => {
                if !(1..=MAX_RANGE_DAYS as i32).contains(&n) {
                    return Err(ApiError::bad_input(format!(
                        "`{name}.lastDays` must be between 1 and {MAX_RANGE_DAYS}, got {n}"
                    )));
                }
                (last - TimeDelta::days(n as i64 - 1), last)
            }
            (None, from, to) => (from.map_or(first, |d| d.0), to.map_or(last, |d| d.0)),
        };
        for (end, date) in [("from", from), ("to", to)] {
            if !(1..=9999).contains(&date.year()) {
                return Err(ApiError::bad_input(format!("`{name}.{end}` must be in the years 1 to 9999, got {date}")));
            }
        }
        if from > to {
            return Err(ApiError::bad_input(format!(
                "`{name}.from` ({from}) must not be after `{name}.to` ({to}); an omitted end is the window's ({first} to {last})"
            )));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_RANGE_DAYS as i64 {
            return Err(ApiError::bad_input(format!(
                "`{name}` may span at most {MAX_RANGE_DAYS} days, got {days} ({from} to {to})"
            )));
        }
        Ok(Period { from, days: days as u32 })
    }
}

impl Period {
    /// The last day (inclusive).
    pub fn to(self) -> NaiveDate {
        self.from + Days::new(self.days as u64 - 1)
    }

    /// The equally long period just before.
    pub fn previous(self) -> ApiResult<Period> {
        let from = self
            .from
            .checked_sub_days(Days::new(self.days as u64))
            .ok_or_else(|| ApiError::bad_input("the previous period lies before the earliest supported date"))?;
        Ok(Period { from, days: self.days })
    }

    /// As window days (0 = the window's first; may lie outside it).
    pub fn window_days(self, window: &Window) -> std::ops::Range<i64> {
        let start = (self.from - window.date(0)).num_days();
        start..start + self.days as i64
    }

    /// `[start, end)` as UTC instants, the days being local days at `offset`.
    pub fn instants(self, offset: TimeDelta) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
        let start = self.from.and_time(chrono::NaiveTime::MIN).and_utc() - offset;
        (start, start + TimeDelta::days(self.days as i64))
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
        Some(DateRange { from: date(from), to: date(to), last_days, complete_days: None })
    }

    #[test]
    fn ranges_resolve_against_the_window() {
        let w = window();
        let whole = DateRange::resolve(None, &w, "range").unwrap();
        assert_eq!(
            (whole.from.to_string(), whole.to().to_string(), whole.days),
            ("2024-12-21".into(), "2025-01-19".into(), 30)
        );
        let last7 = DateRange::resolve(range(None, None, Some(7)), &w, "range").unwrap();
        assert_eq!((last7.from.to_string(), last7.days), ("2025-01-13".into(), 7));
        assert_eq!(last7.window_days(&w), 23..30);
        let prev = last7.previous().unwrap();
        assert_eq!((prev.from.to_string(), prev.to().to_string()), ("2025-01-06".into(), "2025-01-12".into()));
        let from_only = DateRange::resolve(range(Some("2025-01-10"), None, None), &w, "range").unwrap();
        assert_eq!(from_only.to().to_string(), "2025-01-19");
    }

    #[test]
    fn complete_days_end_before_the_anchors_day() {
        let w = window();
        let whole = |r: Option<DateRange>| r.map(|r| DateRange { complete_days: Some(true), ..r });
        let last7 = DateRange::resolve(whole(range(None, None, Some(7))), &w, "range").unwrap();
        assert_eq!((last7.from.to_string(), last7.to().to_string()), ("2025-01-12".into(), "2025-01-18".into()));
        let window_whole =
            DateRange::resolve(Some(DateRange { complete_days: Some(true), ..Default::default() }), &w, "range")
                .unwrap();
        assert_eq!((window_whole.from.to_string(), window_whole.days), ("2024-12-21".into(), 29));
        let e = DateRange::resolve(whole(range(None, Some("2025-01-19"), None)), &w, "range").unwrap_err();
        assert!(e.to_string().contains("last whole day is 2025-01-18"), "{e}");
        let explicit =
            DateRange::resolve(whole(range(Some("2025-01-01"), Some("2025-01-10"), None)), &w, "range").unwrap();
        assert_eq!(explicit.days, 10);
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

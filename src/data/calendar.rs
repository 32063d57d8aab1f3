//! The time frame of a dataset: the anchor time ("now") and the window of
//! whole UTC days before it that the daily records cover.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeDelta, Utc, Weekday};

pub const SECONDS_PER_DAY: i64 = 86_400;

/// Business hours in UTC, `[start, end)`: 09:00–17:00.
pub const BUSINESS_HOURS: std::ops::Range<u32> = 9..17;

/// How many times busier a business hour is than any other hour.
pub const BUSINESS_HOUR_WEIGHT: f64 = 3.0;

/// Window days: `days` whole UTC days ending at the start of the anchor's day.
///
/// Daily metrics and cost records hold one row per agent per window day;
/// the conversation sample lies inside the window too. The anchor's own
/// (partial) day is not rolled up yet, as in a real nightly pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub anchor: DateTime<Utc>,
    pub days: u32,
}

impl Window {
    pub fn new(anchor: DateTime<Utc>, days: u32) -> Self {
        Window { anchor, days }
    }

    /// First instant after the window: 00:00 UTC of the anchor's day.
    pub fn end(&self) -> DateTime<Utc> {
        self.anchor.date_naive().and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(self.anchor)
    }

    /// First instant of the window.
    pub fn start(&self) -> DateTime<Utc> {
        self.end() - Duration::days(self.days as i64)
    }

    /// 00:00 UTC of window day `day` (0 = oldest).
    pub fn day_start(&self, day: u32) -> DateTime<Utc> {
        self.start() + Duration::days(day as i64)
    }

    pub fn date(&self, day: u32) -> NaiveDate {
        self.day_start(day).date_naive()
    }

    /// Window day index of a date, if inside the window.
    pub fn day_of(&self, date: NaiveDate) -> Option<u32> {
        let offset = (date - self.start().date_naive()).num_days();
        (0..self.days as i64).contains(&offset).then_some(offset as u32)
    }

    /// Window day index of an instant, if inside the window.
    pub fn day_of_instant(&self, at: DateTime<Utc>) -> Option<u32> {
        self.day_of(at.date_naive())
    }

    pub fn is_weekend(&self, day: u32) -> bool {
        is_weekend(self.date(day))
    }

    /// `anchor - seconds`.
    pub fn before_anchor(&self, seconds: i64) -> DateTime<Utc> {
        self.anchor - TimeDelta::seconds(seconds)
    }
}

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Relative weight of each UTC hour of the day (business hours 3×).
pub fn hour_weights() -> [f64; 24] {
    let mut weights = [1.0; 24];
    for hour in BUSINESS_HOURS {
        weights[hour as usize] = BUSINESS_HOUR_WEIGHT;
    }
    weights
}

pub fn is_business_hour(hour: u32) -> bool {
    BUSINESS_HOURS.contains(&hour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_ends_at_the_start_of_the_anchor_day() {
        let anchor: DateTime<Utc> = "2025-01-19T14:00:00Z".parse().unwrap();
        let window = Window::new(anchor, 30);
        assert_eq!(window.end().to_rfc3339(), "2025-01-19T00:00:00+00:00");
        assert_eq!(window.start().to_rfc3339(), "2024-12-20T00:00:00+00:00");
        assert_eq!(window.date(29).to_string(), "2025-01-18");
        assert_eq!(window.day_of(window.date(7)), Some(7));
        assert_eq!(window.day_of(anchor.date_naive()), None);
        assert!(window.is_weekend(window.day_of("2025-01-18".parse().unwrap()).unwrap()));
    }
}

//! The time frame of a dataset: the anchor time ("now"), the window of UTC
//! days that ends with the anchor's own (partial) day, the public holidays
//! traffic dips on, and the shape of a day's traffic.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeDelta, Timelike, Utc, Weekday};

pub const SECONDS_PER_DAY: i64 = 86_400;

/// Business hours in UTC, `[start, end)`: 09:00–17:00.
pub const BUSINESS_HOURS: std::ops::Range<u32> = 9..17;

/// The window: `days` UTC days ending with the anchor's own day.
///
/// Every day but the last is whole; the last is the anchor's day, partial:
/// it holds traffic from its midnight up to the anchor, so "today" tiles and
/// last-24-hour charts are full up to now and nothing lies after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub anchor: DateTime<Utc>,
    pub days: u32,
}

impl Window {
    pub fn new(anchor: DateTime<Utc>, days: u32) -> Self {
        Window { anchor, days }
    }

    /// The end of the window: the anchor itself.
    pub fn end(&self) -> DateTime<Utc> {
        self.anchor
    }

    /// 00:00 UTC of the anchor's day.
    pub fn anchor_day_start(&self) -> DateTime<Utc> {
        self.anchor.date_naive().and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(self.anchor)
    }

    /// First instant of the window: midnight of its first day.
    pub fn start(&self) -> DateTime<Utc> {
        self.anchor_day_start() - Duration::days(self.days as i64 - 1)
    }

    /// 00:00 UTC of window day `day` (0 = oldest).
    pub fn day_start(&self, day: u32) -> DateTime<Utc> {
        self.start() + Duration::days(day as i64)
    }

    /// The end of window day `day`: the next midnight, or the anchor on the last day.
    pub fn day_end(&self, day: u32) -> DateTime<Utc> {
        (self.day_start(day) + Duration::days(1)).min(self.anchor)
    }

    pub fn date(&self, day: u32) -> NaiveDate {
        self.day_start(day).date_naive()
    }

    /// The anchor's own day, the window's last.
    pub fn last_day(&self) -> u32 {
        self.days - 1
    }

    /// Window day index of a date, if inside the window.
    pub fn day_of(&self, date: NaiveDate) -> Option<u32> {
        let offset = (date - self.start().date_naive()).num_days();
        (0..self.days as i64).contains(&offset).then_some(offset as u32)
    }

    /// Window day index of an instant, if inside the window (before the anchor).
    pub fn day_of_instant(&self, at: DateTime<Utc>) -> Option<u32> {
        if at >= self.anchor {
            return None;
        }
        self.day_of(at.date_naive())
    }

    pub fn is_weekend(&self, day: u32) -> bool {
        is_weekend(self.date(day))
    }

    /// How much of UTC hour `hour` of window day `day` lies before `until`
    /// (and before the anchor): 1 for a whole hour, 0 for none.
    pub fn hour_coverage(&self, day: u32, hour: u32, until: DateTime<Utc>) -> f64 {
        let start = self.day_start(day) + TimeDelta::hours(hour as i64);
        let limit = until.min(self.anchor);
        let seconds = (limit - start).num_seconds().clamp(0, 3600);
        seconds as f64 / 3600.0
    }
}

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The public holiday on `date`, if any: the days a business-facing fleet
/// sees weekend-like traffic. A fixed list (UTC dates), documented in the
/// README: New Year's Day, Good Friday, Easter Monday, Memorial Day (US),
/// Independence Day (US), Labor Day (US), Thanksgiving and the day after
/// (US), Christmas Eve, Christmas Day, Boxing Day and New Year's Eve.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let nth_weekday = |weekday: Weekday, n: u8| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n);
    let last_monday_of_may =
        || (25..=31).rev().filter_map(|d| NaiveDate::from_ymd_opt(year, 5, d)).find(|d| d.weekday() == Weekday::Mon);
    let easter = easter_sunday(year);
    let name = match (month, day) {
        (1, 1) => "New Year's Day",
        (7, 4) => "Independence Day",
        (12, 24) => "Christmas Eve",
        (12, 25) => "Christmas Day",
        (12, 26) => "Boxing Day",
        (12, 31) => "New Year's Eve",
        _ if easter.and_then(|e| e.checked_sub_days(chrono::Days::new(2))) == Some(date) => "Good Friday",
        _ if easter.and_then(|e| e.checked_add_days(chrono::Days::new(1))) == Some(date) => "Easter Monday",
        (5, _) if last_monday_of_may() == Some(date) => "Memorial Day",
        (9, _) if nth_weekday(Weekday::Mon, 1) == Some(date) => "Labor Day",
        (11, _) if nth_weekday(Weekday::Thu, 4) == Some(date) => "Thanksgiving",
        (11, _) if nth_weekday(Weekday::Thu, 4).and_then(|t| t.succ_opt()) == Some(date) => "Day after Thanksgiving",
        _ => return None,
    };
    Some(name)
}

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Whether a date sees weekend-like traffic: a weekend or a public holiday.
pub fn is_quiet_day(date: NaiveDate) -> bool {
    is_weekend(date) || holiday(date).is_some()
}

/// The fleet's typical traffic per UTC hour (relative): a night low, a
/// morning ramp, a late-morning peak, a lunch dip, an afternoon peak and an
/// evening tail. Business hours (09–17) average about 3.5× the other hours
/// here; agents shift and soften the curve (see [`diurnal_shape`]), so the
/// fleet's traffic shows about 3×.
pub const DIURNAL: [f64; 24] = [
    0.22, 0.18, 0.15, 0.14, 0.15, 0.20, 0.32, 0.55, 0.92, 1.30, 1.58, 1.55, 1.08, 1.20, 1.52, 1.46, 1.26, 0.95, 0.68,
    0.50, 0.42, 0.37, 0.31, 0.26,
];

/// One agent's traffic shape: the fleet curve shifted by `shift` hours
/// (positive: later) and flattened by `flatness` (0: the fleet's shape, 1:
/// flat), normalised to sum to 24.
pub fn diurnal_shape(shift: f64, flatness: f64) -> [f64; 24] {
    let mut weights = [0.0; 24];
    for (hour, w) in weights.iter_mut().enumerate() {
        // Linear interpolation on the circular curve.
        let x = (hour as f64 - shift).rem_euclid(24.0);
        let (lo, frac) = (x.floor() as usize % 24, x - x.floor());
        let value = DIURNAL[lo] * (1.0 - frac) + DIURNAL[(lo + 1) % 24] * frac;
        *w = value * (1.0 - flatness) + flatness;
    }
    let total: f64 = weights.iter().sum();
    weights.map(|w| w * 24.0 / total)
}

pub fn is_business_hour(hour: u32) -> bool {
    BUSINESS_HOURS.contains(&hour)
}

/// The UTC hour of an instant.
pub fn hour_of(at: DateTime<Utc>) -> u32 {
    at.hour()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_ends_at_the_anchor_with_a_partial_day() {
        let anchor: DateTime<Utc> = "2025-01-19T14:00:00Z".parse().unwrap();
        let window = Window::new(anchor, 30);
        assert_eq!(window.end(), anchor);
        assert_eq!(window.start().to_rfc3339(), "2024-12-21T00:00:00+00:00");
        assert_eq!(window.date(29).to_string(), "2025-01-19");
        assert_eq!(window.day_end(29), anchor);
        assert_eq!(window.day_of(anchor.date_naive()), Some(29));
        assert_eq!(window.day_of_instant(anchor), None, "the anchor itself is after the window");
        assert_eq!(window.hour_coverage(29, 13, anchor), 1.0);
        assert_eq!(window.hour_coverage(29, 14, anchor), 0.0);
        let half = "2025-01-19T14:30:00Z".parse().unwrap();
        assert_eq!(Window::new(half, 30).hour_coverage(29, 14, half), 0.5);
        assert!(window.is_weekend(window.day_of("2025-01-18".parse().unwrap()).unwrap()));
    }

    #[test]
    fn holidays_fall_on_their_dates() {
        let name = |s: &str| holiday(s.parse().unwrap());
        assert_eq!(name("2024-12-25"), Some("Christmas Day"));
        assert_eq!(name("2025-01-01"), Some("New Year's Day"));
        assert_eq!(name("2025-04-18"), Some("Good Friday"));
        assert_eq!(name("2025-04-21"), Some("Easter Monday"));
        assert_eq!(name("2025-05-26"), Some("Memorial Day"));
        assert_eq!(name("2025-09-01"), Some("Labor Day"));
        assert_eq!(name("2025-11-27"), Some("Thanksgiving"));
        assert_eq!(name("2025-11-28"), Some("Day after Thanksgiving"));
        assert_eq!(name("2025-01-15"), None);
    }

    #[test]
    fn business_hours_are_about_three_times_busier() {
        let ratio = |w: &[f64]| {
            let business: f64 = w[9..17].iter().sum::<f64>() / 8.0;
            let other: f64 = (w[..9].iter().chain(&w[17..])).sum::<f64>() / 16.0;
            business / other
        };
        assert!((3.3..3.7).contains(&ratio(&DIURNAL)), "{}", ratio(&DIURNAL));
        // A typical agent: shifted a quarter hour, softened a little.
        let typical = diurnal_shape(0.25, 0.075);
        assert!((2.8..3.3).contains(&ratio(&typical)), "{}", ratio(&typical));
        assert!((typical.iter().sum::<f64>() - 24.0).abs() < 1e-9);
        assert!(typical[11] > typical[3] && typical[12] < typical[11]);
    }
}

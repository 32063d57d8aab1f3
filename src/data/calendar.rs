//! The time frame of a dataset: the anchor time ("now"), the window of UTC
//! days that ends with the anchor's own (partial) day, the workspace's home
//! time zone (where its people keep business hours, weekends and
//! holidays), the public holidays traffic dips on, and the shape of a
//! day's traffic for each audience.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc, Weekday};
use chrono_tz::Tz;

pub const SECONDS_PER_DAY: i64 = 86_400;

/// `zone`'s standard time at `at` (no daylight saving).
pub fn standard_time(zone: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    use chrono::TimeZone;
    use chrono_tz::OffsetComponents;
    let base = zone.offset_from_utc_datetime(&at.naive_utc()).base_utc_offset();
    at.naive_utc() + base
}

/// Business hours in the home time zone, `[start, end)`: 09:00–17:00.
pub const BUSINESS_HOURS: std::ops::Range<u32> = 9..17;

/// The workspace's home time zone unless configured: its text is a US
/// company's on Eastern time (support hours "9–6 Eastern", US holidays).
pub const DEFAULT_ZONE: Tz = chrono_tz::America::New_York;

/// The window: `days` UTC days ending with the anchor's own day.
///
/// Every day but the last is whole; the last is the anchor's day, partial:
/// it holds traffic from its midnight up to the anchor, so "today" tiles and
/// last-24-hour charts are full up to now and nothing lies after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub anchor: DateTime<Utc>,
    pub days: u32,
    /// The home time zone: business hours, weekends and holidays are its.
    pub zone: Tz,
}

impl Window {
    /// The window in the default home time zone.
    pub fn new(anchor: DateTime<Utc>, days: u32) -> Self {
        Window { anchor, days, zone: DEFAULT_ZONE }
    }

    /// The window with its people in `zone`.
    pub fn zoned(anchor: DateTime<Utc>, days: u32, zone: Tz) -> Self {
        Window { anchor, days, zone }
    }

    /// The home zone's standard time at `at` (its offset without daylight
    /// saving): people's hours follow it, so moving the anchor by whole
    /// weeks moves every date and nothing else, in March and November too.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        standard_time(self.zone, at)
    }

    /// The local date and hour of the middle of UTC hour `hour` of window
    /// day `day` (the middle: a zone half an hour off UTC takes the hour
    /// most of it falls in).
    pub fn local_hour(&self, day: u32, hour: u32) -> (NaiveDate, u32) {
        let local = self.local(self.day_start(day) + TimeDelta::minutes(i64::from(hour) * 60 + 30));
        (local.date(), local.hour())
    }

    /// What each UTC hour of window day `day` is locally: its date's type
    /// and its local hour.
    pub fn local_hours(&self, day: u32) -> [(DayType, u32); 24] {
        std::array::from_fn(|h| {
            let (date, hour) = self.local_hour(day, h as u32);
            (day_type(date), hour)
        })
    }

    /// Whether `at` falls in local business hours on a working day.
    pub fn is_business_time(&self, at: DateTime<Utc>) -> bool {
        let local = self.local(at);
        is_business_hour(local.hour())
    }

    /// The UTC offset of the home zone at `at`, in whole hours (rounded down).
    pub fn offset_hours(&self, at: DateTime<Utc>) -> i64 {
        (self.local(at) - at.naive_utc()).num_minutes().div_euclid(60)
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

/// The public holiday on `date` (a local date of the home zone), if any:
/// the US company's, documented in docs/dataset.md: New Year's Day, Martin
/// Luther King Jr. Day, Presidents' Day, Memorial Day, Juneteenth,
/// Independence Day, Labor Day, Thanksgiving and the day after, Christmas
/// Eve, Christmas Day and New Year's Eve.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let nth_weekday = |weekday: Weekday, n: u8| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n);
    let last_monday_of_may =
        || (25..=31).rev().filter_map(|d| NaiveDate::from_ymd_opt(year, 5, d)).find(|d| d.weekday() == Weekday::Mon);
    let name = match (month, day) {
        (1, 1) => "New Year's Day",
        (6, 19) => "Juneteenth",
        (7, 4) => "Independence Day",
        (12, 24) => "Christmas Eve",
        (12, 25) => "Christmas Day",
        (12, 31) => "New Year's Eve",
        (1, _) if nth_weekday(Weekday::Mon, 3) == Some(date) => "Martin Luther King Jr. Day",
        (2, _) if nth_weekday(Weekday::Mon, 3) == Some(date) => "Presidents' Day",
        (5, _) if last_monday_of_may() == Some(date) => "Memorial Day",
        (9, _) if nth_weekday(Weekday::Mon, 1) == Some(date) => "Labor Day",
        (11, _) if nth_weekday(Weekday::Thu, 4) == Some(date) => "Thanksgiving",
        (11, _) if nth_weekday(Weekday::Thu, 4).and_then(|t| t.succ_opt()) == Some(date) => "Day after Thanksgiving",
        _ => return None,
    };
    Some(name)
}

/// What a local date is to the workspace's people and customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayType {
    Working,
    Weekend,
    Holiday(&'static str),
    /// A working day between Christmas and New Year's Eve: offices run
    /// thin, shoppers return gifts.
    Festive,
}

impl DayType {
    /// Whether the day keeps weekend hours (a weekend or a holiday).
    pub fn is_off(self) -> bool {
        matches!(self, DayType::Weekend | DayType::Holiday(_))
    }
}

/// The type of local date `date`.
pub fn day_type(date: NaiveDate) -> DayType {
    if let Some(name) = holiday(date) {
        DayType::Holiday(name)
    } else if is_weekend(date) {
        DayType::Weekend
    } else if date.month() == 12 && (26..=30).contains(&date.day()) {
        DayType::Festive
    } else {
        DayType::Working
    }
}

/// Whether a date sees less than a working day's traffic: a weekend, a
/// public holiday or a day of the week between Christmas and New Year.
pub fn is_quiet_day(date: NaiveDate) -> bool {
    day_type(date) != DayType::Working
}

/// Who talks to an agent: the company's customers or its employees. They
/// keep different weeks: customers shop in the evening and at weekends,
/// employees work office hours and stay away at weekends and holidays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Customers,
    Employees,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::Customers, Audience::Employees];

    /// Who an agent of `kind` talks to.
    pub fn of(kind: super::kinds::AgentKind) -> Audience {
        if kind.is_customer_facing() { Audience::Customers } else { Audience::Employees }
    }

    /// An agent's weekend traffic against its working days' (each agent
    /// draws its own within the range).
    pub fn weekend_range(self) -> (f64, f64) {
        match self {
            Audience::Customers => (0.68, 0.88),
            Audience::Employees => (0.18, 0.3),
        }
    }

    /// Where the fleet's calibration may take an agent's weekend factor
    /// (the seed's "weekdays 2× weekends" holds for the fleet).
    pub fn weekend_bounds(self) -> (f64, f64) {
        match self {
            Audience::Customers => (0.5, 0.9),
            Audience::Employees => (0.12, 0.35),
        }
    }

    /// Traffic on a holiday or a festive day against a working day's.
    pub fn day_factor(self, day: DayType, weekend: f64) -> f64 {
        use Audience::*;
        match (day, self) {
            (DayType::Working, _) => 1.0,
            (DayType::Weekend, _) => weekend,
            (DayType::Festive, Customers) => 0.9,
            (DayType::Festive, Employees) => 0.35,
            (DayType::Holiday(name), audience) => {
                let (customers, employees) = match name {
                    "New Year's Day" => (0.45, 0.04),
                    "Martin Luther King Jr. Day" | "Presidents' Day" => (0.7, 0.35),
                    "Juneteenth" => (0.7, 0.25),
                    "Memorial Day" | "Labor Day" => (0.65, 0.06),
                    "Independence Day" => (0.5, 0.04),
                    "Thanksgiving" => (0.35, 0.03),
                    // Black Friday: the shops' busiest day.
                    "Day after Thanksgiving" => (1.2, 0.15),
                    "Christmas Eve" => (0.55, 0.1),
                    "Christmas Day" => (0.25, 0.03),
                    "New Year's Eve" => (0.5, 0.1),
                    _ => (weekend, weekend),
                };
                if audience == Customers { customers } else { employees }
            }
        }
    }

    /// The audience's traffic by local hour on a working day (index 0) and
    /// on a weekend or holiday (index 1), each summing to 24.
    pub fn shapes(self) -> [[f64; 24]; 2] {
        let (working, off) = match self {
            Audience::Customers => (&CUSTOMERS_WORKING, &CUSTOMERS_OFF),
            Audience::Employees => (&EMPLOYEES_WORKING, &EMPLOYEES_OFF),
        };
        [normalised(working), normalised(off)]
    }
}

fn normalised(curve: &[f64; 24]) -> [f64; 24] {
    let total: f64 = curve.iter().sum();
    curve.map(|w| w * 24.0 / total)
}

/// Employees on a working day, by local hour: a morning ramp from 7, the
/// peak before lunch, a lunch dip, the afternoon and a long evening tail.
const EMPLOYEES_WORKING: [f64; 24] = [
    0.1, 0.07, 0.05, 0.05, 0.06, 0.12, 0.28, 0.62, 1.2, 1.75, 1.85, 1.72, 1.18, 1.5, 1.72, 1.58, 1.28, 0.85, 0.58,
    0.45, 0.38, 0.3, 0.22, 0.15,
];
/// Employees on a day off: a few catching up, late morning to afternoon.
const EMPLOYEES_OFF: [f64; 24] = [
    0.1, 0.06, 0.04, 0.03, 0.03, 0.05, 0.1, 0.3, 0.7, 1.1, 1.4, 1.5, 1.4, 1.4, 1.35, 1.2, 1.0, 0.8, 0.6, 0.5, 0.45,
    0.35, 0.25, 0.15,
];
/// Customers on a working day: the morning, lunch breaks and a second
/// peak after work.
const CUSTOMERS_WORKING: [f64; 24] = [
    0.3, 0.18, 0.12, 0.09, 0.09, 0.13, 0.26, 0.5, 0.85, 1.2, 1.42, 1.5, 1.38, 1.42, 1.45, 1.4, 1.32, 1.25, 1.3, 1.32,
    1.2, 0.98, 0.72, 0.48,
];
/// Customers at the weekend: a later start and a flat afternoon.
const CUSTOMERS_OFF: [f64; 24] = [
    0.35, 0.22, 0.14, 0.1, 0.09, 0.11, 0.18, 0.34, 0.62, 0.98, 1.3, 1.48, 1.52, 1.5, 1.46, 1.4, 1.34, 1.3, 1.32, 1.3,
    1.2, 1.0, 0.78, 0.55,
];

/// The model providers' load by UTC hour against its daily mean: the
/// world's traffic, peaking in the US working day. Replies slow with it,
/// whatever the workspace's own zone.
pub fn provider_load(at: DateTime<Utc>) -> f64 {
    // The fleet curve, read on US Eastern standard time.
    let h = (at.hour() + 24 - 5) % 24;
    let mean = DIURNAL.iter().sum::<f64>() / 24.0;
    DIURNAL[h as usize] / mean
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
    shaped(&DIURNAL, shift, flatness)
}

/// `curve` shifted by `shift` hours (positive: later) and flattened by
/// `flatness` (0: as it is, 1: flat), normalised to sum to 24.
pub fn shaped(curve: &[f64; 24], shift: f64, flatness: f64) -> [f64; 24] {
    let mut weights = [0.0; 24];
    for (hour, w) in weights.iter_mut().enumerate() {
        // Linear interpolation on the circular curve.
        let x = (hour as f64 - shift).rem_euclid(24.0);
        let (lo, frac) = (x.floor() as usize % 24, x - x.floor());
        let value = curve[lo] * (1.0 - frac) + curve[(lo + 1) % 24] * frac;
        *w = value * (1.0 - flatness) + flatness;
    }
    let total: f64 = weights.iter().sum();
    weights.map(|w| w * 24.0 / total)
}

pub fn is_business_hour(hour: u32) -> bool {
    BUSINESS_HOURS.contains(&hour)
}

/// The UTC hour of an instant (an index into a daily row's hours).
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
        // The home zone's standard time: 14:00 UTC is 9 AM in New York, in
        // January and (daylight saving not followed) in July.
        assert_eq!(window.local_hour(29, 14), ("2025-01-19".parse().unwrap(), 9));
        assert_eq!(window.local_hour(29, 3), ("2025-01-18".parse().unwrap(), 22));
        let july = Window::new("2025-07-16T18:00:00Z".parse().unwrap(), 30);
        assert_eq!(july.local_hour(29, 14).1, 9);
        let tokyo = Window::zoned(anchor, 30, chrono_tz::Asia::Tokyo);
        assert_eq!(tokyo.local_hour(29, 14), ("2025-01-19".parse().unwrap(), 23));
    }

    #[test]
    fn holidays_fall_on_their_dates() {
        let name = |s: &str| holiday(s.parse().unwrap());
        assert_eq!(name("2024-12-25"), Some("Christmas Day"));
        assert_eq!(name("2025-01-01"), Some("New Year's Day"));
        assert_eq!(name("2025-01-20"), Some("Martin Luther King Jr. Day"));
        assert_eq!(name("2025-02-17"), Some("Presidents' Day"));
        assert_eq!(name("2025-06-19"), Some("Juneteenth"));
        assert_eq!(name("2025-04-18"), None, "Good Friday is no US federal holiday");
        assert_eq!(name("2024-12-26"), None);
        assert_eq!(day_type("2024-12-26".parse().unwrap()), DayType::Festive);
        assert_eq!(day_type("2024-12-28".parse().unwrap()), DayType::Weekend);
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

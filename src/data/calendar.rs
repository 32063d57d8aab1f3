//! The time frame of a dataset: the anchor time ("now"), the window of UTC
//! days that ends with the anchor's own (partial) day, the workspace's home
//! time zone (where its people keep business hours, weekends and
//! holidays), the public holidays traffic dips on, and the shape of a
//! day's traffic for each audience.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::kinds::AgentKind;
use super::rng::{Streams, normal, uniform};

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
    /// thin, and the customers' too.
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
/// keep different weeks: customers (the platform's users, from small teams
/// to enterprises, across the country's time zones) keep writing into the
/// West Coast's afternoon, the home zone's evening, and some plan their
/// week at weekends; employees work office hours and stay away at weekends
/// and holidays.
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
            (DayType::Festive, Customers) => 0.7,
            (DayType::Festive, Employees) => 0.35,
            (DayType::Holiday(name), audience) => {
                let (customers, employees) = match name {
                    "New Year's Day" => (0.45, 0.04),
                    "Martin Luther King Jr. Day" | "Presidents' Day" => (0.7, 0.35),
                    "Juneteenth" => (0.7, 0.25),
                    "Memorial Day" | "Labor Day" => (0.65, 0.06),
                    "Independence Day" => (0.5, 0.04),
                    "Thanksgiving" => (0.35, 0.03),
                    // Most customers' offices close too; the self-serve
                    // plan's Black Friday offer brings some in.
                    "Day after Thanksgiving" => (0.55, 0.12),
                    "Christmas Eve" => (0.45, 0.1),
                    // The quietest day of the year, the office shut.
                    "Christmas Day" => (0.18, 0.02),
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
/// peak before lunch, a lunch dip (each day's [`Mood`] deepens it), the
/// afternoon and a long evening tail.
const EMPLOYEES_WORKING: [f64; 24] = [
    0.08, 0.06, 0.05, 0.05, 0.06, 0.12, 0.28, 0.6, 1.2, 1.75, 1.85, 1.72, 1.25, 1.42, 1.86, 1.72, 1.36, 0.88, 0.55,
    0.42, 0.35, 0.27, 0.19, 0.12,
];
/// Employees on a day off: a few catching up from late morning, no lunch
/// break to speak of, and the evening before the week (Sundays, see
/// [`Rhythm`]).
const EMPLOYEES_OFF: [f64; 24] = [
    0.1, 0.06, 0.04, 0.03, 0.03, 0.04, 0.07, 0.13, 0.28, 0.55, 0.88, 1.12, 1.2, 1.25, 1.25, 1.18, 1.05, 0.9, 0.78, 0.8,
    0.8, 0.66, 0.42, 0.22,
];
/// Customers on a working day: the morning, the East's late morning
/// and lunch, and a long afternoon as the Central and Pacific zones' working
/// days run on: their evening stays busy where the office's has emptied.
const CUSTOMERS_WORKING: [f64; 24] = [
    0.2, 0.12, 0.09, 0.07, 0.07, 0.11, 0.22, 0.46, 0.88, 1.25, 1.45, 1.52, 1.58, 1.26, 1.22, 1.12, 1.04, 1.04, 1.02,
    1.0, 0.92, 0.74, 0.45, 0.28,
];
/// Customers at the weekend: a late start, a long afternoon climbing to the
/// evening (small teams planning their week).
const CUSTOMERS_OFF: [f64; 24] = [
    0.36, 0.22, 0.13, 0.09, 0.08, 0.08, 0.1, 0.18, 0.35, 0.62, 0.95, 1.2, 1.35, 1.4, 1.38, 1.36, 1.36, 1.4, 1.5, 1.65,
    1.72, 1.5, 1.08, 0.66,
];

/// A kind's week: its working days' traffic, Monday to Friday, against
/// their mean; Saturday and Sunday against the weekend's mean; and the
/// range its agents draw their weekend share from (inside its audience's
/// [`Audience::weekend_bounds`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Week {
    pub weekdays: [f64; 5],
    pub weekend_days: [f64; 2],
    pub weekend: (f64, f64),
}

impl Week {
    /// The week of agents of `kind`: new hires start on Mondays, expenses
    /// are filed before the weekend, training fills midweek, customers
    /// write in on Mondays about what broke in the weekend's runs and
    /// imports, buyers compare midweek.
    pub fn of(kind: AgentKind) -> Week {
        use AgentKind::*;
        let (weekdays, weekend_days, weekend) = match kind {
            CustomerSupport => ([1.42, 1.04, 0.94, 0.88, 0.76], [0.92, 1.08], (0.74, 0.88)),
            SalesAssistant => ([0.98, 1.04, 1.2, 1.02, 0.84], [1.12, 0.88], (0.6, 0.78)),
            LeadQualification => ([1.12, 1.22, 1.0, 0.92, 0.76], [0.96, 1.04], (0.64, 0.8)),
            HrOnboarding => ([1.6, 1.08, 0.88, 0.8, 0.64], [0.8, 1.2], (0.14, 0.22)),
            ItSupport => ([1.4, 1.04, 0.94, 0.9, 0.72], [1.0, 1.0], (0.24, 0.32)),
            KnowledgeBase => ([1.08, 1.26, 1.0, 0.9, 0.76], [0.85, 1.15], (0.18, 0.26)),
            DocumentAnalyzer => ([0.98, 1.02, 1.06, 1.16, 0.78], [0.9, 1.1], (0.22, 0.3)),
            MeetingScheduler => ([1.1, 1.32, 1.0, 0.9, 0.68], [0.7, 1.3], (0.14, 0.22)),
            ExpenseReport => ([0.86, 0.86, 0.92, 1.04, 1.32], [0.8, 1.2], (0.2, 0.3)),
            TrainingAssistant => ([0.92, 1.06, 1.24, 1.04, 0.74], [0.9, 1.1], (0.16, 0.24)),
        };
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (work, off) = (mean(&weekdays), mean(&weekend_days));
        Week { weekdays: weekdays.map(|w| w / work), weekend_days: weekend_days.map(|w| w / off), weekend }
    }

    /// `date`'s traffic against the week's mean working day, before
    /// holidays: a weekday's share, or a weekend day's times `weekend`.
    pub fn factor(&self, date: NaiveDate, weekend: f64) -> f64 {
        match date.weekday().num_days_from_monday() as usize {
            d @ 0..5 => self.weekdays[d],
            d => weekend * self.weekend_days[(d - 5).min(1)],
        }
    }
}

/// What makes one local date's hours unlike another's in the whole
/// workspace: the office's morning or afternoon, its lunch, an all-hands,
/// the customers' evening, a product announcement's email.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Mood {
    /// Employees' morning against afternoon: log-scale, per five hours past 13:00.
    tilt: f64,
    /// The lunch dip: its local hour (12 or 13) and the share of it lost.
    lunch_hour: u32,
    lunch_depth: f64,
    /// The local hour of an all-hands meeting, if the office holds one.
    all_hands: Option<u32>,
    /// The first of two local hours of a push (a deadline, a release), if any.
    push: Option<u32>,
    /// Customers' lunch break (11:00–13:00) against its usual.
    lunch_break: f64,
    /// Customers' evening (18:00–22:00) against its usual.
    evening: f64,
    /// The local hour a promotion's email goes out, if one does.
    promotion: Option<u32>,
}

impl Mood {
    /// A day without a mood of its own: the curves' usual hours.
    const USUAL: Mood = Mood {
        tilt: 0.0,
        lunch_hour: 12,
        lunch_depth: 0.25,
        all_hands: None,
        push: None,
        lunch_break: 1.0,
        evening: 1.0,
        promotion: None,
    };

    fn draw(rng: &mut ChaCha8Rng) -> Mood {
        Mood {
            tilt: 0.4 * normal(rng),
            lunch_hour: if rng.random::<f64>() < 0.6 { 12 } else { 13 },
            lunch_depth: uniform(rng, 0.05, 0.5),
            all_hands: (rng.random::<f64>() < 0.3).then(|| 10 + rng.random_range(0..6u32)),
            push: (rng.random::<f64>() < 0.3).then(|| 9 + rng.random_range(0..8u32)),
            lunch_break: (0.25 * normal(rng)).exp(),
            evening: (0.3 * normal(rng)).exp(),
            promotion: (rng.random::<f64>() < 0.25).then(|| 9 + rng.random_range(0..9u32)),
        }
    }
}

/// One agent's calendar: its kind's week, the workspace's mood of each
/// local date and its own, and the hours of holidays. Moods are keyed by
/// the local date's place in the window (from the day before its first),
/// so a whole-week shift of the anchor keeps them.
#[derive(Clone, Debug)]
pub struct Rhythm {
    audience: Audience,
    week: Week,
    streams: Streams,
    agent: u64,
    /// The local date before the window's first UTC day.
    origin: NaiveDate,
    /// (workspace mood, the agent's own tilt) by local date from `origin`.
    moods: Vec<(Mood, f64)>,
}

/// Local dates a window's moods are kept for beyond its days (the local
/// date before the first UTC day and after the last).
const MOOD_MARGIN: u32 = 3;

impl Rhythm {
    /// Agent row `agent`'s calendar over `window`.
    pub fn new(streams: &Streams, window: &Window, agent: usize, kind: AgentKind) -> Rhythm {
        let origin = window.start().date_naive() - Duration::days(1);
        let mut rhythm = Rhythm {
            audience: Audience::of(kind),
            week: Week::of(kind),
            streams: *streams,
            agent: agent as u64,
            origin,
            moods: Vec::new(),
        };
        let workspace = streams.records("calendar.moods");
        let own = streams.records("calendar.agent_moods");
        rhythm.moods = (0..u64::from(window.days + MOOD_MARGIN)).map(|k| rhythm.mood_at(&workspace, &own, k)).collect();
        // The anchor's day is a usual day: its partial hours are read as
        // "today so far" against the same hours of the weeks before, and one
        // day's mood (an evening, an all-hands, a promotion) in a few
        // hours would make that comparison a coin toss.
        for at in [window.anchor_day_start(), window.anchor] {
            let k = (window.local(at).date() - origin).num_days();
            if let Some(mood) = usize::try_from(k).ok().and_then(|k| rhythm.moods.get_mut(k)) {
                *mood = (Mood::USUAL, 0.0);
            }
        }
        rhythm
    }

    /// The week of the agent's kind.
    pub fn week(&self) -> &Week {
        &self.week
    }

    fn mood_at(&self, workspace: &super::rng::RecordStreams, own: &super::rng::RecordStreams, k: u64) -> (Mood, f64) {
        let mood = Mood::draw(&mut workspace.get(k));
        let tilt = 0.12 * normal(&mut own.get((self.agent << 20) | (k & 0xF_FFFF)));
        (mood, tilt)
    }

    /// The moods of local `date` (drawn on demand past the kept ones: the
    /// live simulator runs on after the window).
    fn mood(&self, date: NaiveDate) -> (Mood, f64) {
        let k = (date - self.origin).num_days().max(0) as u64;
        match self.moods.get(k as usize) {
            Some(&m) => m,
            None => {
                self.mood_at(&self.streams.records("calendar.moods"), &self.streams.records("calendar.agent_moods"), k)
            }
        }
    }

    /// Traffic in local hour `hour` of local `date` against the agent's
    /// mean working-day hour: its day's share of a working week (its kind's
    /// weekday, the weekend, a holiday, the days after Christmas) times the
    /// hour's share of that day. `shapes` are the agent's working-day and
    /// day-off curves, `weekend` its weekend share.
    pub fn weight(&self, shapes: &[[f64; 24]; 2], weekend: f64, date: NaiveDate, hour: u32) -> f64 {
        let kind = day_type(date);
        let hours = self.day_hours(&shapes[usize::from(kind.is_off())], date, kind);
        hours[hour as usize % 24] * self.day_factor(date, kind, weekend)
    }

    /// The traffic of local `date` against a mean working day.
    pub fn day_factor(&self, date: NaiveDate, kind: DayType, weekend: f64) -> f64 {
        let base = match kind {
            DayType::Working | DayType::Weekend => self.week.factor(date, weekend),
            _ => self.audience.day_factor(kind, weekend),
        };
        base * turn_of_year(date, self.audience)
    }

    /// The hours of local `date`, summing to 24: the agent's curve under
    /// the day's moods, its weekday's habits and its holiday's.
    fn day_hours(&self, shape: &[f64; 24], date: NaiveDate, kind: DayType) -> [f64; 24] {
        let (mood, own) = self.mood(date);
        let weekday = date.weekday();
        let mut m = [1.0f64; 24];
        let mut scale = |hours: std::ops::RangeInclusive<u32>, by: f64| {
            for h in hours.filter(|h| *h < 24) {
                m[h as usize] *= by;
            }
        };
        match (self.audience, kind.is_off()) {
            (Audience::Employees, false) => {
                scale(mood.lunch_hour..=mood.lunch_hour, 1.0 - mood.lunch_depth);
                if let Some(h) = mood.all_hands {
                    scale(h..=h, 0.4);
                    scale(h + 1..=h + 1, 1.3);
                }
                if let Some(h) = mood.push {
                    scale(h..=h + 1, 1.45);
                }
                match weekday {
                    // The Monday-morning rush: the weekend's backlog.
                    Weekday::Mon => scale(7..=10, 1.4),
                    // A quiet Friday afternoon.
                    Weekday::Fri => {
                        scale(13..=13, 0.85);
                        scale(14..=18, 0.62);
                    }
                    _ => {}
                }
            }
            (Audience::Employees, true) => {
                // The evening before the week.
                if weekday == Weekday::Sun {
                    scale(18..=22, 1.35);
                } else {
                    scale(18..=22, 0.7);
                }
            }
            (Audience::Customers, off) => {
                // A weekend's evening is out of the week's routine: it moves less.
                scale(18..=22, if off { mood.evening.sqrt() } else { mood.evening });
                scale(11..=13, mood.lunch_break);
                if let Some(h) = mood.promotion.filter(|_| !off) {
                    scale(h..=h, 1.8);
                    scale(h + 1..=h + 2, 1.3);
                }
                match weekday {
                    Weekday::Mon => scale(8..=11, 1.3),
                    Weekday::Sun => scale(18..=22, 1.1),
                    _ => {}
                }
            }
        }
        holiday_hours(kind, &mut scale);
        // The morning against the afternoon, the office's and the agent's own.
        // Nights keep their usual share.
        let tilt = match (self.audience, kind.is_off()) {
            (Audience::Employees, false) => mood.tilt + own,
            _ => 0.7 * mood.tilt + own,
        };
        for (h, w) in m.iter_mut().enumerate().take(20).skip(7) {
            *w *= (tilt * (13.0 - h as f64) / 5.0).exp();
        }
        let mut hours: [f64; 24] = std::array::from_fn(|h| shape[h] * m[h]);
        let total: f64 = hours.iter().sum();
        if total > 0.0 {
            hours = hours.map(|w| w * 24.0 / total);
        }
        hours
    }
}

/// How a holiday's hours differ from a day off's: Christmas Eve's
/// last-minute morning, Christmas Day's quiet day and the evening of those
/// who open the laptop, New Year's Eve's early close, New Year's Day's late
/// start, Thanksgiving's empty afternoon and Black Friday's late start.
fn holiday_hours(kind: DayType, scale: &mut impl FnMut(std::ops::RangeInclusive<u32>, f64)) {
    match kind {
        DayType::Holiday("Christmas Eve") => {
            scale(8..=12, 1.3);
            scale(16..=23, 0.4);
        }
        DayType::Holiday("Christmas Day") => {
            scale(0..=9, 0.5);
            scale(10..=12, 0.9);
            scale(14..=17, 0.55);
            scale(18..=21, 1.25);
        }
        DayType::Holiday("New Year's Eve") => scale(17..=23, 0.45),
        DayType::Holiday("New Year's Day") => scale(0..=10, 0.4),
        DayType::Holiday("Thanksgiving") => scale(13..=19, 0.4),
        DayType::Holiday("Day after Thanksgiving") => scale(6..=10, 0.6),
        _ => {}
    }
}

/// The turn of the year: the office stays away on December 26, and on
/// the first two working days of January everyone is back at once, with
/// two weeks' backlog and the year's plans (new projects, new seats,
/// renewals): customer-facing traffic is 1.6x and 1.25x a working day's,
/// the office's own 1.15x on the first.
pub fn turn_of_year(date: NaiveDate, audience: Audience) -> f64 {
    if (date.month(), date.day(), audience) == (12, 26, Audience::Employees) {
        return 0.7;
    }
    match (first_working_days_of_january(date), audience) {
        (Some(1), Audience::Customers) => 1.6,
        (Some(2), Audience::Customers) => 1.25,
        (Some(1), Audience::Employees) => 1.15,
        _ => 1.0,
    }
}

/// Which of January's working days `date` is (1, 2, …), among the first
/// two; `None` for any other date.
pub fn first_working_days_of_january(date: NaiveDate) -> Option<u32> {
    if date.month() != 1 || day_type(date) != DayType::Working {
        return None;
    }
    let nth =
        (1..=date.day()).filter_map(|d| date.with_day(d)).filter(|&d| day_type(d) == DayType::Working).count() as u32;
    (nth <= 2).then_some(nth)
}

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
    fn each_kind_keeps_its_own_week_inside_its_audience() {
        use crate::data::kinds::AgentKind;
        for kind in AgentKind::ALL {
            let week = Week::of(kind);
            let mean = week.weekdays.iter().sum::<f64>() / 5.0;
            assert!((mean - 1.0).abs() < 1e-9 && (week.weekend_days.iter().sum::<f64>() - 2.0).abs() < 1e-9);
            let (lo, hi) = Audience::of(kind).weekend_bounds();
            assert!(lo <= week.weekend.0 && week.weekend.1 <= hi, "{kind:?}");
        }
        let monday_over_friday = |kind| Week::of(kind).weekdays[0] / Week::of(kind).weekdays[4];
        assert!(monday_over_friday(AgentKind::HrOnboarding) > 2.0);
        assert!(monday_over_friday(AgentKind::ExpenseReport) < 0.7);
    }

    #[test]
    fn a_day_keeps_its_share_whatever_its_mood() {
        use crate::data::kinds::AgentKind;
        let anchor: DateTime<Utc> = "2025-01-19T14:00:00Z".parse().unwrap();
        let window = Window::new(anchor, 30);
        let streams = Streams::new(12345);
        let shapes = Audience::Customers.shapes();
        let rhythm = Rhythm::new(&streams, &window, 3, AgentKind::CustomerSupport);
        let day_share = |date: &str| {
            let date: NaiveDate = date.parse().unwrap();
            (0..24).map(|h| rhythm.weight(&shapes, 0.8, date, h)).sum::<f64>() / 24.0
        };
        // A Monday, a Sunday, January's first working day (a Thursday),
        // the day after Christmas, Christmas Day.
        let week = Week::of(AgentKind::CustomerSupport);
        assert!((day_share("2025-01-13") - week.weekdays[0]).abs() < 1e-9);
        assert!((day_share("2025-01-12") - 0.8 * week.weekend_days[1]).abs() < 1e-9);
        assert!((day_share("2025-01-02") - 1.6 * week.weekdays[3]).abs() < 1e-9, "{}", day_share("2025-01-02"));
        assert!(day_share("2024-12-26") < 0.75 && day_share("2024-12-25") < 0.2);
        // Moods make two Wednesdays' hours differ; the same date draws the same.
        let hours = |date: &str| -> Vec<f64> {
            let date: NaiveDate = date.parse().unwrap();
            (0..24).map(|h| rhythm.weight(&shapes, 0.8, date, h)).collect()
        };
        assert_ne!(hours("2025-01-08"), hours("2025-01-15"));
        let again = Rhythm::new(&streams, &window, 3, AgentKind::CustomerSupport);
        let date: NaiveDate = "2025-01-08".parse().unwrap();
        assert_eq!(hours("2025-01-08"), (0..24).map(|h| again.weight(&shapes, 0.8, date, h)).collect::<Vec<_>>());
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

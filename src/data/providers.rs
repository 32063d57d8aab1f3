//! The model providers' weather: what every agent on one model shares.
//! Real fleets see their latency drift from day to day with the
//! provider's load and fail together when a provider has an incident;
//! agents drawn one by one never do. So each model has
//!
//! - a day-to-day latency drift (a slow random walk, in log2 of the
//!   median: about ±9% from day to day, ±20% over a month), and
//! - incidents: one every ten days or so per model on average, any day
//!   of the window (they vary by seed), lasting 20 minutes to 4 hours,
//!   each failing a share of every call to the model (rate limits or
//!   provider errors) and slowing the rest.
//!
//! The workspace adds its own weather: rate-limit storms. Its quota at
//! the providers is shared by every agent, so at its busiest hours it
//! sometimes runs out, and for minutes (an hour at most) calls from all
//! its agents, whatever their model, come back `429 Too Many Requests`.
//!
//! And the services the agents' tools call (the ticketing system, the CRM,
//! the calendar...) have outages of their own: for a quarter of an hour to
//! two hours of a working day, a share of every tool call to the service
//! fails, so every agent whose tools use it fails together with
//! `TOOL_ERROR`, whatever its model.
//!
//! Generation reads all of it for every agent ([`super::metrics`]).

use chrono::{DateTime, TimeDelta, Utc};

use super::calendar::{DayType, Window, day_type};
use super::catalogue::Model;
use super::incidents::Pressure;
use super::model::ErrorType;
use super::rng::{Streams, normal, uniform};

/// One provider incident: every call to `model` from `start` to `end` is
/// more likely to fail (`failure` added, most with `error`) and slower.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderIncident {
    pub model: Model,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub pressure: Pressure,
    pub error: ErrorType,
}

/// A workspace rate-limit storm: from `start` to `end` the workspace's
/// quota is spent, and `extra_failure` of every agent's calls (on any
/// model) fail as `RATE_LIMITED`. Refusals are fast: latency is unmoved.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimitStorm {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub extra_failure: f64,
}

/// An outage of one service the agents' tools call (`service`, as the
/// tools' names begin: `tickets`, `crm`...): from `start` to `end`,
/// `extra_failure` of the calls of every agent whose tools use it fail as
/// `TOOL_ERROR` (a failed tool call is fast: latency is unmoved).
#[derive(Clone, Debug, PartialEq)]
pub struct ToolOutage {
    pub service: &'static str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub extra_failure: f64,
}

/// Each model's latency drift by window day and its incidents, the
/// workspace's rate-limit storms and its tools' services' outages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Providers {
    /// `drift[model][day]`: log2 shift of the model's median latency.
    drift: Vec<Vec<f64>>,
    /// Oldest first.
    pub incidents: Vec<ProviderIncident>,
    /// Oldest first.
    pub storms: Vec<RateLimitStorm>,
    /// Oldest first.
    pub outages: Vec<ToolOutage>,
}

/// Chance that a working day of the home zone has an outage of one given
/// service: with 20 services, a month sees about ten.
const OUTAGE_CHANCE: f64 = 0.025;
/// An outage lasts this many minutes (log-uniform between them)...
pub const OUTAGE_MINUTES: (f64, f64) = (15.0, 120.0);
/// ...and starts in these local hours of a working day (home zone): a
/// service's outage is noticed, and its calls made, in the working day.
pub const OUTAGE_HOURS: (u32, u32) = (8, 17);
/// The share of calls an outage fails.
const OUTAGE_FAILURE: (f64, f64) = (0.35, 0.8);

/// Chance that a working day of the home zone has a rate-limit storm.
const STORM_CHANCE: f64 = 0.3;
/// A storm lasts this many minutes (log-uniform between them).
pub const STORM_MINUTES: (f64, f64) = (5.0, 60.0);
/// Local hours (home zone) a storm may start in: the fleet's busiest, the
/// late morning and the early afternoon around the lunch dip.
pub const STORM_HOURS: [u32; 5] = [10, 11, 13, 14, 15];

/// Incidents do not all fall in the window's last this-many days.
const LATE_DAYS: i64 = 3;

/// Mean days between two incidents of one model.
const DAYS_BETWEEN_INCIDENTS: f64 = 10.0;

impl Providers {
    /// Each model's drift and incidents. Both are keyed by window day, as
    /// the rest of the telemetry, so moving the anchor within its day
    /// changes only that day and a whole-week shift only the dates.
    pub fn draw(streams: &Streams, window: &Window) -> Providers {
        let mut drift = Vec::new();
        let mut incidents = Vec::new();
        // Each model's runner-up draw before the last 3 days, in case chance
        // puts every incident there.
        let mut earlier: Vec<(f64, ProviderIncident)> = Vec::new();
        for model in Model::ALL {
            drift.push(drift_walk(streams, model, window.days));
            // Each day starts an incident with probability 1/10; a window of
            // two weeks or more without one takes the day closest to one
            // (the anchor's day aside, which the anchor cuts).
            let mut drawn: Vec<(f64, ProviderIncident)> = Vec::new();
            for day in 0..window.days {
                let (chance, mut incident) = incident_draw(streams, window, model, day);
                incident.end = incident.end.min(window.end());
                drawn.push((chance, incident));
            }
            let before = drawn.len();
            let mut kept: Vec<ProviderIncident> = Vec::new();
            for (chance, incident) in &drawn {
                if *chance < 1.0 / DAYS_BETWEEN_INCIDENTS && incident.start < incident.end {
                    kept.push(incident.clone());
                }
            }
            if kept.is_empty() && window.days >= 14 {
                let closest = drawn[..before - 1].iter().min_by(|a, b| a.0.total_cmp(&b.0));
                kept.extend(closest.map(|(_, i)| i.clone()));
            }
            let late = window.anchor_day_start() - TimeDelta::days(LATE_DAYS);
            let closest_earlier = drawn
                .iter()
                .filter(|(_, i)| i.start < late && i.start < i.end && !kept.contains(i))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            earlier.extend(closest_earlier.cloned());
            incidents.extend(kept);
        }
        // Incidents spread over the window: a window of two weeks or more
        // whose incidents all fell in its last days takes the earlier day
        // closest to one (over all models).
        let late = window.anchor_day_start() - TimeDelta::days(LATE_DAYS);
        if window.days >= 14 && incidents.iter().all(|i| i.start >= late) {
            incidents.extend(earlier.iter().min_by(|a, b| a.0.total_cmp(&b.0)).map(|(_, i)| i.clone()));
        }
        incidents.sort_by(|a, b| a.start.cmp(&b.start).then((a.model as usize).cmp(&(b.model as usize))));
        Providers { drift, incidents, storms: storms(streams, window), outages: outages(streams, window) }
    }

    /// The model's latency drift on window day `day` (log2 of a factor).
    pub fn drift(&self, model: Model, day: u32) -> f64 {
        self.drift.get(model as usize).and_then(|d| d.get(day as usize)).copied().unwrap_or(0.0)
    }

    /// The incidents on `model` overlapping the hour from `start`, each
    /// with the share of the hour it covers (1 for the whole hour).
    pub fn covering(&self, model: Model, start: DateTime<Utc>) -> impl Iterator<Item = (f64, &ProviderIncident)> {
        let end = start + TimeDelta::hours(1);
        self.incidents
            .iter()
            .filter(move |i| i.model == model && i.start < end && i.end > start)
            .map(move |i| (hour_share(i.start, i.end, start), i))
    }

    /// The rate-limit storms overlapping the hour from `start`, each with
    /// the share of the hour it covers.
    pub fn storms_covering(&self, start: DateTime<Utc>) -> impl Iterator<Item = (f64, &RateLimitStorm)> {
        let end = start + TimeDelta::hours(1);
        self.storms
            .iter()
            .filter(move |s| s.start < end && s.end > start)
            .map(move |s| (hour_share(s.start, s.end, start), s))
    }

    /// The outages of `services` overlapping the hour from `start`, each
    /// with the share of the hour it covers.
    pub fn outages_covering<'a>(
        &'a self,
        services: &'a [&'static str],
        start: DateTime<Utc>,
    ) -> impl Iterator<Item = (f64, &'a ToolOutage)> {
        let end = start + TimeDelta::hours(1);
        self.outages
            .iter()
            .filter(move |o| services.contains(&o.service) && o.start < end && o.end > start)
            .map(move |o| (hour_share(o.start, o.end, start), o))
    }

    /// The failure probability outages of `services` add to the hour from
    /// `start`: the worst one's, in proportion to the part of the hour it covers.
    pub fn tool_failure(&self, services: &[&'static str], start: DateTime<Utc>) -> f64 {
        self.outages_covering(services, start).map(|(covered, o)| covered * o.extra_failure).fold(0.0, f64::max)
    }

    /// How the incidents on `model` and the workspace's storms weigh on
    /// the hour from `start`: the worst one's pressure in proportion to
    /// the part of the hour it covers, and the error it adds.
    pub fn hour(&self, model: Model, start: DateTime<Utc>) -> (Pressure, Option<ErrorType>) {
        let mut worst: Option<(Pressure, ErrorType)> = None;
        let mut consider = |pressure: Pressure, error: ErrorType| {
            if worst.is_none_or(|(w, _)| pressure.extra_failure > w.extra_failure) {
                worst = Some((pressure, error));
            }
        };
        for (covered, i) in self.covering(model, start) {
            let pressure = Pressure {
                extra_failure: covered * i.pressure.extra_failure,
                latency: 1.0 + covered * (i.pressure.latency - 1.0),
            };
            consider(pressure, i.error);
        }
        for (covered, s) in self.storms_covering(start) {
            consider(Pressure { extra_failure: covered * s.extra_failure, latency: 1.0 }, ErrorType::RateLimited);
        }
        match worst {
            Some((pressure, error)) => (pressure, Some(error)),
            None => (Pressure::NONE, None),
        }
    }
}

/// The workspace's rate-limit storms: each working day of the home zone
/// has one with chance [`STORM_CHANCE`], at one of its busiest local hours
/// ([`STORM_HOURS`]), for [`STORM_MINUTES`]. A window of two weeks or more
/// without one takes the working day closest to one (the anchor's day
/// aside). Keyed by window day, from a stream of their own, so they vary
/// by seed, spread over the window and move with a whole-week shift.
fn storms(streams: &Streams, window: &Window) -> Vec<RateLimitStorm> {
    let mut drawn: Vec<(f64, RateLimitStorm)> = Vec::new();
    for day in 0..window.days {
        let Some((chance, mut storm)) = storm_draw(streams, window, day) else { continue };
        storm.end = storm.end.min(window.end());
        if storm.start < window.start() || storm.start >= storm.end {
            continue;
        }
        drawn.push((chance, storm));
    }
    let last = window.last_day();
    let mut kept: Vec<RateLimitStorm> =
        drawn.iter().filter(|(chance, _)| *chance < STORM_CHANCE).map(|(_, s)| s.clone()).collect();
    if kept.is_empty() && window.days >= 14 {
        let before_today = drawn.iter().filter(|(_, s)| window.day_of_instant(s.start).is_some_and(|d| d < last));
        kept.extend(before_today.min_by(|a, b| a.0.total_cmp(&b.0)).map(|(_, s)| s.clone()));
    }
    kept.sort_by_key(|s| s.start);
    kept
}

/// The outages of the services the agents' tools call ([`SERVICES`]): each
/// working day of the home zone has one of a given service with chance
/// [`OUTAGE_CHANCE`], starting in [`OUTAGE_HOURS`], for [`OUTAGE_MINUTES`];
/// a window of two weeks or more without one takes the draw closest to
/// one (the anchor's day aside). Keyed by service and window day, from a stream of their own, so they
/// vary by seed and move with a whole-week shift.
fn outages(streams: &Streams, window: &Window) -> Vec<ToolOutage> {
    let mut kept = Vec::new();
    // The draw closest to an outage, for a window that has none.
    let mut closest: Option<(f64, ToolOutage)> = None;
    for (s, &service) in super::spans::SERVICES.iter().enumerate() {
        for day in 0..window.days {
            let Some((chance, mut outage)) = outage_draw(streams, window, s, service, day) else { continue };
            outage.end = outage.end.min(window.end());
            if outage.start < window.start() || outage.start >= outage.end {
                continue;
            }
            if chance < OUTAGE_CHANCE {
                kept.push(outage);
            } else if window.day_of_instant(outage.start).is_some_and(|d| d < window.last_day())
                && closest.as_ref().is_none_or(|(c, _)| chance < *c)
            {
                closest = Some((chance, outage));
            }
        }
    }
    if kept.is_empty() && window.days >= 14 {
        kept.extend(closest.map(|(_, o)| o));
    }
    kept.sort_by(|a, b| a.start.cmp(&b.start).then(a.service.cmp(b.service)));
    kept
}

/// The share of the hour from `start` that the span from `from` to `to` covers.
fn hour_share(from: DateTime<Utc>, to: DateTime<Utc>, start: DateTime<Utc>) -> f64 {
    (to.min(start + TimeDelta::hours(1)) - from.max(start)).num_seconds() as f64 / 3600.0
}

/// Window day `day`'s draw of an incident on `model` (whether it happens:
/// its chance under 1 in [`DAYS_BETWEEN_INCIDENTS`]), its end not cut at
/// the anchor. Days past the window are the live simulator's.
fn incident_draw(streams: &Streams, window: &Window, model: Model, day: u32) -> (f64, ProviderIncident) {
    let mut rng = streams.record("providers.incidents", (model as u64) << 32 | u64::from(day));
    let chance = uniform(&mut rng, 0.0, 1.0);
    let minutes = (20.0 * (uniform(&mut rng, 0.0, 1.0) * (240f64 / 20.0).ln()).exp()).round() as i64;
    let start = window.day_start(day) + TimeDelta::minutes((uniform(&mut rng, 0.0, 1.0) * 1440.0) as i64);
    // Fast failures (429s, 5xx): a timeout's 30 s replies would
    // lift a healthy day's mean latency past the contract's 3 s.
    let error = if uniform(&mut rng, 0.0, 1.0) < 0.5 { ErrorType::RateLimited } else { ErrorType::ModelError };
    let failure = uniform(&mut rng, 0.3, 0.7);
    let pressure = Pressure { extra_failure: failure, latency: 1.1 + 0.6 * failure };
    let end = start + TimeDelta::minutes(minutes);
    (chance, ProviderIncident { model, start, end, pressure, error })
}

/// The instant `minute_of_day` minutes into the home zone's local date of
/// window day `day` (the local date of its noon); `None` on a day that is
/// not a working day there.
fn local_working_instant(window: &Window, day: u32, minute_of_day: f64) -> Option<DateTime<Utc>> {
    let noon = window.day_start(day) + TimeDelta::hours(12);
    let local_day = window.local(noon).date();
    if day_type(local_day) != DayType::Working {
        return None;
    }
    let offset = window.local(noon) - noon.naive_utc();
    let local_midnight = local_day.and_hms_opt(0, 0, 0)?.and_utc();
    Some(local_midnight - offset + TimeDelta::seconds((minute_of_day * 60.0) as i64))
}

/// Window day `day`'s draw of a rate-limit storm (whether it happens: its
/// chance under [`STORM_CHANCE`]), its end not cut at the anchor; `None`
/// on a day that is not a working day of the home zone.
fn storm_draw(streams: &Streams, window: &Window, day: u32) -> Option<(f64, RateLimitStorm)> {
    let mut rng = streams.record("workspace.storms", u64::from(day));
    let chance = uniform(&mut rng, 0.0, 1.0);
    let hour = STORM_HOURS[(uniform(&mut rng, 0.0, 1.0) * STORM_HOURS.len() as f64) as usize % STORM_HOURS.len()];
    let minute = uniform(&mut rng, 0.0, 60.0);
    let (lo, hi) = STORM_MINUTES;
    let minutes = lo * (hi / lo).powf(uniform(&mut rng, 0.0, 1.0));
    let extra_failure = uniform(&mut rng, 0.5, 0.9);
    let start = local_working_instant(window, day, f64::from(hour) * 60.0 + minute)?;
    let end = start + TimeDelta::seconds((minutes * 60.0) as i64);
    Some((chance, RateLimitStorm { start, end, extra_failure }))
}

/// Window day `day`'s draw of an outage of service `s` (whether it
/// happens: its chance under [`OUTAGE_CHANCE`]), its end not cut at the
/// anchor; `None` on a day that is not a working day of the home zone.
fn outage_draw(
    streams: &Streams,
    window: &Window,
    s: usize,
    service: &'static str,
    day: u32,
) -> Option<(f64, ToolOutage)> {
    let mut rng = streams.record("workspace.outages", (s as u64) << 32 | u64::from(day));
    let chance = uniform(&mut rng, 0.0, 1.0);
    let (first, last) = OUTAGE_HOURS;
    let minute_of_day = uniform(&mut rng, f64::from(first) * 60.0, f64::from(last) * 60.0);
    let (lo, hi) = OUTAGE_MINUTES;
    let minutes = lo * (hi / lo).powf(uniform(&mut rng, 0.0, 1.0));
    let extra_failure = uniform(&mut rng, OUTAGE_FAILURE.0, OUTAGE_FAILURE.1);
    let start = local_working_instant(window, day, minute_of_day)?;
    let end = start + TimeDelta::seconds((minutes * 60.0) as i64);
    Some((chance, ToolOutage { service, start, end, extra_failure }))
}

/// `model`'s latency drift over the first `days` days of the generated
/// window (and past it, for live days): a slow walk in log2 of a factor.
fn drift_walk(streams: &Streams, model: Model, days: u32) -> Vec<f64> {
    let mut rng = streams.record("providers.drift", model as u64);
    let mut x = 0.13 * normal(&mut rng);
    (0..days)
        .map(|_| {
            x = 0.7 * x + 0.12 * normal(&mut rng);
            x
        })
        .collect()
}

/// The weather of the live simulator's day `day` of the generated window
/// `window` (its first day 0; past the window for live time): the
/// incidents, storms and outages that start that day, drawn as generation
/// draws the window's, so the simulator's traffic lives under the same
/// providers as the dataset's; each model's drift walks on to `day`
/// ([`Providers::drift`] answers for it).
pub fn live_day(streams: &Streams, window: &Window, day: u32) -> Providers {
    let drift = Model::ALL.into_iter().map(|model| drift_walk(streams, model, day + 1)).collect();
    let incidents = Model::ALL
        .into_iter()
        .map(|model| incident_draw(streams, window, model, day))
        .filter(|(chance, _)| *chance < 1.0 / DAYS_BETWEEN_INCIDENTS)
        .map(|(_, incident)| incident)
        .collect();
    let storms = storm_draw(streams, window, day).filter(|(chance, _)| *chance < STORM_CHANCE).map(|(_, s)| s);
    let outages = super::spans::SERVICES
        .iter()
        .enumerate()
        .filter_map(|(s, &service)| outage_draw(streams, window, s, service, day))
        .filter(|(chance, _)| *chance < OUTAGE_CHANCE)
        .map(|(_, o)| o)
        .collect();
    Providers { drift, incidents, storms: storms.into_iter().collect(), outages }
}

impl Providers {
    /// Lists what the live simulator's day `live` ([`live_day`]) has begun
    /// by `until`, each cut at `until` as the window's are cut at its
    /// anchor; one already listed (the same start on the same model, for
    /// the same service, or the workspace's storm) runs on to its own end
    /// or `until`. So `workspace` lists the weather live traffic ran under,
    /// and a live conversation's failed tool call finds its outage.
    pub fn record_live(&mut self, live: &Providers, until: DateTime<Utc>) {
        record(&mut self.incidents, &live.incidents, until);
        record(&mut self.storms, &live.storms, until);
        record(&mut self.outages, &live.outages, until);
    }

    /// Forgets what ended before `start` (the live window's first instant,
    /// once a midnight has rolled it on).
    pub fn forget_before(&mut self, start: DateTime<Utc>) {
        self.incidents.retain(|i| i.end > start);
        self.storms.retain(|s| s.end > start);
        self.outages.retain(|o| o.end > start);
    }
}

/// Weather with a start and an end: an incident, a storm, an outage.
trait Spell: Clone {
    fn start(&self) -> DateTime<Utc>;
    fn end(&mut self) -> &mut DateTime<Utc>;
    /// Orders two that start together (and tells them apart).
    fn tie(&self) -> (usize, &'static str);
}

macro_rules! spell {
    ($type:ty, |$it:ident| $tie:expr) => {
        impl Spell for $type {
            fn start(&self) -> DateTime<Utc> {
                self.start
            }
            fn end(&mut self) -> &mut DateTime<Utc> {
                &mut self.end
            }
            fn tie(&self) -> (usize, &'static str) {
                let $it = self;
                $tie
            }
        }
    };
}
spell!(ProviderIncident, |i| (i.model as usize, ""));
spell!(RateLimitStorm, |_s| (0, ""));
spell!(ToolOutage, |o| (0, o.service));

/// See [`Providers::record_live`]; `listed` stays oldest first.
fn record<T: Spell>(listed: &mut Vec<T>, live: &[T], until: DateTime<Utc>) {
    let mut added = false;
    for spell in live.iter().filter(|s| s.start() < until) {
        let mut spell = spell.clone();
        let end = (*spell.end()).min(until);
        match listed.iter_mut().find(|l| l.start() == spell.start() && l.tie() == spell.tie()) {
            Some(known) => *known.end() = (*known.end()).max(end),
            None => {
                *spell.end() = end;
                listed.push(spell);
                added = true;
            }
        }
    }
    if added {
        listed.sort_by(|a, b| a.start().cmp(&b.start()).then(a.tie().cmp(&b.tie())));
    }
}

impl Providers {
    /// What weighs on a call of an agent on `model` whose tools call
    /// `services` at the instant `at`: the worst of its model's incidents,
    /// the workspace's storms and its services' outages covering it, with
    /// the error its failures take.
    pub fn stress_at(
        &self,
        model: Model,
        services: &[&'static str],
        at: DateTime<Utc>,
    ) -> Option<(Pressure, ErrorType)> {
        let covers = |start: DateTime<Utc>, end: DateTime<Utc>| start <= at && at < end;
        let incidents =
            self.incidents.iter().filter(|i| i.model == model && covers(i.start, i.end)).map(|i| (i.pressure, i.error));
        let storms = self
            .storms
            .iter()
            .filter(|s| covers(s.start, s.end))
            .map(|s| (Pressure { extra_failure: s.extra_failure, latency: 1.0 }, ErrorType::RateLimited));
        let outages = self
            .outages
            .iter()
            .filter(|o| services.contains(&o.service) && covers(o.start, o.end))
            .map(|o| (Pressure { extra_failure: o.extra_failure, latency: 1.0 }, ErrorType::ToolError));
        incidents.chain(storms).chain(outages).max_by(|a, b| a.0.extra_failure.total_cmp(&b.0.extra_failure))
    }
}

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
//! Generation reads both for every agent on the model ([`super::metrics`]).

use chrono::{DateTime, TimeDelta, Utc};

use super::calendar::Window;
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

/// Each model's latency drift by window day and its incidents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Providers {
    /// `drift[model][day]`: log2 shift of the model's median latency.
    drift: Vec<Vec<f64>>,
    /// Oldest first.
    pub incidents: Vec<ProviderIncident>,
}

/// Mean days between two incidents of one model.
const DAYS_BETWEEN_INCIDENTS: f64 = 10.0;

impl Providers {
    /// Each model's drift and incidents. Both are keyed by window day, as
    /// the rest of the telemetry, so moving the anchor within its day
    /// changes only that day and a whole-week shift only the dates.
    pub fn draw(streams: &Streams, window: &Window) -> Providers {
        let mut drift = Vec::new();
        let mut incidents = Vec::new();
        for model in Model::ALL {
            let mut rng = streams.record("providers.drift", model as u64);
            let mut x = 0.13 * normal(&mut rng);
            drift.push(
                (0..window.days)
                    .map(|_| {
                        x = 0.7 * x + 0.1 * normal(&mut rng);
                        x
                    })
                    .collect(),
            );
            // Each day starts an incident with probability 1/10; a window of
            // two weeks or more without one takes the day closest to one
            // (the anchor's day aside, which the anchor cuts).
            let mut drawn: Vec<(f64, ProviderIncident)> = Vec::new();
            for day in 0..window.days {
                let mut rng = streams.record("providers.incidents", (model as u64) << 32 | u64::from(day));
                let chance = uniform(&mut rng, 0.0, 1.0);
                let minutes = (20.0 * (uniform(&mut rng, 0.0, 1.0) * (240f64 / 20.0).ln()).exp()).round() as i64;
                let start = window.day_start(day) + TimeDelta::minutes((uniform(&mut rng, 0.0, 1.0) * 1440.0) as i64);
                // Fast failures (429s, 5xx): a timeout's 30 s replies would
                // lift a healthy day's mean latency past the contract's 3 s.
                let error =
                    if uniform(&mut rng, 0.0, 1.0) < 0.5 { ErrorType::RateLimited } else { ErrorType::ModelError };
                let failure = uniform(&mut rng, 0.3, 0.7);
                let pressure = Pressure { extra_failure: failure, latency: 1.1 + 0.6 * failure };
                let end = (start + TimeDelta::minutes(minutes)).min(window.end());
                drawn.push((chance, ProviderIncident { model, start, end, pressure, error }));
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
            incidents.extend(kept);
        }
        incidents.sort_by(|a, b| a.start.cmp(&b.start).then((a.model as usize).cmp(&(b.model as usize))));
        Providers { drift, incidents }
    }

    /// The model's latency drift on window day `day` (log2 of a factor).
    pub fn drift(&self, model: Model, day: u32) -> f64 {
        self.drift.get(model as usize).and_then(|d| d.get(day as usize)).copied().unwrap_or(0.0)
    }

    /// The incidents on `model` overlapping the hour from `start`, each
    /// with the share of the hour it covers (1 for the whole hour).
    pub fn covering(&self, model: Model, start: DateTime<Utc>) -> impl Iterator<Item = (f64, &ProviderIncident)> {
        let end = start + TimeDelta::hours(1);
        self.incidents.iter().filter(move |i| i.model == model && i.start < end && i.end > start).map(move |i| {
            let covered = (i.end.min(end) - i.start.max(start)).num_seconds() as f64 / 3600.0;
            (covered, i)
        })
    }

    /// How the incidents on `model` weigh on the hour from `start`: their
    /// pressure in proportion to the part of the hour they cover, and the
    /// error the worst one adds.
    pub fn hour(&self, model: Model, start: DateTime<Utc>) -> (Pressure, Option<ErrorType>) {
        let mut worst: Option<(f64, &ProviderIncident)> = None;
        for (covered, i) in self.covering(model, start) {
            if worst.is_none_or(|(c, w)| covered * i.pressure.extra_failure > c * w.pressure.extra_failure) {
                worst = Some((covered, i));
            }
        }
        match worst {
            Some((covered, i)) => (
                Pressure {
                    extra_failure: covered * i.pressure.extra_failure,
                    latency: 1.0 + covered * (i.pressure.latency - 1.0),
                },
                Some(i.error),
            ),
            None => (Pressure::NONE, None),
        }
    }
}

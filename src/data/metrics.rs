//! Daily metrics and cost records: one row per agent per window day, the
//! aggregate telemetry the dashboard charts. Also rolls each agent's rows up
//! into its `metrics` summary.

use chrono::TimeDelta;
use rand::RngExt;

use super::calendar::Window;
use super::catalogue::Model;
use super::model::{Agent, AgentMetrics, AgentStatus, CostRecord, DailyMetric, Performance};
use super::rng::{Streams, round_to, uniform, uuid_v4};

/// Conversations per active agent-day are clamped to this range.
pub const CONVERSATIONS_PER_DAY: (u32, u32) = (10, 100);
/// Average response time per active agent-day is clamped to this range (ms).
pub const RESPONSE_TIME_MS: (f64, f64) = (800.0, 3000.0);
/// Success rate of every healthy agent-day.
pub const SUCCESS_RATE: (f64, f64) = (0.85, 0.99);
/// A weekend day carries this share of a weekday's traffic.
pub const WEEKEND_FACTOR: f64 = 0.5;
/// Traffic grows by this share from the window's first day to its last.
pub const MONTHLY_GROWTH: f64 = 0.2;
/// The declining error agent's success rate falls over this many last days.
pub const DECLINE_DAYS: u32 = 7;
/// Output tokens per input token, per day.
pub const OUTPUT_RATIO: (f64, f64) = (1.42, 1.58);

/// Daily rows of every agent, agent-major.
pub struct Telemetry {
    pub daily_metrics: Vec<DailyMetric>,
    pub cost_records: Vec<CostRecord>,
}

/// Success-rate band of a performance profile (before any decline or crash).
pub fn success_band(performance: Performance) -> (f64, f64) {
    match performance {
        Performance::Star => (0.98, 0.99),
        Performance::Struggling => (0.85, 0.90),
        Performance::Steady | Performance::Declining | Performance::Crashed => (0.90, 0.98),
    }
}

/// Whether an agent served traffic on window day `day`: its active period
/// `[created_at, last_active_at]` overlaps the day.
pub fn is_active_day(window: &Window, agent: &Agent, day: u32) -> bool {
    let start = window.day_start(day);
    agent.created_at < start + TimeDelta::days(1) && agent.last_active_at >= start
}

/// The window day of an error agent's failure (its last active day).
pub fn incident_day(window: &Window, agent: &Agent) -> Option<u32> {
    (agent.status == AgentStatus::Error).then(|| window.day_of_instant(agent.last_active_at)).flatten()
}

pub fn generate(streams: &Streams, window: &Window, agents: &mut [Agent]) -> Telemetry {
    let days = window.days;
    let mut daily_metrics = Vec::with_capacity(agents.len() * days as usize);
    let mut cost_records = Vec::with_capacity(agents.len() * days as usize);
    for (a, agent) in agents.iter_mut().enumerate() {
        let mut rng = streams.record("metrics", a as u64);
        let mut metric_ids = streams.record("metrics.ids", a as u64);
        let mut cost_ids = streams.record("costs.ids", a as u64);
        let shape = AgentShape::draw(&mut rng, agent);
        let incident = incident_day(window, agent);
        let first = daily_metrics.len();
        for day in 0..days {
            let noise = DayNoise::draw(&mut rng);
            let metric_id = uuid_v4(&mut metric_ids);
            let cost_id = uuid_v4(&mut cost_ids);
            let date = window.date(day);
            let mut metric = DailyMetric {
                id: metric_id,
                agent: a as u32,
                date,
                conversations: 0,
                avg_response_time: None,
                success_rate: None,
                total_tokens_input: 0,
                total_tokens_output: 0,
            };
            if is_active_day(window, agent, day) {
                shape.fill(&mut metric, &noise, window, day, incident);
            }
            cost_records.push(CostRecord {
                id: cost_id,
                agent: a as u32,
                date,
                input_tokens: metric.total_tokens_input,
                output_tokens: metric.total_tokens_output,
                total_cost: agent.model.cost(metric.total_tokens_input, metric.total_tokens_output),
                model: agent.model,
            });
            daily_metrics.push(metric);
        }
        agent.metrics = roll_up(&daily_metrics[first..]);
    }
    Telemetry { daily_metrics, cost_records }
}

/// The exact, conversation-weighted roll-up of an agent's daily rows.
pub fn roll_up(rows: &[DailyMetric]) -> AgentMetrics {
    let mut total = 0u64;
    let mut response_time = 0.0;
    let mut success = 0.0;
    for row in rows {
        if let (Some(rt), Some(sr)) = (row.avg_response_time, row.success_rate) {
            let n = row.conversations as f64;
            total += row.conversations as u64;
            response_time += n * rt;
            success += n * sr;
        }
    }
    let weighted = |sum: f64| (total > 0).then(|| sum / total as f64);
    AgentMetrics {
        total_conversations: total,
        avg_response_time: weighted(response_time),
        success_rate: weighted(success),
    }
}

/// An agent's own levels, drawn once.
struct AgentShape {
    performance: Performance,
    volume: f64,
    response_time: f64,
    success: f64,
    tokens_per_conversation: f64,
    /// The declining agent's success rate on its last day.
    final_success: f64,
    /// The crashed agent's success rate on its failure day.
    crash_success: f64,
}

impl AgentShape {
    fn draw<R: RngExt + ?Sized>(rng: &mut R, agent: &Agent) -> Self {
        let (band_lo, band_hi) = success_band(agent.performance);
        let margin = (band_hi - band_lo) * 0.2;
        let (rt_lo, rt_hi) = match agent.model {
            Model::Gpt4o => (1500.0, 2300.0),
            Model::Gpt4oMini => (850.0, 1400.0),
            Model::Gpt35Turbo => (950.0, 1600.0),
        };
        let (tokens_lo, tokens_hi) = agent.kind.profile().input_tokens_per_conversation;
        AgentShape {
            performance: agent.performance,
            volume: uniform(rng, 20.0, 70.0),
            response_time: uniform(rng, rt_lo, rt_hi),
            success: uniform(rng, band_lo + margin, band_hi - margin),
            tokens_per_conversation: uniform(rng, tokens_lo as f64, tokens_hi as f64),
            final_success: uniform(rng, 0.62, 0.72),
            crash_success: uniform(rng, 0.55, 0.80),
        }
    }

    fn fill(&self, metric: &mut DailyMetric, noise: &DayNoise, window: &Window, day: u32, incident: Option<u32>) {
        let growth = 1.0 + MONTHLY_GROWTH * day as f64 / (window.days - 1) as f64;
        let weekend = if window.is_weekend(day) { WEEKEND_FACTOR } else { 1.0 };
        let (lo, hi) = CONVERSATIONS_PER_DAY;
        let conversations = ((self.volume * growth * weekend * noise.volume).round() as u32).clamp(lo, hi);

        let (band_lo, band_hi) = success_band(self.performance);
        let mut success = (self.success + noise.success).clamp(band_lo, band_hi);
        let mut response_time = self.response_time * noise.response_time * if weekend < 1.0 { 0.96 } else { 1.0 };
        match (self.performance, incident) {
            (Performance::Declining, Some(last)) if day + DECLINE_DAYS > last => {
                // Falls a step a day over the last DECLINE_DAYS, ending at final_success.
                let step = (self.success - self.final_success) / DECLINE_DAYS as f64;
                let steps_taken = (day + DECLINE_DAYS - last) as f64;
                success = self.success - step * steps_taken;
                response_time *= 1.0 + 0.1 * steps_taken;
            }
            (Performance::Crashed, Some(last)) if day == last => {
                success = self.crash_success;
                response_time *= 1.4;
            }
            _ => {}
        }
        let input = (conversations as f64 * self.tokens_per_conversation * noise.tokens).round() as u64;
        metric.conversations = conversations;
        metric.avg_response_time = Some(round_to(response_time.clamp(RESPONSE_TIME_MS.0, RESPONSE_TIME_MS.1), 1));
        metric.success_rate = Some(round_to(success, 4));
        metric.total_tokens_input = input;
        metric.total_tokens_output = (input as f64 * noise.output_ratio).round() as u64;
    }
}

/// Per-day noise, drawn for every day (active or not) so that each day's
/// draws stay put when an agent's active period changes.
struct DayNoise {
    volume: f64,
    response_time: f64,
    success: f64,
    tokens: f64,
    output_ratio: f64,
}

impl DayNoise {
    fn draw<R: RngExt + ?Sized>(rng: &mut R) -> Self {
        DayNoise {
            volume: uniform(rng, 0.9, 1.1),
            response_time: uniform(rng, 0.93, 1.07),
            success: uniform(rng, -0.006, 0.006),
            tokens: uniform(rng, 0.94, 1.06),
            output_ratio: uniform(rng, OUTPUT_RATIO.0, OUTPUT_RATIO.1),
        }
    }
}

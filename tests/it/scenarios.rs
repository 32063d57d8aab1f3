//! Scenarios (`--scenario`): each a real, deterministic dataset. Per
//! scenario: its defining property, computed here from the raw records
//! (never through `check`), and where a UI sees it through the API; every
//! rule `check::run` applies to it passing at a few seeds and anchors;
//! each scenario rule failing when its property is broken; a pinned
//! fingerprint; the empty workspace answering every screen and playground
//! tab without an error; the simulator running on each.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use agentmock::data::catalogue::{AuditAction, Model, Role};
use agentmock::data::{
    self, AgentStatus, AuditDetails, AuditTarget, Dataset, ErrorType, IncidentCause, Params, Scenario, Sizes, check,
    dump,
};
use agentmock::http::{AppState, router};
use agentmock::store::{Snapshot, Store};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::support::{ANCHOR, PINNED_FINGERPRINT, PUBLIC_URL, anchor, generate, list, num, params, post_json, text};

/// Fingerprints of each scenario at seed 12345, the pinned anchor and the
/// default sizes. A change here must be deliberate, as for
/// `PINNED_FINGERPRINT`.
const PINNED: [(Scenario, &str); 5] = [
    (Scenario::Empty, "fcfcddac5df109a7755f65a1183353ddc9ff6e8ba2e6058c0f279599973737b1"),
    (Scenario::Onboarding, "cadb0c5ff365366fa1f4abd0a7bff83cdd2c9dc16374b81447ff2dd42aa2643e"),
    (Scenario::Incident, "6dc4c425966d3d307f60cb99e88514274d195d9dfbf4a069dd220de8ef413d41"),
    (Scenario::CostSpike, "4bb59fb3eb7bc9577e28f8efdfc21f2dd42b4438afbf14e364d5e51e61674482"),
    (Scenario::Large, "ca5fe5eb6a1dddd847f02a179ba283b57d63eaabfae55f14ed2b2da6f2020261"),
];

/// The scenarios built on the default fleet or a new workspace (`large` is
/// costly: it is generated once, below).
const SMALL: [Scenario; 4] = [Scenario::Empty, Scenario::Onboarding, Scenario::Incident, Scenario::CostSpike];

fn scenario_params(scenario: Scenario, seed: u64, at: DateTime<Utc>) -> Params {
    Params::for_scenario(seed, at, Sizes::default(), scenario)
}

/// A scenario at seed 12345 and the pinned anchor, generated once.
fn pinned(scenario: Scenario) -> &'static Dataset {
    static CACHE: [OnceLock<Dataset>; 6] = [const { OnceLock::new() }; 6];
    let slot = Scenario::ALL.iter().position(|&s| s == scenario).unwrap_or(0);
    CACHE[slot].get_or_init(|| generate(&scenario_params(scenario, data::DEFAULT_SEED, anchor())))
}

/// The whole app over a dataset of its own: the one place these tests
/// build the router.
fn app_over(dataset: Dataset) -> agentmock::http::App {
    router(AppState::with_options(Arc::new(Store::new(Snapshot::new(dataset))), PUBLIC_URL, crate::support::options()))
}

/// Runs a query against `app`; the whole response.
async fn ask(app: &agentmock::http::App, query: &str, variables: Value) -> Value {
    post_json(app.clone(), json!({ "query": query, "variables": variables })).await.json()
}

/// Runs a screen's query against `app` as the dataset's first admin (the
/// screens an admin sees whole: nothing masked); the whole response.
async fn ask_as_admin(app: &agentmock::http::App, d: &Dataset, query: &str, variables: Value) -> Value {
    let admin = d.users.iter().find(|u| u.role == Role::Admin).expect("an admin");
    let token = format!("Bearer {}", agentmock::store::auth::token(d.params.seed, &admin.id));
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("authorization", token)
        .body(axum::body::Body::from(body))
        .expect("request");
    crate::support::send(app.clone(), request).await.json()
}

/// Runs a query that must succeed; its `data`.
async fn read(app: &agentmock::http::App, query: &str, variables: Value) -> Value {
    let response = ask(app, query, variables).await;
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    response["data"].clone()
}

fn failing(d: &Dataset) -> Vec<String> {
    check::run(d).into_iter().filter(|r| !r.passed()).map(|r| format!("{}: {:?}", r.name, r.outcome)).collect()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn hours_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

// ---------------------------------------------------------------------------
// Every scenario.

#[test]
fn the_default_scenario_is_the_default_dataset() {
    let configured = Sizes::scaled(3.0).unwrap();
    assert_eq!(Scenario::Default.sizes(configured), configured);
    assert_eq!(scenario_params(Scenario::Default, 12345, anchor()), params(12345));
    let d = generate(&scenario_params(Scenario::Default, data::DEFAULT_SEED, anchor()));
    assert_eq!(dump::fingerprint(&d), PINNED_FINGERPRINT);
    assert!(!dump::to_string(&d).contains("\"scenario\""), "the default's dump names no scenario");
}

#[test]
fn each_scenario_is_pinned_and_names_itself() {
    for (scenario, fingerprint) in PINNED {
        let d = pinned(scenario);
        assert_eq!(d.params.scenario, scenario);
        assert_eq!(
            dump::fingerprint(d),
            fingerprint,
            "the {scenario} dump at seed 12345 / {ANCHOR} changed; if deliberate, update PINNED in tests/it/scenarios.rs"
        );
        let head: String = dump::to_string(d).chars().take(120).collect();
        assert!(head.contains(&format!("\"scenario\":\"{scenario}\"")), "{head}");
    }
}

#[test]
fn scenarios_are_deterministic_and_differ_by_seed() {
    for scenario in SMALL {
        for seed in [data::DEFAULT_SEED, 7] {
            let p = scenario_params(scenario, seed, at("2025-03-05T16:30:00Z"));
            let (a, b) = (generate(&p), generate(&p));
            assert!(a == b, "{scenario} at seed {seed}: two generations differ");
            assert_eq!(dump::fingerprint(&a), dump::fingerprint(&b), "{scenario} at seed {seed}");
        }
        let fingerprints: BTreeSet<String> = [1, 2]
            .into_iter()
            .map(|seed| dump::fingerprint(&generate(&scenario_params(scenario, seed, anchor()))))
            .collect();
        assert_eq!(fingerprints.len(), 2, "{scenario}: seeds 1 and 2 give the same dataset");
    }
    // A scenario's own sizes stand whatever is configured, and normalizing twice changes nothing.
    for scenario in Scenario::ALL {
        let sizes = scenario.sizes(Sizes::scaled(3.0).unwrap());
        assert_eq!(scenario.sizes(sizes), sizes, "{scenario}");
        let p = scenario_params(scenario, 1, anchor());
        assert_eq!(p.normalized(), p, "{scenario}");
    }
    assert_eq!(Scenario::Large.sizes(Sizes::scaled(3.0).unwrap()), Scenario::Large.sizes(Sizes::default()));
}

/// Every rule `check::run` applies to a scenario passes at several seeds
/// and anchors (a Sunday afternoon, a Wednesday night, a month's last
/// evening, a summer evening), and the rules it leaves out are named.
#[test]
fn every_rule_of_each_scenario_passes_at_several_seeds() {
    let anchors = ["2025-01-19T14:00:00Z", "2025-03-05T03:00:00Z", "2025-02-28T23:30:00Z", "2025-07-16T18:45:00Z"];
    let mut wrong = Vec::new();
    for scenario in SMALL {
        for seed in [data::DEFAULT_SEED, 1, 2, 3, 42] {
            for anchor in anchors {
                let d = generate(&scenario_params(scenario, seed, at(anchor)));
                let failed = failing(&d);
                if !failed.is_empty() {
                    wrong.push(format!("{scenario} seed {seed} at {anchor}: {failed:?}"));
                }
            }
        }
        let d = pinned(scenario);
        let applied: BTreeSet<&str> = check::run(d).iter().map(|r| r.name).collect();
        for (skipped, why) in check::skipped(d) {
            assert!(!why.is_empty(), "{scenario}: {skipped} is skipped without a reason");
            assert!(!applied.contains(skipped), "{scenario}: {skipped} is both applied and skipped");
        }
        let own = applied.iter().filter(|r| r.starts_with(&format!("{}.", scenario.name().replace('-', "_")))).count();
        let new_workspace = applied.iter().filter(|r| r.starts_with("new_workspace.")).count();
        assert!(own + new_workspace >= 2, "{scenario} states its own property: {applied:?}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `run` and `skipped` split the contract's rules for every scenario, and
/// the default dataset is checked exactly as before.
#[test]
fn the_default_skips_nothing() {
    let d = generate(&params(data::DEFAULT_SEED));
    assert!(check::skipped(&d).is_empty());
    assert_eq!(check::run(&d).len(), 84);
}

// ---------------------------------------------------------------------------
// empty

#[test]
fn the_empty_workspace_has_its_members_and_nothing_else() {
    let d = pinned(Scenario::Empty);
    assert_eq!(d.users.len(), 10);
    let roles: Vec<usize> = Role::ALL.iter().map(|r| d.users.iter().filter(|u| u.role == *r).count()).collect();
    assert_eq!(roles, [2, 4, 4]);
    // The same people as the default workspace at this seed, who joined days ago.
    let default = generate(&params(data::DEFAULT_SEED));
    let names = |d: &Dataset| d.users.iter().map(|u| (u.id, u.name.clone(), u.role)).collect::<Vec<_>>();
    assert_eq!(names(d), names(&default));
    for u in &d.users {
        let days = (d.window.anchor - u.created_at).num_hours() as f64 / 24.0;
        assert!((1.5..=10.0).contains(&days), "{} joined {days:.1} days ago", u.name);
    }
    assert!(d.agents.is_empty() && d.conversations.is_empty() && d.audit_logs.is_empty());
    assert!(d.daily_metrics.is_empty() && d.cost_records.is_empty());
    assert_eq!(d.window.days, 30);
    assert!([500, 1000, 2000].contains(&(d.workspace.monthly_budget_micros / 1_000_000)));
    assert!(failing(d).is_empty(), "{:?}", failing(d));
}

/// What a request supplies for a screen query's variables: a range of the
/// last week (the last day for `$hours`), each bucket in turn, and an id
/// that names nothing.
fn screen_variables(query: &str) -> Vec<Value> {
    let declared = |name: &str| query.contains(&format!("${name}:"));
    let mut variables = json!({});
    for (name, value) in [
        ("range", json!({ "lastDays": 7 })),
        ("hours", json!({ "lastDays": 1 })),
        ("days", json!({ "lastDays": 30 })),
        ("id", json!("00000000-0000-4000-8000-000000000000")),
    ] {
        if declared(name) {
            variables[name] = value;
        }
    }
    if !declared("bucket") {
        return vec![variables];
    }
    ["HOUR", "DAY", "WEEK"]
        .into_iter()
        .map(|bucket| {
            let mut v = variables.clone();
            v["bucket"] = json!(bucket);
            v
        })
        .collect()
}

/// Every screen's query, as the screen tests send it, and every playground
/// tab, against the empty workspace: no error, empty lists, zero or null
/// analytics; the one tab that acts on an agent is refused for want of one.
#[tokio::test]
async fn the_empty_workspace_answers_every_screen_and_tab_without_an_error() {
    let d = pinned(Scenario::Empty).clone();
    let snapshot = Snapshot::new(d.clone());
    let app = app_over(d.clone());
    for (screen, query) in crate::screens::screen_queries() {
        for variables in screen_variables(&query) {
            let response = ask_as_admin(&app, &d, &query, variables.clone()).await;
            assert!(response.get("errors").is_none(), "{screen} {variables}: {response}");
            assert!(response["data"].is_object(), "{screen}: {response}");
        }
    }
    // What the screens show: nothing, as zeros and nulls.
    let answer = read(
        &app,
        r#"{
          agents { totalCount nodes { id } }
          conversations { totalCount }
          dailyMetrics { totalCount }
          costRecords { totalCount }
          auditLogs { totalCount }
          users { totalCount }
          analytics { kpis { totalConversations totalCost agentsWithTraffic agentsWithStatusActive errorRate } }
          workspace { budget { monthToDateSpend projectedMonthEnd onTrack daily { cost } } }
        }"#,
        json!({}),
    )
    .await;
    for list_name in ["agents", "conversations", "dailyMetrics", "costRecords", "auditLogs"] {
        assert_eq!(answer[list_name]["totalCount"], 0, "{list_name}");
    }
    assert_eq!(answer["users"]["totalCount"], 10);
    let kpis = &answer["analytics"]["kpis"];
    assert_eq!((num(&kpis["totalConversations"]), num(&kpis["totalCost"])), (0.0, 0.0));
    assert_eq!((&kpis["agentsWithTraffic"], &kpis["agentsWithStatusActive"]), (&json!(0), &json!(0)));
    assert!(kpis["errorRate"].is_null() || kpis["errorRate"] == 0, "{kpis}");
    let budget = &answer["workspace"]["budget"];
    assert_eq!((num(&budget["monthToDateSpend"]), num(&budget["projectedMonthEnd"])), (0.0, 0.0));
    assert_eq!(budget["onTrack"], true);
    // The panels no screen test reads: rankings of nothing, percentiles of nothing.
    let answer = read(
        &app,
        r#"{
          meta { seed anchorTime window { start end days } fingerprint version
                 counts { users agents conversations dailyMetrics costRecords auditLogs } }
          analytics {
            costByAgent { agent { id } totalCost share }
            byCost: topAgents(orderBy: {measure: COST}) { rank value agent { id } }
            fastest: topAgents(orderBy: {measure: AVG_RESPONSE_TIME, direction: ASC}) { rank }
            best: topAgents(orderBy: {measure: SUCCESS_RATE}) { rank }
            latencyPercentiles { count mean min max }
            sentimentBreakdown { total positiveShare meanScore }
          }
        }"#,
        json!({}),
    )
    .await;
    assert_eq!(answer["meta"]["counts"]["agents"], 0);
    assert_eq!(answer["meta"]["window"]["days"], 30);
    let analytics = &answer["analytics"];
    for ranking in ["costByAgent", "byCost", "fastest", "best"] {
        assert_eq!(analytics[ranking], json!([]), "{ranking}");
    }
    assert_eq!(analytics["latencyPercentiles"]["count"], 0);
    assert!(analytics["latencyPercentiles"]["mean"].is_null());
    assert_eq!(analytics["sentimentBreakdown"]["total"], 0);
    assert!(analytics["sentimentBreakdown"]["meanScore"].is_null());

    let settings = agentmock::http::playground::PlaygroundSettings::for_snapshot(&snapshot);
    for tab in agentmock::http::playground::tabs(&settings) {
        if tab.query.lines().any(|l| l.trim_start().starts_with("subscription")) {
            continue;
        }
        let variables: Value = tab.variables.as_deref().map_or(json!({}), |v| serde_json::from_str(v).unwrap());
        let mut request = axum::http::Request::post("/graphql").header("content-type", "application/json");
        if let Some(headers) = &tab.headers {
            let headers: std::collections::BTreeMap<String, String> = serde_json::from_str(headers).unwrap();
            for (name, value) in headers {
                request = request.header(name, value);
            }
        }
        let body = json!({ "query": tab.query, "variables": variables }).to_string();
        let reply = crate::support::send(app.clone(), request.body(axum::body::Body::from(body)).unwrap()).await;
        let response = reply.json();
        let writes = tab.query.lines().any(|l| l.trim_start().starts_with("mutation"));
        let acts_on_an_agent = tab.variables.as_deref().is_some_and(|v| v.contains("$AGENT_ID"));
        if writes && acts_on_an_agent {
            // No agent to act on: refused as the client's mistake, never an internal error.
            let code = response["errors"][0]["extensions"]["code"].as_str().unwrap_or("");
            assert!(["BAD_USER_INPUT", "NOT_FOUND"].contains(&code), "{}: {response}", tab.name);
        } else if crate::support::injects_faults(&tab) {
            crate::support::assert_only_injected_errors(&tab.name, &response);
        } else {
            assert!(response.get("errors").is_none(), "{}: {response}", tab.name);
        }
    }
}

// ---------------------------------------------------------------------------
// onboarding

#[test]
fn onboarding_is_the_first_agents_first_hours() {
    for seed in [data::DEFAULT_SEED, 1, 2] {
        for anchor in ["2025-01-19T14:00:00Z", "2025-03-05T03:00:00Z"] {
            let d = generate(&scenario_params(Scenario::Onboarding, seed, at(anchor)));
            let label = format!("seed {seed} at {anchor}");
            let [agent] = &d.agents.iter().collect::<Vec<_>>()[..] else {
                panic!("{label}: {} agents", d.agents.len())
            };
            let age = hours_between(agent.created_at, d.window.anchor);
            assert!((3.0..=6.0).contains(&age), "{label}: created {age:.2} hours before the anchor");
            assert_eq!(agent.status, AgentStatus::Active, "{label}");
            let creator = &d.users[agent.created_by as usize];
            assert_eq!(creator.role, Role::Admin, "{label}");
            // Traffic only since its creation: none on earlier days or hours.
            let mut traffic = 0;
            for (day, m) in d.agent_days(0).iter().enumerate() {
                for (h, &n) in m.hourly.iter().enumerate() {
                    let hour_end = d.window.day_start(day as u32) + TimeDelta::hours(h as i64 + 1);
                    assert!(n == 0 || hour_end > agent.created_at, "{label}: traffic at {h}:00 on {}", m.date);
                }
                traffic += m.conversations;
            }
            assert!(traffic >= 3, "{label}: {traffic} conversations");
            // Every conversation is kept: a new workspace's list shows them all.
            assert_eq!(d.conversations.len(), traffic as usize, "{label}");
            assert!(d.conversations.iter().all(|c| c.started_at >= agent.created_at), "{label}");
            // The trail: sign-ins, then the owner creates, edits, tunes and restarts it.
            let owner_actions: Vec<AuditAction> = d
                .audit_logs
                .iter()
                .filter(|l| l.actor == agent.created_by && l.created_at >= agent.created_at - TimeDelta::hours(1))
                .map(|l| l.action)
                .collect();
            assert_eq!(
                owner_actions,
                [
                    AuditAction::UserLogin,
                    AuditAction::AgentCreated,
                    AuditAction::AgentUpdated,
                    AuditAction::ConfigChanged,
                    AuditAction::AgentStopped,
                    AuditAction::AgentStarted,
                    AuditAction::UserLogout
                ],
                "{label}"
            );
            let signed_in: BTreeSet<u32> =
                d.audit_logs.iter().filter(|l| l.action == AuditAction::UserLogin).map(|l| l.actor).collect();
            assert_eq!(signed_in.len(), d.users.len(), "{label}: everyone signed in once");
            assert_eq!(agent.config.prompt_version, 2, "{label}: the prompt was edited once");
            assert!(d.audit_logs.iter().all(|l| l.created_at < d.window.anchor), "{label}");
        }
    }
}

#[tokio::test]
async fn onboarding_through_the_api() {
    let d = pinned(Scenario::Onboarding);
    let app = app_over(d.clone());
    // A window that is empty but for its last hours: every screen answers.
    for (screen, query) in crate::screens::screen_queries() {
        for variables in screen_variables(&query) {
            let response = ask_as_admin(&app, d, &query, variables.clone()).await;
            assert!(response.get("errors").is_none(), "{screen} {variables}: {response}");
        }
    }
    let answer = read(
        &app,
        r#"{ agents { totalCount nodes { name status createdAt createdBy { role }
                      statusHistory { status reason } metrics { totalConversations } } }
             conversations { totalCount }
             auditLogs(filter: { actions: [AGENT_CREATED] }) { totalCount nodes { actor { role } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(answer["agents"]["totalCount"], 1);
    let agent = &answer["agents"]["nodes"][0];
    assert_eq!(agent["status"], "ACTIVE");
    assert_eq!(agent["createdBy"]["role"], "ADMIN");
    let statuses: Vec<String> = list(&agent["statusHistory"]).iter().map(|c| text(&c["status"])).collect();
    assert_eq!(statuses, ["ACTIVE", "INACTIVE", "ACTIVE"], "created, stopped and started again");
    assert_eq!(answer["conversations"]["totalCount"], agent["metrics"]["totalConversations"]);
    assert_eq!(answer["auditLogs"]["totalCount"], 1);
}

// ---------------------------------------------------------------------------
// incident

/// The outage as a reader of the raw records finds it: the agents paused
/// with a provider outage in the last six hours, their shared onset and
/// model.
fn outage(d: &Dataset) -> (Model, DateTime<Utc>, Vec<usize>) {
    let paused: Vec<usize> = (0..d.agents.len())
        .filter(|&a| {
            d.agents[a].incident.as_ref().is_some_and(|i| {
                matches!(i.cause, IncidentCause::ProviderOutage) && i.onset > d.window.anchor - TimeDelta::hours(6)
            })
        })
        .collect();
    let onsets: BTreeSet<DateTime<Utc>> =
        paused.iter().filter_map(|&a| d.agents[a].incident.as_ref().map(|i| i.onset)).collect();
    assert_eq!(onsets.len(), 1, "one onset: {onsets:?}");
    let onset = *onsets.first().unwrap();
    let day = d.window.day_of_instant(onset).unwrap();
    let models: BTreeSet<Model> = paused.iter().map(|&a| d.agent_costs(a as u32)[day as usize].model).collect();
    assert_eq!(models.len(), 1, "one model: {models:?}");
    (*models.first().unwrap(), onset, paused)
}

#[test]
fn the_incident_is_an_outage_on_one_model() {
    for seed in [data::DEFAULT_SEED, 1, 2] {
        let d = generate(&scenario_params(Scenario::Incident, seed, anchor()));
        let default = generate(&params(seed));
        let (model, onset, paused) = outage(&d);
        let label = format!("seed {seed}: {} from {onset}", model.id());
        let age = hours_between(onset, d.window.anchor);
        assert!((3.0..=6.0).contains(&age), "{label}: the onset {age:.2} hours before the anchor");
        assert!(paused.len() >= 2, "{label}: {} paused", paused.len());
        // The agents it hit are the default's running agents on that model.
        let hit: Vec<usize> = (0..d.agents.len())
            .filter(|&a| default.agents[a].status == AgentStatus::Active && default.agents[a].model == model)
            .collect();
        assert!(paused.iter().all(|a| hit.contains(a)), "{label}");
        // Whole hours after the onset, to the anchor: their failures leap from the same hours a week before.
        let (first, last) = (onset + TimeDelta::hours(1), d.window.anchor);
        let hourly = |d: &Dataset, a: usize, shift: i64| {
            let (mut n, mut failed) = (0u64, 0u64);
            for (day, m) in d.agent_days(a as u32).iter().enumerate() {
                for h in 0..24 {
                    let start = d.window.day_start(day as u32) + TimeDelta::hours(h as i64) + TimeDelta::days(shift);
                    if start >= first - TimeDelta::minutes(59) && start + TimeDelta::hours(1) <= last {
                        n += m.hourly[h] as u64;
                        failed += m.hourly_failed[h] as u64;
                    }
                }
            }
            (n, failed)
        };
        let (mut now, mut before) = ((0, 0), (0, 0));
        for &a in &hit {
            let (n, f) = hourly(&d, a, 0);
            now = (now.0 + n, now.1 + f);
            let (n, f) = hourly(&d, a, 7);
            before = (before.0 + n, before.1 + f);
        }
        let share = |(n, f): (u64, u64)| f as f64 / n.max(1) as f64;
        assert!(share(now) >= 0.3 && share(now) >= 3.0 * share(before), "{label}: {now:?} vs {before:?} a week before");
        // Most of the model's failures since are MODEL_ERROR.
        let day = d.window.day_of_instant(onset).unwrap() as usize;
        let mut errors = [0u64; 6];
        for &a in &hit {
            for m in d.agent_days(a as u32).iter().skip(day) {
                for (e, n) in errors.iter_mut().zip(m.errors) {
                    *e += n as u64;
                }
            }
        }
        assert_eq!(errors.iter().max(), Some(&errors[ErrorType::ModelError as usize]), "{label}: {errors:?}");
        // A responder moved an agent off the model, after the onset, and it billed the old model that day.
        let moves: Vec<&data::AuditLog> = d
            .audit_logs
            .iter()
            .filter(|l| l.action == AuditAction::ConfigChanged && l.created_at > onset)
            .filter(|l| matches!(&l.details, AuditDetails::Changed { changes } if changes[0].field == "model"))
            .collect();
        assert_eq!(moves.len(), 1, "{label}");
        let responder = &d.users[moves[0].actor as usize];
        assert!(matches!(responder.role, Role::Admin | Role::Operator), "{label}");
        let Some(AuditTarget::Agent(moved)) = moves[0].target else { panic!("{label}: the move has no agent") };
        assert!(hit.contains(&(moved as usize)), "{label}");
        assert_ne!(d.agents[moved as usize].model, model, "{label}: the moved agent runs elsewhere now");
        // Outside the outage's agents, the fleet is the default's.
        for a in (0..d.agents.len()).filter(|a| !hit.contains(a)) {
            assert!(d.agent_days(a as u32).iter().eq(default.agent_days(a as u32).iter()), "{label}: agent {a}");
        }
    }
}

#[tokio::test]
async fn the_incident_through_the_api() {
    let d = pinned(Scenario::Incident);
    let (model, onset, paused) = outage(d);
    let app = app_over(d.clone());
    let answer = read(
        &app,
        r#"{ agents(filter: { status: [ERROR] }, first: 50) {
               nodes { name model statusReason incident { cause onset pausedAt dominantErrorType } } } }"#,
        json!({}),
    )
    .await;
    let outage_nodes: Vec<&Value> = list(&answer["agents"]["nodes"])
        .iter()
        .filter(|n| text(&n["incident"]["onset"]) == dump::timestamp(onset))
        .collect();
    assert_eq!(outage_nodes.len(), paused.len());
    for node in outage_nodes {
        assert_eq!(node["model"], model.id());
        assert_eq!(node["incident"]["cause"], "PROVIDER_OUTAGE");
        assert_eq!(node["incident"]["dominantErrorType"], "MODEL_ERROR");
        assert!(text(&node["statusReason"]).starts_with("Paused automatically:"), "{node}");
        assert!(text(&node["statusReason"]).contains("model_error"), "{node}");
    }
}

// ---------------------------------------------------------------------------
// cost-spike

#[test]
fn one_agents_spend_jumps_tenfold_and_the_budget_is_overrun() {
    for seed in [data::DEFAULT_SEED, 1, 2] {
        let d = generate(&scenario_params(Scenario::CostSpike, seed, anchor()));
        let default = generate(&params(seed));
        // Which agent: the one whose spend per conversation jumped against the default's same days.
        let days = d.window.days as usize;
        let per_conversation = |d: &Dataset, a: usize, days: std::ops::Range<usize>| {
            let costs = d.agent_costs(a as u32);
            let rows = d.agent_days(a as u32);
            let cost: i64 = days.clone().map(|k| costs[k].cost_micros).sum();
            let n: u32 = days.map(|k| rows[k].conversations).sum();
            cost as f64 / n.max(1) as f64
        };
        let last_days = days - 3..days;
        let jumped: Vec<usize> = (0..d.agents.len())
            .filter(|&a| {
                per_conversation(&d, a, last_days.clone()) > 2.0 * per_conversation(&default, a, last_days.clone())
            })
            .collect();
        let label = format!("seed {seed}");
        let [spiked] = jumped[..] else { panic!("{label}: {jumped:?} jumped") };
        let ratio = per_conversation(&d, spiked, last_days.clone()) / per_conversation(&d, spiked, days - 14..days - 7);
        assert!((8.0..=12.0).contains(&ratio), "{label}: spend per conversation {ratio:.2}x");
        // Its traffic is the default's: the same conversations, each ten times the tokens.
        let rows = |d: &Dataset| d.agent_days(spiked as u32).iter().map(|m| m.conversations).collect::<Vec<_>>();
        assert_eq!(rows(&d), rows(&default), "{label}");
        // The change that set it off, by an admin or operator, a few days before the anchor.
        let raise = d
            .audit_logs
            .iter()
            .find(|l| {
                l.target == Some(AuditTarget::Agent(spiked as u32))
                    && matches!(l.details, AuditDetails::ConfigChanged { to, .. } if to == 8192.0)
            })
            .unwrap_or_else(|| panic!("{label}: no maxTokens raise"));
        let days_before = (d.window.anchor - raise.created_at).num_hours() as f64 / 24.0;
        assert!((2.0..=6.0).contains(&days_before), "{label}: raised {days_before:.1} days before");
        assert!(matches!(d.users[raise.actor as usize].role, Role::Admin | Role::Operator), "{label}");
        assert_eq!(d.agents[spiked].config.max_tokens, 8192, "{label}");
        // Every cost still follows the formula, and equals its metric's tokens.
        for (m, c) in d.daily_metrics.iter().zip(&d.cost_records) {
            assert_eq!((c.input_tokens, c.output_tokens), (m.total_tokens_input, m.total_tokens_output), "{label}");
            assert_eq!(c.cost_micros, c.model.cost_micros(c.input_tokens, c.output_tokens), "{label}");
        }
    }
}

#[tokio::test]
async fn the_cost_spike_shows_on_the_budget_screen() {
    let query = "{ workspace { budget { monthlyBudget projectedMonthEnd onTrack } } }";
    let spiked = read(&app_over(pinned(Scenario::CostSpike).clone()), query, json!({})).await;
    let budget = &spiked["workspace"]["budget"];
    assert!(num(&budget["projectedMonthEnd"]) > num(&budget["monthlyBudget"]), "{budget}");
    assert_eq!(budget["onTrack"], false);
    let usual = read(&app_over(generate(&params(data::DEFAULT_SEED))), query, json!({})).await;
    assert_eq!(usual["workspace"]["budget"]["onTrack"], true, "the default fleet is on track");
}

// ---------------------------------------------------------------------------
// large

#[test]
fn large_is_a_thousand_agents_over_ninety_days() {
    let d = pinned(Scenario::Large);
    assert!(d.agents.len() >= 1000);
    assert_eq!(d.window.days, 90);
    assert_eq!(d.daily_metrics.len(), d.agents.len() * 90);
    assert_eq!(d.params.sizes, Scenario::Large.sizes(Sizes::default()));
    let oldest = d.daily_metrics.iter().filter(|m| m.conversations > 0).map(|m| m.date).min();
    assert_eq!(oldest, Some(d.window.date(0)), "traffic from the window's first day");
    assert!(failing(d).is_empty(), "{:?}", failing(d));
}

// ---------------------------------------------------------------------------
// Each scenario rule can fail.

fn rule_fails(d: &Dataset, rule: &str) -> bool {
    check::run(d).iter().any(|r| r.name == rule && !r.passed())
}

#[test]
fn each_scenario_rule_fails_when_its_property_is_broken() {
    type Mutation = fn(&mut Dataset);
    let cases: [(Scenario, &str, &str, Mutation); 13] = [
        (Scenario::Empty, "empty.nothing", "an audit entry appears", |d| {
            let entry = pinned(Scenario::Onboarding).audit_logs[0].clone();
            d.audit_logs.push_back(entry);
        }),
        (Scenario::Empty, "new_workspace.members", "a member joined a year ago", |d| {
            let mut u = d.users[3].clone();
            u.created_at = d.window.anchor - TimeDelta::days(365);
            d.users.set(3, u);
        }),
        (Scenario::Empty, "new_workspace.budget", "the budget is a dollar off", |d| {
            d.workspace.monthly_budget_micros += 1_000_000
        }),
        (Scenario::Onboarding, "onboarding.first_agent", "the agent was created two days ago", |d| {
            let mut a = d.agents[0].clone();
            a.created_at = d.window.anchor - TimeDelta::days(2);
            d.agents.set(0, a);
        }),
        (Scenario::Onboarding, "onboarding.records", "a conversation is not kept", |d| {
            d.conversations.pop_back();
        }),
        (Scenario::Onboarding, "onboarding.story", "the restart leaves the trail", |d| {
            d.audit_logs.retain(|l| !matches!(l.action, AuditAction::AgentStopped | AuditAction::AgentStarted));
        }),
        (Scenario::Incident, "incident.outage", "the outage's failures succeed on the anchor's day", |d| {
            let last = d.window.last_day();
            for a in 0..d.agents.len() as u32 {
                let row = d.grid_row(a, last);
                let mut m = d.daily_metrics[row].clone();
                m.succeeded = m.conversations;
                m.errors = [0; 6];
                m.hourly_failed = [0; 24];
                d.daily_metrics.set(row, m);
            }
        }),
        (Scenario::Incident, "incident.pauses", "a pause is made by a user", |d| {
            let (_, _, paused) = outage(d);
            let mut a = d.agents[paused[0]].clone();
            if let Some(last) = a.status_changes.back_mut() {
                last.actor = Some(0);
            }
            d.agents.set(paused[0], a);
        }),
        (Scenario::Incident, "incident.responders", "the model move becomes a description edit", |d| {
            for i in 0..d.audit_logs.len() {
                let mut l = d.audit_logs[i].clone();
                if matches!(l.details, AuditDetails::Changed { .. }) {
                    l.action = AuditAction::AgentUpdated;
                    l.details = AuditDetails::AgentUpdated { field: "description", prompt: None };
                    d.audit_logs.set(i, l);
                }
            }
        }),
        (Scenario::Incident, "incident.latency", "replies on the outage's days are as fast as ever", |d| {
            let (model, onset, _) = outage(d);
            let first = d.window.day_of_instant(onset).unwrap();
            for row in 0..d.daily_metrics.len() {
                let mut m = d.daily_metrics[row].clone();
                if d.cost_records[row].model == model && d.window.day_of(m.date).unwrap() >= first {
                    m.latency_sum_ms = m.replies as u64 * 700;
                    d.daily_metrics.set(row, m);
                }
            }
        }),
        (Scenario::CostSpike, "cost_spike.jump", "the spike's tokens are as usual", |d| {
            let last = d.window.last_day();
            let spiked = (0..d.agents.len())
                .find(|&a| d.agents[a].config.max_tokens == 8192 && d.agents[a].status == AgentStatus::Active)
                .unwrap();
            for day in last - 6..=last {
                let row = d.grid_row(spiked as u32, day);
                let mut m = d.daily_metrics[row].clone();
                m.total_tokens_input /= 10;
                m.total_tokens_output /= 10;
                d.daily_metrics.set(row, m);
            }
        }),
        (Scenario::CostSpike, "cost_spike.budget", "the budget is ten times larger", |d| {
            d.workspace.monthly_budget_micros *= 10
        }),
        (Scenario::Large, "large.sizes", "a default fleet claims to be large", |d| {
            *d = generate(&params(data::DEFAULT_SEED));
            d.params.scenario = Scenario::Large;
        }),
    ];
    for (scenario, rule, what, mutate) in cases {
        // The large dataset passes its rules (`large_is_a_thousand_agents...`); its mutation replaces it.
        let mut d =
            if scenario == Scenario::Large { pinned(Scenario::Empty).clone() } else { pinned(scenario).clone() };
        assert!(scenario == Scenario::Large || !rule_fails(&d, rule), "{rule} fails before: {what}");
        mutate(&mut d);
        assert!(rule_fails(&d, rule), "{what}: {rule} still passes");
    }
}

// ---------------------------------------------------------------------------
// The simulator on each scenario.

#[test]
fn the_simulator_runs_every_scenario() {
    use agentmock::store::simulator::advance;
    for scenario in SMALL {
        // Across midnight: the window rolls too.
        let seeded = Arc::new(Snapshot::generate(&scenario_params(scenario, 3, at("2025-01-20T22:00:00Z"))).unwrap());
        let anchor = seeded.dataset.params.anchor;
        let mut snap = seeded.clone();
        // To the next morning, three hours a step.
        for hour in [3, 6, 9, 12] {
            snap = advance(&snap, anchor + TimeDelta::hours(hour)).snapshot;
            for r in check::run_live(&snap.dataset) {
                assert!(r.passed(), "{scenario} after {hour} hours: {} failed: {:?}", r.name, r.outcome);
            }
        }
        let d = &snap.dataset;
        assert_eq!(d.window.start(), seeded.dataset.window.start() + TimeDelta::days(1), "{scenario}: rolled");
        let traffic: u64 = d.daily_metrics.iter().map(|m| m.conversations as u64).sum();
        let before: u64 = seeded.dataset.daily_metrics.iter().map(|m| m.conversations as u64).sum();
        match scenario {
            Scenario::Empty => {
                assert!(d.agents.is_empty() && d.daily_metrics.is_empty() && d.conversations.is_empty());
            }
            Scenario::Onboarding => {
                // Its one agent keeps serving, every conversation kept.
                let today: u32 = d.agent_days(0).iter().last().map_or(0, |m| m.conversations);
                assert!(today > 0, "onboarding: traffic the next morning");
                assert_eq!(d.conversations.len() as u64, traffic, "onboarding: every conversation kept");
                assert!(traffic > before, "onboarding: {traffic} conversations after, {before} before");
            }
            _ => {
                let today: u32 = (0..d.agents.len() as u32)
                    .filter_map(|a| d.agent_days(a).iter().last())
                    .map(|m| m.conversations)
                    .sum();
                assert!(today > 0, "{scenario}: the fleet serves the next morning");
            }
        }
    }
}

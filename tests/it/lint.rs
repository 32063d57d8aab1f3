//! The schema lint: the rules issue 15 set for every type and field, read
//! from the served SDL so a new type or field cannot break them unnoticed.
//! - Cache identity: every object type has an `id: ID!` or is a declared
//!   value object ([`agentmock::graphql::ids::VALUE_TYPES`]), never both; a
//!   merged value object is never a list's item; connections page with
//!   `first/after/last/before` and their edges live only in them; payloads
//!   come only from mutations and subscriptions.
//! - Order: one vocabulary of measures (`TelemetryMeasure`; column enums
//!   hold columns only) and one default direction rule: names and
//!   categories ascending, times, counts and measures descending. Every
//!   `orderBy` input leaves `direction` without a schema default, and the
//!   server applies the rule when it is omitted (checked by running each
//!   order with and without it).
//! - Names and types: tokens are `Float` and named `inputTokens`,
//!   `outputTokens`, `totalTokens`, money is `Float` USD named `totalCost`,
//!   `cost` or `costPerConversation`, times in milliseconds are `Float`;
//!   the seed's own names (its sample JSON) are the exceptions; ids are
//!   `ID`; the audit feed and its live updates take one filter input.

use std::collections::{BTreeMap, BTreeSet};

use agentmock::graphql::ids::{VALUE_TYPES, Value as CacheValue};
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use serde_json::{Value, json};

use crate::support::{data, list};

/// One field (output or input) of the served schema.
#[derive(Clone, Debug)]
struct Field {
    name: String,
    ty: Type,
    /// Arguments (output fields) with their types and whether they have a default.
    arguments: Vec<(String, Type, bool)>,
    /// Whether an input field declares a default.
    has_default: bool,
}

impl Field {
    fn named(&self) -> String {
        base(&self.ty.base)
    }

    fn is_list(&self) -> bool {
        matches!(self.ty.base, BaseType::List(_))
    }

    fn argument(&self, name: &str) -> Option<&(String, Type, bool)> {
        self.arguments.iter().find(|(n, _, _)| n == name)
    }
}

fn base(b: &BaseType) -> String {
    match b {
        BaseType::Named(n) => n.to_string(),
        BaseType::List(item) => base(&item.base),
    }
}

#[derive(Debug, Default)]
struct Sdl {
    objects: BTreeMap<String, Vec<Field>>,
    inputs: BTreeMap<String, Vec<Field>>,
    enums: BTreeMap<String, Vec<String>>,
    /// Interfaces and unions.
    abstracts: BTreeSet<String>,
}

impl Sdl {
    fn served() -> Sdl {
        let document = async_graphql::parser::parse_schema(agentmock::graphql::sdl()).expect("the SDL parses");
        let mut sdl = Sdl::default();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else { continue };
            let name = ty.node.name.node.to_string();
            match ty.node.kind {
                TypeKind::Object(object) => {
                    let fields = object
                        .fields
                        .into_iter()
                        .map(|f| Field {
                            name: f.node.name.node.to_string(),
                            ty: f.node.ty.node,
                            arguments: f
                                .node
                                .arguments
                                .into_iter()
                                .map(|a| (a.node.name.node.to_string(), a.node.ty.node, a.node.default_value.is_some()))
                                .collect(),
                            has_default: false,
                        })
                        .collect();
                    sdl.objects.insert(name, fields);
                }
                TypeKind::InputObject(input) => {
                    let fields = input
                        .fields
                        .into_iter()
                        .map(|f| Field {
                            name: f.node.name.node.to_string(),
                            ty: f.node.ty.node,
                            arguments: Vec::new(),
                            has_default: f.node.default_value.is_some(),
                        })
                        .collect();
                    sdl.inputs.insert(name, fields);
                }
                TypeKind::Interface(_) | TypeKind::Union(_) => {
                    sdl.abstracts.insert(name);
                }
                TypeKind::Enum(e) => {
                    sdl.enums.insert(name, e.values.into_iter().map(|v| v.node.value.node.to_string()).collect());
                }
                _ => {}
            }
        }
        sdl
    }

    /// Whether a named type is a scalar (built in or custom).
    fn is_scalar(&self, name: &str) -> bool {
        !(self.objects.contains_key(name)
            || self.inputs.contains_key(name)
            || self.enums.contains_key(name)
            || self.abstracts.contains(name))
    }

    /// Every output field, as `(type, field)`.
    fn output_fields(&self) -> impl Iterator<Item = (&str, &Field)> {
        self.objects.iter().flat_map(|(ty, fields)| fields.iter().map(move |f| (ty.as_str(), f)))
    }

    /// Every output and input field, as `(type, field)`.
    fn all_fields(&self) -> impl Iterator<Item = (&str, &Field)> {
        self.output_fields()
            .chain(self.inputs.iter().flat_map(|(ty, fields)| fields.iter().map(move |f| (ty.as_str(), f))))
    }
}

const ROOTS: [&str; 3] = ["Query", "Mutation", "Subscription"];

fn value_of(ty: &str) -> Option<CacheValue> {
    VALUE_TYPES.iter().find(|(name, _)| *name == ty).map(|&(_, v)| v)
}

#[test]
fn every_object_type_has_an_id_or_is_a_declared_value_object() {
    let sdl = Sdl::served();
    let mut problems = Vec::new();
    for (ty, fields) in &sdl.objects {
        if ROOTS.contains(&ty.as_str()) {
            continue;
        }
        let id = fields.iter().find(|f| f.name == "id");
        match (id, value_of(ty)) {
            (Some(id), None) if id.ty.to_string() == "ID!" => {}
            (Some(id), None) => problems.push(format!("{ty}.id is {}, not ID!", id.ty)),
            (None, None) => problems.push(format!("{ty} has no `id: ID!` and is not in VALUE_TYPES")),
            (Some(_), Some(_)) => problems.push(format!("{ty} has an id but is declared a value object")),
            (None, Some(_)) => {}
        }
    }
    for (name, _) in VALUE_TYPES {
        if !sdl.objects.contains_key(*name) {
            problems.push(format!("VALUE_TYPES names {name}, which the schema does not have"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn value_objects_sit_where_caches_can_merge_them() {
    let sdl = Sdl::served();
    let mut problems = Vec::new();
    for (ty, field) in sdl.output_fields() {
        let returns = field.named();
        let at = format!("{ty}.{}", field.name);
        match value_of(&returns) {
            // A list's items have no identity a cache could merge by.
            Some(CacheValue::Merged) if field.is_list() => {
                problems.push(format!("{at} lists {returns}, a value object: give it an id"))
            }
            Some(CacheValue::Edge)
                if !(field.name == "edges" && field.is_list() && value_of(ty) == Some(CacheValue::Connection)) =>
            {
                problems.push(format!("{at} returns the edge {returns} outside a connection's `edges`"));
            }
            Some(CacheValue::Connection) => {
                let names: BTreeSet<&str> = field.arguments.iter().map(|(n, _, _)| n.as_str()).collect();
                for paging in ["first", "after", "last", "before"] {
                    if !names.contains(paging) {
                        problems.push(format!("{at} returns a connection without `{paging}`"));
                    }
                }
                if field.is_list() {
                    problems.push(format!("{at} lists connections"));
                }
            }
            Some(CacheValue::Payload) if !["Mutation", "Subscription"].contains(&ty) => {
                problems.push(format!("{at} returns the payload {returns} outside a mutation or subscription"))
            }
            _ => {}
        }
    }
    for (ty, fields) in &sdl.objects {
        if value_of(ty) == Some(CacheValue::Connection) {
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(names, ["edges", "nodes", "pageInfo", "totalCount"], "{ty}: a Relay connection");
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The one default direction rule, by what an order key is: names and
/// categories ascending; times, counts and measures descending. A key
/// this does not classify fails the lint until someone decides.
fn natural_direction(key: &str, measures: &[String]) -> Option<&'static str> {
    const CATEGORIES: [&str; 6] = ["NAME", "EMAIL", "MODEL", "STATUS", "ROLE", "KIND"];
    const COUNTS: [&str; 1] = ["MESSAGE_COUNT"];
    if CATEGORIES.contains(&key) {
        Some("ASC")
    } else if key.ends_with("_AT") || key == "DATE" || COUNTS.contains(&key) || measures.iter().any(|m| m == key) {
        Some("DESC")
    } else {
        None
    }
}

#[test]
fn one_vocabulary_of_measures_and_one_direction_rule_in_the_schema() {
    let sdl = Sdl::served();
    let measures = &sdl.enums["TelemetryMeasure"];
    let mut problems = Vec::new();
    // No second enum of measures: order-field enums hold columns only.
    for (name, values) in &sdl.enums {
        if name == "TelemetryMeasure" {
            continue;
        }
        if name.ends_with("OrderField") || name.ends_with("Measure") {
            for v in values {
                let measure_like = measures.contains(v)
                    || ["TOTAL_CONVERSATIONS", "TOTAL_COST", "LATENCY", "DURATION"].contains(&v.as_str());
                if measure_like {
                    problems.push(format!("{name}.{v} is a measure: it belongs in TelemetryMeasure"));
                }
                if natural_direction(v, measures).is_none() {
                    problems.push(format!("{name}.{v}: classify it in the direction rule"));
                }
            }
        }
    }
    let mut order_inputs = BTreeSet::new();
    for (ty, field) in sdl.output_fields() {
        let at = format!("{ty}.{}", field.name);
        if let Some((_, order, _)) = field.argument("orderBy") {
            let input = base(&order.base);
            let fields = sdl.inputs.get(&input).unwrap_or_else(|| panic!("{at}: orderBy is {input}"));
            let direction = fields.iter().find(|f| f.name == "direction");
            match direction {
                Some(d) if d.ty.to_string() == "OrderDirection" && !d.has_default => {}
                _ => problems.push(format!("{input}.direction: a nullable OrderDirection without a default")),
            }
            let keys: Vec<&Field> = fields.iter().filter(|f| f.name == "field" || f.name == "measure").collect();
            for key in keys.iter().filter(|k| k.name == "measure") {
                if key.named() != "TelemetryMeasure" {
                    problems.push(format!("{input}.measure is {}, not TelemetryMeasure", key.named()));
                }
            }
            if keys.is_empty() {
                problems.push(format!("{input} orders by neither a `field` nor a `measure`"));
            }
            order_inputs.insert(input);
        }
        if let Some((_, ty, has_default)) = field.argument("direction")
            && (ty.to_string() != "OrderDirection" || *has_default)
        {
            problems.push(format!("{at}(direction:): a nullable OrderDirection without a default"));
        }
    }
    assert!(order_inputs.len() >= 7, "orderBy inputs found: {order_inputs:?}");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Row identities of one order, as the list answers them.
async fn ordered(query: &str, path: &[&str], key: &str, order: Value) -> Vec<String> {
    let answer = data(query, json!({ "order": order })).await;
    let rows = path.iter().fold(&answer, |v, p| &v[*p]);
    list(rows).iter().map(|row| row[key].to_string()).collect()
}

#[tokio::test]
async fn every_order_applies_the_direction_rule_when_direction_is_omitted() {
    let sdl = Sdl::served();
    let measures = sdl.enums["TelemetryMeasure"].clone();
    // Each orderBy input, through a root or analytics field that takes it
    // (nested lists share the input and its code path): the query, where
    // its rows are, and which field identifies a row.
    let sites: [(&str, &str, &[&str], &str); 9] = [
        (
            "AgentOrder",
            "query($order: AgentOrder) { agents(first: 50, orderBy: $order) { nodes { id } } }",
            &["agents", "nodes"],
            "id",
        ),
        (
            "ConversationOrder",
            "query($order: ConversationOrder) { conversations(first: 50, orderBy: $order) { nodes { id } } }",
            &["conversations", "nodes"],
            "id",
        ),
        (
            "DailyMetricOrder",
            "query($order: DailyMetricOrder) { dailyMetrics(first: 50, orderBy: $order) { nodes { id } } }",
            &["dailyMetrics", "nodes"],
            "id",
        ),
        (
            "CostRecordOrder",
            "query($order: CostRecordOrder) { costRecords(first: 50, orderBy: $order) { nodes { id } } }",
            &["costRecords", "nodes"],
            "id",
        ),
        (
            "AuditLogOrder",
            "query($order: AuditLogOrder) { auditLogs(first: 50, orderBy: $order) { nodes { id } } }",
            &["auditLogs", "nodes"],
            "id",
        ),
        (
            "UserOrder",
            "query($order: UserOrder) { users(first: 50, orderBy: $order) { nodes { id } } }",
            &["users", "nodes"],
            "id",
        ),
        (
            "TelemetryOrder",
            "query($order: TelemetryOrder) { analytics { breakdown(by: AGENT, orderBy: $order, first: 50) { agent { id } } } }",
            &["analytics", "breakdown"],
            "agent",
        ),
        (
            "TelemetryOrder",
            "query($order: TelemetryOrder) { analytics { costByAgent(orderBy: $order, first: 50) { agent { id } } } }",
            &["analytics", "costByAgent"],
            "agent",
        ),
        (
            "TelemetryOrder",
            "query($order: TelemetryOrder) { analytics { costByModel(orderBy: $order) { model } } }",
            &["analytics", "costByModel"],
            "model",
        ),
    ];
    let mut checked = BTreeSet::new();
    let mut differs = 0;
    for (input, query, path, key) in sites {
        let fields = &sdl.inputs[input];
        let mut keys: Vec<(&str, String)> = Vec::new();
        for f in fields.iter().filter(|f| f.name == "field" || f.name == "measure") {
            for v in &sdl.enums[&f.named()] {
                keys.push((f.name.as_str(), v.clone()));
            }
        }
        for (slot, key_value) in keys {
            let natural =
                natural_direction(&key_value, &measures).unwrap_or_else(|| panic!("{key_value}: unclassified"));
            let opposite = if natural == "ASC" { "DESC" } else { "ASC" };
            let omitted = ordered(query, path, key, json!({ slot: key_value })).await;
            let explicit = ordered(query, path, key, json!({ slot: key_value, "direction": natural })).await;
            let reversed = ordered(query, path, key, json!({ slot: key_value, "direction": opposite })).await;
            assert!(omitted.len() > 1, "{input} {slot} {key_value}: rows to order");
            assert_eq!(omitted, explicit, "{input} by {key_value}: an omitted direction is {natural}");
            differs += usize::from(reversed != explicit);
            checked.insert(input);
        }
    }
    // The check can tell the directions apart: nearly every key orders
    // its rows differently one way and the other (ties aside).
    assert!(differs > 30, "{differs} orders differ when reversed");
    let declared: BTreeSet<&str> = sdl
        .output_fields()
        .filter_map(|(_, f)| f.argument("orderBy"))
        .map(|(_, ty, _)| match &ty.base {
            BaseType::Named(n) => n.as_str(),
            BaseType::List(_) => "",
        })
        .collect();
    assert_eq!(checked, declared, "every orderBy input is run");

    // `topAgents` ranks by a measure: highest first when `direction` is omitted.
    for measure in &measures {
        let q = "query($by: TelemetryMeasure!, $d: OrderDirection) { analytics { topAgents(orderBy: {measure: $by, direction: $d}, first: 20) { agent { id } } } }";
        let rows = |d: Value| {
            let vars = json!({ "by": measure, "d": d });
            async move {
                let answer = data(q, vars).await;
                list(&answer["analytics"]["topAgents"]).iter().map(|r| r["agent"]["id"].to_string()).collect::<Vec<_>>()
            }
        };
        assert_eq!(rows(Value::Null).await, rows(json!("DESC")).await, "topAgents by {measure}");
    }
}

/// Fields named as the seed's sample JSON names them, with their types:
/// the exceptions to the naming rule.
const SEED_NAMES: [(&str, &str, &str); 8] = [
    ("DailyMetric", "totalTokensInput", "Float!"),
    ("DailyMetric", "totalTokensOutput", "Float!"),
    ("CostRecord", "inputTokens", "Float!"),
    ("CostRecord", "outputTokens", "Float!"),
    ("CostRecord", "totalCost", "Float!"),
    ("AgentConfig", "maxTokens", "Int!"),
    ("CreateAgentInput", "maxTokens", "Int"),
    ("UpdateAgentConfigInput", "maxTokens", "Int"),
];

/// Token counts other than input, output and total usage: a message's own
/// text (what its `inputTokens` / `outputTokens` are not).
const OTHER_TOKEN_COUNTS: [&str; 1] = ["contentTokens"];

#[test]
fn tokens_money_and_milliseconds_follow_one_naming_and_typing_rule() {
    let sdl = Sdl::served();
    let mut problems = Vec::new();
    let mut seen_seed = BTreeSet::new();
    let mut response_time_types = BTreeSet::new();
    for (ty, field) in sdl.all_fields() {
        let name = field.name.as_str();
        let at = format!("{ty}.{name}");
        let float = field.named() == "Float" && !field.is_list();
        if let Some((_, _, shape)) = SEED_NAMES.iter().find(|(t, n, _)| *t == ty && *n == name) {
            if field.ty.to_string() != *shape {
                problems.push(format!("{at} is {}, the seed's {shape}", field.ty));
            }
            seen_seed.insert((ty, name));
            continue;
        }
        if !sdl.is_scalar(&field.named()) {
            continue;
        }
        let lower = name.to_lowercase();
        // Token counts (plural: `SignInPayload.token` is a credential).
        if lower.contains("tokens") {
            if !["inputTokens", "outputTokens", "totalTokens"].contains(&name) && !OTHER_TOKEN_COUNTS.contains(&name) {
                problems.push(format!("{at}: tokens are inputTokens, outputTokens or totalTokens"));
            }
            if !float {
                problems.push(format!("{at} is {}: token counts are Float", field.ty));
            }
        }
        // Money (`costRecords` names a collection: it counts records).
        if ["cost", "price", "budget", "spend"].iter().any(|m| lower.contains(m)) && name != "costRecords" {
            if !float {
                problems.push(format!("{at} is {}: money is Float USD", field.ty));
            }
            let named_well = ["totalCost", "cost", "costPerConversation", "minCost"].contains(&name)
                || ["inputPricePer1K", "outputPricePer1K", "monthlyBudget", "monthToDateSpend"].contains(&name);
            if !named_well {
                problems.push(format!("{at}: money is totalCost (a sum), cost (one item) or costPerConversation"));
            }
        }
        if (name.ends_with("Ms") || name.contains("ResponseTime") || name.ends_with("Latency")) && !float {
            problems.push(format!("{at} is {}: milliseconds are Float", field.ty));
        }
        if name.contains("ResponseTime") {
            response_time_types.insert(field.named());
        }
        if (name == "id" || name.ends_with("Id")) && (field.named() != "ID" || field.is_list()) {
            problems.push(format!("{at} is {}: ids are ID", field.ty));
        }
        if (name == "ids" || name.ends_with("Ids")) && (field.named() != "ID" || !field.is_list()) {
            problems.push(format!("{at} is {}: id lists are [ID!]", field.ty));
        }
    }
    assert_eq!(seen_seed.len(), SEED_NAMES.len(), "every seed name is in the schema: {seen_seed:?}");
    assert_eq!(response_time_types, BTreeSet::from(["Float".to_string()]), "avgResponseTime has one type");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_audit_feed_and_its_live_updates_take_one_filter() {
    let sdl = Sdl::served();
    let filter_of = |ty: &str, field: &str| {
        let f = sdl.objects[ty].iter().find(|f| f.name == field).unwrap_or_else(|| panic!("{ty}.{field}"));
        f.argument("filter").map(|(_, t, _)| t.to_string())
    };
    let list = filter_of("Query", "auditLogs");
    assert_eq!(list.as_deref(), Some("AuditLogFilter"));
    assert_eq!(filter_of("Subscription", "auditLogAdded"), list, "one input for the feed and its updates");
    for (ty, field) in [("Agent", "auditLogs"), ("User", "auditLogs")] {
        assert_eq!(filter_of(ty, field), list, "{ty}.{field}");
    }
}

#[test]
fn active_agents_are_named_apart() {
    let sdl = Sdl::served();
    let names: Vec<&str> = sdl.objects["FleetKpis"].iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"agentsWithTraffic") && names.contains(&"agentsWithStatusActive"), "{names:?}");
    let ambiguous: Vec<String> =
        sdl.all_fields().filter(|(_, f)| f.name == "activeAgents").map(|(ty, f)| format!("{ty}.{}", f.name)).collect();
    assert!(ambiguous.is_empty(), "`activeAgents` means two things: {ambiguous:?}");
}

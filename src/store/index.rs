//! Secondary indices over a dataset, built once per snapshot.

use std::collections::HashMap;

use uuid::Uuid;

use crate::data::catalogue::{AuditAction, Model, Role};
use crate::data::{AgentStatus, AuditTarget, Dataset};

/// What an id names, and where it sits in its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityRef {
    User(u32),
    Agent(u32),
    Conversation(u32),
    DailyMetric(u32),
    CostRecord(u32),
    AuditLog(u32),
}

/// Row lists per key; every list is in the table's own order (time order for
/// conversations and audit logs), so range scans are binary searches.
#[derive(Debug, Default)]
pub struct Index {
    /// Every id of every table. Only looked up, never iterated.
    pub by_id: HashMap<Uuid, EntityRef>,
    /// Users by lower-cased email (for sign-in by email). Only looked up.
    pub users_by_email: HashMap<String, u32>,
    pub users_by_role: [Vec<u32>; 3],
    pub agents_by_creator: Vec<Vec<u32>>,
    /// Agents in natural name order ("Bot 9" before "Bot 10").
    pub agents_by_name: Vec<u32>,
    /// Position of each agent row in `agents_by_name`.
    pub agent_name_rank: Vec<u32>,
    /// Daily-metric (and cost-record) rows by date, then agent row.
    pub grid_by_date: Vec<u32>,
    pub agents_by_status: [Vec<u32>; 3],
    pub agents_by_model: [Vec<u32>; 3],
    pub conversations_by_agent: Vec<Vec<u32>>,
    pub audit_by_actor: Vec<Vec<u32>>,
    pub audit_by_agent: Vec<Vec<u32>>,
    pub audit_by_user_target: Vec<Vec<u32>>,
    pub audit_by_action: [Vec<u32>; 10],
}

impl Index {
    pub fn build(d: &Dataset) -> Self {
        let mut index = Index {
            by_id: HashMap::with_capacity(
                d.users.len()
                    + d.agents.len()
                    + d.conversations.len()
                    + d.daily_metrics.len()
                    + d.cost_records.len()
                    + d.audit_logs.len(),
            ),
            agents_by_creator: vec![Vec::new(); d.users.len()],
            conversations_by_agent: vec![Vec::new(); d.agents.len()],
            audit_by_actor: vec![Vec::new(); d.users.len()],
            audit_by_agent: vec![Vec::new(); d.agents.len()],
            audit_by_user_target: vec![Vec::new(); d.users.len()],
            ..Index::default()
        };
        let ids = &mut index.by_id;
        ids.extend(d.users.iter().enumerate().map(|(i, r)| (r.id, EntityRef::User(i as u32))));
        ids.extend(d.agents.iter().enumerate().map(|(i, r)| (r.id, EntityRef::Agent(i as u32))));
        ids.extend(d.conversations.iter().enumerate().map(|(i, r)| (r.id, EntityRef::Conversation(i as u32))));
        ids.extend(d.daily_metrics.iter().enumerate().map(|(i, r)| (r.id, EntityRef::DailyMetric(i as u32))));
        ids.extend(d.cost_records.iter().enumerate().map(|(i, r)| (r.id, EntityRef::CostRecord(i as u32))));
        ids.extend(d.audit_logs.iter().enumerate().map(|(i, r)| (r.id, EntityRef::AuditLog(i as u32))));

        for (i, user) in d.users.iter().enumerate() {
            index.users_by_email.insert(user.email.to_lowercase(), i as u32);
            index.users_by_role[role_slot(user.role)].push(i as u32);
        }
        for (i, agent) in d.agents.iter().enumerate() {
            let i = i as u32;
            index.agents_by_creator[agent.created_by as usize].push(i);
            index.agents_by_status[status_slot(agent.status)].push(i);
            index.agents_by_model[model_slot(agent.model)].push(i);
        }
        index.agents_by_name = (0..d.agents.len() as u32).collect();
        index.agents_by_name.sort_by_key(|&a| natural_key(&d.agents[a as usize].name));
        index.agent_name_rank = vec![0; d.agents.len()];
        for (rank, &a) in index.agents_by_name.iter().enumerate() {
            index.agent_name_rank[a as usize] = rank as u32;
        }
        let (agents, days) = (d.agents.len(), d.window.days as usize);
        index.grid_by_date = (0..days).flat_map(|day| (0..agents).map(move |a| (a * days + day) as u32)).collect();
        for (i, conversation) in d.conversations.iter().enumerate() {
            index.conversations_by_agent[conversation.agent as usize].push(i as u32);
        }
        for (i, log) in d.audit_logs.iter().enumerate() {
            let i = i as u32;
            index.audit_by_actor[log.actor as usize].push(i);
            index.audit_by_action[action_slot(log.action)].push(i);
            match log.target {
                Some(AuditTarget::Agent(a)) => index.audit_by_agent[a as usize].push(i),
                Some(AuditTarget::User(u)) => index.audit_by_user_target[u as usize].push(i),
                None => {}
            }
        }
        index
    }
}

/// `("Customer Support Bot", 42)` for "Customer Support Bot 42", so numbers
/// sort by value.
pub fn natural_key(name: &str) -> (&str, u64, &str) {
    match name.rsplit_once(' ') {
        Some((base, number)) if number.chars().all(|c| c.is_ascii_digit()) && !number.is_empty() => {
            (base, number.parse().unwrap_or(u64::MAX), name)
        }
        _ => (name, 0, name),
    }
}

pub fn role_slot(role: Role) -> usize {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0)
}

pub fn status_slot(status: AgentStatus) -> usize {
    AgentStatus::ALL.iter().position(|s| *s == status).unwrap_or(0)
}

pub fn model_slot(model: Model) -> usize {
    Model::ALL.iter().position(|m| *m == model).unwrap_or(0)
}

pub fn action_slot(action: AuditAction) -> usize {
    AuditAction::ALL.iter().position(|a| *a == action).unwrap_or(0)
}

//! Secondary indices over a dataset: built once for the generated dataset,
//! then kept up to date by writes, which change only the entries of the rows
//! they touch. Every list is a persistent vector of rows in the table's own
//! order (time order for conversations and audit logs), so range scans are
//! binary searches and a snapshot clones its indices in O(1).

use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

use crate::data::catalogue::{AuditAction, Model, Role};
use crate::data::{Agent, AgentStatus, AuditLog, AuditTarget, Dataset, User};

/// What an id names, and where it sits in its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityRef {
    User(u32),
    Agent(u32),
    Conversation(u32),
    DailyMetric(u32),
    CostRecord(u32),
    AuditLog(u32),
}

/// Rows of one table, ascending (or in the table's time order).
pub type List = imbl::Vector<u32>;

/// Row lists per key.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every id of the generated dataset. Only looked up, never iterated;
    /// shared by every snapshot.
    base_ids: Arc<HashMap<Uuid, EntityRef>>,
    /// Ids that writes added (or that deletions retired: `None`).
    written_ids: imbl::HashMap<Uuid, Option<EntityRef>>,
    /// Users by lower-cased email (for sign-in by email). Only looked up.
    users_by_email: Arc<HashMap<String, u32>>,
    pub users_by_role: [List; 3],
    pub agents_by_creator: imbl::Vector<List>,
    /// Agents in natural name order ("Bot 9" before "Bot 10").
    pub agents_by_name: List,
    pub agents_by_status: [List; 3],
    pub agents_by_model: [List; 3],
    pub conversations_by_agent: imbl::Vector<List>,
    pub audit_by_actor: imbl::Vector<List>,
    pub audit_by_agent: imbl::Vector<List>,
    pub audit_by_user_target: imbl::Vector<List>,
    pub audit_by_action: [List; 10],
}

impl Index {
    pub fn build(d: &Dataset) -> Self {
        let mut ids = HashMap::with_capacity(
            d.users.len()
                + d.agents.len()
                + d.conversations.len()
                + d.daily_metrics.len()
                + d.cost_records.len()
                + d.audit_logs.len(),
        );
        ids.extend(d.users.iter().enumerate().map(|(i, r)| (r.id, EntityRef::User(i as u32))));
        ids.extend(d.agents.iter().enumerate().map(|(i, r)| (r.id, EntityRef::Agent(i as u32))));
        ids.extend(d.conversations.iter().enumerate().map(|(i, r)| (r.id, EntityRef::Conversation(i as u32))));
        ids.extend(d.daily_metrics.iter().enumerate().map(|(i, r)| (r.id, EntityRef::DailyMetric(i as u32))));
        ids.extend(d.cost_records.iter().enumerate().map(|(i, r)| (r.id, EntityRef::CostRecord(i as u32))));
        ids.extend(d.audit_logs.iter().enumerate().map(|(i, r)| (r.id, EntityRef::AuditLog(i as u32))));
        let emails = d.users.iter().enumerate().map(|(i, u)| (u.email.to_lowercase(), i as u32)).collect();

        let mut by_role = [Vec::new(), Vec::new(), Vec::new()];
        for (i, user) in d.users.iter().enumerate() {
            by_role[role_slot(user.role)].push(i as u32);
        }
        let mut by_creator = vec![Vec::new(); d.users.len()];
        let mut by_status = [Vec::new(), Vec::new(), Vec::new()];
        let mut by_model = [Vec::new(), Vec::new(), Vec::new()];
        for (i, agent) in d.agents.iter().enumerate() {
            let i = i as u32;
            by_creator[agent.created_by as usize].push(i);
            by_status[status_slot(agent.status)].push(i);
            by_model[model_slot(agent.model)].push(i);
        }
        let mut by_name: Vec<u32> = (0..d.agents.len() as u32).collect();
        by_name.sort_by(|&a, &b| name_order(&d.agents[a as usize], &d.agents[b as usize]).then(a.cmp(&b)));
        let mut by_agent = vec![Vec::new(); d.agents.len()];
        for (i, conversation) in d.conversations.iter().enumerate() {
            by_agent[conversation.agent as usize].push(i as u32);
        }
        let mut audit_actor = vec![Vec::new(); d.users.len()];
        let mut audit_agent = vec![Vec::new(); d.agents.len()];
        let mut audit_user = vec![Vec::new(); d.users.len()];
        let mut audit_action: [Vec<u32>; 10] = Default::default();
        for (i, log) in d.audit_logs.iter().enumerate() {
            let i = i as u32;
            audit_actor[log.actor as usize].push(i);
            audit_action[action_slot(log.action)].push(i);
            match log.target {
                Some(AuditTarget::Agent(a)) => audit_agent[a as usize].push(i),
                Some(AuditTarget::User(u)) => audit_user[u as usize].push(i),
                None => {}
            }
        }
        let lists = |v: Vec<Vec<u32>>| v.into_iter().map(List::from).collect::<imbl::Vector<List>>();
        Index {
            base_ids: Arc::new(ids),
            written_ids: imbl::HashMap::new(),
            users_by_email: Arc::new(emails),
            users_by_role: by_role.map(List::from),
            agents_by_creator: lists(by_creator),
            agents_by_name: List::from(by_name),
            agents_by_status: by_status.map(List::from),
            agents_by_model: by_model.map(List::from),
            conversations_by_agent: lists(by_agent),
            audit_by_actor: lists(audit_actor),
            audit_by_agent: lists(audit_agent),
            audit_by_user_target: lists(audit_user),
            audit_by_action: audit_action.map(List::from),
        }
    }

    /// What an id names.
    pub fn entity(&self, id: &Uuid) -> Option<EntityRef> {
        match self.written_ids.get(id) {
            Some(written) => *written,
            None => self.base_ids.get(id).copied(),
        }
    }

    /// The user with this (case-insensitive) email.
    pub fn user_by_email(&self, email: &str) -> Option<u32> {
        self.users_by_email.get(&email.to_lowercase()).copied()
    }

    /// Records a new id (or retires one with `None`).
    pub fn set_id(&mut self, id: Uuid, entity: Option<EntityRef>) {
        self.written_ids.insert(id, entity);
    }

    /// Adds a new agent row (its creator, status, model and name lists; an
    /// empty conversation and audit list).
    pub fn add_agent(&mut self, agents: &crate::data::Table<Agent>, row: u32) {
        let agent = &agents[row as usize];
        self.set_id(agent.id, Some(EntityRef::Agent(row)));
        if let Some(list) = self.agents_by_creator.get_mut(agent.created_by as usize) {
            list.push_back(row);
        }
        self.agents_by_status[status_slot(agent.status)].push_back(row);
        self.agents_by_model[model_slot(agent.model)].push_back(row);
        insert_by_name(&mut self.agents_by_name, agents, row);
        self.conversations_by_agent.push_back(List::new());
        self.audit_by_agent.push_back(List::new());
    }

    /// Moves an agent row between the status and model lists, and within the
    /// name order, after its record changed from `before`.
    pub fn update_agent(&mut self, agents: &crate::data::Table<Agent>, row: u32, before: &Agent) {
        let after = &agents[row as usize];
        if before.status != after.status {
            remove_sorted(&mut self.agents_by_status[status_slot(before.status)], row);
            insert_sorted(&mut self.agents_by_status[status_slot(after.status)], row);
        }
        if before.model != after.model {
            remove_sorted(&mut self.agents_by_model[model_slot(before.model)], row);
            insert_sorted(&mut self.agents_by_model[model_slot(after.model)], row);
        }
        if before.name != after.name {
            if let Some(at) = self.agents_by_name.index_of(&row) {
                self.agents_by_name.remove(at);
            }
            insert_by_name(&mut self.agents_by_name, agents, row);
        }
    }

    /// Moves a user row between the role lists after its role changed.
    pub fn update_user(&mut self, before: &User, after: &User, row: u32) {
        if before.role != after.role {
            remove_sorted(&mut self.users_by_role[role_slot(before.role)], row);
            insert_sorted(&mut self.users_by_role[role_slot(after.role)], row);
        }
    }

    /// Adds a new audit entry row (the newest, so each list stays in time order).
    pub fn add_audit(&mut self, log: &AuditLog, row: u32) {
        self.set_id(log.id, Some(EntityRef::AuditLog(row)));
        if let Some(list) = self.audit_by_actor.get_mut(log.actor as usize) {
            list.push_back(row);
        }
        self.audit_by_action[action_slot(log.action)].push_back(row);
        let list = match log.target {
            Some(AuditTarget::Agent(a)) => self.audit_by_agent.get_mut(a as usize),
            Some(AuditTarget::User(u)) => self.audit_by_user_target.get_mut(u as usize),
            None => None,
        };
        if let Some(list) = list {
            list.push_back(row);
        }
    }
}

fn insert_sorted(list: &mut List, row: u32) {
    if let Err(at) = list.binary_search(&row) {
        list.insert(at, row);
    }
}

fn remove_sorted(list: &mut List, row: u32) {
    if let Ok(at) = list.binary_search(&row) {
        list.remove(at);
    }
}

/// Inserts an agent row at its place in the natural name order.
fn insert_by_name(list: &mut List, agents: &crate::data::Table<Agent>, row: u32) {
    let agent = &agents[row as usize];
    let at = list
        .binary_search_by(|&other| name_order(&agents[other as usize], agent).then(other.cmp(&row)))
        .unwrap_or_else(|at| at);
    list.insert(at, row);
}

/// Natural name order of two agents ("Bot 9" before "Bot 10").
pub fn name_order(a: &Agent, b: &Agent) -> std::cmp::Ordering {
    natural_key(&a.name).cmp(&natural_key(&b.name))
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

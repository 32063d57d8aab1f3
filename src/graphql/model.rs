//! `Model`: the LLMs agents run on, with the seed's price table; the
//! `models` query.

use async_graphql::{Context, ID, Object};

use super::agent::{AgentConnection, AgentFilter, AgentOrder, agent_list_query};
use super::connection::PageArgs;
use super::context::ContextExt;
use super::flat::FlatPage;
use crate::store::query::agent_page;

use super::TypeReads;
use crate::data::catalogue::Model;
use crate::store::Parts;

/// What the model fields read ([`super::TypeReads`]): the catalogue's
/// columns are fixed by the seed; the workspace says which models are
/// listed.
pub const READS: &[TypeReads] = &[
    TypeReads::each("Query", &[(Parts::WORKSPACE, &["models", "model"])]),
    TypeReads::each(
        "Model",
        &[
            (Parts::NONE, &["id", "name", "provider", "inputPricePer1K", "outputPricePer1K"]),
            (Parts::AGENTS, &["agents"]),
        ],
    ),
];

/// An LLM with its prices.
pub struct ModelInfo(pub Model);

/// An LLM with its prices.
#[Object(name = "Model")]
impl ModelInfo {
    /// The provider's model id, e.g. "gpt-4o-mini" (what `Agent.model`
    /// and the filters' `model` lists hold).
    async fn id(&self) -> ID {
        ID(self.0.id().to_string())
    }

    /// Display name, e.g. "GPT-4o mini".
    async fn name(&self) -> &'static str {
        self.0.display_name()
    }

    /// Who serves the model.
    async fn provider(&self) -> &'static str {
        self.0.provider()
    }

    /// USD per 1,000 input tokens.
    async fn input_price_per_1k(&self) -> f64 {
        self.0.price().input
    }

    /// USD per 1,000 output tokens.
    async fn output_price_per_1k(&self) -> f64 {
        self.0.price().output
    }

    /// Agents running on this model, ordered by name unless `orderBy` says otherwise.
    #[graphql(complexity = "crate::graphql::cost::page(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn agents(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AgentFilter>,
        order_by: Option<AgentOrder>,
    ) -> async_graphql::Result<FlatPage<AgentConnection>> {
        let snap = ctx.snapshot()?.clone();
        let (query, scope, period) =
            agent_list_query(&snap, PageArgs { first, after, last, before }, filter, order_by, None)?;
        let mut query = query;
        query.filter.models = Some(match query.filter.models.take() {
            Some(models) => models.into_iter().filter(|m| *m == self.0).collect(),
            None => [self.0].into(),
        });
        let page = agent_page(&snap, None, &query);
        Ok(FlatPage(AgentConnection::new(snap, page, scope, period)))
    }
}

/// Root fields for models.
#[derive(Default)]
pub struct ModelQuery;

/// Root fields for models.
#[Object]
impl ModelQuery {
    /// The models agents run on, with their prices.
    #[graphql(complexity = "crate::graphql::cost::fixed(Model::ALL.len(), child_complexity)")]
    async fn models(&self) -> Vec<ModelInfo> {
        Model::ALL.into_iter().map(ModelInfo).collect()
    }

    /// One model by provider id ("gpt-4o"); null when unknown.
    async fn model(&self, id: ID) -> Option<ModelInfo> {
        Model::from_id(id.as_str()).map(ModelInfo)
    }
}

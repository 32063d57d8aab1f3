//! Field errors injected on purpose (`X-Agentmock-Fault: error:Type.field`):
//! an extension on a schema of its own, used only by requests that carry
//! field faults, so no other request pays a hook per field. A field the
//! request's rules hit fails as a resolver's error would (null with an
//! error at its path, or its nearest nullable parent nulled), so a UI's
//! partial-data handling is tested against exactly what a real failure
//! gives. Whether a field fails is drawn per response path
//! ([`crate::faults::FieldFaults::fails`]): the same request fares the same
//! in whatever order its fields complete.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo};
use async_graphql::{PathSegment, ServerError, ServerResult, Value};

use crate::faults::FieldFaults;

/// The extension's factory, for the schema of faulted requests.
pub struct InjectFieldFaults;

impl ExtensionFactory for InjectFieldFaults {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(InjectFieldFaults)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for InjectFieldFaults {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let Some(faults) = ctx.data_opt::<FieldFaults>() else { return next.run(ctx, info).await };
        if info.is_for_introspection {
            return next.run(ctx, info).await;
        }
        let returns = info.return_type.trim_matches(|c| matches!(c, '[' | ']' | '!'));
        let path = info.path_node.to_string();
        let Some(code) = faults.fails(info.parent_type, info.name, returns, &path) else {
            return next.run(ctx, info).await;
        };
        let message = format!("injected fault: {}.{} failed (X-Agentmock-Fault)", info.parent_type, info.name);
        let mut error = ServerError::new(message, Some(info.field.name.pos));
        error.path = segments(info.path_node);
        error.extensions.get_or_insert_with(Default::default).set("code", code);
        Err(error)
    }
}

/// A path node as the response's path.
fn segments(node: &async_graphql::context::QueryPathNode<'_>) -> Vec<PathSegment> {
    let mut path = Vec::new();
    let mut at = Some(node);
    while let Some(node) = at {
        path.push(match node.segment {
            async_graphql::context::QueryPathSegment::Index(i) => PathSegment::Index(i),
            async_graphql::context::QueryPathSegment::Name(name) => PathSegment::Field(name.to_string()),
        });
        at = node.parent;
    }
    path.reverse();
    path
}

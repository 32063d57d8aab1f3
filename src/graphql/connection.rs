//! Relay cursor pagination shared by every collection: argument checks,
//! opaque cursors, ordered row lists that page by binary search, and the
//! connection / edge / page-info objects.

use std::sync::Arc;

use async_graphql::SimpleObject;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::store::{EntityRef, Snapshot};

use super::TypeReads;
use crate::store::Parts;
pub use crate::store::query::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageSpec};

/// What page info reads ([`super::TypeReads`]): nothing of its own; the
/// field that made the connection read its list.
pub const READS: &[TypeReads] = &[TypeReads::all("PageInfo", Parts::NONE)];

/// `first` / `after` / `last` / `before` as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// Identifies one list and order, so a cursor is only accepted where it was
/// issued: `"conversations/STARTED_AT_DESC"`.
pub type Scope = String;

fn page_size(name: &str, value: Option<i32>) -> ApiResult<Option<usize>> {
    match value {
        None => Ok(None),
        Some(n) if n < 0 => Err(ApiError::bad_input(format!("`{name}` must not be negative, got {n}"))),
        Some(n) if n as usize > MAX_PAGE_SIZE => {
            Err(ApiError::bad_input(format!("`{name}` must be at most {MAX_PAGE_SIZE}, got {n}")))
        }
        Some(n) => Ok(Some(n as usize)),
    }
}

impl PageArgs {
    /// Checks sizes and decodes cursors; `entity` tells which table a cursor
    /// row must belong to.
    pub fn spec(&self, snap: &Snapshot, scope: &str, entity: fn(EntityRef) -> Option<u32>) -> ApiResult<PageSpec> {
        let first = page_size("first", self.first)?;
        let last = page_size("last", self.last)?;
        let decode = |name: &str, cursor: &Option<String>| -> ApiResult<Option<u32>> {
            let Some(cursor) = cursor else { return Ok(None) };
            let invalid = || {
                ApiError::bad_input(format!(
                    "`{name}` is not a cursor of this list and order: {}",
                    crate::store::writes::echo(cursor)
                ))
            };
            let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| invalid())?;
            let text = String::from_utf8(bytes).map_err(|_| invalid())?;
            let (cursor_scope, id) = text.rsplit_once('|').ok_or_else(invalid)?;
            if cursor_scope != scope {
                return Err(invalid());
            }
            let id = crate::data::rng::parse_uuid(id).ok_or_else(invalid)?;
            snap.entity(id).and_then(entity).map(Some).ok_or_else(invalid)
        };
        Ok(PageSpec { first, last, after: decode("after", &self.after)?, before: decode("before", &self.before)? })
    }
}

/// The opaque cursor of a row: base64url of `scope|uuid`.
pub fn cursor(scope: &str, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{scope}|{id}"))
}

/// Pagination facts of a connection page.
#[derive(Clone, Debug, SimpleObject)]
pub struct PageInfo {
    /// Whether records follow this page.
    pub has_next_page: bool,
    /// Whether records precede this page.
    pub has_previous_page: bool,
    /// Cursor of the first record of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last record of the page.
    pub end_cursor: Option<String>,
}

// A simple object: no resolver methods to call.
impl crate::graphql::text::TextFields for PageInfo {}

/// A page of one collection, ready to be shown as a connection.
pub struct PageOf {
    pub snap: Arc<Snapshot>,
    pub page: Page,
    pub scope: Scope,
    pub id_of: fn(&Snapshot, u32) -> Uuid,
}

impl PageOf {
    pub fn cursor(&self, row: u32) -> String {
        cursor(&self.scope, (self.id_of)(&self.snap, row))
    }

    pub fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.page.has_next,
            has_previous_page: self.page.has_previous,
            start_cursor: self.page.rows.first().map(|&r| self.cursor(r)),
            end_cursor: self.page.rows.last().map(|&r| self.cursor(r)),
        }
    }
}

/// Declares `<Name>Connection` and `<Name>Edge` objects for a node type that
/// has `fn from_row(Arc<Snapshot>, u32) -> Self`, whose rows live in the
/// dataset's `$table`.
macro_rules! connection {
    ($node:ident, $connection:ident, $edge:ident, $what:literal, $table:ident) => {
        #[doc = concat!("A page of ", $what, ".")]
        pub struct $connection(pub $crate::graphql::connection::PageOf);

        impl $connection {
            /// The page `page` of a list whose cursors are scoped to `scope`.
            pub fn new(
                snap: std::sync::Arc<$crate::store::Snapshot>,
                page: $crate::graphql::connection::Page,
                scope: $crate::graphql::connection::Scope,
            ) -> Self {
                let id_of = |s: &$crate::store::Snapshot, row: u32| s.dataset.$table[row as usize].id;
                $connection($crate::graphql::connection::PageOf { snap, page, scope, id_of })
            }
        }

        #[doc = concat!("One of ", $what, " with its cursor.")]
        pub struct $edge {
            cursor: String,
            node: $node,
        }

        #[doc = concat!("One of ", $what, " with its cursor.")]
        #[async_graphql::Object]
        impl $edge {
            /// Opaque cursor of this record, for `after` / `before`.
            async fn cursor(&self) -> &str {
                &self.cursor
            }
            /// The record.
            async fn node(&self) -> $crate::graphql::flat::Flat<&$node> {
                $crate::graphql::flat::Flat(&self.node)
            }
        }

        #[doc = concat!("A page of ", $what, ".")]
        #[async_graphql::Object]
        impl $connection {
            /// The page's records with their cursors.
            async fn edges(&self) -> $crate::graphql::flat::FlatPageList<$edge> {
                $crate::graphql::flat::FlatPageList(
                    self.0
                        .page
                        .rows
                        .iter()
                        .map(|&row| $edge { cursor: self.0.cursor(row), node: $node::from_row(self.0.snap.clone(), row) })
                        .collect(),
                )
            }
            /// The page's records, without cursors.
            async fn nodes(&self) -> $crate::graphql::flat::FlatList<$node> {
                $crate::graphql::flat::FlatList(
                    self.0.page.rows.iter().map(|&row| $node::from_row(self.0.snap.clone(), row)).collect(),
                )
            }
            /// Where this page sits in the list.
            async fn page_info(&self) -> $crate::graphql::flat::FlatPage<$crate::graphql::connection::PageInfo> {
                $crate::graphql::flat::FlatPage(self.0.page_info())
            }
            /// Records matching the filter, across all pages.
            async fn total_count(&self) -> i32 {
                i32::try_from(self.0.page.total).unwrap_or(i32::MAX)
            }
        }

        $crate::graphql::text::text_fields!($edge { "cursor" => cursor });

        $crate::graphql::text::text_fields!($connection { "totalCount" => total_count });
    };
}
pub(crate) use connection;

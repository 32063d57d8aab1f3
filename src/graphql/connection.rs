//! Relay cursor pagination shared by every collection: argument checks,
//! opaque cursors, ordered row lists that page by binary search, and the
//! connection / edge / page-info objects.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use async_graphql::SimpleObject;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::store::{EntityRef, Snapshot};

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Largest `first` / `last` accepted.
pub const MAX_PAGE_SIZE: usize = 100;

/// `first` / `after` / `last` / `before` as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// Pagination arguments checked and with cursors decoded to table rows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageSpec {
    pub first: Option<usize>,
    pub last: Option<usize>,
    pub after: Option<u32>,
    pub before: Option<u32>,
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
            let invalid =
                || ApiError::bad_input(format!("`{name}` is not a cursor of this list and order: {cursor:?}"));
            let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| invalid())?;
            let text = String::from_utf8(bytes).map_err(|_| invalid())?;
            let (cursor_scope, id) = text.rsplit_once('|').ok_or_else(invalid)?;
            if cursor_scope != scope {
                return Err(invalid());
            }
            let id = Uuid::parse_str(id).map_err(|_| invalid())?;
            snap.entity(id).and_then(entity).map(Some).ok_or_else(invalid)
        };
        Ok(PageSpec { first, last, after: decode("after", &self.after)?, before: decode("before", &self.before)? })
    }
}

/// The opaque cursor of a row: base64url of `scope|uuid`.
pub fn cursor(scope: &str, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{scope}|{id}"))
}

/// Table rows in the order a client asked for.
pub enum Rows<'a> {
    /// Consecutive table rows, ascending or descending.
    Range(Range<usize>, bool),
    /// Rows listed by an index, forwards or backwards.
    Slice(&'a [u32], bool),
    /// Rows collected and sorted for this request.
    Owned(Vec<u32>),
}

impl Rows<'_> {
    pub fn len(&self) -> usize {
        match self {
            Rows::Range(r, _) => r.len(),
            Rows::Slice(s, _) => s.len(),
            Rows::Owned(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> u32 {
        match self {
            Rows::Range(r, false) => (r.start + i) as u32,
            Rows::Range(r, true) => (r.end - 1 - i) as u32,
            Rows::Slice(s, false) => s[i],
            Rows::Slice(s, true) => s[s.len() - 1 - i],
            Rows::Owned(v) => v[i],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Keeps only the rows `keep` accepts (O(k)).
    pub fn filtered(self, keep: impl Fn(u32) -> bool) -> Rows<'static> {
        Rows::Owned(self.iter().filter(|&r| keep(r)).collect())
    }
}

/// One page of an ordered list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<u32>,
    pub total: usize,
    pub has_previous: bool,
    pub has_next: bool,
}

impl Page {
    pub fn empty() -> Self {
        Page { rows: Vec::new(), total: 0, has_previous: false, has_next: false }
    }
}

/// Cuts the page `spec` asks for out of `rows`, ordered by `order` (a total
/// order consistent with the list; ties are broken by row): cursors are
/// found by binary search, so paging costs O(log n + page).
pub fn paginate(rows: &Rows<'_>, order: impl Fn(u32, u32) -> Ordering, spec: &PageSpec) -> Page {
    let total = rows.len();
    let position = |pred: &dyn Fn(u32) -> bool| {
        let (mut lo, mut hi) = (0, total);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pred(rows.get(mid)) { lo = mid + 1 } else { hi = mid }
        }
        lo
    };
    let mut start = spec.after.map_or(0, |c| position(&|r| order(r, c) != Ordering::Greater));
    let mut end = spec.before.map_or(total, |c| position(&|r| order(r, c) == Ordering::Less));
    end = end.max(start);
    if spec.first.is_none() && spec.last.is_none() {
        end = end.min(start + DEFAULT_PAGE_SIZE);
    }
    if let Some(first) = spec.first {
        end = end.min(start + first);
    }
    if let Some(last) = spec.last {
        start = start.max(end.saturating_sub(last));
    }
    Page { rows: (start..end).map(|i| rows.get(i)).collect(), total, has_previous: start > 0, has_next: end < total }
}

/// Compares two rows by a key, then by row, ascending or descending.
pub fn by_key<K: PartialOrd>(key: impl Fn(u32) -> K, descending: bool) -> impl Fn(u32, u32) -> Ordering {
    move |a, b| {
        let ordering = key(a).partial_cmp(&key(b)).unwrap_or(Ordering::Equal).then(a.cmp(&b));
        if descending { ordering.reverse() } else { ordering }
    }
}

/// Sorts rows by `order`.
pub fn sorted(mut rows: Vec<u32>, order: &impl Fn(u32, u32) -> Ordering) -> Rows<'static> {
    rows.sort_by(|a, b| order(*a, *b));
    Rows::Owned(rows)
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
            async fn node(&self) -> &$node {
                &self.node
            }
        }

        #[doc = concat!("A page of ", $what, ".")]
        #[async_graphql::Object]
        impl $connection {
            /// The page's records with their cursors.
            async fn edges(&self) -> Vec<$edge> {
                self.0
                    .page
                    .rows
                    .iter()
                    .map(|&row| $edge { cursor: self.0.cursor(row), node: $node::from_row(self.0.snap.clone(), row) })
                    .collect()
            }
            /// The page's records, without cursors.
            async fn nodes(&self) -> Vec<$node> {
                self.0.page.rows.iter().map(|&row| $node::from_row(self.0.snap.clone(), row)).collect()
            }
            /// Where this page sits in the list.
            async fn page_info(&self) -> $crate::graphql::connection::PageInfo {
                self.0.page_info()
            }
            /// Records matching the filter, across all pages.
            async fn total_count(&self) -> i32 {
                i32::try_from(self.0.page.total).unwrap_or(i32::MAX)
            }
        }
    };
}
pub(crate) use connection;

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(first: Option<usize>, after: Option<u32>, last: Option<usize>, before: Option<u32>) -> PageSpec {
        PageSpec { first, last, after, before }
    }

    #[test]
    fn pages_walk_forward_and_backward() {
        let rows = Rows::Range(0..10, true); // 9, 8, ..., 0
        let order = by_key(|r| r, true);
        let p = paginate(&rows, &order, &spec(Some(3), None, None, None));
        assert_eq!(p.rows, vec![9, 8, 7]);
        assert!(p.has_next && !p.has_previous);
        let p = paginate(&rows, &order, &spec(Some(3), Some(7), None, None));
        assert_eq!(p.rows, vec![6, 5, 4]);
        let p = paginate(&rows, &order, &spec(None, None, Some(4), None));
        assert_eq!(p.rows, vec![3, 2, 1, 0]);
        assert!(!p.has_next && p.has_previous);
        let p = paginate(&rows, &order, &spec(None, None, Some(2), Some(3)));
        assert_eq!(p.rows, vec![5, 4]);
        let p = paginate(&rows, &order, &spec(Some(5), Some(8), None, Some(5)));
        assert_eq!(p.rows, vec![7, 6]);
    }

    #[test]
    fn a_cursor_outside_the_list_still_finds_its_place() {
        let rows = Rows::Owned(vec![1, 4, 6, 9]);
        let order = by_key(|r| r, false);
        assert_eq!(paginate(&rows, &order, &spec(Some(2), Some(5), None, None)).rows, vec![6, 9]);
        assert_eq!(paginate(&rows, &order, &spec(None, None, Some(1), Some(5))).rows, vec![4]);
    }

    #[test]
    fn no_size_means_the_default_page() {
        let rows = Rows::Range(0..1000, false);
        let page = paginate(&rows, by_key(|r| r, false), &spec(None, None, None, None));
        assert_eq!(page.rows.len(), DEFAULT_PAGE_SIZE);
        assert_eq!(page.total, 1000);
    }
}

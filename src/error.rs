//! The one error type of the API. Each variant has its `extensions.code`
//! and its HTTP status here, in one place: resolvers, the GraphQL layer's
//! limits and the HTTP transport all build an [`ApiError`], never a code
//! string of their own.

use async_graphql::{ErrorExtensions, Pos, ServerError};

/// Everything that can go wrong while answering a request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// An argument, input value or variable the client sent cannot be used.
    #[error("{0}")]
    BadUserInput(String),
    /// An input field of a mutation cannot be used: `BAD_USER_INPUT` with
    /// `extensions.field` naming it (`input.name`).
    #[error("{message}")]
    InvalidField { field: String, message: String },
    /// A mutation's input names a record that does not exist (or no longer
    /// does): `NOT_FOUND` with `extensions.field`.
    #[error("{message}")]
    NotFound { field: String, message: String },
    /// The `Authorization` header names no user, or a write needs one.
    #[error("{0}")]
    Unauthenticated(String),
    /// The viewer's role may not do or see this.
    #[error("{0}")]
    Forbidden(String),
    /// A write could not be made durable; nothing changed.
    #[error("{0}")]
    Unavailable(String),
    /// A bug: the server cannot answer. Details are logged, not sent.
    #[error("internal server error")]
    Internal(String),

    /// An HTTP request that is not a GraphQL request at all.
    #[error("{0}")]
    BadRequest(String),
    /// A method the endpoint does not take (a mutation over GET).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// A POST body that is not `application/json`.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A request body over the limit.
    #[error("the request body is over {limit} bytes (--max-body-bytes)")]
    PayloadTooLarge { limit: usize },
    /// A request target over the limit.
    #[error(
        "the request URI is {size} bytes, over the {limit}-byte limit (--max-uri-bytes); send long queries by POST"
    )]
    UriTooLong { size: usize, limit: usize },
    /// Request headers over a limit.
    #[error("{0}")]
    HeadersTooLarge(String),
    /// The body did not arrive in time.
    #[error("the request body did not arrive within {limit_ms} ms (--body-timeout-ms)")]
    BodyTimeout { limit_ms: u64 },

    /// The document is not GraphQL.
    #[error("{message}")]
    ParseFailed { message: String, pos: Option<Pos> },
    /// The document does not fit the schema.
    #[error("{message}")]
    ValidationFailed { message: String, pos: Option<Pos> },
    /// The document is over one of the request limits.
    #[error("{}", .0)]
    Limit(LimitExceeded),
    /// An APQ hash-only request for a hash the server has not seen.
    #[error("PersistedQueryNotFound")]
    PersistedQueryNotFound,
    /// The request ran out of time.
    #[error("the request did not finish within {limit_ms} ms (--request-timeout-ms)")]
    Timeout { limit_ms: u64 },
    /// The response would be over the limit.
    #[error("the response is over {limit} bytes (--max-response-bytes); select fewer fields or smaller pages")]
    ResponseTooLarge { limit: usize },
    /// A result too large for one WebSocket message: a quarter of the
    /// socket's queue bound, within the response limit.
    #[error(
        "the result is over {limit} bytes, the most one WebSocket message carries (a quarter of \
         --max-ws-queue-bytes, within --max-response-bytes); select fewer fields or smaller pages"
    )]
    WsResultTooLarge { limit: usize },
    /// The server holds as many connections as it may.
    #[error("the server holds {limit} connections (--max-connections); try again shortly")]
    TooManyConnections { limit: usize },
    /// A subscription fell so far behind the changes that it missed some.
    #[error("the subscription fell behind and missed {count} changes; refetch to catch up")]
    EventsMissed { count: u64 },
    /// A socket holds as many subscriptions as it may.
    #[error("this socket holds {limit} operations (--max-subscriptions); complete one first")]
    TooManySubscriptions { limit: usize },
    /// A browser page of an origin the CORS setting does not allow.
    #[error("the origin {0} is not allowed (--cors-origins)")]
    OriginNotAllowed(String),
    /// A request naming a host the server does not answer (DNS rebinding).
    #[error("the host {0} is not allowed (--allowed-hosts)")]
    HostNotAllowed(String),
    /// A dataset asked for by header would not fit `--datasets-mb`.
    #[error("{0}")]
    DatasetBudget(String),
    /// No room for another session.
    #[error("{0}")]
    TooManySessions(String),
    /// A whole-request failure asked for by `X-Agentmock-Fault` (or `--fault`).
    #[error("injected fault: status {status} (X-Agentmock-Fault)")]
    Injected { status: u16 },
}

impl From<crate::store::hub::HubError> for ApiError {
    fn from(e: crate::store::hub::HubError) -> Self {
        use crate::store::hub::HubError;
        match e {
            HubError::Generation(_) => ApiError::BadRequest(e.to_string()),
            HubError::DatasetBudget { .. } => ApiError::DatasetBudget(e.to_string()),
            HubError::Sessions { .. } => ApiError::TooManySessions(e.to_string()),
        }
    }
}

/// A request limit a document went over: which, by how much, and the flag
/// that sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitExceeded {
    pub limit: Limit,
    /// What the document has (at least this much: scans stop at the limit).
    pub actual: usize,
    /// The most allowed.
    pub max: usize,
    pub pos: Option<Pos>,
}

/// Every limit a document is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    QueryBytes,
    Tokens,
    Nesting,
    Depth,
    Fields,
    Aliases,
    Directives,
    Complexity,
}

impl Limit {
    /// What is measured, for messages.
    fn what(self) -> &'static str {
        match self {
            Limit::QueryBytes => "the query document is {actual} bytes",
            Limit::Tokens => "the query document has {actual} tokens",
            Limit::Nesting => "brackets, braces and parentheses nest {actual} deep",
            Limit::Depth => "selections nest {actual} deep",
            Limit::Fields => "the operation selects {actual} fields once fragments are expanded",
            Limit::Aliases => "the document has {actual} aliases",
            Limit::Directives => "a field has {actual} directives",
            Limit::Complexity => "the query's complexity is {actual}",
        }
    }

    /// The setting that raises it.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::QueryBytes => "--max-query-bytes",
            Limit::Tokens => "--max-tokens",
            Limit::Nesting => "--max-nesting",
            Limit::Depth => "--max-depth",
            Limit::Fields => "--max-fields",
            Limit::Aliases => "--max-aliases",
            Limit::Directives => "--max-directives",
            Limit::Complexity => "--max-complexity",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Limit::QueryBytes => codes::QUERY_TOO_LARGE,
            Limit::Tokens => codes::TOO_MANY_TOKENS,
            Limit::Nesting => codes::QUERY_TOO_NESTED,
            Limit::Depth => codes::QUERY_TOO_DEEP,
            Limit::Fields => codes::TOO_MANY_FIELDS,
            Limit::Aliases => codes::TOO_MANY_ALIASES,
            Limit::Directives => codes::TOO_MANY_DIRECTIVES,
            Limit::Complexity => codes::QUERY_TOO_COMPLEX,
        }
    }
}

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Pre-scans stop at the first step over the limit.
        let actual = match self.limit {
            Limit::Tokens | Limit::Nesting => format!("at least {}", self.actual),
            _ => self.actual.to_string(),
        };
        let what = self.limit.what().replace("{actual}", &actual);
        write!(f, "{what}; the limit is {} ({})", self.max, self.limit.flag())
    }
}

/// Every `extensions.code` the API sends: Apollo's vocabulary where it has
/// a word, plain SCREAMING_CASE names otherwise.
pub mod codes {
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "UNSUPPORTED_MEDIA_TYPE";
    pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
    pub const URI_TOO_LONG: &str = "URI_TOO_LONG";
    pub const HEADERS_TOO_LARGE: &str = "HEADERS_TOO_LARGE";
    pub const BODY_TIMEOUT: &str = "BODY_TIMEOUT";
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
    pub const QUERY_TOO_LARGE: &str = "QUERY_TOO_LARGE";
    pub const TOO_MANY_TOKENS: &str = "TOO_MANY_TOKENS";
    pub const QUERY_TOO_NESTED: &str = "QUERY_TOO_NESTED";
    pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
    pub const TOO_MANY_FIELDS: &str = "TOO_MANY_FIELDS";
    pub const TOO_MANY_ALIASES: &str = "TOO_MANY_ALIASES";
    pub const TOO_MANY_DIRECTIVES: &str = "TOO_MANY_DIRECTIVES";
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
    pub const RESPONSE_TOO_LARGE: &str = "RESPONSE_TOO_LARGE";
    pub const TOO_MANY_CONNECTIONS: &str = "TOO_MANY_CONNECTIONS";
    pub const EVENTS_MISSED: &str = "EVENTS_MISSED";
    pub const TOO_MANY_SUBSCRIPTIONS: &str = "TOO_MANY_SUBSCRIPTIONS";
    pub const DATASET_BUDGET_EXCEEDED: &str = "DATASET_BUDGET_EXCEEDED";
    pub const TOO_MANY_SESSIONS: &str = "TOO_MANY_SESSIONS";
    pub const BAD_GATEWAY: &str = "BAD_GATEWAY";
    pub const GATEWAY_TIMEOUT: &str = "GATEWAY_TIMEOUT";
}

impl ApiError {
    pub fn bad_input(message: impl Into<String>) -> Self {
        ApiError::BadUserInput(message.into())
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest(message.into())
    }

    pub fn limit(limit: Limit, actual: usize, max: usize, pos: Option<Pos>) -> Self {
        ApiError::Limit(LimitExceeded { limit, actual, max, pos })
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadUserInput(_) | ApiError::InvalidField { .. } => codes::BAD_USER_INPUT,
            ApiError::Unauthenticated(_) => codes::UNAUTHENTICATED,
            ApiError::Forbidden(_) => codes::FORBIDDEN,
            ApiError::NotFound { .. } => codes::NOT_FOUND,
            ApiError::Unavailable(_) => codes::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => codes::INTERNAL_SERVER_ERROR,
            ApiError::BadRequest(_) => codes::BAD_REQUEST,
            ApiError::MethodNotAllowed(_) => codes::METHOD_NOT_ALLOWED,
            ApiError::UnsupportedMediaType(_) => codes::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge { .. } => codes::PAYLOAD_TOO_LARGE,
            ApiError::UriTooLong { .. } => codes::URI_TOO_LONG,
            ApiError::HeadersTooLarge(_) => codes::HEADERS_TOO_LARGE,
            ApiError::BodyTimeout { .. } => codes::BODY_TIMEOUT,
            ApiError::ParseFailed { .. } => codes::GRAPHQL_PARSE_FAILED,
            ApiError::ValidationFailed { .. } => codes::GRAPHQL_VALIDATION_FAILED,
            ApiError::Limit(exceeded) => exceeded.limit.code(),
            ApiError::PersistedQueryNotFound => codes::PERSISTED_QUERY_NOT_FOUND,
            ApiError::Timeout { .. } => codes::REQUEST_TIMEOUT,
            ApiError::ResponseTooLarge { .. } | ApiError::WsResultTooLarge { .. } => codes::RESPONSE_TOO_LARGE,
            ApiError::TooManyConnections { .. } => codes::TOO_MANY_CONNECTIONS,
            ApiError::EventsMissed { .. } => codes::EVENTS_MISSED,
            ApiError::TooManySubscriptions { .. } => codes::TOO_MANY_SUBSCRIPTIONS,
            ApiError::OriginNotAllowed(_) | ApiError::HostNotAllowed(_) => codes::FORBIDDEN,
            ApiError::DatasetBudget(_) => codes::DATASET_BUDGET_EXCEEDED,
            ApiError::TooManySessions(_) => codes::TOO_MANY_SESSIONS,
            ApiError::Injected { status } => match status {
                502 => codes::BAD_GATEWAY,
                503 => codes::SERVICE_UNAVAILABLE,
                504 => codes::GATEWAY_TIMEOUT,
                _ => codes::INTERNAL_SERVER_ERROR,
            },
        }
    }

    /// The HTTP status of a response that carries only this error.
    ///
    /// GraphQL request errors (the document cannot run: parse, validation,
    /// limits, coercion) follow the GraphQL-over-HTTP spec: `400` for a client
    /// that accepts `application/graphql-response+json`, `200` for a legacy
    /// `application/json` one. The rest are HTTP-level and fixed.
    pub fn status(&self, graphql_response: bool) -> u16 {
        let request_error = if graphql_response { 400 } else { 200 };
        match self {
            ApiError::BadUserInput(_)
            | ApiError::InvalidField { .. }
            | ApiError::NotFound { .. }
            | ApiError::ParseFailed { .. }
            | ApiError::ValidationFailed { .. }
            | ApiError::Limit(_)
            | ApiError::ResponseTooLarge { .. }
            | ApiError::WsResultTooLarge { .. } => request_error,
            // Apollo's link retries with the full query on this code; a 200
            // keeps every client reading the body.
            ApiError::PersistedQueryNotFound => 200,
            ApiError::Unauthenticated(_) => 401,
            ApiError::Forbidden(_) | ApiError::OriginNotAllowed(_) | ApiError::HostNotAllowed(_) => 403,
            ApiError::Unavailable(_) => 503,
            ApiError::Internal(_) => 500,
            ApiError::BadRequest(_) => 400,
            ApiError::MethodNotAllowed(_) => 405,
            ApiError::UnsupportedMediaType(_) => 415,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::UriTooLong { .. } => 414,
            ApiError::HeadersTooLarge(_) => 431,
            ApiError::BodyTimeout { .. } => 408,
            ApiError::Timeout { .. }
            | ApiError::TooManyConnections { .. }
            | ApiError::EventsMissed { .. }
            | ApiError::TooManySubscriptions { .. }
            | ApiError::DatasetBudget(_)
            | ApiError::TooManySessions(_) => 503,
            ApiError::Injected { status } => *status,
        }
    }

    /// Where in the document the error is, if it is about one place.
    fn pos(&self) -> Option<Pos> {
        match self {
            ApiError::ParseFailed { pos, .. } | ApiError::ValidationFailed { pos, .. } => *pos,
            ApiError::Limit(exceeded) => exceeded.pos,
            _ => None,
        }
    }

    /// As a GraphQL error outside any resolver (no path), with its code and
    /// location.
    pub fn to_server_error(&self) -> ServerError {
        let mut error = ServerError::new(self.to_string(), self.pos());
        error.extensions.get_or_insert_with(Default::default).set("code", self.code());
        error
    }

    /// The whole response body of a request that fails with this error
    /// alone: `{"errors":[...]}`, no `data` (nothing was executed).
    pub fn to_body(&self) -> String {
        let errors = [self.to_server_error()];
        let body = serde_json::json!({ "errors": errors });
        body.to_string()
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, e| {
            e.set("code", self.code());
            if let ApiError::InvalidField { field, .. } | ApiError::NotFound { field, .. } = self {
                e.set("field", field.as_str());
            }
        })
    }
}

impl From<crate::store::writes::WriteError> for ApiError {
    fn from(e: crate::store::writes::WriteError) -> Self {
        use crate::store::writes::WriteError;
        match e {
            WriteError::Unauthenticated(m) => ApiError::Unauthenticated(m),
            WriteError::Forbidden(m) => ApiError::Forbidden(m),
            WriteError::BadInput { field, message } => ApiError::InvalidField { field, message },
            WriteError::NotFound { field, message } => ApiError::NotFound { field, message },
            WriteError::Unavailable(m) => ApiError::Unavailable(m),
        }
    }
}

impl From<crate::store::auth::AuthError> for ApiError {
    fn from(e: crate::store::auth::AuthError) -> Self {
        ApiError::Unauthenticated(e.to_string())
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        e.extend()
    }
}

/// Result of a resolver.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_messages_say_the_measure_the_limit_and_the_flag() {
        let e = ApiError::limit(Limit::Complexity, 73_000, 50_000, None);
        assert_eq!(e.to_string(), "the query's complexity is 73000; the limit is 50000 (--max-complexity)");
        assert_eq!(e.code(), "QUERY_TOO_COMPLEX");
        let e = ApiError::limit(Limit::Nesting, 65, 64, None);
        assert_eq!(
            e.to_string(),
            "brackets, braces and parentheses nest at least 65 deep; the limit is 64 (--max-nesting)"
        );
    }

    #[test]
    fn request_errors_follow_the_media_type_and_http_errors_do_not() {
        let parse = ApiError::ParseFailed { message: "x".into(), pos: None };
        assert_eq!((parse.status(true), parse.status(false)), (400, 200));
        let large = ApiError::PayloadTooLarge { limit: 1 };
        assert_eq!((large.status(true), large.status(false)), (413, 413));
    }

    #[test]
    fn a_body_has_errors_with_a_code_and_no_data() {
        let body: serde_json::Value = serde_json::from_str(&ApiError::PersistedQueryNotFound.to_body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({ "errors": [{ "message": "PersistedQueryNotFound", "extensions": { "code": "PERSISTED_QUERY_NOT_FOUND" } }] })
        );
    }
}

//! The one error type of the API. Each variant maps to an Apollo error code
//! in `extensions.code`.

use async_graphql::ErrorExtensions;

/// Everything that can go wrong while answering a request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// An argument or input value the client sent cannot be used.
    #[error("{0}")]
    BadUserInput(String),
    /// The request needs a signed-in viewer.
    #[error("{0}")]
    Unauthenticated(String),
    /// The viewer's role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// A record the client named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A bug: the server cannot answer. Details are logged, not sent.
    #[error("internal server error")]
    Internal(String),
}

/// Apollo's error codes for errors raised outside resolvers.
pub mod codes {
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
}

impl ApiError {
    pub fn bad_input(message: impl Into<String>) -> Self {
        ApiError::BadUserInput(message.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadUserInput(_) => codes::BAD_USER_INPUT,
            ApiError::Unauthenticated(_) => codes::UNAUTHENTICATED,
            ApiError::Forbidden(_) => codes::FORBIDDEN,
            ApiError::NotFound(_) => codes::NOT_FOUND,
            ApiError::Internal(_) => codes::INTERNAL_SERVER_ERROR,
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, e| e.set("code", self.code()))
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        e.extend()
    }
}

/// Result of a resolver.
pub type ApiResult<T> = Result<T, ApiError>;

//! The `DateTime` (RFC 3339, UTC) and `Date` (`YYYY-MM-DD`) scalars.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, Utc};

use crate::data::dump::{day, timestamp};

/// An instant, as RFC 3339 in UTC with whole seconds: `2025-01-19T14:22:00Z`.
/// Input accepts any RFC 3339 offset and converts it to UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// An instant, as RFC 3339 in UTC with whole seconds: `2025-01-19T14:22:00Z`.
/// Input accepts any RFC 3339 offset and converts it to UTC.
#[Scalar(name = "DateTime", specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| DateTime(t.with_timezone(&Utc)))
                .map_err(|e| InputValueError::custom(format!("{s:?} is not an RFC 3339 date-time ({e})"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(timestamp(self.0))
    }
}

/// A calendar day in UTC: `2025-01-19`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar day in UTC: `2025-01-19`.
#[Scalar(name = "Date", specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|e| InputValueError::custom(format!("{s:?} is not a YYYY-MM-DD date ({e})"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(day(self.0))
    }
}

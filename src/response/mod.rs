//! STUB: the response model. Owned by the response-model work; replace wholesale.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::http_info::HttpInfo;

/// A response (`OpenResponsesResult`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response {
    /// The response id.
    #[serde(default)]
    pub id: String,
    /// Output items.
    #[serde(default)]
    pub output: Vec<OutputItem>,
    /// Unmodelled fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    /// The HTTP status and headers of the answer this response came in; never
    /// serialized. `None` for a response decoded by hand.
    #[serde(skip)]
    pub http: Option<HttpInfo>,
}

/// An output item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum OutputItem {
    /// Any item.
    Unknown(Value),
}

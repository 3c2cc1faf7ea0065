//! STUB: the request model. Owned by the request-model work; replace wholesale.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::response::OutputItem;

/// A request body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instructions: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Request {
    /// Starts a builder.
    pub fn builder() -> RequestBuilder {
        RequestBuilder::default()
    }

    /// The JSON body: `stream` omitted when false, `"stream": true` otherwise.
    pub(crate) fn to_json_body(&self, stream: bool) -> serde_json::Result<Vec<u8>> {
        let mut v = serde_json::to_value(self)?;
        if stream {
            if let Value::Object(m) = &mut v {
                m.insert("stream".into(), Value::Bool(true));
            }
        }
        serde_json::to_vec(&v)
    }
}

/// Builds a [`Request`].
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct RequestBuilder {
    inner: Request,
}

impl RequestBuilder {
    /// The model.
    pub fn model(mut self, v: impl Into<String>) -> Self {
        self.inner.model = Some(v.into());
        self
    }
    /// The input.
    pub fn input(mut self, v: impl Into<String>) -> Self {
        self.inner.input = Some(v.into());
        self
    }
    /// Instructions.
    pub fn instructions(mut self, v: impl Into<String>) -> Self {
        self.inner.instructions = Some(v.into());
        self
    }
    /// An extra field.
    pub fn extra(mut self, k: impl Into<String>, v: Value) -> Self {
        self.inner.extra.insert(k.into(), v);
        self
    }
    /// Builds.
    pub fn build(self) -> Request {
        self.inner
    }
}

/// An input item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum InputItem {
    /// An output item echoed back.
    Output(OutputItem),
}

impl From<OutputItem> for InputItem {
    fn from(item: OutputItem) -> Self {
        InputItem::Output(item)
    }
}

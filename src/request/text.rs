//! `text` (output format and verbosity) and `reasoning`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{kept, tag};

/// `text`: output text configuration, `{"format", "verbosity"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct TextConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<TextFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verbosity: Option<Verbosity>,
}

impl TextConfig {
    /// Nothing set.
    pub fn new() -> Self {
        TextConfig::default()
    }

    opt_setters! {
        /// `format`: plain text, a JSON object or a JSON schema.
        format: TextFormat;
        /// `verbosity`: how long the answer should be.
        verbosity: Verbosity;
    }

    getters! {
        /// The `format`, when set.
        get_format = format: opt TextFormat;
        /// The `verbosity`, when set.
        get_verbosity = verbosity: opt Verbosity;
    }
}

open_enum! {
    /// `text.verbosity`.
    Verbosity {
        /// `low`.
        Low = "low",
        /// `medium`.
        Medium = "medium",
        /// `high`.
        High = "high",
        /// `xhigh`.
        Xhigh = "xhigh",
        /// `max`.
        Max = "max",
    }
}

/// `text.format` (tagged by `type`).
///
/// ```
/// use openrouter_responses::request::{JsonSchemaFormat, TextFormat};
/// use serde_json::json;
///
/// let format: TextFormat = JsonSchemaFormat::new("answer", json!({"type": "object"}))
///     .strict(true)
///     .into();
/// assert_eq!(
///     serde_json::to_value(&format)?,
///     json!({"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": true})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum TextFormat {
    /// `{"type":"text"}`: plain text.
    #[serde(rename = "text")]
    Text,
    /// `{"type":"json_object"}`: any JSON object.
    #[serde(rename = "json_object")]
    JsonObject,
    /// `{"type":"json_schema", "name", "schema", ...}`: JSON matching a schema.
    /// The fields sit next to `type`, not nested under `json_schema`.
    #[serde(rename = "json_schema")]
    JsonSchema(JsonSchemaFormat),
    /// A format this version does not know, or does not hold whole (a
    /// member it does not model), kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

deserialize_from_value!(TextFormat, TextFormat::from_value);
debug_with_raw_json!(
    enum TextFormat {
        Text,
        JsonObject,
        JsonSchema(f),
        Unknown(raw),
    }
);

impl TextFormat {
    /// Reads a format from JSON; never fails: a format its typed variant
    /// would not write back whole is kept as [`Unknown`](Self::Unknown).
    #[inline]
    fn from_value(value: Value) -> Self {
        let format = match tag(&value, "type") {
            Some("text") => Some(TextFormat::Text),
            Some("json_object") => Some(TextFormat::JsonObject),
            Some("json_schema") => JsonSchemaFormat::deserialize(&value)
                .ok()
                .map(TextFormat::JsonSchema),
            _ => None,
        };
        kept(&value, format).unwrap_or(TextFormat::Unknown(value))
    }

    /// `{"type":"json_schema","name":...,"schema":...}`: `schema` as
    /// [`JsonSchemaFormat::new`] takes it. Use [`JsonSchemaFormat`] to also
    /// set `description` or `strict`.
    pub fn json_schema(name: impl Into<String>, schema: impl Into<Value>) -> Self {
        TextFormat::JsonSchema(JsonSchemaFormat::new(name, schema))
    }
}

impl From<JsonSchemaFormat> for TextFormat {
    fn from(f: JsonSchemaFormat) -> Self {
        TextFormat::JsonSchema(f)
    }
}

/// The fields of a `json_schema` text format.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct JsonSchemaFormat {
    name: String,
    schema: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    strict: Option<bool>,
}

debug_with_raw_json!(struct JsonSchemaFormat { name, schema, description, strict });

impl JsonSchemaFormat {
    /// `name` of the format and its JSON `schema`: a [`Value`] (`json!`,
    /// or a schema type that converts into one), or the JSON text of the
    /// schema (`include_str!("invoice.schema.json")`), sent as the object
    /// it holds (a byte order mark before it skipped). (Text that is not a
    /// JSON object is sent as the string it is, which the server refuses.)
    ///
    /// ```
    /// use openrouter_responses::request::JsonSchemaFormat;
    /// use serde_json::json;
    ///
    /// let text = r#"{"type": "object", "properties": {"city": {"type": "string"}}}"#;
    /// let format = JsonSchemaFormat::new("place", text);
    /// assert_eq!(format.schema()["properties"]["city"], json!({"type": "string"}));
    /// ```
    pub fn new(name: impl Into<String>, schema: impl Into<Value>) -> Self {
        Self::with_schema_as_sent(name, super::schema_value(schema))
    }

    /// [`new`](Self::new) with `schema` kept as it is, a string too: an
    /// echoed format, read back as the server sent it.
    pub(crate) fn with_schema_as_sent(name: impl Into<String>, schema: Value) -> Self {
        JsonSchemaFormat {
            name: name.into(),
            schema,
            description: None,
            strict: None,
        }
    }

    opt_setters! {
        /// `description`: what the output is for.
        description: String;
        /// `strict`: require exact adherence to the schema.
        strict: bool;
    }

    getters! {
        /// The `name` of the format.
        name = name: req_str;
        /// The JSON `schema` the output follows.
        schema = schema: req_ref Value;
        /// The `description`, when set.
        get_description = description: text;
        /// `strict`, when set.
        get_strict = strict: copy bool;
    }
}

open_enum! {
    /// `reasoning.effort`.
    ReasoningEffort {
        /// `max`.
        Max = "max",
        /// `xhigh`.
        Xhigh = "xhigh",
        /// `high`.
        High = "high",
        /// `medium`.
        Medium = "medium",
        /// `low`.
        Low = "low",
        /// `minimal`.
        Minimal = "minimal",
        /// `none`: no reasoning.
        None = "none",
    }
}

open_enum! {
    /// `reasoning.summary`: how detailed the reasoning summary is (the
    /// spec's `ReasoningSummaryVerbosity`). Not to be confused with
    /// [`response::ReasoningSummary`](crate::response::ReasoningSummary), a
    /// part of the summary returned.
    ReasoningSummaryVerbosity {
        /// `auto`.
        Auto = "auto",
        /// `concise`.
        Concise = "concise",
        /// `detailed`.
        Detailed = "detailed",
    }
}

open_enum! {
    /// `reasoning.context`: which turns' reasoning the model sees (GPT-5.6+).
    ReasoningContext {
        /// `auto`.
        Auto = "auto",
        /// `all_turns`.
        AllTurns = "all_turns",
        /// `current_turn`.
        CurrentTurn = "current_turn",
    }
}

open_enum! {
    /// `reasoning.mode` (GPT-5.6+).
    ReasoningMode {
        /// `standard`.
        Standard = "standard",
        /// `pro`.
        Pro = "pro",
    }
}

/// `reasoning`: reasoning configuration.
///
/// A request's reasoning settings read back from JSON:
///
/// ```
/// use openrouter_responses::request::{ReasoningEffort, ReasoningSummaryVerbosity};
/// use openrouter_responses::Request;
///
/// let request: Request = serde_json::from_str(
///     r#"{"model":"openai/o4-mini","reasoning":{"effort":"high","summary":"concise","max_tokens":2000}}"#,
/// )?;
/// let reasoning = request.reasoning().expect("set");
/// assert_eq!(reasoning.get_effort(), Some(&ReasoningEffort::High));
/// assert_eq!(reasoning.get_summary(), Some(&ReasoningSummaryVerbosity::Concise));
/// assert_eq!(reasoning.get_max_tokens(), Some(2000));
/// assert_eq!(reasoning.get_enabled(), None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct Reasoning {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    effort: Option<ReasoningEffort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<ReasoningSummaryVerbosity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<ReasoningContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mode: Option<ReasoningMode>,
}

impl Reasoning {
    /// Nothing set.
    pub fn new() -> Self {
        Reasoning::default()
    }

    opt_setters! {
        /// `effort`: how hard the model thinks.
        effort: ReasoningEffort;
        /// `summary`: request a reasoning summary of this detail.
        summary: ReasoningSummaryVerbosity;
        /// `max_tokens`: token budget for reasoning.
        max_tokens: u64;
        /// `enabled`: turn reasoning on or off.
        enabled: bool;
        /// `context`: which turns' reasoning the model sees.
        context: ReasoningContext;
        /// `mode`: the reasoning mode.
        mode: ReasoningMode;
    }

    getters! {
        /// The `effort`, when set.
        get_effort = effort: opt ReasoningEffort;
        /// The `summary` verbosity, when set.
        get_summary = summary: opt ReasoningSummaryVerbosity;
        /// The `max_tokens` budget, when set.
        get_max_tokens = max_tokens: copy u64;
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
        /// The `context`, when set.
        get_context = context: opt ReasoningContext;
        /// The `mode`, when set.
        get_mode = mode: opt ReasoningMode;
    }
}

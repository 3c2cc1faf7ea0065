//! Smaller top-level request shapes: caching, prompts, tracing, stop conditions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::input::{InputContent, InputFile, InputImage, InputText};
use super::{kept, tag};

open_enum! {
    /// A value of `include`: extra output data to return.
    Include {
        /// `file_search_call.results`.
        FileSearchCallResults = "file_search_call.results",
        /// `message.input_image.image_url`.
        MessageInputImageUrl = "message.input_image.image_url",
        /// `computer_call_output.output.image_url`.
        ComputerCallOutputImageUrl = "computer_call_output.output.image_url",
        /// `reasoning.encrypted_content`: needed to replay reasoning items.
        ReasoningEncryptedContent = "reasoning.encrypted_content",
        /// `code_interpreter_call.outputs`.
        CodeInterpreterCallOutputs = "code_interpreter_call.outputs",
    }
}

open_enum! {
    /// A value of `modalities`: an output modality.
    Modality {
        /// `text`.
        Text = "text",
        /// `image`.
        Image = "image",
    }
}

open_enum! {
    /// `service_tier`: the processing tier.
    ServiceTier {
        /// `auto` (the server default).
        Auto = "auto",
        /// `default`.
        Default = "default",
        /// `fast`: an alias of `priority`.
        Fast = "fast",
        /// `flex`.
        Flex = "flex",
        /// `priority`.
        Priority = "priority",
        /// `scale`.
        Scale = "scale",
    }
}

open_enum! {
    /// `truncation`: the strategy when the input exceeds the context window.
    Truncation {
        /// `auto`: drop items from the start of the conversation.
        Auto = "auto",
        /// `disabled`: fail the request.
        Disabled = "disabled",
    }
}

open_enum! {
    /// `route` (deprecated; use `provider.sort` with a partition instead).
    Route {
        /// `fallback`.
        Fallback = "fallback",
        /// `sort`.
        Sort = "sort",
    }
}

open_enum! {
    /// `mode` of prompt cache options and breakpoints.
    CacheMode {
        /// `explicit`.
        Explicit = "explicit",
    }
}

open_enum! {
    /// `ttl` of a `cache_control` directive.
    CacheControlTtl {
        /// `5m`: five minutes.
        FiveMinutes = "5m",
        /// `1h`: one hour.
        OneHour = "1h",
    }
}

/// `prompt_cache_breakpoint` of an `input_text` part: `{"mode":"explicit"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromptCacheBreakpoint {
    mode: CacheMode,
}

impl PromptCacheBreakpoint {
    /// `{"mode":"explicit"}`.
    pub fn explicit() -> Self {
        PromptCacheBreakpoint {
            mode: CacheMode::Explicit,
        }
    }

    /// `{"mode": mode}`: for a mode read back from a response.
    pub(crate) fn with_mode(mode: CacheMode) -> Self {
        PromptCacheBreakpoint { mode }
    }

    /// The `mode` (`explicit`).
    pub fn mode(&self) -> &CacheMode {
        &self.mode
    }
}

/// `prompt_cache_options`: `{"mode":"explicit","ttl":...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct PromptCacheOptions {
    mode: CacheMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ttl: Option<String>,
}

impl PromptCacheOptions {
    /// `{"mode":"explicit"}`.
    pub fn explicit() -> Self {
        Self::with_mode(CacheMode::Explicit)
    }

    /// `{"mode": mode}`: for a mode read back from a response.
    pub(crate) fn with_mode(mode: CacheMode) -> Self {
        PromptCacheOptions { mode, ttl: None }
    }

    opt_setters! {
        /// `ttl`: how long cached prefixes live, e.g. `"1h"`.
        ttl: String;
    }

    getters! {
        /// The `mode` (`explicit`).
        mode = mode: req_ref CacheMode;
        /// The `ttl`, when set.
        get_ttl = ttl: text;
    }
}

/// `cache_control`: `{"type":"ephemeral","ttl":...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CacheControl {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ttl: Option<CacheControlTtl>,
}

impl CacheControl {
    /// `{"type":"ephemeral"}`.
    pub fn ephemeral() -> Self {
        CacheControl {
            kind: "ephemeral".to_owned(),
            ttl: None,
        }
    }

    opt_setters! {
        /// `ttl`: `5m` or `1h`.
        ttl: CacheControlTtl;
    }

    getters! {
        /// The `type` (`ephemeral`).
        kind = kind: req_str;
        /// The `ttl`, when set.
        get_ttl = ttl: opt CacheControlTtl;
    }
}

/// A value of `prompt.variables`: a string or an input text, image or file part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum PromptVariable {
    /// A plain string.
    Text(String),
    /// A content part (`input_text`, `input_image` or `input_file`).
    Content(InputContent),
}

impl From<&str> for PromptVariable {
    fn from(s: &str) -> Self {
        PromptVariable::Text(s.to_owned())
    }
}

impl From<String> for PromptVariable {
    fn from(s: String) -> Self {
        PromptVariable::Text(s)
    }
}

impl From<InputContent> for PromptVariable {
    fn from(c: InputContent) -> Self {
        PromptVariable::Content(c)
    }
}

impl From<InputText> for PromptVariable {
    fn from(c: InputText) -> Self {
        PromptVariable::Content(c.into())
    }
}

impl From<InputImage> for PromptVariable {
    fn from(c: InputImage) -> Self {
        PromptVariable::Content(c.into())
    }
}

impl From<InputFile> for PromptVariable {
    fn from(c: InputFile) -> Self {
        PromptVariable::Content(c.into())
    }
}

/// `prompt`: a stored prompt template, `{"id", "variables"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct Prompt {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    variables: Option<BTreeMap<String, PromptVariable>>,
}

impl Prompt {
    /// The template `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Prompt {
            id: id.into(),
            variables: None,
        }
    }

    /// `variables`: adds or replaces one template variable.
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<PromptVariable>) -> Self {
        self.variables
            .get_or_insert_with(BTreeMap::new)
            .insert(name.into(), value.into());
        self
    }

    /// `variables` present, as `{}` until one is added: what an echoed
    /// `"variables": {}` is read as, so that it is written back.
    pub(crate) fn with_variables(mut self) -> Self {
        self.variables.get_or_insert_with(BTreeMap::new);
        self
    }

    getters! {
        /// The template `id`.
        id = id: req_str;
        /// The `variables` by name, when set.
        variables = variables: opt BTreeMap<String, PromptVariable>;
    }
}

/// `trace`: observability metadata for broadcast destinations. Keys beyond
/// the named ones are passed through as custom metadata.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct Trace {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    trace_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    trace_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    span_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    generation_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent_span_id: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct Trace { trace_id, trace_name, span_name, generation_name, parent_span_id, extra });

impl Trace {
    /// Empty trace metadata.
    pub fn new() -> Self {
        Trace::default()
    }

    opt_setters! {
        extra;
        /// `trace_id`: groups several requests into one trace.
        trace_id: String;
        /// `trace_name`: a name for the trace.
        trace_name: String;
        /// `span_name`: a name for the span.
        span_name: String;
        /// `generation_name`: a name for the generation.
        generation_name: String;
        /// `parent_span_id`: the id of the parent span.
        parent_span_id: String;
    }

    /// Adds a custom key passed through to the destinations. One named
    /// as a typed member (`trace_id`, ...) replaces it, as a later typed
    /// setter replaces this: the last set is sent, once.
    ///
    /// A float that JSON cannot hold (NaN, an infinity) is already `null` once
    /// converted to a [`Value`], before the request sees it, so it is sent as
    /// `null` rather than refused as a typed setter's is.
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let key = key.into();
        match key.as_str() {
            "trace_id" => self.trace_id = None,
            "trace_name" => self.trace_name = None,
            "span_name" => self.span_name = None,
            "generation_name" => self.generation_name = None,
            "parent_span_id" => self.parent_span_id = None,
            _ => {}
        }
        self.extra.insert(key, value.into());
        self
    }

    getters! {
        /// The `trace_id`, when set.
        get_trace_id = trace_id: text;
        /// The `trace_name`, when set.
        get_trace_name = trace_name: text;
        /// The `span_name`, when set.
        get_span_name = span_name: text;
        /// The `generation_name`, when set.
        get_generation_name = generation_name: text;
        /// The `parent_span_id`, when set.
        get_parent_span_id = parent_span_id: text;
        /// The custom keys (set with [`field`](Trace::field)), by name.
        extra = extra: req_ref Map<String, Value>;
    }
}

/// `debug`: debugging options. Only used with streaming.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct DebugOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    echo_upstream_body: Option<bool>,
}

impl DebugOptions {
    /// No options set.
    pub fn new() -> Self {
        DebugOptions::default()
    }

    opt_setters! {
        /// `echo_upstream_body`: emit `response.debug` events carrying the
        /// body sent to each provider.
        echo_upstream_body: bool;
    }

    getters! {
        /// `echo_upstream_body`, when set.
        get_echo_upstream_body = echo_upstream_body: copy bool;
    }
}

/// A condition of `stop_server_tools_when` (tagged by `type`).
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum StopCondition {
    /// `step_count_is`: stop after this many steps.
    #[serde(rename = "step_count_is")]
    StepCountIs {
        /// `step_count`.
        step_count: u64,
    },
    /// `has_tool_call`: stop once the named tool was called.
    #[serde(rename = "has_tool_call")]
    HasToolCall {
        /// `tool_name`.
        tool_name: String,
    },
    /// `max_tokens_used`: stop once this many tokens were used.
    #[serde(rename = "max_tokens_used")]
    MaxTokensUsed {
        /// `max_tokens`.
        max_tokens: u64,
    },
    /// `max_cost`: stop once the cost reaches this many US dollars.
    #[serde(rename = "max_cost")]
    MaxCost {
        /// `max_cost_in_dollars`.
        #[serde(serialize_with = "super::finite::max_cost_in_dollars")]
        max_cost_in_dollars: f64,
    },
    /// `finish_reason_is`: stop on this finish reason.
    #[serde(rename = "finish_reason_is")]
    FinishReasonIs {
        /// `reason`.
        reason: String,
    },
    /// A condition this version does not know, or does not hold whole (a
    /// member it does not model), kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(enum StopCondition { StepCountIs { step_count }, HasToolCall { tool_name }, MaxTokensUsed { max_tokens }, MaxCost { max_cost_in_dollars }, FinishReasonIs { reason }, Unknown(x) });

deserialize_from_value!(StopCondition, StopCondition::from_value);

impl StopCondition {
    /// Reads a condition from JSON; never fails: a condition its typed
    /// variant would not write back whole is kept as
    /// [`Unknown`](Self::Unknown).
    #[inline]
    fn from_value(value: Value) -> Self {
        let member = |key: &str| value.get(key);
        let text = |key: &str| member(key).and_then(Value::as_str).map(str::to_owned);
        let condition =
            match tag(&value, "type") {
                Some("step_count_is") => member("step_count")
                    .and_then(Value::as_u64)
                    .map(StopCondition::step_count_is),
                Some("has_tool_call") => text("tool_name").map(StopCondition::has_tool_call),
                Some("max_tokens_used") => member("max_tokens")
                    .and_then(Value::as_u64)
                    .map(StopCondition::max_tokens_used),
                Some("max_cost") => member("max_cost_in_dollars").and_then(Value::as_f64).map(
                    |max_cost_in_dollars| StopCondition::MaxCost {
                        max_cost_in_dollars,
                    },
                ),
                Some("finish_reason_is") => {
                    text("reason").map(|reason| StopCondition::FinishReasonIs { reason })
                }
                _ => None,
            };
        kept(&value, condition).unwrap_or(StopCondition::Unknown(value))
    }

    /// `{"type":"step_count_is","step_count":n}`.
    pub fn step_count_is(step_count: u64) -> Self {
        StopCondition::StepCountIs { step_count }
    }

    /// `{"type":"has_tool_call","tool_name":...}`.
    pub fn has_tool_call(tool_name: impl Into<String>) -> Self {
        StopCondition::HasToolCall {
            tool_name: tool_name.into(),
        }
    }

    /// `{"type":"max_tokens_used","max_tokens":n}`.
    pub fn max_tokens_used(max_tokens: u64) -> Self {
        StopCondition::MaxTokensUsed { max_tokens }
    }

    /// `{"type":"max_cost","max_cost_in_dollars":x}`.
    pub fn max_cost(max_cost_in_dollars: f64) -> Self {
        StopCondition::MaxCost {
            max_cost_in_dollars,
        }
    }

    /// `{"type":"finish_reason_is","reason":...}`.
    pub fn finish_reason_is(reason: impl Into<String>) -> Self {
        StopCondition::FinishReasonIs {
            reason: reason.into(),
        }
    }
}

/// `x_search_filter`: X search filters for xAI models. Documented by
/// OpenRouter's web search guide but not part of the OpenAPI spec.
///
/// The same members make the `x_search` option of the web search plugin
/// and tools ([`WebSearchPlugin::x_search`](crate::request::WebSearchPlugin::x_search),
/// [`WebSearchTool::x_search`](crate::request::WebSearchTool::x_search),
/// [`WebSearchConfig::x_search`](crate::request::WebSearchConfig::x_search)),
/// the official SDK 1.3.19's `XSearchOptions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct XSearchFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_x_handles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    excluded_x_handles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enable_image_understanding: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enable_video_understanding: Option<bool>,
}

impl XSearchFilter {
    /// No filters set.
    pub fn new() -> Self {
        XSearchFilter::default()
    }

    list_setters! {
        /// `allowed_x_handles`: only these handles (at most 20; not together
        /// with `excluded_x_handles`).
        allowed_x_handles;
        /// `excluded_x_handles`: never these handles (at most 20).
        excluded_x_handles;
    }

    opt_setters! {
        /// `from_date`: earliest post date (ISO 8601, e.g. `2025-01-01`).
        from_date: String;
        /// `to_date`: latest post date (ISO 8601).
        to_date: String;
        /// `enable_image_understanding`: let the model look at images in posts.
        enable_image_understanding: bool;
        /// `enable_video_understanding`: let the model look at videos in posts.
        enable_video_understanding: bool;
    }

    getters! {
        /// The `allowed_x_handles`, when set.
        get_allowed_x_handles = allowed_x_handles: list String;
        /// The `excluded_x_handles`, when set.
        get_excluded_x_handles = excluded_x_handles: list String;
        /// The `from_date`, when set.
        get_from_date = from_date: text;
        /// The `to_date`, when set.
        get_to_date = to_date: text;
        /// `enable_image_understanding`, when set.
        get_enable_image_understanding = enable_image_understanding: copy bool;
        /// `enable_video_understanding`, when set.
        get_enable_video_understanding = enable_video_understanding: copy bool;
    }
}

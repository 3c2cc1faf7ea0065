//! The response model: what `POST /responses` returns (`OpenResponsesResult`).
//!
//! Everything here decodes leniently and re-encodes without loss:
//!
//! - fields this crate does not model are kept in the `extra` map of the
//!   struct they were found in;
//! - string enums end with an `Other(String)` variant for values added later;
//! - output items, content parts and annotations of unknown types are kept as
//!   [`serde_json::Value`] in an `Unknown` variant, and so is an item of a known
//!   type whose body does not have the expected shape, so one odd item never
//!   makes a whole response fail to decode;
//! - a field that is absent in some lifecycle states (a `response.created`
//!   event carries little more than `id` and `status`) is an `Option` or
//!   defaults to empty; where it defaults (the response's `id` and `output`,
//!   the token counts of [`Usage`], a text's `annotations`, the routing
//!   details), `null` reads as absent too, and is written back as the
//!   default;
//! - the request settings a response echoes are typed where the request
//!   types hold them whole (`tool_choice`, `text`, `reasoning`, `prompt`,
//!   `prompt_cache_options`), and kept as sent in `extra` where they do not;
//!   `instructions` and `tools` are raw JSON (see their fields);
//! - numbers keep their value, not always their text: a whole number in a
//!   float field (`"cost": 0`, `"temperature": 1`) is written as a float
//!   (`0.0`, `1.0`), and one of more than 64 bits in kept raw JSON becomes
//!   the nearest float.
//!
//! ```
//! use openrouter_responses::Response;
//!
//! let json = r#"{
//!   "id": "resp_1", "object": "response", "status": "completed",
//!   "output": [{
//!     "type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
//!     "content": [{"type": "output_text", "text": "Hello!", "annotations": []}]
//!   }],
//!   "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}
//! }"#;
//! let response: Response = serde_json::from_str(json)?;
//! assert!(response.is_completed());
//! assert_eq!(response.output_text(), "Hello!");
//! assert_eq!(response.usage.map(|u| u.total_tokens), Some(5));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::iter::FusedIterator;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{ApiError, DecodeTarget, Error, Result};
use crate::http_info::HttpInfo;
use crate::request::{InputItem, Prompt, PromptCacheOptions, Reasoning, TextConfig, ToolChoice};

mod content;
mod echo;
mod items;
mod metadata;
mod server_tools;
pub(crate) mod tagged;
mod usage;

pub use content::{
    Annotation, FileCitation, FilePath, LogProb, OutputContent, OutputText, Refusal, TopLogProb,
    UrlCitation,
};
pub use items::{
    ApplyPatchCall, ApplyPatchOperation, CodeInterpreterCall, CodeInterpreterFile,
    CodeInterpreterImage, CodeInterpreterLogs, CodeInterpreterOutput, ComputerCall, CustomToolCall,
    FileSearchCall, FunctionCall, ImageGenerationCall, ItemStatus, MessagePhase, OutputItem,
    OutputMessage, PatchOperation, PendingSafetyCheck, ReasoningContent, ReasoningFormat,
    ReasoningItem, ReasoningSummary, ReasoningText, ShellAction, ShellCall, ShellCallOutput,
    ShellExit, ShellOutcome, ShellOutput, SummaryText, WebSearchAction, WebSearchCall,
    WebSearchFind, WebSearchOpenPage, WebSearchSearch, WebSearchSource,
};
pub use metadata::{
    EndpointInfo, EndpointsMetadata, OpenRouterMetadata, PipelineStage, PipelineStageType,
    RouterAttempt, RoutingStrategy,
};
pub use server_tools::{
    AdvisorServerItem, ApplyPatchServerItem, BashServerItem, BrowserUseServerItem,
    CodeInterpreterServerItem, ContainerFile, ContainerFileCitation, DatetimeServerItem,
    FileSearchServerItem, FilesServerItem, FusionAnalysis, FusionContradiction, FusionCoverage,
    FusionFailedModel, FusionInsight, FusionResponse, FusionServerItem, FusionSource, FusionStance,
    ImageGenerationServerItem, McpServerItem, MemoryAction, MemoryServerItem,
    SearchModelsServerItem, ServerToolCall, ShellServerItem, SubagentServerItem,
    TextEditorServerItem, ToolSearchServerItem, WebFetchServerItem, WebSearchServerItem,
};
pub(crate) use tagged::direct;

/// Reads `null` as the type's default, as an absent member is read: for the
/// defaulted fields outside items (which fall back to `Unknown`), where a
/// `null` would fail the whole response.
pub(crate) fn null_default<'de, D, T>(d: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
pub use usage::{
    CostDetails, InputTokensDetails, OutputTokensDetails, ServerToolUseDetails, Usage,
};

/// A response from the Responses API (`OpenResponsesResult`).
///
/// The same shape arrives as the body of a non-streaming call and inside the
/// `response.created`, `response.in_progress`, `response.completed`,
/// `response.incomplete` and `response.failed` stream events. Early lifecycle
/// states carry few fields, so almost every field is optional.
///
/// Fields the spec marks as required but nullable (`completed_at`, `error`,
/// `incomplete_details`, `instructions`, `metadata`, the sampling parameters)
/// are always written when encoding, as `null` when `None`.
///
/// The request settings a response echoes are read with the request
/// types' getters; an echo its type does not hold whole is kept as sent in
/// [`extra`](Response::extra):
///
/// ```
/// use openrouter_responses::{ReasoningEffort, Response, ToolChoice};
///
/// let response: Response = serde_json::from_value(serde_json::json!({
///     "id": "resp_1",
///     "tool_choice": "auto",
///     "reasoning": {"effort": "high", "summary": null},
///     "text": {"format": {"type": "text"}, "verbosity": "low", "x-new": 1}
/// }))?;
/// assert_eq!(response.tool_choice, Some(ToolChoice::Auto));
/// let effort = response.reasoning.as_ref().and_then(|r| r.get_effort());
/// assert_eq!(effort, Some(&ReasoningEffort::High));
/// // `x-new` is no member of `TextConfig`: the echo stays raw JSON.
/// assert_eq!(response.text, None);
/// assert_eq!(response.extra["text"]["verbosity"], "low");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Response {
    /// The response id (`resp_…`).
    pub id: String,
    /// The object type, always `"response"` when sent.
    pub object: Option<String>,
    /// When the response was created (unix seconds).
    pub created_at: Option<u64>,
    /// When the response finished (unix seconds); `None` while in progress.
    pub completed_at: Option<u64>,
    /// The model that produced the response.
    pub model: Option<String>,
    /// The lifecycle status.
    pub status: Option<ResponseStatus>,
    /// The output items, in order.
    pub output: Vec<OutputItem>,
    /// The error of a failed response.
    pub error: Option<ResponseError>,
    /// The precise error category of a failed response (`error.code` is the
    /// coarser Responses code).
    pub error_type: Option<ErrorType>,
    /// Why an incomplete response stopped.
    pub incomplete_details: Option<IncompleteDetails>,
    /// Token counts and cost.
    pub usage: Option<Usage>,
    /// The instructions of the request: a string or a list of input items
    /// (the spec's `BaseInputs`), as sent back.
    ///
    /// Raw JSON, not [`Input`](crate::request::Input): reading it typed
    /// would compile the decoder of every input item kind (and, through
    /// `additional_tools` items, of every tool) into the library, a third
    /// more code for a setting the caller sent. Read it with
    /// `serde_json::from_value::<Input>(value.clone())` where needed.
    pub instructions: Option<Value>,
    /// The metadata of the request (string keys and values).
    pub metadata: Option<Map<String, Value>>,
    /// The sampling temperature used.
    pub temperature: Option<f64>,
    /// The nucleus sampling parameter used.
    pub top_p: Option<f64>,
    /// The presence penalty used.
    pub presence_penalty: Option<f64>,
    /// The frequency penalty used.
    pub frequency_penalty: Option<f64>,
    /// The tools of the request, as sent back by the server.
    ///
    /// Raw JSON, not [`Tool`](crate::request::Tool)s: reading them typed
    /// would compile the decoder of every tool kind into the library, a
    /// quarter more code for a setting the caller sent. Read one with
    /// `serde_json::from_value::<Tool>(value.clone())` where needed (a tool
    /// with a member its type does not model is then kept whole in
    /// [`Tool::Unknown`](crate::request::Tool::Unknown)).
    pub tools: Option<Vec<Value>>,
    /// The tool choice of the request: `"auto"`, `"none"`, `"required"` or an
    /// object. Any JSON decodes: a form this version does not know, or an
    /// object with a member it does not model, is kept in
    /// [`ToolChoice::Other`] (a string) or [`ToolChoice::Unknown`].
    pub tool_choice: Option<ToolChoice>,
    /// Whether tool calls could run in parallel.
    pub parallel_tool_calls: Option<bool>,
    /// The output token limit of the request.
    pub max_output_tokens: Option<u64>,
    /// The server-tool step limit of the request.
    pub max_tool_calls: Option<u64>,
    /// How many most likely tokens were returned per position.
    pub top_logprobs: Option<u64>,
    /// The text configuration (`{format, verbosity}`, the spec's
    /// `TextExtendedConfig`), read with [`TextConfig::get_format`] and
    /// [`TextConfig::get_verbosity`]. A format of a type this version does
    /// not know, or with a member it does not model, is kept in
    /// [`TextFormat::Unknown`](crate::request::TextFormat::Unknown).
    ///
    /// `None` when absent or `null`, and when the value is not an object
    /// of those members with values of their JSON types: then it is kept
    /// as sent in [`extra`](Response::extra) under `"text"`, as are the
    /// settings below.
    pub text: Option<TextConfig>,
    /// The reasoning configuration (`{effort, summary, context, mode}` and
    /// OpenRouter's `max_tokens` and `enabled`), read with
    /// [`Reasoning::get_effort`] and the like; a value not listed is kept in
    /// each open enum's `Other`. Any other shape is kept in
    /// [`extra`](Response::extra) under `"reasoning"` (see
    /// [`text`](Response::text)).
    pub reasoning: Option<Reasoning>,
    /// The truncation strategy: `auto` or `disabled` (a value not listed is
    /// kept in `Truncation::Other`).
    pub truncation: Option<crate::request::Truncation>,
    /// The service tier that served the request (a value not listed is kept
    /// in `ServiceTier::Other`).
    pub service_tier: Option<crate::request::ServiceTier>,
    /// Whether the response was stored.
    pub store: Option<bool>,
    /// Whether the response ran in the background.
    pub background: Option<bool>,
    /// The previous response id of the request.
    pub previous_response_id: Option<String>,
    /// The prompt cache key of the request.
    pub prompt_cache_key: Option<String>,
    /// The prompt cache options of the request (`{mode, ttl}`), read with
    /// [`PromptCacheOptions::mode`] and [`PromptCacheOptions::get_ttl`]. Any
    /// other shape is kept in [`extra`](Response::extra) under
    /// `"prompt_cache_options"` (see [`text`](Response::text)).
    pub prompt_cache_options: Option<PromptCacheOptions>,
    /// The stored prompt template of the request (`{id, variables}`, the
    /// spec's `StoredPromptTemplate`), read with [`Prompt::id`] and
    /// [`Prompt::variables`]. A variable that is neither a string nor a
    /// part the part types hold whole (text, image or file as the spec
    /// lists, audio or video) is kept in
    /// [`InputContent::Unknown`](crate::request::InputContent::Unknown), as
    /// a request's decoder keeps it.
    /// Any other shape is kept in [`extra`](Response::extra) under
    /// `"prompt"` (see [`text`](Response::text)).
    pub prompt: Option<Prompt>,
    /// The safety identifier of the request.
    pub safety_identifier: Option<String>,
    /// The end-user id of the request.
    pub user: Option<String>,
    /// The server's own concatenation of the output text, when it sends one.
    /// [`Response::output_text()`](Response::output_text) computes the text
    /// from the output items, whether or not this is sent.
    pub output_text: Option<String>,
    /// Routing details, sent when the request asked for them with the
    /// `X-OpenRouter-Metadata: enabled` header
    /// ([`ClientBuilder::openrouter_metadata`](crate::ClientBuilder::openrouter_metadata)
    /// for every call,
    /// [`RequestOptions::openrouter_metadata`](crate::RequestOptions::openrouter_metadata)
    /// for one). In a stream they come with the terminal event.
    pub openrouter_metadata: Option<OpenRouterMetadata>,
    /// Fields not modelled here, kept as sent; and the echoed settings
    /// [`text`](Response::text), [`reasoning`](Response::reasoning),
    /// [`prompt`](Response::prompt) and
    /// [`prompt_cache_options`](Response::prompt_cache_options) when their
    /// types do not hold them whole. When one of those typed fields (or
    /// [`tool_choice`](Response::tool_choice)) is set while a member of its
    /// name is here too (a field set by hand after decoding), the typed one
    /// is written, once, and the one here left out.
    pub extra: Map<String, Value>,
    /// The HTTP status and headers of the answer this response came in; never
    /// serialized. `None` for a response decoded by hand.
    ///
    /// `==` compares it too: a response read back from the JSON it was
    /// logged as equals the one [`Client::send`](crate::Client::send)
    /// returned once this is cleared (`response.http = None`).
    pub http: Option<HttpInfo>,
}

debug_with_raw_json!(struct Response { id, object, created_at, completed_at, model, status, output, error, error_type, incomplete_details, usage, instructions, metadata, temperature, top_p, presence_penalty, frequency_penalty, tools, tool_choice, parallel_tool_calls, max_output_tokens, max_tool_calls, top_logprobs, text, reasoning, truncation, service_tier, store, background, previous_response_id, prompt_cache_key, prompt_cache_options, prompt, safety_identifier, user, output_text, openrouter_metadata, extra, http });

/// The serde form of [`Response`]: its fields with their attributes, read
/// and written by the derived code. The typed echoes are not read here:
/// their members land in `extra`, and [`Response`]'s `Deserialize` then
/// types them (see the `echo` module).
// The fields are listed twice: in `Response` and here; the compiler checks
// that the two lists agree.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Response")]
struct ResponseFields {
    #[serde(default, deserialize_with = "crate::response::null_default")]
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    object: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<u64>,
    #[serde(default)]
    completed_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<ResponseStatus>,
    #[serde(default, deserialize_with = "crate::response::null_default")]
    output: Vec<OutputItem>,
    #[serde(default)]
    error: Option<ResponseError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error_type: Option<ErrorType>,
    #[serde(default)]
    incomplete_details: Option<IncompleteDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    usage: Option<Usage>,
    #[serde(default)]
    instructions: Option<Value>,
    #[serde(default)]
    metadata: Option<Map<String, Value>>,
    #[serde(default)]
    temperature: Option<f64>,
    #[serde(default)]
    top_p: Option<f64>,
    #[serde(default)]
    presence_penalty: Option<f64>,
    #[serde(default)]
    frequency_penalty: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tools: Option<Vec<Value>>,
    // Read directly: a tool choice of any shape decodes (`ToolChoice`
    // keeps what it does not know), and this echo comes with nearly every
    // response, so it skips the buffering of the members left to `extra`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tool_choice: Option<ToolChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parallel_tool_calls: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_output_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tool_calls: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    top_logprobs: Option<u64>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    text: Option<TextConfig>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    reasoning: Option<Reasoning>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    truncation: Option<crate::request::Truncation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_tier: Option<crate::request::ServiceTier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    store: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    background: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous_response_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prompt_cache_key: Option<String>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    prompt_cache_options: Option<PromptCacheOptions>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    prompt: Option<Prompt>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    safety_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    openrouter_metadata: Option<OpenRouterMetadata>,
    #[serde(flatten)]
    extra: Map<String, Value>,
    #[serde(skip)]
    http: Option<HttpInfo>,
}

impl<'de> Deserialize<'de> for Response {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let mut response = ResponseFields::deserialize(deserializer)?;
        echo::type_echoes(&mut response);
        Ok(response)
    }
}

impl Serialize for Response {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        // A typed echo set by hand beside the raw one in `extra` is written
        // once, typed (rare: the copy costs nothing otherwise).
        if echo::shadowed(self) {
            let mut written = self.clone();
            echo::drop_shadowed(&mut written);
            return ResponseFields::serialize(&written, serializer);
        }
        ResponseFields::serialize(self, serializer)
    }
}

impl Response {
    /// Joins the text of every `output_text` part of every message, in order;
    /// `""` when there is none. The commentary of a model that labels its
    /// messages by `phase` is joined in;
    /// [`answer_text`](Response::answer_text) leaves it out.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1", "status": "completed",
    ///     "output": [
    ///         {"type": "reasoning", "id": "rs_1", "summary": []},
    ///         {"type": "message", "id": "msg_1", "role": "assistant", "content": [
    ///             {"type": "output_text", "text": "Hello, "},
    ///             {"type": "output_text", "text": "world."}
    ///         ]}
    ///     ]
    /// }))?;
    /// assert_eq!(response.output_text(), "Hello, world.");
    /// assert_eq!(Response::default().output_text(), "");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn output_text(&self) -> String {
        self.text_of(|_| true)
    }

    /// The answer's text: [`output_text`](Response::output_text) without
    /// the commentary of a model that tells its messages apart by
    /// [`phase`](crate::response::OutputMessage::phase). It is the text of
    /// the `final_answer` messages when any message has that phase, else
    /// that of every message not phased `commentary`; for a model that
    /// sends no phase, the same as `output_text()`. A response whose
    /// messages are all commentary (said before its function calls) has no
    /// answer: `""`. This is the text
    /// [`parse_output`](Response::parse_output) reads, and the one to show
    /// as a turn's answer, and the one a stream's
    /// [`text_deltas`](crate::ResponseStream::text_deltas) yields as it
    /// arrives (its [`deltas`](crate::ResponseStream::deltas) yield the
    /// commentary as [`StreamDelta::Commentary`](crate::StreamDelta::Commentary));
    /// `output_text()` joins the commentary and the answer with no
    /// separator.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1", "status": "completed",
    ///     "output": [
    ///         {"type": "message", "id": "msg_1", "role": "assistant", "phase": "commentary",
    ///          "content": [{"type": "output_text", "text": "Let me check."}]},
    ///         {"type": "message", "id": "msg_2", "role": "assistant", "phase": "final_answer",
    ///          "content": [{"type": "output_text", "text": "It is 18 °C."}]}
    ///     ]
    /// }))?;
    /// assert_eq!(response.answer_text(), "It is 18 °C.");
    /// assert_eq!(response.output_text(), "Let me check.It is 18 °C.");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn answer_text(&self) -> String {
        let is_final = |m: &OutputMessage| m.phase == Some(MessagePhase::FinalAnswer);
        if self.messages().any(is_final) {
            self.text_of(is_final)
        } else {
            self.text_of(|m| m.phase != Some(MessagePhase::Commentary))
        }
    }

    /// The output text of the messages `keep` keeps, joined.
    fn text_of(&self, keep: impl Fn(&OutputMessage) -> bool) -> String {
        let mut text = String::new();
        for message in self.messages().filter(|m| keep(m)) {
            for part in &message.content {
                if let OutputContent::OutputText(t) = part {
                    text.push_str(&t.text);
                }
            }
        }
        text
    }

    /// Parses the output text as JSON into `T`: the usual way to read an
    /// answer requested with a `json_schema` or `json_object` text format.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// #[derive(serde::Deserialize)]
    /// struct Weather { city: String, celsius: f64 }
    ///
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
    ///         {"type": "output_text", "text": "{\"city\":\"Paris\",\"celsius\":21.5}"}
    ///     ]}]
    /// }))?;
    /// let weather: Weather = response.parse_output()?;
    /// assert_eq!(weather.city, "Paris");
    /// assert_eq!(weather.celsius, 21.5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The text read is that of [`answer_text`](Response::answer_text): that
    /// of [`output_text`](Response::output_text), but for a model that tells
    /// its messages apart by [`phase`](crate::response::OutputMessage::phase):
    /// then only the `final_answer` messages' text is read, not the
    /// commentary before it.
    ///
    /// # Errors
    ///
    /// - For a `failed` response, its error (as
    ///   [`into_result`](Response::into_result) gives it), whatever text
    ///   came before the failure.
    /// - When there is no output text (or only white space),
    ///   [`Error::Refusal`] when the model refused (an `incomplete` response
    ///   too).
    /// - For an `incomplete` response (cut short by `max_output_tokens` or
    ///   a content filter), [`Error::Incomplete`] with the reason and the
    ///   partial text, whether or not that text would parse; likewise,
    ///   without a reason, for a response not finished (`in_progress` or
    ///   `queued`: a stream's [`snapshot`](crate::ResponseStream::snapshot),
    ///   or the one a stream that ended early keeps) or `cancelled`.
    /// - [`Error::Decode`] when the text is not JSON of the shape of `T`;
    ///   the text is kept in [`DecodeError::body`](crate::DecodeError::body).
    ///
    /// ```
    /// # use openrouter_responses::{Error, Response};
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
    ///         {"type": "refusal", "refusal": "I can't help with that."}
    ///     ]}]
    /// }))?;
    /// match response.parse_output::<serde_json::Value>() {
    ///     Err(Error::Refusal(r)) => assert_eq!(r.text(), "I can't help with that."),
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn parse_output<T: DeserializeOwned>(&self) -> Result<T> {
        // A failed response's text, if any, is what came before the failure.
        if self.is_failed() {
            return Err(ApiError::from_failed_response(self).into());
        }
        let text = self.answer_text();
        // A refusal without text says more than the cut that may follow it.
        if text.trim().is_empty() {
            if let Some(refusal) = self.refusal() {
                return Err(Error::refusal(refusal));
            }
        }
        // A part of an answer may parse (a number cut short, a complete
        // object before a cut) into a value the whole would not be: that of
        // an incomplete response, and that of one not finished (a stream's
        // snapshot, a stream that ended early) or cancelled.
        if self.is_incomplete() {
            let reason = (self.incomplete_details.as_ref()).and_then(|d| d.reason.clone());
            return Err(Error::incomplete(reason, text));
        }
        if matches!(
            self.status,
            Some(ResponseStatus::InProgress | ResponseStatus::Queued | ResponseStatus::Cancelled)
        ) {
            return Err(Error::incomplete(None, text));
        }
        match serde_json::from_str(&text) {
            Ok(value) => Ok(value),
            Err(err) => Err(Error::decode(DecodeTarget::OutputText, text, err)),
        }
    }

    /// The function calls among the output items, in order: the calls to
    /// run. A call cut off before its arguments were whole (its status
    /// `incomplete`: the response ran into `max_output_tokens` in the
    /// middle of it) is left out, as running it would run a call the model
    /// did not finish; [`is_incomplete`](Response::is_incomplete) tells
    /// that the response was cut short, and
    /// `output.iter().filter_map(OutputItem::as_function_call)` gives every
    /// call. Such a call still goes back with
    /// [`to_input_items`](Response::to_input_items): give it an output
    /// saying it was cut off, or leave it out, before asking again.
    ///
    /// A call without a status is returned: the status is optional, and a
    /// finished response's calls are whole. The snapshot of a stream that
    /// ended early ([`StreamError::EndedEarly`](crate::StreamError::EndedEarly),
    /// [`ResponseStream::snapshot`](crate::ResponseStream::snapshot)) is no
    /// finished response: its last call may be cut off with no status (or
    /// `in_progress`) saying so; check
    /// [`is_terminal`](Response::is_terminal) before running its calls.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{
    ///         "type": "function_call", "id": "fc_1", "call_id": "call_1",
    ///         "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"
    ///     }]
    /// }))?;
    /// for call in response.function_calls() {
    ///     assert_eq!(call.name, "get_weather");
    ///     let args: serde_json::Value = call.parse_arguments()?;
    ///     assert_eq!(args["city"], "Paris");
    /// }
    /// assert_eq!(response.function_calls().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn function_calls(&self) -> FunctionCalls<'_> {
        FunctionCalls {
            items: self.output.iter(),
        }
    }

    /// The messages among the output items, in order.
    pub fn messages(&self) -> Messages<'_> {
        Messages {
            items: self.output.iter(),
        }
    }

    /// The web citations of the output text (its `url_citation`
    /// annotations), message by message and part by part, in order; a URL
    /// cited twice comes twice.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
    ///         {"type": "output_text", "text": "Paris is the capital.", "annotations": [
    ///             {"type": "url_citation", "url": "https://example.com/paris",
    ///              "title": "Paris", "start_index": 0, "end_index": 5}
    ///         ]}
    ///     ]}]
    /// }))?;
    /// let urls: Vec<_> = response.url_citations().map(|c| c.url.as_str()).collect();
    /// assert_eq!(urls, ["https://example.com/paris"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn url_citations(&self) -> impl Iterator<Item = &UrlCitation> + '_ {
        self.annotations().filter_map(|a| match a {
            Annotation::UrlCitation(c) => Some(c),
            _ => None,
        })
    }

    /// The file citations of the output text (its `file_citation`
    /// annotations: the files an answer drew on), message by message and
    /// part by part, in order; a file cited twice comes twice.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
    ///         {"type": "output_text", "text": "Revenue grew 12%.", "annotations": [
    ///             {"type": "file_citation", "file_id": "file-abc123",
    ///              "filename": "report.pdf", "index": 16}
    ///         ]}
    ///     ]}]
    /// }))?;
    /// let files: Vec<_> = response.file_citations().map(|c| c.filename.as_deref()).collect();
    /// assert_eq!(files, [Some("report.pdf")]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn file_citations(&self) -> impl Iterator<Item = &FileCitation> + '_ {
        self.annotations().filter_map(|a| match a {
            Annotation::FileCitation(c) => Some(c),
            _ => None,
        })
    }

    /// Every annotation of the output text, in order.
    fn annotations(&self) -> impl Iterator<Item = &Annotation> + '_ {
        self.messages()
            .flat_map(|m| &m.content)
            .filter_map(|part| match part {
                OutputContent::OutputText(t) => Some(&t.annotations),
                _ => None,
            })
            .flatten()
    }

    /// The reasoning items among the output items, in order.
    pub fn reasoning_items(&self) -> ReasoningItems<'_> {
        ReasoningItems {
            items: self.output.iter(),
        }
    }

    /// Joins the reasoning summaries of every reasoning item, one part per
    /// line; `""` when there is none. Both the object parts of the spec
    /// (`{"type": "summary_text", "text": …}`) and plain strings count.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "reasoning", "id": "rs_1", "summary": [
    ///         {"type": "summary_text", "text": "First step."},
    ///         "Second step."
    ///     ]}]
    /// }))?;
    /// assert_eq!(response.reasoning_summary_text(), "First step.\nSecond step.");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn reasoning_summary_text(&self) -> String {
        let parts: Vec<&str> = self
            .reasoning_items()
            .flat_map(|r| r.summary.iter().filter_map(ReasoningSummary::text))
            .collect();
        parts.join("\n")
    }

    /// Joins the refusal parts of every message; `None` when the model did
    /// not refuse.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
    ///         {"type": "refusal", "refusal": "I can't help with that."}
    ///     ]}]
    /// }))?;
    /// assert_eq!(response.refusal().as_deref(), Some("I can't help with that."));
    /// assert_eq!(response.output_text(), "");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn refusal(&self) -> Option<String> {
        let mut found = None::<String>;
        for message in self.messages() {
            for part in &message.content {
                if let OutputContent::Refusal(r) = part {
                    found.get_or_insert_with(String::new).push_str(&r.refusal);
                }
            }
        }
        found
    }

    /// The output items as input items for the next turn of a conversation:
    /// messages, reasoning (with its `encrypted_content` and `signature`),
    /// function calls and every other item, unchanged but for one form input
    /// does not take: reasoning summary parts sent as plain strings become
    /// `summary_text` parts.
    ///
    /// Append the results of the function calls
    /// (`function_call_output` items) after them.
    ///
    /// ```
    /// # use openrouter_responses::Response;
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [
    ///         {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA"},
    ///         {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"}
    ///     ]
    /// }))?;
    /// let items = response.to_input_items();
    /// assert_eq!(items.len(), 2);
    /// let echoed = serde_json::to_value(&items)?;
    /// assert_eq!(echoed[0]["encrypted_content"], "gAAA");
    /// assert_eq!(echoed[1]["call_id"], "call_1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn to_input_items(&self) -> Vec<InputItem> {
        self.output.iter().cloned().map(InputItem::from).collect()
    }

    /// The output items as input items for the next turn, as
    /// [`to_input_items`](Response::to_input_items) gives them, moved out of
    /// the response instead of copied: a long output (generated images,
    /// long reasoning) is not held twice. Read what else the program needs
    /// from the response (its text, its function calls) first.
    ///
    /// ```
    /// # use openrouter_responses::{InputItem, Response};
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant",
    ///                 "content": [{"type": "output_text", "text": "Hi, Ada."}]}]
    /// }))?;
    /// let mut history = vec![InputItem::user("My name is Ada.")];
    /// println!("{}", response.output_text());
    /// history.extend(response.into_input_items());
    /// history.push(InputItem::user("What is my name?"));
    /// assert_eq!(serde_json::to_value(&history)?[1]["id"], "msg_1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_input_items(self) -> Vec<InputItem> {
        self.output.into_iter().map(InputItem::from).collect()
    }

    /// `Ok(self)`, unless the status is `failed`: then the response's error
    /// as [`Error::Api`], read as a stream reports its `response.failed`
    /// event: code, message, error type, and the members of `error` not
    /// modelled (in [`ApiError::metadata`] and [`ApiError::body`] when the
    /// server sent them); its [`origin`](crate::ApiError::origin) is
    /// [`ErrorOrigin::Response`](crate::ErrorOrigin::Response), as the error came
    /// inside a successful answer whose status (that of
    /// [`http`](Response::http), 200 when unknown) says nothing about it.
    ///
    /// [`Client::send`](crate::Client::send) and
    /// [`ResponseStream::final_response`](crate::stream::ResponseStream::final_response)
    /// return a failed response as `Ok`; this turns it into an error:
    /// `client.send(&request)?.into_result()?`. A response that is
    /// `incomplete` (cut short by `max_output_tokens`, say) stays `Ok`: see
    /// [`incomplete_details`](Response::incomplete_details); a function
    /// call it cut off is not among its
    /// [`function_calls`](Response::function_calls). To keep the
    /// failed response, read [`is_failed`](Response::is_failed) and
    /// [`error`](Response::error) instead.
    ///
    /// ```
    /// # use openrouter_responses::{Error, Response};
    /// let response: Response = serde_json::from_value(serde_json::json!({
    ///     "id": "resp_1", "status": "failed",
    ///     "error": {"code": "server_error", "message": "The provider failed."}
    /// }))?;
    /// let err = response.into_result().unwrap_err();
    /// let api = err.api_error().unwrap();
    /// assert_eq!(api.message, "The provider failed.");
    /// assert!(err.is_retryable());
    /// assert_eq!(err.to_string(), "api error in response (server_error): The provider failed.");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the status is `failed`.
    pub fn into_result(self) -> Result<Response> {
        if self.is_failed() {
            return Err(ApiError::from_failed_response(&self).into());
        }
        Ok(self)
    }

    /// Whether the status is `completed`.
    pub fn is_completed(&self) -> bool {
        self.status == Some(ResponseStatus::Completed)
    }

    /// Whether the status is `incomplete` (see
    /// [`incomplete_details`](Response::incomplete_details) for why).
    pub fn is_incomplete(&self) -> bool {
        self.status == Some(ResponseStatus::Incomplete)
    }

    /// Whether the status is `failed` (see [`error`](Response::error) and
    /// [`error_type`](Response::error_type)).
    pub fn is_failed(&self) -> bool {
        self.status == Some(ResponseStatus::Failed)
    }

    /// Whether the response has finished: completed, incomplete, failed or
    /// cancelled.
    pub fn is_terminal(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(ResponseStatus::is_terminal)
    }
}

/// The iterator of [`Response::function_calls`].
#[derive(Clone, Debug)]
pub struct FunctionCalls<'a> {
    items: std::slice::Iter<'a, OutputItem>,
}

impl<'a> Iterator for FunctionCalls<'a> {
    type Item = &'a FunctionCall;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.by_ref().find_map(runnable_call)
    }
}

impl DoubleEndedIterator for FunctionCalls<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.items.by_ref().rev().find_map(runnable_call)
    }
}

/// The function call `item` is, unless it was cut off.
fn runnable_call(item: &OutputItem) -> Option<&FunctionCall> {
    item.as_function_call().filter(|c| !c.is_incomplete())
}

impl FusedIterator for FunctionCalls<'_> {}

/// The iterator of [`Response::messages`].
#[derive(Clone, Debug)]
pub struct Messages<'a> {
    items: std::slice::Iter<'a, OutputItem>,
}

impl<'a> Iterator for Messages<'a> {
    type Item = &'a OutputMessage;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.by_ref().find_map(OutputItem::as_message)
    }
}

impl DoubleEndedIterator for Messages<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.items.by_ref().rev().find_map(OutputItem::as_message)
    }
}

impl FusedIterator for Messages<'_> {}

/// The iterator of [`Response::reasoning_items`].
#[derive(Clone, Debug)]
pub struct ReasoningItems<'a> {
    items: std::slice::Iter<'a, OutputItem>,
}

impl<'a> Iterator for ReasoningItems<'a> {
    type Item = &'a ReasoningItem;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.by_ref().find_map(OutputItem::as_reasoning)
    }
}

impl DoubleEndedIterator for ReasoningItems<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.items.by_ref().rev().find_map(OutputItem::as_reasoning)
    }
}

impl FusedIterator for ReasoningItems<'_> {}

open_enum! {
    /// The lifecycle status of a response.
    pub enum ResponseStatus {
        /// Finished normally.
        Completed = "completed",
        /// Stopped early (see [`IncompleteDetails`]).
        Incomplete = "incomplete",
        /// Still being generated.
        InProgress = "in_progress",
        /// Failed (see [`ResponseError`]).
        Failed = "failed",
        /// Cancelled.
        Cancelled = "cancelled",
        /// Waiting to start.
        Queued = "queued",
    }
}

impl ResponseStatus {
    /// Whether no more output will come: completed, incomplete, failed or
    /// cancelled.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            ResponseStatus::Completed
                | ResponseStatus::Incomplete
                | ResponseStatus::Failed
                | ResponseStatus::Cancelled
        )
    }
}

/// The error of a failed response (`ResponsesErrorField`).
///
/// Decoding never fails on the error object: a `code` or `message` of an
/// unexpected JSON type (a number code, say) stays in
/// [`extra`](ResponseError::extra) under its own key and is written back as
/// it came.
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ResponseError {
    /// The Responses error code.
    pub code: Option<ResponseErrorCode>,
    /// A human-readable message.
    pub message: String,
    /// Fields not modelled here, kept as sent.
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ResponseError { code, message, extra });

impl<'de> Deserialize<'de> for ResponseError {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let mut extra = Map::<String, Value>::deserialize(deserializer)?;
        let code = match crate::members::take(&mut extra, "code") {
            Some(Value::String(s)) => Some(ResponseErrorCode::from(s.as_str())),
            Some(Value::Null) | None => None,
            Some(other) => {
                extra.insert("code".into(), other);
                None
            }
        };
        let message = match crate::members::take(&mut extra, "message") {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => String::new(),
            Some(other) => {
                extra.insert("message".into(), other);
                String::new()
            }
        };
        Ok(ResponseError {
            code,
            message,
            extra,
        })
    }
}

impl Serialize for ResponseError {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(code) = &self.code {
            map.serialize_entry("code", code)?;
        }
        if !self.extra.contains_key("message") {
            map.serialize_entry("message", &self.message)?;
        }
        for (k, v) in &self.extra {
            if k == "code" && self.code.is_some() {
                continue;
            }
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) if self.message.is_empty() => write!(f, "{code}"),
            Some(code) => write!(f, "{code}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

open_enum! {
    /// The code of a [`ResponseError`]. The server maps its internal errors
    /// onto these few codes; [`ErrorType`] is the precise category.
    pub enum ResponseErrorCode {
        /// A server-side failure (also used for most upstream failures).
        ServerError = "server_error",
        /// A rate limit was hit.
        RateLimitExceeded = "rate_limit_exceeded",
        /// The prompt was rejected (too long, malformed, …).
        InvalidPrompt = "invalid_prompt",
        /// A vector store lookup timed out.
        VectorStoreTimeout = "vector_store_timeout",
        /// An image was invalid.
        InvalidImage = "invalid_image",
        /// An image had an invalid format.
        InvalidImageFormat = "invalid_image_format",
        /// An image was invalid base64.
        InvalidBase64Image = "invalid_base64_image",
        /// An image URL was invalid.
        InvalidImageUrl = "invalid_image_url",
        /// An image was too large.
        ImageTooLarge = "image_too_large",
        /// An image was too small.
        ImageTooSmall = "image_too_small",
        /// An image could not be parsed.
        ImageParseError = "image_parse_error",
        /// An image broke the content policy.
        ImageContentPolicyViolation = "image_content_policy_violation",
        /// An image had an invalid mode.
        InvalidImageMode = "invalid_image_mode",
        /// An image file was too large.
        ImageFileTooLarge = "image_file_too_large",
        /// An image had an unsupported media type.
        UnsupportedImageMediaType = "unsupported_image_media_type",
        /// An image file was empty.
        EmptyImageFile = "empty_image_file",
        /// An image could not be downloaded.
        FailedToDownloadImage = "failed_to_download_image",
        /// An image file was not found.
        ImageFileNotFound = "image_file_not_found",
        /// The biology policy was triggered.
        BioPolicy = "bio_policy",
        /// The data residency requirements could not be met.
        DataResidencyMismatch = "data_residency_mismatch",
        /// The cyber-security policy was triggered.
        CyberPolicy = "cyber_policy",
        /// The request was refused under the misalignment policy.
        MisalignmentPolicyViolation = "misalignment_policy_violation",
    }
}

open_enum! {
    /// The precise error category of a failed response (`ApiErrorType`),
    /// stable across OpenRouter's APIs.
    pub enum ErrorType {
        /// The context length was exceeded.
        ContextLengthExceeded = "context_length_exceeded",
        /// The token limit of the output was exceeded.
        MaxTokensExceeded = "max_tokens_exceeded",
        /// A token limit was exceeded.
        TokenLimitExceeded = "token_limit_exceeded",
        /// A string was too long.
        StringTooLong = "string_too_long",
        /// Authentication failed.
        Authentication = "authentication",
        /// Permission was denied.
        PermissionDenied = "permission_denied",
        /// Payment is required (out of credits).
        PaymentRequired = "payment_required",
        /// A rate limit was hit.
        RateLimitExceeded = "rate_limit_exceeded",
        /// The provider is overloaded.
        ProviderOverloaded = "provider_overloaded",
        /// The provider is unavailable.
        ProviderUnavailable = "provider_unavailable",
        /// The request was invalid.
        InvalidRequest = "invalid_request",
        /// The prompt was invalid.
        InvalidPrompt = "invalid_prompt",
        /// Something was not found.
        NotFound = "not_found",
        /// A precondition failed.
        PreconditionFailed = "precondition_failed",
        /// The payload was too large.
        PayloadTooLarge = "payload_too_large",
        /// The request could not be processed.
        Unprocessable = "unprocessable",
        /// The content policy was violated.
        ContentPolicyViolation = "content_policy_violation",
        /// The model refused.
        Refusal = "refusal",
        /// An image was invalid.
        InvalidImage = "invalid_image",
        /// An image was too large.
        ImageTooLarge = "image_too_large",
        /// An image was too small.
        ImageTooSmall = "image_too_small",
        /// An image format is not supported.
        UnsupportedImageFormat = "unsupported_image_format",
        /// An image was not found.
        ImageNotFound = "image_not_found",
        /// An image could not be downloaded.
        ImageDownloadFailed = "image_download_failed",
        /// A server error.
        Server = "server",
        /// A timeout.
        Timeout = "timeout",
        /// An error without a mapping.
        Unmapped = "unmapped",
    }
}

/// Why a response is incomplete.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IncompleteDetails {
    /// The reason, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<IncompleteReason>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct IncompleteDetails { reason, extra });

open_enum! {
    /// The reason in [`IncompleteDetails`].
    pub enum IncompleteReason {
        /// The output token limit was reached.
        MaxOutputTokens = "max_output_tokens",
        /// A content filter stopped the output.
        ContentFilter = "content_filter",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn open_enum_keeps_unknown_values() {
        let s: ResponseStatus = serde_json::from_value(json!("paused")).unwrap();
        assert_eq!(s, ResponseStatus::Other("paused".into()));
        assert_eq!(serde_json::to_value(&s).unwrap(), json!("paused"));
        let s: ResponseStatus = serde_json::from_value(json!("in_progress")).unwrap();
        assert_eq!(s, ResponseStatus::InProgress);
        assert_eq!(s.as_str(), "in_progress");
        assert_eq!(ResponseStatus::from("queued"), ResponseStatus::Queued);
        assert!(!ResponseStatus::Queued.is_terminal());
        assert!(ResponseStatus::Cancelled.is_terminal());
    }

    #[test]
    fn created_event_shape_decodes() {
        let r: Response = serde_json::from_value(
            json!({"id": "resp_1", "object": "response", "status": "in_progress"}),
        )
        .unwrap();
        assert_eq!(r.status, Some(ResponseStatus::InProgress));
        assert!(r.output.is_empty() && r.usage.is_none() && !r.is_terminal());
    }

    #[test]
    fn parse_output_error_keeps_text() {
        let r: Response = serde_json::from_value(json!({"id": "r", "output": [
            {"type": "message", "id": "m", "role": "assistant",
             "content": [{"type": "output_text", "text": "not json"}]}]}))
        .unwrap();
        let err = r.parse_output::<Value>().unwrap_err();
        match err {
            Error::Decode(d) => {
                assert_eq!(d.what, DecodeTarget::OutputText);
                assert_eq!(d.body, "not json");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn response_error_with_odd_types_is_kept() {
        let raw = json!({"code": 502, "message": "upstream", "param": null});
        let e: ResponseError = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(e.code, None);
        assert_eq!(e.message, "upstream");
        assert_eq!(e.extra.get("code"), Some(&json!(502)));
        assert_eq!(serde_json::to_value(&e).unwrap(), raw);

        let raw = json!({"code": "server_error", "message": {"text": "nested"}});
        let e: ResponseError = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(e.code, Some(ResponseErrorCode::ServerError));
        assert_eq!(e.message, "");
        assert_eq!(serde_json::to_value(&e).unwrap(), raw);
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(text.matches("\"message\"").count(), 1, "{text}");

        let r: Response = serde_json::from_value(json!({"id": "r", "status": "failed",
            "error": {"code": 429, "message": "slow down"}}))
        .unwrap();
        assert_eq!(r.error.map(|e| e.message), Some("slow down".to_string()));
    }

    #[test]
    fn policy_error_codes_have_their_wire_names() {
        for (wire, code) in [
            ("cyber_policy", ResponseErrorCode::CyberPolicy),
            (
                "misalignment_policy_violation",
                ResponseErrorCode::MisalignmentPolicyViolation,
            ),
        ] {
            let e: ResponseError =
                serde_json::from_value(json!({"code": wire, "message": "refused"})).unwrap();
            assert_eq!(e.code.as_ref(), Some(&code));
            assert_eq!(code.as_str(), wire);
            assert_eq!(serde_json::to_value(&code).unwrap(), json!(wire));
        }
    }

    #[test]
    fn response_error_display() {
        let e: ResponseError =
            serde_json::from_value(json!({"code": "server_error", "message": "boom"})).unwrap();
        assert_eq!(e.to_string(), "server_error: boom");
    }
}

#[cfg(test)]
mod image_bytes_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generated_images_decode_from_base64_and_say_where_they_are_not() {
        let call = |result: Value| -> ImageGenerationCall {
            serde_json::from_value(json!({"id": "ig", "result": result})).unwrap()
        };
        assert_eq!(
            call(json!("AAEC")).image_bytes().unwrap().unwrap(),
            [0, 1, 2]
        );
        let url = call(json!("data:image/png;base64,AAEC"));
        assert_eq!(url.image_bytes().unwrap().unwrap(), [0, 1, 2]);
        assert!(call(json!("https://example.com/a.png"))
            .image_bytes()
            .is_none());
        assert!(call(Value::Null).image_bytes().is_none());
        match call(json!("AA*C")).image_bytes() {
            Some(Err(Error::Decode(d))) => {
                assert_eq!(d.what, DecodeTarget::Base64);
                assert_eq!(d.body, "AA*C");
                assert_eq!(d.source.to_string(), "invalid base64 at byte 2");
                assert_eq!(Error::Decode(d).to_string(), "failed to decode base64 data");
            }
            other => panic!("{other:?}"),
        }

        let server = |v: Value| -> ImageGenerationServerItem { serde_json::from_value(v).unwrap() };
        let both = server(json!({"imageB64": "AAEC", "result": "https://example.com/a.png"}));
        assert_eq!(both.image_bytes().unwrap().unwrap(), [0, 1, 2]);
        let result = server(json!({"result": "AAE="}));
        assert_eq!(result.image_bytes().unwrap().unwrap(), [0, 1]);
        let linked = server(
            json!({"imageUrl": "https://example.com/a.png", "result": "https://example.com/a.png"}),
        );
        assert!(linked.image_bytes().is_none());
    }
}

#[cfg(test)]
mod incomplete_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_output_refuses_an_answer_cut_short_even_when_its_part_parses() {
        let cut = |text: &str, details: Value| -> Response {
            serde_json::from_value(json!({"id": "r", "status": "incomplete",
                "incomplete_details": details,
                "output": [{"type": "message", "id": "m", "role": "assistant",
                            "content": [{"type": "output_text", "text": text}]}]}))
            .unwrap()
        };
        // "123" cut after two digits parses as a (wrong) number.
        let err = cut("12", json!({"reason": "max_output_tokens"}))
            .parse_output::<u64>()
            .unwrap_err();
        let Error::Incomplete(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.reason, Some(IncompleteReason::MaxOutputTokens));
        assert_eq!(e.text, "12");
        assert_eq!(
            err.to_string(),
            "the answer was cut short: max_output_tokens"
        );
        assert!(!err.is_retryable());
        let err = cut("{\"name\":\"Lis", Value::Null)
            .parse_output::<Value>()
            .unwrap_err();
        let Error::Incomplete(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (e.reason.as_ref(), e.text.as_str()),
            (None, "{\"name\":\"Lis")
        );
        assert_eq!(err.to_string(), "the answer was cut short");
        // A whole answer still parses.
        let whole: Response = serde_json::from_value(json!({"id": "r", "status": "completed",
            "output": [{"type": "message", "id": "m", "role": "assistant",
                        "content": [{"type": "output_text", "text": "12"}]}]}))
        .unwrap();
        assert_eq!(whole.parse_output::<u64>().unwrap(), 12);
        // A refusal cut by a content filter is the refusal.
        let refused: Response = serde_json::from_value(json!({"id": "r", "status": "incomplete",
            "incomplete_details": {"reason": "content_filter"},
            "output": [{"type": "message", "id": "m", "role": "assistant",
                        "content": [{"type": "refusal", "refusal": "No."}]}]}))
        .unwrap();
        assert!(
            matches!(refused.parse_output::<Value>(), Err(Error::Refusal(r)) if r.text() == "No.")
        );
    }
}

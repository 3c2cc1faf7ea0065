//! The request model: everything `POST /responses` accepts (`ResponsesRequest`).
//!
//! Build a [`Request`] with [`Request::builder()`]. Every field is optional and
//! omitted from the JSON body when unset; names on the wire are snake_case and
//! equal the Rust setter names.
//!
//! ```
//! use openrouter_responses::request::{InputContent, Reasoning, ReasoningEffort, Tool};
//! use openrouter_responses::{InputItem, Request};
//! use serde_json::json;
//!
//! let request = Request::builder()
//!     .model("openai/gpt-4o-mini")
//!     .instructions("Answer briefly.")
//!     .input_item(InputItem::user(vec![
//!         InputContent::text("What is in this picture?"),
//!         InputContent::image_url("https://example.com/cat.png"),
//!     ]))
//!     .tool(Tool::function("get_weather", "Current weather", json!({"type": "object"})))
//!     .reasoning(Reasoning::new().effort(ReasoningEffort::Low))
//!     .temperature(0.2)
//!     .build();
//!
//! let body = serde_json::to_value(&request)?;
//! assert_eq!(body["input"][0]["role"], "user");
//! assert_eq!(body["tools"][0]["parameters"], json!({"type": "object"}));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! String enums are open: each has an `Other(String)` variant that carries a
//! value this version does not know, and every tagged union (items, content
//! parts, tools, plugins, text formats, ...) keeps as raw JSON, in its
//! `Unknown` variant, a shape it does not know or does not hold whole (a
//! member its type does not model): decoded on its own as inside a request,
//! it is written back as it came. (A struct decoded on its own, such as a
//! [`FunctionTool`] rather than the [`Tool`] that holds it, has no such
//! variant and drops a member it does not model, as does an untagged union
//! without one, such as [`ProviderSort`].)
//!
//! # Getters
//!
//! A request read from JSON (received, logged, or to be replayed) reads
//! back to the bottom: every request type has a `&self` getter for each of
//! its fields. (A top-level field whose value holds a member this version
//! does not model is kept whole as raw JSON, in [`Request::extra`], and its
//! typed getter is `None`: nothing is lost, and the builder's setters that
//! add one element or member add it to that JSON. Where a tagged union
//! holds that member (an element of a list of items, tools, plugins or
//! stop conditions, a content part, the tool choice, a text format), only
//! that union is kept raw, in its `Unknown` variant, and the field stays
//! typed.) One rule names them, the standard library's for types with
//! setters (`std::process::Command` has the setter `arg` and the getter
//! `get_args`):
//!
//! - a getter is named after the wire field it reads:
//!   [`Request::temperature`], [`InputImage::image_url`],
//!   [`FunctionTool::name`], [`FunctionCallOutput::call_id`];
//! - when a by-value setter of the same type already holds that name, the
//!   getter is `get_<wire field>`: [`Reasoning::effort`] sets and
//!   [`Reasoning::get_effort`] reads; likewise [`InputImage::detail`] and
//!   [`InputImage::get_detail`], [`InputFile::file_id`] and
//!   [`InputFile::get_file_id`], [`FunctionTool::description`] and
//!   [`FunctionTool::get_description`].
//!
//! Getters lend what they read: `Option<&str>` for text, `Option<&[T]>` or
//! `&[T]` for a list, `Option<&T>` or `&T` for the rest, and a copy of a
//! number or switch. An optional field that is unset, or was `null` in the
//! JSON read, is `None`. A few members are read under another name: a
//! `type` member (a Rust keyword) by `kind()` ([`CacheControl::kind`],
//! [`UserLocation::kind`], [`AutoContainer::kind`]), by `op()` on the
//! file-search filters ([`ComparisonFilter::op`], [`CompoundFilter::op`])
//! and by [`ServerTool::tool_type`]; the members not modelled, kept in a
//! flattened map, by `extra()` ([`Request::extra`], [`Trace::extra`]) or
//! `get_extra()` where `extra(key, value)` is the setter
//! ([`BashConfig::get_extra`]); and a member nested in an object of its
//! own by the getter of its setter's name
//! ([`FileParserPlugin::get_pdf_engine`] reads `pdf.engine`,
//! [`AgentMessage::get_agent`] reads `agent.agent_name`).
//!
//! ```
//! use openrouter_responses::request::{Plugin, ProviderSort, SortBy, Tool};
//! use openrouter_responses::Request;
//!
//! let request: Request = serde_json::from_str(r#"{
//!     "provider": {"sort": "price", "only": ["openai"]},
//!     "tools": [{"type": "openrouter:web_search", "parameters": {"max_results": 3}}],
//!     "plugins": [{"id": "file-parser", "pdf": {"engine": "native"}}]
//! }"#)?;
//! let provider = request.provider().expect("set");
//! assert_eq!(provider.get_sort(), Some(&ProviderSort::By(SortBy::Price)));
//! assert_eq!(provider.get_only(), Some(&["openai".to_owned()][..]));
//! let Some([Tool::OpenRouterWebSearch(search)]) = request.tools() else { panic!() };
//! assert_eq!(search.parameters().and_then(|p| p.get_max_results()), Some(3));
//! let Some([Plugin::FileParser(parser)]) = request.plugins() else { panic!() };
//! assert_eq!(parser.get_pdf_engine().map(|e| e.as_str()), Some("native"));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! ```
//! use openrouter_responses::request::{ImageDetail, InputContent, InputImage};
//!
//! let image = InputImage::new("https://example.com/a.png").detail(ImageDetail::Low);
//! assert_eq!(image.image_url(), Some("https://example.com/a.png"));
//! assert_eq!(image.get_detail(), &ImageDetail::Low);
//!
//! let part: InputContent = serde_json::from_str(
//!     r#"{"type":"input_file","file_id":"file_1","filename":"a.pdf"}"#,
//! )?;
//! let InputContent::File(file) = &part else { panic!("{part:?}") };
//! assert_eq!(file.get_file_id(), Some("file_1"));
//! assert_eq!(file.get_filename(), Some("a.pdf"));
//! assert_eq!(file.get_file_url(), None);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Setters
//!
//! The types built by value ([`Reasoning`], [`Provider`], [`FunctionTool`],
//! [`InputMessage`], the `*Config` types, ...) have consuming setters that
//! return the changed value, and are `#[must_use]`: a setter's result that is
//! dropped, as in `reasoning.effort(ReasoningEffort::High);`, is a warning.
//!
//! ```compile_fail
//! #![deny(unused_must_use)]
//! use openrouter_responses::request::{Reasoning, ReasoningEffort};
//! let reasoning = Reasoning::new();
//! reasoning.effort(ReasoningEffort::High); // the result is dropped
//! ```

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Adds consuming setters for `Option` fields of a request struct: each takes
/// the inner value and stores `Some(value.into())`.
macro_rules! opt_setters {
    () => {};
    // `extra;` first: the type keeps members it does not model in a
    // flattened `extra` map, and each setter drops a member of its name
    // there, so that the JSON does not name it twice.
    ( extra; ) => {};
    ( extra; $(#[$meta:meta])* $field:ident : u64; $($rest:tt)* ) => {
        $(#[$meta])*
        pub fn $field(mut self, value: u64) -> Self {
            crate::members::take(&mut self.extra, stringify!($field));
            self.$field = Some(value);
            self
        }
        opt_setters! { extra; $($rest)* }
    };
    ( extra; $(#[$meta:meta])* $field:ident : $ty:ty; $($rest:tt)* ) => {
        $(#[$meta])*
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            crate::members::take(&mut self.extra, stringify!($field));
            self.$field = Some(value.into());
            self
        }
        opt_setters! { extra; $($rest)* }
    };
    // Integers are taken as they are: `impl Into<u64>` would reject a bare
    // literal such as `200`, which defaults to `i32`.
    ( $(#[$meta:meta])* $field:ident : u64; $($rest:tt)* ) => {
        $(#[$meta])*
        pub fn $field(mut self, value: u64) -> Self {
            self.$field = Some(value);
            self
        }
        opt_setters! { $($rest)* }
    };
    ( $(#[$meta:meta])* $field:ident : $ty:ty; $($rest:tt)* ) => {
        $(#[$meta])*
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
        opt_setters! { $($rest)* }
    };
}

/// Adds consuming setters for `Option<Vec<String>>` fields: each replaces the
/// list with the given strings.
macro_rules! list_setters {
    // `extra;` first: as for `opt_setters!`, each setter drops a member of
    // its name from the type's flattened `extra` map.
    ( extra; $( $(#[$meta:meta])* $field:ident; )+ ) => {
        $(
            $(#[$meta])*
            pub fn $field<I, S>(mut self, values: I) -> Self
            where
                I: IntoIterator<Item = S>,
                S: Into<String>,
            {
                crate::members::take(&mut self.extra, stringify!($field));
                self.$field = Some(values.into_iter().map(Into::into).collect());
                self
            }
        )+
    };
    ( $( $(#[$meta:meta])* $field:ident; )+ ) => {
        $(
            $(#[$meta])*
            pub fn $field<I, S>(mut self, values: I) -> Self
            where
                I: IntoIterator<Item = S>,
                S: Into<String>,
            {
                self.$field = Some(values.into_iter().map(Into::into).collect());
                self
            }
        )+
    };
}

/// Adds `&self` getters, each with its doc, as `getter = field: kind Type;`.
/// The kind says how the field is lent: for an `Option` field, `text`
/// (`Option<String>` as `Option<&str>`), `list` (`Option<Vec<T>>` as
/// `Option<&[T]>`), `opt` (`Option<T>` as `Option<&T>`) or `copy` (a `Copy`
/// `T`, copied); for a required one, `req_str` (`&str`), `req_slice`
/// (`&[T]`), `req_ref` (`&T`) or `req_copy` (`T`).
macro_rules! getters {
    (@one [$($doc:tt)*] text $name:ident $field:ident) => {
        $($doc)*
        pub fn $name(&self) -> Option<&str> {
            self.$field.as_deref()
        }
    };
    (@one [$($doc:tt)*] list $name:ident $field:ident $ty:ty) => {
        $($doc)*
        pub fn $name(&self) -> Option<&[$ty]> {
            self.$field.as_deref()
        }
    };
    (@one [$($doc:tt)*] opt $name:ident $field:ident $ty:ty) => {
        $($doc)*
        pub fn $name(&self) -> Option<&$ty> {
            self.$field.as_ref()
        }
    };
    (@one [$($doc:tt)*] copy $name:ident $field:ident $ty:ty) => {
        $($doc)*
        pub fn $name(&self) -> Option<$ty> {
            self.$field
        }
    };
    (@one [$($doc:tt)*] req_str $name:ident $field:ident) => {
        $($doc)*
        pub fn $name(&self) -> &str {
            &self.$field
        }
    };
    (@one [$($doc:tt)*] req_slice $name:ident $field:ident $ty:ty) => {
        $($doc)*
        pub fn $name(&self) -> &[$ty] {
            &self.$field
        }
    };
    (@one [$($doc:tt)*] req_ref $name:ident $field:ident $ty:ty) => {
        $($doc)*
        pub fn $name(&self) -> &$ty {
            &self.$field
        }
    };
    (@one [$($doc:tt)*] req_copy $name:ident $field:ident $ty:ty) => {
        $($doc)*
        pub fn $name(&self) -> $ty {
            self.$field
        }
    };
    ( $( $(#[$meta:meta])* $name:ident = $field:ident : $kind:ident $($ty:ty)? ; )* ) => {
        $( getters!(@one [$(#[$meta])*] $kind $name $field $($ty)?); )*
    };
}

/// `Deserialize` for a union that never fails to decode: any JSON value is
/// read and handed to `$read` (the type's `From<Value>` by default), which
/// keeps what it does not know.
macro_rules! deserialize_from_value {
    ($name:ident) => {
        deserialize_from_value!($name, $name::from);
    };
    ($name:ident, $read:path) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <serde_json::Value as serde::Deserialize>::deserialize(d).map($read)
            }
        }
    };
}

mod agent_items;
mod input;
mod misc;
mod plugins;
mod provider;
mod text;
mod tools;

/// The `phase` of an assistant message (`commentary` or `final_answer`):
/// one type for requests and responses, so that a phase read from a
/// response is sent back as it is. Models such as `gpt-5.3-codex` and later
/// expect it to be resent on every assistant message.
#[doc(inline)]
pub use crate::response::MessagePhase;
pub use agent_items::{
    AdditionalTools, AdditionalToolsRole, AgentContent, AgentMessage, Compaction,
    ConfigurationUpdate, ContextCompaction, LocalShellAction, LocalShellCall, LocalShellCallOutput,
    McpApprovalRequest, McpCall, McpCallError, McpListTools, McpToolInfo,
};
pub use input::{
    ApplyPatchCallOutput, ApplyPatchOutputStatus, AudioFormat, Content, CustomToolCallOutput,
    FunctionCallOutput, ImageDetail, Input, InputAudio, InputContent, InputFile, InputImage,
    InputItem, InputMessage, InputText, InputVideo, ItemReference, McpApprovalResponse, Role,
    ToolCallStatus, VideoProcessing,
};
pub use misc::{
    CacheControl, CacheControlTtl, CacheMode, DebugOptions, Include, Modality, Prompt,
    PromptCacheBreakpoint, PromptCacheOptions, PromptVariable, Route, ServiceTier, StopCondition,
    Trace, Truncation, XSearchFilter,
};
pub use plugins::{
    AutoRouterPlugin, ContextCompressionEngine, ContextCompressionPlugin, CostTier,
    FileParserPlugin, FusionPlugin, ParetoRouterPlugin, PdfEngine, Plugin, PriceSource,
    SwitchyardAlgorithm, SwitchyardRouterPlugin, WebFetchPlugin, WebSearchPlugin,
};
pub use provider::{
    DataCollection, MaxPrice, Percentiles, PerformanceCutoff, Price, Provider, ProviderSort,
    Quantization, SortBy, SortConfig, SortPartition,
};
pub use text::{
    JsonSchemaFormat, Reasoning, ReasoningContext, ReasoningEffort, ReasoningMode,
    ReasoningSummaryVerbosity, TextConfig, TextFormat, Verbosity,
};
pub use tools::{
    AdvisorConfig, AllowedCaller, AllowedTool, AllowedToolsMode, ApplyPatchConfig,
    ApplyPatchEngine, AutoContainer, BashConfig, BashEngine, CodeInterpreterContainer,
    CodeInterpreterTool, ComparisonFilter, ComparisonOp, CompoundFilter, CompoundOp,
    ComputerEnvironment, ComputerUseTool, CustomTool, CustomToolFormat, DatetimeConfig,
    FileSearchFilter, FileSearchTool, FilesConfig, FilterValue, FunctionTool, FusionConfig,
    ImageBackground, ImageGenerationConfig, ImageGenerationTool, ImageMask, ImageModeration,
    ImageOutputFormat, ImageQuality, InputFidelity, McpAllowedTools, McpApprovalMode,
    McpApprovalRules, McpConnector, McpRequireApproval, McpTool, McpToolFilter, MemoryLimit,
    NamespaceFunctionTool, NamespaceMember, NamespaceTool, Ranker, RankingOptions,
    SandboxEnvironment, SearchContextSize, SearchModelsConfig, ServerTool, ServerToolParams,
    ServerToolReasoning, ShellConfig, ShellEngine, SubagentConfig, Tool, ToolChoice,
    ToolSearchConfig, UserLocation, WebFetchConfig, WebFetchEngine, WebSearchConfig,
    WebSearchEngine, WebSearchFilters, WebSearchMode, WebSearchTool,
};

/// The `stream` member a body was read with: kept for [`Request::stream`],
/// and never written, so that it does not survive into the next body:
/// whether a request streams is decided by the client method that sends it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct StreamFlag(Option<bool>);

impl<'de> Deserialize<'de> for StreamFlag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<bool>::deserialize(d).map(StreamFlag)
    }
}

/// A request body for `POST /responses` (the spec's `ResponsesRequest`).
///
/// Built with [`Request::builder()`]; fields are private and every one is
/// optional. It serializes to exactly the JSON the server expects: unset fields
/// are omitted and parameters added with [`RequestBuilder::extra`] are
/// flattened into the top level. Values are written as given, not checked
/// against what the server accepts (an empty `model`, an empty list, a
/// number out of range): the server refuses those. A float that JSON cannot
/// hold (NaN, an infinity) fails serialization rather than being written as
/// `null`, read by the server as unset, and so does a
/// [`Price`] given as such an `f64`:
/// [`Client::send`](crate::Client::send) answers it with
/// [`Error::Config`](crate::Error::Config), nothing sent. `stream` is never part of the value:
/// [`Client::send`](crate::Client::send) omits it and
/// [`Client::stream`](crate::Client::stream) sends `"stream": true`.
///
/// Decoding a body (`serde_json::from_str::<Request>`) accepts everything that
/// serializing writes and loses nothing it reads: unknown top-level keys are
/// kept as extras, and so is a known one whose value holds a member this
/// version does not model (its typed field is then unset), unless a tagged
/// union holds that member (an element of `input`, `tools`, `plugins` or
/// `stop_server_tools_when`, a content part, the `tool_choice`, a `text`
/// format): that union is kept in its `Unknown` variant and the field
/// stays typed. A `stream` key
/// (`true`, `false` or `null`) is read for [`Request::stream`] (a server
/// that relays its callers' requests answers `true` with an event stream)
/// but never written back.
///
/// Writing it back gives the same values, not always the same text: a
/// modelled member that is `null`, at any depth, reads as unset and is left
/// out (an unknown one is kept, `null` and all); a whole number read into a
/// float field is written as a float (`"top_p": 1` as `1.0`); an input
/// message gets its `"type": "message"`; and the members of an object are
/// written in the order of its type's fields, then those it does not
/// model, while inside raw JSON (a schema, a member not modelled) they are
/// written in serde_json's order: sorted by name (a schema's `properties`
/// too, whose order is the order a model writes its answer in) unless the
/// crate's `preserve_order` feature keeps them as they were read.
///
/// ```
/// use openrouter_responses::Request;
/// let body = r#"{"top_p":1,"temperature":null,"x-new":null,"input":[{"role":"user","content":"Hi"}]}"#;
/// let request: Request = serde_json::from_str(body)?;
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"input":[{"type":"message","role":"user","content":"Hi"}],"top_p":1.0,"x-new":null}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
// The fields are listed twice: here and in `RequestFields`, the derived
// decoder; the compiler checks that the two lists agree.
#[derive(Clone, Default, PartialEq, Serialize)]
pub struct Request {
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    models: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<Input>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instructions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<Vec<Tool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_choice: Option<ToolChoice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parallel_tool_calls: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<TextConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasoning: Option<Reasoning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_output_tokens: Option<u64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::temperature"
    )]
    temperature: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::top_p"
    )]
    top_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_k: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_logprobs: Option<u64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::frequency_penalty"
    )]
    frequency_penalty: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::presence_penalty"
    )]
    presence_penalty: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tool_calls: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_server_tools_when: Option<Vec<StopCondition>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modalities: Option<Vec<Modality>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_config: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_cache_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_cache_options: Option<PromptCacheOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cache_control: Option<CacheControl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_response_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt: Option<Prompt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    include: Option<Vec<Include>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    background: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    safety_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_tier: Option<ServiceTier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    truncation: Option<Truncation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Trace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    debug: Option<DebugOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x_search_filter: Option<XSearchFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<Provider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plugins: Option<Vec<Plugin>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    route: Option<Route>,
    #[serde(rename = "stream", default, skip_serializing)]
    stream: StreamFlag,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct Request { model, models, input, instructions, metadata, tools, tool_choice, parallel_tool_calls, text, reasoning, max_output_tokens, temperature, top_p, top_k, top_logprobs, frequency_penalty, presence_penalty, max_tool_calls, stop_server_tools_when, modalities, image_config, prompt_cache_key, prompt_cache_options, cache_control, previous_response_id, prompt, include, background, safety_identifier, store, service_tier, truncation, user, session_id, trace, debug, x_search_filter, provider, plugins, route, stream, extra });

/// The derived decoding of [`Request`]'s fields; [`Request`]'s own
/// `Deserialize` wraps it with the check that nothing read is lost.
#[derive(Deserialize)]
#[serde(remote = "Request")]
struct RequestFields {
    model: Option<String>,
    models: Option<Vec<String>>,
    input: Option<Input>,
    instructions: Option<String>,
    metadata: Option<BTreeMap<String, String>>,
    tools: Option<Vec<Tool>>,
    tool_choice: Option<ToolChoice>,
    parallel_tool_calls: Option<bool>,
    text: Option<TextConfig>,
    reasoning: Option<Reasoning>,
    max_output_tokens: Option<u64>,
    temperature: Option<f64>,
    top_p: Option<f64>,
    top_k: Option<u64>,
    top_logprobs: Option<u64>,
    frequency_penalty: Option<f64>,
    presence_penalty: Option<f64>,
    max_tool_calls: Option<u64>,
    stop_server_tools_when: Option<Vec<StopCondition>>,
    modalities: Option<Vec<Modality>>,
    image_config: Option<Map<String, Value>>,
    prompt_cache_key: Option<String>,
    prompt_cache_options: Option<PromptCacheOptions>,
    cache_control: Option<CacheControl>,
    previous_response_id: Option<String>,
    prompt: Option<Prompt>,
    include: Option<Vec<Include>>,
    background: Option<bool>,
    safety_identifier: Option<String>,
    store: Option<bool>,
    service_tier: Option<ServiceTier>,
    truncation: Option<Truncation>,
    user: Option<String>,
    session_id: Option<String>,
    trace: Option<Trace>,
    debug: Option<DebugOptions>,
    x_search_filter: Option<XSearchFilter>,
    provider: Option<Provider>,
    plugins: Option<Vec<Plugin>>,
    route: Option<Route>,
    #[serde(rename = "stream", default)]
    stream: StreamFlag,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Request {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut value = Value::deserialize(d)?;
        // `input` and `tools`, most of a body, are taken out of the value
        // read (a `null` left in their place, so no member moves) and
        // decoded from it by value: their items and tools are moved into
        // their readers rather than copied, an inline attachment with them.
        let lists = Lists::take(&mut value);
        let mut request = match RequestFields::deserialize(&value) {
            Ok(request) => request,
            Err(first) => {
                // Read again as the body came, for the error it gives.
                lists.put_back(&mut value);
                let whole = RequestFields::deserialize(&value).err().unwrap_or(first);
                return Err(member_error::<D>(&value, whole));
            }
        };
        lists.decode(&mut request);
        // A modelled member that its typed field would not write back in
        // full (a nested member this version does not model) is kept whole
        // as an extra instead, and sent again as it came. The members whose
        // items, tools, plugins and conditions each hold what they read (in
        // their `Unknown` variants when their typed ones would not) are left
        // out: they lose nothing, and `input` is most of a body.
        let held = (
            request.input.take(),
            request.tools.take(),
            request.tool_choice.take(),
            request.plugins.take(),
            request.stop_server_tools_when.take(),
        );
        let written = serde_json::to_value(&request);
        (
            request.input,
            request.tools,
            request.tool_choice,
            request.plugins,
            request.stop_server_tools_when,
        ) = held;
        let (Value::Object(read), Ok(Value::Object(written))) = (&value, written) else {
            return Ok(request);
        };
        for (key, v) in read {
            if request.extra.contains_key(key)
                || matches!(
                    key.as_str(),
                    "stream"
                        | "input"
                        | "tools"
                        | "tool_choice"
                        | "plugins"
                        | "stop_server_tools_when"
                )
            {
                continue;
            }
            let kept = match written.get(key) {
                Some(w) => keeps(v, w),
                None => v.is_null(),
            };
            if !kept {
                request.clear_field(key);
                request.extra.insert(key.clone(), v.clone());
            }
        }
        Ok(request)
    }
}

/// The `input` and `tools` of a request body taken out of the value read,
/// each when it has a shape that always decodes (a string or a list of
/// items; a list of tools): an item and a tool never fail to decode,
/// keeping what their typed variants would not hold as raw JSON.
struct Lists {
    input: Option<Value>,
    tools: Option<Value>,
}

impl Lists {
    /// Takes the members out of `value`, a `null` left in the place of each.
    fn take(value: &mut Value) -> Lists {
        let Value::Object(members) = value else {
            return Lists {
                input: None,
                tools: None,
            };
        };
        let mut take = |key: &str, sure: fn(&Value) -> bool| {
            members
                .get_mut(key)
                .filter(|member| sure(member))
                .map(Value::take)
        };
        Lists {
            input: take("input", |v| matches!(v, Value::String(_) | Value::Array(_))),
            tools: take("tools", Value::is_array),
        }
    }

    /// Puts the members back where they were taken from.
    fn put_back(self, value: &mut Value) {
        for (key, member) in [("input", self.input), ("tools", self.tools)] {
            if let (Some(member), Some(slot)) = (member, value.get_mut(key)) {
                *slot = member;
            }
        }
    }

    /// Decodes the members into `request`, each as its field reads it.
    fn decode(self, request: &mut Request) {
        match self.input {
            Some(Value::String(text)) => request.input = Some(Input::Text(text)),
            Some(Value::Array(items)) => {
                request.input = Some(Input::Items(
                    items.into_iter().map(InputItem::from_value).collect(),
                ));
            }
            _ => {}
        }
        if let Some(Value::Array(tools)) = self.tools {
            request.tools = Some(tools.into_iter().map(Tool::from_value).collect());
        }
    }
}

/// Why a request did not decode, named after the member at fault
/// (`` `temperature`: invalid type: string "hot", expected f64 ``): the first
/// member that fails alone. The decoding error of the whole when none does.
///
/// Generic over the caller's deserializer (whose error it returns) so that it
/// is compiled only where a request is decoded: a plain function would
/// compile the decoding of every request type into the library, used or not
/// (~290 k lines of IR).
fn member_error<'de, D: serde::Deserializer<'de>>(
    value: &Value,
    whole: serde_json::Error,
) -> D::Error {
    use serde::de::Error as _;
    if let Value::Object(members) = value {
        for (key, member) in members {
            let mut one = Map::new();
            one.insert(key.clone(), member.clone());
            if let Err(e) = RequestFields::deserialize(&Value::Object(one)) {
                return D::Error::custom(format_args!("`{key}`: {e}"));
            }
        }
    }
    D::Error::custom(whole)
}

/// Whether `written` holds every member of `read`, at every depth, with the
/// same scalar values (numbers compared as numbers: `1` read into a float
/// field is written `1.0`). What writing adds (`"type": "message"` on a
/// message that had none, an image's default `detail`) does not matter, nor
/// does a `null` member that writing leaves out.
pub(crate) fn keeps(read: &Value, written: &Value) -> bool {
    match (read, written) {
        (Value::Number(r), Value::Number(w)) if r.is_f64() || w.is_f64() => {
            r.as_f64() == w.as_f64()
        }
        (Value::Object(r), Value::Object(w)) => keeps_members(r, w, &[]),
        (Value::Array(r), Value::Array(w)) => {
            r.len() == w.len() && r.iter().zip(w).all(|(a, b)| keeps(a, b))
        }
        (r, w) => r == w,
    }
}

/// [`keeps`] for two objects, the members named in `held` left out.
pub(crate) fn keeps_members(
    read: &Map<String, Value>,
    written: &Map<String, Value>,
    held: &[&str],
) -> bool {
    read.iter().all(|(k, v)| {
        held.contains(&k.as_str())
            || match written.get(k) {
                Some(wv) => keeps(v, wv),
                None => v.is_null(),
            }
    })
}

/// [`keeps`] for an input item written without its `type` and with its
/// member `held` taken out. The item was chosen by its `type`, which its
/// variant writes back as read; the member's typed value holds what it read
/// by itself (content parts and tools check themselves as they are read,
/// keeping in their `Unknown` variants what their typed ones would not), so
/// writing and comparing it again, an inline image's megabyte with it,
/// would only repeat that check.
pub(crate) fn keeps_all_but(read: &Value, written: &Value, held: &str) -> bool {
    match (read, written) {
        (Value::Object(r), Value::Object(w)) => keeps_members(r, w, &["type", held]),
        _ => false,
    }
}

/// `typed`, the reading of `read` as a union's typed variant, when it
/// writes back every member of `read` (see [`keeps`]); `None` when it would
/// drop one (or there is none), so that the union keeps `read` whole in its
/// catch-all variant instead. A union decoded on its own then loses nothing,
/// as it does inside an item or a request.
pub(crate) fn kept<T: Serialize>(read: &Value, typed: Option<T>) -> Option<T> {
    let typed = typed?;
    match serde_json::to_value(&typed) {
        Ok(written) if keeps(read, &written) => Some(typed),
        _ => None,
    }
}

/// The string member `key` of an object: a union's tag.
pub(crate) fn tag<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// Keeps the tools of `tools` that `keep` accepts; one held whole as raw
/// JSON is shown to `keep` as its typed reading (see [`shown_tool`]), and
/// the members of a namespace kept are filtered in turn (see
/// [`retain_members`]).
fn retain_typed(tools: &mut Vec<Tool>, keep: &mut impl FnMut(&Tool) -> bool) {
    tools.retain_mut(|tool| {
        if let Tool::Unknown(json) = tool {
            return retain_raw_tool(json, keep);
        }
        if !keep(tool) {
            return false;
        }
        match tool {
            Tool::Namespace(namespace) => retain_members(namespace.tools_mut(), keep),
            _ => true,
        }
    });
}

/// Keeps the tools of a raw `tools` list that `keep` accepts, each shown
/// to it typed when it can be.
fn retain_raw(tools: &mut Vec<Value>, keep: &mut impl FnMut(&Tool) -> bool) {
    tools.retain_mut(|json| retain_raw_tool(json, keep));
}

/// Filters the members of a namespace `keep` accepted, each shown to it as
/// the tool of its type; whether the namespace stays: not when the filter
/// refused every member it had (an empty group would be left), yes when it
/// came empty.
fn retain_members(
    members: &mut Vec<NamespaceMember>,
    keep: &mut impl FnMut(&Tool) -> bool,
) -> bool {
    let before = members.len();
    members.retain_mut(|member| match member {
        NamespaceMember::Unknown(json) => retain_raw_tool(json, keep),
        typed => typed.as_tool().is_none_or(|shown| keep(&shown)),
    });
    before == 0 || !members.is_empty()
}

/// Whether a tool held as raw JSON stays: `keep` accepts its typed reading
/// (or the raw value when it has none), and, for a namespace, the filter
/// leaves a member of it when it had one. The members of a namespace kept
/// are filtered in place.
fn retain_raw_tool(json: &mut Value, keep: &mut impl FnMut(&Tool) -> bool) -> bool {
    let accepted = match shown_tool(json) {
        Some(shown) => keep(&shown),
        None => keep(&Tool::Unknown(json.clone())),
    };
    if !accepted || tag(json, "type") != Some("namespace") {
        return accepted;
    }
    match json.get_mut("tools") {
        Some(Value::Array(members)) => {
            let before = members.len();
            members.retain_mut(|member| retain_raw_tool(member, keep));
            before == 0 || !members.is_empty()
        }
        _ => true,
    }
}

/// Filters the tools of an input item held as raw JSON when it is an
/// `additional_tools` item.
fn retain_added_raw(item: &mut Value, keep: &mut impl FnMut(&Tool) -> bool) {
    if tag(item, "type") != Some("additional_tools") {
        return;
    }
    if let Some(Value::Array(tools)) = item.get_mut("tools") {
        retain_raw(tools, keep);
    }
}

/// What a tool choice names a tool by: `("function", name)`, `("custom",
/// name)`, `("mcp", server_label)` (`""` for a name missing), or its type
/// and `""` for any other.
type ToolName = (String, String);

/// The names of `tool` (of each tool of a namespace).
fn tool_names(tool: &Tool, out: &mut Vec<ToolName>) {
    match tool {
        Tool::Function(f) => out.push(("function".into(), f.name().into())),
        Tool::Custom(c) => out.push(("custom".into(), c.name().into())),
        Tool::Namespace(namespace) => {
            for member in namespace.get_tools() {
                match member {
                    NamespaceMember::Unknown(json) => json_names(json, out),
                    typed => {
                        if let Some(tool) = typed.as_tool() {
                            tool_names(&tool, out);
                        }
                    }
                }
            }
        }
        Tool::Unknown(json) => json_names(json, out),
        Tool::Mcp(_) => {
            if let Some(json) = json_of(tool) {
                json_names(&json, out);
            }
        }
        other => out.push((other.tool_type().into(), String::new())),
    }
}

/// [`tool_names`] of a tool, or of an entry of a tool choice, as JSON.
fn json_names(json: &Value, out: &mut Vec<ToolName>) {
    let Some(kind) = tag(json, "type") else {
        return;
    };
    // A tool without its name (which the server may refuse) is still a
    // tool: named `""`, it counts as one left or one removed.
    let name = match kind {
        "function" | "custom" => tag(json, "name").unwrap_or(""),
        "mcp" => tag(json, "server_label").unwrap_or(""),
        "namespace" => {
            if let Some(Value::Array(members)) = json.get("tools") {
                for member in members {
                    json_names(member, out);
                }
            }
            return;
        }
        _ => "",
    };
    out.push((kind.into(), name.into()));
}

/// [`json_names`] of the tools of an `additional_tools` item held raw.
fn added_names(item: &Value, out: &mut Vec<ToolName>) {
    if tag(item, "type") != Some("additional_tools") {
        return;
    }
    if let Some(Value::Array(tools)) = item.get("tools") {
        for tool in tools {
            json_names(tool, out);
        }
    }
}

/// Whether a tool choice (as JSON) names one of `gone`, and only tools
/// among them.
fn names_only(choice: &Value, gone: &HashSet<&ToolName>) -> bool {
    let mut names = Vec::new();
    json_names(choice, &mut names);
    !names.is_empty() && names.iter().all(|n| gone.contains(&n))
}

/// Takes the entries naming tools of `gone` out of an `allowed_tools`
/// choice; a choice then naming none (all entries out, or a forced tool of
/// `gone`) becomes `"none"`, as does `"required"` when `none_left` (the
/// request has no tool left). Whether it changed.
fn prune_choice(choice: &mut Value, gone: &HashSet<&ToolName>, none_left: bool) -> bool {
    if choice.as_str() == Some("required") {
        if !none_left {
            return false;
        }
    } else if tag(choice, "type") == Some("allowed_tools") {
        let Some(Value::Array(entries)) = choice.get_mut("tools") else {
            return false;
        };
        let before = entries.len();
        entries.retain(|entry| !names_only(entry, gone));
        if entries.len() == before {
            return false;
        }
        if !entries.is_empty() {
            return true;
        }
    } else if !choice.is_object() || !names_only(choice, gone) {
        return false;
    }
    *choice = Value::from("none");
    true
}

/// A tool held whole as raw JSON as a filter sees it: its typed reading,
/// members not modelled left out.
fn shown_tool(json: &Value) -> Option<Tool> {
    Tool::read(json, false).or_else(|| Tool::read(json, true))
}

/// A JSON schema as a setter takes it: a string is the JSON text of one
/// (`include_str!("invoice.schema.json")`) and becomes the object it holds,
/// as the spec's `schema` and `parameters` are objects, never strings; a
/// byte order mark before it (a file saved so) is skipped. Text that is not
/// a JSON object stays the string it was, for the server to refuse.
pub(crate) fn schema_value(schema: impl Into<Value>) -> Value {
    match schema.into() {
        Value::String(text) => {
            match serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
                Ok(object @ Value::Object(_)) => object,
                _ => Value::String(text),
            }
        }
        schema => schema,
    }
}

/// Writes the floats of a request: JSON has no NaN or infinity, which
/// serde_json would write as `null`, read by the server as a field left
/// unset (a `temperature` set to NaN sent as the default, a `max_cost`
/// stop as no limit). A non-finite float fails serialization instead
/// ([`Client::send`](crate::Client::send) answers it with
/// [`Error::Config`](crate::Error::Config), nothing sent).
pub(crate) mod finite {
    use super::PerformanceCutoff;
    use serde::ser::{Error as _, Serializer};

    /// A float member, named in the error (serde tells a `serialize_with`
    /// function no name: each member's function below gives its own).
    fn serialize<S: Serializer>(value: f64, name: &str, s: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            s.serialize_f64(value)
        } else {
            Err(S::Error::custom(format_args!(
                "{name} is {value}, which JSON cannot hold"
            )))
        }
    }

    /// An optional float member; see [`serialize`].
    fn option<S: Serializer>(value: Option<f64>, name: &str, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serialize(value, name, s),
            None => s.serialize_none(),
        }
    }

    /// `StopCondition::MaxCost`'s member.
    pub(crate) fn max_cost_in_dollars<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        serialize(*value, "`max_cost_in_dollars`", s)
    }

    /// `PerformanceCutoff::Value` written on its own, outside a provider
    /// (inside one, the provider's member names itself: see [`cutoff_member`]).
    pub(crate) fn cutoff<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        serialize(*value, "a performance cutoff", s)
    }

    /// A provider's cutoff member: its single number is named by the member
    /// (percentile cutoffs name their own).
    fn cutoff_member<S: Serializer>(
        value: &Option<PerformanceCutoff>,
        name: &str,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(PerformanceCutoff::Value(value)) => serialize(*value, name, s),
            other => serde::Serialize::serialize(other, s),
        }
    }

    /// `Provider`'s `preferred_max_latency`.
    pub(crate) fn preferred_max_latency<S: Serializer>(
        value: &Option<PerformanceCutoff>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        cutoff_member(value, "`preferred_max_latency`", s)
    }

    /// `Provider`'s `preferred_min_throughput`.
    pub(crate) fn preferred_min_throughput<S: Serializer>(
        value: &Option<PerformanceCutoff>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        cutoff_member(value, "`preferred_min_throughput`", s)
    }

    /// One function for each optional float member, of its name.
    macro_rules! optional {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("The optional float member `", stringify!($name), "`.")]
            pub(crate) fn $name<S: Serializer>(
                value: &Option<f64>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                option(*value, concat!("`", stringify!($name), "`"), s)
            }
        )*};
    }
    optional!(
        temperature,
        top_p,
        frequency_penalty,
        presence_penalty,
        max_price,
        min_coding_score,
        p50,
        p75,
        p90,
        p99,
    );
}

/// The body actually sent: the request plus the `stream` switch.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(flatten)]
    request: &'a Request,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stream: bool,
}

/// Read-only accessors of [`Request`], one per field, named after it:
/// `Option<T>` for a number or switch, `Option<&str>` for text,
/// `Option<&[T]>` for a list, `Option<&T>` for the rest.
macro_rules! request_getters {
    ($($kind:ident $name:ident: $ty:ty;)*) => {
        $(request_getters!(@one $kind $name: $ty);)*
    };
    (@one copy $name:ident: $ty:ty) => {
        #[doc = concat!("`", stringify!($name), "`, when set.")]
        pub fn $name(&self) -> Option<$ty> {
            self.$name
        }
    };
    (@one text $name:ident: $ty:ty) => {
        #[doc = concat!("`", stringify!($name), "`, when set.")]
        pub fn $name(&self) -> Option<&str> {
            self.$name.as_deref()
        }
    };
    (@one list $name:ident: $ty:ty) => {
        #[doc = concat!("`", stringify!($name), "`, when set.")]
        pub fn $name(&self) -> Option<&[$ty]> {
            self.$name.as_deref()
        }
    };
    (@one other $name:ident: $ty:ty) => {
        #[doc = concat!("`", stringify!($name), "`, when set.")]
        pub fn $name(&self) -> Option<&$ty> {
            self.$name.as_ref()
        }
    };
}

/// What a built request holds, read back (a request received or logged, say):
///
/// ```
/// use openrouter_responses::Request;
/// let request: Request = serde_json::from_str(
///     r#"{"model":"openai/gpt-4o-mini","input":"Hi","temperature":0.2,"tools":[],"x-new":1}"#,
/// )?;
/// assert_eq!(request.model(), Some("openai/gpt-4o-mini"));
/// assert_eq!(request.temperature(), Some(0.2));
/// assert_eq!(request.tools().map(<[_]>::len), Some(0));
/// assert!(request.input().is_some() && request.top_p().is_none());
/// assert_eq!(request.extra()["x-new"], 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Request {
    request_getters! {
        text model: String;
        list models: String;
        other input: Input;
        text instructions: String;
        other metadata: BTreeMap<String, String>;
        list tools: Tool;
        other tool_choice: ToolChoice;
        copy parallel_tool_calls: bool;
        other text: TextConfig;
        other reasoning: Reasoning;
        copy max_output_tokens: u64;
        copy temperature: f64;
        copy top_p: f64;
        copy top_k: u64;
        copy top_logprobs: u64;
        copy frequency_penalty: f64;
        copy presence_penalty: f64;
        copy max_tool_calls: u64;
        list stop_server_tools_when: StopCondition;
        list modalities: Modality;
        other image_config: Map<String, Value>;
        text prompt_cache_key: String;
        other prompt_cache_options: PromptCacheOptions;
        other cache_control: CacheControl;
        text previous_response_id: String;
        other prompt: Prompt;
        list include: Include;
        copy background: bool;
        text safety_identifier: String;
        copy store: bool;
        other service_tier: ServiceTier;
        other truncation: Truncation;
        text user: String;
        text session_id: String;
        other trace: Trace;
        other debug: DebugOptions;
        other x_search_filter: XSearchFilter;
        list plugins: Plugin;
        other route: Route;
    }

    /// `provider`, when set and typed.
    ///
    /// `None` also for a `provider` held as raw JSON, as every top-level
    /// field whose value holds a member this version does not model is
    /// (see the Getters section of [`crate::request`]): it is then in
    /// [`extra`](Self::extra), under `"provider"`, whole. A typed reading
    /// of it would drop those members and could not be lent, so this getter
    /// does not guess one. A relay that checks the caller's routing
    /// preferences reads both places (or decodes the raw one itself), and
    /// one that must force a preference sets it with
    /// [`RequestBuilder::merge_provider`], which writes into either form.
    ///
    /// ```
    /// use openrouter_responses::Request;
    /// let request: Request = serde_json::from_str(
    ///     r#"{"provider": {"data_collection": "allow", "x-tier": 2}}"#,
    /// )?;
    /// assert!(request.provider().is_none());
    /// let raw = &request.extra()["provider"];
    /// assert_eq!(raw["data_collection"], "allow");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn provider(&self) -> Option<&Provider> {
        self.provider.as_ref()
    }

    /// The members not modelled (set with [`RequestBuilder::extra`], or
    /// kept when read from JSON), sent as they are.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// The `stream` member of the JSON this request was read from: whether
    /// its sender asked for an event stream (`None` when the member was
    /// absent or `null`, and for a request built in code). A server that
    /// relays its callers' requests reads it to choose between
    /// [`Client::send`](crate::Client::send) and
    /// [`Client::stream`](crate::Client::stream).
    ///
    /// It is kept through [`into_builder`](Request::into_builder) but is
    /// never part of the body: the client method that sends the request
    /// decides `stream`.
    ///
    /// ```
    /// use openrouter_responses::Request;
    /// let request: Request = serde_json::from_str(r#"{"model":"m","stream":true}"#)?;
    /// assert_eq!(request.stream(), Some(true));
    /// assert_eq!(serde_json::to_string(&request)?, r#"{"model":"m"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn stream(&self) -> Option<bool> {
        self.stream.0
    }
}

impl Request {
    /// Starts a [`RequestBuilder`] with every field unset.
    pub fn builder() -> RequestBuilder {
        RequestBuilder::default()
    }

    /// A [`RequestBuilder`] holding this request's fields (extras
    /// included), to change some of them: the next turn of a tool loop, say,
    /// with the same model, tools and settings and a longer input.
    ///
    /// ```
    /// use openrouter_responses::{InputItem, Request};
    /// use serde_json::json;
    ///
    /// let first = Request::builder()
    ///     .model("openai/gpt-4o-mini")
    ///     .temperature(0.2)
    ///     .input("What's the weather in Paris?")
    ///     .build();
    /// let next = first
    ///     .clone()
    ///     .into_builder()
    ///     .input_items([InputItem::user("And in Oslo?")])
    ///     .build();
    /// let body = serde_json::to_value(&next)?;
    /// assert_eq!(body["model"], "openai/gpt-4o-mini");
    /// assert_eq!(body["temperature"], 0.2);
    /// assert_eq!(body["input"][0]["content"], "And in Oslo?");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_builder(self) -> RequestBuilder {
        RequestBuilder { inner: self }
    }

    /// The exact JSON body: `stream` is omitted when `false` and sent as
    /// `"stream": true` otherwise.
    pub(crate) fn to_json_body(&self, stream: bool) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(&Body {
            request: self,
            stream,
        })
    }

    /// Unsets the modelled field whose wire name is `key`, so that an extra
    /// with the same name replaces it instead of duplicating the JSON key.
    fn clear_field(&mut self, key: &str) {
        match key {
            "model" => self.model = None,
            "models" => self.models = None,
            "input" => self.input = None,
            "instructions" => self.instructions = None,
            "metadata" => self.metadata = None,
            "tools" => self.tools = None,
            "tool_choice" => self.tool_choice = None,
            "parallel_tool_calls" => self.parallel_tool_calls = None,
            "text" => self.text = None,
            "reasoning" => self.reasoning = None,
            "max_output_tokens" => self.max_output_tokens = None,
            "temperature" => self.temperature = None,
            "top_p" => self.top_p = None,
            "top_k" => self.top_k = None,
            "top_logprobs" => self.top_logprobs = None,
            "frequency_penalty" => self.frequency_penalty = None,
            "presence_penalty" => self.presence_penalty = None,
            "max_tool_calls" => self.max_tool_calls = None,
            "stop_server_tools_when" => self.stop_server_tools_when = None,
            "modalities" => self.modalities = None,
            "image_config" => self.image_config = None,
            "prompt_cache_key" => self.prompt_cache_key = None,
            "prompt_cache_options" => self.prompt_cache_options = None,
            "cache_control" => self.cache_control = None,
            "previous_response_id" => self.previous_response_id = None,
            "prompt" => self.prompt = None,
            "include" => self.include = None,
            "background" => self.background = None,
            "safety_identifier" => self.safety_identifier = None,
            "store" => self.store = None,
            "service_tier" => self.service_tier = None,
            "truncation" => self.truncation = None,
            "user" => self.user = None,
            "session_id" => self.session_id = None,
            "trace" => self.trace = None,
            "debug" => self.debug = None,
            "x_search_filter" => self.x_search_filter = None,
            "provider" => self.provider = None,
            "plugins" => self.plugins = None,
            "route" => self.route = None,
            _ => {}
        }
    }
}

/// Builds a [`Request`] with consuming setters; [`build`](Self::build) cannot fail.
///
/// Each setter's name is the wire name of the field it sets. Setting a field
/// twice keeps the last value. Collections have a plural setter that replaces
/// the list and a singular one that appends to it
/// ([`tools`](Self::tools) / [`tool`](Self::tool),
/// [`plugins`](Self::plugins) / [`plugin`](Self::plugin),
/// [`modalities`](Self::modalities) / [`modality`](Self::modality),
/// [`input_items`](Self::input_items) / [`input_item`](Self::input_item)),
/// except for these fields, whose singular is taken or would not read (the
/// wire name `include` is singular already, `model` is another field) and
/// for the two maps:
///
/// | field | replaces | appends or adds one |
/// | --- | --- | --- |
/// | `include` | [`include`](Self::include) | [`include_one`](Self::include_one) |
/// | `models` | [`models`](Self::models) | [`fallback_model`](Self::fallback_model) |
/// | `stop_server_tools_when` | [`stop_server_tools_when`](Self::stop_server_tools_when) | [`stop_server_tools_on`](Self::stop_server_tools_on) |
/// | `metadata` (a map) | [`metadata`](Self::metadata) | [`metadata_entry`](Self::metadata_entry) (adds or replaces one key) |
/// | `image_config` (a map) | [`image_config`](Self::image_config) | [`image_config_entry`](Self::image_config_entry) (adds or replaces one key) |
///
/// Three setters change one member of a nested object and keep the others:
/// [`text_format`](Self::text_format) (`text.format`),
/// [`verbosity`](Self::verbosity) (`text.verbosity`) and
/// [`reasoning_effort`](Self::reasoning_effort) (`reasoning.effort`);
/// [`merge_provider`](Self::merge_provider) sets the members of `provider`
/// it is given and keeps the others.
/// [`extra`](Self::extra) sets any member by name, modelled or not, and
/// [`remove`](Self::remove) leaves one out.
///
/// A field kept as raw JSON in `extra` (set through [`extra`](Self::extra),
/// or read from a body where it holds a member this version does not model)
/// is added to by the setters that add one element or one member (the
/// singular ones, the `_entry` ones, and the four above), so that what it
/// holds is kept; a setter that replaces the whole field replaces it.
///
/// A built [`Request`] is read back through its getters; `Request::from`
/// and `.into()` build as [`build`](Self::build) does.
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct RequestBuilder {
    inner: Request,
}

/// Setters for `Option` fields of [`Request`] that also drop a same-named extra
/// (last write wins).
macro_rules! request_setters {
    () => {};
    // Integers are taken as they are: `impl Into<u64>` would reject a bare
    // literal such as `200`, which defaults to `i32`.
    ( $(#[$meta:meta])* $field:ident : u64; $($rest:tt)* ) => {
        $(#[$meta])*
        pub fn $field(mut self, value: u64) -> Self {
            crate::members::take(&mut self.inner.extra, stringify!($field));
            self.inner.$field = Some(value);
            self
        }
        request_setters! { $($rest)* }
    };
    ( $(#[$meta:meta])* $field:ident : $ty:ty; $($rest:tt)* ) => {
        $(#[$meta])*
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            crate::members::take(&mut self.inner.extra, stringify!($field));
            self.inner.$field = Some(value.into());
            self
        }
        request_setters! { $($rest)* }
    };
}

impl From<Request> for RequestBuilder {
    /// [`Request::into_builder`].
    fn from(request: Request) -> Self {
        request.into_builder()
    }
}

impl From<RequestBuilder> for Request {
    /// [`RequestBuilder::build`].
    fn from(builder: RequestBuilder) -> Self {
        builder.build()
    }
}

impl RequestBuilder {
    /// Marks `key` as set by a modelled setter: a same-named extra is dropped.
    fn touch(&mut self, key: &str) {
        crate::members::take(&mut self.inner.extra, key);
    }

    /// Appends `item` to the list `key` when it is kept as raw JSON in
    /// `extra` (a decoded request whose list has a member this version does
    /// not model, or a list set through [`extra`](Self::extra)), so that
    /// what is there is kept. Gives the item back when there is no such list.
    fn push_raw<T: Serialize>(&mut self, key: &str, item: T) -> Option<T> {
        let Some(Value::Array(list)) = self.inner.extra.get_mut(key) else {
            return Some(item);
        };
        match json_of(&item) {
            Some(value) => {
                list.push(value);
                None
            }
            None => Some(item),
        }
    }

    /// Sets `member` of the object `key` when it is kept as raw JSON in
    /// `extra` (see [`push_raw`](Self::push_raw)). Gives the value back when
    /// there is no such object.
    fn set_raw<T: Serialize>(&mut self, key: &str, member: &str, value: T) -> Option<T> {
        let Some(Value::Object(object)) = self.inner.extra.get_mut(key) else {
            return Some(value);
        };
        match json_of(&value) {
            Some(json) => {
                object.insert(member.to_owned(), json);
                None
            }
            None => Some(value),
        }
    }

    request_setters! {
        /// `model`: the model slug, e.g. `openai/gpt-4o`. May be omitted when
        /// `models`, a preset or the auto router picks the model.
        model: String;
        /// `instructions`: system-level instructions placed before the input.
        instructions: String;
        /// `tool_choice`: how the model may use the tools (`auto`, `none`,
        /// `required`, a named function, an allowed-tools list, ...).
        tool_choice: ToolChoice;
        /// `parallel_tool_calls`: whether the model may emit several tool calls
        /// in one turn.
        parallel_tool_calls: bool;
        /// `text`: output text configuration (format and verbosity). See also
        /// [`text_format`](Self::text_format) and [`verbosity`](Self::verbosity).
        text: TextConfig;
        /// `reasoning`: reasoning configuration (effort, summary, token budget, ...).
        reasoning: Reasoning;
        /// `max_output_tokens`: upper bound on generated tokens, reasoning included.
        max_output_tokens: u64;
        /// `temperature`: sampling temperature.
        temperature: f64;
        /// `top_p`: nucleus sampling probability mass.
        top_p: f64;
        /// `top_k`: sample only from the k most likely tokens.
        top_k: u64;
        /// `top_logprobs`: how many most likely tokens to return log
        /// probabilities for at each position.
        top_logprobs: u64;
        /// `frequency_penalty`: penalty for tokens by how often they already appeared.
        frequency_penalty: f64;
        /// `presence_penalty`: penalty for tokens that already appeared at all.
        presence_penalty: f64;
        /// `max_tool_calls`: maximum number of server-tool agent steps (such as
        /// `openrouter:web_search`); the server defaults to 30, which is also
        /// the maximum. Ignored when `stop_server_tools_when` is set.
        max_tool_calls: u64;
        /// `prompt_cache_key`: key grouping requests that share a cacheable prefix.
        prompt_cache_key: String;
        /// `prompt_cache_options`: explicit prompt-caching options.
        prompt_cache_options: PromptCacheOptions;
        /// `cache_control`: a top-level cache directive; places an automatic
        /// cache breakpoint on the last cacheable block.
        cache_control: CacheControl;
        /// `previous_response_id`: the id of an earlier response to continue from.
        ///
        /// OpenRouter's Responses API is stateless: it stores no responses and
        /// rejects a request with a non-null `previous_response_id` with HTTP
        /// 400. Send the whole conversation in `input` instead. The setter exists
        /// because the parameter is part of the wire format.
        previous_response_id: String;
        /// `prompt`: a stored prompt template (id and variables).
        prompt: Prompt;
        /// `background`: run the response in the background.
        background: bool;
        /// `safety_identifier`: a stable, ideally hashed, per-end-user id used
        /// for abuse isolation.
        safety_identifier: String;
        /// `store`: whether the response is stored for later retrieval.
        ///
        /// OpenRouter is stateless: the spec only allows `false` (its default),
        /// so `store(true)` is expected to be rejected by the server.
        store: bool;
        /// `service_tier`: processing tier (`auto`, `default`, `flex`,
        /// `priority`, `scale`; `fast` is an alias of `priority`). The server
        /// default is `auto`.
        service_tier: ServiceTier;
        /// `truncation`: what to do when the input exceeds the context window
        /// (`auto` drops items from the start, `disabled` fails).
        truncation: Truncation;
        /// `user`: an id for your end user (at most 256 characters).
        user: String;
        /// `session_id`: groups related requests for sticky provider routing and
        /// observability (at most 256 characters). Takes precedence over an
        /// `x-session-id` header.
        session_id: String;
        /// `trace`: tracing metadata forwarded to broadcast destinations.
        trace: Trace;
        /// `debug`: debugging options (streaming only).
        debug: DebugOptions;
        /// `x_search_filter`: X (Twitter) search filters for xAI models'
        /// search. Documented by OpenRouter but not part of the OpenAPI spec.
        x_search_filter: XSearchFilter;
        /// `provider`: provider routing preferences.
        provider: Provider;
    }

    /// `route`: the old routing switch (`fallback` or `sort`).
    #[deprecated(note = "use `Provider::sort` with a `SortConfig` partition instead")]
    pub fn route(mut self, value: impl Into<Route>) -> Self {
        self.touch("route");
        self.inner.route = Some(value.into());
        self
    }

    /// `input`: the conversation, as plain text or as items.
    ///
    /// Accepts `&str`, `String`, `Vec<InputItem>` or an [`Input`].
    pub fn input(mut self, value: impl Into<Input>) -> Self {
        self.touch("input");
        self.inner.input = Some(value.into());
        self
    }

    /// `input`: replaces the input with these items
    /// ([`extend_input`](Self::extend_input) appends them).
    pub fn input_items<I>(mut self, items: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<InputItem>,
    {
        self.touch("input");
        self.inner.input = Some(Input::Items(items.into_iter().map(Into::into).collect()));
        self
    }

    /// `input`: appends one item. Text input set earlier becomes a user message
    /// first, so `input("hi").input_item(..)` keeps both. (An `input` kept as
    /// a raw JSON list, set through [`extra`](Self::extra) or decoded with an
    /// item this version does not model, is appended to; one set through
    /// `extra` as anything but a list is replaced.)
    pub fn input_item(mut self, item: impl Into<InputItem>) -> Self {
        let Some(item) = self.push_raw("input", item.into()) else {
            return self;
        };
        self.touch("input");
        let items = match self.inner.input.take() {
            None => Vec::new(),
            Some(Input::Text(text)) => vec![InputItem::user(text)],
            Some(Input::Items(items)) => items,
        };
        let mut items = items;
        items.push(item);
        self.inner.input = Some(Input::Items(items));
        self
    }

    /// `input`: appends these items, in order, as that many
    /// [`input_item`](Self::input_item) calls would: text input set earlier
    /// becomes a user message first, and an `input` kept as a raw JSON list
    /// is appended to. No items leave the input as it was.
    /// [`input_items`](Self::input_items) replaces the input instead.
    ///
    /// The next turn of a conversation is the request extended with the
    /// answer's output items and the next question:
    ///
    /// ```
    /// use openrouter_responses::{InputItem, Request, Response};
    /// use serde_json::json;
    ///
    /// let request = Request::builder().input("My name is Ada.").build();
    /// // In a program this is `client.send(&request)?`.
    /// let response: Response = serde_json::from_value(json!({
    ///     "id": "resp_1", "status": "completed",
    ///     "output": [{"type": "message", "id": "msg_1", "role": "assistant",
    ///                 "status": "completed",
    ///                 "content": [{"type": "output_text", "text": "Hello, Ada.", "annotations": []}]}]
    /// }))?;
    /// let next = request
    ///     .into_builder()
    ///     .extend_input(response.into_input_items())
    ///     .extend_input([InputItem::user("What is my name?")])
    ///     .build();
    /// let body = serde_json::to_value(&next)?;
    /// assert_eq!(body["input"][0], json!({"type": "message", "role": "user", "content": "My name is Ada."}));
    /// assert_eq!(body["input"][1]["id"], "msg_1");
    /// assert_eq!(body["input"][2]["content"], "What is my name?");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn extend_input<I>(self, items: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<InputItem>,
    {
        items.into_iter().fold(self, Self::input_item)
    }

    /// `models`: replaces the list of models to try in order (fallbacks).
    pub fn models<I, S>(mut self, models: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.touch("models");
        self.inner.models = Some(models.into_iter().map(Into::into).collect());
        self
    }

    /// `models`: appends one model to the fallback list.
    pub fn fallback_model(mut self, model: impl Into<String>) -> Self {
        if let Some(model) = self.push_raw("models", model.into()) {
            self.touch("models");
            self.inner.models.get_or_insert_with(Vec::new).push(model);
        }
        self
    }

    /// `metadata`: replaces the string key/value pairs attached to the request
    /// (at most 16 pairs; keys up to 64 characters, values up to 512).
    pub fn metadata<I, K, V>(mut self, pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.touch("metadata");
        self.inner.metadata = Some(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// `metadata`: adds or replaces one key/value pair.
    pub fn metadata_entry(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        if let Some(value) = self.set_raw("metadata", &key, value.into()) {
            self.touch("metadata");
            self.inner
                .metadata
                .get_or_insert_with(BTreeMap::new)
                .insert(key, value);
        }
        self
    }

    /// `tools`: replaces the tools the model may call.
    pub fn tools<I>(mut self, tools: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Tool>,
    {
        self.touch("tools");
        self.inner.tools = Some(tools.into_iter().map(Into::into).collect());
        self
    }

    /// `tools`: appends one tool.
    pub fn tool(mut self, tool: impl Into<Tool>) -> Self {
        if let Some(tool) = self.push_raw("tools", tool.into()) {
            self.touch("tools");
            self.inner.tools.get_or_insert_with(Vec::new).push(tool);
        }
        self
    }

    /// `tools`: keeps only the tools for which `keep` returns `true`, in
    /// order; a relay strips a tool its callers may not use this way. The
    /// tools an `additional_tools` input item adds
    /// ([`AdditionalTools`]) are filtered too: a caller could add the tool
    /// there as well.
    ///
    /// `keep` sees each tool typed, also one decoded with a member this
    /// version does not model (which the list holds whole as
    /// [`Tool::Unknown`]) and each of a `tools` list set through
    /// [`extra`](Self::extra): it sees the variant the tool's `type` names,
    /// so that a caller cannot slip a tool past a filter on its kind or
    /// name by adding a member. The tools kept are sent as they came,
    /// members not modelled included.
    ///
    /// A `namespace` tool groups functions and custom tools under one name:
    /// `keep` sees it first whole ([`Tool::Namespace`]; refusing it removes
    /// it with its tools), then each of its tools as the entry of `tools`
    /// of its type would be, a function as [`Tool::Function`] (without its
    /// `allowed_callers` and `output_schema`, which only a namespaced one
    /// has) and a custom tool as [`Tool::Custom`]; a tool it refuses is
    /// removed from the namespace, so a filter on a function's name strips
    /// that function wherever it is. A namespace whose tools were all
    /// refused is removed too (a group with nothing in it would still name
    /// and describe them to the model); one that came without tools stays.
    ///
    /// ```
    /// use openrouter_responses::{Request, Tool};
    /// use serde_json::json;
    ///
    /// let received: Request = serde_json::from_str(r#"{"tools": [
    ///     {"type": "namespace", "name": "ops", "description": "Operations", "tools": [
    ///         {"type": "function", "name": "exec"},
    ///         {"type": "function", "name": "status"}
    ///     ]},
    ///     {"type": "namespace", "name": "shell", "description": "Shell", "tools": [
    ///         {"type": "function", "name": "exec"}
    ///     ]}
    /// ]}"#)?;
    /// let forwarded = received
    ///     .into_builder()
    ///     .retain_tools(|tool| !matches!(tool, Tool::Function(f) if f.name() == "exec"))
    ///     .build();
    /// assert_eq!(
    ///     serde_json::to_value(&forwarded)?["tools"],
    ///     json!([{"type": "namespace", "name": "ops", "description": "Operations",
    ///             "tools": [{"type": "function", "name": "status"}]}])
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// A `tool_choice` (typed, or raw through [`extra`](Self::extra)) that
    /// names a tool the filter removed, when no tool kept answers to that
    /// name, is changed so that the request does not name a tool it no
    /// longer has, which the server would refuse: such an entry is taken
    /// out of an `allowed_tools` list, and a choice left allowing no tool,
    /// a forced one (`{"type": "function", "name": ...}`, a hosted tool's
    /// `{"type": ...}`) or an `allowed_tools` list emptied, becomes
    /// `"none"`: the model may call none of the tools the caller picked,
    /// and answers without a tool call. A function is named by its name
    /// alone, wherever it is defined (in `tools`, in a namespace or in an
    /// `additional_tools` item), so forcing `status` stays while any
    /// `status` function is kept. `"required"` becomes `"none"` too when
    /// the filter left the request no tool at all (no tool is there to
    /// call, and the server would refuse a request that requires a call).
    /// A relay that would rather refuse such a caller compares
    /// [`Request::tool_choice`] before and after. Other choices (`"auto"`,
    /// `"required"` while a tool is left, ones naming no tool removed)
    /// stay as sent.
    ///
    /// ```
    /// use openrouter_responses::request::ToolChoice;
    /// use openrouter_responses::{Request, Tool};
    /// use serde_json::json;
    ///
    /// let received: Request = serde_json::from_str(r#"{
    ///     "tools": [{"type": "function", "name": "exec"}, {"type": "function", "name": "status"}],
    ///     "tool_choice": {"type": "allowed_tools", "mode": "required", "tools": [
    ///         {"type": "function", "name": "exec"}, {"type": "function", "name": "status"}
    ///     ]}
    /// }"#)?;
    /// let not_exec = |tool: &Tool| !matches!(tool, Tool::Function(f) if f.name() == "exec");
    /// let forwarded = received.clone().into_builder().retain_tools(not_exec).build();
    /// assert_eq!(
    ///     serde_json::to_value(&forwarded)?["tool_choice"],
    ///     json!({"type": "allowed_tools", "mode": "required", "tools": [
    ///         {"type": "function", "name": "status"}
    ///     ]})
    /// );
    /// let forced = received.into_builder().tool_choice(ToolChoice::function("exec"));
    /// let forwarded = forced.retain_tools(not_exec).build();
    /// assert_eq!(forwarded.tool_choice(), Some(&ToolChoice::None));
    ///
    /// // "required" with no tool left to call.
    /// let received: Request = serde_json::from_str(r#"{
    ///     "tools": [{"type": "function", "name": "exec"}], "tool_choice": "required"
    /// }"#)?;
    /// let forwarded = received.into_builder().retain_tools(not_exec).build();
    /// assert_eq!(forwarded.tool_choice(), Some(&ToolChoice::None));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// A tool with a member whose value does not fit its type (`"max_results":
    /// 5.0` where an integer is modelled, which a lenient server may take)
    /// has no typed reading: `keep` sees it as [`Tool::OpenRouter`] (an
    /// `openrouter:*` tool, its parameters raw) or [`Tool::Unknown`]. Its
    /// [`tool_type`](Tool::tool_type) still names its type, so a filter
    /// that strips a kind of tool decides by that rather than by variant:
    ///
    /// ```
    /// use openrouter_responses::Request;
    ///
    /// let received: Request = serde_json::from_str(r#"{"tools": [
    ///     {"type": "openrouter:web_search", "parameters": {"max_results": 5.0}}
    /// ]}"#)?;
    /// let forwarded = received
    ///     .into_builder()
    ///     .retain_tools(|tool| tool.tool_type() != "openrouter:web_search")
    ///     .build();
    /// assert_eq!(forwarded.tools(), Some(&[][..]));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// ```
    /// use openrouter_responses::{Request, Tool};
    /// use serde_json::json;
    ///
    /// let received: Request = serde_json::from_str(r#"{"tools": [
    ///     {"type": "function", "name": "exec", "parameters": {}},
    ///     {"type": "function", "name": "search", "parameters": {}, "x-cache": true}
    /// ]}"#)?;
    /// let forwarded = received
    ///     .into_builder()
    ///     .retain_tools(|tool| !matches!(tool, Tool::Function(f) if f.name() == "exec"))
    ///     .build();
    /// assert_eq!(
    ///     serde_json::to_value(&forwarded)?["tools"],
    ///     json!([{"type": "function", "name": "search", "parameters": {}, "x-cache": true}])
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn retain_tools(mut self, mut keep: impl FnMut(&Tool) -> bool) -> Self {
        // What the filter refused, by what a tool choice names it by.
        let mut refused = Vec::new();
        let mut keep = |tool: &Tool| {
            let kept = keep(tool);
            if !kept {
                tool_names(tool, &mut refused);
            }
            kept
        };
        if let Some(tools) = self.inner.tools.as_mut() {
            retain_typed(tools, &mut keep);
        }
        if let Some(Value::Array(raw)) = self.inner.extra.get_mut("tools") {
            retain_raw(raw, &mut keep);
        }
        // The tools of `additional_tools` items, typed or held raw, in a
        // typed `input` or one set through `extra`.
        let raw_items = match self.inner.extra.get_mut("input") {
            Some(Value::Array(items)) => items.iter_mut().collect(),
            _ => Vec::new(),
        };
        let items = match self.inner.input.as_mut() {
            Some(Input::Items(items)) => items.as_mut_slice(),
            _ => &mut [],
        };
        for item in items {
            match item {
                InputItem::AdditionalTools(added) => retain_typed(added.tools_mut(), &mut keep),
                InputItem::Unknown(json) => retain_added_raw(json, &mut keep),
                _ => {}
            }
        }
        for json in raw_items {
            retain_added_raw(json, &mut keep);
        }
        if !refused.is_empty() {
            self.prune_tool_choice(&refused);
        }
        self
    }

    /// After [`retain_tools`](Self::retain_tools) refused the tools named
    /// `refused`: takes the ones no tool kept answers to out of an
    /// `allowed_tools` choice, and turns a choice left naming none
    /// (forced, or allowed tools all taken out) into `"none"`.
    fn prune_tool_choice(&mut self, refused: &[ToolName]) {
        let typed = self.inner.tool_choice.as_ref().and_then(json_of);
        if typed.is_none() && !self.inner.extra.contains_key("tool_choice") {
            return;
        }
        let mut kept = Vec::new();
        for tool in self.inner.tools.iter().flatten() {
            tool_names(tool, &mut kept);
        }
        for item in self.inner.input.iter().flat_map(|input| match input {
            Input::Items(items) => items.as_slice(),
            Input::Text(_) => &[],
        }) {
            match item {
                InputItem::AdditionalTools(added) => {
                    for tool in added.tools() {
                        tool_names(tool, &mut kept);
                    }
                }
                InputItem::Unknown(json) => added_names(json, &mut kept),
                _ => {}
            }
        }
        if let Some(Value::Array(tools)) = self.inner.extra.get("tools") {
            for json in tools {
                json_names(json, &mut kept);
            }
        }
        if let Some(Value::Array(items)) = self.inner.extra.get("input") {
            for json in items {
                added_names(json, &mut kept);
            }
        }
        // Sets: a relay's caller may send many thousands of tools.
        let kept: HashSet<ToolName> = kept.into_iter().collect();
        let gone: HashSet<&ToolName> = refused.iter().filter(|n| !kept.contains(*n)).collect();
        if gone.is_empty() {
            return;
        }
        // No tool left at all: a call the choice requires cannot be made.
        let none_left = kept.is_empty();
        if let Some(mut choice) = typed {
            if prune_choice(&mut choice, &gone, none_left) {
                self.inner.tool_choice = Some(ToolChoice::from_value(choice));
            }
        }
        if let Some(choice) = self.inner.extra.get_mut("tool_choice") {
            prune_choice(choice, &gone, none_left);
        }
    }

    /// `text.format`: the output format, keeping any verbosity set before
    /// through [`verbosity`](Self::verbosity). (A `text` kept as raw JSON,
    /// set through [`extra`](Self::extra) or decoded with a member this
    /// version does not model, has its `format` set, the rest kept.)
    pub fn text_format(mut self, format: impl Into<TextFormat>) -> Self {
        if let Some(format) = self.set_raw("text", "format", format.into()) {
            self.touch("text");
            let text = self.inner.text.take().unwrap_or_default();
            self.inner.text = Some(text.format(format));
        }
        self
    }

    /// `text.verbosity`: how verbose the answer should be, keeping any format
    /// set before.
    pub fn verbosity(mut self, verbosity: impl Into<Verbosity>) -> Self {
        if let Some(verbosity) = self.set_raw("text", "verbosity", verbosity.into()) {
            self.touch("text");
            let text = self.inner.text.take().unwrap_or_default();
            self.inner.text = Some(text.verbosity(verbosity));
        }
        self
    }

    /// `reasoning.effort`: the reasoning effort, keeping other reasoning
    /// settings made before.
    pub fn reasoning_effort(mut self, effort: impl Into<ReasoningEffort>) -> Self {
        if let Some(effort) = self.set_raw("reasoning", "effort", effort.into()) {
            self.touch("reasoning");
            let reasoning = self.inner.reasoning.take().unwrap_or_default();
            self.inner.reasoning = Some(reasoning.effort(effort));
        }
        self
    }

    /// `provider`: sets the members of routing preferences that `overrides`
    /// sets, and keeps every other member as it was, members this version
    /// does not model included: a relay forces what its policy requires
    /// (zero data retention, no data collection) and the caller's `order`,
    /// `only` or `sort` go on. [`provider`](Self::provider), by contrast,
    /// replaces the whole object.
    ///
    /// Members are set whole, at the top level of `provider`: an
    /// overriding `max_price` replaces the caller's `max_price`. A
    /// `provider` kept as raw JSON (read with a member this version does
    /// not model, or set through [`extra`](Self::extra)) has the members
    /// set in it, the rest kept as sent; without a `provider` (or with one
    /// that is not an object), `overrides` is the `provider` sent.
    ///
    /// ```
    /// use openrouter_responses::request::{DataCollection, Provider};
    /// use openrouter_responses::Request;
    /// use serde_json::json;
    ///
    /// let received: Request = serde_json::from_str(r#"{"provider":
    ///     {"order": ["openai", "azure"], "zdr": false, "x-tier": 2}}"#)?;
    /// let forwarded = received
    ///     .into_builder()
    ///     .merge_provider(Provider::new().zdr(true).data_collection(DataCollection::Deny))
    ///     .build();
    /// assert_eq!(
    ///     serde_json::to_value(&forwarded)?["provider"],
    ///     json!({"order": ["openai", "azure"], "zdr": true, "data_collection": "deny",
    ///            "x-tier": 2})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn merge_provider(mut self, overrides: Provider) -> Self {
        if let Some(Value::Object(raw)) = self.inner.extra.get_mut("provider") {
            if let Some(Value::Object(members)) = json_of(&overrides) {
                for (key, value) in members {
                    raw.insert(key, value);
                }
                return self;
            }
        }
        self.touch("provider");
        match self.inner.provider.as_mut() {
            Some(provider) => provider.merge(overrides),
            None => self.inner.provider = Some(overrides),
        }
        self
    }

    /// `stop_server_tools_when`: replaces the conditions that end the
    /// server-tool loop (any one is enough). Overrides `max_tool_calls`.
    pub fn stop_server_tools_when<I>(mut self, conditions: I) -> Self
    where
        I: IntoIterator<Item = StopCondition>,
    {
        self.touch("stop_server_tools_when");
        self.inner.stop_server_tools_when = Some(conditions.into_iter().collect());
        self
    }

    /// `stop_server_tools_when`: appends one stop condition.
    pub fn stop_server_tools_on(mut self, condition: StopCondition) -> Self {
        if let Some(condition) = self.push_raw("stop_server_tools_when", condition) {
            self.touch("stop_server_tools_when");
            self.inner
                .stop_server_tools_when
                .get_or_insert_with(Vec::new)
                .push(condition);
        }
        self
    }

    /// `modalities`: replaces the requested output modalities (`text`, `image`).
    pub fn modalities<I>(mut self, modalities: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Modality>,
    {
        self.touch("modalities");
        self.inner.modalities = Some(modalities.into_iter().map(Into::into).collect());
        self
    }

    /// `modalities`: appends one output modality.
    pub fn modality(mut self, modality: impl Into<Modality>) -> Self {
        if let Some(modality) = self.push_raw("modalities", modality.into()) {
            self.touch("modalities");
            self.inner
                .modalities
                .get_or_insert_with(Vec::new)
                .push(modality);
        }
        self
    }

    /// `image_config`: replaces the provider-specific image generation options
    /// (values are strings, numbers or arrays, e.g. `aspect_ratio`).
    ///
    /// A float that JSON cannot hold (NaN, an infinity) is already `null` once
    /// converted to a [`Value`], before the request sees it, so it is sent as
    /// `null` rather than refused as a typed setter's is.
    pub fn image_config<I, K, V>(mut self, options: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<Value>,
    {
        self.touch("image_config");
        self.inner.image_config = Some(
            options
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// `image_config`: adds or replaces one image generation option.
    ///
    /// A float that JSON cannot hold (NaN, an infinity) is already `null` once
    /// converted to a [`Value`], before the request sees it, so it is sent as
    /// `null` rather than refused as a typed setter's is.
    pub fn image_config_entry(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let key = key.into();
        if let Some(value) = self.set_raw("image_config", &key, value.into()) {
            self.touch("image_config");
            self.inner
                .image_config
                .get_or_insert_with(Map::new)
                .insert(key, value);
        }
        self
    }

    /// `include`: replaces the list of extra output data to include (e.g.
    /// `reasoning.encrypted_content`).
    pub fn include<I>(mut self, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Include>,
    {
        self.touch("include");
        self.inner.include = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// `include`: appends one value to the include list.
    pub fn include_one(mut self, value: impl Into<Include>) -> Self {
        if let Some(value) = self.push_raw("include", value.into()) {
            self.touch("include");
            self.inner.include.get_or_insert_with(Vec::new).push(value);
        }
        self
    }

    /// `plugins`: replaces the plugins enabled for this request.
    pub fn plugins<I>(mut self, plugins: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Plugin>,
    {
        self.touch("plugins");
        self.inner.plugins = Some(plugins.into_iter().map(Into::into).collect());
        self
    }

    /// `plugins`: appends one plugin.
    pub fn plugin(mut self, plugin: impl Into<Plugin>) -> Self {
        if let Some(plugin) = self.push_raw("plugins", plugin.into()) {
            self.touch("plugins");
            self.inner.plugins.get_or_insert_with(Vec::new).push(plugin);
        }
        self
    }

    /// Sends a parameter this crate does not model, flattened into the top
    /// level of the body.
    ///
    /// The last write wins: an extra named like a modelled field (for example
    /// `"temperature"`) replaces a value set earlier through its setter, and a
    /// later setter call replaces the extra, so the body never holds a key
    /// twice. This makes `extra` usable to send a shape the typed setters
    /// cannot express. The key `"stream"` is ignored: whether a request streams
    /// is decided by [`Client::send`](crate::Client::send) or
    /// [`Client::stream`](crate::Client::stream).
    ///
    /// `value` is anything that converts to JSON: `.extra("seed", 1)`,
    /// `.extra("mode", "fast")`, `.extra("opts", json!({..}))`.
    ///
    /// A float that JSON cannot hold (NaN, an infinity) is already `null` once
    /// converted to a [`Value`], before the request sees it, so it is sent as
    /// `null` rather than refused as a typed setter's is.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let key = key.into();
        if key == "stream" {
            return self;
        }
        self.inner.clear_field(&key);
        self.inner.extra.insert(key, value.into());
        self
    }

    /// Leaves the member named `key` out of the body: unsets the modelled
    /// field of that wire name and drops an extra of that name (one set
    /// with [`extra`](Self::extra), or kept as raw JSON when the request
    /// was read). A name that is not set changes nothing, nor does
    /// `"stream"`, which is never in the body ([`Request::stream`] keeps
    /// what was read).
    ///
    /// A server that relays its callers' requests drops what they may not
    /// set before forwarding them:
    ///
    /// ```
    /// use openrouter_responses::Request;
    /// let received: Request = serde_json::from_str(
    ///     r#"{"model":"m","input":"Hi","user":"u-1","debug":{"echo_upstream_body":true}}"#,
    /// )?;
    /// let forwarded = received.into_builder().remove("debug").remove("user").build();
    /// assert_eq!(serde_json::to_string(&forwarded)?, r#"{"model":"m","input":"Hi"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn remove(mut self, key: &str) -> Self {
        self.inner.clear_field(key);
        crate::members::take(&mut self.inner.extra, key);
        self
    }

    /// Finishes the request.
    pub fn build(self) -> Request {
        self.inner
    }
}

#[cfg(test)]
mod tests;

/// The JSON of `value`. Made directly, not written as text and parsed
/// back: the parser refuses a value nested deeper than its recursion limit
/// (a deep tool schema, say), and the setters then dropped the raw field
/// they were to add to.
fn json_of<T: Serialize>(value: &T) -> Option<Value> {
    serde_json::to_value(value).ok()
}

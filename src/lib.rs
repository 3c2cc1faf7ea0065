#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, rust_2018_idioms)]
// Input never reaches a panic: no unwrap, expect, indexing or panic in library code.
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable
    )
)]

#[macro_use]
mod macros;

mod base64;
mod client;
mod debug;
mod error;
mod http_info;
mod long_strings;
mod members;
mod redact;
pub mod request;
pub mod response;
mod retry;
mod scan;
pub mod sse;
pub mod stream;

pub use client::{
    Client, ClientBuilder, RequestOptions, Retry, StopHandle, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_RETRIES, DEFAULT_READ_TIMEOUT,
    DEFAULT_RESPONSE_TIMEOUT,
};
pub use error::{
    ApiError, ApiErrorKind, Availability, ConfigError, DecodeError, DecodeTarget, Error, ErrorCode,
    ErrorOrigin, IncompleteError, RefusalError, Result, StreamError, StreamFailure, TimeoutError,
    TimeoutKind, TransportError, TransportKind,
};
pub use http_info::{HttpInfo, RateLimit};
// The root holds what a typical program names: the client and its options,
// every error, an answer's status and headers (`HttpInfo`, `RateLimit`),
// the request with the values its common setters take by name (input,
// tools and the web search tool's config, tool choice, text format,
// reasoning with its effort and summary, the include list, the web search
// plugin, provider preferences), the response with the types it is read
// through (output items, their content and annotations, function calls, the
// web search call's action, usage, statuses, the failure and its type, why
// an answer was cut short), and
// the stream with its events and the pieces of text it yields. The rest, specialised or reached through
// these, stays in `request`, `response`, `stream` and `sse`.
pub use request::{
    Include, Input, InputContent, InputItem, JsonSchemaFormat, Provider, Reasoning,
    ReasoningEffort, ReasoningSummaryVerbosity, Request, RequestBuilder, TextFormat, Tool,
    ToolChoice, WebSearchConfig, WebSearchPlugin,
};
pub use response::{
    Annotation, ErrorType, FunctionCall, IncompleteReason, OutputContent, OutputItem, Response,
    ResponseError, ResponseStatus, Usage, WebSearchAction,
};
pub use stream::{Deltas, LentEvent, ResponseStream, StreamDelta, StreamEvent, TextDeltas};

//! A blocking client for OpenRouter's Responses API.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, rust_2018_idioms)]

mod client;
mod error;
mod http_info;
pub mod request;
pub mod response;
mod retry;
pub mod sse;
pub mod stream;

pub use client::{Client, ClientBuilder, RequestOptions};
pub use error::{
    ApiError, Availability, ConfigError, DecodeError, DecodeTarget, Error, ErrorCode, Result,
    StreamError, TimeoutKind, TransportError, TransportKind,
};
pub use http_info::{HttpInfo, RateLimit};
pub use request::{InputItem, Request, RequestBuilder};
pub use response::{OutputItem, Response};
pub use stream::{ResponseStream, StreamEvent};

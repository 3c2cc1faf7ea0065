//! The one error type of the crate, and the server's error answers.

use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::debug::RawJson;
use crate::http_info::HttpInfo;
use crate::response::{ErrorType, Response};

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Statuses that are worth another attempt: 408, 429, 500, 502, 503, 504,
/// 520 to 524, and 529. (OpenRouter answers 504 when it timed out waiting
/// for the provider.)
///
/// 520 to 524 are Cloudflare's, in front of the API. 521, 522 and 523 say
/// that it could not reach the origin: the request never arrived, and a
/// retry is safe. 520 (no usable answer from the origin) is as uncertain as
/// a 502, which is retried. 524 (the origin accepted the request but sent
/// no answer within Cloudflare's limit) is declared by the spec for
/// `/responses` and retried, as the official SDK retries every 5xx, though
/// the first attempt may still have run and been billed: a caller for whom
/// a second generation costs too much sets `max_retries(0)`.
pub(crate) const RETRYABLE_STATUSES: [u16; 12] =
    [408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529];

/// Everything that can go wrong when talking to the Responses API.
///
/// The variants follow what a caller does differently:
///
/// | variant | meaning | what to do |
/// |---|---|---|
/// | [`Api`](Error::Api) | the server answered with an error (a non-2xx status, a 2xx body that is only `{"error": …}`, an error event inside a stream, or a failed response through [`Response::into_result`]) | read [`ApiError`] (its [`kind`](ApiError::kind) to match on, however it came); retry only when [`is_retryable`](Error::is_retryable) |
/// | [`Transport`](Error::Transport) | the server could not be reached, or the connection broke before an answer; or the call was stopped ([`TransportKind::Stopped`]) or its client shut down ([`TransportKind::Shutdown`]), also while its body or stream was read (for a stream's [`final_response`](crate::ResponseStream::final_response), the cause of its [`StreamError::EndedEarly`]: [`underlying`](Error::underlying)) | check the network or the base URL; usually worth retrying (not a TLS failure, a proxy's refusal, a stop or a shutdown) |
/// | [`Timeout`](Error::Timeout) | a connect, send, response-header or idle-read timeout fired, or the call's total deadline passed ([`TimeoutKind::Total`]); the message names the setting and its value (one that ended a stream is, for its `final_response`, the cause of its early end) | retry, or raise that timeout |
/// | [`Decode`](Error::Decode) | a body or event that could not be decoded; the raw text is kept | report it; the text is in [`DecodeError::body`]; a body that ended before its JSON did (empty, or cut where the connection closed) is worth retrying |
/// | [`Stream`](Error::Stream) | reading a body failed part-way, it broke a size limit, or a stream ended without a terminal event it could read ([`StreamError::EndedEarly`], [`StreamError::TerminalUndecodable`]) | see [`StreamError`] (the [`StreamFailure`] dereferences to it) |
/// | [`Config`](Error::Config) | the client or request was set up wrongly (a missing key, a bad URL) | fix the setup |
/// | [`Refusal`](Error::Refusal) | [`Response::parse_output`] found a refusal and no text | show it, or change the request |
/// | [`Incomplete`](Error::Incomplete) | [`Response::parse_output`] of an answer cut short (or of one not finished, a stream's snapshot, or cancelled), or `parse_arguments` of a call cut off; the partial text is kept | raise `max_output_tokens`, or ask for less; parse a stream's final response |
///
/// [`http`](Error::http) gives the status and headers of the answer an
/// error came with (an [`Error::Api`]'s, or those of an answer whose body
/// failed once its headers had arrived), with the `X-Generation-Id` that
/// OpenRouter's support asks for.
///
/// The client puts the API key in no error's `Display` or `Debug` output,
/// nor in what serde writes of an [`ApiError`]. A server, or a proxy in
/// front of it, may send back the request's `Authorization` header, or the
/// key alone: in an error body or page, in its headers, in a 2xx error
/// envelope, in a stream's error or `response.failed` event, in a failed
/// response's `error`, or in a body that does not decode. The errors a
/// [`Client`](crate::Client) builds from such text, and the failed
/// responses it returns, have its key (and the values of the credential
/// headers its `Debug` hides, set on the client or for the call through
/// [`RequestOptions::header`](crate::RequestOptions::header), and the
/// proxy's and the base URL's password, also in the base64 of the
/// `Proxy-Authorization` or `Authorization: Basic` that carries it)
/// replaced by `***`, as that `Debug` shows them; the rest of the server's text is kept as sent. A key shorter than
/// 8 bytes is replaced only where no letter, digit, `-` or `_` is next to
/// it, so that a message is not garbled wherever its letters appear. Only
/// errors are scanned: the success path costs nothing more. A stream read
/// [`from_reader`](crate::ResponseStream::from_reader) knows no key and
/// replaces nothing.
/// `Error` is `Send + Sync + 'static`: `?` turns it into a
/// `Box<dyn std::error::Error + Send + Sync>`.
///
/// ```
/// use openrouter_responses::Error;
/// fn report(err: &Error) -> String {
///     match err {
///         Error::Api(e) if e.is_rate_limited() => format!("slow down: {:?}", e.retry_after),
///         Error::Api(e) => format!("the server refused: {e}"),
///         // Also a timeout that ended a stream early (its cause).
///         e if e.underlying().is_timeout() => "timed out".to_string(),
///         e => e.to_string(),
///     }
/// }
/// # let _ = report;
/// ```
///
/// `Display` is one short clause, without its cause: a
/// [`Decode`](Error::Decode) error says `failed to decode output text`, and
/// why (``missing field `name` ``) is its
/// [`source`](std::error::Error::source), as the I/O or network failure
/// behind a [`Stream`](Error::Stream) or [`Transport`](Error::Transport)
/// error is. (An [`Api`](Error::Api) error has no source: its `Display`
/// holds the server's message, and the upstream provider's, see
/// [`ApiError::provider_message`].) To show a person (or a model) what
/// went wrong, print the chain:
///
/// ```
/// use openrouter_responses::{Error, Response};
///
/// fn describe(err: &Error) -> String {
///     let mut text = err.to_string();
///     let mut cause = std::error::Error::source(err);
///     while let Some(c) = cause {
///         text.push_str(": ");
///         text.push_str(&c.to_string());
///         cause = c.source();
///     }
///     text
/// }
///
/// #[derive(Debug, serde::Deserialize)]
/// struct City { name: String }
///
/// let response: Response = serde_json::from_value(serde_json::json!({
///     "id": "resp_1",
///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
///         {"type": "output_text", "text": "{\"town\":\"Lisbon\"}"}
///     ]}]
/// }))?;
/// let err = response.parse_output::<City>().unwrap_err();
/// assert_eq!(err.to_string(), "failed to decode output text");
/// assert_eq!(
///     describe(&err),
///     "failed to decode output text: missing field `name` at line 1 column 17"
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error: a non-2xx HTTP status, a 2xx body
    /// that is only an error envelope (`{"error": …}`), an `error`,
    /// `response.error` or `response.failed` event inside a stream, or a
    /// failed response read by [`Response::into_result`] or
    /// [`Response::parse_output`].
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server could not be reached, or the connection failed before an
    /// answer; or the call was stopped, or its client shut down
    /// ([`TransportKind::Stopped`], [`TransportKind::Shutdown`]), which may
    /// also end a body or stream being read.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// A timeout fired: [`TimeoutError::kind`] says in which phase, and its
    /// message names the setting that ran out and its value.
    #[error(transparent)]
    Timeout(Box<TimeoutError>),
    /// A body or stream event could not be decoded; the raw text is kept.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// Reading a body failed part-way, it broke one of the size limits, or a
    /// stream ended without a terminal event it could read:
    /// the [`StreamError`], which the [`StreamFailure`] dereferences to
    /// (`match &**e { StreamError::Io(_) => …, … }`).
    #[error(transparent)]
    Stream(StreamFailure),
    /// The client or the request is set up wrongly: found when the client
    /// is built, or at the call for what only the call shows (SOCKS5 proxy
    /// credentials too long to send, see [`ClientBuilder::proxy`](crate::ClientBuilder::proxy)).
    /// Never retried.
    #[error("invalid configuration: {0}")]
    Config(ConfigError),
    /// The model declined to answer: what
    /// [`Response::parse_output`] returns when the output holds a refusal
    /// and no text to parse.
    #[error("the model refused{}", Said(.0.text()))]
    Refusal(RefusalError),
    /// The answer was cut short (an `incomplete` response: the output token
    /// limit, a content filter): what [`Response::parse_output`] returns
    /// for it, with the partial text, rather than parse a part of an answer
    /// (and, without a reason, for a response not finished, such as a
    /// stream's snapshot, or `cancelled`);
    /// and what [`FunctionCall::parse_arguments`](crate::response::FunctionCall::parse_arguments)
    /// returns for a call cut off, with its partial arguments.
    #[error("{0}")]
    Incomplete(Box<IncompleteError>),
}

/// An answer cut short (see [`Error::Incomplete`]).
///
/// Its `Debug` shows the first 1000 characters of a longer `text`, and its
/// length.
///
/// ```
/// use openrouter_responses::{Error, IncompleteReason, Response};
///
/// let response: Response = serde_json::from_value(serde_json::json!({
///     "id": "resp_1", "status": "incomplete",
///     "incomplete_details": {"reason": "max_output_tokens"},
///     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
///         {"type": "output_text", "text": "{\"city\":"}
///     ]}]
/// }))?;
/// match response.parse_output::<serde_json::Value>() {
///     // Ask again with a higher `max_output_tokens`.
///     Err(Error::Incomplete(cut)) if cut.reason == Some(IncompleteReason::MaxOutputTokens) => {
///         assert_eq!(cut.text, "{\"city\":");
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub struct IncompleteError {
    /// Why, as the response's `incomplete_details.reason` says (`None`
    /// when it gives none, and for a response not finished or cancelled).
    pub reason: Option<crate::response::IncompleteReason>,
    /// The text that came before the cut (what `parse_output` would have
    /// parsed, or the arguments of a call cut off).
    pub text: String,
}

impl fmt::Debug for IncompleteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncompleteError")
            .field("reason", &self.reason)
            .field("text", &Abridged(&self.text))
            .finish()
    }
}

impl fmt::Display for IncompleteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = self.reason.as_ref().map(|r| r.as_str());
        write!(f, "the answer was cut short{}", Said(reason.unwrap_or("")))
    }
}

/// The text of a model's refusal (see [`Error::Refusal`]).
// Boxed so that `Error` stays two words wide.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::box_collection)]
pub struct RefusalError(Box<String>);

impl RefusalError {
    /// What the model said, its refusal parts joined (as
    /// [`Response::refusal`] gives them).
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// The refusal on one line, as an error shows the server's words (see
/// [`ApiError`]'s `Display`); [`text`](RefusalError::text) is whole.
impl fmt::Display for RefusalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&OneLine(&self.0, MESSAGE_SHOWN), f)
    }
}

impl std::error::Error for RefusalError {}

/// What is wrong with the client's or the request's setup.
// Boxed so that `Error` stays two words wide (a `String` is three).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::box_collection)]
pub struct ConfigError(Box<String>);

impl ConfigError {
    /// The description of the problem.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Error {
    /// The HTTP status of an [`Error::Api`]; `None` for every other variant.
    /// For an error reported inside a successful answer (an error event of
    /// a stream, a failed response) this is that answer's 2xx status, and
    /// [`ApiError::origin`] says where it came from; for a 2xx body that is
    /// only an error envelope it is that 2xx status too.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            _ => None,
        }
    }

    /// The status and headers of the answer this error came with, for a
    /// log line or a report to OpenRouter's support (its
    /// [`generation_id`](HttpInfo::generation_id)): an [`Error::Api`]'s
    /// ([`ApiError::http`]), and those of an answer whose body then failed,
    /// once its headers had arrived: a body cut short
    /// ([`StreamError::Io`], [`StreamError::EndedEarly`], or a
    /// [`Decode`](Error::Decode) error of a body without a length), stalled
    /// ([`TimeoutKind::Read`]) or past its deadline, too large, or that did
    /// not decode, a stream's error, and a call stopped or shut down while
    /// its body was read (the same as [`ResponseStream::http`](crate::ResponseStream::http)
    /// gives).
    ///
    /// `None` when no answer came: the server could not be reached, a
    /// timeout before the headers, a bad setup; and for the errors of
    /// [`Response::parse_output`] and of the accessors that decode a
    /// response's parts, which came from no answer of their own.
    ///
    /// ```no_run
    /// use openrouter_responses::{Client, Request};
    /// let client = Client::from_env()?;
    /// let request = Request::builder().model("openai/gpt-4o-mini").input("Hi").build();
    /// if let Err(err) = client.send(&request) {
    ///     let generation = err.http().and_then(|h| h.generation_id());
    ///     eprintln!("failed ({}): {err}", generation.unwrap_or("no answer"));
    /// }
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn http(&self) -> Option<&HttpInfo> {
        match self {
            Error::Api(e) => Some(&e.http),
            Error::Transport(t) => t.http.as_ref(),
            Error::Timeout(t) => t.http.as_ref(),
            Error::Decode(d) => d.http.as_ref(),
            Error::Stream(s) => s.0 .1.as_ref(),
            _ => None,
        }
    }

    /// The server's error, when this is an [`Error::Api`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// How long the server asked the caller to wait before trying again
    /// ([`ApiError::retry_after`]), for an [`Error::Api`] that said so: for a
    /// caller that retries by itself, beside [`is_retryable`](Error::is_retryable).
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|e| e.retry_after)
    }

    /// Whether a later attempt of the same request may succeed: a retryable
    /// status or server error code, a transport failure (not a TLS failure,
    /// a proxy's refusal, a stop or a shutdown), a timeout (a stalled body
    /// and a passed `total_timeout` included), or a body that broke off
    /// ([`StreamError::Io`], but not the failure of a recording's writer) or
    /// ended before its terminal event ([`StreamError::EndedEarly`], unless
    /// its [`cause`](StreamError::EndedEarly::cause), the error that ended
    /// the stream, is not: a stop, a shutdown or a limit), or
    /// a successful answer's body that ended before its JSON did (an
    /// [`Error::Decode`] of [`DecodeTarget::ResponseBody`] whose body is
    /// empty, or, having no length, was cut short where the connection
    /// closed, inside a value or a character): the same answer with a
    /// length, or as an event stream, would have broken off or ended early.
    /// A body as long as its `Content-Length` came whole: one whose JSON
    /// ends early is a decode error like any other.
    ///
    /// This is advice for a new request, broader than what the client retries
    /// by itself (nothing after the response headers: see the README's
    /// Reliability section). A size limit, a decode error, a refusal or a
    /// bad setup would fail again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Transport(t) => !matches!(
                t.kind,
                TransportKind::Tls
                    | TransportKind::ProxyRefused
                    | TransportKind::Shutdown
                    | TransportKind::Stopped
            ),
            Error::Timeout(_) => true,
            Error::Decode(d) => d.ended_early,
            Error::Stream(s) => match &**s {
                StreamError::Io(e) => !is_recording_failure(e),
                StreamError::EndedEarly { cause, .. } => {
                    cause.as_ref().is_none_or(Error::is_retryable)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the server said that a rate limit was hit (HTTP 429, or a
    /// `rate_limit_exceeded` code or error type).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Api(e) if e.is_rate_limited())
    }

    /// Whether this is a timeout, of any phase.
    ///
    /// A timeout that ended a stream is, through
    /// [`final_response`](crate::ResponseStream::final_response), the
    /// [`cause`](StreamError::EndedEarly::cause) of its early end:
    /// [`underlying`](Error::underlying) reaches it
    /// (`err.underlying().is_timeout()`).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// The error behind a stream's early end: the
    /// [`cause`](StreamError::EndedEarly::cause) of a
    /// [`StreamError::EndedEarly`] that has one (a stop, a shutdown, a
    /// timeout, a broken connection, a size limit), and this error itself
    /// otherwise.
    ///
    /// [`final_response`](crate::ResponseStream::final_response) answers
    /// such an error with the early end, which keeps what arrived, whether
    /// it met the error itself or the iterator had already reported it; a
    /// program matches what ended the stream the same way either way, and
    /// as the bare error of a call that failed before its stream began.
    ///
    /// ```
    /// use openrouter_responses::{Error, ResponseStream, TransportKind};
    ///
    /// let created = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\n";
    /// let mut stream = ResponseStream::from_reader(created.as_bytes());
    /// stream.next();
    /// stream.close(); // as a stop through a `StopHandle` does
    /// let err = stream.final_response().unwrap_err();
    /// assert!(matches!(err, Error::Stream(_)), "an early end, with what arrived");
    /// let stopped = |e: &Error| {
    ///     matches!(e.underlying(), Error::Transport(t) if t.kind() == TransportKind::Stopped)
    /// };
    /// assert!(stopped(&err));
    /// assert!(!err.underlying().is_timeout());
    /// ```
    pub fn underlying(&self) -> &Error {
        match self {
            Error::Stream(s) => match &**s {
                StreamError::EndedEarly {
                    cause: Some(cause), ..
                } => cause,
                _ => self,
            },
            _ => self,
        }
    }

    /// The error of a body that a stop or a shutdown (`halted`) cut: a
    /// stream's early end keeps what arrived, with `halted` as its cause;
    /// any other error gives way to `halted`, with this one's answer.
    pub(crate) fn halted_by(self, halted: Error) -> Self {
        let mut failure = match self {
            Error::Stream(failure) if matches!(*failure, StreamError::EndedEarly { .. }) => failure,
            other => {
                return match other.http() {
                    Some(http) => halted.in_answer(http),
                    None => halted,
                }
            }
        };
        let (error, http) = &mut *failure.0;
        if let StreamError::EndedEarly { cause, .. } = error {
            *cause = Some(match http {
                Some(http) => halted.in_answer(http),
                None => halted,
            });
        }
        Error::Stream(failure)
    }

    /// What a call of a client that was shut down fails with.
    pub(crate) fn shut_down() -> Self {
        Self::ended(TransportKind::Shutdown)
    }

    /// What a call stopped by its [`StopHandle`](crate::StopHandle) fails with.
    pub(crate) fn stopped() -> Self {
        Self::ended(TransportKind::Stopped)
    }

    /// A call ended on purpose: a transport error of `kind`, without a
    /// source (nothing failed; the `Display` says it all, once).
    fn ended(kind: TransportKind) -> Self {
        Error::Transport(Box::new(TransportError {
            kind,
            source: None,
            http: None,
            proxy: None,
        }))
    }

    pub(crate) fn incomplete(
        reason: Option<crate::response::IncompleteReason>,
        text: String,
    ) -> Self {
        Error::Incomplete(Box::new(IncompleteError { reason, text }))
    }

    pub(crate) fn refusal(text: String) -> Self {
        Error::Refusal(RefusalError(Box::new(text)))
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config(ConfigError(Box::new(message.into())))
    }

    pub(crate) fn decode(
        what: DecodeTarget,
        body: impl Into<String>,
        source: serde_json::Error,
    ) -> Self {
        Error::Decode(Box::new(DecodeError::new(what, body.into(), source)))
    }

    /// The error of a response body that ended before its JSON did: empty,
    /// or cut short (see [`Error::is_retryable`]).
    pub(crate) fn body_ended_early(body: impl Into<String>, source: serde_json::Error) -> Self {
        let mut d = DecodeError::new(DecodeTarget::ResponseBody, body.into(), source);
        d.ended_early = true;
        Error::Decode(Box::new(d))
    }

    /// The error for `text` that is not base64: a [`DecodeError`] whose
    /// source says where it went wrong.
    pub(crate) fn base64(text: &str, e: crate::base64::InvalidBase64) -> Self {
        let reason = format!("invalid base64 at byte {}", e.at);
        Error::decode(
            DecodeTarget::Base64,
            text,
            <serde_json::Error as serde::de::Error>::custom(reason),
        )
    }

    pub(crate) fn stream(e: StreamError) -> Self {
        Error::Stream(StreamFailure(Box::new((e, None))))
    }

    /// The error with the client's credentials (`secrets`) replaced by
    /// `***` wherever the server's text put them: an [`ApiError`]'s fields
    /// and headers, a [`DecodeError`]'s text and JSON error, the answer's
    /// headers of every variant. Only errors are scanned.
    pub(crate) fn redacted(mut self, secrets: &crate::redact::Secrets) -> Self {
        if secrets.is_empty() {
            return self;
        }
        let http = match &mut self {
            Error::Api(a) => {
                a.redact(secrets);
                None
            }
            Error::Decode(d) => {
                d.redact(secrets);
                None
            }
            Error::Stream(s) => {
                let (error, http) = &mut *s.0;
                if let StreamError::TerminalUndecodable { decode, .. } = error {
                    decode.redact(secrets);
                }
                http.as_mut()
            }
            Error::Transport(t) => t.http.as_mut(),
            Error::Timeout(t) => t.http.as_mut(),
            Error::Config(_) | Error::Refusal(_) | Error::Incomplete(_) => None,
        };
        if let Some(http) = http {
            http.redact(secrets);
        }
        self
    }

    /// Gives an error met once the answer's headers had arrived (a body
    /// cut short, stalled, too large or undecodable, a stream that ended
    /// early, a call stopped while its body was read) the answer's status
    /// and headers, for [`http`](Self::http); one that has them keeps them.
    pub(crate) fn in_answer(mut self, http: &HttpInfo) -> Self {
        let slot = match &mut self {
            Error::Transport(t) => &mut t.http,
            Error::Timeout(t) => &mut t.http,
            Error::Decode(d) => &mut d.http,
            Error::Stream(s) => &mut s.0 .1,
            _ => return self,
        };
        if slot.is_none() {
            *slot = Some(http.clone());
        }
        self
    }

    /// A copy of an error that ended the reading of a body (a stop, a
    /// shutdown, a timeout, a body that broke or broke a limit), kept as
    /// the cause of the [`StreamError::EndedEarly`] that
    /// [`final_response`](crate::ResponseStream::final_response) answers
    /// once the original was handed out, or of a decode error that ended it
    /// (a terminal event, a body that is no stream), which it answers with
    /// again; `None` for the other errors. An I/O error or a transport
    /// error's source is copied as its kind and text (a recording's failure
    /// stays one), a JSON error as its message.
    pub(crate) fn end_copy(&self) -> Option<Error> {
        let copy = match self {
            Error::Decode(d) => Error::Decode(Box::new(d.copy())),
            Error::Transport(t) => Error::Transport(Box::new(TransportError {
                kind: t.kind,
                source: (t.source.as_ref()).map(|s| s.to_string().into()),
                http: t.http.clone(),
                proxy: t.proxy.clone(),
            })),
            Error::Timeout(t) => Error::Timeout(t.clone()),
            Error::Stream(s) => {
                let (error, http) = &*s.0;
                let error = match error {
                    StreamError::Io(e) => {
                        let text = e.to_string();
                        StreamError::Io(if is_recording_failure(e) {
                            let copy = io::Error::new(e.kind(), text);
                            io::Error::new(e.kind(), crate::stream::RecordError(copy))
                        } else {
                            io::Error::new(e.kind(), text)
                        })
                    }
                    StreamError::LineTooLong { limit } => {
                        StreamError::LineTooLong { limit: *limit }
                    }
                    StreamError::EventTooLarge { limit } => {
                        StreamError::EventTooLarge { limit: *limit }
                    }
                    StreamError::BodyTooLarge { limit } => {
                        StreamError::BodyTooLarge { limit: *limit }
                    }
                    StreamError::EndedEarly { .. } | StreamError::TerminalUndecodable { .. } => {
                        return None
                    }
                };
                Error::Stream(StreamFailure(Box::new((error, http.clone()))))
            }
            _ => return None,
        };
        Some(copy)
    }

    /// A timeout of `kind`, from running out of `setting` (whose value the
    /// client adds: see [`with_limits`](Self::with_limits)).
    pub(crate) fn timeout(kind: TimeoutKind, setting: Option<TimeoutSetting>) -> Self {
        Error::Timeout(Box::new(TimeoutError {
            kind,
            setting: setting.map(|s| (s, None)),
            http: None,
        }))
    }

    /// Gives a timeout the value of the setting that ran out, from the
    /// call's `limits`.
    pub(crate) fn with_limits(mut self, limits: &Limits) -> Self {
        if let Error::Timeout(t) = &mut self {
            if let Some((setting, value @ None)) = &mut t.setting {
                *value = limits.of(*setting);
            }
        }
        self
    }

    /// Maps an I/O error met while reading a response body: a read timeout
    /// becomes [`Error::Timeout`], anything else [`StreamError::Io`].
    pub(crate) fn from_body_io(e: io::Error) -> Self {
        // The recording of a teed stream failed: an error of the writer's
        // kind, whatever it is, that says so and has the writer's as source.
        if e.get_ref()
            .is_some_and(|i| i.is::<crate::stream::RecordError>())
        {
            let kind = e.kind();
            let recorded = e
                .into_inner()
                .and_then(|i| i.downcast::<crate::stream::RecordError>().ok());
            return Error::stream(StreamError::Io(match recorded {
                Some(r) => io::Error::new(r.0.kind(), *r),
                None => io::Error::from(kind),
            }));
        }
        // ureq's own error first: its timeouts say which deadline fired.
        match e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
            Some(ureq::Error::Timeout(t)) => {
                return Error::timeout(TimeoutKind::from_ureq(*t), TimeoutSetting::from_ureq(*t))
            }
            Some(ureq::Error::BodyExceedsLimit(limit)) => {
                return Error::stream(StreamError::BodyTooLarge { limit: *limit })
            }
            _ => {}
        }
        if e.kind() == io::ErrorKind::TimedOut {
            return Error::timeout(TimeoutKind::Read, Some(TimeoutSetting::Read));
        }
        Error::stream(StreamError::Io(e))
    }

    /// Maps an error from ureq met before the response status arrived.
    ///
    /// No body is read yet, so no timeout here is [`TimeoutKind::Read`]: the
    /// idle read timeout firing here is a silence while the response headers
    /// were awaited (or, rarely, during a TLS or proxy handshake), which is
    /// [`TimeoutKind::ResponseHeaders`].
    #[cfg(test)]
    pub(crate) fn from_ureq(e: ureq::Error) -> Self {
        Self::from_ureq_via(e, &Route::Direct)
    }

    /// [`from_ureq`](Self::from_ureq) for a call that took `route`: through
    /// a proxy, a connection that could not be made, or a host that could
    /// not be looked up (when the proxy looks up the server's), is the
    /// proxy's.
    pub(crate) fn from_ureq_via(e: ureq::Error, route: &Route) -> Self {
        use ureq::Error as U;
        if let Some((address, reason)) = match &e {
            U::Io(io) => unsendable_through_socks(io, route),
            _ => None,
        } {
            return Error::config(format!(
                "the call cannot be made through the socks proxy {address}: {reason}"
            ));
        }
        let kind = match &e {
            U::Timeout(ureq::Timeout::PerRead) => {
                return Error::timeout(TimeoutKind::ResponseHeaders, Some(TimeoutSetting::Read))
            }
            U::Timeout(t) => {
                return Error::timeout(TimeoutKind::from_ureq(*t), TimeoutSetting::from_ureq(*t))
            }
            U::Io(io) if io.kind() == io::ErrorKind::TimedOut => {
                return Error::timeout(TimeoutKind::Other, None)
            }
            // These messages may quote the URL: its user information is hidden.
            U::BadUri(_) | U::Http(_) | U::RequireHttpsOnly(_) | U::InvalidProxyUrl => {
                return Error::config(crate::client::mask_userinfo(&e.to_string()))
            }
            U::HostNotFound => TransportKind::HostNotFound,
            U::Io(io) if is_failed_lookup(io) => TransportKind::HostNotFound,
            U::Io(io) => match io.kind() {
                io::ErrorKind::ConnectionRefused
                | io::ErrorKind::HostUnreachable
                | io::ErrorKind::NetworkUnreachable => TransportKind::Connect,
                // The TLS layer reports a failed handshake or a refused
                // certificate as invalid data read from the socket; nothing
                // else reads the socket's bytes before the status line.
                io::ErrorKind::InvalidData => TransportKind::Tls,
                _ => TransportKind::Io,
            },
            U::ConnectionFailed => TransportKind::Connect,
            U::ConnectProxyFailed(reason) if is_connect_refusal(reason) => {
                TransportKind::ProxyRefused
            }
            U::ConnectProxyFailed(_) => TransportKind::Proxy,
            U::Tls(_) | U::TlsRequired => TransportKind::Tls,
            #[cfg(feature = "rustls")]
            U::Rustls(_) | U::Pem(_) => TransportKind::Tls,
            #[cfg(feature = "native-tls")]
            U::NativeTls(_) | U::Der(_) => TransportKind::Tls,
            U::Protocol(_) | U::LargeResponseHeader(..) => TransportKind::Protocol,
            U::TooManyRedirects | U::RedirectFailed => TransportKind::Redirect,
            _ => TransportKind::Other,
        };
        let kind = match (kind, route) {
            (TransportKind::Connect, Route::Proxy { .. })
            | (
                TransportKind::HostNotFound,
                Route::Proxy {
                    resolves_target: false,
                    ..
                },
            ) => TransportKind::Proxy,
            // A SOCKS proxy's failure (the server's refusal it passes on, its
            // own) or refusal (by its rules, of the password) is an I/O error
            // of no kind of its own, or `PermissionDenied`, from its handshake.
            (TransportKind::Io, Route::Proxy { socks: true, .. }) => {
                socks_failure(&e).unwrap_or(TransportKind::Io)
            }
            (kind, _) => kind,
        };
        // A source that says only what the kind says (ureq's "host not
        // found", "connection failed") is left out: the chain says it once.
        // Nor is a bare "connection failed" kept below a proxy's failure,
        // which says more.
        let says_more = e.to_string() != kind.to_string()
            && !(matches!(e, U::ConnectionFailed) && kind != TransportKind::Connect);
        let source: Option<Box<dyn std::error::Error + Send + Sync>> =
            says_more.then(|| Box::new(e) as _);
        // A proxy's failure names the proxy.
        let proxy = match route {
            Route::Proxy { address, .. }
                if matches!(kind, TransportKind::Proxy | TransportKind::ProxyRefused) =>
            {
                Some(address.clone())
            }
            _ => None,
        };
        Error::Transport(Box::new(TransportError {
            kind,
            source,
            http: None,
            proxy,
        }))
    }
}

/// How a client's calls reach the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// Straight to the server.
    Direct,
    /// Through a proxy, which looks the server's host up itself unless the
    /// client does (`socks4://`, `socks5://`).
    Proxy {
        /// Whether the client looks the server's host up itself.
        resolves_target: bool,
        /// Whether it is a SOCKS proxy.
        socks: bool,
        /// The proxy's `host:port`, without user information.
        address: Arc<str>,
    },
}

/// The proxy's address and why, when `e` says that the client could not
/// even ask a SOCKS proxy for the connection: what it would have to send
/// does not fit the protocol, which no retry changes. The HTTP layer gives
/// these as an `InvalidInput` error of its own: a user name or password
/// that SOCKS5 cannot carry (it takes 1 to 255 bytes of each, RFC 1929;
/// checked once the proxy asks for them, which a proxy that takes no
/// authentication never does), a host name over 255 bytes, an IPv6 address
/// through SOCKS4. Never the credentials themselves.
fn unsendable_through_socks<'r>(e: &io::Error, route: &'r Route) -> Option<(&'r str, String)> {
    let Route::Proxy {
        socks: true,
        address,
        ..
    } = route
    else {
        return None;
    };
    if e.kind() != io::ErrorKind::InvalidInput || e.raw_os_error().is_some() {
        return None;
    }
    let said = e.get_ref()?.to_string();
    let reason = match said.as_str() {
        "invalid username" | "invalid password" => {
            format!("{said} (SOCKS5 takes a user name and a password of 1 to 255 bytes each)")
        }
        _ => said,
    };
    Some((address, reason))
}

/// What an I/O error before the status is through a SOCKS proxy, when it
/// is of the kinds its handshake's failures have: a refusal of the client
/// (its password or its lack of one, the proxy's rules, a command or an
/// address kind it does not support), which a retry meets again, is
/// [`TransportKind::ProxyRefused`]; another failure of the
/// proxy (the server it passes on as unreachable, its own trouble) is
/// [`TransportKind::Proxy`].
fn socks_failure(e: &ureq::Error) -> Option<TransportKind> {
    let ureq::Error::Io(io) = e else {
        return None;
    };
    match io.kind() {
        // A refused password (SOCKS5), or an ident check that failed (SOCKS4).
        io::ErrorKind::PermissionDenied => Some(TransportKind::ProxyRefused),
        io::ErrorKind::Other => {
            // The HTTP layer's words for the SOCKS5 replies that refuse the
            // client: no authentication method it offered is accepted (a
            // password is wanted, or the one given is of no use), the
            // proxy's rules forbid the connection, or it does not do what
            // the client asks (the CONNECT command, or the kind of address
            // given: an IPv6 address, a host name), which it would refuse
            // again.
            let refused = io.get_ref().is_some_and(|inner| {
                matches!(
                    inner.to_string().as_str(),
                    "no acceptable auth methods"
                        | "unknown auth method"
                        | "connection not allowed by ruleset"
                        | "command not supported"
                        | "address kind not supported"
                )
            });
            Some(if refused {
                TransportKind::ProxyRefused
            } else {
                TransportKind::Proxy
            })
        }
        _ => None,
    }
}

/// Whether an HTTP proxy's answer to `CONNECT`, as the HTTP layer words its
/// failure (`proxy server responded 407/…`), refuses the client: 407, its
/// credentials missing or wrong, or 403, forbidden by its rules.
fn is_connect_refusal(reason: &str) -> bool {
    let status = reason
        .strip_prefix("proxy server responded ")
        .and_then(|rest| rest.get(..3));
    matches!(status, Some("403" | "407"))
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// Which timeout fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Setting up the connection (TCP, proxy, TLS) took longer than the
    /// connect timeout.
    Connect,
    /// Sending the request stalled: the server took none of its bytes for
    /// longer than the idle read timeout.
    Send,
    /// The server sent no response headers within the response timeout, or
    /// was silent for longer than the idle read timeout before them.
    ResponseHeaders,
    /// No bytes arrived for longer than the idle read timeout, while reading a
    /// body or a stream, after the response headers. Never retried by the
    /// client.
    Read,
    /// The deadline of the whole call passed
    /// ([`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout)):
    /// in an attempt, before a retry, or while reading the body or the
    /// stream. Never retried by the client.
    Total,
    /// Another deadline of the HTTP layer.
    Other,
}

impl TimeoutKind {
    fn from_ureq(t: ureq::Timeout) -> Self {
        use ureq::Timeout as T;
        match t {
            T::Resolve | T::Connect => TimeoutKind::Connect,
            T::SendRequest | T::SendBody | T::PerWrite => TimeoutKind::Send,
            T::RecvResponse => TimeoutKind::ResponseHeaders,
            T::PerRead | T::RecvBody => TimeoutKind::Read,
            T::Global => TimeoutKind::Total,
            _ => TimeoutKind::Other,
        }
    }
}

/// The phase, in words: `while connecting`, `waiting for response
/// headers`, ….
impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "while connecting",
            TimeoutKind::Send => "while sending the request",
            TimeoutKind::ResponseHeaders => "waiting for response headers",
            TimeoutKind::Read => "waiting for more of the body",
            TimeoutKind::Total => "at the deadline of the call",
            TimeoutKind::Other => "in the http layer",
        })
    }
}

/// A timeout that fired (see [`Error::Timeout`]).
///
/// Its `Display` says in which phase, and which setting ran out and its
/// value, the name of the setter of [`ClientBuilder`](crate::ClientBuilder)
/// (and of [`RequestOptions`](crate::RequestOptions), but for
/// `connect_timeout`) that raises it: `timed out waiting for more of the
/// body (read_timeout: 300 s)`, `timed out waiting for response headers
/// (response_timeout: 600 s)`.
///
/// ```
/// use openrouter_responses::{Error, TimeoutKind};
/// fn stalled(err: &Error) -> bool {
///     matches!(err, Error::Timeout(t) if t.kind() == TimeoutKind::Read)
/// }
/// # let _ = stalled;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    /// The setting that ran out, and its value once the client gave it.
    setting: Option<(TimeoutSetting, Option<Duration>)>,
    /// The answer whose body stalled ([`Error::http`]).
    http: Option<HttpInfo>,
}

impl TimeoutError {
    /// In which phase the timeout fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The value of the setting that ran out (the whole of
    /// [`total_timeout`](crate::ClientBuilder::total_timeout) for
    /// [`TimeoutKind::Total`], not what was left of it for the attempt),
    /// when known: `None` for a deadline of the HTTP layer the client does
    /// not set.
    pub fn limit(&self) -> Option<Duration> {
        self.setting.and_then(|(_, value)| value)
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out {}", self.kind)?;
        match self.setting {
            Some((setting, Some(value))) => write!(f, " ({setting}: {})", Seconds(value)),
            Some((setting, None)) => write!(f, " ({setting})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for TimeoutError {}

/// The timeout settings of a client and of a call, by the setters' names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeoutSetting {
    Connect,
    Response,
    Read,
    Total,
}

impl TimeoutSetting {
    /// The setting behind a deadline of ureq's, as the client sets them.
    fn from_ureq(t: ureq::Timeout) -> Option<Self> {
        use ureq::Timeout as T;
        match t {
            T::Connect => Some(TimeoutSetting::Connect),
            T::RecvResponse => Some(TimeoutSetting::Response),
            // The client sets both to its idle timeout.
            T::PerRead | T::PerWrite => Some(TimeoutSetting::Read),
            T::Global => Some(TimeoutSetting::Total),
            _ => None,
        }
    }
}

impl fmt::Display for TimeoutSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutSetting::Connect => "connect_timeout",
            TimeoutSetting::Response => "response_timeout",
            TimeoutSetting::Read => "read_timeout",
            TimeoutSetting::Total => "total_timeout",
        })
    }
}

/// The timeouts in force for a call: the client's, or the call's own.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Limits {
    pub(crate) connect: Option<Duration>,
    pub(crate) response: Option<Duration>,
    pub(crate) read: Option<Duration>,
    pub(crate) total: Option<Duration>,
}

impl Limits {
    fn of(&self, setting: TimeoutSetting) -> Option<Duration> {
        match setting {
            TimeoutSetting::Connect => self.connect,
            TimeoutSetting::Response => self.response,
            TimeoutSetting::Read => self.read,
            TimeoutSetting::Total => self.total,
        }
    }
}

/// A duration as a person reads it: `300 s`, `250 ms`, `1.5 s`.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d.subsec_nanos() == 0 {
            write!(f, "{} s", d.as_secs())
        } else if d.as_secs() == 0 && d.subsec_nanos() % 1_000_000 == 0 {
            write!(f, "{} ms", d.subsec_millis())
        } else {
            write!(f, "{} s", d.as_secs_f64())
        }
    }
}

/// The server could not be reached, or the connection failed before an
/// answer; or the call was stopped or its client shut down, at any point
/// ([`TransportKind::Stopped`], [`TransportKind::Shutdown`]).
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    /// The failure behind it; none for a call stopped or shut down on
    /// purpose, or when it says no more than the kind does.
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    /// The answer being read when the call was stopped or shut down
    /// ([`Error::http`]).
    http: Option<HttpInfo>,
    /// The proxy's `host:port`, of a proxy's failure or refusal.
    proxy: Option<Arc<str>>,
}

impl TransportError {
    /// What kind of failure this was.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }
}

/// The kind's words; a proxy's failure names the proxy (`proxy connection
/// failed (proxy: 10.0.0.1:3128)`), never its user name or password.
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)?;
        if let Some(proxy) = &self.proxy {
            write!(f, " (proxy: {proxy})")?;
        }
        Ok(())
    }
}

/// The words of a [`TransportError`]'s `Display`: `connection failed`,
/// `host not found`, ….
impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "connection failed",
            TransportKind::HostNotFound => "host not found",
            TransportKind::Tls => "tls handshake failed",
            TransportKind::Proxy => "proxy connection failed",
            TransportKind::ProxyRefused => "the proxy refused the connection",
            TransportKind::Protocol => "malformed http answer",
            TransportKind::Redirect => "redirect not followed",
            TransportKind::Io => "connection broken",
            TransportKind::Shutdown => "the client was shut down",
            TransportKind::Stopped => "the call was stopped",
            TransportKind::Other => "transport failed",
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}

/// The kind of a [`TransportError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// The TCP connection to the server could not be made (refused,
    /// unreachable). Through a proxy, one to the proxy is
    /// [`Proxy`](TransportKind::Proxy).
    Connect,
    /// The server's host name did not resolve. Through a proxy, a name
    /// that did not resolve is the proxy's, [`Proxy`](TransportKind::Proxy),
    /// but through a `socks4://` or `socks5://` proxy, to which the client
    /// gives the server's address, it may be either, and stays
    /// `HostNotFound` (`socks4a://` and `socks5h://` leave the server's
    /// name to the proxy).
    HostNotFound,
    /// TLS failed: a bad certificate, or a handshake error.
    Tls,
    /// The proxy failed: it could not be reached (refused, unreachable, its
    /// host name not found: see [`HostNotFound`](TransportKind::HostNotFound)
    /// for a SOCKS proxy), or it could not open a tunnel to the server (which
    /// it found unreachable, or an HTTP proxy's error status other than 403
    /// and 407). Retried. The error names the proxy: `proxy connection
    /// failed (proxy: 10.0.0.1:3128)` (its host and port, never its user
    /// name or password).
    Proxy,
    /// The proxy refused the client: its credentials (a wrong proxy
    /// password, or none where one is wanted: a SOCKS5 proxy's refusal of
    /// the password or of every method offered, an HTTP proxy's 407), its
    /// rules (a SOCKS5 proxy's "connection not allowed by ruleset", an HTTP
    /// proxy's 403, a SOCKS4 proxy's failed ident check), or what the client
    /// asks of it (a SOCKS5 proxy's "command not supported", for the
    /// `CONNECT` every call asks for, or "address kind not supported", for
    /// the kind of address the proxy URL's scheme gives it: a host name
    /// through `socks5h://`, an address through `socks5://`). Not retried: a
    /// retry would be refused again. Fix the proxy URL or its password, or
    /// use another proxy. The error names the proxy, as
    /// [`Proxy`](TransportKind::Proxy)'s does.
    ///
    /// What the client cannot even send to a SOCKS proxy (a user name or a
    /// password over 255 bytes, or an empty password, once a SOCKS5 proxy
    /// asks for them; a host name over 255 bytes; an IPv6 address through
    /// SOCKS4) is no refusal but a setup that cannot work:
    /// [`Error::Config`], which names the proxy (never the credentials) and
    /// is not retried either. It is found at the call, not when the client
    /// is built: a SOCKS5 proxy that takes no authentication never asks for
    /// the credentials, and the call goes through.
    ProxyRefused,
    /// The server's answer was not valid HTTP.
    Protocol,
    /// A redirect could not be followed. Never produced by this client: it
    /// follows no redirects, and a 3xx answer comes back as [`Error::Api`]
    /// with its status and `Location` header. Kept for matches written
    /// against it.
    Redirect,
    /// The connection broke (reset, closed) before the answer arrived.
    Io,
    /// The client was shut down ([`Client::shutdown`](crate::Client::shutdown)).
    Shutdown,
    /// The call was stopped through the [`StopHandle`](crate::StopHandle)
    /// it was made with ([`RequestOptions::stop_handle`](crate::RequestOptions::stop_handle)).
    Stopped,
    /// Anything else.
    Other,
}

/// What a [`DecodeError`] was decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeTarget {
    /// The JSON body of a successful answer.
    ResponseBody,
    /// One event of a stream.
    StreamEvent,
    /// The model's output text, parsed into a caller's type.
    OutputText,
    /// The arguments of a function call, parsed into a caller's type.
    Arguments,
    /// Base64 data (a generated image), decoded into bytes.
    Base64,
}

/// What was decoded, in words: `response body`, `stream event`, `output
/// text`, `function call arguments`, `base64 data`.
impl fmt::Display for DecodeTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeTarget::ResponseBody => "response body",
            DecodeTarget::StreamEvent => "stream event",
            DecodeTarget::OutputText => "output text",
            DecodeTarget::Arguments => "function call arguments",
            DecodeTarget::Base64 => "base64 data",
        })
    }
}

/// A body, event or text that could not be decoded, with the raw text kept.
///
/// A successful answer's body that ended before its JSON did (empty, or cut
/// where the connection closed a body without a length) is one too, and
/// [`Error::is_retryable`] says yes to it; an empty body's
/// [`source`](DecodeError::source) says `the body is empty`.
///
/// Its [`source`](std::error::Error::source) is the JSON error, or, when
/// that error's message is long (it quotes a value of the input, which may
/// be megabytes) or holds control characters, the same message on one line
/// with its middle cut out; [`DecodeError::source`] is the JSON error as it
/// is. Its `Debug` shows the first 1000 characters of a longer `body`, and
/// its length.
#[non_exhaustive]
pub struct DecodeError {
    /// What was being decoded.
    pub what: DecodeTarget,
    /// The raw text that failed to decode. (For a stream event with strings
    /// of 64 KiB or more, which are not buffered as they came, the same JSON
    /// with those strings written again: escapes may be spelled otherwise.)
    /// Of a client's answer, the client's key is replaced by `***` (see
    /// [`Error`]).
    pub body: String,
    /// The JSON error (for [`DecodeTarget::Base64`], a custom error that
    /// says at which byte the text stops being base64). One whose message
    /// quotes the client's key is rebuilt with that message, the key
    /// replaced by `***`: its `line()` and `column()` are then 0, and the
    /// position is in the message.
    pub source: serde_json::Error,
    /// The JSON error's message as the chain of sources shows it, when it
    /// is not shown as it is.
    shown: Option<Box<ShownMessage>>,
    /// The answer whose body or event this is ([`Error::http`]).
    http: Option<HttpInfo>,
    /// Whether this is a response body that ended before its JSON did
    /// (see [`Error::is_retryable`]).
    ended_early: bool,
}

impl DecodeError {
    pub(crate) fn new(what: DecodeTarget, body: String, source: serde_json::Error) -> Self {
        let shown = ShownMessage::of(&source).map(Box::new);
        DecodeError {
            what,
            body,
            source,
            shown,
            http: None,
            ended_early: false,
        }
    }
}

impl DecodeError {
    /// A copy, its JSON error (which cannot be cloned) rebuilt from its
    /// message: `line()` and `column()` are then 0, and the position is in
    /// the message.
    fn copy(&self) -> DecodeError {
        let source = <serde_json::Error as serde::de::Error>::custom(self.source.to_string());
        DecodeError {
            shown: ShownMessage::of(&source).map(Box::new),
            source,
            what: self.what,
            body: self.body.clone(),
            http: self.http.clone(),
            ended_early: self.ended_early,
        }
    }

    /// Replaces the client's credentials in the text, the JSON error's
    /// message (a JSON error that quotes one is rebuilt with its message
    /// alone) and the answer's headers.
    fn redact(&mut self, secrets: &crate::redact::Secrets) {
        secrets.text(&mut self.body);
        if let Some(message) = secrets.scrub(&self.source.to_string()) {
            self.source = <serde_json::Error as serde::de::Error>::custom(message);
            self.shown = ShownMessage::of(&self.source).map(Box::new);
        }
        if let Some(http) = &mut self.http {
            http.redact(secrets);
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("DecodeError");
        d.field("what", &self.what)
            .field("body", &Abridged(&self.body))
            .field("source", &ShownSource(self));
        // Only that of an answer: an output text or arguments decoded by
        // the caller came with none.
        if let Some(http) = &self.http {
            d.field("http", http);
        }
        d.finish()
    }
}

/// The JSON error in a [`DecodeError`]'s `Debug`: as it is, or, when its
/// message is not shown as it is, that message as shown.
struct ShownSource<'a>(&'a DecodeError);

impl fmt::Debug for ShownSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.shown {
            None => fmt::Debug::fmt(&self.0.source, f),
            Some(shown) => f.debug_tuple("Error").field(&shown.0).finish(),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to decode {}", self.what)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.shown {
            Some(shown) => Some(&**shown),
            None => Some(&self.source),
        }
    }
}

/// The message of a JSON error too long or too odd to show as it is: its
/// head and its tail (where serde says what it expected), on one line, and
/// the position in the input.
#[derive(Debug)]
struct ShownMessage(String);

impl ShownMessage {
    /// Characters kept of the start and of the end of a long message.
    const HEAD: usize = 300;
    const TAIL: usize = 150;

    fn of(e: &serde_json::Error) -> Option<Self> {
        let whole = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = match e.line() {
            0 => whole.as_str(),
            _ => whole.strip_suffix(&position).unwrap_or(&whole),
        };
        let long = message
            .char_indices()
            .nth(Self::HEAD + Self::TAIL)
            .is_some();
        if !long
            && !message
                .chars()
                .any(|c| hidden(c) || c.is_whitespace() && c != ' ')
        {
            return None;
        }
        let mut shown = match message.char_indices().nth(Self::HEAD) {
            Some((head_end, _)) if long => {
                let tail_start = message
                    .char_indices()
                    .rev()
                    .nth(Self::TAIL - 1)
                    .map_or(head_end, |(i, _)| i.max(head_end));
                let (head, tail) = (&message[..head_end], &message[tail_start..]);
                let (head, tail) = (OneLine(head, usize::MAX), OneLine(tail, usize::MAX));
                format!("{head}…{tail}")
            }
            _ => OneLine(message, usize::MAX).to_string(),
        };
        if e.line() != 0 {
            shown.push_str(&position);
        }
        Some(ShownMessage(shown))
    }
}

impl fmt::Display for ShownMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShownMessage {}

/// A failure part-way through reading a body.
///
/// Its `Debug` shows the first 1000 characters of a partial response's
/// `Debug` (the `snapshot` of [`EndedEarly`](StreamError::EndedEarly) and
/// [`TerminalUndecodable`](StreamError::TerminalUndecodable), which holds
/// the whole text that arrived), and its length.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// Reading from the connection failed (a reset, or a close before the
    /// end), or the writer of a recorded stream
    /// ([`ResponseStream::tee`](crate::ResponseStream::tee)) failed: then
    /// the message says "recording the stream failed", the error has the
    /// writer's kind, and [`Error::is_retryable`] says no (the answer was
    /// fine; another would go to the same writer).
    #[error("{}", if is_recording_failure(.0) { "recording the stream failed" } else { "reading the body failed" })]
    Io(#[source] io::Error),
    /// An SSE line was longer than the limit (bytes).
    #[error("stream line exceeds the limit of {limit} bytes")]
    LineTooLong {
        /// The limit in force.
        limit: usize,
    },
    /// An SSE event's data was larger than the limit (bytes).
    #[error("stream event exceeds the limit of {limit} bytes")]
    EventTooLarge {
        /// The limit in force.
        limit: usize,
    },
    /// A JSON body was larger than the limit (bytes).
    #[error("response body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// The stream ended without `response.completed`, `response.incomplete`
    /// or `response.failed`. What had arrived is kept, and so is the error
    /// that ended it, if one did:
    /// [`final_response`](crate::ResponseStream::final_response) answers a
    /// stop, a shutdown, a timeout, a broken connection or a size limit with
    /// this early end, whether it met the error itself or the iterator had
    /// already reported it.
    #[error("stream ended before a terminal event")]
    EndedEarly {
        /// The response accumulated from the events that did arrive; `None`
        /// when none had.
        snapshot: Option<Box<Response>>,
        /// The error that ended the stream: a stop or a shutdown
        /// ([`Error::Transport`] of kind [`TransportKind::Stopped`] or
        /// [`TransportKind::Shutdown`]), a read or total timeout, a
        /// connection that broke ([`StreamError::Io`]) or a size limit, as
        /// [`final_response`](crate::ResponseStream::final_response) met it;
        /// a copy (an I/O error's kind and text) when the iterator,
        /// [`text_deltas`](crate::ResponseStream::text_deltas),
        /// [`deltas`](crate::ResponseStream::deltas) or
        /// [`next_event`](crate::ResponseStream::next_event) had already
        /// reported it (it is not read again). A stream
        /// [closed](crate::ResponseStream::close) before its end has a stop
        /// as its cause. `None` when the body ended cleanly before its
        /// terminal event.
        ///
        /// It is the error's [`source`](std::error::Error::source), and
        /// [`Error::underlying`] gives it. [`Error::is_retryable`] of the
        /// early end is its: no for a stop, a shutdown or a limit.
        #[source]
        cause: Option<Error>,
    },
    /// The terminal event (`response.completed`, `response.incomplete`, or
    /// the docs' `response.done`) arrived but could not be decoded: a member of a known name had a type
    /// the model does not take. What had arrived before it is kept, and so is
    /// the event's own text.
    #[error("the terminal event could not be decoded")]
    TerminalUndecodable {
        /// The response accumulated from the events before the terminal one,
        /// if any.
        snapshot: Option<Box<Response>>,
        /// Why the event did not decode, with its raw text in
        /// [`DecodeError::body`].
        #[source]
        decode: Box<DecodeError>,
    },
}

impl fmt::Debug for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn snapshot(s: &Option<Box<Response>>) -> Option<AbridgedDebug<'_, Response>> {
            s.as_deref().map(AbridgedDebug)
        }
        match self {
            StreamError::Io(e) => f.debug_tuple("Io").field(e).finish(),
            StreamError::LineTooLong { limit } => {
                f.debug_struct("LineTooLong").field("limit", limit).finish()
            }
            StreamError::EventTooLarge { limit } => f
                .debug_struct("EventTooLarge")
                .field("limit", limit)
                .finish(),
            StreamError::BodyTooLarge { limit } => f
                .debug_struct("BodyTooLarge")
                .field("limit", limit)
                .finish(),
            StreamError::EndedEarly { snapshot: s, cause } => f
                .debug_struct("EndedEarly")
                .field("snapshot", &snapshot(s))
                .field("cause", cause)
                .finish(),
            StreamError::TerminalUndecodable {
                snapshot: s,
                decode,
            } => f
                .debug_struct("TerminalUndecodable")
                .field("snapshot", &snapshot(s))
                .field("decode", decode)
                .finish(),
        }
    }
}

/// What [`Error::Stream`] holds: the [`StreamError`], which it
/// dereferences to, and the answer it came in ([`Error::http`]).
///
/// ```
/// use openrouter_responses::{Error, ResponseStream, StreamError};
/// let cut = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\n";
/// let err = ResponseStream::from_reader(cut.as_bytes()).final_response().unwrap_err();
/// let Error::Stream(failure) = err else { panic!("{err:?}") };
/// assert!(matches!(&*failure, StreamError::EndedEarly { .. }));
/// // Taken out whole, to keep what had arrived.
/// if let StreamError::EndedEarly { snapshot: Some(partial), .. } = failure.into_inner() {
///     assert_eq!(partial.id, "resp_1");
/// }
/// ```
pub struct StreamFailure(Box<(StreamError, Option<HttpInfo>)>);

impl StreamFailure {
    /// The [`StreamError`], taken out (to keep the partial response of a
    /// [`StreamError::EndedEarly`], say).
    pub fn into_inner(self) -> StreamError {
        self.0 .0
    }
}

impl std::ops::Deref for StreamFailure {
    type Target = StreamError;

    fn deref(&self) -> &StreamError {
        &self.0 .0
    }
}

/// The [`StreamError`]'s `Debug`, and the answer's status and headers.
impl fmt::Debug for StreamFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamFailure")
            .field("error", &self.0 .0)
            .field("http", &self.0 .1)
            .finish()
    }
}

/// The [`StreamError`]'s.
impl fmt::Display for StreamFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0 .0, f)
    }
}

/// The [`StreamError`]'s source.
impl std::error::Error for StreamFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0 .0)
    }
}

/// The server's `error.code`: a number (the HTTP-style code of the spec) or a
/// string (`"invalid_prompt"`, `"rate_limit_exceeded"`, …). A whole number
/// written as a float (`429.0`) reads as the number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorCode {
    /// A numeric code such as `429`.
    Number(i64),
    /// A string code such as `"rate_limit_exceeded"`.
    Text(String),
}

impl ErrorCode {
    /// The code as a string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ErrorCode::Text(s) => Some(s),
            ErrorCode::Number(_) => None,
        }
    }

    /// The code as a number, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            ErrorCode::Number(n) => Some(*n),
            ErrorCode::Text(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error code: a whole number or a string")
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Number(n))
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<ErrorCode, E> {
                i64::try_from(n)
                    .map(ErrorCode::Number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
            }

            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<ErrorCode, E> {
                // Whole and within i64's range (2^63 is exactly representable).
                if n.fract() == 0.0 && n >= -(2f64.powi(63)) && n < 2f64.powi(63) {
                    Ok(ErrorCode::Number(n as i64))
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Float(n), &self))
                }
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Text(s.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Text(s))
            }
        }

        d.deserialize_any(CodeVisitor)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Number(n) => write!(f, "{n}"),
            ErrorCode::Text(s) => f.write_str(s),
        }
    }
}

/// Why a model or provider was not available (`error.availability` of
/// availability errors).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Availability {
    /// `model_not_found`, `no_endpoints`, `capacity_exhausted`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Whether trying again later may succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    /// Seconds to wait before trying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<f64>,
    /// The models the request asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_models: Option<Vec<String>>,
    /// The providers affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected_providers: Option<Vec<String>>,
    /// What excluded the endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_by: Option<Vec<String>>,
    /// Models suggested instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_models: Option<Vec<String>>,
    /// The constraint that filtered the endpoints (`{field, detail}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Value>,
    /// A link to the documentation of this error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct Availability { code, retryable, retry_after, requested_models, affected_providers, excluded_by, fallback_models, constraint, docs_url, extra });

/// Where the server reported an [`ApiError`]: by the status of its answer,
/// or inside an answer whose status (2xx) says nothing about the error.
///
/// ```
/// use openrouter_responses::{ApiError, ErrorOrigin, HttpInfo};
/// let body = r#"{"error":{"code":503,"message":"No instances available"}}"#;
/// let err = ApiError::from_http(HttpInfo::new(503, vec![]), body.to_string());
/// assert_eq!(err.origin, ErrorOrigin::Status);
/// assert!(!err.origin.is_in_band());
///
/// // The same error as the body of a successful answer.
/// let err = ApiError::from_http(HttpInfo::new(200, vec![]), body.to_string());
/// assert_eq!(err.origin, ErrorOrigin::Envelope);
/// assert!(err.origin.is_in_band() && err.is_retryable());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorOrigin {
    /// An answer with an error status (not 2xx); its body, whatever its
    /// shape, gave the rest.
    Status,
    /// A successful (2xx) answer whose body was only an error envelope
    /// (`{"error": …}`) where a response was expected.
    Envelope,
    /// An error event of a stream that had begun (`error`,
    /// `response.failed`, …).
    Stream,
    /// The `error` of a failed response, read by [`Response::into_result`]
    /// or [`Response::parse_output`].
    Response,
}

impl ErrorOrigin {
    /// Whether the error came inside a successful (2xx) answer, whose status
    /// says nothing about it: every origin but [`Status`](ErrorOrigin::Status).
    /// A `code` that is an error status (`429` or `"429"`), else an
    /// [`http_status`](ApiError::http_status), then stands for the status
    /// meant (see [`ApiError::effective_status`],
    /// [`ApiError::is_rate_limited`], [`ApiError::is_retryable`]).
    pub fn is_in_band(self) -> bool {
        self != ErrorOrigin::Status
    }
}

/// What kind of error an [`ApiError`] is, whichever way it came: by the
/// status of an error answer or inside a successful one (a stream's `error`
/// event, a failed response, a 2xx error envelope), where the status says
/// nothing. Given by [`ApiError::kind`], which says how it is derived.
///
/// Each variant lists the statuses, `error_type`s and string codes that
/// map to it: the error types by the HTTP status OpenRouter's error
/// documentation gives each, so that an error in a 2xx answer is of the
/// kind its status would give it. A status, type or code not listed is
/// [`Other`](ApiErrorKind::Other); a later version may give some of those
/// a kind of their own (the enum is `#[non_exhaustive]`).
///
/// ```
/// use openrouter_responses::{ApiError, ApiErrorKind, HttpInfo};
/// // Out of credits, said by the status...
/// let body = r#"{"error":{"code":402,"message":"Insufficient credits"}}"#;
/// let err = ApiError::from_http(HttpInfo::new(402, vec![]), body.to_string());
/// assert_eq!(err.kind(), ApiErrorKind::PaymentRequired);
///
/// // ...or inside a stream, where the status is 200 and says nothing.
/// let event = serde_json::json!({"type": "error",
///     "error": {"code": "invalid_api_key", "message": "Invalid API key provided"}});
/// let err = ApiError::from_event(&HttpInfo::new(200, vec![]), &event, &event.to_string());
/// assert_eq!((err.effective_status(), err.kind()), (None, ApiErrorKind::Authentication));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// The API key is missing, invalid or revoked: status 401, error type
    /// `authentication`, code `invalid_api_key`.
    Authentication,
    /// The account or key has insufficient credits: status 402, error type
    /// `payment_required`.
    PaymentRequired,
    /// A moderation refusal: an error that would be
    /// [`Forbidden`](ApiErrorKind::Forbidden) but whose `error.metadata`
    /// lists why the input was flagged (see
    /// [`ApiError::moderation_reasons`]). A content filter's error (error
    /// type `content_policy_violation`, code
    /// `image_content_policy_violation`, which the docs give status 400)
    /// is [`InvalidRequest`](ApiErrorKind::InvalidRequest).
    Moderation,
    /// Not allowed: status 403 (insufficient permissions, a guardrail's
    /// block), error type `permission_denied`.
    Forbidden,
    /// Status 404, error types `not_found` and `image_not_found` (a model,
    /// an endpoint or a resource that does not exist or is not available).
    NotFound,
    /// A rate limit was hit: status 429, or an error type or code
    /// `rate_limit_exceeded`.
    RateLimited,
    /// The request, or the provider, took too long, as the server says:
    /// statuses 408, 504 and 524, error type `timeout`, code
    /// `vector_store_timeout`. (A timeout of the client itself is
    /// [`Error::Timeout`].)
    Timeout,
    /// The request cannot be served as it is: statuses 400, 412, 413 and
    /// 422; error types `invalid_request`, `invalid_prompt`,
    /// `precondition_failed`, `payload_too_large`, `unprocessable`, the
    /// length limits (`context_length_exceeded`, `max_tokens_exceeded`,
    /// `token_limit_exceeded`, `string_too_long`), `content_policy_violation`,
    /// `refusal` and the image errors (`invalid_image`, `image_too_large`,
    /// `image_too_small`, `unsupported_image_format`,
    /// `image_download_failed`); codes `invalid_prompt`, the policy
    /// refusals (`bio_policy`, `cyber_policy`,
    /// `misalignment_policy_violation`) and the image codes (`invalid_image`, `invalid_image_format`,
    /// `invalid_base64_image`, `invalid_image_url`, `image_too_large`,
    /// `image_too_small`, `image_parse_error`,
    /// `image_content_policy_violation`, `invalid_image_mode`,
    /// `image_file_too_large`, `unsupported_image_media_type`,
    /// `empty_image_file`, `failed_to_download_image`,
    /// `image_file_not_found`).
    InvalidRequest,
    /// No provider could serve the request now (down, overloaded, or none
    /// meets the routing requirements): statuses 502, 503 and 529, error
    /// types `provider_overloaded` and `provider_unavailable`.
    Unavailable,
    /// A failure on the server's side: status 500 and any other 5xx not
    /// above (Cloudflare's 520 to 523 too), error types `server` and
    /// `unmapped`, code `server_error`.
    Server,
    /// None of the above: another status (another 4xx, a redirect), an
    /// error type or code not listed (`data_residency_mismatch`, one new
    /// to the API), or an in-band error with neither.
    Other,
}

impl ApiErrorKind {
    /// The kind an error status stands for (`Forbidden` for a 403:
    /// [`ApiError::kind`] tells a moderation refusal by its metadata).
    fn of_status(status: u16) -> Self {
        match status {
            401 => Self::Authentication,
            402 => Self::PaymentRequired,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            429 => Self::RateLimited,
            408 | 504 | 524 => Self::Timeout,
            400 | 412 | 413 | 422 => Self::InvalidRequest,
            502 | 503 | 529 => Self::Unavailable,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }

    /// The kind of an `error_type`: that of the HTTP status OpenRouter's
    /// error documentation gives it; `None` for a type it does not list.
    fn of_error_type(t: &ErrorType) -> Option<Self> {
        let status = match t {
            ErrorType::Authentication => 401,
            ErrorType::PaymentRequired => 402,
            ErrorType::PermissionDenied => 403,
            ErrorType::NotFound | ErrorType::ImageNotFound => 404,
            ErrorType::PreconditionFailed => 412,
            ErrorType::PayloadTooLarge => 413,
            ErrorType::Unprocessable => 422,
            ErrorType::RateLimitExceeded => 429,
            ErrorType::Server | ErrorType::Unmapped => 500,
            ErrorType::ProviderUnavailable => 502,
            ErrorType::ProviderOverloaded => 503,
            ErrorType::Timeout => 504,
            ErrorType::ContextLengthExceeded
            | ErrorType::MaxTokensExceeded
            | ErrorType::TokenLimitExceeded
            | ErrorType::StringTooLong
            | ErrorType::InvalidRequest
            | ErrorType::InvalidPrompt
            | ErrorType::ContentPolicyViolation
            | ErrorType::Refusal
            | ErrorType::InvalidImage
            | ErrorType::ImageTooLarge
            | ErrorType::ImageTooSmall
            | ErrorType::UnsupportedImageFormat
            | ErrorType::ImageDownloadFailed => 400,
            ErrorType::Other(_) => return None,
        };
        Some(Self::of_status(status))
    }

    /// The kind of a string `error.code`: a status written as a string
    /// (`"429"`, 400-599), a code of the Responses API's list, or
    /// `invalid_api_key`; `None` for another.
    fn of_code(code: &str) -> Option<Self> {
        if let Some(status) = status_code(code) {
            return Some(Self::of_status(status));
        }
        Some(match code {
            "invalid_api_key" => Self::Authentication,
            "rate_limit_exceeded" => Self::RateLimited,
            "vector_store_timeout" => Self::Timeout,
            "server_error" => Self::Server,
            "invalid_prompt"
            | "bio_policy"
            | "cyber_policy"
            | "misalignment_policy_violation"
            | "invalid_image"
            | "invalid_image_format"
            | "invalid_base64_image"
            | "invalid_image_url"
            | "image_too_large"
            | "image_too_small"
            | "image_parse_error"
            | "image_content_policy_violation"
            | "invalid_image_mode"
            | "image_file_too_large"
            | "unsupported_image_media_type"
            | "empty_image_file"
            | "failed_to_download_image"
            | "image_file_not_found" => Self::InvalidRequest,
            _ => return None,
        })
    }
}

/// An error answer from the server.
///
/// Built from a non-2xx HTTP answer (whatever its body: JSON of any of the
/// documented shapes, an HTML page from a proxy, or nothing), from a 2xx
/// answer that was only an error envelope, from an error event inside a
/// stream, or from a failed response: [`origin`](ApiError::origin) says which.
///
/// It is written and read with serde as an object of its fields (`origin`
/// as `"status"`, `"envelope"`, `"stream"` or `"response"`, `retry_after`
/// as serde writes a `Duration`, `http` as [`HttpInfo`] is), so that a log
/// keeps the whole error and reads it back equal:
///
/// ```
/// use openrouter_responses::{ApiError, HttpInfo};
/// let body = r#"{"error":{"code":429,"message":"Rate limit exceeded"}}"#;
/// let err = ApiError::from_http(HttpInfo::new(429, vec![]), body.to_string());
/// let logged = serde_json::to_value(&err)?;
/// assert_eq!((logged["status"].as_u64(), logged["origin"].as_str()), (Some(429), Some("status")));
/// assert_eq!(serde_json::from_value::<ApiError>(logged)?, err);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Its `Display` says where the error came from (`api error 429`, `api
/// error in stream`, `api error in response`, `api error in 200 answer`),
/// then, in parentheses, its code and its [`error_type`](ApiError::error_type)
/// when sent (a numeric code equal to the status and a type that repeats
/// the code are left out), then the message, whatever the origin, and
/// then, for a moderation refusal, its
/// [`moderation_reasons`](ApiError::moderation_reasons) (never the flagged
/// input):
///
/// ```
/// use openrouter_responses::{ApiError, HttpInfo};
/// let body = r#"{"error":{"message":"All providers are at capacity.",
///     "error_type":"rate_limit_exceeded","http_status":429}}"#;
/// let err = ApiError::from_http(HttpInfo::new(429, vec![]), body.to_string());
/// assert_eq!(err.to_string(), "api error 429 (rate_limit_exceeded): All providers are at capacity.");
/// let body = r#"{"error":{"code":"server_error","message":"Down"},"error_type":"provider_unavailable"}"#;
/// let err = ApiError::from_http(HttpInfo::new(200, vec![]), body.to_string());
/// assert_eq!(err.to_string(), "api error in 200 answer (server_error, provider_unavailable): Down");
/// ```
///
/// Its `Debug` shows the first 1000 characters of a longer `message` or
/// `body` (an HTML page, a body of a megabyte), and their length, and
/// abridges the strings of the raw `metadata` so too.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status of the answer. For an error reported inside a
    /// successful answer ([`ErrorOrigin::is_in_band`]) it is that answer's
    /// 2xx status, and says nothing about the error: see
    /// [`effective_status`](ApiError::effective_status).
    pub status: u16,
    /// Where the error was reported: by the status, in a 2xx error envelope,
    /// in a stream, or as a failed response's `error`.
    pub origin: ErrorOrigin,
    /// `error.code`: a number, a string, or absent.
    pub code: Option<ErrorCode>,
    /// `error.message`; for an HTML page, its `<title>`; for another body
    /// that is not JSON, or JSON without a message, a short excerpt of it.
    /// Kept as sent, but for the client's key, replaced by `***` (see
    /// [`Error`]); the error's `Display` shows it on one line (white
    /// space folded, control characters escaped) and cut to 500 characters.
    pub message: String,
    /// The stable error category (`error_type`: `rate_limit_exceeded`,
    /// `provider_overloaded`, …), when the server sent one as a string: in
    /// `error`, beside it (a failed response's), or, without either, in
    /// `error.metadata` (where the spec's streamed chat error puts it); a
    /// value not listed is kept in [`ErrorType::Other`].
    pub error_type: Option<ErrorType>,
    /// `param`: the request parameter at fault, when the server names one.
    pub param: Option<String>,
    /// `error.metadata`, as sent but for the client's key (moderation
    /// reasons, guardrail patterns, provider details, …).
    pub metadata: Option<Value>,
    /// `error.availability` of availability errors.
    pub availability: Option<Availability>,
    /// `error.http_status` of availability errors: the HTTP status the
    /// error stands for, sent as a number or a string of digits (another
    /// value, or one outside 100-599, is `None`). Inside a successful
    /// answer it is what [`effective_status`](ApiError::effective_status),
    /// [`is_retryable`](ApiError::is_retryable) and
    /// [`is_rate_limited`](ApiError::is_rate_limited) read when the error's
    /// `code` is no error status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// `openrouter_metadata`, sent when metadata was asked for; typed by
    /// [`routing`](ApiError::routing).
    pub openrouter_metadata: Option<Value>,
    /// `user_id`, when sent.
    pub user_id: Option<String>,
    /// How long the server asked the client to wait: the first of
    /// `retry-after-ms`, `Retry-After` and `error.availability.retry_after`
    /// that can be read (see [`HttpInfo::retry_after`]). A wait too large for
    /// a `Duration` is [`Duration::MAX`]: longer than any backoff cap, so the
    /// client returns the error rather than retry.
    pub retry_after: Option<Duration>,
    /// The raw body (or event data), as received but for the client's key
    /// (`***`): of an error answer, its first 1 MiB (invalid UTF-8
    /// replaced); of a failed response read by [`Response::into_result`],
    /// the JSON of its error.
    pub body: String,
    /// Whether the error answer's body broke off before its end: the
    /// connection failed, or went silent for longer than the idle read
    /// timeout, while it was read. [`body`](ApiError::body), and what was
    /// read from it (the message, the code, …), is then only the part that
    /// arrived, and `Display` says so. (A body cut at the 1 MiB kept is not
    /// counted: the rest was not read.)
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub body_cut_short: bool,
    /// The status and headers of the answer.
    pub http: HttpInfo,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("origin", &self.origin)
            .field("code", &self.code)
            .field("message", &Abridged(&self.message))
            .field("error_type", &self.error_type)
            .field("param", &self.param)
            .field("metadata", &self.metadata.as_ref().map(RawJson))
            .field("availability", &self.availability)
            .field("http_status", &self.http_status)
            .field(
                "openrouter_metadata",
                &self.openrouter_metadata.as_ref().map(RawJson),
            )
            .field("user_id", &self.user_id)
            .field("retry_after", &self.retry_after)
            .field("body", &Abridged(&self.body))
            .field("body_cut_short", &self.body_cut_short)
            .field("http", &self.http)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shows_status = match self.origin {
            ErrorOrigin::Response => {
                f.write_str("api error in response")?;
                false
            }
            ErrorOrigin::Stream => {
                f.write_str("api error in stream")?;
                false
            }
            ErrorOrigin::Status => {
                write!(f, "api error {}", self.status)?;
                true
            }
            // The status says nothing about an error inside a 2xx answer.
            ErrorOrigin::Envelope => {
                write!(f, "api error in {} answer", self.status)?;
                false
            }
        };
        // A numeric code equal to the status it came with says nothing more
        // (`{"error":{"code":429,…}}` on a 429): shown once, as the status.
        let repeats_status = shows_status
            && self.code.as_ref().and_then(ErrorCode::as_i64) == Some(self.status.into());
        let code = self.code.as_ref().filter(|_| !repeats_status);
        // The `error_type`, of every origin, after the code: it is the
        // precise category behind a stream's or a failed response's coarse
        // code (`server_error` stands for an overload, a provider down, a
        // timeout, ...), and an error answer's (an availability error has
        // no code at all); one that repeats the code is shown once.
        let error_type = self
            .error_type
            .as_ref()
            .map(ErrorType::as_str)
            .filter(|t| !t.trim().is_empty() && code.and_then(ErrorCode::as_str) != Some(*t));
        match (code, error_type) {
            (Some(ErrorCode::Number(n)), None) => write!(f, " ({n})")?,
            (Some(ErrorCode::Text(c)), None) => write!(f, " ({})", OneLine(c, MESSAGE_EXCERPT))?,
            (Some(code), Some(t)) => write!(
                f,
                " ({}, {})",
                OneLine(&code.to_string(), MESSAGE_EXCERPT),
                OneLine(t, MESSAGE_EXCERPT)
            )?,
            (None, Some(t)) => write!(f, " ({})", OneLine(t, MESSAGE_EXCERPT))?,
            (None, None) => {}
        }
        // The server's words, on one line and cut: a message of megabytes,
        // or one with line breaks or terminal escapes, neither floods nor
        // garbles the line it is printed on.
        write!(f, "{}", Said(&self.message))?;
        // Why a moderation refusal flagged the input (never the flagged
        // text itself, which may be sensitive), cut as a code is.
        if let Some(reasons) = self.moderation_reasons_shown() {
            write!(f, " (flagged: {})", OneLine(&reasons, MESSAGE_EXCERPT))?;
        }
        // A redirect is never followed: where it pointed tells the caller
        // which base URL to use.
        if self.origin == ErrorOrigin::Status && (300..400).contains(&self.status) {
            if let Some(to) = self
                .http
                .header("location")
                .filter(|l| !l.trim().is_empty())
            {
                let to = crate::client::mask_userinfo(to);
                write!(
                    f,
                    " (redirect to {} not followed)",
                    OneLine(&to, MESSAGE_EXCERPT)
                )?;
            }
        }
        // OpenRouter's "Provider returned error" says nothing of what the
        // provider said: its words follow, as far as they are readable.
        if let Some(said) = self.provider_message() {
            let said = OneLine(&said, MESSAGE_EXCERPT);
            match self.provider_name().filter(|n| !n.trim().is_empty()) {
                Some(name) => write!(f, " ({}: {said})", OneLine(name, MESSAGE_EXCERPT))?,
                None => write!(f, " ({said})")?,
            }
        }
        // What was read of a body that broke off may be any part of it.
        if self.body_cut_short {
            f.write_str(" (error body cut short)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The longest excerpt of a non-JSON error body kept as the message; also
/// the most characters an error's `Display` shows of a code, a provider's
/// name or a provider's message.
const MESSAGE_EXCERPT: usize = 200;

/// The most characters an error's `Display` shows of the server's message
/// (or of a refusal).
const MESSAGE_SHOWN: usize = 500;

/// A text in an error's `Debug`: as `str` shows it, or, past 1000
/// characters, its first 1000 and its length (a body of megabytes would
/// flood the terminal a program's `main` prints its error on).
pub(crate) struct Abridged<'a>(pub(crate) &'a str);

impl fmt::Debug for Abridged<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 1000;
        match self.0.char_indices().nth(SHOWN) {
            None => fmt::Debug::fmt(self.0, f),
            Some((end, _)) => {
                let start = self.0.get(..end).unwrap_or_default();
                write!(f, "{start:?}… ({} bytes in all)", self.0.len())
            }
        }
    }
}

/// A value in an error's `Debug`: its own `Debug`, or, past 1000
/// characters, its first 1000 and the length of the whole (a partial
/// response holds the whole text that arrived).
struct AbridgedDebug<'a, T: ?Sized>(&'a T);

impl<T: fmt::Debug + ?Sized> fmt::Debug for AbridgedDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;

        /// Passes on the first `left` characters, and counts the bytes of all.
        struct Cut<'a, 'b> {
            out: &'a mut fmt::Formatter<'b>,
            left: usize,
            shown: usize,
            bytes: usize,
        }

        impl fmt::Write for Cut<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.bytes += s.len();
                if self.left > 0 {
                    let end = s.char_indices().nth(self.left).map_or(s.len(), |(i, _)| i);
                    let shown = s.get(..end).unwrap_or_default();
                    self.left -= shown.chars().count();
                    self.shown += shown.len();
                    self.out.write_str(shown)?;
                }
                Ok(())
            }
        }

        const SHOWN: usize = 1000;
        let alternate = f.alternate();
        let mut cut = Cut {
            out: f,
            left: SHOWN,
            shown: 0,
            bytes: 0,
        };
        if alternate {
            write!(cut, "{:#?}", self.0)?;
        } else {
            write!(cut, "{:?}", self.0)?;
        }
        let (shown, bytes) = (cut.shown, cut.bytes);
        if bytes > shown {
            write!(f, "… ({bytes} bytes in all)")?;
        }
        Ok(())
    }
}

/// Text from the server as a part of one line of an error message: its
/// white space folded to single spaces, control characters and the
/// characters that reorder text (bidirectional controls) written as
/// `\u{..}` escapes, and cut after `.1` characters with an ellipsis
/// (counted as shown, so never inside a character or an escape).
struct OneLine<'a>(&'a str, usize);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        let mut left = self.1;
        for (i, word) in self.0.split_whitespace().enumerate() {
            if i > 0 {
                if left == 0 {
                    return f.write_str("…");
                }
                f.write_char(' ')?;
                left -= 1;
            }
            for c in word.chars() {
                let shown = if hidden(c) {
                    c.escape_unicode().len()
                } else {
                    1
                };
                if shown > left {
                    return f.write_str("…");
                }
                if shown == 1 {
                    f.write_char(c)?;
                } else {
                    write!(f, "{}", c.escape_unicode())?;
                }
                left -= shown;
            }
        }
        Ok(())
    }
}

/// Whether `c` would act on a terminal rather than be shown: a control
/// character (an ANSI escape, a bell, a backspace) or one that reorders the
/// text around it.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `": text"` with the text on one line ([`OneLine`], cut at
/// [`MESSAGE_SHOWN`]); nothing when the text is blank, so that no message
/// ends in a dangling colon.
struct Said<'a>(&'a str);

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.trim().is_empty() {
            return Ok(());
        }
        write!(f, ": {}", OneLine(self.0, MESSAGE_SHOWN))
    }
}

impl ApiError {
    /// Builds the error of an answer from its raw body, whatever its shape:
    /// of a non-2xx answer ([`ErrorOrigin::Status`]), or of a 2xx answer
    /// that is only an error envelope ([`ErrorOrigin::Envelope`]). A UTF-8
    /// byte order mark before its JSON is skipped; `body` keeps it. A body
    /// that is an event stream (an error status answering a stream) is read
    /// by the JSON of its first event, and a list of errors by its first.
    /// A body that is none of these and not text (invalid UTF-8, control
    /// characters), under a `Content-Encoding` other than `identity` (which
    /// the client does not decode), has a message that names that encoding.
    ///
    /// ```
    /// use openrouter_responses::{ApiError, HttpInfo, ErrorCode};
    /// let body = r#"{"error":{"code":429,"message":"Rate limit exceeded"}}"#;
    /// let err = ApiError::from_http(HttpInfo::new(429, vec![]), body.to_string());
    /// assert_eq!(err.code, Some(ErrorCode::Number(429)));
    /// assert!(err.is_rate_limited());
    ///
    /// let html = ApiError::from_http(HttpInfo::new(502, vec![]), "<html>Bad gateway</html>".into());
    /// assert_eq!(html.status, 502);
    /// assert!(html.is_retryable());
    /// ```
    pub fn from_http(http: HttpInfo, body: String) -> Self {
        // A byte order mark before the JSON is skipped (RFC 8259, 8.1).
        let json = body.strip_prefix('\u{feff}').unwrap_or(&body);
        let value = serde_json::from_str::<Value>(json).map_or_else(
            // An error sent as an event stream: its first event's JSON.
            |_| first_event_object(&body),
            Some,
        );
        let value = match value {
            // A list of errors (`[{"error": {…}}]`, as some gateways send
            // them): its first.
            Some(Value::Array(items)) => items.into_iter().next(),
            value => value,
        };
        let mut err = match value {
            Some(v @ Value::Object(_)) => Self::from_value(http.status, &v),
            // A body compressed on the way (a proxy's gzip the client never
            // asked for) is said to be, rather than shown as binary.
            _ => Self::blank(
                http.status,
                match http.content_encoding() {
                    Some(coding) if looks_binary(&body) => format!(
                        "the body is encoded (Content-Encoding: {coding}), \
                         which the client does not decode"
                    ),
                    _ => html_title(&body).unwrap_or_else(|| excerpt(&body)),
                },
            ),
        };
        // A JSON body without a message of the known shapes (`{"detail": …}`)
        // is shown as it came, as a body that is not JSON is.
        if err.message.trim().is_empty() {
            err.message = excerpt(&body);
        }
        err.retry_after = http
            .retry_after()
            .or_else(|| err.availability_retry_after());
        err.http = http;
        err.body = body;
        err
    }

    /// Builds the error carried by a stream event or a JSON payload: the nested
    /// shape `{"error": {"code", "message", …}, …}` or the flat shape
    /// `{"code", "message", "param", …}`. `raw` is kept as
    /// [`body`](ApiError::body); its [`origin`](ApiError::origin) is
    /// [`ErrorOrigin::Stream`].
    pub fn from_event(http: &HttpInfo, value: &Value, raw: &str) -> Self {
        let mut err = Self::from_value(http.status, value);
        err.origin = ErrorOrigin::Stream;
        err.retry_after = err.availability_retry_after();
        err.http = http.clone();
        err.body = raw.to_string();
        err
    }

    /// The error of a failed response: its `error` (code, message and the
    /// members not modelled) and `error_type`, read as the error of a
    /// stream's `response.failed` event is; the status is that of
    /// [`Response::http`], 200 when unknown. [`body`](ApiError::body) is the
    /// JSON of what was read.
    pub(crate) fn from_failed_response(response: &Response) -> Self {
        let mut inner = Map::new();
        if let Some(e) = &response.error {
            inner.clone_from(&e.extra);
            if let Some(code) = &e.code {
                inner.insert("code".into(), Value::from(code.as_str()));
            }
            // A message that was not a string stays in `extra`: kept.
            if !(e.message.is_empty() && inner.contains_key("message")) {
                inner.insert("message".into(), Value::from(e.message.as_str()));
            }
        }
        let mut outer = Map::new();
        outer.insert("error".into(), Value::Object(inner));
        if let Some(t) = &response.error_type {
            outer.insert("error_type".into(), Value::from(t.as_str()));
        }
        if let Some(user) = response.extra.get("user_id") {
            outer.insert("user_id".into(), user.clone());
        }
        let value = Value::Object(outer);
        let http = (response.http.clone()).unwrap_or_else(|| HttpInfo::new(200, Vec::new()));
        let mut err = Self::from_event(&http, &value, &value.to_string());
        err.origin = ErrorOrigin::Response;
        err
    }

    /// Replaces the client's credentials in every text the server sent.
    fn redact(&mut self, secrets: &crate::redact::Secrets) {
        if let Some(ErrorCode::Text(code)) = &mut self.code {
            secrets.text(code);
        }
        secrets.text(&mut self.message);
        if let Some(t) = &mut self.error_type {
            if let Some(shown) = secrets.scrub(t.as_str()) {
                *t = ErrorType::from(shown);
            }
        }
        for text in [&mut self.param, &mut self.user_id].into_iter().flatten() {
            secrets.text(text);
        }
        for value in [&mut self.metadata, &mut self.openrouter_metadata]
            .into_iter()
            .flatten()
        {
            secrets.value(value);
        }
        if let Some(a) = &mut self.availability {
            for text in [&mut a.code, &mut a.docs_url].into_iter().flatten() {
                secrets.text(text);
            }
            let lists = [
                &mut a.requested_models,
                &mut a.affected_providers,
                &mut a.excluded_by,
                &mut a.fallback_models,
            ];
            for text in lists.into_iter().flatten().flatten() {
                secrets.text(text);
            }
            if let Some(c) = &mut a.constraint {
                secrets.value(c);
            }
            let mut extra = Value::Object(std::mem::take(&mut a.extra));
            secrets.value(&mut extra);
            if let Value::Object(extra) = extra {
                a.extra = extra;
            }
        }
        secrets.text(&mut self.body);
        self.http.redact(secrets);
    }

    fn blank(status: u16, message: String) -> Self {
        ApiError {
            status,
            origin: if (200..300).contains(&status) {
                ErrorOrigin::Envelope
            } else {
                ErrorOrigin::Status
            },
            code: None,
            message,
            error_type: None,
            param: None,
            metadata: None,
            availability: None,
            http_status: None,
            openrouter_metadata: None,
            user_id: None,
            retry_after: None,
            body: String::new(),
            body_cut_short: false,
            http: HttpInfo::default(),
        }
    }

    fn from_value(status: u16, v: &Value) -> Self {
        let inner = match v.get("error") {
            Some(e @ Value::Object(_)) => e,
            _ => v,
        };
        let text = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
        let message = text(inner, "message")
            .or_else(|| v.get("error").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default();
        let code = inner
            .get("code")
            .and_then(|c| ErrorCode::deserialize(c).ok());
        let mut err = Self::blank(status, message);
        err.code = code;
        err.error_type = text(inner, "error_type")
            .or_else(|| text(v, "error_type"))
            .or_else(|| inner.get("metadata").and_then(|m| text(m, "error_type")))
            .map(ErrorType::from);
        err.param = text(inner, "param").or_else(|| text(v, "param"));
        err.metadata = non_null(inner.get("metadata")).or_else(|| non_null(v.get("metadata")));
        err.availability = inner
            .get("availability")
            .and_then(|a| Availability::deserialize(a).ok());
        err.http_status = inner.get("http_status").and_then(http_status);
        err.openrouter_metadata = non_null(v.get("openrouter_metadata"));
        err.user_id = text(v, "user_id");
        err
    }

    fn availability_retry_after(&self) -> Option<Duration> {
        let secs = self.availability.as_ref()?.retry_after?;
        crate::retry::saturating_secs(secs)
    }

    /// The HTTP-style status the error stands for: the answer's status, or,
    /// for an error reported inside a successful answer (an event of a
    /// stream, a failed response, a 2xx error envelope), its `code` when
    /// that is an error status (`{"code": 429, …}`, or one written as a
    /// string, `"429"`), else its `http_status`.
    fn status_meant(&self) -> Option<u16> {
        if !self.origin.is_in_band() {
            return Some(self.status);
        }
        match &self.code {
            Some(ErrorCode::Number(code)) => (u16::try_from(*code).ok())
                .filter(|s| (400..600).contains(s))
                .or(self.http_status),
            Some(ErrorCode::Text(code)) => status_code(code).or(self.http_status),
            None => self.http_status,
        }
    }

    /// The HTTP status this error stands for, to report it by (a server
    /// that relays its callers' requests answers them with it): the
    /// [`status`](ApiError::status) of an error answer; for an error
    /// inside a successful answer ([`ErrorOrigin::is_in_band`]), whose
    /// status says nothing about it, its numeric `code` (or one written as
    /// a string, `"429"`) when that is an error status (400-599), or else the
    /// [`http_status`](ApiError::http_status) an availability error
    /// carries when that is one; for one with neither (an error
    /// envelope, a stream's error event, a failed response), 429
    /// when its code or error type is `rate_limit_exceeded`, as
    /// [`is_rate_limited`](ApiError::is_rate_limited) says. `None` for another in-band error without one
    /// (`"code": "server_error"`, say, or an `error_type` such as
    /// `provider_unavailable`, which is not turned into a status here:
    /// [`kind`](ApiError::kind) reads it).
    ///
    /// ```
    /// use openrouter_responses::{ApiError, HttpInfo};
    /// let body = r#"{"error":{"code":503,"message":"No instances available"}}"#;
    /// let in_200 = ApiError::from_http(HttpInfo::new(200, vec![]), body.to_string());
    /// assert_eq!((in_200.status, in_200.effective_status()), (200, Some(503)));
    /// ```
    pub fn effective_status(&self) -> Option<u16> {
        match self.status_meant() {
            Some(status) if !self.origin.is_in_band() || (400..600).contains(&status) => {
                Some(status)
            }
            _ => self.implied_status(),
        }
    }

    /// The status an error inside a successful answer (an envelope, a
    /// stream's error event, a failed response) without a numeric code
    /// stands for by its string code or error type: 429 for a
    /// rate limit (`rate_limit_exceeded`, which
    /// [`is_rate_limited`](ApiError::is_rate_limited) reads the same way).
    /// The other types are not turned into a status (see
    /// [`ApiError::kind`]).
    fn implied_status(&self) -> Option<u16> {
        (self.origin.is_in_band() && self.says_rate_limited()).then_some(429)
    }

    /// [`openrouter_metadata`](ApiError::openrouter_metadata) read as the
    /// typed [`OpenRouterMetadata`](crate::response::OpenRouterMetadata) a
    /// response carries (the endpoints tried, and why each failed): `None`
    /// when it was not sent, or is not an object of that shape (the raw
    /// JSON stays in the field).
    ///
    /// ```
    /// use openrouter_responses::{ApiError, HttpInfo};
    /// let body = r#"{"error":{"code":503,"message":"No instances available"},
    ///     "openrouter_metadata":{"requested":"openai/gpt-4o","strategy":"direct"}}"#;
    /// let err = ApiError::from_http(HttpInfo::new(503, vec![]), body.to_string());
    /// let routing = err.routing().expect("sent");
    /// assert_eq!(routing.requested.as_deref(), Some("openai/gpt-4o"));
    /// ```
    // Inlined, so that the decoder of `OpenRouterMetadata` from a `Value` is
    // compiled only into programs that call it.
    #[inline]
    pub fn routing(&self) -> Option<crate::response::OpenRouterMetadata> {
        let value = self.openrouter_metadata.as_ref()?;
        if !value.is_object() {
            return None;
        }
        serde_json::from_value(value.clone()).ok()
    }

    /// The upstream provider that failed, when the error names one
    /// (`error.metadata.provider_name`, as OpenRouter sends with its
    /// "Provider returned error").
    pub fn provider_name(&self) -> Option<&str> {
        self.metadata.as_ref()?.get("provider_name")?.as_str()
    }

    /// Why the input was flagged, when this is a moderation refusal: the
    /// strings of `error.metadata.reasons`, which OpenRouter sends with a
    /// 403 for a model that requires moderation (beside
    /// [`flagged_input`](ApiError::flagged_input), and the
    /// [`provider_name`](ApiError::provider_name) that flagged it). `None`
    /// when the error has no such list, as for a guardrail's or a
    /// permission's 403: it tells a moderation refusal from those. The
    /// error's `Display` shows them after the message (`(flagged:
    /// violence, hate)`), on one line and cut to 200 characters in all;
    /// it never shows the flagged input, which may be sensitive.
    ///
    /// ```
    /// use openrouter_responses::{ApiError, HttpInfo};
    /// let body = r#"{"error":{"code":403,"message":"Input was flagged","metadata":{
    ///     "reasons":["violence"],"flagged_input":"how to ...",
    ///     "provider_name":"OpenAI","model_slug":"openai/gpt-4o"}}}"#;
    /// let err = ApiError::from_http(HttpInfo::new(403, vec![]), body.to_string());
    /// assert_eq!(err.moderation_reasons(), Some(vec!["violence"]));
    /// assert_eq!(err.flagged_input(), Some("how to ..."));
    /// assert_eq!(err.to_string(), "api error 403: Input was flagged (flagged: violence)");
    ///
    /// let guardrail = r#"{"error":{"code":403,"message":"Request blocked","metadata":{
    ///     "patterns":["ignore all previous instructions"]}}}"#;
    /// let err = ApiError::from_http(HttpInfo::new(403, vec![]), guardrail.to_string());
    /// assert_eq!(err.moderation_reasons(), None);
    /// ```
    pub fn moderation_reasons(&self) -> Option<Vec<&str>> {
        let reasons = self.reasons_list()?;
        Some(reasons.iter().filter_map(Value::as_str).collect())
    }

    /// `error.metadata.reasons`, when it is a list: what tells a moderation
    /// refusal, read once here for its reasons, its `Display` and its kind.
    fn reasons_list(&self) -> Option<&Vec<Value>> {
        self.metadata.as_ref()?.get("reasons")?.as_array()
    }

    /// The non-blank [`moderation_reasons`](ApiError::moderation_reasons)
    /// joined by `", "`, as `Display` shows them: only so much of them as
    /// passes the [`MESSAGE_EXCERPT`] characters shown (so that a list of
    /// any length costs little); `None` when there are none.
    fn moderation_reasons_shown(&self) -> Option<String> {
        let reasons = self.reasons_list()?;
        let mut joined = String::new();
        let mut chars = 0;
        for reason in reasons.iter().filter_map(Value::as_str) {
            // Its white space folded here, as `OneLine` folds it, so that
            // what is counted is what is shown.
            let mut words = reason.split_whitespace().peekable();
            if words.peek().is_none() {
                continue;
            }
            if chars > MESSAGE_EXCERPT {
                break;
            }
            if !joined.is_empty() {
                joined.push_str(", ");
                chars += 2;
            }
            for (i, word) in words.enumerate() {
                if chars > MESSAGE_EXCERPT {
                    break;
                }
                if i > 0 {
                    joined.push(' ');
                    chars += 1;
                }
                // One character past what is shown is enough for the
                // ellipsis.
                let room = (MESSAGE_EXCERPT + 1).saturating_sub(chars);
                let end = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
                let part = word.get(..end).unwrap_or_default();
                joined.push_str(part);
                chars += part.chars().count();
            }
        }
        (!joined.is_empty()).then_some(joined)
    }

    /// The text a moderation refusal flagged (`error.metadata.flagged_input`,
    /// at most 100 characters, OpenRouter cutting a longer one in the
    /// middle), when the error carries it; see
    /// [`moderation_reasons`](ApiError::moderation_reasons). As sent but
    /// for the client's key.
    pub fn flagged_input(&self) -> Option<&str> {
        self.metadata.as_ref()?.get("flagged_input")?.as_str()
    }

    /// What the upstream provider said, when the error carries it
    /// (`error.metadata.raw`): the message of the provider's own error
    /// body when it is JSON with one (`{"error":{"message":…}}`,
    /// `{"message":…}`), else the raw text. The error's
    /// [`Display`](fmt::Display) shows it after OpenRouter's message, cut
    /// to 200 characters; [`metadata`](ApiError::metadata) keeps it whole.
    /// `None` when there is no `raw`, or it is `null` or blank.
    ///
    /// ```
    /// use openrouter_responses::{ApiError, HttpInfo};
    /// let body = r#"{"error":{"code":400,"message":"Provider returned error","metadata":{
    ///     "provider_name":"OpenAI",
    ///     "raw":"{\"error\":{\"message\":\"Invalid schema for function 'f'\"}}"}}}"#;
    /// let err = ApiError::from_http(HttpInfo::new(400, vec![]), body.to_string());
    /// assert_eq!(err.provider_name(), Some("OpenAI"));
    /// assert_eq!(err.provider_message().as_deref(), Some("Invalid schema for function 'f'"));
    /// assert_eq!(
    ///     err.to_string(),
    ///     "api error 400: Provider returned error (OpenAI: Invalid schema for function 'f')"
    /// );
    /// ```
    pub fn provider_message(&self) -> Option<String> {
        let raw = self.metadata.as_ref()?.get("raw")?;
        let parsed;
        let value = match raw {
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(v) if v.is_object() => {
                    parsed = v;
                    &parsed
                }
                _ => return Some(text.clone()).filter(|t| !t.trim().is_empty()),
            },
            Value::Null => return None,
            other => other,
        };
        let message = [
            value.pointer("/error/message"),
            value.get("message"),
            value.get("error").filter(|e| e.is_string()),
            value.get("detail").filter(|e| e.is_string()),
        ]
        .into_iter()
        .flatten()
        .find_map(Value::as_str);
        match message {
            Some(m) => Some(m.to_string()),
            None => Some(value.to_string()),
        }
        .filter(|t| !t.trim().is_empty())
    }

    /// What kind of error this is ([`ApiErrorKind`]), the same whether it
    /// came by an error status or inside a successful answer, read in this
    /// order:
    ///
    /// 1. a `rate_limit_exceeded` code or error type is
    ///    [`RateLimited`](ApiErrorKind::RateLimited), whatever the status
    ///    (a 400 carrying it too), as
    ///    [`is_rate_limited`](ApiError::is_rate_limited) says: OpenRouter
    ///    documents that type with status 429, and gives a Responses error
    ///    that code only for that type, so the server's own category
    ///    outranks a status that disagrees
    ///    ([`is_retryable`](ApiError::is_retryable) still answers by such a
    ///    status: a 400 carrying it is not retryable);
    /// 2. else the [`effective_status`](ApiError::effective_status), when
    ///    there is one: the status of an error answer, or a status an
    ///    in-band error stands for (a numeric `code`, an availability
    ///    error's `http_status`);
    /// 3. else the [`error_type`](ApiError::error_type), by the status
    ///    OpenRouter documents for it (a failed response's
    ///    `"error_type": "payment_required"` is
    ///    [`PaymentRequired`](ApiErrorKind::PaymentRequired), whatever its
    ///    coarse `server_error` code);
    /// 4. else a string `code`: a status written as a string (`"402"`), or
    ///    a code the API names (`invalid_api_key`, `server_error`,
    ///    `invalid_prompt`, …);
    /// 5. else [`Other`](ApiErrorKind::Other), as for an error type or code
    ///    not listed.
    ///
    /// A [`Forbidden`](ApiErrorKind::Forbidden) error whose metadata lists
    /// [`moderation_reasons`](ApiError::moderation_reasons) is
    /// [`Moderation`](ApiErrorKind::Moderation).
    ///
    /// ```
    /// use openrouter_responses::{ApiError, ApiErrorKind, HttpInfo};
    /// let failed = r#"{"error":{"code":"server_error","message":"No credits"},
    ///     "error_type":"payment_required"}"#;
    /// let err = ApiError::from_http(HttpInfo::new(200, vec![]), failed.to_string());
    /// assert_eq!(err.effective_status(), None);
    /// assert_eq!(err.kind(), ApiErrorKind::PaymentRequired);
    ///
    /// let moderated = r#"{"error":{"code":403,"message":"Input was flagged",
    ///     "metadata":{"reasons":["violence"],"flagged_input":"..."}}}"#;
    /// let err = ApiError::from_http(HttpInfo::new(403, vec![]), moderated.to_string());
    /// assert_eq!(err.kind(), ApiErrorKind::Moderation);
    /// ```
    pub fn kind(&self) -> ApiErrorKind {
        // The server's own category of a rate limit outranks a status that
        // says otherwise, as `is_rate_limited` reads it.
        if self.says_rate_limited() {
            return ApiErrorKind::RateLimited;
        }
        let kind = match self.effective_status() {
            Some(status) => ApiErrorKind::of_status(status),
            None => (self.error_type.as_ref())
                .and_then(ApiErrorKind::of_error_type)
                .or_else(|| {
                    (self.code.as_ref())
                        .and_then(ErrorCode::as_str)
                        .and_then(ApiErrorKind::of_code)
                })
                .unwrap_or(ApiErrorKind::Other),
        };
        if kind == ApiErrorKind::Forbidden && self.reasons_list().is_some() {
            ApiErrorKind::Moderation
        } else {
            kind
        }
    }

    /// Whether the server says a rate limit was hit: status 429 (or, inside a
    /// successful answer, a code 429, a number or a string, or without one an
    /// [`http_status`](ApiError::http_status) 429), or a `rate_limit_exceeded`
    /// code or error type.
    pub fn is_rate_limited(&self) -> bool {
        self.status_meant() == Some(429) || self.says_rate_limited()
    }

    /// Whether the code or the error type is `rate_limit_exceeded`.
    fn says_rate_limited(&self) -> bool {
        self.code.as_ref().and_then(ErrorCode::as_str) == Some("rate_limit_exceeded")
            || self.error_type == Some(ErrorType::RateLimitExceeded)
    }

    /// Whether a later attempt may succeed: a retryable status (408, 429, 500,
    /// 502, 503, 504, 520 to 524 (Cloudflare's), 529; inside a successful
    /// answer, a code of those, or, when its code is no error status, an
    /// [`http_status`](ApiError::http_status) of those), an availability error marked
    /// retryable, or, inside a successful answer (an envelope, a stream, a
    /// failed response) without an error status, an error whose
    /// [`kind`](ApiError::kind) is [`RateLimited`](ApiErrorKind::RateLimited),
    /// [`Timeout`](ApiErrorKind::Timeout),
    /// [`Unavailable`](ApiErrorKind::Unavailable) or
    /// [`Server`](ApiErrorKind::Server): read from its `error_type`, else its
    /// code (`rate_limit_exceeded`, `server_error`). The coarse
    /// `server_error` code of a failed response whose `error_type` is
    /// `authentication` or `payment_required`, say, is not worth a retry.
    pub fn is_retryable(&self) -> bool {
        let meant = self.status_meant();
        if meant.is_some_and(|s| RETRYABLE_STATUSES.contains(&s)) {
            return true;
        }
        if self.availability.as_ref().and_then(|a| a.retryable) == Some(true) {
            return true;
        }
        // An error status that is not retryable says so; an in-band error
        // without one is told by its kind (its type before its code).
        self.origin.is_in_band()
            && !meant.is_some_and(|s| (400..600).contains(&s))
            && matches!(
                self.kind(),
                ApiErrorKind::RateLimited
                    | ApiErrorKind::Timeout
                    | ApiErrorKind::Unavailable
                    | ApiErrorKind::Server
            )
    }
}

/// The error status (400-599) a string code written in digits stands for
/// (`"429"`); `None` for another code, a signed one (`"+429"`) included.
fn status_code(code: &str) -> Option<u16> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse::<u16>().ok().filter(|s| (400..600).contains(s))
}

/// An error's `http_status`, a number or a string of digits, when it is an
/// HTTP status (100-599); anything else is none.
fn http_status(value: &Value) -> Option<u16> {
    let n = match value {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse::<u64>().ok()?,
        _ => return None,
    };
    u16::try_from(n).ok().filter(|n| (100..600).contains(n))
}

/// Whether `e` is the system resolver's failure to look a host name up,
/// which the HTTP layer passes on as the I/O error the standard library
/// makes of it: of no kind of its own, told by its words on Unix and by
/// its code (`WSAHOST_NOT_FOUND`, `WSANO_DATA`) on Windows.
fn is_failed_lookup(e: &io::Error) -> bool {
    if cfg!(windows) && matches!(e.raw_os_error(), Some(11001 | 11004)) {
        return true;
    }
    e.raw_os_error().is_none()
        && e.to_string()
            .starts_with("failed to lookup address information")
}

/// Whether `e` is the failure of a recording's writer
/// ([`ResponseStream::tee`](crate::ResponseStream::tee)), not of the body.
fn is_recording_failure(e: &io::Error) -> bool {
    e.get_ref()
        .is_some_and(|i| i.is::<crate::stream::RecordError>())
}

/// The JSON object of the first event with one, in a body that begins as
/// an event stream; `None` for any other body.
fn first_event_object(body: &str) -> Option<Value> {
    if crate::sse::begins_as_event_stream(body.as_bytes()) != Some(true) {
        return None;
    }
    crate::sse::Reader::new(body.as_bytes())
        .map_while(std::result::Result::ok)
        .find_map(|e| {
            serde_json::from_str::<Value>(&e.data)
                .ok()
                .filter(Value::is_object)
        })
}

fn non_null(v: Option<&Value>) -> Option<Value> {
    v.filter(|v| !v.is_null()).cloned()
}

/// The `<title>` of an HTML page (a proxy's or a gateway's error page), its
/// white space folded and the common character references read, when it
/// has a non-empty one; cut as [`excerpt`] cuts.
fn html_title(body: &str) -> Option<String> {
    if !body.trim_start().starts_with('<') {
        return None;
    }
    // ASCII lowercasing keeps every byte offset, and the offsets found are
    // those of ASCII text, so they fall on character boundaries.
    let lower = body.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = body[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let title = excerpt(&title);
    (!title.is_empty()).then_some(title)
}

/// Whether a body read as text is not text: it held invalid UTF-8
/// (replaced) or control characters other than white space.
fn looks_binary(body: &str) -> bool {
    body.chars()
        .any(|c| c == char::REPLACEMENT_CHARACTER || c.is_control() && !c.is_whitespace())
}

/// A short, char-boundary-safe excerpt of a body, with its white space folded.
fn excerpt(body: &str) -> String {
    let folded: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(MESSAGE_EXCERPT) {
        Some((i, _)) => format!("{}…", &folded[..i]),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderation_refusals_are_told_by_their_reasons() {
        let err = |metadata: Value| {
            let body = serde_json::json!({"error": {"code": 403, "message": "flagged",
                                                    "metadata": metadata}});
            ApiError::from_http(HttpInfo::new(403, vec![]), body.to_string())
        };
        let flagged = err(serde_json::json!({"reasons": ["violence", "hate"],
            "flagged_input": "how to...", "provider_name": "OpenAI", "model_slug": "openai/gpt-4o"}));
        assert_eq!(flagged.moderation_reasons(), Some(vec!["violence", "hate"]));
        assert_eq!(flagged.flagged_input(), Some("how to..."));
        assert_eq!(flagged.provider_name(), Some("OpenAI"));
        // An empty list is still a moderation refusal; entries not text are skipped.
        assert_eq!(
            err(serde_json::json!({"reasons": []})).moderation_reasons(),
            Some(vec![])
        );
        assert_eq!(
            err(serde_json::json!({"reasons": ["a", 1, null]})).moderation_reasons(),
            Some(vec!["a"])
        );
        // A guardrail's or another 403, or `reasons` not a list, is none.
        for metadata in [
            serde_json::json!({"patterns": ["ignore all previous instructions"]}),
            serde_json::json!({"reasons": "violence", "flagged_input": 7}),
            Value::Null,
        ] {
            let e = err(metadata);
            assert_eq!((e.moderation_reasons(), e.flagged_input()), (None, None));
        }
    }

    /// An error of `status` whose body is `body`.
    fn answered(status: u16, body: Value) -> ApiError {
        ApiError::from_http(HttpInfo::new(status, vec![]), body.to_string())
    }

    #[test]
    fn the_kind_of_an_error_status() {
        use ApiErrorKind as K;
        let table = [
            (401, K::Authentication),
            (402, K::PaymentRequired),
            (403, K::Forbidden),
            (404, K::NotFound),
            (429, K::RateLimited),
            (408, K::Timeout),
            (504, K::Timeout),
            (524, K::Timeout),
            (400, K::InvalidRequest),
            (412, K::InvalidRequest),
            (413, K::InvalidRequest),
            (422, K::InvalidRequest),
            (502, K::Unavailable),
            (503, K::Unavailable),
            (529, K::Unavailable),
            (500, K::Server),
            (520, K::Server),
            (599, K::Server),
            (409, K::Other),
            (418, K::Other),
            (302, K::Other),
        ];
        for (status, kind) in table {
            let body = serde_json::json!({"error": {"code": status, "message": "m"}});
            assert_eq!(answered(status, body).kind(), kind, "{status}");
            // The same from an HTML page: the status alone says it.
            let page = ApiError::from_http(HttpInfo::new(status, vec![]), "<html></html>".into());
            assert_eq!(page.kind(), kind, "{status}");
        }
        // The status comes first: a 400 that names another type or code is
        // still the 400's kind.
        let body = serde_json::json!({"error": {"code": "invalid_api_key", "message": "m",
            "error_type": "payment_required"}});
        assert_eq!(answered(400, body).kind(), K::InvalidRequest);
    }

    #[test]
    fn a_moderation_refusal_shows_its_reasons_but_not_the_flagged_input() {
        let refusal = |reasons: Value| {
            answered(
                403,
                serde_json::json!({"error": {"code": 403, "message": "Input was flagged",
                "metadata": {"reasons": reasons, "flagged_input": "SENSITIVE words",
                "provider_name": "OpenAI", "model_slug": "openai/gpt-4o"}}}),
            )
            .to_string()
        };
        assert_eq!(
            refusal(serde_json::json!([
                "violence",
                " hate\n\tspeech ",
                "",
                7,
                "self-harm"
            ])),
            "api error 403: Input was flagged (flagged: violence, hate speech, self-harm)"
        );
        // No reasons, or none that is text, shows nothing.
        for reasons in [serde_json::json!([]), serde_json::json!([" ", null])] {
            assert_eq!(refusal(reasons), "api error 403: Input was flagged");
        }
        // A long list, or a long reason, is cut.
        let many: Vec<String> = (0..100_000).map(|i| format!("reason-{i}")).collect();
        let long = ["x".repeat(1 << 20)];
        for shown in [
            refusal(serde_json::json!(many)),
            refusal(serde_json::json!(long)),
        ] {
            assert!(shown.contains("(flagged: "), "{shown}");
            assert!(shown.ends_with("…)"), "{shown}");
            assert!(shown.chars().count() < 300, "{}", shown.len());
            assert!(!shown.contains("SENSITIVE"), "{shown}");
        }
        // Control characters are escaped, as in the message.
        let shown = refusal(serde_json::json!(["\u{1b}[31mred"]));
        assert!(shown.ends_with("(flagged: \\u{1b}[31mred)"), "{shown}");
    }

    #[test]
    fn an_error_type_in_the_metadata_is_read_when_none_is_beside_the_error() {
        let event = serde_json::json!({"type": "error", "error": {"code": "server_error",
            "message": "Overloaded", "metadata": {"error_type": "provider_overloaded",
            "provider_code": "overloaded_error"}}});
        let err = ApiError::from_event(&HttpInfo::new(200, vec![]), &event, &event.to_string());
        assert_eq!(err.error_type, Some(ErrorType::ProviderOverloaded));
        assert_eq!(err.kind(), ApiErrorKind::Unavailable);
        assert_eq!(
            err.to_string(),
            "api error in stream (server_error, provider_overloaded): Overloaded"
        );
        // One in `error`, or beside it, comes first.
        for body in [
            serde_json::json!({"error": {"message": "m", "error_type": "timeout",
                "metadata": {"error_type": "provider_overloaded"}}}),
            serde_json::json!({"error": {"message": "m",
                "metadata": {"error_type": "provider_overloaded"}}, "error_type": "timeout"}),
        ] {
            assert_eq!(answered(200, body).error_type, Some(ErrorType::Timeout));
        }
        // Only a string is a type.
        let body = serde_json::json!({"error": {"message": "m", "metadata": {"error_type": 7}}});
        assert_eq!(answered(200, body).error_type, None);
    }

    #[test]
    fn a_rate_limit_code_or_type_is_rate_limited_whatever_the_status() {
        let bodies = [
            serde_json::json!({"error": {"code": "rate_limit_exceeded", "message": "m"}}),
            serde_json::json!({"error": {"code": 400, "message": "m",
                "error_type": "rate_limit_exceeded"}}),
            serde_json::json!({"error": {"message": "m"}, "error_type": "rate_limit_exceeded"}),
        ];
        for body in bodies {
            for status in [400, 403, 500, 503] {
                let err = answered(status, body.clone());
                assert!(err.is_rate_limited(), "{status} {body}");
                assert_eq!(err.kind(), ApiErrorKind::RateLimited, "{status} {body}");
                // Retryable by the status, as the docs of `kind` say.
                assert_eq!(err.is_retryable(), status >= 500, "{status} {body}");
            }
        }
        // Inside a 2xx answer, a code that is an error status is that status.
        let body = serde_json::json!({"error": {"code": 400, "message": "m",
            "error_type": "rate_limit_exceeded"}});
        let err = answered(200, body);
        assert_eq!(err.kind(), ApiErrorKind::RateLimited);
        assert_eq!(
            (err.effective_status(), err.is_retryable()),
            (Some(400), false)
        );
        // Not the other way round: a 429 with another type is rate limited.
        let body = serde_json::json!({"error": {"message": "m", "error_type": "server"}});
        assert_eq!(answered(429, body).kind(), ApiErrorKind::RateLimited);
    }

    #[test]
    fn an_in_band_rate_limit_whose_code_is_no_status_stands_for_429() {
        // A numeric code or `http_status` that is no error status says
        // nothing: the rate limit its type or code names gives the status.
        for error in [
            serde_json::json!({"code": 0, "message": "m", "error_type": "rate_limit_exceeded"}),
            serde_json::json!({"code": 200, "message": "m", "error_type": "rate_limit_exceeded"}),
            serde_json::json!({"message": "m", "http_status": 200,
                "error_type": "rate_limit_exceeded"}),
            serde_json::json!({"code": "rate_limit_exceeded", "message": "m", "http_status": 200}),
        ] {
            let err = answered(200, serde_json::json!({"error": error}));
            assert!(err.is_rate_limited(), "{error}");
            assert_eq!(err.kind(), ApiErrorKind::RateLimited, "{error}");
            assert_eq!(err.effective_status(), Some(429), "{error}");
        }
        // Without a rate limit, still none.
        let err = answered(
            200,
            serde_json::json!({"error": {"code": 0, "message": "m"}}),
        );
        assert_eq!(err.effective_status(), None);
    }

    #[test]
    fn an_in_band_error_without_a_status_is_kinded_by_its_error_type() {
        use ApiErrorKind as K;
        let table = [
            ("authentication", K::Authentication),
            ("payment_required", K::PaymentRequired),
            ("permission_denied", K::Forbidden),
            ("not_found", K::NotFound),
            ("image_not_found", K::NotFound),
            ("rate_limit_exceeded", K::RateLimited),
            ("timeout", K::Timeout),
            ("context_length_exceeded", K::InvalidRequest),
            ("max_tokens_exceeded", K::InvalidRequest),
            ("token_limit_exceeded", K::InvalidRequest),
            ("string_too_long", K::InvalidRequest),
            ("invalid_request", K::InvalidRequest),
            ("invalid_prompt", K::InvalidRequest),
            ("precondition_failed", K::InvalidRequest),
            ("payload_too_large", K::InvalidRequest),
            ("unprocessable", K::InvalidRequest),
            ("content_policy_violation", K::InvalidRequest),
            ("refusal", K::InvalidRequest),
            ("invalid_image", K::InvalidRequest),
            ("image_too_large", K::InvalidRequest),
            ("image_too_small", K::InvalidRequest),
            ("unsupported_image_format", K::InvalidRequest),
            ("image_download_failed", K::InvalidRequest),
            ("provider_overloaded", K::Unavailable),
            ("provider_unavailable", K::Unavailable),
            ("server", K::Server),
            ("unmapped", K::Server),
            ("a_type_not_yet_listed", K::Other),
        ];
        for (error_type, kind) in table {
            // A failed response: the coarse `server_error` code, the precise
            // type beside it, a 200 that says nothing.
            let body = serde_json::json!({"error": {"code": "server_error", "message": "m"},
                "error_type": error_type});
            let err = answered(200, body);
            assert!(err.origin.is_in_band());
            let expected = match kind {
                // A type not listed falls through to the code.
                K::Other => K::Server,
                kind => kind,
            };
            assert_eq!(err.kind(), expected, "{error_type}");
            // Without a code, the type alone.
            let body = serde_json::json!({"error": {"message": "m", "error_type": error_type}});
            assert_eq!(answered(200, body).kind(), kind, "{error_type}");
        }
        // A numeric code (a status meant) comes before the type.
        let body = serde_json::json!({"error": {"code": 402, "message": "m"},
            "error_type": "authentication"});
        assert_eq!(answered(200, body).kind(), K::PaymentRequired);
    }

    #[test]
    fn an_in_band_error_without_a_status_or_type_is_kinded_by_its_code() {
        use ApiErrorKind as K;
        let table = [
            ("invalid_api_key", K::Authentication),
            ("rate_limit_exceeded", K::RateLimited),
            ("vector_store_timeout", K::Timeout),
            ("server_error", K::Server),
            ("invalid_prompt", K::InvalidRequest),
            ("bio_policy", K::InvalidRequest),
            ("invalid_image", K::InvalidRequest),
            ("invalid_image_format", K::InvalidRequest),
            ("invalid_base64_image", K::InvalidRequest),
            ("invalid_image_url", K::InvalidRequest),
            ("image_too_large", K::InvalidRequest),
            ("image_too_small", K::InvalidRequest),
            ("image_parse_error", K::InvalidRequest),
            ("image_content_policy_violation", K::InvalidRequest),
            ("invalid_image_mode", K::InvalidRequest),
            ("image_file_too_large", K::InvalidRequest),
            ("unsupported_image_media_type", K::InvalidRequest),
            ("empty_image_file", K::InvalidRequest),
            ("failed_to_download_image", K::InvalidRequest),
            ("image_file_not_found", K::InvalidRequest),
            ("data_residency_mismatch", K::Other),
            ("a_code_not_yet_listed", K::Other),
        ];
        let http = HttpInfo::new(200, vec![]);
        for (code, kind) in table {
            // The spec's flat `error` event and the docs' nested one.
            let flat = serde_json::json!({"type": "error", "code": code, "message": "m"});
            let nested =
                serde_json::json!({"type": "error", "error": {"code": code, "message": "m"}});
            for event in [flat, nested] {
                let err = ApiError::from_event(&http, &event, &event.to_string());
                assert_eq!(err.origin, ErrorOrigin::Stream);
                assert_eq!(err.kind(), kind, "{code}");
            }
        }
        // Neither status, type nor code.
        let event = serde_json::json!({"type": "error", "message": "m"});
        assert_eq!(ApiError::from_event(&http, &event, "raw").kind(), K::Other);
    }

    #[test]
    fn a_status_written_as_a_string_code_is_kinded_as_that_status() {
        use ApiErrorKind as K;
        for (code, kind) in [
            ("401", K::Authentication),
            ("402", K::PaymentRequired),
            ("429", K::RateLimited),
            ("503", K::Unavailable),
            // Not an error status: no kind by it.
            ("200", K::Other),
            ("99999", K::Other),
            ("-401", K::Other),
        ] {
            let body = serde_json::json!({"error": {"code": code, "message": "m"}});
            assert_eq!(answered(200, body).kind(), kind, "{code}");
        }
    }

    #[test]
    fn every_policy_refusal_code_is_of_the_kind_bio_policy_is() {
        // The Responses codes a policy refusal fails with, as the typed
        // `ResponseErrorCode` knows them: one kind for all.
        let http = HttpInfo::new(200, vec![]);
        for code in [
            "bio_policy",
            "cyber_policy",
            "misalignment_policy_violation",
        ] {
            let known = crate::response::ResponseErrorCode::from(code);
            assert!(!matches!(
                known,
                crate::response::ResponseErrorCode::Other(_)
            ));
            let event = serde_json::json!({"type": "error", "code": code, "message": "m"});
            let err = ApiError::from_event(&http, &event, "raw");
            assert_eq!(err.kind(), ApiErrorKind::InvalidRequest, "{code}");
            assert!(!err.is_retryable(), "{code}");
        }
    }

    #[test]
    fn a_status_written_as_a_string_code_is_that_status_to_every_question() {
        let http = HttpInfo::new(200, vec![]);
        for (code, status, rate_limited, retryable) in [
            ("429", Some(429), true, true),
            ("503", Some(503), false, true),
            ("402", Some(402), false, false),
            // Not an error status: none stood for.
            ("200", None, false, false),
            // Signed: not written as a status, and of no kind either.
            ("+429", None, false, false),
        ] {
            let event = serde_json::json!({"type": "error", "code": code, "message": "m"});
            let err = ApiError::from_event(&http, &event, "raw");
            assert_eq!(err.effective_status(), status, "{code}");
            assert_eq!(err.is_rate_limited(), rate_limited, "{code}");
            assert_eq!(err.is_retryable(), retryable, "{code}");
            let kind = status.map_or(ApiErrorKind::Other, ApiErrorKind::of_status);
            assert_eq!(err.kind(), kind, "{code}");
        }
    }

    #[test]
    fn errors_inside_a_successful_answer_are_of_the_kind_their_status_would_give() {
        use ApiErrorKind as K;
        let http = HttpInfo::new(200, vec![]);
        // A failed response read by `into_result` (the docs' example).
        let failed: Response = serde_json::from_value(serde_json::json!({
            "id": "resp_abc123", "status": "failed",
            "error": {"code": "server_error", "message": "Invalid credentials"},
            "error_type": "authentication"}))
        .unwrap();
        let err = ApiError::from_failed_response(&failed);
        assert_eq!(
            (err.origin, err.effective_status(), err.kind()),
            (ErrorOrigin::Response, None, K::Authentication)
        );
        // The docs' `response.error` event.
        let event = serde_json::json!({"type": "response.error",
            "error": {"code": "rate_limit_exceeded", "message": "Rate limit exceeded"}});
        let err = ApiError::from_event(&http, &event, "raw");
        assert_eq!(err.kind(), K::RateLimited);
        // A mid-stream error with the status as its numeric code.
        let event = serde_json::json!({"error": {"code": 402, "message": "m"}});
        assert_eq!(
            ApiError::from_event(&http, &event, "raw").kind(),
            K::PaymentRequired
        );
        // An availability error's `http_status`, in a 2xx envelope.
        let body = serde_json::json!({"error": {"message": "m", "error_type": "not_found",
            "http_status": 404, "availability": {"code": "privacy_restricted"}}});
        assert_eq!(answered(200, body).kind(), K::NotFound);
    }

    #[test]
    fn a_forbidden_error_listing_moderation_reasons_is_a_moderation_refusal() {
        use ApiErrorKind as K;
        let reasons = serde_json::json!({"reasons": ["violence"], "flagged_input": "x"});
        let body = serde_json::json!({"error": {"code": 403, "message": "m", "metadata": reasons}});
        assert_eq!(answered(403, body.clone()).kind(), K::Moderation);
        // Inside a stream, by its numeric code.
        let err = ApiError::from_event(&HttpInfo::new(200, vec![]), &body, "raw");
        assert_eq!(err.kind(), K::Moderation);
        // By the type of a 403.
        let body = serde_json::json!({"error": {"message": "m", "metadata": reasons},
            "error_type": "permission_denied"});
        assert_eq!(answered(200, body).kind(), K::Moderation);
        // A guardrail's 403 is not; nor is another kind that lists reasons.
        let guardrail = serde_json::json!({"error": {"code": 403, "message": "m",
            "metadata": {"patterns": ["ignore all previous instructions"]}}});
        assert_eq!(answered(403, guardrail).kind(), K::Forbidden);
        let body = serde_json::json!({"error": {"code": 400, "message": "m", "metadata": reasons}});
        assert_eq!(answered(400, body).kind(), K::InvalidRequest);
    }

    #[test]
    fn provider_errors_show_what_the_provider_said() {
        let err = |metadata: Value| {
            let body = serde_json::json!({"error": {"code": 502, "message": "Provider returned error",
                                                    "metadata": metadata}});
            ApiError::from_http(HttpInfo::new(502, vec![]), body.to_string())
        };
        let cases = [
            // The raw body as text, JSON of the usual shapes.
            (
                serde_json::json!({"provider_name": "P", "raw": "{\"error\":{\"message\":\"quota\"}}"}),
                Some("quota"),
            ),
            (
                serde_json::json!({"raw": "{\"message\":\"overloaded\"}"}),
                Some("overloaded"),
            ),
            (
                serde_json::json!({"raw": "{\"error\":\"bad key\"}"}),
                Some("bad key"),
            ),
            (
                serde_json::json!({"raw": "{\"detail\":\"not found\"}"}),
                Some("not found"),
            ),
            // Not JSON, or JSON without a message: as it is.
            (
                serde_json::json!({"raw": "upstream timed out"}),
                Some("upstream timed out"),
            ),
            (serde_json::json!({"raw": "[1,2]"}), Some("[1,2]")),
            (
                serde_json::json!({"raw": {"code": 7}}),
                Some("{\"code\":7}"),
            ),
            // The raw body as an object.
            (
                serde_json::json!({"raw": {"error": {"message": "object"}}}),
                Some("object"),
            ),
            // Nothing to show.
            (serde_json::json!({"raw": null}), None),
            (serde_json::json!({"raw": "  "}), None),
            (serde_json::json!({"provider_name": "P"}), None),
        ];
        for (metadata, said) in cases {
            let e = err(metadata.clone());
            assert_eq!(e.provider_message().as_deref(), said, "{metadata}");
            let shown = e.to_string();
            match said {
                Some(said) => assert!(shown.ends_with(&format!("{said})")), "{shown}"),
                None => assert_eq!(shown, "api error 502: Provider returned error"),
            }
        }
        // A long provider message is cut in the display, kept whole in
        // the metadata.
        let long = "x".repeat(1000);
        let e = err(serde_json::json!({"provider_name": "P", "raw": long}));
        let shown = e.to_string();
        assert!(shown.len() < 300 && shown.ends_with("…)"), "{shown}");
        assert_eq!(e.provider_message().map(|m| m.len()), Some(1000));
    }

    /// The server's words are shown on one line and cut, whatever they
    /// hold: a terminal printing the error is neither flooded nor driven
    /// by escapes; the fields keep them as sent.
    #[test]
    fn server_text_is_shown_on_one_bounded_line() {
        let hostile = format!(
            "line 1\r\nline 2\t\u{1b}[31mred\u{1b}[0m\u{7}\u{202e}txt{}",
            "é".repeat(3_000_000)
        );
        let body = serde_json::json!({"error": {"code": "x".repeat(10_000), "message": hostile,
            "metadata": {"provider_name": "P\u{1b}[2J\nQ", "raw": "said\u{1b}[1m\nthis"}}});
        let e = ApiError::from_http(HttpInfo::new(400, vec![]), body.to_string());
        assert_eq!(e.message, hostile, "the field is kept as sent");
        let shown = e.to_string();
        let code = format!("{}…", "x".repeat(MESSAGE_EXCERPT));
        let start = format!(
            "api error 400 ({code}): line 1 line 2 \\u{{1b}}[31mred\\u{{1b}}[0m\\u{{7}}\\u{{202e}}txt"
        );
        assert!(shown.starts_with(&start), "{shown}");
        assert!(
            shown.ends_with("é… (P\\u{1b}[2J Q: said\\u{1b}[1m this)"),
            "{shown}"
        );
        assert!(
            !shown.chars().any(hidden) && !shown.contains('\n'),
            "{shown}"
        );
        // Cut by characters, escapes counted as shown: the message part is
        // 500 characters and the ellipsis.
        let message = shown.split_once("): ").unwrap().1;
        let message = message.rsplit_once(" (P").unwrap().0;
        assert_eq!(message.chars().count(), MESSAGE_SHOWN + 1, "{message}");
        // A refusal and an incomplete reason are the model's or the
        // server's words too.
        let refusal = Error::refusal(format!("no\n\u{1b}[31m{}", "a".repeat(1000)));
        let shown = refusal.to_string();
        assert!(
            shown.starts_with("the model refused: no \\u{1b}[31maaa"),
            "{shown}"
        );
        assert_eq!(
            shown.chars().count(),
            "the model refused: ".len() + MESSAGE_SHOWN + 1
        );
        let reason = crate::response::IncompleteReason::from("odd\n\u{1b}[0m");
        let cut = Error::incomplete(Some(reason), String::new());
        assert_eq!(cut.to_string(), "the answer was cut short: odd \\u{1b}[0m");
        // Text that fits is shown as it is, in any script.
        let e = ApiError::from_http(
            HttpInfo::new(400, vec![]),
            r#"{"error":{"message":"Ungültige Anfrage – 请求无效"}}"#.into(),
        );
        assert_eq!(e.to_string(), "api error 400: Ungültige Anfrage – 请求无效");
    }

    /// The JSON error of a decode error may quote the input (a string of
    /// megabytes where a list was expected): the chain of sources shows its
    /// head and its tail on one line; the field keeps it whole.
    #[test]
    fn a_decode_error_quoting_a_huge_value_is_shown_cut() {
        let body = format!(
            r#"{{"id":"r","output":"\u001b[2J{}"}}"#,
            "y".repeat(1_000_000)
        );
        let json = serde_json::from_str::<Response>(&body).unwrap_err();
        let err = Error::decode(DecodeTarget::ResponseBody, body, json);
        let source = std::error::Error::source(&err).unwrap();
        let shown = source.to_string();
        assert!(
            shown.starts_with(r#"invalid type: string "\u{1b}[2Jyyy"#),
            "{shown}"
        );
        assert!(
            shown.contains("yyy…yyy")
                && shown.ends_with(r#"yyy", expected a sequence at line 1 column 1000030"#),
            "{}",
            &shown[shown.len() - 100..]
        );
        assert!(shown.chars().count() < 500, "{}", shown.len());
        assert!(source.source().is_none());
        // So does its `Debug`.
        let debug = format!("{err:?}");
        assert!(debug.len() < 5000, "{}", debug.len());
        assert!(debug.ends_with(r#"expected a sequence at line 1 column 1000030") })"#));
        let Error::Decode(d) = &err else { panic!() };
        assert!(d.source.to_string().len() > 1_000_000);
        assert_eq!((d.source.line(), d.source.column()), (1, 1000030));
        // A short message is the JSON error itself.
        let json = serde_json::from_str::<Response>(r#"{"output":7}"#).unwrap_err();
        let err = Error::decode(DecodeTarget::ResponseBody, "", json);
        let source = std::error::Error::source(&err).unwrap();
        assert!(source.is::<serde_json::Error>());
        assert_eq!(
            source.to_string(),
            "invalid type: integer `7`, expected a sequence at line 1 column 11"
        );
        // One with a line break or an escape is put on one line.
        let custom = <serde_json::Error as serde::de::Error>::custom("a\nb\u{1b}[0m");
        let err = Error::decode(DecodeTarget::OutputText, "", custom);
        let source = std::error::Error::source(&err).unwrap();
        assert_eq!(source.to_string(), r"a b\u{1b}[0m");
    }

    /// `Debug` of an error carrying a body of megabytes stays short enough
    /// to read (what `main` returning the error prints).
    #[test]
    fn debug_shows_the_start_of_a_long_body() {
        let page = format!("<html>{}</html>", "é".repeat(1_000_000));
        let api = ApiError::from_http(HttpInfo::new(502, vec![]), page.clone());
        let shown = format!("{:?}", Error::from(api.clone()));
        assert!(shown.len() < 5000, "{}", shown.len());
        let start = format!(
            "body: \"<html>{}\"… (2000013 bytes in all), body_cut_short: false, http: ",
            "é".repeat(994)
        );
        assert!(shown.contains(&start), "{shown}");
        assert!(shown.starts_with(
            "Api(ApiError { status: 502, origin: Status, code: None, message: \"<html>"
        ));
        assert_eq!(api.body, page, "the field is whole");
        let json = serde_json::from_str::<Value>("[").unwrap_err();
        let decode = Error::decode(DecodeTarget::ResponseBody, page.clone(), json);
        let shown = format!("{decode:?}");
        assert!(
            shown.len() < 5000 && shown.contains("… (2000013 bytes in all), source: Error("),
            "{shown}"
        );
        let cut = Error::incomplete(None, page);
        assert!(format!("{cut:?}").ends_with("… (2000013 bytes in all) })"));
        // A short text is shown as it is.
        let json = serde_json::from_str::<Value>("{").unwrap_err();
        let decode = Error::decode(DecodeTarget::OutputText, "{", json);
        assert_eq!(
            format!("{decode:?}"),
            r#"Decode(DecodeError { what: OutputText, body: "{", source: Error("EOF while parsing an object", line: 1, column: 1) })"#
        );
    }

    /// A redirect says where it pointed: the base URL to use instead.
    #[test]
    fn a_redirect_says_where_it_pointed() {
        let moved = |status: u16, location: &str| {
            let http = HttpInfo::new(status, vec![("Location".into(), location.into())]);
            ApiError::from_http(http, String::new()).to_string()
        };
        assert_eq!(
            moved(308, "https://openrouter.ai/api/v1/responses"),
            "api error 308 (redirect to https://openrouter.ai/api/v1/responses not followed)"
        );
        assert_eq!(
            moved(301, "https://u:p@x.test/\u{1b}[2J\nv1"),
            "api error 301 (redirect to https://***@x.test/\\u{1b}[2J v1 not followed)"
        );
        assert_eq!(moved(302, " "), "api error 302");
        // Not a redirect: the header says nothing.
        assert_eq!(moved(201, "https://x.test/"), "api error in 201 answer");
        assert_eq!(moved(400, "https://x.test/"), "api error 400");
    }

    /// Blank words from the server leave no dangling colon.
    #[test]
    fn blank_server_text_leaves_no_dangling_colon() {
        let e = ApiError::from_http(
            HttpInfo::new(400, vec![]),
            r#"{"error":{"message":" \n "}}"#.into(),
        );
        assert_eq!(
            e.to_string(),
            r#"api error 400: {"error":{"message":" \n "}}"#
        );
        let event = serde_json::json!({"type": "error", "message": "\n"});
        let e = ApiError::from_event(&HttpInfo::new(200, vec![]), &event, "");
        assert_eq!(e.to_string(), "api error in stream");
        assert_eq!(Error::refusal(" ".into()).to_string(), "the model refused");
        let reason = crate::response::IncompleteReason::from("");
        let cut = Error::incomplete(Some(reason), String::new());
        assert_eq!(cut.to_string(), "the answer was cut short");
        let body = r#"{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":" ","raw":"down"}}}"#;
        let e = ApiError::from_http(HttpInfo::new(502, vec![]), body.into());
        assert_eq!(
            e.to_string(),
            "api error 502: Provider returned error (down)"
        );
    }

    #[test]
    fn routing_types_the_metadata_when_it_fits() {
        let err = |extra: &str| {
            let body = format!(r#"{{"error":{{"code":502,"message":"m"}}{extra}}}"#);
            ApiError::from_http(HttpInfo::new(502, vec![]), body)
        };
        assert!(err("").routing().is_none());
        assert!(err(r#","openrouter_metadata":"on""#).routing().is_none());
        // A member of another type: the raw JSON is all there is.
        let odd = err(r#","openrouter_metadata":{"requested":7}"#);
        assert!(odd.routing().is_none());
        assert!(odd.openrouter_metadata.is_some());
        let ok = err(r#","openrouter_metadata":{"requested":"a/b","new_member":[1]}"#);
        let routing = ok.routing().unwrap();
        assert_eq!(routing.requested.as_deref(), Some("a/b"));
        assert_eq!(
            routing.extra.get("new_member"),
            Some(&serde_json::json!([1]))
        );
    }

    #[test]
    fn error_stays_small() {
        assert!(
            std::mem::size_of::<Error>() <= 16,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static + std::error::Error>() {}
        check::<Error>();
    }

    #[test]
    fn invalid_data_before_the_status_is_a_tls_failure() {
        let tls = io::Error::new(io::ErrorKind::InvalidData, "received corrupt message");
        let err = Error::from_ureq(ureq::Error::Io(tls));
        assert!(
            matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Tls),
            "{err:?}"
        );
        assert!(!err.is_retryable());
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        let err = Error::from_ureq(ureq::Error::Io(reset));
        assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Io));
        assert!(err.is_retryable());
    }

    /// As [`TransportKind::Connect`] says: a connection refused, or a host or
    /// network that cannot be reached (ureq gives the connect's I/O error).
    #[test]
    fn a_refused_or_unreachable_connect_is_a_connect_failure() {
        for kind in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::HostUnreachable,
            io::ErrorKind::NetworkUnreachable,
        ] {
            let err = Error::from_ureq(ureq::Error::Io(io::Error::from(kind)));
            assert!(
                matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Connect),
                "{kind:?}: {err:?}"
            );
            assert!(err.is_retryable());
        }
    }

    /// A transport error whose cause says only what its kind says has no
    /// source: the chain of messages says it once.
    #[test]
    fn a_transport_cause_that_repeats_the_kind_is_left_out() {
        let chain = |e: &Error| {
            let mut said = vec![e.to_string()];
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                said.push(s.to_string());
                source = s.source();
            }
            said
        };
        let host = Error::from_ureq(ureq::Error::HostNotFound);
        assert!(matches!(&host, Error::Transport(t) if t.kind() == TransportKind::HostNotFound));
        assert_eq!(chain(&host), ["host not found"]);
        let failed = Error::from_ureq(ureq::Error::ConnectionFailed);
        assert_eq!(chain(&failed), ["connection failed"]);
        // A cause that says more stays.
        let refused = Error::from_ureq(ureq::Error::Io(io::ErrorKind::ConnectionRefused.into()));
        assert_eq!(
            chain(&refused),
            ["connection failed", "io: connection refused"]
        );
    }

    /// A timeout says which setting ran out and its value, once the client
    /// gave it; a deadline the client does not set is named by its phase.
    #[test]
    fn a_timeout_names_its_setting_and_value() {
        let limits = Limits {
            connect: Some(Duration::from_secs(30)),
            response: Some(Duration::from_secs(600)),
            read: Some(Duration::from_millis(1500)),
            total: Some(Duration::from_millis(250)),
        };
        let said = |e: ureq::Error| Error::from_ureq(e).with_limits(&limits).to_string();
        let timeout = |t| ureq::Error::Timeout(t);
        use ureq::Timeout as T;
        assert_eq!(
            said(timeout(T::Connect)),
            "timed out while connecting (connect_timeout: 30 s)"
        );
        assert_eq!(
            said(timeout(T::PerWrite)),
            "timed out while sending the request (read_timeout: 1.5 s)"
        );
        assert_eq!(
            said(timeout(T::RecvResponse)),
            "timed out waiting for response headers (response_timeout: 600 s)"
        );
        assert_eq!(
            said(timeout(T::PerRead)),
            "timed out waiting for response headers (read_timeout: 1.5 s)"
        );
        assert_eq!(
            said(timeout(T::Global)),
            "timed out at the deadline of the call (total_timeout: 250 ms)"
        );
        assert_eq!(
            said(timeout(T::SendBody)),
            "timed out while sending the request"
        );
        let io = ureq::Error::Io(io::ErrorKind::TimedOut.into());
        assert_eq!(said(io), "timed out in the http layer");
        // Without the value, the setting alone.
        let err = Error::from_ureq(timeout(T::Connect));
        assert_eq!(
            err.to_string(),
            "timed out while connecting (connect_timeout)"
        );
        let Error::Timeout(t) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((t.kind(), t.limit()), (TimeoutKind::Connect, None));
        // A body that stalls.
        let stall = io::Error::new(io::ErrorKind::TimedOut, timeout(T::PerRead));
        let err = Error::from_body_io(stall).with_limits(&limits);
        assert_eq!(
            err.to_string(),
            "timed out waiting for more of the body (read_timeout: 1.5 s)"
        );
        let Error::Timeout(t) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            (t.kind(), t.limit()),
            (TimeoutKind::Read, Some(Duration::from_millis(1500)))
        );
        assert_eq!(Seconds(Duration::from_micros(1500)).to_string(), "0.0015 s");
    }

    /// Through a proxy, a connection that cannot be made is the proxy's, and
    /// so is a host that cannot be looked up, unless it is the server's,
    /// looked up by the client (`socks4://`, `socks5://`).
    #[test]
    fn through_a_proxy_a_failed_connect_or_lookup_is_the_proxys() {
        let via = |e: ureq::Error, resolves_target| match Error::from_ureq_via(
            e,
            &Route::Proxy {
                resolves_target,
                socks: false,
                address: "proxy.example:3128".into(),
            },
        ) {
            Error::Transport(t) => (t.kind(), t.to_string()),
            other => panic!("{other:?}"),
        };
        let refused = || ureq::Error::Io(io::ErrorKind::ConnectionRefused.into());
        let proxy = (
            TransportKind::Proxy,
            "proxy connection failed (proxy: proxy.example:3128)".to_string(),
        );
        assert_eq!(via(refused(), false), proxy);
        assert_eq!(via(refused(), true), proxy);
        assert_eq!(via(ureq::Error::ConnectionFailed, false), proxy);
        assert_eq!(via(ureq::Error::HostNotFound, false), proxy);
        let lookup =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert_eq!(via(ureq::Error::Io(lookup), false), proxy);
        assert_eq!(
            via(ureq::Error::HostNotFound, true).0,
            TransportKind::HostNotFound
        );
        // The cause stays below.
        let err = Error::from_ureq_via(
            ureq::Error::HostNotFound,
            &Route::Proxy {
                resolves_target: false,
                socks: false,
                address: "proxy.example:3128".into(),
            },
        );
        assert_eq!(
            std::error::Error::source(&err).map(|s| s.to_string()),
            Some("host not found".into())
        );
        // A bare "connection failed" says nothing below the proxy's failure.
        let err = Error::from_ureq_via(
            ureq::Error::ConnectionFailed,
            &Route::Proxy {
                resolves_target: false,
                socks: false,
                address: "proxy.example:3128".into(),
            },
        );
        assert!(std::error::Error::source(&err).is_none(), "{err:?}");
        // Other failures are what they are, and do not name the proxy.
        let reset = || ureq::Error::Io(io::ErrorKind::ConnectionReset.into());
        assert_eq!(
            via(reset(), false),
            (TransportKind::Io, "connection broken".to_string())
        );
        let denied = || ureq::Error::Io(io::ErrorKind::PermissionDenied.into());
        assert_eq!(via(denied(), false).0, TransportKind::Io);
        // Through SOCKS, a refusal of its handshake is the proxy's.
        let socks = |e| match Error::from_ureq_via(
            e,
            &Route::Proxy {
                resolves_target: false,
                socks: true,
                address: "proxy.example:1080".into(),
            },
        ) {
            Error::Transport(t) => t.kind(),
            other => panic!("{other:?}"),
        };
        assert_eq!(socks(denied()), TransportKind::ProxyRefused);
        for refusal in [
            "connection not allowed by ruleset",
            "no acceptable auth methods",
            "unknown auth method",
        ] {
            let refused = ureq::Error::Io(io::Error::other(refusal));
            assert_eq!(socks(refused), TransportKind::ProxyRefused, "{refusal}");
        }
        for failure in [
            "general SOCKS server failure",
            "host unreachable",
            "request rejected or failed",
        ] {
            let failed = ureq::Error::Io(io::Error::other(failure));
            assert_eq!(socks(failed), TransportKind::Proxy, "{failure}");
        }
        assert_eq!(socks(reset()), TransportKind::Io);
        // An HTTP proxy's refusal of the client, and its other failures.
        let connect = |reason: &str| via(ureq::Error::ConnectProxyFailed(reason.into()), false).0;
        assert_eq!(
            connect("proxy server responded 407/407"),
            TransportKind::ProxyRefused
        );
        assert_eq!(
            connect("proxy server responded 403/403"),
            TransportKind::ProxyRefused
        );
        assert_eq!(
            connect("proxy server responded 502/502"),
            TransportKind::Proxy
        );
        assert_eq!(
            connect("proxy server did not respond"),
            TransportKind::Proxy
        );
    }

    /// A host name the system resolver cannot look up (a typo in the base
    /// URL, no DNS) is "host not found", not a broken connection: the
    /// standard library gives that failure no kind of its own.
    #[test]
    fn a_failed_name_lookup_is_host_not_found() {
        let lookup =
            io::Error::other("failed to lookup address information: Name or service not known");
        let err = Error::from_ureq(ureq::Error::Io(lookup));
        assert!(
            matches!(&err, Error::Transport(t) if t.kind() == TransportKind::HostNotFound),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "host not found");
        let other = io::Error::other("failed to fill whole buffer");
        let err = Error::from_ureq(ureq::Error::Io(other));
        assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Io));
    }

    #[test]
    fn error_codes_read_whole_numbers_and_strings() {
        let code = |v: serde_json::Value| serde_json::from_value::<ErrorCode>(v).ok();
        assert_eq!(code(serde_json::json!(429)), Some(ErrorCode::Number(429)));
        assert_eq!(code(serde_json::json!(-1)), Some(ErrorCode::Number(-1)));
        assert_eq!(code(serde_json::json!(429.0)), Some(ErrorCode::Number(429)));
        assert_eq!(
            code(serde_json::json!("x")),
            Some(ErrorCode::Text("x".into()))
        );
        assert_eq!(code(serde_json::json!(429.5)), None);
        assert_eq!(code(serde_json::json!(1e300)), None);
        assert_eq!(code(serde_json::json!(u64::MAX)), None);
        assert_eq!(code(serde_json::json!(true)), None);
        // From text too, as events are read.
        let text: ErrorCode = serde_json::from_str("502.0").unwrap();
        assert_eq!(text, ErrorCode::Number(502));
    }

    #[test]
    fn string_code_and_top_level_metadata() {
        let body = r#"{"error":{"code":"invalid_prompt","message":"bad"},"metadata":null}"#;
        let e = ApiError::from_http(HttpInfo::new(400, vec![]), body.into());
        assert_eq!(e.code, Some(ErrorCode::Text("invalid_prompt".into())));
        assert_eq!(e.message, "bad");
        assert_eq!(e.metadata, None);
        assert!(!e.is_retryable());
        assert_eq!(e.to_string(), "api error 400 (invalid_prompt): bad");
    }

    #[test]
    fn a_numeric_code_equal_to_the_status_is_shown_once() {
        let e = |status: u16, body: &str| {
            ApiError::from_http(HttpInfo::new(status, vec![]), body.into())
        };
        let body = r#"{"error":{"code":429,"message":"Rate limit exceeded"}}"#;
        assert_eq!(
            e(429, body).to_string(),
            "api error 429: Rate limit exceeded"
        );
        // A code that differs from the status is still shown.
        assert_eq!(
            e(200, body).to_string(),
            "api error in 200 answer (429): Rate limit exceeded"
        );
        // Inside a stream the status (200) is not shown, so the code is.
        let event = serde_json::json!({"type": "error", "code": 200, "message": "odd"});
        let in_stream = ApiError::from_event(&HttpInfo::new(200, vec![]), &event, "");
        assert_eq!(in_stream.to_string(), "api error in stream (200): odd");
    }

    #[test]
    fn availability_error_without_code() {
        let body = r#"{"error":{"message":"full","error_type":"provider_overloaded","http_status":429,
            "availability":{"code":"capacity_exhausted","retryable":true,"retry_after":2.5,
            "requested_models":["a/b"],"new_field":1}}}"#;
        let e = ApiError::from_http(HttpInfo::new(429, vec![]), body.into());
        assert_eq!(e.code, None);
        assert_eq!(e.error_type, Some(ErrorType::ProviderOverloaded));
        let a = e.availability.as_ref().unwrap();
        assert_eq!(a.code.as_deref(), Some("capacity_exhausted"));
        assert_eq!(a.extra.get("new_field"), Some(&serde_json::json!(1)));
        assert_eq!(e.retry_after, Some(Duration::from_millis(2500)));
    }

    #[test]
    fn an_availability_error_in_band_stands_for_its_http_status() {
        let ok = || HttpInfo::new(200, vec![]);
        // A 200 envelope, its status as a number or as a string.
        for status in ["503", r#""503""#, r#"" 503 ""#] {
            let body = format!(
                r#"{{"error":{{"message":"down","error_type":"provider_unavailable",
                "http_status":{status},"availability":{{"code":"temporarily_unavailable"}}}}}}"#
            );
            let e = ApiError::from_http(ok(), body);
            assert_eq!(e.origin, ErrorOrigin::Envelope);
            assert_eq!(e.http_status, Some(503), "{status}");
            assert_eq!(e.effective_status(), Some(503), "{status}");
            assert!(e.is_retryable() && !e.is_rate_limited(), "{status}");
        }
        // A stream's error event, nested or flat.
        for event in [
            serde_json::json!({"type": "error", "error": {"message": "full", "http_status": 429}}),
            serde_json::json!({"type": "error", "message": "full", "http_status": "429"}),
        ] {
            let e = ApiError::from_event(&ok(), &event, &event.to_string());
            assert_eq!(e.effective_status(), Some(429), "{event}");
            assert!(e.is_rate_limited() && e.is_retryable(), "{event}");
        }
        // A failed response's error.
        let response: Response = serde_json::from_value(serde_json::json!({
            "id": "resp_1", "status": "failed", "output": [],
            "error": {"code": "server_error", "message": "gone", "http_status": 404}
        }))
        .unwrap();
        let e = ApiError::from_failed_response(&response);
        assert_eq!(
            (e.http_status, e.effective_status()),
            (Some(404), Some(404))
        );
        // A numeric code comes first; an answer's own error status too.
        let body = r#"{"error":{"code":502,"message":"x","http_status":404}}"#;
        let e = ApiError::from_http(ok(), body.into());
        assert_eq!(e.effective_status(), Some(502));
        // A numeric code that is no error status says nothing, as one
        // written as a string does not: the `http_status` is read.
        for code in ["0", "200", "\"200\"", "1001"] {
            let body = format!(r#"{{"error":{{"code":{code},"message":"x","http_status":503}}}}"#);
            let e = ApiError::from_http(ok(), body);
            assert_eq!(e.effective_status(), Some(503), "{code}");
            assert_eq!(e.kind(), ApiErrorKind::Unavailable, "{code}");
            assert!(e.is_retryable(), "{code}");
        }
        let body = r#"{"error":{"message":"x","http_status":404}}"#;
        let e = ApiError::from_http(HttpInfo::new(503, vec![]), body.into());
        assert_eq!(
            (e.effective_status(), e.http_status),
            (Some(503), Some(404))
        );
        // What is no status reads as none, and the error as before.
        for odd in [
            "true",
            "null",
            r#""abc""#,
            "99999",
            "-1",
            "450.5",
            "42",
            r#"{"a":1}"#,
        ] {
            let body = format!(r#"{{"error":{{"message":"x","http_status":{odd}}}}}"#);
            let e = ApiError::from_http(ok(), body);
            assert_eq!((e.http_status, e.effective_status()), (None, None), "{odd}");
            assert_eq!(e.message, "x");
        }
        // Kept through serde, and left out when none.
        let body = r#"{"error":{"message":"x","http_status":"503"}}"#;
        let e = ApiError::from_http(ok(), body.into());
        let logged = serde_json::to_value(&e).unwrap();
        assert_eq!(logged["http_status"], 503);
        assert_eq!(serde_json::from_value::<ApiError>(logged).unwrap(), e);
        let plain = ApiError::from_http(ok(), r#"{"error":"x"}"#.into());
        assert!(serde_json::to_value(&plain)
            .unwrap()
            .get("http_status")
            .is_none());
    }

    #[test]
    fn header_retry_after_wins_over_availability() {
        let body = r#"{"error":{"message":"x","availability":{"retry_after":9}}}"#;
        let http = HttpInfo::new(503, vec![("Retry-After".into(), "3".into())]);
        let e = ApiError::from_http(http, body.into());
        assert_eq!(e.retry_after, Some(Duration::from_secs(3)));
    }

    #[test]
    fn error_conveniences_and_words() {
        let body = r#"{"error":{"message":"x","error_type":"rate_limit_exceeded"}}"#;
        let http = HttpInfo::new(400, vec![("retry-after-ms".into(), "250".into())]);
        let err = Error::from(ApiError::from_http(http, body.into()));
        assert_eq!(err.retry_after(), Some(Duration::from_millis(250)));
        assert!(err.is_rate_limited(), "by its error type");
        assert_eq!(Error::config("bad").retry_after(), None);
        // The part errors are errors of their own, for `?` into a `Box<dyn Error>`.
        let boxed: Box<dyn std::error::Error> = Box::new(ConfigError(Box::new("bad".into())));
        assert_eq!(boxed.to_string(), "bad");
        let boxed: Box<dyn std::error::Error> = Box::new(RefusalError(Box::new("no".into())));
        assert_eq!(boxed.to_string(), "no");
        assert_eq!(TransportKind::HostNotFound.to_string(), "host not found");
        assert_eq!(
            DecodeTarget::Arguments.to_string(),
            "function call arguments"
        );
    }

    #[test]
    fn html_body_is_kept_and_excerpted() {
        let page = format!("<html>\n<body>{}</body></html>", "x".repeat(1000));
        let e = ApiError::from_http(HttpInfo::new(502, vec![]), page.clone());
        assert_eq!(e.body, page);
        // Its first 200 characters, white space folded, and an ellipsis.
        assert_eq!(e.message, format!("<html> <body>{}…", "x".repeat(187)));
    }

    #[test]
    fn a_body_that_broke_off_is_retryable_a_limit_is_not() {
        let stream = |e: StreamError| Error::stream(e).is_retryable();
        assert!(stream(StreamError::Io(
            io::ErrorKind::ConnectionReset.into()
        )));
        assert!(stream(StreamError::EndedEarly {
            snapshot: None,
            cause: None
        }));
        assert!(!stream(StreamError::LineTooLong { limit: 1 }));
        assert!(!stream(StreamError::EventTooLarge { limit: 1 }));
        assert!(!stream(StreamError::BodyTooLarge { limit: 1 }));
        let json = serde_json::from_str::<Value>("{").unwrap_err();
        let decode = Box::new(DecodeError::new(
            DecodeTarget::StreamEvent,
            "{".into(),
            json,
        ));
        assert!(!stream(StreamError::TerminalUndecodable {
            snapshot: None,
            decode,
        }));
        let json = serde_json::from_str::<Value>("{").unwrap_err();
        assert!(!Error::decode(DecodeTarget::ResponseBody, "{", json).is_retryable());
        // A body that ended before its JSON did, and its copy.
        let json = serde_json::from_str::<Value>("{").unwrap_err();
        let cut = Error::body_ended_early("{", json);
        assert!(cut.is_retryable());
        assert!(cut.end_copy().is_some_and(|c| c.is_retryable()));
        assert!(!Error::refusal("no".into()).is_retryable());
        assert!(!Error::config("bad").is_retryable());
    }

    #[test]
    fn underlying_is_an_early_ends_cause_and_else_the_error_itself() {
        let timeout = || Error::timeout(TimeoutKind::Read, None);
        let ended = |cause: Option<Error>| {
            Error::stream(StreamError::EndedEarly {
                snapshot: None,
                cause,
            })
        };
        let early = ended(Some(timeout()));
        assert!(early.underlying().is_timeout());
        assert!(!early.is_timeout());
        assert_eq!(early.underlying().is_retryable(), early.is_retryable());
        let stopped = ended(Some(Error::stopped()));
        assert!(
            matches!(stopped.underlying(), Error::Transport(t) if t.kind == TransportKind::Stopped)
        );
        assert!(!stopped.is_retryable());
        // No cause, another stream error, a bare error: the error itself.
        for err in [
            ended(None),
            Error::stream(StreamError::LineTooLong { limit: 1 }),
            timeout(),
            Error::stopped(),
        ] {
            assert!(std::ptr::eq(err.underlying(), &err), "{err:?}");
        }
    }

    #[test]
    fn a_numeric_code_inside_a_successful_answer_stands_for_a_status() {
        let http = HttpInfo::new(200, vec![]);
        let event = |code: Value| {
            let v = serde_json::json!({"type": "error", "code": code, "message": "m"});
            ApiError::from_event(&http, &v, "")
        };
        assert!(event(429.into()).is_rate_limited() && event(429.into()).is_retryable());
        assert!(!event(502.into()).is_rate_limited() && event(502.into()).is_retryable());
        assert!(!event(400.into()).is_retryable() && !event(400.into()).is_rate_limited());
        assert!(!event(99999.into()).is_retryable());
        // A 2xx body that is only an error envelope.
        let envelope = |body: &str| ApiError::from_http(HttpInfo::new(200, vec![]), body.into());
        assert!(
            envelope(r#"{"error":{"code":502,"message":"Provider returned error"}}"#)
                .is_retryable()
        );
        assert!(!envelope(r#"{"error":{"code":404,"message":"gone"}}"#).is_retryable());
        // An error status is what counts beside a code that says otherwise.
        let answer = ApiError::from_http(
            HttpInfo::new(400, vec![]),
            r#"{"error":{"code":429,"message":"m"}}"#.into(),
        );
        assert!(!answer.is_retryable() && !answer.is_rate_limited());
    }

    #[test]
    fn an_html_page_is_shown_by_its_title() {
        let e = |body: &str| ApiError::from_http(HttpInfo::new(502, vec![]), body.into());
        let page = "<!DOCTYPE html>\n<html><head><TITLE lang=\"en\">\n  502 Bad Gateway &amp; more\n</TITLE></head>\n<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
        let err = e(page);
        assert_eq!(err.message, "502 Bad Gateway & more");
        assert_eq!(err.body, page);
        assert_eq!(err.to_string(), "api error 502: 502 Bad Gateway & more");
        // Multi-byte text around and inside the title.
        assert_eq!(
            e("<html><title>Fehler – ä</title>ü</html>").message,
            "Fehler – ä"
        );
        // No title, an empty or unclosed one, or text that is not a page:
        // the excerpt of the body.
        for body in [
            "<html><body>Bad gateway</body></html>",
            "<html><title> </title></html>",
            "<html><title>cut",
            "Bad gateway <title>x</title>",
        ] {
            assert_eq!(e(body).message, excerpt(body), "{body}");
        }
        // A long title is cut as an excerpt is.
        let long = format!("<title>{}</title>", "é".repeat(1000));
        assert_eq!(e(&long).message.chars().count(), MESSAGE_EXCERPT + 1);
    }

    #[test]
    fn a_json_body_without_a_message_is_shown_as_it_came() {
        let body = r#"{"detail": "Not Found"}"#;
        let e = ApiError::from_http(HttpInfo::new(404, vec![]), body.into());
        assert_eq!(e.message, body);
        assert_eq!(e.to_string(), r#"api error 404: {"detail": "Not Found"}"#);
        // A message of a known shape is the message.
        let e = ApiError::from_http(
            HttpInfo::new(404, vec![]),
            r#"{"error": {"message": "no such model"}}"#.into(),
        );
        assert_eq!(e.to_string(), "api error 404: no such model");
        // An empty body says nothing more.
        let e = ApiError::from_http(HttpInfo::new(404, vec![]), String::new());
        assert_eq!(e.to_string(), "api error 404");
    }

    #[test]
    fn flat_and_nested_event_shapes() {
        let http = HttpInfo::new(200, vec![]);
        let flat = serde_json::json!({"type":"error","code":"rate_limit_exceeded","message":"slow","param":null});
        let e = ApiError::from_event(&http, &flat, "raw");
        assert!(e.origin == ErrorOrigin::Stream && e.is_rate_limited() && e.is_retryable());
        assert_eq!(e.message, "slow");
        let nested = serde_json::json!({"type":"error","error":{"code":502,"message":"upstream"}});
        let e = ApiError::from_event(&http, &nested, "raw");
        assert_eq!(e.code, Some(ErrorCode::Number(502)));
        assert_eq!(e.to_string(), "api error in stream (502): upstream");
    }
}

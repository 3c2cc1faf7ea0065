//! Streaming responses: [`ResponseStream`], an iterator of typed
//! [`StreamEvent`]s that also builds up the [`Response`] as it goes.
//!
//! A stream can be replayed from any reader, for example a recorded
//! transcript:
//!
//! ```
//! use openrouter_responses::{ResponseStream, StreamEvent};
//!
//! let transcript = concat!(
//!     "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}\n\n",
//!     ": OPENROUTER PROCESSING\n\n",
//!     "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"Hel\"}\n\n",
//!     "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"lo\"}\n\n",
//!     "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n",
//!     "data: [DONE]\n\n",
//! );
//! let mut stream = ResponseStream::from_reader(transcript.as_bytes());
//! let mut text = String::new();
//! for delta in stream.text_deltas() {
//!     text.push_str(&delta?);
//! }
//! assert_eq!(text, "Hello");
//! let response = stream.final_response()?;
//! assert_eq!(response.id, "resp_1");
//! # Ok::<(), openrouter_responses::Error>(())
//! ```

use std::fmt;
use std::io::{self, Read, Write};
use std::iter::FusedIterator;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::Value;

use crate::error::{ApiError, DecodeTarget, Error, Result, StreamError};
use crate::http_info::HttpInfo;
use crate::response::{OutputItem, Response};
use crate::sse;

mod accumulate;
mod deltas;
mod event;
pub(crate) mod fast;
#[cfg(test)]
mod long_props;

use accumulate::{Accumulator, TextPlace};

use crate::long_strings::{self, Hole, Text};
pub use deltas::{Deltas, StreamDelta};
pub use event::{
    ApplyPatchCallOperationDiffDelta, ApplyPatchCallOperationDiffDone,
    CodeInterpreterCallCodeDelta, CodeInterpreterCallCodeDone, ContentPart, ContentPartEvent,
    CustomToolCallInputDelta, CustomToolCallInputDone, DebugEvent, DebugInfo, ErrorEvent,
    ErrorEventDetail, FunctionCallArgumentsDelta, FunctionCallArgumentsDone,
    FusionCallAnalysisCompleted, FusionCallAnalysisInProgress, FusionCallPanelAdded,
    FusionCallPanelCompleted, FusionCallPanelDelta, FusionCallPanelFailed,
    ImageGenerationCallPartialImage, ItemEvent, OutputItemEvent, OutputTextAnnotationAdded,
    OutputTextDelta, OutputTextDone, ReasoningSummaryPartEvent, ReasoningSummaryTextDelta,
    ReasoningSummaryTextDone, ReasoningTextDelta, ReasoningTextDone, RefusalDelta, RefusalDone,
    ResponseEvent, StreamEvent,
};

/// The SSE `data` that ends a stream.
const DONE: &str = "[DONE]";

const FAILED: &str = "response.failed";
const INCOMPLETE: &str = "response.incomplete";

/// The type of the terminal event that carries `response`, by its status:
/// `response.failed`, `response.incomplete`, else `response.completed`.
pub(crate) fn terminal_event_type(response: &Response) -> &'static str {
    if response.is_failed() {
        FAILED
    } else if response.is_incomplete() {
        INCOMPLETE
    } else {
        "response.completed"
    }
}

/// A streaming response: an iterator of [`StreamEvent`]s.
///
/// Made by [`Client::stream`](crate::Client::stream), or by
/// [`from_reader`](ResponseStream::from_reader) over a recorded body.
///
/// # The iterator
///
/// - Keep-alive comments (`: OPENROUTER PROCESSING`) are skipped, and
///   `data: [DONE]` ends the stream, as does the terminal event
///   (`response.completed`, `.incomplete`, `.failed`, or the docs'
///   `.done`): the iterator ends after handing it out, without waiting for
///   the rest of the body (normally only `[DONE]`; events a server sends
///   after the terminal event are not read).
/// - An event that cannot be decoded yields [`Error::Decode`] with its raw
///   text, and the stream goes on (but after a terminal event that cannot
///   be decoded, which ends it as a decoded one does).
/// - An `error` or `response.error` event, or a `response.failed` event
///   (or a `response.done` carrying a failed response), yields
///   [`Error::Api`] with the server's code, message and error type, and
///   the stream ends; so does an event sent as `event: error` whose data is
///   not a typed event (an object without `type`, or plain text, which is
///   then the message). The failed response stays reachable through
///   [`snapshot`](ResponseStream::snapshot) and
///   [`final_response`](ResponseStream::final_response).
/// - A broken connection, a read timeout, a line over the size limit, a
///   stop or a shutdown ([`Error::Transport`] of kind
///   [`Stopped`](crate::TransportKind::Stopped) or
///   [`Shutdown`](crate::TransportKind::Shutdown)) yields one error, and the
///   stream ends; [`final_response`](ResponseStream::final_response) then
///   answers [`StreamError::EndedEarly`] with what arrived and a copy of
///   that error as its [`cause`](StreamError::EndedEarly::cause), as it
///   does when it meets such an error itself.
/// - An event whose lines all arrived when the body ended cleanly, without
///   the blank line that ends it, is read (see the [`sse`]
///   module): a body framed by its length or its chunks whose last event
///   misses its blank line is whole. An event whose last line was cut (no
///   line end), or whose JSON was cut short (its data in several lines,
///   the body ending between them), or one that a stop or a shutdown cut,
///   is not.
/// - A body that ends cleanly before its terminal event (not closed by a
///   stop or a shutdown) ends the iterator without an error, as the
///   official SDK's does:
///   [`ended_early`](ResponseStream::ended_early) tells such an end from a
///   complete answer, and [`final_response`](ResponseStream::final_response)
///   answers it with [`StreamError::EndedEarly`].
/// - After it has ended the iterator only returns `None`.
///
/// [`next_event`](ResponseStream::next_event) reads the same events, errors
/// and snapshot, lending each event out instead of handing over a copy.
///
/// # Accumulation
///
/// Every event is folded into a [`Response`]:
/// [`snapshot`](ResponseStream::snapshot) shows it so far, and
/// [`final_response`](ResponseStream::final_response) reads the rest of the
/// stream and returns it. [`text_deltas`](ResponseStream::text_deltas)
/// yields just the answer's output text, for printing as it arrives, and
/// [`deltas`](ResponseStream::deltas) every piece of text (the answer, the
/// reasoning, a call's arguments) with what it belongs to.
///
/// A terminal event whose response carries no output keeps the items the
/// events built, and settles those no `response.output_item.done` closed:
/// they are `completed` when the response completed, and `incomplete` when
/// it is incomplete, failed or cancelled (cut off before their end;
/// `failed` for a `web_search_call` or an `image_generation_call`, whose
/// statuses in the spec have no `incomplete`).
///
/// A closing event (`response.output_text.done`, `.content_part.done`,
/// `.output_item.done`, `response.completed`) repeats the whole text on one
/// line. Such a line is not buffered whole: its strings of 64 KiB or more are
/// unescaped as their bytes arrive and compared with the snapshot's texts,
/// so the event's text is a copy of the snapshot's (or, through
/// [`final_response`](ResponseStream::final_response),
/// [`text_deltas`](ResponseStream::text_deltas) and
/// [`deltas`](ResponseStream::deltas), which hand no closing event
/// out, and [`next_event`](ResponseStream::next_event), which lends it out,
/// the snapshot's own) rather than a second decode beside a buffered line.
/// Peak memory is then near the size of the response through those four,
/// and near twice that when the iterator hands every event out.
///
/// # The connection
///
/// A stream of [`Client::stream`](crate::Client::stream) that ends as the
/// protocol says (at `data: [DONE]`, at the end of the body, or at the
/// terminal event, where reading stops) gives its connection back to the
/// client for the next call (one made with a
/// [`StopHandle`](crate::StopHandle), to the next call made with one): what is left
/// of the body, normally only
/// `[DONE]` and the end of its framing, is read on a
/// short-lived thread of its own (at most 64 KiB, within the idle read
/// timeout), so a server that holds the body open never holds the caller.
/// At most 32 such bodies are read at a time in the process; the body of a
/// stream that ends while as many are read is closed instead, and so is a
/// body that ends with its connection (one without a length, or sent with
/// `Connection: close`), which no call could use again.
/// The next call of the same client made meanwhile by the thread that read
/// the stream, through the same connections (both with a
/// [`StopHandle`](crate::StopHandle), or both without one), waits for that
/// connection, at most 25 ms after the stream ended, rather than open
/// another.
/// A stream dropped once its terminal event was handed out has ended too.
/// Dropping the stream before its end, or calling
/// [`close`](ResponseStream::close), closes the connection, and so does
/// the end of a stream recorded with [`tee`](ResponseStream::tee). A stream
/// [`from_reader`](ResponseStream::from_reader) leaves its reader alone.
///
/// A stream is `Send` (it can be read on another thread than the one that
/// opened it) but not `Sync`: it is read through `&mut self`.
pub struct ResponseStream {
    /// `None` once the stream has ended: the body is dropped then.
    events: Option<sse::Reader<Box<dyn Read + Send>>>,
    http: HttpInfo,
    acc: Accumulator,
    /// The event [`next_event`](ResponseStream::next_event) lent out, to be
    /// folded in by value when the loan ends (or, if its [`LentEvent`] was
    /// forgotten, before the stream is read again).
    lent: Option<StreamEvent>,
    /// Whether the body is a client's answer, whose connection goes back to
    /// the pool when the rest of it is read (see [`drain`]).
    pooled: bool,
    /// Set when a recorded stream ([`tee`](ResponseStream::tee)) ends as the
    /// protocol says: its [`Tee`] then leaves out the part of an event it
    /// holds back, which came after the end.
    recording_done: Option<Arc<AtomicBool>>,
    /// The client whose answer this is, and the call when it was made with
    /// a stop handle: a body that breaks once the call was stopped or the
    /// client [shut down](crate::Client::shutdown) reports that.
    client: Option<(crate::Client, Option<Arc<crate::client::Call>>)>,
    /// The error of the `error` event (or of the error envelope sent as the
    /// body) that ended the stream, given again by
    /// [`final_response`](ResponseStream::final_response) after the
    /// iterator has handed it out.
    ended_by: Option<Box<ApiError>>,
    /// The error (a stop, a shutdown, a timeout, a broken body, a limit)
    /// that ended the reading, a copy once it was handed out: the cause of
    /// the early end [`final_response`](ResponseStream::final_response)
    /// answers.
    failed_with: Option<Error>,
    /// Which items' texts came in deltas, and what [`Deltas`] and
    /// [`TextDeltas`] yield of those that came without.
    unstreamed: deltas::Unstreamed,
    /// The thread that read the terminal event: its next call waits for
    /// the connection, wherever the stream is then dropped.
    ended_on: Option<std::thread::ThreadId>,
    /// The timeouts of the call, which the message of a timeout quotes.
    timeouts: crate::error::Limits,
    /// The credentials of the client and of the call, replaced in the
    /// server's text of every error the stream returns (none for a stream
    /// read from a reader).
    secrets: crate::redact::Secrets,
}

impl fmt::Debug for ResponseStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseStream")
            .field("http", &self.http)
            .field("open", &self.events.is_some())
            .field("snapshot", &self.acc.snapshot())
            .finish()
    }
}

impl ResponseStream {
    /// Wraps the body of a `text/event-stream` answer. `max_event_size` bounds
    /// one line and one event's data.
    pub(crate) fn new(body: Box<dyn Read + Send>, http: HttpInfo, max_event_size: usize) -> Self {
        let mut events = sse::Reader::new(body).max_event_size(max_event_size);
        // A closing event repeats the whole text on one line: its long
        // strings are compared with the snapshot as they arrive instead of
        // being buffered with the line and decoded beside the snapshot.
        events.take_long_strings();
        ResponseStream {
            events: Some(events),
            http,
            acc: Accumulator::default(),
            lent: None,
            pooled: false,
            recording_done: None,
            client: None,
            ended_by: None,
            failed_with: None,
            unstreamed: deltas::Unstreamed::default(),
            ended_on: None,
            timeouts: crate::error::Limits::default(),
            secrets: crate::redact::Secrets::default(),
        }
    }

    /// Marks the body as `client`'s answer: when the stream ends as the
    /// protocol says (`[DONE]`, or the terminal event), what is left of it
    /// is read on a thread of its own so that the connection can be used
    /// again (see [`drain`]); reading it fails with the shutdown error once
    /// the client is shut down, or with the stop error once `call` (made
    /// with a stop handle) is stopped. Such a call's connection goes back to
    /// the client for the next call made with a stop handle.
    pub(crate) fn pooled(
        mut self,
        client: &crate::Client,
        call: Option<Arc<crate::client::Call>>,
        timeouts: crate::error::Limits,
    ) -> Self {
        self.pooled = true;
        self.client = Some((client.clone(), call));
        self.timeouts = timeouts;
        self
    }

    /// Replaces `secrets` (the credentials of the client and of the call)
    /// in every error the stream returns.
    pub(crate) fn redacting(mut self, secrets: &crate::redact::Secrets) -> Self {
        self.secrets = secrets.clone();
        self
    }

    /// Reads a stream from any reader of SSE bytes, such as a recorded
    /// transcript. Its [`http`](ResponseStream::http) is a bare status 200,
    /// and the size limit is [`sse::DEFAULT_MAX_EVENT_SIZE`].
    pub fn from_reader(reader: impl Read + Send + 'static) -> Self {
        Self::new(
            Box::new(reader),
            HttpInfo::new(200, Vec::new()),
            sse::DEFAULT_MAX_EVENT_SIZE,
        )
    }

    /// [`from_reader`](ResponseStream::from_reader) with the status and
    /// headers to report as [`http`](ResponseStream::http) (and in the
    /// errors of the stream's events), and the largest line and event data
    /// accepted, in bytes: a recorded answer played back as it came.
    ///
    /// ```
    /// use openrouter_responses::{stream::ResponseStream, HttpInfo};
    /// let http = HttpInfo::new(200, vec![("x-generation-id".into(), "gen-1".into())]);
    /// let body = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n";
    /// let mut stream = ResponseStream::from_reader_with(body.as_bytes(), http, 1 << 20);
    /// assert_eq!(stream.http().generation_id(), Some("gen-1"));
    /// assert!(stream.next().unwrap().is_ok());
    /// ```
    pub fn from_reader_with(
        reader: impl Read + Send + 'static,
        http: HttpInfo,
        max_event_size: usize,
    ) -> Self {
        Self::new(Box::new(reader), http, max_event_size)
    }

    /// Copies the body, as the stream reads it from here on, to `writer`:
    /// a recording of the raw bytes that
    /// [`from_reader`](ResponseStream::from_reader) plays back, for a test
    /// or a bug report.
    ///
    /// Called before the first event is read, the recording is the whole
    /// body; called later, it starts with the bytes the stream has read but
    /// not yet parsed. It is written whole events at a time: each read up
    /// to its last blank line, the rest with the read that completes its
    /// event (an event longer than 64 KiB as it comes). A stream that ends
    /// as the protocol says (at `[DONE]`, or at the terminal event: the
    /// iterator and [`final_response`](ResponseStream::final_response) stop
    /// there, and a stream dropped once it is handed out has ended) leaves a recording of whole events, through the terminal event and any
    /// whole events read with it; the start of the next line, read with
    /// them, is left out. What the server sends after that, normally
    /// `data: [DONE]`, is not read: a writer that relays the stream to a
    /// caller who waits for `[DONE]` sends `data: [DONE]\n\n` itself when
    /// the stream has ended (after a `[DONE]` that was read, it is past the
    /// end for every reader). A stream that ends otherwise (the end of the
    /// body, an error, a close or a drop) records all it read. Every event
    /// is written and flushed before it is handed out; a write or
    /// flush that fails ends the stream with [`Error::Stream`]: a
    /// [`StreamError::Io`] of the writer's error kind that displays as
    /// `recording the stream failed` (the writer's error is in its
    /// sources) and that [`Error::is_retryable`] does not advise retrying
    /// ([`final_response`](ResponseStream::final_response): the cause of
    /// its [`StreamError::EndedEarly`], which keeps what arrived).
    /// A relay whose own caller hung up is told apart from a server's body
    /// that broke off this way. A writer that panics is not called again:
    /// its panic reaches the reader, nothing more is written as the stream
    /// is dropped, and a stream read on once the panic is caught fails with
    /// that error. A recorded stream's connection is closed
    /// when it ends rather than used again, so that the recording is finished
    /// then. Nothing is written for a stream that has ended.
    ///
    /// ```no_run
    /// use std::fs::File;
    /// use openrouter_responses::{stream::ResponseStream, Client, Request};
    ///
    /// let client = Client::from_env()?;
    /// let request = Request::builder().model("openai/gpt-4o").input("Hi").build();
    /// let stream = client.stream(&request)?.tee(File::create("hi.sse")?);
    /// let answer = stream.final_response()?;
    ///
    /// // Later, in a test: the same events, the same response.
    /// let replayed = ResponseStream::from_reader(File::open("hi.sse")?).final_response()?;
    /// assert_eq!(replayed.output_text(), answer.output_text());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tee(mut self, writer: impl Write + Send + 'static) -> Self {
        if let Some(events) = self.events.as_mut() {
            // A stream recorded twice ends both recordings at once.
            let done = Arc::clone(
                (self.recording_done).get_or_insert_with(|| Arc::new(AtomicBool::new(false))),
            );
            let mut tee = Tee {
                inner: Box::new(io::empty()),
                writer,
                held: Vec::new(),
                tail: Vec::new(),
                failed: None,
                done,
                writing: false,
            };
            let [partial, buffered] = events.unread();
            tee.failed = tee
                .record(partial)
                .and_then(|()| tee.record(buffered))
                .err();
            tee.inner = std::mem::replace(events.get_mut(), Box::new(io::empty()));
            *events.get_mut() = Box::new(tee);
            self.pooled = false;
        }
        self
    }

    /// The HTTP status and headers the stream arrived with.
    pub fn http(&self) -> &HttpInfo {
        &self.http
    }

    /// The response built from the events so far: `None` before the first
    /// event that carries or starts one (an item coming before any response
    /// event starts one `in_progress`).
    ///
    /// Output text, refusals, reasoning text and summaries, function-call
    /// arguments, custom tool input, code interpreter code and the diff of
    /// an apply-patch call grow with each delta; `.done` events
    /// and `response.output_item.done` replace them with the final value
    /// (a reasoning item's `encrypted_content`, `signature` and `format`,
    /// sent back on the next turn, are kept from its
    /// `response.output_item.added` when its done item lacks them); the
    /// response of `response.completed`, `.incomplete` or `.failed` replaces
    /// the whole snapshot (keeping the items built from the stream when it
    /// carries none; those still in progress then become `completed` when
    /// the response completed, `incomplete` when it is incomplete, failed or
    /// cancelled: `failed` for a `web_search_call` or an
    /// `image_generation_call`, whose statuses have no `incomplete`). When
    /// it carries items, a reasoning item among them keeps those three
    /// members, when it lacks them, from the stream's reasoning item of the
    /// same id (without ids, at the same index): its own values win.
    ///
    /// Its `output` is in `output_index` order: an item that arrives after
    /// one of a higher index goes before it, but for one that would move
    /// more than 64 items (a server sending its items backwards): it goes
    /// at the end, as does every new item after it, until the terminal
    /// event (or the end of the stream) puts every item in its place.
    /// [`item`](ResponseStream::item) finds an item by its index meanwhile.
    pub fn snapshot(&self) -> Option<&Response> {
        self.acc.snapshot()
    }

    /// The item of the [`snapshot`](ResponseStream::snapshot) at
    /// `output_index`, as the events so far built it, wherever it stands in
    /// `output`: the item an event's
    /// `output_index` names (an argument delta's function call, with its
    /// `name` and `call_id`, say). `None` before an event put an item there.
    ///
    /// ```
    /// use openrouter_responses::stream::{ResponseStream, StreamEvent};
    /// use openrouter_responses::OutputItem;
    ///
    /// let body = concat!(
    ///     "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":",
    ///     "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",",
    ///     "\"name\":\"get_weather\",\"arguments\":\"\"}}\n\n",
    ///     "data: {\"type\":\"response.function_call_arguments.delta\",",
    ///     "\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":\"{\\\"city\"}\n\n",
    /// );
    /// let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body));
    /// while let Some(event) = stream.next() {
    ///     if let StreamEvent::FunctionCallArgumentsDelta(d) = event? {
    ///         let Some(OutputItem::FunctionCall(call)) = stream.item(d.output_index) else {
    ///             panic!("no call at {}", d.output_index);
    ///         };
    ///         assert_eq!((call.name.as_str(), call.call_id.as_str()), ("get_weather", "call_1"));
    ///         assert_eq!(call.arguments, "{\"city");
    ///     }
    /// }
    /// assert!(stream.item(1).is_none());
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn item(&self, output_index: usize) -> Option<&OutputItem> {
        self.acc.item_at(output_index)
    }

    /// Closes the connection. The events read so far stay in the
    /// [`snapshot`](ResponseStream::snapshot); the iterator returns `None`
    /// from now on. Closed before its terminal event (and before an error
    /// ended it), the stream was stopped by its caller:
    /// [`final_response`](ResponseStream::final_response) then answers
    /// [`StreamError::EndedEarly`] whose
    /// [`cause`](StreamError::EndedEarly::cause) is an [`Error::Transport`]
    /// of kind [`Stopped`](crate::TransportKind::Stopped), as for a call
    /// stopped through its [`StopHandle`](crate::StopHandle): not worth a
    /// retry.
    pub fn close(&mut self) {
        self.settle();
        if self.events.is_some() && !self.acc.is_terminal() && self.failed_with.is_none() {
            let stopped = Error::stopped().in_answer(&self.http);
            self.failed_with = Some(stopped.redacted(&self.secrets));
        }
        // No longer in flight: a stop of its handle closes nothing now.
        self.finish();
    }

    /// Whether the stream has ended (or was closed): also from the moment
    /// its terminal event was handed out, before the iterator is asked for
    /// more (it then returns `None`, and reads no more of the body).
    pub fn is_finished(&self) -> bool {
        self.events.is_none() || self.has_terminal()
    }

    /// Whether the terminal event arrived: folded in, or lent out.
    fn has_terminal(&self) -> bool {
        self.acc.is_terminal() || self.lent.as_ref().is_some_and(StreamEvent::is_terminal)
    }

    /// Whether the stream has ended without its terminal event
    /// (`response.completed`, `.incomplete` or `.failed`): the body ended or
    /// broke off before it, an error event ended the stream, or it was
    /// closed. `false` while the stream is still open.
    ///
    /// The iterator, [`text_deltas`](ResponseStream::text_deltas) and
    /// [`deltas`](ResponseStream::deltas) end without an error when a body ends cleanly before its terminal event
    /// (as the official SDK's stream does); this tells such an end from a
    /// complete answer, as
    /// [`final_response`](ResponseStream::final_response)'s
    /// [`StreamError::EndedEarly`] does.
    ///
    /// ```
    /// use openrouter_responses::stream::ResponseStream;
    /// let cut = r#"data: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hel"}
    ///
    /// "#;
    /// let mut stream = ResponseStream::from_reader(cut.as_bytes());
    /// let text: String = stream.text_deltas().collect::<Result<_, _>>()?;
    /// assert_eq!(text, "Hel");
    /// assert!(stream.ended_early(), "the answer was cut short");
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn ended_early(&self) -> bool {
        self.events.is_none() && !self.has_terminal()
    }

    /// An iterator over just the answer's output text, delta by delta, for
    /// printing as it arrives: the `delta` of every
    /// `response.output_text.delta` and `response.content_part.delta` event
    /// of a message (not those of a message phased `commentary`, nor of an
    /// `openrouter:advisor` item that streams its advice). A message whose
    /// text came with no such event (a server that sends only the closing
    /// events, or a whole JSON response where a stream was asked for, from a
    /// server that ignores `stream`) yields each text part once, whole, when
    /// it closes (`response.output_text.done`, `response.content_part.done`
    /// or `response.output_item.done`), or at the terminal event for a
    /// message never closed (at the end of a stream without one: before the
    /// error that ended it, if any): the text comes in the order of the
    /// answer.
    ///
    /// An advisor may stream its advice before its item is announced, and
    /// such deltas cannot be told from those of a message not announced
    /// yet: once the stream has announced an item
    /// (`response.output_item.added`), output text deltas for an index not
    /// announced are held back until an event tells what item is there
    /// (its announcement or its end, one of its parts, or a refusal, which
    /// only a message holds).
    /// They come when it is a message (or an item this version does not
    /// know, or at the end of a stream that never says), and are left out
    /// when it is another item (an advisor, whose `advice` holds the whole
    /// of it). A stream that announces no item streams its text as it
    /// comes; at most 256 KiB is held back (then all of it comes, and
    /// nothing more is held). Other events still build the
    /// [`snapshot`](ResponseStream::snapshot); errors come through as they
    /// are (a `response.failed` after the text its messages hold that came
    /// without deltas). Afterwards, [`final_response`](ResponseStream::final_response)
    /// gives the whole response.
    ///
    /// A model that labels its messages by `phase` streams its commentary
    /// (what it says before its calls) through the same events as its
    /// answer: the text of a message phased `commentary` is left out, so
    /// that what this yields is the text
    /// [`Response::answer_text`] gives of the final response;
    /// [`deltas`](ResponseStream::deltas) yields the commentary as
    /// [`StreamDelta::Commentary`]. A message is known to be commentary by
    /// its announcement (`response.output_item.added`, which carries its
    /// `phase`), or, for a text that came without deltas, by its item when
    /// the text closes. The text of a message without a `phase` (from a
    /// model that sends none, or streamed before its message was announced),
    /// or with a phase this version does not know, is yielded as the
    /// answer's: `answer_text()` leaves such a message out only when another
    /// message of the response is phased `final_answer`, which the stream
    /// cannot know while that text streams.
    ///
    /// ```
    /// use openrouter_responses::ResponseStream;
    ///
    /// let transcript = concat!(
    ///     "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"phase\":\"commentary\",\"content\":[]}}\n\n",
    ///     "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"Let me check.\"}\n\n",
    ///     "data: {\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"message\",\"id\":\"msg_2\",\"role\":\"assistant\",\"phase\":\"final_answer\",\"content\":[]}}\n\n",
    ///     "data: {\"type\":\"response.output_text.delta\",\"output_index\":1,\"item_id\":\"msg_2\",\"content_index\":0,\"delta\":\"It is 18 °C.\"}\n\n",
    ///     "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n",
    /// );
    /// let mut stream = ResponseStream::from_reader(transcript.as_bytes());
    /// let shown: String = stream.text_deltas().collect::<Result<_, _>>()?;
    /// assert_eq!(shown, "It is 18 °C.");
    /// let response = stream.final_response()?;
    /// assert_eq!(shown, response.answer_text());
    /// assert_eq!(response.output_text(), "Let me check.It is 18 °C.");
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    ///
    /// A refusal is not output text: its deltas are not yielded, so a model
    /// that refuses yields nothing here; read
    /// [`Response::refusal`] of the final response (or match
    /// [`StreamEvent::RefusalDelta`] events to show it as it comes).
    ///
    /// Memory stays near the size of the response, as with `final_response`:
    /// the events it does not hand out are folded in without copying the
    /// text that the closing events repeat.
    ///
    /// Each event is read once, by whichever iterator reads it: what this
    /// read past (commentary, reasoning, a refusal, a call's arguments) is
    /// not yielded again by a [`deltas`](ResponseStream::deltas) iterator
    /// made afterwards; the [`snapshot`](ResponseStream::snapshot) and the
    /// final response hold it. Read the stream with `deltas` throughout to
    /// have every piece.
    pub fn text_deltas(&mut self) -> TextDeltas<'_> {
        TextDeltas { stream: self }
    }

    /// An iterator over the pieces of text the stream delivers, in the order
    /// they arrive, each a [`StreamDelta`] that says what it belongs to: the
    /// answer's output text (as [`text_deltas`](ResponseStream::text_deltas)
    /// yields it, also holding back the deltas of an item not announced
    /// yet), the commentary of a message phased `commentary` (the output
    /// text `text_deltas` leaves out, as [`StreamDelta::Commentary`]: the
    /// two together are the response's
    /// [`output_text`](Response::output_text)), a refusal, a reasoning
    /// summary or reasoning text, a function call's arguments or a custom
    /// tool call's input.
    ///
    /// The order: pieces come as their events arrive. The text of an item
    /// that came without deltas of its kind (only in closing events with the
    /// whole text: a reasoning item whole in its `response.output_item.done`,
    /// a call whose arguments came only in
    /// `response.function_call_arguments.done`, a server that sends no
    /// deltas, a whole JSON response) comes once, part by part, when its
    /// part closes (`response.reasoning_summary_text.done`,
    /// `response.reasoning_summary_part.done`, `response.reasoning_text.done`,
    /// `response.output_text.done`, `response.refusal.done`,
    /// `response.content_part.done`, `response.function_call_arguments.done`,
    /// `response.custom_tool_call_input.done`) or its item does
    /// (`response.output_item.done`), and at the terminal event for an item
    /// never closed (or at the end of a stream without one, before the error
    /// that ended it: an `error` event, a broken connection, a stop): so
    /// what was shown is what arrived, reasoning sent before an answer comes
    /// before it, and a call's arguments (a custom tool call's input) come
    /// as one piece.
    /// Whether deltas came is told item by item (the summary and text of a
    /// reasoning item together; a message's text and its refusal each; a
    /// call's arguments or input): one
    /// item's deltas do not hold back another's closing text, and an item
    /// whose deltas came is not repeated whole. What a chat shows while it
    /// streams: the model's thinking, then its answer, or the call it makes
    /// as its arguments arrive ([`Deltas::item`] names the call).
    ///
    /// ```
    /// use openrouter_responses::{ResponseStream, StreamDelta};
    ///
    /// // Reasoning sent whole as its item closes, then an answer that streams.
    /// let transcript = concat!(
    ///     "data: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Compare.\"}]}}\n\n",
    ///     "data: {\"type\":\"response.output_text.delta\",\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"9.9\"}\n\n",
    /// );
    /// let mut stream = ResponseStream::from_reader(transcript.as_bytes());
    /// let pieces: Vec<StreamDelta> = stream.deltas().collect::<Result<_, _>>()?;
    /// assert!(matches!(&pieces[..], [
    ///     StreamDelta::ReasoningSummary { delta: thought, .. },
    ///     StreamDelta::Text(answer),
    /// ] if thought == "Compare." && answer == "9.9"));
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    ///
    /// Other events still build the [`snapshot`](ResponseStream::snapshot);
    /// errors come through as they are (a `response.failed`, which comes as
    /// its [`Error::Api`], after what its items hold that came without
    /// deltas, so that what was shown is whole), and a body that ends before its
    /// terminal event ends the iterator (see
    /// [`ended_early`](ResponseStream::ended_early)). Afterwards,
    /// [`final_response`](ResponseStream::final_response) gives the whole
    /// response, with the complete calls to run. Memory stays near the size
    /// of the response, as with `text_deltas`: the events it does not hand
    /// out are folded in by value.
    ///
    /// ```
    /// use openrouter_responses::{OutputItem, ResponseStream, StreamDelta};
    ///
    /// let transcript = concat!(
    ///     "data: {\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"item_id\":\"rs_1\",\"summary_index\":0,\"delta\":\"Checking the weather\"}\n\n",
    ///     "data: {\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"\"}}\n\n",
    ///     "data: {\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"item_id\":\"fc_1\",\"delta\":\"{\\\"city\\\":\"}\n\n",
    ///     "data: {\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"item_id\":\"fc_1\",\"delta\":\"\\\"Oslo\\\"}\"}\n\n",
    ///     "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n",
    /// );
    /// let mut stream = ResponseStream::from_reader(transcript.as_bytes());
    /// let mut shown = String::new();
    /// let mut call_shown = None;
    /// let mut deltas = stream.deltas();
    /// while let Some(delta) = deltas.next() {
    ///     match delta? {
    ///         StreamDelta::ReasoningSummary { delta, .. } => shown += &format!("({delta})"),
    ///         StreamDelta::Text(text) => shown += &text,
    ///         StreamDelta::FunctionCallArguments { output_index, delta } => {
    ///             // A new call: its name came with the item, before its arguments.
    ///             if call_shown != Some(output_index) {
    ///                 if let Some(OutputItem::FunctionCall(call)) = deltas.item(output_index) {
    ///                     shown += &format!(" {}", call.name);
    ///                 }
    ///                 call_shown = Some(output_index);
    ///             }
    ///             shown += &delta;
    ///         }
    ///         _ => {}
    ///     }
    /// }
    /// assert_eq!(shown, "(Checking the weather) get_weather{\"city\":\"Oslo\"}");
    /// let response = stream.final_response()?;
    /// let call = response.output[1].as_function_call().expect("a call");
    /// assert_eq!((call.call_id.as_str(), call.arguments.as_str()), ("call_1", "{\"city\":\"Oslo\"}"));
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn deltas(&mut self) -> Deltas<'_> {
        Deltas { stream: self }
    }

    /// Reads the rest of the stream and returns the final response: the one
    /// `response.completed`, `response.incomplete` or `response.failed`
    /// carried, with the items the stream built when it carried none, and
    /// with [`Response::http`] set.
    ///
    /// Events that cannot be decoded are skipped, but for a terminal one.
    /// Reading stops at the terminal event. (An undecodable terminal event
    /// the iterator has already handed out, as [`Error::Decode`], is not
    /// read again: `final_response` answers it from a copy, as it does an
    /// error event, and a body that is no event stream.)
    ///
    /// Memory stays near the size of the response itself: a closing event
    /// repeats the whole text on one line, and such a line is not buffered
    /// (see [Accumulation](ResponseStream#accumulation)); here a text equal
    /// to the snapshot's is not stored a second time.
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] for an `error` or `response.error` event (or data
    ///   that is no typed event sent as `event: error`), or for an error
    ///   envelope sent as the whole body (also when the iterator has
    ///   already handed that error out).
    /// - [`Error::Decode`] of the response body, with its text, for a body
    ///   that is no event stream and not the JSON of an answer either
    ///   (also when the iterator has already handed that error out).
    /// - [`StreamError::EndedEarly`] when the body ended (or the stream was
    ///   closed) without a terminal event; it holds what was accumulated
    ///   (`None` when no event had arrived), and the error that ended the
    ///   stream, if one did, as its
    ///   [`cause`](StreamError::EndedEarly::cause): a stop through its
    ///   [`StopHandle`](crate::StopHandle) or a shutdown of its client
    ///   ([`Error::Transport`] of kind
    ///   [`Stopped`](crate::TransportKind::Stopped) or
    ///   [`Shutdown`](crate::TransportKind::Shutdown)), a read or total
    ///   [`Error::Timeout`], a broken connection ([`StreamError::Io`]) or a
    ///   size limit. The same early end, whether `final_response` met that
    ///   error itself or the iterator (or `text_deltas`, `deltas`,
    ///   `next_event`) had already reported it (its cause then a copy): the
    ///   part of the answer that arrived is never dropped with the stream.
    ///   Also when nothing had arrived (`snapshot: None`), as after the
    ///   iterator: such an error has one shape here, whenever it came, and
    ///   [`Error::underlying`] gives its cause
    ///   (`err.underlying().is_timeout()`); the early end's
    ///   [`is_retryable`](Error::is_retryable) is the cause's: a stopped
    ///   stream is not worth a retry. A stream
    ///   [closed](ResponseStream::close) before its end was stopped: its
    ///   cause is [`Error::Transport`] of kind
    ///   [`Stopped`](crate::TransportKind::Stopped). `None` when the body
    ///   ended cleanly before its terminal event.
    /// - [`StreamError::TerminalUndecodable`] when `response.completed`,
    ///   `response.incomplete` or `response.done` arrived but did not
    ///   decode; it holds what was accumulated before it and the event's
    ///   text (also when the iterator has already handed the event out as
    ///   [`Error::Decode`]: a copy, whose JSON error is rebuilt from its
    ///   message).
    ///
    /// Each of these errors carries the status and headers of the answer
    /// the stream came in ([`Error::http`]), as every error of the
    /// iterator does.
    ///
    /// A `response.failed` event ends the stream with the failed response
    /// as `Ok` (the iterator reports that event as [`Error::Api`]): chain
    /// [`Response::into_result`] to have it as that error.
    pub fn final_response(mut self) -> Result<Response> {
        // A forgotten loan may be the terminal event: folded in before asking.
        self.settle();
        let mut undecodable_end = None;
        while !self.acc.is_terminal() {
            // The events are not handed out, so they are folded in by value.
            match self.answer_step(true, Accumulator::apply_owned) {
                Some(Ok(())) => {}
                // A body that was no event stream at all and not the JSON of
                // an answer: its text is the answer (the stream has ended).
                Some(Err(Error::Decode(d))) if d.what == DecodeTarget::ResponseBody => {
                    return Err(Error::Decode(d));
                }
                Some(Err(Error::Decode(d))) => {
                    if is_terminal_type(&d.body) {
                        undecodable_end = Some(d);
                        break;
                    }
                }
                Some(Err(e)) => {
                    if self.acc.is_terminal() {
                        break;
                    }
                    // An error event, or an error envelope sent as the
                    // body: the server's answer, given as it is.
                    if matches!(e, Error::Api(_)) {
                        return Err(e);
                    }
                    // What ended the reading (a stop, a shutdown, a timeout,
                    // a broken body, a limit): the cause of the early end,
                    // which keeps what arrived, as when the iterator met it.
                    self.failed_with = Some(e);
                    break;
                }
                None => break,
            }
        }
        if self.acc.is_terminal() {
            self.finish_done();
        } else {
            self.finish();
            // The iterator handed out the error event that ended the stream.
            if let Some(err) = self.ended_by.take() {
                return Err(Error::Api(err).redacted(&self.secrets));
            }
            // Or the decode error that ended it: answered as when read here.
            match self.failed_with.take() {
                Some(Error::Decode(d)) if d.what == DecodeTarget::ResponseBody => {
                    return Err(Error::Decode(d));
                }
                Some(Error::Decode(d)) => undecodable_end = Some(d),
                cause => self.failed_with = cause,
            }
        }
        let http = std::mem::take(&mut self.http);
        match std::mem::take(&mut self.acc).into_final() {
            (Some(mut response), true) => {
                response.http = Some(http);
                self.secrets.failed_response(&mut response);
                Ok(response)
            }
            (snapshot, _) => {
                let mut http = http;
                http.redact(&self.secrets);
                let snapshot = snapshot.map(|mut r| {
                    r.http = Some(http.clone());
                    Box::new(r)
                });
                let ended = Error::stream(match undecodable_end {
                    Some(decode) => StreamError::TerminalUndecodable { snapshot, decode },
                    None => StreamError::EndedEarly {
                        snapshot,
                        cause: self.failed_with.take(),
                    },
                });
                Err(ended.in_answer(&http))
            }
        }
    }

    /// The error of a stream whose call was stopped or whose client was
    /// shut down, while the call is still held (before `finish`).
    fn halted(&self) -> Option<Error> {
        let (client, call) = self.client.as_ref()?;
        client.halted(call.as_deref())
    }

    /// Ends the stream: drops the body, which closes the connection.
    fn finish(&mut self) {
        if self.events.take().is_some() {
            self.connection_closed();
        }
        self.end_call();
    }

    /// Tells the call made with a stop handle, if any, that its connection
    /// was closed: its pool is not left to the next call.
    fn connection_closed(&self) {
        if let Some((_, Some(call))) = &self.client {
            call.closed();
        }
    }

    /// Lets go of the call made with a stop handle: a stream that has ended
    /// is no longer in flight, and a stop must not close the connection it
    /// gave back.
    fn end_call(&mut self) {
        if let Some((_, call)) = self.client.as_mut() {
            *call = None;
        }
    }

    /// Tells the recording ([`tee`](ResponseStream::tee)) that the stream
    /// ended as the protocol says, so that what its [`Tee`] holds back,
    /// read after the end, is left out.
    fn recording_ends(&self) {
        if let Some(done) = &self.recording_done {
            done.store(true, Ordering::Relaxed);
        }
    }

    /// Notes that the terminal event was read, on this thread: the
    /// recording ends there.
    fn terminal_read(&mut self) {
        self.recording_ends();
        if self.ended_on.is_none() {
            self.ended_on = Some(std::thread::current().id());
        }
    }

    /// Ends a stream that ended as the protocol says: a client's body is
    /// drained so that its connection can be used again, any other dropped
    /// (as is one whose connection ends with it).
    fn finish_done(&mut self) {
        self.recording_ends();
        match self.events.take() {
            // A body that ends with its connection is not read on: its
            // connection cannot be used again; nor is one of a client that
            // keeps no idle connection.
            Some(events)
                if self.pooled
                    && crate::client::connection_reusable(&self.http)
                    && (self.client.as_ref()).is_some_and(|(c, _)| c.keeps_connections()) =>
            {
                // The thread that read the stream waits for its connection.
                let thread = (self.ended_on).unwrap_or_else(|| std::thread::current().id());
                let draining =
                    (self.client.as_ref()).map(|(c, call)| c.draining(call.as_deref(), thread));
                if !drain(events.into_inner(), draining) {
                    self.connection_closed();
                }
            }
            // Dropped (a recorded stream's body too): its connection is
            // closed.
            Some(_) => self.connection_closed(),
            None => {}
        }
        self.end_call();
    }

    /// Reads the next event and lends it out: the same events, errors and
    /// snapshot as the [iterator](#the-iterator), without the copy of the
    /// text that an event handed out owns.
    ///
    /// The event is folded into the [`snapshot`](ResponseStream::snapshot)
    /// by value when the [`LentEvent`] is dropped, so a closing event that
    /// repeats the whole text lends the snapshot's own text rather than a
    /// copy of it: iterating every event this way peaks near the size of the
    /// response, where the iterator peaks near twice that (see
    /// [Accumulation](ResponseStream#accumulation)).
    /// [`LentEvent::into_owned`] keeps an event, as the iterator would have
    /// given it.
    ///
    /// A `while let` loop keeps the stream borrowed through its body; to look
    /// at the snapshot inside the loop, end the loan first and write the loop
    /// as `loop { let Some(event) = stream.next_event() else { break }; ... }`.
    ///
    /// ```
    /// use openrouter_responses::{ResponseStream, StreamEvent};
    ///
    /// let transcript = concat!(
    ///     "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"Hi\"}\n\n",
    ///     "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n",
    /// );
    /// let mut stream = ResponseStream::from_reader(transcript.as_bytes());
    /// let mut kinds = Vec::new();
    /// while let Some(event) = stream.next_event() {
    ///     match &*event? {
    ///         StreamEvent::OutputTextDelta(d) => print!("{}", d.delta),
    ///         other => kinds.push(other.event_type().to_owned()),
    ///     }
    /// }
    /// assert_eq!(kinds, ["response.completed"]);
    /// assert_eq!(stream.snapshot().map(|r| r.id.as_str()), Some("resp_1"));
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn next_event(&mut self) -> Option<Result<LentEvent<'_>>> {
        // (`step` first folds in the event lent out last.)
        loop {
            // Folded in when the loan ends, so decoded by value: a text the
            // fold replaces moves out of the snapshot into the event.
            let step = self.step(true, |acc, event| {
                if reports_error(&event) {
                    // It ends the stream with its error: folded in now.
                    acc.apply_owned(event);
                    None
                } else {
                    Some(event)
                }
            });
            match step? {
                Ok(Some(event)) => {
                    self.lent = Some(event);
                    return Some(Ok(LentEvent { stream: self }));
                }
                // An error event: `step` gives its error instead.
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Folds in the event last lent out, if its loan was not ended.
    fn settle(&mut self) {
        if let Some(event) = self.lent.take() {
            self.acc.apply_owned(event);
            if self.acc.is_terminal() {
                self.terminal_read();
            }
        }
    }
}

/// An event lent out by [`ResponseStream::next_event`]: it dereferences to
/// the [`StreamEvent`], and is folded into the stream's snapshot when
/// dropped.
///
/// While it lives the stream is borrowed. (Forgetting it with
/// [`std::mem::forget`] postpones the folding until the stream is next
/// read. Until then the snapshot lacks the event, and a closing event that
/// took a long text over from the snapshot, instead of copying it, leaves
/// that text empty there.)
pub struct LentEvent<'a> {
    stream: &'a mut ResponseStream,
}

/// What a [`LentEvent`] shows if its event is gone, which its borrow of the
/// stream rules out.
static NO_EVENT: StreamEvent = StreamEvent::Unknown(Value::Null);

impl LentEvent<'_> {
    /// The event, owned: as the iterator gives it (its text a copy of the
    /// snapshot's), the snapshot built as if it had been dropped.
    pub fn into_owned(self) -> StreamEvent {
        match self.stream.lent.take() {
            Some(mut event) => {
                self.stream.acc.apply(&mut event);
                event
            }
            None => NO_EVENT.clone(),
        }
    }
}

impl std::ops::Deref for LentEvent<'_> {
    type Target = StreamEvent;

    fn deref(&self) -> &StreamEvent {
        self.stream.lent.as_ref().unwrap_or(&NO_EVENT)
    }
}

impl fmt::Debug for LentEvent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Drop for LentEvent<'_> {
    fn drop(&mut self) {
        self.stream.settle();
    }
}

/// Whether an event reports an error that ends the stream (as
/// [`api_error`] reads it).
fn reports_error(event: &StreamEvent) -> bool {
    match event {
        StreamEvent::Error(_) | StreamEvent::ResponseError(_) | StreamEvent::Failed(_) => true,
        // The docs' `response.done` carrying a failed response is a
        // `response.failed` by another name.
        StreamEvent::Done(e) => e.response.is_failed(),
        // An object without a `type` that carries an `error`.
        StreamEvent::Unknown(v) => v.get("type").is_none() && v.get("error").is_some(),
        _ => false,
    }
}

/// Whether an event's text, which did not decode, is that of a terminal
/// event (`response.failed`, and a `response.done` carrying a failed
/// response, report their error even then: see [`undecodable_error`]).
fn is_terminal_type(raw: &str) -> bool {
    let is_terminal = |t: &str| {
        matches!(
            t,
            "response.completed" | "response.incomplete" | "response.done"
        )
    };
    match fast::peek_type(raw) {
        Some(t) => is_terminal(t),
        None => serde_json::from_str::<Value>(raw)
            .ok()
            .and_then(|v| v.get("type").and_then(Value::as_str).map(is_terminal))
            .unwrap_or(false),
    }
}

/// Turns an error-carrying event into the error it reports. `sse_error`:
/// the event came as `event: error`, which makes an object without a `type`
/// (`{"message": …}`) an error too.
fn api_error(http: &HttpInfo, event: &StreamEvent, raw: &str, sse_error: bool) -> Option<ApiError> {
    if sse_error && matches!(event, StreamEvent::Unknown(v) if v.get("type").is_none()) {
        return sse_error_event(http, raw);
    }
    if !reports_error(event) {
        return None;
    }
    let failed = matches!(event, StreamEvent::Failed(_) | StreamEvent::Done(_));
    let value: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
    Some(reported_error(http, &value, failed, raw))
}

/// An `error`, `response.error` or `response.failed` event with a member of
/// an unexpected type (a fractional `code`, a numeric `param`, a malformed
/// `response` object) still reports its error: read leniently from its
/// JSON, as an error body is.
fn undecodable_error(http: &HttpInfo, raw: &str) -> Option<ApiError> {
    let value: Value = serde_json::from_str(raw).ok()?;
    let failed = match value.get("type").and_then(Value::as_str)? {
        "error" | "response.error" => false,
        // Its error is in its `response`, which must be an object.
        "response.failed" if value.get("response").is_some_and(Value::is_object) => true,
        // The docs' `response.done` carrying a failed response.
        "response.done"
            if value.pointer("/response/status").and_then(Value::as_str) == Some("failed") =>
        {
            true
        }
        _ => return None,
    };
    Some(reported_error(http, &value, failed, raw))
}

/// The error of an `event: error` whose data is no event: the members of a
/// JSON object (`{"code": 502, "message": …}`), else the text (a JSON string
/// or plain text) as the message. `None` for an object with a `type`: a
/// typed event, read by its type (one that does not decode is a decode
/// error, as without the name).
fn sse_error_event(http: &HttpInfo, raw: &str) -> Option<ApiError> {
    let value = match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(o)) if o.contains_key("type") => return None,
        Ok(v @ Value::Object(_)) => v,
        Ok(Value::String(text)) => serde_json::json!({ "message": text }),
        _ => serde_json::json!({ "message": raw.trim() }),
    };
    Some(ApiError::from_event(http, &value, raw))
}

/// The error an error event's JSON reports: the event's own members, or
/// those of its `response` for `response.failed` (the failed response
/// carries `error: {code, message}` and `error_type` itself).
fn reported_error(http: &HttpInfo, value: &Value, failed: bool, raw: &str) -> ApiError {
    let source = if failed {
        value.get("response").unwrap_or(value)
    } else {
        value
    };
    ApiError::from_event(http, source, raw)
}

impl ResponseStream {
    /// The answer of a body that had no event at all, only lines that are
    /// not of the event-stream format (`stray`): a JSON response sent as an
    /// event stream, or without a content type, is the terminal event of its
    /// status (a failed one gives its error, after being folded in, as a
    /// streamed `response.failed` does); an error envelope is
    /// [`Error::Api`]; anything else is [`Error::Decode`] of the response
    /// body, with its text.
    fn stray_answer<T>(
        &mut self,
        stray: &[u8],
        fold: impl FnOnce(&mut Accumulator, StreamEvent) -> T,
    ) -> Result<T> {
        let response = match crate::client::decode_answer(&self.http, stray) {
            Ok(response) => response,
            Err(Error::Api(api)) => return Err(self.end_with(*api)),
            Err(e) => return Err(e),
        };
        let event_type = terminal_event_type(&response);
        let event = Box::new(ResponseEvent {
            response,
            sequence_number: None,
            extra: serde_json::Map::new(),
        });
        let event = match event_type {
            FAILED => StreamEvent::Failed(event),
            INCOMPLETE => StreamEvent::Incomplete(event),
            _ => StreamEvent::Completed(event),
        };
        let folded = fold(&mut self.acc, event);
        if event_type == FAILED {
            // Read as text: the crate compiles no JSON decoder for bytes.
            let raw = String::from_utf8_lossy(stray);
            let value: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
            return Err(ApiError::from_event(&self.http, &value, &raw).into());
        }
        Ok(folded)
    }

    /// Reads and decodes the next event and folds it in with `fold`, whose
    /// result is returned; an error event yields its error instead (after
    /// being folded in) and ends the stream. The event's raw text is dropped
    /// before folding. After the terminal event it reads no more and ends
    /// the stream; at the end of a body that held no event, only stray
    /// lines, it gives their answer (see `stray_answer`).
    fn step<T>(
        &mut self,
        by_value: bool,
        fold: impl FnOnce(&mut Accumulator, StreamEvent) -> T,
    ) -> Option<Result<T>> {
        let step = self.answer_step(by_value, fold);
        if let Some(Err(e)) = &step {
            // What ended the reading says, through `final_response`, why
            // the answer was cut short (a stop is not worth a retry), or is
            // its answer again (a decode error that ended it).
            if self.events.is_none() && self.failed_with.is_none() {
                self.failed_with = e.end_copy();
            }
        }
        step
    }

    /// [`step`](Self::step) for `final_response`, which answers with the
    /// errors it meets: none is copied for it.
    fn answer_step<T>(
        &mut self,
        by_value: bool,
        fold: impl FnOnce(&mut Accumulator, StreamEvent) -> T,
    ) -> Option<Result<T>> {
        // Every error of the stream comes with its status and headers.
        match self.read_step(by_value, fold)? {
            Err(e) => Some(Err(e.in_answer(&self.http).redacted(&self.secrets))),
            ok => Some(ok),
        }
    }

    /// [`step`](Self::step), without the answer's status and headers in its
    /// errors.
    fn read_step<T>(
        &mut self,
        by_value: bool,
        fold: impl FnOnce(&mut Accumulator, StreamEvent) -> T,
    ) -> Option<Result<T>> {
        self.settle();
        // Nothing but `[DONE]` follows a terminal event: the stream ends
        // there, rather than wait on a server that holds the body open.
        if self.events.is_some() && self.acc.is_terminal() {
            self.finish_done();
            return None;
        }
        loop {
            let events = self.events.as_mut()?;
            let acc = &self.acc;
            let shortest = events.shortest_text();
            let expected = || {
                acc.long_texts(shortest)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect()
            };
            // The data is borrowed from the reader's buffer until the event is
            // decoded.
            match events.advance(&expected) {
                Some(Ok(())) => {}
                Some(Err(e)) => {
                    // A body cut by a stop or a shutdown broke because of
                    // it: said so, rather than as a network failure worth a
                    // retry (asked before `finish` lets go of the call).
                    let halted = self.halted();
                    self.finish();
                    return Some(Err(halted.unwrap_or_else(|| e.with_limits(&self.timeouts))));
                }
                None => {
                    // A body without a length that a stop or a shutdown
                    // closed seems to end: it was cut, and says why, as a
                    // framed one does (not as an early end worth a retry).
                    let stray = events.take_stray();
                    let halted = self.halted();
                    // Read to its end, a body framed by its length or its
                    // chunks leaves its connection in its pool (one that
                    // ends with its connection was told of by the call).
                    self.events = None;
                    self.end_call();
                    if let Some(e) = halted {
                        return Some(Err(e));
                    }
                    return stray.map(|body| self.stray_answer(&body, fold));
                }
            }
            // An event whose blank line did not come before the end of the
            // body (see the `sse` module): read unless a stop or a shutdown
            // closed the body, which then ends as cut (the next read).
            let at_end = events.at_end();
            if at_end && self.halted().is_some() {
                continue;
            }
            let events = self.events.as_mut()?;
            let holes = events.take_holes();
            // An `event: error` line makes data that is no typed event an error.
            let sse_error = events.event_type() == "error";
            let data = events.data();
            let trimmed = data.trim();
            if trimmed == DONE {
                self.finish_done();
                return None;
            }
            if trimmed.is_empty() {
                continue;
            }
            // The event's text with its long strings written back, when it
            // was made.
            let mut whole = None;
            let event = if holes.is_empty() {
                match StreamEvent::from_json(data) {
                    Ok(event) => event,
                    // Its JSON cut short: one of its lines never came, and
                    // the event is lost, as one without its end.
                    Err(e) if at_end && e.is_eof() => continue,
                    Err(e) => {
                        let raw = data.to_owned();
                        return Some(Err(self.undecodable(raw, e, sse_error)));
                    }
                }
            } else {
                match decode_with_holes(&mut self.acc, data, holes, shortest, by_value) {
                    Ok((event, w)) => {
                        whole = w;
                        event
                    }
                    Err((e, _)) if at_end && e.is_eof() => continue,
                    Err((e, w)) => {
                        let raw = w.unwrap_or_else(|| data.to_owned());
                        return Some(Err(self.undecodable(raw, e, sse_error)));
                    }
                }
            };
            self.unstreamed.saw(&self.acc, &event);
            let api_error = api_error(
                &self.http,
                &event,
                whole.as_deref().unwrap_or(data),
                sse_error,
            );
            events.release_data();
            let folded = fold(&mut self.acc, event);
            // The terminal event handed out ends the stream, also for a
            // caller who drops it then without asking for more.
            if self.acc.is_terminal() {
                self.terminal_read();
            }
            if let Some(err) = api_error {
                // A failed response is a terminal event: its connection can
                // be used again, and `final_response` gives that response
                // rather than its error (whose text, the whole response, is
                // not kept twice).
                if self.acc.is_terminal() {
                    self.finish_done();
                    return Some(Err(err.into()));
                }
                return Some(Err(self.end_with(err)));
            }
            return Some(Ok(folded));
        }
    }

    /// Ends the stream with the server's error `api`, kept for
    /// [`final_response`](ResponseStream::final_response) to give again.
    fn end_with(&mut self, api: ApiError) -> Error {
        self.finish();
        self.ended_by = Some(Box::new(api.clone()));
        api.into()
    }

    /// The error for an event that did not decode: the API error it reports
    /// when it is an error event (which then ends the stream, as a decoded
    /// one does), else a decode error that keeps its text.
    fn undecodable(&mut self, raw: String, e: serde_json::Error, sse_error: bool) -> Error {
        let api = undecodable_error(&self.http, &raw)
            .or_else(|| sse_error.then(|| sse_error_event(&self.http, &raw))?);
        match api {
            Some(api) => self.end_with(api),
            None => {
                // Nothing but `[DONE]` follows a terminal event, even one that
                // did not decode: the stream ends there too.
                if is_terminal_type(&raw) {
                    self.finish_done();
                }
                Error::decode(DecodeTarget::StreamEvent, raw, e)
            }
        }
    }
}

/// The most of a finished body [`drain`] reads: the end of its framing is a
/// few bytes; a server that sends more is not waited for.
const DRAIN_LIMIT: usize = 64 * 1024;

/// The most a [`Tee`] holds back of an event that has not ended.
const TEE_HOLD_LIMIT: usize = 64 * 1024;

/// A body that copies what is read from it to a writer
/// ([`ResponseStream::tee`]), whole events at a time (up to
/// [`TEE_HOLD_LIMIT`]): the bytes after the last blank line of what was
/// read are held back until the rest of their event arrives (or the body
/// ends), so that a stream that ends at its terminal event leaves a
/// recording that ends with a whole event, not partway into the next line.
struct Tee<W: Write> {
    inner: Box<dyn Read + Send>,
    writer: W,
    /// Bytes read after the last blank line: a part of an event.
    held: Vec<u8>,
    /// The last (up to three) bytes recorded, written or held: a blank line
    /// that ends in the next read may begin there.
    tail: Vec<u8>,
    /// The failure to record the bytes read before the tee was put in,
    /// reported by the next read.
    failed: Option<io::Error>,
    /// Set when the stream ended as the protocol says: what is held came
    /// after its end, and is left out.
    done: Arc<AtomicBool>,
    /// Set while the writer is called: still set after, the writer
    /// panicked. It is not called again then (not while the panic unwinds
    /// through the stream's drop, where a second panic would abort the
    /// program), and the stream fails rather than record with a hole.
    writing: bool,
}

impl<W: Write> Tee<W> {
    /// Records `bytes` read from the body: writes and flushes them up to
    /// their last blank line (with what was held before) and holds the
    /// rest; a failure comes back as a [`RecordError`].
    fn record(&mut self, bytes: &[u8]) -> io::Result<()> {
        // A blank line that ends in `bytes` may begin up to three bytes
        // before it (`\r\n\r\n`), in bytes already written too (an event
        // over the limit).
        let end = last_event_end(&self.tail, bytes);
        let last = bytes.get(bytes.len().saturating_sub(3)..).unwrap_or(&[]);
        self.tail.extend_from_slice(last);
        let excess = self.tail.len().saturating_sub(3);
        self.tail.drain(..excess);
        let Some(end) = end else {
            self.held.extend_from_slice(bytes);
            // A long event (or a server that sends no blank line) is
            // written as it comes: what is held stays small.
            if self.held.len() > TEE_HOLD_LIMIT {
                return self.record_rest();
            }
            return Ok(());
        };
        let (whole, rest) = bytes.split_at(end.min(bytes.len()));
        let written = self.write_out(whole);
        self.held.extend_from_slice(rest);
        written
    }

    /// Writes what is held: at the end of the body, or when it is over the
    /// limit.
    fn record_rest(&mut self) -> io::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        self.write_out(&[])
    }

    /// Writes what is held, then `more`, and flushes; what was held is
    /// let go of either way. A writer that panics leaves
    /// [`writing`](Tee::writing) set.
    fn write_out(&mut self, more: &[u8]) -> io::Result<()> {
        self.writing = true;
        let written = self
            .writer
            .write_all(&self.held)
            .and_then(|()| self.writer.write_all(more))
            .and_then(|()| self.writer.flush());
        self.writing = false;
        self.held.clear();
        written.map_err(|e| io::Error::other(RecordError(e)))
    }
}

/// Where the last blank line of `tail` followed by `bytes` ends, as an
/// offset into `bytes` (a line ends at `\n`, `\r` or `\r\n`; a blank
/// line is a line end right after another). `tail` is at most the three
/// bytes read before `bytes`.
fn last_event_end(tail: &[u8], bytes: &[u8]) -> Option<usize> {
    let at = |i: usize| -> Option<u8> {
        // Index `i` counts from the start of `tail`.
        match i.checked_sub(tail.len()) {
            Some(j) => bytes.get(j).copied(),
            None => tail.get(i).copied(),
        }
    };
    let eol = |b: Option<u8>| matches!(b, Some(b'\n' | b'\r'));
    let total = tail.len() + bytes.len();
    // Scan back from the last byte for the end of a blank line.
    for i in (tail.len().max(1)..total).rev() {
        let here = at(i);
        let blank = match here {
            // `\n` ends a blank line after `\n`, or as the end of `\r\n`
            // after another line end.
            Some(b'\n') => {
                at(i - 1) == Some(b'\n') || (at(i - 1) == Some(b'\r') && i >= 2 && eol(at(i - 2)))
            }
            // `\r` ends a blank line after any line end.
            Some(b'\r') => eol(at(i - 1)),
            _ => false,
        };
        if blank {
            return Some(i + 1 - tail.len());
        }
    }
    None
}

impl<W: Write> Read for Tee<W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if self.writing {
            let panicked = io::Error::other("the writer panicked");
            return Err(io::Error::other(RecordError(panicked)));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.record_rest()?;
            return Ok(0);
        }
        // A reader that claims more than `buf` holds gave `buf`.
        self.record(buf.get(..n).unwrap_or(buf))?;
        Ok(n)
    }
}

impl<W: Write> Drop for Tee<W> {
    /// A stream that ends otherwise than as the protocol says (an error, a
    /// close) keeps all it read, the start of an event included.
    fn drop(&mut self) {
        if !self.done.load(Ordering::Relaxed) && !self.writing {
            let _ = self.record_rest();
        }
    }
}

/// The error of a [`Tee`]'s writer, carried through the body's reader
/// wrapped in an error of kind `Other`: the reader gives the kinds
/// `Interrupted` (read again, which would lose the bytes just read) and
/// `TimedOut` (a stalled body) meanings of their own. The error of the
/// stream is a [`StreamError::Io`] of the writer's error kind holding this
/// one. It stands for the writer's error: its message (after the stream
/// error's "recording the stream failed") and its source are the
/// writer's, so that the chain of sources says each once.
#[derive(Debug)]
pub(crate) struct RecordError(pub(crate) io::Error);

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// Reads what is left of a client's body after its stream ended (normally
/// only the end of the chunked framing, or a `[DONE]` after the terminal
/// event), so that ureq returns the connection to the client's pool, which
/// it does only for a body read to its end. The reading is done on a thread
/// of its own, so a server that holds the body open after the end never
/// holds the caller: it holds the thread until the server ends the body,
/// the idle read timeout fires or [`DRAIN_LIMIT`] bytes have come, and the
/// connection is then closed. Without a thread (one of [`MAX_DRAINS`]),
/// the body is dropped here and the connection closed. `draining` is dropped once the body is: the
/// client's next call waits a moment for that. Returns whether a thread
/// reads the body (else its connection was closed).
fn drain(mut body: Box<dyn Read + Send>, draining: Option<crate::client::Draining>) -> bool {
    let Some(slot) = DrainSlot::take() else {
        // As many bodies are being read: this one is closed.
        return false;
    };
    let reader = move || {
        let _slot = slot;
        let mut buf = [0u8; 4096];
        let mut read = 0;
        while read < DRAIN_LIMIT {
            match body.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => read += n,
            }
        }
        drop(body);
        drop(draining);
    };
    std::thread::Builder::new()
        .name("openrouter-responses-drain".into())
        .stack_size(256 * 1024)
        .spawn(reader)
        .is_ok()
}

/// The most bodies [`drain`] reads at a time, each on a thread of its own:
/// a server that holds finished bodies open costs the process no more
/// threads (and connections) than this however many streams end; the body
/// of a stream that ends meanwhile is closed instead. (A client keeps at
/// most ten idle connections anyway.)
const MAX_DRAINS: usize = 32;

/// How many bodies [`drain`] is reading, in all the process.
static DRAINS: AtomicUsize = AtomicUsize::new(0);

/// One of the [`MAX_DRAINS`] bodies [`drain`] may read at a time, given
/// back when dropped.
struct DrainSlot;

impl DrainSlot {
    /// A slot, if fewer than [`MAX_DRAINS`] bodies are being read.
    fn take() -> Option<DrainSlot> {
        (DRAINS.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_DRAINS).then_some(n + 1)
        }))
        .ok()
        .map(|_| DrainSlot)
    }
}

impl Drop for DrainSlot {
    fn drop(&mut self) {
        DRAINS.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Decodes an event whose long strings the reader took out (`holes`),
/// compared with the snapshot's texts of `shortest` bytes or more.
/// Returns the event and, when it was decoded from the data with the strings
/// written back, that text (also given with an error, as the event's text).
///
/// A text equal to one of the snapshot's is copied from it; when the event
/// is folded in `by_value` and that replaces the snapshot's text anyway, the
/// text moves out of the snapshot into the event instead.
fn decode_with_holes(
    acc: &mut Accumulator,
    data: &str,
    holes: Vec<Hole>,
    shortest: usize,
    by_value: bool,
) -> Result<(StreamEvent, Option<String>), (serde_json::Error, Option<String>)> {
    let lost = || {
        let e = <serde_json::Error as serde::de::Error>::custom(
            "a long string taken out of the event could not be put back",
        );
        (e, None)
    };
    let at: Vec<usize> = holes.iter().map(|h| h.at).collect();
    // The snapshot's texts the reader compared with, when one matched.
    let same = holes.iter().any(|h| matches!(h.text, Text::Same(_)));
    let shape = fast::peek_type(data)
        .and_then(|ty| Some((ty, fast::closing_shape(ty, data, &at)?)))
        // An event that reports an error (a `response.done` carrying a
        // failed response) keeps its whole text for that error, as
        // `response.failed` does: written back below.
        .filter(|(_, shape)| !reports_error(shape));
    let Some((ty, shape)) = shape else {
        // Any other event: its text written back whole, and decoded as usual.
        let long = if same {
            acc.long_texts(shortest)
        } else {
            Vec::new()
        };
        let mut texts = Vec::with_capacity(holes.len());
        for h in &holes {
            let text = match &h.text {
                Text::Owned(s) => s.as_str(),
                Text::Same(k) => long.get(*k).map(|&(_, t)| t).ok_or_else(lost)?,
            };
            texts.push((h.at, text));
        }
        let whole = long_strings::rebuild(data, &texts).ok_or_else(lost)?;
        // The texts are in `whole` now: not kept beside what is decoded from it.
        drop(texts);
        drop(holes);
        return match StreamEvent::from_json(&whole) {
            Ok(e) => Ok((e, Some(whole))),
            Err(e) => Err((e, Some(whole))),
        };
    };
    let places: Vec<TextPlace> = if same {
        acc.long_texts(shortest)
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    } else {
        Vec::new()
    };
    let mut texts: Vec<String> = Vec::with_capacity(holes.len());
    // The snapshot's texts moved into `texts`, by index there.
    let mut moved: Vec<(TextPlace, usize)> = Vec::new();
    for h in holes {
        let text = match h.text {
            Text::Owned(s) => s,
            Text::Same(k) => {
                let place = places.get(k).copied().ok_or_else(lost)?;
                if let Some(&(_, j)) = moved.iter().find(|(p, _)| *p == place) {
                    texts.get(j).cloned().ok_or_else(lost)?
                } else if by_value && acc.replaces(&shape, place) {
                    moved.push((place, texts.len()));
                    std::mem::take(acc.text_mut(place).ok_or_else(lost)?)
                } else {
                    acc.text_mut(place).map(|t| t.clone()).ok_or_else(lost)?
                }
            }
        };
        texts.push(text);
    }
    // The same text as the shape was read from, so read the same way.
    let event = fast::closing_event(ty, data, &at, texts).ok_or_else(lost)?;
    Ok((event, None))
}

impl Iterator for ResponseStream {
    type Item = Result<StreamEvent>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step(false, |acc, mut event| {
            acc.apply(&mut event);
            event
        })
    }
}

impl FusedIterator for ResponseStream {}

impl Drop for ResponseStream {
    /// A stream dropped once its terminal event was handed out has ended as
    /// the protocol says: its connection goes back to the client, as when
    /// the iterator is read to `None`. Dropped before, it closes it (and a
    /// call made with a stop handle leaves no agent without a connection to
    /// the next one).
    fn drop(&mut self) {
        self.settle();
        if self.events.is_some() && self.acc.is_terminal() {
            self.finish_done();
        } else {
            self.finish();
        }
    }
}

/// The output text of a [`ResponseStream`], delta by delta; made by
/// [`ResponseStream::text_deltas`].
///
/// Yields the `delta` of every `response.output_text.delta` and
/// `response.content_part.delta` event of a message (not refusals, nor the
/// text of a message phased `commentary`, nor an `openrouter:advisor`
/// item's streamed advice), and, for a message whose
/// text came without them, each text part whole when it closes (see
/// [`ResponseStream::text_deltas`]). Errors of the stream
/// come through unchanged (so a decode error does not end it).
#[derive(Debug)]
pub struct TextDeltas<'a> {
    stream: &'a mut ResponseStream,
}

impl Iterator for TextDeltas<'_> {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match deltas::next_delta(self.stream, true)? {
                Ok(StreamDelta::Text(text)) => return Some(Ok(text)),
                // Queued by a `deltas()` iterator read before.
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl FusedIterator for TextDeltas<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    /// A writer the tests read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        /// What was written, as text.
        fn text(&self) -> String {
            let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
            String::from_utf8(bytes).unwrap_or_default()
        }
    }

    const CREATED: &str = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n";
    const COMPLETED: &str = "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\"}}\n\n";

    #[test]
    fn a_failed_response_done_reports_its_error_as_response_failed_does() {
        let failed = r#"{"id":"r","status":"failed","error":{"code":"server_error","message":"upstream broke"},"output":[]}"#;
        for ty in ["response.failed", "response.done"] {
            let body = format!("{CREATED}data: {{\"type\":\"{ty}\",\"response\":{failed}}}\n\n");
            let mut stream = ResponseStream::from_reader(io::Cursor::new(body.clone()));
            let items: Vec<_> = stream.by_ref().collect();
            let Some(Err(Error::Api(e))) = items.last() else {
                panic!("{ty}: {items:?}")
            };
            assert_eq!(e.message, "upstream broke", "{ty}");
            assert_eq!(e.origin, crate::ErrorOrigin::Stream, "{ty}");
            // The failed response itself, as for `response.failed`.
            let response = ResponseStream::from_reader(io::Cursor::new(body)).final_response();
            assert!(response.is_ok_and(|r| r.is_failed()), "{ty}");
        }
        // A completed one is no error.
        let done = format!(
            "{CREATED}{}",
            COMPLETED.replace("response.completed", "response.done")
        );
        let stream = ResponseStream::from_reader(io::Cursor::new(done));
        assert!(stream.into_iter().all(|e| e.is_ok()));
    }

    #[test]
    fn the_end_of_the_last_blank_line_is_found_across_reads() {
        let end = |tail: &str, bytes: &str| last_event_end(tail.as_bytes(), bytes.as_bytes());
        assert_eq!(end("", "data: a\n\ndata: b"), Some(9));
        assert_eq!(end("", "data: a\n\ndata: b\n\n"), Some(18));
        assert_eq!(end("", "data: a\r\n\r\ndata"), Some(11));
        assert_eq!(end("", "data: a\r\rdata"), Some(9));
        assert_eq!(end("", "data: a\n\r\nx"), Some(10));
        assert_eq!(end("", "data: a\r\n\nx"), Some(10));
        // One line end is not a blank line, `\r\n` included.
        assert_eq!(end("", "data: a\ndata: b\n"), None);
        assert_eq!(end("", "data: a\r\ndata: b\r\n"), None);
        assert_eq!(end("", ""), None);
        // A blank line that began in the bytes read before.
        assert_eq!(end("a\r\n", "\r\nb"), Some(2));
        assert_eq!(end("\n", "\nb"), Some(1));
        assert_eq!(end("a\r", "\nb"), None);
        assert_eq!(end("\n\r", "\nb"), Some(1));
        // The bytes read before are never cut.
        assert_eq!(end("\n\n", "b"), None);
    }

    #[test]
    fn a_tee_writes_whole_events_and_the_rest_when_the_body_ends_otherwise() {
        let (created, completed) = (CREATED, COMPLETED);
        let recorded = |body: String, read: &dyn Fn(ResponseStream)| {
            let shared = Shared::default();
            read(ResponseStream::from_reader(io::Cursor::new(body)).tee(shared.clone()));
            shared.text()
        };
        // Ended at its terminal event: the start of the next line, read
        // with it, is left out.
        let body = format!("{created}{completed}data: [DO");
        let whole = recorded(body, &|s| assert!(s.final_response().is_ok()));
        assert_eq!(whole, format!("{created}{completed}"));
        // Ended by the body: all of it, the last line without its end too.
        let body = format!("{created}data: {{\"type\":\"x\"}}");
        assert_eq!(recorded(body.clone(), &|s| s.for_each(drop)), body);
        // Dropped partway: all that was read.
        let body = format!("{created}{created}data: {{\"type\":");
        let read_one = |mut s: ResponseStream| assert!(matches!(s.next(), Some(Ok(_))));
        assert_eq!(recorded(body.clone(), &read_one), body);
        // A body without blank lines is not held back whole.
        let shared = Shared::default();
        let mut tee = Tee {
            inner: Box::new(io::Cursor::new(":\n".repeat(2 * TEE_HOLD_LIMIT))),
            writer: shared.clone(),
            held: Vec::new(),
            tail: Vec::new(),
            failed: None,
            done: Arc::new(AtomicBool::new(true)),
            writing: false,
        };
        let mut buf = [0; 4096];
        let mut read = 0;
        while read < 3 * TEE_HOLD_LIMIT {
            read += tee.read(&mut buf).unwrap_or(0);
            assert!(tee.held.len() <= TEE_HOLD_LIMIT + buf.len());
        }
        let written = shared.0.lock().map(|b| b.len()).unwrap_or_default();
        assert_eq!(written + tee.held.len(), read);
    }

    #[test]
    fn two_tees_both_leave_out_what_follows_the_terminal_event() {
        let (created, completed) = (CREATED, COMPLETED);
        let body = format!("{created}{completed}data: [DO");
        let (first, second) = (Shared::default(), Shared::default());
        let stream = ResponseStream::from_reader(io::Cursor::new(body))
            .tee(first.clone())
            .tee(second.clone());
        assert!(stream.final_response().is_ok());
        assert_eq!(second.text(), format!("{created}{completed}"));
        assert_eq!(first.text(), format!("{created}{completed}"));
    }

    #[test]
    fn a_stream_dropped_after_its_terminal_event_records_whole_events() {
        let (created, completed) = (CREATED, COMPLETED);
        let body = format!("{created}{completed}data: [DO");
        let shared = Shared::default();
        let mut stream = ResponseStream::from_reader(io::Cursor::new(body)).tee(shared.clone());
        // A relay that stops at the terminal event, without asking for more.
        for event in stream.by_ref() {
            if matches!(event, Ok(StreamEvent::Completed(_))) {
                break;
            }
        }
        drop(stream);
        assert_eq!(shared.text(), format!("{created}{completed}"));
        // Likewise with events lent out.
        let body = format!("{created}{completed}data: [DO");
        let shared = Shared::default();
        let mut stream = ResponseStream::from_reader(io::Cursor::new(body)).tee(shared.clone());
        while let Some(Ok(event)) = stream.next_event() {
            if event.is_terminal() {
                break;
            }
        }
        drop(stream);
        assert_eq!(shared.text(), format!("{created}{completed}"));
    }

    #[test]
    fn a_blank_line_split_right_after_a_long_event_is_written_is_still_found() {
        /// Gives one piece per read.
        struct Pieces(Vec<Vec<u8>>);
        impl Read for Pieces {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Ok(0);
                }
                let piece = self.0.remove(0);
                let n = piece.len().min(buf.len());
                buf[..n].copy_from_slice(&piece[..n]);
                Ok(n)
            }
        }
        // An event longer than the hold limit, written as it comes; the
        // read that brings its first line end ends there, and the next one
        // begins with the second.
        let long = format!("data: {}", "x".repeat(TEE_HOLD_LIMIT + 10));
        for (first_end, second_end) in [("\n", "\n"), ("\r\n", "\r\n"), ("\r", "\r")] {
            let shared = Shared::default();
            let done = Arc::new(AtomicBool::new(false));
            let mut tee = Tee {
                inner: Box::new(Pieces(vec![
                    format!("{long}{first_end}").into_bytes(),
                    format!("{second_end}data: [DO").into_bytes(),
                ])),
                writer: shared.clone(),
                held: Vec::new(),
                tail: Vec::new(),
                failed: None,
                done: Arc::clone(&done),
                writing: false,
            };
            let mut buf = vec![0; 2 * TEE_HOLD_LIMIT];
            assert!(tee.read(&mut buf).is_ok_and(|n| n > TEE_HOLD_LIMIT));
            assert!(tee.read(&mut buf).is_ok_and(|n| n > 0));
            // The stream ended at that event.
            done.store(true, Ordering::Relaxed);
            drop(tee);
            assert_eq!(
                shared.text(),
                format!("{long}{first_end}{second_end}"),
                "{first_end:?}"
            );
        }
    }

    #[test]
    fn size_limit_ends_the_stream_with_one_error() {
        let body = format!(
            "data: {{\"type\":\"response.created\",\"response\":{{\"id\":\"r\"}}}}\n\ndata: {}\n\n",
            "x".repeat(200)
        );
        let mut s = ResponseStream::new(
            Box::new(std::io::Cursor::new(body)),
            HttpInfo::new(200, Vec::new()),
            100,
        );
        assert!(matches!(s.next(), Some(Ok(StreamEvent::Created(_)))));
        let err = s.next().unwrap().unwrap_err();
        assert!(
            matches!(err, Error::Stream(ref e) if matches!(**e, StreamError::LineTooLong { limit: 100 }))
        );
        assert!(s.next().is_none());
        assert!(s.is_finished());
    }

    /// Error events with a member of an unexpected type: each still ends
    /// the stream with its API error (iterating and through
    /// `final_response`), not with a decode error.
    #[test]
    fn odd_error_events_still_report_their_error() {
        let created = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n";
        for (event, code, message) in [
            (
                r#"{"type":"error","code":429.5,"message":"slow down"}"#,
                None,
                "slow down",
            ),
            (
                r#"{"type":"error","code":"bad_param","message":"no","param":5}"#,
                Some("bad_param"),
                "no",
            ),
            (
                r#"{"type":"response.error","error":{"code":"x","message":"nested"},"sequence_number":"7"}"#,
                Some("x"),
                "nested",
            ),
            (
                r#"{"type":"response.failed","response":{"id":"r","status":"failed","created_at":"yesterday","error":{"code":"server_error","message":"boom"}}}"#,
                Some("server_error"),
                "boom",
            ),
        ] {
            let body = format!("{created}data: {event}\n\ndata: {{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"item_id\":\"m\",\"delta\":\"late\"}}\n\n");
            let check = |err: &Error| {
                let Error::Api(api) = err else {
                    panic!("{event}: not an API error: {err:?}");
                };
                assert_eq!(api.origin, crate::ErrorOrigin::Stream, "{event}");
                assert_eq!(api.message, message, "{event}");
                assert_eq!(
                    api.code.as_ref().and_then(ErrorCode::as_str),
                    code,
                    "{event}"
                );
                assert_eq!(api.body, event, "{event}");
            };
            let mut s = ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
            assert!(matches!(s.next(), Some(Ok(StreamEvent::Created(_)))));
            check(&s.next().unwrap().unwrap_err());
            assert!(s.next().is_none(), "{event}: the stream ends");
            let s = ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
            check(&s.final_response().unwrap_err());
            let mut s = ResponseStream::from_reader(std::io::Cursor::new(body));
            assert!(matches!(
                s.next_event().map(|e| e.map(|e| e.into_owned())),
                Some(Ok(StreamEvent::Created(_)))
            ));
            check(&s.next_event().unwrap().unwrap_err());
            assert!(s.next_event().is_none(), "{event}: the stream ends");
        }
    }

    /// A `response.failed` event, which carries the whole response, leaves
    /// no copy of its error in the stream: `final_response` gives the
    /// failed response, not that error.
    #[test]
    fn a_failed_response_keeps_no_copy_of_its_error() {
        let body = format!(
            "data: {{\"type\":\"response.failed\",\"response\":{{\"id\":\"r\",\"status\":\"failed\",\"output\":[{{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"status\":\"incomplete\",\"content\":[{{\"type\":\"output_text\",\"text\":\"{}\",\"annotations\":[]}}]}}],\"error\":{{\"code\":\"server_error\",\"message\":\"boom\"}}}}}}\n\n",
            "x".repeat(100_000)
        );
        let mut s = ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
        let Some(Err(Error::Api(api))) = s.next() else {
            panic!("no API error");
        };
        assert_eq!(api.message, "boom");
        assert!(s.ended_by.is_none(), "a copy of the event's text is kept");
        assert!(s.final_response().unwrap().is_failed());
        let mut s = ResponseStream::from_reader(std::io::Cursor::new(body));
        assert!(matches!(s.next_event(), Some(Err(Error::Api(_)))));
        assert!(s.ended_by.is_none());
    }

    /// A message's text, as the closing events and the snapshot hold it.
    fn message_text(item: &crate::response::OutputItem) -> Option<&String> {
        match item {
            crate::response::OutputItem::Message(m) => match m.content.first()? {
                crate::response::OutputContent::OutputText(t) => Some(&t.text),
                _ => None,
            },
            _ => None,
        }
    }

    /// A stream of one message whose text is long enough to be taken out of
    /// the four closing lines that repeat it; `type` first in every event,
    /// as the server writes it.
    fn long_message(text: &str) -> String {
        let t = serde_json::to_string(text).unwrap();
        let part = format!(r#"{{"type":"output_text","text":{t},"annotations":[]}}"#);
        let message = format!(
            r#"{{"type":"message","id":"m","role":"assistant","status":"completed","content":[{part}]}}"#
        );
        let at = r#""output_index":0,"item_id":"m","content_index":0"#;
        let mut events = vec![
            r#"{"type":"response.created","response":{"id":"r","status":"in_progress","output":[]}}"#.to_owned(),
            r#"{"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"m","role":"assistant","content":[]}}"#.to_owned(),
            format!(r#"{{"type":"response.content_part.added",{at},"part":{{"type":"output_text","text":"","annotations":[]}}}}"#),
        ];
        let chars: Vec<char> = text.chars().collect();
        for chunk in chars.chunks(1000) {
            let delta = serde_json::to_string(&chunk.iter().collect::<String>()).unwrap();
            events.push(format!(
                r#"{{"type":"response.output_text.delta",{at},"delta":{delta}}}"#
            ));
        }
        events.extend([
            format!(r#"{{"type":"response.output_text.done",{at},"text":{t}}}"#),
            format!(r#"{{"type":"response.content_part.done",{at},"part":{part}}}"#),
            format!(r#"{{"type":"response.output_item.done","output_index":0,"item":{message}}}"#),
            format!(
                r#"{{"type":"response.completed","response":{{"id":"r","status":"completed","output":[{message}]}}}}"#
            ),
        ]);
        events.iter().map(|e| format!("data: {e}\n\n")).collect()
    }

    /// Lent out, the closing events hold the snapshot's own text, not a
    /// copy: the text is never in memory twice. (Iterating, each is a copy.)
    #[test]
    fn lent_closing_events_hold_the_snapshots_own_text() {
        let text = "héllo \"wörld\"\n".repeat(8000);
        let body = long_message(&text);
        let mut s = ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
        let mut seen = Vec::new();
        loop {
            let Some(event) = s.next_event() else { break };
            let event = event.unwrap();
            let held = match &*event {
                StreamEvent::OutputTextDone(d) => Some(&d.text),
                StreamEvent::ContentPartDone(p) => match &p.part {
                    ContentPart::OutputText(t) => Some(&t.text),
                    _ => None,
                },
                StreamEvent::OutputItemDone(e) => message_text(&e.item),
                StreamEvent::Completed(e) => e.response.output.first().and_then(message_text),
                _ => None,
            };
            if let Some(t) = held {
                assert!(*t == text, "{}", event.event_type());
                seen.push(t.as_ptr());
            }
        }
        let snapshot = s.snapshot().unwrap();
        let own = message_text(&snapshot.output[0]).unwrap();
        assert!(*own == text);
        assert_eq!(seen, [own.as_ptr(); 4]);

        // Iterated, the events handed out own copies.
        let mut s = ResponseStream::from_reader(std::io::Cursor::new(body));
        let done = s
            .by_ref()
            .find_map(|e| match e {
                Ok(StreamEvent::OutputTextDone(d)) => Some(d.text),
                _ => None,
            })
            .unwrap();
        let own = message_text(&s.snapshot().unwrap().output[0]).unwrap();
        assert!(*own == done);
        assert_ne!(own.as_ptr(), done.as_ptr());
    }

    /// A lent event that is forgotten instead of dropped is folded in when
    /// the stream is read again, by any of its readers.
    #[test]
    fn a_forgotten_loan_is_folded_in_on_the_next_read() {
        let body = long_message(&"abc ".repeat(20_000));
        let whole = || ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
        let mut expected = whole().final_response().unwrap();
        expected.http = None;
        type Finish = fn(ResponseStream) -> Option<Response>;
        let finishes: [Finish; 5] = [
            |s| s.final_response().ok(),
            |mut s| {
                s.by_ref().for_each(drop);
                s.snapshot().cloned()
            },
            |mut s| {
                s.text_deltas().for_each(drop);
                s.snapshot().cloned()
            },
            |mut s| {
                s.deltas().for_each(drop);
                s.snapshot().cloned()
            },
            |mut s| {
                s.close();
                s.snapshot().cloned()
            },
        ];
        // Forget the loan of each closing event in turn (events 1..=4 from
        // the end), then finish the stream each way.
        let total = whole().count();
        for back in 1..=4 {
            let forgotten = total - back;
            // Closed right after it: the snapshot iterating that far leaves.
            let mut plain = whole();
            plain.by_ref().take(forgotten + 1).for_each(drop);
            let upto = plain.snapshot().cloned();
            for (way, finish) in finishes.iter().enumerate() {
                let mut s = whole();
                for _ in 0..forgotten {
                    drop(s.next_event().unwrap().unwrap());
                }
                std::mem::forget(s.next_event().unwrap().unwrap());
                let mut got = finish(s).unwrap();
                got.http = None;
                if way == 4 {
                    assert!(Some(&got) == upto.as_ref(), "{back}");
                } else {
                    assert!(got == expected, "{back} {way}");
                }
            }
        }
    }
}

//! A Server-Sent Events reader: bytes in, [`Event`]s out.
//!
//! This layer follows the WHATWG HTML standard, section 9.2.6 "Interpreting
//! an event stream", and knows nothing about JSON or about the Responses API.
//! It can read any `text/event-stream` body.
//!
//! ```
//! use openrouter_responses::sse;
//!
//! let body = ": keep-alive\r\nevent: greeting\r\ndata: hello\r\ndata: world\r\nid: 7\r\n\r\n";
//! let mut events = sse::Reader::new(body.as_bytes());
//! let event = events.next().unwrap()?;
//! assert_eq!(event.event, "greeting");
//! assert_eq!(event.data, "hello\nworld");
//! assert_eq!(event.id.as_deref(), Some("7"));
//! assert!(events.next().is_none());
//! # Ok::<(), openrouter_responses::Error>(())
//! ```
//!
//! # The end of the input
//!
//! One departure from the standard, which discards an event whose blank line
//! has not come when the input ends: an input that ends right after a line
//! end (LF, CRLF or CR) with an event's data pending dispatches that event.
//! Its lines all arrived whole; only the blank line that ends it is missing,
//! and a server that closes its body without it has still sent the event. An
//! input that ends inside a line (no line end after its last bytes) may have
//! been cut there: that line and the event it belongs to are discarded, as
//! the standard says.
//!
//! ```
//! use openrouter_responses::sse;
//!
//! let whole = sse::Reader::new(&b"data: 1\n\ndata: 2\n"[..]);
//! let data: Vec<String> = whole.map(|e| e.map(|e| e.data)).collect::<Result<_, _>>()?;
//! assert_eq!(data, ["1", "2"]);
//!
//! let cut = sse::Reader::new(&b"data: 1\n\ndata: 2"[..]);
//! let data: Vec<String> = cut.map(|e| e.map(|e| e.data)).collect::<Result<_, _>>()?;
//! assert_eq!(data, ["1"]);
//! # Ok::<(), openrouter_responses::Error>(())
//! ```
//!
//! The end is the end the reader is given: a read that returns 0. Reading an
//! HTTP body, that is the end its framing announced (its `Content-Length`,
//! or the last chunk), or the close of a connection that frames nothing; a
//! body cut short of its length or of its last chunk is an I/O error, and no
//! event is dispatched at it.
//!
//! Memory stays bounded: one line, and one event's data, may hold at most
//! [`max_event_size`](Reader::max_event_size) bytes (by default
//! [`DEFAULT_MAX_EVENT_SIZE`]). A longer line or event is an error, and the
//! reader stops there instead of buffering more.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read};
use std::iter::FusedIterator;

use crate::error::{Error, StreamError};
use crate::long_strings::{Extract, Hole};

/// The default limit for one line, and for one event's data: 32 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 32 * 1024 * 1024;

/// The size of the read buffer.
const BUFFER_SIZE: usize = 16 * 1024;

/// The largest line buffer kept for the next long line; a larger one is
/// released once its line is read.
const KEEP_CAPACITY: usize = 4 * BUFFER_SIZE;

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The event type used when the stream names none.
const DEFAULT_EVENT_TYPE: &str = "message";

/// One dispatched event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The event type: the last `event` field of the block, or `"message"`
    /// when the block has none.
    pub event: String,
    /// The `data` lines of the block, joined with `\n`.
    pub data: String,
    /// The last event ID in effect when the event was dispatched: set by an
    /// `id` field of this block or of any earlier one. An `id` field with an
    /// empty value resets it to `None`.
    pub id: Option<String>,
    /// The reconnection time in effect (milliseconds): the value of the last
    /// valid `retry` field of this block or of any earlier one.
    pub retry: Option<u64>,
}

/// Reads [`Event`]s from a byte stream.
///
/// An [`Iterator`] of `Result<Event, Error>`. It ends (`None`) at the end of
/// the input, after the event whose blank line did not come if the input
/// ends right after a line end (see [the module docs](self)). After an
/// error it ends too: an I/O error yields
/// [`Error::Timeout`] or [`Error::Stream`] with [`StreamError::Io`], and a
/// line or event over the limit yields [`StreamError::LineTooLong`] or
/// [`StreamError::EventTooLarge`]; nothing more is read after either.
///
/// The reader buffers its input itself, so wrapping `reader` in a
/// [`BufReader`](std::io::BufReader) is unnecessary.
pub struct Reader<R> {
    inner: R,
    buf: Box<[u8]>,
    /// The unread bytes are `buf[pos..filled]`.
    pos: usize,
    filled: usize,
    /// The start of a line that did not fit in `buf`.
    partial: Vec<u8>,
    /// The last line ended with CR: an LF right after it belongs to it.
    after_cr: bool,
    /// Nothing has been read yet (a BOM may come).
    at_start: bool,
    /// The input has ended (a read returned 0).
    ended: bool,
    done: bool,
    state: State,
    /// Long strings taken out of long `data` lines (off unless asked for).
    extract: Extract,
}

/// The parsing state of the WHATWG algorithm.
#[derive(Debug, Default)]
struct State {
    /// "the data buffer".
    data: String,
    /// The long strings taken out of the data buffer's first line.
    holes: Vec<Hole>,
    /// The bytes those strings held: the data is that much longer than the
    /// buffer (counted against the limit).
    taken: usize,
    /// Whether any `data` field was seen since the last dispatch; stands for
    /// "the data buffer is not the empty string" (every `data` field appends
    /// at least an LF there).
    has_data: bool,
    /// An event was dispatched from the buffers: they are emptied before the
    /// next line is interpreted.
    ready: bool,
    /// "the event type buffer".
    event_type: String,
    /// "the last event ID buffer"; the empty string is `None`.
    last_event_id: Option<String>,
    /// "the last event ID string of the event source", which takes the
    /// buffer's value when an event is dispatched.
    source_id: Option<String>,
    /// "the event stream's reconnection time".
    retry: Option<u64>,
    max: usize,
    /// Whether a field the format knows (`data`, `event`, `id`, `retry`)
    /// was ever seen: the body is an event stream then, and none of its
    /// lines is stray.
    event_stream: bool,
    /// The lines with a field name the format does not know, up to
    /// the event size limit, while no field the format knows has been seen:
    /// a body that is not an event stream (a JSON answer or error sent as
    /// one) is given back by [`Reader::take_stray`] rather than dropped.
    stray: Vec<u8>,
}

impl<R> fmt::Debug for Reader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("buffered", &(self.filled - self.pos))
            .field("last_event_id", &self.state.source_id)
            .field("retry", &self.state.retry)
            .field("max_event_size", &self.state.max)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Reader<R> {
    /// Reads events from `inner`, with the limit [`DEFAULT_MAX_EVENT_SIZE`].
    pub fn new(inner: R) -> Self {
        Reader {
            inner,
            buf: vec![0; BUFFER_SIZE].into_boxed_slice(),
            pos: 0,
            filled: 0,
            partial: Vec::new(),
            after_cr: false,
            at_start: true,
            ended: false,
            done: false,
            state: State {
                max: DEFAULT_MAX_EVENT_SIZE,
                ..State::default()
            },
            extract: Extract::default(),
        }
    }

    /// Sets the largest line, and the largest event data, accepted (bytes).
    /// Defaults to [`DEFAULT_MAX_EVENT_SIZE`].
    #[must_use]
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.state.max = bytes;
        self
    }

    /// The last event ID in effect: the one of the last dispatch (`None`
    /// when none was set, or it was reset). An `id` field takes effect when
    /// its event is dispatched, so one in an event the stream never finished
    /// does not count.
    pub fn last_event_id(&self) -> Option<&str> {
        self.state.source_id.as_deref()
    }

    /// The reconnection time the stream asked for with a `retry` field
    /// (milliseconds).
    pub fn retry(&self) -> Option<u64> {
        self.state.retry
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The underlying reader, mutably. Reading from it directly skips the
    /// bytes this reader would have parsed next.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The lines of a body that had no field the format knows at all (no
    /// `data`, `event`, `id` or `retry`), only fields whose names it does not
    /// know (up to the event size limit, joined by LF; a body that is not an
    /// event stream is read as one event): the text of a body that is not an
    /// event stream. `None` once a field the format knows was seen. Taken: a
    /// second call gives `None`.
    pub(crate) fn take_stray(&mut self) -> Option<Vec<u8>> {
        if self.state.event_stream || self.state.stray.is_empty() {
            return None;
        }
        let mut stray = std::mem::take(&mut self.state.stray);
        if stray.last() == Some(&b'\n') {
            stray.pop();
        }
        Some(stray)
    }

    /// Gives back the underlying reader. Bytes already buffered are lost.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The bytes read from the underlying reader but not parsed yet: the
    /// start of an incomplete line, then the rest of the buffer.
    pub(crate) fn unread(&self) -> [&[u8]; 2] {
        let buffered = self.buf.get(self.pos..self.filled).unwrap_or_default();
        [&self.partial, buffered]
    }

    /// Refills the buffer once it is used up. `Ok(false)` at the end of input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.filled {
            return Ok(true);
        }
        self.pos = 0;
        self.filled = 0;
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.filled = n.min(self.buf.len());
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The most bytes a line may hold before it is complete: the limit, plus
    /// room for the BOM the first line may start with (the limit applies to
    /// the line without it, as when the line arrives in one read).
    fn partial_limit(&self) -> usize {
        if self.at_start {
            self.state.max.saturating_add(BOM.len())
        } else {
            self.state.max
        }
    }

    /// Reads until an event is dispatched (`Ok(true)`: the event is in the
    /// state's buffers) or the input ends (`Ok(false)`).
    fn read_event<'e>(&mut self, expected: &dyn Fn() -> Vec<&'e str>) -> Result<bool, Error> {
        // The texts long strings are compared with: asked for once, when a
        // line first is long enough to hold one.
        let mut texts = None;
        loop {
            if self.ended || !self.fill().map_err(Error::from_body_io)? {
                // "Once the end of the file is reached, any pending data must
                // be discarded. (If the file ends in the middle of an event,
                // before the final empty line, the incomplete event is not
                // dispatched.)" Not when the input ends right after a line
                // end with an event's data pending: its lines all arrived
                // whole, only the blank line is missing, and the event is
                // dispatched (see the module docs). A last line without its
                // end, in a body with no field the format knows, is kept as a
                // stray line (a JSON body rarely ends with a line break),
                // unless it is the start of an event stream's line cut short.
                if std::mem::replace(&mut self.ended, true) {
                    return Ok(false);
                }
                if self.partial.is_empty() && self.state.dispatch_pending() {
                    return Ok(true);
                }
                if !self.state.event_stream {
                    let last = std::mem::take(&mut self.partial);
                    // (A body cut inside its byte order mark holds nothing.)
                    let bom_cut = self.at_start && BOM.starts_with(&last);
                    let last = strip_bom(&last, &mut self.at_start);
                    let kind = if bom_cut {
                        CutLine::Empty
                    } else {
                        cut_line(last)
                    };
                    match kind {
                        CutLine::Empty => {}
                        CutLine::Known => self.state.known_field(),
                        CutLine::Unknown => self.state.keep_stray(last),
                    }
                }
                return Ok(false);
            }
            let start = self.pos;
            let avail = self.buf.get(start..self.filled).unwrap_or_default();
            // "The stream must then be parsed by reading everything line by
            // line, with a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF)
            // character pair, a single U+000A LINE FEED (LF) character not
            // preceded by a U+000D CARRIAGE RETURN (CR) character, and a
            // single U+000D CARRIAGE RETURN (CR) character not followed by a
            // U+000A LINE FEED (LF) character being the ways in which a line
            // can end."
            if self.after_cr {
                self.after_cr = false;
                if avail.first() == Some(&b'\n') {
                    self.pos += 1;
                    continue;
                }
            }
            let Some(end) = find_line_end(avail) else {
                // No line end buffered: keep the start of the line, bounded.
                if self.partial.len() + self.extract.removed() + avail.len() > self.partial_limit()
                {
                    return Err(Error::stream(StreamError::LineTooLong {
                        limit: self.state.max,
                    }));
                }
                if self.partial.is_empty() {
                    // Only a line that would become the data buffer itself
                    // (see `long_line`) has strings taken out.
                    self.extract.begin(!self.state.has_data, self.at_start);
                }
                self.pos = self.filled;
                self.extend_partial(start, self.filled, false, &mut texts, expected);
                continue;
            };
            self.after_cr = avail.get(end) == Some(&b'\r');
            let line_part = avail.get(..end).unwrap_or_default();
            self.pos += end + 1;
            let dispatched = if self.partial.is_empty() {
                let line = strip_bom(line_part, &mut self.at_start);
                self.state.line(line)?
            } else {
                if self.partial.len() + self.extract.removed() + line_part.len()
                    > self.partial_limit()
                {
                    return Err(Error::stream(StreamError::LineTooLong {
                        limit: self.state.max,
                    }));
                }
                self.extend_partial(start, start + end, true, &mut texts, expected);
                self.long_line()?
            };
            if dispatched {
                return Ok(true);
            }
        }
    }
}

impl<R> Reader<R> {
    /// Adds `buf[from..to]` to the line assembled in `partial` (`line_end`:
    /// the line ends there), taking long strings out of it as they come;
    /// the texts they are compared with (`texts`) are asked of `expected`
    /// the first time they are needed. Kept apart from the short lines'
    /// path.
    #[inline(never)]
    fn extend_partial<'e>(
        &mut self,
        from: usize,
        to: usize,
        line_end: bool,
        texts: &mut Option<Vec<&'e str>>,
        expected: &dyn Fn() -> Vec<&'e str>,
    ) {
        self.partial
            .extend_from_slice(self.buf.get(from..to).unwrap_or_default());
        if self.extract.wants(self.partial.len()) {
            let texts = texts.get_or_insert_with(expected);
            self.extract.scan(&mut self.partial, texts, line_end);
        }
    }

    /// Interprets the line assembled in `partial`. A `data` line that starts
    /// the event's data becomes the data buffer itself, without a copy; any
    /// other line is interpreted in place. Either way a buffer grown beyond
    /// [`KEEP_CAPACITY`] is not kept for the next line.
    fn long_line(&mut self) -> Result<bool, Error> {
        self.state.begin_line();
        let mut line = std::mem::take(&mut self.partial);
        let bom = line.len() - strip_bom(&line, &mut self.at_start).len();
        line.drain(..bom);
        let (holes, extra) = self.extract.finish();
        match data_value_start(&line) {
            // (`take_data` checks the size with the strings taken out.)
            Some(start) if !self.state.has_data && line.len() <= self.state.max => {
                line.drain(..start);
                self.state.take_data(line, holes, extra)?;
                Ok(false)
            }
            _ => {
                let r = self.state.line(&line);
                if line.capacity() <= KEEP_CAPACITY {
                    line.clear();
                    self.partial = line;
                }
                r
            }
        }
    }
}

/// Where the value of a `data` field starts in `line`; `None` for any other
/// line (and for a bare `data` without a colon).
pub(crate) fn data_value_start(line: &[u8]) -> Option<usize> {
    let rest = line.strip_prefix(b"data:")?;
    Some(if rest.first() == Some(&b' ') { 6 } else { 5 })
}

/// Whether `head`, the first bytes of a body, begins as an event stream:
/// after a byte order mark, and lines that are blank or hold only spaces
/// and tabs, a comment (`:`) or a field the format knows (`data`, `event`,
/// `id`, `retry`) ended by a colon or a line end. `None` while more bytes
/// are needed to tell.
///
/// This is what [`Reader`] makes of such a body: a line of spaces and tabs
/// is a field of an unknown name, which changes nothing, and does not stop
/// a later `data:` from making the body an event stream. A line with
/// spaces before `data:` is no `data` field either ("Field names must be
/// compared literally"): the field is ` data`, unknown, and the body is no
/// event stream by that line (a JSON body may begin with white space).
pub(crate) fn begins_as_event_stream(head: &[u8]) -> Option<bool> {
    let head = head.strip_prefix(BOM).unwrap_or(head);
    if BOM.starts_with(head) {
        return None;
    }
    // The first line with something other than spaces and tabs; a line of
    // them not yet ended may be the start of one.
    let mut rest = head;
    loop {
        let start = rest.iter().position(|b| !b" \t".contains(b))?;
        let (blank, after) = rest.split_at(start);
        match after.first() {
            Some(b'\r' | b'\n') => rest = after.get(1..)?,
            _ if !blank.is_empty() => return Some(false),
            _ => break,
        }
    }
    if rest.starts_with(b":") {
        return Some(true);
    }
    let mut undecided = false;
    for field in [&b"data"[..], b"event", b"id", b"retry"] {
        match rest.strip_prefix(field) {
            Some([b':' | b'\r' | b'\n', ..]) => return Some(true),
            Some([]) => undecided = true,
            Some(_) => {}
            None => undecided |= field.starts_with(rest),
        }
    }
    if undecided {
        None
    } else {
        Some(false)
    }
}

/// The position of the first CR or LF in `bytes`.
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    use crate::scan::{find, repeat, zero_bits};
    // Line ends are rare in long lines: two words per step.
    find::<2>(
        bytes,
        |w| zero_bits(w ^ repeat(b'\r')) | zero_bits(w ^ repeat(b'\n')),
        |b| b == b'\n' || b == b'\r',
    )
}

/// What the last line of a body, cut before its line end, may be.
enum CutLine {
    /// Nothing, or a comment.
    Empty,
    /// A field the format knows, or the start of its name: an event stream
    /// cut inside a line (`dat`, `data: {"ty`).
    Known,
    /// Anything else.
    Unknown,
}

/// What `line`, the last line of a body cut before its line end, may be.
fn cut_line(line: &[u8]) -> CutLine {
    const KNOWN: [&[u8]; 4] = [b"data", b"event", b"id", b"retry"];
    let colon = line.iter().position(|&b| b == b':');
    let name = line.get(..colon.unwrap_or(line.len())).unwrap_or_default();
    let known = match colon {
        Some(_) => KNOWN.contains(&name),
        None => KNOWN.iter().any(|k| k.starts_with(name)),
    };
    if name.is_empty() {
        CutLine::Empty
    } else if known {
        CutLine::Known
    } else {
        CutLine::Unknown
    }
}

/// "The UTF-8 decode algorithm strips one leading UTF-8 Byte Order Mark
/// (BOM), if any." Only the first line of the stream can carry it.
fn strip_bom<'a>(line: &'a [u8], at_start: &mut bool) -> &'a [u8] {
    if !std::mem::take(at_start) {
        return line;
    }
    line.strip_prefix(BOM).unwrap_or(line)
}

/// The text of `bytes`, with every invalid UTF-8 sequence replaced by
/// U+FFFD. Valid input (the usual case) is only validated, which is much
/// cheaper than the chunk-by-chunk scan of [`String::from_utf8_lossy`].
fn utf8_lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// `bytes` as text, every invalid UTF-8 sequence replaced by U+FFFD as
/// [`String::from_utf8_lossy`] replaces it, with the places of `holes`
/// moved to where their bytes land in the text.
fn replace_invalid(bytes: &[u8], holes: &mut [Hole]) -> String {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut raw = 0;
    let mut holes = holes.iter_mut().peekable();
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        // A hole's `""` is ASCII: always within a valid run.
        while let Some(h) = holes.next_if(|h| h.at < raw + valid.len()) {
            h.at = text.len() + h.at.saturating_sub(raw);
        }
        text.push_str(valid);
        raw += valid.len() + chunk.invalid().len();
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    text
}

impl State {
    /// Empties the buffers of an event already dispatched.
    fn begin_line(&mut self) {
        if std::mem::take(&mut self.ready) {
            if self.data.capacity() > KEEP_CAPACITY {
                self.data = String::new();
            } else {
                self.data.clear();
            }
            self.event_type.clear();
            self.taken = 0;
        }
    }

    /// Interprets one line (without its end). Returns whether a blank line
    /// dispatched an event.
    fn line(&mut self, line: &[u8]) -> Result<bool, Error> {
        self.begin_line();
        if line.len() > self.max {
            return Err(Error::stream(StreamError::LineTooLong { limit: self.max }));
        }
        // "If the line is empty (a blank line): Dispatch the event, as defined below."
        if line.is_empty() {
            return Ok(self.dispatch());
        }
        // "If the line starts with a U+003A COLON character (:): Ignore the line."
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(0) => return Ok(false),
            // "If the line contains a U+003A COLON character (:): Collect the
            // characters on the line before the first U+003A COLON character
            // (:), and let field be that string. Collect the characters on the
            // line after the first U+003A COLON character (:), and let value be
            // that string. If value starts with a U+0020 SPACE character,
            // remove it from value."
            Some(i) => {
                let field = line.get(..i).unwrap_or_default();
                let value = line.get(i + 1..).unwrap_or_default();
                (field, value.strip_prefix(b" ").unwrap_or(value))
            }
            // "Otherwise, the string is not empty but does not contain a
            // U+003A COLON character (:): Process the field using the steps
            // described below, using the whole line as the field name, and
            // the empty string as the field value."
            None => (line, &b""[..]),
        };
        if self.field(field, value)? {
            self.known_field();
        } else if !self.event_stream {
            self.keep_stray(line);
        }
        Ok(false)
    }

    /// Notes a field the format knows: the body is an event stream, and the
    /// stray lines kept so far are dropped.
    fn known_field(&mut self) {
        if !self.event_stream {
            self.event_stream = true;
            self.stray = Vec::new();
        }
    }

    /// Keeps a line of a body that may not be an event stream (see
    /// [`State::stray`]).
    fn keep_stray(&mut self, line: &[u8]) {
        let room = self.max.saturating_sub(self.stray.len());
        self.stray
            .extend_from_slice(line.get(..room.min(line.len())).unwrap_or_default());
        if self.stray.len() < self.max {
            self.stray.push(b'\n');
        }
    }

    /// "The steps to process the field given a field name and a field value
    /// depend on the field name, as given in the following list. Field names
    /// must be compared literally, with no case folding performed."
    /// Returns whether the field name is one the format knows.
    fn field(&mut self, field: &[u8], value: &[u8]) -> Result<bool, Error> {
        match field {
            // "If the field name is "event": Set the event type buffer to
            // field value."
            b"event" => {
                self.event_type.clear();
                self.event_type.push_str(&utf8_lossy(value));
            }
            // "If the field name is "data": Append the field value to the data
            // buffer, then append a single U+000A LINE FEED (LF) character to
            // the data buffer."
            //
            // The LF is written before the next value instead, and the last
            // one is never written: the same text the dispatch step's "If the
            // data buffer's last character is a U+000A LINE FEED (LF)
            // character, then remove the last character from the data buffer"
            // yields.
            b"data" => {
                let value = utf8_lossy(value);
                let sep = usize::from(self.has_data);
                if self.data.len() + self.taken + sep + value.len() > self.max {
                    return Err(Error::stream(StreamError::EventTooLarge {
                        limit: self.max,
                    }));
                }
                self.data.reserve(sep + value.len());
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
            }
            // "If the field name is "id": If the field value does not contain
            // U+0000 NULL, then set the last event ID buffer to the field
            // value. Otherwise, ignore the field."
            b"id" if !value.contains(&0) => {
                self.last_event_id = if value.is_empty() {
                    None
                } else {
                    Some(utf8_lossy(value).into_owned())
                };
            }
            // "If the field name is "retry": If the field value consists of
            // only ASCII digits, then interpret the field value as an integer
            // in base ten, and set the event stream's reconnection time to
            // that integer. Otherwise, ignore the field."
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // All digits, so only an overflow can fail: ignore it too.
                if let Some(ms) = std::str::from_utf8(value)
                    .ok()
                    .and_then(|s| s.parse::<u64>().ok())
                {
                    self.retry = Some(ms);
                }
            }
            // "Otherwise: The field is ignored."
            b"id" | b"retry" => {}
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Takes `value`, the value of the event's first `data` field, as the
    /// data buffer.
    /// `holes`: the long strings taken out of it, which make its text
    /// `extra` bytes longer.
    fn take_data(
        &mut self,
        value: Vec<u8>,
        mut holes: Vec<Hole>,
        extra: usize,
    ) -> Result<(), Error> {
        let text = match String::from_utf8(value) {
            Ok(text) => text,
            Err(e) => replace_invalid(e.as_bytes(), &mut holes),
        };
        // The same bound as `field` applies, to the text after replacement:
        // a U+FFFD takes more bytes than the invalid byte it stands for.
        if text.len() + extra > self.max {
            return Err(Error::stream(StreamError::EventTooLarge {
                limit: self.max,
            }));
        }
        self.data = text;
        self.holes = holes;
        self.taken = extra;
        self.has_data = true;
        self.known_field();
        Ok(())
    }

    /// "When the user agent is required to dispatch the event, the user agent
    /// must process the data buffer, the event type buffer, and the last event
    /// ID buffer using steps appropriate for the user agent." Returns whether
    /// there is an event; it stays in the buffers until the next line.
    fn dispatch(&mut self) -> bool {
        // "Set the last event ID string of the event source to the value of
        // the last event ID buffer. The buffer does not get reset, so the
        // last event ID string of the event source remains set to this value
        // until the next time it is set by the server."
        if self.source_id != self.last_event_id {
            self.source_id.clone_from(&self.last_event_id);
        }
        // "If the data buffer is an empty string, set the data buffer and the
        // event type buffer to the empty string and return."
        if !self.has_data {
            self.event_type.clear();
            return false;
        }
        self.has_data = false;
        self.ready = true;
        true
    }

    /// Dispatches the event whose data is pending, at the end of input
    /// right after a line end; whether there was one.
    fn dispatch_pending(&mut self) -> bool {
        self.begin_line();
        self.has_data && self.dispatch()
    }

    /// The dispatched event, taken out of the buffers.
    fn take_event(&mut self) -> Event {
        // "Initialize event's type attribute to "message" ... If the event
        // type buffer has a value other than the empty string, change the
        // type of the newly created event to equal the value of the event
        // type buffer." "Set the data buffer and the event type buffer to the
        // empty string."
        let event = if self.event_type.is_empty() {
            DEFAULT_EVENT_TYPE.to_string()
        } else {
            std::mem::take(&mut self.event_type)
        };
        Event {
            event,
            data: std::mem::take(&mut self.data),
            // "Initialize event's ... lastEventId attribute to the last event
            // ID string of the event source."
            id: self.source_id.clone(),
            retry: self.retry,
        }
    }
}

impl<R: Read> Reader<R> {
    /// Reads the next event and returns just its data, borrowed from the
    /// reader's buffer instead of moved out into an [`Event`]: the same
    /// events, errors and end as the iterator, without allocating per event.
    #[cfg(test)]
    pub(crate) fn next_data(&mut self) -> Option<Result<&str, Error>> {
        Some(self.advance(&Vec::new)?.map(|()| self.state.data.as_str()))
    }

    /// Takes long strings out of long `data` lines from now on (see
    /// `crate::long_strings`).
    pub(crate) fn take_long_strings(&mut self) {
        // Fuzzing reaches the long-string paths with short inputs.
        let long = if cfg!(fuzzing) {
            40
        } else {
            crate::long_strings::LONG_STRING
        };
        self.extract.enable(long);
    }

    /// [`take_long_strings`](Self::take_long_strings), of strings from
    /// `long` bytes on.
    #[cfg(test)]
    pub(crate) fn take_strings_from(&mut self, long: usize) {
        self.extract.enable(long);
    }

    /// Takes no strings out of lines any more.
    #[cfg(test)]
    pub(crate) fn keep_long_strings(&mut self) {
        self.extract = Extract::default();
    }

    /// The shortest text worth comparing with a string taken out.
    pub(crate) fn shortest_text(&self) -> usize {
        self.extract.shortest_text()
    }

    /// The data of the event [`advance`](Self::advance) read.
    pub(crate) fn data(&self) -> &str {
        &self.state.data
    }

    /// The type (`event` field) of the event [`advance`](Self::advance)
    /// read; empty when it had none.
    pub(crate) fn event_type(&self) -> &str {
        &self.state.event_type
    }

    /// Whether the input has ended: the event [`advance`](Self::advance)
    /// read then is one whose blank line did not come (see the module
    /// docs).
    pub(crate) fn at_end(&self) -> bool {
        self.ended
    }

    /// The long strings taken out of that event's data.
    pub(crate) fn take_holes(&mut self) -> Vec<Hole> {
        std::mem::take(&mut self.state.holes)
    }

    /// Reads until the next event is dispatched into the buffers
    /// (`Some(Ok(()))`): its data is [`data`](Self::data), and the long
    /// strings taken out of it (when
    /// [`take_long_strings`](Self::take_long_strings) is on) are in
    /// [`take_holes`](Self::take_holes); `expected` gives the texts they are
    /// compared with. `None` once the input has ended, and after an error,
    /// which ends the reader.
    pub(crate) fn advance<'e>(
        &mut self,
        expected: &dyn Fn() -> Vec<&'e str>,
    ) -> Option<Result<(), Error>> {
        if self.done {
            return None;
        }
        match self.read_event(expected) {
            Ok(true) => Some(Ok(())),
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => Some(Err(self.fail(e))),
        }
    }

    /// Releases the data buffer of the last event when it is large; the
    /// event's data must not be needed any more.
    ///
    /// A large buffer is a long line's, moved into the data without a copy.
    /// It becomes the line buffer again: the next long line is read into
    /// memory already mapped instead of growing a new buffer page by page
    /// (a response's closing events are long lines in a row). It is never
    /// larger than the limit allows, and it is not kept beside another.
    pub(crate) fn release_data(&mut self) {
        if self.state.data.capacity() > KEEP_CAPACITY {
            let mut bytes = std::mem::take(&mut self.state.data).into_bytes();
            if self.partial.is_empty() && self.partial.capacity() < bytes.capacity() {
                bytes.clear();
                self.partial = bytes;
            }
        }
    }

    /// Ends the reader after an error, dropping its buffers.
    fn fail(&mut self, e: Error) -> Error {
        self.done = true;
        self.partial = Vec::new();
        self.state.data = String::new();
        self.state.holes = Vec::new();
        self.state.taken = 0;
        self.extract.begin(false, false);
        e
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Event, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.advance(&Vec::new)?.map(|()| self.state.take_event()))
    }
}

impl<R: Read> FusedIterator for Reader<R> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8]) -> Vec<Event> {
        Reader::new(input).map(|e| e.unwrap()).collect()
    }

    fn ev(event: &str, data: &str) -> Event {
        Event {
            event: event.into(),
            data: data.into(),
            id: None,
            retry: None,
        }
    }

    /// A reader that hands out its input in pieces of at most `n` bytes.
    struct Chunked<'a> {
        rest: &'a [u8],
        n: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.n.min(out.len()).min(self.rest.len());
            let (head, tail) = self.rest.split_at(n);
            out[..n].copy_from_slice(head);
            self.rest = tail;
            Ok(n)
        }
    }

    #[test]
    fn find_line_end_matches_a_plain_scan() {
        let mut input = Vec::new();
        for i in 0..300u32 {
            input.push(b"ab\rcdefghij\n\x8D\x8A\x0B\x0C"[(i * 7 % 15) as usize]);
        }
        for start in 0..input.len() {
            for end in start..input.len().min(start + 40) {
                let s = &input[start..end];
                let want = s.iter().position(|&b| b == b'\n' || b == b'\r');
                assert_eq!(find_line_end(s), want, "{s:?}");
            }
        }
        let long = [b'x'; 100];
        assert_eq!(find_line_end(&long), None);
        let mut long = [0xFFu8; 100];
        long[77] = b'\r';
        assert_eq!(find_line_end(&long), Some(77));
    }

    #[test]
    fn lf_crlf_and_cr_line_ends() {
        let want = vec![ev("message", "a"), ev("message", "b")];
        assert_eq!(events(b"data: a\n\ndata: b\n\n"), want);
        assert_eq!(events(b"data: a\r\n\r\ndata: b\r\n\r\n"), want);
        assert_eq!(events(b"data: a\r\rdata: b\r\r"), want);
        assert_eq!(events(b"data: a\r\n\rdata: b\n\r\n"), want);
    }

    #[test]
    fn crlf_split_across_reads_is_one_line_end() {
        // "data: a\r" | "\n" | "\r\n": one event, not two blank lines.
        let input = b"data: a\r\n\r\ndata: b\r\n\r\n";
        for n in 1..input.len() {
            let got: Vec<_> = Reader::new(Chunked { rest: input, n })
                .map(Result::unwrap)
                .collect();
            assert_eq!(got, vec![ev("message", "a"), ev("message", "b")], "n={n}");
        }
    }

    #[test]
    fn cr_then_lf_counts_once_even_with_data_between() {
        // "\r" then "\n" is one line end; "\r" "\r" is two.
        assert_eq!(
            events(b"data: a\r\ndata: b\r\r"),
            vec![ev("message", "a\nb")]
        );
    }

    #[test]
    fn leading_bom_is_stripped_once() {
        assert_eq!(events(b"\xEF\xBB\xBFdata: x\n\n"), vec![ev("message", "x")]);
        // A second BOM is part of the field name, so the line is an unknown field.
        assert!(events(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\n").is_empty());
        // A BOM later in the stream is not stripped.
        assert!(events(b"data: x\n\n\xEF\xBB\xBFdata: y\n\n").len() == 1);
    }

    #[test]
    fn bom_split_across_reads() {
        let input = b"\xEF\xBB\xBFdata: x\n\n";
        let got: Vec<_> = Reader::new(Chunked { rest: input, n: 1 })
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, vec![ev("message", "x")]);
    }

    #[test]
    fn a_body_is_told_an_event_stream_by_its_first_line() {
        for (head, verdict) in [
            (&b""[..], None),
            (b"\xEF\xBB", None),
            (b"\r\n\n", None),
            (b"da", None),
            (b"retry", None),
            (b"\xEF\xBB\xBF\r\n: hi", Some(true)),
            (b"data: {}", Some(true)),
            (b"data:{}", Some(true)),
            (b"event\n", Some(true)),
            (b"id:", Some(true)),
            (b"database", Some(false)),
            (b" data: {}", Some(false)),
            (b"\n \tdata: {}", Some(false)),
            (b"\t{", Some(false)),
            // Lines of spaces and tabs change nothing, as blank lines.
            (b"  ", None),
            (b" \t\r\n  ", None),
            (b"  \n\t\ndata: {}", Some(true)),
            (b"  \n\tdata: {}", Some(false)),
            (b" \t\r\n\r\n: hi", Some(true)),
            (b"\xEF\xBB\xBF \nevent: x", Some(true)),
            (b" \n\t\n{\"data\": 1}", Some(false)),
            (b"{\"data\": 1}", Some(false)),
            (b"<html>", Some(false)),
        ] {
            assert_eq!(begins_as_event_stream(head), verdict, "{head:?}");
        }
    }

    #[test]
    fn comments_are_ignored() {
        assert_eq!(
            events(b": OPENROUTER PROCESSING\n\n:\ndata: x\n: mid\n\n"),
            vec![ev("message", "x")]
        );
    }

    #[test]
    fn field_without_colon_has_empty_value() {
        // "data" alone appends an empty line; two of them make "\n".
        assert_eq!(events(b"data\ndata\n\n"), vec![ev("message", "\n")]);
        assert_eq!(events(b"data\n\n"), vec![ev("message", "")]);
        // "event" alone resets the type to the default.
        assert_eq!(
            events(b"event: x\nevent\ndata: 1\n\n"),
            vec![ev("message", "1")]
        );
    }

    #[test]
    fn only_one_leading_space_is_stripped() {
        assert_eq!(events(b"data:  two\n\n"), vec![ev("message", " two")]);
        assert_eq!(events(b"data:none\n\n"), vec![ev("message", "none")]);
        assert_eq!(events(b"data:\tx\n\n"), vec![ev("message", "\tx")]);
        // Only the first colon splits.
        assert_eq!(events(b"data: a: b\n\n"), vec![ev("message", "a: b")]);
    }

    #[test]
    fn multi_line_data_is_joined_with_lf() {
        assert_eq!(
            events(b"data: {\ndata: \"a\": 1\ndata: }\n\n"),
            vec![ev("message", "{\n\"a\": 1\n}")]
        );
    }

    #[test]
    fn unknown_fields_are_ignored_and_names_are_case_sensitive() {
        assert_eq!(
            events(b"foo: bar\nData: no\nEVENT: no\ndata: yes\n\n"),
            vec![ev("message", "yes")]
        );
    }

    #[test]
    fn events_without_data_are_not_dispatched() {
        assert_eq!(
            events(b"event: ping\n\nid: 1\n\nretry: 5\n\ndata: x\n\n"),
            vec![Event {
                event: "message".into(),
                data: "x".into(),
                id: Some("1".into()),
                retry: Some(5),
            }]
        );
    }

    #[test]
    fn event_type_is_reset_after_dispatch() {
        assert_eq!(
            events(b"event: a\ndata: 1\n\ndata: 2\n\n"),
            vec![ev("a", "1"), ev("message", "2")]
        );
    }

    #[test]
    fn a_last_event_without_its_blank_line_is_dispatched_when_its_lines_are_whole() {
        let a_b = vec![ev("message", "a"), ev("message", "b")];
        assert_eq!(events(b"data: a\n\ndata: b\n"), a_b);
        assert_eq!(events(b"data: a\r\n\r\ndata: b\r\n"), a_b);
        assert_eq!(events(b"data: a\r\rdata: b\r"), a_b);
        assert_eq!(
            events(b"event: e\ndata: b\ndata: c\nid: 7\n"),
            vec![Event {
                id: Some("7".into()),
                ..ev("e", "b\nc")
            }]
        );
        // Once: the end read again dispatches nothing more.
        let mut reader = Reader::new(&b"data: b\n"[..]);
        assert_eq!(reader.next().unwrap().unwrap(), ev("message", "b"));
        assert!(reader.next().is_none());
        assert!(reader.next().is_none());
        // Read a byte at a time, the same.
        let mut trickled = Reader::new(Chunked {
            rest: b"data: a\n\ndata: b\n",
            n: 1,
        });
        assert_eq!(
            trickled.by_ref().map(Result::unwrap).collect::<Vec<_>>(),
            a_b
        );
    }

    #[test]
    fn a_last_event_cut_inside_a_line_is_discarded() {
        assert_eq!(events(b"data: a\n\ndata: b"), vec![ev("message", "a")]);
        // Any line cut: the data before it is not dispatched either.
        assert!(events(b"data: b\ndata: c").is_empty());
        assert!(events(b"data: b\n: keep-al").is_empty());
        assert!(events(b"data: b\nid: 7").is_empty());
        // Fields without data dispatch nothing.
        assert!(events(b"event: e\nid: 7\n").is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(
            events(b"data: a\xFFb\n\nevent: \xC3\n\ndata: \xE2\x82\n\n"),
            vec![ev("message", "a\u{FFFD}b"), ev("message", "\u{FFFD}")]
        );
    }

    #[test]
    fn id_persists_resets_and_ignores_nul() {
        let got = events(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\0\ndata: c\n\nid\ndata: d\n\n");
        let ids: Vec<_> = got.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, vec![Some("1"), Some("1"), Some("1"), None]);
    }

    #[test]
    fn id_is_set_even_when_no_event_is_dispatched() {
        let mut r = Reader::new(&b"id: 9\n\n"[..]);
        assert!(r.next().is_none());
        assert_eq!(r.last_event_id(), Some("9"));
    }

    #[test]
    fn retry_accepts_only_ascii_digits() {
        let mut r = Reader::new(&b"retry: 1500\ndata: a\n\nretry: 2x\ndata: b\n\nretry: -1\nretry:\nretry: 99999999999999999999999\ndata: c\n\n"[..]);
        let got: Vec<_> = r.by_ref().map(|e| e.unwrap().retry).collect();
        assert_eq!(got, vec![Some(1500), Some(1500), Some(1500)]);
        assert_eq!(r.retry(), Some(1500));
    }

    #[test]
    fn line_over_the_limit_is_an_error_and_ends_the_reader() {
        let mut r = Reader::new(&b"data: 0123456789\n\n"[..]).max_event_size(8);
        let err = r.next().unwrap().unwrap_err();
        assert!(matches!(
            err,
            Error::Stream(ref s) if matches!(**s, StreamError::LineTooLong { limit: 8 })
        ));
        assert!(r.next().is_none());
    }

    #[test]
    fn line_at_the_limit_is_accepted() {
        let got: Vec<_> = Reader::new(&b"data: 12\n\n"[..])
            .max_event_size(8)
            .collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].as_ref().unwrap().data, "12");
    }

    #[test]
    fn the_limit_ignores_a_leading_bom_however_the_line_arrives() {
        let input = b"\xEF\xBB\xBFdata: 12\n\n";
        let whole: Vec<_> = Reader::new(&input[..]).max_event_size(8).collect();
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].as_ref().unwrap().data, "12");
        let bytewise: Vec<_> = Reader::new(Trickle(&input[..])).max_event_size(8).collect();
        assert_eq!(bytewise.len(), 1);
        assert_eq!(bytewise[0].as_ref().unwrap().data, "12");
        // The allowance is for the BOM only: one byte more is too long.
        let over = b"\xEF\xBB\xBFdata: 123\n\n";
        for r in [
            Reader::new(Trickle(&over[..])).max_event_size(8).next(),
            Reader::new(Trickle(&over[3..])).max_event_size(8).next(),
        ] {
            assert!(matches!(
                r,
                Some(Err(Error::Stream(ref s))) if matches!(**s, StreamError::LineTooLong { limit: 8 })
            ));
        }
    }

    #[test]
    fn the_event_limit_counts_replacement_characters_however_the_line_arrives() {
        // A 14-byte line whose 8 bytes of data become 24 once each invalid
        // byte is a U+FFFD (3 bytes).
        let input = b"data: \xff\xfe\xff\xfe\xff\xfe\xff\xfe\n\n";
        for limit in [20, 24] {
            let whole: Vec<_> = Reader::new(&input[..]).max_event_size(limit).collect();
            let bytewise: Vec<_> = Reader::new(Trickle(&input[..]))
                .max_event_size(limit)
                .collect();
            assert_eq!(
                format!("{whole:?}"),
                format!("{bytewise:?}"),
                "limit {limit}"
            );
            if limit == 20 {
                assert!(matches!(
                    whole.first(),
                    Some(Err(Error::Stream(s))) if matches!(**s, StreamError::EventTooLarge { limit: 20 })
                ));
            } else {
                assert_eq!(whole[0].as_ref().unwrap().data, "\u{fffd}".repeat(8));
            }
        }
    }

    /// Serves its input one byte per read.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), out.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn event_over_the_limit_is_an_error() {
        let mut r = Reader::new(&b"data:12345\ndata:12345\n\n"[..]).max_event_size(10);
        let err = r.next().unwrap().unwrap_err();
        assert!(matches!(
            err,
            Error::Stream(ref s) if matches!(**s, StreamError::EventTooLarge { limit: 10 })
        ));
    }

    /// An endless line: reading must stop near the limit.
    struct Endless {
        served: usize,
    }

    impl Read for Endless {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            out.fill(b'x');
            self.served += out.len();
            Ok(out.len())
        }
    }

    #[test]
    fn the_expected_texts_are_asked_for_once_a_long_line() {
        let text = "é\\\"x".repeat(60_000);
        let input = format!(
            "data: {{\"a\":\"{text}\",\"b\":\"{text}\"}}\n\ndata: short\n\ndata: [\"{text}\"]\n\n"
        );
        let mut r = Reader::new(Chunked {
            rest: input.as_bytes(),
            n: 100,
        });
        r.take_long_strings();
        let asked = std::cell::Cell::new(0);
        let expected = || {
            asked.set(asked.get() + 1);
            vec!["é"]
        };
        let mut holes = Vec::new();
        while let Some(Ok(())) = r.advance(&expected) {
            holes.push(r.take_holes().len());
        }
        // Two strings taken out of the first line, one of the third; the
        // texts asked for once for each long line, never for the short one.
        assert_eq!(holes, [2, 0, 1]);
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn a_first_long_line_after_a_byte_order_mark_has_its_strings_taken_out() {
        let text = "a".repeat(100_000);
        let input = format!("\u{feff}data: {{\"t\":\"{text}\"}}\n\n");
        let mut r = Reader::new(Chunked {
            rest: input.as_bytes(),
            n: 1000,
        });
        r.take_long_strings();
        assert!(matches!(r.advance(&Vec::new), Some(Ok(()))));
        let holes = r.take_holes();
        assert_eq!(r.data(), r#"{"t":""}"#);
        assert_eq!(holes.len(), 1);
        assert_eq!(holes[0].at, 5);
        assert!(matches!(&holes[0].text, crate::long_strings::Text::Owned(t) if *t == text));
    }

    #[test]
    fn replacement_growing_a_line_over_the_limit_is_an_error() {
        // Within the limit as bytes, over it once each invalid byte is a
        // three-byte U+FFFD; the same with a long string taken out.
        let mut line = b"data: {\"t\":\"".to_vec();
        line.extend(std::iter::repeat_n(0xFFu8, 30_000));
        line.extend(b"\",\"u\":\"");
        line.extend(std::iter::repeat_n(b'b', 70_000));
        line.extend(b"\"}\n\n");
        for take in [false, true] {
            let mut r = Reader::new(Chunked {
                rest: &line,
                n: 4096,
            })
            .max_event_size(110_000);
            if take {
                r.take_long_strings();
            }
            let err = r.advance(&Vec::new).unwrap().unwrap_err();
            assert!(
                matches!(&err, Error::Stream(e) if matches!(**e, StreamError::EventTooLarge { limit: 110_000 })),
                "{take}: {err:?}"
            );
        }
    }

    #[test]
    fn later_data_lines_count_the_strings_taken_out_of_the_first() {
        // 100 kB taken out of the first line, 140 kB on the second: over a
        // limit of 150 kB together, whether or not strings are taken out.
        let input = format!(
            "data: {{\"t\":\"{}\",\ndata: \"u\":\"{}\"}}\n\n",
            "a".repeat(100_000),
            "b".repeat(140_000)
        );
        for (limit, fits) in [(150_000, false), (240_100, true)] {
            for take in [false, true] {
                let mut r = Reader::new(Chunked {
                    rest: input.as_bytes(),
                    n: 4096,
                })
                .max_event_size(limit);
                if take {
                    r.take_long_strings();
                }
                let got = r.advance(&Vec::new).unwrap();
                assert_eq!(got.is_ok(), fits, "{limit} {take}");
                if !fits {
                    let err = got.unwrap_err();
                    assert!(
                        matches!(&err, Error::Stream(e) if matches!(**e, StreamError::EventTooLarge { .. })),
                        "{take}: {err:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn endless_line_stops_at_the_limit() {
        let limit = 1 << 20;
        let mut r = Reader::new(Endless { served: 0 }).max_event_size(limit);
        assert!(r.next().unwrap().is_err());
        assert!(r.get_ref().served <= limit + BUFFER_SIZE);
        assert!(r.partial.capacity() <= 2 * limit);
        assert!(r.next().is_none());
    }

    #[test]
    fn io_error_is_reported_once() {
        struct Broken(bool);
        impl Read for Broken {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                if std::mem::replace(&mut self.0, true) {
                    return Err(io::Error::new(io::ErrorKind::ConnectionReset, "reset"));
                }
                let s = b"data: a\n\ndata: b";
                out[..s.len()].copy_from_slice(s);
                Ok(s.len())
            }
        }
        let mut r = Reader::new(Broken(false));
        assert_eq!(r.next().unwrap().unwrap().data, "a");
        let err = r.next().unwrap().unwrap_err();
        assert!(matches!(err, Error::Stream(ref s) if matches!(**s, StreamError::Io(_))));
        assert!(r.next().is_none());
    }

    #[test]
    fn timeout_maps_to_timeout_error() {
        struct Slow;
        impl Read for Slow {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::TimedOut, "slow"))
            }
        }
        let err = Reader::new(Slow).next().unwrap().unwrap_err();
        assert!(err.is_timeout());
    }

    #[test]
    fn interrupted_reads_are_retried() {
        struct Flaky(u8, &'static [u8]);
        impl Read for Flaky {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                self.0 += 1;
                if self.0 % 2 == 1 {
                    return Err(io::ErrorKind::Interrupted.into());
                }
                let n = self.1.len().min(out.len());
                out[..n].copy_from_slice(&self.1[..n]);
                self.1 = &self.1[n..];
                Ok(n)
            }
        }
        let got: Vec<_> = Reader::new(Flaky(0, b"data: a\n\n"))
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, vec![ev("message", "a")]);
    }

    #[test]
    fn long_lines_of_every_kind() {
        let long = "é".repeat(BUFFER_SIZE * 2 + 3);
        let cases: Vec<(Vec<u8>, Vec<Event>)> = vec![
            // A leading BOM, no space after the colon.
            (
                format!("\u{FEFF}data:{long}\n\n").into_bytes(),
                vec![ev("message", &long)],
            ),
            // Two spaces: only one is stripped.
            (
                format!("data:  {long}\n\n").into_bytes(),
                vec![ev("message", &format!(" {long}"))],
            ),
            // Two long data lines, and a short one before a long one.
            (
                format!("data: {long}\ndata: {long}\n\ndata: a\ndata: {long}\n\n").into_bytes(),
                vec![
                    ev("message", &format!("{long}\n{long}")),
                    ev("message", &format!("a\n{long}")),
                ],
            ),
            // A long comment, a long event type, a long unknown field.
            (
                format!(": {long}\nevent: {long}\nx{long}: 1\ndata: z\n\n").into_bytes(),
                vec![ev(&long, "z")],
            ),
            // Invalid UTF-8 in a long data line.
            (
                [b"data: ".as_slice(), long.as_bytes(), b"\xFF\n\n"].concat(),
                vec![ev("message", &format!("{long}\u{FFFD}"))],
            ),
            // A long line ending the input without a blank line is read,
            // one without its line end dropped.
            (
                format!("data: {long}\n").into_bytes(),
                vec![ev("message", &long)],
            ),
            (format!("data: {long}").into_bytes(), vec![]),
        ];
        for (input, want) in cases {
            for n in [7, BUFFER_SIZE, usize::MAX] {
                let got: Vec<_> = Reader::new(Chunked { rest: &input, n })
                    .map(Result::unwrap)
                    .collect();
                assert_eq!(got, want, "n={n}");
            }
        }
    }

    #[test]
    fn borrowed_data_matches_the_events() {
        let long = "y".repeat(BUFFER_SIZE * 3);
        let inputs = [
            b"data: a\n\ndata: b\r\ndata: c\r\n\r\n: x\n\nevent: e\ndata\n\n".to_vec(),
            format!("data: {long}\n\ndata: short\n\ndata: {long}\ndata: 2\n\n").into_bytes(),
            b"data: a\xFFb\n\nid: 3\ndata: unterminated".to_vec(),
        ];
        for input in &inputs {
            let want: Vec<String> = events(input).into_iter().map(|e| e.data).collect();
            let mut r = Reader::new(&input[..]);
            let mut got = Vec::new();
            while let Some(data) = r.next_data() {
                got.push(data.unwrap().to_owned());
                r.release_data();
            }
            assert_eq!(got, want);
            assert!(r.next().is_none());
        }
        // Borrowed and owned reads mix; the event type never carries over.
        let mut r =
            Reader::new(&b"event: a\ndata: 1\n\ndata: 2\n\nevent: b\ndata: 3\n\ndata: 4\n\n"[..]);
        assert_eq!(r.next_data().unwrap().unwrap(), "1");
        assert_eq!(r.next().unwrap().unwrap(), ev("message", "2"));
        assert_eq!(r.next_data().unwrap().unwrap(), "3");
        assert_eq!(r.next().unwrap().unwrap(), ev("message", "4"));
        assert!(r.next_data().is_none());
        // An error ends it too.
        let mut r = Reader::new(&b"data: 0123456789\n\n"[..]).max_event_size(8);
        assert!(r.next_data().unwrap().is_err());
        assert!(r.next_data().is_none());
    }

    #[test]
    fn a_long_data_buffer_released_by_next_data_serves_the_next_long_line() {
        let (a, b) = ("a".repeat(KEEP_CAPACITY * 4), "b".repeat(KEEP_CAPACITY * 3));
        let input = format!("data: {a}\n\ndata: {b}\n\n: {a}\ndata: c\n\n");
        let mut r = Reader::new(input.as_bytes());
        assert_eq!(r.next_data().unwrap().unwrap(), a);
        r.release_data();
        let kept = r.partial.capacity();
        assert!(kept >= a.len(), "the buffer is kept for the next long line");
        assert_eq!(r.next_data().unwrap().unwrap(), b);
        r.release_data();
        assert_eq!(r.partial.capacity(), kept, "and reused, not grown anew");
        // A long line that is not data is read into it, then let go.
        assert_eq!(r.next_data().unwrap().unwrap(), "c");
        assert!(r.partial.capacity() <= KEEP_CAPACITY);
        assert!(r.next_data().is_none());
    }

    #[test]
    fn a_long_line_buffer_is_not_kept() {
        let long = "y".repeat(KEEP_CAPACITY * 4);
        let input = format!("data: {long}\n\n: {long}\ndata: b\n\n");
        let mut r = Reader::new(input.as_bytes());
        assert_eq!(r.next().unwrap().unwrap().data, long);
        assert!(r.partial.capacity() <= KEEP_CAPACITY);
        assert_eq!(r.next().unwrap().unwrap().data, "b");
        assert!(r.partial.capacity() <= KEEP_CAPACITY);
    }

    #[test]
    fn a_long_data_line_over_the_limit_is_an_error() {
        let input = format!("data: {}\n\n", "y".repeat(BUFFER_SIZE * 2));
        let mut r = Reader::new(input.as_bytes()).max_event_size(BUFFER_SIZE * 2);
        assert!(matches!(
            r.next(),
            Some(Err(Error::Stream(ref s))) if matches!(**s, StreamError::LineTooLong { .. })
        ));
    }

    #[test]
    fn lines_longer_than_the_buffer() {
        let long = "y".repeat(BUFFER_SIZE * 3 + 17);
        let input = format!("data: {long}\r\ndata: z\r\n\r\n");
        assert_eq!(
            events(input.as_bytes()),
            vec![ev("message", &format!("{long}\nz"))]
        );
    }
}

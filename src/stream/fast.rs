//! A direct decoder for the events that carry a stream's text:
//! `response.output_text.delta` and `.done`; the other deltas and `.done`
//! events (refusal, reasoning text, reasoning summary, function-call
//! arguments); and the
//! `response.content_part.*` and `response.output_item.*` events of a message
//! made of text parts (added and done); and, in the lifecycle events that
//! carry a whole response (`response.completed` and the like), the response's
//! text messages and `output_text`.
//!
//! The deltas are nearly every event of a stream, and the closing events
//! repeat the whole text; all have a small, regular shape. Reading them
//! straight into their structs skips serde's visitor machinery (and its
//! buffering of internally tagged parts) and, for strings with escapes, the
//! scratch buffer and the copy out of it.
//!
//! The decoder only ever agrees with serde_json or steps aside: it accepts
//! exactly the members the payload struct has, each at most once, with the
//! plain forms of their values, and returns `None` for anything else (an
//! unknown member, a duplicate, a number with a sign, fraction or exponent,
//! a non-empty `logprobs`, an escaped member name, a lone surrogate, a control
//! character, trailing text...). The caller then decodes with serde_json, which
//! gives the value or the error it always gave. A test checks the two against
//! each other on generated inputs.

use serde_json::{Map, Value};

use super::event::{
    ContentPart, ContentPartEvent, FunctionCallArgumentsDelta, FunctionCallArgumentsDone,
    OutputItemEvent, OutputTextDelta, OutputTextDone, ReasoningSummaryTextDelta,
    ReasoningSummaryTextDone, ReasoningTextDelta, ReasoningTextDone, RefusalDelta, RefusalDone,
    ResponseEvent, StreamEvent,
};
use crate::long_strings::{find_special, unescape, Escape};
use crate::response::{ItemStatus, OutputContent, OutputItem, OutputMessage, OutputText, Response};

/// Reads the `type` without decoding the rest of the object, when the object
/// starts with a plain `"type"` member (as the server sends it). `None` sends
/// the caller to the general path.
pub(crate) fn peek_type(json: &str) -> Option<&str> {
    let mut p = Parser::new(json, None);
    p.expect(b'{')?;
    (p.key()? == "type").then_some(())?;
    p.expect(b':')?;
    p.key()
}

/// `response.output_text.delta`, when it has the plain shape.
pub(crate) fn output_text_delta(json: &str) -> Option<OutputTextDelta> {
    let t = text_event(json, None, "delta", Besides::Logprobs)?;
    Some(OutputTextDelta {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        content_index: t.envelope.content_index?,
        delta: t.text,
        logprobs: t.logprobs,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.output_text.done`, when it has the plain shape.
pub(crate) fn output_text_done(json: &str) -> Option<OutputTextDone> {
    output_text_done_in(json, None)
}

fn output_text_done_in<'a>(json: &'a str, holes: Option<&'a mut Holes>) -> Option<OutputTextDone> {
    let t = text_event(json, holes, "text", Besides::Logprobs)?;
    Some(OutputTextDone {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        content_index: t.envelope.content_index?,
        text: t.text,
        logprobs: t.logprobs,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.refusal.delta`, when it has the plain shape.
pub(crate) fn refusal_delta(json: &str) -> Option<RefusalDelta> {
    let t = text_event(json, None, "delta", Besides::Nothing)?;
    Some(RefusalDelta {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        content_index: t.envelope.content_index?,
        delta: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.reasoning_text.delta`, when it has the plain shape.
pub(crate) fn reasoning_text_delta(json: &str) -> Option<ReasoningTextDelta> {
    let t = text_event(json, None, "delta", Besides::Nothing)?;
    Some(ReasoningTextDelta {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        content_index: t.envelope.content_index?,
        delta: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.reasoning_summary_text.delta`, when it has the plain shape.
/// (`content_index` is no member of it: kept with the unmodelled members,
/// as serde keeps it.)
pub(crate) fn reasoning_summary_text_delta(json: &str) -> Option<ReasoningSummaryTextDelta> {
    let t = text_event(json, None, "delta", Besides::SummaryIndex)?;
    Some(ReasoningSummaryTextDelta {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        summary_index: t.summary_index?,
        delta: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: kept(&mut [("content_index", t.envelope.content_index.map(Value::from))]),
    })
}

/// `response.function_call_arguments.delta`, when it has the plain shape.
/// (`content_index` is no member of it: kept with the unmodelled members,
/// as serde keeps it.)
pub(crate) fn function_call_arguments_delta(json: &str) -> Option<FunctionCallArgumentsDelta> {
    let t = text_event(json, None, "delta", Besides::Nothing)?;
    Some(FunctionCallArgumentsDelta {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        delta: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: kept(&mut [("content_index", t.envelope.content_index.map(Value::from))]),
    })
}

/// `response.refusal.done`, when it has the plain shape.
pub(crate) fn refusal_done(json: &str) -> Option<RefusalDone> {
    refusal_done_in(json, None)
}

fn refusal_done_in<'a>(json: &'a str, holes: Option<&'a mut Holes>) -> Option<RefusalDone> {
    let t = text_event(json, holes, "refusal", Besides::Nothing)?;
    Some(RefusalDone {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        content_index: t.envelope.content_index?,
        refusal: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.reasoning_text.done`, when it has the plain shape.
pub(crate) fn reasoning_text_done(json: &str) -> Option<ReasoningTextDone> {
    reasoning_text_done_in(json, None)
}

fn reasoning_text_done_in<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
) -> Option<ReasoningTextDone> {
    let t = text_event(json, holes, "text", Besides::Nothing)?;
    Some(ReasoningTextDone {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        content_index: t.envelope.content_index?,
        text: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.reasoning_summary_text.done`, when it has the plain shape.
/// (`content_index` is no member of it: kept with the unmodelled members,
/// as serde keeps it.)
pub(crate) fn reasoning_summary_text_done(json: &str) -> Option<ReasoningSummaryTextDone> {
    reasoning_summary_text_done_in(json, None)
}

fn reasoning_summary_text_done_in<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
) -> Option<ReasoningSummaryTextDone> {
    let t = text_event(json, holes, "text", Besides::SummaryIndex)?;
    Some(ReasoningSummaryTextDone {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        summary_index: t.summary_index?,
        text: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: kept(&mut [("content_index", t.envelope.content_index.map(Value::from))]),
    })
}

/// `response.function_call_arguments.done`, when it has the plain shape.
/// (`content_index` is no member of it: kept with the unmodelled members,
/// as serde keeps it.)
pub(crate) fn function_call_arguments_done(json: &str) -> Option<FunctionCallArgumentsDone> {
    function_call_arguments_done_in(json, None)
}

fn function_call_arguments_done_in<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
) -> Option<FunctionCallArgumentsDone> {
    let t = text_event(json, holes, "arguments", Besides::Name)?;
    Some(FunctionCallArgumentsDone {
        output_index: t.envelope.output_index?,
        item_id: t.envelope.item_id.unwrap_or_default(),
        name: t.name,
        arguments: t.text,
        sequence_number: t.envelope.sequence_number.flatten(),
        extra: kept(&mut [("content_index", t.envelope.content_index.map(Value::from))]),
    })
}

/// The unmodelled members of an event: the shared members the envelope read
/// that its payload has no field for, which serde keeps in the payload's
/// flattened `extra`.
fn kept(members: &mut [(&str, Option<Value>)]) -> Map<String, Value> {
    let mut extra = Map::new();
    for (name, value) in members {
        if let Some(value) = value.take() {
            extra.insert((*name).to_owned(), value);
        }
    }
    extra
}

/// The member a text event may have besides the shared ones and its text.
#[derive(Clone, Copy, PartialEq)]
enum Besides {
    Nothing,
    /// `logprobs`, taken when empty or null.
    Logprobs,
    /// `summary_index`.
    SummaryIndex,
    /// `name`, a string or null.
    Name,
}

/// A text event's members: the shared ones, the text, and the one
/// [`Besides`] allows.
struct TextEvent {
    envelope: Envelope,
    text: String,
    logprobs: Option<Vec<crate::response::LogProb>>,
    summary_index: Option<usize>,
    name: Option<String>,
}

/// Reads an event made of the shared members, a string named `text_key`,
/// and what `besides` allows.
fn text_event<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
    text_key: &str,
    besides: Besides,
) -> Option<TextEvent> {
    let (mut text, mut logprobs, mut summary_index, mut name) = (None, None, None, None);
    let envelope = event(json, holes, |p, key| {
        match key {
            k if k == text_key && text.is_none() => text = Some(p.string()?),
            "logprobs" if besides == Besides::Logprobs && logprobs.is_none() => {
                logprobs = Some(p.no_logprobs()?);
            }
            "summary_index" if besides == Besides::SummaryIndex && summary_index.is_none() => {
                summary_index = Some(p.usize()?);
            }
            "name" if besides == Besides::Name && name.is_none() => {
                name = Some(if p.null() { None } else { Some(p.string()?) });
            }
            _ => return None,
        }
        Some(())
    })?;
    Some(TextEvent {
        envelope,
        text: text?,
        logprobs: logprobs.flatten(),
        summary_index,
        name: name.flatten(),
    })
}

/// `response.content_part.done` (or `.added`) of an `output_text` part, when
/// it has the plain shape.
pub(crate) fn content_part_event(json: &str) -> Option<ContentPartEvent> {
    content_part_event_in(json, None)
}

fn content_part_event_in<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
) -> Option<ContentPartEvent> {
    let (e, part) = event_with(json, holes, "part", Parser::output_text)?;
    Some(ContentPartEvent {
        output_index: e.output_index?,
        item_id: e.item_id.unwrap_or_default(),
        content_index: e.content_index?,
        part: ContentPart::OutputText(part),
        sequence_number: e.sequence_number.flatten(),
        extra: serde_json::Map::new(),
    })
}

/// `response.output_item.done` (or `.added`) of a message made of
/// `output_text` parts, when it has the plain shape.
pub(crate) fn output_item_event(json: &str) -> Option<OutputItemEvent> {
    output_item_event_in(json, None)
}

fn output_item_event_in<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
) -> Option<OutputItemEvent> {
    let (e, item) = event_with(json, holes, "item", Parser::message)?;
    Some(OutputItemEvent {
        output_index: e.output_index?,
        item: OutputItem::Message(item),
        sequence_number: e.sequence_number.flatten(),
        extra: kept(&mut [
            ("item_id", e.item_id.map(Value::from)),
            ("content_index", e.content_index.map(Value::from)),
        ]),
    })
}

/// A lifecycle event (`response.completed`, `.incomplete`, `.failed`,
/// `.done`, ...) whose response holds text messages of the plain shape or an
/// `output_text` string: those are read here, and the rest of the response
/// by serde_json, from a copy of the response's text with each message
/// replaced by `{}` and `output_text` by `null`. The copy is small (the
/// text is in what was taken out), and the long strings never pass through
/// serde_json's scratch buffer.
///
/// `None` when there is nothing to take, or when anything is not as
/// expected: the caller then decodes the whole event with serde_json.
pub(crate) fn response_event(json: &str) -> Option<ResponseEvent> {
    response_event_in(json, None)
}

fn response_event_in<'a>(json: &'a str, holes: Option<&'a mut Holes>) -> Option<ResponseEvent> {
    let (e, taken) = event_with(json, holes, "response", Parser::response)?;
    Some(ResponseEvent {
        response: taken.into_response()?,
        sequence_number: e.sequence_number.flatten(),
        extra: kept(&mut [
            ("output_index", e.output_index.map(Value::from)),
            ("item_id", e.item_id.map(Value::from)),
            ("content_index", e.content_index.map(Value::from)),
        ]),
    })
}

/// The length from which [`long_response_event`] and [`long_response`] take
/// the direct way. Below it serde_json alone is as fast or faster (it reads a
/// text with frequent escapes about 1.2 times as fast as [`Parser::string`],
/// and the split way reads the rest of the response twice); above it, and
/// well before a megabyte, the split way is faster (0.6 times serde_json's
/// time at 50 kB), and it never holds serde_json's scratch copy of the text.
pub(crate) const LONG_RESPONSE: usize = 32 * 1024;

/// [`response_event`] for an event of at least [`LONG_RESPONSE`] bytes.
pub(crate) fn long_response_event(json: &str) -> Option<ResponseEvent> {
    (json.len() >= LONG_RESPONSE).then(|| response_event(json))?
}

/// [`response`] for a body of at least [`LONG_RESPONSE`] bytes.
pub(crate) fn long_response(json: &str) -> Option<Response> {
    (json.len() >= LONG_RESPONSE).then(|| response(json))?
}

/// A whole response (the answer to a request without streaming), read as
/// in [`response_event`].
pub(crate) fn response(json: &str) -> Option<Response> {
    let mut p = Parser::new(json, None);
    let taken = p.response()?;
    p.end()?;
    taken.into_response()
}

/// The long strings taken out of an event's text by the SSE reader (see
/// `crate::long_strings`), for the direct decoder: where each left its `""`,
/// and its text.
struct Holes {
    at: Vec<usize>,
    /// The texts, by place; empty while the event's shape is only checked.
    texts: Vec<String>,
    seen: Vec<bool>,
}

impl Holes {
    /// The text of the string at `i` (in `bytes`), when a string was taken
    /// out there: an empty one while only the shape is checked.
    fn text_at(&mut self, bytes: &[u8], i: usize) -> Option<String> {
        let k = self.at.binary_search(&i).ok()?;
        if bytes.get(i..i + 2) != Some(b"\"\"") {
            return None;
        }
        let seen = self.seen.get_mut(k)?;
        if std::mem::replace(seen, true) {
            return None;
        }
        Some(
            self.texts
                .get_mut(k)
                .map(std::mem::take)
                .unwrap_or_default(),
        )
    }

    /// Forgets having read the strings within `range`.
    fn unsee(&mut self, range: std::ops::Range<usize>) {
        for (at, seen) in self.at.iter().zip(&mut self.seen) {
            if range.contains(at) {
                *seen = false;
            }
        }
    }
}

/// The events that may carry long strings taken out of their text and are
/// read here (`response.failed` is not one: its text is kept whole for its
/// error; the caller writes back a `response.done` carrying a failed
/// response for the same reason).
fn closing_event_in(ty: &str, json: &str, holes: &mut Holes) -> Option<StreamEvent> {
    let h = Some(holes);
    Some(match ty {
        "response.output_text.done" => StreamEvent::OutputTextDone(output_text_done_in(json, h)?),
        "response.refusal.done" => StreamEvent::RefusalDone(refusal_done_in(json, h)?),
        "response.reasoning_text.done" => {
            StreamEvent::ReasoningTextDone(reasoning_text_done_in(json, h)?)
        }
        "response.reasoning_summary_text.done" => {
            StreamEvent::ReasoningSummaryTextDone(reasoning_summary_text_done_in(json, h)?)
        }
        "response.function_call_arguments.done" => {
            StreamEvent::FunctionCallArgumentsDone(function_call_arguments_done_in(json, h)?)
        }
        "response.content_part.added" => {
            StreamEvent::ContentPartAdded(content_part_event_in(json, h)?)
        }
        "response.content_part.done" => {
            StreamEvent::ContentPartDone(content_part_event_in(json, h)?)
        }
        "response.output_item.added" => {
            StreamEvent::OutputItemAdded(Box::new(output_item_event_in(json, h)?))
        }
        "response.output_item.done" => {
            StreamEvent::OutputItemDone(Box::new(output_item_event_in(json, h)?))
        }
        "response.completed" => StreamEvent::Completed(Box::new(response_event_in(json, h)?)),
        "response.incomplete" => StreamEvent::Incomplete(Box::new(response_event_in(json, h)?)),
        "response.done" => StreamEvent::Done(Box::new(response_event_in(json, h)?)),
        _ => return None,
    })
}

/// The event of type `ty` in `json`, whose strings at the places `at` were
/// taken out, read with those strings empty: its shape. `None` unless the
/// direct way reads it and every string taken out is one of the texts it
/// reads (and so keeps).
pub(crate) fn closing_shape(ty: &str, json: &str, at: &[usize]) -> Option<StreamEvent> {
    closing_event(ty, json, at, Vec::new())
}

/// The event [`closing_shape`] read, with the strings `texts` (by place) put
/// in (none: empty strings, the shape). `None` when the event is not read
/// directly or a string taken out would not be kept; with `texts`, only if
/// that shape was not read first.
pub(crate) fn closing_event(
    ty: &str,
    json: &str,
    at: &[usize],
    texts: Vec<String>,
) -> Option<StreamEvent> {
    let mut holes = Holes {
        at: at.to_vec(),
        texts,
        seen: vec![false; at.len()],
    };
    let event = closing_event_in(ty, json, &mut holes)?;
    holes.seen.iter().all(|&s| s).then_some(event)
}

/// What [`Parser::response`] takes out of a response object.
struct Taken {
    /// The object's text with the taken values replaced.
    rest: String,
    /// The text messages, by their index in `output`.
    messages: Vec<(usize, OutputMessage)>,
    /// The `output_text` string.
    output_text: Option<String>,
}

impl Taken {
    /// The response: the rest read by serde_json, the taken values put back.
    fn into_response(self) -> Option<Response> {
        let mut response =
            crate::response::direct(|| serde_json::from_str::<Response>(&self.rest)).ok()?;
        for (index, message) in self.messages {
            let slot = response.output.get_mut(index)?;
            // The place left for the message: serde_json read `{}` as an
            // unknown item (checked, so that a miscount shows as a decline).
            if !matches!(slot, OutputItem::Unknown(Value::Object(m)) if m.is_empty()) {
                return None;
            }
            *slot = OutputItem::Message(message);
        }
        if let Some(text) = self.output_text {
            if response.output_text.is_some() {
                return None;
            }
            response.output_text = Some(text);
        }
        Some(response)
    }
}

/// How deep [`Parser::skip`] follows nested arrays and objects before it
/// declines (serde_json's own limit is 128).
const SKIP_DEPTH: usize = 100;

/// An event made of the shared members and one more, `name`, which `read`
/// reads.
fn event_with<'a, T>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
    name: &str,
    mut read: impl FnMut(&mut Parser<'a>) -> Option<T>,
) -> Option<(Envelope, T)> {
    let mut value = None;
    let e = event(json, holes, |p, key| {
        (key == name && value.is_none()).then_some(())?;
        value = Some(read(p)?);
        Some(())
    })?;
    Some((e, value?))
}

/// The members the events here share.
#[derive(Default)]
struct Envelope {
    typed: bool,
    output_index: Option<usize>,
    content_index: Option<usize>,
    item_id: Option<String>,
    sequence_number: Option<Option<u64>>,
}

/// Reads an event object whole: the shared members into an [`Envelope`]
/// (each at most once), the others through `own`, which declines (`None`)
/// what it does not take. Nothing but whitespace may follow.
fn event<'a>(
    json: &'a str,
    holes: Option<&'a mut Holes>,
    mut own: impl FnMut(&mut Parser<'a>, &'a str) -> Option<()>,
) -> Option<Envelope> {
    let mut p = Parser::new(json, holes);
    let mut e = Envelope::default();
    p.object(|p, key| {
        match key {
            // Ignored by the payload structs, as serde ignores it; only a
            // plain string is taken here (the type was read the same way).
            "type" if !e.typed => {
                p.key()?;
                e.typed = true;
            }
            "output_index" if e.output_index.is_none() => e.output_index = Some(p.usize()?),
            "content_index" if e.content_index.is_none() => e.content_index = Some(p.usize()?),
            "item_id" if e.item_id.is_none() => e.item_id = Some(p.string()?),
            "sequence_number" if e.sequence_number.is_none() => {
                e.sequence_number = Some(p.opt_u64()?);
            }
            "type" | "output_index" | "content_index" | "item_id" | "sequence_number" => {
                return None
            }
            _ => own(p, key)?,
        }
        Some(())
    })?;
    p.end()?;
    Some(e)
}

/// A cursor over JSON text. Every method returns `None` (or `false`) for
/// what it does not take, and the caller gives up.
struct Parser<'a> {
    s: &'a str,
    i: usize,
    holes: Option<&'a mut Holes>,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str, holes: Option<&'a mut Holes>) -> Self {
        Parser { s, i: 0, holes }
    }

    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes().get(self.i..).unwrap_or_default()
    }

    fn skip_ws(&mut self) {
        let b = self.bytes();
        if !matches!(b.first(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            return;
        }
        let n = b
            .iter()
            .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(b.len());
        self.i += n;
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes().first().copied()
    }

    /// The next byte after whitespace, consumed.
    fn next_token(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.next_token()? == c).then_some(())
    }

    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.i == self.s.len()
    }

    /// A member name (or the `type`) without escapes, borrowed. These are
    /// short: a plain loop beats the word-at-a-time scan here.
    fn key(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.i;
        for (n, &c) in self.bytes().iter().enumerate() {
            match c {
                b'"' => {
                    self.i = start + n + 1;
                    return self.s.get(start..start + n);
                }
                b'\\' | 0..=0x1f => return None,
                _ => {}
            }
        }
        None
    }

    /// An object: `member` reads the value of each member by name, and
    /// declines (`None`) names it does not take, or takes twice.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.expect(b':')?;
            member(self, key)?;
            match self.next_token()? {
                b',' => {}
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    /// An array: `element` reads each element (given its index), and
    /// declines (`None`) what it does not take.
    fn array(&mut self, mut element: impl FnMut(&mut Self, usize) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        let mut index = 0;
        loop {
            element(self, index)?;
            match self.next_token()? {
                b',' => index += 1,
                b']' => return Some(()),
                _ => return None,
            }
        }
    }

    /// Nothing but whitespace is left.
    fn end(&mut self) -> Option<()> {
        self.at_end().then_some(())
    }

    /// `null` or a plain integer.
    fn opt_u64(&mut self) -> Option<Option<u64>> {
        if self.null() {
            Some(None)
        } else {
            self.u64().map(Some)
        }
    }

    /// `logprobs` when it holds none: `null` (`None`) or `[]` (`Some([])`).
    fn no_logprobs(&mut self) -> Option<Option<Vec<crate::response::LogProb>>> {
        if self.null() {
            Some(None)
        } else {
            self.empty_array()?;
            Some(Some(Vec::new()))
        }
    }

    /// An `output_text` part with its text and no annotations or log
    /// probabilities (members `type`, `text`, `annotations: []`, `logprobs`).
    fn output_text(&mut self) -> Option<OutputText> {
        let (mut tagged, mut text, mut annotations, mut logprobs) = (false, None, false, None);
        self.object(|p, key| {
            match key {
                "type" if !tagged => {
                    (p.key()? == "output_text").then_some(())?;
                    tagged = true;
                }
                "text" if text.is_none() => text = Some(p.string()?),
                "annotations" if !annotations => {
                    p.empty_array()?;
                    annotations = true;
                }
                "logprobs" if logprobs.is_none() => logprobs = Some(p.no_logprobs()?),
                _ => return None,
            }
            Some(())
        })?;
        if !tagged {
            return None;
        }
        Some(OutputText {
            text: text?,
            annotations: Vec::new(),
            logprobs: logprobs.flatten(),
            extra: Map::new(),
        })
    }

    /// A `message` item whose parts are plain `output_text` parts (members
    /// `type`, `id`, `role`, `status`, `content`).
    fn message(&mut self) -> Option<OutputMessage> {
        let (mut tagged, mut id, mut role, mut status, mut content) =
            (false, None, None, None, None);
        self.object(|p, key| {
            match key {
                "type" if !tagged => {
                    (p.key()? == "message").then_some(())?;
                    tagged = true;
                }
                "id" if id.is_none() => id = Some(p.string()?),
                "role" if role.is_none() => role = Some(p.string()?),
                "status" if status.is_none() => {
                    status = Some(if p.null() {
                        None
                    } else {
                        Some(ItemStatus::from(p.string()?))
                    });
                }
                "content" if content.is_none() => {
                    let mut parts = Vec::new();
                    p.array(|p, _| {
                        parts.push(OutputContent::OutputText(p.output_text()?));
                        Some(())
                    })?;
                    content = Some(parts);
                }
                _ => return None,
            }
            Some(())
        })?;
        if !tagged {
            return None;
        }
        Some(OutputMessage {
            id: id?,
            role: role?,
            content: content.unwrap_or_default(),
            status: status.flatten(),
            phase: None,
            extra: Map::new(),
        })
    }

    /// A response object, its text messages and `output_text` taken out
    /// (see [`response_event`]); every other member is checked for its end
    /// only and left to serde_json. `None` when nothing is taken.
    fn response(&mut self) -> Option<Taken> {
        self.skip_ws();
        let start = self.i;
        // Ranges of the text to replace, in order, and what replaces them.
        let mut cuts: Vec<(usize, usize, &'static str)> = Vec::new();
        let mut messages = Vec::new();
        let (mut output, mut output_text, mut seen_output_text) = (false, None, false);
        self.object(|p, key| {
            match key {
                "output" if !output => {
                    output = true;
                    p.array(|p, index| {
                        p.skip_ws();
                        let at = p.i;
                        match p.message() {
                            Some(m) => {
                                cuts.push((at, p.i, "{}"));
                                messages.push((index, m));
                            }
                            None => {
                                p.i = at;
                                p.skip(SKIP_DEPTH)?;
                                // Strings the message had read are left
                                // in the text: not read after all.
                                if let Some(holes) = p.holes.as_deref_mut() {
                                    holes.unsee(at..p.i);
                                }
                            }
                        }
                        Some(())
                    })?;
                }
                "output_text" if !seen_output_text => {
                    seen_output_text = true;
                    p.skip_ws();
                    if p.peek()? == b'"' {
                        let at = p.i;
                        output_text = Some(p.string()?);
                        cuts.push((at, p.i, "null"));
                    } else {
                        p.skip(SKIP_DEPTH)?;
                    }
                }
                // A second `output` or `output_text` is serde_json's error
                // to report.
                "output" | "output_text" => return None,
                _ => p.skip(SKIP_DEPTH)?,
            }
            Some(())
        })?;
        if cuts.is_empty() {
            return None;
        }
        let end = self.i;
        let mut rest = String::with_capacity(256);
        let mut at = start;
        for (from, to, with) in cuts {
            rest.push_str(self.s.get(at..from)?);
            rest.push_str(with);
            at = to;
        }
        rest.push_str(self.s.get(at..end)?);
        Some(Taken {
            rest,
            messages,
            output_text,
        })
    }

    /// Steps over one value of any kind, nested at most `depth` deep. It
    /// finds where the value ends in valid JSON; what it lets through
    /// (a malformed number, an unknown escape) serde_json reports when it
    /// reads the same text.
    fn skip(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.i += 1;
                loop {
                    let end = self.i + find_special(self.bytes())?;
                    match self.s.as_bytes().get(end)? {
                        b'"' => {
                            self.i = end + 1;
                            return Some(());
                        }
                        // The escaped character is never the closing quote.
                        b'\\' => self.i = end + 2,
                        _ => return None,
                    }
                }
            }
            b'{' => self.object(|p, _| p.skip(depth.checked_sub(1)?)),
            b'[' => {
                let depth = depth.checked_sub(1)?;
                self.array(|p, _| p.skip(depth))
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.null().then_some(()),
            b'-' | b'0'..=b'9' => {
                let n = self
                    .bytes()
                    .iter()
                    .take_while(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                self.i += n;
                Some(())
            }
            _ => None,
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        self.bytes().starts_with(word.as_bytes()).then_some(())?;
        self.i += word.len();
        Some(())
    }

    fn null(&mut self) -> bool {
        self.skip_ws();
        self.literal("null").is_some()
    }

    fn empty_array(&mut self) -> Option<()> {
        self.expect(b'[')?;
        self.expect(b']')
    }

    /// A non-negative integer written plainly: `0` or digits not starting
    /// with `0`, with no fraction or exponent, that fits a `u64`.
    fn u64(&mut self) -> Option<u64> {
        self.skip_ws();
        let b = self.bytes();
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let (first, next) = (b.first()?, b.get(digits));
        if digits == 0 || (*first == b'0' && digits > 1) {
            return None;
        }
        if matches!(next, Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let mut n: u64 = 0;
        for c in b.get(..digits)? {
            n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        }
        self.i += digits;
        Some(n)
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A string value, unescaped.
    fn string(&mut self) -> Option<String> {
        self.skip_ws();
        if let Some(holes) = self.holes.as_deref_mut() {
            if let Some(text) = holes.text_at(self.s.as_bytes(), self.i) {
                self.i += 2;
                return Some(text);
            }
        }
        self.expect(b'"')?;
        let start = self.i;
        let end = start + find_special(self.bytes())?;
        if self.s.as_bytes().get(end) == Some(&b'"') {
            // No escapes: one allocation of the right size.
            self.i = end + 1;
            return self.s.get(start..end).map(str::to_owned);
        }
        // Escapes only shorten the text; what is seen so far is a floor.
        let mut out = String::with_capacity(end - start + 16);
        self.i = start;
        loop {
            let start = self.i;
            let end = start + find_special(self.bytes())?;
            // `start` follows an ASCII byte or an escape and `end` sits on an
            // ASCII byte, so both are char boundaries.
            out.push_str(self.s.get(start..end)?);
            self.i = end + 1;
            match self.s.as_bytes().get(end)? {
                b'"' => return Some(out),
                b'\\' => {
                    self.escape(&mut out)?;
                    // Escapes come in runs in some texts (`\u` escapes of
                    // every non-ASCII character): take them without a scan.
                    while self.bytes().first() == Some(&b'\\') {
                        self.i += 1;
                        self.escape(&mut out)?;
                    }
                }
                // A control character, which JSON strings may not hold raw.
                _ => return None,
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self, out: &mut String) -> Option<()> {
        match unescape(self.bytes()) {
            Escape::Char(c, n) => {
                self.i += n;
                out.push(c);
                Some(())
            }
            Escape::Short | Escape::Bad => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json makes of `json`, beside what the direct decoder makes.
    fn both(json: &str) -> (Option<OutputTextDelta>, Option<OutputTextDelta>) {
        (serde_json::from_str(json).ok(), output_text_delta(json))
    }

    #[track_caller]
    fn agrees(json: &str) {
        let (serde, fast) = both(json);
        if let Some(fast) = fast {
            assert_eq!(Some(fast), serde, "{json}");
        }
    }

    #[track_caller]
    fn taken(json: &str) {
        let (serde, fast) = both(json);
        assert!(fast.is_some(), "not taken: {json}");
        assert_eq!(fast, serde, "{json}");
    }

    #[track_caller]
    fn declined(json: &str) {
        assert!(output_text_delta(json).is_none(), "taken: {json}");
    }

    #[test]
    fn the_plain_shape_is_taken_and_matches_serde() {
        taken(
            r#"{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}"#,
        );
        taken(
            r#" { "delta" : "a\"b\\c\/d\b\f\n\r\t\u00e9\u65e5\ud83e\udd80" , "output_index" : 18446744073709551615 , "content_index" : 7 } "#,
        );
        taken(
            r#"{"output_index":0,"content_index":0,"delta":"","logprobs":null,"sequence_number":null}"#,
        );
        taken(
            r#"{"output_index":0,"content_index":0,"delta":"café 日本 🦀 \u0000 \u001f","item_id":""}"#,
        );
        let long = format!(
            r#"{{"output_index":1,"content_index":2,"delta":"{}"}}"#,
            "ab\\n\\u00e9xyz\\\"".repeat(1000)
        );
        taken(&long);
    }

    #[test]
    fn anything_else_is_left_to_serde() {
        for json in [
            r#"{"output_index":0,"content_index":0}"#,
            r#"{"output_index":0,"content_index":0,"delta":"a","extra":1}"#,
            r#"{"output_index":0,"content_index":0,"delta":"a","delta":"b"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"a","type":"x","type":"y"}"#,
            r#"{"output_index":-0,"content_index":0,"delta":"a"}"#,
            r#"{"output_index":01,"content_index":0,"delta":"a"}"#,
            r#"{"output_index":1.0,"content_index":0,"delta":"a"}"#,
            r#"{"output_index":1e2,"content_index":0,"delta":"a"}"#,
            r#"{"output_index":18446744073709551616,"content_index":0,"delta":"a"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"a","logprobs":[{"token":"a","logprob":0}]}"#,
            r#"{"output_index":0,"content_index":0,"d\u0065lta":"a"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"\ud800"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"\udc00"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"\ud800\u0041"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"\x"}"#,
            r#"{"output_index":0,"content_index":0,"delta":"\u12"}"#,
            "{\"output_index\":0,\"content_index\":0,\"delta\":\"a\tb\"}",
            r#"{"output_index":0,"content_index":0,"delta":"a"} x"#,
            r#"{"output_index":0,"content_index":0,"delta":"a",}"#,
            r#"{"output_index":0,"content_index":0,"delta":null}"#,
            r#"{"output_index":0,"content_index":0,"delta":"a","item_id":null}"#,
            r#"{"output_index":0,"content_index":0,"delta":"a""#,
            r#"{"type":1,"output_index":0,"content_index":0,"delta":"a"}"#,
            r#"{}"#,
            "",
        ] {
            declined(json);
            agrees(json);
        }
    }

    #[test]
    fn done_reads_text() {
        let json = r#"{"type":"response.output_text.done","output_index":0,"item_id":"m","content_index":1,"text":"All \u00e9","logprobs":[],"sequence_number":9}"#;
        let fast = output_text_done(json).unwrap();
        assert_eq!(
            Some(fast),
            serde_json::from_str::<OutputTextDone>(json).ok()
        );
        assert!(output_text_done(r#"{"output_index":0,"content_index":1,"delta":"x"}"#).is_none());
    }

    #[test]
    fn the_other_deltas() {
        let json = r#"{"type":"x","sequence_number":3,"item_id":"i","output_index":1,"content_index":2,"delta":"d\u00e9"}"#;
        let refusal = refusal_delta(json).unwrap();
        assert_eq!(
            Some(refusal),
            serde_json::from_str::<RefusalDelta>(json).ok()
        );
        let reasoning = reasoning_text_delta(json).unwrap();
        assert_eq!(
            Some(reasoning),
            serde_json::from_str::<ReasoningTextDelta>(json).ok()
        );
        // content_index is ignored where it is no member, as serde ignores it.
        let call = function_call_arguments_delta(json).unwrap();
        assert_eq!(
            Some(call),
            serde_json::from_str::<FunctionCallArgumentsDelta>(json).ok()
        );
        assert!(
            reasoning_summary_text_delta(json).is_none(),
            "no summary_index"
        );
        let summary =
            r#"{"type":"x","item_id":"i","output_index":1,"summary_index":0,"delta":"s"}"#;
        let fast = reasoning_summary_text_delta(summary).unwrap();
        assert_eq!(
            Some(fast),
            serde_json::from_str::<ReasoningSummaryTextDelta>(summary).ok()
        );
        // summary_index is taken only where it is a member.
        assert!(reasoning_text_delta(summary).is_none());
    }

    #[test]
    fn the_done_events() {
        let json = r#"{"type":"x","sequence_number":3,"item_id":"i","output_index":1,"content_index":2,"text":"t\u00e9"}"#;
        let reasoning = reasoning_text_done(json).unwrap();
        assert_eq!(
            Some(reasoning),
            serde_json::from_str::<ReasoningTextDone>(json).ok()
        );
        assert!(refusal_done(json).is_none(), "no refusal member");
        assert!(
            reasoning_summary_text_done(json).is_none(),
            "no summary_index"
        );
        let refusal =
            r#"{"type":"x","item_id":"i","output_index":0,"content_index":0,"refusal":"no"}"#;
        assert_eq!(
            refusal_done(refusal),
            serde_json::from_str::<RefusalDone>(refusal).ok()
        );
        let summary =
            r#"{"type":"x","output_index":1,"summary_index":4,"text":"s","sequence_number":null}"#;
        assert_eq!(
            reasoning_summary_text_done(summary),
            serde_json::from_str::<ReasoningSummaryTextDone>(summary).ok()
        );
        for name in [r#","name":"f""#, r#","name":null"#, ""] {
            let call = format!(
                r#"{{"type":"x","item_id":"fc","output_index":2,"arguments":"{{\"a\":1}}"{name}}}"#
            );
            let fast = function_call_arguments_done(&call).unwrap();
            assert_eq!(
                Some(fast),
                serde_json::from_str::<FunctionCallArgumentsDone>(&call).ok(),
                "{call}"
            );
        }
        // `name` is taken only where it is a member.
        let named = r#"{"type":"x","output_index":1,"content_index":0,"name":"f","text":"t"}"#;
        assert!(reasoning_text_done(named).is_none());
    }

    #[test]
    fn find_special_matches_a_plain_scan() {
        let mut bytes: Vec<u8> = (0u8..=255).collect();
        bytes.extend(b"abcdefghijklmnopqrstuvwxyz\"");
        for start in 0..bytes.len() {
            for end in start..bytes.len().min(start + 40) {
                let s = &bytes[start..end];
                let plain = s.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                assert_eq!(find_special(s), plain, "{s:?}");
            }
        }
    }

    #[track_caller]
    fn part_agrees(json: &str, expect_taken: bool) {
        let fast = content_part_event(json);
        let serde = serde_json::from_str::<ContentPartEvent>(json).ok();
        assert_eq!(fast.is_some(), expect_taken, "{json}");
        if fast.is_some() {
            assert_eq!(fast, serde, "{json}");
        }
    }

    #[track_caller]
    fn item_agrees(json: &str, expect_taken: bool) -> Option<OutputItemEvent> {
        let fast = output_item_event(json);
        let serde = serde_json::from_str::<OutputItemEvent>(json).ok();
        let direct = crate::response::direct(|| serde_json::from_str::<OutputItemEvent>(json)).ok();
        assert_eq!(fast.is_some(), expect_taken, "{json}");
        if fast.is_some() {
            assert_eq!(fast, serde, "{json}");
            assert_eq!(fast, direct, "{json}");
        }
        fast
    }

    #[test]
    fn closing_events_of_a_text_message() {
        part_agrees(
            r#"{"type":"response.content_part.done","sequence_number":9,"item_id":"m","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":"a\u00e9\n"}}"#,
            true,
        );
        part_agrees(
            r#"{"output_index":0,"content_index":1,"part":{"text":"x","type":"output_text"}}"#,
            true,
        );
        part_agrees(
            r#"{"output_index":0,"content_index":1,"part":{"type":"output_text","text":"x","logprobs":null}}"#,
            true,
        );
        for declined in [
            r#"{"output_index":0,"content_index":0,"part":{"type":"refusal","refusal":"no"}}"#,
            r#"{"output_index":0,"content_index":0,"part":{"text":"x"}}"#,
            r#"{"output_index":0,"content_index":0,"part":{"type":"output_text","text":"x","extra":1}}"#,
            r#"{"output_index":0,"content_index":0,"part":{"type":"output_text","text":"x","annotations":[{"type":"url_citation"}]}}"#,
            r#"{"output_index":0,"content_index":0,"part":{"type":"output_text","text":"x","type":"output_text"}}"#,
            r#"{"output_index":0,"content_index":0,"part":{"type":"output_text"}}"#,
            r#"{"output_index":0,"content_index":0,"part":{"type":"output_text","text":"x"},"part":{"type":"output_text","text":"y"}}"#,
        ] {
            part_agrees(declined, false);
        }
        item_agrees(
            r#"{"type":"response.output_item.done","sequence_number":12,"output_index":0,"item":{"type":"message","id":"m","role":"assistant","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hi \ud83e\udd80"},{"type":"output_text","text":""}]}}"#,
            true,
        );
        item_agrees(
            r#"{"output_index":1,"item":{"role":"assistant","id":"m","content":[],"type":"message","status":"in_progress"}}"#,
            true,
        );
        item_agrees(
            r#"{"output_index":1,"item":{"type":"message","id":"m","role":"assistant","status":"thinking hard"}}"#,
            true,
        );
        item_agrees(
            r#"{"output_index":1,"item":{"type":"message","id":"m","role":"assistant","status":null}}"#,
            true,
        );
        // Shared members the payload has no field for are kept in `extra`.
        let kept = item_agrees(
            r#"{"type":"response.output_item.done","output_index":0,"item_id":"m","content_index":3,"item":{"type":"message","id":"m","role":"assistant","content":[]}}"#,
            true,
        );
        let extra = kept.unwrap().extra;
        assert_eq!(extra["item_id"], "m");
        assert_eq!(extra["content_index"], 3);
        for declined in [
            r#"{"output_index":0,"item":{"type":"reasoning","id":"r","summary":[]}}"#,
            r#"{"output_index":0,"item":{"type":"message","role":"assistant"}}"#,
            r#"{"output_index":0,"item":{"type":"message","id":7,"role":"assistant"}}"#,
            r#"{"output_index":0,"item":{"type":"message","id":"m","role":"assistant","phase":"final_answer"}}"#,
            r#"{"output_index":0,"item":{"type":"message","id":"m","role":"assistant","content":[{"type":"refusal","refusal":"no"}]}}"#,
            r#"{"output_index":0,"item":{"type":"message","id":"m","role":"assistant","content":[{"type":"output_text","text":"a"},]}}"#,
            r#"{"output_index":0,"item":{"type":"message","id":"m","role":"assistant","status":1}}"#,
            r#"{"output_index":0,"item":{"id":"m","role":"assistant"}}"#,
        ] {
            item_agrees(declined, false);
        }
    }

    /// The fast way's result for a lifecycle event, checked against both
    /// of serde_json's (items through `Value`s, and items read directly).
    #[track_caller]
    fn response_agrees(json: &str, expect_taken: bool) -> Option<ResponseEvent> {
        let fast = response_event(json);
        assert_eq!(fast.is_some(), expect_taken, "{json}");
        if fast.is_some() {
            let serde = serde_json::from_str::<ResponseEvent>(json).ok();
            let direct =
                crate::response::direct(|| serde_json::from_str::<ResponseEvent>(json)).ok();
            assert_eq!(fast, serde, "{json}");
            assert_eq!(fast, direct, "{json}");
        }
        fast
    }

    #[test]
    fn final_responses_have_their_messages_taken() {
        let e = response_agrees(
            r#"{"type":"response.completed","sequence_number":40,"response":{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"m",
            "output":[{"type":"reasoning","id":"r","summary":[{"type":"summary_text","text":"t\"]}"}]},
              {"type":"message","id":"m1","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Hi \u00e9\n","annotations":[],"logprobs":[]}]},
              {"type":"function_call","id":"f","call_id":"c","name":"n","arguments":"{\"a\":[1,{}]}","status":"completed"},
              {"type":"message","id":"m2","role":"assistant","content":[]}],
            "output_text":"Hi \u00e9\n","usage":{"input_tokens":3,"output_tokens":4,"total_tokens":7},
            "metadata":{"k":"v"},"temperature":0.7,"top_p":1e0,"tools":[],"x_new":[true,false,null,-1.5e-3]}}"#,
            true,
        )
        .unwrap();
        let r = &e.response;
        assert_eq!(r.output.len(), 4);
        assert!(matches!(r.output[0], OutputItem::Reasoning(_)));
        assert!(matches!(r.output[2], OutputItem::FunctionCall(_)));
        assert_eq!(r.output_text.as_deref(), Some("Hi é\n"));
        assert_eq!(r.extra.len(), 1);
        // `output_text` alone is enough; `null` is left to serde_json.
        response_agrees(
            r#"{"type":"response.done","response":{"id":"r","output":[],"output_text":"x"}}"#,
            true,
        );
        let kept = response_agrees(
            r#"{"type":"response.completed","output_index":0,"item_id":"x","content_index":1,"response":{"id":"r","output_text":"x"}}"#,
            true,
        );
        assert_eq!(kept.unwrap().extra.len(), 3);
        response_agrees(
            r#"{"type":"response.incomplete","response":{"output":[{"type":"message","id":"m","role":"assistant","content":[{"type":"output_text","text":"cut"}]}],"incomplete_details":{"reason":"max_output_tokens"},"output_text":null}}"#,
            true,
        );
        for declined in [
            // Nothing to take.
            r#"{"type":"response.completed","response":{"id":"r","output":[{"type":"reasoning","id":"r","summary":[]}]}}"#,
            r#"{"type":"response.completed","response":{"id":"r","output_text":null}}"#,
            // Duplicates are serde_json's errors.
            r#"{"type":"response.completed","response":{"output":[],"output":[{"type":"message","id":"m","role":"assistant"}]}}"#,
            r#"{"type":"response.completed","response":{"output_text":"a","output_text":"b"}}"#,
            r#"{"type":"response.completed","response":{"id":"a","id":"b","output_text":"x"}}"#,
            // A member the event does not have, a second response, text after.
            r#"{"type":"response.completed","response":{"output_text":"x"},"other":1}"#,
            r#"{"type":"response.completed","response":{"output_text":"x"},"response":{}}"#,
            r#"{"type":"response.completed","response":{"output_text":"x"}} x"#,
            // Malformed elsewhere in the response: serde_json reports it.
            r#"{"type":"response.completed","response":{"output_text":"x","id":"\q"}}"#,
            r#"{"type":"response.completed","response":{"output_text":"x","n":01}}"#,
            r#"{"type":"response.completed","response":{"output_text":"x","n":[1,]}}"#,
            r#"{"type":"response.completed","response":{"output_text":"x","status":7}}"#,
            r#"{"type":"response.completed","response":{"output_text":"x","n":tru}}"#,
            r#"{"type":"response.completed","response":{"output_text":"x","n":"\"}}"#,
        ] {
            response_agrees(declined, false);
        }
    }

    #[test]
    fn deep_nesting_is_declined_not_overflowed() {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = format!(
                r#"{{"type":"response.completed","response":{{"output_text":"x","n":{}1{}}}}}"#,
                open.repeat(100_000),
                close.repeat(100_000)
            );
            assert!(response_event(&deep).is_none());
            let shallow = format!(
                r#"{{"type":"response.completed","response":{{"output_text":"x","n":{}1{}}}}}"#,
                open.repeat(50),
                close.repeat(50)
            );
            response_agrees(&shallow, true);
        }
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of a string body: plain text, every escape, surrogate
        /// pairs and halves, raw control characters and broken escapes.
        fn string_body() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                "[a-z0-9 ]{0,6}",
                "[é日🦀\u{7f}\u{80}\u{ffff}]{1,3}",
                Just("\\\"".to_string()),
                Just("\\\\".to_string()),
                Just("\\/".to_string()),
                Just("\\b\\f\\n\\r\\t".to_string()),
                Just("\\u00e9\\u65E5".to_string()),
                Just("\\ud83e\\udd80".to_string()),
                Just("\\ud83e".to_string()),
                Just("\\udd80".to_string()),
                Just("\\ud83e\\u0041".to_string()),
                Just("\\u0000".to_string()),
                Just("\t".to_string()),
                Just("\u{1}".to_string()),
                Just("\\x".to_string()),
                Just("\\u12g4".to_string()),
            ];
            proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
        }

        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                4 => string_body().prop_map(|b| format!("\"{b}\"")),
                3 => prop_oneof![
                    Just("0".to_string()),
                    Just("7".to_string()),
                    Just("18446744073709551615".to_string()),
                    Just("18446744073709551616".to_string()),
                    Just("-0".to_string()),
                    Just("-3".to_string()),
                    Just("01".to_string()),
                    Just("1.5".to_string()),
                    Just("1e2".to_string()),
                    Just("2E0".to_string()),
                ],
                1 => Just("null".to_string()),
                1 => Just("[]".to_string()),
                1 => Just("[ ]".to_string()),
                1 => Just(r#"[{"token":"a","logprob":-0.5}]"#.to_string()),
                1 => Just("{}".to_string()),
                1 => Just("true".to_string()),
            ]
        }

        fn key() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("type"),
                Just("output_index"),
                Just("content_index"),
                Just("item_id"),
                Just("delta"),
                Just("logprobs"),
                Just("sequence_number"),
                Just("text"),
                Just("summary_index"),
                Just("other"),
                Just("d\\u0065lta"),
            ]
            .prop_map(str::to_string)
        }

        fn ws() -> impl Strategy<Value = String> {
            prop_oneof![Just(""), Just(""), Just(" "), Just("\n\t\r ")].prop_map(str::to_string)
        }

        /// An object: mostly the members the payload has, with valid
        /// values, and now and then anything else.
        fn object() -> impl Strategy<Value = String> {
            let required = (
                0usize..3,
                0usize..3,
                string_body(),
                proptest::option::of(string_body()),
            );
            let extra = proptest::collection::vec((key(), value(), ws()), 0..3);
            (
                required,
                extra,
                ws(),
                any::<bool>(),
                prop_oneof![Just(""), Just(" "), Just(" x"), Just(",")],
            )
                .prop_map(|((o, c, d, id), extra, w, shuffle, tail)| {
                    let mut members = vec![
                        (
                            "type".to_string(),
                            "\"response.output_text.delta\"".to_string(),
                        ),
                        ("output_index".to_string(), o.to_string()),
                        ("content_index".to_string(), c.to_string()),
                        ("delta".to_string(), format!("\"{d}\"")),
                    ];
                    if let Some(id) = id {
                        members.push(("item_id".to_string(), format!("\"{id}\"")));
                    }
                    for (k, v, _) in extra {
                        members.push((k, v));
                    }
                    if shuffle {
                        members.reverse();
                    }
                    let body: Vec<String> = members
                        .iter()
                        .map(|(k, v)| format!("{w}\"{k}\"{w}:{w}{v}{w}"))
                        .collect();
                    format!("{w}{{{}}}{tail}", body.join(","))
                })
        }

        /// Members drawn from `known` (each usually present, with one of its
        /// plausible values or, now and then, any value), maybe an unknown
        /// member, in either order.
        fn members(
            known: Vec<(&'static str, BoxedStrategy<String>)>,
        ) -> impl Strategy<Value = String> {
            members_with(known, 6, 0.1)
        }

        /// As [`members`], a member's value being any value once in
        /// `plausible + 1` draws, and an unknown member added with
        /// probability `unknown`.
        fn members_with(
            known: Vec<(&'static str, BoxedStrategy<String>)>,
            plausible: u32,
            unknown: f64,
        ) -> impl Strategy<Value = String> {
            let picks: Vec<_> = known
                .into_iter()
                .map(|(k, v)| {
                    let v = prop_oneof![plausible => v, 1 => value().boxed()];
                    proptest::option::weighted(0.9, v).prop_map(move |v| v.map(|v| (k, v)))
                })
                .collect();
            (
                picks,
                proptest::option::weighted(unknown, value()),
                any::<bool>(),
                ws(),
            )
                .prop_map(|(picks, extra, reverse, w)| {
                    let mut m: Vec<(String, String)> = picks
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect();
                    if let Some(v) = extra {
                        m.push(("other".to_string(), v));
                    }
                    if reverse {
                        m.reverse();
                    }
                    let body: Vec<String> = m
                        .iter()
                        .map(|(k, v)| format!("{w}\"{k}\"{w}:{w}{v}"))
                        .collect();
                    format!("{{{}}}", body.join(","))
                })
        }

        fn text_value() -> BoxedStrategy<String> {
            string_body().prop_map(|b| format!("\"{b}\"")).boxed()
        }

        fn one_of(values: &'static [&'static str]) -> BoxedStrategy<String> {
            proptest::sample::select(values)
                .prop_map(str::to_string)
                .boxed()
        }

        fn part() -> BoxedStrategy<String> {
            members(vec![
                (
                    "type",
                    one_of(&["\"output_text\"", "\"output_text\"", "\"refusal\""]),
                ),
                ("text", text_value()),
                (
                    "annotations",
                    one_of(&["[]", "null", r#"[{"type":"url_citation","url":"u"}]"#]),
                ),
                ("logprobs", one_of(&["[]", "null"])),
            ])
            .boxed()
        }

        fn item() -> BoxedStrategy<String> {
            let parts =
                proptest::collection::vec(part(), 0..3).prop_map(|p| format!("[{}]", p.join(",")));
            members(vec![
                (
                    "type",
                    one_of(&["\"message\"", "\"message\"", "\"reasoning\""]),
                ),
                ("id", text_value()),
                ("role", one_of(&["\"assistant\""])),
                (
                    "status",
                    one_of(&["\"completed\"", "\"in_progress\"", "\"odd\"", "null"]),
                ),
                ("content", parts.boxed()),
            ])
            .boxed()
        }

        fn index() -> BoxedStrategy<String> {
            one_of(&["0", "1", "2"])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn the_direct_decoder_never_disagrees_with_serde(json in object()) {
                let serde = serde_json::from_str::<OutputTextDelta>(&json).ok();
                if let Some(fast) = output_text_delta(&json) {
                    prop_assert_eq!(Some(fast), serde, "{}", json);
                }
                let serde = serde_json::from_str::<OutputTextDone>(&json).ok();
                if let Some(fast) = output_text_done(&json) {
                    prop_assert_eq!(Some(fast), serde, "{}", json);
                }
                let serde = serde_json::from_str::<RefusalDelta>(&json).ok();
                if let Some(fast) = refusal_delta(&json) {
                    prop_assert_eq!(Some(fast), serde, "{}", json);
                }
                let serde = serde_json::from_str::<ReasoningTextDelta>(&json).ok();
                if let Some(fast) = reasoning_text_delta(&json) {
                    prop_assert_eq!(Some(fast), serde, "{}", json);
                }
                let serde = serde_json::from_str::<ReasoningSummaryTextDelta>(&json).ok();
                if let Some(fast) = reasoning_summary_text_delta(&json) {
                    prop_assert_eq!(Some(fast), serde, "{}", json);
                }
                let serde = serde_json::from_str::<FunctionCallArgumentsDelta>(&json).ok();
                if let Some(fast) = function_call_arguments_delta(&json) {
                    prop_assert_eq!(Some(fast), serde, "{}", json);
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]

            #[test]
            fn done_events_never_disagree_with_serde(
                refusal in members(vec![
                    ("type", one_of(&["\"response.refusal.done\""])),
                    ("output_index", index()),
                    ("content_index", index()),
                    ("item_id", text_value()),
                    ("refusal", text_value()),
                    ("sequence_number", one_of(&["3", "null"])),
                ]),
                reasoning in members(vec![
                    ("type", one_of(&["\"response.reasoning_text.done\""])),
                    ("output_index", index()),
                    ("content_index", index()),
                    ("item_id", text_value()),
                    ("text", text_value()),
                ]),
                summary in members(vec![
                    ("type", one_of(&["\"response.reasoning_summary_text.done\""])),
                    ("output_index", index()),
                    ("summary_index", index()),
                    ("item_id", text_value()),
                    ("text", text_value()),
                ]),
                call in members(vec![
                    ("type", one_of(&["\"response.function_call_arguments.done\""])),
                    ("output_index", index()),
                    ("item_id", text_value()),
                    ("name", one_of(&["\"get_weather\"", "null", "3"])),
                    ("arguments", text_value()),
                    ("sequence_number", one_of(&["3", "null"])),
                ]),
            ) {
                let serde = serde_json::from_str::<RefusalDone>(&refusal).ok();
                if let Some(fast) = refusal_done(&refusal) {
                    prop_assert_eq!(Some(fast), serde, "{}", refusal);
                }
                let serde = serde_json::from_str::<ReasoningTextDone>(&reasoning).ok();
                if let Some(fast) = reasoning_text_done(&reasoning) {
                    prop_assert_eq!(Some(fast), serde, "{}", reasoning);
                }
                let serde = serde_json::from_str::<ReasoningSummaryTextDone>(&summary).ok();
                if let Some(fast) = reasoning_summary_text_done(&summary) {
                    prop_assert_eq!(Some(fast), serde, "{}", summary);
                }
                let serde = serde_json::from_str::<FunctionCallArgumentsDone>(&call).ok();
                if let Some(fast) = function_call_arguments_done(&call) {
                    prop_assert_eq!(Some(fast), serde, "{}", call);
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]

            #[test]
            fn closing_events_never_disagree_with_serde(
                part_event in members(vec![
                    ("type", one_of(&["\"response.content_part.done\""])),
                    ("output_index", index()),
                    ("content_index", index()),
                    ("item_id", text_value()),
                    ("part", part()),
                ]),
                item_event in members(vec![
                    ("type", one_of(&["\"response.output_item.done\""])),
                    ("output_index", index()),
                    ("sequence_number", one_of(&["3", "null"])),
                    ("item", item()),
                    // Shared members this event has no field for.
                    ("item_id", text_value()),
                    ("content_index", index()),
                ]),
            ) {
                if let Some(fast) = content_part_event(&part_event) {
                    prop_assert_eq!(Some(fast), serde_json::from_str::<ContentPartEvent>(&part_event).ok(), "{}", part_event);
                }
                if let Some(fast) = output_item_event(&item_event) {
                    let fast = Some(fast);
                    prop_assert_eq!(&fast, &serde_json::from_str::<OutputItemEvent>(&item_event).ok(), "{}", item_event);
                    let direct = crate::response::direct(|| serde_json::from_str::<OutputItemEvent>(&item_event)).ok();
                    prop_assert_eq!(&fast, &direct, "{}", item_event);
                }
            }
        }

        /// Output items: plain messages, other items (whose strings hold
        /// brackets and quotes), and values that are no items at all.
        fn output() -> BoxedStrategy<String> {
            let other = one_of(&[
                r#"{"type":"reasoning","id":"r","summary":[{"type":"summary_text","text":"a]}\"["}]}"#,
                r#"{"type":"function_call","call_id":"c","name":"f","arguments":"{\"x\":[1,{}]}"}"#,
                r#"{"type":"message","id":"m","role":"assistant","content":[{"type":"refusal","refusal":"no"}]}"#,
                r#"{"type":"new_kind","deep":[[[{"a":[null,true,-1.5e3]}]]]}"#,
                "{}",
                "7",
                r#""s""#,
                "[]",
            ]);
            let plain = (clean_body(), "[a-z]{1,3}").prop_map(|(t, id)| {
                format!(
                    r#"{{"type":"message","id":"{id}","role":"assistant","status":"completed","content":[{{"type":"output_text","text":"{t}","annotations":[]}}]}}"#
                )
            });
            proptest::collection::vec(prop_oneof![6 => plain, 1 => item(), 3 => other], 0..5)
                .prop_map(|v| format!("[{}]", v.join(",")))
                .boxed()
        }

        /// A string body with valid escapes only (and JSON punctuation).
        fn clean_body() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                "[a-z é日🦀]{0,5}",
                Just(r#"\""#.to_string()),
                Just(r"\\".to_string()),
                Just(r"\n\u00e9\ud83e\udd80".to_string()),
                Just("]}[{,:".to_string()),
            ];
            proptest::collection::vec(piece, 0..4).prop_map(|v| v.concat())
        }

        /// Strings without broken escapes, and now and then one with.
        fn clean_text() -> BoxedStrategy<String> {
            prop_oneof![
                8 => clean_body().prop_map(|b| format!("\"{b}\"")),
                1 => text_value(),
            ]
            .boxed()
        }

        /// One of `valid` nine times in ten, else one of `invalid`.
        fn mostly(
            valid: &'static [&'static str],
            invalid: &'static [&'static str],
        ) -> BoxedStrategy<String> {
            prop_oneof![9 => one_of(valid), 1 => one_of(invalid)].boxed()
        }

        fn response() -> BoxedStrategy<String> {
            members_with(
                vec![
                    ("id", clean_text()),
                    ("object", one_of(&["\"response\""])),
                    ("created_at", index()),
                    ("model", clean_text()),
                    (
                        "status",
                        one_of(&["\"completed\"", "\"incomplete\"", "\"new\"", "null"]),
                    ),
                    ("output", output()),
                    (
                        "output_text",
                        prop_oneof![3 => clean_text(), 1 => one_of(&["null"])].boxed(),
                    ),
                    (
                        "usage",
                        mostly(
                            &[
                                r#"{"input_tokens":1,"output_tokens":2,"total_tokens":3}"#,
                                "null",
                            ],
                            &[r#"{"input_tokens":"x"}"#],
                        ),
                    ),
                    (
                        "metadata",
                        mostly(&[r#"{"a":"b"}"#, "{}", "null"], &["[[[]]]"]),
                    ),
                    (
                        "temperature",
                        mostly(&["0.7", "1e-3", "-0", "null"], &["1.", ".5"]),
                    ),
                ],
                30,
                0.1,
            )
            .boxed()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]

            #[test]
            fn final_responses_never_disagree_with_serde(
                json in members_with(vec![
                    ("type", one_of(&["\"response.completed\""])),
                    ("response", response()),
                    ("sequence_number", one_of(&["3", "null"])),
                    ("output_index", index()),
                    ("item_id", text_value()),
                ], 30, 0.05),
                body in response(),
            ) {
                if let Some(fast) = super::super::response(&body) {
                    let fast = Some(fast);
                    prop_assert_eq!(&fast, &serde_json::from_str::<Response>(&body).ok(), "{}", body);
                    let direct = crate::response::direct(|| serde_json::from_str::<Response>(&body)).ok();
                    prop_assert_eq!(&fast, &direct, "{}", body);
                }
                if let Some(fast) = response_event(&json) {
                    let fast = Some(fast);
                    prop_assert_eq!(&fast, &serde_json::from_str::<ResponseEvent>(&json).ok(), "{}", json);
                    let direct = crate::response::direct(|| serde_json::from_str::<ResponseEvent>(&json)).ok();
                    prop_assert_eq!(&fast, &direct, "{}", json);
                }
            }
        }

        #[test]
        fn most_plain_final_responses_are_taken() {
            // Guards the property above against a decoder that declines
            // every response.
            use proptest::strategy::ValueTree;
            use proptest::test_runner::TestRunner;
            let mut runner = TestRunner::deterministic();
            let plain = ("[a-zé日 ]{0,12}", 0usize..3).prop_map(|(t, n)| {
                let message = format!(
                    r#"{{"type":"message","id":"m","role":"assistant","status":"completed","content":[{{"type":"output_text","text":"{t}\n","annotations":[]}}]}}"#
                );
                let reasoning = r#"{"type":"reasoning","id":"r","summary":[]}"#;
                let mut output = vec![reasoning.to_string(); n];
                output.push(message);
                format!(
                    r#"{{"type":"response.completed","response":{{"id":"r","status":"completed","output":[{}],"usage":{{"input_tokens":1,"output_tokens":1,"total_tokens":2}}}},"sequence_number":9}}"#,
                    output.join(",")
                )
            });
            for _ in 0..200 {
                let json = plain.new_tree(&mut runner).unwrap().current();
                response_agrees(&json, true);
            }
        }

        #[test]
        fn most_plain_objects_are_taken() {
            // Guards the property above against a decoder that declines
            // everything: plain objects must mostly be taken.
            use proptest::strategy::ValueTree;
            use proptest::test_runner::TestRunner;
            let mut runner = TestRunner::deterministic();
            let plain = (0usize..3, "[a-zé日 ]{0,12}").prop_map(|(i, d)| {
                format!(r#"{{"type":"response.output_text.delta","output_index":{i},"content_index":0,"delta":"{d}\n","item_id":"m"}}"#)
                    .replace('\n', "\\n")
            });
            for _ in 0..200 {
                let json = plain.new_tree(&mut runner).unwrap().current();
                taken(&json);
            }
        }
    }
}

//! Streams read with long strings taken out of their lines, against the
//! same streams read plainly: generated transcripts, a low threshold (so
//! that nearly every text is taken out, and the direct and the written-back
//! ways both run), bytes delivered a few at a time.

use std::io::{self, Read};

use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;

/// From this many bytes strings are taken out here: more than any member
/// name or event type, less than most texts.
const LONG: usize = 40;

/// Bytes delivered `step` at a time.
struct Chunked {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
}

impl Read for Chunked {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let n = rest.len().min(self.step).min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

fn stream(bytes: &[u8], step: usize, take: bool) -> ResponseStream {
    let mut s = ResponseStream::from_reader(Chunked {
        bytes: bytes.to_vec(),
        at: 0,
        step,
    });
    if let Some(events) = &mut s.events {
        if take {
            events.take_strings_from(LONG);
        } else {
            events.keep_long_strings();
        }
    }
    s
}

/// What iterating yields (decode errors by kind only: their text is the
/// event's, written back, when strings were taken out of it) and the
/// snapshot it leaves.
fn iterated(bytes: &[u8], step: usize, take: bool) -> (Vec<String>, String) {
    let mut s = stream(bytes, step, take);
    let events = s
        .by_ref()
        .map(|e| match e {
            Ok(e) => format!("{e:?}"),
            Err(Error::Decode(_)) => "decode error".into(),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    (events, format!("{:?}", s.snapshot()))
}

/// What `final_response` gives. The text of an undecodable terminal event
/// is left out: with its long strings taken out it is written again, and
/// escapes may be spelled otherwise.
fn finalized(bytes: &[u8], step: usize, take: bool) -> String {
    shown_final(stream(bytes, step, take).final_response())
}

/// What `final_response` gave, the text of an undecodable terminal event
/// left out (see [`finalized`]).
fn shown_final(answer: Result<Response>) -> String {
    match answer {
        Err(Error::Stream(e)) => match e.into_inner() {
            StreamError::TerminalUndecodable { snapshot, .. } => {
                format!("terminal event undecodable; snapshot {snapshot:?}")
            }
            e => format!("{e:?}"),
        },
        r => format!("{r:?}"),
    }
}

/// What `text_deltas` yields (errors as in [`iterated`]), and then
/// `final_response`.
fn deltas_then_final(bytes: &[u8], step: usize, take: bool) -> (Vec<String>, String) {
    let mut s = stream(bytes, step, take);
    let deltas = s
        .text_deltas()
        .map(|d| match d {
            Ok(d) => d,
            Err(Error::Decode(_)) => "decode error".into(),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    (deltas, shown_final(s.final_response()))
}

/// What `deltas` yields of the answer's text (errors as in [`iterated`]),
/// and then `final_response`: as [`deltas_then_final`].
fn pieces_then_final(bytes: &[u8], step: usize, take: bool) -> (Vec<String>, String) {
    let mut s = stream(bytes, step, take);
    let deltas = s
        .deltas()
        .filter_map(|d| match d {
            Ok(super::StreamDelta::Text(d)) => Some(d),
            Ok(_) => None,
            Err(Error::Decode(_)) => Some("decode error".into()),
            Err(e) => Some(format!("error: {e}")),
        })
        .collect();
    (deltas, shown_final(s.final_response()))
}

/// The same read plainly, by iterating: the deltas, errors, and the
/// response `final_response` gives after that. A message's text part that
/// came without deltas is read off the snapshot when it closes, or at the
/// end of the stream (before an error that ended it).
fn deltas_plainly(bytes: &[u8]) -> (Vec<String>, String) {
    use std::collections::HashSet;
    /// The output text parts of the item at `i` (only part `only`, when
    /// given) that came without deltas and were not handed out yet.
    fn hand(
        s: &ResponseStream,
        (i, only): (usize, Option<usize>),
        streamed: &HashSet<usize>,
        handed: &mut HashSet<(usize, usize)>,
        out: &mut Vec<String>,
    ) {
        let Some(OutputItem::Message(m)) = s.item(i).filter(|_| !streamed.contains(&i)) else {
            return;
        };
        for (p, c) in m.content.iter().enumerate() {
            match c {
                crate::response::OutputContent::OutputText(t)
                    if only.is_none_or(|o| o == p)
                        && !t.text.is_empty()
                        && handed.insert((i, p)) =>
                {
                    out.push(t.text.clone())
                }
                _ => {}
            }
        }
    }
    let mut s = stream(bytes, 1 << 20, false);
    let mut deltas = Vec::new();
    let (mut streamed, mut handed) = (HashSet::new(), HashSet::new());
    while let Some(e) = s.next() {
        let closed = match e {
            Ok(StreamEvent::OutputTextDelta(d) | StreamEvent::ContentPartDelta(d)) => {
                streamed.insert(d.output_index);
                deltas.push(d.delta);
                continue;
            }
            Ok(StreamEvent::OutputTextDone(d)) => vec![(d.output_index, Some(d.content_index))],
            Ok(StreamEvent::ContentPartDone(p)) if matches!(p.part, ContentPart::OutputText(_)) => {
                vec![(p.output_index, Some(p.content_index))]
            }
            Ok(StreamEvent::OutputItemDone(e)) => vec![(e.output_index, None)],
            Ok(e) if e.is_terminal() => (0..8).map(|i| (i, None)).collect(),
            Ok(_) => continue,
            Err(e) => {
                // An error that ends the stream comes after what is left.
                if s.is_finished() {
                    for at in (0..8).map(|i| (i, None)) {
                        hand(&s, at, &streamed, &mut handed, &mut deltas);
                    }
                }
                deltas.push(match e {
                    Error::Decode(_) => "decode error".into(),
                    e => format!("error: {e}"),
                });
                continue;
            }
        };
        for at in closed {
            hand(&s, at, &streamed, &mut handed, &mut deltas);
        }
    }
    // A stream that ended without its terminal event: what is left.
    for at in (0..8).map(|i| (i, None)) {
        hand(&s, at, &streamed, &mut handed, &mut deltas);
    }
    (deltas, shown_final(s.final_response()))
}

/// An item of the stream (errors as in [`iterated`]).
fn describe(item: Result<String>) -> String {
    match item {
        Ok(e) => e,
        Err(Error::Decode(_)) => "decode error".into(),
        Err(e) => format!("error: {e}"),
    }
}

/// Each event (or error) iterating yields, and the snapshot after it.
fn iterated_snapshots(bytes: &[u8], step: usize, take: bool) -> Vec<String> {
    let mut s = stream(bytes, step, take);
    let mut out = Vec::new();
    while let Some(e) = s.next() {
        out.push(describe(e.map(|e| format!("{e:?}"))));
        out.push(format!("{:?}", s.snapshot()));
    }
    out
}

/// The same through `next_event`, every `own`-th event kept with
/// `into_owned` (none when `own` is 0).
fn lent_snapshots(bytes: &[u8], step: usize, take: bool, own: usize) -> Vec<String> {
    let mut s = stream(bytes, step, take);
    let mut out = Vec::new();
    let mut n = 0;
    // (`while let` would keep the stream borrowed through the body.)
    loop {
        let Some(e) = s.next_event() else { break };
        n += 1;
        let e = e.map(|e| {
            if own > 0 && n % own == 0 {
                format!("{:?}", e.into_owned())
            } else {
                format!("{:?}", *e)
            }
        });
        out.push(describe(e));
        out.push(format!("{:?}", s.snapshot()));
    }
    out
}

/// A text: plain runs, escapes, non-ASCII, controls.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("plain words "),
        Just("é"),
        Just("😀"),
        Just("\""),
        Just("\\"),
        Just("\n"),
        Just("\u{1}"),
        Just("/"),
        Just("ü and more text"),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

#[derive(Debug, Clone)]
enum Step {
    Delta(usize, String),
    TextDone(usize, String),
    PartDone(usize, String),
    ItemDone(usize, String),
    /// A final response: its messages' texts, and `output_text`.
    Completed(Vec<String>, Option<String>),
    Unknown(String),
    /// The `.done` events of other kinds of text, read directly too.
    OtherDone(&'static str, String),
}

fn step() -> impl Strategy<Value = Step> {
    let item = 0..3usize;
    prop_oneof![
        3 => (item.clone(), text()).prop_map(|(i, t)| Step::Delta(i, t)),
        2 => (item.clone(), text()).prop_map(|(i, t)| Step::TextDone(i, t)),
        1 => (item.clone(), text()).prop_map(|(i, t)| Step::PartDone(i, t)),
        1 => (item, text()).prop_map(|(i, t)| Step::ItemDone(i, t)),
        1 => (proptest::collection::vec(text(), 0..3), proptest::option::of(text()))
            .prop_map(|(m, o)| Step::Completed(m, o)),
        1 => text().prop_map(Step::Unknown),
        1 => (
            prop_oneof![
                Just("response.refusal.done"),
                Just("response.reasoning_text.done"),
                Just("response.reasoning_summary_text.done"),
                Just("response.function_call_arguments.done"),
            ],
            text()
        )
            .prop_map(|(k, t)| Step::OtherDone(k, t)),
    ]
}

/// How a line's text is spoiled, if at all.
#[derive(Debug, Clone, Copy)]
enum Fault {
    None,
    /// An escape JSON does not have, in the first text.
    BadEscape,
    /// A byte that is not UTF-8, in the first text.
    BadByte,
    /// The line cut before its end.
    Cut,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        12 => Just(Fault::None),
        1 => Just(Fault::BadEscape),
        1 => Just(Fault::BadByte),
        1 => Just(Fault::Cut),
    ]
}

fn message(i: usize, text: &str) -> Value {
    json!({"type": "message", "id": format!("msg_{i}"), "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]})
}

/// An event's line, `type` first, non-ASCII written as `\u` escapes when
/// `ascii`, spoiled as `fault` says.
fn line(mut v: Value, ascii: bool, fault: Fault) -> Vec<u8> {
    let ty = v.as_object_mut().unwrap().remove("type").unwrap();
    let rest = v.to_string();
    let sep = if rest == "{}" { "" } else { "," };
    let mut text = format!("{{\"type\":{ty}{sep}{}", &rest[1..]);
    if ascii {
        let mut out = String::with_capacity(text.len() * 2);
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        text = out;
    }
    let mut bytes = text.into_bytes();
    // The first text's body: where it starts, and where its closing quote is.
    let body = |bytes: &[u8]| {
        let start = bytes.windows(8).position(|w| w == b"\"text\":\"")? + 8;
        let mut i = start;
        while *bytes.get(i)? != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        Some((start, i))
    };
    match fault {
        Fault::None => {}
        // At the end of the text: what comes before it is read first.
        Fault::BadEscape => {
            if let Some((_, end)) = body(&bytes) {
                bytes.splice(end..end, *b"\\q");
            }
        }
        Fault::BadByte => {
            if let Some((start, _)) = body(&bytes) {
                bytes.splice(start..start, [0xFF, b'a', 0xE2, 0x82]);
            }
        }
        Fault::Cut => bytes.truncate(bytes.len() * 2 / 3),
    }
    let mut out = b"data: ".to_vec();
    out.extend_from_slice(&bytes);
    out.extend_from_slice(b"\n\n");
    out
}

fn transcript(steps: &[(Step, Fault)], ascii: bool) -> Vec<u8> {
    let mut out = line(
        json!({"type": "response.created", "response": {"id": "r", "status": "in_progress", "output": []}}),
        ascii,
        Fault::None,
    );
    for i in 0..3 {
        out.extend(line(
            json!({"type": "response.output_item.added", "output_index": i,
                "item": {"type": "message", "id": format!("msg_{i}"), "role": "assistant",
                         "status": "in_progress", "content": []}}),
            ascii,
            Fault::None,
        ));
        out.extend(line(
            json!({"type": "response.content_part.added", "output_index": i, "content_index": 0,
                "item_id": format!("msg_{i}"),
                "part": {"type": "output_text", "text": "", "annotations": []}}),
            ascii,
            Fault::None,
        ));
    }
    for (step, fault) in steps {
        let v = match step {
            Step::Delta(i, t) => json!({"type": "response.output_text.delta", "output_index": i,
                "content_index": 0, "item_id": format!("msg_{i}"), "delta": t, "logprobs": []}),
            Step::TextDone(i, t) => json!({"type": "response.output_text.done", "output_index": i,
                "content_index": 0, "item_id": format!("msg_{i}"), "text": t, "logprobs": []}),
            Step::PartDone(i, t) => json!({"type": "response.content_part.done", "output_index": i,
                "content_index": 0, "item_id": format!("msg_{i}"),
                "part": {"type": "output_text", "text": t, "annotations": [], "logprobs": []}}),
            Step::ItemDone(i, t) => json!({"type": "response.output_item.done",
                "output_index": i, "item": message(*i, t)}),
            Step::Completed(m, o) => {
                let output: Vec<Value> = m.iter().enumerate().map(|(i, t)| message(i, t)).collect();
                let mut r = json!({"id": "r", "status": "completed", "output": output});
                if let Some(o) = o {
                    r["output_text"] = json!(o);
                }
                json!({"type": "response.completed", "response": r})
            }
            Step::Unknown(t) => json!({"type": "response.something_new", "payload": t}),
            Step::OtherDone(kind, t) => {
                // Each with the members its payload has.
                let mut v = json!({"type": kind, "output_index": 0, "item_id": "msg_0"});
                match *kind {
                    "response.refusal.done" => {
                        v["content_index"] = json!(0);
                        v["refusal"] = json!(t);
                    }
                    "response.function_call_arguments.done" => {
                        v["name"] = json!("f");
                        v["arguments"] = json!(t);
                    }
                    "response.reasoning_summary_text.done" => {
                        v["summary_index"] = json!(0);
                        v["text"] = json!(t);
                    }
                    _ => {
                        v["content_index"] = json!(0);
                        v["text"] = json!(t);
                    }
                }
                v
            }
        };
        out.extend(line(v, ascii, *fault));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn taking_long_strings_out_changes_nothing(
        steps in proptest::collection::vec((step(), fault()), 0..12),
        ascii in any::<bool>(),
        read in 1..64usize,
    ) {
        let bytes = transcript(&steps, ascii);
        let plain = iterated(&bytes, 1 << 20, false);
        prop_assert_eq!(&iterated(&bytes, read, true), &plain);
        prop_assert_eq!(finalized(&bytes, read, true), finalized(&bytes, 1 << 20, false));
        prop_assert_eq!(deltas_then_final(&bytes, read, true), deltas_plainly(&bytes));
        prop_assert_eq!(pieces_then_final(&bytes, read, true), deltas_plainly(&bytes));
    }

    #[test]
    fn lending_events_changes_nothing(
        steps in proptest::collection::vec((step(), fault()), 0..12),
        ascii in any::<bool>(),
        read in 1..64usize,
        own in 0..4usize,
    ) {
        let bytes = transcript(&steps, ascii);
        prop_assert_eq!(
            lent_snapshots(&bytes, read, true, own),
            iterated_snapshots(&bytes, 1 << 20, false)
        );
    }
}

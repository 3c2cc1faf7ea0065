//! A well-formed stream built from the input (messages with text and
//! refusal parts, reasoning items, function and custom tool calls; each
//! item announced or not, streamed in deltas or not, its parts and the item
//! closed or not; then a completed, incomplete or failed response carrying
//! the items or none, or the body cut after any event), read the ways a
//! program reads it:
//!
//! - `text_deltas()` yields what `deltas()` yields as `StreamDelta::Text`,
//!   and the same errors;
//! - the `Text` and `Commentary` pieces of `deltas()` are the output text
//!   of what `final_response()` returns (of the snapshot, for a cut stream),
//!   in the answer's order where each message's text came in place (in its
//!   deltas, or whole when it closed): the same bytes otherwise; what
//!   `text_deltas()` yields is likewise its `answer_text()` (of a stream
//!   whose messages all carry a `phase`, or none does), where the phase of
//!   each commentary message was known when its text came (announced, or
//!   closed whole) and the response keeps the phases; likewise the refusal
//!   pieces of `deltas()` and `Response::refusal`, and the reasoning,
//!   arguments and input pieces of `deltas()`, joined by item and part, and
//!   those of the final response;
//! - `parse_output` reads the answer's text as JSON for a completed
//!   response, and refuses an incomplete, failed or unfinished one.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use openrouter_responses::{
    Error, OutputContent, OutputItem, Response, ResponseStream, StreamDelta,
};
use serde_json::{json, Value};

/// Pieces texts are made of: JSON's punctuation (so that some texts parse),
/// escapes, multi-byte characters.
const TOKENS: &[&str] = &[
    "a", "b", " ", "{", "}", "[", "]", "\"", ":", ",", "1", "0", "-", ".", "\\", "\n", "é", "😀",
    "null", "true", "\"k\"", "\u{1}", "/", "\t",
];

enum Part {
    Text(String),
    Refusal(String),
}

enum Kind {
    /// The parts, and the `phase` (`commentary` or `final_answer`), if any.
    Message(Vec<Part>, Option<&'static str>),
    Reasoning {
        summary: Vec<String>,
        content: Vec<String>,
        /// The done item carries an `encrypted_content` of its own (the
        /// announcement always carries one).
        own_encrypted: bool,
    },
    Function(String),
    Custom(String),
}

struct Item {
    kind: Kind,
    /// `response.output_item.added` is sent.
    announce: bool,
    /// The texts come in deltas.
    stream: bool,
    /// Each part's closing events are sent (`.done`, and a message's or a
    /// summary's part events).
    close_parts: bool,
    /// `response.output_item.done` is sent.
    close_item: bool,
    /// Where the texts are cut into deltas.
    cuts: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq)]
enum End {
    Completed,
    Incomplete,
    Failed,
    Cut,
}

fn text(u: &mut Unstructured) -> String {
    let n: usize = u.int_in_range(0..=14).unwrap_or(0);
    let mut s = String::new();
    for _ in 0..n {
        let t: usize = u.choose_index(TOKENS.len()).unwrap_or(0);
        s.push_str(TOKENS[t]);
    }
    // Now and then a long one, past the fuzzing build's long-string threshold.
    if u.ratio(1, 8).unwrap_or(false) {
        s = s.repeat(8);
    }
    s
}

/// An item; its message phased when `phased` (`commentary` or
/// `final_answer`).
fn item(u: &mut Unstructured, phased: bool) -> Item {
    let kind = match u.int_in_range(0..=5).unwrap_or(0) {
        0..=2 => {
            let n = u.int_in_range(0..=3).unwrap_or(1);
            let parts = (0..n)
                .map(|_| {
                    if u.ratio(1, 4).unwrap_or(false) {
                        Part::Refusal(text(u))
                    } else {
                        Part::Text(text(u))
                    }
                })
                .collect();
            let phase = match (phased, u.ratio(1, 2).unwrap_or(false)) {
                (false, _) => None,
                (true, true) => Some("commentary"),
                (true, false) => Some("final_answer"),
            };
            Kind::Message(parts, phase)
        }
        3 => {
            let s = u.int_in_range(0..=2).unwrap_or(0);
            let c = u.int_in_range(0..=1).unwrap_or(0);
            Kind::Reasoning {
                summary: (0..s).map(|_| text(u)).collect(),
                content: (0..c).map(|_| text(u)).collect(),
                own_encrypted: u.ratio(1, 3).unwrap_or(false),
            }
        }
        4 => Kind::Function(text(u)),
        _ => Kind::Custom(text(u)),
    };
    let flags: u8 = u.arbitrary().unwrap_or(0);
    let cuts = (0..4).map(|_| u.arbitrary().unwrap_or(0)).collect();
    Item {
        kind,
        announce: flags & 1 != 0,
        stream: flags & 2 != 0,
        close_parts: flags & 4 != 0,
        close_item: flags & 8 != 0,
        cuts,
    }
}

/// `text` in pieces (none for an empty text), cut where `cuts` say.
fn pieces(text: &str, cuts: &[u8]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    let mut turn = 0;
    while at < chars.len() {
        let step = cuts
            .get(turn % cuts.len().max(1))
            .map_or(chars.len(), |&c| usize::from(c % 16) + 1);
        turn += 1;
        let end = (at + step).min(chars.len());
        out.push(chars[at..end].iter().collect());
        at = end;
    }
    out
}

fn id(i: usize) -> String {
    format!("it_{i}")
}

/// The item as a closing event or a terminal response carries it (`whole`),
/// or as `response.output_item.added` announces it.
fn item_json(i: usize, item: &Item, whole: bool) -> Value {
    let status = if whole { "completed" } else { "in_progress" };
    let t = |s: &String| if whole { s.clone() } else { String::new() };
    match &item.kind {
        Kind::Message(parts, phase) => {
            let content: Vec<Value> = if whole {
                parts.iter().map(part_json).collect()
            } else {
                Vec::new()
            };
            let mut m = json!({"type": "message", "id": id(i), "role": "assistant", "status": status, "content": content});
            if let (Some(m), Some(phase)) = (m.as_object_mut(), phase) {
                m.insert("phase".into(), (*phase).into());
            }
            m
        }
        Kind::Reasoning {
            summary,
            content,
            own_encrypted,
        } => {
            let (summary, content): (Vec<Value>, Vec<Value>) = if whole {
                (
                    summary
                        .iter()
                        .map(|s| json!({"type": "summary_text", "text": s}))
                        .collect(),
                    content
                        .iter()
                        .map(|s| json!({"type": "reasoning_text", "text": s}))
                        .collect(),
                )
            } else {
                (Vec::new(), Vec::new())
            };
            let mut r = json!({"type": "reasoning", "id": id(i), "status": status, "summary": summary, "content": content});
            // The announcement carries the data sent back on the next turn;
            // the done item and a terminal response's carry it or not.
            let encrypted = match (whole, own_encrypted) {
                (false, _) => Some(format!("announced_{i}")),
                (true, true) => Some(format!("done_{i}")),
                (true, false) => None,
            };
            if let (Some(r), Some(e)) = (r.as_object_mut(), encrypted) {
                r.insert("encrypted_content".into(), e.into());
            }
            r
        }
        Kind::Function(args) => json!({
            "type": "function_call", "id": id(i), "call_id": format!("call_{i}"), "name": "f",
            "arguments": t(args), "status": status
        }),
        Kind::Custom(input) => json!({
            "type": "custom_tool_call", "id": id(i), "call_id": format!("call_{i}"), "name": "g",
            "input": t(input), "status": status
        }),
    }
}

fn part_json(part: &Part) -> Value {
    match part {
        Part::Text(t) => json!({"type": "output_text", "text": t, "annotations": []}),
        Part::Refusal(r) => json!({"type": "refusal", "refusal": r}),
    }
}

/// The events of one item, in the order a server sends them.
fn item_events(i: usize, item: &Item, out: &mut Vec<Value>) {
    if item.announce {
        out.push(json!({"type": "response.output_item.added", "output_index": i, "item": item_json(i, item, false)}));
    }
    let base = || json!({"output_index": i, "item_id": id(i)});
    let with = |mut v: Value, more: Value| {
        if let (Some(v), Value::Object(more)) = (v.as_object_mut(), more) {
            v.extend(more);
        }
        v
    };
    let deltas = |kind: &str, index: Option<(&str, usize)>, s: &str, out: &mut Vec<Value>| {
        if !item.stream {
            return;
        }
        for piece in pieces(s, &item.cuts) {
            let mut e = with(base(), json!({"type": kind, "delta": piece}));
            if let Some((name, n)) = index {
                e = with(e, json!({ name: n }));
            }
            out.push(e);
        }
    };
    match &item.kind {
        Kind::Message(parts, _) => {
            for (j, part) in parts.iter().enumerate() {
                let empty = match part {
                    Part::Text(_) => Part::Text(String::new()),
                    Part::Refusal(_) => Part::Refusal(String::new()),
                };
                if item.close_parts {
                    out.push(with(base(), json!({"type": "response.content_part.added", "content_index": j, "part": part_json(&empty)})));
                }
                let (delta, done, field, s) = match part {
                    Part::Text(t) => (
                        "response.output_text.delta",
                        "response.output_text.done",
                        "text",
                        t,
                    ),
                    Part::Refusal(r) => (
                        "response.refusal.delta",
                        "response.refusal.done",
                        "refusal",
                        r,
                    ),
                };
                deltas(delta, Some(("content_index", j)), s, out);
                if item.close_parts {
                    out.push(with(
                        base(),
                        json!({"type": done, "content_index": j, field: s}),
                    ));
                    out.push(with(base(), json!({"type": "response.content_part.done", "content_index": j, "part": part_json(part)})));
                }
            }
        }
        Kind::Reasoning {
            summary, content, ..
        } => {
            for (j, s) in summary.iter().enumerate() {
                if item.close_parts {
                    out.push(with(base(), json!({"type": "response.reasoning_summary_part.added", "summary_index": j, "part": {"type": "summary_text", "text": ""}})));
                }
                deltas(
                    "response.reasoning_summary_text.delta",
                    Some(("summary_index", j)),
                    s,
                    out,
                );
                if item.close_parts {
                    out.push(with(base(), json!({"type": "response.reasoning_summary_text.done", "summary_index": j, "text": s})));
                    out.push(with(base(), json!({"type": "response.reasoning_summary_part.done", "summary_index": j, "part": {"type": "summary_text", "text": s}})));
                }
            }
            for (j, s) in content.iter().enumerate() {
                deltas(
                    "response.reasoning_text.delta",
                    Some(("content_index", j)),
                    s,
                    out,
                );
                if item.close_parts {
                    out.push(with(base(), json!({"type": "response.reasoning_text.done", "content_index": j, "text": s})));
                }
            }
        }
        Kind::Function(args) => {
            deltas("response.function_call_arguments.delta", None, args, out);
            if item.close_parts {
                out.push(with(
                    base(),
                    json!({"type": "response.function_call_arguments.done", "arguments": args}),
                ));
            }
        }
        Kind::Custom(input) => {
            deltas("response.custom_tool_call_input.delta", None, input, out);
            if item.close_parts {
                out.push(with(
                    base(),
                    json!({"type": "response.custom_tool_call_input.done", "input": input}),
                ));
            }
        }
    }
    if item.close_item {
        out.push(json!({"type": "response.output_item.done", "output_index": i, "item": item_json(i, item, true)}));
    }
}

struct Plan {
    items: Vec<Item>,
    end: End,
    /// The terminal response carries the items (else the stream's are kept).
    carries_items: bool,
    body: Vec<u8>,
    step: usize,
}

fn plan(input: &[u8]) -> Plan {
    let mut u = Unstructured::new(input);
    let setup: u8 = u.arbitrary().unwrap_or(0);
    let step = usize::from(u.arbitrary::<u8>().unwrap_or(0) % 64) + 1;
    let n = u.int_in_range(0..=4).unwrap_or(0);
    let phased = setup & 32 != 0;
    let items: Vec<Item> = (0..n).map(|_| item(&mut u, phased)).collect();
    let end = match u.int_in_range(0..=4).unwrap_or(0) {
        0 | 1 => End::Completed,
        2 => End::Incomplete,
        3 => End::Failed,
        _ => End::Cut,
    };
    let carries_items = setup & 1 != 0;
    let created = setup & 2 != 0;
    let keepalives = setup & 4 != 0;
    let done = setup & 8 != 0;
    let crlf = setup & 16 != 0;

    let mut events = Vec::new();
    if created {
        events.push(json!({"type": "response.created", "response": {"id": "resp_1", "status": "in_progress", "output": []}}));
    }
    for (i, it) in items.iter().enumerate() {
        item_events(i, it, &mut events);
    }
    let output: Vec<Value> = if carries_items {
        items
            .iter()
            .enumerate()
            .map(|(i, it)| item_json(i, it, true))
            .collect()
    } else {
        Vec::new()
    };
    match end {
        End::Completed => events.push(json!({"type": "response.completed", "response": {"id": "resp_1", "status": "completed", "output": output}})),
        End::Incomplete => events.push(json!({"type": "response.incomplete", "response": {"id": "resp_1", "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}, "output": output}})),
        End::Failed => events.push(json!({"type": "response.failed", "response": {"id": "resp_1", "status": "failed", "error": {"code": "server_error", "message": "boom"}, "output": output}})),
        End::Cut => {
            let keep = u.int_in_range(0..=events.len()).unwrap_or(events.len());
            events.truncate(keep);
        }
    }
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut body = String::new();
    for e in &events {
        if keepalives {
            body.push_str(&format!(": OPENROUTER PROCESSING{nl}{nl}"));
        }
        body.push_str(&format!("data: {e}{nl}{nl}"));
    }
    if done && end != End::Cut {
        body.push_str(&format!("data: [DONE]{nl}{nl}"));
    }
    Plan {
        items,
        end,
        carries_items,
        body: body.into_bytes(),
        step,
    }
}

#[path = "common/chunked.rs"]
mod chunked;
use chunked::Chunked;

/// Where a delta belongs, for the kinds that say.
type Key = (&'static str, usize, usize);

/// The texts of the kinds that name their item and part, joined, the empty
/// ones left out.
fn joined(pieces: impl IntoIterator<Item = (Key, String)>) -> BTreeMap<Key, String> {
    let mut map = BTreeMap::<Key, String>::new();
    for (k, s) in pieces {
        map.entry(k).or_default().push_str(&s);
    }
    map.retain(|_, s| !s.is_empty());
    map
}

fn keyed(delta: &StreamDelta) -> Option<(Key, String)> {
    Some(match delta {
        StreamDelta::ReasoningSummary {
            output_index,
            summary_index,
            delta,
        } => (("summary", *output_index, *summary_index), delta.clone()),
        StreamDelta::ReasoningText {
            output_index,
            content_index,
            delta,
        } => (("reasoning", *output_index, *content_index), delta.clone()),
        StreamDelta::FunctionCallArguments {
            output_index,
            delta,
        } => (("arguments", *output_index, 0), delta.clone()),
        StreamDelta::CustomToolCallInput {
            output_index,
            delta,
        } => (("input", *output_index, 0), delta.clone()),
        _ => return None,
    })
}

fn response_keyed(r: &Response) -> BTreeMap<Key, String> {
    let mut all = Vec::new();
    // The output_index of an item, from its id: items that never came
    // leave no place in `output`.
    let index = |id: Option<&str>, at: usize| {
        id.and_then(|id| id.strip_prefix("it_")?.parse().ok())
            .unwrap_or(at)
    };
    for (at, item) in r.output.iter().enumerate() {
        match item {
            OutputItem::Reasoning(x) => {
                let i = index(Some(&x.id), at);
                for (j, s) in x.summary.iter().enumerate() {
                    all.push((("summary", i, j), s.text().unwrap_or_default().to_owned()));
                }
                for (j, c) in x.content.iter().flatten().enumerate() {
                    all.push((("reasoning", i, j), c.text().unwrap_or_default().to_owned()));
                }
            }
            OutputItem::FunctionCall(c) => {
                let i = index(c.id.as_deref(), at);
                all.push((("arguments", i, 0), c.arguments.clone()));
            }
            OutputItem::CustomToolCall(c) => {
                let i = index(c.id.as_deref(), at);
                all.push((("input", i, 0), c.input.clone()));
            }
            _ => {}
        }
    }
    joined(all)
}

/// Runs of text and of refusal (`true`), in order, adjacent pieces of a kind
/// joined, the empty ones left out.
fn runs<'a>(pieces: impl IntoIterator<Item = (bool, &'a str)>) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    for (refusal, s) in pieces {
        if s.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((r, t)) if *r == refusal => t.push_str(s),
            _ => out.push((refusal, s.to_owned())),
        }
    }
    out
}

fn sorted(s: &str) -> Vec<u8> {
    let mut b = s.as_bytes().to_vec();
    b.sort_unstable();
    b
}

fn same_text(got: &str, want: &str, in_order: bool, what: &str) {
    if in_order {
        assert_eq!(got, want, "{what}: not the text, in order");
    } else {
        assert_eq!(
            sorted(got),
            sorted(want),
            "{what}: not the text's bytes ({got:?} vs {want:?})"
        );
    }
}

fn open(p: &Plan) -> ResponseStream {
    ResponseStream::from_reader(Chunked {
        bytes: p.body.clone(),
        at: 0,
        step: p.step,
    })
}

fuzz_target!(|input: &[u8]| {
    let p = plan(input);
    // Replaying an input with STREAM_TEXT_SHOW set prints the stream.
    if std::env::var_os("STREAM_TEXT_SHOW").is_some() {
        eprintln!("{}", String::from_utf8_lossy(&p.body));
    }

    // `text_deltas()`, then `final_response()`.
    let mut stream = open(&p);
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for d in stream.text_deltas() {
        match d {
            Ok(t) => texts.push(t),
            Err(e) => errors.push(format!("{e:?}")),
        }
    }
    let snapshot = stream.snapshot().cloned();
    let last = stream.final_response();

    // `deltas()`: its text pieces are those of `text_deltas()`.
    let mut stream = open(&p);
    let mut all = Vec::new();
    let mut all_errors = Vec::new();
    for d in stream.deltas() {
        match d {
            Ok(d) => all.push(d),
            Err(e) => all_errors.push(format!("{e:?}")),
        }
    }
    let all_texts: Vec<String> = all
        .iter()
        .filter_map(|d| match d {
            StreamDelta::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, all_texts, "text_deltas differs from deltas' Text");
    assert_eq!(
        errors, all_errors,
        "text_deltas' errors differ from deltas'"
    );
    let again = stream.final_response();
    assert_eq!(
        format!("{last:?}"),
        format!("{again:?}"),
        "final_response after deltas differs from after text_deltas"
    );

    // What was yielded is what the response holds.
    let response = match (&last, p.end) {
        (Ok(r), End::Completed | End::Incomplete | End::Failed) => r.clone(),
        (Err(Error::Stream(_)), End::Cut) => match snapshot {
            Some(s) => s,
            None => {
                assert!(
                    texts.is_empty() && all.is_empty(),
                    "pieces without a snapshot"
                );
                return;
            }
        },
        (other, _) => panic!("final_response: {other:?}"),
    };
    assert_eq!(
        errors.len(),
        usize::from(p.end == End::Failed),
        "errors: {errors:?}"
    );
    // A message's text comes in place when it comes in deltas not held back
    // (the stream announced no item before it, or announced it), or whole
    // when it closes.
    let mut announced = false;
    let mut in_order = true;
    for it in &p.items {
        let closes = it.close_parts || it.close_item;
        if let Kind::Message(..) = it.kind {
            let held = !it.announce && announced;
            let in_place = if it.stream { !held || closes } else { closes };
            in_order &= in_place;
        }
        announced |= it.announce;
    }
    let message_text: String = all
        .iter()
        .filter_map(|d| match d {
            StreamDelta::Text(t) | StreamDelta::Commentary(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    same_text(
        &message_text,
        &response.output_text(),
        in_order,
        "text and commentary pieces",
    );
    // The answer, apart from the commentary: when the phase of every
    // commentary message was known as its text came (it was announced, or
    // its text came whole when the item closed), and the response keeps
    // each message's phase (an item never announced nor closed has none).
    let told = p.items.iter().all(|it| match it.kind {
        Kind::Message(_, Some("commentary")) => it.announce || !(it.stream || it.close_parts),
        _ => true,
    });
    let kept = response.output.iter().all(|o| match o {
        OutputItem::Message(m) => {
            let planned = (m.id.strip_prefix("it_"))
                .and_then(|i| p.items.get(i.parse::<usize>().ok()?))
                .and_then(|it| match it.kind {
                    Kind::Message(_, phase) => phase,
                    _ => None,
                });
            m.phase.as_ref().map(|ph| ph.as_str()) == planned
        }
        _ => true,
    });
    if told && kept {
        same_text(
            &texts.concat(),
            &response.answer_text(),
            in_order,
            "text_deltas, the answer",
        );
    }
    let refusals: String = all
        .iter()
        .filter_map(|d| match d {
            StreamDelta::Refusal(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    same_text(
        &refusals,
        &response.refusal().unwrap_or_default(),
        in_order,
        "refusal deltas",
    );
    // Text and refusal together, in the answer's order when each message's
    // text came in place: a refusal delta hands out the text held back
    // before it.
    if in_order {
        let streamed = runs(all.iter().filter_map(|d| match d {
            StreamDelta::Text(t) | StreamDelta::Commentary(t) => Some((false, t.as_str())),
            StreamDelta::Refusal(t) => Some((true, t.as_str())),
            _ => None,
        }));
        let answer = runs(
            response
                .output
                .iter()
                .filter_map(|o| match o {
                    OutputItem::Message(m) => Some(&m.content),
                    _ => None,
                })
                .flatten()
                .filter_map(|c| match c {
                    OutputContent::OutputText(t) => Some((false, t.text.as_str())),
                    OutputContent::Refusal(r) => Some((true, r.refusal.as_str())),
                    _ => None,
                }),
        );
        assert_eq!(streamed, answer, "text and refusal pieces, in order");
    }
    assert_eq!(
        joined(all.iter().filter_map(keyed)),
        response_keyed(&response),
        "reasoning, arguments or input pieces"
    );
    // A reasoning item built from the stream keeps the `encrypted_content`
    // of its announcement when its done item (and a terminal response
    // carrying the items) has none.
    if p.end != End::Cut {
        for (i, it) in p.items.iter().enumerate() {
            let Kind::Reasoning { own_encrypted, .. } = it.kind else {
                continue;
            };
            let want = if (it.close_item || p.carries_items) && own_encrypted {
                Some(format!("done_{i}"))
            } else if it.announce {
                Some(format!("announced_{i}"))
            } else {
                None
            };
            let got = response.output.iter().find_map(|o| match o {
                OutputItem::Reasoning(r) if r.id == id(i) => Some(r.encrypted_content.clone()),
                _ => None,
            });
            assert_eq!(
                got.flatten(),
                want,
                "encrypted_content of reasoning item {i}"
            );
        }
    }

    // `parse_output`.
    let text = response.answer_text();
    let parsed = response.parse_output::<Value>();
    let refused = text.trim().is_empty() && response.refusal().is_some();
    match (p.end, parsed) {
        (_, Err(Error::Refusal(_))) if refused && p.end != End::Failed => {}
        (End::Failed, Err(Error::Api(_))) => {}
        (End::Incomplete | End::Cut, Err(Error::Incomplete(cut))) if !refused => {
            assert_eq!(cut.text, text, "the partial text");
        }
        (End::Completed, Ok(v)) if !refused => {
            assert_eq!(Some(v), serde_json::from_str::<Value>(&text).ok(), "parsed");
        }
        (End::Completed, Err(Error::Decode(_))) if !refused => {
            assert!(
                serde_json::from_str::<Value>(&text).is_err(),
                "{text:?} parses"
            );
        }
        (end, other) => panic!(
            "parse_output of a {} response: {other:?}",
            match end {
                End::Completed => "completed",
                End::Incomplete => "incomplete",
                End::Failed => "failed",
                End::Cut => "cut",
            }
        ),
    }
});

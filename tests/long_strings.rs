//! Streams whose closing events carry long texts (64 KiB and more), whose
//! lines are read without being buffered: iterating them and
//! `final_response()` must build what the same stream read plainly builds,
//! however the bytes arrive.

mod common;

use std::io::{self, Read};

use common::{Reply, Server};
use openrouter_responses::{
    Client, Error, OutputItem, Request, Response, ResponseStream, StreamError, StreamEvent,
};
use serde_json::{json, Value};

/// Bytes delivered `step` at a time.
struct Chunked {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
}

impl Read for Chunked {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let rest = &self.bytes[self.at..];
        let n = rest.len().min(self.step).min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

fn stream(bytes: &[u8], step: usize) -> ResponseStream {
    ResponseStream::from_reader(Chunked {
        bytes: bytes.to_vec(),
        at: 0,
        step,
    })
}

/// What iterating the stream builds: the snapshot once a terminal event
/// arrived, undecodable events skipped, as `final_response` documents.
fn iterated(bytes: &[u8], step: usize) -> Result<Response, String> {
    read(bytes, step, false).1
}

/// The events (as text) a stream yields up to the terminal one, iterated or
/// (`lend`) lent out by `next_event`, and what it builds, as [`iterated`].
fn read(bytes: &[u8], step: usize, lend: bool) -> (Vec<String>, Result<Response, String>) {
    // An event's text, and whether it is terminal.
    let seen = |e: &StreamEvent| {
        let terminal = matches!(
            e,
            StreamEvent::Completed(_)
                | StreamEvent::Incomplete(_)
                | StreamEvent::Failed(_)
                | StreamEvent::Done(_)
        );
        (format!("{e:?}"), terminal)
    };
    let mut s = stream(bytes, step);
    let mut events = Vec::new();
    let terminal = loop {
        // A lent event's loan ends here.
        let item = if lend {
            s.next_event().map(|r| r.map(|e| seen(&e)))
        } else {
            s.next().map(|r| r.map(|e| seen(&e)))
        };
        let Some(item) = item else { break false };
        events.push(match &item {
            Ok((text, _)) => text.clone(),
            Err(e) => outcome_of_error(e),
        });
        match item {
            Ok((_, true)) => break true,
            Ok(_) | Err(Error::Decode(_)) => {}
            // `response.failed` ends the stream with an error, and is the
            // final response.
            Err(Error::Api(_))
                if s.snapshot().and_then(|r| r.status.clone())
                    == Some(openrouter_responses::ResponseStatus::Failed) =>
            {
                break true
            }
            Err(e) => return (events, Err(outcome_of_error(&e))),
        }
    };
    let last = match s.snapshot() {
        Some(r) if terminal => Ok(r.clone()),
        _ => Err("ended early".into()),
    };
    (events, last)
}

fn outcome_of_error(e: &Error) -> String {
    match e {
        Error::Api(a) => format!("api {:?} {}", a.code, a.message),
        Error::Stream(s) if matches!(**s, StreamError::EndedEarly { .. }) => "ended early".into(),
        other => format!("{other}"),
    }
}

fn finalized(bytes: &[u8], step: usize) -> Result<Response, String> {
    stream(bytes, step)
        .final_response()
        .map(|mut r| {
            r.http = None;
            r
        })
        .map_err(|e| outcome_of_error(&e))
}

/// `text_deltas` to the end, then `final_response`: the deltas must be the
/// plain reading's, and the response `finalized`'s.
fn deltas_then_final(bytes: &[u8], step: usize) -> (Vec<String>, Result<Response, String>) {
    let mut s = stream(bytes, step);
    let deltas = s.text_deltas().filter_map(Result::ok).collect();
    let last = s
        .final_response()
        .map(|mut r| {
            r.http = None;
            r
        })
        .map_err(|e| outcome_of_error(&e));
    (deltas, last)
}

/// What `text_deltas` yields, read off the plain events: each output text
/// delta, and the text of a message's part that came without deltas when
/// it closes (or, never closed, at the terminal event).
fn plain_deltas(bytes: &[u8]) -> Vec<String> {
    use openrouter_responses::response::OutputContent;
    let mut s = stream(bytes, 1 << 20);
    let mut out = Vec::new();
    let mut streamed = std::collections::HashSet::new();
    let mut handed = std::collections::HashSet::new();
    let mut events = Vec::new();
    for e in s.by_ref() {
        match e {
            Ok(StreamEvent::OutputTextDelta(d) | StreamEvent::ContentPartDelta(d)) => {
                streamed.insert(d.item_id.clone());
                events.push(Ok(d.delta));
            }
            Ok(e) => events.push(Err(e)),
            Err(_) => {}
        }
    }
    // Known by id: the events and messages here all name theirs.
    let mut hand = |out: &mut Vec<String>, id: &str, part: usize, text: &str| {
        if !streamed.contains(id) && !text.is_empty() && handed.insert((id.to_owned(), part)) {
            out.push(text.to_owned());
        }
    };
    for e in events {
        match e {
            Ok(delta) => out.push(delta),
            Err(StreamEvent::OutputTextDone(d)) => {
                hand(&mut out, &d.item_id, d.content_index, &d.text)
            }
            Err(StreamEvent::OutputItemDone(e)) => {
                if let OutputItem::Message(m) = &e.item {
                    for (part, c) in m.content.iter().enumerate() {
                        if let OutputContent::OutputText(t) = c {
                            hand(&mut out, &m.id, part, &t.text);
                        }
                    }
                }
            }
            Err(_) => {}
        }
    }
    let snapshot = s.snapshot().cloned().unwrap_or_default();
    for item in &snapshot.output {
        if let OutputItem::Message(m) = item {
            for (part, c) in m.content.iter().enumerate() {
                if let OutputContent::OutputText(t) = c {
                    hand(&mut out, &m.id, part, &t.text);
                }
            }
        }
    }
    out
}

/// The same stream with an empty `data` field before each event's own: the
/// data is the same JSON after a line feed, but no event's data is a single
/// long line any more, so nothing is taken out of it (the way every line
/// was read before long strings were).
fn plainly(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"data: ") {
            out.extend_from_slice(b"data:\n");
        }
        out.extend_from_slice(line);
    }
    out
}

/// Iterating and `final_response`, over several ways of cutting the bytes,
/// agree with each other and with the stream read plainly.
fn agree(bytes: &[u8]) -> Result<Response, String> {
    let want = iterated(&plainly(bytes), 1 << 20);
    for step in [7, 1000, 16 * 1024, 1 << 20] {
        assert_eq!(iterated(bytes, step), want, "iterated, reads of {step}");
        assert_eq!(
            finalized(bytes, step),
            want,
            "final_response, reads of {step}"
        );
        let (deltas, last) = deltas_then_final(bytes, step);
        assert_eq!(
            deltas,
            plain_deltas(&plainly(bytes)),
            "text_deltas, reads of {step}"
        );
        assert_eq!(
            last,
            finalized(bytes, step),
            "text_deltas then final_response"
        );
        assert!(
            read(bytes, step, true) == read(bytes, step, false),
            "next_event against iterating, reads of {step}"
        );
    }
    want
}

/// An event's line, its `type` first as servers write it.
fn line(mut v: Value) -> String {
    let ty = v.as_object_mut().unwrap().remove("type").unwrap();
    let rest = v.to_string();
    let sep = if rest == "{}" { "" } else { "," };
    format!("data: {{\"type\":{ty}{sep}{}\n\n", &rest[1..])
}

/// A text of about `n` bytes with quotes, backslashes, controls, accents,
/// astral characters and plain runs.
fn text(n: usize, salt: &str) -> String {
    let piece = format!("{salt} \"q\" back\\slash\ttab\nline é ü 😀 𝄞 \u{1} plain words here. ");
    piece.repeat(n / piece.len() + 1)
}

fn message(id: &str, status: &str, text: Option<&str>) -> Value {
    let content = match text {
        Some(t) => json!([{"type": "output_text", "text": t, "annotations": [], "logprobs": []}]),
        None => json!([]),
    };
    json!({"type": "message", "id": id, "role": "assistant", "status": status, "content": content})
}

fn response(status: &str, output: Value, extra: Value) -> Value {
    let mut r = json!({"id": "resp_1", "object": "response", "created_at": 1, "model": "m",
        "status": status, "output": output});
    if let (Some(r), Some(extra)) = (r.as_object_mut(), extra.as_object()) {
        r.extend(extra.clone());
    }
    r
}

/// The events of messages streamed as deltas (`texts`: each message's
/// deltas), without the closing events.
fn opening(texts: &[&str]) -> String {
    let mut out = line(json!({"type": "response.created", "sequence_number": 0,
        "response": response("in_progress", json!([]), json!({}))}));
    for (i, t) in texts.iter().enumerate() {
        let id = format!("msg_{i}");
        out += &line(
            json!({"type": "response.output_item.added", "output_index": i,
            "item": message(&id, "in_progress", None)}),
        );
        out += &line(
            json!({"type": "response.content_part.added", "output_index": i,
            "content_index": 0, "item_id": id,
            "part": {"type": "output_text", "text": "", "annotations": []}}),
        );
        let chars: Vec<char> = t.chars().collect();
        for chunk in chars.chunks(4000) {
            let delta: String = chunk.iter().collect();
            out += &line(
                json!({"type": "response.output_text.delta", "output_index": i,
                "content_index": 0, "item_id": id, "delta": delta, "logprobs": []}),
            );
            out += ": keep-alive\n\n";
        }
    }
    out
}

/// The closing events of message `i` with `text`.
fn closing(i: usize, text: &str) -> String {
    let id = format!("msg_{i}");
    let mut out = line(
        json!({"type": "response.output_text.done", "output_index": i,
        "content_index": 0, "item_id": id, "text": text, "logprobs": []}),
    );
    out += &line(
        json!({"type": "response.content_part.done", "output_index": i,
        "content_index": 0, "item_id": id,
        "part": {"type": "output_text", "text": text, "annotations": [], "logprobs": []}}),
    );
    out += &line(
        json!({"type": "response.output_item.done", "output_index": i,
        "item": message(&id, "completed", Some(text))}),
    );
    out
}

fn completed(output: Value, extra: Value) -> String {
    line(json!({"type": "response.completed", "sequence_number": 99,
        "response": response("completed", output, extra)}))
}

fn only_text(r: &Response, i: usize) -> &str {
    match &r.output[i] {
        OutputItem::Message(m) => match &m.content[0] {
            openrouter_responses::response::OutputContent::OutputText(t) => &t.text,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn closing_events_repeating_the_streamed_text() {
    let t = text(300_000, "a");
    let bytes = opening(&[&t])
        + &closing(0, &t)
        + &completed(json!([message("msg_0", "completed", Some(&t))]), json!({}));
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(only_text(&r, 0), t);
}

#[test]
fn closing_events_with_another_text_than_the_deltas() {
    let streamed = text(200_000, "a");
    let mut fixed = streamed.clone();
    fixed.replace_range(150_000..150_001, "Z");
    let longer = format!("{streamed}and more");
    let bytes = opening(&[&streamed])
        + &closing(0, &fixed)
        + &completed(
            json!([message("msg_0", "completed", Some(&longer))]),
            json!({}),
        );
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(only_text(&r, 0), longer);
}

#[test]
fn a_final_response_without_items_keeps_the_built_ones() {
    // `output_text` repeats the part's text, and the response carries no
    // items: the snapshot's part must stay whole.
    let t = text(100_000, "b");
    let bytes = opening(&[&t]) + &closing(0, &t) + &completed(json!([]), json!({"output_text": t}));
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(only_text(&r, 0), t);
    assert_eq!(r.output_text.as_deref(), Some(t.as_str()));
}

#[test]
fn a_done_event_for_another_item_leaves_the_first_whole() {
    let t = text(100_000, "c");
    let stray = line(
        json!({"type": "response.output_text.done", "output_index": 7,
        "content_index": 0, "item_id": "msg_7", "text": t}),
    );
    let moved = line(
        json!({"type": "response.output_text.done", "output_index": 1,
        "content_index": 0, "item_id": "msg_1", "text": t}),
    );
    let bytes = opening(&[&t, "short"]) + &stray + &moved + &completed(json!([]), json!({}));
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(only_text(&r, 0), t);
    assert_eq!(only_text(&r, 1), t);
}

#[test]
fn two_messages_with_the_same_text_and_output_text() {
    let t = text(80_000, "d");
    let items = json!([
        message("msg_0", "completed", Some(&t)),
        message("msg_1", "completed", Some(&t))
    ]);
    let bytes = opening(&[&t, &t])
        + &closing(0, &t)
        + &closing(1, &t)
        + &completed(items, json!({"output_text": format!("{t}{t}")}));
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(only_text(&r, 0), t);
    assert_eq!(only_text(&r, 1), t);
}

#[test]
fn other_events_with_long_strings_decode_as_usual() {
    let t = text(90_000, "e");
    let args = serde_json::to_string(&json!({"text": t})).unwrap();
    let bytes = opening(&[&t])
        + &line(json!({"type": "response.output_item.added", "output_index": 1,
            "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f",
                     "arguments": "", "status": "in_progress"}}))
        + &line(json!({"type": "response.function_call_arguments.done", "output_index": 1,
            "item_id": "fc_1", "arguments": args}))
        + &line(json!({"type": "response.some_future_event", "payload": t}))
        // A known closing event of an unusual shape (an annotation) goes the
        // usual way too.
        + &line(json!({"type": "response.content_part.done", "output_index": 0,
            "content_index": 0, "item_id": "msg_0",
            "part": {"type": "output_text", "text": t,
                     "annotations": [{"type": "url_citation", "url": "https://example.com",
                                      "title": "x", "start_index": 0, "end_index": 1}]}}))
        + &completed(json!([]), json!({}));
    let r = agree(bytes.as_bytes()).unwrap();
    match &r.output[1] {
        OutputItem::FunctionCall(c) => assert_eq!(c.arguments, args),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_invalid_long_string_skips_its_event_only() {
    let t = text(100_000, "f");
    let good = serde_json::to_string(&t).unwrap();
    for bad in ["\\ud800x", "\\q", "\u{1}"] {
        let broken = format!(
            "{}{bad}{}",
            &good[..good.len() / 2],
            &good[good.len() / 2..]
        );
        let bytes = opening(&[&t])
            + &format!(
                "data: {{\"type\":\"response.output_text.done\",\"output_index\":0,\"content_index\":0,\"item_id\":\"msg_0\",\"text\":{broken}}}\n\n"
            )
            + &completed(json!([]), json!({}));
        let r = agree(bytes.as_bytes()).unwrap();
        assert_eq!(only_text(&r, 0), t, "{bad}");
    }
}

#[test]
fn invalid_utf8_in_a_long_string_is_replaced_the_same_way() {
    let t = text(100_000, "g");
    let mut bytes = opening(&[&t]).into_bytes();
    bytes.extend_from_slice(
        b"data: {\"type\":\"response.output_text.done\",\"output_index\":0,\"content_index\":0,\"item_id\":\"msg_0\",\"text\":\"",
    );
    for _ in 0..20_000 {
        bytes.extend_from_slice(b"ok \xF0\x9F\x98 \xFF\xC3\xA9\xE2\x82");
    }
    bytes.extend_from_slice(b"\xE2\"}\n\n");
    bytes.extend_from_slice(completed(json!([]), json!({})).as_bytes());
    let r = agree(&bytes).unwrap();
    assert!(only_text(&r, 0).contains("ok \u{FFFD} \u{FFFD}é\u{FFFD}ok"));
}

#[test]
fn a_failed_response_with_a_long_text_is_the_same_error() {
    let t = text(100_000, "h");
    let failed = line(json!({"type": "response.failed", "sequence_number": 9,
        "response": response("failed", json!([message("msg_0", "incomplete", Some(&t))]),
            json!({"error": {"code": "server_error", "message": "it broke"}}))}));
    let bytes = opening(&[&t]) + &failed;
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(r.error.as_ref().unwrap().message, "it broke");
    assert_eq!(only_text(&r, 0), t);
}

#[test]
fn a_done_event_carrying_a_failed_response_keeps_its_text_in_the_error() {
    // `response.done` with a failed response reports its error as
    // `response.failed` does: the error's body is the event's whole text.
    let t = text(100_000, "h");
    for ty in ["response.failed", "response.done"] {
        let event = json!({"type": ty, "sequence_number": 9,
            "response": response("failed", json!([message("msg_0", "incomplete", Some(&t))]),
                json!({"error": {"code": "server_error", "message": "it broke"}}))});
        let bytes = opening(&[&t]) + &line(event.clone());
        for step in [1000, 1 << 20] {
            let mut s = stream(bytes.as_bytes(), step);
            let err = s.find_map(Result::err).expect("an error");
            let Error::Api(api) = err else {
                panic!("{ty}: {err:?}")
            };
            let body: Value = serde_json::from_str(&api.body).unwrap();
            assert!(
                body == event,
                "{ty}, reads of {step}: the body lost its text"
            );
            let r = s.final_response().unwrap();
            assert_eq!(only_text(&r, 0), t);
        }
    }
}

#[test]
fn the_event_limit_counts_the_strings_taken_out() {
    let t = text(200_000, "i");
    let bytes = opening(&["short"]) + &closing(0, &t) + &completed(json!([]), json!({}));
    let limited = |bytes: &[u8]| {
        let server = Server::start(vec![Reply::sse(vec![
            String::from_utf8(bytes.to_vec()).unwrap()
        ])]);
        let client = Client::builder()
            .api_key("sk-or-test")
            .base_url(server.base_url())
            .max_event_size(150_000)
            .build()
            .unwrap();
        let request = Request::builder().model("m").input("hi").build();
        client.stream(&request).unwrap().final_response()
    };
    // Every closing event is over the limit: the stream ends at the first,
    // the cause of the early end.
    match limited(bytes.as_bytes()) {
        Err(e) => match e.underlying() {
            Error::Stream(s) => match &**s {
                StreamError::LineTooLong { limit } => assert_eq!(*limit, 150_000),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn through_a_loopback_server() {
    let t = text(500_000, "j");
    let bytes = opening(&[&t])
        + &closing(0, &t)
        + &completed(json!([message("msg_0", "completed", Some(&t))]), json!({}));
    let want = iterated(bytes.as_bytes(), 1 << 20).unwrap();
    // The body in many chunks, as a server writes it.
    let mut chunks = Vec::new();
    let mut rest = bytes.as_str();
    while !rest.is_empty() {
        let mut cut = rest.len().min(10_000);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        chunks.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    let server = Server::start(vec![Reply::sse(chunks.clone()), Reply::sse(chunks)]);
    let client = Client::builder()
        .api_key("sk-or-test")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let request = Request::builder().model("m").input("hi").build();
    let mut got = client.stream(&request).unwrap().final_response().unwrap();
    got.http = None;
    assert_eq!(got, want);
    // Every event lent out, then the final response.
    let mut s = client.stream(&request).unwrap();
    let mut kinds = Vec::new();
    while let Some(event) = s.next_event() {
        kinds.push(event.unwrap().event_type().to_owned());
    }
    assert_eq!(kinds.last().map(String::as_str), Some("response.completed"));
    let mut got = s.final_response().unwrap();
    got.http = None;
    assert_eq!(got, want);
}

#[test]
fn a_message_read_the_usual_way_keeps_its_long_text() {
    // The direct reader takes the text, then declines the part (it has an
    // annotation): the text must still reach the item.
    let t = text(100_000, "k");
    let quoted = serde_json::to_string(&t).unwrap();
    // Written by hand: the text comes before the annotations.
    let annotated = format!(
        r#"{{"type":"message","id":"msg_0","role":"assistant","status":"completed","content":[{{"type":"output_text","text":{quoted},"annotations":[{{"type":"url_citation","url":"https://example.com","title":"x","start_index":0,"end_index":1}}]}}]}}"#
    );
    let plain = message("msg_1", "completed", Some(&t));
    let bytes = opening(&[&t])
        + &closing(0, &t)
        + &format!(
            "data: {{\"type\":\"response.completed\",\"response\":{{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"model\":\"m\",\"status\":\"completed\",\"output\":[{annotated},{plain}]}}}}\n\n"
        );
    let r = agree(bytes.as_bytes()).unwrap();
    assert_eq!(only_text(&r, 0), t);
    assert_eq!(only_text(&r, 1), t);
}

#[test]
fn an_invalid_long_string_keeps_its_text_in_the_decode_error() {
    let t = text(100_000, "l");
    let good = serde_json::to_string(&t).unwrap();
    let (head, tail) = good.split_at(good.len() / 2);
    let event = format!(
        "{{\"type\":\"response.output_text.done\",\"output_index\":0,\"content_index\":0,\"item_id\":\"msg_0\",\"text\":{head}\\q{tail}}}"
    );
    let bytes = opening(&[&t]) + &format!("data: {event}\n\n");
    for step in [7, 1 << 20] {
        let errors: Vec<Error> = stream(bytes.as_bytes(), step)
            .filter_map(|e| e.err())
            .collect();
        let [Error::Decode(e)] = &errors[..] else {
            panic!("{errors:?}")
        };
        // What came before the fault is the same text (written as JSON
        // again), the rest is as it came.
        let raw = &e.body;
        let fault = raw.find("\\q").unwrap();
        assert_eq!(&raw[fault..], &event[event.find("\\q").unwrap()..]);
        let before: String = serde_json::from_str(&format!(
            "{}\"",
            &raw[raw.find(",\"text\":").unwrap() + 8..fault]
        ))
        .unwrap();
        let want: String = serde_json::from_str(&format!("{head}\"")).unwrap();
        assert_eq!(before, want);
    }
}

#[test]
fn closing_events_keep_their_unmodelled_members() {
    // Long closing lines are read with their texts taken out; a member the
    // payload does not model is kept all the same, by whichever way reads it.
    let t = text(200_000, "k");
    let mut bytes = opening(&[&t]);
    bytes += &line(
        json!({"type": "response.output_text.done", "output_index": 0,
        "content_index": 0, "item_id": "msg_0", "text": t, "zz_note": 1}),
    );
    bytes += &line(
        json!({"type": "response.output_item.done", "output_index": 0,
        "item": message("msg_0", "completed", Some(&t)), "zz_note": 2}),
    );
    bytes += &line(json!({"type": "response.completed", "zz_note": 3,
        "response": response("completed", json!([message("msg_0", "completed", Some(&t))]), json!({}))}));
    for step in [7, 16 * 1024, 1 << 20] {
        let mut notes = Vec::new();
        for event in stream(bytes.as_bytes(), step) {
            let extra = match event.unwrap() {
                StreamEvent::OutputTextDone(d) => d.extra,
                StreamEvent::OutputItemDone(e) => e.extra,
                StreamEvent::Completed(e) => e.extra,
                _ => continue,
            };
            notes.push(extra.get("zz_note").cloned());
        }
        assert_eq!(
            notes,
            [Some(json!(1)), Some(json!(2)), Some(json!(3))],
            "reads of {step}"
        );
        agree(bytes.as_bytes()).unwrap();
    }
}

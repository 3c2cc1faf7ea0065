//! Streams whose events come in unusual orders or shapes: what streamed is
//! kept in the final response and yielded once, where it belongs.

use std::io;

use openrouter_responses::{OutputItem, Response, ResponseStream, StreamDelta};
use serde_json::{json, Value};

/// A body of `events`, each a `data:` line, after `response.created`.
fn body(events: &[Value]) -> String {
    let created = json!({"type": "response.created",
        "response": {"id": "resp_1", "status": "in_progress", "output": []}});
    std::iter::once(&created)
        .chain(events)
        .map(|e| format!("data: {e}\n\n"))
        .collect()
}

fn completed(output: Value) -> Value {
    json!({"type": "response.completed",
        "response": {"id": "resp_1", "status": "completed", "output": output}})
}

fn message_added(output_index: usize, id: &str) -> Value {
    json!({"type": "response.output_item.added", "output_index": output_index,
        "item": {"type": "message", "id": id, "role": "assistant", "status": "in_progress", "content": []}})
}

fn text_delta(output_index: usize, id: &str, content_index: usize, delta: &str) -> Value {
    json!({"type": "response.output_text.delta", "item_id": id,
        "output_index": output_index, "content_index": content_index, "delta": delta})
}

/// What `text_deltas()` yields, what `deltas()` yields, and the final
/// response, each read from its own stream of `events`.
fn read(events: &[Value]) -> (String, Vec<StreamDelta>, Response) {
    let body = body(events);
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let text: String = s.text_deltas().map(|t| t.expect("a text")).collect();
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let pieces: Vec<StreamDelta> = s.deltas().map(|d| d.expect("a piece")).collect();
    let s = ResponseStream::from_reader(io::Cursor::new(body));
    (text, pieces, s.final_response().expect("a response"))
}

/// A `response.content_part.added` that comes after the deltas of its part
/// (a server that announces a part late) keeps what they built, as a late
/// `response.output_item.added` does.
#[test]
fn a_part_announced_after_its_deltas_keeps_their_text() {
    let part_added = |part: Value| {
        json!({"type": "response.content_part.added", "item_id": "msg_1",
            "output_index": 0, "content_index": 0, "part": part})
    };
    for late in [
        json!({"type": "output_text", "text": "", "annotations": []}),
        json!({"type": "output_text", "text": "Hel", "annotations": []}),
    ] {
        let (text, _, r) = read(&[
            message_added(0, "msg_1"),
            text_delta(0, "msg_1", 0, "Hel"),
            text_delta(0, "msg_1", 0, "lo"),
            part_added(late.clone()),
            text_delta(0, "msg_1", 0, "!"),
            completed(json!([])),
        ]);
        assert_eq!(text, "Hello!");
        assert_eq!(r.answer_text(), "Hello!", "late part {late}");
    }
    // A part announced with other text than the deltas built is taken as sent.
    let (_, _, r) = read(&[
        message_added(0, "msg_1"),
        text_delta(0, "msg_1", 0, "Hel"),
        part_added(json!({"type": "output_text", "text": "Bye", "annotations": []})),
        completed(json!([])),
    ]);
    assert_eq!(r.answer_text(), "Bye");
    // Reasoning text the same way.
    let reasoning_delta = |d: &str| {
        json!({"type": "response.reasoning_text.delta", "item_id": "rs_1",
            "output_index": 0, "content_index": 0, "delta": d})
    };
    let (_, pieces, r) = read(&[
        json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "reasoning", "id": "rs_1", "summary": []}}),
        reasoning_delta("Think"),
        json!({"type": "response.content_part.added", "item_id": "rs_1", "output_index": 0,
            "content_index": 0, "part": {"type": "reasoning_text", "text": ""}}),
        reasoning_delta("ing."),
        completed(json!([])),
    ]);
    assert_eq!(pieces.len(), 2);
    let Some(OutputItem::Reasoning(rs)) = r.output.first() else {
        panic!("{:?}", r.output)
    };
    assert_eq!(rs.content_text(), "Thinking.");
}

/// Two reasoning items that share an id (a server that reuses one) each
/// keep, in a terminal response that lacks them, the `encrypted_content`
/// and `signature` their own announcements carried.
#[test]
fn reasoning_items_sharing_an_id_each_keep_their_echoed_data() {
    let added = |i: usize, secret: &str| {
        json!({"type": "response.output_item.added", "output_index": i,
            "item": {"type": "reasoning", "id": "rs_1", "summary": [],
                "encrypted_content": secret, "signature": format!("sig-{secret}")}})
    };
    let bare = json!({"type": "reasoning", "id": "rs_1", "summary": []});
    let (_, _, r) = read(&[
        added(0, "A"),
        added(1, "B"),
        completed(json!([bare.clone(), bare])),
    ]);
    let echoed: Vec<(Option<&str>, Option<&str>)> = (r.output.iter())
        .map(|item| {
            let rs = item.as_reasoning().expect("reasoning");
            (rs.encrypted_content.as_deref(), rs.signature.as_deref())
        })
        .collect();
    assert_eq!(
        echoed,
        [(Some("A"), Some("sig-A")), (Some("B"), Some("sig-B"))]
    );
}

/// A refusal for a part an earlier delta past it made as an empty output
/// text (a part no event had named) takes that part's place.
#[test]
fn a_refusal_for_a_part_made_empty_by_a_gap_is_kept() {
    let refusal = json!({"type": "response.refusal.delta", "item_id": "msg_1",
        "output_index": 0, "content_index": 0, "delta": "I can't."});
    let (text, pieces, r) = read(&[
        message_added(0, "msg_1"),
        text_delta(0, "msg_1", 1, "Partly"),
        refusal,
        completed(json!([])),
    ]);
    assert_eq!(text, "Partly");
    assert_eq!(
        pieces,
        [
            StreamDelta::Text("Partly".into()),
            StreamDelta::Refusal("I can't.".into())
        ]
    );
    assert_eq!(r.refusal().as_deref(), Some("I can't."));
    assert_eq!(r.answer_text(), "Partly");
}

/// Messages without ids or closing events at `output_index` values with
/// gaps, whose terminal response puts them at other places: each text is
/// yielded once, none is dropped.
#[test]
fn texts_at_indices_with_gaps_are_yielded_once_each() {
    let msg = |text: &str| {
        json!({"type": "message", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]})
    };
    // Streamed at 0 and 2, placed at 0 and 1.
    let (text, pieces, r) = read(&[
        text_delta(0, "", 0, "A"),
        text_delta(2, "", 0, "B"),
        completed(json!([msg("A"), msg("B")])),
    ]);
    assert_eq!(r.answer_text(), "AB");
    assert_eq!(text, "AB");
    assert_eq!(pieces.len(), 2, "{pieces:?}");
    // Streamed at 1 only, placed at 0; the text at 1 never streamed.
    let (text, _, r) = read(&[
        text_delta(1, "", 0, "A"),
        completed(json!([msg("A"), msg("B")])),
    ]);
    assert_eq!(r.answer_text(), "AB");
    assert_eq!(text, "AB");
}

/// What `text_deltas()` read past (a message phased `commentary`) is not
/// yielded by a `deltas()` made afterwards, as its docs say: the snapshot
/// and the final response hold it.
#[test]
fn commentary_read_past_by_text_deltas_is_in_the_final_response() {
    let body = body(&[
        json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "message", "id": "msg_1", "role": "assistant",
                "phase": "commentary", "content": []}}),
        text_delta(0, "msg_1", 0, "Let me check."),
        message_added(1, "msg_2"),
        text_delta(1, "msg_2", 0, "It is "),
        text_delta(1, "msg_2", 0, "18 °C."),
        completed(json!([])),
    ]);
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    let first = s.text_deltas().next().expect("a text").expect("no error");
    assert_eq!(first, "It is ");
    let rest: Vec<StreamDelta> = s.deltas().map(|d| d.expect("a piece")).collect();
    assert_eq!(rest, [StreamDelta::Text("18 °C.".into())]);
    let r = s.final_response().expect("a response");
    assert_eq!(r.output_text(), "Let me check.It is 18 °C.");
    assert_eq!(r.answer_text(), "It is 18 °C.");
}

//! Parts a stream never named: a delta for a part past its item's last
//! part, with the parts between (empty ones, which stream no deltas) never
//! announced, is kept in the final response as it is yielded, at its index
//! within a bound and after the item's last part beyond it.

use std::io;

use openrouter_responses::{OutputContent, OutputItem, Response, ResponseStream, StreamDelta};
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

fn end(status: &str) -> Value {
    json!({"type": format!("response.{status}"),
        "response": {"id": "resp_1", "status": status, "output": []}})
}

fn text_delta(output_index: usize, content_index: usize, delta: &str) -> Value {
    json!({"type": "response.output_text.delta", "item_id": "msg_1",
        "output_index": output_index, "content_index": content_index, "delta": delta})
}

/// What `text_deltas()` yields, and the final response of the same body.
fn read(events: &[Value]) -> (String, Response) {
    let body = body(events);
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let text: String = s.text_deltas().map(|t| t.expect("a text")).collect();
    let s = ResponseStream::from_reader(io::Cursor::new(body));
    (text, s.final_response().expect("a response"))
}

/// The texts of the content parts of the message at `output[i]`.
fn parts(r: &Response, i: usize) -> Vec<String> {
    let Some(OutputItem::Message(m)) = r.output.get(i) else {
        panic!("no message at {i}: {:?}", r.output)
    };
    (m.content.iter())
        .map(|c| match c {
            OutputContent::OutputText(t) => t.text.clone(),
            OutputContent::Refusal(r) => format!("refusal: {}", r.refusal),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn a_delta_for_a_second_part_of_an_item_never_announced_is_in_the_final_response() {
    for status in ["completed", "incomplete"] {
        let (text, r) = read(&[text_delta(0, 1, "hi"), end(status)]);
        assert_eq!(text, "hi");
        assert_eq!(r.output_text(), "hi", "{status}");
        assert_eq!(parts(&r, 0), ["", "hi"]);
    }
}

#[test]
fn a_part_after_an_empty_one_never_named_keeps_its_index() {
    let added = json!({"type": "response.output_item.added", "output_index": 0,
        "item": {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}});
    let refusal = json!({"type": "response.refusal.delta", "item_id": "msg_1",
        "output_index": 0, "content_index": 3, "delta": "no"});
    let (text, r) = read(&[
        added,
        text_delta(0, 0, "A"),
        text_delta(0, 2, "B"),
        refusal,
        text_delta(0, 2, "C"),
        end("completed"),
    ]);
    assert_eq!(text, "ABC");
    assert_eq!(r.output_text(), "ABC");
    assert_eq!(parts(&r, 0), ["A", "", "BC", "refusal: no"]);
    assert_eq!(r.refusal().as_deref(), Some("no"));
}

#[test]
fn reasoning_parts_after_ones_never_named_are_kept() {
    let summary = |i: usize, d: &str| {
        json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs_1",
            "output_index": 0, "summary_index": i, "delta": d})
    };
    let reasoning = json!({"type": "response.reasoning_text.delta", "item_id": "rs_2",
        "output_index": 1, "content_index": 1, "delta": "step"});
    let body = body(&[
        summary(0, "a"),
        summary(2, "b"),
        reasoning,
        end("completed"),
    ]);
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let yielded: Vec<_> = s.deltas().map(|d| d.expect("a delta")).collect();
    assert_eq!(yielded.len(), 3, "{yielded:?}");
    let r = ResponseStream::from_reader(io::Cursor::new(body))
        .final_response()
        .expect("a response");
    let items: Vec<_> = r.reasoning_items().collect();
    assert_eq!(items.len(), 2, "{:?}", r.output);
    assert_eq!(items[0].summary_text(), "a\n\nb");
    assert_eq!(items[1].content_text(), "\nstep");
    assert!(
        matches!(yielded[2], StreamDelta::ReasoningText { .. }),
        "{yielded:?}"
    );
}

#[test]
fn a_part_far_past_the_last_goes_after_it_and_keeps_its_later_events() {
    let far = 1_000_000;
    let done = json!({"type": "response.output_text.done", "item_id": "msg_1",
        "output_index": 0, "content_index": far, "text": "far away"});
    let (text, r) = read(&[
        text_delta(0, 0, "A"),
        text_delta(0, far, "far"),
        text_delta(0, far, " away"),
        text_delta(0, 1, "B"),
        done,
        end("completed"),
    ]);
    assert_eq!(text, "Afar awayB");
    // The far part went where part 1 would go, and part 1 after it.
    assert_eq!(parts(&r, 0), ["A", "far away", "B"]);
    assert_eq!(r.output_text(), "Afar awayB");

    // A part event far out does the same; no index makes many parts.
    let part = json!({"type": "response.content_part.added", "item_id": "msg_1",
        "output_index": 0, "content_index": usize::MAX,
        "part": {"type": "output_text", "text": "whole", "annotations": []}});
    let (_, r) = read(&[text_delta(0, 0, "A"), part, end("completed")]);
    assert_eq!(parts(&r, 0), ["A", "whole"]);
    let (_, r) = read(&[text_delta(0, 64, "x"), end("completed")]);
    assert_eq!(parts(&r, 0).len(), 65);
    let (_, r) = read(&[text_delta(0, 65, "x"), end("completed")]);
    assert_eq!(parts(&r, 0), ["x"]);
}

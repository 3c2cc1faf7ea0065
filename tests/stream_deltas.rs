//! `ResponseStream::deltas` over loopback servers and in-memory streams: the
//! pieces of an answer, its reasoning and its calls, interleaved, as they
//! arrive; a stream that breaks off.

mod common;

use std::io::Write;
use std::time::Duration;

use common::hello as request;
use common::{chunk, sse_data, Reply, Server, CHUNKED_SSE_HEAD, SSE_DONE, SSE_PROCESSING};
use openrouter_responses::{
    Client, Error, OutputItem, ResponseStream, StreamDelta, StreamError, StreamEvent,
};
use serde_json::json;

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key("sk-or-deltas-test")
        .base_url(server.base_url())
        .backoff(Duration::from_millis(1), Duration::from_secs(2))
        .max_retries(0)
        .build()
        .unwrap()
}

fn summary(i: usize, delta: &str) -> String {
    sse_data(
        json!({"type": "response.reasoning_summary_text.delta", "output_index": 0,
        "item_id": "rs_1", "summary_index": i, "delta": delta}),
    )
}

fn text(delta: &str) -> String {
    sse_data(
        json!({"type": "response.output_text.delta", "output_index": 2,
        "item_id": "msg_1", "content_index": 0, "delta": delta}),
    )
}

fn arguments(delta: &str) -> String {
    sse_data(
        json!({"type": "response.function_call_arguments.delta", "output_index": 3,
        "item_id": "fc_1", "delta": delta}),
    )
}

fn input(delta: &str) -> String {
    sse_data(
        json!({"type": "response.custom_tool_call_input.delta", "output_index": 4,
        "item_id": "ct_1", "delta": delta}),
    )
}

/// A response whose reasoning, answer and two calls stream interleaved,
/// with an advisor's streamed advice (not the answer), the closing events
/// and `[DONE]`.
fn interleaved() -> Vec<String> {
    let call = json!({"type": "function_call", "id": "fc_1", "call_id": "call_1",
        "name": "get_weather", "arguments": "{\"city\":\"Oslo\"}", "status": "completed"});
    let custom = json!({"type": "custom_tool_call", "id": "ct_1", "call_id": "call_2",
        "name": "apply_patch", "input": "*** Begin Patch"});
    vec![
        sse_data(json!({"type": "response.created",
            "response": {"id": "resp_1", "status": "in_progress", "output": []}})),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "reasoning", "id": "rs_1", "summary": [], "status": "in_progress"}}),
        ),
        summary(0, "Thinking "),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 1,
            "item": {"type": "openrouter:advisor", "id": "adv_1", "status": "in_progress"}}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": 1,
            "item_id": "adv_1", "content_index": 0, "delta": "advice"}),
        ),
        summary(0, "hard."),
        sse_data(
            json!({"type": "response.reasoning_text.delta", "output_index": 0,
            "item_id": "rs_1", "content_index": 0, "delta": "raw"}),
        ),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 2,
            "item": {"type": "message", "id": "msg_1", "role": "assistant", "content": [],
                     "status": "in_progress"}}),
        ),
        text("Let me "),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 3,
            "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1",
                     "name": "get_weather", "arguments": "", "status": "in_progress"}}),
        ),
        arguments("{\"city\""),
        summary(1, "Second."),
        text("check."),
        SSE_PROCESSING.to_owned(),
        arguments(":\"Oslo\"}"),
        sse_data(json!({"type": "response.refusal.delta", "output_index": 2,
            "item_id": "msg_1", "content_index": 1, "delta": "No more."})),
        sse_data(
            json!({"type": "response.function_call_arguments.done", "output_index": 3,
            "item_id": "fc_1", "arguments": "{\"city\":\"Oslo\"}"}),
        ),
        sse_data(json!({"type": "response.output_item.done", "output_index": 3, "item": call})),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 4,
            "item": {"type": "custom_tool_call", "id": "ct_1", "call_id": "call_2",
                     "name": "apply_patch", "input": ""}}),
        ),
        input("*** Begin"),
        input(" Patch"),
        sse_data(json!({"type": "response.output_item.done", "output_index": 4, "item": custom})),
        sse_data(json!({"type": "response.completed",
            "response": {"id": "resp_1", "status": "completed", "output": []}})),
        SSE_DONE.to_owned(),
    ]
}

/// What `deltas` yields for [`interleaved`], in order.
fn expected() -> Vec<StreamDelta> {
    let summary = |summary_index, delta: &str| StreamDelta::ReasoningSummary {
        output_index: 0,
        summary_index,
        delta: delta.into(),
    };
    let arguments = |delta: &str| StreamDelta::FunctionCallArguments {
        output_index: 3,
        delta: delta.into(),
    };
    let input = |delta: &str| StreamDelta::CustomToolCallInput {
        output_index: 4,
        delta: delta.into(),
    };
    vec![
        summary(0, "Thinking "),
        summary(0, "hard."),
        StreamDelta::ReasoningText {
            output_index: 0,
            content_index: 0,
            delta: "raw".into(),
        },
        StreamDelta::Text("Let me ".into()),
        arguments("{\"city\""),
        summary(1, "Second."),
        StreamDelta::Text("check.".into()),
        arguments(":\"Oslo\"}"),
        StreamDelta::Refusal("No more.".into()),
        input("*** Begin"),
        input(" Patch"),
    ]
}

#[test]
fn deltas_of_reasoning_text_and_calls_come_in_order_with_the_calls_named() {
    let server = Server::start(vec![Reply::sse(interleaved()), Reply::sse(interleaved())]);
    let client = client(&server);
    let mut stream = client.stream(&request()).unwrap();
    let mut got = Vec::new();
    let mut names = Vec::new();
    let mut deltas = stream.deltas();
    while let Some(delta) = deltas.next() {
        let delta = delta.unwrap();
        match &delta {
            StreamDelta::FunctionCallArguments { output_index, .. } => {
                let Some(OutputItem::FunctionCall(call)) = deltas.item(*output_index) else {
                    panic!("no call at {output_index}");
                };
                names.push(call.name.clone());
            }
            StreamDelta::CustomToolCallInput { output_index, .. } => {
                let Some(OutputItem::CustomToolCall(call)) = deltas.item(*output_index) else {
                    panic!("no custom call at {output_index}");
                };
                names.push(call.name.clone());
            }
            _ => {}
        }
        got.push(delta);
    }
    assert_eq!(got, expected());
    assert_eq!(
        names,
        ["get_weather", "get_weather", "apply_patch", "apply_patch"]
    );
    assert_eq!(got[0].text(), "Thinking ");
    assert!(stream.is_finished() && !stream.ended_early());
    // The same response as read whole.
    let mut via_deltas = stream.final_response().unwrap();
    let mut whole = client.stream(&request()).unwrap().final_response().unwrap();
    via_deltas.http = None;
    whole.http = None;
    assert_eq!(via_deltas, whole);
    assert_eq!(via_deltas.output_text(), "Let me check.");
    let call = via_deltas.output[3].as_function_call().unwrap();
    assert_eq!(call.arguments, "{\"city\":\"Oslo\"}");
    let custom = via_deltas.output[4].as_custom_tool_call().unwrap();
    assert_eq!(custom.input, "*** Begin Patch");
    let Some(OutputItem::Reasoning(reasoning)) = via_deltas.output.first() else {
        panic!("no reasoning")
    };
    let summaries: Vec<_> = reasoning.summary.iter().map(|s| s.text()).collect();
    assert_eq!(summaries, [Some("Thinking hard."), Some("Second.")]);
}

/// Read a piece at a time and whole, by iterating and through `deltas`:
/// the same snapshot after every way.
#[test]
fn deltas_build_the_snapshot_the_iterator_builds() {
    let body = interleaved().concat();
    let open = || ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
    let mut iterated = open();
    let events: Vec<_> = iterated.by_ref().map(Result::unwrap).collect();
    let mut through = open();
    let deltas: Vec<_> = through.deltas().map(Result::unwrap).collect();
    assert_eq!(deltas, expected());
    assert_eq!(iterated.snapshot(), through.snapshot());
    // Each delta handed out is one of the events, in order.
    let pieces: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::OutputTextDelta(d) if d.output_index == 2 => Some(d.delta.as_str()),
            StreamEvent::ReasoningSummaryTextDelta(d) => Some(d.delta.as_str()),
            StreamEvent::ReasoningTextDelta(d) => Some(d.delta.as_str()),
            StreamEvent::FunctionCallArgumentsDelta(d) => Some(d.delta.as_str()),
            StreamEvent::CustomToolCallInputDelta(d) => Some(d.delta.as_str()),
            StreamEvent::RefusalDelta(d) => Some(d.delta.as_str()),
            _ => None,
        })
        .collect();
    let texts: Vec<&str> = deltas.iter().map(StreamDelta::text).collect();
    assert_eq!(pieces, texts);
}

/// A body whose chunked framing breaks off in the middle of a call's
/// arguments: the pieces before the break, then one error, then the end; the
/// snapshot holds the call as far as it came.
#[test]
fn a_stream_that_breaks_off_gives_its_pieces_then_one_error() {
    let events = interleaved();
    let cut = events.iter().position(|e| e.contains("Oslo")).unwrap();
    let head: Vec<String> = events[..cut].to_vec();
    let server = Server::start(vec![Reply::script(move |s| {
        let _ = s.write_all(CHUNKED_SSE_HEAD.as_bytes());
        for event in &head {
            let _ = s.write_all(chunk(event).as_bytes());
        }
        // Half an event, and the connection closes inside the chunk.
        let _ = write!(s, "40\r\ndata: {{\"type\":\"response.fun");
        let _ = s.flush();
    })]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let results: Vec<_> = stream.deltas().collect();
    let (last, pieces) = results.split_last().unwrap();
    let pieces: Vec<_> = pieces.iter().map(|d| d.as_ref().unwrap().clone()).collect();
    assert_eq!(pieces, expected()[..7]);
    assert!(
        matches!(last, Err(Error::Stream(e)) if matches!(**e, StreamError::Io(_))),
        "{last:?}"
    );
    assert!(stream.deltas().next().is_none(), "the stream has ended");
    assert!(stream.ended_early());
    let snapshot = stream.snapshot().unwrap();
    assert_eq!(snapshot.output_text(), "Let me check.");
    let call = snapshot.output[3].as_function_call().unwrap();
    assert_eq!(call.arguments, "{\"city\"");
}

/// A body that ends cleanly before its terminal event ends the pieces
/// without an error, as `text_deltas` does: `ended_early` tells.
#[test]
fn a_stream_cut_cleanly_ends_its_pieces_and_says_so() {
    let events = interleaved();
    let cut = events.iter().position(|e| e.contains("Oslo")).unwrap();
    let server = Server::start(vec![Reply::sse(events[..cut].to_vec())]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(pieces, expected()[..7]);
    assert!(stream.ended_early());
    assert!(matches!(
        stream.final_response(),
        Err(Error::Stream(e)) if matches!(*e, StreamError::EndedEarly { .. })
    ));
}

/// An answer that came without deltas (a whole JSON response where a
/// stream was asked for) yields its text once, as `text_deltas` does; an
/// error event comes through and ends the pieces.
#[test]
fn an_answer_without_deltas_and_an_error_event() {
    let server = Server::start(vec![Reply::completed("Whole.")]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(pieces, [StreamDelta::Text("Whole.".into())]);

    let body = [
        summary(0, "Hm"),
        sse_data(json!({"type": "error", "code": "server_error", "message": "boom"})),
        summary(0, "never"),
    ]
    .concat();
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body));
    let mut deltas = stream.deltas();
    assert!(matches!(
        deltas.next(),
        Some(Ok(StreamDelta::ReasoningSummary { .. }))
    ));
    assert!(matches!(deltas.next(), Some(Err(Error::Api(api))) if api.message == "boom"));
    assert!(deltas.next().is_none());
    assert_eq!(deltas.snapshot().map(|r| r.output.len()), Some(1));
}

/// Over every recorded transcript (and the docs' streams, when at hand):
/// `deltas` yields the pieces the iterator's delta events carry, in order,
/// with the same errors, and leaves the same snapshot.
#[test]
fn deltas_of_every_recorded_transcript_match_the_events() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/streams"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    if let Ok(docs) = std::fs::read_dir(root.join("../shared/fixtures/docs")) {
        let docs = docs.map(|e| e.unwrap().path());
        paths.extend(docs.filter(|p| p.extension().is_some_and(|x| x == "sse")));
    }
    let mut pieces_seen = 0;
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let open = || ResponseStream::from_reader(std::io::Cursor::new(bytes.clone()));
        let show = |r: Result<String, Error>| match r {
            Ok(text) => text,
            Err(e) => format!("error: {e}"),
        };
        let mut iterated = open();
        let mut from_events: Vec<String> = Vec::new();
        let mut text_came = false;
        for event in iterated.by_ref() {
            let piece = match event {
                Ok(StreamEvent::OutputTextDelta(d) | StreamEvent::ContentPartDelta(d)) => {
                    text_came = true;
                    d.delta
                }
                Ok(StreamEvent::RefusalDelta(d)) => d.delta,
                Ok(StreamEvent::ReasoningSummaryTextDelta(d)) => d.delta,
                Ok(StreamEvent::ReasoningTextDelta(d)) => d.delta,
                Ok(StreamEvent::FunctionCallArgumentsDelta(d)) => d.delta,
                Ok(StreamEvent::CustomToolCallInputDelta(d)) => d.delta,
                Ok(_) => continue,
                Err(e) => show(Err(e)),
            };
            from_events.push(piece);
        }
        // An answer whose text came without deltas: its text, at the end.
        let text = iterated.snapshot().map(|r| r.output_text());
        if !text_came && !iterated.ended_early() {
            from_events.extend(text.filter(|t| !t.is_empty()));
        }
        let mut through = open();
        let pieces: Vec<String> = through
            .deltas()
            .map(|d| show(d.map(|d| d.text().to_owned())))
            .collect();
        assert_eq!(pieces, from_events, "{}", path.display());
        assert_eq!(
            through.snapshot(),
            iterated.snapshot(),
            "{}",
            path.display()
        );
        pieces_seen += pieces.len();
    }
    assert!(pieces_seen > 10, "{pieces_seen}");
}

/// Reasoning that came only in closing events (no reasoning deltas) is
/// yielded when its item closes, part by part, before an answer's text
/// that came without deltas too; reasoning that came in deltas is not
/// yielded again.
#[test]
fn reasoning_without_deltas_comes_when_its_item_closes() {
    let reasoning = json!({"type": "reasoning", "id": "rs_1", "status": "completed",
        "summary": [{"type": "summary_text", "text": "Compare both."}, "Then answer."],
        "content": [{"type": "reasoning_text", "text": "9.11 < 9.9"}]});
    let message = json!({"type": "message", "id": "msg_1", "role": "assistant",
        "status": "completed", "content": [{"type": "output_text", "text": "9.9 is larger."}]});
    let closing_only = [
        sse_data(json!({"type": "response.created",
            "response": {"id": "resp_1", "status": "in_progress", "output": []}})),
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 0, "item": reasoning}),
        ),
        sse_data(json!({"type": "response.output_item.done", "output_index": 1, "item": message})),
        sse_data(json!({"type": "response.completed",
            "response": {"id": "resp_1", "status": "completed", "output": []}})),
    ];
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(closing_only.concat()));
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(
        pieces,
        [
            StreamDelta::ReasoningSummary {
                output_index: 0,
                summary_index: 0,
                delta: "Compare both.".into()
            },
            StreamDelta::ReasoningSummary {
                output_index: 0,
                summary_index: 1,
                delta: "Then answer.".into()
            },
            StreamDelta::ReasoningText {
                output_index: 0,
                content_index: 0,
                delta: "9.11 < 9.9".into()
            },
            StreamDelta::Text("9.9 is larger.".into()),
        ]
    );
    assert!(stream.deltas().next().is_none());

    // With its deltas, the reasoning comes once, as they arrive.
    let mut streamed = closing_only.to_vec();
    streamed.insert(1, summary(0, "Compare both."));
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(streamed.concat()));
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(pieces.len(), 2, "{pieces:?}");
    assert_eq!(pieces[1], StreamDelta::Text("9.9 is larger.".into()));
}

#[test]
fn a_refusal_without_deltas_comes_at_the_end() {
    // A server that ignores `stream` and answers with the whole JSON
    // response, the model having refused.
    let refused = json!({"id": "resp_1", "object": "response", "status": "completed",
        "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "refusal", "refusal": "I can't help with that."}]}]});
    let server = Server::start(vec![Reply::json(200, &refused.to_string())]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(
        pieces,
        [StreamDelta::Refusal("I can't help with that.".into())]
    );
    assert!(stream.deltas().next().is_none());

    // Only in the closing events, after reasoning that came the same way.
    let reasoning = json!({"type": "reasoning", "id": "rs_1", "status": "completed",
        "summary": [{"type": "summary_text", "text": "Not allowed."}]});
    let message = json!({"type": "message", "id": "msg_1", "role": "assistant",
        "status": "completed", "content": [{"type": "refusal", "refusal": "No."}]});
    let closing_only = [
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 0, "item": reasoning}),
        ),
        sse_data(json!({"type": "response.output_item.done", "output_index": 1, "item": message})),
        sse_data(json!({"type": "response.completed",
            "response": {"id": "resp_1", "status": "completed", "output": []}})),
    ];
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(closing_only.concat()));
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(
        pieces,
        [
            StreamDelta::ReasoningSummary {
                output_index: 0,
                summary_index: 0,
                delta: "Not allowed.".into()
            },
            StreamDelta::Refusal("No.".into()),
        ]
    );

    // With its deltas, the refusal comes once, as they arrive.
    let mut streamed = closing_only.to_vec();
    streamed.insert(
        1,
        sse_data(
            json!({"type": "response.refusal.delta", "output_index": 1, "item_id": "msg_1",
            "content_index": 0, "delta": "No."}),
        ),
    );
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(streamed.concat()));
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    // (the reasoning, which came without, when its item closed, before it).
    assert_eq!(pieces.len(), 2, "{pieces:?}");
    assert!(matches!(pieces[0], StreamDelta::ReasoningSummary { .. }));
    assert_eq!(pieces[1], StreamDelta::Refusal("No.".into()));
}

/// A reasoning item that came without deltas comes when it closes, before
/// an answer that streams after it, even when another reasoning item did
/// stream; a message that came without deltas comes when it closes, through
/// `text_deltas` too, though another message streamed; a refusal likewise.
#[test]
fn what_came_without_deltas_comes_when_its_item_closes() {
    let reasoning = |i: usize, id: &str, text: &str| {
        sse_data(
            json!({"type": "response.output_item.done", "output_index": i,
            "item": {"type": "reasoning", "id": id, "status": "completed",
                "summary": [{"type": "summary_text", "text": text}]}}),
        )
    };
    let answer = |i: usize, id: &str, delta: &str| {
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": i,
            "item_id": id, "content_index": 0, "delta": delta}),
        )
    };
    let body = [
        sse_data(json!({"type": "response.created",
            "response": {"id": "resp_1", "status": "in_progress", "output": []}})),
        summary(0, "Streamed."),
        reasoning(0, "rs_1", "Streamed."),
        reasoning(1, "rs_2", "Whole."),
        answer(2, "msg_1", "First"),
        sse_data(
            json!({"type": "response.output_text.done", "output_index": 3,
            "item_id": "msg_2", "content_index": 0, "text": "Second"}),
        ),
        sse_data(json!({"type": "response.refusal.done", "output_index": 4,
            "item_id": "msg_3", "content_index": 0, "refusal": "No."})),
        answer(5, "msg_4", "Third"),
        sse_data(json!({"type": "response.completed",
            "response": {"id": "resp_1", "status": "completed", "output": []}})),
    ]
    .concat();
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    let summary_of = |output_index, delta: &str| StreamDelta::ReasoningSummary {
        output_index,
        summary_index: 0,
        delta: delta.into(),
    };
    assert_eq!(
        pieces,
        [
            summary_of(0, "Streamed."),
            summary_of(1, "Whole."),
            StreamDelta::Text("First".into()),
            StreamDelta::Text("Second".into()),
            StreamDelta::Refusal("No.".into()),
            StreamDelta::Text("Third".into()),
        ]
    );
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body));
    let texts: Vec<String> = stream.text_deltas().map(Result::unwrap).collect();
    assert_eq!(texts, ["First", "Second", "Third"]);
    assert_eq!(
        stream.final_response().unwrap().output_text(),
        texts.concat()
    );
}

/// A call whose arguments (a custom tool call's input) came without deltas,
/// only in `response.function_call_arguments.done` or in its item's
/// `response.output_item.done`, is yielded once, whole, when it closes; a
/// call whose deltas came is not repeated; a whole JSON response's calls
/// come at its end.
#[test]
fn call_arguments_without_deltas_come_when_the_call_closes() {
    let call = |i: usize, id: &str, arguments: &str| {
        json!({"type": "function_call", "id": id, "call_id": format!("call_{i}"),
            "name": "get_weather", "arguments": arguments, "status": "completed"})
    };
    let body = [
        sse_data(json!({"type": "response.created",
            "response": {"id": "resp_1", "status": "in_progress", "output": []}})),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0,
            "item": call(0, "fc_0", "")}),
        ),
        sse_data(
            json!({"type": "response.function_call_arguments.done", "output_index": 0,
            "item_id": "fc_0", "arguments": "{\"city\":\"Oslo\"}"}),
        ),
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 0,
            "item": call(0, "fc_0", "{\"city\":\"Oslo\"}")}),
        ),
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 1,
            "item": {"type": "custom_tool_call", "id": "ct_1", "call_id": "call_1",
                     "name": "apply_patch", "input": "*** Begin Patch"}}),
        ),
        sse_data(
            json!({"type": "response.function_call_arguments.delta", "output_index": 2,
            "item_id": "fc_2", "delta": "{\"city\":"}),
        ),
        sse_data(
            json!({"type": "response.function_call_arguments.delta", "output_index": 2,
            "item_id": "fc_2", "delta": "\"Rome\"}"}),
        ),
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 2,
            "item": call(2, "fc_2", "{\"city\":\"Rome\"}")}),
        ),
        sse_data(json!({"type": "response.completed",
            "response": {"id": "resp_1", "status": "completed", "output": []}})),
    ];
    let arguments = |output_index, delta: &str| StreamDelta::FunctionCallArguments {
        output_index,
        delta: delta.into(),
    };
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body.concat()));
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(
        pieces,
        [
            arguments(0, "{\"city\":\"Oslo\"}"),
            StreamDelta::CustomToolCallInput {
                output_index: 1,
                delta: "*** Begin Patch".into()
            },
            arguments(2, "{\"city\":"),
            arguments(2, "\"Rome\"}"),
        ]
    );
    // Not output text.
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body.concat()));
    assert_eq!(stream.text_deltas().count(), 0);

    // A whole JSON response where a stream was asked for.
    let whole = json!({"id": "resp_1", "object": "response", "status": "completed",
        "output": [call(0, "fc_0", "{\"city\":\"Oslo\"}")]});
    let server = Server::start(vec![Reply::json(200, &whole.to_string())]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let pieces: Vec<_> = stream.deltas().map(Result::unwrap).collect();
    assert_eq!(pieces, [arguments(0, "{\"city\":\"Oslo\"}")]);
}

/// An output text delta for `output_index` with no `item_id`.
fn text_at(output_index: usize, delta: &str) -> String {
    sse_data(
        json!({"type": "response.output_text.delta", "output_index": output_index,
        "content_index": 0, "delta": delta}),
    )
}

fn created() -> String {
    sse_data(json!({"type": "response.created",
        "response": {"id": "resp_1", "status": "in_progress", "output": []}}))
}

fn completed() -> String {
    sse_data(json!({"type": "response.completed",
        "response": {"id": "resp_1", "status": "completed", "output": []}}))
}

fn added(output_index: usize, item: serde_json::Value) -> String {
    sse_data(
        json!({"type": "response.output_item.added", "output_index": output_index, "item": item}),
    )
}

fn reasoning_added() -> String {
    added(
        0,
        json!({"type": "reasoning", "id": "rs_1", "summary": [], "status": "in_progress"}),
    )
}

fn pieces_and_texts(body: &[String]) -> (Vec<StreamDelta>, Vec<String>, ResponseStream) {
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body.concat()));
    let pieces = stream.deltas().map(Result::unwrap).collect();
    let mut again = ResponseStream::from_reader(std::io::Cursor::new(body.concat()));
    let texts = again.text_deltas().map(Result::unwrap).collect();
    (pieces, texts, stream)
}

/// An advisor's advice streamed before its item is announced is not the
/// answer: once the stream has announced an item, output text deltas for
/// an index not announced wait for their item, and are left out when it is
/// an advisor (as the deltas of an announced advisor are); the answer's
/// text that came before its message was announced comes when it is.
#[test]
fn advice_before_its_advisor_item_is_announced_is_not_the_answer() {
    let advisor = json!({"type": "openrouter:advisor", "id": "adv_1", "status": "in_progress"});
    let mut done = advisor.clone();
    done["status"] = json!("completed");
    done["advice"] = json!("Use a map. Mind the cost.");
    let body = [
        created(),
        reasoning_added(),
        text_at(1, "Use a map."),
        summary(0, "Asked."),
        added(1, advisor),
        text_at(1, " Mind the cost."),
        sse_data(json!({"type": "response.output_item.done", "output_index": 1, "item": done})),
        text_at(2, "The "),
        added(
            2,
            json!({"type": "message", "id": "msg_1", "role": "assistant", "content": [],
                   "status": "in_progress"}),
        ),
        text_at(2, "answer."),
        completed(),
    ];
    let (pieces, texts, stream) = pieces_and_texts(&body);
    assert_eq!(texts, ["The ", "answer."]);
    assert_eq!(
        pieces,
        [
            StreamDelta::ReasoningSummary {
                output_index: 0,
                summary_index: 0,
                delta: "Asked.".into()
            },
            StreamDelta::Text("The ".into()),
            StreamDelta::Text("answer.".into()),
        ]
    );
    let response = stream.final_response().unwrap();
    assert_eq!(response.output_text(), "The answer.");
    let Some(OutputItem::OpenRouterAdvisor(advisor)) = response.output.get(1) else {
        panic!("no advisor: {:?}", response.output)
    };
    assert_eq!(advisor.advice.as_deref(), Some("Use a map. Mind the cost."));

    // Held back until the stream ends, when the index is never announced
    // (the answer's text, then), also when an error ends the stream.
    let never = [
        created(),
        reasoning_added(),
        text_at(1, "Text"),
        summary(0, "Later."),
        sse_data(json!({"type": "error", "code": "server_error", "message": "boom"})),
    ];
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(never.concat()));
    let got: Vec<_> = stream.deltas().collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(matches!(&got[0], Ok(StreamDelta::ReasoningSummary { .. })));
    assert!(matches!(&got[1], Ok(StreamDelta::Text(t)) if t == "Text"));
    assert!(matches!(&got[2], Err(Error::Api(api)) if api.message == "boom"));
}

/// A refusal delta, or a refusal closed, tells that the item at its index
/// is a message: the output text held back for that index comes then, in
/// the order it came, before the refusal and what follows (the text of
/// the next message).
#[test]
fn text_held_back_comes_when_a_refusal_tells_its_message() {
    let refusal_delta = |delta: &str| {
        sse_data(json!({"type": "response.refusal.delta", "output_index": 1,
            "content_index": 1, "delta": delta}))
    };
    let refusal_done = sse_data(json!({"type": "response.refusal.done", "output_index": 1,
        "content_index": 1, "refusal": "I can't."}));
    let message = json!({"type": "message", "id": "msg_2", "role": "assistant", "content": [],
        "status": "in_progress"});
    for refusal in [refusal_delta("I can't."), refusal_done] {
        let body = [
            created(),
            reasoning_added(),
            text_at(1, "Sorry, "),
            refusal,
            added(2, message.clone()),
            text_at(2, "Other."),
            completed(),
        ];
        let (pieces, texts, stream) = pieces_and_texts(&body);
        assert_eq!(texts, ["Sorry, ", "Other."]);
        // (A refusal that came without deltas comes whole when it closes.)
        assert_eq!(
            pieces,
            [
                StreamDelta::Text("Sorry, ".into()),
                StreamDelta::Refusal("I can't.".into()),
                StreamDelta::Text("Other.".into()),
            ]
        );
        let response = stream.final_response().unwrap();
        assert_eq!(response.output_text(), "Sorry, Other.");
    }
}

/// A server that never announces its items streams its text as it comes:
/// nothing is held back.
#[test]
fn text_of_a_server_that_announces_no_item_is_not_held_back() {
    let body = [
        created(),
        text_at(1, "A"),
        summary(0, "Thought."),
        text_at(1, "B"),
        completed(),
    ];
    let (pieces, texts, _) = pieces_and_texts(&body);
    assert_eq!(texts, ["A", "B"]);
    assert_eq!(
        pieces,
        [
            StreamDelta::Text("A".into()),
            StreamDelta::ReasoningSummary {
                output_index: 0,
                summary_index: 0,
                delta: "Thought.".into()
            },
            StreamDelta::Text("B".into()),
        ]
    );

    // One that announces some items but not its messages: their text is
    // held back only up to a bound, then streams.
    let piece = "x".repeat(1024);
    let mut body = vec![created(), reasoning_added()];
    body.extend((0..300).map(|_| text_at(1, &piece)));
    body.push(summary(0, "Done."));
    body.push(completed());
    let (pieces, texts, _) = pieces_and_texts(&body);
    assert_eq!(texts.concat().len(), 300 * 1024);
    let last = pieces.last().unwrap();
    assert!(
        matches!(last, StreamDelta::ReasoningSummary { delta, .. } if delta == "Done."),
        "the text came before the summary that followed it"
    );
    assert_eq!(pieces.len(), 301);
}

/// A failed response that carries what the model wrote before it failed,
/// text that came without deltas: the text comes, then the failure.
#[test]
fn text_of_a_failed_response_comes_before_its_error() {
    let failed = json!({"id": "resp_1", "status": "failed",
        "error": {"code": "server_error", "message": "upstream died"},
        "output": [
            {"type": "reasoning", "id": "rs_1", "status": "incomplete",
             "summary": [{"type": "summary_text", "text": "Started."}]},
            {"type": "message", "id": "msg_1", "role": "assistant", "status": "incomplete",
             "content": [{"type": "output_text", "text": "Half an answer"}]}]});
    let body = [
        created(),
        sse_data(json!({"type": "response.failed", "response": failed})),
    ]
    .concat();
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body.clone()));
    let got: Vec<_> = stream.deltas().collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        matches!(&got[0], Ok(StreamDelta::ReasoningSummary { delta, .. }) if delta == "Started.")
    );
    assert!(matches!(&got[1], Ok(StreamDelta::Text(t)) if t == "Half an answer"));
    assert!(matches!(&got[2], Err(Error::Api(api)) if api.message == "upstream died"));
    assert!(stream.deltas().next().is_none());

    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(body));
    let got: Vec<_> = stream.text_deltas().collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(matches!(&got[0], Ok(t) if t == "Half an answer"));
    assert!(matches!(&got[1], Err(Error::Api(_))));
}

/// A message announced with its `phase` (`None`: without one), streamed in
/// `pieces`, closed with its whole text.
fn phased_message(
    output_index: usize,
    id: &str,
    phase: Option<&str>,
    pieces: &[&str],
) -> Vec<String> {
    let mut item = json!({"type": "message", "id": id, "role": "assistant", "content": [],
        "status": "in_progress"});
    if let Some(phase) = phase {
        item["phase"] = json!(phase);
    }
    let mut events = vec![added(output_index, item.clone())];
    for piece in pieces {
        events.push(sse_data(
            json!({"type": "response.output_text.delta", "output_index": output_index,
                "item_id": id, "content_index": 0, "delta": piece}),
        ));
    }
    item["status"] = json!("completed");
    item["content"] = json!([{"type": "output_text", "text": pieces.concat(), "annotations": []}]);
    events.push(sse_data(
        json!({"type": "response.output_item.done", "output_index": output_index, "item": item}),
    ));
    events
}

/// A turn of a model that labels its messages by `phase`: a commentary
/// message, a function call, then the answer (`phases`: those of the two
/// messages), closed by a `response.completed` that carries no output.
fn phased_turn(phases: [Option<&str>; 2]) -> Vec<String> {
    let call = json!({"type": "function_call", "id": "fc_1", "call_id": "call_1",
        "name": "get_weather", "arguments": "", "status": "in_progress"});
    let mut done = call.clone();
    done["arguments"] = json!("{\"city\":\"Oslo\"}");
    done["status"] = json!("completed");
    let mut body = vec![created()];
    body.extend(phased_message(
        0,
        "msg_c",
        phases[0],
        &["Let me ", "check."],
    ));
    body.push(added(1, call));
    body.push(arguments_at(1, "{\"city\":\"Oslo\"}"));
    body.push(sse_data(
        json!({"type": "response.output_item.done", "output_index": 1, "item": done}),
    ));
    body.extend(phased_message(2, "msg_f", phases[1], &["It is ", "18 °C."]));
    body.push(completed());
    body.push(SSE_DONE.to_string());
    body
}

fn arguments_at(output_index: usize, delta: &str) -> String {
    sse_data(
        json!({"type": "response.function_call_arguments.delta", "output_index": output_index,
        "item_id": "fc_1", "delta": delta}),
    )
}

/// A model that labels its messages by `phase` streams its commentary and
/// its answer through the same output text deltas: `text_deltas()` yields
/// the answer alone, the text `answer_text()` gives of the final response,
/// and `deltas()` yields the commentary as `StreamDelta::Commentary`.
#[test]
fn a_phased_stream_yields_its_answer_apart_from_its_commentary() {
    let turn = phased_turn([Some("commentary"), Some("final_answer")]);
    let server = Server::start(vec![Reply::sse(turn.clone()), Reply::sse(turn)]);
    let client = client(&server);

    let mut stream = client.stream(&request()).unwrap();
    let shown: String = stream.text_deltas().collect::<Result<_, _>>().unwrap();
    let response = stream.final_response().unwrap();
    assert_eq!(shown, "It is 18 °C.");
    assert_eq!(shown, response.answer_text());
    assert_eq!(response.output_text(), "Let me check.It is 18 °C.");

    let mut stream = client.stream(&request()).unwrap();
    let pieces: Vec<StreamDelta> = stream.deltas().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        pieces,
        [
            StreamDelta::Commentary("Let me ".into()),
            StreamDelta::Commentary("check.".into()),
            StreamDelta::FunctionCallArguments {
                output_index: 1,
                delta: "{\"city\":\"Oslo\"}".into()
            },
            StreamDelta::Text("It is ".into()),
            StreamDelta::Text("18 °C.".into()),
        ]
    );
    assert_eq!(pieces[0].text(), "Let me ");
    let again = stream.final_response().unwrap();
    assert_eq!(again.answer_text(), "It is 18 °C.");
}

/// The same turn from a model that sends no `phase`, or only
/// `final_answer`: every message's text is the answer, as `answer_text()`
/// says, and nothing comes as commentary.
#[test]
fn a_stream_without_commentary_yields_every_message_as_the_answer() {
    for phases in [[None, None], [Some("final_answer"), Some("final_answer")]] {
        let (pieces, texts, stream) = pieces_and_texts(&phased_turn(phases));
        assert_eq!(
            texts,
            ["Let me ", "check.", "It is ", "18 °C."],
            "{phases:?}"
        );
        assert!(
            !pieces
                .iter()
                .any(|p| matches!(p, StreamDelta::Commentary(_))),
            "{phases:?}: {pieces:?}"
        );
        let response = stream.final_response().unwrap();
        assert_eq!(texts.concat(), response.answer_text(), "{phases:?}");
    }
}

/// Commentary that came without deltas (whole in its closing events), and
/// commentary held back until its message was announced, comes as
/// `StreamDelta::Commentary`, and `text_deltas()` leaves it out.
#[test]
fn commentary_without_deltas_or_held_back_is_not_the_answer() {
    let commentary = json!({"type": "message", "id": "msg_c", "role": "assistant",
        "phase": "commentary", "status": "completed",
        "content": [{"type": "output_text", "text": "Looking.", "annotations": []}]});
    let answer = json!({"type": "message", "id": "msg_f", "role": "assistant",
        "phase": "final_answer", "status": "completed",
        "content": [{"type": "output_text", "text": "Found.", "annotations": []}]});
    let done = |i: usize, item: &serde_json::Value| {
        sse_data(json!({"type": "response.output_item.done", "output_index": i, "item": item}))
    };
    let mut announced = commentary.clone();
    announced["content"] = json!([]);
    announced["status"] = json!("in_progress");
    let whole = [
        created(),
        done(0, &commentary),
        done(1, &answer),
        completed(),
    ];
    let held = [
        created(),
        reasoning_added(),
        text_at(1, "Looking."),
        added(1, announced),
        done(1, &commentary),
        text_at(2, "Found."),
        done(2, &answer),
        completed(),
    ];
    for body in [&whole[..], &held[..]] {
        let (pieces, texts, stream) = pieces_and_texts(body);
        assert_eq!(texts, ["Found."]);
        assert_eq!(
            pieces,
            [
                StreamDelta::Commentary("Looking.".into()),
                StreamDelta::Text("Found.".into()),
            ]
        );
        let response = stream.final_response().unwrap();
        assert_eq!(texts.concat(), response.answer_text());
    }
}

/// Text held back for an index not announced, whose message a response
/// event then shows phased `commentary` (which releases nothing), comes
/// before the commentary deltas that follow, in the order it was sent.
#[test]
fn commentary_held_back_comes_before_the_commentary_after_it() {
    let commentary = |text: &str| {
        json!({"type": "message", "id": "msg_c", "role": "assistant",
            "phase": "commentary", "status": "in_progress",
            "content": [{"type": "output_text", "text": text, "annotations": []}]})
    };
    let answer = json!({"type": "message", "id": "msg_f", "role": "assistant",
        "phase": "final_answer", "status": "in_progress", "content": []});
    let body = [
        created(),
        reasoning_added(),
        text_at(1, "Looking "),
        sse_data(
            json!({"type": "response.in_progress", "response": {"id": "resp_1",
            "status": "in_progress", "output": [
                {"type": "reasoning", "id": "rs_1", "summary": [], "status": "in_progress"},
                commentary("Looking "),
            ]}}),
        ),
        text_at(1, "around."),
        added(2, answer),
        text_at(2, "Found."),
        completed(),
    ];
    let (pieces, texts, stream) = pieces_and_texts(&body);
    assert_eq!(
        pieces,
        [
            StreamDelta::Commentary("Looking ".into()),
            StreamDelta::Commentary("around.".into()),
            StreamDelta::Text("Found.".into()),
        ]
    );
    assert_eq!(texts, ["Found."]);
    let response = stream.final_response().unwrap();
    assert_eq!(response.output_text(), "Looking around.Found.");
    assert_eq!(texts.concat(), response.answer_text());
}

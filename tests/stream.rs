//! `Client::stream` against loopback servers: incremental delivery, headers,
//! keep-alives, idle timeouts, cut connections, errors before and inside the stream.

mod common;

use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::hello as request;
use common::{error_chain, sse_data, sse_head, Reply, Server, SSE_DONE};
use openrouter_responses::{Client, Error, ResponseStream, StreamError, StreamEvent, TimeoutKind};
use serde_json::json;

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key("sk-or-stream-test")
        .base_url(server.base_url())
        .backoff(Duration::from_millis(1), Duration::from_secs(2))
        .build()
        .unwrap()
}

fn created() -> String {
    sse_data(json!({"type": "response.created", "sequence_number": 0,
        "response": {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress",
                     "model": "m", "output": []}}))
}

fn delta(seq: u64, text: &str) -> String {
    sse_data(
        json!({"type": "response.output_text.delta", "sequence_number": seq,
        "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": text, "logprobs": []}),
    )
}

/// The events of a short text answer, from `output_item.added` to `response.completed`.
fn text_answer(text: &str) -> Vec<String> {
    let message = |status: &str, text: &str| {
        json!({"type": "message", "id": "msg_1", "role": "assistant", "status": status,
               "content": [{"type": "output_text", "text": text, "annotations": []}]})
    };
    let mut events = vec![
        created(),
        sse_data(
            json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
            "item": {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}}),
        ),
        sse_data(
            json!({"type": "response.content_part.added", "sequence_number": 2, "output_index": 0,
            "item_id": "msg_1", "content_index": 0,
            "part": {"type": "output_text", "text": "", "annotations": []}}),
        ),
    ];
    let words: Vec<&str> = text.split_inclusive(' ').collect();
    for (i, w) in words.iter().enumerate() {
        events.push(delta(3 + i as u64, w));
    }
    let n = 3 + words.len() as u64;
    events.push(sse_data(
        json!({"type": "response.output_text.done", "sequence_number": n,
        "item_id": "msg_1", "output_index": 0, "content_index": 0, "text": text, "logprobs": []}),
    ));
    events.push(sse_data(
        json!({"type": "response.output_item.done", "sequence_number": n + 1,
        "output_index": 0, "item": message("completed", text)}),
    ));
    events.push(sse_data(
        json!({"type": "response.completed", "sequence_number": n + 2,
        "response": {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
                     "model": "m", "output": [message("completed", text)],
                     "usage": {"input_tokens": 3, "output_tokens": 4, "total_tokens": 7,
                               "input_tokens_details": {"cached_tokens": 0},
                               "output_tokens_details": {"reasoning_tokens": 0}, "cost": 0.5}}}),
    ));
    events.push(SSE_DONE.to_string());
    events
}

#[test]
fn streams_text_and_accumulates_the_final_response() {
    let server = Server::start(vec![Reply::sse(text_answer("Hello from the stream"))]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let mut text = String::new();
    let mut types = Vec::new();
    for event in stream.by_ref() {
        let event = event.unwrap();
        types.push(event.event_type().to_string());
        if let StreamEvent::OutputTextDelta(d) = &event {
            text.push_str(&d.delta);
        }
    }
    assert_eq!(text, "Hello from the stream");
    assert_eq!(types.first().map(String::as_str), Some("response.created"));
    assert_eq!(types.last().map(String::as_str), Some("response.completed"));
    let response = stream.final_response().unwrap();
    assert_eq!(response.output_text(), "Hello from the stream");
    assert_eq!(response.usage.as_ref().map(|u| u.total_tokens), Some(7));
    assert_eq!(response.http.as_ref().map(|h| h.status), Some(200));
}

#[test]
fn text_deltas_yields_only_the_text() {
    let server = Server::start(vec![Reply::sse(text_answer("one two three"))]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let pieces: Vec<String> = stream.text_deltas().map(|d| d.unwrap()).collect();
    assert_eq!(pieces, ["one ", "two ", "three"]);
}

#[test]
fn each_event_arrives_before_the_server_sends_the_next() {
    // The server writes one event, then waits for the client to say it got it
    // before writing the next. A client that needed more bytes than the event
    // itself would stall until the server gives up (5 s) and closes.
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let server = Server::start(vec![Reply::script(move |s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(created().as_bytes());
        let _ = s.flush();
        for i in 0..3 {
            if go_rx.recv_timeout(Duration::from_secs(5)).is_err() {
                return;
            }
            let _ = s.write_all(delta(i + 1, &format!("d{i}")).as_bytes());
            let _ = s.flush();
        }
        let _ = go_rx.recv_timeout(Duration::from_secs(5));
    })]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let started = Instant::now();
    let first = stream.next().unwrap().unwrap();
    assert_eq!(first.event_type(), "response.created");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "first event waited for more bytes"
    );
    for i in 0..3 {
        go_tx.send(()).unwrap();
        let started = Instant::now();
        match stream.next().unwrap().unwrap() {
            StreamEvent::OutputTextDelta(d) => assert_eq!(d.delta, format!("d{i}")),
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "event {i} waited for more bytes"
        );
    }
    let _ = go_tx.send(());
}

#[test]
fn headers_are_available_when_the_stream_opens() {
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let server = Server::start(vec![Reply::script(move |s| {
        let _ = s.write_all(sse_head(&[("X-Generation-Id", "gen-stream-7")]).as_bytes());
        let _ = s.flush();
        let _ = go_rx.recv_timeout(Duration::from_secs(5));
        let _ = s.write_all("data: [DONE]\n\n".as_bytes());
    })]);
    let stream = client(&server).stream(&request()).unwrap();
    // No event has been written yet, and the headers are already here.
    assert_eq!(stream.http().generation_id(), Some("gen-stream-7"));
    assert_eq!(stream.http().status, 200);
    go_tx.send(()).unwrap();
}

#[test]
fn keep_alive_comments_keep_a_slow_stream_alive() {
    let server = Server::start(vec![Reply::script(|s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(created().as_bytes());
        // 1.2 s of thinking, in comments 100 ms apart: far past the 400 ms idle timeout.
        for _ in 0..12 {
            let _ = s.write_all(b": OPENROUTER PROCESSING\n\n");
            let _ = s.flush();
            std::thread::sleep(Duration::from_millis(100));
        }
        for e in text_answer("done thinking").into_iter().skip(1) {
            let _ = s.write_all(e.as_bytes());
        }
    })]);
    let client = Client::builder()
        .base_url(server.base_url())
        .read_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let stream = client.stream(&request()).unwrap();
    let response = stream.final_response().unwrap();
    assert_eq!(response.output_text(), "done thinking");
}

#[test]
fn a_stalled_stream_hits_the_idle_timeout_once() {
    let server = Server::start(vec![Reply::script(|s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(created().as_bytes());
        let _ = s.flush();
        std::thread::sleep(Duration::from_secs(3));
    })]);
    let client = Client::builder()
        .base_url(server.base_url())
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut stream = client.stream(&request()).unwrap();
    assert_eq!(
        stream.next().unwrap().unwrap().event_type(),
        "response.created"
    );
    let started = Instant::now();
    let err = stream.next().unwrap().unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Read),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(stream.next().is_none(), "fused after a transport failure");
    assert!(stream.next().is_none());
}

#[test]
fn a_clean_close_mid_stream_ends_early_with_what_arrived() {
    let mut events = text_answer("cut short here");
    events.truncate(5); // created, item added, part added, two deltas
    events.push("data: {\"type\":\"response.output_text.delta\",\"del".to_string());
    let server = Server::start(vec![Reply::sse(events)]);
    let stream = client(&server).stream(&request()).unwrap();
    match stream.final_response() {
        Err(Error::Stream(e)) => match e.into_inner() {
            StreamError::EndedEarly { snapshot, .. } => {
                let snapshot = snapshot.expect("a snapshot");
                assert_eq!(snapshot.output_text(), "cut short ");
            }
            other => panic!("unexpected {other:?}"),
        },
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_started_stream_is_never_retried() {
    let mut events = text_answer("partial");
    events.truncate(3);
    let server = Server::start(vec![
        Reply::sse(events),
        Reply::sse(text_answer("second attempt")),
    ]);
    let stream = client(&server).stream(&request()).unwrap();
    assert!(stream.final_response().is_err());
    assert_eq!(server.request_count(), 1);
}

#[test]
fn errors_before_the_stream_are_retried_like_send() {
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#),
        Reply::sse(text_answer("after retry")),
    ]);
    let stream = client(&server).stream(&request()).unwrap();
    assert_eq!(
        stream.final_response().unwrap().output_text(),
        "after retry"
    );
    assert_eq!(server.request_count(), 2);

    let server = Server::start(vec![Reply::json(
        400,
        r#"{"error":{"code":400,"message":"bad model"}}"#,
    )]);
    let err = client(&server).stream(&request()).unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.api_error().unwrap().message, "bad model");
}

#[test]
fn an_error_event_ends_the_stream_with_an_api_error() {
    for error_event in [
        json!({"type": "error", "code": "rate_limit_exceeded", "message": "Too fast", "param": null, "sequence_number": 3}),
        json!({"type": "error", "error": {"code": "rate_limit_exceeded", "message": "Too fast"}}),
    ] {
        let mut events = text_answer("ab");
        events.truncate(3);
        events.push(sse_data(error_event));
        events.push(delta(9, "never"));
        let server = Server::start(vec![Reply::sse(events)]);
        let mut stream = client(&server).stream(&request()).unwrap();
        let results: Vec<_> = stream.by_ref().collect();
        let last = results.last().unwrap();
        match last {
            Err(Error::Api(e)) => {
                assert_eq!(e.origin, openrouter_responses::ErrorOrigin::Stream);
                assert_eq!(e.message, "Too fast");
                assert!(e.is_rate_limited());
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(stream.next().is_none());
    }
}

#[test]
fn an_error_inside_a_stream_has_the_kind_its_status_would_give() {
    use openrouter_responses::ApiErrorKind;
    // The status is 200: only the code or the error type tells the kind.
    for (error_event, kind) in [
        (
            json!({"type": "error", "error": {"code": "invalid_api_key", "message": "Invalid API key provided"}}),
            ApiErrorKind::Authentication,
        ),
        (
            json!({"type": "response.failed", "sequence_number": 3, "response": {
                "id": "resp_1", "object": "response", "created_at": 1, "status": "failed",
                "model": "m", "output": [],
                "error": {"code": "server_error", "message": "Insufficient credits"},
                "error_type": "payment_required"}}),
            ApiErrorKind::PaymentRequired,
        ),
    ] {
        let mut events = text_answer("ab");
        events.truncate(3);
        events.push(sse_data(error_event));
        let server = Server::start(vec![Reply::sse(events)]);
        let stream = client(&server).stream(&request()).unwrap();
        let last = stream.last().unwrap();
        match last {
            Err(Error::Api(e)) => {
                assert_eq!((e.status, e.effective_status()), (200, None));
                assert_eq!(e.kind(), kind, "{e}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// A failed response's coarse `server_error` code stands for every error
/// type the Responses codes have no name for: whether a new request may
/// succeed is told by its `error_type`, as its kind is (an authentication
/// or a payment error would fail again; an overloaded provider may not).
#[test]
fn a_failed_response_is_worth_a_retry_only_when_its_error_type_is() {
    use openrouter_responses::ApiErrorKind;
    for (error_type, kind, retryable) in [
        ("authentication", ApiErrorKind::Authentication, false),
        ("payment_required", ApiErrorKind::PaymentRequired, false),
        ("permission_denied", ApiErrorKind::Forbidden, false),
        ("not_found", ApiErrorKind::NotFound, false),
        ("max_tokens_exceeded", ApiErrorKind::InvalidRequest, false),
        ("provider_overloaded", ApiErrorKind::Unavailable, true),
        ("timeout", ApiErrorKind::Timeout, true),
        ("server", ApiErrorKind::Server, true),
        // A type this version does not know: by the code.
        ("a_new_type", ApiErrorKind::Server, true),
    ] {
        let failed = json!({"type": "response.failed", "sequence_number": 3, "response": {
            "id": "resp_1", "object": "response", "created_at": 1, "status": "failed",
            "model": "m", "output": [],
            "error": {"code": "server_error", "message": "m"},
            "error_type": error_type}});
        let mut events = text_answer("ab");
        events.truncate(3);
        events.push(sse_data(failed));
        let server = Server::start(vec![Reply::sse(events)]);
        let stream = client(&server).stream(&request()).unwrap();
        let err = match stream.final_response().and_then(|r| r.into_result()) {
            Err(Error::Api(e)) => e,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(err.kind(), kind, "{error_type}");
        assert_eq!(err.is_retryable(), retryable, "{error_type}");
        assert_eq!(Error::Api(err).is_retryable(), retryable, "{error_type}");
    }
    // An error envelope that names only its type: a rate limit (429, as
    // its effective status says) is worth a new request.
    let body = json!({"error": {"message": "slow down", "error_type": "rate_limit_exceeded"}});
    let server = Server::start(vec![Reply::json(200, &body.to_string())]);
    match client(&server).send(&request()) {
        Err(Error::Api(e)) => {
            assert_eq!(e.effective_status(), Some(429));
            assert_eq!(e.kind(), ApiErrorKind::RateLimited);
            assert!(e.is_rate_limited() && e.is_retryable(), "{e}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// An event sent as `event: error` whose data is no typed event (an object
/// without `type`, plain text, a JSON string) is the server's error: it ends
/// the stream as an error event does, and `final_response` gives it again.
#[test]
fn an_event_named_error_is_an_api_error_whatever_its_data() {
    for (data, message, status) in [
        (
            r#"{"message":"upstream timed out","code":504}"#,
            "upstream timed out",
            Some(504),
        ),
        ("upstream timed out", "upstream timed out", None),
        (r#""upstream timed out""#, "upstream timed out", None),
        ("[1, 2]", "[1, 2]", None),
    ] {
        let mut events = text_answer("ab");
        events.truncate(4);
        events.push(format!("event: error\ndata: {data}\n\n"));
        events.push(delta(9, "never"));
        let mut stream = ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
        let results: Vec<_> = stream.by_ref().collect();
        assert_eq!(results.len(), 5, "{data}");
        assert!(results[..4].iter().all(Result::is_ok));
        match results.last().unwrap() {
            Err(Error::Api(e)) => {
                assert_eq!(e.origin, openrouter_responses::ErrorOrigin::Stream);
                assert_eq!(e.message, message);
                assert_eq!(e.effective_status(), status);
                assert_eq!(e.body, data);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(stream.next().is_none());
        match stream.final_response() {
            Err(Error::Api(e)) => assert_eq!(e.message, message),
            other => panic!("unexpected {other:?}"),
        }
    }
    // Without the event name, an object without `type` is an unknown event.
    let mut events = text_answer("ab");
    events.insert(4, sse_data(json!({"message": "just news"})));
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
    assert!(stream.by_ref().all(|e| e.is_ok()));
    assert_eq!(stream.final_response().unwrap().output_text(), "ab");
}

/// A typed event sent as `event: error` is read by its type: one that does
/// not decode is a decode error that keeps its text, as without the name,
/// not an error of the server without a message.
#[test]
fn a_typed_event_named_error_that_does_not_decode_is_a_decode_error() {
    let bad = r#"{"type":"response.output_text.delta","output_index":"x"}"#;
    for named in [false, true] {
        let mut events = text_answer("ab");
        let event = if named {
            format!("event: error\ndata: {bad}\n\n")
        } else {
            format!("data: {bad}\n\n")
        };
        events.insert(4, event);
        let mut stream = ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
        let results: Vec<_> = stream.by_ref().collect();
        match results.get(4) {
            Some(Err(Error::Decode(d))) => assert_eq!(d.body, bad, "named {named}"),
            other => panic!("named {named}: {other:?}"),
        }
        assert!(results.iter().filter(|r| r.is_err()).count() == 1);
        assert_eq!(stream.final_response().unwrap().output_text(), "ab");
    }
}

#[test]
fn a_json_answer_to_a_streaming_call_is_still_a_response() {
    let server = Server::start(vec![Reply::completed("not streamed")]);
    let stream = client(&server).stream(&request()).unwrap();
    assert_eq!(
        stream.final_response().unwrap().output_text(),
        "not streamed"
    );
}

/// A whole failed or incomplete response where a stream was asked for is
/// read as the terminal event of its status, as if it had been streamed: a
/// failed one is the iterator's `Error::Api`, not a `response.completed`.
/// Whether it came as JSON, as a JSON body labelled an event stream, or
/// without a content type.
#[test]
fn a_json_answer_to_a_streaming_call_is_the_terminal_event_of_its_status() {
    let failed = json!({"id": "resp_f", "object": "response", "status": "failed",
        "error": {"code": "server_error", "message": "The provider failed."}, "output": []})
    .to_string();
    let incomplete = json!({"id": "resp_i", "object": "response", "status": "incomplete",
        "incomplete_details": {"reason": "max_output_tokens"},
        "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "incomplete",
            "content": [{"type": "output_text", "text": "cut", "annotations": []}]}]})
    .to_string();
    type Answer = fn(&str) -> Reply;
    let labels: [(&str, Answer); 3] = [
        ("json", |body| Reply::json(200, body)),
        ("event stream", |body| {
            Reply::text(200, "text/event-stream", body)
        }),
        ("no content type", |body| Reply::Full {
            status: 200,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }),
    ];
    for (label, reply) in labels {
        let server = Server::start(vec![reply(&failed), reply(&failed), reply(&incomplete)]);
        let client = client(&server);

        let mut stream = client.stream(&request()).unwrap();
        let results: Vec<_> = stream.by_ref().collect();
        match results.as_slice() {
            [Err(Error::Api(e))] => {
                assert_eq!(e.message, "The provider failed.", "{label}");
                assert!(e.origin.is_in_band(), "{label}");
            }
            other => panic!("{label}: {other:?}"),
        }
        assert!(!stream.ended_early(), "{label}");
        assert!(stream.final_response().unwrap().is_failed(), "{label}");

        let stream = client.stream(&request()).unwrap();
        assert!(stream.final_response().unwrap().is_failed(), "{label}");

        let mut stream = client.stream(&request()).unwrap();
        let events: Vec<_> = stream.by_ref().map(Result::unwrap).collect();
        let types: Vec<&str> = events.iter().map(StreamEvent::event_type).collect();
        assert_eq!(types, ["response.incomplete"], "{label}");
        let response = stream.final_response().unwrap();
        assert!(response.is_incomplete(), "{label}");
        assert_eq!(response.output_text(), "cut", "{label}");
    }
}

/// `text_deltas` prints the answer also when it came without deltas (a
/// server that ignores `stream` and answers with the whole JSON response):
/// its text, once, at the end; and a streamed answer is not repeated there.
#[test]
fn text_deltas_yield_an_answer_that_came_without_deltas() {
    let server = Server::start(vec![
        Reply::completed("not streamed"),
        Reply::sse(text_answer("streamed")),
    ]);
    let client = client(&server);
    let mut stream = client.stream(&request()).unwrap();
    let deltas: Vec<String> = stream.text_deltas().map(Result::unwrap).collect();
    assert_eq!(deltas, ["not streamed"]);
    assert_eq!(
        stream.final_response().unwrap().output_text(),
        "not streamed"
    );

    let mut stream = client.stream(&request()).unwrap();
    let text: String = stream.text_deltas().map(Result::unwrap).collect();
    assert_eq!(text, "streamed");
    // After a first event read by the iterator, too.
    let events = text_answer("streamed").concat();
    let mut stream =
        openrouter_responses::ResponseStream::from_reader(std::io::Cursor::new(events));
    let mut text = String::new();
    for event in stream.by_ref().take(4) {
        if let StreamEvent::OutputTextDelta(d) = event.unwrap() {
            text.push_str(&d.delta);
        }
    }
    text.extend(stream.text_deltas().map(Result::unwrap));
    assert_eq!(text, "streamed");
}

/// An advisor asked to stream its advice (`openrouter:advisor` with
/// `stream: true`) sends it as `response.output_text.delta` events of its
/// own item: advice, not answer text, so `text_deltas` leaves it out (it
/// printed the advice into the answer). An answer that then comes without
/// deltas is still yielded once at the end.
#[test]
fn text_deltas_leave_out_the_advice_an_advisor_streams() {
    let advisor = |status: &str| json!({"type": "openrouter:advisor", "id": "st_adv", "status": status, "model": "openai/o3"});
    let mut done = advisor("completed");
    done["advice"] = json!("Check the edge case.");
    let advice = [
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0, "item": advisor("in_progress")}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "st_adv",
                    "content_index": 0, "delta": "Check the ", "logprobs": []}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "st_adv",
                    "content_index": 0, "delta": "edge case.", "logprobs": []}),
        ),
        sse_data(json!({"type": "response.output_item.done", "output_index": 0, "item": done})),
    ];
    let answer = json!({"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                        "content": [{"type": "output_text", "text": "It is 4.", "annotations": []}]});
    let completed = sse_data(
        json!({"type": "response.completed", "response": {"id": "resp_1",
        "status": "completed", "output": [done, answer]}}),
    );
    let streamed_answer = [
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 1,
                    "item": {"type": "message", "id": "msg_1", "role": "assistant", "content": []}}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": 1, "item_id": "msg_1",
                    "content_index": 0, "delta": "It is 4.", "logprobs": []}),
        ),
        sse_data(json!({"type": "response.output_item.done", "output_index": 1, "item": answer})),
    ];
    let start = [created()];
    let with_deltas: Vec<String> = start
        .iter()
        .chain(&advice)
        .chain(&streamed_answer)
        .chain([&completed])
        .cloned()
        .collect();
    let without: Vec<String> = start
        .iter()
        .chain(&advice)
        .chain([&completed])
        .cloned()
        .collect();
    for (events, what) in [(with_deltas, "deltas"), (without, "none")] {
        let mut stream = openrouter_responses::ResponseStream::from_reader(std::io::Cursor::new(
            events.concat(),
        ));
        let text: Vec<String> = stream.text_deltas().map(Result::unwrap).collect();
        assert_eq!(text, ["It is 4."], "{what}");
        let response = stream.final_response().unwrap();
        assert_eq!(response.output_text(), "It is 4.", "{what}");
        let advice = serde_json::to_value(&response.output[0]).unwrap();
        assert_eq!(advice["advice"], "Check the edge case.", "{what}");
    }
}

/// A message announced in a shape its type does not take (`"content":
/// null`) is kept undecoded; its text deltas are still the answer's.
#[test]
fn text_deltas_yield_the_text_of_a_message_kept_undecoded() {
    let events = [
        created(),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0,
                    "item": {"type": "message", "id": "msg_1", "role": "assistant", "content": null}}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "msg_1",
                    "content_index": 0, "delta": "Hi", "logprobs": []}),
        ),
    ];
    let mut stream =
        openrouter_responses::ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
    let text: Vec<String> = stream.text_deltas().map(Result::unwrap).collect();
    assert_eq!(text, ["Hi"]);
}

/// A patch forms in the snapshot as its diff streams
/// (`response.apply_patch_call_operation_diff.delta`), as a function call's
/// arguments do: what a coding agent shows while the model writes the
/// patch, and what a stream cut before the item's closing event keeps.
#[test]
fn apply_patch_diff_deltas_build_the_snapshot() {
    let call = |diff: &str| {
        json!({"type": "apply_patch_call", "id": "apc_1", "call_id": "call_p", "status": "in_progress",
               "operation": {"type": "update_file", "path": "src/lib.rs", "diff": diff}})
    };
    let events = [
        created(),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0, "item": call("")}),
        ),
        sse_data(
            json!({"type": "response.apply_patch_call_operation_diff.delta", "output_index": 0,
                    "item_id": "apc_1", "delta": "@@\n-old\n"}),
        ),
        sse_data(
            json!({"type": "response.apply_patch_call_operation_diff.delta", "output_index": 0,
                    "item_id": "apc_1", "delta": "+new\n"}),
        ),
    ];
    let mut stream =
        openrouter_responses::ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
    for event in stream.by_ref() {
        event.unwrap();
    }
    let written = serde_json::to_value(stream.item(0).unwrap()).unwrap();
    assert_eq!(written, call("@@\n-old\n+new\n"));
    let Err(Error::Stream(cut)) = stream.final_response() else {
        panic!("not cut")
    };
    let StreamError::EndedEarly { snapshot, .. } = cut.into_inner() else {
        panic!("not ended early")
    };
    let kept = serde_json::to_value(&snapshot.unwrap().output[0]).unwrap();
    assert_eq!(kept, call("@@\n-old\n+new\n"));

    // The closing event of the diff replaces what the deltas built, and an
    // `openrouter:apply_patch` item follows the same events.
    let server_item = |diff: &str| {
        json!({"type": "openrouter:apply_patch", "id": "orp_1", "call_id": "call_q", "status": "in_progress",
               "operation": {"type": "create_file", "path": "new.rs", "diff": diff}})
    };
    let events = [
        created(),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0, "item": server_item("")}),
        ),
        sse_data(
            json!({"type": "response.apply_patch_call_operation_diff.delta", "output_index": 0,
                    "item_id": "orp_1", "delta": "+fn a"}),
        ),
        sse_data(
            json!({"type": "response.apply_patch_call_operation_diff.done", "output_index": 0,
                    "item_id": "orp_1", "diff": "+fn a() {}\n"}),
        ),
    ];
    let mut stream =
        openrouter_responses::ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
    for event in stream.by_ref() {
        event.unwrap();
    }
    let written = serde_json::to_value(stream.item(0).unwrap()).unwrap();
    assert_eq!(written, server_item("+fn a() {}\n"));
}

/// The partial images of an image generation decode as they come, as
/// the finished image does; a text that is not base64 is a decode error
/// that keeps it.
#[test]
fn partial_images_decode_as_they_arrive() {
    let partial = |b64: &str, i: u32| {
        sse_data(
            json!({"type": "response.image_generation_call.partial_image", "output_index": 0,
                    "item_id": "ig_1", "partial_image_b64": b64, "partial_image_index": i}),
        )
    };
    let events = [
        created(),
        partial("iVBORw0KGgo=", 0),
        partial("data:image/png;base64,iVBORw0KGgo=", 1),
        partial("not base64!", 2),
    ];
    let stream =
        openrouter_responses::ResponseStream::from_reader(std::io::Cursor::new(events.concat()));
    let mut decoded = Vec::new();
    for event in stream {
        if let StreamEvent::ImageGenerationCallPartialImage(p) = event.unwrap() {
            decoded.push(p.image_bytes());
        }
    }
    assert_eq!(decoded.len(), 3);
    assert_eq!(decoded[0].as_ref().unwrap(), b"\x89PNG\r\n\x1a\n");
    assert_eq!(decoded[1].as_ref().unwrap(), b"\x89PNG\r\n\x1a\n");
    let Err(Error::Decode(e)) = &decoded[2] else {
        panic!("{:?}", decoded[2])
    };
    assert_eq!(e.what, openrouter_responses::DecodeTarget::Base64);
    assert_eq!(e.body, "not base64!");
}

#[test]
fn dropping_the_stream_closes_the_connection() {
    let (closed_tx, closed_rx) = mpsc::channel::<Duration>();
    let server = Server::start(vec![Reply::script(move |s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(created().as_bytes());
        let _ = s.flush();
        let started = Instant::now();
        // Keep writing until the peer is gone.
        for i in 0..500 {
            if s.write_all(b": keep-alive\n\n")
                .and_then(|_| s.flush())
                .is_err()
            {
                let _ = closed_tx.send(started.elapsed());
                return;
            }
            let _ = i;
            std::thread::sleep(Duration::from_millis(10));
        }
    })]);
    let mut stream = client(&server).stream(&request()).unwrap();
    assert!(stream.next().unwrap().is_ok());
    drop(stream);
    let waited = closed_rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the server saw the connection close");
    assert!(waited < Duration::from_secs(5));
}

/// Which connection carried each request the server received.
fn connections(server: &Server) -> Vec<usize> {
    server.requests().iter().map(|r| r.connection).collect()
}

#[test]
fn a_finished_stream_gives_its_connection_back() {
    let kept = || Reply::sse_kept(text_answer("Hello there"), || {});
    let server = Server::start(vec![kept(), kept(), kept(), kept()]);
    let client = client(&server);
    // Read to its end with `final_response` (which stops at the terminal
    // event), the iterator, and `text_deltas`; then one more.
    let r = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(r.output_text(), "Hello there");
    std::thread::sleep(Duration::from_millis(100));
    let mut s = client.stream(&request()).unwrap();
    assert_eq!(s.by_ref().filter(Result::is_ok).count(), 8);
    std::thread::sleep(Duration::from_millis(100));
    let mut s = client.stream(&request()).unwrap();
    assert_eq!(
        s.text_deltas().map(Result::unwrap).collect::<String>(),
        "Hello there"
    );
    std::thread::sleep(Duration::from_millis(100));
    let r = client.send(&request()).unwrap();
    assert_eq!(r.output_text(), "Hello there");
    assert_eq!(connections(&server), vec![0, 0, 0, 0]);

    // A server that ends the body after the terminal event, without `[DONE]`.
    let undone = || {
        let mut events = text_answer("No end marker");
        events.pop();
        Reply::sse_kept(events, || {})
    };
    let server = Server::start(vec![undone(), undone(), undone()]);
    let client = self::client(&server);
    let r = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(r.output_text(), "No end marker");
    std::thread::sleep(Duration::from_millis(100));
    let mut s = client.stream(&request()).unwrap();
    assert!(s.by_ref().all(|e| e.is_ok()));
    std::thread::sleep(Duration::from_millis(100));
    assert!(client.stream(&request()).is_ok());
    assert_eq!(connections(&server), vec![0, 0, 0]);
}

#[test]
fn a_call_right_after_a_stream_waits_for_its_connection() {
    // The end of the body comes a moment after the terminal event, while
    // the next call is being made: it waits for the connection rather than
    // open another.
    let late = || {
        Reply::sse_kept(text_answer("Hi"), || {
            std::thread::sleep(Duration::from_millis(5))
        })
    };
    let server = Server::start(vec![late(), late(), late(), late()]);
    let client = client(&server);
    let r = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(r.output_text(), "Hi");
    let mut s = client.stream(&request()).unwrap();
    assert!(s.by_ref().all(|e| e.is_ok()));
    let mut s = client.stream(&request()).unwrap();
    assert_eq!(
        s.text_deltas().map(Result::unwrap).collect::<String>(),
        "Hi"
    );
    assert_eq!(client.send(&request()).unwrap().output_text(), "Hi");
    assert_eq!(connections(&server), vec![0, 0, 0, 0]);

    // A server that holds the body open delays one call by a moment, not
    // every call.
    let held = || {
        Reply::sse_kept(text_answer("Hi"), || {
            std::thread::sleep(Duration::from_secs(2))
        })
    };
    let server = Server::start(vec![
        held(),
        Reply::json(
            200,
            r#"{"id":"resp_2","object":"response","created_at":1,"status":"completed","model":"m",
            "output":[{"type":"message","id":"msg_2","role":"assistant","status":"completed",
                       "content":[{"type":"output_text","text":"Hi","annotations":[]}]}]}"#,
        ),
    ]);
    let client = self::client(&server);
    assert!(client.stream(&request()).unwrap().final_response().is_ok());
    let started = Instant::now();
    assert_eq!(client.send(&request()).unwrap().output_text(), "Hi");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(connections(&server), vec![0, 1]);
}

#[test]
fn a_body_held_open_after_its_stream_ended_delays_no_later_call() {
    // The first stream's server holds its body open: the calls after the
    // next streams wait only for those streams' connections, not 25 ms for
    // the held one each time.
    let held = Reply::sse_kept(text_answer("Hi"), || {
        std::thread::sleep(Duration::from_secs(3))
    });
    let mut replies = vec![held];
    let answer = r#"{"id":"resp_2","object":"response","created_at":1,"status":"completed","model":"m",
        "output":[{"type":"message","id":"msg_2","role":"assistant","status":"completed",
                   "content":[{"type":"output_text","text":"Hi","annotations":[]}]}]}"#;
    for _ in 0..8 {
        replies.push(Reply::sse_kept(text_answer("Hi"), || {}));
        replies.push(Reply::json(200, answer));
    }
    let server = Server::start(replies);
    let client = client(&server);
    assert!(client.stream(&request()).unwrap().final_response().is_ok());
    let mut fastest = Duration::MAX;
    for _ in 0..8 {
        assert!(client.stream(&request()).unwrap().final_response().is_ok());
        let started = Instant::now();
        assert_eq!(client.send(&request()).unwrap().output_text(), "Hi");
        fastest = fastest.min(started.elapsed());
    }
    // Each call waited out the 25 ms when the held body was waited for.
    assert!(fastest < Duration::from_millis(20), "{fastest:?}");
    let mut expected = vec![0];
    expected.extend([1; 16]);
    assert_eq!(connections(&server), expected);
}

/// A stream ends at its terminal event: one dropped as soon as the iterator
/// handed that event out (a loop that stops there) gives its connection back
/// too.
#[test]
fn a_stream_dropped_at_its_terminal_event_gives_its_connection_back() {
    let kept = || Reply::sse_kept(text_answer("Hello there"), || {});
    let server = Server::start(vec![kept(), kept()]);
    let client = client(&server);
    let mut s = client.stream(&request()).unwrap();
    let completed = s.find(|e| matches!(e, Ok(StreamEvent::Completed(_))));
    assert!(completed.is_some());
    drop(s);
    std::thread::sleep(Duration::from_millis(100));
    assert!(client.stream(&request()).is_ok());
    assert_eq!(connections(&server), vec![0, 0]);
}

/// A stream read to its terminal event on one thread and dropped on
/// another: the thread that read it waits for its connection on its next
/// call, as after a stream it dropped itself.
#[test]
fn a_stream_dropped_on_another_thread_leaves_its_connection_to_the_reader() {
    let late = || {
        Reply::sse_kept(text_answer("Hi"), || {
            std::thread::sleep(Duration::from_millis(5))
        })
    };
    let server = Server::start(vec![late(), late(), late()]);
    let client = client(&server);
    for _ in 0..2 {
        let mut s = client.stream(&request()).unwrap();
        let completed = s.find(|e| matches!(e, Ok(StreamEvent::Completed(_))));
        assert!(completed.is_some());
        std::thread::spawn(move || drop(s)).join().unwrap();
    }
    assert!(client.stream(&request()).is_ok());
    assert_eq!(connections(&server), vec![0, 0, 0]);
}

#[test]
fn a_stream_closed_before_its_end_does_not_give_its_connection_back() {
    let kept = || Reply::sse_kept(text_answer("Hello there"), || {});
    let server = Server::start(vec![kept(), kept()]);
    let client = client(&server);
    let mut s = client.stream(&request()).unwrap();
    assert!(s.next().unwrap().is_ok());
    s.close();
    std::thread::sleep(Duration::from_millis(100));
    assert!(client.stream(&request()).is_ok());
    assert_eq!(connections(&server), vec![0, 1]);
}

#[test]
fn a_server_that_holds_the_body_open_after_the_end_does_not_hold_the_caller() {
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let held = Reply::sse_kept(text_answer("Hi"), move || {
        let _ = release_rx.recv_timeout(Duration::from_secs(10));
    });
    let server = Server::start(vec![held, Reply::sse_kept(text_answer("Again"), || {})]);
    let client = Client::builder()
        .api_key("sk-or-stream-test")
        .base_url(server.base_url())
        .read_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let r = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(r.output_text(), "Hi");
    let mut s = client.stream(&request()).unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "not held");
    assert_eq!(
        s.text_deltas().map(Result::unwrap).collect::<String>(),
        "Again"
    );
    // The first connection was still busy: the second call took another.
    assert_eq!(connections(&server), vec![0, 1]);
    let _ = release_tx.send(());
}

/// A writer whose bytes the test reads back; it fails once it holds
/// `fail_after` bytes, when set.
#[derive(Clone, Default)]
struct Recording {
    bytes: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    fail_after: Option<usize>,
}

impl Recording {
    fn bytes(&self) -> Vec<u8> {
        self.bytes.lock().unwrap().clone()
    }
}

impl Write for Recording {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = self.bytes.lock().unwrap();
        if self.fail_after.is_some_and(|n| bytes.len() + buf.len() > n) {
            return Err(std::io::Error::other("disk full"));
        }
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_teed_stream_records_its_body_byte_for_byte_and_plays_back() {
    let mut events = text_answer("Recorded for later");
    events.insert(1, ": keep-alive\n\n".to_string());
    events.insert(
        2,
        "event: odd\ndata: {\"type\":\"x.new\",\"n\":1}\n\n".to_string(),
    );
    let body: String = events.concat();
    let server = Server::start(vec![Reply::sse(events)]);
    let recording = Recording::default();
    let mut stream = client(&server)
        .stream(&request())
        .unwrap()
        .tee(recording.clone());
    let live: Vec<String> = stream
        .by_ref()
        .map(|e| format!("{:?}", e.unwrap()))
        .collect();
    // Byte for byte what was read: all of it up to the terminal event,
    // where the iterator stops (the `[DONE]` after it came in a read of its
    // own, not made).
    let recorded = String::from_utf8(recording.bytes()).unwrap();
    let done = "data: [DONE]\n\n";
    assert!(body.starts_with(&recorded), "{recorded}");
    assert!(recorded.len() >= body.len() - done.len(), "{recorded}");
    let live_response = stream.final_response().unwrap();

    let mut replay = openrouter_responses::stream::ResponseStream::from_reader(
        std::io::Cursor::new(recording.bytes()),
    );
    let replayed: Vec<String> = replay
        .by_ref()
        .map(|e| format!("{:?}", e.unwrap()))
        .collect();
    assert_eq!(replayed, live);
    let replayed_response = replay.final_response().unwrap();
    assert_eq!(replayed_response.output_text(), "Recorded for later");
    assert_eq!(replayed_response.output, live_response.output);
}

#[test]
fn a_tee_put_in_mid_stream_records_from_what_is_not_parsed_yet() {
    let events = text_answer("Half of it");
    let body = events.concat();
    // One read takes the whole body: after the first event, the rest is
    // in the stream's buffer, and is what the recording starts with.
    let mut stream = openrouter_responses::stream::ResponseStream::from_reader(
        std::io::Cursor::new(body.clone()),
    );
    assert!(matches!(stream.next(), Some(Ok(StreamEvent::Created(_)))));
    let recording = Recording::default();
    let mut stream = stream.tee(recording.clone());
    assert_eq!(stream.by_ref().filter(Result::is_ok).count(), 8);
    assert_eq!(
        String::from_utf8(recording.bytes()).unwrap(),
        body[events[0].len()..]
    );
    // A stream that has ended writes nothing.
    let late = Recording::default();
    drop(stream.tee(late.clone()));
    assert!(late.bytes().is_empty());
}

#[test]
fn a_relayed_recording_ends_with_a_whole_event_and_takes_a_done_after_it() {
    // The terminal event and the start of `[DONE]` come in one write; the
    // rest of `[DONE]` only once the caller has its answer.
    let events = text_answer("Relayed whole");
    let (terminal, done) = (
        events[events.len() - 2].clone(),
        events.last().unwrap().clone(),
    );
    assert_eq!(done, "data: [DONE]\n\n");
    let before: String = events[..events.len() - 2].concat();
    let (answered_tx, answered_rx) = mpsc::channel::<()>();
    let head_events = before.clone();
    let last_write = format!("{terminal}data: [DO");
    let server = Server::start(vec![Reply::script(move |s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(head_events.as_bytes());
        let _ = s.flush();
        std::thread::sleep(Duration::from_millis(20));
        let _ = s.write_all(last_write.as_bytes());
        let _ = s.flush();
        let _ = answered_rx.recv_timeout(Duration::from_secs(5));
        let _ = s.write_all(b"NE]\n\n");
    })]);
    let recording = Recording::default();
    let stream = client(&server)
        .stream(&request())
        .unwrap()
        .tee(recording.clone());
    let answer = stream.final_response().unwrap();
    let _ = answered_tx.send(());
    let recorded = String::from_utf8(recording.bytes()).unwrap();
    assert_eq!(recorded, format!("{before}{terminal}"));
    // What a relay sends its own caller: the recording, then `[DONE]`.
    let relayed = format!("{recorded}{done}");
    let mut replay =
        openrouter_responses::stream::ResponseStream::from_reader(std::io::Cursor::new(relayed));
    assert!(replay.by_ref().all(|e| e.is_ok()));
    assert!(!replay.ended_early());
    assert_eq!(replay.final_response().unwrap().output, answer.output);
}

#[test]
fn a_recording_that_fails_ends_the_stream_with_its_error() {
    let events = text_answer("Too long to record");
    let server = Server::start(vec![Reply::sse(events.clone())]);
    let recording = Recording {
        fail_after: Some(events[0].len() + events[1].len()),
        ..Recording::default()
    };
    let stream = client(&server)
        .stream(&request())
        .unwrap()
        .tee(recording.clone());
    let results: Vec<_> = stream.collect();
    let Some(Err(Error::Stream(e))) = results.last() else {
        panic!("{results:?}")
    };
    let StreamError::Io(io) = &**e else {
        panic!("{e:?}")
    };
    assert_eq!(io.to_string(), "disk full");
    // Each of the chain's messages once: the stream error says what failed,
    // its source the writer's words.
    let err = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(
        error_chain(err),
        ["recording the stream failed", "disk full"]
    );
    assert!(results.len() <= 3, "{results:?}");
    assert!(results[..results.len() - 1].iter().all(Result::is_ok));
}

#[test]
fn a_relay_whose_listener_hung_up_is_not_worth_retrying() {
    // A gateway relays the body to its own caller with `tee`; when that
    // caller hangs up, the stream ends with the write's error. The server's
    // answer was fine: sending the request again would pay for a second
    // answer that nobody reads.
    let events = text_answer("Relayed to a caller who left");
    let server = Server::start(vec![Reply::sse(events)]);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let caller = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (relay, _) = listener.accept().unwrap();
    drop(caller);
    let stream = client(&server).stream(&request()).unwrap().tee(relay);
    let results: Vec<_> = stream.collect();
    let Some(Err(err)) = results.last() else {
        panic!("{results:?}")
    };
    assert!(
        matches!(err, Error::Stream(e) if matches!(**e, StreamError::Io(_))),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "recording the stream failed");
    assert!(!err.is_retryable(), "{err:?}");

    // Likewise any other recording that fails.
    let err = openrouter_responses::stream::ResponseStream::from_reader(std::io::Cursor::new(
        text_answer("Kept or reported").concat(),
    ))
    .tee(FlushFails(std::io::ErrorKind::ConnectionReset))
    .find_map(Result::err)
    .unwrap();
    assert!(!err.is_retryable(), "{err:?}");
}

/// A recording whose `flush` fails with an error of `kind`.
struct FlushFails(std::io::ErrorKind);

impl Write for FlushFails {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::new(self.0, "the recording failed"))
    }
}

#[test]
fn a_recording_that_fails_with_any_kind_of_error_is_that_error() {
    use std::io::ErrorKind;
    let body = text_answer("Kept or reported").concat();
    // Kinds a body's own reader gives a meaning of its own: a timeout of the
    // body, or a read to try again.
    for kind in [
        ErrorKind::TimedOut,
        ErrorKind::Interrupted,
        ErrorKind::WouldBlock,
    ] {
        let mut stream = openrouter_responses::stream::ResponseStream::from_reader(
            std::io::Cursor::new(body.clone()),
        )
        .tee(FlushFails(kind));
        let results: Vec<_> = stream.by_ref().collect();
        let [Err(Error::Stream(e))] = results.as_slice() else {
            panic!("{kind:?}: {results:?}")
        };
        let StreamError::Io(io) = &**e else {
            panic!("{kind:?}: {e:?}")
        };
        assert_eq!(io.kind(), kind);
        assert_eq!(io.to_string(), "the recording failed");
        let err = results[0].as_ref().unwrap_err();
        assert_eq!(
            error_chain(err),
            ["recording the stream failed", "the recording failed"]
        );
    }
}

#[test]
fn a_teed_stream_read_to_its_terminal_event_closes_its_connection() {
    let kept = || Reply::sse_kept(text_answer("Hello there"), || {});
    let server = Server::start(vec![kept(), kept()]);
    let client = client(&server);
    let recording = Recording::default();
    let stream = client.stream(&request()).unwrap().tee(recording.clone());
    assert_eq!(
        stream.final_response().unwrap().output_text(),
        "Hello there"
    );
    let recorded = String::from_utf8(recording.bytes()).unwrap();
    let events = text_answer("Hello there");
    let through_terminal = events[..events.len() - 1].concat();
    assert!(recorded.starts_with(&through_terminal), "{recorded}");
    // Nothing is written once the stream has ended (no reading of the
    // rest of the body on another thread), and the connection is not used
    // again.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(String::from_utf8(recording.bytes()).unwrap(), recorded);
    assert!(client.stream(&request()).is_ok());
    assert_eq!(connections(&server), vec![0, 1]);
}

#[test]
fn ended_early_tells_a_cut_answer_from_a_complete_one() {
    let events = text_answer("Whole answer");
    // A complete answer, then two copies cut after the deltas: one read by
    // the iterator, the other by `text_deltas`.
    let server = Server::start(vec![
        Reply::sse(events.clone()),
        Reply::sse(events[..5].to_vec()),
        Reply::sse(events[..5].to_vec()),
    ]);
    let client = client(&server);
    let mut s = client.stream(&request()).unwrap();
    assert!(!s.ended_early(), "open");
    assert!(s.by_ref().all(|e| e.is_ok()));
    assert!(s.is_finished() && !s.ended_early());
    // Cut cleanly after the deltas: the iterator ends without an error.
    let mut s = client.stream(&request()).unwrap();
    assert!(s.next().unwrap().is_ok());
    assert!(!s.ended_early(), "still open");
    assert!(s.by_ref().all(|e| e.is_ok()));
    assert!(s.ended_early());
    let mut s = client.stream(&request()).unwrap();
    let text: String = s.text_deltas().map(Result::unwrap).collect();
    assert_eq!(text, "Whole answer");
    assert!(s.ended_early());
    assert!(matches!(
        s.final_response(),
        Err(Error::Stream(e)) if matches!(*e, StreamError::EndedEarly { .. })
    ));
}

/// A 200 answer with these headers and body, then the connection closes.
fn raw_answer(headers: &'static str, body: String) -> Reply {
    Reply::script(move |s| {
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = s.flush();
    })
}

#[test]
fn a_body_that_is_not_an_event_stream_is_answered_not_dropped() {
    let envelope = "{\n  \"error\": {\"code\": 502, \"message\": \"Upstream: down\"}\n}";
    let html = "<html><head><title>Oops</title></head></html>";
    let sse = "Content-Type: text/event-stream\r\n";
    let server = Server::start(vec![
        // A JSON error envelope sent as an event stream, on several lines.
        raw_answer(sse, envelope.to_string()),
        raw_answer(sse, envelope.to_string()),
        // A whole response with no content type: read as a stream, it is
        // that response.
        raw_answer("", common::completed_json("no content type")),
        raw_answer("", common::completed_json("no content type")),
        // Neither.
        raw_answer(sse, html.to_string()),
    ]);
    let client = client(&server);
    let mut s = client.stream(&request()).unwrap();
    let results: Vec<_> = s.by_ref().collect();
    let [Err(Error::Api(api))] = &results[..] else {
        panic!("{results:?}")
    };
    assert_eq!(api.origin, openrouter_responses::ErrorOrigin::Envelope);
    assert_eq!(api.message, "Upstream: down");
    assert_eq!(api.body, envelope);
    assert!(api.is_retryable(), "the code stands for a 502");
    let err = client
        .stream(&request())
        .unwrap()
        .final_response()
        .unwrap_err();
    assert_eq!(err.api_error().unwrap().message, "Upstream: down");

    let mut s = client.stream(&request()).unwrap();
    let events: Vec<_> = s.by_ref().map(Result::unwrap).collect();
    assert_eq!(events.len(), 1);
    assert!(events[0].is_terminal());
    assert!(!s.ended_early());
    let r = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(r.output_text(), "no content type");

    let results: Vec<_> = client.stream(&request()).unwrap().collect();
    let [Err(Error::Decode(e))] = &results[..] else {
        panic!("{results:?}")
    };
    assert_eq!(e.body, html);
}

#[test]
fn stray_lines_beside_events_change_nothing() {
    // An unknown field before the first event, and a stream of comments
    // only: read as before.
    let mut events = text_answer("Hi there");
    events.insert(0, "x-note: {\"error\":\"not an error\"}\n\n".to_string());
    let server = Server::start(vec![
        Reply::sse(events),
        Reply::sse(vec![": OPENROUTER PROCESSING\n\n".to_string()]),
    ]);
    let client = client(&server);
    let mut s = client.stream(&request()).unwrap();
    assert!(s.by_ref().all(|e| e.is_ok()));
    assert_eq!(s.final_response().unwrap().output_text(), "Hi there");
    let mut s = client.stream(&request()).unwrap();
    assert!(s.next().is_none());
    assert!(s.ended_early());
}

#[test]
fn a_stream_cut_inside_its_first_event_ended_early() {
    let sse = "Content-Type: text/event-stream\r\n";
    let cut = ": OPENROUTER PROCESSING\n\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"sta";
    let unended = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}";
    let server = Server::start(vec![
        raw_answer(sse, cut.to_string()),
        raw_answer(sse, cut.to_string()),
        raw_answer(sse, unended.to_string()),
    ]);
    let client = client(&server);
    let mut s = client.stream(&request()).unwrap();
    let results: Vec<_> = s.by_ref().collect();
    assert!(results.is_empty(), "{results:?}");
    assert!(s.ended_early());
    for _ in 0..2 {
        let err = client
            .stream(&request())
            .unwrap()
            .final_response()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Stream(e) if matches!(**e, StreamError::EndedEarly { .. })),
            "{err:?}"
        );
        assert!(err.is_retryable());
    }
}

#[test]
fn events_after_the_terminal_event_are_not_read_by_any_reader() {
    // A server that sends more after `response.completed`: a delta and an
    // error event, then `[DONE]`. Every reader ends at the terminal event,
    // with the same snapshot, and the connection is still used again.
    let after = || {
        let mut events = text_answer("Hi there");
        let done = events.pop().unwrap();
        events.push(delta(99, " and more"));
        events.push(sse_data(
            json!({"type": "error", "code": "late", "message": "too late"}),
        ));
        events.push(done);
        Reply::sse_kept(events, || {})
    };
    let server = Server::start(vec![after(), after(), after(), after()]);
    let client = client(&server);

    let mut s = client.stream(&request()).unwrap();
    let events: Vec<_> = s.by_ref().collect::<Result<_, _>>().unwrap();
    assert!(events.last().unwrap().is_terminal());
    assert!(!s.ended_early());
    assert_eq!(s.snapshot().unwrap().output_text(), "Hi there");
    assert_eq!(s.final_response().unwrap().output_text(), "Hi there");
    std::thread::sleep(Duration::from_millis(100));

    let mut s = client.stream(&request()).unwrap();
    let text: String = s.text_deltas().collect::<Result<_, _>>().unwrap();
    assert_eq!(text, "Hi there");
    assert!(!s.ended_early());
    std::thread::sleep(Duration::from_millis(100));

    let mut s = client.stream(&request()).unwrap();
    let mut last = None;
    while let Some(event) = s.next_event() {
        last = Some(event.unwrap().event_type().to_owned());
    }
    assert_eq!(last.as_deref(), Some("response.completed"));
    assert!(!s.ended_early());
    assert_eq!(s.snapshot().unwrap().output_text(), "Hi there");
    std::thread::sleep(Duration::from_millis(100));

    let r = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(r.output_text(), "Hi there");
    assert_eq!(connections(&server), vec![0, 0, 0, 0]);
}

#[test]
fn a_large_json_answer_read_as_a_stream_is_whole_within_the_event_limit() {
    let text = "long answer ".repeat(20_000);
    let body = common::completed_json(&text);
    assert!(body.len() > 200_000);
    let stream = openrouter_responses::stream::ResponseStream::from_reader(std::io::Cursor::new(
        body.clone(),
    ));
    assert_eq!(stream.final_response().unwrap().output_text(), text);
    // Beyond the limit (here one line longer than it), a typed error: the
    // cause of the early end.
    let small = openrouter_responses::stream::ResponseStream::from_reader_with(
        std::io::Cursor::new(body.clone()),
        openrouter_responses::HttpInfo::new(200, vec![]),
        100_000,
    );
    let err = small.final_response().unwrap_err();
    assert!(
        matches!(err.underlying(), Error::Stream(e) if matches!(**e, StreamError::LineTooLong { limit: 100_000 })),
        "{err:?}"
    );
    assert!(
        matches!(&err, Error::Stream(e) if matches!(**e, StreamError::EndedEarly { .. })),
        "{err:?}"
    );
}

/// A streamed reasoning turn whose `response.completed` carries `reasoning`
/// as its reasoning item: the item events carried its `encrypted_content`,
/// `signature` and `format`.
fn reasoning_turn(reasoning: serde_json::Value) -> String {
    let item = |status: &str| {
        json!({"type": "reasoning", "id": "rs_1", "status": status,
               "summary": [{"type": "summary_text", "text": "Thought."}],
               "encrypted_content": "gAAA-streamed", "signature": "sig-1",
               "format": "anthropic-claude-v1"})
    };
    let message = json!({"type": "message", "id": "msg_1", "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": "9.9", "annotations": []}]});
    [
        created(),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0,
                        "item": item("in_progress")}),
        ),
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 0,
                        "item": item("completed")}),
        ),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 1,
                        "item": {"type": "message", "id": "msg_1", "role": "assistant",
                                 "status": "in_progress", "content": []}}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "item_id": "msg_1",
                        "output_index": 1, "content_index": 0, "delta": "9.9"}),
        ),
        sse_data(
            json!({"type": "response.output_item.done", "output_index": 1,
                        "item": message.clone()}),
        ),
        sse_data(json!({"type": "response.completed",
            "response": {"id": "resp_1", "object": "response", "created_at": 1,
                         "status": "completed", "model": "m",
                         "output": [reasoning, message]}})),
        SSE_DONE.to_string(),
    ]
    .concat()
}

/// The final response of `body` read each way: by `final_response()`, after
/// the iterator, after `next_event()`, after `text_deltas()`; checked to be
/// the same.
fn final_each_way(body: &str) -> openrouter_responses::Response {
    let open = || ResponseStream::from_reader(std::io::Cursor::new(body.to_owned()));
    let direct = open().final_response().unwrap();
    let mut s = open();
    for event in s.by_ref() {
        event.unwrap();
    }
    let iterated = s.final_response().unwrap();
    let mut s = open();
    while let Some(event) = s.next_event() {
        event.unwrap();
    }
    let lent = s.final_response().unwrap();
    let mut s = open();
    assert_eq!(
        s.text_deltas().map(Result::unwrap).collect::<String>(),
        "9.9"
    );
    let printed = s.final_response().unwrap();
    assert_eq!(iterated, direct);
    assert_eq!(lent, direct);
    assert_eq!(printed, direct);
    direct
}

/// The reasoning item of `response` as echoed on the next turn.
fn echoed_reasoning(response: openrouter_responses::Response) -> serde_json::Value {
    let items = serde_json::to_value(response.to_input_items()).unwrap();
    assert_eq!(
        items,
        serde_json::to_value(response.into_input_items()).unwrap()
    );
    items[0].clone()
}

#[test]
fn a_completed_response_keeps_the_encrypted_reasoning_its_item_events_carried() {
    // The terminal item without them: the streamed ones are kept, and
    // echoed on the next turn.
    let completed = json!({"type": "reasoning", "id": "rs_1", "status": "completed",
        "summary": [{"type": "summary_text", "text": "Thought."}]});
    let echoed = echoed_reasoning(final_each_way(&reasoning_turn(completed.clone())));
    assert_eq!(echoed["encrypted_content"], "gAAA-streamed");
    assert_eq!(echoed["signature"], "sig-1");
    assert_eq!(echoed["format"], "anthropic-claude-v1");
    assert_eq!(echoed["summary"][0]["text"], "Thought.");

    // Its own values win over the streamed ones.
    let mut own = completed.clone();
    own["encrypted_content"] = json!("gAAA-final");
    let echoed = echoed_reasoning(final_each_way(&reasoning_turn(own)));
    assert_eq!(echoed["encrypted_content"], "gAAA-final");
    assert_eq!(echoed["signature"], "sig-1");

    // An item of another id keeps nothing of it.
    let mut other = completed;
    other["id"] = json!("rs_2");
    let echoed = echoed_reasoning(final_each_way(&reasoning_turn(other)));
    assert_eq!(echoed["id"], "rs_2");
    for member in ["encrypted_content", "signature", "format"] {
        assert!(echoed.get(member).is_none(), "{member}: {echoed}");
    }
}

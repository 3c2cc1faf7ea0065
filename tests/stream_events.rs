//! `ResponseStream` over the project's recorded transcripts: event decoding,
//! keep-alives, `[DONE]`, error events, decode errors, early ends.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use openrouter_responses::{
    Error, ErrorCode, HttpInfo, ResponseStream, StreamError, StreamEvent, TimeoutKind,
};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/streams")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(fixture_path(name)).expect("fixture")
}

fn stream(name: &str) -> ResponseStream {
    ResponseStream::from_reader(io::Cursor::new(fixture(name)))
}

fn collect(name: &str) -> Vec<Result<StreamEvent, Error>> {
    stream(name).collect()
}

fn types(events: &[Result<StreamEvent, Error>]) -> Vec<&str> {
    events
        .iter()
        .map(|e| match e {
            Ok(e) => e.event_type(),
            Err(_) => "<error>",
        })
        .collect()
}

/// The `data:` payloads of a transcript, read naively, minus `[DONE]`.
fn data_lines(name: &str) -> Vec<String> {
    String::from_utf8(fixture(name))
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter(|d| *d != "[DONE]")
        .map(str::to_owned)
        .collect()
}

#[test]
fn plain_text_answer_yields_every_event_in_order() {
    let events = collect("text.sse");
    let want: Vec<String> = data_lines("text.sse")
        .iter()
        .map(|d| {
            serde_json::from_str::<serde_json::Value>(d).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(types(&events), want);
    assert!(events.iter().all(|e| e.is_ok()));
    assert!(events
        .iter()
        .all(|e| !matches!(e, Ok(StreamEvent::Unknown(_)))));
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Ok(StreamEvent::OutputTextDelta(d)) => Some(d.delta.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(text, "The capital of France is Paris.");
    let seq: Vec<_> = events
        .iter()
        .map(|e| e.as_ref().unwrap().sequence_number())
        .collect();
    assert_eq!(seq, (0..seq.len() as u64).map(Some).collect::<Vec<_>>());
}

#[test]
fn lifecycle_events_carry_their_response_and_the_last_is_terminal() {
    for name in ["text.sse", "docs_style.sse", "failed.sse"] {
        let data = data_lines(name);
        let events = collect(name);
        let mut checked = 0;
        for (event, json) in events.iter().filter_map(|e| e.as_ref().ok()).zip(&data) {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            let ty = v["type"].as_str().unwrap();
            let lifecycle = v.get("response").is_some() && ty.starts_with("response.");
            assert_eq!(event.response().is_some(), lifecycle, "{name}: {ty}");
            if let Some(r) = event.response() {
                assert_eq!(Some(r.id.as_str()), v["response"]["id"].as_str());
            }
            let terminal = matches!(
                ty,
                "response.completed" | "response.incomplete" | "response.failed" | "response.done"
            );
            assert_eq!(event.is_terminal(), terminal, "{name}: {ty}");
            checked += 1;
        }
        assert!(checked > 2, "{name}");
    }
    // Those a fixture does not hand out as events.
    for (ty, terminal) in [
        ("response.incomplete", true),
        ("response.failed", true),
        ("response.in_progress", false),
    ] {
        let json = format!(r#"{{"type":"{ty}","response":{{"id":"resp_9","status":"x"}}}}"#);
        let event = StreamEvent::from_json(&json).unwrap();
        assert_eq!(event.is_terminal(), terminal, "{ty}");
        assert_eq!(event.response().map(|r| r.id.as_str()), Some("resp_9"));
    }
}

#[test]
fn events_round_trip_to_the_wire_json() {
    // Everything a known event carries is kept, except fields it does not model.
    for name in ["text.sse", "function_call.sse", "web_search.sse"] {
        for (data, event) in data_lines(name).iter().zip(collect(name)) {
            let event = event.unwrap();
            let back = serde_json::to_value(&event).unwrap();
            let sent: serde_json::Value = serde_json::from_str(data).unwrap();
            assert_eq!(back["type"], sent["type"], "{name}");
            assert_eq!(back.get("output_index"), sent.get("output_index"), "{name}");
            assert_eq!(back.get("delta"), sent.get("delta"), "{name}");
        }
    }
}

#[test]
fn keep_alive_comments_are_skipped() {
    let plain = collect("text.sse");
    let with_comments = collect("keepalive.sse");
    assert!(String::from_utf8(fixture("keepalive.sse"))
        .unwrap()
        .contains(": OPENROUTER PROCESSING"));
    assert_eq!(types(&with_comments), types(&plain));
}

#[test]
fn done_ends_the_stream_even_if_more_follows() {
    let mut body = fixture("text.sse");
    body.extend_from_slice(b"data: {\"type\":\"response.in_progress\",\"response\":{}}\n\n");
    let events: Vec<_> = ResponseStream::from_reader(io::Cursor::new(body)).collect();
    assert_eq!(types(&events), types(&collect("text.sse")));
}

#[test]
fn function_call_arguments_arrive_in_pieces() {
    let events = collect("function_call.sse");
    let mut args = String::new();
    let mut done = None;
    for e in &events {
        match e.as_ref().unwrap() {
            StreamEvent::FunctionCallArgumentsDelta(d) => {
                assert_eq!(d.item_id, "fc_01");
                args.push_str(&d.delta);
            }
            StreamEvent::FunctionCallArgumentsDone(d) => done = Some(d.clone()),
            _ => {}
        }
    }
    let done = done.expect("arguments.done");
    assert_eq!(done.arguments, args);
    assert_eq!(done.name.as_deref(), Some("get_weather"));
    let parsed: serde_json::Value = serde_json::from_str(&args).unwrap();
    assert_eq!(parsed["city"], "Paris");
}

#[test]
fn reasoning_and_web_search_events_are_typed() {
    let events = collect("reasoning.sse");
    assert!(events.iter().any(
        |e| matches!(e, Ok(StreamEvent::ReasoningSummaryPartAdded(p)) if p.summary_index == 1)
    ));
    assert!(events.iter().any(
        |e| matches!(e, Ok(StreamEvent::ReasoningTextDone(d)) if d.text.ends_with("larger."))
    ));
    assert!(events
        .iter()
        .all(|e| !matches!(e, Ok(StreamEvent::Unknown(_)))));

    let events = collect("web_search.sse");
    let searching = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Ok(StreamEvent::WebSearchCallInProgress(_)
                    | StreamEvent::WebSearchCallSearching(_)
                    | StreamEvent::WebSearchCallCompleted(_))
            )
        })
        .count();
    assert_eq!(searching, 3);
    let ann = events
        .iter()
        .find_map(|e| match e {
            Ok(StreamEvent::OutputTextAnnotationAdded(a)) => Some(a.clone()),
            _ => None,
        })
        .expect("annotation event");
    assert_eq!(ann.output_index, 1);
    assert_eq!(ann.annotation_index, 0);
    assert!(events
        .iter()
        .all(|e| !matches!(e, Ok(StreamEvent::Unknown(_)))));
}

fn api_error(e: &Error) -> &openrouter_responses::ApiError {
    e.api_error()
        .unwrap_or_else(|| panic!("not an api error: {e:?}"))
}

#[test]
fn flat_error_event_ends_the_stream_with_an_api_error() {
    let mut s = stream("error_flat.sse");
    assert!(matches!(s.next(), Some(Ok(StreamEvent::Created(_)))));
    let err = s.next().unwrap().unwrap_err();
    let api = api_error(&err);
    assert_eq!(api.origin, openrouter_responses::ErrorOrigin::Stream);
    assert_eq!(api.status, 200);
    assert_eq!(
        api.code,
        Some(ErrorCode::Text("rate_limit_exceeded".into()))
    );
    assert_eq!(api.message, "Rate limit exceeded, retry shortly");
    assert!(err.is_rate_limited() && err.is_retryable());
    assert!(api.body.contains("\"type\":\"error\""));
    // The response.in_progress after it is not read.
    assert!(s.next().is_none());
    assert!(s.next().is_none());
    assert!(s.is_finished());
}

#[test]
fn nested_error_event_ends_the_stream_with_an_api_error() {
    let events = collect("error_nested.sse");
    assert_eq!(types(&events), ["response.created", "<error>"]);
    let err = events[1].as_ref().unwrap_err();
    let api = api_error(err);
    assert_eq!(api.code, Some(ErrorCode::Text("invalid_api_key".into())));
    assert_eq!(api.message, "Invalid API key provided");
    let final_err = stream("error_nested.sse").final_response().unwrap_err();
    assert_eq!(api_error(&final_err).message, "Invalid API key provided");
}

#[test]
fn response_error_event_is_an_api_error() {
    let events = collect("response_error.sse");
    assert_eq!(types(&events), ["response.created", "<error>"]);
    let api = api_error(events[1].as_ref().unwrap_err());
    assert_eq!(api.code, Some(ErrorCode::Text("server_error".into())));
    assert_eq!(api.message, "Upstream provider disconnected");
    assert!(api.is_retryable());
}

#[test]
fn failed_response_is_an_api_error_and_stays_reachable() {
    let mut s = stream("failed.sse");
    let mut seen = Vec::new();
    let err = loop {
        match s.next().expect("an error before the end") {
            Ok(e) => seen.push(e.event_type().to_owned()),
            Err(e) => break e,
        }
    };
    assert_eq!(
        seen.last().map(String::as_str),
        Some("response.output_text.delta")
    );
    let api = api_error(&err);
    assert_eq!(api.code, Some(ErrorCode::Text("server_error".into())));
    assert_eq!(api.message, "The provider returned an error");
    assert_eq!(
        api.error_type,
        Some(openrouter_responses::response::ErrorType::ProviderUnavailable)
    );
    assert!(s.next().is_none());
    assert_eq!(s.snapshot().map(|r| r.id.as_str()), Some("resp_08"));
    let response = s.final_response().expect("the failed response");
    assert_eq!(response.id, "resp_08");
    assert_eq!(response.http.as_ref().map(|h| h.status), Some(200));
}

#[test]
fn truncated_body_is_ended_early_with_a_snapshot() {
    let events = collect("truncated.sse");
    assert!(events.iter().all(|e| e.is_ok()));
    assert_eq!(types(&events).last(), Some(&"response.output_item.done"));
    let err = stream("truncated.sse").final_response().unwrap_err();
    match err {
        Error::Stream(s) => match s.into_inner() {
            StreamError::EndedEarly { snapshot, .. } => {
                let snapshot = snapshot.expect("a snapshot");
                assert_eq!(snapshot.id, "resp_01");
                assert_eq!(snapshot.output.len(), 1);
            }
            other => panic!("unexpected {other:?}"),
        },
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn body_cut_mid_event_drops_the_partial_event() {
    let events = collect("cut_mid_event.sse");
    assert!(events.iter().all(|e| e.is_ok()));
    let deltas: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Ok(StreamEvent::OutputTextDelta(d)) => Some(d.delta.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(deltas, ["Hello", "!"]);
    assert!(matches!(
        stream("cut_mid_event.sse").final_response(),
        Err(Error::Stream(ref s)) if matches!(**s, StreamError::EndedEarly { .. })
    ));
}

#[test]
fn unknown_event_in_the_middle_is_kept_and_the_stream_goes_on() {
    let events = collect("unknown_event.sse");
    let unknown = events
        .iter()
        .find_map(|e| match e {
            Ok(StreamEvent::Unknown(v)) => Some(v.clone()),
            _ => None,
        })
        .expect("the unknown event");
    assert_eq!(unknown["type"], "response.hologram.projected");
    assert_eq!(unknown["hologram"]["layers"], serde_json::json!([1, 2, 3]));
    assert_eq!(types(&events).last(), Some(&"response.completed"));
    assert!(stream("unknown_event.sse").final_response().is_ok());
}

#[test]
fn malformed_known_events_are_decode_errors_and_the_stream_goes_on() {
    let events = collect("malformed_event.sse");
    let errors: Vec<_> = events.iter().filter_map(|e| e.as_ref().err()).collect();
    assert_eq!(errors.len(), 2);
    for e in &errors {
        match e {
            Error::Decode(d) => {
                assert_eq!(d.what, openrouter_responses::DecodeTarget::StreamEvent);
                assert!(d
                    .body
                    .starts_with("{\"type\":\"response.output_text.delta\""));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let after: Vec<_> = types(&events)
        .into_iter()
        .skip_while(|t| *t != "<error>")
        .filter(|t| *t != "<error>")
        .collect();
    assert_eq!(
        after,
        [
            "response.output_text.delta",
            "response.output_item.done",
            "response.completed"
        ]
    );
    assert!(stream("malformed_event.sse").final_response().is_ok());
}

#[test]
fn docs_style_transcript_decodes() {
    let events = collect("docs_style.sse");
    assert!(events.iter().all(|e| e.is_ok()));
    assert_eq!(types(&events).last(), Some(&"response.done"));
    assert!(events
        .iter()
        .all(|e| e.as_ref().unwrap().sequence_number().is_none()));
    let mut s = stream("docs_style.sse");
    let text: String = s.text_deltas().map(Result::unwrap).collect();
    assert_eq!(text, "Once upon a time");
    assert_eq!(s.final_response().unwrap().id, "resp_09");
}

#[test]
fn crlf_and_cr_transcripts_give_the_same_events() {
    for name in [
        "text.sse",
        "keepalive.sse",
        "reasoning.sse",
        "malformed_event.sse",
    ] {
        let lf = types(&collect(name))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        for end in ["\r\n", "\r"] {
            let body = String::from_utf8(fixture(name)).unwrap().replace('\n', end);
            let got: Vec<_> = ResponseStream::from_reader(io::Cursor::new(body)).collect();
            assert_eq!(types(&got), lf, "{name} {end:?}");
        }
    }
}

/// Serves the body, then fails the next read with `kind`.
struct FailsAfter {
    body: io::Cursor<Vec<u8>>,
    kind: io::ErrorKind,
    failed: bool,
}

impl Read for FailsAfter {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.body.read(out)?;
        if n > 0 {
            return Ok(n);
        }
        assert!(!self.failed, "read again after the failure");
        self.failed = true;
        Err(io::Error::new(self.kind, "connection lost"))
    }
}

#[test]
fn transport_failure_mid_stream_yields_one_error_then_none() {
    let s = ResponseStream::from_reader(FailsAfter {
        body: io::Cursor::new(fixture("truncated.sse")),
        kind: io::ErrorKind::ConnectionReset,
        failed: false,
    });
    let events: Vec<_> = s.collect();
    let last = events.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(last, Error::Stream(s) if matches!(**s, StreamError::Io(_))));
    assert_eq!(events.iter().filter(|e| e.is_err()).count(), 1);

    let mut s = ResponseStream::from_reader(FailsAfter {
        body: io::Cursor::new(fixture("truncated.sse")),
        kind: io::ErrorKind::TimedOut,
        failed: false,
    });
    let err = s.by_ref().find_map(Result::err).unwrap();
    assert!(matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Read));
    assert!(s.next().is_none());
}

#[test]
fn final_response_reports_a_transport_failure() {
    let s = ResponseStream::from_reader(FailsAfter {
        body: io::Cursor::new(fixture("truncated.sse")),
        kind: io::ErrorKind::ConnectionAborted,
        failed: false,
    });
    // As the cause of the early end, which keeps what arrived.
    let err = s.final_response().unwrap_err();
    assert!(
        matches!(err.underlying(), Error::Stream(e) if matches!(**e, StreamError::Io(_))),
        "{err:?}"
    );
    assert!(err.is_retryable());
    let Error::Stream(e) = err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(
            &*e,
            StreamError::EndedEarly {
                snapshot: Some(_),
                ..
            }
        ),
        "{e:?}"
    );
}

/// Records whether it was dropped.
struct DropFlag(
    std::sync::Arc<std::sync::atomic::AtomicBool>,
    io::Cursor<Vec<u8>>,
);

impl Read for DropFlag {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.1.read(out)
    }
}

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn close_and_done_drop_the_body() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let dropped = Arc::new(AtomicBool::new(false));
    let mut s = ResponseStream::from_reader(DropFlag(
        dropped.clone(),
        io::Cursor::new(fixture("text.sse")),
    ));
    assert!(s.next().unwrap().is_ok());
    assert!(!dropped.load(Ordering::SeqCst));
    s.close();
    assert!(dropped.load(Ordering::SeqCst));
    assert!(s.next().is_none());
    assert_eq!(s.snapshot().map(|r| r.id.as_str()), Some("resp_01"));

    // Reaching `[DONE]` drops it too, before the stream itself is dropped.
    let dropped = Arc::new(AtomicBool::new(false));
    let mut s = ResponseStream::from_reader(DropFlag(
        dropped.clone(),
        io::Cursor::new(fixture("text.sse")),
    ));
    for e in s.by_ref() {
        e.unwrap();
    }
    assert!(dropped.load(Ordering::SeqCst));
}

#[test]
fn a_stream_is_send() {
    fn check<T: Send>() {}
    check::<ResponseStream>();
}

#[test]
fn spec_example_events_all_decode_to_known_variants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/spec-examples");
    let Ok(entries) = fs::read_dir(&dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let mut count = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("event.") && name.ends_with(".json")) {
            continue;
        }
        let json = fs::read_to_string(&path).unwrap();
        let event = StreamEvent::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !matches!(event, StreamEvent::Unknown(_)),
            "{name} is Unknown"
        );
        let want = name.trim_start_matches("event.").trim_end_matches(".json");
        assert_eq!(event.event_type(), want);
        count += 1;
    }
    assert!(count >= 49, "only {count} event examples");
}

#[test]
fn plain_text_final_response() {
    let mut s = stream("text.sse");
    assert_eq!(s.http().status, 200);
    assert!(s.snapshot().is_none());
    let first = s.next().unwrap().unwrap();
    assert!(matches!(first, StreamEvent::Created(_)));
    assert_eq!(s.snapshot().map(|r| r.id.as_str()), Some("resp_01"));
    let response = s.final_response().unwrap();
    assert!(response.is_completed());
    assert_eq!(response.output_text(), "The capital of France is Paris.");
    assert_eq!(response.usage.as_ref().map(|u| u.total_tokens), Some(20));
    assert_eq!(response.http.as_ref().map(|h| h.status), Some(200));
}

#[test]
fn snapshot_grows_with_each_delta() {
    let mut s = stream("text.sse");
    let mut seen = Vec::new();
    while let Some(event) = s.next() {
        if let StreamEvent::OutputTextDelta(_) = event.unwrap() {
            seen.push(s.snapshot().unwrap().output_text());
        }
    }
    assert_eq!(
        seen,
        [
            "The capital",
            "The capital of France",
            "The capital of France is Paris",
            "The capital of France is Paris."
        ]
    );
}

/// For every transcript whose terminal response carries the output, the
/// snapshot built from the events alone (before the terminal event) matches
/// it.
#[test]
fn accumulated_output_matches_the_terminal_response() {
    for name in [
        "text.sse",
        "keepalive.sse",
        "function_call.sse",
        "reasoning.sse",
        "web_search.sse",
    ] {
        let mut s = stream(name);
        let mut built: Option<openrouter_responses::Response> = None;
        let mut terminal = None;
        let mut items_checked = 0;
        while let Some(event) = s.next() {
            match event.unwrap() {
                StreamEvent::Completed(e) => terminal = Some(e.response),
                StreamEvent::OutputItemDone(done) => {
                    // What the deltas built, just before the final item replaced it.
                    let before = &built.as_ref().unwrap().output[done.output_index];
                    assert_eq!(texts(before), texts(&done.item), "{name}");
                    items_checked += 1;
                    built = s.snapshot().cloned();
                }
                _ => built = s.snapshot().cloned(),
            }
        }
        assert!(items_checked > 0);
        let (built, terminal) = (built.unwrap(), terminal.unwrap());
        assert!(!terminal.output.is_empty(), "{name}");
        assert_eq!(built.output, terminal.output, "{name}");
    }
}

/// The streamed text fields of an item.
fn texts(item: &openrouter_responses::OutputItem) -> Vec<String> {
    use openrouter_responses::OutputItem as I;
    match item {
        I::Message(m) => vec![m.text()],
        I::Reasoning(r) => vec![r.summary_text(), r.content_text()],
        I::FunctionCall(c) => vec![c.arguments.clone()],
        I::WebSearchCall(w) => vec![w.id.clone()],
        other => panic!("unexpected item {other:?}"),
    }
}

#[test]
fn function_call_final_response() {
    let response = stream("function_call.sse").final_response().unwrap();
    let call = response.function_calls().next().expect("a call");
    assert_eq!(call.name, "get_weather");
    assert_eq!(call.call_id, "call_abc");
    assert_eq!(call.arguments, r#"{"city":"Paris","units":"celsius"}"#);
}

#[test]
fn reasoning_final_response() {
    let response = stream("reasoning.sse").final_response().unwrap();
    assert_eq!(
        response.reasoning_summary_text(),
        "Compare both numbers.\n9.11 < 9.9"
    );
    assert_eq!(response.output_text(), "9.9 is larger.");
}

#[test]
fn text_deltas_yield_only_text_and_leave_the_rest_to_final_response() {
    let mut s = stream("web_search.sse");
    let deltas: Vec<String> = s.text_deltas().map(Result::unwrap).collect();
    assert_eq!(deltas, ["Rust 2024 shipped", " with Rust 1.85."]);
    let response = s.final_response().unwrap();
    let msg = response.messages().next().unwrap();
    let text = msg.content[0].as_output_text().unwrap();
    assert_eq!(text.annotations.len(), 1);
    assert_eq!(response.output_text(), deltas.concat());
}

#[test]
fn text_deltas_pass_errors_through() {
    let mut s = stream("malformed_event.sse");
    let items: Vec<_> = s.text_deltas().collect();
    let errors = items.iter().filter(|d| d.is_err()).count();
    let text: String = items.into_iter().filter_map(Result::ok).collect();
    assert_eq!(errors, 2);
    assert_eq!(text, "One two");

    let mut s = stream("error_flat.sse");
    let last = s.text_deltas().last().unwrap();
    assert!(last.unwrap_err().api_error().is_some());
}

#[test]
fn docs_style_done_keeps_the_streamed_items() {
    let response = stream("docs_style.sse").final_response().unwrap();
    assert!(response.is_completed());
    assert_eq!(response.output_text(), "Once upon a time");
    assert_eq!(response.usage.as_ref().map(|u| u.total_tokens), Some(16));
}

#[test]
fn truncated_snapshot_holds_the_finished_message() {
    let err = stream("truncated.sse").final_response().unwrap_err();
    let Error::Stream(s) = err else {
        panic!("{err:?}")
    };
    let StreamError::EndedEarly {
        snapshot: Some(snapshot),
        ..
    } = s.into_inner()
    else {
        panic!("not ended early with a snapshot")
    };
    assert_eq!(snapshot.output_text(), "The capital of France is Paris.");
    assert!(!snapshot.is_completed());
    assert_eq!(snapshot.http.as_ref().map(|h| h.status), Some(200));
}

#[test]
fn closing_early_makes_final_response_end_early() {
    let mut s = stream("text.sse");
    for _ in 0..6 {
        s.next().unwrap().unwrap();
    }
    s.close();
    let err = s.final_response().unwrap_err();
    let Error::Stream(e) = err else { panic!() };
    let StreamError::EndedEarly {
        snapshot: Some(snapshot),
        ..
    } = e.into_inner()
    else {
        panic!()
    };
    assert_eq!(snapshot.output_text(), "The capital of France");
}

#[test]
fn final_response_after_iterating_past_the_end() {
    let mut s = stream("function_call.sse");
    while s.next().is_some() {}
    assert!(s.next().is_none());
    assert!(s.final_response().unwrap().is_completed());
}

#[test]
fn untyped_error_payload_and_empty_data() {
    let body = concat!(
        "data:\n\n",
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n",
        "data: {\"error\":{\"code\":502,\"message\":\"Provider returned error\"}}\n\n",
        "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n",
    );
    let events: Vec<_> = ResponseStream::from_reader(body.as_bytes()).collect();
    assert_eq!(types(&events), ["response.created", "<error>"]);
    let api = api_error(events[1].as_ref().unwrap_err());
    assert_eq!(api.code, Some(ErrorCode::Number(502)));
    assert_eq!(api.message, "Provider returned error");
}

#[test]
fn untyped_object_without_error_is_unknown() {
    let body = "data: {\"note\":\"hello\"}\n\ndata: [DONE]\n\n";
    let events: Vec<_> = ResponseStream::from_reader(body.as_bytes()).collect();
    assert!(matches!(&events[..], [Ok(StreamEvent::Unknown(v))] if v["note"] == "hello"));
}

/// An event written as JSON, after checking that it kept the member `name`
/// (`0`) and taking it out.
fn without(event: &StreamEvent, name: &str) -> serde_json::Value {
    let mut written = serde_json::to_value(event).unwrap();
    let kept = written.as_object_mut().and_then(|m| m.remove(name));
    assert_eq!(kept, Some(serde_json::json!(0)), "{name} was not kept");
    written
}

#[test]
fn every_fixture_event_decodes_the_same_by_either_way() {
    // Text events of the plain shape, and the text messages of final
    // responses, are read by a direct decoder; an unknown member at the end
    // makes it step aside, so the widened text goes through serde_json alone,
    // which keeps the member with the payload's unmodelled ones. Both must
    // give the same event but for that member, for every data line of every
    // fixture.
    let mut compared = 0;
    for entry in fs::read_dir(fixture_path("")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let text = fs::read_to_string(&path).expect("utf-8 fixture");
        for line in text.lines() {
            let Some(data) = line.strip_prefix("data: ") else {
                continue;
            };
            let Ok(event) = StreamEvent::from_json(data) else {
                continue;
            };
            // The kinds the direct decoder reads.
            let direct_kind = matches!(
                event,
                StreamEvent::OutputTextDelta(_)
                    | StreamEvent::OutputTextDone(_)
                    | StreamEvent::RefusalDelta(_)
                    | StreamEvent::ReasoningTextDelta(_)
                    | StreamEvent::ReasoningSummaryTextDelta(_)
                    | StreamEvent::FunctionCallArgumentsDelta(_)
                    | StreamEvent::RefusalDone(_)
                    | StreamEvent::ReasoningTextDone(_)
                    | StreamEvent::ReasoningSummaryTextDone(_)
                    | StreamEvent::FunctionCallArgumentsDone(_)
                    | StreamEvent::ContentPartAdded(_)
                    | StreamEvent::ContentPartDone(_)
                    | StreamEvent::OutputItemAdded(_)
                    | StreamEvent::OutputItemDone(_)
                    | StreamEvent::Completed(_)
                    | StreamEvent::Incomplete(_)
                    | StreamEvent::Failed(_)
                    | StreamEvent::Done(_)
            );
            if !direct_kind {
                continue;
            }
            let Some(body) = data.trim_end().strip_suffix('}') else {
                continue;
            };
            if body.trim_end().ends_with('{') {
                continue;
            }
            let widened = format!("{body},\"zz_not_a_member\":0}}");
            let again = StreamEvent::from_json(&widened)
                .unwrap_or_else(|e| panic!("{}: {widened}: {e}", path.display()));
            assert_eq!(
                without(&again, "zz_not_a_member"),
                serde_json::to_value(&event).unwrap(),
                "{}: {data}",
                path.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 60, "only {compared} events compared");
}

#[test]
fn a_long_final_response_decodes_the_same_by_either_way() {
    // Long lifecycle events have their text messages read directly; an
    // unknown member right after the `type` sends the same event through
    // serde_json alone.
    let text = "Words, \"quotes\", café 日本 🦀\\n\t".repeat(2000);
    for ty in [
        "response.completed",
        "response.incomplete",
        "response.failed",
        "response.done",
    ] {
        let response = serde_json::json!({
            "id": "resp_1", "status": "completed",
            "output": [
                {"type": "reasoning", "id": "r", "summary": []},
                {"type": "message", "id": "m", "role": "assistant", "status": "completed",
                 "content": [{"type": "output_text", "text": text, "annotations": []}]}
            ],
            "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}
        });
        // The server's member order: `type` first.
        let event = format!(r#"{{"type":"{ty}","response":{response},"sequence_number":7}}"#);
        assert!(event.len() > 64 * 1024);
        let direct = StreamEvent::from_json(&event).expect("decodes");
        let widened = event.replacen(&format!("\"{ty}\","), &format!("\"{ty}\",\"zz\":0,"), 1);
        assert_ne!(widened, event);
        let again = StreamEvent::from_json(&widened).expect("decodes");
        assert_eq!(
            without(&again, "zz"),
            serde_json::to_value(&direct).unwrap()
        );
        assert_eq!(direct.event_type(), ty);
        assert_eq!(direct.sequence_number(), Some(7));
    }
}

// The fuzz targets' check that decoding loses nothing.
#[path = "../fuzz/fuzz_targets/kept.rs"]
mod kept;
use kept::kept;

#[test]
fn unknown_members_of_events_are_kept_and_written_back() {
    for data in [
        // A kind the direct decoder reads: it steps aside for the member.
        r#"{"type":"response.output_text.delta","output_index":0,"item_id":"m","content_index":0,"delta":"Hi","obfuscation":"x7Q"}"#,
        // Kinds serde_json reads.
        r#"{"type":"response.web_search_call.searching","output_index":1,"item_id":"ws","sequence_number":3,"provider":{"name":"p"}}"#,
        r#"{"type":"error","code":"rate_limit_exceeded","message":"slow","param":null,"retry_in":[1,2]}"#,
        r#"{"type":"response.completed","response":{"id":"r","status":"completed","output":[]},"trace":"t-1"}"#,
        // A function-call event with a `content_index` it does not model,
        // read directly.
        r#"{"type":"response.function_call_arguments.delta","output_index":0,"item_id":"fc","content_index":0,"delta":"{\"a\""}"#,
    ] {
        let event = StreamEvent::from_json(data).unwrap();
        assert!(!matches!(event, StreamEvent::Unknown(_)), "{data}");
        // The payload keeps just what it does not model (not the `type`).
        match &event {
            StreamEvent::OutputTextDelta(d) => {
                assert_eq!(
                    d.extra,
                    *serde_json::json!({"obfuscation": "x7Q"})
                        .as_object()
                        .unwrap()
                )
            }
            StreamEvent::FunctionCallArgumentsDelta(d) => {
                assert_eq!(
                    d.extra,
                    *serde_json::json!({"content_index": 0}).as_object().unwrap()
                )
            }
            StreamEvent::Completed(e) => {
                assert_eq!(
                    e.extra,
                    *serde_json::json!({"trace": "t-1"}).as_object().unwrap()
                )
            }
            _ => {}
        }
        let read: serde_json::Value = serde_json::from_str(data).unwrap();
        let written = serde_json::to_value(&event).unwrap();
        assert!(kept(&read, &written), "{data} -> {written}");
        // `type` is written once, not again from the kept members.
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(
            text.matches(&format!("\"type\":\"{}\"", event.event_type()))
                .count(),
            1,
            "{text}"
        );
    }
}

/// A text answer whose terminal event is `terminal` (a whole `data:` line).
fn answer_ending_with(text: &str, terminal: &str) -> String {
    let delta = serde_json::json!({"type": "response.output_text.delta", "item_id": "msg_1",
        "output_index": 0, "content_index": 0, "delta": text});
    format!(
        concat!(
            "data: {{\"type\":\"response.created\",\"response\":{{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}}}\n\n",
            "data: {{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}}}\n\n",
            "data: {}\n\n",
            "data: {}\n\n",
            "data: [DONE]\n\n",
        ),
        delta, terminal
    )
}

fn terminal_undecodable(body: &str) -> (Option<Box<openrouter_responses::Response>>, String) {
    let err = ResponseStream::from_reader(io::Cursor::new(body.to_owned()))
        .final_response()
        .unwrap_err();
    assert_eq!(err.to_string(), "the terminal event could not be decoded");
    let Error::Stream(s) = err else {
        panic!("{err:?}")
    };
    let StreamError::TerminalUndecodable { snapshot, decode } = s.into_inner() else {
        panic!("not undecodable")
    };
    (snapshot, decode.body)
}

#[test]
fn an_undecodable_terminal_event_is_reported_with_its_text_and_the_snapshot() {
    // `usage` is an object in the model; a string does not fit.
    let completed = r#"{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[],"usage":"many"}}"#;
    let (snapshot, body) = terminal_undecodable(&answer_ending_with("Hello there", completed));
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hello there");
    assert_eq!(body, completed);

    // `type` after the response, and `response.incomplete`.
    let incomplete = r#"{"response":{"id":"resp_1","status":"incomplete","output":7},"type":"response.incomplete"}"#;
    let (snapshot, body) = terminal_undecodable(&answer_ending_with("Hi", incomplete));
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hi");
    assert_eq!(body, incomplete);

    // A text of 64 KiB or more is not buffered as it comes; the error still
    // holds the whole event.
    let long = "ab".repeat(40_000);
    let completed = serde_json::json!({"type": "response.completed", "response": {
        "id": "resp_1", "status": "completed", "usage": [],
        "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                    "content": [{"type": "output_text", "text": long, "annotations": []}]}]}})
    .to_string();
    let (snapshot, body) = terminal_undecodable(&answer_ending_with(&long, &completed));
    assert_eq!(snapshot.expect("a snapshot").output_text(), long);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body.to_string(), completed);

    // The iterator hands the same event out as a decode error, and goes on.
    let events: Vec<_> =
        ResponseStream::from_reader(io::Cursor::new(answer_ending_with("Hi", incomplete)))
            .collect();
    assert_eq!(events.len(), 4);
    assert!(matches!(&events[3], Err(Error::Decode(d)) if d.body == incomplete));
}

#[test]
fn other_undecodable_events_are_skipped_by_final_response() {
    // A delta whose `content_index` is not a number, then a good ending.
    let bad = r#"{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":"x","delta":"lost"}"#;
    let completed = r#"{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[]}}"#;
    let body = answer_ending_with("Kept", completed).replacen(
        "data: {\"type\":\"response.completed\"",
        &format!("data: {bad}\n\ndata: {{\"type\":\"response.completed\""),
        1,
    );
    let response = ResponseStream::from_reader(io::Cursor::new(body))
        .final_response()
        .unwrap();
    assert!(response.is_completed());
    assert_eq!(response.output_text(), "Kept");
}

/// `item` finds an item by its `output_index`, not by its position in the
/// snapshot's `output`: items arrive out of order here, and one index is
/// skipped.
#[test]
fn item_is_found_by_output_index() {
    use openrouter_responses::OutputItem;
    let events = [
        r#"{"type":"response.output_item.added","output_index":2,"item":{"type":"function_call","id":"fc_2","call_id":"call_2","name":"second","arguments":""}}"#,
        r#"{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","id":"fc_0","call_id":"call_0","name":"first","arguments":""}}"#,
        r#"{"type":"response.function_call_arguments.delta","item_id":"fc_2","output_index":2,"delta":"{}"}"#,
    ];
    let body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    assert!(s.item(0).is_none());
    let name = |s: &ResponseStream, i: usize| match s.item(i) {
        Some(OutputItem::FunctionCall(c)) => Some((c.name.clone(), c.arguments.clone())),
        _ => None,
    };
    s.next().unwrap().unwrap();
    assert_eq!(name(&s, 2), Some(("second".into(), "".into())));
    assert!(s.item(0).is_none());
    s.next().unwrap().unwrap();
    assert_eq!(name(&s, 0), Some(("first".into(), "".into())));
    assert_eq!(name(&s, 2), Some(("second".into(), "".into())));
    assert!(s.item(1).is_none());
    s.next().unwrap().unwrap();
    assert_eq!(name(&s, 2), Some(("second".into(), "{}".into())));
    assert_eq!(name(&s, 0), Some(("first".into(), "".into())));
    // Positions in the snapshot follow the indices.
    assert_eq!(s.snapshot().unwrap().output.len(), 2);
}

/// Many items in descending `output_index` order (each goes in before all
/// the others) end in `output_index` order, each found by its index: a
/// stream of 20 000 such items is read in a moment, not in the minutes of
/// moving every item placed so far for each new one.
#[test]
fn many_items_in_descending_order_are_placed_in_order() {
    use openrouter_responses::OutputItem;
    const N: usize = 20_000;
    let mut body = String::new();
    for i in (0..N).rev() {
        body += &format!(
            "data: {{\"type\":\"response.output_item.added\",\"output_index\":{i},\"item\":{{\"type\":\"function_call\",\"id\":\"fc_{i}\",\"call_id\":\"call_{i}\",\"name\":\"f\",\"arguments\":\"\"}}}}\n\n"
        );
        if i % 1000 == 0 {
            body += &format!(
                "data: {{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_{i}\",\"output_index\":{i},\"delta\":\"{{}}\"}}\n\n"
            );
        }
    }
    body += "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}\n\n";
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    assert!(s.by_ref().all(|e| e.is_ok()));
    for i in [0, 1, 999, 1000, N / 2, N - 1] {
        match s.item(i) {
            Some(OutputItem::FunctionCall(c)) => assert_eq!(c.call_id, format!("call_{i}")),
            other => panic!("{i}: {other:?}"),
        }
    }
    let r = s.final_response().unwrap();
    assert_eq!(r.output.len(), N);
    for (i, item) in r.output.iter().enumerate() {
        let call = item.as_function_call().unwrap();
        assert_eq!(call.call_id, format!("call_{i}"));
        assert_eq!(call.arguments, if i % 1000 == 0 { "{}" } else { "" });
    }
}

/// A server that never announces its message (no `output_item.added`) and
/// closes with a response without output: the text the deltas carried is
/// the final response's, through every way of reading the stream.
#[test]
fn text_of_an_unannounced_message_reaches_the_final_response() {
    let body = concat!(
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"Hi \"}\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"there\"}\n\n",
        "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}\n\n",
        "data: [DONE]\n\n",
    );
    let open = || ResponseStream::from_reader(io::Cursor::new(body));
    assert_eq!(open().final_response().unwrap().output_text(), "Hi there");
    let mut s = open();
    assert_eq!(
        s.text_deltas().collect::<Result<String, _>>().unwrap(),
        "Hi there"
    );
    assert_eq!(s.final_response().unwrap().output_text(), "Hi there");
    let mut s = open();
    assert_eq!(s.by_ref().count(), 4);
    let r = s.final_response().unwrap();
    assert_eq!(r.output_text(), "Hi there");
    assert!(
        matches!(&r.output[0], openrouter_responses::OutputItem::Message(m) if m.id == "msg_1")
    );
}

/// A response that fails or is cancelled while its items stream, and whose
/// terminal event carries no output: the items it cut off are `incomplete`
/// in the snapshot and the final response, not left `in_progress`.
#[test]
fn items_cut_off_by_a_failed_or_cancelled_response_are_incomplete() {
    let head = concat!(
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"status\":\"in_progress\",\"output\":[]}}\n\n",
        "data: {\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"item_id\":\"rs\",\"summary_index\":0,\"delta\":\"Hmm\"}\n\n",
        "data: {\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"\",\"status\":\"in_progress\"}}\n\n",
        "data: {\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"item_id\":\"fc\",\"delta\":\"{\\\"a\\\"\"}\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":2,\"item_id\":\"m\",\"content_index\":0,\"delta\":\"Hal\"}\n\n",
    );
    let statuses = |r: &openrouter_responses::Response| -> Vec<serde_json::Value> {
        let written = serde_json::to_value(r).unwrap();
        let output = written["output"].as_array().unwrap().clone();
        output.iter().map(|i| i["status"].clone()).collect()
    };
    for (end, status, failed) in [
        (
            r#"{"type":"response.failed","response":{"id":"r","status":"failed","output":[],"error":{"code":"server_error","message":"boom"}}}"#,
            "failed",
            true,
        ),
        (
            r#"{"type":"response.done","response":{"id":"r","status":"cancelled","output":[]}}"#,
            "cancelled",
            false,
        ),
    ] {
        let body = format!("{head}data: {end}\n\ndata: [DONE]\n\n");
        let open = || ResponseStream::from_reader(io::Cursor::new(body.clone()));
        // Iterated: the failure is the last item, and the snapshot holds the
        // items cut off.
        let mut s = open();
        let last = s.by_ref().last().unwrap();
        assert_eq!(last.is_err(), failed, "{status}");
        let snapshot = s.snapshot().unwrap();
        assert_eq!(snapshot.status.as_ref().map(|s| s.as_str()), Some(status));
        assert_eq!(
            statuses(snapshot),
            ["incomplete", "incomplete", "incomplete"],
            "{status}"
        );
        // Read whole: the same response, with what streamed.
        let r = open().final_response().unwrap();
        assert_eq!(statuses(&r), ["incomplete", "incomplete", "incomplete"]);
        assert_eq!(r.output_text(), "Hal");
        assert_eq!(r.output[1].as_function_call().unwrap().arguments, "{\"a\"");
    }
}

#[test]
fn a_stream_read_with_its_own_answer_and_limit_reports_them() {
    let http =
        openrouter_responses::HttpInfo::new(203, vec![("X-Generation-Id".into(), "gen-7".into())]);
    let body = fixture("error_flat.sse");
    let mut s = ResponseStream::from_reader_with(io::Cursor::new(body.clone()), http, 1 << 20);
    assert_eq!(s.http().status, 203);
    let err = s.find_map(Result::err).unwrap();
    assert_eq!(api_error(&err).http.generation_id(), Some("gen-7"));
    assert_eq!(api_error(&err).status, 203);
    // The limit given is the one in force.
    let small = openrouter_responses::HttpInfo::new(200, vec![]);
    let mut s = ResponseStream::from_reader_with(io::Cursor::new(body), small, 40);
    let err = s.find_map(Result::err).unwrap();
    assert!(
        matches!(&err, Error::Stream(e) if matches!(**e, StreamError::LineTooLong { limit: 40 })),
        "{err:?}"
    );
}

#[test]
fn final_response_after_an_error_event_was_iterated_gives_that_error_again() {
    for name in ["error_flat.sse", "error_nested.sse", "response_error.sse"] {
        let mut s = stream(name);
        let err = s.by_ref().find_map(Result::err).unwrap();
        let again = s.final_response().unwrap_err();
        assert_eq!(
            again.api_error().map(|e| (&e.message, &e.code, e.origin)),
            err.api_error().map(|e| (&e.message, &e.code, e.origin)),
            "{name}"
        );
    }
    // A failed response stays a response.
    let mut s = stream("failed.sse");
    assert!(s.by_ref().any(|e| e.is_err()));
    assert!(s.final_response().unwrap().is_failed());
}

/// The same, for an error event with a member of an unexpected type (read
/// leniently) and for an error envelope sent as the whole body: the error
/// handed out by the iterator, or by `next_event`, is `final_response`'s.
#[test]
fn final_response_after_any_iterated_api_error_gives_it_again() {
    let created = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n";
    let bodies = [
        format!("{created}data: {{\"type\":\"error\",\"code\":429.5,\"message\":\"slow down\"}}\n\n"),
        format!("{created}data: {{\"type\":\"error\",\"code\":\"x\",\"message\":\"slow down\",\"param\":5}}\n\n"),
        "{\n  \"error\": {\"code\": 502, \"message\": \"slow down\"}\n}".to_owned(),
    ];
    for body in bodies {
        let fresh = || ResponseStream::from_reader(io::Cursor::new(body.clone()));
        let mut s = fresh();
        let err = s.by_ref().find_map(Result::err).unwrap();
        assert_eq!(
            err.api_error().map(|e| e.message.as_str()),
            Some("slow down")
        );
        let again = s.final_response().unwrap_err();
        assert_eq!(
            again.api_error().map(|e| (&e.message, &e.code, e.origin)),
            err.api_error().map(|e| (&e.message, &e.code, e.origin)),
            "{body}: {again:?}"
        );
        let mut s = fresh();
        let err = loop {
            match s.next_event().expect("an error") {
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        let again = s.final_response().unwrap_err();
        assert_eq!(
            again.api_error().map(|e| &e.message),
            err.api_error().map(|e| &e.message),
            "{body}: {again:?}"
        );
    }
}

#[test]
fn iterating_ends_at_an_undecodable_terminal_event() {
    let completed = r#"{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[],"usage":"many"}}"#;
    // A server that sends on after it: nothing more is read.
    let body = answer_ending_with("Hello there", completed).replace(
        "data: [DONE]\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"item_id\":\"msg_1\",\"delta\":\"late\"}\n\n",
    );
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    let results: Vec<_> = s.by_ref().collect();
    assert!(
        matches!(results.last(), Some(Err(Error::Decode(d))) if d.body == completed),
        "{results:?}"
    );
    assert!(s.is_finished() && s.ended_early());
    assert_eq!(s.snapshot().unwrap().output_text(), "Hello there");
}

#[test]
fn a_streamed_message_without_an_id_keeps_its_text() {
    let body = concat!(
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"status\":\"in_progress\",\"output\":[]}}\n\n",
        "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"item_id\":\"\",\"delta\":\"Hel\"}\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"item_id\":\"\",\"delta\":\"lo\"}\n\n",
        "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\"}}\n\n",
    );
    let response = ResponseStream::from_reader(io::Cursor::new(body))
        .final_response()
        .unwrap();
    assert_eq!(response.output_text(), "Hello");
    // Sent back, the message has no empty `id`.
    let item = serde_json::to_value(&response.output[0]).unwrap();
    assert!(item.get("id").is_none(), "{item}");
}

/// The closing events of a text part repeat it with `"annotations": []`
/// (as the spec's examples of one stream do: `annotation.added`, then
/// `content_part.done` and `output_item.done` with no annotations, then a
/// `response.completed` without output): the citations and log
/// probabilities the stream delivered are kept.
#[test]
fn closing_events_without_annotations_keep_the_streamed_ones() {
    use serde_json::json;
    let part = json!({"type": "output_text", "text": "See [1].", "annotations": []});
    let events = [
        json!({"type": "response.created", "sequence_number": 0,
               "response": {"id": "r", "status": "in_progress", "output": []}}),
        json!({"type": "response.output_item.added", "output_index": 0, "sequence_number": 1,
               "item": {"type": "message", "id": "m", "role": "assistant",
                        "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "item_id": "m", "output_index": 0,
               "content_index": 0, "sequence_number": 2,
               "part": {"type": "output_text", "text": "", "annotations": []}}),
        json!({"type": "response.output_text.delta", "item_id": "m", "output_index": 0,
               "content_index": 0, "delta": "See [1].", "sequence_number": 3,
               "logprobs": [{"token": "See", "logprob": -0.5, "top_logprobs": []}]}),
        json!({"type": "response.output_text.annotation.added", "item_id": "m",
               "output_index": 0, "content_index": 0, "annotation_index": 0,
               "sequence_number": 4,
               "annotation": {"type": "url_citation", "url": "https://example.com/1",
                              "title": "One", "start_index": 4, "end_index": 7}}),
        json!({"type": "response.output_text.done", "item_id": "m", "output_index": 0,
               "content_index": 0, "text": "See [1].", "logprobs": [], "sequence_number": 5}),
        json!({"type": "response.content_part.done", "item_id": "m", "output_index": 0,
               "content_index": 0, "part": part, "sequence_number": 6}),
        json!({"type": "response.output_item.done", "output_index": 0, "sequence_number": 7,
               "item": {"type": "message", "id": "m", "role": "assistant",
                        "status": "completed", "content": [part]}}),
        json!({"type": "response.completed", "sequence_number": 8,
               "response": {"id": "r", "status": "completed", "output": []}}),
    ];
    let body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    let check = |response: &openrouter_responses::Response| {
        let urls: Vec<_> = response.url_citations().map(|c| c.url.as_str()).collect();
        assert_eq!(urls, ["https://example.com/1"]);
        let openrouter_responses::OutputItem::Message(m) = &response.output[0] else {
            panic!("{:?}", response.output)
        };
        let text = m.content[0].as_output_text().unwrap();
        assert_eq!(text.logprobs.as_ref().map(Vec::len), Some(1));
        assert_eq!(
            m.status,
            Some(openrouter_responses::response::ItemStatus::Completed)
        );
    };
    // Through the iterator, `next_event` and `final_response` alike.
    let mut stream = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    for event in stream.by_ref() {
        event.unwrap();
    }
    check(stream.snapshot().unwrap());
    let mut stream = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    while let Some(event) = stream.next_event() {
        event.unwrap();
    }
    check(stream.snapshot().unwrap());
    check(
        &ResponseStream::from_reader(io::Cursor::new(body))
            .final_response()
            .unwrap(),
    );
}

#[test]
fn a_stream_of_many_items_in_order_is_folded_in_time_linear_in_its_size() {
    // A hostile or broken server sending item after item (here 100 000,
    // 25 MB, each with a delta): each event finds its item without going
    // through the others, so the whole takes seconds, not a time growing
    // with the square of their number (minutes).
    let mut body = String::new();
    for i in 0..100_000 {
        body.push_str(&format!(
            "data: {{\"type\":\"response.output_item.added\",\"output_index\":{i},\"item\":{{\"type\":\"message\",\"id\":\"m{i}\",\"role\":\"assistant\",\"content\":[]}}}}\n\n\
             data: {{\"type\":\"response.output_text.delta\",\"item_id\":\"m{i}\",\"output_index\":{i},\"content_index\":0,\"delta\":\"x\"}}\n\n"
        ));
    }
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stream = ResponseStream::from_reader(io::Cursor::new(body.into_bytes()));
        let text: Result<String, Error> = stream.text_deltas().collect();
        let items = stream.snapshot().map(|r| r.output.len());
        let _ = done.send((text.map(|t| t.len()), items));
    });
    let result = finished.recv_timeout(std::time::Duration::from_secs(60));
    let Ok((text, items)) = result else {
        panic!("not folded within 60 s")
    };
    assert_eq!(text.unwrap(), 100_000);
    assert_eq!(items, Some(100_000));
}

/// A server that sends no `response.output_item.added`, refusing: the
/// refusal the deltas carried is the final response's, as the output text
/// is.
#[test]
fn refusal_of_an_unannounced_message_reaches_the_final_response() {
    let body = concat!(
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n",
        "data: {\"type\":\"response.refusal.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"I can't \"}\n\n",
        "data: {\"type\":\"response.refusal.delta\",\"output_index\":0,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"help\"}\n\n",
        "data: {\"type\":\"response.refusal.done\",\"output_index\":1,\"item_id\":\"msg_2\",\"content_index\":0,\"refusal\":\"No.\"}\n\n",
        "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}\n\n",
        "data: [DONE]\n\n",
    );
    let open = || ResponseStream::from_reader(io::Cursor::new(body));
    let check = |r: openrouter_responses::Response| {
        assert_eq!(r.refusal().as_deref(), Some("I can't helpNo."));
        let ids: Vec<_> = r.output.iter().filter_map(|i| i.id()).collect();
        assert_eq!(ids, ["msg_1", "msg_2"]);
    };
    check(open().final_response().unwrap());
    let mut s = open();
    assert_eq!(s.text_deltas().count(), 0);
    check(s.final_response().unwrap());
    let mut s = open();
    assert_eq!(s.by_ref().count(), 5);
    check(s.final_response().unwrap());
}

/// `response.done` (the docs' name for `response.completed`) is a terminal
/// event when it does not decode too: `final_response` reports it with its
/// text, and the iterator reads nothing after it; carrying a failed response,
/// it reports that response's error, as `response.failed` does.
#[test]
fn an_undecodable_response_done_is_a_terminal_event() {
    let done = r#"{"type":"response.done","response":{"id":"resp_1","status":"completed","output":[],"usage":"many"}}"#;
    let (snapshot, body) = terminal_undecodable(&answer_ending_with("Hello there", done));
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hello there");
    assert_eq!(body, done);

    let body = answer_ending_with("Hello there", done).replace(
        "data: [DONE]\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"item_id\":\"msg_1\",\"delta\":\"late\"}\n\n",
    );
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    let results: Vec<_> = s.by_ref().collect();
    assert!(
        matches!(results.last(), Some(Err(Error::Decode(d))) if d.body == done),
        "{results:?}"
    );
    assert!(s.is_finished() && s.ended_early());

    let failed = r#"{"type":"response.done","response":{"id":"resp_1","status":"failed","output":[],"usage":"many","error":{"code":"server_error","message":"the provider failed"}}}"#;
    let mut s = ResponseStream::from_reader(io::Cursor::new(answer_ending_with("Hi", failed)));
    let err = s.by_ref().find_map(Result::err).unwrap();
    assert_eq!(
        err.api_error().map(|e| e.message.as_str()),
        Some("the provider failed"),
        "{err:?}"
    );
    assert!(s.is_finished());
}

/// A stream is finished as soon as its terminal event is handed out, by the
/// iterator or lent out by `next_event`, before it is asked for more.
#[test]
fn a_stream_is_finished_once_its_terminal_event_is_handed_out() {
    let transcript = concat!(
        "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n",
        "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n",
        "data: [DONE]\n\n",
    );
    let mut s = ResponseStream::from_reader(transcript.as_bytes());
    assert!(s.next().unwrap().is_ok());
    assert!(!s.is_finished(), "more to come");
    assert!(s.next().unwrap().unwrap().is_terminal());
    assert!(s.is_finished() && !s.ended_early());
    assert!(s.next().is_none());
    assert!(s.is_finished() && !s.ended_early());

    let mut s = ResponseStream::from_reader(transcript.as_bytes());
    drop(s.next_event().unwrap().unwrap());
    let event = s.next_event().unwrap().unwrap();
    assert!(event.is_terminal());
    drop(event);
    assert!(s.is_finished() && !s.ended_early());
    assert!(s.next_event().is_none());
    assert!(s.is_finished());
}

/// The errors of a stream come with its status and headers, as
/// `ResponseStream::http` gives them.
#[test]
fn a_streams_errors_carry_its_http_info() {
    let http = HttpInfo::new(200, vec![("x-generation-id".into(), "gen-7".into())]);
    let transcript = concat!(
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\n",
        "data: {\"type\":\"response.output_text.delta\",\"output_index\":\"zero\"}\n\n",
    );
    let mut s = ResponseStream::from_reader_with(transcript.as_bytes(), http.clone(), 1 << 20);
    assert!(s.next().unwrap().is_ok());
    let err = s.next().unwrap().unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.http(), Some(&http));
    let err = s.final_response().unwrap_err();
    assert!(matches!(&err, Error::Stream(e) if matches!(**e, StreamError::EndedEarly { .. })));
    assert_eq!(err.http().and_then(HttpInfo::generation_id), Some("gen-7"));
}

/// A stream that `max_output_tokens` cuts in the middle of a call's
/// arguments: the call built from the deltas is `incomplete`, and the final
/// response has no call to run.
#[test]
fn a_call_cut_off_by_max_output_tokens_is_not_run() {
    let transcript = concat!(
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}\n\n",
        "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"get_time\",\"arguments\":\"\",\"status\":\"in_progress\"}}\n\n",
        "data: {\"type\":\"response.function_call_arguments.delta\",\"output_index\":0,\"item_id\":\"fc_1\",\"delta\":\"{\\\"zone\\\":\\\"Europe/Pa\"}\n\n",
        "data: {\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_1\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[]}}\n\n",
    );
    let response = ResponseStream::from_reader(transcript.as_bytes())
        .final_response()
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(response.function_calls().count(), 0);
    let call = response.output[0].as_function_call().unwrap();
    assert_eq!(call.arguments, "{\"zone\":\"Europe/Pa");
    assert!(call.is_incomplete());
    assert!(matches!(
        call.parse_arguments::<serde_json::Value>(),
        Err(Error::Incomplete(_))
    ));
}

//! How a stream's end reaches `final_response`: a stream closed by its
//! caller, a decode error that ended it (a terminal event that did not
//! decode, a body that is no stream).

use std::io;

use openrouter_responses::{Error, ResponseStream, StreamDelta, StreamError, TransportKind};

/// A response started and a message that streams `text`, without an end.
fn started(text: &str) -> String {
    let delta = serde_json::json!({"type": "response.output_text.delta", "item_id": "msg_1",
        "output_index": 0, "content_index": 0, "delta": text});
    format!(
        concat!(
            "data: {{\"type\":\"response.created\",\"response\":{{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}}}\n\n",
            "data: {{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}}}\n\n",
            "data: {}\n\n",
        ),
        delta
    )
}

/// The early end `final_response` answered, with what ended it.
fn ended_early(err: Error) -> (Option<Box<openrouter_responses::Response>>, Option<Error>) {
    let Error::Stream(failure) = err else {
        panic!("not a stream error: {err:?}")
    };
    match failure.into_inner() {
        StreamError::EndedEarly { snapshot, cause } => (snapshot, cause),
        other => panic!("not an early end: {other:?}"),
    }
}

#[test]
fn a_stream_closed_by_its_caller_ends_early_as_a_stopped_one_not_worth_a_retry() {
    let mut s = ResponseStream::from_reader(io::Cursor::new(started("Hel")));
    for _ in 0..3 {
        s.next().expect("an event").expect("decoded");
    }
    s.close();
    let err = s.final_response().unwrap_err();
    assert!(!err.is_retryable(), "the caller stopped it: {err:?}");
    let source = std::error::Error::source(&err).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("the call was stopped"));
    let (snapshot, cause) = ended_early(err);
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hel");
    let Some(Error::Transport(t)) = &cause else {
        panic!("{cause:?}")
    };
    assert_eq!(t.kind(), TransportKind::Stopped);

    // Closed through `deltas()` half-way, the same.
    let mut s = ResponseStream::from_reader(io::Cursor::new(started("Hel")));
    assert_eq!(
        s.deltas().next().unwrap().unwrap(),
        StreamDelta::Text("Hel".into())
    );
    s.close();
    assert!(!s.final_response().unwrap_err().is_retryable());
}

#[test]
fn closing_a_stream_that_had_already_ended_keeps_what_ended_it() {
    // A body that ended cleanly before its terminal event: worth a retry,
    // also when closed afterwards.
    let mut s = ResponseStream::from_reader(io::Cursor::new(started("Hel")));
    assert_eq!(s.by_ref().count(), 3);
    s.close();
    let err = s.final_response().unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    assert!(ended_early(err).1.is_none());

    // After the terminal event, closing changes nothing: the response is whole.
    let done = started("Hi")
        + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n";
    let mut s = ResponseStream::from_reader(io::Cursor::new(done));
    assert_eq!(s.by_ref().count(), 4);
    s.close();
    assert_eq!(s.final_response().unwrap().output_text(), "Hi");
}

/// The terminal event that did not decode, as `final_response` answers it.
fn undecodable_end(err: Error) -> (Option<Box<openrouter_responses::Response>>, String) {
    assert!(!err.is_retryable(), "{err:?}");
    let Error::Stream(failure) = err else {
        panic!("not a stream error: {err:?}")
    };
    match failure.into_inner() {
        StreamError::TerminalUndecodable { snapshot, decode } => {
            assert!(decode.source.to_string().contains("expected"), "{decode:?}");
            (snapshot, decode.body)
        }
        other => panic!("not an undecodable end: {other:?}"),
    }
}

#[test]
fn an_undecodable_terminal_event_already_handed_out_is_still_final_responses_answer() {
    // `usage` is an object in the model; a string does not fit.
    let completed = r#"{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[],"usage":"many"}}"#;
    let body = format!("{}data: {completed}\n\ndata: [DONE]\n\n", started("Hello"));

    // Read by `final_response` alone.
    let whole = ResponseStream::from_reader(io::Cursor::new(body.clone())).final_response();
    let (snapshot, text) = undecodable_end(whole.unwrap_err());
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hello");
    assert_eq!(text, completed);

    // The iterator hands the event out as a decode error first.
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let last = s.by_ref().last().expect("events");
    let Err(Error::Decode(handed)) = &last else {
        panic!("{last:?}")
    };
    assert_eq!(handed.body, completed);
    let err = s.final_response().unwrap_err();
    // The same JSON error, as its message.
    let source = std::error::Error::source(&err).and_then(std::error::Error::source);
    assert_eq!(
        source.map(ToString::to_string),
        Some(handed.source.to_string())
    );
    let (snapshot, text) = undecodable_end(err);
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hello");
    assert_eq!(text, completed);

    // So do `text_deltas()` and `deltas()`.
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let got: Vec<_> = s.text_deltas().collect();
    assert!(
        matches!(&got[..], [Ok(t), Err(Error::Decode(_))] if t == "Hello"),
        "{got:?}"
    );
    assert_eq!(
        undecodable_end(s.final_response().unwrap_err()).1,
        completed
    );
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    assert_eq!(s.deltas().count(), 2);
    assert_eq!(
        undecodable_end(s.final_response().unwrap_err()).1,
        completed
    );
}

#[test]
fn an_event_that_did_not_decode_before_the_end_is_no_undecodable_end() {
    // A delta whose `delta` is a number: skipped, and the body ends early.
    let body = started("Hi")
        + "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":7}\n\n";
    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    let last = s.by_ref().last().expect("events");
    assert!(matches!(last, Err(Error::Decode(_))), "{last:?}");
    let err = s.final_response().unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    let (snapshot, cause) = ended_early(err);
    assert_eq!(snapshot.expect("a snapshot").output_text(), "Hi");
    assert!(cause.is_none(), "{cause:?}");
}

#[test]
fn a_body_that_is_no_stream_is_final_responses_decode_error_also_after_the_iterator() {
    let body = "<html>bad gateway</html>";
    let direct = ResponseStream::from_reader(io::Cursor::new(body)).final_response();
    let Err(Error::Decode(d)) = direct else {
        panic!("{direct:?}")
    };
    assert_eq!(d.body, body);

    let mut s = ResponseStream::from_reader(io::Cursor::new(body));
    let got: Vec<_> = s.by_ref().collect();
    assert!(matches!(&got[..], [Err(Error::Decode(_))]), "{got:?}");
    let after = s.final_response();
    let Err(Error::Decode(d)) = after else {
        panic!("{after:?}")
    };
    assert_eq!(d.body, body);
}

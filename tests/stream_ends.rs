//! How a stream's end reaches `final_response`: a stream closed by its
//! caller.

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

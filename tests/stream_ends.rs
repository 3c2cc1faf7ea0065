//! How a stream's end reaches `final_response` and the delta iterators: a
//! stream closed by its caller, a decode error that ended it (a terminal
//! event that did not decode, a body that is no stream), and the text known
//! but not handed out yet when the stream ends without its terminal event.

use std::io::{self, Read};

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

/// A response whose message and reasoning items were announced with their
/// text, which no delta and no closing event carried, then `end`.
fn announced_whole(end: &str) -> String {
    let added = |i: usize, item: serde_json::Value| {
        let event = serde_json::json!({"type": "response.output_item.added",
            "output_index": i, "item": item});
        format!("data: {event}\n\n")
    };
    let reasoning = serde_json::json!({"type": "reasoning", "id": "rs_1",
        "summary": [{"type": "summary_text", "text": "Thought."}]});
    let message = serde_json::json!({"type": "message", "id": "msg_1",
        "role": "assistant", "status": "in_progress",
        "content": [{"type": "output_text", "text": "Known", "annotations": []}]});
    let part = serde_json::json!({"type": "response.content_part.added", "item_id": "msg_1",
        "output_index": 1, "content_index": 1,
        "part": {"type": "output_text", "text": " text", "annotations": []}});
    format!(
        "data: {{\"type\":\"response.created\",\"response\":{{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}}}\n\n{}{}data: {part}\n\n{end}",
        added(0, reasoning),
        added(1, message),
    )
}

/// What `deltas()` and `text_deltas()` yield of `body` (`broken`: the
/// connection breaks after it), errors by their `Display`.
fn yielded(body: &str, broken: bool) -> (Vec<String>, Vec<String>) {
    let open = || -> ResponseStream {
        let body = io::Cursor::new(body.to_owned());
        if broken {
            ResponseStream::from_reader(Broken(body))
        } else {
            ResponseStream::from_reader(body)
        }
    };
    let shown = |r: Result<String, Error>| r.unwrap_or_else(|e| format!("error: {e}"));
    let mut s = open();
    let deltas = s
        .deltas()
        .map(|d| shown(d.map(|d| format!("{d:?}"))))
        .collect();
    let mut s = open();
    let text = s.text_deltas().map(shown).collect();
    (deltas, text)
}

/// Checks that `deltas()` yielded the reasoning and the text that came
/// without deltas, and `text_deltas()` the text, each then one error, which
/// `error` accepts.
fn known_then_error(body: &str, broken: bool, error: impl Fn(&str) -> bool) {
    let (deltas, text) = yielded(body, broken);
    assert_eq!(text.len(), 3, "{text:?}");
    assert_eq!(text[..2], ["Known", " text"]);
    assert!(error(&text[2]), "{text:?}");
    assert_eq!(deltas.len(), 4, "{deltas:?}");
    assert!(deltas[0].starts_with("ReasoningSummary") && deltas[0].contains("Thought."));
    assert_eq!(deltas[1..3], ["Text(\"Known\")", "Text(\" text\")"]);
    assert_eq!(deltas[3], text[2]);
}

#[test]
fn text_known_without_deltas_comes_before_an_error_event_that_ends_the_stream() {
    let error =
        "data: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"overloaded\"}\n\n";
    known_then_error(&announced_whole(error), false, |e| {
        e.starts_with("error: ") && e.contains("overloaded")
    });
}

#[test]
fn text_known_without_deltas_comes_before_a_broken_connections_error() {
    known_then_error(&announced_whole(""), true, |e| {
        e == "error: reading the body failed"
    });
}

#[test]
fn text_known_without_deltas_comes_when_a_body_ends_before_its_terminal_event() {
    let mut s = ResponseStream::from_reader(io::Cursor::new(announced_whole("")));
    let text: Vec<String> = s.text_deltas().collect::<Result<_, _>>().unwrap();
    assert_eq!(text, ["Known", " text"]);
    assert!(s.ended_early());
    // Once: the iterator read again, or `deltas()` after it, yields nothing more.
    assert!(s.text_deltas().next().is_none());
    assert!(s.deltas().next().is_none());
}

/// Serves the body, then fails each read.
struct Broken(io::Cursor<String>);

impl Read for Broken {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self.0.read(out)? {
            0 => Err(io::Error::new(io::ErrorKind::ConnectionReset, "reset")),
            n => Ok(n),
        }
    }
}

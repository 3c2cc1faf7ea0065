//! How a stream's end reaches `final_response` and the delta iterators: a
//! stream closed by its caller, an error that ended it while
//! `final_response` itself read (a stop, a shutdown, a timeout, a broken
//! connection, a size limit), a decode error that ended it (a terminal
//! event that did not decode, a body that is no stream), and the text known
//! but not handed out yet when the stream ends without its terminal event.

mod common;

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use common::{chunk, raw, sse_created, sse_head, RawScript, RawServer, CHUNKED_SSE_HEAD};
use openrouter_responses::{
    Error, RequestOptions, ResponseStream, StopHandle, StreamDelta, StreamError, TimeoutKind,
    TransportKind,
};

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

/// `response.created`, then the `response.completed` of `text` whose data
/// line ends with `end` and no blank line after it.
fn completed_without_blank_line(text: &str, end: &str) -> String {
    let completed = common::sse_completed(text);
    let line = completed.trim_end_matches('\n');
    format!("{}{line}{end}", sse_created())
}

/// The answer a client gets for an event stream sent by `script`.
fn answered(script: impl FnOnce(TcpStream) + Send + 'static) -> Result<String, Error> {
    let server = RawServer::start(vec![raw(script)]);
    let client = common::quick_client("sk-test", server.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let stream = client.stream(&common::hello())?;
    stream.final_response().map(|r| r.output_text())
}

#[test]
fn an_event_without_its_blank_line_at_a_clean_end_of_the_body_is_read() {
    for end in ["\n", "\r\n", "\r"] {
        let body = completed_without_blank_line("Whole", end);
        // Framed by its length, read to the last byte.
        let framed = body.clone();
        let by_length = answered(move |mut s| {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
            let _ = write!(s, "{head}Content-Length: {}\r\n\r\n{framed}", framed.len());
            let _ = s.flush();
        });
        assert_eq!(by_length.unwrap(), "Whole", "{end:?}, by its length");
        // Chunked, with the last chunk that ends the body.
        let chunked = body.clone();
        let by_chunks = answered(move |mut s| {
            let _ = write!(s, "{CHUNKED_SSE_HEAD}{}0\r\n\r\n", chunk(&chunked));
            let _ = s.flush();
        });
        assert_eq!(by_chunks.unwrap(), "Whole", "{end:?}, chunked");
        // Ended with its connection (no length, no chunks).
        let unframed = body.clone();
        let by_close = answered(move |mut s| {
            let _ = write!(s, "{}{unframed}", sse_head(&[]));
            let _ = s.flush();
        });
        assert_eq!(
            by_close.unwrap(),
            "Whole",
            "{end:?}, ended by its connection"
        );
        // Replayed from a recording.
        let replayed = ResponseStream::from_reader(io::Cursor::new(body)).final_response();
        assert_eq!(
            replayed.unwrap().output_text(),
            "Whole",
            "{end:?}, replayed"
        );
    }
}

#[test]
fn an_event_without_its_blank_line_in_a_body_cut_short_is_lost() {
    let body = completed_without_blank_line("Whole", "\n");
    // The framing error, worth a retry: the cause of an early end that
    // keeps what arrived.
    let is_broken = |e: Error| {
        let broken =
            matches!(e.underlying(), Error::Stream(s) if matches!(**s, StreamError::Io(_)));
        let retryable = e.is_retryable();
        let (snapshot, _) = ended_early(e);
        broken && retryable && snapshot.is_some_and(|r| r.id == "resp_sse")
    };
    // A length that promised more than came.
    let framed = body.clone();
    let err = answered(move |mut s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
        let _ = write!(
            s,
            "{head}Content-Length: {}\r\n\r\n{framed}",
            framed.len() + 1
        );
        let _ = s.flush();
    })
    .unwrap_err();
    assert!(is_broken(err), "by its length");
    // Chunks without the last chunk.
    let chunked = body.clone();
    let err = answered(move |mut s| {
        let _ = write!(s, "{CHUNKED_SSE_HEAD}{}", chunk(&chunked));
        let _ = s.flush();
    })
    .unwrap_err();
    assert!(is_broken(err), "chunked");
}

#[test]
fn a_last_line_without_its_line_end_is_lost_even_at_a_clean_end() {
    // The line may be cut: its event is not read, and the stream ended early.
    let body = completed_without_blank_line("Whole", "");
    let framed = body.clone();
    let err = answered(move |mut s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
        let _ = write!(s, "{head}Content-Length: {}\r\n\r\n{framed}", framed.len());
        let _ = s.flush();
    })
    .unwrap_err();
    let (snapshot, cause) = ended_early(err);
    assert_eq!(snapshot.map(|r| r.id), Some("resp_sse".to_string()));
    assert!(cause.is_none());
    // The same with a whole line after it that is no data (a comment).
    let body = format!(
        "{}\n: keep-alive",
        completed_without_blank_line("Whole", "")
    );
    let r = ResponseStream::from_reader(io::Cursor::new(body)).final_response();
    assert!(ended_early(r.unwrap_err()).1.is_none());
}

#[test]
fn an_event_at_the_end_of_the_body_that_does_not_decode_is_lost_not_an_error() {
    // Its data in two lines (as a server may send long JSON), cut after the
    // first: the event was cut, and the stream ended early.
    let completed = common::sse_completed("Whole");
    let json = completed.trim_start_matches("data: ").trim_end();
    let (first, _) = json.split_at(json.len() / 2);
    let body = format!("{}data: {first}\n", sse_created());
    let mut s = ResponseStream::from_reader(io::Cursor::new(body.clone()));
    let results: Vec<_> = s.by_ref().collect();
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(results[0].is_ok());
    assert!(s.ended_early());
    let r = ResponseStream::from_reader(io::Cursor::new(body)).final_response();
    let (snapshot, cause) = ended_early(r.unwrap_err());
    assert_eq!(snapshot.map(|r| r.id), Some("resp_sse".to_string()));
    assert!(cause.is_none());
}

// ---------------------------------------------------------------------------
// An error that ends the stream while `final_response` itself reads: the
// same early end, with what arrived, as when the iterator met it.

/// How the stream of a case ends, once what the server sent has arrived.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cut {
    /// The call is stopped through its handle (the server holds the body).
    Stop,
    /// The client is shut down (the server holds the body).
    Shutdown,
    /// The server holds the body past the read timeout.
    Stall,
    /// The connection is reset.
    Reset,
    /// An event line over the event size limit comes.
    TooLong,
}

impl Cut {
    const ALL: [Cut; 5] = [
        Cut::Stop,
        Cut::Shutdown,
        Cut::Stall,
        Cut::Reset,
        Cut::TooLong,
    ];

    /// Whether `err` is the error of this end, as the iterator reports it.
    fn is_it(self, err: &Error) -> bool {
        let stream = common::stream_error;
        match self {
            Cut::Stop => matches!(err, Error::Transport(t) if t.kind() == TransportKind::Stopped),
            Cut::Shutdown => {
                matches!(err, Error::Transport(t) if t.kind() == TransportKind::Shutdown)
            }
            Cut::Stall => matches!(err, Error::Timeout(t) if t.kind() == TimeoutKind::Read),
            Cut::Reset => matches!(stream(err), Some(StreamError::Io(_))),
            Cut::TooLong => matches!(stream(err), Some(StreamError::LineTooLong { .. })),
        }
    }

    /// Whether that error is worth a retry.
    fn retryable(self) -> bool {
        matches!(self, Cut::Stall | Cut::Reset)
    }
}

/// A chunked event stream: `sent` (nothing when empty), then the end `cut`
/// brings about on the server's side.
fn cut_stream(sent: &str, cut: Cut) -> RawScript {
    let sent = sent.to_owned();
    raw(move |mut s: TcpStream| {
        let _ = s.write_all(CHUNKED_SSE_HEAD.as_bytes());
        if !sent.is_empty() {
            let _ = s.write_all(chunk(&sent).as_bytes());
        }
        let _ = s.flush();
        match cut {
            Cut::Reset => {
                thread::sleep(Duration::from_millis(100));
                common::reset(s);
            }
            Cut::TooLong => {
                let line = format!("data: {}\n\n", "x".repeat(2000));
                let _ = s.write_all(chunk(&line).as_bytes());
                let _ = s.flush();
                thread::sleep(Duration::from_millis(500));
            }
            Cut::Stop | Cut::Shutdown | Cut::Stall => thread::sleep(Duration::from_secs(3)),
        }
    })
}

/// A client for a [`cut_stream`] server: a read timeout of 300 ms for a
/// stall (5 s otherwise, past the stop at 300 ms), events of at most 1000
/// bytes, no retries.
fn cut_client(server: &RawServer, cut: Cut) -> openrouter_responses::Client {
    let read_timeout = if cut == Cut::Stall { 300 } else { 5000 };
    common::quick_client("sk-test", server.base_url())
        .read_timeout(Duration::from_millis(read_timeout))
        .max_event_size(1000)
        .max_retries(0)
        .build()
        .unwrap()
}

/// The error of `final_response` of a stream whose server sends `sent` and
/// then ends as `cut` says (a stop or a shutdown 300 ms in); with `iterate`,
/// after the iterator read the stream to its end, whose last item (the
/// error it reported) comes first.
fn final_of_cut(sent: &str, cut: Cut, iterate: bool) -> (Option<Error>, Error) {
    let server = RawServer::start(vec![cut_stream(sent, cut)]);
    let client = cut_client(&server, cut);
    let handle = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&handle);
    let mut stream = client.stream_with(&common::hello(), &options).unwrap();
    let stopper = {
        let client = client.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            match cut {
                Cut::Stop => handle.stop(),
                Cut::Shutdown => client.shutdown(),
                Cut::Stall | Cut::Reset | Cut::TooLong => {}
            }
        })
    };
    let reported = if iterate {
        stream.by_ref().last().and_then(Result::err)
    } else {
        None
    };
    let err = stream.final_response().unwrap_err();
    stopper.join().unwrap();
    (reported, err)
}

#[test]
fn an_error_met_by_final_response_itself_ends_the_stream_early_keeping_what_arrived() {
    for cut in Cut::ALL {
        let (_, err) = final_of_cut(&started("Hel"), cut, false);
        assert_eq!(err.is_retryable(), cut.retryable(), "{cut:?}: {err:?}");
        assert!(cut.is_it(err.underlying()), "{cut:?}: {err:?}");
        assert_eq!(err.http().map(|h| h.status), Some(200), "{cut:?}");
        let (snapshot, cause) = ended_early(err);
        let partial = snapshot.unwrap_or_else(|| panic!("{cut:?}: nothing kept"));
        assert_eq!(partial.output_text(), "Hel", "{cut:?}");
        assert_eq!(partial.id, "resp_1", "{cut:?}");
        let cause = cause.unwrap_or_else(|| panic!("{cut:?}: no cause"));
        assert!(cut.is_it(&cause), "{cut:?}: {cause:?}");
        assert_eq!(cause.is_retryable(), cut.retryable(), "{cut:?}");
    }
}

#[test]
fn final_response_answers_an_error_the_same_whether_it_or_the_iterator_met_it() {
    for cut in Cut::ALL {
        let (reported, after_iterating) = final_of_cut(&started("Hel"), cut, true);
        // The iterator reports the error itself, as before.
        let reported = reported.unwrap_or_else(|| panic!("{cut:?}: no error reported"));
        assert!(cut.is_it(&reported), "{cut:?}: {reported:?}");
        let (_, direct) = final_of_cut(&started("Hel"), cut, false);
        let shape = |err: Error| {
            let said = (err.to_string(), err.underlying().to_string());
            let retryable = err.is_retryable();
            let (snapshot, cause) = ended_early(err);
            let text = snapshot.map(|r| r.output_text());
            (said, retryable, text, cause.is_some_and(|c| cut.is_it(&c)))
        };
        let shown = shape(direct);
        assert_eq!(shape(after_iterating), shown, "{cut:?}");
        assert_eq!(shown.2.as_deref(), Some("Hel"), "{cut:?}");
        assert!(shown.3, "{cut:?}: {shown:?}");
    }
}

#[test]
fn an_error_before_any_event_is_an_early_end_without_a_snapshot() {
    // One shape for an error that ended the stream, whatever had arrived:
    // `snapshot` is `None`, the cause and `is_retryable` as with one.
    for cut in [Cut::Stop, Cut::Stall, Cut::Reset] {
        for iterate in [false, true] {
            let (reported, err) = final_of_cut("", cut, iterate);
            if iterate {
                let reported = reported.unwrap_or_else(|| panic!("{cut:?}: no error"));
                assert!(cut.is_it(&reported), "{cut:?}: {reported:?}");
            }
            assert_eq!(err.is_retryable(), cut.retryable(), "{cut:?}: {err:?}");
            assert!(cut.is_it(err.underlying()), "{cut:?}, {iterate}: {err:?}");
            let (snapshot, cause) = ended_early(err);
            assert!(snapshot.is_none(), "{cut:?}, {iterate}: {snapshot:?}");
            assert!(cause.is_some_and(|c| cut.is_it(&c)), "{cut:?}, {iterate}");
        }
    }
}

#[test]
fn an_error_event_met_by_final_response_is_still_the_servers_error() {
    let error = "data: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"down\"}\n\n";
    let body = started("Hel") + error;
    let err = ResponseStream::from_reader(io::Cursor::new(body))
        .final_response()
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.message, "down");
    // Nothing underneath: the error itself.
    assert!(std::ptr::eq(err.underlying(), &err));
}

#[test]
fn send_of_an_event_stream_keeps_what_arrived_when_its_body_stalls_or_is_stopped() {
    for cut in [Cut::Stall, Cut::Stop] {
        let server = RawServer::start(vec![cut_stream(&started("Hel"), cut)]);
        let client = cut_client(&server, cut);
        let handle = StopHandle::new();
        let stopper = handle.clone();
        let stop = thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            if cut == Cut::Stop {
                stopper.stop();
            }
        });
        let options = RequestOptions::new().stop_handle(&handle);
        let err = client.send_with(&common::hello(), &options).unwrap_err();
        stop.join().unwrap();
        assert_eq!(err.is_retryable(), cut.retryable(), "{cut:?}: {err:?}");
        assert!(cut.is_it(err.underlying()), "{cut:?}: {err:?}");
        let (snapshot, _) = ended_early(err);
        let text = snapshot.map(|r| r.output_text());
        assert_eq!(text.as_deref(), Some("Hel"), "{cut:?}");
    }
}

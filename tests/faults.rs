//! A server that misbehaves on purpose: resets, stalls, endless bodies, odd
//! content types, bytes that are not UTF-8, redirects to other hosts, TLS
//! spoken to a plain socket. Every fault gives its documented typed error (or
//! a successful retry), nothing panics, and every test is bounded in time.
//!
//! Faults already covered elsewhere (connection refused, a clean close before
//! the status line and mid-body, a silent server, keep-alive comments, a
//! stalled stream after its first event, `Retry-After` in seconds and in
//! milliseconds, 5xx retries, 4xx never retried, a begun stream never
//! retried, undecodable 200 bodies, both content-type switches) live in
//! `tests/send.rs` and `tests/stream.rs`.

mod common;

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::hello as request;
use common::{
    chunk, completed_json, no_retries, raw, reset, sse_completed, sse_created, sse_data, sse_head,
    stream_error, RawServer, Reply, Server, CHUNKED_SSE_HEAD,
};
use openrouter_responses::sse::DEFAULT_MAX_EVENT_SIZE;
use openrouter_responses::{
    Client, ClientBuilder, DecodeTarget, Error, RequestOptions, StreamError, StreamEvent,
    TimeoutKind, TransportKind, DEFAULT_BASE_URL, DEFAULT_MAX_BODY_SIZE,
};
use serde_json::json;

/// A recognisable key: no error text may ever contain it, or its tail.
const KEY: &str = "sk-or-v1-faultkey-SECRET-7f3a9c1e5b";
const KEY_TAIL: &str = "SECRET-7f3a9c1e5b";

fn builder(base_url: String) -> ClientBuilder {
    common::quick_client(KEY, base_url)
}

fn client(base_url: String) -> Client {
    builder(base_url).build().expect("client builds")
}

fn json_head(extra: &str) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}\r\n")
}

/// Lets the client read what was written before the socket is reset: a reset
/// that overtakes unread bytes makes the kernel drop them.
fn settle() {
    thread::sleep(Duration::from_millis(150));
}

/// A connection that broke part-way: ureq reports a reset inside a body of
/// known length (Content-Length, chunked) as an unexpected end of file.
fn is_broken(err: &Error) -> bool {
    matches!(
        stream_error(err),
        Some(StreamError::Io(e)) if matches!(
            e.kind(),
            io::ErrorKind::ConnectionReset | io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionAborted
        )
    )
}

fn is_ended_early(err: &Error) -> bool {
    matches!(stream_error(err), Some(StreamError::EndedEarly { .. }))
}

// ---------------------------------------------------------------------------
// Resets

#[test]
fn a_reset_before_the_status_line_is_a_transport_error_retried_up_to_the_limit() {
    let server = RawServer::start(vec![raw(reset), raw(reset), raw(reset), raw(reset)]);
    let started = Instant::now();
    let err = builder(server.base_url())
        .max_retries(2)
        .build()
        .unwrap()
        .send(&request())
        .unwrap_err();
    match &err {
        Error::Transport(t) => assert_eq!(t.kind(), TransportKind::Io, "{err:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(
        server.request_count(),
        3,
        "the first attempt and two retries"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_reset_before_the_status_line_then_a_good_answer_succeeds() {
    let good = completed_json("after the reset");
    let server = RawServer::start(vec![
        raw(reset),
        raw(move |mut s| {
            let head = json_head(&format!("Content-Length: {}\r\n", good.len()));
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(good.as_bytes());
            settle();
        }),
    ]);
    for stream in [false, true] {
        if stream {
            // The same fault before a stream's status line: retried as well.
            let server = RawServer::start(vec![
                raw(reset),
                raw(|mut s| {
                    let _ = s.write_all(sse_head(&[]).as_bytes());
                    let _ = s.write_all((sse_created() + &sse_completed("streamed")).as_bytes());
                }),
            ]);
            let response = client(server.base_url())
                .stream(&request())
                .unwrap()
                .final_response()
                .unwrap();
            assert_eq!(response.output_text(), "streamed");
            assert_eq!(server.request_count(), 2);
        } else {
            let response = client(server.base_url()).send(&request()).unwrap();
            assert_eq!(response.output_text(), "after the reset");
            assert_eq!(server.request_count(), 2);
        }
    }
}

#[test]
fn a_reset_after_the_headers_of_a_json_answer_is_a_stream_io_error() {
    let server = RawServer::start(vec![
        raw(|mut s| {
            let _ = s.write_all(json_head("Content-Length: 900\r\n").as_bytes());
            let _ = s.flush();
            settle();
            reset(s);
        }),
        raw(|_| {}),
    ]);
    let err = client(server.base_url()).send(&request()).unwrap_err();
    assert!(is_broken(&err), "{err:?}");
    // The answer had begun: the request is not sent again.
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_reset_in_the_middle_of_a_json_body_is_a_stream_io_error() {
    for framing in ["Content-Length: 900\r\n", "Transfer-Encoding: chunked\r\n"] {
        let body = completed_json("cut");
        let half = body.as_bytes()[..body.len() / 2].to_vec();
        let chunked = framing.contains("chunked");
        let server = RawServer::start(vec![raw(move |mut s| {
            let _ = s.write_all(json_head(framing).as_bytes());
            if chunked {
                let _ = write!(s, "{:x}\r\n", body.len());
            }
            let _ = s.write_all(&half);
            let _ = s.flush();
            settle();
            reset(s);
        })]);
        let err = client(server.base_url()).send(&request()).unwrap_err();
        assert!(is_broken(&err), "{framing:?}: {err:?}");
        // A new request may well succeed, but the client does not send one
        // by itself once the headers have arrived.
        assert!(err.is_retryable());
        thread::sleep(Duration::from_millis(50));
        assert_eq!(server.request_count(), 1, "{framing:?}: not re-sent");
    }
}

#[test]
fn a_reset_in_a_body_without_a_length_is_a_truncated_body() {
    // Without Content-Length or chunking the body ends when the connection
    // does, and ureq reads a reset there as that end: what arrived is
    // decoded, and being cut short it is a decode error with the raw text.
    let body = completed_json("cut");
    let half = body[..body.len() / 2].to_string();
    let sent = half.clone();
    let server = RawServer::start(vec![raw(move |mut s| {
        let _ = s.write_all(json_head("Connection: close\r\n").as_bytes());
        let _ = s.write_all(sent.as_bytes());
        let _ = s.flush();
        settle();
        reset(s);
    })]);
    let err = client(server.base_url()).send(&request()).unwrap_err();
    match &err {
        Error::Decode(d) => assert_eq!(d.body, half),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn a_reset_right_after_a_streams_headers_ends_it_with_one_io_error() {
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(CHUNKED_SSE_HEAD.as_bytes());
        let _ = s.flush();
        settle();
        reset(s);
    })]);
    let mut stream = client(server.base_url()).stream(&request()).unwrap();
    let err = stream.next().unwrap().unwrap_err();
    assert!(is_broken(&err), "{err:?}");
    assert!(stream.next().is_none());
    assert!(stream.snapshot().is_none());
}

#[test]
fn a_reset_in_the_middle_of_an_sse_event_keeps_what_arrived() {
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(CHUNKED_SSE_HEAD.as_bytes());
        let _ = s.write_all(chunk(&sse_created()).as_bytes());
        let partial = b"data: {\"type\":\"response.output_text.delta\",\"delta\":\"partial\"}\n\n";
        // A chunk header for the whole event, and only half of it.
        let _ = write!(s, "{:x}\r\n", partial.len());
        let _ = s.write_all(&partial[..20]);
        let _ = s.flush();
        settle();
        reset(s);
    })]);
    let mut stream = client(server.base_url()).stream(&request()).unwrap();
    assert!(matches!(stream.next(), Some(Ok(StreamEvent::Created(_)))));
    let err = stream.next().unwrap().unwrap_err();
    assert!(is_broken(&err), "{err:?}");
    assert!(stream.next().is_none());
    assert_eq!(stream.snapshot().map(|r| r.id.as_str()), Some("resp_sse"));
    // The request is not sent again.
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_reset_in_a_stream_without_a_length_ends_it_early_with_what_arrived() {
    // A close-delimited stream: ureq reads a reset as the end of the body, so
    // the iterator simply ends; final_response says the end came too early
    // and keeps what arrived.
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(sse_created().as_bytes());
        let _ = s.write_all(b"data: {\"type\":\"resp");
        let _ = s.flush();
        settle();
        reset(s);
    })]);
    let err = client(server.base_url())
        .stream(&request())
        .unwrap()
        .final_response()
        .unwrap_err();
    assert!(is_ended_early(&err), "{err:?}");
    match stream_error(&err) {
        Some(StreamError::EndedEarly { snapshot, .. }) => {
            assert_eq!(snapshot.as_ref().map(|r| r.id.as_str()), Some("resp_sse"));
        }
        _ => unreachable!(),
    }
}

#[test]
fn a_reset_in_the_middle_of_an_error_body_still_gives_the_api_error() {
    let server = RawServer::start(vec![
        raw(|mut s| {
            let _ = s.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>overl",
            );
            let _ = s.flush();
            settle();
            reset(s);
        }),
        raw(|mut s| {
            let body = completed_json("second try");
            let head = json_head(&format!("Content-Length: {}\r\n", body.len()));
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body.as_bytes());
            settle();
        }),
    ]);
    let err = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.api_error().unwrap().body.starts_with("<html>overl"));
    // What was decoded is only the part that arrived, and the error says so.
    assert!(err.api_error().unwrap().body_cut_short);
    assert_eq!(
        err.to_string(),
        "api error 503: <html>overl (error body cut short)"
    );
    // With retries allowed the next attempt succeeds.
    let response = client(server.base_url()).send(&request()).unwrap();
    assert_eq!(response.output_text(), "second try");
}

/// The error of one call, without retries and with a read timeout of
/// 250 ms, to a server that stalls for seconds: checked to come within 2 s.
fn send_to_a_stall(server: &RawServer) -> Error {
    let started = Instant::now();
    let err = client(server.base_url())
        .send_with(
            &request(),
            &no_retries().read_timeout(Duration::from_millis(250)),
        )
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "{err:?}");
    err
}

#[test]
fn an_error_body_that_stalls_past_the_idle_timeout_says_it_was_cut_short() {
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\nUpstream overl",
        );
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    })]);
    let err = send_to_a_stall(&server);
    let api = err.api_error().expect("api error");
    assert_eq!((api.status, api.body.as_str()), (503, "Upstream overl"));
    assert!(api.body_cut_short, "{api:?}");
    assert_eq!(
        err.to_string(),
        "api error 503: Upstream overl (error body cut short)"
    );
}

#[test]
fn an_error_body_that_ends_before_its_length_says_it_was_cut_short() {
    let body =
        r#"{"error":{"code":400,"message":"Input too long: 9000 tokens, the limit is 8000"}}"#;
    let cut = &body[..45];
    let server = RawServer::start(vec![
        raw(move |mut s| {
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(cut.as_bytes());
            let _ = s.flush();
            settle();
        }),
        raw(move |mut s| {
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body.as_bytes());
            settle();
        }),
    ]);
    let err = client(server.base_url()).send(&request()).unwrap_err();
    let api = err.api_error().expect("api error");
    assert_eq!((api.status, api.body.as_str()), (400, cut));
    assert!(api.body_cut_short, "{api:?}");
    assert!(
        err.to_string().ends_with(" (error body cut short)"),
        "{err}"
    );
    // A cut body keeps the flag through a log and back.
    let logged = serde_json::to_value(api).unwrap();
    assert_eq!(logged["body_cut_short"], json!(true));
    assert_eq!(
        &serde_json::from_value::<openrouter_responses::ApiError>(logged).unwrap(),
        api
    );
    // A whole one does not have it.
    let err = client(server.base_url()).send(&request()).unwrap_err();
    let api = err.api_error().expect("api error");
    assert!(!api.body_cut_short);
    assert_eq!(
        err.to_string(),
        "api error 400: Input too long: 9000 tokens, the limit is 8000"
    );
    assert!(serde_json::to_value(api)
        .unwrap()
        .get("body_cut_short")
        .is_none());
}

#[test]
fn an_answer_that_is_not_http_is_a_protocol_error() {
    let huge_header = format!(
        "HTTP/1.1 200 OK\r\nX-Big: {}\r\n\r\n",
        "h".repeat(1024 * 1024)
    );
    for answer in [
        "SSH-2.0-OpenSSH_9.6\r\n".to_string(),
        "HTTP/1.1 abc Nope\r\n\r\n".to_string(),
        huge_header,
    ] {
        let shown = answer.chars().take(20).collect::<String>();
        let sent = answer.clone();
        let server = RawServer::start(vec![raw(move |mut s| {
            let _ = s.write_all(sent.as_bytes());
            settle();
        })]);
        let started = Instant::now();
        let err = client(server.base_url())
            .send_with(&request(), &no_retries())
            .unwrap_err();
        match &err {
            Error::Transport(t) => {
                assert_eq!(t.kind(), TransportKind::Protocol, "{shown}: {err:?}")
            }
            other => panic!("{shown}: expected a protocol error, got {other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}

// ---------------------------------------------------------------------------
// Stalls

#[test]
fn a_stream_call_to_a_server_that_never_answers_times_out_and_is_retried() {
    let hold = |s: TcpStream| {
        thread::sleep(Duration::from_secs(3));
        drop(s);
    };
    let server = RawServer::start(vec![raw(hold), raw(hold), raw(hold)]);
    let started = Instant::now();
    let err = builder(server.base_url())
        .response_timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap()
        .stream(&request())
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::ResponseHeaders),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 2);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_stream_that_sends_no_bytes_after_its_headers_hits_the_idle_timeout() {
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    })]);
    let client = builder(server.base_url())
        .read_timeout(Duration::from_millis(250))
        .build()
        .unwrap();
    let mut stream = client.stream(&request()).unwrap();
    let started = Instant::now();
    let err = stream.next().unwrap().unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Read),
        "{err:?}"
    );
    assert!(err.is_timeout() && err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(stream.next().is_none());
}

#[test]
fn a_json_body_that_stalls_hits_the_idle_timeout() {
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(json_head("Content-Length: 400\r\n").as_bytes());
        let _ = s.write_all(b"{\"id\":");
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    })]);
    let err = send_to_a_stall(&server);
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Read),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// Retry-After as an HTTP date

/// `t` (Unix seconds) as an IMF-fixdate, the form `Retry-After` uses.
fn http_date(t: u64) -> String {
    let days = t / 86_400;
    let secs = t % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        months[(month - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[test]
fn http_date_helper_matches_a_known_date() {
    assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(http_date(1_835_438_400), "Tue, 29 Feb 2028 12:00:00 GMT");
}

#[test]
fn a_503_with_a_future_http_date_retry_after_is_waited_for() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"later"}}"#)
            .with_header("Retry-After", &http_date(now + 2)),
        Reply::completed("on time"),
    ]);
    let response = client(server.base_url()).send(&request()).unwrap();
    assert_eq!(response.output_text(), "on time");
    let requests = server.requests();
    let gap = requests[1].at.duration_since(requests[0].at);
    // The date has whole seconds: between one and two seconds remain.
    assert!(
        gap >= Duration::from_millis(900) && gap < Duration::from_secs(4),
        "waited {gap:?}"
    );
}

#[test]
fn a_retry_after_date_far_in_the_future_is_not_waited_for() {
    for date in [
        "Sun, 06 Nov 99999999999999999 08:49:37 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let server = Server::start(vec![
            Reply::json(503, r#"{"error":{"code":503,"message":"later"}}"#)
                .with_header("Retry-After", date),
            Reply::completed("ok"),
        ]);
        let started = Instant::now();
        let result = client(server.base_url()).send(&request());
        assert!(started.elapsed() < Duration::from_secs(3), "{date}");
        // An unreadable date is no date (a normal backoff, then success); a
        // readable one past the cap returns the error at once.
        match result {
            Ok(r) => assert_eq!(r.output_text(), "ok"),
            Err(e) => assert_eq!(e.status(), Some(503), "{date}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Content types

#[test]
fn content_types_are_matched_without_regard_to_case_or_parameters() {
    let sse = sse_created() + &sse_completed("by content type") + "data: [DONE]\n\n";
    let server = Server::start(vec![Reply::text(
        200,
        "Text/Event-Stream; charset=utf-8",
        &sse,
    )]);
    let response = client(server.base_url()).send(&request()).unwrap();
    assert_eq!(response.output_text(), "by content type");

    let server = Server::start(vec![Reply::text(
        200,
        "application/json; charset=utf-8",
        &completed_json("json for a stream"),
    )]);
    let stream = client(server.base_url()).stream(&request()).unwrap();
    assert_eq!(
        stream.final_response().unwrap().output_text(),
        "json for a stream"
    );
}

#[test]
fn a_stream_call_answered_with_a_page_or_a_wrong_shape_is_a_decode_error() {
    for (content_type, body) in [
        ("text/html", "<html>hello</html>"),
        ("application/json", r#"{"output": "not a list"}"#),
        ("application/json", ""),
    ] {
        let server = Server::start(vec![Reply::text(200, content_type, body)]);
        let err = client(server.base_url()).stream(&request()).unwrap_err();
        match &err {
            Error::Decode(d) => {
                assert_eq!(d.what, DecodeTarget::ResponseBody);
                assert_eq!(d.body, body);
            }
            other => panic!("{content_type} {body:?}: expected a decode error, got {other:?}"),
        }
        assert_eq!(server.request_count(), 1, "a decode error is not retried");
    }
}

// ---------------------------------------------------------------------------
// Limits, with bodies generated lazily

/// Writes `head`, then `chunk` again and again until `max` bytes are out or
/// the client goes away. Reports how many body bytes it wrote.
fn endless(head: String, chunk: &'static [u8], max: u64, written: Arc<AtomicU64>) -> Reply {
    Reply::script(move |s| {
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        while written.load(Ordering::SeqCst) < max {
            if s.write_all(chunk).is_err() {
                return;
            }
            written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        }
    })
}

const HUNDRED_MB: u64 = 100 * 1000 * 1000;
static X64K: [u8; 65_536] = [b'x'; 65_536];

#[test]
fn a_100_mb_sse_line_stops_at_the_default_limit() {
    let written = Arc::new(AtomicU64::new(0));
    let head = sse_head(&[]) + "data: ";
    let server = Server::start(vec![endless(head, &X64K, HUNDRED_MB, written.clone())]);
    let started = Instant::now();
    let mut stream = client(server.base_url()).stream(&request()).unwrap();
    let err = stream.next().unwrap().unwrap_err();
    assert!(
        matches!(stream_error(&err), Some(StreamError::LineTooLong { limit }) if *limit == DEFAULT_MAX_EVENT_SIZE),
        "{err:?}"
    );
    assert!(stream.next().is_none());
    drop(stream);
    thread::sleep(Duration::from_millis(100));
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < DEFAULT_MAX_EVENT_SIZE as u64 + 16 * 1024 * 1024,
        "the server wrote {sent} bytes: reading went on past the limit"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_100_mb_sse_line_stops_at_a_small_limit_without_reading_on() {
    let written = Arc::new(AtomicU64::new(0));
    let head = sse_head(&[]) + "data: ";
    let server = Server::start(vec![endless(head, &X64K, HUNDRED_MB, written.clone())]);
    let client = builder(server.base_url())
        .max_event_size(256 * 1024)
        .build()
        .unwrap();
    let err = client
        .stream(&request())
        .unwrap()
        .final_response()
        .unwrap_err();
    // The cause of the early end.
    assert!(
        matches!(
            stream_error(err.underlying()),
            Some(StreamError::LineTooLong { limit: 262_144 })
        ),
        "{err:?}"
    );
    thread::sleep(Duration::from_millis(100));
    // What the socket buffers hold, and no more.
    assert!(written.load(Ordering::SeqCst) < 16 * 1024 * 1024);
}

#[test]
fn many_data_lines_stop_at_the_event_limit() {
    // Short lines, one endless event: the event limit, not the line limit.
    let written = Arc::new(AtomicU64::new(0));
    static LINE: &[u8] =
        b"data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
    let server = Server::start(vec![endless(
        sse_head(&[]),
        LINE,
        HUNDRED_MB,
        written.clone(),
    )]);
    let client = builder(server.base_url())
        .max_event_size(100_000)
        .build()
        .unwrap();
    let mut stream = client.stream(&request()).unwrap();
    let err = stream.next().unwrap().unwrap_err();
    assert!(
        matches!(
            stream_error(&err),
            Some(StreamError::EventTooLarge { limit: 100_000 })
        ),
        "{err:?}"
    );
    assert!(stream.next().is_none());
}

#[test]
fn an_endless_json_body_stops_at_the_default_limit() {
    for framing in ["Connection: close\r\n", "Transfer-Encoding: chunked\r\n"] {
        let written = Arc::new(AtomicU64::new(0));
        let chunked = framing.contains("chunked");
        static CHUNK: &[u8] = b"10000\r\n";
        let head = json_head(framing);
        let server = if chunked {
            // One 64 KiB chunk after another.
            let w = written.clone();
            Server::start(vec![Reply::script(move |s| {
                let _ = s.write_all(head.as_bytes());
                while w.load(Ordering::SeqCst) < HUNDRED_MB {
                    if s.write_all(CHUNK)
                        .and_then(|_| s.write_all(&X64K))
                        .and_then(|_| s.write_all(b"\r\n"))
                        .is_err()
                    {
                        return;
                    }
                    w.fetch_add(X64K.len() as u64, Ordering::SeqCst);
                }
            })])
        } else {
            Server::start(vec![endless(head, &X64K, HUNDRED_MB, written.clone())])
        };
        let started = Instant::now();
        let err = client(server.base_url()).send(&request()).unwrap_err();
        assert!(
            matches!(stream_error(&err), Some(StreamError::BodyTooLarge { limit }) if *limit == DEFAULT_MAX_BODY_SIZE),
            "{framing:?}: {err:?}"
        );
        assert!(!err.is_retryable());
        thread::sleep(Duration::from_millis(100));
        let sent = written.load(Ordering::SeqCst);
        assert!(
            sent < DEFAULT_MAX_BODY_SIZE + 16 * 1024 * 1024,
            "{framing:?}: the server wrote {sent} bytes"
        );
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(server.request_count(), 1);
    }
}

#[test]
fn an_endless_event_stream_answer_to_send_stops_at_the_body_limit() {
    // send() holds the whole answer: an event stream of small deltas that
    // never ends is bounded by max_body_size like a JSON body.
    let written = Arc::new(AtomicU64::new(0));
    static DELTA: &[u8] = b"data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"m\",\"content_index\":0,\"delta\":\"more \"}\n\n";
    let head = sse_head(&[])
        + &sse_created()
        + &sse_data(json!({"type": "response.output_item.added",
        "output_index": 0, "item": {"type": "message", "id": "m", "role": "assistant", "content": []}}));
    let server = Server::start(vec![endless(head, DELTA, HUNDRED_MB, written.clone())]);
    let started = Instant::now();
    let err = builder(server.base_url())
        .max_body_size(1024 * 1024)
        .build()
        .unwrap()
        .send(&request())
        .unwrap_err();
    assert!(
        matches!(
            stream_error(err.underlying()),
            Some(StreamError::BodyTooLarge { limit: 1_048_576 })
        ),
        "{}",
        err
    );
    // The cause of an early end that keeps what arrived, as the stream's
    // `final_response` gives it.
    let Some(StreamError::EndedEarly {
        snapshot: Some(partial),
        ..
    }) = stream_error(&err)
    else {
        panic!("{err}")
    };
    assert!(partial.output_text().starts_with("more more "));
    thread::sleep(Duration::from_millis(100));
    assert!(written.load(Ordering::SeqCst) < 16 * 1024 * 1024);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_declared_length_over_the_limit_is_refused() {
    // The server announces 100 MB but sends a little: the limit is kept all the same.
    let server = Server::start(vec![Reply::script(|s| {
        let _ = s.write_all(json_head("Content-Length: 100000000\r\n").as_bytes());
        let _ = s.write_all(&X64K);
        let _ = s.write_all(&X64K);
        settle();
    })]);
    let err = builder(server.base_url())
        .max_body_size(100_000)
        .build()
        .unwrap()
        .send(&request())
        .unwrap_err();
    assert!(
        matches!(
            stream_error(&err),
            Some(StreamError::BodyTooLarge { limit: 100_000 })
        ),
        "{err:?}"
    );
}

#[test]
fn an_endless_error_body_is_cut_and_still_an_api_error() {
    let written = Arc::new(AtomicU64::new(0));
    let head = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n".to_string();
    let server = Server::start(vec![endless(head, &X64K, HUNDRED_MB, written.clone())]);
    let started = Instant::now();
    let err = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let api = err.api_error().expect("api error");
    assert_eq!(api.status, 500);
    assert_eq!(api.body.len(), 1024 * 1024, "the first MiB is kept");
    assert!(api.message.len() < 1024);
    thread::sleep(Duration::from_millis(100));
    assert!(written.load(Ordering::SeqCst) < 32 * 1024 * 1024);
    assert!(started.elapsed() < Duration::from_secs(10));
}

// ---------------------------------------------------------------------------
// Bytes inside events

#[test]
fn invalid_utf8_inside_an_event_is_replaced_and_the_stream_goes_on() {
    let server = Server::start(vec![Reply::script(|s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(sse_created().as_bytes());
        // Invalid UTF-8 inside a JSON string: decoded with U+FFFD.
        let _ = s.write_all(
            b"data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"m\",\"content_index\":0,\"delta\":\"a\xFF\xC3b\"}\n\n",
        );
        // Invalid UTF-8 where JSON syntax is expected: a decode error, and the stream goes on.
        let _ = s.write_all(b"data: {\"type\":\xFE\xFF}\n\n");
        let _ = s.write_all(sse_completed("after the bad bytes").as_bytes());
    })]);
    let mut stream = client(server.base_url()).stream(&request()).unwrap();
    assert!(matches!(stream.next(), Some(Ok(StreamEvent::Created(_)))));
    match stream.next() {
        Some(Ok(StreamEvent::OutputTextDelta(d))) => assert_eq!(d.delta, "a\u{FFFD}\u{FFFD}b"),
        other => panic!("unexpected {other:?}"),
    }
    match stream.next() {
        Some(Err(Error::Decode(d))) => {
            assert_eq!(d.what, DecodeTarget::StreamEvent);
            assert!(d.body.contains('\u{FFFD}'));
        }
        other => panic!("unexpected {other:?}"),
    }
    let response = stream.final_response().unwrap();
    assert_eq!(response.output_text(), "after the bad bytes");
}

#[test]
fn a_nul_in_an_id_is_ignored_and_the_stream_completes() {
    let server = Server::start(vec![Reply::script(|s| {
        let _ = s.write_all(sse_head(&[]).as_bytes());
        let _ = s.write_all(b"id: evt-1\n");
        let _ = s.write_all(sse_created().as_bytes());
        let _ = s.write_all(b"id: bad\0id\nevent: \0\n");
        let _ = s.write_all(sse_completed("nul survived").as_bytes());
        let _ = s.write_all(b"data: [DONE]\n\n");
    })]);
    let mut stream = client(server.base_url()).stream(&request()).unwrap();
    let events: Vec<_> = stream.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(events.len(), 2);
    assert!(matches!(events[1], StreamEvent::Completed(_)));
    assert_eq!(stream.snapshot().unwrap().output_text(), "nul survived");
}

// ---------------------------------------------------------------------------
// Redirects and the key

#[test]
fn no_redirect_is_followed_and_the_key_never_reaches_the_other_host() {
    for status in [301, 302, 303, 307, 308] {
        for stream in [false, true] {
            let elsewhere =
                Server::start(vec![Reply::completed("stolen"), Reply::completed("stolen")]);
            let location = format!("{}/responses", elsewhere.base_url());
            let server = Server::start(vec![
                Reply::Full {
                    status,
                    headers: vec![("Location".into(), location)],
                    body: b"moved".to_vec(),
                },
                Reply::completed("retried"),
            ]);
            let client = client(server.base_url());
            let err = if stream {
                client.stream(&request()).unwrap_err()
            } else {
                client.send(&request()).unwrap_err()
            };
            assert_eq!(err.status(), Some(status), "{status} stream={stream}");
            assert!(!err.is_retryable());
            assert_eq!(server.request_count(), 1, "{status}: not retried");
            thread::sleep(Duration::from_millis(30));
            assert_eq!(
                elsewhere.request_count(),
                0,
                "{status} stream={stream}: followed"
            );
            let api = err.api_error().unwrap();
            assert!(api.http.header("location").unwrap().ends_with("/responses"));
        }
    }
}

fn assert_no_key(what: &str, text: &str) {
    assert!(
        !text.contains(KEY) && !text.contains(KEY_TAIL),
        "{what} shows the key: {text}"
    );
}

/// Every text an error can produce: Display, Debug, pretty Debug, and the
/// same for each source down the chain.
fn assert_error_hides_key(what: &str, err: &Error) {
    assert_no_key(what, &err.to_string());
    assert_no_key(what, &format!("{err:?}"));
    assert_no_key(what, &format!("{err:#?}"));
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        assert_no_key(what, &s.to_string());
        assert_no_key(what, &format!("{s:?}"));
        source = s.source();
    }
}

#[test]
fn the_key_appears_in_no_error_of_any_kind() {
    let mut errors: Vec<(&str, Error)> = Vec::new();
    let opts = no_retries();

    // Transport: refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = client(format!("http://127.0.0.1:{port}/api/v1"));
    errors.push(("refused", refused.send_with(&request(), &opts).unwrap_err()));

    // Transport: reset before the status line.
    let server = RawServer::start(vec![raw(reset)]);
    errors.push((
        "reset",
        client(server.base_url())
            .send_with(&request(), &opts)
            .unwrap_err(),
    ));

    // Timeouts: headers and idle read.
    let server = RawServer::start(vec![
        raw(|s| {
            thread::sleep(Duration::from_secs(2));
            drop(s);
        }),
        raw(|mut s| {
            let _ = s.write_all(sse_head(&[]).as_bytes());
            thread::sleep(Duration::from_secs(2));
        }),
    ]);
    let impatient = builder(server.base_url())
        .response_timeout(Duration::from_millis(150))
        .read_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    errors.push((
        "header timeout",
        impatient.send_with(&request(), &opts).unwrap_err(),
    ));
    let mut stream = builder(server.base_url())
        .read_timeout(Duration::from_millis(150))
        .build()
        .unwrap()
        .stream_with(&request(), &opts)
        .unwrap();
    errors.push(("idle timeout", stream.next().unwrap().unwrap_err()));

    // Api: 401, 429 with metadata, 3xx, and an error event in a stream.
    let server = Server::start(vec![
        Reply::json(
            401,
            r#"{"error":{"code":401,"message":"No auth credentials found"}}"#,
        ),
        Reply::json(
            429,
            r#"{"error":{"code":429,"message":"slow","metadata":{"x":1}}}"#,
        )
        .with_header("Retry-After", "1"),
        Reply::Full {
            status: 302,
            headers: vec![("Location".into(), "http://127.0.0.1:9/".into())],
            body: Vec::new(),
        },
        Reply::sse(vec![
            sse_created(),
            sse_data(json!({"type": "error", "code": "server_error", "message": "boom"})),
        ]),
        Reply::json(200, "not json"),
        Reply::sse(vec![sse_created(), "data: {broken\n\n".into()]),
        Reply::sse(vec![sse_created()]),
        Reply::completed(&"x".repeat(5000)),
        Reply::sse(vec![format!("data: {}\n\n", "y".repeat(5000))]),
    ]);
    let c = client(server.base_url());
    for what in ["401", "429", "302"] {
        errors.push((what, c.send_with(&request(), &opts).unwrap_err()));
    }
    let results: Vec<_> = c.stream(&request()).unwrap().collect();
    errors.push((
        "error event",
        results.into_iter().last().unwrap().unwrap_err(),
    ));
    // Decode: a 200 body, and one event.
    errors.push(("decode body", c.send(&request()).unwrap_err()));
    let mut stream = c.stream(&request()).unwrap();
    let _ = stream.next();
    errors.push(("decode event", stream.next().unwrap().unwrap_err()));
    // Stream: ended early, body too large, line too large.
    errors.push((
        "ended early",
        c.stream(&request()).unwrap().final_response().unwrap_err(),
    ));
    let small = builder(server.base_url())
        .max_body_size(1000)
        .max_event_size(1000)
        .build()
        .unwrap();
    errors.push(("body too large", small.send(&request()).unwrap_err()));
    errors.push((
        "line too long",
        small
            .stream(&request())
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err(),
    ));
    // Stream: reset mid-body.
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(json_head("Content-Length: 100\r\n").as_bytes());
        let _ = s.write_all(b"{\"id\"");
        settle();
        reset(s);
    })]);
    errors.push((
        "reset mid-body",
        client(server.base_url()).send(&request()).unwrap_err(),
    ));

    // Config: a key that cannot be sent, a bad base URL, a bad header.
    let bad_key = format!("{KEY}\r\nX-Injected: 1");
    errors.push((
        "bad key",
        Client::builder()
            .api_key(bad_key.as_str())
            .build()
            .unwrap_err(),
    ));
    errors.push((
        "bad key, deferred",
        Client::new(bad_key).send(&request()).unwrap_err(),
    ));
    errors.push((
        "bad url",
        Client::builder()
            .api_key(KEY)
            .base_url("ftp://x")
            .build()
            .unwrap_err(),
    ));
    errors.push((
        "bad header",
        Client::builder()
            .api_key(KEY)
            .header("X-Bad", "a\nb")
            .build()
            .unwrap_err(),
    ));

    let kinds: std::collections::HashSet<_> = errors
        .iter()
        .map(|(_, e)| std::mem::discriminant(e))
        .collect();
    assert_eq!(kinds.len(), 6, "every variant provoked: {errors:#?}");
    for (what, err) in &errors {
        assert_error_hides_key(what, err);
    }
}

#[test]
fn the_key_appears_in_no_debug_output() {
    let builder = Client::builder().api_key(KEY).header("X-Other", "fine");
    assert_no_key("builder", &format!("{builder:?}"));
    assert_no_key("builder", &format!("{builder:#?}"));
    let client = builder.build().unwrap();
    assert_no_key("client", &format!("{client:?}"));
    assert_no_key("client", &format!("{client:#?}"));
    let options = RequestOptions::new()
        .header("Authorization", format!("Bearer {KEY}"))
        .header("X-Keep", "visible");
    let shown = format!("{options:?}");
    assert_no_key("options", &shown);
    assert!(
        shown.contains("visible"),
        "other headers still shown: {shown}"
    );
}

#[test]
fn a_per_call_key_is_sent_only_to_the_configured_host() {
    // The per-call Authorization goes where the client goes, and a redirect
    // does not carry it further.
    let elsewhere = Server::start(vec![Reply::completed("stolen")]);
    let server = Server::start(vec![Reply::Full {
        status: 308,
        headers: vec![(
            "Location".into(),
            format!("{}/responses", elsewhere.base_url()),
        )],
        body: Vec::new(),
    }]);
    let options = RequestOptions::new().header("Authorization", format!("Bearer {KEY}"));
    let err = client(server.base_url())
        .send_with(&request(), &options)
        .unwrap_err();
    assert_eq!(err.status(), Some(308));
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    thread::sleep(Duration::from_millis(30));
    assert_eq!(elsewhere.request_count(), 0);
}

// ---------------------------------------------------------------------------
// TLS

#[test]
fn https_is_the_default() {
    assert!(DEFAULT_BASE_URL.starts_with("https://"));
    let client = Client::builder().api_key(KEY).build().unwrap();
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    assert!(Client::new(KEY).base_url().starts_with("https://"));
    // Plain http only when the caller writes it.
    let plain = Client::builder()
        .base_url("http://127.0.0.1:1/api/v1")
        .build()
        .unwrap();
    assert!(plain.base_url().starts_with("http://"));
}

/// A plain-TCP server that answers anything with a plain HTTP response and
/// records how many connections it saw and the first bytes of each.
fn plain_tcp_server() -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut s) = stream else { continue };
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let mut first = [0u8; 64];
            let n = s.read(&mut first).unwrap_or(0);
            let _ = tx.send(first[..n].to_vec());
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            );
            settle();
        }
    });
    (format!("https://{addr}/api/v1"), rx)
}

#[test]
fn https_to_a_plain_tcp_server_fails_with_a_tls_error() {
    let (base_url, seen) = plain_tcp_server();
    let client = builder(base_url).build().unwrap();
    let started = Instant::now();
    for stream in [false, true] {
        let err = if stream {
            client.stream(&request()).unwrap_err()
        } else {
            client.send(&request()).unwrap_err()
        };
        match &err {
            Error::Transport(t) => assert_eq!(t.kind(), TransportKind::Tls, "{err:?}"),
            other => panic!("expected a TLS transport error, got {other:?}"),
        }
        assert!(!err.is_retryable(), "a TLS failure is not retried");
        assert_error_hides_key("tls", &err);
        // The client spoke TLS: a handshake record, never the request in clear.
        let first = seen.recv_timeout(Duration::from_secs(2)).unwrap();
        assert_eq!(first.first(), Some(&0x16), "a TLS handshake record");
        assert!(!String::from_utf8_lossy(&first).contains("POST"));
    }
    assert!(
        seen.recv_timeout(Duration::from_millis(100)).is_err(),
        "one connection per call"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

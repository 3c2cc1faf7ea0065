//! The client's setup and policy: which timeout bounds which wait, how
//! `Retry-After` values are read, what `build()` refuses, which
//! `Authorization` header is sent, and what `Debug` hides.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::hello as request;
use common::{chunk, completed_json, error_chain, raw, RawServer, Reply, Server, CHUNKED_SSE_HEAD};
use openrouter_responses::{
    Client, ClientBuilder, Error, HttpInfo, Request, RequestOptions, ResponseStream, StopHandle,
    StreamError, TimeoutKind,
};

fn builder(base_url: String) -> ClientBuilder {
    Client::builder()
        .api_key("sk-or-review")
        .base_url(base_url)
        .backoff(Duration::from_millis(1), Duration::from_secs(5))
}

fn json_head(len: usize) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n")
}

// ---------------------------------------------------------------------------
// Timeouts: the response timeout bounds the wait for the headers in all, the
// idle read timeout any silence, before the headers (a response-header
// timeout, retried) or after them (a read timeout, not retried).

/// The headers come after `delay`, then the whole JSON body at once.
fn late_json(delay: Duration) -> impl FnOnce(TcpStream) + Send + 'static {
    move |mut s: TcpStream| {
        thread::sleep(delay);
        let body = completed_json("late but in time");
        let _ = write!(s, "{}{body}", json_head(body.len()));
        let _ = s.flush();
        thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn send_waits_for_late_headers_within_both_timeouts() {
    let server = RawServer::start(vec![raw(late_json(Duration::from_millis(500)))]);
    let client = builder(server.base_url())
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let response = client.send(&request()).unwrap();
    assert_eq!(response.output_text(), "late but in time");
    assert_eq!(server.request_count(), 1, "sent once");
}

#[test]
fn a_silence_before_the_headers_longer_than_the_read_timeout_is_a_header_timeout() {
    let late = || raw(late_json(Duration::from_millis(1500)));
    let server = RawServer::start(vec![late(), late(), late()]);
    let client = builder(server.base_url())
        .max_retries(1)
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&request()).unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::ResponseHeaders),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "timed out waiting for response headers (read_timeout: 200 ms)",
        "not said to be waiting for the body"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.request_count(), 2, "retried as a header timeout");

    // Per call, the same.
    let server = RawServer::start(vec![late()]);
    let client = builder(server.base_url()).build().unwrap();
    let options = RequestOptions::new()
        .max_retries(0)
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_millis(200));
    let err = client.send_with(&request(), &options).unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::ResponseHeaders),
        "{err:?}"
    );
}

#[test]
fn a_stalled_body_is_a_read_timeout_and_not_retried() {
    let stall = |mut s: TcpStream| {
        thread::sleep(Duration::from_millis(50));
        let _ = s.write_all(json_head(400).as_bytes());
        let _ = s.write_all(b"{\"id\":");
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    };
    let server = RawServer::start(vec![raw(stall), raw(stall)]);
    let client = builder(server.base_url())
        .max_retries(1)
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_millis(250))
        .build()
        .unwrap();
    let err = client.send(&request()).unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Read),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 1, "a stalled body is never retried");
}

#[test]
fn no_headers_within_the_response_timeout_is_a_header_timeout() {
    let hold = |s: TcpStream| {
        thread::sleep(Duration::from_secs(3));
        drop(s);
    };
    let server = RawServer::start(vec![raw(hold), raw(hold), raw(hold), raw(hold)]);
    let client = builder(server.base_url())
        .max_retries(1)
        .response_timeout(Duration::from_millis(600))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&request()).unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::ResponseHeaders),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 2, "retried once");
    // Two whole waits of the response timeout.
    assert!(elapsed >= Duration::from_millis(1150), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");

    let err = client.stream(&request()).unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::ResponseHeaders),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// The total timeout: one deadline for the whole call, attempts, waits
// between them, and the body or the stream.

#[test]
fn the_total_timeout_bounds_the_wait_for_the_headers_and_is_not_retried() {
    let hold = |s: TcpStream| {
        thread::sleep(Duration::from_secs(3));
        drop(s);
    };
    let server = RawServer::start(vec![raw(hold), raw(hold)]);
    let client = builder(server.base_url())
        .max_retries(3)
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&request()).unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Total),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "timed out at the deadline of the call (total_timeout: 400 ms)"
    );
    assert!(elapsed >= Duration::from_millis(350), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert_eq!(server.request_count(), 1, "not retried");
    // Not retried by the client, but a new request, with a new deadline,
    // may succeed (the README's Reliability section).
    assert!(err.is_retryable());
}

#[test]
fn the_total_timeout_ends_a_stream_kept_alive_by_comments() {
    let keep_alive = |mut s: TcpStream| {
        let _ = s.write_all(common::sse_head(&[]).as_bytes());
        let created = r#"data: {"type":"response.created","response":{"id":"r","output":[]}}"#;
        let _ = write!(s, "{created}\n\n");
        for _ in 0..100 {
            if s.write_all(b": OPENROUTER PROCESSING\n\n").is_err() {
                return;
            }
            let _ = s.flush();
            thread::sleep(Duration::from_millis(30));
        }
    };
    let server = RawServer::start(vec![raw(keep_alive)]);
    let client = builder(server.base_url())
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let options = RequestOptions::new().total_timeout(Duration::from_millis(500));
    let started = Instant::now();
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(matches!(stream.next(), Some(Ok(_))), "the first event");
    let err = stream.next().expect("an error").unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Total),
        "{err:?}"
    );
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert!(stream.next().is_none(), "the stream has ended");
    // Without it, the same stream outlives that deadline.
    let server = RawServer::start(vec![raw(keep_alive)]);
    let client = builder(server.base_url()).build().unwrap();
    let mut stream = client.stream(&request()).unwrap();
    assert!(matches!(stream.next(), Some(Ok(_))));
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(stream.next().map(|r| r.is_ok()));
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(800)).is_err(),
        "still waiting past the other call's deadline"
    );
}

#[test]
fn a_per_call_duration_max_lifts_the_clients_deadline() {
    let server = RawServer::start(vec![raw(late_json(Duration::from_millis(700)))]);
    let client = builder(server.base_url())
        .total_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let options = RequestOptions::new().total_timeout(Duration::MAX);
    let response = client.send_with(&request(), &options).unwrap();
    assert_eq!(response.output_text(), "late but in time");
}

#[test]
fn a_zero_timeout_is_refused_as_a_config_error() {
    // Zero would fail every call at once (a connect timeout retried first);
    // std's `set_read_timeout(Some(ZERO))` refuses it too. A per-call
    // deadline of zero is one already passed: a `Total` timeout (below).
    let base = "http://127.0.0.1:9".to_string();
    let zero = Duration::ZERO;
    let built = [
        (
            "connect_timeout",
            builder(base.clone()).connect_timeout(zero),
        ),
        (
            "response_timeout",
            builder(base.clone()).response_timeout(zero),
        ),
        ("read_timeout", builder(base.clone()).read_timeout(zero)),
        ("total_timeout", builder(base.clone()).total_timeout(zero)),
    ];
    for (name, b) in built {
        match b.build() {
            Err(Error::Config(m)) => assert!(m.to_string().contains(name), "{name}: {m}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    let server = Server::start(vec![Reply::completed("never asked")]);
    let client = builder(server.base_url()).build().unwrap();
    let per_call = [
        (
            "response_timeout",
            RequestOptions::new().response_timeout(zero),
        ),
        ("read_timeout", RequestOptions::new().read_timeout(zero)),
    ];
    for (name, options) in per_call {
        match client.send_with(&request(), &options) {
            Err(Error::Config(m)) => assert!(m.to_string().contains(name), "{name}: {m}"),
            other => panic!("{name}: {other:?}"),
        }
        match client.stream_with(&request(), &options) {
            Err(Error::Config(m)) => assert!(m.to_string().contains(name), "{name}: {m}"),
            other => panic!("{name}: {:?}", other.map(|_| ())),
        }
    }
    assert_eq!(server.request_count(), 0);
}

#[test]
fn no_retry_starts_that_would_pass_the_total_timeout() {
    // A 503 asking for a 2-second wait: within the backoff cap, but past
    // the deadline, so the 503 comes back at once.
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#)
            .with_header("Retry-After", "2"),
        Reply::completed("late"),
    ]);
    let client = builder(server.base_url())
        .total_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&request()).unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(server.request_count(), 1);
    // A per-call deadline replaces the client's: with time for the wait,
    // the retry is made.
    let options = RequestOptions::new().total_timeout(Duration::from_secs(30));
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#)
            .with_header("Retry-After", "1"),
        Reply::completed("in time"),
    ]);
    let client = builder(server.base_url())
        .total_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let response = client.send_with(&request(), &options).unwrap();
    assert_eq!(response.output_text(), "in time");
    assert_eq!(server.request_count(), 2);
    // A deadline of zero fails before anything is sent (to this server:
    // the client is one for it).
    let server = Server::start(vec![Reply::completed("never")]);
    let client = builder(server.base_url()).build().unwrap();
    let options = RequestOptions::new().total_timeout(Duration::ZERO);
    let err = client.send_with(&request(), &options).unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Total),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 0);
}

// ---------------------------------------------------------------------------
// Shutdown: calls in flight on other threads end at once, later calls fail
// without a request.

/// A call of `client` while a clone shuts it down 300 ms in: its error, and
/// how long it took.
fn send_shut_down_after_300_ms(client: &Client) -> (Error, Duration) {
    call_shut_down_after_300_ms(client, |c| c.send(&request()).map(drop))
}

/// The error of `call`, made through `client`, shut down 300 ms in, and how
/// long the call took.
fn call_shut_down_after_300_ms(
    client: &Client,
    call: impl FnOnce(&Client) -> Result<(), Error>,
) -> (Error, Duration) {
    let other = client.clone();
    let stopper = thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        other.shutdown();
    });
    let started = Instant::now();
    let err = call(client).unwrap_err();
    let elapsed = started.elapsed();
    stopper.join().unwrap();
    (err, elapsed)
}

/// A server that answers with a 429 asking for a pause of 20 s, and a
/// client willing to take it (its backoff cap is a minute, with two
/// retries) that tells the receiver each wait it begins.
fn asked_to_wait_20_s() -> (Server, Client, mpsc::Receiver<Duration>) {
    let server = Server::start(vec![Reply::json(
        429,
        r#"{"error":{"code":429,"message":"slow down"}}"#,
    )
    .with_header("Retry-After", "20")]);
    let (waiting, wait_begins) = mpsc::channel();
    let client = builder(server.base_url())
        .max_retries(2)
        .backoff(Duration::from_millis(1), Duration::from_secs(60))
        .on_retry(move |r| {
            let _ = waiting.send(r.wait);
        })
        .build()
        .unwrap();
    (server, client, wait_begins)
}

/// The next event of `stream` while a clone of `client` shuts it down
/// 300 ms in: the error it must be, and how long it took.
fn next_shut_down_after_300_ms(client: &Client, stream: &mut ResponseStream) -> (Error, Duration) {
    call_shut_down_after_300_ms(client, |_| match stream.next() {
        Some(Err(err)) => Err(err),
        end => panic!("{end:?}"),
    })
}

/// A client of `server` that waits 30 s for a read, longer than any test:
/// what ends its calls is a shutdown or a stop, not a timeout.
fn patient_client(server: &Server) -> Client {
    builder(server.base_url())
        .read_timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn is_shut_down_error(err: &Error) -> bool {
    matches!(err, Error::Transport(t) if t.kind() == openrouter_responses::TransportKind::Shutdown)
}

#[test]
fn shutdown_interrupts_a_call_waiting_for_its_answer_and_later_calls() {
    let hold = |s: TcpStream| {
        thread::sleep(Duration::from_secs(5));
        drop(s);
    };
    let server = RawServer::start(vec![raw(hold), raw(hold), raw(hold)]);
    let client = builder(server.base_url())
        .max_retries(2)
        .response_timeout(Duration::from_secs(30))
        .read_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let (err, elapsed) = send_shut_down_after_300_ms(&client);
    assert!(is_shut_down_error(&err), "{err:?}");
    assert_eq!(err.to_string(), "the client was shut down");
    assert!(!err.is_retryable());
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(server.request_count(), 1, "not retried");
    assert!(client.is_shut_down());
    // Later calls, of the client and of a clone, fail without a request.
    let err = client.clone().stream(&request()).unwrap_err();
    assert!(is_shut_down_error(&err), "{err:?}");
    thread::sleep(Duration::from_millis(100));
    assert_eq!(server.request_count(), 1);
    // Another client is not affected.
    let fresh = builder(server.base_url()).build().unwrap();
    assert!(!fresh.is_shut_down());

    // With no retries left, the interrupted call still says why it ended.
    let server = RawServer::start(vec![raw(hold)]);
    let client = builder(server.base_url()).max_retries(0).build().unwrap();
    let (err, _) = send_shut_down_after_300_ms(&client);
    assert!(is_shut_down_error(&err), "{err:?}");
}

/// A JSON answer without a length (it ends with its connection): its head
/// and the start of its body, then a silence of 5 s.
fn json_unframed(mut s: TcpStream) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
    let _ = write!(s, "{head}{{\"id\":\"r\",");
    let _ = s.flush();
    thread::sleep(Duration::from_secs(5));
}

/// A call whose body was being read when the client was shut down says so,
/// as one waiting for the headers does: not a broken body (`Peer
/// disconnected`, retryable), whatever the body's framing (an event
/// stream's early end, which keeps what arrived, names it as its cause).
#[test]
fn shutdown_interrupts_a_call_reading_its_body() {
    let json_part = |mut s: TcpStream| {
        let _ = write!(s, "{}{{\"id\":\"r\",", json_head(100));
        let _ = s.flush();
        thread::sleep(Duration::from_secs(5));
    };
    type Script = fn(TcpStream);
    let scripts: [(&str, Script); 3] = [
        ("json", json_part),
        ("json without a length", json_unframed),
        ("event stream", quiet_stream),
    ];
    for (name, script) in scripts {
        let server = RawServer::start(vec![raw(script)]);
        let client = patient_client(&server);
        let (err, elapsed) = send_shut_down_after_300_ms(&client);
        assert!(is_shut_down_error(err.underlying()), "{name}: {err:?}");
        assert!(!err.is_retryable(), "{name}");
        assert!(elapsed < Duration::from_secs(3), "{name}: {elapsed:?}");
        // An event stream, read as `final_response` reads it, keeps what
        // arrived: the shutdown is the cause of its early end.
        let kept = match &err {
            Error::Stream(e) => match &**e {
                StreamError::EndedEarly { snapshot, .. } => snapshot.as_ref().map(|r| &*r.id),
                other => panic!("{name}: {other:?}"),
            },
            _ => None,
        };
        let expected = (name == "event stream").then_some("r");
        assert_eq!(kept, expected, "{name}: {err:?}");
    }
}

/// A stream call answered by a whole JSON body without a length, shut
/// down while that body is read, says so, as `send` does: not a body that
/// does not decode.
#[test]
fn shutdown_interrupts_a_stream_call_reading_a_json_body_without_a_length() {
    let server = RawServer::start(vec![raw(json_unframed)]);
    let client = patient_client(&server);
    let (err, elapsed) = call_shut_down_after_300_ms(&client, |c| c.stream(&request()).map(drop));
    assert!(is_shut_down_error(&err), "{err:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn shutdown_ends_a_wait_between_attempts() {
    // The server asks for a pause of 20 s, which the client is willing to
    // take (its backoff cap is a minute).
    // The shutdown comes once the client has decided to wait, however long
    // the first attempt took: it ends the wait, not the attempt.
    let (server, client, wait_begins) = asked_to_wait_20_s();
    let other = client.clone();
    let stopper = thread::spawn(move || {
        let wait = wait_begins.recv_timeout(Duration::from_secs(30));
        other.shutdown();
        wait
    });
    let started = Instant::now();
    let err = client.send(&request()).unwrap_err();
    let elapsed = started.elapsed();
    let wait = stopper.join().unwrap();
    assert_eq!(wait, Ok(Duration::from_secs(20)), "the wait began");
    assert!(is_shut_down_error(&err), "{err:?}");
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
    assert_eq!(server.request_count(), 1, "not retried");
}

#[test]
fn shutdown_ends_a_stream_blocked_on_the_network() {
    let server = RawServer::start(vec![raw(quiet_stream)]);
    let client = patient_client(&server);
    let mut stream = client.stream(&request()).unwrap();
    assert!(matches!(stream.next(), Some(Ok(_))));
    // The stream says why it ended: not a network failure worth a retry.
    let (err, elapsed) = next_shut_down_after_300_ms(&client, &mut stream);
    assert!(is_shut_down_error(&err), "{err:?}");
    assert!(!err.is_retryable());
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(stream.next().is_none());
    assert!(client.is_shut_down());
    // What arrived before stays readable, and the early end says why: no
    // more worth a retry than the shutdown the iterator reported.
    let err = stream.final_response().unwrap_err();
    assert!(!err.is_retryable(), "{err:?}");
    assert_eq!(
        error_chain(&err),
        [
            "stream ended before a terminal event",
            "the client was shut down"
        ]
    );
    match err {
        Error::Stream(e) => match e.into_inner() {
            openrouter_responses::StreamError::EndedEarly { snapshot, cause } => {
                assert_eq!(snapshot.map(|r| r.id).as_deref(), Some("r"));
                assert!(cause.as_ref().is_some_and(is_shut_down_error), "{cause:?}");
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Stop handles: one call stopped from another thread, the client and its
// other calls going on.

fn is_stopped_error(err: &Error) -> bool {
    matches!(err, Error::Transport(t) if t.kind() == openrouter_responses::TransportKind::Stopped)
}

/// An event stream that sends `response.created`, then holds the body.
fn quiet_stream(mut s: TcpStream) {
    let event =
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n";
    let _ = write!(s, "{CHUNKED_SSE_HEAD}{}", chunk(event));
    let _ = s.flush();
    thread::sleep(Duration::from_secs(5));
}

/// `handle.stop()` from another thread after 300 ms.
fn stop_after_300_ms(handle: &StopHandle) -> thread::JoinHandle<()> {
    let handle = handle.clone();
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        handle.stop();
    })
}

#[test]
fn a_stop_handle_stops_a_stream_and_the_next_turn_goes_on() {
    let answer = |mut s: TcpStream| {
        let body = completed_json("next turn");
        let _ = write!(s, "{}{body}", json_head(body.len()));
        let _ = s.flush();
    };
    let server = RawServer::start(vec![raw(quiet_stream), raw(answer)]);
    let client = patient_client(&server);
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(matches!(stream.next(), Some(Ok(_))));
    let stopper = stop_after_300_ms(&stop);
    let started = Instant::now();
    let end = stream.next();
    let elapsed = started.elapsed();
    stopper.join().unwrap();
    let Some(Err(err)) = end else {
        panic!("{end:?}")
    };
    assert!(is_stopped_error(&err), "{err:?}");
    assert_eq!(err.to_string(), "the call was stopped");
    assert!(!err.is_retryable());
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(stream.next().is_none());
    assert_eq!(stream.snapshot().map(|r| r.id.as_str()), Some("r"));
    // The client is not shut down, and the handle stops only calls in
    // flight: the next call made with it is answered.
    assert!(!client.is_shut_down());
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next turn");
    assert_eq!(server.request_count(), 2);
}

/// An event stream without a length or chunked framing (its end is the
/// connection's): `response.created`, then the body is held.
fn quiet_unframed_stream(s: TcpStream) {
    unframed_stream_held_after(s, "");
}

/// [`quiet_unframed_stream`], `more` sent before the body is held.
fn unframed_stream_held_after(mut s: TcpStream, more: &str) {
    let event =
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n";
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
    let _ = write!(s, "{head}{event}{more}");
    let _ = s.flush();
    thread::sleep(Duration::from_secs(5));
}

/// [`quiet_unframed_stream`] with the line of a `response.completed` event
/// sent before the body is held, the blank line that ends the event not.
fn unframed_stream_held_in_its_last_event(s: TcpStream) {
    let completed = "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}\n";
    unframed_stream_held_after(s, completed);
}

/// `final_response` after the iterator reported the error that ended the
/// stream: the early end, its snapshot and that error as its cause, whose
/// `is_retryable` it shares.
#[test]
fn an_early_end_after_a_reported_error_names_it() {
    let created =
        "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}\n\n";
    let head = CHUNKED_SSE_HEAD;
    let long = format!("data: {}\n\n", "x".repeat(2000));
    let stall = move |mut s: TcpStream| {
        let _ = write!(s, "{head}{:x}\r\n{created}\r\n", created.len());
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    };
    let cut = move |mut s: TcpStream| {
        let _ = write!(s, "{head}{:x}\r\n{created}\r\n", created.len());
        let _ = s.flush();
        thread::sleep(Duration::from_millis(100));
        common::reset(s);
    };
    let too_long = move |mut s: TcpStream| {
        let _ = write!(s, "{head}{:x}\r\n{created}\r\n", created.len());
        let _ = write!(s, "{:x}\r\n{long}\r\n0\r\n\r\n", long.len());
        let _ = s.flush();
        thread::sleep(Duration::from_millis(500));
    };
    type Check = fn(&Error) -> bool;
    type Script = Box<dyn FnOnce(TcpStream) + Send>;
    let cases: [(&str, Script, Check, bool); 3] = [
        ("stalled", raw(stall), |e| e.is_timeout(), true),
        (
            "reset",
            raw(cut),
            |e| matches!(e, Error::Stream(s) if matches!(**s, StreamError::Io(_))),
            true,
        ),
        (
            "line too long",
            raw(too_long),
            |e| matches!(e, Error::Stream(s) if matches!(**s, StreamError::LineTooLong { .. })),
            false,
        ),
    ];
    for (what, script, is_it, retryable) in cases {
        let server = RawServer::start(vec![script]);
        let client = builder(server.base_url())
            .read_timeout(Duration::from_millis(300))
            .max_event_size(1000)
            .max_retries(0)
            .build()
            .unwrap();
        let mut stream = client.stream(&request()).unwrap();
        assert!(matches!(stream.next(), Some(Ok(_))), "{what}");
        let end = stream.next();
        let Some(Err(reported)) = end else {
            panic!("{what}: {end:?}")
        };
        assert!(is_it(&reported), "{what}: {reported:?}");
        assert!(stream.next().is_none(), "{what}");
        let early = stream.final_response().unwrap_err();
        assert_eq!(early.is_retryable(), retryable, "{what}: {early:?}");
        assert_eq!(
            error_chain(&early),
            [
                vec!["stream ended before a terminal event".to_string()],
                error_chain(&reported)
            ]
            .concat(),
            "{what}"
        );
        let Error::Stream(e) = &early else {
            panic!("{what}: {early:?}")
        };
        let StreamError::EndedEarly {
            snapshot: Some(snapshot),
            cause: Some(cause),
        } = &**e
        else {
            panic!("{what}: {early:?}")
        };
        assert_eq!(snapshot.id, "r", "{what}");
        assert!(is_it(cause), "{what}: {cause:?}");
        assert_eq!(cause.is_retryable(), retryable, "{what}");
        assert_eq!(cause.http().map(|h| h.status), Some(200), "{what}");
    }
    // A body that ends cleanly before its terminal event has no cause.
    let cut = ResponseStream::from_reader(created.as_bytes()).final_response();
    let Err(Error::Stream(e)) = cut else {
        panic!("{cut:?}")
    };
    assert!(matches!(&*e, StreamError::EndedEarly { cause: None, .. }));
    assert!(Error::Stream(e).is_retryable());
}

#[test]
fn a_stop_or_a_shutdown_ends_a_stream_without_a_length_with_its_error() {
    // Closing such a body looks like its end to the HTTP layer: the stream
    // still says it was stopped (or shut down), not an early end worth a
    // retry, through the iterator and through `final_response` (the cause
    // of its early end, which keeps what arrived).
    // Also with an event whose blank line has not come: a body closed by
    // a stop did not end there.
    type Script = fn(TcpStream);
    let scripts: [(&str, Script); 2] = [
        ("", quiet_unframed_stream),
        (
            ", an event without its end",
            unframed_stream_held_in_its_last_event,
        ),
    ];
    for (held, script) in scripts {
        for shutdown in [false, true] {
            for iterate in [true, false] {
                let what = format!("shutdown {shutdown}, iterate {iterate}{held}");
                let server = RawServer::start(vec![raw(script)]);
                let client = patient_client(&server);
                let stop = StopHandle::new();
                let options = RequestOptions::new().stop_handle(&stop);
                let mut stream = client.stream_with(&request(), &options).unwrap();
                assert!(matches!(stream.next(), Some(Ok(_))), "{what}");
                let other = client.clone();
                let stopper = thread::spawn(move || {
                    thread::sleep(Duration::from_millis(300));
                    if shutdown {
                        other.shutdown();
                    } else {
                        stop.stop();
                    }
                });
                let halted = |err: &Error| {
                    if shutdown {
                        is_shut_down_error(err)
                    } else {
                        is_stopped_error(err)
                    }
                };
                if iterate {
                    let end = stream.next();
                    let Some(Err(err)) = end else {
                        panic!("{what}: {end:?}")
                    };
                    assert!(halted(&err), "{what}: {err:?}");
                    assert!(!err.is_retryable(), "{what}");
                    assert!(stream.next().is_none(), "{what}");
                    assert!(stream.ended_early(), "{what}");
                }
                // `final_response` (asked afterwards, or meeting the stop
                // itself) keeps what arrived and names the stop, not worth
                // a retry either.
                let early = stream.final_response().unwrap_err();
                stopper.join().unwrap();
                assert!(!early.is_retryable(), "{what}: {early:?}");
                assert!(halted(early.underlying()), "{what}: {early:?}");
                let Error::Stream(e) = &early else {
                    panic!("{what}: {early:?}")
                };
                let StreamError::EndedEarly {
                    snapshot: Some(snapshot),
                    cause: Some(cause),
                } = &**e
                else {
                    panic!("{what}: {early:?}")
                };
                assert_eq!(snapshot.id, "r", "{what}");
                assert!(halted(cause), "{what}: {cause:?}");
            }
        }
    }
}

#[test]
fn a_stop_handle_stops_its_calls_waiting_for_an_answer_or_a_retry_and_no_other() {
    // Waiting for the headers, and waiting for the rest of a JSON body.
    let hold = |s: TcpStream| {
        thread::sleep(Duration::from_secs(5));
        drop(s);
    };
    let json_part = |mut s: TcpStream| {
        let _ = write!(s, "{}{{\"id\":\"r\",", json_head(100));
        let _ = s.flush();
        thread::sleep(Duration::from_secs(5));
    };
    type Script = fn(TcpStream);
    let scripts: [(&str, Script); 2] = [("headers", hold), ("body", json_part)];
    for (name, script) in scripts {
        let server = RawServer::start(vec![raw(script), raw(script)]);
        // Another call of the same client, in flight meanwhile: its answer
        // comes after the stop.
        let other = RawServer::start(vec![raw(|mut s: TcpStream| {
            thread::sleep(Duration::from_millis(800));
            let body = completed_json("not stopped");
            let _ = write!(s, "{}{body}", json_head(body.len()));
            let _ = s.flush();
        })]);
        let client = builder(server.base_url())
            .max_retries(1)
            .read_timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let other_client = builder(other.base_url()).build().unwrap();
        let not_stopped = thread::spawn(move || other_client.send(&request()));
        let stop = StopHandle::new();
        let stopper = stop_after_300_ms(&stop);
        let started = Instant::now();
        let options = RequestOptions::new().stop_handle(&stop);
        let err = client.send_with(&request(), &options).unwrap_err();
        let elapsed = started.elapsed();
        stopper.join().unwrap();
        assert!(is_stopped_error(&err), "{name}: {err:?}");
        assert!(elapsed < Duration::from_secs(3), "{name}: {elapsed:?}");
        assert_eq!(server.request_count(), 1, "{name}: not retried");
        let answer = not_stopped.join().unwrap().unwrap();
        assert_eq!(answer.output_text(), "not stopped", "{name}");
        assert!(!client.is_shut_down());
    }

    // Between two attempts.
    let (server, client, wait_begins) = asked_to_wait_20_s();
    let stop = StopHandle::new();
    let stopper = {
        let stop = stop.clone();
        thread::spawn(move || {
            let wait = wait_begins.recv_timeout(Duration::from_secs(30));
            stop.stop();
            wait
        })
    };
    let started = Instant::now();
    let options = RequestOptions::new().stop_handle(&stop);
    let err = client.send_with(&request(), &options).unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(stopper.join().unwrap(), Ok(Duration::from_secs(20)));
    assert!(is_stopped_error(&err), "{err:?}");
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
    assert_eq!(server.request_count(), 1, "not retried");
}

#[test]
fn calls_made_with_one_stop_handle_share_their_connections() {
    let events = |text: &str| {
        vec![
            format!(
                "data: {}\n\n",
                serde_json::json!({"type": "response.created", "response": {"id": "r", "status": "in_progress"}})
            ),
            format!(
                "data: {}\n\n",
                serde_json::json!({"type": "response.completed", "response": common::completed_value(text)})
            ),
            "data: [DONE]\n\n".to_string(),
        ]
    };
    let server = Server::start(vec![
        Reply::completed("one"),
        Reply::sse_kept(events("two"), || {}),
        Reply::completed("three"),
        Reply::completed("four"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    let one = client.send_with(&request(), &options).unwrap();
    assert_eq!(one.output_text(), "one");
    let two = client
        .stream_with(&request(), &options)
        .unwrap()
        .final_response()
        .unwrap();
    assert_eq!(two.output_text(), "two");
    // A stop with no call in flight closes nothing.
    stop.stop();
    // The rest of the stream's body is read on another thread before its
    // connection is free again.
    thread::sleep(Duration::from_millis(100));
    let three = client.send_with(&request(), &options).unwrap();
    assert_eq!(three.output_text(), "three");
    assert_eq!(
        server.connection_count(),
        1,
        "one connection for the handle's calls"
    );
    // A call without the handle uses the client's own connections.
    assert_eq!(client.send(&request()).unwrap().output_text(), "four");
    assert_eq!(server.connection_count(), 2);
}

/// `calls` answers, each held until `calls` requests are in flight at once
/// (so that each burst takes as many connections), keeping the connection.
fn concurrent_answers(calls: usize, bursts: usize) -> Vec<Reply> {
    let mut replies = Vec::new();
    for _ in 0..bursts {
        let all_in = std::sync::Arc::new(std::sync::Barrier::new(calls));
        for _ in 0..calls {
            let all_in = all_in.clone();
            replies.push(Reply::KeptScript(Box::new(move |s| {
                all_in.wait();
                let body = completed_json("ok");
                let _ = write!(s, "{}{body}", json_head(body.len()));
            })));
        }
    }
    replies
}

/// Makes `calls` calls at once, `bursts` times in a row, and returns how
/// many connections the server saw.
fn connections_for_bursts(client: &Client, server: &Server, calls: usize, bursts: usize) -> usize {
    for _ in 0..bursts {
        let threads: Vec<_> = (0..calls)
            .map(|_| {
                let client = client.clone();
                thread::spawn(move || client.send(&request()).map(|r| r.output_text()))
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap().unwrap(), "ok");
        }
    }
    server.connection_count()
}

#[test]
fn concurrent_calls_keep_their_connections_for_the_next_ones() {
    // Eight threads at once: the eight connections of the first burst
    // serve the next ones (the client's one host used to keep three).
    let server = Server::start(concurrent_answers(8, 3));
    let client = builder(server.base_url()).build().unwrap();
    assert_eq!(connections_for_bursts(&client, &server, 8, 3), 8);
    // More threads than the default keeps: as many as set.
    let server = Server::start(concurrent_answers(14, 2));
    let client = builder(server.base_url())
        .max_idle_connections(14)
        .build()
        .unwrap();
    assert_eq!(connections_for_bursts(&client, &server, 14, 2), 14);
    // None kept: every call connects.
    let server = Server::start(concurrent_answers(2, 2));
    let client = builder(server.base_url())
        .max_idle_connections(0)
        .build()
        .unwrap();
    assert_eq!(connections_for_bursts(&client, &server, 2, 2), 4);
}

#[test]
fn calls_each_made_with_a_handle_of_their_own_reuse_connections() {
    // A service gives each job a handle of its own, to cancel it alone.
    let events = vec![format!(
        "data: {}\n\n",
        serde_json::json!({"type": "response.completed",
            "response": common::completed_value("streamed")})
    )];
    let server = Server::start(vec![
        Reply::completed("ok"),
        Reply::completed("ok"),
        Reply::sse_kept(events, || {}),
        Reply::completed("ok"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let job = |client: &Client| {
        let handle = StopHandle::new();
        client.send_with(&request(), &RequestOptions::new().stop_handle(&handle))
    };
    assert_eq!(job(&client).unwrap().output_text(), "ok");
    assert_eq!(job(&client).unwrap().output_text(), "ok");
    let handle = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&handle);
    let stream = client.stream_with(&request(), &options).unwrap();
    assert_eq!(stream.final_response().unwrap().output_text(), "streamed");
    assert_eq!(job(&client).unwrap().output_text(), "ok");
    assert_eq!(server.connection_count(), 1);
    // Calls at once, each with its handle: a connection each, kept.
    let server = Server::start(concurrent_answers(6, 3));
    let client = builder(server.base_url()).build().unwrap();
    for _ in 0..3 {
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let client = client.clone();
                thread::spawn(move || job(&client).map(|r| r.output_text()))
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap().unwrap(), "ok");
        }
    }
    assert_eq!(server.connection_count(), 6);
    // A stop ends only its own call: not one made with another handle at
    // the same time, nor one that took over the connection of a call the
    // stopped handle made before.
    let late = |text: &'static str| {
        Reply::KeptScript(Box::new(move |s| {
            thread::sleep(Duration::from_millis(600));
            let body = completed_json(text);
            let _ = write!(s, "{}{body}", json_head(body.len()));
        }))
    };
    let server = Server::start(vec![
        Reply::completed("first"),
        late("second"),
        late("third"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let (one, two, three) = (StopHandle::new(), StopHandle::new(), StopHandle::new());
    let with = |handle: &StopHandle| RequestOptions::new().stop_handle(handle);
    let first = client.send_with(&request(), &with(&one)).unwrap();
    assert_eq!(first.output_text(), "first");
    let calls: Vec<_> = [two, three.clone()]
        .into_iter()
        .map(|handle| {
            let client = client.clone();
            thread::spawn(move || client.send_with(&request(), &with(&handle)))
        })
        .collect();
    thread::sleep(Duration::from_millis(200));
    one.stop();
    let stopper = stop_after_300_ms(&three);
    let answers: Vec<_> = calls.into_iter().map(|c| c.join().unwrap()).collect();
    stopper.join().unwrap();
    let stopped = answers
        .iter()
        .filter(|a| matches!(a, Err(e) if is_stopped_error(e)));
    let answered: Vec<_> = answers.iter().flatten().map(|r| r.output_text()).collect();
    assert_eq!((stopped.count(), answered.len()), (1, 1), "{answers:?}");
}

#[test]
fn a_stopped_or_shut_down_call_says_so_once_down_its_chain() {
    let chain = |err: &Error| {
        let mut text = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    };
    let client = builder("http://127.0.0.1:9/api/v1".into()).build().unwrap();
    let handle = StopHandle::new();
    handle.cancel();
    let options = RequestOptions::new().stop_handle(&handle);
    let stopped = client.send_with(&request(), &options).unwrap_err();
    assert!(is_stopped_error(&stopped), "{stopped:?}");
    assert_eq!(chain(&stopped), "the call was stopped");
    client.shutdown();
    let shut_down = client.send(&request()).unwrap_err();
    assert!(is_shut_down_error(&shut_down), "{shut_down:?}");
    assert_eq!(chain(&shut_down), "the client was shut down");
}

#[test]
fn a_stop_handle_used_with_two_clients_keeps_a_connection_for_each() {
    let answers = |n| (0..n).map(|_| Reply::completed("ok")).collect();
    let (a, b) = (Server::start(answers(3)), Server::start(answers(3)));
    let (client_a, client_b) = (
        builder(a.base_url()).build().unwrap(),
        builder(b.base_url()).build().unwrap(),
    );
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    for _ in 0..3 {
        for client in [&client_a, &client_b] {
            assert_eq!(
                client
                    .send_with(&request(), &options)
                    .unwrap()
                    .output_text(),
                "ok"
            );
        }
    }
    assert_eq!((a.connection_count(), b.connection_count()), (1, 1));
}

#[test]
fn a_call_through_other_connections_waits_for_no_ended_stream() {
    // The streams' server holds each body open after the terminal event.
    // A call right after one, made with a stop handle when the stream was
    // not or the other way round, uses connections of its own: it waits
    // for none of the stream's.
    let events = vec![format!(
        "data: {}\n\n",
        serde_json::json!({"type": "response.completed", "response": common::completed_value("s")})
    )];
    let answer = completed_json("call");
    let mut replies = Vec::new();
    for _ in 0..8 {
        replies.push(Reply::sse_kept(events.clone(), || {
            thread::sleep(Duration::from_secs(3))
        }));
        replies.push(Reply::json(200, &answer));
    }
    let server = Server::start(replies);
    let client = builder(server.base_url()).build().unwrap();
    let stop = StopHandle::new();
    let (with, without) = (
        RequestOptions::new().stop_handle(&stop),
        RequestOptions::new(),
    );
    let mut fastest = [Duration::MAX; 2];
    for turn in 0..8 {
        let (streamed, called) = if turn % 2 == 0 {
            (&with, &without)
        } else {
            (&without, &with)
        };
        let stream = client.stream_with(&request(), streamed).unwrap();
        assert_eq!(stream.final_response().unwrap().output_text(), "s");
        let started = Instant::now();
        let answer = client.send_with(&request(), called).unwrap();
        assert_eq!(answer.output_text(), "call");
        let fastest = &mut fastest[turn % 2];
        *fastest = (*fastest).min(started.elapsed());
    }
    // Waiting for the stream's connection, each call took 25 ms.
    for fastest in fastest {
        assert!(fastest < Duration::from_millis(20), "{fastest:?}");
    }
}

#[test]
fn a_cancelled_handle_stops_its_calls_in_flight_and_to_come() {
    let server = RawServer::start(vec![raw(quiet_stream)]);
    let client = patient_client(&server);
    // Cancelled before its call began: no request is made.
    let early = StopHandle::new();
    early.clone().cancel();
    assert!(early.is_cancelled());
    let options = RequestOptions::new().stop_handle(&early);
    let err = client.send_with(&request(), &options).unwrap_err();
    assert!(is_stopped_error(&err), "{err:?}");
    let err = client.stream_with(&request(), &options).unwrap_err();
    assert!(is_stopped_error(&err), "{err:?}");
    assert_eq!(server.request_count(), 0);
    // Cancelled while its stream is read: the stream stops, as with `stop`,
    // and so does the next call made with it.
    let late = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&late);
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(matches!(stream.next(), Some(Ok(_))));
    let canceller = {
        let late = late.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            late.cancel();
        })
    };
    let end = stream.next();
    canceller.join().unwrap();
    assert!(
        matches!(&end, Some(Err(e)) if is_stopped_error(e)),
        "{end:?}"
    );
    let err = client.send_with(&request(), &options).unwrap_err();
    assert!(is_stopped_error(&err), "{err:?}");
    assert_eq!(server.request_count(), 1);
    // Other calls go on.
    assert!(!StopHandle::new().is_cancelled());
}

#[test]
fn a_stream_read_to_its_end_is_no_longer_stopped() {
    let events = vec![
        format!(
            "data: {}\n\n",
            serde_json::json!({"type": "response.completed",
            "response": common::completed_value("kept")})
        ),
        "data: [DONE]\n\n".to_string(),
    ];
    let server = Server::start(vec![
        Reply::sse_kept(events, || {}),
        Reply::completed("next"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(stream.by_ref().all(|e| e.is_ok()));
    // The stream is kept (its snapshot read later), but it has ended: a
    // stop now closes nothing, and the next call reuses its connection.
    stop.stop();
    thread::sleep(Duration::from_millis(100));
    assert_eq!(
        stream.snapshot().map(|r| r.output_text()).as_deref(),
        Some("kept")
    );
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(server.connection_count(), 1);
    drop(stream);
}

/// A stream made with a stop handle, its `events` sent and its body then
/// held open; a call made meanwhile ("beside", on a second connection);
/// `end` ending the stream; then the next call, which must take the
/// connection "beside" left (two in all), not the stream's empty pool.
fn next_call_takes_the_kept_connection(
    events: Vec<String>,
    record: bool,
    end: impl FnOnce(ResponseStream, &StopHandle),
) {
    let (release, held) = std::sync::mpsc::channel::<()>();
    let server = Server::start(vec![
        Reply::sse_kept(events, move || {
            let _ = held.recv_timeout(Duration::from_secs(10));
        }),
        Reply::completed("beside"),
        Reply::completed("next"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    let mut stream = client.stream_with(&request(), &options).unwrap();
    if record {
        stream = stream.tee(std::io::sink());
    }
    assert!(stream.next().unwrap().is_ok());
    // A second connection, idle in the client's pool once answered.
    let beside = client.send_with(&request(), &options).unwrap();
    assert_eq!(beside.output_text(), "beside");
    end(stream, &stop);
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(server.connection_count(), 2, "the idle connection was kept");
    drop(release);
}

/// A stream closed before its end is no longer in flight either (as
/// `StopHandle::stop` says): a stop afterwards leaves the handle's other
/// connections open.
#[test]
fn a_closed_stream_is_no_longer_stopped() {
    next_call_takes_the_kept_connection(vec![common::sse_created()], false, |mut stream, stop| {
        stream.close();
        stop.stop();
    });
}

/// A stream made with a stop handle and dropped before its end closes its
/// connection: the next call made with a handle takes the connection an
/// earlier call left, not the dropped stream's empty pool.
#[test]
fn a_stream_dropped_before_its_end_leaves_the_kept_connection_to_the_next_call() {
    next_call_takes_the_kept_connection(vec![common::sse_created()], false, |stream, _| {
        drop(stream)
    });
}

/// A recorded stream made with a stop handle closes its connection when it
/// ends: the next call made with a handle takes the connection an earlier
/// call left, not the recorded stream's empty pool.
#[test]
fn a_recorded_stream_leaves_the_kept_connection_to_the_next_call() {
    let events = vec![common::sse_created(), common::sse_completed("recorded")];
    next_call_takes_the_kept_connection(events, true, |stream, _| {
        assert_eq!(stream.final_response().unwrap().output_text(), "recorded");
    });
}

/// A stream made with a stop handle whose body ended (a whole JSON answer
/// without a content type, read as a stream) leaves its connection, read to
/// its end, to the next call; one whose body ended with its connection (no
/// length) leaves no empty pool.
#[test]
fn a_stream_whose_body_ended_leaves_its_connection_to_the_next_call() {
    let server = Server::start(vec![
        Reply::Full {
            status: 200,
            headers: vec![],
            body: completed_json("whole").into_bytes(),
        },
        Reply::completed("next"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let options = RequestOptions::new().stop_handle(&StopHandle::new());
    let stream = client.stream_with(&request(), &options).unwrap();
    assert_eq!(stream.final_response().unwrap().output_text(), "whole");
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(server.connection_count(), 1);
    // Cut before its terminal event: the body ends with the connection.
    let (release, held) = std::sync::mpsc::channel::<()>();
    let server = Server::start(vec![
        Reply::script(move |s| {
            let _ = write!(s, "{}{}", common::sse_head(&[]), common::sse_created());
            let _ = s.flush();
            let _ = held.recv_timeout(Duration::from_secs(10));
        }),
        Reply::completed("beside"),
        Reply::completed("next"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(stream.next().unwrap().is_ok());
    let beside = client.send_with(&request(), &options).unwrap();
    assert_eq!(beside.output_text(), "beside");
    drop(release);
    assert!(stream.next().is_none() && stream.ended_early());
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(server.connection_count(), 2, "the idle connection was kept");
}

/// A stream whose body ends with its connection (no length) is closed at
/// its terminal event rather than read on: the next call waits for no
/// connection that cannot be used again, and one made with a stop handle
/// takes the connection an earlier call left, not the stream's empty pool.
#[test]
fn a_stream_whose_connection_ends_with_its_body_is_closed_at_its_end() {
    let unframed = |held: std::sync::mpsc::Receiver<()>| {
        Reply::script(move |s| {
            let events = format!(
                "{}{}{}",
                common::sse_head(&[]),
                common::sse_created(),
                common::sse_completed("unframed")
            );
            let _ = s.write_all(events.as_bytes());
            let _ = s.flush();
            let _ = held.recv_timeout(Duration::from_secs(10));
        })
    };
    let (release, held) = std::sync::mpsc::channel::<()>();
    let server = Server::start(vec![
        unframed(held),
        Reply::completed("beside"),
        Reply::completed("next"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let options = RequestOptions::new().stop_handle(&StopHandle::new());
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(stream.next().unwrap().is_ok());
    let beside = client.send_with(&request(), &options).unwrap();
    assert_eq!(beside.output_text(), "beside");
    assert_eq!(stream.final_response().unwrap().output_text(), "unframed");
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(server.connection_count(), 2, "the idle connection was kept");
    drop(release);
    // Without a stop handle: the next call starts at once.
    let mut fastest = Duration::MAX;
    for _ in 0..4 {
        let (release, held) = std::sync::mpsc::channel::<()>();
        let server = Server::start(vec![unframed(held), Reply::completed("next")]);
        let client = builder(server.base_url()).build().unwrap();
        let stream = client.stream(&request()).unwrap();
        assert_eq!(stream.final_response().unwrap().output_text(), "unframed");
        let started = Instant::now();
        assert_eq!(client.send(&request()).unwrap().output_text(), "next");
        fastest = fastest.min(started.elapsed());
        drop(release);
    }
    // Waiting for the stream's connection, each call took 25 ms.
    assert!(fastest < Duration::from_millis(20), "{fastest:?}");
}

/// A call made with a stop handle that failed on the network (before its
/// answer, or in its body) leaves no empty pool to the next call, which
/// takes the connection an earlier call left.
#[test]
fn a_failed_call_leaves_the_kept_connection_to_the_next_call() {
    // Closed once released: without an answer, or in the middle of its
    // body (a JSON answer, also to a call for a stream).
    fn no_answer(_: &mut TcpStream) {}
    fn cut_body(s: &mut TcpStream) {
        let _ = write!(s, "{}{{\"id\":", json_head(100));
    }
    type Cut = fn(&mut TcpStream);
    let cuts: [(Cut, bool); 3] = [(no_answer, false), (cut_body, false), (cut_body, true)];
    for (cut, streamed) in cuts {
        let (release, held) = std::sync::mpsc::channel::<()>();
        let server = Server::start(vec![
            Reply::script(move |s| {
                let _ = held.recv_timeout(Duration::from_secs(10));
                cut(s);
            }),
            Reply::completed("beside"),
            Reply::completed("next"),
        ]);
        let client = builder(server.base_url()).build().unwrap();
        let options = RequestOptions::new()
            .stop_handle(&StopHandle::new())
            .max_retries(0);
        let failing = {
            let (client, options) = (client.clone(), options.clone());
            thread::spawn(move || match streamed {
                false => client.send_with(&request(), &options).map(drop),
                true => client.stream_with(&request(), &options).map(drop),
            })
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while server.request_count() < 1 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(2));
        }
        let beside = client.send_with(&request(), &options).unwrap();
        assert_eq!(beside.output_text(), "beside");
        drop(release);
        assert!(failing.join().unwrap().is_err());
        let next = client.send_with(&request(), &options).unwrap();
        assert_eq!(next.output_text(), "next");
        assert_eq!(server.connection_count(), 2, "the idle connection was kept");
    }
}

/// A client that keeps no idle connection does not read a finished body on
/// (its connection would be closed then anyway): the next call waits for
/// nothing.
#[test]
fn a_client_keeping_no_connection_waits_for_no_ended_stream() {
    let events = vec![common::sse_created(), common::sse_completed("held")];
    let mut replies = Vec::new();
    for _ in 0..4 {
        replies.push(Reply::sse_kept(events.clone(), || {
            thread::sleep(Duration::from_millis(500))
        }));
        replies.push(Reply::completed("next"));
    }
    let server = Server::start(replies);
    let client = builder(server.base_url())
        .max_idle_connections(0)
        .build()
        .unwrap();
    let mut fastest = Duration::MAX;
    for _ in 0..4 {
        let stream = client.stream(&request()).unwrap();
        assert_eq!(stream.final_response().unwrap().output_text(), "held");
        let started = Instant::now();
        assert_eq!(client.send(&request()).unwrap().output_text(), "next");
        fastest = fastest.min(started.elapsed());
    }
    // Waiting for the stream's connection, each call took 25 ms.
    assert!(fastest < Duration::from_millis(20), "{fastest:?}");
}

/// A call made with a stop handle whose answer came with `Connection:
/// close` leaves no empty pool to the next call, which takes the connection
/// an earlier call left.
#[test]
fn a_call_answered_with_connection_close_leaves_the_kept_connection_to_the_next_call() {
    let (release, held) = std::sync::mpsc::channel::<()>();
    let server = Server::start(vec![
        Reply::script(move |s| {
            let _ = held.recv_timeout(Duration::from_secs(10));
            let body = completed_json("closing");
            let head = json_head(body.len()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
            let _ = write!(s, "{head}{body}");
        }),
        Reply::completed("beside"),
        Reply::completed("next"),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    let options = RequestOptions::new().stop_handle(&StopHandle::new());
    let closing = {
        let (client, options) = (client.clone(), options.clone());
        thread::spawn(move || client.send_with(&request(), &options))
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.request_count() < 1 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(2));
    }
    let beside = client.send_with(&request(), &options).unwrap();
    assert_eq!(beside.output_text(), "beside");
    drop(release);
    assert_eq!(closing.join().unwrap().unwrap().output_text(), "closing");
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(server.connection_count(), 2, "the idle connection was kept");
}

#[test]
fn shutdown_stops_calls_made_with_a_stop_handle_too() {
    let server = RawServer::start(vec![raw(quiet_stream)]);
    let client = patient_client(&server);
    let options = RequestOptions::new().stop_handle(&StopHandle::new());
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(matches!(stream.next(), Some(Ok(_))));
    let (err, elapsed) = next_shut_down_after_300_ms(&client, &mut stream);
    assert!(is_shut_down_error(&err), "{err:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn shutdown_closes_the_idle_connections_of_stop_handle_calls() {
    use std::io::Read;
    use std::sync::mpsc;
    // Answers, keeps the connection alive, and tells whether the client
    // closed it within 3 s.
    let answer = |text: &'static str, closed: mpsc::Sender<(&'static str, bool)>| {
        move |mut s: TcpStream| {
            let body = completed_json(text);
            let _ = write!(s, "{}{body}", json_head(body.len()));
            let _ = s.flush();
            let _ = s.set_read_timeout(Some(Duration::from_secs(3)));
            let was_closed = match s.read(&mut [0; 64]) {
                Ok(n) => n == 0,
                Err(e) => !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
            };
            let _ = closed.send((text, was_closed));
        }
    };
    let (closed_tx, closed_rx) = mpsc::channel();
    let server = RawServer::start(vec![
        raw(answer("plain", closed_tx.clone())),
        raw(answer("handle", closed_tx)),
    ]);
    let client = builder(server.base_url()).build().unwrap();
    assert_eq!(client.send(&request()).unwrap().output_text(), "plain");
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    let answer = client.send_with(&request(), &options).unwrap();
    assert_eq!(answer.output_text(), "handle");
    assert_eq!(server.connection_count(), 2);
    // The handle is kept (by a Ctrl-C handler, say); the client is shut
    // down for good, and every connection of it closed.
    client.shutdown();
    let mut seen: Vec<_> = (0..2)
        .map(|_| closed_rx.recv_timeout(Duration::from_secs(10)).unwrap())
        .collect();
    seen.sort();
    assert_eq!(seen, [("handle", true), ("plain", true)]);
    drop(stop);
}

/// A stream made with a stop handle that ended while the server holds its
/// body open: a stop of its handle no longer closes its connection (the
/// body is still read to its end for the next call), a shutdown does.
#[test]
fn a_body_read_on_after_its_stream_ended_is_closed_by_a_shutdown_not_a_stop() {
    use std::io::Read;
    use std::sync::mpsc;
    let (closed_tx, closed_rx) = mpsc::channel();
    let server = RawServer::start(vec![raw(move |mut s: TcpStream| {
        let mut whole = String::from(CHUNKED_SSE_HEAD);
        for event in [common::sse_created(), common::sse_completed("held")] {
            whole.push_str(&chunk(&event));
        }
        let _ = s.write_all(whole.as_bytes());
        let _ = s.flush();
        let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
        let was_closed = match s.read(&mut [0; 64]) {
            Ok(n) => n == 0,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        };
        let _ = closed_tx.send(was_closed);
    })]);
    let client = builder(server.base_url()).build().unwrap();
    let stop = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&stop);
    let stream = client.stream_with(&request(), &options).unwrap();
    assert_eq!(stream.final_response().unwrap().output_text(), "held");
    stop.stop();
    assert!(
        closed_rx.recv_timeout(Duration::from_millis(100)).is_err(),
        "the stop closed the ended stream's connection"
    );
    client.shutdown();
    assert_eq!(closed_rx.recv_timeout(Duration::from_secs(3)), Ok(true));
}

// ---------------------------------------------------------------------------
// Retry-After: a wait too large to read is longer than any cap, and an
// unreadable header gives way to the next one.

/// A first answer of `status` with `reply`'s header, then a success that a
/// retry would get.
fn asked_to_wait(reply: Reply) -> Server {
    Server::start(vec![reply, Reply::completed("retried")])
}

fn capped_client(server: &Server) -> Client {
    builder(server.base_url())
        .max_retries(2)
        .backoff(Duration::from_millis(1), Duration::from_secs(1))
        .build()
        .unwrap()
}

#[test]
fn a_retry_after_too_large_to_read_returns_the_error_at_once() {
    let rate_limited = r#"{"error":{"code":429,"message":"slow down"}}"#;
    for (name, value) in [
        ("Retry-After", "18446744073709551616"),
        ("Retry-After", "99999999999999999999"),
        ("retry-after-ms", "1e30"),
        ("retry-after-ms", "inf"),
    ] {
        let server = asked_to_wait(Reply::json(429, rate_limited).with_header(name, value));
        let err = capped_client(&server).send(&request()).unwrap_err();
        let api = err.api_error().unwrap_or_else(|| panic!("{name}: {err:?}"));
        assert_eq!(api.status, 429, "{name}: {value}");
        assert_eq!(api.retry_after, Some(Duration::MAX), "{name}: {value}");
        assert_eq!(
            server.request_count(),
            1,
            "{name}: {value} was not waited for"
        );
    }

    let unavailable =
        r#"{"error":{"message":"x","availability":{"retryable":true,"retry_after":1e300}}}"#;
    let server = asked_to_wait(Reply::json(503, unavailable));
    let err = capped_client(&server).send(&request()).unwrap_err();
    assert_eq!(err.api_error().unwrap().retry_after, Some(Duration::MAX));
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_retry_after_ms_never_hides_the_headers_beside_it() {
    let rate_limited = || Reply::json(429, r#"{"error":{"code":429,"message":"slow down"}}"#);
    // Unreadable: `Retry-After` is used. 3 s is past the 1 s cap, so the
    // error comes back with the wait it asked for.
    for ms in ["soon", "-5"] {
        let server = asked_to_wait(
            rate_limited()
                .with_header("retry-after-ms", ms)
                .with_header("Retry-After", "3"),
        );
        let err = capped_client(&server).send(&request()).unwrap_err();
        assert_eq!(
            err.api_error().unwrap().retry_after,
            Some(Duration::from_secs(3)),
            "{ms}"
        );
        assert_eq!(server.request_count(), 1, "{ms}");
    }
    // Too large: it still counts (it comes first), as the longest wait there is.
    let server = asked_to_wait(
        rate_limited()
            .with_header("retry-after-ms", "1e30")
            .with_header("Retry-After", "3"),
    );
    let err = capped_client(&server).send(&request()).unwrap_err();
    assert_eq!(err.api_error().unwrap().retry_after, Some(Duration::MAX));
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_retry_after_as_an_obsolete_http_date_is_honoured() {
    // A date decades ahead, in each obsolete form: past the cap, so the
    // error comes back at once rather than being retried.
    let year_now = 1970
        + SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 31_556_952;
    let rfc850 = format!("Sunday, 06-Nov-{:02} 08:49:37 GMT", (year_now + 40) % 100);
    for date in ["Fri Dec 31 23:59:59 9999", rfc850.as_str()] {
        let server = asked_to_wait(
            Reply::json(503, r#"{"error":{"message":"busy"}}"#).with_header("Retry-After", date),
        );
        let err = capped_client(&server).send(&request()).unwrap_err();
        let asked = err.api_error().unwrap().retry_after;
        assert!(
            asked.is_some_and(|d| d > Duration::from_secs(30 * 31_556_952)),
            "{date}: {asked:?}"
        );
        assert_eq!(server.request_count(), 1, "{date}");
    }
    // Dates long past: no wait.
    for date in ["Sun Nov  6 08:49:37 1994", "Thu Jan  1 00:00:00 1970"] {
        let info = HttpInfo::new(503, vec![("Retry-After".into(), date.into())]);
        assert_eq!(info.retry_after(), Some(Duration::ZERO), "{date}");
    }
}

// ---------------------------------------------------------------------------
// Base URLs: a port that cannot be is refused by build(), and a password in
// the URL is never shown.

#[test]
fn a_base_url_port_out_of_range_is_refused_by_build() {
    let server = Server::start(vec![Reply::completed("reached")]);
    // A port that would wrap around to the server's own if truncated to 16 bits.
    let wrapped = u32::from(server.addr().port()) + 65_536;
    for base in [
        format!("http://127.0.0.1:{wrapped}/api/v1"),
        "http://127.0.0.1:99999/api/v1".to_string(),
        "http://127.0.0.1:0/api/v1".to_string(),
    ] {
        let err = builder(base.clone()).max_retries(0).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{base}: {err:?}");
        assert!(err.to_string().contains("port"), "{err}");
    }
    assert_eq!(server.request_count(), 0);
    // The highest port is fine.
    builder("http://127.0.0.1:65535/api/v1".into())
        .build()
        .unwrap();
}

const URL_PASSWORD: &str = "pa55word-in-url";

#[test]
fn a_password_in_the_base_url_is_never_shown() {
    let base = format!("https://user:{URL_PASSWORD}@example.test/api/v1");
    let b = builder(base.clone());
    let shown = format!("{b:?}");
    assert!(
        !shown.contains(URL_PASSWORD) && shown.contains("***@example.test"),
        "{shown}"
    );
    let client = b.build().unwrap();
    let shown = format!("{client:?}");
    assert!(
        !shown.contains(URL_PASSWORD) && shown.contains("***@example.test"),
        "{shown}"
    );
    // The accessor gives the URL as it was set.
    assert_eq!(client.base_url(), base);

    // Refused URLs: the error does not quote the password either.
    for bad in [
        format!("https://user:{URL_PASSWORD}@example.test/api/v1?q=1"),
        format!("https://user:{URL_PASSWORD}@example.test:99999/api/v1"),
        format!("ftp://user:{URL_PASSWORD}@example.test/api/v1"),
    ] {
        let err = builder(bad).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(URL_PASSWORD), "{text}");
        }
    }

    // Failures on the wire: a refused connection and an error status.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let refused = builder(format!(
        "http://user:{URL_PASSWORD}@127.0.0.1:{port}/api/v1"
    ))
    .max_retries(0)
    .build()
    .unwrap()
    .send(&request())
    .unwrap_err();
    let server = Server::start(vec![Reply::json(400, r#"{"error":{"message":"no"}}"#)]);
    let with_password =
        server
            .base_url()
            .replacen("http://", &format!("http://user:{URL_PASSWORD}@"), 1);
    let status = builder(with_password)
        .build()
        .unwrap()
        .send(&request())
        .unwrap_err();
    for err in [refused, status] {
        let mut texts = vec![err.to_string(), format!("{err:?}")];
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            texts.push(s.to_string());
            source = s.source();
        }
        for text in texts {
            assert!(!text.contains(URL_PASSWORD), "{text}");
        }
    }
}

// ---------------------------------------------------------------------------
// Headers: a client-level header replaces the client's own of that name.

fn sent(server: &Server, index: usize, name: &str) -> Vec<String> {
    server.requests()[index]
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
        .collect()
}

#[test]
fn a_client_authorization_header_replaces_the_keys() {
    let ok = || Reply::completed("x");
    let server = Server::start(vec![ok(), ok(), ok(), ok()]);
    let client = Client::builder()
        .api_key("sk-a")
        .header("Authorization", "Bearer sk-b")
        .base_url(server.base_url())
        .build()
        .unwrap();
    client.send(&request()).unwrap();
    assert_eq!(sent(&server, 0, "authorization"), ["Bearer sk-b"]);
    // A per-call header replaces both.
    let options = RequestOptions::new().header("authorization", "Bearer sk-c");
    client.send_with(&request(), &options).unwrap();
    assert_eq!(sent(&server, 1, "authorization"), ["Bearer sk-c"]);

    // Names compare case-insensitively; other built-in headers alike.
    let client = Client::builder()
        .api_key("sk-a")
        .header("AUTHORIZATION", "Basic dTpw")
        .header("accept", "application/json; q=1")
        .base_url(server.base_url())
        .build()
        .unwrap();
    client.send(&request()).unwrap();
    assert_eq!(sent(&server, 2, "authorization"), ["Basic dTpw"]);
    assert_eq!(sent(&server, 2, "accept"), ["application/json; q=1"]);

    // Without such a header the key is sent, once.
    let client = builder(server.base_url()).build().unwrap();
    client.send(&request()).unwrap();
    assert_eq!(sent(&server, 3, "authorization"), ["Bearer sk-or-review"]);
    assert_eq!(sent(&server, 3, "accept"), ["application/json"]);
}

// ---------------------------------------------------------------------------
// The retry hook: told of each retry made, before its wait.

#[test]
fn on_retry_is_told_of_each_retry_made_with_its_error_and_wait() {
    use std::sync::{Arc, Mutex};
    type Seen = Vec<(u32, Option<u16>, Duration)>;
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let seen_by_client: Arc<Mutex<Vec<u32>>> = Arc::default();
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#),
        Reply::json(429, r#"{"error":{"code":429,"message":"slow"}}"#)
            .with_header("retry-after-ms", "30"),
        Reply::completed("third time"),
        Reply::json(500, r#"{"error":{"code":500,"message":"down"}}"#),
        Reply::json(500, r#"{"error":{"code":500,"message":"still down"}}"#),
    ]);
    let log = Arc::clone(&seen);
    let client = builder(server.base_url())
        .max_retries(2)
        .on_retry(move |r| {
            log.lock()
                .unwrap()
                .push((r.retry, r.error.status(), r.wait))
        })
        .build()
        .unwrap();
    assert_eq!(client.send(&request()).unwrap().output_text(), "third time");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!((seen[0].0, seen[0].1), (1, Some(503)));
        // The backoff: 1 ms with jitter.
        assert!(seen[0].2 <= Duration::from_millis(1), "{seen:?}");
        assert_eq!(seen[1], (2, Some(429), Duration::from_millis(30)));
    }
    // Out of retries: the retry made is told, the error returned is not.
    seen.lock().unwrap().clear();
    let err = client
        .send_with(&request(), &RequestOptions::new().max_retries(1))
        .unwrap_err();
    assert_eq!(err.api_error().unwrap().message, "still down");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].0, seen[0].1), (1, Some(500)));
    assert_eq!(server.request_count(), 5);
    drop(seen);

    // A call's own hook is told instead of the client's.
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#),
        Reply::completed("second time"),
    ]);
    let client = builder(server.base_url())
        .on_retry({
            let log = Arc::clone(&seen_by_client);
            move |r| log.lock().unwrap().push(r.retry)
        })
        .build()
        .unwrap();
    let call: Arc<Mutex<Vec<(String, u32)>>> = Arc::default();
    let log = Arc::clone(&call);
    let options = RequestOptions::new()
        .on_retry(move |r| log.lock().unwrap().push(("job-1".into(), r.retry)));
    assert_eq!(
        client
            .send_with(&request(), &options)
            .unwrap()
            .output_text(),
        "second time"
    );
    assert_eq!(*call.lock().unwrap(), [("job-1".to_string(), 1)]);
    assert!(seen_by_client.lock().unwrap().is_empty());
}

/// One hook on the client says which call each retry is about: it is
/// given the request (its model, its metadata).
#[test]
fn on_retry_is_told_which_request_it_is_about() {
    use std::sync::{Arc, Mutex};
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#),
        Reply::completed("a"),
        Reply::json(502, r#"{"error":{"code":502,"message":"down"}}"#),
        Reply::completed("b"),
    ]);
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&seen);
    let client = builder(server.base_url())
        .on_retry(move |r| {
            let job = (r.request.metadata()).and_then(|m| m.get("job").cloned());
            log.lock().unwrap().push(format!(
                "{} {}: retry {} after {}",
                r.request.model().unwrap_or("-"),
                job.unwrap_or_default(),
                r.retry,
                r.error
            ));
        })
        .build()
        .unwrap();
    for (model, job) in [
        ("openai/gpt-4o-mini", "job-1"),
        ("anthropic/claude", "job-2"),
    ] {
        let request = Request::builder()
            .model(model)
            .metadata([("job", job)])
            .input("Hi")
            .build();
        client.send(&request).unwrap();
    }
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "openai/gpt-4o-mini job-1: retry 1 after api error 503: busy",
            "anthropic/claude job-2: retry 1 after api error 502: down",
        ]
    );
}

#[test]
fn timeouts_too_long_to_be_deadlines_are_none() {
    // A host that maps "no limit" to `Duration::MAX`: on the client and per
    // call, every timeout that long is lifted, rather than panic in the HTTP
    // layer's clock.
    let long = [Duration::MAX, Duration::from_secs(u64::MAX / 2)];
    for t in long {
        let server = Server::start(vec![
            Reply::completed("client"),
            Reply::completed("call"),
            Reply::completed("read"),
        ]);
        let client = builder(server.base_url())
            .connect_timeout(t)
            .response_timeout(t)
            .read_timeout(t)
            .total_timeout(t)
            .build()
            .unwrap();
        let answer = client.send(&request()).unwrap();
        assert_eq!(answer.output_text(), "client", "{t:?}");
        let client = builder(server.base_url()).build().unwrap();
        let options = RequestOptions::new().response_timeout(t).total_timeout(t);
        let answer = client.send_with(&request(), &options).unwrap();
        assert_eq!(answer.output_text(), "call", "{t:?}");
        let options = RequestOptions::new().read_timeout(t);
        let answer = client.send_with(&request(), &options).unwrap();
        assert_eq!(answer.output_text(), "read", "{t:?}");
    }
}

/// The retry hook's `Debug` (a log line) shows the request in a bounded
/// size, an image held in a raw member as much as one in a typed part.
#[test]
fn on_retry_debug_shows_a_raw_attachment_abridged() {
    use std::sync::{Arc, Mutex};
    let image = format!("data:image/png;base64,{}", "iVBORw0KGgo".repeat(200_000));
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#),
        Reply::completed("second time"),
    ]);
    let shown: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&shown);
    let client = builder(server.base_url())
        .on_retry(move |r| log.lock().unwrap().push(format!("{r:?}")))
        .build()
        .unwrap();
    let request = Request::builder()
        .model("m")
        .input("hi")
        .extra("x-attachment", serde_json::json!({"image_url": image}))
        .build();
    assert_eq!(client.send(&request).unwrap().output_text(), "second time");
    let shown = shown.lock().unwrap();
    assert_eq!(shown.len(), 1);
    assert!(shown[0].len() < 5_000, "{} bytes", shown[0].len());
    assert!(
        shown[0].contains(&format!("… ({} bytes in all)", image.len())),
        "{:.2000}",
        shown[0]
    );
}

// ---------------------------------------------------------------------------
// Headers the HTTP layer would not send.

/// A header that cannot be sent is a setup error that names it (never its
/// value): the client's when it is built, a call's before anything is sent,
/// not retried. `Bearer é` used to pass, and each call then failed as a
/// retried transport error ("malformed http answer").
#[test]
fn a_header_that_cannot_be_sent_is_a_config_error_naming_it() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let server = Server::start(vec![Reply::completed("ok")]);
    let bad = [
        ("Authorization", "Bearer é"),
        ("authorization", "Bearer sk-or-\u{0}"),
        ("Host", "hé.test"),
        ("X-Token", "SECRET\r\nX-Evil: 1"),
        ("X-Token", "SECRET\u{7f}"),
        ("Bad Name", "SECRET"),
        ("", "SECRET"),
    ];
    let said = |err: &Error, name: &str| {
        assert!(matches!(err, Error::Config(_)), "{name}: {err:?}");
        assert!(!err.is_retryable(), "{name}");
        assert_eq!(
            err.to_string(),
            format!("invalid configuration: the header {name:?} cannot be sent")
        );
        let debug = format!("{err:?}");
        assert!(
            !debug.contains("SECRET") && !debug.contains("Bearer"),
            "{debug}"
        );
    };
    for (name, value) in bad {
        let err = builder(server.base_url())
            .header(name, value)
            .build()
            .unwrap_err();
        said(&err, name);
    }
    let retries = Arc::new(AtomicUsize::new(0));
    let counted = retries.clone();
    let client = builder(server.base_url())
        .max_retries(3)
        .on_retry(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    for (name, value) in bad {
        let options = RequestOptions::new().header(name, value);
        said(&client.send_with(&request(), &options).unwrap_err(), name);
        said(&client.stream_with(&request(), &options).unwrap_err(), name);
    }
    assert_eq!(retries.load(Ordering::SeqCst), 0);
    assert!(server.requests().is_empty(), "a request was sent");
    // Other values may carry UTF-8 text, sent as its bytes; an empty value
    // hides the client's header.
    let options = RequestOptions::new()
        .app_title("Café")
        .header("Authorization", "");
    let answer = client.send_with(&request(), &options).unwrap();
    assert_eq!(answer.output_text(), "ok");
    let sent = &server.requests()[0];
    assert_eq!(sent.header("X-Title"), Some("Café"));
    assert_eq!(sent.header("Authorization"), None);
}

//! Hostile and unusual servers at the transport level: a server that stops
//! reading the request, SOCKS proxies, informational answers, framing that
//! is odd but legal or plainly broken, connections closed or polluted
//! between requests. Each gives its documented result or typed error,
//! nothing panics, and every test is bounded in time.
//!
//! Resets, stalls, endless bodies, redirects and the key in errors live in
//! `tests/faults.rs`; timeouts and shutdown in `tests/client_policy.rs`.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use openrouter_responses::{Client, ClientBuilder, Error, Request, RequestOptions, TimeoutKind};

const KEY: &str = "sk-or-v1-hostile-SECRET-0b7e2d";

fn builder(base_url: String) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .no_proxy()
        .backoff(Duration::from_millis(1), Duration::from_secs(5))
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
}

fn no_retries() -> RequestOptions {
    RequestOptions::new().max_retries(0)
}

/// Runs `f` on a thread of its own and gives its result, or `None` when it
/// has not returned within `limit` (the thread is then left behind).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).ok()
}

// ---------------------------------------------------------------------------
// A server that stops reading the request

/// A listener whose connections read the request head and then nothing
/// more: a request body larger than the socket buffers can never be sent
/// whole. The sockets are kept open until the test ends.
fn server_that_reads_only_the_head() -> (String, mpsc::Receiver<TcpStream>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    // Small receive buffers, inherited by the accepted sockets: the request
    // stalls after a few megabytes at most.
    let _ = socket2::SockRef::from(&listener).set_recv_buffer_size(4096);
    let addr = listener.local_addr().expect("local addr");
    let (held, holder) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Ok(clone) = stream.try_clone() else {
                continue;
            };
            let mut reader = BufReader::new(clone);
            let mut line = String::new();
            while matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
                if line == "\r\n" {
                    break;
                }
                line.clear();
            }
            if held.send(stream).is_err() {
                return;
            }
        }
    });
    (format!("http://{addr}/api/v1"), holder)
}

/// A request whose body is larger than any loopback socket buffers.
fn huge_request() -> Request {
    Request::builder()
        .model("openai/gpt-4o-mini")
        .input("x".repeat(32 * 1024 * 1024))
        .build()
}

#[test]
fn a_server_that_stops_reading_the_request_hits_the_idle_timeout() {
    let (base_url, _held) = server_that_reads_only_the_head();
    let started = Instant::now();
    let outcome = within(Duration::from_secs(30), move || {
        let client = builder(base_url)
            .read_timeout(Duration::from_millis(500))
            .build()
            .unwrap();
        client.send_with(&huge_request(), &no_retries()).map(|_| ())
    });
    let Some(result) = outcome else {
        panic!("the call still hangs after 30 s, with an idle timeout of 500 ms");
    };
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Timeout(TimeoutKind::Send)), "{err:?}");
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_per_call_idle_timeout_bounds_a_stalled_request_too() {
    let (base_url, _held) = server_that_reads_only_the_head();
    let outcome = within(Duration::from_secs(30), move || {
        // The client's own idle timeout is long; the call's is short.
        let client = builder(base_url)
            .read_timeout(Duration::from_secs(600))
            .build()
            .unwrap();
        let options = no_retries().read_timeout(Duration::from_millis(500));
        client.send_with(&huge_request(), &options).map(|_| ())
    });
    let Some(result) = outcome else {
        panic!("the call still hangs after 30 s, with an idle timeout of 500 ms");
    };
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Timeout(TimeoutKind::Send)), "{err:?}");
}

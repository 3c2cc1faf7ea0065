//! Hostile and unusual servers at the transport level: a server that stops
//! reading the request, SOCKS proxies, informational answers, framing that
//! is odd but legal or plainly broken, connections closed or polluted
//! between requests. Each gives its documented result or typed error,
//! nothing panics, and every test is bounded in time.
//!
//! Resets, stalls, endless bodies, redirects and the key in errors live in
//! `tests/faults.rs`; timeouts and shutdown in `tests/client_policy.rs`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::hello as request;
use common::{completed_json, no_retries, sse_completed, sse_created, stream_error, Reply, Server};
use openrouter_responses::{
    Client, ClientBuilder, Error, ErrorCode, ErrorOrigin, Request, Response, StreamError,
    StreamEvent, TimeoutKind, TransportKind,
};

const KEY: &str = "sk-or-v1-hostile-SECRET-0b7e2d";

fn builder(base_url: String) -> ClientBuilder {
    common::quick_client(KEY, base_url)
}

fn client(base_url: String) -> Client {
    builder(base_url).build().expect("client builds")
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

/// The error of a call of [`huge_request`] run by [`within`] 30 s, with an
/// idle timeout of 500 ms: checked to have come, as a timeout while sending.
fn send_timed_out(outcome: Option<Result<(), Error>>) -> Error {
    let Some(result) = outcome else {
        panic!("the call still hangs after 30 s, with an idle timeout of 500 ms");
    };
    let err = result.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Send),
        "{err:?}"
    );
    err
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
    let err = send_timed_out(outcome);
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
    send_timed_out(outcome);
}

// ---------------------------------------------------------------------------
// Handshakes that never finish

/// A listener that accepts every connection and never says a word; the
/// sockets are kept open until the test ends.
fn silent_listener() -> (String, mpsc::Receiver<TcpStream>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let (held, holder) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            if held.send(stream).is_err() {
                return;
            }
        }
    });
    (addr.to_string(), holder)
}

#[test]
fn a_tls_or_proxy_handshake_that_never_finishes_hits_the_connect_timeout() {
    for setup in ["tls", "http proxy", "socks5 proxy", "socks4 proxy"] {
        let (addr, _held) = silent_listener();
        let builder = match setup {
            "tls" => builder(format!("https://{addr}/api/v1")),
            "http proxy" => {
                builder("http://api.example.invalid/api/v1".into()).proxy(format!("http://{addr}"))
            }
            socks => builder("http://127.0.0.1:9/api/v1".into())
                .proxy(format!("{}://{addr}", &socks[..6])),
        };
        let client = builder
            .connect_timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let started = Instant::now();
        let outcome = within(Duration::from_secs(20), move || {
            client.send_with(&request(), &no_retries()).map(|_| ())
        });
        let err = outcome
            .unwrap_or_else(|| panic!("{setup}: still waiting after 20 s"))
            .unwrap_err();
        assert!(
            matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Connect),
            "{setup}: {err:?}"
        );
        assert!(err.is_retryable(), "{setup}");
        assert!(started.elapsed() < Duration::from_secs(4), "{setup}");
    }
}

// ---------------------------------------------------------------------------
// SOCKS proxies

/// A SOCKS4 or SOCKS5 proxy (no authentication) that relays each connection
/// to the address the client asks for, and records the versions it saw.
fn socks_proxy() -> (String, mpsc::Receiver<u8>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let (seen, versions) = mpsc::channel();
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let seen = seen.clone();
            thread::spawn(move || {
                let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
                if let Some((version, target)) = socks_handshake(&client) {
                    let _ = seen.send(version);
                    relay(client, target);
                }
            });
        }
    });
    (addr.to_string(), versions)
}

/// Reads a CONNECT request of either version, connects to its target and
/// says so to the client.
fn socks_handshake(mut client: &TcpStream) -> Option<(u8, TcpStream)> {
    let mut byte = [0u8; 1];
    client.read_exact(&mut byte).ok()?;
    match byte[0] {
        4 => {
            // CMD, port, IPv4 address, then a NUL-terminated user id.
            let mut head = [0u8; 7];
            client.read_exact(&mut head).ok()?;
            while client.read_exact(&mut byte).is_ok() && byte[0] != 0 {}
            let port = u16::from_be_bytes([head[1], head[2]]);
            let ip = std::net::Ipv4Addr::new(head[3], head[4], head[5], head[6]);
            let target = TcpStream::connect((ip, port)).ok()?;
            client.write_all(&[0, 0x5a, 0, 0, 0, 0, 0, 0]).ok()?;
            Some((4, target))
        }
        5 => {
            client.read_exact(&mut byte).ok()?;
            let mut methods = vec![0u8; usize::from(byte[0])];
            client.read_exact(&mut methods).ok()?;
            client.write_all(&[5, 0]).ok()?;
            let mut head = [0u8; 4];
            client.read_exact(&mut head).ok()?;
            let host = match head[3] {
                1 => {
                    let mut ip = [0u8; 4];
                    client.read_exact(&mut ip).ok()?;
                    std::net::Ipv4Addr::from(ip).to_string()
                }
                3 => {
                    client.read_exact(&mut byte).ok()?;
                    let mut name = vec![0u8; usize::from(byte[0])];
                    client.read_exact(&mut name).ok()?;
                    String::from_utf8(name).ok()?
                }
                _ => return None,
            };
            let mut port = [0u8; 2];
            client.read_exact(&mut port).ok()?;
            let target = TcpStream::connect((host.as_str(), u16::from_be_bytes(port))).ok()?;
            client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).ok()?;
            Some((5, target))
        }
        _ => None,
    }
}

/// Copies bytes both ways until either side closes.
fn relay(client: TcpStream, target: TcpStream) {
    let (Ok(mut client_in), Ok(mut target_in)) = (client.try_clone(), target.try_clone()) else {
        return;
    };
    let (mut client_out, mut target_out) = (client, target);
    let up = thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut target_out);
        let _ = target_out.shutdown(Shutdown::Write);
    });
    let _ = std::io::copy(&mut target_in, &mut client_out);
    let _ = client_out.shutdown(Shutdown::Both);
    let _ = up.join();
}

#[test]
fn a_socks_proxy_carries_the_request() {
    for scheme in ["socks5", "socks4"] {
        let server = Server::start(vec![Reply::completed("via socks")]);
        let (proxy, versions) = socks_proxy();
        let client = builder(server.base_url())
            .proxy(format!("{scheme}://{proxy}"))
            .build()
            .unwrap();
        // (ureq panicked here when built without its `socks-proxy` feature.)
        let response = client
            .send_with(&request(), &no_retries())
            .unwrap_or_else(|e| panic!("{scheme}: {e:?}"));
        assert_eq!(response.output_text(), "via socks", "{scheme}");
        let expected = if scheme == "socks5" { 5 } else { 4 };
        assert_eq!(versions.try_recv().ok(), Some(expected), "{scheme}");
        let sent = &server.requests()[0];
        assert_eq!(
            sent.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
    }
}

/// A SOCKS proxy that answers its greeting with an HTTP error page.
fn garbage_socks_proxy() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { continue };
            let mut greeting = [0u8; 64];
            let _ = client.read(&mut greeting);
            let _ = client.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
            thread::sleep(Duration::from_millis(20));
        }
    });
    addr.to_string()
}

#[test]
fn a_socks_proxy_that_answers_garbage_is_a_transport_error() {
    let proxy = garbage_socks_proxy();
    for scheme in ["socks5", "socks4"] {
        let client = builder("http://127.0.0.1:9/api/v1".into())
            .proxy(format!("{scheme}://{proxy}"))
            .build()
            .unwrap();
        let err = client.send_with(&request(), &no_retries()).unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{scheme}: {err:?}");
        assert!(!err.to_string().contains(KEY), "{scheme}: {err}");
    }
}

#[test]
#[ignore = "ureq reports a bad SOCKS reply as an I/O error of kind InvalidData, \
            which the client takes for a TLS failure (not retried)"]
fn a_socks_proxy_that_answers_garbage_is_a_proxy_failure_and_retried() {
    let proxy = garbage_socks_proxy();
    let client = builder("http://127.0.0.1:9/api/v1".into())
        .proxy(format!("socks5://{proxy}"))
        .build()
        .unwrap();
    let err = client.send_with(&request(), &no_retries()).unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Proxy),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

// ---------------------------------------------------------------------------
// Informational answers, odd framing

/// An answer written as `bytes`, exactly, after which the connection is closed.
fn raw_answer(bytes: Vec<u8>) -> Reply {
    Reply::script(move |s| {
        let _ = s.write_all(&bytes);
        let _ = s.flush();
    })
}

/// A complete JSON answer with a Content-Length, `head` holding any extra
/// header lines (each ended by CRLF).
fn json_answer(head: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{head}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[test]
fn informational_answers_before_the_real_one_are_skipped() {
    let interim = "HTTP/1.1 100 Continue\r\n\r\n\
                   HTTP/1.1 102 Processing\r\n\r\n\
                   HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
    let answer = [
        interim.as_bytes(),
        &json_answer("", &completed_json("after hints")),
    ]
    .concat();
    let server = Server::start(vec![raw_answer(answer)]);
    let response = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap();
    assert_eq!(response.output_text(), "after hints");
    // The headers are the final answer's, not the hints'.
    let http = response.http.as_ref().unwrap();
    assert_eq!(http.status, 200);
    assert_eq!(http.header("link"), None);

    let sse = sse_created() + &sse_completed("streamed after hints") + "data: [DONE]\n\n";
    let answer = format!(
        "{interim}HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n{sse}"
    );
    let server = Server::start(vec![raw_answer(answer.into_bytes())]);
    let response = client(server.base_url())
        .stream_with(&request(), &no_retries())
        .unwrap()
        .final_response()
        .unwrap();
    assert_eq!(response.output_text(), "streamed after hints");
}

#[test]
fn legal_but_unusual_framing_is_read() {
    let body = completed_json("framed");
    let chunked = |extra: &str, chunks: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}Transfer-Encoding: chunked\r\n\r\n{chunks}"
        )
    };
    let half = body.len() / 2;
    let (first, second) = body.split_at(half);
    for (what, answer) in [
        (
            "chunk extensions and trailers",
            chunked(
                "",
                &format!(
                    "{:x};name=value\r\n{first}\r\n{:X}\r\n{second}\r\n0;last\r\nX-Trailer: yes\r\n\r\n",
                    first.len(),
                    second.len()
                ),
            ),
        ),
        (
            // Transfer-Encoding wins over a Content-Length beside it.
            "chunked beside a wrong Content-Length",
            chunked(
                "Content-Length: 3\r\n",
                &format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len()),
            ),
        ),
        (
            "no reason phrase",
            format!(
                "HTTP/1.1 200\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        ),
        (
            "bare LF line ends",
            format!(
                "HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: {}\n\n{body}",
                body.len()
            ),
        ),
        (
            "HTTP/1.0 without a length",
            format!("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{body}"),
        ),
    ] {
        let server = Server::start(vec![raw_answer(answer.into_bytes())]);
        let response = client(server.base_url())
            .send_with(&request(), &no_retries())
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert_eq!(response.output_text(), "framed", "{what}");
    }
}

#[test]
fn broken_chunked_framing_is_a_broken_body_and_not_retried() {
    let body = completed_json("never whole");
    // A stream that breaks before its terminal event (`final_response`
    // stops reading at that event, so what comes after it is not seen).
    let sse = sse_created();
    for (what, framing) in [
        ("a chunk size that is not hex", "zz\r\n{body}\r\n0\r\n\r\n"),
        (
            "a chunk size too large for 64 bits",
            "1ffffffffffffffffff\r\n{body}\r\n0\r\n\r\n",
        ),
        (
            "no CRLF after the chunk's data",
            "{len:x}\r\n{body}XX0\r\n\r\n",
        ),
        ("no last chunk before the close", "{len:x}\r\n{body}\r\n"),
    ] {
        for stream in [false, true] {
            let (content_type, text) = if stream {
                ("text/event-stream", sse.as_str())
            } else {
                ("application/json", body.as_str())
            };
            let chunks = framing
                .replace("{len:x}", &format!("{:x}", text.len()))
                .replace("{body}", text);
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}"
            );
            let server = Server::start(vec![
                raw_answer(answer.into_bytes()),
                Reply::completed("re-sent"),
            ]);
            let client = client(server.base_url());
            let err = if stream {
                client
                    .stream(&request())
                    .unwrap()
                    .final_response()
                    .unwrap_err()
            } else {
                client.send(&request()).unwrap_err()
            };
            // Through `final_response`, the cause of the early end.
            assert!(
                matches!(stream_error(err.underlying()), Some(StreamError::Io(_))),
                "{what} (stream: {stream}): {err:?}"
            );
            assert_eq!(server.request_count(), 1, "{what} (stream: {stream})");
        }
    }
}

#[test]
fn a_header_block_that_is_not_http_is_a_protocol_error_and_retried() {
    let body = completed_json("ok");
    let many: String = (0..200).map(|i| format!("X-Header-{i}: v\r\n")).collect();
    for (what, answer) in [
        (
            "a header of 100 kB",
            json_answer(&format!("X-Big: {}\r\n", "a".repeat(100_000)), &body),
        ),
        ("200 headers", json_answer(&many, &body)),
        ("an unreadable Content-Length", {
            let mut a = json_answer("", &body);
            let at = a
                .windows(16)
                .position(|w| w == b"Content-Length: ")
                .unwrap();
            a.splice(at + 16..at + 16, b"x".iter().copied());
            a
        }),
        (
            "two Content-Lengths that disagree",
            json_answer("Content-Length: 1\r\n", &body),
        ),
        (
            "a folded header line",
            json_answer("X-Folded: a\r\n b\r\n", &body),
        ),
    ] {
        let server = Server::start(vec![
            raw_answer(answer.clone()),
            raw_answer(answer),
            Reply::completed("second attempt"),
        ]);
        let client = client(server.base_url());
        let err = client.send_with(&request(), &no_retries()).unwrap_err();
        assert!(
            matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Protocol),
            "{what}: {err:?}"
        );
        assert!(err.is_retryable(), "{what}");
        let response = client.send(&request()).unwrap();
        assert_eq!(response.output_text(), "second attempt", "{what}");
        assert_eq!(server.request_count(), 3, "{what}");
    }
}

#[test]
fn an_unrequested_gzip_body_is_a_decode_error_with_the_raw_bytes() {
    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00";
    let answer = |status: &str, content_type: &str, coding: &str| {
        let mut answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Encoding: {coding}\r\nContent-Length: {}\r\n\r\n",
            gzip.len()
        )
        .into_bytes();
        answer.extend_from_slice(gzip);
        raw_answer(answer)
    };
    let said = "the body is encoded (Content-Encoding: gzip), which the client does not decode";
    for (stream, content_type) in [
        (false, "application/json"),
        (true, "application/json"),
        (false, "text/event-stream"),
        (true, "text/event-stream"),
    ] {
        let what = format!("{content_type} (stream: {stream})");
        let server = Server::start(vec![answer("200 OK", content_type, "gzip")]);
        let err = call_error(&server, stream);
        match &err {
            Error::Decode(d) => {
                assert!(d.body.starts_with('\u{1f}'), "{what}: {:?}", d.body);
                // The cause names the encoding, not only that the bytes are
                // no UTF-8.
                let cause = d.source.to_string();
                assert!(cause.starts_with(said), "{what}: {cause}");
            }
            other => panic!("{what}: expected a decode error, got {other:?}"),
        }
        assert!(!err.is_retryable(), "{what}");
        // The client never asked for a compressed answer.
        assert_eq!(server.requests()[0].header("accept-encoding"), None);
    }
    // An error status's compressed body: its message says so rather than
    // show the bytes.
    let server = Server::start(vec![answer("502 Bad Gateway", "text/html", "gzip")]);
    let err = call_error(&server, false);
    let api = err.api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(api.message, said);
    assert_eq!(api.body.as_bytes()[0], 0x1f, "the body is kept as it came");
    // Under `identity`, or none, the bytes are only not UTF-8.
    for coding in ["identity", " Identity "] {
        let server = Server::start(vec![answer("200 OK", "application/json", coding)]);
        let err = call_error(&server, false);
        let Error::Decode(d) = &err else {
            panic!("{coding}: {err:?}")
        };
        let cause = d.source.to_string();
        assert!(
            cause.starts_with("the body is not UTF-8"),
            "{coding}: {cause}"
        );
    }
}

#[test]
fn a_json_body_after_a_byte_order_mark_is_read() {
    let bom = "\u{feff}";
    let envelope = r#"{"error":{"code":429,"message":"slow down"}}"#;
    for stream in [false, true] {
        let server = Server::start(vec![
            Reply::json(200, &format!("{bom}{}", completed_json("after a BOM"))),
            Reply::json(429, &format!("{bom}{envelope}")),
            Reply::json(200, &format!("{bom}{envelope}")),
        ]);
        let call = || call(&server, stream);
        let response = call().unwrap_or_else(|e| panic!("stream: {stream}: {e:?}"));
        assert_eq!(response.output_text(), "after a BOM", "stream: {stream}");
        for origin in [ErrorOrigin::Status, ErrorOrigin::Envelope] {
            let err = call().unwrap_err();
            let api = err
                .api_error()
                .unwrap_or_else(|| panic!("stream: {stream}: {err:?}"));
            assert_eq!(api.origin, origin, "stream: {stream}");
            assert_eq!(api.message, "slow down", "stream: {stream}");
            assert_eq!(api.code, Some(ErrorCode::Number(429)), "stream: {stream}");
            assert!(api.body.starts_with(bom), "the body is kept as it came");
        }
    }
}

#[test]
fn an_event_stream_under_another_content_type_is_read_as_one() {
    for content_type in [
        "text/plain; charset=utf-8",
        "application/octet-stream",
        "application/json",
    ] {
        // The rest of the stream is sent once the client has its first
        // event, or after 10 s.
        let (go, wait) = mpsc::channel::<()>();
        let head =
            format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n");
        let server = Server::start(vec![
            Reply::script(move |s| {
                let _ = write!(s, "{head}\r\n: OPENROUTER PROCESSING\n\n{}", sse_created());
                let _ = s.flush();
                let _ = wait.recv_timeout(Duration::from_secs(10));
                let _ = write!(s, "{}data: [DONE]\n\n", sse_completed("relabelled"));
            }),
            Reply::text(
                200,
                content_type,
                &(sse_created() + &sse_completed("sent whole") + "data: [DONE]\n\n"),
            ),
        ]);
        let client = client(server.base_url());
        let started = Instant::now();
        let mut stream = client
            .stream_with(&request(), &no_retries())
            .unwrap_or_else(|e| panic!("{content_type}: {e:?}"));
        let first = stream.next().unwrap().unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{content_type}: the first event came with the last"
        );
        assert_eq!(first.event_type(), "response.created", "{content_type}");
        let _ = go.send(());
        let response = stream.final_response().unwrap();
        assert_eq!(response.output_text(), "relabelled", "{content_type}");

        let response = client.send_with(&request(), &no_retries()).unwrap();
        assert_eq!(response.output_text(), "sent whole", "{content_type}");
    }
}

#[test]
fn a_relabelled_event_stream_is_told_as_the_event_stream_reader_tells_it() {
    // Lines of spaces and tabs before the first event: fields of an unknown
    // name to the event-stream format, which change nothing. Under any
    // content type, the body is the stream it is as `text/event-stream`.
    let events = sse_created() + &sse_completed("after blank-ish lines") + "data: [DONE]\n\n";
    let padded = format!(" \t\r\n  \n{events}");
    for content_type in ["text/event-stream", "text/plain", "application/json"] {
        for stream in [false, true] {
            let what = format!("{content_type} (stream: {stream})");
            let server = Server::start(vec![Reply::text(200, content_type, &padded)]);
            let response = call(&server, stream);
            let response = response.unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(response.output_text(), "after blank-ish lines", "{what}");
        }
    }
    // Spaces before `data:` make no `data` field ("field names must be
    // compared literally"): no event stream under any content type, and a
    // decode error of the body, which is no JSON either.
    let indented: String = events.lines().map(|l| format!("  {l}\n")).collect();
    for content_type in ["text/event-stream", "text/plain", "application/json"] {
        for stream in [false, true] {
            let what = format!("{content_type} (stream: {stream})");
            let server = Server::start(vec![Reply::text(200, content_type, &indented)]);
            let err = call_error(&server, stream);
            assert!(matches!(&err, Error::Decode(_)), "{what}: {err:?}");
        }
    }
}

#[test]
fn an_empty_user_agent_header_sends_none() {
    // As for every built-in header, an empty value set on the client, or
    // for one call, sends no `User-Agent` (the HTTP layer added its own).
    let server = Server::forever(|_| Reply::completed("ok"));
    let hiding = builder(server.base_url())
        .header("User-Agent", "")
        .build()
        .unwrap();
    hiding.send(&request()).unwrap();
    let plain = client(server.base_url());
    plain
        .send_with(&request(), &no_retries().header("user-agent", ""))
        .unwrap();
    // A call's own value still wins over the client's empty one, and the
    // builder's stays the default.
    hiding
        .send_with(&request(), &no_retries().header("User-Agent", "mine"))
        .unwrap();
    plain.send(&request()).unwrap();
    let agents: Vec<Vec<String>> = (server.requests().iter())
        .map(|r| (r.header_values("user-agent").into_iter().map(String::from)).collect())
        .collect();
    let default = format!("openrouter-responses/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        agents,
        [vec![], vec![], vec!["mine".to_string()], vec![default]]
    );
}

#[test]
fn a_framing_header_is_refused_before_anything_is_sent() {
    // A length of another size than the body's, or chunks announced, left
    // the server waiting for more (past every timeout) or the call failing
    // as a retried protocol error.
    let server = Server::forever(|_| Reply::completed("ok"));
    for (name, value) in [
        ("Content-Length", "100000"),
        ("transfer-encoding", "chunked"),
    ] {
        let err = builder(server.base_url())
            .header(name, value)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{name}: {err:?}");
        let options = no_retries().header(name, value);
        let err = within(Duration::from_secs(20), {
            let client = client(server.base_url());
            move || client.send_with(&request(), &options).unwrap_err()
        })
        .unwrap_or_else(|| panic!("{name}: the call hung"));
        assert!(matches!(err, Error::Config(_)), "{name}: {err:?}");
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
    assert_eq!(server.request_count(), 0);
}

#[test]
fn an_error_status_sent_as_an_event_stream_is_read_by_its_event() {
    let body =
        ": OPENROUTER PROCESSING\n\nevent: error\ndata: {\"error\":{\"code\":\"overloaded\",\
                \"message\":\"Upstream busy\",\"metadata\":{\"provider_name\":\"P\"}}}\n\n";
    for stream in [false, true] {
        let server = Server::start(vec![Reply::text(503, "text/event-stream", body)]);
        let err = call_error(&server, stream);
        let api = err
            .api_error()
            .unwrap_or_else(|| panic!("stream: {stream}: {err:?}"));
        assert_eq!(api.status, 503);
        assert_eq!(api.message, "Upstream busy", "stream: {stream}");
        assert_eq!(api.code, Some(ErrorCode::Text("overloaded".into())));
        assert_eq!(api.provider_name(), Some("P"));
        assert_eq!(api.body, body, "the body is kept as it came");
    }
}

#[test]
fn a_response_followed_by_more_bytes_is_a_decode_error() {
    // Short answers and long ones (read by a faster path) alike: what
    // follows the response is not dropped unseen.
    for text in ["short".to_string(), "long ".repeat(40_000)] {
        let whole = completed_json(&text);
        for extra in ["garbage", "\n{}", &whole] {
            let body = format!("{whole}{extra}");
            for stream in [false, true] {
                let server = Server::start(vec![Reply::json(200, &body)]);
                let err = call_error(&server, stream);
                let what = format!(
                    "{} bytes, then {:.10?} (stream: {stream})",
                    whole.len(),
                    extra
                );
                match &err {
                    Error::Decode(d) => assert_eq!(d.body.len(), body.len(), "{what}"),
                    other => panic!("{what}: {other:?}"),
                }
            }
        }
    }
}

#[test]
fn a_json_answer_that_ended_before_its_json_did_is_worth_a_new_request() {
    // An empty body, with a length of 0 or none, and one cut where the
    // connection closed (without a length, the close is its end): not the
    // whole answer, as a body with a length cut short (a broken body) and
    // an empty event stream (ended early) are not. Each is a decode error
    // with what arrived, retryable, and not re-sent by the client itself.
    let whole = completed_json("caf\u{e9} ol\u{e9}");
    let in_value = whole[..whole.find("caf").unwrap()].to_string();
    let at = whole.find('\u{e9}').unwrap() + 1;
    let in_character = whole.as_bytes()[..at].to_vec();
    let cases: [(&str, &str, Vec<u8>, &str); 5] = [
        (
            "empty, length 0",
            "Content-Length: 0\r\n",
            vec![],
            "the body is empty",
        ),
        (
            "empty, closed",
            "Connection: close\r\n",
            vec![],
            "the body is empty",
        ),
        (
            "blank",
            "Connection: close\r\n",
            b" \r\n".to_vec(),
            "the body is empty",
        ),
        (
            "cut in a value",
            "Connection: close\r\n",
            in_value.into_bytes(),
            "EOF",
        ),
        (
            "cut in a character",
            "Connection: close\r\n",
            in_character,
            "UTF-8",
        ),
    ];
    for (what, framing, body, says) in cases {
        for stream in [false, true] {
            let mut answer =
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\n")
                    .into_bytes();
            answer.extend_from_slice(&body);
            let server = Server::start(vec![raw_answer(answer)]);
            let client = client(server.base_url());
            let err = if stream {
                client
                    .stream(&request())
                    .and_then(|s| s.final_response())
                    .unwrap_err()
            } else {
                client.send(&request()).unwrap_err()
            };
            let what = format!("{what} (stream: {stream})");
            match &err {
                Error::Decode(d) => {
                    assert_eq!(d.body, String::from_utf8_lossy(&body), "{what}");
                    assert!(d.source.to_string().contains(says), "{what}: {err:?}");
                }
                other => panic!("{what}: {other:?}"),
            }
            assert!(err.is_retryable(), "{what}");
            assert_eq!(err.http().map(|h| h.status), Some(200), "{what}");
            assert_eq!(server.request_count(), 1, "{what}: not re-sent");
        }
    }
    // A whole body that is no response would fail again.
    let server = Server::start(vec![Reply::json(200, r#"{"output": "not a list"}"#)]);
    let err = client(server.base_url()).send(&request()).unwrap_err();
    assert!(
        matches!(err, Error::Decode(_)) && !err.is_retryable(),
        "{err:?}"
    );
}

#[test]
fn a_json_answer_whole_by_its_length_that_ends_early_is_not_worth_a_new_request() {
    // The server sent all its Content-Length gives, and the JSON in it ends
    // early: a new request would get the same. A plain decode error with
    // what arrived. Cut short of its length, the same body broke off, and a
    // new request may get all of it.
    let whole = completed_json("caf\u{e9} ol\u{e9}");
    let in_value = whole.as_bytes()[..whole.find("caf").unwrap()].to_vec();
    let at = whole.find('\u{e9}').unwrap() + 1;
    let in_character = whole.as_bytes()[..at].to_vec();
    for (what, body, says) in [
        ("cut in a value", in_value, "EOF"),
        ("cut in a character", in_character, "UTF-8"),
    ] {
        for (length, stream) in [
            (body.len(), false),
            (body.len(), true),
            (whole.len(), false),
            (whole.len(), true),
        ] {
            let whole_by_length = length == body.len();
            let mut answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
            )
            .into_bytes();
            answer.extend_from_slice(&body);
            let server = Server::start(vec![raw_answer(answer)]);
            let client = client(server.base_url());
            let err = if stream {
                client
                    .stream(&request())
                    .and_then(|s| s.final_response())
                    .unwrap_err()
            } else {
                client.send(&request()).unwrap_err()
            };
            let what = format!("{what}, length {length} (stream: {stream})");
            if whole_by_length {
                match &err {
                    Error::Decode(d) => {
                        assert_eq!(d.body, String::from_utf8_lossy(&body), "{what}");
                        assert!(d.source.to_string().contains(says), "{what}: {err:?}");
                    }
                    other => panic!("{what}: {other:?}"),
                }
                assert!(!err.is_retryable(), "{what}");
            } else {
                assert!(
                    matches!(stream_error(&err), Some(StreamError::Io(_))),
                    "{what}: {err:?}"
                );
                assert!(err.is_retryable(), "{what}");
            }
            assert_eq!(err.http().map(|h| h.status), Some(200), "{what}");
            assert_eq!(server.request_count(), 1, "{what}: not re-sent");
        }
    }
}

#[test]
fn an_error_sent_as_a_list_is_read_by_its_first() {
    let body =
        r#"[{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}]"#;
    for stream in [false, true] {
        let server = Server::start(vec![Reply::json(429, body)]);
        let err = call_error(&server, stream);
        let api = err
            .api_error()
            .unwrap_or_else(|| panic!("stream: {stream}: {err:?}"));
        assert_eq!(api.message, "Resource exhausted", "stream: {stream}");
        assert_eq!(api.code, Some(ErrorCode::Number(429)), "stream: {stream}");
        assert_eq!(api.body, body, "the body is kept as it came");
        assert!(api.is_rate_limited());
    }
}

#[test]
fn odd_retry_after_values_fall_back_to_the_backoff() {
    for value in ["-1", "1.5", "soon", " 0 ", "", "1, 2"] {
        let server = Server::start(vec![
            Reply::json(429, r#"{"error":{"code":429,"message":"slow down"}}"#)
                .with_header("Retry-After", value),
            Reply::completed("after the wait"),
        ]);
        let (told, waits) = mpsc::channel();
        let client = builder(server.base_url())
            .on_retry(move |r| {
                let _ = told.send(r.wait);
            })
            .build()
            .unwrap();
        let response = client.send(&request()).unwrap();
        assert_eq!(response.output_text(), "after the wait", "{value:?}");
        assert_eq!(server.request_count(), 2, "{value:?}");
        // The backoff of these tests is a millisecond (with jitter); the
        // value, read as a number of seconds, would have been a second.
        let waits: Vec<Duration> = waits.try_iter().collect();
        assert_eq!(waits.len(), 1, "{value:?}");
        assert!(waits[0] <= Duration::from_millis(1), "{value:?}: {waits:?}");
    }
}

#[test]
fn an_event_stream_in_one_byte_chunks_with_every_line_end_is_read() {
    let events = format!(
        "\u{feff}: keep-alive\r\nretry: 3000\rid: 1\nevent: response.created\r\n{}",
        sse_created().replace("data: ", "data:")
    ) + &sse_completed("byte by byte").replace('\n', "\r")
        + "data: [DONE]\r\n\r\n";
    let chunks: Vec<String> = events.chars().map(String::from).collect();
    let server = Server::start(vec![Reply::sse_kept(chunks, || {})]);
    let response = client(server.base_url())
        .stream(&request())
        .unwrap()
        .final_response()
        .unwrap();
    assert_eq!(response.output_text(), "byte by byte");
}

// ---------------------------------------------------------------------------
// Connections between requests

#[test]
fn a_kept_connection_the_server_closed_is_not_used_again() {
    let (closed_tx, closed) = mpsc::channel();
    let body = completed_json("first");
    let server = Server::start(vec![
        Reply::KeptScript(Box::new(move |s| {
            let _ = s.write_all(&json_answer("", &body));
            let _ = s.flush();
            // The server ends the kept connection while the client idles.
            let _ = s.shutdown(Shutdown::Both);
            let _ = closed_tx.send(());
        })),
        Reply::completed("second"),
    ]);
    let client = client(server.base_url());
    let first = client.send_with(&request(), &no_retries()).unwrap();
    assert_eq!(first.output_text(), "first");
    closed.recv_timeout(Duration::from_secs(5)).unwrap();
    thread::sleep(Duration::from_millis(20));
    // Without a retry: the closed connection is noticed before the request
    // is written, not after.
    let second = client.send_with(&request(), &no_retries()).unwrap();
    assert_eq!(second.output_text(), "second");
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 2);
}

#[test]
fn a_kept_connection_closed_as_the_request_arrives_is_retried_on_a_new_one() {
    let body = completed_json("first");
    let server = Server::start(vec![
        Reply::KeptScript(Box::new(move |s| {
            let _ = s.write_all(&json_answer("", &body));
        })),
        // The second request is read on the kept connection, then the
        // connection closes without an answer, as an idle timeout on the
        // server's side would close it just then.
        Reply::script(|_| {}),
        Reply::completed("on a new connection"),
    ]);
    let client = client(server.base_url());
    assert_eq!(client.send(&request()).unwrap().output_text(), "first");
    let second = client.send(&request()).unwrap();
    assert_eq!(second.output_text(), "on a new connection");
    let requests = server.requests();
    let connections: Vec<usize> = requests.iter().map(|r| r.connection).collect();
    assert_eq!(connections, vec![0, 0, 1]);
}

#[test]
fn bytes_after_the_end_of_an_answer_never_become_the_next_answer() {
    let smuggled = completed_json("smuggled");
    let first = completed_json("first");
    let sse = sse_created() + &sse_completed("streamed") + "data: [DONE]\n\n";
    let tail = String::from_utf8(json_answer("", &smuggled)).unwrap();
    // The extra bytes come with the first answer, after its declared end:
    // after its Content-Length, after a stream's last chunk.
    let kept_json = move |s: &mut TcpStream| {
        let mut bytes = json_answer("", &first);
        bytes.extend_from_slice(tail.as_bytes());
        let _ = s.write_all(&bytes);
    };
    let tail = String::from_utf8(json_answer("", &completed_json("smuggled"))).unwrap();
    let kept_sse = move |s: &mut TcpStream| {
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{sse}\r\n0\r\n\r\n{tail}",
            sse.len()
        );
    };
    let server = Server::start(vec![
        Reply::KeptScript(Box::new(kept_json)),
        Reply::completed("second"),
        Reply::KeptScript(Box::new(kept_sse)),
        Reply::completed("fourth"),
    ]);
    let client = client(server.base_url());
    assert_eq!(client.send(&request()).unwrap().output_text(), "first");
    assert_eq!(client.send(&request()).unwrap().output_text(), "second");
    let streamed = client.stream(&request()).unwrap().final_response().unwrap();
    assert_eq!(streamed.output_text(), "streamed");
    // The stream's connection is given back on a thread of its own: let it.
    thread::sleep(Duration::from_millis(100));
    assert_eq!(client.send(&request()).unwrap().output_text(), "fourth");
    assert_eq!(server.request_count(), 4);
}

// ---------------------------------------------------------------------------
// Streams that outlive their terminal event

/// A server whose answer ends with `response.completed` and then holds the
/// body open (until the sender is dropped or sent to), and a client whose
/// idle timeout is 5 s.
fn held_after_the_terminal_event() -> (Server, Client, mpsc::Sender<()>) {
    let (release, held) = mpsc::channel::<()>();
    let events = vec![sse_created(), sse_completed("done")];
    let server = Server::start(vec![Reply::sse_kept(events, move || {
        let _ = held.recv_timeout(Duration::from_secs(10));
    })]);
    let client = builder(server.base_url())
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    (server, client, release)
}

#[test]
fn iterating_stops_at_the_terminal_event_of_a_body_held_open() {
    let (_server, client, release) = held_after_the_terminal_event();
    let mut stream = client.stream(&request()).unwrap();
    let started = Instant::now();
    let texts: Vec<String> = stream.text_deltas().collect::<Result<_, _>>().unwrap();
    // An answer without deltas: its text comes at the terminal event.
    assert_eq!(texts, ["done"]);
    // Not held until the idle timeout (5 s), which would end it with an error.
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(!stream.ended_early());
    assert_eq!(stream.final_response().unwrap().output_text(), "done");
    let _ = release.send(());

    // The iterator too: the terminal event is the last it hands out.
    let (_server, client, release) = held_after_the_terminal_event();
    let started = Instant::now();
    let events: Vec<_> = client.stream(&request()).unwrap().collect();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[1].as_ref().is_ok_and(StreamEvent::is_terminal));
    let _ = release.send(());
}

// ---------------------------------------------------------------------------
// Built without TLS (`.ci/run` runs these with `--no-default-features`)

/// Built without TLS, an `https://` proxy could only be spoken to in plain
/// text: its password (and, inside the tunnel, the request with the key)
/// would cross the wire unencrypted. It is refused as an https base URL is.
#[test]
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn without_tls_an_https_proxy_is_refused_before_anything_is_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let (seen_tx, seen) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut head = vec![0u8; 4096];
            let n = stream.read(&mut head).unwrap_or(0);
            let _ = seen_tx.send(String::from_utf8_lossy(&head[..n]).into_owned());
        }
    });
    let built = builder("http://api.example.invalid/api/v1".into())
        .proxy(format!("https://user:proxy-secret@{addr}"))
        .build();
    match built {
        Err(err) => {
            assert!(matches!(err, Error::Config(_)), "{err:?}");
            assert!(err.to_string().contains("`rustls`"), "{err}");
            assert!(!err.to_string().contains("proxy-secret"), "{err}");
        }
        Ok(client) => {
            let _ = client.send_with(&request(), &no_retries());
            let sent = seen
                .recv_timeout(Duration::from_secs(2))
                .unwrap_or_default();
            panic!("an https proxy was used without TLS; it received:\n{sent}");
        }
    }
    assert!(seen.try_recv().is_err(), "nothing reaches the proxy");
}

/// One call to `server` without retries, through `stream` (`stream = true`,
/// read to its final response) or `send`.
fn call(server: &Server, stream: bool) -> Result<Response, Error> {
    let client = client(server.base_url());
    if stream {
        client
            .stream_with(&request(), &no_retries())
            .and_then(|s| s.final_response())
    } else {
        client.send_with(&request(), &no_retries())
    }
}

/// The error of one [`call`].
fn call_error(server: &Server, stream: bool) -> Error {
    call(server, stream).unwrap_err()
}

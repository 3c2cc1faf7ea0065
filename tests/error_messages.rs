//! What each error says, as a program shows it: its `Display`, then the
//! `Display` of each of its sources (the "caused by" lines of a command-line
//! tool). Every case is made for real (loopback servers, bad setups, bad
//! input); each message is pinned, and every chain is checked to say each
//! thing once, to leave no dangling colon, to fit on one line and never to
//! show the API key.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use common::hello as request;
use common::{
    no_retries, raw, reset, sse_created, sse_data, sse_head, stream_error, transport_kind,
    RawServer, Reply, Server,
};
use openrouter_responses::response::OutputItem;
use openrouter_responses::{
    Client, ClientBuilder, Error, RequestOptions, Response, ResponseStream, StopHandle,
    StreamError, TimeoutKind, TransportKind,
};
use serde_json::json;

/// A recognisable key: no message may ever contain it.
const KEY: &str = "sk-or-v1-messages-SECRET-5e1f";

/// The error's message and those of its sources, in order, after checking
/// what every chain must be.
fn chain(err: &Error) -> Vec<String> {
    let said = common::error_chain(err);
    let debug = format!("{err:?}");
    for (i, message) in said.iter().enumerate() {
        assert!(!message.trim().is_empty(), "an empty message: {said:?}");
        assert!(
            !message.ends_with(':') && !message.ends_with(": "),
            "a dangling colon: {said:?}"
        );
        assert!(
            !message.contains(['\n', '\r', '\u{1b}']),
            "not one line: {said:?}"
        );
        assert!(message.chars().count() <= 1200, "too long: {said:?}");
        // Each message says something its cause does not.
        if let Some(next) = said.get(i + 1) {
            assert!(
                message != next && !message.ends_with(&format!(": {next}")),
                "said twice: {said:?}"
            );
        }
    }
    assert!(
        !said.concat().contains("SECRET") && !debug.contains("SECRET"),
        "the key leaked: {said:?} {debug}"
    );
    assert!(debug.len() < 20_000, "Debug of {} bytes", debug.len());
    said
}

fn builder(base_url: String) -> ClientBuilder {
    common::quick_client(KEY, base_url).backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// The error of a call through a client built by `builder`.
fn fails(builder: ClientBuilder, options: &RequestOptions) -> Error {
    let client = builder.build().expect("client builds");
    client.send_with(&request(), options).unwrap_err()
}

fn client(base_url: String) -> Client {
    builder(base_url).build().expect("client builds")
}

/// A loopback port that nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------
// Setup

#[test]
fn setup_errors() {
    let said = |b: ClientBuilder| chain(&b.build().unwrap_err());
    let url = |url: &str| said(Client::builder().base_url(url));
    assert_eq!(
        url("ftp://x.test/api"),
        [
            r#"invalid configuration: the base url "ftp://x.test/api" is not an absolute http or https url"#
        ]
    );
    assert_eq!(
        url("https://x.test/api/v1?key=1"),
        [
            r#"invalid configuration: the base url "https://x.test/api/v1?key=1" has a query or a fragment"#
        ]
    );
    assert_eq!(
        url("https://me:SECRET@x.test:70000/api/v1"),
        [
            r#"invalid configuration: the base url "https://***@x.test:70000/api/v1" has a port outside 1-65535"#
        ]
    );
    let bad_key = [
        "invalid configuration: the api key is empty or has characters an http header cannot carry",
    ];
    assert_eq!(said(Client::builder().api_key("sk-or SECRET")), bad_key);
    assert_eq!(said(Client::builder().api_key("  ")), bad_key);
    // A key given with its scheme is told so, not as a character a header
    // cannot carry (the space), and not echoed.
    let with_scheme = [
        "invalid configuration: the api key starts with `Bearer `: give the key alone, the client adds the prefix",
    ];
    for key in [
        "Bearer sk-or-SECRET",
        " bearer\tsk-or-SECRET",
        "BEARER  SECRET",
    ] {
        assert_eq!(said(Client::builder().api_key(key)), with_scheme, "{key}");
    }
    let err = Client::new("Bearer sk-or-SECRET")
        .send(&request())
        .unwrap_err();
    assert_eq!(chain(&err), with_scheme);
    assert!(!format!("{err:?}").contains("SECRET"));
    // `Client::new` cannot fail: its calls do.
    let err = Client::new("sk-or\nSECRET").send(&request()).unwrap_err();
    assert_eq!(chain(&err), bad_key);
    assert_eq!(
        said(Client::builder().header("X-Token", "SECRET\r\nX-Evil: 1")),
        [r#"invalid configuration: the header "X-Token" cannot be sent"#]
    );
    // The HTTP layer panicked at the first call on such a user agent.
    assert_eq!(
        said(Client::builder().user_agent("tool/1\r\nX-Evil: 1")),
        [r#"invalid configuration: the header "User-Agent" cannot be sent"#]
    );
    assert_eq!(
        said(Client::builder().header("Bad Name", "v")),
        [r#"invalid configuration: the header "Bad Name" cannot be sent"#]
    );
    assert_eq!(
        said(Client::builder().proxy("http://me:SECRET@[nope")),
        ["invalid configuration: the proxy url cannot be read"]
    );
    // A port the URL cannot hold went, without a word, to the scheme's
    // default port of the proxy's host (80, or 1080 for SOCKS).
    for url in [
        "http://me:SECRET@127.0.0.1:99999",
        "socks5://127.0.0.1:99999",
        "http://proxy.test:65536/",
        "http://127.0.0.1:0",
    ] {
        assert_eq!(
            said(Client::builder().proxy(url)),
            ["invalid configuration: the proxy url has a port outside 1-65535"],
            "{url}"
        );
    }
    for url in [
        "http://127.0.0.1:65535",
        "socks5://127.0.0.1:1",
        "http://proxy.test:",
    ] {
        assert!(Client::builder().proxy(url).build().is_ok(), "{url}");
    }
}

// ---------------------------------------------------------------------------
// Transport

#[test]
fn transport_errors() {
    // Nothing listens.
    let err = client(format!("http://127.0.0.1:{}/api/v1", closed_port()))
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let said = chain(&err);
    assert_eq!(transport_kind(&err), Some(TransportKind::Connect));
    assert_eq!((said.len(), said[0].as_str()), (2, "connection failed"));
    assert!(said[1].starts_with("io: "), "{said:?}");

    // Not HTTP.
    let server = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        thread::sleep(Duration::from_millis(100));
    })]);
    let err = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let said = chain(&err);
    assert_eq!(transport_kind(&err), Some(TransportKind::Protocol));
    assert_eq!((said.len(), said[0].as_str()), (2, "malformed http answer"));
    assert!(said[1].starts_with("protocol: "), "{said:?}");

    // Reset before the answer.
    let server = RawServer::start(vec![raw(reset)]);
    let err = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let said = chain(&err);
    assert_eq!(transport_kind(&err), Some(TransportKind::Io));
    assert_eq!((said.len(), said[0].as_str()), (2, "connection broken"));

    // TLS spoken to a plain server.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        if let Some(Ok(mut s)) = listener.incoming().next() {
            let _ = s.read(&mut [0; 512]);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
            thread::sleep(Duration::from_millis(100));
        }
    });
    let err = client(format!("https://{addr}/api/v1"))
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let said = chain(&err);
    assert_eq!(transport_kind(&err), Some(TransportKind::Tls));
    assert_eq!((said.len(), said[0].as_str()), (2, "tls handshake failed"));

    // A proxy that refuses the tunnel.
    let proxy = RawServer::start(vec![raw(|mut s| {
        let _ = s.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        thread::sleep(Duration::from_millis(100));
    })]);
    let err = fails(
        builder(format!("https://127.0.0.1:{}/api/v1", closed_port()))
            .proxy(format!("http://me:SECRET@{}", proxy.addr())),
        &no_retries(),
    );
    let said = chain(&err);
    assert_eq!(transport_kind(&err), Some(TransportKind::ProxyRefused));
    assert_eq!(
        (said.len(), said[0].clone()),
        (
            2,
            format!("the proxy refused the connection (proxy: {})", proxy.addr())
        )
    );
    assert!(said[1].contains("403"), "{said:?}");
    assert!(!err.is_retryable());

    // A proxy that cannot be reached: the proxy's failure, not the server's.
    let proxied = |proxy: String| {
        fails(
            builder(format!("http://127.0.0.1:{}/api/v1", closed_port())).proxy(proxy),
            &no_retries(),
        )
    };
    let port = closed_port();
    let err = proxied(format!("http://me:SECRET@127.0.0.1:{port}"));
    let said = chain(&err);
    assert_eq!(transport_kind(&err), Some(TransportKind::Proxy));
    // Which proxy, never its credentials.
    assert_eq!(
        (said.len(), said[0].clone()),
        (
            2,
            format!("proxy connection failed (proxy: 127.0.0.1:{port})")
        )
    );
    assert!(!format!("{err:?}").contains("SECRET"), "{err:?}");
    assert!(said[1].starts_with("io: "), "{said:?}");
    assert!(err.is_retryable());

    // A SOCKS5 proxy whose rules refuse the connection.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let socks = listener.local_addr().unwrap();
    thread::spawn(move || {
        if let Some(Ok(mut s)) = listener.incoming().next() {
            let mut greeting = [0; 3];
            let _ = s.read_exact(&mut greeting);
            let _ = s.write_all(&[5, 0]);
            let _ = s.read(&mut [0; 512]);
            let _ = s.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0]);
            thread::sleep(Duration::from_millis(100));
        }
    });
    let err = proxied(format!("socks5://{socks}"));
    assert_refused_by_proxy(&err, socks, "connection not allowed by ruleset");
}

/// Checks that `err` is a refusal by the proxy at `proxy` for the I/O
/// reason `io`, said in two messages, and not worth a retry.
fn assert_refused_by_proxy(err: &Error, proxy: impl std::fmt::Display, io: &str) {
    let said = chain(err);
    assert_eq!(
        transport_kind(err),
        Some(TransportKind::ProxyRefused),
        "{said:?}"
    );
    assert_eq!(
        said,
        [
            format!("the proxy refused the connection (proxy: {proxy})"),
            format!("io: {io}")
        ]
    );
    assert!(!err.is_retryable(), "{err:?}");
}

/// A SOCKS5 proxy that takes `replies` as its answers to each connection's
/// greeting and next message, for `connections` connections; the number
/// of connections made is counted.
fn socks5_proxy(
    replies: &'static [&'static [u8]],
    connections: usize,
) -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    thread::spawn(move || {
        for s in listener.incoming().take(connections) {
            let Ok(mut s) = s else { return };
            counted.fetch_add(1, Ordering::SeqCst);
            for reply in replies {
                let _ = s.read(&mut [0; 512]);
                let _ = s.write_all(reply);
            }
            thread::sleep(Duration::from_millis(50));
        }
    });
    (addr, count)
}

#[test]
fn a_proxy_that_refuses_the_client_is_told_apart_and_not_retried() {
    use std::sync::atomic::Ordering;
    let target = || format!("http://127.0.0.1:{}/api/v1", closed_port());
    // A SOCKS5 proxy that refuses the password: asked for one (method 2),
    // it answers the credentials with a failure.
    let (socks, connections) = socks5_proxy(&[&[5, 2], &[1, 1]], 3);
    let err = fails(
        builder(target()).proxy(format!("socks5://me:WRONG-PASSWORD@{socks}")),
        &RequestOptions::new(),
    );
    assert_refused_by_proxy(&err, socks, "password authentication failed");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "retried");
    assert!(!format!("{err:?}").contains("WRONG-PASSWORD"));
    // One that wants a password and was offered none.
    let (socks, connections) = socks5_proxy(&[&[5, 0xff]], 3);
    let err = fails(
        builder(target()).proxy(format!("socks5://{socks}")),
        &RequestOptions::new(),
    );
    assert_eq!(
        transport_kind(&err),
        Some(TransportKind::ProxyRefused),
        "{err:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1, "retried");
    // An HTTP proxy that wants other credentials.
    let refusal = || {
        raw(|mut s| {
            let _ = s.write_all(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n",
            );
            thread::sleep(Duration::from_millis(50));
        })
    };
    let proxy = RawServer::start(vec![refusal(), refusal(), refusal()]);
    let err = fails(
        builder(target()).proxy(format!("http://me:WRONG-PASSWORD@{}", proxy.addr())),
        &RequestOptions::new(),
    );
    assert_eq!(
        transport_kind(&err),
        Some(TransportKind::ProxyRefused),
        "{err:?}"
    );
    assert_eq!(
        chain(&err)[0],
        format!("the proxy refused the connection (proxy: {})", proxy.addr())
    );
    assert_eq!(proxy.connection_count(), 1, "retried");
    // A proxy that fails otherwise is still retried.
    let (socks, connections) = socks5_proxy(&[&[5, 0], &[5, 1, 0, 1, 0, 0, 0, 0, 0, 0]], 3);
    let err = fails(
        builder(target()).proxy(format!("socks5://{socks}")),
        &RequestOptions::new(),
    );
    assert_eq!(transport_kind(&err), Some(TransportKind::Proxy), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

/// What the client cannot send to a SOCKS5 proxy that asks for a password
/// (a user name or a password over 255 bytes, or an empty password: RFC
/// 1929 carries each in 1 to 255 bytes) is a setup that cannot work, not
/// retried, and named by the proxy, never by the credentials.
#[test]
fn socks5_credentials_that_cannot_be_sent_are_a_setup_error() {
    use std::sync::atomic::Ordering;
    let target = || format!("http://127.0.0.1:{}/api/v1", closed_port());
    let long_user = format!("USER{}", "u".repeat(300));
    let long_password = format!("SECRET{}", "p".repeat(300));
    let hint = "(SOCKS5 takes a user name and a password of 1 to 255 bytes each)";
    for (userinfo, said) in [
        (format!("{long_user}:SECRET"), "invalid username"),
        (format!("USER:{long_password}"), "invalid password"),
        ("USER".to_string(), "invalid password"),
    ] {
        // Asked for a password (method 2).
        let (socks, connections) = socks5_proxy(&[&[5, 2]], 3);
        let err = fails(
            builder(target()).proxy(format!("socks5://{userinfo}@{socks}")),
            &RequestOptions::new(),
        );
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert_eq!(
            chain(&err),
            [format!(
                "invalid configuration: the call cannot be made through the socks proxy {socks}: {said} {hint}"
            )]
        );
        assert!(!err.is_retryable());
        assert_eq!(connections.load(Ordering::SeqCst), 1, "retried");
        let debug = format!("{err:?}");
        assert!(
            !debug.contains("USER") && !debug.contains("SECRET"),
            "{debug}"
        );
    }
    // A proxy that takes no authentication never asks for them: the call
    // goes through it.
    let (socks, connections) = socks5_proxy(&[&[5, 0], &[5, 1, 0, 1, 0, 0, 0, 0, 0, 0]], 1);
    let err = fails(
        builder(target()).proxy(format!("socks5://{long_user}:{long_password}@{socks}")),
        &no_retries(),
    );
    assert_eq!(transport_kind(&err), Some(TransportKind::Proxy), "{err:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

/// A SOCKS5 proxy that does not support what the client asks (the CONNECT
/// command, replies 7, or the kind of address, 8) refuses the call, and
/// would again: not retried.
#[test]
fn a_socks5_proxy_that_does_not_support_the_call_refuses_it() {
    use std::sync::atomic::Ordering;
    let target = || format!("http://127.0.0.1:{}/api/v1", closed_port());
    for (reply, said) in [
        (
            &[5u8, 7, 0, 1, 0, 0, 0, 0, 0, 0][..],
            "command not supported",
        ),
        (
            &[5, 8, 0, 1, 0, 0, 0, 0, 0, 0],
            "address kind not supported",
        ),
    ] {
        let replies: &'static [&'static [u8]] = Box::leak(Box::new([&[5u8, 0][..], reply]));
        let (socks, connections) = socks5_proxy(replies, 3);
        let err = fails(
            builder(target()).proxy(format!("socks5://{socks}")),
            &RequestOptions::new(),
        );
        assert_refused_by_proxy(&err, socks, said);
        assert_eq!(connections.load(Ordering::SeqCst), 1, "retried");
    }
}

#[test]
fn stopped_and_shut_down() {
    let server = RawServer::start(vec![raw(|s| {
        thread::sleep(Duration::from_millis(400));
        drop(s);
    })]);
    let handle = StopHandle::new();
    let stopper = handle.clone();
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        stopper.stop();
    });
    let err = client(server.base_url())
        .send_with(&request(), &no_retries().stop_handle(&handle))
        .unwrap_err();
    assert_eq!(chain(&err), ["the call was stopped"]);
    assert_eq!(transport_kind(&err), Some(TransportKind::Stopped));

    let closed = client(server.base_url());
    closed.shutdown();
    let err = closed.send(&request()).unwrap_err();
    assert_eq!(chain(&err), ["the client was shut down"]);
    assert_eq!(transport_kind(&err), Some(TransportKind::Shutdown));
}

// ---------------------------------------------------------------------------
// Timeouts

#[test]
fn timeouts() {
    let silent = || {
        raw(|s| {
            thread::sleep(Duration::from_millis(600));
            drop(s);
        })
    };
    let server = RawServer::start(vec![silent(), silent(), silent()]);
    let err = fails(
        builder(server.base_url()).response_timeout(Duration::from_millis(100)),
        &no_retries(),
    );
    assert_eq!(
        chain(&err),
        ["timed out waiting for response headers (response_timeout: 100 ms)"]
    );
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (t.kind(), t.limit()),
        (
            TimeoutKind::ResponseHeaders,
            Some(Duration::from_millis(100))
        )
    );
    // The same wait, cut by the idle timeout: that is the one to raise.
    let err = fails(
        builder(server.base_url()),
        &no_retries().read_timeout(Duration::from_millis(150)),
    );
    assert_eq!(
        chain(&err),
        ["timed out waiting for response headers (read_timeout: 150 ms)"]
    );
    let err = fails(
        builder(server.base_url()).total_timeout(Duration::from_millis(100)),
        &no_retries(),
    );
    assert_eq!(
        chain(&err),
        ["timed out at the deadline of the call (total_timeout: 100 ms)"]
    );

    let stalled = || {
        raw(|mut s| {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
            let _ = s.write_all(head.as_bytes());
            thread::sleep(Duration::from_millis(600));
        })
    };
    let server = RawServer::start(vec![stalled(), stalled()]);
    let client = builder(server.base_url())
        .read_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = client.send_with(&request(), &no_retries()).unwrap_err();
    assert_eq!(
        chain(&err),
        ["timed out waiting for more of the body (read_timeout: 100 ms)"]
    );
    // The whole deadline is quoted, not what was left of it.
    let options = (no_retries().total_timeout(Duration::from_millis(300)))
        .read_timeout(Duration::from_secs(2));
    let err = client.send_with(&request(), &options).unwrap_err();
    assert_eq!(
        chain(&err),
        ["timed out at the deadline of the call (total_timeout: 300 ms)"]
    );

    // A stream that stalls.
    let server = RawServer::start(vec![raw(|mut s| {
        let head = sse_head(&[]) + &sse_created();
        let _ = s.write_all(head.as_bytes());
        thread::sleep(Duration::from_millis(600));
    })]);
    let mut stream = builder(server.base_url())
        .read_timeout(Duration::from_secs(2))
        .build()
        .unwrap()
        .stream_with(
            &request(),
            &no_retries().read_timeout(Duration::from_millis(300)),
        )
        .unwrap();
    let err = stream.find_map(Result::err).unwrap();
    assert_eq!(
        chain(&err),
        ["timed out waiting for more of the body (read_timeout: 300 ms)"]
    );
}

// ---------------------------------------------------------------------------
// The server's errors

#[test]
fn api_errors_by_status() {
    let provider = json!({"error": {"code": 502, "message": "Provider returned error",
        "metadata": {"provider_name": "Acme", "raw": "{\"error\":{\"message\":\"quota exceeded\"}}"}}});
    let server = Server::start(vec![
        Reply::json(
            429,
            r#"{"error":{"code":429,"message":"Rate limit exceeded"}}"#,
        )
        .with_header("Retry-After", "7"),
        Reply::json(
            400,
            r#"{"error":{"code":"invalid_prompt","message":"Input is empty","param":"input"}}"#,
        ),
        Reply::text(
            502,
            "text/html",
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        ),
        Reply::text(404, "text/plain", ""),
        Reply::text(500, "text/plain", "upstream\n  timed out"),
        Reply::json(401, r#"{"error":{"code":401,"message":"  "}}"#),
        Reply::json(502, &provider.to_string()),
        Reply::json(
            200,
            r#"{"error":{"code":503,"message":"No instances available"}}"#,
        ),
        Reply::text(301, "text/html", "")
            .with_header("Location", "https://x.test/api/v1/responses"),
    ]);
    let client = client(server.base_url());
    let next = || chain(&client.send_with(&request(), &no_retries()).unwrap_err());
    assert_eq!(next(), ["api error 429: Rate limit exceeded"]);
    assert_eq!(next(), ["api error 400 (invalid_prompt): Input is empty"]);
    assert_eq!(next(), ["api error 502: 502 Bad Gateway"]);
    assert_eq!(next(), ["api error 404"]);
    assert_eq!(next(), ["api error 500: upstream timed out"]);
    // A blank message: the body says what there is.
    assert_eq!(
        next(),
        [r#"api error 401: {"error":{"code":401,"message":" "}}"#]
    );
    assert_eq!(
        next(),
        ["api error 502: Provider returned error (Acme: quota exceeded)"]
    );
    assert_eq!(
        next(),
        ["api error in 200 answer (503): No instances available"]
    );
    assert_eq!(
        next(),
        ["api error 301 (redirect to https://x.test/api/v1/responses not followed)"]
    );
}

/// A hostile or broken server's words: megabytes, line breaks, terminal
/// escapes. Shown on one line, cut by characters; kept whole in the error.
#[test]
fn api_errors_with_hostile_words() {
    let message = format!(
        "bad\r\n\u{1b}[2J\u{1b}[31mred\u{7}\u{202e}{}",
        "ß".repeat(300_000)
    );
    let body = json!({"error": {"code": "e\u{1b}[0m", "message": message,
        "metadata": {"provider_name": "A\ncme", "raw": "line\n\u{1b}[1mbold"}}});
    let server = Server::start(vec![
        Reply::json(400, &body.to_string()),
        Reply::text(
            502,
            "text/plain",
            &format!("\u{1b}]0;title\u{7}{}", "x".repeat(500)),
        ),
    ]);
    let client = client(server.base_url());
    let err = client.send_with(&request(), &no_retries()).unwrap_err();
    let said = chain(&err);
    let prefix = r"api error 400 (e\u{1b}[0m): bad \u{1b}[2J\u{1b}[31mred\u{7}\u{202e}ßßß";
    assert!(said[0].starts_with(prefix), "{said:?}");
    assert!(
        said[0].ends_with(r"ßß… (A cme: line \u{1b}[1mbold)"),
        "{said:?}"
    );
    assert_eq!(err.api_error().unwrap().message, message);

    let err = client.send_with(&request(), &no_retries()).unwrap_err();
    let said = chain(&err);
    assert_eq!(
        said,
        [format!(
            r"api error 502: \u{{1b}}]0;title\u{{7}}{}…",
            "x".repeat(190)
        )]
    );
}

#[test]
fn api_errors_inside_answers() {
    let failed = json!({"id": "resp_1", "status": "failed", "output": [],
        "error": {"code": "server_error", "message": "The model crashed"}});
    let server = Server::start(vec![
        Reply::json(200, &failed.to_string()),
        Reply::sse(vec![
            sse_created(),
            sse_data(
                json!({"type": "error", "code": "rate_limit_exceeded", "message": "Slow down", "param": null}),
            ),
        ]),
        Reply::sse(vec![
            sse_created(),
            sse_data(json!({"type": "response.failed", "response": failed})),
        ]),
        Reply::sse(vec![
            sse_created(),
            "event: error\ndata: upstream closed\n\n".into(),
        ]),
    ]);
    let client = client(server.base_url());
    let response = client.send_with(&request(), &no_retries()).unwrap();
    let said = ["api error in response (server_error): The model crashed"];
    assert_eq!(chain(&response.clone().into_result().unwrap_err()), said);
    assert_eq!(chain(&response.parse_output::<String>().unwrap_err()), said);
    let first_error = || {
        let mut stream = client.stream_with(&request(), &no_retries()).unwrap();
        chain(&stream.find_map(Result::err).unwrap())
    };
    assert_eq!(
        first_error(),
        ["api error in stream (rate_limit_exceeded): Slow down"]
    );
    assert_eq!(
        first_error(),
        ["api error in stream (server_error): The model crashed"]
    );
    assert_eq!(first_error(), ["api error in stream: upstream closed"]);
}

/// A stream's failure names its error type, the precise category its
/// coarse code (`server_error`) stands for, and gives the status its code
/// or type implies.
#[test]
fn a_stream_failure_names_its_error_type() {
    let failed = json!({"id": "resp_1", "status": "failed", "output": [],
        "error": {"code": "server_error", "message": "The provider stopped."},
        "error_type": "provider_unavailable"});
    let server = Server::start(vec![
        Reply::sse(vec![
            sse_created(),
            sse_data(json!({"type": "response.failed", "response": failed})),
        ]),
        Reply::sse(vec![
            sse_created(),
            sse_data(
                json!({"type": "error", "error": {"error_type": "rate_limit_exceeded",
                "message": "Slow down"}}),
            ),
        ]),
        Reply::sse(vec![
            sse_created(),
            sse_data(json!({"type": "error", "code": "rate_limit_exceeded",
                "error_type": "rate_limit_exceeded", "message": "Slow down"})),
        ]),
    ]);
    let client = client(server.base_url());
    let first_error = || {
        let mut stream = client.stream_with(&request(), &no_retries()).unwrap();
        match stream.find_map(Result::err).unwrap() {
            Error::Api(e) => (e.to_string(), e.effective_status()),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        first_error(),
        (
            "api error in stream (server_error, provider_unavailable): The provider stopped."
                .into(),
            None
        )
    );
    assert_eq!(
        first_error(),
        (
            "api error in stream (rate_limit_exceeded): Slow down".into(),
            Some(429)
        )
    );
    // A type that repeats the code is shown once.
    assert_eq!(
        first_error(),
        (
            "api error in stream (rate_limit_exceeded): Slow down".into(),
            Some(429)
        )
    );
}

/// An error answer's envelope names its error type after its code, as a
/// stream's failure does: in an error status (an availability error has a
/// type and no code) and in a 2xx answer.
#[test]
fn an_error_envelope_names_its_error_type() {
    let server = Server::start(vec![
        Reply::json(
            429,
            r#"{"error":{"message":"All providers are at capacity.","error_type":"rate_limit_exceeded",
                "http_status":429,"availability":{"code":"capacity_exhausted","retryable":true}}}"#,
        ),
        Reply::json(
            502,
            r#"{"error":{"code":502,"message":"Provider down","error_type":"provider_unavailable"}}"#,
        ),
        Reply::json(
            400,
            r#"{"error":{"code":"invalid_prompt","message":"Too long","error_type":"context_length_exceeded"}}"#,
        ),
        Reply::json(
            200,
            r#"{"error":{"code":"server_error","message":"The provider stopped."},"error_type":"provider_unavailable"}"#,
        ),
        Reply::json(
            200,
            r#"{"error":{"code":"rate_limit_exceeded","message":"Slow down","error_type":"rate_limit_exceeded"}}"#,
        ),
    ]);
    let client = client(server.base_url());
    let next = || chain(&client.send_with(&request(), &no_retries()).unwrap_err());
    assert_eq!(
        next(),
        ["api error 429 (rate_limit_exceeded): All providers are at capacity."]
    );
    // A numeric code equal to the status is shown once, as the status.
    assert_eq!(
        next(),
        ["api error 502 (provider_unavailable): Provider down"]
    );
    assert_eq!(
        next(),
        ["api error 400 (invalid_prompt, context_length_exceeded): Too long"]
    );
    assert_eq!(
        next(),
        ["api error in 200 answer (server_error, provider_unavailable): The provider stopped."]
    );
    // A type that repeats the code is shown once.
    assert_eq!(
        next(),
        ["api error in 200 answer (rate_limit_exceeded): Slow down"]
    );
}

// ---------------------------------------------------------------------------
// Decoding

#[test]
fn decode_errors() {
    let server = Server::start(vec![
        Reply::json(200, "{not json"),
        Reply::json(200, r#"{"id":"resp_1","output":7}"#),
        Reply::sse(vec![sse_created(), "data: {not json\n\n".into()]),
    ]);
    let client = client(server.base_url());
    let err = client.send_with(&request(), &no_retries()).unwrap_err();
    assert_eq!(
        chain(&err),
        [
            "failed to decode response body",
            "key must be a string at line 1 column 2"
        ]
    );
    let err = client.send_with(&request(), &no_retries()).unwrap_err();
    assert_eq!(
        chain(&err),
        [
            "failed to decode response body",
            "invalid type: integer `7`, expected a sequence at line 1 column 25"
        ]
    );
    let mut stream = client.stream_with(&request(), &no_retries()).unwrap();
    let err = stream.find_map(Result::err).unwrap();
    assert_eq!(
        chain(&err),
        [
            "failed to decode stream event",
            "key must be a string at line 1 column 2"
        ]
    );

    // What the caller parses.
    let response: Response = serde_json::from_value(json!({"id": "resp_1", "status": "completed",
    "output": [
        {"type": "message", "id": "msg_1", "role": "assistant",
         "content": [{"type": "output_text", "text": "Lisbon"}]},
        {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f",
         "arguments": "{\"city\":1}"},
        {"type": "image_generation_call", "id": "ig_1", "status": "completed", "result": "iVBO$"}
    ]}))
    .unwrap();
    assert_eq!(
        chain(&response.parse_output::<serde_json::Value>().unwrap_err()),
        [
            "failed to decode output text",
            "expected value at line 1 column 1"
        ]
    );
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Args {
        city: String,
    }
    let call = response.function_calls().next().unwrap();
    assert_eq!(
        chain(&call.parse_arguments::<Args>().unwrap_err()),
        [
            "failed to decode function call arguments",
            "invalid type: integer `1`, expected a string at line 1 column 9"
        ]
    );
    let Some(OutputItem::ImageGenerationCall(image)) = response.output.get(2) else {
        panic!("{:?}", response.output)
    };
    assert_eq!(
        chain(&image.image_bytes().unwrap().unwrap_err()),
        ["failed to decode base64 data", "invalid base64 at byte 4"]
    );
}

/// A value of megabytes where the API documents another type: the JSON
/// error quotes it; the chain shows its start and its end.
#[test]
fn a_decode_error_quoting_megabytes() {
    let body = json!({"id": "resp_1", "output": format!("\u{1b}[2J{}", "y".repeat(3_000_000))});
    let server = Server::start(vec![Reply::json(200, &body.to_string())]);
    let err = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let said = chain(&err);
    assert_eq!(said[0], "failed to decode response body");
    assert!(
        said[1].starts_with(r#"invalid type: string "\u{1b}[2Jyyy"#)
            && said[1].contains("yyy…yyy")
            && said[1].ends_with(r#"yyy", expected a sequence at line 1 column 3000035"#),
        "{said:?}"
    );
}

// ---------------------------------------------------------------------------
// Bodies and streams

#[test]
fn size_limits() {
    let server = Server::start(vec![
        Reply::json(200, &" ".repeat(5000)),
        Reply::sse(vec![
            sse_created(),
            format!("data: {}\n\n", "x".repeat(3000)),
        ]),
        Reply::sse(vec![
            sse_created(),
            format!("data: {0}\ndata: {0}\ndata: {0}\n\n", "x".repeat(600)),
        ]),
    ]);
    let client = client(server.base_url());
    let limits = no_retries().max_body_size(1000).max_event_size(1000);
    let err = client.send_with(&request(), &limits).unwrap_err();
    assert_eq!(
        chain(&err),
        ["response body exceeds the limit of 1000 bytes"]
    );
    let mut stream = client.stream_with(&request(), &limits).unwrap();
    let err = stream.find_map(Result::err).unwrap();
    assert_eq!(chain(&err), ["stream line exceeds the limit of 1000 bytes"]);
    let mut stream = client.stream_with(&request(), &limits).unwrap();
    let err = stream.find_map(Result::err).unwrap();
    assert_eq!(
        chain(&err),
        ["stream event exceeds the limit of 1000 bytes"]
    );
}

#[test]
fn bodies_and_streams_cut_short() {
    let server = RawServer::start(vec![raw(|mut s| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\"";
        let _ = s.write_all(head.as_bytes());
        thread::sleep(Duration::from_millis(50));
        reset(s);
    })]);
    let err = client(server.base_url())
        .send_with(&request(), &no_retries())
        .unwrap_err();
    let said = chain(&err);
    assert!(
        matches!(stream_error(&err), Some(StreamError::Io(_))),
        "{err:?}"
    );
    assert_eq!(
        (said.len(), said[0].as_str()),
        (2, "reading the body failed")
    );

    let server = Server::start(vec![
        Reply::sse(vec![sse_created()]),
        Reply::sse(vec![
            sse_created(),
            sse_data(json!({"type": "response.completed",
                "response": {"id": "resp_sse", "status": "completed", "output": "none"}})),
        ]),
    ]);
    let client = client(server.base_url());
    let err = client
        .stream_with(&request(), &no_retries())
        .unwrap()
        .final_response()
        .unwrap_err();
    assert_eq!(chain(&err), ["stream ended before a terminal event"]);
    let err = client
        .stream_with(&request(), &no_retries())
        .unwrap()
        .final_response()
        .unwrap_err();
    assert_eq!(
        chain(&err),
        [
            "the terminal event could not be decoded",
            "failed to decode stream event",
            r#"invalid type: string "none", expected a sequence at line 1 column 44"#
        ]
    );

    // A recording whose writer fails.
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let transcript = sse_head(&[]).split_once("\r\n\r\n").unwrap().1.to_string() + &sse_created();
    let err = ResponseStream::from_reader(std::io::Cursor::new(transcript))
        .tee(Full)
        .final_response()
        .unwrap_err();
    // The early end keeps what arrived; the recording's failure ended it.
    assert_eq!(
        chain(&err),
        [
            "stream ended before a terminal event",
            "recording the stream failed",
            "disk full"
        ]
    );
}

/// A long answer cut before its terminal event: the error's `Debug` shows
/// the start of the partial response and its length, not megabytes of it.
#[test]
fn a_long_answer_ended_early_is_abridged_in_debug() {
    let delta = |text: &str| {
        sse_data(
            json!({"type": "response.output_text.delta", "item_id": "msg_1",
            "output_index": 0, "content_index": 0, "delta": text}),
        )
    };
    let mut events = vec![sse_created()];
    events.extend((0..200).map(|_| delta(&"z".repeat(10_000))));
    let transcript = sse_head(&[]).split_once("\r\n\r\n").unwrap().1.to_string() + &events.concat();
    let err = ResponseStream::from_reader(std::io::Cursor::new(transcript))
        .final_response()
        .unwrap_err();
    assert_eq!(chain(&err), ["stream ended before a terminal event"]);
    let debug = format!("{err:?}");
    assert!(
        debug.starts_with("Stream(StreamFailure { error: EndedEarly { snapshot: Some(Response {")
            && debug.contains("zzz… (")
            && debug.contains(" bytes in all)), cause: None }, http: Some(HttpInfo {"),
        "{}",
        &debug[..debug.len().min(3000)]
    );
    let Error::Stream(s) = &err else {
        panic!("{err:?}")
    };
    let StreamError::EndedEarly {
        snapshot: Some(snapshot),
        ..
    } = &**s
    else {
        panic!("{err:?}")
    };
    let whole = format!("{snapshot:?}").len();
    assert!(whole > 2_000_000 && debug.contains(&format!("({whole} bytes in all)")));
    // Pretty-printed too.
    assert!(format!("{err:#?}").len() < 5_000);
}

// ---------------------------------------------------------------------------
// What `parse_output` refuses

#[test]
fn refusals_and_answers_cut_short() {
    let response = |v: serde_json::Value| -> Response { serde_json::from_value(v).unwrap() };
    let refused = response(json!({"id": "resp_1", "status": "completed", "output": [
        {"type": "message", "id": "msg_1", "role": "assistant",
         "content": [{"type": "refusal", "refusal": "I can't help\nwith that."}]}]}));
    assert_eq!(
        chain(&refused.parse_output::<String>().unwrap_err()),
        ["the model refused: I can't help with that."]
    );
    let cut = |details: serde_json::Value| {
        let r = response(json!({"id": "resp_1", "status": "incomplete",
            "incomplete_details": details, "output": []}));
        chain(&r.parse_output::<String>().unwrap_err())
    };
    assert_eq!(
        cut(json!({"reason": "max_output_tokens"})),
        ["the answer was cut short: max_output_tokens"]
    );
    assert_eq!(cut(json!(null)), ["the answer was cut short"]);
    assert_eq!(cut(json!({"reason": ""})), ["the answer was cut short"]);
}

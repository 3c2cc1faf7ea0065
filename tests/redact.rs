//! A server (or a proxy in front of it) that sends back the request's
//! `Authorization` header, or the key alone, in what becomes an error: the
//! error shows `***` where the key was, in its `Display` and its sources,
//! its `Debug`, and what serde writes of it; the rest of the server's text
//! is kept as it came. Every server here echoes what it received.

mod common;

use std::io::Write;

use common::{
    error_chain, hello as request, quick_client, sse_created, sse_data, Captured, Reply, Server,
};
use openrouter_responses::{ApiError, Error, ErrorOrigin, StreamError};
use serde_json::json;

/// A recognisable key, long enough to be replaced wherever it appears.
const KEY: &str = "sk-or-v1-echoed-SECRET-9c2d";

/// What the server received as `Authorization`.
fn echoed(r: &Captured) -> String {
    r.header("authorization").unwrap_or_default().to_string()
}

/// Everything an error shows: its `Display` and its sources', and its
/// `Debug`; checked to hold no key.
fn shown(err: &Error) -> String {
    let mut text = error_chain(err).join("\n");
    text.push_str(&format!("\n{err:?}\n{err:#?}"));
    if let Some(api) = err.api_error() {
        text.push_str(&serde_json::to_string(api).unwrap());
    }
    assert!(!text.contains(KEY), "the key is shown: {text}");
    text
}

/// A server that answers each request with `response.created`, then the
/// event `event` makes of the request.
fn event_echoing(event: impl Fn(&Captured) -> serde_json::Value + Send + Sync + 'static) -> Server {
    Server::routed(move |r| Reply::sse(vec![sse_created(), sse_data(event(r))]))
}

fn api(err: &Error) -> &ApiError {
    err.api_error().unwrap_or_else(|| panic!("{err:?}"))
}

#[test]
fn an_error_status_body_and_headers_that_echo_the_authorization_header() {
    let server = Server::routed(|r| {
        let auth = echoed(r);
        let body = json!({"error": {"code": 401, "message": format!("bad header Authorization: {auth}"),
            "metadata": {"request_headers": {"authorization": auth, "x-key": KEY}}},
            "user_id": KEY});
        Reply::json(401, &body.to_string()).with_header("x-echo-authorization", &auth)
    });
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    let text = shown(&err);
    let e = api(&err);
    // The rest of the server's words as sent.
    assert_eq!(e.message, "bad header Authorization: Bearer ***");
    assert_eq!(
        err.to_string(),
        "api error 401: bad header Authorization: Bearer ***"
    );
    assert_eq!(
        e.metadata,
        Some(json!({"request_headers": {"authorization": "Bearer ***", "x-key": "***"}}))
    );
    assert_eq!(e.user_id.as_deref(), Some("***"));
    assert!(
        e.body.contains(r#""authorization":"Bearer ***""#),
        "{}",
        e.body
    );
    assert_eq!(e.http.header("x-echo-authorization"), Some("Bearer ***"));
    assert!(text.contains("Bearer ***"));
}

#[test]
fn an_error_envelope_in_a_200_answer() {
    let server = Server::routed(|r| {
        let body = json!({"error": format!("the key {} is not valid here", &echoed(r)[7..])});
        Reply::json(200, &body.to_string())
    });
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    shown(&err);
    assert_eq!(api(&err).origin, ErrorOrigin::Envelope);
    assert_eq!(api(&err).message, "the key *** is not valid here");
    // Asked for a stream, the same answer fails the same way.
    let err = client.stream(&request()).unwrap_err();
    shown(&err);
    assert_eq!(api(&err).message, "the key *** is not valid here");
}

#[test]
fn a_non_json_error_page() {
    let server = Server::routed(|r| {
        let page = format!(
            "<html><head><title>Refused: {}</title></head><body>Authorization: {}</body></html>",
            echoed(r),
            echoed(r)
        );
        Reply::text(403, "text/html", &page)
    });
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    shown(&err);
    assert_eq!(api(&err).message, "Refused: Bearer ***");
    assert!(api(&err)
        .body
        .ends_with("<body>Authorization: Bearer ***</body></html>"));

    let server = Server::routed(|r| Reply::text(400, "text/plain", &format!("no: {}", echoed(r))));
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    shown(&err);
    assert_eq!(err.to_string(), "api error 400: no: Bearer ***");
}

#[test]
fn an_error_body_cut_short() {
    let server = Server::routed(|r| {
        let auth = echoed(r);
        Reply::script(move |s| {
            let part = format!("upstream rejected {auth} and then");
            let head = format!(
                "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
                part.len() + 100
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(part.as_bytes());
            let _ = s.flush();
        })
    });
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    shown(&err);
    assert!(api(&err).body_cut_short);
    assert_eq!(api(&err).body, "upstream rejected Bearer *** and then");
}

#[test]
fn a_decode_error_that_quotes_the_body() {
    // Not a response: the body is kept, and serde's message quotes the
    // string it did not expect.
    let server = Server::routed(|r| {
        let body = json!({"id": "resp_1", "output": echoed(r)});
        Reply::json(200, &body.to_string()).with_header("x-echo", &echoed(r))
    });
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    let text = shown(&err);
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.body, r#"{"id":"resp_1","output":"Bearer ***"}"#);
    assert!(
        d.source
            .to_string()
            .contains(r#"invalid type: string "Bearer ***""#),
        "{}",
        d.source
    );
    assert!(text.contains(r#"x-echo", "Bearer ***"#), "{text}");
}

#[test]
fn a_stream_error_event() {
    let server = event_echoing(|r| {
        json!({"type": "error", "code": "invalid_api_key",
            "message": format!("rejected {}", echoed(r)), "sequence_number": 1})
    });
    let client = server.client(KEY);
    let mut stream = client.stream(&request()).unwrap();
    let err = stream.by_ref().find_map(Result::err).unwrap();
    shown(&err);
    assert_eq!(api(&err).message, "rejected Bearer ***");
    assert!(api(&err)
        .body
        .contains(r#""message":"rejected Bearer ***""#));
    // Given again by `final_response`, as shown the first time.
    let err = stream.final_response().unwrap_err();
    shown(&err);
    assert_eq!(api(&err).message, "rejected Bearer ***");
    // And through `send`, which reads an event-stream answer whole.
    let server =
        event_echoing(|r| json!({"type": "error", "message": format!("rejected {}", echoed(r))}));
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap_err();
    shown(&err);
    assert_eq!(api(&err).origin, ErrorOrigin::Stream);
}

#[test]
fn a_response_failed_event() {
    let server = event_echoing(|r| {
        json!({"type": "response.failed", "sequence_number": 2,
            "response": {"id": "resp_sse", "object": "response", "status": "failed", "output": [],
                "error": {"code": "server_error", "message": format!("upstream said {}", echoed(r))}}})
    });
    let client = server.client(KEY);
    let mut stream = client.stream(&request()).unwrap();
    let err = stream.by_ref().find_map(Result::err).unwrap();
    shown(&err);
    assert_eq!(api(&err).message, "upstream said Bearer ***");
    // The failed response itself, and the error it is turned into.
    let response = stream.final_response().unwrap();
    assert_eq!(
        response.error.as_ref().unwrap().message,
        "upstream said Bearer ***"
    );
    let err = response.into_result().unwrap_err();
    shown(&err);
    assert_eq!(api(&err).message, "upstream said Bearer ***");
}

#[test]
fn a_failed_response_as_the_body() {
    let server = Server::routed(|r| {
        let body = json!({"id": "resp_1", "object": "response", "status": "failed", "output": [],
            "error": {"code": "server_error", "message": format!("upstream said {}", echoed(r)),
                "echo": {"authorization": echoed(r)}},
            "user_id": KEY});
        Reply::json(200, &body.to_string()).with_header("x-echo", &echoed(r))
    });
    let client = server.client(KEY);
    let err = client.send(&request()).unwrap().into_result().unwrap_err();
    shown(&err);
    assert_eq!(api(&err).message, "upstream said Bearer ***");
    assert_eq!(api(&err).http.header("x-echo"), Some("Bearer ***"));
    // Asked for a stream, it is played back as its `response.failed`.
    let mut stream = client.stream(&request()).unwrap();
    let err = stream.by_ref().find_map(Result::err).unwrap();
    shown(&err);
    let err = stream.final_response().unwrap().into_result().unwrap_err();
    shown(&err);
}

#[test]
fn an_undecodable_terminal_event_and_its_headers() {
    // A `response.completed` whose `output` is a string: the stream ends
    // with the event's text kept, and the answer's headers.
    let server = Server::routed(|r| {
        let auth = echoed(r);
        Reply::script(move |s| {
            let event = json!({"type": "response.completed",
                "response": {"id": "resp_sse", "status": "completed", "output": auth}});
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Echo: {auth}\r\n\r\n"
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(sse_created().as_bytes());
            let _ = s.write_all(sse_data(event).as_bytes());
            let _ = s.flush();
        })
    });
    let client = server.client(KEY);
    let stream = client.stream(&request()).unwrap();
    let err = stream.final_response().unwrap_err();
    let text = shown(&err);
    let Error::Stream(failure) = &err else {
        panic!("{err:?}")
    };
    let StreamError::TerminalUndecodable { decode, .. } = &**failure else {
        panic!("{err:?}")
    };
    assert!(
        decode.body.contains(r#""output":"Bearer ***""#),
        "{}",
        decode.body
    );
    assert_eq!(
        err.http().and_then(|h| h.header("x-echo")),
        Some("Bearer ***")
    );
    assert!(text.contains("Bearer ***"));
}

#[test]
fn a_short_key_is_replaced_only_as_a_word() {
    // Seven bytes: "a-key-1" inside a longer word stays, on its own it goes.
    let key = "a-key-1";
    let server = Server::routed(|r| {
        let body = json!({"error": {"message": format!("{} (a-key-10 is another)", echoed(r))}});
        Reply::json(401, &body.to_string())
    });
    let client = server.client(key);
    let err = client.send(&request()).unwrap_err();
    assert_eq!(api(&err).message, "Bearer *** (a-key-10 is another)");
}

#[test]
fn a_secret_header_value_is_replaced_too() {
    // The credential of a header the client's `Debug` hides.
    let server = Server::routed(|r| {
        let said = r.header("x-upstream-token").unwrap_or_default();
        Reply::json(
            401,
            &json!({"error": {"message": format!("bad token {said}")}}).to_string(),
        )
    });
    let client = quick_client(KEY, server.base_url())
        .header("X-Upstream-Token", "tok-0123456789")
        .build()
        .unwrap();
    let err = client.send(&request()).unwrap_err();
    assert_eq!(api(&err).message, "bad token ***");
}

#[test]
fn the_retry_hook_sees_the_error_without_the_key() {
    // A gateway error worth a retry, logged by the hook before the retry.
    let server = Server::routed(|r| {
        Reply::text(502, "text/plain", &format!("bad gateway for {}", echoed(r)))
    });
    let logged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = logged.clone();
    let client = quick_client(KEY, server.base_url())
        .max_retries(1)
        .on_retry(move |retry| log.lock().unwrap().push(format!("{:?}", retry.error)))
        .build()
        .unwrap();
    let err = client.send(&request()).unwrap_err();
    let logged = logged.lock().unwrap();
    assert_eq!(logged.len(), 1);
    assert!(
        !logged[0].contains(KEY) && logged[0].contains("Bearer ***"),
        "{}",
        logged[0]
    );
    shown(&err);
}

#[test]
fn a_secret_header_given_for_one_call_is_replaced_too() {
    // The call's own credentials, in place of the client's key or beside
    // it: a gateway echoes every header it received.
    const CALL_KEY: &str = "call-key-5f1e9a";
    const CALL_TOKEN: &str = "sk-or-v1-per-call-77aa";
    let server = Server::routed(|r| {
        let said = format!(
            "auth {} key {}",
            echoed(r),
            r.header("x-api-key").unwrap_or_default()
        );
        let event = json!({"type": "error", "message": said.clone()});
        if r.json()["stream"] == true {
            return Reply::sse(vec![sse_created(), sse_data(event)]);
        }
        Reply::json(401, &json!({"error": {"message": said}}).to_string())
            .with_header("x-echo", &echoed(r))
    });
    let client = server.client(KEY);
    let options = openrouter_responses::RequestOptions::new()
        .header("Authorization", format!("Bearer {CALL_TOKEN}"))
        .header("X-Api-Key", CALL_KEY);
    let err = client.send_with(&request(), &options).unwrap_err();
    let text = shown(&err);
    assert!(
        !text.contains(CALL_KEY) && !text.contains(CALL_TOKEN),
        "{text}"
    );
    assert_eq!(api(&err).message, "auth *** key ***");
    assert_eq!(api(&err).http.header("x-echo"), Some("***"));
    // In a stream's error event too.
    let mut stream = client.stream_with(&request(), &options).unwrap();
    let err = stream.by_ref().find_map(Result::err).unwrap();
    let text = shown(&err);
    assert!(
        !text.contains(CALL_KEY) && !text.contains(CALL_TOKEN),
        "{text}"
    );
    assert_eq!(api(&err).message, "auth *** key ***");
}

/// A proxy that opens the tunnel (an HTTP `CONNECT`, or SOCKS5 with a user
/// name and password) and then answers the request sent through it itself,
/// with an error page that quotes what the client sent it: the
/// `Proxy-Authorization` header, or the SOCKS5 password.
fn echoing_proxy(socks: bool) -> std::net::SocketAddr {
    use std::io::{BufRead, BufReader, Read};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let Some(Ok(mut s)) = listener.incoming().next() else {
            return;
        };
        let said = if socks {
            let mut greeting = [0; 4];
            let _ = s.read_exact(&mut greeting);
            let _ = s.write_all(&[5, 2]);
            let mut head = [0; 2];
            let _ = s.read_exact(&mut head);
            let mut user = vec![0; usize::from(head[1])];
            let _ = s.read_exact(&mut user);
            let mut len = [0; 1];
            let _ = s.read_exact(&mut len);
            let mut password = vec![0; usize::from(len[0])];
            let _ = s.read_exact(&mut password);
            let _ = s.write_all(&[1, 0]);
            let _ = s.read(&mut [0; 512]);
            let _ = s.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 80]);
            format!(
                "user {} password {}",
                String::from_utf8_lossy(&user),
                String::from_utf8_lossy(&password)
            )
        } else {
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let mut said = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if line.to_ascii_lowercase().starts_with("proxy-authorization") {
                    said = line.trim().to_string();
                }
                line.clear();
            }
            let _ = s.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            said
        };
        // The request through the tunnel, answered by the proxy itself.
        let _ = s.read(&mut [0; 4096]);
        let page =
            format!("<html><head><title>Upstream failed</title></head><body>{said}</body></html>");
        let answer = format!(
            "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: {}\r\nX-Proxy-Said: {said}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = s.write_all(answer.as_bytes());
        std::thread::sleep(std::time::Duration::from_millis(100));
    });
    addr
}

#[test]
fn a_proxy_that_echoes_its_credentials() {
    // "me:proxy-Pa55word" in base64, as the `Proxy-Authorization` header
    // carries it.
    const PASSWORD: &str = "proxy-Pa55word";
    const BASIC: &str = "bWU6cHJveHktUGE1NXdvcmQ=";
    for socks in [false, true] {
        let proxy = echoing_proxy(socks);
        // The proxy looks the host up (`socks5h`): no lookup here.
        let scheme = if socks { "socks5h" } else { "http" };
        let client = quick_client(KEY, "http://api.example.invalid/api/v1".into())
            .proxy(format!("{scheme}://me:{PASSWORD}@{proxy}"))
            .max_retries(0)
            .build()
            .unwrap();
        let err = client.send(&request()).unwrap_err();
        let text = shown(&err);
        assert!(
            !text.contains(PASSWORD) && !text.contains(BASIC),
            "{scheme}: {text}"
        );
        let said = if socks {
            "user me password ***"
        } else {
            "Proxy-Authorization: Basic ***"
        };
        assert_eq!(api(&err).status, 502);
        assert!(api(&err).body.contains(said), "{}", api(&err).body);
        let header = api(&err).http.header("x-proxy-said").unwrap_or_default();
        assert!(said.ends_with(header), "{header}");
    }
}

#[test]
fn the_password_of_a_base_url_echoed() {
    // A gateway with basic authentication and no key: the user name and
    // password of the base URL go as `Authorization: Basic`, in base64.
    const PASSWORD: &str = "base-Pa55word";
    const BASIC: &str = "bWU6YmFzZS1QYTU1d29yZA==";
    let server = Server::routed(|r| {
        let page = format!("denied {} (password {PASSWORD})", echoed(r));
        Reply::text(401, "text/plain", &page).with_header("x-echo", &echoed(r))
    });
    let base_url = server
        .base_url()
        .replace("http://", &format!("http://me:{PASSWORD}@"));
    let client = openrouter_responses::Client::builder()
        .base_url(base_url)
        .no_proxy()
        .build()
        .unwrap();
    let err = client.send(&request()).unwrap_err();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(format!("Basic {BASIC}").as_str())
    );
    let text = shown(&err);
    assert!(!text.contains(PASSWORD) && !text.contains(BASIC), "{text}");
    assert_eq!(
        err.to_string(),
        "api error 401: denied Basic *** (password ***)"
    );
    assert_eq!(api(&err).http.header("x-echo"), Some("Basic ***"));
    // A token as the user name, without a password.
    let base_url = server
        .base_url()
        .replace("http://", "http://tok-0123456789@");
    let client = openrouter_responses::Client::builder()
        .base_url(base_url)
        .no_proxy()
        .build()
        .unwrap();
    let err = client.send(&request()).unwrap_err();
    let text = format!("{err} {err:?}");
    // "tok-0123456789:" in base64.
    assert!(
        !text.contains("tok-0123456789") && !text.contains("dG9rLTAxMjM0NTY3ODk6"),
        "{text}"
    );
}

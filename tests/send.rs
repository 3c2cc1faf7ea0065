//! `Client::send` against loopback servers: the request on the wire, the
//! answer decoded, every error status, retries, timeouts and limits.

mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::{completed_json, Reply, Server};
use openrouter_responses::{
    Client, DecodeTarget, Error, ErrorCode, ErrorOrigin, Request, RequestOptions, StreamError,
    TimeoutKind, TransportKind,
};
use serde_json::json;

const KEY: &str = "sk-or-v1-test-key-0123456789abcdef";

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .backoff(Duration::from_millis(1), Duration::from_secs(5))
        .build()
        .expect("client builds")
}

fn hello() -> Request {
    Request::builder()
        .model("openai/gpt-4o-mini")
        .input("Hello")
        .instructions("Be brief")
        .build()
}

#[test]
fn sends_the_request_and_decodes_the_answer() {
    let server = Server::start(vec![Reply::completed("Hi there")
        .with_header("X-Generation-Id", "gen-123")
        .with_header("X-RateLimit-Limit", "100")
        .with_header("X-RateLimit-Remaining", "99")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .app_url("https://example.com")
        .app_title("My tool")
        .app_categories(["cli-agent", "programming-app"])
        .build()
        .unwrap();
    let response = client.send(&hello()).unwrap();

    assert_eq!(response.output_text(), "Hi there");
    let http = response.http.as_ref().expect("http info attached");
    assert_eq!(http.status, 200);
    assert_eq!(http.generation_id(), Some("gen-123"));
    let rate = http.rate_limit().unwrap();
    assert_eq!((rate.limit, rate.remaining), (Some(100), Some(99)));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/api/v1/responses");
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("http-referer"), Some("https://example.com"));
    assert_eq!(r.header("x-openrouter-title"), Some("My tool"));
    assert_eq!(r.header("x-title"), Some("My tool"));
    assert_eq!(
        r.header("x-openrouter-categories"),
        Some("cli-agent,programming-app")
    );
    assert!(r
        .header("user-agent")
        .unwrap()
        .starts_with("openrouter-responses/"));
    assert_eq!(
        r.json(),
        json!({"model": "openai/gpt-4o-mini", "input": "Hello", "instructions": "Be brief"})
    );
}

#[test]
fn stream_call_sends_stream_true_and_accepts_event_stream() {
    let server = Server::start(vec![Reply::sse(vec!["data: [DONE]\n\n".into()])]);
    let stream = client(&server).stream(&hello()).unwrap();
    drop(stream);
    let r = &server.requests()[0];
    assert_eq!(r.header("accept"), Some("text/event-stream"));
    assert_eq!(r.json()["stream"], json!(true));
}

#[test]
fn no_authorization_header_without_a_key() {
    let server = Server::start(vec![Reply::completed("ok")]);
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    client.send(&hello()).unwrap();
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[test]
fn every_documented_error_status_becomes_an_api_error() {
    let statuses = [
        400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 524, 529,
    ];
    for status in statuses {
        let body = json!({"error": {"code": status, "message": format!("failure {status}"),
                          "metadata": {"provider_name": "X"}},
                          "user_id": "user_1"})
        .to_string();
        let server = Server::start(vec![Reply::json(status, &body)]);
        let err = client(&server)
            .send_with(&hello(), &RequestOptions::new().max_retries(0))
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        let api = err.api_error().expect("api error");
        assert_eq!(api.origin, ErrorOrigin::Status);
        assert_eq!(api.code, Some(ErrorCode::Number(status as i64)));
        assert_eq!(api.message, format!("failure {status}"));
        assert_eq!(api.metadata, Some(json!({"provider_name": "X"})));
        assert_eq!(api.user_id.as_deref(), Some("user_1"));
        assert_eq!(api.body, body);
        assert_eq!(api.http.status, status);
        let retryable =
            [408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529].contains(&status);
        assert_eq!(err.is_retryable(), retryable, "status {status}");
        assert_eq!(err.is_rate_limited(), status == 429);
        assert_eq!(
            err.to_string(),
            format!("api error {status}: failure {status}")
        );
        assert!(!format!("{err:?}").contains(KEY));
    }
}

/// Cloudflare, in front of the API, answers with its own pages when it
/// cannot reach the origin (521, 522, 523) or gets no usable answer from it
/// (520): passing failures, retried as a 502 is. Statuses outside the list
/// (501, 505) are not.
#[test]
fn cloudflare_origin_failures_are_retried() {
    for status in [520, 521, 522, 523] {
        let page = format!(
            "<html><head><title>example.com | {status}: Origin unreachable</title></head></html>"
        );
        let server = Server::start(vec![
            Reply::text(status, "text/html", &page),
            Reply::completed("second try"),
        ]);
        let response = client(&server).send(&hello()).unwrap();
        assert_eq!(response.output_text(), "second try", "status {status}");
        assert_eq!(server.request_count(), 2, "status {status}");
    }
    for status in [501, 505] {
        let server = Server::start(vec![
            Reply::text(status, "text/plain", "no"),
            Reply::completed("never reached"),
        ]);
        let err = client(&server).send(&hello()).unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(server.request_count(), 1, "status {status}");
    }
}

#[test]
fn five_hundreds_are_retried_exactly_max_retries_times() {
    let server = Server::start(vec![
        Reply::json(500, r#"{"error":{"code":500,"message":"first"}}"#),
        Reply::json(500, r#"{"error":{"code":500,"message":"second"}}"#),
        Reply::json(500, r#"{"error":{"code":500,"message":"third"}}"#),
        Reply::completed("never reached"),
    ]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_retries(2)
        .backoff(Duration::from_millis(1), Duration::from_secs(1))
        .build()
        .unwrap();
    let err = client.send(&hello()).unwrap_err();
    assert_eq!(err.api_error().unwrap().message, "third");
    assert_eq!(server.request_count(), 3);
}

#[test]
fn a_gateway_timeout_is_retried() {
    // OpenRouter answers 504 when it timed out waiting for the provider.
    let body = r#"{"error":{"code":504,"message":"Timed out waiting for the provider"}}"#;
    let server = Server::start(vec![Reply::json(504, body), Reply::completed("in time")]);
    let response = client(&server).send(&hello()).unwrap();
    assert_eq!(response.output_text(), "in time");
    assert_eq!(server.request_count(), 2);
    let server = Server::start(vec![Reply::json(504, body)]);
    let err = client(&server)
        .send_with(&hello(), &RequestOptions::new().max_retries(0))
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert!(err.is_retryable());
}

#[test]
fn a_retried_request_then_succeeds() {
    let server = Server::start(vec![
        Reply::json(502, "<html>bad gateway</html>"),
        Reply::json(529, r#"{"error":{"code":529,"message":"overloaded"}}"#),
        Reply::completed("third time lucky"),
    ]);
    let response = client(&server).send(&hello()).unwrap();
    assert_eq!(response.output_text(), "third time lucky");
    let bodies: Vec<_> = server.requests().iter().map(|r| r.body.clone()).collect();
    assert_eq!(bodies.len(), 3);
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "the same body every time"
    );
}

#[test]
fn client_errors_are_never_retried() {
    for status in [400, 401, 402, 403, 404, 413, 422] {
        let server = Server::start(vec![
            Reply::json(status, r#"{"error":{"code":400,"message":"no"}}"#),
            Reply::completed("never"),
        ]);
        let err = client(&server).send(&hello()).unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.request_count(), 1, "status {status}");
    }
}

#[test]
fn max_retries_zero_disables_retries() {
    let server = Server::start(vec![
        Reply::json(503, r#"{"error":{"code":503,"message":"down"}}"#),
        Reply::completed("never"),
    ]);
    let client = Client::builder()
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    assert_eq!(client.send(&hello()).unwrap_err().status(), Some(503));
    assert_eq!(server.request_count(), 1);
}

#[test]
fn retry_after_seconds_is_honoured() {
    let server = Server::start(vec![
        Reply::json(429, r#"{"error":{"code":429,"message":"slow down"}}"#)
            .with_header("Retry-After", "1"),
        Reply::completed("ok"),
    ]);
    let started = Instant::now();
    let response = client(&server).send(&hello()).unwrap();
    assert_eq!(response.output_text(), "ok");
    let requests = server.requests();
    let gap = requests[1].at.duration_since(requests[0].at);
    assert!(gap >= Duration::from_millis(950), "waited {gap:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn retry_after_ms_is_honoured() {
    let server = Server::start(vec![
        Reply::json(503, "{}").with_header("retry-after-ms", "300"),
        Reply::completed("ok"),
    ]);
    client(&server).send(&hello()).unwrap();
    let requests = server.requests();
    let gap = requests[1].at.duration_since(requests[0].at);
    assert!(gap >= Duration::from_millis(280), "waited {gap:?}");
}

#[test]
fn retry_after_http_date_is_honoured() {
    // A date in the past means "now": the retry happens at once.
    let server = Server::start(vec![
        Reply::json(503, "{}").with_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        Reply::completed("ok"),
    ]);
    let response = client(&server).send(&hello()).unwrap();
    assert_eq!(response.output_text(), "ok");
    assert_eq!(server.request_count(), 2);
}

#[test]
fn a_retry_after_longer_than_the_cap_returns_the_error_at_once() {
    let server = Server::start(vec![
        Reply::json(429, r#"{"error":{"code":429,"message":"wait an hour"}}"#)
            .with_header("Retry-After", "3600"),
        Reply::completed("never"),
    ]);
    let started = Instant::now();
    let err = client(&server).send(&hello()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.is_rate_limited());
    assert_eq!(
        err.api_error().unwrap().retry_after,
        Some(Duration::from_secs(3600))
    );
    assert_eq!(server.request_count(), 1);
}

#[test]
fn html_error_page_is_an_api_error_with_the_raw_text() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let server = Server::start(vec![Reply::text(502, "text/html", page)]);
    let err = client(&server)
        .send_with(&hello(), &RequestOptions::new().max_retries(0))
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status, 502);
    assert_eq!(api.body, page);
    assert_eq!(api.code, None);
    assert_eq!(api.message, "502 Bad Gateway");
}

#[test]
fn string_codes_and_availability_errors_decode() {
    let body = r#"{"error":{"message":"No endpoints","error_type":"provider_unavailable",
        "http_status":404,"availability":{"code":"no_endpoints","retryable":false,
        "requested_models":["x/y"]}}}"#;
    let server = Server::start(vec![Reply::json(404, body)]);
    let err = client(&server).send(&hello()).unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.code, None);
    assert_eq!(
        api.error_type,
        Some(openrouter_responses::response::ErrorType::ProviderUnavailable)
    );
    let availability = api.availability.as_ref().unwrap();
    assert_eq!(availability.code.as_deref(), Some("no_endpoints"));
    assert_eq!(
        availability.requested_models.as_deref(),
        Some(&["x/y".to_string()][..])
    );
}

#[test]
fn connection_refused_is_a_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/api/v1"))
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let err = client.send(&hello()).unwrap_err();
    match &err {
        Error::Transport(t) => assert_eq!(t.kind(), TransportKind::Connect),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn a_silent_server_hits_the_response_timeout() {
    let server = Server::start(vec![Reply::script(|_| {
        std::thread::sleep(Duration::from_secs(3));
    })]);
    let client = Client::builder()
        .base_url(server.base_url())
        .response_timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&hello()).unwrap_err();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::ResponseHeaders),
        "{err:?}"
    );
    assert!(err.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn per_call_timeout_overrides_the_client() {
    let server = Server::start(vec![Reply::script(|_| {
        std::thread::sleep(Duration::from_secs(3));
    })]);
    let started = Instant::now();
    let err = client(&server)
        .send_with(
            &hello(),
            &RequestOptions::new()
                .response_timeout(Duration::from_millis(150))
                .max_retries(0),
        )
        .unwrap_err();
    assert!(err.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn per_call_headers_add_and_override() {
    let server = Server::start(vec![Reply::completed("ok")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .app_title("Client title")
        .header("X-OpenRouter-Metadata", "disabled")
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .header("x-openrouter-metadata", "enabled")
        .header("X-Title", "Call title")
        .header("Authorization", "Bearer other-key")
        .header("x-session-id", "session-9");
    client.send_with(&hello(), &options).unwrap();
    let r = &server.requests()[0];
    let values = |name: &str| r.header_values(name);
    assert_eq!(values("x-openrouter-metadata"), ["enabled"]);
    assert_eq!(values("x-title"), ["Call title"]);
    assert_eq!(values("x-openrouter-title"), ["Client title"]);
    assert_eq!(values("authorization"), ["Bearer other-key"]);
    assert_eq!(values("x-session-id"), ["session-9"]);
}

#[test]
fn typed_attribution_and_metadata_headers_per_client_and_per_call() {
    let server = Server::start(vec![Reply::completed("ok"), Reply::completed("ok")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .app_url("https://client.example")
        .app_title("Client title")
        .app_categories(["cli-agent", " "])
        .openrouter_metadata(true)
        .build()
        .unwrap();
    client.send(&hello()).unwrap();
    let options = RequestOptions::new()
        .app_url("https://call.example")
        .app_title("Call title")
        .app_categories(["programming-app", "", " writing "])
        .openrouter_metadata(true)
        .openrouter_metadata(false);
    client.send_with(&hello(), &options).unwrap();
    let requests = server.requests();
    let values = |i: usize, name: &str| requests[i].header_values(name);
    assert_eq!(values(0, "x-openrouter-metadata"), ["enabled"]);
    assert_eq!(values(0, "http-referer"), ["https://client.example"]);
    assert_eq!(values(0, "x-openrouter-categories"), ["cli-agent"]);
    // Each per-call setter replaces the client's header, and its own
    // earlier value; blank categories are dropped, the others trimmed.
    assert_eq!(values(1, "x-openrouter-metadata"), ["disabled"]);
    assert_eq!(values(1, "http-referer"), ["https://call.example"]);
    assert_eq!(values(1, "x-openrouter-title"), ["Call title"]);
    assert_eq!(values(1, "x-title"), ["Call title"]);
    assert_eq!(
        values(1, "x-openrouter-categories"),
        ["programming-app,writing"]
    );
}

#[test]
fn one_value_a_header_name_and_an_empty_per_call_value_sends_none() {
    let server = Server::start(vec![Reply::completed("ok"), Reply::completed("ok")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .app_title("Typed")
        .app_categories(["cli-agent"])
        .header("X-Title", "Raw")
        .header("x-session-id", "first")
        .header("X-Session-Id", "second")
        .build()
        .unwrap();
    client.send(&hello()).unwrap();
    let options = RequestOptions::new()
        .app_url("https://typed.example")
        .header("http-referer", "https://raw.example")
        .header("X-Trace", "1")
        .header("x-trace", "2")
        .app_categories(Vec::<String>::new());
    client.send_with(&hello(), &options).unwrap();
    let requests = server.requests();
    let values = |i: usize, name: &str| requests[i].header_values(name);
    assert_eq!(values(0, "x-title"), ["Raw"]);
    assert_eq!(values(0, "x-openrouter-title"), ["Typed"]);
    assert_eq!(values(0, "x-session-id"), ["second"]);
    assert_eq!(values(0, "x-openrouter-categories"), ["cli-agent"]);
    assert_eq!(values(1, "http-referer"), ["https://raw.example"]);
    assert_eq!(values(1, "x-trace"), ["2"]);
    // No categories for this call: not even the client's.
    assert!(values(1, "x-openrouter-categories").is_empty());
    assert_eq!(values(1, "x-session-id"), ["second"]);
}

#[test]
fn an_empty_client_header_hides_the_built_in_one() {
    let server = Server::start(vec![Reply::completed("ok"), Reply::completed("ok")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .header("Authorization", "")
        .build()
        .unwrap();
    client.send(&hello()).unwrap();
    // A per-call value still sends one.
    let options = RequestOptions::new().header("Authorization", "Bearer per-call");
    client.send_with(&hello(), &options).unwrap();
    let requests = server.requests();
    assert!(requests[0].header_values("authorization").is_empty());
    assert_eq!(
        requests[1].header_values("authorization"),
        ["Bearer per-call"]
    );
}

#[test]
fn a_client_header_replaces_the_typed_setters_header_of_its_name() {
    let server = Server::start(vec![Reply::completed("ok")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .openrouter_metadata(true)
        .app_title("Typed title")
        .header("X-OpenRouter-Metadata", "disabled")
        .header("x-title", "Raw title")
        .build()
        .unwrap();
    client.send(&hello()).unwrap();
    let r = &server.requests()[0];
    let values = |name: &str| r.header_values(name);
    assert_eq!(values("x-openrouter-metadata"), ["disabled"]);
    assert_eq!(values("x-title"), ["Raw title"]);
    // The typed setter's other header, not named by `header`, stays.
    assert_eq!(values("x-openrouter-title"), ["Typed title"]);
}

#[test]
fn per_call_retries_override_the_client() {
    let server = Server::start(vec![
        Reply::json(500, "{}"),
        Reply::json(500, "{}"),
        Reply::completed("ok"),
    ]);
    let client = Client::builder()
        .base_url(server.base_url())
        .max_retries(0)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let response = client
        .send_with(&hello(), &RequestOptions::new().max_retries(2))
        .unwrap();
    assert_eq!(response.output_text(), "ok");
    assert_eq!(server.request_count(), 3);
}

#[test]
fn sequential_calls_reuse_one_connection() {
    let server = Server::start((0..5).map(|i| Reply::completed(&format!("n{i}"))).collect());
    let client = client(&server);
    let clone = client.clone();
    for i in 0..5 {
        let c = if i % 2 == 0 { &client } else { &clone };
        assert_eq!(c.send(&hello()).unwrap().output_text(), format!("n{i}"));
    }
    assert_eq!(server.request_count(), 5);
    assert_eq!(server.connection_count(), 1);
}

#[test]
fn undecodable_success_bodies_keep_the_raw_text() {
    // An empty body may come whole from a new request; the others, each
    // all its Content-Length gives (one whose JSON ends early too), would
    // fail again.
    for (body, ended_early) in [
        ("not json at all", false),
        (r#"{"id": "resp_1", "output": [ "#, false),
        ("", true),
        (r#"{"output": 42}"#, false),
    ] {
        let server = Server::start(vec![Reply::json(200, body)]);
        let err = client(&server).send(&hello()).unwrap_err();
        match &err {
            Error::Decode(d) => {
                assert_eq!(d.what, DecodeTarget::ResponseBody);
                assert_eq!(d.body, body);
            }
            other => panic!("expected a decode error for {body:?}, got {other:?}"),
        }
        assert_eq!(err.is_retryable(), ended_early, "{body:?}");
        assert_eq!(server.request_count(), 1, "{body:?}: not re-sent");
    }
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let big = completed_json(&"x".repeat(10_000));
    let server = Server::start(vec![Reply::json(200, &big)]);
    let client = Client::builder()
        .base_url(server.base_url())
        .max_body_size(1_000)
        .build()
        .unwrap();
    let err = client.send(&hello()).unwrap_err();
    assert!(
        matches!(&err, Error::Stream(s) if matches!(**s, StreamError::BodyTooLarge { limit: 1_000 })),
        "{err:?}"
    );
}

#[test]
fn a_call_can_set_its_own_size_limits() {
    let big = completed_json(&"x".repeat(10_000));
    let too_large = |err: &Error, at: u64| matches!(err, Error::Stream(s) if matches!(**s, StreamError::BodyTooLarge { limit } if limit == at));
    let server = Server::start(vec![
        Reply::json(200, &big),
        Reply::json(200, &big),
        Reply::json(200, &big),
        Reply::text(
            200,
            "text/event-stream",
            &format!("data: {}\n\n", "y".repeat(5_000)),
        ),
    ]);
    let client = Client::builder()
        .base_url(server.base_url())
        .max_body_size(1_000)
        .build()
        .unwrap();
    // A per-call limit above the client's lets the body through; one below
    // it refuses it, for `send` and for a JSON answer to `stream`.
    let roomy = RequestOptions::new().max_body_size(100_000);
    assert_eq!(
        client
            .send_with(&hello(), &roomy)
            .unwrap()
            .output_text()
            .len(),
        10_000
    );
    let tight = RequestOptions::new().max_body_size(500);
    let err = client.send_with(&hello(), &tight).unwrap_err();
    assert!(too_large(&err, 500), "{err:?}");
    let err = client.stream_with(&hello(), &tight).unwrap_err();
    assert!(too_large(&err, 500), "{err:?}");
    // The event limit of a stream.
    let small_events = RequestOptions::new().max_event_size(1_000);
    let err = client
        .stream_with(&hello(), &small_events)
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Stream(s) if matches!(**s, StreamError::LineTooLong { limit: 1_000 } | StreamError::EventTooLarge { limit: 1_000 })),
        "{err:?}"
    );
}

#[test]
fn redirects_are_not_followed_and_the_key_never_leaves() {
    let elsewhere = Server::start(vec![Reply::completed("stolen")]);
    let location = format!("{}/responses", elsewhere.base_url());
    let server = Server::start(vec![Reply::Full {
        status: 307,
        headers: vec![("Location".into(), location)],
        body: Vec::new(),
    }]);
    let err = client(&server).send(&hello()).unwrap_err();
    assert_eq!(err.status(), Some(307));
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(elsewhere.request_count(), 0);
}

#[test]
fn a_close_before_the_status_line_is_retried() {
    let server = Server::start(vec![
        // The request is read, then the connection is closed without a word.
        Reply::script(|_| {}),
        Reply::completed("after close"),
    ]);
    let response = client(&server).send(&hello()).unwrap();
    assert_eq!(response.output_text(), "after close");
    assert_eq!(server.request_count(), 2);
}

#[test]
fn a_body_cut_short_is_a_stream_error_not_a_decode_error() {
    let server = Server::start(vec![Reply::script(|s| {
        let _ = s.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":\"resp_",
        );
    })]);
    let err = client(&server).send(&hello()).unwrap_err();
    assert!(
        matches!(&err, Error::Stream(s) if matches!(**s, StreamError::Io(_))),
        "{err:?}"
    );
}

#[test]
fn an_event_stream_answer_to_send_is_accumulated() {
    let response = json!({"id": "resp_s", "object": "response", "status": "completed",
        "output": [{"type": "message", "id": "m1", "role": "assistant",
                    "content": [{"type": "output_text", "text": "streamed", "annotations": []}]}]});
    let sse = format!(
        "data: {}\n\ndata: {}\n\ndata: [DONE]\n\n",
        json!({"type": "response.created", "sequence_number": 0,
               "response": {"id": "resp_s", "object": "response", "status": "in_progress", "output": []}}),
        json!({"type": "response.completed", "sequence_number": 1, "response": response})
    );
    let server = Server::start(vec![Reply::sse(vec![sse])]);
    let got = client(&server).send(&hello()).unwrap();
    assert_eq!(got.output_text(), "streamed");
    assert_eq!(got.http.as_ref().unwrap().status, 200);
}

#[test]
fn the_api_key_never_appears_in_errors() {
    let server = Server::start(vec![Reply::json(
        401,
        r#"{"error":{"code":401,"message":"No auth"}}"#,
    )]);
    let err = client(&server).send(&hello()).unwrap_err();
    let mut texts = vec![err.to_string(), format!("{err:?}")];
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        texts.push(s.to_string());
        source = s.source();
    }
    for t in texts {
        assert!(!t.contains(KEY) && !t.contains("0123456789abcdef"), "{t}");
    }
    let mut buf = Vec::new();
    let _ = std::io::Cursor::new(format!("{:?}", client(&server))).read_to_end(&mut buf);
    assert!(!String::from_utf8_lossy(&buf).contains(KEY));
}

#[test]
fn an_explicit_proxy_carries_the_request() {
    let proxy = Server::start(vec![Reply::completed("via proxy")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://api.example.invalid/api/v1")
        .proxy(format!("http://{}", proxy.addr()))
        .build()
        .unwrap();
    assert_eq!(client.send(&hello()).unwrap().output_text(), "via proxy");
    let seen = proxy.requests();
    assert_eq!(seen[0].method, "CONNECT");
    assert_eq!(seen[0].path, "api.example.invalid:80");
    assert_eq!(
        seen[0].header("authorization"),
        None,
        "the key is not shown to the proxy"
    );
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[1].path, "/api/v1/responses");
    assert_eq!(
        seen[1].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[test]
fn an_unreadable_proxy_url_is_a_config_error() {
    let err = Client::builder()
        .proxy("::not a proxy::")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[test]
fn odd_output_items_decode_as_they_would_from_text() {
    // Items the one-pass decoder cannot take whole: a known type with a
    // member of the wrong shape, `type` not first, an unknown type, beside a
    // plain item. Written as text: member order matters here, and `json!`
    // would sort it. `send` must give exactly what decoding the text gives.
    let body = r#"{"id":"resp_1","object":"response","created_at":1,"model":"m","status":"completed","output":[
        {"type":"message","id":7,"role":"assistant","content":[]},
        {"id":"msg_2","role":"assistant","status":"completed","content":[{"type":"output_text","text":"late tag","annotations":[]}],"type":"message"},
        {"type":"hologram","id":"h_1","depth":3},
        {"type":"message","id":"msg_3","role":"assistant","content":[{"type":"output_text","text":"fine","annotations":[]}]}
    ]}"#;
    let server = Server::start(vec![Reply::json(200, body)]);
    let got = client(&server).send(&hello()).unwrap();
    let expected: openrouter_responses::Response = serde_json::from_str(body).unwrap();
    assert_eq!(got.output, expected.output);
    assert!(matches!(
        got.output[0],
        openrouter_responses::OutputItem::Unknown(_)
    ));
    assert_eq!(got.output_text(), "late tagfine");
    // Nothing lost: the items encode back to what was sent.
    let sent: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(serde_json::to_value(&got.output).unwrap(), sent["output"]);
}

#[test]
fn a_json_body_that_is_not_utf8_is_a_decode_error_keeping_the_text() {
    let mut body =
        br#"{"id":"resp_1","object":"response","status":"completed","output":[],"model":"m"#
            .to_vec();
    body.extend_from_slice(b"\xFF\xFE\"}");
    let server = Server::start(vec![Reply::Full {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body,
    }]);
    match client(&server).send(&hello()) {
        Err(Error::Decode(d)) => {
            assert_eq!(d.what, DecodeTarget::ResponseBody);
            assert!(d.source.to_string().contains("not UTF-8"), "{}", d.source);
            // The text is kept, the invalid bytes replaced.
            assert!(d.body.contains("resp_1"));
            assert!(d.body.contains('\u{FFFD}'));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A long answer (its text read directly, the rest by serde_json) decodes
/// to what serde_json alone makes of it, items of every kind in place.
#[test]
fn a_long_answer_decodes_as_serde_json_alone_decodes_it() {
    let text = "Line \"one\" — café 日本 🦀\\n\u{e9}\t".repeat(2000);
    let body = json!({
        "id": "resp_long", "object": "response", "status": "completed", "model": "m",
        "output": [
            {"type": "reasoning", "id": "r", "summary": [{"type": "summary_text", "text": "s"}]},
            {"type": "message", "id": "m1", "role": "assistant", "status": "completed",
             "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]},
            {"type": "function_call", "id": "f", "call_id": "c", "name": "n", "arguments": "{\"a\":1}"},
            {"type": "message", "id": "m2", "role": "assistant",
             "content": [{"type": "output_text", "text": "tail", "annotations": []}]}
        ],
        "output_text": text,
        "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
        "x_new": {"kept": [1, 2]}
    })
    .to_string();
    assert!(body.len() > 64 * 1024);
    let server = Server::start(vec![Reply::json(200, &body)]);
    let got = client(&server).send(&hello()).expect("decodes");
    let mut expected: openrouter_responses::Response = serde_json::from_str(&body).unwrap();
    expected.http = got.http.clone();
    assert_eq!(got, expected);
    assert_eq!(got.output_text.as_deref(), Some(text.as_str()));
    assert!(matches!(
        &got.output[1],
        openrouter_responses::OutputItem::Message(m) if m.content.len() == 1
    ));
    assert_eq!(got.output.len(), 4);
    assert_eq!(got.extra["x_new"], json!({"kept": [1, 2]}));
}

#[test]
fn a_2xx_error_envelope_is_an_api_error_and_a_failed_response_is_a_response() {
    let envelope = r#"{"error":{"code":502,"message":"Provider returned error"}}"#;
    let failed = json!({"id": "resp_1", "object": "response", "status": "failed", "output": [],
        "error": {"code": "server_error", "message": "the model stopped"}})
    .to_string();
    let server = Server::start(vec![
        Reply::json(200, envelope),
        Reply::json(200, envelope),
        Reply::json(200, &failed),
    ]);
    let client = client(&server);
    for err in [
        client.send(&hello()).unwrap_err(),
        client.stream(&hello()).unwrap_err(),
    ] {
        let Error::Api(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.status, 200);
        assert_eq!(e.origin, ErrorOrigin::Envelope);
        assert_eq!(e.code, Some(ErrorCode::Number(502)));
        assert_eq!(e.message, "Provider returned error");
        assert_eq!(e.body, envelope);
        assert_eq!(
            e.to_string(),
            "api error in 200 answer (502): Provider returned error"
        );
    }
    let response = client.send(&hello()).unwrap();
    assert!(response.is_failed());
    assert_eq!(response.error.unwrap().message, "the model stopped");
    assert_eq!(server.request_count(), 3, "none retried");
}

/// An envelope whose `error` a response's `error` does not take (a bare
/// string, a fractional code) is still the server's error, as it is inside
/// a stream; a body with a response's `id` stays a decode error.
#[test]
fn a_2xx_error_envelope_of_another_shape_is_an_api_error() {
    let plain = r#"{"error":"upstream unavailable"}"#;
    let odd_code = r#"{"error":{"code":502.5,"message":"Provider returned error"}}"#;
    let not_envelope = r#"{"id":"resp_1","error":"upstream unavailable"}"#;
    // An empty `id` and `output` are none, as for a decodable envelope.
    let empty_members = r#"{"id":"","output":[],"error":"upstream unavailable"}"#;
    let server = Server::start(vec![
        Reply::json(200, plain),
        Reply::json(200, plain),
        Reply::json(200, odd_code),
        Reply::json(200, empty_members),
        Reply::json(200, not_envelope),
    ]);
    let client = client(&server);
    for (err, body, message) in [
        (
            client.send(&hello()).unwrap_err(),
            plain,
            "upstream unavailable",
        ),
        (
            client.stream(&hello()).unwrap_err(),
            plain,
            "upstream unavailable",
        ),
        (
            client.send(&hello()).unwrap_err(),
            odd_code,
            "Provider returned error",
        ),
        (
            client.send(&hello()).unwrap_err(),
            empty_members,
            "upstream unavailable",
        ),
    ] {
        let Error::Api(e) = err else {
            panic!("{body}: {err:?}")
        };
        assert_eq!(e.status, 200);
        assert_eq!(e.message, message);
        assert_eq!(e.body, body);
    }
    let err = client.send(&hello()).unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(server.request_count(), 5, "none retried");
}

#[test]
fn an_api_error_is_logged_as_json_and_read_back_whole() {
    let body = r#"{"error":{"code":429,"message":"Slow down","metadata":{"provider_name":"p"},
        "availability":{"code":"capacity_exhausted","retryable":true,"retry_after":3,
        "requested_models":["m"]}},"user_id":"u-1"}"#;
    let server = Server::start(vec![Reply::json(429, body).with_header("Retry-After", "7")]);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let Err(Error::Api(err)) = client.send(&hello()) else {
        panic!("expected an api error")
    };
    let logged = serde_json::to_value(&*err).expect("an ApiError serializes");
    assert_eq!(logged["status"], 429);
    assert_eq!(logged["origin"], "status");
    assert_eq!(logged["message"], "Slow down");
    assert_eq!(logged["body"], body);
    assert_eq!(logged["availability"]["code"], "capacity_exhausted");
    let back: openrouter_responses::ApiError =
        serde_json::from_value(logged).expect("and deserializes");
    assert_eq!(back, *err);
    assert_eq!(back.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(back.to_string(), err.to_string());
    assert!(back.is_retryable() && back.is_rate_limited());

    // Every origin round-trips.
    for origin in [
        ErrorOrigin::Status,
        ErrorOrigin::Envelope,
        ErrorOrigin::Stream,
        ErrorOrigin::Response,
    ] {
        let text = serde_json::to_string(&origin).unwrap();
        assert_eq!(serde_json::from_str::<ErrorOrigin>(&text).unwrap(), origin);
    }
}

#[test]
fn a_gateway_reports_an_api_error_by_the_status_it_stands_for() {
    use openrouter_responses::{ApiError, HttpInfo};
    let ok = HttpInfo::new(200, vec![]);
    // An error answer: its status.
    let server = Server::start(vec![Reply::json(
        404,
        r#"{"error":{"code":404,"message":"No such model"}}"#,
    )]);
    let Err(Error::Api(err)) = client(&server).send(&hello()) else {
        panic!("expected an api error")
    };
    assert_eq!(err.effective_status(), Some(404));
    // An error envelope inside a 200 answer: its numeric code.
    let server = Server::start(vec![Reply::json(
        200,
        r#"{"error":{"code":503,"message":"No instances available"}}"#,
    )]);
    let Err(Error::Api(err)) = client(&server).send(&hello()) else {
        panic!("expected an api error")
    };
    assert_eq!((err.status, err.effective_status()), (200, Some(503)));
    // Inside a stream: a numeric code that is an error status, else none.
    let event = |v| ApiError::from_event(&ok, &v, "");
    let e = event(json!({"type": "error", "code": 429, "message": "slow"}));
    assert_eq!(e.effective_status(), Some(429));
    let e = event(json!({"type": "error", "code": "server_error", "message": "x"}));
    assert_eq!(e.effective_status(), None);
    let e = event(json!({"type": "error", "code": 200, "message": "odd"}));
    assert_eq!(e.effective_status(), None);
    let e = event(json!({"type": "error", "code": 70000, "message": "odd"}));
    assert_eq!(e.effective_status(), None);
}

/// An answer written by hand: a 200 whose headers carry a generation id,
/// then `rest` (its content type, length and body), then a pause.
fn answer(generation: &'static str, rest: String, pause: Duration) -> Reply {
    Reply::script(move |s| {
        let head = format!("HTTP/1.1 200 OK\r\nX-Generation-Id: {generation}\r\n{rest}");
        let _ = s.write_all(head.as_bytes());
        let _ = s.flush();
        std::thread::sleep(pause);
    })
}

/// A `send` that fails once the answer's headers arrived keeps them: the
/// generation id to quote to OpenRouter's support stays reachable through
/// `Error::http`, whatever broke (a body cut short, stalled, undecodable,
/// too large, a stream that ended early, a stop while the body was read).
#[test]
fn a_failure_after_the_headers_keeps_the_answers_http_info() {
    let json = |len: usize, body: &str| {
        let head = "Content-Type: application/json\r\nConnection: close";
        format!("{head}\r\nContent-Length: {len}\r\n\r\n{body}")
    };
    let no_pause = Duration::ZERO;
    let cut_stream = format!(
        "Content-Type: text/event-stream\r\nConnection: close\r\n\r\n{}",
        common::sse_created()
    );
    let server = Server::start(vec![
        answer("gen-cut", json(100, "{\"id\":"), no_pause),
        answer("gen-stall", json(100, "{"), Duration::from_millis(800)),
        answer("gen-undecodable", json(3, "[1]"), no_pause),
        answer("gen-large", json(2000, &" ".repeat(2000)), no_pause),
        answer("gen-ended", cut_stream, no_pause),
        answer("gen-stopped", json(100, "{"), Duration::from_millis(800)),
        Reply::json(503, r#"{"error":{"code":503,"message":"down"}}"#)
            .with_header("X-Generation-Id", "gen-api"),
    ]);
    let client = client(&server);
    let once = || RequestOptions::new().max_retries(0);
    let generation = |e: &Error| {
        let http = e.http().unwrap_or_else(|| panic!("no http info: {e:?}"));
        (http.status, http.generation_id().map(str::to_owned))
    };
    let failed = |options: RequestOptions| client.send_with(&hello(), &options).unwrap_err();

    let err = failed(once());
    assert!(
        matches!(&err, Error::Stream(s) if matches!(**s, StreamError::Io(_))),
        "{err:?}"
    );
    assert_eq!(generation(&err), (200, Some("gen-cut".into())));

    let err = failed(once().read_timeout(Duration::from_millis(150)));
    assert!(
        matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Read),
        "{err:?}"
    );
    assert_eq!(generation(&err), (200, Some("gen-stall".into())));

    let err = failed(once());
    assert!(
        matches!(&err, Error::Decode(d) if d.what == DecodeTarget::ResponseBody),
        "{err:?}"
    );
    assert_eq!(generation(&err), (200, Some("gen-undecodable".into())));

    let err = failed(once().max_body_size(1000));
    assert!(
        matches!(&err, Error::Stream(s) if matches!(**s, StreamError::BodyTooLarge { .. })),
        "{err:?}"
    );
    assert_eq!(generation(&err), (200, Some("gen-large".into())));

    let err = failed(once());
    assert!(
        matches!(&err, Error::Stream(s) if matches!(**s, StreamError::EndedEarly { .. })),
        "{err:?}"
    );
    assert_eq!(generation(&err), (200, Some("gen-ended".into())));

    let handle = openrouter_responses::StopHandle::new();
    let stopper = handle.clone();
    let stop = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        stopper.stop();
    });
    let err = failed(once().stop_handle(&handle));
    stop.join().unwrap();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Stopped),
        "{err:?}"
    );
    assert_eq!(generation(&err), (200, Some("gen-stopped".into())));

    // An error answer's are its own.
    let err = failed(once());
    assert_eq!(generation(&err), (503, Some("gen-api".into())));
    assert_eq!(err.http(), err.api_error().map(|e| &e.http));

    // No answer, no information.
    drop(server);
    let err = failed(once());
    assert!(err.http().is_none(), "{err:?}");
}

#[test]
fn a_2xx_error_envelope_with_a_string_code_is_read_as_a_stream_error_is() {
    let limited = r#"{"error":{"code":"rate_limit_exceeded","message":"slow down"}}"#;
    let down = r#"{"error":{"code":"server_error","message":"try again"}}"#;
    let server = Server::start(vec![Reply::json(200, limited), Reply::json(200, down)]);
    let client = client(&server);
    let Error::Api(e) = client.send(&hello()).unwrap_err() else {
        panic!("not an api error")
    };
    assert_eq!(e.origin, ErrorOrigin::Envelope);
    assert!(e.is_rate_limited());
    assert_eq!(e.effective_status(), Some(429));
    assert!(e.is_retryable());
    let Error::Api(e) = client.send(&hello()).unwrap_err() else {
        panic!("not an api error")
    };
    assert_eq!(e.effective_status(), None);
    assert!(e.is_retryable());
    // In-band errors are never retried by the client: one request each.
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_nan_temperature_is_a_config_error_and_nothing_is_sent() {
    let server = Server::start(vec![Reply::completed("unused")]);
    let request = Request::builder()
        .model("m")
        .input("hi")
        .temperature(f64::NAN)
        .build();
    let err = client(&server).send(&request).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("NaN"), "{err}");
    let err = client(&server).stream(&request).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(server.request_count(), 0);
}

#[test]
fn an_infinite_max_price_is_a_config_error_naming_it_and_nothing_is_sent() {
    use openrouter_responses::request::{MaxPrice, Provider};
    // A price written as "inf" would lift the ceiling on a server that reads
    // it leniently: it is refused as a NaN temperature is.
    let server = Server::start(vec![Reply::completed("unused")]);
    let request = Request::builder()
        .model("m")
        .input("hi")
        .provider(Provider::new().max_price(MaxPrice::new().completion(f64::INFINITY)))
        .build();
    let err = client(&server).send(&request).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("`provider.max_price.completion` is inf"),
        "{err}"
    );
    let err = client(&server).stream(&request).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(server.request_count(), 0);
}

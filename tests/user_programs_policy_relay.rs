//! A gateway written as a user writes one: its own clients POST Responses
//! API bodies to it over HTTP; it decodes each into a `Request`, applies its
//! policy (tools by name, kind and namespace, wherever a caller defines
//! them; a cap on `max_output_tokens`; provider routing it forces: zero
//! data retention, no data collection), forwards the result with the
//! crate's client to a loopback upstream that answers as OpenRouter does,
//! and answers its client with the upstream's response, or with the
//! upstream's error status and body.
//!
//! The upstream must receive exactly what the policy allows, and every
//! member this version does not model, on what is kept, as the caller sent
//! it.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};

use common::{Reply, Server};
use openrouter_responses::request::DataCollection;
use openrouter_responses::{Client, Error, Provider, Request, Tool};
use serde_json::{json, Value};

/// What the gateway lets its clients use.
struct Policy {
    /// Functions and custom tools allowed, by name, at the top level or in
    /// an allowed namespace.
    functions: &'static [&'static str],
    /// Namespaces allowed, by name.
    namespaces: &'static [&'static str],
    /// Kinds of tool never allowed (server tools that run code, say).
    denied_kinds: &'static [&'static str],
    /// The most output tokens a caller may ask for; also the default.
    max_output_tokens: u64,
}

const POLICY: Policy = Policy {
    functions: &["get_weather", "status", "note"],
    namespaces: &["ops"],
    denied_kinds: &[
        "openrouter:bash",
        "code_interpreter",
        "local_shell",
        "shell",
        "mcp",
    ],
    max_output_tokens: 2048,
};

impl Policy {
    fn allows(&self, tool: &Tool) -> bool {
        let kind = tool.tool_type();
        if self.denied_kinds.contains(&kind) {
            return false;
        }
        match tool {
            Tool::Function(f) => self.functions.contains(&f.name()),
            Tool::Custom(c) => self.functions.contains(&c.name()),
            Tool::Namespace(n) => self.namespaces.contains(&n.name()),
            // A function, custom tool or namespace with no typed reading
            // (a member whose value does not fit): its name cannot be
            // trusted, so it is refused.
            Tool::Unknown(_) => !matches!(kind, "function" | "custom" | "namespace"),
            _ => true,
        }
    }

    /// The request forwarded for one a client sent.
    fn apply(&self, received: Request) -> Request {
        let cap = received
            .max_output_tokens()
            .map_or(self.max_output_tokens, |asked| {
                asked.min(self.max_output_tokens)
            });
        // Provider routing: the caller's preferences stay (members this
        // version does not model too), with the two the gateway forces.
        received
            .into_builder()
            .retain_tools(|tool| self.allows(tool))
            .max_output_tokens(cap)
            .merge_provider(
                Provider::new()
                    .zdr(true)
                    .data_collection(DataCollection::Deny),
            )
            .build()
    }
}

/// The gateway: answers `calls` HTTP requests of its clients, one
/// connection each, forwarding each through `client`.
fn start_gateway(client: Client, calls: usize) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().unwrap();
    let handle = thread::spawn(move || {
        for _ in 0..calls {
            let (stream, _) = listener.accept().expect("accept");
            handle_call(&client, stream);
        }
    });
    (addr, handle)
}

fn handle_call(client: &Client, stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("head");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().expect("length");
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    let (status, answer) = match serde_json::from_slice::<Request>(&body) {
        Err(e) => (
            400,
            json!({"error": {"code": 400, "message": format!("bad request: {e}")}}).to_string(),
        ),
        Ok(received) => match client.send(&POLICY.apply(received)) {
            Ok(response) => (200, serde_json::to_string(&response).expect("encodes")),
            Err(Error::Api(api)) => (api.effective_status().unwrap_or(502), api.body.clone()),
            Err(e) => (
                502,
                json!({"error": {"code": 502, "message": e.to_string()}}).to_string(),
            ),
        },
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    )
    .expect("answer");
}

/// One of the gateway's clients: POSTs `body`, gives the status and body.
fn post(gateway: SocketAddr, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(gateway).expect("connect");
    write!(
        stream,
        "POST /v1/responses HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let (head, body) = answer.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, serde_json::from_str(body).expect("JSON body"))
}

fn client(upstream: &Server) -> Client {
    Client::builder()
        .api_key("sk-or-v1-gateway-0123456789")
        .base_url(upstream.base_url())
        .max_retries(0)
        .build()
        .expect("client")
}

/// A caller who asks for every kind of tool the policy looks at, in every
/// place a tool is defined, with members this version does not model on
/// the request, its provider, its items and its tools.
const CALLER_BODY: &str = r#"{
  "model": "openai/gpt-4o",
  "x-trace": {"id": 18446744073709551615, "f": 0.1},
  "max_output_tokens": 100000,
  "provider": {"order": ["openai", "azure"], "zdr": false, "x-provider": {"tier": 2}},
  "tool_choice": {"type": "allowed_tools", "mode": "required", "tools": [
    {"type": "function", "name": "exec"}, {"type": "function", "name": "get_weather"}
  ]},
  "input": [
    {"type": "message", "role": "user", "content": [
      {"type": "input_text", "text": "Weather in Z\u00fcrich?", "x-part": [1, null]}
    ], "x-item": true},
    {"type": "additional_tools", "role": "user", "tools": [
      {"type": "function", "name": "exec", "parameters": {}},
      {"type": "function", "name": "status", "parameters": {}, "x-added": 1},
      {"type": "namespace", "name": "admin", "description": "Admin", "tools": [
        {"type": "function", "name": "status"}
      ]}
    ]},
    {"type": "future_item", "payload": {"a": [1, {"b": null}]}}
  ],
  "tools": [
    {"type": "function", "name": "get_weather", "parameters": {"type": "object"}, "x-tool": "kept"},
    {"type": "function", "name": "exec", "parameters": {"type": "object"}},
    {"type": "function", "name": "status", "description": 7, "parameters": {}},
    {"type": "custom", "name": "note", "format": {"type": "text"}},
    {"type": "namespace", "name": "ops", "description": "Operations", "x-ns": [true], "tools": [
      {"type": "function", "name": "status", "x-member": {"k": 1}},
      {"type": "function", "name": "exec"},
      {"type": "custom", "name": "note"},
      {"type": "openrouter:bash", "parameters": {}}
    ]},
    {"type": "namespace", "name": "ops", "description": "Only refused", "tools": [
      {"type": "function", "name": "exec"}
    ]},
    {"type": "namespace", "name": "admin", "description": "Admin", "tools": [
      {"type": "function", "name": "status"}
    ]},
    {"type": "openrouter:bash", "parameters": {"x": 1}},
    {"type": "code_interpreter", "container": {"type": "auto"}},
    {"type": "openrouter:web_search", "parameters": {"max_results": 3}},
    {"type": "future_tool", "config": {"z": [1, 2]}}
  ]
}"#;

#[test]
fn the_upstream_receives_exactly_what_the_policy_allows_and_every_unknown_member() {
    let upstream = Server::start(vec![Reply::completed("ok")]);
    let (gateway, handle) = start_gateway(client(&upstream), 1);
    let (status, answer) = post(gateway, CALLER_BODY);
    handle.join().expect("gateway");
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["id"], "resp_test_1");
    let sent = upstream.requests();
    assert_eq!(sent.len(), 1);
    let expected = json!({
        "model": "openai/gpt-4o",
        "x-trace": {"id": 18446744073709551615_u64, "f": 0.1},
        "max_output_tokens": 2048,
        "provider": {"order": ["openai", "azure"], "zdr": true, "data_collection": "deny",
            "x-provider": {"tier": 2}},
        // The refused tool is no longer among those the caller allowed.
        "tool_choice": {"type": "allowed_tools", "mode": "required", "tools": [
            {"type": "function", "name": "get_weather"}
        ]},
        "input": [
            {"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": "Weather in Z\u{fc}rich?", "x-part": [1, null]}
            ], "x-item": true},
            {"type": "additional_tools", "role": "user", "tools": [
                {"type": "function", "name": "status", "parameters": {}, "x-added": 1}
            ]},
            {"type": "future_item", "payload": {"a": [1, {"b": null}]}}
        ],
        "tools": [
            {"type": "function", "name": "get_weather", "parameters": {"type": "object"},
                "x-tool": "kept"},
            {"type": "custom", "name": "note", "format": {"type": "text"}},
            {"type": "namespace", "name": "ops", "description": "Operations", "x-ns": [true],
                "tools": [
                    {"type": "function", "name": "status", "x-member": {"k": 1}},
                    {"type": "custom", "name": "note"}
                ]},
            {"type": "openrouter:web_search", "parameters": {"max_results": 3}},
            {"type": "future_tool", "config": {"z": [1, 2]}}
        ]
    });
    let got = sent[0].json();
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(got.get(key), Some(value), "member {key}");
    }
    assert_eq!(got, expected);
    // The caller's large integer reached the upstream as digits, not a float.
    let text = String::from_utf8_lossy(&sent[0].body);
    assert!(text.contains("18446744073709551615"), "{text}");
}

#[test]
fn a_small_limit_is_kept_a_typed_provider_is_completed_and_a_missing_one_added() {
    let upstream = Server::start(vec![
        Reply::completed("one"),
        Reply::completed("two"),
        Reply::completed("three"),
    ]);
    let (gateway, handle) = start_gateway(client(&upstream), 3);
    let bodies = [
        r#"{"input": "Hi", "max_output_tokens": 100, "provider": {"only": ["openai"], "sort": "price"}}"#,
        r#"{"input": "Hi"}"#,
        r#"{"input": "Hi", "provider": {"zdr": false, "data_collection": "allow"}}"#,
    ];
    for body in bodies {
        let (status, answer) = post(gateway, body);
        assert_eq!(status, 200, "{answer}");
    }
    handle.join().expect("gateway");
    let sent: Vec<Value> = upstream.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        sent,
        [
            json!({"input": "Hi", "max_output_tokens": 100, "provider": {
                "only": ["openai"], "sort": "price", "zdr": true, "data_collection": "deny"}}),
            json!({"input": "Hi", "max_output_tokens": 2048, "provider": {
                "zdr": true, "data_collection": "deny"}}),
            json!({"input": "Hi", "max_output_tokens": 2048, "provider": {
                "zdr": true, "data_collection": "deny"}}),
        ]
    );
}

#[test]
fn a_body_that_is_not_a_request_is_refused_and_an_upstream_error_passed_on() {
    let upstream = Server::start(vec![Reply::json(
        429,
        r#"{"error":{"code":429,"message":"Rate limit exceeded","metadata":{"x":1}}}"#,
    )]);
    let (gateway, handle) = start_gateway(client(&upstream), 2);
    let (status, answer) = post(gateway, r#"{"input": "Hi", "stream": "yes"}"#);
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = post(gateway, r#"{"input": "Hi"}"#);
    assert_eq!(status, 429);
    assert_eq!(
        answer,
        json!({"error": {"code": 429, "message": "Rate limit exceeded", "metadata": {"x": 1}}})
    );
    handle.join().expect("gateway");
    assert_eq!(upstream.request_count(), 1, "the refused body went nowhere");
}

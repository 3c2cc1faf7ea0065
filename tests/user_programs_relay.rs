//! A relay written as a user writes one: it takes Responses API bodies from
//! its own callers, decodes them into a `Request`, adjusts them (a fallback
//! list of models, provider routing, a plugin, `user` and
//! `safety_identifier`, one tool stripped), forwards them with the crate's
//! client to a loopback upstream that answers as OpenRouter does, and sends
//! the answer back: the `Response` re-encoded, or each event re-encoded as
//! SSE with the `[DONE]` the server ends with, and a log line with the usage
//! and cost of each call.
//!
//! What the relay's caller sent must reach the upstream unchanged but for the
//! relay's own adjustments, and what the upstream answered must reach the
//! caller unchanged: both are checked as JSON values, and as text where the
//! order of members carries meaning.

mod common;

use common::{Reply, Server};
use openrouter_responses::request::Plugin;
use openrouter_responses::{Client, Error, Provider, Request, Response, Tool};
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-relay-0123456789";

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .expect("client")
}

/// The relay's adjustments to a caller's request; the `exec` tool is not
/// for its callers.
fn adjust(received: Request) -> Request {
    received
        .into_builder()
        .models(["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"])
        .provider(Provider::new().zdr(true))
        .plugin(Plugin::response_healing())
        .user("relay-user-7")
        .safety_identifier("relay-safety-7")
        .retain_tools(|tool| !matches!(tool, Tool::Function(f) if f.name() == "exec"))
        .build()
}

/// The log line the relay writes per call.
fn log_line(response: &Response) -> String {
    let usage = response.usage.as_ref();
    format!(
        "{} in={} out={} cost={:?}",
        response.id,
        usage.map_or(0, |u| u.input_tokens),
        usage.map_or(0, |u| u.output_tokens),
        usage.and_then(|u| u.cost),
    )
}

/// The answer to a caller who did not ask for a stream.
fn relay_send(client: &Client, body: &str) -> (String, String) {
    let received: Request = serde_json::from_str(body).expect("caller's body decodes");
    assert_ne!(received.stream(), Some(true));
    let response = client.send(&adjust(received)).expect("upstream answers");
    let log = log_line(&response);
    (
        serde_json::to_string(&response).expect("response encodes"),
        log,
    )
}

/// The answer to a caller who asked for a stream: each event as SSE, then
/// `[DONE]`.
fn relay_stream(client: &Client, body: &str) -> String {
    let received: Request = serde_json::from_str(body).expect("caller's body decodes");
    assert_eq!(received.stream(), Some(true));
    let stream = client.stream(&adjust(received)).expect("upstream streams");
    let mut out = String::new();
    for event in stream {
        let event = event.expect("event");
        let data = serde_json::to_string(&event).expect("event encodes");
        out.push_str(&format!("event: {}\ndata: {data}\n\n", event.event_type()));
    }
    out.push_str("data: [DONE]\n\n");
    out
}

/// What the upstream must receive for `body`: the caller's members with the
/// relay's adjustments, `stream` as the client method sends it.
fn expected_upstream(body: &str, stream: bool) -> Value {
    let mut v: Value = serde_json::from_str(body).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("stream");
    o.insert(
        "models".into(),
        json!(["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"]),
    );
    o.insert("provider".into(), json!({"zdr": true}));
    let plugins = o.entry("plugins").or_insert(json!([]));
    plugins
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "response-healing"}));
    o.insert("user".into(), json!("relay-user-7"));
    o.insert("safety_identifier".into(), json!("relay-safety-7"));
    if let Some(Value::Array(tools)) = o.get_mut("tools") {
        tools.retain(|t| t["name"] != "exec");
    }
    if stream {
        o.insert("stream".into(), json!(true));
    }
    // Documented: a message without a `type` gets its `"type": "message"`.
    for item in o
        .get_mut("input")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if item.get("role").is_some() && item.get("type").is_none() {
            item["type"] = json!("message");
        }
    }
    v
}

/// A caller's body with every kind of input item and content part, members
/// this version does not model at every level, an unknown item and tool,
/// unicode and escapes, floats and large integers.
const CALLER_BODY: &str = r#"{
  "model": "openai/gpt-4o",
  "x-caller-trace": {"id": 18446744073709551615, "neg": -9223372036854775808, "f": 0.1, "n": null},
  "instructions": "R\u00e9ponds en fran\u00e7ais \ud83d\ude00 \"quoted\" \\ back\nslash\t\u0000",
  "temperature": 0.7000000000000001,
  "top_p": 0.95,
  "max_output_tokens": 4096,
  "metadata": {"ticket": "T-1", "emoji": "\u2603"},
  "input": [
    {"type": "message", "role": "system", "content": "Be brief."},
    {"role": "developer", "content": [{"type": "input_text", "text": "dev"}]},
    {"type": "message", "role": "user", "content": [
      {"type": "input_text", "text": "caf\u00e9 \u202e rtl", "x-part": [1, 2.5, null]},
      {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "high"},
      {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"},
      {"type": "input_file", "file_url": "https://example.com/a.pdf", "filename": "a.pdf"},
      {"type": "input_file", "file_data": "data:application/pdf;base64,JVBERi0=", "filename": "b.pdf"},
      {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
      {"type": "input_video", "video_url": "https://example.com/v.mp4"},
      {"type": "input_new_kind", "blob": {"k": [true, false]}}
    ], "x-item": {"deep": {"deeper": 1e-7}}},
    {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
     "content": [{"type": "output_text", "text": "Earlier answer", "annotations": [
       {"type": "url_citation", "url": "https://e.com", "title": "E", "start_index": 0, "end_index": 5}]}]},
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "thought"}],
     "encrypted_content": "gAAAA=="},
    {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather",
     "arguments": "{\"city\":\"Z\u00fcrich\",\"n\":12345678901234567890}", "status": "completed"},
    {"type": "function_call_output", "call_id": "call_1", "output": "{\"temp\": 21.5}"},
    {"type": "function_call_output", "call_id": "call_2", "output": [
      {"type": "input_text", "text": "as parts"},
      {"type": "input_image", "image_url": "https://example.com/b.png", "detail": "low"}]},
    {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_3", "name": "grep", "input": "needle"},
    {"type": "custom_tool_call_output", "call_id": "call_3", "output": "found"},
    {"type": "item_reference", "id": "msg_0"},
    {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": true},
    {"type": "web_search_call", "id": "ws_1", "status": "completed",
     "action": {"type": "search", "query": "q"}},
    {"type": "future_item", "id": "fi_1", "payload": {"a": [1, {"b": null}]}}
  ],
  "tools": [
    {"type": "function", "name": "get_weather", "description": "Weather",
     "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string"}},
                    "required": ["city"], "additionalProperties": false}, "strict": true},
    {"type": "function", "name": "exec", "parameters": {"type": "object"}, "x-tool": 1},
    {"type": "openrouter:web_search", "parameters": {"max_results": 3}},
    {"type": "future_tool", "config": {"z": 1}}
  ],
  "tool_choice": "auto",
  "text": {"format": {"type": "json_schema", "name": "answer", "strict": true,
    "schema": {"type": "object", "properties": {"zeta": {"type": "string"}, "alpha": {"type": "number"}},
               "required": ["zeta", "alpha"], "additionalProperties": false}}},
  "reasoning": {"effort": "high", "summary": "auto"},
  "plugins": [{"id": "web", "max_results": 2}],
  "stream": false
}"#;

#[test]
fn a_relayed_request_reaches_the_upstream_as_the_caller_sent_it_with_the_relays_changes() {
    let upstream = Server::start(vec![Reply::completed("ok")]);
    let client = client(&upstream);
    let (_answer, log) = relay_send(&client, CALLER_BODY);
    assert!(log.starts_with("resp_test_1 "), "{log}");
    let sent = upstream.requests();
    let sent = sent.first().expect("one request");
    let got = sent.json();
    let want = expected_upstream(CALLER_BODY, false);
    // Compared member by member for a readable failure.
    for (k, v) in want.as_object().unwrap() {
        assert_eq!(got.get(k), Some(v), "member {k}");
    }
    assert_eq!(got, want);
}

/// With the `preserve_order` feature, members keep their order from the
/// caller to the upstream.
#[cfg(feature = "preserve_order")]
#[test]
fn a_relayed_schema_keeps_the_order_of_its_properties() {
    let upstream = Server::start(vec![Reply::completed("ok")]);
    let client = client(&upstream);
    relay_send(&client, CALLER_BODY);
    let sent = upstream.requests();
    let sent = sent.first().expect("one request");
    // The order of a schema's properties is the order a model writes them
    // in (structured outputs): it reaches the upstream as the caller wrote it.
    let text = String::from_utf8(sent.body.clone()).unwrap();
    let zeta = text.find("\"zeta\":{").expect("zeta");
    let alpha = text.find("\"alpha\":{").expect("alpha");
    assert!(zeta < alpha, "schema properties reordered: {text}");
    let city = text.find("\"city\":{").expect("city");
    let unit = text.find("\"unit\":{").expect("unit");
    assert!(city < unit, "parameters reordered: {text}");
}

/// With the `preserve_order` feature, taking a member out (a relay's
/// `remove`, an echo the response reads into its typed field, an unknown
/// item's `type`) leaves the others in their order.
#[cfg(feature = "preserve_order")]
#[test]
fn taking_a_member_out_leaves_the_others_in_order() {
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let received: Request = serde_json::from_str(
        r#"{"model":"m","input":"Hi","x_first":1,"y_dropped":{"a":1},"x_second":2,"x_third":3}"#,
    )
    .unwrap();
    let forwarded = received.into_builder().remove("y_dropped").build();
    let sent = serde_json::to_value(&forwarded).unwrap();
    let extras: Vec<_> = keys(&sent)
        .into_iter()
        .filter(|k| k.starts_with("x_"))
        .collect();
    assert_eq!(extras, ["x_first", "x_second", "x_third"], "{sent}");

    let answer = r#"{"id":"r","x_first":1,"text":{"format":{"type":"text"}},"x_second":2,
        "reasoning":{"effort":"low"},"x_third":3,"x_fourth":4,
        "output":[{"type":"future_item","a":1,"b":2,"c":3}]}"#;
    let response: Response = serde_json::from_str(answer).unwrap();
    assert_eq!(
        response.extra.keys().collect::<Vec<_>>(),
        ["x_first", "x_second", "x_third", "x_fourth"]
    );
    let item = serde_json::to_value(&response.output).unwrap();
    let members = keys(&item[0]);
    assert_eq!(
        members.iter().filter(|k| k.len() == 1).collect::<Vec<_>>(),
        ["a", "b", "c"],
        "{item}"
    );
}

/// An upstream answer with members this version does not model at every
/// level, an unknown output item and annotation, log probabilities, floats
/// and large integers, unicode and escapes, and the echoed settings.
const UPSTREAM_RESPONSE: &str = r#"{
  "id": "gen-relay-1", "object": "response", "created_at": 1760000000, "completed_at": 1760000003,
  "model": "openai/gpt-4o", "status": "completed", "x-upstream": {"big": 18446744073709551615, "f": 1.5e300, "n": null},
  "output": [
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "why"}],
     "encrypted_content": "gAAAA==", "x-r": 1},
    {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "x-m": [null],
     "content": [{"type": "output_text", "text": "Gr\u00fc\u00dfe \ud83c\udf0d \"q\" \\ \n",
       "annotations": [{"type": "url_citation", "url": "https://e.com", "title": "E", "start_index": 0, "end_index": 5, "x-a": true},
                       {"type": "future_annotation", "k": 2}],
       "logprobs": [{"token": "Gr", "logprob": -0.0001234567890123, "bytes": [71, 114], "top_logprobs": []}],
       "x-part": {"deep": 0.30000000000000004}},
      {"type": "refusal", "refusal": "no"}]},
    {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather",
     "arguments": "{\"city\":\"Z\u00fcrich\"}", "status": "completed"},
    {"type": "future_output", "id": "fo_1", "data": {"z": [1, 2, 3]}}
  ],
  "usage": {"input_tokens": 120, "output_tokens": 33, "total_tokens": 153,
            "input_tokens_details": {"cached_tokens": 100}, "output_tokens_details": {"reasoning_tokens": 7},
            "cost": 0.000123456789, "is_byok": false, "x-u": 9007199254740993},
  "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object",
     "properties": {"zeta": {"type": "string"}, "alpha": {"type": "string"}}}, "strict": null}],
  "tool_choice": "auto", "parallel_tool_calls": true, "temperature": 0.7, "top_p": 1,
  "text": {"format": {"type": "text"}, "verbosity": "medium"},
  "metadata": {}, "error": null, "incomplete_details": null, "instructions": null
}"#;

#[test]
fn a_relayed_answer_reaches_the_caller_as_the_upstream_sent_it() {
    let upstream = Server::start(vec![Reply::json(200, UPSTREAM_RESPONSE)]);
    let client = client(&upstream);
    let body = r#"{"model":"openai/gpt-4o","input":"Hi"}"#;
    let (answer, log) = relay_send(&client, body);
    assert_eq!(log, "gen-relay-1 in=120 out=33 cost=Some(0.000123456789)");
    let got: Value = serde_json::from_str(&answer).unwrap();
    let want: Value = serde_json::from_str(UPSTREAM_RESPONSE).unwrap();
    same(&got, &want, "");
}

/// `got` equals `want` but for the documented losses of re-encoding a
/// response: a required, nullable member the upstream left out is written
/// as `null`, and a whole number read into a float field is written as a
/// float. Panics naming the first member that differs otherwise.
fn same(got: &Value, want: &Value, at: &str) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                let gv = g.get(k).unwrap_or_else(|| panic!("{at}.{k} lost: {got}"));
                same(gv, wv, &format!("{at}.{k}"));
            }
            for (k, gv) in g {
                assert!(w.contains_key(k) || gv.is_null(), "{at}.{k} added: {gv}");
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{at}: {got} vs {want}");
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                same(gv, wv, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(g), Value::Number(w)) if g.is_f64() || w.is_f64() => {
            assert_eq!(g.as_f64(), w.as_f64(), "{at}")
        }
        _ => assert_eq!(got, want, "{at}"),
    }
}

/// Every non-terminal event type of the spec's `StreamEvents`, then
/// `response.completed`, each with a member this version does not model,
/// plus an event of a type it does not know.
fn upstream_events() -> Vec<Value> {
    let resp = |status: &str| {
        json!({"id": "gen-s", "object": "response", "created_at": 1760000000, "model": "m",
               "status": status, "output": [], "x-resp": {"k": [1.25, null]}})
    };
    let base = |ty: &str| json!({"type": ty, "item_id": "it_1", "output_index": 0});
    let with = |ty: &str, extra: Value| {
        let mut v = base(ty);
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let text_part = json!({"type": "output_text", "text": "", "annotations": [], "x-p": 1});
    let summary = json!({"type": "summary_text", "text": "s\u{e9}"});
    let mut events = vec![
        json!({"type": "response.created", "response": resp("in_progress")}),
        json!({"type": "response.in_progress", "response": resp("in_progress")}),
        json!({"type": "response.output_item.added", "output_index": 0,
               "item": {"type": "message", "id": "it_1", "role": "assistant", "status": "in_progress",
                        "content": [], "x-i": "\u{202e}"}}),
        with(
            "response.content_part.added",
            json!({"content_index": 0, "part": text_part}),
        ),
        with(
            "response.output_text.delta",
            json!({"content_index": 0, "delta": "Gr\u{fc}\u{df} \"\\\n",
            "logprobs": [{"token": "Gr", "logprob": -0.1234567890123456, "bytes": [71, 114], "top_logprobs": []}]}),
        ),
        with(
            "response.output_text.annotation.added",
            json!({"content_index": 0, "annotation_index": 0,
            "annotation": {"type": "url_citation", "url": "https://e.com", "title": "E", "start_index": 0, "end_index": 2, "x-a": 1}}),
        ),
        with(
            "response.output_text.done",
            json!({"content_index": 0, "text": "Gr\u{fc}\u{df} \"\\\n", "logprobs": []}),
        ),
        with(
            "response.content_part.done",
            json!({"content_index": 0, "part": {"type": "output_text", "text": "Gr\u{fc}\u{df} \"\\\n", "annotations": []}}),
        ),
        with(
            "response.refusal.delta",
            json!({"content_index": 1, "delta": "no"}),
        ),
        with(
            "response.refusal.done",
            json!({"content_index": 1, "refusal": "no"}),
        ),
        with(
            "response.reasoning_summary_part.added",
            json!({"summary_index": 0, "part": summary}),
        ),
        with(
            "response.reasoning_summary_text.delta",
            json!({"summary_index": 0, "delta": "s\u{e9}"}),
        ),
        with(
            "response.reasoning_summary_text.done",
            json!({"summary_index": 0, "text": "s\u{e9}"}),
        ),
        with(
            "response.reasoning_summary_part.done",
            json!({"summary_index": 0, "part": summary}),
        ),
        with(
            "response.reasoning_text.delta",
            json!({"content_index": 0, "delta": "r"}),
        ),
        with(
            "response.reasoning_text.done",
            json!({"content_index": 0, "text": "r"}),
        ),
        with(
            "response.function_call_arguments.delta",
            json!({"delta": "{\"a\":"}),
        ),
        with(
            "response.function_call_arguments.done",
            json!({"arguments": "{\"a\":12345678901234567890}", "name": "f"}),
        ),
        with(
            "response.custom_tool_call_input.delta",
            json!({"delta": "ne"}),
        ),
        with(
            "response.custom_tool_call_input.done",
            json!({"input": "needle"}),
        ),
        with(
            "response.apply_patch_call_operation_diff.delta",
            json!({"delta": "+a"}),
        ),
        with(
            "response.apply_patch_call_operation_diff.done",
            json!({"diff": "+a"}),
        ),
        with("response.code_interpreter_call.in_progress", json!({})),
        with("response.code_interpreter_call.interpreting", json!({})),
        with(
            "response.code_interpreter_call_code.delta",
            json!({"delta": "print(1)"}),
        ),
        with(
            "response.code_interpreter_call_code.done",
            json!({"code": "print(1)"}),
        ),
        with("response.code_interpreter_call.completed", json!({})),
        with("response.image_generation_call.in_progress", json!({})),
        with("response.image_generation_call.generating", json!({})),
        with(
            "response.image_generation_call.partial_image",
            json!({"partial_image_b64": "iVBORw0KGgo=", "partial_image_index": 0}),
        ),
        with("response.image_generation_call.completed", json!({})),
        with("response.web_search_call.in_progress", json!({})),
        with("response.web_search_call.searching", json!({})),
        with("response.web_search_call.completed", json!({})),
        with("response.fusion_call.in_progress", json!({})),
        with("response.fusion_call.panel.added", json!({"model": "a/b"})),
        with(
            "response.fusion_call.panel.delta",
            json!({"model": "a/b", "delta": "d"}),
        ),
        with(
            "response.fusion_call.panel.reasoning.delta",
            json!({"model": "a/b", "delta": "r"}),
        ),
        with(
            "response.fusion_call.panel.completed",
            json!({"model": "a/b", "content": "c"}),
        ),
        with(
            "response.fusion_call.panel.failed",
            json!({"model": "c/d", "error": "timeout"}),
        ),
        with(
            "response.fusion_call.analysis.in_progress",
            json!({"analyst_model": "a/b", "judge_model": "c/d"}),
        ),
        with(
            "response.fusion_call.analysis.completed",
            json!({"analysis": {"summary": "agree", "x-f": [1]}}),
        ),
        with("response.fusion_call.completed", json!({})),
        json!({"type": "response.debug", "debug": {"upstream": {"n": 18446744073709551615u64}}}),
        json!({"type": "response.future_event", "payload": {"a": null}}),
        json!({"type": "response.output_item.done", "output_index": 0,
               "item": {"type": "message", "id": "it_1", "role": "assistant", "status": "completed",
                        "content": [{"type": "output_text", "text": "Gr\u{fc}\u{df} \"\\\n", "annotations": []}]}}),
    ];
    let mut done = resp("completed");
    done["usage"] = json!({"input_tokens": 5, "output_tokens": 7, "total_tokens": 12, "cost": 2.5e-5,
        "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}});
    events.push(json!({"type": "response.completed", "response": done}));
    for (i, e) in events.iter_mut().enumerate() {
        e["sequence_number"] = json!(i);
        e["x-ev"] = json!({"i": i, "f": 0.1});
    }
    events
}

#[test]
fn a_relayed_stream_reaches_the_caller_event_by_event_as_the_upstream_sent_it() {
    let events = upstream_events();
    let mut chunks: Vec<String> = events.iter().map(|e| common::sse_data(e.clone())).collect();
    chunks.push("data: [DONE]\n\n".into());
    let upstream = Server::start(vec![Reply::sse(chunks)]);
    let client = client(&upstream);
    let body = r#"{"model":"openai/gpt-4o","input":"Hi","stream":true,"x-c":{"b":2,"a":1}}"#;
    let out = relay_stream(&client, body);
    let sent = upstream.requests();
    assert_eq!(sent[0].json(), expected_upstream(body, true));
    let mut relayed = Vec::new();
    let mut blocks = out.split("\n\n").filter(|b| !b.is_empty());
    for block in blocks.by_ref() {
        let data = block
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .expect("data line");
        if data == "[DONE]" {
            break;
        }
        relayed.push(serde_json::from_str::<Value>(data).expect("event is JSON"));
    }
    assert_eq!(blocks.next(), None, "nothing after [DONE]");
    assert_eq!(relayed.len(), events.len());
    for (got, want) in relayed.iter().zip(&events) {
        same(got, want, want["type"].as_str().unwrap());
    }
}

#[test]
fn a_tool_is_stripped_from_typed_and_raw_tool_lists_alike() {
    let not_exec = |tool: &Tool| !matches!(tool, Tool::Function(f) if f.name() == "exec");
    // Every member modelled: the list is typed.
    let typed: Request = serde_json::from_str(
        r#"{"tools":[{"type":"function","name":"exec","parameters":{}},
                     {"type":"openrouter:datetime"},{"type":"function","name":"b","parameters":{}}]}"#,
    )
    .unwrap();
    assert_eq!(typed.tools().map(<[Tool]>::len), Some(3));
    let typed = typed.into_builder().retain_tools(not_exec).build();
    assert_eq!(
        serde_json::to_value(&typed).unwrap()["tools"],
        json!([{"type": "openrouter:datetime"}, {"type": "function", "name": "b", "parameters": {}}])
    );
    // A member not modelled: the tool is held whole, as `Tool::Unknown`,
    // yet the filter sees it typed (a caller cannot slip `exec` past it by
    // adding a member), and what is kept is sent whole.
    let tools = json!([{"type":"function","name":"exec","parameters":{},"x":1},
        {"type":"future","name":"exec"},{"type":"function","name":"b","parameters":{},"y":[null]}]);
    let kept = json!([{"type": "future", "name": "exec"},
        {"type": "function", "name": "b", "parameters": {}, "y": [null]}]);
    let held: Request = serde_json::from_value(json!({ "tools": tools })).unwrap();
    assert!(
        matches!(
            held.tools(),
            Some([Tool::Unknown(_), Tool::Unknown(_), Tool::Unknown(_)])
        ),
        "{:?}",
        held.tools()
    );
    let held = held.into_builder().retain_tools(not_exec).build();
    assert_eq!(serde_json::to_value(&held).unwrap()["tools"], kept);
    // A list set raw, through `extra`: the same.
    let raw = Request::builder()
        .extra("tools", tools)
        .retain_tools(not_exec)
        .build();
    assert_eq!(raw.tools(), None);
    assert_eq!(serde_json::to_value(&raw).unwrap()["tools"], kept);
}

/// A stream that ends in `response.failed`, `response.incomplete` or an
/// `error` event: the relay forwards the terminal event as it came.
#[test]
fn a_relayed_stream_forwards_its_terminal_event_whatever_it_is() {
    let created = json!({"type": "response.created", "sequence_number": 0,
        "response": {"id": "gen-t", "object": "response", "status": "in_progress", "output": []}});
    let terminals = [
        json!({"type": "response.failed", "sequence_number": 1, "x-t": 1,
            "response": {"id": "gen-t", "object": "response", "status": "failed", "output": [],
                "error": {"code": "server_error", "message": "upstream \u{fc} failed"}}}),
        json!({"type": "response.incomplete", "sequence_number": 1,
            "response": {"id": "gen-t", "object": "response", "status": "incomplete", "output": [],
                "incomplete_details": {"reason": "max_output_tokens"}}}),
        json!({"type": "error", "sequence_number": 1, "code": "rate_limit_exceeded",
            "message": "slow down", "param": null, "x-e": [1]}),
    ];
    for terminal in terminals {
        let chunks = vec![
            common::sse_data(created.clone()),
            common::sse_data(terminal.clone()),
        ];
        let upstream = Server::start(vec![Reply::sse(chunks)]);
        let client = client(&upstream);
        let request: Request = serde_json::from_str(r#"{"input":"Hi","stream":true}"#).unwrap();
        let mut relayed = Vec::new();
        for event in client.stream(&adjust(request)).expect("upstream streams") {
            match event {
                Ok(event) => relayed.push(serde_json::to_value(&event).unwrap()),
                // An `error` or `response.failed` event ends the stream as
                // an error that holds the event's data as sent.
                Err(Error::Api(api)) => relayed.push(serde_json::from_str(&api.body).unwrap()),
                Err(e) => panic!("{}: {e}", terminal["type"]),
            }
        }
        assert_eq!(relayed.len(), 2, "{}", terminal["type"]);
        same(&relayed[1], &terminal, terminal["type"].as_str().unwrap());
    }
}

/// A caller can add a tool with an `additional_tools` input item as well as
/// in `tools`: the relay's filter strips it there too, from a typed item, an
/// item held raw (a member not modelled) and an `input` set raw.
#[test]
fn a_tool_added_by_an_additional_tools_item_is_stripped_too() {
    let not_exec = |tool: &Tool| !matches!(tool, Tool::Function(f) if f.name() == "exec");
    let exec = json!({"type": "function", "name": "exec", "parameters": {}});
    let other = json!({"type": "function", "name": "b", "parameters": {}});
    let input = json!([
        {"type": "additional_tools", "role": "user", "tools": [exec, other]},
        {"type": "additional_tools", "role": "user", "x-item": 1,
            "tools": [other, {"type": "function", "name": "exec", "parameters": {}, "x": 1}]},
        {"type": "message", "role": "user", "content": "Hi"}
    ]);
    let kept = json!([
        {"type": "additional_tools", "role": "user", "tools": [other]},
        {"type": "additional_tools", "role": "user", "x-item": 1, "tools": [other]},
        {"type": "message", "role": "user", "content": "Hi"}
    ]);
    let received: Request = serde_json::from_value(json!({ "input": input })).unwrap();
    let forwarded = adjust(received);
    assert_eq!(serde_json::to_value(&forwarded).unwrap()["input"], kept);
    let raw = Request::builder()
        .extra("input", input)
        .retain_tools(not_exec)
        .build();
    assert_eq!(serde_json::to_value(&raw).unwrap()["input"], kept);
}

//! `stream <BASE_URL>`: reads one SSE response with `Client::stream` and
//! prints one JSON line per item the iterator yields, reduced to the key
//! fields that `../lib/events.mjs` also extracts from the SDK's events.
//!
//! The main event kinds are read through their typed fields (that is what is
//! under test); the rest, and unknown events, are reduced from their JSON
//! form with the same rules as `keyFields` in events.mjs.

use std::process::ExitCode;

use openrouter_responses::stream::StreamEvent;
use openrouter_responses::{Error, Request};
use serde_json::{json, Map, Value};

/// A stream that yields more than this is looping: stop and say so.
const MAX_ITEMS: usize = 10_000;

pub fn run(base: &str) -> ExitCode {
    let client = match crate::client(base, true) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let request = Request::builder()
        .model("openai/gpt-4o")
        .input("hi")
        .build();
    let stream = match client.stream(&request) {
        Ok(s) => s,
        Err(e) => {
            println!("{}", json!({"error": "open", "message": e.to_string()}));
            println!("{}", json!({"end": true}));
            return ExitCode::SUCCESS;
        }
    };
    let mut n = 0;
    for item in stream {
        n += 1;
        if n > MAX_ITEMS {
            println!("{}", json!({"error": "too many items"}));
            break;
        }
        let line = match item {
            Ok(event) => event_fields(&event),
            Err(e) => error_fields(&e),
        };
        println!("{}", Value::Object(line));
    }
    println!("{}", json!({"end": true, "items": n}));
    ExitCode::SUCCESS
}

const DONE_TEXT_FIELD: &[(&str, &str)] = &[
    ("response.output_text.done", "text"),
    ("response.refusal.done", "refusal"),
    ("response.function_call_arguments.done", "arguments"),
    ("response.custom_tool_call_input.done", "input"),
    ("response.code_interpreter_call_code.done", "code"),
    ("response.apply_patch_call_operation_diff.done", "diff"),
    ("response.reasoning_text.done", "text"),
    ("response.reasoning_summary_text.done", "text"),
];

/// The same reduction as `keyFields` in ../lib/events.mjs, on wire JSON.
fn key_fields(raw: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    let ty = raw.get("type").and_then(Value::as_str);
    out.insert("type".into(), ty.map_or(Value::Null, Value::from));
    for f in [
        "sequence_number",
        "output_index",
        "content_index",
        "summary_index",
        "annotation_index",
    ] {
        if let Some(n) = raw.get(f).and_then(Value::as_i64) {
            out.insert(f.into(), n.into());
        }
    }
    for f in ["item_id", "delta"] {
        if let Some(s) = raw.get(f).and_then(Value::as_str) {
            out.insert(f.into(), s.into());
        }
    }
    if let Some(tf) = DONE_TEXT_FIELD
        .iter()
        .find(|(t, _)| Some(*t) == ty)
        .map(|(_, f)| *f)
    {
        if let Some(s) = raw.get(tf).and_then(Value::as_str) {
            out.insert("text".into(), s.into());
        }
    }
    if let Some(item) = raw.get("item").filter(|v| v.is_object()) {
        out.insert(
            "item_type".into(),
            item.get("type").cloned().unwrap_or(Value::Null),
        );
        let r = item
            .get("id")
            .or_else(|| item.get("call_id"))
            .cloned()
            .unwrap_or(Value::Null);
        out.insert("item_ref".into(), r);
    }
    if let Some(resp) = raw.get("response").filter(|v| v.is_object()) {
        out.insert(
            "response_id".into(),
            resp.get("id").cloned().unwrap_or(Value::Null),
        );
        out.insert(
            "response_status".into(),
            resp.get("status").cloned().unwrap_or(Value::Null),
        );
        if ty == Some("response.failed") {
            if let Some(err) = resp.get("error").filter(|v| !v.is_null()) {
                out.insert(
                    "error_code".into(),
                    err.get("code").cloned().unwrap_or(Value::Null),
                );
                out.insert(
                    "error_message".into(),
                    err.get("message").cloned().unwrap_or(Value::Null),
                );
            }
        }
    }
    if ty == Some("error") || ty == Some("response.error") {
        let src = raw.get("error").filter(|v| v.is_object()).unwrap_or(raw);
        let code = match src.get("code") {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(s)) => s.clone().into(),
            Some(other) => other.to_string().into(),
        };
        out.insert("error_code".into(), code);
        out.insert(
            "error_message".into(),
            src.get("message").cloned().unwrap_or(Value::Null),
        );
    }
    let mut numbers = Vec::new();
    collect_numbers(raw, &mut numbers);
    if !numbers.is_empty() {
        numbers.sort_by(f64::total_cmp);
        out.insert("numbers".into(), numbers.into());
    }
    out
}

/// Every number under a `logprob`, `temperature`, `top_p` or `cost` member,
/// at any depth, as `collectNumbers` in ../lib/events.mjs.
fn collect_numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_numbers(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x.as_f64()) {
                    ("logprob" | "temperature" | "top_p" | "cost", Some(n)) => out.push(n),
                    _ => collect_numbers(x, out),
                }
            }
        }
        _ => {}
    }
}

fn set(out: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    out.insert(k.into(), v.into());
}

/// An event the iterator yielded: typed fields for the main kinds.
fn event_fields(event: &StreamEvent) -> Map<String, Value> {
    // The crate's own JSON form of the event is the base; the typed reads
    // below must agree with it, and overwrite it where they apply.
    let wire = serde_json::to_value(event).unwrap_or(Value::Null);
    let mut out = key_fields(&wire);
    let known = !matches!(event, StreamEvent::Unknown(_));
    set(&mut out, "type", event.event_type());
    if let Some(n) = event.sequence_number() {
        set(&mut out, "sequence_number", n);
    } else {
        out.remove("sequence_number");
    }
    match event {
        StreamEvent::OutputTextDelta(d) | StreamEvent::ContentPartDelta(d) => {
            set(&mut out, "delta", d.delta.as_str());
            set(&mut out, "output_index", d.output_index as u64);
        }
        StreamEvent::Created(r)
        | StreamEvent::InProgress(r)
        | StreamEvent::Completed(r)
        | StreamEvent::Incomplete(r)
        | StreamEvent::Done(r) => {
            set(&mut out, "response_id", r.response.id.as_str());
        }
        StreamEvent::OutputItemAdded(e) | StreamEvent::OutputItemDone(e) => {
            set(&mut out, "output_index", e.output_index as u64);
            set(&mut out, "item_type", e.item.item_type());
            if let Some(id) = e.item.id() {
                set(&mut out, "item_ref", id);
            }
        }
        StreamEvent::FunctionCallArgumentsDelta(d) => {
            set(&mut out, "item_id", d.item_id.as_str());
            set(&mut out, "delta", d.delta.as_str());
        }
        StreamEvent::FunctionCallArgumentsDone(d) => {
            set(&mut out, "item_id", d.item_id.as_str());
            set(&mut out, "text", d.arguments.as_str());
        }
        StreamEvent::Error(e) | StreamEvent::ResponseError(e) => {
            set(
                &mut out,
                "error_code",
                e.code().map_or(Value::Null, |c| c.to_string().into()),
            );
            set(&mut out, "error_message", e.message());
        }
        _ => {}
    }
    set(&mut out, "known", known);
    out
}

/// An error the iterator yielded. An error that an event carried (`error`,
/// `response.error`, `response.failed`) is reported with that event's key
/// fields, read back from the raw event the error keeps, and the code and
/// message from the typed error; `via: "err"` marks it.
fn error_fields(e: &Error) -> Map<String, Value> {
    match e {
        Error::Api(api) if api.origin == openrouter_responses::ErrorOrigin::Stream => {
            let raw: Value = serde_json::from_str(&api.body).unwrap_or(Value::Null);
            let mut out = key_fields(&raw);
            set(
                &mut out,
                "error_code",
                api.code
                    .as_ref()
                    .map_or(Value::Null, |c| c.to_string().into()),
            );
            set(&mut out, "error_message", api.message.as_str());
            set(&mut out, "known", true);
            set(&mut out, "via", "err");
            out
        }
        Error::Decode(_) => err_map("decode", e),
        Error::Stream(_) => err_map("stream", e),
        Error::Timeout(_) => err_map("timeout", e),
        Error::Transport(_) => err_map("transport", e),
        _ => err_map("other", e),
    }
}

fn err_map(kind: &str, e: &Error) -> Map<String, Value> {
    let mut out = Map::new();
    set(&mut out, "error", kind);
    set(&mut out, "message", e.to_string());
    out
}

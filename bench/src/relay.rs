//! Part 6: decoding a relayed request body (`--only relay`).
//!
//! A relay or gateway reads the body a client sent it into a typed
//! [`Request`], changes it and sends it on. The body here is what a
//! multimodal tool-calling client sends: 50 function tools with JSON
//! schemas, seven input items over three turns, one of them a user message
//! with a 1 MB inline `input_image` (a base64 data URL), and `"stream":
//! true`. Baseline, in the same run: `serde_json::Value` read from the same
//! text, the least a relay that keeps the whole body must do.

use std::time::{Duration, Instant};

use openrouter_responses::Request;
use serde_json::{json, Value};

use crate::report::{median, Table};

/// Bytes of base64 in the inline image.
const IMAGE_BYTES: usize = 1 << 20;

/// The relayed body, as text.
pub fn body() -> String {
    let tools: Vec<Value> = (0..50)
        .map(|i| {
            json!({
                "type": "function",
                "name": format!("tool_{i}"),
                "description": format!("Tool number {i}: looks things up and returns them as a list."),
                "parameters": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string", "description": "What to look for"},
                        "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                        "filters": {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c"]}}
                    },
                    "required": ["query"],
                    "additionalProperties": false
                },
                "strict": true
            })
        })
        .collect();
    // Deterministic base64 letters (a linear congruential sequence).
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut image = String::with_capacity(IMAGE_BYTES + 32);
    image.push_str("data:image/png;base64,");
    let mut x: u32 = 12345;
    for _ in 0..IMAGE_BYTES {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        image.push(char::from(alphabet[(x >> 16) as usize % 64]));
    }
    let body = json!({
        "model": "openai/gpt-4o",
        "input": [
            {"type": "message", "role": "system", "content": "You are a helpful assistant."},
            {"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": "What is in this picture?"},
                {"type": "input_image", "image_url": image, "detail": "high"}
            ]},
            {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
             "content": [{"type": "output_text", "text": "A cat on a mat.", "annotations": []}]},
            {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "tool_3",
             "arguments": "{\"query\":\"cats\"}", "status": "completed"},
            {"type": "function_call_output", "call_id": "call_1", "output": "{\"results\":[1,2,3]}"},
            {"type": "message", "role": "user", "content": "And the mat?"},
            {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Be brief."}]}
        ],
        "tools": tools,
        "tool_choice": "auto",
        "temperature": 0.5,
        "max_output_tokens": 1000,
        "stream": true
    });
    serde_json::to_string(&body).expect("the body encodes")
}

/// One decode of the body into the crate's [`Request`].
#[inline(never)]
pub fn run_request(text: &str) -> Request {
    serde_json::from_str(text).expect("the relayed body decodes")
}

/// One decode of the body into a [`Value`] (the baseline).
#[inline(never)]
pub fn run_value(text: &str) -> Value {
    serde_json::from_str(text).expect("the relayed body is JSON")
}

/// Checks that the typed request holds the whole body: written back, it is
/// the body but for `"stream"`, which a [`Request`] never writes (the
/// client sets it for each call: `send` or `stream`).
fn check(text: &str) {
    let request = run_request(text);
    let mut read = run_value(text);
    let stream = read.as_object_mut().and_then(|m| m.remove("stream"));
    assert_eq!(
        stream,
        Some(Value::Bool(true)),
        "the body asks for a stream"
    );
    let written = serde_json::to_value(&request).expect("the request encodes");
    assert!(
        written == read,
        "the relayed request lost or changed data when written back"
    );
}

pub struct Summary {
    /// Time of one typed decode ÷ time of one `Value` decode (medians).
    pub ratio: f64,
}

pub fn run(reps: usize, tables: &mut Vec<Table>) -> Summary {
    let text = body();
    check(&text);
    // Decodes per timed sample: enough for a few milliseconds a sample.
    let per = 20;
    let (mut typed, mut value) = (Vec::new(), Vec::new());
    for rep in 0..reps.max(5) {
        // Which goes first alternates between repetitions.
        let mut time = |typed_first: bool| {
            for which in [typed_first, !typed_first] {
                let t = Instant::now();
                for _ in 0..per {
                    if which {
                        std::hint::black_box(run_request(std::hint::black_box(&text)));
                    } else {
                        std::hint::black_box(run_value(std::hint::black_box(&text)));
                    }
                }
                let d = t.elapsed() / per;
                if which {
                    typed.push(d);
                } else {
                    value.push(d);
                }
            }
        };
        time(rep % 2 == 0);
    }
    let n = typed.len();
    let (t, v) = (median(typed), median(value));
    let mb = text.len() as f64 / 1e6;
    let mbps = |d: Duration| mb / d.as_secs_f64();
    let ratio = t.as_secs_f64() / v.as_secs_f64();
    let mut table = Table::new(
        format!(
            "Relayed request decode: {mb:.2} MB (50 function tools, 7 input items, a {:.0} KiB inline image), {per} decodes a sample, median of {n}",
            IMAGE_BYTES as f64 / 1024.0
        ),
        &["decoder", "ms per decode", "MB/s", "× Value's time"],
    );
    for (label, d) in [
        ("`Request` (typed, written back equal but for `stream`)", t),
        ("`serde_json::Value` (baseline)", v),
    ] {
        table.row(vec![
            label.into(),
            format!("{:.3}", d.as_secs_f64() * 1e3),
            format!("{:.1}", mbps(d)),
            format!("{:.2}", d.as_secs_f64() / v.as_secs_f64()),
        ]);
    }
    tables.push(table);
    Summary { ratio }
}

//! Any JSON in the place of each request setting a response echoes
//! (`tool_choice`, `text`, `text.format`, `reasoning`, `prompt`, a prompt
//! variable, `prompt_cache_options`): the response decodes (no echo can fail
//! it), is written back with every non-null value it read, and decodes from
//! what was written to the same value, which writes the same JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::Response;
use serde_json::{json, Value};

mod kept;
use kept::kept;

fuzz_target!(|input: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(input) else {
        return;
    };
    // Nested three levels deeper, a value near serde_json's depth limit
    // (128) would fail the whole response as any JSON that deep does.
    if depth(&value) > 100 {
        return;
    }
    let places = [
        json!({"tool_choice": value}),
        json!({"text": value}),
        json!({"text": {"format": value, "verbosity": "low"}}),
        json!({"reasoning": value}),
        json!({"prompt": value}),
        json!({"prompt": {"id": "p", "variables": {"v": value}}}),
        json!({"prompt_cache_options": value}),
    ];
    for mut read in places {
        read["id"] = json!("r");
        let text = read.to_string();
        let response: Response = match serde_json::from_str(&text) {
            Ok(r) => r,
            Err(e) => panic!("an echo failed the response: {e}: {text}"),
        };
        let through_value: Response =
            serde_json::from_value(read.clone()).expect("decodes from a value too");
        assert_eq!(through_value, response, "text and value disagree: {text}");
        let written = serde_json::to_value(&response).expect("a response encodes");
        // An empty `variables` of a typed prompt is left out (known).
        let mut expected = read.clone();
        if expected.pointer("/prompt/variables") == Some(&json!({})) {
            if let Some(p) = expected.get_mut("prompt").and_then(Value::as_object_mut) {
                p.remove("variables");
            }
        }
        assert!(
            kept(&expected, &written),
            "echo lost data: {read} -> {written}"
        );
        let again: Response =
            serde_json::from_value(written.clone()).expect("what was written decodes");
        assert_eq!(
            again, response,
            "the round trip changed the response: {written}"
        );
        assert_eq!(serde_json::to_value(&again).expect("encodes"), written);
    }
});

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

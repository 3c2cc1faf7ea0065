//! A response body: decoding never panics, what decodes writes back every
//! non-null value it read, and it survives a round trip (what it encodes
//! to decodes to the same response, which encodes to the same JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{OutputItem, Response};
use serde_json::Value;

mod kept;
use kept::kept;

fuzz_target!(|input: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(input) else {
        let _ = serde_json::from_slice::<Response>(input);
        return;
    };
    if let Some(Value::Array(items)) = value.get("output") {
        for item in items {
            let decoded = OutputItem::from_value(item.clone());
            let written = serde_json::to_value(&decoded).expect("an item encodes");
            assert!(kept(item, &written), "item lost data: {item} -> {written}");
        }
    }
    let _ = OutputItem::from_value(value.clone());
    let Ok(response) = serde_json::from_value::<Response>(value.clone()) else {
        return;
    };
    let _ = response.output_text();
    let _ = response.reasoning_summary_text();
    let _ = response.refusal();
    let _ = response.to_input_items();
    let _ = response.function_calls().count();
    let first = serde_json::to_value(&response).expect("a decoded response encodes");
    assert!(
        kept(&value, &first),
        "response lost data: {value} -> {first}"
    );
    let again: Response = serde_json::from_value(first.clone()).expect("what was encoded decodes");
    assert_eq!(
        again, response,
        "what was encoded decodes to another response"
    );
    let second = serde_json::to_value(&again).expect("encodes again");
    assert_eq!(first, second, "the round trip changed the response");
});

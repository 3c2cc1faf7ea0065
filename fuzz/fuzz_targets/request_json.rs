//! A request read from JSON (a saved request, say): decoding never panics,
//! what decodes writes back everything it read, and a second round trip
//! changes nothing. The same for each input item on its own.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{InputItem, Request};
use serde_json::Value;

mod kept;
use kept::kept;

fuzz_target!(|input: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(input) else {
        let _ = serde_json::from_slice::<Request>(input);
        return;
    };
    if let Some(Value::Array(items)) = value.get("input") {
        for item in items {
            let decoded = InputItem::from_value(item.clone());
            let written = serde_json::to_value(&decoded).expect("an item encodes");
            assert!(kept(item, &written), "item lost data: {item} -> {written}");
            let again = InputItem::from_value(written.clone());
            let rewritten = serde_json::to_value(&again).expect("encodes again");
            assert_eq!(written, rewritten, "the item's round trip changed it");
        }
    }
    let Ok(request) = serde_json::from_value::<Request>(value.clone()) else {
        return;
    };
    let first = serde_json::to_value(&request).expect("a decoded request encodes");
    // A `stream` member is dropped by design: the client method decides.
    let mut read = value;
    if let Some(top) = read.as_object_mut() {
        top.remove("stream");
    }
    assert!(kept(&read, &first), "request lost data: {read} -> {first}");
    let again: Request = serde_json::from_value(first.clone()).expect("what was encoded decodes");
    let second = serde_json::to_value(&again).expect("encodes again");
    assert_eq!(first, second, "the round trip changed the request");
});

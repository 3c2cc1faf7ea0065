//! One event's `data`: typed decoding never panics, a decoded event
//! serializes with every non-null value it read, decodes the same from text
//! and from a `Value`, and folds into a snapshot without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{ResponseStream, StreamEvent};
use serde_json::Value;

mod kept;
use kept::kept;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    if let Ok(event) = StreamEvent::from_json(text) {
        let _ = event.event_type();
        let written = serde_json::to_value(&event).expect("a decoded event encodes");
        // (With `type` given twice, the event follows the first and a
        // `Value` the last: no comparison then.)
        if let Ok(read) = serde_json::from_str::<Value>(text) {
            if read.get("type").and_then(Value::as_str) == Some(event.event_type()) {
                assert!(
                    kept(&read, &written),
                    "event lost data: {read} -> {written}"
                );
                // Read from a `Value`, items and tagged unions go through
                // values instead of straight from the text: same event.
                let through_value = serde_json::from_value::<StreamEvent>(read.clone())
                    .expect("what decodes from text decodes from its value");
                assert_eq!(through_value, event, "the two ways disagree on {read}");
            }
        }
    }
    // The same data after a created event and before a completed one, as the
    // server would send it (newlines folded so that it stays one data line).
    let one_line = text.replace(['\n', '\r'], " ");
    let body = format!(
        "data: {{\"type\":\"response.created\",\"response\":{{\"id\":\"r\",\"output\":[]}}}}\n\n\
         data: {{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{{\"type\":\"message\",\"id\":\"m\",\"role\":\"assistant\",\"content\":[]}}}}\n\n\
         data: {one_line}\n\ndata: {one_line}\n\n\
         data: {{\"type\":\"response.completed\",\"response\":{{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}}}\n\n"
    );
    let stream = ResponseStream::from_reader(std::io::Cursor::new(body.into_bytes()));
    if let Ok(response) = stream.final_response() {
        let _ = response.output_text();
    }
});

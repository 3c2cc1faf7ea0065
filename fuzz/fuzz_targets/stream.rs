//! A whole streaming body, as arbitrary bytes: the SSE layer, event decoding
//! and accumulation together never panic, and the stream always ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::ResponseStream;

fuzz_target!(|input: &[u8]| {
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(input.to_vec()));
    let mut count = 0usize;
    for item in stream.by_ref() {
        count += 1;
        if let Ok(event) = item {
            let _ = event.event_type();
        }
        assert!(count <= input.len() + 1, "more events than bytes");
    }
    if let Some(snapshot) = stream.snapshot() {
        let _ = snapshot.output_text();
        let _ = snapshot.to_input_items();
        let _ = serde_json::to_string(snapshot);
    }
    let again = ResponseStream::from_reader(std::io::Cursor::new(input.to_vec()));
    if let Ok(response) = again.final_response() {
        let _ = response.output_text();
        let _ = response.reasoning_summary_text();
        let _ = response.refusal();
    }
});

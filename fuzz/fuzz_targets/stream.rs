//! A whole streaming body, as arbitrary bytes: the SSE layer, event decoding
//! and accumulation together never panic, and the stream always ends. The
//! first byte sets how many bytes each read delivers, so that lines span
//! reads (and, with the fuzzing build's low threshold, long strings are
//! taken out of them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{Error, ResponseStream, StreamDelta, StreamError};

#[path = "common/chunked.rs"]
mod chunked;
use chunked::Chunked;

fn body(input: &[u8]) -> Chunked {
    let (step, bytes) = match input.split_first() {
        Some((&first, rest)) => (usize::from(first % 64) + 1, rest.to_vec()),
        None => (1, Vec::new()),
    };
    Chunked { bytes, at: 0, step }
}

fuzz_target!(|input: &[u8]| {
    let mut stream = ResponseStream::from_reader(body(input));
    let mut count = 0usize;
    let mut seen = Vec::new();
    for item in stream.by_ref() {
        count += 1;
        if let Ok(event) = &item {
            let _ = event.event_type();
        }
        seen.push(format!("{item:?}"));
        assert!(count <= input.len() + 1, "more events than bytes");
    }
    if let Some(snapshot) = stream.snapshot() {
        let _ = snapshot.output_text();
        let _ = snapshot.to_input_items();
        let _ = serde_json::to_string(snapshot);
    }
    let iterated = format!("{:?}", stream.final_response());
    let again = ResponseStream::from_reader(body(input));
    match again.final_response() {
        Ok(response) => {
            let _ = response.output_text();
            let _ = response.reasoning_summary_text();
            let _ = response.refusal();
            let _ = response.parse_output::<serde_json::Value>();
        }
        Err(Error::Stream(s)) => {
            if let StreamError::EndedEarly {
                snapshot: Some(snapshot),
                ..
            } = s.into_inner()
            {
                // What a stream cut short keeps is not parsed as an answer
                // (unless the server called it finished).
                let parsed = snapshot.parse_output::<serde_json::Value>();
                if !snapshot.is_terminal() {
                    assert!(parsed.is_err(), "an unfinished snapshot parsed: {parsed:?}");
                }
            }
        }
        Err(_) => {}
    }
    // `text_deltas` (which folds the events it does not hand out by value)
    // and then `final_response` end where iterating every event and then
    // `final_response` do.
    let mut third = ResponseStream::from_reader(body(input));
    let texts: Vec<String> = third
        .text_deltas()
        .map(|delta| format!("{delta:?}"))
        .collect();
    assert_eq!(
        format!("{:?}", third.final_response()),
        iterated,
        "text_deltas then final_response differs from iterating"
    );
    // Lending every event out (folded in by value when dropped) yields the
    // same events and ends in the same response.
    let mut fourth = ResponseStream::from_reader(body(input));
    let mut lent = Vec::new();
    while let Some(item) = fourth.next_event() {
        lent.push(format!("{:?}", item.as_deref()));
    }
    assert_eq!(lent, seen, "next_event differs from iterating");
    assert_eq!(
        format!("{:?}", fourth.final_response()),
        iterated,
        "next_event then final_response differs from iterating"
    );
    // `deltas` (which folds the events it does not hand out by value, as
    // `text_deltas` does) yields the text of the delta events the iterator
    // handed out, and then `final_response` ends where iterating does.
    // Its text pieces and errors are those `text_deltas` yields.
    let mut sixth = ResponseStream::from_reader(body(input));
    let mut pieces = 0usize;
    let mut all_texts = Vec::new();
    for delta in sixth.deltas() {
        pieces += 1;
        match delta {
            Ok(StreamDelta::Text(t)) => all_texts.push(format!("{:?}", Ok::<_, ()>(t))),
            Ok(d) => {
                let _ = d.text().len();
            }
            Err(e) => all_texts.push(format!("{:?}", Err::<String, _>(e))),
        }
        assert!(pieces <= input.len() + 1, "more pieces than bytes");
    }
    assert_eq!(all_texts, texts, "deltas' text differs from text_deltas");
    assert_eq!(
        format!("{:?}", sixth.final_response()),
        iterated,
        "deltas then final_response differs from iterating"
    );
    // Recorded with `tee`: the same events, and the recording is the body
    // up to where reading stopped.
    let recording = Recording::default();
    let mut fifth = ResponseStream::from_reader(body(input)).tee(recording.clone());
    let teed: Vec<String> = fifth.by_ref().map(|item| format!("{item:?}")).collect();
    assert_eq!(teed, seen, "a recorded stream differs from iterating");
    let ended_early = fifth.ended_early();
    drop(fifth);
    let recorded = recording.0.lock().map(|b| b.clone()).unwrap_or_default();
    let whole = input.get(1..).unwrap_or_default();
    assert!(
        whole.starts_with(&recorded),
        "the recording is not a prefix of the body"
    );
    // Cut short without an error: the body ran out, and all of it is
    // recorded; but for a `[DONE]` that came without a terminal event, the
    // end of the stream as the protocol says, after which nothing is
    // recorded.
    let ends_at_done = || {
        let events = openrouter_responses::sse::Reader::new(&recorded[..]);
        let last = events.filter_map(Result::ok).last();
        last.is_some_and(|e| e.data.trim() == "[DONE]")
    };
    if ended_early && teed.iter().all(|item| item.starts_with("Ok(")) && !ends_at_done() {
        assert_eq!(
            recorded.len(),
            whole.len(),
            "a stream cut short recorded less than its body"
        );
    }
});

/// A writer the target reads back.
#[derive(Clone, Default)]
struct Recording(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Recording {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

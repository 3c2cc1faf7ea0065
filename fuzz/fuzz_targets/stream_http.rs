//! A streaming body played back with a status and headers: every error the
//! stream gives, through each way of reading it, carries that status and
//! those headers (`Error::http`). The first byte sets the read size, the
//! second the event size limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{Error, HttpInfo, ResponseStream};

#[path = "common/chunked.rs"]
mod chunked;
use chunked::Chunked;

fn check(err: &Error, http: &HttpInfo, how: &str) {
    assert_eq!(
        err.http(),
        Some(http),
        "{how}: {err:?} lacks the answer's headers"
    );
    let _ = err.to_string();
}

fuzz_target!(|input: &[u8]| {
    let [step, limit, body @ ..] = input else {
        return;
    };
    let step = usize::from(step % 64) + 1;
    let limit = if *limit == 0 {
        1 << 20
    } else {
        usize::from(*limit) * 8
    };
    let http = HttpInfo::new(
        200,
        vec![
            ("x-generation-id".into(), "gen-1".into()),
            ("content-type".into(), "text/event-stream".into()),
        ],
    );
    let open = || {
        let reader = Chunked {
            bytes: body.to_vec(),
            at: 0,
            step,
        };
        ResponseStream::from_reader_with(reader, http.clone(), limit)
    };
    let mut stream = open();
    for item in stream.by_ref() {
        if let Err(e) = &item {
            check(e, &http, "iterating");
        }
    }
    if let Err(e) = stream.final_response() {
        check(&e, &http, "final_response after iterating");
    }
    if let Err(e) = open().final_response() {
        check(&e, &http, "final_response");
    }
    let mut deltas = open();
    for delta in deltas.text_deltas() {
        if let Err(e) = &delta {
            check(e, &http, "text_deltas");
        }
    }
    let mut lent = open();
    while let Some(item) = lent.next_event() {
        if let Err(e) = &item {
            check(e, &http, "next_event");
        }
    }
    if let Err(e) = lent.final_response() {
        check(&e, &http, "final_response after next_event");
    }
});

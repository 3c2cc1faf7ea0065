//! A streaming body played back with a status and headers: every error the
//! stream gives, through each way of reading it, carries that status and
//! those headers (`Error::http`), and `final_response` answers alike
//! whether the iterator had read the stream first or not. The first byte
//! sets the read size, the second the event size limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{Error, HttpInfo, Response, ResponseStream, StreamError};

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

/// What a caller tells of `final_response`'s answer: the error's words and
/// those of what lies under it, whether it is worth a retry, and what was
/// kept of an early end.
fn shape(answer: &Result<Response, Error>) -> Option<(String, String, bool, Option<String>)> {
    let err = answer.as_ref().err()?;
    let kept = match err {
        Error::Stream(s) => match &**s {
            StreamError::EndedEarly { snapshot, .. } => snapshot.as_ref().map(|r| r.output_text()),
            _ => None,
        },
        _ => None,
    };
    Some((
        err.to_string(),
        err.underlying().to_string(),
        err.is_retryable(),
        kept,
    ))
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
    let after_iterating = stream.final_response();
    if let Err(e) = &after_iterating {
        check(e, &http, "final_response after iterating");
    }
    let direct = open().final_response();
    if let Err(e) = &direct {
        check(e, &http, "final_response");
    }
    // An error that ended the stream (here a size limit) is the cause of
    // the same early end whether `final_response` met it or the iterator
    // did: the part that arrived is kept either way.
    assert_eq!(
        shape(&direct),
        shape(&after_iterating),
        "final_response differs from final_response after iterating"
    );
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

//! The SSE reader over arbitrary bytes, read in arbitrary pieces: it never
//! panics, the events (and the error that ends them, if any) do not depend
//! on how the input was cut, and an input read to its end without an error
//! gives the events of a plain model of the WHATWG rules (with the reader's
//! one departure: an event pending when the input ends right after a line
//! end is dispatched).
#![no_main]

use std::io::{self, Read};

use libfuzzer_sys::fuzz_target;
use openrouter_responses::sse::{Event, Reader};
use openrouter_responses::{Error, StreamError};

#[path = "../../tests/common/sse_model.rs"]
mod sse_model;
use sse_model::model;

/// Serves `data` in pieces whose sizes come from `sizes`, cycled.
struct Pieces<'a> {
    data: &'a [u8],
    sizes: &'a [u8],
    turn: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let size = match self.sizes {
            [] => self.data.len(),
            s => usize::from(s[self.turn % s.len()]).max(1),
        };
        self.turn += 1;
        let n = size.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[derive(Debug, PartialEq)]
enum End {
    Clean,
    LineTooLong,
    EventTooLarge,
    Other(String),
}

fn run(reader: impl Read, limit: usize) -> (Vec<Event>, End) {
    let mut events = Vec::new();
    for item in Reader::new(reader).max_event_size(limit) {
        match item {
            Ok(e) => events.push(e),
            Err(Error::Stream(s)) => match s.into_inner() {
                StreamError::LineTooLong { .. } => return (events, End::LineTooLong),
                StreamError::EventTooLarge { .. } => return (events, End::EventTooLarge),
                other => return (events, End::Other(other.to_string())),
            },
            Err(e) => return (events, End::Other(e.to_string())),
        }
    }
    (events, End::Clean)
}

fuzz_target!(|input: &[u8]| {
    // First byte: the limit; next up to 8 bytes: the piece sizes; the rest: the stream.
    let Some((&limit, rest)) = input.split_first() else {
        return;
    };
    let split = rest.len().min(8);
    let (sizes, data) = rest.split_at(split);
    let limit = if limit == 0 {
        1 << 20
    } else {
        usize::from(limit) * 4
    };
    let whole = run(data, limit);
    let pieces = run(
        Pieces {
            data,
            sizes,
            turn: 0,
        },
        limit,
    );
    assert_eq!(whole, pieces, "events depend on how the input was cut");
    if whole.1 == End::Clean {
        let got: Vec<_> = whole
            .0
            .into_iter()
            .map(|e| (e.event, e.data, e.id, e.retry))
            .collect();
        assert_eq!(got, model(data), "events differ from the model's");
    }
});

//! The SSE layer over the project's recorded transcripts: every split of the
//! input gives the same events, whatever the line ends.

use std::fs;
use std::io::{self, Read};
use std::path::PathBuf;

use openrouter_responses::sse::{self, Event};
use openrouter_responses::{Error, StreamError};

#[path = "common/sse_model.rs"]
mod sse_model;
use sse_model::model;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/streams");
    let mut out: Vec<_> = fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sse"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).expect("fixture"))
        })
        .collect();
    out.sort();
    assert!(
        out.len() >= 10,
        "expected the stream fixtures, found {}",
        out.len()
    );
    out
}

/// Serves `data` in pieces cut at the given offsets.
struct Pieces {
    data: Vec<u8>,
    cuts: Vec<usize>,
    pos: usize,
}

impl Read for Pieces {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let next_cut = self
            .cuts
            .iter()
            .copied()
            .find(|&c| c > self.pos)
            .unwrap_or(self.data.len());
        let n = (next_cut - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn read_all(r: impl Read) -> Vec<Event> {
    sse::Reader::new(r).map(|e| e.expect("no error")).collect()
}

/// The WHATWG reading of `input` (with the reader's one departure at the
/// end, see `common/sse_model.rs`): each event's type, data and last id.
fn reference(input: &[u8]) -> Vec<(String, String, Option<String>)> {
    model(input)
        .into_iter()
        .map(|(event, data, id, _retry)| (event, data, id))
        .collect()
}

fn triples(events: &[Event]) -> Vec<(String, String, Option<String>)> {
    events
        .iter()
        .map(|e| (e.event.clone(), e.data.clone(), e.id.clone()))
        .collect()
}

fn with_line_ends(input: &[u8], end: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() * 2);
    for &b in input {
        if b == b'\n' {
            out.extend_from_slice(end);
        } else {
            out.push(b);
        }
    }
    out
}

#[test]
fn fixtures_match_the_reference_reading() {
    for (name, bytes) in fixtures() {
        let got = read_all(&bytes[..]);
        assert!(!got.is_empty(), "{name}: no events");
        assert_eq!(triples(&got), reference(&bytes), "{name}");
        for e in &got {
            assert_eq!(e.event, "message", "{name}");
            assert!(!e.data.contains('\n'), "{name}: one data line per event");
        }
    }
}

#[test]
fn every_split_point_gives_the_same_events() {
    for (name, bytes) in fixtures() {
        let whole = read_all(&bytes[..]);
        for cut in 0..=bytes.len() {
            let got = read_all(Pieces {
                data: bytes.clone(),
                cuts: vec![cut],
                pos: 0,
            });
            assert_eq!(got, whole, "{name}: split at {cut}");
        }
    }
}

#[test]
fn one_byte_reads_give_the_same_events() {
    for (name, bytes) in fixtures() {
        let whole = read_all(&bytes[..]);
        let got = read_all(Pieces {
            cuts: (1..bytes.len()).collect(),
            data: bytes,
            pos: 0,
        });
        assert_eq!(got, whole, "{name}");
    }
}

#[test]
fn crlf_and_cr_transcripts_give_the_same_events() {
    for (name, bytes) in fixtures() {
        let whole = read_all(&bytes[..]);
        for end in [&b"\r\n"[..], b"\r"] {
            let converted = with_line_ends(&bytes, end);
            assert_eq!(read_all(&converted[..]), whole, "{name} {end:?}");
            assert_eq!(triples(&whole), reference(&converted), "{name} {end:?}");
            // Every split point too, so a CRLF cut in half is seen.
            for cut in 0..=converted.len() {
                let got = read_all(Pieces {
                    data: converted.clone(),
                    cuts: vec![cut],
                    pos: 0,
                });
                assert_eq!(got, whole, "{name} {end:?}: split at {cut}");
            }
        }
    }
}

#[test]
fn mixed_line_ends_and_a_bom() {
    let input = b"\xEF\xBB\xBFid: 1\r\nevent: a\rdata: x\n\r\ndata: y\r\r: c\n\n";
    let got = read_all(&input[..]);
    assert_eq!(
        triples(&got),
        vec![
            ("a".into(), "x".into(), Some("1".into())),
            ("message".into(), "y".into(), Some("1".into())),
        ]
    );
    assert_eq!(triples(&got), reference(input));
}

#[test]
fn a_100_mb_line_stops_at_the_limit() {
    struct Endless(usize);
    impl Read for Endless {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0 >= 100 * 1024 * 1024 {
                return Ok(0);
            }
            out.fill(b'a');
            self.0 += out.len();
            Ok(out.len())
        }
    }
    let limit = 64 * 1024;
    let mut reader = sse::Reader::new(Endless(0)).max_event_size(limit);
    let err = reader
        .next()
        .expect("an error")
        .expect_err("over the limit");
    match err {
        Error::Stream(s) => {
            assert!(matches!(*s, StreamError::LineTooLong { limit: l } if l == limit))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(reader.next().is_none());
    assert!(
        reader.get_ref().0 < limit + 1024 * 1024,
        "read {} bytes",
        reader.get_ref().0
    );
}

#[test]
fn last_event_id_and_retry_are_exposed() {
    let mut r = sse::Reader::new(&b"retry: 2500\nid: ev-1\ndata: a\n\nid: ev-2\n\n"[..]);
    let first = r.next().unwrap().unwrap();
    assert_eq!(first.id.as_deref(), Some("ev-1"));
    assert_eq!(first.retry, Some(2500));
    assert!(r.next().is_none());
    assert_eq!(r.last_event_id(), Some("ev-2"));
    assert_eq!(r.retry(), Some(2500));

    // An `id` takes effect when its event is dispatched: not in an event the
    // body never finished.
    let mut r = sse::Reader::new(
        &b"id: 1
data: a

id: 2
data: b"[..],
    );
    assert_eq!(r.next().unwrap().unwrap().id.as_deref(), Some("1"));
    assert!(r.next().is_none());
    assert_eq!(r.last_event_id(), Some("1"));
}

#[test]
fn default_limit_is_documented_value() {
    assert_eq!(sse::DEFAULT_MAX_EVENT_SIZE, 32 * 1024 * 1024);
}

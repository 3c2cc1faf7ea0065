//! Part 1: decode throughput, from in-memory bytes into typed events.

use std::hint::black_box;
use std::io::{BufRead, Cursor};
use std::pin::pin;
use std::time::{Duration, Instant};

use futures::StreamExt;
use openrouter_responses::stream::ContentPart;
use openrouter_responses::{sse, ResponseStream, StreamEvent};

use crate::floor::{self, Min};
use crate::report::{median, Table};
use crate::transcript::{self, Escape, Spec};

/// The chunk size the async-openai path is fed (reqwest hands its SSE
/// parser whatever each socket read returned; 16 KiB is also the crate's
/// read buffer).
pub const ASYNC_CHUNK: usize = 16 * 1024;

/// What one pass over a transcript decoded: events, the bytes of delta
/// text, and the bytes of the closing texts of `output_text.done` and
/// `content_part.done` (a cross-check that every decoder saw the same thing,
/// the long closing lines whole included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub events: usize,
    pub delta_bytes: usize,
    pub closing_bytes: usize,
}

/// A decoder under test: runs over the whole input once.
pub struct Decoder {
    pub key: &'static str,
    pub label: &'static str,
    pub run: fn(&Input) -> Tally,
}

/// One input, in the forms the decoders take.
pub struct Input {
    pub name: String,
    pub bytes: &'static [u8],
    pub payloads: Vec<&'static [u8]>,
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        Input {
            name: name.into(),
            bytes,
            payloads: transcript::payloads(bytes),
        }
    }
}

fn crate_delta_len(e: &StreamEvent) -> usize {
    match e {
        StreamEvent::OutputTextDelta(d) => d.delta.len(),
        _ => 0,
    }
}

fn crate_closing_len(e: &StreamEvent) -> usize {
    match e {
        StreamEvent::OutputTextDone(d) => d.text.len(),
        StreamEvent::ContentPartDone(p) => match &p.part {
            ContentPart::OutputText(t) => t.text.len(),
            _ => 0,
        },
        _ => 0,
    }
}

/// (a) `ResponseStream::from_reader` over a `Cursor`: SSE framing, typed
/// events and accumulation into the response.
fn run_crate_stream(input: &Input) -> Tally {
    let mut t = Tally::default();
    let stream = ResponseStream::from_reader(Cursor::new(input.bytes));
    for e in stream {
        let e = e.expect("crate: event decodes");
        t.events += 1;
        t.delta_bytes += crate_delta_len(&e);
        t.closing_bytes += crate_closing_len(&e);
        black_box(&e);
    }
    t
}

/// (a-lent) The same stream read through `ResponseStream::next_event`, each
/// event lent out and folded in by value.
fn run_crate_lent(input: &Input) -> Tally {
    let mut t = Tally::default();
    let mut stream = ResponseStream::from_reader(Cursor::new(input.bytes));
    while let Some(e) = stream.next_event() {
        let e = e.expect("crate: event decodes");
        t.events += 1;
        t.delta_bytes += crate_delta_len(&e);
        t.closing_bytes += crate_closing_len(&e);
        black_box(&*e);
    }
    t
}

/// (a, no accumulation) `sse::Reader` + `StreamEvent::from_json`.
fn run_crate_events(input: &Input) -> Tally {
    let mut t = Tally::default();
    for ev in sse::Reader::new(Cursor::new(input.bytes)) {
        let ev = ev.expect("crate sse: event reads");
        if ev.data == "[DONE]" {
            break;
        }
        let e = StreamEvent::from_json(&ev.data).expect("crate: event decodes");
        t.events += 1;
        t.delta_bytes += crate_delta_len(&e);
        t.closing_bytes += crate_closing_len(&e);
        black_box(&e);
    }
    t
}

/// (a, framing only) `sse::Reader` alone.
fn run_crate_sse(input: &Input) -> Tally {
    let mut t = Tally::default();
    for ev in sse::Reader::new(Cursor::new(input.bytes)) {
        let ev = ev.expect("crate sse: event reads");
        if ev.data == "[DONE]" {
            break;
        }
        t.events += 1;
        black_box(&ev);
    }
    t
}

fn tally_min(t: &mut Tally, e: &Min) {
    t.events += 1;
    match e {
        Min::Delta(d) => t.delta_bytes += d.delta.len(),
        Min::TextDone(d) => t.closing_bytes += d.text.len(),
        Min::PartDone(p) => t.closing_bytes += p.part.text.len(),
        _ => {}
    }
    black_box(floor::weigh(e));
}

/// (b) the floor: serde_json from pre-split payloads into the minimal enum.
fn run_floor(input: &Input) -> Tally {
    let mut t = Tally::default();
    for p in &input.payloads {
        let e: Min = serde_json::from_slice(p).expect("floor: event decodes");
        tally_min(&mut t, &e);
        black_box(&e);
    }
    t
}

/// (b, type first) the same enum, `type` read before the one-pass decode.
fn run_floor_peek(input: &Input) -> Tally {
    let mut t = Tally::default();
    for p in &input.payloads {
        let e = floor::decode_peek(p).expect("floor peek: event decodes");
        tally_min(&mut t, &e);
        black_box(&e);
    }
    t
}

/// (c) async-openai: `eventsource-stream` over a byte stream, then
/// `serde_json::from_str::<ResponseStreamEvent>` on each event's data, the
/// way its `Client` maps events ([DONE] ends, `keepalive` events skipped).
fn run_async_openai(input: &Input) -> Tally {
    use async_openai::types::responses::{OutputContent, ResponseStreamEvent};
    let chunks = input
        .bytes
        .chunks(ASYNC_CHUNK)
        .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::from_static(c)));
    let mut events = pin!(eventsource_stream::EventStream::new(futures::stream::iter(
        chunks
    )));
    let mut t = Tally::default();
    futures::executor::block_on(async {
        while let Some(ev) = events.next().await {
            let ev = ev.expect("async-openai: event reads");
            if ev.data == "[DONE]" {
                break;
            }
            if ev.event == "keepalive" {
                continue;
            }
            let e: ResponseStreamEvent =
                serde_json::from_str(&ev.data).expect("async-openai: event decodes");
            t.events += 1;
            match &e {
                ResponseStreamEvent::ResponseOutputTextDelta(d) => t.delta_bytes += d.delta.len(),
                ResponseStreamEvent::ResponseOutputTextDone(d) => t.closing_bytes += d.text.len(),
                ResponseStreamEvent::ResponseContentPartDone(p) => {
                    if let OutputContent::OutputText(c) = &p.part {
                        t.closing_bytes += c.text.len();
                    }
                }
                _ => {}
            }
            black_box(&e);
        }
    });
    t
}

/// (d) naive: `BufRead::lines`, strip `data: `, `serde_json::from_str`.
fn run_naive(input: &Input) -> Tally {
    let mut t = Tally::default();
    for line in Cursor::new(input.bytes).lines() {
        let line = line.expect("naive: line reads");
        let Some(data) = line.strip_prefix("data: ") else {
            continue;
        };
        if data == "[DONE]" {
            break;
        }
        let e: Min = serde_json::from_str(data).expect("naive: event decodes");
        tally_min(&mut t, &e);
    }
    t
}

pub const FLOOR: Decoder = Decoder {
    key: "b",
    label: "(b) floor: serde_json, pre-split slices, minimal enum (derive)",
    run: run_floor,
};
pub const FLOOR_PEEK: Decoder = Decoder {
    key: "b'",
    label: "(b') floor, type read first then one-pass decode",
    run: run_floor_peek,
};
pub const CRATE_STREAM: Decoder = Decoder {
    key: "a",
    label: "(a) this crate: ResponseStream::from_reader (typed + accumulation)",
    run: run_crate_stream,
};
pub const CRATE_LENT: Decoder = Decoder {
    key: "a-lent",
    label: "(a-lent) this crate: ResponseStream::next_event (events lent, + accumulation)",
    run: run_crate_lent,
};
pub const CRATE_EVENTS: Decoder = Decoder {
    key: "a0",
    label: "(a0) this crate: sse::Reader + StreamEvent::from_json (no accumulation)",
    run: run_crate_events,
};
pub const CRATE_SSE: Decoder = Decoder {
    key: "a-sse",
    label: "(a-sse) this crate: sse::Reader only (framing, no JSON)",
    run: run_crate_sse,
};
pub const ASYNC_OPENAI: Decoder = Decoder {
    key: "c",
    label: "(c) async-openai 0.43: eventsource-stream + ResponseStreamEvent",
    run: run_async_openai,
};
pub const NAIVE: Decoder = Decoder {
    key: "d",
    label: "(d) naive: BufRead::lines + strip + serde_json (minimal enum)",
    run: run_naive,
};

pub const ALL: &[&Decoder] = &[
    &CRATE_STREAM,
    &CRATE_LENT,
    &CRATE_EVENTS,
    &CRATE_SSE,
    &FLOOR,
    &FLOOR_PEEK,
    &ASYNC_OPENAI,
    &NAIVE,
];

/// Medians of `reps` timed passes of each decoder over `input`, taken round
/// robin so drift on a shared machine hits all alike.
pub fn measure(input: &Input, decoders: &[&Decoder], reps: usize) -> Vec<(Duration, Tally)> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); decoders.len()];
    let mut tallies: Vec<Option<Tally>> = vec![None; decoders.len()];
    // One untimed warm-up pass each.
    for (i, d) in decoders.iter().enumerate() {
        tallies[i] = Some((d.run)(input));
    }
    for _ in 0..reps {
        for (i, d) in decoders.iter().enumerate() {
            let start = Instant::now();
            let t = (d.run)(input);
            times[i].push(start.elapsed());
            assert_eq!(Some(t), tallies[i], "{}: passes disagree", d.key);
        }
    }
    times
        .into_iter()
        .zip(tallies)
        .map(|(t, tally)| (median(t), tally.expect("warm-up ran")))
        .collect()
}

/// One `response.output_text.done` line whose text is at least `min_bytes`.
pub fn done_line(min_bytes: usize) -> (Vec<u8>, usize) {
    let mut gen = transcript::TextGen::new(7);
    let mut text = String::new();
    while text.len() < min_bytes {
        gen.next_delta(&mut text);
    }
    let mut out = Vec::with_capacity(text.len() * 2);
    out.extend_from_slice(format!(
        "data: {{\"type\":\"response.output_text.done\",\"sequence_number\":1,\"item_id\":\"{}\",\"output_index\":0,\"content_index\":0,\"text\":\"",
        transcript::ITEM_ID
    ).as_bytes());
    transcript::escape_into(&mut out, &text, Escape::Minimal);
    out.extend_from_slice(b"\",\"logprobs\":[]}\n\n");
    (out, text.len())
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / 1e6
}

pub struct Summary {
    /// (decoder key, input name) -> throughput MB/s.
    pub mbps: Vec<(&'static str, String, f64)>,
    pub ns_per_byte: Vec<(&'static str, usize, f64)>,
    pub total_events: usize,
}

impl Summary {
    pub fn get(&self, key: &str, input: &str) -> Option<f64> {
        self.mbps
            .iter()
            .find(|(k, i, _)| *k == key && i == input)
            .map(|(_, _, v)| *v)
    }
    pub fn ns(&self, key: &str, mib: usize) -> Option<f64> {
        self.ns_per_byte
            .iter()
            .find(|(k, m, _)| *k == key && *m == mib)
            .map(|(_, _, v)| *v)
    }
}

/// Runs part 1 and adds its tables.
pub fn run(deltas: usize, reps: usize, tables: &mut Vec<Table>) -> Summary {
    let full = Input::new("whole transcript", transcript::build(Spec::full(deltas)));
    let delta_part = Input::new("delta part", transcript::build(Spec::deltas_only(deltas)));
    let text_bytes = transcript::text(Spec::full(deltas)).len();
    let mut summary = Summary {
        mbps: Vec::new(),
        ns_per_byte: Vec::new(),
        total_events: 0,
    };
    for input in [&full, &delta_part] {
        let results = measure(input, ALL, reps);
        let floor_t = results[ALL.iter().position(|d| d.key == "b").unwrap_or(0)].0;
        let async_t = results[ALL.iter().position(|d| d.key == "c").unwrap_or(0)].0;
        let expected = results[ALL.iter().position(|d| d.key == "b").unwrap_or(0)].1;
        let mut table = Table::new(
            format!(
                "Decode, {}: {:.1} MB, {} events, {} deltas{}, median of {reps}",
                input.name,
                input.bytes.len() as f64 / 1e6,
                expected.events,
                deltas,
                if input.name == full.name {
                    format!(
                        ", 4 closing lines each repeating the {:.2} MB text",
                        text_bytes as f64 / 1e6
                    )
                } else {
                    String::new()
                }
            ),
            &[
                "decoder",
                "MB/s",
                "events/s",
                "× floor (b)",
                "× async-openai (c)",
            ],
        );
        for (d, (t, tally)) in ALL.iter().zip(&results) {
            // The framing-only row counts events but sees no delta text.
            if d.key != "a-sse" {
                assert_eq!(
                    *tally, expected,
                    "{} decoded something else than the floor on {}",
                    d.key, input.name
                );
            }
            let rate = mbps(input.bytes.len(), *t);
            summary.mbps.push((d.key, input.name.clone(), rate));
            table.row(vec![
                d.label.to_string(),
                format!("{rate:.1}"),
                format!("{:.0}", tally.events as f64 / t.as_secs_f64()),
                format!("{:.2}", floor_t.as_secs_f64() / t.as_secs_f64()),
                format!("{:.2}", async_t.as_secs_f64() / t.as_secs_f64()),
            ]);
        }
        if input.name == full.name {
            summary.total_events = expected.events;
        }
        tables.push(table);
    }

    // Cost against line length: one done-line of 1 MiB and one of 4 MiB.
    let mut table = Table::new(
        format!("Decode cost against line length: one output_text.done line, median of {reps}"),
        &[
            "decoder",
            "ns/byte, 1 MiB line",
            "ns/byte, 4 MiB line",
            "4 MiB / 1 MiB",
        ],
    );
    let line_decoders: &[&Decoder] = &[&CRATE_STREAM, &CRATE_EVENTS, &FLOOR, &ASYNC_OPENAI, &NAIVE];
    let mut per: Vec<Vec<f64>> = vec![Vec::new(); line_decoders.len()];
    for mib in [1usize, 4] {
        let (line, _) = done_line(mib << 20);
        let input = Input::new(format!("{mib} MiB line"), line);
        let results = measure(&input, line_decoders, reps);
        for (i, (d, (t, _))) in line_decoders.iter().zip(&results).enumerate() {
            let ns = t.as_nanos() as f64 / input.bytes.len() as f64;
            per[i].push(ns);
            summary.ns_per_byte.push((d.key, mib, ns));
        }
    }
    for (d, ns) in line_decoders.iter().zip(&per) {
        table.row(vec![
            d.label.to_string(),
            format!("{:.2}", ns[0]),
            format!("{:.2}", ns[1]),
            format!("{:.2}", ns[1] / ns[0]),
        ]);
    }
    tables.push(table);
    summary
}

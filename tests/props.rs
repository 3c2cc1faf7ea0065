//! Property tests: the SSE reader against a plain model of the WHATWG rules
//! under arbitrary cuts of the input, the decoders over arbitrary JSON, and
//! requests built from arbitrary values surviving a round trip.

use std::io::{self, Read};

use openrouter_responses::request::{Content, InputContent};
use openrouter_responses::sse::{self, Event};
use openrouter_responses::{
    ApiError, Error, HttpInfo, InputItem, OutputItem, Request, Response, ResponseStream,
    StreamError, StreamEvent, Tool,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[path = "common/sse_model.rs"]
mod sse_model;
use sse_model::model;

// ---------------------------------------------------------------------------
// SSE

/// Serves `data` in pieces of the given sizes, cycled.
struct Pieces {
    data: Vec<u8>,
    pos: usize,
    sizes: Vec<usize>,
    turn: usize,
}

impl Read for Pieces {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.turn % self.sizes.len()];
        self.turn += 1;
        let n = size.min(out.len()).min(self.data.len() - self.pos);
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The events, and how the reading ended.
#[derive(Debug, PartialEq)]
enum End {
    Clean,
    LineTooLong,
    EventTooLarge,
}

fn read_events(reader: impl Read, limit: usize) -> (Vec<Event>, End) {
    let mut events = Vec::new();
    for item in sse::Reader::new(reader).max_event_size(limit) {
        match item {
            Ok(e) => events.push(e),
            Err(Error::Stream(s)) => match s.into_inner() {
                StreamError::LineTooLong { .. } => return (events, End::LineTooLong),
                StreamError::EventTooLarge { .. } => return (events, End::EventTooLarge),
                other => panic!("unexpected stream error {other:?}"),
            },
            Err(e) => panic!("unexpected error {e:?}"),
        }
    }
    (events, End::Clean)
}

/// Bytes that look like an event stream: field names, separators, every
/// kind of line end, BOMs, NULs, invalid UTF-8, and plain text.
fn sse_like() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"data: ".to_vec()),
        Just(b"data:".to_vec()),
        Just(b"data".to_vec()),
        Just(b"event: ".to_vec()),
        Just(b"id: ".to_vec()),
        Just(b"id".to_vec()),
        Just(b"retry: ".to_vec()),
        Just(b":".to_vec()),
        Just(b" ".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\xFF\xC3".to_vec()),
        Just("é€".as_bytes().to_vec()),
        "[0-9]{1,22}".prop_map(String::into_bytes),
        "[a-z{}\" ]{1,12}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 1..6),
    ];
    prop::collection::vec(token, 0..80).prop_map(|t| t.concat())
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..40, 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sse_events_match_the_model_whatever_the_cuts(input in sse_like(), sizes in cuts()) {
        let (whole, end) = read_events(&input[..], sse::DEFAULT_MAX_EVENT_SIZE);
        prop_assert_eq!(end, End::Clean);
        let got: Vec<_> = whole
            .iter()
            .map(|e| (e.event.clone(), e.data.clone(), e.id.clone(), e.retry))
            .collect();
        prop_assert_eq!(got, model(&input));
        let cut = read_events(
            Pieces { data: input.clone(), pos: 0, sizes, turn: 0 },
            sse::DEFAULT_MAX_EVENT_SIZE,
        );
        prop_assert_eq!(cut, (whole, End::Clean));
    }

    #[test]
    fn sse_limits_do_not_depend_on_the_cuts(
        input in sse_like(),
        sizes in cuts(),
        limit in 1usize..64,
    ) {
        let whole = read_events(&input[..], limit);
        let cut = read_events(Pieces { data: input, pos: 0, sizes, turn: 0 }, limit);
        prop_assert_eq!(whole, cut);
    }

    #[test]
    fn sse_reader_never_panics_on_raw_bytes(
        input in prop::collection::vec(any::<u8>(), 0..600),
        sizes in cuts(),
        limit in 1usize..300,
    ) {
        let whole = read_events(&input[..], limit);
        let cut = read_events(Pieces { data: input, pos: 0, sizes, turn: 0 }, limit);
        prop_assert_eq!(whole, cut);
    }
}

// ---------------------------------------------------------------------------
// Decoders over arbitrary JSON

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1)),
        Just(json!(u64::MAX)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Keys the decoders look at, and a few they do not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type",
            "id",
            "status",
            "output",
            "output_index",
            "content_index",
            "summary_index",
            "annotation_index",
            "item_id",
            "item",
            "part",
            "delta",
            "text",
            "content",
            "role",
            "response",
            "error",
            "code",
            "message",
            "metadata",
            "availability",
            "retry_after",
            "retryable",
            "usage",
            "arguments",
            "name",
            "call_id",
            "summary",
            "annotations",
            "sequence_number",
            "incomplete_details",
            "error_type",
            "param",
            "user_id",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ]
}

const EVENT_TYPES: &[&str] = &[
    "response.created",
    "response.in_progress",
    "response.completed",
    "response.incomplete",
    "response.failed",
    "response.done",
    "error",
    "response.error",
    "response.output_item.added",
    "response.output_item.done",
    "response.content_part.added",
    "response.content_part.done",
    "response.content_part.delta",
    "response.output_text.delta",
    "response.output_text.done",
    "response.output_text.annotation.added",
    "response.refusal.delta",
    "response.refusal.done",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.custom_tool_call_input.delta",
    "response.reasoning_text.delta",
    "response.reasoning_summary_part.added",
    "response.reasoning_summary_text.delta",
    "response.reasoning_summary_text.done",
    "response.web_search_call.searching",
    "response.image_generation_call.partial_image",
    "response.code_interpreter_call_code.delta",
    "response.fusion_call.panel.delta",
    "response.debug",
    "response.not_yet_invented",
];

const ITEM_TYPES: &[&str] = &[
    "message",
    "function_call",
    "reasoning",
    "web_search_call",
    "custom_tool_call",
    "code_interpreter_call",
    "image_generation_call",
    "output_text",
    "refusal",
    "something_new",
];

/// An object with a known `type` and fields of arbitrary values: the shape
/// that reaches the typed decoders rather than the fallback.
fn typed_object(types: &'static [&'static str]) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(types),
        prop::collection::btree_map(key(), any_json(), 0..8),
    )
        .prop_map(|(ty, fields)| {
            let mut map: Map<String, Value> = fields.into_iter().collect();
            map.insert("type".into(), json!(ty));
            Value::Object(map)
        })
}

/// Small indices, so that events hit the items they name.
fn plausible_event() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(EVENT_TYPES),
        0usize..3,
        0usize..3,
        ".{0,6}",
        typed_object(ITEM_TYPES),
        any_json(),
    )
        .prop_map(|(ty, oi, ci, text, item, extra)| {
            json!({"type": ty, "output_index": oi, "content_index": ci, "summary_index": ci,
                   "annotation_index": ci, "item_id": "m", "delta": text, "text": text,
                   "arguments": text, "item": item, "part": {"type": "output_text", "text": text},
                   "response": {"id": "r", "status": "completed", "output": [item]},
                   "annotation": extra, "code": "server_error", "message": text})
        })
}

fn decoder_input() -> impl Strategy<Value = Value> {
    prop_oneof![
        any_json(),
        typed_object(EVENT_TYPES),
        typed_object(ITEM_TYPES),
        plausible_event(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn event_decoding_never_panics_and_reencodes_stably(value in decoder_input()) {
        let text = value.to_string();
        if let Ok(event) = StreamEvent::from_json(&text) {
            let _ = event.event_type();
            let first = serde_json::to_value(&event).expect("a decoded event encodes");
            let again = StreamEvent::from_json(&first.to_string()).expect("and decodes again");
            prop_assert_eq!(serde_json::to_value(&again).unwrap(), first);
        }
        let _ = serde_json::from_value::<StreamEvent>(value);
    }

    #[test]
    fn response_and_item_decoding_never_panic(value in decoder_input()) {
        let item = OutputItem::from_value(value.clone());
        let _ = serde_json::to_value(&item).expect("an item encodes");
        let _ = serde_json::from_value::<OutputItem>(value.clone());
        let wrapped = json!({"id": "r", "status": "completed", "output": [value.clone()]});
        for candidate in [value, wrapped] {
            if let Ok(response) = serde_json::from_value::<Response>(candidate) {
                let _ = response.output_text();
                let _ = response.to_input_items();
                let _ = response.refusal();
                let first = serde_json::to_value(&response).expect("a response encodes");
                let again: Response = serde_json::from_value(first.clone()).expect("decodes again");
                prop_assert_eq!(serde_json::to_value(&again).unwrap(), first);
            }
        }
    }

    #[test]
    fn error_bodies_never_panic(value in decoder_input(), status in 100u16..1000, raw in ".{0,40}") {
        let http = HttpInfo::new(status, vec![("Retry-After".into(), raw.clone())]);
        for body in [value.to_string(), raw.clone(), json!({"error": value.clone()}).to_string()] {
            let err = ApiError::from_http(http.clone(), body.clone());
            prop_assert_eq!(&err.body, &body);
            prop_assert_eq!(err.status, status);
            let _ = (err.to_string(), err.is_retryable(), err.is_rate_limited());
        }
        let err = ApiError::from_event(&http, &value, &raw);
        prop_assert_eq!(err.origin, openrouter_responses::ErrorOrigin::Stream);
        let _ = (err.to_string(), err.is_retryable());
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_sequence_of_events_accumulates_without_panicking(
        events in prop::collection::vec(prop_oneof![plausible_event(), decoder_input()], 0..12),
    ) {
        let mut body = String::new();
        for e in &events {
            body.push_str(&format!("data: {e}\n\n"));
        }
        let mut stream = ResponseStream::from_reader(io::Cursor::new(body.clone().into_bytes()));
        let mut count = 0;
        for _ in stream.by_ref() {
            count += 1;
        }
        prop_assert!(count <= events.len());
        if let Some(snapshot) = stream.snapshot() {
            let _ = snapshot.output_text();
            let _ = serde_json::to_value(snapshot).expect("the snapshot encodes");
        }
        let _ = ResponseStream::from_reader(io::Cursor::new(body.into_bytes())).final_response();
    }
}

// ---------------------------------------------------------------------------
// Requests

fn text() -> impl Strategy<Value = String> {
    prop_oneof![".{0,16}", "[ -~]{0,16}", Just(String::new())]
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![-1e6f64..1e6, Just(0.0), Just(-0.5), Just(2.0), Just(1e-9)]
}

fn message() -> impl Strategy<Value = InputItem> {
    (0u8..4, text(), prop::bool::ANY).prop_map(|(role, t, parts)| {
        let content: Content = if parts {
            vec![InputContent::text(t)].into()
        } else {
            t.into()
        };
        match role {
            0 => InputItem::user(content),
            1 => InputItem::system(content),
            2 => InputItem::developer(content),
            _ => InputItem::assistant(content),
        }
    })
}

#[derive(Debug, Clone)]
struct Fields {
    model: Option<String>,
    instructions: Option<String>,
    input_text: Option<String>,
    items: Vec<InputItem>,
    temperature: Option<f64>,
    top_p: Option<f64>,
    max_output_tokens: Option<u64>,
    parallel_tool_calls: Option<bool>,
    metadata: Vec<(String, String)>,
    tools: Vec<(String, String, Value)>,
    extras: Vec<(String, Value)>,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::collection::vec(message(), 0..4),
        ),
        (
            prop::option::of(finite()),
            prop::option::of(finite()),
            prop::option::of(any::<u64>()),
            prop::option::of(any::<bool>()),
        ),
        (
            prop::collection::vec(("[a-z]{1,6}", text()), 0..4),
            prop::collection::vec(("[a-z_]{1,10}", text(), any_json()), 0..3),
            prop::collection::vec(("x_[a-z]{1,6}", any_json()), 0..3),
        ),
    )
        .prop_map(
            |((model, instructions, input_text, items), (t, p, m, par), (meta, tools, extras))| {
                Fields {
                    model,
                    instructions,
                    input_text,
                    items,
                    temperature: t,
                    top_p: p,
                    max_output_tokens: m,
                    parallel_tool_calls: par,
                    metadata: meta,
                    tools,
                    extras,
                }
            },
        )
}

fn build(f: &Fields) -> Request {
    let mut b = Request::builder();
    if let Some(v) = &f.model {
        b = b.model(v.as_str());
    }
    if let Some(v) = &f.instructions {
        b = b.instructions(v.as_str());
    }
    if let Some(v) = &f.input_text {
        b = b.input(v.as_str());
    } else if !f.items.is_empty() {
        b = b.input_items(f.items.clone());
    }
    if let Some(v) = f.temperature {
        b = b.temperature(v);
    }
    if let Some(v) = f.top_p {
        b = b.top_p(v);
    }
    if let Some(v) = f.max_output_tokens {
        b = b.max_output_tokens(v);
    }
    if let Some(v) = f.parallel_tool_calls {
        b = b.parallel_tool_calls(v);
    }
    for (k, v) in &f.metadata {
        b = b.metadata_entry(k.as_str(), v.as_str());
    }
    for (name, description, parameters) in &f.tools {
        b = b.tool(Tool::function(
            name.as_str(),
            description.as_str(),
            parameters.clone(),
        ));
    }
    for (k, v) in &f.extras {
        b = b.extra(k.as_str(), v.clone());
    }
    b.build()
}

/// Equal JSON, floats allowed to differ in the last place.
fn json_close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => {
                    x == y || (x - y).abs() <= x.abs().max(y.abs()) * 4.0 * f64::EPSILON
                }
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_close(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w)))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn requests_round_trip_through_json(f in fields()) {
        let request = build(&f);
        let json = serde_json::to_value(&request).expect("a request encodes");
        // Every value set is on the wire as given.
        prop_assert_eq!(json.get("model").and_then(Value::as_str), f.model.as_deref());
        prop_assert_eq!(
            json.get("instructions").and_then(Value::as_str),
            f.instructions.as_deref()
        );
        prop_assert_eq!(json.get("temperature").and_then(Value::as_f64), f.temperature);
        prop_assert_eq!(json.get("top_p").and_then(Value::as_f64), f.top_p);
        prop_assert_eq!(
            json.get("max_output_tokens").and_then(Value::as_u64),
            f.max_output_tokens
        );
        if let Some(t) = &f.input_text {
            prop_assert_eq!(&json["input"], &json!(t));
        }
        for (k, v) in &f.extras {
            let last = f.extras.iter().rev().find(|(k2, _)| k2 == k).map(|(_, v)| v);
            prop_assert_eq!(Some(&json[k.as_str()]), last);
            let _ = v;
        }
        prop_assert!(json.get("stream").is_none());
        // Decoding the value gives the same request, and encoding it again
        // the same JSON.
        let back: Request = serde_json::from_value(json.clone()).expect("what was encoded decodes");
        prop_assert_eq!(&back, &request);
        prop_assert_eq!(serde_json::to_value(&back).unwrap(), json.clone());
        // Through text too; serde_json's default float parsing may land one
        // unit in the last place away, so numbers are compared that closely.
        let text = serde_json::to_string(&request).unwrap();
        let back: Request = serde_json::from_str(&text).expect("the text decodes");
        let again = serde_json::to_value(&back).unwrap();
        prop_assert!(json_close(&again, &json), "{} != {}", again, json);
    }
}

// ---------------------------------------------------------------------------
// Recording (`tee`)

/// A writer whose bytes the test reads back.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether `bytes` ends with a blank line (two line ends in a row, `\r\n`
/// counting as one).
fn ends_with_blank_line(bytes: &[u8]) -> bool {
    let s = String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    s.ends_with("\n\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// However the body arrives, a recording is the body up to where the
    /// stream stopped: whole events through the terminal event when it ended
    /// there, all of it when the body ended first.
    #[test]
    fn a_recording_ends_with_whole_events(
        deltas in proptest::collection::vec(("[a-z \\n]{0,6}", any::<bool>(), any::<bool>()), 0..6),
        terminal in any::<bool>(),
        after in prop_oneof![Just(""), Just("data: [DONE]\n\n"), Just("data: [DONE]\r\n\r\n"), Just("data: [DO"), Just(": x\n")],
        sizes in proptest::collection::vec(1usize..24, 1..6),
    ) {
        let mut body = String::new();
        for (i, (text, crlf, comment)) in deltas.iter().enumerate() {
            let end = if *crlf { "\r\n" } else { "\n" };
            if *comment {
                body.push_str(&format!(": ping{end}{end}"));
            }
            let data = json!({"type": "response.output_text.delta", "item_id": "m", "output_index": 0,
                              "content_index": 0, "delta": text, "sequence_number": i});
            body.push_str(&format!("data: {data}{end}{end}"));
        }
        let mut terminal_end = None;
        if terminal {
            body.push_str("data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\"}}\n\n");
            terminal_end = Some(body.len());
        }
        body.push_str(after);
        let shared = Shared::default();
        let reader = Pieces { data: body.clone().into_bytes(), pos: 0, sizes, turn: 0 };
        let mut stream = ResponseStream::from_reader(reader).tee(shared.clone());
        prop_assert!(stream.by_ref().all(|e| e.is_ok()));
        drop(stream);
        let recorded = shared.0.lock().unwrap().clone();
        prop_assert!(body.as_bytes().starts_with(&recorded), "{:?} is not a prefix of {:?}", String::from_utf8_lossy(&recorded), body);
        // A stream ends as the protocol says at its terminal event or at a
        // whole `[DONE]`; otherwise at the end of the body.
        let protocol_end = terminal || after.starts_with("data: [DONE]\n") || after.starts_with("data: [DONE]\r\n");
        if protocol_end {
            prop_assert!(recorded.len() >= terminal_end.unwrap_or(0), "{:?}", String::from_utf8_lossy(&recorded));
            prop_assert!(recorded.is_empty() || ends_with_blank_line(&recorded), "{:?}", String::from_utf8_lossy(&recorded));
        } else {
            prop_assert_eq!(recorded.len(), body.len());
        }
    }
}

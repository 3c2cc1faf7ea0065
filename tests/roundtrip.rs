//! Round trips over generated JSON of the shapes the API sends and takes:
//! responses (with the request settings they echo), stream events, output
//! and input items, and requests as a relay decodes them.
//!
//! The inputs are the crate's fixtures and, when `../shared/fixtures` is
//! there, the spec's examples, each changed in a few places: a member added
//! that no type models, a member set to `null` or left out, a string, number
//! or flag given another value of its JSON type, a `type` or enum value no
//! type knows. Each is written with the members of its objects in an order
//! of its own (`type` anywhere). The echoed settings are also generated
//! from their members.
//!
//! What decodes must encode with every value it read, at the same place
//! (modulo the documented normalisations: a `null` member may be left out or
//! written as its default, a message without an `id` is read as having an
//! empty one, numbers compare by value, a relayed request's `stream` is not
//! part of its body); and the encoded JSON must decode to the same value,
//! from text as from a `Value`, and encode to the same JSON again.

use std::path::{Path, PathBuf};

use openrouter_responses::request::{
    InputContent, Prompt, PromptCacheOptions, PromptVariable, TextConfig, TextFormat,
};
use openrouter_responses::{
    InputItem, OutputItem, Reasoning, Request, Response, StreamEvent, ToolChoice,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------
// Seeds

/// What a seed is decoded as.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Response,
    Event,
    OutputItem,
    InputItem,
    Request,
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == ext));
    out.sort();
    out
}

/// The JSON of every `data:` line of an SSE file.
fn sse_data(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok())
        .filter(Value::is_object)
        .collect()
}

/// A response's items and an event's response and item are seeds too.
fn push_with_parts(seeds: &mut Vec<(Kind, Value)>, kind: Kind, value: Value) {
    if let Some(Value::Array(items)) = value.get("output") {
        for item in items {
            seeds.push((Kind::OutputItem, item.clone()));
            seeds.push((Kind::InputItem, item.clone()));
        }
    }
    if kind == Kind::Event {
        if let Some(r) = value.get("response").filter(|r| r.is_object()) {
            push_with_parts(seeds, Kind::Response, r.clone());
        }
        if let Some(item) = value.get("item").filter(|i| i.is_object()) {
            seeds.push((Kind::OutputItem, item.clone()));
        }
    }
    if kind == Kind::Request {
        if let Some(Value::Array(items)) = value.get("input") {
            for item in items {
                seeds.push((Kind::InputItem, item.clone()));
            }
        }
    }
    seeds.push((kind, value));
}

fn seeds() -> Vec<(Kind, Value)> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = here.join("tests/fixtures");
    let mut seeds = Vec::new();
    for path in files(&fixtures.join("responses"), "json") {
        let value = read_json(&path).expect("a response fixture is JSON");
        push_with_parts(&mut seeds, Kind::Response, value);
    }
    for path in files(&fixtures.join("streams"), "sse") {
        // (Its events do not have the documented types, on purpose.)
        if path.ends_with("malformed_event.sse") {
            continue;
        }
        for event in sse_data(&path) {
            push_with_parts(&mut seeds, Kind::Event, event);
        }
    }
    let conversation = read_json(&fixtures.join("requests/conversation.json")).expect("JSON");
    push_with_parts(&mut seeds, Kind::Request, conversation);
    let items = read_json(&fixtures.join("requests/spec_input_items.json")).expect("JSON");
    for case in items.as_array().expect("a list of cases") {
        seeds.push((Kind::InputItem, case["item"].clone()));
        seeds.push((
            Kind::Request,
            json!({"model": "m", "input": [case["item"]]}),
        ));
    }
    seeds.extend(shared_seeds());
    seeds
}

/// The spec's examples (`../shared/fixtures`), when they are there.
fn shared_seeds() -> Vec<(Kind, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let mut seeds = Vec::new();
    if !dir.is_dir() {
        println!("no spec examples: {} is absent", dir.display());
        return seeds;
    }
    let examples = dir.join("spec-examples");
    for path in files(&examples, "json") {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(value) = read_json(&path) else {
            continue;
        };
        if name.starts_with("event.") {
            push_with_parts(&mut seeds, Kind::Event, value);
        } else if name == "op.request.json" {
            push_with_parts(&mut seeds, Kind::Request, value);
        } else if name == "op.200.application-json.json" {
            push_with_parts(&mut seeds, Kind::Response, value);
        }
    }
    // Every schema's example: as an item when it has a type, as an event
    // when its type is one; and the request and response examples.
    if let Some(Value::Object(all)) =
        read_json(&examples.join("all-responses-schema-examples.json"))
    {
        for (schema, value) in all {
            let ty = value.get("type").and_then(Value::as_str).unwrap_or("");
            if schema == "ResponsesRequest" {
                push_with_parts(&mut seeds, Kind::Request, value);
            } else if schema == "OpenResponsesResult" {
                push_with_parts(&mut seeds, Kind::Response, value);
            } else if ty.starts_with("response.") || ty == "error" {
                push_with_parts(&mut seeds, Kind::Event, value);
            } else if !ty.is_empty() {
                seeds.push((Kind::OutputItem, value.clone()));
                seeds.push((Kind::InputItem, value));
            }
        }
    }
    // The examples of the request's members, in a request, and of the
    // settings a response echoes, in a response.
    if let Some(Value::Object(all)) =
        read_json(&examples.join("all-responses-schema-examples.json"))
    {
        for (schema, value) in &all {
            let member = MEMBERS.iter().find(|(_, s)| s == schema).map(|(m, _)| *m);
            let (member, value) = match member {
                Some(member) => (member, value.clone()),
                None if schema.starts_with("Format") => ("text", json!({"format": value})),
                None if schema.ends_with("Plugin") => ("plugins", json!([value])),
                None if schema.ends_with("Tool") || schema.ends_with("Tool_OpenRouter") => {
                    ("tools", json!([value]))
                }
                None => continue,
            };
            seeds.push((Kind::Request, json!({"model": "m", member: value})));
            if ECHOED.contains(&member) {
                seeds.push((Kind::Response, json!({"id": "r", member: value})));
            }
        }
    }
    for path in files(&dir.join("docs"), "json") {
        let Some(value) = read_json(&path) else {
            continue;
        };
        if value.get("object").and_then(Value::as_str) == Some("response") {
            push_with_parts(&mut seeds, Kind::Response, value);
        }
    }
    seeds
}

/// The request's members and the schema of each (`ResponsesRequest`).
const MEMBERS: &[(&str, &str)] = &[
    ("cache_control", "AnthropicCacheControlDirective"),
    ("debug", "ChatDebugOptions"),
    ("image_config", "ImageConfig"),
    ("input", "Inputs"),
    ("metadata", "RequestMetadata"),
    ("prompt", "StoredPromptTemplate"),
    ("prompt_cache_options", "PromptCacheOptions"),
    ("provider", "ProviderPreferences"),
    ("reasoning", "ReasoningConfig"),
    ("route", "DeprecatedRoute"),
    ("service_tier", "ServiceTier"),
    ("stop_server_tools_when", "StopServerToolsWhen"),
    ("text", "TextExtendedConfig"),
    ("tool_choice", "OpenAIResponsesToolChoice"),
    ("tool_choice", "ToolChoiceAllowed"),
    ("trace", "TraceConfig"),
    ("truncation", "OpenAIResponsesTruncation"),
];

/// The members a response echoes among them.
const ECHOED: &[&str] = &[
    "metadata",
    "prompt",
    "prompt_cache_options",
    "reasoning",
    "service_tier",
    "text",
    "tool_choice",
    "tools",
    "truncation",
];

// ---------------------------------------------------------------------------
// Changes

/// One change, at the node `at` picks among all the nodes of the value.
#[derive(Clone, Debug)]
enum Change {
    /// A member no type models.
    AddMember(String, Value),
    /// A member set to `null`.
    Null,
    /// A member left out.
    Remove,
    /// A leaf given another value of its JSON type.
    Vary(String, u32, f64),
    /// A `type` no type knows.
    UnknownType(String),
}

fn plain_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e9f64..1e9).prop_map(|f| json!(f)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,10}",
        "[a-z_.]{1,12}",
        Just(String::new()),
        Just("\"\\\n\u{0}é🦀".to_string()),
    ]
}

fn change() -> impl Strategy<Value = (usize, Change)> {
    let change = prop_oneof![
        ("x_[a-z]{1,6}", plain_json()).prop_map(|(k, v)| Change::AddMember(k, v)),
        Just(Change::Null),
        Just(Change::Remove),
        (text(), 0u32..100_000, -1e6f64..1e6).prop_map(|(s, n, f)| Change::Vary(s, n, f)),
        "x[a-z_.]{1,10}".prop_map(Change::UnknownType),
    ];
    (any::<usize>(), change)
}

/// Every node, as a JSON pointer.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(v, format!("{at}/{key}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn apply(value: &mut Value, (at, change): &(usize, Change)) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let pointer = &all[at % all.len()];
    let node = value.pointer_mut(pointer).expect("a node");
    match (change, node) {
        (Change::AddMember(k, v), Value::Object(m)) => {
            m.insert(k.clone(), v.clone());
        }
        (Change::Null | Change::Remove, Value::Object(m)) if !m.is_empty() => {
            let key = m
                .keys()
                .nth(at / all.len() % m.len())
                .cloned()
                .expect("a key");
            if matches!(change, Change::Null) {
                m.insert(key, Value::Null);
            } else {
                m.remove(&key);
            }
        }
        (Change::Vary(s, _, _), Value::String(old)) => *old = s.clone(),
        (Change::Vary(_, n, f), Value::Number(old)) => {
            *old = if old.is_f64() {
                serde_json::Number::from_f64(*f).expect("finite")
            } else {
                (*n).into()
            }
        }
        (Change::Vary(..), Value::Bool(b)) => *b = !*b,
        (Change::UnknownType(t), Value::Object(m)) if m.contains_key("type") => {
            m.insert("type".into(), json!(t));
        }
        _ => {}
    }
}

/// `value` as text, the members of each object in an order picked by `seed`.
fn shuffled(value: &Value, seed: &mut u64, out: &mut String) {
    match value {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            // Fisher-Yates with a small LCG.
            for i in (1..keys.len()).rev() {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                keys.swap(i, (*seed >> 33) as usize % (i + 1));
            }
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).expect("a key"));
                out.push(':');
                shuffled(&m[k.as_str()], seed, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                shuffled(v, seed, out);
            }
            out.push(']');
        }
        leaf => out.push_str(&leaf.to_string()),
    }
}

// ---------------------------------------------------------------------------
// The properties

/// Where `written` lost a value of `read`, if anywhere: every non-null
/// member of `read` must be in `written` at the same place (writing may add
/// members, and leave out an empty `id`); numbers compare by value.
fn lost(read: &Value, written: &Value, at: &str) -> Option<String> {
    match (read, written) {
        (Value::Null, _) => None,
        (Value::Object(r), Value::Object(w)) => r.iter().find_map(|(k, v)| {
            let here = format!("{at}/{k}");
            match w.get(k) {
                _ if v.is_null() => None,
                None if k == "id" && v.as_str() == Some("") => None,
                // A typed prompt echo without variables (known).
                None if here == "/prompt/variables" && v == &json!({}) => None,
                None => Some(format!("{here} left out")),
                Some(wv) => lost(v, wv, &here),
            }
        }),
        (Value::Array(r), Value::Array(w)) if r.len() == w.len() => r
            .iter()
            .zip(w)
            .enumerate()
            .find_map(|(i, (a, b))| lost(a, b, &format!("{at}/{i}"))),
        (Value::Number(r), Value::Number(w)) if r.as_f64() == w.as_f64() => None,
        (r, w) if r == w => None,
        (r, w) => Some(format!("{at}: {r} written as {w}")),
    }
}

fn check_kept(read: &Value, written: &Value) -> Result<(), TestCaseError> {
    match lost(read, written, "") {
        None => Ok(()),
        Some(what) => Err(TestCaseError::fail(format!(
            "{what}\n read: {read}\n written: {written}"
        ))),
    }
}

/// Decodes `text` (written from `read`) as `kind` and checks the round trip.
/// `Ok(false)` when it does not decode.
fn round_trip(kind: Kind, read: &Value, text: &str) -> Result<bool, TestCaseError> {
    macro_rules! trip {
        ($ty:ty, $from_text:expr, $from_value:expr) => {
            trip!($ty, $from_text, $from_value, true)
        };
        ($ty:ty, $from_text:expr, $from_value:expr, $typed:expr) => {{
            let from_text: Option<$ty> = $from_text(text);
            let Some(decoded) = from_text else {
                return Ok(false);
            };
            let written = serde_json::to_value(&decoded).expect("what decodes encodes");
            let again: $ty = $from_value(written.clone()).expect("what was written decodes");
            let again_text: $ty =
                $from_text(&written.to_string()).expect("what was written decodes from text");
            if $typed {
                prop_assert_eq!(&again, &decoded, "written as {}", written);
                prop_assert_eq!(&again_text, &decoded, "written as {}", written);
            }
            prop_assert_eq!(
                serde_json::to_value(&again).expect("encodes"),
                written.clone()
            );
            (decoded, written)
        }};
    }
    match kind {
        Kind::Response => {
            let (_, written) = trip!(Response, |t: &str| serde_json::from_str(t).ok(), |v| {
                serde_json::from_value::<Response>(v).ok()
            });
            check_kept(read, &written)?;
        }
        Kind::Event => {
            let (decoded, written) =
                trip!(StreamEvent, |t: &str| StreamEvent::from_json(t).ok(), |v| {
                    serde_json::from_value::<StreamEvent>(v).ok()
                });
            // Read from a `Value`, the same event as read from the text.
            let through_value = serde_json::from_value::<StreamEvent>(read.clone());
            prop_assert_eq!(through_value.ok(), Some(decoded));
            check_kept(read, &written)?;
        }
        Kind::OutputItem => {
            let (decoded, written) = trip!(
                OutputItem,
                |t: &str| serde_json::from_str(t).ok(),
                |v| Some(OutputItem::from_value(v))
            );
            prop_assert_eq!(OutputItem::from_value(read.clone()), decoded);
            check_kept(read, &written)?;
        }
        Kind::InputItem => {
            // A message with an empty `id` reads as an output message, which
            // is written without it, and then reads as an input message: the
            // same JSON, of another variant (as `OutputMessage::id` says).
            let typed = read.get("id").and_then(Value::as_str) != Some("");
            let (decoded, written) = trip!(
                InputItem,
                |t: &str| serde_json::from_str(t).ok(),
                |v| Some(InputItem::from_value(v)),
                typed
            );
            prop_assert_eq!(InputItem::from_value(read.clone()), decoded);
            check_kept(read, &written)?;
        }
        Kind::Request => {
            let (decoded, written) = trip!(Request, |t: &str| serde_json::from_str(t).ok(), |v| {
                serde_json::from_value::<Request>(v).ok()
            });
            // A relay's `into_builder().build()` changes nothing.
            let rebuilt = decoded.clone().into_builder().build();
            prop_assert_eq!(
                serde_json::to_value(&rebuilt).expect("encodes"),
                written.clone()
            );
            let mut read = read.clone();
            if let Some(top) = read.as_object_mut() {
                top.remove("stream");
            }
            check_kept(&read, &written)?;
        }
    }
    Ok(true)
}

const KINDS: [Kind; 5] = [
    Kind::Response,
    Kind::Event,
    Kind::OutputItem,
    Kind::InputItem,
    Kind::Request,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn changed_examples_round_trip_without_loss(
        kind in prop::sample::select(&KINDS[..]),
        pick in any::<prop::sample::Index>(),
        changes in prop::collection::vec(change(), 0..5),
        order in any::<u64>(),
    ) {
        let of_kind: Vec<&Value> = seeds_once()
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| v)
            .collect();
        let mut value = pick.get(&of_kind).to_owned().clone();
        for c in &changes {
            apply(&mut value, c);
        }
        let mut text = String::new();
        let mut order = order;
        shuffled(&value, &mut order, &mut text);
        round_trip(kind, &value, &text)?;
    }
}

fn seeds_once() -> &'static [(Kind, Value)] {
    static SEEDS: std::sync::OnceLock<Vec<(Kind, Value)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(seeds)
}

#[test]
fn every_seed_decodes_and_round_trips_unchanged() {
    let seeds = seeds_once();
    assert!(seeds.len() > 500, "only {} seeds", seeds.len());
    for (kind, value) in seeds {
        let mut text = String::new();
        shuffled(value, &mut 7, &mut text);
        let decoded = round_trip(*kind, value, &text).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(decoded, "{kind:?} does not decode: {text}");
    }
}

// ---------------------------------------------------------------------------
// Echoed settings, generated from their members

/// A member's value: mostly of its JSON type, sometimes not.
fn member(typical: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![
        6 => typical,
        1 => Just(Value::Null),
        1 => plain_json(),
    ]
    .boxed()
}

fn word(known: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop_oneof![
        3 => prop::sample::select(known).prop_map(|s| json!(s)),
        1 => "[a-z_]{1,8}".prop_map(Value::String),
    ]
    .boxed()
}

/// An object of some of `members`, and at times one no type models.
fn object(members: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = members
        .into_iter()
        .map(|(k, v)| prop::option::of(member(v).prop_map(move |v| (k.to_string(), v))).boxed())
        .collect();
    (
        parts,
        prop::option::weighted(0.2, ("x_[a-z]{1,4}", plain_json())),
    )
        .prop_map(|(parts, unknown)| {
            let mut map: Map<String, Value> = parts.into_iter().flatten().collect();
            if let Some((k, v)) = unknown {
                map.insert(k, v);
            }
            Value::Object(map)
        })
        .boxed()
}

fn string() -> BoxedStrategy<Value> {
    text().prop_map(Value::String).boxed()
}

fn schema() -> BoxedStrategy<Value> {
    prop_oneof![
        plain_json(),
        Just(json!({"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "number"}}})),
        Just(json!("{\"type\":\"object\"}")),
    ]
    .boxed()
}

fn text_format() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!({"type": "text"})),
        Just(json!({"type": "json_object"})),
        object(vec![
            ("type", Just(json!("json_schema")).boxed()),
            ("name", string()),
            ("schema", schema()),
            ("description", string()),
            ("strict", any::<bool>().prop_map(Value::Bool).boxed()),
        ]),
        object(vec![
            ("type", word(&["text", "json_object", "grammar"])),
            ("x", string())
        ]),
    ]
    .boxed()
}

fn part() -> BoxedStrategy<Value> {
    prop_oneof![
        string(),
        object(vec![
            ("type", Just(json!("input_text")).boxed()),
            ("text", string()),
            (
                "prompt_cache_breakpoint",
                prop_oneof![
                    Just(json!({"mode": "explicit"})),
                    Just(json!({"mode": "other"})),
                ]
                .boxed()
            ),
        ]),
        object(vec![
            ("type", Just(json!("input_image")).boxed()),
            ("image_url", string()),
            ("detail", word(&["auto", "low", "high", "original"])),
        ]),
        object(vec![
            ("type", Just(json!("input_file")).boxed()),
            ("file_id", string()),
            ("file_data", string()),
            ("file_url", string()),
            ("filename", string()),
        ]),
    ]
    .boxed()
}

fn echoes() -> impl Strategy<Value = Value> {
    let tool_choice = prop_oneof![
        word(&["auto", "none", "required"]),
        object(vec![
            (
                "type",
                word(&["function", "allowed_tools", "web_search_preview"])
            ),
            ("name", string())
        ]),
        object(vec![
            ("type", Just(json!("allowed_tools")).boxed()),
            ("mode", word(&["auto", "required"])),
            (
                "tools",
                prop::collection::vec(
                    object(vec![("type", word(&["function"])), ("name", string())]),
                    0..3
                )
                .prop_map(Value::Array)
                .boxed()
            ),
        ]),
    ];
    let text = object(vec![
        ("format", text_format()),
        ("verbosity", word(&["low", "medium", "high"])),
    ]);
    let reasoning = object(vec![
        (
            "effort",
            word(&["minimal", "low", "medium", "high", "xhigh", "none"]),
        ),
        ("summary", word(&["auto", "concise", "detailed"])),
        (
            "max_tokens",
            prop_oneof![
                (0u64..1_000_000).prop_map(|n| json!(n)),
                Just(json!(-1)),
                Just(json!(1.5))
            ]
            .boxed(),
        ),
        ("enabled", any::<bool>().prop_map(Value::Bool).boxed()),
        ("context", word(&["auto", "full"])),
        ("mode", word(&["adaptive", "fixed"])),
    ]);
    let variables = prop::collection::btree_map("[a-z]{1,4}", part(), 0..3)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
        .boxed();
    let prompt = object(vec![("id", string()), ("variables", variables)]);
    let cache = object(vec![
        ("mode", word(&["auto", "explicit", "disabled"])),
        ("ttl", word(&["5m", "1h"])),
    ]);
    (
        prop::option::of(member(tool_choice.boxed())),
        prop::option::of(member(text)),
        prop::option::of(member(reasoning)),
        prop::option::of(member(prompt)),
        prop::option::of(member(cache)),
    )
        .prop_map(|(tool_choice, text, reasoning, prompt, cache)| {
            let mut map = Map::new();
            map.insert("id".into(), json!("resp_1"));
            for (k, v) in [
                ("tool_choice", tool_choice),
                ("text", text),
                ("reasoning", reasoning),
                ("prompt", prompt),
                ("prompt_cache_options", cache),
            ] {
                if let Some(v) = v {
                    map.insert(k.into(), v);
                }
            }
            Value::Object(map)
        })
}

// Writing an echo back may leave out an empty `variables` of a typed prompt
// and give an image variable without a `detail` `"detail": "auto"`: neither
// loses a value, so the check passes them.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_echoes_round_trip_without_loss(value in echoes(), order in any::<u64>()) {
        let mut text = String::new();
        let mut order = order;
        shuffled(&value, &mut order, &mut text);
        prop_assert!(round_trip(Kind::Response, &value, &text)?, "does not decode: {}", text);
        // An echo read typed is the value the request type's own decoder
        // reads, where that holds it whole (a lone request type drops the
        // members it does not model).
        let response: Response = serde_json::from_str(&text).expect("decodes");
        let sent = |key: &str| value.get(key).cloned().unwrap_or(Value::Null);
        macro_rules! agree {
            ($field:ident, $ty:ty) => {
                if let Some(typed) = &response.$field {
                    let sent = sent(stringify!($field));
                    let derived = serde_json::from_value::<$ty>(sent.clone()).ok();
                    let whole = derived.as_ref().is_some_and(|d| {
                        lost(&sent, &serde_json::to_value(d).expect("encodes"), "").is_none()
                    });
                    if whole {
                        prop_assert_eq!(derived, Some(typed.clone()), "{}", text);
                    }
                }
            };
        }
        // (A format the echo keeps whole in `Unknown`, with a `null` member
        // say, the request type may read typed: lossless either way.)
        let unknown_format = matches!(
            response.text.as_ref().and_then(TextConfig::get_format),
            Some(TextFormat::Unknown(_))
        );
        if !unknown_format {
            agree!(text, TextConfig);
        }
        agree!(reasoning, Reasoning);
        // The prompt's variables that both read typed. (Each reading keeps
        // some that the other reads typed whole in `Unknown`: the echo an
        // image without a URL or a cache breakpoint of a mode not listed, the
        // request type a part with a `null` member; lossless either way. An
        // empty `variables` the echo leaves out: known.)
        if let Some(typed) = &response.prompt {
            let derived = serde_json::from_value::<Prompt>(sent("prompt")).expect("decodes");
            prop_assert_eq!(derived.id(), typed.id());
            for (name, var) in typed.variables().into_iter().flatten() {
                let read = derived.variables().and_then(|v| v.get(name));
                let unknown = |v: &PromptVariable| {
                    matches!(v, PromptVariable::Content(InputContent::Unknown(_)))
                };
                if !unknown(var) && !read.is_some_and(unknown) {
                    prop_assert_eq!(read, Some(var), "{}", text);
                }
            }
        }
        agree!(prompt_cache_options, PromptCacheOptions);
        agree!(tool_choice, ToolChoice);
        // The same settings in a request, as a relay reads them.
        let mut request = value.clone();
        let top = request.as_object_mut().expect("an object");
        top.remove("id");
        top.insert("model".into(), json!("m"));
        let mut text = String::new();
        shuffled(&request, &mut order, &mut text);
        round_trip(Kind::Request, &request, &text)?;
    }
}

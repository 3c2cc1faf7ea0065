//! The request settings a response echoes (`text`, `reasoning`,
//! `tool_choice`, `prompt`, `prompt_cache_options`), typed: decoded from
//! spec-shaped JSON, kept whole when they hold what the request types do not
//! model, `null` as absent, written back without loss, and typed the same
//! way in a non-streaming answer, in the lifecycle events of a stream and in
//! its final response, long or short.

mod common;

use std::time::Duration;

use common::{sse_data, Reply, Server};
use openrouter_responses::request::{
    AllowedTool, AllowedToolsMode, CacheMode, ImageDetail, InputContent, Prompt,
    PromptCacheOptions, PromptVariable, Reasoning, ReasoningContext, ReasoningEffort,
    ReasoningMode, ReasoningSummaryVerbosity, TextConfig, TextFormat, ToolChoice, Verbosity,
};
use openrouter_responses::{Client, Request, Response, StreamEvent};
use serde_json::{json, Value};

/// The members a response echoes from its request, typed.
const ECHOED: [&str; 5] = [
    "text",
    "reasoning",
    "tool_choice",
    "prompt",
    "prompt_cache_options",
];

/// A completed response carrying `echoes` (and a message saying `text`).
fn response_with(echoes: &Value, text: &str) -> Value {
    let mut r = json!({
        "id": "resp_echo", "object": "response", "created_at": 1_770_000_000,
        "completed_at": 1_770_000_004, "model": "openai/gpt-5", "status": "completed",
        "output": [{"type": "message", "id": "msg_e", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}],
        "error": null, "incomplete_details": null, "instructions": null, "metadata": null,
        "temperature": null, "top_p": null, "presence_penalty": null, "frequency_penalty": null,
        "tools": [], "tool_choice": "auto", "parallel_tool_calls": false
    });
    for (k, v) in echoes.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

/// Echoes in the shapes the spec gives them (`TextExtendedConfig`,
/// `BaseReasoningConfig`, `OpenAIResponsesToolChoice`,
/// `StoredPromptTemplate`, `PromptCacheOptions`).
fn spec_echoes() -> Value {
    spec_echoes_described("A city")
}

/// [`spec_echoes`] with the schema's `description` given.
fn spec_echoes_described(description: &str) -> Value {
    json!({
        "text": {
            "format": {"type": "json_schema", "name": "city", "description": description,
                       "schema": {"type": "object", "properties": {"name": {"type": "string"}}},
                       "strict": true},
            "verbosity": "xhigh"
        },
        "reasoning": {"effort": "high", "summary": "detailed", "context": "current_turn",
                      "mode": "pro"},
        "tool_choice": {"type": "allowed_tools", "mode": "required",
                        "tools": [{"type": "function", "name": "lookup"}]},
        "prompt": {"id": "pmpt_7", "variables": {
            "who": "Ada",
            "photo": {"type": "input_image", "image_url": "https://example.com/ada.png",
                      "detail": "low"}
        }},
        "prompt_cache_options": {"mode": "explicit", "ttl": "30m"}
    })
}

fn assert_spec_echoes_typed(r: &Response) {
    assert_spec_echoes_described(r, "A city")
}

fn assert_spec_echoes_described(r: &Response, description: &str) {
    let text = r.text.as_ref().expect("text typed");
    let Some(TextFormat::JsonSchema(schema)) = text.get_format() else {
        panic!("{text:?}")
    };
    assert_eq!(schema.name(), "city");
    assert_eq!(schema.get_description(), Some(description));
    assert_eq!(schema.get_strict(), Some(true));
    assert_eq!(schema.schema()["properties"]["name"]["type"], "string");
    assert_eq!(text.get_verbosity(), Some(&Verbosity::Xhigh));

    let reasoning = r.reasoning.as_ref().expect("reasoning typed");
    assert_eq!(reasoning.get_effort(), Some(&ReasoningEffort::High));
    assert_eq!(
        reasoning.get_summary(),
        Some(&ReasoningSummaryVerbosity::Detailed)
    );
    assert_eq!(
        reasoning.get_context(),
        Some(&ReasoningContext::CurrentTurn)
    );
    assert_eq!(reasoning.get_mode(), Some(&ReasoningMode::Pro));

    let choice = r.tool_choice.as_ref().expect("tool_choice typed");
    assert!(matches!(
        choice,
        ToolChoice::AllowedTools {
            mode: AllowedToolsMode::Required,
            ..
        }
    ));
    assert_eq!(
        choice.allowed_tool_entries(),
        Some(vec![AllowedTool::function("lookup")])
    );

    let prompt = r.prompt.as_ref().expect("prompt typed");
    assert_eq!(prompt.id(), "pmpt_7");
    let variables = prompt.variables().expect("variables");
    assert_eq!(variables["who"], PromptVariable::Text("Ada".into()));
    match &variables["photo"] {
        PromptVariable::Content(InputContent::Image(image)) => {
            assert_eq!(image.image_url(), Some("https://example.com/ada.png"));
            assert_eq!(image.get_detail(), &ImageDetail::Low);
        }
        other => panic!("{other:?}"),
    }

    let cache = r
        .prompt_cache_options
        .as_ref()
        .expect("cache options typed");
    assert_eq!(cache.mode(), &CacheMode::Explicit);
    assert_eq!(cache.get_ttl(), Some("30m"));

    for key in ECHOED {
        assert!(!r.extra.contains_key(key), "{key} left in extra");
    }
}

/// Decodes `raw` from text (as an answer is read) and from a `Value`; the
/// two must agree. Then writes it back and reads that again: the same
/// response, and every member read is in what was written.
fn decode(raw: &Value) -> Response {
    let from_text: Response = serde_json::from_str(&raw.to_string()).expect("decodes");
    let from_value: Response = serde_json::from_value(raw.clone()).expect("decodes");
    assert_eq!(from_text, from_value);
    let written = serde_json::to_value(&from_text).unwrap();
    let again: Response = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(again, from_text, "round trip changed {raw}");
    for key in ECHOED {
        match raw.get(key) {
            None | Some(Value::Null) => assert!(written.get(key).is_none(), "{key}"),
            Some(v) => assert_eq!(
                written.get(key).map(without_nulls),
                Some(without_nulls(v)),
                "{key} written otherwise"
            ),
        }
    }
    // No member written twice (once typed, once from `extra`).
    let text = serde_json::to_string(&from_text).unwrap();
    assert_eq!(
        text.len(),
        written.to_string().len(),
        "duplicates in {text}"
    );
    from_text
}

/// `v` without its `null` members, at any depth.
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[test]
fn spec_shaped_echoes_are_typed() {
    let r = decode(&response_with(&spec_echoes(), "Paris"));
    assert_spec_echoes_typed(&r);
    assert!(r.extra.is_empty(), "{:?}", r.extra);
}

#[test]
fn plain_forms_are_typed() {
    let r = decode(&response_with(
        &json!({"text": {"format": {"type": "text"}, "verbosity": "medium"},
                "reasoning": {"effort": "minimal"},
                "tool_choice": "required",
                "prompt": {"id": "pmpt_1"},
                "prompt_cache_options": {"mode": "explicit"}}),
        "ok",
    ));
    let text = r.text.as_ref().unwrap();
    assert_eq!(text.get_format(), Some(&TextFormat::Text));
    assert_eq!(text.get_verbosity(), Some(&Verbosity::Medium));
    assert_eq!(
        r.reasoning.as_ref().unwrap().get_effort(),
        Some(&ReasoningEffort::Minimal)
    );
    assert_eq!(r.tool_choice, Some(ToolChoice::Required));
    assert_eq!(r.prompt.as_ref().unwrap().variables(), None);
    assert_eq!(r.prompt_cache_options.as_ref().unwrap().get_ttl(), None);
    let r = decode(&response_with(
        &json!({"tool_choice": {"type": "function", "name": "f"}}),
        "",
    ));
    assert_eq!(r.tool_choice, Some(ToolChoice::function("f")));
}

#[test]
fn values_and_kinds_not_listed_are_kept_in_their_types() {
    let r = decode(&response_with(
        &json!({"text": {"format": {"type": "grammar", "syntax": "lark"}, "verbosity": "terse"},
                "reasoning": {"effort": "galaxy", "summary": "poem"},
                "tool_choice": {"type": "openrouter:web_search", "extra": 1},
                "prompt_cache_options": {"mode": "implicit", "ttl": null}}),
        "",
    ));
    let text = r.text.as_ref().unwrap();
    assert_eq!(
        text.get_format(),
        Some(&TextFormat::Unknown(
            json!({"type": "grammar", "syntax": "lark"})
        ))
    );
    assert_eq!(
        text.get_verbosity(),
        Some(&Verbosity::Other("terse".into()))
    );
    let reasoning = r.reasoning.as_ref().unwrap();
    assert_eq!(
        reasoning.get_effort(),
        Some(&ReasoningEffort::Other("galaxy".into()))
    );
    assert_eq!(
        r.tool_choice,
        Some(ToolChoice::Unknown(
            json!({"type": "openrouter:web_search", "extra": 1})
        ))
    );
    assert_eq!(
        r.prompt_cache_options.as_ref().unwrap().mode(),
        &CacheMode::Other("implicit".into())
    );
    assert!(r.extra.is_empty(), "{:?}", r.extra);
}

#[test]
fn echoes_the_types_do_not_hold_whole_are_kept_as_sent() {
    // A member not modelled, a value of another JSON type, a required member
    // missing, a setting that is not an object: each stays raw in `extra`,
    // and the response still decodes.
    let odd = json!({
        "text": {"format": {"type": "text"}, "verbosity": "low", "max_chars": 400},
        "reasoning": {"effort": 3},
        "tool_choice": 12,
        "prompt": {"variables": {"who": "Ada"}},
        "prompt_cache_options": "explicit"
    });
    let r = decode(&response_with(&odd, "still here"));
    assert_eq!(r.output_text(), "still here");
    assert_eq!(r.text, None);
    assert_eq!(r.reasoning, None);
    assert_eq!(r.prompt, None);
    assert_eq!(r.prompt_cache_options, None);
    // Any JSON value is a tool choice: a number is kept in it.
    assert_eq!(r.tool_choice, Some(ToolChoice::Unknown(json!(12))));
    for key in ["text", "reasoning", "prompt", "prompt_cache_options"] {
        assert_eq!(r.extra.get(key), Some(&odd[key]), "{key}");
    }
    // A list where an object is expected.
    let r = decode(&response_with(&json!({"reasoning": []}), ""));
    assert_eq!(r.reasoning, None);
    assert_eq!(r.extra.get("reasoning"), Some(&json!([])));
    // A format with a member not modelled, or a value of another type, is
    // kept whole in the format's catch-all; the text setting stays typed.
    for format in [
        json!({"type": "json_schema", "name": "n", "schema": {}, "version": 2}),
        json!({"type": "json_schema", "name": "n", "schema": {}, "strict": "yes"}),
        json!({"type": "json_schema", "schema": {}}),
        json!({"type": "text", "lang": "en"}),
        json!("text"),
    ] {
        let r = decode(&response_with(&json!({"text": {"format": format}}), ""));
        assert_eq!(
            r.text.as_ref().and_then(TextConfig::get_format),
            Some(&TextFormat::Unknown(format))
        );
        assert!(r.extra.is_empty());
    }
}

/// The member names of a JSON object, as many times as each is written.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// A caller who sets a typed echo by hand, while `extra` still holds the raw
/// one the response came with, gets the typed one written, and once.
#[test]
fn a_typed_echo_set_by_hand_is_written_once_in_place_of_the_raw_one() {
    let odd = json!({
        "text": {"format": {"type": "text"}, "max_chars": 400},
        "reasoning": {"effort": 3},
        "prompt": {"variables": {"who": "Ada"}},
        "prompt_cache_options": "explicit"
    });
    let mut r = decode(&response_with(&odd, "hi"));
    r.extra.insert("tool_choice".into(), json!("auto"));
    r.extra.insert("x-other".into(), json!(1));
    r.text = Some(TextConfig::new().verbosity(Verbosity::Low));
    r.reasoning = Some(Reasoning::new().effort(ReasoningEffort::High));
    r.prompt = Some(Prompt::new("pmpt_1"));
    r.prompt_cache_options = Some(PromptCacheOptions::explicit());
    r.tool_choice = Some(ToolChoice::Required);
    let text = serde_json::to_string(&r).unwrap();
    let Keys(keys) = serde_json::from_str(&text).unwrap();
    for key in ECHOED {
        let times = keys.iter().filter(|k| *k == key).count();
        assert_eq!(times, 1, "{key} in {text}");
    }
    let written: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written["text"], json!({"verbosity": "low"}));
    assert_eq!(written["reasoning"], json!({"effort": "high"}));
    assert_eq!(written["prompt"], json!({"id": "pmpt_1"}));
    assert_eq!(written["prompt_cache_options"], json!({"mode": "explicit"}));
    assert_eq!(written["tool_choice"], json!("required"));
    assert_eq!(written["x-other"], json!(1));
    // The response itself is left as it was.
    assert_eq!(r.extra.len(), 6);
    // Read back, it is the response as set.
    let mut expected = r.clone();
    for key in ECHOED {
        expected.extra.remove(key);
    }
    assert_eq!(decode(&written), expected);
}

/// An echoed schema is the value the server sent: a string (the text of
/// an object) is not read as the object, as the request types' decoder
/// keeps it too.
#[test]
fn an_echoed_schema_given_as_text_stays_text() {
    let schema = json!(r#"{"type": "object"}"#);
    let format = json!({"type": "json_schema", "name": "n", "schema": schema});
    let r = decode(&response_with(&json!({"text": {"format": format}}), ""));
    let Some(TextFormat::JsonSchema(f)) = r.text.as_ref().and_then(TextConfig::get_format) else {
        panic!("{:?}", r.text);
    };
    assert_eq!(f.schema(), &schema);
}

#[test]
fn tools_and_instructions_stay_raw_json_next_to_typed_echoes() {
    let echoes = json!({
        "instructions": [{"type": "message", "role": "developer", "content": "Be brief."}],
        "tools": [{"type": "function", "name": "f", "parameters": null, "strict": null},
                  {"type": "openrouter:teleport", "to": "moon"}]
    });
    let mut echoes = echoes;
    echoes["reasoning"] = json!({"effort": "low"});
    let r = decode(&response_with(&echoes, ""));
    assert_eq!(
        r.reasoning.as_ref().and_then(Reasoning::get_effort),
        Some(&ReasoningEffort::Low)
    );
    assert_eq!(r.instructions.as_ref(), Some(&echoes["instructions"]));
    assert_eq!(
        r.tools.as_deref(),
        echoes["tools"].as_array().map(Vec::as_slice)
    );
}

#[test]
fn null_echoes_are_absent() {
    let nulls = json!({"text": null, "reasoning": null, "tool_choice": null, "prompt": null,
                       "prompt_cache_options": null, "instructions": null, "tools": null});
    let r = decode(&response_with(&nulls, ""));
    assert_eq!(r.text, None);
    assert_eq!(r.reasoning, None);
    assert_eq!(r.tool_choice, None);
    assert_eq!(r.prompt, None);
    assert_eq!(r.prompt_cache_options, None);
    assert_eq!((r.tools.as_ref(), r.instructions.as_ref()), (None, None));
    assert!(r.extra.is_empty(), "{:?}", r.extra);
    // `null` members inside a setting are absent too, and left out when written.
    let r = decode(&response_with(
        &json!({"reasoning": {"effort": "low", "summary": null},
                "text": {"format": null, "verbosity": null},
                "prompt_cache_options": {"mode": "explicit", "ttl": null}}),
        "",
    ));
    assert_eq!(
        serde_json::to_value(&r.reasoning).unwrap(),
        json!({"effort": "low"})
    );
    assert_eq!(serde_json::to_value(&r.text).unwrap(), json!({}));
    assert_eq!(
        serde_json::to_value(&r.prompt_cache_options).unwrap(),
        json!({"mode": "explicit"})
    );
    // `instructions` is still written, as `null`.
    assert_eq!(
        serde_json::to_value(&r).unwrap()["instructions"],
        Value::Null
    );
}

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key("sk-or-v1-test")
        .base_url(server.base_url())
        .max_retries(0)
        .read_timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn request() -> Request {
    Request::builder().model("openai/gpt-5").input("Hi").build()
}

/// A text long enough that the response is read by the direct decoder
/// (from 32 KiB on), and that a stream's reader takes it out of its event
/// (from 64 KiB on).
fn long_text() -> String {
    "A long answer. ".repeat(5000)
}

#[test]
fn send_types_the_echoes_of_short_and_long_answers() {
    for text in ["Paris".to_owned(), long_text()] {
        let body = response_with(&spec_echoes(), &text).to_string();
        let server = Server::start(vec![Reply::json(200, &body)]);
        let r = client(&server).send(&request()).unwrap();
        assert_eq!(r.output_text(), text);
        assert_spec_echoes_typed(&r);
    }
}

#[test]
fn streams_type_the_echoes_of_their_events_and_final_response() {
    // The last case has a long string in an echo, which the direct decoder
    // does not read: the event is written back whole and decoded by serde.
    let cases = [
        ("Paris".to_owned(), "A city".to_owned()),
        (long_text(), "A city".to_owned()),
        (long_text(), long_text()),
    ];
    for (text, description) in cases {
        let created = json!({"id": "resp_echo", "object": "response", "status": "in_progress",
                             "output": [], "reasoning": spec_echoes()["reasoning"]});
        let completed = response_with(&spec_echoes_described(&description), &text);
        let server = Server::start(vec![Reply::sse(vec![
            sse_data(json!({"type": "response.created", "sequence_number": 0,
                            "response": created})),
            sse_data(json!({"type": "response.completed", "sequence_number": 1,
                            "response": completed})),
            "data: [DONE]\n\n".into(),
        ])]);
        let mut stream = client(&server).stream(&request()).unwrap();
        match stream.next() {
            Some(Ok(StreamEvent::Created(e))) => {
                assert_eq!(
                    e.response.reasoning.as_ref().and_then(|r| r.get_mode()),
                    Some(&ReasoningMode::Pro)
                );
                assert!(e.response.extra.is_empty());
            }
            other => panic!("{other:?}"),
        }
        match stream.next() {
            Some(Ok(StreamEvent::Completed(e))) => {
                assert_spec_echoes_described(&e.response, &description)
            }
            other => panic!("{other:?}"),
        }
        assert_spec_echoes_described(stream.snapshot().unwrap(), &description);
        let r = stream.final_response().unwrap();
        assert_eq!(r.output_text(), text);
        assert_spec_echoes_described(&r, &description);
    }
}

/// What the request types' own decoders read from the same JSON: the typed
/// echoes must be the same values.
#[test]
fn typed_echoes_equal_what_the_request_types_decode() {
    let cases = [
        spec_echoes(),
        json!({"text": {"format": {"type": "json_object"}}, "reasoning": {"max_tokens": 2000,
               "enabled": true, "summary": "auto"}, "tool_choice": {"type": "shell"},
               "prompt_cache_options": {"mode": "explicit", "ttl": "1h"},
               "prompt": {"id": "p", "variables": {
                   "a": {"type": "input_text", "text": "t"},
                   "b": {"type": "input_file", "file_url": "https://example.com/f.pdf"},
                   "c": {"type": "input_image", "image_url": "u", "detail": "original"}}}}),
        json!({"text": {"verbosity": "max", "format": {"type": "json_schema", "name": "n",
               "schema": null}}, "reasoning": {}, "tool_choice": "auto"}),
        json!({"text": {"format": {"type": "future"}}, "reasoning": {"effort": "none",
               "context": "all_turns", "mode": "standard"}, "tool_choice": "sometimes",
               "prompt_cache_options": {"mode": "hybrid"}}),
        // Parts and formats the request types do not hold whole.
        json!({"tool_choice": "auto",
               "text": {"format": {"type": "json_schema", "name": "n", "schema": {}, "x": 1}},
               "prompt": {"id": "p", "variables": {
                   "a": {"type": "input_text", "text": "t", "x": 1}}}}),
    ];
    for echoes in cases {
        let r = decode(&response_with(&echoes, ""));
        assert!(r.extra.is_empty(), "{echoes}: {:?}", r.extra);
        let field = |key: &str| echoes.get(key).cloned().unwrap_or(Value::Null);
        assert_eq!(
            r.text,
            serde_json::from_value::<Option<TextConfig>>(field("text")).unwrap()
        );
        assert_eq!(
            r.reasoning,
            serde_json::from_value::<Option<Reasoning>>(field("reasoning")).unwrap()
        );
        assert_eq!(
            r.tool_choice,
            serde_json::from_value::<Option<ToolChoice>>(field("tool_choice")).unwrap()
        );
        assert_eq!(
            r.prompt_cache_options,
            serde_json::from_value::<Option<PromptCacheOptions>>(field("prompt_cache_options"))
                .unwrap()
        );
        assert_eq!(
            r.prompt,
            serde_json::from_value::<Option<Prompt>>(field("prompt")).unwrap()
        );
    }
}

#[test]
fn prompt_variables_are_typed_or_kept_whole() {
    let part = |v: Value| -> PromptVariable {
        let r = decode(&response_with(
            &json!({"prompt": {"id": "p", "variables": {"v": v}}}),
            "",
        ));
        assert!(r.extra.is_empty(), "{:?}", r.extra);
        r.prompt.unwrap().variables().unwrap()["v"].clone()
    };
    let text = part(json!({"type": "input_text", "text": "hi",
                           "prompt_cache_breakpoint": {"mode": "explicit"}}));
    let PromptVariable::Content(InputContent::Text(text)) = text else {
        panic!("{text:?}")
    };
    assert_eq!(text.text(), "hi");
    assert!(text.get_prompt_cache_breakpoint().is_some());
    let file = part(json!({"type": "input_file", "file_id": "f1", "filename": "a.pdf"}));
    let PromptVariable::Content(InputContent::File(file)) = file else {
        panic!("{file:?}")
    };
    assert_eq!(
        (file.get_file_id(), file.get_filename()),
        (Some("f1"), Some("a.pdf"))
    );
    let image = part(json!({"type": "input_image", "file_id": "img1", "detail": "low"}));
    let PromptVariable::Content(InputContent::Image(image)) = image else {
        panic!("{image:?}")
    };
    assert_eq!((image.file_id(), image.image_url()), (Some("img1"), None));
    // Kinds not modelled, members not modelled, values of another type.
    for odd in [
        json!({"type": "input_hologram", "hologram_url": "https://example.com/h.holo"}),
        json!({"type": "input_text", "text": "hi", "lang": "en"}),
        json!({"type": "input_image", "image_url": 7}),
        json!({"type": "input_image", "file_id": 7}),
        json!({"type": "input_file", "file_id": ["f1"]}),
        json!({"text": "no type"}),
        json!(12),
    ] {
        assert_eq!(
            part(odd.clone()),
            PromptVariable::Content(InputContent::Unknown(odd))
        );
    }
}

/// An echoed `prompt` with `"variables": {}` is written back with it, as a
/// decoded request writes it.
#[test]
fn an_empty_variables_object_is_kept() {
    let echoes = json!({"prompt": {"id": "p", "variables": {}}});
    let r = decode(&response_with(&echoes, ""));
    assert!(r.extra.is_empty(), "{:?}", r.extra);
    let prompt = r.prompt.expect("prompt typed");
    assert_eq!(prompt.variables().map(|v| v.len()), Some(0));
    let lone: Prompt = serde_json::from_value(echoes["prompt"].clone()).unwrap();
    assert_eq!(prompt, lone);
    // Without `variables`, none is written.
    let r = decode(&response_with(&json!({"prompt": {"id": "p"}}), ""));
    assert_eq!(r.prompt.expect("prompt typed").variables(), None);
}

/// Edge shapes the echo reader and the request decoder read alike: an
/// image variable without `image_url` (absent or `null`) is typed; a `null`
/// `detail` is kept whole (a typed image would write `"auto"` in its
/// place); a `null` inside a cache breakpoint or a text format is left out
/// as elsewhere; a breakpoint of another mode, an audio and a video part are
/// typed. Each through a response's echo, a lone `Prompt` or `TextConfig`
/// and a decoded request. (A typed image without `detail` is written back
/// with `"detail": "auto"`, as a built one is.)
#[test]
fn edge_shapes_read_alike_as_echo_and_as_request() {
    let echo = |echoes: &Value| -> Response {
        let r: Response = serde_json::from_value(response_with(echoes, "")).unwrap();
        assert!(r.extra.is_empty(), "{:?}", r.extra);
        r
    };
    let variables = [
        (json!({"type": "input_image"}), true),
        (
            json!({"type": "input_image", "image_url": null, "detail": "low"}),
            true,
        ),
        (
            json!({"type": "input_image", "image_url": "u", "x": null}),
            true,
        ),
        (
            json!({"type": "input_image", "image_url": "u", "detail": null}),
            false,
        ),
        (
            json!({"type": "input_text", "text": "a",
                "prompt_cache_breakpoint": {"mode": "explicit", "x": null}}),
            true,
        ),
        (
            json!({"type": "input_text", "text": "a",
                "prompt_cache_breakpoint": {"mode": "implicit"}}),
            true,
        ),
        (
            json!({"type": "input_text", "text": "a",
                "prompt_cache_breakpoint": {"mode": "explicit", "x": 1}}),
            false,
        ),
        (
            json!({"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}),
            true,
        ),
        (
            json!({"type": "input_audio", "input_audio": {"data": "UklGRg=="}}),
            false,
        ),
        (
            json!({"type": "input_video", "video_url": "https://example.com/v.mp4"}),
            true,
        ),
        (
            json!({"type": "input_video", "video_url": "v", "x": 1}),
            false,
        ),
        (
            json!({"type": "input_video", "video_url": "v", "processing": "static"}),
            true,
        ),
        (
            json!({"type": "input_video", "video_url": "v", "processing": 2}),
            false,
        ),
    ];
    for (variable, typed) in variables {
        let echoes = json!({"prompt": {"id": "p", "variables": {"v": variable}}});
        let echoed = echo(&echoes).prompt.expect("prompt typed");
        let lone: Prompt = serde_json::from_value(echoes["prompt"].clone()).unwrap();
        let request: Request = serde_json::from_value(echoes.clone()).unwrap();
        assert_eq!(echoed, lone, "{variable}");
        assert_eq!(request.prompt(), Some(&lone), "{variable}");
        let PromptVariable::Content(part) = &lone.variables().unwrap()["v"] else {
            panic!("{lone:?}")
        };
        assert_eq!(
            !matches!(part, InputContent::Unknown(_)),
            typed,
            "{variable}: {part:?}"
        );
    }
    for (format, typed) in [
        (json!({"type": "text", "x": null}), true),
        (json!({"type": "json_object", "x": null}), true),
        (json!({"type": "text", "x": 1}), false),
    ] {
        let echoes = json!({"text": {"format": format}});
        let echoed = echo(&echoes).text.expect("text typed");
        let lone: TextConfig = serde_json::from_value(echoes["text"].clone()).unwrap();
        let request: Request = serde_json::from_value(echoes.clone()).unwrap();
        assert_eq!(echoed, lone, "{format}");
        assert_eq!(request.text(), Some(&lone), "{format}");
        let known = !matches!(lone.get_format(), Some(TextFormat::Unknown(_)));
        assert_eq!(known, typed, "{format}");
    }
}

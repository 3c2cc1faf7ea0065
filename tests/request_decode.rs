//! Decoding request bodies: round trips, structural input items, and
//! unknown shapes kept as raw JSON.

use std::path::Path;

use openrouter_responses::request::{
    AdditionalTools, AdditionalToolsRole, CodeInterpreterContainer, CodeInterpreterTool, Content,
    Input, InputContent, InputMessage, MessagePhase, Plugin, ProviderSort, Reasoning, Role,
    ServiceTier, StopCondition, TextFormat, Tool, ToolCallStatus, ToolChoice,
};
use openrouter_responses::{InputItem, OutputItem, Request};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/requests")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn items(request: &Request) -> Vec<InputItem> {
    match serde_json::to_value(request).expect("ser")["input"].clone() {
        Value::Array(values) => values.into_iter().map(InputItem::from_value).collect(),
        other => panic!("input is not an array: {other}"),
    }
}

/// Serialize, decode, serialize again: both values and both JSON texts agree.
fn assert_round_trip(request: &Request) {
    let json = serde_json::to_value(request).expect("ser");
    let back: Request = serde_json::from_value(json.clone()).expect("decodes");
    assert_eq!(&back, request, "value round trip");
    assert_eq!(
        serde_json::to_value(&back).expect("ser"),
        json,
        "JSON round trip"
    );
}

#[test]
fn fixture_decodes_and_round_trips() {
    let raw = fixture("conversation.json");
    let request: Request = serde_json::from_value(raw.clone()).expect("decodes");
    assert_round_trip(&request);

    let json = serde_json::to_value(&request).expect("ser");
    // Groups without normalization serialize back exactly as written.
    for key in [
        "model",
        "instructions",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "text",
        "reasoning",
        "include",
        "provider",
        "plugins",
        "stop_server_tools_when",
        "metadata",
        "session_id",
        "max_output_tokens",
        "temperature",
        "future_parameter",
    ] {
        assert_eq!(json[key], raw[key], "{key}");
    }
    // A message without `type` gains `"type": "message"`; nothing else changes.
    assert_eq!(
        json["input"][0],
        json!({"type": "message", "role": "user", "content": "What is the weather in Paris?"})
    );
    for i in [1, 4, 6, 7, 8, 9, 10, 12] {
        assert_eq!(json["input"][i], raw["input"][i], "input item {i}");
    }
    // Echoed output items keep their identifying fields.
    for i in [2, 3, 5, 11] {
        assert_eq!(
            json["input"][i]["type"], raw["input"][i]["type"],
            "input item {i}"
        );
        assert_eq!(
            json["input"][i]["id"], raw["input"][i]["id"],
            "input item {i}"
        );
    }
}

#[test]
fn input_items_are_classified_structurally() {
    let request: Request = serde_json::from_value(fixture("conversation.json")).expect("decodes");
    let items = items(&request);
    let kinds: Vec<&str> = items
        .iter()
        .map(|item| match item {
            InputItem::Message(_) => "message",
            InputItem::FunctionCallOutput(_) => "function_call_output",
            InputItem::CustomToolCallOutput(_) => "custom_tool_call_output",
            InputItem::ApplyPatchCallOutput(_) => "apply_patch_call_output",
            InputItem::McpApprovalResponse(_) => "mcp_approval_response",
            InputItem::ItemReference(_) => "item_reference",
            InputItem::Output(_) => "output",
            InputItem::Unknown(_) => "raw",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "message",
            "message",
            "output",
            "output",
            "function_call_output",
            "output",
            "message",
            "item_reference",
            "mcp_approval_response",
            "apply_patch_call_output",
            "custom_tool_call_output",
            "output",
            "raw",
        ]
    );
    match &items[0] {
        InputItem::Message(message) => {
            assert_eq!(message.role().as_str(), "user");
            assert_eq!(
                message.content(),
                Some(&Content::Text("What is the weather in Paris?".into()))
            );
        }
        other => panic!("not a message: {other:?}"),
    }
    assert_eq!(
        items[12],
        InputItem::Unknown(json!({"type": "hologram_call", "id": "h_1", "beam": {"power": 3}}))
    );
}

#[test]
fn assistant_message_without_id_is_input_with_id_is_output() {
    let plain = InputItem::from_value(json!({"role": "assistant", "content": "hi"}));
    assert!(matches!(plain, InputItem::Message(_)), "{plain:?}");
    let echoed = InputItem::from_value(json!({
        "type": "message", "id": "msg_9", "role": "assistant",
        "content": [{"type": "output_text", "text": "hi", "annotations": []}]
    }));
    assert!(matches!(echoed, InputItem::Output(_)), "{echoed:?}");
    // A user message with an id stays an input message.
    let user =
        InputItem::from_value(json!({"type": "message", "id": "m", "role": "user", "content": []}));
    assert!(matches!(user, InputItem::Message(_)), "{user:?}");
}

/// An assistant input message with an empty `id` (which an output message
/// does not write, so it does not hold it) reads back as the input message
/// it was, typed, not as raw JSON; in a request too.
#[test]
fn an_assistant_message_with_an_empty_id_reads_as_it_was_sent() {
    let message = InputMessage::new(Role::Assistant, vec![InputContent::text("hi")]).id("");
    let item = InputItem::Message(message);
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json["id"], "");
    assert_eq!(InputItem::from_value(json.clone()), item);
    let request = Request::builder().input_items([item.clone()]).build();
    assert_round_trip(&request);
    assert_eq!(items(&request), [item]);
    // With an id an output message holds, it is an output item, as before.
    let echoed = json!({"type": "message", "id": "msg_1", "role": "assistant",
                        "content": [{"type": "output_text", "text": "hi", "annotations": []}]});
    assert!(matches!(
        InputItem::from_value(echoed),
        InputItem::Output(_)
    ));
}

/// An assistant input message with an id and input parts (which no output
/// message holds) reads back as the input message it was, typed; in a
/// request too.
#[test]
fn an_assistant_message_with_an_id_and_input_parts_reads_as_it_was_sent() {
    let parts = vec![
        InputContent::text("hi"),
        InputContent::image_url("https://a.example/x.png"),
    ];
    for content in [parts.clone(), parts[1..].to_vec()] {
        let message = InputMessage::new(Role::Assistant, content).id("msg_1");
        let item = InputItem::Message(message);
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["id"], "msg_1");
        assert_eq!(InputItem::from_value(json.clone()), item, "{json}");
        let request = Request::builder().input_items([item.clone()]).build();
        assert_round_trip(&request);
        assert_eq!(items(&request), [item]);
    }
    // Output parts, or none, with an id: an echoed output message still.
    for content in [
        json!([{"type": "output_text", "text": "hi", "annotations": []}]),
        json!([]),
    ] {
        let echoed = json!({"type": "message", "id": "msg_1", "role": "assistant",
                            "status": "completed", "content": content});
        let item = InputItem::from_value(echoed.clone());
        assert!(matches!(item, InputItem::Output(_)), "{echoed}");
    }
}

#[test]
fn output_items_echo_back_unchanged_and_round_trip() {
    let raw = json!({
        "type": "function_call", "id": "fc_7", "call_id": "call_7", "name": "lookup",
        "arguments": "{}", "status": "completed"
    });
    let output: OutputItem = serde_json::from_value(raw.clone()).expect("output item decodes");
    let item = InputItem::from(output.clone());
    let sent = serde_json::to_value(&item).expect("ser");
    assert_eq!(sent, serde_json::to_value(&output).expect("ser"));
    assert_eq!(sent["call_id"], "call_7");
    assert_eq!(InputItem::from_value(sent), item);

    let hand_made = InputItem::function_call("call_8", "lookup", "{\"q\":1}");
    let back: InputItem =
        serde_json::from_value(serde_json::to_value(&hand_made).expect("ser")).expect("de");
    assert_eq!(back, hand_made);
}

#[test]
fn malformed_known_items_and_non_objects_are_kept_raw() {
    for value in [
        json!({"type": "function_call_output", "call_id": 5}),
        json!({"type": "message"}),
        json!({"type": 3}),
        json!("just a string"),
        json!(42),
    ] {
        assert_eq!(
            InputItem::from_value(value.clone()),
            InputItem::Unknown(value)
        );
    }
}

#[test]
fn unknown_content_parts_tools_plugins_and_conditions_are_kept() {
    let request: Request = serde_json::from_value(fixture("conversation.json")).expect("decodes");
    let json = serde_json::to_value(&request).expect("ser");

    let tools: Vec<Tool> = serde_json::from_value(json["tools"].clone()).expect("tools");
    assert!(matches!(tools[0], Tool::Function(_)));
    assert!(matches!(tools[1], Tool::OpenRouterWebSearch(_)));
    match &tools[2] {
        Tool::OpenRouter(tool) => {
            assert_eq!(tool.tool_type(), "openrouter:experimental__search_models")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        tools[4],
        Tool::Unknown(json!({"type": "teleport", "destination": "mars"}))
    );
    assert!(matches!(tools[3], Tool::Namespace(_)));

    let plugins: Vec<Plugin> = serde_json::from_value(json["plugins"].clone()).expect("plugins");
    assert!(matches!(plugins[0], Plugin::FileParser(_)));
    assert_eq!(
        plugins[4],
        Plugin::Unknown(json!({"id": "crystal-ball", "depth": 9}))
    );

    let conditions: Vec<StopCondition> =
        serde_json::from_value(json["stop_server_tools_when"].clone()).expect("conditions");
    assert_eq!(conditions[0], StopCondition::step_count_is(4));
    assert_eq!(
        conditions[1],
        StopCondition::Unknown(json!({"type": "moon_phase_is", "phase": "full"}))
    );

    let part: InputContent =
        serde_json::from_value(json!({"type": "input_hologram", "id": 1})).expect("part");
    assert_eq!(
        part,
        InputContent::Unknown(json!({"type": "input_hologram", "id": 1}))
    );
    assert_eq!(
        serde_json::to_value(&part).expect("ser"),
        json!({"type": "input_hologram", "id": 1})
    );

    let format: TextFormat =
        serde_json::from_value(json!({"type": "yaml", "indent": 2})).expect("format");
    assert_eq!(
        format,
        TextFormat::Unknown(json!({"type": "yaml", "indent": 2}))
    );

    let choice: ToolChoice =
        serde_json::from_value(json!({"type": "mcp", "server_label": "x"})).expect("choice");
    assert_eq!(
        choice,
        ToolChoice::Unknown(json!({"type": "mcp", "server_label": "x"}))
    );
}

#[test]
fn non_openrouter_types_are_not_generic_server_tools() {
    let tool: Tool =
        serde_json::from_value(json!({"type": "vendor:thing", "parameters": {}})).expect("decodes");
    assert_eq!(
        tool,
        Tool::Unknown(json!({"type": "vendor:thing", "parameters": {}}))
    );
}

#[test]
fn open_enums_keep_unknown_strings_through_a_round_trip() {
    let raw = json!({
        "service_tier": "hyper",
        "reasoning": {"effort": "galaxy-brain", "summary": "auto"},
        "input": [{"role": "narrator", "content": "Once upon a time"}],
        "provider": {"sort": "vibes", "data_collection": "maybe"}
    });
    let request: Request = serde_json::from_value(raw.clone()).expect("decodes");
    assert_eq!(
        request,
        Request::builder()
            .service_tier(ServiceTier::Other("hyper".into()))
            .reasoning(Reasoning::new().effort("galaxy-brain").summary("auto"))
            .input_item(openrouter_responses::request::InputMessage::new(
                "narrator",
                "Once upon a time"
            ))
            .provider(
                openrouter_responses::request::Provider::new()
                    .sort(ProviderSort::By("vibes".into()))
                    .data_collection("maybe")
            )
            .build()
    );
    let json = serde_json::to_value(&request).expect("ser");
    assert_eq!(json["service_tier"], "hyper");
    assert_eq!(json["reasoning"]["effort"], "galaxy-brain");
    assert_eq!(json["input"][0]["role"], "narrator");
    assert_eq!(json["provider"]["sort"], "vibes");
    assert_round_trip(&request);
}

#[test]
fn max_price_numbers_and_strings_and_sort_forms_round_trip() {
    let raw = json!({"provider": {
        "max_price": {"prompt": 1, "completion": "2.5", "image": 0.04},
        "sort": {"by": "throughput"}
    }});
    let request: Request = serde_json::from_value(raw.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&request).expect("ser"), raw);
    assert_round_trip(&request);
}

#[test]
fn builder_requests_round_trip() {
    let request = Request::builder()
        .model("m")
        .input_items([
            InputItem::system("s"),
            InputItem::user(vec![
                InputContent::text("t"),
                InputContent::image_url("u"),
                InputContent::audio("mp3", "AA"),
                InputContent::video_url("v"),
                InputContent::file_data("f.pdf", "AA"),
            ]),
            InputItem::function_call_output("c", vec![InputContent::text("r")]),
        ])
        .tool(Tool::function("f", "d", Value::Null))
        .tool(Tool::openrouter_datetime_in("UTC"))
        .tool(Tool::server("openrouter:files"))
        .tool_choice(ToolChoice::function("f"))
        .text_format(TextFormat::json_schema("n", json!({"type": "object"})))
        .plugin(Plugin::moderation())
        .plugin(Plugin::response_healing())
        .stop_server_tools_on(StopCondition::max_cost(1.5))
        .extra("custom", json!([1, 2]))
        .build();
    assert_round_trip(&request);
    assert!(matches!(
        serde_json::from_value::<Request>(serde_json::to_value(&request).expect("ser"))
            .expect("de"),
        ref r if r == &request
    ));
}

#[test]
fn plain_text_input_round_trips_as_text() {
    let request = Request::builder().input("hello").build();
    let back: Request = serde_json::from_value(json!({"input": "hello"})).expect("de");
    assert_eq!(back, request);
    let input: Input = serde_json::from_value(json!("hello")).expect("de");
    assert_eq!(input, Input::from("hello"));
}

/// Decodes the published request examples, when the reference tree is present.
#[test]
fn published_request_examples_decode() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    if !shared.is_dir() {
        println!("skipping: {} is absent", shared.display());
        return;
    }
    let read = |rel: &str| -> Option<Value> {
        let text = std::fs::read_to_string(shared.join(rel)).ok()?;
        serde_json::from_str(&text).ok()
    };
    if let Some(raw) = read("spec-examples/op.request.json") {
        let request: Request = serde_json::from_value(raw.clone()).expect("op example decodes");
        assert_eq!(serde_json::to_value(&request).expect("ser"), raw);
    }
    if let Some(raw) = read("spec-examples/schema.ResponsesRequest.json") {
        let request: Request = serde_json::from_value(raw.clone()).expect("schema example decodes");
        assert_round_trip(&request);
        let json = serde_json::to_value(&request).expect("ser");
        assert_eq!(json["tools"], raw["tools"]);
        assert_eq!(json["input"], raw["input"]);
    }
    if let Some(raw) = read("docs/web-search.x_search_filter-request.json") {
        let request: Request = serde_json::from_value(raw.clone()).expect("docs example decodes");
        assert_eq!(serde_json::to_value(&request).expect("ser"), raw);
    }
    if let Some(raw) = read("docs/tool-calling.function_call_output-multimodal.json") {
        // The docs omit the spec-required `detail`; it decodes as `auto`.
        let item = InputItem::from_value(raw.clone());
        assert!(matches!(item, InputItem::FunctionCallOutput(_)), "{item:?}");
        let sent = serde_json::to_value(&item).expect("ser");
        assert_eq!(sent["output"][1]["detail"], "auto");
        assert_eq!(
            sent["output"][1]["image_url"],
            raw["output"][1]["image_url"]
        );
    }
}

#[test]
fn typed_items_never_drop_members_they_do_not_model() {
    // Each fits its typed variant but for one member it does not model (at
    // the top or nested): kept raw, so that it is sent again unchanged.
    for raw in [
        json!({"type": "function_call_output", "call_id": "c", "output": "o", "trace": "t1"}),
        json!({"type": "message", "role": "user", "content": "hi", "name": "ana"}),
        json!({"type": "local_shell_call", "id": "x", "call_id": "c", "status": "completed",
               "action": {"type": "exec", "command": ["ls"], "env": {}, "nice": 5}}),
        json!({"type": "compaction", "encrypted_content": "e", "model": "m"}),
        json!({"type": "mcp_list_tools", "id": "l", "server_label": "s",
               "tools": [{"name": "t", "input_schema": {}, "icon": "x.png"}]}),
    ] {
        let item = InputItem::from_value(raw.clone());
        assert_eq!(item, InputItem::Unknown(raw.clone()), "{raw}");
        assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    }
    // A content part with a member it does not model is kept whole as an
    // unknown part; the message around it stays typed.
    let part = json!({"type": "input_text", "text": "hi", "lang": "en"});
    let raw = json!({"role": "user", "content": [part]});
    let InputItem::Message(message) = InputItem::from_value(raw.clone()) else {
        panic!("{raw}");
    };
    assert_eq!(
        message.content(),
        Some(&Content::Parts(vec![InputContent::Unknown(part)]))
    );
    let mut sent = serde_json::to_value(InputItem::Message(message)).unwrap();
    assert_eq!(
        sent.as_object_mut().unwrap().remove("type"),
        Some(json!("message"))
    );
    assert_eq!(sent, raw);
    // What writing adds, or a null it leaves out, loses nothing: still typed.
    for (raw, kind) in [
        (json!({"role": "user", "content": "hi"}), "message"),
        (
            json!({"role": "user", "content": "hi", "id": null}),
            "message",
        ),
        (
            json!({"role": "user", "content": [{"type": "input_image", "image_url": "u"}]}),
            "message",
        ),
        (
            json!({"type": "function_call_output", "call_id": "c", "output": "o", "status": null}),
            "function_call_output",
        ),
    ] {
        let item = InputItem::from_value(raw.clone());
        let got = match &item {
            InputItem::Message(_) => "message",
            InputItem::FunctionCallOutput(_) => "function_call_output",
            _ => "other",
        };
        assert_eq!(got, kind, "{raw} → {item:?}");
    }
}

#[test]
fn requests_never_drop_nested_members_they_do_not_model() {
    // `reasoning` and `provider` each hold a member this version does not
    // model: both are kept whole (as extras) and sent again as they came.
    let raw = json!({
        "model": "m",
        "reasoning": {"effort": "high", "new_knob": 1},
        "provider": {"order": ["a"], "sort": {"by": "price", "window": "1h"}},
        "text": {"verbosity": "low"},
        "input": [{"role": "user", "content": "hi"}],
    });
    let request: Request = serde_json::from_value(raw.clone()).unwrap();
    let written = serde_json::to_value(&request).unwrap();
    assert_eq!(written["reasoning"], raw["reasoning"]);
    assert_eq!(written["provider"], raw["provider"]);
    assert_eq!(written["text"], raw["text"]);
    // A member that fits is still read typed: the message gains its `type`.
    assert_eq!(
        written["input"],
        json!([{"type": "message", "role": "user", "content": "hi"}])
    );
    // A number is compared as a number: `1` read into a float field is
    // kept typed (and written `1.0`).
    let typed: Request = serde_json::from_value(json!({"temperature": 1, "top_p": 0.5})).unwrap();
    let typed = serde_json::to_value(&typed).unwrap();
    assert!(typed["temperature"].is_f64(), "{typed}");
    assert_eq!(typed["top_p"], json!(0.5));
    // And the request decodes back to itself.
    let again: Request = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), written);
}

#[test]
fn null_memory_limit_of_an_auto_container_is_typed_and_written_back() {
    // The spec lists `null` among the values of `memory_limit`.
    let container = json!({"type": "auto", "file_ids": ["file-1"], "memory_limit": null});
    let typed: CodeInterpreterContainer = serde_json::from_value(container.clone()).unwrap();
    assert!(
        matches!(typed, CodeInterpreterContainer::Auto(_)),
        "{typed:?}"
    );
    assert_eq!(serde_json::to_value(&typed).unwrap(), container);

    // Inside an input item: typed, and written back with the `null`.
    let raw = json!({"type": "additional_tools", "role": "developer",
        "tools": [{"type": "code_interpreter", "container": container}]});
    let item = InputItem::from_value(raw.clone());
    let InputItem::AdditionalTools(added) = &item else {
        panic!("not typed: {item:?}");
    };
    assert_eq!(
        added.tools(),
        [Tool::CodeInterpreter(CodeInterpreterTool::new(typed))]
    );
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);

    // And in the request's own `tools`.
    let body = json!({"tools": raw["tools"].clone()});
    let request: Request = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}

#[test]
fn additional_tools_take_every_role_the_spec_lists() {
    for (role, typed) in [
        ("unknown", AdditionalToolsRole::Unknown),
        ("user", AdditionalToolsRole::User),
        ("assistant", AdditionalToolsRole::Assistant),
        ("system", AdditionalToolsRole::System),
        ("critic", AdditionalToolsRole::Critic),
        ("discriminator", AdditionalToolsRole::Discriminator),
        ("developer", AdditionalToolsRole::Developer),
        ("tool", AdditionalToolsRole::Tool),
    ] {
        let raw = json!({"type": "additional_tools", "role": role, "tools": []});
        let item = InputItem::from_value(raw.clone());
        let InputItem::AdditionalTools(added) = &item else {
            panic!("not typed: {item:?}");
        };
        assert_eq!(added.role(), &typed, "{raw}");
        assert_eq!(
            item,
            AdditionalTools::new(typed, Vec::<Tool>::new()).into(),
            "{raw}"
        );
        assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    }
    // A role added later is kept as its string; a message role converts.
    let raw = json!({"type": "additional_tools", "role": "reviewer", "tools": []});
    let item = InputItem::from_value(raw.clone());
    assert_eq!(
        item,
        AdditionalTools::new(
            AdditionalToolsRole::Other("reviewer".into()),
            Vec::<Tool>::new()
        )
        .into()
    );
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    assert_eq!(
        AdditionalToolsRole::from(Role::Developer),
        AdditionalToolsRole::Developer
    );
}

#[test]
fn replayed_assistant_message_with_string_or_null_content_is_typed() {
    // The input schema's output message takes a string or `null` content
    // besides the list of parts.
    let raw = json!({"type": "message", "role": "assistant", "id": "msg_1",
        "status": "completed", "phase": "final_answer", "content": "Hello!"});
    let item = InputItem::from_value(raw.clone());
    assert_eq!(
        item,
        InputItem::Message(
            InputMessage::new(Role::Assistant, "Hello!")
                .id("msg_1")
                .status(ToolCallStatus::Completed)
                .phase(MessagePhase::FinalAnswer)
        )
    );
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);

    // `content` is required there, so its `null` is written back.
    let raw = json!({"type": "message", "role": "assistant", "id": "msg_2",
        "status": "incomplete", "content": null});
    let item = InputItem::from_value(raw.clone());
    let InputItem::Message(message) = &item else {
        panic!("not typed: {item:?}");
    };
    assert_eq!(message.role(), &Role::Assistant);
    assert_eq!(message.content(), None);
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    assert_eq!(InputItem::from_value(raw.clone()), item);

    // With content parts it is still an echoed output message.
    let raw = json!({"type": "message", "role": "assistant", "id": "msg_3",
        "status": "completed",
        "content": [{"type": "output_text", "text": "Hi", "annotations": []}]});
    let item = InputItem::from_value(raw.clone());
    assert!(
        matches!(item, InputItem::Output(OutputItem::Message(_))),
        "{item:?}"
    );
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);
}

#[test]
fn a_request_that_does_not_decode_names_the_member_at_fault() {
    let err = serde_json::from_str::<Request>(r#"{"model":"m","temperature":"hot","top_p":1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(r#"`temperature`: invalid type: string "hot", expected f64"#),
        "{err}"
    );
    let err = serde_json::from_str::<Request>(r#"{"input":"hi","model":3}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("`model`: invalid type: integer `3`"),
        "{err}"
    );
    // Not an object at all: the error of the whole.
    let err = serde_json::from_str::<Request>("[1]")
        .unwrap_err()
        .to_string();
    assert!(!err.starts_with('`'), "{err}");
    // A syntax error keeps its position.
    let err = serde_json::from_str::<Request>(r#"{"model": }"#).unwrap_err();
    assert_eq!((err.line(), err.column()), (1, 11), "{err}");
}

#[test]
fn an_assistant_message_replays_the_phase_and_status_of_a_response() {
    use openrouter_responses::response::{self, ItemStatus};

    // The phase and status read from an output message are sent back as they
    // are: one phase type, and statuses that convert.
    let output: response::OutputMessage = serde_json::from_value(json!({
        "type": "message", "id": "msg_1", "role": "assistant",
        "status": "completed", "phase": "commentary", "content": []
    }))
    .unwrap();
    let phase: MessagePhase = output.phase.clone().unwrap();
    let status = ToolCallStatus::from(output.status.clone().unwrap());
    let message = InputMessage::new(Role::Assistant, "Checking.")
        .id(output.id.clone())
        .phase(phase)
        .status(status);
    assert_eq!(
        serde_json::to_value(InputItem::from(message)).unwrap(),
        json!({"type": "message", "role": "assistant", "content": "Checking.",
            "id": "msg_1", "phase": "commentary", "status": "completed"})
    );
    // A response's `MessagePhase` is the request's.
    let _ = InputMessage::new(Role::Assistant, "x").phase(response::MessagePhase::FinalAnswer);
    let _ = InputMessage::new(Role::Assistant, "x").status(ItemStatus::Incomplete);

    // Each way, every value survives the round trip through the other type.
    for wire in [
        "in_progress",
        "completed",
        "incomplete",
        "failed",
        "searching",
        "generating",
        "interpreting",
        "paused",
    ] {
        let item = ItemStatus::from(wire);
        let tool = ToolCallStatus::from(item.clone());
        assert_eq!(tool.as_str(), wire);
        assert_eq!(ItemStatus::from(tool.clone()), item, "{wire}");
        assert_eq!(ToolCallStatus::from(ItemStatus::from(tool.clone())), tool);
    }
    assert_eq!(
        ToolCallStatus::from(ItemStatus::InProgress),
        ToolCallStatus::InProgress
    );
    assert_eq!(
        ToolCallStatus::from(ItemStatus::Failed),
        ToolCallStatus::Other("failed".into())
    );
    assert_eq!(
        ItemStatus::from(ToolCallStatus::Other("failed".into())),
        ItemStatus::Failed
    );
    assert_eq!(
        ItemStatus::from(ToolCallStatus::Other("paused".into())),
        ItemStatus::Other("paused".into())
    );
}

#[test]
fn json_valued_setters_take_anything_that_converts_to_json() {
    use openrouter_responses::request::{FunctionTool, JsonSchemaFormat, McpToolInfo};

    let request = Request::builder()
        .extra("seed", 1)
        .extra("mode", "fast")
        .extra("flags", vec![true, false])
        .extra("opts", json!({"a": 1}))
        .image_config([("aspect_ratio", "16:9")])
        .image_config_entry("n", 2)
        .tool(Tool::function("f", "d", json!({"type": "object"})))
        .tool(FunctionTool::new("g").parameters(json!({"type": "object"})))
        .text_format(JsonSchemaFormat::new("answer", json!({"type": "object"})))
        .input_item(AdditionalTools::new(
            AdditionalToolsRole::Developer,
            [Tool::function("h", "d", serde_json::Map::new())],
        ))
        .build();
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["seed"], 1);
    assert_eq!(json["mode"], "fast");
    assert_eq!(json["flags"], json!([true, false]));
    assert_eq!(json["opts"], json!({"a": 1}));
    assert_eq!(
        json["image_config"],
        json!({"aspect_ratio": "16:9", "n": 2})
    );
    assert_eq!(json["tools"][0]["parameters"], json!({"type": "object"}));
    assert_eq!(json["tools"][1]["parameters"], json!({"type": "object"}));
    assert_eq!(json["input"][0]["tools"][0]["parameters"], json!({}));
    assert_eq!(json["text"]["format"]["schema"], json!({"type": "object"}));
    // `null` (or `Value::Null`) still sends `"parameters": null`: the
    // member is there (indexing a missing one would give `Null` too).
    let tool = FunctionTool::new("n").parameters(Value::Null);
    assert_eq!(
        serde_json::to_value(&tool).unwrap().get("parameters"),
        Some(&Value::Null)
    );
    let info = McpToolInfo::new("t", json!({"type": "object"}));
    assert_eq!(
        serde_json::to_value(&info).unwrap()["input_schema"],
        json!({"type": "object"})
    );

    let back: Request = serde_json::from_value(json).unwrap();
    assert_eq!(back, request);
    assert_eq!(back.extra()["seed"], 1);
}

#[test]
fn tool_choice_from_a_string_and_request_from_a_builder() {
    for (text, choice) in [
        ("auto", ToolChoice::Auto),
        ("none", ToolChoice::None),
        ("required", ToolChoice::Required),
        ("sometimes", ToolChoice::Other("sometimes".into())),
    ] {
        assert_eq!(ToolChoice::from(text.to_owned()), choice, "{text}");
        assert_eq!(ToolChoice::from(text), choice, "{text}");
    }
    let name = String::from("required");
    let request = Request::builder().tool_choice(name).build();
    assert_eq!(request.tool_choice(), Some(&ToolChoice::Required));

    // A builder converts into the request it builds, and back.
    let builder = Request::builder().model("m").extra("seed", 7);
    let request = Request::from(builder.clone());
    assert_eq!(request, builder.build());
    let into: Request = Request::builder().model("m").into();
    assert_eq!(into.model(), Some("m"));
    assert_eq!(Request::from(request.clone().into_builder()), request);
}

/// `Input` and `Content` have the two shapes of the wire only: a `match`
/// needs no `_` arm (this would not compile if they were `#[non_exhaustive]`).
#[test]
fn input_and_content_match_without_a_wildcard() {
    fn describe(input: &Input) -> String {
        match input {
            Input::Text(text) => format!("text {text}"),
            Input::Items(items) => format!("{} items", items.len()),
        }
    }
    fn parts(content: &Content) -> usize {
        match content {
            Content::Text(_) => 1,
            Content::Parts(parts) => parts.len(),
        }
    }
    let request: Request = serde_json::from_value(json!({"input": [
        {"role": "user", "content": [
            {"type": "input_text", "text": "a"},
            {"type": "input_text", "text": "b"}
        ]}
    ]}))
    .unwrap();
    let input = request.input().unwrap();
    assert_eq!(describe(input), "1 items");
    let Input::Items(items) = input else {
        panic!("{input:?}")
    };
    let InputItem::Message(message) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(parts(message.content().unwrap()), 2);
    assert_eq!(describe(&Input::from("hi")), "text hi");
    assert_eq!(parts(&Content::from("hi")), 1);
}

/// A field kept as raw JSON (one of its members is not modelled, or it was
/// set through `extra`) is added to by the setters that add one element or
/// member, not dropped.
#[test]
fn adding_to_a_field_kept_raw_keeps_what_it_holds() {
    use openrouter_responses::request::{Modality, ReasoningEffort, Verbosity};
    let decoded: Request = serde_json::from_str(
        r#"{"model":"m","input":"hi",
        "tools":[{"type":"function","name":"a","parameters":{}},
                 {"type":"function","name":"b","parameters":{},"x_new":{"type":"ephemeral"}}],
        "plugins":[{"id":"web","max_results":3},{"id":"file-parser","x_new":1}],
        "reasoning":{"effort":"high","summary":"detailed","x_new":true},
        "text":{"verbosity":"low","x_new":1}}"#,
    )
    .unwrap();
    // The tool and plugin with a member not modelled are held whole in
    // typed lists; `reasoning` and `text` are kept raw, in `extra`.
    let tools = decoded.tools().unwrap();
    assert!(
        matches!(tools, [Tool::Function(_), Tool::Unknown(_)]),
        "{tools:?}"
    );
    let plugins = decoded.plugins().unwrap();
    assert!(
        matches!(plugins, [Plugin::Web(_), Plugin::Unknown(_)]),
        "{plugins:?}"
    );
    assert!(decoded.reasoning().is_none() && decoded.extra().contains_key("reasoning"));
    let request = decoded
        .into_builder()
        .tool(Tool::function("c", "the third", json!({})))
        .plugin(Plugin::response_healing())
        .reasoning_effort(ReasoningEffort::Low)
        .verbosity(Verbosity::High)
        .text_format(TextFormat::JsonObject)
        .extra("metadata", json!({"n": 1}))
        .metadata_entry("k", "v")
        .extra("models", json!(["a", 5]))
        .fallback_model("b")
        .extra("include", json!(["x.y"]))
        .include_one("reasoning.encrypted_content")
        .extra("modalities", json!(["text", 7]))
        .modality(Modality::Image)
        .extra("image_config", json!({"x": [1]}))
        .image_config_entry("y", 2)
        .extra("stop_server_tools_when", json!([{"type": "x_new"}]))
        .stop_server_tools_on(StopCondition::step_count_is(3))
        .extra("input", json!([{"type": "x_item"}]))
        .input_item(InputItem::user("more"))
        .build();
    let v = serde_json::to_value(&request).unwrap();
    let names: Vec<_> = v["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(v["tools"][1]["x_new"], json!({"type": "ephemeral"}));
    let ids: Vec<_> = v["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["web", "file-parser", "response-healing"]);
    assert_eq!(
        v["reasoning"],
        json!({"effort": "low", "summary": "detailed", "x_new": true})
    );
    assert_eq!(v["text"]["verbosity"], "high");
    assert_eq!(v["text"]["x_new"], 1);
    assert_eq!(v["text"]["format"], json!({"type": "json_object"}));
    assert_eq!(v["metadata"], json!({"n": 1, "k": "v"}));
    assert_eq!(v["models"], json!(["a", 5, "b"]));
    assert_eq!(v["include"], json!(["x.y", "reasoning.encrypted_content"]));
    assert_eq!(v["modalities"], json!(["text", 7, "image"]));
    assert_eq!(v["image_config"], json!({"x": [1], "y": 2}));
    assert_eq!(
        v["stop_server_tools_when"],
        json!([{"type": "x_new"}, {"type": "step_count_is", "step_count": 3}])
    );
    assert_eq!(v["input"][0], json!({"type": "x_item"}));
    assert_eq!(v["input"][1]["content"], "more");
    // A setter that replaces the whole field still replaces it.
    let replaced = request
        .into_builder()
        .tools([Tool::function("d", "", json!({}))])
        .build();
    let v = serde_json::to_value(&replaced).unwrap();
    assert_eq!(v["tools"].as_array().unwrap().len(), 1);
}

/// An element or member added to a field kept raw is added whatever its
/// depth: one nested deeper than a JSON parser's recursion limit (a tool's
/// schema, an image option) neither drops what the field held nor itself.
#[test]
fn adding_a_deep_value_to_a_field_kept_raw_keeps_both() {
    let mut deep = json!("leaf");
    for _ in 0..200 {
        deep = json!({ "a": deep });
    }
    let request = Request::builder()
        .extra("tools", json!([{"type": "x_new"}]))
        .tool(Tool::function("deep", "", deep.clone()))
        .extra("image_config", json!({"x": 1}))
        .image_config_entry("deep", deep.clone())
        .build();
    let v = serde_json::to_value(&request).unwrap();
    let tools = v["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 2, "{:?}", tools.first());
    assert_eq!(tools[0], json!({"type": "x_new"}));
    assert_eq!(tools[1]["name"], "deep");
    assert_eq!(tools[1]["parameters"], deep);
    assert_eq!(v["image_config"]["x"], 1);
    assert_eq!(v["image_config"]["deep"], deep);
}

#[test]
fn a_decoded_request_tells_whether_its_caller_asked_to_stream() {
    // A gateway decodes its callers' bodies and must answer `"stream": true`
    // with an event stream, without parsing the body twice.
    let asked: Request =
        serde_json::from_value(json!({"model": "m", "input": "hi", "stream": true})).unwrap();
    assert_eq!(asked.stream(), Some(true));
    let declined: Request = serde_json::from_value(json!({"model": "m", "stream": false})).unwrap();
    assert_eq!(declined.stream(), Some(false));
    let silent: Request = serde_json::from_value(json!({"model": "m", "stream": null})).unwrap();
    assert_eq!(silent.stream(), None);
    assert_eq!(Request::builder().model("m").build().stream(), None);

    // Changing the request keeps what was asked; the body still leaves
    // `stream` to the client method that sends it.
    let forwarded = asked.into_builder().temperature(0.5).build();
    assert_eq!(forwarded.stream(), Some(true));
    assert_eq!(
        serde_json::to_value(&forwarded).unwrap(),
        json!({"model": "m", "input": "hi", "temperature": 0.5})
    );

    // A value that is not a switch is refused, naming the member, as a
    // mistyped `temperature` is.
    let err = serde_json::from_value::<Request>(json!({"model": "m", "stream": "yes"}))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("`stream`: invalid type"), "{err}");
}

#[test]
fn a_member_of_a_decoded_request_can_be_left_out_of_the_next_body() {
    // A gateway drops what its callers may not set before forwarding:
    // modelled members, members kept whole as raw JSON, and unknown ones.
    let received: Request = serde_json::from_value(json!({
        "model": "m", "input": "hi", "user": "u-1",
        "debug": {"echo_upstream_body": true},
        "provider": {"order": ["a"], "future_option": 1},
        "x-new": [1]
    }))
    .unwrap();
    assert!(received.extra().contains_key("provider"));
    let forwarded = received
        .into_builder()
        .remove("user")
        .remove("debug")
        .remove("provider")
        .remove("x-new")
        .remove("not-there")
        .temperature(0.1)
        .build();
    assert_eq!(
        serde_json::to_value(&forwarded).unwrap(),
        json!({"model": "m", "input": "hi", "temperature": 0.1})
    );
    assert_eq!(forwarded.user(), None);
    assert!(forwarded.extra().is_empty());
}

/// Decodes `raw` on its own, from its text and from a `Value` (the two
/// agree), and checks that writing it back gives `raw` again.
fn lone<T>(raw: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let from_text: T = serde_json::from_str(&raw.to_string()).expect("decodes");
    let from_value: T = serde_json::from_value(raw.clone()).expect("decodes");
    assert_eq!(from_text, from_value, "{raw}");
    assert_eq!(
        serde_json::to_value(&from_text).unwrap(),
        *raw,
        "written back"
    );
    from_text
}

/// Each union of the request decoded on its own (a relay or a program that
/// stores parts, tools or plugins apart from their request) keeps a member
/// it does not model, at the top or nested, and a `type` it does not know:
/// it is held whole in `Unknown` and written back as it came. One that
/// fits stays typed.
#[test]
fn lone_unions_keep_what_they_do_not_model() {
    use openrouter_responses::request::{AgentContent, CustomToolFormat, NamespaceMember};

    // Content parts.
    let fits = json!({"type": "input_text", "text": "a"});
    assert!(matches!(lone::<InputContent>(&fits), InputContent::Text(_)));
    for raw in [
        json!({"type": "input_text", "text": "a", "x-part": 1}),
        json!({"type": "input_image", "image_url": "u", "detail": "low", "x": null, "y": [1]}),
        json!({"type": "input_audio", "input_audio": {"data": "AA==", "format": "mp3", "rate": 8}}),
        json!({"type": "input_text", "text": "a",
               "prompt_cache_breakpoint": {"mode": "explicit", "ttl": "1h"}}),
        json!({"type": "input_3d", "mesh": "m"}),
    ] {
        assert_eq!(
            lone::<InputContent>(&raw),
            InputContent::Unknown(raw.clone())
        );
        // In a list of parts, and as a message's content, the same.
        let parts = json!([fits, raw]);
        assert!(matches!(
            &lone::<Content>(&parts),
            Content::Parts(p) if matches!(p[..], [InputContent::Text(_), InputContent::Unknown(_)])
        ));
    }

    // Tools.
    let fits = json!({"type": "function", "name": "f", "parameters": {}});
    assert!(matches!(lone::<Tool>(&fits), Tool::Function(_)));
    for raw in [
        json!({"type": "function", "name": "f", "parameters": {}, "x-cache": true}),
        json!({"type": "web_search", "user_location": {"type": "approximate", "planet": "Mars"}}),
        json!({"type": "local_shell", "x": 1}),
        json!({"type": "custom", "name": "c", "format": {"type": "text"}, "x": 1}),
        json!({"type": "mcp", "server_label": "s", "server_url": "u", "x": {"deep": 0.5}}),
        json!({"type": "namespace", "name": "n", "description": "d", "tools": [], "x": 1}),
        json!({"type": "future_tool", "name": "f"}),
        json!({"name": "no type"}),
    ] {
        assert_eq!(lone::<Tool>(&raw), Tool::Unknown(raw.clone()));
    }
    // An `openrouter:*` tool whose typed parameters would drop one is the
    // generic server tool, its parameters raw; a member beside them, unknown.
    let raw = json!({"type": "openrouter:web_search", "parameters": {"max_results": 3, "x": 1}});
    let Tool::OpenRouter(generic) = lone::<Tool>(&raw) else {
        panic!("{raw}")
    };
    assert_eq!(generic.tool_type(), "openrouter:web_search");
    let raw = json!({"type": "openrouter:web_search", "parameters": {}, "x": 1});
    assert_eq!(lone::<Tool>(&raw), Tool::Unknown(raw.clone()));
    let raw = json!({"type": "openrouter:memory", "parameters": {"k": 1}});
    assert!(matches!(lone::<Tool>(&raw), Tool::OpenRouter(_)));

    // Namespace members and custom tool formats, on their own and in a tool.
    let raw = json!({"type": "function", "name": "f", "x": 1});
    assert_eq!(
        lone::<NamespaceMember>(&raw),
        NamespaceMember::Unknown(raw.clone())
    );
    let tool = json!({"type": "namespace", "name": "n", "description": "d", "tools": [raw]});
    assert!(matches!(lone::<Tool>(&tool), Tool::Namespace(_)));
    let raw = json!({"type": "grammar", "syntax": "lark", "definition": "d", "x": 1});
    assert_eq!(
        lone::<CustomToolFormat>(&raw),
        CustomToolFormat::Unknown(raw.clone())
    );
    let raw = json!({"type": "grammar", "syntax": "lark", "definition": "d"});
    assert!(matches!(
        lone::<CustomToolFormat>(&raw),
        CustomToolFormat::Grammar { .. }
    ));

    // An echoed output item its type would not write back whole (a `null`
    // where it writes a list) is kept raw, as any other item; in a request
    // too, next to items that fit.
    let raw = json!({"type": "message", "id": "m", "role": "assistant",
                     "content": [{"type": "output_text", "text": "t", "annotations": null}]});
    assert_eq!(lone::<InputItem>(&raw), InputItem::Unknown(raw.clone()));
    let body = json!({"input": [raw, {"type": "message", "role": "user", "content": "hi"}]});
    let request: Request = serde_json::from_value(body.clone()).unwrap();
    assert!(matches!(
        request.input(),
        Some(Input::Items(items)) if matches!(items[..], [InputItem::Unknown(_), InputItem::Message(_)])
    ));
    assert_eq!(serde_json::to_value(&request).unwrap(), body);

    // Plugins, text formats, stop conditions, agent message parts.
    for raw in [
        json!({"id": "file-parser", "pdf": {"engine": "native", "x": 1}}),
        json!({"id": "response-healing", "enabled": true, "x": 1}),
        json!({"id": "response-healing", "enabled": "yes"}),
        json!({"id": "moderation", "x": 1}),
        json!({"id": "future"}),
    ] {
        assert_eq!(lone::<Plugin>(&raw), Plugin::Unknown(raw.clone()));
    }
    let raw = json!({"id": "response-healing", "enabled": false});
    assert!(matches!(
        lone::<Plugin>(&raw),
        Plugin::ResponseHealing {
            enabled: Some(false)
        }
    ));
    for raw in [
        json!({"type": "json_schema", "name": "n", "schema": {}, "x": 1}),
        json!({"type": "text", "x": 1}),
        json!({"type": "yaml"}),
    ] {
        assert_eq!(lone::<TextFormat>(&raw), TextFormat::Unknown(raw.clone()));
    }
    assert_eq!(
        lone::<TextFormat>(&json!({"type": "json_object"})),
        TextFormat::JsonObject
    );
    for raw in [
        json!({"type": "step_count_is", "step_count": 3, "x": 1}),
        json!({"type": "step_count_is", "step_count": -3}),
        json!({"type": "max_cost", "max_cost_in_dollars": 0.5, "currency": "EUR"}),
        json!({"type": "finish_reason_is"}),
        json!({"type": "future", "n": 1}),
    ] {
        assert_eq!(
            lone::<StopCondition>(&raw),
            StopCondition::Unknown(raw.clone())
        );
    }
    let raw = json!({"type": "max_cost", "max_cost_in_dollars": 0.5});
    assert!(matches!(
        lone::<StopCondition>(&raw),
        StopCondition::MaxCost { .. }
    ));
    for raw in [
        json!({"type": "encrypted_content", "encrypted_content": "e", "x": 1}),
        json!({"type": "input_text", "text": "t", "x": 1}),
        json!({"type": "encrypted_content"}),
    ] {
        assert_eq!(
            lone::<AgentContent>(&raw),
            AgentContent::Unknown(raw.clone())
        );
    }
    let raw = json!({"type": "encrypted_content", "encrypted_content": "e"});
    assert!(matches!(
        lone::<AgentContent>(&raw),
        AgentContent::Encrypted { .. }
    ));
}

/// In a request, a member not modelled inside a tagged union (the tool
/// choice, a text format, a content part) is held by that union's
/// `Unknown` variant and the field around it stays typed; one inside a
/// struct (`reasoning`) keeps the whole field in `extra`, as the `Request`
/// docs say. Written back, the body is the one read.
#[test]
fn in_a_request_a_union_holds_a_member_not_modelled_and_its_field_stays_typed() {
    let choice = json!({"type": "function", "name": "f", "x-choice": 1});
    let format = json!({"type": "json_schema", "name": "n", "schema": {}, "x-format": 1});
    let part = json!({"type": "input_text", "text": "a", "x-part": 1});
    let body = json!({
        "input": [{"type": "message", "role": "user", "content": [part]}],
        "tool_choice": choice,
        "text": {"format": format, "verbosity": "low"},
        "reasoning": {"effort": "low", "x-reasoning": 1}
    });
    let request: Request = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(request.tool_choice(), Some(&ToolChoice::Unknown(choice)));
    let text = request.text().expect("text stays typed");
    assert_eq!(text.get_format(), Some(&TextFormat::Unknown(format)));
    let Some(Input::Items(items)) = request.input() else {
        panic!("{:?}", request.input())
    };
    let [InputItem::Message(message)] = &items[..] else {
        panic!("{items:?}")
    };
    assert_eq!(
        message.content(),
        Some(&Content::Parts(vec![InputContent::Unknown(part)]))
    );
    assert_eq!(request.reasoning(), None);
    assert_eq!(
        request.extra().keys().collect::<Vec<_>>(),
        ["reasoning"],
        "{:?}",
        request.extra()
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}

/// Items whose parts or tools check themselves as they are read (messages,
/// tool outputs, agent messages, added tools) leave that member out of their
/// own check: what they hold is still kept, in the part's or tool's
/// `Unknown` when not in the item's, and their `type`, written by the
/// variant rather than the item's struct, still counts.
#[test]
fn items_holding_parts_or_tools_keep_every_member() {
    let odd_part =
        json!({"type": "input_image", "image_url": "data:image/png;base64,AAAA", "x-part": 1});
    let odd_tool = json!({"type": "function", "name": "f", "parameters": {}, "x-tool": 1});
    let fits = [
        json!({"type": "message", "role": "user", "content": [odd_part]}),
        json!({"role": "user", "content": [odd_part]}),
        json!({"type": "function_call_output", "call_id": "c", "output": [odd_part]}),
        json!({"type": "custom_tool_call_output", "call_id": "c", "output": [odd_part]}),
        json!({"type": "agent_message", "author": "a", "recipient": "b", "content": [odd_part]}),
        json!({"type": "additional_tools", "role": "developer", "tools": [odd_tool]}),
    ];
    for raw in fits {
        let item = InputItem::from_value(raw.clone());
        assert!(!matches!(item, InputItem::Unknown(_)), "{raw} → {item:?}");
        let mut written = serde_json::to_value(&item).unwrap();
        if raw.get("type").is_none() {
            written.as_object_mut().unwrap().remove("type");
        }
        assert_eq!(written, raw);
        let held = match &item {
            InputItem::Message(m) => format!("{:?}", m.content()),
            InputItem::FunctionCallOutput(o) => format!("{:?}", o.output()),
            InputItem::CustomToolCallOutput(o) => format!("{:?}", o.output()),
            InputItem::AgentMessage(m) => format!("{:?}", m.content()),
            InputItem::AdditionalTools(t) => format!("{:?}", t.tools()),
            other => panic!("{other:?}"),
        };
        assert!(held.contains("Unknown(Object"), "{held}");
        // A member of the item itself that its type does not model keeps
        // the item whole; so does a `type` that does not fit it.
        let mut with_member = raw.clone();
        with_member["x-item"] = json!(1);
        let item = InputItem::from_value(with_member.clone());
        assert_eq!(item, InputItem::Unknown(with_member));
    }
    let message = json!({"type": "message", "role": "user", "content": "hi", "name": "ana"});
    assert_eq!(
        InputItem::from_value(message.clone()),
        InputItem::Unknown(message)
    );
    // A request around them is written back as it came.
    let body = json!({"input": [
        {"type": "message", "role": "user", "content": [odd_part, {"type": "input_text", "text": "hi"}]},
        {"type": "function_call_output", "call_id": "c", "output": "o", "x-item": true},
    ]});
    let request: Request = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}

/// The derived untagged reading `Input` and `Content` had, kept here to
/// compare theirs with: the same values and the same errors, from text,
/// bytes, a reader, an owned `Value` and a borrowed one, alone and inside a
/// struct (whose errors carry a position).
mod untagged_derives {
    use super::*;
    use serde::Deserialize;

    /// Named as the crate's unions are, whose name the derive's error
    /// gives.
    mod derived {
        use super::*;

        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        pub enum Input {
            Text(String),
            Items(Vec<InputItem>),
        }

        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        pub enum Content {
            Text(String),
            Parts(Vec<InputContent>),
        }
    }
    use derived::{Content as DerivedContent, Input as DerivedInput};

    impl From<DerivedInput> for Input {
        fn from(d: DerivedInput) -> Self {
            match d {
                DerivedInput::Text(s) => Input::Text(s),
                DerivedInput::Items(items) => Input::Items(items),
            }
        }
    }

    impl From<DerivedContent> for Content {
        fn from(d: DerivedContent) -> Self {
            match d {
                DerivedContent::Text(s) => Content::Text(s),
                DerivedContent::Parts(parts) => Content::Parts(parts),
            }
        }
    }

    #[derive(Debug, Deserialize)]
    struct Holder<T> {
        #[allow(dead_code)]
        before: Option<u8>,
        value: T,
        #[allow(dead_code)]
        after: Option<u8>,
    }

    const CASES: &[&str] = &[
        r#""""#,
        r#""plain""#,
        r#""esc\"aped \\ \u00e9 \ud83d\ude00 \n""#,
        r#"[]"#,
        r#"[{"role":"user","content":"Hi"}]"#,
        r#"[{"type":"message","role":"user","content":[{"type":"input_text","text":"a"},
            {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"},
            {"type":"input_file","filename":"a.pdf","file_data":"JVBERi0xLjc="},
            {"type":"input_text","text":"b","x-part":1},{"type":"future"},7,null]},
            {"type":"function_call_output","call_id":"c","output":[{"type":"input_text","text":"r"}]},
            {"type":"reasoning","id":"rs","summary":[]},"bare",1,[],{}]"#,
        r#"[{"type":"input_text","text":"t"},{"type":"input_image","image_url":"https://a/b.png"}]"#,
        r#"[[1,2],[{"a":null}]]"#,
        r#"null"#,
        r#"true"#,
        r#"0"#,
        r#"-1"#,
        r#"18446744073709551615"#,
        r#"1.5e3"#,
        r#"{}"#,
        r#"{"type":"input_text","text":"a"}"#,
        r#"{"a":[1,{"b":"c"}],"d":"e"}"#,
        // Malformed: the syntax error, wherever it sits.
        r#""unterminated"#,
        r#"[{"role":"user","content":"Hi"}"#,
        r#"[{"role":"user","content":"Hi"},]"#,
        r#"[1,2"#,
        r#"{"a":"#,
        r#"{"a":1,}"#,
        r#"[1e400]"#,
        r#"1e400"#,
        r#""bad \q escape""#,
        r#"[{"a":"\ud800"}]"#,
        r#"tru"#,
        r#""#,
    ];

    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = CASES.iter().map(|s| (*s).to_owned()).collect();
        // Nested past serde_json's recursion limit, in a list and in an object.
        texts.push(format!("[{}{}]", "[".repeat(200), "]".repeat(200)));
        texts.push(format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200)));
        texts
    }

    fn show<T: Into<U>, U: std::fmt::Debug>(r: Result<T, serde_json::Error>) -> String {
        match r {
            Ok(v) => format!("ok {:?}", v.into()),
            Err(e) => format!("error {e} ({:?})", e.classify()),
        }
    }

    fn compare<New, Old>()
    where
        New: for<'de> Deserialize<'de> + std::fmt::Debug,
        Old: for<'de> Deserialize<'de> + Into<New>,
    {
        for text in texts() {
            let wrapped = format!(r#"{{"before":1,"value":{text},"after":2}}"#);
            let pairs = [
                (
                    show::<New, New>(serde_json::from_str(&text)),
                    show::<Old, New>(serde_json::from_str(&text)),
                ),
                (
                    show::<New, New>(serde_json::from_slice(text.as_bytes())),
                    show::<Old, New>(serde_json::from_slice(text.as_bytes())),
                ),
                (
                    show::<New, New>(serde_json::from_reader(text.as_bytes())),
                    show::<Old, New>(serde_json::from_reader(text.as_bytes())),
                ),
                (
                    show::<New, New>(
                        serde_json::from_str::<Holder<New>>(&wrapped).map(|h| h.value),
                    ),
                    show::<Old, New>(
                        serde_json::from_str::<Holder<Old>>(&wrapped).map(|h| h.value),
                    ),
                ),
                (
                    show::<New, New>(
                        serde_json::from_reader::<_, Holder<New>>(wrapped.as_bytes())
                            .map(|h| h.value),
                    ),
                    show::<Old, New>(
                        serde_json::from_reader::<_, Holder<Old>>(wrapped.as_bytes())
                            .map(|h| h.value),
                    ),
                ),
            ];
            for (new, old) in pairs {
                assert_eq!(new, old, "{text}");
            }
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                assert_eq!(
                    show::<New, New>(New::deserialize(&value)),
                    show::<Old, New>(Old::deserialize(&value)),
                    "{text}"
                );
                assert_eq!(
                    show::<New, New>(serde_json::from_value(value.clone())),
                    show::<Old, New>(serde_json::from_value(value)),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn input_reads_as_its_untagged_derive_did() {
        compare::<Input, DerivedInput>();
    }

    #[test]
    fn content_reads_as_its_untagged_derive_did() {
        compare::<Content, DerivedContent>();
    }
}

/// A long string `content` or `output` is the item's, typed; an item that
/// keeps it raw (a member its type does not model, a member of the wrong
/// type) keeps it too, as sent.
#[test]
fn long_string_contents_stay_whole_typed_or_raw() {
    let long = "All work and no play. ".repeat(5000);
    let typed = [
        (
            json!({"type": "message", "role": "user", "content": long}),
            InputItem::user(long.as_str()),
        ),
        (
            json!({"type": "message", "role": "assistant", "content": long, "id": "msg_1",
                   "status": "completed"}),
            InputItem::Message(
                InputMessage::new(Role::Assistant, long.as_str())
                    .id("msg_1")
                    .status(ToolCallStatus::Completed),
            ),
        ),
        (
            json!({"type": "function_call_output", "call_id": "c", "output": long}),
            InputItem::function_call_output("c", long.as_str()),
        ),
        (
            json!({"type": "custom_tool_call_output", "call_id": "c", "output": long}),
            InputItem::CustomToolCallOutput(
                openrouter_responses::request::CustomToolCallOutput::new("c", long.as_str()),
            ),
        ),
    ];
    for (raw, want) in typed {
        assert_eq!(lone::<InputItem>(&raw), want);
        let read: Request =
            serde_json::from_value(json!({"model": "m", "input": [raw.clone()]})).unwrap();
        assert_eq!(read, Request::builder().model("m").input_item(want).build());
    }
    for raw in [
        json!({"type": "message", "role": "user", "content": long, "x-beam": 3}),
        json!({"type": "message", "role": 7, "content": long}),
        json!({"type": "message", "role": "user", "content": long, "status": 1}),
        json!({"type": "function_call_output", "call_id": "c", "output": long, "x-beam": 3}),
        json!({"type": "function_call_output", "call_id": 5, "output": long}),
        json!({"type": "custom_tool_call_output", "output": long}),
        json!({"type": "agent_message", "author": "a", "recipient": "b", "content": long}),
    ] {
        assert_eq!(lone::<InputItem>(&raw), InputItem::Unknown(raw.clone()));
    }
}

//! The exact JSON each request field group serializes to.

use openrouter_responses::request::{
    AutoRouterPlugin, CacheControl, CacheControlTtl, CodeInterpreterContainer, CodeInterpreterTool,
    ComputerUseTool, Content, ContextCompressionPlugin, CustomTool, CustomToolFormat,
    DataCollection, DebugOptions, FileParserPlugin, FileSearchTool, FunctionCallOutput,
    FunctionTool, ImageDetail, ImageGenerationTool, Include, InputContent, InputFile, InputImage,
    InputMessage, InputText, JsonSchemaFormat, MaxPrice, McpTool, MessagePhase, Modality,
    NamespaceFunctionTool, NamespaceTool, PdfEngine, Percentiles, Plugin, Prompt,
    PromptCacheBreakpoint, PromptCacheOptions, Provider, Quantization, Reasoning, ReasoningContext,
    ReasoningEffort, ReasoningMode, ReasoningSummaryVerbosity, Role, ServerTool, ServiceTier,
    SortBy, SortConfig, SortPartition, StopCondition, TextConfig, TextFormat, Tool, ToolChoice,
    Trace, Truncation, UserLocation, Verbosity, WebFetchConfig, WebFetchEngine, WebFetchPlugin,
    WebSearchConfig, WebSearchEngine, WebSearchFilters, WebSearchMode, WebSearchPlugin,
    WebSearchTool, XSearchFilter,
};
use openrouter_responses::{InputItem, Request, RequestBuilder, Response, StreamEvent};
use serde_json::{json, Value};

fn to_json(request: &Request) -> Value {
    serde_json::to_value(request).expect("serializes")
}

#[test]
fn input_as_plain_text() {
    let request = Request::builder()
        .model("openai/gpt-4o")
        .input("Hello")
        .build();
    assert_eq!(
        to_json(&request),
        json!({"model": "openai/gpt-4o", "input": "Hello"})
    );
}

#[test]
fn messages_of_every_role() {
    let request = Request::builder()
        .input_items([
            InputItem::system("s"),
            InputItem::developer("d"),
            InputItem::user("u"),
            InputItem::assistant("a"),
        ])
        .build();
    assert_eq!(
        to_json(&request)["input"],
        json!([
            {"type": "message", "role": "system", "content": "s"},
            {"type": "message", "role": "developer", "content": "d"},
            {"type": "message", "role": "user", "content": "u"},
            {"type": "message", "role": "assistant", "content": "a"}
        ])
    );
}

#[test]
fn text_input_then_input_item_keeps_both() {
    let request = Request::builder()
        .input("first")
        .input_item(InputItem::assistant("second"))
        .build();
    assert_eq!(
        to_json(&request)["input"],
        json!([
            {"type": "message", "role": "user", "content": "first"},
            {"type": "message", "role": "assistant", "content": "second"}
        ])
    );
}

#[test]
fn extend_input_appends_as_repeated_input_item_does() {
    let items = || {
        [
            InputItem::assistant("second"),
            InputItem::function_call_output("call_1", "{}"),
        ]
    };
    type Start = fn() -> RequestBuilder;
    // Each start, and the number of items the input holds after the two.
    let starts: [(&str, usize, Start); 6] = [
        ("unset", 2, || Request::builder()),
        ("text", 3, || Request::builder().input("first")),
        ("items", 3, || {
            Request::builder().input_items([InputItem::user("first")])
        }),
        ("raw list", 3, || {
            Request::builder().extra("input", json!([{"type": "x_item"}]))
        }),
        ("raw text, replaced", 2, || {
            Request::builder().extra("input", json!("first"))
        }),
        ("decoded raw list", 3, || {
            let body = json!({"input": [{"type": "x_item", "n": 1}]});
            serde_json::from_value::<Request>(body)
                .unwrap()
                .into_builder()
        }),
    ];
    for (name, len, start) in starts {
        let one_by_one = items()
            .into_iter()
            .fold(start(), RequestBuilder::input_item)
            .build();
        let extended = to_json(&start().extend_input(items()).build());
        assert_eq!(extended, to_json(&one_by_one), "{name}");
        let input = extended["input"].as_array().expect(name);
        assert_eq!(input.len(), len, "{name}: {input:?}");
        assert_eq!(input[len - 1]["call_id"], "call_1", "{name}");
        // No items: the input as it was.
        assert_eq!(
            to_json(&start().extend_input(Vec::<InputItem>::new()).build()),
            to_json(&start().build()),
            "{name}"
        );
    }
    let request = Request::builder()
        .input("first")
        .extend_input([InputItem::assistant("second")])
        .build();
    assert_eq!(
        to_json(&request)["input"],
        json!([
            {"type": "message", "role": "user", "content": "first"},
            {"type": "message", "role": "assistant", "content": "second"}
        ])
    );
}

/// An image sent inline at a chosen resolution: the bytes as a data URL
/// with `detail`, without a base64 crate or taking the part apart.
#[test]
fn image_bytes_with_a_detail() {
    let png = b"\x89PNG\r\n\x1a\n";
    let parts = [
        InputContent::image_bytes_with_detail("image/png", png, ImageDetail::High),
        InputContent::image_bytes_with_detail("image/png", png, "low"),
    ];
    assert_eq!(
        serde_json::to_value(parts).unwrap(),
        json!([
            {"type": "input_image", "detail": "high", "image_url": "data:image/png;base64,iVBORw0KGgo="},
            {"type": "input_image", "detail": "low", "image_url": "data:image/png;base64,iVBORw0KGgo="}
        ])
    );
}

/// Text a program holds as a `String` (a line read from stdin, a tool's
/// result) goes in by reference, as `model(&name)` takes it.
#[test]
fn input_and_content_take_a_borrowed_string() {
    let model = String::from("openai/gpt-4o-mini");
    let line = String::from("What is in the report?");
    let result = String::from(r#"{"temp":21}"#);
    let request = Request::builder().model(&model).input(&line).build();
    assert_eq!(to_json(&request)["input"], json!(line));
    assert_eq!(request.model(), Some(model.as_str()));
    let items = [
        InputItem::user(&line),
        InputItem::function_call_output("call_1", &result),
    ];
    assert_eq!(
        serde_json::to_value(items).unwrap(),
        json!([
            {"type": "message", "role": "user", "content": "What is in the report?"},
            {"type": "function_call_output", "call_id": "call_1", "output": "{\"temp\":21}"}
        ])
    );
}

#[test]
fn content_parts() {
    let parts = vec![
        InputContent::text("look"),
        InputContent::image_url("https://x/cat.png"),
        InputContent::image_url_with_detail("data:image/png;base64,AA", ImageDetail::High),
        InputContent::file_url("https://x/a.pdf"),
        InputContent::file_data("a.pdf", "data:application/pdf;base64,AA"),
        InputContent::file_id("file-1"),
        InputContent::audio("wav", "UklG"),
        InputContent::video_url("https://x/v.mp4"),
        InputText::new("cached")
            .prompt_cache_breakpoint(PromptCacheBreakpoint::explicit())
            .into(),
        InputImage::new("u").detail("original").into(),
        InputFile::new().file_id("f").filename("n").into(),
    ];
    let request = Request::builder()
        .input_item(InputItem::user(parts))
        .build();
    assert_eq!(
        to_json(&request)["input"][0]["content"],
        json!([
            {"type": "input_text", "text": "look"},
            {"type": "input_image", "detail": "auto", "image_url": "https://x/cat.png"},
            {"type": "input_image", "detail": "high", "image_url": "data:image/png;base64,AA"},
            {"type": "input_file", "file_url": "https://x/a.pdf"},
            {"type": "input_file", "file_data": "data:application/pdf;base64,AA", "filename": "a.pdf"},
            {"type": "input_file", "file_id": "file-1"},
            {"type": "input_audio", "input_audio": {"data": "UklG", "format": "wav"}},
            {"type": "input_video", "video_url": "https://x/v.mp4"},
            {"type": "input_text", "text": "cached", "prompt_cache_breakpoint": {"mode": "explicit"}},
            {"type": "input_image", "detail": "original", "image_url": "u"},
            {"type": "input_file", "file_id": "f", "filename": "n"}
        ])
    );
}

#[test]
fn message_with_id_and_phase() {
    let message = InputMessage::new(Role::Assistant, "done").phase(MessagePhase::FinalAnswer);
    let user = InputMessage::new("user", Content::Text("x".into())).id("msg_1");
    let request = Request::builder().input_items([message, user]).build();
    assert_eq!(
        to_json(&request)["input"],
        json!([
            {"type": "message", "role": "assistant", "content": "done", "phase": "final_answer"},
            {"type": "message", "role": "user", "content": "x", "id": "msg_1"}
        ])
    );
}

#[test]
fn function_call_and_its_output() {
    let request = Request::builder()
        .input_item(InputItem::function_call(
            "call_1",
            "get_weather",
            r#"{"city":"Paris"}"#,
        ))
        .input_item(InputItem::function_call_output("call_1", r#"{"temp":20}"#))
        .input_item(
            FunctionCallOutput::new(
                "call_2",
                vec![
                    InputContent::text("see image"),
                    InputContent::image_url("https://x/i.png"),
                ],
            )
            .id("fco_1")
            .status("completed"),
        )
        .build();
    let input = &to_json(&request)["input"];
    assert_eq!(input[0]["type"], "function_call");
    assert_eq!(input[0]["call_id"], "call_1");
    assert_eq!(input[0]["name"], "get_weather");
    assert_eq!(input[0]["arguments"], r#"{"city":"Paris"}"#);
    assert_eq!(
        input[1],
        json!({"type": "function_call_output", "call_id": "call_1", "output": "{\"temp\":20}"})
    );
    assert_eq!(
        input[2],
        json!({
            "type": "function_call_output",
            "call_id": "call_2",
            "output": [
                {"type": "input_text", "text": "see image"},
                {"type": "input_image", "detail": "auto", "image_url": "https://x/i.png"}
            ],
            "id": "fco_1",
            "status": "completed"
        })
    );
}

#[test]
fn function_tools_always_send_parameters() {
    let request = Request::builder()
        .tool(Tool::function(
            "a",
            "does a",
            json!({"type": "object", "properties": {}}),
        ))
        .tool(FunctionTool::new("b"))
        .tool(
            FunctionTool::new("c")
                .description("c!")
                .parameters(Value::Null)
                .strict(true)
                .defer_loading(true),
        )
        .build();
    assert_eq!(
        to_json(&request)["tools"],
        json!([
            {"type": "function", "name": "a", "description": "does a",
             "parameters": {"type": "object", "properties": {}}},
            {"type": "function", "name": "b", "parameters": null},
            {"type": "function", "name": "c", "description": "c!", "parameters": null,
             "strict": true, "defer_loading": true}
        ])
    );
}

#[test]
fn openrouter_server_tools() {
    let request = Request::builder()
        .tools([
            Tool::openrouter_web_search(),
            Tool::openrouter_web_search_with(
                WebSearchConfig::new()
                    .engine(WebSearchEngine::Exa)
                    .allowed_domains(["example.com"])
                    .max_results(5u64)
                    .max_total_results(20u64)
                    .mode(WebSearchMode::Deep)
                    .search_context_size("high")
                    .user_location(UserLocation::new().city("Paris").country("FR")),
            ),
            Tool::openrouter_web_fetch(),
            Tool::openrouter_web_fetch_with(
                WebFetchConfig::new()
                    .engine(WebFetchEngine::OpenRouter)
                    .blocked_domains(["bad.example"])
                    .max_content_tokens(1000u64),
            ),
            Tool::openrouter_datetime(),
            Tool::openrouter_datetime_in("Europe/Paris"),
            Tool::server("openrouter:bash"),
            ServerTool::new("openrouter:image_generation")
                .parameter("model", "openai/gpt-5-image")
                .into(),
        ])
        .build();
    assert_eq!(
        to_json(&request)["tools"],
        json!([
            {"type": "openrouter:web_search"},
            {"type": "openrouter:web_search", "parameters": {
                "engine": "exa", "allowed_domains": ["example.com"], "max_results": 5,
                "max_total_results": 20, "mode": "deep", "search_context_size": "high",
                "user_location": {"type": "approximate", "city": "Paris", "country": "FR"}}},
            {"type": "openrouter:web_fetch"},
            {"type": "openrouter:web_fetch", "parameters": {
                "engine": "openrouter", "blocked_domains": ["bad.example"], "max_content_tokens": 1000}},
            {"type": "openrouter:datetime"},
            {"type": "openrouter:datetime", "parameters": {"timezone": "Europe/Paris"}},
            {"type": "openrouter:bash"},
            {"type": "openrouter:image_generation", "parameters": {"model": "openai/gpt-5-image"}}
        ])
    );
}

#[test]
fn hosted_tools() {
    let request = Request::builder()
        .tools([
            Tool::WebSearchPreview(
                WebSearchTool::new().user_location(UserLocation::new().timezone("UTC")),
            ),
            Tool::WebSearch(
                WebSearchTool::new()
                    .filters(WebSearchFilters::new().allowed_domains(["a.org"]))
                    .max_uses(2u64),
            ),
            Tool::WebSearch20250826(WebSearchTool::new()),
            Tool::WebSearchPreview20250311(WebSearchTool::new()),
            FileSearchTool::new(["vs_1"]).max_num_results(3u64).into(),
            ComputerUseTool::new(1024, 768, "browser").into(),
            CodeInterpreterTool::new(CodeInterpreterContainer::auto()).into(),
            CodeInterpreterTool::new(CodeInterpreterContainer::Id("cntr_1".into())).into(),
            McpTool::new("deepwiki")
                .server_url("https://mcp.example/sse")
                .require_approval(json!("never"))
                .header("X-Key", "k")
                .into(),
            ImageGenerationTool::new()
                .quality("high")
                .size("1024x1024")
                .into(),
            Tool::LocalShell,
            Tool::Shell,
            Tool::ApplyPatch,
            CustomTool::new("sql")
                .description("runs SQL")
                .format(CustomToolFormat::Grammar {
                    syntax: "lark".into(),
                    definition: "start: WORD".into(),
                })
                .into(),
        ])
        .build();
    assert_eq!(
        to_json(&request)["tools"],
        json!([
            {"type": "web_search_preview", "user_location": {"type": "approximate", "timezone": "UTC"}},
            {"type": "web_search", "filters": {"allowed_domains": ["a.org"]}, "max_uses": 2},
            {"type": "web_search_2025_08_26"},
            {"type": "web_search_preview_2025_03_11"},
            {"type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": 3},
            {"type": "computer_use_preview", "display_width": 1024, "display_height": 768,
             "environment": "browser"},
            {"type": "code_interpreter", "container": {"type": "auto"}},
            {"type": "code_interpreter", "container": "cntr_1"},
            {"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.example/sse",
             "headers": {"X-Key": "k"}, "require_approval": "never"},
            {"type": "image_generation", "quality": "high", "size": "1024x1024"},
            {"type": "local_shell"},
            {"type": "shell"},
            {"type": "apply_patch"},
            {"type": "custom", "name": "sql", "description": "runs SQL",
             "format": {"type": "grammar", "syntax": "lark", "definition": "start: WORD"}}
        ])
    );
}

#[test]
fn tool_choice_forms() {
    let cases = [
        (ToolChoice::Auto, json!("auto")),
        (ToolChoice::None, json!("none")),
        (ToolChoice::Required, json!("required")),
        (
            ToolChoice::function("f"),
            json!({"type": "function", "name": "f"}),
        ),
        (
            ToolChoice::AllowedTools {
                mode: "required".into(),
                tools: vec![json!({"type": "function", "name": "f"})],
            },
            json!({"type": "allowed_tools", "mode": "required",
                   "tools": [{"type": "function", "name": "f"}]}),
        ),
        (
            ToolChoice::WebSearchPreview,
            json!({"type": "web_search_preview"}),
        ),
        (
            ToolChoice::WebSearchPreview20250311,
            json!({"type": "web_search_preview_2025_03_11"}),
        ),
        (ToolChoice::ApplyPatch, json!({"type": "apply_patch"})),
        (ToolChoice::Shell, json!({"type": "shell"})),
        (ToolChoice::from("sometimes"), json!("sometimes")),
    ];
    for (choice, expected) in cases {
        let request = Request::builder().tool_choice(choice.clone()).build();
        assert_eq!(to_json(&request)["tool_choice"], expected);
        let back: ToolChoice = serde_json::from_value(expected).expect("decodes");
        assert_eq!(back, choice);
    }
}

#[test]
fn text_format_json_schema_is_flat() {
    let request = Request::builder()
        .text_format(
            JsonSchemaFormat::new("answer", json!({"type": "object"}))
                .description("the answer")
                .strict(true),
        )
        .verbosity(Verbosity::Low)
        .build();
    assert_eq!(
        to_json(&request)["text"],
        json!({
            "format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"},
                       "description": "the answer", "strict": true},
            "verbosity": "low"
        })
    );
    let plain = Request::builder()
        .text(TextConfig::new().format(TextFormat::Text))
        .build();
    assert_eq!(to_json(&plain)["text"], json!({"format": {"type": "text"}}));
    let object = Request::builder()
        .text_format(TextFormat::JsonObject)
        .build();
    assert_eq!(
        to_json(&object)["text"],
        json!({"format": {"type": "json_object"}})
    );
    let short = Request::builder()
        .text_format(TextFormat::json_schema("s", json!({})))
        .build();
    assert_eq!(
        to_json(&short)["text"],
        json!({"format": {"type": "json_schema", "name": "s", "schema": {}}})
    );
}

/// A schema kept in a file (`include_str!("invoice.schema.json")`) is JSON
/// text: every setter that takes a schema sends the object it holds, never
/// a JSON string, which the spec's `schema` and `parameters` (objects) do
/// not take.
#[test]
fn a_schema_given_as_json_text_is_sent_as_the_object() {
    let text =
        r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"#;
    let schema =
        json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]});
    let request = Request::builder()
        .text_format(JsonSchemaFormat::new("place", text).strict(true))
        .tool(Tool::function("get_weather", "Weather", text))
        .tool(FunctionTool::new("get_time").parameters(text.to_owned()))
        .tool(
            NamespaceTool::new("geo", "Places").tool(
                NamespaceFunctionTool::new("locate")
                    .parameters(text)
                    .output_schema(text),
            ),
        )
        .build();
    let body = to_json(&request);
    assert_eq!(body["text"]["format"]["schema"], schema);
    assert_eq!(body["tools"][0]["parameters"], schema);
    assert_eq!(body["tools"][1]["parameters"], schema);
    assert_eq!(body["tools"][2]["tools"][0]["parameters"], schema);
    assert_eq!(body["tools"][2]["tools"][0]["output_schema"], schema);
    let short = TextFormat::json_schema("place", text);
    assert_eq!(serde_json::to_value(&short).unwrap()["schema"], schema);

    // Text that is not JSON of an object stays the string it was: the
    // server says what is wrong with it.
    let not_json = JsonSchemaFormat::new("place", "schema.json");
    assert_eq!(not_json.schema(), &json!("schema.json"));
    // A request read from JSON keeps what it read.
    let read: Request = serde_json::from_value(json!({
        "text": {"format": {"type": "json_schema", "name": "place", "schema": text}}
    }))
    .unwrap();
    assert_eq!(to_json(&read)["text"]["format"]["schema"], json!(text));
}

/// A schema file saved with a byte order mark (as some Windows editors
/// save UTF-8) is still the object it holds.
#[test]
fn a_schema_file_starting_with_a_byte_order_mark_is_sent_as_the_object() {
    let text =
        "\u{feff}{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}\n";
    let schema = json!({"type": "object", "properties": {"city": {"type": "string"}}});
    let request = Request::builder()
        .text_format(JsonSchemaFormat::new("place", text))
        .tool(Tool::function("get_weather", "Weather", text))
        .tool(
            NamespaceTool::new("geo", "Places")
                .tool(NamespaceFunctionTool::new("locate").output_schema(text)),
        )
        .build();
    let body = to_json(&request);
    assert_eq!(body["text"]["format"]["schema"], schema);
    assert_eq!(body["tools"][0]["parameters"], schema);
    assert_eq!(body["tools"][1]["tools"][0]["output_schema"], schema);
    // Text that is not a JSON object after the mark stays as it was, mark
    // included.
    let not_json = JsonSchemaFormat::new("place", "\u{feff}schema.json");
    assert_eq!(not_json.schema(), &json!("\u{feff}schema.json"));
}

#[test]
fn reasoning_fields() {
    let request = Request::builder()
        .reasoning(
            Reasoning::new()
                .effort(ReasoningEffort::High)
                .summary(ReasoningSummaryVerbosity::Detailed)
                .max_tokens(2000u64)
                .enabled(true)
                .context(ReasoningContext::AllTurns)
                .mode(ReasoningMode::Pro),
        )
        .build();
    assert_eq!(
        to_json(&request)["reasoning"],
        json!({"effort": "high", "summary": "detailed", "max_tokens": 2000, "enabled": true,
               "context": "all_turns", "mode": "pro"})
    );
    let effort_only = Request::builder().reasoning_effort("none").build();
    assert_eq!(
        to_json(&effort_only),
        json!({"reasoning": {"effort": "none"}})
    );
}

#[test]
fn sampling_and_limits() {
    let request = Request::builder()
        .max_output_tokens(100u64)
        .temperature(0.7)
        .top_p(0.9)
        .top_k(40u64)
        .top_logprobs(5u64)
        .frequency_penalty(0.5)
        .presence_penalty(-0.5)
        .max_tool_calls(3u64)
        .parallel_tool_calls(false)
        .build();
    assert_eq!(
        to_json(&request),
        json!({"max_output_tokens": 100, "temperature": 0.7, "top_p": 0.9, "top_k": 40,
               "top_logprobs": 5, "frequency_penalty": 0.5, "presence_penalty": -0.5,
               "max_tool_calls": 3, "parallel_tool_calls": false})
    );
}

#[test]
fn stop_conditions() {
    let request = Request::builder()
        .stop_server_tools_when([
            StopCondition::step_count_is(3),
            StopCondition::has_tool_call("done"),
        ])
        .stop_server_tools_on(StopCondition::max_tokens_used(5000))
        .stop_server_tools_on(StopCondition::max_cost(0.25))
        .stop_server_tools_on(StopCondition::finish_reason_is("stop"))
        .build();
    assert_eq!(
        to_json(&request)["stop_server_tools_when"],
        json!([
            {"type": "step_count_is", "step_count": 3},
            {"type": "has_tool_call", "tool_name": "done"},
            {"type": "max_tokens_used", "max_tokens": 5000},
            {"type": "max_cost", "max_cost_in_dollars": 0.25},
            {"type": "finish_reason_is", "reason": "stop"}
        ])
    );
}

#[test]
fn models_metadata_modalities_and_image_config() {
    let request = Request::builder()
        .model("a/b")
        .models(["c/d"])
        .fallback_model("e/f")
        .metadata([("k1", "v1")])
        .metadata_entry("k2", "v2")
        .modalities([Modality::Text])
        .modality("image")
        .image_config([("aspect_ratio", json!("16:9"))])
        .image_config_entry("n", 2)
        .build();
    assert_eq!(
        to_json(&request),
        json!({
            "model": "a/b",
            "models": ["c/d", "e/f"],
            "metadata": {"k1": "v1", "k2": "v2"},
            "modalities": ["text", "image"],
            "image_config": {"aspect_ratio": "16:9", "n": 2}
        })
    );
}

#[test]
fn caching_prompt_and_state_fields() {
    let request = Request::builder()
        .prompt_cache_key("key")
        .prompt_cache_options(PromptCacheOptions::explicit().ttl("1h"))
        .cache_control(CacheControl::ephemeral().ttl(CacheControlTtl::OneHour))
        .prompt(
            Prompt::new("pmpt_1")
                .variable("city", "Paris")
                .variable("pic", InputContent::image_url("https://x/p.png")),
        )
        .previous_response_id("resp_1")
        .store(false)
        .background(true)
        .include([Include::ReasoningEncryptedContent])
        .include_one("file_search_call.results")
        .build();
    assert_eq!(
        to_json(&request),
        json!({
            "prompt_cache_key": "key",
            "prompt_cache_options": {"mode": "explicit", "ttl": "1h"},
            "cache_control": {"type": "ephemeral", "ttl": "1h"},
            "prompt": {"id": "pmpt_1", "variables": {
                "city": "Paris",
                "pic": {"type": "input_image", "detail": "auto", "image_url": "https://x/p.png"}}},
            "previous_response_id": "resp_1",
            "store": false,
            "background": true,
            "include": ["reasoning.encrypted_content", "file_search_call.results"]
        })
    );
}

#[test]
fn identity_tier_and_observability_fields() {
    let request = Request::builder()
        .instructions("be brief")
        .safety_identifier("hash-1")
        .service_tier(ServiceTier::Priority)
        .truncation(Truncation::Disabled)
        .user("user-1")
        .session_id("sess-1")
        .trace(
            Trace::new()
                .trace_id("t")
                .trace_name("tn")
                .span_name("sn")
                .generation_name("gn")
                .parent_span_id("p")
                .field("team", "search"),
        )
        .debug(DebugOptions::new().echo_upstream_body(true))
        .x_search_filter(
            XSearchFilter::new()
                .allowed_x_handles(["openrouter"])
                .from_date("2025-01-01")
                .to_date("2025-12-31")
                .enable_image_understanding(true)
                .enable_video_understanding(false),
        )
        .build();
    assert_eq!(
        to_json(&request),
        json!({
            "instructions": "be brief",
            "safety_identifier": "hash-1",
            "service_tier": "priority",
            "truncation": "disabled",
            "user": "user-1",
            "session_id": "sess-1",
            "trace": {"trace_id": "t", "trace_name": "tn", "span_name": "sn",
                      "generation_name": "gn", "parent_span_id": "p", "team": "search"},
            "debug": {"echo_upstream_body": true},
            "x_search_filter": {"allowed_x_handles": ["openrouter"], "from_date": "2025-01-01",
                                "to_date": "2025-12-31", "enable_image_understanding": true,
                                "enable_video_understanding": false}
        })
    );
}

#[test]
fn provider_preferences() {
    let request = Request::builder()
        .provider(
            Provider::new()
                .allow_fallbacks(false)
                .require_parameters(true)
                .data_collection(DataCollection::Deny)
                .zdr(true)
                .enforce_distillable_text(false)
                .order(["anthropic", "OpenAI"])
                .only(["anthropic"])
                .ignore(["azure"])
                .quantizations([Quantization::Fp8, Quantization::from("int3")])
                .sort("throughput")
                .max_price(
                    MaxPrice::new()
                        .prompt(1)
                        .completion(2.5)
                        .image("0.01")
                        .audio(String::from("3"))
                        .request(0u32),
                )
                .preferred_max_latency(1.5)
                .preferred_min_throughput(Percentiles::new().p50(50.0).p90(20.0)),
        )
        .build();
    assert_eq!(
        to_json(&request)["provider"],
        json!({
            "allow_fallbacks": false,
            "require_parameters": true,
            "data_collection": "deny",
            "zdr": true,
            "enforce_distillable_text": false,
            "order": ["anthropic", "OpenAI"],
            "only": ["anthropic"],
            "ignore": ["azure"],
            "quantizations": ["fp8", "int3"],
            "sort": "throughput",
            "max_price": {"prompt": "1", "completion": "2.5", "image": "0.01", "audio": "3", "request": "0"},
            "preferred_max_latency": 1.5,
            "preferred_min_throughput": {"p50": 50.0, "p90": 20.0}
        })
    );
}

#[test]
fn provider_sort_object_form() {
    let provider = Provider::new().sort(
        SortConfig::new()
            .by(SortBy::Latency)
            .partition(SortPartition::Model),
    );
    let request = Request::builder().provider(provider).build();
    assert_eq!(
        to_json(&request)["provider"],
        json!({"sort": {"by": "latency", "partition": "model"}})
    );
}

#[test]
fn plugins() {
    let request = Request::builder()
        .plugins([Plugin::web(), Plugin::moderation()])
        .plugin(
            WebSearchPlugin::new()
                .engine("exa")
                .max_results(3u64)
                .include_domains(["*.gov"])
                .search_prompt("Sources:"),
        )
        .plugin(WebFetchPlugin::new().max_uses(2u64))
        .plugin(Plugin::file_parser(PdfEngine::MistralOcr))
        .plugin(FileParserPlugin::new().enabled(false))
        .plugin(Plugin::response_healing())
        .plugin(Plugin::context_compression())
        .plugin(
            ContextCompressionPlugin::new()
                .engine("middle-out")
                .enabled(true),
        )
        .plugin(
            AutoRouterPlugin::new()
                .allowed_models(["anthropic/*"])
                .cost_tier("low")
                .pin_model(true),
        )
        .plugin(Plugin::AutoBetaRouter(
            AutoRouterPlugin::new().enabled(true),
        ))
        .build();
    assert_eq!(
        to_json(&request)["plugins"],
        json!([
            {"id": "web"},
            {"id": "moderation"},
            {"id": "web", "engine": "exa", "max_results": 3, "search_prompt": "Sources:",
             "include_domains": ["*.gov"]},
            {"id": "web-fetch", "max_uses": 2},
            {"id": "file-parser", "pdf": {"engine": "mistral-ocr"}},
            {"id": "file-parser", "enabled": false},
            {"id": "response-healing"},
            {"id": "context-compression"},
            {"id": "context-compression", "enabled": true, "engine": "middle-out"},
            {"id": "auto-router", "allowed_models": ["anthropic/*"], "cost_tier": "low",
             "pin_model": true},
            {"id": "auto-beta-router", "enabled": true}
        ])
    );
}

#[test]
fn extra_sends_unmodelled_parameters_and_last_write_wins() {
    let request = Request::builder()
        .model("m")
        .extra("new_feature", json!({"on": true}))
        .temperature(0.1)
        .extra("temperature", json!("0.2"))
        .extra("top_p", json!(0.3))
        .top_p(0.4)
        .build();
    assert_eq!(
        to_json(&request),
        json!({"model": "m", "new_feature": {"on": true}, "temperature": "0.2", "top_p": 0.4})
    );
}

#[test]
fn open_enums_send_unknown_strings_unchanged() {
    let request = Request::builder()
        .service_tier("turbo-tier")
        .truncation("smart")
        .reasoning(Reasoning::new().effort("ultra").summary("brief"))
        .verbosity("loud")
        .include_one("future.field")
        .build();
    assert_eq!(
        to_json(&request),
        json!({
            "service_tier": "turbo-tier",
            "truncation": "smart",
            "reasoning": {"effort": "ultra", "summary": "brief"},
            "text": {"verbosity": "loud"},
            "include": ["future.field"]
        })
    );
    assert_eq!(ServiceTier::from("turbo-tier").as_str(), "turbo-tier");
    assert_eq!(ServiceTier::from("flex"), ServiceTier::Flex);
}

#[test]
fn prices_given_as_numbers_are_sent_as_decimal_strings() {
    let price = |p: MaxPrice| serde_json::to_value(Provider::new().max_price(p)).unwrap();
    assert_eq!(
        price(
            MaxPrice::new()
                .prompt(0.0000001)
                .completion(1e21)
                .request(-3)
        ),
        json!({"max_price": {"prompt": "0.0000001", "completion": "1000000000000000000000", "request": "-3"}})
    );
}

#[test]
fn a_price_given_as_a_nan_or_infinite_f64_fails_serialization_naming_its_member() {
    use openrouter_responses::request::Price;
    type Set = fn(MaxPrice, f64) -> MaxPrice;
    let members: [(&str, Set); 5] = [
        ("prompt", |p, x| p.prompt(x)),
        ("completion", |p, x| p.completion(x)),
        ("image", |p, x| p.image(x)),
        ("audio", |p, x| p.audio(x)),
        ("request", |p, x| p.request(x)),
    ];
    for (member, set) in members {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let provider = Provider::new().max_price(set(MaxPrice::new().prompt("1"), x));
            let err = serde_json::to_string(&provider).expect_err(member);
            assert!(
                err.to_string()
                    .contains(&format!("`provider.max_price.{member}` is {x}")),
                "{member}: {err}"
            );
            assert!(serde_json::to_value(&provider).is_err(), "{member}");
        }
    }
    // A price alone fails too, and a finite one put in the variant by hand
    // is written as From<f64> writes it.
    assert!(serde_json::to_string(&Price::from(f64::NAN)).is_err());
    assert_eq!(
        serde_json::to_value(Price::NotFinite(2.5)).unwrap(),
        json!("2.5")
    );
    assert_eq!(Price::from(2.5), Price::Text("2.5".into()));
    // Text is sent as given.
    assert_eq!(
        serde_json::to_value(MaxPrice::new().prompt("inf")).unwrap(),
        json!({"prompt": "inf"})
    );
}

#[test]
fn a_request_turns_back_into_a_builder_with_every_field() {
    let first = Request::builder()
        .model("openai/gpt-4o-mini")
        .fallback_model("anthropic/claude-sonnet-4")
        .instructions("Be brief")
        .input("Hi")
        .tool(Tool::function("f", "does f", json!({"type": "object"})))
        .temperature(0.5)
        .extra("future_field", json!({"x": 1}))
        .build();
    // Unchanged, it builds the same request.
    let same = first.clone().into_builder().build();
    assert_eq!(to_json(&same), to_json(&first));
    // Changed, only what was set differs; an extra can be replaced by the
    // setter of the same name, as on a fresh builder.
    let next = openrouter_responses::RequestBuilder::from(first.clone())
        .input_items([InputItem::user("Again")])
        .temperature(0.1)
        .extra("future_field", json!(2))
        .build();
    let (mut a, b) = (to_json(&first), to_json(&next));
    a["input"] = json!([{"type": "message", "role": "user", "content": "Again"}]);
    a["temperature"] = json!(0.1);
    a["future_field"] = json!(2);
    assert_eq!(a, b);
}

#[test]
fn a_built_request_reads_back_what_was_set() {
    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .fallback_model("anthropic/claude-sonnet-4")
        .instructions("Be brief")
        .input("Hi")
        .tool(Tool::function("f", "does f", json!({"type": "object"})))
        .max_output_tokens(64)
        .top_p(0.5)
        .store(false)
        .previous_response_id("resp_0")
        .include_one(Include::ReasoningEncryptedContent)
        .extra("future_field", json!([1]))
        .build();
    assert_eq!(request.model(), Some("openai/gpt-4o-mini"));
    assert_eq!(
        request.models(),
        Some(&["anthropic/claude-sonnet-4".to_string()][..])
    );
    assert_eq!(request.instructions(), Some("Be brief"));
    assert!(matches!(request.input(), Some(openrouter_responses::Input::Text(t)) if t == "Hi"));
    assert_eq!(request.tools().map(<[Tool]>::len), Some(1));
    assert_eq!(request.max_output_tokens(), Some(64));
    assert_eq!(request.top_p(), Some(0.5));
    assert_eq!(request.store(), Some(false));
    assert_eq!(request.previous_response_id(), Some("resp_0"));
    assert_eq!(
        request.include(),
        Some(&[Include::ReasoningEncryptedContent][..])
    );
    assert_eq!(request.extra()["future_field"], json!([1]));
    // Unset fields read as `None`.
    assert_eq!((request.temperature(), request.user()), (None, None));
    assert!(request.provider().is_none() && request.plugins().is_none());
}

/// A request that carries files inline (megabytes of base64) prints with
/// `{:?}` (a log line, a failed `assert_eq!`) in a bounded size: each long
/// string of a content part shows its first 1000 characters and its length,
/// as an error's `Debug` does; short ones show as they are.
#[test]
fn debug_of_a_request_with_inline_files_is_bounded() {
    let big = vec![0x5a_u8; 3 << 20];
    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .input_items([InputItem::user(vec![
            InputContent::text("What is in these?"),
            InputContent::image_bytes("image/png", &big),
            InputContent::file_bytes("scan.pdf", "application/pdf", &big),
            InputContent::audio_bytes("wav", &big),
            InputContent::video_bytes("video/mp4", &big),
        ])])
        .build();
    let shown = format!("{request:?}");
    assert!(shown.len() < 8_000, "{} bytes", shown.len());
    // `data:image/png;base64,` and `data:video/mp4;base64,` are as long.
    assert_eq!(
        shown.matches("… (4194326 bytes in all)").count(),
        2,
        "image, video"
    );
    assert_eq!(shown.matches("… (4194332 bytes in all)").count(), 1, "file");
    assert_eq!(
        shown.matches("… (4194304 bytes in all)").count(),
        1,
        "audio"
    );
    assert!(
        shown.contains("\"data:application/pdf;base64,WlpaWlpa"),
        "{shown:.300}"
    );
    assert!(
        shown.contains("filename: Some(\"scan.pdf\")"),
        "{shown:.300}"
    );

    assert_eq!(
        format!("{:?}", InputImage::new("https://example.com/a.png")),
        r#"InputImage { detail: Auto, image_url: Some("https://example.com/a.png"), file_id: None }"#
    );
    assert_eq!(
        format!("{:?}", InputFile::new().file_id("file-1").filename("a.pdf")),
        r#"InputFile { file_id: Some("file-1"), file_data: None, file_url: None, filename: Some("a.pdf") }"#
    );
    assert_eq!(
        format!("{:?}", InputContent::audio("wav", "UklGRg==")),
        r#"Audio(InputAudio { input_audio: AudioData { data: "UklGRg==", format: Wav } })"#
    );
    assert_eq!(
        format!("{:?}", InputContent::video_url("https://example.com/v.mp4")),
        r#"Video(InputVideo { video_url: "https://example.com/v.mp4", processing: None })"#
    );
}

/// Parts, items and tools held raw (a member not modelled, a kind not
/// known) that carry a multi-megabyte data URL print in a bounded size too:
/// each long string of the raw value by its first 1000 characters and its
/// length. Short raw values print as `serde_json::Value` prints them.
#[test]
fn debug_of_raw_values_with_inline_data_is_bounded() {
    use openrouter_responses::request::{AgentContent, TextFormat, Tool};

    let url = format!("data:image/png;base64,{}", "iVBORw0KGgo".repeat(400_000));
    let part = json!({"type": "input_image", "image_url": url, "x-part": 1});
    let body = json!({"model": "m", "input": [
        {"role": "user", "content": [part]},
        {"type": "message", "role": "user", "content": [part], "x-item": 1},
        {"type": "agent_message", "author": "a", "recipient": "b", "content": [part]},
        {"type": "input_hologram", "data": url},
    ], "tools": [{"type": "teleport", "map": url}],
       "text": {"format": {"type": "yaml", "schema": url}}});
    let request: Request = serde_json::from_value(body).unwrap();
    let shown = format!("{request:?}");
    assert!(shown.len() < 12_000, "{} bytes", shown.len());
    assert_eq!(
        shown.matches("… (4400022 bytes in all)").count(),
        6,
        "{shown:.300}"
    );
    assert_eq!(shown.matches("… (4400000 bytes in all)").count(), 0);
    let lone: InputContent = serde_json::from_value(part.clone()).unwrap();
    let shown = format!("{lone:#?}");
    assert!(shown.len() < 3_000, "{} bytes", shown.len());
    assert!(shown.contains("… (4400022 bytes in all)"), "{shown:.300}");

    let small = json!({"type": "input_hologram", "ok": [true, null, 1.5, -2, "é\n"], "o": {}});
    for (shown, expected) in [
        (
            format!("{:?}", InputContent::Unknown(small.clone())),
            format!("Unknown({small:?})"),
        ),
        (
            format!("{:#?}", InputItem::Unknown(small.clone())),
            format!("{:#?}", Some(&small)).replacen("Some", "Unknown", 1),
        ),
        (
            format!("{:?}", AgentContent::Unknown(small.clone())),
            format!("Unknown({small:?})"),
        ),
        (
            format!("{:?}", Tool::Unknown(small.clone())),
            format!("Unknown({small:?})"),
        ),
        (
            format!("{:?}", TextFormat::Unknown(small.clone())),
            format!("Unknown({small:?})"),
        ),
        (format!("{:?}", TextFormat::Text), "Text".to_owned()),
        (
            format!("{:?}", InputContent::text("hi")),
            r#"Text(InputText { text: "hi", prompt_cache_breakpoint: None })"#.to_owned(),
        ),
    ] {
        assert_eq!(shown, expected);
    }
}

/// A generated image sent back as the next turn's input (an
/// `image_generation_call` item from `to_input_items()`), in the response it
/// came in, and in the stream's events, prints in a bounded size too.
#[test]
fn debug_of_a_generated_image_is_bounded() {
    let image = "iVBORw0KGgo".repeat(300_000);
    let response: Response = serde_json::from_value(json!({
        "id": "resp_1",
        "output": [
            {"type": "image_generation_call", "id": "ig_1", "status": "completed",
             "result": image, "prompt": "a lighthouse"},
            {"type": "openrouter:image_generation", "id": "ig_2", "result": image,
             "imageB64": image, "imageUrl": "https://example.com/a.png"}
        ]
    }))
    .unwrap();
    let request = Request::builder()
        .model("openai/gpt-image-1")
        .input_items(response.to_input_items())
        .build();
    for shown in [format!("{response:?}"), format!("{request:?}")] {
        assert!(shown.len() < 8_000, "{} bytes", shown.len());
        assert_eq!(shown.matches("… (3300000 bytes in all)").count(), 3);
        assert!(
            shown.contains("prompt: Some(\"a lighthouse\")"),
            "{shown:.300}"
        );
    }
    let event = StreamEvent::from_json(
        &json!({"type": "response.image_generation_call.partial_image", "output_index": 0,
                "item_id": "ig_1", "partial_image_b64": image, "partial_image_index": 0})
        .to_string(),
    )
    .unwrap();
    let shown = format!("{event:?}");
    assert!(shown.len() < 3_000, "{} bytes", shown.len());
    assert!(shown.contains("… (3300000 bytes in all)"), "{shown:.300}");
    assert!(shown.contains("partial_image_index: 0"), "{shown:.300}");
}

/// Every member of a request held as raw JSON (an `extra` member, a schema,
/// a union variant of a kind not known, a struct-style union holding a
/// member it does not model, a tool's parameters, headers or options)
/// prints in a bounded size: each long string by its first 1000 characters
/// and its length, in `{:?}` and `{:#?}` alike.
#[test]
fn debug_of_every_raw_member_of_a_request_is_bounded() {
    let long = format!("data:image/png;base64,{}", "iVBORw0KGgo".repeat(100_000));
    let request = request_with_raw_members(&long);
    let json = serde_json::to_string(&request).unwrap();
    let places = json.matches(&long).count();
    assert_eq!(places, 23);
    let marker = format!("… ({} bytes in all)", long.len());
    for shown in [format!("{request:?}"), format!("{request:#?}")] {
        assert!(shown.len() < 60_000, "{} bytes", shown.len());
        assert_eq!(shown.matches(&marker).count(), places, "{shown:.3000}");
    }

    // Short strings show as `serde_json::Value` shows them, in their place
    // (compared line by line without the indentation, which depends on it).
    let request = request_with_raw_members("é\n\"");
    let raw = json!({"type": "hologram", "blob": "é\n\""});
    let extra = request.extra().clone();
    let flat = |s: &str| {
        s.lines()
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (shown, parts) in [
        (
            format!("{request:?}"),
            [format!("extra: {extra:?} }}"), format!("Unknown({raw:?})")],
        ),
        (
            format!("{request:#?}"),
            [
                format!("extra: {extra:#?},\n}}"),
                format!("Unknown(\n{raw:#?},\n)"),
            ],
        ),
    ] {
        assert!(!shown.contains(" bytes in all)"), "{shown}");
        for part in parts {
            assert!(flat(&shown).contains(&flat(&part)), "{part}\n{shown}");
        }
    }
}

/// A request holding `long` in each of its raw members.
fn request_with_raw_members(long: &str) -> Request {
    let raw = json!({"type": "hologram", "blob": long});
    let body = json!({
        "model": "m",
        "input": "hi",
        "x-attachment": {"data": long, "list": [long]},
        "image_config": {"reference": long},
        "trace": {"trace_id": "t", "x-blob": long},
        "plugins": [
            {"id": "response-healing", "enabled": true, "x-blob": long},
            {"id": "fusion", "tools": [raw]},
            {"id": "hologram", "blob": long},
        ],
        "stop_server_tools_when": [{"type": "step_count_is", "step_count": 2, "x": long}, raw],
        "tool_choice": {"type": "allowed_tools", "mode": "auto", "tools": [raw]},
        "tools": [
            {"type": "function", "name": "f", "parameters": {"default": long}},
            {"type": "mcp", "server_label": "s", "headers": {"x-token": long}},
            {"type": "custom", "name": "c", "format": raw},
            {"type": "custom", "name": "g",
             "format": {"type": "grammar", "syntax": "lark", "definition": "d", "x": long}},
            {"type": "openrouter:image_generation", "parameters": {"model": "i", "reference": long}},
            {"type": "openrouter:bash", "parameters": {"environment": raw, "x-blob": long}},
            {"type": "code_interpreter", "container": raw},
            {"type": "file_search", "vector_store_ids": ["v"], "filters": raw},
            {"type": "namespace", "name": "n", "description": "d", "tools": [
                {"type": "function", "name": "h", "parameters": {"a": long}, "output_schema": {"b": long}},
                raw,
            ]},
        ],
        "text": {"format": {"type": "json_schema", "name": "s", "schema": {"description": long}}},
    });
    serde_json::from_value(body).unwrap()
}

#[test]
fn a_float_json_cannot_hold_fails_serialization_instead_of_writing_null() {
    use openrouter_responses::request::{
        AdvisorConfig, FusionConfig, ParetoRouterPlugin, SubagentConfig,
    };
    type Build = fn(f64) -> Request;
    let setters: Vec<(&str, Build)> = vec![
        ("temperature", |x| Request::builder().temperature(x).build()),
        ("top_p", |x| Request::builder().top_p(x).build()),
        ("frequency_penalty", |x| {
            Request::builder().frequency_penalty(x).build()
        }),
        ("presence_penalty", |x| {
            Request::builder().presence_penalty(x).build()
        }),
        ("max_cost", |x| {
            Request::builder()
                .stop_server_tools_on(StopCondition::max_cost(x))
                .build()
        }),
        ("preferred_max_latency", |x| {
            Request::builder()
                .provider(Provider::new().preferred_max_latency(x))
                .build()
        }),
        ("p90", |x| {
            let cutoffs = Percentiles::new().p50(1.0).p90(x);
            Request::builder()
                .provider(Provider::new().preferred_min_throughput(cutoffs))
                .build()
        }),
        ("pareto max_price", |x| {
            Request::builder()
                .plugin(ParetoRouterPlugin::new().max_price(x))
                .build()
        }),
        ("pareto min_coding_score", |x| {
            Request::builder()
                .plugin(ParetoRouterPlugin::new().min_coding_score(x))
                .build()
        }),
        ("advisor temperature", |x| {
            Request::builder()
                .tool(Tool::openrouter_advisor(
                    AdvisorConfig::new().temperature(x),
                ))
                .build()
        }),
        ("subagent temperature", |x| {
            Request::builder()
                .tool(Tool::openrouter_subagent(
                    SubagentConfig::new().temperature(x),
                ))
                .build()
        }),
        ("fusion temperature", |x| {
            Request::builder()
                .tool(Tool::openrouter_fusion(FusionConfig::new().temperature(x)))
                .build()
        }),
    ];
    for (field, build) in setters {
        let finite = serde_json::to_string(&build(0.5)).expect("serializes");
        assert!(
            finite.contains("0.5") && !finite.contains("null"),
            "{finite}"
        );
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            // serde_json writes a non-finite float as `null`: an unset
            // field to the server (no cost limit, the default temperature).
            let err = serde_json::to_string(&build(x)).expect_err(field);
            // The message names the member (the last word of `field`).
            let member = field.rsplit(' ').next().unwrap_or(field);
            assert!(
                err.to_string().contains("JSON cannot hold")
                    && err.to_string().contains(&format!("`{member}")),
                "{field}: {err}"
            );
            assert!(serde_json::to_value(build(x)).is_err(), "{field}");
        }
    }
}

#[test]
fn a_cutoff_json_cannot_hold_is_named_by_its_one_member() {
    use openrouter_responses::request::PerformanceCutoff;
    type Build = fn(Provider, f64) -> Provider;
    let members: [(&str, &str, Build); 2] = [
        (
            "preferred_max_latency",
            "preferred_min_throughput",
            |p, x| p.preferred_max_latency(x),
        ),
        (
            "preferred_min_throughput",
            "preferred_max_latency",
            |p, x| p.preferred_min_throughput(x),
        ),
    ];
    for (member, other, set) in members {
        for x in [f64::NAN, f64::INFINITY] {
            // The other member set and finite: only the one at fault is named.
            let provider = set(Provider::new(), x);
            let provider = if other == "preferred_max_latency" {
                provider.preferred_max_latency(1.0)
            } else {
                provider.preferred_min_throughput(1.0)
            };
            let request = Request::builder().provider(provider).build();
            let err = serde_json::to_string(&request).unwrap_err().to_string();
            assert!(
                err.contains(&format!("`{member}` is {x}")) && !err.contains(other),
                "{member}: {err}"
            );
        }
    }
    // Written on its own, a cutoff is in no member.
    let err = serde_json::to_string(&PerformanceCutoff::from(f64::NAN)).unwrap_err();
    assert!(
        err.to_string().contains("a performance cutoff is NaN")
            && !err.to_string().contains("preferred"),
        "{err}"
    );
}

#[test]
fn a_parameter_set_typed_and_by_name_is_written_once_the_last_set() {
    use openrouter_responses::request::{
        AdvisorConfig, ApplyPatchConfig, ApplyPatchEngine, BashConfig, BashEngine, FusionConfig,
        ImageGenerationConfig, SearchModelsConfig, ShellConfig, ShellEngine, SubagentConfig,
        ToolSearchConfig,
    };
    // Each pair: the typed setter then the same member by name, and the
    // other way round; each body names the member once, with the value set
    // last (the two values differ).
    let pairs: Vec<(&str, String, String)> = vec![
        (
            "temperature",
            text(&Tool::openrouter_advisor(
                AdvisorConfig::new()
                    .temperature(0.5)
                    .extra("temperature", 1),
            )),
            text(&Tool::openrouter_advisor(
                AdvisorConfig::new()
                    .extra("temperature", 1)
                    .temperature(0.5),
            )),
        ),
        (
            "max_tool_calls",
            text(&Tool::openrouter_subagent(
                SubagentConfig::new()
                    .max_tool_calls(3)
                    .extra("max_tool_calls", 4),
            )),
            text(&Tool::openrouter_subagent(
                SubagentConfig::new()
                    .extra("max_tool_calls", 4)
                    .max_tool_calls(3),
            )),
        ),
        (
            "tools",
            text(&Tool::openrouter_fusion(
                FusionConfig::new()
                    .tools(Vec::<Tool>::new())
                    .extra("tools", json!([{"type": "openrouter:web_search"}])),
            )),
            text(&Tool::openrouter_fusion(
                FusionConfig::new()
                    .extra("tools", json!([{"type": "openrouter:web_search"}]))
                    .tools(Vec::<Tool>::new()),
            )),
        ),
        (
            "analysis_models",
            text(&Tool::openrouter_fusion(
                FusionConfig::new()
                    .analysis_models(["a"])
                    .extra("analysis_models", json!(["b"])),
            )),
            text(&Tool::openrouter_fusion(
                FusionConfig::new()
                    .extra("analysis_models", json!(["b"]))
                    .analysis_models(["a"]),
            )),
        ),
        (
            "model",
            text(&Tool::openrouter_image_generation(
                ImageGenerationConfig::new().model("a").option("model", "b"),
            )),
            text(&Tool::openrouter_image_generation(
                ImageGenerationConfig::new().option("model", "b").model("a"),
            )),
        ),
        (
            "engine",
            text(&Tool::openrouter_bash(
                BashConfig::new()
                    .engine(BashEngine::Auto)
                    .extra("engine", "x"),
            )),
            text(&Tool::openrouter_shell(
                ShellConfig::new()
                    .extra("engine", "x")
                    .engine(ShellEngine::Auto),
            )),
        ),
        (
            "engine",
            text(&Tool::openrouter_apply_patch(
                ApplyPatchConfig::new()
                    .engine(ApplyPatchEngine::Auto)
                    .extra("engine", "x"),
            )),
            text(&Tool::openrouter_apply_patch(
                ApplyPatchConfig::new()
                    .extra("engine", "x")
                    .engine(ApplyPatchEngine::Auto),
            )),
        ),
        (
            "max_results",
            text(&Tool::openrouter_tool_search(
                ToolSearchConfig::new()
                    .max_results(2)
                    .extra("max_results", 9),
            )),
            text(&Tool::openrouter_search_models(
                SearchModelsConfig::new()
                    .extra("max_results", 9)
                    .max_results(2),
            )),
        ),
        (
            "trace_id",
            text(&Trace::new().trace_id("a").field("trace_id", "b")),
            text(&Trace::new().field("trace_id", "b").trace_id("a")),
        ),
    ];
    for (key, named_last, typed_last) in pairs {
        let named = format!("\"{key}\":");
        for body in [&named_last, &typed_last] {
            assert_eq!(body.matches(&named).count(), 1, "{body}");
        }
        let read = |body: &str| serde_json::from_str::<Value>(body).unwrap();
        let found = |v: &Value| -> Value {
            let v = v.get("parameters").unwrap_or(v);
            v[key].clone()
        };
        let (named, typed) = (found(&read(&named_last)), found(&read(&typed_last)));
        assert_ne!(
            named, typed,
            "the last value set is sent: {named_last} / {typed_last}"
        );
    }
}

fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serializes")
}

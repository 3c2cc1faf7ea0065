//! Typed tool shapes: exact JSON, value and JSON round trips, and unknown
//! values kept (open enums, raw JSON fallbacks, extra parameters).

use openrouter_responses::request::{
    AdvisorConfig, AllowedCaller, AllowedTool, AllowedToolsMode, ApplyPatchConfig,
    ApplyPatchEngine, AutoContainer, BashConfig, BashEngine, CacheControl,
    CodeInterpreterContainer, CodeInterpreterTool, ComparisonFilter, ComparisonOp, CustomTool,
    FileSearchFilter, FileSearchTool, FilterValue, FunctionTool, FusionConfig, ImageBackground,
    ImageGenerationConfig, ImageGenerationTool, ImageMask, ImageQuality, McpAllowedTools,
    McpApprovalMode, McpApprovalRules, McpConnector, McpRequireApproval, McpTool, McpToolFilter,
    MemoryLimit, NamespaceFunctionTool, NamespaceMember, NamespaceTool, Ranker, RankingOptions,
    ReasoningEffort, SandboxEnvironment, SearchModelsConfig, ServerTool, ServerToolReasoning,
    ShellConfig, ShellEngine, SubagentConfig, Tool, ToolChoice, ToolSearchConfig,
};
use openrouter_responses::Request;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Asserts that `value` serializes to `expected`, decodes back to an equal
/// value, and re-serializes to the same JSON.
fn assert_exact<T>(value: &T, expected: Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + 'static,
{
    let json = serde_json::to_value(value).expect("serializes");
    assert_eq!(json, expected, "JSON");
    check_tool_type(value, &json);
    let back: T = serde_json::from_value(json.clone()).expect("decodes");
    assert_eq!(&back, value, "value round trip");
    assert_eq!(
        serde_json::to_value(&back).expect("serializes"),
        json,
        "JSON round trip"
    );
}

/// Asserts that `json` decodes as `T` and writes back unchanged.
fn assert_kept<T>(json: Value) -> T
where
    T: Serialize + DeserializeOwned + 'static,
{
    let decoded: T = serde_json::from_value(json.clone()).expect("decodes");
    check_tool_type(&decoded, &json);
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), json);
    decoded
}

/// When `value` is a tool (or a request), its `tool_type()` is the `type`
/// its JSON has.
fn check_tool_type<T: 'static>(value: &T, json: &Value) {
    let any: &dyn std::any::Any = value;
    let tools: Vec<(&Tool, &Value)> = if let Some(tool) = any.downcast_ref::<Tool>() {
        vec![(tool, json)]
    } else if let Some(request) = any.downcast_ref::<Request>() {
        let listed = json["tools"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        request.tools().unwrap_or(&[]).iter().zip(listed).collect()
    } else {
        Vec::new()
    };
    for (tool, json) in tools {
        assert_eq!(Some(tool.tool_type()), json["type"].as_str(), "{json}");
    }
}

fn schema() -> Value {
    json!({"type": "object", "properties": {"order_id": {"type": "string"}}})
}

#[test]
fn namespace_tool_exact_json_and_round_trip() {
    let tool: Tool = NamespaceTool::new("billing", "Billing tools")
        .tool(
            NamespaceFunctionTool::new("refund")
                .description("Refund an order")
                .parameters(schema())
                .strict(true)
                .defer_loading(true)
                .allowed_callers([AllowedCaller::Direct, AllowedCaller::Programmatic])
                .output_schema(json!({"type": "object"})),
        )
        .tool(NamespaceFunctionTool::new("bare"))
        .tool(CustomTool::new("note"))
        .into();
    assert_exact(
        &tool,
        json!({
            "type": "namespace", "name": "billing", "description": "Billing tools",
            "tools": [
                {"type": "function", "name": "refund", "description": "Refund an order",
                 "parameters": schema(), "strict": true, "defer_loading": true,
                 "allowed_callers": ["direct", "programmatic"],
                 "output_schema": {"type": "object"}},
                {"type": "function", "name": "bare"},
                {"type": "custom", "name": "note"}
            ]
        }),
    );
    assert!(matches!(tool, Tool::Namespace(_)));
}

#[test]
fn namespace_keeps_unknown_members_and_callers() {
    let json = json!({
        "type": "namespace", "name": "n", "description": "d",
        "tools": [
            {"type": "function", "name": "f", "allowed_callers": ["robot"]},
            {"type": "hologram", "beam": 3}
        ]
    });
    let tool: Tool = assert_kept(json.clone());
    let Tool::Namespace(ns) = tool else {
        panic!("not a namespace: {tool:?}")
    };
    let rebuilt = NamespaceTool::new("n", "d")
        .tool(NamespaceFunctionTool::new("f").allowed_callers(["robot"]))
        .tool(NamespaceMember::Unknown(
            json!({"type": "hologram", "beam": 3}),
        ));
    assert_eq!(ns, rebuilt);
    assert_eq!(
        AllowedCaller::from("robot"),
        AllowedCaller::Other("robot".into())
    );
}

#[test]
fn file_search_filters_and_ranking_exact_json() {
    let tool = FileSearchTool::new(["vs_1"])
        .filters(FileSearchFilter::or([
            FileSearchFilter::eq("lang", "en"),
            FileSearchFilter::ne("draft", true),
            FileSearchFilter::gt("score", 0.5),
            FileSearchFilter::gte("year", 2020),
            FileSearchFilter::lt("pages", 100u64),
            FileSearchFilter::lte("size", -3),
            FileSearchFilter::and([FileSearchFilter::eq("tag", vec!["a", "b"])]),
        ]))
        .ranking_options(
            RankingOptions::new()
                .ranker(Ranker::Default20241115)
                .score_threshold(0.25),
        );
    assert_exact(
        &tool,
        json!({
            "vector_store_ids": ["vs_1"],
            "filters": {"type": "or", "filters": [
                {"key": "lang", "type": "eq", "value": "en"},
                {"key": "draft", "type": "ne", "value": true},
                {"key": "score", "type": "gt", "value": 0.5},
                {"key": "year", "type": "gte", "value": 2020},
                {"key": "pages", "type": "lt", "value": 100},
                {"key": "size", "type": "lte", "value": -3},
                {"type": "and", "filters": [{"key": "tag", "type": "eq", "value": ["a", "b"]}]}
            ]},
            "ranking_options": {"ranker": "default-2024-11-15", "score_threshold": 0.25}
        }),
    );
}

#[test]
fn file_search_filter_from_json_is_typed_only_when_exact() {
    let comparison = FileSearchFilter::from(json!({"key": "k", "type": "eq", "value": 1}));
    assert_eq!(
        comparison,
        FileSearchFilter::Comparison(ComparisonFilter::new("k", ComparisonOp::Eq, 1))
    );
    // An unknown operator is kept as an open enum value.
    let odd_op: FileSearchFilter = assert_kept(json!({"key": "k", "type": "near", "value": "x"}));
    assert_eq!(
        odd_op,
        FileSearchFilter::Comparison(ComparisonFilter::new(
            "k",
            ComparisonOp::Other("near".into()),
            "x"
        ))
    );
    // An extra key or an unknown shape is kept as raw JSON, nested or not.
    let extra = json!({"key": "k", "type": "eq", "value": 1, "boost": 2});
    assert_eq!(
        FileSearchFilter::from(extra.clone()),
        FileSearchFilter::Unknown(extra.clone())
    );
    let nested: FileSearchFilter = assert_kept(json!({"type": "and", "filters": [extra]}));
    assert!(matches!(nested, FileSearchFilter::Compound(_)));
    let odd_ranker: RankingOptions = assert_kept(json!({"ranker": "semantic-v9"}));
    assert_eq!(
        odd_ranker,
        RankingOptions::new().ranker(Ranker::Other("semantic-v9".into()))
    );
    assert_eq!(
        FilterValue::from(f64::NAN),
        FilterValue::String("NaN".into())
    );
}

#[test]
fn mcp_allowed_tools_and_require_approval_exact_json() {
    let a = McpTool::new("docs")
        .connector_id(McpConnector::GoogleDrive)
        .allowed_tool_names(["search", "fetch"])
        .require_approval(McpApprovalMode::Never);
    assert_exact(
        &a,
        json!({"server_label": "docs", "connector_id": "connector_googledrive",
               "allowed_tools": ["search", "fetch"], "require_approval": "never"}),
    );
    let b = McpTool::new("crm")
        .allowed_tools(McpToolFilter::new().read_only(true).tool_names(["list"]))
        .require_approval(McpApprovalRules::new().always(["delete"]).never(["list"]));
    assert_exact(
        &b,
        json!({"server_label": "crm",
               "allowed_tools": {"read_only": true, "tool_names": ["list"]},
               "require_approval": {"always": {"tool_names": ["delete"]},
                                    "never": {"tool_names": ["list"]}}}),
    );
    let c = McpTool::new("x").require_approval(McpApprovalMode::Always);
    assert_exact(
        &c,
        json!({"server_label": "x", "require_approval": "always"}),
    );
}

#[test]
fn mcp_unknown_values_are_kept() {
    assert_eq!(
        McpRequireApproval::from(json!("sometimes")),
        McpRequireApproval::Mode(McpApprovalMode::Other("sometimes".into()))
    );
    let odd = json!({"always": {"tool_names": ["a"], "why": "audit"}});
    assert_eq!(
        McpRequireApproval::from(odd.clone()),
        McpRequireApproval::Unknown(odd)
    );
    assert_eq!(
        McpAllowedTools::from(json!(["a"])),
        McpAllowedTools::names(["a"])
    );
    assert_eq!(
        McpAllowedTools::from(json!(42)),
        McpAllowedTools::Unknown(json!(42))
    );
    let tool: McpTool = assert_kept(json!({
        "server_label": "s", "connector_id": "connector_jira",
        "allowed_tools": {"read_only": false, "max": 3},
        "require_approval": {"never": {}}
    }));
    assert_eq!(
        tool,
        McpTool::new("s")
            .connector_id("connector_jira")
            .allowed_tools(json!({"read_only": false, "max": 3}))
            .require_approval(McpApprovalRules::new().never(Vec::<String>::new()))
            .require_approval(json!({"never": {}}))
    );
}

#[test]
fn image_generation_tool_typed_fields() {
    let tool = ImageGenerationTool::new()
        .background(ImageBackground::Transparent)
        .input_fidelity("high")
        .input_image_mask(ImageMask::new().file_id("file-mask"))
        .quality(ImageQuality::Medium)
        .output_format("webp")
        .moderation("low");
    assert_exact(
        &tool,
        json!({"background": "transparent", "input_fidelity": "high",
               "input_image_mask": {"file_id": "file-mask"}, "quality": "medium",
               "output_format": "webp", "moderation": "low"}),
    );
    let odd: ImageGenerationTool = assert_kept(json!({"quality": "ultra", "background": "none"}));
    assert_eq!(
        odd,
        ImageGenerationTool::new()
            .quality(ImageQuality::Other("ultra".into()))
            .background("none")
    );
}

#[test]
fn code_interpreter_container_forms() {
    let auto = CodeInterpreterTool::new(
        AutoContainer::new()
            .file_ids(["file-1"])
            .memory_limit(MemoryLimit::G16),
    );
    assert_exact(
        &auto,
        json!({"container": {"type": "auto", "file_ids": ["file-1"], "memory_limit": "16g"}}),
    );
    assert_exact(
        &CodeInterpreterTool::new("cntr_1"),
        json!({"container": "cntr_1"}),
    );
    assert_exact(
        &CodeInterpreterTool::new(CodeInterpreterContainer::auto()),
        json!({"container": {"type": "auto"}}),
    );
    // Unknown memory limit: typed with an open enum value.
    let odd_limit: CodeInterpreterContainer =
        assert_kept(json!({"type": "auto", "memory_limit": "256g"}));
    assert_eq!(
        odd_limit,
        AutoContainer::new()
            .memory_limit(MemoryLimit::Other("256g".into()))
            .into()
    );
    // Another container type stays raw.
    let raw = json!({"type": "gpu", "count": 1});
    assert_eq!(
        serde_json::from_value::<CodeInterpreterContainer>(raw.clone()).expect("decodes"),
        CodeInterpreterContainer::Unknown(raw)
    );
}

#[test]
fn allowed_tools_choice_typed_entries() {
    let choice = ToolChoice::allowed_tools(
        AllowedToolsMode::Auto,
        [
            AllowedTool::function("f"),
            AllowedTool::custom("c"),
            AllowedTool::mcp("docs"),
            AllowedTool::Mcp {
                server_label: "crm".into(),
                name: Some("list".into()),
            },
            AllowedTool::tool_type("openrouter:web_search"),
            AllowedTool::Unknown(json!({"type": "function", "name": "g", "strict": true})),
        ],
    );
    let expected = json!({"type": "allowed_tools", "mode": "auto", "tools": [
        {"type": "function", "name": "f"},
        {"type": "custom", "name": "c"},
        {"type": "mcp", "server_label": "docs"},
        {"type": "mcp", "server_label": "crm", "name": "list"},
        {"type": "openrouter:web_search"},
        {"type": "function", "name": "g", "strict": true}
    ]});
    assert_exact(&choice, expected);
    let entries = choice.allowed_tool_entries().expect("allowed tools");
    assert_eq!(entries.len(), 6);
    assert_eq!(entries[0], AllowedTool::function("f"));
    assert_eq!(
        entries[3],
        AllowedTool::Mcp {
            server_label: "crm".into(),
            name: Some("list".into())
        }
    );
    assert!(matches!(entries[5], AllowedTool::Unknown(_)));
    assert_eq!(ToolChoice::Auto.allowed_tool_entries(), None);
    let entry: AllowedTool = assert_kept(json!({"type": "web_search_preview"}));
    assert_eq!(entry, AllowedTool::tool_type("web_search_preview"));
}

#[test]
fn sandbox_server_tools_exact_json() {
    assert_exact(
        &Tool::openrouter_bash(
            BashConfig::new()
                .engine(BashEngine::OpenRouter)
                .environment(SandboxEnvironment::ContainerAuto)
                .sleep_after_seconds(60u64),
        ),
        json!({"type": "openrouter:bash", "parameters": {
            "engine": "openrouter", "environment": {"type": "container_auto"},
            "sleep_after_seconds": 60}}),
    );
    assert_exact(
        &Tool::openrouter_shell(
            ShellConfig::new()
                .engine(ShellEngine::Auto)
                .environment(SandboxEnvironment::container("cntr_9")),
        ),
        json!({"type": "openrouter:shell", "parameters": {
            "engine": "auto",
            "environment": {"type": "container_reference", "container_id": "cntr_9"}}}),
    );
    assert_exact(
        &Tool::openrouter_apply_patch(ApplyPatchConfig::new().engine(ApplyPatchEngine::Native)),
        json!({"type": "openrouter:apply_patch", "parameters": {"engine": "native"}}),
    );
    let odd_env: SandboxEnvironment = assert_kept(json!({"type": "local", "path": "/tmp"}));
    assert!(matches!(odd_env, SandboxEnvironment::Unknown(_)));
    let odd_ref: SandboxEnvironment =
        assert_kept(json!({"type": "container_reference", "container_id": "c", "pin": true}));
    assert!(matches!(odd_ref, SandboxEnvironment::Unknown(_)));
}

#[test]
fn other_server_tools_exact_json() {
    assert_exact(
        &Tool::openrouter_image_generation(
            ImageGenerationConfig::new()
                .model("openai/gpt-5-image")
                .option("aspect_ratio", "16:9")
                .option("output_compression", 80),
        ),
        json!({"type": "openrouter:image_generation", "parameters": {
            "model": "openai/gpt-5-image", "aspect_ratio": "16:9", "output_compression": 80}}),
    );
    assert_exact(
        &Tool::openrouter_tool_search(ToolSearchConfig::new().max_results(4u64)),
        json!({"type": "openrouter:tool_search", "parameters": {"max_results": 4}}),
    );
    assert_exact(
        &Tool::openrouter_files(),
        json!({"type": "openrouter:files", "parameters": {}}),
    );
    let models = Tool::openrouter_search_models(SearchModelsConfig::new().max_results(3u64));
    assert_exact(
        &models,
        json!({"type": "openrouter:experimental__search_models", "parameters": {"max_results": 3}}),
    );
    assert!(matches!(models, Tool::OpenRouter(_)));
}

#[test]
fn agent_server_tools_exact_json() {
    let reasoning = ServerToolReasoning::new()
        .effort(ReasoningEffort::High)
        .max_tokens(2000u64);
    assert_exact(
        &Tool::openrouter_advisor(
            AdvisorConfig::new()
                .name("critic")
                .model("anthropic/claude-opus-4.1")
                .instructions("Be terse.")
                .forward_transcript(true)
                .max_completion_tokens(800u64)
                .reasoning(reasoning.clone())
                .stream(true)
                .temperature(0.5),
        ),
        json!({"type": "openrouter:advisor", "parameters": {
            "name": "critic", "model": "anthropic/claude-opus-4.1", "instructions": "Be terse.",
            "forward_transcript": true, "max_completion_tokens": 800,
            "reasoning": {"effort": "high", "max_tokens": 2000}, "stream": true,
            "temperature": 0.5}}),
    );
    assert_exact(
        &Tool::openrouter_subagent(
            SubagentConfig::new()
                .name("worker")
                .model("openai/gpt-4o-mini")
                .instructions("Do the task.")
                .inherit_functions(false)
                .inherited_function_names(["lookup"])
                .max_completion_tokens(500u64)
                .max_tool_calls(5u64)
                .reasoning(ServerToolReasoning::new().effort("low"))
                .temperature(0.0)
                .tools([Tool::openrouter_web_search(), Tool::openrouter_datetime()]),
        ),
        json!({"type": "openrouter:subagent", "parameters": {
            "name": "worker", "model": "openai/gpt-4o-mini", "instructions": "Do the task.",
            "inherit_functions": false, "inherited_function_names": ["lookup"],
            "max_completion_tokens": 500, "max_tool_calls": 5,
            "reasoning": {"effort": "low"}, "temperature": 0.0,
            "tools": [{"type": "openrouter:web_search"}, {"type": "openrouter:datetime"}]}}),
    );
    assert_exact(
        &Tool::openrouter_fusion(
            FusionConfig::new()
                .analysis_models(["a/1", "b/2"])
                .model("openai/gpt-4o")
                .cache_control(CacheControl::ephemeral())
                .max_completion_tokens(16000u64)
                .max_tool_calls(4u64)
                .reasoning(reasoning)
                .temperature(0.7)
                .tools(Vec::<Tool>::new()),
        ),
        json!({"type": "openrouter:fusion", "parameters": {
            "analysis_models": ["a/1", "b/2"], "model": "openai/gpt-4o",
            "cache_control": {"type": "ephemeral"}, "max_completion_tokens": 16000,
            "max_tool_calls": 4, "reasoning": {"effort": "high", "max_tokens": 2000},
            "temperature": 0.7, "tools": []}}),
    );
}

#[test]
fn server_tool_configs_keep_unknown_parameters() {
    let json = json!({"type": "openrouter:bash", "parameters": {
        "engine": "firecracker", "gpu": true, "environment": {"type": "vm"}}});
    let tool: Tool = assert_kept(json);
    assert_eq!(
        tool,
        Tool::openrouter_bash(
            BashConfig::new()
                .engine(BashEngine::Other("firecracker".into()))
                .extra("gpu", true)
                .environment(SandboxEnvironment::Unknown(json!({"type": "vm"}))),
        )
    );
    let advisor: Tool = assert_kept(json!({"type": "openrouter:advisor", "parameters": {
        "reasoning": {"effort": "galaxy-brain"}, "budget": 3}}));
    assert_eq!(
        advisor,
        Tool::openrouter_advisor(
            AdvisorConfig::new()
                .reasoning(ServerToolReasoning::new().effort("galaxy-brain"))
                .extra("budget", 3)
        )
    );
}

#[test]
fn generic_server_tools_become_typed_variants() {
    assert_eq!(
        Tool::server("openrouter:files"),
        Tool::openrouter_files().clone_without_parameters()
    );
    let built: Tool = ServerTool::new("openrouter:bash")
        .parameter("environment", json!({"type": "container_auto"}))
        .into();
    assert_eq!(
        built,
        Tool::openrouter_bash(BashConfig::new().environment(SandboxEnvironment::ContainerAuto))
    );
    // Types without a variant stay generic.
    assert!(matches!(
        Tool::server("openrouter:memory"),
        Tool::OpenRouter(_)
    ));
    // A request built from generic tools decodes back to the same value.
    let request = Request::builder()
        .tool(Tool::server("openrouter:tool_search"))
        .tool(ServerTool::new("openrouter:fusion").parameter("model", "m"))
        .build();
    let back: Request =
        serde_json::from_value(serde_json::to_value(&request).expect("ser")).expect("de");
    assert_eq!(back, request);
}

/// `Tool::server(t)` has no `parameters`; the typed constructor of
/// `openrouter:files` sends `{}`. This strips them for the comparison.
trait WithoutParameters {
    fn clone_without_parameters(&self) -> Tool;
}

impl WithoutParameters for Tool {
    fn clone_without_parameters(&self) -> Tool {
        let mut json = serde_json::to_value(self).expect("ser");
        if let Some(map) = json.as_object_mut() {
            map.remove("parameters");
        }
        serde_json::from_value(json).expect("de")
    }
}

mod echo {
    use openrouter_responses::response::{
        FunctionCall, ItemStatus, MessagePhase, OutputMessage, OutputText, ReasoningFormat,
        ReasoningItem, Refusal,
    };
    use openrouter_responses::{InputItem, OutputItem};
    use serde_json::{json, Value};

    /// Asserts the item's JSON, and that decoding it gives the same item.
    fn assert_item(item: InputItem, expected: Value) {
        let json = serde_json::to_value(&item).expect("ser");
        assert_eq!(json, expected);
        let back: InputItem = serde_json::from_value(json).expect("de");
        assert_eq!(back, item);
        assert!(matches!(back, InputItem::Output(_)), "{back:?}");
    }

    #[test]
    fn function_call_with_id_and_status() {
        assert_item(
            FunctionCall::new("call_1", "refund", "{\"order\":1}")
                .id("fc_1")
                .status(ItemStatus::Completed)
                .namespace("billing")
                .into(),
            json!({"type": "function_call", "id": "fc_1", "call_id": "call_1",
                   "name": "refund", "arguments": "{\"order\":1}", "status": "completed",
                   "namespace": "billing"}),
        );
        assert_item(
            InputItem::function_call("call_2", "f", "{}"),
            json!({"type": "function_call", "call_id": "call_2", "name": "f", "arguments": "{}"}),
        );
    }

    #[test]
    fn reasoning_item_echo() {
        assert_item(
            ReasoningItem::new("rs_1")
                .summary_part("a")
                .summary_part("b")
                .content_part("step")
                .encrypted_content("gAAA")
                .signature("sig")
                .format(ReasoningFormat::OpenaiResponsesV1)
                .status("completed")
                .into(),
            json!({"type": "reasoning", "id": "rs_1",
                   "summary": [{"type": "summary_text", "text": "a"},
                               {"type": "summary_text", "text": "b"}],
                   "content": [{"type": "reasoning_text", "text": "step"}],
                   "encrypted_content": "gAAA", "signature": "sig",
                   "format": "openai-responses-v1", "status": "completed"}),
        );
        // An unknown format is kept.
        let item = ReasoningItem::new("rs_2").format("future-v9");
        assert_eq!(
            item.format,
            Some(ReasoningFormat::Other("future-v9".into()))
        );
    }

    #[test]
    fn assistant_output_message_with_id_and_status() {
        assert_item(
            InputItem::assistant_output("msg_1", "Hello."),
            json!({"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                   "content": [{"type": "output_text", "text": "Hello.", "annotations": []}]}),
        );
        let message = OutputMessage::assistant("msg_2", [Refusal::new("No.")])
            .status(ItemStatus::Incomplete)
            .phase(MessagePhase::Commentary);
        assert_item(
            message.clone().into(),
            json!({"type": "message", "id": "msg_2", "role": "assistant", "status": "incomplete",
                   "phase": "commentary", "content": [{"type": "refusal", "refusal": "No."}]}),
        );
        // The same value the output side decodes.
        assert_eq!(
            InputItem::from(OutputItem::Message(message.clone())),
            InputItem::from(message)
        );
        let text = OutputMessage::assistant("m", [OutputText::new("x")]);
        assert_eq!(text.text(), "x");
    }
}

/// Every modelled tool type is told by `tool_type()`, every plugin by
/// `plugin_id()`, as their JSON has it; an unknown one by its member.
#[test]
fn tool_types_and_plugin_ids_are_read_as_sent() {
    let tools = json!([
        {"type": "function", "name": "f", "parameters": {}},
        {"type": "web_search_preview"},
        {"type": "web_search_preview_2025_03_11"},
        {"type": "web_search"},
        {"type": "web_search_2025_08_26"},
        {"type": "file_search", "vector_store_ids": ["vs_1"]},
        {"type": "computer_use_preview", "display_width": 1, "display_height": 1, "environment": "linux"},
        {"type": "code_interpreter", "container": "cntr_1"},
        {"type": "mcp", "server_label": "s"},
        {"type": "image_generation"},
        {"type": "local_shell"},
        {"type": "shell"},
        {"type": "apply_patch"},
        {"type": "custom", "name": "c"},
        {"type": "openrouter:web_search"},
        {"type": "openrouter:web_fetch"},
        {"type": "openrouter:datetime"},
        {"type": "namespace", "name": "n", "description": "d", "tools": []},
        {"type": "openrouter:image_generation"},
        {"type": "openrouter:tool_search"},
        {"type": "openrouter:files"},
        {"type": "openrouter:apply_patch"},
        {"type": "openrouter:bash"},
        {"type": "openrouter:shell"},
        {"type": "openrouter:advisor"},
        {"type": "openrouter:subagent"},
        {"type": "openrouter:fusion"},
        {"type": "openrouter:experimental__search_models"},
    ]);
    let mut seen = std::collections::HashSet::new();
    for json in tools.as_array().unwrap() {
        let tool: Tool = serde_json::from_value(json.clone()).unwrap();
        assert!(!matches!(tool, Tool::Unknown(_)), "{json}: {tool:?}");
        assert_eq!(Some(tool.tool_type()), json["type"].as_str());
        seen.insert(std::mem::discriminant(&tool));
    }
    // One of each variant but `OpenRouter` (every unmodelled server tool)
    // and `Unknown`, which are read from their JSON.
    assert!(seen.len() >= 27, "{}", seen.len());
    let unknown: Tool = serde_json::from_value(json!({"type": "x_new", "n": 1})).unwrap();
    assert_eq!(unknown.tool_type(), "x_new");
    let untyped: Tool = serde_json::from_value(json!({"name": "?"})).unwrap();
    assert_eq!(untyped.tool_type(), "");

    use openrouter_responses::request::Plugin;
    for id in [
        "web",
        "web-fetch",
        "file-parser",
        "response-healing",
        "context-compression",
        "moderation",
        "auto-router",
        "auto-beta-router",
        "pareto-router",
        "fusion",
        "switchyard-router",
        "x-new",
    ] {
        let plugin: Plugin = serde_json::from_value(json!({"id": id})).unwrap();
        assert_eq!(plugin.plugin_id(), id, "{plugin:?}");
        assert_eq!(
            matches!(plugin, Plugin::Unknown(_)),
            id == "x-new",
            "{plugin:?}"
        );
    }
}

#[test]
fn async_tools_exact_json_and_typed_when_decoded() {
    let tools: Vec<Tool> = vec![
        FunctionTool::new("lookup").r#async(true).into(),
        CustomTool::new("note").r#async(false).into(),
        NamespaceTool::new("billing", "Billing tools")
            .tool(NamespaceFunctionTool::new("refund").r#async(true))
            .tool(CustomTool::new("memo").r#async(true))
            .into(),
    ];
    let expected = json!([
        {"type": "function", "name": "lookup", "parameters": null, "async": true},
        {"type": "custom", "name": "note", "async": false},
        {"type": "namespace", "name": "billing", "description": "Billing tools", "tools": [
            {"type": "function", "name": "refund", "async": true},
            {"type": "custom", "name": "memo", "async": true}
        ]}
    ]);
    for (tool, json) in tools.iter().zip(expected.as_array().unwrap()) {
        assert_exact(tool, json.clone());
    }
    let [Tool::Function(f), Tool::Custom(c), Tool::Namespace(ns)] = tools.as_slice() else {
        panic!("{tools:?}")
    };
    assert_eq!((f.get_async(), c.get_async()), (Some(true), Some(false)));
    let [NamespaceMember::Function(member), NamespaceMember::Custom(memo)] = ns.get_tools() else {
        panic!("{ns:?}")
    };
    assert_eq!(
        (member.get_async(), memo.get_async()),
        (Some(true), Some(true))
    );
    assert_eq!(FunctionTool::new("plain").get_async(), None);
}

#[test]
fn switchyard_router_plugin_exact_json_and_typed_when_decoded() {
    use openrouter_responses::request::{Plugin, SwitchyardAlgorithm, SwitchyardRouterPlugin};
    let cases = [
        (
            Plugin::from(SwitchyardRouterPlugin::new()),
            json!({"id": "switchyard-router"}),
        ),
        (
            SwitchyardRouterPlugin::new()
                .algorithm(SwitchyardAlgorithm::Passthrough)
                .into(),
            json!({"id": "switchyard-router", "algorithm": "passthrough"}),
        ),
        (
            SwitchyardRouterPlugin::new().algorithm("bandit").into(),
            json!({"id": "switchyard-router", "algorithm": "bandit"}),
        ),
    ];
    for (plugin, json) in cases {
        assert_eq!(serde_json::to_value(&plugin).unwrap(), json);
        let back: Plugin = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, plugin, "{json}");
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
    }
    let Plugin::SwitchyardRouter(read) =
        serde_json::from_value(json!({"id": "switchyard-router", "algorithm": "bandit"})).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        read.get_algorithm(),
        Some(&SwitchyardAlgorithm::Other("bandit".into()))
    );
    // A member not modelled, or an algorithm that is not a string: kept raw.
    for odd in [
        json!({"id": "switchyard-router", "algorithm": "stage", "judge": "m"}),
        json!({"id": "switchyard-router", "algorithm": 2}),
    ] {
        let plugin: Plugin = serde_json::from_value(odd.clone()).unwrap();
        assert_eq!(plugin, Plugin::Unknown(odd));
    }
}

#[test]
fn x_search_on_web_search_plugin_tools_and_config_round_trips() {
    use openrouter_responses::request::{
        Plugin, WebSearchConfig, WebSearchPlugin, WebSearchTool, XSearchFilter,
    };
    let filter = || {
        XSearchFilter::new()
            .allowed_x_handles(["openrouter"])
            .from_date("2025-01-01")
            .to_date("2025-12-31")
            .enable_image_understanding(true)
            .enable_video_understanding(false)
    };
    let x = json!({"allowed_x_handles": ["openrouter"], "from_date": "2025-01-01",
        "to_date": "2025-12-31", "enable_image_understanding": true,
        "enable_video_understanding": false});
    let tools: Vec<Tool> = vec![
        Tool::WebSearch(WebSearchTool::new().x_search(filter())),
        Tool::WebSearch20250826(WebSearchTool::new().x_search(filter())),
        Tool::WebSearchPreview(WebSearchTool::new().x_search(XSearchFilter::new())),
        Tool::WebSearchPreview20250311(
            WebSearchTool::new().x_search(XSearchFilter::new().excluded_x_handles(["spam"])),
        ),
        Tool::openrouter_web_search_with(WebSearchConfig::new().max_results(3).x_search(filter())),
    ];
    let expected = json!([
        {"type": "web_search", "x_search": x},
        {"type": "web_search_2025_08_26", "x_search": x},
        {"type": "web_search_preview", "x_search": {}},
        {"type": "web_search_preview_2025_03_11", "x_search": {"excluded_x_handles": ["spam"]}},
        {"type": "openrouter:web_search", "parameters": {"max_results": 3, "x_search": x}},
    ]);
    for (tool, json) in tools.iter().zip(expected.as_array().unwrap()) {
        assert_exact(tool, json.clone());
    }
    let plugin = Plugin::from(WebSearchPlugin::new().x_search(filter()));
    let json = json!({"id": "web", "x_search": x});
    assert_eq!(serde_json::to_value(&plugin).unwrap(), json);
    let back: Plugin = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, plugin);
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    let Plugin::Web(web) = &back else {
        panic!("{back:?}")
    };
    let read = web.get_x_search().unwrap();
    assert_eq!(
        (read.get_allowed_x_handles(), read.get_from_date()),
        (Some(&["openrouter".to_owned()][..]), Some("2025-01-01"))
    );
    let Tool::OpenRouterWebSearch(params) = &tools[4] else {
        panic!()
    };
    assert_eq!(
        params
            .parameters()
            .and_then(WebSearchConfig::get_x_search)
            .and_then(XSearchFilter::get_enable_image_understanding),
        Some(true)
    );
    // A filter member not modelled keeps the tool or plugin whole: raw, or
    // a server tool with its parameters as JSON.
    let odd = json!({"type": "web_search", "x_search": {"post_kind": "reply"}});
    let tool: Tool = serde_json::from_value(odd.clone()).unwrap();
    assert_eq!(tool, Tool::Unknown(odd));
    let odd = json!({"type": "openrouter:web_search", "parameters": {"x_search": []}});
    let tool: Tool = serde_json::from_value(odd.clone()).unwrap();
    assert!(matches!(tool, Tool::OpenRouter(_)), "{tool:?}");
    assert_eq!(serde_json::to_value(&tool).unwrap(), odd);
    let odd = json!({"id": "web", "x_search": {"from_date": 2025}});
    let plugin: Plugin = serde_json::from_value(odd.clone()).unwrap();
    assert_eq!(plugin, Plugin::Unknown(odd));
}

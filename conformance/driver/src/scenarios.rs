//! The request scenarios, crate side. Each entry builds, with the crate's
//! typed builders, the same logical request as the entry of the same name in
//! `../../scenarios.mjs` builds for the official SDK.
//!
//! Where the typed API has no setter for a shape, the scenario falls back to
//! the crate's documented escape hatch for that position (a `Value`-typed
//! setter or an `Unknown(Value)` variant) and lists the gap in `GAPS`, which
//! the orchestrator prints. `RequestBuilder::extra` is never used.

use openrouter_responses::request::AutoRouterPlugin;
use openrouter_responses::request::{
    AdditionalTools, AgentContent, AgentMessage, Compaction, ConfigurationUpdate,
    ContextCompaction, InputImage, InputVideo, ItemReference, LocalShellAction, LocalShellCall,
    LocalShellCallOutput, McpApprovalRequest, McpApprovalResponse, McpCall, McpCallError,
    McpListTools, McpToolInfo, SwitchyardAlgorithm, SwitchyardRouterPlugin, ToolCallStatus,
    VideoProcessing, XSearchFilter,
};
use openrouter_responses::request::{
    AdvisorConfig, AllowedTool, AllowedToolsMode, ApplyPatchCallOutput, ApplyPatchConfig,
    ApplyPatchEngine, ApplyPatchOutputStatus, AudioFormat, AutoContainer, BashConfig, CacheControl,
    CacheControlTtl, CodeInterpreterContainer, CodeInterpreterTool, ComputerEnvironment,
    ComputerUseTool, ContextCompressionEngine, ContextCompressionPlugin, CostTier, CustomTool,
    CustomToolCallOutput, CustomToolFormat, DataCollection, DebugOptions, FileParserPlugin,
    FileSearchFilter, FileSearchTool, FunctionCallOutput, FunctionTool, FusionConfig, FusionPlugin,
    ImageDetail, ImageGenerationConfig, ImageGenerationTool, ImageMask, Include, InputContent,
    InputMessage, InputText, JsonSchemaFormat, MaxPrice, McpApprovalMode, McpApprovalRules,
    McpTool, McpToolFilter, MemoryLimit, MessagePhase, Modality, NamespaceFunctionTool,
    NamespaceTool, ParetoRouterPlugin, PdfEngine, Percentiles, Plugin, PriceSource, Prompt,
    PromptCacheBreakpoint, PromptCacheOptions, Provider, Quantization, Ranker, RankingOptions,
    Reasoning, ReasoningContext, ReasoningEffort, ReasoningMode, ReasoningSummaryVerbosity, Role,
    SandboxEnvironment, SearchContextSize, SearchModelsConfig, ServiceTier, ShellConfig, SortBy,
    SortConfig, SortPartition, StopCondition, SubagentConfig, TextConfig, TextFormat, Tool,
    ToolChoice, ToolSearchConfig, Trace, Truncation, UserLocation, Verbosity, WebFetchConfig,
    WebFetchEngine, WebFetchPlugin, WebSearchConfig, WebSearchEngine, WebSearchFilters,
    WebSearchPlugin, WebSearchTool,
};
use openrouter_responses::response::{FunctionCall, ItemStatus, ReasoningFormat, ReasoningItem};
use openrouter_responses::{InputItem, OutputItem, Request, RequestOptions};
use serde_json::{json, Value};

/// One scenario: how to build the request and how to send it.
pub struct Scenario {
    pub name: &'static str,
    pub build: fn() -> Request,
    /// Per-call headers, sent with `Client::send_with`.
    pub headers: &'static [(&'static str, &'static str)],
    /// Whether the client sets `app_url` and `app_title`.
    pub attribution: bool,
    /// Sent with `Client::stream` instead of `Client::send`.
    pub stream: bool,
    /// Per-call options set with `RequestOptions`' typed setters.
    pub options: Option<fn(RequestOptions) -> RequestOptions>,
}

const fn s(name: &'static str, build: fn() -> Request) -> Scenario {
    Scenario {
        name,
        build,
        headers: &[],
        attribution: true,
        stream: false,
        options: None,
    }
}

/// Places where the typed API had no way to express the scenario's shape, so
/// the scenario used an escape hatch: (scenario, what).
pub const GAPS: &[(&str, &str)] = &[];

fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {"city": {"type": "string", "description": "City name"}, "unit": {"type": "string", "enum": ["c", "f"]}},
        "required": ["city"],
        "additionalProperties": false
    })
}

/// An output item as a previous response returned it, echoed back as input
/// (`From<OutputItem> for InputItem`), the way a caller replays a turn.
fn echo(item: Value) -> InputItem {
    InputItem::from(OutputItem::from_value(item))
}

fn base() -> openrouter_responses::RequestBuilder {
    Request::builder().model("openai/gpt-4o")
}

pub fn all() -> Vec<Scenario> {
    vec![
        // --- basics and scalar parameters ------------------------------------
        s("basic_string_input", || {
            Request::builder()
                .model("openai/gpt-4o")
                .input("Say hello.")
                .build()
        }),
        s("sampling_parameters", || {
            base()
                .input("Write a haiku.")
                .instructions("You are terse.")
                .temperature(0.7)
                .top_p(0.9)
                .top_k(40u64)
                .max_output_tokens(256u64)
                .top_logprobs(3u64)
                .frequency_penalty(0.5)
                .presence_penalty(-0.25)
                .build()
        }),
        s("control_parameters", || {
            base()
                .input("hi")
                .parallel_tool_calls(false)
                .max_tool_calls(12u64)
                .background(false)
                .truncation(Truncation::Auto)
                .service_tier(ServiceTier::Flex)
                .safety_identifier("user-hash-42")
                .user("end-user-7")
                .session_id("session-abc")
                .prompt_cache_key("cache-key-1")
                .build()
        }),
        s("truncation_disabled_service_tier_priority", || {
            base()
                .input("hi")
                .truncation(Truncation::Disabled)
                .service_tier(ServiceTier::Priority)
                .build()
        }),
        s("models_fallback", || {
            Request::builder()
                .models([
                    "anthropic/claude-sonnet-4.5",
                    "openai/gpt-4o",
                    "google/gemini-2.5-pro",
                ])
                .input("hi")
                .build()
        }),
        s("include_and_metadata", || {
            base()
                .input("hi")
                .include([
                    Include::FileSearchCallResults,
                    Include::MessageInputImageUrl,
                    Include::ComputerCallOutputImageUrl,
                    Include::ReasoningEncryptedContent,
                    Include::CodeInterpreterCallOutputs,
                ])
                .metadata([("customer", "acme"), ("ticket_id", "T-1001")])
                .build()
        }),
        s("modalities_image_config", || {
            Request::builder()
                .model("google/gemini-2.5-flash-image")
                .input("Draw a cat.")
                .modalities([Modality::Text, Modality::Image])
                .image_config_entry("aspect_ratio", "16:9")
                .image_config_entry("quality", "high")
                .image_config_entry("guidance", 7.5)
                .image_config_entry("seeds", json!([1, 2]))
                .build()
        }),
        s("cache_and_prompt_cache_options", || {
            Request::builder()
                .model("anthropic/claude-sonnet-4.5")
                .input("hi")
                .cache_control(CacheControl::ephemeral().ttl(CacheControlTtl::OneHour))
                .prompt_cache_options(PromptCacheOptions::explicit().ttl("30m"))
                .build()
        }),
        s("stop_server_tools_when", || {
            base()
                .input("research this")
                .stop_server_tools_when([
                    StopCondition::step_count_is(5),
                    StopCondition::has_tool_call("finish"),
                    StopCondition::max_tokens_used(20000),
                    StopCondition::max_cost(0.5),
                    StopCondition::finish_reason_is("stop"),
                ])
                .build()
        }),
        s("trace_and_debug", || {
            base()
                .input("hi")
                .trace(
                    Trace::new()
                        .trace_id("trace-1")
                        .trace_name("checkout")
                        .span_name("answer")
                        .generation_name("gen-a")
                        .parent_span_id("span-0")
                        .field("environment", "staging"),
                )
                .debug(DebugOptions::new().echo_upstream_body(true))
                .build()
        }),
        // --- input items and content parts -----------------------------------
        s("easy_messages_all_roles", || {
            base()
                .input_items([
                    InputItem::system("Be brief."),
                    InputItem::developer("Answer in English."),
                    InputItem::user("What is 2+2?"),
                    InputMessage::new(Role::Assistant, "4")
                        .phase(MessagePhase::FinalAnswer)
                        .into(),
                    InputItem::user("And 3+3?"),
                ])
                .build()
        }),
        s("input_text_part", || {
            base()
                .input_item(InputItem::user(vec![
                    InputText::new("A long shared prefix.")
                        .prompt_cache_breakpoint(PromptCacheBreakpoint::explicit())
                        .into(),
                    InputContent::text("The question."),
                ]))
                .build()
        }),
        s("input_image_part", || {
            base()
                .input_item(InputItem::user(vec![
                    InputContent::text("Compare these."),
                    InputContent::image_url_with_detail(
                        "https://example.com/a.png",
                        ImageDetail::High,
                    ),
                    InputContent::image_url_with_detail(
                        "data:image/png;base64,iVBORw0KGgo=",
                        ImageDetail::Low,
                    ),
                    InputContent::image_url("https://example.com/b.png"),
                    InputContent::image_url_with_detail(
                        "https://example.com/c.png",
                        ImageDetail::Original,
                    ),
                ]))
                .build()
        }),
        s("input_file_part", || {
            base()
                .input_item(InputItem::user(vec![
                    InputContent::file_id("file-123"),
                    InputContent::file_data("doc.pdf", "data:application/pdf;base64,JVBERi0="),
                    InputContent::file_url("https://example.com/report.pdf"),
                ]))
                .build()
        }),
        s("input_audio_and_video_parts", || {
            Request::builder()
                .model("google/gemini-2.5-pro")
                .input_item(InputItem::user(vec![
                    InputContent::audio(AudioFormat::Mp3, "SUQzBAAAAA=="),
                    InputContent::audio(AudioFormat::Wav, "UklGRiQAAABXQVZF"),
                    InputContent::video_url("https://example.com/clip.mp4"),
                ]))
                .build()
        }),
        s("input_message_item_with_id", || {
            base()
                .input_item(
                    InputMessage::new(Role::User, vec![InputContent::text("hello")]).id("msg_in_1"),
                )
                .build()
        }),
        s("assistant_output_message_echo", || {
            base()
                .input_items([
                    InputItem::user("Cite something."),
                    echo(json!({
                        "type": "message", "id": "msg_out_1", "role": "assistant", "status": "completed", "phase": "final_answer",
                        "content": [
                            {"type": "output_text", "text": "See the source.", "annotations": [
                                {"type": "url_citation", "url": "https://example.com", "title": "Example", "start_index": 4, "end_index": 14},
                                {"type": "file_citation", "file_id": "file-9", "filename": "notes.txt", "index": 0},
                                {"type": "file_path", "file_id": "file-10", "index": 1}
                            ]},
                            {"type": "refusal", "refusal": "I will not say more."}
                        ]
                    })),
                    InputItem::user("Thanks."),
                ])
                .build()
        }),
        s("reasoning_item_echo", || {
            Request::builder()
                .model("anthropic/claude-sonnet-4.5")
                .input_items([
                    InputItem::user("Think."),
                    ReasoningItem::new("rs_1")
                        .summary_part("Considered options.")
                        .content_part("Step one.")
                        .encrypted_content("gAAAAB-opaque")
                        .status(ItemStatus::Completed)
                        .format(ReasoningFormat::AnthropicClaudeV1)
                        .signature("sig-abc")
                        .into(),
                    InputItem::user("Go on."),
                ])
                .build()
        }),
        s("function_call_round_trip", || {
            base()
                .input_items([
                    InputItem::user("Weather in Paris?"),
                    FunctionCall::new("call_1", "get_weather", "{\"city\":\"Paris\"}")
                        .id("fc_1")
                        .status(ItemStatus::Completed)
                        .into(),
                    InputItem::function_call_output("call_1", "{\"temp_c\":21}"),
                ])
                .build()
        }),
        s("function_call_output_multimodal", || {
            base()
                .input_items([
                    InputItem::function_call("call_2", "screenshot", "{}"),
                    FunctionCallOutput::new(
                        "call_2",
                        vec![
                            InputContent::text("Here is the screen."),
                            InputContent::image_url("https://example.com/screen.png"),
                            InputContent::file_id("file-22"),
                        ],
                    )
                    .into(),
                ])
                .build()
        }),
        s("custom_tool_call_round_trip", || {
            Request::builder()
                .model("openai/gpt-5")
                .input_items([
                    echo(json!({"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_3", "name": "run_sql", "input": "SELECT 1"})),
                    InputItem::CustomToolCallOutput(CustomToolCallOutput::new("call_3", "1")),
                ])
                .build()
        }),
        s("apply_patch_round_trip", || {
            Request::builder()
                .model("openai/gpt-5")
                .input_items([
                    echo(json!({"type": "apply_patch_call", "id": "ap_1", "call_id": "call_4", "status": "completed", "operation": {"type": "create_file", "path": "a.txt", "diff": "+hello\n"}})),
                    InputItem::ApplyPatchCallOutput(ApplyPatchCallOutput::new("call_4", ApplyPatchOutputStatus::Completed).output("created")),
                    echo(json!({"type": "apply_patch_call", "call_id": "call_5", "status": "completed", "operation": {"type": "update_file", "path": "a.txt", "diff": "-hello\n+bye\n"}})),
                    InputItem::ApplyPatchCallOutput(ApplyPatchCallOutput::new("call_5", ApplyPatchOutputStatus::Failed)),
                    echo(json!({"type": "apply_patch_call", "call_id": "call_6", "status": "in_progress", "operation": {"type": "delete_file", "path": "a.txt"}})),
                ])
                .build()
        }),
        s("agent_mcp_and_compaction_items", || {
            Request::builder()
                .model("openai/gpt-5")
                .input_items([
                    InputItem::from(LocalShellCall::new(
                        "lsc_1",
                        "call_7",
                        LocalShellAction::exec(["ls", "-la"])
                            .env("PATH", "/usr/bin")
                            .timeout_ms(5000)
                            .user("me")
                            .working_directory("/tmp"),
                        ToolCallStatus::Completed,
                    )),
                    LocalShellCallOutput::new("lsc_1", "total 0\n")
                        .status(ToolCallStatus::Completed)
                        .into(),
                    McpApprovalRequest::new("mcpr_1", "docs", "delete_page", r#"{"page":7}"#)
                        .into(),
                    McpApprovalResponse::new("mcpr_1", false)
                        .reason("not today")
                        .into(),
                    McpCall::new("mcp_1", "docs", "read_page", r#"{"page":7}"#)
                        .output("Page 7")
                        .into(),
                    McpCall::new("mcp_2", "docs", "read_page", "{}")
                        .error("no page")
                        .into(),
                    McpListTools::new(
                        "mcpl_1",
                        "docs",
                        [McpToolInfo::new("read_page", json!({"type": "object"}))
                            .description("Reads a page")
                            .annotations(json!({"readOnlyHint": true}))],
                    )
                    .into(),
                    McpListTools::new("mcpl_2", "broken", [])
                        .error("unreachable")
                        .into(),
                    AgentMessage::new(
                        "planner",
                        "coder",
                        [
                            AgentContent::from(InputText::new("Write the tests.")),
                            AgentContent::from(InputImage::new("https://example.com/plan.png")),
                            AgentContent::Encrypted {
                                encrypted_content: "gAAAA".into(),
                            },
                        ],
                    )
                    .id("am_1")
                    .agent("planner")
                    .into(),
                    AdditionalTools::new(
                        Role::Developer,
                        [FunctionTool::new("get_weather")
                            .description("Current weather")
                            .parameters(schema())],
                    )
                    .id("at_1")
                    .into(),
                    Compaction::new("gAAAAsummary").id("cmp_1").into(),
                    ContextCompaction::new()
                        .id("ctx_1")
                        .encrypted_content("gAAAActx")
                        .into(),
                    ContextCompaction::new().into(),
                    ItemReference::new("msg_0").into(),
                ])
                .build()
        }),
        // --- tools ---------------------------------------------------------------
        s("tool_function", || {
            base()
                .input("Weather?")
                .tool(
                    FunctionTool::new("get_weather")
                        .description("Current weather")
                        .parameters(schema())
                        .strict(true),
                )
                .tool(
                    FunctionTool::new("lookup_rare")
                        .parameters(json!({"type": "object", "properties": {}}))
                        .defer_loading(true),
                )
                .build()
        }),
        s("tool_function_null_parameters", || {
            base().input("ping").tool(FunctionTool::new("ping")).build()
        }),
        s("tool_web_search_openai_variants", || {
            base()
                .input("news")
                .tool(Tool::WebSearchPreview(
                    WebSearchTool::new()
                        .search_context_size(SearchContextSize::Low)
                        .user_location(UserLocation::new().city("Paris").country("FR")),
                ))
                .tool(Tool::WebSearchPreview20250311(WebSearchTool::new()))
                .tool(Tool::WebSearch(
                    WebSearchTool::new()
                        .engine(WebSearchEngine::Exa)
                        .max_results(5u64),
                ))
                .tool(Tool::WebSearch20250826(
                    WebSearchTool::new()
                        .engine(WebSearchEngine::Native)
                        .filters(WebSearchFilters::new().allowed_domains(["example.com"]))
                        .search_context_size(SearchContextSize::High)
                        .user_location(
                            UserLocation::new()
                                .city("Berlin")
                                .region("BE")
                                .country("DE")
                                .timezone("Europe/Berlin"),
                        ),
                ))
                .build()
        }),
        s("tool_file_search", || {
            base()
                .input("find it")
                .tool(
                    FileSearchTool::new(["vs_1", "vs_2"])
                        .max_num_results(8u64)
                        .ranking_options(
                            RankingOptions::new()
                                .ranker(Ranker::Auto)
                                .score_threshold(0.4),
                        )
                        .filters(FileSearchFilter::and([
                            FileSearchFilter::gte("year", 2020),
                            FileSearchFilter::eq("lang", "en"),
                        ])),
                )
                .tool(FileSearchTool::new(["vs_3"]).filters(FileSearchFilter::eq("public", true)))
                .build()
        }),
        s("tool_computer_and_code_interpreter", || {
            base()
                .input("do it")
                .tool(ComputerUseTool::new(
                    1280,
                    800,
                    ComputerEnvironment::Browser,
                ))
                .tool(CodeInterpreterTool::new(CodeInterpreterContainer::Id(
                    "cntr_123".into(),
                )))
                .tool(CodeInterpreterTool::new(
                    AutoContainer::new()
                        .file_ids(["file-1"])
                        .memory_limit(MemoryLimit::G4),
                ))
                .build()
        }),
        s("tool_mcp", || {
            base()
                .input("use mcp")
                .tool(
                    McpTool::new("docs")
                        .server_url("https://mcp.example.com/sse")
                        .server_description("Docs server")
                        .header("authorization", "Bearer t")
                        .allowed_tool_names(["search", "fetch"])
                        .require_approval(McpApprovalMode::Never),
                )
                .tool(
                    McpTool::new("crm")
                        .connector_id("connector_gmail")
                        .authorization("token-1")
                        .allowed_tools(McpToolFilter::new().read_only(true).tool_names(["list"]))
                        .require_approval(
                            McpApprovalRules::new().always(["delete"]).never(["list"]),
                        ),
                )
                .build()
        }),
        s("tool_image_generation", || {
            base()
                .input("paint")
                .tool(
                    ImageGenerationTool::new()
                        .background("transparent")
                        .input_fidelity("high")
                        .input_image_mask(
                            ImageMask::new().image_url("https://example.com/mask.png"),
                        )
                        .model("gpt-image-1")
                        .moderation("low")
                        .output_compression(80u64)
                        .output_format("webp")
                        .partial_images(2u64)
                        .quality("high")
                        .size("1024x1024"),
                )
                .build()
        }),
        s("tool_shells_and_apply_patch", || {
            Request::builder()
                .model("openai/gpt-5")
                .input("fix")
                .tools([Tool::LocalShell, Tool::Shell, Tool::ApplyPatch])
                .build()
        }),
        s("tool_custom_and_namespace", || {
            Request::builder()
                .model("openai/gpt-5")
                .input("go")
                .tool(
                    CustomTool::new("free_text")
                        .description("Anything")
                        .format(CustomToolFormat::Text),
                )
                .tool(CustomTool::new("sql").format(CustomToolFormat::Grammar {
                    syntax: "lark".into(),
                    definition: "start: \"SELECT\"".into(),
                }))
                .tool(
                    NamespaceTool::new("billing", "Billing tools")
                        .tool(
                            NamespaceFunctionTool::new("refund")
                                .description("Refund an order")
                                .parameters(schema()),
                        )
                        .tool(CustomTool::new("note")),
                )
                .build()
        }),
        s("tool_openrouter_server_tools", || {
            base()
                .input("use server tools")
                .tool(Tool::openrouter_web_search_with(
                    WebSearchConfig::new()
                        .engine(WebSearchEngine::Exa)
                        .allowed_domains(["example.com"])
                        .max_results(5u64)
                        .max_total_results(20u64)
                        .search_context_size(SearchContextSize::Medium),
                ))
                .tool(Tool::openrouter_web_fetch_with(
                    WebFetchConfig::new()
                        .engine(WebFetchEngine::Auto)
                        .blocked_domains(["bad.example"])
                        .max_content_tokens(4000u64)
                        .max_uses(3u64),
                ))
                .tool(Tool::openrouter_datetime_in("Europe/Paris"))
                .tool(Tool::openrouter_image_generation(
                    ImageGenerationConfig::new().model("openai/gpt-5-image"),
                ))
                .tool(Tool::openrouter_search_models(
                    SearchModelsConfig::new().max_results(3u64),
                ))
                .tool(Tool::openrouter_tool_search(
                    ToolSearchConfig::new().max_results(4u64),
                ))
                .tool(Tool::openrouter_files())
                .tool(Tool::openrouter_apply_patch(
                    ApplyPatchConfig::new().engine(ApplyPatchEngine::OpenRouter),
                ))
                .tool(Tool::openrouter_bash(
                    BashConfig::new().environment(SandboxEnvironment::ContainerAuto),
                ))
                .tool(Tool::openrouter_shell(
                    ShellConfig::new().environment(SandboxEnvironment::container("cntr_9")),
                ))
                .build()
        }),
        s("tool_openrouter_agents", || {
            base()
                .input("delegate")
                .tool(Tool::openrouter_advisor(
                    AdvisorConfig::new().model("anthropic/claude-opus-4.1"),
                ))
                .tool(Tool::openrouter_subagent(
                    SubagentConfig::new().model("openai/gpt-4o-mini"),
                ))
                .tool(Tool::openrouter_fusion(
                    FusionConfig::new().model("openai/gpt-4o"),
                ))
                .build()
        }),
        // --- tool_choice -----------------------------------------------------------
        s("tool_choice_auto", || {
            base().input("x").tool_choice(ToolChoice::Auto).build()
        }),
        s("tool_choice_none", || {
            base().input("x").tool_choice(ToolChoice::None).build()
        }),
        s("tool_choice_required", || {
            base().input("x").tool_choice(ToolChoice::Required).build()
        }),
        s("tool_choice_function", || {
            base()
                .input("x")
                .tool(FunctionTool::new("get_weather").parameters(schema()))
                .tool_choice(ToolChoice::function("get_weather"))
                .build()
        }),
        s("tool_choice_web_search_preview", || {
            base()
                .input("x")
                .tool(Tool::WebSearchPreview(WebSearchTool::new()))
                .tool_choice(ToolChoice::WebSearchPreview)
                .build()
        }),
        s("tool_choice_web_search_preview_2025_03_11", || {
            base()
                .input("x")
                .tool_choice(ToolChoice::WebSearchPreview20250311)
                .build()
        }),
        s("tool_choice_allowed_tools", || {
            base()
                .input("x")
                .tool_choice(ToolChoice::allowed_tools(
                    AllowedToolsMode::Required,
                    [
                        AllowedTool::function("get_weather"),
                        AllowedTool::tool_type("web_search_preview"),
                    ],
                ))
                .build()
        }),
        s("tool_choice_apply_patch_and_shell", || {
            Request::builder()
                .model("openai/gpt-5")
                .input("x")
                .tool_choice(ToolChoice::ApplyPatch)
                .build()
        }),
        s("tool_choice_shell", || {
            Request::builder()
                .model("openai/gpt-5")
                .input("x")
                .tool_choice(ToolChoice::Shell)
                .build()
        }),
        // --- text and reasoning ------------------------------------------------------
        s("text_format_text", || {
            base()
                .input("x")
                .text(
                    TextConfig::new()
                        .format(TextFormat::Text)
                        .verbosity(Verbosity::Low),
                )
                .build()
        }),
        s("text_format_json_object", || {
            base()
                .input("x")
                .text_format(TextFormat::JsonObject)
                .build()
        }),
        s("text_format_json_schema", || {
            base()
                .input("x")
                .text_format(TextFormat::JsonSchema(
                    JsonSchemaFormat::new("weather", schema())
                        .description("A weather report")
                        .strict(true),
                ))
                .verbosity(Verbosity::High)
                .build()
        }),
        s("reasoning_full", || {
            Request::builder()
                .model("openai/gpt-5")
                .input("x")
                .reasoning(
                    Reasoning::new()
                        .effort(ReasoningEffort::High)
                        .summary(ReasoningSummaryVerbosity::Detailed)
                        .max_tokens(2048u64)
                        .enabled(true)
                        .context(ReasoningContext::AllTurns)
                        .mode(ReasoningMode::Pro),
                )
                .build()
        }),
        s("reasoning_effort_minimal", || {
            Request::builder()
                .model("openai/gpt-5")
                .input("x")
                .reasoning(
                    Reasoning::new()
                        .effort(ReasoningEffort::Minimal)
                        .summary(ReasoningSummaryVerbosity::Concise),
                )
                .build()
        }),
        // --- provider preferences ---------------------------------------------------
        s("provider_routing", || {
            Request::builder()
                .model("meta-llama/llama-3.1-70b-instruct")
                .input("x")
                .provider(
                    Provider::new()
                        .allow_fallbacks(false)
                        .require_parameters(true)
                        .data_collection(DataCollection::Deny)
                        .zdr(true)
                        .enforce_distillable_text(false)
                        .order(["openai", "Together"])
                        .only(["DeepInfra", "together"])
                        .ignore(["azure"])
                        .quantizations([Quantization::Fp8, Quantization::Bf16, Quantization::Int4]),
                )
                .build()
        }),
        s("provider_sort_string", || {
            base()
                .input("x")
                .provider(Provider::new().sort(SortBy::Throughput))
                .build()
        }),
        s("provider_sort_object", || {
            base()
                .input("x")
                .provider(
                    Provider::new().sort(
                        SortConfig::new()
                            .by(SortBy::Latency)
                            .partition(SortPartition::None),
                    ),
                )
                .build()
        }),
        s("provider_max_price", || {
            base()
                .input("x")
                .provider(
                    Provider::new().max_price(
                        MaxPrice::new()
                            .prompt("1")
                            .completion("2.5")
                            .image("0.01")
                            .audio("0.02")
                            .request("0.001"),
                    ),
                )
                .build()
        }),
        s("provider_latency_throughput_numbers", || {
            base()
                .input("x")
                .provider(
                    Provider::new()
                        .preferred_max_latency(1.5)
                        .preferred_min_throughput(50.0),
                )
                .build()
        }),
        s("provider_latency_throughput_percentiles", || {
            base()
                .input("x")
                .provider(
                    Provider::new()
                        .preferred_max_latency(
                            Percentiles::new().p50(0.5).p75(1.0).p90(2.0).p99(5.0),
                        )
                        .preferred_min_throughput(Percentiles::new().p50(40.0).p90(10.0)),
                )
                .build()
        }),
        // --- plugins -----------------------------------------------------------------
        s("plugins_web_and_fetch", || {
            base()
                .input("x")
                .plugin(
                    WebSearchPlugin::new()
                        .enabled(true)
                        .engine("exa")
                        .max_results(3u64)
                        .search_prompt("Sources:")
                        .include_domains(["example.com", "*.docs.rs"])
                        .exclude_domains(["spam.example"])
                        .user_location(UserLocation::new().city("Oslo").country("NO")),
                )
                .plugin(
                    WebFetchPlugin::new()
                        .allowed_domains(["example.com"])
                        .max_content_tokens(2000u64)
                        .max_uses(2u64),
                )
                .build()
        }),
        s("plugins_parsing_and_safety", || {
            base()
                .input("x")
                .plugin(
                    FileParserPlugin::new()
                        .enabled(true)
                        .pdf_engine(PdfEngine::MistralOcr),
                )
                .plugin(Plugin::ResponseHealing {
                    enabled: Some(true),
                })
                .plugin(
                    ContextCompressionPlugin::new()
                        .enabled(true)
                        .engine(ContextCompressionEngine::MiddleOut),
                )
                .plugin(Plugin::Moderation)
                .build()
        }),
        s("plugins_routers", || {
            Request::builder()
                .model("openrouter/auto")
                .input("x")
                .plugin(
                    AutoRouterPlugin::new()
                        .enabled(true)
                        .allowed_models(["openai/*"])
                        .excluded_models(["openai/gpt-3.5*"])
                        .cost_tier(CostTier::Medium),
                )
                .plugin(Plugin::AutoBetaRouter(
                    AutoRouterPlugin::new().enabled(false),
                ))
                .plugin(
                    ParetoRouterPlugin::new()
                        .max_price(5.0)
                        .min_coding_score(0.6)
                        .price_source(PriceSource::Prompt),
                )
                .plugin(
                    FusionPlugin::new()
                        .analysis_models(["openai/gpt-4o", "anthropic/claude-sonnet-4.5"])
                        .preset("general-fast")
                        .max_tool_calls(4u64),
                )
                .build()
        }),
        // --- members the SDK 1.3.19 has and the spec does not -------------------------
        s("sdk_1_3_19_request_members", || {
            let mcp = |id: &str, error: McpCallError| {
                InputItem::from(McpCall::new(id, "docs", "read_page", "{}").error(error))
            };
            Request::builder()
                .model("openai/gpt-5")
                .input_items([
                    InputItem::user(vec![
                        InputVideo::new("https://example.com/v.mp4")
                            .processing(VideoProcessing::Agentic)
                            .into(),
                        InputContent::image_file_id("file-img"),
                    ]),
                    ConfigurationUpdate::new(ReasoningEffort::High).into(),
                    mcp(
                        "mcp_3",
                        McpCallError::Protocol {
                            code: -32601,
                            message: "Method not found".into(),
                        },
                    ),
                    mcp(
                        "mcp_4",
                        McpCallError::Http {
                            code: 503,
                            message: "Service Unavailable".into(),
                        },
                    ),
                    mcp(
                        "mcp_5",
                        McpCallError::Execution {
                            content: Some(json!([{"type": "text", "text": "disk full"}])),
                        },
                    ),
                ])
                .tool(
                    FunctionTool::new("lookup")
                        .parameters(schema())
                        .r#async(true),
                )
                .tool(Tool::WebSearch(
                    WebSearchTool::new().x_search(
                        XSearchFilter::new()
                            .allowed_x_handles(["openrouter"])
                            .enable_image_understanding(true),
                    ),
                ))
                .tool(Tool::openrouter_web_search_with(
                    WebSearchConfig::new().max_results(3u64).x_search(
                        XSearchFilter::new()
                            .excluded_x_handles(["spam"])
                            .enable_video_understanding(false),
                    ),
                ))
                .plugin(
                    WebSearchPlugin::new()
                        .max_results(2u64)
                        .x_search(XSearchFilter::new().allowed_x_handles(["openrouter"])),
                )
                .plugin(SwitchyardRouterPlugin::new().algorithm(SwitchyardAlgorithm::Stage))
                .build()
        }),
        // --- prompt templates ----------------------------------------------------------
        s("prompt_variables", || {
            base()
                .prompt(
                    Prompt::new("pmpt_123")
                        .variable("customer", "Ada")
                        .variable("greeting", InputContent::text("Hello there"))
                        .variable(
                            "photo",
                            InputContent::image_url_with_detail(
                                "https://example.com/p.png",
                                ImageDetail::Low,
                            ),
                        )
                        .variable("contract", InputContent::file_id("file-77")),
                )
                .build()
        }),
        // --- headers ---------------------------------------------------------------------
        Scenario {
            headers: &[
                ("X-OpenRouter-Metadata", "enabled"),
                ("x-session-id", "sess-hdr-1"),
                ("X-Custom-Trace", "abc123"),
            ],
            ..s("per_call_headers", || base().input("x").build())
        },
        Scenario {
            options: Some(|o| {
                o.app_url("https://call.example/app")
                    .app_title("Call Title")
                    .app_categories(["cli-agent", "writing"])
                    .openrouter_metadata(true)
            }),
            ..s("per_call_typed_params", || base().input("x").build())
        },
        Scenario {
            attribution: false,
            ..s("no_attribution", || base().input("x").build())
        },
        Scenario {
            stream: true,
            ..s("stream_request_body", || {
                base().input("x").max_output_tokens(50u64).build()
            })
        },
    ]
}

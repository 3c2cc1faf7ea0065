//! A request read from JSON reads back to the bottom through the getters of
//! its types: each test decodes a body and compares what every getter gives
//! with what the JSON holds.

use std::collections::BTreeMap;

use openrouter_responses::request::{
    AllowedCaller, ApplyPatchOutputStatus, AutoContainer, BashEngine, CacheControlTtl, CacheMode,
    CodeInterpreterContainer, ComparisonOp, CompoundOp, ComputerEnvironment,
    ContextCompressionEngine, CostTier, CustomToolFormat, DataCollection, FileSearchFilter,
    FilterValue, ImageBackground, ImageDetail, ImageModeration, ImageOutputFormat, ImageQuality,
    Input, InputContent, InputFidelity, McpAllowedTools, McpApprovalMode, McpConnector,
    McpRequireApproval, MemoryLimit, NamespaceMember, PdfEngine, PerformanceCutoff, Plugin, Price,
    PriceSource, PromptVariable, Quantization, Ranker, ReasoningContext, ReasoningEffort,
    ReasoningMode, ReasoningSummaryVerbosity, SandboxEnvironment, SearchContextSize, ShellEngine,
    SortBy, SortPartition, TextFormat, Tool, ToolCallStatus, Verbosity, WebFetchEngine,
    WebSearchEngine, WebSearchMode,
};
use openrouter_responses::{InputItem, Request};
use serde_json::{json, Value};

fn decode(body: Value) -> Request {
    let request: Request = serde_json::from_value(body.clone()).expect("decodes");
    assert!(
        request.extra().is_empty(),
        "every member typed: {:?}",
        request.extra()
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), body, "round trip");
    request
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn items(request: &Request) -> &[InputItem] {
    match request.input() {
        Some(Input::Items(items)) => items,
        other => panic!("no items: {other:?}"),
    }
}

#[test]
fn text_reasoning_and_top_level_groups_read_back() {
    let request = decode(json!({
        "text": {
            "format": {"type": "json_schema", "name": "answer",
                "schema": {"type": "object"}, "description": "The answer", "strict": true},
            "verbosity": "low"
        },
        "reasoning": {"effort": "minimal", "summary": "detailed", "max_tokens": 512,
            "enabled": true, "context": "all_turns", "mode": "pro"},
        "prompt_cache_options": {"mode": "explicit", "ttl": "1h"},
        "cache_control": {"type": "ephemeral", "ttl": "5m"},
        "prompt": {"id": "pmpt_1", "variables": {"city": "Paris",
            "photo": {"type": "input_image", "image_url": "https://e.x/a.png", "detail": "high"}}},
        "trace": {"trace_id": "t1", "trace_name": "tn", "span_name": "sn",
            "generation_name": "gn", "parent_span_id": "p1", "team": "core"},
        "debug": {"echo_upstream_body": true},
        "x_search_filter": {"allowed_x_handles": ["a"], "excluded_x_handles": ["b"],
            "from_date": "2025-01-01", "to_date": "2025-02-01",
            "enable_image_understanding": false, "enable_video_understanding": true}
    }));

    let text = request.text().unwrap();
    assert_eq!(text.get_verbosity(), Some(&Verbosity::Low));
    let Some(TextFormat::JsonSchema(schema)) = text.get_format() else {
        panic!("{text:?}")
    };
    assert_eq!(schema.name(), "answer");
    assert_eq!(schema.schema(), &json!({"type": "object"}));
    assert_eq!(schema.get_description(), Some("The answer"));
    assert_eq!(schema.get_strict(), Some(true));

    let reasoning = request.reasoning().unwrap();
    assert_eq!(reasoning.get_effort(), Some(&ReasoningEffort::Minimal));
    assert_eq!(
        reasoning.get_summary(),
        Some(&ReasoningSummaryVerbosity::Detailed)
    );
    assert_eq!(reasoning.get_max_tokens(), Some(512));
    assert_eq!(reasoning.get_enabled(), Some(true));
    assert_eq!(reasoning.get_context(), Some(&ReasoningContext::AllTurns));
    assert_eq!(reasoning.get_mode(), Some(&ReasoningMode::Pro));

    let options = request.prompt_cache_options().unwrap();
    assert_eq!(options.mode(), &CacheMode::Explicit);
    assert_eq!(options.get_ttl(), Some("1h"));
    let cache = request.cache_control().unwrap();
    assert_eq!(cache.kind(), "ephemeral");
    assert_eq!(cache.get_ttl(), Some(&CacheControlTtl::FiveMinutes));

    let prompt = request.prompt().unwrap();
    assert_eq!(prompt.id(), "pmpt_1");
    let variables = prompt.variables().unwrap();
    assert_eq!(variables["city"], PromptVariable::Text("Paris".into()));
    let PromptVariable::Content(InputContent::Image(photo)) = &variables["photo"] else {
        panic!("{variables:?}")
    };
    assert_eq!(photo.image_url(), Some("https://e.x/a.png"));
    assert_eq!(photo.get_detail(), &ImageDetail::High);

    let trace = request.trace().unwrap();
    assert_eq!(trace.get_trace_id(), Some("t1"));
    assert_eq!(trace.get_trace_name(), Some("tn"));
    assert_eq!(trace.get_span_name(), Some("sn"));
    assert_eq!(trace.get_generation_name(), Some("gn"));
    assert_eq!(trace.get_parent_span_id(), Some("p1"));
    assert_eq!(trace.extra().len(), 1);
    assert_eq!(trace.extra()["team"], "core");

    assert_eq!(
        request.debug().unwrap().get_echo_upstream_body(),
        Some(true)
    );

    let x = request.x_search_filter().unwrap();
    assert_eq!(x.get_allowed_x_handles(), Some(&strings(&["a"])[..]));
    assert_eq!(x.get_excluded_x_handles(), Some(&strings(&["b"])[..]));
    assert_eq!(x.get_from_date(), Some("2025-01-01"));
    assert_eq!(x.get_to_date(), Some("2025-02-01"));
    assert_eq!(x.get_enable_image_understanding(), Some(false));
    assert_eq!(x.get_enable_video_understanding(), Some(true));
}

#[test]
fn unset_members_read_as_none() {
    let request = decode(json!({
        "reasoning": {},
        "provider": {},
        "tools": [{"type": "function", "name": "f", "parameters": null}],
        "input": [{"type": "function_call_output", "call_id": "c", "output": "o"}]
    }));
    let reasoning = request.reasoning().unwrap();
    assert_eq!(reasoning.get_effort(), None);
    assert_eq!(reasoning.get_max_tokens(), None);
    let provider = request.provider().unwrap();
    assert_eq!(provider.get_order(), None);
    assert_eq!(provider.get_zdr(), None);
    assert_eq!(provider.get_max_price(), None);
    let Some([Tool::Function(tool)]) = request.tools() else {
        panic!("{request:?}")
    };
    assert_eq!(tool.name(), "f");
    assert_eq!(tool.get_parameters(), None);
    assert_eq!(tool.get_description(), None);
    let InputItem::FunctionCallOutput(output) = &items(&request)[0] else {
        panic!("{request:?}")
    };
    assert_eq!(output.get_id(), None);
    assert_eq!(output.get_status(), None);
}

/// A `provider` with a member this version does not model is held whole as
/// raw JSON: its typed getter is `None` (as for every top-level field so
/// held), and it reads back, whole, in `extra()`; `merge_provider` writes
/// into it there.
#[test]
fn a_provider_held_raw_reads_back_in_extra_not_in_its_getter() {
    use openrouter_responses::request::Provider;
    let raw = json!({"data_collection": "allow", "order": ["a"], "x-tier": 2});
    let request: Request =
        serde_json::from_value(json!({"model": "m", "provider": raw})).expect("decodes");
    assert_eq!(request.provider(), None);
    assert_eq!(request.extra()["provider"], raw);
    let forced = request
        .into_builder()
        .merge_provider(Provider::new().data_collection(DataCollection::Deny))
        .build();
    assert_eq!(forced.provider(), None);
    assert_eq!(
        forced.extra()["provider"],
        json!({"data_collection": "deny", "order": ["a"], "x-tier": 2})
    );
    // Without the unknown member it is typed, and nothing is in `extra`.
    let request = decode(json!({"provider": {"data_collection": "allow"}}));
    let typed = request.provider().expect("typed");
    assert_eq!(typed.get_data_collection(), Some(&DataCollection::Allow));
    assert!(request.extra().is_empty());
}

#[test]
fn provider_and_plugins_read_back() {
    let request = decode(json!({
        "provider": {
            "allow_fallbacks": false, "require_parameters": true, "data_collection": "deny",
            "zdr": true, "enforce_distillable_text": false,
            "order": ["openai", "azure"], "only": ["openai"], "ignore": ["x"],
            "quantizations": ["fp8", "int4"],
            "sort": {"by": "throughput", "partition": "none"},
            "max_price": {"prompt": "1", "completion": 2.5, "image": "0.1",
                "audio": "0.2", "request": "0.3"},
            "preferred_max_latency": {"p50": 1.5, "p75": 2.0, "p90": 3.0, "p99": 9.0},
            "preferred_min_throughput": 100.0
        },
        "plugins": [
            {"id": "web", "enabled": true, "engine": "exa", "max_results": 4, "max_uses": 2,
                "mode": "deep", "search_prompt": "Results:", "include_domains": ["a.com"],
                "exclude_domains": ["b.com"],
                "user_location": {"type": "approximate", "city": "Oslo", "country": "NO",
                    "region": "Oslo", "timezone": "Europe/Oslo"}},
            {"id": "web-fetch", "allowed_domains": ["a.com"], "blocked_domains": ["b.com"],
                "max_content_tokens": 900, "max_uses": 3},
            {"id": "file-parser", "enabled": true, "pdf": {"engine": "mistral-ocr"}},
            {"id": "context-compression", "enabled": false, "engine": "middle-out"},
            {"id": "auto-router", "enabled": true, "allowed_models": ["openai/*"],
                "excluded_models": ["openai/o1"], "cost_tier": "low",
                "cost_quality_tradeoff": 7, "pin_model": true},
            {"id": "pareto-router", "enabled": true, "max_price": 4.5,
                "min_coding_score": 0.8, "price_source": "weighted_avg"},
            {"id": "fusion", "enabled": true, "analysis_models": ["m1", "m2"], "model": "m3",
                "preset": "general-fast", "max_tool_calls": 4,
                "tools": [{"type": "openrouter:web_search"}]}
        ]
    }));

    let p = request.provider().unwrap();
    assert_eq!(p.get_allow_fallbacks(), Some(false));
    assert_eq!(p.get_require_parameters(), Some(true));
    assert_eq!(p.get_data_collection(), Some(&DataCollection::Deny));
    assert_eq!(p.get_zdr(), Some(true));
    assert_eq!(p.get_enforce_distillable_text(), Some(false));
    assert_eq!(p.get_order(), Some(&strings(&["openai", "azure"])[..]));
    assert_eq!(p.get_only(), Some(&strings(&["openai"])[..]));
    assert_eq!(p.get_ignore(), Some(&strings(&["x"])[..]));
    assert_eq!(
        p.get_quantizations(),
        Some(&[Quantization::Fp8, Quantization::Int4][..])
    );
    let Some(openrouter_responses::request::ProviderSort::Config(sort)) = p.get_sort() else {
        panic!("{p:?}")
    };
    assert_eq!(sort.get_by(), Some(&SortBy::Throughput));
    assert_eq!(sort.get_partition(), Some(&SortPartition::None));
    let price = p.get_max_price().unwrap();
    assert_eq!(price.get_prompt(), Some(&Price::Text("1".into())));
    assert_eq!(
        price.get_completion(),
        Some(&Price::Number(serde_json::Number::from_f64(2.5).unwrap()))
    );
    assert_eq!(price.get_image(), Some(&Price::Text("0.1".into())));
    assert_eq!(price.get_audio(), Some(&Price::Text("0.2".into())));
    assert_eq!(price.get_request(), Some(&Price::Text("0.3".into())));
    let Some(PerformanceCutoff::Percentiles(latency)) = p.get_preferred_max_latency() else {
        panic!("{p:?}")
    };
    assert_eq!(
        (
            latency.get_p50(),
            latency.get_p75(),
            latency.get_p90(),
            latency.get_p99()
        ),
        (Some(1.5), Some(2.0), Some(3.0), Some(9.0))
    );
    assert_eq!(
        p.get_preferred_min_throughput(),
        Some(&PerformanceCutoff::Value(100.0))
    );

    let plugins = request.plugins().unwrap();
    let Plugin::Web(web) = &plugins[0] else {
        panic!("{plugins:?}")
    };
    assert_eq!(web.get_enabled(), Some(true));
    assert_eq!(web.get_engine(), Some("exa"));
    assert_eq!(web.get_max_results(), Some(4));
    assert_eq!(web.get_max_uses(), Some(2));
    assert_eq!(web.get_mode(), Some(&WebSearchMode::Deep));
    assert_eq!(web.get_search_prompt(), Some("Results:"));
    assert_eq!(web.get_include_domains(), Some(&strings(&["a.com"])[..]));
    assert_eq!(web.get_exclude_domains(), Some(&strings(&["b.com"])[..]));
    let location = web.get_user_location().unwrap();
    assert_eq!(location.kind(), "approximate");
    assert_eq!(location.get_city(), Some("Oslo"));
    assert_eq!(location.get_country(), Some("NO"));
    assert_eq!(location.get_region(), Some("Oslo"));
    assert_eq!(location.get_timezone(), Some("Europe/Oslo"));

    let Plugin::WebFetch(fetch) = &plugins[1] else {
        panic!("{plugins:?}")
    };
    assert_eq!(fetch.get_allowed_domains(), Some(&strings(&["a.com"])[..]));
    assert_eq!(fetch.get_blocked_domains(), Some(&strings(&["b.com"])[..]));
    assert_eq!(fetch.get_max_content_tokens(), Some(900));
    assert_eq!(fetch.get_max_uses(), Some(3));

    let Plugin::FileParser(parser) = &plugins[2] else {
        panic!("{plugins:?}")
    };
    assert_eq!(parser.get_enabled(), Some(true));
    assert_eq!(parser.get_pdf_engine(), Some(&PdfEngine::MistralOcr));

    let Plugin::ContextCompression(compression) = &plugins[3] else {
        panic!("{plugins:?}")
    };
    assert_eq!(compression.get_enabled(), Some(false));
    assert_eq!(
        compression.get_engine(),
        Some(&ContextCompressionEngine::MiddleOut)
    );

    let Plugin::AutoRouter(router) = &plugins[4] else {
        panic!("{plugins:?}")
    };
    assert_eq!(router.get_enabled(), Some(true));
    assert_eq!(
        router.get_allowed_models(),
        Some(&strings(&["openai/*"])[..])
    );
    assert_eq!(
        router.get_excluded_models(),
        Some(&strings(&["openai/o1"])[..])
    );
    assert_eq!(router.get_cost_tier(), Some(&CostTier::Low));
    assert_eq!(router.get_cost_quality_tradeoff(), Some(7));
    assert_eq!(router.get_pin_model(), Some(true));

    let Plugin::ParetoRouter(pareto) = &plugins[5] else {
        panic!("{plugins:?}")
    };
    assert_eq!(pareto.get_enabled(), Some(true));
    assert_eq!(pareto.get_max_price(), Some(4.5));
    assert_eq!(pareto.get_min_coding_score(), Some(0.8));
    assert_eq!(pareto.get_price_source(), Some(&PriceSource::WeightedAvg));

    let Plugin::Fusion(fusion) = &plugins[6] else {
        panic!("{plugins:?}")
    };
    assert_eq!(fusion.get_enabled(), Some(true));
    assert_eq!(
        fusion.get_analysis_models(),
        Some(&strings(&["m1", "m2"])[..])
    );
    assert_eq!(fusion.get_model(), Some("m3"));
    assert_eq!(fusion.get_preset(), Some("general-fast"));
    assert_eq!(fusion.get_max_tool_calls(), Some(4));
    assert_eq!(
        fusion.get_tools(),
        Some(&[json!({"type": "openrouter:web_search"})][..])
    );
}

#[test]
fn hosted_tools_read_back() {
    let request = decode(json!({"tools": [
        {"type": "function", "name": "get_weather", "description": "Weather",
            "parameters": {"type": "object"}, "strict": false, "defer_loading": true},
        {"type": "web_search", "engine": "native",
            "filters": {"allowed_domains": ["a.com"], "blocked_domains": ["b.com"],
                "excluded_domains": ["c.com"]},
            "max_results": 5, "max_uses": 1, "mode": "fast", "search_context_size": "high",
            "user_location": {"type": "approximate", "city": "Rome"}},
        {"type": "file_search", "vector_store_ids": ["vs_1", "vs_2"],
            "filters": {"type": "and", "filters": [
                {"key": "year", "type": "gte", "value": 2020},
                {"key": "lang", "type": "eq", "value": "en"}]},
            "max_num_results": 8,
            "ranking_options": {"ranker": "auto", "score_threshold": 0.25}},
        {"type": "computer_use_preview", "display_width": 1024, "display_height": 768,
            "environment": "browser"},
        {"type": "code_interpreter",
            "container": {"type": "auto", "file_ids": ["f1"], "memory_limit": "4g"}},
        {"type": "code_interpreter", "container": {"type": "auto", "memory_limit": null}},
        {"type": "mcp", "server_label": "crm", "server_url": "https://mcp.e.x",
            "connector_id": "connector_gmail", "authorization": "tok",
            "headers": {"X-A": "1"}, "allowed_tools": {"read_only": true, "tool_names": ["get"]},
            "require_approval": {"always": {"tool_names": ["delete"]},
                "never": {"tool_names": ["get"]}},
            "server_description": "CRM"},
        {"type": "mcp", "server_label": "docs", "require_approval": "never",
            "allowed_tools": ["search"]},
        {"type": "image_generation", "background": "transparent", "input_fidelity": "high",
            "input_image_mask": {"file_id": "file_m", "image_url": "https://e.x/m.png"},
            "model": "gpt-image-1", "moderation": "low", "output_compression": 80,
            "output_format": "webp", "partial_images": 2, "quality": "medium",
            "size": "1024x1024"},
        {"type": "custom", "name": "sql", "description": "Run SQL",
            "format": {"type": "grammar", "syntax": "lark", "definition": "start: x"}},
        {"type": "namespace", "name": "billing", "description": "Billing tools", "tools": [
            {"type": "function", "name": "refund", "description": "Refund",
                "parameters": {"type": "object"}, "strict": true, "defer_loading": false,
                "allowed_callers": ["direct", "programmatic"],
                "output_schema": {"type": "string"}},
            {"type": "custom", "name": "note"}]}
    ]}));
    let tools = request.tools().unwrap();

    let Tool::Function(f) = &tools[0] else {
        panic!("{tools:?}")
    };
    assert_eq!(f.name(), "get_weather");
    assert_eq!(f.get_description(), Some("Weather"));
    assert_eq!(f.get_parameters(), Some(&json!({"type": "object"})));
    assert_eq!(f.get_strict(), Some(false));
    assert_eq!(f.get_defer_loading(), Some(true));

    let Tool::WebSearch(web) = &tools[1] else {
        panic!("{tools:?}")
    };
    assert_eq!(web.get_engine(), Some(&WebSearchEngine::Native));
    let filters = web.get_filters().unwrap();
    assert_eq!(
        filters.get_allowed_domains(),
        Some(&strings(&["a.com"])[..])
    );
    assert_eq!(
        filters.get_blocked_domains(),
        Some(&strings(&["b.com"])[..])
    );
    assert_eq!(
        filters.get_excluded_domains(),
        Some(&strings(&["c.com"])[..])
    );
    assert_eq!(web.get_max_results(), Some(5));
    assert_eq!(web.get_max_uses(), Some(1));
    assert_eq!(web.get_mode(), Some(&WebSearchMode::Fast));
    assert_eq!(
        web.get_search_context_size(),
        Some(&SearchContextSize::High)
    );
    assert_eq!(web.get_user_location().unwrap().get_city(), Some("Rome"));

    let Tool::FileSearch(search) = &tools[2] else {
        panic!("{tools:?}")
    };
    assert_eq!(search.vector_store_ids(), &strings(&["vs_1", "vs_2"])[..]);
    assert_eq!(search.get_max_num_results(), Some(8));
    let ranking = search.get_ranking_options().unwrap();
    assert_eq!(ranking.get_ranker(), Some(&Ranker::Auto));
    assert_eq!(ranking.get_score_threshold(), Some(0.25));
    let Some(FileSearchFilter::Compound(and)) = search.get_filters() else {
        panic!("{search:?}")
    };
    assert_eq!(and.op(), &CompoundOp::And);
    let [FileSearchFilter::Comparison(year), FileSearchFilter::Comparison(lang)] = and.filters()
    else {
        panic!("{and:?}")
    };
    assert_eq!(year.key(), "year");
    assert_eq!(year.op(), &ComparisonOp::Gte);
    assert_eq!(year.value(), &FilterValue::Number(2020.into()));
    assert_eq!(
        (lang.key(), lang.op(), lang.value()),
        ("lang", &ComparisonOp::Eq, &FilterValue::String("en".into()))
    );

    let Tool::ComputerUsePreview(computer) = &tools[3] else {
        panic!("{tools:?}")
    };
    assert_eq!(computer.display_width(), 1024);
    assert_eq!(computer.display_height(), 768);
    assert_eq!(computer.environment(), &ComputerEnvironment::Browser);

    let Tool::CodeInterpreter(code) = &tools[4] else {
        panic!("{tools:?}")
    };
    let CodeInterpreterContainer::Auto(auto) = code.container() else {
        panic!("{code:?}")
    };
    assert_eq!(auto.kind(), "auto");
    assert_eq!(auto.get_file_ids(), Some(&strings(&["f1"])[..]));
    assert_eq!(auto.get_memory_limit(), Some(&MemoryLimit::G4));
    // `memory_limit: null` reads as unset (and is written back as `null`).
    let Tool::CodeInterpreter(code) = &tools[5] else {
        panic!("{tools:?}")
    };
    let CodeInterpreterContainer::Auto(auto) = code.container() else {
        panic!("{code:?}")
    };
    assert_eq!(auto.get_memory_limit(), None);
    assert_ne!(auto, &AutoContainer::new());

    let Tool::Mcp(mcp) = &tools[6] else {
        panic!("{tools:?}")
    };
    assert_eq!(mcp.server_label(), "crm");
    assert_eq!(mcp.get_server_url(), Some("https://mcp.e.x"));
    assert_eq!(mcp.get_connector_id(), Some(&McpConnector::Gmail));
    assert_eq!(mcp.get_authorization(), Some("tok"));
    assert_eq!(mcp.headers().unwrap()["X-A"], "1");
    let Some(McpAllowedTools::Filter(filter)) = mcp.get_allowed_tools() else {
        panic!("{mcp:?}")
    };
    assert_eq!(filter.get_read_only(), Some(true));
    assert_eq!(filter.get_tool_names(), Some(&strings(&["get"])[..]));
    let Some(McpRequireApproval::Rules(rules)) = mcp.get_require_approval() else {
        panic!("{mcp:?}")
    };
    assert_eq!(rules.get_always(), Some(&strings(&["delete"])[..]));
    assert_eq!(rules.get_never(), Some(&strings(&["get"])[..]));
    assert_eq!(mcp.get_server_description(), Some("CRM"));
    let Tool::Mcp(docs) = &tools[7] else {
        panic!("{tools:?}")
    };
    assert_eq!(
        docs.get_require_approval(),
        Some(&McpRequireApproval::Mode(McpApprovalMode::Never))
    );
    assert_eq!(
        docs.get_allowed_tools(),
        Some(&McpAllowedTools::names(["search"]))
    );
    assert_eq!(docs.headers(), None);

    let Tool::ImageGeneration(image) = &tools[8] else {
        panic!("{tools:?}")
    };
    assert_eq!(image.get_background(), Some(&ImageBackground::Transparent));
    assert_eq!(image.get_input_fidelity(), Some(&InputFidelity::High));
    let mask = image.get_input_image_mask().unwrap();
    assert_eq!(mask.get_file_id(), Some("file_m"));
    assert_eq!(mask.get_image_url(), Some("https://e.x/m.png"));
    assert_eq!(image.get_model(), Some("gpt-image-1"));
    assert_eq!(image.get_moderation(), Some(&ImageModeration::Low));
    assert_eq!(image.get_output_compression(), Some(80));
    assert_eq!(image.get_output_format(), Some(&ImageOutputFormat::Webp));
    assert_eq!(image.get_partial_images(), Some(2));
    assert_eq!(image.get_quality(), Some(&ImageQuality::Medium));
    assert_eq!(image.get_size(), Some("1024x1024"));

    let Tool::Custom(custom) = &tools[9] else {
        panic!("{tools:?}")
    };
    assert_eq!(custom.name(), "sql");
    assert_eq!(custom.get_description(), Some("Run SQL"));
    assert_eq!(
        custom.get_format(),
        Some(&CustomToolFormat::Grammar {
            syntax: "lark".into(),
            definition: "start: x".into()
        })
    );

    let Tool::Namespace(namespace) = &tools[10] else {
        panic!("{tools:?}")
    };
    assert_eq!(namespace.name(), "billing");
    assert_eq!(namespace.description(), "Billing tools");
    let [NamespaceMember::Function(refund), NamespaceMember::Custom(note)] = namespace.get_tools()
    else {
        panic!("{namespace:?}")
    };
    assert_eq!(refund.name(), "refund");
    assert_eq!(refund.get_description(), Some("Refund"));
    assert_eq!(refund.get_parameters(), Some(&json!({"type": "object"})));
    assert_eq!(refund.get_strict(), Some(true));
    assert_eq!(refund.get_defer_loading(), Some(false));
    assert_eq!(
        refund.get_allowed_callers(),
        Some(&[AllowedCaller::Direct, AllowedCaller::Programmatic][..])
    );
    assert_eq!(refund.get_output_schema(), Some(&json!({"type": "string"})));
    assert_eq!(note.name(), "note");
    assert_eq!(note.get_format(), None);
}

#[test]
fn server_tools_read_back() {
    let request = decode(json!({"tools": [
        {"type": "openrouter:web_search", "parameters": {"engine": "exa",
            "allowed_domains": ["a.com"], "excluded_domains": ["b.com"], "max_results": 3,
            "max_total_results": 9, "max_uses": 2, "max_characters": 500, "mode": "auto",
            "search_context_size": "low", "user_location": {"type": "approximate",
                "country": "FR"}}},
        {"type": "openrouter:web_fetch", "parameters": {"engine": "firecrawl",
            "allowed_domains": ["a.com"], "blocked_domains": ["b.com"],
            "max_content_tokens": 700, "max_uses": 4}},
        {"type": "openrouter:datetime", "parameters": {"timezone": "Asia/Tokyo"}},
        {"type": "openrouter:image_generation", "parameters": {"model": "m",
            "aspect_ratio": "16:9"}},
        {"type": "openrouter:tool_search", "parameters": {"max_results": 6, "beta": true}},
        {"type": "openrouter:files", "parameters": {"root": "/w"}},
        {"type": "openrouter:apply_patch", "parameters": {"engine": "native"}},
        {"type": "openrouter:bash", "parameters": {"engine": "openrouter",
            "environment": {"type": "container_reference", "container_id": "c_1"},
            "sleep_after_seconds": 60}},
        {"type": "openrouter:shell", "parameters": {"engine": "auto",
            "environment": {"type": "container_auto"}, "sleep_after_seconds": 30}},
        {"type": "openrouter:advisor", "parameters": {"name": "sage", "model": "big",
            "instructions": "Advise.", "forward_transcript": true,
            "max_completion_tokens": 300, "reasoning": {"effort": "high", "max_tokens": 99},
            "stream": false, "temperature": 0.5}},
        {"type": "openrouter:subagent", "parameters": {"name": "worker", "model": "small",
            "instructions": "Work.", "inherit_functions": false,
            "inherited_function_names": ["f"], "max_completion_tokens": 200,
            "max_tool_calls": 5, "reasoning": {"effort": "low"}, "temperature": 0.1,
            "tools": [{"type": "openrouter:datetime"}]}},
        {"type": "openrouter:fusion", "parameters": {"analysis_models": ["a", "b"],
            "model": "judge", "cache_control": {"type": "ephemeral"},
            "max_completion_tokens": 100, "max_tool_calls": 2,
            "reasoning": {"max_tokens": 10}, "temperature": 0.3, "tools": []}},
        {"type": "openrouter:memory", "parameters": {"scope": "user"}}
    ]}));
    let tools = request.tools().unwrap();

    let Tool::OpenRouterWebSearch(p) = &tools[0] else {
        panic!("{tools:?}")
    };
    let web = p.parameters().unwrap();
    assert_eq!(web.get_engine(), Some(&WebSearchEngine::Exa));
    assert_eq!(web.get_allowed_domains(), Some(&strings(&["a.com"])[..]));
    assert_eq!(web.get_excluded_domains(), Some(&strings(&["b.com"])[..]));
    assert_eq!(web.get_max_results(), Some(3));
    assert_eq!(web.get_max_total_results(), Some(9));
    assert_eq!(web.get_max_uses(), Some(2));
    assert_eq!(web.get_max_characters(), Some(500));
    assert_eq!(web.get_mode(), Some(&WebSearchMode::Auto));
    assert_eq!(web.get_search_context_size(), Some(&SearchContextSize::Low));
    assert_eq!(web.get_user_location().unwrap().get_country(), Some("FR"));

    let Tool::OpenRouterWebFetch(p) = &tools[1] else {
        panic!("{tools:?}")
    };
    let fetch = p.parameters().unwrap();
    assert_eq!(fetch.get_engine(), Some(&WebFetchEngine::Firecrawl));
    assert_eq!(fetch.get_allowed_domains(), Some(&strings(&["a.com"])[..]));
    assert_eq!(fetch.get_blocked_domains(), Some(&strings(&["b.com"])[..]));
    assert_eq!(fetch.get_max_content_tokens(), Some(700));
    assert_eq!(fetch.get_max_uses(), Some(4));

    let Tool::OpenRouterDatetime(p) = &tools[2] else {
        panic!("{tools:?}")
    };
    assert_eq!(p.parameters().unwrap().get_timezone(), Some("Asia/Tokyo"));

    let Tool::OpenRouterImageGeneration(p) = &tools[3] else {
        panic!("{tools:?}")
    };
    let image = p.parameters().unwrap();
    assert_eq!(image.get_model(), Some("m"));
    assert_eq!(image.extra()["aspect_ratio"], "16:9");

    let Tool::OpenRouterToolSearch(p) = &tools[4] else {
        panic!("{tools:?}")
    };
    let search = p.parameters().unwrap();
    assert_eq!(search.get_max_results(), Some(6));
    assert_eq!(search.get_extra()["beta"], true);

    let Tool::OpenRouterFiles(p) = &tools[5] else {
        panic!("{tools:?}")
    };
    assert_eq!(p.parameters().unwrap().get_extra()["root"], "/w");

    let Tool::OpenRouterApplyPatch(p) = &tools[6] else {
        panic!("{tools:?}")
    };
    assert_eq!(
        p.parameters().unwrap().get_engine().map(|e| e.as_str()),
        Some("native")
    );

    let Tool::OpenRouterBash(p) = &tools[7] else {
        panic!("{tools:?}")
    };
    let bash = p.parameters().unwrap();
    assert_eq!(bash.get_engine(), Some(&BashEngine::OpenRouter));
    assert_eq!(
        bash.get_environment(),
        Some(&SandboxEnvironment::container("c_1"))
    );
    assert_eq!(bash.get_sleep_after_seconds(), Some(60));
    assert!(bash.get_extra().is_empty());

    let Tool::OpenRouterShell(p) = &tools[8] else {
        panic!("{tools:?}")
    };
    let shell = p.parameters().unwrap();
    assert_eq!(shell.get_engine(), Some(&ShellEngine::Auto));
    assert_eq!(
        shell.get_environment(),
        Some(&SandboxEnvironment::ContainerAuto)
    );
    assert_eq!(shell.get_sleep_after_seconds(), Some(30));

    let Tool::OpenRouterAdvisor(p) = &tools[9] else {
        panic!("{tools:?}")
    };
    let advisor = p.parameters().unwrap();
    assert_eq!(advisor.get_name(), Some("sage"));
    assert_eq!(advisor.get_model(), Some("big"));
    assert_eq!(advisor.get_instructions(), Some("Advise."));
    assert_eq!(advisor.get_forward_transcript(), Some(true));
    assert_eq!(advisor.get_max_completion_tokens(), Some(300));
    let reasoning = advisor.get_reasoning().unwrap();
    assert_eq!(reasoning.get_effort(), Some(&ReasoningEffort::High));
    assert_eq!(reasoning.get_max_tokens(), Some(99));
    assert_eq!(advisor.get_stream(), Some(false));
    assert_eq!(advisor.get_temperature(), Some(0.5));

    let Tool::OpenRouterSubagent(p) = &tools[10] else {
        panic!("{tools:?}")
    };
    let sub = p.parameters().unwrap();
    assert_eq!(sub.get_name(), Some("worker"));
    assert_eq!(sub.get_model(), Some("small"));
    assert_eq!(sub.get_instructions(), Some("Work."));
    assert_eq!(sub.get_inherit_functions(), Some(false));
    assert_eq!(
        sub.get_inherited_function_names(),
        Some(&strings(&["f"])[..])
    );
    assert_eq!(sub.get_max_completion_tokens(), Some(200));
    assert_eq!(sub.get_max_tool_calls(), Some(5));
    assert_eq!(
        sub.get_reasoning().unwrap().get_effort(),
        Some(&ReasoningEffort::Low)
    );
    assert_eq!(sub.get_temperature(), Some(0.1));
    assert_eq!(sub.get_tools(), Some(&[Tool::openrouter_datetime()][..]));

    let Tool::OpenRouterFusion(p) = &tools[11] else {
        panic!("{tools:?}")
    };
    let fusion = p.parameters().unwrap();
    assert_eq!(
        fusion.get_analysis_models(),
        Some(&strings(&["a", "b"])[..])
    );
    assert_eq!(fusion.get_model(), Some("judge"));
    assert_eq!(fusion.get_cache_control().unwrap().kind(), "ephemeral");
    assert_eq!(fusion.get_max_completion_tokens(), Some(100));
    assert_eq!(fusion.get_max_tool_calls(), Some(2));
    assert_eq!(fusion.get_reasoning().unwrap().get_max_tokens(), Some(10));
    assert_eq!(fusion.get_temperature(), Some(0.3));
    assert_eq!(fusion.get_tools(), Some(&[][..]));

    let Tool::OpenRouter(memory) = &tools[12] else {
        panic!("{tools:?}")
    };
    assert_eq!(memory.tool_type(), "openrouter:memory");
    assert_eq!(memory.get_parameters().unwrap()["scope"], "user");
}

#[test]
fn input_items_read_back() {
    let request = decode(json!({"input": [
        {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "Look", "prompt_cache_breakpoint": {"mode": "explicit"}},
            {"type": "input_file", "file_url": "https://e.x/a.pdf", "filename": "a.pdf"},
            {"type": "input_audio", "input_audio": {"data": "AAA=", "format": "wav"}},
            {"type": "input_video", "video_url": "https://e.x/v.mp4"}
        ]},
        {"type": "function_call_output", "call_id": "call_1", "output": [
            {"type": "input_text", "text": "21C"}], "id": "fco_1", "status": "incomplete"},
        {"type": "custom_tool_call_output", "call_id": "call_2", "output": "ok", "id": "ctco_1"},
        {"type": "apply_patch_call_output", "call_id": "call_3", "status": "failed",
            "output": "conflict", "id": "apco_1"},
        {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": false,
            "id": "mcpa_1", "reason": "too risky"},
        {"type": "item_reference", "id": "msg_9"},
        {"type": "local_shell_call", "id": "lsc_1", "call_id": "call_4", "status": "completed",
            "action": {"type": "exec", "command": ["ls"], "env": {"A": "1"}, "timeout_ms": 500,
                "user": "root", "working_directory": "/tmp"}},
        {"type": "local_shell_call_output", "id": "lsc_1", "output": "a.txt",
            "status": "completed"},
        {"type": "mcp_approval_request", "id": "mcpr_1", "server_label": "crm",
            "name": "delete", "arguments": "{}"},
        {"type": "mcp_call", "id": "mcp_1", "server_label": "crm", "name": "get",
            "arguments": "{\"id\":1}", "output": "found", "error": "partial"},
        {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "crm", "tools": [
            {"name": "get", "input_schema": {"type": "object"}, "description": "Get",
                "annotations": {"read_only": true}}], "error": "slow"},
        {"type": "agent_message", "author": "planner", "recipient": "coder", "content": [
            {"type": "input_text", "text": "Go"}], "id": "am_1",
            "agent": {"agent_name": "planner"}},
        {"type": "additional_tools", "role": "developer", "tools": [], "id": "at_1"},
        {"type": "compaction", "encrypted_content": "enc", "id": "cmp_1"},
        {"type": "context_compaction", "encrypted_content": "enc2", "id": "cc_1"}
    ]}));
    let items = items(&request);

    let InputItem::Message(message) = &items[0] else {
        panic!("{items:?}")
    };
    let Some(openrouter_responses::request::Content::Parts(parts)) = message.content() else {
        panic!("{message:?}")
    };
    let InputContent::Text(text) = &parts[0] else {
        panic!("{parts:?}")
    };
    assert_eq!(text.text(), "Look");
    assert_eq!(
        text.get_prompt_cache_breakpoint().map(|b| b.mode()),
        Some(&CacheMode::Explicit)
    );
    let InputContent::File(file) = &parts[1] else {
        panic!("{parts:?}")
    };
    assert_eq!(file.get_file_url(), Some("https://e.x/a.pdf"));
    assert_eq!(file.get_filename(), Some("a.pdf"));
    assert_eq!((file.get_file_id(), file.get_file_data()), (None, None));
    let InputContent::Audio(audio) = &parts[2] else {
        panic!("{parts:?}")
    };
    assert_eq!((audio.data(), audio.format().as_str()), ("AAA=", "wav"));
    let InputContent::Video(video) = &parts[3] else {
        panic!("{parts:?}")
    };
    assert_eq!(video.video_url(), "https://e.x/v.mp4");

    let InputItem::FunctionCallOutput(output) = &items[1] else {
        panic!("{items:?}")
    };
    assert_eq!(output.call_id(), "call_1");
    assert_eq!(
        output.output(),
        &openrouter_responses::request::Content::Parts(vec![InputContent::text("21C")])
    );
    assert_eq!(output.get_id(), Some("fco_1"));
    assert_eq!(output.get_status(), Some(&ToolCallStatus::Incomplete));

    let InputItem::CustomToolCallOutput(custom) = &items[2] else {
        panic!("{items:?}")
    };
    assert_eq!(custom.call_id(), "call_2");
    assert_eq!(custom.output(), &"ok".into());
    assert_eq!(custom.get_id(), Some("ctco_1"));

    let InputItem::ApplyPatchCallOutput(patch) = &items[3] else {
        panic!("{items:?}")
    };
    assert_eq!(patch.call_id(), "call_3");
    assert_eq!(patch.status(), &ApplyPatchOutputStatus::Failed);
    assert_eq!(patch.get_output(), Some("conflict"));
    assert_eq!(patch.get_id(), Some("apco_1"));

    let InputItem::McpApprovalResponse(approval) = &items[4] else {
        panic!("{items:?}")
    };
    assert_eq!(approval.approval_request_id(), "mcpr_1");
    assert!(!approval.approve());
    assert_eq!(approval.get_id(), Some("mcpa_1"));
    assert_eq!(approval.get_reason(), Some("too risky"));

    let InputItem::ItemReference(reference) = &items[5] else {
        panic!("{items:?}")
    };
    assert_eq!(reference.id(), "msg_9");

    let InputItem::LocalShellCall(call) = &items[6] else {
        panic!("{items:?}")
    };
    assert_eq!(call.id(), "lsc_1");
    assert_eq!(call.call_id(), "call_4");
    assert_eq!(call.status(), &ToolCallStatus::Completed);
    let action = call.action();
    assert_eq!(action.command(), &strings(&["ls"])[..]);
    assert_eq!(
        action.get_env(),
        &BTreeMap::from([("A".to_owned(), "1".to_owned())])
    );
    assert_eq!(action.get_timeout_ms(), Some(500));
    assert_eq!(action.get_user(), Some("root"));
    assert_eq!(action.get_working_directory(), Some("/tmp"));

    let InputItem::LocalShellCallOutput(shell) = &items[7] else {
        panic!("{items:?}")
    };
    assert_eq!((shell.id(), shell.output()), ("lsc_1", "a.txt"));
    assert_eq!(shell.get_status(), Some(&ToolCallStatus::Completed));

    let InputItem::McpApprovalRequest(ask) = &items[8] else {
        panic!("{items:?}")
    };
    assert_eq!(
        (ask.id(), ask.server_label(), ask.name(), ask.arguments()),
        ("mcpr_1", "crm", "delete", "{}")
    );

    let InputItem::McpCall(mcp) = &items[9] else {
        panic!("{items:?}")
    };
    assert_eq!(
        (mcp.id(), mcp.server_label(), mcp.name(), mcp.arguments()),
        ("mcp_1", "crm", "get", r#"{"id":1}"#)
    );
    assert_eq!(mcp.get_output(), Some("found"));
    assert_eq!(mcp.get_error(), Some("partial"));

    let InputItem::McpListTools(list) = &items[10] else {
        panic!("{items:?}")
    };
    assert_eq!((list.id(), list.server_label()), ("mcpl_1", "crm"));
    assert_eq!(list.get_error(), Some("slow"));
    let info = &list.tools()[0];
    assert_eq!(info.name(), "get");
    assert_eq!(info.input_schema(), &json!({"type": "object"}));
    assert_eq!(info.get_description(), Some("Get"));
    assert_eq!(info.get_annotations(), Some(&json!({"read_only": true})));

    let InputItem::AgentMessage(agent) = &items[11] else {
        panic!("{items:?}")
    };
    assert_eq!((agent.author(), agent.recipient()), ("planner", "coder"));
    assert_eq!(agent.content().len(), 1);
    assert_eq!(agent.get_id(), Some("am_1"));
    assert_eq!(agent.get_agent(), Some("planner"));

    let InputItem::AdditionalTools(more) = &items[12] else {
        panic!("{items:?}")
    };
    assert_eq!(more.role().as_str(), "developer");
    assert!(more.tools().is_empty());
    assert_eq!(more.get_id(), Some("at_1"));

    let InputItem::Compaction(compaction) = &items[13] else {
        panic!("{items:?}")
    };
    assert_eq!(compaction.encrypted_content(), "enc");
    assert_eq!(compaction.get_id(), Some("cmp_1"));

    let InputItem::ContextCompaction(marker) = &items[14] else {
        panic!("{items:?}")
    };
    assert_eq!(marker.get_encrypted_content(), Some("enc2"));
    assert_eq!(marker.get_id(), Some("cc_1"));
}

/// What a setter sets, its getter gives back, after a trip through JSON too.
#[test]
fn getters_give_back_what_setters_set() {
    use openrouter_responses::request::{FunctionTool, Provider, Reasoning};

    let request = Request::builder()
        .reasoning(
            Reasoning::new()
                .effort(ReasoningEffort::High)
                .summary(ReasoningSummaryVerbosity::Auto)
                .max_tokens(100)
                .enabled(true),
        )
        .provider(Provider::new().order(["a", "b"]).zdr(false))
        .tool(
            FunctionTool::new("f")
                .description("d")
                .parameters(json!({}))
                .strict(true),
        )
        .build();
    let json = serde_json::to_value(&request).unwrap();
    let back: Request = serde_json::from_value(json).unwrap();
    for request in [&request, &back] {
        let reasoning = request.reasoning().unwrap();
        assert_eq!(reasoning.get_effort(), Some(&ReasoningEffort::High));
        assert_eq!(
            reasoning.get_summary(),
            Some(&ReasoningSummaryVerbosity::Auto)
        );
        assert_eq!(reasoning.get_max_tokens(), Some(100));
        assert_eq!(reasoning.get_enabled(), Some(true));
        assert_eq!(reasoning.get_context(), None);
        let provider = request.provider().unwrap();
        assert_eq!(provider.get_order(), Some(&strings(&["a", "b"])[..]));
        assert_eq!(provider.get_zdr(), Some(false));
        let Some([Tool::Function(tool)]) = request.tools() else {
            panic!("{request:?}")
        };
        assert_eq!(tool.name(), "f");
        assert_eq!(tool.get_description(), Some("d"));
        assert_eq!(tool.get_parameters(), Some(&json!({})));
        assert_eq!(tool.get_strict(), Some(true));
    }
}

//! Serde contract of the response model, over the project's own fixtures in
//! `tests/fixtures/responses/` (written from the facts of the OpenAPI spec and
//! the documented examples).

mod response_common;

use openrouter_responses::request::{ReasoningEffort, ToolChoice, Verbosity};
use openrouter_responses::response::{
    Annotation, ApplyPatchOperation, CodeInterpreterOutput, ErrorType, IncompleteReason,
    ItemStatus, MessagePhase, OutputContent, PipelineStageType, ReasoningContent, ReasoningFormat,
    ReasoningSummary, ResponseErrorCode, ResponseStatus, RoutingStrategy, ShellOutcome, Usage,
    WebSearchAction,
};
use openrouter_responses::{DecodeTarget, Error, ErrorOrigin, OutputItem, Response};
use response_common::{fixture, fixture_dir, fixture_value, roundtrip};
use serde_json::{json, Value};

#[test]
fn every_fixture_round_trips() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let response = fixture(&name);
        // Encoding straight to text writes no key twice (a `type` tag kept
        // in an `extra` map as well as written by the enum would show here).
        let direct = serde_json::to_string(&response).unwrap();
        let via_value = serde_json::to_string(&serde_json::to_value(&response).unwrap()).unwrap();
        assert_eq!(
            direct.len(),
            via_value.len(),
            "{name}: duplicate keys in {direct}"
        );
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} fixtures found");
}

#[test]
fn plain_text_answer() {
    let r = fixture("text.json");
    assert_eq!(r.id, "resp_text_01");
    assert_eq!(r.object.as_deref(), Some("response"));
    assert_eq!(r.created_at, Some(1767225600));
    assert_eq!(r.completed_at, Some(1767225603));
    assert_eq!(r.model.as_deref(), Some("openai/gpt-4o-mini"));
    assert_eq!(r.status, Some(ResponseStatus::Completed));
    assert!(r.is_completed() && r.is_terminal() && !r.is_failed() && !r.is_incomplete());
    assert_eq!(r.output_text(), "Bonjour! How can I help?");
    assert_eq!(r.output_text.as_deref(), Some(r.output_text().as_str()));
    assert_eq!(r.refusal(), None);
    assert_eq!(r.function_calls().count(), 0);
    assert_eq!(r.error, None);
    assert_eq!(r.instructions, Some(json!("Answer in one line.")));
    assert_eq!(
        r.metadata.as_ref().and_then(|m| m.get("ticket")),
        Some(&json!("T-1"))
    );
    assert_eq!(r.temperature, Some(0.7));
    assert_eq!(r.top_p, Some(1.0));
    assert_eq!(r.frequency_penalty, Some(0.5));
    assert_eq!(r.tools.as_deref(), Some(&[][..]));
    assert_eq!(r.tool_choice, Some(ToolChoice::Auto));
    assert_eq!(r.parallel_tool_calls, Some(true));
    assert_eq!(r.max_output_tokens, Some(256));
    assert_eq!(r.max_tool_calls, None);
    assert_eq!(r.top_logprobs, Some(2));
    assert_eq!(
        r.text.as_ref().and_then(|t| t.get_verbosity()),
        Some(&Verbosity::Medium)
    );
    assert_eq!(
        r.truncation,
        Some(openrouter_responses::request::Truncation::Disabled)
    );
    assert_eq!(
        r.service_tier,
        Some(openrouter_responses::request::ServiceTier::Default)
    );
    assert_eq!(r.store, Some(false));
    assert_eq!(r.prompt_cache_key.as_deref(), Some("conv-42"));
    assert_eq!(r.safety_identifier.as_deref(), Some("user-hash-1"));
    assert_eq!(r.user.as_deref(), Some("user-1"));
    assert!(r.extra.is_empty(), "unexpected extra: {:?}", r.extra);
    assert!(r.http.is_none());

    let m = r.messages().next().unwrap();
    assert_eq!(m.id, "msg_text_01");
    assert_eq!(m.role, "assistant");
    assert_eq!(m.status, Some(ItemStatus::Completed));
    assert_eq!(m.phase, Some(MessagePhase::FinalAnswer));
    assert_eq!(m.content.len(), 2);
    let first = m.content[0].as_output_text().unwrap();
    let lp = &first.logprobs.as_ref().unwrap()[0];
    assert_eq!(lp.token, "Bon");
    assert_eq!(lp.bytes.as_deref(), Some(&b"Bon"[..]));
    assert_eq!(lp.logprob, -0.02);
    assert_eq!(lp.top_logprobs.as_ref().unwrap()[1].token, "Sal");
    assert_eq!(m.content[1].as_output_text().unwrap().logprobs, None);

    let u = r.usage.as_ref().unwrap();
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.total_tokens),
        (20, 9, 29)
    );
    assert_eq!(u.input_tokens_details.cached_tokens, 8);
    assert_eq!(u.input_tokens_details.cache_write_tokens, Some(12));
    assert_eq!(u.output_tokens_details.reasoning_tokens, 0);
    assert_eq!(u.cost, Some(0.000125));
    assert_eq!(u.is_byok, Some(false));
    let cd = u.cost_details.as_ref().unwrap();
    assert_eq!(cd.upstream_inference_cost, None);
    assert_eq!(cd.upstream_inference_input_cost, Some(0.00008));
    assert_eq!(cd.upstream_inference_output_cost, Some(0.000045));
    let st = u.server_tool_use_details.as_ref().unwrap();
    assert_eq!(st.tool_calls_executed, Some(0));
    assert_eq!(st.web_search_requests, None);
}

#[test]
fn required_nullable_fields_are_written_as_null() {
    let r = fixture("created.json");
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "completed_at",
        "error",
        "incomplete_details",
        "instructions",
        "metadata",
        "temperature",
    ] {
        assert_eq!(v.get(key), Some(&Value::Null), "{key}");
    }
    for key in [
        "usage",
        "model",
        "created_at",
        "error_type",
        "openrouter_metadata",
    ] {
        assert!(v.get(key).is_none(), "{key} should be omitted");
    }
    assert_eq!(v["output"], json!([]));
}

#[test]
fn created_event_response_has_only_id_and_status() {
    let r = fixture("created.json");
    assert_eq!(r.id, "resp_created_01");
    assert_eq!(r.status, Some(ResponseStatus::InProgress));
    assert!(!r.is_terminal());
    assert!(r.output.is_empty() && r.usage.is_none() && r.model.is_none());
    assert_eq!(r.output_text(), "");
}

#[test]
fn reasoning_with_object_summaries() {
    let r = fixture("reasoning_objects.json");
    let rs = r.reasoning_items().next().unwrap();
    assert_eq!(rs.id, "rs_01");
    assert_eq!(rs.status, Some(ItemStatus::Completed));
    assert_eq!(rs.format, Some(ReasoningFormat::AnthropicClaudeV1));
    assert_eq!(rs.signature.as_deref(), Some("EvcBCkgIChABGAIqQ-sig"));
    assert_eq!(rs.encrypted_content, None);
    assert!(
        matches!(&rs.summary[0], ReasoningSummary::SummaryText(s) if s.text == "Compared the two dates.")
    );
    assert_eq!(
        rs.summary_text(),
        "Compared the two dates.\nCounted the years between them."
    );
    assert_eq!(rs.content_text(), "1995 to 2025 is 30 years.");
    assert_eq!(
        r.reasoning_summary_text(),
        "Compared the two dates.\nCounted the years between them."
    );
    assert_eq!(r.output_text(), "Yes, thirty years.");
    assert_eq!(r.usage.unwrap().output_tokens_details.reasoning_tokens, 45);
    assert_eq!(
        r.reasoning.unwrap().get_effort(),
        Some(&ReasoningEffort::High)
    );
}

#[test]
fn reasoning_with_string_summaries_keeps_the_strings() {
    let value = fixture_value("reasoning_strings.json");
    let r = fixture("reasoning_strings.json");
    let rs = r.reasoning_items().next().unwrap();
    assert_eq!(rs.encrypted_content.as_deref(), Some("gAAAAABencrypted=="));
    assert_eq!(
        rs.summary,
        vec![
            ReasoningSummary::Plain("Find the current year".into()),
            ReasoningSummary::Plain("Subtract 1995".into()),
        ]
    );
    assert_eq!(
        r.reasoning_summary_text(),
        "Find the current year\nSubtract 1995"
    );
    let encoded = serde_json::to_value(&r).unwrap();
    assert_eq!(
        encoded["output"][0]["summary"],
        value["output"][0]["summary"]
    );
    // The spec-required details were absent: they default to zero.
    let u = r.usage.unwrap();
    assert_eq!(u.input_tokens_details.cached_tokens, 0);
    assert_eq!(u.output_tokens_details.reasoning_tokens, 45);
}

#[test]
fn reasoning_summary_parts_can_be_built_and_extended() {
    use openrouter_responses::response::{ReasoningItem, SummaryText};
    let mut item = ReasoningItem::default();
    item.id = "rs_1".into();
    item.summary
        .push(ReasoningSummary::SummaryText(SummaryText::new("Fir")));
    item.summary[0].text_mut().unwrap().push_str("st.");
    assert_eq!(item.summary_text(), "First.");
    let v = serde_json::to_value(OutputItem::Reasoning(item)).unwrap();
    assert_eq!(
        v,
        json!({"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "First."}]})
    );
}

#[test]
fn messages_and_reasoning_items_read_from_both_ends() {
    let message = |id: &str| {
        json!({"type": "message", "id": id, "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": id, "annotations": []}]})
    };
    let reasoning = |id: &str| json!({"type": "reasoning", "id": id, "summary": []});
    let r: Response = serde_json::from_value(json!({
        "id": "resp_1", "object": "response", "status": "completed",
        "output": [reasoning("rs_1"), message("msg_1"), reasoning("rs_2"),
                   {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
                   message("msg_2"), message("msg_3")]
    }))
    .unwrap();
    assert_eq!(r.messages().next_back().unwrap().id, "msg_3");
    let mut messages = r.messages();
    assert_eq!(messages.next().unwrap().id, "msg_1");
    assert_eq!(messages.next_back().unwrap().id, "msg_3");
    assert_eq!(messages.next_back().unwrap().id, "msg_2");
    assert!(messages.next().is_none() && messages.next_back().is_none());
    let ids: Vec<_> = r.reasoning_items().rev().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["rs_2", "rs_1"]);
}

#[test]
fn function_calls_and_arguments() {
    let r = fixture("function_call.json");
    let calls: Vec<_> = r.function_calls().collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].id.as_deref(), Some("fc_01"));
    assert_eq!(calls[0].call_id, "call_weather_01");
    assert_eq!(calls[0].name, "get_weather");
    assert_eq!(calls[0].status, Some(ItemStatus::Completed));
    assert_eq!(calls[1].id, None);
    assert_eq!(calls[1].namespace.as_deref(), Some("clock"));
    assert_eq!(
        r.function_calls().next_back().unwrap().call_id,
        "call_time_01"
    );

    #[derive(serde::Deserialize)]
    struct Weather {
        location: String,
        unit: String,
    }
    let w: Weather = calls[0].parse_arguments().unwrap();
    assert_eq!(
        (w.location.as_str(), w.unit.as_str()),
        ("San Francisco, CA", "celsius")
    );

    match calls[0].parse_arguments::<Vec<u8>>() {
        Err(Error::Decode(d)) => {
            assert_eq!(d.what, DecodeTarget::Arguments);
            assert_eq!(d.body, calls[0].arguments);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }

    match &r.output[2] {
        OutputItem::CustomToolCall(c) => {
            assert_eq!(c.call_id, "call_patch_01");
            assert_eq!(c.name, "apply_patch");
            assert!(c.input.starts_with("*** Begin Patch"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.tool_choice, Some(ToolChoice::function("get_weather")));
    assert_eq!(r.tools.as_ref().map(Vec::len), Some(1));
}

#[test]
fn function_call_arguments_can_be_accumulated() {
    use openrouter_responses::response::FunctionCall;
    let mut call = FunctionCall::default();
    call.call_id = "call_1".into();
    call.name = "f".into();
    for delta in ["{\"a\"", ":1}"] {
        call.arguments.push_str(delta);
    }
    let v: Value = call.parse_arguments().unwrap();
    assert_eq!(v, json!({"a": 1}));
}

#[test]
fn blank_function_call_arguments_read_as_an_empty_object() {
    use openrouter_responses::response::FunctionCall;
    #[derive(serde::Deserialize)]
    struct NoArgs {}
    for blank in ["", " \n\t"] {
        let call = FunctionCall::new("call_1", "now", blank);
        let v: Value = call.parse_arguments().unwrap();
        assert_eq!(v, json!({}), "{blank:?}");
        assert!(call.parse_arguments::<NoArgs>().is_ok());
        // A type that does not take `{}` still fails, with the arguments
        // kept as they came.
        match call.parse_arguments::<Vec<u8>>() {
            Err(Error::Decode(d)) => assert_eq!(d.body, blank),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    // Text that is not blank is read as it is.
    let call = FunctionCall::new("call_1", "now", " x ");
    assert!(call.parse_arguments::<Value>().is_err());
}

#[test]
fn web_search_with_citations_without_title() {
    let r = fixture("web_search.json");
    match &r.output[0] {
        OutputItem::WebSearchCall(ws) => {
            assert_eq!(ws.id, "ws_01");
            assert_eq!(ws.status, Some(ItemStatus::Completed));
            match ws.action.as_ref().unwrap() {
                WebSearchAction::Search(s) => {
                    assert_eq!(s.query, "what is openrouter");
                    let sources = s.sources.as_ref().unwrap();
                    assert_eq!(
                        sources[1].url.as_deref(),
                        Some("https://openrouter.ai/models")
                    );
                    assert_eq!(sources[1].r#type.as_deref(), Some("url"));
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&r.output[1], OutputItem::WebSearchCall(w)
        if matches!(&w.action, Some(WebSearchAction::OpenPage(p)) if p.url.as_deref() == Some("https://openrouter.ai/docs"))));
    assert!(matches!(&r.output[2], OutputItem::WebSearchCall(w)
        if w.status == Some(ItemStatus::Failed)
        && matches!(&w.action, Some(WebSearchAction::FindInPage(f)) if f.pattern == "pricing")));

    let text = r.messages().next().unwrap().content[0]
        .as_output_text()
        .unwrap();
    assert_eq!(text.annotations.len(), 4);
    match &text.annotations[0] {
        Annotation::UrlCitation(c) => {
            assert_eq!(c.url, "https://openrouter.ai/docs");
            assert_eq!(c.title, None);
            assert_eq!((c.start_index, c.end_index), (0, 24));
        }
        other => panic!("{other:?}"),
    }
    match &text.annotations[1] {
        Annotation::UrlCitation(c) => {
            assert_eq!(c.title.as_deref(), Some("Models | OpenRouter"));
            assert_eq!(
                c.content.as_deref(),
                Some("Browse models from every provider.")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&text.annotations[2], Annotation::FileCitation(f)
        if f.file_id == "file-abc123" && f.filename.as_deref() == Some("notes.pdf") && f.index == Some(3)));
    assert!(matches!(&text.annotations[3], Annotation::FilePath(f)
        if f.file_id == "file-xyz789" && f.index == Some(5)));
    let u = r.usage.as_ref().unwrap();
    assert_eq!(
        u.server_tool_use_details
            .as_ref()
            .unwrap()
            .web_search_requests,
        Some(1)
    );
    // An absent title stays absent when encoding.
    let encoded = serde_json::to_value(&text.annotations[0]).unwrap();
    assert!(encoded.get("title").is_none());
}

#[test]
fn openrouter_server_tool_items() {
    let r = fixture("server_tools.json");
    let o = &r.output;
    let types: Vec<&str> = o.iter().map(OutputItem::item_type).collect();
    assert_eq!(types[0], "openrouter:web_search");
    assert_eq!(types[12], "openrouter:tool_search");

    match &o[0] {
        OutputItem::OpenRouterWebSearch(w) => {
            assert_eq!(w.id.as_deref(), Some("ws_tmp_01"));
            assert!(
                matches!(&w.action, Some(WebSearchAction::Search(s)) if s.query == "latest rust release")
            );
        }
        other => panic!("{other:?}"),
    }
    match &o[1] {
        OutputItem::OpenRouterWebFetch(f) => {
            assert_eq!(f.http_status, Some(200));
            assert_eq!(f.title.as_deref(), Some("Example Domain"));
            assert_eq!(
                f.content.as_deref(),
                Some("This domain is for use in examples.")
            );
            assert!(f.extra.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&o[2], OutputItem::OpenRouterWebFetch(f)
        if f.http_status == Some(404) && f.error.as_deref() == Some("not found")
        && f.status == Some(ItemStatus::Incomplete)));
    match &o[3] {
        OutputItem::OpenRouterDatetime(d) => {
            assert_eq!(d.datetime.as_deref(), Some("2026-03-12T14:30:00.000Z"));
            assert_eq!(d.timezone.as_deref(), Some("UTC"));
        }
        other => panic!("{other:?}"),
    }
    match &o[4] {
        OutputItem::OpenRouterImageGeneration(i) => {
            assert_eq!(i.image_url.as_deref(), Some("https://example.com/bike.png"));
            assert_eq!(i.image_b64.as_deref(), Some("iVBORw0KGgo="));
            assert_eq!(
                i.revised_prompt.as_deref(),
                Some("a red bicycle leaning on a brick wall")
            );
            assert_eq!(i.prompt.as_deref(), Some("a red bicycle"));
            assert!(i.extra.is_empty());
        }
        other => panic!("{other:?}"),
    }
    match &o[5] {
        OutputItem::OpenRouterCodeInterpreter(c) => {
            assert_eq!(c.exit_code, Some(0));
            assert_eq!(c.stdout.as_deref(), Some("42\n"));
            assert_eq!(c.language.as_deref(), Some("python"));
        }
        other => panic!("{other:?}"),
    }
    match &o[6] {
        OutputItem::OpenRouterBash(b) => {
            assert_eq!(b.exit_code, Some(1));
            assert_eq!(b.command.as_deref(), Some("false"));
            assert_eq!(b.call_id, None);
        }
        other => panic!("{other:?}"),
    }
    match &o[7] {
        OutputItem::OpenRouterShell(s) => {
            let action = s.action.as_ref().unwrap();
            assert_eq!(action.commands, ["echo hello"]);
            assert_eq!(action.timeout_ms, Some(5000));
            let out = &s.output.as_ref().unwrap()[0];
            assert_eq!(out.stdout, "hello\n");
            assert!(matches!(&out.outcome, Some(ShellOutcome::Exit(e)) if e.exit_code == 0));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&o[8], OutputItem::OpenRouterApplyPatch(a)
        if matches!(&a.operation, Some(ApplyPatchOperation::DeleteFile(p)) if p.path == "/src/old.rs" && p.diff.is_none())));
    assert!(matches!(&o[9], OutputItem::OpenRouterBrowserUse(b)
        if b.screenshot_b64.as_deref() == Some("iVBORw0KGgo=") && b.action.as_deref() == Some("screenshot")));
    assert!(matches!(&o[10], OutputItem::OpenRouterTextEditor(t)
        if t.file_path.as_deref() == Some("/src/main.ts") && t.command.as_deref() == Some("view")));
    assert!(matches!(&o[11], OutputItem::OpenRouterMcp(m)
        if m.server_label.as_deref() == Some("my-server") && m.tool_name.as_deref() == Some("get_data")));

    // The newer server tools decode to their own typed items.
    match &o[12] {
        OutputItem::OpenRouterToolSearch(t) => {
            assert_eq!(t.status, Some(ItemStatus::Completed));
            assert_eq!(t.id.as_deref(), Some("ts_tmp_01"));
            assert_eq!(t.query.as_deref(), Some("weather tools"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&o[13], OutputItem::OpenRouterFusion(f)
        if f.failure_reason.as_deref() == Some("all panel models failed")));
    assert!(matches!(&o[14], OutputItem::OpenRouterAdvisor(a)
        if a.status == Some(ItemStatus::Failed)));
    assert!(matches!(&o[15], OutputItem::OpenRouterMemory(m)
        if m.value == Some(json!({"units": "metric"}))));
    assert_eq!(r.output_text(), "Done.");

    // camelCase keys go back out as camelCase.
    let encoded = serde_json::to_value(&r).unwrap();
    assert_eq!(encoded["output"][1]["httpStatus"], 200);
    assert_eq!(encoded["output"][4]["imageB64"], "iVBORw0KGgo=");
    assert_eq!(encoded["output"][5]["exitCode"], 0);
    assert!(encoded["output"][5].get("exit_code").is_none());
}

#[test]
fn openai_style_tool_items() {
    let r = fixture("builtin_tools.json");
    let o = &r.output;
    assert_eq!(r.status, Some(ResponseStatus::InProgress));
    assert!(matches!(&o[0], OutputItem::FileSearchCall(f)
        if f.queries == ["machine learning", "neural networks"] && f.results.as_deref() == Some(&[][..])));
    assert!(matches!(&o[1], OutputItem::ImageGenerationCall(i)
        if i.status == Some(ItemStatus::Generating) && i.result.is_none()));
    assert!(matches!(&o[2], OutputItem::ImageGenerationCall(i)
        if i.result.as_deref() == Some("iVBORw0KGgoAAAANSUhEUg==") && i.prompt.as_deref() == Some("a lighthouse")));
    match &o[3] {
        OutputItem::CodeInterpreterCall(c) => {
            assert_eq!(c.container_id.as_deref(), Some("ctr_01"));
            let outs = c.outputs.as_ref().unwrap();
            assert!(matches!(&outs[0], CodeInterpreterOutput::Logs(l) if l.logs == "hello\n"));
            assert!(
                matches!(&outs[1], CodeInterpreterOutput::Image(i) if i.url == "https://example.com/plot.png")
            );
            match &outs[2] {
                CodeInterpreterOutput::File(f) => {
                    assert_eq!(f.filename.as_deref(), Some("summary.txt"));
                    assert_eq!(f.size_bytes, Some(42));
                    assert_eq!(f.error_code, None);
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    match &o[4] {
        OutputItem::ComputerCall(c) => {
            assert_eq!(c.call_id, "call_cu_01");
            assert_eq!(c.action.as_ref().unwrap()["type"], "click");
            assert_eq!(c.pending_safety_checks[0].code, "malicious_instructions");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&o[5], OutputItem::ApplyPatchCall(a)
        if a.call_id == "call_apc_01"
        && matches!(&a.operation, Some(ApplyPatchOperation::UpdateFile(p)) if p.path == "/src/main.ts" && p.diff.is_some())));
    assert!(matches!(&o[6], OutputItem::ApplyPatchCall(a)
        if a.status == Some(ItemStatus::InProgress)
        && matches!(&a.operation, Some(ApplyPatchOperation::CreateFile(_)))));
    match &o[7] {
        OutputItem::ShellCall(s) => {
            let a = s.action.as_ref().unwrap();
            assert_eq!(a.commands, ["ls -la", "pwd"]);
            assert_eq!((a.max_output_length, a.timeout_ms), (Some(4096), None));
        }
        other => panic!("{other:?}"),
    }
    match &o[8] {
        OutputItem::ShellCallOutput(s) => {
            assert_eq!(s.call_id, "call_shc_01");
            assert!(
                matches!(&s.output[0].outcome, Some(ShellOutcome::Exit(e)) if e.exit_code == 0)
            );
            assert!(matches!(
                &s.output[1].outcome,
                Some(ShellOutcome::Timeout(_))
            ));
        }
        other => panic!("{other:?}"),
    }
    // The spec's required-but-nullable `timeout_ms` stays as `null`.
    let encoded = serde_json::to_value(&o[7]).unwrap();
    assert_eq!(encoded["action"]["timeout_ms"], Value::Null);
    assert!(o.iter().all(|i| i.id().is_some()));
}

#[test]
fn failed_response() {
    let r = fixture("failed.json");
    assert!(r.is_failed() && r.is_terminal());
    let e = r.error.as_ref().unwrap();
    assert_eq!(e.code, Some(ResponseErrorCode::RateLimitExceeded));
    assert_eq!(e.message, "Rate limit exceeded. Please try again later.");
    assert_eq!(r.error_type, Some(ErrorType::ProviderOverloaded));
    assert_eq!(r.usage, None);
    assert_eq!(r.completed_at, None);
    assert_eq!(
        e.to_string(),
        "rate_limit_exceeded: Rate limit exceeded. Please try again later."
    );
}

#[test]
fn incomplete_response() {
    let r = fixture("incomplete.json");
    assert!(r.is_incomplete() && r.is_terminal());
    assert_eq!(
        r.incomplete_details.as_ref().and_then(|d| d.reason.clone()),
        Some(IncompleteReason::MaxOutputTokens)
    );
    assert_eq!(r.output_text(), "Once upon a time there");
    assert_eq!(
        r.messages().next().unwrap().status,
        Some(ItemStatus::Incomplete)
    );
}

#[test]
fn usage_without_details() {
    let r = fixture("usage_minimal.json");
    let u = r.usage.unwrap();
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.total_tokens),
        (12, 45, 57)
    );
    assert_eq!(u.input_tokens_details.cached_tokens, 0);
    assert_eq!(u.input_tokens_details.cache_write_tokens, None);
    assert_eq!(u.output_tokens_details.reasoning_tokens, 0);
    assert_eq!((u.cost, u.is_byok), (None, None));
    assert!(u.cost_details.is_none() && u.server_tool_use_details.is_none());
    // Encoding writes the spec-required details.
    let v = serde_json::to_value(&u).unwrap();
    assert_eq!(v["input_tokens_details"], json!({"cached_tokens": 0}));
    assert_eq!(v["output_tokens_details"], json!({"reasoning_tokens": 0}));
    assert!(v.get("cost").is_none());
}

#[test]
fn usage_null_is_none() {
    let r: Response = serde_json::from_value(json!({"id": "r", "usage": null})).unwrap();
    assert_eq!(r.usage, None);
    let u: Usage = serde_json::from_value(json!({})).unwrap();
    assert_eq!(u, Usage::default());
}

#[test]
fn refusal_message() {
    let r = fixture("refusal.json");
    assert_eq!(
        r.refusal().as_deref(),
        Some("I can't help with that request.")
    );
    assert_eq!(r.output_text(), "");
    let part = &r.messages().next().unwrap().content[0];
    assert_eq!(
        part.as_refusal().map(|x| x.refusal.as_str()),
        Some("I can't help with that request.")
    );
}

#[test]
fn openrouter_metadata() {
    let r = fixture("metadata.json");
    let m = r.openrouter_metadata.as_ref().unwrap();
    assert_eq!(m.requested.as_deref(), Some("openai/gpt-4o"));
    assert_eq!(m.strategy, Some(RoutingStrategy::Fallback));
    assert_eq!(m.region, None);
    assert_eq!(m.attempt, Some(2));
    assert_eq!(m.is_byok, Some(false));
    let e = m.endpoints.as_ref().unwrap();
    assert_eq!(e.total, Some(3));
    assert!(e.available[1].selected && e.available[1].provider == "Azure");
    let attempts = m.attempts.as_ref().unwrap();
    assert_eq!(attempts[0].status, Some(503));
    assert_eq!(m.params.as_ref().unwrap()["version_group"], "openai/gpt-4o");
    let p = m.pipeline.as_ref().unwrap();
    assert_eq!(p[0].r#type, Some(PipelineStageType::Guardrail));
    assert_eq!(p[0].guardrail_id.as_deref(), Some("gr_01"));
    assert_eq!(p[0].data.as_ref().unwrap()["action"], "redacted");
    assert_eq!(
        p[1].r#type,
        Some(PipelineStageType::Other("edge_cache".into()))
    );
}

#[test]
fn openrouter_metadata_required_nulls_and_any_attempt_status() {
    let m = json!({"requested": "m", "strategy": "direct", "region": null, "summary": "s",
        "attempts": [{"provider": "p", "model": "m", "status": -1},
                     {"provider": "p", "model": "m", "status": 70000}]});
    let r: Response = serde_json::from_value(json!({"id": "r", "openrouter_metadata": m})).unwrap();
    let attempts = r
        .openrouter_metadata
        .as_ref()
        .unwrap()
        .attempts
        .as_ref()
        .unwrap();
    assert_eq!(attempts[0].status, Some(-1));
    assert_eq!(attempts[1].status, Some(70000));
    // `region` is required (nullable) in the spec: written back as `null`.
    assert_eq!(serde_json::to_value(&r).unwrap()["openrouter_metadata"], m);
}

#[test]
fn unknown_data_is_kept_at_every_level() {
    let value = fixture_value("unknown.json");
    let r = fixture("unknown.json");
    assert_eq!(r.status, Some(ResponseStatus::Other("paused".into())));
    assert!(!r.is_terminal());
    assert_eq!(r.error_type, Some(ErrorType::Other("quota_spent".into())));
    assert_eq!(
        r.extra.get("brand_new_top_level"),
        Some(&json!({"nested": [1, 2, 3]}))
    );
    let e = r.error.as_ref().unwrap();
    assert_eq!(
        e.code,
        Some(ResponseErrorCode::Other("quantum_decoherence".into()))
    );
    assert_eq!(e.extra.get("error_level_extra"), Some(&json!("x")));
    let d = r.incomplete_details.as_ref().unwrap();
    assert_eq!(
        d.reason,
        Some(IncompleteReason::Other("ran_out_of_paper".into()))
    );
    assert_eq!(d.extra.get("detail_level_extra"), Some(&json!(1)));

    let o = &r.output;
    // An unknown item type.
    assert_eq!(o[0], OutputItem::Unknown(value["output"][0].clone()));
    assert_eq!(o[0].item_type(), "hologram_call");
    assert_eq!(o[0].id(), Some("holo_01"));
    // A message without an `id` is still a message (its id `""`), so that
    // its text is read (and, streamed, built).
    match &o[1] {
        OutputItem::Message(m) => {
            assert_eq!((m.id.as_str(), m.role.as_str()), ("", "assistant"));
            assert_eq!(m.text(), "a message without an id");
        }
        other => panic!("{other:?}"),
    }
    // A known type with a malformed body.
    assert_eq!(o[2], OutputItem::Unknown(value["output"][2].clone()));
    // An unknown server tool.
    match &o[3] {
        OutputItem::ServerTool(t) => {
            assert_eq!(t.r#type, "openrouter:teleport");
            assert_eq!(t.extra.get("destination"), Some(&json!("mars")));
        }
        other => panic!("{other:?}"),
    }
    // No type at all.
    assert_eq!(o[4], OutputItem::Unknown(value["output"][4].clone()));
    assert_eq!(o[4].item_type(), "");

    // A known message with unknown parts, values and fields.
    let m = o[5].as_message().unwrap();
    assert_eq!(m.status, Some(ItemStatus::Other("thinking".into())));
    assert_eq!(m.phase, Some(MessagePhase::Other("rehearsal".into())));
    assert_eq!(m.extra.get("item_level_extra"), Some(&json!(true)));
    let t = m.content[0].as_output_text().unwrap();
    assert_eq!(t.extra.get("part_level_extra"), Some(&json!("kept")));
    assert!(matches!(&t.annotations[0], Annotation::UrlCitation(c)
        if c.extra.get("favicon") == Some(&json!("https://example.com/favicon.ico"))));
    assert_eq!(
        t.annotations[1],
        Annotation::Unknown(value["output"][5]["content"][0]["annotations"][1].clone())
    );
    assert_eq!(
        m.content[1],
        OutputContent::Unknown(value["output"][5]["content"][1].clone())
    );
    assert_eq!(
        m.content[2],
        OutputContent::Unknown(json!({"type": "refusal"}))
    );
    assert_eq!(r.output_text(), "a message without an idKnown text.");

    let rs = o[6].as_reasoning().unwrap();
    assert_eq!(
        rs.format,
        Some(ReasoningFormat::Other("future-model-v9".into()))
    );
    assert!(matches!(&rs.summary[0], ReasoningSummary::SummaryText(s)
        if s.extra.get("summary_level_extra") == Some(&json!(1))));
    assert_eq!(
        rs.summary[1],
        ReasoningSummary::Unknown(
            json!({"type": "summary_image", "url": "https://example.com/s.png"})
        )
    );
    let content = rs.content.as_ref().unwrap();
    assert!(
        matches!(&content[0], ReasoningContent::ReasoningText(t) if t.text == "Known reasoning.")
    );
    assert_eq!(
        content[1],
        ReasoningContent::Unknown(json!({"type": "reasoning_redacted", "data": "xyz"}))
    );
    assert_eq!(r.reasoning_summary_text(), "Known summary.");

    let call = o[7].as_function_call().unwrap();
    assert_eq!(call.status, Some(ItemStatus::Other("queued".into())));
    assert_eq!(call.extra.get("call_level_extra"), Some(&json!([true])));
    // Only the well-formed function call counts.
    assert_eq!(r.function_calls().count(), 1);

    let u = r.usage.as_ref().unwrap();
    assert_eq!(
        u.input_tokens_details.extra.get("audio_tokens"),
        Some(&json!(3))
    );
    assert_eq!(
        u.output_tokens_details.extra.get("image_tokens"),
        Some(&json!(4))
    );
    assert_eq!(
        u.extra.get("usage_level_extra"),
        Some(&json!({"credits": 5}))
    );

    // Exact round trip: nothing added, nothing dropped.
    assert_eq!(serde_json::to_value(&r).unwrap()["output"], value["output"]);
}

#[test]
fn unknown_item_echoes_unchanged() {
    let raw = json!({"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "s", "tools": []});
    let item: OutputItem = serde_json::from_value(raw.clone()).unwrap();
    assert!(matches!(item, OutputItem::Unknown(_)));
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    // Not an object at all.
    let item: OutputItem = serde_json::from_value(json!("text")).unwrap();
    assert_eq!(item, OutputItem::Unknown(json!("text")));
    let item: OutputItem = serde_json::from_value(json!({"type": 7})).unwrap();
    assert_eq!(item, OutputItem::Unknown(json!({"type": 7})));
}

#[test]
fn type_is_not_duplicated_into_extra() {
    let r = fixture("function_call.json");
    let call = r.function_calls().next().unwrap();
    assert!(!call.extra.contains_key("type"), "{:?}", call.extra);
    let encoded = serde_json::to_string(&r.output[0]).unwrap();
    assert_eq!(encoded.matches("\"type\"").count(), 1, "{encoded}");
}

#[test]
fn to_input_items_echoes_every_output_item() {
    let r = fixture("reasoning_objects.json");
    let items = r.to_input_items();
    assert_eq!(items.len(), r.output.len());
    let encoded = serde_json::to_value(&items).unwrap();
    // The reasoning item goes back with what the provider needs to resume.
    assert_eq!(encoded[0]["id"], "rs_01");
    assert_eq!(encoded[0]["signature"], "EvcBCkgIChABGAIqQ-sig");
    assert_eq!(encoded[1]["id"], "msg_reason_01");

    let r = fixture("function_call.json");
    let encoded = serde_json::to_value(r.to_input_items()).unwrap();
    assert_eq!(encoded[0]["type"], "function_call");
    assert_eq!(encoded[0]["call_id"], "call_weather_01");
    assert_eq!(
        encoded[0]["arguments"],
        r.function_calls().next().unwrap().arguments
    );
}

/// `into_input_items` moves what `to_input_items` copies: the same items,
/// over one response holding every output item kind the crate types, a
/// generic server-tool item, unknown items and plain-string reasoning
/// summaries (the one form the echo changes).
#[test]
fn into_input_items_gives_what_to_input_items_gives() {
    let mut output = Vec::new();
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if let Some(items) = fixture_value(&name)["output"].as_array() {
                output.extend(items.iter().cloned());
            }
        }
    }
    let r: Response = serde_json::from_value(json!({"id": "resp_all", "output": output})).unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        r.output.iter().map(OutputItem::item_type).collect();
    for kind in [
        "message",
        "reasoning",
        "function_call",
        "custom_tool_call",
        "web_search_call",
        "file_search_call",
        "image_generation_call",
        "code_interpreter_call",
        "computer_call",
        "apply_patch_call",
        "shell_call",
        "shell_call_output",
        "openrouter:web_search",
        "openrouter:web_fetch",
        "openrouter:datetime",
        "openrouter:image_generation",
        "openrouter:code_interpreter",
        "openrouter:bash",
        "openrouter:shell",
        "openrouter:apply_patch",
        "openrouter:browser_use",
        "openrouter:text_editor",
        "openrouter:mcp",
        "openrouter:file_search",
        "openrouter:tool_search",
        "openrouter:memory",
        "openrouter:files",
        "openrouter:experimental__search_models",
        "openrouter:advisor",
        "openrouter:subagent",
        "openrouter:fusion",
    ] {
        assert!(kinds.contains(kind), "no {kind} item in the fixtures");
    }
    assert!(r
        .output
        .iter()
        .any(|i| matches!(i, OutputItem::ServerTool(_))));
    assert!(r.output.iter().any(|i| matches!(i, OutputItem::Unknown(_))));
    let plain = |i: &OutputItem| {
        i.as_reasoning().is_some_and(|r| {
            r.summary
                .iter()
                .any(|s| matches!(s, ReasoningSummary::Plain(_)))
        })
    };
    assert!(r.output.iter().any(plain));

    let copied = r.to_input_items();
    assert_eq!(copied.len(), r.output.len());
    let moved = r.into_input_items();
    assert_eq!(moved, copied);
    assert_eq!(
        serde_json::to_value(&moved).unwrap(),
        serde_json::to_value(&copied).unwrap()
    );
}

/// Each `as_*` accessor of an output item gives its own kind and nothing
/// else, over items of every kind the fixtures hold.
#[test]
fn output_item_accessors_give_their_own_kind() {
    let mut items = Vec::new();
    for name in [
        "builtin_tools.json",
        "function_call.json",
        "reasoning_objects.json",
        "server_tools.json",
        "unknown.json",
    ] {
        items.extend(fixture(name).output);
    }
    /// Reads an item's id through one accessor; `None` when it refuses.
    type Read = fn(&OutputItem) -> Option<Option<&str>>;
    let accessors: [(&str, Read); 7] = [
        ("message", |i| i.as_message().map(|m| Some(m.id.as_str()))),
        ("reasoning", |i| {
            i.as_reasoning().map(|r| Some(r.id.as_str()))
        }),
        ("function_call", |i| {
            i.as_function_call().map(|c| c.id.as_deref())
        }),
        ("custom_tool_call", |i| {
            i.as_custom_tool_call().map(|c| c.id.as_deref())
        }),
        ("apply_patch_call", |i| {
            i.as_apply_patch_call().map(|c| Some(c.id.as_str()))
        }),
        ("shell_call", |i| {
            i.as_shell_call().map(|c| Some(c.id.as_str()))
        }),
        ("computer_call", |i| {
            i.as_computer_call().map(|c| c.id.as_deref())
        }),
    ];
    for (kind, read) in accessors {
        let mut found = 0;
        for item in &items {
            match read(item) {
                Some(id) => {
                    assert_eq!(item.item_type(), kind);
                    assert_eq!(id, item.id(), "{kind}");
                    found += 1;
                }
                None => assert!(
                    item.item_type() != kind || matches!(item, OutputItem::Unknown(_)),
                    "{kind}: {item:?}"
                ),
            }
        }
        assert!(found > 0, "no {kind} item read");
    }
    let patch = items
        .iter()
        .find_map(OutputItem::as_apply_patch_call)
        .unwrap();
    assert_eq!(patch.call_id, "call_apc_01");
    let shell = items.iter().find_map(OutputItem::as_shell_call).unwrap();
    assert_eq!(shell.call_id, "call_shc_01");
    let custom = items
        .iter()
        .find_map(OutputItem::as_custom_tool_call)
        .unwrap();
    assert_eq!(custom.call_id, "call_patch_01");
    let computer = items.iter().find_map(OutputItem::as_computer_call).unwrap();
    assert_eq!(computer.call_id, "call_cu_01");
}

#[test]
fn parse_output_into_a_type() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Answer {
        years: u32,
    }
    let r: Response = serde_json::from_value(json!({"id": "r", "output": [
        {"type": "message", "id": "m", "role": "assistant",
         "content": [{"type": "output_text", "text": "{\"years\":"}, {"type": "output_text", "text": "30}"}]}
    ]}))
    .unwrap();
    assert_eq!(r.parse_output::<Answer>().unwrap(), Answer { years: 30 });
    match r.parse_output::<Vec<String>>() {
        Err(Error::Decode(d)) => {
            assert_eq!(d.what, DecodeTarget::OutputText);
            assert_eq!(d.body, "{\"years\":30}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn roundtrip_helper_catches_losses() {
    // The round-trip check itself must be able to fail.
    let original = json!({"a": 1, "b": [1, 2]});
    let lost =
        std::panic::catch_unwind(|| response_common::assert_same(&original, &json!({"a": 1}), "x"));
    assert!(lost.is_err());
    let changed = std::panic::catch_unwind(|| {
        response_common::assert_same(&original, &json!({"a": 2, "b": [1, 2]}), "x")
    });
    assert!(changed.is_err());
    let added = std::panic::catch_unwind(|| {
        response_common::assert_same(&original, &json!({"a": 1, "b": [1, 2], "c": 3}), "x")
    });
    assert!(added.is_err());
    response_common::assert_same(&original, &json!({"a": 1.0, "b": [1, 2], "c": 0}), "x");
    let _: Value = roundtrip(&original, "plain value");
}

#[test]
fn null_where_a_default_stands_reads_as_absent() {
    let body = json!({
        "id": null, "status": "completed", "output": null,
        "usage": {"input_tokens": null, "input_tokens_details": null, "output_tokens": 5,
                  "output_tokens_details": {"reasoning_tokens": null}, "total_tokens": null},
        "openrouter_metadata": {"requested": "m", "region": null,
            "endpoints": {"total": 1, "available": null},
            "attempts": [{"provider": null, "model": null, "status": 200}],
            "pipeline": [{"type": "plugin", "name": null}]}
    });
    let r: Response = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(r.id, "");
    assert!(r.output.is_empty());
    let usage = r.usage.as_ref().unwrap();
    assert_eq!(
        (usage.input_tokens, usage.output_tokens, usage.total_tokens),
        (0, 5, 0)
    );
    assert_eq!(usage.input_tokens_details.cached_tokens, 0);
    let m = r.openrouter_metadata.as_ref().unwrap();
    assert!(m.endpoints.as_ref().unwrap().available.is_empty());
    assert_eq!(m.attempts.as_ref().unwrap()[0].provider, "");
    // The same through the text decoder.
    let text: Response = serde_json::from_str(&body.to_string()).unwrap();
    assert_eq!(text, r);

    // A text part with `annotations: null` keeps its text.
    let body = json!({"id": "r", "output": [{"type": "message", "id": "m", "role": "assistant",
        "content": [{"type": "output_text", "text": "Hi", "annotations": null}]}]});
    let r: Response = serde_json::from_str(&body.to_string()).unwrap();
    assert_eq!(r.output_text(), "Hi");
    let event = openrouter_responses::StreamEvent::from_json(
        &json!({"type": "response.completed", "response": body}).to_string(),
    )
    .unwrap();
    let openrouter_responses::StreamEvent::Completed(e) = event else {
        panic!("{event:?}")
    };
    assert_eq!(e.response.output_text(), "Hi");
}

#[test]
fn plain_string_summaries_are_echoed_as_summary_text_parts() {
    let r: Response = serde_json::from_value(json!({"id": "r", "output": [
        {"type": "reasoning", "id": "rs_1", "encrypted_content": "gAAA",
         "summary": ["First.", {"type": "summary_text", "text": "Second."}]}]}))
    .unwrap();
    // The response itself keeps the form it came in.
    assert_eq!(
        serde_json::to_value(&r).unwrap()["output"][0]["summary"][0],
        "First."
    );
    let echoed = serde_json::to_value(r.to_input_items()).unwrap();
    assert_eq!(
        echoed,
        json!([{"type": "reasoning", "id": "rs_1", "encrypted_content": "gAAA",
                "summary": [{"type": "summary_text", "text": "First."},
                            {"type": "summary_text", "text": "Second."}]}])
    );
}

#[test]
fn into_result_turns_a_failed_response_into_its_error() {
    let failed: Response = serde_json::from_value(json!({
        "id": "resp_1", "status": "failed", "error_type": "provider_overloaded",
        "error": {"code": "rate_limit_exceeded", "message": "Slow down.",
                  "metadata": {"provider": "p"}},
        "output": [],
    }))
    .unwrap();
    let err = failed.clone().into_result().unwrap_err();
    let api = err.api_error().expect("an api error");
    assert_eq!(
        api.code.as_ref().and_then(|c| c.as_str()),
        Some("rate_limit_exceeded")
    );
    assert_eq!(api.message, "Slow down.");
    assert_eq!(api.error_type, Some(ErrorType::ProviderOverloaded));
    assert_eq!(api.metadata, Some(json!({"provider": "p"})));
    assert_eq!(api.origin, ErrorOrigin::Response);
    assert!(api.origin.is_in_band() && api.status == 200);
    assert!(err.is_rate_limited() && err.is_retryable());
    assert_eq!(
        err.to_string(),
        "api error in response (rate_limit_exceeded, provider_overloaded): Slow down."
    );
    // The same failure, reported by a stream's `response.failed` event,
    // gives the same error but for its wording and raw body.
    let event = json!({"type": "response.failed", "response": failed});
    let body = format!("data: {event}\n\n");
    let mut stream =
        openrouter_responses::stream::ResponseStream::from_reader(std::io::Cursor::new(body));
    let from_stream = stream.next().unwrap().unwrap_err();
    let streamed = from_stream.api_error().unwrap();
    assert_eq!(
        (
            &streamed.code,
            &streamed.message,
            &streamed.error_type,
            &streamed.metadata
        ),
        (&api.code, &api.message, &api.error_type, &api.metadata)
    );
    assert_eq!(streamed.origin, ErrorOrigin::Stream);

    // A code of another type is kept as the stream keeps it.
    let odd: Response = serde_json::from_value(json!({
        "id": "r", "status": "failed", "error": {"code": 503, "message": "m"}
    }))
    .unwrap();
    let err = odd.into_result().unwrap_err();
    assert_eq!(
        err.api_error()
            .unwrap()
            .code
            .as_ref()
            .and_then(|c| c.as_i64()),
        Some(503)
    );

    // A message that is not a string is kept in the body, as it came.
    let odd: Response = serde_json::from_value(json!({
        "id": "r", "status": "failed",
        "error": {"code": "server_error", "message": {"text": "nested"}}
    }))
    .unwrap();
    let err = odd.into_result().unwrap_err();
    let body: Value = serde_json::from_str(&err.api_error().unwrap().body).unwrap();
    assert_eq!(
        body["error"]["message"],
        json!({"text": "nested"}),
        "{body}"
    );

    // Any other status is Ok, the response unchanged.
    for status in ["completed", "incomplete", "in_progress", "cancelled"] {
        let r: Response =
            serde_json::from_value(json!({"id": "r", "status": status, "output": []})).unwrap();
        assert_eq!(r.clone().into_result().unwrap(), r, "{status}");
    }
    assert!(Response::default().into_result().is_ok());
}

#[test]
fn parse_output_tells_a_refusal_and_a_failure_from_bad_json() {
    let with = |status: &str, content: Value| -> Response {
        serde_json::from_value(json!({
            "id": "r", "status": status,
            "error": if status == "failed" { json!({"code": "server_error", "message": "boom"}) } else { Value::Null },
            "output": [{"type": "message", "id": "m", "role": "assistant", "content": content}],
        }))
        .unwrap()
    };
    let refusal = json!([{"type": "refusal", "refusal": "No."}]);
    match with("completed", refusal.clone()).parse_output::<Value>() {
        Err(Error::Refusal(r)) => {
            assert_eq!(r.text(), "No.");
            assert_eq!(Error::Refusal(r).to_string(), "the model refused: No.");
        }
        other => panic!("{other:?}"),
    }
    // A failed response's error comes first.
    match with("failed", refusal).parse_output::<Value>() {
        Err(Error::Api(e)) => assert_eq!(e.message, "boom"),
        other => panic!("{other:?}"),
    }
    // Text beside a refusal is parsed.
    let both = json!([{"type": "refusal", "refusal": "No."},
                      {"type": "output_text", "text": "{\"a\":1}"}]);
    assert_eq!(
        with("completed", both).parse_output::<Value>().unwrap(),
        json!({"a": 1})
    );
    // No text and no refusal: the decode error, as before.
    match with("completed", json!([])).parse_output::<Value>() {
        Err(Error::Decode(d)) => assert_eq!(d.what, DecodeTarget::OutputText),
        other => panic!("{other:?}"),
    }
    assert!(
        !with("completed", json!([{"type": "refusal", "refusal": "No."}]))
            .parse_output::<Value>()
            .unwrap_err()
            .is_retryable()
    ); // A failed response's error, even when text came before the failure,
       // and even when that text is JSON.
    for text in ["{\"name\":\"Lis", "{\"a\":1}"] {
        let partial = json!([{"type": "output_text", "text": text}]);
        match with("failed", partial).parse_output::<Value>() {
            Err(Error::Api(e)) => {
                assert_eq!(e.message, "boom");
                assert_eq!(e.origin, ErrorOrigin::Response);
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn parse_output_reads_the_final_answer_of_a_model_that_tells_phases_apart() {
    let message = |phase: Option<&str>, text: &str| {
        let mut m = json!({"type": "message", "id": "m", "role": "assistant",
                           "content": [{"type": "output_text", "text": text}]});
        if let Some(phase) = phase {
            m["phase"] = json!(phase);
        }
        m
    };
    let r: Response = serde_json::from_value(json!({"id": "r", "status": "completed", "output": [
        message(Some("commentary"), "Let me look that up."),
        message(Some("final_answer"), "{\"a\":1}"),
    ]}))
    .unwrap();
    assert_eq!(r.parse_output::<Value>().unwrap(), json!({"a": 1}));
    // `output_text` still joins every message.
    assert_eq!(r.output_text(), "Let me look that up.{\"a\":1}");
    // Without phases, all the text is read, as before.
    let r: Response = serde_json::from_value(json!({"id": "r", "status": "completed", "output": [
        message(None, "{\"a\":"), message(None, "2}"),
    ]}))
    .unwrap();
    assert_eq!(r.parse_output::<Value>().unwrap(), json!({"a": 2}));
}

#[test]
fn answer_text_leaves_out_the_commentary_and_parse_output_reads_it() {
    let message = |phase: Option<&str>, text: &str| {
        let mut m = json!({"type": "message", "id": "m", "role": "assistant",
                           "content": [{"type": "output_text", "text": text}]});
        if let Some(phase) = phase {
            m["phase"] = json!(phase);
        }
        m
    };
    let response = |status: &str, output: Vec<Value>| -> Response {
        serde_json::from_value(json!({"id": "r", "status": status, "output": output})).unwrap()
    };
    let call = json!({"type": "function_call", "id": "fc", "call_id": "c", "name": "f",
                      "arguments": "{}"});
    let answer = |output: Vec<Value>| response("completed", output).answer_text();

    // Commentary before a final answer: the final answer only.
    assert_eq!(
        answer(vec![
            message(Some("commentary"), "Looking. "),
            message(Some("final_answer"), "Done."),
            message(None, "(aside)"),
        ]),
        "Done."
    );
    // Commentary before calls, no answer yet: no answer text.
    assert_eq!(
        answer(vec![message(Some("commentary"), "Looking."), call.clone()]),
        ""
    );
    // No final answer: every message but the commentary, unknown phases kept.
    assert_eq!(
        answer(vec![
            message(Some("commentary"), "Looking. "),
            message(None, "Plain "),
            message(Some("rehearsal"), "odd"),
        ]),
        "Plain odd"
    );
    // No phases: the whole output text.
    assert_eq!(answer(vec![message(None, "a"), message(None, "b")]), "ab");
    assert_eq!(Response::default().answer_text(), "");

    // A response cut while the model was commenting has no partial answer.
    let cut = response("incomplete", vec![message(Some("commentary"), "{\"a\":")]);
    match cut.parse_output::<Value>() {
        Err(Error::Incomplete(e)) => assert_eq!(e.text, ""),
        other => panic!("{other:?}"),
    }
    // Commentary is not read as the answer of a response that has none.
    let calls = response("completed", vec![message(Some("commentary"), "{}"), call]);
    match calls.parse_output::<Value>() {
        Err(Error::Decode(e)) => assert_eq!(e.body, ""),
        other => panic!("{other:?}"),
    }
}

#[test]
fn file_citations_in_order_across_messages_and_parts() {
    let cite = |id: &str, name: &str, index: u64| json!({"type": "file_citation", "file_id": id, "filename": name, "index": index});
    let r: Response = serde_json::from_value(json!({"id": "r", "output": [
        {"type": "message", "id": "m1", "role": "assistant", "content": [
            {"type": "output_text", "text": "a", "annotations": [cite("file-1", "report.pdf", 0),
                {"type": "url_citation", "url": "https://a", "start_index": 0, "end_index": 1}]},
            {"type": "refusal", "refusal": "no"},
            {"type": "output_text", "text": "b", "annotations": [
                {"type": "file_path", "file_id": "file-out", "index": 0},
                cite("file-2", "contract.pdf", 1)]}]},
        {"type": "reasoning", "id": "rs", "summary": []},
        {"type": "message", "id": "m2", "role": "assistant", "content": [
            {"type": "output_text", "text": "c", "annotations": [cite("file-1", "report.pdf", 0)]}]}
    ]}))
    .unwrap();
    let files: Vec<_> = r
        .file_citations()
        .map(|c| (c.file_id.as_str(), c.filename.as_deref(), c.index))
        .collect();
    assert_eq!(
        files,
        [
            ("file-1", Some("report.pdf"), Some(0)),
            ("file-2", Some("contract.pdf"), Some(1)),
            ("file-1", Some("report.pdf"), Some(0)),
        ]
    );
    let urls: Vec<_> = r.url_citations().map(|c| c.url.as_str()).collect();
    assert_eq!(urls, ["https://a"]);
    assert_eq!(Response::default().file_citations().count(), 0);
}

#[test]
fn url_citations_in_order_across_messages_and_parts() {
    let cite =
        |url: &str| json!({"type": "url_citation", "url": url, "start_index": 0, "end_index": 1});
    let r: Response = serde_json::from_value(json!({"id": "r", "output": [
        {"type": "message", "id": "m1", "role": "assistant", "content": [
            {"type": "output_text", "text": "a", "annotations": [cite("https://a"),
                {"type": "file_citation", "file_id": "f", "index": 0}]},
            {"type": "refusal", "refusal": "no"},
            {"type": "output_text", "text": "b", "annotations": [cite("https://b")]}]},
        {"type": "reasoning", "id": "rs", "summary": []},
        {"type": "message", "id": "m2", "role": "assistant", "content": [
            {"type": "output_text", "text": "c", "annotations": [cite("https://a"),
                {"type": "video_timestamp", "url": "https://v"}]}]}
    ]}))
    .unwrap();
    let urls: Vec<_> = r.url_citations().map(|c| c.url.as_str()).collect();
    assert_eq!(urls, ["https://a", "https://b", "https://a"]);
    assert_eq!(Response::default().url_citations().count(), 0);
}

/// A response cut off by `max_output_tokens` in the middle of a call: the
/// call is `incomplete`, not among the calls to run, and its arguments do
/// not parse (not even empty ones, which read as `{}` otherwise).
#[test]
fn a_call_cut_off_is_not_a_call_to_run() {
    let r: Response = serde_json::from_value(json!({
        "id": "resp_1", "status": "incomplete",
        "incomplete_details": {"reason": "max_output_tokens"},
        "output": [
            {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather",
             "arguments": "{\"city\":\"Paris\"}", "status": "completed"},
            {"type": "function_call", "id": "fc_2", "call_id": "call_2", "name": "get_weather",
             "arguments": "{\"city\":\"Par", "status": "incomplete"},
            {"type": "function_call", "id": "fc_3", "call_id": "call_3", "name": "get_time",
             "arguments": "", "status": "incomplete"},
            {"type": "custom_tool_call", "call_id": "call_4", "name": "patch",
             "input": "*** Begin", "status": "incomplete"}
        ]
    }))
    .unwrap();
    let ids: Vec<_> = r.function_calls().map(|c| c.call_id.as_str()).collect();
    assert_eq!(ids, ["call_1"]);
    assert_eq!(r.function_calls().next_back().unwrap().call_id, "call_1");
    assert!(r.is_incomplete());
    let r = r.into_result().unwrap();

    let cut = r.output[1].as_function_call().unwrap();
    assert!(cut.is_incomplete());
    match cut.parse_arguments::<serde_json::Value>() {
        Err(Error::Incomplete(e)) => {
            assert_eq!(e.text, "{\"city\":\"Par");
        }
        other => panic!("{other:?}"),
    }
    let empty = r.output[2].as_function_call().unwrap();
    assert!(matches!(
        empty.parse_arguments::<serde_json::Value>(),
        Err(Error::Incomplete(_))
    ));
    assert!(r.output[3].as_custom_tool_call().unwrap().is_incomplete());
    assert!(!r.output[0].as_function_call().unwrap().is_incomplete());
    // Every call is still in the output, and goes back as it came.
    assert_eq!(r.to_input_items().len(), 4);
}

/// Every member of a response, an event or an API error held as raw JSON
/// (an item, part, annotation or action of a kind not known, an `extra`
/// member, echoed `tools` and `instructions`, metadata, a server tool
/// item's members) prints in a bounded size: each long string by its first
/// 1000 characters and its length, in `{:?}` and `{:#?}` alike; short ones
/// as `serde_json::Value` prints them.
#[test]
fn debug_of_every_raw_member_of_a_response_is_bounded() {
    use openrouter_responses::{ApiError, HttpInfo, StreamEvent};

    let long = format!("data:image/png;base64,{}", "iVBORw0KGgo".repeat(100_000));
    let raw = json!({"type": "hologram", "blob": long});
    let response: Response = serde_json::from_value(json!({
        "id": "resp_1",
        "status": "completed",
        "instructions": [raw],
        "metadata": {"k": long},
        "tools": [raw],
        "x-attachment": long,
        "output": [
            raw,
            {"type": "message", "id": "m", "role": "assistant", "status": "completed",
             "x": long, "content": [
                raw,
                {"type": "output_text", "text": "hi", "x": long,
                 "annotations": [raw, {"type": "url_citation", "url": "u", "title": "t",
                                       "start_index": 0, "end_index": 1, "x": long}]},
            ]},
            {"type": "reasoning", "id": "r", "summary": [raw, {"type": "summary_text", "text": "s", "x": long}]},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}", "x": long},
            {"type": "web_search_call", "id": "w", "status": "completed", "action": raw},
            {"type": "file_search_call", "id": "fs", "status": "completed", "queries": [], "results": [raw]},
            {"type": "computer_call", "id": "cc", "call_id": "c2", "status": "completed", "action": raw,
             "pending_safety_checks": []},
            {"type": "openrouter:web_search", "id": "s", "status": "completed", "x": long},
        ],
        "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2, "x": long},
        "incomplete_details": {"reason": "max_output_tokens", "x": long},
    }))
    .unwrap();
    let event = StreamEvent::from_json(&raw.to_string()).unwrap();
    let delta = StreamEvent::from_json(
        &json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "m",
                "content_index": 0, "delta": "hi", "sequence_number": 1, "x": long})
        .to_string(),
    )
    .unwrap();
    let body = json!({"error": {"code": 400, "message": "bad", "metadata": {"raw": long}}});
    let error = ApiError::from_http(HttpInfo::new(400, vec![]), body.to_string());
    let marker = format!("… ({} bytes in all)", long.len());
    let places = serde_json::to_string(&response)
        .unwrap()
        .matches(&long)
        .count();
    assert_eq!(places, 19);
    for (shown, places) in [
        (format!("{response:?}"), places),
        (format!("{response:#?}"), places),
        (format!("{event:?}"), 1),
        (format!("{delta:#?}"), 1),
        (format!("{error:?}"), 1),
        (format!("{error:#?}"), 1),
    ] {
        assert!(
            shown.len() < places * 2_000 + 3_000,
            "{} bytes",
            shown.len()
        );
        assert_eq!(shown.matches(&marker).count(), places, "{shown:.3000}");
    }

    // Short ones print as before.
    let small = json!({"type": "hologram", "ok": [true, null, 1.5, -2, "é\n"], "o": {}});
    let item: OutputItem = serde_json::from_value(small.clone()).unwrap();
    assert_eq!(format!("{item:?}"), format!("Unknown({small:?})"));
    assert_eq!(
        format!("{item:#?}"),
        format!("{:#?}", Some(&small)).replacen("Some", "Unknown", 1)
    );
    let event = StreamEvent::from_json(&small.to_string()).unwrap();
    assert_eq!(format!("{event:?}"), format!("Unknown({small:?})"));
    let response: Response =
        serde_json::from_value(json!({"id": "r", "output": [], "x-a": small})).unwrap();
    assert!(format!("{response:?}").contains(&format!("extra: {:?}", response.extra)));
}

#[test]
fn failed_sandbox_items_carry_their_error() {
    let items = json!([
        {"type": "openrouter:bash", "id": "b1", "status": "failed",
         "error": "container limit reached", "container_id": "cntr_1"},
        {"type": "openrouter:shell", "id": "s1", "status": "failed",
         "error": "container limit reached"},
        {"type": "shell_call_output", "id": "sco_1", "call_id": "call_1",
         "status": "incomplete", "output": [], "error": "container limit reached"},
        {"type": "openrouter:bash", "id": "b2", "status": "completed", "exitCode": 2,
         "stdout": "", "stderr": "no such file"}
    ]);
    let decoded: Vec<OutputItem> = serde_json::from_value(items.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), items);
    let errors: Vec<(Option<&str>, Option<&ItemStatus>)> = decoded
        .iter()
        .map(|item| match item {
            OutputItem::OpenRouterBash(b) => {
                // Members not modelled stay in `extra`; `error` is typed.
                assert!(!b.extra.contains_key("error"), "{b:?}");
                (b.error.as_deref(), b.status.as_ref())
            }
            OutputItem::OpenRouterShell(s) => (s.error.as_deref(), s.status.as_ref()),
            OutputItem::ShellCallOutput(o) => (o.error.as_deref(), o.status.as_ref()),
            other => panic!("{other:?}"),
        })
        .collect();
    let limit = Some("container limit reached");
    assert_eq!(
        errors,
        [
            (limit, Some(&ItemStatus::Failed)),
            (limit, Some(&ItemStatus::Failed)),
            (limit, Some(&ItemStatus::Incomplete)),
            (None, Some(&ItemStatus::Completed)),
        ]
    );
    // Echoed as input, each goes back as it came.
    for (item, json) in decoded.into_iter().zip(items.as_array().unwrap()) {
        let input = openrouter_responses::InputItem::from(item);
        assert_eq!(serde_json::to_value(&input).unwrap(), *json);
    }
    // Built by hand: the setter replaces an `error` kept in `extra`.
    let mut output = openrouter_responses::response::ShellCallOutput::new("call_2", []);
    output.extra.insert("error".into(), json!("old"));
    let output = output.error("new");
    assert_eq!(
        serde_json::to_value(&output).unwrap(),
        json!({"call_id": "call_2", "output": [], "error": "new"})
    );
}

#[test]
fn sandbox_items_carry_their_container_and_files() {
    use openrouter_responses::response::{ContainerFile, ContainerFileCitation};
    let file = |id: &str, name: &str| {
        json!({"type": "container_file_citation", "container_id": "cntr_1",
               "file_id": id, "filename": name, "start_index": 0, "end_index": 0})
    };
    // Kept whole in `Unknown`: another type, a member missing, a
    // fractional index; a member not modelled stays in the citation.
    let odd = [
        json!({"type": "container_dir_citation", "container_id": "cntr_1", "path": "/out"}),
        json!({"type": "container_file_citation", "container_id": "cntr_1", "file_id": "f"}),
        json!({"type": "container_file_citation", "container_id": "cntr_1", "file_id": "f",
               "filename": "a", "start_index": 0.5, "end_index": 1}),
        json!("list.txt"),
    ];
    let mut extra = file("cfile_3", "c.txt");
    extra["bytes"] = json!(12);
    let items = json!([
        {"type": "openrouter:bash", "id": "b1", "status": "completed", "command": "ls",
         "exitCode": 0, "stdout": "", "stderr": "", "container_id": "cntr_1",
         "files": [file("cfile_1", "a.txt"), extra, odd[0], odd[1], odd[2], odd[3]]},
        {"type": "openrouter:shell", "id": "s1", "status": "completed",
         "container_id": "cntr_1", "files": [file("cfile_2", "b.txt")]},
        {"type": "shell_call_output", "id": "sco_1", "call_id": "call_1",
         "status": "completed", "output": [], "container_id": "cntr_1", "files": []},
        {"type": "openrouter:bash", "id": "b2", "status": "failed",
         "error": "container limit reached"}
    ]);
    let decoded: Vec<OutputItem> = serde_json::from_value(items.clone()).unwrap();
    let from_text: Vec<OutputItem> = serde_json::from_str(&items.to_string()).unwrap();
    assert_eq!(decoded, from_text);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), items);
    let (container, files) = match &decoded[0] {
        OutputItem::OpenRouterBash(b) => {
            assert!(b.extra.is_empty(), "{b:?}");
            (b.container_id.as_deref(), b.files.as_deref().unwrap())
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(container, Some("cntr_1"));
    let first = files[0].citation().unwrap();
    assert_eq!(
        (
            first.container_id.as_str(),
            first.file_id.as_str(),
            first.filename.as_str()
        ),
        ("cntr_1", "cfile_1", "a.txt")
    );
    assert_eq!((first.start_index, first.end_index), (0, 0));
    assert_eq!(files[1].citation().unwrap().extra["bytes"], json!(12));
    for (file, raw) in files[2..].iter().zip(&odd) {
        assert_eq!(*file, ContainerFile::Unknown(raw.clone()));
    }
    match &decoded[1] {
        OutputItem::OpenRouterShell(s) => {
            assert!(s.extra.is_empty(), "{s:?}");
            assert_eq!(s.container_id.as_deref(), Some("cntr_1"));
            let names: Vec<&str> = s
                .files
                .iter()
                .flatten()
                .filter_map(ContainerFile::citation)
                .map(|f| f.filename.as_str())
                .collect();
            assert_eq!(names, ["b.txt"]);
        }
        other => panic!("{other:?}"),
    }
    match &decoded[2] {
        OutputItem::ShellCallOutput(o) => {
            assert!(o.extra.is_empty(), "{o:?}");
            assert_eq!(o.container_id.as_deref(), Some("cntr_1"));
            assert_eq!(o.files.as_deref(), Some(&[][..]));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&decoded[3], OutputItem::OpenRouterBash(b) if b.container_id.is_none() && b.files.is_none())
    );
    // Debug shows them.
    let shown = format!("{:?}", decoded[0]);
    assert!(
        shown.contains("container_id: Some(\"cntr_1\")")
            && shown.contains("Citation(ContainerFileCitation"),
        "{shown}"
    );
    // Echoed as input, each goes back as it came.
    for (item, json) in decoded.into_iter().zip(items.as_array().unwrap()) {
        let input = openrouter_responses::InputItem::from(item);
        assert_eq!(serde_json::to_value(&input).unwrap(), *json);
        let read: openrouter_responses::InputItem = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), *json);
    }
    // Built by hand: the setters replace the members kept in `extra`.
    let mut output = openrouter_responses::response::ShellCallOutput::new("call_2", []);
    output.extra.insert("container_id".into(), json!("old"));
    output.extra.insert("files".into(), json!(["old"]));
    let mut citation = ContainerFileCitation::default();
    citation.container_id = "cntr_2".into();
    citation.file_id = "cfile_9".into();
    citation.filename = "new.txt".into();
    let output = output.container_id("cntr_2").files([citation.into()]);
    assert_eq!(
        serde_json::to_value(&output).unwrap(),
        json!({"call_id": "call_2", "output": [], "container_id": "cntr_2", "files": [
            {"type": "container_file_citation", "container_id": "cntr_2", "file_id": "cfile_9",
             "filename": "new.txt", "start_index": 0, "end_index": 0}]})
    );
}

//! Fully spec-valid response fixtures (`tests/fixtures/responses/*_spec_valid.json`:
//! every top-level field the spec requires is present, `null` where allowed),
//! one per response shape. The conformance suite validates them against the
//! OpenAPI spec without allow-listing; here they decode to the typed model,
//! round-trip, and carry the values written in them.

mod response_common;

use openrouter_responses::response::{
    Annotation, IncompleteReason, ItemStatus, MemoryAction, OutputContent, ResponseStatus,
    WebSearchAction,
};
use openrouter_responses::{OutputItem, Response};
use response_common::{fixture, fixture_dir, fixture_value};
use serde_json::{json, Value};

/// The top-level fields `OpenResponsesResult` requires (nullable ones included).
const REQUIRED: &[&str] = &[
    "id",
    "object",
    "created_at",
    "model",
    "status",
    "completed_at",
    "output",
    "error",
    "incomplete_details",
    "temperature",
    "top_p",
    "presence_penalty",
    "frequency_penalty",
    "instructions",
    "metadata",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
];

fn spec_valid_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name.ends_with("_spec_valid.json"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_spec_valid_fixture_has_the_required_fields_and_round_trips() {
    let names = spec_valid_fixtures();
    assert!(names.len() >= 5, "only {names:?}");
    for name in names {
        let value = fixture_value(&name);
        for key in REQUIRED {
            assert!(
                value.get(key).is_some(),
                "{name}: missing required field {key}"
            );
        }
        let response = fixture(&name);
        assert_eq!(Some(response.id.as_str()), value["id"].as_str(), "{name}");
        // No output item fell back to raw JSON.
        for item in &response.output {
            assert!(
                !matches!(item, OutputItem::Unknown(_) | OutputItem::ServerTool(_)),
                "{name}: {item:?}"
            );
        }
    }
}

#[test]
fn failed() {
    let r: Response = fixture("failed_spec_valid.json");
    assert_eq!(r.status, Some(ResponseStatus::Failed));
    assert!(r.is_failed());
    let error = r.error.as_ref().expect("error");
    assert_eq!(
        serde_json::to_value(error).expect("ser")["code"],
        json!("server_error")
    );
    assert!(r.output.is_empty());
    assert_eq!(r.output_text(), "");
}

#[test]
fn incomplete() {
    let r: Response = fixture("incomplete_spec_valid.json");
    assert!(r.is_incomplete());
    let details = r.incomplete_details.as_ref().expect("details");
    assert_eq!(details.reason, Some(IncompleteReason::MaxOutputTokens));
    let message = r.output[0].as_message().expect("message");
    assert_eq!(message.status, Some(ItemStatus::Incomplete));
    assert_eq!(r.output_text(), "The first three prime numbers are 2,");
}

#[test]
fn refusal() {
    let r: Response = fixture("refusal_spec_valid.json");
    let message = r.output[0].as_message().expect("message");
    match &message.content[0] {
        OutputContent::Refusal(refusal) => {
            assert_eq!(refusal.refusal, "I can't help with that request.")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.output_text(), "");
}

#[test]
fn web_search() {
    let r: Response = fixture("web_search_spec_valid.json");
    match &r.output[0] {
        OutputItem::WebSearchCall(call) => match &call.action {
            Some(WebSearchAction::Search(search)) => {
                assert_eq!(search.query, "openrouter responses api")
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let text = r.output[2].as_message().expect("message").content[0]
        .as_output_text()
        .expect("text");
    match &text.annotations[0] {
        Annotation::UrlCitation(c) => {
            assert_eq!(c.title.as_deref(), Some("OpenRouter Docs"));
            assert_eq!((c.start_index, c.end_index), (0, 43));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn server_tool_items_are_typed() {
    let r: Response = fixture("server_tools_spec_valid.json");
    let o = &r.output;
    let types: Vec<&str> = o.iter().map(OutputItem::item_type).collect();
    assert_eq!(
        types,
        [
            "openrouter:file_search",
            "openrouter:tool_search",
            "openrouter:memory",
            "openrouter:files",
            "openrouter:experimental__search_models",
            "openrouter:advisor",
            "openrouter:subagent",
            "openrouter:fusion",
            "message",
        ]
    );
    match &o[0] {
        OutputItem::OpenRouterFileSearch(f) => {
            assert_eq!(f.id.as_deref(), Some("fs_sv_01"));
            assert_eq!(
                f.queries.as_deref(),
                Some(&["refund policy".to_owned(), "returns window".to_owned()][..])
            );
        }
        other => panic!("{other:?}"),
    }
    match &o[1] {
        OutputItem::OpenRouterToolSearch(t) => {
            assert_eq!(t.query.as_deref(), Some("calendar tools"))
        }
        other => panic!("{other:?}"),
    }
    match &o[2] {
        OutputItem::OpenRouterMemory(m) => {
            assert_eq!(m.action, Some(MemoryAction::Read));
            assert_eq!(m.key.as_deref(), Some("user_timezone"));
            assert_eq!(m.value, Some(json!("Europe/Paris")));
        }
        other => panic!("{other:?}"),
    }
    match &o[3] {
        OutputItem::OpenRouterFiles(f) => {
            assert_eq!(f.operation.as_deref(), Some("read"));
            assert_eq!(f.file_id.as_deref(), Some("file_42"));
            assert_eq!(f.filename.as_deref(), Some("notes.md"));
            assert_eq!(f.result.as_deref(), Some("# Notes"));
            assert_eq!(f.call_id.as_deref(), Some("call_fl_1"));
        }
        other => panic!("{other:?}"),
    }
    match &o[4] {
        OutputItem::OpenRouterSearchModels(s) => {
            assert_eq!(s.query.as_deref(), Some("cheap vision model"));
            assert!(s.arguments.is_some());
        }
        other => panic!("{other:?}"),
    }
    match &o[5] {
        OutputItem::OpenRouterAdvisor(a) => {
            assert_eq!(a.instance_name.as_deref(), Some("critic"));
            assert_eq!(a.advice.as_deref(), Some("Check the edge cases first."));
            assert_eq!(a.prompt.as_deref(), Some("Is the plan sound?"));
        }
        other => panic!("{other:?}"),
    }
    match &o[6] {
        OutputItem::OpenRouterSubagent(s) => {
            assert_eq!(s.status, Some(ItemStatus::Failed));
            assert_eq!(s.error.as_deref(), Some("worker timed out"));
            assert_eq!(s.task_name.as_deref(), Some("summarize"));
            assert_eq!(s.model.as_deref(), Some("openai/gpt-4o-mini"));
            assert_eq!(s.outcome, None);
        }
        other => panic!("{other:?}"),
    }
    match &o[7] {
        OutputItem::OpenRouterFusion(f) => {
            let analysis = f.analysis.as_ref().expect("analysis");
            assert_eq!(analysis.consensus, ["Use caching."]);
            assert_eq!(analysis.contradictions[0].stances[1].stance, "1h");
            assert_eq!(analysis.partial_coverage[0].models, ["a/one"]);
            assert_eq!(analysis.unique_insights[0].insight, "Warm the cache.");
            assert_eq!(analysis.blind_spots, ["Cost"]);
            let responses = f.responses.as_ref().expect("responses");
            assert_eq!(responses[1].content, None);
            let failed = f.failed_models.as_ref().expect("failed");
            assert_eq!(failed[0].status_code, Some(429));
            assert_eq!(
                f.sources.as_ref().expect("sources")[0].title,
                "Caching guide"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.output_text(), "Done.");
}

#[test]
fn typed_server_items_keep_unknown_fields_and_values() {
    let raw = json!({
        "type": "openrouter:memory", "id": "mem_1", "status": "completed",
        "action": "forget", "key": "k", "ttl": 60
    });
    let item: OutputItem = serde_json::from_value(raw.clone()).expect("decodes");
    match &item {
        OutputItem::OpenRouterMemory(m) => {
            assert_eq!(m.action, Some(MemoryAction::Other("forget".into())));
            assert_eq!(m.extra.get("ttl"), Some(&json!(60)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_value(&item).expect("ser"), raw);

    let fusion = json!({
        "type": "openrouter:fusion", "status": "in_progress",
        "analysis": {"consensus": [], "contradictions": [], "partial_coverage": [],
                     "unique_insights": [], "blind_spots": [], "confidence": 0.8}
    });
    let item: OutputItem = serde_json::from_value(fusion.clone()).expect("decodes");
    match &item {
        OutputItem::OpenRouterFusion(f) => assert_eq!(
            f.analysis
                .as_ref()
                .expect("analysis")
                .extra
                .get("confidence"),
            Some(&json!(0.8))
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(serde_json::to_value(&item).expect("ser"), fusion);

    // A known server tool type with a malformed body stays generic, as sent.
    let odd = json!({"type": "openrouter:tool_search", "status": "completed", "query": 7});
    let item: OutputItem = serde_json::from_value(odd.clone()).expect("decodes");
    assert!(matches!(item, OutputItem::ServerTool(_)), "{item:?}");
    assert_eq!(serde_json::to_value(&item).expect("ser"), odd);
}

#[test]
fn spec_valid_fixtures_echo_as_input() {
    let r: Response = fixture("server_tools_spec_valid.json");
    let items = serde_json::to_value(r.to_input_items()).expect("ser");
    let output: Value = serde_json::to_value(&r.output).expect("ser");
    assert_eq!(items, output);
}

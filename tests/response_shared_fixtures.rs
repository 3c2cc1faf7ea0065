//! Decodes the published examples in `../shared/fixtures` (documentation
//! code blocks and the OpenAPI spec's examples) that have the shape of a
//! response, an output item or one of their parts, and checks that each
//! round-trips. Skips when the directory is absent.

mod response_common;

use std::path::{Path, PathBuf};

use openrouter_responses::response::{
    Annotation, OpenRouterMetadata, OutputContent, ReasoningContent, ReasoningSummary, Usage,
};
use openrouter_responses::{OutputItem, Response};
use response_common::roundtrip;
use serde_json::{Map, Value};

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent", dir.display());
        None
    }
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
        .collect();
    files.sort();
    files
}

/// The `extra` map of a typed item: empty when every field of the example is
/// modelled.
fn item_extra(item: &OutputItem) -> Option<&Map<String, Value>> {
    Some(match item {
        OutputItem::Message(x) => &x.extra,
        OutputItem::Reasoning(x) => &x.extra,
        OutputItem::FunctionCall(x) => &x.extra,
        OutputItem::CustomToolCall(x) => &x.extra,
        OutputItem::WebSearchCall(x) => &x.extra,
        OutputItem::FileSearchCall(x) => &x.extra,
        OutputItem::ImageGenerationCall(x) => &x.extra,
        OutputItem::CodeInterpreterCall(x) => &x.extra,
        OutputItem::ComputerCall(x) => &x.extra,
        OutputItem::ApplyPatchCall(x) => &x.extra,
        OutputItem::ShellCall(x) => &x.extra,
        OutputItem::ShellCallOutput(x) => &x.extra,
        OutputItem::OpenRouterWebSearch(x) => &x.extra,
        OutputItem::OpenRouterWebFetch(x) => &x.extra,
        OutputItem::OpenRouterDatetime(x) => &x.extra,
        OutputItem::OpenRouterImageGeneration(x) => &x.extra,
        OutputItem::OpenRouterCodeInterpreter(x) => &x.extra,
        OutputItem::OpenRouterBash(x) => &x.extra,
        OutputItem::OpenRouterShell(x) => &x.extra,
        OutputItem::OpenRouterApplyPatch(x) => &x.extra,
        OutputItem::OpenRouterBrowserUse(x) => &x.extra,
        OutputItem::OpenRouterTextEditor(x) => &x.extra,
        OutputItem::OpenRouterMcp(x) => &x.extra,
        _ => return None,
    })
}

/// Checks a decoded item: not `Unknown`, and, for a typed variant, every
/// field of the example modelled.
fn check_item(item: &OutputItem, raw: &Value, what: &str) {
    assert!(
        !matches!(item, OutputItem::Unknown(_)),
        "{what}: item decoded as Unknown: {raw}"
    );
    assert_eq!(Some(item.item_type()), raw["type"].as_str(), "{what}");
    if let Some(extra) = item_extra(item) {
        assert!(extra.is_empty(), "{what}: unmodelled fields {extra:?}");
    }
}

/// Checks a decoded response against its raw JSON.
fn check_response(r: &Response, raw: &Value, what: &str) {
    assert_eq!(r.id, raw["id"].as_str().unwrap_or_default(), "{what}");
    assert_eq!(
        r.status.as_ref().map(|s| s.as_str()),
        raw["status"].as_str(),
        "{what}"
    );
    let raw_output = raw["output"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert_eq!(r.output.len(), raw_output.len(), "{what}");
    for (i, (item, raw_item)) in r.output.iter().zip(raw_output).enumerate() {
        check_item(item, raw_item, &format!("{what}.output[{i}]"));
    }
    if let Some(code) = raw["error"]["code"].as_str() {
        let err = r.error.as_ref().unwrap();
        assert_eq!(err.code.as_ref().map(|c| c.as_str()), Some(code), "{what}");
        assert_eq!(
            err.message,
            raw["error"]["message"].as_str().unwrap(),
            "{what}"
        );
    }
    if let Some(t) = raw["error_type"].as_str() {
        assert_eq!(r.error_type.as_ref().map(|e| e.as_str()), Some(t), "{what}");
    }
    if let Some(total) = raw["usage"]["total_tokens"].as_u64() {
        assert_eq!(
            r.usage.as_ref().map(|u| u.total_tokens),
            Some(total),
            "{what}"
        );
    }
    assert!(
        r.extra.is_empty(),
        "{what}: unmodelled top-level fields {:?}",
        r.extra
    );
    // The text helper agrees with the raw parts.
    let mut text = String::new();
    for item in raw_output.iter().filter(|i| i["type"] == "message") {
        for part in item["content"].as_array().into_iter().flatten() {
            if part["type"] == "output_text" {
                text.push_str(part["text"].as_str().unwrap());
            }
        }
    }
    assert_eq!(r.output_text(), text, "{what}");
}

#[test]
fn docs_responses_decode_and_round_trip() {
    let Some(dir) = shared_dir() else { return };
    let mut checked = 0;
    for path in json_files(&dir.join("docs")) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let raw = read(&path);
        let body = if name.ends_with(".response.json") || name.contains("failed-response") {
            raw
        } else if raw["type"] == "response.failed" || raw["type"] == "response.completed" {
            raw["response"].clone()
        } else {
            continue;
        };
        let r: Response = roundtrip(&body, &name);
        check_response(&r, &body, &name);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} docs responses found");
}

#[test]
fn docs_reasoning_summary_strings_stay_strings() {
    let Some(dir) = shared_dir() else { return };
    let path = dir.join("docs/reasoning.response.json");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let raw = read(&path);
    let r: Response = roundtrip(&raw, "reasoning.response.json");
    let rs = r.reasoning_items().next().unwrap();
    let raw_summary = raw["output"][0]["summary"].as_array().unwrap();
    assert_eq!(rs.summary.len(), raw_summary.len());
    for (part, raw_part) in rs.summary.iter().zip(raw_summary) {
        assert!(
            matches!(part, ReasoningSummary::Plain(s) if Some(s.as_str()) == raw_part.as_str())
        );
    }
    let encoded = serde_json::to_value(&r).unwrap();
    assert_eq!(encoded["output"][0]["summary"], raw["output"][0]["summary"]);
}

#[test]
fn docs_function_call_item_decodes() {
    let Some(dir) = shared_dir() else { return };
    let path = dir.join("docs/tool-calling.function_call-item.json");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let raw = read(&path);
    let item: OutputItem = roundtrip(&raw, "function_call-item");
    check_item(&item, &raw, "function_call-item");
    let call = item.as_function_call().unwrap();
    let args: Value = call.parse_arguments().unwrap();
    assert_eq!(
        args,
        serde_json::from_str::<Value>(raw["arguments"].as_str().unwrap()).unwrap()
    );
}

#[test]
fn spec_operation_and_event_examples() {
    let Some(dir) = shared_dir() else { return };
    let dir = dir.join("spec-examples");
    let mut responses = 0;
    let mut items = 0;
    for path in json_files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "op.200.application-json.json" {
            let raw = read(&path);
            let r: Response = roundtrip(&raw, &name);
            check_response(&r, &raw, &name);
            responses += 1;
        } else if name.starts_with("event.") {
            let raw = read(&path);
            if raw["response"].is_object() {
                let r: Response = roundtrip(&raw["response"], &name);
                check_response(&r, &raw["response"], &name);
                responses += 1;
            }
            if raw["item"].is_object() {
                let item: OutputItem = roundtrip(&raw["item"], &name);
                check_item(&item, &raw["item"], &name);
                items += 1;
            }
            if raw["annotation"].is_object() {
                let a: Annotation = roundtrip(&raw["annotation"], &name);
                assert!(!matches!(a, Annotation::Unknown(_)), "{name}");
            }
        }
    }
    assert!(responses >= 5, "only {responses} responses found");
    assert!(items >= 2, "only {items} items found");
}

#[test]
fn spec_schema_examples() {
    let Some(dir) = shared_dir() else { return };
    let path = dir.join("spec-examples/all-responses-schema-examples.json");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let all = read(&path);
    let all = all.as_object().unwrap();
    let mut items = 0;
    for (name, raw) in all {
        let what = name.as_str();
        match what {
            "OpenResponsesResult" | "BaseResponsesResult" => {
                let r: Response = roundtrip(raw, what);
                check_response(&r, raw, what);
            }
            "Usage" | "OpenAIResponsesUsage" => {
                let u: Usage = roundtrip(raw, what);
                assert_eq!(Some(u.total_tokens), raw["total_tokens"].as_u64());
                assert!(u.extra.is_empty(), "{what}: {:?}", u.extra);
            }
            "OpenRouterMetadata" => {
                let m: OpenRouterMetadata = roundtrip(raw, what);
                assert!(m.extra.is_empty(), "{what}: {:?}", m.extra);
                assert_eq!(m.requested.as_deref(), raw["requested"].as_str());
            }
            "URLCitation" | "FileCitation" | "FilePath" | "OpenAIResponsesAnnotation" => {
                let a: Annotation = roundtrip(raw, what);
                assert!(!matches!(a, Annotation::Unknown(_)), "{what}");
            }
            "ResponseOutputText" | "OpenAIResponsesRefusalContent" => {
                let c: OutputContent = roundtrip(raw, what);
                assert!(!matches!(c, OutputContent::Unknown(_)), "{what}");
            }
            "ReasoningSummaryText" => {
                let s: ReasoningSummary = roundtrip(raw, what);
                assert!(matches!(s, ReasoningSummary::SummaryText(_)), "{what}");
            }
            "ReasoningTextContent" => {
                let c: ReasoningContent = roundtrip(raw, what);
                assert!(matches!(c, ReasoningContent::ReasoningText(_)), "{what}");
            }
            _ if what.starts_with("Output")
                && !what.ends_with("Event")
                && raw["type"].is_string() =>
            {
                let item: OutputItem = roundtrip(raw, what);
                check_item(&item, raw, what);
                items += 1;
            }
            _ if raw["response"].is_object() => {
                let r: Response = roundtrip(&raw["response"], what);
                check_response(&r, &raw["response"], what);
            }
            _ if raw["item"].is_object() && what.starts_with("OutputItem") => {
                let item: OutputItem = roundtrip(&raw["item"], what);
                check_item(&item, &raw["item"], what);
            }
            _ => {}
        }
    }
    assert!(items >= 25, "only {items} output item examples found");
}

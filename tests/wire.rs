//! The exact bytes a full request puts on the wire, captured by a loopback
//! server: every field group at once, through `send` and through `stream`.

mod common;

use common::{Reply, Server};
use openrouter_responses::request::{
    DataCollection, Include, JsonSchemaFormat, MaxPrice, Plugin, Prompt, Provider, Reasoning,
    ReasoningEffort, ReasoningSummaryVerbosity, ServiceTier, SortBy, SortConfig, Truncation,
    Verbosity,
};
use openrouter_responses::{Client, InputContent, InputItem, Request, Tool, ToolChoice};
use serde_json::json;

fn full_request() -> Request {
    Request::builder()
        .model("openai/gpt-4o")
        .models(["anthropic/claude-sonnet-4", "google/gemini-2.5-pro"])
        .instructions("Answer in French.")
        .input_items([
            InputItem::developer("Be exact."),
            InputItem::user(vec![
                InputContent::text("What is in this image?"),
                InputContent::image_url("https://example.com/cat.png"),
            ]),
            InputItem::function_call("call_1", "lookup", r#"{"q":"cat"}"#),
            InputItem::function_call_output("call_1", "a small cat"),
        ])
        .tool(Tool::function(
            "lookup",
            "Looks a word up",
            json!({"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}),
        ))
        .tool(Tool::openrouter_web_search())
        .tool_choice(ToolChoice::function("lookup"))
        .parallel_tool_calls(false)
        .text_format(JsonSchemaFormat::new("answer", json!({"type": "object"})).strict(true))
        .verbosity(Verbosity::Low)
        .reasoning(
            Reasoning::new()
                .effort(ReasoningEffort::Medium)
                .summary(ReasoningSummaryVerbosity::Auto),
        )
        .max_output_tokens(512u64)
        .temperature(0.25)
        .top_p(0.5)
        .top_k(20u64)
        .metadata_entry("job", "nightly")
        .prompt_cache_key("cache-1")
        .prompt(Prompt::new("pmpt_1"))
        .include([Include::from("reasoning.encrypted_content")])
        .background(false)
        .safety_identifier("user-hash")
        .store(false)
        .service_tier(ServiceTier::Flex)
        .truncation(Truncation::Auto)
        .user("user-1")
        .session_id("session-1")
        .provider(
            Provider::new()
                .order(["openai", "azure"])
                .allow_fallbacks(true)
                .data_collection(DataCollection::Deny)
                .zdr(true)
                .sort(SortConfig::new().by(SortBy::Price))
                .max_price(MaxPrice::new().prompt(1).completion("2")),
        )
        .plugin(Plugin::response_healing())
        .extra("future_param", json!({"x": 1}))
        .build()
}

fn expected() -> serde_json::Value {
    json!({
        "model": "openai/gpt-4o",
        "models": ["anthropic/claude-sonnet-4", "google/gemini-2.5-pro"],
        "instructions": "Answer in French.",
        "input": [
            {"type": "message", "role": "developer", "content": "Be exact."},
            {"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": "What is in this image?"},
                {"type": "input_image", "detail": "auto", "image_url": "https://example.com/cat.png"}
            ]},
            {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": "{\"q\":\"cat\"}"},
            {"type": "function_call_output", "call_id": "call_1", "output": "a small cat"}
        ],
        "tools": [
            {"type": "function", "name": "lookup", "description": "Looks a word up",
             "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}},
            {"type": "openrouter:web_search"}
        ],
        "tool_choice": {"type": "function", "name": "lookup"},
        "parallel_tool_calls": false,
        "text": {"format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": true},
                 "verbosity": "low"},
        "reasoning": {"effort": "medium", "summary": "auto"},
        "max_output_tokens": 512,
        "temperature": 0.25,
        "top_p": 0.5,
        "top_k": 20,
        "metadata": {"job": "nightly"},
        "prompt_cache_key": "cache-1",
        "prompt": {"id": "pmpt_1"},
        "include": ["reasoning.encrypted_content"],
        "background": false,
        "safety_identifier": "user-hash",
        "store": false,
        "service_tier": "flex",
        "truncation": "auto",
        "user": "user-1",
        "session_id": "session-1",
        "provider": {"order": ["openai", "azure"], "allow_fallbacks": true, "data_collection": "deny",
                     "zdr": true, "sort": {"by": "price"}, "max_price": {"prompt": "1", "completion": "2"}},
        "plugins": [{"id": "response-healing"}],
        "future_param": {"x": 1}
    })
}

#[test]
fn send_puts_exactly_the_request_on_the_wire() {
    let server = Server::start(vec![Reply::completed("ok")]);
    let client = Client::builder()
        .api_key("k")
        .base_url(server.base_url())
        .build()
        .unwrap();
    client.send(&full_request()).unwrap();
    let captured = &server.requests()[0];
    assert_eq!(captured.json(), expected());
    // The body is compact JSON: no pretty-printing on the wire.
    assert!(!captured.body.contains(&b'\n'));
}

#[test]
fn stream_adds_only_stream_true() {
    let server = Server::start(vec![Reply::sse(vec!["data: [DONE]\n\n".into()])]);
    let client = Client::builder()
        .api_key("k")
        .base_url(server.base_url())
        .build()
        .unwrap();
    drop(client.stream(&full_request()).unwrap());
    let mut want = expected();
    want["stream"] = json!(true);
    assert_eq!(server.requests()[0].json(), want);
}

#[test]
fn the_request_decodes_back_from_its_own_json() {
    let request = full_request();
    let text = serde_json::to_string(&request).unwrap();
    let back: Request = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), expected());
}

#[test]
fn integer_setters_take_bare_literals() {
    use openrouter_responses::request::{MaxPrice, WebSearchConfig};
    let request = Request::builder()
        .max_output_tokens(200)
        .top_k(40)
        .top_logprobs(2)
        .max_tool_calls(3)
        .reasoning(Reasoning::new().max_tokens(1000))
        .tool(Tool::openrouter_web_search_with(
            WebSearchConfig::new().max_results(5),
        ))
        .provider(Provider::new().max_price(MaxPrice::new().prompt(1)))
        .build();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "max_output_tokens": 200, "top_k": 40, "top_logprobs": 2, "max_tool_calls": 3,
            "reasoning": {"max_tokens": 1000},
            "tools": [{"type": "openrouter:web_search", "parameters": {"max_results": 5}}],
            "provider": {"max_price": {"prompt": "1"}}
        })
    );
}

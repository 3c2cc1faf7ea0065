//! A multi-turn conversation keeper written as a user of the crate writes
//! one, against a loopback server that answers as OpenRouter does. It keeps
//! the whole history on the client (OpenRouter stores nothing): each user
//! message, each response's output items echoed back with
//! `into_input_items` (reasoning with its encrypted content, calls with
//! their call ids), and the result of each function call as a
//! `function_call_output` item. It runs the functions the model calls,
//! several at once when it calls several, continues an answer cut by
//! `max_output_tokens`, shows a refusal as such, lists the web pages an
//! answer cites, and sums the tokens and the cost of every request. Turns
//! are sent plainly or streamed, text shown as it arrives.
//!
//! The server checks the exact JSON of each request: the items in order,
//! their ids, the encrypted reasoning byte for byte, the call ids.

mod common;

use common::{Captured, Reply, Server};
use openrouter_responses::response::{FunctionCall, Usage};
use openrouter_responses::{
    Client, Error, Include, IncompleteReason, InputItem, Reasoning, ReasoningEffort, Request,
    RequestBuilder, Response, Tool,
};
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-conversation-0123456789";
const MODEL: &str = "openai/o4-mini";

// ---------------------------------------------------------------------------
// The program.
// ---------------------------------------------------------------------------

/// How a turn is sent.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// `client.send`.
    Send,
    /// `client.stream`, the text shown as it arrives.
    Stream,
}

/// What the conversation cost so far, over every request.
#[derive(Debug, Default, PartialEq)]
struct Totals {
    requests: u32,
    /// The usages the server sent, added up.
    usage: Usage,
}

/// What one user turn gave.
#[derive(Debug, Default, PartialEq)]
struct Answer {
    /// The answer's text, over the requests of the turn (a cut answer and
    /// its continuation joined; commentary before function calls left out).
    text: String,
    /// The model declined, saying this.
    refusal: Option<String>,
    /// The pages the answer cites, numbered in order: (title, url).
    sources: Vec<(String, String)>,
    /// How many requests the turn took.
    requests: u32,
}

/// A function the model may call: its result for the given arguments.
type Function = fn(&Value) -> Value;

struct Conversation {
    client: Client,
    history: Vec<InputItem>,
    tools: Vec<(Tool, &'static str, Function)>,
    /// A limit on the output of each request, when set.
    max_output_tokens: Option<u64>,
    /// What was shown to the user as it streamed.
    shown: String,
    totals: Totals,
}

/// How many times a cut answer is continued before the turn gives up on
/// it and keeps what came.
const MAX_CONTINUATIONS: u32 = 2;
/// How many rounds of function calls one turn allows.
const MAX_TOOL_ROUNDS: u32 = 4;
const CONTINUE: &str = "Continue exactly where your answer stopped.";

impl Conversation {
    fn new(client: Client) -> Conversation {
        Conversation {
            client,
            history: vec![InputItem::developer("You are a concise assistant.")],
            tools: Vec::new(),
            max_output_tokens: None,
            shown: String::new(),
            totals: Totals::default(),
        }
    }

    fn with_tool(mut self, name: &'static str, schema: Value, run: Function) -> Conversation {
        let tool = Tool::function(name, format!("The {name} function"), schema);
        self.tools.push((tool, name, run));
        self
    }

    fn request(&self) -> Request {
        let mut builder = Request::builder()
            .model(MODEL)
            .input_items(self.history.clone())
            .reasoning(Reasoning::new().effort(ReasoningEffort::Medium))
            .include_one(Include::ReasoningEncryptedContent)
            .store(false);
        for (tool, _, _) in &self.tools {
            builder = builder.tool(tool.clone());
        }
        if let Some(limit) = self.max_output_tokens {
            builder = builder.max_output_tokens(limit);
        }
        builder.build()
    }

    /// One request with the history so far; its usage counted.
    fn call(&mut self, mode: Mode) -> Result<Response, Error> {
        let request = self.request();
        let response = match mode {
            Mode::Send => self.client.send(&request)?,
            Mode::Stream => {
                let mut stream = self.client.stream(&request)?;
                for delta in stream.text_deltas() {
                    self.shown.push_str(&delta?);
                }
                stream.final_response()?
            }
        };
        let response = response.into_result()?;
        self.totals.requests += 1;
        if let Some(usage) = &response.usage {
            self.totals.usage += usage;
        }
        Ok(response)
    }

    fn run(&self, call: &FunctionCall) -> String {
        let Some((_, _, run)) = self.tools.iter().find(|(_, name, _)| *name == call.name) else {
            return json!({"error": format!("no function {}", call.name)}).to_string();
        };
        match call.parse_arguments::<Value>() {
            Ok(args) => run(&args).to_string(),
            Err(e) => json!({"error": e.to_string()}).to_string(),
        }
    }

    /// One user turn: the message, then as many requests as the model's
    /// function calls and cut answers need.
    /// On an error, the history is as it was before the turn, so that the
    /// turn can be asked again.
    fn say(&mut self, text: &str, mode: Mode) -> Result<Answer, Error> {
        let before = self.history.len();
        let answer = self.turn(text, mode);
        if answer.is_err() {
            self.history.truncate(before);
        }
        answer
    }

    fn turn(&mut self, text: &str, mode: Mode) -> Result<Answer, Error> {
        self.history.push(InputItem::user(text));
        let mut answer = Answer::default();
        let (mut continuations, mut tool_rounds) = (0, 0);
        loop {
            let response = self.call(mode)?;
            answer.requests += 1;
            answer.text.push_str(&response.answer_text());
            if let Some(refusal) = response.refusal() {
                answer.refusal = Some(refusal);
            }
            for citation in response.url_citations() {
                let source = (
                    citation.title.clone().unwrap_or_default(),
                    citation.url.clone(),
                );
                if !answer.sources.contains(&source) {
                    answer.sources.push(source);
                }
            }
            let calls: Vec<FunctionCall> = response.function_calls().cloned().collect();
            // Only an answer cut by the output limit is worth continuing; one
            // stopped by a content filter is kept as it is.
            let cut = response.is_incomplete()
                && response
                    .incomplete_details
                    .as_ref()
                    .and_then(|d| d.reason.as_ref())
                    == Some(&IncompleteReason::MaxOutputTokens);
            self.history.extend(response.into_input_items());
            if !calls.is_empty() && tool_rounds < MAX_TOOL_ROUNDS {
                tool_rounds += 1;
                for call in &calls {
                    let output = self.run(call);
                    self.history
                        .push(InputItem::function_call_output(&call.call_id, output));
                }
                continue;
            }
            if cut && calls.is_empty() && continuations < MAX_CONTINUATIONS {
                continuations += 1;
                self.history.push(InputItem::user(CONTINUE));
                continue;
            }
            return Ok(answer);
        }
    }
}

fn weather(args: &Value) -> Value {
    let city = args["city"].as_str().unwrap_or("?");
    json!({"city": city, "celsius": if city == "Oslo" { -3 } else { 18 }})
}

fn local_time(args: &Value) -> Value {
    json!({"tz": args["tz"], "time": "09:30"})
}

fn city_schema() -> Value {
    json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
}

fn tz_schema() -> Value {
    json!({"type": "object", "properties": {"tz": {"type": "string"}}, "required": ["tz"]})
}

// ---------------------------------------------------------------------------
// The server's side: answers as OpenRouter sends them.
// ---------------------------------------------------------------------------

fn client(server: &Server) -> Client {
    common::quick_client(KEY, server.base_url())
        .max_retries(0)
        .build()
        .expect("client")
}

fn usage(input: u64, cached: u64, output: u64, reasoning: u64, cost: f64) -> Value {
    json!({
        "input_tokens": input,
        "input_tokens_details": {"cached_tokens": cached},
        "output_tokens": output,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input + output,
        "cost": cost,
        "is_byok": false,
        "cost_details": {"upstream_inference_cost": null,
                         "upstream_inference_input_cost": cost / 2.0,
                         "upstream_inference_output_cost": cost / 2.0}
    })
}

/// Checks the totals: the request count, the tokens (input, cached,
/// output, reasoning), the cost and the web searches; and that the total
/// tokens, the upstream costs and `is_byok` were added up with them.
fn assert_totals(
    totals: &Totals,
    requests: u32,
    tokens: [u64; 4],
    cost: f64,
    searches: Option<u64>,
) {
    let u = &totals.usage;
    assert_eq!(totals.requests, requests);
    let [input, cached, output, reasoning] = tokens;
    assert_eq!(
        [
            u.input_tokens,
            u.input_tokens_details.cached_tokens,
            u.output_tokens,
            u.output_tokens_details.reasoning_tokens,
            u.total_tokens,
        ],
        [input, cached, output, reasoning, input + output]
    );
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-12;
    assert!(close(u.cost, cost), "{:?} != {cost}", u.cost);
    let details = u.cost_details.as_ref().unwrap();
    assert!(close(details.upstream_inference_input_cost, cost / 2.0));
    assert!(close(details.upstream_inference_output_cost, cost / 2.0));
    assert_eq!(details.upstream_inference_cost, None);
    assert_eq!(u.is_byok, Some(false));
    assert_eq!(u.web_search_requests(), searches);
}

/// A whole response as `send` receives it.
fn response(id: &str, status: &str, output: Vec<Value>, usage: Value) -> Value {
    let incomplete = match status {
        "incomplete" => json!({"reason": "max_output_tokens"}),
        "filtered" => json!({"reason": "content_filter"}),
        _ => Value::Null,
    };
    let status = if status == "filtered" {
        "incomplete"
    } else {
        status
    };
    json!({
        "id": id, "object": "response", "created_at": 1_760_000_000,
        "model": MODEL, "status": status, "completed_at": 1_760_000_003,
        "output": output, "usage": usage, "error": null,
        "incomplete_details": incomplete,
        "tools": [], "tool_choice": "auto", "parallel_tool_calls": true,
        "store": false, "temperature": 1.0, "top_p": 1.0
    })
}

fn message(id: &str, status: &str, content: Vec<Value>) -> Value {
    json!({"type": "message", "id": id, "role": "assistant", "status": status, "content": content})
}

fn text_part(text: &str, annotations: Vec<Value>) -> Value {
    json!({"type": "output_text", "text": text, "annotations": annotations, "logprobs": []})
}

fn reasoning(id: &str, summary: &str, encrypted: &str) -> Value {
    json!({"type": "reasoning", "id": id,
           "summary": [{"type": "summary_text", "text": summary}],
           "encrypted_content": encrypted, "format": "openai-responses-v1",
           "status": "completed"})
}

/// A reasoning item as Anthropic's models send it through OpenRouter: its
/// text, a signature, and no encrypted content.
fn signed_reasoning(id: &str, text: &str, signature: &str) -> Value {
    json!({"type": "reasoning", "id": id, "summary": [],
           "content": [{"type": "reasoning_text", "text": text}],
           "signature": signature,
           "format": "anthropic-claude-v1", "status": "completed"})
}

/// `v` with its long strings cut, to print.
fn short(v: &Value) -> Value {
    match v {
        Value::String(s) if s.chars().count() > 60 => {
            json!(format!(
                "{}…({} chars)",
                s.chars().take(40).collect::<String>(),
                s.chars().count()
            ))
        }
        Value::Array(a) => Value::Array(a.iter().map(short).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), short(v))).collect()),
        v => v.clone(),
    }
}

/// Asserts that the items sent are `expected`, naming the first that differs.
fn assert_items(sent: &[Value], expected: &[Value], context: &str) {
    for (n, (a, e)) in sent.iter().zip(expected).enumerate() {
        assert!(
            a == e,
            "{context}: item {n} differs\n sent: {}\n want: {}",
            short(a),
            short(e)
        );
    }
    assert_eq!(
        sent.len(),
        expected.len(),
        "{context}: sent {:?}",
        sent.iter().map(|i| i["type"].clone()).collect::<Vec<_>>()
    );
}

fn function_call(id: &str, call_id: &str, name: &str, arguments: &str) -> Value {
    json!({"type": "function_call", "id": id, "call_id": call_id, "name": name,
           "arguments": arguments, "status": "completed"})
}

/// Splits `text` in up to three pieces on character boundaries.
fn pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let third = chars.len().div_ceil(3).max(1);
    chars.chunks(third).map(|c| c.iter().collect()).collect()
}

/// The events OpenRouter streams for the response `done`: created, in
/// progress, each item announced, its deltas, its part and item closed,
/// then the terminal event with the whole response.
fn events_for(done: &Value) -> Vec<Value> {
    let mut started = done.clone();
    started["status"] = json!("in_progress");
    started["output"] = json!([]);
    started["usage"] = Value::Null;
    started["incomplete_details"] = Value::Null;
    let mut events = vec![
        json!({"type": "response.created", "response": started}),
        json!({"type": "response.in_progress", "response": started}),
    ];
    for (index, item) in done["output"].as_array().unwrap().iter().enumerate() {
        let id = item["id"].clone();
        let mut added = item.clone();
        added["status"] = json!("in_progress");
        match item["type"].as_str().unwrap() {
            "message" => added["content"] = json!([]),
            "function_call" => added["arguments"] = json!(""),
            "reasoning" => {
                added["summary"] = json!([]);
                if item.get("content").is_some() {
                    added["content"] = json!([]);
                }
                added.as_object_mut().unwrap().remove("encrypted_content");
            }
            _ => {}
        }
        events.push(
            json!({"type": "response.output_item.added", "output_index": index, "item": added}),
        );
        match item["type"].as_str().unwrap() {
            "message" => {
                for (c, part) in item["content"].as_array().unwrap().iter().enumerate() {
                    let ids = json!({"output_index": index, "item_id": id, "content_index": c});
                    let with = |mut v: Value| {
                        for (k, x) in ids.as_object().unwrap() {
                            v[k] = x.clone();
                        }
                        v
                    };
                    if part["type"] == "refusal" {
                        let empty = json!({"type": "refusal", "refusal": ""});
                        events.push(with(
                            json!({"type": "response.content_part.added", "part": empty}),
                        ));
                        for piece in pieces(part["refusal"].as_str().unwrap()) {
                            events.push(with(
                                json!({"type": "response.refusal.delta", "delta": piece}),
                            ));
                        }
                        events.push(with(
                            json!({"type": "response.refusal.done", "refusal": part["refusal"]}),
                        ));
                    } else {
                        let empty = text_part("", vec![]);
                        events.push(with(
                            json!({"type": "response.content_part.added", "part": empty}),
                        ));
                        for piece in pieces(part["text"].as_str().unwrap()) {
                            events.push(with(json!({"type": "response.output_text.delta", "delta": piece, "logprobs": []})));
                        }
                        for (a, annotation) in
                            part["annotations"].as_array().unwrap().iter().enumerate()
                        {
                            events.push(with(
                                json!({"type": "response.output_text.annotation.added",
                                "annotation_index": a, "annotation": annotation}),
                            ));
                        }
                        events.push(with(json!({"type": "response.output_text.done", "text": part["text"], "logprobs": []})));
                    }
                    events.push(with(
                        json!({"type": "response.content_part.done", "part": part}),
                    ));
                }
            }
            "reasoning" => {
                let at = json!({"output_index": index, "item_id": id});
                let with = |mut v: Value, n: usize, key: &str| {
                    for (k, x) in at.as_object().unwrap() {
                        v[k] = x.clone();
                    }
                    v[key] = json!(n);
                    v
                };
                for (n, part) in item["summary"].as_array().unwrap().iter().enumerate() {
                    let empty = json!({"type": "summary_text", "text": ""});
                    events.push(with(
                        json!({"type": "response.reasoning_summary_part.added", "part": empty}),
                        n,
                        "summary_index",
                    ));
                    for piece in pieces(part["text"].as_str().unwrap()) {
                        events.push(with(json!({"type": "response.reasoning_summary_text.delta", "delta": piece}), n, "summary_index"));
                    }
                    events.push(with(json!({"type": "response.reasoning_summary_text.done", "text": part["text"]}), n, "summary_index"));
                    events.push(with(
                        json!({"type": "response.reasoning_summary_part.done", "part": part}),
                        n,
                        "summary_index",
                    ));
                }
                if let Some(content) = item["content"].as_array() {
                    for (n, part) in content.iter().enumerate() {
                        for piece in pieces(part["text"].as_str().unwrap()) {
                            events.push(with(
                                json!({"type": "response.reasoning_text.delta", "delta": piece}),
                                n,
                                "content_index",
                            ));
                        }
                        events.push(with(
                            json!({"type": "response.reasoning_text.done", "text": part["text"]}),
                            n,
                            "content_index",
                        ));
                    }
                }
            }
            "function_call" => {
                for piece in pieces(item["arguments"].as_str().unwrap()) {
                    events.push(json!({"type": "response.function_call_arguments.delta",
                        "output_index": index, "item_id": id, "delta": piece}));
                }
                events.push(json!({"type": "response.function_call_arguments.done",
                    "output_index": index, "item_id": id, "name": item["name"],
                    "arguments": item["arguments"]}));
            }
            _ => {}
        }
        events.push(
            json!({"type": "response.output_item.done", "output_index": index, "item": item}),
        );
    }
    let terminal = if done["status"] == "incomplete" {
        "response.incomplete"
    } else {
        "response.completed"
    };
    events.push(json!({"type": terminal, "response": done}));
    events
}

fn streamed(done: &Value) -> Reply {
    common::streamed(events_for(done))
}

fn sent(done: &Value) -> Reply {
    Reply::json(200, &done.to_string())
}

/// The `input` of a request the server received.
fn input_of(request: &Captured) -> Vec<Value> {
    request.json()["input"]
        .as_array()
        .expect("input list")
        .clone()
}

fn user(text: &str) -> Value {
    json!({"type": "message", "role": "user", "content": text})
}

fn developer() -> Value {
    json!({"type": "message", "role": "developer", "content": "You are a concise assistant."})
}

fn call_output(call_id: &str, output: Value) -> Value {
    json!({"type": "function_call_output", "call_id": call_id, "output": output.to_string()})
}

/// Encrypted reasoning as a provider sends it: base64 with `+`, `/` and
/// padding, long, and with characters JSON may escape.
fn sealed(seed: &str) -> String {
    let mut s = format!("gAAAAABo{seed}+/=");
    for n in 0..200 {
        s.push_str(&format!("Zm9v{n:03}+Yg/x="));
    }
    s.push_str("\u{2028}</script>\\\"é");
    s
}

// ---------------------------------------------------------------------------
// The scenarios.
// ---------------------------------------------------------------------------

/// A streamed turn then a sent one: the reasoning and the message of the
/// first come back in the second exactly as the server wrote them, after
/// the turn's user message and before the next one.
#[test]
fn reasoning_round_trips_byte_for_byte_from_a_stream_to_a_send() {
    let secret = sealed("first");
    let first = response(
        "resp_1",
        "completed",
        vec![
            reasoning("rs_1", "Comparing decimals.", &secret),
            message(
                "msg_1",
                "completed",
                vec![text_part("9.9 is larger.", vec![])],
            ),
        ],
        usage(40, 0, 120, 100, 0.0012),
    );
    let second = response(
        "resp_2",
        "completed",
        vec![
            reasoning("rs_2", "Subtracting.", &sealed("second")),
            message("msg_2", "completed", vec![text_part("By 0.79.", vec![])]),
        ],
        usage(300, 256, 30, 20, 0.0003),
    );
    let server = Server::start(vec![streamed(&first), sent(&second)]);
    let mut chat = Conversation::new(client(&server));

    let one = chat
        .say("Which is larger, 9.11 or 9.9?", Mode::Stream)
        .unwrap();
    assert_eq!(one.text, "9.9 is larger.");
    assert_eq!(chat.shown, "9.9 is larger.");
    let two = chat.say("By how much?", Mode::Send).unwrap();
    assert_eq!(two.text, "By 0.79.");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let body = requests[0].json();
    assert_eq!(body["include"], json!(["reasoning.encrypted_content"]));
    assert_eq!(body["store"], false);
    assert_eq!(body["stream"], true);
    assert_eq!(requests[1].json()["stream"], Value::Null);
    let input = input_of(&requests[1]);
    assert_items(
        &input,
        &[
            developer(),
            user("Which is larger, 9.11 or 9.9?"),
            first["output"][0].clone(),
            first["output"][1].clone(),
            user("By how much?"),
        ],
        "",
    );
    // Byte for byte in the text sent, not only equal once decoded.
    let raw = String::from_utf8(requests[1].body.clone()).unwrap();
    let written = serde_json::to_string(&secret).unwrap();
    assert!(raw.contains(&written), "encrypted content rewritten");

    assert_totals(&chat.totals, 2, [340, 256, 150, 120], 0.0012 + 0.0003, None);
}

/// The model calls two functions at once; the program answers both, in
/// the order of the calls, each by its call id, after the calls and the
/// reasoning that led to them; then the model answers with the results.
#[test]
fn parallel_calls_are_answered_by_call_id_after_the_calls() {
    for mode in [Mode::Send, Mode::Stream] {
        let calls = response(
            "resp_1",
            "completed",
            vec![
                reasoning("rs_1", "Two lookups.", &sealed("calls")),
                function_call("fc_1", "call_oslo", "get_weather", r#"{"city":"Oslo"}"#),
                function_call("fc_2", "call_tz", "local_time", r#"{"tz":"Europe/Oslo"}"#),
            ],
            usage(80, 0, 60, 40, 0.0004),
        );
        let done = response(
            "resp_2",
            "completed",
            vec![message(
                "msg_1",
                "completed",
                vec![text_part("It is 09:30 and -3 °C in Oslo.", vec![])],
            )],
            usage(200, 64, 15, 0, 0.0002),
        );
        let reply = |v: &Value| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        };
        let server = Server::start(vec![reply(&calls), reply(&done)]);
        let mut chat = Conversation::new(client(&server))
            .with_tool("get_weather", city_schema(), weather)
            .with_tool("local_time", tz_schema(), local_time);

        let answer = chat.say("Time and weather in Oslo?", mode).unwrap();
        assert_eq!(answer.text, "It is 09:30 and -3 °C in Oslo.", "{mode:?}");
        assert_eq!(answer.requests, 2);

        let requests = server.requests();
        assert_eq!(requests.len(), 2, "{mode:?}");
        assert_eq!(requests[0].json()["tools"][1]["name"], "local_time");
        assert_items(
            &input_of(&requests[1]),
            &[
                developer(),
                user("Time and weather in Oslo?"),
                calls["output"][0].clone(),
                calls["output"][1].clone(),
                calls["output"][2].clone(),
                call_output("call_oslo", json!({"city": "Oslo", "celsius": -3})),
                call_output("call_tz", json!({"tz": "Europe/Oslo", "time": "09:30"})),
            ],
            "{mode:?}",
        );
        assert_eq!(chat.totals.requests, 2);
        assert_eq!(chat.totals.usage.output_tokens, 75);
        assert_eq!(chat.totals.usage.input_tokens_details.cached_tokens, 64);
    }
}

/// A refusal is shown as one, not as text; the refused message stays in
/// the history, and the next turn goes on.
#[test]
fn a_refusal_turn_is_reported_and_kept_in_the_history() {
    for mode in [Mode::Send, Mode::Stream] {
        let refused = response(
            "resp_1",
            "completed",
            vec![message(
                "msg_r",
                "completed",
                vec![json!({"type": "refusal", "refusal": "I can't help with that."})],
            )],
            usage(20, 0, 8, 0, 0.00001),
        );
        let fine = response(
            "resp_2",
            "completed",
            vec![message(
                "msg_2",
                "completed",
                vec![text_part("Sure: hello.", vec![])],
            )],
            usage(40, 0, 5, 0, 0.00002),
        );
        let reply = |v: &Value| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        };
        let server = Server::start(vec![reply(&refused), reply(&fine)]);
        let mut chat = Conversation::new(client(&server));

        let no = chat.say("Something forbidden.", mode).unwrap();
        assert_eq!(
            no.refusal.as_deref(),
            Some("I can't help with that."),
            "{mode:?}"
        );
        assert_eq!(no.text, "", "{mode:?}");
        assert_eq!(chat.shown, "", "{mode:?}: a refusal shown as answer text");
        let yes = chat.say("Then say hello.", mode).unwrap();
        assert_eq!((yes.text.as_str(), yes.refusal), ("Sure: hello.", None));

        let requests = server.requests();
        assert_items(
            &input_of(&requests[1]),
            &[
                developer(),
                user("Something forbidden."),
                refused["output"][0].clone(),
                user("Then say hello."),
            ],
            "{mode:?}",
        );
    }
}

/// An answer cut by `max_output_tokens` is continued: the cut message goes
/// back as it came (its status `incomplete`), with a request to go on, and
/// the two parts make the answer.
#[test]
fn a_cut_answer_is_continued_with_the_cut_message_echoed() {
    for mode in [Mode::Send, Mode::Stream] {
        let cut = response(
            "resp_1",
            "incomplete",
            vec![
                reasoning("rs_1", "Listing.", &sealed("cut")),
                message(
                    "msg_1",
                    "incomplete",
                    vec![text_part("One, two, th", vec![])],
                ),
            ],
            usage(30, 0, 64, 50, 0.0001),
        );
        let rest = response(
            "resp_2",
            "completed",
            vec![message(
                "msg_2",
                "completed",
                vec![text_part("ree, four.", vec![])],
            )],
            usage(110, 0, 6, 0, 0.0001),
        );
        let reply = |v: &Value| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        };
        let server = Server::start(vec![reply(&cut), reply(&rest)]);
        let mut chat = Conversation::new(client(&server));
        chat.max_output_tokens = Some(64);

        let answer = chat.say("Count to four in words.", mode).unwrap();
        assert_eq!(answer.text, "One, two, three, four.", "{mode:?}");
        assert_eq!(answer.requests, 2);
        if mode == Mode::Stream {
            assert_eq!(chat.shown, "One, two, three, four.");
        }

        let requests = server.requests();
        assert_eq!(requests[0].json()["max_output_tokens"], 64);
        let input = input_of(&requests[1]);
        assert_items(
            &input,
            &[
                developer(),
                user("Count to four in words."),
                cut["output"][0].clone(),
                cut["output"][1].clone(),
                user(CONTINUE),
            ],
            "{mode:?}",
        );
        assert_eq!(input[3]["status"], "incomplete");
        assert_eq!(chat.totals.usage.output_tokens, 70);
    }
}

/// A web search answer: its sources listed from the annotations, in
/// order, once each; the search item and the annotated message go back
/// unchanged; the searches counted.
#[test]
fn web_search_sources_are_listed_and_the_search_echoed() {
    for mode in [Mode::Send, Mode::Stream] {
        let text = "Lisbon has about 545,000 people [1]; Porto about 232,000 [2] (both 2021) [1].";
        let cite = |url: &str, title: &str, start: usize, end: usize| {
            json!({"type": "url_citation", "url": url, "title": title,
                   "start_index": start, "end_index": end})
        };
        // The OpenAI tool's item in one mode, OpenRouter's server tool's in the other.
        let kind = match mode {
            Mode::Send => "web_search_call",
            Mode::Stream => "openrouter:web_search",
        };
        let search = json!({"type": kind, "id": "ws_1", "status": "completed",
            "action": {"type": "search", "query": "population Lisbon Porto",
                       "sources": [{"type": "url", "url": "https://ine.pt/a"}]}});
        let found = response(
            "resp_1",
            "completed",
            vec![
                search.clone(),
                message(
                    "msg_1",
                    "completed",
                    vec![text_part(
                        text,
                        vec![
                            cite("https://ine.pt/a", "Censos 2021", 32, 35),
                            cite("https://ine.pt/b", "Porto em números", 58, 61),
                            cite("https://ine.pt/a", "Censos 2021", 76, 79),
                        ],
                    )],
                ),
            ],
            {
                let mut u = usage(500, 0, 40, 0, 0.02);
                u["server_tool_use_details"] = json!({"web_search_requests": 1});
                u
            },
        );
        let next = response(
            "resp_2",
            "completed",
            vec![message(
                "msg_2",
                "completed",
                vec![text_part("Lisbon.", vec![])],
            )],
            usage(700, 512, 3, 0, 0.001),
        );
        let reply = |v: &Value| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        };
        let server = Server::start(vec![reply(&found), reply(&next)]);
        let mut chat = Conversation::new(client(&server));

        let answer = chat
            .say("How many people live in Lisbon and Porto?", mode)
            .unwrap();
        assert_eq!(answer.text, text, "{mode:?}");
        assert_eq!(
            answer.sources,
            vec![
                ("Censos 2021".to_string(), "https://ine.pt/a".to_string()),
                (
                    "Porto em números".to_string(),
                    "https://ine.pt/b".to_string()
                ),
            ],
            "{mode:?}"
        );
        chat.say("Which is larger?", mode).unwrap();
        let requests = server.requests();
        assert_items(
            &input_of(&requests[1]),
            &[
                developer(),
                user("How many people live in Lisbon and Porto?"),
                found["output"][0].clone(),
                found["output"][1].clone(),
                user("Which is larger?"),
            ],
            "{mode:?}",
        );
        assert_eq!(chat.totals.usage.web_search_requests(), Some(1));
        assert!((chat.totals.usage.cost.unwrap() - 0.021).abs() < 1e-12);
    }
}

/// The server-side way: a program that sends `previous_response_id` (and
/// `store`) as with OpenAI gets OpenRouter's 400, typed, not retried, and
/// falls back to sending the history itself.
#[test]
fn previous_response_id_is_refused_and_the_program_falls_back_to_history() {
    let refusal = json!({"error": {"code": 400,
        "message": "previous_response_id is not supported. Send the full conversation in input."}});
    let done = response(
        "resp_2",
        "completed",
        vec![message(
            "msg_2",
            "completed",
            vec![text_part("Your name is Ada.", vec![])],
        )],
        usage(30, 0, 6, 0, 0.0001),
    );
    let server = Server::start(vec![Reply::json(400, &refusal.to_string()), sent(&done)]);
    let client = client(&server);

    let stateful = Request::builder()
        .model(MODEL)
        .input("What is my name?")
        .previous_response_id("resp_1")
        .store(true)
        .build();
    let err = client.send(&stateful).unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 400);
    assert!(!err.is_retryable());
    assert!(api.message.contains("previous_response_id"));
    assert!(!err.to_string().contains(KEY));

    // The program keeps the history itself instead.
    let mut chat = Conversation::new(client);
    chat.history.push(InputItem::user("My name is Ada."));
    chat.history
        .push(InputItem::assistant_output("msg_1", "Hello, Ada."));
    let answer = chat.say("What is my name?", Mode::Send).unwrap();
    assert_eq!(answer.text, "Your name is Ada.");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = requests[0].json();
    assert_eq!(first["previous_response_id"], "resp_1");
    assert_eq!(first["store"], true);
    let second = requests[1].json();
    assert_eq!(second.get("previous_response_id"), None);
    assert_eq!(second["store"], false);
    assert_items(
        &input_of(&requests[1]),
        &[
            developer(),
            user("My name is Ada."),
            json!({"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
                   "content": [{"type": "output_text", "text": "Hello, Ada.", "annotations": []}]}),
            user("What is my name?"),
        ],
        "",
    );
}

/// A long conversation mixing every kind of turn, streamed and sent: the
/// history grows by exactly what each turn added, and the totals are the
/// sums of the usages the server sent.
#[test]
fn a_long_conversation_keeps_every_item_in_order_and_sums_the_usage() {
    let turns: Vec<(Value, Mode)> = vec![
        (
            response(
                "resp_1",
                "completed",
                vec![
                    reasoning("rs_1", "Call.", &sealed("a")),
                    function_call("fc_1", "call_1", "get_weather", r#"{"city":"Rome"}"#),
                ],
                usage(50, 0, 20, 10, 0.001),
            ),
            Mode::Stream,
        ),
        (
            response(
                "resp_2",
                "completed",
                vec![message(
                    "msg_1",
                    "completed",
                    vec![text_part("18 °C in Rome.", vec![])],
                )],
                usage(90, 32, 8, 0, 0.002),
            ),
            Mode::Stream,
        ),
        (
            response(
                "resp_3",
                "incomplete",
                vec![message(
                    "msg_2",
                    "incomplete",
                    vec![text_part("Pack a light", vec![])],
                )],
                usage(120, 64, 4, 0, 0.003),
            ),
            Mode::Send,
        ),
        (
            response(
                "resp_4",
                "completed",
                vec![
                    reasoning("rs_4", "Finish.", &sealed("d")),
                    message("msg_3", "completed", vec![text_part(" jacket.", vec![])]),
                ],
                usage(140, 96, 30, 25, 0.004),
            ),
            Mode::Send,
        ),
    ];
    let replies = turns
        .iter()
        .map(|(v, mode)| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        })
        .collect();
    let server = Server::start(replies);
    let mut chat =
        Conversation::new(client(&server)).with_tool("get_weather", city_schema(), weather);

    let one = chat.say("Weather in Rome?", Mode::Stream).unwrap();
    assert_eq!(one.text, "18 °C in Rome.");
    chat.max_output_tokens = Some(4);
    let two = chat.say("What should I wear?", Mode::Send).unwrap();
    assert_eq!(two.text, "Pack a light jacket.");

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    let o = |n: usize, i: usize| turns[n].0["output"][i].clone();
    let expected_last = vec![
        developer(),
        user("Weather in Rome?"),
        o(0, 0),
        o(0, 1),
        call_output("call_1", json!({"city": "Rome", "celsius": 18})),
        o(1, 0),
        user("What should I wear?"),
        o(2, 0),
        user(CONTINUE),
    ];
    assert_items(&input_of(&requests[3]), &expected_last, "last request");
    // Each request carried the one before it, and what came back since.
    for n in 1..4 {
        let before = input_of(&requests[n - 1]);
        let now = input_of(&requests[n]);
        assert_items(&now[..before.len()], &before, &format!("request {n}"));
    }
    let mut final_history = expected_last;
    final_history.push(o(3, 0));
    final_history.push(o(3, 1));
    assert_eq!(
        serde_json::to_value(&chat.history).unwrap(),
        json!(final_history)
    );
    assert_totals(
        &chat.totals,
        4,
        [400, 192, 62, 35],
        0.001 + 0.002 + 0.003 + 0.004,
        None,
    );
}

/// Reasoning as Anthropic's models send it (its text and a signature, no
/// encrypted content), streamed with its deltas before a call: the text and
/// the signature go back with the call, and the call's answer after them.
#[test]
fn signed_reasoning_text_goes_back_with_the_call() {
    for mode in [Mode::Stream, Mode::Send] {
        let signature = format!("EqQBCkgIARABGAIiQL{}==", "x9/+".repeat(300));
        let calls = response(
            "gen-1",
            "completed",
            vec![
                signed_reasoning(
                    "rs_a",
                    "The user wants the weather; I'll call the tool.",
                    &signature,
                ),
                function_call("toolu_01", "toolu_01", "get_weather", r#"{"city":"Paris"}"#),
            ],
            usage(70, 0, 40, 25, 0.0009),
        );
        let done = response(
            "gen-2",
            "completed",
            vec![message(
                "msg_b",
                "completed",
                vec![text_part("18 °C.", vec![])],
            )],
            usage(150, 0, 5, 0, 0.0004),
        );
        let reply = |v: &Value| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        };
        let server = Server::start(vec![reply(&calls), reply(&done)]);
        let mut chat =
            Conversation::new(client(&server)).with_tool("get_weather", city_schema(), weather);
        let answer = chat.say("Weather in Paris?", mode).unwrap();
        assert_eq!(answer.text, "18 °C.", "{mode:?}");
        assert_eq!(chat.shown, if mode == Mode::Stream { "18 °C." } else { "" });
        let requests = server.requests();
        assert_items(
            &input_of(&requests[1]),
            &[
                developer(),
                user("Weather in Paris?"),
                calls["output"][0].clone(),
                calls["output"][1].clone(),
                call_output("toolu_01", json!({"city": "Paris", "celsius": 18})),
            ],
            &format!("{mode:?}"),
        );
    }
}

/// A model that labels its messages by `phase` (a commentary before its
/// calls, then its final answer) must get the phases back as it sent them;
/// the user is shown the final answer, also as it streams.
#[test]
fn phases_go_back_and_the_final_answer_is_the_answer() {
    for mode in [Mode::Send, Mode::Stream] {
        let mut commentary = message(
            "msg_c",
            "completed",
            vec![text_part("Let me look that up.", vec![])],
        );
        commentary["phase"] = json!("commentary");
        let calls = response(
            "resp_1",
            "completed",
            vec![
                commentary,
                function_call("fc_1", "call_1", "get_weather", r#"{"city":"Oslo"}"#),
            ],
            usage(60, 0, 20, 0, 0.0002),
        );
        let mut last = message("msg_f", "completed", vec![text_part("-3 °C.", vec![])]);
        last["phase"] = json!("final_answer");
        let done = response(
            "resp_2",
            "completed",
            vec![last],
            usage(90, 0, 4, 0, 0.0001),
        );
        let reply = |v: &Value| match mode {
            Mode::Send => sent(v),
            Mode::Stream => streamed(v),
        };
        let server = Server::start(vec![reply(&calls), reply(&done)]);
        let mut chat =
            Conversation::new(client(&server)).with_tool("get_weather", city_schema(), weather);
        let answer = chat.say("Weather in Oslo?", mode).unwrap();
        assert_eq!(answer.text, "-3 °C.", "{mode:?}");
        if mode == Mode::Stream {
            // What streamed to the user is the answer, not the commentary.
            assert_eq!(chat.shown, "-3 °C.");
        }
        let requests = server.requests();
        assert_items(
            &input_of(&requests[1]),
            &[
                developer(),
                user("Weather in Oslo?"),
                calls["output"][0].clone(),
                calls["output"][1].clone(),
                call_output("call_1", json!({"city": "Oslo", "celsius": -3})),
            ],
            &format!("{mode:?}"),
        );
    }
}

/// Two calls streamed at once, their announcements and argument deltas
/// interleaved: each call keeps its own arguments and call id.
#[test]
fn interleaved_streamed_calls_keep_their_own_arguments() {
    let fc = |n: usize, id: &str, call: &str, name: &str, args: &str| {
        let mut item = function_call(id, call, name, args);
        if args.is_empty() {
            item["status"] = json!("in_progress");
        }
        json!({"type": "response.output_item.added", "output_index": n, "item": item})
    };
    let delta = |n: usize, id: &str, d: &str| json!({"type": "response.function_call_arguments.delta", "output_index": n, "item_id": id, "delta": d});
    let a = r#"{"city":"Oslo"}"#;
    let b = r#"{"tz":"Europe/Oslo"}"#;
    let full = response(
        "resp_1",
        "completed",
        vec![
            function_call("fc_1", "call_a", "get_weather", a),
            function_call("fc_2", "call_b", "local_time", b),
        ],
        usage(50, 0, 30, 0, 0.0003),
    );
    let mut started = full.clone();
    started["status"] = json!("in_progress");
    started["output"] = json!([]);
    let events = vec![
        json!({"type": "response.created", "response": started}),
        fc(0, "fc_1", "call_a", "get_weather", ""),
        fc(1, "fc_2", "call_b", "local_time", ""),
        delta(0, "fc_1", r#"{"city":"#),
        delta(1, "fc_2", r#"{"tz":"#),
        delta(0, "fc_1", r#""Oslo"}"#),
        delta(1, "fc_2", r#""Europe/Oslo"}"#),
        json!({"type": "response.function_call_arguments.done", "output_index": 1, "item_id": "fc_2", "arguments": b}),
        json!({"type": "response.function_call_arguments.done", "output_index": 0, "item_id": "fc_1", "arguments": a}),
        json!({"type": "response.output_item.done", "output_index": 0, "item": full["output"][0]}),
        json!({"type": "response.output_item.done", "output_index": 1, "item": full["output"][1]}),
        json!({"type": "response.completed", "response": full}),
    ];
    let done = response(
        "resp_2",
        "completed",
        vec![message(
            "msg_1",
            "completed",
            vec![text_part("Cold, 09:30.", vec![])],
        )],
        usage(90, 0, 4, 0, 0.0001),
    );
    let server = Server::start(vec![common::streamed(events), streamed(&done)]);
    let mut chat = Conversation::new(client(&server))
        .with_tool("get_weather", city_schema(), weather)
        .with_tool("local_time", tz_schema(), local_time);
    assert_eq!(
        chat.say("Oslo?", Mode::Stream).unwrap().text,
        "Cold, 09:30."
    );
    let requests = server.requests();
    assert_items(
        &input_of(&requests[1]),
        &[
            developer(),
            user("Oslo?"),
            full["output"][0].clone(),
            full["output"][1].clone(),
            call_output("call_a", json!({"city": "Oslo", "celsius": -3})),
            call_output("call_b", json!({"tz": "Europe/Oslo", "time": "09:30"})),
        ],
        "",
    );
}

/// A provider that streams a message whole in its closing events, without
/// text deltas: the user still sees the text as the item closes, and the
/// message goes back as it came.
#[test]
fn a_message_streamed_without_deltas_is_still_shown() {
    let full = response(
        "resp_1",
        "completed",
        vec![message(
            "msg_1",
            "completed",
            vec![text_part("All at once.", vec![])],
        )],
        usage(10, 0, 3, 0, 0.00001),
    );
    let mut started = full.clone();
    started["status"] = json!("in_progress");
    started["output"] = json!([]);
    let mut added = full["output"][0].clone();
    added["content"] = json!([]);
    added["status"] = json!("in_progress");
    let ids = |mut v: Value| {
        v["output_index"] = json!(0);
        v["item_id"] = json!("msg_1");
        v["content_index"] = json!(0);
        v
    };
    let events = vec![
        json!({"type": "response.created", "response": started}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": added}),
        ids(json!({"type": "response.content_part.added", "part": text_part("", vec![])})),
        ids(json!({"type": "response.output_text.done", "text": "All at once."})),
        ids(json!({"type": "response.content_part.done", "part": full["output"][0]["content"][0]})),
        json!({"type": "response.output_item.done", "output_index": 0, "item": full["output"][0]}),
        json!({"type": "response.completed", "response": full}),
    ];
    let next = response(
        "resp_2",
        "completed",
        vec![message(
            "msg_2",
            "completed",
            vec![text_part("Yes.", vec![])],
        )],
        usage(20, 0, 1, 0, 0.00001),
    );
    let server = Server::start(vec![common::streamed(events), sent(&next)]);
    let mut chat = Conversation::new(client(&server));
    assert_eq!(
        chat.say("Say it.", Mode::Stream).unwrap().text,
        "All at once."
    );
    assert_eq!(chat.shown, "All at once.");
    chat.say("Again?", Mode::Send).unwrap();
    assert_items(
        &input_of(&server.requests()[1]),
        &[
            developer(),
            user("Say it."),
            full["output"][0].clone(),
            user("Again?"),
        ],
        "",
    );
}

/// The program saves the conversation between runs as JSON and loads it
/// again: every kind of item comes back as it was, and the next request
/// sends the same input as the one before the save would have.
#[test]
fn a_saved_history_loads_back_the_same() {
    let mut commentary = message("msg_c", "completed", vec![text_part("Looking.", vec![])]);
    commentary["phase"] = json!("commentary");
    let mut cited = message(
        "msg_w",
        "completed",
        vec![text_part(
            "Lisbon [1].",
            vec![
                json!({"type": "url_citation", "url": "https://ine.pt/a", "title": "Censos",
                        "start_index": 7, "end_index": 10}),
            ],
        )],
    );
    cited["phase"] = json!("final_answer");
    let turns = [
        response(
            "resp_1",
            "completed",
            vec![
                reasoning("rs_1", "Plan.", &sealed("saved")),
                commentary,
                function_call("fc_1", "call_1", "get_weather", r#"{"city":"Rome"}"#),
                signed_reasoning("rs_2", "Then the time.", "c2lnbmF0dXJl"),
                function_call("fc_2", "call_2", "local_time", r#"{"tz":"Europe/Rome"}"#),
            ],
            usage(50, 0, 20, 10, 0.001),
        ),
        response(
            "resp_2",
            "completed",
            vec![
                json!({"type": "openrouter:web_search", "id": "ws_1", "status": "completed",
                       "action": {"type": "search", "query": "Lisbon"}}),
                cited,
            ],
            usage(90, 0, 8, 0, 0.002),
        ),
        response(
            "resp_3",
            "completed",
            vec![message(
                "msg_r",
                "completed",
                vec![json!({"type": "refusal", "refusal": "No."})],
            )],
            usage(99, 0, 1, 0, 0.0001),
        ),
        response(
            "resp_4",
            "incomplete",
            vec![message(
                "msg_i",
                "incomplete",
                vec![text_part("Half", vec![])],
            )],
            usage(99, 0, 1, 0, 0.0001),
        ),
        response(
            "resp_5",
            "completed",
            vec![message(
                "msg_e",
                "completed",
                vec![text_part(" done.", vec![])],
            )],
            usage(99, 0, 1, 0, 0.0001),
        ),
    ];
    let after = response(
        "resp_6",
        "completed",
        vec![message(
            "msg_z",
            "completed",
            vec![text_part("Welcome back.", vec![])],
        )],
        usage(200, 0, 3, 0, 0.0001),
    );
    let mut replies: Vec<Reply> = turns.iter().map(sent).collect();
    replies.push(sent(&after));
    let server = Server::start(replies);
    let mut chat = Conversation::new(client(&server))
        .with_tool("get_weather", city_schema(), weather)
        .with_tool("local_time", tz_schema(), local_time);
    chat.say("Rome?", Mode::Send).unwrap();
    chat.say("Something forbidden.", Mode::Send).unwrap();
    chat.say("Long one.", Mode::Send).unwrap();

    // Saved, loaded in a new run of the program.
    let saved = serde_json::to_string_pretty(&chat.history).unwrap();
    let loaded: Vec<InputItem> = serde_json::from_str(&saved).unwrap();
    let before: Vec<Value> = chat
        .history
        .iter()
        .map(|i| serde_json::to_value(i).unwrap())
        .collect();
    let after_load: Vec<Value> = loaded
        .iter()
        .map(|i| serde_json::to_value(i).unwrap())
        .collect();
    assert_items(&after_load, &before, "loaded");
    for (item, again) in chat.history.iter().zip(&loaded) {
        assert_eq!(item.item_type(), again.item_type());
    }

    let mut resumed = Conversation::new(client(&server));
    resumed.history = loaded;
    resumed.say("I'm back.", Mode::Send).unwrap();
    let requests = server.requests();
    let last = input_of(requests.last().unwrap());
    let mut expected = before;
    expected.push(user("I'm back."));
    assert_items(&last, &expected, "resumed");
}

/// A tool that answers with an image: its output is a list of parts, sent
/// as such with its call id.
#[test]
fn a_tool_answer_with_an_image_goes_back_as_parts() {
    use openrouter_responses::InputContent;
    let calls = response(
        "resp_1",
        "completed",
        vec![function_call(
            "fc_1",
            "call_img",
            "snapshot",
            r#"{"camera":"door"}"#,
        )],
        usage(20, 0, 10, 0, 0.0001),
    );
    let done = response(
        "resp_2",
        "completed",
        vec![message(
            "msg_1",
            "completed",
            vec![text_part("A cat.", vec![])],
        )],
        usage(900, 0, 3, 0, 0.001),
    );
    let server = Server::start(vec![streamed(&calls), streamed(&done)]);
    let client = client(&server);
    let tool = Tool::function("snapshot", "A camera's picture", json!({"type": "object"}));
    // The request holds the history, moved into each next request.
    let mut request = Request::builder()
        .model(MODEL)
        .tool(tool)
        .input_item(InputItem::user("Who is at the door?"))
        .build();
    let mut answer = String::new();
    for _ in 0..2 {
        let mut stream = client.stream(&request).unwrap();
        for delta in stream.text_deltas() {
            answer.push_str(&delta.unwrap());
        }
        let response = stream.final_response().unwrap();
        let outputs: Vec<InputItem> = response
            .function_calls()
            .map(|call| {
                InputItem::function_call_output(
                    &call.call_id,
                    vec![
                        InputContent::text("{\"camera\":\"door\"}"),
                        InputContent::image_bytes("image/png", b"\x89PNG"),
                    ],
                )
            })
            .collect();
        request = response
            .into_input_items()
            .into_iter()
            .chain(outputs)
            .fold(request.into_builder(), RequestBuilder::input_item)
            .build();
    }
    assert_eq!(answer, "A cat.");
    let requests = server.requests();
    assert_items(
        &input_of(&requests[1]),
        &[
            user("Who is at the door?"),
            calls["output"][0].clone(),
            json!({"type": "function_call_output", "call_id": "call_img", "output": [
                {"type": "input_text", "text": "{\"camera\":\"door\"}"},
                {"type": "input_image", "detail": "auto", "image_url": "data:image/png;base64,iVBORw=="}
            ]}),
        ],
        "",
    );
}

/// A stream whose terminal event carries the response without its output
/// (the items came in their own events): the items streamed are the
/// response's, and go back in the next turn.
#[test]
fn a_terminal_event_without_output_keeps_the_streamed_items() {
    let full = response(
        "resp_1",
        "completed",
        vec![
            reasoning("rs_1", "Think.", &sealed("terminal")),
            message("msg_1", "completed", vec![text_part("Streamed.", vec![])]),
        ],
        usage(10, 0, 3, 1, 0.00001),
    );
    let mut events = events_for(&full);
    let last = events.last_mut().unwrap();
    last["response"]["output"] = json!([]);
    let next = response(
        "resp_2",
        "completed",
        vec![message(
            "msg_2",
            "completed",
            vec![text_part("Yes.", vec![])],
        )],
        usage(20, 0, 1, 0, 0.00001),
    );
    let server = Server::start(vec![common::streamed(events), sent(&next)]);
    let mut chat = Conversation::new(client(&server));
    assert_eq!(chat.say("Go.", Mode::Stream).unwrap().text, "Streamed.");
    chat.say("Again?", Mode::Send).unwrap();
    assert_items(
        &input_of(&server.requests()[1]),
        &[
            developer(),
            user("Go."),
            full["output"][0].clone(),
            full["output"][1].clone(),
            user("Again?"),
        ],
        "",
    );
}

/// An answer stopped by a content filter is not continued: the turn ends
/// with what came, and the next turn carries it as it came.
#[test]
fn a_filtered_answer_is_not_continued() {
    let filtered = response(
        "resp_1",
        "filtered",
        vec![message(
            "msg_1",
            "incomplete",
            vec![text_part("Here is how to", vec![])],
        )],
        usage(30, 0, 5, 0, 0.0001),
    );
    let next = response(
        "resp_2",
        "completed",
        vec![message(
            "msg_2",
            "completed",
            vec![text_part("Sure.", vec![])],
        )],
        usage(50, 0, 2, 0, 0.0001),
    );
    let server = Server::start(vec![streamed(&filtered), sent(&next)]);
    let mut chat = Conversation::new(client(&server));
    let answer = chat.say("Tell me.", Mode::Stream).unwrap();
    assert_eq!(
        (answer.text.as_str(), answer.requests),
        ("Here is how to", 1)
    );
    chat.say("Something else.", Mode::Send).unwrap();
    assert_items(
        &input_of(&server.requests()[1]),
        &[
            developer(),
            user("Tell me."),
            filtered["output"][0].clone(),
            user("Something else."),
        ],
        "",
    );
}

/// A turn whose stream fails half-way (the provider's error, after some
/// text and a call) leaves the history as it was; asked again, the turn
/// sends what the failed one sent, and what came before the failure is not
/// counted twice.
#[test]
fn a_failed_turn_leaves_the_history_and_is_asked_again() {
    let calls = response(
        "resp_1",
        "completed",
        vec![function_call(
            "fc_1",
            "call_1",
            "get_weather",
            r#"{"city":"Oslo"}"#,
        )],
        usage(40, 0, 10, 0, 0.0001),
    );
    let mut failing = events_for(&response(
        "resp_2",
        "completed",
        vec![message(
            "msg_1",
            "completed",
            vec![text_part("It is cold", vec![])],
        )],
        usage(0, 0, 0, 0, 0.0),
    ));
    let last = failing.last_mut().unwrap();
    *last = json!({"type": "response.failed", "response": {
        "id": "resp_2", "object": "response", "status": "failed", "output": [],
        "error": {"code": "server_error", "message": "The provider went away."}}});
    let again = response(
        "resp_3",
        "completed",
        vec![message(
            "msg_2",
            "completed",
            vec![text_part("-3 °C.", vec![])],
        )],
        usage(60, 0, 4, 0, 0.0002),
    );
    let calls_again = calls.clone();
    let server = Server::start(vec![
        streamed(&calls),
        common::streamed(failing),
        streamed(&calls_again),
        streamed(&again),
    ]);
    let mut chat =
        Conversation::new(client(&server)).with_tool("get_weather", city_schema(), weather);
    let err = chat.say("Weather in Oslo?", Mode::Stream).unwrap_err();
    assert!(err.is_retryable(), "{err}");
    assert_eq!(err.api_error().unwrap().message, "The provider went away.");
    assert_eq!(chat.history.len(), 1, "the failed turn left items behind");
    assert_eq!(chat.shown, "It is cold");
    assert_eq!(chat.totals.requests, 1);

    chat.shown.clear();
    let answer = chat.say("Weather in Oslo?", Mode::Stream).unwrap();
    assert_eq!(answer.text, "-3 °C.");
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].body, requests[2].body);
    assert_eq!(requests[1].body, requests[3].body);
    assert_eq!(chat.totals.requests, 3);
    assert_eq!(chat.totals.usage.output_tokens, 24);
}

/// One client shared by several conversations on their own threads (a
/// chat server's users): each conversation's requests carry its own
/// history only, its reasoning and call ids included.
#[test]
fn conversations_on_threads_share_a_client_without_mixing_histories() {
    let server = Server::routed(|request| {
        let input = input_of(request);
        let first = input[1]["content"].as_str().unwrap_or_default().to_string();
        let who = first.trim_start_matches("I am ").to_string();
        let turn = input.iter().filter(|i| i["role"] == "user").count();
        let output = if turn == 1 {
            vec![
                reasoning(&format!("rs_{who}"), "Greet.", &sealed(&who)),
                message(
                    &format!("msg_{who}_1"),
                    "completed",
                    vec![text_part(&format!("Hi {who}."), vec![])],
                ),
            ]
        } else {
            vec![message(
                &format!("msg_{who}_2"),
                "completed",
                vec![text_part(&format!("You are {who}."), vec![])],
            )]
        };
        let body = response(
            &format!("resp_{who}_{turn}"),
            "completed",
            output,
            usage(10, 0, 2, 1, 0.0001),
        );
        if request.json()["stream"] == true {
            streamed(&body)
        } else {
            sent(&body)
        }
    });
    let client = client(&server);
    let names = ["ada", "bo", "cy", "di"];
    let threads: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(n, who)| {
            let mut chat = Conversation::new(client.clone());
            let who = who.to_string();
            std::thread::spawn(move || {
                let mode = if n % 2 == 0 { Mode::Stream } else { Mode::Send };
                let one = chat.say(&format!("I am {who}"), mode).unwrap();
                assert_eq!(one.text, format!("Hi {who}."));
                let two = chat.say("Who am I?", Mode::Send).unwrap();
                assert_eq!(two.text, format!("You are {who}."));
                chat
            })
        })
        .collect();
    for (thread, who) in threads.into_iter().zip(names) {
        let chat = thread.join().unwrap();
        let history: Vec<Value> = chat
            .history
            .iter()
            .map(|i| serde_json::to_value(i).unwrap())
            .collect();
        assert_eq!(history.len(), 6, "{who}");
        assert_eq!(history[2]["encrypted_content"], json!(sealed(who)), "{who}");
        let sent_second = server
            .requests()
            .into_iter()
            .map(|r| input_of(&r))
            .find(|input| input.len() == 5 && input[1] == user(&format!("I am {who}")))
            .expect("second request");
        assert_items(&sent_second, &history[..5], who);
        assert_eq!(chat.totals.requests, 2);
    }
    assert_eq!(server.request_count(), 8);
}

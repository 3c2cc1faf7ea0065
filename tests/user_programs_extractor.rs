//! A structured-output extractor written the way a user of the crate writes
//! one, against a loopback server that streams as OpenRouter does: it asks
//! for an invoice as JSON with a strict `json_schema` text format, fallback
//! `models` and `provider` routing, shows the JSON as it streams, and reads
//! the final text into its own type. When the answer is not valid JSON it
//! asks again with a correction turn that carries the conversation so far;
//! when the answer was cut by `max_output_tokens` it asks again with a
//! higher limit; a refusal is reported, not retried. It reports which model
//! answered: a fallback model's answer names that model.

mod common;

use std::sync::{Arc, Mutex};

use common::{streamed, Captured, Reply, Server};
use openrouter_responses::{
    Client, Error, IncompleteReason, InputItem, JsonSchemaFormat, Provider, Request, Response,
    StreamDelta,
};
use serde::Deserialize;
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-extractor-0123456789";
const PRIMARY: &str = "openai/gpt-4o-mini";
const FALLBACK: &str = "anthropic/claude-3.5-haiku";

// ---------------------------------------------------------------------------
// The program.
// ---------------------------------------------------------------------------

/// What the program extracts.
#[derive(Debug, Deserialize, PartialEq)]
struct Invoice {
    vendor: String,
    total_cents: u64,
    currency: String,
}

fn invoice_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "vendor": {"type": "string"},
            "total_cents": {"type": "integer"},
            "currency": {"type": "string", "enum": ["EUR", "USD"]}
        },
        "required": ["vendor", "total_cents", "currency"],
        "additionalProperties": false
    })
}

/// An extraction that worked.
#[derive(Debug)]
struct Extracted {
    invoice: Invoice,
    /// The model that wrote the answer, as the response names it.
    model: Option<String>,
    /// Whether that is another model than the one asked for first.
    by_fallback: bool,
    /// How many requests it took.
    attempts: usize,
}

/// Why an extraction did not work.
#[derive(Debug)]
enum ExtractError {
    /// The model declined, saying this.
    Refused(String),
    /// Every attempt gave an answer that could not be used; the last error.
    GaveUp(Error),
    /// A call failed.
    Call(Error),
}

const MAX_ATTEMPTS: usize = 4;

fn extraction_request(history: &[InputItem], max_output_tokens: u64) -> Request {
    Request::builder()
        .model(PRIMARY)
        .fallback_model(FALLBACK)
        .provider(
            Provider::new()
                .order(["openai", "anthropic"])
                .require_parameters(true)
                .allow_fallbacks(true),
        )
        .instructions("Extract the invoice. Answer with the JSON object only.")
        .input_items(history.to_vec())
        .text_format(
            JsonSchemaFormat::new("invoice", invoice_schema())
                .description("One invoice's vendor, total and currency")
                .strict(true),
        )
        .max_output_tokens(max_output_tokens)
        .build()
}

/// Extracts the invoice in `document`; `shown` gets the text as it streams
/// (what a terminal UI would print), each attempt on a line of its own.
fn extract(client: &Client, document: &str, shown: &mut String) -> Result<Extracted, ExtractError> {
    let mut history = vec![InputItem::user(format!("Document:\n{document}"))];
    let mut max_output_tokens = 40;
    let mut last = None;
    for attempt in 1..=MAX_ATTEMPTS {
        let request = extraction_request(&history, max_output_tokens);
        let mut stream = client.stream(&request).map_err(ExtractError::Call)?;
        for delta in stream.deltas() {
            match delta.map_err(ExtractError::Call)? {
                StreamDelta::Text(text) => shown.push_str(&text),
                StreamDelta::Refusal(text) => shown.push_str(&text),
                _ => {}
            }
        }
        shown.push('\n');
        let response: Response = stream.final_response().map_err(ExtractError::Call)?;
        match response.parse_output::<Invoice>() {
            Ok(invoice) => {
                let by_fallback = response.model.as_deref() != request.model();
                return Ok(Extracted {
                    invoice,
                    model: response.model,
                    by_fallback,
                    attempts: attempt,
                });
            }
            Err(Error::Refusal(refusal)) => {
                return Err(ExtractError::Refused(refusal.text().to_owned()))
            }
            Err(Error::Incomplete(cut)) => {
                assert_eq!(cut.reason, Some(IncompleteReason::MaxOutputTokens));
                max_output_tokens *= 4;
                last = Some(Error::Incomplete(cut));
            }
            Err(Error::Decode(bad)) => {
                // The model sees what it wrote and what is wrong with it.
                let correction = format!(
                    "That is not valid JSON for the schema ({}). Answer again with the JSON object only.",
                    bad.source
                );
                history.extend(response.into_input_items());
                history.push(InputItem::user(correction));
                last = Some(Error::Decode(bad));
            }
            Err(other) => return Err(ExtractError::Call(other)),
        }
    }
    Err(ExtractError::GaveUp(last.expect("an attempt was made")))
}

// ---------------------------------------------------------------------------
// The server: what OpenRouter streams.
// ---------------------------------------------------------------------------

fn response_object(id: &str, model: &str, status: &str, output: Value) -> Value {
    json!({
        "id": id, "object": "response", "created_at": 1_767_200_000,
        "completed_at": if status == "in_progress" { Value::Null } else { json!(1_767_200_002) },
        "model": model, "status": status, "output": output,
        "error": null,
        "incomplete_details": if status == "incomplete" {
            json!({"reason": "max_output_tokens"})
        } else {
            Value::Null
        },
        "instructions": null, "metadata": null, "temperature": null, "top_p": null,
        "presence_penalty": null, "frequency_penalty": null, "tools": [], "tool_choice": "auto",
        "parallel_tool_calls": true,
        "usage": {"input_tokens": 80, "output_tokens": 20, "total_tokens": 100, "cost": 0.0002}
    })
}

/// What one streamed answer holds.
enum Answer<'a> {
    /// Output text, in these pieces.
    Text(&'a [&'a str]),
    /// A refusal, in these pieces.
    Refusal(&'a [&'a str]),
}

/// The events of a whole answer by `model`: the response created under the
/// model asked for (`asked`), as OpenRouter announces it before routing,
/// and closed under the model that answered; `status` is `completed` or
/// `incomplete`.
fn answer_events(id: &str, asked: &str, model: &str, status: &str, answer: Answer) -> Vec<Value> {
    let msg = format!("msg_{id}");
    let (kind, key, pieces) = match answer {
        Answer::Text(pieces) => ("output_text", "text", pieces),
        Answer::Refusal(pieces) => ("refusal", "refusal", pieces),
    };
    let whole: String = pieces.concat();
    let mut empty = json!({"type": kind});
    empty[key] = json!("");
    let mut part = json!({"type": kind});
    part[key] = json!(whole);
    if kind == "output_text" {
        empty["annotations"] = json!([]);
        part["annotations"] = json!([]);
    }
    let item_status = if status == "completed" {
        "completed"
    } else {
        "incomplete"
    };
    let item = json!({"type": "message", "id": msg, "role": "assistant", "status": item_status,
                      "content": [part.clone()]});
    let start = response_object(id, asked, "in_progress", json!([]));
    let mut events = vec![
        json!({"type": "response.created", "response": start}),
        json!({"type": "response.in_progress", "response": start}),
        json!({"type": "response.output_item.added", "output_index": 0,
               "item": {"type": "message", "id": msg, "role": "assistant", "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "output_index": 0, "item_id": msg,
               "content_index": 0, "part": empty}),
    ];
    let (delta_type, done_type) = if kind == "output_text" {
        ("response.output_text.delta", "response.output_text.done")
    } else {
        ("response.refusal.delta", "response.refusal.done")
    };
    for piece in pieces {
        events.push(
            json!({"type": delta_type, "output_index": 0, "item_id": msg,
                           "content_index": 0, "delta": piece}),
        );
    }
    let mut done =
        json!({"type": done_type, "output_index": 0, "item_id": msg, "content_index": 0});
    done[key] = json!(whole);
    events.push(done);
    events.push(
        json!({"type": "response.content_part.done", "output_index": 0, "item_id": msg,
                       "content_index": 0, "part": part}),
    );
    events.push(json!({"type": "response.output_item.done", "output_index": 0, "item": item}));
    events.push(json!({"type": format!("response.{status}"),
                       "response": response_object(id, model, status, json!([item]))}));
    events
}

/// The document a request is about, from its first input item.
fn document_of(request: &Captured) -> String {
    let body = request.json();
    body["input"][0]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What each request that reached the server was, for the assertions.
type Log = Arc<Mutex<Vec<Value>>>;

/// A server answering as the model would for each document, by how many
/// turns the conversation has and what limit it sets.
fn extraction_server(log: Log) -> Server {
    Server::routed(move |request| {
        let body = request.json();
        log.lock().unwrap().push(body.clone());
        let turns = body["input"].as_array().map_or(0, Vec::len);
        let limit = body["max_output_tokens"].as_u64().unwrap_or(0);
        let document = document_of(request);
        let id = format!("resp_{}", log.lock().unwrap().len());
        if document.contains("EMPTY") {
            return Reply::json(
                400,
                r#"{"error":{"code":400,"message":"Input must not be empty"}}"#,
            );
        }
        let events = if document.contains("ACME") {
            if turns == 1 {
                // A trailing comma: not JSON.
                answer_events(
                    &id,
                    PRIMARY,
                    PRIMARY,
                    "completed",
                    Answer::Text(&[
                        "{\"vendor\":\"Acme GmbH\",",
                        "\"total_cents\":12050,\"currency\":\"EUR\",}",
                    ]),
                )
            } else {
                // The primary model is down: the fallback answers the correction.
                answer_events(
                    &id,
                    PRIMARY,
                    FALLBACK,
                    "completed",
                    Answer::Text(&[
                        "{\"vendor\":\"Acme GmbH\",",
                        "\"total_cents\":12050,\"currency\":\"EUR\"}",
                    ]),
                )
            }
        } else if document.contains("PASSPORT") {
            answer_events(
                &id,
                PRIMARY,
                PRIMARY,
                "completed",
                Answer::Refusal(&["I can't extract data ", "from identity documents."]),
            )
        } else if limit < 100 {
            // Cut by `max_output_tokens`: the part would not parse, but the
            // program must not try.
            answer_events(
                &id,
                PRIMARY,
                PRIMARY,
                "incomplete",
                Answer::Text(&["{\"vendor\":\"Globex Corporation International"]),
            )
        } else {
            answer_events(
                &id,
                PRIMARY,
                PRIMARY,
                "completed",
                Answer::Text(&[
                    "{\"vendor\":\"Globex Corporation International\",",
                    "\"total_cents\":990,\"currency\":\"USD\"}",
                ]),
            )
        };
        streamed(events)
    })
}

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------

#[test]
fn invalid_json_is_corrected_with_the_history_and_the_fallback_model_is_reported() {
    let log = Log::default();
    let server = extraction_server(log.clone());
    let client = server.client(KEY);
    let mut shown = String::new();

    let extracted = extract(&client, "Invoice ACME-17, total 120.50 EUR", &mut shown)
        .expect("the second attempt parses");
    assert_eq!(
        extracted.invoice,
        Invoice {
            vendor: "Acme GmbH".into(),
            total_cents: 12050,
            currency: "EUR".into()
        }
    );
    assert_eq!(extracted.attempts, 2);
    assert_eq!(extracted.model.as_deref(), Some(FALLBACK));
    assert!(extracted.by_fallback);
    // The JSON was shown as it streamed, both attempts.
    assert_eq!(
        shown,
        "{\"vendor\":\"Acme GmbH\",\"total_cents\":12050,\"currency\":\"EUR\",}\n\
         {\"vendor\":\"Acme GmbH\",\"total_cents\":12050,\"currency\":\"EUR\"}\n"
    );

    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    for body in log.iter() {
        assert_eq!(body["stream"], true);
        assert_eq!(body["model"], PRIMARY);
        assert_eq!(body["models"], json!([FALLBACK]));
        assert_eq!(
            body["provider"],
            json!({"order": ["openai", "anthropic"], "require_parameters": true, "allow_fallbacks": true})
        );
        assert_eq!(
            body["text"]["format"],
            json!({"type": "json_schema", "name": "invoice", "strict": true,
                   "description": "One invoice's vendor, total and currency",
                   "schema": invoice_schema()})
        );
    }
    // The correction turn: the model's own answer, as it came, then what
    // is wrong with it.
    let input = log[1]["input"].as_array().expect("input items");
    assert_eq!(input.len(), 3);
    assert_eq!(input[0], log[0]["input"][0]);
    assert_eq!(input[1]["type"], "message");
    assert_eq!(input[1]["role"], "assistant");
    assert_eq!(input[1]["id"], "msg_resp_1");
    assert_eq!(
        input[1]["content"][0]["text"],
        "{\"vendor\":\"Acme GmbH\",\"total_cents\":12050,\"currency\":\"EUR\",}"
    );
    assert_eq!(input[2]["role"], "user");
    let correction = input[2]["content"].as_str().expect("text");
    assert!(
        correction.starts_with("That is not valid JSON for the schema (trailing comma"),
        "{correction}"
    );
}

#[test]
fn a_refusal_is_reported_with_its_words_and_not_retried() {
    let log = Log::default();
    let server = extraction_server(log.clone());
    let client = server.client(KEY);
    let mut shown = String::new();

    match extract(&client, "PASSPORT of J. Doe", &mut shown) {
        Err(ExtractError::Refused(text)) => {
            assert_eq!(text, "I can't extract data from identity documents.")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(shown, "I can't extract data from identity documents.\n");
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[test]
fn an_answer_cut_by_max_output_tokens_is_asked_again_with_a_higher_limit() {
    let log = Log::default();
    let server = extraction_server(log.clone());
    let client = server.client(KEY);
    let mut shown = String::new();

    let extracted =
        extract(&client, "Invoice GLOBEX-3, 9.90 USD", &mut shown).expect("the raised limit fits");
    assert_eq!(extracted.invoice.vendor, "Globex Corporation International");
    assert_eq!(extracted.attempts, 2);
    assert_eq!(extracted.model.as_deref(), Some(PRIMARY));
    assert!(!extracted.by_fallback);
    let log = log.lock().unwrap();
    assert_eq!(log[0]["max_output_tokens"], 40);
    assert_eq!(log[1]["max_output_tokens"], 160);
    // A cut answer is not sent back: the same one-turn conversation.
    assert_eq!(log[1]["input"], log[0]["input"]);
}

#[test]
fn every_attempt_unusable_gives_up_with_the_last_typed_error() {
    // A model that always cuts its answer.
    let server = Server::routed(|request| {
        let id = format!("resp_{}", request.at.elapsed().as_nanos());
        streamed(answer_events(
            &id,
            PRIMARY,
            PRIMARY,
            "incomplete",
            Answer::Text(&["{\"vendor\":"]),
        ))
    });
    let client = server.client(KEY);
    let mut shown = String::new();
    match extract(&client, "Invoice INITECH-1", &mut shown) {
        Err(ExtractError::GaveUp(Error::Incomplete(cut))) => {
            assert_eq!(cut.reason, Some(IncompleteReason::MaxOutputTokens));
            assert_eq!(cut.text, "{\"vendor\":");
        }
        other => panic!("expected to give up on a cut answer, got {other:?}"),
    }
    assert_eq!(server.request_count(), MAX_ATTEMPTS);
}

#[test]
fn a_failed_call_is_passed_on_as_its_typed_error() {
    let log = Log::default();
    let server = extraction_server(log.clone());
    let client = server.client(KEY);
    let mut shown = String::new();
    match extract(&client, "EMPTY", &mut shown) {
        Err(ExtractError::Call(Error::Api(e))) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.message, "Input must not be empty");
            assert!(!e.is_retryable());
        }
        other => panic!("expected the server's error, got {other:?}"),
    }
    assert_eq!(shown, "");
}

//! Programs written the way a user of the crate writes them, each against a
//! loopback server that answers as OpenRouter does: a document and image
//! assistant (images, PDFs, audio and video, the `file-parser` plugin), structured
//! output read into the program's own type with the ways it fails, and a
//! tool loop with two parallel function calls, streamed and not.
//!
//! Every request is checked against the spec's schemas as it reached the
//! server: the exact JSON of each content part and item.

mod common;

use std::time::Duration;

use common::{Reply, Server};
use openrouter_responses::request::{
    AudioFormat, Content, ImageDetail, InputFile, PdfEngine, Plugin, ToolChoice,
};
use openrouter_responses::response::IncompleteReason;
use openrouter_responses::{
    Client, DecodeTarget, Error, InputContent, InputItem, JsonSchemaFormat, Request, Response,
    StreamEvent, Tool,
};
use serde::Deserialize;
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-user-programs-0123456789";

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .backoff(Duration::from_millis(1), Duration::from_secs(1))
        .build()
        .expect("client builds")
}

/// The members each input content part may have, and those it must have,
/// by the spec's `InputText`, `InputImage`, `InputFile`, `InputAudio` and
/// `InputVideo` schemas.
fn assert_fits_input_content_schema(part: &Value) {
    let object = part.as_object().expect("a content part is an object");
    let kind = object["type"].as_str().expect("a part has a string type");
    let (allowed, required): (&[&str], &[&str]) = match kind {
        "input_text" => (
            &["type", "text", "prompt_cache_breakpoint"],
            &["type", "text"],
        ),
        "input_image" => (&["type", "detail", "image_url"], &["type", "detail"]),
        "input_file" => (
            &["type", "file_data", "file_id", "file_url", "filename"],
            &["type"],
        ),
        "input_audio" => (&["type", "input_audio"], &["type", "input_audio"]),
        "input_video" => (&["type", "video_url"], &["type", "video_url"]),
        other => panic!("not an input content type of the spec: {other}"),
    };
    for key in object.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{kind} has no member {key}: {part}"
        );
    }
    for key in required {
        assert!(object.contains_key(*key), "{kind} lacks {key}: {part}");
    }
    match kind {
        "input_image" => {
            let detail = object["detail"].as_str().expect("detail is a string");
            assert!(
                ["auto", "high", "low", "original"].contains(&detail),
                "{part}"
            );
        }
        "input_audio" => {
            let audio = object["input_audio"]
                .as_object()
                .expect("input_audio is an object");
            let mut keys: Vec<_> = audio.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["data", "format"], "{part}");
            assert!(audio["data"].is_string(), "{part}");
            assert!(
                ["mp3", "wav"].contains(&audio["format"].as_str().unwrap_or("")),
                "{part}"
            );
        }
        _ => {
            for (key, value) in object {
                // `file_id` and `image_url` may also be null; nothing here sends null.
                if key != "prompt_cache_breakpoint" {
                    assert!(value.is_string(), "{kind}.{key} is a string: {part}");
                }
            }
        }
    }
}

/// A completed non-streaming answer: `output` as given, and the members
/// `OpenResponsesResult` requires.
fn completed(id: &str, output: Value) -> String {
    json!({
        "id": id,
        "object": "response",
        "created_at": 1_767_000_000,
        "completed_at": 1_767_000_004,
        "model": "openai/gpt-4o-mini",
        "status": "completed",
        "output": output,
        "error": null,
        "incomplete_details": null,
        "instructions": null,
        "metadata": null,
        "temperature": null,
        "top_p": null,
        "presence_penalty": null,
        "frequency_penalty": null,
        "tools": [],
        "tool_choice": "auto",
        "parallel_tool_calls": true,
        "usage": {
            "input_tokens": 1200, "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 40, "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 1240, "cost": 0.0021
        }
    })
    .to_string()
}

fn message(id: &str, content: Value) -> Value {
    json!({"type": "message", "id": id, "role": "assistant", "status": "completed", "content": content})
}

// ---------------------------------------------------------------------------
// 1. A document and image assistant.
// ---------------------------------------------------------------------------

/// What the assistant is asked about: files as a program has them.
struct Attachments<'a> {
    chart_url: &'a str,
    photo_png: &'a [u8],
    report_pdf: &'a [u8],
    contract_file_id: &'a str,
    voice_note_wav: &'a [u8],
    walkthrough_video_url: &'a str,
}

/// What the assistant answers: the text and the files it cited.
#[derive(Debug)]
struct Answer {
    text: String,
    cited_files: Vec<(String, Option<String>)>,
    cost: Option<f64>,
}

fn ask_about_documents(
    client: &Client,
    question: &str,
    files: &Attachments<'_>,
) -> Result<Answer, Error> {
    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .instructions("Answer from the attached documents; cite the files you use.")
        .input_items([InputItem::user(vec![
            InputContent::text(question),
            InputContent::image_url_with_detail(files.chart_url, ImageDetail::High),
            InputContent::image_bytes_with_detail("image/png", files.photo_png, ImageDetail::Low),
            InputContent::file_bytes("report.pdf", "application/pdf", files.report_pdf),
            InputFile::new()
                .file_id(files.contract_file_id)
                .filename("contract.pdf")
                .into(),
            InputContent::audio_bytes(AudioFormat::Wav, files.voice_note_wav),
            InputContent::video_url(files.walkthrough_video_url),
        ])])
        .plugin(Plugin::file_parser(PdfEngine::MistralOcr))
        .build();
    let response = client.send(&request)?.into_result()?;
    let cited_files = response
        .file_citations()
        .map(|c| (c.file_id.clone(), c.filename.clone()))
        .collect();
    Ok(Answer {
        text: response.output_text(),
        cited_files,
        cost: response.usage.as_ref().and_then(|u| u.cost),
    })
}

#[test]
fn document_assistant_sends_every_part_as_the_spec_describes_it() {
    let answer = message(
        "msg_doc_1",
        json!([{
            "type": "output_text",
            "text": "Revenue grew 12% (report.pdf); the contract renews in March (contract.pdf).",
            "annotations": [
                {"type": "file_citation", "file_id": "file-report", "filename": "report.pdf", "index": 25},
                {"type": "file_citation", "file_id": "file-abc123", "filename": "contract.pdf", "index": 72}
            ],
            "logprobs": []
        }]),
    );
    let server = Server::start(vec![Reply::json(
        200,
        &completed("resp_doc_1", json!([answer])),
    )]);
    let client = client(&server);

    let files = Attachments {
        chart_url: "https://example.com/charts/q3.png",
        photo_png: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        report_pdf: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        contract_file_id: "file-abc123",
        voice_note_wav: b"RIFF$\x00\x00\x00WAVEfmt ",
        walkthrough_video_url: "https://example.com/site-walkthrough.mp4",
    };
    let answer = ask_about_documents(&client, "Summarise these for the board.", &files).unwrap();
    assert_eq!(
        answer.text,
        "Revenue grew 12% (report.pdf); the contract renews in March (contract.pdf)."
    );
    assert_eq!(
        answer.cited_files,
        [
            ("file-report".to_owned(), Some("report.pdf".to_owned())),
            ("file-abc123".to_owned(), Some("contract.pdf".to_owned()))
        ]
    );
    assert_eq!(answer.cost, Some(0.0021));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let body = requests[0].json();
    assert_eq!(requests[0].path, "/api/v1/responses");
    assert_eq!(
        body["plugins"],
        json!([{"id": "file-parser", "pdf": {"engine": "mistral-ocr"}}])
    );
    assert!(body.get("stream").is_none_or(|s| s == false), "{body}");
    let input = body["input"].as_array().expect("input is a list");
    assert_eq!(input.len(), 1);
    assert_eq!(input[0]["type"], "message");
    assert_eq!(input[0]["role"], "user");
    let parts = input[0]["content"].as_array().expect("content parts");
    for part in parts {
        assert_fits_input_content_schema(part);
    }
    assert_eq!(
        parts,
        &[
            json!({"type": "input_text", "text": "Summarise these for the board."}),
            json!({"type": "input_image", "detail": "high", "image_url": "https://example.com/charts/q3.png"}),
            json!({"type": "input_image", "detail": "low", "image_url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}),
            json!({"type": "input_file", "filename": "report.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjcKJeLjz9MK"}),
            json!({"type": "input_file", "file_id": "file-abc123", "filename": "contract.pdf"}),
            json!({"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZFZm10IA==", "format": "wav"}}),
            json!({"type": "input_video", "video_url": "https://example.com/site-walkthrough.mp4"}),
        ]
    );
}

/// A follow-up question about the same PDF: the conversation goes back
/// whole, the model's answer echoed as it came, an annotation of a type
/// this version does not model (the file parser's parsed text, which
/// spares parsing the file again) included.
#[test]
fn document_assistant_follow_up_echoes_the_answer_with_its_annotations() {
    let parsed = json!({"type": "file", "file": {"hash": "9f86d081", "name": "report.pdf",
        "content": [{"type": "text", "text": "Q3 revenue: 4.2 M EUR (+12%)"}]}});
    let first = message(
        "msg_doc_2",
        json!([{"type": "output_text", "text": "Revenue grew 12%.", "logprobs": [],
                "annotations": [parsed.clone(),
                    {"type": "file_citation", "file_id": "file-report", "filename": "report.pdf", "index": 16}]}]),
    );
    let second = message(
        "msg_doc_3",
        json!([{"type": "output_text", "text": "4.2 M EUR.", "annotations": []}]),
    );
    let server = Server::start(vec![
        Reply::json(200, &completed("resp_doc_2", json!([first.clone()]))),
        Reply::json(200, &completed("resp_doc_3", json!([second]))),
    ]);
    let client = client(&server);
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

    let mut conversation = vec![InputItem::user(vec![
        InputContent::text("How did revenue develop?"),
        InputContent::file_bytes("report.pdf", "application/pdf", pdf),
    ])];
    let ask = |input: Vec<InputItem>| {
        Request::builder()
            .model("openai/gpt-4o-mini")
            .input_items(input)
            .plugin(Plugin::file_parser(PdfEngine::CloudflareAi))
            .build()
    };
    let answer = client.send(&ask(conversation.clone())).unwrap();
    assert_eq!(answer.output_text(), "Revenue grew 12%.");
    assert_eq!(answer.file_citations().count(), 1);
    conversation.extend(answer.to_input_items());
    conversation.push(InputItem::user("And in absolute terms?"));
    let answer = client.send(&ask(conversation)).unwrap();
    assert_eq!(answer.output_text(), "4.2 M EUR.");

    let body = server.requests()[1].json();
    let input = body["input"].as_array().unwrap();
    assert_eq!(input.len(), 3);
    assert_eq!(input[0], server.requests()[0].json()["input"][0]);
    assert_fits_input_content_schema(&input[0]["content"][1]);
    // The answer as it came: id, status and every annotation.
    assert_eq!(input[1], first);
    assert_eq!(input[1]["content"][0]["annotations"][0], parsed);
    assert_eq!(
        input[2],
        json!({"type": "message", "role": "user", "content": "And in absolute terms?"})
    );
    assert_eq!(
        body["plugins"],
        json!([{"id": "file-parser", "pdf": {"engine": "cloudflare-ai"}}])
    );
}

// ---------------------------------------------------------------------------
// 2. Structured output into the program's own type.
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Deserialize)]
struct Invoice {
    vendor: String,
    total_cents: u64,
    currency: String,
    lines: Vec<InvoiceLine>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct InvoiceLine {
    description: String,
    cents: u64,
}

/// The schema of [`Invoice`], strict: every property required, no others.
fn invoice_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "vendor": {"type": "string"},
            "total_cents": {"type": "integer"},
            "currency": {"type": "string", "enum": ["EUR", "USD"]},
            "lines": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"description": {"type": "string"}, "cents": {"type": "integer"}},
                    "required": ["description", "cents"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["vendor", "total_cents", "currency", "lines"],
        "additionalProperties": false
    })
}

fn invoice_request(document: &[u8]) -> Request {
    Request::builder()
        .model("openai/gpt-4o-mini")
        .input_items([InputItem::user(vec![
            InputContent::text("Extract the invoice."),
            InputContent::file_bytes("invoice.pdf", "application/pdf", document),
        ])])
        .text_format(
            JsonSchemaFormat::new("invoice", invoice_schema())
                .description("One invoice, amounts in cents")
                .strict(true),
        )
        .max_output_tokens(400)
        .build()
}

/// What the program does with each way an extraction ends.
#[derive(Debug, PartialEq)]
enum Extraction {
    Done(Invoice),
    Refused(String),
    CutShort {
        reason: Option<IncompleteReason>,
        partial: String,
    },
    NotJson {
        text: String,
    },
    Failed(String),
}

fn extract_invoice(client: &Client, document: &[u8]) -> Result<Extraction, Error> {
    let response = client.send(&invoice_request(document))?;
    classify(response.parse_output::<Invoice>())
}

fn extract_invoice_streamed(client: &Client, document: &[u8]) -> Result<Extraction, Error> {
    let mut stream = client.stream(&invoice_request(document))?;
    let mut shown = String::new();
    for delta in stream.text_deltas() {
        shown.push_str(&delta?);
    }
    let response = stream.final_response()?;
    assert_eq!(
        shown,
        response.output_text(),
        "the deltas add up to the text"
    );
    classify(response.parse_output::<Invoice>())
}

/// The ways `parse_output` fails, each to what the program does with it;
/// anything else is passed on.
fn classify(parsed: Result<Invoice, Error>) -> Result<Extraction, Error> {
    match parsed {
        Ok(invoice) => Ok(Extraction::Done(invoice)),
        Err(Error::Refusal(r)) => Ok(Extraction::Refused(r.text().to_owned())),
        Err(Error::Incomplete(e)) => Ok(Extraction::CutShort {
            reason: e.reason.clone(),
            partial: e.text.clone(),
        }),
        Err(Error::Decode(e)) if e.what == DecodeTarget::OutputText => Ok(Extraction::NotJson {
            text: e.body.clone(),
        }),
        Err(e @ Error::Api(_)) => Ok(Extraction::Failed(e.to_string())),
        Err(e) => Err(e),
    }
}

const INVOICE_JSON: &str = r#"{"vendor":"ACME GmbH","total_cents":12990,"currency":"EUR","lines":[{"description":"Anvil","cents":9990},{"description":"Shipping","cents":3000}]}"#;

fn acme_invoice() -> Invoice {
    Invoice {
        vendor: "ACME GmbH".into(),
        total_cents: 12990,
        currency: "EUR".into(),
        lines: vec![
            InvoiceLine {
                description: "Anvil".into(),
                cents: 9990,
            },
            InvoiceLine {
                description: "Shipping".into(),
                cents: 3000,
            },
        ],
    }
}

#[test]
fn structured_output_sends_a_strict_schema_and_reads_the_answer_into_the_type() {
    let text = |t: &str| {
        message(
            "msg_inv",
            json!([{"type": "output_text", "text": t, "annotations": []}]),
        )
    };
    let server = Server::start(vec![Reply::json(
        200,
        &completed("resp_inv_1", json!([text(INVOICE_JSON)])),
    )]);
    let client = client(&server);
    let got = extract_invoice(&client, b"%PDF-1.4 invoice").unwrap();
    assert_eq!(got, Extraction::Done(acme_invoice()));

    let body = server.requests()[0].json();
    assert_eq!(
        body["text"],
        json!({"format": {
            "type": "json_schema",
            "name": "invoice",
            "schema": invoice_schema(),
            "description": "One invoice, amounts in cents",
            "strict": true
        }})
    );
    assert_eq!(body["max_output_tokens"], 400);
    assert_fits_input_content_schema(&body["input"][0]["content"][1]);
}

#[test]
fn structured_output_failures_surface_as_the_program_can_tell_them_apart() {
    let text = |t: &str| {
        message(
            "msg_inv",
            json!([{"type": "output_text", "text": t, "annotations": []}]),
        )
    };
    let refused = completed(
        "resp_inv_2",
        json!([message(
            "msg_ref",
            json!([{"type": "refusal", "refusal": "I can't process documents with personal data."}])
        )]),
    );
    let mut cut: Value = serde_json::from_str(&completed(
        "resp_inv_3",
        json!([{
            "type": "message", "id": "msg_cut", "role": "assistant", "status": "incomplete",
            "content": [{"type": "output_text", "text": "{\"vendor\":\"ACME GmbH\",\"total_cents\":12", "annotations": []}]
        }]),
    ))
    .unwrap();
    cut["status"] = json!("incomplete");
    cut["completed_at"] = Value::Null;
    cut["incomplete_details"] = json!({"reason": "max_output_tokens"});
    let fenced = format!("```json\n{INVOICE_JSON}\n```");
    let mut failed: Value = serde_json::from_str(&completed("resp_inv_5", json!([]))).unwrap();
    failed["status"] = json!("failed");
    failed["error"] = json!({"code": "server_error", "message": "Upstream provider failed"});
    failed["error_type"] = json!("provider_unavailable");

    let server = Server::start(vec![
        Reply::json(200, &refused),
        Reply::json(200, &cut.to_string()),
        Reply::json(200, &completed("resp_inv_4", json!([text(&fenced)]))),
        Reply::json(200, &failed.to_string()),
    ]);
    let client = client(&server);

    assert_eq!(
        extract_invoice(&client, b"%PDF").unwrap(),
        Extraction::Refused("I can't process documents with personal data.".into())
    );
    assert_eq!(
        extract_invoice(&client, b"%PDF").unwrap(),
        Extraction::CutShort {
            reason: Some(IncompleteReason::MaxOutputTokens),
            partial: r#"{"vendor":"ACME GmbH","total_cents":12"#.into()
        }
    );
    assert_eq!(
        extract_invoice(&client, b"%PDF").unwrap(),
        Extraction::NotJson { text: fenced }
    );
    assert_eq!(
        extract_invoice(&client, b"%PDF").unwrap(),
        Extraction::Failed(
            "api error in response (server_error, provider_unavailable): Upstream provider failed"
                .into()
        )
    );
}

/// The lines of an event stream carrying `events`, then `[DONE]`.
fn sse(events: &[Value]) -> Vec<String> {
    let mut chunks: Vec<String> = events
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let mut e = e.clone();
            e["sequence_number"] = json!(n);
            format!("data: {e}\n\n")
        })
        .collect();
    chunks.push("data: [DONE]\n\n".into());
    chunks
}

/// `response` as it stands at `response.created`: in progress, no output.
fn in_progress(id: &str) -> Value {
    let mut r: Value = serde_json::from_str(&completed(id, json!([]))).unwrap();
    r["status"] = json!("in_progress");
    r["completed_at"] = Value::Null;
    r["usage"] = Value::Null;
    r
}

#[test]
fn structured_output_streamed_reads_the_answer_and_a_refusal() {
    let item = |content: Value, status: &str| json!({"type": "message", "id": "msg_s", "role": "assistant", "status": status, "content": content});
    let (first, second) = INVOICE_JSON.split_at(40);
    let done_text =
        json!({"type": "output_text", "text": INVOICE_JSON, "annotations": [], "logprobs": []});
    let answered = sse(&[
        json!({"type": "response.created", "response": in_progress("resp_s1")}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": item(json!([]), "in_progress")}),
        json!({"type": "response.content_part.added", "output_index": 0, "item_id": "msg_s", "content_index": 0,
               "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}),
        json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "msg_s", "content_index": 0, "delta": first, "logprobs": []}),
        json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "msg_s", "content_index": 0, "delta": second, "logprobs": []}),
        json!({"type": "response.output_text.done", "output_index": 0, "item_id": "msg_s", "content_index": 0, "text": INVOICE_JSON, "logprobs": []}),
        json!({"type": "response.content_part.done", "output_index": 0, "item_id": "msg_s", "content_index": 0, "part": done_text}),
        json!({"type": "response.output_item.done", "output_index": 0, "item": item(json!([done_text]), "completed")}),
        json!({"type": "response.completed", "response":
            serde_json::from_str::<Value>(&completed("resp_s1", json!([item(json!([done_text]), "completed")]))).unwrap()}),
    ]);
    let refusal = "I can't help with that document.";
    let done_refusal = json!({"type": "refusal", "refusal": refusal});
    let refused = sse(&[
        json!({"type": "response.created", "response": in_progress("resp_s2")}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": item(json!([]), "in_progress")}),
        json!({"type": "response.content_part.added", "output_index": 0, "item_id": "msg_s", "content_index": 0,
               "part": {"type": "refusal", "refusal": ""}}),
        json!({"type": "response.refusal.delta", "output_index": 0, "item_id": "msg_s", "content_index": 0, "delta": "I can't help "}),
        json!({"type": "response.refusal.delta", "output_index": 0, "item_id": "msg_s", "content_index": 0, "delta": "with that document."}),
        json!({"type": "response.refusal.done", "output_index": 0, "item_id": "msg_s", "content_index": 0, "refusal": refusal}),
        json!({"type": "response.content_part.done", "output_index": 0, "item_id": "msg_s", "content_index": 0, "part": done_refusal}),
        json!({"type": "response.output_item.done", "output_index": 0, "item": item(json!([done_refusal]), "completed")}),
        json!({"type": "response.completed", "response":
            serde_json::from_str::<Value>(&completed("resp_s2", json!([item(json!([done_refusal]), "completed")]))).unwrap()}),
    ]);
    let partial = r#"{"vendor":"ACME GmbH","lines":[{"desc"#;
    let cut_text =
        json!({"type": "output_text", "text": partial, "annotations": [], "logprobs": []});
    let mut cut_response: Value = serde_json::from_str(&completed(
        "resp_s3",
        json!([item(json!([cut_text]), "incomplete")]),
    ))
    .unwrap();
    cut_response["status"] = json!("incomplete");
    cut_response["completed_at"] = Value::Null;
    cut_response["incomplete_details"] = json!({"reason": "max_output_tokens"});
    let cut = sse(&[
        json!({"type": "response.created", "response": in_progress("resp_s3")}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": item(json!([]), "in_progress")}),
        json!({"type": "response.content_part.added", "output_index": 0, "item_id": "msg_s", "content_index": 0,
               "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}),
        json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "msg_s", "content_index": 0, "delta": partial, "logprobs": []}),
        json!({"type": "response.incomplete", "response": cut_response}),
    ]);
    let mut failed_response: Value =
        serde_json::from_str(&completed("resp_s4", json!([]))).unwrap();
    failed_response["status"] = json!("failed");
    failed_response["completed_at"] = Value::Null;
    failed_response["error"] =
        json!({"code": "server_error", "message": "Upstream provider failed"});
    let failed = sse(&[
        json!({"type": "response.created", "response": in_progress("resp_s4")}),
        json!({"type": "response.failed", "response": failed_response}),
    ]);
    let server = Server::start(vec![
        Reply::sse(answered),
        Reply::sse(refused),
        Reply::sse(cut),
        Reply::sse(failed),
    ]);
    let client = client(&server);

    assert_eq!(
        extract_invoice_streamed(&client, b"%PDF").unwrap(),
        Extraction::Done(acme_invoice())
    );
    assert_eq!(
        extract_invoice_streamed(&client, b"%PDF").unwrap(),
        Extraction::Refused(refusal.into())
    );
    assert_eq!(
        extract_invoice_streamed(&client, b"%PDF").unwrap(),
        Extraction::CutShort {
            reason: Some(IncompleteReason::MaxOutputTokens),
            partial: partial.into()
        }
    );
    // A failure in a stream comes out of the deltas loop itself, before
    // `parse_output`: the same `Error::Api`, told as the stream's.
    let err = extract_invoice_streamed(&client, b"%PDF").unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.message, "Upstream provider failed");
    assert!(err.is_retryable());
    for r in server.requests() {
        let body = r.json();
        assert_eq!(body["stream"], true);
        assert_eq!(body["text"]["format"]["strict"], true);
    }
}

// ---------------------------------------------------------------------------
// 3. A tool loop: two calls made at once, answered, continued.
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct WeatherArgs {
    city: String,
}

#[derive(Debug, Deserialize)]
struct TimeArgs {
    timezone: String,
}

fn travel_tools() -> Vec<Tool> {
    vec![
        Tool::function(
            "get_weather",
            "The current weather in a city",
            json!({"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"], "additionalProperties": false}),
        ),
        Tool::function(
            "get_time",
            "The local time in an IANA time zone",
            json!({"type": "object", "properties": {"timezone": {"type": "string"}},
                   "required": ["timezone"], "additionalProperties": false}),
        ),
    ]
}

/// A radar picture the weather function sends along with its numbers.
const RADAR_PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The program's own functions: the weather comes with a radar image.
fn run_tool(name: &str, call: &openrouter_responses::FunctionCall) -> Content {
    match name {
        "get_weather" => match call.parse_arguments::<WeatherArgs>() {
            Ok(a) => vec![
                InputContent::text(
                    json!({"city": a.city, "celsius": 18, "sky": "overcast"}).to_string(),
                ),
                InputContent::image_bytes("image/png", RADAR_PNG),
            ]
            .into(),
            // Why the arguments do not fit, for the model to correct its call.
            Err(Error::Decode(e)) => json!({"error": e.source.to_string()}).to_string().into(),
            Err(e) => json!({"error": e.to_string()}).to_string().into(),
        },
        "get_time" => match call.parse_arguments::<TimeArgs>() {
            Ok(a) => json!({"timezone": a.timezone, "time": "14:05"})
                .to_string()
                .into(),
            Err(e) => json!({"error": e.to_string()}).to_string().into(),
        },
        other => json!({"error": format!("no function {other}")})
            .to_string()
            .into(),
    }
}

fn function_call(id: &str, call_id: &str, name: &str, arguments: &str, status: &str) -> Value {
    json!({"type": "function_call", "id": id, "call_id": call_id, "name": name,
           "arguments": arguments, "status": status})
}

const WEATHER_ARGS: &str = r#"{"city":"Lisbon"}"#;
const TIME_ARGS: &str = r#"{"timezone":"Europe/Lisbon"}"#;

/// The first turn, streamed: two calls whose arguments come in pieces,
/// interleaved, then the completed response.
fn two_calls_streamed(id: &str) -> Vec<String> {
    let calls_done = json!([
        function_call("fc_1", "call_w", "get_weather", WEATHER_ARGS, "completed"),
        function_call("fc_2", "call_t", "get_time", TIME_ARGS, "completed"),
    ]);
    let delta = |index: usize, item: &str, d: &str| json!({"type": "response.function_call_arguments.delta", "output_index": index, "item_id": item, "delta": d});
    sse(&[
        json!({"type": "response.created", "response": in_progress(id)}),
        json!({"type": "response.in_progress", "response": in_progress(id)}),
        json!({"type": "response.output_item.added", "output_index": 0,
               "item": function_call("fc_1", "call_w", "get_weather", "", "in_progress")}),
        delta(0, "fc_1", r#"{"city":"#),
        json!({"type": "response.output_item.added", "output_index": 1,
               "item": function_call("fc_2", "call_t", "get_time", "", "in_progress")}),
        delta(1, "fc_2", r#"{"timezone":"#),
        delta(0, "fc_1", r#""Lisbon"}"#),
        delta(1, "fc_2", r#""Europe/Lisbon"}"#),
        json!({"type": "response.function_call_arguments.done", "output_index": 0, "item_id": "fc_1",
               "name": "get_weather", "arguments": WEATHER_ARGS}),
        json!({"type": "response.output_item.done", "output_index": 0, "item": calls_done[0]}),
        json!({"type": "response.function_call_arguments.done", "output_index": 1, "item_id": "fc_2",
               "name": "get_time", "arguments": TIME_ARGS}),
        json!({"type": "response.output_item.done", "output_index": 1, "item": calls_done[1]}),
        json!({"type": "response.completed",
               "response": serde_json::from_str::<Value>(&completed(id, calls_done)).unwrap()}),
    ])
}

/// Reads a streamed turn, showing each call's arguments as they form
/// (`name: arguments so far`), and returns the whole response.
fn stream_turn(
    client: &Client,
    request: &Request,
    progress: &mut Vec<String>,
) -> Result<Response, Error> {
    let mut stream = client.stream(request)?;
    while let Some(event) = stream.next() {
        if let StreamEvent::FunctionCallArgumentsDelta(d) = event? {
            if let Some(call) = stream
                .item(d.output_index)
                .and_then(|i| i.as_function_call())
            {
                progress.push(format!("{}: {}", call.name, call.arguments));
            }
        }
    }
    stream.final_response()
}

/// Answers every function call of `response` with a `function_call_output`.
fn answer_calls(response: &Response) -> Vec<InputItem> {
    response
        .function_calls()
        .map(|call| InputItem::function_call_output(&call.call_id, run_tool(&call.name, call)))
        .collect()
}

const QUESTION: &str = "Should I take a jacket in Lisbon right now, and what time is it there?";
const FINAL: &str = "It is 14:05 in Lisbon and 18 °C under clouds: take a light jacket.";

fn request_turn(input: Vec<InputItem>) -> Request {
    Request::builder()
        .model("openai/gpt-4o-mini")
        .tools(travel_tools())
        .tool_choice(ToolChoice::Auto)
        .parallel_tool_calls(true)
        .input_items(input)
        .build()
}

/// The spec's shape of the items the second turn carries.
fn assert_second_turn_items(input: &[Value]) {
    assert_eq!(input.len(), 5, "{input:?}");
    assert_eq!(
        input[0],
        json!({"type": "message", "role": "user", "content": QUESTION})
    );
    assert_eq!(
        input[1],
        function_call("fc_1", "call_w", "get_weather", WEATHER_ARGS, "completed")
    );
    assert_eq!(
        input[2],
        function_call("fc_2", "call_t", "get_time", TIME_ARGS, "completed")
    );
    assert_eq!(
        input[3],
        json!({"type": "function_call_output", "call_id": "call_w", "output": [
            {"type": "input_text", "text": r#"{"celsius":18,"city":"Lisbon","sky":"overcast"}"#},
            {"type": "input_image", "detail": "auto", "image_url": "data:image/png;base64,iVBORw0KGgo="}
        ]})
    );
    // A tool's output takes text, image and file parts (`FunctionCallOutputItem`).
    for part in input[3]["output"].as_array().unwrap() {
        assert_fits_input_content_schema(part);
        assert!(
            ["input_text", "input_image", "input_file"].contains(&part["type"].as_str().unwrap())
        );
    }
    assert_eq!(
        input[4],
        json!({"type": "function_call_output", "call_id": "call_t",
               "output": r#"{"time":"14:05","timezone":"Europe/Lisbon"}"#})
    );
}

#[test]
fn tool_loop_streamed_then_whole_conversation_sent_back() {
    let answer = message(
        "msg_final",
        json!([{"type": "output_text", "text": FINAL, "annotations": []}]),
    );
    let server = Server::start(vec![
        Reply::sse(two_calls_streamed("resp_t1")),
        Reply::json(200, &completed("resp_t2", json!([answer]))),
    ]);
    let client = client(&server);

    let mut input = vec![InputItem::user(QUESTION)];
    let mut progress = Vec::new();
    let first = stream_turn(&client, &request_turn(input.clone()), &mut progress).unwrap();
    assert_eq!(
        progress,
        [
            r#"get_weather: {"city":"#,
            r#"get_time: {"timezone":"#,
            r#"get_weather: {"city":"Lisbon"}"#,
            r#"get_time: {"timezone":"Europe/Lisbon"}"#,
        ]
    );
    assert_eq!(first.function_calls().count(), 2);
    input.extend(first.to_input_items());
    input.extend(answer_calls(&first));
    let second = client
        .send(&request_turn(input))
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(second.output_text(), FINAL);
    assert_eq!(second.function_calls().count(), 0);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first_body = requests[0].json();
    assert_eq!(first_body["stream"], true);
    assert_eq!(first_body["parallel_tool_calls"], true);
    assert_eq!(first_body["tool_choice"], "auto");
    assert_eq!(
        first_body["tools"][0],
        json!({"type": "function", "name": "get_weather", "description": "The current weather in a city",
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                              "required": ["city"], "additionalProperties": false}})
    );
    let second_body = requests[1].json();
    assert!(second_body.get("previous_response_id").is_none());
    assert!(
        second_body.get("stream").is_none_or(|s| s == false),
        "{second_body}"
    );
    assert_second_turn_items(second_body["input"].as_array().unwrap());
}

#[test]
fn tool_loop_with_previous_response_id_is_refused_and_the_program_sends_everything() {
    let calls = json!([
        function_call("fc_1", "call_w", "get_weather", WEATHER_ARGS, "completed"),
        function_call("fc_2", "call_t", "get_time", TIME_ARGS, "completed"),
    ]);
    let refused = json!({"error": {"code": 400,
        "message": "previous_response_id is not supported: the Responses API is stateless; send the full conversation in input"}});
    let text = |t: &str| json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "msg_f", "content_index": 0, "delta": t, "logprobs": []});
    let done = message(
        "msg_f",
        json!([{"type": "output_text", "text": FINAL, "annotations": [], "logprobs": []}]),
    );
    let (a, b) = FINAL.split_at(20);
    let streamed_answer = sse(&[
        json!({"type": "response.created", "response": in_progress("resp_t3")}),
        json!({"type": "response.output_item.added", "output_index": 0,
               "item": {"type": "message", "id": "msg_f", "role": "assistant", "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "output_index": 0, "item_id": "msg_f", "content_index": 0,
               "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}),
        text(a),
        text(b),
        json!({"type": "response.output_item.done", "output_index": 0, "item": done}),
        json!({"type": "response.completed",
               "response": serde_json::from_str::<Value>(&completed("resp_t3", json!([done]))).unwrap()}),
    ]);
    let server = Server::start(vec![
        Reply::json(200, &completed("resp_t1", calls)),
        Reply::json(400, &refused.to_string()),
        Reply::sse(streamed_answer),
    ]);
    let client = client(&server);

    let question = vec![InputItem::user(QUESTION)];
    let first = client.send(&request_turn(question.clone())).unwrap();
    let outputs = answer_calls(&first);

    // As with a stateful server: only the new items, and the id to go on from.
    let follow_up = request_turn(outputs.clone())
        .into_builder()
        .previous_response_id(first.id.clone())
        .build();
    let mut progress = Vec::new();
    let err = stream_turn(&client, &follow_up, &mut progress).unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 400);
    assert!(!err.is_retryable());
    assert!(
        api.message.contains("previous_response_id"),
        "{}",
        api.message
    );

    // OpenRouter keeps nothing: the whole conversation goes back.
    let mut input = question;
    input.extend(first.to_input_items());
    input.extend(outputs);
    let mut shown = String::new();
    let mut stream = client.stream(&request_turn(input)).unwrap();
    for delta in stream.text_deltas() {
        shown.push_str(&delta.unwrap());
    }
    assert_eq!(shown, FINAL);
    assert_eq!(stream.final_response().unwrap().output_text(), FINAL);

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "the 400 is not retried");
    let refused_body = requests[1].json();
    assert_eq!(refused_body["previous_response_id"], "resp_t1");
    let sent = refused_body["input"].as_array().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["type"], "function_call_output");
    assert_eq!(sent[1]["call_id"], "call_t");
    let last = requests[2].json();
    assert!(last.get("previous_response_id").is_none());
    assert_second_turn_items(last["input"].as_array().unwrap());
}

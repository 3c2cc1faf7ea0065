//! Programs written the way a user of the crate writes them, each against a
//! loopback server that answers as OpenRouter does: a research tool that
//! searches the web (the `web` plugin, and the `openrouter:web_search`
//! server tool streamed) and prints the answer with numbered references,
//! and a batch runner whose threads share one `Client` and report each
//! job's outcome typed: rate limits with `Retry-After`, a timeout, and a
//! provider's failure inside a 200 answer or as a `response.failed` event.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{streamed, Captured, Reply, Server};
use openrouter_responses::{
    Annotation, Client, Error, ErrorOrigin, OutputContent, OutputItem, Request, RequestOptions,
    Response, StreamEvent, TimeoutKind, Tool, WebSearchAction, WebSearchConfig, WebSearchPlugin,
};
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-batch-programs-0123456789";

/// A response object: the members `OpenResponsesResult` requires, with
/// `status`, `output` and `usage` as given.
fn response_object(id: &str, status: &str, output: Value, usage: Value) -> Value {
    json!({
        "id": id, "object": "response", "created_at": 1_767_200_000,
        "completed_at": if status == "in_progress" { Value::Null } else { json!(1_767_200_005) },
        "model": "openai/gpt-4o-mini", "status": status, "output": output,
        "error": null, "incomplete_details": null, "instructions": null, "metadata": null,
        "temperature": null, "top_p": null, "presence_penalty": null, "frequency_penalty": null,
        "tools": [], "tool_choice": "auto", "parallel_tool_calls": true, "usage": usage
    })
}

fn usage(cost: f64) -> Value {
    json!({"input_tokens": 900, "input_tokens_details": {"cached_tokens": 0},
           "output_tokens": 60, "output_tokens_details": {"reasoning_tokens": 0},
           "total_tokens": 960, "cost": cost})
}

fn message(id: &str, text: &str, annotations: Value) -> Value {
    json!({"type": "message", "id": id, "role": "assistant", "status": "completed",
           "content": [{"type": "output_text", "text": text, "annotations": annotations, "logprobs": []}]})
}

// ---------------------------------------------------------------------------
// 1. A research tool.
// ---------------------------------------------------------------------------

/// What the research tool prints.
#[derive(Debug, Default, PartialEq)]
struct Report {
    /// The answer, each cited span followed by its reference numbers.
    body: String,
    /// `n. title <url>: "the cited span"`, numbered in order of first use.
    references: Vec<String>,
    /// The searches the server ran.
    searches: Vec<String>,
    /// What the tool could not use.
    notes: Vec<String>,
    web_search_requests: Option<u64>,
}

/// The text of `text` between two character indices, as annotations count
/// them; `None` when they do not fit the text.
fn char_span(text: &str, start: u64, end: u64) -> Option<&str> {
    let byte = |index: u64| {
        let index = usize::try_from(index).ok()?;
        text.char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .nth(index)
    };
    let (start, end) = (byte(start)?, byte(end)?);
    text.get(start..end)
}

/// Turns a response into the report: the text of each message part with
/// its citations numbered, and the reference list.
fn report(response: &Response) -> Report {
    let mut report = Report {
        web_search_requests: response
            .usage
            .as_ref()
            .and_then(|u| u.web_search_requests()),
        ..Report::default()
    };
    for item in &response.output {
        if let OutputItem::OpenRouterWebSearch(search) = item {
            if let Some(WebSearchAction::Search(s)) = &search.action {
                report.searches.push(s.query.clone());
            }
        }
    }
    let mut numbers: HashMap<String, usize> = HashMap::new();
    for message in response.messages() {
        for part in &message.content {
            let OutputContent::OutputText(part) = part else {
                continue;
            };
            // Marks go in at the end of each cited span, last first so that
            // the indices before them stay right.
            let mut marks: Vec<(u64, usize)> = Vec::new();
            for annotation in &part.annotations {
                match annotation {
                    Annotation::UrlCitation(c) => {
                        let next = numbers.len() + 1;
                        let n = *numbers.entry(c.url.clone()).or_insert(next);
                        if n == next {
                            let title = c.title.as_deref().unwrap_or(&c.url);
                            let quote = char_span(&part.text, c.start_index, c.end_index)
                                .map(|s| format!(": \"{s}\""))
                                .unwrap_or_default();
                            report
                                .references
                                .push(format!("{n}. {title} <{}>{quote}", c.url));
                        }
                        marks.push((c.end_index, n));
                    }
                    Annotation::Unknown(raw) => report.notes.push(format!(
                        "skipped an annotation of type {}",
                        raw["type"].as_str().unwrap_or("(none)")
                    )),
                    other => report.notes.push(format!("not a web source: {other:?}")),
                }
            }
            marks.sort_by(|a, b| b.cmp(a));
            let mut chars: Vec<char> = part.text.chars().collect();
            for (end, n) in marks {
                let at = usize::try_from(end).unwrap_or(usize::MAX).min(chars.len());
                let mark: Vec<char> = format!(" [{n}]").chars().collect();
                chars.splice(at..at, mark);
            }
            report.body.extend(chars);
        }
    }
    if report.references.is_empty() {
        report.notes.push("no sources cited".to_string());
    }
    report
}

/// The character range of `needle` in `text`, as annotations count.
fn span_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let start = text[..at].chars().count();
    (start, start + needle.chars().count())
}

const CAFES: &str = "Zürich's café culture began in the 18th century — the Odeon opened in 1911 and Sprüngli in 1836.";

fn cafe_citations() -> Value {
    let (s1, e1) = span_of(CAFES, "the Odeon opened in 1911");
    let (s2, e2) = span_of(CAFES, "Sprüngli in 1836");
    let (s3, e3) = span_of(CAFES, "Zürich's café culture began in the 18th century");
    json!([
        {"type": "url_citation", "url": "https://example.org/odeon", "title": "Café Odeon",
         "start_index": s1, "end_index": e1, "content": "Opened on 1 July 1911."},
        {"type": "url_citation", "url": "https://example.org/spruengli",
         "start_index": s2, "end_index": e2},
        {"type": "url_citation", "url": "https://example.org/odeon", "title": "Café Odeon",
         "start_index": s3, "end_index": e3}
    ])
}

fn research_request(question: &str) -> Request {
    Request::builder()
        .model("openai/gpt-4o-mini")
        .input(question)
        .plugin(
            WebSearchPlugin::new()
                .engine("exa")
                .max_results(3)
                .include_domains(["example.org"]),
        )
        .build()
}

#[test]
fn research_with_the_web_plugin_numbers_the_citations_and_quotes_their_spans() {
    // The docs' usage shape for a plugin search (`server_tool_use`).
    let mut answer = response_object(
        "resp_w1",
        "completed",
        json!([message("msg_w1", CAFES, cafe_citations())]),
        usage(0.0213),
    );
    answer["usage"]["server_tool_use"] = json!({"web_search_requests": 1});
    let server = Server::start(vec![Reply::json(200, &answer.to_string())]);
    let client = server.client(KEY);

    let response = client
        .send(&research_request("When did Zürich's cafés open?"))
        .and_then(Response::into_result)
        .unwrap();
    let report = report(&response);

    assert_eq!(
        report.body,
        "Zürich's café culture began in the 18th century [1] — the Odeon opened in 1911 [1] and Sprüngli in 1836 [2]."
    );
    assert_eq!(
        report.references,
        [
            "1. Café Odeon <https://example.org/odeon>: \"the Odeon opened in 1911\"",
            // No title: the URL stands for it.
            "2. https://example.org/spruengli <https://example.org/spruengli>: \"Sprüngli in 1836\"",
        ]
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    assert_eq!(report.web_search_requests, Some(1));
    // The excerpt the search returned.
    let excerpts: Vec<_> = response
        .url_citations()
        .filter_map(|c| c.content.as_deref())
        .collect();
    assert_eq!(excerpts, ["Opened on 1 July 1911."]);

    let body = server.requests()[0].json();
    assert_eq!(
        body["plugins"],
        json!([{"id": "web", "engine": "exa", "max_results": 3, "include_domains": ["example.org"]}])
    );
}

#[test]
fn research_answers_without_citations_with_an_unknown_annotation_or_a_span_past_the_text_are_not_fatal(
) {
    // As in the spec's own example: a span that ends past the text.
    let past_the_end = json!({"type": "url_citation", "url": "https://en.wikipedia.org/wiki/Paris",
        "title": "Paris - Wikipedia", "start_index": 0, "end_index": 42});
    let unknown = json!({"type": "container_file_citation", "container_id": "cntr_1",
        "file_id": "file_9", "filename": "notes.csv", "start_index": 0, "end_index": 4});
    let server = Server::start(vec![
        Reply::json(
            200,
            &response_object(
                "resp_n1",
                "completed",
                json!([message("msg_n1", "I found nothing reliable.", json!([]))]),
                usage(0.004),
            )
            .to_string(),
        ),
        Reply::json(
            200,
            &response_object(
                "resp_n2",
                "completed",
                json!([message(
                    "msg_n2",
                    "Data: see the attached table.",
                    json!([unknown])
                )]),
                usage(0.004),
            )
            .to_string(),
        ),
        Reply::json(
            200,
            &response_object(
                "resp_n3",
                "completed",
                json!([message(
                    "msg_n3",
                    "The capital of France is Paris.",
                    json!([past_the_end])
                )]),
                usage(0.004),
            )
            .to_string(),
        ),
    ]);
    let client = server.client(KEY);

    let empty = report(&client.send(&research_request("Anything?")).unwrap());
    assert_eq!(empty.body, "I found nothing reliable.");
    assert!(empty.references.is_empty());
    assert_eq!(empty.notes, ["no sources cited"]);
    assert_eq!(empty.web_search_requests, None);

    let response = client.send(&research_request("The table?")).unwrap();
    let odd = report(&response);
    assert_eq!(odd.body, "Data: see the attached table.");
    assert_eq!(
        odd.notes,
        [
            "skipped an annotation of type container_file_citation",
            "no sources cited"
        ]
    );
    // Kept as sent, for a program that knows the type.
    let json = serde_json::to_value(&response).unwrap();
    assert_eq!(json["output"][0]["content"][0]["annotations"][0], unknown);

    // Listed without a quote, its mark at the end of the text.
    let paris = report(&client.send(&research_request("Capital?")).unwrap());
    assert_eq!(paris.body, "The capital of France is Paris. [1]");
    assert_eq!(
        paris.references,
        ["1. Paris - Wikipedia <https://en.wikipedia.org/wiki/Paris>"]
    );
    assert!(paris.notes.is_empty());
}

#[test]
fn research_with_the_web_search_tool_streamed_shows_sources_as_they_are_annotated() {
    let (query, text) = ("Odeon Zürich opening year", "The Odeon opened in 1911.");
    let (s, e) = span_of(text, "opened in 1911");
    let citation = json!({"type": "url_citation", "url": "https://example.org/odeon",
        "title": "Café Odeon", "start_index": s, "end_index": e});
    let searching = json!({"type": "openrouter:web_search", "id": "ws_1", "status": "in_progress"});
    let searched = json!({"type": "openrouter:web_search", "id": "ws_1", "status": "completed",
        "action": {"type": "search", "query": query,
                   "sources": [{"type": "url", "url": "https://example.org/odeon"}]}});
    let done = message("msg_s1", text, json!([citation]));
    let start = response_object("resp_s1", "in_progress", json!([]), Value::Null);
    let mut last = response_object("resp_s1", "completed", json!([searched, done]), usage(0.03));
    last["usage"]["server_tool_use_details"] =
        json!({"web_search_requests": 1, "tool_calls_executed": 1});
    let events = vec![
        json!({"type": "response.created", "response": start}),
        json!({"type": "response.in_progress", "response": start}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": searching}),
        json!({"type": "response.output_item.done", "output_index": 0, "item": searched}),
        json!({"type": "response.output_item.added", "output_index": 1,
               "item": {"type": "message", "id": "msg_s1", "role": "assistant", "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "output_index": 1, "item_id": "msg_s1", "content_index": 0,
               "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}),
        json!({"type": "response.output_text.delta", "output_index": 1, "item_id": "msg_s1", "content_index": 0,
               "delta": "The Odeon ", "logprobs": []}),
        json!({"type": "response.output_text.delta", "output_index": 1, "item_id": "msg_s1", "content_index": 0,
               "delta": "opened in 1911.", "logprobs": []}),
        json!({"type": "response.output_text.annotation.added", "output_index": 1, "item_id": "msg_s1",
               "content_index": 0, "annotation_index": 0, "annotation": citation}),
        json!({"type": "response.output_text.done", "output_index": 1, "item_id": "msg_s1", "content_index": 0,
               "text": text, "logprobs": []}),
        json!({"type": "response.content_part.done", "output_index": 1, "item_id": "msg_s1", "content_index": 0,
               "part": done["content"][0]}),
        json!({"type": "response.output_item.done", "output_index": 1, "item": done}),
        json!({"type": "response.completed", "response": last}),
    ];
    let server = Server::start(vec![streamed(events)]);
    let client = server.client(KEY);

    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .input("When did the Odeon open?")
        .tool(Tool::openrouter_web_search_with(
            WebSearchConfig::new()
                .max_results(5)
                .allowed_domains(["example.org"]),
        ))
        .build();
    let mut stream = client.stream(&request).unwrap();
    let mut live = Vec::new();
    for event in stream.by_ref() {
        match event.unwrap() {
            StreamEvent::OutputItemAdded(e) if e.item.item_type() == "openrouter:web_search" => {
                live.push("searching…".to_string());
            }
            StreamEvent::OutputTextAnnotationAdded(e) => {
                if let Annotation::UrlCitation(c) = &e.annotation {
                    live.push(format!("source: {}", c.url));
                }
            }
            _ => {}
        }
    }
    assert_eq!(live, ["searching…", "source: https://example.org/odeon"]);
    let report = report(&stream.final_response().unwrap());
    assert_eq!(report.searches, [query]);
    assert_eq!(report.body, "The Odeon opened in 1911 [1].");
    assert_eq!(
        report.references,
        ["1. Café Odeon <https://example.org/odeon>: \"opened in 1911\""]
    );
    assert_eq!(report.web_search_requests, Some(1));

    let body = server.requests()[0].json();
    assert_eq!(
        body["tools"],
        json!([{"type": "openrouter:web_search",
                "parameters": {"max_results": 5, "allowed_domains": ["example.org"]}}])
    );
}

// ---------------------------------------------------------------------------
// 2. A batch runner.
// ---------------------------------------------------------------------------

/// One job of the batch.
#[derive(Clone)]
struct Job {
    name: &'static str,
    streamed: bool,
}

/// How a job ended, as the runner reports it.
#[derive(Debug, PartialEq)]
enum Outcome {
    Done {
        text: String,
        cost: Option<f64>,
    },
    RateLimited {
        retry_after: Option<Duration>,
        /// Models the server suggests instead, when it names some.
        fallback_models: Vec<String>,
    },
    TimedOut {
        kind: TimeoutKind,
        limit: Option<Duration>,
    },
    ProviderFailed {
        origin: ErrorOrigin,
        status: Option<u16>,
        provider: Option<String>,
        message: String,
        retryable: bool,
    },
    Other(String),
}

fn classify(err: Error) -> Outcome {
    match err {
        Error::Api(e) if e.is_rate_limited() => Outcome::RateLimited {
            retry_after: e.retry_after,
            fallback_models: e
                .availability
                .and_then(|a| a.fallback_models)
                .unwrap_or_default(),
        },
        Error::Api(ref e) => Outcome::ProviderFailed {
            origin: e.origin,
            status: e.effective_status(),
            provider: e.provider_name().map(str::to_string),
            message: e.provider_message().unwrap_or_else(|| e.message.clone()),
            retryable: err.is_retryable(),
        },
        Error::Timeout(t) => Outcome::TimedOut {
            kind: t.kind(),
            limit: t.limit(),
        },
        other => Outcome::Other(other.to_string()),
    }
}

/// What the runner keeps of one job: its outcome, the waits before each
/// retry the client made, and the line its log shows for a failure.
struct JobReport {
    outcome: Outcome,
    waits: Vec<Duration>,
    log: Option<String>,
}

fn run_job(client: &Client, job: &Job) -> JobReport {
    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .input(format!("Summarise document {}", job.name))
        .metadata_entry("job", job.name)
        .build();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let options = RequestOptions::new()
        .response_timeout(Duration::from_millis(300))
        .read_timeout(Duration::from_millis(300))
        .on_retry(move |r| seen.lock().unwrap().push(r.wait));
    let result = if job.streamed {
        client.stream_with(&request, &options).and_then(|mut s| {
            let mut text = String::new();
            for delta in s.text_deltas() {
                text.push_str(&delta?);
            }
            let response = s.final_response()?.into_result()?;
            assert_eq!(text, response.output_text());
            Ok(response)
        })
    } else {
        client
            .send_with(&request, &options)
            .and_then(Response::into_result)
    };
    let (outcome, log) = match result {
        Ok(r) => {
            let outcome = Outcome::Done {
                text: r.output_text(),
                cost: r.usage.and_then(|u| u.cost),
            };
            (outcome, None)
        }
        Err(e) => {
            let log = format!("{}: {e}", job.name);
            (classify(e), Some(log))
        }
    };
    let waits = waits.lock().unwrap().clone();
    JobReport {
        outcome,
        waits,
        log,
    }
}

#[test]
fn batch_runner_shares_one_client_across_threads_and_reports_every_outcome_typed() {
    let attempts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let counted = attempts.clone();
    let server = Server::routed(move |request: &Captured| {
        let job = request.json()["metadata"]["job"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        let attempt = {
            let mut attempts = counted.lock().unwrap();
            let n = attempts.entry(job.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let ok = |id: &str, text: &str| {
            Reply::json(
                200,
                &response_object(
                    id,
                    "completed",
                    json!([message(&format!("msg_{id}"), text, json!([]))]),
                    usage(0.001),
                )
                .to_string(),
            )
        };
        let rate_limited = || {
            Reply::json(
                429,
                r#"{"error":{"code":429,"message":"Rate limit exceeded"}}"#,
            )
            .with_header("Retry-After", "1")
        };
        let at_capacity = || {
            Reply::json(
                429,
                &json!({"error": {
                    "message": "All providers for openai/gpt-4o-mini are at capacity. Retry after 40 seconds.",
                    "error_type": "rate_limit_exceeded", "http_status": 429,
                    "availability": {"code": "capacity_exhausted", "retryable": true, "retry_after": 40,
                        "requested_models": ["openai/gpt-4o-mini"], "affected_providers": ["openai", "azure"],
                        "fallback_models": ["openai/gpt-4.1-mini"],
                        "docs_url": "https://openrouter.ai/docs/errors#capacity_exhausted"}}})
                .to_string(),
            )
            .with_header("Retry-After", "40")
        };
        match (job.as_str(), attempt) {
            ("alpha", _) => ok("resp_alpha", "Alpha is about ducks."),
            ("beta", _) => {
                let start = response_object("resp_beta", "in_progress", json!([]), Value::Null);
                let done = message("msg_beta", "Beta: geese.", json!([]));
                streamed(vec![
                    json!({"type": "response.created", "response": start}),
                    json!({"type": "response.output_item.added", "output_index": 0,
                           "item": {"type": "message", "id": "msg_beta", "role": "assistant", "status": "in_progress", "content": []}}),
                    json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "msg_beta",
                           "content_index": 0, "delta": "Beta: geese.", "logprobs": []}),
                    json!({"type": "response.output_item.done", "output_index": 0, "item": done}),
                    json!({"type": "response.completed",
                           "response": response_object("resp_beta", "completed", json!([done]), usage(0.002))}),
                ])
            }
            ("busy", 1) => rate_limited(),
            ("busy", _) => ok("resp_busy", "Busy, then done."),
            ("quota", _) => at_capacity(),
            ("slow", _) => Reply::script(|_| thread::sleep(Duration::from_secs(2))),
            ("stalled", _) => {
                let start = response_object("resp_stalled", "in_progress", json!([]), Value::Null);
                let head = common::sse_head(&[]);
                let events = [
                    json!({"type": "response.created", "sequence_number": 0, "response": start}),
                    json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
                           "item": {"type": "message", "id": "msg_st", "role": "assistant", "status": "in_progress", "content": []}}),
                    json!({"type": "response.output_text.delta", "sequence_number": 2, "output_index": 0,
                           "item_id": "msg_st", "content_index": 0, "delta": "Half an", "logprobs": []}),
                ];
                Reply::script(move |s| {
                    let _ = s.write_all(head.as_bytes());
                    for event in events {
                        let _ = s.write_all(format!("data: {event}\n\n").as_bytes());
                    }
                    let _ = s.flush();
                    thread::sleep(Duration::from_secs(2));
                })
            }
            ("envelope" | "envelope-streamed", _) => Reply::json(
                200,
                &json!({"error": {"code": 502, "message": "Provider returned error",
                    "metadata": {"provider_name": "Fireworks",
                                 "raw": "{\"error\":{\"message\":\"upstream model crashed\"}}"}},
                    "user_id": "user_2abc"})
                .to_string(),
            ),
            ("failed", _) => {
                let start = response_object("resp_failed", "in_progress", json!([]), Value::Null);
                let mut failed = response_object("resp_failed", "failed", json!([]), usage(0.0));
                failed["error"] = json!({"code": "server_error", "message": "The upstream provider stopped responding."});
                failed["error_type"] = json!("provider_unavailable");
                failed["completed_at"] = Value::Null;
                streamed(vec![
                    json!({"type": "response.created", "response": start}),
                    json!({"type": "response.in_progress", "response": start}),
                    json!({"type": "response.failed", "response": failed}),
                ])
            }
            ("failed-json", _) => {
                let mut failed = response_object("resp_fj", "failed", json!([]), usage(0.0));
                failed["error"] =
                    json!({"code": "rate_limit_exceeded", "message": "Upstream rate limit."});
                failed["error_type"] = json!("rate_limit_exceeded");
                Reply::json(200, &failed.to_string())
            }
            _ => Reply::json(404, r#"{"error":{"code":404,"message":"no such job"}}"#),
        }
    });
    let client = server.client(KEY);
    // (name, streamed)
    let jobs = [
        ("alpha", false),
        ("beta", true),
        ("busy", false),
        ("quota", true),
        ("slow", false),
        ("stalled", true),
        ("envelope", false),
        ("envelope-streamed", true),
        ("failed", true),
        ("failed-json", false),
    ]
    .map(|(name, streamed)| Job { name, streamed });
    let queue = Mutex::new(jobs.to_vec());
    let results: Mutex<HashMap<&'static str, JobReport>> = Mutex::default();
    let started = Instant::now();
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some(job) = queue.lock().unwrap().pop() else {
                    break;
                };
                let outcome = run_job(&client, &job);
                results.lock().unwrap().insert(job.name, outcome);
            });
        }
    });
    let took = started.elapsed();
    let reports = results.into_inner().unwrap();
    let results: HashMap<_, _> = reports.iter().map(|(n, r)| (*n, &r.outcome)).collect();
    let waits: HashMap<_, _> = reports.iter().map(|(n, r)| (*n, &r.waits)).collect();
    let mut log: Vec<&str> = reports.values().filter_map(|r| r.log.as_deref()).collect();
    log.sort_unstable();

    assert_eq!(
        *results["alpha"],
        Outcome::Done {
            text: "Alpha is about ducks.".into(),
            cost: Some(0.001)
        }
    );
    assert_eq!(
        *results["beta"],
        Outcome::Done {
            text: "Beta: geese.".into(),
            cost: Some(0.002)
        }
    );
    assert_eq!(
        *results["busy"],
        Outcome::Done {
            text: "Busy, then done.".into(),
            cost: Some(0.001)
        }
    );
    // Longer than the client waits (its backoff cap is 5 s): back at once,
    // with what to try instead.
    assert_eq!(
        *results["quota"],
        Outcome::RateLimited {
            retry_after: Some(Duration::from_secs(40)),
            fallback_models: vec!["openai/gpt-4.1-mini".into()],
        }
    );
    assert_eq!(
        *results["slow"],
        Outcome::TimedOut {
            kind: TimeoutKind::ResponseHeaders,
            limit: Some(Duration::from_millis(300))
        }
    );
    assert_eq!(
        *results["envelope"],
        Outcome::ProviderFailed {
            origin: ErrorOrigin::Envelope,
            status: Some(502),
            provider: Some("Fireworks".into()),
            message: "upstream model crashed".into(),
            retryable: true,
        }
    );
    assert_eq!(results["envelope-streamed"], results["envelope"]);
    assert_eq!(
        *results["failed"],
        Outcome::ProviderFailed {
            origin: ErrorOrigin::Stream,
            status: None,
            provider: None,
            message: "The upstream provider stopped responding.".into(),
            retryable: true,
        }
    );
    assert_eq!(
        *results["failed-json"],
        Outcome::RateLimited {
            retry_after: None,
            fallback_models: vec![]
        }
    );
    // The body stalled after its first words: not retried (the answer had
    // begun), reported with the setting that ran out.
    assert_eq!(
        *results["stalled"],
        Outcome::TimedOut {
            kind: TimeoutKind::Read,
            limit: Some(Duration::from_millis(300))
        }
    );
    assert_eq!(results.len(), jobs.len());

    let attempts = attempts.lock().unwrap();
    assert_eq!(attempts["busy"], 2, "the 429 was retried once");
    assert_eq!(
        *waits["busy"],
        [Duration::from_secs(1)],
        "after the Retry-After asked for"
    );
    assert!(waits["quota"].is_empty());
    assert_eq!(
        attempts["quota"], 1,
        "a wait beyond the cap is not waited out"
    );
    // The slow job's timeout is retried as the README says (3 attempts);
    // the stalled one had begun its answer, and is not.
    assert_eq!(attempts["slow"], 3);
    assert_eq!(attempts["stalled"], 1);
    assert_eq!(
        attempts["envelope"], 1,
        "an error inside a 200 is never retried"
    );
    assert!(took < Duration::from_secs(8), "{took:?}");

    // What the log says of each failure: its origin, what the provider
    // said, the setting that ran out.
    assert_eq!(
        log,
        [
            "envelope-streamed: api error in 200 answer (502): Provider returned error (Fireworks: upstream model crashed)",
            "envelope: api error in 200 answer (502): Provider returned error (Fireworks: upstream model crashed)",
            "failed-json: api error in response (rate_limit_exceeded): Upstream rate limit.",
            "failed: api error in stream (server_error, provider_unavailable): The upstream provider stopped responding.",
            "quota: api error 429 (rate_limit_exceeded): All providers for openai/gpt-4o-mini are at capacity. Retry after 40 seconds.",
            "slow: timed out waiting for response headers (response_timeout: 300 ms)",
            "stalled: timed out waiting for more of the body (read_timeout: 300 ms)",
        ]
    );
}

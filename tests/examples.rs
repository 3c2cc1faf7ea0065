//! Runs the example programs: the offline demo as it is, and the examples that
//! call OpenRouter against a loopback server named by `OPENROUTER_BASE_URL`.
//!
//! The examples are built once, by the same cargo that runs the tests
//! (`--offline`, so nothing is fetched), and then run as real processes, so
//! their output and exit status are checked as a user would see them.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use common::{sse_data, Captured, Reply, Server, SSE_DONE, SSE_PROCESSING};
use serde_json::{json, Value};

const EXAMPLES: &[&str] = &[
    "demo",
    "ask",
    "basic",
    "stream",
    "tools",
    "structured",
    "conversation",
    "routing",
    "reasoning",
];

/// The path of a built example binary.
fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let mut cargo = Command::new(env!("CARGO"));
        // The `test` profile is the one `cargo test` builds the examples
        // with, so after a full `cargo test` this build has nothing to do.
        cargo.args(["build", "--offline", "--quiet", "--profile", "test"]);
        cargo.arg("--message-format=json");
        cargo.args([
            "--manifest-path",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
        ]);
        // Variables cargo sets for a test process describe this test, not the
        // build; passed on, they would make cargo rebuild dependencies whose
        // build scripts read them.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if [
                "CARGO_MANIFEST_",
                "CARGO_PKG_",
                "CARGO_CRATE_",
                "CARGO_BIN_",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
            ]
            .iter()
            .any(|prefix| key.starts_with(prefix))
            {
                cargo.env_remove(key.as_ref());
            }
        }
        for name in EXAMPLES {
            cargo.args(["--example", name]);
        }
        let output = cargo.output().expect("cargo runs");
        assert!(
            output.status.success(),
            "building the examples failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut paths = HashMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let is_example = message["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == "example"));
            if let (true, Some(name), Some(exe)) = (
                is_example,
                message["target"]["name"].as_str(),
                message["executable"].as_str(),
            ) {
                paths.insert(name.to_string(), PathBuf::from(exe));
            }
        }
        paths
    });
    built
        .get(name)
        .unwrap_or_else(|| panic!("example {name} was not built"))
        .clone()
}

/// A command for an example with a clean environment: no proxy, no
/// OpenRouter settings but those given.
fn command(name: &str, env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(example(name));
    for var in common::CLIENT_ENV_VARS {
        cmd.env_remove(var);
    }
    cmd.env("NO_PROXY", "127.0.0.1,localhost");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null());
    cmd
}

/// Runs an example against `server` with a test key, feeding `stdin`.
fn run_against(server: &Server, name: &str, args: &[&str], stdin: &str) -> Output {
    let base_url = server.base_url();
    let mut cmd = command(
        name,
        &[
            ("OPENROUTER_API_KEY", "sk-or-test"),
            ("OPENROUTER_BASE_URL", &base_url),
        ],
    );
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("example starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin.as_bytes()).expect("stdin written");
    drop(input);
    child.wait_with_output().expect("example runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_ok(name: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{name} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
        output.status,
        stdout(output),
        stderr(output)
    );
}

/// The position of `needle` in `haystack`, failing with both when absent.
fn find(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

/// An SSE answer streaming `text` in pieces, with a keep-alive comment, and a
/// final response carrying usage.
fn text_stream(pieces: &[&str]) -> Reply {
    let text: String = pieces.concat();
    let mut chunks = vec![
        SSE_PROCESSING.to_string(),
        sse_data(json!({"type": "response.created", "response":
            {"id": "resp_s", "object": "response", "status": "in_progress", "output": []}})),
        sse_data(
            json!({"type": "response.output_item.added", "output_index": 0, "item":
            {"type": "message", "id": "msg_s", "role": "assistant", "status": "in_progress", "content": []}}),
        ),
    ];
    for piece in pieces {
        chunks.push(sse_data(
            json!({"type": "response.output_text.delta", "output_index": 0,
            "item_id": "msg_s", "content_index": 0, "delta": piece}),
        ));
    }
    let message = json!({"type": "message", "id": "msg_s", "role": "assistant", "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}]});
    chunks.push(sse_data(json!({"type": "response.completed", "response": {
        "id": "resp_s", "object": "response", "status": "completed", "model": "test/model",
        "output": [message],
        "usage": {"input_tokens": 7, "output_tokens": 9, "total_tokens": 16, "cost": 0.00042}}})));
    chunks.push(SSE_DONE.to_string());
    Reply::sse(chunks)
}

fn items(request: &Captured) -> Vec<Value> {
    request.json()["input"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

// --- demo --------------------------------------------------------------------

#[test]
fn demo_runs_without_key_or_network_and_shows_the_round_trip() {
    // A proxy that does not exist: the demo must not need one.
    let output = command("demo", &[("HTTPS_PROXY", "http://127.0.0.1:9")])
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .output()
        .expect("demo runs");
    assert_ok("demo", &output);
    let out = stdout(&output);

    // It says what it is and how to reach the real service.
    find(&out, "local replay");
    find(&out, "No API key and no network");
    find(
        &out,
        "OPENROUTER_API_KEY=... cargo run --example ask -- \"your question\"",
    );

    // Streamed reasoning, then the call assembled from its argument deltas,
    // the function run locally, and an answer written from its result.
    let thinking = find(
        &out,
        "thinking: The user asks about rain in Paris, so I should check the current weather.\n",
    );
    let call = find(&out, "tool call: get_weather({\"city\":\"Paris\"})\n");
    let ran = find(
        &out,
        "ran get_weather here: {\"city\":\"Paris\",\"conditions\":\"light rain\",\"temperature_c\":14}",
    );
    let turn2 = find(
        &out,
        "[turn 2] streaming POST /responses with 4 input item(s)",
    );
    let answer = find(
        &out,
        "assistant: In Paris it is 14 °C with light rain, so yes: take an umbrella.\n",
    );
    assert!(thinking < call && call < ran && ran < turn2 && turn2 < answer);

    // Usage and cost of each turn, and the total.
    find(
        &out,
        "usage: 64 input + 38 output tokens (20 reasoning), cost $0.000092",
    );
    find(
        &out,
        "usage: 131 input + 24 output tokens (0 reasoning), cost $0.000073",
    );
    find(&out, "total: 2 turns, 257 tokens, $0.000165");
    assert!(!out.contains("[turn 3]"), "{out}");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

// --- ask ---------------------------------------------------------------------

#[test]
fn ask_streams_by_default() {
    let server = Server::start(vec![text_stream(&["Lima", " is the", " capital."])]);
    let output = run_against(&server, "ask", &["What", "is the capital of Peru?"], "");
    assert_ok("ask", &output);
    assert_eq!(stdout(&output), "Lima is the capital.\n");
    find(&stderr(&output), "[test/model: 16 tokens, $0.000420]");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/api/v1/responses");
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer sk-or-test")
    );
    let body = requests[0].json();
    assert_eq!(body["stream"], true);
    assert_eq!(body["model"], "openai/gpt-4o-mini");
    assert_eq!(body["input"], "What is the capital of Peru?");
}

#[test]
fn ask_no_stream_with_model_and_prompt_from_stdin() {
    let server = Server::start(vec![Reply::completed("Hello back")]);
    let output = run_against(
        &server,
        "ask",
        &["--no-stream", "--model", "anthropic/claude-sonnet-4"],
        "  Say hello\n",
    );
    assert_ok("ask", &output);
    assert_eq!(stdout(&output), "Hello back\n");
    find(&stderr(&output), "15 tokens, $0.000120");

    let body = server.requests()[0].json();
    assert!(body.get("stream").is_none(), "{body}");
    assert_eq!(body["model"], "anthropic/claude-sonnet-4");
    assert_eq!(body["input"], "Say hello");
}

#[test]
fn ask_attaches_files_inline_by_their_kind() {
    let dir = std::env::temp_dir().join(format!("ask-attach-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("photo.PNG");
    let pdf = dir.join("report.pdf");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(&pdf, b"%PDF-1.7").unwrap();
    let server = Server::start(vec![Reply::completed("A chart")]);
    let (png_arg, pdf_arg) = (png.to_str().unwrap(), pdf.to_str().unwrap());
    let output = run_against(
        &server,
        "ask",
        &[
            "--no-stream",
            "--attach",
            png_arg,
            "--attach",
            pdf_arg,
            "What is this?",
        ],
        "",
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_ok("ask", &output);
    assert_eq!(stdout(&output), "A chart\n");
    let body = server.requests()[0].json();
    assert_eq!(
        body["input"],
        json!([{"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "What is this?"},
            {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"},
            {"type": "input_file", "filename": "report.pdf",
             "file_data": "data:application/pdf;base64,JVBERi0xLjc="}
        ]}])
    );

    // A file that cannot be read is said so, and nothing is sent.
    let server = Server::start(vec![]);
    let output = run_against(
        &server,
        "ask",
        &["--attach", "/nonexistent/x.png", "hi"],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    find(&stderr(&output), "ask: cannot read /nonexistent/x.png");
    assert_eq!(server.request_count(), 0);
}

#[test]
fn ask_json_prints_the_final_response() {
    let server = Server::start(vec![text_stream(&["a", "b"])]);
    let output = run_against(&server, "ask", &["--json", "--model=x/y", "hi"], "");
    assert_ok("ask", &output);
    let response: Value = serde_json::from_str(&stdout(&output)).expect("stdout is JSON");
    assert_eq!(response["id"], "resp_s");
    assert_eq!(response["output"][0]["content"][0]["text"], "ab");
    assert_eq!(response["usage"]["total_tokens"], 16);
    assert_eq!(server.requests()[0].json()["model"], "x/y");
}

#[test]
fn ask_reports_an_api_error_and_exits_1() {
    let server = Server::start(vec![Reply::json(
        401,
        r#"{"error":{"code":401,"message":"User not found."}}"#,
    )]);
    let output = run_against(&server, "ask", &["--no-stream", "hi"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    find(&err, "ask: api error 401");
    find(&err, "User not found.");
    find(&err, "check the value of OPENROUTER_API_KEY");
}

#[test]
fn ask_reports_an_error_event_mid_stream() {
    let chunks = vec![
        sse_data(
            json!({"type": "response.created", "response": {"id": "r", "status": "in_progress"}}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "output_index": 0, "item_id": "m",
            "content_index": 0, "delta": "Partial"}),
        ),
        sse_data(
            json!({"type": "error", "code": "server_error", "message": "Upstream provider crashed"}),
        ),
    ];
    let server = Server::start(vec![Reply::sse(chunks)]);
    let output = run_against(&server, "ask", &["hi"], "");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "Partial\n");
    let err = stderr(&output);
    find(&err, "ask: api error in stream");
    find(&err, "Upstream provider crashed");
}

#[test]
fn ask_without_a_key_explains_and_exits_1() {
    let output = command("ask", &[]).arg("hi").output().expect("ask runs");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    find(&err, "OPENROUTER_API_KEY is not set");
    find(&err, "cargo run --example demo");
}

#[test]
fn ask_rejects_unknown_options_and_prints_help() {
    let output = command("ask", &[])
        .arg("--frobnicate")
        .output()
        .expect("ask runs");
    assert_eq!(output.status.code(), Some(1));
    find(&stderr(&output), "unknown option --frobnicate");

    let output = command("ask", &[])
        .arg("--help")
        .output()
        .expect("ask runs");
    assert_ok("ask --help", &output);
    find(&stdout(&output), "--no-stream");
}

#[test]
fn ask_with_an_empty_prompt_fails() {
    let server = Server::start(vec![]);
    let output = run_against(&server, "ask", &[], "   \n");
    assert_eq!(output.status.code(), Some(1));
    find(&stderr(&output), "no prompt");
    assert_eq!(server.request_count(), 0);
}

// --- the task examples, against a loopback server ------------------------------

#[test]
fn network_examples_explain_a_missing_key() {
    for name in [
        "basic",
        "stream",
        "tools",
        "structured",
        "conversation",
        "routing",
        "reasoning",
    ] {
        let output = command(name, &[]).output().expect("example runs");
        assert_eq!(output.status.code(), Some(1), "{name}");
        let err = stderr(&output);
        find(&err, "OPENROUTER_API_KEY");
        find(&err, "cargo run --example demo");
        assert!(stdout(&output).is_empty(), "{name}");
    }
}

#[test]
fn basic_prints_the_output_text() {
    let server = Server::start(vec![Reply::completed("Rayleigh scattering.")]);
    let output = run_against(&server, "basic", &[], "");
    assert_ok("basic", &output);
    assert_eq!(stdout(&output), "Rayleigh scattering.\n");
    let body = server.requests()[0].json();
    assert_eq!(body["input"], "Why is the sky blue?");
    assert!(body["instructions"].is_string());
}

#[test]
fn stream_prints_deltas_then_usage() {
    let server = Server::start(vec![text_stream(&["Rivers", " run"])]);
    let output = run_against(&server, "stream", &[], "");
    assert_ok("stream", &output);
    let out = stdout(&output);
    assert!(out.starts_with("Rivers run\n"), "{out}");
    find(&out, "7 input + 9 output = 16 tokens, cost $0.000420");
    assert_eq!(server.requests()[0].json()["stream"], true);
}

fn function_call(call_id: &str, word: &str, letter: &str) -> Value {
    json!({"type": "function_call", "id": format!("fc_{call_id}"), "call_id": call_id,
        "name": "count_letter", "status": "completed",
        "arguments": json!({"word": word, "letter": letter}).to_string()})
}

#[test]
fn tools_runs_the_functions_and_sends_results_back_with_the_conversation() {
    let reasoning = json!({"type": "reasoning", "id": "rs_1", "summary": [],
        "encrypted_content": "opaque"});
    let first = json!({"id": "resp_1", "object": "response", "status": "completed",
        "output": [reasoning, function_call("call_a", "strawberry", "r"),
                   function_call("call_b", "mississippi", "s")]});
    let server = Server::start(vec![
        Reply::json(200, &first.to_string()),
        Reply::completed("3 and 4."),
    ]);
    let output = run_against(&server, "tools", &[], "");
    assert_ok("tools", &output);
    let out = stdout(&output);
    // The counts are computed by the example's function, not by the server.
    find(
        &out,
        r#"count_letter({"letter":"r","word":"strawberry"}) -> {"count":3}"#,
    );
    find(
        &out,
        r#"count_letter({"letter":"s","word":"mississippi"}) -> {"count":4}"#,
    );
    assert!(out.ends_with("3 and 4.\n"), "{out}");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let tool = &requests[0].json()["tools"][0];
    assert_eq!(tool["type"], "function");
    assert_eq!(tool["name"], "count_letter");
    assert_eq!(tool["parameters"]["required"], json!(["word", "letter"]));

    // Round two replays everything: the question, the reasoning (with its
    // encrypted content), both calls, and one output per call.
    let input = items(&requests[1]);
    let types: Vec<&str> = input.iter().filter_map(|i| i["type"].as_str()).collect();
    assert_eq!(input[0]["role"], "user");
    assert_eq!(
        types[types.len() - 5..],
        [
            "reasoning",
            "function_call",
            "function_call",
            "function_call_output",
            "function_call_output"
        ]
    );
    assert_eq!(input[1]["encrypted_content"], "opaque");
    assert_eq!(input[2]["call_id"], "call_a");
    assert_eq!(input[4]["call_id"], "call_a");
    assert_eq!(input[4]["output"], r#"{"count":3}"#);
    assert_eq!(input[5]["call_id"], "call_b");
    assert_eq!(input[5]["output"], r#"{"count":4}"#);
}

/// Arguments that do not fit are answered with why, so that the model can
/// correct its call: the reason, not just "failed to decode".
#[test]
fn tools_tells_the_model_why_its_arguments_do_not_fit() {
    let bad = json!({"type": "function_call", "id": "fc_bad", "call_id": "call_bad",
        "name": "count_letter", "status": "completed", "arguments": r#"{"word":"kiwi"}"#});
    let first = json!({"id": "resp_1", "object": "response", "status": "completed",
        "output": [bad]});
    let server = Server::start(vec![
        Reply::json(200, &first.to_string()),
        Reply::completed("Sorry."),
    ]);
    let output = run_against(&server, "tools", &[], "");
    assert_ok("tools", &output);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let input = items(&requests[1]);
    let answer = input
        .iter()
        .find(|i| i["type"] == "function_call_output")
        .expect("the call is answered");
    assert_eq!(answer["call_id"], "call_bad");
    let said: Value = serde_json::from_str(answer["output"].as_str().unwrap()).unwrap();
    let error = said["error"].as_str().unwrap_or_default();
    assert!(error.contains("missing field `letter`"), "{said}");
}

#[test]
fn structured_sends_the_schema_and_reads_the_struct() {
    let city = json!({"name": "Lisbon", "country": "Portugal", "population": 545000,
        "landmarks": ["Belém Tower", "Alfama"]});
    let server = Server::start(vec![Reply::completed(&city.to_string())]);
    let output = run_against(&server, "structured", &[], "");
    assert_ok("structured", &output);
    assert_eq!(
        stdout(&output),
        "Lisbon (Portugal), about 545000 people\n  - Belém Tower\n  - Alfama\n"
    );
    let format = &server.requests()[0].json()["text"]["format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["name"], "city");
    assert_eq!(format["strict"], true);
    assert_eq!(format["schema"]["required"][0], "name");
}

#[test]
fn structured_shows_text_that_does_not_fit() {
    let server = Server::start(vec![Reply::completed("Sorry, no JSON.")]);
    let output = run_against(&server, "structured", &[], "");
    assert_eq!(output.status.code(), Some(1));
    find(&stderr(&output), "Sorry, no JSON.");
}

#[test]
fn conversation_keeps_the_history() {
    let server = Server::start(vec![
        text_stream(&["Hello", " Ada."]),
        text_stream(&["Your name is Ada."]),
    ]);
    let output = run_against(
        &server,
        "conversation",
        &[],
        "My name is Ada.\nWhat is my name?\n",
    );
    assert_ok("conversation", &output);
    let out = stdout(&output);
    let first = find(&out, "assistant> Hello Ada.\n");
    let second = find(&out, "assistant> Your name is Ada.\n");
    assert!(first < second);
    find(&out, "(4 items in the history)");

    let input = items(&server.requests()[1]);
    assert_eq!(input.len(), 3);
    assert_eq!(input[0]["content"], "My name is Ada.");
    assert_eq!(input[1]["role"], "assistant");
    assert_eq!(input[1]["id"], "msg_s");
    assert_eq!(input[2]["content"], "What is my name?");
}

#[test]
fn routing_sends_fallbacks_provider_preferences_and_plugins() {
    let server = Server::start(vec![
        Reply::completed("101"),
        Reply::json(
            404,
            r#"{"error":{"code":404,"message":"No endpoints found matching your data policy"}}"#,
        ),
    ]);
    let output = run_against(&server, "routing", &[], "");
    assert_ok("routing", &output);
    let out = stdout(&output);
    find(&out, "-> 101");
    find(&out, "-> the server declined: api error 404");

    let requests = server.requests();
    assert_eq!(requests[0].header("x-openrouter-metadata"), Some("enabled"));
    let pinned = requests[0].json();
    assert_eq!(
        pinned["models"],
        json!(["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"])
    );
    assert_eq!(pinned["provider"]["order"], json!(["openai", "azure"]));
    assert_eq!(pinned["provider"]["zdr"], true);
    assert!(pinned["provider"]["only"].is_array());
    assert_eq!(pinned["provider"]["max_price"]["prompt"], "1");
    let fastest = requests[1].json();
    assert_eq!(fastest["provider"]["sort"], "throughput");
    assert_eq!(fastest["plugins"][0]["id"], "response-healing");
}

#[test]
fn reasoning_shows_the_summary_apart_from_the_answer() {
    let events = [
        json!({"type": "response.created", "response": {"id": "r", "status": "in_progress"}}),
        json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "reasoning", "id": "rs", "summary": []}}),
        json!({"type": "response.reasoning_summary_part.added", "item_id": "rs", "output_index": 0,
            "summary_index": 0, "part": {"type": "summary_text", "text": ""}}),
        json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs", "output_index": 0,
            "summary_index": 0, "delta": "Compare decimals"}),
        json!({"type": "response.reasoning_summary_part.done", "item_id": "rs", "output_index": 0,
            "summary_index": 0, "part": {"type": "summary_text", "text": "Compare decimals"}}),
        json!({"type": "response.output_item.added", "output_index": 1, "item":
            {"type": "message", "id": "m", "role": "assistant", "content": []}}),
        json!({"type": "response.output_text.delta", "output_index": 1, "item_id": "m",
            "content_index": 0, "delta": "9.9 is larger."}),
        json!({"type": "response.completed", "response": {"id": "r", "status": "completed",
            "usage": {"input_tokens": 5, "output_tokens": 40, "total_tokens": 45,
                      "output_tokens_details": {"reasoning_tokens": 30}}}}),
    ];
    let mut chunks: Vec<String> = events.into_iter().map(sse_data).collect();
    chunks.push(SSE_DONE.to_string());
    let server = Server::start(vec![Reply::sse(chunks)]);
    let output = run_against(&server, "reasoning", &[], "");
    assert_ok("reasoning", &output);
    let out = stdout(&output);
    let thinking = find(&out, "[thinking] Compare decimals\n");
    let answer = find(&out, "[answer] 9.9 is larger.");
    assert!(thinking < answer);
    find(&out, "40 output tokens, 30 of them reasoning");
    let body = server.requests()[0].json();
    assert_eq!(
        body["reasoning"],
        json!({"effort": "medium", "summary": "auto"})
    );
}

#[test]
fn reasoning_shows_commentary_apart_from_the_answer() {
    let message = |index: usize, id: &str, phase: &str| {
        json!({"type": "response.output_item.added", "output_index": index, "item":
            {"type": "message", "id": id, "role": "assistant", "content": [], "phase": phase}})
    };
    let text = |index: usize, id: &str, delta: &str| {
        json!({"type": "response.output_text.delta", "output_index": index, "item_id": id,
            "content_index": 0, "delta": delta})
    };
    let events = [
        json!({"type": "response.created", "response": {"id": "r", "status": "in_progress"}}),
        json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "reasoning", "id": "rs", "summary": []}}),
        json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs", "output_index": 0,
            "summary_index": 0, "delta": "Compare decimals"}),
        message(1, "c", "commentary"),
        text(1, "c", "Let me line up "),
        text(1, "c", "the digits."),
        message(2, "m", "final_answer"),
        text(2, "m", "9.9 is larger."),
        json!({"type": "response.completed", "response": {"id": "r", "status": "completed",
            "usage": {"input_tokens": 5, "output_tokens": 40, "total_tokens": 45,
                      "output_tokens_details": {"reasoning_tokens": 30}}}}),
    ];
    let mut chunks: Vec<String> = events.into_iter().map(sse_data).collect();
    chunks.push(SSE_DONE.to_string());
    let server = Server::start(vec![Reply::sse(chunks)]);
    let output = run_against(&server, "reasoning", &[], "");
    assert_ok("reasoning", &output);
    let out = stdout(&output);
    let thinking = find(&out, "[thinking] Compare decimals\n");
    let commentary = find(&out, "[commentary] Let me line up the digits.\n");
    let answer = find(&out, "[answer] 9.9 is larger.\n");
    assert!(thinking < commentary && commentary < answer, "{out}");
    // The commentary is not shown as the answer.
    assert_eq!(out.matches("the digits.").count(), 1, "{out}");
}

//! Conformance driver: sends the scenarios of `scenarios.rs` with the crate's
//! typed builders, and reads SSE streams with `Client::stream`, printing what
//! it saw as JSON lines for `../conformance.mjs` to compare with the official
//! SDK.
//!
//! Usage:
//!   conformance-driver list
//!   conformance-driver gaps
//!   conformance-driver request <NAME|all> <BASE_URL>
//!   conformance-driver stream <BASE_URL>
//!
//! In `request`, `{name}` in BASE_URL is replaced by the scenario's name, so
//! that `all` can send every scenario to its own path on one server.

mod scenarios;
mod stream;

use std::process::ExitCode;

use openrouter_responses::{Client, RequestOptions};
use serde_json::json;

/// The API key both sides send; the server only records it.
pub const API_KEY: &str = "sk-or-v1-conformance-test-key";
/// Attribution both sides send unless a scenario turns it off (same values as
/// `ATTRIBUTION` in ../scenarios.mjs).
pub const APP_URL: &str = "https://conformance.example/app";
pub const APP_TITLE: &str = "Conformance Suite";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["list"] => {
            for s in scenarios::all() {
                println!("{}", s.name);
            }
            ExitCode::SUCCESS
        }
        ["gaps"] => {
            for (name, what) in scenarios::GAPS {
                println!("{}", json!({"scenario": name, "gap": what}));
            }
            ExitCode::SUCCESS
        }
        ["request", name, base] => request(name, base),
        ["stream", base] => stream::run(base),
        _ => {
            eprintln!("usage: conformance-driver list | gaps | request <NAME|all> <BASE_URL> | stream <BASE_URL>");
            ExitCode::from(2)
        }
    }
}

fn request(name: &str, base: &str) -> ExitCode {
    let all = scenarios::all();
    let selected: Vec<_> = all
        .iter()
        .filter(|s| name == "all" || s.name == name)
        .collect();
    if selected.is_empty() {
        eprintln!("unknown scenario {name}");
        return ExitCode::from(2);
    }
    for s in selected {
        let url = base.replace("{name}", s.name);
        let outcome = send(s, &url);
        let line = match outcome {
            Ok(()) => json!({"scenario": s.name, "ok": true}),
            Err(e) => json!({"scenario": s.name, "ok": false, "error": e}),
        };
        println!("{line}");
    }
    ExitCode::SUCCESS
}

/// Builds the client the scenario asks for.
pub fn client(base_url: &str, attribution: bool) -> Result<Client, String> {
    let mut b = Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .max_retries(0);
    if attribution {
        b = b.app_url(APP_URL).app_title(APP_TITLE);
    }
    b.build().map_err(|e| format!("client build: {e}"))
}

fn send(s: &scenarios::Scenario, url: &str) -> Result<(), String> {
    let client = client(url, s.attribution)?;
    let request = (s.build)();
    if s.stream {
        let stream = client
            .stream(&request)
            .map_err(|e| format!("stream: {e}"))?;
        for item in stream {
            item.map_err(|e| format!("stream event: {e}"))?;
        }
        return Ok(());
    }
    if s.headers.is_empty() && s.options.is_none() {
        client.send(&request).map_err(|e| format!("send: {e}"))?;
    } else {
        let mut options = RequestOptions::new();
        for (k, v) in s.headers {
            options = options.header(*k, *v);
        }
        if let Some(set) = s.options {
            options = set(options);
        }
        client
            .send_with(&request, &options)
            .map_err(|e| format!("send_with: {e}"))?;
    }
    Ok(())
}

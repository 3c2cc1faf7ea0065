//! Part 4: per-request cost. Sequential non-streaming calls to a loopback
//! server through `Client::send`, and the same calls through bare ureq 3 with
//! serde_json; the server counts the connections each run opened.

use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openrouter_responses::{Client, Request};

use crate::report::{median, Table};
use crate::server::{self, Server};

/// A realistic non-streaming answer (about 1.3 KB).
fn answer() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": "resp_01JBENCH7Q9ZK3M4N5P6R7S8T9",
        "object": "response",
        "created_at": 1767225600,
        "completed_at": 1767225601,
        "model": "openai/gpt-4o-mini",
        "status": "completed",
        "output": [{
            "type": "message",
            "id": "msg_01JBENCH7Q9ZK3M4N5P6R7S8T9",
            "role": "assistant",
            "status": "completed",
            "content": [{
                "type": "output_text",
                "annotations": [],
                "logprobs": [],
                "text": "Hello! Here is a short answer, with \"quotes\", a newline\nand some unicode: café, 日本語, 🦀. It is long enough to be a typical reply from a model that was asked a simple question about the weather."
            }]
        }],
        "error": null,
        "incomplete_details": null,
        "instructions": null,
        "max_output_tokens": null,
        "metadata": {},
        "parallel_tool_calls": true,
        "temperature": null,
        "top_p": null,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": 12,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 48,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 60,
            "cost": 0.000032
        }
    }))
    .expect("json")
}

fn start_server() -> Server {
    let body = answer();
    let handler = move |req: &server::Req, w: &mut TcpStream| -> io::Result<bool> {
        if req.method != "POST" || !req.path.ends_with("/responses") || req.body.is_empty() {
            w.write_all_404()?;
            return Ok(false);
        }
        server::write_json(w, &body)?;
        Ok(true)
    };
    Server::start(Arc::new(handler))
}

trait NotFound {
    fn write_all_404(&mut self) -> io::Result<()>;
}

impl NotFound for TcpStream {
    fn write_all_404(&mut self) -> io::Result<()> {
        use std::io::Write;
        self.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    }
}

const MODEL: &str = "openai/gpt-4o-mini";
const INPUT: &str = "What is the weather like today? Answer in one sentence.";

/// `calls` sequential `Client::send` calls on one client; returns the time
/// and the connections the server accepted.
fn run_crate(calls: usize) -> (Duration, usize) {
    let srv = start_server();
    let client = Client::builder()
        .api_key("sk-or-bench")
        .base_url(srv.base_url())
        .build()
        .expect("client builds");
    let request = Request::builder().model(MODEL).input(INPUT).build();
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..calls {
        let r = client.send(&request).expect("send");
        n += r.output_text().len();
    }
    let t = start.elapsed();
    assert!(n > 0);
    (t, srv.connections())
}

/// The same calls with a bare ureq 3 agent: serde_json writes the body and
/// reads the answer into a `serde_json::Value`.
fn run_ureq(calls: usize) -> (Duration, usize) {
    let srv = start_server();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/responses", srv.base_url());
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..calls {
        let body =
            serde_json::to_vec(&serde_json::json!({"model": MODEL, "input": INPUT})).expect("json");
        let mut resp = agent
            .post(&url)
            .header("Authorization", "Bearer sk-or-bench")
            .header("Content-Type", "application/json")
            .send(&body[..])
            .expect("ureq sends");
        assert_eq!(resp.status(), 200);
        let mut bytes = Vec::new();
        resp.body_mut()
            .as_reader()
            .read_to_end(&mut bytes)
            .expect("body");
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("json answer");
        n += v["output"][0]["content"][0]["text"]
            .as_str()
            .map_or(0, str::len);
    }
    let t = start.elapsed();
    assert!(n > 0);
    (t, srv.connections())
}

pub struct Summary {
    pub ratio: f64,
    pub crate_connections: usize,
    pub ureq_connections: usize,
}

pub fn run(calls: usize, reps: usize, tables: &mut Vec<Table>) -> Summary {
    // Warm-up.
    run_crate(calls / 10 + 1);
    run_ureq(calls / 10 + 1);
    let mut crate_t = Vec::new();
    let mut ureq_t = Vec::new();
    let mut crate_c = 0;
    let mut ureq_c = 0;
    let mut ratios = Vec::new();
    for rep in 0..reps {
        // Alternate which goes first, so neither always runs on a warmer
        // (or busier) machine.
        let ((a, ca), (b, cb)) = if rep % 2 == 0 {
            let a = run_crate(calls);
            (a, run_ureq(calls))
        } else {
            let b = run_ureq(calls);
            (run_crate(calls), b)
        };
        ratios.push(a.as_secs_f64() / b.as_secs_f64());
        crate_t.push(a);
        ureq_t.push(b);
        crate_c = crate_c.max(ca);
        ureq_c = ureq_c.max(cb);
    }
    let a = median(crate_t);
    let b = median(ureq_t);
    let ratio = crate::report::median_f(ratios);
    let mut table = Table::new(
        format!("Per-request cost: {calls} sequential non-streaming calls to a loopback server, median of {reps}"),
        &["client", "total ms", "µs per call", "connections opened (max over runs)", "× bare ureq (median of paired ratios)"],
    );
    for (name, t, c, r) in [
        (
            "this crate: Client::send (typed Response)",
            a,
            crate_c,
            ratio,
        ),
        ("bare ureq 3 + serde_json (Value)", b, ureq_c, 1.0),
    ] {
        table.row(vec![
            name.to_string(),
            format!("{:.1}", t.as_secs_f64() * 1e3),
            format!("{:.1}", t.as_secs_f64() * 1e6 / calls as f64),
            c.to_string(),
            format!("{r:.3}"),
        ]);
    }
    tables.push(table);
    Summary {
        ratio,
        crate_connections: crate_c,
        ureq_connections: ureq_c,
    }
}

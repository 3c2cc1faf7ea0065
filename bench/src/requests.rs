//! Part 4: per-request cost. Sequential non-streaming calls to a loopback
//! server through `Client::send`, and the same calls through bare ureq 3 with
//! serde_json, the answer read whole into a `Value` (the baseline of the
//! goal) and, the least work a caller can do, into a struct of the three
//! fields it reads; the server counts the connections each run opened.

use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openrouter_responses::{Client, Request};

use crate::report::{median, Table};
use crate::server::{self, Server};

/// A realistic non-streaming answer (909 bytes), members in the order the
/// server writes them (`type` first in items and parts; `json!` would sort
/// them, which no server does).
fn answer() -> Vec<u8> {
    let text = r#"{"id":"resp_01JBENCH7Q9ZK3M4N5P6R7S8T9","object":"response","created_at":1767225600,"completed_at":1767225601,"model":"openai/gpt-4o-mini","status":"completed","output":[{"type":"message","id":"msg_01JBENCH7Q9ZK3M4N5P6R7S8T9","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hello! Here is a short answer, with \"quotes\", a newline\nand some unicode: café, 日本語, 🦀. It is long enough to be a typical reply from a model that was asked a simple question about the weather.","annotations":[],"logprobs":[]}]}],"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"metadata":{},"parallel_tool_calls":true,"temperature":null,"top_p":null,"tool_choice":"auto","tools":[],"usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":48,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":60,"cost":0.000032}}"#;
    // Checked, so a typo cannot make one client fail where the other passes.
    serde_json::from_str::<serde_json::Value>(text).expect("answer is JSON");
    text.as_bytes().to_vec()
}

/// The CPU the next loopback server's thread is pinned to (`usize::MAX`:
/// none, it goes where the scheduler puts it).
static SERVER_CPU: AtomicUsize = AtomicUsize::new(usize::MAX);

fn start_server() -> Server {
    match SERVER_CPU.load(Ordering::Relaxed) {
        usize::MAX => start_server_here(),
        // The thread inherits the CPU set of the thread that starts it.
        cpu => on_one_cpu(cpu, start_server_here),
    }
}

fn start_server_here() -> Server {
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
pub fn run_crate(calls: usize) -> (Duration, usize) {
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
pub fn run_ureq(calls: usize) -> (Duration, usize) {
    run_ureq_with(calls, false, false)
}

/// [`run_ureq`] with the agent given the client's default timeouts, so both
/// sides arm the same socket timers.
pub fn run_ureq_timeouts(calls: usize) -> (Duration, usize) {
    run_ureq_with(calls, true, false)
}

/// One call through a bare ureq agent: the body posted, the answer read whole.
fn call(agent: &ureq::Agent, url: &str, body: &[u8]) -> Vec<u8> {
    let mut resp = agent
        .post(url)
        .header("Authorization", "Bearer sk-or-bench")
        .header("Content-Type", "application/json")
        .send(body)
        .expect("ureq sends");
    assert_eq!(resp.status(), 200);
    let mut bytes = Vec::new();
    resp.body_mut()
        .as_reader()
        .read_to_end(&mut bytes)
        .expect("body");
    bytes
}

/// The fields of the answer a caller of [`run_ureq_min`] reads.
#[derive(serde::Deserialize)]
struct MinAnswer {
    id: String,
    status: String,
    output: Vec<MinItem>,
}

#[derive(serde::Deserialize)]
struct MinItem {
    #[serde(default)]
    content: Vec<MinPart>,
}

#[derive(serde::Deserialize)]
struct MinPart {
    #[serde(default)]
    text: String,
}

/// The least a bare ureq caller does: the body written once before the
/// loop, the answer read into [`MinAnswer`] (serde_json skips the rest), no
/// timeouts set.
pub fn run_ureq_min(calls: usize) -> (Duration, usize) {
    let srv = start_server();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/responses", srv.base_url());
    let body =
        serde_json::to_vec(&serde_json::json!({"model": MODEL, "input": INPUT})).expect("json");
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..calls {
        let bytes = call(&agent, &url, &body);
        let answer: MinAnswer = serde_json::from_slice(&bytes).expect("json answer");
        n += answer.id.len() % 2 + answer.status.len() % 2;
        n += answer
            .output
            .iter()
            .flat_map(|i| &i.content)
            .map(|p| p.text.len())
            .sum::<usize>();
    }
    let t = start.elapsed();
    assert!(n > 0);
    (t, srv.connections())
}

/// [`run_ureq_timeouts`] reading the answer into this crate's `Response`
/// (serde_json from the bytes) instead of a `Value`: bare ureq with the
/// crate's decoding, to tell the HTTP layer's share from the decoding's.
pub fn run_ureq_typed(calls: usize) -> (Duration, usize) {
    run_ureq_with(calls, true, true)
}

fn run_ureq_with(calls: usize, timeouts: bool, typed: bool) -> (Duration, usize) {
    let srv = start_server();
    let mut config = ureq::Agent::config_builder().http_status_as_error(false);
    if timeouts {
        config = config
            .timeout_connect(Some(openrouter_responses::DEFAULT_CONNECT_TIMEOUT))
            .timeout_recv_response(Some(openrouter_responses::DEFAULT_RESPONSE_TIMEOUT))
            .timeout_per_read(Some(openrouter_responses::DEFAULT_READ_TIMEOUT));
    }
    let agent: ureq::Agent = config.build().into();
    let url = format!("{}/responses", srv.base_url());
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..calls {
        let body =
            serde_json::to_vec(&serde_json::json!({"model": MODEL, "input": INPUT})).expect("json");
        let bytes = call(&agent, &url, &body);
        n += if typed {
            serde_json::from_slice::<openrouter_responses::Response>(&bytes)
                .expect("json answer")
                .output_text()
                .len()
        } else {
            let v: serde_json::Value = serde_json::from_slice(&bytes).expect("json answer");
            v["output"][0]["content"][0]["text"]
                .as_str()
                .map_or(0, str::len)
        };
    }
    let t = start.elapsed();
    assert!(n > 0);
    (t, srv.connections())
}

pub struct Summary {
    /// Median of the paired wall-time ratios, threads placed by the scheduler.
    pub ratio: f64,
    /// The same with the client and the server on one CPU.
    pub ratio_one_cpu: f64,
    /// The same with the client and the server each pinned to a CPU of its own.
    pub ratio_apart: f64,
    /// The three against bare ureq reading the minimal struct.
    pub ratio_min: f64,
    pub ratio_one_cpu_min: f64,
    pub ratio_apart_min: f64,
    pub crate_connections: usize,
    pub ureq_connections: usize,
}

/// CPU time of the calling thread so far (`/proc/thread-self/schedstat`,
/// user and kernel), zero where that file does not exist.
pub fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Runs `f` with this thread (and the threads it starts) on CPU `cpu` alone,
/// then restores the previous CPU set. Runs it unpinned where that fails.
fn on_one_cpu<T>(cpu: usize, f: impl FnOnce() -> T) -> T {
    // SAFETY: plain libc calls on a zeroed, properly sized cpu_set_t owned here.
    unsafe {
        let size = std::mem::size_of::<libc::cpu_set_t>();
        let mut old: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size, &mut old) != 0 {
            return f();
        }
        let mut one: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut one);
        if libc::sched_setaffinity(0, size, &one) != 0 {
            return f();
        }
        let out = f();
        libc::sched_setaffinity(0, size, &old);
        out
    }
}

/// One placement's repetitions: wall times, client-thread CPU per run, the
/// paired ratios and the connections seen.
#[derive(Default)]
struct Runs {
    crate_t: Vec<Duration>,
    ureq_t: Vec<Duration>,
    min_t: Vec<Duration>,
    crate_cpu: Vec<Duration>,
    ureq_cpu: Vec<Duration>,
    min_cpu: Vec<Duration>,
    /// This crate ÷ bare ureq with a `Value`, per repetition.
    ratios: Vec<f64>,
    /// This crate ÷ bare ureq with the minimal struct, per repetition.
    ratios_min: Vec<f64>,
    crate_c: usize,
    ureq_c: usize,
    min_c: usize,
}

fn timed(run: fn(usize) -> (Duration, usize), calls: usize) -> (Duration, Duration, usize) {
    let c0 = thread_cpu();
    let (t, c) = run(calls);
    (t, thread_cpu().saturating_sub(c0), c)
}

/// Where the client and the server threads run.
#[derive(Clone, Copy)]
enum Placement {
    /// Wherever the scheduler puts them.
    Free,
    /// Both on this CPU.
    One(usize),
    /// The client on the first CPU, the server on the second.
    Apart(usize, usize),
}

fn repeat(calls: usize, reps: usize, placement: Placement) -> Runs {
    let go = |run: fn(usize) -> (Duration, usize)| match placement {
        Placement::Free => timed(run, calls),
        Placement::One(cpu) => on_one_cpu(cpu, || timed(run, calls)),
        Placement::Apart(client, server) => {
            SERVER_CPU.store(server, Ordering::Relaxed);
            let out = on_one_cpu(client, || timed(run, calls));
            SERVER_CPU.store(usize::MAX, Ordering::Relaxed);
            out
        }
    };
    let clients: [fn(usize) -> (Duration, usize); 3] = [run_crate, run_ureq, run_ureq_min];
    // Warm-up.
    for run in clients {
        go(run);
    }
    let mut r = Runs::default();
    for rep in 0..reps {
        // Rotate which goes first, so none always runs on a warmer (or
        // busier) machine.
        let mut out = [(Duration::ZERO, Duration::ZERO, 0); 3];
        for k in 0..3 {
            let i = (rep + k) % 3;
            out[i] = go(clients[i]);
        }
        let [a, b, m] = out;
        r.ratios.push(a.0.as_secs_f64() / b.0.as_secs_f64());
        r.ratios_min.push(a.0.as_secs_f64() / m.0.as_secs_f64());
        r.crate_t.push(a.0);
        r.ureq_t.push(b.0);
        r.min_t.push(m.0);
        r.crate_cpu.push(a.1);
        r.ureq_cpu.push(b.1);
        r.min_cpu.push(m.1);
        r.crate_c = r.crate_c.max(a.2);
        r.ureq_c = r.ureq_c.max(b.2);
        r.min_c = r.min_c.max(m.2);
    }
    r
}

pub fn run(calls: usize, reps: usize, tables: &mut Vec<Table>) -> Summary {
    let free = repeat(calls, reps, Placement::Free);
    // The last CPU: the harness's main thread is not pinned elsewhere.
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let one = repeat(calls, reps, Placement::One(cpus - 1));
    // Apart needs two CPUs; with one it measures what `one` does.
    let apart = repeat(
        calls,
        reps,
        Placement::Apart(cpus.saturating_sub(2), cpus - 1),
    );
    let mut table = Table::new(
        format!("Per-request cost: {calls} sequential non-streaming calls to a loopback server, median of {reps}"),
        &[
            "client",
            "threads",
            "total ms",
            "µs per call",
            "client thread CPU µs per call",
            "connections opened (max over runs)",
            "this crate ÷ it (median of paired ratios)",
            "paired ratios, quartiles",
        ],
    );
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / calls as f64;
    for (placement, r) in [
        ("placed by the scheduler", &free),
        ("both on one CPU", &one),
        ("pinned to two CPUs", &apart),
    ] {
        for (name, t, cpu, c, ratios) in [
            (
                "this crate: Client::send (typed Response)",
                &r.crate_t,
                &r.crate_cpu,
                r.crate_c,
                None,
            ),
            (
                "bare ureq 3 + serde_json (Value)",
                &r.ureq_t,
                &r.ureq_cpu,
                r.ureq_c,
                Some(&r.ratios),
            ),
            (
                "bare ureq 3 + serde_json (3-field struct, body written once)",
                &r.min_t,
                &r.min_cpu,
                r.min_c,
                Some(&r.ratios_min),
            ),
        ] {
            let t = median(t.clone());
            table.row(vec![
                name.to_string(),
                placement.to_string(),
                format!("{:.1}", t.as_secs_f64() * 1e3),
                format!("{:.1}", per_call(t)),
                format!("{:.1}", per_call(median(cpu.clone()))),
                c.to_string(),
                ratios.map_or("–".to_string(), |x| {
                    format!("{:.3}", crate::report::median_f(x.clone()))
                }),
                ratios.map_or("–".to_string(), |x| {
                    let (q1, q3) = crate::report::quartiles(x.clone());
                    format!("{q1:.3}-{q3:.3}")
                }),
            ]);
        }
    }
    tables.push(table);
    Summary {
        ratio: crate::report::median_f(free.ratios),
        ratio_one_cpu: crate::report::median_f(one.ratios),
        ratio_apart: crate::report::median_f(apart.ratios),
        ratio_min: crate::report::median_f(free.ratios_min),
        ratio_one_cpu_min: crate::report::median_f(one.ratios_min),
        ratio_apart_min: crate::report::median_f(apart.ratios_min),
        crate_connections: free.crate_c.max(one.crate_c).max(apart.crate_c),
        ureq_connections: free.ureq_c.max(one.ureq_c).max(apart.ureq_c),
    }
}

/// One `Client::send` call, a function of its own so that a profiler's
/// inclusive cost of it is the crate's cost per call.
#[inline(never)]
pub fn crate_call(client: &Client, request: &Request) -> usize {
    let r = client.send(request).expect("send");
    r.output_text().len()
}

/// One bare ureq call as [`run_ureq`] makes it (body written with `json!`,
/// answer read into a `Value`), a function of its own for a profiler.
#[inline(never)]
pub fn ureq_value_call(agent: &ureq::Agent, url: &str) -> usize {
    let body =
        serde_json::to_vec(&serde_json::json!({"model": MODEL, "input": INPUT})).expect("json");
    let bytes = call(agent, url, &body);
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("json answer");
    v["output"][0]["content"][0]["text"]
        .as_str()
        .map_or(0, str::len)
}

/// For callgrind: `calls` calls through `Client::send` and as many through
/// bare ureq + `Value`, alternating, each on its own server and connection,
/// one call of each made before the loop (connection set up outside it).
/// The inclusive costs of [`crate_call`] and [`ureq_value_call`] divided by
/// `calls + 1` are the instructions per call of each, in the same run.
pub fn run_both(calls: usize) -> (usize, usize) {
    let srv_c = start_server();
    let srv_u = start_server();
    let client = Client::builder()
        .api_key("sk-or-bench")
        .base_url(srv_c.base_url())
        .build()
        .expect("client builds");
    let request = Request::builder().model(MODEL).input(INPUT).build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/responses", srv_u.base_url());
    let mut n = 0;
    for _ in 0..=calls {
        n += crate_call(&client, &request);
        n += ureq_value_call(&agent, &url);
    }
    assert!(n > 0);
    (srv_c.connections(), srv_u.connections())
}

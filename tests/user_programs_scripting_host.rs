//! An embedded scripting host written the way a user of the crate writes
//! one: the scripts it runs each call the model through the host, which
//! holds one `Client` for all of them. Eight script threads share it, each
//! running its script's jobs: whole answers and streamed ones, each with
//! options of its own (a header naming the script, timeouts), streams a
//! script stops reading half-way (dropped, or `close()`d), calls that run
//! into their timeouts. Then the host shuts down while every script is in
//! the middle of a call.
//!
//! No call may hang: every thread is joined within a bound that only a
//! hang would reach; connections are reused between calls; every failure
//! comes out as the typed error that says what happened.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::thread;
use std::time::Duration;

use common::{write_chunk, Captured, Reply, Server, SSE_PROCESSING};
use openrouter_responses::{
    Client, Error, Request, RequestOptions, StreamDelta, StreamError, TimeoutKind, TransportKind,
};
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-scripting-host-0123456789";
const THREADS: usize = 8;
/// What only a hang reaches: every call here ends within a second.
const SAFETY_NET: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------
// The host.
// ---------------------------------------------------------------------------

/// What a script asks the host to do.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Job {
    /// A whole answer.
    Ask,
    /// An answer streamed to the end.
    Stream,
    /// A stream the script stops reading after its first piece, dropping it.
    StreamThenDrop,
    /// A stream the script stops reading after its first piece, closing it.
    StreamThenClose,
    /// A whole answer under a 200 ms wait for the headers, not retried.
    AskInAHurry,
    /// A stream under a 200 ms idle read timeout.
    StreamInAHurry,
}

impl Job {
    /// What the server does with it (the loopback server is told by a
    /// header; a real one would be a slow model).
    fn server_side(self) -> &'static str {
        match self {
            Job::Ask => "answer",
            Job::Stream => "stream",
            Job::StreamThenDrop | Job::StreamThenClose => "endless",
            Job::AskInAHurry => "silent",
            Job::StreamInAHurry => "stalls",
        }
    }
}

/// How a job ended, as the host reports it to the script.
#[derive(Debug)]
enum Outcome {
    /// The answer's text.
    Answered(String),
    /// The script stopped reading; what it had read.
    Abandoned(String),
    /// The call failed.
    Failed(Error),
}

struct Host {
    client: Client,
}

impl Host {
    fn options(&self, script: &str, job: Job) -> RequestOptions {
        let options = RequestOptions::new()
            .header("X-Script", script)
            .header("X-Test-Behaviour", job.server_side())
            .total_timeout(Duration::from_secs(20));
        match job {
            Job::AskInAHurry => options
                .response_timeout(Duration::from_millis(200))
                .max_retries(0),
            Job::StreamInAHurry => options.read_timeout(Duration::from_millis(200)),
            _ => options,
        }
    }

    fn run(&self, script: &str, job: Job) -> Outcome {
        let request = Request::builder()
            .model("openai/gpt-4o-mini")
            .input(format!("job {job:?} of {script}"))
            .metadata_entry("script", script)
            .build();
        let options = self.options(script, job);
        match job {
            Job::Ask | Job::AskInAHurry => match self.client.send_with(&request, &options) {
                Ok(response) => Outcome::Answered(response.output_text()),
                Err(e) => Outcome::Failed(e),
            },
            Job::Stream | Job::StreamInAHurry => {
                let mut stream = match self.client.stream_with(&request, &options) {
                    Ok(stream) => stream,
                    Err(e) => return Outcome::Failed(e),
                };
                let mut text = String::new();
                for delta in stream.text_deltas() {
                    match delta {
                        Ok(piece) => text.push_str(&piece),
                        Err(e) => return Outcome::Failed(e),
                    }
                }
                match stream.final_response() {
                    Ok(response) => {
                        assert_eq!(response.output_text(), text);
                        Outcome::Answered(text)
                    }
                    Err(e) => Outcome::Failed(e),
                }
            }
            Job::StreamThenDrop | Job::StreamThenClose => {
                let mut stream = match self.client.stream_with(&request, &options) {
                    Ok(stream) => stream,
                    Err(e) => return Outcome::Failed(e),
                };
                let first = match stream.deltas().next() {
                    Some(Ok(StreamDelta::Text(piece))) => piece,
                    other => panic!("expected a first piece of text, got {other:?}"),
                };
                if job == Job::StreamThenClose {
                    stream.close();
                    assert!(stream.next().is_none(), "a closed stream yields nothing");
                    assert!(stream.ended_early());
                    assert_eq!(
                        stream.snapshot().map(|r| r.output_text()),
                        Some(first.clone())
                    );
                }
                drop(stream);
                Outcome::Abandoned(first)
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The server.
// ---------------------------------------------------------------------------

const SSE_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";

fn event(v: Value) -> String {
    format!("data: {v}\n\n")
}

/// The events before the text: the response created, a message announced.
fn opening(id: &str) -> Vec<String> {
    let start = json!({"id": id, "object": "response", "created_at": 1_767_300_000,
        "model": "openai/gpt-4o-mini", "status": "in_progress", "output": []});
    vec![
        SSE_PROCESSING.to_string(),
        event(json!({"type": "response.created", "response": start})),
        event(
            json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}}),
        ),
    ]
}

fn text_delta(piece: &str) -> String {
    event(
        json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0,
        "content_index": 0, "delta": piece}),
    )
}

/// Which script a request came from.
fn script_of(request: &Captured) -> String {
    request.header("X-Script").unwrap_or("?").to_owned()
}

/// Keeps writing keep-alive comments until the client goes away (the
/// write fails) or the bound passes; counts a departure in `left`.
fn until_the_client_leaves(s: &mut TcpStream, left: &AtomicUsize) {
    for _ in 0..1000 {
        thread::sleep(Duration::from_millis(10));
        if write_chunk(s, SSE_PROCESSING).is_err() {
            left.fetch_add(1, Ordering::SeqCst);
            return;
        }
    }
}

/// Says nothing until the client goes away (a read sees the end) or the
/// bound passes; counts a departure in `left`.
fn silent_until_the_client_leaves(s: &mut TcpStream, left: &AtomicUsize) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = [0u8; 16];
    if matches!(s.read(&mut buf), Ok(0) | Err(_)) {
        left.fetch_add(1, Ordering::SeqCst);
    }
}

/// The server of every test here: answers as the request's behaviour
/// header says; `left` counts the calls whose client went away before the
/// answer was over.
fn host_server(left: Arc<AtomicUsize>) -> Server {
    Server::routed(move |request| {
        let script = script_of(request);
        let text = format!("done for {script}");
        let left = left.clone();
        match request.header("X-Test-Behaviour").unwrap_or("") {
            "answer" => Reply::completed(&text),
            "stream" => {
                let mut chunks = opening("resp_stream");
                let (a, b) = text.split_at(5);
                chunks.push(text_delta(a));
                chunks.push(text_delta(b));
                chunks.push(common::sse_completed(&text));
                chunks.push("data: [DONE]\n\n".to_string());
                Reply::sse_kept(chunks, || {})
            }
            "endless" => Reply::script(move |s| {
                let _ = s.write_all(SSE_HEAD.as_bytes());
                for c in opening("resp_endless") {
                    let _ = write_chunk(s, &c);
                }
                let _ = write_chunk(s, &text_delta("Once upon a time"));
                until_the_client_leaves(s, &left);
            }),
            "stalls" => Reply::script(move |s| {
                let _ = s.write_all(SSE_HEAD.as_bytes());
                for c in opening("resp_stalls") {
                    let _ = write_chunk(s, &c);
                }
                let _ = write_chunk(s, &text_delta("Thinking"));
                silent_until_the_client_leaves(s, &left);
            }),
            "silent" => Reply::script(move |s| silent_until_the_client_leaves(s, &left)),
            other => Reply::json(
                400,
                &format!("{{\"error\":{{\"code\":400,\"message\":\"behaviour {other}\"}}}}"),
            ),
        }
    })
}

fn host(server: &Server) -> Arc<Host> {
    Arc::new(Host {
        client: server.client(KEY),
    })
}

/// Runs `f` on each of `THREADS` threads (given its number) and collects
/// what they return, failing the test if any has not returned within the
/// safety net.
fn on_every_thread<T: Send + 'static>(f: impl Fn(usize) -> T + Send + Sync + 'static) -> Vec<T> {
    let f = Arc::new(f);
    let (tx, rx) = mpsc::channel();
    for n in 0..THREADS {
        let (f, tx) = (f.clone(), tx.clone());
        thread::spawn(move || {
            let _ = tx.send((n, f(n)));
        });
    }
    drop(tx);
    let mut results: Vec<Option<T>> = (0..THREADS).map(|_| None).collect();
    for _ in 0..THREADS {
        let (n, result) = rx
            .recv_timeout(SAFETY_NET)
            .expect("a script thread hung (or panicked)");
        results[n] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.expect("each thread once"))
        .collect()
}

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------

/// Each script's jobs: the same kinds for all, in an order of its own.
fn script_jobs(n: usize) -> Vec<Job> {
    let mut jobs = vec![
        Job::Ask,
        Job::Stream,
        Job::StreamThenDrop,
        Job::Ask,
        Job::StreamThenClose,
        Job::Stream,
        if n % 2 == 0 {
            Job::AskInAHurry
        } else {
            Job::StreamInAHurry
        },
        Job::Ask,
    ];
    let len = jobs.len();
    jobs.rotate_left(n % len);
    jobs
}

#[test]
fn scripts_sharing_one_client_end_every_call_typed_and_reuse_connections() {
    let left = Arc::new(AtomicUsize::new(0));
    let server = host_server(left.clone());
    let host = host(&server);

    let runner = host.clone();
    let reports = on_every_thread(move |n| {
        let script = format!("script-{n}");
        let jobs = script_jobs(n);
        let outcomes: Vec<(Job, Outcome)> = jobs
            .iter()
            .map(|&job| (job, runner.run(&script, job)))
            .collect();
        (script, outcomes)
    });

    let mut abandoned = 0;
    for (script, outcomes) in &reports {
        for (job, outcome) in outcomes {
            match (job, outcome) {
                (Job::Ask | Job::Stream, Outcome::Answered(text)) => {
                    assert_eq!(text, &format!("done for {script}"))
                }
                (Job::StreamThenDrop | Job::StreamThenClose, Outcome::Abandoned(first)) => {
                    assert_eq!(first, "Once upon a time");
                    abandoned += 1;
                }
                (Job::AskInAHurry, Outcome::Failed(Error::Timeout(t))) => {
                    assert_eq!(t.kind(), TimeoutKind::ResponseHeaders, "{t}");
                    assert_eq!(t.limit(), Some(Duration::from_millis(200)));
                    abandoned += 1;
                }
                (Job::StreamInAHurry, Outcome::Failed(Error::Timeout(t))) => {
                    assert_eq!(t.kind(), TimeoutKind::Read, "{t}");
                    assert_eq!(t.limit(), Some(Duration::from_millis(200)));
                    // The stream's answer had arrived: its status is kept.
                    assert_eq!(
                        Error::Timeout(t.clone()).http().map(|h| h.status),
                        Some(200)
                    );
                    abandoned += 1;
                }
                other => panic!("{script}: unexpected {other:?}"),
            }
        }
    }

    let requests = server.requests();
    assert_eq!(requests.len(), THREADS * 8);
    // Every call carried its own script's header, once.
    for request in &requests {
        assert_eq!(request.header_values("X-Script").len(), 1);
        let body = request.json();
        assert_eq!(body["metadata"]["script"], script_of(request));
        assert_eq!(
            body.get("stream").is_some(),
            matches!(
                request.header("X-Test-Behaviour"),
                Some("stream" | "endless" | "stalls")
            )
        );
    }
    // Each abandoned call closed its connection: the server saw every one go.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while left.load(Ordering::SeqCst) < abandoned && std::time::Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(left.load(Ordering::SeqCst), abandoned);

    // Connections are reused: the calls answered whole went over fewer
    // connections than there were calls, and several carried more than one.
    let mut per_connection: BTreeMap<usize, usize> = BTreeMap::new();
    for request in &requests {
        if matches!(
            request.header("X-Test-Behaviour"),
            Some("answer" | "stream")
        ) {
            *per_connection.entry(request.connection).or_default() += 1;
        }
    }
    let answered: usize = per_connection.values().sum();
    assert_eq!(answered, THREADS * 5);
    assert!(
        per_connection.len() < answered && per_connection.values().any(|&n| n > 1),
        "{} connections for {answered} answered calls",
        per_connection.len()
    );
    // A new connection is opened only when none is idle: beyond one for
    // each call that closed its own, at most one per thread in flight (and
    // as many again for those whose rest of a body was still being read).
    eprintln!(
        "{} connections, {abandoned} closed by their calls, {} for the answered ones",
        server.connection_count(),
        per_connection.len()
    );
    assert!(
        server.connection_count() <= abandoned + 2 * THREADS,
        "{} connections, {abandoned} closed by their calls",
        server.connection_count()
    );
}

#[test]
fn a_shutdown_ends_every_script_s_call_in_flight_and_every_later_call() {
    let left = Arc::new(AtomicUsize::new(0));
    let server = host_server(left.clone());
    let host = host(&server);

    // Every script is in the middle of a call: half of them reading an
    // endless stream, half waiting for the headers of a silent server.
    let ready = Arc::new(Barrier::new(THREADS + 1));
    let (tx, rx) = mpsc::channel();
    for n in 0..THREADS {
        let (host, ready, tx) = (host.clone(), ready.clone(), tx.clone());
        thread::spawn(move || {
            let script = format!("script-{n}");
            let request = Request::builder()
                .model("openai/gpt-4o-mini")
                .input("a long job")
                .build();
            let options = RequestOptions::new()
                .header("X-Script", script.as_str())
                .header(
                    "X-Test-Behaviour",
                    if n % 2 == 0 { "endless" } else { "silent" },
                );
            let outcome = if n % 2 == 0 {
                match host.client.stream_with(&request, &options) {
                    Ok(mut stream) => {
                        let first = stream.text_deltas().next();
                        assert!(matches!(first, Some(Ok(ref t)) if t == "Once upon a time"));
                        ready.wait();
                        // Blocked in the stream until the shutdown.
                        let rest: Result<String, Error> = stream.text_deltas().collect();
                        (rest.err(), stream.final_response().err())
                    }
                    Err(e) => (Some(e), None),
                }
            } else {
                ready.wait();
                (host.client.send_with(&request, &options).err(), None)
            };
            let _ = tx.send((n, outcome));
        });
    }
    drop(tx);
    ready.wait();
    // The silent ones' requests have reached the server.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.request_count() < THREADS && std::time::Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(server.request_count(), THREADS);
    host.client.shutdown();

    let shutdown =
        |e: &Error| matches!(e, Error::Transport(t) if t.kind() == TransportKind::Shutdown);
    let mut ended = BTreeSet::new();
    for _ in 0..THREADS {
        let (n, (first, second)) = rx
            .recv_timeout(SAFETY_NET)
            .expect("a script's call outlived the shutdown");
        let first =
            first.unwrap_or_else(|| panic!("script-{n}: the call went on after the shutdown"));
        assert!(shutdown(&first), "script-{n}: {first:?}");
        assert!(!first.is_retryable());
        // The stream's final response, asked for after that, gives what
        // arrived before the shutdown.
        if let Some(second) = second {
            let Error::Stream(failure) = second else {
                panic!("script-{n}'s final response: {second:?}")
            };
            let StreamError::EndedEarly { snapshot, .. } = failure.into_inner() else {
                panic!("script-{n}'s final response did not end early")
            };
            assert_eq!(
                snapshot.map(|r| r.output_text()).as_deref(),
                Some("Once upon a time")
            );
        }
        ended.insert(n);
    }
    assert_eq!(ended.len(), THREADS);

    // A script run after the shutdown fails at once, without a request.
    let later = host.run("script-late", Job::Ask);
    assert!(
        matches!(later, Outcome::Failed(ref e) if shutdown(e)),
        "{later:?}"
    );
    let later = host.run("script-late", Job::Stream);
    assert!(
        matches!(later, Outcome::Failed(ref e) if shutdown(e)),
        "{later:?}"
    );
    assert_eq!(server.request_count(), THREADS);
}

//! A loopback HTTP/1.1 server for the integration tests: it answers each request
//! with the next scripted reply and records what it received.
#![allow(dead_code)] // each test binary uses a different part of it

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Captured {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which connection (0-based, in accept order) carried it.
    pub connection: usize,
    pub at: Instant,
}

impl Captured {
    /// The first value of the header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the header `name`, in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body read as JSON; panics when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

type Script = Box<dyn FnOnce(&mut TcpStream) + Send>;

/// What the server does with one request.
pub enum Reply {
    /// A complete answer with a Content-Length; the connection stays open.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Arbitrary behaviour on the socket (after the request was read); the
    /// connection is closed afterwards.
    Script(Script),
    /// Arbitrary behaviour on the socket, after which the connection stays
    /// open for the next request (the script must end its answer's framing).
    KeptScript(Script),
}

impl Reply {
    /// A complete `application/json` answer of `status` with `body`.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::text(status, "application/json", body)
    }

    /// A 200 JSON answer: the completed response of [`completed_json`]
    /// saying `text`.
    pub fn completed(text: &str) -> Reply {
        Reply::json(200, &completed_json(text))
    }

    /// The same answer with the header `name: value` added (a complete
    /// answer only; a script writes its own headers).
    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Full {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.into()));
                Reply::Full {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }

    /// A complete answer of `status` with `body` as `content_type`.
    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A 200 `text/event-stream` answer written chunk by chunk (flushed, with a
    /// short pause between chunks), then the connection is closed.
    pub fn sse(chunks: Vec<String>) -> Reply {
        Reply::script(move |s| {
            let _ = s.write_all(sse_head(&[]).as_bytes());
            for chunk in chunks {
                let _ = s.write_all(chunk.as_bytes());
                let _ = s.flush();
                thread::sleep(Duration::from_millis(2));
            }
        })
    }

    /// Boxes `f` as a [`Reply::Script`].
    pub fn script(f: impl FnOnce(&mut TcpStream) + Send + 'static) -> Reply {
        Reply::Script(Box::new(f))
    }

    /// A 200 `text/event-stream` answer in chunked framing, one chunk per
    /// element, flushed one by one; the connection stays open afterwards.
    /// `after_last` runs between the last event chunk and the chunked
    /// terminator (a pause, say).
    pub fn sse_kept(chunks: Vec<String>, after_last: impl FnOnce() + Send + 'static) -> Reply {
        Reply::KeptScript(Box::new(move |s| {
            let _ = s.write_all(CHUNKED_SSE_HEAD.as_bytes());
            for text in chunks {
                let _ = s.write_all(chunk(&text).as_bytes());
                let _ = s.flush();
            }
            after_last();
            let _ = s.write_all(b"0\r\n\r\n");
            let _ = s.flush();
        }))
    }
}

/// The status line and headers of a streaming answer in chunked framing,
/// ended by the blank line.
pub const CHUNKED_SSE_HEAD: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

/// `text` as one chunk of chunked framing: its length in hex, `text`, CRLF.
pub fn chunk(text: &str) -> String {
    format!("{:x}\r\n{text}\r\n", text.len())
}

/// Writes `text` on `s` as one chunk (see [`chunk`]) and flushes it.
pub fn write_chunk(s: &mut TcpStream, text: &str) -> std::io::Result<()> {
    s.write_all(chunk(text).as_bytes())?;
    s.flush()
}

/// The status line and headers of a streaming answer, ended by the blank line.
pub fn sse_head(extra: &[(&str, &str)]) -> String {
    let mut head = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n",
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// What a server does with one accepted connection: the socket, its number,
/// the queue of scripted answers and the log of requests.
type Handler<T> = fn(TcpStream, usize, Arc<Mutex<VecDeque<T>>>, Arc<Mutex<Vec<Captured>>>);

/// A loopback server started by a test, stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Captured>>>,
    connections: Arc<AtomicUsize>,
    /// The connections whose handling ended (the client closed it, or the
    /// script did).
    closed: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server that answers requests with `replies`, in order. When they
    /// run out it closes each new connection without answering.
    pub fn start(replies: Vec<Reply>) -> Server {
        Server::listen(replies, serve)
    }

    /// Accepts connections until dropped; each one is handled on its own
    /// thread by `handle`, which takes the next item of `items` when it needs one.
    fn listen<T: Send + 'static>(items: Vec<T>, handle: Handler<T>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let closed = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let queue = Arc::new(Mutex::new(items.into_iter().collect::<VecDeque<_>>()));
        {
            let requests = requests.clone();
            let connections = connections.clone();
            let closed = closed.clone();
            let stop = stop.clone();
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let n = connections.fetch_add(1, Ordering::SeqCst);
                    let queue = queue.clone();
                    let requests = requests.clone();
                    let closed = closed.clone();
                    thread::spawn(move || {
                        handle(stream, n, queue, requests);
                        closed.fetch_add(1, Ordering::SeqCst);
                    });
                }
            });
        }
        Server {
            addr,
            requests,
            connections,
            closed,
            stop,
        }
    }

    /// The base URL a client of this server is given.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v1", self.addr)
    }

    /// A client of this server with `key`, built by [`quick_client`].
    pub fn client(&self, key: &str) -> openrouter_responses::Client {
        quick_client(key, self.base_url())
            .build()
            .expect("client builds")
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Captured> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// How many connections were accepted.
    pub fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// How many connections were closed (or ended by their script).
    pub fn closed_count(&self) -> usize {
        self.closed.load(Ordering::SeqCst)
    }

    /// Waits up to two seconds for `n` connections to be closed; whether
    /// they were.
    pub fn wait_closed(&self, n: usize) -> bool {
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.closed_count() < n {
            if Instant::now() > deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(5));
        }
        true
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(
    stream: TcpStream,
    connection: usize,
    queue: Arc<Mutex<VecDeque<Reply>>>,
    requests: Arc<Mutex<Vec<Captured>>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut stream = stream;
    loop {
        let Some(request) = read_request(&mut reader, connection) else {
            return;
        };
        let is_connect = request.method == "CONNECT";
        requests.lock().unwrap().push(request);
        if is_connect {
            // Act as an HTTP proxy: open the tunnel, then serve what comes through it.
            if stream
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .is_err()
            {
                return;
            }
            continue;
        }
        let reply = queue.lock().unwrap().pop_front();
        if !answer(&mut stream, reply) {
            return;
        }
    }
}

/// Writes `reply` on `stream`; whether the connection stays open for the
/// next request.
fn answer(stream: &mut TcpStream, reply: Option<Reply>) -> bool {
    match reply {
        Some(Reply::Full {
            status,
            headers,
            body,
        }) => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            // One write: a body written after the head waits for the
            // head's ACK (Nagle), up to 40 ms on loopback.
            let mut whole = head.into_bytes();
            whole.extend_from_slice(&body);
            if stream.write_all(&whole).is_err() {
                return false;
            }
            let _ = stream.flush();
            true
        }
        Some(Reply::Script(f)) => {
            f(stream);
            let _ = stream.flush();
            let _ = stream.shutdown(std::net::Shutdown::Both);
            false
        }
        Some(Reply::KeptScript(f)) => {
            f(stream);
            let _ = stream.flush();
            true
        }
        None => false,
    }
}

/// Makes the reply to a request from the request and its number (counted
/// from 0 over all connections), for [`Server::forever`] and
/// [`Server::routed`].
type MakeReply = Arc<dyn Fn(&Captured, usize) -> Reply + Send + Sync>;

impl Server {
    /// Starts a server that answers every request, however many, with
    /// `make(n)`, `n` being the request's number (from 0).
    pub fn forever(make: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Server {
        let make: MakeReply = Arc::new(move |_, n| make(n));
        Server::listen(vec![make], serve_each)
    }

    /// Starts a server that answers every request, however many and in
    /// whatever order they come (from several threads, say), with
    /// `route(request)`.
    pub fn routed(route: impl Fn(&Captured) -> Reply + Send + Sync + 'static) -> Server {
        let make: MakeReply = Arc::new(move |request, _| route(request));
        Server::listen(vec![make], serve_each)
    }
}

/// Answers each request of a connection with the one reply maker queued.
fn serve_each(
    stream: TcpStream,
    connection: usize,
    queue: Arc<Mutex<VecDeque<MakeReply>>>,
    requests: Arc<Mutex<Vec<Captured>>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Some(make) = queue.lock().unwrap().front().cloned() else {
        return;
    };
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut stream = stream;
    loop {
        let Some(request) = read_request(&mut reader, connection) else {
            return;
        };
        let n = {
            let mut requests = requests.lock().unwrap();
            requests.push(request.clone());
            requests.len() - 1
        };
        if !answer(&mut stream, Some(make(&request, n))) {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>, connection: usize) -> Option<Captured> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Captured {
        method,
        path,
        headers,
        body,
        connection,
        at: Instant::now(),
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// One SSE event whose data is `v`, ended by its blank line.
pub fn sse_data(v: serde_json::Value) -> String {
    format!("data: {v}\n\n")
}

/// The line that ends an OpenRouter event stream after its last event.
pub const SSE_DONE: &str = "data: [DONE]\n\n";

/// The keep-alive comment OpenRouter sends while a response is prepared.
pub const SSE_PROCESSING: &str = ": OPENROUTER PROCESSING\n\n";

/// The chunks of an event stream as OpenRouter sends it: a keep-alive
/// comment, then `events` with their `sequence_number` set to 0, 1, 2...,
/// then `[DONE]`.
pub fn sse_numbered(events: Vec<serde_json::Value>) -> Vec<String> {
    let mut chunks = vec![SSE_PROCESSING.to_string()];
    for (n, mut event) in events.into_iter().enumerate() {
        event["sequence_number"] = serde_json::json!(n);
        chunks.push(sse_data(event));
    }
    chunks.push(SSE_DONE.to_string());
    chunks
}

/// A whole stream of `events` (see [`sse_numbered`]), in chunked framing on
/// a connection kept open for the next request.
pub fn streamed(events: Vec<serde_json::Value>) -> Reply {
    Reply::sse_kept(sse_numbered(events), || {})
}

/// A `response.created` event of the response `resp_sse`.
pub fn sse_created() -> String {
    sse_data(
        serde_json::json!({"type": "response.created", "sequence_number": 0,
        "response": {"id": "resp_sse", "object": "response", "status": "in_progress", "output": []}}),
    )
}

/// The `response.completed` event of the response `resp_sse`, with one
/// message saying `text`.
pub fn sse_completed(text: &str) -> String {
    sse_data(
        serde_json::json!({"type": "response.completed", "sequence_number": 9,
        "response": {"id": "resp_sse", "object": "response", "status": "completed",
            "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}]}]}}),
    )
}

/// A minimal completed response body with one message saying `text`.
pub fn completed_json(text: &str) -> String {
    completed_value(text).to_string()
}

/// The response of [`completed_json`] as a JSON value, to put in an event.
pub fn completed_value(text: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "resp_test_1",
        "object": "response",
        "created_at": 1_760_000_000,
        "completed_at": 1_760_000_002,
        "model": "openai/gpt-4o-mini",
        "status": "completed",
        "output": [{
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]
        }],
        "error": null,
        "incomplete_details": null,
        "usage": {
            "input_tokens": 10,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 5,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 15,
            "cost": 0.00012
        }
    })
}

/// A server for faults that need the socket itself: each connection gets the
/// next script, called with the request already read and the socket owned, so
/// that the script can end it any way it likes (see [`reset`]). When the
/// scripts run out, new connections are closed at once.
pub struct RawServer(Server);

/// A script of a [`RawServer`]: what it does with one accepted connection.
pub type RawScript = Box<dyn FnOnce(TcpStream) + Send>;

impl RawServer {
    /// Starts a server that ends each connection with the next of `scripts`.
    pub fn start(scripts: Vec<RawScript>) -> RawServer {
        RawServer(Server::listen(scripts, serve_raw))
    }
}

impl std::ops::Deref for RawServer {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.0
    }
}

fn serve_raw(
    stream: TcpStream,
    connection: usize,
    queue: Arc<Mutex<VecDeque<RawScript>>>,
    requests: Arc<Mutex<Vec<Captured>>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let Some(request) = read_request(&mut reader, connection) else {
        return;
    };
    drop(reader);
    requests.lock().unwrap().push(request);
    let script = queue.lock().unwrap().pop_front();
    if let Some(script) = script {
        script(stream);
    }
}

/// Boxes a script for [`RawServer::start`].
pub fn raw(f: impl FnOnce(TcpStream) + Send + 'static) -> RawScript {
    Box::new(f)
}

/// Closes the socket with a TCP RST instead of a FIN (SO_LINGER set to 0),
/// so that the peer's next read fails with "connection reset".
pub fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// `err`'s `Display`, then those of its sources, in order.
pub fn error_chain(err: &openrouter_responses::Error) -> Vec<String> {
    let mut said = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        said.push(e.to_string());
        source = e.source();
    }
    said
}

/// The kind of a transport error; `None` for any other error.
pub fn transport_kind(
    err: &openrouter_responses::Error,
) -> Option<openrouter_responses::TransportKind> {
    match err {
        openrouter_responses::Error::Transport(t) => Some(t.kind()),
        _ => None,
    }
}

/// The stream error `err` holds; `None` for any other error.
pub fn stream_error(
    err: &openrouter_responses::Error,
) -> Option<&openrouter_responses::StreamError> {
    match err {
        openrouter_responses::Error::Stream(s) => Some(s),
        _ => None,
    }
}

/// Options for a call made once, without retries.
pub fn no_retries() -> openrouter_responses::RequestOptions {
    openrouter_responses::RequestOptions::new().max_retries(0)
}

/// The environment variables a client reads: OpenRouter's settings and
/// the proxies (`NO_PROXY` apart).
pub const CLIENT_ENV_VARS: [&str; 11] = [
    "OPENROUTER_API_KEY",
    "OPENROUTER_BASE_URL",
    "OPENROUTER_HTTP_REFERER",
    "OPENROUTER_APP_TITLE",
    "OPENROUTER_APP_CATEGORIES",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// A request whose content does not matter to the test.
pub fn hello() -> openrouter_responses::Request {
    openrouter_responses::Request::builder()
        .model("openai/gpt-4o-mini")
        .input("Hello")
        .build()
}

/// A client builder for a loopback server: `key`, quick retries, timeouts
/// of 5 s, and no proxy from the environment.
pub fn quick_client(key: &str, base_url: String) -> openrouter_responses::ClientBuilder {
    openrouter_responses::Client::builder()
        .api_key(key)
        .base_url(base_url)
        .no_proxy()
        .backoff(Duration::from_millis(1), Duration::from_secs(5))
        .response_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
}

//! Command-line programs written the way a user of the crate writes them,
//! each against a loopback server that answers as OpenRouter does: a chat
//! REPL that streams each answer as it arrives, keeps the conversation and
//! lets its user interrupt an answer, and a reasoning-model chat that shows
//! the reasoning summary apart from the answer and carries the encrypted
//! reasoning from turn to turn without anything stored on the server, and a
//! chat that runs the model's function tools: it shows the reasoning and
//! each call's arguments as they stream, sends the results back, and asks
//! again when a stream is cut off.
//!
//! The server streams as OpenRouter does: a keep-alive comment, every event
//! with its `sequence_number`, the closing events that repeat the text, the
//! terminal event carrying the whole response, then `data: [DONE]`, in
//! chunked framing on a connection kept open.

mod common;

use std::io::{self, BufRead, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::{sse_numbered, streamed, write_chunk, Captured, Reply, Server};
use openrouter_responses::{
    Client, Error, Include, InputItem, OutputItem, Reasoning, ReasoningEffort,
    ReasoningSummaryVerbosity, Request, RequestOptions, Response, StopHandle, StreamDelta,
    StreamEvent, TransportKind,
};
use serde_json::{json, Value};

const KEY: &str = "sk-or-v1-cli-programs-0123456789";
const MODEL: &str = "openai/gpt-4o-mini";

// ---------------------------------------------------------------------------
// The wire: what OpenRouter streams.
// ---------------------------------------------------------------------------

/// A response object as the events carry it: the members
/// `OpenResponsesResult` requires, with `status` and `output` as given.
fn response_object(id: &str, status: &str, output: Value, usage: Option<Value>) -> Value {
    let mut r = json!({
        "id": id, "object": "response", "created_at": 1_767_100_000,
        "completed_at": if status == "in_progress" { Value::Null } else { json!(1_767_100_003) },
        "model": MODEL, "status": status, "output": output,
        "error": null, "incomplete_details": null, "instructions": null, "metadata": null,
        "temperature": null, "top_p": null, "presence_penalty": null, "frequency_penalty": null,
        "tools": [], "tool_choice": "auto", "parallel_tool_calls": true
    });
    if let Some(usage) = usage {
        r["usage"] = usage;
    }
    r
}

fn usage(input: u64, output: u64, reasoning: u64) -> Value {
    json!({
        "input_tokens": input, "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output, "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input + output, "cost": 0.000_42
    })
}

/// An assistant message item, whole.
fn message(id: &str, text: &str, status: &str) -> Value {
    json!({"type": "message", "id": id, "role": "assistant", "status": status,
           "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]})
}

/// The events that open a response and announce message `msg_id` at
/// `output_index`.
fn opening(resp_id: &str) -> Vec<Value> {
    let start = response_object(resp_id, "in_progress", json!([]), None);
    vec![
        json!({"type": "response.created", "response": start}),
        json!({"type": "response.in_progress", "response": start}),
    ]
}

fn message_added(msg_id: &str, output_index: u64) -> Vec<Value> {
    vec![
        json!({"type": "response.output_item.added", "output_index": output_index,
               "item": {"type": "message", "id": msg_id, "role": "assistant", "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "output_index": output_index, "item_id": msg_id,
               "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}),
    ]
}

fn text_delta(msg_id: &str, output_index: u64, delta: &str) -> Value {
    json!({"type": "response.output_text.delta", "output_index": output_index, "item_id": msg_id,
           "content_index": 0, "delta": delta, "logprobs": []})
}

/// The closing events of message `msg_id` whose whole text is `text`.
fn message_done(msg_id: &str, output_index: u64, text: &str) -> Vec<Value> {
    vec![
        json!({"type": "response.output_text.done", "output_index": output_index, "item_id": msg_id,
               "content_index": 0, "text": text, "logprobs": []}),
        json!({"type": "response.content_part.done", "output_index": output_index, "item_id": msg_id,
               "content_index": 0, "part": {"type": "output_text", "text": text, "annotations": [], "logprobs": []}}),
        json!({"type": "response.output_item.done", "output_index": output_index,
               "item": message(msg_id, text, "completed")}),
    ]
}

/// A whole streamed text answer: `deltas` joined is the text.
fn text_answer(resp_id: &str, msg_id: &str, deltas: &[&str], usage: Value) -> Vec<Value> {
    let text: String = deltas.concat();
    let mut events = opening(resp_id);
    events.extend(message_added(msg_id, 0));
    events.extend(deltas.iter().map(|d| text_delta(msg_id, 0, d)));
    events.extend(message_done(msg_id, 0, &text));
    events.push(json!({"type": "response.completed",
        "response": response_object(resp_id, "completed", json!([message(msg_id, &text, "completed")]), Some(usage))}));
    events
}

/// The head of a chunked event-stream answer.
const SSE_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";

/// A stream that sends `events` and then nothing more, holding the
/// connection open until the client closes it (or 10 s pass); `closed`
/// is told whether the client closed it.
fn stalls_after(events: Vec<Value>, closed: mpsc::Sender<bool>) -> Reply {
    Reply::script(move |s| {
        let _ = s.write_all(SSE_HEAD.as_bytes());
        let mut chunks = sse_numbered(events);
        chunks.pop(); // no [DONE]: the answer is still being written
        for chunk in chunks {
            let _ = write_chunk(s, &chunk);
        }
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        let mut buf = [0u8; 64];
        let by_client = match s.read(&mut buf) {
            Ok(n) => n == 0,
            Err(e) => !matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ),
        };
        let _ = closed.send(by_client);
    })
}

/// A long stream written slowly, one delta every 10 ms; `written` is told
/// how many deltas reached the socket before a write failed (the client
/// went away) or all of them did.
fn slow_answer(
    resp_id: &str,
    msg_id: &str,
    deltas: Vec<String>,
    written: mpsc::Sender<usize>,
) -> Reply {
    let refs: Vec<&str> = deltas.iter().map(String::as_str).collect();
    let chunks = sse_numbered(text_answer(resp_id, msg_id, &refs, usage(30, 200, 0)));
    let total = deltas.len();
    Reply::script(move |s| {
        let _ = s.write_all(SSE_HEAD.as_bytes());
        let mut sent = 0;
        for chunk in chunks {
            if write_chunk(s, &chunk).is_err() {
                break;
            }
            if chunk.contains("output_text.delta") {
                sent += 1;
                thread::sleep(Duration::from_millis(10));
            }
        }
        let _ = written.send(sent.min(total));
    })
}

// ---------------------------------------------------------------------------
// 1. A chat REPL.
// ---------------------------------------------------------------------------

/// How the REPL keeps the conversation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Memory {
    /// As with a server that stores responses: only the new message and the
    /// id of the last answer. OpenRouter refuses it; the REPL then falls
    /// back to `Carried` for good.
    PreviousResponseId,
    /// The whole conversation in `input`, every turn.
    Carried,
}

/// What the terminal's Ctrl-C handler shares with the REPL: a flag the
/// REPL checks between deltas, and the handle that stops a call blocked
/// on the network.
#[derive(Clone, Default)]
struct Interrupt {
    pressed: Arc<AtomicBool>,
    stop: StopHandle,
}

impl Interrupt {
    /// What the Ctrl-C handler does.
    fn press(&self, stop_the_call: bool) {
        self.pressed.store(true, Ordering::SeqCst);
        if stop_the_call {
            self.stop.stop();
        }
    }
}

struct Repl<'c> {
    client: &'c Client,
    memory: Memory,
    history: Vec<InputItem>,
    last_response: Option<String>,
    interrupt: Interrupt,
}

/// How a turn ended.
enum Turn {
    Answered,
    Interrupted,
    Failed(Error),
}

impl<'c> Repl<'c> {
    fn new(client: &'c Client, memory: Memory, interrupt: Interrupt) -> Self {
        Repl {
            client,
            memory,
            history: Vec::new(),
            last_response: None,
            interrupt,
        }
    }

    /// Reads lines until `/quit` or the end of input; each line is a turn.
    fn run(&mut self, input: impl BufRead, out: &mut impl Write) -> io::Result<()> {
        for line in input.lines() {
            let line = line?;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if line == "/quit" {
                break;
            }
            writeln!(out, "you> {line}")?;
            write!(out, "bot> ")?;
            out.flush()?;
            match self.turn(line, out)? {
                Turn::Answered => writeln!(out)?,
                Turn::Interrupted => writeln!(out, " [interrupted]")?,
                Turn::Failed(e) => writeln!(out, "[error: {e}]")?,
            }
        }
        Ok(())
    }

    fn request(&self, question: &InputItem) -> Request {
        let builder = Request::builder()
            .model(MODEL)
            .instructions("You are a terse assistant.");
        match (&self.memory, &self.last_response) {
            (Memory::PreviousResponseId, Some(id)) => builder
                .previous_response_id(id.clone())
                .input_items([question.clone()]),
            _ => builder.input_items(self.history.iter().cloned().chain([question.clone()])),
        }
        .build()
    }

    fn turn(&mut self, line: &str, out: &mut impl Write) -> io::Result<Turn> {
        let question = InputItem::user(line);
        self.interrupt.pressed.store(false, Ordering::SeqCst);
        let options = RequestOptions::new().stop_handle(&self.interrupt.stop);
        let mut stream = match self.client.stream_with(&self.request(&question), &options) {
            Ok(stream) => stream,
            Err(Error::Api(e))
                if self.memory == Memory::PreviousResponseId
                    && e.status == 400
                    && e.message.contains("previous_response_id") =>
            {
                // This server keeps nothing: carry the conversation from now on.
                self.memory = Memory::Carried;
                return self.turn(line, out);
            }
            Err(e) => return Ok(Turn::Failed(e)),
        };
        let mut interrupted = false;
        for delta in stream.text_deltas() {
            match delta {
                Ok(text) => {
                    out.write_all(text.as_bytes())?;
                    out.flush()?;
                }
                Err(Error::Transport(t)) if t.kind() == TransportKind::Stopped => {
                    interrupted = true;
                    break;
                }
                Err(e) => return Ok(Turn::Failed(e)),
            }
            if self.interrupt.pressed.load(Ordering::SeqCst) {
                interrupted = true;
                break;
            }
        }
        self.history.push(question);
        if interrupted {
            // What the user saw stays in the conversation, as said so far.
            if let Some(partial) = stream.snapshot().map(Response::output_text) {
                self.history.push(InputItem::assistant(partial));
            }
            drop(stream);
            self.last_response = None;
            return Ok(Turn::Interrupted);
        }
        match stream.final_response().and_then(Response::into_result) {
            Ok(response) => {
                self.history.extend(response.to_input_items());
                self.last_response = Some(response.id);
                Ok(Turn::Answered)
            }
            Err(e) => Ok(Turn::Failed(e)),
        }
    }
}

/// A writer that is the user's terminal: it keeps what was shown and calls
/// `on_write` with all of it after each write (where the user reacts).
#[derive(Clone)]
struct Terminal {
    shown: Arc<Mutex<Vec<u8>>>,
    on_write: Arc<dyn Fn(&str) + Send + Sync>,
}

impl Terminal {
    fn new(on_write: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Terminal {
            shown: Arc::default(),
            on_write: Arc::new(on_write),
        }
    }

    fn text(&self) -> String {
        String::from_utf8(self.shown.lock().unwrap().clone()).expect("UTF-8 shown")
    }
}

impl Write for Terminal {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.shown.lock().unwrap().extend_from_slice(buf);
        let text = self.text();
        (self.on_write)(&text);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn user_text(item: &Value) -> (&str, &str) {
    let role = item["role"].as_str().unwrap_or("?");
    let text = match &item["content"] {
        Value::String(s) => s.as_str(),
        Value::Array(parts) => parts
            .first()
            .and_then(|p| p["text"].as_str())
            .unwrap_or("?"),
        _ => "?",
    };
    (role, text)
}

/// The conversation a request carried, as (role, text) pairs.
fn carried(request: &Captured) -> Vec<(String, String)> {
    let body = request.json();
    body["input"]
        .as_array()
        .expect("input is a list")
        .iter()
        .map(|item| {
            let (role, text) = user_text(item);
            (role.to_string(), text.to_string())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(r, t)| (r.to_string(), t.to_string()))
        .collect()
}

#[test]
fn repl_with_previous_response_id_is_refused_once_then_carries_the_conversation() {
    let refused = json!({"error": {"code": 400,
        "message": "previous_response_id is not supported. The Responses API is stateless: send the full conversation history in input."}});
    let server = Server::start(vec![
        streamed(text_answer(
            "resp_r1",
            "msg_r1",
            &["Hello", "! How can", " I help?"],
            usage(20, 6, 0),
        )),
        Reply::json(400, &refused.to_string()),
        streamed(text_answer(
            "resp_r2",
            "msg_r2",
            &["Lisbon", "."],
            usage(40, 2, 0),
        )),
        streamed(text_answer(
            "resp_r3",
            "msg_r3",
            &["About 545", " 000."],
            usage(50, 4, 0),
        )),
    ]);
    let client = server.client(KEY);
    let terminal = Terminal::new(|_| {});
    let mut repl = Repl::new(&client, Memory::PreviousResponseId, Interrupt::default());
    let typed = "hi\n\nCapital of Portugal?\nHow many people live there?\n/quit\nnot read\n";
    repl.run(typed.as_bytes(), &mut terminal.clone()).unwrap();

    assert_eq!(
        terminal.text(),
        "you> hi\nbot> Hello! How can I help?\n\
         you> Capital of Portugal?\nbot> Lisbon.\n\
         you> How many people live there?\nbot> About 545 000.\n",
        "the refusal never reached the user"
    );
    assert_eq!(repl.memory, Memory::Carried);

    let requests = server.requests();
    assert_eq!(requests.len(), 4, "the 400 is not retried");
    let first = requests[0].json();
    assert_eq!(first["stream"], true);
    assert_eq!(first["instructions"], "You are a terse assistant.");
    assert!(first.get("previous_response_id").is_none());
    let refused_body = requests[1].json();
    assert_eq!(refused_body["previous_response_id"], "resp_r1");
    assert_eq!(
        carried(&requests[1]),
        pairs(&[("user", "Capital of Portugal?")])
    );
    // The same turn again, with everything said so far.
    assert!(requests[2].json().get("previous_response_id").is_none());
    assert_eq!(
        carried(&requests[2]),
        pairs(&[
            ("user", "hi"),
            ("assistant", "Hello! How can I help?"),
            ("user", "Capital of Portugal?"),
        ])
    );
    // The answers go back as the output items they were (id and status).
    let echoed = &requests[2].json()["input"][1];
    assert_eq!(echoed["id"], "msg_r1");
    assert_eq!(echoed["type"], "message");
    assert_eq!(echoed["status"], "completed");
    assert_eq!(
        carried(&requests[3]),
        pairs(&[
            ("user", "hi"),
            ("assistant", "Hello! How can I help?"),
            ("user", "Capital of Portugal?"),
            ("assistant", "Lisbon."),
            ("user", "How many people live there?"),
        ])
    );
    // A stream read to its end leaves its connection to the next turn; the
    // 400 answer, read whole, too.
    let connections: Vec<usize> = requests.iter().map(|r| r.connection).collect();
    assert_eq!(connections, [0, 0, 0, 0], "{connections:?}");
}

#[test]
fn repl_interrupted_by_its_stop_handle_goes_on_with_the_next_turn_on_the_same_client() {
    let (closed_tx, closed_rx) = mpsc::channel();
    let mut stalled = opening("resp_s1");
    stalled.extend(message_added("msg_s1", 0));
    stalled.push(text_delta("msg_s1", 0, "Once upon a time"));
    let server = Server::start(vec![
        streamed(text_answer(
            "resp_s0",
            "msg_s0",
            &["Sure."],
            usage(15, 2, 0),
        )),
        stalls_after(stalled, closed_tx),
        streamed(text_answer(
            "resp_s2",
            "msg_s2",
            &["A fox", " ran."],
            usage(60, 4, 0),
        )),
    ]);
    let client = server.client(KEY);
    let interrupt = Interrupt::default();
    // The user presses Ctrl-C once the story has started, while the REPL
    // waits for more of it; the handler runs on a thread of its own.
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let started_tx = Mutex::new(started_tx);
    let terminal = Terminal::new(move |shown| {
        if shown.ends_with("Once upon a time") {
            let _ = started_tx.lock().unwrap().send(());
        }
    });
    let handler = interrupt.clone();
    let ctrl_c = thread::spawn(move || {
        if started_rx.recv_timeout(Duration::from_secs(5)).is_ok() {
            thread::sleep(Duration::from_millis(100));
            handler.press(true);
        }
    });
    let mut repl = Repl::new(&client, Memory::Carried, interrupt);
    let typed = "Tell me stories.\nA long story, please.\nA short one then.\n";
    let started = std::time::Instant::now();
    repl.run(typed.as_bytes(), &mut terminal.clone()).unwrap();
    ctrl_c.join().unwrap();

    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the stop did not wait for the stalled stream: {:?}",
        started.elapsed()
    );
    assert_eq!(
        terminal.text(),
        "you> Tell me stories.\nbot> Sure.\n\
         you> A long story, please.\nbot> Once upon a time [interrupted]\n\
         you> A short one then.\nbot> A fox ran.\n"
    );
    assert_eq!(
        closed_rx.recv_timeout(Duration::from_secs(5)),
        Ok(true),
        "the stop closed the stalled connection"
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        carried(&requests[2]),
        pairs(&[
            ("user", "Tell me stories."),
            ("assistant", "Sure."),
            ("user", "A long story, please."),
            ("assistant", "Once upon a time"),
            ("user", "A short one then."),
        ])
    );
    // The partial answer goes back as a plain assistant message.
    assert_eq!(
        requests[2].json()["input"][3],
        json!({"type": "message", "role": "assistant", "content": "Once upon a time"})
    );
    // A completed stream leaves its connection to the next turn; a stopped
    // one closes it, and the turn after it opens another.
    assert_eq!(requests[1].connection, requests[0].connection);
    assert_ne!(requests[2].connection, requests[1].connection);
}

#[test]
fn repl_interrupted_by_dropping_its_stream_goes_on_with_the_next_turn_on_the_same_client() {
    let (written_tx, written_rx) = mpsc::channel();
    let long: Vec<String> = (0..300).map(|n| format!("word{n} ")).collect();
    let server = Server::start(vec![
        slow_answer("resp_d1", "msg_d1", long, written_tx),
        streamed(text_answer(
            "resp_d2",
            "msg_d2",
            &["Fine: ", "no."],
            usage(80, 3, 0),
        )),
    ]);
    let client = server.client(KEY);
    let interrupt = Interrupt::default();
    let handler = interrupt.clone();
    // Ctrl-C after three words; the REPL checks the flag between deltas and
    // drops the stream (nothing is blocked, so no stop is needed).
    let terminal = Terminal::new(move |shown| {
        if shown.ends_with("word2 ") {
            handler.press(false);
        }
    });
    let mut repl = Repl::new(&client, Memory::Carried, interrupt);
    let typed = "Count in words.\nStop counting. Anything else?\n";
    repl.run(typed.as_bytes(), &mut terminal.clone()).unwrap();

    assert_eq!(
        terminal.text(),
        "you> Count in words.\nbot> word0 word1 word2  [interrupted]\n\
         you> Stop counting. Anything else?\nbot> Fine: no.\n"
    );
    let written = written_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        written < 300,
        "the dropped stream closed its connection: the server could write only {written} deltas"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_ne!(requests[1].connection, requests[0].connection);
    assert_eq!(
        carried(&requests[1]),
        pairs(&[
            ("user", "Count in words."),
            ("assistant", "word0 word1 word2 "),
            ("user", "Stop counting. Anything else?"),
        ])
    );
}

// ---------------------------------------------------------------------------
// 2. A reasoning-model chat, stateless.
// ---------------------------------------------------------------------------

const REASONING_MODEL: &str = "anthropic/claude-sonnet-4";

/// A streamed answer of a reasoning model: a reasoning item whose summary
/// streams in two parts, then the answer. The reasoning's encrypted form
/// comes with its `output_item.done` and the terminal response.
fn reasoning_answer(
    resp_id: &str,
    rs_id: &str,
    summary: &[&[&str]],
    encrypted: &str,
    msg_id: &str,
    deltas: &[&str],
    reasoning_tokens: u64,
) -> Vec<Value> {
    let mut events = opening(resp_id);
    events.push(
        json!({"type": "response.output_item.added", "output_index": 0,
        "item": {"type": "reasoning", "id": rs_id, "summary": [], "status": "in_progress",
                 "format": "anthropic-claude-v1"}}),
    );
    let mut parts = Vec::new();
    for (index, part) in summary.iter().enumerate() {
        let text: String = part.concat();
        events.push(json!({"type": "response.reasoning_summary_part.added", "item_id": rs_id,
            "output_index": 0, "summary_index": index, "part": {"type": "summary_text", "text": ""}}));
        for delta in *part {
            events.push(
                json!({"type": "response.reasoning_summary_text.delta", "item_id": rs_id,
                "output_index": 0, "summary_index": index, "delta": delta}),
            );
        }
        events.push(
            json!({"type": "response.reasoning_summary_text.done", "item_id": rs_id,
            "output_index": 0, "summary_index": index, "text": text}),
        );
        events.push(json!({"type": "response.reasoning_summary_part.done", "item_id": rs_id,
            "output_index": 0, "summary_index": index, "part": {"type": "summary_text", "text": text}}));
        parts.push(json!({"type": "summary_text", "text": text}));
    }
    let reasoning = json!({"type": "reasoning", "id": rs_id, "summary": parts, "status": "completed",
        "encrypted_content": encrypted, "format": "anthropic-claude-v1", "signature": format!("sig-{rs_id}")});
    events.push(json!({"type": "response.output_item.done", "output_index": 0, "item": reasoning}));
    let text: String = deltas.concat();
    events.extend(message_added(msg_id, 1));
    events.extend(deltas.iter().map(|d| text_delta(msg_id, 1, d)));
    events.extend(message_done(msg_id, 1, &text));
    let mut done = response_object(
        resp_id,
        "completed",
        json!([reasoning, message(msg_id, &text, "completed")]),
        Some(usage(120, 40 + reasoning_tokens, reasoning_tokens)),
    );
    done["model"] = json!(REASONING_MODEL);
    done["reasoning"] = json!({"effort": "high", "summary": "detailed"});
    done["store"] = json!(false);
    events.push(json!({"type": "response.completed", "response": done}));
    events
}

/// What the program shows of one turn, and what it keeps.
#[derive(Debug, Default)]
struct Thought {
    thinking: String,
    answer: String,
    reasoning_tokens: u64,
    output_tokens: u64,
}

struct Thinker<'c> {
    client: &'c Client,
    history: Vec<InputItem>,
}

impl Thinker<'_> {
    fn ask(&mut self, question: &str) -> Result<Thought, Error> {
        self.history.push(InputItem::user(question));
        let request = Request::builder()
            .model(REASONING_MODEL)
            .input_items(self.history.clone())
            .reasoning(
                Reasoning::new()
                    .effort(ReasoningEffort::High)
                    .summary(ReasoningSummaryVerbosity::Detailed),
            )
            .include_one(Include::ReasoningEncryptedContent)
            .store(false)
            .build();
        let mut stream = self.client.stream(&request)?;
        let mut thought = Thought::default();
        for event in stream.by_ref() {
            match event? {
                StreamEvent::ReasoningSummaryPartAdded(p) if p.summary_index > 0 => {
                    thought.thinking.push('\n');
                }
                StreamEvent::ReasoningSummaryTextDelta(d) => thought.thinking.push_str(&d.delta),
                StreamEvent::OutputTextDelta(d) => thought.answer.push_str(&d.delta),
                _ => {}
            }
        }
        let response = stream.final_response()?.into_result()?;
        if let Some(usage) = &response.usage {
            thought.reasoning_tokens = usage.output_tokens_details.reasoning_tokens;
            thought.output_tokens = usage.output_tokens;
        }
        // Stateless: the reasoning goes back encrypted, with the answer.
        self.history.extend(response.to_input_items());
        Ok(thought)
    }
}

#[test]
fn reasoning_chat_streams_the_summary_apart_and_sends_the_encrypted_reasoning_back() {
    let server = Server::start(vec![
        streamed(reasoning_answer(
            "resp_t1",
            "rs_t1",
            &[
                &["Compare ", "9.11 and 9.9 digit by digit."],
                &["0.9 > 0.11."],
            ],
            "gAAAAB-turn-one-opaque==",
            "msg_t1",
            &["9.9 is ", "larger."],
            96,
        )),
        streamed(reasoning_answer(
            "resp_t2",
            "rs_t2",
            &[&["Subtract: 9.9 − 9.11 = 0.79."]],
            "gAAAAB-turn-two-opaque==",
            "msg_t2",
            &["By 0.79."],
            31,
        )),
    ]);
    let client = server.client(KEY);
    let mut thinker = Thinker {
        client: &client,
        history: Vec::new(),
    };

    let first = thinker.ask("Which is larger, 9.11 or 9.9?").unwrap();
    assert_eq!(
        first.thinking,
        "Compare 9.11 and 9.9 digit by digit.\n0.9 > 0.11."
    );
    assert_eq!(first.answer, "9.9 is larger.");
    assert_eq!((first.reasoning_tokens, first.output_tokens), (96, 136));

    let second = thinker.ask("By how much?").unwrap();
    assert_eq!(second.thinking, "Subtract: 9.9 − 9.11 = 0.79.");
    assert_eq!(second.answer, "By 0.79.");
    assert_eq!(second.reasoning_tokens, 31);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let body = request.json();
        assert_eq!(body["store"], false);
        assert_eq!(body["include"], json!(["reasoning.encrypted_content"]));
        assert_eq!(
            body["reasoning"],
            json!({"effort": "high", "summary": "detailed"})
        );
        assert_eq!(body["stream"], true);
        assert!(body.get("previous_response_id").is_none());
    }
    let input = requests[1].json()["input"].clone();
    let input = input.as_array().unwrap();
    assert_eq!(input.len(), 4, "{input:?}");
    assert_eq!(
        input[0],
        json!({"type": "message", "role": "user", "content": "Which is larger, 9.11 or 9.9?"})
    );
    // The reasoning item exactly as it came, so the provider can read its
    // own encrypted reasoning and signature.
    assert_eq!(
        input[1],
        json!({"type": "reasoning", "id": "rs_t1", "status": "completed",
               "summary": [{"type": "summary_text", "text": "Compare 9.11 and 9.9 digit by digit."},
                           {"type": "summary_text", "text": "0.9 > 0.11."}],
               "encrypted_content": "gAAAAB-turn-one-opaque==",
               "format": "anthropic-claude-v1", "signature": "sig-rs_t1"})
    );
    assert_eq!(input[2], message("msg_t1", "9.9 is larger.", "completed"));
    assert_eq!(
        input[3],
        json!({"type": "message", "role": "user", "content": "By how much?"})
    );
}

/// The encrypted reasoning of a stream is kept even when the terminal
/// event carries no output (the items built from the events are then the
/// response's): the next turn still has it.
#[test]
fn reasoning_chat_keeps_the_encrypted_reasoning_when_the_terminal_event_has_no_output() {
    let mut events = reasoning_answer(
        "resp_e1",
        "rs_e1",
        &[&["Think."]],
        "gAAAAB-only-in-item-done==",
        "msg_e1",
        &["Done."],
        12,
    );
    let last = events.last_mut().unwrap();
    last["response"]["output"] = json!([]);
    let server = Server::start(vec![streamed(events)]);
    let client = server.client(KEY);
    let mut thinker = Thinker {
        client: &client,
        history: Vec::new(),
    };
    let thought = thinker.ask("Go.").unwrap();
    assert_eq!(
        (thought.thinking.as_str(), thought.answer.as_str()),
        ("Think.", "Done.")
    );
    let items = serde_json::to_value(&thinker.history).unwrap();
    assert_eq!(items[1]["type"], "reasoning");
    assert_eq!(items[1]["encrypted_content"], "gAAAAB-only-in-item-done==");
    assert_eq!(items[1]["signature"], "sig-rs_e1");
    assert_eq!(items[2]["content"][0]["text"], "Done.");
}

/// An answer that fails part-way, by an `error` event or a
/// `response.failed` one, is shown as an error; the next turn, on the same
/// client, gets its own answer whole and carries no trace of the failure.
#[test]
fn repl_turns_after_an_answer_that_failed_mid_stream_are_clean() {
    let mut broken = opening("resp_f1");
    broken.extend(message_added("msg_f1", 0));
    broken.push(text_delta("msg_f1", 0, "The answer is"));
    broken.push(json!({"type": "error", "code": "server_error",
        "message": "Upstream provider disconnected", "param": null}));
    let mut failed = opening("resp_f3");
    failed.extend(message_added("msg_f3", 0));
    failed.push(text_delta("msg_f3", 0, "Let me"));
    let mut failure = response_object("resp_f3", "failed", json!([]), Some(usage(10, 2, 0)));
    failure["error"] = json!({"code": "server_error", "message": "Provider stopped."});
    failure["error_type"] = json!("provider_unavailable");
    failed.push(json!({"type": "response.failed", "response": failure}));
    let server = Server::start(vec![
        streamed(broken),
        streamed(text_answer(
            "resp_f2",
            "msg_f2",
            &["Forty", "-two."],
            usage(30, 3, 0),
        )),
        streamed(failed),
        streamed(text_answer(
            "resp_f4",
            "msg_f4",
            &["Still", " here."],
            usage(40, 3, 0),
        )),
    ]);
    let client = server.client(KEY);
    let terminal = Terminal::new(|_| {});
    let mut repl = Repl::new(&client, Memory::Carried, Interrupt::default());
    let typed = "The answer?\nAgain?\nAnd now?\nStill there?\n";
    repl.run(typed.as_bytes(), &mut terminal.clone()).unwrap();

    assert_eq!(
        terminal.text(),
        "you> The answer?\nbot> The answer is[error: api error in stream (server_error): Upstream provider disconnected]\n\
         you> Again?\nbot> Forty-two.\n\
         you> And now?\nbot> Let me[error: api error in stream (server_error, provider_unavailable): Provider stopped.]\n\
         you> Still there?\nbot> Still here.\n"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    // A failed turn is not part of the conversation.
    assert_eq!(carried(&requests[1]), pairs(&[("user", "Again?")]));
    assert_eq!(
        carried(&requests[3]),
        pairs(&[
            ("user", "Again?"),
            ("assistant", "Forty-two."),
            ("user", "Still there?")
        ])
    );
}

// ---------------------------------------------------------------------------
// 3. A terminal chat that runs the model's function tools.
// ---------------------------------------------------------------------------

/// The events that announce reasoning item `id` at `output_index` and
/// stream its summary, one part per element of `parts`, each in pieces;
/// `closed`: with the closing events of its parts and item.
fn reasoning_streamed(id: &str, output_index: u64, parts: &[&[&str]], closed: bool) -> Vec<Value> {
    let mut events = vec![
        json!({"type": "response.output_item.added", "output_index": output_index,
        "item": {"type": "reasoning", "id": id, "summary": [], "status": "in_progress"}}),
    ];
    for (i, pieces) in parts.iter().enumerate() {
        let at = json!({"output_index": output_index, "item_id": id, "summary_index": i});
        let with = |mut v: Value| {
            for (k, x) in at.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        events.push(with(
            json!({"type": "response.reasoning_summary_part.added",
            "part": {"type": "summary_text", "text": ""}}),
        ));
        for piece in *pieces {
            events.push(with(
                json!({"type": "response.reasoning_summary_text.delta", "delta": piece}),
            ));
        }
        if closed {
            let text = pieces.concat();
            events.push(with(
                json!({"type": "response.reasoning_summary_text.done", "text": text}),
            ));
            events.push(with(json!({"type": "response.reasoning_summary_part.done",
                "part": {"type": "summary_text", "text": text}})));
        }
    }
    if closed {
        events.push(
            json!({"type": "response.output_item.done", "output_index": output_index,
            "item": reasoning_item(id, parts)}),
        );
    }
    events
}

fn reasoning_item(id: &str, parts: &[&[&str]]) -> Value {
    let summary: Vec<Value> = parts
        .iter()
        .map(|p| json!({"type": "summary_text", "text": p.concat()}))
        .collect();
    json!({"type": "reasoning", "id": id, "summary": summary, "status": "completed"})
}

fn call_item(id: &str, call_id: &str, name: &str, arguments: &str, status: &str) -> Value {
    json!({"type": "function_call", "id": id, "call_id": call_id, "name": name,
           "arguments": arguments, "status": status})
}

/// The events of function call `id` at `output_index`, its arguments in
/// `pieces`; `closed`: with its closing events.
fn call_streamed(
    (id, call_id, name): (&str, &str, &str),
    output_index: u64,
    pieces: &[&str],
    closed: bool,
) -> Vec<Value> {
    let mut events = vec![
        json!({"type": "response.output_item.added", "output_index": output_index,
        "item": call_item(id, call_id, name, "", "in_progress")}),
    ];
    for piece in pieces {
        events.push(json!({"type": "response.function_call_arguments.delta",
            "output_index": output_index, "item_id": id, "delta": piece}));
    }
    if closed {
        let arguments = pieces.concat();
        events.push(json!({"type": "response.function_call_arguments.done",
            "output_index": output_index, "item_id": id, "arguments": arguments}));
        events.push(
            json!({"type": "response.output_item.done", "output_index": output_index,
            "item": call_item(id, call_id, name, &arguments, "completed")}),
        );
    }
    events
}

/// A stream that sends `events` in chunked framing and breaks off inside
/// the next chunk: the connection closes in the middle of an event.
fn breaks_off_after(events: Vec<Value>) -> Reply {
    Reply::script(move |s| {
        let _ = s.write_all(SSE_HEAD.as_bytes());
        let mut chunks = sse_numbered(events);
        chunks.pop();
        for chunk in chunks {
            let _ = write_chunk(s, &chunk);
        }
        let _ = write!(s, "80\r\ndata: {{\"type\":\"response.function_call_argu");
        let _ = s.flush();
    })
}

/// A stream whose body ends cleanly after `events`, before its terminal
/// event: the chunked framing is closed properly.
fn ends_after(events: Vec<Value>) -> Reply {
    let mut chunks = sse_numbered(events);
    chunks.pop();
    Reply::sse_kept(chunks, || {})
}

/// What the terminal is showing: reasoning, a call's arguments, or the
/// answer, with the item (and summary part) it belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Showing {
    Nothing,
    Thinking(usize, usize),
    Call(usize),
    Answer,
}

struct ToolChat<'c> {
    client: &'c Client,
    history: Vec<InputItem>,
    /// The calls run, as (name, arguments), in order.
    ran: Vec<(String, String)>,
}

impl<'c> ToolChat<'c> {
    /// At most this many requests for one line: rounds of tools plus
    /// attempts again after a cut-off stream.
    const MAX_REQUESTS: usize = 8;

    fn tools() -> Vec<openrouter_responses::Tool> {
        use openrouter_responses::Tool;
        let city = json!({"type": "object", "properties": {"city": {"type": "string"}},
                          "required": ["city"], "additionalProperties": false});
        let celsius = json!({"type": "object", "properties": {"celsius": {"type": "number"}},
                             "required": ["celsius"], "additionalProperties": false});
        vec![
            Tool::function("get_weather", "The weather in a city now.", city),
            Tool::function("to_fahrenheit", "Converts °C to °F.", celsius),
        ]
    }

    /// Runs a tool: its output, or what went wrong, for the model to read.
    fn run_tool(&mut self, call: &openrouter_responses::FunctionCall) -> String {
        self.ran.push((call.name.clone(), call.arguments.clone()));
        let args: Value = match call.parse_arguments() {
            Ok(args) => args,
            Err(e) => return format!("error: arguments are not JSON: {e}"),
        };
        match (call.name.as_str(), &args["city"], &args["celsius"]) {
            ("get_weather", Value::String(city), _) => match city.as_str() {
                "Oslo" => "4 °C, rain".into(),
                "Lisbon" => "19 °C, sun".into(),
                _ => "unknown city".into(),
            },
            ("to_fahrenheit", _, Value::Number(c)) => {
                format!("{:.0} °F", c.as_f64().unwrap_or(0.0) * 9.0 / 5.0 + 32.0)
            }
            (name, _, _) => format!("error: no tool {name} for {args}"),
        }
    }

    fn request(&self) -> Request {
        Request::builder()
            .model(MODEL)
            .tools(Self::tools())
            .reasoning(Reasoning::new().summary(ReasoningSummaryVerbosity::Auto))
            .input_items(self.history.iter().cloned())
            .build()
    }

    fn run(&mut self, input: impl BufRead, out: &mut impl Write) -> io::Result<()> {
        for line in input.lines() {
            let line = line?;
            writeln!(out, "you> {line}")?;
            self.history.push(InputItem::user(line));
            if let Err(e) = self.turn(out)? {
                writeln!(out, "[error: {e}]")?;
            }
        }
        Ok(())
    }

    /// Asks until the model answers without calling a tool.
    fn turn(&mut self, out: &mut impl Write) -> io::Result<Result<(), Error>> {
        for _ in 0..Self::MAX_REQUESTS {
            let response = match self.stream_one(out)? {
                Ok(Some(response)) => response,
                // Cut off: the same request again.
                Ok(None) => continue,
                Err(e) => return Ok(Err(e)),
            };
            let calls: Vec<_> = response.function_calls().cloned().collect();
            self.history.extend(response.into_input_items());
            if calls.is_empty() {
                return Ok(Ok(()));
            }
            for call in &calls {
                let result = self.run_tool(call);
                writeln!(out, "  -> {}: {result}", call.name)?;
                self.history
                    .push(InputItem::function_call_output(&call.call_id, result));
            }
        }
        writeln!(out, "[giving up]")?;
        Ok(Ok(()))
    }

    /// One request, shown as it streams: `None` when the stream was cut off
    /// (said so on the terminal), to be asked again.
    fn stream_one(&mut self, out: &mut impl Write) -> io::Result<Result<Option<Response>, Error>> {
        let mut stream = match self.client.stream(&self.request()) {
            Ok(stream) => stream,
            Err(e) => return Ok(Err(e)),
        };
        let mut showing = Showing::Nothing;
        let mut failed = None;
        let mut deltas = stream.deltas();
        while let Some(delta) = deltas.next() {
            let delta = match delta {
                Ok(delta) => delta,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            let now = match &delta {
                StreamDelta::ReasoningSummary {
                    output_index,
                    summary_index,
                    ..
                } => Showing::Thinking(*output_index, *summary_index),
                StreamDelta::FunctionCallArguments { output_index, .. } => {
                    Showing::Call(*output_index)
                }
                StreamDelta::Text(_) => Showing::Answer,
                _ => continue,
            };
            if now != showing {
                if showing != Showing::Nothing {
                    writeln!(out)?;
                }
                match now {
                    Showing::Thinking(..) => write!(out, "  (thinking) ")?,
                    Showing::Call(i) => {
                        let name = match deltas.item(i) {
                            Some(OutputItem::FunctionCall(call)) => call.name.as_str(),
                            _ => "?",
                        };
                        write!(out, "  [{name}] ")?;
                    }
                    _ => write!(out, "bot> ")?,
                }
                showing = now;
            }
            out.write_all(delta.text().as_bytes())?;
            out.flush()?;
        }
        if showing != Showing::Nothing {
            writeln!(out)?;
        }
        match failed {
            Some(e) if e.is_retryable() => {
                writeln!(out, "  [connection lost: asking again]")?;
                return Ok(Ok(None));
            }
            Some(e) => return Ok(Err(e)),
            None if stream.ended_early() => {
                writeln!(out, "  [answer cut off: asking again]")?;
                return Ok(Ok(None));
            }
            None => {}
        }
        Ok(stream
            .final_response()
            .and_then(Response::into_result)
            .map(Some))
    }
}

#[test]
fn tool_chat_shows_reasoning_and_calls_as_they_stream_runs_the_tools_and_survives_cut_streams() {
    let oslo = ("fc_1", "call_oslo", "get_weather");
    let lisbon = ("fc_2", "call_lisbon", "get_weather");
    let thought: &[&[&str]] = &[&["Two cities: ", "one call each."]];
    // Turn 1, first try: the stream breaks off inside Lisbon's arguments.
    let mut cut = opening("resp_t1");
    cut.extend(reasoning_streamed("rs_1", 0, thought, true));
    cut.extend(call_streamed(oslo, 1, &["{\"city\":", "\"Oslo\"}"], true));
    cut.extend(call_streamed(lisbon, 2, &["{\"city\":\"Lis"], false));
    // Asked again: the whole round, the terminal event carrying every item.
    let mut round = opening("resp_t2");
    round.extend(reasoning_streamed("rs_1", 0, thought, true));
    round.extend(call_streamed(oslo, 1, &["{\"city\":", "\"Oslo\"}"], true));
    round.extend(call_streamed(
        lisbon,
        2,
        &["{\"city\":\"Lis", "bon\"}"],
        true,
    ));
    let output = json!([
        reasoning_item("rs_1", thought),
        call_item(
            "fc_1",
            "call_oslo",
            "get_weather",
            "{\"city\":\"Oslo\"}",
            "completed"
        ),
        call_item(
            "fc_2",
            "call_lisbon",
            "get_weather",
            "{\"city\":\"Lisbon\"}",
            "completed"
        ),
    ]);
    round.push(json!({"type": "response.completed",
        "response": response_object("resp_t2", "completed", output, Some(usage(40, 30, 10)))}));
    // Turn 2: a server whose items come only as events (no closing events,
    // a terminal response without output).
    let convert = ("fc_3", "call_convert", "to_fahrenheit");
    let mut built = opening("resp_t4");
    built.extend(reasoning_streamed(
        "rs_2",
        0,
        &[&["Convert ", "19 °C."]],
        false,
    ));
    built.extend(call_streamed(convert, 1, &["{\"cel", "sius\":19}"], false));
    built.push(json!({"type": "response.completed",
        "response": response_object("resp_t4", "completed", json!([]), Some(usage(80, 20, 5)))}));
    // Its answer ends cleanly before the terminal event the first time.
    let mut short = opening("resp_t5");
    short.extend(message_added("msg_t5", 0));
    short.push(text_delta("msg_t5", 0, "About "));
    let server = Server::start(vec![
        breaks_off_after(cut),
        streamed(round),
        streamed(text_answer(
            "resp_t3",
            "msg_t3",
            &["Oslo: 4 °C, rain. ", "Lisbon: 19 °C, sun."],
            usage(70, 12, 0),
        )),
        streamed(built),
        ends_after(short),
        streamed(text_answer(
            "resp_t6",
            "msg_t6",
            &["About ", "66 °F."],
            usage(90, 4, 0),
        )),
    ]);
    let client = server.client(KEY);
    let mut chat = ToolChat {
        client: &client,
        history: Vec::new(),
        ran: Vec::new(),
    };
    let mut terminal = Vec::new();
    let typed = "Weather in Oslo and Lisbon?\nLisbon in Fahrenheit?\n";
    chat.run(typed.as_bytes(), &mut terminal).unwrap();
    let shown = String::from_utf8(terminal).unwrap();
    assert_eq!(
        shown,
        "you> Weather in Oslo and Lisbon?\n\
         \x20 (thinking) Two cities: one call each.\n\
         \x20 [get_weather] {\"city\":\"Oslo\"}\n\
         \x20 [get_weather] {\"city\":\"Lis\n\
         \x20 [connection lost: asking again]\n\
         \x20 (thinking) Two cities: one call each.\n\
         \x20 [get_weather] {\"city\":\"Oslo\"}\n\
         \x20 [get_weather] {\"city\":\"Lisbon\"}\n\
         \x20 -> get_weather: 4 °C, rain\n\
         \x20 -> get_weather: 19 °C, sun\n\
         bot> Oslo: 4 °C, rain. Lisbon: 19 °C, sun.\n\
         you> Lisbon in Fahrenheit?\n\
         \x20 (thinking) Convert 19 °C.\n\
         \x20 [to_fahrenheit] {\"celsius\":19}\n\
         \x20 -> to_fahrenheit: 66 °F\n\
         bot> About \n\
         \x20 [answer cut off: asking again]\n\
         bot> About 66 °F.\n"
    );
    // No tool ran on arguments cut short.
    let ran: Vec<(&str, &str)> = chat
        .ran
        .iter()
        .map(|(n, a)| (n.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        ran,
        [
            ("get_weather", "{\"city\":\"Oslo\"}"),
            ("get_weather", "{\"city\":\"Lisbon\"}"),
            ("to_fahrenheit", "{\"celsius\":19}"),
        ]
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    let inputs: Vec<Value> = requests.iter().map(|r| r.json()["input"].clone()).collect();
    let kinds = |input: &Value| -> Vec<String> {
        let items = input.as_array().unwrap();
        items
            .iter()
            .map(|i| i["type"].as_str().unwrap_or("message").to_owned())
            .collect()
    };
    // A cut-off stream is asked again as it was.
    assert_eq!(inputs[0], inputs[1]);
    assert_eq!(inputs[4], inputs[5]);
    assert_eq!(requests[0].json()["reasoning"]["summary"], "auto");
    assert_eq!(requests[0].json()["tools"][1]["name"], "to_fahrenheit");
    assert_eq!(
        kinds(&inputs[2]),
        [
            "message",
            "reasoning",
            "function_call",
            "function_call",
            "function_call_output",
            "function_call_output"
        ]
    );
    let sent = &inputs[2];
    assert_eq!(sent[4]["call_id"], "call_oslo");
    assert_eq!(sent[4]["output"], "4 °C, rain");
    assert_eq!(sent[5]["call_id"], "call_lisbon");
    assert_eq!(sent[3]["arguments"], "{\"city\":\"Lisbon\"}");
    // Turn 2's items, built from the events alone, go back whole and
    // settled.
    assert_eq!(
        kinds(&inputs[4])[6..],
        [
            "message",
            "message",
            "reasoning",
            "function_call",
            "function_call_output"
        ]
    );
    let reasoning = &inputs[4][8];
    assert_eq!(reasoning["id"], "rs_2");
    assert_eq!(reasoning["summary"][0]["text"], "Convert 19 °C.");
    let call = &inputs[4][9];
    assert_eq!(call["call_id"], "call_convert");
    assert_eq!(call["name"], "to_fahrenheit");
    assert_eq!(call["arguments"], "{\"celsius\":19}");
    assert_eq!(call["status"], "completed");
    assert_eq!(inputs[4][10]["call_id"], "call_convert");
    assert_eq!(inputs[4][10]["output"], "66 °F");
    // Each stream read to its end by `deltas` leaves its connection to the
    // next request; the one that broke off does not.
    let connections: Vec<usize> = requests.iter().map(|r| r.connection).collect();
    assert_eq!(connections, [0, 1, 1, 1, 1, 1], "{connections:?}");
}

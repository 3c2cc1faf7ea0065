//! Part 2: incremental delivery. A loopback server writes one event at a
//! time, only after the client said it is waiting; the time from just before
//! the server's write to the moment the caller holds the event is one sample.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openrouter_responses::{Client, Request, StreamEvent};

use crate::report::{median, Table};
use crate::server::{self, Server};

const STREAMS_PER_ROUND: usize = 10;
const EVENTS_PER_STREAM: usize = 21;

fn delta_event(i: usize) -> Vec<u8> {
    format!(
        "data: {{\"type\":\"response.output_text.delta\",\"sequence_number\":{},\"item_id\":\"msg_01JBENCH\",\"output_index\":0,\"content_index\":0,\"delta\":\"word{i} \",\"logprobs\":[]}}\n\n",
        i + 4
    )
    .into_bytes()
}

/// The server side: after the head, for each event waits for "go", notes
/// the time, writes the event as one chunk and reports the time.
struct Pacer {
    go: Mutex<Receiver<()>>,
    sent: Mutex<Sender<Instant>>,
}

fn start_server() -> (Server, Sender<()>, Receiver<Instant>) {
    let (go_tx, go_rx) = channel::<()>();
    let (sent_tx, sent_rx) = channel::<Instant>();
    let pacer = Arc::new(Pacer {
        go: Mutex::new(go_rx),
        sent: Mutex::new(sent_tx),
    });
    let handler = move |_req: &server::Req, w: &mut TcpStream| -> io::Result<bool> {
        w.write_all(server::SSE_HEAD)?;
        w.flush()?;
        let go = pacer.go.lock().expect("go lock");
        let sent = pacer.sent.lock().expect("sent lock");
        for i in 0..EVENTS_PER_STREAM {
            if go.recv().is_err() {
                return Ok(false);
            }
            let event = delta_event(i);
            let t = Instant::now();
            server::write_chunk(w, &event)?;
            let _ = sent.send(t);
        }
        if go.recv().is_err() {
            return Ok(false);
        }
        server::write_chunk(w, b"data: [DONE]\n\n")?;
        server::write_last_chunk(w)?;
        Ok(true)
    };
    (Server::start(Arc::new(handler)), go_tx, sent_rx)
}

#[derive(Default)]
struct Samples {
    first: Vec<Duration>,
    mid: Vec<Duration>,
}

fn sample(samples: &mut Samples, i: usize, received: Instant, sent: &Receiver<Instant>) {
    let t = sent.recv().expect("server reports the send time");
    let d = received.saturating_duration_since(t);
    if i == 0 {
        samples.first.push(d);
    } else {
        samples.mid.push(d);
    }
}

fn run_crate(samples: &mut Samples) {
    let (srv, go, sent) = start_server();
    let client = Client::builder()
        .api_key("sk-or-bench")
        .base_url(srv.base_url())
        .build()
        .expect("client builds");
    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .input("Stream a few words")
        .build();
    for _ in 0..STREAMS_PER_ROUND {
        let mut stream = client.stream(&request).expect("stream starts");
        for i in 0..EVENTS_PER_STREAM {
            go.send(()).expect("server waits");
            let event = stream.next().expect("an event").expect("event decodes");
            let received = Instant::now();
            assert!(matches!(event, StreamEvent::OutputTextDelta(_)));
            sample(samples, i, received, &sent);
        }
        go.send(()).expect("server waits");
        assert!(stream.next().is_none(), "crate: stream ends at [DONE]");
    }
}

/// Bare socket: the loopback floor. Reads the chunked body by hand.
fn run_socket(samples: &mut Samples) {
    let (srv, go, sent) = start_server();
    let body = br#"{"model":"openai/gpt-4o-mini","input":"Stream a few words","stream":true}"#;
    for _ in 0..STREAMS_PER_ROUND {
        let mut conn = TcpStream::connect(srv.addr).expect("connect");
        conn.set_nodelay(true).expect("nodelay");
        let head = format!(
            "POST /api/v1/responses HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: {}\r\n\r\n",
            srv.addr,
            body.len()
        );
        conn.write_all(head.as_bytes()).expect("write");
        conn.write_all(body).expect("write");
        let mut r = BufReader::new(conn);
        let mut line = String::new();
        loop {
            line.clear();
            r.read_line(&mut line).expect("head");
            if line.trim_end().is_empty() {
                break;
            }
        }
        for i in 0..=EVENTS_PER_STREAM {
            go.send(()).expect("server waits");
            line.clear();
            r.read_line(&mut line).expect("chunk size");
            let n = usize::from_str_radix(line.trim_end(), 16).expect("hex size");
            let mut data = vec![0; n + 2];
            r.read_exact(&mut data).expect("chunk");
            let received = Instant::now();
            if i < EVENTS_PER_STREAM {
                sample(samples, i, received, &sent);
            }
        }
    }
}

/// Bare ureq: its body reader under a `BufReader`, events cut at blank lines.
fn run_ureq(samples: &mut Samples) {
    let (srv, go, sent) = start_server();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/responses", srv.base_url());
    let body = br#"{"model":"openai/gpt-4o-mini","input":"Stream a few words","stream":true}"#;
    for _ in 0..STREAMS_PER_ROUND {
        let resp = agent
            .post(&url)
            .header("Authorization", "Bearer sk-or-bench")
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .send(&body[..])
            .expect("ureq sends");
        let mut r = BufReader::new(resp.into_body().into_reader());
        let mut line = String::new();
        for i in 0..EVENTS_PER_STREAM {
            go.send(()).expect("server waits");
            let mut event = String::new();
            loop {
                line.clear();
                r.read_line(&mut line).expect("line");
                if line == "\n" {
                    break;
                }
                event.push_str(&line);
            }
            let received = Instant::now();
            assert!(event.starts_with("data: "));
            sample(samples, i, received, &sent);
        }
        go.send(()).expect("server waits");
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).expect("rest");
    }
}

pub struct Summary {
    pub crate_first: Duration,
    pub crate_mid: Duration,
}

fn us(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

pub fn run(reps: usize, tables: &mut Vec<Table>) -> Summary {
    let mut crate_s = Samples::default();
    let mut socket_s = Samples::default();
    let mut ureq_s = Samples::default();
    // A warm-up round, not recorded.
    run_crate(&mut Samples::default());
    run_socket(&mut Samples::default());
    run_ureq(&mut Samples::default());
    for _ in 0..reps {
        run_crate(&mut crate_s);
        run_socket(&mut socket_s);
        run_ureq(&mut ureq_s);
    }
    let p = |v: &[Duration], q: f64| -> Duration {
        let mut v = v.to_vec();
        v.sort();
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    let socket_first = median(socket_s.first.clone());
    let socket_mid = median(socket_s.mid.clone());
    let mut table = Table::new(
        format!(
            "Incremental delivery over loopback: server write → caller holds the event ({} first events, {} mid-stream events per client)",
            crate_s.first.len(),
            crate_s.mid.len()
        ),
        &[
            "client",
            "first event, median µs",
            "mid-stream, median µs",
            "mid-stream, p90 µs",
            "first × socket",
            "mid × socket",
        ],
    );
    for (name, s) in [
        (
            "this crate: Client::stream → ResponseStream::next",
            &crate_s,
        ),
        ("bare ureq 3: body reader + BufRead::read_line", &ureq_s),
        ("bare socket: hand-read chunks (floor)", &socket_s),
    ] {
        let first = median(s.first.clone());
        let mid = median(s.mid.clone());
        table.row(vec![
            name.to_string(),
            us(first),
            us(mid),
            us(p(&s.mid, 0.9)),
            format!("{:.2}", first.as_secs_f64() / socket_first.as_secs_f64()),
            format!("{:.2}", mid.as_secs_f64() / socket_mid.as_secs_f64()),
        ]);
    }
    tables.push(table);
    Summary {
        crate_first: median(crate_s.first),
        crate_mid: median(crate_s.mid),
    }
}

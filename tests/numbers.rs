//! Numbers are read exactly as sent: a float in an answer decodes to the
//! `f64` its text denotes (the one `str::parse` gives), and writes back as the
//! same text. Each number below is one that a best-effort float parser reads
//! one unit in the last place off.

mod common;

use common::hello as request;
use common::{Reply, Server};
use openrouter_responses::response::{LogProb, OutputContent};
use openrouter_responses::{Client, OutputItem, Response, StreamEvent};

/// Log probabilities and costs as servers print them (shortest round-trip
/// form, up to 17 significant digits).
const LOGPROBS: [&str; 5] = [
    "-1.7019084692001343",
    "-1.1108763217926025",
    "-0.22353200614452362",
    "-0.9459899663925171",
    "-0.9243088267933809",
];
const COST: &str = "0.0020796181086732758";
const NEW_RATE: &str = "0.009856906946328695";

fn exact(text: &str) -> f64 {
    text.parse().expect("a float")
}

/// Asserts that `got` is bit for bit the number `text` denotes.
fn same(got: f64, text: &str) {
    assert_eq!(
        got.to_bits(),
        exact(text).to_bits(),
        "{text} decoded as {got:?}"
    );
}

fn logprobs_json() -> String {
    format!(
        r#"[{{"token":"Hi","logprob":{},"bytes":[72,105],"top_logprobs":[{{"token":"Hi","logprob":{},"bytes":[72,105]}},{{"token":"Hey","logprob":{},"bytes":[72,101,121]}}]}},{{"token":"!","logprob":{},"bytes":[33],"top_logprobs":[]}}]"#,
        LOGPROBS[0], LOGPROBS[1], LOGPROBS[2], LOGPROBS[3]
    )
}

fn answer() -> String {
    format!(
        r#"{{"id":"resp_n","object":"response","created_at":1,"model":"m","status":"completed","temperature":{t},"output":[{{"type":"message","id":"msg_1","role":"assistant","status":"completed","content":[{{"type":"output_text","text":"Hi!","annotations":[],"logprobs":{lp}}}]}}],"usage":{{"input_tokens":1,"output_tokens":2,"total_tokens":3,"cost":{COST},"new_rate":{NEW_RATE}}}}}"#,
        t = LOGPROBS[4],
        lp = logprobs_json()
    )
}

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key("sk-or-numbers")
        .base_url(server.base_url())
        .build()
        .unwrap()
}

/// Checks every number of [`answer`] in a decoded response, and that it
/// writes back as the same text.
fn check_response(r: &Response) {
    same(r.temperature.expect("temperature"), LOGPROBS[4]);
    let usage = r.usage.as_ref().expect("usage");
    same(usage.cost.expect("cost"), COST);
    same(
        usage.extra["new_rate"].as_f64().expect("kept as a number"),
        NEW_RATE,
    );
    let OutputItem::Message(m) = &r.output[0] else {
        panic!("a message: {:?}", r.output[0]);
    };
    let OutputContent::OutputText(part) = &m.content[0] else {
        panic!("a text part: {:?}", m.content[0]);
    };
    check_logprobs(part.logprobs.as_deref().expect("logprobs"));
    let written = serde_json::to_string(r).unwrap();
    for text in LOGPROBS.iter().chain([&COST, &NEW_RATE]) {
        assert!(written.contains(text), "{text} not written back: {written}");
    }
}

fn check_logprobs(lp: &[LogProb]) {
    same(lp[0].logprob, LOGPROBS[0]);
    let top = lp[0].top_logprobs.as_deref().expect("top logprobs");
    same(top[0].logprob, LOGPROBS[1]);
    same(top[1].logprob, LOGPROBS[2]);
    same(lp[1].logprob, LOGPROBS[3]);
}

#[test]
fn send_reads_floats_exactly() {
    let server = Server::start(vec![Reply::json(200, &answer())]);
    let response = client(&server).send(&request()).unwrap();
    check_response(&response);
}

#[test]
fn streamed_floats_are_read_exactly() {
    let completed = format!(
        r#"{{"type":"response.completed","sequence_number":4,"response":{}}}"#,
        answer()
    );
    let events = vec![
        r#"data: {"type":"response.output_item.added","sequence_number":0,"output_index":0,"item":{"type":"message","id":"msg_1","role":"assistant","status":"in_progress","content":[]}}"#.to_string(),
        r#"data: {"type":"response.content_part.added","sequence_number":1,"output_index":0,"item_id":"msg_1","content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"#.to_string(),
        format!(
            r#"data: {{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi!","logprobs":{}}}"#,
            logprobs_json()
        ),
        format!(
            r#"data: {{"type":"response.output_text.done","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi!","logprobs":{}}}"#,
            logprobs_json()
        ),
        format!("data: {completed}"),
    ];
    let server = Server::start(vec![Reply::sse(
        events.into_iter().map(|e| e + "\n\n").collect(),
    )]);
    let mut stream = client(&server).stream(&request()).unwrap();
    let mut seen = 0;
    for event in stream.by_ref() {
        match event.unwrap() {
            StreamEvent::OutputTextDelta(d) => {
                check_logprobs(d.logprobs.as_deref().expect("delta logprobs"));
                seen += 1;
            }
            StreamEvent::OutputTextDone(d) => {
                check_logprobs(d.logprobs.as_deref().expect("done logprobs"));
                seen += 1;
            }
            StreamEvent::Completed(c) => {
                check_response(&c.response);
                seen += 1;
            }
            _ => {}
        }
    }
    assert_eq!(seen, 3);
    check_response(stream.snapshot().expect("a snapshot"));
}

#[test]
fn json_values_from_the_crate_keep_floats_exactly() {
    // Numbers the crate keeps as raw JSON (unknown fields, unknown events)
    // are `serde_json::Value`s read by the same parser.
    let raw = format!(r#"{{"type":"response.future_event","sequence_number":1,"score":{COST}}}"#);
    let event = StreamEvent::from_json(&raw).unwrap();
    let StreamEvent::Unknown(v) = &event else {
        panic!("kept as unknown: {event:?}");
    };
    same(v["score"].as_f64().unwrap(), COST);
    assert!(serde_json::to_string(&event).unwrap().contains(COST));
}

//! A tour of the crate that needs no API key and no network.
//!
//! ```sh
//! cargo run --example demo
//! ```
//!
//! A small server inside this process, on a loopback port, answers like
//! OpenRouter's Responses API: it streams a transcript with a keep-alive
//! comment, a reasoning summary, a function call and text. The real `Client`
//! talks to it over HTTP, exactly as it would talk to OpenRouter, and the demo
//! shows text as it arrives, the tool-call round trip (the function runs here,
//! its result goes back as a `function_call_output` item together with the
//! whole conversation), and the usage and cost of each turn.
//!
//! The server checks what it is sent: the second turn is answered only if it
//! carries the function call and its output, and the answer is written from
//! that output.
//!
//! To ask the real service instead:
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example ask -- "your question"
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use openrouter_responses::{Client, InputItem, OutputItem, Request, StreamEvent, Tool, Usage};
use serde_json::{json, Value};

const MODEL: &str = "openai/gpt-5-mini";
const QUESTION: &str = "Do I need an umbrella in Paris today?";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = start_local_server()?;
    let base_url = format!("http://{addr}/api/v1");

    let mut out = std::io::stdout().lock();
    writeln!(out, "openrouter-responses demo: a local replay")?;
    writeln!(
        out,
        "  A server in this process at {base_url} answers like OpenRouter."
    )?;
    writeln!(
        out,
        "  No API key and no network are used; the answers are scripted."
    )?;
    writeln!(out, "  To ask the real service:")?;
    writeln!(
        out,
        "    OPENROUTER_API_KEY=... cargo run --example ask -- \"your question\""
    )?;
    writeln!(out)?;

    // The same client you would use against OpenRouter, pointed at the local
    // server. `no_proxy` keeps an HTTP proxy from the environment out of the way.
    let client = Client::builder()
        .api_key("sk-or-demo-not-a-real-key")
        .base_url(base_url)
        .no_proxy()
        .app_title("openrouter-responses demo")
        .build()?;

    let weather = Tool::function(
        "get_weather",
        "The current weather in a city",
        json!({
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": false
        }),
    );

    // OpenRouter is stateless: every turn sends the whole conversation.
    let mut conversation = vec![InputItem::user(QUESTION)];
    writeln!(out, "user: {QUESTION}")?;

    let mut usages = Vec::new();
    for turn in 1..=4 {
        let request = Request::builder()
            .model(MODEL)
            .instructions("Answer in one or two sentences.")
            .tool(weather.clone())
            .input_items(conversation.clone())
            .build();
        writeln!(
            out,
            "\n[turn {turn}] streaming POST /responses with {} input item(s)",
            conversation.len()
        )?;

        let mut stream = client.stream(&request)?;
        for event in stream.by_ref() {
            match event? {
                StreamEvent::ReasoningSummaryPartAdded(_) => write!(out, "  thinking: ")?,
                StreamEvent::ReasoningSummaryTextDelta(e) => write!(out, "{}", e.delta)?,
                StreamEvent::ReasoningSummaryPartDone(_) => writeln!(out)?,
                StreamEvent::OutputItemAdded(e) => match &e.item {
                    OutputItem::FunctionCall(call) => write!(out, "  tool call: {}(", call.name)?,
                    OutputItem::Message(_) => write!(out, "  assistant: ")?,
                    _ => {}
                },
                StreamEvent::FunctionCallArgumentsDelta(e) => write!(out, "{}", e.delta)?,
                StreamEvent::FunctionCallArgumentsDone(_) => writeln!(out, ")")?,
                StreamEvent::OutputTextDelta(e) => write!(out, "{}", e.delta)?,
                StreamEvent::OutputTextDone(_) => writeln!(out)?,
                _ => {}
            }
            out.flush()?;
        }
        let response = stream.final_response()?;
        if let Some(usage) = &response.usage {
            writeln!(out, "  usage: {}", describe(usage))?;
            usages.push(usage.clone());
        }

        // Echo the output (reasoning and calls included) into the next turn,
        // then answer each call.
        conversation.extend(response.to_input_items());
        let calls: Vec<_> = response.function_calls().collect();
        if calls.is_empty() {
            break;
        }
        for call in calls {
            let args: Value = call.parse_arguments()?;
            let result = get_weather(args["city"].as_str().unwrap_or_default());
            writeln!(out, "  ran {} here: {result}", call.name)?;
            conversation.push(InputItem::function_call_output(
                &call.call_id,
                result.to_string(),
            ));
        }
    }

    let total: Usage = usages.iter().sum();
    writeln!(
        out,
        "\ntotal: {} turns, {} tokens, ${:.6} (scripted numbers)",
        usages.len(),
        total.total_tokens,
        total.cost.unwrap_or(0.0)
    )?;
    Ok(())
}

/// The local function the model may call. Its answer is made up, and the
/// same every time.
fn get_weather(city: &str) -> Value {
    json!({"city": city, "temperature_c": 14, "conditions": "light rain"})
}

fn describe(usage: &Usage) -> String {
    let mut text = format!(
        "{} input + {} output tokens ({} reasoning)",
        usage.input_tokens, usage.output_tokens, usage.output_tokens_details.reasoning_tokens
    );
    if let Some(cost) = usage.cost {
        text.push_str(&format!(", cost ${cost:.6}"));
    }
    text
}

// ---------------------------------------------------------------------------
// The local server. Everything below stands in for OpenRouter; a program of
// your own needs none of it.
// ---------------------------------------------------------------------------

/// Binds a loopback port and answers every connection on a background thread,
/// which ends with the process.
fn start_local_server() -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || {
                let _ = serve(stream);
            });
        }
    });
    Ok(addr)
}

/// Reads one request and answers it, then closes the connection.
fn serve(stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut content_length = 0;
    let mut authorized = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                content_length = value.parse().unwrap_or(0);
            } else if name == "authorization" {
                authorized = value.starts_with("Bearer ");
            }
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    let mut stream = stream;

    if !request_line.starts_with("POST /api/v1/responses ") {
        return error(&mut stream, 404, "not found");
    }
    if !authorized {
        return error(&mut stream, 401, "missing Authorization header");
    }
    let request: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return error(&mut stream, 400, "the body is not JSON"),
    };
    if request["stream"] != json!(true) {
        return error(&mut stream, 400, "this demo server only streams");
    }
    match reply_for(&request) {
        Ok(events) => stream_events(&mut stream, &events),
        Err(message) => error(&mut stream, 400, &message),
    }
}

/// The events answering a request: a function call when no weather is known
/// yet, and an answer written from the function's output once it is.
fn reply_for(request: &Value) -> Result<Vec<Sse>, String> {
    let items = request["input"]
        .as_array()
        .ok_or("input must be a list of items")?;
    let output = items
        .iter()
        .find(|item| item["type"] == "function_call_output");
    match output {
        None => Ok(call_transcript()),
        Some(output) => {
            let call_id = output["call_id"].as_str().unwrap_or_default();
            // Stateless: the call being answered must be in the input too.
            let echoed = items
                .iter()
                .any(|item| item["type"] == "function_call" && item["call_id"] == call_id);
            if !echoed {
                return Err(format!(
                    "function_call_output {call_id:?} has no function_call in the input"
                ));
            }
            let text = output["output"].as_str().ok_or("output must be a string")?;
            let weather: Value =
                serde_json::from_str(text).map_err(|_| "the output is not JSON".to_string())?;
            Ok(answer_transcript(&weather))
        }
    }
}

/// One piece of the answer body: an SSE comment, or an event as JSON, sent
/// after a short pause so that the stream can be seen arriving.
enum Sse {
    Comment(&'static str),
    Data(Value),
}

fn response(id: &str, status: &str, output: Value, usage: Value) -> Value {
    json!({
        "id": id, "object": "response", "created_at": 1767225600,
        "completed_at": if status == "completed" { json!(1767225602) } else { Value::Null },
        "model": MODEL, "status": status, "output": output, "usage": usage,
        "error": null, "incomplete_details": null, "instructions": null, "metadata": null,
        "temperature": null, "top_p": null, "presence_penalty": null, "frequency_penalty": null,
        "tools": [], "tool_choice": "auto", "parallel_tool_calls": true
    })
}

fn call_transcript() -> Vec<Sse> {
    let summary = "The user asks about rain in Paris, so I should check the current weather.";
    let arguments = r#"{"city":"Paris"}"#;
    let reasoning = json!({"type": "reasoning", "id": "rs_demo_1", "status": "completed",
        "summary": [{"type": "summary_text", "text": summary}],
        "encrypted_content": "gAAAAB-demo-opaque-reasoning"});
    let call = json!({"type": "function_call", "id": "fc_demo_1", "call_id": "call_demo_1",
        "name": "get_weather", "arguments": arguments, "status": "completed"});
    let mut events = vec![
        Sse::Comment(": OPENROUTER PROCESSING"),
        Sse::Data(json!({"type": "response.created",
            "response": response("resp_demo_1", "in_progress", json!([]), Value::Null)})),
        Sse::Data(
            json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "reasoning", "id": "rs_demo_1", "summary": [], "status": "in_progress"}}),
        ),
        Sse::Data(
            json!({"type": "response.reasoning_summary_part.added", "item_id": "rs_demo_1",
            "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": ""}}),
        ),
    ];
    for word in words(summary) {
        events.push(Sse::Data(
            json!({"type": "response.reasoning_summary_text.delta",
            "item_id": "rs_demo_1", "output_index": 0, "summary_index": 0, "delta": word}),
        ));
    }
    events.extend([
        Sse::Data(json!({"type": "response.reasoning_summary_text.done", "item_id": "rs_demo_1",
            "output_index": 0, "summary_index": 0, "text": summary})),
        Sse::Data(json!({"type": "response.reasoning_summary_part.done", "item_id": "rs_demo_1",
            "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": summary}})),
        Sse::Data(json!({"type": "response.output_item.done", "output_index": 0, "item": reasoning})),
        Sse::Comment(": OPENROUTER PROCESSING"),
        Sse::Data(json!({"type": "response.output_item.added", "output_index": 1,
            "item": {"type": "function_call", "id": "fc_demo_1", "call_id": "call_demo_1",
                     "name": "get_weather", "arguments": "", "status": "in_progress"}})),
    ]);
    for piece in [r#"{"city""#, r#":"Par"#, r#"is"}"#] {
        events.push(Sse::Data(
            json!({"type": "response.function_call_arguments.delta",
            "item_id": "fc_demo_1", "output_index": 1, "delta": piece}),
        ));
    }
    events.extend([
        Sse::Data(
            json!({"type": "response.function_call_arguments.done", "item_id": "fc_demo_1",
            "output_index": 1, "name": "get_weather", "arguments": arguments}),
        ),
        Sse::Data(json!({"type": "response.output_item.done", "output_index": 1, "item": call})),
        Sse::Data(json!({"type": "response.completed", "response": response(
            "resp_demo_1", "completed", json!([reasoning, call]),
            json!({"input_tokens": 64, "input_tokens_details": {"cached_tokens": 0},
                   "output_tokens": 38, "output_tokens_details": {"reasoning_tokens": 20},
                   "total_tokens": 102, "cost": 0.0000916}))})),
    ]);
    events
}

fn answer_transcript(weather: &Value) -> Vec<Sse> {
    let conditions = weather["conditions"].as_str().unwrap_or("unknown weather");
    let rain = conditions.contains("rain");
    let text = format!(
        "In {} it is {} °C with {conditions}, so {}.",
        weather["city"].as_str().unwrap_or("that city"),
        weather["temperature_c"],
        if rain {
            "yes: take an umbrella"
        } else {
            "you can leave the umbrella at home"
        }
    );
    let message = json!({"type": "message", "id": "msg_demo_2", "role": "assistant",
        "status": "completed", "content": [{"type": "output_text", "text": text, "annotations": []}]});
    let mut events = vec![
        Sse::Comment(": OPENROUTER PROCESSING"),
        Sse::Data(json!({"type": "response.created",
            "response": response("resp_demo_2", "in_progress", json!([]), Value::Null)})),
        Sse::Data(
            json!({"type": "response.output_item.added", "output_index": 0,
            "item": {"type": "message", "id": "msg_demo_2", "role": "assistant",
                     "status": "in_progress", "content": []}}),
        ),
        Sse::Data(
            json!({"type": "response.content_part.added", "item_id": "msg_demo_2",
            "output_index": 0, "content_index": 0,
            "part": {"type": "output_text", "text": "", "annotations": []}}),
        ),
    ];
    for word in words(&text) {
        events.push(Sse::Data(
            json!({"type": "response.output_text.delta", "item_id": "msg_demo_2",
            "output_index": 0, "content_index": 0, "delta": word, "logprobs": []}),
        ));
    }
    events.extend([
        Sse::Data(
            json!({"type": "response.output_text.done", "item_id": "msg_demo_2",
            "output_index": 0, "content_index": 0, "text": text, "logprobs": []}),
        ),
        Sse::Data(json!({"type": "response.output_item.done", "output_index": 0, "item": message})),
        Sse::Data(json!({"type": "response.completed", "response": response(
            "resp_demo_2", "completed", json!([message]),
            json!({"input_tokens": 131, "input_tokens_details": {"cached_tokens": 64},
                   "output_tokens": 24, "output_tokens_details": {"reasoning_tokens": 0},
                   "total_tokens": 155, "cost": 0.0000735}))})),
    ]);
    events
}

/// Splits text into words that keep their leading space, as models stream them.
fn words(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        pieces.push(if i == 0 {
            word.to_string()
        } else {
            format!(" {word}")
        });
    }
    pieces
}

/// Writes a streaming answer with chunked transfer encoding, one chunk per
/// event, then `data: [DONE]`.
fn stream_events(stream: &mut TcpStream, events: &[Sse]) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
          X-Generation-Id: gen-demo\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    )?;
    let mut chunk = |text: String| -> std::io::Result<()> {
        write!(stream, "{:x}\r\n{text}\r\n", text.len())?;
        stream.flush()?;
        thread::sleep(Duration::from_millis(15));
        Ok(())
    };
    for event in events {
        match event {
            Sse::Comment(comment) => chunk(format!("{comment}\n\n"))?,
            Sse::Data(data) => chunk(format!("data: {data}\n\n"))?,
        }
    }
    chunk("data: [DONE]\n\n".to_string())?;
    stream.write_all(b"0\r\n\r\n")?;
    stream.flush()
}

/// Answers with an error body shaped like OpenRouter's.
fn error(stream: &mut TcpStream, status: u16, message: &str) -> std::io::Result<()> {
    let body = json!({"error": {"code": status, "message": message}}).to_string();
    write!(
        stream,
        "HTTP/1.1 {status} Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

//! A tiny command-line client: ask a question, print the answer.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example ask -- "What is the capital of Peru?"
//! echo "Explain SSE in one line" | cargo run --example ask
//! cargo run --example ask -- --model anthropic/claude-sonnet-4 --no-stream "Hi"
//! cargo run --example ask -- --json "Hi" > response.json
//! cargo run --example ask -- --attach photo.png "What is in this picture?"
//! ```
//!
//! The answer goes to standard output as it arrives; the model, token count
//! and cost go to standard error, so `> file` keeps just the answer. On any
//! error it prints one clear message and exits with status 1.
//!
//! It reads its configuration like `Client::from_env`: `OPENROUTER_API_KEY`
//! (required), and optionally `OPENROUTER_BASE_URL`, which points it at any
//! server that speaks the Responses API (for one that checks no key, set the
//! key to any value).

use std::io::{Read, Write};

use openrouter_responses::{Client, Error, InputContent, InputItem, Request, Response};

const DEFAULT_MODEL: &str = "openai/gpt-4o-mini";

const USAGE: &str = "\
usage: ask [OPTIONS] [PROMPT...]

Sends PROMPT (or, when none is given, standard input) to the Responses API
and prints the answer.

options:
  --model MODEL   the model to ask (default: openai/gpt-4o-mini)
  --stream        print the answer as it arrives (the default)
  --no-stream     wait for the whole answer, then print it
  --json          print the final response as JSON instead of its text
  --attach PATH   send a file with the prompt (an image: png, jpg, webp, gif;
                  audio: mp3, wav; anything else as a file, e.g. a pdf);
                  may be given more than once
  -h, --help      show this help

environment:
  OPENROUTER_API_KEY    your API key (required)
  OPENROUTER_BASE_URL   another server, e.g. http://localhost:8080/api/v1";

/// What the command line asked for.
#[derive(Debug)]
struct Options {
    model: String,
    stream: bool,
    json: bool,
    attach: Vec<String>,
    prompt: Vec<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return Ok(());
        }
        Err(message) => fail(&format!("{message}\n\n{USAGE}")),
    };
    if let Err(e) = run(&options) {
        fail(&explain(e.as_ref()));
    }
    Ok(())
}

fn run(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    // The key is checked before reading standard input, so that a missing key
    // never leaves the program waiting for input.
    let client = Client::from_env()?;
    let prompt = if options.prompt.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    } else {
        options.prompt.join(" ")
    };
    if prompt.trim().is_empty() {
        return Err("no prompt: pass it as arguments or on standard input".into());
    }

    let builder = Request::builder().model(options.model.as_str());
    let request = if options.attach.is_empty() {
        builder.input(prompt.trim()).build()
    } else {
        let mut parts = vec![InputContent::text(prompt.trim())];
        for path in &options.attach {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            parts.push(attachment(path, &bytes));
        }
        builder.input_items([InputItem::user(parts)]).build()
    };

    let response = if !options.stream {
        client.send(&request)?
    } else if options.json {
        client.stream(&request)?.final_response()?
    } else {
        let mut stream = client.stream(&request)?;
        let mut out = std::io::stdout().lock();
        let mut printed = false;
        for delta in stream.text_deltas() {
            match delta {
                Ok(text) => {
                    printed = true;
                    out.write_all(text.as_bytes())?;
                    out.flush()?;
                }
                Err(e) => {
                    if printed {
                        writeln!(out)?; // end the partial answer's line
                    }
                    return Err(e.into());
                }
            }
        }
        let response = stream.final_response()?;
        writeln!(out)?;
        response
    };

    if options.json {
        println!("{}", serde_json::to_string_pretty(&response)?);
    } else if !options.stream {
        println!("{}", response.output_text());
    }
    report(&response);
    Ok(())
}

/// A file as a content part, by its extension: images and audio as such,
/// anything else as a file (a PDF, say).
fn attachment(path: &str, bytes: &[u8]) -> InputContent {
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("png") => InputContent::image_bytes("image/png", bytes),
        Some("jpg" | "jpeg") => InputContent::image_bytes("image/jpeg", bytes),
        Some("webp") => InputContent::image_bytes("image/webp", bytes),
        Some("gif") => InputContent::image_bytes("image/gif", bytes),
        Some("mp3") => InputContent::audio_bytes("mp3", bytes),
        Some("wav") => InputContent::audio_bytes("wav", bytes),
        Some("pdf") => InputContent::file_bytes(name, "application/pdf", bytes),
        _ => InputContent::file_bytes(name, "application/octet-stream", bytes),
    }
}

/// Prints what the answer cost, and why it is incomplete or empty, to standard error.
fn report(response: &Response) {
    if let Some(refusal) = response.refusal() {
        eprintln!("[the model refused: {refusal}]");
    }
    if response.is_incomplete() {
        let reason = response
            .incomplete_details
            .as_ref()
            .and_then(|d| d.reason.as_ref())
            .map_or("no reason given".to_string(), ToString::to_string);
        eprintln!("[incomplete answer: {reason}]");
    }
    let model = response.model.as_deref().unwrap_or("unknown model");
    match &response.usage {
        Some(usage) => {
            let cost = usage.cost.map(|c| format!(", ${c:.6}")).unwrap_or_default();
            eprintln!("[{model}: {} tokens{cost}]", usage.total_tokens);
        }
        None => eprintln!("[{model}]"),
    }
}

/// Reads the arguments; `Ok(None)` asks for the help text.
fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        model: DEFAULT_MODEL.to_string(),
        stream: true,
        json: false,
        attach: Vec::new(),
        prompt: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--stream" => options.stream = true,
            "--no-stream" => options.stream = false,
            "--json" => options.json = true,
            "--model" => {
                options.model = args.next().ok_or("--model needs a value")?.clone();
            }
            "--attach" => {
                let path = args.next().ok_or("--attach needs a path")?;
                options.attach.push(path.clone());
            }
            "--" => {
                options.prompt.extend(args.by_ref().cloned());
            }
            _ => match arg.strip_prefix("--model=") {
                Some(model) => options.model = model.to_string(),
                None if arg.starts_with('-') && arg != "-" => {
                    return Err(format!("unknown option {arg}"));
                }
                None => options.prompt.push(arg.clone()),
            },
        }
    }
    if options.model.trim().is_empty() {
        return Err("--model needs a value".to_string());
    }
    if options.prompt.len() == 1 && options.prompt[0] == "-" {
        options.prompt.clear();
    }
    Ok(Some(options))
}

/// One message for an error, with a hint where there is an obvious next step.
fn explain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    let hint = match error.downcast_ref::<Error>() {
        Some(Error::Config(_)) if message.contains("OPENROUTER_API_KEY") => Some(
            "get a key at https://openrouter.ai/settings/keys, then run\n  \
             OPENROUTER_API_KEY=... cargo run --example ask -- \"your question\"\n\
             or try the offline demo, which needs no key: cargo run --example demo",
        ),
        Some(e) if e.status() == Some(401) => Some("check the value of OPENROUTER_API_KEY"),
        Some(e) if e.status() == Some(402) => Some("the account is out of credits"),
        Some(e) if e.is_rate_limited() => Some("rate limited: wait a little and try again"),
        Some(Error::Transport(_)) => Some("check the network, proxy and OPENROUTER_BASE_URL"),
        _ => None,
    };
    match hint {
        Some(hint) => format!("{message}\n{hint}"),
        None => message,
    }
}

fn fail(message: &str) -> ! {
    eprintln!("ask: {message}");
    std::process::exit(1)
}

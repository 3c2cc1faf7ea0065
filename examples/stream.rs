//! Print the answer as it arrives, then the usage of the whole response.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example stream
//! ```

use std::io::Write;

use openrouter_responses::{Client, Request};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();

    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .input("Write a four-line poem about rivers.")
        .build();

    // `stream` sends the request with `"stream": true`; the events are read as
    // their bytes arrive.
    let mut stream = client.stream(&request)?;
    let mut stdout = std::io::stdout().lock();
    for delta in stream.text_deltas() {
        stdout.write_all(delta?.as_bytes())?;
        stdout.flush()?;
    }
    writeln!(stdout)?;

    // The stream has been folding every event into a response, up to the
    // `response.completed` event where `text_deltas` stopped; this returns it.
    let response = stream.final_response()?;
    if let Some(usage) = &response.usage {
        println!(
            "\n{} input + {} output = {} tokens, cost {}",
            usage.input_tokens,
            usage.output_tokens,
            usage.total_tokens,
            usage
                .cost
                .map_or("unknown".to_string(), |c| format!("${c:.6}")),
        );
    }
    if let Some(id) = response.http.as_ref().and_then(|h| h.generation_id()) {
        println!("generation id: {id}");
    }
    Ok(())
}

/// The client configured from `OPENROUTER_API_KEY` (and the other
/// `OPENROUTER_*` variables), or a clear message and exit status 1.
fn client_from_env() -> Client {
    Client::from_env().unwrap_or_else(|e| {
        eprintln!(
            "{e}\nThis example calls OpenRouter: set OPENROUTER_API_KEY (https://openrouter.ai/settings/keys).\n\
             To see the crate work without a key or a network: cargo run --example demo"
        );
        std::process::exit(1)
    })
}

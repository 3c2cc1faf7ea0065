//! A multi-turn chat on the terminal. Type a message and press Enter; an
//! empty line or end of input (Ctrl-D) quits.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example conversation
//! printf 'My name is Ada.\nWhat is my name?\n' | cargo run --example conversation
//! ```
//!
//! OpenRouter keeps no state between requests (`previous_response_id` is
//! rejected), so the program keeps the history: each user message and each
//! response's output items, sent again in full as `input` every turn.

use std::io::{BufRead, Write};

use openrouter_responses::{Client, InputItem, Request};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();
    let mut history: Vec<InputItem> = Vec::new();
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();

    loop {
        write!(stdout, "you> ")?;
        stdout.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        history.push(InputItem::user(line.trim()));

        let request = Request::builder()
            .model("openai/gpt-4o-mini")
            .instructions("You are a concise assistant.")
            .input_items(history.clone())
            .build();
        let mut stream = client.stream(&request)?;
        write!(stdout, "assistant> ")?;
        for delta in stream.text_deltas() {
            write!(stdout, "{}", delta?)?;
            stdout.flush()?;
        }
        writeln!(stdout)?;

        // The model's own output items (with their ids) go into the history
        // unchanged, so the next turn replays them exactly; they are moved
        // out of the response, which is not needed any more.
        let response = stream.final_response()?;
        history.extend(response.into_input_items());
    }
    println!("({} items in the history)", history.len());
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

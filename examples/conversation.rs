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
//! response's output items, sent again in full as `input` every turn. The
//! request itself holds it, and each turn's items are appended through
//! `into_builder`, which moves the history instead of copying it.

use std::io::{BufRead, Write};

use openrouter_responses::{Client, Input, InputItem, Request};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();
    let mut request = Request::builder()
        .model("openai/gpt-4o-mini")
        .instructions("You are a concise assistant.")
        .build();
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();

    loop {
        write!(stdout, "you> ")?;
        stdout.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        request = request
            .into_builder()
            .input_item(InputItem::user(line.trim()))
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
        request = request
            .into_builder()
            .extend_input(response.into_input_items())
            .build();
    }
    let items = match request.input() {
        Some(Input::Items(history)) => history.len(),
        _ => 0,
    };
    println!("({items} items in the history)");
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

//! One request, one answer.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example basic
//! ```

use openrouter_responses::{Client, Request};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();

    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .instructions("Answer in one short sentence.")
        .input("Why is the sky blue?")
        .build();
    let response = client.send(&request)?;

    println!("{}", response.output_text());
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

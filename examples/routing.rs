//! Choosing models and providers: fallback models, provider preferences and
//! plugins.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example routing
//! ```
//!
//! Each request prints its JSON body before it is sent, and then which model
//! answered. Constraints can leave no provider that qualifies; the server
//! then answers with an error, which is printed too.

use openrouter_responses::request::{MaxPrice, Plugin, SortBy};
use openrouter_responses::{Client, Provider, Request, RequestOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();
    // Ask the server to say how it routed the request (`openrouter_metadata`).
    let options = RequestOptions::new().openrouter_metadata(true);

    // 1. Fallback models, tried in order when one is unavailable; only the
    //    providers named, in this order, with zero data retention and a price
    //    ceiling (US dollars per million tokens).
    let pinned = Request::builder()
        .models(["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"])
        .input("Name one prime number above 100.")
        .provider(
            Provider::new()
                .order(["openai", "azure"])
                .only(["openai", "azure", "anthropic"])
                .zdr(true)
                .max_price(MaxPrice::new().prompt(1).completion(5)),
        )
        .build();

    // 2. Whichever provider is fastest right now, with a plugin that repairs
    //    malformed JSON in the answer.
    let fastest = Request::builder()
        .model("meta-llama/llama-3.3-70b-instruct")
        .input("Reply with a JSON object {\"ok\": true}.")
        .provider(Provider::new().sort(SortBy::Throughput))
        .plugin(Plugin::response_healing())
        .build();

    for (name, request) in [
        ("fallbacks, pinned providers", pinned),
        ("fastest provider", fastest),
    ] {
        println!("== {name}\n{}", serde_json::to_string_pretty(&request)?);
        match client.send_with(&request, &options) {
            Ok(response) => {
                println!("-> {}", response.output_text().trim());
                println!("   model: {}", response.model.as_deref().unwrap_or("?"));
                if let Some(summary) = response
                    .openrouter_metadata
                    .as_ref()
                    .and_then(|m| m.summary.as_deref())
                {
                    println!("   routing: {summary}");
                }
            }
            Err(e) => {
                println!("-> the server declined: {e}");
                // An error carries the routing too: the endpoints tried, and why.
                if let Some(summary) = e
                    .api_error()
                    .and_then(|api| api.routing())
                    .and_then(|m| m.summary)
                {
                    println!("   routing: {summary}");
                }
            }
        }
        println!();
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

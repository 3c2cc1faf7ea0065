//! Structured output: ask for JSON that matches a schema, and read it into a
//! struct of your own.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example structured
//! ```

use openrouter_responses::{Client, Error, JsonSchemaFormat, Request};
use serde::Deserialize;
use serde_json::json;

/// The answer's shape, mirrored by the schema sent with the request.
#[derive(Debug, Deserialize)]
struct City {
    name: String,
    country: String,
    population: u64,
    landmarks: Vec<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();

    let schema = json!({
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "country": {"type": "string"},
            "population": {"type": "integer", "description": "approximate"},
            "landmarks": {"type": "array", "items": {"type": "string"}, "maxItems": 3}
        },
        "required": ["name", "country", "population", "landmarks"],
        "additionalProperties": false
    });
    let request = Request::builder()
        .model("openai/gpt-4o-mini")
        .input("Tell me about Lisbon.")
        .text_format(
            JsonSchemaFormat::new("city", schema)
                .description("Facts about one city")
                .strict(true),
        )
        .build();
    let response = client.send(&request)?;

    // `parse_output` reads the output text as JSON into any `Deserialize`
    // type; when the text does not fit, the error keeps it.
    match response.parse_output::<City>() {
        Ok(city) => {
            println!(
                "{} ({}), about {} people",
                city.name, city.country, city.population
            );
            for landmark in &city.landmarks {
                println!("  - {landmark}");
            }
            Ok(())
        }
        Err(Error::Decode(e)) => {
            eprintln!(
                "the answer does not match the schema ({}):\n{}",
                e.source, e.body
            );
            std::process::exit(1)
        }
        Err(Error::Incomplete(e)) => {
            eprintln!("{e}; the part that came:\n{}", e.text);
            std::process::exit(1)
        }
        Err(e) => Err(e.into()),
    }
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

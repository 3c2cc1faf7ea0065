//! Function calling: the model asks for a function, the program runs it and
//! sends the result back, until the model answers in text.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example tools
//! ```
//!
//! OpenRouter is stateless, so each round sends the whole conversation: the
//! question, every output item of the earlier rounds (reasoning and function
//! calls included, echoed unchanged) and a `function_call_output` for each call.

use openrouter_responses::{Client, Error, InputItem, Request, Tool};
use serde::Deserialize;
use serde_json::json;

/// The arguments of `count_letter`, as the schema below declares them.
#[derive(Debug, Deserialize)]
struct CountLetter {
    word: String,
    letter: String,
}

/// The function the model may call. Models are bad at counting letters; a
/// program is not.
fn count_letter(args: &CountLetter) -> usize {
    let letter = args.letter.to_lowercase();
    args.word.to_lowercase().matches(letter.as_str()).count()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();

    let tool = Tool::function(
        "count_letter",
        "Counts how many times a letter occurs in a word (case-insensitive).",
        json!({
            "type": "object",
            "properties": {
                "word": {"type": "string"},
                "letter": {"type": "string", "description": "a single letter"}
            },
            "required": ["word", "letter"],
            "additionalProperties": false
        }),
    );
    // The request holds the conversation; each round appends to it.
    let mut request = Request::builder()
        .model("openai/gpt-4o-mini")
        .tool(tool)
        .input_item(InputItem::user(
            "How many times does 'r' occur in 'strawberry', and 's' in 'mississippi'?",
        ))
        .build();

    for _round in 0..5 {
        // A response that failed (`"status": "failed"`) becomes its error.
        let response = client.send(&request)?.into_result()?;

        // A call cut off by `max_output_tokens` is not among them.
        let mut outputs = Vec::new();
        for call in response.function_calls() {
            let output = match call.parse_arguments::<CountLetter>() {
                Ok(args) => json!({"count": count_letter(&args)}),
                // Why they do not fit (`missing field `letter``), for the
                // model to correct its call: the error's source says it.
                Err(Error::Decode(e)) => json!({"error": format!("bad arguments: {}", e.source)}),
                Err(e) => return Err(e.into()),
            };
            println!("{}({}) -> {output}", call.name, call.arguments);
            outputs.push(InputItem::function_call_output(
                &call.call_id,
                output.to_string(),
            ));
        }
        if outputs.is_empty() {
            if response.is_incomplete() {
                eprintln!("(the answer was cut short)");
            }
            println!("{}", response.answer_text());
            return Ok(());
        }
        // The output items (reasoning and calls, echoed unchanged), then a
        // result for each call, moved into the next request.
        request = request
            .into_builder()
            .extend_input(response.into_input_items())
            .extend_input(outputs)
            .build();
    }
    Err("the model was still calling functions after 5 rounds".into())
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

//! Reasoning: set the effort, ask for a summary of the model's reasoning, and
//! stream that summary apart from the model's commentary and the answer.
//!
//! ```sh
//! OPENROUTER_API_KEY=... cargo run --example reasoning
//! ```

use std::io::Write;

use openrouter_responses::{
    Client, Reasoning, ReasoningEffort, ReasoningSummaryVerbosity, Request, StreamDelta,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env();

    let request = Request::builder()
        .model("openai/o4-mini")
        .input("Which is larger, 9.11 or 9.9? Explain briefly.")
        .reasoning(
            Reasoning::new()
                .effort(ReasoningEffort::Medium)
                .summary(ReasoningSummaryVerbosity::Auto),
        )
        .build();

    let mut stream = client.stream(&request)?;
    let mut out = std::io::stdout().lock();
    // What is being shown: each part of the reasoning, the model's
    // commentary (what a model that phases its messages says on the way,
    // not the answer) and the answer each begin on a line of their own,
    // with a label.
    let mut shown: Option<Section> = None;
    for delta in stream.deltas() {
        let (section, text) = match delta? {
            // Summaries come in parts, each streaming its text: a new index
            // is a new part.
            StreamDelta::ReasoningSummary {
                output_index,
                summary_index,
                delta,
            } => (Section::Thinking(output_index, summary_index), delta),
            // Some models stream their full reasoning text instead.
            StreamDelta::ReasoningText {
                output_index,
                content_index,
                delta,
            } => (Section::Thinking(output_index, content_index), delta),
            StreamDelta::Commentary(text) => (Section::Commentary, text),
            StreamDelta::Text(text) => (Section::Answer, text),
            _ => continue,
        };
        if shown != Some(section) {
            if shown.is_some() {
                writeln!(out)?;
            }
            write!(out, "{}", section.label())?;
            shown = Some(section);
        }
        write!(out, "{text}")?;
        out.flush()?;
    }
    writeln!(out)?;

    let response = stream.final_response()?;
    if let Some(usage) = &response.usage {
        writeln!(
            out,
            "\n{} output tokens, {} of them reasoning",
            usage.output_tokens, usage.output_tokens_details.reasoning_tokens
        )?;
    }
    // The same summary, read from the final response.
    let summary = response.reasoning_summary_text();
    if summary.is_empty() {
        writeln!(out, "(this model sent no reasoning summary)")?;
    }
    Ok(())
}

/// A run of the streamed output shown under one label.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    /// A part of the reasoning: its item's index and the part's.
    Thinking(usize, usize),
    /// The model's commentary.
    Commentary,
    /// The answer.
    Answer,
}

impl Section {
    fn label(self) -> &'static str {
        match self {
            Section::Thinking(..) => "[thinking] ",
            Section::Commentary => "[commentary] ",
            Section::Answer => "[answer] ",
        }
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

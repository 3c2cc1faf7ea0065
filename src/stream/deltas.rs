//! [`Deltas`]: the pieces of text a stream delivers (the answer, its
//! reasoning, the arguments of the calls the model makes), for showing each
//! as it arrives.

use std::iter::FusedIterator;

use super::{ResponseStream, StreamEvent};
use crate::error::Result;
use crate::response::{OutputItem, Response};

/// A piece of text a stream delivered, by what it belongs to: what
/// [`ResponseStream::deltas`] yields.
///
/// The indices are those of the events: `output_index` is the item's place
/// in the response's `output` (where [`Deltas::item`] finds it, with a
/// call's `name` and `call_id`), the other index its part's place in the
/// item. A change of index is a new item or part: a new call, or a new
/// paragraph of a reasoning summary.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamDelta {
    /// A piece of the answer's output text: what
    /// [`text_deltas`](ResponseStream::text_deltas) yields.
    Text(String),
    /// A piece of a refusal (`response.refusal.delta`): the model declines,
    /// and says why here instead of answering.
    Refusal(String),
    /// A piece of a reasoning summary
    /// (`response.reasoning_summary_text.delta`).
    ReasoningSummary {
        /// The reasoning item's index in `output`.
        output_index: usize,
        /// The summary part's index in the item's `summary`.
        summary_index: usize,
        /// The text.
        delta: String,
    },
    /// A piece of a model's reasoning text itself
    /// (`response.reasoning_text.delta`), for models that show it.
    ReasoningText {
        /// The reasoning item's index in `output`.
        output_index: usize,
        /// The part's index in the item's `content`.
        content_index: usize,
        /// The text.
        delta: String,
    },
    /// A piece of the JSON arguments of a function call
    /// (`response.function_call_arguments.delta`).
    FunctionCallArguments {
        /// The call's index in `output`.
        output_index: usize,
        /// The text.
        delta: String,
    },
    /// A piece of the input of a custom tool call
    /// (`response.custom_tool_call_input.delta`).
    CustomToolCallInput {
        /// The call's index in `output`.
        output_index: usize,
        /// The text.
        delta: String,
    },
}

impl StreamDelta {
    /// The piece of text, whatever it belongs to.
    pub fn text(&self) -> &str {
        match self {
            StreamDelta::Text(t) | StreamDelta::Refusal(t) => t,
            StreamDelta::ReasoningSummary { delta, .. }
            | StreamDelta::ReasoningText { delta, .. }
            | StreamDelta::FunctionCallArguments { delta, .. }
            | StreamDelta::CustomToolCallInput { delta, .. } => delta,
        }
    }

    /// The delta an event carries, when it is one [`Deltas`] hands out
    /// (an output text delta only when `answer`: the answer's text, not an
    /// advisor's).
    fn from_event(event: StreamEvent, answer: bool) -> Option<StreamDelta> {
        use StreamEvent as E;
        Some(match event {
            E::OutputTextDelta(d) | E::ContentPartDelta(d) if answer => StreamDelta::Text(d.delta),
            E::RefusalDelta(d) => StreamDelta::Refusal(d.delta),
            E::ReasoningSummaryTextDelta(d) => StreamDelta::ReasoningSummary {
                output_index: d.output_index,
                summary_index: d.summary_index,
                delta: d.delta,
            },
            E::ReasoningTextDelta(d) => StreamDelta::ReasoningText {
                output_index: d.output_index,
                content_index: d.content_index,
                delta: d.delta,
            },
            E::FunctionCallArgumentsDelta(d) => StreamDelta::FunctionCallArguments {
                output_index: d.output_index,
                delta: d.delta,
            },
            E::CustomToolCallInputDelta(d) => StreamDelta::CustomToolCallInput {
                output_index: d.output_index,
                delta: d.delta,
            },
            _ => return None,
        })
    }
}

/// Whether `event` is one [`Deltas`] hands out (`answer`: an output text
/// delta is the answer's).
fn is_delta(event: &StreamEvent, answer: bool) -> bool {
    use StreamEvent as E;
    match event {
        E::OutputTextDelta(_) | E::ContentPartDelta(_) => answer,
        E::RefusalDelta(_)
        | E::ReasoningSummaryTextDelta(_)
        | E::ReasoningTextDelta(_)
        | E::FunctionCallArgumentsDelta(_)
        | E::CustomToolCallInputDelta(_) => true,
        _ => false,
    }
}

/// The iterator of [`ResponseStream::deltas`]: the pieces of text of the
/// answer, its refusal, its reasoning (summaries and text) and the calls the
/// model makes (a function call's arguments, a custom tool call's input), in
/// the order they arrive. Errors of the stream come through unchanged, as
/// through [`TextDeltas`](super::TextDeltas).
#[derive(Debug)]
pub struct Deltas<'a> {
    pub(super) stream: &'a mut ResponseStream,
}

impl Deltas<'_> {
    /// The item at `output_index` as the events so far built it (see
    /// [`ResponseStream::item`]): the function call a
    /// [`StreamDelta::FunctionCallArguments`] belongs to, with its `name`
    /// and `call_id`.
    pub fn item(&self, output_index: usize) -> Option<&OutputItem> {
        self.stream.item(output_index)
    }

    /// The response built from the events so far (see
    /// [`ResponseStream::snapshot`]).
    pub fn snapshot(&self) -> Option<&Response> {
        self.stream.snapshot()
    }
}

impl ResponseStream {
    /// Queues, once, when the terminal event has been read, what came
    /// without deltas: the reasoning (summary parts, then text parts, item
    /// by item) when no reasoning delta came, then the answer's text (see
    /// `text_without_deltas`), then its refusal when no refusal delta came.
    fn queue_without_deltas(&mut self) {
        if !self.acc.is_terminal() {
            return;
        }
        if !self.reasoning_streamed {
            self.reasoning_streamed = true;
            for (output_index, item) in self.acc.indexed_items() {
                let Some(r) = item.as_reasoning() else {
                    continue;
                };
                let summaries = r
                    .summary
                    .iter()
                    .enumerate()
                    .filter_map(|(summary_index, s)| {
                        Some(StreamDelta::ReasoningSummary {
                            output_index,
                            summary_index,
                            delta: s.text().filter(|t| !t.is_empty())?.to_owned(),
                        })
                    });
                let texts =
                    r.content
                        .iter()
                        .flatten()
                        .enumerate()
                        .filter_map(|(content_index, c)| {
                            Some(StreamDelta::ReasoningText {
                                output_index,
                                content_index,
                                delta: c.text().filter(|t| !t.is_empty())?.to_owned(),
                            })
                        });
                self.unstreamed.extend(summaries.chain(texts));
            }
        }
        if let Some(text) = self.text_without_deltas() {
            self.unstreamed.push_back(StreamDelta::Text(text));
        }
        if !self.refusal_streamed {
            self.refusal_streamed = true;
            let refusal = self.snapshot().and_then(Response::refusal);
            if let Some(refusal) = refusal.filter(|r| !r.is_empty()) {
                self.unstreamed.push_back(StreamDelta::Refusal(refusal));
            }
        }
    }
}

impl Iterator for Deltas<'_> {
    type Item = Result<StreamDelta>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(delta) = self.stream.unstreamed.pop_front() {
                return Some(Ok(delta));
            }
            // The other events are not handed out: folded in by value, as in
            // `final_response`, so a closing event that repeats a text does
            // not cost a copy of it.
            let step = self.stream.step(true, |acc, mut event| {
                let answer = acc.is_answer_text(&event);
                if is_delta(&event, answer) {
                    acc.apply(&mut event);
                    StreamDelta::from_event(event, answer)
                } else {
                    acc.apply_owned(event);
                    None
                }
            });
            match step? {
                Ok(Some(delta)) => return Some(Ok(delta)),
                Ok(None) => self.stream.queue_without_deltas(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl FusedIterator for Deltas<'_> {}

//! [`Deltas`]: the pieces of text a stream delivers (the answer, its
//! reasoning, the arguments of the calls the model makes), for showing each
//! as it arrives.

use std::collections::{HashMap, HashSet, VecDeque};
use std::iter::FusedIterator;

use super::accumulate::Accumulator;
use super::event::ContentPart;
use super::{ResponseStream, StreamEvent};
use crate::error::Result;
use crate::response::{OutputContent, OutputItem, Response};

/// A piece of text a stream delivered, by what it belongs to: what
/// [`ResponseStream::deltas`] yields.
///
/// The indices are those of the events: `output_index` is the item's place
/// in the response's `output` (where [`Deltas::item`] finds it, with a
/// call's `name` and `call_id`), the other index its part's place in the
/// item. A change of index is a new item or part: a new call, or a new
/// paragraph of a reasoning summary.
///
/// Deltas come in the order their events arrive; a text that came without
/// deltas comes whole when its part or item closes (see
/// [`ResponseStream::deltas`] for the order).
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
    /// (`response.function_call_arguments.delta`), or all of them, once,
    /// for a call whose arguments came without deltas.
    FunctionCallArguments {
        /// The call's index in `output`.
        output_index: usize,
        /// The text.
        delta: String,
    },
    /// A piece of the input of a custom tool call
    /// (`response.custom_tool_call_input.delta`), or all of it, once, for a
    /// call whose input came without deltas.
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

/// A kind of text an item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    /// An `output_text` part of a message.
    Text,
    /// A `refusal` part of a message.
    Refusal,
    /// A part of a reasoning item's `summary`.
    Summary,
    /// A part of a reasoning item's `content`.
    ReasoningText,
    /// A function call's arguments, or a custom tool call's input (index
    /// 0: a call has one).
    Call,
}

impl Kind {
    /// The mark of deltas of this kind in [`Unstreamed::streamed`]: the
    /// summary and the text of a reasoning item share one, as its reasoning.
    fn bit(self) -> u8 {
        match self {
            Kind::Text => 1,
            Kind::Refusal => 2,
            Kind::Summary | Kind::ReasoningText => 4,
            Kind::Call => 8,
        }
    }
}

/// What a closing event closes: a part of an item, or a whole item.
#[derive(Debug, Clone, Copy)]
pub(super) enum Closing {
    Part {
        output_index: usize,
        kind: Kind,
        index: usize,
    },
    Item(usize),
}

impl Closing {
    /// What `event` closes, when it closes a text that may have come
    /// without deltas.
    pub(super) fn of(event: &StreamEvent) -> Option<Closing> {
        use StreamEvent as E;
        let (output_index, kind, index) = match event {
            E::OutputTextDone(d) => (d.output_index, Kind::Text, d.content_index),
            E::RefusalDone(d) => (d.output_index, Kind::Refusal, d.content_index),
            E::ReasoningTextDone(d) => (d.output_index, Kind::ReasoningText, d.content_index),
            E::ReasoningSummaryTextDone(d) => (d.output_index, Kind::Summary, d.summary_index),
            E::ReasoningSummaryPartDone(p) => (p.output_index, Kind::Summary, p.summary_index),
            E::FunctionCallArgumentsDone(d) => (d.output_index, Kind::Call, 0),
            E::CustomToolCallInputDone(d) => (d.output_index, Kind::Call, 0),
            E::ContentPartDone(p) => {
                let kind = match p.part {
                    ContentPart::OutputText(_) => Kind::Text,
                    ContentPart::Refusal(_) => Kind::Refusal,
                    ContentPart::ReasoningText(_) => Kind::ReasoningText,
                    _ => return None,
                };
                (p.output_index, kind, p.content_index)
            }
            E::OutputItemDone(e) => return Some(Closing::Item(e.output_index)),
            _ => return None,
        };
        Some(Closing::Part {
            output_index,
            kind,
            index,
        })
    }
}

/// What [`Deltas`] and [`TextDeltas`](super::TextDeltas) yield of the texts
/// that came without deltas: for each item, which kinds of its text came in
/// deltas, and which parts were handed out whole when they closed. Items are
/// known by `output_index` and by id alike, so that a terminal response
/// whose items sit at other places than the events said neither repeats a
/// text nor hands out one that streamed.
#[derive(Debug, Default)]
pub(super) struct Unstreamed {
    /// The [`Kind::bit`]s of the deltas that came, by `output_index`.
    streamed: HashMap<usize, u8>,
    /// The same by item id (of events that name their item).
    streamed_ids: HashMap<String, u8>,
    /// The parts handed out whole: `(output_index, kind, index)`.
    handed: HashSet<(usize, Kind, usize)>,
    /// The same by item id.
    handed_ids: HashSet<(String, Kind, usize)>,
    /// Handed out whole, not yielded yet.
    pub(super) queue: VecDeque<StreamDelta>,
    /// Whether the items were gone through at the terminal event.
    ended: bool,
}

impl Unstreamed {
    /// Notes the delta `event` is, if any (before it is folded in): its
    /// item's text of that kind streamed.
    pub(super) fn saw(&mut self, acc: &Accumulator, event: &StreamEvent) {
        use StreamEvent as E;
        let (output_index, id, kind) = match event {
            E::OutputTextDelta(d) | E::ContentPartDelta(d) if acc.is_answer_text(event) => {
                (d.output_index, &d.item_id, Kind::Text)
            }
            E::RefusalDelta(d) => (d.output_index, &d.item_id, Kind::Refusal),
            E::ReasoningSummaryTextDelta(d) => (d.output_index, &d.item_id, Kind::Summary),
            E::ReasoningTextDelta(d) => (d.output_index, &d.item_id, Kind::ReasoningText),
            E::FunctionCallArgumentsDelta(d) => (d.output_index, &d.item_id, Kind::Call),
            E::CustomToolCallInputDelta(d) => (d.output_index, &d.item_id, Kind::Call),
            _ => return,
        };
        *self.streamed.entry(output_index).or_default() |= kind.bit();
        if !id.is_empty() {
            *self.streamed_ids.entry(id.clone()).or_default() |= kind.bit();
        }
    }

    /// Queues what `closing` (folded into `acc`) closed of a text that came
    /// without deltas: the answer's text only when `text_only`.
    pub(super) fn close(&mut self, acc: &Accumulator, closing: Closing, text_only: bool) {
        match closing {
            Closing::Part {
                output_index,
                kind,
                index,
            } => {
                if let Some(item) = acc.item_at(output_index) {
                    self.hand_out(item, output_index, kind, index, text_only);
                }
            }
            Closing::Item(output_index) => {
                if let Some(item) = acc.item_at(output_index) {
                    self.hand_out_item(item, output_index, text_only);
                }
            }
        }
    }

    /// Queues, once the terminal event has been folded into `acc`, what the
    /// items never closed (or closed empty) hold of texts that came without
    /// deltas, item by item.
    pub(super) fn end(&mut self, acc: &Accumulator, text_only: bool) {
        if !acc.is_terminal() || self.ended {
            return;
        }
        self.ended = true;
        for (output_index, item) in acc.indexed_items() {
            self.hand_out_item(item, output_index, text_only);
        }
    }

    /// [`hand_out`](Self::hand_out) of every part of `item`, in order (a
    /// reasoning item's summary, then its text).
    fn hand_out_item(&mut self, item: &OutputItem, output_index: usize, text_only: bool) {
        match item {
            OutputItem::Message(m) => {
                for (index, part) in m.content.iter().enumerate() {
                    let kind = match part {
                        OutputContent::OutputText(_) => Kind::Text,
                        OutputContent::Refusal(_) => Kind::Refusal,
                        _ => continue,
                    };
                    self.hand_out(item, output_index, kind, index, text_only);
                }
            }
            OutputItem::Reasoning(r) => {
                for index in 0..r.summary.len() {
                    self.hand_out(item, output_index, Kind::Summary, index, text_only);
                }
                for index in 0..r.content.as_ref().map_or(0, Vec::len) {
                    self.hand_out(item, output_index, Kind::ReasoningText, index, text_only);
                }
            }
            OutputItem::FunctionCall(_) | OutputItem::CustomToolCall(_) => {
                self.hand_out(item, output_index, Kind::Call, 0, text_only);
            }
            _ => {}
        }
    }

    /// Queues the text of the part of `kind` at `index` of `item` when it is
    /// not empty, its item had no deltas of its kind, and it was not handed
    /// out yet.
    fn hand_out(
        &mut self,
        item: &OutputItem,
        output_index: usize,
        kind: Kind,
        index: usize,
        text_only: bool,
    ) {
        if text_only && kind != Kind::Text {
            return;
        }
        let id = item.id().filter(|id| !id.is_empty());
        let streamed = self.streamed.get(&output_index).copied().unwrap_or(0)
            | id.and_then(|id| self.streamed_ids.get(id))
                .copied()
                .unwrap_or(0);
        if streamed & kind.bit() != 0
            || self.handed.contains(&(output_index, kind, index))
            || id.is_some_and(|id| self.handed_ids.contains(&(id.to_owned(), kind, index)))
        {
            return;
        }
        let text = match (item, kind) {
            (OutputItem::Message(m), Kind::Text) => match m.content.get(index) {
                Some(OutputContent::OutputText(t)) => Some(t.text.as_str()),
                _ => None,
            },
            (OutputItem::Message(m), Kind::Refusal) => match m.content.get(index) {
                Some(OutputContent::Refusal(r)) => Some(r.refusal.as_str()),
                _ => None,
            },
            (OutputItem::Reasoning(r), Kind::Summary) => {
                r.summary.get(index).and_then(|s| s.text())
            }
            (OutputItem::Reasoning(r), Kind::ReasoningText) => {
                (r.content.as_ref()).and_then(|c| c.get(index)?.text())
            }
            (OutputItem::FunctionCall(c), Kind::Call) => Some(c.arguments.as_str()),
            (OutputItem::CustomToolCall(c), Kind::Call) => Some(c.input.as_str()),
            _ => None,
        };
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            return;
        };
        let delta = text.to_owned();
        self.queue.push_back(match kind {
            Kind::Text => StreamDelta::Text(delta),
            Kind::Refusal => StreamDelta::Refusal(delta),
            Kind::Summary => StreamDelta::ReasoningSummary {
                output_index,
                summary_index: index,
                delta,
            },
            Kind::ReasoningText => StreamDelta::ReasoningText {
                output_index,
                content_index: index,
                delta,
            },
            Kind::Call => match item {
                OutputItem::CustomToolCall(_) => StreamDelta::CustomToolCallInput {
                    output_index,
                    delta,
                },
                _ => StreamDelta::FunctionCallArguments {
                    output_index,
                    delta,
                },
            },
        });
        self.handed.insert((output_index, kind, index));
        if let Some(id) = id {
            self.handed_ids.insert((id.to_owned(), kind, index));
        }
    }
}

impl Iterator for Deltas<'_> {
    type Item = Result<StreamDelta>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(delta) = self.stream.unstreamed.queue.pop_front() {
                return Some(Ok(delta));
            }
            // The other events are not handed out: folded in by value, as in
            // `final_response`, so a closing event that repeats a text does
            // not cost a copy of it.
            let step = self.stream.step(true, |acc, mut event| {
                let answer = acc.is_answer_text(&event);
                if is_delta(&event, answer) {
                    acc.apply(&mut event);
                    (StreamDelta::from_event(event, answer), None)
                } else {
                    let closing = Closing::of(&event);
                    acc.apply_owned(event);
                    (None, closing)
                }
            });
            let stream = &mut *self.stream;
            match step? {
                Ok((Some(delta), _)) => return Some(Ok(delta)),
                Ok((None, closing)) => {
                    if let Some(closing) = closing {
                        stream.unstreamed.close(&stream.acc, closing, false);
                    }
                    stream.unstreamed.end(&stream.acc, false);
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl FusedIterator for Deltas<'_> {}

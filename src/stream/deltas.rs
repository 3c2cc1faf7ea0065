//! [`Deltas`]: the pieces of text a stream delivers (the answer, the
//! commentary before it, its reasoning, the arguments of the calls the model
//! makes), for showing each as it arrives.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::iter::FusedIterator;

use super::accumulate::Accumulator;
use super::event::ContentPart;
use super::{ResponseStream, StreamEvent};
use crate::error::{Error, Result};
use crate::response::{MessagePhase, OutputContent, OutputItem, Response};

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
    /// [`text_deltas`](ResponseStream::text_deltas) yields, the text
    /// [`Response::answer_text`] gives of the final response. The text of a
    /// message without a `phase` (from a model that sends none), or with a
    /// phase this version does not know, comes here.
    Text(String),
    /// A piece of the output text of a message the model phased
    /// `commentary` ([`MessagePhase::Commentary`]):
    /// what a model that tells its messages apart says between its calls,
    /// before the `final_answer`. Not the answer:
    /// [`Response::answer_text`] leaves it out, and
    /// [`text_deltas`](ResponseStream::text_deltas) does not yield it;
    /// [`Response::output_text`] joins it in. A message is known to be
    /// commentary by the item that announces it
    /// (`response.output_item.added`), or, for a text that came without
    /// deltas, by the item when the text closes.
    Commentary(String),
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
            StreamDelta::Text(t) | StreamDelta::Commentary(t) | StreamDelta::Refusal(t) => t,
            StreamDelta::ReasoningSummary { delta, .. }
            | StreamDelta::ReasoningText { delta, .. }
            | StreamDelta::FunctionCallArguments { delta, .. }
            | StreamDelta::CustomToolCallInput { delta, .. } => delta,
        }
    }

    /// The delta an event carries, when it is one [`Deltas`] hands out
    /// (an output text delta by `whose` it is: none for an advisor's).
    fn from_event(event: StreamEvent, whose: Whose) -> Option<StreamDelta> {
        use StreamEvent as E;
        Some(match event {
            E::OutputTextDelta(d) | E::ContentPartDelta(d) => match whose {
                Whose::Answer => StreamDelta::Text(d.delta),
                Whose::Commentary => StreamDelta::Commentary(d.delta),
                Whose::Neither => return None,
            },
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

/// Whose an output text delta is: the answer's, the commentary of a
/// message phased `commentary`, or neither (an advisor's advice, which its
/// item holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Answer,
    Commentary,
    Neither,
}

impl Whose {
    /// Whose the text of `event` is, by the item at its index as `acc`
    /// holds it before `event` is folded in: a message phased `commentary`
    /// is commentary, any other message (one without a `phase`, or an index
    /// with no item yet) the answer. `Neither` for an event that is no
    /// output text delta.
    fn of(acc: &Accumulator, event: &StreamEvent) -> Whose {
        use StreamEvent as E;
        match event {
            E::OutputTextDelta(d) | E::ContentPartDelta(d)
                if acc.holds_message_text_at(d.output_index) =>
            {
                if acc.is_commentary_at(d.output_index) {
                    Whose::Commentary
                } else {
                    Whose::Answer
                }
            }
            _ => Whose::Neither,
        }
    }
}

/// Whether `event` is one [`Deltas`] hands out (an output text delta by
/// `whose` it is).
fn is_delta(event: &StreamEvent, whose: Whose) -> bool {
    use StreamEvent as E;
    match event {
        E::OutputTextDelta(_) | E::ContentPartDelta(_) => whose != Whose::Neither,
        E::RefusalDelta(_)
        | E::ReasoningSummaryTextDelta(_)
        | E::ReasoningTextDelta(_)
        | E::FunctionCallArgumentsDelta(_)
        | E::CustomToolCallInputDelta(_) => true,
        _ => false,
    }
}

/// The iterator of [`ResponseStream::deltas`]: the pieces of text of the
/// answer, the commentary of a model that labels its messages by `phase`,
/// its refusal, its reasoning (summaries and text) and the calls the
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
enum Kind {
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
enum Closing {
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
    fn of(event: &StreamEvent) -> Option<Closing> {
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

/// What an event folded in may settle of what [`Unstreamed`] holds: the
/// part or item it closes, and the item whose kind it tells.
#[derive(Debug, Clone, Copy)]
struct After {
    closing: Option<Closing>,
    /// The `output_index` of the item the event announces, closes, puts a
    /// message part into, or tells a message by its refusal.
    told: Option<usize>,
}

impl After {
    /// What `event` settles (before it is folded in).
    fn of(event: &StreamEvent) -> After {
        use StreamEvent as E;
        let told = match event {
            E::OutputItemAdded(e) | E::OutputItemDone(e) => Some(e.output_index),
            E::ContentPartAdded(p) | E::ContentPartDone(p) => Some(p.output_index),
            E::OutputTextDone(d) => Some(d.output_index),
            E::RefusalDelta(d) => Some(d.output_index),
            E::RefusalDone(d) => Some(d.output_index),
            _ => None,
        };
        After {
            closing: Closing::of(event),
            told,
        }
    }
}

/// The most bytes of output text deltas held back for indices not announced
/// (see [`Unstreamed::hold`]), each piece counted with the size of a
/// `String` beside its text: past it, what is held is handed out as the
/// answer's and nothing more is held back.
const HELD_LIMIT: usize = 256 * 1024;

/// What [`Deltas`] and [`TextDeltas`](super::TextDeltas) yield of the texts
/// that came without deltas: for each item, which kinds of its text came in
/// deltas, and which parts were handed out whole when they closed. Items are
/// known by `output_index` and by id alike (and items without ids that a
/// response puts elsewhere, by their texts: see
/// [`follow`](Self::follow)), so that a terminal response whose items sit
/// at other places than the events said neither repeats a text nor leaves
/// out one that did not stream.
#[derive(Debug, Default)]
pub(super) struct Unstreamed {
    /// The [`Kind::bit`]s of the deltas that came, by `output_index`.
    streamed: HashMap<usize, u8>,
    /// The same by item id (of events that name their item).
    streamed_ids: HashMap<String, u8>,
    /// The parts handed out whole: `(output_index, kind, index)`.
    handed: HashSet<(usize, Kind, usize)>,
    /// The same by item id: `(kind, index)` by id, so that an id is looked
    /// up as the item holds it, without a copy.
    handed_ids: HashMap<String, HashSet<(Kind, usize)>>,
    /// Handed out whole, not yielded yet.
    queue: VecDeque<StreamDelta>,
    /// Whether the items were gone through at the end of the stream.
    ended: bool,
    /// Whether an item was announced (`response.output_item.added`): from
    /// then on, output text deltas for an index not announced are held back
    /// until its item tells whose they are.
    announced: bool,
    /// The `output_index` of the output text delta last seen, when it is to
    /// be held back.
    holding: Option<usize>,
    /// The output text deltas held back, by `output_index`.
    held: BTreeMap<usize, Vec<String>>,
    /// Their size, as [`HELD_LIMIT`] counts it.
    held_bytes: usize,
    /// Set once [`HELD_LIMIT`] was passed: nothing is held back any more.
    hold_off: bool,
    /// The error that ended the stream, handed out after the queue.
    pending: Option<Error>,
}

impl Unstreamed {
    /// Notes the delta `event` is, if any (before it is folded in): its
    /// item's text of that kind streamed.
    pub(super) fn saw(&mut self, acc: &Accumulator, event: &StreamEvent) {
        use StreamEvent as E;
        self.holding = None;
        let (output_index, id, kind) = match event {
            E::OutputItemAdded(_) => {
                self.announced = true;
                return;
            }
            E::Created(e)
            | E::InProgress(e)
            | E::Completed(e)
            | E::Done(e)
            | E::Incomplete(e)
            | E::Failed(e) => {
                self.follow(acc, &e.response.output);
                return;
            }
            E::OutputTextDelta(d) | E::ContentPartDelta(d) if acc.is_message_text(event) => {
                (d.output_index, &d.item_id, Kind::Text)
            }
            E::RefusalDelta(d) => (d.output_index, &d.item_id, Kind::Refusal),
            E::ReasoningSummaryTextDelta(d) => (d.output_index, &d.item_id, Kind::Summary),
            E::ReasoningTextDelta(d) => (d.output_index, &d.item_id, Kind::ReasoningText),
            E::FunctionCallArgumentsDelta(d) => (d.output_index, &d.item_id, Kind::Call),
            E::CustomToolCallInputDelta(d) => (d.output_index, &d.item_id, Kind::Call),
            _ => return,
        };
        // An advisor set to stream its advice sends output text deltas for
        // its own item: once the stream announces its items, deltas for an
        // index not announced yet wait until it is.
        if kind == Kind::Text
            && self.announced
            && !self.hold_off
            && (acc.item_at(output_index).is_none() || self.held.contains_key(&output_index))
        {
            self.holding = Some(output_index);
        }
        *self.streamed.entry(output_index).or_default() |= kind.bit();
        if !id.is_empty() {
            // The id is copied only the first time it is seen.
            match self.streamed_ids.get_mut(id.as_str()) {
                Some(bits) => *bits |= kind.bit(),
                None => {
                    self.streamed_ids.insert(id.clone(), kind.bit());
                }
            }
        }
    }

    /// Follows the items without ids that a response carrying items
    /// (`output`, about to replace those of `acc`) puts at other places than
    /// the events' `output_index` (a stream whose indices have gaps): what
    /// is known of an item streamed or handed out goes with it to the place
    /// of the one item of `output` without an id whose texts are its own
    /// (and not empty), when the item at its index has other texts, so that
    /// none of them is handed out again or left out. Nothing is done unless
    /// some are known by index, and nothing is compared but items without
    /// ids that are not at their index.
    fn follow(&mut self, acc: &Accumulator, output: &[OutputItem]) {
        if output.is_empty() || (self.streamed.is_empty() && self.handed.is_empty()) {
            return;
        }
        let id_less = |item: &OutputItem| item.id().is_none_or(str::is_empty);
        // The indices of parts handed out, made at the first item without
        // an id.
        let mut handed: Option<HashSet<usize>> = None;
        // Items at their index, and items not: these with their texts.
        let mut stay = HashSet::new();
        let mut astray = Vec::new();
        for (output_index, old) in acc.indexed_items() {
            if !id_less(old) {
                continue;
            }
            let known = self.streamed.contains_key(&output_index)
                || (handed.get_or_insert_with(|| self.handed.iter().map(|h| h.0).collect()))
                    .contains(&output_index);
            let Some(texts) = texts_of(old).filter(|_| known) else {
                continue;
            };
            if output.get(output_index).and_then(texts_of).as_ref() == Some(&texts) {
                stay.insert(output_index);
            } else {
                astray.push((output_index, texts));
            }
        }
        if astray.is_empty() {
            return;
        }
        // The places of the other items of `output` without ids, by their
        // texts, in order.
        let mut places: HashMap<Vec<&str>, VecDeque<usize>> = HashMap::new();
        for (at, item) in output.iter().enumerate() {
            if stay.contains(&at) || !id_less(item) {
                continue;
            }
            if let Some(texts) = texts_of(item) {
                places.entry(texts).or_default().push_back(at);
            }
        }
        let mut moves: HashMap<usize, usize> = HashMap::new();
        for (output_index, texts) in astray {
            if let Some(at) = places.get_mut(&texts).and_then(VecDeque::pop_front) {
                moves.insert(output_index, at);
            }
        }
        if moves.is_empty() {
            return;
        }
        let taken: HashSet<usize> = moves.values().copied().collect();
        // What is known of the places left and of the places taken goes;
        // what moved comes to its new place.
        let gone = |i: &usize| moves.contains_key(i) || taken.contains(i);
        let mut streamed = Vec::new();
        self.streamed.retain(|i, bits| {
            if let Some(&at) = moves.get(i) {
                streamed.push((at, *bits));
            }
            !gone(i)
        });
        self.streamed.extend(streamed);
        let mut handed = Vec::new();
        self.handed.retain(|&(i, kind, index)| {
            if let Some(&at) = moves.get(&i) {
                handed.push((at, kind, index));
            }
            !gone(&i)
        });
        self.handed.extend(handed);
    }

    /// Holds back `text`, the output text delta last seen, when its index
    /// was not announced (see [`saw`](Self::saw)); else gives it back. Past
    /// [`HELD_LIMIT`], all that is held is queued as the answer's.
    fn hold(&mut self, text: String) -> Option<String> {
        let Some(output_index) = self.holding.take() else {
            return Some(text);
        };
        self.held_bytes += text.len() + std::mem::size_of::<String>();
        self.held.entry(output_index).or_default().push(text);
        if self.held_bytes > HELD_LIMIT {
            self.hold_off = true;
            for pieces in std::mem::take(&mut self.held).into_values() {
                self.queue.extend(pieces.into_iter().map(StreamDelta::Text));
            }
            self.held_bytes = 0;
        }
        None
    }

    /// Queues the deltas held back for `output_index` when its item (in
    /// `acc`) is a message (as commentary when it is phased so), or none is
    /// there; drops them from what is handed out when it is another item
    /// (an advisor's advice: the snapshot has what the item holds).
    fn release(&mut self, acc: &Accumulator, output_index: usize) {
        let Some(pieces) = self.held.remove(&output_index) else {
            return;
        };
        let size: usize = (pieces.iter())
            .map(|p| p.len() + std::mem::size_of::<String>())
            .sum();
        self.held_bytes = self.held_bytes.saturating_sub(size);
        if acc.holds_message_text_at(output_index) {
            let piece = if acc.is_commentary_at(output_index) {
                StreamDelta::Commentary
            } else {
                StreamDelta::Text
            };
            self.queue.extend(pieces.into_iter().map(piece));
        }
    }

    /// [`release`](Self::release) of every index held, in order.
    fn release_all(&mut self, acc: &Accumulator) {
        let indices: Vec<usize> = self.held.keys().copied().collect();
        for output_index in indices {
            self.release(acc, output_index);
        }
    }

    /// Queues what an event folded into `acc` settled (`after`): the deltas
    /// held back for the item it told of, what it closed of a text that came
    /// without deltas, and, at the terminal event, all that is left (the
    /// answer's text only when `text_only`).
    fn after(&mut self, acc: &Accumulator, after: After, text_only: bool) {
        if let Some(output_index) = after.told {
            self.release(acc, output_index);
        }
        if let Some(closing) = after.closing {
            self.close(acc, closing, text_only);
        }
        if acc.is_terminal() {
            self.release_all(acc);
            self.end(acc, text_only);
        }
    }

    /// Queues, when the stream has ended (by `error`, if any), what is left:
    /// the deltas still held back and what the items hold of texts that came
    /// without deltas (the answer's only when `text_only`), also when no
    /// terminal event came (an `error` event, a broken connection, a body
    /// cut short) or it came as an error (a `response.failed`). An error
    /// that ended the stream comes after them: returned when nothing was
    /// queued.
    fn ended(&mut self, acc: &Accumulator, error: Option<Error>, text_only: bool) -> Option<Error> {
        self.release_all(acc);
        self.end(acc, text_only);
        if self.queue.is_empty() {
            return error;
        }
        self.pending = error;
        None
    }

    /// Queues what `closing` (folded into `acc`) closed of a text that came
    /// without deltas: the answer's text only when `text_only`.
    fn close(&mut self, acc: &Accumulator, closing: Closing, text_only: bool) {
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

    /// Queues, once the stream has ended (at its terminal event, or
    /// without one), what the items never closed (or closed empty) hold of
    /// texts that came without deltas, item by item.
    fn end(&mut self, acc: &Accumulator, text_only: bool) {
        if self.ended {
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
    /// out yet (when `text_only`, only the answer's text: not a refusal,
    /// nor the text of a message phased `commentary`).
    fn hand_out(
        &mut self,
        item: &OutputItem,
        output_index: usize,
        kind: Kind,
        index: usize,
        text_only: bool,
    ) {
        let commentary = kind == Kind::Text
            && matches!(item, OutputItem::Message(m) if m.phase == Some(MessagePhase::Commentary));
        if text_only && (kind != Kind::Text || commentary) {
            return;
        }
        let id = item.id().filter(|id| !id.is_empty());
        let streamed = self.streamed.get(&output_index).copied().unwrap_or(0)
            | id.and_then(|id| self.streamed_ids.get(id))
                .copied()
                .unwrap_or(0);
        if streamed & kind.bit() != 0
            || self.handed.contains(&(output_index, kind, index))
            || id.is_some_and(|id| {
                (self.handed_ids.get(id)).is_some_and(|parts| parts.contains(&(kind, index)))
            })
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
            Kind::Text if commentary => StreamDelta::Commentary(delta),
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
            match self.handed_ids.get_mut(id) {
                Some(parts) => {
                    parts.insert((kind, index));
                }
                None => {
                    self.handed_ids
                        .insert(id.to_owned(), HashSet::from([(kind, index)]));
                }
            }
        }
    }
}

/// The texts of an item that [`Unstreamed`] hands out (a message's parts,
/// a reasoning item's summary and text, a call's arguments or input), when
/// one of them is not empty.
fn texts_of(item: &OutputItem) -> Option<Vec<&str>> {
    let texts: Vec<&str> = match item {
        OutputItem::Message(m) => (m.content.iter())
            .map(|part| match part {
                OutputContent::OutputText(t) => t.text.as_str(),
                OutputContent::Refusal(r) => r.refusal.as_str(),
                _ => "",
            })
            .collect(),
        OutputItem::Reasoning(r) => (r.summary.iter())
            .map(|s| s.text().unwrap_or(""))
            .chain(r.content.iter().flatten().map(|c| c.text().unwrap_or("")))
            .collect(),
        OutputItem::FunctionCall(c) => vec![c.arguments.as_str()],
        OutputItem::CustomToolCall(c) => vec![c.input.as_str()],
        _ => return None,
    };
    texts.iter().any(|t| !t.is_empty()).then_some(texts)
}

impl Iterator for Deltas<'_> {
    type Item = Result<StreamDelta>;

    fn next(&mut self) -> Option<Self::Item> {
        next_delta(self.stream, false)
    }
}

/// The next piece of text of `stream`: what [`Deltas`] yields, and, when
/// `text_only`, what [`TextDeltas`](super::TextDeltas) yields of it (the
/// answer's text alone is then handed out and queued, but for held-back
/// deltas released as commentary; pieces of other kinds a [`Deltas`] queued
/// before are still passed on, for it to skip).
///
/// Pieces queued come first (what came without deltas, handed out whole,
/// and the deltas held back), then the error that ended the stream, then
/// the next delta read. The events not handed out are folded in by value,
/// as in `final_response`, so a closing event that repeats a text does not
/// cost a copy of it.
pub(super) fn next_delta(
    stream: &mut ResponseStream,
    text_only: bool,
) -> Option<Result<StreamDelta>> {
    use StreamEvent as E;
    loop {
        let unstreamed = &mut stream.unstreamed;
        if let Some(delta) = unstreamed.queue.pop_front() {
            return Some(Ok(delta));
        }
        if let Some(e) = unstreamed.pending.take() {
            return Some(Err(e));
        }
        let step = stream.step(true, |acc, mut event| {
            let whose = Whose::of(acc, &event);
            let after = After::of(&event);
            if (text_only && whose != Whose::Answer) || !is_delta(&event, whose) {
                acc.apply_owned(event);
                return Err(after);
            }
            // A commentary delta is not held back, its item being known;
            // what was held back for that index before it was (a response
            // event whose output tells it, which releases nothing) comes
            // first.
            let told = match (&event, whose) {
                (E::OutputTextDelta(d) | E::ContentPartDelta(d), Whose::Commentary) => {
                    Some(d.output_index)
                }
                _ => after.told,
            };
            acc.apply(&mut event);
            Ok((StreamDelta::from_event(event, whose), told))
        });
        match step {
            Some(Ok(Ok((Some(StreamDelta::Text(text)), _)))) => {
                if let Some(text) = stream.unstreamed.hold(text) {
                    return Some(Ok(StreamDelta::Text(text)));
                }
            }
            // A refusal's delta tells its message, a commentary delta is
            // of a message known: the text held back for it comes first.
            Some(Ok(Ok((Some(delta), told)))) => {
                let unstreamed = &mut stream.unstreamed;
                if let Some(output_index) = told {
                    unstreamed.release(&stream.acc, output_index);
                }
                if unstreamed.queue.is_empty() {
                    return Some(Ok(delta));
                }
                unstreamed.queue.push_back(delta);
            }
            // (No event `is_delta` takes gives no delta.)
            Some(Ok(Ok((None, _)))) => {}
            Some(Ok(Err(after))) => stream.unstreamed.after(&stream.acc, after, text_only),
            Some(Err(e)) if stream.is_finished() => {
                if let Some(e) = stream.unstreamed.ended(&stream.acc, Some(e), text_only) {
                    return Some(Err(e));
                }
            }
            Some(Err(e)) => return Some(Err(e)),
            None => {
                stream.unstreamed.ended(&stream.acc, None, text_only);
                if stream.unstreamed.queue.is_empty() {
                    return None;
                }
            }
        }
    }
}

impl FusedIterator for Deltas<'_> {}

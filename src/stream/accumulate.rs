//! Folds stream events into a snapshot [`Response`].
//!
//! The rules:
//!
//! - `response.created` / `.in_progress` / `.completed` / `.incomplete` /
//!   `.failed` (and `response.done`) replace the snapshot with the response
//!   they carry; when that response has no output, the items built from the
//!   stream so far are kept. A terminal response that keeps them settles
//!   those still in progress (`in_progress`, `searching`, `generating`,
//!   `interpreting`; no `response.output_item.done` came for them): they
//!   become `completed` when the response completed, as the items of a
//!   whole response are, and `incomplete` when it is incomplete, failed or
//!   cancelled: they did not finish (the spec's statuses of messages,
//!   reasoning and function calls have no `failed`; a `web_search_call` or
//!   an `image_generation_call`, whose statuses have `failed` and no
//!   `incomplete`, becomes `failed`). This applies to the items
//!   the stream builds (messages, reasoning, function and custom tool calls)
//!   and the tool calls whose progress events it follows. A response that
//!   carries items replaces the snapshot's, but a reasoning item among them
//!   that lacks the `encrypted_content`, `signature` or `format` the
//!   stream's item events carried (the data sent back on the next turn)
//!   takes them, moved, from the snapshot's reasoning item of the same id
//!   (of several sharing one, the one at its `output_index`, else the first
//!   not taken yet; for an item without one, from the item without one at
//!   its `output_index`), as a done item does (below); its own values win, and
//!   nothing else of the old item is kept (its `status`, say, is no longer
//!   true).
//! - `response.output_item.added` and `.done` put the item at its
//!   `output_index` (replacing what was there; a reasoning item done keeps
//!   the `encrypted_content`, `signature` and `format` of the item it
//!   replaces, of the same id, when it lacks them). An item announced by
//!   `.added` after deltas for it came (which built it, see below) keeps
//!   what they built: each text the announced item has empty, or only the
//!   beginning of, and the parts it does not have (with the annotations and
//!   log probabilities of an output text); its other members are the
//!   announced item's. A part announced by `response.content_part.added`
//!   after deltas for it came keeps the same way the text they built (and
//!   the annotations and log probabilities they gave, where it has none).
//! - Deltas append to the text they target (output text, refusals, reasoning
//!   text and summaries, function-call arguments, custom tool input, code,
//!   the diff of a patch that creates or updates a file);
//!   `.done` events and `response.content_part.done` replace it with the
//!   final value. A closing part or item whose output text has no
//!   annotations or log probabilities (`[]`, or none) keeps those the
//!   stream delivered (`response.output_text.annotation.added`, the deltas'
//!   log probabilities), as `response.output_text.done` does.
//! - Items are found by `output_index`, whatever their position in `output`;
//!   a new item goes in before those of higher indices, so `output` is in
//!   `output_index` order even when items arrive out of order; but for an
//!   item that would move more than 64 items placed before it (a server
//!   sending its items backwards): it, and the items after it, go at the
//!   end of `output` until the terminal event (or the end of the stream)
//!   puts every item in its place, so that placing many items costs no more
//!   than their number times its logarithm.
//! - A part index past the item's last part creates the part; the parts
//!   between, which no event named (a part without text streams no
//!   deltas), are made empty (an empty output text in a message, an empty
//!   reasoning text or summary text in a reasoning item), as the item
//!   holds them once whole: at most 64 of them; a refusal for such a part
//!   of a message takes its place. A part further out than
//!   that goes after the item's last part (and so does a part whose index
//!   such a part took), and the later events for its index find it there
//!   (until the item is replaced), so that no text is dropped and no index
//!   makes the snapshot grow by more than 65 parts per event. An event for an item that does not exist changes nothing
//!   (the event itself is still yielded; an annotation whose index is past
//!   the part's last is added after it), but for output text, refusals and
//!   reasoning: an output text or refusal delta or `.done` at an index
//!   without an item puts an assistant message there first (a reasoning
//!   text or summary event, a reasoning item; a function call's arguments
//!   or a custom tool call's input, a call of that kind, with no call id),
//!   so that the text of an item never announced is kept. No index can
//!   make it panic.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::response::{
    Annotation, ApplyPatchOperation, CodeInterpreterCall, CustomToolCall, FunctionCall,
    ImageGenerationCall, ItemStatus, LogProb, MessagePhase, OutputContent, OutputItem,
    OutputMessage, OutputText, ReasoningContent, ReasoningFormat, ReasoningItem, ReasoningSummary,
    Refusal, Response, ResponseStatus, WebSearchCall,
};
use crate::response::{CodeInterpreterServerItem, ImageGenerationServerItem, WebSearchServerItem};

use super::event::{ContentPart, ResponseEvent, StreamEvent};
use crate::long_strings::MAX_EXPECTED;

/// Where a text of the snapshot is: an `output_text` part of a message (by
/// position in `output` and in its `content`), or `output_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextPlace {
    Part { item: usize, part: usize },
    OutputText,
}

/// At most this many items move for an item that arrives after items of
/// higher indices (see [`Accumulator::put_item`]).
const MOVED: usize = 64;

/// At most this many empty parts are made before a part whose index is
/// past its item's last part (see [`Accumulator::part_position`]).
const GAP: usize = 64;

/// Which list of an item's parts an index counts in: a message's or a
/// reasoning item's `content`, or a reasoning item's `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Parts {
    Content,
    Summary,
}

/// The item in `slot`, which is left holding a placeholder.
fn take_item(slot: &mut OutputItem) -> OutputItem {
    std::mem::replace(slot, OutputItem::Unknown(Value::Null))
}

/// The response built from the events so far.
/// The item [`Accumulator::announce`] makes for text whose item was never
/// announced.
#[derive(Clone, Copy)]
enum Home {
    Message,
    Reasoning,
    FunctionCall,
    CustomToolCall,
}

#[derive(Debug, Default)]
pub(crate) struct Accumulator {
    snapshot: Option<Response>,
    /// The position in `snapshot.output` of every item, by `output_index`
    /// (a stream of many items, in any order, costs no more than their
    /// number times its logarithm).
    slots: BTreeMap<usize, usize>,
    /// The `output_index` of the item at each position of
    /// `snapshot.output`.
    order: Vec<usize>,
    /// Whether an item went at the end of `output` rather than before
    /// items of higher indices (see [`put_item`](Self::put_item)): `output`
    /// is put in order again at the terminal event, and at the end.
    unordered: bool,
    /// The position of each part whose index was more than [`GAP`] past its
    /// item's last part, by `output_index`, list and index (see
    /// [`part_position`](Self::part_position)); empty but for such streams.
    far: BTreeMap<(usize, Parts, usize), usize>,
    terminal: bool,
    /// How many items placing new ones moved, for the tests to count.
    #[cfg(test)]
    moved: usize,
}

impl Accumulator {
    /// Folds in an event that carries no item, part or response: deltas,
    /// final texts, annotations, statuses. [`apply`](Self::apply) and
    /// [`apply_owned`](Self::apply_owned) handle the others themselves.
    fn fold_small(&mut self, event: &StreamEvent) {
        use StreamEvent as E;
        match event {
            E::OutputTextDelta(d) | E::ContentPartDelta(d) => {
                if let Some(t) = self.output_text_for(d.output_index, d.content_index, &d.item_id) {
                    t.text.push_str(&d.delta);
                    if let Some(lp) = d.logprobs.as_ref().filter(|lp| !lp.is_empty()) {
                        t.logprobs
                            .get_or_insert_with(Vec::new)
                            .extend(lp.iter().cloned());
                    }
                }
            }
            E::OutputTextDone(d) => {
                if let Some(t) = self.output_text_for(d.output_index, d.content_index, &d.item_id) {
                    // The deltas have usually built this very text already.
                    if t.text != d.text {
                        t.text.clone_from(&d.text);
                    }
                    if let Some(lp) = d.logprobs.as_ref().filter(|lp| !lp.is_empty()) {
                        t.logprobs = Some(lp.clone());
                    }
                }
            }
            E::OutputTextAnnotationAdded(a) => {
                if let Some(t) = self.output_text(a.output_index, a.content_index) {
                    match t.annotations.get_mut(a.annotation_index) {
                        Some(slot) => *slot = a.annotation.clone(),
                        // Past the end (an index counted across the parts,
                        // or after one that never came): kept, next in line.
                        None => t.annotations.push(a.annotation.clone()),
                    }
                }
            }
            E::RefusalDelta(d) => {
                self.announce(Home::Message, d.output_index, &d.item_id);
                if let Some(r) = self.refusal(d.output_index, d.content_index) {
                    r.refusal.push_str(&d.delta);
                }
            }
            E::RefusalDone(d) => {
                self.announce(Home::Message, d.output_index, &d.item_id);
                if let Some(r) = self.refusal(d.output_index, d.content_index) {
                    r.refusal.clone_from(&d.refusal);
                }
            }
            E::ReasoningTextDelta(d) => {
                self.announce(Home::Reasoning, d.output_index, &d.item_id);
                if let Some(t) = self.reasoning_text(d.output_index, d.content_index) {
                    t.push_str(&d.delta);
                }
            }
            E::ReasoningTextDone(d) => {
                self.announce(Home::Reasoning, d.output_index, &d.item_id);
                if let Some(t) = self.reasoning_text(d.output_index, d.content_index) {
                    t.clone_from(&d.text);
                }
            }
            E::ReasoningSummaryPartAdded(p) | E::ReasoningSummaryPartDone(p) => {
                self.announce(Home::Reasoning, p.output_index, &p.item_id);
                if let Some(s) = self.summary(p.output_index, p.summary_index) {
                    *s = p.part.clone();
                }
            }
            E::ReasoningSummaryTextDelta(d) => {
                self.announce(Home::Reasoning, d.output_index, &d.item_id);
                if let Some(t) = self.summary_text(d.output_index, d.summary_index) {
                    t.push_str(&d.delta);
                }
            }
            E::ReasoningSummaryTextDone(d) => {
                self.announce(Home::Reasoning, d.output_index, &d.item_id);
                if let Some(t) = self.summary_text(d.output_index, d.summary_index) {
                    t.clone_from(&d.text);
                }
            }
            E::FunctionCallArgumentsDelta(d) => {
                self.announce(Home::FunctionCall, d.output_index, &d.item_id);
                if let Some(c) = self.function_call(d.output_index) {
                    c.arguments.push_str(&d.delta);
                }
            }
            E::FunctionCallArgumentsDone(d) => {
                self.announce(Home::FunctionCall, d.output_index, &d.item_id);
                if let Some(c) = self.function_call(d.output_index) {
                    c.arguments.clone_from(&d.arguments);
                    if let Some(name) = d.name.as_ref().filter(|n| !n.is_empty()) {
                        c.name.clone_from(name);
                    }
                }
            }
            E::CustomToolCallInputDelta(d) => {
                self.announce(Home::CustomToolCall, d.output_index, &d.item_id);
                if let Some(c) = self.custom_tool_call(d.output_index) {
                    c.input.push_str(&d.delta);
                }
            }
            E::CustomToolCallInputDone(d) => {
                self.announce(Home::CustomToolCall, d.output_index, &d.item_id);
                if let Some(c) = self.custom_tool_call(d.output_index) {
                    c.input.clone_from(&d.input);
                }
            }
            E::CodeInterpreterCallCodeDelta(d) => {
                if let Some(c) = self.code_interpreter_call(d.output_index) {
                    c.code.get_or_insert_with(String::new).push_str(&d.delta);
                }
            }
            E::CodeInterpreterCallCodeDone(d) => {
                if let Some(c) = self.code_interpreter_call(d.output_index) {
                    c.code = Some(d.code.clone());
                }
            }
            E::ApplyPatchCallOperationDiffDelta(d) => {
                if let Some(diff) = self.patch_diff(d.output_index) {
                    diff.get_or_insert_with(String::new).push_str(&d.delta);
                }
            }
            E::ApplyPatchCallOperationDiffDone(d) => {
                if let Some(diff) = self.patch_diff(d.output_index) {
                    *diff = Some(d.diff.clone());
                }
            }
            E::WebSearchCallInProgress(e) => {
                self.set_status(e.output_index, ItemStatus::InProgress)
            }
            E::WebSearchCallSearching(e) => self.set_status(e.output_index, ItemStatus::Searching),
            E::WebSearchCallCompleted(e) => self.set_status(e.output_index, ItemStatus::Completed),
            E::ImageGenerationCallInProgress(e) => {
                self.set_status(e.output_index, ItemStatus::InProgress)
            }
            E::ImageGenerationCallGenerating(e) => {
                self.set_status(e.output_index, ItemStatus::Generating)
            }
            E::ImageGenerationCallCompleted(e) => {
                self.set_status(e.output_index, ItemStatus::Completed)
            }
            E::CodeInterpreterCallInProgress(e) => {
                self.set_status(e.output_index, ItemStatus::InProgress)
            }
            E::CodeInterpreterCallInterpreting(e) => {
                self.set_status(e.output_index, ItemStatus::Interpreting)
            }
            E::CodeInterpreterCallCompleted(e) => {
                self.set_status(e.output_index, ItemStatus::Completed)
            }
            _ => {}
        }
    }

    /// Folds one event in, an event that is handed out afterwards: it is
    /// copied as little as can be. An item, a part or a response's items
    /// equal to what the snapshot holds already (as after the deltas that
    /// built them) are kept instead of copied. The event is borrowed mutably
    /// only to set its response's items aside while the rest is copied; it is
    /// left as it was.
    pub(crate) fn apply(&mut self, event: &mut StreamEvent) {
        use StreamEvent as E;
        match event {
            E::OutputItemAdded(e) => {
                if self.item(e.output_index).as_deref() != Some(&e.item) {
                    self.put_item(e.output_index, true, &mut || e.item.clone());
                }
            }
            E::OutputItemDone(e) => {
                if self.item(e.output_index).as_deref() != Some(&e.item) {
                    self.put_item(e.output_index, false, &mut || e.item.clone());
                }
            }
            E::ContentPartAdded(p) => {
                if !self.holds_part(p.output_index, p.content_index, &p.part) {
                    self.put_part(
                        p.output_index,
                        p.content_index,
                        Cow::Borrowed(&p.part),
                        true,
                    );
                }
            }
            E::ContentPartDone(p) => {
                if !self.holds_part(p.output_index, p.content_index, &p.part) {
                    self.put_part(
                        p.output_index,
                        p.content_index,
                        Cow::Borrowed(&p.part),
                        false,
                    );
                }
            }
            E::Created(e) | E::InProgress(e) => self.put_response_event(e, false),
            E::Completed(e) | E::Done(e) | E::Incomplete(e) | E::Failed(e) => {
                self.put_response_event(e, true)
            }
            other => self.fold_small(other),
        }
    }

    /// Copies the response of a lifecycle event into the snapshot, but for
    /// its items, which [`put_response_reusing`](Self::put_response_reusing)
    /// copies only where they differ from the snapshot's.
    fn put_response_event(&mut self, e: &mut ResponseEvent, terminal: bool) {
        let output = std::mem::take(&mut e.response.output);
        let rest = e.response.clone();
        e.response.output = output;
        self.put_response_reusing(rest, &e.response.output, terminal);
    }

    /// Whether the part at `content_index` of the item at `output_index` is
    /// already `part`.
    fn holds_part(
        &mut self,
        output_index: usize,
        content_index: usize,
        part: &ContentPart,
    ) -> bool {
        match (self.item(output_index), part) {
            (Some(OutputItem::Message(m)), _) => match (m.content.get(content_index), part) {
                (Some(OutputContent::OutputText(a)), ContentPart::OutputText(b)) => a == b,
                (Some(OutputContent::Refusal(a)), ContentPart::Refusal(b)) => a == b,
                (Some(OutputContent::Unknown(a)), ContentPart::Unknown(b)) => a == b,
                _ => false,
            },
            (Some(OutputItem::Reasoning(r)), _) => {
                match (r.content.as_ref().and_then(|c| c.get(content_index)), part) {
                    (Some(ReasoningContent::ReasoningText(a)), ContentPart::ReasoningText(b)) => {
                        a == b
                    }
                    (Some(ReasoningContent::Unknown(a)), ContentPart::Unknown(b)) => a == b,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Replaces the snapshot with `next` (a response without its items) and
    /// the items `output`, as [`put_response`](Self::put_response) does, but
    /// keeps each old item equal to the new one at its position instead of
    /// copying it. Old items not kept are dropped before any copy is made.
    fn put_response_reusing(&mut self, mut next: Response, output: &[OutputItem], terminal: bool) {
        let old = self.snapshot.take();
        if output.is_empty() {
            match old {
                Some(old) => {
                    next.output = old.output;
                    if terminal {
                        settle(&mut next);
                    }
                }
                None => self.index_in_order(0),
            }
        } else {
            let mut old_items: Vec<Option<OutputItem>> = old
                .map(|o| o.output.into_iter().map(Some).collect())
                .unwrap_or_default();
            let mut echoed = EchoedItems::default();
            for (i, slot) in old_items.iter_mut().enumerate() {
                if slot.as_ref() != output.get(i) {
                    if let Some(item) = slot {
                        echoed.take(self.order.get(i).copied(), item);
                    }
                    *slot = None;
                }
            }
            next.output = output
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    old_items
                        .get_mut(i)
                        .and_then(Option::take)
                        .unwrap_or_else(|| item.clone())
                })
                .collect();
            self.index_in_order(next.output.len());
            echoed.fill(&mut next.output);
        }
        self.snapshot = Some(next);
        self.terminal |= terminal;
        if terminal {
            self.put_in_order();
        }
    }

    /// Folds in an event that is not needed afterwards: the large payloads
    /// (responses, items, parts, final texts) move into the snapshot instead
    /// of being copied.
    pub(crate) fn apply_owned(&mut self, event: StreamEvent) {
        use StreamEvent as E;
        match event {
            E::OutputTextDone(d) => {
                if let Some(t) = self.output_text_for(d.output_index, d.content_index, &d.item_id) {
                    t.text = d.text;
                    if let Some(lp) = d.logprobs.filter(|lp| !lp.is_empty()) {
                        t.logprobs = Some(lp);
                    }
                }
            }
            E::ContentPartAdded(p) => {
                self.put_part(p.output_index, p.content_index, Cow::Owned(p.part), true);
            }
            E::ContentPartDone(p) => {
                self.put_part(p.output_index, p.content_index, Cow::Owned(p.part), false);
            }
            E::OutputItemAdded(e) => {
                let mut e = *e;
                self.put_item(e.output_index, true, &mut || take_item(&mut e.item));
            }
            E::OutputItemDone(e) => {
                let mut e = *e;
                self.put_item(e.output_index, false, &mut || take_item(&mut e.item));
            }
            E::Created(mut e) | E::InProgress(mut e) => {
                let empty = e.response.output.is_empty();
                self.put_response(empty, false, &mut || std::mem::take(&mut e.response))
            }
            E::Completed(mut e) | E::Done(mut e) | E::Incomplete(mut e) | E::Failed(mut e) => {
                let empty = e.response.output.is_empty();
                self.put_response(empty, true, &mut || std::mem::take(&mut e.response))
            }
            other => self.fold_small(&other),
        }
    }

    /// The texts of the snapshot of `shortest` bytes or more (see
    /// `crate::long_strings`), which a closing event may repeat: the
    /// `output_text` parts of its messages, and `output_text`.
    pub(crate) fn long_texts(&self, shortest: usize) -> Vec<(TextPlace, &str)> {
        let Some(r) = &self.snapshot else {
            return Vec::new();
        };
        let parts = r.output.iter().enumerate().flat_map(|(item, i)| {
            let content = match i {
                OutputItem::Message(m) => m.content.as_slice(),
                _ => &[],
            };
            content
                .iter()
                .enumerate()
                .filter_map(move |(part, c)| match c {
                    OutputContent::OutputText(t) => {
                        Some((TextPlace::Part { item, part }, t.text.as_str()))
                    }
                    _ => None,
                })
        });
        let output_text = r.output_text.as_deref().map(|t| (TextPlace::OutputText, t));
        parts
            .chain(output_text)
            .filter(|(_, t)| t.len() >= shortest)
            .take(MAX_EXPECTED)
            .collect()
    }

    /// The text at `place`.
    pub(crate) fn text_mut(&mut self, place: TextPlace) -> Option<&mut String> {
        let r = self.snapshot.as_mut()?;
        match place {
            TextPlace::Part { item, part } => match r.output.get_mut(item)? {
                OutputItem::Message(m) => match m.content.get_mut(part)? {
                    OutputContent::OutputText(t) => Some(&mut t.text),
                    _ => None,
                },
                _ => None,
            },
            TextPlace::OutputText => r.output_text.as_mut(),
        }
    }

    /// Whether folding `event` in with [`apply_owned`](Self::apply_owned)
    /// replaces the text at `place` (or drops what holds it): the text may
    /// then move into the event instead of being copied.
    pub(crate) fn replaces(&self, event: &StreamEvent, place: TextPlace) -> bool {
        use StreamEvent as E;
        let position = |output_index: usize| self.position(output_index);
        match (event, place) {
            (E::OutputTextDone(d), TextPlace::Part { item, part }) => {
                position(d.output_index) == Some(item) && d.content_index == part
            }
            (E::ContentPartAdded(p) | E::ContentPartDone(p), TextPlace::Part { item, part }) => {
                matches!(p.part, ContentPart::OutputText(_))
                    && position(p.output_index) == Some(item)
                    && p.content_index == part
            }
            (E::OutputItemAdded(e) | E::OutputItemDone(e), TextPlace::Part { item, .. }) => {
                position(e.output_index) == Some(item)
            }
            // A response replaces the snapshot, but for its items when it
            // carries none.
            (
                E::Created(e)
                | E::InProgress(e)
                | E::Completed(e)
                | E::Done(e)
                | E::Incomplete(e)
                | E::Failed(e),
                place,
            ) => !e.response.output.is_empty() || place == TextPlace::OutputText,
            _ => false,
        }
    }

    /// Whether `event` is a delta of a message's text: an output text
    /// delta for a message (or an item that did not decode), or for an
    /// index without an item yet (where a message is made for it). An
    /// `openrouter:advisor` that streams its advice sends output text deltas
    /// for its own item: not a message's text.
    pub(crate) fn is_message_text(&self, event: &StreamEvent) -> bool {
        match event {
            StreamEvent::OutputTextDelta(d) | StreamEvent::ContentPartDelta(d) => {
                self.holds_message_text_at(d.output_index)
            }
            _ => false,
        }
    }

    /// Whether output text deltas for `output_index` are a message's: no
    /// item is there yet, or a message (or an item that did not decode).
    pub(crate) fn holds_message_text_at(&self, output_index: usize) -> bool {
        self.item_at(output_index)
            .is_none_or(|item| matches!(item, OutputItem::Message(_) | OutputItem::Unknown(_)))
    }

    /// Whether the item at `output_index` is a message the model phased
    /// `commentary` (not the answer, as
    /// [`Response::answer_text`](crate::Response::answer_text) tells it).
    pub(crate) fn is_commentary_at(&self, output_index: usize) -> bool {
        matches!(
            self.item_at(output_index),
            Some(OutputItem::Message(m)) if m.phase == Some(MessagePhase::Commentary)
        )
    }

    /// The item at `output_index` in the response so far.
    pub(crate) fn item_at(&self, output_index: usize) -> Option<&OutputItem> {
        let pos = self.position(output_index)?;
        self.snapshot.as_ref()?.output.get(pos)
    }

    /// The items of the response so far, each with its `output_index`, in
    /// that order.
    pub(crate) fn indexed_items(&self) -> impl Iterator<Item = (usize, &OutputItem)> + '_ {
        let output = self
            .snapshot
            .as_ref()
            .map_or(&[][..], |r| r.output.as_slice());
        (self.slots.iter()).filter_map(move |(&i, &pos)| Some((i, output.get(pos)?)))
    }

    /// The position in `snapshot.output` of the item at `output_index`.
    fn position(&self, output_index: usize) -> Option<usize> {
        self.slots.get(&output_index).copied()
    }

    /// The response so far.
    pub(crate) fn snapshot(&self) -> Option<&Response> {
        self.snapshot.as_ref()
    }

    /// Whether a terminal event arrived.
    pub(crate) fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// The snapshot, and whether it is final.
    pub(crate) fn into_final(mut self) -> (Option<Response>, bool) {
        self.put_in_order();
        (self.snapshot, self.terminal)
    }

    /// Replaces the snapshot with the response `make` gives (`empty`: whether
    /// its output is empty). The old snapshot is dropped first, but for its
    /// items when the new response carries none, so the two are never both
    /// alive.
    /// (`make` is called once; taken as a trait object, so that this is
    /// compiled once for all its callers.)
    fn put_response(&mut self, empty: bool, terminal: bool, make: &mut dyn FnMut() -> Response) {
        let mut echoed = EchoedItems::default();
        let kept = match self.snapshot.take() {
            Some(old) if empty => Some(old.output),
            Some(mut old) => {
                for (pos, item) in old.output.iter_mut().enumerate() {
                    echoed.take(self.order.get(pos).copied(), item);
                }
                None
            }
            None => None,
        };
        let mut next = make();
        match kept {
            Some(output) if next.output.is_empty() => {
                next.output = output;
                if terminal {
                    settle(&mut next);
                }
            }
            _ => {
                self.index_in_order(next.output.len());
                echoed.fill(&mut next.output);
            }
        }
        self.snapshot = Some(next);
        self.terminal |= terminal;
        if terminal {
            self.put_in_order();
        }
    }

    /// Puts the item `make` gives at `output_index`, dropping the item it
    /// replaces first; but for an item `added` (announced), which keeps
    /// what the deltas before it built of it (see [`keep_built`]).
    /// (`make` is called once; taken as a trait object, so that this is
    /// compiled once for all its callers.)
    fn put_item(&mut self, output_index: usize, added: bool, make: &mut dyn FnMut() -> OutputItem) {
        let found = self.position(output_index);
        // A stream whose items come before any response (no
        // `response.created`) builds one still in progress: so it reads
        // until a terminal event says otherwise (`parse_output` refuses
        // the text of a response not finished).
        let snapshot = self.snapshot.get_or_insert_with(|| Response {
            status: Some(ResponseStatus::InProgress),
            ..Response::default()
        });
        match found {
            Some(pos) if added => {
                if let Some(slot) = snapshot.output.get_mut(pos) {
                    // An announcement is small: the item built so far is
                    // held while it is made.
                    let built = take_item(slot);
                    *slot = make();
                    keep_built(built, slot);
                }
            }
            Some(pos) => {
                if !self.far.is_empty() {
                    self.far.retain(|&(i, _, _), _| i != output_index);
                }
                if let Some(slot) = snapshot.output.get_mut(pos) {
                    let streamed = match slot {
                        OutputItem::Message(m) => {
                            let parts: Vec<_> = m.content.iter_mut().map(Streamed::take).collect();
                            Some((std::mem::take(&mut m.id), parts))
                        }
                        _ => None,
                    };
                    let echoed = match slot {
                        OutputItem::Reasoning(r) => Some(Echoed::take(r)),
                        _ => None,
                    };
                    *slot = OutputItem::Unknown(Value::Null);
                    *slot = make();
                    match (slot, streamed, echoed) {
                        (OutputItem::Message(m), Some((id, parts)), _) if m.id == id => {
                            for (part, streamed) in m.content.iter_mut().zip(parts) {
                                Streamed::restore(streamed, part);
                            }
                        }
                        (OutputItem::Reasoning(r), _, Some(mut echoed)) => echoed.fill(r),
                        _ => {}
                    }
                }
            }
            // A new item goes before the items of higher indices, so `output`
            // stays in `output_index` order when items arrive out of order;
            // but for one that would move more than `MOVED` items (a server
            // sending its items backwards would move them all, every time):
            // that one and those after it go at the end until `output` is put
            // in order again.
            None => {
                if !self.far.is_empty() {
                    self.far.retain(|&(i, _, _), _| i != output_index);
                }
                let len = snapshot.output.len();
                let pos = if self.unordered {
                    len
                } else {
                    self.order.partition_point(|&i| i < output_index)
                };
                if len - pos > MOVED {
                    self.unordered = true;
                    self.order.push(output_index);
                    self.slots.insert(output_index, len);
                    snapshot.output.push(make());
                } else {
                    #[cfg(test)]
                    {
                        self.moved += len - pos;
                    }
                    self.order.insert(pos, output_index);
                    snapshot.output.insert(pos, make());
                    // Only the items of higher indices, after it, move.
                    for (p, i) in self.order.iter().enumerate().skip(pos) {
                        self.slots.insert(*i, p);
                    }
                }
            }
        }
    }

    /// Indexes `len` items at positions equal to their indices (the items of
    /// a response).
    fn index_in_order(&mut self, len: usize) {
        // Inserted one by one: `collect` would sort the pairs first, in code
        // of its own.
        self.slots.clear();
        self.far.clear();
        for i in 0..len {
            self.slots.insert(i, i);
        }
        self.order = (0..len).collect();
        self.unordered = false;
    }

    /// Puts `output` in `output_index` order when items went at its end.
    fn put_in_order(&mut self) {
        if !std::mem::take(&mut self.unordered) {
            return;
        }
        let Some(r) = self.snapshot.as_mut() else {
            return;
        };
        // `slots` holds the items' indices in order already: no sort.
        let mut items: Vec<Option<OutputItem>> = std::mem::take(&mut r.output)
            .into_iter()
            .map(Some)
            .collect();
        r.output.reserve(items.len());
        self.order.clear();
        for (i, pos) in std::mem::take(&mut self.slots) {
            if let Some(item) = items.get_mut(pos).and_then(Option::take) {
                self.slots.insert(i, r.output.len());
                self.order.push(i);
                r.output.push(item);
            }
        }
    }

    /// [`output_text`](Self::output_text), after
    /// [`announce`](Self::announce) of a message.
    fn output_text_for(
        &mut self,
        output_index: usize,
        content_index: usize,
        item_id: &str,
    ) -> Option<&mut OutputText> {
        self.announce(Home::Message, output_index, item_id);
        self.output_text(output_index, content_index)
    }

    /// Puts an item of `kind` at `output_index` when no item is there, for
    /// a text (output text or a refusal for a message; reasoning text or a
    /// summary for reasoning; a call's arguments or input): the home of
    /// text whose item was never announced (a server that sends no
    /// `response.output_item.added`), so that it is kept.
    fn announce(&mut self, kind: Home, output_index: usize, item_id: &str) {
        if self.item_at(output_index).is_none() {
            self.put_item(output_index, false, &mut || match kind {
                Home::Message => {
                    let message = OutputMessage::assistant(item_id, Vec::<OutputContent>::new());
                    OutputItem::Message(message.status(ItemStatus::InProgress))
                }
                Home::Reasoning => OutputItem::Reasoning(ReasoningItem {
                    id: item_id.to_owned(),
                    status: Some(ItemStatus::InProgress),
                    ..ReasoningItem::default()
                }),
                // The events carry no call id (nor, but for the arguments'
                // `.done`, a name): those stay empty.
                Home::FunctionCall => OutputItem::FunctionCall(FunctionCall {
                    id: Some(item_id.to_owned()).filter(|id| !id.is_empty()),
                    status: Some(ItemStatus::InProgress),
                    ..FunctionCall::default()
                }),
                Home::CustomToolCall => OutputItem::CustomToolCall(CustomToolCall {
                    id: Some(item_id.to_owned()).filter(|id| !id.is_empty()),
                    status: Some(ItemStatus::InProgress),
                    ..CustomToolCall::default()
                }),
            });
        }
    }

    fn item(&mut self, output_index: usize) -> Option<&mut OutputItem> {
        let pos = self.position(output_index)?;
        self.snapshot.as_mut()?.output.get_mut(pos)
    }

    fn message(&mut self, output_index: usize) -> Option<&mut OutputMessage> {
        match self.item(output_index)? {
            OutputItem::Message(m) => Some(m),
            _ => None,
        }
    }

    fn reasoning(&mut self, output_index: usize) -> Option<&mut ReasoningItem> {
        match self.item(output_index)? {
            OutputItem::Reasoning(r) => Some(r),
            _ => None,
        }
    }

    fn function_call(&mut self, output_index: usize) -> Option<&mut FunctionCall> {
        match self.item(output_index)? {
            OutputItem::FunctionCall(c) => Some(c),
            _ => None,
        }
    }

    fn custom_tool_call(&mut self, output_index: usize) -> Option<&mut CustomToolCall> {
        match self.item(output_index)? {
            OutputItem::CustomToolCall(c) => Some(c),
            _ => None,
        }
    }

    fn code_interpreter_call(&mut self, output_index: usize) -> Option<&mut CodeInterpreterCall> {
        match self.item(output_index)? {
            OutputItem::CodeInterpreterCall(c) => Some(c),
            _ => None,
        }
    }

    /// The diff of the file operation of an apply-patch call (or of an
    /// `openrouter:apply_patch` item) that creates or updates a file.
    fn patch_diff(&mut self, output_index: usize) -> Option<&mut Option<String>> {
        let operation = match self.item(output_index)? {
            OutputItem::ApplyPatchCall(c) => c.operation.as_mut()?,
            OutputItem::OpenRouterApplyPatch(c) => c.operation.as_mut()?,
            _ => return None,
        };
        match operation {
            ApplyPatchOperation::CreateFile(op) | ApplyPatchOperation::UpdateFile(op) => {
                Some(&mut op.diff)
            }
            _ => None,
        }
    }

    fn set_status(&mut self, output_index: usize, status: ItemStatus) {
        match self.item(output_index) {
            // OpenRouter's own server tools report their progress through
            // the same events as the OpenAI-style call items.
            Some(OutputItem::WebSearchCall(WebSearchCall { status: s, .. }))
            | Some(OutputItem::ImageGenerationCall(ImageGenerationCall { status: s, .. }))
            | Some(OutputItem::CodeInterpreterCall(CodeInterpreterCall { status: s, .. }))
            | Some(OutputItem::OpenRouterWebSearch(WebSearchServerItem { status: s, .. }))
            | Some(OutputItem::OpenRouterImageGeneration(ImageGenerationServerItem {
                status: s,
                ..
            }))
            | Some(OutputItem::OpenRouterCodeInterpreter(CodeInterpreterServerItem {
                status: s,
                ..
            })) => *s = Some(status),
            _ => {}
        }
    }

    /// The position of the part at `index` in the list `list` of the
    /// reasoning item or message at `output_index` (`None` without one):
    /// `index` itself, when the list holds it or it is at most [`GAP`] past
    /// the list's end (the parts between are to be made empty); further
    /// out, or where a part of another index went that way, where the first
    /// event for that index put it: the list's end then.
    fn part_position(&mut self, output_index: usize, list: Parts, index: usize) -> Option<usize> {
        let len = self.parts_len(output_index, list)?;
        Some(self.position_in(output_index, list, index, len))
    }

    /// [`part_position`](Self::part_position) in a list of `len` parts.
    fn position_in(&mut self, output_index: usize, list: Parts, index: usize, len: usize) -> usize {
        let near = index.saturating_sub(len) <= GAP;
        if near && self.far.is_empty() {
            return index;
        }
        let key = (output_index, list, index);
        if let Some(&pos) = self.far.get(&key).filter(|&&pos| pos < len) {
            return pos;
        }
        let mut of_list = (self
            .far
            .range((output_index, list, 0)..=(output_index, list, usize::MAX)))
        .map(|(_, &pos)| pos);
        if near && !of_list.any(|pos| pos == index) {
            return index;
        }
        self.far.insert(key, len);
        len
    }

    /// The number of parts in the list `list` of the reasoning item or
    /// message at `output_index`.
    fn parts_len(&mut self, output_index: usize, list: Parts) -> Option<usize> {
        match (self.item(output_index)?, list) {
            (OutputItem::Message(m), Parts::Content) => Some(m.content.len()),
            (OutputItem::Reasoning(r), Parts::Content) => {
                Some(r.content.as_ref().map_or(0, Vec::len))
            }
            (OutputItem::Reasoning(r), Parts::Summary) => Some(r.summary.len()),
            _ => None,
        }
    }

    /// The output text part of a message, created when it is past its last
    /// part (see [`part_position`](Self::part_position)).
    fn output_text(
        &mut self,
        output_index: usize,
        content_index: usize,
    ) -> Option<&mut OutputText> {
        let pos = self.part_position(output_index, Parts::Content, content_index)?;
        let m = self.message(output_index)?;
        match slot(&mut m.content, pos, empty_text, empty_text)? {
            OutputContent::OutputText(t) => Some(t),
            _ => None,
        }
    }

    /// The refusal part of a message, created when it is past its last part,
    /// or where an empty output text is (a part no event named, made
    /// empty before a part past it: nothing is lost).
    fn refusal(&mut self, output_index: usize, content_index: usize) -> Option<&mut Refusal> {
        let pos = self.part_position(output_index, Parts::Content, content_index)?;
        let m = self.message(output_index)?;
        let make = || OutputContent::Refusal(Refusal::default());
        let part = slot(&mut m.content, pos, make, empty_text)?;
        if matches!(part, OutputContent::OutputText(t) if *t == OutputText::default()) {
            *part = make();
        }
        match part {
            OutputContent::Refusal(r) => Some(r),
            _ => None,
        }
    }

    /// The text of a reasoning content part, created when it is past its
    /// item's last part.
    fn reasoning_text(&mut self, output_index: usize, content_index: usize) -> Option<&mut String> {
        let pos = self.part_position(output_index, Parts::Content, content_index)?;
        let r = self.reasoning(output_index)?;
        let content = r.content.get_or_insert_with(Vec::new);
        slot(
            content,
            pos,
            ReasoningContent::default,
            ReasoningContent::default,
        )?
        .text_mut()
    }

    /// A reasoning summary part, created when it is past its item's last
    /// part.
    fn summary(
        &mut self,
        output_index: usize,
        summary_index: usize,
    ) -> Option<&mut ReasoningSummary> {
        let pos = self.part_position(output_index, Parts::Summary, summary_index)?;
        let r = self.reasoning(output_index)?;
        slot(
            &mut r.summary,
            pos,
            ReasoningSummary::default,
            ReasoningSummary::default,
        )
    }

    /// The text of a reasoning summary part, created when it is past its
    /// item's last part.
    fn summary_text(&mut self, output_index: usize, summary_index: usize) -> Option<&mut String> {
        self.summary(output_index, summary_index)?.text_mut()
    }

    /// Puts a content part of `response.content_part.added` (`added`) /
    /// `.done` into a message or a reasoning item. A part announced after
    /// deltas for it came keeps the text they built when its own is empty
    /// or only the beginning of it, as an item announced late does.
    fn put_part(
        &mut self,
        output_index: usize,
        content_index: usize,
        part: Cow<'_, ContentPart>,
        added: bool,
    ) {
        let for_message = !matches!(*part, ContentPart::ReasoningText(_));
        let for_reasoning = matches!(
            *part,
            ContentPart::ReasoningText(_) | ContentPart::Unknown(_)
        );
        let len = match self.item(output_index) {
            Some(OutputItem::Message(m)) if for_message => m.content.len(),
            Some(OutputItem::Reasoning(r)) if for_reasoning => {
                r.content.as_ref().map_or(0, Vec::len)
            }
            _ => return,
        };
        let pos = self.position_in(output_index, Parts::Content, content_index, len);
        match self.item(output_index) {
            Some(OutputItem::Message(m)) => {
                // The part being replaced goes before the new one is made
                // (but for the text an announced part may keep).
                let mut old = m
                    .content
                    .get_mut(pos)
                    .map(|old| std::mem::replace(old, OutputContent::Unknown(Value::Null)));
                let streamed = old.as_mut().and_then(Streamed::take);
                if !added {
                    old = None;
                }
                if let Some(mut new) = part.into_owned().into_output_content() {
                    if added {
                        match (old.as_mut(), &mut new) {
                            (Some(OutputContent::OutputText(o)), OutputContent::OutputText(n)) => {
                                keep_text(&mut o.text, &mut n.text)
                            }
                            (Some(OutputContent::Refusal(o)), OutputContent::Refusal(n)) => {
                                keep_text(&mut o.refusal, &mut n.refusal)
                            }
                            _ => {}
                        }
                    }
                    drop(old);
                    Streamed::restore(streamed, &mut new);
                    put_at(&mut m.content, pos, new, empty_text);
                }
            }
            Some(OutputItem::Reasoning(r)) => {
                let content = r.content.get_or_insert_with(Vec::new);
                let mut old = content
                    .get_mut(pos)
                    .map(|old| std::mem::replace(old, ReasoningContent::Unknown(Value::Null)));
                if !added {
                    old = None;
                }
                if let Some(mut new) = part.into_owned().into_reasoning_content() {
                    if let (true, Some(o), Some(n)) = (
                        added,
                        old.as_mut().and_then(ReasoningContent::text_mut),
                        new.text_mut(),
                    ) {
                        keep_text(o, n);
                    }
                    drop(old);
                    put_at(content, pos, new, ReasoningContent::default);
                }
            }
            _ => {}
        }
    }
}

/// What the stream gave an output text part apart from its text, which a
/// closing part or item may leave out: the annotations of
/// `response.output_text.annotation.added` and the deltas' log
/// probabilities.
struct Streamed {
    annotations: Vec<Annotation>,
    logprobs: Option<Vec<LogProb>>,
}

impl Streamed {
    /// Takes them out of `part`, which is about to be replaced.
    fn take(part: &mut OutputContent) -> Option<Streamed> {
        match part {
            OutputContent::OutputText(t) => Some(Streamed {
                annotations: std::mem::take(&mut t.annotations),
                logprobs: t.logprobs.take(),
            }),
            _ => None,
        }
    }

    /// Gives them to the part that replaced theirs, where it has none.
    fn restore(streamed: Option<Streamed>, part: &mut OutputContent) {
        let (Some(streamed), OutputContent::OutputText(t)) = (streamed, part) else {
            return;
        };
        if t.annotations.is_empty() {
            t.annotations = streamed.annotations;
        }
        let none = |lp: &Option<Vec<LogProb>>| lp.as_ref().is_none_or(Vec::is_empty);
        if none(&t.logprobs) && !none(&streamed.logprobs) {
            t.logprobs = streamed.logprobs;
        }
    }
}

/// What a reasoning item carries to be sent back on the next turn as it
/// came (`encrypted_content`, `signature`, `format`), taken out of the item
/// a `response.output_item.done` replaces: a server may send them only in
/// the item's announcement.
struct Echoed {
    id: String,
    encrypted_content: Option<String>,
    signature: Option<String>,
    format: Option<ReasoningFormat>,
}

impl Echoed {
    fn take(r: &mut ReasoningItem) -> Echoed {
        Echoed {
            id: std::mem::take(&mut r.id),
            encrypted_content: r.encrypted_content.take(),
            signature: r.signature.take(),
            format: r.format.take(),
        }
    }

    /// Whether it holds any of them.
    fn is_empty(&self) -> bool {
        self.encrypted_content.is_none() && self.signature.is_none() && self.format.is_none()
    }

    /// Moves into `r`, the same item done (or in a response that replaces
    /// the items), those it lacks. Only these: the done item is the item as
    /// it ended, and a member its announcement had that it lacks (a status
    /// `in_progress`, say) is no longer true; these are the server's data
    /// for the next turn, which the item carries once.
    fn fill(&mut self, r: &mut ReasoningItem) {
        if r.id != self.id {
            return;
        }
        if r.encrypted_content.is_none() {
            r.encrypted_content = self.encrypted_content.take();
        }
        if r.signature.is_none() {
            r.signature = self.signature.take();
        }
        if r.format.is_none() {
            r.format = self.format.take();
        }
    }
}

/// The [`Echoed`] members of the snapshot's reasoning items that a response
/// carrying items replaces, each with its item's `output_index`: a terminal
/// response may leave out what the stream's item events carried. Empty (and
/// unallocated) but for reasoning items that carry some.
#[derive(Default)]
struct EchoedItems(Vec<(Option<usize>, Echoed)>);

impl EchoedItems {
    /// Takes them out of `item`, at `output_index`, which is being
    /// replaced: moved, not copied.
    fn take(&mut self, output_index: Option<usize>, item: &mut OutputItem) {
        if let OutputItem::Reasoning(r) = item {
            let echoed = Echoed::take(r);
            if !echoed.is_empty() {
                self.0.push((output_index, echoed));
            }
        }
    }

    /// Moves them into the reasoning items of `output` (a response's items,
    /// at their `output_index`) that lack them, as
    /// [`Echoed::fill`] does for a done item: each from the item of the same
    /// id (of several sharing one, the one at its index, else the first
    /// not taken yet, in index order), or, for an item without one, from the
    /// item without one at its index. The response's own values win.
    fn fill(mut self, output: &mut [OutputItem]) {
        if self.0.is_empty() {
            return;
        }
        // By id, then index: an item is found in the logarithm of their
        // number.
        self.0
            .sort_unstable_by(|(i, a), (j, b)| (a.id.as_str(), *i).cmp(&(b.id.as_str(), *j)));
        // Which were taken, and, at the first of each id, where the
        // search for one not taken starts: each is passed over once.
        let mut taken = vec![false; self.0.len()];
        let mut from = vec![0; self.0.len()];
        for (index, item) in output.iter_mut().enumerate() {
            let OutputItem::Reasoning(r) = item else {
                continue;
            };
            let id = r.id.as_str();
            let start = self.0.partition_point(|(_, e)| e.id.as_str() < id);
            let rest = self.0.get_mut(start..).unwrap_or_default();
            let same = rest.partition_point(|(_, e)| e.id.as_str() == id);
            let (Some(of_id), Some(taken), Some(from)) = (
                rest.get_mut(..same),
                taken.get_mut(start..start + same),
                from.get_mut(start),
            ) else {
                continue;
            };
            let at_index = (of_id.binary_search_by_key(&Some(index), |(i, _)| *i).ok())
                .filter(|&k| taken.get(k) == Some(&false));
            let pick = match at_index {
                Some(k) => k,
                // Without an id, only the item at its own index.
                None if id.is_empty() => continue,
                None => {
                    *from += taken.iter().skip(*from).take_while(|t| **t).count();
                    *from
                }
            };
            if let (Some(t), Some((_, echoed))) = (taken.get_mut(pick), of_id.get_mut(pick)) {
                *t = true;
                echoed.fill(r);
            }
        }
    }
}

/// Keeps in `item`, announced by `response.output_item.added`, what the
/// deltas that came before the announcement built of it (`built`, the item
/// at its place): each text `item` has empty, or only the beginning of, and
/// the parts (of a message's content, a reasoning item's summary or
/// content) it does not have. An item of another kind, or with another id,
/// is another item: nothing of it is kept.
fn keep_built(built: OutputItem, item: &mut OutputItem) {
    match (built, item) {
        (OutputItem::Message(mut b), OutputItem::Message(m)) if same_id(&b.id, &m.id) => {
            keep_parts(&mut b.content, &mut m.content, |old, new| {
                match (&mut *old, &mut *new) {
                    (OutputContent::OutputText(o), OutputContent::OutputText(n)) => {
                        keep_text(&mut o.text, &mut n.text)
                    }
                    (OutputContent::Refusal(o), OutputContent::Refusal(n)) => {
                        keep_text(&mut o.refusal, &mut n.refusal)
                    }
                    _ => {}
                }
                Streamed::restore(Streamed::take(old), new);
            });
        }
        (OutputItem::Reasoning(mut b), OutputItem::Reasoning(r)) if same_id(&b.id, &r.id) => {
            keep_parts(&mut b.summary, &mut r.summary, |o, n| {
                if let (Some(o), Some(n)) = (o.text_mut(), n.text_mut()) {
                    keep_text(o, n);
                }
            });
            match (b.content, &mut r.content) {
                (Some(mut o), Some(n)) => keep_parts(&mut o, n, |o, n| {
                    if let (Some(o), Some(n)) = (o.text_mut(), n.text_mut()) {
                        keep_text(o, n);
                    }
                }),
                (Some(o), content @ None) => *content = Some(o),
                _ => {}
            }
        }
        (OutputItem::FunctionCall(mut b), OutputItem::FunctionCall(c))
            if same_id(b.id.as_deref().unwrap_or(""), c.id.as_deref().unwrap_or("")) =>
        {
            keep_text(&mut b.arguments, &mut c.arguments);
            keep_text(&mut b.name, &mut c.name);
        }
        (OutputItem::CustomToolCall(mut b), OutputItem::CustomToolCall(c))
            if same_id(b.id.as_deref().unwrap_or(""), c.id.as_deref().unwrap_or("")) =>
        {
            keep_text(&mut b.input, &mut c.input);
            keep_text(&mut b.name, &mut c.name);
        }
        _ => {}
    }
}

/// Whether two item ids may be the same item's: equal, or one not known
/// (an event without an `item_id`).
fn same_id(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a == b
}

/// Moves the `built` text into `new` when `new` is empty or only its
/// beginning.
fn keep_text(built: &mut String, new: &mut String) {
    if new.is_empty() || (built.len() > new.len() && built.starts_with(new.as_str())) {
        std::mem::swap(built, new);
    }
}

/// Merges each `built` part into the `new` part at its index with `merge`,
/// and moves the `built` parts past the end of `new` to its end.
fn keep_parts<T>(built: &mut Vec<T>, new: &mut Vec<T>, mut merge: impl FnMut(&mut T, &mut T)) {
    for (b, n) in built.iter_mut().zip(new.iter_mut()) {
        merge(b, n);
    }
    let have = new.len();
    new.extend(std::mem::take(built).into_iter().skip(have));
}

/// Puts `value` at `pos` of `list`: replaces what is there, or appends it
/// when `pos` is past the end, after as many parts made by `fill` as are
/// missing before it (at most [`GAP`]; further out, nothing is put:
/// [`Accumulator::part_position`] gives no such position).
fn put_at<T>(list: &mut Vec<T>, pos: usize, value: T, fill: impl Fn() -> T) {
    if let Some(s) = list.get_mut(pos) {
        *s = value;
    } else if pos - list.len() <= GAP {
        list.resize_with(pos, fill);
        list.push(value);
    }
}

/// The part at `pos` of `list`, made by `make` when `pos` is past the end,
/// after as many parts made by `fill` as are missing before it (at most
/// [`GAP`]; further out, `None`).
fn slot<T>(
    list: &mut Vec<T>,
    pos: usize,
    make: impl FnOnce() -> T,
    fill: impl Fn() -> T,
) -> Option<&mut T> {
    if pos >= list.len() && pos - list.len() <= GAP {
        list.resize_with(pos, fill);
        list.push(make());
    }
    list.get_mut(pos)
}

/// An empty output text: a message's part that no event named.
fn empty_text() -> OutputContent {
    OutputContent::OutputText(OutputText::default())
}

/// Settles the items of a terminal response `r` that kept those the stream
/// built: an item still in progress is `completed` when `r` completed and
/// `incomplete` when it is incomplete, failed or cancelled (no
/// `response.output_item.done` came for it, so nothing else says it
/// finished; `failed` for the two kinds whose statuses lack `incomplete`).
/// Other statuses of `r` leave the items as they are.
fn settle(r: &mut Response) {
    let to = match &r.status {
        Some(ResponseStatus::Completed) => ItemStatus::Completed,
        // An item cut off by the end of its response did not finish: the
        // spec's statuses of messages, reasoning, function calls and the
        // `openrouter:*` server tools have `incomplete` for that (and no
        // `failed`); those of a `web_search_call` and an
        // `image_generation_call` have `failed` and no `incomplete`.
        Some(ResponseStatus::Incomplete | ResponseStatus::Failed | ResponseStatus::Cancelled) => {
            ItemStatus::Incomplete
        }
        _ => return,
    };
    for item in &mut r.output {
        let status = match item {
            OutputItem::WebSearchCall(WebSearchCall { status, .. })
            | OutputItem::ImageGenerationCall(ImageGenerationCall { status, .. })
                if to == ItemStatus::Incomplete =>
            {
                settle_one(status, ItemStatus::Failed);
                continue;
            }
            OutputItem::Message(OutputMessage { status, .. })
            | OutputItem::Reasoning(ReasoningItem { status, .. })
            | OutputItem::FunctionCall(FunctionCall { status, .. })
            | OutputItem::CustomToolCall(CustomToolCall { status, .. })
            | OutputItem::WebSearchCall(WebSearchCall { status, .. })
            | OutputItem::ImageGenerationCall(ImageGenerationCall { status, .. })
            | OutputItem::CodeInterpreterCall(CodeInterpreterCall { status, .. })
            | OutputItem::OpenRouterWebSearch(WebSearchServerItem { status, .. })
            | OutputItem::OpenRouterImageGeneration(ImageGenerationServerItem { status, .. })
            | OutputItem::OpenRouterCodeInterpreter(CodeInterpreterServerItem { status, .. }) => {
                status
            }
            _ => continue,
        };
        settle_one(status, to.clone());
    }
}

/// Sets `status` to `to` when it says the item is still under way.
fn settle_one(status: &mut Option<ItemStatus>, to: ItemStatus) {
    if matches!(
        status,
        Some(
            ItemStatus::InProgress
                | ItemStatus::Searching
                | ItemStatus::Generating
                | ItemStatus::Interpreting
        )
    ) {
        *status = Some(to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(v: serde_json::Value) -> StreamEvent {
        StreamEvent::from_json(&v.to_string()).unwrap()
    }

    /// Folds `events` by reference, and checks that folding them by value
    /// gives the same result after every event.
    fn fold(events: &[serde_json::Value]) -> Accumulator {
        let mut acc = Accumulator::default();
        let mut owned = Accumulator::default();
        for e in events {
            let mut event = ev(e.clone());
            acc.apply(&mut event);
            assert_eq!(event, ev(e.clone()), "apply left the event as it was");
            owned.apply_owned(ev(e.clone()));
            assert_eq!(acc.snapshot(), owned.snapshot(), "after {e}");
            assert_eq!(acc.is_terminal(), owned.is_terminal());
            assert_eq!(acc.slots, owned.slots);
            assert_eq!(acc.order, owned.order);
        }
        acc
    }

    fn created() -> serde_json::Value {
        json!({"type":"response.created","response":{"id":"r","status":"in_progress","output":[]}})
    }

    fn message_added(i: usize, id: &str) -> serde_json::Value {
        json!({"type":"response.output_item.added","output_index":i,
               "item":{"type":"message","id":id,"role":"assistant","status":"in_progress","content":[]}})
    }

    fn text_delta(i: usize, c: usize, d: &str) -> serde_json::Value {
        json!({"type":"response.output_text.delta","output_index":i,"item_id":"m","content_index":c,"delta":d})
    }

    #[test]
    fn parts_of_the_wrong_kind_change_nothing_and_those_further_out_fill_the_gap() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            text_delta(0, 0, "Hi"),
            json!({"type":"response.content_part.done","output_index":0,"item_id":"m","content_index":0,
                   "part":{"type":"reasoning_text","text":"thinking"}}),
            json!({"type":"response.content_part.added","output_index":0,"item_id":"m","content_index":5,
                   "part":{"type":"output_text","text":"far","annotations":[]}}),
            json!({"type":"response.output_item.added","output_index":1,
                   "item":{"type":"reasoning","id":"rs","summary":[]}}),
            json!({"type":"response.content_part.added","output_index":1,"item_id":"rs","content_index":0,
                   "part":{"type":"output_text","text":"no","annotations":[]}}),
            json!({"type":"response.content_part.added","output_index":1,"item_id":"rs","content_index":0,
                   "part":{"type":"reasoning_text","text":"yes"}}),
            json!({"type":"response.content_part.done","output_index":1,"item_id":"rs","content_index":0,
                   "part":{"type":"reasoning_text","text":"yes!"}}),
        ]);
        let r = acc.snapshot().unwrap();
        assert_eq!(r.output_text(), "Hifar");
        let OutputItem::Message(m) = &r.output[0] else {
            panic!()
        };
        // Parts 1 to 4, never named, are empty output texts.
        assert_eq!(m.content.len(), 6);
        assert_eq!(
            m.content[3].as_output_text().map(|t| t.text.as_str()),
            Some("")
        );
        let OutputItem::Reasoning(rs) = &r.output[1] else {
            panic!()
        };
        assert_eq!(rs.content_text(), "yes!");
    }

    #[test]
    fn text_deltas_accumulate_and_done_replaces() {
        let mut acc = fold(&[
            created(),
            message_added(0, "m"),
            text_delta(0, 0, "Hel"),
            text_delta(0, 0, "lo"),
        ]);
        assert_eq!(acc.snapshot().unwrap().output_text(), "Hello");
        acc.apply(&mut ev(
            json!({"type":"response.output_text.done","output_index":0,"item_id":"m",
            "content_index":0,"text":"Hello!","logprobs":[]}),
        ));
        assert_eq!(acc.snapshot().unwrap().output_text(), "Hello!");
        assert!(!acc.is_terminal());
    }

    #[test]
    fn logprobs_of_deltas_are_collected() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            json!({"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a",
                   "logprobs":[{"token":"a","logprob":-0.5}]}),
            json!({"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"b",
                   "logprobs":[{"token":"b","logprob":-1.0}]}),
        ]);
        let OutputItem::Message(m) = &acc.snapshot().unwrap().output[0] else {
            panic!()
        };
        let OutputContent::OutputText(t) = &m.content[0] else {
            panic!()
        };
        let tokens: Vec<_> = t
            .logprobs
            .as_ref()
            .unwrap()
            .iter()
            .map(|l| l.token.as_str())
            .collect();
        assert_eq!(tokens, ["a", "b"]);
    }

    #[test]
    fn items_are_keyed_by_output_index_not_position() {
        let acc = fold(&[
            created(),
            message_added(3, "third"),
            message_added(1, "first"),
            text_delta(1, 0, "one"),
            text_delta(3, 0, "three"),
        ]);
        let texts: Vec<_> = acc
            .snapshot()
            .unwrap()
            .messages()
            .map(|m| (m.id.clone(), m.text()))
            .collect();
        // In `output_index` order, whatever the order of arrival.
        assert_eq!(
            texts,
            [
                ("first".into(), "one".into()),
                ("third".into(), "three".into())
            ]
        );
    }

    #[test]
    fn out_of_range_indexes_never_panic_nor_drop_text() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            // No item at 7: output text puts a message there (see below).
            text_delta(7, 0, "unannounced"),
            // Part 5 of a message with no parts: parts 0 to 4 are made
            // empty; a part further out than `GAP` goes after the last.
            text_delta(0, 5, "far"),
            text_delta(0, usize::MAX, "max"),
            json!({"type":"response.reasoning_summary_text.delta","output_index":usize::MAX,
                   "item_id":"x","summary_index":usize::MAX,"delta":"d"}),
            json!({"type":"response.output_text.annotation.added","output_index":0,"content_index":0,
                   "annotation_index":usize::MAX,"annotation":{"type":"url_citation","url":"u","title":"t","start_index":0,"end_index":1}}),
            text_delta(0, 0, "kept"),
        ]);
        let r = acc.snapshot().unwrap();
        // The summary delta put a reasoning item at `usize::MAX`.
        assert_eq!(r.output.len(), 3);
        assert_eq!(r.output_text(), "keptfarmaxunannounced");
        let OutputItem::Message(m) = &r.output[0] else {
            panic!()
        };
        assert_eq!(m.content.len(), 7);
        let summary = r.reasoning_items().next().map(|i| i.summary_text());
        assert_eq!(summary.as_deref(), Some("d"));
    }

    #[test]
    fn output_text_of_an_item_never_announced_is_kept() {
        let acc = fold(&[
            created(),
            text_delta(1, 0, "Hello, "),
            text_delta(1, 0, "world"),
            // Not a first part: the parts before it are made empty.
            text_delta(2, 3, "far"),
            json!({"type":"response.output_text.done","output_index":1,"content_index":0,
                   "item_id":"msg_9","text":"Hello, world."}),
            // A delta for an index that holds another kind of item changes
            // nothing.
            json!({"type":"response.output_item.added","output_index":0,
                   "item":{"type":"function_call","call_id":"c","name":"f","arguments":""}}),
            text_delta(0, 0, "not here"),
        ]);
        let r = acc.snapshot().unwrap();
        assert_eq!(r.output_text(), "Hello, world.far");
        assert_eq!(r.output.len(), 3, "{:?}", r.output);
        let OutputItem::Message(m) = &r.output[1] else {
            panic!("{:?}", r.output)
        };
        assert_eq!(
            (m.role.as_str(), m.status.clone()),
            ("assistant", Some(ItemStatus::InProgress))
        );
        assert!(matches!(&r.output[0], OutputItem::FunctionCall(c) if c.arguments.is_empty()));
    }

    #[test]
    fn call_arguments_of_an_item_never_announced_are_kept() {
        let acc = fold(&[
            created(),
            json!({"type":"response.function_call_arguments.delta","output_index":0,
                   "item_id":"fc_1","delta":"{\"city\":"}),
            json!({"type":"response.function_call_arguments.delta","output_index":0,
                   "item_id":"fc_1","delta":"\"Oslo\"}"}),
            json!({"type":"response.custom_tool_call_input.delta","output_index":1,
                   "item_id":"ctc_1","delta":"*** Begin"}),
        ]);
        let r = acc.snapshot().unwrap();
        let [OutputItem::FunctionCall(f), OutputItem::CustomToolCall(c)] = &r.output[..] else {
            panic!("{:?}", r.output)
        };
        assert_eq!(
            (f.id.as_deref(), f.arguments.as_str(), f.call_id.as_str()),
            (Some("fc_1"), "{\"city\":\"Oslo\"}", "")
        );
        assert_eq!(
            (c.id.as_deref(), c.input.as_str()),
            (Some("ctc_1"), "*** Begin")
        );
        assert_eq!(f.status, Some(ItemStatus::InProgress));

        // `.done` alone makes the call too, with the name it carries.
        let acc = fold(&[json!({"type":"response.function_call_arguments.done",
            "output_index":2,"item_id":"","name":"get_weather","arguments":"{}"})]);
        let r = acc.snapshot().unwrap();
        let [OutputItem::FunctionCall(f)] = &r.output[..] else {
            panic!("{:?}", r.output)
        };
        assert_eq!(
            (f.id.as_deref(), f.name.as_str(), f.arguments.as_str()),
            (None, "get_weather", "{}")
        );
    }

    /// Deltas that come before their item's `response.output_item.added`
    /// built it: the announcement gives its members (ids, name), the text
    /// built so far is kept, and later deltas go on from it.
    #[test]
    fn an_item_announced_after_its_deltas_keeps_what_they_built() {
        let args = |d: &str| json!({"type":"response.function_call_arguments.delta","output_index":0,"item_id":"fc","delta":d});
        let acc = fold(&[
            created(),
            args("{\"city\":"),
            json!({"type":"response.output_item.added","output_index":0,
                   "item":{"type":"function_call","id":"fc","call_id":"c","name":"get_weather","arguments":"","status":"in_progress"}}),
            args("\"Oslo\"}"),
        ]);
        let call = acc.snapshot().unwrap().output[0]
            .as_function_call()
            .unwrap();
        assert_eq!(
            (
                call.call_id.as_str(),
                call.name.as_str(),
                call.arguments.as_str()
            ),
            ("c", "get_weather", "{\"city\":\"Oslo\"}")
        );
        assert_eq!(call.id.as_deref(), Some("fc"));

        let acc = fold(&[
            created(),
            text_delta(0, 0, "Hel"),
            message_added(0, "m"),
            text_delta(0, 0, "lo"),
        ]);
        let r = acc.snapshot().unwrap();
        assert_eq!(r.output_text(), "Hello");
        assert_eq!(r.output[0].as_message().unwrap().id, "m");

        let summary = |d: &str| json!({"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs","summary_index":0,"delta":d});
        let acc = fold(&[
            created(),
            summary("Check"),
            json!({"type":"response.output_item.added","output_index":0,
                   "item":{"type":"reasoning","id":"rs","summary":[],"encrypted_content":"gAAA"}}),
            summary("ing the map."),
        ]);
        let r = acc.snapshot().unwrap();
        assert_eq!(r.reasoning_summary_text(), "Checking the map.");
        let reasoning = r.output[0].as_reasoning().unwrap();
        assert_eq!(reasoning.encrypted_content.as_deref(), Some("gAAA"));
    }

    /// An announcement that carries the text, or more of it, or another
    /// item, is taken as it is; `.done` replaces as before.
    #[test]
    fn an_announced_item_with_its_own_text_or_id_is_taken_as_sent() {
        let added = |id: &str, args: &str| {
            json!({"type":"response.output_item.added","output_index":0,
                   "item":{"type":"function_call","id":id,"call_id":"c","name":"f","arguments":args}})
        };
        let args = json!({"type":"response.function_call_arguments.delta","output_index":0,"item_id":"fc","delta":"{\"a\""});
        let arguments = |events: &[serde_json::Value]| {
            let acc = fold(events);
            let call = acc.snapshot().unwrap().output[0]
                .as_function_call()
                .unwrap();
            call.arguments.clone()
        };
        assert_eq!(
            arguments(&[created(), args.clone(), added("fc", "{\"a\":1}")]),
            "{\"a\":1}"
        );
        assert_eq!(
            arguments(&[created(), args.clone(), added("fc", "{")]),
            "{\"a\""
        );
        assert_eq!(arguments(&[created(), args.clone(), added("fc_2", "")]), "");
        let done = json!({"type":"response.output_item.done","output_index":0,
               "item":{"type":"function_call","id":"fc","call_id":"c","name":"f","arguments":""}});
        assert_eq!(arguments(&[created(), args, done]), "");
    }

    #[test]
    fn deltas_for_another_kind_of_item_are_ignored() {
        let acc = fold(&[
            created(),
            json!({"type":"response.output_item.added","output_index":0,
                   "item":{"type":"function_call","call_id":"c","name":"f","arguments":""}}),
            text_delta(0, 0, "text"),
            json!({"type":"response.function_call_arguments.delta","output_index":0,"item_id":"c","delta":"{}"}),
        ]);
        let calls: Vec<_> = acc.snapshot().unwrap().function_calls().collect();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].arguments, "{}");
        assert_eq!(acc.snapshot().unwrap().output_text(), "");
    }

    #[test]
    fn terminal_response_with_empty_output_keeps_built_items() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            text_delta(0, 0, "built"),
            json!({"type":"response.done","response":{"id":"r","status":"completed","output":[],
                   "usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}}),
        ]);
        assert!(acc.is_terminal());
        let r = acc.snapshot().unwrap();
        assert_eq!(r.output_text(), "built");
        assert_eq!(r.usage.as_ref().map(|u| u.total_tokens), Some(3));
    }

    #[test]
    fn terminal_response_without_output_settles_items_in_progress() {
        let streamed = |status: &str| {
            fold(&[
                created(),
                message_added(0, "m"),
                text_delta(0, 0, "built"),
                json!({"type":"response.output_item.added","output_index":1,"item":{"type":"function_call","id":"fc","call_id":"c","name":"f","arguments":"","status":"in_progress"}}),
                json!({"type":"response.output_item.added","output_index":2,"item":{"type":"openrouter:web_search","id":"ws","status":"in_progress"}}),
                json!({"type":"response.web_search_call.searching","output_index":2,"item_id":"ws","sequence_number":1}),
                // Done before the end: its own status stays.
                json!({"type":"response.output_item.added","output_index":3,"item":{"type":"function_call","id":"fc2","call_id":"c2","name":"g","arguments":"{}","status":"incomplete"}}),
                // The spec's statuses of these two have `failed`, no `incomplete`.
                json!({"type":"response.output_item.added","output_index":4,"item":{"type":"web_search_call","id":"wc","status":"in_progress"}}),
                json!({"type":"response.web_search_call.searching","output_index":4,"item_id":"wc","sequence_number":2}),
                json!({"type":"response.output_item.added","output_index":5,"item":{"type":"image_generation_call","id":"ig","status":"in_progress"}}),
                json!({"type":"response.image_generation_call.generating","output_index":5,"item_id":"ig","sequence_number":3}),
                // A cancelled response has no event of its own.
                json!({"type":"response.".to_owned() + if status == "cancelled" { "done" } else { status },
                       "response":{"id":"r","status":status,"output":[]}}),
            ])
        };
        let statuses = |acc: &Accumulator| -> Vec<serde_json::Value> {
            let written = serde_json::to_value(acc.snapshot().unwrap()).unwrap();
            let output = written["output"].as_array().unwrap().clone();
            output.iter().map(|i| i["status"].clone()).collect()
        };
        let completed = streamed("completed");
        assert_eq!(completed.snapshot().unwrap().output_text(), "built");
        assert_eq!(
            statuses(&completed),
            [
                "completed",
                "completed",
                "completed",
                "incomplete",
                "completed",
                "completed"
            ]
        );
        // An incomplete, failed or cancelled response cut them off: they
        // did not finish.
        for status in ["incomplete", "failed", "cancelled"] {
            assert_eq!(
                statuses(&streamed(status)),
                [
                    "incomplete",
                    "incomplete",
                    "incomplete",
                    "incomplete",
                    "failed",
                    "failed"
                ],
                "{status}"
            );
        }
    }

    #[test]
    fn terminal_response_with_output_wins() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            text_delta(0, 0, "draft"),
            json!({"type":"response.completed","response":{"id":"r","status":"completed","output":[
                {"type":"message","id":"m","role":"assistant","content":[{"type":"output_text","text":"final","annotations":[]}]}
            ]}}),
        ]);
        assert_eq!(acc.snapshot().unwrap().output_text(), "final");
    }

    #[test]
    fn in_progress_without_output_does_not_drop_items() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            text_delta(0, 0, "x"),
            json!({"type":"response.in_progress","response":{"id":"r","status":"in_progress","output":[]}}),
            text_delta(0, 0, "y"),
        ]);
        assert_eq!(acc.snapshot().unwrap().output_text(), "xy");
    }

    #[test]
    fn items_without_a_created_event_start_a_snapshot() {
        let acc = fold(&[message_added(0, "m"), text_delta(0, 0, "hi")]);
        assert_eq!(acc.snapshot().unwrap().output_text(), "hi");
        assert!(!acc.is_terminal());
        assert!(Accumulator::default().snapshot().is_none());
    }

    #[test]
    fn reasoning_summary_and_text() {
        let acc = fold(&[
            created(),
            json!({"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs","summary":[]}}),
            json!({"type":"response.reasoning_summary_part.added","output_index":0,"item_id":"rs","summary_index":0,"part":{"type":"summary_text","text":""}}),
            json!({"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs","summary_index":0,"delta":"Think"}),
            json!({"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs","summary_index":0,"delta":"ing"}),
            // Summary part 1 without its part.added event: created by the delta.
            json!({"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs","summary_index":1,"delta":"More"}),
            json!({"type":"response.reasoning_text.delta","output_index":0,"item_id":"rs","content_index":0,"delta":"a"}),
            json!({"type":"response.reasoning_text.delta","output_index":0,"item_id":"rs","content_index":0,"delta":"b"}),
        ]);
        let r = acc.snapshot().unwrap();
        let item = r.reasoning_items().next().unwrap();
        assert_eq!(item.summary_text(), "Thinking\nMore");
        assert_eq!(item.content_text(), "ab");

        let mut acc = acc;
        acc.apply(&mut ev(json!({"type":"response.reasoning_summary_text.done","output_index":0,"item_id":"rs","summary_index":0,"text":"Thought"})));
        acc.apply(&mut ev(json!({"type":"response.reasoning_text.done","output_index":0,"item_id":"rs","content_index":0,"text":"abc"})));
        let item = acc
            .snapshot()
            .unwrap()
            .reasoning_items()
            .next()
            .unwrap()
            .clone();
        assert_eq!(item.summary_text(), "Thought\nMore");
        assert_eq!(item.content_text(), "abc");
    }

    #[test]
    fn a_reasoning_item_done_keeps_the_echoed_data_only_its_announcement_carried() {
        let added = json!({"type":"response.output_item.added","output_index":0,
            "item":{"type":"reasoning","id":"rs","summary":[],"status":"in_progress",
                    "encrypted_content":"gAAA-secret","signature":"sig-1","format":"anthropic-claude-v1"}});
        let done = |item: serde_json::Value| json!({"type":"response.output_item.done","output_index":0,"item":item});
        let reasoning = |acc: &Accumulator| match &acc.snapshot().unwrap().output[0] {
            OutputItem::Reasoning(r) => r.clone(),
            other => panic!("{other:?}"),
        };
        // The done item without them: kept from the announcement, the rest
        // as the done item says.
        let acc = fold(&[
            created(),
            added.clone(),
            done(json!({"type":"reasoning","id":"rs","status":"completed",
                        "summary":[{"type":"summary_text","text":"Thought"}]})),
        ]);
        let r = reasoning(&acc);
        assert_eq!(r.encrypted_content.as_deref(), Some("gAAA-secret"));
        assert_eq!(r.signature.as_deref(), Some("sig-1"));
        assert_eq!(
            r.format.as_ref().map(|f| f.as_str()),
            Some("anthropic-claude-v1")
        );
        assert_eq!(r.status, Some(ItemStatus::Completed));
        assert_eq!(r.summary_text(), "Thought");
        // The done item's own values win.
        let acc = fold(&[
            created(),
            added.clone(),
            done(json!({"type":"reasoning","id":"rs","summary":[],
                        "encrypted_content":"gAAA-final","signature":"sig-2"})),
        ]);
        let r = reasoning(&acc);
        assert_eq!(r.encrypted_content.as_deref(), Some("gAAA-final"));
        assert_eq!(r.signature.as_deref(), Some("sig-2"));
        // Members the done item lacks beside those are not brought back
        // (its status stays unset until the terminal event settles it).
        assert_eq!(r.status, None);
        // Another item at the same place keeps nothing of it.
        let acc = fold(&[
            created(),
            added,
            done(json!({"type":"reasoning","id":"rs_other","summary":[]})),
        ]);
        let r = reasoning(&acc);
        assert_eq!(
            (r.encrypted_content, r.signature, r.format),
            (None, None, None)
        );
    }

    #[test]
    fn a_terminal_response_keeps_the_echoed_data_its_reasoning_items_lack() {
        let item = |id: &str, extra: serde_json::Value| {
            let mut item = json!({"type":"reasoning","id":id,"summary":[],"status":"completed"});
            item.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            item
        };
        let echoed = json!({"encrypted_content":"gAAA-secret","signature":"sig-1",
                            "format":"anthropic-claude-v1"});
        let streamed = |index: usize, id: &str| {
            [
                json!({"type":"response.output_item.added","output_index":index,
                       "item":item(id, echoed.clone())}),
                json!({"type":"response.output_item.done","output_index":index,
                       "item":item(id, json!({}))}),
            ]
        };
        let completed = |output: Vec<serde_json::Value>| {
            json!({"type":"response.completed",
                   "response":{"id":"r","status":"completed","output":output}})
        };
        let members = |acc: &Accumulator, at: usize| match &acc.snapshot().unwrap().output[at] {
            OutputItem::Reasoning(r) => (
                r.encrypted_content.clone(),
                r.signature.clone(),
                r.format.as_ref().map(|f| f.as_str().to_owned()),
            ),
            other => panic!("{other:?}"),
        };
        let kept = (
            Some("gAAA-secret".to_owned()),
            Some("sig-1".to_owned()),
            Some("anthropic-claude-v1".to_owned()),
        );
        // The items of the same id (wherever they stand) keep them; the
        // response's own values win; an item of another id keeps nothing.
        let mut events = vec![created()];
        events.extend(streamed(0, "rs_1"));
        events.extend(streamed(1, "rs_2"));
        events.extend(streamed(2, "rs_3"));
        events.push(completed(vec![
            item("rs_2", json!({"encrypted_content":"gAAA-final"})),
            item("rs_1", json!({})),
            item("rs_other", json!({})),
        ]));
        let acc = fold(&events);
        let (_, signature, format) = kept.clone();
        assert_eq!(
            members(&acc, 0),
            (Some("gAAA-final".to_owned()), signature, format)
        );
        assert_eq!(members(&acc, 1), kept);
        assert_eq!(members(&acc, 2), (None, None, None));
        // Items without ids: by their index.
        let mut events = vec![created()];
        events.extend(streamed(0, ""));
        events.push(completed(vec![item("", json!({})), item("", json!({}))]));
        let acc = fold(&events);
        assert_eq!(members(&acc, 0), kept);
        assert_eq!(members(&acc, 1), (None, None, None));
        // An item without an id is not one with an id at its index.
        let mut events = vec![created()];
        events.extend(streamed(0, "rs_1"));
        events.push(completed(vec![item("", json!({}))]));
        assert_eq!(members(&fold(&events), 0), (None, None, None));
    }

    #[test]
    fn reasoning_of_an_item_never_announced_is_kept() {
        let acc = fold(&[
            created(),
            json!({"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs_1","summary_index":0,"delta":"Think"}),
            json!({"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs_1","summary_index":0,"delta":"ing"}),
            json!({"type":"response.reasoning_text.delta","output_index":1,"item_id":"rs_2","content_index":0,"delta":"step 1"}),
            // Not a first part: the part before it is made empty.
            json!({"type":"response.reasoning_text.delta","output_index":2,"item_id":"rs_3","content_index":1,"delta":"kept"}),
            text_delta(3, 0, "Answer"),
        ]);
        let r = acc.snapshot().unwrap();
        let ids: Vec<_> = r
            .output
            .iter()
            .map(|i| i.id().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["rs_1", "rs_2", "rs_3", "m"]);
        let OutputItem::Reasoning(first) = &r.output[0] else {
            panic!()
        };
        assert_eq!(first.summary_text(), "Thinking");
        let OutputItem::Reasoning(second) = &r.output[1] else {
            panic!()
        };
        assert_eq!(second.content_text(), "step 1");
        let OutputItem::Reasoning(third) = &r.output[2] else {
            panic!()
        };
        assert_eq!(third.content_text(), "\nkept");
        assert_eq!(r.output_text(), "Answer");
    }

    #[test]
    fn annotations_past_the_end_are_kept_in_order() {
        let ann = |index: usize, url: &str| {
            json!({"type":"response.output_text.annotation.added","output_index":0,"item_id":"m","content_index":0,
                   "annotation_index":index,"annotation":{"type":"url_citation","url":url,"title":"T","start_index":0,"end_index":1}})
        };
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            json!({"type":"response.content_part.added","output_index":0,"item_id":"m","content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}),
            text_delta(0, 0, "See."),
            // Numbered across parts (this part's first is 3), then one
            // again at an index already filled: it replaces that one.
            ann(3, "a"),
            ann(4, "b"),
            ann(1, "B"),
        ]);
        let r = acc.snapshot().unwrap();
        let OutputItem::Message(m) = &r.output[0] else {
            panic!()
        };
        let urls: Vec<_> = (m.content[0].as_output_text().unwrap().annotations.iter())
            .map(|a| serde_json::to_value(a).unwrap()["url"].clone())
            .collect();
        assert_eq!(urls, [json!("a"), json!("B")]);
    }

    #[test]
    fn refusal_annotations_custom_input_and_code() {
        let acc = fold(&[
            created(),
            message_added(0, "m"),
            json!({"type":"response.content_part.added","output_index":0,"item_id":"m","content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}),
            text_delta(0, 0, "See docs."),
            json!({"type":"response.output_text.annotation.added","output_index":0,"item_id":"m","content_index":0,
                   "annotation_index":0,"annotation":{"type":"url_citation","url":"https://e.x","title":"E","start_index":4,"end_index":8}}),
            json!({"type":"response.content_part.added","output_index":0,"item_id":"m","content_index":1,"part":{"type":"refusal","refusal":""}}),
            json!({"type":"response.refusal.delta","output_index":0,"item_id":"m","content_index":1,"delta":"I can't"}),
            json!({"type":"response.refusal.delta","output_index":0,"item_id":"m","content_index":1,"delta":" do that"}),
            json!({"type":"response.output_item.added","output_index":1,"item":{"type":"custom_tool_call","call_id":"c","name":"patch","input":""}}),
            json!({"type":"response.custom_tool_call_input.delta","output_index":1,"item_id":"c","delta":"*** Begin"}),
            json!({"type":"response.custom_tool_call_input.delta","output_index":1,"item_id":"c","delta":" Patch"}),
            json!({"type":"response.output_item.added","output_index":2,"item":{"type":"code_interpreter_call","id":"ci","status":"in_progress"}}),
            json!({"type":"response.code_interpreter_call_code.delta","output_index":2,"item_id":"ci","delta":"print(1)"}),
            json!({"type":"response.code_interpreter_call.interpreting","output_index":2,"item_id":"ci"}),
        ]);
        let r = acc.snapshot().unwrap();
        assert_eq!(r.refusal().as_deref(), Some("I can't do that"));
        let OutputItem::Message(m) = &r.output[0] else {
            panic!()
        };
        let t = m.content[0].as_output_text().unwrap();
        assert_eq!(t.text, "See docs.");
        assert_eq!(t.annotations.len(), 1);
        let OutputItem::CustomToolCall(c) = &r.output[1] else {
            panic!()
        };
        assert_eq!(c.input, "*** Begin Patch");
        let OutputItem::CodeInterpreterCall(ci) = &r.output[2] else {
            panic!()
        };
        assert_eq!(ci.code.as_deref(), Some("print(1)"));
        assert_eq!(ci.status, Some(ItemStatus::Interpreting));
    }

    #[test]
    fn progress_events_move_openrouter_server_tool_items() {
        let acc = fold(&[
            created(),
            json!({"type":"response.output_item.added","output_index":0,"item":{"type":"openrouter:web_search","id":"ws","status":"in_progress"}}),
            json!({"type":"response.web_search_call.searching","output_index":0,"item_id":"ws"}),
            json!({"type":"response.output_item.added","output_index":1,"item":{"type":"openrouter:image_generation","id":"ig","status":"in_progress"}}),
            json!({"type":"response.image_generation_call.generating","output_index":1,"item_id":"ig"}),
            json!({"type":"response.output_item.added","output_index":2,"item":{"type":"openrouter:code_interpreter","id":"ci","status":"in_progress"}}),
            json!({"type":"response.code_interpreter_call.interpreting","output_index":2,"item_id":"ci"}),
            // An event for an item of another kind leaves it alone.
            message_added(3, "m"),
            json!({"type":"response.web_search_call.completed","output_index":3,"item_id":"m"}),
        ]);
        let r = acc.snapshot().unwrap();
        let OutputItem::OpenRouterWebSearch(ws) = &r.output[0] else {
            panic!("{:?}", r.output[0])
        };
        assert_eq!(ws.status, Some(ItemStatus::Searching));
        let OutputItem::OpenRouterImageGeneration(ig) = &r.output[1] else {
            panic!("{:?}", r.output[1])
        };
        assert_eq!(ig.status, Some(ItemStatus::Generating));
        let OutputItem::OpenRouterCodeInterpreter(ci) = &r.output[2] else {
            panic!("{:?}", r.output[2])
        };
        assert_eq!(ci.status, Some(ItemStatus::Interpreting));
        let written = serde_json::to_value(&r.output[3]).unwrap();
        assert_eq!(written["status"], "in_progress", "{written}");
    }

    /// Items in descending `output_index` order move at most `MOVED` items
    /// each (not all those placed before them), and `output` is in order at
    /// the terminal event; items slightly out of order go in their place at
    /// once.
    #[test]
    fn items_in_descending_order_move_few_items() {
        const N: usize = 3000;
        let added = |i: usize| {
            json!({"type":"response.output_item.added","output_index":i,
                   "item":{"type":"function_call","id":format!("fc_{i}"),"call_id":"c","name":"f","arguments":""}})
        };
        let mut events = vec![created()];
        events.extend((0..N).rev().map(added));
        let mut acc = fold(&events);
        assert!(acc.moved <= MOVED * N, "{} items moved", acc.moved);
        assert_eq!(acc.item_at(5).and_then(OutputItem::id), Some("fc_5"));
        acc.apply(&mut ev(
            json!({"type":"response.completed","response":{"id":"r","status":"completed","output":[]}}),
        ));
        let ids: Vec<_> = (acc.snapshot().unwrap().output.iter())
            .map(|i| i.id().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(ids, (0..N).map(|i| format!("fc_{i}")).collect::<Vec<_>>());
        assert!(acc.slots.iter().all(|(&i, &p)| i == p));

        let acc = fold(&[created(), added(0), added(2), added(3), added(1)]);
        let ids: Vec<_> = (acc.snapshot().unwrap().output.iter())
            .map(|i| i.id().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["fc_0", "fc_1", "fc_2", "fc_3"]);
    }

    #[test]
    fn function_call_arguments_done_replaces_and_names() {
        let acc = fold(&[
            created(),
            json!({"type":"response.output_item.added","output_index":0,
                   "item":{"type":"function_call","call_id":"c","name":"","arguments":""}}),
            json!({"type":"response.function_call_arguments.delta","output_index":0,"item_id":"c","delta":"{\"a\""}),
            json!({"type":"response.function_call_arguments.done","output_index":0,"item_id":"c","name":"get","arguments":"{\"a\":1}"}),
        ]);
        let call = acc
            .snapshot()
            .unwrap()
            .function_calls()
            .next()
            .unwrap()
            .clone();
        assert_eq!(call.arguments, "{\"a\":1}");
        assert_eq!(call.name, "get");
    }

    #[test]
    fn items_arriving_out_of_order_take_their_places() {
        let done = |i: usize, id: &str| {
            json!({"type":"response.output_item.done","output_index":i,
                   "item":{"type":"message","id":id,"role":"assistant","status":"completed",
                           "content":[{"type":"output_text","text":id,"annotations":[]}]}})
        };
        let acc = fold(&[
            created(),
            message_added(2, "c"),
            message_added(0, "a"),
            json!({"type":"response.content_part.added","output_index":0,"item_id":"a","content_index":0,
                   "part":{"type":"output_text","text":"","annotations":[]}}),
            text_delta(0, 0, "A"),
            message_added(1, "b"),
            done(2, "C"),
            done(1, "B"),
            json!({"type":"response.completed","response":{"id":"r","status":"completed","output":[]}}),
        ]);
        let snap = acc.snapshot().unwrap();
        assert_eq!(snap.output_text(), "ABC");
        let ids: Vec<_> = snap
            .output
            .iter()
            .map(|i| i.id().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["a", "B", "C"]);
        let slots: Vec<_> = acc.slots.iter().map(|(&i, &p)| (i, p)).collect();
        assert_eq!(slots, [(0, 0), (1, 1), (2, 2)]);
    }

    #[test]
    fn closing_events_equal_to_the_snapshot_keep_it_and_different_ones_replace_it() {
        let part = |t: &str| json!({"type":"output_text","text":t,"annotations":[]});
        let item = |t: &str| json!({"type":"message","id":"m","role":"assistant","status":"completed","content":[part(t)]});
        let mut events = vec![
            created(),
            message_added(0, "m"),
            json!({"type":"response.content_part.added","output_index":0,"item_id":"m","content_index":0,"part":part("")}),
            text_delta(0, 0, "Hel"),
            text_delta(0, 0, "lo"),
            // Equal to what the deltas built.
            json!({"type":"response.output_text.done","output_index":0,"item_id":"m","content_index":0,"text":"Hello"}),
            json!({"type":"response.content_part.done","output_index":0,"item_id":"m","content_index":0,"part":part("Hello")}),
            json!({"type":"response.output_item.done","output_index":0,"item":item("Hello")}),
        ];
        let acc = fold(&events);
        assert_eq!(acc.snapshot().unwrap().output_text(), "Hello");
        // The closing events differ from the deltas: each one wins.
        events.push(
            json!({"type":"response.output_item.done","output_index":0,"item":item("Hello!")}),
        );
        let acc = fold(&events);
        assert_eq!(acc.snapshot().unwrap().output_text(), "Hello!");
        events.push(json!({"type":"response.completed","response":{"id":"r","status":"completed","output":[item("Hello!"), item("Bye")]}}));
        let acc = fold(&events);
        let snap = acc.snapshot().unwrap();
        assert_eq!(snap.output_text(), "Hello!Bye");
        assert_eq!(
            snap.status,
            Some(crate::response::ResponseStatus::Completed)
        );
        events.push(json!({"type":"response.completed","response":{"id":"r2","status":"completed","output":[item("Other")]}}));
        let acc = fold(&events);
        assert_eq!(acc.snapshot().unwrap().output_text(), "Other");
        assert_eq!(acc.snapshot().unwrap().id, "r2");
        let slots: Vec<_> = acc.slots.iter().map(|(&i, &p)| (i, p)).collect();
        assert_eq!(slots, [(0, 0)]);
    }
}

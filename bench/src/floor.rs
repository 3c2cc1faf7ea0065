//! The floor: a minimal typed enum for the events of the transcript, decoded
//! by `serde_json` straight from pre-split payload slices.
//!
//! Two forms of the same enum are decoded:
//! - [`Min`], a plain `#[serde(tag = "type")]` derive (serde buffers each
//!   object before picking the variant: the idiomatic way);
//! - [`decode_peek`]: read the `type` first from the raw text, then decode
//!   the variant's struct in a single pass (the fastest simple way).

#![allow(dead_code)] // fields are decoded for the cost of it, not read

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct MinPart {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct MinItem {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub content: Vec<MinPart>,
}

#[derive(Debug, Deserialize)]
pub struct MinResponse {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub output: Vec<MinItem>,
}

#[derive(Debug, Deserialize)]
pub struct Delta {
    pub sequence_number: u64,
    pub item_id: String,
    pub output_index: u32,
    pub content_index: u32,
    pub delta: String,
}

#[derive(Debug, Deserialize)]
pub struct TextDone {
    pub sequence_number: u64,
    pub item_id: String,
    pub output_index: u32,
    pub content_index: u32,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct PartEvent {
    pub sequence_number: u64,
    pub item_id: String,
    pub output_index: u32,
    pub content_index: u32,
    pub part: MinPart,
}

#[derive(Debug, Deserialize)]
pub struct ItemEvent {
    pub sequence_number: u64,
    pub output_index: u32,
    pub item: MinItem,
}

#[derive(Debug, Deserialize)]
pub struct ResponseEvent {
    pub sequence_number: u64,
    pub response: MinResponse,
}

/// The minimal typed enum (derive, internally tagged).
#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
pub enum Min {
    #[serde(rename = "response.created")]
    Created(ResponseEvent),
    #[serde(rename = "response.in_progress")]
    InProgress(ResponseEvent),
    #[serde(rename = "response.completed")]
    Completed(ResponseEvent),
    #[serde(rename = "response.output_item.added")]
    ItemAdded(ItemEvent),
    #[serde(rename = "response.output_item.done")]
    ItemDone(ItemEvent),
    #[serde(rename = "response.content_part.added")]
    PartAdded(PartEvent),
    #[serde(rename = "response.content_part.done")]
    PartDone(PartEvent),
    #[serde(rename = "response.output_text.delta")]
    Delta(Delta),
    #[serde(rename = "response.output_text.done")]
    TextDone(TextDone),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Peek<'a> {
    #[serde(rename = "type", borrow)]
    ty: std::borrow::Cow<'a, str>,
}

/// Reads `"type"` when it is the first member; otherwise skims the object.
fn peek_type(json: &[u8]) -> serde_json::Result<std::borrow::Cow<'_, str>> {
    let fast = json
        .strip_prefix(b"{\"type\":\"")
        .and_then(|rest| {
            let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
            (rest[end] == b'"').then(|| &rest[..end])
        })
        .and_then(|t| std::str::from_utf8(t).ok());
    match fast {
        Some(t) => Ok(std::borrow::Cow::Borrowed(t)),
        None => Ok(serde_json::from_slice::<Peek<'_>>(json)?.ty),
    }
}

/// The same enum, decoded by reading the `type` first and then the
/// variant's struct in one pass.
pub fn decode_peek(json: &[u8]) -> serde_json::Result<Min> {
    let ty = peek_type(json)?;
    Ok(match &*ty {
        "response.output_text.delta" => Min::Delta(serde_json::from_slice(json)?),
        "response.output_text.done" => Min::TextDone(serde_json::from_slice(json)?),
        "response.content_part.added" => Min::PartAdded(serde_json::from_slice(json)?),
        "response.content_part.done" => Min::PartDone(serde_json::from_slice(json)?),
        "response.output_item.added" => Min::ItemAdded(serde_json::from_slice(json)?),
        "response.output_item.done" => Min::ItemDone(serde_json::from_slice(json)?),
        "response.created" => Min::Created(serde_json::from_slice(json)?),
        "response.in_progress" => Min::InProgress(serde_json::from_slice(json)?),
        "response.completed" => Min::Completed(serde_json::from_slice(json)?),
        _ => Min::Other,
    })
}

/// A number that depends on what was decoded, so no decoder can skip work.
pub fn weigh(e: &Min) -> usize {
    match e {
        Min::Delta(d) => d.delta.len() + d.sequence_number as usize % 2,
        Min::TextDone(d) => d.text.len(),
        Min::PartAdded(p) | Min::PartDone(p) => p.part.text.len(),
        Min::ItemAdded(i) | Min::ItemDone(i) => i.item.content.iter().map(|p| p.text.len()).sum(),
        Min::Created(r) | Min::InProgress(r) | Min::Completed(r) => r
            .response
            .output
            .iter()
            .flat_map(|i| &i.content)
            .map(|p| p.text.len())
            .sum(),
        Min::Other => 0,
    }
}

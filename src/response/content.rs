//! The content parts of a message: text with annotations, and refusals.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One content part of an [`OutputMessage`](super::OutputMessage).
///
/// A part of an unknown type, or of a known type with an unexpected shape,
/// becomes [`OutputContent::Unknown`] with the JSON kept as sent.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum OutputContent {
    /// Text (`output_text`).
    #[serde(rename = "output_text")]
    OutputText(OutputText),
    /// A refusal (`refusal`).
    #[serde(rename = "refusal")]
    Refusal(Refusal),
    /// A part of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum OutputContent {
        OutputText(x),
        Refusal(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(OutputContent, "a content part", {
    "output_text" => OutputText,
    "refusal" => Refusal,
}, held {
    "output_text" => OutputText.text,
    "refusal" => Refusal.refusal,
});

impl OutputContent {
    /// The text part, when this is one.
    pub fn as_output_text(&self) -> Option<&OutputText> {
        match self {
            OutputContent::OutputText(t) => Some(t),
            _ => None,
        }
    }

    /// The refusal, when this is one.
    pub fn as_refusal(&self) -> Option<&Refusal> {
        match self {
            OutputContent::Refusal(r) => Some(r),
            _ => None,
        }
    }
}

impl From<OutputText> for OutputContent {
    fn from(t: OutputText) -> Self {
        OutputContent::OutputText(t)
    }
}

impl From<Refusal> for OutputContent {
    fn from(r: Refusal) -> Self {
        OutputContent::Refusal(r)
    }
}

/// A text part of a message (`type: "output_text"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputText {
    /// The text.
    pub text: String,
    /// Citations and file references within the text.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub annotations: Vec<Annotation>,
    /// The log probabilities of the tokens, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Vec<LogProb>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct OutputText { text, annotations, logprobs, extra });

impl OutputText {
    /// A text part with this text and nothing else.
    pub fn new(text: impl Into<String>) -> Self {
        OutputText {
            text: text.into(),
            ..OutputText::default()
        }
    }
}

/// A refusal part of a message (`type: "refusal"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Refusal {
    /// Why the model refused.
    pub refusal: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct Refusal { refusal, extra });

impl Refusal {
    /// A refusal with this text.
    pub fn new(refusal: impl Into<String>) -> Self {
        Refusal {
            refusal: refusal.into(),
            extra: Map::new(),
        }
    }
}

/// The log probability of one output token.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LogProb {
    /// The token.
    #[serde(default)]
    pub token: String,
    /// Its log probability.
    #[serde(default)]
    pub logprob: f64,
    /// Its UTF-8 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<Vec<u8>>,
    /// The most likely tokens at this position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_logprobs: Option<Vec<TopLogProb>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct LogProb { token, logprob, bytes, top_logprobs, extra });

/// One of the most likely tokens at a position.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TopLogProb {
    /// The token.
    #[serde(default)]
    pub token: String,
    /// Its log probability.
    #[serde(default)]
    pub logprob: f64,
    /// Its UTF-8 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<Vec<u8>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct TopLogProb { token, logprob, bytes, extra });

/// An annotation of an [`OutputText`]: a citation or a file reference.
///
/// ```
/// use openrouter_responses::response::Annotation;
/// let a: Annotation = serde_json::from_str(
///     r#"{"type":"url_citation","url":"https://example.com","start_index":0,"end_index":7}"#,
/// )?;
/// match a {
///     Annotation::UrlCitation(c) => {
///         assert_eq!(c.url, "https://example.com");
///         assert_eq!(c.title, None);
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Annotation {
    /// A web citation (`url_citation`).
    #[serde(rename = "url_citation")]
    UrlCitation(UrlCitation),
    /// A file citation (`file_citation`).
    #[serde(rename = "file_citation")]
    FileCitation(FileCitation),
    /// A reference to a generated file (`file_path`).
    #[serde(rename = "file_path")]
    FilePath(FilePath),
    /// An annotation of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum Annotation {
        UrlCitation(x),
        FileCitation(x),
        FilePath(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(Annotation, "an annotation", {
    "url_citation" => UrlCitation,
    "file_citation" => FileCitation,
    "file_path" => FilePath,
});

/// A web citation: the text from `start_index` to `end_index` cites `url`.
///
/// The indices count characters of the text, not bytes (OpenRouter's docs
/// call them character indices; the spec gives no unit), so
/// `&text[start..end]` cuts a character such as `é` in two and panics. Nor
/// are they checked against the text: the spec's own example ends past
/// it. OpenRouter's docs call `end_index` the index of the span's last
/// character, the spec says nothing, and this example reads it as the one
/// just past the span, as a Rust range's end. Find the cited span through
/// `char_indices`, and slice with `str::get`, which answers `None` where
/// the indices do not fit:
///
/// ```
/// use openrouter_responses::response::{Annotation, OutputText};
///
/// /// The byte offset of character `index` of `text` (its end included).
/// fn byte_at(text: &str, index: u64) -> Option<usize> {
///     let index = usize::try_from(index).ok()?;
///     text.char_indices().map(|(at, _)| at).chain([text.len()]).nth(index)
/// }
///
/// let part: OutputText = serde_json::from_value(serde_json::json!({
///     "text": "Zürich's Café Odeon opened in 1911.",
///     "annotations": [
///         {"type": "url_citation", "url": "https://example.org/odeon",
///          "title": "Café Odeon", "start_index": 14, "end_index": 34},
///         {"type": "url_citation", "url": "https://example.org/far",
///          "title": "Past the end", "start_index": 0, "end_index": 42}
///     ]
/// }))?;
/// let spans: Vec<Option<&str>> = part
///     .annotations
///     .iter()
///     .filter_map(|a| match a {
///         Annotation::UrlCitation(c) => Some(c),
///         _ => None,
///     })
///     .map(|c| {
///         let (start, end) = (byte_at(&part.text, c.start_index)?, byte_at(&part.text, c.end_index)?);
///         part.text.get(start..end)
///     })
///     .collect();
/// assert_eq!(spans, [Some("Odeon opened in 1911"), None]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UrlCitation {
    /// The cited URL.
    pub url: String,
    /// The page title. Required by the spec, absent in some answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the citing text starts (a character index into the text).
    #[serde(default)]
    pub start_index: u64,
    /// Where the citing text ends (a character index into the text).
    #[serde(default)]
    pub end_index: u64,
    /// An excerpt of the cited page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct UrlCitation { url, title, start_index, end_index, content, extra });

/// A file citation.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileCitation {
    /// The cited file.
    pub file_id: String,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Where the citation is in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct FileCitation { file_id, filename, index, extra });

/// A reference to a generated file.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FilePath {
    /// The file.
    pub file_id: String,
    /// Where the reference is in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct FilePath { file_id, index, extra });

//! The request settings a response echoes (`text`, `reasoning`, `prompt`,
//! `prompt_cache_options`), read into the request types. (`tool_choice`,
//! whose type takes any JSON, is read directly by [`Response`]'s decoder.)
//!
//! The derived decoding of [`Response`] leaves these members in its `extra`
//! map, as raw JSON, so that no shape of theirs can fail a response; then
//! [`type_echoes`] moves each into its typed field when the typed value
//! holds all of it: every member is one the request type models, with a
//! value of its JSON type (`null` reads as absent). One that it would not
//! hold whole (a member not modelled, a number where a string belongs, a
//! list where an object belongs) stays in `extra` as sent. A text format
//! or prompt variable the types do not know, or do not hold whole, is kept
//! in their `Unknown` variants, and a string value not listed in an open
//! enum's `Other`.
//!
//! The settings are read here by hand, through the request types' setters,
//! rather than by their derived decoders: those would compile a decoder of
//! each request type, and serde's buffering of tagged unions, into the
//! library (about 36 k lines of LLVM IR for these five, 7 % of it).
//! `tests/response_echoes.rs` checks that the two readings agree.

use serde_json::{Map, Value};

use super::Response;
use crate::request::{
    AudioFormat, CacheMode, ImageDetail, InputAudio, InputContent, InputFile, InputImage,
    InputText, InputVideo, JsonSchemaFormat, Prompt, PromptCacheBreakpoint, PromptCacheOptions,
    PromptVariable, Reasoning, ReasoningContext, ReasoningEffort, ReasoningMode,
    ReasoningSummaryVerbosity, TextConfig, TextFormat, Verbosity,
};

/// Moves the echoed settings out of `response.extra` into their typed
/// fields, each that its type holds whole; `null` reads as absent.
pub(super) fn type_echoes(response: &mut Response) {
    let extra = &mut response.extra;
    if extra.is_empty() {
        return;
    }
    response.text = typed(extra, "text", text_config);
    response.reasoning = typed(extra, "reasoning", reasoning);
    response.prompt = typed(extra, "prompt", prompt);
    response.prompt_cache_options = typed(extra, "prompt_cache_options", cache_options);
}

/// Whether a typed echo is set while `extra` holds a member of its name (a
/// caller who set the field after decoding, the raw echo left in `extra`):
/// written as it is, the response would hold that member twice.
pub(super) fn shadowed(response: &Response) -> bool {
    !response.extra.is_empty()
        && typed_echoes(response)
            .iter()
            .any(|(key, set)| *set && response.extra.contains_key(*key))
}

/// Takes out of `extra` the members whose typed echo is set: the typed one
/// is the one written.
pub(super) fn drop_shadowed(response: &mut Response) {
    for (key, set) in typed_echoes(response) {
        if set {
            crate::members::take(&mut response.extra, key);
        }
    }
}

/// The typed echoes by the name they are written under, and whether each
/// is set.
fn typed_echoes(response: &Response) -> [(&'static str, bool); 5] {
    [
        ("tool_choice", response.tool_choice.is_some()),
        ("text", response.text.is_some()),
        ("reasoning", response.reasoning.is_some()),
        ("prompt", response.prompt.is_some()),
        (
            "prompt_cache_options",
            response.prompt_cache_options.is_some(),
        ),
    ]
}

/// The member `key` of `extra`, taken out; `None` when absent or `null`
/// (taken out too).
fn take(extra: &mut Map<String, Value>, key: &str) -> Option<Value> {
    crate::members::take(extra, key).filter(|v| !v.is_null())
}

/// The member `key` of `extra` read by `read`, taken out of `extra`; left
/// there when `read` does not hold it whole (or it is not an object).
fn typed<T>(
    extra: &mut Map<String, Value>,
    key: &str,
    read: fn(&Map<String, Value>) -> Option<T>,
) -> Option<T> {
    let value = take(extra, key)?;
    let typed = match &value {
        Value::Object(members) => read(members),
        _ => None,
    };
    if typed.is_none() {
        extra.insert(key.to_owned(), value);
    }
    typed
}

/// The members of an object but those that are `null`.
fn present(members: &Map<String, Value>) -> impl Iterator<Item = (&str, &Value)> {
    members
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.as_str(), v))
}

/// `text`: `{format, verbosity}`.
fn text_config(members: &Map<String, Value>) -> Option<TextConfig> {
    let mut text = TextConfig::new();
    for (key, value) in present(members) {
        text = match (key, value) {
            ("format", format) => text.format(text_format(format)),
            ("verbosity", Value::String(v)) => text.verbosity(Verbosity::from(v.as_str())),
            _ => return None,
        };
    }
    Some(text)
}

/// `text.format`: a format the request type writes back whole, else the
/// value as sent in [`TextFormat::Unknown`], as its decoder keeps a format
/// it does not know or does not hold whole.
fn text_format(value: &Value) -> TextFormat {
    let known = match value {
        Value::Object(members) => match members.get("type").and_then(Value::as_str) {
            Some("text") if present(members).count() == 1 => Some(TextFormat::Text),
            Some("json_object") if present(members).count() == 1 => Some(TextFormat::JsonObject),
            Some("json_schema") => json_schema(members).map(TextFormat::JsonSchema),
            _ => None,
        },
        _ => None,
    };
    known.unwrap_or_else(|| TextFormat::Unknown(value.clone()))
}

/// The members of a `json_schema` text format: `name` and `schema`,
/// `description` and `strict` when present.
fn json_schema(members: &Map<String, Value>) -> Option<JsonSchemaFormat> {
    let name = members.get("name")?.as_str()?;
    let schema = members.get("schema")?;
    let mut format = JsonSchemaFormat::with_schema_as_sent(name, schema.clone());
    for (key, value) in present(members) {
        format = match (key, value) {
            ("type" | "name" | "schema", _) => format,
            ("description", Value::String(d)) => format.description(d.as_str()),
            ("strict", Value::Bool(b)) => format.strict(*b),
            _ => return None,
        };
    }
    Some(format)
}

/// `reasoning`: `{effort, summary, max_tokens, enabled, context, mode}`.
fn reasoning(members: &Map<String, Value>) -> Option<Reasoning> {
    let mut reasoning = Reasoning::new();
    for (key, value) in present(members) {
        reasoning = match (key, value) {
            ("effort", Value::String(s)) => reasoning.effort(ReasoningEffort::from(s.as_str())),
            ("summary", Value::String(s)) => {
                reasoning.summary(ReasoningSummaryVerbosity::from(s.as_str()))
            }
            ("max_tokens", Value::Number(n)) => reasoning.max_tokens(n.as_u64()?),
            ("enabled", Value::Bool(b)) => reasoning.enabled(*b),
            ("context", Value::String(s)) => reasoning.context(ReasoningContext::from(s.as_str())),
            ("mode", Value::String(s)) => reasoning.mode(ReasoningMode::from(s.as_str())),
            _ => return None,
        };
    }
    Some(reasoning)
}

/// `prompt_cache_options`: `{mode, ttl}`, `mode` required.
fn cache_options(members: &Map<String, Value>) -> Option<PromptCacheOptions> {
    let mode = members.get("mode")?.as_str()?;
    let mut options = PromptCacheOptions::with_mode(CacheMode::from(mode));
    for (key, value) in present(members) {
        options = match (key, value) {
            ("mode", _) => options,
            ("ttl", Value::String(ttl)) => options.ttl(ttl.as_str()),
            _ => return None,
        };
    }
    Some(options)
}

/// `prompt`: `{id, variables}`, `id` required.
fn prompt(members: &Map<String, Value>) -> Option<Prompt> {
    let mut prompt = Prompt::new(members.get("id")?.as_str()?);
    for (key, value) in present(members) {
        match (key, value) {
            ("id", _) => {}
            ("variables", Value::Object(variables)) => {
                prompt = prompt.with_variables();
                for (name, value) in variables {
                    prompt = prompt.variable(name.as_str(), prompt_variable(value));
                }
            }
            _ => return None,
        }
    }
    Some(prompt)
}

/// A value of `prompt.variables`: a string, or a content part (kept in
/// [`InputContent::Unknown`] when the part types do not hold it whole, as
/// its decoder keeps one). The spec lists text, image and file parts; an
/// audio or video part is read too, as [`InputContent`]'s decoder reads it.
fn prompt_variable(value: &Value) -> PromptVariable {
    let part = match value {
        Value::String(text) => return PromptVariable::Text(text.clone()),
        Value::Object(members) => match members.get("type").and_then(Value::as_str) {
            Some("input_text") => input_text(members).map(InputContent::Text),
            Some("input_image") => input_image(members).map(InputContent::Image),
            Some("input_file") => input_file(members).map(InputContent::File),
            Some("input_audio") => input_audio(members).map(InputContent::Audio),
            Some("input_video") => input_video(members).map(InputContent::Video),
            _ => None,
        },
        _ => None,
    };
    PromptVariable::Content(part.unwrap_or_else(|| InputContent::Unknown(value.clone())))
}

/// An `input_text` part: `text`, and a `prompt_cache_breakpoint` of any
/// `mode`.
fn input_text(members: &Map<String, Value>) -> Option<InputText> {
    let mut part = InputText::new(members.get("text")?.as_str()?);
    for (key, value) in present(members) {
        part = match (key, value) {
            ("type" | "text", _) => part,
            ("prompt_cache_breakpoint", Value::Object(b)) => {
                let mut mode = None;
                for (key, value) in present(b) {
                    mode = match (key, value) {
                        ("mode", Value::String(m)) => Some(CacheMode::from(m.as_str())),
                        _ => return None,
                    };
                }
                part.prompt_cache_breakpoint(PromptCacheBreakpoint::with_mode(mode?))
            }
            _ => return None,
        };
    }
    Some(part)
}

/// An `input_image` part: `image_url` and `file_id` when present, and
/// `detail`. A `null` `detail` is not held: the part would write `"auto"` in
/// its place.
fn input_image(members: &Map<String, Value>) -> Option<InputImage> {
    let (mut url, mut file_id, mut detail) = (None, None, ImageDetail::Auto);
    for (key, value) in members {
        match (key.as_str(), value) {
            ("detail", Value::String(d)) => detail = ImageDetail::from(d.as_str()),
            ("detail", _) => return None,
            ("image_url", Value::String(u)) => url = Some(u.clone()),
            ("file_id", Value::String(f)) => file_id = Some(f.clone()),
            ("type", _) | (_, Value::Null) => {}
            _ => return None,
        }
    }
    Some(InputImage::read(url, file_id).detail(detail))
}

/// An `input_audio` part: `input_audio` with its `data` and `format`.
fn input_audio(members: &Map<String, Value>) -> Option<InputAudio> {
    let mut audio = None;
    for (key, value) in present(members) {
        match (key, value) {
            ("type", _) => {}
            ("input_audio", Value::Object(inner)) => {
                let (mut data, mut format) = (None, None);
                for (key, value) in present(inner) {
                    match (key, value) {
                        ("data", Value::String(d)) => data = Some(d.as_str()),
                        ("format", Value::String(f)) => format = Some(f.as_str()),
                        _ => return None,
                    }
                }
                audio = Some(InputAudio::new(AudioFormat::from(format?), data?));
            }
            _ => return None,
        }
    }
    audio
}

/// An `input_video` part: `video_url`, and `processing` when present.
fn input_video(members: &Map<String, Value>) -> Option<InputVideo> {
    let mut video = InputVideo::new(members.get("video_url")?.as_str()?);
    for (key, value) in present(members) {
        match (key, value) {
            ("type" | "video_url", _) => {}
            ("processing", Value::String(p)) => video = video.processing(p.as_str()),
            _ => return None,
        }
    }
    Some(video)
}

/// An `input_file` part: `file_id`, `file_data`, `file_url`, `filename`.
fn input_file(members: &Map<String, Value>) -> Option<InputFile> {
    let mut part = InputFile::new();
    for (key, value) in present(members) {
        let Value::String(text) = value else {
            return None;
        };
        part = match key {
            "type" => part,
            "file_id" => part.file_id(text.as_str()),
            "file_data" => part.file_data(text.as_str()),
            "file_url" => part.file_url(text.as_str()),
            "filename" => part.filename(text.as_str()),
            _ => return None,
        };
    }
    Some(part)
}

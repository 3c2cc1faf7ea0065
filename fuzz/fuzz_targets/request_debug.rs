//! The `Debug` of a request with inline attachments: it never panics (a cut
//! inside a character), and an attachment of more than 1000 characters is
//! not printed whole, typed or held as raw JSON (an `extra` member, a tool
//! and a plugin of kinds not known, a tool choice, a schema). The first
//! byte says how many times the rest is repeated (up to 64 KiB in all); the
//! rest is both the bytes of attachments and, as text, URLs and data; a
//! request read from it as JSON is printed too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::request::Plugin;
use openrouter_responses::{InputContent, InputItem, Request, TextFormat, Tool, ToolChoice};
use serde_json::json;

/// Whether `debug` holds `s` whole, as `Debug` escapes it.
fn printed_whole(debug: &str, s: &str) -> bool {
    let escaped = format!("{s:?}");
    debug.contains(&escaped[1..escaped.len() - 1])
}

/// The most bytes the repeated rest of the input comes to (but for a rest
/// longer than that, taken once).
const MAX_REPEATED: usize = 64 * 1024;

fuzz_target!(|input: &[u8]| {
    let Some((&times, rest)) = input.split_first() else {
        return;
    };
    if let Ok(request) = serde_json::from_slice::<Request>(rest) {
        let _ = format!("{request:?}");
        let _ = format!("{request:#?}");
    }
    // Repeated up to `MAX_REPEATED` bytes in all (the rest once when it is
    // longer): past the 1000 characters `Debug` shortens, more bytes only
    // slow each run (the attachments are encoded and printed several
    // times), and a large input repeated 249 times made runs of tens of
    // megabytes.
    let times = usize::from(times % 32) * 8 + 1;
    let bytes = rest.repeat(times.min(MAX_REPEATED / rest.len().max(1)).max(1));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let parts = vec![
        InputContent::text("What is in these?"),
        InputContent::image_bytes("image/png", &bytes),
        InputContent::file_bytes("a.pdf", "application/pdf", &bytes),
        InputContent::audio_bytes("wav", &bytes),
        InputContent::video_bytes("video/mp4", &bytes),
        InputContent::image_url(text.clone()),
        InputContent::file_data("b.txt", text.clone()),
        InputContent::video_url(text.clone()),
    ];
    let raw = json!({"type": "hologram", "data": text, "list": [text]});
    let request = Request::builder()
        .model("m")
        .input_items([InputItem::user(parts)])
        .extra("x-attachment", raw.clone())
        .tools([Tool::Unknown(raw.clone())])
        .plugins([Plugin::Unknown(raw.clone())])
        .tool_choice(ToolChoice::Unknown(raw.clone()))
        .text_format(TextFormat::json_schema("s", raw.clone()))
        .build();
    for debug in [format!("{request:?}"), format!("{request:#?}")] {
        if text.chars().count() > 1000 {
            assert!(!printed_whole(&debug, &text), "raw member printed whole");
        }
        let body = serde_json::to_value(&request).expect("encodes");
        let parts = body["input"][0]["content"]
            .as_array()
            .expect("parts")
            .clone();
        for part in &parts {
            for key in ["image_url", "file_data", "video_url"] {
                if let Some(s) = part.get(key).and_then(|v| v.as_str()) {
                    if s.chars().count() > 1000 {
                        assert!(!printed_whole(&debug, s), "{key} printed whole");
                    }
                }
            }
            if let Some(s) = part.pointer("/input_audio/data").and_then(|v| v.as_str()) {
                if s.chars().count() > 1000 {
                    assert!(!printed_whole(&debug, s), "audio printed whole");
                }
            }
        }
    }
});

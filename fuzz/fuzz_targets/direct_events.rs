//! The events read by the direct decoder decode to the same value when the
//! direct way is closed to them: an unknown member appended at the end makes
//! it decline, so `from_json` then goes through serde_json alone, which keeps
//! the member with the payload's unmodelled ones. Any difference but that
//! member is a bug in one of the two ways.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::StreamEvent;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let Ok(event) = StreamEvent::from_json(text) else {
        return;
    };
    let direct_kind = matches!(
        event,
        StreamEvent::OutputTextDelta(_)
            | StreamEvent::OutputTextDone(_)
            | StreamEvent::RefusalDelta(_)
            | StreamEvent::ReasoningTextDelta(_)
            | StreamEvent::ReasoningSummaryTextDelta(_)
            | StreamEvent::FunctionCallArgumentsDelta(_)
            | StreamEvent::RefusalDone(_)
            | StreamEvent::ReasoningTextDone(_)
            | StreamEvent::ReasoningSummaryTextDone(_)
            | StreamEvent::FunctionCallArgumentsDone(_)
            | StreamEvent::ContentPartAdded(_)
            | StreamEvent::ContentPartDone(_)
            | StreamEvent::OutputItemAdded(_)
            | StreamEvent::OutputItemDone(_)
            | StreamEvent::Completed(_)
            | StreamEvent::Incomplete(_)
            | StreamEvent::Failed(_)
            | StreamEvent::Done(_)
    );
    if !direct_kind {
        return;
    }
    // The object's closing brace is the text's last non-blank character
    // (serde_json accepted the text, so nothing else follows it).
    let trimmed = text.trim_end_matches([' ', '\t', '\n', '\r']);
    let Some(body) = trimmed.strip_suffix('}') else {
        return;
    };
    if body
        .trim_end_matches([' ', '\t', '\n', '\r'])
        .ends_with('{')
    {
        return;
    }
    // (A text that has the member already would end up with it twice.)
    if text.contains("zz_not_a_member") {
        return;
    }
    let widened = format!("{body},\"zz_not_a_member\":0}}");
    let again = StreamEvent::from_json(&widened)
        .unwrap_or_else(|e| panic!("{text:?} decoded, {widened:?} did not: {e}"));
    let mut written = serde_json::to_value(&again).expect("an event encodes");
    let member = written
        .as_object_mut()
        .and_then(|m| m.remove("zz_not_a_member"));
    assert_eq!(
        member,
        Some(serde_json::json!(0)),
        "{widened:?}: the member was not kept"
    );
    assert_eq!(
        written,
        serde_json::to_value(&event).expect("an event encodes"),
        "{text:?}"
    );
});

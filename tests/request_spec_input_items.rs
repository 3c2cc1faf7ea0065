//! Every spec-valid input item decodes typed and is written back without
//! losing anything it read.
//!
//! The items (`tests/fixtures/requests/spec_input_items.json`) are written
//! by `spec_input_items.py` beside them from the item schemas of the spec's
//! `Inputs`: a minimal and a full instance of each, then the full one with a
//! nullable member `null`, another branch of a union member, or an optional
//! member left out.

use std::path::Path;

use openrouter_responses::{InputItem, OutputItem};
use serde_json::Value;

/// Spec-valid items that still decode untyped (kept whole, as
/// `OutputItem::Unknown`): the output item type they decode as requires
/// what the input schema leaves nullable (`ReasoningItem` a `summary` list,
/// which would write a `null` back as `[]`). Remove an entry once its item
/// decodes typed.
const UNTYPED: &[(&str, &str)] = &[("Inputs[8]", "summary:null")];

/// Whether `written` holds every member of `read`, at every depth, with the
/// same value (numbers compared as numbers); a `null` member may be left
/// out, and what writing adds does not matter.
fn keeps(read: &Value, written: &Value) -> bool {
    match (read, written) {
        (Value::Number(r), Value::Number(w)) => r.as_f64() == w.as_f64(),
        (Value::Object(r), Value::Object(w)) => r.iter().all(|(k, v)| match w.get(k) {
            Some(wv) => keeps(v, wv),
            None => v.is_null(),
        }),
        (Value::Array(r), Value::Array(w)) => {
            r.len() == w.len() && r.iter().zip(w).all(|(a, b)| keeps(a, b))
        }
        (r, w) => r == w,
    }
}

#[test]
fn every_spec_valid_input_item_decodes_typed_and_keeps_what_it_read() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/requests/spec_input_items.json");
    let text = std::fs::read_to_string(path).expect("fixture exists");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("fixture is JSON");
    assert!(cases.len() > 400, "only {} cases", cases.len());
    let mut untyped_seen = 0;
    let mut parts_seen = 0;
    for case in cases {
        let (schema, name) = (
            case["schema"].as_str().unwrap(),
            case["case"].as_str().unwrap(),
        );
        let read = &case["item"];
        let item = InputItem::from_value(read.clone());
        let written = serde_json::to_value(&item).expect("serializes");
        let untyped = matches!(
            item,
            InputItem::Unknown(_) | InputItem::Output(OutputItem::Unknown(_))
        );
        if UNTYPED.contains(&(schema, name)) {
            assert!(
                untyped,
                "{schema} {name} is typed now: drop it from UNTYPED"
            );
            assert_eq!(&written, read, "{schema} {name}");
            untyped_seen += 1;
            continue;
        }
        assert!(!untyped, "{schema} {name}: untyped {read}");
        // The item's type, and its content parts', read as sent (an
        // `EasyInputMessage` may leave `type` out: it is a message).
        let sent_type = read["type"].as_str().unwrap_or("message");
        assert_eq!(item.item_type(), sent_type, "{schema} {name}");
        if let (InputItem::Message(message), Some(parts)) = (&item, read["content"].as_array()) {
            let Some(openrouter_responses::request::Content::Parts(typed)) = message.content()
            else {
                panic!("{schema} {name}: parts not typed")
            };
            for (part, json) in typed.iter().zip(parts) {
                assert_eq!(
                    Some(part.part_type()),
                    json["type"].as_str(),
                    "{schema} {name}"
                );
            }
            parts_seen += parts.len();
        }
        assert!(
            keeps(read, &written),
            "{schema} {name}: read {read}, written {written}"
        );
        let again = serde_json::to_value(InputItem::from_value(written.clone())).unwrap();
        assert_eq!(again, written, "{schema} {name}: not stable");
    }
    assert_eq!(untyped_seen, UNTYPED.len(), "an UNTYPED case is gone");
    assert!(parts_seen > 20, "only {parts_seen} content parts");
}

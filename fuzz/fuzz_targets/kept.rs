//! The check that decoding loses nothing, shared by the JSON targets (and
//! `tests/stream_events.rs`).

use serde_json::Value;

/// Whether every non-null value of `read` is in `written` at the same place
/// (writing may add members, such as a message's `type`, and omit nulls and
/// an empty `id`, which a message without one is read as; numbers compare
/// as numbers).
pub fn kept(read: &Value, written: &Value) -> bool {
    match (read, written) {
        (Value::Null, _) => true,
        (Value::Object(a), Value::Object(b)) => a.iter().all(|(k, v)| {
            v.is_null()
                || (k == "id" && v.as_str() == Some(""))
                || b.get(k).is_some_and(|w| kept(v, w))
        }),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| kept(v, w))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

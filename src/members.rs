//! Taking a member out of a JSON object without moving the others.

use serde_json::{Map, Value};

/// Takes the member `key` out of `map`. With the `preserve_order` feature,
/// the members after it each move up one place and keep their order
/// (serde_json's `Map::remove` moves the last member into the place of the
/// one taken out); without it, the members are sorted by name anyway.
pub(crate) fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    #[cfg(feature = "preserve_order")]
    return map.shift_remove(key);
    #[cfg(not(feature = "preserve_order"))]
    map.remove(key)
}

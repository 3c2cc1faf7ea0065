//! Helpers shared by the response serde tests.

#![allow(dead_code)] // each test file uses a different subset

use std::path::{Path, PathBuf};

use openrouter_responses::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The project's own response fixtures.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responses")
}

/// Reads a fixture as JSON.
pub fn fixture_value(name: &str) -> Value {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes a fixture as a response and checks that it round-trips.
pub fn fixture(name: &str) -> Response {
    let value = fixture_value(name);
    roundtrip::<Response>(&value, name)
}

/// Decodes `value` as `T`, encodes it, and checks that nothing was lost:
/// decoding the encoding gives the same `T`, and the encoding equals the
/// original JSON up to `null` versus absent, `1` versus `1.0`, and added
/// empty defaults (`0`, `""`, `[]`, `{}`, `false`).
pub fn roundtrip<T>(value: &Value, what: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: decode failed: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|e| panic!("{what}: {e}"));
    let again: T = serde_json::from_value(encoded.clone())
        .unwrap_or_else(|e| panic!("{what}: second decode failed: {e}"));
    assert_eq!(decoded, again, "{what}: decode(encode(x)) != x");
    assert_same(value, &encoded, what);
    decoded
}

/// Whether a value carries no information beyond a default.
fn is_empty_like(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty_like),
    }
}

/// Compares two JSON values modulo the equivalences of [`roundtrip`].
pub fn assert_same(original: &Value, encoded: &Value, path: &str) {
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = format!("{path}.{k}");
                match b.get(k) {
                    Some(vb) => assert_same(va, vb, &p),
                    None => assert!(va.is_null(), "{p}: lost (was {va})"),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    assert!(is_empty_like(vb), "{path}.{k}: added {vb}");
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: array length");
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                assert_same(va, vb, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!(a.as_f64(), b.as_f64(), "{path}: number changed");
        }
        (a, b) => assert_eq!(a, b, "{path}: value changed"),
    }
}

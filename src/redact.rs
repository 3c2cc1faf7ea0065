//! The client's own credentials, taken out of the server's text before it
//! is kept in an error.
//!
//! A server, or a proxy in front of it, may send back what it was sent: an
//! error page that echoes the request's `Authorization` header, an error
//! event that quotes it. The errors a client builds out of such text have
//! each of its credentials (its key, the values of its and the call's
//! credential headers, its proxy's and base URL's password) replaced by
//! [`MASK`], as its `Debug` shows them. Only errors are scanned: a successful answer is never looked at.

use std::sync::Arc;

use serde_json::Value;

/// What a credential is replaced by: what `Client`'s `Debug` shows for it.
pub(crate) const MASK: &str = "***";

/// A credential shorter than this many bytes is replaced only where it
/// stands as a word of its own: replacing a one-letter key wherever its
/// letter appears would garble every message.
pub(crate) const SHORT: usize = 8;

/// The credentials of a client or of one call: the API key, the values of
/// the headers `Debug` hides and the passwords of the proxy and base URL. Cheap to clone; the
/// default holds none.
#[derive(Clone, Default)]
pub(crate) struct Secrets(Option<Arc<[Box<str>]>>);

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.as_deref().map_or(0, <[_]>::len);
        write!(f, "Secrets({n})")
    }
}

impl Secrets {
    /// The credentials among `values`, each trimmed; empty ones are left
    /// out. One with a `"` or a `\` is also replaced as a JSON string
    /// spells it (in a raw body). A longer one is replaced first, so that
    /// one holding a shorter one is replaced whole.
    pub(crate) fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        Self::of(Vec::new(), values)
    }

    /// These credentials and those among `values` (as [`new`](Self::new)
    /// takes them): a call's own beside its client's. The same credentials
    /// when `values` holds none.
    pub(crate) fn with<'a>(&self, values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut values = values.into_iter().peekable();
        if values.peek().is_none() {
            return self.clone();
        }
        Self::of(self.0.as_deref().unwrap_or_default().to_vec(), values)
    }

    /// `all` and the credentials among `values`, longest first.
    fn of<'a>(mut all: Vec<Box<str>>, values: impl IntoIterator<Item = &'a str>) -> Self {
        for value in values.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
            let quoted = Value::from(value).to_string();
            let escaped = quoted.get(1..quoted.len() - 1).unwrap_or(value);
            if escaped != value {
                all.push(escaped.into());
            }
            all.push(value.into());
        }
        Self::sorted(all)
    }

    /// The secrets longest first (one holding another is replaced before
    /// it), each once. Not generic, so that the sort is compiled once; the
    /// order is total, so an unstable sort gives the one order there is.
    fn sorted(mut all: Vec<Box<str>>) -> Self {
        all.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        all.dedup();
        Secrets((!all.is_empty()).then(|| all.into()))
    }

    /// Whether there is nothing to replace.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `text` with every credential replaced, or `None` when it holds none.
    pub(crate) fn scrub(&self, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        for secret in self.0.as_deref().unwrap_or_default() {
            if let Some(replaced) = replace(out.as_deref().unwrap_or(text), secret) {
                out = Some(replaced);
            }
        }
        out
    }

    /// Replaces every credential in `text`, in place.
    pub(crate) fn text(&self, text: &mut String) {
        if let Some(replaced) = self.scrub(text) {
            *text = replaced;
        }
    }

    /// Replaces every credential in the strings of `value`, its members'
    /// names included.
    pub(crate) fn value(&self, value: &mut Value) {
        match value {
            Value::String(s) => self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => {
                let renamed: Vec<(String, String)> = map
                    .keys()
                    .filter_map(|k| Some((k.clone(), self.scrub(k)?)))
                    .collect();
                for (old, new) in renamed {
                    if let Some(v) = map.remove(&old) {
                        map.insert(new, v);
                    }
                }
                map.values_mut().for_each(|v| self.value(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// Replaces every credential in what
    /// [`Response::into_result`](crate::Response::into_result) makes the
    /// error of a failed response from: its `error`, `error_type`,
    /// `user_id` and headers. A response that did not fail is not looked
    /// at.
    pub(crate) fn failed_response(&self, r: &mut crate::Response) {
        if self.is_empty() || !(r.is_failed() || r.error.is_some()) {
            return;
        }
        if let Some(e) = &mut r.error {
            self.text(&mut e.message);
            if let Some(code) = &mut e.code {
                if let Some(shown) = self.scrub(code.as_str()) {
                    *code = crate::response::ResponseErrorCode::from(shown.as_str());
                }
            }
            e.extra.values_mut().for_each(|v| self.value(v));
        }
        if let Some(t) = &mut r.error_type {
            if let Some(shown) = self.scrub(t.as_str()) {
                *t = crate::response::ErrorType::from(shown);
            }
        }
        if let Some(user) = r.extra.get_mut("user_id") {
            self.value(user);
        }
        if let Some(http) = &mut r.http {
            http.redact(self);
        }
    }
}

/// Whether `b` is part of a word, for a short credential's bounds.
fn in_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `text` with `secret` replaced by [`MASK`], or `None` when it does not
/// appear; a [`SHORT`] one only where no letter, digit, `-` or `_` is next
/// to it.
fn replace(text: &str, secret: &str) -> Option<String> {
    if !text.contains(secret) {
        return None;
    }
    if secret.len() >= SHORT {
        return Some(text.replace(secret, MASK));
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in text.match_indices(secret) {
        let end = at + secret.len();
        let before = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        let after = bytes.get(end).copied();
        if before.is_some_and(in_word) || after.is_some_and(in_word) {
            continue;
        }
        out.push_str(text.get(last..at)?);
        out.push_str(MASK);
        last = end;
    }
    if last == 0 {
        return None;
    }
    out.push_str(text.get(last..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_secret_is_replaced_wherever_it_appears() {
        let s = Secrets::new(["sk-or-v1-abcdef"]);
        assert_eq!(
            s.scrub("Bearer sk-or-v1-abcdef, xsk-or-v1-abcdefx")
                .as_deref(),
            Some("Bearer ***, x***x")
        );
        assert_eq!(s.scrub("nothing here"), None);
    }

    #[test]
    fn a_short_secret_is_replaced_only_as_a_word() {
        let s = Secrets::new(["k1"]);
        assert_eq!(
            s.scrub(r#"{"auth":"Bearer k1"} k1. k10 ak1 k1-x"#)
                .as_deref(),
            Some(r#"{"auth":"Bearer ***"} ***. k10 ak1 k1-x"#)
        );
        assert_eq!(s.scrub("k10 and ak1"), None);
        assert_eq!(s.scrub("k1").as_deref(), Some("***"));
    }

    #[test]
    fn a_longer_secret_goes_first_and_values_are_walked() {
        let s = Secrets::new(["secret-key-1", "Bearer secret-key-1", " ", ""]);
        let mut v = serde_json::json!({"a": ["Bearer secret-key-1"], "secret-key-1": 1, "n": 2});
        s.value(&mut v);
        assert_eq!(v, serde_json::json!({"a": ["***"], "***": 1, "n": 2}));
        assert!(Secrets::new([" "]).is_empty());
    }

    #[test]
    fn a_secret_with_a_quote_is_replaced_as_json_spells_it_too() {
        let s = Secrets::new([r#"sk-"quoted"-1"#]);
        assert_eq!(
            s.scrub(r#"{"error":"sk-\"quoted\"-1"} sk-"quoted"-1"#)
                .as_deref(),
            Some(r#"{"error":"***"} ***"#)
        );
    }
}

//! What the server said beside the body: status and headers.

use std::time::Duration;

/// The HTTP status and headers of an answer from the server.
///
/// Reachable from a successful [`Response`](crate::Response) through
/// [`Response::http`](crate::Response::http), from a
/// [`ResponseStream`](crate::ResponseStream) from the moment it opens, and from
/// every [`ApiError`](crate::ApiError).
///
/// ```
/// use openrouter_responses::HttpInfo;
/// let info = HttpInfo::new(200, vec![("X-Generation-Id".into(), "gen-1".into())]);
/// assert_eq!(info.generation_id(), Some("gen-1"));
/// assert_eq!(info.header("x-generation-id"), Some("gen-1"));
/// ```
///
/// It is written and read with serde as `{"status": 200, "headers": [[name,
/// value], …]}`, so that a recorded stream
/// ([`ResponseStream::tee`](crate::stream::ResponseStream::tee)) can keep
/// its status and headers beside it for
/// [`from_reader_with`](crate::stream::ResponseStream::from_reader_with):
///
/// ```
/// use openrouter_responses::HttpInfo;
/// let info = HttpInfo::new(200, vec![("x-generation-id".into(), "gen-1".into())]);
/// let saved = serde_json::to_string(&info)?;
/// assert_eq!(saved, r#"{"status":200,"headers":[["x-generation-id","gen-1"]]}"#);
/// assert_eq!(serde_json::from_str::<HttpInfo>(&saved)?, info);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct HttpInfo {
    /// The HTTP status code.
    pub status: u16,
    /// Every response header, one pair per value. From the server, names are
    /// lowercased (the HTTP layer keeps no other spelling; [`header`](Self::header)
    /// compares names case-insensitively) and the values of a repeated name
    /// are side by side, in the order received; distinct names come in the
    /// HTTP layer's order, which is not guaranteed to be the order received.
    /// Built with [`new`](Self::new), they are as given. In an error of a
    /// client (and a failed response it returns), the client's key is
    /// replaced by `***` in names and values (see [`Error`](crate::Error)).
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

impl HttpInfo {
    /// Builds the information from a status and its headers.
    pub fn new(status: u16, headers: Vec<(String, String)>) -> Self {
        HttpInfo { status, headers }
    }

    /// The first value of a header, its name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `X-Generation-Id` header: the id OpenRouter gives this generation.
    pub fn generation_id(&self) -> Option<&str> {
        self.header("x-generation-id")
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// The `Content-Encoding` header when it names a coding other than
    /// `identity`: a body the client does not decode (it asks for none).
    pub(crate) fn content_encoding(&self) -> Option<&str> {
        let value = self.header("content-encoding")?.trim();
        let encoded = value
            .split(',')
            .map(str::trim)
            .any(|c| !c.is_empty() && !c.eq_ignore_ascii_case("identity"));
        encoded.then_some(value)
    }

    /// How long the server asks the client to wait, from `retry-after-ms`
    /// (milliseconds), or else `Retry-After` (seconds, or an HTTP date in any
    /// of the three forms of RFC 9110 — IMF-fixdate, RFC 850, asctime —
    /// compared with the clock now; a date in the past is zero; names are
    /// read whatever their case, and `UTC`, `+0000` and `-0000` as `GMT`). A header that
    /// cannot be read (not a number, negative) gives way to the next. A value
    /// too large for a [`Duration`] (`Retry-After: 18446744073709551616`,
    /// `retry-after-ms: inf`) is [`Duration::MAX`]. `None` when neither
    /// header is present and readable.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::parse_retry_after(self)
    }

    /// Replaces the client's credentials in the headers' names and values.
    pub(crate) fn redact(&mut self, secrets: &crate::redact::Secrets) {
        for (name, value) in &mut self.headers {
            secrets.text(name);
            secrets.text(value);
        }
    }

    /// The rate-limit headers, when the server sent any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        let num = |name: &str| self.header(name).and_then(|v| v.trim().parse::<u64>().ok());
        let limit = num("x-ratelimit-limit");
        let remaining = num("x-ratelimit-remaining");
        let reset = num("x-ratelimit-reset");
        if limit.is_none() && remaining.is_none() && reset.is_none() {
            return None;
        }
        Some(RateLimit {
            limit,
            remaining,
            reset,
        })
    }
}

/// The `X-RateLimit-*` headers of an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: when the window resets, as the server sent it
    /// (OpenRouter sends milliseconds since the Unix epoch).
    pub reset: Option<u64>,
}

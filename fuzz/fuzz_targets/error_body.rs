//! An error answer: any status, any `Retry-After`, any body; building the
//! error, showing it and asking about it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::{ApiError, HttpInfo};

fuzz_target!(|input: &[u8]| {
    // First two bytes: the status; then `Retry-After`, `retry-after-ms` and
    // the body, separated by NUL bytes.
    if input.len() < 2 {
        return;
    }
    let status = u16::from_be_bytes([input[0], input[1]]);
    let rest = &input[2..];
    let mut parts = rest.splitn(3, |&b| b == 0);
    let (retry_after, retry_after_ms, body) = match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), Some(c)) => (a, b, c),
        (Some(a), Some(c), None) => (a, &[][..], c),
        (Some(c), _, _) => (&[][..], &[][..], c),
        _ => return,
    };
    let mut headers = vec![(
        "Retry-After".to_string(),
        String::from_utf8_lossy(retry_after).into_owned(),
    )];
    if !retry_after_ms.is_empty() {
        headers.push((
            "retry-after-ms".to_string(),
            String::from_utf8_lossy(retry_after_ms).into_owned(),
        ));
    }
    let http = HttpInfo::new(status, headers);
    let _ = http.retry_after();
    let _ = http.rate_limit();
    let body = String::from_utf8_lossy(body).into_owned();
    let err = ApiError::from_http(http.clone(), body.clone());
    let _ = err.to_string();
    let _ = err.is_retryable();
    let _ = err.is_rate_limited();
    let _ = err.effective_status();
    let _ = err.routing();
    let _ = err.provider_message();
    // A logged error reads back equal.
    let logged = serde_json::to_string(&err).expect("an error serializes");
    let back: ApiError = serde_json::from_str(&logged).expect("a logged error reads back");
    assert_eq!(format!("{back:?}"), format!("{err:?}"));
    assert_eq!(err.body, body);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&body) {
        let in_stream = ApiError::from_event(&http, &value, &body);
        assert_eq!(in_stream.origin, openrouter_responses::ErrorOrigin::Stream);
        let _ = in_stream.to_string();
        let _ = in_stream.is_retryable();
    }
});

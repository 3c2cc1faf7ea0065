//! A stream cut at every byte offset, in every framing, ends early or
//! whole: never with an error made of the stray text of its cut line.

mod common;

use std::io::Read;

use common::{sse_data, SSE_DONE, SSE_PROCESSING};
use openrouter_responses::{Error, ResponseStream, StreamError};
use serde_json::json;

/// A reader that hands out one byte per read.
struct Trickle(std::io::Cursor<Vec<u8>>);

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(1);
        self.0.read(&mut buf[..n])
    }
}

/// Streams of `bytes`, read whole and a byte at a time.
fn streams(bytes: &[u8]) -> [ResponseStream; 2] {
    let cursor = || std::io::Cursor::new(bytes.to_vec());
    [
        ResponseStream::from_reader(cursor()),
        ResponseStream::from_reader(Trickle(cursor())),
    ]
}

/// The events of a short text answer, `response.created` to `[DONE]`.
fn text_answer(text: &str) -> Vec<String> {
    let message = json!({"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}]});
    vec![
        sse_data(json!({"type": "response.created", "sequence_number": 0,
            "response": {"id": "resp_1", "status": "in_progress", "output": []}})),
        sse_data(
            json!({"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
            "item": {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}}),
        ),
        sse_data(
            json!({"type": "response.output_text.delta", "sequence_number": 2,
            "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": text}),
        ),
        sse_data(json!({"type": "response.completed", "sequence_number": 3,
            "response": {"id": "resp_1", "status": "completed", "output": [message]}})),
        SSE_DONE.to_string(),
    ]
}

/// The same transcript in the shapes a server may give it.
fn shapes() -> Vec<(&'static str, String)> {
    let plain: String = text_answer("Hi").concat();
    let named: String = text_answer("Hi")
        .iter()
        .map(|e| {
            let ty = e
                .strip_prefix("data: ")
                .and_then(|d| serde_json::from_str::<serde_json::Value>(d.trim()).ok())
                .and_then(|v| v["type"].as_str().map(str::to_owned));
            match ty {
                Some(ty) => format!("event: {ty}\n{e}"),
                None => e.clone(),
            }
        })
        .collect();
    let with_ids: String = text_answer("Hi")
        .iter()
        .enumerate()
        .map(|(i, e)| format!("id: {i}\nretry: 100\n{e}"))
        .collect();
    vec![
        ("plain", plain.clone()),
        ("keep-alive first", format!("{SSE_PROCESSING}{plain}")),
        ("event lines", named.clone()),
        ("id and retry lines", with_ids),
        ("bom", format!("\u{feff}{plain}")),
        ("bom, event lines", format!("\u{feff}{named}")),
        ("crlf", plain.replace('\n', "\r\n")),
        ("cr", plain.replace('\n', "\r")),
        ("cr, event lines", named.replace('\n', "\r")),
        ("bare data field first", format!("data\n\n{plain}")),
    ]
}

fn describe(r: &Result<openrouter_responses::Response, Error>) -> String {
    match r {
        Ok(_) => "Ok".into(),
        Err(e) => format!("{e:?}"),
    }
}

#[test]
fn a_stream_cut_anywhere_ends_early_or_whole() {
    let mut failures = Vec::new();
    for (shape, body) in shapes() {
        let bytes = body.as_bytes();
        for cut in 0..=bytes.len() {
            let part = &bytes[..cut];
            // Iterated.
            for mut s in streams(part) {
                for item in s.by_ref() {
                    if let Err(e) = item {
                        failures.push(format!(
                            "{shape}, cut at {cut} ({:?}), iterated: {e:?}",
                            String::from_utf8_lossy(part)
                        ));
                    }
                }
            }
            // Through final_response.
            for s in streams(part) {
                let r = s.final_response();
                let fine = match &r {
                    Ok(r) => r.output_text() == "Hi",
                    Err(Error::Stream(e)) => matches!(**e, StreamError::EndedEarly { .. }),
                    Err(_) => false,
                };
                if !fine {
                    failures.push(format!(
                        "{shape}, cut at {cut} ({:?}): {}",
                        String::from_utf8_lossy(part),
                        describe(&r)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A body with fields of the event-stream format but no event (an `event`
/// or `id` without `data`) is an event stream that ended early, whatever
/// other lines it has: not an answer read from those lines.
#[test]
fn a_body_of_fields_without_data_ends_early() {
    for body in [
        "event: response.created\n\n",
        "id: 1\nretry: 10\n\n",
        "event: response.created\nx-trace: {\"error\":{\"code\":502,\"message\":\"m\"}}\n\n",
        "x-trace: {\"error\":{\"code\":502,\"message\":\"m\"}}\nevent: response.created\n\n",
        "x-trace: {\"error\":{\"code\":502,\"message\":\"m\"}}\nid: 7",
        "x-trace: {\"error\":{\"code\":502,\"message\":\"m\"}}\nda",
    ] {
        let mut s = ResponseStream::from_reader(body.as_bytes());
        let results: Vec<_> = s.by_ref().collect();
        assert!(results.is_empty(), "{body:?}: {results:?}");
        assert!(s.ended_early(), "{body:?}");
        let r = ResponseStream::from_reader(body.as_bytes()).final_response();
        assert!(
            matches!(&r, Err(Error::Stream(e)) if matches!(**e, StreamError::EndedEarly { .. })),
            "{body:?}: {}",
            describe(&r)
        );
    }
    // Only lines of unknown fields: read as the answer they hold.
    let envelope = "{\n  \"error\": {\"code\": 502, \"message\": \"Upstream: down\"}\n}";
    let r = ResponseStream::from_reader(envelope.as_bytes()).final_response();
    assert!(
        matches!(&r, Err(Error::Api(api)) if api.message == "Upstream: down"),
        "{}",
        describe(&r)
    );
}

/// A body of unknown lines that is not JSON (an HTML page sent as an event
/// stream) is `Error::Decode` of the response body with its text, through
/// `final_response` as through the iterator: not `EndedEarly` with the text
/// dropped.
#[test]
fn a_stray_body_that_is_not_json_is_a_decode_error_for_final_response_too() {
    let html = "<html><head><title>Oops</title></head></html>";
    let check = |r: Result<(), Error>| match r {
        Err(Error::Decode(d)) => {
            assert_eq!(d.what, openrouter_responses::DecodeTarget::ResponseBody);
            assert_eq!(d.body, html);
        }
        other => panic!("{other:?}"),
    };
    let mut s = ResponseStream::from_reader(html.as_bytes());
    check(s.next().unwrap().map(drop));
    check(
        ResponseStream::from_reader(html.as_bytes())
            .final_response()
            .map(drop),
    );
}

/// Checks that `stream`, cut after a delta of `12`, ends early keeping a
/// snapshot whose text is `12` and which does not parse as a whole answer.
fn assert_ends_early_with_12(stream: ResponseStream) {
    let Err(Error::Stream(failure)) = stream.final_response() else {
        panic!("the stream ended early")
    };
    let StreamError::EndedEarly {
        snapshot: Some(snapshot),
        ..
    } = failure.into_inner()
    else {
        panic!("the snapshot is kept")
    };
    assert_eq!(snapshot.output_text(), "12");
    match snapshot.parse_output::<u64>() {
        Err(Error::Incomplete(cut)) => {
            assert_eq!((cut.reason, cut.text.as_str()), (None, "12"));
        }
        other => panic!("a part of an answer parsed: {other:?}"),
    }
}

#[test]
fn the_snapshot_of_a_stream_cut_short_does_not_parse_as_a_whole_answer() {
    // `1234` cut after `12`: the part parses as a (wrong) number.
    let created = json!({"type": "response.created",
        "response": {"id": "resp_1", "status": "in_progress", "output": []}});
    let delta = json!({"type": "response.output_text.delta", "item_id": "msg_1",
        "output_index": 0, "content_index": 0, "delta": "12"});
    let body = [sse_data(created), sse_data(delta)].concat();
    let stream = ResponseStream::from_reader(std::io::Cursor::new(body));
    assert_ends_early_with_12(stream);
    // Queued or cancelled (a background response) likewise; a response
    // without a status (made by hand) is read as a whole one.
    for (status, whole) in [
        (json!("queued"), false),
        (json!("cancelled"), false),
        (json!("in_progress"), false),
        (json!("completed"), true),
        (serde_json::Value::Null, true),
    ] {
        let response: openrouter_responses::Response = serde_json::from_value(json!({
            "id": "r", "status": status,
            "output": [{"type": "message", "id": "m", "role": "assistant",
                        "content": [{"type": "output_text", "text": "12"}]}]}))
        .unwrap();
        assert_eq!(
            response.parse_output::<u64>().ok(),
            whole.then_some(12),
            "{status}"
        );
    }
}

#[test]
fn the_snapshot_of_a_stream_cut_short_without_a_response_event_is_not_finished() {
    // A server that sends its items without `response.created` first.
    let delta = json!({"type": "response.output_text.delta", "item_id": "msg_1",
        "output_index": 0, "content_index": 0, "delta": "12"});
    let mut stream = ResponseStream::from_reader(std::io::Cursor::new(sse_data(delta)));
    assert!(stream.next().is_some_and(|e| e.is_ok()));
    let snapshot = stream.snapshot().expect("a snapshot");
    assert!(!snapshot.is_terminal());
    assert!(matches!(
        snapshot.parse_output::<u64>(),
        Err(Error::Incomplete(_))
    ));
    assert_ends_early_with_12(stream);
}

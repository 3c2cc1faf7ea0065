//! A model of the event-stream format to compare `sse::Reader` against,
//! shared by the tests that do (`props`, `sse`) and the `sse_reader` fuzz
//! target, which include this file by its path.

/// The WHATWG "interpret an event stream" steps, line by line over the whole
/// input decoded at once: slow and plain, to compare the reader against
/// (with the reader's one departure: see the end).
pub fn model(input: &[u8]) -> Vec<(String, String, Option<String>, Option<u64>)> {
    let text = String::from_utf8_lossy(input);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        lines.push(&rest[..i]);
        rest = if rest[i..].starts_with("\r\n") {
            &rest[i + 2..]
        } else {
            &rest[i + 1..]
        };
    }
    let mut data = String::new();
    let mut ty = String::new();
    let mut id: Option<String> = None;
    let mut retry: Option<u64> = None;
    let mut out = Vec::new();
    for line in lines {
        if line.is_empty() {
            if !data.is_empty() {
                data.pop();
                let event = if ty.is_empty() {
                    "message".to_string()
                } else {
                    ty.clone()
                };
                out.push((event, std::mem::take(&mut data), id.clone(), retry));
            }
            data.clear();
            ty.clear();
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => ty = value.to_string(),
            "data" => {
                data.push_str(value);
                data.push('\n');
            }
            "id" if !value.contains('\0') => {
                id = (!value.is_empty()).then(|| value.to_string());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse() {
                    retry = Some(ms);
                }
            }
            _ => {}
        }
    }
    // An input that ends right after a line end dispatches the event whose
    // data is pending; a last line without its end is dropped with it.
    if rest.is_empty() && !data.is_empty() {
        data.pop();
        let event = if ty.is_empty() {
            "message".to_string()
        } else {
            ty
        };
        out.push((event, data, id, retry));
    }
    out
}

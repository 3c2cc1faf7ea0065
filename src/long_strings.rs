//! Long JSON strings taken out of an SSE `data` line while the line is read.
//!
//! A response's closing events repeat its whole text, each on one line.
//! Buffering such a line (the text escaped, often half as large again as the
//! text) and then decoding it beside the snapshot that already holds the
//! text costs three times the text. Instead, the reader of a
//! `ResponseStream` scans a long `data` line as it arrives, and unescapes
//! every string of [`LONG_STRING`] bytes or more as its bytes come in,
//! comparing the text with the texts the caller expects (the snapshot's). The line keeps an empty string `""` in its place (a
//! [`Hole`]); the text is either one of the expected texts ([`Text::Same`],
//! nothing stored) or a `String` of its own.
//!
//! The unescaped text is exactly what a JSON decoder reads from the line
//! after invalid UTF-8 is replaced: the replacement works on the raw bytes
//! as the reader's does. A string a JSON decoder would reject (a control
//! character, an unknown escape, a lone surrogate, no closing quote) goes
//! back into the line: what was read of it written as JSON again, then the
//! bytes from the fault on as they came, so that the event fails to decode
//! as it would have, and its text says why.

use std::fmt;

use crate::sse::{data_value_start, BOM};

/// Strings of this many bytes or more (as written, escapes included) are
/// taken out of the line.
pub(crate) const LONG_STRING: usize = 64 * 1024;

/// At most this many expected texts are compared.
pub(crate) const MAX_EXPECTED: usize = 64;

/// A string taken out of an event's data.
#[derive(Debug)]
pub(crate) struct Hole {
    /// Where the `""` left in its place starts in the data.
    pub(crate) at: usize,
    pub(crate) text: Text,
}

/// What a [`Hole`] held.
pub(crate) enum Text {
    /// A text of its own.
    Owned(String),
    /// The same text as the expected text of this index.
    Same(usize),
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Owned(s) => write!(f, "Owned({} bytes)", s.len()),
            Text::Same(i) => write!(f, "Same({i})"),
        }
    }
}

/// One escape of a JSON string, read from the bytes after its backslash.
pub(crate) enum Escape {
    /// The character, and how many bytes after the backslash it took.
    Char(char, usize),
    /// The bytes end before the escape could be read whole.
    Short,
    /// Not an escape JSON allows (or a lone surrogate).
    Bad,
}

/// Reads the escape that `b` (the bytes after a backslash) starts with.
/// (Called once per escape, from two string readers: always inlined.)
#[inline(always)]
pub(crate) fn unescape(b: &[u8]) -> Escape {
    let Some(&c) = b.first() else {
        return Escape::Short;
    };
    let ch = match c {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let Some(hi) = b.get(1..5) else {
                return Escape::Short;
            };
            let Some(hi) = hex4(hi) else {
                return Escape::Bad;
            };
            return match hi {
                0xD800..=0xDBFF => {
                    // Only a complete surrogate pair is taken.
                    let Some(next) = b.get(5..11) else {
                        return Escape::Short;
                    };
                    let (Some(b"\\u"), Some(lo)) = (next.get(..2), next.get(2..6)) else {
                        return Escape::Bad;
                    };
                    match hex4(lo) {
                        Some(lo @ 0xDC00..=0xDFFF) => {
                            let code = 0x10000
                                + ((u32::from(hi) - 0xD800) << 10)
                                + (u32::from(lo) - 0xDC00);
                            char::from_u32(code).map_or(Escape::Bad, |c| Escape::Char(c, 11))
                        }
                        _ => Escape::Bad,
                    }
                }
                0xDC00..=0xDFFF => Escape::Bad,
                _ => char::from_u32(u32::from(hi)).map_or(Escape::Bad, |c| Escape::Char(c, 5)),
            };
        }
        _ => return Escape::Bad,
    };
    Escape::Char(ch, 1)
}

/// Four hexadecimal digits.
fn hex4(digits: &[u8]) -> Option<u16> {
    let mut n: u16 = 0;
    for &d in digits {
        let v = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return None,
        };
        n = (n << 4) | u16::from(v);
    }
    Some(n)
}

/// The position of the first `"`, `\` or control character (below U+0020)
/// in `bytes`.
pub(crate) fn find_special(bytes: &[u8]) -> Option<usize> {
    use crate::scan::{below_bits, find, repeat, zero_bits};
    find::<1>(
        bytes,
        |w| zero_bits(w ^ repeat(b'"')) | zero_bits(w ^ repeat(b'\\')) | below_bits(w, 0x20),
        |b| b == b'"' || b == b'\\' || b < 0x20,
    )
}

/// The position of the first `"` or `\` in `bytes`.
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    use crate::scan::{find, repeat, zero_bits};
    find::<2>(
        bytes,
        |w| zero_bits(w ^ repeat(b'"')) | zero_bits(w ^ repeat(b'\\')),
        |b| b == b'"' || b == b'\\',
    )
}

/// Where the text of a string being taken out goes: compared with the
/// expected texts while it matches one, copied once it matches none.
#[derive(Debug, Default)]
struct Sink {
    owned: Option<String>,
    /// Text not compared yet: compared a block at a time, not piece by piece.
    pending: String,
    /// Bytes of text compared so far.
    len: usize,
    /// The expected texts it still matches (bit `i` for text `i`).
    matching: u64,
    /// The text's length minus the raw bytes it came from, where invalid
    /// UTF-8 was replaced (U+FFFD is longer than what it replaces).
    growth: usize,
}

/// How much text [`Sink`] gathers before comparing it.
const BLOCK: usize = 8 * 1024;

impl Sink {
    fn new(expected: &[&str]) -> Sink {
        let n = expected.len().min(MAX_EXPECTED);
        Sink {
            matching: if n == 64 { u64::MAX } else { (1u64 << n) - 1 },
            // Room for one block (a run of text pushed whole may overshoot
            // it, growing it once).
            pending: String::with_capacity(BLOCK),
            ..Sink::default()
        }
    }

    /// Where the next text goes: the sink's own text once it has one, else
    /// the pending block (compared when full).
    #[inline]
    fn out(&mut self, expected: &[&str]) -> &mut String {
        if self.pending.len() >= BLOCK {
            self.compare(expected);
        }
        match &mut self.owned {
            Some(owned) => owned,
            None => &mut self.pending,
        }
    }

    /// Compares the pending text with the expected texts.
    fn compare(&mut self, expected: &[&str]) {
        if self.pending.is_empty() {
            return;
        }
        let s = self.pending.as_str();
        let (from, to) = (self.len, self.len + s.len());
        let mut still = 0;
        let mut before = None;
        for (i, e) in expected.iter().enumerate().take(MAX_EXPECTED) {
            if self.matching & (1 << i) != 0 {
                before.get_or_insert(i);
                if e.as_bytes().get(from..to) == Some(s.as_bytes()) {
                    still |= 1 << i;
                }
            }
        }
        if still == 0 {
            // What matched so far is the start of an expected text.
            let start = before
                .and_then(|i| expected.get(i))
                .and_then(|e| e.get(..from))
                .unwrap_or_default();
            let mut owned = String::with_capacity(to);
            owned.push_str(start);
            owned.push_str(s);
            self.owned = Some(owned);
            self.pending = String::new();
        } else {
            self.pending.clear();
        }
        self.matching = still;
        self.len = to;
    }

    fn finish(mut self, expected: &[&str]) -> Text {
        self.compare(expected);
        if let Some(owned) = self.owned {
            return Text::Owned(owned);
        }
        let matching = |i: &usize| self.matching & (1 << i) != 0;
        let mut candidates = (0..expected.len().min(MAX_EXPECTED)).filter(matching);
        if let Some(i) = candidates
            .clone()
            .find(|&i| expected.get(i).map(|e| e.len()) == Some(self.len))
        {
            return Text::Same(i);
        }
        // The start of an expected text (or nothing at all).
        let start = candidates
            .next()
            .and_then(|i| expected.get(i))
            .and_then(|e| e.get(..self.len))
            .unwrap_or_default();
        Text::Owned(start.to_owned())
    }
}

/// How [`unescape_into`] stopped.
enum End {
    /// At the end of the bytes so far; more are to come.
    More,
    /// At the closing quote.
    Closed,
    Invalid,
}

/// Unescapes the body of a string from `body` into `sink`, as far as the
/// bytes are complete. Returns how many bytes were used, and why it
/// stopped; an escape or UTF-8 sequence cut by the end of `body` is left
/// for the next call, unless the line has ended (`line_end`).
fn unescape_into(body: &[u8], line_end: bool, sink: &mut Sink, expected: &[&str]) -> (usize, End) {
    let mut i = 0;
    loop {
        // The valid UTF-8 from `i` on (escapes are ASCII: none spans an
        // invalid sequence), read as text without checking each run again.
        let rest = body.get(i..).unwrap_or_default();
        let (valid, fault) = match std::str::from_utf8(rest) {
            Ok(s) => (s, None),
            Err(e) => (
                std::str::from_utf8(rest.get(..e.valid_up_to()).unwrap_or_default())
                    .unwrap_or_default(),
                Some(e.error_len()),
            ),
        };
        // Where the valid text ends: the end of the bytes so far when there
        // is no fault.
        let at_end = fault.is_none() && !line_end;
        match unescape_text(valid, at_end, sink, expected) {
            (used, Some(end)) => return (i + used, end),
            (used, None) => i += used,
        }
        match fault {
            None if line_end => return (i, End::Invalid),
            None => return (i, End::More),
            // An invalid sequence, replaced as `String::from_utf8_lossy`
            // replaces it.
            Some(Some(n)) => {
                sink.out(expected).push('\u{FFFD}');
                sink.growth += 3usize.saturating_sub(n);
                i += n;
            }
            // A sequence cut by the end of the bytes so far.
            Some(None) if !line_end => return (i, End::More),
            Some(None) => {
                sink.out(expected).push('\u{FFFD}');
                return (body.len(), End::Invalid);
            }
        }
    }
}

/// [`unescape_into`] on valid text: `None` when all of `text` was used
/// (`at_end`: more bytes may follow it, so an escape cut short waits).
fn unescape_text(
    text: &str,
    at_end: bool,
    sink: &mut Sink,
    expected: &[&str],
) -> (usize, Option<End>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        let rest = bytes.get(i..).unwrap_or_default();
        let Some(j) = find_special(rest) else {
            sink.out(expected)
                .push_str(text.get(i..).unwrap_or_default());
            return (bytes.len(), None);
        };
        // `i` follows an ASCII byte or an escape and `i + j` is on an ASCII
        // byte: both are char boundaries.
        sink.out(expected)
            .push_str(text.get(i..i + j).unwrap_or_default());
        i += j;
        match bytes.get(i) {
            Some(b'"') => return (i, Some(End::Closed)),
            Some(b'\\') => {
                let out = sink.out(expected);
                // Escapes come in runs in some texts: read them in one go.
                while bytes.get(i) == Some(&b'\\') {
                    match unescape(bytes.get(i + 1..).unwrap_or_default()) {
                        Escape::Char(c, n) => {
                            out.push(c);
                            i += 1 + n;
                        }
                        Escape::Short if at_end => return (i, Some(End::More)),
                        Escape::Short | Escape::Bad => return (i, Some(End::Invalid)),
                    }
                }
            }
            // A control character, which JSON strings may not hold raw.
            _ => return (i, Some(End::Invalid)),
        }
    }
}

/// Where the scan of a line is.
#[derive(Debug, Default)]
enum Scan {
    /// Outside any string.
    #[default]
    Outside,
    /// In the string whose opening quote is at `start`.
    InString { start: usize },
    /// Taking out the string whose opening quote is at `start`: its body
    /// bytes not yet unescaped follow the quote.
    Taking { start: usize, sink: Sink },
}

/// The taking out of long strings from the line being read, and its state.
#[derive(Debug, Default)]
pub(crate) struct Extract {
    /// Whether long strings are taken out at all.
    enabled: bool,
    /// From how many bytes (as written) a string is taken out.
    long: usize,
    /// Whether this line's strings are (a `data` line that starts an event).
    on: bool,
    /// The line is the stream's first.
    at_start: bool,
    /// Where the `data` field's value starts in the line, once known.
    value_start: Option<usize>,
    /// How far the line has been scanned.
    scanned: usize,
    scan: Scan,
    /// Raw bytes taken out of the line.
    removed: usize,
    /// Bytes the texts taken out gained through UTF-8 replacement.
    growth: usize,
    holes: Vec<Hole>,
}

impl Extract {
    /// Starts a line; `eligible`: it would become an event's data buffer if
    /// it is a `data` line.
    /// `at_start`: the line is the stream's first (it may start with a
    /// byte order mark).
    pub(crate) fn begin(&mut self, eligible: bool, at_start: bool) {
        *self = Extract {
            enabled: self.enabled,
            long: self.long,
            on: self.enabled && eligible,
            at_start,
            ..Extract::default()
        };
    }

    /// Takes strings of `long` bytes or more out of the lines from now on.
    pub(crate) fn enable(&mut self, long: usize) {
        self.enabled = true;
        self.long = long;
    }

    /// The shortest text a string taken out can unescape to (six bytes of
    /// `\u0041` make one byte): shorter texts are never compared.
    pub(crate) fn shortest_text(&self) -> usize {
        self.long / 6
    }

    /// Whether the line being read, `len` bytes so far in its buffer, is
    /// to be scanned: strings are taken out of it, and it is long enough
    /// to hold one (a shorter line is not scanned at all; a longer one is
    /// scanned from its start once it is that long).
    pub(crate) fn wants(&self, len: usize) -> bool {
        self.on && len + self.removed >= self.long
    }

    /// Raw bytes of the line taken out of its buffer so far.
    pub(crate) fn removed(&self) -> usize {
        self.removed
    }

    /// Scans what was added to `line`, the line read so far, taking out the
    /// long strings (`line_end`: the line is whole).
    pub(crate) fn scan(&mut self, line: &mut Vec<u8>, expected: &[&str], line_end: bool) {
        if !self.wants(line.len()) {
            return;
        }
        if self.value_start.is_none() {
            // The first line of a stream may start with a byte order mark,
            // which the reader strips.
            let bom = if self.at_start && line.starts_with(BOM) {
                BOM.len()
            } else {
                0
            };
            let Some(start) = line.get(bom..).and_then(data_value_start) else {
                self.on = false;
                return;
            };
            let start = bom + start;
            self.value_start = Some(start);
            self.scanned = start;
        }
        loop {
            match &mut self.scan {
                Scan::Outside => {
                    let rest = line.get(self.scanned..).unwrap_or_default();
                    match rest.iter().position(|&b| b == b'"') {
                        Some(k) => {
                            self.scan = Scan::InString {
                                start: self.scanned + k,
                            };
                            self.scanned += k + 1;
                        }
                        None => {
                            self.scanned = line.len();
                            return;
                        }
                    }
                }
                &mut Scan::InString { start } => {
                    let closed = loop {
                        let rest = line.get(self.scanned..).unwrap_or_default();
                        match find_quote_or_backslash(rest) {
                            Some(k) if rest.get(k) == Some(&b'"') => {
                                self.scanned += k + 1;
                                break true;
                            }
                            // The escaped byte is never the closing quote.
                            Some(k) if self.scanned + k + 1 < line.len() => self.scanned += k + 2,
                            // A backslash last: its escape is read again.
                            Some(k) => {
                                self.scanned += k;
                                break false;
                            }
                            None => {
                                self.scanned = line.len();
                                break false;
                            }
                        }
                    };
                    // The body so far (to its closing quote when closed).
                    let body = if closed { self.scanned - 1 } else { line.len() } - start - 1;
                    if body >= self.long {
                        self.scan = Scan::Taking {
                            start,
                            sink: Sink::new(expected),
                        };
                    } else if closed {
                        self.scan = Scan::Outside;
                    } else {
                        return;
                    }
                }
                Scan::Taking { start, sink } => {
                    let body_start = *start + 1;
                    let body = line.get(body_start..).unwrap_or_default();
                    let (used, end) = unescape_into(body, line_end, sink, expected);
                    line.drain(body_start..body_start + used);
                    self.removed += used;
                    match end {
                        End::More => return,
                        End::Closed => {
                            let start = *start;
                            let sink = std::mem::take(sink);
                            self.growth += sink.growth;
                            self.holes.push(Hole {
                                at: start,
                                text: sink.finish(expected),
                            });
                            self.scan = Scan::Outside;
                            // After the `""` left in the string's place.
                            self.scanned = start + 2;
                        }
                        End::Invalid => {
                            // What was read goes back as JSON text before the
                            // fault, which stays as it came; nothing more is
                            // taken out of this line.
                            let read = match std::mem::take(sink).finish(expected) {
                                Text::Owned(s) => s,
                                Text::Same(i) => {
                                    expected.get(i).map(|e| e.to_string()).unwrap_or_default()
                                }
                            };
                            let quoted = serde_json::to_string(&read).unwrap_or_default();
                            let body = quoted
                                .get(1..quoted.len().saturating_sub(1))
                                .unwrap_or_default();
                            line.splice(body_start..body_start, body.bytes());
                            self.removed = self.removed.saturating_sub(body.len());
                            self.on = false;
                            return;
                        }
                    }
                }
            }
        }
    }

    /// The strings taken out of the line just ended, placed relative to the
    /// start of the `data` value, and how much longer the value's text is
    /// than what is left of the line.
    pub(crate) fn finish(&mut self) -> (Vec<Hole>, usize) {
        let start = self.value_start.unwrap_or(0);
        let mut holes = std::mem::take(&mut self.holes);
        for h in &mut holes {
            h.at -= start.min(h.at);
        }
        let extra = self.removed + self.growth;
        self.begin(false, false);
        (holes, extra)
    }
}

/// `json` with every `""` left by a taken-out string replaced by that
/// string, written back as JSON: what a decoder reads as the data it came
/// from. `None` when `texts` does not fit `json`.
pub(crate) fn rebuild(json: &str, texts: &[(usize, &str)]) -> Option<String> {
    let extra: usize = texts.iter().map(|(_, s)| s.len() + s.len() / 8 + 2).sum();
    let mut out = String::with_capacity(json.len() + extra);
    let mut last = 0;
    for (at, text) in texts {
        out.push_str(json.get(last..*at)?);
        (json.get(*at..*at + 2)? == "\"\"").then_some(())?;
        out.push_str(&serde_json::to_string(text).ok()?);
        last = at + 2;
    }
    out.push_str(json.get(last..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `line` delivered in pieces of `step` bytes; returns the line
    /// left and the holes.
    fn extract(line: &[u8], step: usize, expected: &[&str]) -> (Vec<u8>, Vec<Hole>, usize) {
        let mut x = Extract::default();
        x.enable(LONG_STRING);
        x.begin(true, false);
        let mut buf = Vec::new();
        let chunks: Vec<&[u8]> = line.chunks(step.max(1)).collect();
        for (n, chunk) in chunks.iter().enumerate() {
            buf.extend_from_slice(chunk);
            x.scan(&mut buf, expected, n + 1 == chunks.len());
        }
        let (holes, extra) = x.finish();
        (buf, holes, extra)
    }

    fn long_text() -> String {
        let piece = "plain ascii, \"quoted\", back\\slash, tab\t, é, 😀, \u{1} ";
        piece.repeat(LONG_STRING / piece.len() + 10)
    }

    fn texts(holes: Vec<Hole>, expected: &[&str]) -> Vec<(usize, String)> {
        holes
            .into_iter()
            .map(|h| {
                let s = match h.text {
                    Text::Owned(s) => s,
                    Text::Same(i) => expected[i].to_string(),
                };
                (h.at, s)
            })
            .collect()
    }

    fn borrowed(texts: &[(usize, String)]) -> Vec<(usize, &str)> {
        texts.iter().map(|(at, s)| (*at, s.as_str())).collect()
    }

    #[test]
    fn a_long_string_is_taken_out_whatever_the_pieces() {
        let text = long_text();
        let json = serde_json::json!({"type": "x", "text": text, "short": "a\"b"}).to_string();
        let line = format!("data: {json}");
        for step in [1, 7, 4096, 16 * 1024, line.len()] {
            let (left, holes, extra) = extract(line.as_bytes(), step, &[]);
            let left = String::from_utf8(left).unwrap();
            let data = left.strip_prefix("data: ").unwrap();
            assert!(data.len() < 100, "{step}: {data}");
            assert_eq!(holes.len(), 1);
            assert_eq!(data.len() + extra, json.len());
            let full = rebuild(data, &borrowed(&texts(holes, &[]))).unwrap();
            let a: serde_json::Value = serde_json::from_str(&full).unwrap();
            let b: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(a, b, "{step}");
        }
    }

    #[test]
    fn a_text_equal_to_an_expected_one_is_not_stored() {
        let text = long_text();
        let other = format!("{}x", &text[..text.len() - 1]);
        let json = serde_json::json!({"a": text, "b": other, "c": text}).to_string();
        let line = format!("data:{json}");
        let expected = ["short", &other[..other.len() - 4], &text];
        for step in [3, 16 * 1024] {
            let (left, holes, _) = extract(line.as_bytes(), step, &expected);
            let kinds: Vec<String> = holes.iter().map(|h| format!("{:?}", h.text)).collect();
            assert_eq!(
                kinds,
                [
                    "Same(2)".to_string(),
                    format!("Owned({} bytes)", other.len()),
                    "Same(2)".to_string()
                ]
            );
            let data = std::str::from_utf8(&left[5..]).unwrap();
            let full = rebuild(data, &borrowed(&texts(holes, &expected))).unwrap();
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&full).unwrap(),
                serde_json::from_str::<serde_json::Value>(&json).unwrap()
            );
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_as_the_line_would_be() {
        let mut line = b"data: {\"t\":\"".to_vec();
        for n in 0..LONG_STRING / 4 {
            line.extend_from_slice(b"ab\xF0\x9F\x98c");
            if n % 3 == 0 {
                line.extend_from_slice(b"\xFF\xE9");
            }
        }
        line.extend_from_slice(b"\xE2\x82\"}");
        let lossy = String::from_utf8_lossy(&line[6..]).into_owned();
        let want: serde_json::Value = serde_json::from_str(&lossy).unwrap();
        for step in [1, 5, 16 * 1024] {
            let (left, holes, extra) = extract(&line, step, &[]);
            let data = std::str::from_utf8(&left[6..]).unwrap();
            assert_eq!(data.len() + extra, lossy.len(), "{step}");
            let full = rebuild(data, &borrowed(&texts(holes, &[]))).unwrap();
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&full).unwrap(),
                want
            );
        }
    }

    #[test]
    fn strings_a_decoder_rejects_go_back_into_the_line() {
        let body = "a\\u00e9\\/😀".repeat(LONG_STRING / 8);
        for bad in [
            "\u{1}",
            "\\x",
            "\\ud800",
            "\\udc00x",
            "\\ud800\\u0041",
            "\\u12g4",
        ] {
            let tail = format!("{bad}{body}\"}}");
            let line = format!("data: {{\"t\":\"{body}{tail}");
            assert!(serde_json::from_str::<serde_json::Value>(&line[6..]).is_err());
            let read: String = serde_json::from_str(&format!("\"{body}\"")).unwrap();
            let want = format!(
                "{{\"t\":{}{tail}",
                &serde_json::to_string(&read).unwrap().trim_end_matches('"')
            );
            for step in [1, 9, 16 * 1024] {
                let (left, holes, _) = extract(line.as_bytes(), step, &[]);
                assert!(holes.is_empty(), "{bad} {step}");
                assert_eq!(
                    std::str::from_utf8(&left[6..]).unwrap(),
                    want,
                    "{bad} {step}"
                );
            }
        }
        // No closing quote before the line ends.
        let line = format!("data: {{\"t\":\"{}", "b".repeat(LONG_STRING));
        let (left, holes, _) = extract(line.as_bytes(), 1000, &[]);
        assert!(holes.is_empty() && left == line.as_bytes());
    }

    #[test]
    fn only_data_lines_are_scanned_and_short_strings_stay() {
        let body = "a".repeat(LONG_STRING + 10);
        let line = format!("event: {{\"t\":\"{body}\"}}");
        let (left, holes, extra) = extract(line.as_bytes(), 4096, &[]);
        assert!(holes.is_empty() && extra == 0 && left == line.as_bytes());
        let short = "b".repeat(LONG_STRING - 1);
        let line = format!("data: [\"{short}\", \"{short}\"]");
        let (left, holes, _) = extract(line.as_bytes(), 4096, &[]);
        assert!(holes.is_empty() && left == line.as_bytes());
    }

    #[test]
    fn rebuild_checks_the_places() {
        assert_eq!(
            rebuild(r#"{"a":"","b":""}"#, &[(5, "x\"y"), (12, "z")]).as_deref(),
            Some(r#"{"a":"x\"y","b":"z"}"#)
        );
        assert_eq!(rebuild(r#"{"a":1}"#, &[(5, "x")]), None);
        assert_eq!(rebuild(r#"{"a":""}"#, &[(50, "x")]), None);
    }
}

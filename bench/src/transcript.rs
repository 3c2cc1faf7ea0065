//! A generated, deterministic Responses stream transcript.
//!
//! The transcript is produced as a sequence of byte chunks by [`Chunks`], so
//! the same bytes can be held in memory (decode benchmarks) or produced
//! lazily through [`Lazy`] (memory benchmarks, where holding the transcript
//! would hide what the decoder itself keeps).
//!
//! Shape: `response.created`, `response.in_progress`,
//! `response.output_item.added`, `response.content_part.added`, then `deltas`
//! `response.output_text.delta` events (keep-alive comments between them),
//! then, when `closing` is set, `response.output_text.done`,
//! `response.content_part.done`, `response.output_item.done` and
//! `response.completed`, each repeating the whole text on one line, then
//! `data: [DONE]`.

use std::io::{self, Read};

/// The response id used throughout.
pub const RESPONSE_ID: &str = "resp_01JBENCH7Q9ZK3M4N5P6R7S8T9";
/// The message item id used throughout.
pub const ITEM_ID: &str = "msg_01JBENCH7Q9ZK3M4N5P6R7S8T9";
/// The model slug used throughout.
pub const MODEL: &str = "openai/gpt-4o-mini";
/// One keep-alive comment after this many deltas.
pub const KEEPALIVE_EVERY: usize = 500;

/// Text fragments a delta is made of: words, punctuation, whitespace that
/// JSON escapes, quotes and backslashes, and unicode from 2-, 3- and 4-byte
/// UTF-8 sequences (the 4-byte ones become surrogate pairs when escaped).
const FRAGMENTS: &[&str] = &[
    "the ",
    "model ",
    "streams ",
    "tokens ",
    "as ",
    "they ",
    "are ",
    "generated",
    ", ",
    ". ",
    "and ",
    "a ",
    "response ",
    "of ",
    "to ",
    "in ",
    "is ",
    "that ",
    "for ",
    "with ",
    "token",
    "izer ",
    "latency ",
    "throughput ",
    "Rust ",
    "iterator ",
    "buffer ",
    "event",
    "stream ",
    "decoder ",
    "; ",
    ": ",
    "! ",
    "? ",
    "(",
    ") ",
    "\n",
    "\n\n",
    "\t",
    "    ",
    "- ",
    "* ",
    "1. ",
    "42 ",
    "3.14159 ",
    "\"quoted\" ",
    "C:\\path\\to\\file ",
    "`code` ",
    "{\"json\": [1, 2, null]} ",
    "<tag attr=\"x\"> ",
    "a\\nb ",
    "50% ",
    "#1 ",
    "@user ",
    "café ",
    "naïve ",
    "façade ",
    "Straße ",
    "déjà vu ",
    "niño ",
    "Ångström ",
    "日本語の",
    "テキスト",
    "中文字符",
    "한국어 ",
    "Привет ",
    "мир ",
    "Ελληνικά ",
    "עברית ",
    "العربية ",
    "हिन्दी ",
    "😀 ",
    "🚀",
    "👍🏽 ",
    "🦀 ",
    "→ ",
    "— ",
    "…",
    "∑ ",
    "µs ",
    "½ ",
    "€5 ",
    "\u{200b}",
    "\r\n",
    "\u{1}",
    "\u{7f} ",
    "\u{fffd} ",
];

/// A small deterministic PRNG (xorshift64*), so runs are reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Generates the text of delta `i` (1 to 4 fragments), in order, from a seed.
#[derive(Clone, Debug)]
pub struct TextGen {
    rng: Rng,
}

impl TextGen {
    pub fn new(seed: u64) -> Self {
        TextGen {
            rng: Rng::new(seed),
        }
    }
    /// Appends the next delta's text to `out`.
    pub fn next_delta(&mut self, out: &mut String) {
        let n = 1 + self.rng.below(4);
        for _ in 0..n {
            out.push_str(FRAGMENTS[self.rng.below(FRAGMENTS.len())]);
        }
    }
}

/// How a JSON string is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// Only what JSON requires (quote, backslash, controls); UTF-8 kept raw.
    Minimal,
    /// Everything outside ASCII as `\uXXXX` (surrogate pairs above U+FFFF),
    /// as `ensure_ascii` encoders write it; `/` as `\/`.
    Ascii,
}

/// Appends `s` as the inside of a JSON string (no quotes).
pub fn escape_into(out: &mut Vec<u8>, s: &str, mode: Escape) {
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '/' if mode == Escape::Ascii => out.extend_from_slice(b"\\/"),
            c if (c as u32) < 0x20 => push_u(out, c as u32),
            c if c.is_ascii() => out.push(c as u8),
            c if mode == Escape::Minimal => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    push_u(out, u32::from(*u));
                }
            }
        }
    }
}

fn push_u(out: &mut Vec<u8>, u: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((u >> shift) & 0xf) as usize]);
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub deltas: usize,
    /// Emit the four closing events that repeat the whole text.
    pub closing: bool,
    /// Emit the opening events and `[DONE]`.
    pub framing: bool,
    pub seed: u64,
}

impl Spec {
    pub fn full(deltas: usize) -> Self {
        Spec {
            deltas,
            closing: true,
            framing: true,
            seed: 0x5EED,
        }
    }
    pub fn deltas_only(deltas: usize) -> Self {
        Spec {
            closing: false,
            ..Spec::full(deltas)
        }
    }
}

#[derive(Debug)]
enum Phase {
    Head,
    Deltas(usize),
    /// Closing event `k` (0..4): its prefix is written, the text follows.
    ClosingText {
        k: usize,
        gen: TextGen,
        left: usize,
        post: String,
        mode: Escape,
    },
    ClosingStart(usize),
    Tail,
    End,
}

/// The transcript as a sequence of chunks of at most about 64 KiB.
#[derive(Debug)]
pub struct Chunks {
    spec: Spec,
    phase: Phase,
    gen: TextGen,
    seq: u64,
    scratch: String,
}

const CHUNK: usize = 64 * 1024;

fn response_json(status: &str, output: &str, completed: bool) -> String {
    let completed_at = if completed { "1767225610" } else { "null" };
    let usage = if completed {
        r#","usage":{"input_tokens":1234,"input_tokens_details":{"cached_tokens":0},"output_tokens":100000,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":101234,"cost":0.0612}"#
    } else {
        r#","usage":null"#
    };
    format!(
        r#"{{"id":"{RESPONSE_ID}","object":"response","created_at":1767225600,"completed_at":{completed_at},"model":"{MODEL}","status":"{status}","output":[{output}],"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"metadata":{{}},"parallel_tool_calls":true,"temperature":null,"top_p":null,"tool_choice":"auto","tools":[]{usage}}}"#
    )
}

impl Chunks {
    pub fn new(spec: Spec) -> Self {
        Chunks {
            spec,
            phase: if spec.framing {
                Phase::Head
            } else {
                Phase::Deltas(0)
            },
            gen: TextGen::new(spec.seed),
            seq: 0,
            scratch: String::new(),
        }
    }

    fn seq(&mut self) -> u64 {
        let s = self.seq;
        self.seq += 1;
        s
    }

    /// The prefix and suffix of closing event `k`, around the text.
    fn closing_parts(&mut self, k: usize) -> (String, String, Escape) {
        let seq = self.seq();
        match k {
            0 => (
                format!(
                    r#"data: {{"type":"response.output_text.done","sequence_number":{seq},"item_id":"{ITEM_ID}","output_index":0,"content_index":0,"text":""#
                ),
                "\",\"logprobs\":[]}\n\n".to_string(),
                Escape::Minimal,
            ),
            1 => (
                format!(
                    r#"data: {{"type":"response.content_part.done","sequence_number":{seq},"item_id":"{ITEM_ID}","output_index":0,"content_index":0,"part":{{"type":"output_text","annotations":[],"logprobs":[],"text":""#
                ),
                "\"}}\n\n".to_string(),
                Escape::Ascii,
            ),
            2 => (
                format!(
                    r#"data: {{"type":"response.output_item.done","sequence_number":{seq},"output_index":0,"item":{{"type":"message","id":"{ITEM_ID}","role":"assistant","status":"completed","content":[{{"type":"output_text","annotations":[],"logprobs":[],"text":""#
                ),
                "\"}]}}\n\n".to_string(),
                Escape::Minimal,
            ),
            _ => {
                let marker = "\u{0}TEXT\u{0}";
                let msg = format!(
                    r#"{{"type":"message","id":"{ITEM_ID}","role":"assistant","status":"completed","content":[{{"type":"output_text","annotations":[],"logprobs":[],"text":"{marker}"}}]}}"#
                );
                let whole = format!(
                    r#"data: {{"type":"response.completed","sequence_number":{seq},"response":{}}}"#,
                    response_json("completed", &msg, true)
                );
                let (pre, post) = whole.split_once(marker).expect("marker present");
                (pre.to_string(), format!("{post}\n\n"), Escape::Ascii)
            }
        }
    }

    fn next_chunk(&mut self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(CHUNK + 1024);
        loop {
            if out.len() >= CHUNK {
                return Some(out);
            }
            match std::mem::replace(&mut self.phase, Phase::End) {
                Phase::Head => {
                    let created = response_json("in_progress", "", false);
                    let s0 = self.seq();
                    let s1 = self.seq();
                    let s2 = self.seq();
                    let s3 = self.seq();
                    out.extend_from_slice(b": OPENROUTER PROCESSING\n\n");
                    out.extend_from_slice(format!("data: {{\"type\":\"response.created\",\"sequence_number\":{s0},\"response\":{created}}}\n\n").as_bytes());
                    out.extend_from_slice(format!("data: {{\"type\":\"response.in_progress\",\"sequence_number\":{s1},\"response\":{created}}}\n\n").as_bytes());
                    out.extend_from_slice(format!("data: {{\"type\":\"response.output_item.added\",\"sequence_number\":{s2},\"output_index\":0,\"item\":{{\"type\":\"message\",\"id\":\"{ITEM_ID}\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}}}\n\n").as_bytes());
                    out.extend_from_slice(format!("data: {{\"type\":\"response.content_part.added\",\"sequence_number\":{s3},\"item_id\":\"{ITEM_ID}\",\"output_index\":0,\"content_index\":0,\"part\":{{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}}}}\n\n").as_bytes());
                    self.phase = Phase::Deltas(0);
                }
                Phase::Deltas(i) if i < self.spec.deltas => {
                    if i % KEEPALIVE_EVERY == KEEPALIVE_EVERY - 1 {
                        out.extend_from_slice(b": OPENROUTER PROCESSING\n\n");
                    }
                    self.scratch.clear();
                    self.gen.next_delta(&mut self.scratch);
                    let seq = self.seq();
                    out.extend_from_slice(format!("data: {{\"type\":\"response.output_text.delta\",\"sequence_number\":{seq},\"item_id\":\"{ITEM_ID}\",\"output_index\":0,\"content_index\":0,\"delta\":\"").as_bytes());
                    let mode = if i % 4 == 3 {
                        Escape::Ascii
                    } else {
                        Escape::Minimal
                    };
                    escape_into(&mut out, &self.scratch, mode);
                    out.extend_from_slice(b"\",\"logprobs\":[]}\n\n");
                    self.phase = Phase::Deltas(i + 1);
                }
                Phase::Deltas(_) => {
                    self.phase = if self.spec.closing {
                        Phase::ClosingStart(0)
                    } else if self.spec.framing {
                        Phase::Tail
                    } else {
                        Phase::End
                    };
                }
                Phase::ClosingStart(k) if k < 4 => {
                    let (pre, post, mode) = self.closing_parts(k);
                    out.extend_from_slice(pre.as_bytes());
                    self.phase = Phase::ClosingText {
                        k,
                        gen: TextGen::new(self.spec.seed),
                        left: self.spec.deltas,
                        post,
                        mode,
                    };
                }
                Phase::ClosingStart(_) => {
                    self.phase = if self.spec.framing {
                        Phase::Tail
                    } else {
                        Phase::End
                    };
                }
                Phase::ClosingText {
                    k,
                    mut gen,
                    mut left,
                    post,
                    mode,
                } => {
                    while left > 0 && out.len() < CHUNK {
                        self.scratch.clear();
                        gen.next_delta(&mut self.scratch);
                        escape_into(&mut out, &self.scratch, mode);
                        left -= 1;
                    }
                    if left == 0 {
                        out.extend_from_slice(post.as_bytes());
                        self.phase = Phase::ClosingStart(k + 1);
                    } else {
                        self.phase = Phase::ClosingText {
                            k,
                            gen,
                            left,
                            post,
                            mode,
                        };
                    }
                }
                Phase::Tail => {
                    out.extend_from_slice(b"data: [DONE]\n\n");
                    self.phase = Phase::End;
                }
                Phase::End => {
                    return if out.is_empty() { None } else { Some(out) };
                }
            }
        }
    }
}

impl Iterator for Chunks {
    type Item = Vec<u8>;
    fn next(&mut self) -> Option<Vec<u8>> {
        self.next_chunk()
    }
}

/// The whole transcript in memory.
pub fn build(spec: Spec) -> Vec<u8> {
    let mut all = Vec::new();
    for c in Chunks::new(spec) {
        all.extend_from_slice(&c);
    }
    all
}

/// The text the deltas of `spec` add up to.
pub fn text(spec: Spec) -> String {
    let mut gen = TextGen::new(spec.seed);
    let mut s = String::new();
    for _ in 0..spec.deltas {
        gen.next_delta(&mut s);
    }
    s
}

/// The length in bytes of [`text`], counted without holding the text.
pub fn text_len(spec: Spec) -> usize {
    let mut gen = TextGen::new(spec.seed);
    let mut scratch = String::new();
    let mut n = 0;
    for _ in 0..spec.deltas {
        scratch.clear();
        gen.next_delta(&mut scratch);
        n += scratch.len();
    }
    n
}

/// The transcript produced lazily, chunk by chunk, as a reader.
#[derive(Debug)]
pub struct Lazy {
    chunks: Chunks,
    cur: Vec<u8>,
    pos: usize,
}

impl Lazy {
    pub fn new(spec: Spec) -> Self {
        Lazy {
            chunks: Chunks::new(spec),
            cur: Vec::new(),
            pos: 0,
        }
    }
}

impl Read for Lazy {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.cur.len() {
            match self.chunks.next() {
                Some(c) => {
                    self.cur = c;
                    self.pos = 0;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.cur.len() - self.pos);
        buf[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Splits a transcript into the `data` payloads of its events (what the
/// floor decoder is handed): single-line `data: ` events only, which is all
/// this transcript has. `[DONE]` is left out.
pub fn payloads(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split(|&b| b == b'\n')
        .filter_map(|l| l.strip_prefix(b"data: "))
        .filter(|p| *p != b"[DONE]")
        .collect()
}

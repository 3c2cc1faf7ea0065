//! Part 3: peak memory. Each measurement runs in a child process (this
//! binary re-executed with `--child-mem MODE DELTAS`) that decodes a
//! transcript generated lazily (never held in memory) and prints its peak
//! resident set (`VmHWM` of /proc/self/status) when done.

use std::io::{self, Read};
use std::process::Command;

use openrouter_responses::{sse, ResponseStream, StreamEvent};

use crate::report::Table;
use crate::transcript::{self, Lazy, Spec};

/// Peak resident set of this process, in KiB.
pub fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The modes a child can run.
pub const MODES: &[&str] = &[
    "baseline",
    "events",
    "stream-deltas",
    "stream-full",
    "final-full",
    "deltas-final-full",
    "all-deltas-final-full",
    "lent-full",
];

/// Runs one measurement in this (child) process and prints
/// `peak_kib text_bytes events`.
pub fn child(mode: &str, deltas: usize) -> io::Result<()> {
    let (events, text) = match mode {
        // Only generate and drop the bytes: what the harness itself costs.
        "baseline" => {
            let mut r = Lazy::new(Spec::deltas_only(deltas));
            let mut buf = vec![0u8; 16 * 1024];
            let mut n = 0usize;
            loop {
                let k = r.read(&mut buf)?;
                if k == 0 {
                    break;
                }
                n += k;
            }
            std::hint::black_box(n);
            (0, 0)
        }
        // No accumulation: the crate's SSE reader and typed events, each
        // event dropped once seen.
        "events" => {
            let mut events = 0;
            let mut text = 0;
            for ev in sse::Reader::new(Lazy::new(Spec::deltas_only(deltas))) {
                let ev = ev.map_err(io::Error::other)?;
                if ev.data == "[DONE]" {
                    break;
                }
                let e = StreamEvent::from_json(&ev.data).map_err(io::Error::other)?;
                if let StreamEvent::OutputTextDelta(d) = &e {
                    text += d.delta.len();
                }
                events += 1;
            }
            (events, text)
        }
        // Accumulation: ResponseStream iterated, the events dropped once
        // seen; the snapshot stays. (The text length is counted from the
        // generator, so that measuring it allocates nothing.)
        "stream-deltas" | "stream-full" => {
            let spec = if mode == "stream-full" {
                Spec::full(deltas)
            } else {
                Spec::deltas_only(deltas)
            };
            let mut stream = ResponseStream::from_reader(Lazy::new(spec));
            let mut events = 0;
            for e in stream.by_ref() {
                e.map_err(io::Error::other)?;
                events += 1;
            }
            std::hint::black_box(stream.snapshot());
            (events, transcript::text_len(spec))
        }
        // Printing as it arrives: `text_deltas()` to the end, then
        // `final_response()`.
        "deltas-final-full" => {
            let spec = Spec::full(deltas);
            let mut stream = ResponseStream::from_reader(Lazy::new(spec));
            let mut events = 0;
            for d in stream.text_deltas() {
                std::hint::black_box(d.map_err(io::Error::other)?);
                events += 1;
            }
            let response = stream.final_response().map_err(io::Error::other)?;
            std::hint::black_box(&response);
            (events, transcript::text_len(spec))
        }
        // Showing every piece of text with what it belongs to: `deltas()`
        // to the end, then `final_response()`.
        "all-deltas-final-full" => {
            let spec = Spec::full(deltas);
            let mut stream = ResponseStream::from_reader(Lazy::new(spec));
            let mut events = 0;
            for d in stream.deltas() {
                std::hint::black_box(d.map_err(io::Error::other)?);
                events += 1;
            }
            let response = stream.final_response().map_err(io::Error::other)?;
            std::hint::black_box(&response);
            (events, transcript::text_len(spec))
        }
        // Every event, lent out by `next_event()` instead of handed over.
        "lent-full" => {
            let spec = Spec::full(deltas);
            let mut stream = ResponseStream::from_reader(Lazy::new(spec));
            let mut events = 0;
            while let Some(e) = stream.next_event() {
                std::hint::black_box(&*e.map_err(io::Error::other)?);
                events += 1;
            }
            std::hint::black_box(stream.snapshot());
            (events, transcript::text_len(spec))
        }
        // Accumulation the usual way: `final_response()` drains the stream.
        "final-full" => {
            let spec = Spec::full(deltas);
            let stream = ResponseStream::from_reader(Lazy::new(spec));
            let response = stream.final_response().map_err(io::Error::other)?;
            std::hint::black_box(&response);
            (0, transcript::text_len(spec))
        }
        other => return Err(io::Error::other(format!("unknown mode {other}"))),
    };
    println!("{} {} {}", vm_hwm_kib().unwrap_or(0), text, events);
    Ok(())
}

struct Peak {
    kib: u64,
    text: usize,
    events: usize,
}

fn spawn(mode: &str, deltas: usize) -> Peak {
    spawn_with(mode, deltas, &[])
}

/// Runs a child with extra environment variables (glibc's `MALLOC_*` tunables).
fn spawn_with(mode: &str, deltas: usize, env: &[(&str, &str)]) -> Peak {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .args(["--child-mem", mode, &deltas.to_string()])
        .envs(env.iter().copied())
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "child {mode} {deltas} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    let mut it = s.split_whitespace().map(|x| x.parse::<u64>().unwrap_or(0));
    Peak {
        kib: it.next().unwrap_or(0),
        text: it.next().unwrap_or(0) as usize,
        events: it.next().unwrap_or(0) as usize,
    }
}

pub struct Summary {
    /// Peak difference, 1M vs 10k events, no accumulation (MiB).
    pub no_acc_growth_mib: f64,
    /// Peak growth per byte of accumulated text, 10k → 1M, with the closing events.
    pub acc_full_slope: f64,
    /// The same on deltas only.
    pub acc_deltas_slope: f64,
    /// The same through `final_response()`.
    pub final_full_slope: f64,
    /// The same through `text_deltas()`, then `final_response()`.
    pub deltas_final_slope: f64,
    /// The same through `deltas()`, then `final_response()`.
    pub all_deltas_final_slope: f64,
    /// The same iterating every event through `next_event()`.
    pub lent_full_slope: f64,
    pub small: usize,
    pub large: usize,
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

pub fn run(small: usize, large: usize, tables: &mut Vec<Table>) -> Summary {
    let mut table = Table::new(
        format!(
            "Peak RSS (VmHWM) of a child process, transcript generated lazily, {small} vs {large} delta events"
        ),
        &[
            "mode",
            &format!("{small}: MiB"),
            &format!("{large}: MiB"),
            "growth MiB",
            &format!("text at {large}: MiB"),
            "growth ÷ text growth",
        ],
    );
    let mut peaks = Vec::new();
    for mode in MODES {
        let a = spawn(mode, small);
        let b = spawn(mode, large);
        peaks.push((mode, a, b));
    }
    let mut s = Summary {
        no_acc_growth_mib: 0.0,
        acc_full_slope: 0.0,
        acc_deltas_slope: 0.0,
        final_full_slope: 0.0,
        deltas_final_slope: 0.0,
        all_deltas_final_slope: 0.0,
        lent_full_slope: 0.0,
        small,
        large,
    };
    for (mode, a, b) in &peaks {
        let growth = b.kib as f64 - a.kib as f64;
        let text_growth = b.text as f64 - a.text as f64;
        let slope = if text_growth > 0.0 {
            growth * 1024.0 / text_growth
        } else {
            f64::NAN
        };
        match **mode {
            "events" => s.no_acc_growth_mib = growth / 1024.0,
            "stream-deltas" => s.acc_deltas_slope = slope,
            "stream-full" => s.acc_full_slope = slope,
            "final-full" => s.final_full_slope = slope,
            "deltas-final-full" => s.deltas_final_slope = slope,
            "all-deltas-final-full" => s.all_deltas_final_slope = slope,
            "lent-full" => s.lent_full_slope = slope,
            _ => {}
        }
        let label = match **mode {
            "baseline" => "baseline: generate the bytes, decode nothing".to_string(),
            "events" => format!(
                "no accumulation: sse::Reader + StreamEvent::from_json, deltas only ({} / {} events)",
                a.events, b.events
            ),
            "stream-deltas" => format!(
                "accumulation: ResponseStream iterated, deltas only ({} / {} events)",
                a.events, b.events
            ),
            "final-full" => "accumulation: ResponseStream::final_response(), with the 4 closing events".to_string(),
            "deltas-final-full" => format!(
                "accumulation: ResponseStream::text_deltas() ({} / {} deltas handed out), then final_response(), with the 4 closing events",
                a.events, b.events
            ),
            "all-deltas-final-full" => format!(
                "accumulation: ResponseStream::deltas() ({} / {} deltas handed out), then final_response(), with the 4 closing events",
                a.events, b.events
            ),
            "lent-full" => format!(
                "accumulation: ResponseStream::next_event() (every event lent out), with the 4 closing events ({} / {} events)",
                a.events, b.events
            ),
            _ => format!(
                "accumulation: ResponseStream iterated, with the 4 closing events repeating the text ({} / {} events)",
                a.events, b.events
            ),
        };
        table.row(vec![
            label,
            format!("{:.1}", mib(a.kib)),
            format!("{:.1}", mib(b.kib)),
            format!("{:.1}", growth / 1024.0),
            if b.text > 0 {
                format!("{:.1}", b.text as f64 / 1048576.0)
            } else {
                "–".into()
            },
            if slope.is_finite() {
                format!("{slope:.2}")
            } else {
                "–".into()
            },
        ]);
    }
    tables.push(table);
    s
}

/// Transcript lengths (delta events) of the sweep.
pub const SWEEP: &[usize] = &[250_000, 500_000, 750_000, 900_000, 1_000_000];

/// glibc's default mmap threshold (128 KiB), held fixed: setting it turns off
/// the allocator's dynamic threshold, which otherwise rises to the size of
/// the largest block freed, so that later blocks of that size come from the
/// heap and stay resident once freed.
const FIXED_MMAP_THRESHOLD: (&str, &str) = ("MALLOC_MMAP_THRESHOLD_", "131072");

/// Environment variables of a child.
type Env<'a> = &'a [(&'a str, &'a str)];

/// The largest growth ÷ text of the accumulating modes over the sweep.
pub struct Sweep {
    pub final_full: f64,
    pub deltas_final: f64,
    pub all_deltas_final: f64,
    pub lent: f64,
    pub iterated: f64,
    pub iterated_fixed: f64,
}

/// Growth ÷ text growth (from `small` delta events) at each length of
/// [`SWEEP`]: peak RSS depends on where the allocator places the large
/// blocks, and a single length can miss it.
pub fn sweep(small: usize, tables: &mut Vec<Table>) -> Sweep {
    let mut header = vec!["mode".to_string()];
    header.extend(SWEEP.iter().map(|n| format!("{n}")));
    header.push("max".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(
        format!(
            "Peak RSS growth ÷ text growth from {small} delta events, by transcript length (closing events included)"
        ),
        &header,
    );
    let cases: [(&str, &str, Env); 7] = [
        ("stream-deltas", "ResponseStream iterated, deltas only", &[]),
        ("final-full", "ResponseStream::final_response()", &[]),
        (
            "deltas-final-full",
            "ResponseStream::text_deltas(), then final_response()",
            &[],
        ),
        (
            "all-deltas-final-full",
            "ResponseStream::deltas(), then final_response()",
            &[],
        ),
        (
            "lent-full",
            "ResponseStream::next_event(), every event",
            &[],
        ),
        ("stream-full", "ResponseStream iterated, every event", &[]),
        (
            "stream-full",
            "ResponseStream iterated, every event; glibc mmap threshold fixed at 128 KiB",
            &[FIXED_MMAP_THRESHOLD],
        ),
    ];
    let mut maxima = Vec::new();
    for (mode, label, env) in cases {
        let base = spawn_with(mode, small, env);
        let mut row = vec![label.to_string()];
        let mut max = f64::NAN;
        for &n in SWEEP {
            let p = spawn_with(mode, n, env);
            let slope = (p.kib as f64 - base.kib as f64) * 1024.0 / (p.text - base.text) as f64;
            max = max.max(slope);
            row.push(format!("{slope:.2}"));
        }
        row.push(format!("{max:.2}"));
        table.row(row);
        maxima.push(max);
    }
    tables.push(table);
    Sweep {
        final_full: maxima[1],
        deltas_final: maxima[2],
        all_deltas_final: maxima[3],
        lent: maxima[4],
        iterated: maxima[5],
        iterated_fixed: maxima[6],
    }
}

//! The performance harness of `openrouter-responses`.
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml               # parts 1-4
//! cargo run --release --manifest-path bench/Cargo.toml -- --footprint # part 5
//! ```
//!
//! Every figure is set beside a baseline measured in the same run; times are
//! medians of several repetitions. Options: `--reps N` (default 5),
//! `--deltas N` (default 100000), `--calls N` (default 1000),
//! `--only decode|latency|memory|requests|relay`.

mod decode;
mod floor;
mod footprint;
mod latency;
mod memory;
mod relay;
mod report;
mod requests;
mod server;
mod transcript;

use std::path::PathBuf;
use std::process::Command;

use report::{Goal, Table};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-mem") {
        let mode = args.get(i + 1).map(String::as_str).unwrap_or("");
        let deltas = args.get(i + 2).and_then(|s| s.parse().ok()).unwrap_or(0);
        if let Err(e) = memory::child(mode, deltas) {
            eprintln!("child failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--profile-requests") {
        // One untimed run of one client for a profiler (`perf stat`):
        // `--profile-requests crate|ureq|ureq-timeouts|ureq-typed|ureq-min|both [--calls N]`.
        let which = args.get(i + 1).map(String::as_str).unwrap_or("crate");
        let calls = arg_value(&args, "--calls").unwrap_or(1000);
        if which == "both" {
            // For callgrind: the inclusive costs of `crate_call` and
            // `ureq_value_call`, each divided by calls + 1, per call.
            let (cc, cu) = requests::run_both(calls);
            println!("both: {} calls each, connections {cc} and {cu}", calls + 1);
            return;
        }
        let c0 = requests::thread_cpu();
        let (t, c) = if which == "ureq" {
            requests::run_ureq(calls)
        } else if which == "ureq-timeouts" {
            requests::run_ureq_timeouts(calls)
        } else if which == "ureq-typed" {
            requests::run_ureq_typed(calls)
        } else if which == "ureq-min" {
            requests::run_ureq_min(calls)
        } else {
            requests::run_crate(calls)
        };
        let c1 = requests::thread_cpu();
        println!(
            "{which}: {calls} calls in {:.1} ms over {c} connection(s); client thread on CPU {:.2} µs per call",
            t.as_secs_f64() * 1e3,
            c1.saturating_sub(c0).as_secs_f64() * 1e6 / calls as f64
        );
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--profile-relay") {
        // Decodes of the relayed body for a profiler:
        // `--profile-relay request|value [--loops N]`.
        let which = args.get(i + 1).map(String::as_str).unwrap_or("request");
        let loops = arg_value(&args, "--loops").unwrap_or(5).max(1);
        let text = relay::body();
        for _ in 0..loops {
            if which == "value" {
                std::hint::black_box(relay::run_value(&text));
            } else {
                std::hint::black_box(relay::run_request(&text));
            }
        }
        println!("{which}: {loops} decodes of {} bytes", text.len());
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        // One untimed pass of one decoder, for a profiler to watch:
        // `--profile KEY [whole|delta] [--deltas N]`, KEY as in decode::ALL.
        let key = args.get(i + 1).map(String::as_str).unwrap_or("a");
        let part = args.get(i + 2).map(String::as_str).unwrap_or("whole");
        let deltas = arg_value(&args, "--deltas").unwrap_or(100_000);
        let spec = if part == "delta" {
            transcript::Spec::deltas_only(deltas)
        } else {
            transcript::Spec::full(deltas)
        };
        let input = decode::Input::new(part, transcript::build(spec));
        let Some(d) = decode::ALL.iter().find(|d| d.key == key) else {
            eprintln!("unknown decoder {key}");
            std::process::exit(2);
        };
        // `--loops N`: N passes, so that a sampling profiler sees mostly the
        // decoding rather than the transcript being generated.
        let loops = arg_value(&args, "--loops").unwrap_or(1).max(1);
        let mut tally = (d.run)(&input);
        for _ in 1..loops {
            tally = (d.run)(&input);
        }
        println!(
            "{}: {} events, {} delta bytes, {} closing text bytes; size_of StreamEvent {} B, sse::Event {} B",
            d.label,
            tally.events,
            tally.delta_bytes,
            tally.closing_bytes,
            std::mem::size_of::<openrouter_responses::StreamEvent>(),
            std::mem::size_of::<openrouter_responses::sse::Event>()
        );
        return;
    }
    let reps = arg_value(&args, "--reps").unwrap_or(5);
    let crate_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");

    println!("{}", machine());
    if args.iter().any(|a| a == "--footprint") {
        // A single clean build moves by ±15 % on a shared machine: three at
        // least, their median reported.
        let reps = arg_value(&args, "--reps").unwrap_or(3);
        for t in footprint::run(&crate_root, reps) {
            println!("{}", t.render());
        }
        println!("load average at the end: {}", loadavg());
        return;
    }

    let deltas = arg_value(&args, "--deltas").unwrap_or(100_000);
    let calls = arg_value(&args, "--calls").unwrap_or(1000);
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);

    let mut tables: Vec<Table> = Vec::new();
    let mut goals: Vec<Goal> = Vec::new();

    if wants("decode") {
        eprintln!("part 1: decode throughput");
        let s = decode::run(deltas, reps, &mut tables);
        decode_goals(&s, &mut goals);
    }
    if wants("latency") {
        eprintln!("part 2: incremental delivery");
        let s = latency::run(reps, &mut tables);
        for (what, d) in [("first event", s.crate_first), ("mid-stream", s.crate_mid)] {
            goals.push(Goal {
                name: format!("delivery latency, {what}, median"),
                target: "< 1 ms".into(),
                measured: format!("{:.1} µs", d.as_secs_f64() * 1e6),
                met: d.as_secs_f64() < 1e-3,
            });
        }
    }
    if wants("memory") {
        eprintln!("part 3: memory (child processes)");
        let s = memory::run(10_000, 1_000_000, &mut tables);
        goals.push(Goal {
            name: format!(
                "peak RSS without accumulation, {} vs {} events",
                s.small, s.large
            ),
            target: "within 2 MiB".into(),
            measured: format!("{:+.2} MiB", s.no_acc_growth_mib),
            met: s.no_acc_growth_mib.abs() <= 2.0,
        });
        goals.push(accumulation_goal(
            "peak RSS with accumulation (closing events included)".into(),
            [
                s.final_full_slope,
                s.deltas_final_slope,
                s.all_deltas_final_slope,
                s.lent_full_slope,
            ],
            format!(
                ", through the iterator {:.2} ×; deltas only {:.2} ×",
                s.acc_full_slope, s.acc_deltas_slope
            ),
        ));
        goals.push(Goal {
            name: "the same, every event handed out by the iterator (each owns a copy of its text)"
                .into(),
            target: "< 2 × accumulated text + constant".into(),
            measured: format!("{:.2} ×", s.acc_full_slope),
            met: s.acc_full_slope < 2.0,
        });
        let w = memory::sweep(10_000, &mut tables);
        goals.push(accumulation_goal(
            format!(
                "peak RSS with accumulation, largest over {} lengths",
                memory::SWEEP.len()
            ),
            [w.final_full, w.deltas_final, w.all_deltas_final, w.lent],
            format!(
                ", through the iterator {:.2} × ({:.2} × with glibc's mmap threshold fixed)",
                w.iterated, w.iterated_fixed
            ),
        ));
        goals.push(Goal {
            name: format!(
                "the same, largest over {} lengths, the iterator",
                memory::SWEEP.len()
            ),
            target: "< 2 × accumulated text + constant".into(),
            measured: format!("{:.2} ×", w.iterated),
            met: w.iterated < 2.0,
        });
    }
    if wants("requests") {
        eprintln!("part 4: per-request cost");
        // At least 21 repetitions: one paired ratio moves by ±10 % between
        // repetitions, and the median of 9 moved by ±3 % between runs.
        let s = requests::run(calls, reps.max(21), &mut tables);
        for (placement, ratio, min) in [
            ("threads placed by the scheduler", s.ratio, s.ratio_min),
            (
                "client and server on one CPU",
                s.ratio_one_cpu,
                s.ratio_one_cpu_min,
            ),
            (
                "client and server pinned to two CPUs",
                s.ratio_apart,
                s.ratio_apart_min,
            ),
        ] {
            goals.push(Goal {
                name: format!("{calls} sequential Client::send vs bare ureq, {placement}"),
                target: "≤ 1.05 ×".into(),
                measured: format!(
                    "{ratio:.3} × (against bare ureq reading a 3-field struct, not the goal's baseline: {min:.3} ×)"
                ),
                met: ratio <= 1.05,
            });
        }
        goals.push(Goal {
            name: "sequential calls reuse one connection".into(),
            target: "1 connection per run".into(),
            measured: format!(
                "this crate {}, bare ureq {}",
                s.crate_connections, s.ureq_connections
            ),
            met: s.crate_connections == 1,
        });
    }

    if wants("relay") {
        eprintln!("part 6: relayed request decode");
        let s = relay::run(reps, &mut tables);
        eprintln!("relayed request: {:.2} × Value's time", s.ratio);
    }

    for t in &tables {
        println!("{}", t.render());
    }
    if !goals.is_empty() {
        println!("{}", report::goals_table(&goals).render());
    }
    println!("load average at the end: {}", loadavg());
}

/// A memory goal over the ways of reading a stream that keep their peak
/// under 2 × the text (`ratios`: `final_response()`, `text_deltas()` then
/// `final_response()`, `deltas()` then `final_response()`, every event
/// through `next_event()`), followed by `others`: ways listed, not required.
fn accumulation_goal(name: String, ratios: [f64; 4], others: String) -> Goal {
    let [whole, text, pieces, lent] = ratios;
    Goal {
        name,
        target: "< 2 × accumulated text + constant".into(),
        measured: format!(
            "final_response() {whole:.2} × text; text_deltas() then final_response() {text:.2} ×; deltas() then final_response() {pieces:.2} ×; every event through next_event() {lent:.2} ×{others}"
        ),
        met: ratios.iter().all(|r| *r < 2.0),
    }
}

fn decode_goals(s: &decode::Summary, goals: &mut Vec<Goal>) {
    let whole = "whole transcript";
    let part = "delta part";
    let ratio = |a: &str, b: &str, input: &str| -> f64 {
        match (s.get(a, input), s.get(b, input)) {
            (Some(x), Some(y)) => x / y,
            _ => f64::NAN,
        }
    };
    let r = ratio("a", "b", whole);
    goals.push(Goal {
        name: "decode (a) vs floor (b), whole transcript".into(),
        target: "≥ 0.95 ×".into(),
        measured: format!(
            "{r:.2} × (delta part {:.2} ×; without accumulation (a0): {:.2} ×; against the one-pass floor (b'), not the goal's: {:.2} ×, delta part {:.2} ×)",
            ratio("a", "b", part),
            ratio("a0", "b", whole),
            ratio("a", "b'", whole),
            ratio("a", "b'", part)
        ),
        met: r >= 0.95,
    });
    let r = ratio("a", "c", whole);
    goals.push(Goal {
        name: "decode (a) vs async-openai (c), whole transcript".into(),
        target: "≥ 10 ×".into(),
        measured: format!("{r:.2} ×"),
        met: r >= 10.0,
    });
    let r = ratio("a", "c", part);
    goals.push(Goal {
        name: "decode (a) vs async-openai (c), delta part".into(),
        target: "≥ 2 ×".into(),
        measured: format!("{r:.2} ×"),
        met: r >= 2.0,
    });
    let growth = |k: &str| -> f64 {
        match (s.ns(k, 1), s.ns(k, 4)) {
            (Some(x), Some(y)) => y / x,
            _ => f64::NAN,
        }
    };
    let (a, b) = (growth("a"), growth("b"));
    goals.push(Goal {
        name: "decode cost linear in line length (ns/byte, 4 MiB ÷ 1 MiB line)".into(),
        target: "≤ 1.25 × the floor's own ratio".into(),
        measured: format!("(a) {a:.2}, floor {b:.2}, async-openai {:.2}", growth("c")),
        met: a <= 1.25 * b,
    });
}

fn arg_value(args: &[String], name: &str) -> Option<usize> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// A description of the machine and toolchain.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or("?".into(), |kib| {
            format!("{:.0} GiB", kib as f64 / 1048576.0)
        });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "Machine: {cpu}, {cores} cores, {mem} RAM, Linux {kernel}, {rustc}; load average at the start: {}\n",
        loadavg()
    )
}

//! Part 5 (`--footprint`): dependency count and clean release build time of
//! this crate, beside a bare crate depending on just ureq, serde, serde_json
//! and thiserror (with the same features this crate uses), and beside
//! async-openai with its `responses` feature. The two comparison crates are
//! generated in a temporary directory; this crate is copied there too
//! (Cargo.toml, Cargo.lock, README.md, src/), so the shared tree's lock file
//! and target directory are left alone.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::report::{median_f, Table};

const BARE_TOML: &str = r#"[package]
name = "bare-ureq-serde"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
ureq = { version = "3.5", default-features = false, features = ["rustls"] }
serde = { version = "1.0.200", features = ["derive"] }
serde_json = "1.0.100"
thiserror = "2"
"#;

const BARE_LIB: &str = "pub use serde;\npub use serde_json;\npub use thiserror;\npub use ureq;\n";

const ASYNC_TOML: &str = r#"[package]
name = "with-async-openai"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
async-openai = { version = "0.43", features = ["responses"] }
"#;

const ASYNC_LIB: &str = "pub use async_openai;\n";

struct Subject {
    name: &'static str,
    dir: PathBuf,
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let p = entry.path();
        let q = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &q);
        } else {
            fs::copy(&p, &q).expect("copy");
        }
    }
}

/// Distinct crates (name and version) in `cargo tree -e normal --prefix none`.
fn crate_count(dir: &Path) -> (usize, Vec<String>) {
    let out = Command::new("cargo")
        .args([
            "tree",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let set: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some(format!("{} {}", it.next()?, it.next()?))
        })
        .collect();
    (set.len(), set.into_iter().collect())
}

fn cargo_build(dir: &Path, target: &Path) -> f64 {
    let start = Instant::now();
    let out = Command::new("cargo")
        .args(["build", "--release", "--lib", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo build runs");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "build failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

/// Seconds of one clean `cargo build --release --lib` into a fresh target
/// dir, then of rebuilding the crate alone (its `src/lib.rs` touched, the
/// dependencies already built).
fn build_secs(dir: &Path, target: &Path) -> (f64, f64) {
    let _ = fs::remove_dir_all(target);
    let clean = cargo_build(dir, target);
    let lib = dir.join("src/lib.rs");
    let text = fs::read(&lib).expect("read lib.rs");
    fs::write(&lib, text).expect("touch lib.rs");
    let own = cargo_build(dir, target);
    let _ = fs::remove_dir_all(target);
    (clean, own)
}

pub fn run(crate_root: &Path, reps: usize) -> Vec<Table> {
    let base = std::env::temp_dir().join(format!("or-footprint-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    let this = base.join("this-crate");
    fs::create_dir_all(&this).expect("mkdir");
    for f in ["Cargo.toml", "Cargo.lock", "README.md"] {
        let p = crate_root.join(f);
        if p.exists() {
            fs::copy(&p, this.join(f)).expect("copy");
        }
    }
    copy_dir(&crate_root.join("src"), &this.join("src"));
    let bare = base.join("bare");
    write(&bare.join("Cargo.toml"), BARE_TOML);
    write(&bare.join("src/lib.rs"), BARE_LIB);
    let aoai = base.join("async-openai");
    write(&aoai.join("Cargo.toml"), ASYNC_TOML);
    write(&aoai.join("src/lib.rs"), ASYNC_LIB);

    let subjects = [
        Subject {
            name: "this crate (default features)",
            dir: this,
        },
        Subject {
            name: "bare: ureq (rustls) + serde + serde_json + thiserror",
            dir: bare,
        },
        Subject {
            name: "async-openai 0.43 (`responses` feature)",
            dir: aoai,
        },
    ];
    let counts: Vec<(usize, Vec<String>)> = subjects.iter().map(|s| crate_count(&s.dir)).collect();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); subjects.len()];
    let mut owns: Vec<Vec<f64>> = vec![Vec::new(); subjects.len()];
    for rep in 0..reps {
        // The order rotates, so that a drift of the machine's load does not
        // always land on the same subject.
        for k in 0..subjects.len() {
            let i = (rep + k) % subjects.len();
            let s = &subjects[i];
            let (t, own) = build_secs(&s.dir, &base.join("target"));
            eprintln!(
                "footprint: {} built in {t:.1} s (the crate alone {own:.1} s)",
                s.name
            );
            times[i].push(t);
            owns[i].push(own);
        }
    }
    let med: Vec<f64> = times.into_iter().map(median_f).collect();
    let own: Vec<f64> = owns.into_iter().map(median_f).collect();
    let mut table = Table::new(
        format!(
            "Footprint: distinct crates in `cargo tree -e normal` (host target, root included) and clean `cargo build --release --lib`, median of {reps}"
        ),
        &[
            "crate",
            "crates",
            "× bare",
            "clean release build s",
            "× bare",
            "root lib alone s (deps built)",
        ],
    );
    for (i, s) in subjects.iter().enumerate() {
        table.row(vec![
            s.name.to_string(),
            counts[i].0.to_string(),
            format!("{:.2}", counts[i].0 as f64 / counts[1].0 as f64),
            format!("{:.1}", med[i]),
            format!("{:.2}", med[i] / med[1]),
            format!("{:.1}", own[i]),
        ]);
    }
    let extra: Vec<&String> = counts[0]
        .1
        .iter()
        .filter(|c| !counts[1].1.contains(c) && !c.starts_with("openrouter-responses "))
        .collect();
    let mut goals = Table::new("Footprint goals", &["goal", "target", "measured", "met"]);
    let met = counts[0].0 <= counts[1].0;
    goals.row(vec![
        "crates in the tree".into(),
        format!("≤ bare's {} (its deps plus this crate)", counts[1].0),
        format!(
            "{}{}",
            counts[0].0,
            if extra.is_empty() {
                String::new()
            } else {
                format!(
                    " (not in bare: {})",
                    extra
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ),
        if met { "yes".into() } else { "**no**".into() },
    ]);
    let ratio = med[0] / med[1];
    goals.row(vec![
        "clean release build".into(),
        "≤ 1.25 × bare".into(),
        format!(
            "{ratio:.2} × (the crate's own compile {:.1} s = {:.2} × bare's whole build)",
            own[0],
            own[0] / med[1]
        ),
        if ratio <= 1.25 {
            "yes".into()
        } else {
            "**no**".into()
        },
    ]);
    let _ = fs::remove_dir_all(&base);
    vec![table, goals]
}

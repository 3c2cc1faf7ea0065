//! Medians and Markdown tables.

use std::time::Duration;

/// The median (the mean of the middle two for an even count).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let n = v.len();
    if n == 0 {
        return Duration::ZERO;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

/// The first and third quartiles (nearest rank) of `v`.
pub fn quartiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let at = |q: f64| v[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
    (at(0.25), at(0.75))
}

/// The median of plain numbers.
pub fn median_f(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// A titled Markdown table.
#[derive(Debug)]
pub struct Table {
    pub title: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(title: impl Into<String>, head: &[&str]) -> Self {
        Table {
            title: title.into(),
            head: head.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let mut s = format!("### {}\n\n", self.title);
        s.push_str(&format!("| {} |\n", self.head.join(" | ")));
        s.push_str(&format!(
            "|{}\n",
            self.head
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { " --- |" } else { " ---: |" })
                .collect::<String>()
        ));
        for r in &self.rows {
            s.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        s
    }
}

/// One goal of the issue, with the figure it was judged on.
#[derive(Debug)]
pub struct Goal {
    pub name: String,
    pub target: String,
    pub measured: String,
    pub met: bool,
}

pub fn goals_table(goals: &[Goal]) -> Table {
    let mut t = Table::new("Goals", &["goal", "target", "measured", "met"]);
    for g in goals {
        t.row(vec![
            g.name.clone(),
            g.target.clone(),
            g.measured.clone(),
            if g.met { "yes".into() } else { "**no**".into() },
        ]);
    }
    t
}

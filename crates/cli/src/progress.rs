//! Progress on stderr while a run goes: a bar on a terminal, a plain line
//! every [`LOG_EVERY`] (and at the end) in a log, nothing with `--quiet`.
//! The figures are the same in both: files done of total, MB/s of input,
//! ETA and failures so far. Never on stdout, which may carry the records.
#![forbid(unsafe_code)]

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use indicatif::{HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a log line is printed when stderr is not a terminal.
pub const LOG_EVERY: Duration = Duration::from_secs(10);

/// Where progress goes.
#[derive(Debug)]
enum Display {
    Bar(ProgressBar),
    Log { last: Instant },
    Off,
}

/// Progress of one run over `total` files.
#[derive(Debug)]
pub struct Progress {
    display: Display,
    total: usize,
    started: Instant,
}

/// The figures shown at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Files done (extracted or skipped).
    pub done: usize,
    /// Bytes of input read so far.
    pub bytes: u64,
    /// Files failed so far.
    pub failed: usize,
}

impl Progress {
    /// A bar when stderr is a terminal, log lines when it is not, nothing
    /// when `quiet`.
    pub fn new(total: usize, quiet: bool) -> Progress {
        let display = if quiet {
            Display::Off
        } else if io::stderr().is_terminal() {
            Display::Bar(bar(total))
        } else {
            Display::Log { last: Instant::now() }
        };
        Progress { display, total, started: Instant::now() }
    }

    /// Shows the figures after a file is done.
    pub fn update(&mut self, figures: Figures) {
        let line = self.line(figures);
        match &mut self.display {
            Display::Bar(bar) => {
                bar.set_position(figures.done as u64);
                bar.set_message(line.rates);
            }
            Display::Log { last } if last.elapsed() >= LOG_EVERY => {
                *last = Instant::now();
                eprintln!("budget-extract: {}", line.full());
            }
            Display::Log { .. } | Display::Off => {}
        }
    }

    /// Clears the bar, or prints the last log line.
    pub fn finish(self, figures: Figures) {
        match &self.display {
            Display::Bar(bar) => bar.finish_and_clear(),
            Display::Log { .. } => eprintln!("budget-extract: {}", self.line(figures).full()),
            Display::Off => {}
        }
    }

    fn line(&self, figures: Figures) -> Line {
        let elapsed = self.started.elapsed();
        let rate = figures.bytes as f64 / 1e6 / elapsed.as_secs_f64().max(1e-9);
        let failed = if figures.failed == 0 { String::new() } else { format!(", {} failed", figures.failed) };
        let left = self.total.saturating_sub(figures.done);
        let eta = (figures.done > 0).then(|| elapsed.mul_f64(left as f64 / figures.done as f64));
        Line { done: figures.done, total: self.total, rates: format!("{rate:.1} MB/s{failed}"), eta }
    }
}

/// One progress line's parts.
struct Line {
    done: usize,
    total: usize,
    rates: String,
    eta: Option<Duration>,
}

impl Line {
    /// `120/5000 files, 12.5 MB/s, 2 failed, ETA 3 minutes`.
    fn full(&self) -> String {
        let eta = self.eta.map_or_else(|| "unknown".to_string(), |d| HumanDuration(d).to_string());
        format!("{}/{} files, {}, ETA {eta}", self.done, self.total, self.rates)
    }
}

/// The terminal bar: `[####----] 120/5000 files 12.5 MB/s, 2 failed ETA 3m`.
fn bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    // The template is a constant; should it ever be rejected, the default style still works.
    if let Ok(style) = ProgressStyle::with_template("[{bar:30}] {pos}/{len} files  {msg}  ETA {eta}") {
        bar.set_style(style.progress_chars("#>-"));
    }
    // Redraw on a timer too, so ETA and elapsed time move while a slow file runs.
    bar.enable_steady_tick(Duration::from_millis(500));
    bar
}

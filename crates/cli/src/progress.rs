//! Progress on stderr while a run goes: a bar on a terminal, a plain line
//! every [`LOG_EVERY`] (or `--log-interval`, and at the end) in a log,
//! nothing with `--quiet`. The figures are the same in both: files done of
//! total, MB/s of input, ETA and failures so far. Never on stdout, which may
//! carry the records.
//!
//! Log lines come from a timer thread, not from files finishing: a file that
//! takes minutes must not silence the log of a nightly job (it then shows
//! the same count with a falling rate, which says where the time goes).
#![forbid(unsafe_code)]

use std::io::{self, IsTerminal};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a log line is printed when stderr is not a terminal, unless
/// `--log-interval` says otherwise.
pub const LOG_EVERY: Duration = Duration::from_secs(10);

/// Where progress goes.
#[derive(Debug)]
enum Display {
    Bar(ProgressBar),
    Log(Ticker),
    Off,
}

/// The thread that prints a log line every interval, from the figures the
/// run last reported.
#[derive(Debug)]
struct Ticker {
    figures: Arc<Mutex<Figures>>,
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Ticker {
    fn start(clock: Clock, every: Duration) -> Ticker {
        let figures = Arc::new(Mutex::new(Figures::default()));
        let (stop, stopped) = mpsc::channel::<()>();
        let shared = Arc::clone(&figures);
        let thread = std::thread::spawn(move || {
            // Any message or a dropped sender ends the thread.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let now = *shared.lock().unwrap_or_else(PoisonError::into_inner);
                eprintln!("budget-extract: {}", clock.line(now).full());
            }
        });
        Ticker { figures, stop, thread }
    }

    fn set(&self, figures: Figures) {
        *self.figures.lock().unwrap_or_else(PoisonError::into_inner) = figures;
    }

    fn stop(self) {
        // The thread only reads a mutex and writes stderr; if it is gone
        // already there is nothing left to stop.
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// What a progress line is computed from besides the figures.
#[derive(Debug, Clone, Copy)]
struct Clock {
    total: usize,
    started: Instant,
}

/// Progress of one run over `total` files.
#[derive(Debug)]
pub struct Progress {
    display: Display,
    clock: Clock,
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
    /// A bar when stderr is a terminal, a log line every `log_every` when it
    /// is not, nothing when `quiet`.
    pub fn new(total: usize, quiet: bool, log_every: Duration) -> Progress {
        let clock = Clock { total, started: Instant::now() };
        let display = if quiet {
            Display::Off
        } else if io::stderr().is_terminal() {
            Display::Bar(bar(total))
        } else {
            Display::Log(Ticker::start(clock, log_every))
        };
        Progress { display, clock }
    }

    /// Shows the figures after a file is done.
    pub fn update(&mut self, figures: Figures) {
        match &mut self.display {
            Display::Bar(bar) => {
                bar.set_position(figures.done as u64);
                bar.set_message(self.clock.line(figures).rates);
            }
            Display::Log(ticker) => ticker.set(figures),
            Display::Off => {}
        }
    }

    /// Clears the bar, or stops the log lines and prints the last one.
    pub fn finish(self, figures: Figures) {
        match self.display {
            Display::Bar(bar) => bar.finish_and_clear(),
            Display::Log(ticker) => {
                ticker.stop();
                eprintln!("budget-extract: {}", self.clock.line(figures).full());
            }
            Display::Off => {}
        }
    }
}

impl Clock {
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

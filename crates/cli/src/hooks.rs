//! Test hooks: environment variables that make the binary misbehave on
//! purpose, so the integration tests can check isolation, time limits and
//! resuming on the real binary. They are not part of the user interface
//! (not in `--help`, not in the README's options) and cost nothing when
//! unset: the binary then uses [`budget_records::extract_file`] directly.
//!
//! - `BUDGET_EXTRACT_TEST_PANIC_MARKER=<text>`: the extractor panics on any
//!   file whose bytes contain `<text>`.
//! - `BUDGET_EXTRACT_TEST_SLOW_MARKER=<text>`: the extractor sleeps
//!   [`SLOW_SLEEP`] before extracting any file whose bytes contain `<text>`.
//! - `BUDGET_EXTRACT_TEST_ABORT_AFTER=<n>`: the process exits at once, with
//!   status [`ABORT_STATUS`] and no clean-up, after the `n`-th file's output
//!   is written (as `kill -9` would stop it).
#![forbid(unsafe_code)]

use std::sync::OnceLock;
use std::time::Duration;

use budget_records::Record;

use crate::run::Extractor;

/// How long the slow hook sleeps: far beyond any time limit a test sets.
pub const SLOW_SLEEP: Duration = Duration::from_secs(20);
/// Exit status of a run stopped by the abort hook.
pub const ABORT_STATUS: i32 = 86;

#[derive(Debug, Default)]
struct Hooks {
    panic_marker: Option<Vec<u8>>,
    slow_marker: Option<Vec<u8>>,
}

fn hooks() -> &'static Hooks {
    static HOOKS: OnceLock<Hooks> = OnceLock::new();
    HOOKS.get_or_init(|| Hooks {
        panic_marker: marker("BUDGET_EXTRACT_TEST_PANIC_MARKER"),
        slow_marker: marker("BUDGET_EXTRACT_TEST_SLOW_MARKER"),
    })
}

fn marker(name: &str) -> Option<Vec<u8>> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(|v| v.to_string_lossy().into_owned().into_bytes())
}

/// The extractor to use: the real one, or the hooked one when a hook is set.
pub fn extractor() -> Extractor {
    let hooks = hooks();
    if hooks.panic_marker.is_none() && hooks.slow_marker.is_none() {
        budget_records::extract_file
    } else {
        hooked
    }
}

/// After how many written files the abort hook stops the process, if set.
pub fn abort_after() -> Option<usize> {
    std::env::var("BUDGET_EXTRACT_TEST_ABORT_AFTER").ok()?.parse().ok()
}

fn contains(bytes: &[u8], marker: &Option<Vec<u8>>) -> bool {
    marker.as_deref().is_some_and(|m| !m.is_empty() && bytes.windows(m.len()).any(|w| w == m))
}

fn hooked(source: &str, bytes: &[u8]) -> Vec<Record> {
    let hooks = hooks();
    if contains(bytes, &hooks.panic_marker) {
        panic!("test hook: BUDGET_EXTRACT_TEST_PANIC_MARKER found in {source}");
    }
    if contains(bytes, &hooks.slow_marker) {
        std::thread::sleep(SLOW_SLEEP);
    }
    budget_records::extract_file(source, bytes)
}

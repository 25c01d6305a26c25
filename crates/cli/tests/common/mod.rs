//! Helpers shared by the binary's integration tests: running the built
//! binary in a folder, reading what it wrote, making inputs.
#![allow(dead_code)] // each test file uses its own subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the built binary in `dir` with `args` and extra environment.
pub fn bin_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budget-extract"))
        .args(args)
        .envs(env.iter().copied())
        .env_remove("RUST_BACKTRACE")
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Runs the built binary in `dir` with `args`.
pub fn bin(dir: &Path, args: &[&str]) -> Output {
    bin_env(dir, args, &[])
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Status, stdout and stderr, for assertion messages.
pub fn describe(output: &Output) -> String {
    format!("status {:?}\nstdout:\n{}\nstderr:\n{}", output.status.code(), text(&output.stdout), text(&output.stderr))
}

/// A file or folder of the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// Copies repository files into `dir` (created), keeping their names.
pub fn copy_into(dir: &Path, files: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    for file in files {
        let from = repo(file);
        std::fs::copy(&from, dir.join(from.file_name().unwrap())).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

/// Deterministic bytes that are neither text nor a PDF (NULs, invalid UTF-8).
pub fn junk(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x2545_f491;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The record files of an output folder: `.jsonl` outside `.budget-extract/`.
pub fn record_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir).into_iter().filter(|(name, _)| name.ends_with(".jsonl") && !name.starts_with(".budget-extract/")).collect()
}

/// Each line parsed as a JSON object with a string `kind`.
pub fn records(jsonl: &[u8]) -> Vec<Value> {
    text(jsonl)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            assert!(value.get("kind").and_then(Value::as_str).is_some(), "no kind: {line}");
            value
        })
        .collect()
}

/// `DIR/summary.json`, parsed.
pub fn summary(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

//! Compares freshly extracted records with a golden `.jsonl` file and says,
//! readably, what changed: which record, which field, old → new.
//!
//! The `source` field is ignored everywhere: it is the path as typed, so it
//! differs between `corpus/a.txt` and `./corpus/a.txt` without the
//! extraction having changed. Every other field counts.
//!
//! Old and new records are aligned with a sequence diff over each record's
//! canonical JSON (keys sorted, `source` removed), so one inserted record
//! shows as one insertion rather than shifting every later record.
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use budget_records::Record;
use serde_json::{Map, Value};
use similar::{Algorithm, DiffTag};
use thiserror::Error;

/// The field every comparison ignores.
pub const IGNORED_FIELD: &str = "source";

/// One field that differs between two aligned records.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Where in the record: `value`, `amounts[0].yuan`, `values.合计`.
    pub path: String,
    /// The golden value; `None` when the field was absent.
    pub old: Option<Value>,
    /// The new value; `None` when the field is absent now.
    pub new: Option<Value>,
}

/// One record-level difference. Indices are 0-based positions in the old
/// (golden) or new record list; [`render`] shows them 1-based, which is the
/// line number in the `.jsonl` file.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// A golden record matched to a new one whose fields differ.
    Changed {
        /// Position in the golden list.
        old_index: usize,
        /// Position in the new list.
        new_index: usize,
        /// The golden record.
        old: Value,
        /// The fields that differ, in the golden record's field order.
        fields: Vec<FieldChange>,
    },
    /// A golden record with no counterpart any more.
    Removed {
        /// Position in the golden list.
        index: usize,
        /// The golden record.
        record: Value,
    },
    /// A new record with no golden counterpart.
    Added {
        /// Position in the new list.
        index: usize,
        /// The new record.
        record: Value,
    },
}

/// What checking one input against its golden file found.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every record matches.
    Same,
    /// There is no golden file.
    Missing,
    /// The golden file has a line that is not a JSON object.
    Invalid {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// Records differ.
    Differs(Vec<Difference>),
}

/// Why a check could not be made at all.
#[derive(Debug, Error)]
pub enum GoldenError {
    /// The golden file exists but cannot be read.
    #[error("cannot read golden file {}: {source}", path.display())]
    Read {
        /// The golden file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A new record could not be turned into JSON (a bug in the record types).
    #[error("cannot serialize a record: {0}")]
    Serialize(#[from] serde_json::Error),
}

/// Checks `records` against the golden file at `path`.
pub fn check(path: &Path, records: &[Record]) -> Result<Verdict, GoldenError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Verdict::Missing),
        Err(source) => return Err(GoldenError::Read { path: path.to_path_buf(), source }),
    };
    let old = match parse_jsonl(&text) {
        Ok(old) => old,
        Err((line, message)) => return Ok(Verdict::Invalid { line, message }),
    };
    let diffs = compare(&old, &record_values(records)?);
    Ok(if diffs.is_empty() { Verdict::Same } else { Verdict::Differs(diffs) })
}

/// The records as they read back from a `.jsonl` file: serialized and parsed
/// again, so numbers compare exactly as a golden file would hold them.
pub fn record_values(records: &[Record]) -> Result<Vec<Value>, GoldenError> {
    records.iter().map(|r| Ok(serde_json::from_str(&serde_json::to_string(r)?)?)).collect()
}

/// Parses JSON Lines into values, skipping blank lines. On failure gives the
/// 1-based line number and the reason.
pub fn parse_jsonl(text: &str) -> Result<Vec<Value>, (usize, String)> {
    let lines = text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty());
    lines
        .map(|(i, line)| match serde_json::from_str::<Value>(line) {
            Ok(value @ Value::Object(_)) => Ok(value),
            Ok(_) => Err((i + 1, "not a JSON object".to_string())),
            Err(err) => Err((i + 1, err.to_string())),
        })
        .collect()
}

/// Compares golden records (`old`) with new ones. Empty when they match.
/// Pure: no I/O, deterministic.
pub fn compare(old: &[Value], new: &[Value]) -> Vec<Difference> {
    let old_keys: Vec<String> = old.iter().map(canonical).collect();
    let new_keys: Vec<String> = new.iter().map(canonical).collect();
    let mut diffs = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {}
            DiffTag::Delete => diffs.extend(old_range.map(|i| removed(old, i))),
            DiffTag::Insert => diffs.extend(new_range.map(|i| added(new, i))),
            DiffTag::Replace => diffs.extend(pair_hunk(old, new, old_range, new_range)),
        }
    }
    diffs
}

fn removed(old: &[Value], index: usize) -> Difference {
    Difference::Removed { index, record: without_source(&old[index]) }
}

fn added(new: &[Value], index: usize) -> Difference {
    Difference::Added { index, record: without_source(&new[index]) }
}

/// The record as compared: `source` removed, keys sorted, compact.
pub fn canonical(record: &Value) -> String {
    sorted(&without_source(record)).to_string()
}

/// The record without its top-level `source` field (other fields keep their
/// order, which reads better than sorted).
fn without_source(record: &Value) -> Value {
    match record {
        Value::Object(map) => {
            Value::Object(map.iter().filter(|(k, _)| *k != IGNORED_FIELD).map(|(k, v)| (k.clone(), v.clone())).collect())
        }
        other => other.clone(),
    }
}

/// A copy with every object's keys in sorted order, so key order never
/// counts as a difference (serde_json here preserves insertion order).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Hunks larger than this (old × new records) are paired by position
/// instead of by best match, to bound time and memory.
const MAX_PAIRING_CELLS: usize = 1 << 22;

/// Turns a replaced hunk into changed pairs plus removals and insertions.
/// Records pair only with a record of the same kind sharing at least one
/// field besides `kind`; among those, the pairing keeping the most fields
/// equal wins (so a changed record is not reported against its neighbour).
fn pair_hunk(
    old: &[Value],
    new: &[Value],
    old_range: std::ops::Range<usize>,
    new_range: std::ops::Range<usize>,
) -> Vec<Difference> {
    let pairs = if old_range.len() * new_range.len() <= MAX_PAIRING_CELLS {
        best_pairs(old, new, old_range.clone(), new_range.clone())
    } else {
        positional_pairs(old, new, old_range.clone(), new_range.clone())
    };
    let mut diffs = Vec::new();
    let (mut i, mut j) = (old_range.start, new_range.start);
    for (pi, pj) in pairs.into_iter().chain([(old_range.end, new_range.end)]) {
        diffs.extend((i..pi).map(|k| removed(old, k)));
        diffs.extend((j..pj).map(|k| added(new, k)));
        if pi < old_range.end {
            diffs.push(changed(old, new, pi, pj));
        }
        (i, j) = (pi + 1, pj + 1);
    }
    diffs
}

/// How many fields two records share (0 unless they are of the same kind).
fn similarity(old: &Value, new: &Value) -> usize {
    let (Some(a), Some(b)) = (old.as_object(), new.as_object()) else { return 0 };
    if a.get("kind") != b.get("kind") {
        return 0;
    }
    a.iter().filter(|(k, v)| *k != IGNORED_FIELD && *k != "kind" && b.get(*k) == Some(*v)).count()
}

/// Order-preserving pairing maximizing the total similarity (an LCS-style
/// dynamic programme over the hunk). Returns absolute index pairs.
fn best_pairs(
    old: &[Value],
    new: &[Value],
    old_range: std::ops::Range<usize>,
    new_range: std::ops::Range<usize>,
) -> Vec<(usize, usize)> {
    let (n, m) = (old_range.len(), new_range.len());
    let sim = |i: usize, j: usize| similarity(&old[old_range.start + i], &new[new_range.start + j]);
    // score[i][j]: best total for old[i..] and new[j..].
    let mut score = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = sim(i, j);
            let take = if s > 0 { s + score[i + 1][j + 1] } else { 0 };
            score[i][j] = take.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = sim(i, j);
        if s > 0 && score[i][j] == s + score[i + 1][j + 1] {
            pairs.push((old_range.start + i, new_range.start + j));
            (i, j) = (i + 1, j + 1);
        } else if score[i][j] == score[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// Pairs records position by position where the kinds agree; the fallback
/// for very large hunks.
fn positional_pairs(
    old: &[Value],
    new: &[Value],
    old_range: std::ops::Range<usize>,
    new_range: std::ops::Range<usize>,
) -> Vec<(usize, usize)> {
    old_range.zip(new_range).filter(|&(i, j)| old[i].get("kind") == new[j].get("kind")).collect()
}

fn changed(old: &[Value], new: &[Value], old_index: usize, new_index: usize) -> Difference {
    let (a, b) = (without_source(&old[old_index]), without_source(&new[new_index]));
    let mut fields = Vec::new();
    field_changes(String::new(), &a, &b, &mut fields);
    Difference::Changed { old_index, new_index, old: a, fields }
}

/// Collects leaf-level changes between two values. Objects are compared key
/// by key and equal-length arrays item by item; anything else that differs
/// (including arrays that grew or shrank) is reported whole.
fn field_changes(path: String, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, old_value) in a {
                let sub = join_key(&path, key);
                match b.get(key) {
                    Some(new_value) => field_changes(sub, old_value, new_value, out),
                    None => out.push(FieldChange { path: sub, old: Some(old_value.clone()), new: None }),
                }
            }
            for (key, new_value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(FieldChange { path: join_key(&path, key), old: None, new: Some(new_value.clone()) });
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                field_changes(format!("{path}[{i}]"), x, y, out);
            }
        }
        _ if old != new => out.push(FieldChange { path, old: Some(old.clone()), new: Some(new.clone()) }),
        _ => {}
    }
}

fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Renders a check's verdict for the golden file `name`, or `None` when it
/// matches.
pub fn render_verdict(name: &str, verdict: &Verdict) -> Option<String> {
    match verdict {
        Verdict::Same => None,
        Verdict::Missing => Some(format!("{name}: no golden file; run with --bless\n")),
        Verdict::Invalid { line, message } => {
            Some(format!("{name}: line {line} is not a valid record ({message}); run with --bless to rewrite it\n"))
        }
        Verdict::Differs(diffs) => Some(render(name, diffs)),
    }
}

/// Renders differences as readable text, one line per record:
///
/// ```text
/// golden/a.txt.jsonl: 2 records differ
///   record 14 (indicator, line 23, name "会议出勤率"): value: "90" → "95"; unit: null → "%"
///   - record 40 (diagnostic, line 7, code "x"): removed {…}
///   + record 41 (indicator, line 50, name "y"): added {…}
/// ```
///
/// Record numbers are 1-based lines of the golden file, or of the new
/// output for added records.
pub fn render(name: &str, diffs: &[Difference]) -> String {
    let noun = if diffs.len() == 1 { "record differs" } else { "records differ" };
    let mut text = format!("{name}: {} {noun}\n", diffs.len());
    for diff in diffs {
        // Writing to a String cannot fail.
        let _ = writeln!(text, "  {}", render_difference(diff));
    }
    text
}

/// One difference as one line (without indentation).
pub fn render_difference(diff: &Difference) -> String {
    match diff {
        Difference::Changed { old_index, old, fields, .. } => {
            let changes: Vec<String> = fields.iter().map(render_field).collect();
            format!("record {} ({}): {}", old_index + 1, label(old), changes.join("; "))
        }
        Difference::Removed { index, record } => format!("- record {} ({}): removed {record}", index + 1, label(record)),
        Difference::Added { index, record } => format!("+ record {} ({}): added {record}", index + 1, label(record)),
    }
}

fn render_field(change: &FieldChange) -> String {
    let show = |v: &Option<Value>| v.as_ref().map_or_else(|| "(absent)".to_string(), Value::to_string);
    format!("{}: {} → {}", change.path, show(&change.old), show(&change.new))
}

/// What identifies a record to a reader: kind, line, and its name or code.
fn label(record: &Value) -> String {
    let kind = record.get("kind").and_then(Value::as_str).unwrap_or("?");
    let mut parts = vec![kind.to_string()];
    if let Some(line) = record.get("line").and_then(Value::as_u64) {
        parts.push(format!("line {line}"));
    }
    for key in ["name", "code"] {
        if let Some(value) = record.get(key).and_then(Value::as_str) {
            parts.push(format!("{key} {}", Value::from(value)));
        }
    }
    parts.join(", ")
}

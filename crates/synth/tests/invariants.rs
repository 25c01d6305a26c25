//! Records that cannot be right, over everything the suite extracts: the
//! corpus text dumps and PDFs, each seed with every table's header shifted
//! one cell right and left, and a synthetic sample in every form. No
//! indicator may hold an operator as its value or a number as its unit:
//! that is what a column mapped one cell over gives.
use std::path::{Path, PathBuf};

use budget_synth::{generate, plan, Damage, Form, Layout};
use serde_json::Value;

#[path = "../../records/tests/common/mod.rs"]
mod common;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn records(name: &str, bytes: &[u8]) -> Vec<Value> {
    budget_records::extract_file(name, bytes).iter().map(|r| serde_json::to_value(r).unwrap()).collect()
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == ext)).collect();
    out.sort();
    out
}

fn assert_possible(what: &str, records: &[Value]) {
    let bad = common::impossible_indicators(records);
    assert!(bad.is_empty(), "{what}: {} impossible indicators, first: {}", bad.len(), bad[0]);
}

#[test]
fn no_indicator_holds_an_operator_as_value_or_a_number_as_unit() {
    let mut indicators = 0;
    let mut count = |recs: &[Value]| indicators += recs.iter().filter(|r| r["kind"] == "indicator").count();
    for path in files(&corpus(), "txt").into_iter().chain(files(&corpus().join("pdf"), "pdf")) {
        let name = path.to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let recs = records(&name, &bytes);
        assert_possible(&name, &recs);
        count(&recs);
        if let Ok(text) = String::from_utf8(bytes) {
            for table in common::tables(&text, &recs) {
                for (way, shifted) in [("right", common::shift_right(&text, &table)), ("left", common::shift_left(&text, &table))] {
                    let recs = records(&name, shifted.as_bytes());
                    assert_possible(&format!("{name}, \"{}\" shifted {way}", table.title), &recs);
                    count(&recs);
                }
            }
        }
    }
    let per_seed = Layout::ALL.len() * Damage::FAMILIES.len();
    for p in (1..=2).flat_map(|seed| plan(seed, per_seed, &Form::ALL)) {
        let doc = generate(p.seed, &p.spec);
        let recs = records(&doc.name, &doc.bytes);
        assert_possible(&doc.name, &recs);
        count(&recs);
    }
    assert!(indicators > 10_000, "the suite extracts indicators ({indicators})");
}

#[test]
fn the_check_itself_sees_a_shifted_record() {
    let shifted = serde_json::json!([{"kind": "indicator", "op": "qualitative", "value": "<", "unit": "0"}]);
    assert_eq!(common::impossible_indicators(shifted.as_array().unwrap()).len(), 2);
    let right = serde_json::json!([{"kind": "indicator", "op": "<", "value": "0", "unit": "次"}]);
    assert!(common::impossible_indicators(right.as_array().unwrap()).is_empty());
}

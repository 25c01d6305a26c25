//! Unit tests of the golden comparison on hand-made records: what counts as
//! a difference, how records are aligned, and how the report reads.
#![forbid(unsafe_code)]

use budget_extract::golden::{self, Difference, FieldChange};
use serde_json::{json, Value};

fn indicator(source: &str, line: u32, name: &str, value: &str, unit: Value) -> Value {
    json!({"kind": "indicator", "source": source, "line": line, "project": "p", "name": name,
           "value": value, "unit": unit, "raw": [name, value]})
}

fn diagnostic(line: u32, code: &str) -> Value {
    json!({"kind": "diagnostic", "source": "a.txt", "line": line, "lines": [line],
           "severity": "warning", "code": code, "message": "m"})
}

fn document(lines: u32) -> Value {
    json!({"kind": "document", "source": "a.txt", "line": null, "encoding": "utf-8", "lines": lines, "tables": []})
}

fn records() -> Vec<Value> {
    vec![
        document(60),
        indicator("a.txt", 23, "会议出勤率", "90", Value::Null),
        diagnostic(7, "odd-cell"),
        indicator("a.txt", 30, "满意度", "95", json!("%")),
    ]
}

#[test]
fn identical_records_match() {
    assert!(golden::compare(&records(), &records()).is_empty());
}

#[test]
fn source_and_key_order_are_ignored() {
    let mut new = records();
    for record in &mut new {
        record["source"] = json!("./elsewhere/a.txt");
    }
    // Same fields, other key order.
    new[0] = serde_json::from_str(
        r#"{"tables":[],"lines":60,"encoding":"utf-8","line":null,"source":"x","kind":"document"}"#,
    )
    .unwrap();
    assert!(golden::compare(&records(), &new).is_empty());
}

#[test]
fn a_changed_field_is_reported_old_to_new() {
    let mut new = records();
    new[1]["value"] = json!("95");
    new[1]["unit"] = json!("%");
    new[1]["raw"][1] = json!("95");
    let diffs = golden::compare(&records(), &new);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    let Difference::Changed { old_index, new_index, fields, .. } = &diffs[0] else { panic!("{diffs:?}") };
    assert_eq!((*old_index, *new_index), (1, 1));
    assert_eq!(
        fields,
        &vec![
            FieldChange { path: "value".into(), old: Some(json!("90")), new: Some(json!("95")) },
            FieldChange { path: "unit".into(), old: Some(Value::Null), new: Some(json!("%")) },
            FieldChange { path: "raw[1]".into(), old: Some(json!("90")), new: Some(json!("95")) },
        ]
    );
    let text = golden::render("golden/a.txt.jsonl", &diffs);
    assert_eq!(
        text,
        "golden/a.txt.jsonl: 1 record differs\n  record 2 (indicator, line 23, name \"会议出勤率\"): \
         value: \"90\" → \"95\"; unit: null → \"%\"; raw[1]: \"90\" → \"95\"\n"
    );
}

#[test]
fn an_added_or_dropped_field_is_reported() {
    let mut new = records();
    new[0].as_object_mut().unwrap().remove("encoding");
    new[0]["pages"] = json!(3);
    let diffs = golden::compare(&records(), &new);
    let Difference::Changed { fields, .. } = &diffs[0] else { panic!("{diffs:?}") };
    let text: Vec<String> = diffs.iter().map(golden::render_difference).collect();
    assert_eq!(fields.len(), 2);
    assert_eq!(text, vec!["record 1 (document): encoding: \"utf-8\" → (absent); pages: (absent) → 3"]);
}

#[test]
fn an_inserted_record_does_not_shift_the_others() {
    let mut new = records();
    new.insert(2, indicator("a.txt", 25, "新指标", "1", Value::Null));
    let diffs = golden::compare(&records(), &new);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(matches!(&diffs[0], Difference::Added { index: 2, .. }), "{diffs:?}");
    let line = golden::render_difference(&diffs[0]);
    assert!(line.starts_with("+ record 3 (indicator, line 25, name \"新指标\"): added {\"kind\":\"indicator\""), "{line}");
    assert!(!line.contains("source"), "source is not part of the comparison: {line}");
}

#[test]
fn a_removed_record_is_reported_whole() {
    let mut new = records();
    new.remove(2);
    let diffs = golden::compare(&records(), &new);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(matches!(&diffs[0], Difference::Removed { index: 2, .. }), "{diffs:?}");
    let line = golden::render_difference(&diffs[0]);
    assert!(line.starts_with("- record 3 (diagnostic, line 7, code \"odd-cell\"): removed {"), "{line}");
    assert!(line.contains("\"severity\":\"warning\""), "{line}");
}

#[test]
fn a_changed_record_pairs_with_its_closest_match() {
    // One indicator dropped and the next one changed, in the same hunk: the
    // change must be reported against the record it came from.
    let old = vec![document(60), indicator("a.txt", 23, "会议出勤率", "90", Value::Null), indicator("a.txt", 30, "满意度", "95", json!("%"))];
    let new = vec![document(60), indicator("a.txt", 30, "满意度", "96", json!("%"))];
    let diffs = golden::compare(&old, &new);
    let text: Vec<String> = diffs.iter().map(golden::render_difference).collect();
    assert_eq!(diffs.len(), 2, "{text:?}");
    assert!(text[0].starts_with("- record 2 (indicator, line 23"), "{text:?}");
    assert!(text[1].starts_with("record 3 (indicator, line 30, name \"满意度\"): value: \"95\" → \"96\""), "{text:?}");
}

#[test]
fn records_of_another_kind_are_never_paired() {
    let old = vec![document(1), diagnostic(3, "x")];
    let new = vec![document(1), indicator("a.txt", 3, "n", "1", Value::Null)];
    let diffs = golden::compare(&old, &new);
    assert!(matches!(diffs[..], [Difference::Removed { index: 1, .. }, Difference::Added { index: 1, .. }]), "{diffs:?}");
}

#[test]
fn jsonl_parsing_reports_the_bad_line() {
    assert_eq!(golden::parse_jsonl("{\"kind\":\"document\"}\n\n{\"a\":1}\n").unwrap().len(), 2);
    assert_eq!(golden::parse_jsonl("{}\n{oops\n").unwrap_err().0, 2);
    assert_eq!(golden::parse_jsonl("{}\n[1]\n").unwrap_err().0, 2);
}

#[test]
fn verdicts_render_for_people() {
    use golden::Verdict;
    assert_eq!(golden::render_verdict("g/a.jsonl", &Verdict::Same), None);
    let missing = golden::render_verdict("g/a.jsonl", &Verdict::Missing).unwrap();
    assert_eq!(missing, "g/a.jsonl: no golden file; run with --bless\n");
}

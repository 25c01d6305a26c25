//! Invariants over the bundled corpus: every non-blank row is accounted
//! for, each seed yields the indicator and project counts read off its
//! source by hand, and the cross-checks the field guide predicts fire.
use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn extract(name: &str) -> (String, Vec<Value>) {
    let path = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap_or_else(|| panic!("no corpus file {name}*"));
    let bytes = std::fs::read(&path).unwrap();
    let records = budget_records::extract_file(&path.to_string_lossy(), &bytes);
    let values = records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    (String::from_utf8(bytes).unwrap(), values)
}

fn kind<'a>(records: &'a [Value], k: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["kind"] == k).collect()
}

fn codes(records: &[Value]) -> Vec<String> {
    kind(records, "diagnostic").iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_non_blank_row_is_in_a_record_or_a_diagnostic() {
    for seed in ["000", "001", "002", "003", "004"] {
        let (text, records) = extract(seed);
        let mut covered: BTreeSet<u64> = BTreeSet::new();
        for r in &records {
            if let Some(l) = r["line"].as_u64() {
                covered.insert(l);
            }
            for key in ["lines"] {
                if let Some(ls) = r[key].as_array() {
                    covered.extend(ls.iter().filter_map(Value::as_u64));
                }
            }
        }
        let missing: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(i, l)| !l.trim().is_empty() && !covered.contains(&(*i as u64 + 1)))
            .map(|(i, _)| i + 1)
            .collect();
        assert!(missing.is_empty(), "{seed}: rows used by no record and named by no diagnostic: {missing:?}");
        assert!(!codes(&records).contains(&"row-not-accounted".to_string()), "{seed}: the safety net fired");
    }
}

#[test]
fn indicator_and_project_counts_match_the_sources() {
    // Counted by hand from the dumps: one indicator per block a row fills.
    for (seed, indicators, projects) in [("000", 40, 8), ("001", 155, 11), ("002", 121, 23), ("003", 54, 9), ("004", 124, 14)] {
        let (_, records) = extract(seed);
        assert_eq!(kind(&records, "indicator").len(), indicators, "{seed} indicators");
        assert_eq!(kind(&records, "project").len(), projects, "{seed} projects");
    }
}

#[test]
fn seed_001_reports_the_projects_and_money_it_could_not_find() {
    let (_, records) = extract("001");
    let diags = kind(&records, "diagnostic");
    let find = |code: &str| diags.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code}"));
    let count = find("prose-count-mismatch")["message"].as_str().unwrap();
    assert!(count.contains("22") && count.contains("11"), "{count}");
    let total = find("prose-total-mismatch")["message"].as_str().unwrap();
    assert!(total.contains("1709.5") && total.contains("1119.5"), "{total}");
    // The 41 rows whose project rows were lost keep no project.
    let orphans = kind(&records, "indicator").iter().filter(|i| i["project"].is_null()).count();
    assert_eq!(orphans, 41);
    assert_eq!(find("unattributed-rows")["lines"].as_array().unwrap().len(), 41);
}

#[test]
fn seed_002_checks_hold_except_the_documents_own_rounding() {
    let (_, records) = extract("002");
    let diags = kind(&records, "diagnostic");
    let checks: Vec<&&Value> = diags
        .iter()
        .filter(|d| ["total-row", "parent-sum", "side-total", "income-expenditure", "funding-sum", "prose-count", "prose-total"]
            .iter()
            .any(|c| d["code"].as_str().unwrap().starts_with(c)))
        .collect();
    assert!(checks.iter().any(|d| d["code"] == "parent-sum-holds"));
    assert!(checks.iter().any(|d| d["code"] == "income-expenditure-holds"));
    assert!(checks.iter().any(|d| d["code"] == "prose-count-holds"));
    assert!(checks.iter().any(|d| d["code"] == "prose-total-holds"));
    for d in &checks {
        let code = d["code"].as_str().unwrap();
        assert!(!code.ends_with("-mismatch"), "a real disagreement was reported: {d}");
        if code.ends_with("-rounding") {
            let msg = d["message"].as_str().unwrap();
            assert!(msg.contains("difference 0.01") || msg.contains("difference -0.01"), "{msg}");
        }
    }
    // 21011 prints 185.14 while its children make 185.15: reported, not changed.
    let medical = checks.iter().find(|d| d["message"].as_str().unwrap().contains("21011")).expect("21011 rounding");
    assert_eq!(medical["code"], "parent-sum-rounding");
    let item = kind(&records, "line_item").into_iter().find(|i| i["code"] == "21011").unwrap();
    assert_eq!(item["values"]["总计"], "185.14");
}

#[test]
fn seed_004_funding_checks() {
    let (_, records) = extract("004");
    let codes = codes(&records);
    assert!(codes.contains(&"funding-sum-holds".to_string()));
    assert!(codes.contains(&"form-totals-mismatch".to_string()), "项目资金总额 1,620,000 against 年度资金申请总额 1,620,460");
    let project = kind(&records, "project").into_iter().find(|p| p["amounts"].as_array().unwrap().iter().any(|a| a["value"] == "17843800.00")).unwrap();
    let yuan: Vec<&str> = project["amounts"].as_array().unwrap().iter().map(|a| a["yuan"].as_str().unwrap()).collect();
    assert_eq!(yuan, ["17843800", "14843800", "0", "3000000"]);
}

#[test]
fn bad_inputs_give_one_clear_error_each() {
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("empty.txt", Vec::new(), "empty-file"),
        ("junk.txt", (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect(), "binary-file"),
        // C1 controls in windows-1252, and 0xFF is valid neither in UTF-8 nor in GB18030.
        ("unknown.txt", b"\x81\x8D\x8F\x90\x9D\xFF\n".repeat(20), "unknown-encoding"),
    ];
    for (name, bytes, code) in cases {
        let records = budget_records::extract_file(name, &bytes);
        assert_eq!(records.len(), 2, "{name}");
        let v = serde_json::to_value(&records[1]).unwrap();
        assert_eq!(v["severity"], "error", "{name}");
        assert_eq!(v["code"], code, "{name}: {v}");
        assert_eq!(v["source"], name);
        assert!(v["message"].as_str().unwrap().starts_with("this file could not be read"));
    }
}

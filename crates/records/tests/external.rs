//! A dump no one here made: a scraper's text dump of a real 2025 Shanghai
//! district budget (page-break marker lines, cells separated by a space and
//! a tab, empty cells collapsed, amounts in 元 with thousands separators).
//! Read from `../shared/external/`, which is third-party data kept outside
//! the repository; the test skips with a message when it is absent.
use std::path::PathBuf;

use serde_json::Value;

fn external(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/external/sh-putuo").join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("SKIPPED: {} is absent; the external test data lives outside the repository", path.display());
            None
        }
    }
}

#[test]
fn putuo_2025_budget_tables_become_checked_line_items() {
    let Some(bytes) = external("yusuan_2025_putuo_wanli_jiedao_bumen.textdump.txt") else { return };
    let records: Vec<Value> = budget_records::extract_file("putuo.txt", &bytes).iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    let tables: Vec<&str> = records[0]["tables"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(tables.len(), 9, "nine budget tables: {tables:?}");
    let items: Vec<&Value> = records.iter().filter(|r| r["kind"] == "line_item").collect();
    for title in &tables {
        assert!(items.iter().any(|i| i["table"] == *title), "no line items from {title}");
    }
    // Amounts are exact, without separators, in 元.
    let item = items.iter().find(|i| i["code"] == "2120101").expect("2120101 行政运行");
    assert_eq!(item["values"]["合计"], "17887739");
    assert_eq!(item["unit"], "元");
    let diags: Vec<&Value> = records.iter().filter(|r| r["kind"] == "diagnostic").collect();
    let code = |d: &&Value| d["code"].as_str().unwrap().to_string();
    assert!(!diags.iter().any(|d| code(d).ends_with("-mismatch")), "a check failed beyond rounding");
    for holds in ["parent-sum-holds", "total-row-holds", "income-expenditure-holds", "side-total-holds"] {
        assert!(diags.iter().any(|d| code(d) == holds), "{holds}");
    }
    // The document's own disagreement: 21201 prints 94,995,790 while its parts
    // make 94,995,789 (and 212 inherits it). Reported as rounding, not changed.
    let rounding: Vec<&&Value> = diags.iter().filter(|d| code(d).ends_with("-rounding")).collect();
    assert!(!rounding.is_empty());
    for d in &rounding {
        let msg = d["message"].as_str().unwrap();
        assert!(msg.starts_with("21201 ") || msg.starts_with("212 "), "unexpected rounding difference: {msg}");
    }
    assert!(rounding.iter().any(|d| d["message"].as_str().unwrap().contains("94995790")));
}

/// The facts a real file's name states: its year, 预算 or 决算, and 部门 or
/// 单位. They live here, in the test, never in the library: the library
/// reads them from the document's own title page and headings.
fn named_facts(name: &str) -> (u16, &'static str, &'static str) {
    let year = (0..name.len().saturating_sub(3))
        .filter_map(|i| name.get(i..i + 4)?.parse::<u16>().ok())
        .find(|y| (2000..2100).contains(y))
        .expect("a year in the file name");
    let kind = if name.starts_with("juesuan") { "决算" } else { "预算" };
    let scope = if name.contains("danwei") { "单位" } else { "部门" };
    (year, kind, scope)
}

/// The body each real file is about, by a fragment of its file name.
const BODIES: &[(&str, &str)] = &[
    ("shanghai_caizhengju", "上海市财政局"),
    ("caizhengju", "普陀区财政局"),
    ("guihuaziyuan", "规划和自然资源局"),
    ("shehuigongzuobu", "社会工作部"),
    ("XXju", "XX局"),
    ("wanli_jiedao", "万里街道办事处"),
    ("shehuifuliyuan", "社会福利院"),
    ("shangwuwei", "商务委员会"),
    ("zfban", "人民政府办公室"),
    ("sifaju", "司法局"),
    ("江苏省人大办公厅__", "人大常委会办公厅"),
    ("江苏省人民检察院__", "江苏省人民检察院"),
    ("江苏省委办公厅__", "江苏省委"),
    ("江苏省政协办公厅__", "江苏省政协办公厅"),
    ("江苏省高级人民法院__", "江苏省高级人民法院"),
];

#[test]
fn every_real_document_states_its_year_kind_and_scope_or_where_its_tables_are() {
    let Some(files) = real_pdfs() else { return };
    for (name, records) in &files {
        let doc = &records[0];
        let (year, kind, scope) = named_facts(name);
        assert_eq!(doc["year"], year, "{name}");
        assert_eq!(doc["budget_kind"], kind, "{name}");
        assert_eq!(doc["scope"], scope, "{name}");
        match BODIES.iter().find(|(fragment, _)| name.contains(fragment)) {
            // This narrative has no cover title and names no body by label.
            _ if name.contains("江苏省政协办公厅2019年度部门预算.pdf") => assert_eq!(doc["body"], Value::Null, "{name}"),
            Some((_, body)) => assert!(doc["body"].as_str().is_some_and(|b| b.contains(body)), "{name}: body {}", doc["body"]),
            None => panic!("{name}: no body fact for this file in the test"),
        }
        // A file with no table says where its tables are.
        if !records.iter().any(|r| r["kind"] == "line_item") {
            assert!(records.iter().any(|r| r["code"] == "tables-published-separately"), "{name} has no table and no word of where they are");
        }
    }
    assert!(files.len() >= 30, "only {} real PDFs were read", files.len());
}

/// Every real PDF of the Shanghai and Jiangsu folders, by file name, with
/// its records as JSON; `None`, after saying so, when the data is absent.
fn real_pdfs() -> Option<Vec<(String, Vec<Value>)>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/external");
    let mut out = Vec::new();
    for folder in ["sh-putuo", "jiangsu-open-budget"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            eprintln!("SKIPPED: {} is absent; the external test data lives outside the repository", root.join(folder).display());
            return None;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".pdf") {
                let records = budget_records::extract_file(&name, &std::fs::read(&path).unwrap());
                out.push((name, records.iter().map(|r| serde_json::to_value(r).unwrap()).collect()));
            }
        }
    }
    Some(out)
}

/// Sums the leaves (line items that enclose none) of one side of a table,
/// per value column, and compares each with the side's last printed total
/// (合计, 总计), within rounding: half a unit of the last printed digit per
/// figure. Returns the columns that do not add up.
fn leaves_against_total(items: &[&Value]) -> Vec<String> {
    use rust_decimal::Decimal;
    let parents: Vec<u64> = items.iter().filter_map(|i| i["parent"].as_u64()).collect();
    let Some(total) = items.iter().rev().find(|i| i["level"] == 0 && !i["values"].as_object().unwrap().is_empty()) else {
        return vec![];
    };
    let leaves: Vec<&&Value> = items.iter().filter(|i| i["level"].as_u64() > Some(0) && !parents.contains(&i["item"].as_u64().unwrap())).collect();
    let mut wrong = Vec::new();
    for (column, printed) in total["values"].as_object().unwrap() {
        let printed: Decimal = printed.as_str().unwrap().parse().unwrap();
        let figures: Vec<Decimal> = leaves.iter().filter_map(|l| l["values"][column].as_str()?.parse().ok()).collect();
        let sum: Decimal = figures.iter().sum();
        let tolerance = Decimal::new(5, printed.scale() + 1) * Decimal::from(figures.len() + 1);
        if (sum - printed).abs() > tolerance {
            wrong.push(format!("{column}: printed {printed}, leaves sum to {sum}"));
        }
    }
    wrong
}

#[test]
fn the_leaves_of_every_summary_and_function_table_add_up_to_its_total() {
    // Each remaining exception names a misread or a document's own error
    // found by reading the page; fixing one must shrink this list.
    const KNOWN: &[(&str, &str)] = &[
        // The PDF prints the 类 of 2101102 as `7` (`7 | 11 | 02`): a leaf with no parent.
        ("yusuan_2024_putuo_shehuifuliyuan_danwei.pdf", "2024年预算单位一般公共预算支出功能分类预算表"),
        // The document's own: 行政运行 prints the 项目支出 of the row above it
        // (64,840,547.00 beside a 合计 equal to its 基本支出), in two tables.
        ("yusuan_2026_putuo_sifaju_danwei.pdf", "2026年预算单位一般公共预算支出功能分类预算表"),
    ];
    let Some(files) = real_pdfs() else { return };
    let mut failing: Vec<(String, String)> = Vec::new();
    let mut tables = 0;
    for (name, records) in &files {
        let items: Vec<&Value> = records.iter().filter(|r| r["kind"] == "line_item").collect();
        let mut titles: Vec<&str> = items.iter().map(|i| i["table"].as_str().unwrap()).collect();
        titles.dedup();
        for title in titles {
            let summary = (title.contains("收支") && title.ends_with("总表")) || title.contains("收入支出决算总表");
            if !(summary || title.contains("功能")) {
                continue;
            }
            tables += 1;
            for side in ["income", "expenditure"] {
                let part: Vec<&Value> = items.iter().copied().filter(|i| i["table"] == title && i["side"] == side).collect();
                let wrong = leaves_against_total(&part);
                if !wrong.is_empty() {
                    eprintln!("{name} \"{title}\" ({side}): {}", wrong.join("; "));
                    failing.push((name.clone(), title.to_string()));
                }
            }
        }
    }
    failing.sort();
    failing.dedup();
    let mut known: Vec<(String, String)> = KNOWN.iter().map(|(f, t)| (f.to_string(), t.to_string())).collect();
    known.sort();
    assert!(tables >= 100, "only {tables} summary and function tables were found");
    assert_eq!(failing, known, "tables whose leaves do not add up to their total");
}

/// Every identity that fails on the real PDFs is one the document itself
/// breaks (every figure read under its printed column, or a difference no
/// misplaced figure could make), and the message says so.
#[test]
fn every_identity_that_fails_on_a_real_pdf_is_the_documents_own() {
    let Some(files) = real_pdfs() else { return };
    let mut own = 0;
    for (name, records) in &files {
        for d in records.iter().filter(|r| r["kind"] == "diagnostic") {
            let (code, message) = (d["code"].as_str().unwrap(), d["message"].as_str().unwrap());
            if code.ends_with("-mismatch") || code.ends_with("-rounding") {
                assert!(message.contains("the document's own"), "{name}: {code}: {message}");
                own += 1;
            }
        }
    }
    assert!(own > 0, "the real files hold errors of their own; none was reported");
}

/// The edited copy of a 决算 has errors injected: a table taken out, and in
/// its narrative a total of 0, three 决算数/预算数 comparisons turned around,
/// the previous year in a heading and a balance date. Each is flagged; the original has none of
/// them (its one narrative error, a 财政拨款收入支出总计 of 0.3 万元, is its own
/// and is flagged in both).
#[test]
fn the_errors_injected_into_a_final_account_are_flagged() {
    let Some(files) = real_pdfs() else { return };
    let codes = |file: &str| -> Vec<String> {
        let (_, records) = files.iter().find(|(n, _)| n == file).expect("the file is in the folder");
        records.iter().filter(|r| r["kind"] == "diagnostic").map(|d| d["code"].as_str().unwrap().to_string()).collect()
    };
    let count = |codes: &[String], code: &str| codes.iter().filter(|c| *c == code).count();
    let edited = codes("juesuan_2024_putuo_caizhengju_EDITED_test_errors.pdf");
    let original = codes("juesuan_2024_putuo_caizhengju.pdf");
    assert_eq!(count(&edited, "narrative-comparison-mismatch"), 3, "{edited:?}");
    assert_eq!(count(&edited, "year-mismatch"), 2, "{edited:?}");
    assert_eq!(count(&edited, "narrative-figure-mismatch"), 1, "{edited:?}");
    // Its 支出决算表 is listed in the contents but was taken out.
    assert_eq!(count(&edited, "table-listed-not-found"), 1, "{edited:?}");
    assert_eq!(count(&original, "table-listed-not-found"), 0, "{original:?}");
    assert_eq!(count(&original, "narrative-comparison-mismatch"), 0, "{original:?}");
    assert_eq!(count(&original, "year-mismatch"), 0, "{original:?}");
    assert_eq!(count(&original, "narrative-figure-mismatch"), 1, "{original:?}");
    assert!(count(&original, "narrative-comparison-holds") + count(&original, "narrative-figure-holds") >= 2);
}

//! The text path on arbitrary tables: rows made of the vocabulary of real
//! disclosures (header words, 一级/二级指标 words, operators, numbers,
//! units, names, totals) in any order and any width never make it panic,
//! and every non-blank row ends in a record or is named by a diagnostic —
//! without the safety net (`row-not-accounted`) having to catch it.
use std::collections::BTreeSet;

use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "", "", "", "", "序号", "单位名称", "项目名称", "一级指标", "二级指标", "三级指标", "指标值", "计量单位", "权重",
    "科目编码", "科目名称", "合计", "总计", "预算数", "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标",
    "≥", "≦", "=", "定性", "95", "1,234.56", "0.00", "100%", "≥85(%)", "400元/天", "2021年2月底前", "1-5条",
    "%", "个", "万元", "单位：万元", "人大会议经费", "会议出勤率(%)", "及时", "201", "20101", "2010101",
    "**", "1", "2", "收入", "支出", "本年收入合计", "财政项目支出绩效目标申报表", "项目总目标", "年度目标",
    "注：本表为示例", "第一部分 部门概况", "一、主要职能", "实施单位", "主管部门", "项目性质", "项目资金总额",
    "年度资金申请总额", "其中：当年财政拨款", "5,600,000.00", "绩效指标", "年度(/项目)指标值", "一级项目", "上年结转",
    "一、财政拨款", "支出总计", "类", "款", "项",
];

fn row() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..14)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_table_is_read_without_losing_a_row(rows in prop::collection::vec(row(), 1..40)) {
        let text: String = rows.iter().map(|r| r.join("\t") + "\n").collect();
        let records = budget_records::extract_file("t.txt", text.as_bytes());
        let records: Vec<serde_json::Value> = records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
        let mut covered: BTreeSet<u64> = BTreeSet::new();
        for r in &records {
            covered.extend(r["line"].as_u64());
            if let Some(lines) = r["lines"].as_array() {
                covered.extend(lines.iter().filter_map(serde_json::Value::as_u64));
            }
            prop_assert!(r["code"] != "row-not-accounted", "the safety net fired: {}", r);
        }
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                prop_assert!(covered.contains(&(i as u64 + 1)), "line {} ({line:?}) is in no record and no diagnostic", i + 1);
            }
        }
    }
}

/// Found by the property test above: a form's first row that also reads as
/// a table header made the reader hand the same row back for ever, filling
/// memory until the process was killed — one line could end a whole batch.
#[test]
fn a_form_row_that_is_also_a_header_is_read_once() {
    let text = "项目名称\t人大会议经费\t实施单位\t主管部门\n";
    let records = budget_records::extract_file("t.txt", text.as_bytes());
    assert!(records.len() < 10, "{} records from one line", records.len());
    let named = records.iter().any(|r| {
        let v = serde_json::to_value(r).unwrap();
        v["line"] == 1 || v["lines"].as_array().is_some_and(|l| l.contains(&serde_json::json!(1)))
    });
    assert!(named, "the line is in no record and no diagnostic");
}

//! Nothing lost in silence: a table whose header the reader does not know
//! still shows up, as a `table-not-recognised` warning naming its rows and
//! the line above them, and each of its rows in `amount-rows-unused`.
use serde_json::Value;

fn records(text: &str) -> Vec<Value> {
    budget_records::extract_file("t.txt", text.as_bytes()).iter().map(|r| serde_json::to_value(r).unwrap()).collect()
}

#[test]
fn rows_dense_with_amounts_outside_any_table_are_named() {
    let dump = "某局2024年资产情况\n\n房屋\t12.50\t3.00\n车辆\t4.00\t1.00\n设备\t7.25\t0.50\n\n说明：以上为年末数。\n";
    let recs = records(dump);
    let warning = recs.iter().find(|r| r["code"] == "table-not-recognised").expect("a table-not-recognised warning");
    assert_eq!(warning["lines"], serde_json::json!([3, 4, 5]));
    assert!(warning["message"].as_str().unwrap().contains("某局2024年资产情况"), "{}", warning["message"]);
    let unused = recs.iter().find(|r| r["code"] == "amount-rows-unused").expect("amount-rows-unused");
    assert_eq!(unused["lines"], serde_json::json!([3, 4, 5]));
}

#[test]
fn a_lone_figure_in_the_text_is_no_table() {
    let dump = "某局2024年部门预算\n\n合计支出\t12.50\n\n说明：以上为年末数。\n";
    assert!(!records(dump).iter().any(|r| r["code"] == "table-not-recognised"));
}

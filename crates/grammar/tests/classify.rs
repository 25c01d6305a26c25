//! classify() on cells taken from the seeds.
use budget_grammar::{classify, CellKind};

#[test]
fn seed_cells() {
    let cases: &[(&str, CellKind)] = &[
        ("", CellKind::Empty),
        ("≥", CellKind::Op),
        ("≧", CellKind::Op),
        ("<", CellKind::Op),
        ("定性", CellKind::Op),
        ("产出指标", CellKind::Level1),
        ("满意度指标", CellKind::Level1),
        ("数量指标", CellKind::Level2),
        ("社会效益", CellKind::Level2),
        ("服务对象满意度指标", CellKind::Level2),
        ("100", CellKind::Number),
        ("0.5", CellKind::Number),
        ("4396.61", CellKind::Number),
        ("5,600,000.00", CellKind::Number),
        ("201", CellKind::Number),
        ("%", CellKind::Unit),
        ("(%)", CellKind::Unit),
        ("(/%)", CellKind::Unit),
        ("次", CellKind::Unit),
        ("人次", CellKind::Unit),
        ("条/工作日", CellKind::Unit),
        ("比例", CellKind::Unit),
        ("次数", CellKind::Unit),
        ("年度", CellKind::Unit),
        ("万条", CellKind::Unit),
        ("平方米", CellKind::Unit),
        ("明显", CellKind::Qualitative),
        ("达标", CellKind::Qualitative),
        ("及时", CellKind::Qualitative),
        ("健全", CellKind::Qualitative),
        ("是", CellKind::Qualitative),
        ("有所提升", CellKind::Qualitative),
        ("≥6个", CellKind::Target),
        ("=100(%)", CellKind::Target),
        ("≥1.00(篇)", CellKind::Target),
        ("100%", CellKind::Target),
        ("10G", CellKind::Target),
        ("1000人以上", CellKind::Target),
        ("控制在10%内", CellKind::Target),
        ("1-5条", CellKind::Target),
        ("400元/天", CellKind::Target),
        ("2021年2月底前", CellKind::Target),
        ("5年", CellKind::Target),
        ("≤上期会议经费", CellKind::Target),
        ("不低于往年水平", CellKind::Target),
        ("与往年持平", CellKind::Text),
        ("华为", CellKind::Text),
        ("国产", CellKind::Text),
        ("广播、电视、报纸、网", CellKind::Text),
        ("有效投诉次数(次)", CellKind::Text),
        ("培训班次(会议次数)", CellKind::Text),
        ("嘉兴市人民代表大会常务委员会办公室", CellKind::Text),
        ("P1.2LED主屏", CellKind::Text),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(cell, want)| {
            let got = classify(cell);
            (got != want).then(|| format!("{cell:?}: want {want:?}, got {got:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

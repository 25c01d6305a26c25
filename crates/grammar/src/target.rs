//! Comparison operators, units and target values (指标值).

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// ≥
    Ge,
    /// ≤
    Le,
    /// =
    Eq,
    /// >
    Gt,
    /// <
    Lt,
    /// 定性: a word target.
    Qualitative,
}

impl Op {
    /// The output spelling: `">="`, `"<="`, `"="`, `">"`, `"<"`, `"qualitative"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Qualitative => "qualitative",
        }
    }
}

/// What kind of target a value cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetForm {
    /// A number, with or without comparison and unit: `≥6个`, `100%`, `=100(%)`, `1000人以上`.
    Number,
    /// A range `a-b`: `1-5条`, `5~10个`.
    Range,
    /// A deadline: `2021年2月底前`, `2020年11月底前`, `12月31日前`.
    Deadline,
    /// A rate with a compound unit: `400元/天`, `2本/人`, `100人/次`.
    Rate,
    /// A comparison against a textual quantity: `≤上期会议经费`, `不低于往年水平`.
    TextQuantity,
    /// A qualitative word or phrase: `达标`, `明显`, `及时有效`, `全市经济平稳发展`.
    Word,
}

/// A parsed target value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Comparison found inside the cell (`≥6个` → Ge; `1000人以上` → Ge;
    /// `控制在10%内` → Le; `不低于往年水平` → Ge); `None` when none is written.
    pub op: Option<Op>,
    /// The value: a number as printed without grouping separators (`"1.00"`
    /// stays `"1.00"`), `"a-b"` for a range, the deadline text as printed
    /// (`"2021年2月底前"`), or the word/phrase itself.
    pub value: String,
    /// Unit found inside the cell: `%` (also from `(%)`, `(/%)`), `个`, `篇`,
    /// `元/天` …; `None` when none is written.
    pub unit: Option<String>,
    /// The form of the cell.
    pub form: TargetForm,
}

/// A cell that is only a comparison operator: `≥ ≤ = > < >= <= 大于等于 小于等于 等于
/// 大于 小于 定性` (after normalization `≧`→`≥`, `＞＝`→`>=`, full-width → half-width).
pub fn parse_op(s: &str) -> Option<Op> {
    let _ = s;
    todo!()
}

/// A cell that is only a unit: `%`, `(%)`, `(/%)` (all → `%`), `个`, `次`, `人次`,
/// `件`, `篇`, `年`, `月`, `天`, `小时`, `分钟`, `条/工作日`, `元/天`, `元`, `万元`,
/// `平方米`, `万次`, `期`, `部`, `台`, `场次`, `次数`, `条次` …: a short
/// (≤ 6 characters) run of unit characters, optionally in brackets, optionally
/// with one `/`. Returns the unit without brackets. Never matches a number or
/// an operator.
pub fn parse_unit(s: &str) -> Option<String> {
    let _ = s;
    todo!()
}

/// Parses a target-value cell. Never fails: anything that is not a number,
/// range, deadline, rate or comparison becomes a `Word` with the whole text.
/// Empty input gives a `Word` with an empty value.
pub fn parse_target(s: &str) -> Target {
    let _ = s;
    todo!()
}

/// Splits a unit written at the end of an indicator name:
/// `有效投诉次数(次)` → (`有效投诉次数`, `次`); `培训对象覆盖率(/%)` → (…, `%`);
/// `人大杂志全年期刊数量(期)` → (…, `期`). Only a trailing bracketed unit (see
/// [`parse_unit`]) counts; `培训班次(会议次数)` has no unit. Returns `None` when
/// there is none.
pub fn split_name_unit(name: &str) -> Option<(String, String)> {
    let _ = name;
    todo!()
}

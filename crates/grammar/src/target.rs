//! Comparison operators, units and target values (指标值).
//!
//! A value cell is read as `[comparison] value [unit] [comparison]`:
//! the leading comparison is a symbol or a word (`≥`, `不低于`, `控制在`), the
//! value a number, a range `a-b`, a deadline or a textual quantity, the unit
//! anything [`parse_unit`] accepts, and the trailing comparison `以上`,
//! `以下`, `以内`, `内`. Whatever does not fit is a [`TargetForm::Word`]
//! holding the whole text. See `tests/spec/targets.txt` for the cases.

mod deadline;
mod units;

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::Parser;

use crate::number::{is_plain_decimal, number_token, ungroup, unsigned_token, R};
use deadline::deadline;
use units::unit_of;

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
    // The compatibility and full-width spellings are accepted too, in case a
    // cell reaches here without normalization.
    Some(match s {
        "≥" | ">=" | "≥=" | "≧" | "＞＝" | "大于等于" | "不低于" | "不少于" | "不小于" => {
            Op::Ge
        }
        "≤" | "<=" | "≤=" | "≦" | "＜＝" | "小于等于" | "不高于" | "不超过" | "不多于"
        | "不大于" => Op::Le,
        "=" | "＝" | "==" | "等于" => Op::Eq,
        ">" | "＞" | "大于" => Op::Gt,
        "<" | "＜" | "小于" => Op::Lt,
        "定性" => Op::Qualitative,
        _ => return None,
    })
}

/// A cell that is only a unit: `%`, `(%)`, `(/%)` (all → `%`), `个`, `次`, `人次`,
/// `件`, `篇`, `年`, `月`, `天`, `小时`, `分钟`, `条/工作日`, `元/天`, `元`, `万元`,
/// `平方米`, `万次`, `期`, `部`, `台`, `场次`, `次数`, `条次` …: a short
/// (≤ 6 characters) run of unit characters, optionally in brackets, optionally
/// with one `/`. Returns the unit without brackets. Never matches a number or
/// an operator.
pub fn parse_unit(s: &str) -> Option<String> {
    unit_of(s).map(str::to_owned)
}

/// Parses a target-value cell. Never fails: anything that is not a number,
/// range, deadline, rate or comparison becomes a `Word` with the whole text.
/// Empty input gives a `Word` with an empty value.
pub fn parse_target(s: &str) -> Target {
    let s = s.trim_matches(is_space);
    stated_target(s).unwrap_or_else(|| word(s))
}

/// True when [`parse_target`] reads more than a word in `s` (a number, a
/// range, a deadline, a quantity with a comparison): what classifying a
/// cell asks, without copying the text of the many cells that are words.
pub fn is_stated_target(s: &str) -> bool {
    stated_target(s.trim_matches(is_space)).is_some()
}

/// [`parse_target`] on a trimmed cell, `None` for a word.
fn stated_target(s: &str) -> Option<Target> {
    plain_figure(s).or_else(|| stated_target_general(s))
}

/// The commonest target, a plain figure with or without `%` (`95`, `98.5%`),
/// read as [`stated_target_general`] reads it (a test holds the two
/// together) without trying it as a deadline, a range and a comparison
/// first: four in five target cells are one.
fn plain_figure(s: &str) -> Option<Target> {
    let (figure, percent) = s.strip_suffix('%').map_or((s, false), |f| (f, true));
    is_plain_decimal(figure).then(|| Target {
        op: None,
        value: figure.to_owned(),
        unit: percent.then(|| "%".to_owned()),
        form: TargetForm::Number,
    })
}

/// [`stated_target`] by the grammar alone.
fn stated_target_general(s: &str) -> Option<Target> {
    if s.is_empty() {
        return None;
    }
    if let Some(op) = deadline(s) {
        return Some(Target {
            op,
            value: s.to_owned(),
            unit: None,
            form: TargetForm::Deadline,
        });
    }
    let (prefix, rest) = split_prefix(s);
    if let Some(p) = prefix {
        if rest.is_empty() {
            return None;
        }
        if deadline(rest).is_some() {
            let op = match p {
                Prefix::Hard(op, _) => op,
                Prefix::Control => Op::Le,
            };
            return Some(Target {
                op: Some(op),
                value: rest.to_owned(),
                unit: None,
                form: TargetForm::Deadline,
            });
        }
    }
    numeric(prefix, rest).or_else(|| text_quantity(prefix, rest))
}

/// Splits a unit written at the end of an indicator name:
/// `有效投诉次数(次)` → (`有效投诉次数`, `次`); `培训对象覆盖率(/%)` → (…, `%`);
/// `人大杂志全年期刊数量(期)` → (…, `期`). Only a trailing bracketed unit (see
/// [`parse_unit`]) counts; `培训班次(会议次数)` has no unit. Returns `None` when
/// there is none.
pub fn split_name_unit(name: &str) -> Option<(String, String)> {
    let name = name.trim_end_matches(is_space);
    let open = if name.ends_with(')') {
        name.rfind('(')?
    } else if name.ends_with('）') {
        name.rfind('（')?
    } else {
        return None;
    };
    let unit = unit_of(&name[open..])?;
    let base = name[..open].trim_end_matches(is_space);
    if base.is_empty() {
        return None;
    }
    Some((base.to_owned(), unit.to_owned()))
}

/// A comparison written before the value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prefix {
    /// A real comparison (`≥`, `不低于` …). `text` says whether a textual
    /// quantity may follow (`≤上期会议经费`); some words only make sense
    /// before a number (`不足5%`, `达到95%`).
    Hard(Op, bool),
    /// `控制在`: ≤ unless a suffix says otherwise (`控制在90%以上`).
    Control,
}

/// Symbols and words that open a value cell, longest first where one is a
/// prefix of another.
const PREFIXES: &[(&str, Prefix)] = &[
    (">=", Prefix::Hard(Op::Ge, true)),
    ("<=", Prefix::Hard(Op::Le, true)),
    ("≥=", Prefix::Hard(Op::Ge, true)),
    ("≤=", Prefix::Hard(Op::Le, true)),
    ("＞＝", Prefix::Hard(Op::Ge, true)),
    ("＜＝", Prefix::Hard(Op::Le, true)),
    ("≥", Prefix::Hard(Op::Ge, true)),
    ("≤", Prefix::Hard(Op::Le, true)),
    ("≧", Prefix::Hard(Op::Ge, true)),
    ("≦", Prefix::Hard(Op::Le, true)),
    ("=", Prefix::Hard(Op::Eq, true)),
    ("＝", Prefix::Hard(Op::Eq, true)),
    (">", Prefix::Hard(Op::Gt, true)),
    ("＞", Prefix::Hard(Op::Gt, true)),
    ("<", Prefix::Hard(Op::Lt, true)),
    ("＜", Prefix::Hard(Op::Lt, true)),
    ("大于等于", Prefix::Hard(Op::Ge, true)),
    ("小于等于", Prefix::Hard(Op::Le, true)),
    ("大于", Prefix::Hard(Op::Gt, true)),
    ("小于", Prefix::Hard(Op::Lt, true)),
    ("等于", Prefix::Hard(Op::Eq, true)),
    ("不低于", Prefix::Hard(Op::Ge, true)),
    ("不少于", Prefix::Hard(Op::Ge, true)),
    ("不小于", Prefix::Hard(Op::Ge, true)),
    ("不高于", Prefix::Hard(Op::Le, true)),
    ("不多于", Prefix::Hard(Op::Le, true)),
    ("不大于", Prefix::Hard(Op::Le, true)),
    ("不超过", Prefix::Hard(Op::Le, true)),
    ("高于", Prefix::Hard(Op::Gt, true)),
    ("低于", Prefix::Hard(Op::Lt, true)),
    ("超过", Prefix::Hard(Op::Gt, true)),
    ("多于", Prefix::Hard(Op::Gt, false)),
    ("少于", Prefix::Hard(Op::Lt, false)),
    ("不足", Prefix::Hard(Op::Lt, false)),
    ("达到", Prefix::Hard(Op::Ge, false)),
    ("控制在", Prefix::Control),
];

/// Comparisons written after the value, longest first.
/// `内` alone is accepted after a number (`10%内`) or after `控制在 …`, not
/// after free text (`全市范围内` is not "≤ 全市范围").
const SUFFIXES: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("内", Op::Le),
];

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// The comparison at the start of `s`, and what follows it (spaces skipped).
fn split_prefix(s: &str) -> (Option<Prefix>, &str) {
    let first = s.as_bytes()[0];
    // Fast path: a digit or a sign cannot start a prefix.
    if first.is_ascii_digit() || first == b'-' || first == b'+' {
        return (None, s);
    }
    // Most cells start with a character no prefix starts with; one look at
    // the first character spares the whole list of comparisons.
    let Some(c) = s.chars().next() else {
        return (None, s);
    };
    if !may_start_prefix(c) {
        return (None, s);
    }
    for &(p, kind) in PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            return (Some(kind), rest.trim_start_matches(is_space));
        }
    }
    (None, s)
}

/// Whether `c` is the first character of some entry of [`PREFIXES`] (a
/// test keeps the two in step).
fn may_start_prefix(c: char) -> bool {
    matches!(
        c,
        '>' | '<' | '=' | '≥' | '≤' | '≧' | '≦' | '＞' | '＜' | '＝' | '大' | '小' | '等' | '不' | '高' | '低' | '超' | '多'
            | '少' | '达' | '控'
    )
}

/// The comparison at the end of `s` and what precedes it (spaces trimmed).
/// `bare_nei` allows the one-character `内`.
fn split_suffix(s: &str, bare_nei: bool) -> (Option<Op>, &str) {
    for &(suf, op) in SUFFIXES {
        if suf == "内" && !bare_nei {
            continue;
        }
        if let Some(rest) = s.strip_suffix(suf) {
            return (Some(op), rest.trim_end_matches(is_space));
        }
    }
    (None, s)
}

/// Combines a prefix and a suffix comparison. `Err(())` when they disagree
/// (`≥10以下`): such a cell is left as a word.
fn combine(prefix: Option<Prefix>, suffix: Option<Op>) -> Result<Option<Op>, ()> {
    match (prefix, suffix) {
        (None, s) => Ok(s),
        (Some(Prefix::Control), None) => Ok(Some(Op::Le)),
        (Some(Prefix::Control), s) => Ok(s),
        (Some(Prefix::Hard(p, _)), None) => Ok(Some(p)),
        (Some(Prefix::Hard(p, _)), Some(s)) => {
            // Same direction (≥ with 以上, > with 以上): the prefix is the
            // more precise spelling.
            let up = |o: Op| matches!(o, Op::Ge | Op::Gt);
            let down = |o: Op| matches!(o, Op::Le | Op::Lt);
            if p == s || (up(p) && up(s)) || (down(p) && down(s)) {
                Ok(Some(p))
            } else {
                Err(())
            }
        }
    }
}

fn word(s: &str) -> Target {
    Target {
        op: None,
        value: s.to_owned(),
        unit: None,
        form: TargetForm::Word,
    }
}

/// A range separator: `-`, `~`, `～`, `至`, `到`, `—`, `–`.
fn range_sep(i: &str) -> R<'_, &str> {
    alt((
        tag("-"),
        tag("~"),
        tag("～"),
        tag("至"),
        tag("到"),
        tag("—"),
        tag("–"),
    ))
    .parse(i)
}

/// Splits a unit-and-suffix tail (`人以上`, `(%)`, `%内`, ``) into its
/// comparison and unit. `None` when the tail is not (unit)(suffix).
fn tail_unit(tail: &str) -> Option<(Option<Op>, Option<&str>)> {
    let tail = tail.trim_start_matches(is_space);
    if tail.is_empty() {
        return Some((None, None));
    }
    let (suffix, middle) = split_suffix(tail, true);
    let middle = middle.trim_end_matches(is_space);
    if middle.is_empty() {
        return Some((suffix, None));
    }
    let unit = unit_of(middle)?;
    Some((suffix, Some(unit)))
}

/// `a-b` after the first number `a` (already consumed; `after` is what
/// follows it): returns (b, unit/suffix tail) when a range follows.
/// The first number may carry the unit too (`5%-10%`, `5%-10`).
fn range_rest(after: &str) -> Option<(&str, Option<&str>, &str)> {
    // Unit between the two numbers: the shortest prefix of `after` that is a
    // unit and is followed by a separator.
    let (unit1, after) = match range_sep(after) {
        Ok(_) => (None, after),
        Err(_) => {
            let end = after.find(['-', '~', '～', '至', '到', '—', '–'])?;
            let u = &after[..end];
            (Some(unit_of(u)?), &after[end..])
        }
    };
    let (rest, _) = range_sep(after).ok()?;
    let (rest, b) = unsigned_token(rest).ok()?;
    Some((b, unit1, rest))
}

/// The value after an optional comparison: number, range, or `None` when the
/// text does not start with a number or its tail is not a unit.
fn numeric(prefix: Option<Prefix>, rest: &str) -> Option<Target> {
    let (after, a) = number_token(rest).ok()?;
    if let Some((b, unit1, tail)) = range_rest(after) {
        let (suffix, unit2) = tail_unit(tail)?;
        let unit = match (unit1, unit2) {
            (Some(u1), Some(u2)) if u1 != u2 => return None,
            (u1, u2) => u2.or(u1),
        };
        // A range carries no comparison of its own; keep a written one
        // (`≥1-5条`) but not the soft `控制在`.
        let op = match prefix {
            Some(Prefix::Hard(p, _)) => Some(p),
            _ => suffix,
        };
        let mut value = ungroup(a);
        value.push('-');
        value.push_str(&ungroup(b));
        return Some(Target {
            op,
            value,
            unit: unit.map(str::to_owned),
            form: TargetForm::Range,
        });
    }
    let (suffix, unit) = tail_unit(after)?;
    let op = combine(prefix, suffix).ok()?;
    let form = if unit.is_some_and(|u| u.contains('/')) {
        TargetForm::Rate
    } else {
        TargetForm::Number
    };
    Some(Target {
        op,
        value: ungroup(a),
        unit: unit.map(str::to_owned),
        form,
    })
}

/// A comparison against a textual quantity: `≤上期会议经费`, `不低于往年水平`,
/// `控制在预算范围内`, `良好以上`.
fn text_quantity(prefix: Option<Prefix>, rest: &str) -> Option<Target> {
    let allowed = match prefix {
        None | Some(Prefix::Control) => true,
        Some(Prefix::Hard(_, text)) => text,
    };
    if !allowed {
        return None;
    }
    let (suffix, middle) = split_suffix(rest, prefix == Some(Prefix::Control));
    let op = combine(prefix, suffix).ok()?;
    // Without a written comparison, or with `控制在` but no 内/以内, it is a word.
    let op = match (prefix, suffix) {
        (None, None) | (Some(Prefix::Control), None) => return None,
        _ => op?,
    };
    // The quantity is text: it holds a non-ASCII character (`≥3A` is not a
    // textual quantity) and does not start with another comparison. Without a
    // leading comparison only a short phrase counts (`良好以上`), not a sentence.
    if middle.is_empty()
        || middle.is_ascii()
        || middle.starts_with(|c: char| OP_START.contains(c))
        || (prefix.is_none() && middle.chars().count() > 12)
    {
        return None;
    }
    Some(Target {
        op: Some(op),
        value: middle.to_owned(),
        unit: None,
        form: TargetForm::TextQuantity,
    })
}

/// Characters that start a comparison symbol.
const OP_START: &str = "≥≤≧≦=<>＝＜＞";

#[cfg(test)]
mod tests {
    use super::{may_start_prefix, plain_figure, stated_target_general, PREFIXES};
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for plain figures reads a cell as the grammar does,
        /// on strings of figures mixed with what deadlines, ranges, units
        /// and comparisons are made of.
        #[test]
        fn plain_figures_read_as_the_grammar_reads_them(picks in proptest::collection::vec(0..FIGURE_PARTS.len(), 1..8)) {
            let s: String = picks.iter().map(|&i| FIGURE_PARTS[i]).collect();
            if let Some(fast) = plain_figure(&s) {
                prop_assert_eq!(Some(fast), stated_target_general(&s), "{:?}", s);
            }
        }
    }

    /// Digits weigh most, so that many strings are figures.
    const FIGURE_PARTS: &[&str] = &["0", "1", "9", "12", "2023", ".", ".", "%", "%", ",", "-", "+", "年", "月", "前", "以上", "内", " ", "人", "(%)"];

    #[test]
    fn plain_figures_take_the_shortcut_and_nothing_else_does() {
        for figure in ["95", "95%", "0.5", "98.50%", "2023", "100"] {
            assert!(plain_figure(figure).is_some(), "{figure}");
        }
        for other in ["95%%", "1.2.3", ".5", "5.", "1,000", "-3", "+2", "2023年", "≥95%", "95 %", "%", ""] {
            assert!(plain_figure(other).is_none(), "{other}");
        }
    }

    /// The first-character gate must let every prefix through, or a new
    /// prefix added to the table would silently never match.
    #[test]
    fn every_prefix_passes_the_first_character_gate() {
        for (prefix, _) in PREFIXES {
            let first = prefix.chars().next().expect("prefixes are not empty");
            assert!(may_start_prefix(first), "{prefix} starts with {first}, which the gate turns away");
        }
        assert!(!may_start_prefix('人') && !may_start_prefix('9'));
    }
}

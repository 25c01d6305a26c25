//! Deadlines (时效 targets): `2021年2月底前`, `2023年12月31日前`, `12月底前`,
//! `2023年底`, `2023-06-30前`.
//!
//! Grammar (all of the text must match):
//!
//! ```text
//! deadline := date suffix?
//! date     := YYYY(-|/|.)M(-|/|.)D                      (same separator twice)
//!           | YYYY年 [ 度 | 底 | 末 | 上半年 | 下半年 | month ]
//!           | month
//! month    := M月[份] [ 底 | 末 | 初 | 上旬 | 中旬 | 下旬 | D日 | D号 ]
//! suffix   := (前 | 之前 | 以前) [完成]                   → op ≤
//!           | (内 | 以内 | 之内) [完成]   (only with a year) → op ≤
//! ```
//!
//! Years must be 1900–2100, months 1–12 and days valid for the month. A
//! deadline without a suffix has no operator and needs a year, or a month
//! with a day / 底 / 末 / 初 / 旬: a bare `12月` is a duration (12 months), and
//! `6月内` is "within 6 months", both left to the number parser.
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::combinator::{all_consuming, opt};
use nom::Parser;

use crate::number::{days_in_month, year4, R};
use crate::Op;

#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    /// 底, 末, 初, 旬, 度, 上/下半年: a date-ish qualifier.
    qualifier: bool,
}

fn small(i: &str) -> R<'_, u32> {
    nom::bytes::complete::take_while_m_n(1, 2, |c: char| c.is_ascii_digit())
        .map(|d: &str| d.parse::<u32>().unwrap_or(0))
        .parse(i)
}

fn iso(i: &str) -> R<'_, Parts> {
    let (rest, y) = year4(i)?;
    let (rest, sep) = alt((tag("-"), tag("/"), tag("."))).parse(rest)?;
    let (rest, m) = small(rest)?;
    let (rest, _) = tag(sep).parse(rest)?;
    let (rest, d) = small(rest)?;
    Ok((
        rest,
        Parts {
            year: Some(y),
            month: Some(m),
            day: Some(d),
            qualifier: false,
        },
    ))
}

fn month_part<'a>(i: &'a str, p: &mut Parts) -> R<'a, ()> {
    let (rest, (m, _, _)) = (small, tag("月"), opt(tag("份"))).parse(i)?;
    p.month = Some(m);
    let (rest, q) = opt(alt((
        tag("底"),
        tag("末"),
        tag("初"),
        tag("上旬"),
        tag("中旬"),
        tag("下旬"),
    )))
    .parse(rest)?;
    if q.is_some() {
        p.qualifier = true;
        return Ok((rest, ()));
    }
    let (rest, d) = opt((small, alt((tag("日"), tag("号"))))).parse(rest)?;
    p.day = d.map(|(d, _)| d);
    Ok((rest, ()))
}

fn cn(i: &str) -> R<'_, Parts> {
    let mut p = Parts::default();
    let (rest, y) = opt((year4, tag("年"))).parse(i)?;
    let rest = if let Some((y, _)) = y {
        p.year = Some(y);
        if let Ok((r, _)) = alt((
            tag::<&str, &str, ()>("度"),
            tag("底"),
            tag("末"),
            tag("上半年"),
            tag("下半年"),
        ))
        .parse(rest)
        {
            p.qualifier = true;
            r
        } else if let Ok((r, ())) = month_part(rest, &mut p) {
            r
        } else {
            rest
        }
    } else {
        month_part(rest, &mut p)?.0
    };
    Ok((rest, p))
}

/// `前`-like (false) or `内`-like (true) suffix, optionally followed by 完成.
fn suffix(i: &str) -> R<'_, (bool, Option<&str>)> {
    (
        alt((
            alt((tag("之前"), tag("以前"), tag("前"))).map(|_| false),
            alt((tag("之内"), tag("以内"), tag("内"))).map(|_| true),
        )),
        opt(tag("完成")),
    )
        .parse(i)
}

/// Some(op) when `s` is a deadline (`op` is `Some(Le)` for 前/内, `None` for a
/// bare date); `None` when it is not.
pub(crate) fn deadline(s: &str) -> Option<Option<Op>> {
    // Fast reject: a deadline starts with a digit and holds 年, 月 or a separator.
    if !s.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let (rest, p) = alt((iso, cn)).parse(s).ok()?;
    let (_, suffix) = all_consuming(opt(suffix)).parse(rest).ok()?;
    if let Some(y) = p.year {
        if !(1900..=2100).contains(&y) {
            return None;
        }
    }
    if let Some(m) = p.month {
        if !(1..=12).contains(&m) {
            return None;
        }
        if let Some(d) = p.day {
            // Without a year, allow 29 February.
            if d == 0 || d > days_in_month(p.year.unwrap_or(2000), m) {
                return None;
            }
        }
    }
    match suffix {
        Some((within, _)) => {
            if within && p.year.is_none() {
                return None;
            }
            Some(Some(Op::Le))
        }
        None => {
            let dated = p.year.is_some() || (p.month.is_some() && (p.day.is_some() || p.qualifier));
            dated.then_some(None)
        }
    }
}

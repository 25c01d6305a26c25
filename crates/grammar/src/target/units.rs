//! Recognizing a unit of measure (计量单位) by its characters.
//!
//! A unit is not looked up in a closed list: it is a short run of *unit
//! tokens*, optionally `X/Y` (a rate), where a token is
//!
//! * one character of [`UNIT_CHARS`] (quantifiers and measures: 个 次 件 篇 年 月 …),
//! * one of the multi-character words of [`UNIT_WORDS`] (小时, 工作日, 平方, 公里 …)
//!   whose characters are not unit characters on their own (小, 工, 作, 公 …),
//! * or a symbol (`℃`, `㎡` …); `%` and `‰` are atoms by themselves.
//!
//! ASCII units (`G`, `GB`, `km`, `m2`, `kWh`) are a separate atom form:
//! 1–4 ASCII letters, optionally followed by an exponent `2`/`3`/`²`/`³`.
//!
//! The characters are chosen so that qualitative target words (明显, 达标,
//! 及时, 健全, 良好, 是 …), 一级/二级 indicator words and common non-unit
//! words (国产, 部门, 单位, 时间, 本级 …) never consist only of unit tokens;
//! an explicit [`NOT_UNITS`] list and the vocabulary checks of
//! `crate::vocab` catch the remaining collisions.
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{all_consuming, opt, recognize};
use nom::multi::{many0_count, many1_count};
use nom::Parser;
use std::sync::LazyLock;

use crate::number::R;

/// Single characters that are a unit or part of one.
///
/// Counting words (量词): 个 次 件 篇 条 项 批 份 户 套 家 本 部 台 位 名 人 场 期
/// 册 张 块 辆 架 株 棵 只 头 座 栋 处 所 支 种 轮 届 节 课 页 字 卷 盒 箱 袋 瓶
/// 组 队 班 票 笔 宗 起 床 版 集 层 根 片 盏 段 封 幅 枚 把 艘 例 倍 趟;
/// time: 年 月 天 日 时 分 秒 周 旬 季 度;
/// money, magnitude: 元 角 万 亿 千 百 十 兆;
/// measures: 米 里 亩 顷 克 斤 吨 升 瓦 方;
/// ratios: 比 率 数 点 (百分点).
pub(crate) const UNIT_CHARS: &str = "个次件篇条项批份户套家本部台位名人场期册张块辆架株棵只头座栋处所支种轮届节课页字卷盒箱袋瓶组队班票笔宗起床版集层根片盏段封幅枚把艘例倍趟\
年月天日时分秒周旬季度元角万亿千百十兆米里亩顷克斤吨升瓦方比率数点";

/// Multi-character unit words whose characters are not all unit characters.
pub(crate) const UNIT_WORDS: &[&str] = &[
    "工作日",
    "小时",
    "分钟",
    "秒钟",
    "平方",
    "立方",
    "公里",
    "公斤",
    "公顷",
    "学时",
    "千瓦时",
];

/// Symbols that are a unit token by themselves.
const UNIT_SYMBOLS: &str = "℃㎡㎞㎏㎥";

/// Words made only of unit tokens that are nevertheless not units.
const NOT_UNITS: &[&str] = &[
    "日期",
    "年月",
    "年月日",
    "本年",
    "本期",
    "本月",
    "本日",
    "本部",
    "本人",
    "个人",
    "名人",
    "人人",
    "数字",
    "十分",
    "万分",
    "起点",
    "比分",
    "方位",
    "部位",
    "时分",
    "时期",
    "天天",
    "年年",
    "月月",
    // Seen as an indicator name (三级指标) in a budget table, beside the unit 个.
    "人数",
];

/// [`UNIT_CHARS`] and [`UNIT_SYMBOLS`] as one sorted table: a binary search
/// takes 7 steps where scanning the strings cost more than the rest of the
/// unit parser.
static UNIT_TOKEN_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut chars: Vec<char> = UNIT_CHARS.chars().chain(UNIT_SYMBOLS.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    chars
});

/// A character that is a unit token by itself.
fn is_unit_char(c: char) -> bool {
    // Cheap pre-filter: every unit character is outside ASCII.
    !c.is_ascii() && UNIT_TOKEN_CHARS.binary_search(&c).is_ok()
}

/// One CJK unit token.
fn cjk_token(i: &str) -> R<'_, ()> {
    if let Some(w) = UNIT_WORDS.iter().find(|w| i.starts_with(**w)) {
        return Ok((&i[w.len()..], ()));
    }
    satisfy(is_unit_char)
        .map(|_| ())
        .parse(i)
}

/// A CJK atom: unit tokens, with `·` allowed between two of them (`人·天`).
fn cjk_atom(i: &str) -> R<'_, &str> {
    recognize((
        many1_count(cjk_token),
        many0_count((char('·'), many1_count(cjk_token))),
    ))
    .parse(i)
}

/// An ASCII atom: 1–4 letters, optionally an exponent (`m2`, `km²`).
fn ascii_atom(i: &str) -> R<'_, &str> {
    recognize((
        take_while_m_n(1, 4, |c: char| c.is_ascii_alphabetic()),
        opt(one_of("23²³")),
    ))
    .parse(i)
}

fn atom(i: &str) -> R<'_, &str> {
    let (rest, a) = alt((tag("%"), tag("‰"), ascii_atom, cjk_atom)).parse(i)?;
    if a.as_bytes()[0].is_ascii_alphabetic() && !ascii_unit_ok(a) {
        return Err(nom::Err::Error(()));
    }
    Ok((rest, a))
}

/// Single ASCII letters are units only when they are a common symbol (G, M,
/// T, K, m, g, t, h, s, L, W, V); letter grades (A, B, C) and Y/N are not.
/// Longer ASCII words are units unless they are a yes/no/empty marker.
fn ascii_unit_ok(a: &str) -> bool {
    let letters = a.trim_end_matches(['2', '3', '²', '³']);
    if letters.len() == 1 {
        return matches!(
            letters,
            "G" | "M" | "T" | "K" | "m" | "g" | "t" | "h" | "s" | "L" | "W" | "V"
        );
    }
    ![
        "na", "no", "ok", "yes", "nil", "null", "none", "true", "not", "and", "or", "is",
    ]
    .iter()
    .any(|w| letters.eq_ignore_ascii_case(w))
}

/// A unit without brackets: one atom, or `atom/atom`.
fn bare_unit(i: &str) -> R<'_, &str> {
    recognize((atom, opt((char('/'), atom)))).parse(i)
}

/// True when `s` (without brackets) is a unit: at most 6 characters, one atom
/// or `atom/atom`, and not a known non-unit word.
pub(crate) fn is_bare_unit(s: &str) -> bool {
    if s.is_empty() || s.len() > 6 * 4 || s.chars().count() > 6 {
        return false;
    }
    if all_consuming(bare_unit).parse(s).is_err() {
        return false;
    }
    !(NOT_UNITS.contains(&s)
        || crate::is_qualitative_word(s)
        || crate::is_level1(s)
        || crate::is_level2(s))
}

/// Strips one pair of brackets (`()` or `（）`) around `s`.
pub(crate) fn strip_brackets(s: &str) -> Option<&str> {
    s.strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| s.strip_prefix('（').and_then(|r| r.strip_suffix('）')))
}

/// The unit a cell or a fragment of a cell names, without brackets: `(%)` and
/// `(/%)` give `%`. `None` when `s` is not a unit.
pub(crate) fn unit_of(s: &str) -> Option<&str> {
    let inner = strip_brackets(s).unwrap_or(s);
    // `(/%)`: a leading slash means "per cent"; the slash carries nothing.
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    is_bare_unit(inner).then_some(inner)
}

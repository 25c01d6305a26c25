//! The narrative against the tables. A disclosure's 情况说明 restates the
//! tables' figures in prose; where the two disagree, one of them is wrong,
//! and a reader of either deserves to know.
//!
//! - A figure named after a table row (`一般公共服务支出（类）2106.66万元`,
//!   `本年支出合计2940.05万元`) must be that row's figure in some table,
//!   within the rounding of the digits the prose prints. A total named
//!   after a table (`收入支出总计…万元`) is that table's 总计 row.
//! - A comparison (`年初预算为80.81万元，支出决算为80.38万元。决算数大于
//!   预算数`) must say what its own figures say.
//! - The year a 决算's headings and balance dates give (`2023年度部门决算
//!   情况说明`, `截至2023年12月31日`) must be the document's year.
//!
//! Prose lines are read as one stream with the line breaks and spaces
//! taken out, since PDF text wraps sentences (and numbers) across lines.
use std::sync::LazyLock;

use budget_grammar::amount_value;
use budget_layout::{strip_enumeration, ItemRow, Layout};
use regex::Regex;
use rust_decimal::Decimal;

use crate::build::to_yuan;
use crate::checks::Checker;
use crate::Severity;

/// The prose of a document as one string, with the line each byte came from.
struct Stream {
    text: String,
    /// (byte offset where a line's text starts, line), in order.
    starts: Vec<(usize, u32)>,
}

impl Stream {
    fn of(layout: &Layout) -> Stream {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(layout.prose.len());
        for p in &layout.prose {
            starts.push((text.len(), p.line));
            text.extend(p.text.chars().filter(|c| !c.is_whitespace()));
        }
        Stream { text, starts }
    }

    fn line_at(&self, offset: usize) -> u32 {
        let k = self.starts.partition_point(|(s, _)| *s <= offset);
        self.starts[k.saturating_sub(1)].1
    }
}

/// One figure a table prints, in yuan, and where.
#[derive(Clone, Copy)]
struct Printed {
    yuan: Decimal,
    /// Half a unit of the last printed digit, in yuan.
    half_ulp: Decimal,
    line: u32,
}

/// Runs every narrative check of one document.
pub(crate) fn check(c: &mut Checker, layout: &Layout, year: Option<u16>, kind: Option<&str>) {
    if layout.prose.is_empty() {
        return;
    }
    let stream = Stream::of(layout);
    if !layout.items.is_empty() && stream.text.contains('元') {
        figures(c, layout, &stream);
    }
    if stream.text.contains("决算数") {
        comparisons(c, &stream);
    }
    if let (Some(year), Some("决算")) = (year, kind) {
        years(c, layout, &stream, year);
    }
    contents(c, layout);
}

/// A title without its ordinal, table number, year and body, dot leaders
/// and page number: what two printings of one title share.
fn bare_title(title: &str) -> String {
    let t: String = title.chars().filter(|c| !c.is_whitespace() && *c != '#').collect();
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit() || "….·-".contains(c));
    let (_, t) = strip_enumeration(t);
    title_stem(&t).to_string()
}

/// A contents line that names one table: it has an ordinal (`三、支出决算表`,
/// `(五) 2022年…支出表`), and is not the name of the whole part
/// (`四、2022年东海市本级单位预算表`, `第二部分 …部门决算表`).
fn listed_table(text: &str) -> Option<String> {
    if !text.contains('表') {
        return None;
    }
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '#').collect();
    if t.starts_with('第') || strip_enumeration(&t).0 == 0 {
        return None;
    }
    let bare = bare_title(&t);
    let part = ["部门预算表", "单位预算表", "部门决算表", "单位决算表"].iter().any(|w| bare.ends_with(w));
    let n = bare.chars().count();
    (bare.ends_with('表') && !part && (4..=40).contains(&n)).then_some(bare)
}

/// The tables a table of contents lists (lines before the first table that
/// name one) must be in the document. Contents and tables often word a
/// title differently (`政府性基金财政拨款支出预算表` over a table titled
/// `政府性基金预算财政拨款支出预算表`), so the two lists are aligned in
/// order, pairing the most alike titles; when the contents list more
/// tables than the document holds, the listings left over are reported.
/// Files with no table at all are left to the note that their tables are
/// published separately.
fn contents(c: &mut Checker, layout: &Layout) {
    let Some(first) = layout.tables.first().and_then(|t| t.header_lines.first().copied()) else { return };
    let listed: Vec<(u32, String)> =
        layout.prose.iter().take_while(|p| p.line < first).filter_map(|p| Some((p.line, listed_table(&p.text)?))).collect();
    let found: Vec<String> = layout.tables.iter().map(|t| bare_title(&t.title)).collect();
    // A table of contents is a page or two; a file with thousands of such
    // lines is not one, and the pairing costs listed × found comparisons.
    if listed.len() <= found.len() || listed.len() > MAX_CONTENTS {
        return;
    }
    let matched = align(&listed.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(), &found);
    for ((line, title), matched) in listed.iter().zip(matched) {
        if !matched {
            c.diag(
                vec![*line],
                Severity::Warning,
                "table-listed-not-found",
                format!("the contents (line {line}) list {title}, but the document holds fewer tables than its contents list, and none of them is this one: it is missing, or it was not recognised"),
            );
        }
    }
}

/// The most table titles a table of contents is taken to list.
const MAX_CONTENTS: usize = 200;

/// Which of `listed` are paired with one of `found`, in order, so that the
/// pairs are as alike as possible (LCS similarity, summed). `found` is the
/// shorter list: every found title is paired.
fn align(listed: &[&str], found: &[String]) -> Vec<bool> {
    let (n, m) = (listed.len(), found.len());
    // best[i][j]: the best score pairing listed[i..] with found[j..], every
    // found title paired.
    let mut best = vec![vec![f64::NEG_INFINITY; m + 1]; n + 1];
    for row in best.iter_mut() {
        row[m] = 0.0;
    }
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let pair = budget_layout::name_similarity_at_least(listed[i], &found[j], 0.0).unwrap_or(0.0) + best[i + 1][j + 1];
            best[i][j] = pair.max(best[i + 1][j]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut matched = vec![false; n];
    while i < n && j < m {
        if best[i][j] > best[i + 1][j] {
            matched[i] = true;
            j += 1;
        }
        i += 1;
    }
    matched
}

/// A figure as one table prints it, in yuan, with half a unit of its last
/// digit (the rounding it may carry).
fn printed(item: &ItemRow) -> impl Iterator<Item = Printed> + '_ {
    let unit = item.unit.as_deref().unwrap_or("元");
    item.values.iter().filter_map(move |(_, v)| {
        let v = amount_value(v)?;
        Some(Printed { yuan: to_yuan(v, unit), half_ulp: to_yuan(Decimal::new(5, v.scale() + 1), unit), line: item.line })
    })
}

/// The words before a figure that may name it: the run of name characters
/// up to the figure, without a joining word (`为`, `:`), an ordinal
/// (`(三)`), or the `年度` of a year just before it.
fn name_before(before: &str) -> &str {
    let before = before.trim_end_matches(['为', '是', ':']);
    let start = before.char_indices().rev().take_while(|(_, c)| is_name_char(*c)).last().map_or(before.len(), |(i, _)| i);
    let run = &before[start..];
    // After a higher level's mark (`司法(06款)行政运行`), the name starts anew.
    let run = ["类)", "款)"].iter().filter_map(|m| run.rfind(m).map(|i| i + m.len())).max().map_or(run, |i| &run[i..]);
    let run = run.strip_prefix("年度").or_else(|| run.strip_prefix('年')).unwrap_or(run);
    let run = run.strip_prefix("其中").unwrap_or(run);
    // An ordinal's own characters are name characters: drop it whole.
    let (_, name) = strip_enumeration(run);
    run.get(run.len().saturating_sub(name.len())..).filter(|tail| *tail == name).unwrap_or(run)
}

fn is_name_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || "()“”、".contains(c)
}

/// The figures a name given in prose refers to, and the name as shown:
/// - a 功能分类 row marked with its level (`一般公共服务支出(类)`, `行政运行
///   (01项)`): the rows of that name whose code has that level's length;
/// - a total (`本年支出合计`, `收入预算总计`): the rows so named;
/// - `X总计` where a table's title starts with X (`收入支出总计`,
///   `财政拨款收入支出总计`): that table's 总计 row.
///
/// Other names (`公务接待费`, `基本支出`) are left alone: the same words
/// name different figures in different tables (the 三公 table's 公务接待费
/// includes project spending; the 经济分类 row of that name does not).
fn referents(before: &str, layout: &Layout) -> Option<(String, Vec<Printed>)> {
    let before = before.trim_end_matches(['为', '是', ':']);
    if let Some((head, digits, mark)) = level_mark(before) {
        let name = name_before(head);
        let length = match mark { '类' => 3, '款' => 5, _ => 7 };
        if name.chars().count() < 2 {
            return None;
        }
        let found: Vec<Printed> = layout
            .items
            .iter()
            .filter(|i| i.name == name && i.code.as_ref().is_some_and(|c| c.len() == length && c.ends_with(digits)))
            .flat_map(printed)
            .collect();
        return Some((format!("{name}({digits}{mark})"), found));
    }
    let name = name_before(before);
    if !(name.ends_with("合计") || name.ends_with("总计")) || name.chars().count() < 4 {
        return None;
    }
    let rows: Vec<Printed> = layout.items.iter().filter(|i| i.name == name).flat_map(printed).collect();
    if !rows.is_empty() {
        return Some((name.to_string(), rows));
    }
    let stem = name.strip_suffix("总计")?;
    let table = layout.tables.iter().position(|t| title_stem(&t.title).starts_with(stem) && t.title.contains("总表"))?;
    let totals = layout.items.iter().filter(|i| i.table == table && i.name.ends_with("总计")).flat_map(printed).collect();
    Some((name.to_string(), totals))
}

/// A 功能分类 level mark at the end of `text` (`(类)`, `(06款)`, `(01项)`):
/// the text before it, the code digits in it, and the level.
fn level_mark(text: &str) -> Option<(&str, &str, char)> {
    let inner = text.strip_suffix(')')?;
    let mark = inner.chars().next_back().filter(|c| matches!(c, '类' | '款' | '项'))?;
    let inner = &inner[..inner.len() - mark.len_utf8()];
    let digits_at = inner.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = inner[..digits_at].strip_suffix('(')?;
    Some((head, &inner[digits_at..], mark))
}

/// A title without its number, year and body: `上海市东海区财政局2024年度
/// 财政拨款收入支出决算总表` → `财政拨款收入支出决算总表`.
fn title_stem(title: &str) -> &str {
    let (_, title) = budget_layout::split_table_number(title);
    let after_year = title.find('年').filter(|&i| title.get(i.saturating_sub(4)..i).is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())));
    let t = after_year.map_or(title, |i| &title[i + '年'.len_utf8()..]);
    let t = t.strip_prefix('度').unwrap_or(t);
    t.strip_prefix("部门").or_else(|| t.strip_prefix("单位")).unwrap_or(t)
}

/// Figures named after table rows against those rows.
fn figures(c: &mut Checker, layout: &Layout, stream: &Stream) {
    static MONEY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([0-9][0-9,]*(?:\.[0-9]+)?)(万元|元)").expect("valid regex"));
    for m in MONEY.captures_iter(&stream.text) {
        let (whole, number, unit) = (m.get(0).expect("match"), &m[1], &m[2]);
        let Some(stated) = amount_value(number) else { continue };
        let Some((name, printed)) = referents(&stream.text[..whole.start()], layout) else { continue };
        if printed.is_empty() {
            continue;
        }
        let yuan = to_yuan(stated, unit);
        let tolerance = to_yuan(Decimal::new(5, stated.scale() + 1), unit);
        let line = stream.line_at(whole.start());
        if printed.iter().any(|p| (p.yuan - yuan).abs() <= tolerance + p.half_ulp) {
            c.held("narrative", "narrative-figure", line);
            continue;
        }
        let shown: Vec<String> = printed.iter().take(4).map(|p| format!("{} 元 (line {})", p.yuan.normalize(), p.line)).collect();
        let more = if printed.len() > 4 { format!(" and {} more", printed.len() - 4) } else { String::new() };
        let mut lines = vec![line];
        lines.extend(printed.iter().map(|p| p.line));
        c.diag(
            lines,
            Severity::Warning,
            "narrative-figure-mismatch",
            format!(
                "the text on line {line} gives {name} as {number} {unit}, but the tables print it as {}{more}: the narrative and the tables disagree (the document's own: the figures were read as printed)",
                shown.join(", ")
            ),
        );
    }
}

/// `预算为 A 万元，决算为 B 万元 … 决算数大于预算数`: the words against the figures.
fn comparisons(c: &mut Checker, stream: &Stream) {
    static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"预算(?:数)?为([0-9][0-9,]*(?:\.[0-9]+)?)万?元[，,;；]?(?:支出)?决算(?:数)?为([0-9][0-9,]*(?:\.[0-9]+)?)万?元[。，,;；]?决算数(大于|小于|等于)预算数")
            .expect("valid regex")
    });
    for m in COMPARISON.captures_iter(&stream.text) {
        let (Some(budget), Some(actual)) = (amount_value(&m[1]), amount_value(&m[2])) else { continue };
        let said = &m[3];
        let truth = match actual.cmp(&budget) {
            std::cmp::Ordering::Greater => "大于",
            std::cmp::Ordering::Less => "小于",
            std::cmp::Ordering::Equal => "等于",
        };
        let line = stream.line_at(m.get(3).expect("group").start());
        if said == truth {
            c.held("narrative", "narrative-comparison", line);
        } else {
            c.diag(
                vec![line],
                Severity::Warning,
                "narrative-comparison-mismatch",
                format!("the text on line {line} says 决算数{said}预算数, but the figures it gives are 预算 {} and 决算 {}: 决算数{truth}预算数 (the document's own)", &m[1], &m[2]),
            );
        }
    }
}

/// A 决算's headings and balance dates against its year.
fn years(c: &mut Checker, layout: &Layout, stream: &Stream, year: u16) {
    static AS_AT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"截至(\d{4})年12月31日").expect("valid regex"));
    static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年度?(?:部门|单位)决算").expect("valid regex"));
    for m in AS_AT.captures_iter(&stream.text) {
        if m[1].parse::<u16>().ok() != Some(year) {
            let line = stream.line_at(m.get(0).expect("match").start());
            c.diag(vec![line], Severity::Warning, "year-mismatch", format!("the text on line {line} reports a balance 截至{}年12月31日, but the document is the {year} 决算 (the document's own)", &m[1]));
        }
    }
    // Headings: short lines that name the disclosure, not sentences that
    // compare with another year's.
    for p in &layout.prose {
        let text: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        if text.chars().count() > 40 || text.contains('比') || text.contains('较') || text.contains('。') {
            continue;
        }
        if let Some(m) = HEADING.captures(&text) {
            if m[1].parse::<u16>().ok() != Some(year) {
                c.diag(vec![p.line], Severity::Warning, "year-mismatch", format!("the heading on line {} names the {} 决算, but the document is the {year} 决算 (the document's own)", p.line, &m[1]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use budget_normalize::Row;

    use crate::{extract_rows, Record};

    fn codes(lines: &[&[&str]]) -> Vec<(String, String)> {
        let rows: Vec<Row> = lines.iter().enumerate().map(|(i, cells)| Row::new(i as u32 + 1, cells.iter().copied())).collect();
        extract_rows("t.txt", rows)
            .into_iter()
            .filter_map(|r| match r {
                Record::Diagnostic(d) if d.code.starts_with("narrative") || d.code.starts_with("year") => Some((d.code.to_string(), d.message)),
                _ => None,
            })
            .collect()
    }

    const TABLE: &[&[&str]] = &[
        &["东海市南湖区财政局2024年度部门决算"],
        &["一般公共预算财政拨款支出决算表"],
        &["单位:万元"],
        &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        &["", "合计", "30.00", "20.00", "10.00"],
        &["201", "一般公共服务支出", "30.00", "20.00", "10.00"],
        &["20106", "财政事务", "30.00", "20.00", "10.00"],
    ];

    fn with(prose: &[&'static str]) -> Vec<(String, String)> {
        let mut lines: Vec<&[&str]> = TABLE.to_vec();
        let cells: Vec<[&str; 1]> = prose.iter().map(|p| [*p]).collect();
        lines.extend(cells.iter().map(|c| &c[..]));
        codes(&lines)
    }

    #[test]
    fn narrative_that_agrees_with_its_tables_is_counted_and_not_flagged() {
        let found = with(&[
            "第三部分 东海市南湖区财政局2024年度部门决算情况说明",
            "一般公共预算财政拨款支出主要用于:一般公共服务支出(类)30.00万元,占100%。",
            "财政事务(款)年初预算为32.00万元,支出决算为30.00万元。决算数小于预算数的主要原因是节约开支。",
            "截至2024年12月31日,共有车辆0辆。",
        ]);
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, vec!["narrative-figure-holds", "narrative-comparison-holds"], "{found:?}");
    }

    #[test]
    fn figures_comparisons_and_years_that_disagree_are_the_documents_own() {
        let found = with(&[
            "第三部分 东海市南湖区财政局2023年度部门决算情况说明",
            "一般公共预算财政拨款支出主要用于:一般公共服务支出(类)31.00万元,占100%。",
            "财政事务(款)年初预算为32.00万元,支出决算为30.00万元。决算数大于预算数的主要原因是节约开支。",
            "截至2023年12月31日,共有车辆0辆。",
        ]);
        let mismatches: Vec<&(String, String)> = found.iter().filter(|(c, _)| c.ends_with("-mismatch")).collect();
        let codes: Vec<&str> = mismatches.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, vec!["year-mismatch", "narrative-figure-mismatch", "narrative-comparison-mismatch", "year-mismatch"], "{found:?}");
        assert!(mismatches[1].1.contains("一般公共服务支出(类)") && mismatches[1].1.contains("300000"), "{}", mismatches[1].1);
        assert!(mismatches[2].1.contains("决算数小于预算数"), "{}", mismatches[2].1);
        assert!(mismatches.iter().all(|(_, m)| m.contains("the document's own")));
    }

    #[test]
    fn titles_lose_number_year_body_and_leaders_on_any_text() {
        assert_eq!(super::bare_title("三、东海市南湖区财政局2024年度部门支出决算表……12"), "支出决算表");
        assert_eq!(super::bare_title("表3 收支预算总表"), "收支预算总表");
        // A 年 whose four bytes before are inside a character, not a year.
        assert_eq!(super::bare_title("资金编年表"), "资金编年表");
        assert_eq!(super::name_before("其中:(三)公务接待费"), "公务接待费");
        assert_eq!(super::name_before("司法(06款)行政运行"), "行政运行");
    }

    #[test]
    fn contents_and_tables_are_paired_in_order_by_likeness() {
        let found: Vec<String> = ["收入支出决算总表", "收入决算表", "财政拨款收入支出决算总表", "政府性基金预算财政拨款支出决算表"].map(String::from).to_vec();
        let listed = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "政府性基金财政拨款支出决算表"];
        assert_eq!(super::align(&listed, &found), vec![true, true, false, true, true]);
        assert_eq!(super::listed_table("三、东海市南湖区财政局2024年度支出决算表").as_deref(), Some("支出决算表"));
        assert_eq!(super::listed_table("第二部分 东海市南湖区财政局2024年度部门决算表"), None);
        assert_eq!(super::listed_table("四、2022年东海市本级单位预算表"), None);
        assert_eq!(super::listed_table("西江省级部门预算公开报表"), None);
    }

    #[test]
    fn a_name_that_only_ends_like_a_row_is_not_that_row() {
        // 专户资金收入合计 is not the table's 合计, nor is 增加一般公共服务支出 its row.
        let found = with(&["专户资金收入合计5.00万元。", "比上年增加一般公共服务支出(类)2.00万元。", "公务接待费1.00万元。"]);
        assert!(found.iter().all(|(c, _)| !c.ends_with("-mismatch")), "{found:?}");
    }
}

//! Space-aligned text dumps (`pdftotext -layout` and the many "PDF to text"
//! tools like it) to rows of cells.
//!
//! Such a dump lines its columns up with runs of spaces, in display width: a
//! CJK character takes two columns. A wrapped cell goes on at the same
//! column on the next line, and a merged cell appears on one line of its
//! span. That is a page of positioned text drawn in a fixed-width font, so
//! each character becomes a glyph at its column and line, and the same
//! borderless-table reader the PDF path uses finds the columns, joins the
//! wrapped cells and splits pages at form feeds (`\f`). Rows keep the
//! dump's line numbers, so records point at the lines the user sees.
mod grid;
mod header;

use budget_normalize::Row;
use memchr::{memchr, memchr2_iter};

use crate::{page_rows_after, Carried, PageRow};
use grid::{aligned_starts, layout_page, Metric};
use header::{align_headers_to_data, fold_centred_labels, join_spread_letters, spread_pieces, stack_header_bands};

/// Font size of the synthetic glyphs, points.
const SIZE: f32 = 10.0;
/// Width of one display column, points. A single space (one column) stays
/// under the reader's cell gap (0.45 size) and over its column gap (0.3
/// size): words a space apart stay one cell unless the lines around them
/// confirm a column boundary there, and two spaces always split.
const COLUMN: f32 = 4.2;
/// Distance from one line's top to the next, points, and the height of a
/// glyph. The lines of a dump are all one distance apart, so the gap
/// between them is set where the borderless reader lets a table row's
/// cells wrap onto the next line (under 1.0 size) but does not join a line
/// of text to the one above as a wrapped paragraph (0.5 size and over): a
/// dump's text lines are kept apart, as a tab-separated dump's are.
const PITCH: f32 = 14.0;
const HEIGHT: f32 = 8.5;
/// Columns of a tab stop, as terminals and `expand` set them.
const TAB: usize = 8;
/// Most lines read as one page when the dump has no form feeds: the
/// borderless reader looks back over a table's lines, so its pages are kept
/// page-sized. Columns carry over the cut as over a page break.
const MAX_PAGE_LINES: usize = 200;
/// A page with no form feed is cut at the first blank line after this many
/// lines, so that a cut rarely falls inside a table.
const SOFT_PAGE_LINES: usize = 80;

/// True when a dump's columns are aligned with spaces rather than separated
/// by tabs or markdown pipes: at least three lines have a run of two or more
/// spaces between their texts and no tab, and they outnumber the lines that
/// are tab-separated or markdown rows. Asked of every dump: it stops as soon
/// as the lines left could not change the answer.
pub fn is_space_aligned<'a, I>(lines: I) -> bool
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: ExactSizeIterator,
{
    let lines = lines.into_iter();
    let mut left = lines.len();
    let (mut spaced, mut other) = (0usize, 0usize);
    for line in lines {
        left -= 1;
        let inner = line.trim();
        if inner.starts_with('|') && inner.ends_with('|') && inner.len() > 1 {
            other += 1;
        } else {
            let (tab, run) = scan(inner);
            if tab {
                other += usize::from(!run);
            } else if run {
                spaced += 1;
            }
        }
        if other >= spaced + left {
            return false;
        }
    }
    spaced >= 3 && spaced > other
}

/// Whether a trimmed line holds a tab, and a run of two or more spaces
/// (ASCII or ideographic `E3 80 80`). Asked of every line of every dump:
/// `memchr` skips the text between spaces and `E3` bytes (the ideographic
/// space found by its first byte; `str::contains` would look for its last,
/// which most CJK characters share).
fn scan(inner: &str) -> (bool, bool) {
    let b = inner.as_bytes();
    let run = memchr2_iter(b' ', 0xE3, b).any(|i| match b[i] {
        b' ' => b.get(i + 1) == Some(&b' '),
        _ => b.get(i + 1..i + 3) == Some(&[0x80, 0x80]),
    });
    (memchr(b'\t', b).is_some(), run)
}

/// A run of two or more spaces (ASCII or ideographic) inside the text.
fn has_inner_space_run(inner: &str) -> bool {
    scan(inner).1
}

/// Rows of a space-aligned dump: one per table row or text line, numbered by
/// the dump line it starts on, and one blank row per blank line. Lines that
/// continue a wrapped cell belong to the row above and give no row of their
/// own.
pub fn rows<'a>(lines: impl IntoIterator<Item = (u32, &'a str)>) -> Vec<Row> {
    let mut out = Vec::new();
    let mut carried = Carried::default();
    let mut page: Vec<(u32, &str)> = Vec::new();
    let mut number = 0;
    let mut last_table_line: Option<&str> = None;
    for (line, text) in lines {
        let breaks = text.contains('\u{c}');
        let full = page.len() >= MAX_PAGE_LINES || (page.len() >= SOFT_PAGE_LINES && text.trim().is_empty());
        // A line of one text after a blank line (a title, a unit line, a
        // paragraph) starts a new stretch: a table above it and one below it
        // have columns of their own, which one run of lines would merge. (A
        // PDF tells them apart by type size and spacing; a dump has neither.)
        // A line that starts where a cell of the last table line starts is
        // that table's (a row with one cell filled).
        let heading = page.last().is_some_and(|l| is_blank(l.1))
            && !text.trim().is_empty()
            && !has_inner_space_run(text.trim())
            && (titled(text) || !last_table_line.is_some_and(|t| starts_a_cell_of(text, t)));
        if !text.trim().is_empty() && has_inner_space_run(text.trim()) {
            last_table_line = Some(text);
        }
        if (breaks || full || heading) && !page.is_empty() {
            if heading {
                last_table_line = None;
            }
            number += 1;
            carried = page_into(&page, number, carried, &mut out);
            page.clear();
        }
        page.push((line, text));
    }
    if !page.is_empty() {
        page_into(&page, number + 1, carried, &mut out);
    }
    out
}

/// Reads one page of lines into `out`; returns the columns of a table that
/// runs to its end.
fn page_into(lines: &[(u32, &str)], number: u32, carried: Carried, out: &mut Vec<Row>) -> Carried {
    let metric = if aligned_starts(lines, Metric::Display) >= aligned_starts(lines, Metric::Chars) { Metric::Display } else { Metric::Chars };

    let page = layout_page(lines, number, metric);
    // Columns are not carried over: a dump lays out each page on its own
    // grid of characters, so a column moves by a few characters from one
    // page to the next, and the previous page's boundaries would cut it.
    let _ = carried;
    let (mut rows, next) = page_rows_after(&page, Carried::default());
    rows.iter_mut().for_each(join_spread_letters);
    fold_centred_labels(&mut rows);
    stack_header_bands(&mut rows);
    rows.iter_mut().for_each(spread_pieces);
    let text_at = |top: f32| lines.get((top / PITCH).round() as usize).map_or("", |l| l.1);
    align_headers_to_data(&mut rows, &|r: &PageRow| metric.pieces(text_at(r.bbox[1])));
    let mut rows = rows.into_iter().peekable();
    for (k, &(line, text)) in lines.iter().enumerate() {
        let top = k as f32 * PITCH;
        // A row starts on the line at its top; a blank line is a blank row;
        // any other line is a wrapped cell's continuation.
        if let Some(row) = rows.next_if(|r| (r.bbox[1] - top).abs() < PITCH / 2.0) {
            out.push(Row::new(line, row.cells));
        } else if is_blank(text) {
            out.push(Row::new(line, [""]));
        }
    }
    next
}

/// True for a table's title or unit line: it names a table (`…表`) or the
/// unit of its money (`单位：万元`).
fn titled(text: &str) -> bool {
    let t = text.trim().trim_start_matches('#').trim();
    t.ends_with('表') || t.starts_with("单位：") || t.starts_with("单位:")
}

/// True when `text` starts within a column of where a cell of `table`
/// starts, counting columns either way a dump may.
fn starts_a_cell_of(text: &str, table: &str) -> bool {
    [Metric::Display, Metric::Chars].into_iter().any(|m| {
        let first = m.pieces(text).first().map(|p| p.0);
        first.is_some_and(|x| m.pieces(table).iter().any(|p| p.0.abs_diff(x) <= 1))
    })
}

fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[Row]) -> Vec<(u32, Vec<String>)> {
        rows.iter().map(|r| (r.line, r.raw_texts().iter().map(str::to_string).collect())).collect()
    }

    fn numbered(text: &str) -> Vec<(u32, &str)> {
        text.lines().enumerate().map(|(k, l)| (k as u32 + 1, l)).collect()
    }

    proptest::proptest! {
        #[test]
        fn a_space_run_is_two_spaces_or_an_ideographic_one(text in "[ a　长。、\u{3001}\u{3080}]{0,12}") {
            proptest::prop_assert_eq!(has_inner_space_run(&text), text.contains("  ") || text.contains('\u{3000}'));
        }
    }

    #[test]
    fn a_line_that_fills_every_column_of_a_wide_row_again_is_a_row() {
        // After a blank line, three rows form a run of their own: the widest
        // text of each column is in the middle row, so only the number of
        // cells tells that the last line is a row and not that row wrapping.
        let text = "\
绩效指标      一级指标      二级指标            三级指标              指标值

              产出指标      数量指标            巡查次数              1321次
              效益指标      生态效益指标        东湖环境改善情况      持续改善
              成本指标      经济成本指标        人均成本              ≤70元
";
        let got = cells(&rows(numbered(text)));
        let level1: Vec<(u32, &str)> = got.iter().skip(2).map(|(line, c)| (*line, c[1].as_str())).collect();
        assert_eq!(level1, [(3, "产出指标"), (4, "效益指标"), (5, "成本指标")], "{got:?}");
    }

    #[test]
    fn columns_are_found_in_display_width_and_wrapped_cells_rejoin() {
        let text = "\
项目名称          一级指标    指标值   单位
道路养护经费      产出指标    100      公里
城乡社区公共设    效益指标    95       %
施维护经费
合计                          195
";
        let rows = rows(numbered(text));
        let got = cells(&rows);
        assert_eq!(got[0], (1, vec!["项目名称".into(), "一级指标".into(), "指标值".into(), "单位".into()]));
        assert_eq!(got[2], (3, vec!["城乡社区公共设施维护经费".into(), "效益指标".into(), "95".into(), "%".into()]));
        // The continuation line gives no row of its own.
        assert_eq!(got[3].0, 5);
        assert_eq!(got[3].1.iter().filter(|c| !c.is_empty()).count(), 2);
    }

    #[test]
    fn a_single_space_after_an_amount_ends_its_cell() {
        // As `pdftotext -layout` wrote a two-sided table: the amount pushed
        // the next label right, up against it.
        let text = [
            "           项目             预算数                       项目          预算数",
            "一、财政拨款收入                   189,767,551 一、一般公共服务支出                  3,296,600",
            "1. 一般公共预算资金                189,767,551 二、公共安全支出                    2,878,025",
        ]
        .join("\n");
        let got = cells(&rows(numbered(&text)));
        assert_eq!(got[1].1, ["一、财政拨款收入", "189,767,551", "一、一般公共服务支出", "3,296,600"]);
    }

    #[test]
    fn header_words_centred_over_flush_right_figures_share_their_column() {
        // 事业收入 is centred over figures set flush right: no character of
        // one sits above the other.
        let text = "\
科目名称        合计      事业收入        其他收入
行政运行       1,000.00                 200.00
事业运行         500.00         300.00
";
        let got = cells(&rows(numbered(text)));
        assert_eq!(got[0].1, vec!["科目名称".to_string(), "合计".into(), "事业收入".into(), "其他收入".into()]);
        assert_eq!(got[2].1, vec!["事业运行".to_string(), "500.00".into(), "300.00".into(), "".into()]);
    }

    #[test]
    fn a_header_left_behind_by_pushed_rows_moves_over_to_their_columns() {
        // pdftotext counts characters: long names push the rows' cells
        // right of where the page drew them, and of the header.
        let rows = vec![
            PageRow { cells: ["单位名称", "", "一级指标", "二级指标", "", "指标值"].map(String::from).to_vec(), bbox: [0.0; 4] },
            PageRow { cells: ["某某单位", "", "", "产出指标", "数量指标", "100"].map(String::from).to_vec(), bbox: [0.0; 4] },
        ];
        let mut rows = rows;
        align_headers_to_data(&mut rows, &|_| Vec::new());
        assert_eq!(rows[0].cells, ["单位名称", "", "", "一级指标", "二级指标", "指标值"]);
    }

    #[test]
    fn a_centred_group_title_moves_to_the_first_column_of_its_span() {
        let text = [
            "  项目                    收入预算",
            "科目名称      合计      财政拨款收入      事业收入",
            "行政运行      1,000.00  800.00            200.00",
            "事业运行      500.00    300.00            200.00",
        ]
        .join("\n");
        let got = cells(&rows(numbered(&text)));
        assert_eq!(got[0].1, ["项目", "收入预算", "", ""]);
        assert_eq!(got[1].1, ["科目名称", "合计", "财政拨款收入", "事业收入"]);
    }

    #[test]
    fn header_words_name_the_filled_columns_in_order_when_they_are_as_many() {
        // As `pdftotext -layout` writes a corpus PDF (names invented): the rows' long names pushed
        // their cells right of the header, which sits where the page drew it.
        let text = [
            "单位名称             一级项目名称      二级项目名称             绩效指标",
            "                                                一级指标   二级指标    三级指标               计算符号 指标值   计量单位",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           效益指标   社会效益    有效投诉次数(次)          <    0     次",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           效益指标   社会效益    机构运营正常率(%)         =    100   (%)",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           产出指标   时效指标    设备维修响应及时性          定性   及时",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           产出指标   数量指标    日常安保人员配备数(位)       =    3     位",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           产出指标   数量指标    日常保洁人员配备数(位)       =    4     位",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           满意度指标 服务对象满意度 群众代表满意度(%)          >    85    (%)",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           效益指标   可持续影响   维护管理机制健全性          定性   健全",
            "东海市人民代表大会常务委员会办公室 综合事务保障业务管理 服务站点运行经费           效益指标   社会效益    安全事故发生数(次)         <    0     次",
        ]
        .join("\n");
        let got = cells(&rows(numbered(&text)));
        let filled = |k: usize| got[k].1.iter().map(|c| !c.is_empty()).collect::<Vec<_>>();
        let named: Vec<bool> = filled(0).iter().zip(filled(1)).map(|(a, b)| *a || b).collect();
        assert_eq!(named, filled(2), "{got:?}");
        assert_eq!(got[0].1.iter().filter(|c| !c.is_empty()).count(), 4, "{got:?}");
    }

    #[test]
    fn letters_spread_over_a_cell_are_joined_when_they_make_a_word() {
        let row = |cells: &[&str]| PageRow { cells: cells.iter().map(|c| c.to_string()).collect(), bbox: [0.0; 4] };
        let mut total = row(&["", "合", "计", "", "0"]);
        join_spread_letters(&mut total);
        assert_eq!(total.cells, ["", "合计", "", "", "0"]);
        let mut parts = row(&["类", "款", "项", "科目名称"]);
        join_spread_letters(&mut parts);
        assert_eq!(parts.cells, ["类", "款", "项", "科目名称"]);
    }

    #[test]
    fn a_label_centred_around_its_figures_is_folded_into_their_row() {
        let text = [
            "科目编码    科目名称          合计      基本支出",
            "2013950     事业运行          11.31     11.31",
            "            其他社会工作",
            "2013999                       202.24    202.24",
            "            事务支出",
            "2080505     养老保险缴费      6.18      6.18",
        ]
        .join("\n");
        let got = cells(&rows(numbered(&text)));
        assert_eq!(got[2], (3, vec!["2013999".to_string(), "其他社会工作事务支出".into(), "202.24".into(), "202.24".into()]));
        assert_eq!(got[1].1[1], "事业运行");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn detection_wants_space_runs_to_outnumber_tabs_and_pipes() {
        let spaced = "a  b\nc  d\ne  f\n";
        assert!(is_space_aligned(spaced.lines().collect::<Vec<_>>()));
        let tabs = "a\tb\nc\td\ne\tf\ng  h\ni  j\nk  l\nm\tn\n";
        assert!(!is_space_aligned(tabs.lines().collect::<Vec<_>>()));
        let markdown = "| a  | b |\n| c  | d |\n| e  | f |\n";
        assert!(!is_space_aligned(markdown.lines().collect::<Vec<_>>()));
        assert!(!is_space_aligned("一段文字，没有表格。\n第二段  文字\n".lines().collect::<Vec<_>>()));
    }

    #[test]
    fn tabs_expand_to_tab_stops_and_form_feeds_start_pages() {
        let text = "项目\t\t金额\n道路养护  100\n\u{c}绿化养护  200\n";
        let rows = rows(numbered(text));
        let got = cells(&rows);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].1, vec!["绿化养护".to_string(), "200".into()]);
    }
}

//! Table reconstruction on synthetic pages: a ruled grid with spanning
//! cells, a borderless table with a wrapped cell, and prose lines.
use budget_pdf::{Glyph, Page, Rule};
use budget_tables::page_rows;

/// Lays out `text` as glyphs of `size` points starting at (x, y top).
fn text(out: &mut Vec<Glyph>, s: &str, x: f32, y: f32, size: f32) {
    for (i, c) in s.chars().enumerate() {
        let x0 = x + i as f32 * size;
        out.push(Glyph { text: c.to_string(), bbox: [x0, y, x0 + size, y + size], size, invisible: false });
    }
}

fn h(y: f32, x0: f32, x1: f32) -> Rule {
    Rule { x0, y0: y, x1, y1: y }
}

fn v(x: f32, y0: f32, y1: f32) -> Rule {
    Rule { x0: x, y0, x1: x, y1 }
}

#[test]
fn ruled_grid_with_a_cell_spanning_two_rows() {
    // Columns at 0, 100, 200, 300; rows at 0, 20, 40, 60. The first column's
    // cell spans rows 2 and 3 (no rule between them in that column).
    let mut glyphs = Vec::new();
    text(&mut glyphs, "项目", 5.0, 5.0, 10.0);
    text(&mut glyphs, "指标", 105.0, 5.0, 10.0);
    text(&mut glyphs, "值", 205.0, 5.0, 10.0);
    text(&mut glyphs, "会议费", 5.0, 35.0, 10.0);
    text(&mut glyphs, "出勤率", 105.0, 25.0, 10.0);
    text(&mut glyphs, "90%", 205.0, 25.0, 10.0);
    text(&mut glyphs, "满意度", 105.0, 45.0, 10.0);
    text(&mut glyphs, "95%", 205.0, 45.0, 10.0);
    let mut rules = vec![h(0.0, 0.0, 300.0), h(20.0, 0.0, 300.0), h(40.0, 100.0, 300.0), h(60.0, 0.0, 300.0)];
    rules.extend([0.0, 100.0, 200.0, 300.0].map(|x| v(x, 0.0, 60.0)));
    let page = Page { number: 1, width: 600.0, height: 800.0, glyphs, rules, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows, vec![vec!["项目", "指标", "值"], vec!["会议费", "出勤率", "90%"], vec!["", "满意度", "95%"]]);
}

#[test]
fn wrapped_text_in_a_ruled_cell_is_one_cell() {
    let mut glyphs = Vec::new();
    text(&mut glyphs, "人大代表", 5.0, 4.0, 10.0);
    text(&mut glyphs, "满意度", 5.0, 16.0, 10.0);
    text(&mut glyphs, "95", 105.0, 10.0, 10.0);
    let mut rules = vec![h(0.0, 0.0, 200.0), h(30.0, 0.0, 200.0)];
    rules.extend([0.0, 100.0, 200.0].map(|x| v(x, 0.0, 30.0)));
    let page = Page { number: 1, glyphs, rules, ..Default::default() };
    let rows = page_rows(&page);
    assert_eq!(rows[0].cells, vec!["人大代表满意度", "95"]);
}

#[test]
fn borderless_table_columns_come_from_alignment() {
    let mut glyphs = Vec::new();
    text(&mut glyphs, "2024年预算表", 0.0, 0.0, 10.0);
    text(&mut glyphs, "名称", 0.0, 30.0, 10.0);
    text(&mut glyphs, "运算符", 100.0, 30.0, 10.0);
    text(&mut glyphs, "目标值", 200.0, 30.0, 10.0);
    text(&mut glyphs, "受益人员满意度", 0.0, 50.0, 10.0);
    text(&mut glyphs, "≥", 100.0, 50.0, 10.0);
    text(&mut glyphs, "95", 200.0, 50.0, 10.0);
    // A row whose name fills its column and wraps onto the next line.
    text(&mut glyphs, "系统故障修复处理", 0.0, 70.0, 10.0);
    text(&mut glyphs, "时间", 0.0, 81.0, 10.0);
    text(&mut glyphs, "≤", 100.0, 70.0, 10.0);
    text(&mut glyphs, "0.5", 200.0, 70.0, 10.0);
    // A row with an empty middle cell.
    text(&mut glyphs, "质效提升", 0.0, 100.0, 10.0);
    text(&mut glyphs, "明显", 200.0, 100.0, 10.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows[0], vec!["2024年预算表"]);
    assert_eq!(rows[1], vec!["名称", "运算符", "目标值"]);
    assert_eq!(rows[2], vec!["受益人员满意度", "≥", "95"]);
    assert_eq!(rows[3], vec!["系统故障修复处理时间", "≤", "0.5"]);
    assert_eq!(rows[4], vec!["质效提升", "", "明显"]);
}

#[test]
fn pages_are_separated_by_a_blank_row_and_rows_carry_their_page() {
    let mut a = Vec::new();
    text(&mut a, "第一页", 0.0, 0.0, 10.0);
    let mut b = Vec::new();
    text(&mut b, "第二页", 0.0, 0.0, 10.0);
    let doc = budget_pdf::Document {
        pages: vec![Page { number: 1, glyphs: a, ..Default::default() }, Page { number: 2, glyphs: b, ..Default::default() }],
        notes: Vec::new(),
    };
    let rows = budget_tables::rows(&doc);
    assert_eq!(rows.len(), 3);
    assert!(rows[1].is_blank());
    assert_eq!(rows[2].place.map(|p| p.page), Some(2));
    assert_eq!(rows[2].line, 3);
}

/// Two ruled tables on one page whose column rules sit less than a point
/// apart (seen in LibreOffice renderings) keep their own rules: joining the
/// rules must not extend the lower table's segment over the upper table.
#[test]
fn two_tables_with_nearly_aligned_rules_keep_their_columns() {
    let mut glyphs = Vec::new();
    text(&mut glyphs, "甲", 5.0, 5.0, 10.0);
    text(&mut glyphs, "乙", 105.0, 5.0, 10.0);
    text(&mut glyphs, "丙", 5.0, 105.0, 10.0);
    text(&mut glyphs, "丁", 105.0, 105.0, 10.0);
    let mut rules = vec![h(0.0, 0.0, 200.0), h(20.0, 0.0, 200.0), h(100.0, 0.0, 200.0), h(120.0, 0.0, 200.0)];
    rules.extend([0.0, 100.0, 200.0].map(|x| v(x, 0.0, 20.0)));
    rules.extend([0.0, 100.8, 200.0].map(|x| v(x, 100.0, 120.0)));
    let page = Page { number: 1, glyphs, rules, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows, vec![vec!["甲", "乙"], vec!["丙", "丁"]]);
}

#[test]
fn a_piece_that_does_not_fit_beside_the_text_above_is_a_wrap() {
    // The name column holds eight characters. "出勤率" leaves room for one
    // more character but not for the unbreakable "(%)", so the line below
    // continues it; "满意度" below a short "服务" is a row of its own
    // (it would have fitted), and so is a figure.
    let mut glyphs = Vec::new();
    text(&mut glyphs, "名称", 0.0, 0.0, 10.0);
    text(&mut glyphs, "目标值", 100.0, 0.0, 10.0);
    text(&mut glyphs, "系统故障修复处理", 0.0, 20.0, 10.0);
    text(&mut glyphs, "≤", 100.0, 20.0, 10.0);
    text(&mut glyphs, "会议出勤率总计", 0.0, 40.0, 10.0);
    text(&mut glyphs, "(%)", 0.0, 51.0, 10.0);
    text(&mut glyphs, "90", 100.0, 40.0, 10.0);
    text(&mut glyphs, "服务", 0.0, 70.0, 10.0);
    text(&mut glyphs, "满意度", 0.0, 81.0, 10.0);
    text(&mut glyphs, "95", 100.0, 81.0, 10.0);
    // The last row's name wraps onto a line of its own at the foot of the table.
    text(&mut glyphs, "接受代表议案件数", 0.0, 100.0, 10.0);
    text(&mut glyphs, "80", 100.0, 100.0, 10.0);
    text(&mut glyphs, "合计", 0.0, 111.0, 10.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(
        rows,
        vec![
            vec!["名称", "目标值"],
            vec!["系统故障修复处理", "≤"],
            vec!["会议出勤率总计(%)", "90"],
            vec!["服务", ""],
            vec!["满意度", "95"],
            vec!["接受代表议案件数合计", "80"],
        ]
    );
}

#[test]
fn rows_set_further_apart_than_wrapped_lines_are_not_wraps() {
    // Lines inside a cell are 11 points apart, rows 14 (cell padding). Both
    // columns of "项目受益人 | 140" are full, so by fit alone the next row
    // would continue it; only the pitch tells them apart.
    let mut glyphs = Vec::new();
    text(&mut glyphs, "名称", 0.0, 0.0, 10.0);
    text(&mut glyphs, "目标值", 100.0, 0.0, 10.0);
    text(&mut glyphs, "项目受益人", 0.0, 14.0, 10.0);
    text(&mut glyphs, "140", 100.0, 14.0, 10.0);
    text(&mut glyphs, "提升人大代", 0.0, 28.0, 10.0);
    text(&mut glyphs, "明显", 100.0, 28.0, 10.0);
    text(&mut glyphs, "设备使用年", 0.0, 42.0, 10.0);
    text(&mut glyphs, "限", 0.0, 53.0, 10.0);
    text(&mut glyphs, "6", 100.0, 42.0, 10.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(
        rows,
        vec![vec!["名称", "目标值"], vec!["项目受益人", "140"], vec!["提升人大代", "明显"], vec!["设备使用年限", "6"]]
    );
}

#[test]
fn a_larger_title_between_two_tables_keeps_their_columns_apart() {
    // Two borderless tables, one under the other, with different columns:
    // the second one's text runs across the first one's gap at 170..200.
    // Its title is set larger; it must end the first table, or the two
    // would be read as one and that gap would be lost.
    let mut glyphs = Vec::new();
    text(&mut glyphs, "单位", 0.0, 0.0, 10.0);
    text(&mut glyphs, "小计", 100.0, 0.0, 10.0);
    text(&mut glyphs, "一般公共预算", 200.0, 0.0, 10.0);
    text(&mut glyphs, "合计", 0.0, 14.0, 10.0);
    text(&mut glyphs, "4213.86", 100.0, 14.0, 10.0);
    text(&mut glyphs, "4185.26", 200.0, 14.0, 10.0);
    text(&mut glyphs, "支出总表", 0.0, 28.0, 14.0);
    text(&mut glyphs, "科目名称", 0.0, 46.0, 10.0);
    text(&mut glyphs, "基本支出合计", 150.0, 46.0, 10.0);
    text(&mut glyphs, "人大事务", 0.0, 60.0, 10.0);
    text(&mut glyphs, "3587.27", 150.0, 60.0, 10.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows[1], vec!["合计", "4213.86", "4185.26"]);
    assert_eq!(rows[2], vec!["支出总表"]);
    assert_eq!(rows[4], vec!["人大事务", "3587.27"]);
}

#[test]
fn a_wide_line_starting_inside_a_table_is_a_cell_and_at_its_edge_a_paragraph() {
    // A form, rows 19 points apart: the goal under "总体目标" runs across
    // the column to its right; a note as wide at the table's left edge is
    // text of its own.
    let mut glyphs = Vec::new();
    text(&mut glyphs, "项目名称", 0.0, 0.0, 10.0);
    text(&mut glyphs, "会议经费", 60.0, 0.0, 10.0);
    text(&mut glyphs, "项目性质", 120.0, 0.0, 10.0);
    text(&mut glyphs, "专项业务", 180.0, 0.0, 10.0);
    text(&mut glyphs, "绩效目标", 0.0, 19.0, 10.0);
    text(&mut glyphs, "总体目标", 120.0, 19.0, 10.0);
    text(&mut glyphs, "保障年度所有人大会议顺利召开", 120.0, 38.0, 10.0);
    for row in 0..8 {
        let y = 57.0 + 19.0 * row as f32;
        text(&mut glyphs, "产出指标", 60.0, y, 10.0);
        text(&mut glyphs, "达标", 180.0, y, 10.0);
    }
    text(&mut glyphs, "注：本表所列全部项目均为上年结转项目", 0.0, 209.0, 10.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows[0], vec!["项目名称", "会议经费", "项目性质", "专项业务"]);
    assert_eq!(rows[2], vec!["", "", "保障年度所有人大会议顺利召开", ""]);
    assert_eq!(rows[3], vec!["", "产出指标", "", "达标"]);
    assert_eq!(rows[11], vec!["注：本表所列全部项目均为上年结转项目"]);
}

#[test]
fn a_table_continued_on_the_next_page_keeps_its_columns_and_its_first_cell() {
    // Page 1 ends inside a form; page 2 opens with the rest of its last row,
    // one cell in the third column, then more rows of the same columns.
    let mut a = Vec::new();
    for (row, label) in ["项目名称", "主管部门", "项目资金"].iter().enumerate() {
        let y = 19.0 * row as f32;
        text(&mut a, label, 0.0, y, 10.0);
        text(&mut a, "上海市", 60.0, y, 10.0);
        text(&mut a, "实施单位", 120.0, y, 10.0);
        text(&mut a, "办公厅", 180.0, y, 10.0);
    }
    text(&mut a, "绩效目标", 0.0, 57.0, 10.0);
    text(&mut a, "总体目标", 120.0, 57.0, 10.0);
    let mut b = Vec::new();
    text(&mut b, "完成人大事务", 120.0, 0.0, 10.0);
    for row in 1..9 {
        let y = 19.0 * row as f32;
        text(&mut b, "产出指标", 60.0, y, 10.0);
        text(&mut b, "数量指标", 120.0, y, 10.0);
        text(&mut b, "≥85(%)", 180.0, y, 10.0);
    }
    let doc = budget_pdf::Document {
        pages: vec![Page { number: 1, glyphs: a, ..Default::default() }, Page { number: 2, glyphs: b, ..Default::default() }],
        notes: Vec::new(),
    };
    let rows: Vec<Vec<String>> = budget_tables::rows(&doc).iter().map(|r| r.cell_texts().map(str::to_owned).collect()).collect();
    assert_eq!(rows[5], vec!["", "", "完成人大事务", ""]);
    assert_eq!(rows[6], vec!["", "产出指标", "数量指标", "≥85(%)"]);
}

#[test]
fn an_overhanging_mark_does_not_hide_a_column_gap() {
    // The second column's text ends at 140, one line's closing mark hangs to
    // 148, and the next column starts at 150: the gap is 140..150 with one
    // line in it, not the 2-point sliver no line covers.
    let mut glyphs = Vec::new();
    text(&mut glyphs, "一级", 0.0, 0.0, 10.0);
    text(&mut glyphs, "三级指标", 50.0, 0.0, 10.0);
    text(&mut glyphs, "指标值", 150.0, 0.0, 10.0);
    for row in 1..8 {
        let y = 19.0 * row as f32;
        text(&mut glyphs, "产出", 0.0, y, 10.0);
        if row == 3 {
            // A long name and no value beside it.
            text(&mut glyphs, "党务工作的水平完成。", 50.0, y, 10.0);
        } else {
            text(&mut glyphs, "党员活动完成率指标", 50.0, y, 10.0);
            text(&mut glyphs, "=100(%)", 150.0, y, 10.0);
        }
    }
    glyphs.iter_mut().filter(|g| g.text == "。").for_each(|g| g.bbox[2] = 148.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows[3], vec!["产出", "党务工作的水平完成。", ""]);
    assert_eq!(rows[4], vec!["产出", "党员活动完成率指标", "=100(%)"]);
}

#[test]
fn a_justified_paragraph_with_wide_line_spacing_is_one_text() {
    // Justified prose set 1.75 sizes apart (a fixed 28-point spacing for
    // 16-point type is common), with gaps between words wide enough to split
    // a line into pieces: its lines still wrap into one text.
    let mut glyphs = Vec::new();
    text(&mut glyphs, "本部门共五个项目", 0.0, 0.0, 10.0);
    text(&mut glyphs, "实行绩效目标", 86.0, 0.0, 10.0);
    text(&mut glyphs, "管理", 0.0, 17.5, 10.0);
    text(&mut glyphs, "涉及财政性资金合计五千万", 26.0, 17.5, 10.0);
    text(&mut glyphs, "元。", 0.0, 35.0, 10.0);
    let page = Page { number: 1, glyphs, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows, vec![vec!["本部门共五个项目 实行绩效目标管理 涉及财政性资金合计五千万元。"]]);
}

/// A ruled table continued from the page before, printed without its top
/// rule: the vertical rules still frame its first row, which is a row of the
/// grid, not loose text split at its gaps.
#[test]
fn a_ruled_table_without_its_top_rule_keeps_its_first_row_in_the_grid() {
    let mut glyphs = Vec::new();
    text(&mut glyphs, "会议费", 105.0, 5.0, 10.0);
    text(&mut glyphs, "110.05", 305.0, 5.0, 10.0);
    text(&mut glyphs, "会议服务", 205.0, 25.0, 10.0);
    text(&mut glyphs, "110.05", 305.0, 25.0, 10.0);
    // Horizontal rules at 20 and 40 only; the vertical rules start at 0.
    let mut rules = vec![h(20.0, 0.0, 400.0), h(40.0, 0.0, 400.0)];
    rules.extend([0.0, 100.0, 200.0, 300.0, 400.0].map(|x| v(x, 0.0, 40.0)));
    let page = Page { number: 1, glyphs, rules, ..Default::default() };
    let rows: Vec<Vec<String>> = page_rows(&page).into_iter().map(|r| r.cells).collect();
    assert_eq!(rows, vec![vec!["", "会议费", "", "110.05"], vec!["", "", "会议服务", "110.05"]]);
}

/// The last row of a ruled table alone on a new page, its 合计 spanning the
/// code and name columns, has fewer rules than the table: its cells go back
/// under the columns of the page before.
#[test]
fn a_spanning_row_continued_on_a_new_page_keeps_the_columns_of_the_page_before() {
    let grid = |rows: &[&[(&str, f32)]], xs: &[f32]| {
        let mut glyphs = Vec::new();
        for (r, cells) in rows.iter().enumerate() {
            for (t, x) in cells.iter() {
                text(&mut glyphs, t, x + 5.0, 20.0 * r as f32 + 5.0, 10.0);
            }
        }
        let bottom = 20.0 * rows.len() as f32;
        let mut rules: Vec<Rule> = (0..=rows.len()).map(|r| h(20.0 * r as f32, xs[0], xs[xs.len() - 1])).collect();
        rules.extend(xs.iter().map(|&x| v(x, 0.0, bottom)));
        (glyphs, rules)
    };
    let (a, ra) = grid(&[&[("201", 0.0), ("01", 50.0), ("行政运行", 100.0), ("10", 250.0), ("10", 350.0)]], &[0.0, 50.0, 100.0, 250.0, 350.0, 450.0]);
    let (b, rb) = grid(&[&[("合计", 0.0), ("10", 250.0), ("10", 350.0)]], &[0.0, 250.0, 350.0, 450.0]);
    let doc = budget_pdf::Document {
        pages: vec![Page { number: 1, glyphs: a, rules: ra, ..Default::default() }, Page { number: 2, glyphs: b, rules: rb, ..Default::default() }],
        notes: Vec::new(),
    };
    let rows: Vec<Vec<String>> = budget_tables::rows(&doc).iter().map(|r| r.cell_texts().map(str::to_owned).collect()).collect();
    assert_eq!(rows[0], vec!["201", "01", "行政运行", "10", "10"]);
    assert_eq!(rows[2], vec!["合计", "", "", "10", "10"]);
}

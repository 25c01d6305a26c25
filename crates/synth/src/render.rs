//! Printing a document as a dump: tab-separated, space-aligned like
//! `pdftotext -layout`, or markdown; then encoding it to bytes.
use rand::Rng;
use unicode_width::UnicodeWidthStr;

use crate::content::Rng8;
use crate::doc::{Block, Row, Table};
use crate::{Encoding, Form};

/// Prints the blocks in `form`.
pub fn print(form: Form, rng: &mut Rng8, blocks: &[Block]) -> String {
    match form {
        Form::Tab => tab(blocks),
        Form::Space => space(rng, blocks),
        Form::Markdown => markdown(blocks),
    }
}

/// Tab-separated: one row per line, every cell present; a page break is a
/// run of blank lines, as scrapers leave it.
fn tab(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Text(s) | Block::Title(s) => out.push(s.clone()),
            Block::Blank => out.push(String::new()),
            Block::PageBreak => out.extend([String::new(), String::new()]),
            Block::Table(t) => {
                for row in &t.rows {
                    match row.cells() {
                        Some(cells) => out.push(cells.join("\t")),
                        None if *row == Row::PageBreak => out.extend([String::new(), String::new()]),
                        None => out.push(String::new()),
                    }
                }
            }
        }
    }
    lines(out)
}

/// Joins lines, each ended by a newline.
fn lines(out: Vec<String>) -> String {
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Display width: CJK and full-width characters count two columns.
fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// True for a cell printed flush right, as PDF tables set figures.
fn is_figure(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// Each column's width (its widest cell) and where it starts, in display
/// columns: a column is followed by a gap of two to four spaces.
fn columns(rng: &mut Rng8, t: &Table) -> (Vec<usize>, Vec<usize>) {
    let count = t.rows.iter().filter_map(Row::cells).map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; count];
    for cells in t.rows.iter().filter_map(Row::cells) {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(width(c));
        }
    }
    let mut x = rng.random_range(0..4);
    let starts = widths
        .iter()
        .map(|w| {
            let start = x;
            x += w + rng.random_range(2..=4);
            start
        })
        .collect();
    (starts, widths)
}

/// One row laid out at the column starts `xs` (figures flush right).
fn lay_out(cells: &[String], xs: &[usize], widths: &[usize]) -> String {
    let mut line = String::new();
    let mut at = 0;
    for ((cell, &x), &w) in cells.iter().zip(xs).zip(widths) {
        if cell.is_empty() {
            continue;
        }
        let start = if is_figure(cell) { x + w - width(cell) } else { x };
        line.push_str(&" ".repeat(start - at));
        line.push_str(cell);
        at = start + width(cell);
    }
    line
}

/// Space-aligned, like `pdftotext -layout`: columns padded with spaces by
/// display width, titles centred, and a form feed at the start of the
/// first line of every new page.
fn space(rng: &mut Rng8, blocks: &[Block]) -> String {
    let page_width: usize = 100;
    let mut out: Vec<String> = Vec::new();
    let mut feed = false;
    let push = |out: &mut Vec<String>, line: String, feed: &mut bool| {
        out.push(if std::mem::take(feed) { format!("\u{c}{line}") } else { line });
    };
    for block in blocks {
        match block {
            Block::Text(s) => push(&mut out, s.clone(), &mut feed),
            Block::Title(s) => push(&mut out, format!("{}{s}", " ".repeat(page_width.saturating_sub(width(s)) / 2)), &mut feed),
            Block::Blank => push(&mut out, String::new(), &mut feed),
            Block::PageBreak => feed = true,
            Block::Table(t) => {
                let (xs, widths) = columns(rng, t);
                for row in &t.rows {
                    match row.cells() {
                        Some(cells) => push(&mut out, lay_out(cells, &xs, &widths), &mut feed),
                        None if *row == Row::PageBreak => feed = true,
                        None => push(&mut out, String::new(), &mut feed),
                    }
                }
            }
        }
    }
    lines(out)
}

/// Markdown: `| a | b |` rows, a `|---|` separator under the header (or
/// under the first row when a table starts without one), and a table that
/// starts again with its header after a page break.
fn markdown(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Text(s) => out.push(s.clone()),
            Block::Title(s) => out.push(format!("## {s}")),
            Block::Blank | Block::PageBreak => out.push(String::new()),
            Block::Table(t) => markdown_table(t, &mut out),
        }
    }
    lines(out)
}

/// The rows of one markdown table.
fn markdown_table(t: &Table, out: &mut Vec<String>) {
    let mut opening = true;
    for (k, row) in t.rows.iter().enumerate() {
        let Some(cells) = row.cells() else {
            out.push(String::new());
            opening = opening || *row == Row::PageBreak;
            continue;
        };
        out.push(format!("| {} |", cells.join(" | ")));
        let header_goes_on = matches!(row, Row::Header(_)) && matches!(t.rows.get(k + 1), Some(Row::Header(_)));
        if opening && !header_goes_on {
            out.push(format!("|{}|", vec!["---"; cells.len()].join("|")));
            opening = false;
        }
    }
}

/// The bytes of `text` in `encoding`.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::doc::cells;

    fn table(rows: &[&[&str]]) -> Table {
        let mut rows: Vec<Row> = rows.iter().map(|r| Row::Data(cells(r))).collect();
        if let Some(first) = rows.first_mut().and_then(|r| r.cells().cloned()) {
            rows[0] = Row::Header(first);
        }
        Table { rows, ..Table::default() }
    }

    #[test]
    fn space_columns_line_up_by_display_width_and_figures_sit_right() {
        let t = table(&[&["项目名称", "金额"], &["ab", "1.00"], &["维护经费", "100.00"]]);
        let text = space(&mut Rng8::seed_from_u64(1), &[Block::Table(t)]);
        let lines: Vec<&str> = text.lines().collect();
        // `项目名称` is 8 columns wide: the second column starts at the same
        // display column on every line, and figures end together.
        let start = |l: &str, cell: &str| width(&l[..l.find(cell).unwrap()]);
        assert_eq!(start(lines[0], "金额"), start(lines[2], "100.00"));
        assert_eq!(start(lines[1], "1.00") + 4, start(lines[2], "100.00") + 6);
        assert!(start(lines[0], "金额") >= width("项目名称") + 2);
    }

    #[test]
    fn a_page_break_puts_a_form_feed_before_the_next_line() {
        let blocks = [Block::Text("a".into()), Block::PageBreak, Block::Text("b".into())];
        assert_eq!(space(&mut Rng8::seed_from_u64(1), &blocks), "a\n\u{c}b\n");
    }

    #[test]
    fn markdown_separates_the_last_header_row() {
        let mut t = table(&[&["收入", "支出"], &["项目", "预算数"], &["x", "1"]]);
        t.rows[1] = Row::Header(cells(&["项目", "预算数"]));
        assert_eq!(markdown(&[Block::Table(t)]), "| 收入 | 支出 |\n| 项目 | 预算数 |\n|---|---|\n| x | 1 |\n");
    }

    #[test]
    fn encodings_carry_their_marks() {
        assert_eq!(encode("a", Encoding::Utf8Bom), b"\xEF\xBB\xBFa");
        assert_eq!(encode("a", Encoding::Utf16Le), b"\xFF\xFEa\x00");
        assert_eq!(encode("合计", Encoding::Gb18030), b"\xBA\xCF\xBC\xC6");
    }
}

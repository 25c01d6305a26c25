//! The damage families: what conversion and typesetting do to a table.
//! Each is applied to the document before printing and leaves the expected
//! records alone: a correct reader must undo it.
use rand::Rng;

use crate::content::{pick, Rng8};
use crate::doc::{Block, Row, Table};
use crate::Damage;

/// Applies every family set in `damage` to the document's tables and text.
pub fn apply(damage: &Damage, rng: &mut Rng8, blocks: &mut [Block]) {
    for block in blocks.iter_mut() {
        match block {
            Block::Table(t) => table(damage, rng, t),
            Block::Text(s) | Block::Title(s) if damage.char_forms => *s = swap_chars(rng, s),
            _ => {}
        }
    }
}

/// Damages one table; the order matters: spans and wraps look at data
/// rows, which later steps interleave with other rows.
fn table(damage: &Damage, rng: &mut Rng8, t: &mut Table) {
    if damage.merged {
        merge_spans(t);
    }
    if damage.wrapped {
        wrap(rng, t);
    }
    if damage.cjk_spaces {
        space_out(rng, t);
    }
    if damage.char_forms {
        for cells in t.rows.iter_mut().filter_map(Row::cells_mut) {
            cells.iter_mut().for_each(|c| *c = swap_chars(rng, c));
        }
    }
    if damage.column_numbers {
        number_columns(rng, t);
    }
    if damage.shifted_header {
        shift_header(rng, t);
    }
    if damage.breaks {
        break_pages(rng, t);
    }
}

/// Merged cells: a value repeated down a span column is printed on the
/// first row of its run only. A run ends where an outer span column
/// changes, as a merged cell never crosses its parent's boundary.
fn merge_spans(t: &mut Table) {
    let original: Vec<Option<Vec<String>>> = t.rows.iter().map(|r| matches!(r, Row::Data(_)).then(|| r.cells().cloned()).flatten()).collect();
    let mut previous: Option<&Vec<String>> = None;
    for (row, before) in t.rows.iter_mut().zip(&original) {
        let (Row::Data(cells), Some(before)) = (row, before) else { continue };
        if let Some(prev) = previous {
            for &col in &t.span_cols {
                let same = |c: usize| before.get(c).is_some() && before.get(c) == prev.get(c);
                if t.span_cols.iter().take_while(|&&c| c <= col).all(|&c| same(c)) {
                    cells[col].clear();
                }
            }
        }
        previous = Some(before);
    }
}

/// Wrapped cells: a long name in a wrap column is cut in two, the tail on
/// a continuation row holding nothing else.
fn wrap(rng: &mut Rng8, t: &mut Table) {
    let mut out = Vec::with_capacity(t.rows.len());
    for row in std::mem::take(&mut t.rows) {
        let Row::Data(mut cells) = row else {
            out.push(row);
            continue;
        };
        let mut tail = vec![String::new(); cells.len()];
        for &col in &t.wrap_cols {
            let chars: Vec<char> = cells.get(col).map(|c| c.chars().collect()).unwrap_or_default();
            if chars.len() >= 6 && rng.random_bool(0.6) {
                let cut = rng.random_range(3..chars.len() - 1);
                cells[col] = chars[..cut].iter().collect();
                tail[col] = chars[cut..].iter().collect();
            }
        }
        out.push(Row::Data(cells));
        if tail.iter().any(|c| !c.is_empty()) {
            out.push(Row::Extra(tail));
        }
    }
    t.rows = out;
}

/// True for a CJK ideograph.
fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Spaces between Chinese characters: every header word spelled out
/// (`项 目 名 称`), and one stray space in some long data cells.
fn space_out(rng: &mut Rng8, t: &mut Table) {
    for row in &mut t.rows {
        match row {
            Row::Header(cells) => cells.iter_mut().filter(|c| c.chars().count() <= 4).for_each(|c| *c = spaced(c)),
            Row::Data(cells) => {
                for c in cells.iter_mut().filter(|c| c.chars().count() >= 6) {
                    if rng.random_bool(0.4) {
                        *c = one_space(rng, c);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `项目名称` → `项 目 名 称`.
fn spaced(s: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for ch in s.chars() {
        if last.is_some_and(is_cjk) && is_cjk(ch) {
            out.push(' ');
        }
        out.push(ch);
        last = Some(ch);
    }
    out
}

/// One space at a random boundary between two Chinese characters.
fn one_space(rng: &mut Rng8, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let spots: Vec<usize> = (1..chars.len()).filter(|&i| is_cjk(chars[i - 1]) && is_cjk(chars[i])).collect();
    let Some(&at) = spots.get(rng.random_range(0..spots.len().max(1))) else { return s.to_owned() };
    let mut out: String = chars[..at].iter().collect();
    out.push(' ');
    out.extend(&chars[at..]);
    out
}

/// Character forms: compatibility comparisons, full-width digits and
/// brackets, and radicals in place of the ideographs they look like.
/// Each cell is changed or left whole, as one typist typed it.
pub fn swap_chars(rng: &mut Rng8, s: &str) -> String {
    if !rng.random_bool(0.5) {
        return s.to_owned();
    }
    s.chars().map(swap_char).collect()
}

/// The look-alike of one character, or itself.
fn swap_char(c: char) -> char {
    match c {
        '≥' => '≧',
        '≤' => '≦',
        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
        '%' => '％',
        '(' => '（',
        ')' => '）',
        '长' => '⻓',
        '户' => '⼾',
        '人' => '⼈',
        '月' => '⽉',
        '工' => '⼯',
        '门' => '⻔',
        _ => c,
    }
}

/// A column-number row under the header: `栏次 | | 1 | 2 …` or `** | ** |
/// 1 | 2 …` with the numbers under the money columns, or `1 | 2 | 3 …`
/// under every column of a table without money columns.
fn number_columns(rng: &mut Rng8, t: &mut Table) {
    let Some(labels) = t.label_cols else { return };
    let Some(last_header) = t.rows.iter().rposition(|r| matches!(r, Row::Header(_))) else { return };
    let width = t.rows[last_header].cells().map_or(0, Vec::len);
    let stars = rng.random_bool(0.5);
    let row: Vec<String> = (0..width)
        .map(|k| match k {
            _ if k >= labels => (k - labels + 1).to_string(),
            _ if stars => "**".to_string(),
            0 => "栏次".to_string(),
            _ => String::new(),
        })
        .collect();
    t.rows.insert(last_header + 1, Row::Extra(row));
}

/// A header shifted one cell against the data: to the right (an empty
/// cell before it) or to the left (an empty cell before every data row).
fn shift_header(rng: &mut Rng8, t: &mut Table) {
    let right = rng.random_bool(0.5);
    for row in &mut t.rows {
        match (row, right) {
            (Row::Header(cells), true) => cells.insert(0, String::new()),
            (Row::Data(cells) | Row::Extra(cells), false) => cells.insert(0, String::new()),
            _ => {}
        }
    }
}

/// Blank lines between rows, and a page break with the header printed
/// again on the new page.
fn break_pages(rng: &mut Rng8, t: &mut Table) {
    let header: Vec<Row> = t.rows.iter().take_while(|r| !matches!(r, Row::Data(_))).cloned().collect();
    let data: Vec<usize> = t.rows.iter().enumerate().filter(|(_, r)| matches!(r, Row::Data(_))).map(|(i, _)| i).collect();
    if data.len() < 2 {
        return;
    }
    let brk = *pick(rng, &data[1..]);
    let blank = *pick(rng, &data[1..]);
    let mut out = Vec::new();
    for (i, row) in std::mem::take(&mut t.rows).into_iter().enumerate() {
        if i == brk {
            out.push(Row::PageBreak);
            out.extend(header.iter().cloned());
        }
        if i == blank {
            out.push(Row::Blank);
        }
        out.push(row);
    }
    t.rows = out;
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::doc::cells;

    #[test]
    fn a_merged_cell_ends_where_its_outer_column_changes() {
        let rows = [["甲", "产出指标", "a"], ["甲", "产出指标", "b"], ["乙", "产出指标", "c"]];
        let mut t = Table { rows: rows.iter().map(|r| Row::Data(cells(r))).collect(), span_cols: vec![0, 1], ..Table::default() };
        merge_spans(&mut t);
        let got: Vec<Vec<String>> = t.rows.iter().filter_map(Row::cells).cloned().collect();
        assert_eq!(got, [cells(&["甲", "产出指标", "a"]), cells(&["", "", "b"]), cells(&["乙", "产出指标", "c"])]);
    }

    #[test]
    fn a_wrapped_cell_continues_in_the_same_column() {
        let mut t = Table { rows: vec![Row::Data(cells(&["1", "社区卫生站维护专项经费", "5.00"]))], wrap_cols: vec![1], ..Table::default() };
        let mut rng = Rng8::seed_from_u64(3);
        while t.rows.len() == 1 {
            wrap(&mut rng, &mut t);
        }
        let (head, tail) = (&t.rows[0].cells().unwrap()[1], &t.rows[1].cells().unwrap()[1]);
        assert_eq!(format!("{head}{tail}"), "社区卫生站维护专项经费");
        assert_eq!(t.rows[1].cells().unwrap().iter().filter(|c| !c.is_empty()).count(), 1);
    }

    #[test]
    fn look_alikes_are_the_characters_normalization_maps_back() {
        assert_eq!("≥95%(长户人)".chars().map(swap_char).collect::<String>(), "≧９５％（⻓⼾⼈）");
    }
}

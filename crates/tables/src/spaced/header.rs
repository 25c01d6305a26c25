//! Repairs of a space-aligned table's header, made where the text's
//! positions are still known: words set on several lines stacked back into
//! one, headers left behind by rows a grid of characters pushed right moved
//! over, columns split between centred words and flush-right figures joined,
//! group titles moved to the first column of their span.
use budget_grammar::{header_field, is_amount};
use budget_normalize::normalize;

use super::grid::is_cjk;
use super::PITCH;
use crate::PageRow;

/// Header cells set on several lines (a tall header cell, its words
/// centred or wrapped: `本年收入合` over `计`) come out of a dump as a band of
/// lines each holding pieces of words. When its columns read top to bottom
/// are a header with more header words than its lines hold apart (pieces
/// joined into words; a group title over its columns joins nothing), the
/// band becomes one row: the first line's, with each column's pieces joined.
pub(super) fn stack_header_bands(rows: &mut Vec<PageRow>) {
    let mut i = 0;
    while i < rows.len() {
        let end = band_end(rows, i);
        if end > i + 1 && rows.get(end).is_some_and(|r| adjacent(&rows[end - 1], r) && r.cells.len() == rows[i].cells.len()) {
            let band = &rows[i..end];
            let stacked: Vec<String> = (0..rows[i].cells.len()).map(|c| band.iter().map(|r| r.cells[c].as_str()).collect()).collect();
            let apart: usize = band.iter().map(|r| vocabulary(&r.cells)).sum();
            {
                if is_header(&stacked) && vocabulary(&stacked) > apart {
                    let bottom = band[band.len() - 1].bbox[3];
                    rows[i].cells = stacked;
                    rows[i].bbox[3] = bottom;
                    rows.drain(i + 1..end);
                    i += 1;
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// A label wrapped in a tall cell is centred on its row: a dump prints the
/// row's figures on one line and the label's lines above and below it
/// (`一般公共服务` / `201  264.87 …` / `支出`). A line with figures and the
/// text lines right above and right below it, both filling only the same
/// one cell, empty on the figure line, are one row.
pub(super) fn fold_centred_labels(rows: &mut Vec<PageRow>) {
    let figure = |r: &PageRow| r.cells.iter().any(|c| is_amount(&normalize(c)));
    let touching = |a: &PageRow, b: &PageRow| b.bbox[1] - a.bbox[3] < PITCH - super::HEIGHT + 0.5 && a.cells.len() == b.cells.len();
    // Text only, in cells that are empty in `r` or hold text there (a
    // label's middle line).
    let fits = |t: &PageRow, r: &PageRow| {
        !figure(t) && t.cells.iter().zip(&r.cells).all(|(a, b)| a.is_empty() || b.is_empty() || !is_amount(&normalize(b)))
            && t.cells.iter().any(|c| !c.is_empty())
    };
    let mut i = 1;
    while i + 1 < rows.len() {
        let (above, row, below) = (&rows[i - 1], &rows[i], &rows[i + 1]);
        // A text line that could as well belong to the figure line on its
        // other side is not this row's.
        let empty_under = |t: &PageRow, o: &PageRow| t.cells.iter().zip(&o.cells).all(|(a, b)| a.is_empty() || b.is_empty());
        let claimed = |o: Option<&PageRow>, t: &PageRow, o_above: bool| {
            o.is_some_and(|o| figure(o) && fits(t, o) && empty_under(t, o) && if o_above { touching(o, t) } else { touching(t, o) })
        };
        // Both pieces in one cell, the same: a label's lines.
        let only = |t: &PageRow| {
            let mut filled = (0..t.cells.len()).filter(|&c| !t.cells[c].is_empty());
            filled.next().filter(|_| filled.next().is_none())
        };
        // And the figure line's cell there is empty: text beside the figures
        // is the label's first line, and the lines below it its wrapped rest.
        let one_cell = only(above).is_some() && only(above) == only(below) && only(above).is_some_and(|c| row.cells[c].is_empty());
        if one_cell && figure(row) && touching(above, row) && touching(row, below) && fits(above, row) && fits(below, row)
            && !claimed(i.checked_sub(2).map(|k| &rows[k]), above, true) && !claimed(rows.get(i + 2), below, false)
        {
            let (top, bottom) = (rows[i - 1].bbox[1], rows[i + 1].bbox[3]);
            let below = rows.remove(i + 1);
            let above = rows.remove(i - 1);
            let row = &mut rows[i - 1];
            for (c, cell) in row.cells.iter_mut().enumerate() {
                *cell = format!("{}{}{}", above.cells[c], cell, below.cells[c]);
            }
            row.bbox[1] = top;
            row.bbox[3] = bottom;
        } else {
            i += 1;
        }
    }
}

/// Words whose letters a page spread over their cell (`合   计`, `金    额`)
/// come out of a dump as one letter a column. Single letters in a row's
/// consecutive filled cells are joined back when together they are a
/// header word or a total (`类 | 款 | 项` stay apart: together they are
/// neither).
pub(super) fn join_spread_letters(row: &mut PageRow) {
    let letter = |t: &str| {
        let mut chars = t.trim().chars();
        chars.next().is_some_and(is_cjk) && chars.next().is_none()
    };
    let filled: Vec<usize> = (0..row.cells.len()).filter(|&c| !row.cells[c].trim().is_empty()).collect();
    let mut k = 0;
    while k + 1 < filled.len() {
        let run = filled[k..].iter().take_while(|&&c| letter(&row.cells[c])).count();
        let take = (2..=run.min(4)).rev().find(|&n| {
            let word: String = filled[k..k + n].iter().map(|&c| row.cells[c].trim()).collect();
            matches!(word.as_str(), "合计" | "总计" | "小计") || header_field(&word).is_some()
        });
        match take {
            Some(n) => {
                let word: String = filled[k..k + n].iter().map(|&c| row.cells[c].trim()).collect();
                for &c in &filled[k + 1..k + n] {
                    row.cells[c].clear();
                }
                row.cells[filled[k]] = word;
                k += n;
            }
            None => k += 1,
        }
    }
}

/// A line the grid of characters did not push as far as the lines around
/// it (a header above rows whose long cells pushed theirs right) has two
/// texts in one column and an empty one beside. When its texts, from its
/// first filled column on, are exactly as many as the columns there, they
/// take those columns in order.
pub(super) fn spread_pieces(row: &mut PageRow) {
    let Some(first) = row.cells.iter().position(|c| !c.is_empty()) else { return };
    let pieces: Vec<String> = row.cells[first..].iter().filter(|c| !c.is_empty()).flat_map(|c| split_words(c)).collect();
    let filled = row.cells[first..].iter().filter(|c| !c.is_empty()).count();
    if pieces.len() > filled && pieces.len() == row.cells.len() - first {
        row.cells.truncate(first);
        row.cells.extend(pieces);
    }
}

/// A header sits where the page drew it, while a grid of characters pushes
/// the rows below right wherever a long cell ran over: a header word can
/// then own a column no row fills, beside a column of figures no header
/// word names. Within one table (rows of the same columns), such a header
/// word and the words between it and the unnamed column move over by one,
/// to sit above the data they name.
pub(super) fn align_headers_to_data(rows: &mut [PageRow], pieces: &Pieces) {
    let mut start = 0;
    while start < rows.len() {
        let width = rows[start].cells.len();
        let end = start + rows[start..].iter().take_while(|r| r.cells.len() == width).count();
        align_block(&mut rows[start..end], pieces);
        start = end;
    }
}

/// The display extents (first column, end column) of the texts of a row's
/// line, left to right.
pub(super) type Pieces<'a> = dyn Fn(&PageRow) -> Vec<(usize, usize)> + 'a;

fn align_block(rows: &mut [PageRow], pieces: &Pieces) {
    // The header is the band of lines above the first that holds a digit,
    // when a line of it reads as a header (its other lines are group
    // titles and pieces of words).
    let band = rows.iter().position(|r| r.cells.iter().any(|c| c.chars().any(|ch| ch.is_ascii_digit()))).unwrap_or(rows.len());
    let header: Vec<bool> = if rows[..band].iter().any(|r| is_header(&r.cells)) {
        (0..rows.len()).map(|k| k < band).collect()
    } else {
        rows.iter().map(|r| is_header(&r.cells)).collect()
    };
    if rows[0].cells.len() < 3 || !header.iter().any(|&h| h) || header.iter().all(|&h| h) {
        return;
    }
    merge_split_columns(rows, &header);
    let width = rows[0].cells.len();
    let filled = |r: &PageRow, c: usize| !r.cells[c].trim().is_empty();
    let used: Vec<bool> = (0..width).map(|c| rows.iter().zip(&header).any(|(r, &h)| !h && filled(r, c))).collect();
    let misfit = (0..width).any(|c| used[c] != (0..rows.len()).any(|j| header[j] && filled(&rows[j], c)));
    if misfit && band > 0 && header[0] && place_in_order(&mut rows[..band], &used) {
        return;
    }
    for k in (0..rows.len()).filter(|&k| header[k]) {
        // Each move fills a used column; bounded by the width.
        for _ in 0..width {
            let named = |c: usize| (0..rows.len()).any(|j| header[j] && filled(&rows[j], c));
            let Some(u) = (0..width).find(|&c| filled(&rows[k], c) && !used[c]) else { break };
            let right = (u + 1..width).find(|&c| !filled(&rows[k], c)).filter(|&d| used[d] && !named(d));
            let left = (0..u).rev().find(|&c| !filled(&rows[k], c)).filter(|&d| used[d] && !named(d));
            match (right, left) {
                (Some(d), _) => rows[k].cells[u..=d].rotate_right(1),
                (None, Some(d)) => rows[k].cells[d..=u].rotate_left(1),
                (None, None) => break,
            }
        }
    }
    centre_group_titles(&mut rows[..band], pieces);
}

/// When the header's words, in order, are exactly as many as the columns
/// the rows fill, they name those columns in order, whatever the grid of
/// characters did to their positions: the line naming the most columns
/// takes the last ones, and a line above it takes the ones before (its
/// words after those are titles over the first column below). Returns
/// whether it did.
fn place_in_order(band: &mut [PageRow], used: &[bool]) -> bool {
    let columns: Vec<usize> = (0..used.len()).filter(|&c| used[c]).collect();
    let words: Vec<Vec<String>> = band.iter().map(|r| r.cells.iter().filter(|c| !c.is_empty()).flat_map(|c| split_words(c)).collect()).collect();
    let Some(leaf) = (0..band.len()).max_by_key(|&k| (words[k].len(), std::cmp::Reverse(k))) else { return false };
    let n = words[leaf].len();
    let before = columns.len().saturating_sub(n);
    // The lines above the leaf that name the columns before its own.
    let above: Vec<usize> = (0..leaf).filter(|&k| words[k].len() > before).collect();
    if n > columns.len() || (before > 0 && above.len() != 1) || band[leaf + 1..].iter().any(|r| r.cells.iter().any(|c| !c.is_empty())) {
        return false;
    }
    let width = used.len();
    let mut placed: Vec<Vec<String>> = vec![vec![String::new(); width]; band.len()];
    for (word, &c) in words[leaf].iter().zip(&columns[before..]) {
        placed[leaf][c] = word.clone();
    }
    if let Some(&k) = above.first() {
        let (own, titles) = words[k].split_at(before);
        for (word, &c) in own.iter().zip(&columns) {
            placed[k][c] = word.clone();
        }
        if titles.len() != 1 {
            return false;
        }
        placed[k][columns[before]] = titles[0].clone();
    }
    if (0..leaf).any(|k| !above.contains(&k) && !words[k].is_empty()) {
        return false;
    }
    for (row, cells) in band.iter_mut().zip(placed) {
        row.cells = cells;
    }
    true
}

/// A group title (`收入预算`) is centred over the columns it spans, while a
/// table's reader puts a spanning cell's text in the first of them. Each
/// title of a header line with fewer texts than a line below it moves to
/// the first column of the span centred on it: the run of columns between
/// its neighbours whose texts, on the header's lines, reach out evenly
/// on both sides of it.
fn centre_group_titles(band: &mut [PageRow], pieces: &Pieces) {
    let width = band.first().map_or(0, |r| r.cells.len());
    let mapped: Vec<Option<Placed>> = band.iter().map(|r| cells_at(r, pieces)).collect();
    let mut extent: Vec<Option<(usize, usize)>> = vec![None; width];
    for (c, (s, e)) in mapped.iter().flatten().flatten() {
        extent[*c] = Some(extent[*c].map_or((*s, *e), |(a, b)| (a.min(*s), b.max(*e))));
    }
    // Titles stand above the line that names the most columns; what is
    // below it is pieces of its words.
    let filled = |r: &PageRow| r.cells.iter().filter(|c| !c.is_empty()).count();
    let most = band.iter().map(filled).max().unwrap_or(0);
    let leaf = band.iter().position(|r| filled(r) == most).unwrap_or(0);
    for (row, mapped) in band[..leaf].iter_mut().zip(&mapped) {
        let Some(mapped) = mapped else { continue };
        for (n, &(k, (s, e))) in mapped.iter().enumerate() {
            let low = if n == 0 { 0 } else { mapped[n - 1].0 + 1 };
            let high = mapped.get(n + 1).map_or(width, |m| m.0);
            if let Some(a) = span_start(&extent[low..high], k - low, s + e).map(|a| a + low) {
                if a < k {
                    row.cells.swap(a, k);
                }
            }
        }
    }
}

/// Filled cells (their columns) with the extents of their texts.
type Placed = Vec<(usize, (usize, usize))>;

/// The filled cells of a row with the extents of their texts, when the
/// row's line has as many texts as the row has cells.
fn cells_at(row: &PageRow, pieces: &Pieces) -> Option<Placed> {
    let filled: Vec<usize> = (0..row.cells.len()).filter(|&c| !row.cells[c].is_empty()).collect();
    let at = pieces(row);
    (at.len() == filled.len() && !filled.is_empty()).then(|| filled.into_iter().zip(at).collect())
}

/// The first column of the widest run of columns around `k` whose texts'
/// extents are centred on `twice_centre / 2` (within two columns).
fn span_start(extent: &[Option<(usize, usize)>], k: usize, twice_centre: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for a in (0..=k).filter(|&a| extent[a].is_some()) {
        for b in (k..extent.len()).filter(|&b| extent[b].is_some()) {
            let (start, end) = (extent[a]?.0, extent[b]?.1);
            let off = (start + end).abs_diff(twice_centre);
            if off <= 4 && best.is_none_or(|(x, y)| b - a > y - x) {
                best = Some((a, b));
            }
        }
    }
    best.map(|(a, _)| a)
}

/// Header words centred over figures set flush right (or left) share no
/// characters with them, so the reader gives each its own column: one only
/// the header fills, one only the rows below fill. Side by side, the two
/// are one column, and become one.
fn merge_split_columns(rows: &mut [PageRow], header: &[bool]) {
    let mut c = 0;
    while c + 1 < rows[0].cells.len() {
        let only = |c: usize, of_header: bool| {
            let mut filled = rows.iter().zip(header).filter(|(r, _)| !r.cells[c].trim().is_empty());
            filled.clone().next().is_some() && filled.all(|(_, &h)| h == of_header)
        };
        if (only(c, true) && only(c + 1, false)) || (only(c, false) && only(c + 1, true)) {
            for r in rows.iter_mut() {
                let next = r.cells.remove(c + 1);
                r.cells[c].push_str(&next);
            }
        } else {
            c += 1;
        }
    }
}

/// A cell's texts: the pieces between the spaces that separate two CJK
/// characters (a space the page had between two texts; a Latin word's
/// spaces stay).
fn split_words(cell: &str) -> Vec<String> {
    let chars: Vec<char> = cell.chars().collect();
    let mut out = vec![String::new()];
    for (k, &c) in chars.iter().enumerate() {
        let between = c == ' ' && k > 0 && is_cjk(chars[k - 1]) && chars.get(k + 1).copied().is_some_and(is_cjk);
        match (between, out.last_mut()) {
            (true, _) => out.push(String::new()),
            (false, Some(last)) => last.push(c),
            (false, None) => {}
        }
    }
    out
}

/// The end of the run of rows from `i` that could be a header band: lines
/// of one table (the same columns), close together, with no figure.
fn band_end(rows: &[PageRow], i: usize) -> usize {
    let width = rows[i].cells.len();
    let text_only = |r: &PageRow| r.cells.len() == width && width >= 3 && !r.cells.iter().any(|c| is_amount(&normalize(c)));
    let mut end = i;
    while end < rows.len() && text_only(&rows[end]) && (end == i || adjacent(&rows[end - 1], &rows[end])) {
        end += 1;
    }
    end
}

/// True when `b` starts at most one blank line below `a`.
fn adjacent(a: &PageRow, b: &PageRow) -> bool {
    b.bbox[1] - a.bbox[3] < 2.0 * PITCH
}

/// True when cells read as a header: two or more are header vocabulary,
/// and they are two thirds of the filled cells or more (the layout stage's
/// test for a header line).
fn is_header(cells: &[String]) -> bool {
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    let words = vocabulary(cells);
    words >= 2 && words * 3 >= filled * 2
}

/// How many cells are header vocabulary.
fn vocabulary(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.is_empty() && header_field(&normalize(c)).is_some()).count()
}

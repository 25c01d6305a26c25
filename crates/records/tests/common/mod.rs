//! Header shifts, the perturbation shared by the records and synthetic
//! test suites: a table's header printed one cell right or left of its
//! data, as converters do when they add or lose a leading empty cell.
#![allow(dead_code)]

use serde_json::Value;

/// A table the extractor found: 0-based indices of its header lines and of
/// the lines of its body that hold cells (two or more).
pub struct Found {
    /// Title from the `table-found` diagnostic.
    pub title: String,
    /// Whether it is a key-value form (only its indicator grid has a header).
    pub form: bool,
    /// Header lines.
    pub header: Vec<usize>,
    /// Body lines with two cells or more, up to the next table.
    pub body: Vec<usize>,
}

fn cells(line: &str) -> usize {
    line.split('\t').count()
}

/// The tables of `text`, from the `table-found` diagnostics in `records`.
pub fn tables(text: &str, records: &[Value]) -> Vec<Found> {
    let lines: Vec<&str> = text.split('\n').collect();
    let found: Vec<&Value> = records.iter().filter(|r| r["kind"] == "diagnostic" && r["code"] == "table-found").collect();
    let listed = |d: &Value| -> Vec<usize> { d["lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap() as usize - 1).collect() };
    let mut out = Vec::new();
    for (k, d) in found.iter().enumerate() {
        let message = d["message"].as_str().unwrap();
        let form = message.contains("(Form,");
        let all = listed(d);
        // A form lists its field rows too: its grid header is the last line.
        let header: Vec<usize> = if form { vec![*all.last().unwrap()] } else { all.into_iter().filter(|&l| cells(lines[l]) >= 2).collect() };
        let end = found.get(k + 1).map_or(lines.len(), |n| listed(n)[0]);
        let start = header.last().map_or(end, |l| l + 1);
        let body = (start..end).filter(|&l| cells(lines[l]) >= 2).collect();
        let title = message.split('"').nth(1).unwrap_or_default().to_string();
        out.push(Found { title, form, header, body });
    }
    out
}

fn edit(text: &str, at: &[usize], f: impl Fn(&str) -> String) -> String {
    text.split('\n').enumerate().map(|(i, l)| if at.contains(&i) { f(l) } else { l.to_string() }).collect::<Vec<_>>().join("\n")
}

/// The header one cell right of its data: an empty cell before each of its lines.
pub fn shift_right(text: &str, t: &Found) -> String {
    edit(text, &t.header, |l| format!("\t{l}"))
}

/// The header one cell left of its data: its first cell removed where
/// every header line starts with an empty one; else (removing a column
/// name would lose it) an empty cell before each body line, which puts
/// the header one cell left all the same.
pub fn shift_left(text: &str, t: &Found) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    if t.header.iter().all(|&l| lines[l].starts_with('\t')) {
        edit(text, &t.header, |l| l[1..].to_string())
    } else {
        edit(text, &t.body, |l| format!("\t{l}"))
    }
}

/// Indicators an operator or a number cannot be: an operator alone or in
/// front in `value` (`<`, `≥6`, `大于5`), a number in `unit`. Returns a
/// description of each.
pub fn impossible_indicators(records: &[Value]) -> Vec<String> {
    let starts_with_op = |v: &str| v.char_indices().map(|(i, c)| i + c.len_utf8()).any(|end| budget_grammar::parse_op(&v[..end]).is_some());
    let mut out = Vec::new();
    for r in records.iter().filter(|r| r["kind"] == "indicator") {
        let (value, unit) = (r["value"].as_str().unwrap_or(""), r["unit"].as_str().unwrap_or(""));
        if starts_with_op(value) {
            out.push(format!("operator in value: {r}"));
        }
        if budget_grammar::is_amount(unit) {
            out.push(format!("number in unit: {r}"));
        }
    }
    out
}

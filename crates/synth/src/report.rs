//! Running the extractor on generated documents, in parallel, and printing
//! the scores by layout × damage × form, or one document's differences.
use std::collections::BTreeMap;
use std::fmt::Write;

use rayon::prelude::*;

use crate::expected::{from_tool, Expected};
use crate::score::{score, Counts, Scores, FIELDS};
use crate::{generate, Form, Planned};

/// A row of the score table: layout, damage, form.
pub type Group = (String, String, Form);

/// The tool's scored records for a document.
pub fn extract(name: &str, bytes: &[u8]) -> Vec<Expected> {
    from_tool(&budget_records::extract_file(name, bytes))
}

/// Generates, extracts and scores every planned document; sums by group.
pub fn evaluate(plans: &[Planned]) -> BTreeMap<Group, Scores> {
    let scored: Vec<(Group, Scores)> = plans
        .par_iter()
        .map(|p| {
            let doc = generate(p.seed, &p.spec);
            let layouts: Vec<&str> = p.spec.layouts.iter().map(|l| l.name()).collect();
            ((layouts.join("+"), p.spec.damage.name(), p.spec.form), score(&doc.expected, &extract(&doc.name, &doc.bytes)))
        })
        .collect();
    let mut groups: BTreeMap<Group, Scores> = BTreeMap::new();
    for (group, s) in scored {
        groups.entry(group).or_default().add(&s);
    }
    groups
}

/// The score table: one line per group, then a total per form and overall.
pub fn table(groups: &BTreeMap<Group, Scores>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<10} {:<15} {:<8} {:>4}  {:>11} {:>6}  {:>6}  {:>11} {:>6}  {:>11} {:>6}", "layout", "damage", "form", "docs", "ind exp/got", "F1", "attrib", "items e/g", "F1", "proj e/g", "F1");
    let mut by_form: BTreeMap<Form, Scores> = BTreeMap::new();
    let mut total = Scores::default();
    for ((layout, damage, form), s) in groups {
        line(&mut out, layout, damage, form.name(), s);
        by_form.entry(*form).or_default().add(s);
        total.add(s);
    }
    for (form, s) in &by_form {
        line(&mut out, "TOTAL", "", form.name(), s);
    }
    line(&mut out, "TOTAL", "", "all", &total);
    let _ = writeln!(out, "\nindicator fields (F1):");
    for (form, s) in by_form.iter().map(|(f, s)| (f.name(), s)).chain([("all", &total)]) {
        let fields: Vec<String> = FIELDS.iter().zip(&s.fields).map(|(n, c)| format!("{n} {:.3}", c.f1())).collect();
        let _ = writeln!(out, "  {form:<8} {}", fields.join("  "));
    }
    out
}

/// One line of the score table.
fn line(out: &mut String, layout: &str, damage: &str, form: &str, s: &Scores) {
    let pair = |c: &Counts| format!("{}/{}", c.expected, c.actual);
    let _ = writeln!(
        out,
        "{layout:<10} {damage:<15} {form:<8} {:>4}  {:>11} {:>6.3}  {:>6.3}  {:>11} {:>6.3}  {:>11} {:>6.3}",
        s.docs,
        pair(&s.indicators),
        s.indicators.f1(),
        s.attribution.value(),
        pair(&s.line_items),
        s.line_items.f1(),
        pair(&s.projects),
        s.projects.f1(),
    );
}

/// What differs between expected and actual records: one `-` line per
/// expected record the tool did not give, one `+` line per record it gave
/// that was not expected (records compared whole, as JSON).
pub fn diff(expected: &[Expected], actual: &[Expected]) -> String {
    let json = |r: &Expected| serde_json::to_string(r).expect("plain data serializes");
    let mut left: BTreeMap<String, isize> = BTreeMap::new();
    for r in expected {
        *left.entry(json(r)).or_default() += 1;
    }
    for r in actual {
        *left.entry(json(r)).or_default() -= 1;
    }
    let mut out = String::new();
    for (record, n) in &left {
        let sign = if *n > 0 { '-' } else { '+' };
        for _ in 0..n.unsigned_abs() {
            let _ = writeln!(out, "{sign} {record}");
        }
    }
    out
}

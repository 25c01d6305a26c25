//! Scoring the tool's records against the expected ones.
//!
//! Every comparison is exact, on multisets: the expected records are
//! already in the normalized form the tool outputs (`>=`, `%` without
//! brackets, half-width digits, no spaces between Chinese characters), so
//! any difference left is one a user would see.
//!
//! - Indicators: F1 over (scope, 一级, 二级, 三级, comparison, value, unit)
//!   tuples, and per field over that field's values alone.
//! - Attribution: of the indicators found (tuple matched), the share also
//!   matched with their project.
//! - Line items: F1 over (code or name, column, value) triples.
//! - Projects: F1 over facts (name + department, name + 一级项目, name +
//!   amount label + value + unit).
use std::collections::BTreeMap;

use crate::expected::{Expected, Indicator};

/// Matches between an expected and an actual multiset.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Expected items.
    pub expected: usize,
    /// Items the tool gave.
    pub actual: usize,
    /// Items in both (multiset intersection).
    pub matched: usize,
}

impl Counts {
    /// Harmonic mean of precision and recall; 1 when nothing was expected
    /// and nothing given.
    pub fn f1(&self) -> f64 {
        let total = self.expected + self.actual;
        if total == 0 {
            1.0
        } else {
            2.0 * self.matched as f64 / total as f64
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: &Counts) {
        self.expected += other.expected;
        self.actual += other.actual;
        self.matched += other.matched;
    }
}

/// The counts of multisets `expected` and `actual`.
fn multiset<K: Ord>(expected: impl IntoIterator<Item = K>, actual: impl IntoIterator<Item = K>) -> Counts {
    let mut bag: BTreeMap<K, isize> = BTreeMap::new();
    let mut counts = Counts::default();
    for k in expected {
        *bag.entry(k).or_default() += 1;
        counts.expected += 1;
    }
    for k in actual {
        counts.actual += 1;
        if let Some(n) = bag.get_mut(&k).filter(|n| **n > 0) {
            *n -= 1;
            counts.matched += 1;
        }
    }
    counts
}

/// The indicator fields scored one by one.
pub const FIELDS: [&str; 6] = ["level1", "level2", "level3", "op", "value", "unit"];

/// A share: `hits` of `of`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Share {
    /// How many were right.
    pub hits: usize,
    /// Out of how many.
    pub of: usize,
}

impl Share {
    /// The share; 1 when there is nothing to count.
    pub fn value(&self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hits as f64 / self.of as f64
        }
    }
}

/// Scores of one document or a sum of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Documents counted.
    pub docs: usize,
    /// Whole indicator tuples.
    pub indicators: Counts,
    /// Each field of [`FIELDS`] alone.
    pub fields: [Counts; 6],
    /// Found indicators with the right project.
    pub attribution: Share,
    /// (code or name, column, value) triples.
    pub line_items: Counts,
    /// Project facts.
    pub projects: Counts,
}

impl Scores {
    /// Adds another document's scores.
    pub fn add(&mut self, other: &Scores) {
        self.docs += other.docs;
        self.indicators.add(&other.indicators);
        self.fields.iter_mut().zip(&other.fields).for_each(|(a, b)| a.add(b));
        self.attribution.hits += other.attribution.hits;
        self.attribution.of += other.attribution.of;
        self.line_items.add(&other.line_items);
        self.projects.add(&other.projects);
    }
}

/// Scores one document's actual records against its expected ones.
pub fn score(expected: &[Expected], actual: &[Expected]) -> Scores {
    let (ei, ai) = (indicators(expected), indicators(actual));
    let found = multiset(ei.iter().map(|i| tuple(i)), ai.iter().map(|i| tuple(i)));
    let attributed = multiset(ei.iter().map(|i| (&i.project, tuple(i))), ai.iter().map(|i| (&i.project, tuple(i))));
    let fields = std::array::from_fn(|f| multiset(ei.iter().map(|i| field(i, f)), ai.iter().map(|i| field(i, f))));
    Scores {
        docs: 1,
        indicators: found,
        fields,
        attribution: Share { hits: attributed.matched, of: found.matched },
        line_items: multiset(triples(expected), triples(actual)),
        projects: multiset(project_facts(expected), project_facts(actual)),
    }
}

/// The indicator records.
fn indicators(records: &[Expected]) -> Vec<&Indicator> {
    records.iter().filter_map(|r| if let Expected::Indicator(i) = r { Some(i) } else { None }).collect()
}

/// An indicator without its project: what it says.
type Tuple<'a> = (&'a str, &'a Option<String>, &'a Option<String>, &'a str, &'a Option<String>, &'a str, &'a Option<String>);

/// The scored fields of an indicator.
fn tuple(i: &Indicator) -> Tuple<'_> {
    (&i.scope, &i.level1, &i.level2, &i.name, &i.op, &i.value, &i.unit)
}

/// Field `f` of [`FIELDS`] (null as `None`).
fn field(i: &Indicator, f: usize) -> Option<&str> {
    match f {
        0 => i.level1.as_deref(),
        1 => i.level2.as_deref(),
        2 => Some(&i.name),
        3 => i.op.as_deref(),
        4 => Some(&i.value),
        _ => i.unit.as_deref(),
    }
}

/// (code or name, column, value) of every value of every line item.
fn triples(records: &[Expected]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for r in records {
        if let Expected::LineItem(l) = r {
            let key = l.code.clone().unwrap_or_else(|| l.name.clone());
            out.extend(l.values.iter().map(|(col, v)| (key.clone(), col.clone(), v.clone())));
        }
    }
    out
}

/// The facts of every project: its department, its parent, its amounts.
fn project_facts(records: &[Expected]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for r in records {
        if let Expected::Project(p) = r {
            let or_null = |s: &Option<String>| s.clone().unwrap_or_else(|| "null".into());
            out.push((p.name.clone(), "department".into(), or_null(&p.department)));
            out.push((p.name.clone(), "parent".into(), or_null(&p.parent)));
            out.extend(p.amounts.iter().map(|a| (p.name.clone(), a.label.clone(), format!("{} {}", a.value, a.unit))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expected::{read_jsonl, Indicator};

    fn ind(project: &str, name: &str, value: &str) -> Expected {
        Expected::Indicator(Indicator {
            project: Some(project.into()),
            department: None,
            scope: "annual".into(),
            level1: Some("产出指标".into()),
            level2: Some("数量指标".into()),
            name: name.into(),
            op: Some(">=".into()),
            value: value.into(),
            unit: Some("个".into()),
        })
    }

    #[test]
    fn duplicates_count_once_each_and_a_wrong_value_misses() {
        let expected = [ind("甲", "数量", "5"), ind("甲", "数量", "5"), ind("甲", "次数", "3")];
        let actual = [ind("甲", "数量", "5"), ind("甲", "次数", "4")];
        let s = score(&expected, &actual);
        assert_eq!(s.indicators, Counts { expected: 3, actual: 2, matched: 1 });
        assert_eq!(s.fields[2], Counts { expected: 3, actual: 2, matched: 2 }, "names all found");
        assert_eq!(s.fields[4], Counts { expected: 3, actual: 2, matched: 1 }, "value 4 is wrong");
    }

    #[test]
    fn attribution_is_the_share_of_found_indicators_with_their_project() {
        let expected = [ind("甲", "数量", "5"), ind("乙", "次数", "3")];
        let actual = [ind("甲", "数量", "5"), ind("甲", "次数", "3")];
        let s = score(&expected, &actual);
        assert_eq!(s.indicators.matched, 2);
        assert_eq!(s.attribution, Share { hits: 1, of: 2 });
    }

    #[test]
    fn line_items_are_scored_by_code_or_name_column_and_value() {
        let text = r#"{"kind":"line_item","table":"t","code":"201","label":"x","name":"x","side":null,"values":{"合计":"1.00","基本支出":"1.00"},"extra":1}
{"kind":"line_item","table":"t","code":null,"label":"一、合计","name":"合计","side":null,"values":{"合计":"1.00"}}
{"kind":"document","source":"a"}"#;
        let records = read_jsonl(text).unwrap();
        assert_eq!(records.len(), 2, "the document record is not scored");
        assert_eq!(triples(&records), [("201".into(), "合计".into(), "1.00".into()), ("201".into(), "基本支出".into(), "1.00".into()), ("合计".into(), "合计".into(), "1.00".into())]);
        assert_eq!(score(&records, &records[..1]).line_items, Counts { expected: 3, actual: 2, matched: 2 });
    }

    #[test]
    fn nothing_expected_and_nothing_given_is_a_perfect_score() {
        let s = score(&[], &[]);
        assert_eq!((s.indicators.f1(), s.attribution.value(), s.line_items.f1()), (1.0, 1.0, 1.0));
    }
}

//! Runs the plain-text specs in `tests/spec/*.txt` (format documented at the
//! top of each file). Every failing line is reported, not just the first.
use std::path::PathBuf;

use budget_grammar::{
    parse_amount, parse_code, parse_date, parse_number, parse_op, parse_target, parse_unit,
    split_name_unit, Op, Target, TargetForm,
};

/// One `CELL => EXPECTED` line.
struct Case {
    line: usize,
    section: String,
    input: String,
    expect: String,
}

fn spec_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("spec")
        .join(name)
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].to_owned()
    } else {
        s.to_owned()
    }
}

/// Reads a spec file. Malformed lines are returned as errors.
fn load(name: &str) -> (Vec<Case>, Vec<String>) {
    let path = spec_path(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut section = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') {
            section = t[1..t.len() - 1].to_owned();
            continue;
        }
        let Some((input, expect)) = raw.split_once(" => ") else {
            errors.push(format!("{name}:{line}: malformed (no ' => '): {raw}"));
            continue;
        };
        // A comment after the expectation: whitespace then '#'.
        let expect = match expect.find(" #").or_else(|| expect.find("\t#")) {
            Some(p) => &expect[..p],
            None => expect,
        };
        cases.push(Case {
            line,
            section: section.clone(),
            input: unquote(input),
            expect: expect.trim().to_owned(),
        });
    }
    (cases, errors)
}

/// Splits on whitespace, keeping `key="a b"` together.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn op_of(s: &str) -> Result<Option<Op>, String> {
    Ok(Some(match s {
        ">=" => Op::Ge,
        "<=" => Op::Le,
        "=" => Op::Eq,
        ">" => Op::Gt,
        "<" => Op::Lt,
        "qualitative" => Op::Qualitative,
        "none" => return Ok(None),
        _ => return Err(format!("unknown op {s:?}")),
    }))
}

fn none_or(s: &str) -> Option<String> {
    (s != "none").then(|| s.to_owned())
}

fn expected_target(input: &str, expect: &str) -> Result<Target, String> {
    let toks = tokens(expect);
    let mut form = None;
    let mut t = Target {
        op: None,
        value: input.to_owned(),
        unit: None,
        form: TargetForm::Word,
    };
    for tok in toks {
        match tok.split_once('=') {
            None => {
                form = Some(match tok.as_str() {
                    "number" => TargetForm::Number,
                    "range" => TargetForm::Range,
                    "deadline" => TargetForm::Deadline,
                    "rate" => TargetForm::Rate,
                    "text" => TargetForm::TextQuantity,
                    "word" => TargetForm::Word,
                    other => return Err(format!("unknown form {other:?}")),
                })
            }
            Some(("op", v)) => t.op = op_of(v)?,
            Some(("value", v)) => t.value = unquote(v),
            Some(("unit", v)) => t.unit = none_or(&unquote(v)),
            Some((k, _)) => return Err(format!("unknown key {k:?}")),
        }
    }
    t.form = form.ok_or("no form")?;
    Ok(t)
}

fn report(name: &str, total: usize, min: usize, failures: Vec<String>) {
    assert!(
        total >= min,
        "{name}: only {total} cases (expected at least {min})"
    );
    if !failures.is_empty() {
        panic!(
            "{name}: {} of {total} cases failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn targets() {
    let name = "targets.txt";
    let (cases, mut failures) = load(name);
    for c in &cases {
        match expected_target(&c.input, &c.expect) {
            Err(e) => failures.push(format!(
                "{name}:{}: bad expectation ({e}): {}",
                c.line, c.expect
            )),
            Ok(want) => {
                let got = parse_target(&c.input);
                if got != want {
                    failures.push(format!(
                        "{name}:{}: {:?}\n    want {want:?}\n    got  {got:?}",
                        c.line, c.input
                    ));
                }
            }
        }
    }
    report(name, cases.len(), 60, failures);
}

#[test]
fn ops() {
    let name = "ops.txt";
    let (cases, mut failures) = load(name);
    for c in &cases {
        match op_of(&c.expect) {
            Err(e) => failures.push(format!("{name}:{}: {e}", c.line)),
            Ok(want) => {
                let got = parse_op(&c.input);
                if got != want {
                    failures.push(format!(
                        "{name}:{}: {:?}: want {want:?}, got {got:?}",
                        c.line, c.input
                    ));
                }
            }
        }
    }
    report(name, cases.len(), 20, failures);
}

#[test]
fn units_and_names() {
    let name = "units.txt";
    let (cases, mut failures) = load(name);
    for c in &cases {
        match c.section.as_str() {
            "unit" => {
                let want = none_or(&c.expect);
                let got = parse_unit(&c.input);
                if got != want {
                    failures.push(format!(
                        "{name}:{}: {:?}: want {want:?}, got {got:?}",
                        c.line, c.input
                    ));
                }
            }
            "name" => {
                let want = match c.expect.as_str() {
                    "none" => None,
                    e => match e.split_once(" | ") {
                        Some((b, u)) => Some((b.trim().to_owned(), u.trim().to_owned())),
                        None => {
                            failures
                                .push(format!("{name}:{}: expected `BASE | UNIT` or none", c.line));
                            continue;
                        }
                    },
                };
                let got = split_name_unit(&c.input);
                if got != want {
                    failures.push(format!(
                        "{name}:{}: {:?}: want {want:?}, got {got:?}",
                        c.line, c.input
                    ));
                }
            }
            s => failures.push(format!("{name}:{}: unknown section [{s}]", c.line)),
        }
    }
    report(name, cases.len(), 60, failures);
}

#[test]
fn cells() {
    let name = "cells.txt";
    let (cases, mut failures) = load(name);
    for c in &cases {
        let want = none_or(&c.expect);
        let got = match c.section.as_str() {
            "number" => parse_number(&c.input),
            "amount" => parse_amount(&c.input).map(|a| {
                // The value must agree with the printed digits.
                let again: rust_decimal::Decimal = a.printed.parse().expect("printed parses");
                assert_eq!(a.value, again, "{name}:{}", c.line);
                a.printed
            }),
            "code" => parse_code(&c.input),
            "date" => parse_date(&c.input).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            s => {
                failures.push(format!("{name}:{}: unknown section [{s}]", c.line));
                continue;
            }
        };
        if got != want {
            failures.push(format!(
                "{name}:{}: [{}] {:?}: want {want:?}, got {got:?}",
                c.line, c.section, c.input
            ));
        }
    }
    report(name, cases.len(), 40, failures);
}

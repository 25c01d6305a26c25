//! Property tests: round trips of generated numbers, targets, codes and dates,
//! and no panic on arbitrary text.
use budget_grammar::{
    classify, header_field, is_level1, is_level2, is_qualitative_word, is_stated_target, parse_amount, parse_code,
    parse_date, parse_number, parse_op, parse_target, parse_unit, split_name_unit, Op, TargetForm,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A generated decimal: sign, integer part (up to 12 digits), 0–4 decimals.
#[derive(Debug, Clone)]
struct Num {
    negative: bool,
    plus: bool,
    int: u64,
    frac: String,
}

impl Num {
    /// As printed, with or without thousands separators.
    fn print(&self, grouped: bool) -> String {
        let mut s = String::new();
        if self.negative {
            s.push('-');
        } else if self.plus {
            s.push('+');
        }
        s.push_str(&self.unsigned(grouped));
        s
    }

    fn unsigned(&self, grouped: bool) -> String {
        let digits = self.int.to_string();
        let mut s = String::new();
        if grouped {
            let n = digits.len();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && i % 3 == n % 3 {
                    s.push(',');
                }
                s.push(c);
            }
        } else {
            s.push_str(&digits);
        }
        if !self.frac.is_empty() {
            s.push('.');
            s.push_str(&self.frac);
        }
        s
    }

    /// What the parsers must give back: no grouping, no `+`.
    fn expected(&self) -> String {
        let mut s = String::new();
        if self.negative {
            s.push('-');
        }
        s.push_str(&self.unsigned(false));
        s
    }

    fn decimal(&self) -> Decimal {
        let scale = self.frac.len() as u32;
        let frac: i128 = if self.frac.is_empty() {
            0
        } else {
            self.frac.parse().unwrap()
        };
        let mag = self.int as i128 * 10i128.pow(scale) + frac;
        Decimal::from_i128_with_scale(if self.negative { -mag } else { mag }, scale)
    }
}

fn num() -> impl Strategy<Value = Num> {
    (
        any::<bool>(),
        any::<bool>(),
        0u32..=12,
        any::<u64>(),
        "[0-9]{0,4}",
    )
        .prop_map(|(negative, plus, len, raw, frac)| {
            let int = if len == 0 { 0 } else { raw % 10u64.pow(len) };
            Num {
                negative,
                plus,
                int,
                frac,
            }
        })
}

fn unsigned_num() -> impl Strategy<Value = Num> {
    num().prop_map(|mut n| {
        n.negative = false;
        n.plus = false;
        n
    })
}

/// (spelling, op) of comparisons written before a value.
const OPS: &[(&str, Option<Op>)] = &[
    ("", None),
    ("≥", Some(Op::Ge)),
    ("≤", Some(Op::Le)),
    ("=", Some(Op::Eq)),
    (">", Some(Op::Gt)),
    ("<", Some(Op::Lt)),
    (">=", Some(Op::Ge)),
    ("<=", Some(Op::Le)),
    ("≧", Some(Op::Ge)),
    ("≦", Some(Op::Le)),
    ("大于等于", Some(Op::Ge)),
    ("小于等于", Some(Op::Le)),
    ("不低于", Some(Op::Ge)),
    ("不超过", Some(Op::Le)),
    ("≥ ", Some(Op::Ge)),
];

/// (spelling, unit, is a rate). `年` is left out: `2023年` is a deadline.
const UNITS: &[(&str, Option<&str>, bool)] = &[
    ("", None, false),
    ("%", Some("%"), false),
    ("(%)", Some("%"), false),
    ("(/%)", Some("%"), false),
    ("个", Some("个"), false),
    ("次", Some("次"), false),
    ("人次", Some("人次"), false),
    ("篇", Some("篇"), false),
    ("(篇)", Some("篇"), false),
    ("天", Some("天"), false),
    ("小时", Some("小时"), false),
    ("万元", Some("万元"), false),
    ("G", Some("G"), false),
    ("m2", Some("m2"), false),
    ("元/天", Some("元/天"), true),
    ("条/工作日", Some("条/工作日"), true),
    ("人/次", Some("人/次"), true),
];

fn date_text(y: i32, m: u32, d: u32, style: u8, pad: bool) -> String {
    let (m, d) = if pad {
        (format!("{m:02}"), format!("{d:02}"))
    } else {
        (m.to_string(), d.to_string())
    };
    match style {
        0 => format!("{y}-{m}-{d}"),
        1 => format!("{y}/{m}/{d}"),
        2 => format!("{y}.{m}.{d}"),
        _ => format!("{y}年{m}月{d}日"),
    }
}

fn days(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Text made of the characters the parsers care about, plus CJK and noise.
fn cell_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        proptest::char::range('0', '9'),
        proptest::char::range('\u{4e00}', '\u{9fff}'),
        proptest::char::range('\u{3000}', '\u{303f}'),
        proptest::char::range('\u{ff00}', '\u{ffef}'),
        prop::sample::select(vec![
            ',', '.', '-', '+', '(', ')', '（', '）', '%', '/', '~', '≥', '≤', '≧', '≦', '=', '>',
            '<', '△', '—', ' ', '年', '月', '日', '底', '前', '内', '以', '上', '下', '个', '次',
            '元', '万', '人', '天', '至', '·', '钟',
        ]),
        any::<char>(),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.into_iter().collect())
}

fn exercise(s: &str) {
    let _ = parse_number(s);
    let _ = parse_amount(s);
    let _ = parse_code(s);
    let _ = parse_date(s);
    let _ = parse_op(s);
    let _ = split_name_unit(s);
    let _ = classify(s);
    let _ = header_field(s);
    let _ = (is_level1(s), is_level2(s), is_qualitative_word(s));
    if let Some(u) = parse_unit(s) {
        assert!(!u.is_empty());
        assert!(parse_number(&u).is_none());
        assert!(parse_op(&u).is_none());
    }
    let t = parse_target(s);
    if t.form == TargetForm::Word {
        assert_eq!(t.value, s.trim_matches([' ', '\u{3000}']));
        assert!(t.op.is_none() && t.unit.is_none());
    }
    if let Some(n) = parse_number(s) {
        assert!(!n.contains(',') && !n.starts_with('+'));
    }
}

proptest! {
    // Integration tests have no lib.rs beside them for proptest's regression
    // files: shrunk failures are printed instead of persisted.
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn number_round_trip(n in num(), grouped in any::<bool>()) {
        let text = n.print(grouped);
        prop_assert_eq!(parse_number(&text), Some(n.expected()), "{}", text);
        let a = parse_amount(&text).expect("amount");
        prop_assert_eq!(&a.printed, &n.expected());
        prop_assert_eq!(a.value, n.decimal());
        prop_assert_eq!(a.value.scale(), n.frac.len() as u32);
    }

    #[test]
    fn negative_amount_forms(n in unsigned_num(), grouped in any::<bool>(), paren in any::<bool>()) {
        let body = n.unsigned(grouped);
        let text = if paren { format!("({body})") } else { format!("△{body}") };
        let a = parse_amount(&text).expect("amount");
        prop_assert_eq!(&a.printed, &format!("-{}", n.unsigned(false)));
        prop_assert_eq!(a.value, -n.decimal());
        prop_assert!(parse_number(&text).is_none());
    }

    #[test]
    fn bad_grouping_rejected(n in 100_000u64..1_000_000_000_000, at in prop::sample::select(&[1usize, 2, 4, 5][..])) {
        // A separator followed by 1, 2, 4 or 5 digits does not close a group of three.
        let digits = n.to_string();
        let cut = digits.len() - at;
        let text = format!("{},{}", &digits[..cut], &digits[cut..]);
        prop_assert_eq!(parse_number(&text), None, "{}", text);
        prop_assert!(parse_amount(&text).is_none());
    }

    #[test]
    fn target_round_trip(
        op in prop::sample::select(OPS),
        n in num(),
        grouped in any::<bool>(),
        unit in prop::sample::select(UNITS),
        space in any::<bool>(),
    ) {
        let (op_text, op) = op;
        let (unit_text, unit, rate) = unit;
        let sep = if space && !unit_text.is_empty() { " " } else { "" };
        let text = format!("{op_text}{}{sep}{unit_text}", n.print(grouped));
        let t = parse_target(&text);
        prop_assert_eq!(t.op, op, "{}", text);
        prop_assert_eq!(&t.value, &n.expected(), "{}", text);
        prop_assert_eq!(t.unit.as_deref(), unit, "{}", text);
        let form = if rate { TargetForm::Rate } else { TargetForm::Number };
        prop_assert_eq!(t.form, form, "{}", text);
    }

    #[test]
    fn range_round_trip(a in unsigned_num(), b in unsigned_num(), sep in prop::sample::select(&["-", "~", "至", "—"][..]),
                        unit in prop::sample::select(UNITS)) {
        let (unit_text, unit, _) = unit;
        let text = format!("{}{sep}{}{unit_text}", a.unsigned(true), b.unsigned(false));
        let t = parse_target(&text);
        prop_assert_eq!(t.form, TargetForm::Range, "{}", text);
        prop_assert_eq!(t.value, format!("{}-{}", a.expected(), b.expected()));
        prop_assert_eq!(t.unit.as_deref(), unit);
    }

    #[test]
    fn code_round_trip(digits in "[0-9]{1,9}") {
        let ok = matches!(digits.len(), 2 | 3 | 5 | 7);
        prop_assert_eq!(parse_code(&digits), ok.then(|| digits.clone()));
    }

    #[test]
    fn date_round_trip(y in 1900i32..=2100, m in 1u32..=12, d in 1u32..=31, style in 0u8..4, pad in any::<bool>()) {
        let text = date_text(y, m, d, style, pad);
        let want = (d <= days(y, m)).then_some((y, m, d));
        prop_assert_eq!(parse_date(&text), want, "{}", text);
    }

    #[test]
    fn no_panic_cells(s in cell_text()) {
        exercise(&s);
    }

    #[test]
    fn no_panic_any(s in any::<String>()) {
        exercise(&s);
    }

    /// The question classifying asks ("more than a word?") answers as the
    /// full parse does, with or without white space around the cell.
    #[test]
    fn stated_target_agrees_with_parse_target(s in cell_text(), pad in prop::sample::select(&["", " ", "\u{3000}"][..])) {
        for cell in [s.clone(), format!("{pad}{s}{pad}")] {
            prop_assert_eq!(is_stated_target(&cell), parse_target(&cell).form != TargetForm::Word, "{:?}", cell);
        }
    }
}

//! Numbers, amounts, 科目编码 and dates.
//!
//! The recognizers are small `nom` parsers over `&str` with `()` as the error
//! type (no error allocation on the hot path). Every public function rejects
//! on its first character when that character cannot start its form.
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::{all_consuming, opt, recognize};
use nom::multi::many1_count;
use nom::{IResult, Parser};
use rust_decimal::Decimal;

/// nom result with the zero-cost `()` error.
pub(crate) type R<'a, O> = IResult<&'a str, O, ()>;

/// A printed amount: exact value and the digits as printed without grouping separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Exact value.
    pub value: Decimal,
    /// As printed, without thousands separators: `"1,709.50"` → `"1709.50"`.
    pub printed: String,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Integer digits: either `d{1,3}(,ddd)+` (valid groups of three) or a plain
/// run of digits. A group must not be followed by a fourth digit.
fn integer(i: &str) -> R<'_, &str> {
    alt((
        recognize((
            take_while_m_n(1, 3, is_digit),
            many1_count((char(','), take_while_m_n(3, 3, is_digit))),
            nom::combinator::not(take_while_m_n(1, 1, is_digit)),
        )),
        digit1,
    ))
    .parse(i)
}

/// An unsigned number: integer digits, optionally `.` and fraction digits.
pub(crate) fn unsigned_token(i: &str) -> R<'_, &str> {
    recognize((integer, opt((char('.'), digit1)))).parse(i)
}

/// A number with an optional `+`/`-` sign, as it appears at the start of
/// `i`. Returns the recognized slice (still with grouping separators).
pub(crate) fn number_token(i: &str) -> R<'_, &str> {
    // Most cells handed here are words; turn them away before the parser
    // combinators set up their alternatives.
    if !i.as_bytes().first().is_some_and(|&c| starts_number(c)) {
        return Err(nom::Err::Error(()));
    }
    recognize((opt(one_of("+-")), unsigned_token)).parse(i)
}

/// The digits of a recognized number token without grouping separators and
/// without a leading `+`.
pub(crate) fn ungroup(tok: &str) -> String {
    let tok = tok.strip_prefix('+').unwrap_or(tok);
    if tok.contains(',') {
        tok.chars().filter(|&c| c != ',').collect()
    } else {
        tok.to_owned()
    }
}

/// True when `c` can be the first character of a bare number.
fn starts_number(c: u8) -> bool {
    c.is_ascii_digit() || c == b'+' || c == b'-'
}

/// A bare number cell: `100`, `0.5`, `1,709.50`, `-3`, `+2.0`. Returns the
/// digits as printed without grouping separators (and without a leading `+`).
/// Grouping separators are accepted only in valid groups of three.
pub fn parse_number(s: &str) -> Option<String> {
    if is_plain_decimal(s) {
        return Some(s.to_owned());
    }
    parse_number_general(s)
}

/// True for the commonest number cell, `123` or `4396.61`: digits with at
/// most one `.` between digits. The grammar gives such a cell back as it
/// is, so the parsers need not run (a property test holds the two equal).
pub fn is_plain_decimal(s: &str) -> bool {
    // One pass, and text cells (most cells asked) stop at their first byte.
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) || !b.last().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut dots = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return false,
        }
    }
    dots <= 1
}

/// [`parse_number`] by the grammar alone (`number_token` turns away a cell
/// that cannot start a number at its first byte).
fn parse_number_general(s: &str) -> Option<String> {
    let (_, tok) = all_consuming(number_token).parse(s).ok()?;
    Some(ungroup(tok))
}

/// True when [`parse_amount`] reads the cell, without building the amount:
/// the layout asks this of nearly every cell it classifies, and the plain
/// decimals most figures are need no copy to be checked.
pub fn is_amount(s: &str) -> bool {
    // A plain decimal of 28 characters or fewer always fits a `Decimal`
    // (under 10^28, at a scale under 28): no need to parse it to know.
    (s.len() <= 28 && is_plain_decimal(s)) || amount_value(s).is_some()
}

/// The value of an amount cell, as [`parse_amount`] reads it, without the
/// printed copy: the checks and totals need only the value, and most
/// figures are plain decimals that parse as they stand.
#[inline]
pub fn amount_value(s: &str) -> Option<Decimal> {
    if is_plain_decimal(s) {
        return Decimal::from_str_exact(s).ok();
    }
    parse_amount(s).map(|a| a.value)
}

/// An amount cell: a bare number (see [`parse_number`]), also `(1,234.00)`
/// or `△12.5` as negatives. `-` alone, `—` and empty are not amounts.
// Inlined so that a text cell, which nearly every caller meets most, is
// turned away at its first byte without a call.
#[inline]
pub fn parse_amount(s: &str) -> Option<Amount> {
    let first = *s.as_bytes().first()?;
    let printed = if starts_number(first) {
        parse_number(s)?
    } else if first == b'(' {
        let (_, tok) = all_consuming((char('('), unsigned_token, char(')')))
            .map(|(_, t, _)| t)
            .parse(s)
            .ok()?;
        negate(tok)
    } else if let Some(rest) = s.strip_prefix('△') {
        let (_, tok) = all_consuming(unsigned_token).parse(rest).ok()?;
        negate(tok)
    } else {
        return None;
    };
    let value = Decimal::from_str_exact(&printed).ok()?;
    Some(Amount { value, printed })
}

fn negate(unsigned: &str) -> String {
    let mut out = String::with_capacity(unsigned.len() + 1);
    out.push('-');
    out.extend(unsigned.chars().filter(|&c| c != ','));
    out
}

/// A 科目编码 cell: 3, 5 or 7 ASCII digits (类 / 款 / 项), or the two-digit
/// 款/项 part of a code split over columns (2 digits). Returns the digits.
pub fn parse_code(s: &str) -> Option<String> {
    if !matches!(s.len(), 2 | 3 | 5 | 7) {
        return None;
    }
    let (_, code) = all_consuming(digit1::<&str, ()>).parse(s).ok()?;
    Some(code.to_owned())
}

/// Days in `month` of `year` (Gregorian), 0 for an invalid month.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn small(i: &str) -> R<'_, u32> {
    take_while_m_n(1, 2, is_digit)
        .map(|d: &str| d.parse::<u32>().unwrap_or(0))
        .parse(i)
}

pub(crate) fn year4(i: &str) -> R<'_, i32> {
    take_while_m_n(4, 4, is_digit)
        .map(|d: &str| d.parse::<i32>().unwrap_or(0))
        .parse(i)
}

/// `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D` (same separator twice) or `YYYY年M月D日`,
/// unvalidated, at the start of `i`.
pub(crate) fn date_token(i: &str) -> R<'_, (i32, u32, u32)> {
    let (rest, y) = year4(i)?;
    let (rest, sep) = alt((tag("-"), tag("/"), tag("."), tag("年"))).parse(rest)?;
    let (rest, m) = small(rest)?;
    let (rest, d) = if sep == "年" {
        let (rest, _) = tag("月").parse(rest)?;
        let (rest, d) = small(rest)?;
        let (rest, _) = alt((tag("日"), tag("号"))).parse(rest)?;
        (rest, d)
    } else {
        let (rest, _) = tag(sep).parse(rest)?;
        small(rest)?
    };
    Ok((rest, (y, m, d)))
}

/// True when (y, m, d) is a real calendar date.
pub(crate) fn valid_date(y: i32, m: u32, d: u32) -> bool {
    d >= 1 && d <= days_in_month(y, m)
}

/// A date cell: `2023-01-01`, `2023/1/1`, `2023.01.01`, `2023年1月1日`.
/// Returns (year, month, day) when the date is valid.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    if s.len() < 8 || !s.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let (_, (y, m, d)) = all_consuming(date_token).parse(s).ok()?;
    valid_date(y, m, d).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for plain decimals gives what the grammar gives.
        #[test]
        fn plain_decimals_read_as_the_grammar_reads_them(s in "[0-9.,+-]{0,9}") {
            prop_assert_eq!(parse_number(&s), parse_number_general(&s));
        }

        /// The check without the copy agrees with the parser, over figures
        /// of every shape the grammar knows and beyond what `Decimal` holds.
        #[test]
        fn is_amount_agrees_with_parse_amount(s in "[(△]?[0-9.,+-]{0,32}[)]?") {
            prop_assert_eq!(is_amount(&s), parse_amount(&s).is_some());
        }

        /// The same on long plain decimals, around the 28 characters under
        /// which `is_amount` does not parse.
        #[test]
        fn is_amount_agrees_on_long_plain_decimals(s in "[0-9]{20,34}(\\.[0-9]{1,8})?") {
            prop_assert_eq!(is_amount(&s), parse_amount(&s).is_some());
        }

        /// The value without the copy is the parser's value.
        #[test]
        fn amount_value_agrees_with_parse_amount(s in "[(△]?[0-9.,+-]{0,32}[)]?") {
            prop_assert_eq!(amount_value(&s), parse_amount(&s).map(|a| a.value));
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1,709.50").as_deref(), Some("1709.50"));
        assert_eq!(parse_number("189,767,551").as_deref(), Some("189767551"));
        assert_eq!(parse_number("+2.0").as_deref(), Some("2.0"));
        assert_eq!(parse_number("-3.5").as_deref(), Some("-3.5"));
        for bad in [
            "",
            "-",
            "—",
            "**",
            "1,2,3",
            "12,34",
            "1.2.3",
            "2023-01-01",
            "1,2345",
            "1.",
            ".5",
            "1,000,00",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts() {
        let a = parse_amount("(1,234.00)").unwrap();
        assert_eq!(a.printed, "-1234.00");
        assert_eq!(a.value, Decimal::new(-123400, 2));
        assert_eq!(parse_amount("△12.5").unwrap().printed, "-12.5");
        assert_eq!(parse_amount("5,600,000.00").unwrap().printed, "5600000.00");
        assert_eq!(parse_amount("(-1)"), None);
        assert_eq!(parse_amount("()"), None);
        assert_eq!(parse_amount("△"), None);
    }

    #[test]
    fn codes_and_dates() {
        assert_eq!(parse_code("2010101").as_deref(), Some("2010101"));
        assert_eq!(parse_code("2010"), None);
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("1900-02-29"), None);
        assert_eq!(parse_date("2000-02-29"), Some((2000, 2, 29)));
        assert_eq!(parse_date("2023年1月1日"), Some((2023, 1, 1)));
        assert_eq!(parse_date("2023-1/1"), None);
    }
}

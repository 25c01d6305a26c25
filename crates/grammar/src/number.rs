//! Numbers, amounts, 科目编码 and dates.
use rust_decimal::Decimal;

/// A printed amount: exact value and the digits as printed without grouping separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Exact value.
    pub value: Decimal,
    /// As printed, without thousands separators: `"1,709.50"` → `"1709.50"`.
    pub printed: String,
}

/// A bare number cell: `100`, `0.5`, `1,709.50`, `-3`, `+2.0`. Returns the
/// digits as printed without grouping separators (and without a leading `+`).
/// Grouping separators are accepted only in valid groups of three.
pub fn parse_number(s: &str) -> Option<String> {
    let _ = s;
    todo!()
}

/// An amount cell: a bare number (see [`parse_number`]), also `(1,234.00)`
/// or `△12.5` as negatives. `-` alone, `—` and empty are not amounts.
pub fn parse_amount(s: &str) -> Option<Amount> {
    let _ = s;
    todo!()
}

/// A 科目编码 cell: 3, 5 or 7 ASCII digits (类 / 款 / 项), or the two-digit
/// 款/项 part of a code split over columns (2 digits). Returns the digits.
pub fn parse_code(s: &str) -> Option<String> {
    let _ = s;
    todo!()
}

/// A date cell: `2023-01-01`, `2023/1/1`, `2023.01.01`, `2023年1月1日`.
/// Returns (year, month, day) when the date is valid.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let _ = s;
    todo!()
}

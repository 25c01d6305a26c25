//! Approximate widths of the standard 14 fonts, for simple fonts that name
//! one and omit `/Widths` (allowed before PDF 1.5). Only printable ASCII is
//! tabulated (Helvetica and Times, regular weight); everything else gets
//! the family's typical width. Boxes are approximate anyway; what matters
//! is that the pen advances plausibly.

/// Helvetica widths for 0x20–0x7E.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Times-Roman widths for 0x20–0x7E.
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
    722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
    278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

/// Width in glyph units of `code` in the standard font `base` (subset
/// prefix already removed), or `None` when `base` is not a standard font.
pub(crate) fn width(base: &str, code: u8) -> Option<f32> {
    let ascii = usize::from(code).checked_sub(0x20).filter(|&i| i < 95);
    let pick = |table: &[u16; 95], other: u16| f32::from(ascii.map_or(other, |i| table[i]));
    if base.starts_with("Courier") {
        Some(600.0)
    } else if base.starts_with("Helvetica") || base.starts_with("Arial") {
        Some(pick(&HELVETICA, 556))
    } else if base.starts_with("Times") {
        Some(pick(&TIMES, 500))
    } else if base == "Symbol" {
        Some(500.0)
    } else if base == "ZapfDingbats" {
        Some(780.0)
    } else {
        None
    }
}

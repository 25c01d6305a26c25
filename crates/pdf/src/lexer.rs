//! A content-stream tokenizer (ISO 32000-1 §7.2, §8.9.7 for inline images)
//! that never gives up: a byte that cannot start a token is skipped and
//! counted, so one bad token costs one token, not the rest of the page
//! (lopdf's lenient tokenizer stops there and drops the remainder).
//!
//! Operands are collected into a caller-owned vector that is reused from
//! one operator to the next, so the hot loop allocates only for strings,
//! names and arrays.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// An integer or real number.
    Num(f64),
    /// A name, without the slash, `#xx` escapes decoded.
    Name(Vec<u8>),
    /// A literal or hexadecimal string, escapes decoded.
    Str(Vec<u8>),
    /// An array.
    Array(Vec<Operand>),
    /// A dictionary (marked-content properties): its contents are not kept.
    Dict,
    /// `true`, `false` or `null`, which no operator we interpret needs.
    Other,
}

impl Operand {
    /// The number, if this is one.
    pub(crate) fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// Arrays nested deeper than this are cut: no real content nests them, and
/// the parser recurses once per level.
const MAX_NESTING: usize = 16;
/// Operands kept before an operator; more means garbage, and keeping them
/// all would let a flood of numbers grow memory without bound.
const MAX_OPERANDS: usize = 64;

/// Pull tokenizer over one content stream.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Bytes skipped because they could not start a token.
    pub(crate) skipped: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// What the next token turned out to be.
enum Tok<'a> {
    Operand(Operand),
    Keyword(&'a [u8]),
    ArrayEnd,
    DictEnd,
    Eof,
}

impl<'a> Lexer<'a> {
    /// A tokenizer at the start of `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0, skipped: 0 }
    }

    /// Reads operands into `operands` (cleared first) up to the next
    /// operator and returns the operator, or `None` at the end.
    pub(crate) fn next_op(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            match self.token(0) {
                Tok::Operand(op) => {
                    if operands.len() >= MAX_OPERANDS {
                        operands.clear();
                    }
                    operands.push(op);
                }
                Tok::Keyword(k) => return Some(k),
                Tok::ArrayEnd | Tok::DictEnd => self.skipped += 1,
                Tok::Eof => return None,
            }
        }
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn token(&mut self, depth: usize) -> Tok<'a> {
        loop {
            self.skip_white_and_comments();
            let Some(&b) = self.data.get(self.pos) else { return Tok::Eof };
            match b {
                b'/' => {
                    self.pos += 1;
                    return Tok::Operand(Operand::Name(self.name()));
                }
                b'(' => {
                    self.pos += 1;
                    return Tok::Operand(Operand::Str(self.literal()));
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    self.dict(depth + 1);
                    return Tok::Operand(Operand::Dict);
                }
                b'<' => {
                    self.pos += 1;
                    return Tok::Operand(Operand::Str(self.hex()));
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Tok::DictEnd;
                }
                b'[' => {
                    self.pos += 1;
                    return Tok::Operand(Operand::Array(self.array(depth + 1)));
                }
                b']' => {
                    self.pos += 1;
                    return Tok::ArrayEnd;
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => return Tok::Operand(self.number()),
                _ if is_regular(b) => return self.keyword(),
                _ => {
                    // `)`, `>`, `{`, `}` cannot start a token here: skip it.
                    self.pos += 1;
                    self.skipped += 1;
                }
            }
        }
    }

    fn keyword(&mut self) -> Tok<'a> {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| is_regular(b)) {
            self.pos += 1;
        }
        let word = &self.data[start..self.pos];
        match word {
            b"true" | b"false" | b"null" => Tok::Operand(Operand::Other),
            _ => Tok::Keyword(word),
        }
    }

    fn number(&mut self) -> Operand {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.')) {
            self.pos += 1;
        }
        Operand::Num(parse_number(&self.data[start..self.pos]))
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&b) = self.data.get(self.pos) {
            if !is_regular(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let hi = self.data.get(self.pos).copied().and_then(hex_val);
                let lo = self.data.get(self.pos + 1).copied().and_then(hex_val);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return out;
                    }
                    out.push(b);
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(b),
            }
        }
        out
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(&b) = self.data.get(self.pos) else { return };
        self.pos += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.data.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.data.get(self.pos) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xFF) as u8);
            }
            _ => out.push(b),
        }
    }

    fn hex(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_val(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn array(&mut self, depth: usize) -> Vec<Operand> {
        let mut items = Vec::new();
        loop {
            if depth > MAX_NESTING {
                self.skipped += 1;
                return items;
            }
            match self.token(depth) {
                Tok::Operand(op) => items.push(op),
                Tok::ArrayEnd | Tok::Eof => return items,
                Tok::DictEnd => self.skipped += 1,
                // An operator inside an array means a missing `]`: put the
                // operator back so the page goes on.
                Tok::Keyword(k) => {
                    self.pos -= k.len();
                    self.skipped += 1;
                    return items;
                }
            }
        }
    }

    fn dict(&mut self, depth: usize) {
        loop {
            if depth > MAX_NESTING {
                self.skipped += 1;
                return;
            }
            match self.token(depth) {
                Tok::DictEnd | Tok::Eof => return,
                Tok::Operand(_) | Tok::ArrayEnd => {}
                Tok::Keyword(k) => {
                    self.pos -= k.len();
                    self.skipped += 1;
                    return;
                }
            }
        }
    }

    /// After `BI`: skips the image dictionary, `ID`, the image data and
    /// `EI`. Returns false when no `EI` was found (the rest is lost).
    pub(crate) fn skip_inline_image(&mut self) -> bool {
        let mut ops = Vec::new();
        match self.next_op(&mut ops) {
            Some(b"ID") => {}
            _ => return false,
        }
        // One white-space byte follows `ID`; the data may hold anything,
        // so look for `EI` between white space (or at the end).
        let data = self.data;
        let mut i = self.pos + 1;
        while i + 1 < data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && data.get(i.wrapping_sub(1)).is_some_and(|&b| is_white(b))
                && !matches!(data.get(i + 2), Some(&b) if !is_white(b))
            {
                self.pos = i + 2;
                return true;
            }
            i += 1;
        }
        self.pos = data.len();
        false
    }
}

/// Parses a PDF number leniently: extra signs and second points, which
/// some producers write, end the number instead of failing.
fn parse_number(s: &[u8]) -> f64 {
    let mut neg = false;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        match b {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let (mut int, mut frac, mut scale, mut seen_point) = (0f64, 0f64, 1f64, false);
    for &b in &s[i..] {
        match b {
            b'0'..=b'9' if seen_point => {
                scale /= 10.0;
                frac += f64::from(b - b'0') * scale;
            }
            b'0'..=b'9' => int = int * 10.0 + f64::from(b - b'0'),
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
    }
    let v = int + frac;
    let v = if v.is_finite() { v } else { 0.0 };
    if neg {
        -v
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(src);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    #[test]
    fn numbers_strings_and_arrays() {
        let got = ops(b"1 -2.5 .5 Td (a\\(b\\)\\101) Tj [<4142> -120 (c)] TJ /F#31 12 Tf");
        assert_eq!(got[0].1, vec![Operand::Num(1.0), Operand::Num(-2.5), Operand::Num(0.5)]);
        assert_eq!(got[1].1, vec![Operand::Str(b"a(b)A".to_vec())]);
        assert_eq!(
            got[2].1,
            vec![Operand::Array(vec![
                Operand::Str(b"AB".to_vec()),
                Operand::Num(-120.0),
                Operand::Str(b"c".to_vec())
            ])]
        );
        assert_eq!(got[3].1, vec![Operand::Name(b"F1".to_vec()), Operand::Num(12.0)]);
    }

    #[test]
    fn stray_bytes_are_skipped_not_fatal() {
        let mut lx = Lexer::new(b") } 1 0 0 1 0 0 cm BT ET");
        let mut operands = Vec::new();
        assert_eq!(lx.next_op(&mut operands), Some(&b"cm"[..]));
        assert_eq!(lx.skipped, 2);
        assert_eq!(lx.next_op(&mut operands), Some(&b"BT"[..]));
    }

    #[test]
    fn inline_image_is_skipped() {
        let mut lx = Lexer::new(b"BI /W 1 /H 1 ID \x00EI\xff EI Q");
        let mut operands = Vec::new();
        assert_eq!(lx.next_op(&mut operands), Some(&b"BI"[..]));
        assert!(lx.skip_inline_image());
        assert_eq!(lx.next_op(&mut operands), Some(&b"Q"[..]));
    }

    #[test]
    fn deep_arrays_do_not_recurse_without_bound() {
        let src = vec![b'['; 100_000];
        let mut lx = Lexer::new(&src);
        let mut operands = Vec::new();
        assert_eq!(lx.next_op(&mut operands), None);
    }
}

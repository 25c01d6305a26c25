//! The character mapping behind [`normalize`]: one pass over a cell's text
//! that makes differently-typed but identical text compare equal.
//!
//! Disclosures are typed by hand, exported from Word or Excel, or converted
//! from PDF, so the same cell shows up as `（％）` or `(%)`, `≧` or `≥`,
//! `人大代表满意度 (%)` or `人大代表满意度(%)`. Later stages match on the
//! normalized text only; the raw text is kept beside it for provenance.
//!
//! # Mapping
//!
//! | # | Input | Output | Example |
//! |---|-------|--------|---------|
//! | 1 | Full-width ASCII U+FF01–U+FF5E (all of it, `，` `：` `；` `～` included) | the ASCII character U+0021–U+007E | `１２３`→`123`, `（％）`→`(%)`, `，`→`,` |
//! | 2 | `≧` U+2267, `⩾` U+2A7E | `≥` | `≧90`→`≥90` |
//! | 2 | `≦` U+2266, `⩽` U+2A7D | `≤` | |
//! | 2 | `>=`, `≥=` (also from `＞＝`) | `≥` | `＞＝95`→`≥95` |
//! | 2 | `<=`, `≤=` (also from `＜＝`) | `≤` | |
//! | 3 | Any Unicode white space (tab, U+00A0, U+2000–U+200A, U+3000, …), U+200B, U+FEFF | one ordinary space; runs collapse; both ends trimmed | `a\u{3000}\u{3000}b`→`a b` |
//! | 4 | A space between CJK and CJK | removed | `项目 绩效 目标`→`项目绩效目标` |
//! | 4 | A space between CJK and a following `(` | removed | `满意度 (%)`→`满意度(%)` |
//! | 4 | A space between `)` and a following CJK | removed | `(一) 主要职能`→`(一)主要职能` |
//! | 4 | A space between an ASCII digit and CJK, either order | removed | `2024 年`→`2024年`, `本级 2022`→`本级2022` |
//! | 4 | A space between CJK and a following `,` `;` `:` | removed | `目标 ：`→`目标:` |
//! | 4 | A space after `,` `;` `:` that sit between CJK on both sides | removed | `改版, 打造`→`改版,打造` |
//! | 5 | Kangxi radicals and the CJK radicals supplement (U+2E80–U+2FDF) | the ideograph they stand for (Unicode's Equivalent_Unified_Ideograph, with 户 青 黄 where it lists 戶 靑 黃; table in `radicals.rs`, written by `scripts/gen-radicals`); radicals with none are kept | `⼈`→`人`, `⻓`→`长`, `⼾`→`户` |
//! | 5 | CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) | their NFKC form (a unified ideograph) | `\u{F900}`→`豈` |
//! | 6 | `〜` U+301C (and `～` by rule 1) | `~` | |
//! | 6 | `‒` `–` `—` `―` (U+2012–U+2015) directly between two digits | `-` | `1–5`→`1-5` |
//! | 6 | `∶` U+2236 | `:` | |
//! | 6 | `﹪` U+FE6A (and `％` by rule 1) | `%` | |
//!
//! "CJK" means CJK Unified Ideographs (U+4E00–U+9FFF, U+3400–U+4DBF,
//! U+20000–U+2FFFF), compatibility ideographs (U+F900–U+FAFF) and CJK
//! punctuation (U+3001–U+303F: `、` `。` `《》` `【】` …), judged after the
//! mapping, so `（` counts as the ASCII `(` it becomes.
//!
//! Why the space rules: PDF conversion inserts spaces between glyphs that
//! were printed touching, including between a number and its Chinese unit
//! (`4396.61 万元`). Chinese text never needs those spaces, so removing them
//! is safe; spaces between Latin letters or digits (`P1.2 LED`) carry meaning
//! and stay.
//!
//! # What is deliberately left alone
//!
//! NFKC is applied only to the blocks in rule 5, never to the whole string:
//! global NFKC would turn `…` into `...`, `㎡` into `m2`, `①` into `1`, `²`
//! into `2` and `￥` into `¥`, all of which change what a cell says. `≥` and
//! `≤` have no compatibility mapping, so they are stable either way. Curly
//! quotes `“ ” ‘ ’` and `"` are kept, as are circled digits, superscripts and
//! the full-width signs outside U+FF01–U+FF5E (`￥` U+FFE5 among them).
//!
//! The function is idempotent: `normalize(normalize(x)) == normalize(x)`.
//! Every decision about a space looks only at the finished output to its left
//! and the mapped character to its right, and no mapping produces a
//! character that another rule would map again.

/// What one input character becomes before the context rules run.
enum Mapped {
    /// Any kind of white space; collapsed and possibly dropped later.
    Space,
    /// A character to emit (subject to the `=` merge and dash rules).
    Char(char),
}

/// Normalizes one cell's text according to the mapping in the module docs.
///
/// Never panics; returns an empty string for blank input.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(&mut out, s);
    out
}

/// [`normalize`], appending to `buf`: a row keeps all its cells' texts in
/// one buffer. The rules only ever look at what this call wrote.
pub fn normalize_into(buf: &mut String, s: &str) {
    // Trimming first changes nothing (leading white space is dropped and
    // trailing white space never written) but spares the pass over it.
    normalize_general(&mut Out::new(buf), s.trim());
}

/// The text of one cell being written at the end of a shared buffer.
struct Out<'b> {
    buf: &'b mut String,
    start: usize,
}

impl<'b> Out<'b> {
    fn new(buf: &'b mut String) -> Out<'b> {
        let start = buf.len();
        Out { buf, start }
    }

    /// What this cell has so far.
    fn text(&self) -> &str {
        &self.buf[self.start..]
    }

    fn push(&mut self, c: char) {
        self.buf.push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// Removes this cell's last character (never one of an earlier cell).
    fn pop(&mut self) {
        if self.buf.len() > self.start {
            self.buf.pop();
        }
    }
}

/// The full rule set, one pass. Runs of characters that no rule touches
/// (see [`plain_run`]) are copied whole; the rest go through
/// [`normalize_char`] one at a time.
fn normalize_general(out: &mut Out<'_>, s: &str) {
    // A space is only written once the next visible character is known,
    // because whether it survives depends on both neighbours.
    let mut pending_space = false;
    let mut rest = s;
    while !rest.is_empty() {
        if !pending_space {
            let run = plain_run(rest.as_bytes());
            if run > 0 {
                out.push_str(&rest[..run]);
                rest = &rest[run..];
                continue;
            }
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        normalize_char(out, &mut pending_space, c, rest.chars().next());
    }
}

/// Length in bytes of the run at the start of `bytes` that every rule leaves
/// as it is, whatever surrounds it: printable ASCII other than `=` (which
/// may merge into `≥`), and the three-byte characters U+4000–U+9FFF (the
/// bulk of the ideographs; no rule maps any of them). A run never holds a
/// space, so the context rules only ever see its ends, and they read those
/// from the output.
///
/// `bytes` is valid UTF-8, so the test can go byte by byte (see
/// [`is_plain_byte`]): the run ends at the first byte outside the class,
/// which is ASCII or a lead byte, hence at a character boundary. That lets
/// blocks of bytes be tested at once, where stepping a character at a time
/// waited on each byte's load before the next, and a text's last bytes are
/// tested as one block too, overlapping the one before, rather than in a
/// loop whose end the processor cannot foresee.
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    let len = bytes.len();
    let mut start = 0;
    while let Some(block) = bytes.get(start..start + BLOCK) {
        if !all_plain(block) {
            return start + plain_prefix(block);
        }
        start += BLOCK;
    }
    if start < len && len >= BLOCK {
        let last = &bytes[len - BLOCK..];
        return if all_plain(last) { len } else { start + plain_prefix(&bytes[start..]) };
    }
    start + plain_prefix(&bytes[start..])
}

/// Bytes tested at once by [`plain_run`].
const BLOCK: usize = 16;

/// True when every byte of `block` is plain; without an early exit, so that
/// it compiles to vector instructions.
#[inline]
fn all_plain(block: &[u8]) -> bool {
    block.iter().fold(true, |all, &b| all & is_plain_byte(b))
}

/// The number of plain bytes at the start of `bytes`, one at a time.
#[inline]
fn plain_prefix(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| !PLAIN_BYTE[usize::from(b)]).unwrap_or(bytes.len())
}

/// [`is_plain_byte`] for every byte, for [`plain_prefix`]: one load a byte.
static PLAIN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_plain_byte(b as u8);
        b += 1;
    }
    table
};

/// The bytes of plain characters (see [`plain_run`]): printable ASCII but
/// `=`, the lead bytes E4–E9 of U+4000–U+9FFF, and continuation bytes. In
/// valid UTF-8 a continuation byte belongs to the character its lead byte
/// starts, so a text whose every byte is in this class holds plain
/// characters only, and the first byte outside it starts a character.
#[inline]
const fn is_plain_byte(b: u8) -> bool {
    // `&` and `|`, not `&&` and `||`: no branches, so that blocks of bytes
    // are tested in vector registers.
    ((b.wrapping_sub(b'!') <= b'~' - b'!') & (b != b'=')) | (b & 0xC0 == 0x80) | (b.wrapping_sub(0xE4) <= 0xE9 - 0xE4)
}

/// One character of the full pass: maps it, decides the pending space
/// before it, and appends it. `next` is the input character after it.
#[inline]
fn normalize_char(out: &mut Out<'_>, pending_space: &mut bool, c: char, next: Option<char>) {
    let mut ch = match map_char(c) {
        Mapped::Space => {
            *pending_space = !out.text().is_empty();
            return;
        }
        Mapped::Char(ch) => ch,
    };
    if is_dash(ch) && !*pending_space && ends_with_digit(out.text()) && next_is_digit(next.as_ref()) {
        ch = '-';
    }
    if *pending_space {
        *pending_space = false;
        if !space_is_artifact(out.text(), ch) {
            out.push(' ');
        }
    }
    push_merging(out, ch);
}

/// The full rule set one character at a time, without the run shortcut:
/// the reference the shortcut is tested against.
#[cfg(test)]
fn normalize_by_char(s: &str) -> String {
    let mut buf = String::new();
    let mut out = Out::new(&mut buf);
    let mut pending_space = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        normalize_char(&mut out, &mut pending_space, c, chars.peek().copied());
    }
    buf
}

/// Context-free mapping of one character (rules 1, 2, 3, 5 and 6).
#[inline]
fn map_char(c: char) -> Mapped {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() || c == '\u{0B}' {
            Mapped::Space
        } else {
            Mapped::Char(c)
        };
    }
    let ch = match c {
        // Most characters are ideographs that no rule maps; answer them
        // before the range tests and the Unicode white-space lookup below.
        '\u{4E00}'..='\u{9FFF}' => c,
        // The full-width block is ASCII shifted by a constant.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2267}' | '\u{2A7E}' => '≥',
        '\u{2266}' | '\u{2A7D}' => '≤',
        '\u{301C}' => '~',
        '\u{2236}' => ':',
        '\u{FE6A}' => '%',
        '\u{2E80}'..='\u{2FDF}' => crate::radicals::radical_ideograph(c).unwrap_or(c),
        '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}' => nfkc_single(c),
        '\u{200B}' | '\u{FEFF}' => return Mapped::Space,
        _ if c.is_whitespace() => return Mapped::Space,
        _ => c,
    };
    Mapped::Char(ch)
}

/// NFKC of a character whose compatibility decomposition is a single
/// ideograph; anything else is kept.
fn nfkc_single(c: char) -> char {
    let mut first = None;
    let mut count = 0;
    unicode_normalization::char::decompose_compatible(c, |d| {
        count += 1;
        first.get_or_insert(d);
    });
    match (count, first) {
        (1, Some(d)) => d,
        _ => c,
    }
}

/// CJK ideographs and CJK punctuation, as defined in the module docs.
#[inline]
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        | '\u{3001}'..='\u{303F}')
}

/// Dashes that mean "to" when they sit between two numbers.
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2012}'..='\u{2015}')
}

/// True when the output so far ends in an ASCII digit.
fn ends_with_digit(out: &str) -> bool {
    out.as_bytes().last().is_some_and(u8::is_ascii_digit)
}

/// True when the next input character maps to an ASCII digit.
fn next_is_digit(next: Option<&char>) -> bool {
    next.is_some_and(|&n| matches!(map_char(n), Mapped::Char(d) if d.is_ascii_digit()))
}

/// Rule 4: whether a single space between the end of `out` and `next` is a
/// conversion artifact rather than meaningful spacing.
fn space_is_artifact(out: &str, next: char) -> bool {
    let mut back = out.chars().rev();
    let Some(prev) = back.next() else {
        return false;
    };
    if is_cjk(prev) {
        return is_cjk(next) || next.is_ascii_digit() || matches!(next, '(' | ',' | ';' | ':');
    }
    if !is_cjk(next) {
        return false;
    }
    match prev {
        ')' | '0'..='9' => true,
        ',' | ';' | ':' => back.next().is_some_and(is_cjk),
        _ => false,
    }
}

/// Appends `ch`, folding `=` into a directly preceding `>`, `<`, `≥` or `≤`
/// so that `>=`, `＞＝` and `≥=` all end as `≥`.
fn push_merging(out: &mut Out<'_>, ch: char) {
    if ch == '=' {
        let merged = match out.text().chars().next_back() {
            Some('>') | Some('≥') => Some('≥'),
            Some('<') | Some('≤') => Some('≤'),
            _ => None,
        };
        if let Some(m) = merged {
            out.pop();
            out.push(m);
            return;
        }
    }
    out.push(ch);
}

#[cfg(test)]
mod tests {
    use super::{normalize, normalize_by_char, normalize_general, normalize_into, Out};
    use proptest::prelude::*;

    /// The run-copying pass on its own, without the trim.
    fn general(s: &str) -> String {
        let mut buf = String::new();
        normalize_general(&mut Out::new(&mut buf), s);
        buf
    }

    /// Builds a string from picks out of `ALPHABET` and a few more.
    fn picked(picks: &[usize]) -> String {
        // Beyond the alphabet: the ends of the copied ranges and their
        // neighbours (U+3FFF and U+A000 are not copied).
        let extra = ['\u{4000}', '\u{9FFF}', '\u{3FFF}', '\u{A000}'];
        picks.iter().map(|&i| ALPHABET.get(i).copied().unwrap_or_else(|| extra[i - ALPHABET.len()])).collect()
    }

    /// Characters from every rule's domain and characters no rule touches,
    /// so that generated strings mix copied runs and mapped characters.
    const ALPHABET: &[char] = &[
        'a', '1', ' ', ' ', '\t', '(', ')', ',', ':', '>', '<', '=', '%', '-', '人', '大', '〇',
        '、', '。', '《', '〜', '\u{3000}', '≧', '≥', '–', '１', '（', '⼈', '\u{F900}', '“', '…',
        '\u{200B}', '\u{A0}', '\u{3400}', '\u{301B}', '\u{301D}', '\u{303F}', '\u{2FFF}',
    ];

    proptest! {
        /// Copying plain runs whole gives what the rules give one
        /// character at a time.
        #[test]
        fn plain_runs_change_nothing(
            picks in proptest::collection::vec(0..ALPHABET.len() + 4, 0..16)
        ) {
            let s = picked(&picks);
            prop_assert_eq!(general(&s), normalize_by_char(&s));
        }

        /// A cell appended to a buffer that holds earlier cells comes out
        /// as it would alone: no rule looks across the cell's start (a
        /// digit before `–5`, a `≥` before `=5`, an ideograph before a
        /// space).
        #[test]
        fn appending_ignores_earlier_cells(
            before in proptest::collection::vec(0..ALPHABET.len() + 4, 0..6),
            cell in proptest::collection::vec(0..ALPHABET.len() + 4, 0..10)
        ) {
            let (before, cell) = (normalize(&picked(&before)), picked(&cell));
            let mut buf = before.clone();
            normalize_into(&mut buf, &cell);
            prop_assert_eq!(buf, before + &normalize(&cell));
        }
    }

    #[test]
    fn plain_bytes_are_the_documented_ranges() {
        for b in 0..=255u8 {
            let want = matches!(b, b'!'..=b'<' | b'>'..=b'~' | 0x80..=0xBF | 0xE4..=0xE9);
            assert_eq!(super::is_plain_byte(b), want, "{b:#04x}");
        }
    }

    /// Runs end where the rules begin to apply, at any distance from the
    /// start (within the first block of bytes, at its end, or beyond).
    #[test]
    fn runs_end_at_the_first_character_a_rule_may_touch() {
        for len in [0, 1, 5, 15, 16, 17, 31, 32, 33, 40] {
            for stop in ["", " ", "=", "≥", "（", "\u{3000}", "\u{A000}", "\u{3FFF}", "é", "😀", "\t"] {
                let plain = "人a1".chars().cycle().take(len).collect::<String>();
                let s = format!("{plain}{stop}大");
                let want = if stop.is_empty() { s.len() } else { plain.len() };
                assert_eq!(super::plain_run(s.as_bytes()), want, "{s:?}");
            }
        }
    }

    #[test]
    fn plain_chinese_and_figures_are_kept() {
        for plain in ["人大代表满意度(%)", "“预算联网”监督、评估…", "4396.61", "P1.2 LED"] {
            assert_eq!(general(plain), plain);
        }
        assert_eq!(general("人大 代表"), "人大代表");
        assert_eq!(general("≧90"), "≥90");
        assert_eq!(general("1〜5"), "1~5");
    }
}

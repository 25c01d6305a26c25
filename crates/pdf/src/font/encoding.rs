//! Simple-font encodings (ISO 32000-1 Annex D) as code → character tables,
//! and glyph names → Unicode: the Adobe Glyph List subset that the Latin
//! encodings and `/Differences` arrays actually use, plus the `uniXXXX` and
//! `uXXXX` forms that producers write for everything else (CJK included).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A base encoding named in `/Encoding` or `/BaseEncoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

impl BaseEncoding {
    /// The encoding a name denotes; `MacExpertEncoding` and unknown names
    /// give `None` (the caller keeps its default).
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }

    /// The character a code denotes, if any.
    pub(crate) fn char(self, code: u8) -> Option<char> {
        match self {
            BaseEncoding::Standard => standard(code),
            BaseEncoding::WinAnsi => win_ansi(code),
            BaseEncoding::MacRoman => mac_roman(code),
        }
    }
}

/// Windows-1252 characters for 0x80–0x9F (0 = undefined).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
    0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0, 0x017E, 0x0178,
];

fn win_ansi(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(char::from(code)),
        // The PDF reference maps undefined WinAnsi codes to bullet.
        0x7F => Some('\u{2022}'),
        0x80..=0x9F => {
            let u = CP1252_HIGH[usize::from(code - 0x80)];
            char::from_u32(u32::from(if u == 0 { 0x2022 } else { u }))
        }
        _ => None,
    }
}

/// StandardEncoding above 0x7E: (code, character).
const STANDARD_HIGH: &[(u8, char)] = &[
    (0xA1, '¡'), (0xA2, '¢'), (0xA3, '£'), (0xA4, '⁄'), (0xA5, '¥'), (0xA6, 'ƒ'), (0xA7, '§'),
    (0xA8, '¤'), (0xA9, '\''), (0xAA, '“'), (0xAB, '«'), (0xAC, '‹'), (0xAD, '›'), (0xAE, 'ﬁ'),
    (0xAF, 'ﬂ'), (0xB1, '–'), (0xB2, '†'), (0xB3, '‡'), (0xB4, '·'), (0xB6, '¶'), (0xB7, '•'),
    (0xB8, '‚'), (0xB9, '„'), (0xBA, '”'), (0xBB, '»'), (0xBC, '…'), (0xBD, '‰'), (0xBF, '¿'),
    (0xC1, '`'), (0xC2, '´'), (0xC3, 'ˆ'), (0xC4, '˜'), (0xC5, '¯'), (0xC6, '˘'), (0xC7, '˙'),
    (0xC8, '¨'), (0xCA, '˚'), (0xCB, '¸'), (0xCD, '˝'), (0xCE, '˛'), (0xCF, 'ˇ'), (0xD0, '—'),
    (0xE1, 'Æ'), (0xE3, 'ª'), (0xE8, 'Ł'), (0xE9, 'Ø'), (0xEA, 'Œ'), (0xEB, 'º'), (0xF1, 'æ'),
    (0xF5, 'ı'), (0xF8, 'ł'), (0xF9, 'ø'), (0xFA, 'œ'), (0xFB, 'ß'),
];

fn standard(code: u8) -> Option<char> {
    match code {
        0x27 => Some('’'),
        0x60 => Some('‘'),
        0x20..=0x7E => Some(char::from(code)),
        _ => STANDARD_HIGH.iter().find(|(c, _)| *c == code).map(|(_, ch)| *ch),
    }
}

/// MacRomanEncoding from 0x80 to 0xFF.
const MAC_ROMAN_HIGH: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄¤‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

fn mac_roman(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E => Some(char::from(code)),
        0x80..=0xFF => MAC_ROMAN_HIGH.chars().nth(usize::from(code - 0x80)),
        _ => None,
    }
}

/// WinAnsi glyph names from 0x20 to 0xFF; "" where the name is a
/// duplicate (0xA0 and 0xAD) or undefined.
const WIN_ANSI_NAMES: [&str; 224] = [
    "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less",
    "equal", "greater", "question", "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L",
    "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "bracketleft", "backslash",
    "bracketright", "asciicircum", "underscore", "grave", "a", "b", "c", "d", "e", "f", "g", "h", "i",
    "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft",
    "bar", "braceright", "asciitilde", "", "Euro", "", "quotesinglbase", "florin", "quotedblbase",
    "ellipsis", "dagger", "daggerdbl", "circumflex", "perthousand", "Scaron", "guilsinglleft", "OE", "",
    "Zcaron", "", "", "quoteleft", "quoteright", "quotedblleft", "quotedblright", "bullet", "endash",
    "emdash", "tilde", "trademark", "scaron", "guilsinglright", "oe", "", "zcaron", "Ydieresis", "",
    "exclamdown", "cent", "sterling", "currency", "yen", "brokenbar", "section", "dieresis",
    "copyright", "ordfeminine", "guillemotleft", "logicalnot", "", "registered", "macron", "degree",
    "plusminus", "twosuperior", "threesuperior", "acute", "mu", "paragraph", "periodcentered",
    "cedilla", "onesuperior", "ordmasculine", "guillemotright", "onequarter", "onehalf",
    "threequarters", "questiondown", "Agrave", "Aacute", "Acircumflex", "Atilde", "Adieresis", "Aring",
    "AE", "Ccedilla", "Egrave", "Eacute", "Ecircumflex", "Edieresis", "Igrave", "Iacute",
    "Icircumflex", "Idieresis", "Eth", "Ntilde", "Ograve", "Oacute", "Ocircumflex", "Otilde",
    "Odieresis", "multiply", "Oslash", "Ugrave", "Uacute", "Ucircumflex", "Udieresis", "Yacute",
    "Thorn", "germandbls", "agrave", "aacute", "acircumflex", "atilde", "adieresis", "aring", "ae",
    "ccedilla", "egrave", "eacute", "ecircumflex", "edieresis", "igrave", "iacute", "icircumflex",
    "idieresis", "eth", "ntilde", "ograve", "oacute", "ocircumflex", "otilde", "odieresis", "divide",
    "oslash", "ugrave", "uacute", "ucircumflex", "udieresis", "yacute", "thorn", "ydieresis",
];

/// Glyph names outside WinAnsi that Latin fonts and Chinese producers use.
const EXTRA_NAMES: &[(&str, char)] = &[
    ("fi", 'ﬁ'), ("fl", 'ﬂ'), ("ff", 'ﬀ'), ("ffi", 'ﬃ'), ("ffl", 'ﬄ'), ("fraction", '⁄'),
    ("dotlessi", 'ı'), ("Lslash", 'Ł'), ("lslash", 'ł'), ("ring", '˚'), ("hungarumlaut", '˝'),
    ("ogonek", '˛'), ("caron", 'ˇ'), ("breve", '˘'), ("dotaccent", '˙'), ("minus", '−'),
    ("nbspace", '\u{A0}'), ("nonbreakingspace", '\u{A0}'), ("sfthyphen", '\u{AD}'),
    ("softhyphen", '\u{AD}'), ("middot", '·'), ("notequal", '≠'), ("infinity", '∞'),
    ("lessequal", '≤'), ("greaterequal", '≥'), ("partialdiff", '∂'), ("summation", '∑'),
    ("product", '∏'), ("pi", 'π'), ("integral", '∫'), ("Omega", 'Ω'), ("radical", '√'),
    ("approxequal", '≈'), ("Delta", '∆'), ("lozenge", '◊'), ("degreesign", '°'),
    ("periodcentered.cap", '·'), ("figuredash", '‒'), ("quotereversed", '‛'),
    ("onedotenleader", '․'), ("twodotenleader", '‥'), ("afii61352", '№'), ("numero", '№'),
    ("yuan", '元'), ("triangle", '▲'), ("blacktriangle", '▲'), ("uni25B3", '△'),
];

fn name_table() -> &'static HashMap<&'static str, char> {
    static TABLE: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for (i, name) in WIN_ANSI_NAMES.iter().enumerate() {
            if let (false, Some(ch)) = (name.is_empty(), win_ansi(0x20 + i as u8)) {
                map.insert(*name, ch);
            }
        }
        map.extend(EXTRA_NAMES.iter().copied());
        map
    })
}

/// The Unicode text of a glyph name, or `None` for names that carry none
/// (`g12`, `cid345`, `.notdef`).
pub(crate) fn glyph_name_to_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // `a.sc`, `one.oldstyle`: the part before the first period names the
    // character; `f_i` ligature names join components with underscores.
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if let Some(&ch) = name_table().get(base) {
        return Some(ch.to_string());
    }
    if let Some(text) = uni_form(base) {
        return Some(text);
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(|p| glyph_name_to_text(p.as_bytes())).collect();
        return parts;
    }
    None
}

/// `uni4E00` (one or more groups of four hex digits) or `u4E00`…`u10FFFF`.
fn uni_form(name: &str) -> Option<String> {
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.is_empty() || hex.len() % 4 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let units: Vec<u16> =
            (0..hex.len() / 4).filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok()).collect();
        return String::from_utf16(&units).ok().filter(|s| !s.is_empty());
    }
    let hex = name.strip_prefix('u')?;
    if !(4..=6).contains(&hex.len()) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let cp = u32::from_str_radix(hex, 16).ok()?;
    char::from_u32(cp).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(glyph_name_to_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_to_text(b"quotedblleft").as_deref(), Some("“"));
        assert_eq!(glyph_name_to_text(b"uni5408").as_deref(), Some("合"));
        assert_eq!(glyph_name_to_text(b"u8BA1").as_deref(), Some("计"));
        assert_eq!(glyph_name_to_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_text(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_text(b"g12"), None);
        assert_eq!(glyph_name_to_text(b".notdef"), None);
    }

    #[test]
    fn tables() {
        assert_eq!(BaseEncoding::WinAnsi.char(0x93), Some('“'));
        assert_eq!(BaseEncoding::Standard.char(0x27), Some('’'));
        assert_eq!(BaseEncoding::MacRoman.char(0x80), Some('Ä'));
        assert_eq!(BaseEncoding::MacRoman.char(0xFF), Some('ˇ'));
        assert_eq!(MAC_ROMAN_HIGH.chars().count(), 128);
    }
}

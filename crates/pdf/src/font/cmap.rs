//! CMaps for composite fonts (ISO 32000-1 §9.7.5–9.7.6): how a string's
//! bytes split into codes (codespace ranges), codes → CIDs (embedded or
//! predefined CMap, parsed by `hayro-cmap`), and the predefined Adobe
//! CID → Unicode maps, which are parsed once per process and shared.
//!
//! hayro-cmap keeps codespace ranges private, so we read them ourselves:
//! from the text of an embedded CMap, and from a table of the predefined
//! Chinese CMaps. For other predefined CMaps the code length is the
//! shortest one the CMap maps, which is what their codespaces amount to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hayro_cmap::{load_embedded, BfString, CMap, CMapName};

/// One codespace range: codes of `len` bytes whose every byte lies between
/// the matching bytes of `lo` and `hi`.
#[derive(Debug, Clone)]
pub(crate) struct CodeRange {
    len: u8,
    lo: [u8; 4],
    hi: [u8; 4],
}

impl CodeRange {
    fn new(len: u8, lo: u32, hi: u32) -> CodeRange {
        // Bytes are kept left-aligned: byte i of a code is compared with lo[i].
        let n = usize::from(len.clamp(1, 4));
        let mut l = [0u8; 4];
        let mut h = [0u8; 4];
        l[..n].copy_from_slice(&lo.to_be_bytes()[4 - n..]);
        h[..n].copy_from_slice(&hi.to_be_bytes()[4 - n..]);
        CodeRange { len, lo: l, hi: h }
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        let n = usize::from(self.len);
        bytes.len() >= n && (0..n).all(|i| self.lo[i] <= bytes[i] && bytes[i] <= self.hi[i])
    }
}

/// How a string splits into codes.
#[derive(Debug, Clone)]
pub(crate) enum Codespace {
    /// Explicit ranges.
    Ranges(Vec<CodeRange>),
    /// The shortest length the CMap maps (predefined CMaps we have no table for).
    ByLookup(Arc<CMap>),
}

impl Codespace {
    /// Two-byte codes, the Identity CMaps' codespace.
    pub(crate) fn two_bytes() -> Codespace {
        Codespace::Ranges(vec![CodeRange::new(2, 0, 0xFFFF)])
    }

    /// The next code in `bytes` (non-empty) and its length in bytes.
    pub(crate) fn next(&self, bytes: &[u8]) -> (u32, u8) {
        let len = match self {
            Codespace::Ranges(ranges) => {
                let found = (1..=4u8).find(|&n| ranges.iter().any(|r| r.len == n && r.matches(bytes)));
                // No range matches: take the shortest length, as Acrobat does.
                found.unwrap_or_else(|| ranges.iter().map(|r| r.len).min().unwrap_or(1))
            }
            Codespace::ByLookup(cmap) => (1..=4u8)
                .take_while(|&n| usize::from(n) <= bytes.len())
                .find(|&n| cmap.lookup_cid_code(code_of(&bytes[..usize::from(n)]), n).is_some())
                .unwrap_or(1),
        };
        let len = usize::from(len).clamp(1, bytes.len().max(1));
        (code_of(&bytes[..len.min(bytes.len())]), len as u8)
    }
}

/// Big-endian value of up to four bytes.
pub(crate) fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

/// Reads `begincodespacerange … endcodespacerange` blocks from CMap text.
pub(crate) fn parse_codespace(text: &[u8]) -> Option<Codespace> {
    let mut ranges = Vec::new();
    let mut rest = text;
    while let Some(start) = find(rest, b"begincodespacerange") {
        rest = &rest[start + b"begincodespacerange".len()..];
        let end = find(rest, b"endcodespacerange").unwrap_or(rest.len());
        let hexes = hex_strings(&rest[..end]);
        for pair in hexes.chunks_exact(2) {
            let (lo, hi) = (&pair[0], &pair[1]);
            if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
                ranges.push(CodeRange::new(lo.len() as u8, code_of(lo), code_of(hi)));
            }
        }
        rest = &rest[end..];
    }
    (!ranges.is_empty()).then_some(Codespace::Ranges(ranges))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `<…>` hex strings in a slice of CMap text, as bytes.
fn hex_strings(text: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<u8>> = None;
    let mut high: Option<u8> = None;
    for &b in text {
        match (b, cur.as_mut()) {
            (b'<', None) => {
                cur = Some(Vec::new());
                high = None;
            }
            (b'>', Some(_)) => out.extend(cur.take()),
            (_, Some(v)) => {
                if let Some(d) = (b as char).to_digit(16) {
                    match high.take() {
                        Some(h) => v.push(h << 4 | d as u8),
                        None => high = Some(d as u8),
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The codespace of a predefined CMap, from its name.
pub(crate) fn predefined_codespace(name: &[u8], cmap: &Arc<CMap>) -> Codespace {
    let s = String::from_utf8_lossy(name);
    let r = CodeRange::new;
    let ranges = if s.starts_with("Identity") || s.contains("-UCS2-") {
        vec![r(2, 0, 0xFFFF)]
    } else if s.contains("-UTF16-") {
        vec![r(2, 0, 0xD7FF), r(4, 0xD800_DC00, 0xDBFF_DFFF), r(2, 0xE000, 0xFFFF)]
    } else if s.starts_with("GBK-EUC") || s.starts_with("GBKp-EUC") {
        vec![r(1, 0, 0x80), r(2, 0x8140, 0xFEFE)]
    } else if s.starts_with("GBK2K") {
        vec![r(1, 0, 0x80), r(2, 0x8140, 0xFEFE), r(4, 0x8130_8130, 0xFE39_FE39)]
    } else if s.starts_with("GB-EUC") {
        vec![r(1, 0, 0x80), r(2, 0xA1A1, 0xFEFE)]
    } else {
        return Codespace::ByLookup(cmap.clone());
    };
    Codespace::Ranges(ranges)
}

/// True for the predefined CMaps whose codes are UTF-16 text themselves.
pub(crate) fn codes_are_utf16(name: &[u8]) -> bool {
    let s = String::from_utf8_lossy(name);
    s.starts_with("Uni") && (s.contains("-UCS2-") || s.contains("-UTF16-"))
}

/// A code of a `Uni*-UCS2`/`UTF16` CMap read as UTF-16.
pub(crate) fn utf16_text(code: u32, len: u8) -> Option<String> {
    let units: Vec<u16> = match len {
        2 => vec![code as u16],
        4 => vec![(code >> 16) as u16, code as u16],
        _ => return None,
    };
    String::from_utf16(&units).ok().filter(|s| usable(s))
}

/// A predefined CMap by name, parsed once per process.
pub(crate) fn predefined(name: &[u8]) -> Option<Arc<CMap>> {
    type Cache = Mutex<HashMap<Vec<u8>, Option<Arc<CMap>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    // A poisoned lock only means another thread panicked mid-insert; the
    // map is still valid.
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = guard.get(name) {
        return found.clone();
    }
    let cmap_name = CMapName::from_bytes(name);
    let parsed = match cmap_name {
        CMapName::Custom(_) => None,
        CMapName::IdentityH => Some(CMap::identity_h()),
        CMapName::IdentityV => Some(CMap::identity_v()),
        _ => load_embedded(cmap_name).and_then(|data| CMap::parse(data, load_embedded)),
    };
    let parsed = parsed.map(Arc::new);
    guard.insert(name.to_vec(), parsed.clone());
    parsed
}

/// Parses an embedded CMap (a `ToUnicode` map or an `/Encoding` stream).
pub(crate) fn parse_embedded(data: &[u8]) -> Option<CMap> {
    CMap::parse(data, load_embedded)
}

/// Text for a code from a `ToUnicode`-style CMap.
pub(crate) fn bf_text(cmap: &CMap, code: u32) -> Option<String> {
    let text = match cmap.lookup_bf_string(code)? {
        BfString::Char(c) => c.to_string(),
        BfString::String(s) => s,
    };
    usable(&text).then_some(text)
}

/// Empty strings and NULs are what broken maps write for "nothing".
fn usable(text: &str) -> bool {
    !text.is_empty() && !text.chars().all(|c| c == '\0' || c == '\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codespace_splits_mixed_lengths() {
        let cs = parse_codespace(b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange").unwrap();
        assert_eq!(cs.next(&[0x41, 0xB0]), (0x41, 1));
        assert_eq!(cs.next(&[0xBA, 0xCF, 0x41]), (0xBACF, 2));
    }

    #[test]
    fn gbk_predefined_maps_to_gb1_cids() {
        let cmap = predefined(b"GBK-EUC-H").expect("GBK-EUC-H ships with hayro-cmap");
        let cs = predefined_codespace(b"GBK-EUC-H", &cmap);
        let (code, len) = cs.next(&[0xBA, 0xCF]);
        assert_eq!(len, 2);
        let cid = cmap.lookup_cid_code(code, len).unwrap();
        let ucs2 = predefined(b"Adobe-GB1-UCS2").unwrap();
        assert_eq!(bf_text(&ucs2, cid).as_deref(), Some("合"));
    }
}

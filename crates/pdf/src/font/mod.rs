//! Fonts as the interpreter needs them: how a string splits into codes, the
//! width of each code, and its Unicode text. Built once per font object
//! and cached per document ([`FontCache`]).
//!
//! Unicode comes, in order of trust, from the font's `ToUnicode` CMap; for
//! simple fonts from `/Encoding` (`/Differences` glyph names, then the base
//! encoding); for composite fonts from the code itself when the CMap is a
//! `Uni*-UCS2`/`UTF16` one, from the embedded TrueType font's `cmap`
//! inverted, then from the character collection's CID → Unicode map
//! (`Adobe-GB1-UCS2` …). A code none of these maps is unmapped: the
//! interpreter counts it and reports it, never inventing U+FFFD text.

mod cmap;
mod encoding;
mod standard;
mod truetype;

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use hayro_cmap::{CMap, CidFamily, WritingMode};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::limits::MAX_FONT_STREAM_BYTES;
use crate::obj;
use cmap::Codespace;
use encoding::BaseEncoding;
use truetype::GlyphText;

/// A font ready for text extraction.
pub(crate) struct Font {
    /// `BaseFont` without its subset prefix, for diagnostics.
    pub(crate) name: String,
    /// Vertical writing (`-V` CMaps): glyphs advance downwards.
    pub(crate) vertical: bool,
    kind: Kind,
}

enum Kind {
    Simple(Simple),
    Composite(Box<Composite>),
}

/// A one-byte font: Type1, TrueType, Type3.
struct Simple {
    /// Width of each code in glyph units (1/1000 of the font size).
    widths: Vec<f32>,
    /// Text of each code.
    text: Vec<Option<Box<str>>>,
}

/// A Type0 font over a CIDFont.
struct Composite {
    codespace: Codespace,
    /// Code → CID; `None` is Identity.
    cmap: Option<Arc<CMap>>,
    /// The codes are UTF-16 (`UniGB-UCS2-H` …).
    utf16: bool,
    to_unicode: Option<CMap>,
    /// The character collection's CID → Unicode map.
    ucs2: Option<Arc<CMap>>,
    /// Embedded TrueType: glyph id → Unicode, and CID → glyph id (`None`
    /// is Identity).
    glyphs: Option<GlyphText>,
    cid_to_gid: Option<Vec<u16>>,
    /// `/W` as sorted, non-overlapping-ish `(first, last, width)` runs.
    widths: Vec<(u32, u32, f32)>,
    default_width: f32,
}

impl Font {
    /// The next code in `bytes` (non-empty) and its length in bytes.
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, u8) {
        match &self.kind {
            Kind::Simple(_) => (u32::from(bytes.first().copied().unwrap_or(0)), 1),
            Kind::Composite(c) => c.codespace.next(bytes),
        }
    }

    /// The Unicode text of a code, or `None` when it cannot be mapped.
    pub(crate) fn text(&self, code: u32, len: u8) -> Option<String> {
        match &self.kind {
            Kind::Simple(s) => s.text.get(code as usize)?.as_deref().map(String::from),
            Kind::Composite(c) => c.text(code, len),
        }
    }

    /// Horizontal advance of a code in glyph units (1/1000 em).
    pub(crate) fn width(&self, code: u32, len: u8) -> f64 {
        match &self.kind {
            Kind::Simple(s) => f64::from(s.widths.get(code as usize).copied().unwrap_or(0.0)),
            Kind::Composite(c) => f64::from(c.width(code, len)),
        }
    }

    /// Builds a font from its dictionary; never fails: what cannot be read
    /// degrades to defaults (and to unmapped codes, which get reported).
    fn load(doc: &Document, dict: &Dictionary) -> Font {
        let name = base_name(obj::get(doc, dict, b"BaseFont").and_then(|o| o.as_name().ok()).unwrap_or(b"?"));
        match obj::get_name(doc, dict, b"Subtype") {
            Some(b"Type0") => composite(doc, dict, name),
            _ => simple(doc, dict, name),
        }
    }
}

impl Composite {
    fn cid(&self, code: u32, len: u8) -> Option<u32> {
        match &self.cmap {
            None => Some(code),
            Some(cmap) => cmap.lookup_cid_code(code, len),
        }
    }

    fn text(&self, code: u32, len: u8) -> Option<String> {
        if let Some(t) = self.to_unicode.as_ref().and_then(|tu| cmap::bf_text(tu, code)) {
            return Some(t);
        }
        if self.utf16 {
            if let Some(t) = cmap::utf16_text(code, len) {
                return Some(t);
            }
        }
        let cid = self.cid(code, len)?;
        if let Some(glyphs) = &self.glyphs {
            let gid = match &self.cid_to_gid {
                None => u16::try_from(cid).ok(),
                Some(map) => map.get(cid as usize).copied(),
            };
            if let Some(ch) = gid.and_then(|g| glyphs.get(g)) {
                return Some(ch.to_string());
            }
        }
        self.ucs2.as_ref().and_then(|m| cmap::bf_text(m, cid))
    }

    fn width(&self, code: u32, len: u8) -> f32 {
        let Some(cid) = self.cid(code, len) else { return self.default_width };
        let i = self.widths.partition_point(|&(first, _, _)| first <= cid);
        match i.checked_sub(1).and_then(|i| self.widths.get(i)) {
            Some(&(_, last, w)) if cid <= last => w,
            _ => self.default_width,
        }
    }
}

/// Strips a subset prefix (`ABCDEF+SimSun`) and decodes the name, trying
/// GBK for the Chinese names some producers write in it.
fn base_name(raw: &[u8]) -> String {
    let raw = match raw.iter().position(|&b| b == b'+') {
        Some(6) => &raw[7..],
        _ => raw,
    };
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode_without_bom_handling(raw).0.into_owned(),
    }
}

fn simple(doc: &Document, dict: &Dictionary, name: String) -> Font {
    let is_type3 = obj::get_name(doc, dict, b"Subtype") == Some(b"Type3");
    let is_truetype = obj::get_name(doc, dict, b"Subtype") == Some(b"TrueType");
    let widths = simple_widths(doc, dict, &name, is_type3);
    let to_unicode = to_unicode(doc, dict);
    let (base, differences) = simple_encoding(doc, dict, is_truetype);
    let text = (0..=255u8)
        .map(|code| {
            let from_tu = to_unicode.as_ref().and_then(|tu| cmap::bf_text(tu, u32::from(code)));
            // A `/Differences` entry replaces the glyph: when its name means
            // nothing, the base encoding's character would be a wrong guess.
            let from_encoding = || match differences.get(&code) {
                Some(name) => encoding::glyph_name_to_text(name),
                None => base.char(code).map(String::from),
            };
            from_tu.or_else(from_encoding).map(String::into_boxed_str)
        })
        .collect();
    Font { name, vertical: false, kind: Kind::Simple(Simple { widths, text }) }
}

/// Per-code widths in glyph units: `/FirstChar` + `/Widths`, else the
/// standard-14 approximation, else `/MissingWidth` (or 500). Type3 widths
/// are in glyph space and go through `/FontMatrix`.
fn simple_widths(doc: &Document, dict: &Dictionary, name: &str, is_type3: bool) -> Vec<f32> {
    let descriptor = obj::get_dict(doc, dict, b"FontDescriptor");
    let missing = descriptor.and_then(|d| obj::get_num(doc, d, b"MissingWidth")).map(|w| w as f32);
    let scale = if is_type3 {
        obj::get_array(doc, dict, b"FontMatrix")
            .and_then(|m| m.first().and_then(|o| obj::num(doc, o)))
            .map_or(1.0, |a| (a * 1000.0) as f32)
    } else {
        1.0
    };
    let mut widths: Vec<f32> = (0..=255u8)
        .map(|c| missing.or_else(|| standard::width(name, c)).unwrap_or(500.0))
        .collect();
    let first = obj::get_num(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
    if let Some(list) = obj::get_array(doc, dict, b"Widths") {
        for (i, w) in list.iter().enumerate() {
            if let (Some(slot), Some(w)) = (widths.get_mut(first + i), obj::num(doc, w)) {
                *slot = w as f32 * scale;
            }
        }
    }
    widths
}

/// The base encoding and the `/Differences` (code → glyph name).
fn simple_encoding(doc: &Document, dict: &Dictionary, is_truetype: bool) -> (BaseEncoding, HashMap<u8, Vec<u8>>) {
    let mut base = if is_truetype { BaseEncoding::WinAnsi } else { BaseEncoding::Standard };
    let mut differences = HashMap::new();
    match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => base = BaseEncoding::from_name(n).unwrap_or(base),
        Some(Object::Dictionary(enc)) => {
            if let Some(b) = obj::get_name(doc, enc, b"BaseEncoding").and_then(BaseEncoding::from_name) {
                base = b;
            }
            let mut code: i64 = 0;
            for item in obj::get_array(doc, enc, b"Differences").unwrap_or(&[]) {
                match obj::resolve(doc, item) {
                    Object::Integer(i) => code = *i,
                    Object::Name(n) => {
                        if let Ok(c) = u8::try_from(code) {
                            differences.insert(c, n.clone());
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    (base, differences)
}

fn to_unicode(doc: &Document, dict: &Dictionary) -> Option<CMap> {
    let data = obj::stream_bytes(doc, dict.get(b"ToUnicode").ok()?, MAX_FONT_STREAM_BYTES)?;
    cmap::parse_embedded(&data)
}

fn composite(doc: &Document, dict: &Dictionary, name: String) -> Font {
    let descendant = obj::get_array(doc, dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| obj::as_dict(obj::resolve(doc, o)));
    let (cmap, codespace, cmap_name) = composite_cmap(doc, dict);
    let vertical = cmap_name.ends_with(b"-V")
        || cmap.as_ref().is_some_and(|c| c.metadata().writing_mode == Some(WritingMode::Vertical));
    let to_unicode = to_unicode(doc, dict);
    let empty = Dictionary::new();
    let cid_font = descendant.unwrap_or(&empty);
    let descriptor = obj::get_dict(doc, cid_font, b"FontDescriptor");
    let truetype = descriptor.and_then(|d| d.get(b"FontFile2").ok());
    let identity = cmap.is_none() || cmap_name.starts_with(b"Identity");
    // An embedded TrueType font's CIDs are glyph ids, not collection CIDs:
    // its own cmap is the only honest source there.
    let glyphs = match (&to_unicode, truetype) {
        (None, Some(ff)) => obj::stream_bytes(doc, ff, MAX_FONT_STREAM_BYTES).and_then(|d| GlyphText::from_font(&d)),
        _ => None,
    };
    let ucs2 = if identity && truetype.is_some() {
        None
    } else {
        collection(doc, cid_font, cmap.as_deref()).and_then(|f| f.ucs2_cmap()).and_then(|n| cmap::predefined(n.to_bytes()))
    };
    let (widths, default_width) = cid_widths(doc, cid_font);
    let composite = Composite {
        codespace,
        utf16: cmap::codes_are_utf16(&cmap_name),
        cmap: if identity { None } else { cmap },
        to_unicode,
        ucs2,
        glyphs,
        cid_to_gid: cid_to_gid(doc, cid_font),
        widths,
        default_width,
    };
    Font { name, vertical, kind: Kind::Composite(Box::new(composite)) }
}

/// The code → CID CMap (`None` for Identity or when unreadable), its
/// codespace and its name.
fn composite_cmap(doc: &Document, dict: &Dictionary) -> (Option<Arc<CMap>>, Codespace, Vec<u8>) {
    match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => match cmap::predefined(n) {
            Some(c) => {
                let cs = cmap::predefined_codespace(n, &c);
                (Some(c), cs, n.clone())
            }
            None => (None, Codespace::two_bytes(), n.clone()),
        },
        Some(o @ Object::Stream(s)) => {
            let name = obj::get_name(doc, &s.dict, b"CMapName").unwrap_or(b"").to_vec();
            let data = obj::stream_bytes(doc, o, MAX_FONT_STREAM_BYTES).unwrap_or_default();
            let cs = cmap::parse_codespace(&data).unwrap_or_else(Codespace::two_bytes);
            (cmap::parse_embedded(&data).map(Arc::new), cs, name)
        }
        _ => (None, Codespace::two_bytes(), b"Identity-H".to_vec()),
    }
}

/// The character collection, from `/CIDSystemInfo` or else the CMap.
fn collection(doc: &Document, cid_font: &Dictionary, cmap: Option<&CMap>) -> Option<CidFamily> {
    if let Some(info) = obj::get_dict(doc, cid_font, b"CIDSystemInfo") {
        let registry = obj::get(doc, info, b"Registry").and_then(|o| o.as_str().ok()).unwrap_or(b"");
        let ordering = obj::get(doc, info, b"Ordering").and_then(|o| o.as_str().ok()).unwrap_or(b"");
        let family = CidFamily::from_registry_ordering(registry, ordering);
        if family.ucs2_cmap().is_some() {
            return Some(family);
        }
    }
    cmap?.metadata().character_collection.as_ref().map(|c| c.family.clone())
}

/// `/W` (both `c [w1 w2 …]` and `c1 c2 w` forms) and `/DW`.
fn cid_widths(doc: &Document, cid_font: &Dictionary) -> (Vec<(u32, u32, f32)>, f32) {
    let default = obj::get_num(doc, cid_font, b"DW").unwrap_or(1000.0) as f32;
    let items = obj::get_array(doc, cid_font, b"W").unwrap_or(&[]);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let first = obj::num(doc, &items[i]).unwrap_or(-1.0);
        let next = items.get(i + 1).map(|o| obj::resolve(doc, o));
        match next {
            Some(Object::Array(list)) if first >= 0.0 => {
                for (k, w) in list.iter().enumerate() {
                    let cid = first as u32 + k as u32;
                    runs.push((cid, cid, obj::num(doc, w).unwrap_or(f64::from(default)) as f32));
                }
                i += 2;
            }
            Some(last) => {
                let last = obj::num(doc, last).unwrap_or(-1.0);
                let w = items.get(i + 2).and_then(|o| obj::num(doc, o));
                if let (true, Some(w)) = (first >= 0.0 && last >= first, w) {
                    runs.push((first as u32, last as u32, w as f32));
                }
                i += 3;
            }
            None => break,
        }
    }
    runs.sort_by_key(|r| r.0);
    (runs, default)
}

/// `/CIDToGIDMap`: a stream of big-endian glyph ids, or Identity (`None`).
fn cid_to_gid(doc: &Document, cid_font: &Dictionary) -> Option<Vec<u16>> {
    let data = obj::stream_bytes(doc, cid_font.get(b"CIDToGIDMap").ok()?, MAX_FONT_STREAM_BYTES)?;
    Some(data.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect())
}

/// Where a font dictionary lives: its object id, or for a direct dictionary
/// its address (stable while the lopdf document is borrowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Id(ObjectId),
    Addr(usize),
}

/// Fonts of one document, each built once.
#[derive(Default)]
pub(crate) struct FontCache {
    fonts: HashMap<FontKey, Rc<Font>>,
}

impl FontCache {
    /// The font an entry of a `/Font` resource dictionary denotes.
    pub(crate) fn get(&mut self, doc: &Document, entry: &Object) -> Option<Rc<Font>> {
        let key = match entry {
            Object::Reference(id) => FontKey::Id(*id),
            other => FontKey::Addr(other as *const Object as usize),
        };
        if let Some(font) = self.fonts.get(&key) {
            return Some(font.clone());
        }
        let dict = obj::as_dict(obj::resolve(doc, entry))?;
        let font = Rc::new(Font::load(doc, dict));
        self.fonts.insert(key, font.clone());
        Some(font)
    }
}

//! Unicode for glyphs of an embedded TrueType font that came without a
//! `ToUnicode` map: the font's own `cmap` table maps Unicode → glyph id,
//! and inverting it gives glyph id → Unicode. Only the `cmap` table is
//! read (through `ttf-parser`'s raw access), so subset fonts missing
//! other tables still work.

use ttf_parser::{cmap, RawFace, Tag};

/// Glyph ids above this are not real (the format caps them at 65 535).
const MAX_GLYPHS: usize = 65_536;

/// Glyph id → character, `'\0'` where the font maps none.
pub(crate) struct GlyphText(Vec<char>);

impl GlyphText {
    /// Inverts the Unicode subtables of the font's `cmap`; `None` when the
    /// font has none.
    pub(crate) fn from_font(data: &[u8]) -> Option<GlyphText> {
        let raw = RawFace::parse(data, 0).ok()?;
        let table = cmap::Table::parse(raw.table(Tag::from_bytes(b"cmap"))?)?;
        let mut map: Vec<char> = Vec::new();
        for sub in table.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                let (Some(ch), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) else { return };
                let gid = usize::from(gid.0);
                if gid >= MAX_GLYPHS {
                    return;
                }
                if map.len() <= gid {
                    map.resize(gid + 1, '\0');
                }
                let old = map[gid];
                if old == '\0' || preferred(ch, old) {
                    map[gid] = ch;
                }
            });
        }
        map.iter().any(|&c| c != '\0').then_some(GlyphText(map))
    }

    /// The character drawn by a glyph.
    pub(crate) fn get(&self, gid: u16) -> Option<char> {
        self.0.get(usize::from(gid)).copied().filter(|&c| c != '\0')
    }
}

/// When two code points share a glyph, prefer the unified ideograph over a
/// compatibility ideograph or a radical (what a reader would type), then
/// the lower code point.
fn preferred(new: char, old: char) -> bool {
    fn rank(c: char) -> u8 {
        match u32::from(c) {
            0x2E80..=0x2FDF | 0x31C0..=0x31EF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => 1,
            _ => 0,
        }
    }
    (rank(new), new) < (rank(old), old)
}

//! Limits that keep hostile or broken input from taking unbounded time,
//! memory or stack. Real budget disclosures stay far below every one of
//! them (the largest external test file has about 10 000 operators and
//! 2 000 glyphs a page); hitting one yields a note or `PdfError::TooLarge`.

/// Operators interpreted per page, XObjects included.
pub(crate) const MAX_OPS_PER_PAGE: usize = 2_000_000;
/// Form XObjects nested inside each other.
pub(crate) const MAX_XOBJECT_DEPTH: usize = 12;
/// Decompressed bytes of one page's content (all its streams together) or
/// of one form XObject.
pub(crate) const MAX_CONTENT_BYTES: usize = 64 << 20;
/// Decompressed bytes of one font file, CMap or CIDToGIDMap.
pub(crate) const MAX_FONT_STREAM_BYTES: usize = 32 << 20;
/// Decompressed bytes of any stream while lopdf loads the file (object and
/// cross-reference streams).
pub(crate) const MAX_LOAD_STREAM_BYTES: usize = 256 << 20;
/// Glyphs kept per page.
pub(crate) const MAX_GLYPHS_PER_PAGE: usize = 500_000;
/// Rules and image boxes kept per page.
pub(crate) const MAX_SHAPES_PER_PAGE: usize = 500_000;
/// Glyphs kept per document; beyond it reading stops with `TooLarge`.
pub(crate) const MAX_GLYPHS_PER_DOCUMENT: usize = 20_000_000;
/// Pages per document.
pub(crate) const MAX_PAGES: usize = 100_000;
/// Points kept in the current path; a path longer than this is dropped.
pub(crate) const MAX_PATH_POINTS: usize = 1_000_000;
/// Graphics states on the `q` stack; deeper `q`s are ignored (their `Q`s
/// then pop a level early, which beats unbounded memory).
pub(crate) const MAX_STATE_STACK: usize = 4_096;

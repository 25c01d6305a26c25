//! PDF pages to positioned text: glyphs with their boxes and font sizes,
//! ruling lines, and per-page diagnostics. Built on `lopdf` for objects and
//! streams and `hayro-cmap` for CMaps, with our own content interpreter
//! (see `docs/pdf-notes.md` in the shared docs for why).
//!
//! Coordinates are upright page space in points, origin at the top-left
//! corner of the visible page (MediaBox ∩ CropBox, `/Rotate` applied), y
//! growing downwards, so that reading order is top-to-bottom,
//! left-to-right.
#![forbid(unsafe_code)]

mod font;
mod interp;
mod lexer;
mod limits;
mod matrix;
mod obj;
mod paths;
mod reader;

/// A PDF read into pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Document-level notes (xref recovered, …).
    pub notes: Vec<PdfNote>,
}

/// One page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Width of the visible page, points.
    pub width: f32,
    /// Height of the visible page, points.
    pub height: f32,
    /// Glyphs in content-stream order, one per decoded character.
    pub glyphs: Vec<Glyph>,
    /// Text of the glyphs left out as overprinted copies of others (fake
    /// bold, drop shadows), in the order they were drawn: what a reader that
    /// keeps every copy would show besides `glyphs`.
    pub overprinted: String,
    /// Horizontal and vertical ruling segments (stroked lines and thin filled rectangles).
    pub rules: Vec<Rule>,
    /// Boxes of images drawn on the page.
    pub images: Vec<[f32; 4]>,
    /// Notes for this page (unmapped glyphs, truncated content, invisible text …).
    pub notes: Vec<PdfNote>,
}

/// One decoded character with its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The Unicode text of the glyph (usually one character).
    pub text: String,
    /// Box: left, top, right, bottom (top < bottom).
    pub bbox: [f32; 4],
    /// Font size in page space (points).
    pub size: f32,
    /// True for invisible text (`Tr 3`, e.g. an OCR layer).
    pub invisible: bool,
}

/// A ruling segment: horizontal when `y0 == y1`, vertical when `x0 == x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Start x.
    pub x0: f32,
    /// Start y.
    pub y0: f32,
    /// End x.
    pub x1: f32,
    /// End y.
    pub y1: f32,
}

/// Something the user should know about a page or the file.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfNote {
    /// Page, or `None` for the whole file.
    pub page: Option<u32>,
    /// Kebab-case code (`unmapped-glyphs`, `truncated-content`, `needs-ocr`, …).
    pub code: &'static str,
    /// A sentence for the user.
    pub message: String,
    /// Warning (true) or info.
    pub warning: bool,
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// Encrypted with a password other than the empty one.
    #[error("the PDF is encrypted and needs a password")]
    Encrypted,
    /// Not a PDF, or damaged beyond repair.
    #[error("the PDF is damaged beyond repair ({0})")]
    Malformed(String),
    /// Over a size or count limit.
    #[error("the PDF exceeds a limit ({0})")]
    TooLarge(String),
}

impl PdfError {
    /// Kebab-case diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Encrypted => "pdf-encrypted",
            PdfError::Malformed(_) => "pdf-malformed",
            PdfError::TooLarge(_) => "pdf-too-large",
        }
    }
}

/// Reads a PDF from its bytes into pages of glyphs, rules and image boxes.
///
/// Glyphs are left out, and counted in a page note, when they have no
/// Unicode mapping (`unmapped-glyphs`: no U+FFFD is ever emitted), when
/// their baseline lies outside the visible page (`off-page-text`), or when
/// they overprint an identical glyph or text run at the same place
/// (`duplicate-glyphs`, fake bold). Other page notes: `truncated-content`
/// (a limit was hit), `malformed-content` (bytes skipped), `xobject-cycle`,
/// `vertical-text` (a `-V` CMap), `no-font`, `invisible-text` (`Tr 3`,
/// kept with [`Glyph::invisible`]), `needs-ocr` (images, no text),
/// `page-unreadable`; document note: `xref-recovered`.
///
/// A file that is not a PDF or cannot be repaired, needs a password, or
/// exceeds a limit is an error. Never panics on any input.
pub fn read_pdf(bytes: &[u8]) -> Result<Document, PdfError> {
    reader::read(bytes)
}

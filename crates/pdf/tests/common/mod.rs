//! Builds small PDFs with lopdf for the tests: one or more pages with the
//! fonts, XObjects and content each test needs, written to bytes.
#![allow(dead_code)]

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

/// A document under construction.
pub struct Pdf {
    pub doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Pdf {
    pub fn new() -> Pdf {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        Pdf { doc, pages_id, kids: Vec::new() }
    }

    /// Adds an object and returns its id.
    pub fn add(&mut self, obj: impl Into<Object>) -> ObjectId {
        self.doc.add_object(obj)
    }

    /// Adds a stream with `dict` and `content`.
    pub fn stream(&mut self, dict: Dictionary, content: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, content.to_vec()))
    }

    /// Adds an A4 page drawing `content` with `resources`; `extra` entries
    /// go into the page dictionary (`Rotate`, `CropBox` …).
    pub fn page(&mut self, resources: Dictionary, content: &[u8], extra: Dictionary) -> ObjectId {
        let content_id = self.stream(dictionary! {}, content);
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        };
        for (k, v) in extra.into_iter() {
            page.set(k, v);
        }
        let id = self.add(page);
        self.kids.push(id.into());
        id
    }

    /// Finishes the page tree and catalog.
    pub fn finish(mut self) -> Document {
        let count = self.kids.len() as i64;
        let pages = dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count };
        self.doc.objects.insert(self.pages_id, Object::Dictionary(pages));
        let catalog = self.doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        self.doc
    }

    /// Finishes and writes the file.
    pub fn bytes(self) -> Vec<u8> {
        save(self.finish())
    }
}

/// Writes a document to bytes.
pub fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("lopdf writes the test PDF");
    out
}

/// Resources with one font named `F1`.
pub fn font_resources(font: ObjectId) -> Dictionary {
    dictionary! { "Font" => dictionary! { "F1" => font } }
}

/// A simple font whose codes 32–126 are all 500 units wide.
pub fn simple_font(pdf: &mut Pdf, encoding: Object) -> ObjectId {
    let widths: Vec<Object> = (32..=126).map(|_| 500.into()).collect();
    pdf.add(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "TestSans",
        "FirstChar" => 32,
        "Widths" => widths,
        "Encoding" => encoding,
    })
}

/// A Type0 font over a CIDFontType0 with the given `/Encoding`, optional
/// `ToUnicode` and `CIDSystemInfo` ordering, every CID 1000 wide.
pub fn type0_font(pdf: &mut Pdf, encoding: Object, to_unicode: Option<&[u8]>, ordering: &str) -> ObjectId {
    let cid_font = pdf.add(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal(ordering),
            "Supplement" => 4,
        },
        "DW" => 1000,
    });
    let mut font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => encoding,
        "DescendantFonts" => vec![cid_font.into()],
    };
    if let Some(cmap) = to_unicode {
        let id = pdf.stream(dictionary! {}, cmap);
        font.set("ToUnicode", id);
    }
    pdf.add(font)
}

/// A ToUnicode CMap with the given codespace and body.
pub fn to_unicode_cmap(codespace: &str, body: &str) -> Vec<u8> {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n{codespace}\n{body}\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    .into_bytes()
}

/// A tiny TrueType font holding only a `cmap` table (format 4, Windows
/// Unicode BMP) that maps each character of `chars` to glyph ids 1, 2, …
/// in order.
pub fn tiny_truetype(chars: &[char]) -> Vec<u8> {
    let mut pairs: Vec<(u16, u16)> = chars.iter().enumerate().map(|(i, &c)| (c as u16, i as u16 + 1)).collect();
    pairs.sort();
    let seg_count = pairs.len() as u16 + 1;
    let mut sub = Vec::new();
    let push = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let length = 16 + 8 * seg_count;
    for x in [4, length, 0, seg_count * 2, 0, 0, 0] {
        push(&mut sub, x);
    }
    for &(c, _) in &pairs {
        push(&mut sub, c);
    }
    push(&mut sub, 0xFFFF);
    push(&mut sub, 0);
    for &(c, _) in &pairs {
        push(&mut sub, c);
    }
    push(&mut sub, 0xFFFF);
    for &(c, g) in &pairs {
        push(&mut sub, g.wrapping_sub(c));
    }
    push(&mut sub, 1);
    for _ in 0..seg_count {
        push(&mut sub, 0);
    }
    let mut cmap = Vec::new();
    for x in [0u16, 1, 3, 1] {
        push(&mut cmap, x);
    }
    cmap.extend_from_slice(&12u32.to_be_bytes());
    cmap.extend_from_slice(&sub);
    let mut font = Vec::new();
    font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for x in [1u16, 16, 0, 0] {
        push(&mut font, x);
    }
    font.extend_from_slice(b"cmap");
    font.extend_from_slice(&0u32.to_be_bytes());
    font.extend_from_slice(&28u32.to_be_bytes());
    font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
    font.extend_from_slice(&cmap);
    font
}

/// The text of a page's glyphs, concatenated.
pub fn text(page: &budget_pdf::Page) -> String {
    page.glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// Left edges of a page's glyphs.
pub fn xs(page: &budget_pdf::Page) -> Vec<f32> {
    page.glyphs.iter().map(|g| g.bbox[0]).collect()
}

/// Asserts two lists of coordinates agree within 0.01 pt.
pub fn assert_close(got: &[f32], want: &[f32]) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 0.01, "got {got:?}, want {want:?}");
    }
}

/// The notes of a page with a given code.
pub fn notes<'a>(page: &'a budget_pdf::Page, code: &str) -> Vec<&'a budget_pdf::PdfNote> {
    page.notes.iter().filter(|n| n.code == code).collect()
}

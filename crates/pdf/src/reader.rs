//! From bytes to [`Document`]: loading through lopdf (repairing what it
//! can, decrypting with the empty password), page geometry (MediaBox ∩
//! CropBox, `/Rotate`, `/UserUnit`), one interpreter run per page, and the
//! notes each page's counts turn into.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

use lopdf::{Dictionary, LoadOptions, Object, ObjectId};
use rayon::prelude::*;

use crate::font::FontCache;
use crate::interp::{Interpreter, PageOutput};
use crate::limits::{MAX_CONTENT_BYTES, MAX_GLYPHS_PER_DOCUMENT, MAX_LOAD_STREAM_BYTES, MAX_PAGES};
use crate::matrix::Matrix;
use crate::obj;
use crate::{Document, Page, PdfError, PdfNote};

/// Page-tree levels walked for inherited attributes.
const MAX_TREE_DEPTH: usize = 64;

/// Reads a whole PDF.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    let doc = load(bytes)?;
    let mut out = Document::default();
    if doc.xref_recovery.is_some() {
        out.notes.push(PdfNote {
            page: None,
            code: "xref-recovered",
            message: "the cross-reference table was damaged and has been rebuilt; some objects may be missing".into(),
            warning: true,
        });
    }
    let pages: Vec<ObjectId> = doc.page_iter().take(MAX_PAGES + 1).collect();
    if pages.len() > MAX_PAGES {
        return Err(PdfError::TooLarge(format!("more than {MAX_PAGES} pages")));
    }
    if pages.is_empty() {
        return Err(PdfError::Malformed("no pages found".into()));
    }
    out.pages = read_pages(&doc, pages)?;
    Ok(out)
}

/// Reads the pages, in order. On a thread of a rayon pool (the command's,
/// sized by -j) they are read in parallel, a run of pages per task with its
/// own font cache (fonts are parsed again per run: cheap beside the pages);
/// called from anywhere else, the reader starts no threads of its own.
fn read_pages(doc: &lopdf::Document, pages: Vec<ObjectId>) -> Result<Vec<Page>, PdfError> {
    let total_glyphs = AtomicUsize::new(0);
    let numbered: Vec<(u32, ObjectId)> =
        pages.into_iter().enumerate().map(|(i, id)| (u32::try_from(i + 1).unwrap_or(u32::MAX), id)).collect();
    let read_run = |run: &[(u32, ObjectId)]| {
        let mut fonts = FontCache::default();
        let mut read = Vec::with_capacity(run.len());
        for &(number, id) in run {
            // Past the limit the document fails anyway: stop spending memory on it.
            if total_glyphs.load(Ordering::Relaxed) > MAX_GLYPHS_PER_DOCUMENT {
                break;
            }
            let page =
                catch_unwind(AssertUnwindSafe(|| read_page(doc, &mut fonts, id, number))).unwrap_or_else(|_| failed_page(number));
            total_glyphs.fetch_add(page.glyphs.len(), Ordering::Relaxed);
            read.push(page);
        }
        read
    };
    let runs: Vec<Vec<Page>> = if rayon::current_thread_index().is_some() {
        numbered.par_chunks(PAGES_PER_TASK).map(read_run).collect()
    } else {
        numbered.chunks(PAGES_PER_TASK).map(read_run).collect()
    };
    if total_glyphs.into_inner() > MAX_GLYPHS_PER_DOCUMENT {
        return Err(PdfError::TooLarge(format!("more than {MAX_GLYPHS_PER_DOCUMENT} glyphs")));
    }
    Ok(runs.into_iter().flatten().collect())
}

/// Pages read by one parallel task: enough to outweigh parsing the fonts
/// again, few enough that a long document spreads over every core.
const PAGES_PER_TASK: usize = 8;

/// Loads with lopdf, turning its failures into our errors.
fn load(bytes: &[u8]) -> Result<lopdf::Document, PdfError> {
    let attempt = |force_reconstruct| {
        let options = LoadOptions {
            max_decompressed_size: Some(MAX_LOAD_STREAM_BYTES),
            force_reconstruct,
            ..LoadOptions::default()
        };
        catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem_with_options(bytes, options)))
            .map_err(|_| PdfError::Malformed("the PDF parser failed on this file".into()))
    };
    let mut loaded = attempt(false)?;
    // lopdf rebuilds a broken cross-reference table only when it can read
    // a trailer; a truncated file has none, but its objects may all be
    // there. Scanning for them is the last resort.
    let retry = match &loaded {
        Ok(_) | Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) | lopdf::Error::Decompress(_)) => false,
        Err(_) => true,
    };
    if retry {
        if let Ok(Ok(doc)) = attempt(true) {
            loaded = Ok(doc);
        }
    }
    let doc = match loaded {
        Ok(doc) => doc,
        Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) => return Err(PdfError::Encrypted),
        Err(lopdf::Error::Decompress(e)) => return Err(PdfError::TooLarge(format!("a stream: {e}"))),
        Err(e) => return Err(PdfError::Malformed(e.to_string())),
    };
    // lopdf tries the empty password itself; when it fails the document
    // stays encrypted with nothing decrypted.
    if doc.trailer.get(b"Encrypt").is_ok() && !doc.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    Ok(doc)
}

fn failed_page(number: u32) -> Page {
    Page {
        number,
        notes: vec![PdfNote {
            page: Some(number),
            code: "page-unreadable",
            message: format!("page {number} could not be read: its content is damaged"),
            warning: true,
        }],
        ..Page::default()
    }
}

/// An attribute of a page or of its nearest ancestor that has it.
fn inherited<'a>(doc: &'a lopdf::Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(v) = obj::get(doc, node, key) {
            return Some(v);
        }
        node = obj::get_dict(doc, node, b"Parent")?;
    }
    None
}

/// A normalised rectangle `[x0, y0, x1, y1]` with x0 < x1, y0 < y1.
fn rect(doc: &lopdf::Document, page: &Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let v = obj::nums(doc, inherited(doc, page, key)?.as_array().ok()?)?;
    let [a, b, c, d] = <[f64; 4]>::try_from(v.get(..4)?).ok()?;
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}

/// Visible box, rotation and user unit → the matrix from user space to
/// upright page space, and the upright width and height.
fn geometry(doc: &lopdf::Document, page: &Dictionary) -> (Matrix, f64, f64) {
    let media = rect(doc, page, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let visible = match rect(doc, page, b"CropBox") {
        Some(c) => {
            let r = [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])];
            if r[2] > r[0] && r[3] > r[1] {
                r
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = inherited(doc, page, b"Rotate").and_then(|o| obj::num(doc, o)).unwrap_or(0.0);
    let rotate = ((rotate / 90.0).round() as i64).rem_euclid(4) * 90;
    let unit = obj::get_num(doc, page, b"UserUnit").filter(|u| (0.01..=100.0).contains(u)).unwrap_or(1.0);
    let [x0, y0, x1, y1] = visible;
    let (w, h) = (x1 - x0, y1 - y0);
    // Rows are [a b c d e f]: X = a·x + c·y + e, Y = b·x + d·y + f.
    let (m, width, height) = match rotate {
        90 => (Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]), h, w),
        180 => (Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]), w, h),
        270 => (Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]), h, w),
        _ => (Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]), w, h),
    };
    let scale = Matrix([unit, 0.0, 0.0, unit, 0.0, 0.0]);
    (m.then(&scale), width * unit, height * unit)
}

fn read_page(doc: &lopdf::Document, fonts: &mut FontCache, id: ObjectId, number: u32) -> Page {
    let empty = Dictionary::new();
    let dict = doc.get_dictionary(id).unwrap_or(&empty);
    let (matrix, width, height) = geometry(doc, dict);
    let resources = inherited(doc, dict, b"Resources").and_then(obj::as_dict);
    let mut interp = Interpreter::new(doc, fonts, matrix, (width, height));
    match doc.get_page_content_with_limit(id, MAX_CONTENT_BYTES) {
        Ok(content) => interp.run(&content, resources, 0),
        Err(_) => {
            interp.out.truncated.insert("page content too large to decompress");
        }
    }
    let out = interp.out;
    let notes = page_notes(&out, number);
    Page {
        number,
        width: width as f32,
        height: height as f32,
        glyphs: out.glyphs,
        overprinted: out.overprinted,
        rules: out.rules,
        images: out.images,
        notes,
    }
}

/// Turns a page's counts into notes for the user.
fn page_notes(out: &PageOutput, number: u32) -> Vec<PdfNote> {
    let mut notes = Vec::new();
    let mut note = |code, warning, message: String| notes.push(PdfNote { page: Some(number), code, message, warning });
    for (font, count) in &out.unmapped {
        note(
            "unmapped-glyphs",
            true,
            format!("{count} glyphs in font {font} on page {number} have no Unicode mapping and were left out"),
        );
    }
    if !out.truncated.is_empty() {
        let why: Vec<&str> = out.truncated.iter().copied().collect();
        note("truncated-content", true, format!("page {number} was read only in part: {}", why.join("; ")));
    }
    if out.skipped_bytes > 0 {
        note(
            "malformed-content",
            true,
            format!("page {number}: {} bytes of its content could not be parsed and were skipped", out.skipped_bytes),
        );
    }
    if out.cycles > 0 {
        note("xobject-cycle", true, format!("page {number}: a form XObject draws itself; the loop was cut"));
    }
    for font in &out.vertical_fonts {
        note("vertical-text", false, format!("page {number}: font {font} writes vertically"));
    }
    if out.without_font > 0 {
        note("no-font", true, format!("page {number}: text shown without a usable font was left out"));
    }
    if out.off_page > 0 {
        note("off-page-text", false, format!("page {number}: {} glyphs outside the visible page were left out", out.off_page));
    }
    if !out.overprinted.is_empty() {
        let count = out.overprinted.chars().count();
        note("duplicate-glyphs", false, format!("page {number}: {count} overprinted duplicate glyphs (fake bold) were left out"));
    }
    let invisible = out.glyphs.iter().filter(|g| g.invisible).count();
    if invisible > 0 {
        note("invisible-text", false, format!("page {number}: {invisible} glyphs are invisible (an OCR text layer)"));
    }
    if out.glyphs.is_empty() && !out.images.is_empty() {
        note("needs-ocr", true, format!("page {number} has images but no text: it is a scan and needs OCR"));
    }
    notes
}

//! Every PDF under the shared external folder (real Shanghai and Jiangsu
//! budgets from WPS, Word, Excel, ONLYOFFICE and Distiller, and the CJK
//! files of other projects' test suites), compared page by page with
//! poppler's `pdftotext`: the CJK characters we decode must equal, as
//! multisets, those pdftotext finds, at 99.5 % or better on every page.
//!
//! Fake bold (every string drawn several times a fraction of a point apart)
//! is where the two tools part: we keep one copy of each glyph, while
//! pdftotext's default mode keeps one copy of some words and two of others,
//! depending on how each copy was split into words. A page therefore also
//! passes when everything we decoded, the overprinted copies we left out
//! included, equals what `pdftotext -raw` (which keeps the copies) finds.
//! No file may make `read_pdf` panic. The folder is third-party data kept
//! outside the repository, and pdftotext may be missing: the test skips
//! with a message in either case.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Worst acceptable share of CJK characters in common on a page.
const MIN_RATIO: f64 = 0.995;


fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn multiset(text: impl Iterator<Item = char>) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in text.filter(|&c| is_cjk(c)) {
        *m.entry(c).or_default() += 1;
    }
    m
}

/// |A ∩ B| / max(|A|, |B|), 1 when both are empty.
fn ratio(a: &HashMap<char, usize>, b: &HashMap<char, usize>) -> f64 {
    let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
    if na.max(nb) == 0 {
        return 1.0;
    }
    let common: usize = a.iter().map(|(c, n)| (*n).min(b.get(c).copied().unwrap_or(0))).sum();
    common as f64 / na.max(nb) as f64
}

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pdfs(&path, out);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            out.push(path);
        }
    }
}

/// pdftotext's text, one string per page.
fn pdftotext(path: &Path, mode: &[&str]) -> Option<Vec<String>> {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).args(mode).arg(path).arg("-").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    // pdftotext ends every page with a form feed, so the last piece is empty.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

struct Figures {
    name: String,
    pages: usize,
    worst: f64,
    worst_page: usize,
    ours: usize,
    theirs: usize,
    notes: Vec<String>,
}

fn compare(path: &Path, root: &Path) -> Result<Figures, String> {
    let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let theirs = pdftotext(path, &[]).ok_or_else(|| format!("{name}: pdftotext failed"))?;
    let raw = pdftotext(path, &["-raw"]).ok_or_else(|| format!("{name}: pdftotext failed"))?;
    let doc = std::panic::catch_unwind(|| budget_pdf::read_pdf(&bytes))
        .map_err(|_| format!("{name}: read_pdf panicked"))?
        .map_err(|e| format!("{name}: {e}"))?;
    let mut f = Figures { name, pages: doc.pages.len(), worst: 1.0, worst_page: 0, ours: 0, theirs: 0, notes: Vec::new() };
    for (i, page) in doc.pages.iter().enumerate() {
        let a = multiset(page.glyphs.iter().flat_map(|g| g.text.chars()));
        let b = multiset(theirs.get(i).map_or("", String::as_str).chars());
        f.ours += a.values().sum::<usize>();
        f.theirs += b.values().sum::<usize>();
        let all = multiset(page.glyphs.iter().flat_map(|g| g.text.chars()).chain(page.overprinted.chars()));
        let with_copies = multiset(raw.get(i).map_or("", String::as_str).chars());
        let r = ratio(&a, &b).max(ratio(&all, &with_copies));
        if r < f.worst {
            (f.worst, f.worst_page) = (r, i + 1);
        }
        f.notes.extend(page.notes.iter().map(|n| n.code.to_string()));
    }
    if theirs.len() != doc.pages.len() {
        f.worst = 0.0;
        f.notes.push(format!("page count {} vs pdftotext {}", doc.pages.len(), theirs.len()));
    }
    f.notes.sort();
    f.notes.dedup();
    Ok(f)
}

#[test]
fn cjk_text_matches_pdftotext_on_every_external_page() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/external");
    let mut files = Vec::new();
    pdfs(&root, &mut files);
    if files.is_empty() {
        eprintln!("SKIPPED: no PDFs under {}; the external test data lives outside the repository", root.display());
        return;
    }
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not installed");
        return;
    }
    files.sort();
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for path in &files {
        match compare(path, &root) {
            Ok(f) => {
                let line = format!(
                    "{:<70} pages {:>3}  worst {:.4} (p{})  cjk {} / {}  {}",
                    f.name, f.pages, f.worst, f.worst_page, f.ours, f.theirs, f.notes.join(",")
                );
                if f.worst < MIN_RATIO {
                    failed.push(line.clone());
                }
                report.push(line);
            }
            Err(e) => {
                failed.push(e.clone());
                report.push(e);
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failed.is_empty(), "pages below {MIN_RATIO}:\n{}", failed.join("\n"));
}

//! Reads the PDFs named on the command line and prints pages per second,
//! to compare with `pdftotext`: `cargo run --release -p budget-pdf
//! --example throughput -- FILES…`.
use std::time::Instant;

fn main() {
    let mut pages = 0usize;
    let mut glyphs = 0usize;
    let mut bytes_read = 0usize;
    let start = Instant::now();
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: unreadable");
            continue;
        };
        bytes_read += bytes.len();
        match budget_pdf::read_pdf(&bytes) {
            Ok(doc) => {
                pages += doc.pages.len();
                glyphs += doc.pages.iter().map(|p| p.glyphs.len()).sum::<usize>();
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{pages} pages, {glyphs} glyphs, {:.1} MB in {secs:.2} s: {:.0} pages/s",
        bytes_read as f64 / 1e6,
        pages as f64 / secs.max(1e-9)
    );
}

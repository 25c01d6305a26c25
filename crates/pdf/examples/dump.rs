//! Prints one page of a PDF as budget-pdf reads it: glyphs with boxes,
//! then rules and notes. A debugging aid: `cargo run -p budget-pdf
//! --example dump -- FILE PAGE`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2).and_then(|p| p.parse::<usize>().ok())) else {
        eprintln!("usage: dump FILE PAGE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let doc = match budget_pdf::read_pdf(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1)
        }
    };
    let Some(p) = doc.pages.get(page.saturating_sub(1)) else {
        eprintln!("{path}: no page {page}");
        std::process::exit(1)
    };
    println!("page {} {}x{}", p.number, p.width, p.height);
    for g in &p.glyphs {
        let [l, t, r, b] = g.bbox;
        println!("{:?}\t{l:.1}\t{t:.1}\t{r:.1}\t{b:.1}\t{:.1}{}", g.text, g.size, if g.invisible { "\tinvisible" } else { "" });
    }
    println!("rules {} images {}", p.rules.len(), p.images.len());
    for r in &p.rules {
        println!("rule\t{:.1}\t{:.1}\t{:.1}\t{:.1}", r.x0, r.y0, r.x1, r.y1);
    }
    for n in doc.notes.iter().chain(&p.notes) {
        println!("note {} {}: {}", n.code, if n.warning { "warning" } else { "info" }, n.message);
    }
}

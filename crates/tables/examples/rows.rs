//! Prints the rows budget-tables rebuilds from a PDF, cells separated by
//! ` | `: `cargo run -p budget-tables --example rows -- FILE.pdf`; with
//! `--rules N`, prints page N's vertical ruling segments instead.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: rows FILE.pdf [--rules PAGE]");
    let bytes = std::fs::read(path).expect("readable file");
    let doc = budget_pdf::read_pdf(&bytes).expect("a readable PDF");
    if let (Some(flag), Some(n)) = (args.get(2), args.get(3)) {
        assert_eq!(flag, "--rules");
        let page = &doc.pages[n.parse::<usize>().expect("a page number") - 1];
        for r in page.rules.iter().filter(|r| (r.x0 - r.x1).abs() < 1.0) {
            println!("x={:.1} y={:.1}..{:.1}", r.x0, r.y0.min(r.y1), r.y0.max(r.y1));
        }
        return;
    }
    for row in budget_tables::rows(&doc) {
        let cells: Vec<&str> = row.cell_texts().collect();
        let page = row.place.map_or(0, |p| p.page);
        println!("{:4} p{page:<3} {}", row.line, cells.join(" | "));
    }
}

//! Prints the rows budget-tables rebuilds from a PDF, cells separated by
//! ` | `: `cargo run -p budget-tables --example rows -- FILE.pdf`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: rows FILE.pdf");
    let bytes = std::fs::read(&path).expect("readable file");
    let doc = budget_pdf::read_pdf(&bytes).expect("a readable PDF");
    for row in budget_tables::rows(&doc) {
        let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        let page = row.place.map_or(0, |p| p.page);
        println!("{:4} p{page:<3} {}", row.line, cells.join(" | "));
    }
}

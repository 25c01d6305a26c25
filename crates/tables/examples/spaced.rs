//! Prints the rows a space-aligned dump is read into, one per line, cells
//! between ` | `: `cargo run --release -p budget-tables --example spaced -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: spaced FILE");
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let lines: Vec<(u32, &str)> = text.lines().enumerate().map(|(k, l)| (k as u32 + 1, l)).collect();
    println!("space-aligned: {}", budget_tables::is_space_aligned(lines.iter().map(|l| l.1)));
    for row in budget_tables::spaced_rows(lines) {
        println!("{:5} {}", row.line, row.raw_texts().iter().collect::<Vec<_>>().join(" | "));
    }
}

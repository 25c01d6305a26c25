//! Times each stage of the text path over a folder of dumps held in
//! memory: `cargo run --release -p budget-records --example stages -- DIR`.
//! Prints seconds and MB/s per stage, so a speed-up can be aimed where the
//! time goes (scripts/bench measures the whole command).
use std::time::Instant;

use budget_normalize::Row;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: stages DIR");
    let mut files: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("a folder") {
        files.push(std::fs::read(entry.expect("an entry").path()).expect("a readable file"));
    }
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mb = bytes as f64 / 1e6;
    let report = |stage: &str, start: Instant| {
        let s = start.elapsed().as_secs_f64();
        println!("{stage:<12} {s:7.3} s  {:8.1} MB/s", mb / s);
    };
    let t = Instant::now();
    let dumps: Vec<_> = files.iter().map(|b| budget_ingest::read_text_dump(b).expect("a dump")).collect();
    report("ingest", t);
    let t = Instant::now();
    let rows: Vec<Vec<Row>> =
        dumps.iter().map(|d| d.lines.iter().map(|l| Row::new(l.number, l.cells.iter().cloned())).collect()).collect();
    report("normalize", t);
    let t = Instant::now();
    let layouts: Vec<_> = rows.iter().map(|r| budget_layout::analyze(r)).collect();
    report("layout", t);
    drop(layouts);
    let t = Instant::now();
    let records: Vec<_> = rows.iter().map(|r| budget_records::extract_rows("x", r)).collect();
    report("layout+rec", t);
    let t = Instant::now();
    let mut out = Vec::new();
    for file in &records {
        for r in file {
            serde_json::to_writer(&mut out, r).expect("serializable");
            out.push(b'\n');
        }
    }
    report("serialize", t);
    println!("{mb:.1} MB in, {:.1} MB out", out.len() as f64 / 1e6);
}

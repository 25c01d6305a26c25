//! Times each stage of the text path over a folder of dumps held in
//! memory, file by file as the command does:
//! `cargo run --release -p budget-records --example stages -- DIR`.
//! Prints seconds and MB/s of input per stage, so a speed-up can be aimed
//! where the time goes (scripts/bench measures the whole command).
use std::time::{Duration, Instant};

use budget_normalize::Row;

/// The allocator the command uses, so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const STAGES: [&str; 5] = ["ingest", "normalize", "layout", "records", "serialize"];

fn main() {
    let dir = std::env::args().nth(1).expect("usage: stages DIR");
    let mut files: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("a folder") {
        files.push(std::fs::read(entry.expect("an entry").path()).expect("a readable file"));
    }
    let mb = files.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    let mut spent = [Duration::ZERO; 5];
    let mut out = Vec::new();
    for bytes in &files {
        let mut clock = Instant::now();
        let mut lap = |stage: usize| {
            spent[stage] += clock.elapsed();
            clock = Instant::now();
        };
        let dump = budget_ingest::read_text_dump(bytes).expect("a dump");
        lap(0);
        let rows: Vec<Row> = budget_records::rows_of(&dump.lines());
        lap(1);
        drop(budget_layout::analyze(&rows));
        lap(2);
        let records = budget_records::extract_rows("x", rows);
        lap(3);
        out.clear();
        for r in &records {
            sonic_rs::to_writer(&mut out, r).expect("serializable");
            out.push(b'\n');
        }
        lap(4);
    }
    for (stage, time) in STAGES.iter().zip(spent) {
        let s = time.as_secs_f64();
        println!("{stage:<10} {s:7.3} s  {:8.1} MB/s", mb / s);
    }
    println!("{mb:.1} MB in; records includes a second layout pass");
}

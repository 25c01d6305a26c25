//! The regression net: every corpus file must extract to exactly its golden
//! file (`source` aside). When an extraction change is intended, re-bless:
//! `cargo run -p budget-extract -- check --golden golden corpus --bless`,
//! then review the golden diff before committing it.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use budget_extract::golden::{self, Verdict};
use budget_extract::{inputs, output, run};

const BLESS: &str = "cargo run -p budget-extract -- check --golden golden corpus/*.txt --bless";

fn repo_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(name)
}

#[test]
fn corpus_matches_golden_files() {
    let (corpus, golden_dir) = (repo_dir("corpus"), repo_dir("golden"));
    let inputs = inputs::collect(&[corpus]).expect("the corpus folder has input files");
    // Every text dump (top of corpus/) must have a golden file. A PDF under
    // corpus/pdf/ has one once its records were reviewed (the renderings that
    // give their dump's records, see crates/records/tests/pdf.rs); those are
    // compared too.
    let is_dump = |i: &inputs::Input| i.relative.components().count() == 1;
    let has_golden = |i: &inputs::Input| golden_dir.join(output::jsonl_name(&i.file_name())).exists();
    let inputs: Vec<_> = inputs.into_iter().filter(|i| is_dump(i) || has_golden(i)).collect();
    assert!(inputs.iter().any(is_dump), "no text dumps at the top of corpus/");
    let mut problems = Vec::new();
    for input in &inputs {
        let golden_path = golden_dir.join(output::jsonl_name(&input.file_name()));
        let records = run::extract_path(&input.source(), &input.path, budget_records::extract_file);
        let shown = format!("golden/{}", output::jsonl_name(&input.file_name()));
        match golden::check(&golden_path, &records).expect("golden file readable") {
            Verdict::Same => {}
            Verdict::Missing => problems.push(format!(
                "{shown}: no golden file for corpus/{}; run `{BLESS}` from the repository root\n",
                input.file_name()
            )),
            verdict => problems.extend(golden::render_verdict(&shown, &verdict)),
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} corpus files differ from their golden files (if the change is intended, run `{BLESS}` and review the diff):\n{}",
        problems.len(),
        inputs.len(),
        problems.concat()
    );
}

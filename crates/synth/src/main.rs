//! The `budget-synth` command: write synthetic disclosures with their
//! expected records, or score the extractor on them.
use std::path::PathBuf;

use anyhow::{Context, Result};
use budget_synth::expected::{read_jsonl, to_jsonl};
use budget_synth::report::{diff, evaluate, extract, table};
use budget_synth::{generate, plan, score, Form};
use clap::{Parser, Subcommand, ValueEnum};

/// Synthetic budget disclosures with known records.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Which dump forms to make.
#[derive(Clone, Copy, ValueEnum)]
enum Forms {
    Tab,
    Space,
    Markdown,
    All,
}

impl Forms {
    fn list(self) -> Vec<Form> {
        match self {
            Forms::Tab => vec![Form::Tab],
            Forms::Space => vec![Form::Space],
            Forms::Markdown => vec![Form::Markdown],
            Forms::All => Form::ALL.to_vec(),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Write documents and their NAME.expected.jsonl files to DIR.
    Generate {
        /// Batch seed.
        #[arg(long)]
        seed: u64,
        /// Documents per form.
        #[arg(long)]
        count: usize,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Dump form.
        #[arg(long, value_enum, default_value = "tab")]
        form: Forms,
    },
    /// Generate in memory, extract, score, print the table.
    Score {
        /// Batch seeds: one (`3`) or a range (`1..=3`).
        #[arg(long, value_parser = seeds)]
        seed: std::ops::RangeInclusive<u64>,
        /// Documents per form and seed.
        #[arg(long)]
        count: usize,
        /// Dump form.
        #[arg(long, value_enum, default_value = "all")]
        form: Forms,
    },
    /// Print one document of a batch, and how the tool's records differ.
    Show {
        /// Batch seed.
        #[arg(long)]
        seed: u64,
        /// Index of the document in the batch.
        #[arg(long)]
        index: usize,
        /// Dump form.
        #[arg(long, value_enum, default_value = "tab")]
        form: Forms,
    },
    /// Score the tool's JSON Lines output against an `.expected.jsonl` file.
    Compare {
        /// The expected records.
        expected: PathBuf,
        /// The tool's output for the same document.
        actual: PathBuf,
    },
    /// Print the documents of a batch whose records differ, with the diffs.
    Failures {
        /// Batch seed.
        #[arg(long)]
        seed: u64,
        /// Documents per form.
        #[arg(long)]
        count: usize,
        /// Dump form.
        #[arg(long, value_enum, default_value = "tab")]
        form: Forms,
        /// Only documents whose name contains this (`flat-none`).
        #[arg(long, default_value = "")]
        only: String,
        /// At most this many documents.
        #[arg(long, default_value_t = 3)]
        limit: usize,
    },
}

/// Parses `3` or `1..=3`.
fn seeds(s: &str) -> Result<std::ops::RangeInclusive<u64>, String> {
    let parse = |t: &str| t.trim().parse::<u64>().map_err(|e| format!("{t}: {e}"));
    match s.split_once("..=") {
        Some((a, b)) => Ok(parse(a)?..=parse(b)?),
        None => parse(s).map(|n| n..=n),
    }
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Generate { seed, count, out, form } => write_batch(seed, count, &out, form),
        Command::Score { seed, count, form } => {
            let plans: Vec<_> = seed.flat_map(|s| plan(s, count, &form.list())).collect();
            print!("{}", table(&evaluate(&plans)));
            Ok(())
        }
        Command::Show { seed, index, form } => {
            let plans = plan(seed, index + 1, &form.list());
            let p = plans.last().context("no such document")?;
            let doc = generate(p.seed, &p.spec);
            println!("== {}\n{}", doc.name, String::from_utf8_lossy(&doc.bytes));
            println!("== diff (- expected, not given; + given, not expected)\n{}", diff(&doc.expected, &extract(&doc.name, &doc.bytes)));
            Ok(())
        }
        Command::Compare { expected, actual } => {
            let read = |p: &PathBuf| -> Result<Vec<_>> { Ok(read_jsonl(&std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?)?) };
            let (e, a) = (read(&expected)?, read(&actual)?);
            let s = score(&e, &a);
            println!("indicators F1 {:.3}  attribution {:.3}  line items F1 {:.3}  projects F1 {:.3}", s.indicators.f1(), s.attribution.value(), s.line_items.f1(), s.projects.f1());
            print!("{}", diff(&e, &a));
            Ok(())
        }
        Command::Failures { seed, count, form, only, limit } => {
            let docs = plan(seed, count, &form.list()).into_iter().map(|p| generate(p.seed, &p.spec)).filter(|d| d.name.contains(&only));
            let failing = docs.filter_map(|d| {
                let differences = diff(&d.expected, &extract(&d.name, &d.bytes));
                (!differences.is_empty()).then_some((d, differences))
            });
            for (doc, differences) in failing.take(limit) {
                println!("== {}\n{}\n== diff\n{differences}", doc.name, String::from_utf8_lossy(&doc.bytes));
            }
            Ok(())
        }
    }
}

/// Writes every document of a batch with its expected records.
fn write_batch(seed: u64, count: usize, out: &std::path::Path, form: Forms) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for p in plan(seed, count, &form.list()) {
        let doc = generate(p.seed, &p.spec);
        let path = out.join(&doc.name);
        std::fs::write(&path, &doc.bytes).with_context(|| format!("writing {}", path.display()))?;
        let stem = doc.name.rsplit_once('.').map_or(doc.name.as_str(), |(s, _)| s);
        std::fs::write(out.join(format!("{stem}.expected.jsonl")), to_jsonl(&doc.expected))?;
    }
    Ok(())
}

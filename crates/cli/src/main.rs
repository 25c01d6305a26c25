//! The `budget-extract` command: `extract` turns budget disclosure files into
//! JSON Lines records, `check` compares them with golden files, `scorecard`
//! prints how well each file was extracted. This file only parses
//! arguments, drives the library and decides the exit status.
#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use budget_extract::batch::{Batch, Destination, Incremental};
use budget_extract::inputs::{self, Input};
use budget_extract::output::{JsonlDirSink, JsonlStreamSink};
use budget_extract::progress::{Figures, Progress};
use budget_extract::run::{Deadline, Isolation};
use budget_extract::shard::Shard;
use budget_extract::summary::Summary;
use budget_extract::{golden, hooks, output, run, scorecard, state};
use budget_records::Record;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The extraction allocates many small strings (cells, parsed values,
/// records); mimalloc handles that pattern markedly faster than the system
/// allocator (about 20% less time on the replicated corpus).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status when some input files failed.
const EXIT_FAILED_FILES: u8 = 1;
/// Exit status for usage and output errors.
const EXIT_USAGE: u8 = 2;
/// The database file `--format sqlite` writes in the output folder.
const SQLITE_FILE: &str = "records.sqlite";

/// Extract structured records from Chinese government budget disclosures.
#[derive(Debug, Parser)]
#[command(name = "budget-extract", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract records: JSON Lines to stdout or one .jsonl per input, CSV, or SQLite.
    ///
    /// Exit status: 0 when every file was extracted, 1 when some files
    /// failed (they are named on stderr and in the summary), 2 on usage or
    /// output errors.
    Extract(ExtractArgs),
    /// Re-extract inputs and compare with golden .jsonl files.
    ///
    /// The `source` field is ignored. Exit status: 0 when everything
    /// matches (or with --bless), 1 on any difference, 2 on usage errors.
    Check(CheckArgs),
    /// Extract inputs and print a table of figures per file: tables, line
    /// items, rows used and unused, identities held and failed, errors.
    ///
    /// Writes no output files. Exit status: 0, or 1 when some file had an
    /// error diagnostic, 2 on usage errors.
    Scorecard(ScorecardArgs),
}

/// Options shared by all commands.
#[derive(Debug, Args)]
struct Common {
    /// Files, or folders searched recursively for .txt, .tsv, .md and .pdf files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Files to extract at once (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// No progress and no summary table (failed files are still named).
    #[arg(short, long)]
    quiet: bool,
    /// When stderr is not a terminal: print a progress line every SECS
    /// seconds, even while one slow file holds the run.
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, default_value = "10")]
    log_interval: Duration,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    #[command(flatten)]
    common: Common,
    /// Output folder. jsonl: `<input file name>.jsonl` per input, keeping
    /// sub-folders of walked folders (without --out: one stream on stdout).
    /// Also holds summary.json.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Output format. csv and sqlite need --out (sqlite: DIR/records.sqlite).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// With --format csv: start each file with a byte-order mark, so Excel
    /// reads it as UTF-8.
    #[arg(long)]
    excel: bool,
    /// Skip inputs unchanged since the last --incremental run into the same
    /// --out (same bytes, same binary); resumes a killed run.
    #[arg(long, requires = "out")]
    incremental: bool,
    /// Give up on a file after SECS seconds (error `file-timeout`); the run goes on.
    #[arg(long, value_name = "SECS", value_parser = parse_seconds)]
    file_timeout: Option<Duration>,
    /// Process only shard K of N (1 <= K <= N), chosen by a hash of each
    /// input's relative path: N machines cover the inputs with no overlap.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Write summary.json here (default: DIR/summary.json with --out, none without).
    #[arg(long, value_name = "PATH")]
    summary: Option<PathBuf>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON Lines.
    Jsonl,
    /// One CSV file per record kind.
    Csv,
    /// One SQLite database, DIR/records.sqlite.
    Sqlite,
}

impl Format {
    /// The name as typed on the command line.
    fn name(self) -> String {
        self.to_possible_value().map_or_else(String::new, |v| v.get_name().to_string())
    }
}

/// `--file-timeout`: positive seconds, fractions allowed.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    // try_from: a number of seconds too large for a Duration (1e30) is a
    // usage error, not a panic.
    match text.parse::<f64>().ok().filter(|&secs| secs > 0.0).map(Duration::try_from_secs_f64) {
        Some(Ok(duration)) => Ok(duration),
        _ => Err(format!("expected a positive number of seconds, got {text:?}")),
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// Folder of golden files, named `<input file name>.jsonl`.
    #[arg(long, value_name = "DIR")]
    golden: PathBuf,
    /// (Re)write the golden files from this extraction instead of comparing.
    #[arg(long)]
    bless: bool,
}

#[derive(Debug, Args)]
struct ScorecardArgs {
    #[command(flatten)]
    common: Common,
    /// Print one JSON object per file (JSON Lines) instead of the table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // clap exits with status 2 itself on bad arguments.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(&args),
        Command::Check(args) => check(&args),
        Command::Scorecard(args) => score(&args),
    };
    result.unwrap_or_else(|err| {
        eprintln!("budget-extract: error: {err:#}");
        ExitCode::from(EXIT_USAGE)
    })
}

/// `budget-extract extract`.
fn extract(args: &ExtractArgs) -> Result<ExitCode> {
    let started = Instant::now();
    if args.excel && args.format != Format::Csv {
        bail!("--excel applies to --format csv only");
    }
    let mut inputs = inputs::collect(&args.common.paths)?;
    if let Some(shard) = args.shard {
        inputs.retain(|input| shard.contains(input));
    }
    // Plan and create the output before the slow part, so a bad --out fails at once.
    let destination = destination(args, &inputs)?;
    let incremental = match (&args.out, args.incremental) {
        (Some(dir), true) => {
            let tool = state::tool_version().context("cannot hash the running executable for --incremental")?;
            Some(Incremental { out_dir: dir.clone(), tool })
        }
        _ => None,
    };
    let batch = Batch {
        inputs: &inputs,
        jobs: args.common.jobs,
        extractor: hooks::extractor(),
        isolation: isolation(args),
        incremental,
        abort_after: hooks::abort_after(),
    };
    let summary = batch.run(destination, Progress::new(inputs.len(), args.common.quiet, args.common.log_interval))?;
    report(args, &summary, started.elapsed())
}

/// Where the records go, planned and created.
fn destination(args: &ExtractArgs, inputs: &[Input]) -> Result<Destination> {
    let out_dir = || {
        let dir = args.out.as_deref().with_context(|| format!("--format {} needs --out DIR", args.format.name()))?;
        output::create_dir(dir)?;
        if args.incremental {
            // The records cache mirrors the inputs' relative paths.
            output::plan(inputs, |input| dir.join(state::cache_file(&input.relative)))?;
        }
        anyhow::Ok(dir)
    };
    match args.format {
        Format::Jsonl => match &args.out {
            None => Ok(Destination::Aggregate(Box::new(JsonlStreamSink::stdout()))),
            Some(dir) => {
                let targets = output::plan(inputs, |input| output::output_path(dir, input))?;
                output::create_dir(dir)?;
                let sink = JsonlDirSink::new(inputs.iter().map(Input::source).zip(targets.iter().cloned()));
                Ok(Destination::PerInput(sink, targets))
            }
        },
        Format::Csv => Ok(Destination::Aggregate(Box::new(budget_sinks::CsvSink::create(out_dir()?, args.excel)?))),
        Format::Sqlite => {
            let tool = state::tool_version().context("cannot read this program's own executable")?;
            let sink = budget_sinks::SqliteSink::create(&out_dir()?.join(SQLITE_FILE))?.with_tool(&tool)?;
            Ok(Destination::Aggregate(Box::new(sink)))
        }
    }
}

/// How files are isolated: with a time limit when asked.
fn isolation(args: &ExtractArgs) -> Isolation {
    match args.file_timeout {
        None => Isolation::PanicGuard,
        Some(limit) => {
            let jobs = args.common.jobs.or_else(|| std::thread::available_parallelism().ok()).map_or(1, NonZeroUsize::get);
            Isolation::Deadline(Deadline::new(limit, jobs))
        }
    }
}

/// Writes summary.json, prints the table and the failed files; returns the
/// exit status.
fn report(args: &ExtractArgs, summary: &Summary, wall: Duration) -> Result<ExitCode> {
    let finished = summary.finished(wall);
    let path = args.summary.clone().or_else(|| args.out.as_ref().map(|dir| dir.join("summary.json")));
    if let Some(path) = path {
        let mut json = serde_json::to_vec_pretty(&finished).context("cannot serialize the summary")?;
        json.push(b'\n');
        output::write_atomically(&path, &json)?;
    }
    if !args.common.quiet {
        eprintln!("{finished}");
    }
    // Failures are printed even with --quiet: they explain the exit status.
    for failed in &summary.failed {
        eprintln!("failed: {}: {}", failed.source, failed.message);
    }
    Ok(if summary.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FAILED_FILES) })
}

/// `budget-extract check`.
fn check(args: &CheckArgs) -> Result<ExitCode> {
    let inputs = inputs::collect(&args.common.paths)?;
    // Golden files are keyed by file name alone, so two inputs with the same
    // name in different folders cannot both have one.
    let targets = output::plan(&inputs, |input| args.golden.join(output::jsonl_name(&input.file_name())))?;
    let results = extract_with_progress(&inputs, &args.common)?;
    if args.bless {
        bless(&args.golden, &targets, &results, args.common.quiet)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut differing = 0;
    for (target, records) in targets.iter().zip(&results) {
        let verdict = golden::check(target, records)?;
        if let Some(text) = golden::render_verdict(&target.display().to_string(), &verdict) {
            differing += 1;
            // The diff is this command's output; a closed stdout only loses
            // text, the exit status still tells.
            let _ = io::stdout().write_all(text.as_bytes());
        }
    }
    if !args.common.quiet {
        eprintln!("check: {} files, {} match, {differing} differ", targets.len(), targets.len() - differing);
    }
    Ok(if differing == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FAILED_FILES) })
}

/// `budget-extract scorecard`.
fn score(args: &ScorecardArgs) -> Result<ExitCode> {
    let inputs = inputs::collect(&args.common.paths)?;
    let common = &args.common;
    let mut progress = Progress::new(inputs.len(), common.quiet, common.log_interval);
    let mut figures = Figures::default();
    let scores = scorecard::score_all(&inputs, common.jobs, &mut || {
        figures.bytes += std::fs::metadata(&inputs[figures.done].path).map_or(0, |m| m.len());
        figures.done += 1;
        progress.update(figures);
    })
    .context("cannot extract")?;
    progress.finish(figures);
    let text = if args.json { scorecard::render_json(&scores) } else { scorecard::render_table(&scores) };
    match io::stdout().lock().write_all(text.as_bytes()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => return Err(err).context("cannot write the scorecard to stdout"),
        _ => {}
    }
    let errors = scores.iter().any(|s| s.errors > 0);
    Ok(if errors { ExitCode::from(EXIT_FAILED_FILES) } else { ExitCode::SUCCESS })
}

/// Writes the golden files that changed; leaves identical ones untouched.
fn bless(dir: &Path, targets: &[PathBuf], results: &[Vec<Record>], quiet: bool) -> Result<()> {
    output::create_dir(dir)?;
    let mut written = 0;
    for (target, records) in targets.iter().zip(results) {
        let bytes = output::to_jsonl(records)?;
        if std::fs::read(target).ok().as_deref() != Some(bytes.as_slice()) {
            output::write_atomically(target, &bytes)?;
            written += 1;
        }
    }
    if !quiet {
        let unchanged = targets.len() - written;
        eprintln!("blessed {} golden files in {}: {written} written, {unchanged} unchanged", targets.len(), dir.display());
    }
    Ok(())
}

/// Extracts all inputs for `check`, with progress on stderr.
fn extract_with_progress(inputs: &[Input], common: &Common) -> Result<Vec<Vec<Record>>> {
    let mut progress = Progress::new(inputs.len(), common.quiet, common.log_interval);
    let mut figures = Figures::default();
    let results = run::extract_all(inputs, common.jobs, &mut || {
        // Called in input order: the file just done is the next one.
        figures.bytes += std::fs::metadata(&inputs[figures.done].path).map_or(0, |m| m.len());
        figures.done += 1;
        progress.update(figures);
    })
    .context("cannot extract")?;
    progress.finish(figures);
    Ok(results)
}

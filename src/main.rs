//! The `dossier` binary: `dossier analyze ...` on the command line, `dossier [FILES]` for the window.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Dossier: redactions, e-mails, officials and export permits in government PDF productions.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// PDF files or folders to open in the window (and a `.json` project file).
    paths: Vec<PathBuf>,
    /// Permit registry (CSV or XLSX) for the window.
    #[arg(long, value_name = "FILE")]
    permits: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse PDF files or folders (walked for *.pdf) and print a summary, or JSON with --json.
    ///
    /// Exit status: 0 when every file was analysed, 2 when at least one could not be (the others
    /// are still analysed and reported).
    Analyze {
        /// PDF files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the analysis document (JSON) instead of the summary.
        #[arg(long)]
        json: bool,
        /// Permit registry (CSV or XLSX) to link pages to permits.
        #[arg(long, value_name = "FILE")]
        permits: Option<PathBuf>,
        /// Known people (JSON roster) to fill titles and aliases; `bundled` for the one shipped in
        /// assets/. Detection never depends on it.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
    },
    /// Export the findings of PDF files or folders: CSV (one row per redaction, person and permit
    /// link, with page and stamp), the redaction log (CSV), or JSON.
    Export {
        /// PDF files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// csv, log (the redaction log) or json.
        #[arg(long, default_value = "csv", value_parser = ["csv", "log", "json"])]
        format: String,
        /// Permit registry (CSV or XLSX).
        #[arg(long, value_name = "FILE")]
        permits: Option<PathBuf>,
        /// Known people (JSON roster), or `bundled`.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// A Dossier project file (saved by the app): your dismissals, corrections, reviewed
        /// marks and tags are laid over the findings.
        #[arg(long, value_name = "FILE")]
        project: Option<PathBuf>,
    },
    /// Permits' events (issued, suspended, cancelled, expired) and the documents' dates on one axis.
    Timeline {
        /// PDF files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Permit registry (CSV or XLSX).
        #[arg(long, value_name = "FILE")]
        permits: Option<PathBuf>,
        /// Print JSON instead of one line per event.
        #[arg(long)]
        json: bool,
    },
    /// Print a file's text layer in reading order, page by page (hidden text included).
    Text {
        /// The PDF file.
        path: PathBuf,
        /// Only these pages (1-based; repeat or separate with commas).
        #[arg(long, value_delimiter = ',')]
        page: Vec<u32>,
        /// Print each page model (runs with boxes, paths, images, annotations) as one JSON line.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Analyze {
            paths,
            json,
            permits,
            roster,
        }) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            match dossier::cli::run_analyze(
                &paths,
                json,
                permits.as_deref(),
                roster.as_deref(),
                &mut stdout.lock(),
                &mut stderr.lock(),
            ) {
                Ok(code) => ExitCode::from(code),
                // A closed pipe (`dossier analyze ... | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(dossier::cli::EXIT_FILE_ERRORS)
                }
            }
        }
        Some(Command::Export {
            paths,
            format,
            permits,
            roster,
            project,
        }) => {
            let format = match format.as_str() {
                "json" => dossier::cli::ExportFormat::Json,
                "log" => dossier::cli::ExportFormat::RedactionLog,
                _ => dossier::cli::ExportFormat::Csv,
            };
            finish(dossier::cli::run_export(
                &paths,
                format,
                permits.as_deref(),
                roster.as_deref(),
                project.as_deref(),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            ))
        }
        Some(Command::Timeline {
            paths,
            permits,
            json,
        }) => finish(dossier::cli::run_timeline(
            &paths,
            json,
            permits.as_deref(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Some(Command::Text { path, page, json }) => {
            let stdout = std::io::stdout();
            match dossier::cli::text::run_text(&path, &page, json, &mut stdout.lock()) {
                Ok(Ok(())) => ExitCode::SUCCESS,
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Ok(Err(e)) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(dossier::cli::EXIT_FILE_ERRORS)
                }
                Err(e) => {
                    eprintln!("dossier: {e}");
                    ExitCode::from(dossier::cli::EXIT_FILE_ERRORS)
                }
            }
        }
        None => run_gui(cli.paths, cli.permits),
    }
}

/// Exit status of a command; a closed pipe (`| head`) is not an error.
fn finish(r: std::io::Result<u8>) -> ExitCode {
    match r {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: {e}");
            ExitCode::from(dossier::cli::EXIT_FILE_ERRORS)
        }
    }
}

#[cfg(feature = "gui")]
fn run_gui(paths: Vec<PathBuf>, permits: Option<PathBuf>) -> ExitCode {
    env_logger::init();
    match dossier::ui::run(paths, permits) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: could not open the window: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn run_gui(paths: Vec<PathBuf>, permits: Option<PathBuf>) -> ExitCode {
    let _ = (paths, permits);
    eprintln!("dossier: built without the `gui` feature; use `dossier analyze`");
    ExitCode::from(2)
}

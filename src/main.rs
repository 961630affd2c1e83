//! The `dossier` binary: `dossier analyze ...` on the command line, `dossier [FILES]` for the window.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Dossier: redactions, e-mails, officials and export permits in government PDF productions.
#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  \
    dossier                                  open the window\n  \
    dossier samples/production.pdf           open a file in the window\n  \
    dossier --compare a.pdf b.pdf            two releases side by side at their differences\n  \
    dossier analyze samples/ --permits samples/permits.csv\n  \
    dossier help analyze                     each command's flags and examples"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// PDF files or folders to open in the window (and a `.json` project file).
    paths: Vec<PathBuf>,
    /// Permit registry (CSV or XLSX) for the window.
    #[arg(long, value_name = "FILE")]
    permits: Option<PathBuf>,
    /// OCR of page pictures in the window: auto, always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    ocr: String,
    /// Tesseract languages for OCR, `+`-separated.
    #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
    lang: String,
    /// Open the window on the differences of the files given (two releases of the same
    /// records, or one production's repeated passages), the first one side by side.
    #[arg(long)]
    compare: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse PDF files or folders (walked for *.pdf) and print a summary, or JSON with --json.
    ///
    /// Exit status: 0 when every file was analysed, 2 when at least one could not be (the others
    /// are still analysed and reported).
    #[command(after_help = "Examples:\n  \
        dossier analyze samples/ --permits samples/permits.csv\n  \
        dossier analyze samples/production.pdf --json --roster bundled > report.json\n  \
        dossier analyze samples/scanned.pdf --ocr always --lang eng")]
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
        /// OCR of page pictures: auto (pages without a usable text layer), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        ocr: String,
        /// Tesseract languages for OCR, `+`-separated.
        #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
        lang: String,
    },
    /// Export the findings of PDF files or folders: CSV (one row per redaction, person and permit
    /// link, with page and stamp), the redaction log (CSV or XLSX), JSON, or FollowTheMoney
    /// entities for Aleph.
    #[command(after_help = "Examples:\n  \
        dossier export samples/ --format csv --permits samples/permits.csv > findings.csv\n  \
        dossier export samples/production.pdf --format log > redaction-log.csv\n  \
        dossier export inquiry.dossier --format csv > case-findings.csv     a case: its findings and review\n  \
        dossier export samples/production.pdf --format xlsx -o redaction-log.xlsx\n  \
        dossier export samples/ --format ftm --permits samples/permits.csv > entities.ftm.json\n  \
        ftm validate -i entities.ftm.json        FollowTheMoney's check (pip install followthemoney)")]
    Export {
        #[command(flatten)]
        inputs: InputArgs,
        /// csv, log (the redaction log), xlsx (the redaction log as a workbook), json, or ftm
        /// (FollowTheMoney entities, one JSON object a line).
        #[arg(long, default_value = "csv", value_parser = ["csv", "log", "xlsx", "json", "ftm"])]
        format: String,
        /// Write to this file instead of standard output (needed for xlsx on a terminal).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write an annotated copy of PDF files: every finding as an annotation with a note.
    ///
    /// Redactions are outlined in their code's colour (leaks in red, with the leaked text), people
    /// and permit citations highlighted, e-mails, memos and your tags are sticky notes. The source
    /// is never written.
    #[command(after_help = "Examples:\n  \
        dossier annotate samples/production.pdf -o annotated.pdf --permits samples/permits.csv\n  \
        dossier annotate samples/ --project review.json     writes NAME-annotated.pdf beside each file\n  \
        pdftoppm -png -r 60 annotated.pdf page              look at the result")]
    Annotate {
        #[command(flatten)]
        inputs: InputArgs,
        /// The copy (one input only); default: NAME-annotated.pdf beside each input.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Permits' events (issued, suspended, cancelled, expired) and the documents' dates on one axis.
    #[command(after_help = "Examples:\n  \
        dossier timeline samples/ --permits samples/permits.csv\n  \
        dossier timeline samples/production.pdf --permits samples/permits.csv --json\n  \
        dossier timeline inquiry.dossier          a case: its documents and the registry it keeps")]
    Timeline {
        /// PDF files or folders; or one case file.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Permit registry (CSV or XLSX).
        #[arg(long, value_name = "FILE")]
        permits: Option<PathBuf>,
        /// Print JSON instead of one line per event.
        #[arg(long)]
        json: bool,
        /// OCR of page pictures: auto (pages without a usable text layer), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        ocr: String,
        /// Tesseract languages for OCR, `+`-separated.
        #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
        lang: String,
    },
    /// Compare releases: what one copy withholds and another releases (two PDFs, A first), the
    /// passages repeated inside one PDF, or every two productions of a case.
    ///
    /// Documents are paired across the copies by their headers and words (whatever the page
    /// order, layout, font or stamps), then every redaction in one copy is read against what the
    /// other shows at that place: readable text, a redaction under other codes, or the same.
    #[command(after_help = "Examples:\n  \
        dossier diff committee.pdf atip-release.pdf         what each withholds that the other releases\n  \
        dossier diff committee.pdf atip-release.pdf --json --csv differences.csv\n  \
        dossier diff samples/production.pdf                 a message and the reply quoting it, redacted apart\n  \
        dossier diff inquiry.dossier                        every two productions of a case")]
    Diff {
        /// Two PDF files (A then B), one PDF file, or one case file.
        #[arg(required = true, num_args = 1..=2)]
        paths: Vec<PathBuf>,
        /// Print the comparison as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the differences as CSV to this file.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// OCR of page pictures: auto (pages without a usable text layer), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        ocr: String,
        /// Tesseract languages for OCR, `+`-separated.
        #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
        lang: String,
    },
    /// Work on a case: many productions in one file, searchable (add, reanalyse, import, list,
    /// people, permits, duplicates).
    #[command(subcommand)]
    Case(CaseCommand),
    /// Search every page of every production of a case.
    ///
    /// Words must all be on the page; "exact phrases", prefix*, NEAR(a b, 10), AND, OR, NOT and
    /// (groups) as FTS5 reads them; accents are folded (Francois finds François). Exit status 2
    /// for a query that cannot be read.
    #[command(after_help = "Examples:\n  \
        dossier search inquiry.dossier '\"export permit\" Turkey'\n  \
        dossier search inquiry.dossier 'Wescam NEAR(permit suspended, 10)' --json\n  \
        dossier search inquiry.dossier --queries names.txt      one query a line, results per query")]
    Search {
        /// The case file.
        case: PathBuf,
        /// What to search for.
        #[arg(required_unless_present = "queries")]
        query: Option<String>,
        /// A file of queries, one a line (names, permit numbers, serials); # starts a comment.
        #[arg(long, value_name = "FILE")]
        queries: Option<PathBuf>,
        /// Print `{"hits": [...], "total": N}` (with --queries, one per query).
        #[arg(long)]
        json: bool,
        /// Hits shown per query, best first.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// Print a file's text layer in reading order, page by page (hidden text included).
    #[command(after_help = "Examples:\n  \
        dossier text samples/production.pdf --page 3\n  \
        dossier text samples/production.pdf --page 1,2 --json\n  \
        dossier text samples/scanned.pdf --ocr always")]
    Text {
        /// The PDF file.
        path: PathBuf,
        /// Only these pages (1-based; repeat or separate with commas).
        #[arg(long, value_delimiter = ',')]
        page: Vec<u32>,
        /// Print each page model (runs with boxes, paths, images, annotations) as one JSON line.
        #[arg(long)]
        json: bool,
        /// OCR of page pictures: auto (pages without a usable text layer), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        ocr: String,
        /// Tesseract languages for OCR, `+`-separated.
        #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
        lang: String,
    },
}

/// `dossier case ...`: a case file holding many productions.
#[derive(Debug, Subcommand)]
enum CaseCommand {
    /// Add PDF files or folders to a case (created if absent): files the case already holds (by
    /// SHA-256) are not analysed again, each production is committed on its own.
    ///
    /// Exit status: 0 when every file was added or already there, 2 when one could not be (the
    /// others are added all the same).
    #[command(after_help = "Examples:\n  \
        dossier case add inquiry.dossier samples/ --permits samples/permits.csv\n  \
        dossier case add inquiry.dossier tranche-2/*.pdf      only the new files are analysed")]
    Add {
        /// The case file (e.g. inquiry.dossier); created if absent.
        case: PathBuf,
        /// PDF files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Permit registry (CSV or XLSX), kept in the case for the files added later.
        #[arg(long, value_name = "FILE")]
        permits: Option<PathBuf>,
        /// Known people (JSON roster), or `bundled`.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// Print what was added as JSON.
        #[arg(long)]
        json: bool,
        /// Keep each PDF's bytes in the case too (a PostgreSQL case; by default it keeps the
        /// results only).
        #[arg(long)]
        store_pdf: bool,
        /// OCR of page pictures: auto (pages without a usable text layer), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        ocr: String,
        /// Tesseract languages for OCR, `+`-separated.
        #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
        lang: String,
    },
    /// Copy a case to another place: a case file to a PostgreSQL database (postgres://...) or
    /// back, every production, the registry and every review mark.
    #[command(after_help = "Examples:
  \
        dossier case copy inquiry.dossier postgres://clerk@db.example/inquiry
  \
        dossier case copy postgres://clerk@db.example/inquiry backup.dossier")]
    Copy {
        /// The case to copy (a case file or a PostgreSQL URL).
        src: PathBuf,
        /// Where to (created if absent; productions it holds already are left).
        dst: PathBuf,
    },
    /// The review changes of a case on PostgreSQL, oldest first, with who and when; --follow
    /// prints others' changes as they arrive.
    #[command(after_help = "Examples:\n  \
        dossier case changes postgres://clerk@db.example/faae\n  \
        dossier case changes postgres://clerk@db.example/faae --since 120 --follow 600")]
    Changes {
        /// The case (a PostgreSQL URL).
        case: PathBuf,
        /// Only the changes after this one (its number, as printed).
        #[arg(long, default_value_t = 0, value_name = "ID")]
        since: i64,
        /// Then wait for others' changes, until SECONDS pass without one.
        #[arg(long, value_name = "SECONDS")]
        follow: Option<u64>,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
    },
    /// Import the review work of a project file (tags, reviewed marks, corrections, notes).
    #[command(after_help = "Examples:\n  \
        dossier case import inquiry.dossier review.json --reviewer \"Jane Roe\"")]
    Import {
        /// The case file.
        case: PathBuf,
        /// The project file saved by the app.
        project: PathBuf,
        /// Whose review it is (default: $USER).
        #[arg(long, value_name = "NAME")]
        reviewer: Option<String>,
    },
    /// Analyse again, from their files, the productions a former Dossier version analysed (all
    /// with --all); the review work stays.
    #[command(after_help = "Examples:\n  \
        dossier case reanalyse inquiry.dossier        after an upgrade\n  \
        dossier case reanalyse inquiry.dossier --all --ocr always")]
    Reanalyse {
        /// The case file.
        case: PathBuf,
        /// Every production, whatever version analysed it.
        #[arg(long)]
        all: bool,
        /// OCR of page pictures: auto (pages without a usable text layer), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        ocr: String,
        /// Tesseract languages for OCR, `+`-separated.
        #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
        lang: String,
    },
    /// List the productions of a case.
    #[command(after_help = "Examples:\n  \
        dossier case list inquiry.dossier")]
    List {
        /// The case file.
        case: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Everyone named in the case, one identity across productions, with their pages.
    #[command(after_help = "Examples:\n  \
        dossier case people inquiry.dossier\n  \
        dossier case people inquiry.dossier --json")]
    People {
        /// The case file.
        case: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Pages released more than once (the same words whatever the stamp, or the same scan),
    /// with every copy.
    #[command(after_help = "Examples:\n  \
        dossier case duplicates inquiry.dossier")]
    Duplicates {
        /// The case file.
        case: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Correct a person once for the whole case: one person with another name (--same-as), a
    /// title or organisation, a dismissal; every production's lists and exports follow.
    ///
    /// NAME is matched against `case people` (accents and case folded); an unknown or ambiguous
    /// name is an error that lists the candidates (exit status 2).
    #[command(after_help = "Examples:\n  \
        dossier case correct-person inquiry.dossier \"Kate Roe\" --same-as \"Katherine Roe\"\n  \
        dossier case correct-person inquiry.dossier \"Katherine Roe\" --title \"Director General\"\n  \
        dossier case correct-person inquiry.dossier \"Export Controls\" --dismiss --reviewer \"Jane Doe\"")]
    CorrectPerson {
        /// The case file.
        case: PathBuf,
        /// The person, as `case people` names them.
        name: String,
        /// The same person as OTHER (two spellings): listed once, corrected once.
        #[arg(long, value_name = "OTHER")]
        same_as: Option<String>,
        /// No longer one person with the names merged into this one.
        #[arg(long)]
        separate: bool,
        /// Title (an empty one: as detected).
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// Organisation (an empty one: as detected).
        #[arg(long, value_name = "O")]
        organization: Option<String>,
        /// The name to show (an empty one: as written most often).
        #[arg(long = "name", value_name = "N")]
        new_name: Option<String>,
        /// Not a person: left out of lists and exports.
        #[arg(long)]
        dismiss: bool,
        /// Take a dismissal back.
        #[arg(long)]
        restore: bool,
        /// Why.
        #[arg(long)]
        note: Option<String>,
        /// Whose correction it is (default: $USER).
        #[arg(long, value_name = "WHO")]
        reviewer: Option<String>,
    },
    /// Every permit cited in the case: the productions and pages citing it, links and candidates.
    #[command(after_help = "Examples:\n  \
        dossier case permits inquiry.dossier")]
    Permits {
        /// The case file.
        case: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The inputs of `export` and `annotate`: files or folders, the registry, the roster, the
/// project, OCR.
#[derive(Debug, clap::Args)]
struct InputArgs {
    /// PDF files or folders; or one case file (`export` reads its stored findings and review).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Permit registry (CSV or XLSX).
    #[arg(long, value_name = "FILE")]
    permits: Option<PathBuf>,
    /// Known people (JSON roster), or `bundled`.
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
    /// A Dossier project file (saved by the app): your dismissals, corrections, reviewed marks
    /// and tags are laid over the findings.
    #[arg(long, value_name = "FILE")]
    project: Option<PathBuf>,
    /// OCR of page pictures: auto (pages without a usable text layer), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    ocr: String,
    /// Tesseract languages for OCR, `+`-separated.
    #[arg(long, default_value = "eng+fra", value_name = "LANGS")]
    lang: String,
}

impl InputArgs {
    fn inputs<'a>(&'a self, ocr: &'a dossier::ocr::OcrOptions) -> dossier::cli::Inputs<'a> {
        dossier::cli::Inputs {
            paths: &self.paths,
            permits: self.permits.as_deref(),
            roster: self.roster.as_deref(),
            project: self.project.as_deref(),
            ocr,
        }
    }
}

fn main() -> ExitCode {
    #[cfg(feature = "ocr")]
    if let Some(code) = one_openmp_thread_per_engine() {
        return code;
    }
    if let Some(code) = unknown_command() {
        return code;
    }
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Analyze {
            paths,
            json,
            permits,
            roster,
            ocr,
            lang,
        }) => {
            let stdout = std::io::stdout();
            // stderr is not locked for the run: the progress bar draws on it from worker threads.
            match dossier::cli::run_analyze(
                &paths,
                json,
                permits.as_deref(),
                roster.as_deref(),
                &ocr_options(&ocr, &lang),
                &TermProgress::new(),
                &mut stdout.lock(),
                &mut std::io::stderr(),
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
            inputs,
            format,
            output,
        }) => {
            let format = match format.as_str() {
                "json" => dossier::cli::ExportFormat::Json,
                "log" => dossier::cli::ExportFormat::RedactionLog,
                "xlsx" => dossier::cli::ExportFormat::RedactionLogXlsx,
                "ftm" => dossier::cli::ExportFormat::Ftm,
                _ => dossier::cli::ExportFormat::Csv,
            };
            let mut out: Box<dyn std::io::Write> = match &output {
                Some(path) => match std::fs::File::create(path) {
                    Ok(f) => Box::new(std::io::BufWriter::new(f)),
                    Err(e) => {
                        eprintln!("dossier: {}: {e}", path.display());
                        return ExitCode::from(dossier::cli::EXIT_FILE_ERRORS);
                    }
                },
                None => {
                    use std::io::IsTerminal as _;
                    if format == dossier::cli::ExportFormat::RedactionLogXlsx
                        && std::io::stdout().is_terminal()
                    {
                        eprintln!(
                            "dossier: an XLSX workbook is not for a terminal: add -o FILE.xlsx or redirect"
                        );
                        return ExitCode::from(2);
                    }
                    Box::new(std::io::stdout().lock())
                }
            };
            let ocr = ocr_options(&inputs.ocr, &inputs.lang);
            let code = dossier::cli::run_export(
                &inputs.inputs(&ocr),
                format,
                &TermProgress::new(),
                &mut out,
                &mut std::io::stderr(),
            );
            finish(code.and_then(|c| out.flush().map(|()| c)))
        }
        Some(Command::Annotate { inputs, output }) => {
            let ocr = ocr_options(&inputs.ocr, &inputs.lang);
            finish(dossier::cli::run_annotate(
                &inputs.inputs(&ocr),
                output.as_deref(),
                &TermProgress::new(),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr(),
            ))
        }
        Some(Command::Timeline {
            paths,
            permits,
            json,
            ocr,
            lang,
        }) => finish(dossier::cli::run_timeline(
            &paths,
            json,
            permits.as_deref(),
            &ocr_options(&ocr, &lang),
            &TermProgress::new(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr(),
        )),
        Some(Command::Text {
            path,
            page,
            json,
            ocr,
            lang,
        }) => {
            let stdout = std::io::stdout();
            let ocr = ocr_options(&ocr, &lang);
            match dossier::cli::text::run_text(&path, &page, json, &ocr, &mut stdout.lock()) {
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
        Some(Command::Diff {
            paths,
            json,
            csv,
            ocr,
            lang,
        }) => {
            let options = dossier::Options {
                ocr: ocr_options(&ocr, &lang),
                ..Default::default()
            };
            finish(dossier::cli::diff::run_diff(
                &dossier::cli::diff::DiffArgs {
                    paths: &paths,
                    json,
                    csv: csv.as_deref(),
                    options: &options,
                },
                &TermProgress::new(),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr(),
            ))
        }
        Some(Command::Case(command)) => run_case(command),
        Some(Command::Search {
            case,
            query,
            queries,
            json,
            limit,
        }) => {
            let args = dossier::cli::case::SearchArgs {
                case: &case,
                query: query.as_deref(),
                queries: queries.as_deref(),
                json,
                limit,
            };
            let (out, err) = (&mut std::io::stdout().lock(), &mut std::io::stderr());
            finish(if dossier::cli::pg::is_url(&case) {
                dossier::cli::pg::run_search(&args, out, err)
            } else {
                dossier::cli::case::run_search(&args, out, err)
            })
        }
        None => run_gui(
            cli.paths,
            cli.permits,
            ocr_options(&cli.ocr, &cli.lang),
            cli.compare,
        ),
    }
}

/// `dossier case ...`.
fn run_case(command: CaseCommand) -> ExitCode {
    use dossier::cli::{case, pg};
    let out = &mut std::io::stdout().lock();
    let err = &mut std::io::stderr();
    finish(match command {
        CaseCommand::Add {
            case: file,
            paths,
            permits,
            roster,
            json,
            store_pdf,
            ocr,
            lang,
        } => {
            let ocr = ocr_options(&ocr, &lang);
            let args = case::AddArgs {
                case: &file,
                paths: &paths,
                permits: permits.as_deref(),
                roster: roster.as_deref(),
                ocr: &ocr,
                json,
            };
            if store_pdf || pg::is_url(&file) {
                pg::run_add(&args, store_pdf, &TermProgress::new(), out, err)
            } else {
                case::run_add(&args, &TermProgress::new(), out, err)
            }
        }
        CaseCommand::Copy { src, dst } => pg::run_copy(&src, &dst, out, err),
        CaseCommand::Changes {
            case: file,
            since,
            follow,
            json,
        } => pg::run_changes(&file, since, follow, json, out, err),
        CaseCommand::Import {
            case: file,
            project,
            reviewer,
        } => case::run_import(&file, &project, reviewer.as_deref(), out, err),
        CaseCommand::Reanalyse {
            case: file,
            all,
            ocr,
            lang,
        } => case::run_reanalyse(
            &file,
            all,
            &ocr_options(&ocr, &lang),
            &TermProgress::new(),
            out,
            err,
        ),
        CaseCommand::List { case: file, json } => case::run_list(&file, json, out, err),
        CaseCommand::People { case: file, json } => case::run_people(&file, json, out, err),
        CaseCommand::Permits { case: file, json } => case::run_permits(&file, json, out, err),
        CaseCommand::Duplicates { case: file, json } => case::run_duplicates(&file, json, out, err),
        CaseCommand::CorrectPerson {
            case: file,
            name,
            same_as,
            separate,
            title,
            organization,
            new_name,
            dismiss,
            restore,
            note,
            reviewer,
        } => dossier::cli::identity::run_correct_person(
            &dossier::cli::identity::CorrectPersonArgs {
                case: &file,
                name: &name,
                new_name: new_name.as_deref(),
                title: title.as_deref(),
                organization: organization.as_deref(),
                dismiss,
                restore,
                same_as: same_as.as_deref(),
                separate,
                note: note.as_deref(),
                reviewer: reviewer.as_deref(),
            },
            out,
            err,
        ),
    })
}

/// `dossier WORD` where WORD is neither a command nor a file: the top-level PATHS would take it
/// as a file to open in the window. When the first argument is not an existing path, not a
/// command and does not look like a file (no `.pdf`/`.json` extension, no path separator), say
/// so with the list of commands and exit 2. `dossier missing.pdf` still goes to the window, which
/// reports the missing file.
fn unknown_command() -> Option<ExitCode> {
    let first = std::env::args_os().nth(1)?;
    let word = first.to_string_lossy();
    if word.starts_with('-') || std::path::Path::new(&first).exists() {
        return None;
    }
    let cli = Cli::command();
    let known = cli
        .get_subcommands()
        .any(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word));
    let looks_like_a_file = word.contains(std::path::is_separator)
        || word.contains('/')
        || std::path::Path::new(&first).extension().is_some_and(|e| {
            ["pdf", "json", "dossier"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        });
    if known || word == "help" || looks_like_a_file {
        return None;
    }
    let mut text =
        format!("error: unknown command '{word}' (and no such file or folder)\n\nCommands:\n");
    let width = cli
        .get_subcommands()
        .map(|c| c.get_name().len())
        .max()
        .unwrap_or(0);
    for c in cli.get_subcommands() {
        let about = c.get_about().map(ToString::to_string).unwrap_or_default();
        text.push_str(&format!("  {:<width$}  {about}\n", c.get_name()));
    }
    text.push_str(
        "\nTo open files in the window: dossier FILE.pdf|FOLDER...\n\
         For more, try 'dossier --help' or 'dossier help COMMAND'.\n",
    );
    eprint!("{text}");
    Some(ExitCode::from(2))
}

/// Files done of the total, the current file and its pages, drawn by indicatif on stderr when it
/// is a terminal; nothing at all when it is piped or redirected (stdout is never touched).
struct TermProgress {
    bar: indicatif::ProgressBar,
    name: std::sync::Mutex<String>,
    ticking: std::sync::Once,
}

impl TermProgress {
    fn new() -> TermProgress {
        use std::io::IsTerminal as _;
        let bar = if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:25}] {pos}/{len} files  {elapsed}  {wide_msg}",
            ) {
                bar.set_style(style.progress_chars("#>-"));
            }
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        TermProgress {
            bar,
            name: std::sync::Mutex::new(String::new()),
            ticking: std::sync::Once::new(),
        }
    }
}

impl dossier::analysis::Progress for TermProgress {
    fn pages_done(&self, done: usize, total: usize) {
        if self.bar.is_hidden() {
            return;
        }
        if let Ok(name) = self.name.lock() {
            self.bar
                .set_message(format!("{name}: page {done} of {total}"));
        }
    }
}

impl dossier::cli::BatchProgress for TermProgress {
    fn file_started(&self, number: usize, total: usize, path: &std::path::Path) {
        if self.bar.is_hidden() {
            return;
        }
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.bar.set_length(total as u64);
        self.bar.set_position(number.saturating_sub(1) as u64);
        self.bar.set_message(name.clone());
        if let Ok(mut current) = self.name.lock() {
            *current = name;
        }
        // A spinner that turns while one long page (OCR) is read.
        self.ticking.call_once(|| {
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(150))
        });
    }

    fn file_done(&self, number: usize, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(number as u64);
    }

    fn finished(&self) {
        self.bar.finish_and_clear();
    }
}

/// OCR settings from `--ocr` and `--lang` (clap has checked the mode).
fn ocr_options(mode: &str, lang: &str) -> dossier::ocr::OcrOptions {
    dossier::ocr::OcrOptions {
        mode: mode.parse().unwrap_or_default(),
        languages: lang.to_string(),
        ..Default::default()
    }
}

/// Tesseract's OpenMP reads `OMP_THREAD_LIMIT` when the library loads, before `main`: pages are
/// already read in parallel, one engine per core, and OpenMP threads on top of that make OCR
/// about three times slower on a small machine. When it is unset, run again with it set to 1.
#[cfg(feature = "ocr")]
fn one_openmp_thread_per_engine() -> Option<ExitCode> {
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let status = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("OMP_THREAD_LIMIT", "1")
        .status()
        .ok()?;
    Some(match status.code() {
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::from(1),
    })
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
fn run_gui(
    paths: Vec<PathBuf>,
    permits: Option<PathBuf>,
    ocr: dossier::ocr::OcrOptions,
    compare: bool,
) -> ExitCode {
    env_logger::init();
    match dossier::ui::run_with(paths, permits, ocr, compare) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: could not open the window: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn run_gui(
    paths: Vec<PathBuf>,
    permits: Option<PathBuf>,
    ocr: dossier::ocr::OcrOptions,
    compare: bool,
) -> ExitCode {
    let _ = (paths, permits, ocr, compare);
    eprintln!("dossier: built without the `gui` feature; use `dossier analyze`");
    ExitCode::from(2)
}

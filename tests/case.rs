//! The case (issue 17): productions in one SQLite file, added incrementally, searched across,
//! people across productions, review work imported, and a kill -9 while adding that loses only
//! the production being written.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dossier::cli::case::{AddArgs, run_add};
use dossier::geometry::Rect;
use dossier::ocr::{OcrMode, OcrOptions};
use dossier::project::{Project, TagKind, review_key};
use dossier::store::{Case, StoreError};

use crate::common::{self, pdfgen, production};

fn no_ocr() -> OcrOptions {
    OcrOptions {
        mode: OcrMode::Never,
        ..OcrOptions::default()
    }
}

/// `case add` in process; its JSON summary and exit code.
fn add(case: &Path, paths: &[PathBuf]) -> (serde_json::Value, u8) {
    let ocr = no_ocr();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_add(
        &AddArgs {
            case,
            paths,
            permits: None,
            roster: None,
            ocr: &ocr,
            json: true,
        },
        &dossier::analysis::NoProgress,
        &mut out,
        &mut err,
    )
    .unwrap();
    (serde_json::from_slice(&out).unwrap(), code)
}

fn count(v: &serde_json::Value, key: &str) -> usize {
    v[key].as_array().unwrap().len()
}

/// Three pages whose text the test knows: the phrase on pages 1 and 3, its words apart on 2,
/// an accented name on 3.
const KNOWN: [&str; 3] = [
    "The export permit for the sensors was suspended in October.",
    "No permit was needed for the export of these goods, said Søren Åberg.",
    "François Legault asked about the export permit and the end user.",
];

fn known_pdf(dir: &Path) -> PathBuf {
    let pages: Vec<String> = KNOWN
        .iter()
        .enumerate()
        .map(|(i, line)| {
            pdfgen::show(72.0, 720.0, 11.0, line)
                + &pdfgen::show(460.0, 40.0, 9.0, &format!("A-2024-00999 - {:06}", i + 1))
        })
        .collect();
    let path = dir.join("known.pdf");
    std::fs::write(&path, pdfgen::pages(&pages)).unwrap();
    path
}

/// Words of `text`, lower case, accents folded: what a phrase is looked for in.
fn words(text: &str) -> String {
    dossier::textfold::fold_words(text)
}

#[test]
fn a_phrase_finds_exactly_the_pages_that_hold_it_with_their_stamps() {
    let dir = common::temp_dir("case-phrase");
    let case_path = dir.join("inquiry.dossier");
    let known = known_pdf(&dir);
    let sample = common::sample("production.pdf");
    let (summary, code) = add(&case_path, &[sample.clone(), known.clone()]);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(count(&summary, "added"), 2, "{summary}");

    let case = Case::open(&case_path).unwrap();
    let hits = case.search("\"export permit\"", 100).unwrap();
    // The pages of both files whose text holds the phrase, from the analysis itself.
    let mut expected: Vec<(String, u32)> = Vec::new();
    for path in [&sample, &known] {
        let a = dossier::analyze_file(
            path,
            &dossier::Options {
                ocr: no_ocr(),
                ..Default::default()
            },
            &dossier::analysis::NoProgress,
        )
        .unwrap();
        for p in &a.pages {
            if format!(" {} ", words(&p.text())).contains(" export permit ") {
                expected.push((path.to_string_lossy().into_owned(), p.number));
            }
        }
    }
    expected.sort();
    let mut got: Vec<(String, u32)> = hits.hits.iter().map(|h| (h.path.clone(), h.page)).collect();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(hits.total as usize, expected.len());
    let known_pages: Vec<u32> = hits
        .hits
        .iter()
        .filter(|h| h.path.ends_with("known.pdf"))
        .map(|h| h.page)
        .collect();
    assert_eq!(
        known_pages.len(),
        2,
        "pages 1 and 3 of the known file: {known_pages:?}"
    );
    for h in &hits.hits {
        assert!(
            h.snippet.to_lowercase().contains("[export permit]"),
            "the match is marked: {h:?}"
        );
        if h.path.ends_with("known.pdf") {
            assert_eq!(
                h.stamp.as_deref(),
                Some(format!("A-2024-00999 - {:06}", h.page).as_str())
            );
        } else {
            assert!(
                h.stamp
                    .as_deref()
                    .is_some_and(|s| s.starts_with("A-2020-00417")),
                "{h:?}"
            );
        }
    }
    // Accents folded both ways.
    // (The sample names François-Philippe Champagne too.)
    let f = case.search("Francois Legault", 10).unwrap();
    assert_eq!(f.total, 1);
    assert_eq!(f.hits[0].page, 3);
    assert!(f.hits[0].snippet.contains("[François]"), "{:?}", f.hits[0]);
    assert_eq!(case.search("FRANÇOIS legault", 10).unwrap().total, 1);
    // Letters that do not decompose (ø) fold too, and the snippet keeps them.
    let s = case.search("Soren Aberg", 10).unwrap();
    assert_eq!((s.total, s.hits[0].page), (1, 2), "{s:?}");
    assert!(
        s.hits[0].snippet.contains("[Søren] [Åberg]"),
        "{:?}",
        s.hits[0]
    );
    assert_eq!(case.search("\"søren åberg\"", 10).unwrap().total, 1);
    let champagne = case.search("Francois Champagne", 10).unwrap();
    assert!(
        champagne.total > 0
            && champagne
                .hits
                .iter()
                .all(|h| h.path.ends_with("production.pdf")),
        "{champagne:?}"
    );
    // Words anywhere on the page, prefixes, NOT.
    assert_eq!(
        case.search("export permit", 100)
            .unwrap()
            .hits
            .iter()
            .filter(|h| h.path.ends_with("known.pdf"))
            .count(),
        3
    );
    assert_eq!(
        case.search("suspend*", 100)
            .unwrap()
            .hits
            .iter()
            .filter(|h| h.path.ends_with("known.pdf"))
            .count(),
        1
    );
    assert!(
        case.search("Legault NOT sensors", 10).unwrap().total == 1
            && case.search("Legault AND sensors", 10).unwrap().total == 0
    );
}

#[test]
fn adding_again_analyses_nothing_and_knows_a_file_under_another_path() {
    let dir = common::temp_dir("case-again");
    let case_path = dir.join("c.dossier");
    let known = known_pdf(&dir);
    let (first, code) = add(&case_path, std::slice::from_ref(&known));
    assert_eq!((count(&first, "added"), code), (1, 0));
    let copy = dir.join("renamed copy.pdf");
    std::fs::copy(&known, &copy).unwrap();
    std::fs::write(dir.join("notes.pdf"), "not a PDF").unwrap();
    let (again, code) = add(
        &case_path,
        &[known.clone(), copy.clone(), dir.join("notes.pdf")],
    );
    assert_eq!(code, 2, "one file failed: {again}");
    assert_eq!(count(&again, "added"), 0, "nothing analysed again: {again}");
    assert_eq!(count(&again, "already"), 2, "{again}");
    assert_eq!(count(&again, "failed"), 1, "{again}");
    assert_eq!(
        again["already"][1]["in_case_as"].as_str().unwrap(),
        known.to_string_lossy()
    );
    let case = Case::open(&case_path).unwrap();
    let list = case.productions().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].other_paths, vec![copy]);
    assert_eq!(list[0].pages, 3);
}

#[test]
fn a_project_file_imports_without_loss() {
    let dir = common::temp_dir("case-import");
    let case_path = dir.join("c.dossier");
    let mut p = Project::default();
    p.add_tag(
        "abc123",
        2,
        Rect::new(1.0, 2.0, 30.0, 40.0),
        TagKind::MissedRedaction,
        "a box missed",
        "under it",
    );
    p.reviewed.insert(review_key("abc123", "red-p3-1"), true);
    let c = p.correction_mut(&review_key("abc123", "person-jane-roe"));
    c.title = Some("Director General".into());
    p.correction_mut(&review_key("abc123", "EXP-2020-0517@p2"))
        .dismissed = true;
    p.notes = "Ask about the second tranche.".into();
    let mut case = Case::create_or_open(&case_path).unwrap();
    let n = case.import_project(&p, "Jane Roe").unwrap();
    assert_eq!((n.reviewed, n.corrections, n.tags, n.notes), (1, 2, 1, 1));
    let back = case.review_project().unwrap();
    assert_eq!(back.reviewed, p.reviewed);
    assert_eq!(back.corrections, p.corrections);
    assert_eq!(back.tags, p.tags);
    assert_eq!(back.notes, p.notes);
    // Again: nothing doubled.
    let n = case.import_project(&p, "Jane Roe").unwrap();
    assert_eq!(n.tags, 0);
    assert_eq!(case.review_project().unwrap().tags.len(), 1);
}

#[test]
fn schema_versions_migrate_and_newer_cases_are_refused() {
    let dir = common::temp_dir("case-schema");
    // An empty database (schema 0) migrates.
    let old = dir.join("old.dossier");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0")
        .unwrap();
    let case = Case::open(&old).unwrap();
    assert_eq!(case.version().unwrap(), dossier::store::schema_version());
    assert_eq!(case.integrity_check().unwrap(), "ok");
    drop(case);
    let newer = dir.join("newer.dossier");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let e = Case::open(&newer).err().unwrap();
    assert!(matches!(e, StoreError::Newer { found: 999, .. }), "{e}");
    assert!(e.to_string().contains("newer Dossier"), "{e}");
    let text = dir.join("text.dossier");
    std::fs::write(
        &text,
        "not a database, just words in a file that is long enough",
    )
    .unwrap();
    let e = Case::open(&text).err().unwrap();
    assert!(matches!(e, StoreError::NotACase(..)), "{e}");
    assert!(matches!(
        Case::open(&dir.join("missing.dossier")),
        Err(StoreError::Missing(_))
    ));
}

#[test]
fn one_person_across_two_productions() {
    // Two generated productions that name the same person.
    let first = production::generate(1);
    let names: Vec<&String> = first.truth.people.iter().map(|(n, _)| n).collect();
    let (seed, name) = (2..200)
        .find_map(|s| {
            let other = production::generate(s);
            let shared = other
                .truth
                .people
                .iter()
                .find(|(n, _)| names.contains(&n))
                .map(|(n, _)| n.clone());
            shared.map(|n| (s, n))
        })
        .expect("two seeds share a name");
    let dir = common::temp_dir("case-people");
    let a = dir.join("first.pdf");
    let b = dir.join("second.pdf");
    std::fs::write(&a, &first.pdf).unwrap();
    std::fs::write(&b, &production::generate(seed).pdf).unwrap();
    let case_path = dir.join("c.dossier");
    let (summary, code) = add(&case_path, &[a, b]);
    assert_eq!((count(&summary, "added"), code), (2, 0), "{summary}");
    let people = Case::open(&case_path).unwrap().people().unwrap();
    let key = dossier::officials::identity_key(&name);
    let p = people
        .iter()
        .find(|p| p.identity == key)
        .unwrap_or_else(|| panic!("{name} in {people:#?}"));
    assert_eq!(p.productions.len(), 2, "{p:#?}");
    assert_eq!(
        p.pages,
        p.productions.iter().map(|c| c.pages.len()).sum::<usize>()
    );
    // The people list of the CLI says it the same way.
    let out = common::run_dossier(&["case", "people", case_path.to_str().unwrap()], None);
    assert!(
        out.contains(&format!("{} — 2 productions, {} pages", p.name, p.pages)),
        "{out}"
    );
}

#[test]
fn a_malformed_query_is_an_error_with_exit_code_2() {
    let dir = common::temp_dir("case-bad-query");
    let case_path = dir.join("c.dossier");
    add(&case_path, &[known_pdf(&dir)]);
    for q in ["AND permit", "\"export permit", "NEAR(export"] {
        let out = Command::new(common::dossier_bin())
            .args(["search", case_path.to_str().unwrap(), q])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{q}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("search for"),
            "says what a query is: {stderr}"
        );
        assert!(!stderr.contains("fts5"), "not SQLite's words: {stderr}");
        assert!(out.stdout.is_empty());
    }
    // The JSON of a good query is exactly {hits, total}.
    let json: serde_json::Value = serde_json::from_str(&common::run_dossier(
        &["search", case_path.to_str().unwrap(), "Francois", "--json"],
        None,
    ))
    .unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["hits", "total"]);
    let hit = json["hits"][0].as_object().unwrap();
    let mut fields: Vec<&String> = hit.keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["document", "page", "path", "sha256", "snippet", "stamp"]
    );
    // A batch of queries: results per query.
    let queries = dir.join("queries.txt");
    std::fs::write(&queries, "# names\nFrancois\n\"export permit\"\n").unwrap();
    let json: serde_json::Value = serde_json::from_str(&common::run_dossier(
        &[
            "search",
            case_path.to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
            "--json",
        ],
        None,
    ))
    .unwrap();
    let per: Vec<(String, u64)> = json["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["query"].as_str().unwrap().to_string(),
                q["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        per,
        [
            ("Francois".to_string(), 1),
            ("\"export permit\"".to_string(), 2)
        ]
    );
}

/// kill -9 while a batch is being added: every production committed before stays whole, the
/// review work too, the database passes its checks, and adding again completes.
#[test]
fn a_kill_while_adding_loses_only_the_production_being_written() {
    let dir = common::temp_dir("case-kill");
    let case_path = dir.join("c.dossier");
    let sample = common::sample("production.pdf");
    let (summary, code) = add(&case_path, std::slice::from_ref(&sample));
    assert_eq!((count(&summary, "added"), code), (1, 0));
    let sha = summary["added"][0]["sha256"].as_str().unwrap().to_string();
    let mut review = Project::default();
    review.reviewed.insert(review_key(&sha, "red-p1-1"), true);
    review.add_tag(
        &sha,
        2,
        Rect::new(10.0, 10.0, 50.0, 20.0),
        TagKind::Note,
        "check this",
        "",
    );
    Case::open(&case_path)
        .unwrap()
        .import_project(&review, "tester")
        .unwrap();

    // A batch of generated productions, added by the binary, killed once one of them is in.
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).unwrap();
    let seeds = 30..36u64;
    for s in seeds.clone() {
        std::fs::write(batch.join(format!("p{s}.pdf")), production::generate(s).pdf).unwrap();
    }
    let mut child = Command::new(common::dossier_bin())
        .args(["case", "add"])
        .arg(&case_path)
        .arg(&batch)
        .args(["--ocr", "never"])
        // Set, so that the binary does not run itself again with it (see main.rs): the process
        // killed is the one that writes.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let watch = Case::open(&case_path).unwrap();
    let mut polls = 0;
    while watch.productions().unwrap().len() < 2 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "case add ended before a production of the batch was seen"
        );
        polls += 1;
        assert!(polls < 30_000, "no production of the batch committed");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    drop(watch);

    let case = Case::open(&case_path).unwrap();
    assert_eq!(case.integrity_check().unwrap(), "ok");
    let list = case.productions().unwrap();
    assert!(
        list.len() >= 2 && list.len() < 1 + seeds.clone().count(),
        "killed in the middle of the batch: {} productions",
        list.len()
    );
    assert_eq!(list[0].sha256, sha, "the first production is still there");
    for p in &list {
        assert_eq!(
            case.stored_pages(p.id).unwrap(),
            p.pages,
            "{} whole",
            p.path.display()
        );
    }
    let kept = case.review_project().unwrap();
    assert_eq!(kept.reviewed, review.reviewed);
    assert_eq!(kept.tags, review.tags);
    assert!(case.search("Wescam", 5).unwrap().total > 0);
    drop(case);

    let (again, code) = add(&case_path, &[batch]);
    assert_eq!(code, 0, "{again}");
    assert_eq!(
        count(&again, "added") + count(&again, "already"),
        seeds.count()
    );
    assert_eq!(count(&again, "already"), list.len() - 1, "{again}");
    let case = Case::open(&case_path).unwrap();
    assert_eq!(case.productions().unwrap().len(), 7);
    assert_eq!(case.integrity_check().unwrap(), "ok");
}

/// `export CASE` gives what `export FILES --project` gives: the stored findings, the case's
/// review laid over them, each row citing the production's path, page and stamp.
#[test]
fn an_export_of_a_case_is_the_export_of_its_files_with_their_review() {
    let dir = common::temp_dir("case-export");
    let case_path = dir.join("c.dossier");
    let sample = common::sample("production.pdf");
    let (summary, _) = add(&case_path, std::slice::from_ref(&sample));
    let sha = summary["added"][0]["sha256"].as_str().unwrap().to_string();
    let mut review = Project::default();
    review
        .correction_mut(&review_key(&sha, "red-p1-1"))
        .dismissed = true;
    review.reviewed.insert(review_key(&sha, "red-p2-1"), true);
    let project = dir.join("review.json");
    review.save(&project).unwrap();
    Case::open(&case_path)
        .unwrap()
        .import_project(&review, "tester")
        .unwrap();
    let s = sample.to_str().unwrap();
    let mut csv_before = String::new();
    for format in ["csv", "json"] {
        let from_case = common::run_dossier(
            &["export", case_path.to_str().unwrap(), "--format", format],
            None,
        );
        let from_files = common::run_dossier(
            &[
                "export",
                s,
                "--format",
                format,
                "--ocr",
                "never",
                "--project",
                project.to_str().unwrap(),
            ],
            None,
        );
        if format == "csv" {
            assert_eq!(from_case, from_files);
            csv_before = from_case.clone();
            assert!(from_case.contains("A-2020-00417 - 000002"), "{from_case}");
        } else {
            let mut a: serde_json::Value = serde_json::from_str(&from_case).unwrap();
            let mut b: serde_json::Value = serde_json::from_str(&from_files).unwrap();
            for v in [&mut a, &mut b] {
                let f = v["files"][0].as_object_mut().unwrap();
                for k in ["redaction_stats", "ocr"] {
                    f.remove(k);
                }
            }
            assert_eq!(a, b);
            let dismissed = &a["files"][0]["review"]["dismissed"];
            assert_eq!(dismissed[0]["id"], "red-p1-1", "{dismissed}");
        }
    }

    // As if a former Dossier had analysed it: `reanalyse` analyses it again, the review stays.
    rusqlite::Connection::open(&case_path)
        .unwrap()
        .execute("UPDATE productions SET dossier_version = '0.0.1'", [])
        .unwrap();
    let c = case_path.to_str().unwrap();
    let out = common::run_dossier(&["case", "reanalyse", c, "--ocr", "never"], None);
    assert!(out.contains("analysed again 1 production"), "{out}");
    let out = common::run_dossier(&["case", "reanalyse", c, "--ocr", "never"], None);
    assert!(
        out.contains("analysed again 0 productions, 1 already analysed"),
        "{out}"
    );
    let case = Case::open(&case_path).unwrap();
    assert_eq!(case.integrity_check().unwrap(), "ok");
    assert_eq!(
        case.productions().unwrap()[0].dossier_version,
        env!("CARGO_PKG_VERSION")
    );
    assert!(case.search("Wescam", 5).unwrap().total > 0);
    let after = common::run_dossier(&["export", c, "--format", "csv"], None);
    assert_eq!(after, csv_before, "the same findings, the same review");
}

/// The registry given to `case add` is kept: `timeline CASE` is the timeline of the files with it,
/// and `case permits` lists the sample's links.
#[test]
fn a_case_keeps_its_registry_for_the_timeline_and_the_permits() {
    let dir = common::temp_dir("case-timeline");
    let case_path = dir.join("c.dossier");
    let sample = common::sample("production.pdf");
    let registry = common::sample("permits.csv");
    let ocr = no_ocr();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_add(
        &AddArgs {
            case: &case_path,
            paths: std::slice::from_ref(&sample),
            permits: Some(&registry),
            roster: None,
            ocr: &ocr,
            json: false,
        },
        &dossier::analysis::NoProgress,
        &mut out,
        &mut err,
    )
    .unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let from_case = common::run_dossier(&["timeline", case_path.to_str().unwrap()], None);
    let from_files = common::run_dossier(
        &[
            "timeline",
            sample.to_str().unwrap(),
            "--permits",
            registry.to_str().unwrap(),
            "--ocr",
            "never",
        ],
        None,
    );
    assert_eq!(from_case, from_files);
    let permits = Case::open(&case_path).unwrap().permits().unwrap();
    let p = permits
        .iter()
        .find(|p| p.permit == "EXP-2020-0517")
        .unwrap();
    assert!(!p.links.is_empty(), "{p:?}");
}

/// A page released in two productions under different stamps is one page twice; a case of
/// schema 1 (before fingerprints) is migrated and its pages fingerprinted when opened.
#[test]
fn a_page_released_twice_is_found_and_an_older_case_migrates() {
    let dir = common::temp_dir("case-duplicates");
    let email = [
        "From: Shalini Anand",
        "To: Katarina Vlasic",
        "Subject: Wescam sensors in Nagorno-Karabakh",
        "We reached out to the company about the images of the sensors found in the region.",
    ];
    let page = |lines: &[&str], stamp: &str| -> String {
        let mut c = String::new();
        for (i, l) in lines.iter().enumerate() {
            c.push_str(&pdfgen::show(72.0, 720.0 - 16.0 * i as f64, 11.0, l));
        }
        c + &pdfgen::show(460.0, 40.0, 9.0, stamp)
    };
    let other =
        ["A memo on something else entirely, with enough words to be compared at all, surely."];
    let a = dir.join("tranche-1.pdf");
    let b = dir.join("tranche-2.pdf");
    std::fs::write(
        &a,
        pdfgen::pages(&[
            page(&email, "A-2020-00417 - 000001"),
            page(&other, "A-2020-00417 - 000002"),
        ]),
    )
    .unwrap();
    std::fs::write(
        &b,
        pdfgen::pages(&[
            page(&["Cover letter"], "A-2021-00012 - 000001"),
            page(&email, "A-2021-00012 - 000002"),
        ]),
    )
    .unwrap();
    let case_path = dir.join("c.dossier");
    let (summary, code) = add(&case_path, &[a.clone(), b.clone()]);
    assert_eq!((count(&summary, "added"), code), (2, 0), "{summary}");
    let check = |case: &Case| {
        let dups = case.duplicates().unwrap();
        assert_eq!(dups.len(), 1, "{dups:#?}");
        let copies: Vec<(bool, u32, Option<&str>)> = dups[0]
            .copies
            .iter()
            .map(|c| {
                (
                    c.path.ends_with("tranche-1.pdf"),
                    c.page,
                    c.stamp.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            copies,
            [
                (true, 1, Some("A-2020-00417 - 000001")),
                (false, 2, Some("A-2021-00012 - 000002"))
            ]
        );
        assert_eq!(dups[0].first_line, "From: Shalini Anand");
    };
    check(&Case::open(&case_path).unwrap());

    // The same case as schema 1 wrote it: no fingerprint, text and findings in the clear.
    downgrade_to_schema_1(&case_path);
    let case = Case::open(&case_path).unwrap();
    assert_eq!(case.version().unwrap(), dossier::store::schema_version());
    assert_eq!(case.integrity_check().unwrap(), "ok");
    check(&case);
    let out = common::run_dossier(&["case", "duplicates", case_path.to_str().unwrap()], None);
    assert!(out.starts_with("1 page released more than once"), "{out}");
}

/// Rewrites a case of this build in the layout of schema 1 (the first released case: page text
/// in the clear under its FTS5 index, one row per finding, no fingerprints), version 1, as a case
/// written by that Dossier would be.
fn downgrade_to_schema_1(case_path: &Path) {
    let db = rusqlite::Connection::open(case_path).unwrap();
    dossier::store::blob::register(&db).unwrap();
    db.execute_batch(
        r#"
        CREATE TABLE pages1 (
            id INTEGER PRIMARY KEY,
            production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            stamp TEXT,
            text TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('text', 'ocr')),
            turn INTEGER NOT NULL DEFAULT 0,
            UNIQUE (production, number)
        );
        INSERT INTO pages1 SELECT id, production, number, stamp, inflate(body), source, turn FROM pages;
        DROP TABLE pages_fts;
        DROP VIEW page_text;
        DROP TABLE pages;
        ALTER TABLE pages1 RENAME TO pages;
        CREATE VIRTUAL TABLE pages_fts USING fts5(
            text, content = 'pages', content_rowid = 'id',
            tokenize = "unicode61 remove_diacritics 2"
        );
        CREATE TABLE findings (
            production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            page INTEGER,
            json TEXT NOT NULL,
            PRIMARY KEY (production, kind, id)
        );
        DROP TABLE identity_review;
        "#,
    )
    .unwrap();
    let pages: Vec<(i64, String)> = db
        .prepare("SELECT id, text FROM pages")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, text) in pages {
        db.execute(
            "INSERT INTO pages_fts(rowid, text) VALUES (?1, ?2)",
            rusqlite::params![id, dossier::textfold::fold_accents(&text)],
        )
        .unwrap();
    }
    let sets: Vec<(i64, String, Vec<u8>)> = db
        .prepare("SELECT production, kind, json FROM finding_sets")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (production, kind, json) in sets {
        let all: Vec<Box<serde_json::value::RawValue>> =
            serde_json::from_str(&dossier::store::blob::inflate(&json).unwrap()).unwrap();
        for (i, one) in all.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_str(one.get()).unwrap();
            let id = v["id"]
                .as_str()
                .map_or(format!("{kind}-{i}"), |s| format!("{s}#{i}"));
            let page = v["page"].as_i64().or(v["first_page"].as_i64());
            db.execute(
                "INSERT INTO findings(production, kind, id, page, json) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![production, kind, id, page, one.get()],
            )
            .unwrap();
        }
    }
    db.execute_batch("DROP TABLE finding_sets; PRAGMA user_version = 1; VACUUM;")
        .unwrap();
}

/// Everything a reader gets from a case: searches, findings of every kind, duplicates, people.
fn contents(case: &Case) -> serde_json::Value {
    let mut findings = Vec::new();
    for p in case.productions().unwrap() {
        for kind in [
            "redaction",
            "document",
            "person",
            "permit_link",
            "permit_candidate",
            "grounds",
        ] {
            findings.push(serde_json::json!({
                "production": p.sha256,
                "kind": kind,
                "json": case.findings_json(p.id, kind).unwrap(),
            }));
        }
        for n in 1..=p.pages as u32 {
            findings.push(serde_json::json!({
                "production": p.sha256,
                "page": n,
                "text": case.page_text(p.id, n).unwrap(),
            }));
        }
    }
    let searches: Vec<serde_json::Value> = [
        "\"export permit\"",
        "Francois",
        "Wescam",
        "suspend*",
        "Legault NOT sensors",
        "NEAR(permit Turkey, 5)",
    ]
    .iter()
    .map(|q| serde_json::to_value(case.search(q, 100).unwrap()).unwrap())
    .collect();
    serde_json::json!({
        "findings": findings,
        "searches": searches,
        "duplicates": serde_json::to_value(case.duplicates().unwrap()).unwrap(),
        "people": serde_json::to_value(case.people().unwrap()).unwrap(),
        "analyses": serde_json::to_value(case.analyses().unwrap()).unwrap(),
    })
}

/// A case written before the compact layout (schema 1) opens with this build: migrated in one
/// step, it gives the same search hits, findings, duplicates and people as the same files added
/// now, and is smaller.
#[test]
fn an_older_case_migrates_to_the_compact_layout_with_the_same_contents() {
    let dir = common::temp_dir("case-migrate");
    let case_path = dir.join("c.dossier");
    let sample = common::sample("production.pdf");
    let known = known_pdf(&dir);
    let copy = dir.join("again.pdf");
    // A page of the known file released again in another file.
    std::fs::write(
        &copy,
        pdfgen::pages(&[
            pdfgen::show(72.0, 720.0, 11.0, "Cover letter for the second release.")
                + &pdfgen::show(460.0, 40.0, 9.0, "A-2025-00001 - 000001"),
            pdfgen::show(72.0, 720.0, 11.0, KNOWN[1])
                + &pdfgen::show(
                    72.0,
                    700.0,
                    11.0,
                    "The file was released again in full, with its notes.",
                )
                + &pdfgen::show(460.0, 40.0, 9.0, "A-2025-00001 - 000002"),
        ]),
    )
    .unwrap();
    let mut original = known.clone();
    original.set_file_name("known-long.pdf");
    std::fs::write(
        &original,
        pdfgen::pages(&[pdfgen::show(72.0, 720.0, 11.0, KNOWN[1])
            + &pdfgen::show(
                72.0,
                700.0,
                11.0,
                "The file was released again in full, with its notes.",
            )
            + &pdfgen::show(460.0, 40.0, 9.0, "A-2024-00999 - 000001")]),
    )
    .unwrap();
    let (summary, code) = add(&case_path, &[sample, known, copy, original]);
    assert_eq!((count(&summary, "added"), code), (4, 0), "{summary}");
    let now = contents(&Case::open(&case_path).unwrap());
    assert!(!now["duplicates"].as_array().unwrap().is_empty(), "{now}");
    assert!(now["searches"][0]["total"].as_u64().unwrap() > 2);

    downgrade_to_schema_1(&case_path);
    let size_before = std::fs::metadata(&case_path).unwrap().len();
    let case = Case::open(&case_path).unwrap();
    assert_eq!(case.version().unwrap(), dossier::store::schema_version());
    assert_eq!(case.integrity_check().unwrap(), "ok");
    let migrated = contents(&case);
    // Findings compared as JSON values (the old layout holds the same objects).
    assert_eq!(migrated, now);
    drop(case);
    // The old tables are gone; VACUUM gives the space back (not done when migrating).
    let db = rusqlite::Connection::open(&case_path).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        !tables.iter().any(|t| t == "findings" || t == "pages_old"),
        "{tables:?}"
    );
    assert!(tables.iter().any(|t| t == "finding_sets") && tables.iter().any(|t| t == "page_text"));
    db.execute_batch("VACUUM").unwrap();
    drop(db);
    let size_after = std::fs::metadata(&case_path).unwrap().len();
    assert!(size_after < size_before, "{size_after} < {size_before}");
}

/// A stored page whose text blob is damaged is an error that says so, not a panic or garbage.
#[test]
fn a_damaged_blob_is_reported_as_such() {
    let dir = common::temp_dir("case-corrupt");
    let case_path = dir.join("c.dossier");
    add(&case_path, &[known_pdf(&dir)]);
    rusqlite::Connection::open(&case_path)
        .unwrap()
        .execute(
            "UPDATE pages SET body = x'78da0102030405' WHERE number = 2",
            [],
        )
        .unwrap();
    let case = Case::open(&case_path).unwrap();
    let id = case.productions().unwrap()[0].id;
    assert!(case.page_text(id, 1).unwrap().is_some());
    let e = case.page_text(id, 2).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e}");
    assert!(e.to_string().contains("damaged"), "{e}");
    // A search whose snippet needs that page fails with a message, not a crash.
    assert!(case.search("Aberg", 5).is_err());
    assert!(case.search("sensors", 5).is_ok());
}

/// Page 1 of `pdf` drawn by hayro in grey at `dpi`: `(width, height, pixels)`.
fn render_gray(pdf: Vec<u8>, dpi: f32) -> (u32, u32, Vec<u8>) {
    let pdf = hayro::hayro_syntax::Pdf::new(pdf).unwrap();
    let s = dpi / 72.0;
    let pix = hayro::render(
        &pdf.pages()[0],
        &hayro::RenderCache::new(),
        &hayro::hayro_interpret::InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: s,
            y_scale: s,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        },
    );
    let gray = pix
        .data_as_u8_slice()
        .chunks(4)
        .map(|p| ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8)
        .collect();
    (u32::from(pix.width()), u32::from(pix.height()), gray)
}

/// A scan of a letter-size page holding `lines` (Courier, as a typewriter or a fax gives it),
/// 100 dpi, moved `dx`, `dy` pixels on the glass, with dust (one dark speck in `speckle` pixels,
/// none for 0).
fn scan(lines: &[&str], dx: usize, dy: usize, speckle: u64) -> (u32, u32, Vec<u8>) {
    let mut ops = String::new();
    for (i, l) in lines.iter().enumerate() {
        let y = 700.0 - 18.0 * i as f64;
        ops += &format!("BT /F1 11 Tf 72 {y} Td ({}) Tj ET\n", pdfgen::escape(l));
    }
    let (w, h, clean) = render_gray(scanned_pdf(&[(1, 1, vec![255], ops)]), 100.0);
    let (wu, hu) = (w as usize, h as usize);
    let mut px = vec![255u8; wu * hu];
    for y in dy..hu {
        for x in dx..wu {
            px[y * wu + x] = clean[(y - dy) * wu + (x - dx)];
        }
    }
    if speckle > 0 {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for p in px.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if state.is_multiple_of(speckle) {
                *p = 40;
            }
        }
    }
    (w, h, px)
}

/// A PDF of scanned pages: each an 8-bit grey image over the whole letter page, then `extra`
/// content (release stamps are real text drawn over the scan).
fn scanned_pdf(pages: &[(u32, u32, Vec<u8>, String)]) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1",
    "BaseFont" => "Courier", "Encoding" => "WinAnsiEncoding" });
    let mut kids: Vec<Object> = Vec::new();
    for (w, h, pixels, extra) in pages {
        let image = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => i64::from(*w),
            "Height" => i64::from(*h), "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            pixels.clone(),
        ));
        let content = format!("q 612 0 0 792 0 0 cm /Im0 Do Q\n{extra}");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! {
                "XObject" => dictionary! { "Im0" => image },
                "Font" => dictionary! { "F1" => font },
            },
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn stamp(s: &str) -> String {
    format!("BT /F1 9 Tf 430 30 Td ({s}) Tj ET\n")
}

/// The same page scanned twice (moved on the glass, dusty the second time, stamped by each
/// release) in two productions is one page released twice, found by its picture; another scanned
/// letter of the same office is not, nor is a born-digital page.
#[test]
fn the_same_scan_in_two_productions_is_found_by_its_picture() {
    let (letter, other) = (prose_lines(1, 34), prose_lines(2, 34));
    let letter: Vec<&str> = letter.iter().map(String::as_str).collect();
    let other: Vec<&str> = other.iter().map(String::as_str).collect();
    let (w, h, first) = scan(&letter, 0, 0, 0);
    let (_, _, again) = scan(&letter, 3, 2, 211);
    let (_, _, different) = scan(&other, 0, 0, 0);
    let dir = common::temp_dir("case-scans");
    let a = dir.join("release-a.pdf");
    let b = dir.join("release-b.pdf");
    std::fs::write(
        &a,
        scanned_pdf(&[
            (w, h, first, stamp("DFO-2019-0042 - 000001")),
            (w, h, different, stamp("DFO-2019-0042 - 000002")),
        ]),
    )
    .unwrap();
    std::fs::write(
        &b,
        scanned_pdf(&[
            (
                1,
                1,
                vec![255],
                stamp("DFO-2021-0107 - 000001")
                    + &pdfgen::show(72.0, 720.0, 11.0, "Second release, as asked for on appeal."),
            ),
            (w, h, again, stamp("DFO-2021-0107 - 000002")),
        ]),
    )
    .unwrap();
    let case_path = dir.join("c.dossier");
    let (summary, code) = add(&case_path, &[a, b]);
    assert_eq!((count(&summary, "added"), code), (2, 0), "{summary}");
    let case = Case::open(&case_path).unwrap();
    let dups = case.duplicates().unwrap();
    assert_eq!(dups.len(), 1, "{dups:#?}");
    assert_eq!(dups[0].by, dossier::store::duplicates::By::Picture);
    let copies: Vec<(bool, u32, Option<&str>)> = dups[0]
        .copies
        .iter()
        .map(|c| {
            (
                c.path.ends_with("release-a.pdf"),
                c.page,
                c.stamp.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        copies,
        [
            (true, 1, Some("DFO-2019-0042 - 000001")),
            (false, 2, Some("DFO-2021-0107 - 000002"))
        ]
    );
    let out = common::run_dossier(&["case", "duplicates", case_path.to_str().unwrap()], None);
    assert!(out.starts_with("1 page released more than once"), "{out}");
    assert!(out.contains("2 copies (the same scan)"), "{out}");
}

/// `dossier ARGS`: exit code, stdout, stderr.
fn dossier(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(common::dossier_bin())
        .args(args)
        .env("DOSSIER_CACHE_DIR", common::temp_dir("case-cli-cache"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An e-mail page of a harbour authority, from `from` to `to`.
fn harbour_email(from: &str, to: &str, subject: &str, body: &str, stamp: &str) -> String {
    let lines = [
        format!("From: {from}"),
        "Sent: Tuesday, March 2, 2021 10:12 AM".to_string(),
        format!("To: {to}"),
        format!("Subject: {subject}"),
        String::new(),
        body.to_string(),
    ];
    let mut c = String::new();
    for (i, l) in lines.iter().enumerate() {
        c.push_str(&pdfgen::show(72.0, 720.0 - 16.0 * i as f64, 11.0, l));
    }
    c + &pdfgen::show(460.0, 40.0, 9.0, stamp)
}

/// Two productions name one person two ways: merged once, `case people` lists one person with
/// both productions; a title corrected once shows in both productions' JSON export from the case;
/// a person dismissed once is left out of both. Names are matched whatever their case and accents;
/// an ambiguous or unknown name is an error listing the candidates.
#[test]
fn one_person_corrected_once_for_every_production() {
    let dir = common::temp_dir("case-identity");
    let a = dir.join("tranche-1.pdf");
    let b = dir.join("tranche-2.pdf");
    std::fs::write(
        &a,
        pdfgen::pages(&[harbour_email(
            "Marguerite Okafor",
            "Tomas Lindqvist",
            "Harbour dredging schedule",
            "The dredging of the north basin starts once the samples are tested.",
            "HA-2021-0007 - 000001",
        )]),
    )
    .unwrap();
    std::fs::write(
        &b,
        pdfgen::pages(&[harbour_email(
            "Maggie Okafor",
            "Tomas Lindqvist",
            "Harbour dredging update",
            "The samples are clean; the dredging of the north basin can start.",
            "HA-2022-0113 - 000001",
        )]),
    )
    .unwrap();
    let case_path = dir.join("c.dossier");
    let c = case_path.to_str().unwrap();
    let (summary, code) = add(&case_path, &[a, b]);
    assert_eq!((count(&summary, "added"), code), (2, 0), "{summary}");
    let people = Case::open(&case_path).unwrap().people().unwrap();
    let names: Vec<(&str, usize)> = people
        .iter()
        .map(|p| (p.name.as_str(), p.productions.len()))
        .collect();
    assert!(
        names.contains(&("Marguerite Okafor", 1)) && names.contains(&("Maggie Okafor", 1)),
        "{names:?}"
    );

    // "Okafor" names two people yet: an error that lists both.
    let (code, out, err) = dossier(&["case", "correct-person", c, "Okafor", "--title", "X"]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        err.contains("names 2 people")
            && err.contains("Marguerite Okafor")
            && err.contains("Maggie Okafor"),
        "{err}"
    );
    let (code, _, err) = dossier(&["case", "correct-person", c, "Nobody Atall", "--dismiss"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("no one in the case is named \"Nobody Atall\""),
        "{err}"
    );
    let (code, _, err) = dossier(&["case", "correct-person", c, "Maggie Okafor"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("nothing to correct"), "{err}");

    // Merged once, whatever the case of the names.
    let (code, out, err) = dossier(&[
        "case",
        "correct-person",
        c,
        "maggie OKAFOR",
        "--same-as",
        "Marguerite Okafor",
        "--reviewer",
        "Ana Ruiz",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("one person with Marguerite Okafor"), "{out}");
    let case = Case::open(&case_path).unwrap();
    let okafor: Vec<_> = case
        .people()
        .unwrap()
        .into_iter()
        .filter(|p| p.name.contains("Okafor"))
        .collect();
    assert_eq!(okafor.len(), 1, "{okafor:#?}");
    assert_eq!(okafor[0].productions.len(), 2, "{okafor:#?}");
    assert_eq!(okafor[0].names, ["Maggie Okafor", "Marguerite Okafor"]);
    let reviews = case.identity_reviews().unwrap();
    assert!(reviews.values().all(|r| r.who == "Ana Ruiz"), "{reviews:?}");
    let (_, listed, _) = dossier(&["case", "people", c]);
    assert!(listed.contains("Okafor — 2 productions"), "{listed}");

    // A title corrected once: "Okafor" is one person now.
    let (code, out, err) = dossier(&[
        "case",
        "correct-person",
        c,
        "Okafor",
        "--title",
        "Harbour Master",
        "--organization",
        "Port Alberni Harbour Authority",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("title \"Harbour Master\""), "{out}");
    // And someone dismissed once.
    let (code, _, err) = dossier(&["case", "correct-person", c, "tomas lindqvist", "--dismiss"]);
    assert_eq!(code, Some(0), "{err}");

    let json: serde_json::Value = serde_json::from_str(&common::run_dossier(
        &["export", c, "--format", "json"],
        None,
    ))
    .unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        let officials = f["officials"].as_array().unwrap();
        let o = officials
            .iter()
            .find(|o| o["name"].as_str().unwrap().contains("Okafor"))
            .unwrap_or_else(|| panic!("{f}"));
        assert_eq!(o["title"], "Harbour Master", "{o}");
        assert_eq!(o["organization"], "Port Alberni Harbour Authority", "{o}");
        assert!(
            !officials
                .iter()
                .any(|o| o["name"].as_str().unwrap().contains("Lindqvist")),
            "dismissed: {officials:?}"
        );
    }
    let case = Case::open(&case_path).unwrap();
    let people = case.people().unwrap();
    assert!(
        !people.iter().any(|p| p.name.contains("Lindqvist")),
        "{people:#?}"
    );
    let okafor = people.iter().find(|p| p.name.contains("Okafor")).unwrap();
    assert_eq!(okafor.titles, ["Harbour Master"]);
    // Taken back: listed again.
    let (code, _, err) = dossier(&["case", "correct-person", c, "Lindqvist", "--restore"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        Case::open(&case_path)
            .unwrap()
            .people()
            .unwrap()
            .iter()
            .any(|p| p.name == "Tomas Lindqvist" && p.productions.len() == 2)
    );
}

/// A scanned letter of `n` lines of prose after a header, in the style of a regional office.
fn prose_lines(seed: u64, n: usize) -> Vec<String> {
    let words = [
        "harbour",
        "basin",
        "dredging",
        "sediment",
        "samples",
        "permit",
        "north",
        "south",
        "silt",
        "curtain",
        "metals",
        "laboratory",
        "results",
        "office",
        "before",
        "work",
        "tide",
        "channel",
        "vessel",
        "berth",
        "survey",
        "depth",
        "marker",
        "buoy",
        "inspection",
        "and",
        "the",
        "of",
        "to",
        "in",
        "for",
        "with",
        "once",
        "after",
        "is",
        "are",
    ];
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let mut out = vec![
        "DEPARTMENT OF FISHERIES - PACIFIC REGION".to_string(),
        String::new(),
        format!("File {}-{}", 1000 + next(8999), next(99)),
        String::new(),
    ];
    for _ in 0..n {
        let len = 20 + next(60);
        let mut line = String::new();
        while line.len() < len {
            line.push_str(words[next(words.len())]);
            line.push(' ');
        }
        if next(6) == 0 {
            line.clear();
        }
        out.push(line.trim_end().to_string());
    }
    out
}

#[test]
fn correct_person_on_a_postgresql_url_says_it_is_not_there_yet_without_the_password() {
    let (code, out, err) = dossier(&[
        "case",
        "correct-person",
        "postgres://ana:s3cret-pw@127.0.0.1:1/inquiry",
        "Jane Roe",
        "--title",
        "Director",
    ]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains("not available on a PostgreSQL case"), "{err}");
    assert!(
        !err.contains("s3cret-pw") && !out.contains("s3cret-pw"),
        "{err}"
    );
}

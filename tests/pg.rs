//! A team's case on PostgreSQL (issue 19), against a real server: the one `.ci/run` starts
//! (`DOSSIER_PG_URL` and friends, see `.ci/pg-start`), else one these tests start themselves with
//! `.ci/pg-start` (stopped when the test process ends); without PostgreSQL installed they skip,
//! saying so. Each test works in a database of its own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use dossier::cli::case::{AddArgs, SearchArgs};
use dossier::geometry::Rect;
use dossier::ocr::{OcrMode, OcrOptions};
use dossier::project::review::Correction;
use dossier::project::{Project, TagKind, review_key};
use dossier::store::Case;
use dossier::store::engine::{self, CaseStore};
use dossier::store::pg::review::Edit;
use dossier::store::pg::{PgCase, PgError};

use crate::common::{self, pdfgen, production};

/// The test server's URLs (passwords included: test-only, throwaway).
struct Server {
    owner: String,
    writer: String,
    reader: String,
    admin: String,
    root_cert: Option<String>,
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();

fn from_exports(text: &str) -> std::collections::HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
        .collect()
}

fn start_server() -> Option<Server> {
    let env = |k: &str| std::env::var(k).ok();
    if let (Some(owner), Some(admin)) = (env("DOSSIER_PG_URL"), env("DOSSIER_PG_ADMIN_URL")) {
        return Some(Server {
            writer: env("DOSSIER_PG_URL2").unwrap_or_else(|| owner.clone()),
            reader: env("DOSSIER_PG_RO_URL").unwrap_or_else(|| owner.clone()),
            root_cert: env("DOSSIER_PG_ROOT_CERT"),
            owner,
            admin,
        });
    }
    let port = 55000 + std::process::id() % 2000;
    let out = Command::new("bash")
        .arg(common::root().join(".ci/pg-start"))
        .arg(port.to_string())
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "pg-start failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    let vars = from_exports(&String::from_utf8_lossy(&out.stdout));
    let dir = vars.get("DOSSIER_PG_DIR")?.clone();
    // Stops the cluster when this test process is gone.
    let script = format!(
        "while kill -0 {} 2>/dev/null; do sleep 1; done; bash '{}' '{dir}'",
        std::process::id(),
        common::root().join(".ci/pg-stop").display()
    );
    Command::new("bash")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    Some(Server {
        owner: vars.get("DOSSIER_PG_URL")?.clone(),
        writer: vars.get("DOSSIER_PG_URL2")?.clone(),
        reader: vars.get("DOSSIER_PG_RO_URL")?.clone(),
        admin: vars.get("DOSSIER_PG_ADMIN_URL")?.clone(),
        root_cert: vars.get("DOSSIER_PG_ROOT_CERT").cloned(),
    })
}

fn server() -> Option<&'static Server> {
    SERVER.get_or_init(start_server).as_ref()
}

macro_rules! need_server {
    () => {
        match server() {
            Some(s) => s,
            None => {
                eprintln!(
                    "skipped: no PostgreSQL server (set DOSSIER_PG_URL and DOSSIER_PG_ADMIN_URL, or install Debian's postgresql so that .ci/pg-start can start one)"
                );
                return;
            }
        }
    };
}

/// `url` on database `db` instead of its own.
fn on_db(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{db}")
}

/// A fresh database for one test; the case created in it by the owner, the writer and the
/// reader granted what their names say. The owner's URL.
fn fresh_case(s: &Server, name: &str) -> String {
    let db = format!("t_{name}");
    let mut admin = postgres::Client::connect(&s.admin, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {db} OWNER dossier_owner"))
        .unwrap();
    let url = on_db(&s.owner, &db);
    let mut case = PgCase::create_or_open(&url).unwrap();
    case.grant("dossier_writer", true).unwrap();
    case.grant("dossier_reader", false).unwrap();
    url
}

fn no_ocr() -> OcrOptions {
    OcrOptions {
        mode: OcrMode::Never,
        ..OcrOptions::default()
    }
}

/// `case add` in process through the storage trait; its JSON summary and exit code.
fn add(location: &str, paths: &[PathBuf], store_pdf: bool) -> (serde_json::Value, u8) {
    let ocr = no_ocr();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dossier::cli::pg::run_add(
        &AddArgs {
            case: Path::new(location),
            paths,
            permits: None,
            roster: None,
            ocr: &ocr,
            json: true,
        },
        store_pdf,
        &dossier::analysis::NoProgress,
        &mut out,
        &mut err,
    )
    .unwrap();
    assert!(
        String::from_utf8_lossy(&out)
            .find("dossier-test-")
            .is_none(),
        "no password in the output"
    );
    (
        serde_json::from_slice(&out)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&err))),
        code,
    )
}

/// A memo in a layout of its own: four pages whose words the test knows.
const MEMO: [&str; 4] = [
    "Briefing note for the Deputy Minister: the licence for thermal cameras stays suspended.",
    "Hélène Côté of the export controls division reviewed the licence file EXP-2021-0042.",
    "The suspended licence was raised again with Zoë Ørsted, who asked for the end-use certificate.",
    "Nothing further on cameras; see annex s.15(1) for the withheld advice.",
];

fn memo_pdf(dir: &Path) -> PathBuf {
    let pages: Vec<String> = MEMO
        .iter()
        .enumerate()
        .map(|(i, line)| {
            pdfgen::show(90.0, 700.0, 10.0, line)
                + &pdfgen::show(
                    250.0,
                    30.0,
                    8.0,
                    &format!("GAC-REL-2023-118 / {:04}", i + 1),
                )
        })
        .collect();
    let path = dir.join("memo.pdf");
    std::fs::write(&path, pdfgen::pages(&pages)).unwrap();
    path
}

fn sqlite_hits(file: &Path, q: &str) -> dossier::store::search::Hits {
    Case::open(file).unwrap().search(q, 100).unwrap()
}

fn pages_of(h: &dossier::store::search::Hits) -> BTreeSet<(String, u32)> {
    h.hits.iter().map(|h| (h.path.clone(), h.page)).collect()
}

#[test]
fn the_same_productions_give_the_same_pages_on_both_engines() {
    let s = need_server!();
    let url = fresh_case(s, "same_pages");
    let dir = common::temp_dir("pg-same-pages");
    let files = vec![common::sample("production.pdf"), memo_pdf(&dir), {
        let p = dir.join("generated.pdf");
        std::fs::write(&p, production::generate(7).pdf).unwrap();
        p
    }];
    let (summary, code) = add(&url, &files, false);
    assert_eq!((code, summary["added"].as_array().unwrap().len()), (0, 3));
    let file = dir.join("same.dossier");
    let (summary, code) = add(file.to_str().unwrap(), &files, false);
    assert_eq!((code, summary["added"].as_array().unwrap().len()), (0, 3));

    let mut pg = PgCase::open(&url).unwrap();
    let sqlite = Case::open(&file).unwrap();
    let queries = [
        "licence",
        "\"export permit\"",
        "export permit",
        "suspend*",
        "Helene Cote",
        "\"zoë ørsted\"",
        "EXP-2021-0042",
        "\"s.15(1)\"",
        "s.15",
        "licence NOT cameras",
        "cameras OR Wescam",
        "(cameras OR Turkey) AND suspended",
        "NEAR(licence suspended, 3)",
        "NEAR(\"export permit\" Turkey, 10)",
        "minist* AND deputy",
        "Champagne",
        "the",
    ];
    let mut found = 0;
    for q in queries {
        let a = sqlite.search(q, 10_000).unwrap();
        let b = pg.search(q, 10_000).unwrap();
        assert_eq!(pages_of(&b), pages_of(&a), "{q}");
        assert_eq!(b.total, a.total, "{q}");
        found += a.total;
        for h in &b.hits {
            assert!(
                h.snippet.contains('[') && h.snippet.contains(']'),
                "{q}: {h:?}"
            );
        }
    }
    assert!(found > 50, "the queries find pages: {found}");
    // Stamps and documents come along; accents folded both ways; the match is marked.
    let h = pg.search("Helene Cote", 5).unwrap();
    assert_eq!(h.total, 1);
    assert_eq!(h.hits[0].page, 2);
    let on_file = sqlite_hits(&file, "Helene Cote");
    assert_eq!(h.hits[0].stamp, on_file.hits[0].stamp);
    assert!(
        h.hits[0]
            .stamp
            .as_deref()
            .is_some_and(|s| s.ends_with("0002")),
        "{h:?}"
    );
    assert!(
        h.hits[0].snippet.contains("[Helene] [Cote]"),
        "{:?}",
        h.hits[0]
    );
    let r = pg.search("thermal cameras", 5).unwrap();
    assert!(
        r.total >= 1 && r.hits.iter().all(|h| h.path.ends_with("memo.pdf")),
        "{r:?}"
    );
    // A query that is not one is the user's error, on both engines.
    for bad in ["\"unclosed", "NOT alone"] {
        let e = pg.search(bad, 5).unwrap_err();
        assert!(matches!(e, PgError::Query(_)), "{bad}: {e}");
    }
    // People, permits and duplicates as the SQLite case lists them.
    let mut sq: Box<dyn CaseStore> = Box::new(sqlite);
    let mut pgs: Box<dyn CaseStore> = Box::new(pg);
    let names = |v: Vec<dossier::store::people::CasePerson>| -> Vec<(String, usize, usize)> {
        v.into_iter()
            .map(|p| (p.identity, p.productions.len(), p.pages))
            .collect()
    };
    assert_eq!(names(pgs.people().unwrap()), names(sq.people().unwrap()));
    assert_eq!(pgs.permits().unwrap(), sq.permits().unwrap());
    assert_eq!(
        pgs.duplicates().unwrap().len(),
        sq.duplicates().unwrap().len()
    );
    // And the analyses rebuilt from each engine are the same.
    let strip = |v: Vec<dossier::FileAnalysis>| -> Vec<String> {
        v.into_iter()
            .map(|a| {
                serde_json::to_string(&(
                    a.sha256,
                    a.redactions,
                    a.documents,
                    a.officials,
                    a.page_labels,
                ))
                .unwrap()
            })
            .collect()
    };
    assert_eq!(
        strip(pgs.analyses().unwrap()),
        strip(sq.analyses().unwrap())
    );
}

#[test]
fn the_cli_takes_a_url_and_never_prints_its_password() {
    let s = need_server!();
    let url = fresh_case(s, "cli");
    let dir = common::temp_dir("pg-cli");
    let memo = memo_pdf(&dir);
    let out = Command::new(common::dossier_bin())
        .args(["case", "add", &url])
        .arg(&memo)
        .args(["--ocr", "never", "--store-pdf"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("added 1 production"), "{text}");
    assert!(
        !text.contains("dossier-test-"),
        "the password is hidden: {text}"
    );
    assert!(text.contains(":***@"), "{text}");
    let list = common::run_dossier(&["case", "list", &url], None);
    assert!(
        list.contains("memo.pdf") && !list.contains("dossier-test-"),
        "{list}"
    );
    let hits = common::run_dossier(&["search", &url, "\"thermal cameras\"", "--json"], None);
    let v: serde_json::Value = serde_json::from_str(&hits).unwrap();
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["hits"][0]["page"], 1);
    assert!(
        v["hits"][0]["stamp"].as_str().unwrap().ends_with("0001"),
        "{v}"
    );
    // The PDF was kept (--store-pdf), byte for byte.
    let mut case = PgCase::open(&url).unwrap();
    let id = case.productions().unwrap()[0].id;
    assert_eq!(
        case.pdf(id).unwrap().unwrap(),
        std::fs::read(&memo).unwrap()
    );
    // A wrong password: refused, and not echoed.
    let bad = url.replacen("dossier-test-", "wrong-secret-", 1);
    let out = Command::new(common::dossier_bin())
        .args(["case", "list", &bad])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot connect") && !err.contains("wrong-secret-"),
        "{err}"
    );
}

#[test]
fn two_machines_adding_the_same_production_store_it_once() {
    let s = need_server!();
    let url = fresh_case(s, "same_twice");
    let dir = common::temp_dir("pg-same-twice");
    let p = dir.join("g.pdf");
    std::fs::write(&p, production::generate(11).pdf).unwrap();
    let a = dossier::analyze_file(
        &p,
        &dossier::Options {
            ocr: no_ocr(),
            ..Default::default()
        },
        &dossier::analysis::NoProgress,
    )
    .unwrap();
    let size = std::fs::metadata(&p).unwrap().len();
    let writers: Vec<_> = [
        s.owner.clone(),
        s.writer.clone(),
        s.owner.clone(),
        s.writer.clone(),
    ]
    .into_iter()
    .map(|u| {
        let url = on_db(&u, "t_same_twice");
        let a = a.clone();
        std::thread::spawn(move || {
            let mut c = PgCase::open(&url).unwrap();
            c.add_production(&a, size, None).unwrap()
        })
    })
    .collect();
    let ids: Vec<Option<i64>> = writers.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(ids.iter().filter(|i| i.is_some()).count(), 1, "{ids:?}");
    let mut c = PgCase::open(&url).unwrap();
    let list = c.productions().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(c.stored_pages(list[0].id).unwrap(), list[0].pages);
}

#[test]
fn a_stale_review_change_is_refused_with_the_other_reviewers_change() {
    let s = need_server!();
    let url = fresh_case(s, "stale");
    let mut ann = PgCase::open(&url).unwrap();
    let mut bob = PgCase::open(&on_db(&s.writer, "t_stale")).unwrap();
    let mut watcher = PgCase::open(&url).unwrap();
    watcher.listen().unwrap();
    let (file, finding) = ("0123456789abcdef", "red-p3-1");
    // Both read version 0; Ann writes first.
    let read = bob.review_state(file, finding).unwrap();
    assert!(read.is_none());
    let v = ann
        .edit(file, finding, 0, &Edit::Reviewed(true), Some("Ann Analyst"))
        .unwrap();
    assert_eq!(v, 1);
    let dismiss = Edit::Correct(Correction {
        dismissed: true,
        note: "a table border".into(),
        ..Correction::default()
    });
    let e = bob.edit(file, finding, 0, &dismiss, None).unwrap_err();
    let PgError::Conflict(c) = &e else {
        panic!("{e}")
    };
    assert_eq!((c.expected, c.current.version), (0, 1));
    assert_eq!(c.current.who, "Ann Analyst");
    assert_eq!(c.current.what, "reviewed");
    assert!(e.to_string().contains("was changed by Ann Analyst"), "{e}");
    // Bob sees Ann's change and chooses to dismiss all the same, over version 1.
    let now = bob.review_state(file, finding).unwrap().unwrap();
    assert!(now.reviewed);
    assert_eq!(
        bob.edit(file, finding, now.version, &dismiss, None)
            .unwrap(),
        2
    );
    // Both changes are kept, with who and when; the current state has both.
    let h = ann.history(file, finding).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].who, "Ann Analyst");
    assert_eq!(
        (h[1].who.as_str(), h[1].role.as_str()),
        ("dossier_writer", "dossier_writer")
    );
    assert!(h[0].at <= h[1].at && h[1].at.ends_with('Z'));
    let p = ann.review_project().unwrap();
    let key = format!("{file}:{finding}");
    assert_eq!(p.reviewed.get(&key), Some(&true));
    assert!(p.corrections[&key].dismissed);
    // The watcher was told, and can read the changes by cursor.
    let mut ids = Vec::new();
    for _ in 0..50 {
        ids.extend(
            watcher
                .wait_for_changes(std::time::Duration::from_millis(200))
                .unwrap(),
        );
        if ids.len() >= 2 {
            break;
        }
    }
    assert_eq!(ids, vec![h[0].id, h[1].id]);
    let since = watcher.changes_since(h[0].id, 100).unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].what, "dismissed");
    // On the command line: every change with who and when; --follow waits for more, then stops.
    let printed = common::run_dossier(&["case", "changes", &url, "--follow", "1"], None);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    assert!(
        lines[0].contains("Ann Analyst") && lines[0].contains("reviewed"),
        "{printed}"
    );
    assert!(
        lines[1].contains("dossier_writer") && lines[1].contains("\"a table border\""),
        "{printed}"
    );
    let since = common::run_dossier(
        &[
            "case",
            "changes",
            &url,
            "--since",
            &h[0].id.to_string(),
            "--json",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(since.trim()).unwrap();
    assert_eq!(v["what"], "dismissed");
}

#[test]
fn a_read_only_role_searches_but_cannot_write() {
    let s = need_server!();
    let url = fresh_case(s, "read_only");
    let dir = common::temp_dir("pg-read-only");
    let memo = memo_pdf(&dir);
    assert_eq!(add(&url, std::slice::from_ref(&memo), false).1, 0);
    let ro = on_db(&s.reader, "t_read_only");
    let mut r = PgCase::open(&ro).unwrap();
    assert_eq!(r.search("licence", 10).unwrap().total, 3);
    assert_eq!(r.productions().unwrap().len(), 1);
    assert!(r.review_project().unwrap().reviewed.is_empty());
    let e = r
        .set_reviewed("0123456789abcdef", "red-p1-1", true, "intruder")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "read-only: dossier_reader may not write to this case ({})",
            r.location()
        )
    );
    assert!(!r.location().contains("dossier-test-"));
    // Adding through the CLI is refused with the same message, and nothing is written.
    let other = dir.join("g.pdf");
    std::fs::write(&other, production::generate(3).pdf).unwrap();
    let out = Command::new(common::dossier_bin())
        .args(["case", "add", &ro])
        .arg(&other)
        .args(["--ocr", "never"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("read-only: dossier_reader may not write"),
        "{err}"
    );
    assert_eq!(PgCase::open(&url).unwrap().productions().unwrap().len(), 1);
}

#[test]
fn credentials_come_from_a_password_file_and_tls_is_required_or_verified() {
    let s = need_server!();
    let url = fresh_case(s, "creds");
    // postgres://user:password@host:port/db
    let rest = url.strip_prefix("postgres://").unwrap();
    let (userinfo, hostpart) = rest.split_once('@').unwrap();
    let (user, password) = userinfo.split_once(':').unwrap();
    let (hostport, db) = hostpart.split_once('/').unwrap();
    let (host, port) = hostport.split_once(':').unwrap();
    let dir = common::temp_dir("pg-creds");
    let passfile = dir.join("pgpass");
    std::fs::write(
        &passfile,
        format!("# test\n{host}:{port}:{db}:{user}:{password}\n"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let no_password = format!(
        "postgres://{user}@{hostport}/{db}?passfile={}",
        passfile.display()
    );
    if std::env::var_os("PGPASSWORD").is_none() {
        let c = PgCase::open(&no_password).unwrap();
        assert_eq!(c.role(), user);
        // Without the file (and PGPASSWORD): no password, no connection.
        let none = format!(
            "postgres://{user}@{hostport}/{db}?passfile={}",
            dir.join("none").display()
        );
        assert!(matches!(PgCase::open(&none), Err(PgError::Connect { .. })));
    } else {
        eprintln!("PGPASSWORD is set: the password file part is skipped");
    }
    // TLS: required (the server's certificate is self-signed, not checked), then verified.
    let mut c = PgCase::open(&format!("{url}?sslmode=require")).unwrap();
    assert!(c.tls_in_use().unwrap(), "sslmode=require encrypts");
    let mut plain = PgCase::open(&format!("{url}?sslmode=disable")).unwrap();
    assert!(!plain.tls_in_use().unwrap());
    let local = url.replacen(host, "localhost", 1);
    let e = PgCase::open(&format!("{local}?sslmode=verify-full")).unwrap_err();
    assert!(
        matches!(e, PgError::Connect { .. }),
        "an untrusted certificate is refused: {e}"
    );
    if let Some(root) = &s.root_cert {
        let mut v =
            PgCase::open(&format!("{local}?sslmode=verify-full&sslrootcert={root}")).unwrap();
        assert!(v.tls_in_use().unwrap());
    }
}

#[test]
fn a_newer_schema_is_refused_and_an_empty_database_is_no_case() {
    let s = need_server!();
    let url = fresh_case(s, "newer");
    let mut direct = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    direct
        .batch_execute("INSERT INTO dossier_schema(version) VALUES (99)")
        .unwrap();
    let e = PgCase::open(&url).unwrap_err();
    assert!(
        e.to_string()
            .contains("written by a newer Dossier (case schema 99"),
        "{e}"
    );
    let mut admin = postgres::Client::connect(&s.admin, postgres::NoTls).unwrap();
    admin
        .batch_execute("DROP DATABASE IF EXISTS t_empty WITH (FORCE)")
        .unwrap();
    admin
        .batch_execute("CREATE DATABASE t_empty OWNER dossier_owner")
        .unwrap();
    let e = PgCase::open(&on_db(&s.owner, "t_empty")).unwrap_err();
    assert!(matches!(e, PgError::Missing(_)), "{e}");
    let out = Command::new(common::dossier_bin())
        .args(["search", &on_db(&s.owner, "t_empty"), "x"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no case in this database") && !err.contains("dossier-test-"),
        "{err}"
    );
}

#[test]
fn a_case_copies_to_postgresql_and_back_with_every_review_mark() {
    let s = need_server!();
    let url = fresh_case(s, "copy");
    let dir = common::temp_dir("pg-copy");
    let file = dir.join("first.dossier");
    let memo = memo_pdf(&dir);
    let sample = common::sample("production.pdf");
    let (summary, _) = add(file.to_str().unwrap(), &[sample.clone(), memo], false);
    let sha = summary["added"][0]["sha256"].as_str().unwrap().to_string();
    let mut review = Project::default();
    review.reviewed.insert(review_key(&sha, "red-p1-1"), true);
    review.reviewed.insert(review_key(&sha, "red-p2-1"), true);
    review.corrections.insert(
        review_key(&sha, "red-p3-1"),
        Correction {
            codes: Some(vec!["s.19(1)".into()]),
            note: "stamp reads 19".into(),
            ..Correction::default()
        },
    );
    review.add_tag(
        &sha,
        4,
        Rect::new(20.0, 30.0, 90.0, 44.0),
        TagKind::Official,
        "who signed?",
        "J. Doe",
    );
    review.notes = "Ask the department about the annex.".into();
    Case::open(&file)
        .unwrap()
        .import_project(&review, "Clerk")
        .unwrap();

    let out = common::run_dossier(&["case", "copy", file.to_str().unwrap(), &url], None);
    assert!(
        out.contains("copied 2 productions") && !out.contains("dossier-test-"),
        "{out}"
    );
    let back = dir.join("back.dossier");
    let out = common::run_dossier(&["case", "copy", &url, back.to_str().unwrap()], None);
    assert!(out.contains("copied 2 productions"), "{out}");

    let mut first: Box<dyn CaseStore> = Box::new(Case::open(&file).unwrap());
    let mut pg: Box<dyn CaseStore> = Box::new(PgCase::open(&url).unwrap());
    let mut last: Box<dyn CaseStore> = Box::new(Case::open(&back).unwrap());
    for other in [&mut pg, &mut last] {
        let (a, b) = (
            first.review_project().unwrap(),
            other.review_project().unwrap(),
        );
        assert_eq!(a.reviewed, b.reviewed);
        assert_eq!(a.corrections, b.corrections);
        assert_eq!(a.tags, b.tags);
        assert_eq!(a.notes, b.notes);
        let who: Vec<String> = other.marks().unwrap().into_iter().map(|m| m.who).collect();
        assert!(who.iter().all(|w| w == "Clerk"), "{who:?}");
        let ps = |s: &mut Box<dyn CaseStore>| -> Vec<(String, i64)> {
            s.productions()
                .unwrap()
                .into_iter()
                .map(|p| (p.sha256, p.pages))
                .collect()
        };
        assert_eq!(ps(other), ps(&mut first));
        for q in ["\"export permit\"", "licence", "Helene"] {
            assert_eq!(
                pages_of(&other.search(q, 1000).unwrap()),
                pages_of(&first.search(q, 1000).unwrap()),
                "{q}"
            );
        }
        let texts = |s: &mut Box<dyn CaseStore>| {
            let ids: Vec<i64> = s.productions().unwrap().iter().map(|p| p.id).collect();
            ids.into_iter()
                .map(|id| s.page_texts(id).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(other), texts(&mut first), "page texts word for word");
    }
    // Exports and the timeline read a URL as they read a case file: the same rows.
    for args in [
        &["export", "--format", "csv"][..],
        &["export", "--format", "log"][..],
        &["timeline"][..],
    ] {
        let with = |place: &str| {
            let mut a: Vec<&str> = args.to_vec();
            a.insert(1, place);
            common::run_dossier(&a, None)
        };
        let (from_url, from_file) = (with(&url), with(file.to_str().unwrap()));
        assert_eq!(from_url, from_file, "{args:?}");
        assert!(from_url.lines().count() > 1, "{args:?}: {from_url}");
    }
    // Copying again adds nothing.
    let again = engine::copy(first.as_mut(), pg.as_mut()).unwrap();
    assert_eq!((again.productions, again.already), (0, 2));
}

/// Four reviewers, each on a connection of its own, make 1,000 changes each to the same 20
/// findings; a change refused as stale is read again and made over the new version. Every
/// change is in the history, each finding's versions run 1..=n without a gap, and its current
/// state is its last change.
#[test]
fn four_reviewers_making_a_thousand_changes_each_lose_none() {
    let s = need_server!();
    let url = fresh_case(s, "load");
    let file = "feedfacecafebeef";
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let base = if w % 2 == 0 { &s.owner } else { &s.writer };
            let url = on_db(base, "t_load");
            std::thread::spawn(move || {
                let mut c = PgCase::open(&url).unwrap();
                let mut stale = 0;
                for i in 0..1000 {
                    let finding = format!("red-p{}-1", (i * 7 + w * 3) % 20 + 1);
                    let edit = Edit::Correct(Correction {
                        note: format!("w{w}-{i}"),
                        dismissed: i % 3 == 0,
                        ..Correction::default()
                    });
                    loop {
                        let v = c
                            .review_state(file, &finding)
                            .unwrap()
                            .map_or(0, |s| s.version);
                        match c.edit(file, &finding, v, &edit, Some(&format!("reviewer {w}"))) {
                            Ok(_) => break,
                            Err(PgError::Conflict(_)) => stale += 1,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
                stale
            })
        })
        .collect();
    let stale: usize = workers.into_iter().map(|t| t.join().unwrap()).sum();
    eprintln!("{stale} stale changes made again");
    let mut c = PgCase::open(&url).unwrap();
    let all = c.changes_since(0, 10_000).unwrap();
    assert_eq!(all.len(), 4000);
    let notes: BTreeSet<String> = all
        .iter()
        .map(|ch| ch.correction.as_ref().unwrap().note.clone())
        .collect();
    let expected: BTreeSet<String> = (0..4)
        .flat_map(|w| (0..1000).map(move |i| format!("w{w}-{i}")))
        .collect();
    assert_eq!(notes, expected, "every change is in the history");
    let current = c.review_project().unwrap();
    for n in 1..=20 {
        let finding = format!("red-p{n}-1");
        let h = c.history(file, &finding).unwrap();
        let versions: Vec<i32> = h.iter().map(|ch| ch.version).collect();
        assert_eq!(
            versions,
            (1..=i32::try_from(h.len()).unwrap()).collect::<Vec<_>>()
        );
        let last = h.last().unwrap();
        assert_eq!(
            current.corrections.get(&format!("{file}:{finding}")),
            last.correction.as_ref(),
            "{finding}: the current state is the last change"
        );
        assert!(last.who.starts_with("reviewer "));
    }
    let ids: Vec<i64> = all.iter().map(|ch| ch.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

/// kill -9 of a client in the middle of adding a batch: every production committed before is
/// whole, the review too; the one being written is not there at all; adding again completes.
#[test]
fn a_killed_client_loses_nothing_committed() {
    let s = need_server!();
    let url = fresh_case(s, "kill");
    let dir = common::temp_dir("pg-kill");
    let memo = memo_pdf(&dir);
    let (summary, code) = add(&url, std::slice::from_ref(&memo), false);
    assert_eq!(code, 0);
    let sha = summary["added"][0]["sha256"].as_str().unwrap().to_string();
    let mut c = PgCase::open(&url).unwrap();
    c.set_reviewed(&sha[..16], "red-p4-1", true, "Clerk")
        .unwrap();
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).unwrap();
    let seeds = 40..46u64;
    for s in seeds.clone() {
        std::fs::write(batch.join(format!("p{s}.pdf")), production::generate(s).pdf).unwrap();
    }
    let mut child = Command::new(common::dossier_bin())
        .args(["case", "add", &url])
        .arg(&batch)
        .args(["--ocr", "never"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut polls = 0;
    while c.productions().unwrap().len() < 2 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "case add ended before a production was seen"
        );
        polls += 1;
        assert!(polls < 30_000, "no production of the batch committed");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let list = c.productions().unwrap();
    assert!(
        list.len() >= 2 && list.len() < 1 + seeds.clone().count(),
        "{}",
        list.len()
    );
    assert_eq!(list[0].sha256, sha);
    for p in &list {
        assert_eq!(
            c.stored_pages(p.id).unwrap(),
            p.pages,
            "{} whole",
            p.path.display()
        );
    }
    let p = c.review_project().unwrap();
    assert_eq!(p.reviewed.len(), 1);
    let (again, code) = add(&url, &[batch], false);
    assert_eq!(code, 0, "{again}");
    assert_eq!(again["already"].as_array().unwrap().len(), list.len() - 1);
    assert_eq!(c.productions().unwrap().len(), 1 + seeds.count());
}

#[test]
fn search_args_through_the_trait_on_a_case_file_too() {
    // The trait's commands work on a case file as well (no server needed).
    let dir = common::temp_dir("pg-trait-file");
    let file = dir.join("c.dossier");
    let memo = memo_pdf(&dir);
    let (_, code) = add(file.to_str().unwrap(), &[memo], false);
    assert_eq!(code, 0);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dossier::cli::pg::run_search(
        &SearchArgs {
            case: &file,
            query: Some("licence"),
            queries: None,
            json: true,
            limit: 10,
        },
        &mut out,
        &mut err,
    )
    .unwrap();
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["total"], 3);
}

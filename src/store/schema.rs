//! The case's schema as a list of migrations: step N (1-based) takes a case from
//! `PRAGMA user_version = N - 1` to `N`, in one transaction: its SQL, then its data move (Rust,
//! for what SQL alone cannot do: compressing, fingerprinting), then the new version. A step, once
//! released, is never edited: a change is a new step at the end.

use rusqlite::{Connection, params};

use super::{Result, blob};

/// One migration: SQL, then (when there is one) a data move over the same transaction.
pub struct Step {
    /// Run first.
    pub sql: &'static str,
    /// Run after `sql`, on the same transaction.
    pub data: Option<fn(&Connection) -> Result<()>>,
}

/// The migrations, in order.
pub const MIGRATIONS: &[Step] = &[
    Step {
        sql: STEP_1,
        data: None,
    },
    Step {
        sql: STEP_2,
        data: None,
    },
    Step {
        sql: STEP_3,
        data: Some(step_3_data),
    },
];

// 1: productions, their paths, page text (with its FTS5 index), findings, people and permit
// references for case-wide lists, the registry, the review layer.
const STEP_1: &str = r#"
CREATE TABLE productions (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    dossier_version TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE paths (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (production, path)
);
CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    stamp TEXT,
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('text', 'ocr')),
    turn INTEGER NOT NULL DEFAULT 0,
    UNIQUE (production, number)
);
CREATE VIRTUAL TABLE pages_fts USING fts5(
    text,
    content = 'pages',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);
-- The index holds each page's text with its accents folded (`textfold::fold_accents`: also the
-- letters unicode61 does not fold, ø, ł, ß, æ), written by the store beside each page row; snippets
-- read the page's own text (token for token the same words).
CREATE TABLE findings (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    page INTEGER,
    json TEXT NOT NULL,
    PRIMARY KEY (production, kind, id)
);
CREATE TABLE documents (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    first_page INTEGER NOT NULL,
    last_page INTEGER NOT NULL,
    subject TEXT,
    sender TEXT,
    date TEXT,
    PRIMARY KEY (production, id)
);
CREATE INDEX documents_pages ON documents(production, first_page, last_page);
CREATE TABLE people (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    identity TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    organization TEXT,
    is_official INTEGER NOT NULL,
    pages TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (production, id)
);
CREATE INDEX people_identity ON people(identity);
CREATE TABLE permit_refs (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    permit TEXT NOT NULL,
    page INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('link', 'candidate')),
    via TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (production, status, id)
);
CREATE INDEX permit_refs_permit ON permit_refs(permit);
CREATE TABLE registry (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    loaded TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    json TEXT NOT NULL
);
CREATE TABLE review (
    file TEXT NOT NULL,
    finding TEXT NOT NULL,
    reviewed INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0,
    correction TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (file, finding)
);
CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL,
    bbox TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    text TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"#;

// 2: a fingerprint of each page's words (stamp left out), for pages released more than once.
// (Filled for the pages written before by step 3.)
const STEP_2: &str = r#"
ALTER TABLE pages ADD COLUMN fingerprint TEXT;
CREATE INDEX pages_fingerprint ON pages(fingerprint);
"#;

// 3: a smaller case, pictures compared, identities reviewed case-wide.
// - Page text deflated (`pages.body`, zlib), read through the view `page_text(id, text)`
//   (`inflate(body)`, an SQL function every connection of Dossier has), which is the full-text
//   index's content table: snippets read the page's own text through it.
// - The words' fingerprint as an integer (the first 8 bytes of its SHA-256, big-endian).
// - `pages.picture`: a difference hash of a scanned page's picture (32 bytes), NULL for a page
//   that is not a picture (and for pages written before this step).
// - Findings as one deflated JSON array per (production, kind), in the analysis' order.
// - `identity_review`: corrections of a person made once for the whole case (merged into
//   another identity, dismissed, name, title or organisation corrected).
// The pages table is rebuilt (new layout) and its rows moved by `step_3_data`; the index is
// written again from the moved text.
const STEP_3: &str = r#"
DROP TABLE pages_fts;
DROP INDEX pages_fingerprint;
ALTER TABLE pages RENAME TO pages_old;
CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    stamp TEXT,
    source TEXT NOT NULL CHECK (source IN ('text', 'ocr')),
    turn INTEGER NOT NULL DEFAULT 0,
    fingerprint INTEGER,
    picture BLOB,
    body BLOB NOT NULL
);
CREATE UNIQUE INDEX pages_number ON pages(production, number);
CREATE INDEX pages_fingerprint ON pages(fingerprint) WHERE fingerprint IS NOT NULL;
CREATE VIEW page_text(id, text) AS SELECT id, inflate(body) FROM pages;
CREATE VIRTUAL TABLE pages_fts USING fts5(
    text,
    content = 'page_text',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TABLE finding_sets (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    json BLOB NOT NULL,
    PRIMARY KEY (production, kind)
) WITHOUT ROWID;
CREATE TABLE identity_review (
    identity TEXT PRIMARY KEY,
    same_as TEXT,
    dismissed INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    title TEXT,
    organization TEXT,
    note TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"#;

/// Step 3's data move: every page's text deflated into the new table, fingerprinted, indexed;
/// every finding into its (production, kind) array; then the old tables dropped.
fn step_3_data(conn: &Connection) -> Result<()> {
    {
        let mut old = conn.prepare(
            "SELECT id, production, number, stamp, text, source, turn FROM pages_old ORDER BY id",
        )?;
        let mut put = conn.prepare(
            "INSERT INTO pages(id, production, number, stamp, source, turn, fingerprint, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut index = conn.prepare("INSERT INTO pages_fts(rowid, text) VALUES (?1, ?2)")?;
        let mut rows = old.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let stamp: Option<String> = r.get(3)?;
            let text: String = r.get(4)?;
            let source: String = r.get(5)?;
            put.execute(params![
                id,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                stamp,
                source,
                r.get::<_, i64>(6)?,
                super::duplicates::fingerprint(&text, stamp.as_deref()),
                blob::deflate(text.as_bytes())?,
            ])?;
            index.execute(params![id, crate::textfold::fold_accents(&text)])?;
        }
    }
    {
        let mut old = conn.prepare(
            "SELECT production, kind, json FROM findings ORDER BY production, kind, rowid",
        )?;
        let mut put =
            conn.prepare("INSERT INTO finding_sets(production, kind, json) VALUES (?1, ?2, ?3)")?;
        let mut rows = old.query([])?;
        let mut set: Option<(i64, String, String)> = None;
        let mut flush = |set: Option<(i64, String, String)>| -> Result<()> {
            if let Some((production, kind, mut json)) = set {
                json.push(']');
                put.execute(params![production, kind, blob::deflate(json.as_bytes())?])?;
            }
            Ok(())
        };
        while let Some(r) = rows.next()? {
            let (production, kind, json): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            match &mut set {
                Some((p, k, all)) if *p == production && *k == kind => {
                    all.push(',');
                    all.push_str(&json);
                }
                _ => {
                    flush(set.take())?;
                    set = Some((production, kind, format!("[{json}")));
                }
            }
        }
        flush(set)?;
    }
    conn.execute_batch("DROP TABLE pages_old; DROP TABLE findings;")?;
    Ok(())
}

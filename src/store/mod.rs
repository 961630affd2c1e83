//! The case: every production of an inquiry in one SQLite file (WAL mode, schema migrations in
//! [`schema`]): productions and the paths they were seen under, page text (deflated, see
//! [`blob`]) with its FTS5 index, the findings as one deflated JSON array per (production, kind),
//! people and permit references laid out for case-wide lists, the permit registry as loaded, and
//! the review layer (tags, dismissals, corrections, reviewed marks, identities reviewed case-wide,
//! with who and when).
//!
//! Each production is written in one transaction ([`Case::add_production`]): a process killed
//! while adding loses only the production being written. Every statement is parameterised.

pub mod adding;
pub mod blob;
pub mod browse;
pub mod duplicates;
pub mod engine;
pub mod identities;
pub mod people;
pub mod pg;
pub mod review;
pub mod schema;
pub mod search;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};
use serde::Serialize;

use crate::analysis::FileAnalysis;
use crate::permits::Registry;

/// Why a case could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No case at the path (commands that only read do not create one).
    #[error("{}: no case here (create one with `dossier case add {} FILE...`)", .0.display(), .0.display())]
    Missing(PathBuf),
    /// The file is not a case (not an SQLite database, or one without Dossier's tables).
    #[error("{}: not a Dossier case ({})", .0.display(), .1)]
    NotACase(PathBuf, String),
    /// The case was written by a newer Dossier.
    #[error(
        "{}: written by a newer Dossier (case schema {found}; this one reads up to {known}): upgrade Dossier to open it",
        path.display()
    )]
    Newer {
        /// The case.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A search query that is not one.
    #[error("{0}")]
    Query(String),
    /// The database said no.
    #[error("case database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A stored finding or correction could not be written or read as JSON.
    #[error("case data: {0}")]
    Json(#[from] serde_json::Error),
    /// Stored data that is damaged (a blob that does not inflate, or not to text).
    #[error("case data is damaged: {0}")]
    Corrupt(String),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open case.
pub struct Case {
    conn: Connection,
    path: PathBuf,
}

/// A production as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Production {
    /// Row id in the case.
    pub id: i64,
    /// The path it was first added from.
    pub path: PathBuf,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// Page count.
    pub pages: i64,
    /// When it was added (UTC, ISO 8601).
    pub added: String,
    /// The Dossier version that analysed it.
    pub dossier_version: String,
    /// Other paths the same bytes were seen under.
    pub other_paths: Vec<PathBuf>,
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    i64::try_from(schema::MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// `u32`/`usize`/`u64` counts as SQLite integers (saturating: no count comes near).
fn int<T: TryInto<i64>>(n: T) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

impl Case {
    /// Opens the case at `path`, creating it when there is none, and migrates it to the schema
    /// of this build.
    pub fn create_or_open(path: &Path) -> Result<Case> {
        let conn = Connection::open(path)?;
        Case::setup(conn, path)
    }

    /// Opens an existing case (migrating it); [`StoreError::Missing`] when there is none.
    pub fn open(path: &Path) -> Result<Case> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        Case::setup(conn, path)
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Case> {
        let not_a_case = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                StoreError::NotACase(path.to_path_buf(), "not an SQLite database".into())
            }
            _ => StoreError::Db(e),
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        blob::register(&conn)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(not_a_case)?;
        let known = schema_version();
        if version > known {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known,
            });
        }
        if version == 0 {
            // A database of something else: tables but no schema version of ours.
            let tables: i64 = conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(StoreError::NotACase(
                    path.to_path_buf(),
                    "an SQLite database with other tables".into(),
                ));
            }
        }
        // WAL: readers never block the writer, a killed writer leaves the last commit whole.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            log::warn!("{}: journal mode {mode}, not WAL", path.display());
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        for (i, step) in schema::MIGRATIONS.iter().enumerate() {
            let to = int(i + 1);
            if to <= version {
                continue;
            }
            let tx = conn.transaction()?;
            tx.execute_batch(step.sql)?;
            if let Some(data) = step.data {
                data(&tx)?;
            }
            // A pragma takes no parameter; `to` is our own integer.
            tx.execute_batch(&format!("PRAGMA user_version = {to}"))?;
            tx.commit()?;
        }
        Ok(Case {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Where the case is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open case.
    pub fn version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// SQLite's `PRAGMA integrity_check` and FTS5's own check: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        let sqlite: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if sqlite != "ok" {
            return Ok(sqlite);
        }
        match self.conn.execute(
            // 0: the index's own structure (it holds folded text, so it is not compared with
            // the pages' own text, which it differs from by design).
            "INSERT INTO pages_fts(pages_fts, rank) VALUES ('integrity-check', 0)",
            [],
        ) {
            Ok(_) => Ok("ok".into()),
            Err(e) => Ok(format!("full-text index: {e}")),
        }
    }

    /// The production with these bytes, if the case holds it.
    pub fn production_id(&self, sha256: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM productions WHERE sha256 = ?1",
                params![sha256],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records that production `id` was seen under `path` (nothing when already recorded);
    /// returns the path it was first added from.
    pub fn record_path(&self, id: i64, path: &Path) -> Result<PathBuf> {
        let p = path.to_string_lossy();
        self.conn.execute(
            "INSERT OR IGNORE INTO paths(production, path) VALUES (?1, ?2)",
            params![id, p],
        )?;
        let first: String = self.conn.query_row(
            "SELECT path FROM productions WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        Ok(PathBuf::from(first))
    }

    /// Writes one analysed production (its `size` in bytes), in one transaction; its row id.
    pub fn add_production(&mut self, a: &FileAnalysis, size: u64) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let path = a.path.to_string_lossy();
        tx.execute(
            "INSERT INTO productions(path, sha256, size, pages, dossier_version, warnings)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                path,
                a.sha256,
                int(size),
                int(a.pages.len()),
                env!("CARGO_PKG_VERSION"),
                serde_json::to_string(&a.warnings)?,
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO paths(production, path) VALUES (?1, ?2)",
            params![id, path],
        )?;
        write_rows(&tx, id, a)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces what production `id` holds (pages, findings, people, permit references) with a
    /// new analysis of the same bytes, in one transaction. The review is keyed by file hash and
    /// finding id, not by row: it stays, and applies to the findings that keep their ids.
    pub fn replace_production(&mut self, id: i64, a: &FileAnalysis) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            // Out of the index first, with the words it was given.
            let mut pages = tx.prepare("SELECT id, body FROM pages WHERE production = ?1")?;
            let old = pages
                .query_map(params![id], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut unindex = tx.prepare(
                "INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', ?1, ?2)",
            )?;
            for (row, body) in old {
                let text = blob::inflate(&body)?;
                unindex.execute(params![row, crate::textfold::fold_accents(&text)])?;
            }
        }
        for table in [
            "pages",
            "finding_sets",
            "documents",
            "people",
            "permit_refs",
        ] {
            // Table names are ours, not data.
            tx.execute(
                &format!("DELETE FROM {table} WHERE production = ?1"),
                params![id],
            )?;
        }
        tx.execute(
            "UPDATE productions SET pages = ?2, dossier_version = ?3, warnings = ?4 WHERE id = ?1",
            params![
                id,
                int(a.pages.len()),
                env!("CARGO_PKG_VERSION"),
                serde_json::to_string(&a.warnings)?
            ],
        )?;
        write_rows(&tx, id, a)?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps the registry the productions were linked with (`source`: where it was read).
    pub fn save_registry(&self, source: &Path, registry: &Registry) -> Result<()> {
        self.conn.execute(
            "INSERT INTO registry(source, json) VALUES (?1, ?2)",
            params![source.to_string_lossy(), serde_json::to_string(registry)?],
        )?;
        Ok(())
    }

    /// The registry last loaded into the case, with where it was read from.
    pub fn registry(&self) -> Result<Option<(PathBuf, Registry)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT source, json FROM registry ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((source, json)) => Ok(Some((PathBuf::from(source), serde_json::from_str(&json)?))),
        }
    }

    /// Every production, in the order added.
    pub fn productions(&self) -> Result<Vec<Production>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, path, sha256, size, pages, added, dossier_version FROM productions ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Production {
                id: r.get(0)?,
                path: PathBuf::from(r.get::<_, String>(1)?),
                sha256: r.get(2)?,
                size: r.get(3)?,
                pages: r.get(4)?,
                added: r.get(5)?,
                dossier_version: r.get(6)?,
                other_paths: Vec::new(),
            })
        })?;
        let mut out = rows.collect::<rusqlite::Result<Vec<Production>>>()?;
        let mut aliases = self
            .conn
            .prepare("SELECT path FROM paths WHERE production = ?1 ORDER BY seen, path")?;
        for p in &mut out {
            let paths = aliases
                .query_map(params![p.id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            p.other_paths = paths
                .into_iter()
                .map(PathBuf::from)
                .filter(|x| *x != p.path)
                .collect();
        }
        Ok(out)
    }

    /// The number of pages stored for production `id` (what a reader can check against
    /// [`Production::pages`]).
    pub fn stored_pages(&self, id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM pages WHERE production = ?1",
            params![id],
            |r| r.get(0),
        )?)
    }

    /// The stored findings of production `id` of `kind` (`redaction`, `document`, `person`,
    /// `permit_link`, `permit_candidate`, `grounds`), as JSON, in the order the analysis gave them.
    pub fn findings_json(&self, id: i64, kind: &str) -> Result<Vec<String>> {
        let Some(json) = self.finding_set(id, kind)? else {
            return Ok(Vec::new());
        };
        let all: Vec<Box<serde_json::value::RawValue>> = serde_json::from_slice(&json)?;
        Ok(all.into_iter().map(|r| r.get().to_string()).collect())
    }

    /// The inflated JSON array of production `id`'s findings of `kind`.
    fn finding_set(&self, id: i64, kind: &str) -> Result<Option<Vec<u8>>> {
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT json FROM finding_sets WHERE production = ?1 AND kind = ?2",
                params![id, kind],
                |r| r.get(0),
            )
            .optional()?;
        blob.map(|b| blob::inflate_bytes(&b)).transpose()
    }

    /// Production `id`'s findings of `kind`, read as `T`.
    fn findings<T: serde::de::DeserializeOwned>(&self, id: i64, kind: &str) -> Result<Vec<T>> {
        match self.finding_set(id, kind)? {
            Some(json) => Ok(serde_json::from_slice(&json)?),
            None => Ok(Vec::new()),
        }
    }

    /// Every production as an analysis rebuilt from what the case stores: findings, stamps and
    /// warnings whole; each page carries its number and turn only (no text geometry, no OCR
    /// details), so statistics over page areas cannot be drawn from it.
    pub fn analyses(&self) -> Result<Vec<FileAnalysis>> {
        self.productions()?
            .into_iter()
            .map(|p| self.rebuild(p))
            .collect()
    }

    /// One production's analysis as the case keeps it (see [`Case::analyses`]).
    pub(crate) fn rebuild(&self, p: Production) -> Result<FileAnalysis> {
        let mut stmt = self.conn.prepare(
            "SELECT number, stamp, turn FROM pages WHERE production = ?1 ORDER BY number",
        )?;
        let rows = stmt
            .query_map(params![p.id], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, u16>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (pages, page_labels) = rows
            .into_iter()
            .map(|(number, stamp, turn)| {
                (
                    crate::pdf::PageModel {
                        number,
                        turn,
                        ..Default::default()
                    },
                    stamp,
                )
            })
            .unzip();
        let grounds = self
            .findings(p.id, "grounds")?
            .into_iter()
            .next()
            .unwrap_or_default();
        let warnings: String = self.conn.query_row(
            "SELECT warnings FROM productions WHERE id = ?1",
            params![p.id],
            |r| r.get(0),
        )?;
        Ok(FileAnalysis {
            path: p.path,
            sha256: p.sha256,
            pages,
            page_labels,
            documents: self.findings(p.id, "document")?,
            redactions: self.findings(p.id, "redaction")?,
            officials: self.findings(p.id, "person")?,
            permit_links: self.findings(p.id, "permit_link")?,
            permit_candidates: self.findings(p.id, "permit_candidate")?,
            grounds,
            warnings: serde_json::from_str(&warnings)?,
        })
    }

    /// The text of page `number` (1-based) of production `production`, as analysed (born-digital
    /// or OCR); `None` when the case holds no such page.
    pub fn page_text(&self, production: i64, number: u32) -> Result<Option<String>> {
        let body: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT body FROM pages WHERE production = ?1 AND number = ?2",
                params![production, number],
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| blob::inflate(&b)).transpose()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// The rows of one analysed production: pages (and their index), findings, documents, people,
/// permit references.
fn write_rows(tx: &rusqlite::Transaction<'_>, id: i64, a: &FileAnalysis) -> Result<()> {
    let mut page = tx.prepare(
        "INSERT INTO pages(production, number, stamp, source, turn, fingerprint, picture, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut index = tx.prepare("INSERT INTO pages_fts(rowid, text) VALUES (?1, ?2)")?;
    for p in &a.pages {
        let source = if p.ocr.is_some() || p.runs.iter().any(|r| r.is_ocr()) {
            "ocr"
        } else {
            "text"
        };
        let text = p.text();
        let stamp = a.label(p.number);
        page.execute(params![
            id,
            p.number,
            stamp,
            source,
            p.turn,
            duplicates::fingerprint(&text, stamp),
            p.picture.as_ref().map(|h| h.as_slice()),
            blob::deflate(text.as_bytes())?,
        ])?;
        index.execute(params![
            tx.last_insert_rowid(),
            crate::textfold::fold_accents(&text)
        ])?;
    }
    let mut set =
        tx.prepare("INSERT INTO finding_sets(production, kind, json) VALUES (?1, ?2, ?3)")?;
    let mut put = |kind: &str, json: Vec<u8>| -> Result<()> {
        set.execute(params![id, kind, blob::deflate(&json)?])?;
        Ok(())
    };
    put("redaction", serde_json::to_vec(&a.redactions)?)?;
    put("document", serde_json::to_vec(&a.documents)?)?;
    put("person", serde_json::to_vec(&a.officials)?)?;
    put("permit_link", serde_json::to_vec(&a.permit_links)?)?;
    put(
        "permit_candidate",
        serde_json::to_vec(&a.permit_candidates)?,
    )?;
    put("grounds", serde_json::to_vec(&[&a.grounds])?)?;

    let mut doc = tx.prepare(
            "INSERT OR IGNORE INTO documents(production, id, kind, first_page, last_page, subject, sender, date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
    for d in &a.documents {
        let kind = match d.kind {
            crate::documents::DocumentKind::Email => "e-mail",
            crate::documents::DocumentKind::Memo => "memo",
            crate::documents::DocumentKind::Other => "document",
        };
        doc.execute(params![
            id,
            d.id,
            kind,
            d.first_page,
            d.last_page,
            d.subject,
            d.from,
            d.date
        ])?;
    }
    let mut person = tx.prepare(
            "INSERT OR IGNORE INTO people(production, id, identity, name, title, organization, is_official, pages, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
    for o in &a.officials {
        person.execute(params![
            id,
            o.id,
            crate::officials::identity_key(&o.name),
            o.name,
            o.title,
            o.organization,
            o.is_official,
            serde_json::to_string(&o.pages)?,
            o.mentions
        ])?;
    }
    let mut permit = tx.prepare(
        "INSERT OR IGNORE INTO permit_refs(production, id, permit, page, status, via, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for l in a.permit_links.iter().chain(&a.permit_candidates) {
        permit.execute(params![
            id,
            crate::project::review::link_id(l),
            l.permit,
            l.page,
            l.status.as_str(),
            l.via.as_str(),
            l.evidence
        ])?;
    }
    Ok(())
}

/// Who is reviewing: the `--reviewer` name, else `$USER` (or `$USERNAME`), else `unknown`.
pub fn reviewer(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

//! The case on a PostgreSQL server (issue 19): the same model as the SQLite case
//! ([`crate::store::Case`]) for a team. Productions, pages (text, stamps, fingerprints, a tsvector
//! for full-text search), findings as JSON, people and permit references, the registry; the
//! review kept as history with who and when, each finding's state versioned so that two reviewers
//! never overwrite each other ([`review`]); `LISTEN dossier_review` for others' changes.
//!
//! Heavy work stays on the desktop: analysis and OCR run where a production is added, the server
//! stores results (and the PDF bytes only when asked). Each production is written in one
//! transaction, its row inserted with `ON CONFLICT (sha256) DO NOTHING`: two machines adding the
//! same file at once store it once. Every statement is parameterised; credentials come from the
//! URL, `PGPASSWORD`, `~/.pgpass` or a service file ([`conn`]) and are never written or logged.

pub mod conn;
pub mod lists;
pub mod review;
pub mod schema;
pub mod search;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use postgres::Client;
use postgres::error::SqlState;

use crate::analysis::FileAnalysis;
use crate::permits::Registry;
use crate::store::Production;

pub use review::{Change, Conflict, ReviewState};

/// Why a PostgreSQL case could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// The URL cannot be used (its password never shown).
    #[error("{0}")]
    Url(String),
    /// No connection.
    #[error("{url}: cannot connect: {why}")]
    Connect {
        /// The URL, password hidden.
        url: String,
        /// The server's or the network's reason.
        why: String,
    },
    /// The database holds no case (commands that only read do not create one).
    #[error("{0}: no case in this database (create one with `dossier case add {0} FILE...`)")]
    Missing(String),
    /// The database holds other tables, not a case.
    #[error("{0}: not a Dossier case ({1})")]
    NotACase(String, String),
    /// The case was written by a newer Dossier.
    #[error(
        "{url}: written by a newer Dossier (case schema {found}; this one reads up to {known}): upgrade Dossier to open it"
    )]
    Newer {
        /// The URL, password hidden.
        url: String,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// The role may read but not write.
    #[error("read-only: {role} may not write to this case ({url})")]
    ReadOnly {
        /// The database role.
        role: String,
        /// The URL, password hidden.
        url: String,
    },
    /// A review change made over a state another reviewer has changed since.
    #[error("{0}")]
    Conflict(Box<Conflict>),
    /// A search query that is not one.
    #[error("{0}")]
    Query(String),
    /// The database said no.
    #[error("case database: {0}")]
    Db(#[from] postgres::Error),
    /// Stored JSON that does not read.
    #[error("case data: {0}")]
    Json(#[from] serde_json::Error),
}

/// The PostgreSQL store's result type.
pub type Result<T, E = PgError> = std::result::Result<T, E>;

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    i64::try_from(schema::MIGRATIONS.len()).unwrap_or(i64::MAX)
}

fn int<T: TryInto<i64>>(n: T) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

fn int32<T: TryInto<i32>>(n: T) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

/// The words of a text as the index holds them: accents folded (as the SQLite case folds them,
/// [`crate::textfold::fold_accents`]), lower case, every run of letters and digits one word, the
/// rest separators (FTS5's `unicode61` reading): `EXP-2020-0517` is `exp 2020 0517`.
pub fn index_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in crate::textfold::fold_accents(text)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_alphanumeric() {
            out.push(c);
            in_word = true;
        } else if in_word {
            out.push(' ');
            in_word = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// SQL building a page's tsvector from its words (`$1`): the exact words (weight A, what queries
/// match), then the English and French stems (weights B and C, for ranking and stemmed search).
pub(crate) const WORDS_VECTOR: &str = "setweight(to_tsvector('simple', $1), 'A')
      || setweight(to_tsvector('english', $1), 'B')
      || setweight(to_tsvector('french', $1), 'C')";

/// An open case on a server.
pub struct PgCase {
    client: Client,
    shown: String,
    role: String,
}

impl std::fmt::Debug for PgCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgCase")
            .field("url", &self.shown)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// Connects to `url`.
pub fn connect(url: &str) -> Result<(Client, String)> {
    let t = conn::target(url)?;
    let tls = conn::connector(&t)?;
    let client = t.config.connect(tls).map_err(|e| PgError::Connect {
        url: t.shown.clone(),
        why: connect_reason(&e),
    })?;
    Ok((client, t.shown))
}

fn connect_reason(e: &postgres::Error) -> String {
    let mut why = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !why.contains(&s_text) {
            why = format!("{why}: {s_text}");
        }
        source = s.source();
    }
    why
}

impl PgCase {
    /// Opens the case at `url`, creating its tables when the database holds none, and migrates it
    /// to the schema of this build.
    pub fn create_or_open(url: &str) -> Result<PgCase> {
        PgCase::setup(url, true)
    }

    /// Opens an existing case (migrating it); [`PgError::Missing`] when the database holds none.
    pub fn open(url: &str) -> Result<PgCase> {
        PgCase::setup(url, false)
    }

    fn setup(url: &str, create: bool) -> Result<PgCase> {
        let (mut client, shown) = connect(url)?;
        let role: String = client.query_one("SELECT current_user::text", &[])?.get(0);
        let mut case = PgCase {
            client,
            shown,
            role,
        };
        case.migrate(create)?;
        Ok(case)
    }

    fn migrate(&mut self, create: bool) -> Result<()> {
        let has: bool = self
            .client
            .query_one("SELECT to_regclass('dossier_schema') IS NOT NULL", &[])?
            .get(0);
        let version: i64 = if has {
            self.client
                .query_one("SELECT coalesce(max(version), 0) FROM dossier_schema", &[])?
                .get(0)
        } else {
            0
        };
        let known = schema_version();
        if version > known {
            return Err(PgError::Newer {
                url: self.shown.clone(),
                found: version,
                known,
            });
        }
        if version == known {
            return Ok(());
        }
        if version == 0 {
            if !create {
                return Err(PgError::Missing(self.shown.clone()));
            }
            let taken: bool = self
                .client
                .query_one("SELECT to_regclass('productions') IS NOT NULL", &[])?
                .get(0);
            if taken {
                return Err(PgError::NotACase(
                    self.shown.clone(),
                    "a database with a `productions` table of something else".into(),
                ));
            }
        }
        let shown = self.shown.clone();
        let role = self.role.clone();
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| write_error(e, &role, &shown))?;
        // One migrator at a time: a second one waits here, then finds the work done.
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS dossier_schema (
                 version BIGINT PRIMARY KEY,
                 applied TIMESTAMPTZ NOT NULL DEFAULT now(),
                 by_role TEXT NOT NULL DEFAULT current_user);
             LOCK TABLE dossier_schema IN EXCLUSIVE MODE",
        )
        .map_err(|e| write_error(e, &role, &shown))?;
        let version: i64 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM dossier_schema", &[])?
            .get(0);
        for (i, step) in schema::MIGRATIONS.iter().enumerate() {
            let to = int(i + 1);
            if to <= version {
                continue;
            }
            tx.batch_execute(step)
                .map_err(|e| write_error(e, &role, &shown))?;
            tx.execute("INSERT INTO dossier_schema(version) VALUES ($1)", &[&to])
                .map_err(|e| write_error(e, &role, &shown))?;
        }
        tx.commit().map_err(|e| write_error(e, &role, &shown))?;
        Ok(())
    }

    /// The URL, its password hidden.
    pub fn location(&self) -> &str {
        &self.shown
    }

    /// The database role this connection works as (who review changes are recorded as, unless
    /// a name is given).
    pub fn role(&self) -> &str {
        &self.role
    }

    /// True when this connection is encrypted (TLS).
    pub fn tls_in_use(&mut self) -> Result<bool> {
        Ok(self
            .client
            .query_one(
                "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
                &[],
            )?
            .get(0))
    }

    /// The schema version of the open case.
    pub fn version(&mut self) -> Result<i64> {
        Ok(self
            .client
            .query_one("SELECT coalesce(max(version), 0) FROM dossier_schema", &[])?
            .get(0))
    }

    /// Lets `role` read the case (`write`: and add productions and review). The owner of the
    /// tables grants; the role must exist on the server. Identifiers cannot be parameters: the
    /// role is quoted as an identifier.
    pub fn grant(&mut self, role: &str, write: bool) -> Result<()> {
        let r = quote_ident(role);
        let mut sql = format!("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {r};");
        if write {
            sql.push_str(&format!(
                "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r};
                 GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {r};"
            ));
        }
        let (role_now, shown) = (self.role.clone(), self.shown.clone());
        self.client
            .batch_execute(&sql)
            .map_err(|e| write_error(e, &role_now, &shown))?;
        Ok(())
    }

    /// The production with these bytes, if the case holds it.
    pub fn production_id(&mut self, sha256: &str) -> Result<Option<i64>> {
        Ok(self
            .client
            .query_opt("SELECT id FROM productions WHERE sha256 = $1", &[&sha256])?
            .map(|r| r.get(0)))
    }

    /// Records that production `id` was seen under `path`; returns the path it was first added
    /// from.
    pub fn record_path(&mut self, id: i64, path: &Path) -> Result<PathBuf> {
        let p = path.to_string_lossy().into_owned();
        let (role, shown) = (self.role.clone(), self.shown.clone());
        self.client
            .execute(
                "INSERT INTO paths(production, path) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&id, &p],
            )
            .map_err(|e| write_error(e, &role, &shown))?;
        let first: String = self
            .client
            .query_one("SELECT path FROM productions WHERE id = $1", &[&id])?
            .get(0);
        Ok(PathBuf::from(first))
    }

    /// Writes one analysed production (`size` bytes; `pdf`: its bytes, kept when given) in one
    /// transaction. `Ok(None)` when the case already holds these bytes (another machine added
    /// them first): nothing is written but the path.
    pub fn add_production(
        &mut self,
        a: &FileAnalysis,
        size: u64,
        pdf: Option<&[u8]>,
    ) -> Result<Option<i64>> {
        let (role, shown) = (self.role.clone(), self.shown.clone());
        let we = |e| write_error(e, &role, &shown);
        let mut tx = self.client.transaction().map_err(we)?;
        let path = a.path.to_string_lossy().into_owned();
        let warnings = serde_json::to_string(&a.warnings)?;
        let row = tx
            .query_opt(
                "INSERT INTO productions(path, sha256, size, pages, dossier_version, warnings)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (sha256) DO NOTHING RETURNING id",
                &[
                    &path,
                    &a.sha256,
                    &int(size),
                    &int(a.pages.len()),
                    &env!("CARGO_PKG_VERSION"),
                    &warnings,
                ],
            )
            .map_err(we)?;
        let Some(row) = row else {
            drop(tx);
            if let Some(id) = self.production_id(&a.sha256)? {
                self.record_path(id, &a.path)?;
            }
            return Ok(None);
        };
        let id: i64 = row.get(0);
        tx.execute(
            "INSERT INTO paths(production, path) VALUES ($1, $2)",
            &[&id, &path],
        )
        .map_err(we)?;
        if let Some(bytes) = pdf {
            tx.execute(
                "INSERT INTO pdfs(production, bytes) VALUES ($1, $2)",
                &[&id, &bytes],
            )
            .map_err(we)?;
        }
        write_rows(&mut tx, id, a).map_err(|e| match e {
            PgError::Db(e) => we(e),
            e => e,
        })?;
        tx.commit().map_err(we)?;
        Ok(Some(id))
    }

    /// Replaces what production `id` holds with a new analysis of the same bytes, in one
    /// transaction; the review (keyed by file hash and finding id) stays.
    pub fn replace_production(&mut self, id: i64, a: &FileAnalysis) -> Result<()> {
        let (role, shown) = (self.role.clone(), self.shown.clone());
        let we = |e| write_error(e, &role, &shown);
        let mut tx = self.client.transaction().map_err(we)?;
        for table in ["pages", "findings", "documents", "people", "permit_refs"] {
            // Table names are ours, not data.
            tx.execute(
                &format!("DELETE FROM {table} WHERE production = $1"),
                &[&id],
            )
            .map_err(we)?;
        }
        tx.execute(
            "UPDATE productions SET pages = $2, dossier_version = $3, warnings = $4 WHERE id = $1",
            &[
                &id,
                &int(a.pages.len()),
                &env!("CARGO_PKG_VERSION"),
                &serde_json::to_string(&a.warnings)?,
            ],
        )
        .map_err(we)?;
        write_rows(&mut tx, id, a).map_err(|e| match e {
            PgError::Db(e) => we(e),
            e => e,
        })?;
        tx.commit().map_err(we)?;
        Ok(())
    }

    /// The PDF bytes kept for production `id` (added with `--store-pdf`), if any.
    pub fn pdf(&mut self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .client
            .query_opt("SELECT bytes FROM pdfs WHERE production = $1", &[&id])?
            .map(|r| r.get(0)))
    }

    /// Keeps the registry the productions were linked with.
    pub fn save_registry(&mut self, source: &Path, registry: &Registry) -> Result<()> {
        let (role, shown) = (self.role.clone(), self.shown.clone());
        self.client
            .execute(
                "INSERT INTO registry(source, json) VALUES ($1, $2)",
                &[
                    &source.to_string_lossy().into_owned(),
                    &serde_json::to_string(registry)?,
                ],
            )
            .map_err(|e| write_error(e, &role, &shown))?;
        Ok(())
    }

    /// The registry last loaded into the case, with where it was read from.
    pub fn registry(&mut self) -> Result<Option<(PathBuf, Registry)>> {
        let row = self.client.query_opt(
            "SELECT source, json FROM registry ORDER BY id DESC LIMIT 1",
            &[],
        )?;
        match row {
            None => Ok(None),
            Some(r) => {
                let (source, json): (String, String) = (r.get(0), r.get(1));
                Ok(Some((PathBuf::from(source), serde_json::from_str(&json)?)))
            }
        }
    }

    /// Every production, in the order added.
    pub fn productions(&mut self) -> Result<Vec<Production>> {
        let rows = self.client.query(
            "SELECT id, path, sha256, size, pages, added, dossier_version FROM productions ORDER BY id",
            &[],
        )?;
        let mut out: Vec<Production> = rows
            .iter()
            .map(|r| Production {
                id: r.get(0),
                path: PathBuf::from(r.get::<_, String>(1)),
                sha256: r.get(2),
                size: r.get(3),
                pages: r.get(4),
                added: r.get(5),
                dossier_version: r.get(6),
                other_paths: Vec::new(),
            })
            .collect();
        let aliases = self.client.query(
            "SELECT production, path FROM paths ORDER BY production, seen, path",
            &[],
        )?;
        for r in &aliases {
            let (prod, path): (i64, String) = (r.get(0), r.get(1));
            if let Some(p) = out.iter_mut().find(|p| p.id == prod) {
                let path = PathBuf::from(path);
                if path != p.path {
                    p.other_paths.push(path);
                }
            }
        }
        Ok(out)
    }

    /// The number of pages stored for production `id`.
    pub fn stored_pages(&mut self, id: i64) -> Result<i64> {
        Ok(self
            .client
            .query_one("SELECT count(*) FROM pages WHERE production = $1", &[&id])?
            .get(0))
    }

    /// The stored findings of production `id` of `kind`, as JSON, in the order the analysis gave
    /// them.
    pub fn findings_json(&mut self, id: i64, kind: &str) -> Result<Vec<String>> {
        Ok(self
            .client
            .query(
                "SELECT json FROM findings WHERE production = $1 AND kind = $2 ORDER BY seq",
                &[&id, &kind],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// Every production as an analysis rebuilt from what the case stores (as
    /// [`crate::store::Case::analyses`]).
    pub fn analyses(&mut self) -> Result<Vec<FileAnalysis>> {
        let mut out = Vec::new();
        for p in self.productions()? {
            let rows = self.client.query(
                "SELECT number, stamp, turn FROM pages WHERE production = $1 ORDER BY number",
                &[&p.id],
            )?;
            let (pages, page_labels) = rows
                .iter()
                .map(|r| {
                    let number: i32 = r.get(0);
                    let turn: i32 = r.get(2);
                    (
                        crate::pdf::PageModel {
                            number: u32::try_from(number).unwrap_or(0),
                            turn: u16::try_from(turn).unwrap_or(0),
                            ..Default::default()
                        },
                        r.get::<_, Option<String>>(1),
                    )
                })
                .unzip();
            let mut parse = |kind: &str| -> Result<Vec<serde_json::Value>> {
                self.findings_json(p.id, kind)?
                    .iter()
                    .map(|j| serde_json::from_str(j).map_err(PgError::from))
                    .collect()
            };
            let documents = serde_json::from_value(parse("document")?.into())?;
            let redactions = serde_json::from_value(parse("redaction")?.into())?;
            let officials = serde_json::from_value(parse("person")?.into())?;
            let permit_links = serde_json::from_value(parse("permit_link")?.into())?;
            let permit_candidates = serde_json::from_value(parse("permit_candidate")?.into())?;
            let grounds = match parse("grounds")?.into_iter().next() {
                Some(v) => serde_json::from_value(v)?,
                None => Default::default(),
            };
            let warnings: String = self
                .client
                .query_one("SELECT warnings FROM productions WHERE id = $1", &[&p.id])?
                .get(0);
            out.push(FileAnalysis {
                path: p.path,
                sha256: p.sha256,
                pages,
                page_labels,
                documents,
                redactions,
                officials,
                permit_links,
                permit_candidates,
                grounds,
                warnings: serde_json::from_str(&warnings)?,
            });
        }
        Ok(out)
    }

    pub(crate) fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// `"role"` with its quotes doubled: an identifier that can be put in SQL as written.
fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A database error on a write: a role without the privilege (or a read-only transaction or
/// server) is [`PgError::ReadOnly`]; anything else as it is.
pub(crate) fn write_error(e: postgres::Error, role: &str, shown: &str) -> PgError {
    match e.code() {
        Some(c)
            if *c == SqlState::INSUFFICIENT_PRIVILEGE
                || *c == SqlState::READ_ONLY_SQL_TRANSACTION =>
        {
            PgError::ReadOnly {
                role: role.to_string(),
                url: shown.to_string(),
            }
        }
        _ => PgError::Db(e),
    }
}

/// Rows written by one statement (PostgreSQL takes up to 65,535 parameters).
const ROWS_A_STATEMENT: usize = 500;

/// The rows of one analysed production, as [`crate::store`] writes them.
fn write_rows(tx: &mut postgres::Transaction<'_>, id: i64, a: &FileAnalysis) -> Result<()> {
    // Many rows a statement (one round trip per chunk, not per row): pages, then findings.
    struct PageRow {
        number: i32,
        stamp: Option<String>,
        text: String,
        folded: String,
        source: &'static str,
        turn: i32,
        fingerprint: String,
        words: String,
    }
    let pages: Vec<PageRow> = a
        .pages
        .iter()
        .map(|p| {
            let source = if p.ocr.is_some() || p.runs.iter().any(|r| r.is_ocr()) {
                "ocr"
            } else {
                "text"
            };
            let text = p.text();
            let stamp = a.label(p.number);
            PageRow {
                number: int32(p.number),
                stamp: stamp.map(str::to_string),
                // As the case file lists it: the words' fingerprint in 16 hex digits.
                fingerprint: crate::store::duplicates::fingerprint(&text, stamp)
                    .map(|f| format!("{f:016x}"))
                    .unwrap_or_default(),
                folded: crate::textfold::fold_accents(&text),
                words: index_words(&text),
                source,
                turn: i32::from(p.turn),
                text,
            }
        })
        .collect();
    for chunk in pages.chunks(ROWS_A_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO pages(production, number, stamp, text, folded, source, turn, fingerprint, words) VALUES ",
        );
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&id];
        for (i, r) in chunk.iter().enumerate() {
            let b = 2 + i * 8;
            let w = b + 7;
            if i > 0 {
                sql.push_str(", ");
            }
            // Placeholders only: every value is a parameter.
            sql.push_str(&format!(
                "($1, ${b}, ${}, ${}, ${}, ${}, ${}, ${}, {})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                WORDS_VECTOR.replace("$1", &format!("${w}"))
            ));
            params.extend([
                &r.number as &(dyn postgres::types::ToSql + Sync),
                &r.stamp,
                &r.text,
                &r.folded,
                &r.source,
                &r.turn,
                &r.fingerprint,
                &r.words,
            ]);
        }
        tx.execute(sql.as_str(), &params)?;
    }
    let mut seen: HashSet<(&str, String)> = HashSet::new();
    let mut seq = 0i32;
    let mut rows: Vec<(&'static str, String, Option<i32>, String)> = Vec::new();
    for r in &a.redactions {
        rows.push((
            "redaction",
            r.id.clone(),
            Some(int32(r.page)),
            serde_json::to_string(r)?,
        ));
    }
    for d in &a.documents {
        rows.push((
            "document",
            d.id.clone(),
            Some(int32(d.first_page)),
            serde_json::to_string(d)?,
        ));
    }
    for o in &a.officials {
        rows.push((
            "person",
            o.id.clone(),
            o.pages.first().map(|p| int32(*p)),
            serde_json::to_string(o)?,
        ));
    }
    for l in &a.permit_links {
        rows.push((
            "permit_link",
            crate::project::review::link_id(l),
            Some(int32(l.page)),
            serde_json::to_string(l)?,
        ));
    }
    for l in &a.permit_candidates {
        rows.push((
            "permit_candidate",
            crate::project::review::link_id(l),
            Some(int32(l.page)),
            serde_json::to_string(l)?,
        ));
    }
    rows.push((
        "grounds",
        "grounds".into(),
        None,
        serde_json::to_string(&a.grounds)?,
    ));
    let keyed: Vec<(&str, String, i32, Option<i32>, &String)> = rows
        .iter()
        .map(|(kind, fid, pg, json)| {
            seq += 1;
            (*kind, unique_id(&mut seen, kind, fid), seq, *pg, json)
        })
        .collect();
    for chunk in keyed.chunks(ROWS_A_STATEMENT) {
        let mut sql =
            String::from("INSERT INTO findings(production, kind, id, seq, page, json) VALUES ");
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&id];
        for (i, (kind, key, seq, pg, json)) in chunk.iter().enumerate() {
            let b = 2 + i * 5;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "($1, ${b}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4
            ));
            params.extend([
                kind as &(dyn postgres::types::ToSql + Sync),
                key,
                seq,
                pg,
                *json,
            ]);
        }
        tx.execute(sql.as_str(), &params)?;
    }
    let doc = tx.prepare(
        "INSERT INTO documents(production, id, kind, first_page, last_page, subject, sender, date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )?;
    for d in &a.documents {
        let kind = match d.kind {
            crate::documents::DocumentKind::Email => "e-mail",
            crate::documents::DocumentKind::Memo => "memo",
            crate::documents::DocumentKind::Other => "document",
        };
        tx.execute(
            &doc,
            &[
                &id,
                &d.id,
                &kind,
                &int32(d.first_page),
                &int32(d.last_page),
                &d.subject,
                &d.from,
                &d.date,
            ],
        )?;
    }
    let person = tx.prepare(
        "INSERT INTO people(production, id, identity, name, title, organization, is_official, pages, mentions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )?;
    for o in &a.officials {
        tx.execute(
            &person,
            &[
                &id,
                &o.id,
                &crate::officials::identity_key(&o.name),
                &o.name,
                &o.title,
                &o.organization,
                &o.is_official,
                &serde_json::to_string(&o.pages)?,
                &int(o.mentions),
            ],
        )?;
    }
    let permit = tx.prepare(
        "INSERT INTO permit_refs(production, id, permit, page, status, via, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )?;
    for l in a.permit_links.iter().chain(&a.permit_candidates) {
        tx.execute(
            &permit,
            &[
                &id,
                &crate::project::review::link_id(l),
                &l.permit,
                &int32(l.page),
                &l.status.as_str(),
                &l.via.as_str(),
                &l.evidence,
            ],
        )?;
    }
    Ok(())
}

fn unique_id<'a>(seen: &mut HashSet<(&'a str, String)>, kind: &'a str, id: &str) -> String {
    let mut key = id.to_string();
    let mut n = 1;
    while seen.contains(&(kind, key.clone())) {
        n += 1;
        key = format!("{id}#{n}");
    }
    seen.insert((kind, key.clone()));
    key
}

#[cfg(test)]
mod tests {
    use super::index_words;

    #[test]
    fn index_words_read_as_fts5_reads_them() {
        assert_eq!(index_words("EXP-2020-0517, s.15"), "exp 2020 0517 s 15");
        assert_eq!(index_words("François Søren  l'Été"), "francois soren l ete");
        assert_eq!(index_words("  "), "");
    }
}

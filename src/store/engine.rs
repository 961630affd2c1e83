//! One storage trait for both engines of a case: the SQLite file ([`Case`]) and the PostgreSQL
//! server ([`PgCase`]). The commands, exports and (later) the GUI talk to a `dyn CaseStore` and do
//! not know which one they hold; [`open_store`] picks by the location (`postgres://` or
//! `postgresql://` URL, else a path). [`copy`] moves a case between engines, review included.

use std::path::{Path, PathBuf};

use crate::analysis::FileAnalysis;
use crate::permits::Registry;
use crate::project::Project;
use crate::project::review::Correction;
use crate::store::duplicates::Duplicate;
use crate::store::people::{CasePermit, CasePerson};
use crate::store::pg::{PgCase, PgError};
use crate::store::review::Imported;
use crate::store::search::Hits;
use crate::store::{Case, Production, StoreError};

/// An error of either engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The SQLite case's.
    #[error(transparent)]
    Sqlite(#[from] StoreError),
    /// The PostgreSQL case's.
    #[error(transparent)]
    Pg(#[from] PgError),
}

impl Error {
    /// A search query that is not one (the user's error, not the case's).
    pub fn is_query(&self) -> bool {
        matches!(
            self,
            Error::Sqlite(StoreError::Query(_)) | Error::Pg(PgError::Query(_))
        )
    }

    /// No case at the location.
    pub fn is_missing(&self) -> bool {
        matches!(
            self,
            Error::Sqlite(StoreError::Missing(_)) | Error::Pg(PgError::Missing(_))
        )
    }
}

/// The result type of [`CaseStore`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A page's text as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPage {
    /// 1-based page.
    pub number: u32,
    /// Its text (born-digital or OCR).
    pub text: String,
    /// Read by OCR.
    pub ocr: bool,
}

/// A current review mark with who made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// File key (16 hex digits).
    pub file: String,
    /// Finding id.
    pub finding: String,
    /// Reviewed.
    pub reviewed: bool,
    /// Correction, if any.
    pub correction: Option<Correction>,
    /// Who.
    pub who: String,
}

/// What a case offers, whichever engine holds it.
pub trait CaseStore {
    /// Where the case is (a path, or a URL with its password hidden).
    fn location(&self) -> String;
    /// `sqlite` or `postgresql`.
    fn engine(&self) -> &'static str;
    /// Every production, in the order added.
    fn productions(&mut self) -> Result<Vec<Production>>;
    /// The production with these bytes, if the case holds it.
    fn production_id(&mut self, sha256: &str) -> Result<Option<i64>>;
    /// Records another path of production `id`; the path it was first added from.
    fn record_path(&mut self, id: i64, path: &Path) -> Result<PathBuf>;
    /// Writes one analysed production in one transaction (`pdf`: its bytes, kept where the
    /// engine keeps them); `None` when the case already held these bytes.
    fn add_production(
        &mut self,
        a: &FileAnalysis,
        size: u64,
        pdf: Option<&[u8]>,
    ) -> Result<Option<i64>>;
    /// Replaces production `id` with a new analysis of its bytes; the review stays.
    fn replace_production(&mut self, id: i64, a: &FileAnalysis) -> Result<()>;
    /// Stored findings of one kind, as JSON.
    fn findings_json(&mut self, id: i64, kind: &str) -> Result<Vec<String>>;
    /// Every production as an analysis rebuilt from what the case stores.
    fn analyses(&mut self) -> Result<Vec<FileAnalysis>>;
    /// Page texts of production `id`.
    fn page_texts(&mut self, id: i64) -> Result<Vec<StoredPage>>;
    /// Keeps the registry.
    fn save_registry(&mut self, source: &Path, registry: &Registry) -> Result<()>;
    /// The registry last kept.
    fn registry(&mut self) -> Result<Option<(PathBuf, Registry)>>;
    /// Full-text search.
    fn search(&mut self, query: &str, limit: usize) -> Result<Hits>;
    /// People case-wide.
    fn people(&mut self) -> Result<Vec<CasePerson>>;
    /// Permits case-wide.
    fn permits(&mut self) -> Result<Vec<CasePermit>>;
    /// Pages released more than once.
    fn duplicates(&mut self) -> Result<Vec<Duplicate>>;
    /// The current review as a project.
    fn review_project(&mut self) -> Result<Project>;
    /// The current reviewed marks and corrections with who made them.
    fn marks(&mut self) -> Result<Vec<Mark>>;
    /// Marks a finding reviewed (or not).
    fn set_reviewed(&mut self, file: &str, finding: &str, reviewed: bool, who: &str) -> Result<()>;
    /// Sets a finding's correction.
    fn set_correction(
        &mut self,
        file: &str,
        finding: &str,
        c: &Correction,
        who: &str,
    ) -> Result<()>;
    /// Imports a project file's review.
    fn import_project(&mut self, p: &Project, who: &str) -> Result<Imported>;
}

/// Opens the case at `location`: a PostgreSQL URL or a case file. `create`: make it when absent.
pub fn open_store(location: &str, create: bool) -> Result<Box<dyn CaseStore>> {
    if crate::store::pg::conn::is_url(location) {
        let c = if create {
            PgCase::create_or_open(location)?
        } else {
            PgCase::open(location)?
        };
        Ok(Box::new(c))
    } else {
        let path = Path::new(location);
        let c = if create {
            Case::create_or_open(path)?
        } else {
            Case::open(path)?
        };
        Ok(Box::new(c))
    }
}

impl CaseStore for Case {
    fn location(&self) -> String {
        self.path().display().to_string()
    }
    fn engine(&self) -> &'static str {
        "sqlite"
    }
    fn productions(&mut self) -> Result<Vec<Production>> {
        Ok(Case::productions(self)?)
    }
    fn production_id(&mut self, sha256: &str) -> Result<Option<i64>> {
        Ok(Case::production_id(self, sha256)?)
    }
    fn record_path(&mut self, id: i64, path: &Path) -> Result<PathBuf> {
        Ok(Case::record_path(self, id, path)?)
    }
    fn add_production(
        &mut self,
        a: &FileAnalysis,
        size: u64,
        _pdf: Option<&[u8]>,
    ) -> Result<Option<i64>> {
        match Case::add_production(self, a, size) {
            Ok(id) => Ok(Some(id)),
            Err(e) => match Case::production_id(self, &a.sha256)? {
                // Another process added the same bytes meanwhile.
                Some(id) => {
                    Case::record_path(self, id, &a.path)?;
                    Ok(None)
                }
                None => Err(e.into()),
            },
        }
    }
    fn replace_production(&mut self, id: i64, a: &FileAnalysis) -> Result<()> {
        Ok(Case::replace_production(self, id, a)?)
    }
    fn findings_json(&mut self, id: i64, kind: &str) -> Result<Vec<String>> {
        Ok(Case::findings_json(self, id, kind)?)
    }
    fn analyses(&mut self) -> Result<Vec<FileAnalysis>> {
        Ok(Case::analyses(self)?)
    }
    fn page_texts(&mut self, id: i64) -> Result<Vec<StoredPage>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT number, inflate(body), source FROM pages WHERE production = ?1 ORDER BY number")
            .map_err(StoreError::from)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(StoredPage {
                    number: r.get(0)?,
                    text: r.get(1)?,
                    ocr: r.get::<_, String>(2)? == "ocr",
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(StoreError::from)?;
        Ok(rows)
    }
    fn save_registry(&mut self, source: &Path, registry: &Registry) -> Result<()> {
        Ok(Case::save_registry(self, source, registry)?)
    }
    fn registry(&mut self) -> Result<Option<(PathBuf, Registry)>> {
        Ok(Case::registry(self)?)
    }
    fn search(&mut self, query: &str, limit: usize) -> Result<Hits> {
        Ok(Case::search(self, query, limit)?)
    }
    fn people(&mut self) -> Result<Vec<CasePerson>> {
        Ok(Case::people(self)?)
    }
    fn permits(&mut self) -> Result<Vec<CasePermit>> {
        Ok(Case::permits(self)?)
    }
    fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        Ok(Case::duplicates(self)?)
    }
    fn review_project(&mut self) -> Result<Project> {
        Ok(Case::review_project(self)?)
    }
    fn marks(&mut self) -> Result<Vec<Mark>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT file, finding, reviewed, correction, who FROM review ORDER BY file, finding")
            .map_err(StoreError::from)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(StoreError::from)?;
        rows.into_iter()
            .map(|(file, finding, reviewed, correction, who)| {
                Ok(Mark {
                    file,
                    finding,
                    reviewed,
                    correction: correction
                        .map(|j| serde_json::from_str(&j))
                        .transpose()
                        .map_err(StoreError::from)?,
                    who,
                })
            })
            .collect()
    }
    fn set_reviewed(&mut self, file: &str, finding: &str, reviewed: bool, who: &str) -> Result<()> {
        Ok(Case::set_reviewed(self, file, finding, reviewed, who)?)
    }
    fn set_correction(
        &mut self,
        file: &str,
        finding: &str,
        c: &Correction,
        who: &str,
    ) -> Result<()> {
        Ok(Case::set_correction(self, file, finding, c, who)?)
    }
    fn import_project(&mut self, p: &Project, who: &str) -> Result<Imported> {
        Ok(Case::import_project(self, p, who)?)
    }
}

impl CaseStore for PgCase {
    fn location(&self) -> String {
        PgCase::location(self).to_string()
    }
    fn engine(&self) -> &'static str {
        "postgresql"
    }
    fn productions(&mut self) -> Result<Vec<Production>> {
        Ok(PgCase::productions(self)?)
    }
    fn production_id(&mut self, sha256: &str) -> Result<Option<i64>> {
        Ok(PgCase::production_id(self, sha256)?)
    }
    fn record_path(&mut self, id: i64, path: &Path) -> Result<PathBuf> {
        Ok(PgCase::record_path(self, id, path)?)
    }
    fn add_production(
        &mut self,
        a: &FileAnalysis,
        size: u64,
        pdf: Option<&[u8]>,
    ) -> Result<Option<i64>> {
        Ok(PgCase::add_production(self, a, size, pdf)?)
    }
    fn replace_production(&mut self, id: i64, a: &FileAnalysis) -> Result<()> {
        Ok(PgCase::replace_production(self, id, a)?)
    }
    fn findings_json(&mut self, id: i64, kind: &str) -> Result<Vec<String>> {
        Ok(PgCase::findings_json(self, id, kind)?)
    }
    fn analyses(&mut self) -> Result<Vec<FileAnalysis>> {
        Ok(PgCase::analyses(self)?)
    }
    fn page_texts(&mut self, id: i64) -> Result<Vec<StoredPage>> {
        let rows = self
            .client()
            .query(
                "SELECT number, text, source FROM pages WHERE production = $1 ORDER BY number",
                &[&id],
            )
            .map_err(PgError::from)?;
        Ok(rows
            .iter()
            .map(|r| StoredPage {
                number: u32::try_from(r.get::<_, i32>(0)).unwrap_or(0),
                text: r.get(1),
                ocr: r.get::<_, String>(2) == "ocr",
            })
            .collect())
    }
    fn save_registry(&mut self, source: &Path, registry: &Registry) -> Result<()> {
        Ok(PgCase::save_registry(self, source, registry)?)
    }
    fn registry(&mut self) -> Result<Option<(PathBuf, Registry)>> {
        Ok(PgCase::registry(self)?)
    }
    fn search(&mut self, query: &str, limit: usize) -> Result<Hits> {
        Ok(PgCase::search(self, query, limit)?)
    }
    fn people(&mut self) -> Result<Vec<CasePerson>> {
        Ok(PgCase::people(self)?)
    }
    fn permits(&mut self) -> Result<Vec<CasePermit>> {
        Ok(PgCase::permits(self)?)
    }
    fn duplicates(&mut self) -> Result<Vec<Duplicate>> {
        Ok(PgCase::duplicates(self)?)
    }
    fn review_project(&mut self) -> Result<Project> {
        Ok(PgCase::review_project(self)?)
    }
    fn marks(&mut self) -> Result<Vec<Mark>> {
        let rows = self
            .client()
            .query(
                "SELECT file, finding, reviewed, correction, who FROM review
                  WHERE tag IS NULL AND finding NOT LIKE 'tag:%' ORDER BY file, finding",
                &[],
            )
            .map_err(PgError::from)?;
        rows.iter()
            .map(|r| {
                let correction: Option<String> = r.get(3);
                Ok(Mark {
                    file: r.get(0),
                    finding: r.get(1),
                    reviewed: r.get(2),
                    correction: correction
                        .map(|j| serde_json::from_str(&j))
                        .transpose()
                        .map_err(PgError::from)?,
                    who: r.get(4),
                })
            })
            .collect()
    }
    fn set_reviewed(&mut self, file: &str, finding: &str, reviewed: bool, who: &str) -> Result<()> {
        Ok(PgCase::set_reviewed(self, file, finding, reviewed, who)?)
    }
    fn set_correction(
        &mut self,
        file: &str,
        finding: &str,
        c: &Correction,
        who: &str,
    ) -> Result<()> {
        Ok(PgCase::set_correction(self, file, finding, c, who)?)
    }
    fn import_project(&mut self, p: &Project, who: &str) -> Result<Imported> {
        Ok(PgCase::import_project(self, p, who)?)
    }
}

/// What [`copy`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Copied {
    /// Productions written to the destination.
    pub productions: usize,
    /// Productions the destination held already (left as they were).
    pub already: usize,
    /// Pages written.
    pub pages: usize,
    /// Reviewed marks and corrections copied (with who made them).
    pub marks: usize,
    /// Tags copied.
    pub tags: usize,
}

/// A production as `src` stores it, rebuilt as an analysis whose pages carry their stored text
/// (one line per line of text, no geometry): what an engine writes again word for word.
fn stored_analysis(src: &mut dyn CaseStore, mut a: FileAnalysis, id: i64) -> Result<FileAnalysis> {
    let texts = src.page_texts(id)?;
    for p in &mut a.pages {
        let Some(t) = texts.iter().find(|t| t.number == p.number) else {
            continue;
        };
        p.lines = t
            .text
            .split_terminator('\n')
            .map(|l| crate::pdf::TextLine {
                text: l.to_string(),
                chars: Vec::new(),
                runs: Vec::new(),
                bbox: crate::geometry::Rect::new(0.0, 0.0, 0.0, 0.0),
                baseline_y: 0.0,
                font_size: 0.0,
            })
            .collect();
        if t.ocr {
            p.ocr = Some(crate::pdf::OcrInfo {
                engine: "stored".into(),
                languages: String::new(),
                dpi: 0,
                raster: String::new(),
                words: 0,
                mean_confidence: 0.0,
                cached: true,
                full_page: true,
            });
        }
    }
    Ok(a)
}

/// Copies every production of `src` into `dst` (those `dst` holds already are left), the
/// registry, every reviewed mark and correction with who made it, the tags and the notes.
pub fn copy(src: &mut dyn CaseStore, dst: &mut dyn CaseStore) -> Result<Copied> {
    let mut done = Copied::default();
    let productions = src.productions()?;
    let analyses = src.analyses()?;
    for (p, a) in productions.iter().zip(analyses) {
        if let Some(id) = dst.production_id(&p.sha256)? {
            for other in std::iter::once(&p.path).chain(&p.other_paths) {
                dst.record_path(id, other)?;
            }
            done.already += 1;
            continue;
        }
        let a = stored_analysis(src, a, p.id)?;
        let pages = a.pages.len();
        let size = u64::try_from(p.size).unwrap_or(0);
        match dst.add_production(&a, size, None)? {
            Some(id) => {
                for other in &p.other_paths {
                    dst.record_path(id, other)?;
                }
                done.productions += 1;
                done.pages += pages;
            }
            None => done.already += 1,
        }
    }
    if let Some((source, registry)) = src.registry()? {
        let same = dst.registry()?.is_some_and(|(_, r)| r == registry);
        if !same {
            dst.save_registry(&source, &registry)?;
        }
    }
    for m in src.marks()? {
        if m.reviewed {
            dst.set_reviewed(&m.file, &m.finding, true, &m.who)?;
        }
        if let Some(c) = &m.correction {
            dst.set_correction(&m.file, &m.finding, c, &m.who)?;
        }
        done.marks += 1;
    }
    let review = src.review_project()?;
    let tags_and_notes = Project {
        tags: review.tags,
        notes: review.notes,
        ..Project::default()
    };
    let imported = dst.import_project(&tags_and_notes, "dossier case copy")?;
    done.tags = imported.tags;
    Ok(done)
}

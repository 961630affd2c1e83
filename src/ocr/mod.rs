//! OCR: text for pages that are pictures.
//!
//! Runs between extraction and the detectors, on the page model: where a page has no usable text
//! layer (or always, if asked), its picture is read by Tesseract 5 and every word becomes a text
//! run (render mode 3, like an OCR layer, with `ocr_conf` set) with its box in PDF user space, so
//! that documents, people, permits, stamps, search and tags work on scans as on born-digital pages.
//! Around every dark area of a scan, a band of the page is read again, enlarged, with a code-only
//! character set: the small exemption labels that full-page OCR loses.
//!
//! The picture is the page's own image at its native resolution when one image makes the page,
//! otherwise the page drawn by hayro. Results are cached per file hash, page, engine, languages
//! and resolution, so opening a production again costs what a born-digital analysis costs.
//! Everything is bounded: pictures are scaled down past [`OcrOptions::max_megapixels`], the
//! number of code bands per page is capped, and a page that takes longer than
//! [`OcrOptions::page_time_limit`] is named in a warning.

#[cfg(feature = "ocr")]
mod engine;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::geometry::Rect;
use crate::pdf::{CharBox, Color, DarkArea, GrayBitmap, OcrInfo, PageModel, SourcePdf, TextRun};
use crate::raster::{PageRenderer, PixelMap, rotate_cw};
use crate::redactions::codes;

/// When to read page pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OcrMode {
    /// Only pages without a usable text layer (and the code labels around scanned redactions).
    #[default]
    Auto,
    /// Every page; words already in the file's text are not doubled.
    Always,
    /// Never.
    Never,
}

impl OcrMode {
    /// `auto`, `always` or `never`.
    pub fn as_str(&self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Always => "always",
            OcrMode::Never => "never",
        }
    }
}

impl std::str::FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" | "off" => Ok(OcrMode::Never),
            _ => Err(format!("OCR mode must be auto, always or never, not {s:?}")),
        }
    }
}

/// OCR settings.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrOptions {
    /// When to OCR.
    pub mode: OcrMode,
    /// Tesseract languages, `+`-separated (`eng+fra`: productions are bilingual).
    pub languages: String,
    /// Resolution at which pages that must be drawn are rendered, dpi.
    pub render_dpi: u32,
    /// Largest picture read, megapixels; bigger ones are scaled down.
    pub max_megapixels: u32,
    /// A page that takes longer is named in a warning.
    pub page_time_limit: Duration,
    /// Where results are cached (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            mode: OcrMode::Auto,
            languages: "eng+fra".to_string(),
            render_dpi: 300,
            max_megapixels: 24,
            page_time_limit: Duration::from_secs(60),
            cache_dir: default_cache_dir(),
        }
    }
}

/// The user's cache directory for OCR results: `$DOSSIER_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/dossier/ocr`, else `~/.cache/dossier/ocr`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("DOSSIER_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("ocr"));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("dossier").join("ocr"))
}

/// The OCR engine and its version (`tesseract 5.3.0`), or why there is none.
pub fn engine_version() -> Result<String, String> {
    #[cfg(feature = "ocr")]
    {
        engine::version()
    }
    #[cfg(not(feature = "ocr"))]
    {
        Err("this build of Dossier has no OCR (cargo feature `ocr`)".to_string())
    }
}

/// What the engine is asked to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
pub(crate) enum Region {
    /// A whole page, any text.
    Page,
    /// A band around a redaction, exemption codes only.
    Codes,
}

/// A word as the engine read it, pixel box (y down).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recognised {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub conf: f32,
    pub line: u32,
}

fn recognise(
    bm: &GrayBitmap,
    dpi: u32,
    languages: &str,
    region: Region,
) -> Result<Vec<Recognised>, String> {
    #[cfg(feature = "ocr")]
    {
        engine::recognise(bm, dpi, languages, region)
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = (bm, dpi, languages, region);
        engine_version().map(|_| Vec::new())
    }
}

/// A word read from a page picture, in PDF points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrWord {
    /// The word (OCR confusions in exemption codes repaired).
    pub text: String,
    /// Its box, PDF points.
    pub bbox: Rect,
    /// Tesseract's confidence, 0..=1.
    pub conf: f32,
    /// Words with the same `line` were read as one line.
    pub line: u32,
}

/// What OCR read on one page (the cached unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PageRead {
    words: Vec<OcrWord>,
    codes: Vec<OcrWord>,
    dpi: u32,
    raster: String,
    warnings: Vec<String>,
}

impl PageRead {
    fn none() -> PageRead {
        PageRead {
            words: Vec::new(),
            codes: Vec::new(),
            dpi: 0,
            raster: "none".to_string(),
            warnings: Vec::new(),
        }
    }
}

/// What the pictures of one page gave: their dark areas and the OCR read (a cache entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedPage {
    read: PageRead,
    dark: Vec<DarkArea>,
    engine: String,
    full: bool,
    /// The page's picture hash (hex), when it is a picture (see `PageModel::picture`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    picture: Option<String>,
    /// `picture` was looked for (entries of a Dossier before picture hashes have not).
    #[serde(default)]
    picture_known: bool,
}

impl CachedPage {
    fn new(read: PageRead, page: &PageModel, engine: &str, full: bool) -> CachedPage {
        CachedPage {
            read,
            dark: page.dark_areas.clone(),
            engine: engine.to_string(),
            full,
            picture: page.picture.map(hex::encode),
            picture_known: true,
        }
    }

    /// Whether the entry knows the page's picture hash (or that it has none).
    pub fn picture_known(&self) -> bool {
        self.picture_known
    }

    fn picture(&self) -> Option<[u8; 32]> {
        let bytes = hex::decode(self.picture.as_deref()?).ok()?;
        bytes.try_into().ok()
    }
}

/// Format of cache entries; bump when [`PageRead`] or the reading rules change.
const CACHE_VERSION: u32 = 10;
/// Most code bands read on one page.
const MAX_BANDS: usize = 40;

/// Reads the pictures of one file's pages. `Sync`: pages are read in parallel, each worker
/// thread with its own engine.
pub struct Reader<'a> {
    source: &'a SourcePdf,
    bytes: &'a [u8],
    sha256: &'a str,
    options: &'a OcrOptions,
    renderer: OnceLock<PageRenderer>,
    engine: OnceLock<Result<String, String>>,
}

impl<'a> Reader<'a> {
    /// A reader for the file `bytes` (hash `sha256`) opened as `source`.
    pub fn new(
        source: &'a SourcePdf,
        bytes: &'a [u8],
        sha256: &'a str,
        options: &'a OcrOptions,
    ) -> Reader<'a> {
        Reader {
            source,
            bytes,
            sha256,
            options,
            renderer: OnceLock::new(),
            engine: OnceLock::new(),
        }
    }

    fn engine(&self) -> &Result<String, String> {
        self.engine.get_or_init(|| {
            let langs = &self.options.languages;
            if langs.is_empty()
                || !langs
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '_')
            {
                return Err(format!("bad OCR language list {langs:?} (e.g. eng+fra)"));
            }
            let version = engine_version()?;
            // Load the languages once here so that a missing one is one clear message.
            let probe = GrayBitmap {
                width: 8,
                height: 8,
                pixels: vec![255; 64],
            };
            recognise(&probe, 300, langs, Region::Page)?;
            Ok(version)
        })
    }

    /// Whether `page` needs its picture read as text.
    pub fn wants_full_page(&self, page: &PageModel) -> bool {
        match self.options.mode {
            OcrMode::Never => false,
            OcrMode::Always => !page.images.is_empty() || !page.paths.is_empty(),
            OcrMode::Auto => {
                let chars = page.file_text_chars();
                let cover = page.image_coverage();
                // No text at all; or a scan that release software stamped with a few words of
                // real text (page stamp, code labels): the page itself is still a picture.
                (chars < 20 && (cover > 0.3 || page.paths.len() >= 20))
                    || (cover > 0.6 && chars < 200)
            }
        }
    }

    /// What an earlier analysis of page `number` with the same settings found in its pictures
    /// (dark areas and OCR), when the cache holds it: the page's images need not be decoded again.
    pub fn cached_page(&self, number: u32) -> Option<CachedPage> {
        if self.options.mode == OcrMode::Never {
            return None;
        }
        let version = engine_version().ok()?;
        let entry: CachedPage = self.cache_load(&self.cache_key(number, &version))?;
        (entry.engine == version).then_some(entry)
    }

    /// Lays a cached page read over `page` (extracted without bitmaps).
    pub fn apply_cached(&self, page: &mut PageModel, entry: CachedPage) {
        page.picture = entry.picture();
        page.dark_areas = entry.dark;
        self.finish(page, &entry.read, entry.engine, true, entry.full);
    }

    /// Reads page `page` where needed and adds what it read as text runs (see the module docs).
    /// Its dark areas (`page.dark_areas`, redactions on a scan) are where code labels are sought.
    /// What was found is cached, with the dark areas, for the next analysis of the file.
    pub fn read_page(&self, page: &mut PageModel) {
        if self.options.mode == OcrMode::Never {
            return;
        }
        if let Some(entry) = self.cached_page(page.number) {
            if !entry.picture_known {
                self.remember_picture(page.number, entry.clone(), page.picture);
            }
            if entry.picture_known {
                page.picture = entry.picture();
            }
            page.dark_areas = entry.dark;
            self.finish(page, &entry.read, entry.engine, true, entry.full);
            return;
        }
        let dark: Vec<Rect> = page.dark_areas.iter().map(|d| d.bbox).collect();
        let full = self.wants_full_page(page);
        let decoded = page.images.iter().any(|im| im.bitmap.is_some());
        if !full && dark.is_empty() {
            // Nothing to read; remember that the images held no dark area.
            if decoded && let Ok(version) = engine_version() {
                let read = PageRead::none();
                self.cache_store(
                    &self.cache_key(page.number, &version),
                    &CachedPage::new(read, page, &version, false),
                );
            }
            return;
        }
        let version = match self.engine() {
            Ok(v) => v.clone(),
            Err(e) => {
                if full {
                    page.warnings.push(format!("not read by OCR: {e}"));
                }
                return;
            }
        };
        let started = Instant::now();
        let read = self.read_picture(page, full, &dark);
        let spent = started.elapsed();
        if spent > self.options.page_time_limit {
            page.warnings.push(format!(
                "OCR took {:.0} s, more than the {} s limit per page",
                spent.as_secs_f64(),
                self.options.page_time_limit.as_secs()
            ));
        }
        // A page whose picture could not be had is tried again next time.
        if read.raster != "none" {
            self.cache_store(
                &self.cache_key(page.number, &version),
                &CachedPage::new(read.clone(), page, &version, full),
            );
        }
        self.finish(page, &read, version, false, full);
    }

    /// Adds a read to the page: its words as runs, its warnings, its OCR information.
    fn finish(
        &self,
        page: &mut PageModel,
        read: &PageRead,
        engine: String,
        cached: bool,
        full: bool,
    ) {
        page.warnings.extend(read.warnings.iter().cloned());
        if read.raster == "none" {
            return;
        }
        let mean = if read.words.is_empty() {
            0.0
        } else {
            read.words.iter().map(|w| w.conf).sum::<f32>() / read.words.len() as f32
        };
        let info = OcrInfo {
            engine,
            languages: self.options.languages.clone(),
            dpi: read.dpi,
            raster: read.raster.clone(),
            words: u32::try_from(read.words.len() + read.codes.len()).unwrap_or(u32::MAX),
            mean_confidence: (mean * 1000.0).round() / 1000.0,
            cached,
            // Every word already in the file's own text (`--ocr always` on a page with a layer):
            // nothing was added from the picture.
            full_page: full && !read.words.is_empty(),
        };
        apply(page, read);
        page.ocr = Some(info);
    }

    /// Keeps the picture hash of page `number` (computed from its decoded picture) in its cache
    /// entry `entry`, which an earlier Dossier wrote without one.
    pub fn remember_picture(&self, number: u32, mut entry: CachedPage, picture: Option<[u8; 32]>) {
        entry.picture = picture.map(hex::encode);
        entry.picture_known = true;
        let key = self.cache_key(number, &entry.engine);
        self.cache_store(&key, &entry);
    }

    /// File, page and every setting that changes what is read.
    fn cache_key(&self, number: u32, version: &str) -> String {
        let o = self.options;
        let params = format!(
            "v{CACHE_VERSION}|{version}|{}|{}|{}dpi|{}mpx",
            o.mode.as_str(),
            o.languages,
            o.render_dpi,
            o.max_megapixels
        );
        let h = hex::encode(Sha256::digest(params.as_bytes()));
        format!("{}-p{number}-{}", self.sha256, h.get(..16).unwrap_or(&h))
    }

    fn cache_path(&self, key: &str) -> Option<PathBuf> {
        let dir = self.options.cache_dir.as_ref()?;
        let shard = self.sha256.get(..2).unwrap_or("00");
        Some(dir.join(shard).join(format!("{key}.json")))
    }

    fn cache_load(&self, key: &str) -> Option<CachedPage> {
        let path = self.cache_path(key)?;
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    fn cache_store(&self, key: &str, read: &CachedPage) {
        let Some(path) = self.cache_path(key) else {
            return;
        };
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(data) = serde_json::to_vec(read) else {
            return;
        };
        // Atomic: a crash never leaves half an entry.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, data).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// The page's picture, upright: the page's own image at native resolution when one image
    /// makes the page and nothing is painted over it, else the page drawn by hayro.
    fn picture(
        &self,
        page: &PageModel,
    ) -> Result<(GrayBitmap, PixelMap, u32, &'static str), String> {
        let max_px = u64::from(self.options.max_megapixels.max(1)) * 1_000_000;
        let page_area = page.crop_box.area().max(1.0);
        let main = page
            .images
            .iter()
            .filter(|im| !im.rotated && !im.is_mask && im.name != "inline")
            .filter(|im| {
                im.bbox
                    .intersection(&page.crop_box)
                    .is_some_and(|r| r.area() / page_area > 0.5)
            })
            .max_by(|a, b| a.bbox.area().total_cmp(&b.bbox.area()));
        if let Some(im) = main {
            let painted_over = page.paths.iter().any(|p| {
                p.seq > im.seq
                    && p.fill.is_some()
                    && p.visible
                        .and_then(|v| v.intersection(&im.bbox))
                        .is_some_and(|i| i.area() > 50.0)
            }) || page.images.iter().any(|o| {
                o.seq > im.seq
                    && o.bbox
                        .intersection(&im.bbox)
                        .is_some_and(|i| i.area() > 50.0)
            });
            if !painted_over {
                let flip = im.matrix[3] < 0.0;
                let decoded = self.source.page_image(page.number, &im.name, flip, max_px);
                // An image too big or broken to decode is not handed to the renderer either.
                if let Err(e) = &decoded
                    && u64::from(im.width_px) * u64::from(im.height_px) > 64_000_000
                {
                    return Err(format!("page image {}×{}: {e}", im.width_px, im.height_px));
                }
                if let Ok(bm) = decoded {
                    let map = PixelMap::for_image(im.matrix, bm.width, bm.height);
                    let dpi = (f64::from(bm.width) * 72.0 / im.bbox.width().max(1.0)).round();
                    let dpi = (dpi as u32).clamp(30, 1200);
                    let turned = rotate_cw(&bm, page.rotate);
                    let map = map.rotated_cw(page.rotate, bm.width, bm.height);
                    return Ok((turned, map, dpi, "image"));
                }
            }
        }
        // The renderer decodes every image at the size its own header or filter gives and
        // inflates streams without a limit: a page that could make it allocate without bound is
        // not drawn.
        if let Some(why) = page.render_hazard() {
            return Err(format!("the page is not drawn: {why}"));
        }
        let renderer = self.renderer.get_or_init(|| PageRenderer::new(self.bytes));
        let (bm, map, dpi) = renderer.render_gray(
            page.number,
            &page.crop_box,
            page.rotate,
            self.options.render_dpi,
            max_px,
        )?;
        Ok((bm, map, dpi, "render"))
    }

    fn read_picture(&self, page: &PageModel, full: bool, dark: &[Rect]) -> PageRead {
        let langs = &self.options.languages;
        let mut read = PageRead {
            words: Vec::new(),
            codes: Vec::new(),
            dpi: 0,
            raster: "none".to_string(),
            warnings: Vec::new(),
        };
        let (bm, map, dpi, kind) = match self.picture(page) {
            Ok(p) => p,
            Err(e) => {
                read.warnings.push(format!("not read by OCR: {e}"));
                return read;
            }
        };
        read.dpi = dpi;
        read.raster = kind.to_string();
        let has_text_layer = page.file_text_chars() >= 20;
        if full {
            match recognise(&bm, dpi, langs, Region::Page) {
                Ok(words) => {
                    read.words = words
                        .into_iter()
                        .filter(keep_word)
                        .map(|w| to_word(&w, &map, 1.0, 0.0, 0.0))
                        .filter(|w| !overlaps_file_text(page, &w.bbox))
                        // On a page with text of its own (`--ocr always`), only sure reads
                        // add to it: the rest are rules, logos and boxes read as letters.
                        .filter(|w| !has_text_layer || w.conf >= 0.6)
                        // What the engine makes of a black box ("SE", "|") is not text.
                        .filter(|w| !dark.iter().any(|d| w.bbox.covered_by(d) > 0.6))
                        .collect();
                }
                Err(e) => read.warnings.push(format!("not read by OCR: {e}")),
            }
        }
        read.codes = self.read_codes(page, &bm, &map, dpi, dark, &read.words);
        read
    }

    /// Reads the bands around dark areas again, enlarged, for exemption codes.
    fn read_codes(
        &self,
        page: &PageModel,
        bm: &GrayBitmap,
        map: &PixelMap,
        dpi: u32,
        dark: &[Rect],
        words: &[OcrWord],
    ) -> Vec<OcrWord> {
        let langs = &self.options.languages;
        let (w, h) = (bm.width, bm.height);
        let pt = f64::from(dpi) / 72.0;
        let scale = (400.0 / f64::from(dpi.max(1))).ceil().clamp(1.0, 4.0);
        let has_code = |region: &Rect| {
            let in_runs = page.runs.iter().any(|r| {
                r.bbox.intersection(region).is_some()
                    && !codes::find_codes(&codes::repair_ocr(&r.text)).is_empty()
            });
            in_runs
                || words.iter().any(|w| {
                    w.bbox.intersection(region).is_some() && !codes::find_codes(&w.text).is_empty()
                })
        };
        // Pixel boxes of every dark area on the upright picture (blanked in the bands).
        let boxes: Vec<(u32, u32, u32, u32)> = dark
            .iter()
            .filter_map(|r| map.rect_to_px(r, w, h))
            .collect();
        // Boxes whose label is not read yet: nothing code-like on their line, just above them
        // or inside them.
        let unlabelled: Vec<(u32, u32, u32, u32)> = dark
            .iter()
            .filter(|r| {
                let line = Rect::new(page.crop_box.x0, r.y0 + 1.0, page.crop_box.x1, r.y1 - 1.0);
                let above = Rect::new(r.x0, r.y1, r.x1, r.y1 + 12.0);
                !has_code(&line) && !has_code(&above)
            })
            .filter_map(|r| map.rect_to_px(r, w, h))
            .collect();
        // Bands: the box's rows and a label's height above, across the page; merged when they
        // overlap.
        let mut bands: Vec<(u32, u32)> = unlabelled
            .iter()
            .map(|&(_, y0, _, y1)| {
                let above = (16.0 * pt) as u32;
                (y0.saturating_sub(above), (y1 + (3.0 * pt) as u32).min(h))
            })
            .collect();
        bands.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for b in bands {
            match merged.last_mut() {
                Some(m) if b.0 <= m.1 => m.1 = m.1.max(b.1),
                _ => merged.push(b),
            }
        }
        let mut out: Vec<OcrWord> = Vec::new();
        for &(y0, y1) in merged.iter().take(MAX_BANDS) {
            // The band with every dark area blanked, enlarged.
            let mut band = crop(bm, 0, y0, w, y1);
            for &(bx0, by0, bx1, by1) in &boxes {
                if by0 < y1 && by1 > y0 {
                    blank(
                        &mut band,
                        bx0,
                        by0.saturating_sub(y0),
                        bx1,
                        by1.saturating_sub(y0).min(y1 - y0),
                    );
                }
            }
            let big = upscale(&band, scale as u32);
            let read_dpi = (f64::from(dpi) * scale) as u32;
            if let Ok(found) = recognise(&big, read_dpi, langs, Region::Codes) {
                out.extend(code_words(&found, map, scale, 0.0, f64::from(y0)));
            }
        }
        // Labels printed inside a box in a light colour: read the box inverted.
        for &(x0, y0, x1, y1) in unlabelled.iter().take(MAX_BANDS) {
            let inner = crop(
                bm,
                x0 + 2,
                y0 + 2,
                x1.saturating_sub(2),
                y1.saturating_sub(2),
            );
            let light = inner.pixels.iter().filter(|p| **p > 160).count();
            let n = inner.pixels.len();
            if n == 0 || light * 300 < n || light * 2 > n {
                continue;
            }
            let mut inv = inner;
            inv.pixels.iter_mut().for_each(|p| *p = 255 - *p);
            let big = upscale(&pad(&inv, 8), scale as u32);
            let read_dpi = (f64::from(dpi) * scale) as u32;
            if let Ok(found) = recognise(&big, read_dpi, langs, Region::Codes) {
                let ox = f64::from(x0 + 2) - 8.0 / scale;
                let oy = f64::from(y0 + 2) - 8.0 / scale;
                out.extend(code_words(&found, map, scale, ox, oy));
            }
        }
        // A label read twice (two overlapping bands, or already in the page's text) counts once.
        let mut kept: Vec<OcrWord> = Vec::new();
        for word in out {
            let repeated = kept
                .iter()
                .any(|k| k.bbox.intersection(&word.bbox).is_some() && k.text == word.text)
                || page.runs.iter().any(|r| {
                    r.bbox.intersection(&word.bbox).is_some()
                        && codes::repair_ocr(&r.text).trim() == word.text.trim()
                });
            if !repeated {
                kept.push(word);
            }
        }
        kept
    }
}

/// The words of a code-band read that hold exemption codes, in PDF points.
fn code_words(found: &[Recognised], map: &PixelMap, scale: f64, ox: f64, oy: f64) -> Vec<OcrWord> {
    found
        .iter()
        .filter_map(|r| {
            let word = to_word(r, map, scale, ox, oy);
            (!codes::find_codes(&word.text).is_empty()).then_some(word)
        })
        .collect()
}

/// Words worth keeping: not specks and rules read as punctuation at low confidence.
fn keep_word(w: &Recognised) -> bool {
    let alnum = w.text.chars().any(char::is_alphanumeric);
    (alnum && w.conf >= 0.2) || w.conf >= 0.6
}

/// A recognised word in PDF points; its pixel box is in a crop enlarged `scale` times whose
/// top-left corner is at (`ox`, `oy`) of the picture.
fn to_word(r: &Recognised, map: &PixelMap, scale: f64, ox: f64, oy: f64) -> OcrWord {
    let bbox = map.rect_to_pdf(
        r.x0 / scale + ox,
        r.y0 / scale + oy,
        r.x1 / scale + ox,
        r.y1 / scale + oy,
    );
    OcrWord {
        text: codes::repair_ocr(&r.text),
        bbox: bbox.rounded(),
        conf: r.conf,
        line: r.line,
    }
}

/// The word sits on text the file already holds (OCR of a born-digital page): not doubled.
fn overlaps_file_text(page: &PageModel, b: &Rect) -> bool {
    let centre = b.center();
    page.runs.iter().any(|r| {
        r.ocr_conf.is_none()
            && r.render_mode != 7
            && (b.covered_by(&r.bbox) > 0.3 || r.bbox.inflate(2.0).contains(centre))
    })
}

fn crop(bm: &GrayBitmap, x0: u32, y0: u32, x1: u32, y1: u32) -> GrayBitmap {
    let (x1, y1) = (x1.min(bm.width), y1.min(bm.height));
    if x1 <= x0 || y1 <= y0 {
        return GrayBitmap {
            width: 0,
            height: 0,
            pixels: Vec::new(),
        };
    }
    let w = bm.width as usize;
    let mut pixels = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
    for y in y0..y1 {
        let row = y as usize * w;
        pixels.extend_from_slice(
            bm.pixels
                .get(row + x0 as usize..row + x1 as usize)
                .unwrap_or_default(),
        );
    }
    GrayBitmap {
        width: x1 - x0,
        height: y1 - y0,
        pixels,
    }
}

/// Paints white over columns `x0..x1` of rows `y0..y1`.
fn blank(bm: &mut GrayBitmap, x0: u32, y0: u32, x1: u32, y1: u32) {
    let w = bm.width as usize;
    for y in y0..y1.min(bm.height) {
        let row = y as usize * w;
        if let Some(s) = bm
            .pixels
            .get_mut(row + x0.min(bm.width) as usize..row + x1.min(bm.width) as usize)
        {
            s.fill(255);
        }
    }
}

/// A white margin of `m` pixels around the raster (Tesseract reads text touching the edge badly).
fn pad(bm: &GrayBitmap, m: u32) -> GrayBitmap {
    let (w, h) = (bm.width + 2 * m, bm.height + 2 * m);
    let mut pixels = vec![255u8; (w as usize) * (h as usize)];
    for y in 0..bm.height as usize {
        let src = bm
            .pixels
            .get(y * bm.width as usize..(y + 1) * bm.width as usize)
            .unwrap_or_default();
        let at = (y + m as usize) * w as usize + m as usize;
        if let Some(dst) = pixels.get_mut(at..at + src.len()) {
            dst.copy_from_slice(src);
        }
    }
    GrayBitmap {
        width: w,
        height: h,
        pixels,
    }
}

/// Bilinear enlargement by an integer factor.
fn upscale(bm: &GrayBitmap, f: u32) -> GrayBitmap {
    if f <= 1 || bm.width == 0 || bm.height == 0 {
        return bm.clone();
    }
    let (w, h) = (bm.width * f, bm.height * f);
    let (sw, sh) = (bm.width as usize, bm.height as usize);
    let at = |x: usize, y: usize| {
        f32::from(
            bm.pixels
                .get(y.min(sh - 1) * sw + x.min(sw - 1))
                .copied()
                .unwrap_or(255),
        )
    };
    let mut pixels = Vec::with_capacity((w as usize) * (h as usize));
    for y in 0..h {
        let fy = ((f64::from(y) + 0.5) / f64::from(f) - 0.5).max(0.0);
        let y0 = fy.floor().max(0.0) as usize;
        let ty = (fy - fy.floor()).clamp(0.0, 1.0) as f32;
        for x in 0..w {
            let fx = ((f64::from(x) + 0.5) / f64::from(f) - 0.5).max(0.0);
            let x0 = fx.floor().max(0.0) as usize;
            let tx = (fx - fx.floor()).clamp(0.0, 1.0) as f32;
            let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
            let bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
            pixels.push((top * (1.0 - ty) + bottom * ty).round().clamp(0.0, 255.0) as u8);
        }
    }
    GrayBitmap {
        width: w,
        height: h,
        pixels,
    }
}

/// Adds what OCR read to the page as word runs and rebuilds its lines. Code labels read in the
/// bands replace full-page words they overlap (the enlarged read is the better one).
fn apply(page: &mut PageModel, read: &PageRead) {
    let mut seq = page
        .runs
        .iter()
        .map(|r| r.seq)
        .chain(page.paths.iter().map(|p| p.seq))
        .chain(page.images.iter().map(|i| i.seq))
        .max()
        .unwrap_or(0);
    let words: Vec<&OcrWord> = read
        .words
        .iter()
        .filter(|w| {
            !read
                .codes
                .iter()
                .any(|c| w.bbox.covered_by(&c.bbox) > 0.5 || c.bbox.covered_by(&w.bbox) > 0.5)
        })
        .chain(read.codes.iter())
        .collect();
    // Geometry in display space (the page as shown, /Rotate applied): one baseline and size
    // per OCR line, the median bottom and the tallest word.
    let (crop, rotate) = (page.crop_box, page.rotate);
    let shown = |r: &Rect| crate::pdf::lines::rect_to_display(r, &crop, rotate);
    let mut lines: Vec<(u32, Vec<f64>, f64)> = Vec::new();
    for w in read.words.iter() {
        let d = shown(&w.bbox);
        match lines.iter_mut().find(|(l, _, _)| *l == w.line) {
            Some((_, bottoms, size)) => {
                bottoms.push(d.y0);
                *size = size.max(d.height());
            }
            None => lines.push((w.line, vec![d.y0], d.height())),
        }
    }
    for w in words {
        let d = shown(&w.bbox);
        let is_code = read.codes.iter().any(|c| std::ptr::eq(c, w));
        let (baseline, size) = match lines.iter_mut().find(|(l, _, _)| *l == w.line && !is_code) {
            Some((_, bottoms, size)) => {
                bottoms.sort_by(f64::total_cmp);
                let mid = bottoms.get(bottoms.len() / 2).copied().unwrap_or(d.y0);
                let base = if (mid - d.y0).abs() < 0.5 * *size {
                    mid
                } else {
                    d.y0
                };
                (base, *size)
            }
            None => (d.y0, d.height()),
        };
        seq += 1;
        page.runs
            .push(word_run(w, &d, baseline, size.max(1.0), seq, &crop, rotate));
    }
    page.lines = crate::pdf::lines::build_upright(&page.runs, &crop, rotate);
}

/// A word as a text run: characters share the word's box evenly along the line as shown
/// (`shown` is the word's box in display space); boxes in page space. `baseline` is in display
/// space, which is page space on unturned pages.
fn word_run(
    w: &OcrWord,
    shown: &Rect,
    baseline: f64,
    size: f64,
    seq: u32,
    crop: &Rect,
    rotate: u16,
) -> TextRun {
    let n = w.text.chars().count().max(1);
    let step = shown.width() / n as f64;
    let chars = (0..w.text.chars().count())
        .map(|i| {
            let c = Rect::new(
                shown.x0 + step * i as f64,
                shown.y0,
                shown.x0 + step * (i + 1) as f64,
                shown.y1,
            );
            CharBox::from_rect(&crate::pdf::lines::rect_from_display(&c, crop, rotate))
        })
        .collect();
    TextRun {
        text: w.text.clone(),
        chars,
        bbox: w.bbox,
        origin_x: w.bbox.x0,
        baseline_y: baseline,
        font_size: size,
        font_name: "OCR".to_string(),
        render_mode: 3,
        ocr_conf: Some(w.conf),
        fill: Color::BLACK,
        rotated: false,
        turn: 0,
        clip: None,
        seq,
    }
}

/// Removes cached OCR results older than `max_age` (housekeeping; errors are ignored).
pub fn prune_cache(dir: &Path, max_age: Duration) {
    let Ok(shards) = std::fs::read_dir(dir) else {
        return;
    };
    for shard in shards.flatten() {
        let Ok(entries) = std::fs::read_dir(shard.path()) else {
            continue;
        };
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > max_age);
            if old {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!("auto".parse::<OcrMode>(), Ok(OcrMode::Auto));
        assert_eq!("ALWAYS".parse::<OcrMode>(), Ok(OcrMode::Always));
        assert_eq!("never".parse::<OcrMode>(), Ok(OcrMode::Never));
        assert!("sometimes".parse::<OcrMode>().is_err());
    }

    #[test]
    fn upscale_and_pad_keep_the_picture() {
        let bm = GrayBitmap {
            width: 2,
            height: 1,
            pixels: vec![0, 255],
        };
        let big = upscale(&bm, 3);
        assert_eq!((big.width, big.height), (6, 3));
        assert_eq!(big.pixels.first(), Some(&0));
        assert_eq!(big.pixels.get(5), Some(&255));
        let p = pad(&bm, 2);
        assert_eq!((p.width, p.height), (6, 5));
        assert_eq!(p.pixels.get(2 * 6 + 2), Some(&0));
        assert_eq!(p.pixels.iter().filter(|v| **v == 0).count(), 1);
    }

    #[test]
    fn words_become_runs_on_one_baseline() {
        let mut page = PageModel::default();
        let read = PageRead {
            words: vec![
                OcrWord {
                    text: "Subject:".into(),
                    bbox: Rect::new(72.0, 700.0, 110.0, 710.0),
                    conf: 0.9,
                    line: 1,
                },
                OcrWord {
                    text: "permits".into(),
                    bbox: Rect::new(114.0, 697.5, 150.0, 709.0),
                    conf: 0.8,
                    line: 1,
                },
            ],
            codes: vec![OcrWord {
                text: "s.15(1)".into(),
                bbox: Rect::new(530.0, 700.0, 560.0, 707.0),
                conf: 0.7,
                line: 9,
            }],
            dpi: 150,
            raster: "image".into(),
            warnings: Vec::new(),
        };
        apply(&mut page, &read);
        assert_eq!(page.runs.len(), 3);
        assert!(page.runs.iter().all(|r| r.ocr_conf.is_some() && r.is_ocr()));
        let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["Subject: permits s.15(1)"]);
    }
}

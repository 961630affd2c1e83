//! Reading PDF files: the only module that touches lopdf.
//!
//! [`SourcePdf::open`] checks and loads a file's bytes under [`Limits`]; [`SourcePdf::extract_page`]
//! interprets one page's content stream into a [`PageModel`] (text runs with boxes, painted paths,
//! images, annotations, lines in reading order). Everything after this module sees plain data.
//! Source files are only ever read; [`annotate`] makes an annotated copy as new bytes.

pub mod annotate;
mod annots;
pub mod content;
mod extras;
pub mod fonts;
pub mod images;
pub mod lines;
pub mod model;
mod obj;
mod paths;
pub mod synthetic;

pub use model::*;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lopdf::{Dictionary, Object, ObjectId};

use crate::error::{Error, Result};
use crate::geometry::{Matrix, Rect};

/// Bounds that keep a hostile file from exhausting memory or time.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file accepted, bytes.
    pub max_file_bytes: u64,
    /// Most pages analysed in one file.
    pub max_pages: usize,
    /// Most bytes one stream may decompress to.
    pub max_decompressed_bytes: usize,
    /// Most content-stream operators interpreted on one page (form XObjects included).
    pub max_ops_per_page: usize,
    /// Deepest nesting of form XObjects.
    pub max_xobject_depth: usize,
    /// Most text characters kept for one page.
    pub max_chars_per_page: usize,
    /// Wall-clock budget for one page; past it the page is cut short with a warning.
    pub page_time_budget: Duration,
    /// Largest bitmap side kept for a scanned image, pixels (downsampled to fit).
    pub max_bitmap_side: u32,
    /// Page-model budget of a small file, bytes: what all its page models may hold together
    /// (characters and their boxes, path segments, images). Past it, later pages are kept as
    /// empty pages with a warning that names them. See [`Limits::model_budget`].
    pub max_model_bytes: usize,
    /// The budget of a bigger file: this many times its size in bytes, when that is more than
    /// `max_model_bytes`, up to `max_model_bytes_ceiling`.
    pub model_bytes_per_file_byte: usize,
    /// Largest page-model budget of any file, bytes.
    pub max_model_bytes_ceiling: usize,
}

impl Limits {
    /// The page-model budget of a file of `file_bytes` bytes: a few bytes of file cannot buy more
    /// than [`Limits::max_model_bytes`], and a large born-digital production still fits.
    pub fn model_budget(&self, file_bytes: usize) -> usize {
        file_bytes
            .saturating_mul(self.model_bytes_per_file_byte)
            .clamp(
                self.max_model_bytes,
                self.max_model_bytes_ceiling.max(self.max_model_bytes),
            )
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 2 * 1024 * 1024 * 1024,
            max_pages: 100_000,
            max_decompressed_bytes: 64 * 1024 * 1024,
            max_ops_per_page: 2_000_000,
            max_xobject_depth: 12,
            max_chars_per_page: 200_000,
            page_time_budget: Duration::from_secs(10),
            max_bitmap_side: 1600,
            max_model_bytes: 256 * 1024 * 1024,
            model_bytes_per_file_byte: 16,
            max_model_bytes_ceiling: 2 * 1024 * 1024 * 1024,
        }
    }
}

/// An opened PDF, read-only. `Sync`: pages are extracted in parallel.
pub struct SourcePdf {
    doc: lopdf::Document,
    page_ids: Vec<ObjectId>,
    limits: Limits,
    fonts: content::FontCache,
    /// The structure tree's `/Alt` and `/ActualText` by page and marked-content id, read once.
    structure: std::sync::OnceLock<extras::StructureTexts>,
}

/// US Letter, for pages without a usable `/MediaBox`.
const LETTER: Rect = Rect {
    x0: 0.0,
    y0: 0.0,
    x1: 612.0,
    y1: 792.0,
};

/// Most `/Parent` links followed for inherited page attributes.
const MAX_PARENT_DEPTH: usize = 64;

/// Largest object stream accepted while loading, decompressed, bytes. lopdf parses all of an
/// object stream's objects at once, at about 60 bytes of memory per byte of stream for a stream
/// of small numbers; real object streams hold a few hundred objects (the largest in the shared
/// corpus is 67 KB).
const MAX_OBJECT_STREAM_BYTES: usize = 2 * 1024 * 1024;

/// Largest stream lopdf decompresses while loading (cross-reference streams: 16 MiB is about
/// 2.4 million objects), bytes.
const MAX_LOAD_STREAM_BYTES: usize = 16 * 1024 * 1024;

/// Most memory the document structure (lopdf's objects: dictionaries, arrays, names, strings;
/// not stream data, which is bounded by the file's size) may take, bytes, as estimated by
/// [`object_cost`]. A 100,000-page file of plain pages takes about half of it.
const MAX_STRUCTURE_BYTES: usize = 256 * 1024 * 1024;

/// Largest object `load_filter` copies, bytes of estimated cost.
const MAX_COPIED_OBJECT_BYTES: usize = 32 * 1024 * 1024;

/// One load at a time, so that the counters below are one file's.
static LOADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
/// Estimated cost of the objects loaded so far (see [`load_filter`]).
static LOAD_COST: AtomicUsize = AtomicUsize::new(0);
/// Why the load was cut short: 0 not, 1 an object stream too large, 2 the structure too large.
static LOAD_CUT: AtomicUsize = AtomicUsize::new(0);

/// Estimated memory of a loaded object, bytes (stream data left out).
fn object_cost(o: &Object, depth: usize) -> usize {
    let base = std::mem::size_of::<Object>();
    let dict = |d: &Dictionary| -> usize {
        d.iter()
            .map(|(k, v)| k.len() + 48 + object_cost(v, depth + 1))
            .sum()
    };
    match o {
        Object::Name(v) | Object::String(v, _) => base + v.len(),
        // Spare capacity counts: parsed arrays grow by doubling.
        Object::Array(a) if depth < 64 => {
            base + (a.capacity() - a.len()) * base
                + a.iter().map(|x| object_cost(x, depth + 1)).sum::<usize>()
        }
        Object::Array(a) => base + a.capacity() * base,
        Object::Dictionary(d) => base + dict(d),
        Object::Stream(st) => base + dict(&st.dict),
        _ => base,
    }
}

/// Called by lopdf for every object it loads (those of object streams included): refuses an
/// object stream that decompresses past [`MAX_OBJECT_STREAM_BYTES`] before lopdf parses it,
/// and counts what the objects cost against [`MAX_STRUCTURE_BYTES`].
fn load_filter(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if LOAD_CUT.load(Ordering::Relaxed) != 0 {
        return None;
    }
    if let Object::Stream(st) = object
        && st.dict.has_type(b"ObjStm")
        && let Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) =
            st.get_plain_content_with_limit(MAX_OBJECT_STREAM_BYTES)
    {
        LOAD_CUT.store(1, Ordering::Relaxed);
        return None;
    }
    let cost = object_cost(object, 0);
    if LOAD_COST.fetch_add(cost, Ordering::Relaxed) + cost > MAX_STRUCTURE_BYTES {
        LOAD_CUT.store(2, Ordering::Relaxed);
        return None;
    }
    // lopdf keeps the object it passed for objects stored directly in the file, and the one
    // returned for objects of object streams; which one this is cannot be told here. A copy of a
    // giant object would double its cost: past `MAX_COPIED_OBJECT_BYTES` none is made, so such an
    // object is kept when written out in the file and dropped (null) from an object stream, where
    // nothing real is that large (an object stream is at most 2 MiB).
    if cost > MAX_COPIED_OBJECT_BYTES {
        return Some((id, Object::Null));
    }
    Some((id, object.clone()))
}

impl SourcePdf {
    /// Checks the header and loads the document structure. Encrypted files open when the empty
    /// user password works; otherwise [`Error::Encrypted`].
    pub fn open(bytes: &[u8], limits: &Limits) -> Result<SourcePdf> {
        if bytes.is_empty() {
            return Err(Error::Empty);
        }
        let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(Error::NotPdf);
        }
        let options = lopdf::LoadOptions {
            // What lopdf decompresses while loading: cross-reference streams (7 bytes an object)
            // and object streams (checked more tightly by `load_filter`).
            max_decompressed_size: Some(limits.max_decompressed_bytes.min(MAX_LOAD_STREAM_BYTES)),
            filter: Some(load_filter),
            ..Default::default()
        };
        let _one_load = LOADING.lock().unwrap_or_else(|e| e.into_inner());
        LOAD_COST.store(0, Ordering::Relaxed);
        LOAD_CUT.store(0, Ordering::Relaxed);
        let loaded = lopdf::Document::load_mem_with_options(bytes, options);
        match LOAD_CUT.load(Ordering::Relaxed) {
            1 => {
                return Err(Error::Limit(format!(
                    "an object stream decompresses to more than {} MiB",
                    MAX_OBJECT_STREAM_BYTES >> 20
                )));
            }
            2 => {
                return Err(Error::Limit(format!(
                    "the document structure would take more than {} MiB of memory (arrays and dictionaries of millions of entries)",
                    MAX_STRUCTURE_BYTES >> 20
                )));
            }
            _ => {}
        }
        let doc = loaded.map_err(|e| {
            let msg = e.to_string();
            let lower = msg.to_ascii_lowercase();
            if lower.contains("password") || lower.contains("decrypt") || lower.contains("encrypt")
            {
                Error::Encrypted
            } else {
                Error::Damaged(short(&msg))
            }
        })?;
        if doc.is_encrypted() && doc.encryption_state.is_none() {
            return Err(Error::Encrypted);
        }
        let page_ids: Vec<_> = doc
            .get_pages()
            .into_values()
            .take(limits.max_pages)
            .collect();
        if page_ids.is_empty() {
            return Err(Error::NoPages);
        }
        Ok(SourcePdf {
            doc,
            page_ids,
            limits: limits.clone(),
            fonts: content::FontCache::default(),
            structure: std::sync::OnceLock::new(),
        })
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.page_ids.len()
    }

    /// Text the file holds outside its pages' content: bookmarks with where they point,
    /// document information, XMP metadata, attached files (all bounded).
    pub fn document_extras(&self) -> DocumentExtras {
        let pages: std::collections::HashMap<ObjectId, u32> = self
            .page_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, u32::try_from(i + 1).unwrap_or(u32::MAX)))
            .collect();
        extras::document_extras(&self.doc, &pages)
    }

    /// An attribute of the page or, failing that, of its ancestors in the page tree.
    fn inherited<'a>(&'a self, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut dict = page;
        for _ in 0..MAX_PARENT_DEPTH {
            if let Ok(v) = dict.get(key) {
                return obj::resolve(&self.doc, v);
            }
            dict = obj::get_dict(&self.doc, dict, b"Parent")?;
        }
        None
    }

    /// The visible box (crop box) and rotation of page `number`, cheaply (no content read).
    pub fn page_box(&self, number: u32) -> (Rect, u16) {
        let Some(dict) = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.page_ids.get(i))
            .and_then(|id| self.doc.get_dictionary(*id).ok())
        else {
            return (LETTER, 0);
        };
        let doc = &self.doc;
        let usable = |r: &Rect| r.is_finite() && r.width() >= 1.0 && r.height() >= 1.0;
        let media = self
            .inherited(dict, b"MediaBox")
            .and_then(|o| obj::rect(doc, o))
            .filter(usable)
            .unwrap_or(LETTER);
        let crop = self
            .inherited(dict, b"CropBox")
            .and_then(|o| obj::rect(doc, o))
            .and_then(|c| c.intersection(&media))
            .filter(usable)
            .unwrap_or(media);
        let rotate = self
            .inherited(dict, b"Rotate")
            .and_then(obj::num)
            .filter(|r| r.is_finite())
            .map_or(0, |r| {
                (((r / 90.0).round() as i64).rem_euclid(4) * 90) as u16
            });
        (crop, rotate)
    }

    /// Page `number` with its boxes and rotation and nothing else read (no content).
    pub fn blank_page(&self, number: u32) -> PageModel {
        let (crop_box, rotate) = self.page_box(number);
        PageModel {
            number,
            media_box: crop_box,
            crop_box,
            rotate,
            ..Default::default()
        }
    }

    /// The page model of page `number` (1-based). Never fails: problems become page warnings.
    pub fn extract_page(&self, number: u32) -> PageModel {
        self.extract(number, true)
    }

    /// [`Self::extract_page`] without decoding page images (no `bitmap`s): for a page whose
    /// image analysis is already known.
    pub fn extract_page_without_bitmaps(&self, number: u32) -> PageModel {
        self.extract(number, false)
    }

    fn extract(&self, number: u32, bitmaps: bool) -> PageModel {
        let mut page = PageModel {
            number,
            media_box: LETTER,
            crop_box: LETTER,
            ..Default::default()
        };
        let Some(dict) = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.page_ids.get(i))
            .and_then(|id| self.doc.get_dictionary(*id).ok())
        else {
            page.warnings.push("page object missing".to_string());
            return page;
        };
        let doc = &self.doc;
        let usable = |r: Rect| r.is_finite() && r.width() >= 1.0 && r.height() >= 1.0;
        match self
            .inherited(dict, b"MediaBox")
            .and_then(|o| obj::rect(doc, o))
        {
            Some(r) if usable(r) => page.media_box = r,
            _ => page
                .warnings
                .push("no usable /MediaBox; US Letter assumed".to_string()),
        }
        page.crop_box = self
            .inherited(dict, b"CropBox")
            .and_then(|o| obj::rect(doc, o))
            .and_then(|c| c.intersection(&page.media_box))
            .filter(|c| usable(*c))
            .unwrap_or(page.media_box);
        let rotate = self
            .inherited(dict, b"Rotate")
            .and_then(obj::num)
            .unwrap_or(0.0);
        page.rotate = if rotate.is_finite() {
            (((rotate / 90.0).round() as i64).rem_euclid(4) * 90) as u16
        } else {
            0
        };
        let resources = self.inherited(dict, b"Resources").and_then(obj::as_dict);

        let data = self.page_content(dict, &mut page.warnings, &mut page.stream_hazard);
        let structure = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.page_ids.get(i))
            .and_then(|id| {
                self.structure
                    .get_or_init(|| extras::structure_texts(doc))
                    .get(id)
            });
        let mcids: Vec<i64> = structure
            .map(|s| s.iter().map(|(m, _, _)| *m).collect())
            .unwrap_or_default();
        let read = |ctm: Matrix, area: Rect| {
            let mut interp = content::Interp::new(doc, &self.limits, &self.fonts, area)
                .with_ctm(ctm)
                .with_mcids(mcids.clone());
            if !bitmaps {
                interp = interp.without_bitmaps();
            }
            interp.run(&data, resources);
            interp.finish()
        };
        let mut painted = read(Matrix::IDENTITY, page.crop_box);
        // Most of the text drawn along a quarter turn (a landscape memo laid on a portrait page,
        // or drawn turned and shown upright by /Rotate): read the page again in the frame where
        // that text runs left to right. The frame is shown with /Rotate lessened by the turn,
        // so the page looks exactly as the file's page does.
        let turn = if page.stream_hazard.is_none() && painted.stream_hazard.is_none() {
            painted.dominant_turn()
        } else {
            None
        };
        let mut frame = Matrix::IDENTITY;
        if let Some(q) = turn {
            frame = Matrix::quarter_turn_cw(q);
            page.media_box = frame.apply_rect(&page.media_box);
            page.crop_box = frame.apply_rect(&page.crop_box);
            page.rotate = (page.rotate + 360 - q) % 360;
            page.turn = q;
            painted = read(frame, page.crop_box);
        }
        page.runs = painted.runs;
        page.undecoded = painted.undecoded;
        page.marked = painted.marked;
        if let Some(structure) = structure {
            let mut by_id: std::collections::HashMap<i64, Vec<&(i64, MarkedKind, String)>> =
                std::collections::HashMap::new();
            for s in structure {
                by_id.entry(s.0).or_default().push(s);
            }
            for (mcid, bbox) in &painted.mcid_boxes {
                for (_, kind, text) in by_id.get(mcid).into_iter().flatten() {
                    if page.marked.len() < 10_000 {
                        page.marked.push(MarkedText {
                            kind: *kind,
                            text: text.clone(),
                            bbox: *bbox,
                            from_structure: true,
                        });
                    }
                }
            }
        }
        page.paths = painted.paths;
        page.images = painted.images;
        page.warnings.extend(painted.warnings);
        if page.stream_hazard.is_none() {
            page.stream_hazard = painted.stream_hazard;
        }
        page.annotations = annots::read(doc, dict, &mut page.warnings);
        if turn.is_some() {
            for a in &mut page.annotations {
                a.rect = frame.apply_rect(&a.rect);
                for q in &mut a.quads {
                    *q = frame.apply_rect(q);
                }
            }
        }
        page.lines = lines::build(&page.runs);
        // Productions run to thousands of pages: no page keeps spare capacity.
        page.runs.shrink_to_fit();
        page.paths.shrink_to_fit();
        page.images.shrink_to_fit();
        page.lines.shrink_to_fit();
        page.marked.shrink_to_fit();
        page.warnings.shrink_to_fit();
        page
    }

    /// The pixels of image XObject `/name` of page `number`, greyscale at its native resolution
    /// (box-averaged down past `max_pixels`), row 0 at the top of the image's unit square, or
    /// mirrored when `flip` (the image is placed upside down). For OCR of scanned pages.
    pub fn page_image(
        &self,
        number: u32,
        name: &str,
        flip: bool,
        max_pixels: u64,
    ) -> std::result::Result<GrayBitmap, String> {
        let dict = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.page_ids.get(i))
            .and_then(|id| self.doc.get_dictionary(*id).ok())
            .ok_or_else(|| "page object missing".to_string())?;
        let stream = self
            .inherited(dict, b"Resources")
            .and_then(obj::as_dict)
            .and_then(|r| obj::get_dict(&self.doc, r, b"XObject"))
            .and_then(|x| x.get(name.as_bytes()).ok())
            .and_then(|o| obj::resolve(&self.doc, o))
            .and_then(obj::as_stream)
            .ok_or_else(|| format!("image /{name} is not a page resource"))?;
        let mut bm =
            images::decode_gray_native(&self.doc, stream, &self.limits, Color::BLACK, max_pixels)?;
        if flip {
            images::flip_vertical(&mut bm);
        }
        Ok(bm)
    }

    /// The page's content streams, decoded and joined, within the decompression limit.
    fn page_content(
        &self,
        dict: &Dictionary,
        warnings: &mut Vec<String>,
        hazard: &mut Option<String>,
    ) -> Vec<u8> {
        let doc = &self.doc;
        let streams: Vec<&lopdf::Stream> = match obj::get(doc, dict, b"Contents") {
            Some(Object::Stream(s)) => vec![s],
            Some(Object::Array(a)) => a
                .iter()
                .take(10_000)
                .filter_map(|o| obj::resolve(doc, o).and_then(obj::as_stream))
                .collect(),
            _ => Vec::new(),
        };
        let mut data = Vec::new();
        for s in streams {
            let left = self
                .limits
                .max_decompressed_bytes
                .saturating_sub(data.len());
            match s.get_plain_content_with_limit(left) {
                Ok(d) => {
                    data.extend_from_slice(&d);
                    data.push(b'\n');
                }
                Err(e) => {
                    let why = format!("content stream unreadable ({})", short(&e.to_string()));
                    hazard.get_or_insert_with(|| why.clone());
                    warnings.push(why);
                }
            }
        }
        data
    }
}

/// Most earlier revisions of a file read for leaks (each is opened as a whole document).
const MAX_REVISIONS: usize = 8;

/// Where the earlier revisions of an incrementally updated file end: the byte length of each
/// prefix that ends at an `%%EOF` marker followed by a later update (a later `startxref`), oldest
/// first, at most [`MAX_REVISIONS`] (the newest ones). Each prefix is a complete PDF of that
/// revision. Empty for a file saved once.
pub fn earlier_revisions(bytes: &[u8]) -> Vec<usize> {
    const EOF: &[u8] = b"%%EOF";
    let mut ends = Vec::new();
    let mut at = 0;
    while let Some(p) = bytes
        .get(at..)
        .and_then(|rest| rest.windows(EOF.len()).position(|w| w == EOF))
    {
        let mut end = at + p + EOF.len();
        while matches!(bytes.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        ends.push(end);
        at = end;
    }
    // Only a marker with an update after it ends a revision.
    let later_update = |end: usize| {
        bytes
            .get(end..)
            .is_some_and(|rest| rest.windows(9).any(|w| w == b"startxref"))
    };
    let mut revisions: Vec<usize> = ends.into_iter().filter(|&e| later_update(e)).collect();
    let skip = revisions.len().saturating_sub(MAX_REVISIONS);
    revisions.drain(..skip);
    revisions
}

/// An error message cut to one readable line.
fn short(msg: &str) -> String {
    let line = msg.lines().next().unwrap_or(msg);
    if line.chars().count() > 200 {
        let cut: String = line.chars().take(200).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

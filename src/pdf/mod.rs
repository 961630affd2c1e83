//! Reading PDF files: the only module that touches lopdf.
//!
//! [`SourcePdf::open`] checks and loads a file's bytes under [`Limits`]; [`SourcePdf::extract_page`]
//! interprets one page's content stream into a [`PageModel`] (text runs with boxes, painted paths,
//! images, annotations, lines in reading order). Everything after this module sees plain data.
//! Source files are only ever read.

mod annots;
pub mod content;
pub mod fonts;
pub mod images;
pub mod lines;
pub mod model;
mod obj;

pub use model::*;

use std::time::Duration;

use lopdf::{Dictionary, Object, ObjectId};

use crate::error::{Error, Result};
use crate::geometry::Rect;

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
        }
    }
}

/// An opened PDF, read-only. `Sync`: pages are extracted in parallel.
pub struct SourcePdf {
    doc: lopdf::Document,
    page_ids: Vec<ObjectId>,
    limits: Limits,
    fonts: content::FontCache,
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
            max_decompressed_size: Some(limits.max_decompressed_bytes),
            ..Default::default()
        };
        let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| {
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
        })
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.page_ids.len()
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

        let data = self.page_content(dict, &mut page.warnings);
        let mut interp = content::Interp::new(doc, &self.limits, &self.fonts, page.crop_box);
        if !bitmaps {
            interp = interp.without_bitmaps();
        }
        interp.run(&data, resources);
        let painted = interp.finish();
        page.runs = painted.runs;
        page.paths = painted.paths;
        page.images = painted.images;
        page.warnings.extend(painted.warnings);
        page.annotations = annots::read(doc, dict, &mut page.warnings);
        page.lines = lines::build(&page.runs);
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
    fn page_content(&self, dict: &Dictionary, warnings: &mut Vec<String>) -> Vec<u8> {
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
                    warnings.push(format!(
                        "content stream unreadable ({})",
                        short(&e.to_string())
                    ));
                }
            }
        }
        data
    }
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

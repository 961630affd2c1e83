//! The page model: what a page shows, as plain data.
//!
//! This is the one representation every detector, the GUI and the exports share. It holds no lopdf
//! type: `pdf::extract` fills it, everything else reads it. Coordinates are PDF points in the page's
//! default user space (origin bottom-left, before `/Rotate`). Every painted item carries `seq`, its
//! position in painting order on the page, so that "drawn on top of" questions can be answered.

use serde::{Deserialize, Serialize};

use crate::geometry::Rect;

/// A colour as painted, reduced to RGB in 0..=1 (DeviceGray/RGB/CMYK and their ICC equivalents).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Color {
    /// Red, 0..=1.
    pub r: f32,
    /// Green, 0..=1.
    pub g: f32,
    /// Blue, 0..=1.
    pub b: f32,
}

impl Default for Color {
    fn default() -> Self {
        Color::BLACK
    }
}

impl Color {
    /// Black, the initial fill and stroke colour.
    pub const BLACK: Color = Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
    };
    /// White.
    pub const WHITE: Color = Color {
        r: 1.0,
        g: 1.0,
        b: 1.0,
    };

    /// A grey level.
    pub fn gray(v: f32) -> Self {
        let v = v.clamp(0.0, 1.0);
        Color { r: v, g: v, b: v }
    }

    /// From RGB components.
    pub fn rgb(r: f32, g: f32, b: f32) -> Self {
        Color {
            r: r.clamp(0.0, 1.0),
            g: g.clamp(0.0, 1.0),
            b: b.clamp(0.0, 1.0),
        }
    }

    /// From CMYK components (naive conversion, as most viewers do without a profile).
    pub fn cmyk(c: f32, m: f32, y: f32, k: f32) -> Self {
        let k = k.clamp(0.0, 1.0);
        Color::rgb(
            (1.0 - c.clamp(0.0, 1.0)) * (1.0 - k),
            (1.0 - m.clamp(0.0, 1.0)) * (1.0 - k),
            (1.0 - y.clamp(0.0, 1.0)) * (1.0 - k),
        )
    }

    /// Relative luminance, 0 (black) to 1 (white).
    pub fn luminance(&self) -> f32 {
        0.2126 * self.r + 0.7152 * self.g + 0.0722 * self.b
    }

    /// Saturation-ish: spread between the largest and smallest component.
    pub fn chroma(&self) -> f32 {
        self.r.max(self.g).max(self.b) - self.r.min(self.g).min(self.b)
    }
}

/// The box of one character of a text run, in page points (f32 to keep big productions small).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct CharBox {
    /// Left.
    pub x0: f32,
    /// Bottom (descent).
    pub y0: f32,
    /// Right (origin + advance).
    pub x1: f32,
    /// Top (ascent).
    pub y1: f32,
}

impl CharBox {
    /// As a [`Rect`].
    pub fn rect(&self) -> Rect {
        Rect::new(
            f64::from(self.x0),
            f64::from(self.y0),
            f64::from(self.x1),
            f64::from(self.y1),
        )
    }

    /// From a [`Rect`].
    pub fn from_rect(r: &Rect) -> Self {
        // Narrowing to f32 is deliberate: a page is at most 14,400 pt wide.
        CharBox {
            x0: r.x0 as f32,
            y0: r.y0 as f32,
            x1: r.x1 as f32,
            y1: r.y1 as f32,
        }
    }
}

/// One text-showing operation (`Tj`, `TJ`, `'`, `"`) decoded to Unicode, with positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextRun {
    /// The decoded text. A large negative `TJ` gap becomes a space.
    pub text: String,
    /// One box per `char` of `text` (same length as `text.chars()`).
    pub chars: Vec<CharBox>,
    /// The box of the whole run (font ascent to descent), page points.
    pub bbox: Rect,
    /// Baseline start point x, page points.
    pub origin_x: f64,
    /// Baseline y, page points (for horizontal text).
    pub baseline_y: f64,
    /// Effective font size in page points (text size × text matrix × CTM scale).
    pub font_size: f64,
    /// The font's `/BaseFont` (subset prefix removed), or its resource name.
    pub font_name: String,
    /// Text rendering mode (`Tr`): 3 is invisible (OCR layers), 7 adds to clip only.
    pub render_mode: u8,
    /// Fill colour at the time of painting.
    pub fill: Color,
    /// The text direction is not horizontal (rotated or vertical text).
    pub rotated: bool,
    /// For rotated text that runs along a quarter turn: 90 (up the page), 180 (upside down) or
    /// 270 (down the page), anticlockwise; 0 otherwise (upright, skewed or vertical text).
    #[serde(default, skip_serializing_if = "is_zero_u16")]
    pub turn: u16,
    /// The clipping area in force when painted, page points; `None` when unclipped.
    pub clip: Option<Rect>,
    /// Painting order on the page.
    pub seq: u32,
    /// Read by Dossier's OCR from the page image, with Tesseract's word confidence (0..=1);
    /// `None` for text that is in the file (born-digital, or an OCR layer someone else made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_conf: Option<f32>,
}

impl TextRun {
    /// The run is text recognised from a picture: Dossier's OCR, or an invisible layer (render
    /// mode 3) that an OCR program put in the file.
    pub fn is_ocr(&self) -> bool {
        self.ocr_conf.is_some() || self.render_mode == 3
    }

    /// The run paints visible glyphs: not render mode 3/7, not fully clipped away.
    pub fn is_visible(&self) -> bool {
        if self.render_mode == 3 || self.render_mode == 7 {
            return false;
        }
        match self.clip {
            Some(c) => c.intersection(&self.bbox).is_some(),
            None => true,
        }
    }
}

/// Glyphs of one text-show whose font gives them no Unicode (no `/ToUnicode` entry, no glyph
/// name that means a character): text is there, but it cannot be read as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndecodedGlyphs {
    /// One box per glyph, page points.
    pub chars: Vec<CharBox>,
    /// The font, as in [`TextRun::font_name`].
    pub font_name: String,
    /// Text rendering mode (`Tr`).
    pub render_mode: u8,
    /// Fill colour at the time of painting.
    pub fill: Color,
    /// The clipping area in force when painted, page points.
    pub clip: Option<Rect>,
    /// Painting order on the page.
    pub seq: u32,
}

/// How a path is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FillRule {
    /// Nonzero winding.
    NonZero,
    /// Even-odd.
    EvenOdd,
}

/// A painted path (after the CTM), reduced to its subpaths' polygons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathShape {
    /// Bounding box of the whole path, page points.
    pub bbox: Rect,
    /// The path is one axis-aligned rectangle (`re`, or a closed 4-point path with right angles).
    pub is_rect: bool,
    /// Number of subpaths.
    pub subpaths: u32,
    /// The path contains curves (`c`, `v`, `y`).
    pub has_curves: bool,
    /// Fill colour when the path is filled.
    pub fill: Option<Color>,
    /// Fill rule when filled.
    pub fill_rule: FillRule,
    /// Stroke colour when the path is stroked.
    pub stroke: Option<Color>,
    /// Stroke line width in page points.
    pub line_width: f64,
    /// Fill opacity (`/ca` of the graphics state), 0..=1.
    pub fill_alpha: f32,
    /// The clipping area in force when painted, page points; `None` when unclipped.
    pub clip: Option<Rect>,
    /// The area actually painted: `bbox` intersected with `clip` (`None` when clipped away entirely).
    pub visible: Option<Rect>,
    /// The rectangles of all subpaths when each is an axis-aligned rectangle, or a curved shape
    /// that nearly fills its bounding box (a box with rounded corners); empty otherwise.
    pub rects: Vec<Rect>,
    /// Painting order on the page.
    pub seq: u32,
}

/// A downsampled greyscale copy of an image's pixels (0 black .. 255 white), row 0 at the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrayBitmap {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` luminance samples, row by row from the top of the image.
    pub pixels: Vec<u8>,
}

impl GrayBitmap {
    /// The sample at (x, y), `None` outside.
    pub fn get(&self, x: u32, y: u32) -> Option<u8> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize).checked_mul(self.width as usize)? + x as usize;
        self.pixels.get(i).copied()
    }
}

/// An image painted on the page (`Do` of an image XObject, or an inline image).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImagePlacement {
    /// Where the unit square lands, page points (bounding box of the mapped square).
    pub bbox: Rect,
    /// The image maps the unit square with a rotation or skew.
    pub rotated: bool,
    /// Width in pixels as declared.
    pub width_px: u32,
    /// Height in pixels as declared.
    pub height_px: u32,
    /// The image is a stencil mask (`/ImageMask true`), painted in the fill colour.
    pub is_mask: bool,
    /// The last stream filter (`DCTDecode`, `FlateDecode`, `CCITTFaxDecode`, `JBIG2Decode`...).
    pub filter: Option<String>,
    /// XObject resource name, or `inline`.
    pub name: String,
    /// Decoded pixels, downsampled, for images that cover a large part of the page (scans).
    /// Filled by extraction when it can decode the data; dropped once page detectors have run.
    #[serde(skip)]
    pub bitmap: Option<GrayBitmap>,
    /// Why drawing this image could take unbounded memory (see
    /// [`crate::pdf::images::render_hazard`]); a page holding one is not drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub render_hazard: Option<String>,
    /// The matrix that places the image: the unit square's corners map through it.
    pub matrix: [f64; 6],
    /// The clipping area in force when painted, page points.
    pub clip: Option<Rect>,
    /// Painting order on the page.
    pub seq: u32,
}

/// A page annotation (`/Annots`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// `/Subtype` without the slash: `Redact`, `Square`, `Link`, `Highlight`...
    pub subtype: String,
    /// `/Rect`, page points.
    pub rect: Rect,
    /// `/QuadPoints` as boxes, page points (Redact and markup annotations).
    pub quads: Vec<Rect>,
    /// `/Contents`.
    pub contents: Option<String>,
    /// `/OverlayText` (Redact).
    pub overlay_text: Option<String>,
    /// `/IC` interior colour (Redact, Square), when given.
    pub interior_color: Option<Color>,
    /// `/C` colour, when given.
    pub color: Option<Color>,
    /// `/T` author, when given.
    pub author: Option<String>,
    /// An `/AP /N` appearance stream exists.
    pub has_appearance: bool,
    /// `/F` flags say hidden.
    pub hidden: bool,
    /// A form field's value (`/V` of a widget or of its field, a text string), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value: Option<String>,
    /// A form field's tooltip (`/TU`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// `/RC` rich-text contents, tags removed, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rich_text: Option<String>,
    /// The `/Contents` of the annotation a `/Popup` belongs to (its `/Parent`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_text: Option<String>,
}

/// What a marked-content sequence says its content is, in place of (or besides) what it paints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkedKind {
    /// `/ActualText`: the text the content stands for.
    ActualText,
    /// `/Alt`: an alternate description.
    Alt,
}

/// A marked-content sequence (`BDC … EMC`) with `/ActualText` or `/Alt`, given in its properties
/// or by the structure element that owns it (by `/MCID`), and where its content was painted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkedText {
    /// `/ActualText` or `/Alt`.
    pub kind: MarkedKind,
    /// The text, at most [`MarkedText::MAX_CHARS`] characters.
    pub text: String,
    /// What the sequence painted (glyphs, paths, images), page points.
    pub bbox: Rect,
    /// The text came from the structure tree, not from the content stream.
    #[serde(default)]
    pub from_structure: bool,
}

impl MarkedText {
    /// Most characters kept of one text.
    pub const MAX_CHARS: usize = 4000;
}

/// An outline entry (bookmark): its title and where it points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineItem {
    /// `/Title`.
    pub title: String,
    /// The 1-based page its destination names, when it names one of the file's pages.
    pub page: Option<u32>,
    /// The destination's left, when given (`/XYZ left top zoom`, `/FitH top`...), page points.
    pub left: Option<f64>,
    /// The destination's top, when given, page points.
    pub top: Option<f64>,
}

/// A file attached to the PDF (`/EmbeddedFiles`, or a `/FileAttachment` annotation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file name (`/UF`, else `/F`, else the name-tree key).
    pub name: String,
    /// `/Desc`, when given.
    pub description: Option<String>,
    /// The content when it is plain text (UTF-8 or Latin-1 without control bytes), at most
    /// [`DocumentExtras::MAX_ATTACHMENT_TEXT`] bytes read.
    pub text: Option<String>,
}

/// Text a file holds outside its pages: bookmarks, metadata, attachments. Bounded (see the
/// constants).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocumentExtras {
    /// Outline entries in tree order.
    pub outlines: Vec<OutlineItem>,
    /// Document information entries (`Title`, `Subject`, `Keywords`, `Author`), key and value.
    pub info: Vec<(String, String)>,
    /// XMP metadata fields (`dc:title`, `dc:description`, `dc:subject`, `pdf:Keywords`), key and value.
    pub xmp: Vec<(String, String)>,
    /// Attached files.
    pub attachments: Vec<Attachment>,
}

impl DocumentExtras {
    /// Most outline entries read (the tree can loop: every entry is visited once).
    pub const MAX_OUTLINES: usize = 10_000;
    /// Most attachments read.
    pub const MAX_ATTACHMENTS: usize = 100;
    /// Most bytes of an attachment read as text.
    pub const MAX_ATTACHMENT_TEXT: usize = 64 * 1024;
    /// Most characters kept of one string (a title, a description, a metadata value).
    pub const MAX_STRING: usize = 4000;
}

/// A line of text in reading order, assembled from runs that share a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    /// The line's text; runs joined, with a space where a visible gap separates them.
    pub text: String,
    /// One box per `char` of `text` (inserted spaces get the gap's box).
    pub chars: Vec<CharBox>,
    /// Indices into [`PageModel::runs`] of the runs on this line, left to right.
    pub runs: Vec<u32>,
    /// Bounding box of the line, page points.
    pub bbox: Rect,
    /// Baseline y, page points.
    pub baseline_y: f64,
    /// Most common font size on the line, page points.
    pub font_size: f64,
}

impl TextLine {
    /// The box around `text[start..end]` given as char indices, `None` when empty or out of range.
    pub fn span_bbox(&self, start: usize, end: usize) -> Option<Rect> {
        let boxes = self.chars.get(start..end.min(self.chars.len()))?;
        boxes.iter().map(CharBox::rect).reduce(|a, b| a.union(&b))
    }

    /// The box around the byte range `text[start..end]`, `None` when empty or not on char boundaries.
    pub fn byte_span_bbox(&self, start: usize, end: usize) -> Option<Rect> {
        let first = self.text.get(..start)?.chars().count();
        let len = self.text.get(start..end)?.chars().count();
        self.span_bbox(first, first + len)
    }
}

/// A solid dark (or grey) area inside a page image: a redaction on a scan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DarkArea {
    /// Where, page points.
    pub bbox: Rect,
    /// `seq` of the image it is in.
    pub image_seq: u32,
}

/// Where the evidence of a finding was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The file's own text (born-digital).
    #[default]
    Text,
    /// Text recognised from a page image: Dossier's OCR or an OCR layer in the file.
    Ocr,
    /// Pixels of a page image (a dark area of a scan), no text involved.
    Image,
}

impl Source {
    /// The name used in JSON and CSV.
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::Text => "text",
            Source::Ocr => "ocr",
            Source::Image => "image",
        }
    }
}

/// Provenance of a finding: a reporter must know when a name was read by a machine from a picture.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// `text`, `ocr` or `image`.
    #[serde(default)]
    pub source: Source,
    /// For OCR by Dossier: the lowest word confidence (0..=1) of the words the finding rests on.
    /// `None` for text in the file and for OCR layers made by other programs (they carry none).
    #[serde(default)]
    pub ocr_confidence: Option<f32>,
}

impl Provenance {
    /// OCR confidence under which a read is shown as doubtful.
    pub const LOW_CONFIDENCE: f32 = 0.6;

    /// The finding rests on OCR text read with low confidence.
    pub fn is_low_confidence(&self) -> bool {
        self.ocr_confidence
            .is_some_and(|c| c < Self::LOW_CONFIDENCE)
    }

    /// A short mark for lists: `""`, `"OCR"`, `"OCR 54%?"`.
    pub fn mark(&self) -> String {
        match (self.source, self.ocr_confidence) {
            (Source::Ocr, Some(c)) if c < Self::LOW_CONFIDENCE => {
                format!("OCR {:.0}%?", c * 100.0)
            }
            (Source::Ocr, Some(c)) => format!("OCR {:.0}%", c * 100.0),
            (Source::Ocr, None) => "OCR layer".to_string(),
            (Source::Image, _) => "image".to_string(),
            (Source::Text, _) => String::new(),
        }
    }
}

/// What OCR did on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrInfo {
    /// Engine and version, e.g. `tesseract 5.3.0`.
    pub engine: String,
    /// Languages, e.g. `eng+fra`.
    pub languages: String,
    /// Resolution of the image read, dots per inch.
    pub dpi: u32,
    /// Where the pixels came from: `image` (the page's own image at native resolution) or
    /// `render` (the page drawn by hayro).
    pub raster: String,
    /// Words read.
    pub words: u32,
    /// Mean word confidence, 0..=1.
    pub mean_confidence: f32,
    /// The result came from the OCR cache.
    pub cached: bool,
    /// The whole page was read; `false` when only the labels around redactions were (the page
    /// has a text layer of its own).
    #[serde(default)]
    pub full_page: bool,
}

/// What a page model holds, counted against the file's page-model budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Held {
    /// Characters of text.
    pub chars: usize,
    /// Path segments (rectangles or subpaths).
    pub path_segments: usize,
    /// Images placed.
    pub images: usize,
    /// Estimated memory, bytes (structures, text, boxes, bitmaps still attached).
    pub bytes: usize,
}

impl std::ops::AddAssign for Held {
    fn add_assign(&mut self, o: Held) {
        self.chars += o.chars;
        self.path_segments += o.path_segments;
        self.images += o.images;
        self.bytes += o.bytes;
    }
}

/// Everything Dossier knows about one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PageModel {
    /// 1-based page number in the file.
    pub number: u32,
    /// `/MediaBox` (inherited where needed), page points.
    pub media_box: Rect,
    /// `/CropBox`, or the media box; the visible page.
    pub crop_box: Rect,
    /// `/Rotate`, normalised to 0, 90, 180 or 270; for a page read in a turned frame (see
    /// [`Self::turn`]), the rotation that shows that frame as the file's page is shown.
    pub rotate: u16,
    /// 0, or the quarter turn (90, 180, 270 degrees) that most of the page's text is drawn along,
    /// anticlockwise: such a page is read in the frame where that text runs left to right (its
    /// user space turned clockwise by `turn`), so that every detector reads it as it reads an
    /// upright page. All of the model's coordinates (boxes, lines, crop box) are in that frame,
    /// and `rotate` is lessened by `turn`, so that it is shown exactly as the file's page is.
    #[serde(default, skip_serializing_if = "is_zero_u16")]
    pub turn: u16,
    /// Text runs in painting order.
    pub runs: Vec<TextRun>,
    /// Filled or stroked paths in painting order.
    pub paths: Vec<PathShape>,
    /// Images in painting order.
    pub images: Vec<ImagePlacement>,
    /// Annotations in `/Annots` order.
    pub annotations: Vec<Annotation>,
    /// Text lines in reading order (top to bottom, then left to right), from `runs`.
    pub lines: Vec<TextLine>,
    /// Problems met while reading the page (unknown font, bad operator...); the page is still usable.
    pub warnings: Vec<String>,
    /// Dark areas of the page's images (redactions on a scan), found while the images' pixels
    /// were decoded (or known from the OCR cache).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dark_areas: Vec<DarkArea>,
    /// A content or form stream of the page could not be decompressed within the limit (a
    /// renderer, which has no such limit, must not draw the page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_hazard: Option<String>,
    /// Glyphs painted in fonts that give them no Unicode (in painting order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecoded: Vec<UndecodedGlyphs>,
    /// Set when Dossier ran OCR on the page (its words are runs with `ocr_conf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrInfo>,
    /// Marked content with `/ActualText` or `/Alt`, where it was painted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marked: Vec<MarkedText>,
    /// A difference hash (256 bits) of the page's picture, for a page that is a picture (a
    /// scan): the same scan released twice has nearly the same hash, whatever its stamps and
    /// noise. Set by the analysis while the picture is decoded (or from the OCR cache).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<[u8; 32]>,
}

impl PageModel {
    /// Page width in points (crop box, unrotated).
    pub fn width(&self) -> f64 {
        self.crop_box.width()
    }

    /// Page height in points (crop box, unrotated).
    pub fn height(&self) -> f64 {
        self.crop_box.height()
    }

    /// What the page model holds, for the file's page-model budget
    /// ([`crate::pdf::Limits::model_budget`]).
    pub fn held(&self) -> Held {
        use std::mem::size_of;
        let run_chars: usize = self.runs.iter().map(|r| r.chars.len()).sum::<usize>()
            + self.undecoded.iter().map(|u| u.chars.len()).sum::<usize>();
        let line_chars: usize = self.lines.iter().map(|l| l.chars.len()).sum();
        let text_bytes: usize = self
            .runs
            .iter()
            .map(|r| r.text.len() + r.font_name.len())
            .sum::<usize>()
            + self
                .lines
                .iter()
                .map(|l| l.text.len() + l.runs.len() * 4)
                .sum::<usize>();
        let segments: usize = self.paths.iter().map(|p| p.rects.len().max(1)).sum();
        let bitmap_bytes: usize = self
            .images
            .iter()
            .filter_map(|i| i.bitmap.as_ref())
            .map(|b| b.pixels.len())
            .sum();
        let annotation_bytes: usize = self
            .annotations
            .iter()
            .map(|a| {
                size_of::<Annotation>()
                    + a.quads.len() * size_of::<Rect>()
                    + a.contents.as_ref().map_or(0, String::len)
                    + a.overlay_text.as_ref().map_or(0, String::len)
                    + a.field_value.as_ref().map_or(0, String::len)
                    + a.tooltip.as_ref().map_or(0, String::len)
                    + a.rich_text.as_ref().map_or(0, String::len)
                    + a.popup_text.as_ref().map_or(0, String::len)
            })
            .sum::<usize>()
            + self
                .marked
                .iter()
                .map(|m| size_of::<MarkedText>() + m.text.len())
                .sum::<usize>();
        let bytes = size_of::<PageModel>()
            + self.runs.len() * size_of::<TextRun>()
            + self.lines.len() * size_of::<TextLine>()
            + (run_chars + line_chars) * size_of::<CharBox>()
            + text_bytes
            + self.paths.len() * size_of::<PathShape>()
            + segments * size_of::<Rect>()
            + self.images.len() * size_of::<ImagePlacement>()
            + bitmap_bytes
            + annotation_bytes
            + self.warnings.iter().map(String::len).sum::<usize>()
            + self.dark_areas.len() * size_of::<DarkArea>();
        Held {
            chars: run_chars,
            path_segments: segments,
            images: self.images.len(),
            bytes,
        }
    }

    /// Empties the page of what it holds (text, paths, images, annotations), keeping its number,
    /// boxes and warnings: what is left of a page past the file's page-model budget.
    pub fn truncate(&mut self, why: String) {
        self.runs = Vec::new();
        self.lines = Vec::new();
        self.paths = Vec::new();
        self.images = Vec::new();
        self.annotations = Vec::new();
        self.dark_areas = Vec::new();
        self.undecoded = Vec::new();
        self.marked = Vec::new();
        self.ocr = None;
        self.picture = None;
        self.warnings.push(why);
    }

    /// Why the page must not be drawn (for the screen or for OCR): an image whose size, filter
    /// parameters or header would make the renderer allocate without bound, or a content stream
    /// past the decompression limit. `None` for every ordinary page.
    pub fn render_hazard(&self) -> Option<String> {
        self.images
            .iter()
            .find_map(|i| i.render_hazard.as_ref())
            .map(|why| format!("it holds {why}"))
            .or_else(|| self.stream_hazard.clone())
    }

    /// The page's lines in reading order joined by single spaces: text that runs over line breaks
    /// (a notice, a statement of grounds) reads as one.
    pub fn flowing_text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The page's text in reading order, one line per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(&line.text);
            out.push('\n');
        }
        out
    }

    /// The text whose characters have their centre inside `region`, line by line, and the box of
    /// those characters; `None` when the region holds no text. What a user selects by dragging.
    pub fn text_in(&self, region: &Rect) -> Option<(String, Rect)> {
        let mut out: Vec<String> = Vec::new();
        let mut bbox: Option<Rect> = None;
        for line in &self.lines {
            let mut s = String::new();
            for (ch, b) in line.text.chars().zip(&line.chars) {
                let r = b.rect();
                if region.contains(r.center()) {
                    s.push(ch);
                    bbox = Some(bbox.map_or(r, |x| x.union(&r)));
                }
            }
            let s = s.trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
        }
        bbox.map(|b| (out.join(" "), b))
    }

    /// Characters of text the file itself holds on the page, visible or in an invisible layer
    /// (not Dossier's OCR).
    pub fn file_text_chars(&self) -> usize {
        self.runs
            .iter()
            .filter(|r| r.ocr_conf.is_none() && r.render_mode != 7)
            .map(|r| r.text.chars().filter(|c| c.is_alphanumeric()).count())
            .sum()
    }

    /// The largest share of the page one image covers, 0..=1.
    pub fn image_coverage(&self) -> f64 {
        let page_area = self.crop_box.area().max(1.0);
        self.images
            .iter()
            .map(|im| {
                im.bbox
                    .intersection(&self.crop_box)
                    .map_or(0.0, |r| r.area())
            })
            .fold(0.0_f64, f64::max)
            / page_area
    }

    /// The page holds (almost) no text but an image covering most of it: a scan.
    pub fn is_scanned(&self) -> bool {
        let visible_chars: usize = self
            .runs
            .iter()
            .filter(|r| r.is_visible())
            .map(|r| r.chars.len())
            .sum();
        let page_area = self.crop_box.area().max(1.0);
        let covered = self
            .images
            .iter()
            .map(|im| {
                im.bbox
                    .intersection(&self.crop_box)
                    .map_or(0.0, |r| r.area())
            })
            .fold(0.0_f64, f64::max);
        visible_chars < 20 && covered / page_area > 0.5
    }
}

fn is_zero_u16(v: &u16) -> bool {
    *v == 0
}

//! Image data to a small greyscale bitmap, for finding blacked-out areas on scanned pages.
//!
//! Decodes Flate/LZW/ASCII/RunLength (through lopdf, bounded), DCT (zune-jpeg) and CCITT Group 3/4
//! (hayro-ccitt), 1 to 16 bits per component, Gray/RGB/CMYK/Indexed and stencil masks, then
//! box-averages down so the longest side is at most [`Limits::max_bitmap_side`]. Every size is
//! checked before allocating; failures are reported as text and the page carries on.

use lopdf::{Dictionary, Document, Object, Stream};

use super::model::{Color, GrayBitmap};
use super::{Limits, obj};

/// Largest source image decoded, in pixels (a 600 dpi letter page is 34 Mpx).
const MAX_PIXELS: u64 = 64_000_000;
/// Most memory the JPEG decoder may need for one image, bytes (see `decode_jpeg`).
const MAX_JPEG_WORKING_BYTES: u64 = 192 * 1024 * 1024;

/// Memory that image decoding may hold at once across all worker threads, bytes. Each decode
/// reserves what it will need (from the declared size, or for a JPEG from its frame header) and
/// waits while others hold the rest: pages decode in parallel, big images one at a time.
const DECODE_BUDGET_BYTES: u64 = 320 * 1024 * 1024;

static DECODE_IN_USE: std::sync::Mutex<u64> = std::sync::Mutex::new(0);
static DECODE_FREED: std::sync::Condvar = std::sync::Condvar::new();

/// A share of [`DECODE_BUDGET_BYTES`], given back when dropped.
struct Reservation(u64);

impl Reservation {
    /// Waits until `bytes` (at most the whole budget) are free, and takes them.
    fn take(bytes: u64) -> Reservation {
        let want = bytes.min(DECODE_BUDGET_BYTES);
        let mut used = DECODE_IN_USE.lock().unwrap_or_else(|e| e.into_inner());
        while *used + want > DECODE_BUDGET_BYTES {
            used = DECODE_FREED.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += want;
        Reservation(want)
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut used = DECODE_IN_USE.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(self.0);
        DECODE_FREED.notify_all();
    }
}

/// Largest image, in pixels, that a page may hold and still be drawn (for the screen or for
/// OCR): the renderer keeps each image as RGBA at its own size (a 40 Mpx image is 160 MiB).
pub const MAX_RENDER_PIXELS: u64 = 40_000_000;

/// Why drawing a page holding this image could take unbounded memory, if it could: its declared
/// size, or the size its filter parameters or its own header give (which the renderer believes
/// over `/Width` and `/Height`), past [`MAX_RENDER_PIXELS`]. Reads dictionaries and headers
/// only. `data` is the raw (still encoded) stream data, when there is a stream.
pub fn render_hazard(doc: &Document, dict: &Dictionary, data: Option<&[u8]>) -> Option<String> {
    let num = |keys: &[&[u8]]| keys.iter().find_map(|k| obj::get_num(doc, dict, k));
    let w = num(&[b"Width", b"W"]).unwrap_or(0.0).max(0.0);
    let h = num(&[b"Height", b"H"]).unwrap_or(0.0).max(0.0);
    let over = |px: f64| px > MAX_RENDER_PIXELS as f64;
    if over(w * h) {
        return Some(format!("an image of {w}×{h} pixels"));
    }
    let fs = filters(doc, dict);
    let parms = decode_parms(doc, dict);
    let pnum = |k: &[u8]| parms.and_then(|p| p.get(k).ok()).and_then(obj::num);
    for f in &fs {
        match f.as_slice() {
            b"CCITTFaxDecode" | b"CCF" => {
                // Rows of /Columns pixels, as many as /Rows or the height says.
                let columns = pnum(b"Columns").unwrap_or(1728.0).max(1.0);
                let rows = pnum(b"Rows").unwrap_or(h).max(h);
                if over(columns * rows) {
                    return Some(format!(
                        "a CCITT image of {columns} columns × {rows} rows (declared {w}×{h})"
                    ));
                }
            }
            b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW" => {
                // Predictor rows of /Columns × /Colors samples, far wider than the image's rows.
                let row = pnum(b"Columns").unwrap_or(1.0).max(1.0)
                    * pnum(b"Colors").unwrap_or(1.0).max(1.0)
                    * pnum(b"BitsPerComponent").unwrap_or(8.0).max(1.0)
                    / 8.0;
                if pnum(b"Predictor").unwrap_or(1.0) > 1.0
                    && row * h.max(1.0) > 8.0 * MAX_RENDER_PIXELS as f64
                {
                    return Some(format!(
                        "predictor rows of {row} bytes in an image of {w}×{h}"
                    ));
                }
            }
            _ => {}
        }
    }
    let data = data?;
    let (kind, jw, jh) = match fs.last().map(Vec::as_slice) {
        Some(b"DCTDecode" | b"DCT") => {
            use zune_jpeg::zune_core::bytestream::ZCursor;
            use zune_jpeg::zune_core::options::DecoderOptions;
            // No size limit here: the header is read for the size it claims.
            let options = DecoderOptions::default()
                .set_max_width(usize::from(u16::MAX))
                .set_max_height(usize::from(u16::MAX));
            let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
            dec.decode_headers().ok()?;
            let (jw, jh) = dec.dimensions()?;
            ("JPEG", jw as f64, jh as f64)
        }
        Some(b"JPXDecode") => {
            let image =
                hayro_jpeg2000::Image::new(data, &hayro_jpeg2000::DecodeSettings::default())
                    .ok()?;
            (
                "JPEG 2000",
                f64::from(image.width()),
                f64::from(image.height()),
            )
        }
        Some(b"JBIG2Decode") => {
            let page = hayro_jbig2::Page::new_embedded(
                data,
                None,
                &hayro_jbig2::DecodeSettings::default(),
            )
            .ok()?;
            ("JBIG2", f64::from(page.width()), f64::from(page.height()))
        }
        _ => return None,
    };
    over(jw * jh).then(|| format!("a {kind} image of {jw}×{jh} pixels (declared {w}×{h})"))
}

/// Mirrors a bitmap top to bottom.
pub fn flip_vertical(bm: &mut GrayBitmap) {
    let w = bm.width as usize;
    if w == 0 {
        return;
    }
    let rows: Vec<Vec<u8>> = bm.pixels.chunks(w).rev().map(<[u8]>::to_vec).collect();
    bm.pixels = rows.concat();
}

enum Space {
    Gray,
    Rgb,
    Cmyk,
    Indexed { base: u8, lookup: Vec<u8> },
}

impl Space {
    fn comps(&self) -> usize {
        match self {
            Space::Gray | Space::Indexed { .. } => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
        }
    }
}

fn space(doc: &Document, o: Option<&Object>, depth: u8) -> Space {
    let Some(o) = o.and_then(|o| obj::resolve(doc, o)) else {
        return Space::Gray;
    };
    match o {
        Object::Name(n) => match n.as_slice() {
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            _ => Space::Gray,
        },
        Object::Array(a) if depth < 4 => match a.first().and_then(|k| obj::resolve(doc, k)) {
            Some(Object::Name(k)) if k == b"ICCBased" => {
                let n = a
                    .get(1)
                    .and_then(|s| obj::resolve(doc, s))
                    .and_then(obj::as_dict)
                    .and_then(|d| obj::get_num(doc, d, b"N"))
                    .unwrap_or(3.0);
                match n as i64 {
                    1 => Space::Gray,
                    4 => Space::Cmyk,
                    _ => Space::Rgb,
                }
            }
            Some(Object::Name(k)) if k == b"Indexed" || k == b"I" => {
                let base = space(doc, a.get(1), depth + 1).comps() as u8;
                let lookup = match a.get(3).and_then(|l| obj::resolve(doc, l)) {
                    Some(Object::String(s, _)) => s.clone(),
                    Some(Object::Stream(s)) => {
                        s.get_plain_content_with_limit(4096).unwrap_or_default()
                    }
                    _ => Vec::new(),
                };
                Space::Indexed { base, lookup }
            }
            Some(Object::Name(k)) if k == b"CalRGB" || k == b"Lab" => Space::Rgb,
            _ => Space::Gray,
        },
        _ => Space::Gray,
    }
}

fn filters(doc: &Document, dict: &Dictionary) -> Vec<Vec<u8>> {
    // `/F` is the abbreviation inline images use.
    match obj::get(doc, dict, b"Filter").or_else(|| obj::get(doc, dict, b"F")) {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|x| match obj::resolve(doc, x) {
                Some(Object::Name(n)) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn decode_parms<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    match obj::get(doc, dict, b"DecodeParms").or_else(|| obj::get(doc, dict, b"DP"))? {
        Object::Dictionary(d) => Some(d),
        Object::Array(a) => a
            .last()
            .and_then(|x| obj::resolve(doc, x))
            .and_then(obj::as_dict),
        _ => None,
    }
}

/// Decodes an image XObject to greyscale (0 black .. 255 white), downsampled.
pub fn decode_gray(
    doc: &Document,
    stream: &Stream,
    limits: &Limits,
    fill: Color,
) -> Result<GrayBitmap, String> {
    let (full, w, h) = decode_full(doc, stream, limits, fill)?;
    Ok(downsample(&full, w, h, limits.max_bitmap_side.max(1)))
}

/// Decodes an image XObject to greyscale at its native resolution, box-averaged down only when
/// it holds more than `max_pixels` (OCR reads the pixels as scanned).
pub fn decode_gray_native(
    doc: &Document,
    stream: &Stream,
    limits: &Limits,
    fill: Color,
    max_pixels: u64,
) -> Result<GrayBitmap, String> {
    let (full, w, h) = decode_full(doc, stream, limits, fill)?;
    let px = u64::from(w) * u64::from(h);
    let side = if px > max_pixels.max(1) {
        let scale = (max_pixels.max(1) as f64 / px as f64).sqrt();
        ((f64::from(w.max(h)) * scale).floor() as u32).max(1)
    } else {
        w.max(h)
    };
    Ok(downsample(&full, w, h, side))
}

/// Decodes to full-resolution greyscale: `(pixels, width, height)`.
fn decode_full(
    doc: &Document,
    stream: &Stream,
    limits: &Limits,
    fill: Color,
) -> Result<(Vec<u8>, u32, u32), String> {
    let dict = &stream.dict;
    let w = obj::get_num(doc, dict, b"Width").unwrap_or(0.0);
    let h = obj::get_num(doc, dict, b"Height").unwrap_or(0.0);
    if !(w >= 1.0 && h >= 1.0) || w > 100_000.0 || h > 100_000.0 {
        return Err(format!("bad image size {w}×{h}"));
    }
    let (w, h) = (w as u32, h as u32);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "image of {w}×{h} pixels is over the decoding limit"
        ));
    }
    let is_mask = matches!(
        obj::get(doc, dict, b"ImageMask"),
        Some(Object::Boolean(true))
    );
    let fs = filters(doc, dict);
    let last = fs.last().map(Vec::as_slice);
    // Samples as decompressed (up to 8 bytes a pixel: 16-bit CMYK) and the grey output; a JPEG
    // reserves its own once its frame header is read.
    let _reservation = (!matches!(last, Some(b"DCTDecode" | b"DCT"))).then(|| {
        let px = u64::from(w) * u64::from(h);
        Reservation::take((px * 9).min(limits.max_decompressed_bytes as u64 + px))
    });
    let decode_inverted = obj::get_array(doc, dict, b"Decode")
        .and_then(|a| a.first())
        .and_then(obj::num)
        .is_some_and(|v| v >= 1.0);

    let full: Vec<u8> = match last {
        Some(b"DCTDecode" | b"DCT") => {
            if fs.len() > 1 {
                return Err("DCT after another filter is not supported".to_string());
            }
            decode_jpeg(&stream.content, w, h)?
        }
        Some(b"CCITTFaxDecode" | b"CCF") => {
            if fs.len() > 1 {
                return Err("CCITT after another filter is not supported".to_string());
            }
            let mut g = decode_ccitt(&stream.content, w, h, decode_parms(doc, dict))?;
            // Stencil masks paint the fill colour where the sample is 0.
            if is_mask {
                paint_mask(&mut g, fill, decode_inverted);
            } else if decode_inverted {
                g.iter_mut().for_each(|p| *p = 255 - *p);
            }
            g
        }
        Some(b"JPXDecode") => return Err("JPEG 2000 images are not decoded".to_string()),
        Some(b"JBIG2Decode") => return Err("JBIG2 images are not decoded".to_string()),
        _ => {
            let bpc = if is_mask {
                1
            } else {
                obj::get_num(doc, dict, b"BitsPerComponent").unwrap_or(8.0) as u32
            };
            if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
                return Err(format!("{bpc} bits per component"));
            }
            let sp = if is_mask {
                Space::Gray
            } else {
                space(doc, dict.get(b"ColorSpace").ok(), 0)
            };
            // The samples the declared size needs (plus a predictor byte per row and some slack)
            // bound the decompression: a bomb, or predictor rows far wider than the image, stop
            // there instead of at the general stream limit.
            let need = sample_bytes(w, h, bpc, sp.comps()).ok_or("image too large")?;
            let limit = need
                .saturating_add(need / 8)
                .saturating_add(h as usize)
                .saturating_add(4096)
                .min(limits.max_decompressed_bytes);
            let data = stream
                .get_plain_content_with_limit(limit)
                .map_err(|e| e.to_string())?;
            let mut g = unpack(&data, w, h, bpc, &sp)?;
            if is_mask {
                paint_mask(&mut g, fill, decode_inverted);
            } else if decode_inverted && matches!(sp, Space::Gray) {
                g.iter_mut().for_each(|p| *p = 255 - *p);
            }
            g
        }
    };
    Ok((full, w, h))
}

/// A stencil: sample 0 paints (unless `/Decode [1 0]`), 1 leaves the page (white) visible.
fn paint_mask(g: &mut [u8], fill: Color, inverted: bool) {
    let ink = (fill.luminance() * 255.0).round().clamp(0.0, 255.0) as u8;
    for p in g.iter_mut() {
        let paints = if inverted { *p >= 128 } else { *p < 128 };
        *p = if paints { ink } else { 255 };
    }
}

fn decode_jpeg(data: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width((w as usize).max(16) * 2)
        .set_max_height((h as usize).max(16) * 2);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    dec.decode_headers().map_err(|e| format!("JPEG: {e:?}"))?;
    let (jw, jh) = dec
        .dimensions()
        .ok_or_else(|| "JPEG without dimensions".to_string())?;
    let px = (jw as u64) * (jh as u64);
    if px > MAX_PIXELS {
        return Err("JPEG over the decoding limit".to_string());
    }
    // What the decoder will hold: a progressive JPEG keeps every coefficient (2 bytes per
    // component per pixel) until its last scan, then the output; a baseline one, rows and output.
    let info = dec.info().unwrap_or_default();
    let comps = u64::from(info.components.max(1));
    let working = if info.sof.is_progressive() {
        px * (2 * comps + 1)
    } else {
        px * (comps + 1)
    };
    if working > MAX_JPEG_WORKING_BYTES {
        return Err(format!(
            "JPEG of {jw}×{jh} pixels, {comps} components would take {} MiB to decode, over the {} MiB limit",
            working >> 20,
            MAX_JPEG_WORKING_BYTES >> 20
        ));
    }
    let _reservation = Reservation::take(working + u64::from(w) * u64::from(h));
    let out = dec.decode().map_err(|e| format!("JPEG: {e:?}"))?;
    let (jw, jh) = (jw as u32, jh as u32);
    let expected = (jw as usize) * (jh as usize);
    let gray: Vec<u8> = if out.len() == expected {
        out
    } else if out.len() == expected * 3 {
        out.chunks(3)
            .map(|p| luma(p.first(), p.get(1), p.get(2)))
            .collect()
    } else if out.len() == expected * 4 {
        // Adobe CMYK JPEGs are stored inverted.
        out.chunks(4)
            .map(|p| p.get(3).copied().unwrap_or(255))
            .collect()
    } else {
        return Err("JPEG with an unexpected sample layout".to_string());
    };
    if (jw, jh) == (w, h) {
        Ok(gray)
    } else {
        // The JPEG's own size wins; resample to the declared one so coordinates agree.
        Ok(resize_nearest(&gray, jw, jh, w, h))
    }
}

fn resize_nearest(src: &[u8], sw: u32, sh: u32, w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity((w as usize) * (h as usize));
    for y in 0..h {
        let sy = (u64::from(y) * u64::from(sh) / u64::from(h.max(1))) as usize;
        for x in 0..w {
            let sx = (u64::from(x) * u64::from(sw) / u64::from(w.max(1))) as usize;
            out.push(src.get(sy * sw as usize + sx).copied().unwrap_or(255));
        }
    }
    out
}

struct CcittSink {
    width: u32,
    rows: Vec<u8>,
    max_rows: u32,
    count: u32,
}

impl hayro_ccitt::Decoder for CcittSink {
    fn push_row(&mut self, changes: &[u32]) {
        if self.count >= self.max_rows {
            return;
        }
        self.count += 1;
        let mut row = vec![255u8; self.width as usize];
        for pair in changes.chunks(2) {
            let a = pair.first().copied().unwrap_or(self.width).min(self.width) as usize;
            let b = pair.get(1).copied().unwrap_or(self.width).min(self.width) as usize;
            if let Some(s) = row.get_mut(a..b.max(a)) {
                s.fill(0);
            }
        }
        self.rows.extend_from_slice(&row);
    }
}

fn decode_ccitt(
    data: &[u8],
    w: u32,
    h: u32,
    parms: Option<&Dictionary>,
) -> Result<Vec<u8>, String> {
    let get = |k: &[u8]| parms.and_then(|p| p.get(k).ok()).and_then(obj::num);
    let getb = |k: &[u8]| {
        parms
            .and_then(|p| p.get(k).ok())
            .is_some_and(|o| matches!(o, Object::Boolean(true)))
    };
    let k = get(b"K").unwrap_or(0.0);
    let columns = get(b"Columns").unwrap_or(1728.0).clamp(1.0, 100_000.0) as u32;
    // The decoder writes rows of /Columns pixels: checked against the pixel limit before any row
    // is kept (a /Columns far wider than /Width must not size the buffer).
    if u64::from(columns) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "CCITT /Columns {columns} with {h} rows is over the decoding limit (the image is {w} wide)"
        ));
    }
    let rows = get(b"Rows").unwrap_or(f64::from(h)).clamp(0.0, 100_000.0) as u32;
    let black_is_1 = getb(b"BlackIs1");
    let settings = hayro_ccitt::DecodeSettings {
        columns,
        rows,
        end_of_block: parms
            .and_then(|p| p.get(b"EndOfBlock").ok())
            .is_none_or(|o| !matches!(o, Object::Boolean(false))),
        end_of_line: getb(b"EndOfLine"),
        rows_are_byte_aligned: getb(b"EncodedByteAlign"),
        encoding: if k < 0.0 {
            hayro_ccitt::EncodingMode::Group4
        } else if k == 0.0 {
            hayro_ccitt::EncodingMode::Group3_1D
        } else {
            hayro_ccitt::EncodingMode::Group3_2D
        },
        strict: false,
    };
    let mut sink = CcittSink {
        width: columns,
        rows: Vec::new(),
        max_rows: h,
        count: 0,
    };
    let mut ctx = hayro_ccitt::DecoderContext::new(settings);
    // A partial decode is still useful: keep what came out.
    let _ = hayro_ccitt::decode(data, &mut sink, &mut ctx);
    if sink.count == 0 {
        return Err("CCITT data could not be decoded".to_string());
    }
    let mut g = sink.rows;
    // Decoded rows are 0 = black by our convention already; BlackIs1 flips the meaning.
    if black_is_1 {
        g.iter_mut().for_each(|p| *p = 255 - *p);
    }
    // Pad missing rows with white and fit to the declared width.
    let got_rows = sink.count;
    let mut fitted = resize_nearest(&g, columns, got_rows, columns, got_rows);
    fitted.resize((columns as usize) * (h as usize), 255);
    Ok(if columns == w {
        fitted
    } else {
        resize_nearest(&fitted, columns, h, w, h)
    })
}

fn luma(r: Option<&u8>, g: Option<&u8>, b: Option<&u8>) -> u8 {
    let (r, g, b) = (
        f32::from(r.copied().unwrap_or(0)),
        f32::from(g.copied().unwrap_or(0)),
        f32::from(b.copied().unwrap_or(0)),
    );
    (0.299 * r + 0.587 * g + 0.114 * b)
        .round()
        .clamp(0.0, 255.0) as u8
}

/// Bytes of samples in a `w`×`h` image of `comps` components at `bpc` bits, rows byte-aligned.
fn sample_bytes(w: u32, h: u32, bpc: u32, comps: usize) -> Option<usize> {
    (w as usize)
        .checked_mul(comps)?
        .checked_mul(bpc as usize)?
        .div_ceil(8)
        .checked_mul(h as usize)
}

fn unpack(data: &[u8], w: u32, h: u32, bpc: u32, sp: &Space) -> Result<Vec<u8>, String> {
    let comps = sp.comps();
    let row_bits = (w as usize)
        .checked_mul(comps)
        .and_then(|v| v.checked_mul(bpc as usize))
        .ok_or("image row too large")?;
    let stride = row_bits.div_ceil(8);
    let need = sample_bytes(w, h, bpc, comps).ok_or("image too large")?;
    if data.len() < need / 2 {
        return Err(format!(
            "image data is {} bytes, {} expected",
            data.len(),
            need
        ));
    }
    let max = ((1u32 << bpc.min(16)) - 1) as f32;
    let sample = |row: &[u8], idx: usize| -> u32 {
        match bpc {
            8 => u32::from(row.get(idx).copied().unwrap_or(255)),
            16 => u32::from(row.get(idx * 2).copied().unwrap_or(255)) * 257,
            _ => {
                let bit = idx * bpc as usize;
                let byte = row.get(bit / 8).copied().unwrap_or(255);
                let shift = 8 - bpc as usize - (bit % 8);
                u32::from(byte >> shift) & ((1 << bpc) - 1)
            }
        }
    };
    let scale = |v: u32| -> f32 {
        if bpc == 16 {
            v as f32 / 65535.0
        } else {
            v as f32 / max
        }
    };
    let mut out = Vec::with_capacity((w as usize) * (h as usize));
    for y in 0..h as usize {
        let row = data.get(y * stride..(y + 1) * stride).unwrap_or_default();
        for x in 0..w as usize {
            let v = match sp {
                Space::Gray => scale(sample(row, x)) * 255.0,
                Space::Rgb => {
                    let (r, g, b) = (
                        scale(sample(row, x * 3)),
                        scale(sample(row, x * 3 + 1)),
                        scale(sample(row, x * 3 + 2)),
                    );
                    (0.299 * r + 0.587 * g + 0.114 * b) * 255.0
                }
                Space::Cmyk => {
                    let k = scale(sample(row, x * 4 + 3));
                    let c = scale(sample(row, x * 4));
                    (1.0 - k) * (1.0 - c * 0.5) * 255.0
                }
                Space::Indexed { base, lookup } => {
                    let i = sample(row, x) as usize;
                    let b = usize::from(*base).max(1);
                    let at = |k: usize| f32::from(lookup.get(i * b + k).copied().unwrap_or(0));
                    match b {
                        3 => 0.299 * at(0) + 0.587 * at(1) + 0.114 * at(2),
                        4 => (255.0 - at(3)) * (1.0 - at(0) / 510.0),
                        _ => at(0),
                    }
                }
            };
            out.push(v.round().clamp(0.0, 255.0) as u8);
        }
    }
    Ok(out)
}

/// Box-average down so that the longest side is at most `max_side`.
pub fn downsample(src: &[u8], w: u32, h: u32, max_side: u32) -> GrayBitmap {
    let longest = w.max(h);
    if longest <= max_side {
        let mut pixels = src.to_vec();
        pixels.resize((w as usize) * (h as usize), 255);
        return GrayBitmap {
            width: w,
            height: h,
            pixels,
        };
    }
    let tw = ((u64::from(w) * u64::from(max_side)) / u64::from(longest)).max(1) as u32;
    let th = ((u64::from(h) * u64::from(max_side)) / u64::from(longest)).max(1) as u32;
    let mut sums = vec![0u32; (tw as usize) * (th as usize)];
    let mut counts = vec![0u32; (tw as usize) * (th as usize)];
    let xmap: Vec<usize> = (0..w)
        .map(|x| (u64::from(x) * u64::from(tw) / u64::from(w)) as usize)
        .collect();
    for y in 0..h {
        let ty = (u64::from(y) * u64::from(th) / u64::from(h)) as usize;
        let row = src
            .get((y as usize) * (w as usize)..(y as usize + 1) * (w as usize))
            .unwrap_or_default();
        for (x, v) in row.iter().enumerate() {
            let tx = xmap.get(x).copied().unwrap_or(0);
            let i = ty * tw as usize + tx;
            if let (Some(s), Some(c)) = (sums.get_mut(i), counts.get_mut(i)) {
                *s += u32::from(*v);
                *c += 1;
            }
        }
    }
    let pixels = sums
        .iter()
        .zip(&counts)
        .map(|(s, c)| if *c == 0 { 255 } else { (s / c) as u8 })
        .collect();
    GrayBitmap {
        width: tw,
        height: th,
        pixels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpack_bits_and_downsample() {
        // 8×2 1-bit gray: first row black, second white.
        let g = unpack(&[0x00, 0xFF], 8, 2, 1, &Space::Gray).unwrap_or_default();
        assert_eq!(g.get(..8), Some(&[0u8; 8][..]));
        assert_eq!(g.get(8..), Some(&[255u8; 8][..]));
        let bm = downsample(&g, 8, 2, 4);
        assert_eq!((bm.width, bm.height), (4, 1));
        assert_eq!(bm.pixels, vec![127, 127, 127, 127]);
    }

    fn image_dict(entries: &str) -> (Document, Dictionary) {
        let doc = Document::with_version("1.7");
        let mut dict = Dictionary::new();
        for pair in entries.split(';').filter(|p| !p.trim().is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or_default();
            let v = v.trim();
            let obj = v.parse::<i64>().map_or_else(
                |_| Object::Name(v.trim_start_matches('/').as_bytes().to_vec()),
                Object::Integer,
            );
            dict.set(k.trim().as_bytes().to_vec(), obj);
        }
        (doc, dict)
    }

    #[test]
    fn render_hazards_come_from_sizes_parameters_and_headers() {
        // Declared size past the render limit.
        let (doc, d) = image_dict("Width=10000; Height=10000; Filter=/FlateDecode");
        assert!(render_hazard(&doc, &d, None).is_some());
        // A plain scan page is no hazard.
        let (doc, d) = image_dict("Width=2550; Height=3300; Filter=/CCITTFaxDecode");
        assert_eq!(render_hazard(&doc, &d, None), None);
        // CCITT rows of /Columns pixels: 1 pixel wide, 100,000 columns in the parameters.
        let (doc, mut d) = image_dict("Width=1; Height=100000; Filter=/CCITTFaxDecode");
        let mut parms = Dictionary::new();
        parms.set("Columns", 100_000);
        d.set("DecodeParms", parms);
        let why = render_hazard(&doc, &d, None).unwrap_or_default();
        assert!(why.contains("100000 columns"), "{why}");
        // Predictor rows far wider than the image's.
        let (doc, mut d) = image_dict("Width=8; Height=8; Filter=/FlateDecode");
        let mut parms = Dictionary::new();
        parms.set("Predictor", 15);
        parms.set("Columns", 100_000_000);
        d.set("DecodeParms", parms);
        assert!(render_hazard(&doc, &d, None).is_some());
        // A JPEG whose frame header says 65,000 × 65,000 in an image declared 16 × 16.
        let (doc, d) = image_dict("Width=16; Height=16; Filter=/DCTDecode");
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFD, 0xE8, 0xFD, 0xE8, 0x01, 0x01, 0x11,
            0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0xFF,
            0xD9,
        ];
        let why = render_hazard(&doc, &d, Some(&jpeg)).unwrap_or_default();
        assert!(why.contains("65000"), "{why}");
    }

    #[test]
    fn decode_reservations_are_given_back() {
        // Twice the whole budget in turn: the second would wait for ever if the first were kept.
        drop(Reservation::take(DECODE_BUDGET_BYTES));
        let big = Reservation::take(u64::MAX);
        assert_eq!(
            big.0, DECODE_BUDGET_BYTES,
            "a reservation is at most the budget"
        );
        drop(big);
        let small = Reservation::take(1);
        assert_eq!(small.0, 1);
    }

    #[test]
    fn short_data_is_an_error_not_a_panic() {
        assert!(unpack(&[1, 2, 3], 100, 100, 8, &Space::Rgb).is_err());
        assert!(unpack(&[], 0, 0, 8, &Space::Gray).is_ok());
    }
}

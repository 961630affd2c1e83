//! Tesseract 5 through its C API (`tesseract-plumbing`): one engine per worker thread and mode,
//! created on first use and kept for the thread's life. Word boxes come from the TSV output.

use std::cell::RefCell;
use std::ffi::CString;

use tesseract_plumbing::TessBaseApi;

use super::{Recognised, Region};
use crate::pdf::GrayBitmap;

/// Characters a code label can be read as, confusions included (`$.15(1)`, `s.2l(1)(a)`).
const CODE_CHARS: &str = "sS$5§.,:;()[]{}0123456789abcdefghijklmnopqrIO|!";

struct Engine {
    languages: String,
    api: TessBaseApi,
}

thread_local! {
    static PAGE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static CODES: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

/// `tesseract 5.3.0`, or why the engine is missing.
pub fn version() -> Result<String, String> {
    let v = tesseract_plumbing::version().to_string_lossy().into_owned();
    Ok(format!("tesseract {v}"))
}

fn new_engine(languages: &str, region: Region) -> Result<Engine, String> {
    let mut api = TessBaseApi::create();
    let lang = CString::new(languages).map_err(|_| "bad language list".to_string())?;
    api.init_2(None, Some(&lang)).map_err(|_| {
        format!(
            "Tesseract could not load the languages {languages} (install tesseract-ocr-eng and \
             tesseract-ocr-fra, or set TESSDATA_PREFIX)"
        )
    })?;
    let set = |api: &mut TessBaseApi, k: &str, v: &str| {
        if let (Ok(k), Ok(v)) = (CString::new(k), CString::new(v)) {
            let _ = api.set_variable(&k, &v);
        }
    };
    // No debug files, no dictionary penalties for codes and numbers.
    set(&mut api, "debug_file", "/dev/null");
    if region == Region::Codes {
        set(&mut api, "tessedit_char_whitelist", CODE_CHARS);
        // Sparse text: labels scattered in a band.
        set(&mut api, "tessedit_pageseg_mode", "11");
        set(&mut api, "load_system_dawg", "0");
        set(&mut api, "load_freq_dawg", "0");
    } else {
        set(&mut api, "tessedit_pageseg_mode", "3");
    }
    Ok(Engine {
        languages: languages.to_string(),
        api,
    })
}

/// Reads `bm` (8-bit grey, `dpi`) and returns its words with pixel boxes and confidences.
pub fn recognise(
    bm: &GrayBitmap,
    dpi: u32,
    languages: &str,
    region: Region,
) -> Result<Vec<Recognised>, String> {
    let slot = match region {
        Region::Page => &PAGE,
        Region::Codes => &CODES,
    };
    slot.with(|cell| {
        let mut guard = cell.borrow_mut();
        if guard.as_ref().is_none_or(|e| e.languages != languages) {
            *guard = Some(new_engine(languages, region)?);
        }
        let engine = guard
            .as_mut()
            .ok_or_else(|| "OCR engine unavailable".to_string())?;
        let (w, h) = (
            i32::try_from(bm.width).map_err(|_| "image too wide")?,
            i32::try_from(bm.height).map_err(|_| "image too tall")?,
        );
        engine
            .api
            .set_image(&bm.pixels, w, h, 1, w)
            .map_err(|e| format!("image not accepted by Tesseract: {e:?}"))?;
        engine
            .api
            .set_source_resolution(i32::try_from(dpi).unwrap_or(300));
        engine
            .api
            .recognize()
            .map_err(|_| "Tesseract failed to read the page".to_string())?;
        let tsv = engine
            .api
            .get_tsv_text(0)
            .map_err(|_| "Tesseract gave no result".to_string())?;
        Ok(parse_tsv(&tsv.as_ref().to_string_lossy()))
    })
}

/// Words of Tesseract's TSV output (level 5 rows with text).
pub fn parse_tsv(tsv: &str) -> Vec<Recognised> {
    let mut out = Vec::new();
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols.first() != Some(&"5") {
            continue;
        }
        let num = |i: usize| cols.get(i).and_then(|v| v.trim().parse::<f64>().ok());
        let (Some(block), Some(par), Some(line)) = (num(2), num(3), num(4)) else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height), Some(conf)) =
            (num(6), num(7), num(8), num(9), num(10))
        else {
            continue;
        };
        let text = cols.get(11..).map(|t| t.join("\t")).unwrap_or_default();
        let text = text.trim();
        if text.is_empty() || conf < 0.0 || width <= 0.0 || height <= 0.0 {
            continue;
        }
        out.push(Recognised {
            text: text.to_string(),
            x0: left,
            y0: top,
            x1: left + width,
            y1: top + height,
            conf: (conf / 100.0).clamp(0.0, 1.0) as f32,
            line: (block as u32)
                .saturating_mul(10_000)
                .saturating_add((par as u32).saturating_mul(100))
                .saturating_add(line as u32),
        });
    }
    out
}

//! Synthetic pages built from lines of text, for tests and experiments with unseen wordings:
//! letter-size, Helvetica-like 10 pt, one run per line, 6 pt per character.

use super::PageModel;
use super::model::{CharBox, Color, TextLine, TextRun};
use crate::geometry::Rect;

/// A page whose text is `lines`, top to bottom.
pub fn page_from_lines(number: u32, lines: &[&str]) -> PageModel {
    let media = Rect::new(0.0, 0.0, 612.0, 792.0);
    let mut page = PageModel {
        number,
        media_box: media,
        crop_box: media,
        ..PageModel::default()
    };
    for (i, text) in lines.iter().enumerate() {
        let baseline = 740.0 - 14.0 * i as f64;
        let chars: Vec<CharBox> = text
            .chars()
            .enumerate()
            .map(|(k, _)| {
                let x0 = 72.0 + 6.0 * k as f64;
                CharBox::from_rect(&Rect::new(x0, baseline - 2.0, x0 + 6.0, baseline + 8.0))
            })
            .collect();
        let width = 6.0 * chars.len() as f64;
        let bbox = Rect::new(72.0, baseline - 2.0, 72.0 + width.max(1.0), baseline + 8.0);
        let seq = u32::try_from(i).unwrap_or(u32::MAX);
        page.runs.push(TextRun {
            text: (*text).to_string(),
            chars: chars.clone(),
            bbox,
            origin_x: 72.0,
            baseline_y: baseline,
            font_size: 10.0,
            font_name: "Helvetica".to_string(),
            render_mode: 0,
            ocr_conf: None,
            fill: Color::BLACK,
            rotated: false,
            turn: 0,
            clip: None,
            seq,
        });
        page.lines.push(TextLine {
            text: (*text).to_string(),
            chars,
            runs: vec![seq],
            bbox,
            baseline_y: baseline,
            font_size: 10.0,
        });
    }
    page
}

//! The words around a redaction: what a reader sees just before and just after the box, on its
//! line (or the line above / below when the box fills its line). Other redactions on the way
//! show as `███`; exemption labels stamped beside boxes (`s.20(1)(b)`) are left out, and so is
//! any text still under the box (a leak is reported apart).

use super::codes;
use crate::geometry::Rect;
use crate::pdf::PageModel;
use crate::pdf::model::TextLine;

/// The placeholder for a redaction in context text.
pub const BLACK: &str = "███";

/// The words just before and just after a redaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Around {
    /// Up to `n` words before the box, in reading order.
    pub before: String,
    /// Up to `n` words after the box.
    pub after: String,
}

/// The box and a line share most of their height.
fn on_line(line: &TextLine, b: &Rect) -> bool {
    let lo = line.bbox.y0.max(b.y0);
    let hi = line.bbox.y1.min(b.y1);
    let h = line.bbox.height().min(b.height()).max(0.1);
    hi - lo >= 0.5 * h
}

/// The text of `line` whose characters' centres are left of `x` (`left`) or right of it, with
/// the characters under `hidden` left out, and each of `others` on the line (another redaction,
/// over text or over a gap) shown once as [`BLACK`] where it is.
fn part(line: &TextLine, x: Option<(f64, bool)>, hidden: &[Rect], others: &[Rect]) -> String {
    let side = |cx: f64| match x {
        Some((x, true)) => cx < x,
        Some((x, false)) => cx > x,
        None => true,
    };
    // The other boxes on this line, on this side, left to right.
    let mut boxes: Vec<&Rect> = others
        .iter()
        .filter(|o| on_line(line, o) && side(o.center().x))
        .collect();
    boxes.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut boxes = boxes.into_iter().peekable();
    let mut out = String::new();
    let black = |out: &mut String| {
        out.push(' ');
        out.push_str(BLACK);
        out.push(' ');
    };
    for (ch, cb) in line.text.chars().zip(&line.chars) {
        let c = cb.rect().center();
        if !side(c.x) || hidden.iter().any(|h| h.contains(c)) {
            continue;
        }
        // Boxes that start before this character: shown, and the text under them left out.
        while boxes
            .peek()
            .is_some_and(|b| b.center().x < c.x && !b.contains(c))
        {
            boxes.next();
            black(&mut out);
        }
        if let Some(b) = boxes.peek()
            && b.contains(c)
        {
            continue;
        }
        if others.iter().any(|o| o.contains(c)) {
            continue;
        }
        out.push(ch);
    }
    for _ in boxes {
        black(&mut out);
    }
    out
}

/// `text` without the exemption labels in it, whitespace collapsed.
fn without_codes(text: &str) -> String {
    let mut kept = String::new();
    let mut at = 0;
    for f in codes::find_codes(text) {
        if f.start >= at {
            kept.push_str(text.get(at..f.start).unwrap_or_default());
            kept.push(' ');
            at = f.end;
        }
    }
    kept.push_str(text.get(at..).unwrap_or_default());
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn last_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words[words.len().saturating_sub(n)..].join(" ")
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Up to `n` words before and after a redaction drawn as `boxes` (one box, or one per line in
/// reading order) on `page`; `others` are the page's other redaction boxes. Empty sides when the
/// page has no text there (a withheld-page notice has no box: both sides are empty).
pub fn words_around(page: &PageModel, boxes: &[Rect], others: &[Rect], n: usize) -> Around {
    let (Some(first), Some(last)) = (boxes.first(), boxes.last()) else {
        return Around::default();
    };
    let lines = &page.lines;
    let first_line = lines.iter().position(|l| on_line(l, first));
    let last_line = lines.iter().rposition(|l| on_line(l, last));
    // Before: the box's line left of it; the line above too when that gives too few words (or
    // the only text when the box has its line to itself).
    let mut before = String::new();
    let above = match first_line {
        Some(i) => {
            let l = &lines[i];
            before = part(l, Some((first.x0, true)), boxes, others);
            i.checked_sub(1)
        }
        None => lines
            .iter()
            .rposition(|l| l.bbox.center().y > first.center().y),
    };
    if without_codes(&before).split_whitespace().count() < n
        && let Some(l) = above.and_then(|i| lines.get(i))
    {
        before = format!("{} {before}", part(l, None, boxes, others));
    }
    let mut after = String::new();
    let below = match last_line {
        Some(i) => {
            let l = &lines[i];
            after = part(l, Some((last.x1, false)), boxes, others);
            Some(i + 1)
        }
        None => lines
            .iter()
            .position(|l| l.bbox.center().y < last.center().y),
    };
    if without_codes(&after).split_whitespace().count() < n
        && let Some(l) = below.and_then(|i| lines.get(i))
    {
        after = format!("{after} {}", part(l, None, boxes, others));
    }
    Around {
        before: last_words(&without_codes(&before), n),
        after: first_words(&without_codes(&after), n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::model::CharBox;

    /// A page of `lines`, 6 pt a character from x = 72, 14 pt between baselines from y = 740.
    fn page(lines: &[&str]) -> PageModel {
        let mut p = PageModel::default();
        for (i, text) in lines.iter().enumerate() {
            let y = 740.0 - 14.0 * i as f64;
            let chars: Vec<CharBox> = (0..text.chars().count())
                .map(|k| {
                    let x = 72.0 + 6.0 * k as f64;
                    CharBox::from_rect(&Rect::new(x, y - 2.0, x + 6.0, y + 8.0))
                })
                .collect();
            let w = 6.0 * chars.len() as f64;
            p.lines.push(TextLine {
                text: (*text).to_string(),
                chars,
                runs: Vec::new(),
                bbox: Rect::new(72.0, y - 2.0, 72.0 + w.max(1.0), y + 8.0),
                baseline_y: y,
                font_size: 10.0,
            });
        }
        p
    }

    /// The box over characters `from..to` of line `line` of [`page`].
    fn over(line: usize, from: usize, to: usize) -> Rect {
        let y = 740.0 - 14.0 * line as f64;
        Rect::new(
            72.0 + 6.0 * from as f64,
            y - 3.0,
            72.0 + 6.0 * to as f64,
            y + 9.0,
        )
    }

    #[test]
    fn the_words_either_side_on_the_line() {
        let p = page(&[
            "Hello all,",
            "was delivered under permit number           approved s.20(1)(b) for the end user",
            "Turkish Naval Forces.",
        ]);
        // The gap after "number" (characters 34..44) is the box.
        let a = words_around(&p, &[over(1, 34, 44)], &[], 3);
        assert_eq!(a.before, "under permit number");
        // The stamped label is left out; the line has enough words after.
        assert_eq!(a.after, "approved for the");
    }

    #[test]
    fn leaked_text_under_the_box_is_not_context_and_other_boxes_show_black() {
        let p = page(&["the serial 15D-19042 was seen at SECRET-BASE by them"]);
        // "15D-19042" (11..20) is under the box; "SECRET-BASE" (33..44) under another.
        let a = words_around(&p, &[over(0, 11, 20)], &[over(0, 33, 44)], 5);
        assert_eq!(a.before, "the serial");
        assert_eq!(a.after, "was seen at ███ by");
        assert!(!a.after.contains("SECRET"));
    }

    #[test]
    fn another_box_over_a_gap_shows_where_it_is() {
        let p = page(&["under permit number           approved           for the end user"]);
        // Two boxes over the two gaps (19..30 and 38..49): each sees the other.
        let (one, two) = (over(0, 20, 29), over(0, 39, 48));
        let a = words_around(&p, &[one], &[two], 4);
        assert_eq!(a.after, "approved ███ for the");
        let a = words_around(&p, &[two], &[one], 4);
        assert_eq!(a.before, "permit number ███ approved");
        assert_eq!(a.after, "for the end user");
    }

    #[test]
    fn a_box_alone_on_its_line_takes_the_lines_around_it() {
        let p = page(&[
            "Our assessment of the footage:",
            "",
            "I will keep you posted.",
        ]);
        // A box on the empty second line (no text line there at all).
        let mut p2 = p.clone();
        p2.lines.remove(1);
        let a = words_around(&p2, &[over(1, 0, 40)], &[], 4);
        assert_eq!(a.before, "assessment of the footage:");
        assert_eq!(a.after, "I will keep you");
        // Too few words on the box's line: the line above fills in.
        let p = page(&["Views of our partners:", "Done. s.15(1)"]);
        let a = words_around(&p, &[over(1, 6, 20)], &[], 3);
        assert_eq!(a.before, "our partners: Done.");
    }

    #[test]
    fn no_box_no_context() {
        let p = page(&["anything"]);
        assert_eq!(words_around(&p, &[], &[], 3), Around::default());
    }
}

//! Provenance: for every finding, whether its evidence is the file's text, text recognised from
//! a picture (Dossier's OCR, or an OCR layer someone put in the file), or pixels of a scan, and
//! for Dossier's OCR the lowest confidence of the words it rests on.

use crate::documents::Document;
use crate::geometry::Rect;
use crate::officials::Official;
use crate::pdf::{PageModel, Provenance, Source, TextRun};
use crate::permits::PermitLink;
use crate::redactions::{Redaction, RedactionKind, codes};

fn page(pages: &[PageModel], number: u32) -> Option<&PageModel> {
    pages.get(usize::try_from(number).ok()?.checked_sub(1)?)
}

/// The provenance of the text within `area` of `page` (runs overlapping it by half their box,
/// or whose box holds its centre).
fn of_area(page: &PageModel, area: &Rect) -> Provenance {
    from_runs(page.runs.iter().filter(|r| {
        r.render_mode != 7
            && r.bbox.intersection(area).is_some_and(|i| {
                i.area() >= 0.5 * r.bbox.area().min(area.area()) || r.bbox.contains(area.center())
            })
    }))
}

/// Text of the file wins: a finding is OCR only when every run it rests on is OCR.
fn from_runs<'a>(runs: impl Iterator<Item = &'a TextRun>) -> Provenance {
    let mut any = false;
    let mut conf: Option<f32> = None;
    for r in runs {
        any = true;
        if !r.is_ocr() {
            return Provenance::default();
        }
        if let Some(c) = r.ocr_conf {
            conf = Some(conf.map_or(c, |m: f32| m.min(c)));
        }
    }
    if any {
        Provenance {
            source: Source::Ocr,
            ocr_confidence: conf,
        }
    } else {
        Provenance::default()
    }
}

/// The page's text as a whole: OCR when most of its characters come from OCR.
fn of_page(page: &PageModel) -> Provenance {
    let (mut ocr, mut file) = (0usize, 0usize);
    let mut confs: Vec<f32> = Vec::new();
    for r in &page.runs {
        let n = r.chars.len();
        if r.is_ocr() {
            ocr += n;
            if let Some(c) = r.ocr_conf {
                confs.push(c);
            }
        } else if r.render_mode != 7 {
            file += n;
        }
    }
    if ocr > file {
        let mean = (!confs.is_empty()).then(|| confs.iter().sum::<f32>() / confs.len() as f32);
        Provenance {
            source: Source::Ocr,
            ocr_confidence: mean,
        }
    } else {
        Provenance::default()
    }
}

/// Lines of pages `first..=last` that contain `needle` (case-insensitive), as areas.
fn lines_with(pages: &[PageModel], first: u32, last: u32, needle: &str) -> Vec<(u32, Rect)> {
    let needle = needle.trim().to_lowercase();
    if needle.chars().count() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for n in first..=last.min(first.saturating_add(50)) {
        let Some(p) = page(pages, n) else { continue };
        for l in &p.lines {
            if l.text.to_lowercase().contains(&needle) {
                out.push((n, l.bbox));
            }
        }
    }
    out
}

fn merge(a: Provenance, b: Provenance) -> Provenance {
    match (a.source, b.source) {
        (Source::Ocr, Source::Ocr) => Provenance {
            source: Source::Ocr,
            ocr_confidence: match (a.ocr_confidence, b.ocr_confidence) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
        },
        (Source::Ocr, _) => a,
        (_, Source::Ocr) => b,
        _ => a,
    }
}

/// Sets the provenance of every finding.
pub fn annotate(
    pages: &[PageModel],
    redactions: &mut [Redaction],
    documents: &mut [Document],
    officials: &mut [Official],
    links: &mut [PermitLink],
) {
    for r in redactions.iter_mut() {
        let Some(p) = page(pages, r.page) else {
            continue;
        };
        r.provenance = match (r.kind, r.bbox) {
            (RedactionKind::Image, Some(b)) => {
                // The box is pixels; its codes and leaks are OCR text near or under it.
                // Its label is near it, or on its line in a margin.
                let near = b.inflate(200.0);
                let row = Rect::new(p.crop_box.x0, b.y0 - 20.0, p.crop_box.x1, b.y1 + 20.0);
                let evidence = p.runs.iter().filter(|run| {
                    run.is_ocr()
                        && (run.bbox.intersection(&near).is_some()
                            || run.bbox.intersection(&row).is_some())
                        && (codes::find_codes(&codes::repair_ocr(&run.text))
                            .iter()
                            .any(|f| r.codes.contains(&f.code))
                            || (r.leaked_text.is_some() && run.bbox.covered_by(&b) > 0.5))
                });
                let prov = from_runs(evidence);
                if prov.source == Source::Ocr && (!r.codes.is_empty() || r.leaked_text.is_some()) {
                    prov
                } else {
                    Provenance {
                        source: Source::Image,
                        ocr_confidence: None,
                    }
                }
            }
            (RedactionKind::WithheldPages, _) => of_page(p),
            (_, Some(b)) => of_area(p, &b),
            (_, None) => of_page(p),
        };
    }
    for d in documents.iter_mut() {
        let mut prov: Option<Provenance> = None;
        let fields = d
            .from
            .iter()
            .chain(d.subject.iter())
            .chain(d.to.iter().take(3))
            .cloned()
            .collect::<Vec<_>>();
        for f in fields {
            // The header line holding the field (its first words are enough to find it).
            let probe: String = f.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            if let Some((n, area)) = lines_with(pages, d.first_page, d.last_page, &probe).first()
                && let Some(p) = page(pages, *n)
            {
                let here = of_area(p, area);
                prov = Some(prov.map_or(here, |x| merge(x, here)));
            }
        }
        d.provenance = match prov {
            Some(p) => p,
            None => page(pages, d.first_page).map(of_page).unwrap_or_default(),
        };
    }
    for o in officials.iter_mut() {
        let mut all_ocr = !o.mention_list.is_empty();
        let mut best: Option<f32> = None;
        for m in o.mention_list.iter_mut() {
            m.provenance = match (page(pages, m.page), m.bbox) {
                (Some(p), Some(b)) => of_area(p, &b),
                (Some(p), None) => of_page(p),
                _ => Provenance::default(),
            };
            if m.provenance.source == Source::Ocr {
                if let Some(c) = m.provenance.ocr_confidence {
                    best = Some(best.map_or(c, |b: f32| b.max(c)));
                }
            } else {
                all_ocr = false;
            }
        }
        // A person is "read by OCR" only when no mention is in the file's own text; the
        // confidence is that of their best read.
        o.provenance = if all_ocr {
            Provenance {
                source: Source::Ocr,
                ocr_confidence: best,
            }
        } else {
            Provenance::default()
        };
    }
    for l in links.iter_mut() {
        l.provenance = match (page(pages, l.page), l.bbox) {
            (Some(p), Some(b)) => of_area(p, &b),
            (Some(p), None) => of_page(p),
            _ => Provenance::default(),
        };
    }
}

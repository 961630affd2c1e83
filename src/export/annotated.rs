//! An annotated copy of a production: every finding as a PDF annotation with a note, in a new
//! file; the source is never written.
//!
//! - redactions: a box outlined in their first code's colour, the codes and their meanings in
//!   the note; a redaction whose text leaks is outlined in red, the leaked text in the note;
//!   withheld-page notices without a box are sticky notes;
//! - people: each mention highlighted in the people's colour, with the name, title and
//!   organisation in the note;
//! - permits: each citation highlighted (a candidate outlined with dashes), with the permit
//!   number and the evidence;
//! - documents: a sticky note at the top of each e-mail and memo (sender, recipients, date,
//!   subject);
//! - the user's review: dismissed findings are left out, corrections used, findings marked
//!   reviewed say so, and each tag is a sticky note.
//!
//! A finding without a place on its page (a person or permit link with no box) is a sticky note
//! in the page's left margin. The drawing itself is [`crate::pdf::annotate`].

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::colours;
use super::csv::review_note;
use crate::analysis::FileAnalysis;
use crate::documents::DocumentKind;
use crate::error::{Error, Result};
use crate::geometry::Rect;
use crate::pdf::Limits;
use crate::pdf::annotate::{AnnotKind, Annotation};
use crate::project::Project;
use crate::project::review::{self, FileReview};

/// Documents' notes: a neutral blue-grey.
const DOCUMENT: colours::Rgb = [90, 100, 130];

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatedCopy {
    /// The new file.
    pub path: PathBuf,
    /// Annotations added.
    pub added: usize,
    /// Annotations left out, and why.
    pub skipped: Vec<String>,
}

/// Where a sticky note goes on a page without a box of its own: down the left margin, one
/// below the other.
struct Margin {
    next: std::collections::HashMap<u32, u32>,
}

impl Margin {
    fn place(&mut self, a: &FileAnalysis, page: u32) -> Rect {
        let n = self.next.entry(page).or_insert(0);
        let k = f64::from(*n);
        *n += 1;
        let crop = usize::try_from(page)
            .ok()
            .and_then(|p| p.checked_sub(1))
            .and_then(|i| a.pages.get(i))
            .map(|p| a.user_box(page, &p.crop_box))
            .unwrap_or(Rect::new(0.0, 0.0, 612.0, 792.0));
        let top = (crop.y1 - 8.0 - 24.0 * (k % 30.0)).max(crop.y0 + 24.0);
        Rect::new(crop.x0 + 6.0, top - 20.0, crop.x0 + 26.0, top)
    }
}

/// The reviewer's word on a finding, as a last line of its note.
fn with_review(mut text: String, rev: Option<&FileReview>, id: &str) -> String {
    let note = review_note(rev, id);
    if !note.is_empty() {
        text.push_str(&format!("\nReview: {note}"));
    }
    text
}

/// The annotations of an analysed file, with the user's review laid over it when a project is
/// given. Boxes are in each page's default user space.
pub fn annotations(a: &FileAnalysis, project: Option<&Project>) -> Vec<Annotation> {
    let Some((a, rev)) = super::reviewed(&[a], project).into_iter().next() else {
        return Vec::new();
    };
    let (a, rev) = (&*a, rev.as_ref());
    let mut margin = Margin {
        next: Default::default(),
    };
    let mut out = Vec::new();

    for d in &a.documents {
        if d.kind == DocumentKind::Other {
            continue;
        }
        let kind = if d.kind == DocumentKind::Email {
            "E-mail"
        } else {
            "Memo"
        };
        let mut lines = Vec::new();
        if let Some(f) = &d.from {
            lines.push(format!("From: {f}"));
        }
        if !d.to.is_empty() {
            lines.push(format!("To: {}", d.to.join("; ")));
        }
        if !d.cc.is_empty() {
            lines.push(format!("Cc: {}", d.cc.join("; ")));
        }
        if let Some(date) = &d.date {
            lines.push(format!(
                "Date: {date}{}",
                d.time.as_ref().map(|t| format!(" {t}")).unwrap_or_default()
            ));
        }
        if let Some(s) = &d.subject {
            lines.push(format!("Subject: {s}"));
        }
        lines.push(format!("Pages {}-{}", d.first_page, d.last_page));
        out.push(Annotation {
            page: d.first_page,
            rect: margin.place(a, d.first_page),
            color: DOCUMENT,
            kind: AnnotKind::Note,
            name: d.id.clone(),
            title: format!("{kind}: {}", d.subject.as_deref().unwrap_or("(no subject)")),
            subject: kind.to_string(),
            contents: lines.join("\n"),
        });
    }

    for r in &a.redactions {
        let cite = crate::redactions::codes::cite(&r.codes);
        let mut text = if r.codes.is_empty() {
            "No exemption code read.".to_string()
        } else {
            super::csv::meanings(&r.codes).replace("; ", "\n")
        };
        if !r.withheld_pages.is_empty() {
            text.push_str(&format!(
                "\nPages withheld: {}",
                super::csv::pages_list(&r.withheld_pages)
            ));
        }
        if let Some(why) = &r.withheld_reason {
            text.push_str(&format!("\nWithheld as: {why}"));
        }
        let leak = r.leaked_text.as_deref();
        if let Some(t) = leak {
            text = format!("LEAKED TEXT: {t}\n{text}");
            if let Some(place) = &r.leak_found_in {
                text.push_str(&format!("\nLeak found in: {place}"));
            }
        }
        let (title, subject) = match leak {
            Some(_) => (format!("LEAK under redaction {cite}"), "Leak"),
            None => (
                format!("Redaction {cite} ({})", r.kind.as_str()),
                "Redaction",
            ),
        };
        let (rect, kind) = match r.bbox {
            Some(b) => (
                b,
                AnnotKind::Square {
                    width: if leak.is_some() { 2.5 } else { 1.5 },
                    dashed: false,
                },
            ),
            None => (margin.place(a, r.page), AnnotKind::Note),
        };
        out.push(Annotation {
            page: r.page,
            rect,
            color: colours::redaction_color(leak.is_some(), &r.codes),
            kind,
            name: r.id.clone(),
            title: title.trim_end().to_string(),
            subject: subject.to_string(),
            contents: with_review(text, rev, &r.id),
        });
    }

    for o in &a.officials {
        let about: Vec<&str> = [o.title.as_deref(), o.organization.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let mut text = if about.is_empty() {
            String::new()
        } else {
            format!("{}\n", about.join(", "))
        };
        text.push_str(&format!(
            "{} on pages {} ({} mentions)",
            if o.is_official { "Official" } else { "Person" },
            super::csv::pages_list(&o.pages),
            o.mentions
        ));
        if !o.aliases.is_empty() {
            text.push_str(&format!("\nAlso written: {}", o.aliases.join("; ")));
        }
        let text = with_review(text, rev, &o.id);
        let mut placed = false;
        for (k, m) in o.mention_list.iter().enumerate() {
            let Some(b) = m.bbox else { continue };
            placed = true;
            out.push(Annotation {
                page: m.page,
                rect: b,
                color: colours::PERSON,
                kind: AnnotKind::Highlight,
                name: format!("{}#{k}", o.id),
                title: o.name.clone(),
                subject: "Person".to_string(),
                contents: format!("“{}”\n{text}", m.text),
            });
        }
        if !placed && let Some(&page) = o.pages.first() {
            out.push(Annotation {
                page,
                rect: margin.place(a, page),
                color: colours::PERSON,
                kind: AnnotKind::Note,
                name: o.id.clone(),
                title: o.name.clone(),
                subject: "Person".to_string(),
                contents: text,
            });
        }
    }

    let links = a.permit_links.iter().map(|l| (l, false));
    let candidates = a.permit_candidates.iter().map(|l| (l, true));
    for (l, candidate) in links.chain(candidates) {
        let id = review::link_id(l);
        let text = with_review(
            format!(
                "{}by {}, confidence {:.2}\n{}",
                if candidate {
                    "Candidate (to confirm): "
                } else {
                    ""
                },
                l.via.as_str(),
                l.confidence,
                l.evidence
            ),
            rev,
            &id,
        );
        let (rect, kind) = match (l.bbox, candidate) {
            (Some(b), false) => (b, AnnotKind::Highlight),
            (Some(b), true) => (
                b,
                AnnotKind::Square {
                    width: 1.0,
                    dashed: true,
                },
            ),
            (None, _) => (margin.place(a, l.page), AnnotKind::Note),
        };
        out.push(Annotation {
            page: l.page,
            rect,
            color: colours::PERMIT,
            kind,
            name: id,
            title: format!(
                "Permit {}{}",
                l.permit,
                if candidate { " (candidate)" } else { "" }
            ),
            subject: "Permit".to_string(),
            contents: text,
        });
    }

    for t in rev.map(|r| r.tags.as_slice()).unwrap_or_default() {
        let mut text = t.note.clone();
        if !t.text.is_empty() {
            text.push_str(&format!("\n“{}”", t.text));
        }
        out.push(Annotation {
            page: t.page,
            rect: t.bbox,
            color: colours::TAG,
            kind: AnnotKind::Note,
            name: t.id.clone(),
            title: format!("Your tag: {}", t.kind.label()),
            subject: "Tag".to_string(),
            contents: text.trim().to_string(),
        });
    }
    out
}

/// The usual name of a file's annotated copy: `production.pdf` → `production-annotated.pdf`,
/// beside it.
pub fn default_path(source: &Path) -> PathBuf {
    let stem = source
        .file_stem()
        .map_or_else(|| "production".into(), |s| s.to_string_lossy().into_owned());
    source.with_file_name(format!("{stem}-annotated.pdf"))
}

/// The same file (by canonical path; on Unix also a hard link to it).
fn same_file(source: &Path, dest: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        // Not there yet: its folder's canonical path and its name.
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    if canon(source).is_some_and(|s| canon(dest).is_some_and(|d| s == d)) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(s), Ok(d)) = (std::fs::metadata(source), std::fs::metadata(dest)) {
            return s.dev() == d.dev() && s.ino() == d.ino();
        }
    }
    false
}

/// Writes the annotated copy of the analysed file `a` to `dest` (see [`annotations`]). Refuses
/// to write over the source; the source must still be the file that was analysed (same
/// SHA-256). The copy is written beside `dest` and renamed into place, so a failure leaves no
/// half-written file.
pub fn write_annotated_copy(
    a: &FileAnalysis,
    project: Option<&Project>,
    dest: &Path,
    limits: &Limits,
) -> Result<AnnotatedCopy> {
    if same_file(&a.path, dest) {
        return Err(Error::Data(format!(
            "{}: will not write over the source file; choose another name",
            dest.display()
        )));
    }
    let size = std::fs::metadata(&a.path)?.len();
    if size > limits.max_file_bytes {
        return Err(Error::Limit(format!(
            "file of {size} bytes (at most {})",
            limits.max_file_bytes
        )));
    }
    let bytes = std::fs::read(&a.path)?;
    if hex::encode(Sha256::digest(&bytes)) != a.sha256 {
        return Err(Error::Data(format!(
            "{} changed since it was analysed; analyse it again",
            a.path.display()
        )));
    }
    let notes = annotations(a, project);
    let copy = crate::pdf::annotate::annotate(&bytes, &notes, limits)?;
    let name = dest.file_name().map_or_else(
        || "annotated.pdf".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dest.with_file_name(format!(".{name}.dossier-tmp"));
    let written = std::fs::write(&tmp, &copy.bytes).and_then(|()| std::fs::rename(&tmp, dest));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(AnnotatedCopy {
        path: dest.to_path_buf(),
        added: copy.added,
        skipped: copy.skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_named_beside_the_source() {
        assert_eq!(
            default_path(Path::new("/x/production.pdf")),
            PathBuf::from("/x/production-annotated.pdf")
        );
    }

    #[test]
    fn a_path_to_the_same_file_is_the_same_file() {
        let dir = std::env::temp_dir().join(format!("dossier-same-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        let f = dir.join("a.pdf");
        std::fs::write(&f, b"%PDF-1.4").ok();
        assert!(same_file(&f, &dir.join(".").join("a.pdf")));
        assert!(!same_file(&f, &dir.join("b.pdf")));
        std::fs::remove_dir_all(&dir).ok();
    }
}

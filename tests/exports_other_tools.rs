//! Exports other tools read: FollowTheMoney entities (Aleph), the annotated copy of a production
//! (any PDF viewer), the redaction log as XLSX (any spreadsheet).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dossier::export::ftm::{self, Entity};
use dossier::pdf::Limits;
use dossier::pdf::annotate::{self, AnnotKind, Annotation};
use lopdf::{Object, dictionary};

use crate::common;

/// The schemata the FtM export uses, each with its required properties and the properties the
/// export may fill (`name>Range` for entity references), as the FollowTheMoney model 4.11 defines
/// them (`followthemoney/schema/*.yaml`, inherited properties included; read with `ftm
/// dump-model`).
const SCHEMATA: &[(&str, &[&str], &[&str])] = &[
    (
        "ContractAward",
        &["contract", "supplier"],
        &["contract>Contract", "role", "supplier>LegalEntity"],
    ),
    (
        "Document",
        &["fileName"],
        &[
            "author",
            "date",
            "description",
            "fileName",
            "keywords",
            "proof>Document",
            "title",
        ],
    ),
    (
        "Documentation",
        &["document", "entity"],
        &["document>Document", "entity>Thing", "role", "summary"],
    ),
    (
        "Email",
        &[],
        &[
            "cc",
            "date",
            "description",
            "emitters>LegalEntity",
            "from",
            "inReplyToEmail>Email",
            "keywords",
            "proof>Document",
            "recipients>LegalEntity",
            "subject",
            "title",
            "to",
        ],
    ),
    (
        "Employment",
        &["employee", "employer"],
        &[
            "employee>Person",
            "employer>Organization",
            "proof>Document",
            "role",
        ],
    ),
    (
        "License",
        &["authority", "name"],
        &[
            "authority>LegalEntity",
            "commodities",
            "contractDate",
            "country",
            "description",
            "name",
            "proof>Document",
            "status",
            "title",
        ],
    ),
    (
        "Mention",
        &["document", "name"],
        &[
            "detectedSchema",
            "document>Document",
            "name",
            "resolved>LegalEntity",
        ],
    ),
    (
        "Note",
        &[],
        &["description", "entity>Thing", "name", "summary"],
    ),
    ("Organization", &["name"], &["name", "proof>Document"]),
    (
        "Pages",
        &[],
        &[
            "description",
            "extension",
            "fileName",
            "mimeType",
            "peopleMentioned",
            "title",
        ],
    ),
    (
        "Person",
        &["name"],
        &[
            "alias",
            "description",
            "email",
            "name",
            "position",
            "proof>Document",
        ],
    ),
    ("PublicBody", &["name"], &["name", "proof>Document"]),
];

/// Which of the schemata above each reference range takes (FtM's `is_a`).
const RANGES: &[(&str, &[&str])] = &[
    ("Contract", &["License"]),
    ("Document", &["Document", "Email", "Pages"]),
    ("Email", &["Email"]),
    ("LegalEntity", &["Organization", "Person", "PublicBody"]),
    ("Organization", &["Organization", "PublicBody"]),
    ("Person", &["Person"]),
    (
        "Thing",
        &[
            "Document",
            "Email",
            "License",
            "Note",
            "Organization",
            "Pages",
            "Person",
            "PublicBody",
        ],
    ),
];

fn analyse(path: &Path, permits: bool) -> dossier::FileAnalysis {
    let mut options = dossier::Options::default();
    if permits {
        let registry = dossier::permits::load_registry(&common::sample("permits.csv")).unwrap();
        options.registry = Some(Arc::new(registry));
    }
    dossier::analyze_file(path, &options, &dossier::analysis::NoProgress).unwrap()
}

fn registry() -> dossier::permits::Registry {
    dossier::permits::load_registry(&common::sample("permits.csv")).unwrap()
}

/// Every entity is of a schema above, fills only its properties, has its required ones, and
/// every reference names an entity of the export of a schema the property's range takes.
fn check_entities(entities: &[Entity]) {
    let schemata: HashMap<&str, (&[&str], &[&str])> =
        SCHEMATA.iter().map(|(s, r, p)| (*s, (*r, *p))).collect();
    let ranges: HashMap<&str, &[&str]> = RANGES.iter().copied().collect();
    let by_id: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    assert_eq!(by_id.len(), entities.len(), "ids are unique");
    for e in entities {
        assert!(
            e.id.len() == 40 && e.id.bytes().all(|c| c.is_ascii_hexdigit()),
            "{}",
            e.id
        );
        let (required, props) = schemata
            .get(e.schema.as_str())
            .unwrap_or_else(|| panic!("{} is not a schema the export may use", e.schema));
        for r in *required {
            assert!(!e.get(r).is_empty(), "{} {} lacks {r}", e.schema, e.id);
        }
        for (name, values) in &e.properties {
            let spec = props
                .iter()
                .find(|p| p.split('>').next() == Some(name.as_str()))
                .unwrap_or_else(|| panic!("{}.{name} is not in the list", e.schema));
            assert!(!values.is_empty() && values.iter().all(|v| !v.trim().is_empty()));
            if let Some((_, range)) = spec.split_once('>') {
                for v in values {
                    let target = by_id
                        .get(v.as_str())
                        .unwrap_or_else(|| panic!("{}.{name} names {v}, not exported", e.schema));
                    assert!(
                        ranges[range].contains(&target.schema.as_str()),
                        "{}.{name} -> {} is not a {range}",
                        e.schema,
                        target.schema
                    );
                }
            }
        }
    }
}

fn of_schema<'a>(entities: &'a [Entity], schema: &str) -> Vec<&'a Entity> {
    entities.iter().filter(|e| e.schema == schema).collect()
}

#[test]
fn ftm_entities_are_real_schema_and_reference_each_other() {
    let a = analyse(&common::sample("production.pdf"), true);
    let reg = registry();
    let entities = ftm::entities(&[&a], None, Some(&reg));
    check_entities(&entities);

    assert_eq!(of_schema(&entities, "Pages").len(), 1);
    assert_eq!(of_schema(&entities, "Person").len(), a.officials.len());
    let emails = a
        .documents
        .iter()
        .filter(|d| d.kind == dossier::documents::DocumentKind::Email)
        .count();
    assert_eq!(of_schema(&entities, "Email").len(), emails);
    assert_eq!(
        of_schema(&entities, "Email").len() + of_schema(&entities, "Document").len(),
        a.documents.len()
    );
    // One licence per permit cited (sure links), with the registry's details.
    let mut cited: Vec<&str> = a.permit_links.iter().map(|l| l.permit.as_str()).collect();
    cited.sort_unstable();
    cited.dedup();
    let licences = of_schema(&entities, "License");
    let mut names: Vec<&str> = licences.iter().map(|l| l.get("name")[0].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, cited);
    let exp = licences
        .iter()
        .find(|l| l.get("name") == ["EXP-2020-0517"])
        .unwrap();
    assert_eq!(exp.get("contractDate"), ["2020-05-13"]);
    assert_eq!(exp.get("country"), ["tr"]);
    assert!(exp.get("description")[0].contains("Baykar"));
    // Each person's names as written are mentions of the production resolved to them.
    let anand = of_schema(&entities, "Person")
        .into_iter()
        .find(|p| p.get("name") == ["Shalini Anand"])
        .unwrap();
    let mentions: Vec<&Entity> = of_schema(&entities, "Mention")
        .into_iter()
        .filter(|m| m.get("resolved") == [anand.id.clone()])
        .collect();
    assert!(mentions.len() >= 2, "{mentions:?}");
    // E-mails name her as sender or recipient.
    assert!(
        of_schema(&entities, "Email")
            .iter()
            .any(|e| e.get("emitters").contains(&anand.id)
                || e.get("recipients").contains(&anand.id))
    );
    // Leaks are notes on the production.
    let leaks = a
        .redactions
        .iter()
        .filter(|r| r.leaked_text.is_some())
        .count();
    assert!(leaks > 0);
    assert_eq!(of_schema(&entities, "Note").len(), leaks);

    // Stable: the same entities again, and ids depend on the file's hash and the finding.
    assert_eq!(ftm::entities(&[&a], None, Some(&reg)), entities);
    assert_eq!(
        anand.id,
        ftm::entity_id(
            &a.sha256,
            &a.officials
                .iter()
                .find(|o| o.name == "Shalini Anand")
                .unwrap()
                .id
        )
    );
}

#[test]
fn ftm_follows_the_review() {
    use dossier::project::{self, Project, TagKind};
    let a = analyse(&common::sample("production.pdf"), true);
    let key = |id: &str| project::review_key(&a.sha256, id);
    let anand = a
        .officials
        .iter()
        .find(|o| o.name == "Shalini Anand")
        .unwrap();
    let gone = a
        .officials
        .iter()
        .find(|o| o.name != "Shalini Anand")
        .unwrap();
    let mut p = Project::default();
    p.correction_mut(&key(&gone.id)).dismissed = true;
    p.correction_mut(&key(&anand.id)).title = Some("Director General".into());
    let link = &a.permit_links[0];
    p.correction_mut(&key(&dossier::project::review::link_id(link)))
        .dismissed = true;
    p.add_tag(
        &a.sha256,
        1,
        a.pages[0].lines[0].bbox,
        TagKind::Note,
        "check this",
        "",
    );
    let entities = ftm::entities(&[&a], Some(&p), Some(&registry()));
    check_entities(&entities);
    let people = of_schema(&entities, "Person");
    assert_eq!(people.len(), a.officials.len() - 1);
    assert!(!people.iter().any(|e| e.get("name") == [gone.name.clone()]));
    let anand_e = people
        .iter()
        .find(|e| e.get("name") == ["Shalini Anand"])
        .unwrap();
    assert_eq!(anand_e.get("position")[0], "Director General");
    assert!(
        of_schema(&entities, "Note")
            .iter()
            .any(|n| n.get("description") == ["check this"])
    );
    // The dismissed link's evidence is not cited (other links to the same permit may be).
    let page = format!("p. {} ", link.page);
    assert!(!of_schema(&entities, "Documentation").iter().any(|d| {
        d.get("summary")[0].contains(&format!("{page}({}): {}", link.via.as_str(), link.evidence))
    }));
}

/// `ftm validate` (pip `followthemoney`) reads the export and keeps every value: no schema,
/// property or value it rejects or rewrites (it drops what it cannot clean, silently: hence the
/// comparison). Skipped (with a message) when `ftm` is not on PATH nor named by `DOSSIER_FTM`.
#[test]
fn ftm_validate_keeps_every_value() {
    let dir = common::temp_dir("ftm-validate");
    let export = dir.join("production.ftm.json");
    let text = common::run_dossier(
        &[
            "export",
            "samples/production.pdf",
            "--format",
            "ftm",
            "--permits",
            "samples/permits.csv",
        ],
        None,
    );
    std::fs::write(&export, &text).unwrap();
    let entities: Vec<Entity> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    check_entities(&entities);

    let validated = dir.join("validated.ftm.json");
    // `ftm` on PATH, or where `DOSSIER_FTM` says (a virtualenv's `bin/ftm`).
    let ftm_cli = std::env::var_os("DOSSIER_FTM").unwrap_or_else(|| "ftm".into());
    let run = std::process::Command::new(&ftm_cli)
        .arg("validate")
        .arg("-i")
        .arg(&export)
        .arg("-o")
        .arg(&validated)
        .output();
    let out = match run {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "SKIPPED ftm validate: no `ftm` on PATH nor DOSSIER_FTM (pip install followthemoney); the structure was checked in Rust"
            );
            return;
        }
        Err(e) => panic!("ftm: {e}"),
    };
    assert!(
        out.status.success(),
        "ftm validate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back: HashMap<String, Entity> = std::fs::read_to_string(&validated)
        .unwrap()
        .lines()
        .map(|l| {
            let e: Entity = serde_json::from_str(l).unwrap();
            (e.id.clone(), e)
        })
        .collect();
    assert_eq!(back.len(), entities.len());
    for e in &entities {
        let v = &back[&e.id];
        assert_eq!(v.schema, e.schema);
        for (name, values) in &e.properties {
            let mut want = values.clone();
            let mut got = v.get(name).to_vec();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{} {}.{name}", e.id, e.schema);
        }
        assert_eq!(v.properties.len(), e.properties.len(), "{}", e.id);
    }
    eprintln!("ftm validate kept all {} entities", entities.len());
}

fn sha256(path: &Path) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

/// Per page, the subtypes of its annotations and their titles (`/T`), read with lopdf.
fn annots(path: &Path) -> Vec<Vec<(String, String)>> {
    let doc = lopdf::Document::load(path).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let Ok(list) = page.get(b"Annots") else {
                return Vec::new();
            };
            let list = match list {
                Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap(),
                o => o.as_array().unwrap(),
            };
            list.iter()
                .map(|o| {
                    let d = doc.get_dictionary(o.as_reference().unwrap()).unwrap();
                    let subtype =
                        String::from_utf8_lossy(d.get(b"Subtype").unwrap().as_name().unwrap())
                            .into_owned();
                    let title = d
                        .get(b"T")
                        .ok()
                        .and_then(|t| lopdf::decode_text_string(t).ok())
                        .unwrap_or_default();
                    (subtype, title)
                })
                .collect()
        })
        .collect()
}

/// Runs a tool when it is installed: `Some(success)`, or `None` with a printed skip.
fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Option<bool> {
    match std::process::Command::new(name).args(args).output() {
        Ok(out) => {
            if !out.status.success() {
                eprintln!("{name}: {}", String::from_utf8_lossy(&out.stderr));
            }
            Some(out.status.success())
        }
        Err(_) => {
            eprintln!("SKIPPED {name}: not installed");
            None
        }
    }
}

/// A copy of a sample in a test folder (tests never write beside the samples).
fn sample_copy(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(common::sample(name), &to).unwrap();
    to
}

#[test]
fn annotated_copy_has_every_finding_and_leaves_the_source_alone() {
    let dir = common::temp_dir("annotated-sample");
    let src = sample_copy(&dir, "production.pdf");
    let before = sha256(&src);
    let a = analyse(&src, true);
    let expected = dossier::export::annotated::annotations(&a, None);
    let out = dir.join("annotated.pdf");
    let copy = dossier::export::annotated::write_annotated_copy(&a, None, &out, &Limits::default())
        .unwrap();
    assert_eq!(sha256(&src), before, "the source is untouched");
    assert_eq!(copy.added, expected.len());
    assert!(copy.skipped.is_empty(), "{:?}", copy.skipped);

    let original = annots(&src);
    let pages = annots(&out);
    assert_eq!(pages.len(), original.len());
    for (i, (now, was)) in pages.iter().zip(&original).enumerate() {
        let page = u32::try_from(i + 1).unwrap();
        let added = expected.iter().filter(|x| x.page == page).count();
        assert_eq!(now.len(), was.len() + added, "page {page}");
        assert_eq!(
            &now[..was.len()],
            &was[..],
            "page {page} keeps its own annotations"
        );
    }
    // Every redaction, leak, person mention with a place, permit link and e-mail or memo.
    let all: Vec<&(String, String)> = pages.iter().flatten().collect();
    let count = |sub: &str, title: &str| {
        all.iter()
            .filter(|(s, t)| s == sub && t.starts_with(title))
            .count()
    };
    let boxed = a.redactions.iter().filter(|r| r.bbox.is_some()).count();
    let leaks = a
        .redactions
        .iter()
        .filter(|r| r.leaked_text.is_some())
        .count();
    assert_eq!(
        count("Square", "Redaction") + count("Square", "LEAK"),
        boxed
    );
    assert_eq!(count("Square", "LEAK"), leaks);
    let mentions: usize = a
        .officials
        .iter()
        .map(|o| o.mention_list.iter().filter(|m| m.bbox.is_some()).count())
        .sum();
    let highlighted_people = all
        .iter()
        .filter(|(s, t)| s == "Highlight" && a.officials.iter().any(|o| &o.name == t))
        .count();
    assert_eq!(highlighted_people, mentions);
    let links = a.permit_links.len() + a.permit_candidates.len();
    assert_eq!(
        all.iter().filter(|(_, t)| t.starts_with("Permit ")).count(),
        links
    );
    assert!(count("Text", "E-mail") > 0);

    // Any viewer opens it: qpdf finds no damage, poppler draws every page.
    if let Some(ok) = tool("qpdf", &["--check".as_ref(), out.as_os_str()]) {
        assert!(ok, "qpdf --check");
    }
    let png = dir.join("page");
    if let Some(ok) = tool(
        "pdftoppm",
        &[
            "-png".as_ref(),
            "-r".as_ref(),
            "30".as_ref(),
            out.as_os_str(),
            png.as_os_str(),
        ],
    ) {
        assert!(ok, "pdftoppm");
        let drawn = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".png")
            })
            .count();
        assert_eq!(drawn, pages.len());
    }
    // And Dossier reads the copy as it read the source: the same redactions.
    let again = analyse(&out, true);
    assert_eq!(again.redactions.len(), a.redactions.len());
}

#[test]
fn annotated_copy_follows_the_review() {
    use dossier::project::{self, Project, TagKind};
    let dir = common::temp_dir("annotated-review");
    let src = sample_copy(&dir, "production.pdf");
    let a = analyse(&src, false);
    let key = |id: &str| project::review_key(&a.sha256, id);
    let gone = &a.redactions[0];
    let mut p = Project::default();
    p.correction_mut(&key(&gone.id)).dismissed = true;
    p.add_tag(
        &a.sha256,
        2,
        dossier::geometry::Rect::new(100.0, 600.0, 200.0, 620.0),
        TagKind::Permit,
        "which permit?",
        "",
    );
    let notes = dossier::export::annotated::annotations(&a, Some(&p));
    let plain = dossier::export::annotated::annotations(&a, None);
    assert!(!notes.iter().any(|n| n.name == gone.id));
    assert!(plain.iter().any(|n| n.name == gone.id));
    let tag = notes
        .iter()
        .find(|n| n.title.starts_with("Your tag"))
        .unwrap();
    assert_eq!(tag.kind, AnnotKind::Note);
    assert_eq!(tag.page, 2);
    assert_eq!(tag.contents, "which permit?");
    assert_eq!(notes.len(), plain.len());

    let out = dir.join("reviewed.pdf");
    dossier::export::annotated::write_annotated_copy(&a, Some(&p), &out, &Limits::default())
        .unwrap();
    let page2 = &annots(&out)[1];
    assert!(
        page2
            .iter()
            .any(|(s, t)| s == "Text" && t == "Your tag: permit")
    );
}

#[test]
fn annotating_never_writes_over_the_source() {
    let dir = common::temp_dir("annotated-refuse");
    let src = sample_copy(&dir, "production.pdf");
    let before = sha256(&src);
    let a = analyse(&src, false);
    for dest in [
        src.clone(),
        dir.join(".").join("production.pdf"),
        dir.join("..")
            .join(dir.file_name().unwrap())
            .join("production.pdf"),
    ] {
        let e =
            dossier::export::annotated::write_annotated_copy(&a, None, &dest, &Limits::default())
                .unwrap_err();
        assert!(e.to_string().contains("will not write over"), "{e}");
    }
    #[cfg(unix)]
    {
        let link = dir.join("link.pdf");
        std::fs::hard_link(&src, &link).unwrap();
        assert!(
            dossier::export::annotated::write_annotated_copy(&a, None, &link, &Limits::default())
                .is_err()
        );
    }
    assert_eq!(sha256(&src), before);

    // Through the command line too: exit 2, the source as it was.
    let out = std::process::Command::new(common::dossier_bin())
        .args(["annotate", "-o"])
        .arg(&src)
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("will not write over"));
    assert_eq!(sha256(&src), before);

    // A source changed since its analysis is not annotated with stale boxes.
    std::fs::write(&src, common::pdfgen::page("", Default::default())).unwrap();
    let e = dossier::export::annotated::write_annotated_copy(
        &a,
        None,
        &dir.join("stale.pdf"),
        &Limits::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("changed since"), "{e}");
}

/// A PDF made here: a black box stamped `s.19(1)` over a name, a page that already carries a
/// link annotation, a turned page.
#[test]
fn annotated_copy_of_a_generated_pdf_keeps_existing_annotations() {
    use common::pdfgen::{Extras, black, page, text};
    let content = [
        text(72.0, 700.0, 11.0, "From: Katarina Vlasic"),
        text(
            72.0,
            680.0,
            11.0,
            "Please call Shalini Anand about the permit.",
        ),
        black(72.0, 640.0, 300.0, 655.0),
        text(310.0, 644.0, 8.0, "s.19(1)"),
    ]
    .join("\n");
    let link = dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![72.into(), 690.into(), 200.into(), 712.into()],
        "Border" => vec![0.into(), 0.into(), 0.into()],
    };
    let bytes = page(
        &content,
        Extras {
            annots: vec![link],
            ..Default::default()
        },
    );
    let dir = common::temp_dir("annotated-generated");
    let src = dir.join("generated.pdf");
    std::fs::write(&src, &bytes).unwrap();
    let a = analyse(&src, false);
    assert!(
        a.redactions.iter().any(|r| r.codes == ["19(1)"]),
        "{:?}",
        a.redactions
    );
    let out = dir.join("generated-annotated.pdf");
    let copy = dossier::export::annotated::write_annotated_copy(&a, None, &out, &Limits::default())
        .unwrap();
    let page1 = &annots(&out)[0];
    assert_eq!(page1.len(), 1 + copy.added);
    assert_eq!(page1[0].0, "Link");
    assert!(
        page1
            .iter()
            .any(|(s, t)| s == "Square" && t.starts_with("Redaction s.19(1)"))
    );
    assert_eq!(std::fs::read(&src).unwrap(), bytes);

    // The drawing itself, from plain data: each kind, unicode titles, a page that is not there.
    let notes = [
        (
            AnnotKind::Square {
                width: 2.0,
                dashed: true,
            },
            1,
        ),
        (AnnotKind::Highlight, 1),
        (AnnotKind::Note, 1),
        (AnnotKind::Note, 7),
    ]
    .map(|(kind, page)| Annotation {
        page,
        rect: dossier::geometry::Rect::new(100.0, 100.0, 160.0, 120.0),
        color: [200, 0, 0],
        kind,
        name: format!("n{page}"),
        title: "Geneviève Tremblay-Roy".into(),
        subject: "test".into(),
        contents: "“quoted” — note".into(),
    });
    let done = annotate::annotate(&bytes, &notes, &Limits::default()).unwrap();
    assert_eq!(done.added, 3);
    assert_eq!(done.skipped.len(), 1, "{:?}", done.skipped);
    let f = dir.join("drawn.pdf");
    std::fs::write(&f, &done.bytes).unwrap();
    let got = &annots(&f)[0];
    let subtypes: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(subtypes, ["Link", "Square", "Highlight", "Text"]);
    assert_eq!(got[1].1, "Geneviève Tremblay-Roy");
    let counted = annotate::count_annotations(&done.bytes, &Limits::default()).unwrap();
    assert_eq!(counted, vec![vec!["Link", "Square", "Highlight", "Text"]]);
}

/// Broken and malicious files: annotating gives an error or a copy, never a panic.
#[test]
fn annotating_hostile_files_is_an_error_not_a_panic() {
    use common::hostile_files::{crafted_files, malformed_files};
    let note = Annotation {
        page: 1,
        rect: dossier::geometry::Rect::new(10.0, 10.0, 50.0, 50.0),
        color: [0, 0, 0],
        kind: AnnotKind::Square {
            width: 1.0,
            dashed: false,
        },
        name: "n".into(),
        title: "t".into(),
        subject: "s".into(),
        contents: "c".into(),
    };
    let mut errors = 0;
    let files: Vec<(&str, Vec<u8>)> = malformed_files()
        .into_iter()
        .chain(crafted_files())
        .collect();
    for (name, bytes) in &files {
        // A thread of its own with a roomy stack, as the analysis has: deep structures recurse.
        let bytes = bytes.clone();
        let note = note.clone();
        let r = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || annotate::annotate(&bytes, &[note], &Limits::default()).map(|a| a.added))
            .unwrap()
            .join();
        match r {
            Ok(Ok(n)) => assert!(n <= 1, "{name}"),
            Ok(Err(e)) => {
                errors += 1;
                assert!(!e.to_string().is_empty(), "{name}");
            }
            Err(_) => panic!("{name}: annotating panicked"),
        }
    }
    assert!(errors > 0, "broken files are errors");
    for (bytes, what) in [
        (&b""[..], "empty"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "garbage"),
        (b"not a pdf", "not a PDF"),
    ] {
        assert!(
            annotate::annotate(bytes, std::slice::from_ref(&note), &Limits::default()).is_err(),
            "{what}"
        );
    }
}

/// The redaction log as XLSX: the CSV log's rows, cell for cell (the page a number).
#[test]
fn xlsx_redaction_log_matches_the_csv() {
    use calamine::{Data, Reader as _};
    let dir = common::temp_dir("xlsx-log");
    let xlsx = dir.join("log.xlsx");
    common::run_dossier(
        &[
            "export",
            "samples/production.pdf",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    let csv_text = common::run_dossier(
        &["export", "samples/production.pdf", "--format", "log"],
        None,
    );
    let csv_rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Redaction log"]);
    let range = book.worksheet_range("Redaction log").unwrap();
    let width = csv_rows[0].len();
    let xlsx_rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| {
            (0..width)
                .map(|i| match row.get(i) {
                    Some(Data::Float(f)) => format!("{f}"),
                    Some(Data::Int(n)) => n.to_string(),
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Empty) | None => String::new(),
                    Some(other) => panic!("cell {other:?}"),
                })
                .collect()
        })
        .collect();
    assert!(csv_rows.len() > 20);
    assert_eq!(xlsx_rows, csv_rows);
    assert!(
        range
            .rows()
            .skip(1)
            .all(|r| matches!(r.get(1), Some(Data::Float(_)))),
        "pages are numbers"
    );
}

/// `dossier annotate` writes NAME-annotated.pdf beside each input without `-o`, and says what
/// it wrote; `-o` with two inputs is an error.
#[test]
fn annotate_command_line() {
    let dir = common::temp_dir("annotate-cli");
    let src = sample_copy(&dir, "production.pdf");
    let out = common::run_dossier(
        &[
            "annotate",
            src.to_str().unwrap(),
            "--permits",
            "samples/permits.csv",
        ],
        None,
    );
    let written = dir.join("production-annotated.pdf");
    assert!(written.is_file());
    assert!(out.contains("production-annotated.pdf: "), "{out}");
    assert!(out.contains(" annotations"), "{out}");
    let two = std::process::Command::new(common::dossier_bin())
        .args(["annotate", "-o"])
        .arg(dir.join("x.pdf"))
        .arg(&src)
        .arg(&written)
        .output()
        .unwrap();
    assert_eq!(two.status.code(), Some(2));
    assert!(!dir.join("x.pdf").exists());
}

/// The window's File menu exports: FtM, the XLSX log and the annotated copy of the current file,
/// each where the (test) dialog says.
#[cfg(feature = "gui")]
#[test]
fn the_window_exports_ftm_xlsx_and_an_annotated_copy() {
    use dossier::ui::{Command, Dialogs, DossierApp};

    /// Saves every export in one folder under the suggested name.
    struct SaveIn(PathBuf);
    impl Dialogs for SaveIn {
        fn open_files(&mut self) -> Vec<PathBuf> {
            Vec::new()
        }
        fn open_folder(&mut self) -> Option<PathBuf> {
            None
        }
        fn save_file(&mut self, name: &str, _: &str) -> Option<PathBuf> {
            Some(self.0.join(name))
        }
        fn open_project(&mut self) -> Option<PathBuf> {
            None
        }
        fn open_registry(&mut self) -> Option<PathBuf> {
            None
        }
    }

    let dir = common::temp_dir("gui-exports");
    let src = sample_copy(&dir, "production.pdf");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let save = SaveIn(out.clone());
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |_cc| DossierApp::new(None, vec![src], None, Box::new(save)));
    let until = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while std::time::Instant::now() < until
        && !(h.state().loaded() && h.state().analysis().is_some())
    {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(h.state().analysis().is_some(), "the sample did not load");
    for fmt in ["ftm", "xlsx", "annotated"] {
        h.state_mut().push(Command::Export(fmt));
        h.state_mut().apply_commands();
    }
    let status = h.state().status.clone();
    assert!(status.starts_with("annotated copy"), "{status}");
    let ftm = std::fs::read_to_string(out.join("dossier-entities.ftm.json")).unwrap();
    let entities: Vec<Entity> = ftm
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    check_entities(&entities);
    assert!(out.join("dossier-redaction-log.xlsx").is_file());
    let annotated = out.join("production-annotated.pdf");
    assert!(annots(&annotated).iter().flatten().count() > 20);
}

/// A memo drawn turned on its page and shown upright by `/Rotate 90`: the analysis reads it in
/// its own frame; the annotations sit on the file's page where the boxes are drawn.
#[test]
fn annotations_on_a_turned_page_sit_on_the_drawn_boxes() {
    use common::pdfgen::{PageSpec, black, text};
    let memo = [
        text(72.0, 520.0, 11.0, "MEMORANDUM"),
        text(72.0, 400.0, 11.0, "The end user is the naval yard."),
        black(160.0, 396.0, 300.0, 410.0),
        text(640.0, 400.0, 9.0, "s.20(1)(b)"),
    ]
    .join("\n");
    let pdf = common::pdfgen::doc(&[PageSpec {
        width: 612.0,
        height: 792.0,
        rotate: 90,
        content: format!("q 0 1 -1 0 612 0 cm\n{memo}\nQ\n"),
    }]);
    let dir = common::temp_dir("annotated-turned");
    let src = dir.join("turned.pdf");
    std::fs::write(&src, &pdf).unwrap();
    let a = analyse(&src, false);
    assert_eq!(a.pages[0].turn, 90);
    let notes = dossier::export::annotated::annotations(&a, None);
    let red = notes
        .iter()
        .find(|n| n.title.contains("20(1)(b)"))
        .unwrap_or_else(|| panic!("{notes:?}"));
    // The box (x 160–300, y 396–410 on the memo) lies at x 202–216, y 160–300 of the page.
    let near = |a: f64, b: f64| (a - b).abs() < 1.5;
    let r = red.rect;
    assert!(
        near(r.x0, 202.0) && near(r.x1, 216.0) && near(r.y0, 160.0) && near(r.y1, 300.0),
        "{r:?}"
    );
    let out = dir.join("turned-annotated.pdf");
    dossier::export::annotated::write_annotated_copy(&a, None, &out, &Limits::default()).unwrap();
    let doc = lopdf::Document::load(&out).unwrap();
    let square = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Square"))
        .unwrap();
    let rect: Vec<f32> = square
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    // Grown by half the outline's width, so the outline sits around the box.
    assert!(
        near(f64::from(rect[0]), 202.0) && near(f64::from(rect[3]), 300.0),
        "{rect:?}"
    );
}

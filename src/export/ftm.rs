//! FollowTheMoney entities as JSON lines, one `{"id", "schema", "properties"}` per line, as
//! Aleph and OpenAleph import them (`ftm validate`, `alephclient write-entities`).
//!
//! Each production is a `Pages` entity; its people are `Person`s (name variants as `alias`, the
//! title as `position`, e-mail addresses) with their organisation (`PublicBody` for officials,
//! `Organization` otherwise) joined by an `Employment`; each name as written is a `Mention` of
//! the production resolved to its person; e-mails are `Email`s (sender and recipients linked to
//! the people as `emitters` and `recipients`, quoted messages by `inReplyToEmail`), memos and
//! other documents `Document`s; each permit cited is a `License` (the registry's details when one
//! is given; the exporter as a `ContractAward` supplier) with a `Documentation` tying it to each
//! production that cites it; leaks and the user's tags are `Note`s on the production.
//!
//! Only schemata and properties of the FollowTheMoney model are used (`followthemoney/schema/`),
//! with values in the form FtM keeps them (dates ISO, countries ISO 3166 alpha-2, e-mail domains
//! in lower case), so that validation keeps every value.
//!
//! Ids are stable: the first 40 hex digits of the SHA-256 of the production's SHA-256 and the
//! finding's id, so an export after a re-analysis updates the same entities. Permits (and the
//! permit authority, and exporters) are keyed by their number or name alone: one `License` for
//! a permit cited in several productions.
//!
//! The user's review is applied as in the other exports: dismissed findings are left out,
//! corrections used.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::reviewed;
use crate::analysis::FileAnalysis;
use crate::documents::DocumentKind;
use crate::permits::{Permit, Registry};
use crate::project::Project;
use crate::project::review::FileReview;
use crate::textfold::fold_key;

/// The authority that issues the permits of the registry (`License`'s required `authority`):
/// export permits under Canada's Export and Import Permits Act are issued by the Minister of
/// Foreign Affairs through Global Affairs Canada.
pub const PERMIT_AUTHORITY: &str = "Global Affairs Canada";

/// One FollowTheMoney entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id (see [`entity_id`]).
    pub id: String,
    /// FtM schema name (`Person`, `Email`...).
    pub schema: String,
    /// Property name to values (strings, as FtM has them).
    pub properties: BTreeMap<String, Vec<String>>,
}

impl Entity {
    fn new(schema: &str, id: String) -> Entity {
        Entity {
            id,
            schema: schema.to_string(),
            properties: BTreeMap::new(),
        }
    }

    /// Adds a value (trimmed; empty values and repeats are left out).
    fn add(&mut self, prop: &str, value: impl AsRef<str>) {
        let v = value.as_ref().trim();
        if v.is_empty() {
            return;
        }
        let values = self.properties.entry(prop.to_string()).or_default();
        if !values.iter().any(|x| x == v) {
            values.push(v.to_string());
        }
    }

    /// The values of a property.
    pub fn get(&self, prop: &str) -> &[String] {
        self.properties.get(prop).map_or(&[], Vec::as_slice)
    }
}

/// The id of an entity: the first 40 hex digits of SHA-256 of `scope` (the production's SHA-256,
/// or a kind for entities shared between productions) and `key` (the finding's id).
pub fn entity_id(scope: &str, key: &str) -> String {
    let mut h = Sha256::new();
    h.update(scope.as_bytes());
    h.update(b"\x1f");
    h.update(key.as_bytes());
    let mut id = hex::encode(h.finalize());
    id.truncate(40);
    id
}

/// A date as FtM keeps it: `2020-10-25`, or `2020-10-25T14:30` with the time of day.
fn ftm_date(date: &str, time: Option<&str>) -> String {
    match time {
        Some(t) if !t.is_empty() => format!("{date}T{t}"),
        _ => date.to_string(),
    }
}

/// An e-mail address as FtM keeps it (the domain in lower case), or `None` when it is not one.
fn ftm_email(addr: &str) -> Option<String> {
    let addr = addr.trim();
    let (user, domain) = addr.rsplit_once('@')?;
    let ok = !user.is_empty()
        && domain.contains('.')
        && !addr
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>');
    ok.then(|| format!("{user}@{}", domain.to_ascii_lowercase()))
}

/// Entities of one production and those shared between productions (licences, the authority,
/// exporters), keyed by id so that a permit cited in several files is one `License`.
#[derive(Default)]
struct Builder {
    shared: BTreeMap<String, Entity>,
    out: Vec<Entity>,
}

impl Builder {
    fn shared(&mut self, schema: &str, id: String) -> &mut Entity {
        self.shared
            .entry(id.clone())
            .or_insert_with(|| Entity::new(schema, id))
    }
}

/// Every entity of `files`, with the user's review laid over them when a project is given, and
/// the registry's details of each permit cited when a registry is given. Order: each file's
/// entities (production, organisations, people, mentions, documents, citations, notes), then the
/// shared ones (authority, exporters, licences, awards) sorted by id.
pub fn entities(
    files: &[&FileAnalysis],
    project: Option<&Project>,
    registry: Option<&Registry>,
) -> Vec<Entity> {
    let mut b = Builder::default();
    for (a, rev) in reviewed(files, project) {
        file_entities(&mut b, &a, rev.as_ref(), registry);
    }
    let mut out = b.out;
    out.extend(b.shared.into_values());
    out
}

/// [`entities`] as JSON lines on `w`.
pub fn write_ftm(
    w: &mut dyn Write,
    files: &[&FileAnalysis],
    project: Option<&Project>,
    registry: Option<&Registry>,
) -> std::io::Result<()> {
    for e in entities(files, project, registry) {
        serde_json::to_writer(&mut *w, &e).map_err(std::io::Error::other)?;
        writeln!(w)?;
    }
    w.flush()
}

fn file_entities(
    b: &mut Builder,
    a: &FileAnalysis,
    rev: Option<&FileReview>,
    registry: Option<&Registry>,
) {
    let sha = a.sha256.as_str();
    let file_name = a.path.file_name().map_or_else(
        || a.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let prod_id = entity_id(sha, "production");
    let mut prod = Entity::new("Pages", prod_id.clone());
    prod.add("fileName", &file_name);
    prod.add("title", &file_name);
    prod.add("mimeType", "application/pdf");
    prod.add("extension", "pdf");
    prod.add(
        "description",
        format!(
            "Production of {} pages analysed by Dossier (SHA-256 {sha}): {} redactions, {} documents, {} people, {} permit links.",
            a.pages.len(),
            a.redactions.len(),
            a.documents.len(),
            a.officials.len(),
            a.permit_links.len()
        ),
    );
    for o in &a.officials {
        prod.add("peopleMentioned", &o.name);
    }
    let mut out = vec![prod];

    // Organisations: a public body when one official works there.
    let mut orgs: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for o in &a.officials {
        if let Some(org) = o.organization.as_deref().filter(|s| !s.trim().is_empty()) {
            let e = orgs.entry(org.trim().to_string()).or_insert_with(|| {
                (
                    entity_id(sha, &format!("organization:{}", fold_key(org))),
                    false,
                )
            });
            e.1 |= o.is_official;
        }
    }
    for (name, (id, public)) in &orgs {
        let mut e = Entity::new(
            if *public {
                "PublicBody"
            } else {
                "Organization"
            },
            id.clone(),
        );
        e.add("name", name);
        e.add("proof", &prod_id);
        out.push(e);
    }

    // People, the way each is named, where they work.
    let mut by_name: HashMap<String, String> = HashMap::new();
    for o in &a.officials {
        let id = entity_id(sha, &o.id);
        let mut p = Entity::new("Person", id.clone());
        p.add("name", &o.name);
        by_name.insert(fold_key(&o.name), id.clone());
        for alias in o.aliases.iter().filter(|x| **x != o.name) {
            by_name.entry(fold_key(alias)).or_insert_with(|| id.clone());
            // An address seen as a name is an address.
            match ftm_email(alias) {
                Some(e) => p.add("email", e),
                None => p.add("alias", alias),
            }
        }
        if let Some(t) = &o.title {
            p.add("position", t);
        }
        for t in &o.titles {
            p.add("position", &t.title);
        }
        for addr in &o.emails {
            if let Some(e) = ftm_email(addr) {
                by_name.entry(fold_key(&e)).or_insert_with(|| id.clone());
                p.add("email", e);
            }
        }
        p.add(
            "description",
            format!(
                "{} in {file_name}: {} mention{} on page{} {}.",
                if o.is_official { "Official" } else { "Person" },
                o.mentions,
                if o.mentions == 1 { "" } else { "s" },
                if o.pages.len() == 1 { "" } else { "s" },
                super::csv::pages_list(&o.pages)
            ),
        );
        p.add("proof", &prod_id);
        out.push(p);
        if let Some((org_id, _)) = o.organization.as_deref().and_then(|n| orgs.get(n.trim())) {
            let mut emp = Entity::new(
                "Employment",
                entity_id(sha, &format!("employment:{}", o.id)),
            );
            emp.add("employee", &id);
            emp.add("employer", org_id);
            if let Some(t) = &o.title {
                emp.add("role", t);
            }
            emp.add("proof", &prod_id);
            out.push(emp);
        }
        let mut seen: Vec<&str> = Vec::new();
        for m in &o.mention_list {
            if seen.contains(&m.text.as_str()) {
                continue;
            }
            seen.push(&m.text);
            let mut men = Entity::new(
                "Mention",
                entity_id(sha, &format!("mention:{}:{}", o.id, m.text)),
            );
            men.add("document", &prod_id);
            men.add("name", &m.text);
            men.add("resolved", &id);
            men.add("detectedSchema", "Person");
            out.push(men);
        }
    }
    let person = |name: &str| -> Option<&String> {
        by_name
            .get(&fold_key(name))
            .or_else(|| ftm_email(name).and_then(|e| by_name.get(&fold_key(&e))))
    };

    // Documents: e-mails (with who wrote to whom, and the messages each quotes) and the rest.
    let doc_ids: HashMap<&str, String> = a
        .documents
        .iter()
        .map(|d| (d.id.as_str(), entity_id(sha, &d.id)))
        .collect();
    for d in &a.documents {
        let id = doc_ids.get(d.id.as_str()).cloned().unwrap_or_default();
        let pages = if d.first_page == d.last_page {
            format!("page {}", d.first_page)
        } else {
            format!("pages {}-{}", d.first_page, d.last_page)
        };
        let mut e = match d.kind {
            DocumentKind::Email => {
                let mut e = Entity::new("Email", id);
                if let Some(s) = &d.subject {
                    e.add("subject", s);
                }
                if let Some(f) = &d.from {
                    e.add("from", f);
                    if let Some(p) = person(f) {
                        e.add("emitters", p);
                    }
                }
                for t in &d.to {
                    e.add("to", t);
                }
                for c in &d.cc {
                    e.add("cc", c);
                }
                for r in d.to.iter().chain(&d.cc) {
                    if let Some(p) = person(r) {
                        e.add("recipients", p);
                    }
                }
                // The messages this one quotes (or forwards): those quoted in it.
                for q in a
                    .documents
                    .iter()
                    .filter(|q| q.quoted_in.as_deref() == Some(d.id.as_str()))
                {
                    if let Some(qid) = doc_ids.get(q.id.as_str()) {
                        e.add("inReplyToEmail", qid);
                    }
                }
                e
            }
            DocumentKind::Memo | DocumentKind::Other => {
                let mut e = Entity::new("Document", id);
                e.add("fileName", format!("{file_name} ({pages})"));
                if let Some(f) = &d.from {
                    e.add("author", f);
                }
                e
            }
        };
        if let Some(s) = &d.subject {
            e.add("title", s);
        }
        if let Some(date) = &d.date {
            e.add("date", ftm_date(date, d.time.as_deref()));
        }
        if let Some(c) = &d.classification {
            e.add("keywords", c);
        }
        let mut about = format!(
            "{} on {pages} of {file_name}",
            match d.kind {
                DocumentKind::Email => "E-mail",
                DocumentKind::Memo => "Memo",
                DocumentKind::Other => "Document",
            }
        );
        if d.kind != DocumentKind::Email && !d.to.is_empty() {
            about.push_str(&format!("; to {}", d.to.join(", ")));
        }
        if let Some(n) = &d.file_number {
            about.push_str(&format!("; file number {n}"));
        }
        e.add("description", format!("{about}."));
        e.add("proof", &prod_id);
        out.push(e);
    }

    // Permits cited: one licence each, documented by this production.
    let mut cited: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for l in &a.permit_links {
        cited.entry(l.permit.as_str()).or_default().push(format!(
            "p. {} ({}): {}",
            l.page,
            l.via.as_str(),
            l.evidence
        ));
    }
    for (number, evidence) in cited {
        let lic_id = license(b, number, registry.and_then(|r| find_permit(r, number)));
        b.shared("License", lic_id.clone()).add("proof", &prod_id);
        let mut doc = Entity::new("Documentation", entity_id(sha, &format!("permit:{number}")));
        doc.add("document", &prod_id);
        doc.add("entity", &lic_id);
        doc.add("role", "permit cited");
        doc.add("summary", evidence.join("\n"));
        out.push(doc);
    }

    // Leaks and the user's tags: notes on the production.
    for r in a.redactions.iter().filter(|r| r.leaked_text.is_some()) {
        let mut n = Entity::new("Note", entity_id(sha, &format!("leak:{}", r.id)));
        n.add(
            "name",
            format!(
                "Leak under a redaction {}on page {}",
                if r.codes.is_empty() {
                    String::new()
                } else {
                    format!("({}) ", crate::redactions::codes::cite(&r.codes))
                },
                r.page
            ),
        );
        n.add("summary", r.leaked_text.as_deref().unwrap_or_default());
        if let Some(place) = &r.leak_found_in {
            n.add("description", format!("Found in: {place}."));
        }
        n.add("entity", &prod_id);
        out.push(n);
    }
    for t in rev.map(|r| r.tags.as_slice()).unwrap_or_default() {
        let mut n = Entity::new("Note", entity_id(sha, &format!("tag:{}", t.id)));
        n.add(
            "name",
            format!("Tag ({}) on page {}", t.kind.label(), t.page),
        );
        n.add("description", &t.note);
        n.add("summary", &t.text);
        n.add("entity", &prod_id);
        out.push(n);
    }
    b.out.extend(out);
}

/// The registry's permit numbered `number` (case and spacing aside).
fn find_permit<'a>(r: &'a Registry, number: &str) -> Option<&'a Permit> {
    let key = fold_key(number);
    r.permits.iter().find(|p| fold_key(&p.number) == key)
}

/// The `License` of permit `number` (shared between productions), with the registry's details
/// when known, its authority, and its exporter as a `ContractAward` supplier; its id.
fn license(b: &mut Builder, number: &str, permit: Option<&Permit>) -> String {
    let authority = entity_id("dossier-authority", PERMIT_AUTHORITY);
    b.shared("PublicBody", authority.clone())
        .add("name", PERMIT_AUTHORITY);
    let id = entity_id("dossier-permit", &fold_key(number));
    let lic = b.shared("License", id.clone());
    lic.add("name", number);
    lic.add("authority", &authority);
    let Some(p) = permit else {
        lic.add("title", format!("Export permit {number}"));
        return id;
    };
    lic.add(
        "title",
        match &p.goods {
            Some(g) => format!("Export permit {number}: {g}"),
            None => format!("Export permit {number}"),
        },
    );
    if let Some(g) = &p.goods {
        lic.add("commodities", g);
    }
    if let Some(d) = &p.issued {
        lic.add("contractDate", d);
    }
    if let Some(s) = &p.status {
        lic.add(
            "status",
            match &p.status_date {
                Some(d) => format!("{s} ({d})"),
                None => s.clone(),
            },
        );
    }
    if let Some(c) = p.destination.as_deref().and_then(crate::vocab::country) {
        lic.add("country", c.iso2.to_ascii_lowercase());
    }
    let mut about: Vec<String> = Vec::new();
    for (label, v) in [
        ("exporter", &p.exporter),
        ("consignee", &p.consignee),
        ("end user", &p.end_user),
        ("destination", &p.destination),
        ("expires", &p.expires),
    ] {
        if let Some(v) = v {
            about.push(format!("{label}: {v}"));
        }
    }
    if let Some(q) = p.quantity {
        about.push(format!("quantity: {q}"));
    }
    if !p.serials.is_empty() {
        about.push(format!("serial numbers: {}", p.serials.join(", ")));
    }
    for (date, what) in &p.events {
        about.push(format!("{what} {date}"));
    }
    lic.add("description", about.join("; "));
    if let Some(x) = p.exporter.as_deref().filter(|x| !x.trim().is_empty()) {
        let org = entity_id("dossier-organization", &fold_key(x));
        b.shared("Organization", org.clone()).add("name", x);
        let award = b.shared(
            "ContractAward",
            entity_id(
                "dossier-award",
                &format!("{}:{}", fold_key(number), fold_key(x)),
            ),
        );
        award.add("contract", &id);
        award.add("supplier", &org);
        award.add("role", "exporter");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_40_hex() {
        let a = entity_id("abc", "red-p1-1");
        assert_eq!(a, entity_id("abc", "red-p1-1"));
        assert_ne!(a, entity_id("abd", "red-p1-1"));
        assert_eq!(a.len(), 40);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn emails_and_dates_in_ftm_form() {
        assert_eq!(
            ftm_email("Shalini.Anand@International.GC.CA").as_deref(),
            Some("Shalini.Anand@international.gc.ca")
        );
        assert_eq!(ftm_email("Shalini Anand"), None);
        assert_eq!(ftm_date("2020-10-25", Some("14:30")), "2020-10-25T14:30");
        assert_eq!(ftm_date("2020-10-25", None), "2020-10-25");
    }

    #[test]
    fn values_are_trimmed_and_unique() {
        let mut e = Entity::new("Person", "x".into());
        e.add("name", " A ");
        e.add("name", "A");
        e.add("name", "");
        assert_eq!(e.get("name"), ["A"]);
        assert!(e.get("alias").is_empty());
    }
}

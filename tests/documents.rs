//! Documents and people: the samples' truth with the roster disabled, unseen names, pages without
//! any e-mail structure.

use std::collections::BTreeMap;

use dossier::documents::{self, DocumentKind};
use dossier::officials::{self, Roster};
use dossier::pdf::synthetic::page_from_lines;
use dossier::{Options, analysis::NoProgress};

use crate::common::{self, pdfgen};

fn sample() -> dossier::FileAnalysis {
    // Options::default() has no roster: nothing may depend on it.
    dossier::analyze_file(
        &common::sample("production.pdf"),
        &Options::default(),
        &NoProgress,
    )
    .unwrap()
}

#[test]
fn every_document_boundary_and_header_field() {
    let truth = common::read_json(&common::sample("production.truth.json"));
    let want = truth["documents"].as_array().unwrap();
    let a = sample();
    assert_eq!(a.documents.len(), want.len());
    let index: BTreeMap<&str, usize> = a
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    for (d, w) in a.documents.iter().zip(want) {
        let kind = match d.kind {
            DocumentKind::Email => "email",
            DocumentKind::Memo => "memo",
            DocumentKind::Other => "other",
        };
        let strs = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(kind, w["kind"].as_str().unwrap(), "{d:?}");
        assert_eq!(
            u64::from(d.first_page),
            w["first_page"].as_u64().unwrap(),
            "{d:?}"
        );
        assert_eq!(
            u64::from(d.last_page),
            w["last_page"].as_u64().unwrap(),
            "{d:?}"
        );
        assert_eq!(d.from.as_deref(), w["from"].as_str(), "{d:?}");
        assert_eq!(d.to, strs(&w["to"]), "{d:?}");
        assert_eq!(d.cc, strs(&w["cc"]), "{d:?}");
        assert_eq!(d.date.as_deref(), w["date"].as_str(), "{d:?}");
        assert_eq!(d.time.as_deref(), w["time"].as_str(), "{d:?}");
        assert_eq!(d.subject.as_deref(), w["subject"].as_str(), "{d:?}");
        let quoted = d.quoted_in.as_deref().map(|q| index[q] as u64);
        assert_eq!(quoted, w["quoted_in"].as_u64(), "{d:?}");
    }
}

#[test]
fn every_person_with_title_and_no_non_person() {
    let truth = common::read_json(&common::sample("production.truth.json"));
    let a = sample();
    let want = truth["officials"].as_array().unwrap();
    let names: Vec<&str> = a.officials.iter().map(|o| o.name.as_str()).collect();
    let mut want_names: Vec<&str> = want.iter().map(|w| w["name"].as_str().unwrap()).collect();
    want_names.sort();
    assert_eq!(names, want_names, "exactly the people of the truth");
    for w in want {
        let o = a
            .officials
            .iter()
            .find(|o| o.name == w["name"].as_str().unwrap())
            .unwrap();
        assert_eq!(o.title.as_deref(), w["title"].as_str(), "{}", o.name);
        assert_eq!(
            o.organization.as_deref(),
            w["organization"].as_str(),
            "{}",
            o.name
        );
        assert_eq!(
            o.is_official,
            w["is_official"].as_bool().unwrap(),
            "{}",
            o.name
        );
        let pages: Vec<u32> = w["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(o.pages, pages, "{}", o.name);
        for alias in w["aliases"].as_array().unwrap() {
            assert!(
                o.aliases.iter().any(|a| a == alias.as_str().unwrap()),
                "{}: alias {alias}",
                o.name
            );
        }
        assert_eq!(o.mentions as usize, o.mention_list.len());
        assert!(
            o.mention_list.iter().all(|m| m.bbox.is_some()),
            "{}: every mention has a box",
            o.name
        );
    }
}

#[test]
fn unseen_names_accents_particles_and_french_headers() {
    let pages = vec![
        page_from_lines(
            1,
            &[
                "De : O'Brien-Lacroix, Siobhán -EXT",
                "Envoyé : 3 mars 2021 14:07",
                "À : de la Fontaine, Jean-Baptiste -DGX; Nguyễn, Thị Mai -FIN",
                "Objet : Réunion",
                "Bonjour Jean-Baptiste,",
                "Nous avons parlé avec Hélène Côté, Director, Arms Control Division, hier.",
                "Mme O'Brien-Lacroix vous appellera.",
                "Copie : Anke van der Berg, Senior Analyst, Export Policy Section.",
            ],
        ),
        page_from_lines(
            2,
            &[
                "Quarterly figures",
                "Exports rose in the third quarter.",
                "Turkish Naval Forces",
            ],
        ),
    ];
    let docs = documents::detect(&pages);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].from.as_deref(), Some("Siobhán O'Brien-Lacroix"));
    assert_eq!(
        docs[0].to,
        vec!["Jean-Baptiste de la Fontaine", "Thị Mai Nguyễn"]
    );
    assert_eq!(docs[0].date.as_deref(), Some("2021-03-03"));
    assert_eq!(docs[0].time.as_deref(), Some("14:07"));
    assert_eq!(docs[0].last_page, 2);
    let people = officials::detect(&pages, &docs, &Roster::default());
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Siobhán O'Brien-Lacroix"), "{names:?}");
    assert!(names.contains(&"Hélène Côté"), "{names:?}");
    let cote = people.iter().find(|p| p.name == "Hélène Côté").unwrap();
    assert_eq!(
        cote.title.as_deref(),
        Some("Director, Arms Control Division")
    );
    let siobhan = people
        .iter()
        .find(|p| p.name == "Siobhán O'Brien-Lacroix")
        .unwrap();
    assert_eq!(siobhan.mentions, 2, "header and Mme O'Brien-Lacroix");
    // "-EXT" in the directory marks someone outside the releasing institution.
    assert_eq!(siobhan.organization, None);
    let anke = people
        .iter()
        .find(|p| p.name == "Anke van der Berg")
        .unwrap();
    assert_eq!(
        anke.title.as_deref(),
        Some("Senior Analyst, Export Policy Section")
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Turkish") || n.contains("Quarterly")),
        "{names:?}"
    );
}

#[test]
fn pages_without_e_mail_structure_give_nothing_odd() {
    let pages = vec![
        page_from_lines(
            1,
            &[
                "ANNEX A",
                "Table 3: Exports by destination, 2020",
                "Norway 12 34.5",
                "Chile 3 1.2",
            ],
        ),
        page_from_lines(2, &[]),
    ];
    let docs = documents::detect(&pages);
    assert!(docs.is_empty(), "{docs:?}");
    assert!(officials::detect(&pages, &docs, &Roster::default()).is_empty());
}

/// The bundled roster loads and changes no one found in the samples (it only adds what it knows).
#[test]
fn bundled_roster_is_optional_and_consistent() {
    let roster = Roster::bundled();
    assert_eq!(roster.people.len(), 4);
    let options = Options {
        roster: Some(std::sync::Arc::new(roster)),
        ..Options::default()
    };
    let with =
        dossier::analyze_file(&common::sample("production.pdf"), &options, &NoProgress).unwrap();
    let without = sample();
    let key = |a: &dossier::FileAnalysis| {
        a.officials
            .iter()
            .map(|o| (o.name.clone(), o.title.clone(), o.pages.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&with), key(&without));
}

/// A PDF of one page per slice of lines (Helvetica, WinAnsi: accents written as octal escapes),
/// analysed in memory with the default options.
fn analyse_lines(pages: &[&[&str]]) -> dossier::FileAnalysis {
    let escape = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '(' | ')' | '\\' => format!("\\{c}"),
                c if c.is_ascii() => c.to_string(),
                c => format!("\\{:03o}", u32::from(c) & 0xff),
            })
            .collect()
    };
    let contents: Vec<String> = pages
        .iter()
        .map(|lines| {
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| pdfgen::text(72.0, 740.0 - 16.0 * i as f64, 10.0, &escape(l)))
                .collect()
        })
        .collect();
    dossier::analyze_bytes(
        std::path::Path::new("generated.pdf"),
        &pdfgen::pages(&contents),
        &Options::default(),
        &NoProgress,
    )
    .unwrap()
}

/// The documents of [`analyse_lines`]'s PDF.
fn thread_docs(pages: &[&[&str]]) -> Vec<documents::Document> {
    analyse_lines(pages).documents
}

fn summary(d: &documents::Document) -> (Option<&str>, Option<&str>, Option<&str>, u32) {
    (
        d.from.as_deref(),
        d.date.as_deref(),
        d.time.as_deref(),
        d.depth,
    )
}

#[test]
fn gmail_thread_of_three_messages() {
    let docs = thread_docs(&[&[
        "From: Tomasz Wielgosz <t.wielgosz@example.org>",
        "Sent: Wednesday, March 10, 2021 9:15 AM",
        "To: Ilse Marchetti <ilse.marchetti@example.org>",
        "Subject: Re: Site visit schedule",
        "Thursday works for us.",
        "On Tue, 9 Mar 2021 at 16:40, Ilse Marchetti <ilse.marchetti@example.org> wrote:",
        "Could we move the visit to Thursday?",
        "On Mon, Mar 8, 2021 at 11:05 AM Tomasz Wielgosz",
        "<t.wielgosz@example.org> wrote:",
        "The visit is set for Wednesday.",
    ]]);
    let got: Vec<_> = docs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Some("Tomasz Wielgosz"),
                Some("2021-03-10"),
                Some("09:15"),
                0
            ),
            (Some("Ilse Marchetti"), Some("2021-03-09"), Some("16:40"), 1),
            (
                Some("Tomasz Wielgosz"),
                Some("2021-03-08"),
                Some("11:05"),
                2
            ),
        ]
    );
    assert_eq!(docs[1].quoted_in.as_deref(), Some(docs[0].id.as_str()));
    assert_eq!(docs[2].quoted_in.as_deref(), Some(docs[1].id.as_str()));
    assert!(
        docs.iter()
            .all(|d| d.thread.as_deref() == Some(docs[0].id.as_str()))
    );
    assert!(docs.iter().all(|d| d.same_as.is_none()), "{docs:?}");
}

#[test]
fn french_outlook_reply_and_french_attribution() {
    let docs = thread_docs(&[&[
        "De : Bergeron-Aubin, Solène -DGX",
        "Envoyé : 14 avril 2021 10:22",
        "À : Kowalczyk, Radek -FIN",
        "Cc : Ouellet, Maxime -DGX",
        "Objet : RE: Liste des licences",
        "Voici la liste corrigée.",
        "De : Kowalczyk, Radek -FIN",
        "Envoyé : 13 avril 2021 17:48",
        "À : Bergeron-Aubin, Solène -DGX",
        "Objet : Liste des licences",
        "Pouvez-vous corriger la liste?",
        "Le lun. 12 avr. 2021 à 08 h 30, Maxime Ouellet <m.ouellet@example.org> a écrit :",
        "La liste est jointe.",
    ]]);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert_eq!(docs[0].from.as_deref(), Some("Solène Bergeron-Aubin"));
    assert_eq!(docs[0].to, vec!["Radek Kowalczyk"]);
    assert_eq!(docs[0].cc, vec!["Maxime Ouellet"]);
    assert_eq!(docs[1].from.as_deref(), Some("Radek Kowalczyk"));
    assert_eq!(
        (docs[1].date.as_deref(), docs[1].time.as_deref()),
        (Some("2021-04-13"), Some("17:48"))
    );
    assert_eq!(docs[1].subject.as_deref(), Some("Liste des licences"));
    assert_eq!(docs[1].quoted_in.as_deref(), Some(docs[0].id.as_str()));
    assert_eq!(
        summary(&docs[2]),
        (Some("Maxime Ouellet"), Some("2021-04-12"), Some("08:30"), 2)
    );
    assert_eq!(docs[2].quoted_in.as_deref(), Some(docs[1].id.as_str()));
}

#[test]
fn forwarded_message_after_its_separator() {
    let docs = thread_docs(&[&[
        "From: Ilse Marchetti <ilse.marchetti@example.org>",
        "Sent: Friday, March 12, 2021 8:01 AM",
        "To: Ravi Castellanos <r.castellanos@example.org>",
        "Subject: Fwd: Site visit schedule",
        "---------- Forwarded message ---------",
        "From: Tomasz Wielgosz <t.wielgosz@example.org>",
        "Date: Mon, Mar 8, 2021 at 11:05 AM",
        "Subject: Site visit schedule",
        "To: Ilse Marchetti <ilse.marchetti@example.org>",
        "The visit is set for Wednesday.",
    ]]);
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(
        summary(&docs[1]),
        (
            Some("Tomasz Wielgosz"),
            Some("2021-03-08"),
            Some("11:05"),
            1
        )
    );
    assert_eq!(docs[1].to, vec!["Ilse Marchetti"]);
    assert_eq!(docs[1].quoted_in.as_deref(), Some(docs[0].id.as_str()));
}

#[test]
fn the_same_message_quoted_in_two_threads_is_one_message() {
    let quoted = [
        "-----Original Message-----",
        "From: Wielgosz, Tomasz",
        "Sent: Monday, March 8, 2021 11:05 AM",
        "To: Marchetti, Ilse",
        "Subject: Site visit schedule",
        "The visit is set for Wednesday.",
    ];
    let first: Vec<&str> = [
        "From: Marchetti, Ilse",
        "Sent: Tuesday, March 9, 2021 4:40 PM",
        "To: Wielgosz, Tomasz",
        "Subject: RE: Site visit schedule",
        "Could we move the visit to Thursday?",
    ]
    .into_iter()
    .chain(quoted)
    .collect();
    let second: Vec<&str> = [
        "From: Castellanos, Ravi",
        "Sent: Tuesday, March 9, 2021 5:02 PM",
        "To: Wielgosz, Tomasz",
        "Subject: FW: Site visit schedule",
        "Wednesday is fine for the inspectors.",
    ]
    .into_iter()
    .chain(quoted)
    .collect();
    let docs = thread_docs(&[&first, &second]);
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert_eq!(docs[1].quoted_in.as_deref(), Some(docs[0].id.as_str()));
    assert_eq!(docs[3].quoted_in.as_deref(), Some(docs[2].id.as_str()));
    assert_ne!(docs[1].thread, docs[3].thread);
    assert_eq!(docs[1].same_as, None);
    assert_eq!(docs[3].same_as.as_deref(), Some(docs[1].id.as_str()));
    // Same sender and day, another time: another message.
    assert!(
        docs.iter().filter(|d| d.same_as.is_some()).count() == 1,
        "{docs:?}"
    );
}

/// The people of [`analyse_lines`]'s PDF.
fn people_of(pages: &[&[&str]]) -> Vec<officials::Official> {
    analyse_lines(pages).officials
}

fn one<'a>(people: &'a [officials::Official], name: &str) -> &'a officials::Official {
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    people
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not in {names:?}"))
}

#[test]
fn titles_stated_before_the_name_in_prose() {
    let people = people_of(&[&[
        "Deputy Minister Jane Roe said the review would end in May.",
        "The briefing was sent to Assistant Deputy Minister Lukas Brandt yesterday.",
        "Ambassador Ines Carvalho will host the delegation.",
        "The Director General Trade Policy approved it.",
    ]]);
    let roe = one(&people, "Jane Roe");
    assert_eq!(roe.title.as_deref(), Some("Deputy Minister"));
    assert!(roe.is_official);
    assert_eq!(
        one(&people, "Lukas Brandt").title.as_deref(),
        Some("Assistant Deputy Minister")
    );
    assert_eq!(
        one(&people, "Ines Carvalho").title.as_deref(),
        Some("Ambassador")
    );
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("Trade")), "{names:?}");
}

#[test]
fn titles_in_apposition_and_parentheses() {
    let people = people_of(&[&[
        "We met Jane Roe, the deputy minister of Natural Resources, on Monday.",
        "Omar Haddad (ADM, International Security) will attend.",
        "Copies went to Lena Park (DG, TPB) and the file.",
    ]]);
    let roe = one(&people, "Jane Roe");
    assert_eq!(
        roe.title.as_deref(),
        Some("Deputy Minister of Natural Resources")
    );
    assert!(roe.is_official);
    assert_eq!(
        one(&people, "Omar Haddad").title.as_deref(),
        Some("ADM, International Security")
    );
    let park = one(&people, "Lena Park");
    assert_eq!(park.title.as_deref(), Some("DG"));
    assert_eq!(park.organization.as_deref(), Some("TPB"));
}

#[test]
fn titles_stated_in_french() {
    let people = people_of(&[&[
        "Hier, la sous-ministre Jane Roe a rencontré la délégation.",
        "Claire Fontaine, directrice générale de la Politique commerciale, a répondu.",
    ]]);
    let roe = one(&people, "Jane Roe");
    assert_eq!(roe.title.as_deref(), Some("Sous-ministre"));
    assert!(roe.is_official);
    assert_eq!(
        one(&people, "Claire Fontaine").title.as_deref(),
        Some("Directrice générale de la Politique commerciale")
    );
}

#[test]
fn acting_then_confirmed_titles_keep_their_pages() {
    let people = people_of(&[
        &["Acting Director General Omar Haddad opened the meeting."],
        &["Nothing about him here."],
        &["Director General Omar Haddad closed the file."],
    ]);
    let haddad = one(&people, "Omar Haddad");
    let titles: Vec<(&str, Vec<u32>)> = haddad
        .titles
        .iter()
        .map(|t| (t.title.as_str(), t.pages.clone()))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Acting Director General", vec![1]),
            ("Director General", vec![3])
        ]
    );
    assert_eq!(haddad.pages, vec![1, 3]);
}

#[test]
fn title_in_an_e_mail_header_display_name() {
    let people = people_of(&[&[
        "From: Roe, Jane (DG, TPB)",
        "To: Haddad, Omar -TID",
        "Sent: March 3, 2021 10:15 AM",
        "Subject: Review",
        "Omar, please call me.",
    ]]);
    let roe = one(&people, "Jane Roe");
    assert_eq!(roe.title.as_deref(), Some("DG"));
    assert_eq!(roe.organization.as_deref(), Some("TPB"));
    assert!(roe.is_official);
    assert_eq!(roe.titles.len(), 1);
    assert_eq!(roe.titles[0].pages, vec![1]);
}

//! Productions of other inquiries than the samples' (another department, other countries,
//! companies and goods, people whose names use letters beyond English and French): the rules
//! read their vocabularies from `assets/vocab/`, not from the samples.

use std::collections::BTreeSet;

use dossier::documents;
use dossier::officials::{self, Official, Roster};
use dossier::pdf::synthetic::page_from_lines;
use dossier::permits::{self, LinkStatus};

fn one<'a>(people: &'a [Official], name: &str) -> &'a Official {
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    people
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not in {names:?}"))
}

/// Fisheries and Oceans Canada e-mails about a patrol vessel for Norway: directory tags of that
/// department (`(DFO/MPO)`, `/ NCR`), its addresses, its minister, and names in Polish, Irish,
/// Turkish and Serbian letters.
fn dfo_pages() -> Vec<dossier::pdf::PageModel> {
    vec![
        page_from_lines(
            1,
            &[
                "From: Olsen, Kari (DFO/MPO)",
                "To: Wróbel, Łukasz (DFO/MPO); Ní Bhriain, Zoë / NCR",
                "Cc: Ahmet Özgür <ahmet.ozgur@marmara-tersane.example>",
                "Sent: June 3, 2022 9:12 AM",
                "Subject: Patrol vessel for the Norwegian Coast Guard",
                "Łukasz,",
                "The Norwegian Coast Guard asked again about the two hulls.",
                "Đorđe Petrović, Senior Analyst, Fleet Procurement Section, has the file.",
                "Minister of Fisheries, Oceans and the Canadian Coast Guard Ingrid Solberg-Haugen will be briefed.",
                "Kari Olsen",
                "Director, Fleet Procurement Division",
                "Fisheries and Oceans Canada",
            ],
        ),
        page_from_lines(
            2,
            &[
                "From: Omar Haddad <omar.haddad@forces.gc.ca>",
                "To: Olsen, Kari (DFO/MPO)",
                "Sent: June 4, 2022 10:30 AM",
                "Subject: RE: Patrol vessel",
                "Kari,",
                "Please copy lukasz.wrobel@dfo-mpo.gc.ca and Mr. Özgür.",
                "New Zealand",
                "Turkish Naval Forces",
                "Marmara Tersane Sanayi ve Ticaret A.Ş.",
            ],
        ),
    ]
}

#[test]
fn another_department_and_names_in_other_latin_letters() {
    let pages = dfo_pages();
    let docs = documents::detect(&pages);
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(docs[0].from.as_deref(), Some("Kari Olsen"));
    assert_eq!(docs[0].to, vec!["Łukasz Wróbel", "Zoë Ní Bhriain"]);
    let people = officials::detect(&pages, &docs, &Roster::default());
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();

    // The department is named from its directory tag and from its addresses.
    let dfo = Some("Fisheries and Oceans Canada");
    let olsen = one(&people, "Kari Olsen");
    assert_eq!(olsen.organization.as_deref(), dfo);
    assert_eq!(
        olsen.title.as_deref(),
        Some("Director, Fleet Procurement Division")
    );
    assert!(olsen.is_official);
    let wrobel = one(&people, "Łukasz Wróbel");
    assert_eq!(wrobel.organization.as_deref(), dfo);
    assert!(wrobel.is_official);
    // An address is written without the accents: it is still his.
    assert_eq!(wrobel.emails, vec!["lukasz.wrobel@dfo-mpo.gc.ca"]);
    assert!(wrobel.pages.contains(&2), "{:?}", wrobel.mention_list);
    let zoe = one(&people, "Zoë Ní Bhriain");
    assert!(zoe.is_official, "a directory tag of any form");
    assert_eq!(zoe.organization.as_deref(), dfo);
    let haddad = one(&people, "Omar Haddad");
    assert_eq!(haddad.organization.as_deref(), Some("National Defence"));
    assert!(haddad.is_official);

    // A minister by the department's portfolio.
    let minister = one(&people, "Ingrid Solberg-Haugen");
    assert_eq!(
        minister.title.as_deref(),
        Some("Minister of Fisheries, Oceans and the Canadian Coast Guard")
    );
    assert_eq!(minister.organization.as_deref(), dfo);

    // Outsiders and names in other Latin letters.
    let ozgur = one(&people, "Ahmet Özgür");
    assert!(!ozgur.is_official);
    assert_eq!(ozgur.organization, None);
    assert_eq!(ozgur.emails, vec!["ahmet.ozgur@marmara-tersane.example"]);
    assert!(
        ozgur
            .mention_list
            .iter()
            .any(|m| m.page == 2 && m.text == "Mr. Özgür"),
        "{:?}",
        ozgur.mention_list
    );
    assert_eq!(
        one(&people, "Đorđe Petrović").title.as_deref(),
        Some("Senior Analyst, Fleet Procurement Section")
    );

    // Countries, nationalities and companies are not people.
    for not_a_name in [
        "New Zealand",
        "Turkish",
        "Marmara",
        "Norwegian",
        "Fisheries",
    ] {
        assert!(
            !names.iter().any(|n| n.contains(not_a_name)),
            "{not_a_name}: {names:?}"
        );
    }
}

/// A National Defence inquiry's registry: consignees with German, Turkish, Norwegian and Italian
/// legal forms, destinations in English, French and other spellings, goods counted in other
/// words than the samples'.
const REGISTRY: &str = "\
permit_number,exporter,consignee,end_user,destination,goods,quantity,serial_numbers,issued,expires,status,status_date
EXP-2022-0311,Boreal Optronics Inc.,Rheinmetall Waffe Munition GmbH,Bundeswehr,Germany,turret sighting systems,6,,2022-04-01,2023-04-01,issued,2022-04-01
EXP-2022-0312,Boreal Optronics Inc.,Aselsan Elektronik Sanayi ve Ticaret A.Ş.,Turkish Land Forces,Türkiye,thermal camera cores,12,,2022-04-01,2023-04-01,issued,2022-04-01
EXP-2022-0313,Fjord Marine Ltd.,Kongsberg Defence & Aerospace AS,Royal Norwegian Navy,NOR,patrol vessel hulls,2,,2022-04-01,2023-04-01,issued,2022-04-01
EXP-2022-0314,Boreal Optronics Inc.,Leonardo S.p.A.,Esercito Italiano,Italy,turret sighting systems,6,,2022-04-01,2023-04-01,issued,2022-04-01
";

#[test]
fn consignees_of_other_companies_and_countries() {
    let registry = permits::registry::registry_from_csv(REGISTRY).unwrap();
    assert!(registry.row_errors.is_empty(), "{:?}", registry.row_errors);
    assert_eq!(registry.permits.len(), 4);
    let pages = vec![
        page_from_lines(
            1,
            &[
                "Subject: export permit application [redacted]",
                "The application covers six sighting systems for Rheinmetall Waffe Munition,",
                "to be shipped to Germany in May 2022.",
            ],
        ),
        page_from_lines(
            2,
            &[
                "Subject: export permit [redacted]",
                "Twelve thermal camera cores for ASELSAN A.Ş. (Turkey), June 2022.",
            ],
        ),
        page_from_lines(
            3,
            &[
                "Objet : permis d'exportation [caviardé]",
                "Deux navires pour Kongsberg Defence & Aerospace, Norvège, juin 2022.",
            ],
        ),
        page_from_lines(
            4,
            &[
                "Subject: export statistics",
                "Six meetings were held with Italian officials in 2022.",
            ],
        ),
    ];
    let docs = documents::detect(&pages);
    let found = permits::link(&pages, &docs, &registry);
    let refs: BTreeSet<(u32, &str, &str)> = found
        .iter()
        .map(|l| (l.page, l.permit.as_str(), l.via.as_str()))
        .collect();
    assert_eq!(
        refs,
        BTreeSet::from([
            (1, "EXP-2022-0311", "context"),
            (2, "EXP-2022-0312", "context"),
            (3, "EXP-2022-0313", "context"),
        ]),
        "{found:#?}"
    );
    let evidence = |page: u32| {
        found
            .iter()
            .find(|l| l.page == page)
            .map(|l| l.evidence.clone())
            .unwrap_or_default()
    };
    assert!(
        evidence(1).contains("consignee Rheinmetall Waffe Munition GmbH"),
        "{}",
        evidence(1)
    );
    assert!(evidence(1).contains("quantity 6"), "{}", evidence(1));
    assert!(
        evidence(1).contains("destination Germany"),
        "{}",
        evidence(1)
    );
    assert!(evidence(2).contains("consignee Aselsan"), "{}", evidence(2));
    assert!(
        evidence(2).contains("destination Türkiye"),
        "{}",
        evidence(2)
    );
    assert!(
        evidence(3).contains("consignee Kongsberg"),
        "{}",
        evidence(3)
    );
    assert!(evidence(3).contains("quantity 2"), "{}", evidence(3));
    assert!(evidence(3).contains("destination NOR"), "{}", evidence(3));
    // The consignee alone fixes the permit on page 1: the Italian permit shares goods and
    // quantity but not the consignee, and is no tie.
    let page1 = found.iter().find(|l| l.page == 1).unwrap();
    assert_eq!(page1.status, LinkStatus::Link, "{page1:?}");
}

/// The whole pipeline on a PDF of a National Defence production (Helvetica, WinAnsi: the letters
/// it can write): a directory tag naming the department, an address at a subdomain, a Danish
/// name, and a permit found by its consignee's name without its legal form.
#[test]
fn a_national_defence_pdf_end_to_end() {
    use dossier::{Options, analysis::NoProgress};
    use std::sync::Arc;

    use crate::common::pdfgen;

    let lines: &[&str] = &[
        "From: Ødegård, Søren (DND/MDN)",
        "To: Brandt, Jürgen <juergen.brandt@ecn.forces.gc.ca>",
        "Sent: April 20, 2022 2:05 PM",
        "Subject: Export permit [redacted] - sighting systems",
        "Jürgen,",
        "The six sighting systems for Rheinmetall Waffe Munition leave for Germany in May.",
        "Søren Ødegård",
        "Director, Land Equipment Program Management",
        "National Defence",
    ];
    let escape = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '(' | ')' | '\\' => format!("\\{c}"),
                c if c.is_ascii() => c.to_string(),
                c => format!("\\{:03o}", u32::from(c) & 0xff),
            })
            .collect()
    };
    let content: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| pdfgen::text(72.0, 740.0 - 16.0 * i as f64, 10.0, &escape(l)))
        .collect();
    let registry = permits::registry::registry_from_csv(REGISTRY).unwrap();
    let options = Options {
        registry: Some(Arc::new(registry)),
        ..Options::default()
    };
    let a = dossier::analyze_bytes(
        std::path::Path::new("dnd.pdf"),
        &pdfgen::pages(&[content]),
        &options,
        &NoProgress,
    )
    .unwrap();
    let soren = one(&a.officials, "Søren Ødegård");
    assert_eq!(soren.organization.as_deref(), Some("National Defence"));
    assert_eq!(
        soren.title.as_deref(),
        Some("Director, Land Equipment Program Management")
    );
    assert!(soren.is_official);
    let brandt = one(&a.officials, "Jürgen Brandt");
    assert_eq!(brandt.organization.as_deref(), Some("National Defence"));
    assert!(brandt.is_official);
    let permits: Vec<(&str, u32)> = a
        .permit_links
        .iter()
        .chain(&a.permit_candidates)
        .map(|l| (l.permit.as_str(), l.page))
        .collect();
    assert_eq!(permits, vec![("EXP-2022-0311", 1)], "{:#?}", a.permit_links);
}

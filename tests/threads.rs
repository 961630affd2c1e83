//! Threads: Gmail's print layout (a heading, then each message with its sender, date and `To:`),
//! in English and French, next to an Outlook thread in the same file; quoted messages' subjects.

use dossier::documents::{Document, DocumentKind};
use dossier::{Options, analysis::NoProgress};

use crate::common::pdfgen;

const INGRID: &str = "Ingrid Halvorsen <ingrid.halvorsen@example.org>";
const TOMASZ: &str = "Tomasz Kowalczyk <t.kowalczyk@example.org>";

/// The documents of a PDF of the given pages (rows of `(x, text)` pieces).
fn docs_of(pages: &[Vec<Vec<(f64, &str)>>]) -> Vec<Document> {
    let contents: Vec<String> = pages.iter().map(|p| pdfgen::rows(p)).collect();
    dossier::analyze_bytes(
        std::path::Path::new("threads.pdf"),
        &pdfgen::pages(&contents),
        &Options::default(),
        &NoProgress,
    )
    .unwrap()
    .documents
}

fn row(t: &str) -> Vec<(f64, &str)> {
    vec![(72.0, t)]
}

/// An Outlook reply quoting an earlier message after `-----Original Message-----`.
fn outlook_page() -> Vec<Vec<(f64, &'static str)>> {
    [
        "From: Halvorsen, Ingrid",
        "Sent: Wednesday, October 7, 2020 8:30 AM",
        "To: Kowalczyk, Tomasz",
        "Subject: RE: Site inspection schedule",
        "Confirmed for ten with the inspectors.",
        "-----Original Message-----",
        "From: Kowalczyk, Tomasz",
        "Sent: Tuesday, October 6, 2020 9:15 AM",
        "To: Halvorsen, Ingrid",
        "Subject: RE: Site inspection schedule",
        "Could we start at ten instead?",
    ]
    .into_iter()
    .map(|t| vec![(72.0, t)])
    .collect()
}

/// (from, date, time, subject, depth).
fn header(d: &Document) -> (Option<&str>, Option<&str>, Option<&str>, Option<&str>, u32) {
    (
        d.from.as_deref(),
        d.date.as_deref(),
        d.time.as_deref(),
        d.subject.as_deref(),
        d.depth,
    )
}

#[test]
fn gmail_print_in_english_then_an_outlook_thread() {
    let cc =
        "Cc: Maren Solberg <m.solberg@example.org>, \"Okonkwo, Adaeze\" <a.okonkwo@example.org>";
    let gmail_1 = vec![
        vec![
            (40.0, "10/7/20, 9:12 AM"),
            (260.0, "Gmail - Site inspection schedule"),
        ],
        vec![(330.0, INGRID)],
        row("Site inspection schedule"),
        row("3 messages"),
        // The date on the sender's line...
        vec![(72.0, INGRID), (400.0, "Mon, Oct 5, 2020 at 2:03 PM")],
        row("To: Tomasz Kowalczyk <t.kowalczyk@example.org>"),
        row(cc),
        row("The inspection is set for Thursday at the north gate."),
        // ... or under it.
        row(TOMASZ),
        row("Tue, Oct 6, 2020 at 9:15 AM"),
        row("To: Ingrid Halvorsen <ingrid.halvorsen@example.org>"),
        row("Could we start at ten instead?"),
        row("[Quoted text hidden]"),
        row("https://mail.google.com/mail/u/0/?ik=1a2b3c&view=pt&search=all"),
    ];
    let gmail_2 = vec![
        // The browser prints the title again at the top of every page.
        vec![
            (40.0, "10/7/20, 9:12 AM"),
            (260.0, "Gmail - Site inspection schedule"),
        ],
        vec![(72.0, INGRID), (400.0, "Tue, Oct 6, 2020 at 11:40 AM")],
        row("To: Tomasz Kowalczyk <t.kowalczyk@example.org>"),
        row("Ten is fine."),
        row("On Tue, Oct 6, 2020 at 9:15 AM Tomasz Kowalczyk <t.kowalczyk@example.org> wrote:"),
        row("> Could we start at ten instead?"),
    ];
    let docs = docs_of(&[gmail_1, gmail_2, outlook_page()]);
    assert_eq!(docs.len(), 6, "{docs:#?}");
    let subject = Some("Site inspection schedule");
    assert_eq!(
        header(&docs[0]),
        (
            Some("Ingrid Halvorsen"),
            Some("2020-10-05"),
            Some("14:03"),
            subject,
            0
        )
    );
    assert_eq!(docs[0].to, vec!["Tomasz Kowalczyk"]);
    assert_eq!(docs[0].cc, vec!["Maren Solberg", "Adaeze Okonkwo"]);
    assert_eq!(
        header(&docs[1]),
        (
            Some("Tomasz Kowalczyk"),
            Some("2020-10-06"),
            Some("09:15"),
            subject,
            0
        )
    );
    assert_eq!(docs[1].to, vec!["Ingrid Halvorsen"]);
    assert!(docs[1].cc.is_empty());
    assert_eq!(
        header(&docs[2]),
        (
            Some("Ingrid Halvorsen"),
            Some("2020-10-06"),
            Some("11:40"),
            subject,
            0
        )
    );
    // Message 3 quotes message 2: the same message, seen again, with the thread's subject.
    assert_eq!(
        header(&docs[3]),
        (
            Some("Tomasz Kowalczyk"),
            Some("2020-10-06"),
            Some("09:15"),
            subject,
            1
        )
    );
    assert_eq!(docs[3].quoted_in.as_deref(), Some(docs[2].id.as_str()));
    assert_eq!(docs[3].same_as.as_deref(), Some(docs[1].id.as_str()));
    // One thread, its first message starting it; each printed message is whole (not quoted).
    for d in &docs[..4] {
        assert_eq!(d.kind, DocumentKind::Email);
        assert_eq!(d.thread.as_deref(), Some(docs[0].id.as_str()), "{d:?}");
    }
    for d in &docs[..3] {
        assert_eq!(d.quoted_in, None, "{d:?}");
        assert_eq!(d.same_as, None, "{d:?}");
    }
    let pages: Vec<(u32, u32)> = docs.iter().map(|d| (d.first_page, d.last_page)).collect();
    assert_eq!(pages, vec![(1, 1), (1, 1), (2, 2), (2, 2), (3, 3), (3, 3)]);
    // The Outlook thread on page 3, as before: its own thread, its quoted message under it,
    // seen with `RE:` and without it.
    assert_eq!(docs[4].thread.as_deref(), Some(docs[4].id.as_str()));
    assert_eq!(
        header(&docs[4]),
        (
            Some("Ingrid Halvorsen"),
            Some("2020-10-07"),
            Some("08:30"),
            Some("RE: Site inspection schedule"),
            0
        )
    );
    assert_eq!(docs[4].to, vec!["Tomasz Kowalczyk"]);
    assert_eq!(docs[4].quoted_in, None);
    assert_eq!(docs[5].quoted_in.as_deref(), Some(docs[4].id.as_str()));
    assert_eq!(docs[5].thread.as_deref(), Some(docs[4].id.as_str()));
    assert_eq!(
        header(&docs[5]),
        (
            Some("Tomasz Kowalczyk"),
            Some("2020-10-06"),
            Some("09:15"),
            Some("RE: Site inspection schedule"),
            1
        )
    );
    assert_eq!(docs[5].same_as.as_deref(), Some(docs[1].id.as_str()));
}

#[test]
fn gmail_print_in_french() {
    let page = vec![
        row("Gmail - Calendrier de l'inspection"),
        vec![(330.0, INGRID)],
        row("Calendrier de l'inspection"),
        row("3 messages"),
        vec![(72.0, INGRID), (400.0, "5 octobre 2020 à 14:03")],
        row("À : Tomasz Kowalczyk <t.kowalczyk@example.org>"),
        row("L'inspection aura lieu jeudi."),
        row(TOMASZ),
        row("6 octobre 2020 à 09:15"),
        row("À : Ingrid Halvorsen <ingrid.halvorsen@example.org>"),
        row("Cc : Maren Solberg <m.solberg@example.org>"),
        row("Pouvons-nous commencer à dix heures?"),
        vec![(72.0, INGRID), (400.0, "mar. 6 oct. 2020 à 11:40")],
        row("À : Tomasz Kowalczyk <t.kowalczyk@example.org>"),
        row("Dix heures, c'est parfait."),
        row("Le mar. 6 oct. 2020 à 09:15, Tomasz Kowalczyk <t.kowalczyk@example.org> a écrit :"),
        row("> Pouvons-nous commencer à dix heures?"),
    ];
    let docs = docs_of(&[page]);
    assert_eq!(docs.len(), 4, "{docs:#?}");
    let subject = Some("Calendrier de l'inspection");
    let got: Vec<_> = docs.iter().map(header).collect();
    assert_eq!(
        got,
        vec![
            (
                Some("Ingrid Halvorsen"),
                Some("2020-10-05"),
                Some("14:03"),
                subject,
                0
            ),
            (
                Some("Tomasz Kowalczyk"),
                Some("2020-10-06"),
                Some("09:15"),
                subject,
                0
            ),
            (
                Some("Ingrid Halvorsen"),
                Some("2020-10-06"),
                Some("11:40"),
                subject,
                0
            ),
            (
                Some("Tomasz Kowalczyk"),
                Some("2020-10-06"),
                Some("09:15"),
                subject,
                1
            ),
        ]
    );
    assert_eq!(docs[0].to, vec!["Tomasz Kowalczyk"]);
    assert_eq!(docs[1].to, vec!["Ingrid Halvorsen"]);
    assert_eq!(docs[1].cc, vec!["Maren Solberg"]);
    assert!(
        docs.iter()
            .all(|d| d.thread.as_deref() == Some(docs[0].id.as_str()))
    );
    assert_eq!(docs[3].quoted_in.as_deref(), Some(docs[2].id.as_str()));
    assert_eq!(docs[3].same_as.as_deref(), Some(docs[1].id.as_str()));
}

#[test]
fn a_quoted_message_without_a_subject_takes_the_quoting_ones() {
    let page: Vec<Vec<(f64, &str)>> = [
        "From: Kowalczyk, Tomasz",
        "Sent: Thursday, October 8, 2020 10:02 AM",
        "To: Halvorsen, Ingrid",
        "Subject: RE: TR: Site inspection schedule",
        "Noted, thank you.",
        "On Wed, Oct 7, 2020 at 8:30 AM Ingrid Halvorsen <ingrid.halvorsen@example.org> wrote:",
        "> Confirmed for ten with the inspectors.",
    ]
    .into_iter()
    .map(|t| vec![(72.0, t)])
    .collect();
    let docs = docs_of(&[page, outlook_page()]);
    assert_eq!(docs.len(), 4, "{docs:#?}");
    assert_eq!(docs[1].subject.as_deref(), Some("Site inspection schedule"));
    assert_eq!(docs[1].quoted_in.as_deref(), Some(docs[0].id.as_str()));
    // Seen again in the next thread with `RE:`: one message.
    assert_eq!(docs[2].from.as_deref(), Some("Ingrid Halvorsen"));
    assert_eq!(docs[2].same_as.as_deref(), Some(docs[1].id.as_str()));
    assert_eq!(docs[2].thread.as_deref(), Some(docs[2].id.as_str()));
}

#[test]
fn two_gmail_prints_are_two_threads() {
    let print = |subject: &'static str, when: &'static str| -> Vec<Vec<(f64, &'static str)>> {
        vec![
            row(subject),
            vec![(330.0, INGRID)],
            row(&subject["Gmail - ".len()..]),
            row("1 message"),
            vec![(72.0, INGRID), (400.0, when)],
            row("To: Tomasz Kowalczyk <t.kowalczyk@example.org>"),
            row("Please find the list attached."),
        ]
    };
    let docs = docs_of(&[
        print("Gmail - Inspection list", "Fri, Oct 9, 2020 at 4:05 PM"),
        print("Gmail - Gate passes", "Mon, Oct 12, 2020 at 8:47 AM"),
    ]);
    assert_eq!(docs.len(), 2, "{docs:#?}");
    assert_eq!(docs[0].subject.as_deref(), Some("Inspection list"));
    assert_eq!(docs[1].subject.as_deref(), Some("Gate passes"));
    assert_eq!(docs[0].thread.as_deref(), Some(docs[0].id.as_str()));
    assert_eq!(docs[1].thread.as_deref(), Some(docs[1].id.as_str()));
    assert_eq!(docs[1].time.as_deref(), Some("08:47"));
}

use super::*;

/// A page of `lines`, 6 pt a character, 14 pt a line: `{21(1)(a) words}` is a redaction over
/// `words` with those codes (`{- words}` one without codes); `ocr` gives every word that
/// confidence.
fn page(number: u32, stamp: &str, lines: &[&str], ocr: Option<f32>) -> Page {
    let mut p = Page {
        number,
        stamp: (!stamp.is_empty()).then(|| stamp.to_string()),
        ..Page::default()
    };
    for (li, line) in lines.iter().enumerate() {
        let y = 740.0 - 14.0 * li as f64;
        let mut x = 72.0;
        let mut rest = *line;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('{') {
                let end = r.find('}').unwrap_or(r.len());
                let inner = &r[..end];
                let (codes, hidden) = inner.split_once(' ').unwrap_or((inner, ""));
                let w = 6.0 * hidden.chars().count() as f64;
                p.redactions.push(Gap {
                    id: format!("red-p{number}-{}", p.redactions.len() + 1),
                    boxes: vec![Rect::new(x - 1.0, y - 3.0, x + w + 1.0, y + 9.0)],
                    codes: if codes == "-" {
                        Vec::new()
                    } else {
                        codes.split(',').map(str::to_string).collect()
                    },
                });
                x += w + 6.0;
                rest = r.get(end + 1..).unwrap_or("");
                continue;
            }
            let end = rest.find('{').unwrap_or(rest.len());
            for (off, word) in word_spans(&rest[..end]) {
                let x0 = x + 6.0 * off as f64;
                p.words.push(Word {
                    text: word.to_string(),
                    line: li as u32,
                    bbox: Rect::new(x0, y - 2.0, x0 + 6.0 * word.chars().count() as f64, y + 8.0),
                    ocr,
                });
            }
            x += 6.0 * rest[..end].chars().count() as f64;
            rest = &rest[end..];
        }
    }
    p
}

fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for w in s.split(' ') {
        if !w.is_empty() {
            out.push((s[..at].chars().count(), w));
        }
        at += w.len() + 1;
    }
    out
}

fn doc(id: &str, first: u32, last: u32, subject: &str) -> Doc {
    Doc {
        id: id.to_string(),
        first_page: first,
        last_page: last,
        from: Some("Ada Ng".to_string()),
        date: Some("2021-03-04".to_string()),
        subject: Some(subject.to_string()),
    }
}

const BODY: [&str; 6] = [
    "From: Ada Ng Sent: March 4 2021 Subject: Camera exports",
    "Dear colleagues, the review of the sensor shipments continues this week",
    "and the minister asked for a short note on the {X} before Friday.",
    "Our partners in Ankara were told that the permit was suspended on",
    "October fifth, and the consignee asked for the reasons in writing.",
    "Regards, Ada",
];

/// BODY with `{X}` replaced: `shown` words, or a redaction of them.
fn body(x: &str) -> Vec<String> {
    BODY.iter().map(|l| l.replace("{X}", x)).collect()
}

fn prod(path: &str, pages: Vec<Page>, documents: Vec<Doc>) -> Production {
    Production {
        path: path.into(),
        pages,
        documents,
    }
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn identical_copies_differ_in_nothing() {
    let lines = body("{21(1)(a) legal advice received}");
    let a = prod(
        "a.pdf",
        vec![page(1, "A-1 - 1", &refs(&lines), None)],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    let c = compare(&a, &a.clone());
    assert_eq!(c.pairs.len(), 1);
    assert!(c.changes.is_empty(), "{:?}", c.changes);
    assert!(c.recoded.is_empty());
    assert_eq!(c.withheld_in_both, 1);
}

#[test]
fn withheld_in_one_released_in_the_other() {
    let a_lines = body("{21(1)(a) legal advice received}");
    let b_lines = body("legal advice received");
    let a = prod(
        "a.pdf",
        vec![page(1, "A-1 - 000007", &refs(&a_lines), None)],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    let b = prod(
        "b.pdf",
        vec![page(4, "B-2 - 000042", &refs(&b_lines), None)],
        vec![doc("doc-3", 4, 4, "RE: Camera exports")],
    );
    let c = compare(&a, &b);
    assert_eq!(c.changes.len(), 1, "{:?}", c.changes);
    let ch = &c.changes[0];
    assert_eq!(ch.text, "legal advice received");
    assert_eq!(ch.withheld_in, Which::A);
    assert_eq!((ch.a_page, ch.b_page), (1, 4));
    assert_eq!(ch.a_stamp.as_deref(), Some("A-1 - 000007"));
    assert_eq!(ch.codes, ["21(1)(a)"]);
    assert_eq!(ch.redactions, ["red-p1-1"]);
    // The other way round: b withholds.
    let c = compare(&b, &a);
    assert_eq!(c.changes.len(), 1);
    assert_eq!(c.changes[0].withheld_in, Which::B);
    assert_eq!((c.changes[0].a_page, c.changes[0].b_page), (4, 1));
}

#[test]
fn recoded_and_line_breaks_and_page_order() {
    // a: two documents; b: the same two in the other order, the lines broken elsewhere.
    let a1 = body("{19(1) legal advice received}");
    let other = [
        "From: Ada Ng Sent: March 4 2021 Subject: Travel plans",
        "The delegation leaves on Monday and returns on Thursday evening late",
        "with {15(1) the embassy's security briefing} in hand for everyone.",
    ];
    let a = prod(
        "a.pdf",
        vec![page(1, "", &refs(&a1), None), page(2, "", &other, None)],
        vec![
            doc("doc-1", 1, 1, "Camera exports"),
            doc("doc-2", 2, 2, "Travel plans"),
        ],
    );
    let joined = body("{21(1)(a) legal advice received}").join(" ");
    let words: Vec<&str> = joined.split(' ').collect();
    // Re-broken at 7 words a line (a redaction's words kept on one line).
    let mut rebroken: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut inside = false;
    for w in words {
        cur.push(w);
        if w.starts_with('{') {
            inside = true;
        }
        if w.ends_with('}') {
            inside = false;
        }
        if cur.len() >= 7 && !inside {
            rebroken.push(cur.join(" "));
            cur.clear();
        }
    }
    rebroken.push(cur.join(" "));
    let other_b = [
        "From: Ada Ng Sent: March 4 2021 Subject: Travel plans",
        "The delegation leaves on Monday and returns on Thursday evening late with",
        "the embassy's security briefing in hand for everyone.",
    ];
    let b = prod(
        "b.pdf",
        vec![
            page(1, "", &other_b, None),
            page(2, "", &refs(&rebroken), None),
        ],
        vec![
            doc("d-1", 1, 1, "Travel plans"),
            doc("d-2", 2, 2, "Camera exports"),
        ],
    );
    let c = compare(&a, &b);
    assert_eq!(c.pairs.len(), 2);
    assert_eq!(c.pairs[0].b.document.as_deref(), Some("d-2"));
    assert_eq!(c.recoded.len(), 1, "{c:?}");
    assert_eq!(c.recoded[0].a_codes, ["19(1)"]);
    assert_eq!(c.recoded[0].b_codes, ["21(1)(a)"]);
    assert_eq!(c.changes.len(), 1);
    assert_eq!(c.changes[0].text, "the embassy's security briefing");
    assert_eq!(c.changes[0].a_page, 2);
    assert_eq!(c.changes[0].b_page, 1);
}

#[test]
fn ocr_noise_is_no_difference() {
    let a_lines = body("{21(1)(a) legal advice received}");
    let b_lines = body("lega1 adv1ce rece|ved");
    let a = prod(
        "a.pdf",
        vec![page(1, "", &refs(&a_lines), None)],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    // Read by OCR with little confidence: not released text.
    let b = prod(
        "b.pdf",
        vec![page(1, "", &refs(&b_lines), Some(0.55))],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    assert!(compare(&a, &b).changes.is_empty());
    // Read confidently but shaped like noise: still nothing.
    let b = prod(
        "b.pdf",
        vec![page(1, "", &refs(&b_lines), Some(0.95))],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    assert!(
        compare(&a, &b).changes.is_empty(),
        "{:?}",
        compare(&a, &b).changes
    );
    // Read well: a difference.
    let b_lines = body("legal advice received");
    let b = prod(
        "b.pdf",
        vec![page(1, "", &refs(&b_lines), Some(0.93))],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    assert_eq!(compare(&a, &b).changes.len(), 1);
}

#[test]
fn unpaired_documents_are_listed() {
    let a_lines = body("legal advice received");
    let other = ["An unrelated note about the cafeteria menu for the coming week and more"];
    let a = prod(
        "a.pdf",
        vec![
            page(1, "", &refs(&a_lines), None),
            page(2, "", &other, None),
        ],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    let b = prod(
        "b.pdf",
        vec![page(1, "", &refs(&a_lines), None)],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    let c = compare(&a, &b);
    assert_eq!(c.pairs.len(), 1);
    assert_eq!(c.unpaired.a.len(), 1);
    assert_eq!(c.unpaired.a[0].first_page, 2);
    assert!(c.unpaired.b.is_empty());
}

#[test]
fn a_reply_quoting_a_message_releases_what_the_message_withholds() {
    let mut lines: Vec<String> = body("{21(1)(a) legal advice received}");
    lines.push("-----Original Message----- quoted below for reference".to_string());
    let quoted: Vec<String> = body("legal advice received")
        .into_iter()
        .map(|l| format!("> {l}"))
        .collect();
    let p = prod(
        "one.pdf",
        vec![
            page(1, "", &refs(&lines), None),
            page(2, "", &refs(&quoted), None),
        ],
        vec![doc("doc-1", 1, 2, "Camera exports")],
    );
    let c = repeated(&p);
    assert_eq!(c.changes.len(), 1, "{c:?}");
    assert_eq!(c.changes[0].withheld_in, Which::A);
    assert_eq!((c.changes[0].a_page, c.changes[0].b_page), (1, 2));
    assert_eq!(c.changes[0].text, "legal advice received");
    // Both places withheld alike: nothing to report but the count.
    let quoted: Vec<String> = body("{21(1)(a) legal advice received}");
    let p = prod(
        "one.pdf",
        vec![
            page(1, "", &refs(&lines), None),
            page(2, "", &refs(&quoted), None),
        ],
        vec![],
    );
    let c = repeated(&p);
    assert!(c.changes.is_empty());
    assert_eq!(c.withheld_in_both, 1);
}

#[test]
fn anchors_follow_the_longest_increasing_run() {
    let a = [1, 2, 3, 4, 5, 6];
    let b = [1, 2, 9, 4, 5, 6];
    let m = align::align_words(&a, &b);
    assert_eq!(m, [(0, 0), (1, 1), (3, 3), (4, 4), (5, 5)]);
    let m = align::align_words(&[7, 7, 7], &[7, 7]);
    assert_eq!(m.len(), 2);
}

#[test]
fn a_box_whose_codes_were_not_read_is_withheld_in_both_not_recoded() {
    // The scan's label beside the box was not read: no codes on one side says nothing of its grounds.
    let a = prod(
        "a.pdf",
        vec![page(
            1,
            "",
            &refs(&body("{19(1) legal advice received}")),
            None,
        )],
        vec![doc("doc-1", 1, 1, "Camera exports")],
    );
    let b = prod(
        "b.pdf",
        vec![page(1, "", &refs(&body("{- legal advice received}")), None)],
        vec![doc("d-1", 1, 1, "Camera exports")],
    );
    let c = compare(&a, &b);
    assert_eq!(c.pairs.len(), 1);
    assert!(c.recoded.is_empty(), "{c:?}");
    assert_eq!(c.withheld_in_both, 1);
    assert!(c.changes.is_empty());
}

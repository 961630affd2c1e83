//! `dossier case correct-person CASE NAME ...`: a person corrected once for the whole case (see
//! [`crate::store::identities`]): merged with another, dismissed, named, titled. NAME is matched
//! against the case-wide people list, accents and case folded; an unknown or ambiguous name is an
//! error that lists the candidates.

use std::io::Write;
use std::path::Path;

use super::{EXIT_FILE_ERRORS, EXIT_OK};
use crate::store::identities::CorrectionFields;
use crate::store::people::CasePerson;
use crate::store::{Case, StoreError};

/// What `case correct-person` reads.
#[derive(Debug, Clone, Copy)]
pub struct CorrectPersonArgs<'a> {
    /// The case.
    pub case: &'a Path,
    /// The person, as the case names them.
    pub name: &'a str,
    /// The name to show instead (`--name`).
    pub new_name: Option<&'a str>,
    /// `--title` (empty: clears a title corrected before).
    pub title: Option<&'a str>,
    /// `--organization`.
    pub organization: Option<&'a str>,
    /// `--dismiss`: not a person.
    pub dismiss: bool,
    /// `--restore`: takes a dismissal back.
    pub restore: bool,
    /// `--same-as OTHER`: one person with OTHER.
    pub same_as: Option<&'a str>,
    /// `--separate`: no longer one person with the one it was merged into.
    pub separate: bool,
    /// `--note`.
    pub note: Option<&'a str>,
    /// `--reviewer`.
    pub reviewer: Option<&'a str>,
}

/// Why a name names no one person.
#[derive(Debug)]
enum NoMatch {
    Unknown(Vec<String>),
    Ambiguous(Vec<String>),
}

/// Words of a name, folded, for matching.
fn words(s: &str) -> Vec<String> {
    crate::textfold::fold_words(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Describes a person for a list of candidates: `Jane Roe (also Jane A. Roe; 2 productions)`.
fn describe(p: &CasePerson) -> String {
    let others: Vec<&str> = p
        .names
        .iter()
        .filter(|n| **n != p.name)
        .map(String::as_str)
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("also {}; ", others.join(", "))
    };
    let dismissed = if p.dismissed { ", dismissed" } else { "" };
    format!(
        "{} ({also}{} production{}{dismissed})",
        p.name,
        p.productions.len(),
        if p.productions.len() == 1 { "" } else { "s" }
    )
}

/// The one person `name` names: the same name (any form written, accents and case folded), else
/// the one person whose names hold all of its words.
fn find<'a>(people: &'a [CasePerson], name: &str) -> Result<&'a CasePerson, NoMatch> {
    let key = crate::officials::identity_key(name);
    let exact: Vec<&CasePerson> = people
        .iter()
        .filter(|p| {
            p.identity == key
                || crate::officials::identity_key(&p.name) == key
                || p.names
                    .iter()
                    .any(|n| crate::officials::identity_key(n) == key)
        })
        .collect();
    if let [one] = exact.as_slice() {
        return Ok(one);
    }
    if exact.len() > 1 {
        return Err(NoMatch::Ambiguous(
            exact.iter().map(|p| describe(p)).collect(),
        ));
    }
    let wanted = words(name);
    let holds_all = |p: &CasePerson| {
        std::iter::once(&p.name).chain(&p.names).any(|n| {
            let have = words(n);
            !wanted.is_empty() && wanted.iter().all(|w| have.contains(w))
        })
    };
    let partial: Vec<&CasePerson> = people.iter().filter(|p| holds_all(p)).collect();
    match partial.as_slice() {
        [one] => Ok(one),
        [] => {
            // Anyone sharing a word, to say who is near.
            let near: Vec<String> = people
                .iter()
                .filter(|p| {
                    std::iter::once(&p.name)
                        .chain(&p.names)
                        .any(|n| words(n).iter().any(|w| w.len() > 2 && wanted.contains(w)))
                })
                .take(10)
                .map(describe)
                .collect();
            Err(NoMatch::Unknown(near))
        }
        many => Err(NoMatch::Ambiguous(
            many.iter().map(|p| describe(p)).collect(),
        )),
    }
}

fn no_match(err: &mut dyn Write, what: &str, name: &str, why: NoMatch) -> std::io::Result<u8> {
    match why {
        NoMatch::Unknown(near) if near.is_empty() => writeln!(
            err,
            "dossier: no one in the case is named {name:?} ({what}); `dossier case people` lists everyone"
        )?,
        NoMatch::Unknown(near) => {
            writeln!(
                err,
                "dossier: no one in the case is named {name:?} ({what}); people with a word of it:"
            )?;
            for n in near {
                writeln!(err, "    {n}")?;
            }
        }
        NoMatch::Ambiguous(all) => {
            writeln!(
                err,
                "dossier: {name:?} ({what}) names {} people; give more of the name:",
                all.len()
            )?;
            for n in all {
                writeln!(err, "    {n}")?;
            }
        }
    }
    Ok(EXIT_FILE_ERRORS)
}

/// `dossier case correct-person`: exit code (2 for an unknown or ambiguous name, nothing to do,
/// or no case).
pub fn run_correct_person(
    args: &CorrectPersonArgs<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let nothing = args.new_name.is_none()
        && args.title.is_none()
        && args.organization.is_none()
        && !args.dismiss
        && !args.restore
        && args.same_as.is_none()
        && !args.separate
        && args.note.is_none();
    if nothing {
        writeln!(
            err,
            "dossier: nothing to correct: give --title, --organization, --name, --same-as, --separate, --dismiss, --restore or --note"
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    if args.dismiss && args.restore {
        writeln!(
            err,
            "dossier: --dismiss and --restore contradict each other"
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    if super::pg::is_url(args.case) {
        // The PostgreSQL case has no case-wide identity review yet (its schema lacks the step).
        writeln!(
            err,
            "dossier: {}: correct-person is not available on a PostgreSQL case yet; correct the person in each production (review in the app), or copy the case to a file (`dossier case copy`) and correct it there",
            crate::store::pg::conn::redact(&args.case.to_string_lossy())
        )?;
        return Ok(EXIT_FILE_ERRORS);
    }
    let case = match Case::open(args.case) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "dossier: {e}")?;
            return Ok(EXIT_FILE_ERRORS);
        }
    };
    let who = crate::store::reviewer(args.reviewer);
    match correct(&case, args, &who, out, err) {
        Ok(code) => Ok(code),
        Err(Failure::Io(e)) => Err(e),
        Err(Failure::Store(e)) => {
            writeln!(err, "dossier: {}: {e}", args.case.display())?;
            Ok(EXIT_FILE_ERRORS)
        }
    }
}

enum Failure {
    Io(std::io::Error),
    Store(StoreError),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

fn correct(
    case: &Case,
    args: &CorrectPersonArgs<'_>,
    who: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let people = case.people_with_dismissed()?;
    let person = match find(&people, args.name) {
        Ok(p) => p.clone(),
        Err(why) => return Ok(no_match(err, "NAME", args.name, why)?),
    };
    let mut identity = person.identity.clone();
    let mut done: Vec<String> = Vec::new();
    if args.separate {
        // Each identity merged into this one is its own again.
        let reviews = case.identity_reviews()?;
        let merged: Vec<String> = reviews
            .values()
            .filter(|r| r.same_as.as_deref() == Some(identity.as_str()))
            .map(|r| r.identity.clone())
            .collect();
        for m in &merged {
            case.separate_identity(m, who)?;
        }
        done.push(format!(
            "separated from {} identit{} merged into it",
            merged.len(),
            if merged.len() == 1 { "y" } else { "ies" }
        ));
    }
    if let Some(other) = args.same_as {
        let target = match find(&people, other) {
            Ok(p) => p.clone(),
            Err(why) => return Ok(no_match(err, "--same-as", other, why)?),
        };
        if target.identity == identity {
            done.push(format!("already one person with {}", target.name));
        } else {
            case.merge_identities(&identity, &target.identity, who)?;
            done.push(format!("one person with {}", target.name));
            identity = target.identity.clone();
        }
    }
    let fields = CorrectionFields {
        name: args.new_name.map(str::to_string),
        title: args.title.map(str::to_string),
        organization: args.organization.map(str::to_string),
        note: args.note.unwrap_or_default().to_string(),
    };
    if fields != CorrectionFields::default() {
        case.correct_identity(&identity, &fields, who)?;
        for (what, v) in [
            ("name", &fields.name),
            ("title", &fields.title),
            ("organisation", &fields.organization),
        ] {
            match v.as_deref() {
                Some("") => done.push(format!("{what} as detected")),
                Some(v) => done.push(format!("{what} {v:?}")),
                None => {}
            }
        }
    }
    if args.dismiss || args.restore {
        case.dismiss_identity(&identity, args.dismiss, who)?;
        done.push(if args.dismiss {
            "dismissed (left out of lists and exports)".into()
        } else {
            "no longer dismissed".into()
        });
    }
    // As the case now lists the person.
    let after = case.people_with_dismissed()?;
    let now = after.iter().find(|p| p.identity == identity);
    let (name, reach) = match now {
        Some(p) => (
            p.name.clone(),
            format!(
                "{} production{}, {} page{}",
                p.productions.len(),
                if p.productions.len() == 1 { "" } else { "s" },
                p.pages,
                if p.pages == 1 { "" } else { "s" }
            ),
        ),
        None => (person.name.clone(), "no production".into()),
    };
    let listed = if name == person.name {
        String::new()
    } else {
        format!("listed as {name}, ")
    };
    writeln!(
        out,
        "{}: {} — in every production of the case ({listed}{reach}), as {who}'s",
        person.name,
        done.join("; ")
    )?;
    Ok(EXIT_OK)
}

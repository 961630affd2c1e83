//! Import of the user's permit registry from CSV (`,`, `;` or tab separated) or a spreadsheet
//! (XLSX, XLS, ODS through calamine), with flexible column names in English or French.
//!
//! Good rows load; a bad row (no permit number, bad date, bad quantity) is skipped and reported
//! with its line number in [`Registry::row_errors`]. A file that is not a table of permits at all
//! is an [`Error::Data`] naming the file.

use std::path::Path;

use super::{Permit, Registry};
use crate::dates::{from_excel, normalize_date};
use crate::error::{Error, Result};

/// Largest registry file read (bytes).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most rows read.
const MAX_ROWS: usize = 200_000;

/// A column of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Exporter,
    Consignee,
    EndUser,
    Destination,
    Goods,
    Quantity,
    Serials,
    Issued,
    Expires,
    Status,
    StatusDate,
    Notes,
}

/// Lowercase, accents folded ([`crate::textfold::fold_accents`]), `#` read as "number",
/// punctuation as spaces, words single-spaced.
pub(crate) fn fold(s: &str) -> String {
    crate::textfold::fold_words(s)
}

/// Which field a header names, if any.
fn field_of(header: &str) -> Option<Field> {
    let h = fold(header.trim_start_matches('\u{feff}'));
    let words: Vec<&str> = h.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    let is_date = any(&["date", "dated", "on"]);
    // Order matters: "status date" before "status", "issue date" before "number"...
    if [
        "notes",
        "note",
        "remarks",
        "comments",
        "history",
        "historique",
        "remarques",
    ]
    .iter()
    .any(|w| words.first() == Some(w))
    {
        return Some(Field::Notes);
    }
    if has("status") || has("statut") || has("etat") {
        return Some(if is_date {
            Field::StatusDate
        } else {
            Field::Status
        });
    }
    if any(&["serial", "serials", "serie", "series", "sn", "s n"]) {
        return Some(Field::Serials);
    }
    if any(&[
        "issued",
        "issue",
        "delivrance",
        "delivree",
        "emission",
        "granted",
    ]) {
        return Some(Field::Issued);
    }
    if any(&[
        "expires",
        "expiry",
        "expiration",
        "expire",
        "expiring",
        "until",
    ]) {
        return Some(Field::Expires);
    }
    if any(&["quantity", "qty", "quantite", "qte", "units"]) {
        return Some(Field::Quantity);
    }
    if h.contains("end user") || has("enduser") || h.contains("utilisateur final") {
        return Some(Field::EndUser);
    }
    if any(&["consignee", "destinataire", "buyer", "importer"]) {
        return Some(Field::Consignee);
    }
    if any(&["exporter", "exportateur", "applicant", "demandeur"]) {
        return Some(Field::Exporter);
    }
    if any(&["destination", "country", "pays"]) {
        return Some(Field::Destination);
    }
    if any(&[
        "goods",
        "item",
        "items",
        "description",
        "marchandises",
        "biens",
        "product",
    ]) {
        return Some(Field::Goods);
    }
    let numbered = any(&[
        "number",
        "no",
        "num",
        "numero",
        "nr",
        "id",
        "ref",
        "reference",
    ]);
    let permit_word = any(&[
        "permit",
        "permits",
        "licence",
        "license",
        "application",
        "demande",
        "permis",
        "file",
    ]);
    if permit_word && (numbered || words.len() == 1) || h == "number" || h == "numero" {
        return Some(Field::Number);
    }
    None
}

/// Splits a serial-numbers cell on `;`, `,`, `|`, newlines and spaces.
pub fn split_serials(cell: &str) -> Vec<String> {
    cell.split(|c: char| matches!(c, ';' | ',' | '|') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A quantity cell: `7`, `7 systems`, `1,200`, `seven`.
pub fn parse_quantity(cell: &str) -> Result<u32, String> {
    let t = cell.trim();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '\u{a0}' || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect();
    if !digits.is_empty() {
        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '\u{a0}');
        // "7.5" is not a count.
        if rest.starts_with('.') && rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
            // Spreadsheets write whole numbers as "7.0".
            if !rest.trim_start_matches('.').chars().all(|c| c == '0') {
                return Err(format!("bad quantity \"{t}\""));
            }
        }
        return digits.parse().map_err(|_| format!("bad quantity \"{t}\""));
    }
    // A number in words at the start: "seven", "twenty-one systems", "a dozen", "dix-sept".
    let folded = fold(t);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    super::mentions::read_number(&words)
        .map(|(n, _)| n)
        .ok_or_else(|| format!("bad quantity \"{t}\""))
}

/// Normalises a status cell: lowercase, single-spaced (`Not approved` -> `not approved`).
fn normalize_status(cell: &str) -> String {
    cell.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A table read from a file: rows of cells with the file line number of each row.
struct Table {
    rows: Vec<(usize, Vec<String>)>,
}

/// Loads a registry from a CSV or spreadsheet file.
pub fn load_registry(path: &Path) -> Result<Registry> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Limit(format!(
            "{}: registry is {} bytes, more than {MAX_FILE_BYTES}",
            path.display(),
            meta.len()
        )));
    }
    let bytes = std::fs::read(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let spreadsheet = matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let table = if spreadsheet {
        read_spreadsheet(&bytes)
    } else {
        read_csv(&bytes)
    }
    .map_err(|why| Error::Data(format!("{}: {why}", path.display())))?;
    registry_from_table(&table).map_err(|why| Error::Data(format!("{}: {why}", path.display())))
}

/// Parses registry CSV text (for tests and for callers holding the text).
pub fn registry_from_csv(text: &str) -> Result<Registry, String> {
    registry_from_table(&read_csv(text.as_bytes())?)
}

/// The text of a CSV file: UTF-8 or UTF-16 after a byte order mark, else UTF-8 when the bytes
/// are valid UTF-8, else Windows-1252, which is what Excel on Windows writes (`0x92` is `’`).
/// `None` for a binary file: NUL bytes or other C0 control characters than tab, line and page
/// breaks and the Ctrl-Z that old DOS tools put at the end.
fn decode_csv(bytes: &[u8]) -> Option<String> {
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom..).unwrap_or_default();
        encoding.decode_without_bom_handling(rest).0
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    };
    let binary = text.chars().any(|c| {
        c.is_ascii_control()
            && !matches!(
                c,
                '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{1a}' | '\u{7f}'
            )
    });
    (!binary).then(|| text.into_owned())
}

fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let text = decode_csv(bytes).unwrap_or_default();
    if text.trim().is_empty() {
        return Err("not a table: the file is empty or binary".to_string());
    }
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a readable CSV table: {e}"))?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| usize::try_from(p.line()).unwrap_or(0));
        rows.push((line, record.iter().map(str::to_string).collect()));
        if rows.len() > MAX_ROWS {
            return Err(format!("more than {MAX_ROWS} rows"));
        }
    }
    Ok(Table { rows })
}

fn read_spreadsheet(bytes: &[u8]) -> Result<Table, String> {
    use calamine::{Data, Reader};
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let mut book = calamine::open_workbook_auto_from_rs(cursor)
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "the spreadsheet has no sheet".to_string())?
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate().take(MAX_ROWS) {
        let cells = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(dt) => {
                    from_excel(dt).map_or_else(|| dt.as_f64().to_string(), |d| d.iso())
                }
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        // Spreadsheet rows are 1-based as the user sees them.
        rows.push((first_row + i + 1, cells));
    }
    Ok(Table { rows })
}

fn registry_from_table(table: &Table) -> Result<Registry, String> {
    // The header is the first non-empty row.
    let mut iter = table
        .rows
        .iter()
        .skip_while(|(_, cells)| cells.iter().all(|c| c.trim().is_empty()));
    let Some((_, header)) = iter.next() else {
        return Err("not a table: no rows".to_string());
    };
    let columns: Vec<Option<Field>> = header.iter().map(|h| field_of(h)).collect();
    if !columns.contains(&Some(Field::Number)) {
        let shown: Vec<&str> = header.iter().take(12).map(|h| h.trim()).collect();
        return Err(format!(
            "not a permit table: no permit number column (expected a header such as \"permit number\" or \"application number\"; found: {})",
            shown.join(" | ")
        ));
    }
    if columns.iter().flatten().count() < 2 {
        return Err("not a permit table: only a number column was recognised".to_string());
    }
    let mut registry = Registry::default();
    // Permit numbers seen so far: duplicates found by hash, not by comparing every pair.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (line, cells) in iter {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match permit_from_row(&columns, cells) {
            Ok(p) => {
                if !seen.insert(p.number.clone()) {
                    registry
                        .row_errors
                        .push(format!("line {line}: duplicate permit number {}", p.number));
                } else {
                    registry.permits.push(p);
                }
            }
            Err(why) => registry.row_errors.push(format!("line {line}: {why}")),
        }
    }
    Ok(registry)
}

fn permit_from_row(columns: &[Option<Field>], cells: &[String]) -> Result<Permit, String> {
    let mut p = Permit::default();
    let mut errors = Vec::new();
    for (field, cell) in columns.iter().zip(cells) {
        let Some(field) = field else { continue };
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let text = || Some(cell.split_whitespace().collect::<Vec<_>>().join(" "));
        let date = |errors: &mut Vec<String>, name: &str| match normalize_date(cell) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(format!("{e} in {name}"));
                None
            }
        };
        match field {
            Field::Number => {
                if p.number.is_empty() {
                    p.number = text().unwrap_or_default();
                }
            }
            Field::Exporter => p.exporter = p.exporter.take().or_else(text),
            Field::Consignee => p.consignee = p.consignee.take().or_else(text),
            Field::EndUser => p.end_user = p.end_user.take().or_else(text),
            Field::Destination => p.destination = p.destination.take().or_else(text),
            Field::Goods => p.goods = p.goods.take().or_else(text),
            Field::Quantity => match parse_quantity(cell) {
                Ok(q) => p.quantity = Some(q),
                Err(e) => errors.push(e),
            },
            Field::Serials => p.serials.extend(split_serials(cell)),
            Field::Issued => p.issued = date(&mut errors, "issued"),
            Field::Expires => p.expires = date(&mut errors, "expires"),
            Field::Status => p.status = Some(normalize_status(cell)),
            Field::StatusDate => p.status_date = date(&mut errors, "status date"),
            Field::Notes => p.events.extend(super::timeline::events_in_notes(cell)),
        }
    }
    if p.number.is_empty() {
        errors.insert(0, "no permit number".to_string());
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(errors.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let f = |h| field_of(h);
        assert_eq!(f("permit_number"), Some(Field::Number));
        assert_eq!(f("Permit No."), Some(Field::Number));
        assert_eq!(f("Permit #"), Some(Field::Number));
        assert_eq!(f("Application Number"), Some(Field::Number));
        assert_eq!(f("Numéro de licence"), Some(Field::Number));
        assert_eq!(f("End-user"), Some(Field::EndUser));
        assert_eq!(f("end_user"), Some(Field::EndUser));
        assert_eq!(f("Country"), Some(Field::Destination));
        assert_eq!(f("Item"), Some(Field::Goods));
        assert_eq!(f("Qty"), Some(Field::Quantity));
        assert_eq!(f("Serials"), Some(Field::Serials));
        assert_eq!(f("serial_numbers"), Some(Field::Serials));
        assert_eq!(f("Issue date"), Some(Field::Issued));
        assert_eq!(f("Expiry"), Some(Field::Expires));
        assert_eq!(f("status_date"), Some(Field::StatusDate));
        assert_eq!(f("Status"), Some(Field::Status));
        assert_eq!(f("Notes"), Some(Field::Notes));
        assert_eq!(f("Notary"), None);
    }

    #[test]
    fn rows_good_and_bad() {
        let csv = "Permit No.;Exporter;End-user;Qty;Serials;Issue date;Status\n\
                   EXP-1;Acme;Navy;7 systems;A1, A2 | A3;May 14, 2020;Issued\n\
                   ;Acme;Navy;1;;2020-01-01;issued\n\
                   EXP-3;Acme;Navy;lots;;2020-01-01;issued\n\
                   EXP-4;Acme;Navy;2;;31/31/2020;issued\n\
                   \n\
                   EXP-5;Acme;Navy;seven;;14/05/2020;Not  Approved\n\
                   EXP-6;Acme;Navy;twenty-one systems;;2020-01-01;issued\n\
                   EXP-7;Acme;Navy;dix-sept;;2020-01-01;issued\n";
        let r = registry_from_csv(csv).unwrap();
        let numbers: Vec<&str> = r.permits.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, vec!["EXP-1", "EXP-5", "EXP-6", "EXP-7"]);
        assert_eq!(r.permits[2].quantity, Some(21));
        assert_eq!(r.permits[3].quantity, Some(17));
        assert_eq!(r.permits[0].serials, vec!["A1", "A2", "A3"]);
        assert_eq!(r.permits[0].quantity, Some(7));
        assert_eq!(r.permits[0].issued.as_deref(), Some("2020-05-14"));
        assert_eq!(r.permits[1].quantity, Some(7));
        assert_eq!(r.permits[1].status.as_deref(), Some("not approved"));
        assert_eq!(
            r.row_errors,
            vec![
                "line 3: no permit number",
                "line 4: bad quantity \"lots\"",
                "line 5: bad date \"31/31/2020\" in issued",
            ]
        );
    }

    fn load(bytes: &[u8]) -> Registry {
        registry_from_table(&read_csv(bytes).unwrap()).unwrap()
    }

    #[test]
    fn windows_1252_csv() {
        // Excel on Windows: 0x92 is a right single quote, 0xE9 an e acute, 0x80 the euro sign.
        let bytes =
            b"Num\xe9ro de permis;Destinataire;Notes\nEXP-1;O\x92Brien Ing\xe9nierie;\x80 5\n";
        let r = load(bytes);
        assert_eq!(r.permits.len(), 1);
        assert_eq!(
            r.permits[0].consignee.as_deref(),
            Some("O\u{2019}Brien Ing\u{e9}nierie")
        );
    }

    #[test]
    fn utf8_and_utf16_with_a_byte_order_mark() {
        let text = "Permit number,Consignee\nEXP-1,Bjørn Łukasz Dvořák AS\n";
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(text.as_bytes());
        let table = read_csv(&utf8).unwrap();
        assert_eq!(table.rows[0].1[0], "Permit number");
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [utf8, utf16le, utf16be] {
            let r = load(&bytes);
            assert_eq!(r.permits.len(), 1);
            assert_eq!(r.permits[0].number, "EXP-1");
            assert_eq!(
                r.permits[0].consignee.as_deref(),
                Some("Bjørn Łukasz Dvořák AS")
            );
        }
    }

    #[test]
    fn binary_is_not_a_table() {
        assert!(read_csv(b"Permit number,Consignee\n\x00\x01\x02\xff").is_err());
        // UTF-16 without a byte order mark is full of NULs: not read as text.
        let utf16: Vec<u8> = "Permit number,Consignee\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(read_csv(&utf16).is_err());
    }

    #[test]
    fn folding_of_headers_and_names() {
        assert_eq!(
            fold("Bjørn Łukasz Dvořák Ångström — Straße #4"),
            "bjorn lukasz dvorak angstrom strasse number 4"
        );
        assert_eq!(field_of("Quantité"), Some(Field::Quantity));
        assert_eq!(field_of("Numéro d’ÉMISSION"), Some(Field::Issued));
        assert_eq!(field_of("Date de délivrance"), Some(Field::Issued));
        assert_eq!(field_of("DESTINATAIRE"), Some(Field::Consignee));
    }

    #[test]
    fn not_a_table() {
        assert!(
            registry_from_csv("hello world\nthis is prose\n")
                .unwrap_err()
                .contains("no permit number column")
        );
        assert!(registry_from_csv("").is_err());
    }
}

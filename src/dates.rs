//! Dates as permit registries and government pages write them, normalised to ISO 8601.
//!
//! Registry cells: `2020-05-14`, `2020/05/14`, `May 14, 2020`, `14 May 2020`, `14 mai 2020`,
//! `14/05/2020` (only when the day is above 12, or both parts agree), an Excel serial. Page text:
//! the same full dates, and month-precision dates (`September 2020`) for date windows.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

/// A calendar date; `day` is `None` for month-precision mentions ("September 2020").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// Year.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u32,
    /// Day, 1..=31, `None` when only the month is known.
    pub day: Option<u32>,
}

/// Day numbers count from 1970-01-01.
const EPOCH: Date = Date::constant(1970, 1, 1);

impl Ymd {
    /// A full date, checked (day of the month, leap years), years 1900 to 2200.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        if !(1900..=2200).contains(&year) {
            return None;
        }
        let date = Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        Some(Ymd::of(date))
    }

    /// The full date of a calendar date.
    fn of(date: Date) -> Ymd {
        Ymd {
            year: i32::from(date.year()),
            month: u32::from(date.month().unsigned_abs()),
            day: Some(u32::from(date.day().unsigned_abs())),
        }
    }

    /// The first calendar day covered (the first of the month for a month). Fields set out of
    /// range by hand are brought into range (month 1..=12, the day within the month).
    fn first(&self) -> Date {
        let year = i16::try_from(self.year.clamp(1, 9999)).unwrap_or(1970);
        let month = i8::try_from(self.month.clamp(1, 12)).unwrap_or(1);
        let first = Date::new(year, month, 1).unwrap_or(EPOCH);
        match self.day {
            Some(d) => {
                let d = i8::try_from(d.clamp(1, 31)).unwrap_or(1);
                first
                    .with()
                    .day(d.min(first.days_in_month()))
                    .build()
                    .unwrap_or(first)
            }
            None => first,
        }
    }

    /// `2020-05-14`, or `2020-05` for a month.
    pub fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{:02}", self.year, self.month, d),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// Days since 1970-01-01 of the date (the first of the month for a month).
    pub fn days(&self) -> i64 {
        day_number(self.first())
    }

    /// The last day covered by the mention (the month's last day for a month).
    pub fn last_day(&self) -> i64 {
        let first = self.first();
        day_number(match self.day {
            Some(_) => first,
            None => first.last_of_month(),
        })
    }
}

/// Days since 1970-01-01.
fn day_number(date: Date) -> i64 {
    // Civil dates are less than 2^22 days apart: a span in days from the epoch cannot fail.
    EPOCH
        .until(date)
        .map_or(0, |span| i64::from(span.get_days()))
}

/// Parses an ISO date `2020-05-14` (as stored in the registry) into days since the epoch.
pub fn iso_days(iso: &str) -> Option<i64> {
    parse_date(iso).ok().map(|d| d.days())
}

/// The month number of an English or French month name or abbreviation, any case and accents.
pub fn month_number(name: &str) -> Option<u32> {
    let n = crate::textfold::fold_key(name.trim_end_matches('.'));
    let m = match n.as_str() {
        "january" | "jan" | "janvier" | "janv" => 1,
        "february" | "feb" | "fevrier" | "fevr" => 2,
        "march" | "mar" | "mars" => 3,
        "april" | "apr" | "avril" | "avr" => 4,
        "may" | "mai" => 5,
        "june" | "jun" | "juin" => 6,
        "july" | "jul" | "juillet" | "juil" => 7,
        "august" | "aug" | "aout" => 8,
        "september" | "sep" | "sept" | "septembre" => 9,
        "october" | "oct" | "octobre" => 10,
        "november" | "nov" | "novembre" => 11,
        "december" | "dec" | "decembre" => 12,
        _ => return None,
    };
    Some(m)
}

const MONTHS: &str = r"(?i:jan(?:uary|vier|v)?|f[ée]v(?:rier|r)?|feb(?:ruary)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|d[ée]c(?:ember|embre)?)\.?";

static ISO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$").ok());
static NUMERIC: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$").ok());
static MONTH_FIRST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$"
    ))
    .ok()
});
static DAY_FIRST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?({MONTHS}),?\s+(\d{{4}})$"
    ))
    .ok()
});

fn num<T: std::str::FromStr>(caps: &regex::Captures<'_>, i: usize) -> Option<T> {
    caps.get(i)?.as_str().parse().ok()
}

/// Parses one date cell. `Err` says why (ambiguous day/month order, unknown format).
pub fn parse_date(text: &str) -> Result<Ymd, String> {
    let t = text.trim();
    // A timestamp: keep the date part.
    let t = t
        .split_once('T')
        .filter(|(d, _)| d.len() == 10 && d.as_bytes().get(4) == Some(&b'-'))
        .map_or(t, |(d, _)| d);
    let t = t
        .split_once(' ')
        .filter(|(d, rest)| d.len() == 10 && rest.contains(':'))
        .map_or(t, |(d, _)| d);
    let bad = || format!("bad date \"{t}\"");
    if let Some(c) = ISO.as_ref().and_then(|r| r.captures(t)) {
        let (y, m, d) = (
            num::<i32>(&c, 1).ok_or_else(bad)?,
            num::<u32>(&c, 2).ok_or_else(bad)?,
            num::<u32>(&c, 3).ok_or_else(bad)?,
        );
        return Ymd::new(y, m, d).ok_or_else(bad);
    }
    if let Some(c) = NUMERIC.as_ref().and_then(|r| r.captures(t)) {
        let (a, b, y) = (
            num::<u32>(&c, 1).ok_or_else(bad)?,
            num::<u32>(&c, 2).ok_or_else(bad)?,
            num::<i32>(&c, 3).ok_or_else(bad)?,
        );
        let dm = Ymd::new(y, b, a);
        let md = Ymd::new(y, a, b);
        return match (dm, md) {
            (Some(x), Some(y)) if x == y => Ok(x),
            (Some(_), Some(_)) => Err(format!(
                "ambiguous date \"{t}\" (day/month or month/day?); write it as YYYY-MM-DD"
            )),
            (Some(x), None) | (None, Some(x)) => Ok(x),
            (None, None) => Err(bad()),
        };
    }
    if let Some(c) = MONTH_FIRST.as_ref().and_then(|r| r.captures(t)) {
        let m = c
            .get(1)
            .and_then(|m| month_number(m.as_str()))
            .ok_or_else(bad)?;
        return Ymd::new(
            num::<i32>(&c, 3).ok_or_else(bad)?,
            m,
            num::<u32>(&c, 2).ok_or_else(bad)?,
        )
        .ok_or_else(bad);
    }
    if let Some(c) = DAY_FIRST.as_ref().and_then(|r| r.captures(t)) {
        let m = c
            .get(2)
            .and_then(|m| month_number(m.as_str()))
            .ok_or_else(bad)?;
        return Ymd::new(
            num::<i32>(&c, 3).ok_or_else(bad)?,
            m,
            num::<u32>(&c, 1).ok_or_else(bad)?,
        )
        .ok_or_else(bad);
    }
    Err(bad())
}

/// Normalises a date cell to ISO (`2020-05-14`).
pub fn normalize_date(text: &str) -> Result<String, String> {
    parse_date(text).map(|d| d.iso())
}

static IN_TEXT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"\b(?:(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})",
            r"|({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})",
            r"|(\d{{1,2}})(?:st|nd|rd|th|er)?\s+({m}),?\s+(\d{{4}})",
            r"|({m}),?\s+(\d{{4}}))\b"
        ),
        m = MONTHS
    ))
    .ok()
});

/// Every date written in `text`: full dates and month-precision ones ("September 2020").
pub fn find_dates(text: &str) -> Vec<Ymd> {
    let Some(re) = IN_TEXT.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        let month = |i: usize| c.get(i).and_then(|m| month_number(m.as_str()));
        let found = if c.get(1).is_some() {
            num::<i32>(&c, 1).and_then(|y| Ymd::new(y, num(&c, 2)?, num(&c, 3)?))
        } else if c.get(4).is_some() {
            num::<i32>(&c, 6).and_then(|y| Ymd::new(y, month(4)?, num(&c, 5)?))
        } else if c.get(7).is_some() {
            num::<i32>(&c, 9).and_then(|y| Ymd::new(y, month(8)?, num(&c, 7)?))
        } else {
            num::<i32>(&c, 11).and_then(|y| {
                let m = month(10)?;
                // "may 2020" is too often the verb; month names only when capitalised.
                let word = c.get(10)?.as_str();
                if !word.starts_with(char::is_uppercase) {
                    return None;
                }
                Ymd::new(y, m, 1).map(|d| Ymd { day: None, ..d })
            })
        };
        out.extend(found);
    }
    out
}

/// The date of a spreadsheet date cell, by calamine's own conversion (1900 and 1904 date
/// systems, Excel's phantom 1900-02-29). `None` for a date Excel cannot hold or that is not a
/// calendar date (the phantom leap day, the 1900 system's day 0), and for a duration.
pub fn from_excel(cell: &calamine::ExcelDateTime) -> Option<Ymd> {
    let serial = cell.as_f64();
    // Below the range calamine returns its epoch, above it 9999-12-31: neither is the cell's date.
    if !cell.is_datetime() || !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (y, m, d, ..) = cell.to_ymd_hms_milli();
    Ymd::new(i32::from(y), u32::from(m), u32::from(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_formats() {
        assert_eq!(normalize_date("2020-05-14").as_deref(), Ok("2020-05-14"));
        assert_eq!(normalize_date("May 14, 2020").as_deref(), Ok("2020-05-14"));
        assert_eq!(normalize_date("14 May 2020").as_deref(), Ok("2020-05-14"));
        assert_eq!(normalize_date("14 mai 2020").as_deref(), Ok("2020-05-14"));
        assert_eq!(normalize_date("3 FÉVR. 2021").as_deref(), Ok("2021-02-03"));
        assert_eq!(normalize_date("1er août 2021").as_deref(), Ok("2021-08-01"));
        assert_eq!(
            normalize_date("1 Décembre 2021").as_deref(),
            Ok("2021-12-01")
        );
        assert_eq!(normalize_date("14/05/2020").as_deref(), Ok("2020-05-14"));
        assert_eq!(normalize_date("05/14/2020").as_deref(), Ok("2020-05-14"));
        assert_eq!(normalize_date("2020/5/4").as_deref(), Ok("2020-05-04"));
        assert_eq!(
            normalize_date("2020-05-14T00:00:00").as_deref(),
            Ok("2020-05-14")
        );
        assert!(
            normalize_date("04/05/2020")
                .unwrap_err()
                .contains("ambiguous")
        );
        assert_eq!(normalize_date("05/05/2020").as_deref(), Ok("2020-05-05"));
        assert!(normalize_date("2020-02-30").is_err());
        assert!(normalize_date("soon").is_err());
    }

    #[test]
    fn dates_in_text() {
        let d = find_dates("Delivered in September 2020; permit issued May 14, 2020 (2020-05-14).");
        let iso: Vec<String> = d.iter().map(Ymd::iso).collect();
        assert_eq!(iso, vec!["2020-09", "2020-05-14", "2020-05-14"]);
        assert!(find_dates("this may 2020 be").is_empty());
    }

    #[test]
    fn day_numbers() {
        assert_eq!(Ymd::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Ymd::new(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(iso_days("2020-05-14"), Some(18_396));
        assert_eq!(
            Ymd::new(2021, 3, 1).unwrap().days() - Ymd::new(2021, 2, 28).unwrap().days(),
            1
        );
        assert_eq!(
            Ymd::new(2020, 3, 1).unwrap().days() - Ymd::new(2020, 2, 28).unwrap().days(),
            2
        );
        // A month covers its first to its last day; February of a leap year has 29.
        let feb = Ymd {
            day: None,
            ..Ymd::new(2020, 2, 1).unwrap()
        };
        assert_eq!(feb.last_day() - feb.days(), 28);
        let feb = Ymd { year: 1900, ..feb };
        assert_eq!(feb.last_day() - feb.days(), 27);
        assert_eq!(
            Ymd::new(2020, 2, 29).map(|d| d.iso()).as_deref(),
            Some("2020-02-29")
        );
        assert!(Ymd::new(2021, 2, 29).is_none());
        assert!(Ymd::new(2100, 2, 29).is_none());
        assert!(Ymd::new(2000, 2, 29).is_some());
        assert!(Ymd::new(2021, 4, 31).is_none());
        assert!(Ymd::new(2021, 13, 1).is_none());
        assert!(Ymd::new(2021, 0, 1).is_none());
        assert!(Ymd::new(2021, 1, 0).is_none());
        assert!(Ymd::new(1899, 12, 31).is_none());
    }

    #[test]
    fn excel_serial_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let cell = |v, is_1904| from_excel(&ExcelDateTime::new(v, DateTime, is_1904));
        assert_eq!(cell(43965.0, false).unwrap().iso(), "2020-05-14");
        assert_eq!(cell(43965.75, false).unwrap().iso(), "2020-05-14");
        // The 1904 system (old Mac workbooks) counts 1462 days fewer.
        assert_eq!(cell(43965.0 - 1462.0, true).unwrap().iso(), "2020-05-14");
        // Excel's phantom 1900-02-29 is serial 60; 61 is 1900-03-01.
        assert!(cell(60.0, false).is_none());
        assert_eq!(cell(61.0, false).unwrap().iso(), "1900-03-01");
        assert_eq!(cell(59.0, false).unwrap().iso(), "1900-02-28");
        assert!(cell(0.0, false).is_none());
        assert_eq!(cell(0.0, true).unwrap().iso(), "1904-01-01");
        assert!(cell(-1.0, true).is_none());
        let duration = ExcelDateTime::new(43965.0, calamine::ExcelDateTimeType::TimeDelta, false);
        assert!(from_excel(&duration).is_none());
        assert!(cell(f64::NAN, false).is_none());
        assert!(cell(3e6, false).is_none());
    }
}

//! Dates as permit registries and government pages write them, normalised to ISO 8601.
//!
//! Registry cells: `2020-05-14`, `2020/05/14`, `May 14, 2020`, `14 May 2020`, `14 mai 2020`,
//! `14/05/2020` (only when the day is above 12, or both parts agree), an Excel serial. Page text:
//! the same full dates, and month-precision dates (`September 2020`) for date windows.

use std::sync::LazyLock;

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

impl Ymd {
    /// A full date, checked.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Ymd {
            year,
            month,
            day: Some(day),
        })
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
        days_from_civil(self.year, self.month, self.day.unwrap_or(1))
    }

    /// The last day covered by the mention (the month's last day for a month).
    pub fn last_day(&self) -> i64 {
        days_from_civil(
            self.year,
            self.month,
            self.day
                .unwrap_or_else(|| days_in_month(self.year, self.month)),
        )
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an ISO date `2020-05-14` (as stored in the registry) into days since the epoch.
pub fn iso_days(iso: &str) -> Option<i64> {
    parse_date(iso).ok().map(|d| d.days())
}

/// The month number of an English or French month name or abbreviation (lowercase, accents kept).
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let m = match n.as_str() {
        "january" | "jan" | "janvier" | "janv" => 1,
        "february" | "feb" | "février" | "fevrier" | "févr" | "fevr" => 2,
        "march" | "mar" | "mars" => 3,
        "april" | "apr" | "avril" | "avr" => 4,
        "may" | "mai" => 5,
        "june" | "jun" | "juin" => 6,
        "july" | "jul" | "juillet" | "juil" => 7,
        "august" | "aug" | "août" | "aout" => 8,
        "september" | "sep" | "sept" | "septembre" => 9,
        "october" | "oct" | "octobre" => 10,
        "november" | "nov" | "novembre" => 11,
        "december" | "dec" | "décembre" | "decembre" | "déc" => 12,
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

/// Converts an Excel serial day number (1900 system) to a date.
pub fn from_excel_serial(serial: f64) -> Option<Ymd> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // 1899-12-30 is day 0 once Excel's phantom 1900-02-29 is accounted for (serials >= 61).
    let days = serial.floor() as i64 + days_from_civil(1899, 12, 30);
    Some(civil_from_days(days))
}

/// The date of a day number (days since 1970-01-01).
pub fn civil_from_days(z: i64) -> Ymd {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Ymd {
        year: i32::try_from(y).unwrap_or(0),
        month: u32::try_from(m).unwrap_or(1),
        day: u32::try_from(d).ok(),
    }
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
    fn day_numbers_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2020, 2, 29), (2021, 4, 12), (1999, 12, 31)] {
            let n = days_from_civil(y, m, d);
            assert_eq!(civil_from_days(n), Ymd::new(y, m, d).unwrap());
        }
        assert_eq!(from_excel_serial(43965.0).unwrap().iso(), "2020-05-14");
    }
}

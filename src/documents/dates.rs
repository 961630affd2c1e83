//! Header dates to ISO: `Sunday, October 25, 2020 4:12 PM` → (`2020-10-25`, `16:12`),
//! `26 octobre 2020 09:05`, `26 octobre 2020 9 h 05`, `2020-10-25`, `May 6, 2020`,
//! `Tue, 12 May 2020 14:03:11 -0400` (RFC 2822), `2020-10-25T16:12:00-04:00` (ISO 8601).
//!
//! The time is the one written, in the zone the header gives: a reader compares it with the
//! clock times in the e-mail's body, which are in the same zone.

use std::sync::OnceLock;

use jiff::civil::{DateTime, Time};
use jiff::fmt::rfc2822::DateTimeParser;
use jiff::fmt::temporal::DateTimeParser as IsoParser;
use regex::Regex;

use crate::dates::{Ymd, find_dates};

fn time_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d{1,2})\s?[:h]\s?(\d{2})\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?:\s|$|[^\w])")
            .ok()
    })
    .as_ref()
}

/// A whole header value that is an RFC 2822 or ISO 8601 date and time, read by jiff (weekday,
/// day of the month and offset checked). The civil date and time as written.
fn standard(value: &str) -> Option<DateTime> {
    static RFC2822: DateTimeParser = DateTimeParser::new();
    static ISO: IsoParser = IsoParser::new();
    let value = value.trim();
    RFC2822
        .parse_zoned(value)
        .map(|z| z.datetime())
        .or_else(|_| ISO.parse_datetime(value))
        // `Z`: a UTC time, which civil parsing refuses.
        .or_else(|_| {
            ISO.parse_timestamp(value)
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).datetime())
        })
        .ok()
}

/// The date (ISO) and 24-hour time written in a header value.
pub fn parse_date_time(value: &str) -> (Option<String>, Option<String>) {
    if let Some(dt) = standard(value) {
        let date = Ymd::new(
            i32::from(dt.year()),
            u32::from(dt.month().unsigned_abs()),
            u32::from(dt.day().unsigned_abs()),
        );
        // A date alone ("2020-10-25") is read as midnight by the ISO parser: no time written.
        let time_written = value.contains(':');
        return (
            date.map(|d| d.iso()),
            time_written.then(|| hh_mm(dt.time())),
        );
    }
    let date = find_dates(value).first().map(|d| d.iso());
    let time = time_regex().and_then(|re| {
        let c = re.captures(value)?;
        let mut h: i8 = c.get(1)?.as_str().parse().ok()?;
        let m: i8 = c.get(2)?.as_str().parse().ok()?;
        if let Some(ap) = c.get(3) {
            if !(1..=12).contains(&h) {
                return None;
            }
            let pm = ap.as_str().to_lowercase().starts_with('p');
            h = match (pm, h) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
        Time::new(h, m, 0, 0).ok().map(hh_mm)
    });
    (date, time)
}

fn hh_mm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_dates() {
        let p = |s: &str| parse_date_time(s);
        assert_eq!(
            p("Sunday, October 25, 2020 4:12 PM"),
            (Some("2020-10-25".into()), Some("16:12".into()))
        );
        assert_eq!(
            p("26 octobre 2020 09:05"),
            (Some("2020-10-26".into()), Some("09:05".into()))
        );
        assert_eq!(p("May 6, 2020"), (Some("2020-05-06".into()), None));
        assert_eq!(p("2020-10-25"), (Some("2020-10-25".into()), None));
        assert_eq!(
            p("Monday, April 12, 2021 12:30 AM"),
            (Some("2021-04-12".into()), Some("00:30".into()))
        );
    }

    #[test]
    fn standard_forms_and_zones() {
        let p = |s: &str| parse_date_time(s);
        let both = |d: &str, t: &str| (Some(d.to_string()), Some(t.to_string()));
        // RFC 2822: the time as written in its zone.
        assert_eq!(
            p("Tue, 12 May 2020 14:03:11 -0400"),
            both("2020-05-12", "14:03")
        );
        assert_eq!(p("12 May 2020 23:59 EST"), both("2020-05-12", "23:59"));
        assert_eq!(p("May 12, 2020 2:03 PM"), both("2020-05-12", "14:03"));
        assert_eq!(p("12 mai 2020 14 h 03"), both("2020-05-12", "14:03"));
        // ISO 8601: the hour is not read from the minutes and seconds.
        assert_eq!(p("2020-10-25T16:12:00-04:00"), both("2020-10-25", "16:12"));
        assert_eq!(p("2020-10-25 16:12"), both("2020-10-25", "16:12"));
        assert_eq!(p("2020-10-25T16:12:00Z"), both("2020-10-25", "16:12"));
    }

    #[test]
    fn impossible_times_and_dates() {
        let p = |s: &str| parse_date_time(s);
        assert_eq!(p("May 12, 2020 24:10"), (Some("2020-05-12".into()), None));
        assert_eq!(
            p("May 12, 2020 13:10 PM"),
            (Some("2020-05-12".into()), None)
        );
        assert_eq!(p("May 12, 2020 0:10 AM"), (Some("2020-05-12".into()), None));
        assert_eq!(p("May 12, 2020 9:75"), (Some("2020-05-12".into()), None));
        assert_eq!(p("February 30, 2020 9:15"), (None, Some("09:15".into())));
        // A weekday that is not the date's is no RFC 2822 date; the date and time are still read.
        assert_eq!(
            p("Wed, 12 May 2020 14:03:11 -0400"),
            (Some("2020-05-12".into()), Some("14:03".into()))
        );
    }
}

//! Header dates to ISO: `Sunday, October 25, 2020 4:12 PM` → (`2020-10-25`, `16:12`),
//! `26 octobre 2020 09:05`, `2020-10-25`, `May 6, 2020`.

use std::sync::OnceLock;

use regex::Regex;

use crate::permits::dates::find_dates;

fn time_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d{1,2})\s?[:h]\s?(\d{2})\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?:\s|$|[^\w])")
            .ok()
    })
    .as_ref()
}

/// The date (ISO) and 24-hour time written in a header value.
pub fn parse_date_time(value: &str) -> (Option<String>, Option<String>) {
    let date = find_dates(value).first().map(|d| d.iso());
    let time = time_regex().and_then(|re| {
        let c = re.captures(value)?;
        let mut h: u32 = c.get(1)?.as_str().parse().ok()?;
        let m: u32 = c.get(2)?.as_str().parse().ok()?;
        if let Some(ap) = c.get(3) {
            let pm = ap.as_str().to_lowercase().starts_with('p');
            if pm && h < 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
        }
        (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
    });
    (date, time)
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
}

//! Retry policy: which failures are retried, and how long to wait between attempts.
//!
//! The statuses retried are `RETRYABLE_STATUSES` (in `error.rs`), whose
//! docs say why each of Cloudflare's 520 to 524 is among them: 521 to 523
//! never reached the origin; 520 is as uncertain as a 502; 524 may follow a
//! generation that ran, and is retried as the spec and the official SDK
//! have it, `max_retries(0)` being the caller's way out.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::http_info::HttpInfo;

/// Exponential backoff with jitter between retries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Backoff {
    /// The wait before the first retry (before jitter).
    pub(crate) initial: Duration,
    /// The longest wait, and the longest `Retry-After` honoured.
    pub(crate) max: Duration,
    /// How much longer each next wait is.
    pub(crate) factor: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(60),
            factor: 1.5,
        }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (0 for the first): `initial *
    /// factor^retry`, capped at `max`, then scaled by a random factor in
    /// [0.5, 1.0) so that clients failing together do not retry together.
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let exp = self.factor.powi(retry.min(64) as i32);
        let base = self.initial.as_secs_f64() * exp;
        let capped = base.min(self.max.as_secs_f64()).max(0.0);
        let jitter = 0.5 + 0.5 * random_unit();
        Duration::try_from_secs_f64(capped * jitter).unwrap_or(self.max)
    }
}

/// A number in [0, 1) from the standard library's randomly seeded hasher.
fn random_unit() -> f64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Reads `retry-after-ms` (milliseconds), or else `Retry-After` (delay-seconds
/// or an HTTP date). A header that is absent or cannot be read gives way to the
/// next; a value too large for a [`Duration`] is [`Duration::MAX`], a wait
/// longer than any backoff cap.
pub(crate) fn parse_retry_after(http: &HttpInfo) -> Option<Duration> {
    retry_after_ms(http).or_else(|| retry_after_header(http))
}

/// `retry-after-ms`: a non-negative number of milliseconds (`inf` and
/// numbers too large for a [`Duration`] saturate).
fn retry_after_ms(http: &HttpInfo) -> Option<Duration> {
    let ms = http.header("retry-after-ms")?.trim().parse::<f64>().ok()?;
    saturating_secs(ms / 1000.0)
}

/// `Retry-After`: delay-seconds (digits only; more than fit a `u64`
/// saturate) or an HTTP date, compared with the clock now.
fn retry_after_header(http: &HttpInfo) -> Option<Duration> {
    let value = http.header("retry-after")?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    let when = parse_http_date(value, now)?;
    Some(Duration::from_secs(when.saturating_sub(now)))
}

/// A wait of `secs` seconds: `None` when negative or not a number,
/// [`Duration::MAX`] when too large for a `Duration` (infinity included).
pub(crate) fn saturating_secs(secs: f64) -> Option<Duration> {
    if secs.is_nan() || secs < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX))
}

/// Parses an HTTP date into Unix seconds, in the three forms RFC 9110 (5.6.7)
/// asks a recipient to accept:
///
/// - IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`
/// - the obsolete RFC 850 form: `Sunday, 06-Nov-94 08:49:37 GMT`, whose
///   two-digit year is read as the year with those last digits that is at
///   most 50 years after `now` (Unix seconds), else the one before it
/// - the obsolete asctime form: `Sun Nov  6 08:49:37 1994`
///
/// The weekday is not checked. As RFC 9110 allows a recipient to be
/// lenient, names are read whatever their case (`sun, 06 nov 1994 …`), and
/// the zone of the first two forms may be written `GMT`, `UTC`, `+0000` or
/// `-0000` (all the same instant, as some servers write it); any other zone
/// is refused, never read as GMT.
pub(crate) fn parse_http_date(s: &str, now: u64) -> Option<u64> {
    let parts: Vec<&str> = s.split_ascii_whitespace().collect();
    let (day, month, year, time) = match parts.as_slice() {
        [weekday, day, month, year, time, zone] if weekday.ends_with(',') && is_gmt(zone) => {
            (*day, *month, four_digit_year(year)?, *time)
        }
        [weekday, date, time, zone] if weekday.ends_with(',') && is_gmt(zone) => {
            let mut dmy = date.split('-');
            let (day, month, yy) = (dmy.next()?, dmy.next()?, dmy.next()?);
            if dmy.next().is_some() || yy.len() != 2 {
                return None;
            }
            (day, month, two_digit_year(digits(yy)?, now), *time)
        }
        [weekday, month, day, time, year] if !weekday.ends_with(',') => {
            (*day, *month, four_digit_year(year)?, *time)
        }
        _ => return None,
    };
    let day = digits(day)?;
    let month = month_number(month)?;
    let mut hms = time.split(':');
    let h = digits(hms.next()?)?;
    let m = digits(hms.next()?)?;
    let sec = digits(hms.next()?)?;
    if hms.next().is_some()
        || !(1..=31).contains(&day)
        || !(1970..=9999).contains(&year)
        || h > 23
        || m > 59
        || sec > 60
    {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3600 + m * 60 + sec)
}

/// Whether `zone` names GMT: `GMT`, or `UTC`, `+0000` or `-0000`, the
/// same instant, whatever the case.
fn is_gmt(zone: &str) -> bool {
    ["GMT", "UTC", "+0000", "-0000"]
        .iter()
        .any(|z| zone.eq_ignore_ascii_case(z))
}

/// The number (1 to 12) of a month's three-letter name, whatever its case.
fn month_number(name: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let at = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(name))?;
    u64::try_from(at + 1).ok()
}

/// A four-digit year (a longer one would overflow the arithmetic).
fn four_digit_year(year: &str) -> Option<u64> {
    if year.len() != 4 {
        return None;
    }
    digits(year)
}

/// A number of one to four ASCII digits (no sign, no space).
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The year ending in `yy` that is at most 50 years after the year of `now`
/// (Unix seconds), else the one a century before it (RFC 9110, 5.6.7).
fn two_digit_year(yy: u64, now: u64) -> u64 {
    let this_year = year_of(now);
    let ahead = (yy + 100 - this_year % 100) % 100;
    if ahead <= 50 {
        this_year + ahead
    } else {
        this_year + ahead - 100
    }
}

/// The civil (proleptic Gregorian) year of a time in Unix seconds, after H.
/// Hinnant's algorithm.
fn year_of(unix_secs: u64) -> u64 {
    let z = unix_secs / 86_400 + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Years begin in March in this calendar: January and February (mp 10
    // and 11) belong to the next civil year.
    yoe + era * 400 + u64::from(mp >= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_jitters() {
        let b = Backoff::default();
        for retry in 0..5 {
            let base = 0.5 * 1.5f64.powi(retry as i32);
            let d = b.delay(retry).as_secs_f64();
            assert!(
                d >= base * 0.5 - 1e-9 && d < base + 1e-9,
                "retry {retry}: {d}"
            );
        }
        assert!(b.delay(100) <= Duration::from_secs(60));
        assert!(b.delay(100) >= Duration::from_secs(30));
        let distinct: std::collections::HashSet<_> = (0..20).map(|_| b.delay(3)).collect();
        assert!(distinct.len() > 1, "jitter varies");
    }

    /// 2026-05-01 00:00:00 UTC, a fixed "now" for the two-digit years.
    const NOW: u64 = 1_777_593_600;

    fn date(s: &str) -> Option<u64> {
        parse_http_date(s, NOW)
    }

    #[test]
    fn http_dates() {
        assert_eq!(date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(date("Tue, 29 Feb 2028 12:00:00 GMT"), Some(1_835_438_400));
        assert_eq!(date("garbage"), None);
        // An IMF-fixdate year has four digits; a longer one would overflow.
        assert_eq!(date("Sun, 06 Nov 99999999999999999 08:49:37 GMT"), None);
        assert_eq!(date("Fri, 31 Dec 9999 23:59:59 GMT"), Some(253_402_300_799));
        assert_eq!(date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        // Other spellings of GMT, and names in any case, are read leniently
        // (RFC 9110, 5.6.7); another zone is refused, never read as GMT.
        for same in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 06 Nov 1994 08:49:37 -0000",
            "sun, 06 nov 1994 08:49:37 gmt",
            "SUN, 06 NOV 1994 08:49:37 utc",
            "Sunday, 06-NOV-94 08:49:37 UTC",
            "sunday, 06-nov-94 08:49:37 +0000",
            "sun nov  6 08:49:37 1994",
        ] {
            assert_eq!(date(same), Some(784_111_777), "{same}");
        }
        for other in [
            "Sun, 06 Nov 1994 08:49:37 +0100",
            "Sun, 06 Nov 1994 08:49:37 EST",
            "Sun, 06 Nov 1994 08:49:37 Z",
            "Sun, 06 Nov 1994 08:49:37 +00000",
            "Sunday, 06-Nov-94 08:49:37 PST",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Novem 1994 08:49:37 GMT",
        ] {
            assert_eq!(date(other), None, "{other}");
        }
        assert_eq!(date("Sun, 06 Nov 1994 08:49:37:01 GMT"), None);
        assert_eq!(date("Sun, +6 Nov 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn obsolete_http_date_forms() {
        // RFC 9110's own examples of the three forms, all the same instant.
        assert_eq!(date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(date("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
        assert_eq!(date("Sun Nov 06 08:49:37 1994"), Some(784_111_777));
        // A two-digit year is at most 50 years ahead of now (2026), else a
        // century earlier.
        assert_eq!(
            date("Thursday, 01-Jan-76 00:00:00 GMT"),
            date("Thu, 01 Jan 2076 00:00:00 GMT")
        );
        assert_eq!(
            date("Friday, 01-Jan-77 00:00:00 GMT"),
            date("Fri, 01 Jan 1977 00:00:00 GMT")
        );
        assert_eq!(
            date("Saturday, 01-May-26 00:00:00 GMT"),
            Some(NOW),
            "this year"
        );
        // Malformed variants.
        assert_eq!(date("Sunday, 06-Nov-1994 08:49:37 GMT"), None);
        assert_eq!(date("Sunday, 06-Nov-94-1 08:49:37 GMT"), None);
        assert_eq!(date("Sunday, 06-Foo-94 08:49:37 GMT"), None);
        assert_eq!(date("Sunday, 06-Nov-+9 08:49:37 GMT"), None);
        assert_eq!(date("Sun Nov  6 08:49:37 94"), None);
        assert_eq!(date("Sun Nov 32 08:49:37 1994"), None);
        assert_eq!(date("Sun, Nov  6 08:49:37 1994"), None);
    }

    #[test]
    fn the_year_of_a_time() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(NOW), 2026);
        assert_eq!(year_of(1_767_225_599), 2025, "2025-12-31 23:59:59");
        assert_eq!(year_of(1_767_225_600), 2026, "2026-01-01 00:00:00");
        assert_eq!(year_of(951_782_400), 2000, "2000-02-29");
        assert_eq!(two_digit_year(99, 0), 1999);
        assert_eq!(two_digit_year(20, 0), 2020);
        assert_eq!(two_digit_year(21, 0), 1921);
    }

    #[test]
    fn retry_after_forms() {
        let h = |k: &str, v: &str| HttpInfo::new(429, vec![(k.into(), v.into())]);
        assert_eq!(
            parse_retry_after(&h("Retry-After", "2")),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            parse_retry_after(&h("retry-after-ms", "250")),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            parse_retry_after(&h("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT")),
            Some(Duration::ZERO)
        );
        // An RFC 850 date in January of last year: in the past whatever the clock.
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        let rfc850 = format!(
            "Monday, 01-Jan-{:02} 00:00:00 GMT",
            (year_of(now.as_secs()) - 1) % 100
        );
        assert_eq!(
            parse_retry_after(&h("Retry-After", &rfc850)),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(&h("Retry-After", "Thu Jan  1 00:00:00 1970")),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after(&h("Retry-After", "soon")), None);
        assert_eq!(parse_retry_after(&h("X-Other", "1")), None);
    }

    #[test]
    fn huge_retry_after_values_saturate() {
        let h = |k: &str, v: &str| HttpInfo::new(429, vec![(k.into(), v.into())]);
        for (name, value) in [
            ("Retry-After", "18446744073709551616"),
            ("Retry-After", "99999999999999999999999999"),
            ("retry-after-ms", "1e30"),
            ("retry-after-ms", "inf"),
            ("retry-after-ms", "18446744073709551616000"),
        ] {
            assert_eq!(
                parse_retry_after(&h(name, value)),
                Some(Duration::MAX),
                "{name}: {value}"
            );
        }
        assert_eq!(
            parse_retry_after(&h("Retry-After", "18446744073709551615")),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(saturating_secs(1e300), Some(Duration::MAX));
        assert_eq!(saturating_secs(f64::INFINITY), Some(Duration::MAX));
        assert_eq!(saturating_secs(-1.0), None);
        assert_eq!(saturating_secs(f64::NAN), None);
        assert_eq!(saturating_secs(2.5), Some(Duration::from_millis(2500)));
    }

    #[test]
    fn an_unreadable_retry_after_ms_gives_way_to_retry_after() {
        for ms in ["soon", "-5", "NaN", ""] {
            let http = HttpInfo::new(
                429,
                vec![
                    ("retry-after-ms".into(), ms.into()),
                    ("Retry-After".into(), "3".into()),
                ],
            );
            assert_eq!(
                parse_retry_after(&http),
                Some(Duration::from_secs(3)),
                "{ms:?}"
            );
        }
        // A readable one still comes first.
        let http = HttpInfo::new(
            429,
            vec![
                ("retry-after-ms".into(), "1e30".into()),
                ("Retry-After".into(), "3".into()),
            ],
        );
        assert_eq!(parse_retry_after(&http), Some(Duration::MAX));
    }
}

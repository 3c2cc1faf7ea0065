//! Retry policy: which failures are retried, and how long to wait between attempts.

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

/// Reads `retry-after-ms` (milliseconds) or `Retry-After` (delay-seconds or an
/// IMF-fixdate HTTP date).
pub(crate) fn parse_retry_after(http: &HttpInfo) -> Option<Duration> {
    if let Some(ms) = http.header("retry-after-ms") {
        if let Ok(ms) = ms.trim().parse::<f64>() {
            if ms >= 0.0 {
                return Duration::try_from_secs_f64(ms / 1000.0).ok();
            }
        }
    }
    let value = http.header("retry-after")?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = parse_http_date(value)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(when.saturating_sub(now)))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds.
pub(crate) fn parse_http_date(s: &str) -> Option<u64> {
    let mut parts = s.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: u64 = hms.next()?.parse().ok()?;
    let m: u64 = hms.next()?.parse().ok()?;
    let sec: u64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT"
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

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400)
        );
        assert_eq!(parse_http_date("garbage"), None);
        // An IMF-fixdate year has four digits; a longer one would overflow.
        assert_eq!(
            parse_http_date("Sun, 06 Nov 99999999999999999 08:49:37 GMT"),
            None
        );
        assert_eq!(
            parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(253_402_300_799)
        );
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
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
        assert_eq!(parse_retry_after(&h("Retry-After", "soon")), None);
        assert_eq!(parse_retry_after(&h("X-Other", "1")), None);
    }
}

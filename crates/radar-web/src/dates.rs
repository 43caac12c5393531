//! Dates the way people read them. Evidence and assessments write instants
//! in RFC 3339 (`no commit in the 365 days before 2026-08-23T23:59:59Z`),
//! which is right for machines and noise for a reader: pages show the day.

use std::borrow::Cow;

/// `YYYY-MM-DD` of an instant.
pub fn day(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}

/// The text with every RFC 3339 timestamp in it (`2026-08-23T23:59:59Z`,
/// `2021-03-04T12:34:56.5+02:00`) cut to its date (`2026-08-23`); other
/// text, a bare date included, is left alone.
pub fn readable(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i + 16 <= bytes.len() {
        match timestamp_len(&bytes[i..]) {
            // Not inside a longer run of digits (an id, a hash).
            Some(len) if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => {
                let s = out.get_or_insert_with(|| String::with_capacity(text.len()));
                s.push_str(&text[copied..i + 10]);
                copied = i + len;
                i += len;
            }
            _ => i += 1,
        }
    }
    match out {
        Some(mut s) => {
            s.push_str(&text[copied..]);
            Cow::Owned(s)
        }
        None => Cow::Borrowed(text),
    }
}

/// The length of the RFC 3339 timestamp `b` starts with, if it starts with one.
fn timestamp_len(b: &[u8]) -> Option<usize> {
    let digits = |at: usize, n: usize| {
        b.get(at..at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let is = |at: usize, c: u8| b.get(at) == Some(&c);
    // YYYY-MM-DDTHH:MM
    if !(digits(0, 4)
        && is(4, b'-')
        && digits(5, 2)
        && is(7, b'-')
        && digits(8, 2)
        && (is(10, b'T') || is(10, b't'))
        && digits(11, 2)
        && is(13, b':')
        && digits(14, 2))
    {
        return None;
    }
    let mut at = 16;
    if is(at, b':') && digits(at + 1, 2) {
        at += 3;
        if is(at, b'.') && digits(at + 1, 1) {
            at += 1;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
        }
    }
    if is(at, b'Z') || is(at, b'z') {
        return Some(at + 1);
    }
    if (is(at, b'+') || is(at, b'-')) && digits(at + 1, 2) && is(at + 3, b':') && digits(at + 4, 2)
    {
        return Some(at + 6);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_become_days() {
        assert_eq!(
            readable("1607 commits in the 365 days before 2026-08-23T23:59:59Z"),
            "1607 commits in the 365 days before 2026-08-23"
        );
        assert_eq!(
            readable(
                "no commit in the 365 days before 2026-08-23T23:59:59Z; last commit 2021-03-04T12:34:56.250+02:00."
            ),
            "no commit in the 365 days before 2026-08-23; last commit 2021-03-04."
        );
        assert_eq!(readable("at 2025-01-02T03:04Z"), "at 2025-01-02");
        for same in [
            "released 2025-01-02",
            "v2025-01-02T03",
            "x2025-01-02T03:04:05Z",
            "2025-01-02T03:04:05",
            "",
        ] {
            assert!(matches!(readable(same), Cow::Borrowed(_)), "{same}");
        }
        assert_eq!(readable("ü 2025-01-02T03:04:05Z ü"), "ü 2025-01-02 ü");
    }
}

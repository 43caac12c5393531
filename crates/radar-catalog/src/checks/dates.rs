//! Dates a catalog gives (`state.dates`) are calendar dates written
//! `YYYY-MM-DD` — C013. Other tools read them (the assessment's time in a
//! level), so a date that is not one is an error, not a guess.

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (a, p, project) in cx.defined() {
        let Some(state) = &project.state else {
            continue;
        };
        for (milestone, date) in state.dates.iter() {
            if is_date(date) {
                continue;
            }
            let d = Diagnostic::error(
                codes::BAD_DATE,
                format!("`{milestone}: {date}` is not a date"),
            );
            let node = cx
                .project(a, p)
                .and_then(|n| n.get("state"))
                .and_then(|n| n.get("dates"))
                .and_then(|n| n.get(milestone));
            out.push(cx.place(
                d.with_help("write it as YYYY-MM-DD, e.g. `2019-02-28`"),
                node,
            ));
        }
    }
}

/// A calendar date written `YYYY-MM-DD` (leap years included).
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::is_date;
    use crate::checks::diagnostics_for;

    #[test]
    fn dates() {
        for ok in ["2019-02-28", "2024-02-29", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2019-02-30",
            "1900-02-29",
            "2019-2-28",
            "2019-13-01",
            "2019/02/28",
            "２０１９-02-28",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: P\n    state:\n      body: CNCF\n      level: graduated\n      dates: {accepted: '2017-03-29', graduated: 2019-02-30}\n",
        );
        let bad: Vec<_> = d.iter().filter(|d| d.code == "C013").collect();
        assert_eq!(bad.len(), 1, "{d:?}");
        assert_eq!((bad[0].line, bad[0].col), (8, 50));
    }
}

//! Calendar quarters (`2026Q4`), the unit of the TOC's review cycle.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// A calendar quarter: Q1 is January–March.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quarter {
    year: i16,
    /// 1..=4
    q: u8,
}

impl Quarter {
    /// `q` must be 1..=4.
    pub fn new(year: i16, q: u8) -> Option<Quarter> {
        ((1..=4).contains(&q) && Date::new(year, 1, 1).is_ok()).then_some(Quarter { year, q })
    }

    /// The quarter a date falls in.
    pub fn of(date: Date) -> Quarter {
        Quarter {
            year: date.year(),
            q: (date.month() as u8 - 1) / 3 + 1,
        }
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn number(self) -> u8 {
        self.q
    }

    /// First day of the quarter.
    pub fn start(self) -> Date {
        Date::new(self.year, (self.q as i8 - 1) * 3 + 1, 1).expect("quarter start is a valid date")
    }

    /// First day of the next quarter: the quarter is `start() <= d < end()`.
    pub fn end(self) -> Date {
        self.next().start()
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// Why a quarter did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a quarter: write the year and the quarter number, like 2026Q4")]
pub struct QuarterError(pub String);

impl FromStr for Quarter {
    type Err = QuarterError;

    /// Accepts `2026Q4`, `2026-Q4` and `2026q4`.
    fn from_str(s: &str) -> Result<Quarter, QuarterError> {
        let err = || QuarterError(s.to_string());
        let t = s.trim();
        let (year, q) = t.split_once(['Q', 'q']).ok_or_else(err)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        if year.len() != 4 || q.len() != 1 {
            return Err(err());
        }
        let year: i16 = year.parse().map_err(|_| err())?;
        let q: u8 = q.parse().map_err(|_| err())?;
        Quarter::new(year, q).ok_or_else(err)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_and_prints() {
        for text in ["2026Q4", "2026-Q4", "2026q4", " 2026Q4 "] {
            assert_eq!(
                text.parse::<Quarter>().unwrap().to_string(),
                "2026Q4",
                "{text}"
            );
        }
        for bad in [
            "2026Q5", "2026Q0", "26Q1", "2026", "Q4", "2026Q44", "abcdQ1",
        ] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad}");
        }
    }

    #[test]
    fn boundaries() {
        let q: Quarter = "2026Q4".parse().unwrap();
        assert_eq!(q.start(), date(2026, 10, 1));
        assert_eq!(q.end(), date(2027, 1, 1));
        assert_eq!(q.next().to_string(), "2027Q1");
        assert_eq!(q.previous().to_string(), "2026Q3");
        assert_eq!(
            "2026Q1".parse::<Quarter>().unwrap().previous().to_string(),
            "2025Q4"
        );
        assert_eq!(Quarter::of(date(2026, 3, 31)).to_string(), "2026Q1");
        assert_eq!(Quarter::of(date(2026, 4, 1)).to_string(), "2026Q2");
        assert_eq!(Quarter::of(date(2026, 12, 31)).to_string(), "2026Q4");
    }
}

//! The 2/3 supermajority, in exact integer arithmetic.
//!
//! A motion passes when `3 × yes ≥ 2 × base` (and the base is not zero). With
//! integers there is no rounding question: 4 of 6 passes (12 ≥ 12), 3 of 5
//! does not (9 < 10), 2 of 3 passes, 6 of 9 passes, 5 of 8 does not.

use std::fmt;

use serde::Serialize;

/// One member's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Yes,
    No,
    Abstain,
    Absent,
}

impl Vote {
    pub const ALL: [(&'static str, Vote); 4] = [
        ("yes", Vote::Yes),
        ("no", Vote::No),
        ("abstain", Vote::Abstain),
        ("absent", Vote::Absent),
    ];

    /// Parses the spelling used in the file (case-insensitive).
    pub fn parse(text: &str) -> Option<Vote> {
        let t = text.trim();
        Vote::ALL
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t))
            .map(|&(_, v)| v)
    }
}

/// What the 2/3 is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase", tag = "base")]
pub enum Base {
    /// 2/3 of the TOC members seated on the vote's date: abstaining or being
    /// absent counts like voting no. The guidelines' plain reading, the default.
    #[default]
    Seated,
    /// 2/3 of the yes and no votes, provided enough members are present.
    Cast { quorum: Quorum },
}

/// How many members must be present (yes, no or abstain) for a `cast` vote to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quorum {
    /// At least this many members.
    Members(u32),
    /// At least this fraction of the members seated: `present × den ≥ num × seated`.
    Fraction { num: u32, den: u32 },
}

impl Quorum {
    /// `4` or `1/2` (a fraction between 0 and 1).
    pub fn parse(text: &str) -> Option<Quorum> {
        let t = text.trim();
        if let Some((n, d)) = t.split_once('/') {
            let (num, den): (u32, u32) = (n.trim().parse().ok()?, d.trim().parse().ok()?);
            (den > 0 && num > 0 && num <= den).then_some(Quorum::Fraction { num, den })
        } else {
            t.parse().ok().filter(|&n| n > 0).map(Quorum::Members)
        }
    }

    fn met(self, present: u32, seated: u32) -> bool {
        match self {
            Quorum::Members(n) => present >= n,
            Quorum::Fraction { num, den } => {
                u64::from(present) * u64::from(den) >= u64::from(num) * u64::from(seated)
            }
        }
    }
}

impl fmt::Display for Quorum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quorum::Members(n) => write!(f, "{n} present"),
            Quorum::Fraction { num, den } => write!(f, "{num}/{den} of seated present"),
        }
    }
}

/// Votes counted for one ballot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Members seated on the vote's date.
    pub seated: u32,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// Recorded absent, plus seated members with no recorded vote.
    pub absent: u32,
    /// Seated members with no recorded vote (counted as absent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_recorded: Vec<String>,
}

impl Count {
    pub fn add(&mut self, vote: Vote) {
        match vote {
            Vote::Yes => self.yes += 1,
            Vote::No => self.no += 1,
            Vote::Abstain => self.abstain += 1,
            Vote::Absent => self.absent += 1,
        }
    }
}

/// The arithmetic of one ballot, kept so it can be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arithmetic {
    pub count: Count,
    /// `seated` or `cast`.
    pub base_kind: &'static str,
    /// The number the 2/3 is of.
    pub base: u32,
    /// `3 × yes`.
    pub lhs: u64,
    /// `2 × base`.
    pub rhs: u64,
    /// With `cast`: members present, and whether the quorum was met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorum: Option<QuorumCheck>,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuorumCheck {
    pub present: u32,
    pub required: String,
    pub met: bool,
}

/// True when `yes` is at least 2/3 of a non-zero `base`.
pub fn two_thirds(yes: u32, base: u32) -> bool {
    base > 0 && 3 * u64::from(yes) >= 2 * u64::from(base)
}

impl Base {
    /// Applies the rule to a count.
    pub fn evaluate(self, count: Count) -> Arithmetic {
        let (base_kind, base, quorum) = match self {
            Base::Seated => ("seated", count.seated, None),
            Base::Cast { quorum } => {
                let present = count.yes + count.no + count.abstain;
                let check = QuorumCheck {
                    present,
                    required: quorum.to_string(),
                    met: quorum.met(present, count.seated),
                };
                ("cast", count.yes + count.no, Some(check))
            }
        };
        let quorum_met = quorum.as_ref().is_none_or(|q| q.met);
        let passed = quorum_met && two_thirds(count.yes, base);
        Arithmetic {
            lhs: 3 * u64::from(count.yes),
            rhs: 2 * u64::from(base),
            count,
            base_kind,
            base,
            quorum,
            passed,
        }
    }
}

impl fmt::Display for Arithmetic {
    /// `yes 4, no 1, abstain 1, absent 0 of 6 seated: 3×4 = 12 ≥ 2×6 = 12, passes`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.count;
        write!(
            f,
            "yes {}, no {}, abstain {}, absent {} of {} seated",
            c.yes, c.no, c.abstain, c.absent, c.seated
        )?;
        if let Some(q) = &self.quorum {
            write!(f, "; {} present, quorum {}", q.present, q.required)?;
            if !q.met {
                return write!(f, " not met: fails");
            }
        }
        let (cmp, verdict) = if self.passed {
            ("≥", "passes")
        } else {
            ("<", "fails")
        };
        if self.base == 0 {
            let nobody = if self.base_kind == "cast" {
                "no yes or no votes cast"
            } else {
                "no member seated"
            };
            return write!(f, ": {nobody}, fails");
        }
        let what = if self.base_kind == "cast" {
            " cast"
        } else {
            ""
        };
        write!(
            f,
            ": 3×{} = {} {cmp} 2×{}{what} = {}, {verdict}",
            c.yes, self.lhs, self.base, self.rhs
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seated(yes: u32, seated: u32) -> Arithmetic {
        let count = Count {
            seated,
            yes,
            no: seated - yes,
            ..Count::default()
        };
        Base::Seated.evaluate(count)
    }

    #[test]
    fn exact_boundaries() {
        for (yes, of, pass) in [
            (4, 6, true),
            (3, 5, false),
            (2, 3, true),
            (6, 9, true),
            (5, 8, false),
            (1, 2, false),
            (3, 4, true),
            (0, 1, false),
            (5, 7, true),
            (4, 7, false),
        ] {
            assert_eq!(two_thirds(yes, of), pass, "{yes} of {of}");
            assert_eq!(seated(yes, of).passed, pass, "{yes} of {of}");
        }
        assert!(!two_thirds(0, 0), "an empty base never passes");
    }

    #[test]
    fn explains() {
        assert_eq!(
            seated(4, 6).to_string(),
            "yes 4, no 2, abstain 0, absent 0 of 6 seated: 3×4 = 12 ≥ 2×6 = 12, passes"
        );
        assert_eq!(
            seated(3, 5).to_string(),
            "yes 3, no 2, abstain 0, absent 0 of 5 seated: 3×3 = 9 < 2×5 = 10, fails"
        );
    }

    #[test]
    fn cast_base_counts_yes_and_no_only_with_quorum() {
        let count = Count {
            seated: 7,
            yes: 2,
            no: 1,
            abstain: 1,
            absent: 3,
            not_recorded: vec![],
        };
        let rule = Base::Cast {
            quorum: Quorum::Members(4),
        };
        let a = rule.evaluate(count.clone());
        assert!(a.passed, "2 of 3 cast with 4 present: {a}");
        assert_eq!(a.base, 3);
        let strict = Base::Cast {
            quorum: Quorum::Members(5),
        }
        .evaluate(count.clone());
        assert!(!strict.passed, "{strict}");
        assert!(
            strict.to_string().contains("quorum 5 present not met"),
            "{strict}"
        );
        // 4 present of 7 seated: 4×2 = 8 ≥ 1×7, a majority-of-half quorum is met; 4×3 = 12 < 2×7 is not.
        assert!(
            Base::Cast {
                quorum: Quorum::Fraction { num: 1, den: 2 }
            }
            .evaluate(count.clone())
            .passed
        );
        assert!(
            !Base::Cast {
                quorum: Quorum::Fraction { num: 2, den: 3 }
            }
            .evaluate(count.clone())
            .passed
        );
        // The same count under the default rule: 2 of 7 seated fails.
        let seated = Base::Seated.evaluate(count);
        assert!(!seated.passed);
    }

    #[test]
    fn all_abstain_under_cast_fails() {
        let count = Count {
            seated: 3,
            abstain: 3,
            ..Count::default()
        };
        let a = Base::Cast {
            quorum: Quorum::Members(1),
        }
        .evaluate(count);
        assert!(!a.passed);
        assert!(
            a.to_string().ends_with("no yes or no votes cast, fails"),
            "{a}"
        );
    }

    #[test]
    fn parses_votes_and_quorums() {
        assert_eq!(Vote::parse("Yes"), Some(Vote::Yes));
        assert_eq!(Vote::parse("absent"), Some(Vote::Absent));
        assert_eq!(Vote::parse("true"), None);
        assert_eq!(Quorum::parse("4"), Some(Quorum::Members(4)));
        assert_eq!(
            Quorum::parse("1/2"),
            Some(Quorum::Fraction { num: 1, den: 2 })
        );
        assert_eq!(Quorum::parse("3/2"), None);
        assert_eq!(Quorum::parse("0"), None);
    }
}

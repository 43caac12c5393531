//! Problems found in governance records: a stable code, the position in the
//! file, and what to do. They become the catalog's [`Diagnostic`]s (same
//! codes style, same renderers) once the source text is at hand.

use std::fmt;

use radar_catalog::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use radar_catalog::yaml::Located;

/// The stable codes of governance diagnostics (`G0xx`), documented in
/// `docs/governance.md`. Never reuse or renumber a code: scripts match on them.
pub mod codes {
    use radar_catalog::diagnostic::Code;

    /// Retired: the file is not valid YAML, or a key or nesting the format does
    /// not define. Such problems now carry the catalog's structural codes
    /// (`C001`–`C008`, [`radar_catalog::codes`]), all reported at once; this
    /// code is no longer emitted and is kept so it is never reused.
    pub const SYNTAX: Code = Code {
        id: "G001",
        name: "governance-syntax",
    };
    /// A date that is not `YYYY-MM-DD`.
    pub const BAD_DATE: Code = Code {
        id: "G002",
        name: "bad-date",
    };
    /// A quarter that is not `2026Q4`.
    pub const BAD_QUARTER: Code = Code {
        id: "G003",
        name: "bad-quarter",
    };
    /// A level other than sandbox, incubating, graduated.
    pub const BAD_LEVEL: Code = Code {
        id: "G004",
        name: "bad-level",
    };
    /// A vote other than yes, no, abstain, absent.
    pub const BAD_VOTE: Code = Code {
        id: "G005",
        name: "bad-vote",
    };
    /// A `supermajority:` setting that cannot be used.
    pub const BAD_SUPERMAJORITY: Code = Code {
        id: "G006",
        name: "bad-supermajority",
    };
    /// A proposal origin other than internal, external.
    pub const BAD_ORIGIN: Code = Code {
        id: "G007",
        name: "bad-origin",
    };
    /// A motion other than admit, graduate, archive, donate.
    pub const BAD_MOTION: Code = Code {
        id: "G008",
        name: "bad-motion",
    };
    /// A term that ends before it starts, or two overlapping terms of one member.
    pub const BAD_TERM: Code = Code {
        id: "G010",
        name: "bad-term",
    };
    /// A vote by someone not on the roster.
    pub const UNKNOWN_MEMBER: Code = Code {
        id: "G011",
        name: "unknown-member",
    };
    /// A vote by a member not seated on the vote's date.
    pub const NOT_SEATED: Code = Code {
        id: "G012",
        name: "not-seated",
    };
    /// A vote on a date when no member is seated.
    pub const NOBODY_SEATED: Code = Code {
        id: "G013",
        name: "nobody-seated",
    };
    /// An external proposal without a preferred level.
    pub const PROPOSAL_NEEDS_LEVEL: Code = Code {
        id: "G020",
        name: "proposal-needs-level",
    };
    /// An internal proposal or admission above sandbox.
    pub const INTERNAL_NOT_SANDBOX: Code = Code {
        id: "G021",
        name: "internal-not-sandbox",
    };
    /// A proposal for a project already proposed or admitted.
    pub const ALREADY_PROPOSED: Code = Code {
        id: "G022",
        name: "already-proposed",
    };
    /// A project id the catalog does not have.
    pub const UNKNOWN_PROJECT: Code = Code {
        id: "G023",
        name: "unknown-project",
    };
    /// A graduation, archive or donation vote on a project never admitted.
    pub const NOT_ADMITTED: Code = Code {
        id: "G030",
        name: "not-admitted",
    };
    /// Two motions for one project at one review.
    pub const DUPLICATE_MOTION: Code = Code {
        id: "G031",
        name: "duplicate-motion",
    };
    /// A graduation that skips a level.
    pub const SKIPS_LEVEL: Code = Code {
        id: "G032",
        name: "skips-level",
    };
    /// A graduation to the current or a lower level, or above graduated.
    pub const NOT_A_GRADUATION: Code = Code {
        id: "G033",
        name: "not-a-graduation",
    };
    /// An admission vote without a pending proposal.
    pub const NO_PROPOSAL: Code = Code {
        id: "G034",
        name: "no-proposal",
    };
    /// An admission vote on a project already admitted (or twice in the baseline).
    pub const ALREADY_ADMITTED: Code = Code {
        id: "G035",
        name: "already-admitted",
    };
    /// An admission cascade not starting at the preferred level or not descending one level at a time.
    pub const CASCADE_ORDER: Code = Code {
        id: "G036",
        name: "cascade-order",
    };
    /// A cascade vote recorded after a level already passed.
    pub const VOTES_AFTER_PASS: Code = Code {
        id: "G037",
        name: "votes-after-pass",
    };
    /// A cascade that stops above sandbox without a passing level.
    pub const CASCADE_INCOMPLETE: Code = Code {
        id: "G038",
        name: "cascade-incomplete",
    };
    /// A rejected admission without the TOC's opinion.
    pub const REJECTION_WITHOUT_OPINION: Code = Code {
        id: "G039",
        name: "rejection-without-opinion",
    };
    /// A donation that names no foundation.
    pub const DONATION_WITHOUT_FOUNDATION: Code = Code {
        id: "G040",
        name: "donation-without-foundation",
    };
    /// A donation without evidence of the foundation's interest.
    pub const DONATION_WITHOUT_INTEREST: Code = Code {
        id: "G041",
        name: "donation-without-interest",
    };
    /// A motion with fields that do not belong to it, or without votes.
    pub const MOTION_SHAPE: Code = Code {
        id: "G042",
        name: "motion-shape",
    };
    /// A vote or proposal on a project archived or donated.
    pub const CLOSED: Code = Code {
        id: "G043",
        name: "closed",
    };
    /// An admission vote held before the project's proposal.
    pub const ADMISSION_BEFORE_PROPOSAL: Code = Code {
        id: "G044",
        name: "admission-before-proposal",
    };
    /// A review of a quarter that had not started on the meeting's date.
    pub const QUARTER_AFTER_DATE: Code = Code {
        id: "G045",
        name: "quarter-after-date",
    };
    /// (warning) A review of a project that is neither proposed nor admitted.
    pub const REVIEW_BEFORE_ADMISSION: Code = Code {
        id: "G046",
        name: "review-before-admission",
    };
    /// A catalog level that contradicts the level the records decided (reported in the catalog).
    pub const CATALOG_CONTRADICTS: Code = Code {
        id: "G050",
        name: "catalog-contradicts-decision",
    };
    /// The governance file named by the catalog cannot be read.
    pub const UNREADABLE: Code = Code {
        id: "G051",
        name: "governance-unreadable",
    };

    /// Every code, for documentation and uniqueness tests.
    pub const ALL: &[Code] = &[
        SYNTAX,
        BAD_DATE,
        BAD_QUARTER,
        BAD_LEVEL,
        BAD_VOTE,
        BAD_SUPERMAJORITY,
        BAD_ORIGIN,
        BAD_MOTION,
        BAD_TERM,
        UNKNOWN_MEMBER,
        NOT_SEATED,
        NOBODY_SEATED,
        PROPOSAL_NEEDS_LEVEL,
        INTERNAL_NOT_SANDBOX,
        ALREADY_PROPOSED,
        UNKNOWN_PROJECT,
        NOT_ADMITTED,
        DUPLICATE_MOTION,
        SKIPS_LEVEL,
        NOT_A_GRADUATION,
        NO_PROPOSAL,
        ALREADY_ADMITTED,
        CASCADE_ORDER,
        VOTES_AFTER_PASS,
        CASCADE_INCOMPLETE,
        REJECTION_WITHOUT_OPINION,
        DONATION_WITHOUT_FOUNDATION,
        DONATION_WITHOUT_INTEREST,
        MOTION_SHAPE,
        CLOSED,
        ADMISSION_BEFORE_PROPOSAL,
        QUARTER_AFTER_DATE,
        REVIEW_BEFORE_ADMISSION,
        CATALOG_CONTRADICTS,
        UNREADABLE,
    ];
}

/// A 1-based line and character column in the governance file (0:0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    /// Length of the marked text in characters.
    pub len: u32,
}

impl Pos {
    /// Where a value of the records was written.
    pub fn of<T>(located: &Located<T>) -> Pos {
        let at = located.place;
        Pos {
            line: at.line as u32,
            column: at.col as u32,
            len: at.len as u32,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

impl serde::Serialize for Pos {
    /// `"12:7"`, as the text output shows it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One problem in the records, placed by line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub code: Code,
    pub pos: Pos,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Another place the problem involves (the first of two motions, …).
    pub related: Option<(Pos, String)>,
}

impl Problem {
    pub fn error(code: Code, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            code,
            pos,
            message: message.into(),
            help: None,
            related: None,
        }
    }

    pub fn warning(code: Code, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(code, pos, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as a catalog-style diagnostic, with its source line.
    pub fn to_diagnostic(&self, source: &SourceFile) -> Diagnostic {
        let d = Diagnostic::new(self.code, self.severity, self.message.clone());
        let mut d = if self.pos.line == 0 {
            d.in_file(source.name.clone())
        } else {
            d.at_line_col(
                source,
                self.pos.line as usize,
                self.pos.column as usize,
                self.pos.len.max(1) as usize,
            )
        };
        // The diagnostic has one place; the related one goes into the help.
        let related = self
            .related
            .as_ref()
            .map(|(pos, label)| format!("{label}: {}:{pos}", source.name));
        d.help = match (&self.help, related) {
            (Some(h), Some(r)) => Some(format!("{h}; {r}")),
            (Some(h), None) => Some(h.clone()),
            (None, r) => r,
        };
        d
    }
}

impl fmt::Display for Problem {
    /// `12:7: error[G012]: …` — the file name is added by whoever prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}[{}]: {}", self.pos, self.code.id, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// Converts problems to diagnostics for one source file, in file order.
pub fn diagnostics(problems: &[Problem], source: &SourceFile) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = problems.iter().map(|p| p.to_diagnostic(source)).collect();
    radar_catalog::diagnostic::sort(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_named() {
        use std::collections::HashSet;
        let distinct: HashSet<_> = codes::ALL.iter().map(|c| c.id).collect();
        let names: HashSet<_> = codes::ALL.iter().map(|c| c.name).collect();
        assert_eq!(distinct.len(), codes::ALL.len());
        assert_eq!(names.len(), codes::ALL.len());
        assert!(
            codes::ALL
                .iter()
                .all(|c| c.id.starts_with('G') && c.id.len() == 4)
        );
    }

    #[test]
    fn becomes_a_placed_diagnostic() {
        let source = SourceFile::new("gov.yaml", "toc: []\nreviews:\n  - {project: p}\n");
        let p = Problem::error(
            codes::NOT_SEATED,
            Pos {
                line: 3,
                column: 16,
                len: 1,
            },
            "x is not seated",
        )
        .help("check the term");
        let p = Problem {
            related: Some((
                Pos {
                    line: 1,
                    column: 1,
                    len: 1,
                },
                "the term".into(),
            )),
            ..p
        };
        let d = p.to_diagnostic(&source);
        assert_eq!(
            (d.file.as_str(), d.line, d.col, d.code),
            ("gov.yaml", 3, 16, "G012")
        );
        assert_eq!(d.snippet.as_deref(), Some("  - {project: p}"));
        assert_eq!(
            d.help.as_deref(),
            Some("check the term; the term: gov.yaml:1:1")
        );
    }
}

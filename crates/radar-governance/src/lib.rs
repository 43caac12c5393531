//! Radar's governance: proposals, quarterly reviews and supermajority votes.
//!
//! The graduation guidelines' process ("Process" and "Donation") as data: a
//! YAML file holds the TOC roster, the proposals and the minutes of each
//! review; [`tally`] replays them and computes every motion's arithmetic and
//! outcome, each project's decided level, and every problem in the records.
//! The file format and the rules are described in `docs/governance.md`.
#![forbid(unsafe_code)]

pub mod due;
pub mod engine;
pub mod markdown;
pub mod model;
pub mod packet;
pub mod problem;
pub mod quarter;
pub mod records;
pub mod render;
pub mod supermajority;

pub use engine::{
    Ballot, DecidedBy, Decision, Entry, MotionKind, Origin, Outcome, Standing, Tally, Term, tally,
};
pub use model::GovernanceFile;
pub use problem::{Pos, Problem, codes, diagnostics};
pub use quarter::Quarter;
pub use records::{Records, check_catalog, check_invalid_catalog};
pub use supermajority::{Arithmetic, Base, Count, Quorum, Vote};

use radar_catalog::diagnostic::{Diagnostic, SourceFile};

/// How diagnostics name the whole file (`expected a mapping for the governance records`).
pub const ROOT: &str = "the governance records";

/// The name [`parse`] and [`read`] give the text in diagnostics.
pub const TEXT_NAME: &str = "<governance>";

/// Reads a governance file the way the catalog is read: every structural
/// problem at once — YAML syntax, unknown keys at any depth (with "did you
/// mean"), wrong kinds of value, missing fields, duplicate keys — each placed
/// and with the catalog's codes (`C001`–`C008`), and the records with whatever
/// could not be read left out (a review without a date, a vote that is a
/// list), so that [`tally`] still checks the rest. The records are `None` only
/// when the text is not YAML or its top level is not a mapping.
pub fn load(source: &SourceFile) -> (Option<GovernanceFile>, Vec<Diagnostic>) {
    radar_catalog::yaml::load_located(source, ROOT)
}

/// Reads governance records text strictly: the records when their structure
/// has no error, else every structural problem (the file named [`TEXT_NAME`]).
pub fn parse(text: &str) -> Result<GovernanceFile, Vec<Diagnostic>> {
    match load(&SourceFile::new(TEXT_NAME, text)) {
        (Some(file), d) if !d.iter().any(Diagnostic::is_error) => Ok(file),
        (_, d) => Err(d),
    }
}

/// Parses ([`parse`]) and tallies a governance file's text: the tally (whose
/// `problems` are the rule problems), or every structural problem.
pub fn read(
    text: &str,
    known_projects: Option<&std::collections::BTreeSet<String>>,
) -> Result<Tally, Vec<Diagnostic>> {
    parse(text).map(|file| tally(&file, known_projects))
}

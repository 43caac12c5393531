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

pub use engine::{Ballot, DecidedBy, Decision, Entry, MotionKind, Origin, Outcome, Standing, Tally, Term, tally};
pub use model::GovernanceFile;
pub use problem::{Pos, Problem, codes, diagnostics};
pub use quarter::Quarter;
pub use records::{Records, check_catalog};
pub use supermajority::{Arithmetic, Base, Count, Quorum, Vote};

use serde_saphyr::MessageFormatter;

/// Reads a governance file. A YAML or structure error (unknown field, wrong
/// nesting) stops reading and is returned as one [`Problem`] (`G001`); every
/// other problem is found by [`tally`], all at once.
pub fn parse(text: &str) -> Result<GovernanceFile, Box<Problem>> {
    serde_saphyr::from_str(text).map_err(|err| {
        let plain = err.without_snippet();
        let pos = plain
            .location()
            .map(|loc| Pos { line: loc.line() as u32, column: loc.column() as u32, len: loc.span().len() as u32 })
            .unwrap_or_default();
        let message = serde_saphyr::DefaultMessageFormatter.format_message(plain).into_owned();
        // Control characters from the input must not reach a terminal.
        let message = message.escape_debug().to_string();
        Box::new(Problem::error(codes::SYNTAX, pos, message).help("see docs/governance.md for the file format"))
    })
}

/// Parses and tallies a governance file's text: the tally, or the one
/// structural problem that stopped reading it.
pub fn read(text: &str, known_projects: Option<&std::collections::BTreeSet<String>>) -> Result<Tally, Box<Problem>> {
    parse(text).map(|file| tally(&file, known_projects))
}

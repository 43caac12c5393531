//! The rules engine: replays the records in date order and computes every
//! motion's arithmetic and outcome, each project's decided level, and every
//! problem in the records.
//!
//! The rules (graduation guidelines, "Process" and "Donation"):
//! - an internal project enters at sandbox; an external one is voted at its
//!   preferred level, then at each lower level in turn until one reaches the
//!   supermajority; if even sandbox fails it is rejected, with the TOC's opinion;
//! - graduating to the next level, archiving and donating each need 2/3;
//!   donating also needs evidence of the receiving foundation's interest.
//!
//! A motion with a procedural error (a graduation that skips a level, a
//! cascade voted out of order, a donation without evidence of interest, …) is
//! listed as invalid and changes nothing. A vote by someone not seated is
//! reported and left out of the count; the rest of the ballot still counts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use radar_catalog::Level;
use radar_catalog::yaml::Located;
use serde::Serialize;

use crate::model::{GovernanceFile, Item, Pairs, Proposal, Review, Text};
use radar_catalog::level::did_you_mean;

use crate::problem::{Pos, Problem, codes};
use crate::quarter::Quarter;
use crate::supermajority::{Arithmetic, Base, Count, Quorum, Vote};

/// The levels the TOC admits to and graduates through, lowest first.
pub const LADDER: [Level; 3] = [Level::Sandbox, Level::Incubating, Level::Graduated];

/// The level above `level` on the ladder.
pub fn next_level(level: Level) -> Option<Level> {
    let i = LADDER.iter().position(|&l| l == level)?;
    LADDER.get(i + 1).copied()
}

/// The level below `level` on the ladder.
pub fn previous_level(level: Level) -> Option<Level> {
    let i = LADDER.iter().position(|&l| l == level)?;
    i.checked_sub(1).map(|i| LADDER[i])
}

/// Reads a ladder level; `incubation` and `graduation` (the guidelines' stage
/// names) are accepted too.
fn parse_level(text: &str) -> Option<Level> {
    Level::parse(text).filter(|l| LADDER.contains(l))
}

/// One term of one TOC member. Seated from `from` (inclusive) until `until`
/// (exclusive): a member whose term runs until 2026-07-01 votes on 2026-06-30
/// but not on 2026-07-01.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub member: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub from: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl Term {
    pub fn seated_on(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|until| date < until)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MotionKind {
    Admit,
    Graduate,
    Archive,
    Donate,
}

impl MotionKind {
    const ALL: [(&'static str, MotionKind); 4] = [
        ("admit", MotionKind::Admit),
        ("graduate", MotionKind::Graduate),
        ("archive", MotionKind::Archive),
        ("donate", MotionKind::Donate),
    ];

    pub fn name(self) -> &'static str {
        MotionKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Internal,
    External,
}

/// One vote of a motion; an admission cascade has one per level tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ballot {
    /// The level voted on (admission and graduation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    pub arithmetic: Arithmetic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Reviewed without a motion.
    Reviewed,
    Passed,
    Failed,
    /// An admission in which no level, down to sandbox, reached 2/3.
    Rejected,
    /// The motion breaks a rule of the process and changes nothing.
    Invalid,
}

/// One project at one review: the motion, its ballots and outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub project: String,
    pub date: Date,
    pub quarter: Quarter,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motion: Option<MotionKind>,
    /// Admission: the level admitted at. Graduation: the level graduated to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foundation: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ballots: Vec<Ballot>,
    pub outcome: Outcome,
    /// The outcome in words: "admitted at sandbox after incubating failed".
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interest: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    /// Where the entry is in the governance file.
    pub pos: Pos,
}

/// Where a project stands according to the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "status")]
pub enum Standing {
    /// Proposed; no admission decided yet.
    Proposed {
        origin: Origin,
        level: Option<Level>,
    },
    /// Admitted, at this level.
    Admitted {
        level: Level,
    },
    /// Its admission was rejected.
    Rejected,
    Archived {
        level: Level,
    },
    Donated {
        level: Level,
        foundation: String,
    },
}

/// What decided a project's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "index")]
pub enum DecidedBy {
    /// The `baseline:` section.
    Baseline,
    /// `proposals[i]` (in file order).
    Proposal(usize),
    /// `Tally::entries[i]`.
    Entry(usize),
}

/// A project's standing and what decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub standing: Standing,
    pub since: Date,
    pub by: DecidedBy,
}

impl Decision {
    /// The catalog level the records call for: `proposed`, a ladder level or
    /// `archived`; a donated project keeps the level it had. None when rejected.
    pub fn level(&self) -> Option<Level> {
        match &self.standing {
            Standing::Proposed { .. } => Some(Level::Proposed),
            Standing::Admitted { level } | Standing::Donated { level, .. } => Some(*level),
            Standing::Archived { .. } => Some(Level::Archived),
            Standing::Rejected => None,
        }
    }

    /// Whether the project is in the TOC's care (and so due for quarterly review).
    pub fn is_live(&self) -> bool {
        matches!(
            self.standing,
            Standing::Proposed { .. } | Standing::Admitted { .. }
        )
    }

    /// "incubating", "archived (was sandbox)", "donated to CNCF (at graduated)".
    pub fn describe(&self) -> String {
        match &self.standing {
            Standing::Proposed {
                origin: Origin::Internal,
                ..
            } => "proposed (internal)".into(),
            Standing::Proposed { level: Some(l), .. } => {
                format!("proposed (external, at {})", l.as_str())
            }
            Standing::Proposed { .. } => "proposed".into(),
            Standing::Admitted { level } => level.as_str().into(),
            Standing::Rejected => "rejected".into(),
            Standing::Archived { level } => format!("archived (was {})", level.as_str()),
            Standing::Donated { level, foundation } => {
                format!("donated to {foundation} (at {})", level.as_str())
            }
        }
    }
}

/// Everything the records say, computed.
#[derive(Debug, Clone, Serialize)]
pub struct Tally {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The governing body whose levels the TOC decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(flatten)]
    pub base: Base,
    pub roster: Vec<Term>,
    /// Every project of every review, in date order.
    pub entries: Vec<Entry>,
    /// Project id → standing.
    pub decisions: BTreeMap<String, Decision>,
    /// Problems, in file order (shown as diagnostics, not in the JSON tally).
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

impl Tally {
    /// No records at all.
    pub fn empty() -> Tally {
        Tally {
            title: None,
            body: None,
            base: Base::Seated,
            roster: Vec::new(),
            entries: Vec::new(),
            decisions: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// Project id → decided standing (for badges and `radar check`).
    pub fn decided_levels(&self) -> &BTreeMap<String, Decision> {
        &self.decisions
    }

    /// A project's review history, oldest first.
    pub fn history<'a>(&'a self, project: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.project == project)
    }

    /// The entry that decided a project's standing, if a review did.
    pub fn deciding_entry(&self, project: &str) -> Option<&Entry> {
        match self.decisions.get(project)?.by {
            DecidedBy::Entry(i) => self.entries.get(i),
            _ => None,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// Members seated on a date.
    pub fn seated_on(&self, date: Date) -> impl Iterator<Item = &Term> {
        self.roster.iter().filter(move |t| t.seated_on(date))
    }
}

/// Computes the tally of a governance file. `known_projects`, when given, is
/// the catalog's project ids: records about any other id are errors.
pub fn tally(file: &GovernanceFile, known_projects: Option<&BTreeSet<String>>) -> Tally {
    tally_until(file, known_projects, None)
}

/// [`tally`] as the records stood at the end of `until` (inclusive): later
/// proposals and reviews are left out, so decisions are those in force then.
pub fn tally_until(
    file: &GovernanceFile,
    known_projects: Option<&BTreeSet<String>>,
    until: Option<Date>,
) -> Tally {
    let mut e = Engine {
        problems: Vec::new(),
        roster: Vec::new(),
        base: Base::Seated,
        known: known_projects,
        state: HashMap::new(),
        decisions: BTreeMap::new(),
        entries: Vec::new(),
        proposal_dates: HashMap::new(),
    };
    e.read_supermajority(file);
    e.read_roster(file);

    // Replay in date order: the baseline, then proposals and reviews; on one
    // day a proposal comes before the meeting that may vote on it.
    let mut events: Vec<(Date, u8, usize)> = Vec::new();
    if let Some(date) = file.baseline.as_ref().and_then(|b| e.date(&b.date)) {
        events.push((date, 0, 0));
    }
    let proposal_dates: Vec<Option<Date>> =
        file.proposals.iter().map(|p| e.date(&p.date)).collect();
    for (i, (p, d)) in file.proposals.iter().zip(&proposal_dates).enumerate() {
        if let Some(d) = *d {
            events.push((d, 1, i));
            e.proposal_dates
                .entry(p.project.value.clone())
                .or_default()
                .push(d);
        }
    }
    for (i, r) in file.reviews.iter().enumerate() {
        if let Some(d) = e.date(&r.date) {
            events.push((d, 2, i));
        }
    }
    events.retain(|(date, _, _)| until.is_none_or(|u| *date <= u));
    events.sort();
    for (date, kind, i) in events {
        match kind {
            0 => e.baseline(file, date),
            1 => e.proposal(i, &file.proposals[i], date),
            _ => e.review(&file.reviews[i], date),
        }
    }

    let mut problems = e.problems;
    problems.sort_by_key(|p| p.pos);
    Tally {
        title: file.title.clone(),
        body: file.body.as_ref().map(|b| b.value.clone()),
        base: e.base,
        roster: e.roster,
        entries: e.entries,
        decisions: e.decisions,
        problems,
    }
}

/// A project's standing while replaying, with where the pending proposal is.
struct State {
    decision: Decision,
    /// The pending proposal: origin, preferred level, position.
    proposal: Option<(Origin, Option<Level>, Pos)>,
}

struct Engine<'a> {
    problems: Vec<Problem>,
    roster: Vec<Term>,
    base: Base,
    known: Option<&'a BTreeSet<String>>,
    state: HashMap<String, State>,
    decisions: BTreeMap<String, Decision>,
    entries: Vec<Entry>,
    /// Every proposal date per project, to tell "admitted before its proposal" from "never proposed".
    proposal_dates: HashMap<String, Vec<Date>>,
}

impl Engine<'_> {
    fn error(
        &mut self,
        code: radar_catalog::Code,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Problem {
        self.problems.push(Problem::error(code, pos, message));
        self.problems.last_mut().expect("just pushed")
    }

    fn date(&mut self, text: &Text) -> Option<Date> {
        let t = text.value.trim();
        // jiff also reads datetimes; the records hold plain dates.
        let parsed = if t.len() == 10 {
            t.parse::<Date>().ok()
        } else {
            None
        };
        if parsed.is_none() {
            self.error(
                codes::BAD_DATE,
                Pos::of(text),
                format!("`{t}` is not a date"),
            )
            .help = Some("write dates as YYYY-MM-DD".into());
        }
        parsed
    }

    fn level(&mut self, text: &Text) -> Option<Level> {
        let parsed = parse_level(&text.value);
        if parsed.is_none() {
            let names = LADDER.map(Level::as_str);
            let p = self.error(
                codes::BAD_LEVEL,
                Pos::of(text),
                format!("`{}` is not a level the TOC votes on", text.value.trim()),
            );
            p.help = Some(match did_you_mean(&text.value, names) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of {}", names.join(", ")),
            });
        }
        parsed
    }

    fn check_known(&mut self, project: &Text) {
        let Some(known) = self.known else { return };
        if !known.contains(&project.value) {
            let hint = did_you_mean(&project.value, known.iter().map(String::as_str));
            let p = self.error(
                codes::UNKNOWN_PROJECT,
                Pos::of(project),
                format!("no project `{}` in the catalog", project.value),
            );
            p.help = Some(match hint {
                Some(m) => format!("did you mean `{m}`?"),
                None => {
                    "use the project's id as the catalog has it (`radar list` shows ids)".into()
                }
            });
        }
    }

    fn read_supermajority(&mut self, file: &GovernanceFile) {
        let Some(cfg) = &file.supermajority else {
            return;
        };
        let base = cfg.value.base.value.trim().to_ascii_lowercase();
        match (base.as_str(), &cfg.value.quorum) {
            ("seated", None) => self.base = Base::Seated,
            ("seated", Some(q)) => {
                self.error(codes::BAD_SUPERMAJORITY, Pos::of(q), "a quorum applies only to `base: cast`").help =
                    Some("with `base: seated` every seated member counts, present or not; remove `quorum`".into());
            }
            ("cast", Some(q)) => match Quorum::parse(&q.value) {
                Some(quorum) => self.base = Base::Cast { quorum },
                None => {
                    self.error(codes::BAD_SUPERMAJORITY, Pos::of(q), format!("`{}` is not a quorum", q.value)).help =
                        Some("write a number of members (`4`) or a fraction of the seated members (`\"1/2\"`)".into());
                }
            },
            ("cast", None) => {
                self.error(codes::BAD_SUPERMAJORITY, Pos::of(&cfg.value.base), "`base: cast` needs a quorum").help =
                    Some("add `quorum: 4` (members present) or `quorum: \"1/2\"` (of the members seated)".into());
            }
            _ => {
                self.error(codes::BAD_SUPERMAJORITY, Pos::of(&cfg.value.base), format!("`{base}` is not a supermajority base")).help =
                    Some("use `seated` (2/3 of the members seated, the default) or `cast` (2/3 of yes + no, with a quorum)".into());
            }
        }
    }

    fn read_roster(&mut self, file: &GovernanceFile) {
        let mut spans: Vec<Pos> = Vec::new();
        for m in &file.toc {
            let from = self.date(&m.from);
            let until = m.until.as_ref().map(|u| (self.date(u), Pos::of(u)));
            let (Some(from), until) = (from, until) else {
                continue;
            };
            let until = match until {
                None => None,
                Some((None, _)) => continue,
                Some((Some(u), pos)) => {
                    if u <= from {
                        self.error(
                            codes::BAD_TERM,
                            pos,
                            format!(
                                "{}'s term ends on {u}, not after it starts on {from}",
                                m.id.value
                            ),
                        )
                        .help =
                            Some("`until` is the first day the member is no longer seated".into());
                        continue;
                    }
                    Some(u)
                }
            };
            let term = Term {
                member: m.id.value.trim().to_string(),
                name: m.name.clone(),
                from,
                until,
            };
            let overlapping = self
                .roster
                .iter()
                .zip(&spans)
                .find(|(t, _)| {
                    t.member == term.member
                        && t.from < until.unwrap_or(Date::MAX)
                        && from < t.until.unwrap_or(Date::MAX)
                })
                .map(|(_, pos)| *pos);
            if let Some(other) = overlapping {
                self.error(
                    codes::BAD_TERM,
                    Pos::of(&m.id),
                    format!("two terms of {} overlap", term.member),
                )
                .related = Some((other, "the other term".into()));
                continue;
            }
            self.roster.push(term);
            spans.push(Pos::of(&m.id));
        }
    }

    fn set(
        &mut self,
        project: &str,
        decision: Decision,
        proposal: Option<(Origin, Option<Level>, Pos)>,
    ) {
        self.decisions.insert(project.to_string(), decision.clone());
        self.state
            .insert(project.to_string(), State { decision, proposal });
    }

    fn baseline(&mut self, file: &GovernanceFile, date: Date) {
        let Some(baseline) = &file.baseline else {
            return;
        };
        for (project, level) in &baseline.levels.value.0 {
            self.check_known(project);
            let Some(level) = self.level(level) else {
                continue;
            };
            if self.state.contains_key(&project.value) {
                self.error(
                    codes::ALREADY_ADMITTED,
                    Pos::of(project),
                    format!("{} is listed twice in the baseline", project.value),
                );
                continue;
            }
            let decision = Decision {
                standing: Standing::Admitted { level },
                since: date,
                by: DecidedBy::Baseline,
            };
            self.set(&project.value, decision, None);
        }
    }

    fn proposal(&mut self, index: usize, p: &Proposal, date: Date) {
        self.check_known(&p.project);
        let origin = match p.origin.value.trim().to_ascii_lowercase().as_str() {
            "internal" => Some(Origin::Internal),
            "external" => Some(Origin::External),
            other => {
                let hint = did_you_mean(other, ["internal", "external"]);
                let help = hint.map_or(
                    "use `internal` (originates in the group) or `external`".into(),
                    |m| format!("did you mean `{m}`?"),
                );
                self.error(
                    codes::BAD_ORIGIN,
                    Pos::of(&p.origin),
                    format!("`{}` is not an origin", p.origin.value),
                )
                .help = Some(help);
                None
            }
        };
        let level = p
            .level
            .as_ref()
            .and_then(|l| self.level(l).map(|v| (v, Pos::of(l))));
        match (origin, level) {
            (Some(Origin::External), None) if p.level.is_none() => {
                self.error(codes::PROPOSAL_NEEDS_LEVEL, Pos::of(&p.origin), format!("the external proposal of {} names no preferred level", p.project.value))
                    .help = Some("add `level:` (sandbox, incubating or graduated): the first vote is at that level".into());
            }
            (Some(Origin::Internal), Some((l, pos))) if l != Level::Sandbox => {
                self.error(codes::INTERNAL_NOT_SANDBOX, pos, format!("an internal project enters at sandbox, not {}", l.as_str())).help =
                    Some("remove `level:`, or make the origin `external` if the project comes from outside the group".into());
            }
            _ => {}
        }
        let Some(origin) = origin else { return };
        let level = match origin {
            Origin::Internal => Some(Level::Sandbox),
            Origin::External => level.map(|(l, _)| l),
        };
        let pos = Pos::of(&p.project);
        if let Some(state) = self.state.get(&p.project.value) {
            let (since, describe) = (state.decision.since, state.decision.describe());
            match &state.decision.standing {
                Standing::Proposed { .. } | Standing::Admitted { .. } => {
                    let earlier = state.proposal.map(|(_, _, pos)| pos);
                    let p = self.error(
                        codes::ALREADY_PROPOSED,
                        pos,
                        format!("{} is already {describe} (since {since})", p.project.value),
                    );
                    p.help =
                        Some("a project is proposed once; record the decision at a review".into());
                    p.related = earlier.map(|e| (e, "the earlier proposal".into()));
                    return;
                }
                Standing::Donated { .. } => {
                    self.error(
                        codes::CLOSED,
                        pos,
                        format!("{} was {describe} on {since}", p.project.value),
                    );
                    return;
                }
                Standing::Rejected | Standing::Archived { .. } => {} // may be proposed again
            }
        }
        let decision = Decision {
            standing: Standing::Proposed { origin, level },
            since: date,
            by: DecidedBy::Proposal(index),
        };
        self.set(&p.project.value, decision, Some((origin, level, pos)));
    }

    /// Counts one ballot held on `date`; invalid votes are reported and left out.
    fn count(&mut self, votes: &Located<Pairs>, date: Date) -> Count {
        let mut count = Count::default();
        let mut recorded: BTreeSet<String> = BTreeSet::new();
        for (member, vote) in &votes.value.0 {
            let id = member.value.trim();
            let parsed = Vote::parse(&vote.value);
            if parsed.is_none() {
                let names = Vote::ALL.map(|(n, _)| n);
                let p = self.error(
                    codes::BAD_VOTE,
                    Pos::of(vote),
                    format!("`{}` is not a vote", vote.value.trim()),
                );
                p.help = Some(match did_you_mean(&vote.value, names) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "write yes, no, abstain or absent".into(),
                });
            }
            let terms: Vec<&Term> = self.roster.iter().filter(|t| t.member == id).collect();
            if terms.is_empty() {
                let members: BTreeSet<&str> =
                    self.roster.iter().map(|t| t.member.as_str()).collect();
                let hint = did_you_mean(id, members.iter().copied()).map(str::to_string);
                let p = self.error(
                    codes::UNKNOWN_MEMBER,
                    Pos::of(member),
                    format!("`{id}` is not a TOC member"),
                );
                p.help = Some(
                    hint.map_or("add the member to `toc:` with their term".into(), |m| {
                        format!("did you mean `{m}`?")
                    }),
                );
                continue;
            }
            if !terms.iter().any(|t| t.seated_on(date)) {
                let spans: Vec<String> = terms
                    .iter()
                    .map(|t| match t.until {
                        Some(u) => format!("from {} until {u}", t.from),
                        None => format!("from {}", t.from),
                    })
                    .collect();
                self.error(codes::NOT_SEATED, Pos::of(member), format!("{id} is not seated on {date} (term {})", spans.join(", "))).help =
                    Some("a term runs from `from` up to the day before `until`; this vote is not counted".into());
                continue;
            }
            recorded.insert(id.to_string());
            if let Some(v) = parsed {
                count.add(v);
            }
        }
        let seated: BTreeSet<&str> = self
            .roster
            .iter()
            .filter(|t| t.seated_on(date))
            .map(|t| t.member.as_str())
            .collect();
        count.seated = seated.len() as u32;
        count.not_recorded = seated
            .iter()
            .filter(|m| !recorded.contains(**m))
            .map(|m| m.to_string())
            .collect();
        count.absent += count.not_recorded.len() as u32;
        if seated.is_empty() {
            self.error(
                codes::NOBODY_SEATED,
                Pos::of(votes),
                format!("no TOC member is seated on {date}"),
            )
            .help = Some("list the members and their terms under `toc:`".into());
        }
        count
    }

    fn review(&mut self, review: &Review, date: Date) {
        let quarter = match &review.quarter {
            None => Some(Quarter::of(date)),
            Some(text) => match text.value.parse::<Quarter>() {
                Ok(q) if q > Quarter::of(date) => {
                    self.error(
                        codes::QUARTER_AFTER_DATE,
                        Pos::of(text),
                        format!("a meeting on {date} cannot review {q}, which has not started"),
                    )
                    .help = Some(format!("the date's quarter is {}", Quarter::of(date)));
                    None
                }
                Ok(q) => Some(q),
                Err(err) => {
                    self.error(codes::BAD_QUARTER, Pos::of(text), err.to_string());
                    None
                }
            },
        };
        let Some(quarter) = quarter else { return };
        let mut seen: HashMap<String, Pos> = HashMap::new();
        for item in &review.projects {
            self.check_known(&item.project);
            let pos = Pos::of(&item.project);
            if let Some(first) = seen.get(&item.project.value) {
                let first = *first;
                let p = self.error(
                    codes::DUPLICATE_MOTION,
                    pos,
                    format!(
                        "{} appears twice at the review of {date}",
                        item.project.value
                    ),
                );
                p.related = Some((first, "first listed here".into()));
                p.help = Some("a review holds at most one motion per project; record a second motion at a later review".into());
                continue;
            }
            seen.insert(item.project.value.clone(), pos);
            let entry = self.item(item, date, quarter, review.minutes.clone());
            let index = self.entries.len();
            self.entries.push(entry);
            self.apply(index);
        }
    }

    /// Applies a passed or rejected entry to the project's standing.
    fn apply(&mut self, index: usize) {
        let entry = &self.entries[index];
        let previous = self
            .state
            .get(&entry.project)
            .map(|s| s.decision.standing.clone());
        let standing = match (entry.outcome, entry.motion, previous) {
            (Outcome::Rejected, Some(MotionKind::Admit), _) => Standing::Rejected,
            (Outcome::Passed, Some(MotionKind::Admit | MotionKind::Graduate), _) => {
                Standing::Admitted {
                    level: entry
                        .level
                        .expect("passed admissions and graduations name a level"),
                }
            }
            (Outcome::Passed, Some(MotionKind::Archive), Some(Standing::Admitted { level })) => {
                Standing::Archived { level }
            }
            (Outcome::Passed, Some(MotionKind::Donate), Some(Standing::Admitted { level })) => {
                Standing::Donated {
                    level,
                    foundation: entry.foundation.clone().unwrap_or_default(),
                }
            }
            _ => return,
        };
        let decision = Decision {
            standing,
            since: entry.date,
            by: DecidedBy::Entry(index),
        };
        let project = entry.project.clone();
        self.set(&project, decision, None);
    }

    fn item(
        &mut self,
        item: &Item,
        date: Date,
        quarter: Quarter,
        minutes: Option<String>,
    ) -> Entry {
        let mut entry = Entry {
            project: item.project.value.clone(),
            date,
            quarter,
            motion: None,
            level: None,
            foundation: item.foundation.as_ref().map(|f| f.value.trim().to_string()),
            ballots: Vec::new(),
            outcome: Outcome::Reviewed,
            summary: "reviewed, no motion".into(),
            opinion: item.opinion.clone().filter(|o| !o.trim().is_empty()),
            evidence: item.evidence.clone(),
            interest: item
                .interest
                .as_ref()
                .map(|i| i.value.clone())
                .unwrap_or_default(),
            notes: item.notes.clone(),
            minutes,
            pos: Pos::of(&item.project),
        };
        let standing = self
            .state
            .get(&entry.project)
            .map(|s| s.decision.standing.clone());
        let Some(motion_text) = &item.motion else {
            if let Some(v) = item
                .votes
                .as_ref()
                .map(Pos::of)
                .or(item.rounds.as_ref().map(Pos::of))
            {
                self.error(codes::MOTION_SHAPE, v, "votes recorded without a motion")
                    .help = Some("add `motion:` (admit, graduate, archive or donate)".into());
                entry.outcome = Outcome::Invalid;
            }
            if !matches!(
                standing,
                Some(Standing::Admitted { .. } | Standing::Proposed { .. })
            ) {
                self.problems.push(
                    Problem::warning(
                        codes::REVIEW_BEFORE_ADMISSION,
                        entry.pos,
                        format!("{} is reviewed but not in the TOC's care", entry.project),
                    )
                    .help("propose and admit the project before reviewing it"),
                );
            }
            return entry;
        };
        let kind = MotionKind::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(motion_text.value.trim()))
            .map(|&(_, k)| k);
        let Some(kind) = kind else {
            let names = MotionKind::ALL.map(|(n, _)| n);
            let hint = did_you_mean(&motion_text.value, names)
                .map_or("use admit, graduate, archive or donate".into(), |m| {
                    format!("did you mean `{m}`?")
                });
            self.error(
                codes::BAD_MOTION,
                Pos::of(motion_text),
                format!("`{}` is not a motion", motion_text.value),
            )
            .help = Some(hint);
            entry.outcome = Outcome::Invalid;
            entry.summary = "not counted: unknown motion".into();
            return entry;
        };
        entry.motion = Some(kind);
        let ok = self.check_shape(item, kind);
        let ok = match kind {
            MotionKind::Admit => self.admit(item, &mut entry, ok),
            _ => self.change(item, &mut entry, kind, standing, ok),
        };
        if !ok {
            entry.outcome = Outcome::Invalid;
            entry.summary = format!(
                "not counted: the {} motion breaks a rule (see the errors)",
                kind.name()
            );
        }
        entry
    }

    /// Fields that do not belong to a motion; false when the motion is unusable.
    fn check_shape(&mut self, item: &Item, kind: MotionKind) -> bool {
        let mut ok = true;
        let mut stray = |e: &mut Self, pos: Pos, field: &str| {
            e.error(
                codes::MOTION_SHAPE,
                pos,
                format!("`{field}` does not belong to a {} motion", kind.name()),
            );
            ok = false;
        };
        if kind != MotionKind::Donate {
            if let Some(f) = &item.foundation {
                stray(self, Pos::of(f), "foundation");
            }
            if let Some(i) = &item.interest {
                stray(self, Pos::of(i), "interest");
            }
        }
        if let (true, Some(r)) = (kind != MotionKind::Admit, &item.rounds) {
            stray(self, Pos::of(r), "rounds");
        }
        if let (true, Some(l)) = (
            matches!(kind, MotionKind::Archive | MotionKind::Donate),
            &item.level,
        ) {
            stray(self, Pos::of(l), "level");
        }
        match (&item.votes, &item.rounds) {
            (Some(v), Some(_)) if kind == MotionKind::Admit => {
                self.error(
                    codes::MOTION_SHAPE,
                    Pos::of(v),
                    "record either `votes` (one vote) or `rounds` (a cascade), not both",
                );
                ok = false;
            }
            (None, None) => {
                self.error(
                    codes::MOTION_SHAPE,
                    Pos::of(&item.project),
                    format!(
                        "the {} motion on {} records no votes",
                        kind.name(),
                        item.project.value
                    ),
                )
                .help = Some("add `votes:` with each member's yes, no, abstain or absent".into());
                ok = false;
            }
            _ => {}
        }
        ok
    }

    fn admit(&mut self, item: &Item, entry: &mut Entry, shape_ok: bool) -> bool {
        let pos = entry.pos;
        let state = self.state.get(&entry.project);
        let pending = match state.map(|s| (&s.decision.standing, s.decision.since, s.proposal)) {
            Some((Standing::Proposed { .. }, _, Some(p))) => p,
            Some((Standing::Admitted { level }, since, _)) => {
                let msg = format!(
                    "{} was already admitted ({} since {since})",
                    entry.project,
                    level.as_str()
                );
                self.error(codes::ALREADY_ADMITTED, pos, msg).help =
                    Some("to move it up, use `motion: graduate`".into());
                return false;
            }
            Some((Standing::Donated { foundation, .. }, since, _)) => {
                let msg = format!("{} was donated to {foundation} on {since}", entry.project);
                self.error(codes::CLOSED, pos, msg);
                return false;
            }
            _ => {
                let later = self
                    .proposal_dates
                    .get(&entry.project)
                    .and_then(|ds| ds.iter().find(|&&d| d > entry.date))
                    .copied();
                match later {
                    Some(d) => {
                        self.error(
                            codes::ADMISSION_BEFORE_PROPOSAL,
                            pos,
                            format!(
                                "{} is voted on {} but proposed only on {d}",
                                entry.project, entry.date
                            ),
                        );
                    }
                    None => {
                        self.error(
                            codes::NO_PROPOSAL,
                            pos,
                            format!(
                                "{} is voted on for admission without a pending proposal",
                                entry.project
                            ),
                        )
                        .help = Some(
                            "add the proposal under `proposals:` (origin, level, date, sponsor)"
                                .into(),
                        );
                    }
                }
                return false;
            }
        };
        let (origin, preferred, _) = pending;
        // Without a usable preferred level (already reported) the cascade cannot be checked.
        let Some(first) = preferred else { return false };
        if !shape_ok {
            return false;
        }
        // The ballots: `votes` is one vote at the first level, `rounds` a cascade.
        let mut rounds: Vec<(Option<Level>, Pos, &Located<Pairs>)> = Vec::new();
        if let Some(votes) = &item.votes {
            let level = match &item.level {
                Some(l) => match self.level(l) {
                    Some(v) => Some(v),
                    None => return false,
                },
                None => Some(first),
            };
            rounds.push((
                level,
                item.level.as_ref().map_or(Pos::of(votes), Pos::of),
                votes,
            ));
        } else if let Some(rs) = &item.rounds {
            if let Some(l) = &item.level {
                self.error(
                    codes::MOTION_SHAPE,
                    Pos::of(l),
                    "with `rounds`, each round names its level",
                )
                .help = Some("remove this `level:`".into());
                return false;
            }
            if rs.value.is_empty() {
                self.error(codes::MOTION_SHAPE, Pos::of(rs), "`rounds` is empty");
                return false;
            }
            for r in &rs.value {
                let level = self.level(&r.level);
                rounds.push((level, Pos::of(&r.level), &r.votes));
            }
        }
        if rounds.iter().any(|(l, _, _)| l.is_none()) {
            return false;
        }
        // Order: the preferred level first, then each lower level in turn.
        let mut expected = Some(first);
        for (level, pos, _) in &rounds {
            let level = level.expect("checked above");
            if Some(level) != expected {
                let msg = match expected {
                    Some(exp) if exp == first && origin == Origin::Internal => {
                        format!(
                            "an internal project is voted in at sandbox, not {}",
                            level.as_str()
                        )
                    }
                    Some(exp) if exp == first => {
                        format!(
                            "the first vote is at the preferred level {}, not {}",
                            exp.as_str(),
                            level.as_str()
                        )
                    }
                    Some(exp) => format!(
                        "after a failed vote the next is at {}, not {}",
                        exp.as_str(),
                        level.as_str()
                    ),
                    None => format!(
                        "no level below sandbox: the vote at {} cannot follow",
                        level.as_str()
                    ),
                };
                self.error(codes::CASCADE_ORDER, *pos, msg).help =
                    Some("an external project is voted at its preferred level, then at each lower level in turn".into());
                return false;
            }
            expected = previous_level(level);
        }
        // Count, and stop at the first level that reaches 2/3.
        let mut admitted: Option<Level> = None;
        for (level, pos, votes) in &rounds {
            if let Some(at) = admitted {
                let msg = format!(
                    "{} was already admitted at {}: no further vote is held",
                    entry.project,
                    at.as_str()
                );
                self.error(codes::VOTES_AFTER_PASS, *pos, msg).help =
                    Some("remove this round".into());
                return false;
            }
            let arithmetic = self.base.evaluate(self.count(votes, entry.date));
            if arithmetic.passed {
                admitted = *level;
            }
            entry.ballots.push(Ballot {
                level: *level,
                arithmetic,
            });
        }
        let failed: Vec<&str> = entry
            .ballots
            .iter()
            .filter(|b| !b.arithmetic.passed)
            .filter_map(|b| b.level.map(Level::as_str))
            .collect();
        let after = if failed.is_empty() {
            String::new()
        } else {
            format!(" after {} failed", failed.join(", "))
        };
        match admitted {
            Some(level) => {
                entry.outcome = Outcome::Passed;
                entry.level = Some(level);
                entry.summary = format!("admitted at {}{after}", level.as_str());
                true
            }
            None => {
                let last = entry
                    .ballots
                    .last()
                    .and_then(|b| b.level)
                    .expect("at least one round with a level");
                if last != Level::Sandbox {
                    let next = previous_level(last).expect("not sandbox");
                    let msg = format!(
                        "the vote at {} failed, but none is recorded at {}",
                        last.as_str(),
                        next.as_str()
                    );
                    self.error(codes::CASCADE_INCOMPLETE, rounds.last().unwrap().1, msg).help =
                        Some("record the vote at each lower level, down to sandbox, before the project is rejected".into());
                    return false;
                }
                entry.outcome = Outcome::Rejected;
                entry.summary = format!(
                    "rejected: no level reached 2/3 ({} failed)",
                    failed.join(", ")
                );
                if entry.opinion.is_none() {
                    self.error(
                        codes::REJECTION_WITHOUT_OPINION,
                        pos,
                        format!(
                            "the admission of {} is rejected, but the record carries no opinion",
                            entry.project
                        ),
                    )
                    .help = Some(
                        "add `opinion:` with the TOC's reasons, as the process requires".into(),
                    );
                }
                true
            }
        }
    }

    /// Graduate, archive, donate: one vote on an admitted project.
    fn change(
        &mut self,
        item: &Item,
        entry: &mut Entry,
        kind: MotionKind,
        standing: Option<Standing>,
        shape_ok: bool,
    ) -> bool {
        let pos = entry.pos;
        let current = match standing {
            Some(Standing::Admitted { level }) => level,
            Some(Standing::Archived { .. } | Standing::Donated { .. }) => {
                let d = self.decisions[&entry.project].clone();
                self.error(
                    codes::CLOSED,
                    pos,
                    format!("{} was {} on {}", entry.project, d.describe(), d.since),
                )
                .help = Some("a new proposal is needed before it can be voted on again".into());
                return false;
            }
            Some(Standing::Proposed { .. }) => {
                self.error(
                    codes::NOT_ADMITTED,
                    pos,
                    format!(
                        "{} is proposed but not admitted: only `admit` can be voted on",
                        entry.project
                    ),
                );
                return false;
            }
            Some(Standing::Rejected) | None => {
                self.error(
                    codes::NOT_ADMITTED,
                    pos,
                    format!(
                        "{} was never admitted: a {} vote needs an admitted project",
                        entry.project,
                        kind.name()
                    ),
                )
                .help = Some("record its admission (or list it under `baseline:`) first".into());
                return false;
            }
        };
        let mut ok = shape_ok;
        if kind == MotionKind::Graduate {
            match next_level(current) {
                None => {
                    self.error(
                        codes::NOT_A_GRADUATION,
                        pos,
                        format!("{} is already graduated, the top level", entry.project),
                    );
                    ok = false;
                }
                Some(next) => {
                    entry.level = Some(next);
                    if let Some(text) = &item.level {
                        match self.level(text) {
                            None => ok = false,
                            Some(to) if to > next => {
                                let msg = format!(
                                    "graduating {} from {} to {} skips {}",
                                    entry.project,
                                    current.as_str(),
                                    to.as_str(),
                                    next.as_str()
                                );
                                self.error(codes::SKIPS_LEVEL, Pos::of(text), msg).help =
                                    Some(format!("graduate to {} first", next.as_str()));
                                ok = false;
                            }
                            Some(to) if to < next => {
                                let msg = format!(
                                    "{} is already {}: {} is not a graduation",
                                    entry.project,
                                    current.as_str(),
                                    to.as_str()
                                );
                                self.error(codes::NOT_A_GRADUATION, Pos::of(text), msg);
                                ok = false;
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
        }
        if kind == MotionKind::Donate {
            if entry.foundation.as_deref().is_none_or(str::is_empty) {
                self.error(
                    codes::DONATION_WITHOUT_FOUNDATION,
                    pos,
                    format!("the donation of {} names no foundation", entry.project),
                )
                .help = Some("add `foundation:` with the receiving foundation's name".into());
                ok = false;
            }
            if entry.interest.iter().all(|l| l.trim().is_empty()) {
                self.error(
                    codes::DONATION_WITHOUT_INTEREST,
                    pos,
                    format!(
                        "the donation of {} carries no evidence of the foundation's interest",
                        entry.project
                    ),
                )
                .help = Some(
                    "add `interest:` with links showing the foundation wants the project".into(),
                );
                ok = false;
            }
        }
        if !ok {
            return false;
        }
        let Some(votes) = &item.votes else {
            return false;
        };
        let count = self.count(votes, entry.date);
        let arithmetic = self.base.evaluate(count);
        let passed = arithmetic.passed;
        entry.ballots.push(Ballot {
            level: entry.level,
            arithmetic,
        });
        entry.outcome = if passed {
            Outcome::Passed
        } else {
            Outcome::Failed
        };
        let (from, foundation) = (
            current.as_str(),
            entry.foundation.clone().unwrap_or_default(),
        );
        entry.summary = match (kind, passed) {
            (MotionKind::Graduate, true) => format!(
                "graduated from {from} to {}",
                entry.level.expect("set above").as_str()
            ),
            (MotionKind::Graduate, false) => format!("not graduated: stays {from}"),
            (MotionKind::Archive, true) => format!("archived (was {from})"),
            (MotionKind::Archive, false) => format!("not archived: stays {from}"),
            (MotionKind::Donate, true) => format!("donated to {foundation} (at {from})"),
            (MotionKind::Donate, false) => format!("not donated: stays {from}"),
            (MotionKind::Admit, _) => unreachable!("admissions are counted by admit()"),
        };
        true
    }
}

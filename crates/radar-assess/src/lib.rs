//! Radar's assessment: maturity models, criteria, API versions, findings and
//! advice.
//!
//! The pipeline for one project is a pure function of the catalog row, its
//! evidence and the models:
//!
//! ```text
//! Models::builtin() / Models::load(file)         maturity models as data (models/*.yaml)
//! assess(project, catalog, outcome, models, now) → Assessment
//!     model selection (project.model, else governing body, else default)
//!     facts = Evidence JSON + derived facts + catalog.*       (facts.rs)
//!     every criterion: pass / fail / unknown / attested       (criteria/)
//!     supported level, exit, gaps to the next level           (assess.rs)
//!     API stability from the catalog's versions               (version.rs)
//!     findings, one rule per file                             (findings/)
//!     platform-use entries judged for formal support         (support.rs)
//! advise(&assessment, &goal) → Advice { verdict, reasons }    (advice.rs)
//! ```
//!
//! docs/models.md describes the model format and the expression language;
//! docs/advice.md the advice rules.
#![forbid(unsafe_code)]

pub mod advice;
pub mod agreement;
pub mod assess;
pub mod criteria;
pub mod expr;
pub mod facts;
pub mod findings;
pub mod github;
pub mod model;
pub mod support;
pub mod version;

pub use advice::{Advice, Goal, GoalKind, Verdict, advise};
pub use assess::{Assessment, EvidenceOutcome, assess, assess_in, assess_with_facts};
pub use findings::{Finding, RULES, Severity};
pub use github::GithubSummary;
pub use model::{Model, ModelError, Models};
pub use support::{Related, SupportRoute};

//! Assess one project from an Evidence JSON file (`radar inspect --format json`),
//! until `radar assess` wires this into the CLI.
//!
//! ```sh
//! radar inspect https://github.com/containerd/containerd --format json > ev.json
//! cargo run -p radar-assess --example assess -- ev.json "CNCF: graduated" [API ...]
//! ```
//!
//! Prints the assessment as JSON, then the advice for each goal.

use std::process::ExitCode;

use radar_assess::{EvidenceOutcome, Goal, GoalKind, Models, advise, assess};
use radar_catalog::{ApiVersion, Area, Catalog, Project, State};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [evidence, state, apis @ ..] = args.as_slice() else {
        eprintln!("usage: assess EVIDENCE.json \"BODY: LEVEL\" [API-VERSION ...]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(evidence) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {evidence}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let evidence: radar_evidence::Evidence = match serde_json::from_str(&text) {
        Ok(e) => e,
        Err(e) => {
            eprintln!(
                "error: {evidence}:{}:{}: not Evidence JSON: {e}",
                e.line(),
                e.column()
            );
            return ExitCode::FAILURE;
        }
    };
    let (body, level) = state
        .split_once(':')
        .map_or((None, state.as_str()), |(b, l)| {
            (Some(b.trim().to_owned()), l.trim())
        });
    let project = Project {
        name: evidence.repository.url.clone(),
        state: Some(State::new(body, Some(level))),
        apis: apis
            .iter()
            .map(|v| ApiVersion {
                name: Some("API".into()),
                version: v.clone(),
            })
            .collect(),
        ..Default::default()
    };
    let catalog = Catalog {
        areas: vec![Area::new("Example", [project.clone()])],
        ..Default::default()
    };
    let a = assess(
        &project,
        &catalog,
        EvidenceOutcome::Measured(&evidence),
        &Models::builtin(),
        jiff::Timestamp::now(),
    );
    match serde_json::to_string_pretty(&a) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    for (name, goal) in [
        (
            "production",
            Goal {
                goal: GoalKind::Production,
                ..Goal::default()
            },
        ),
        (
            "production, contribute",
            Goal {
                goal: GoalKind::Production,
                support_required: false,
                contribute: true,
            },
        ),
        (
            "poc",
            Goal {
                goal: GoalKind::Poc,
                ..Goal::default()
            },
        ),
    ] {
        let advice = advise(&a, &goal);
        eprintln!("{name}: {}", advice.verdict);
        for r in advice.reasons {
            eprintln!("  - {r}");
        }
    }
    ExitCode::SUCCESS
}

//! The security section of `radar inspect`: each Scorecard check with its
//! score, why, and the first places it lost points.

use radar_evidence::security::{Basis, Security};

use radar_pipeline::report::clean;

/// Lost points shown per check; the rest are counted.
const SHOWN: usize = 3;

pub fn text(out: &mut impl std::io::Write, s: &Security) -> std::io::Result<()> {
    match s.aggregate.score {
        Some(a) => writeln!(
            out,
            "security       {a:.1}/10 over {} {} (OpenSSF Scorecard's rules; not a full Scorecard score)",
            s.aggregate.checks.len(),
            s.aggregate.label
        )?,
        None => writeln!(out, "security       no conclusive check")?,
    }
    let mut checks: Vec<_> = s.checks.values().collect();
    checks.sort_by_key(|c| (c.score.unwrap_or(11), c.name.clone()));
    for c in checks {
        let score = c
            .score
            .map_or_else(|| " ?".to_owned(), |v| format!("{v:>2}"));
        let basis = match c.basis {
            Basis::Repository => "",
            Basis::Configuration => " [configuration half]",
            Basis::History => " [git history]",
            Basis::Github => " [GitHub]",
        };
        let outside = if c.in_aggregate || c.score.is_none() {
            ""
        } else {
            " [not in the aggregate]"
        };
        writeln!(
            out,
            "  {score} {:<24} {}{basis}{outside}",
            c.name,
            clean(&c.reason)
        )?;
        let first = c.evidence.first().filter(|_| c.lost.is_empty());
        if let Some(e) = first {
            writeln!(out, "       {}", clean(e))?;
        }
        for l in c.lost.iter().take(SHOWN) {
            let points = l.points.map(|p| format!("  (−{p})")).unwrap_or_default();
            match &l.at {
                Some(at) => writeln!(out, "       {}: {}{points}", clean(at), clean(&l.what))?,
                None => writeln!(out, "       {}{points}", clean(&l.what))?,
            }
        }
        let more = c.lost.len().saturating_sub(SHOWN) as u64 + c.lost_unlisted;
        if more > 0 {
            writeln!(out, "       … {more} more (--format json lists them)")?;
        }
    }
    let names: Vec<&str> = s.not_measured.iter().map(|n| n.name.as_str()).collect();
    writeln!(out, "  not measured: {}", names.join(", "))?;
    Ok(())
}

//! DCO: the share of the newest 100 non-merge commits carrying a
//! `Signed-off-by:` trailer. Passes at 90% or more (a project that enforces
//! the DCO signs nearly every commit; merges made by a web UI are excluded).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "dco",
    title: "DCO sign-off",
    looks_for: "Signed-off-by: trailers in the newest 100 non-merge commits; passes when at least 90% carry one (value: the share, 0..1)",
    run,
};

pub const PASS_SHARE: f64 = 0.9;

fn run(ctx: &Ctx<'_>) -> Check {
    let s = &ctx.sign_offs;
    if s.total == 0 {
        return Check::missing();
    }
    let share = crate::history::round4(f64::from(s.signed) / f64::from(s.total));
    let since = s.since.as_deref().map_or(String::new(), |c| {
        format!(" back to commit {}", &c[..c.len().min(12)])
    });
    Check {
        passed: share >= PASS_SHARE,
        value: Some(share.into()),
        evidence: Some(format!(
            "{} of the newest {} non-merge commits are signed off{since}",
            s.signed, s.total
        )),
        details: Vec::new(),
        reference: None,
        origin: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_with;
    use super::*;
    use crate::history::SignOffs;

    #[test]
    fn share_and_threshold() {
        let c = run_with(
            &CHECK,
            &[],
            SignOffs {
                signed: 95,
                total: 100,
                since: Some("abcdef0123456789".into()),
            },
        );
        assert_eq!((c.passed, c.value), (true, Some(0.95.into())));
        assert_eq!(
            c.evidence.as_deref(),
            Some(
                "95 of the newest 100 non-merge commits are signed off back to commit abcdef012345"
            )
        );
        let c = run_with(
            &CHECK,
            &[],
            SignOffs {
                signed: 3,
                total: 10,
                since: None,
            },
        );
        assert_eq!((c.passed, c.value), (false, Some(0.3.into())));
        assert!(!run_with(&CHECK, &[], SignOffs::default()).passed);
    }
}

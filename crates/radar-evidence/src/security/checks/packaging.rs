//! Packaging: a workflow publishes the project's packages (npm, Maven,
//! Gradle, PyPI, RubyGems, NuGet, crates.io, Hex, container images with
//! docker, ko or GoReleaser), by Scorecard's job patterns. 10 when one is
//! found; inconclusive otherwise — Scorecard's own rule, so Packaging then
//! leaves the aggregate. Scorecard also wants a successful run of that
//! workflow on GitHub, which git cannot show: the configuration decides.
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "packaging",
    name: "Packaging",
    risk: Risk::Medium,
    run,
};

fn run(input: &Input<'_>) -> Scored {
    for wf in input.workflows() {
        if let Some((job, what)) = publishing::matching_job(wf, publishing::PACKAGING) {
            return Scored::new(Some(10), format!("publishing workflow ({what})"))
                .basis(Basis::Configuration)
                .evidence(vec![format!("{}:{}", wf.path, job.line)]);
        }
    }
    Scored::inconclusive("no publishing workflow found").basis(Basis::Configuration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn publishing_or_not() {
        let wf = "on: {push: {tags: ['v*']}}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n";
        let s = check(&CHECK, &[(".github/workflows/release.yml", wf)]);
        assert_eq!(
            (s.score, s.evidence),
            (Some(10), vec![".github/workflows/release.yml:3".to_owned()])
        );
        let ci = "on: push\njobs:\n  t:\n    steps: [{run: make test}]\n";
        assert_eq!(
            check(&CHECK, &[(".github/workflows/ci.yml", ci)]).score,
            None
        );
    }
}

//! API versions: neither the Kubernetes convention (`v1`, `v1beta2`,
//! `v1alpha1`, or a stage word) nor semver is a warning — W104. `N/A` is fine.

use super::Context;
use crate::apiver::{VersionStyle, style};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::level::is_placeholder;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (a, p, project) in cx.defined() {
        for (i, api) in project.apis.iter().enumerate() {
            if style(&api.version) != VersionStyle::Other || is_placeholder(&api.version) {
                continue;
            }
            let what = api
                .name
                .as_deref()
                .map_or(String::new(), |n| format!(" of `{n}`"));
            let d = Diagnostic::warning(
                codes::API_VERSION,
                format!(
                    "version `{}`{what} follows neither the Kubernetes convention nor semver",
                    api.version
                ),
            );
            let d = d.with_help("write `v1`, `v1beta2`, `v1alpha1`, a stage (`alpha`, `beta`, `stable`), a semantic version such as `0.6.0`, or `N/A`");
            let node = cx
                .project(a, p)
                .and_then(|n| n.get("apis"))
                .and_then(|n| n.index(i))
                .and_then(|n| n.get("version"));
            out.push(cx.place(d, node));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::diagnostics_for;

    #[test]
    fn odd_versions_warn() {
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: P\n    apis:\n    - {name: Config, version: v1alpha1}\n    - {version: N/A}\n    - {version: 0.6.0}\n    - {name: X, version: version 2}\n",
        );
        let w: Vec<_> = d.iter().filter(|d| d.code == "W104").collect();
        assert_eq!(w.len(), 1, "{d:?}");
        assert_eq!(w[0].line, 9);
        assert!(w[0].message.contains("`version 2` of `X`"));
    }
}

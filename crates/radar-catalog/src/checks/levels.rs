//! Levels: a level the project's (known) governing body does not define is a
//! warning with a "did you mean" (`gradutaed` → `graduated`) — W103.

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::level::{Level, body_levels, did_you_mean, is_not_applicable, is_placeholder};

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (a, p, project) in cx.defined() {
        let Some(state) = &project.state else {
            continue;
        };
        let (Some(body), Some(text)) = (&state.body, &state.text) else {
            continue;
        };
        if state.level != Level::Unknown || is_not_applicable(text) || is_placeholder(text) {
            continue;
        }
        let Some(levels) = body_levels(body) else {
            continue;
        };
        let names = levels.iter().map(|l| l.as_str());
        let suggestion = did_you_mean(text, names)
            .or_else(|| did_you_mean(text, Level::ALL.iter().map(|l| l.as_str())));
        let d = Diagnostic::warning(
            codes::UNKNOWN_LEVEL,
            format!("`{text}` is not a {body} level"),
        );
        let d = match suggestion {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "{body} levels are: {}; `N/A` if none applies",
                levels
                    .iter()
                    .map(|l| format!("`{}`", l.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        let node = cx
            .project(a, p)
            .and_then(|n| n.get("state"))
            .and_then(|s| s.get("level"));
        out.push(cx.place(d, node));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::diagnostics_for;

    #[test]
    fn typo_gets_suggestion() {
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: P\n    state: {body: CNCF, level: gradutaed}\n  - name: Q\n    state: {body: Foo, level: whatever}\n  - name: R\n    state: {body: CNCF, level: N/A}\n",
        );
        let w: Vec<_> = d.iter().filter(|d| d.code == "W103").collect();
        assert_eq!(w.len(), 1, "{d:?}");
        assert_eq!(w[0].help.as_deref(), Some("did you mean `graduated`?"));
        assert_eq!((w[0].line, w[0].col), (5, 32));
    }
}

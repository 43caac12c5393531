//! An area with no projects is a warning — W105.

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (a, area) in cx.catalog.areas.iter().enumerate() {
        if area.projects.is_empty() {
            let d = Diagnostic::warning(
                codes::EMPTY_AREA,
                format!("area `{}` has no projects", area.name),
            );
            let node = cx.area(a).map(|n| n.get("name").unwrap_or(n));
            out.push(cx.place(d.with_help("add projects or remove the area"), node));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::diagnostics_for;

    #[test]
    fn empty_area_warns() {
        let d = diagnostics_for("areas:\n- name: A\n- name: B\n  projects:\n  - name: P\n");
        let w: Vec<_> = d.iter().filter(|d| d.code == "W105").collect();
        assert_eq!(w.len(), 1, "{d:?}");
        assert_eq!((w[0].line, w[0].col), (2, 9));
    }
}

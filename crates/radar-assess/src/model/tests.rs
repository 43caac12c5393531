use super::*;
use radar_catalog::State;

fn project(body: Option<&str>, level: Level) -> Project {
    Project {
        name: "p".into(),
        state: Some(State {
            body: body.map(str::to_owned),
            level,
            ..State::default()
        }),
        ..Default::default()
    }
}

#[test]
fn builtin_models_load() {
    let models = Models::builtin();
    let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["cncf", "azcnu", "kubernetes"]);
    let cncf = models.get("cncf").unwrap();
    let rungs: Vec<&str> = cncf.rungs().map(|l| l.id.as_str()).collect();
    assert_eq!(rungs, ["sandbox", "incubating", "graduated"]);
    assert_eq!(cncf.level_for(Level::Archived).unwrap().id, "archived");
    let azcnu = models.get("azcnu").unwrap();
    assert_eq!(
        azcnu
            .levels
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        ["sandbox", "incubating", "graduation", "donation", "archive"]
    );
    let k8s = models.get("kubernetes").unwrap();
    assert_eq!(
        k8s.levels.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
        ["alpha", "beta", "stable", "deprecated"]
    );
    // Every level and criterion links its source (the level's, or its own).
    for m in models.iter() {
        for l in &m.levels {
            assert!(
                l.source
                    .as_deref()
                    .is_some_and(|s| s.starts_with("https://")),
                "{}/{}",
                m.id,
                l.id
            );
            assert!(!l.criteria.is_empty(), "{}/{} has no criteria", m.id, l.id);
        }
    }
}

#[test]
fn selection_follows_the_body_then_the_claimed_level() {
    let models = Models::builtin();
    let pick = |body, level| {
        models
            .select(&project(body, level))
            .model
            .unwrap()
            .id
            .clone()
    };
    assert_eq!(pick(Some("CNCF"), Level::Incubating), "cncf");
    assert_eq!(pick(Some("cncf"), Level::Graduated), "cncf");
    assert_eq!(pick(Some("Azure"), Level::Incubating), "azcnu");
    assert_eq!(pick(Some("Microsoft"), Level::Sandbox), "azcnu");
    assert_eq!(pick(Some("deislabs"), Level::Sandbox), "azcnu");
    // "CNCF: stable" is a Kubernetes feature stage.
    assert_eq!(pick(Some("CNCF"), Level::Stable), "kubernetes");
    assert_eq!(pick(Some("Kubernetes"), Level::Alpha), "kubernetes");
    assert_eq!(pick(Some("Kubernetes"), Level::Unknown), "cncf");
    // No model names Moby: the default (CNCF) applies, and says why.
    let s = models.select(&project(Some("Moby"), Level::Unknown));
    assert_eq!(s.model.unwrap().id, "cncf");
    assert!(
        s.reason
            .contains("no model lists the governing body `Moby`"),
        "{}",
        s.reason
    );
}

#[test]
fn a_project_can_name_its_model() {
    let models = Models::builtin();
    let mut p = project(Some("CNCF"), Level::Beta);
    p.model = Some("azcnu".into());
    assert_eq!(models.select(&p).model.unwrap().id, "azcnu");
    p.model = Some("kubernets".into());
    let s = models.select(&p);
    assert_eq!(s.model.unwrap().id, "kubernetes");
    assert!(s.problem.unwrap().contains("did you mean `kubernetes`?"));
}

const GOOD: &str = r#"models:
  - id: mine
    name: My model
    source: https://example.org/model
    bodies: [Acme]
    levels:
      - id: one
        name: One
        tier: early
        claims: [sandbox]
        criteria:
          - id: coc
            title: Has a code of conduct
            check: checks.code_of_conduct.passed
      - id: gone
        name: Gone
        exit: true
        tier: retired
        claims: [archived]
        criteria:
          - id: announced
            title: Says so
            check: lifecycle.status == "archived"
"#;

#[test]
fn a_models_file_overrides_and_extends_the_builtins() {
    let models = Models::from_file_text(GOOD, "models.yaml").unwrap();
    let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["mine", "cncf", "azcnu", "kubernetes"]);
    assert_eq!(
        models
            .select(&project(Some("Acme"), Level::Sandbox))
            .model
            .unwrap()
            .id,
        "mine"
    );
    let mine = models.get("mine").unwrap();
    assert_eq!(mine.stale_after_days, 365);
    assert_eq!(mine.origin, "models.yaml");

    let replaced = GOOD.replace("id: mine", "id: cncf");
    let models = Models::from_file_text(&replaced, "models.yaml").unwrap();
    assert_eq!(
        models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["cncf", "azcnu", "kubernetes"]
    );
    assert_eq!(models.get("cncf").unwrap().name, "My model");

    let only = format!("replace_builtin: true\n{GOOD}");
    let models = Models::from_file_text(&only, "models.yaml").unwrap();
    assert_eq!(models.iter().count(), 1);
}

fn problems(text: &str) -> (Vec<Problem>, String) {
    match Models::from_file_text(text, "models.yaml") {
        Ok(_) => panic!("loaded:\n{text}"),
        Err(e) => (e.problems().to_vec(), e.to_string()),
    }
}

#[test]
fn yaml_errors_carry_file_line_column() {
    let (p, shown) =
        problems(&GOOD.replace("    bodies: [Acme]", "    bodies: [Acme]\n    colour: red"));
    assert_eq!((p[0].line, p[0].column), (6, 5), "{shown}");
    assert!(p[0].message.contains("colour"), "{shown}");
    assert!(shown.contains("--> models.yaml:6:5"), "{shown}");
    eprintln!("{shown}");

    let (p, shown) = problems(&GOOD.replace("tier: early", "tier: young"));
    assert_eq!((p[0].line, p[0].column), (9, 15), "{shown}");
    assert!(p[0].message.contains("young"), "{shown}");

    let (p, shown) = problems(&GOOD.replace("claims: [sandbox]", "claims: [sandbx]"));
    assert_eq!(p[0].line, 10, "{shown}");
}

#[test]
fn semantic_errors_are_all_reported_with_positions() {
    let text = GOOD
        .replace(
            "check: checks.code_of_conduct.passed",
            "check: histroy.commits >= 1",
        )
        .replace(
            "check: lifecycle.status == \"archived\"",
            "check: \"lifecycle.status = 'archived'\"",
        )
        .replace("      - id: gone", "      - id: one");
    let (p, shown) = problems(&text);
    assert_eq!(p.len(), 3, "{shown}");
    // Sorted by position; expression errors point inside the expression.
    assert_eq!((p[0].line, p[0].column), (14, 20), "{shown}");
    assert!(
        p[0].message
            .contains("unknown fact `histroy`; did you mean `history`?"),
        "{shown}"
    );
    assert_eq!((p[1].line, p[1].column), (15, 13), "{shown}");
    assert!(p[1].message.contains("defined twice"), "{shown}");
    assert_eq!((p[2].line, p[2].column), (23, 38), "{shown}");
    assert!(p[2].message.contains("write `==`"), "{shown}");
    assert!(
        shown.starts_with("3 problems in maturity models models.yaml"),
        "{shown}"
    );
    assert!(shown.contains("--> models.yaml:23:38"), "{shown}");
}

#[test]
fn criteria_need_exactly_one_kind_and_levels_a_tier() {
    let text = GOOD
        .replace("            check: checks.code_of_conduct.passed\n", "")
        .replace("        tier: early\n", "");
    let (p, shown) = problems(&text);
    assert!(
        p.iter().any(|p| p.message.contains("needs a `tier`")),
        "{shown}"
    );
    assert!(
        p.iter().any(|p| p.message.contains("needs `check:`")),
        "{shown}"
    );
    let text = GOOD.replace(
        "            check: checks.code_of_conduct.passed\n",
        "            check: checks.code_of_conduct.passed\n            manual: true\n",
    );
    let (p, shown) = problems(&text);
    assert!(
        p[0].message.contains("both `check` and `manual: true`"),
        "{shown}"
    );
    let text = GOOD.replace("claims: [archived]", "claims: [sandbox]");
    let (p, shown) = problems(&text);
    assert!(
        p[0].message.contains("already claimed by level `one`"),
        "{shown}"
    );
}

#[test]
fn a_proxy_stands_for_a_manual_criterion_and_is_checked_like_a_condition() {
    let proxied = GOOD.replace(
        "            check: checks.code_of_conduct.passed\n",
        "            manual: true\n            proxy: checks.code_of_conduct.passed\n            proxy_fails: false\n",
    );
    let models = Models::from_file_text(&proxied, "models.yaml").unwrap();
    let c = &models.get("mine").unwrap().levels[0].criteria[0];
    assert!(
        matches!(&c.kind, CriterionKind::Proxy { fails: false, proxy } if proxy.source() == "checks.code_of_conduct.passed")
    );
    // A proxy on an automatic criterion, and a proxy reading an unknown fact.
    let text = GOOD.replace(
        "            check: checks.code_of_conduct.passed\n",
        "            check: checks.code_of_conduct.passed\n            proxy: checks.license.passed\n",
    );
    let (p, shown) = problems(&text);
    assert!(
        p[0].message
            .contains("has a `proxy` but is not `manual: true`"),
        "{shown}"
    );
    let text = proxied.replace(
        "proxy: checks.code_of_conduct.passed",
        "proxy: chekcs.code_of_conduct.passed",
    );
    let (p, shown) = problems(&text);
    assert!(
        p[0].message
            .contains("in `proxy`: unknown fact `chekcs`; did you mean `checks`?"),
        "{shown}"
    );
    assert!(shown.contains("models.yaml:15:20"), "{shown}");
}

#[test]
fn unreadable_file_names_the_path() {
    let err = Models::load(std::path::Path::new("/nonexistent/models.yaml")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot read maturity models from /nonexistent/models.yaml"),
        "{err}"
    );
}

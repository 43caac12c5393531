//! The advice rules of docs/advice.md, one test each.

mod common;

use common::*;
use radar_assess::{Advice, Assessment, EvidenceOutcome, Goal, GoalKind, Verdict, advise};
use serde_json::json;

const PROD: Goal = Goal {
    goal: GoalKind::Production,
    support_required: false,
    contribute: false,
};
const PROD_CONTRIB: Goal = Goal {
    goal: GoalKind::Production,
    support_required: false,
    contribute: true,
};
const PROD_SUPPORT: Goal = Goal {
    goal: GoalKind::Production,
    support_required: true,
    contribute: false,
};
const POC: Goal = Goal {
    goal: GoalKind::Poc,
    support_required: false,
    contribute: false,
};
const POC_CONTRIB: Goal = Goal {
    goal: GoalKind::Poc,
    support_required: false,
    contribute: true,
};

fn verdict(a: &Assessment, g: Goal) -> Verdict {
    advise(a, &g).verdict
}

fn has(advice: &Advice, needle: &str) -> bool {
    advice.reasons.iter().any(|r| r.contains(needle))
}

#[test]
fn a_mature_supported_project_is_adopted_with_its_reasons() {
    let a = run(
        &with_platform_use(project("CNCF: graduated", &["v1"]), &["AKS"]),
        json!({}),
    );
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Adopt);
    assert_eq!(
        advice.reasons,
        [
            "formal support is available through AKS (for the project as part of that product)",
            "maturity: Graduated (cncf), supported by the evidence",
            "stable API (v1)",
            "security: 8.2/10 on OpenSSF Scorecard's git-visible checks (2 checks)",
        ]
    );
    assert_eq!(verdict(&a, PROD_SUPPORT), Verdict::Adopt);
    assert_eq!(verdict(&a, POC), Verdict::Adopt);
}

#[test]
fn end_of_life_means_hold_for_every_goal_with_the_announcement() {
    let a = run(
        &project("Azure: incubation", &["v1"]),
        json!({"lifecycle": {"status": "deprecated", "evidence": "README.md:1: This project is deprecated; use the CSI driver"}}),
    );
    for g in [PROD, PROD_CONTRIB, POC, POC_CONTRIB] {
        let advice = advise(&a, &g);
        assert_eq!(advice.verdict, Verdict::Hold, "{g:?}");
        assert_eq!(
            advice.reasons[0],
            "the repository announces the project is deprecated: README.md:1: This project is deprecated; use the CSI driver"
        );
    }
    // The catalog's own word is enough.
    let a = run(&project("CNCF: archived", &[]), json!({}));
    let advice = advise(&a, &POC);
    assert_eq!(advice.verdict, Verdict::Hold);
    assert_eq!(
        advice.reasons[0],
        "the catalog lists the project as archived"
    );
}

#[test]
fn formal_support_only_through_a_product_that_uses_the_project() {
    let p = project("CNCF: graduated", &["v1"]);
    let a = run(&p, json!({}));
    let advice = advise(&a, &PROD_SUPPORT);
    assert_eq!(advice.verdict, Verdict::Hold);
    assert!(has(
        &advice,
        "only comes through a product that uses the project; the catalog lists none"
    ));
    // Support is not required: no cap.
    assert_eq!(verdict(&a, PROD), Verdict::Adopt);
    let a = run(
        &with_platform_use(p, &["AKS", "Azure Stack Hub"]),
        json!({}),
    );
    let advice = advise(&a, &PROD_SUPPORT);
    assert_eq!(advice.verdict, Verdict::Adopt);
    assert!(has(
        &advice,
        "formal support is available through AKS, Azure Stack Hub"
    ));
}

#[test]
fn unmeasured_projects_are_capped() {
    let p = project("CNCF: graduated", &["v1"]);
    let unreachable = run_without(
        &p,
        EvidenceOutcome::Unreachable {
            url: "https://example.org/x",
            error: "404",
        },
    );
    let advice = advise(&unreachable, &PROD);
    assert_eq!(advice.verdict, Verdict::Assess);
    assert!(has(&advice, "could not be reached (https://example.org/x)"));
    assert_eq!(verdict(&unreachable, POC), Verdict::Assess);
    let none = run_without(&p, EvidenceOutcome::NoRepository);
    assert_eq!(verdict(&none, PROD), Verdict::Trial);
    assert_eq!(
        verdict(&none, POC),
        Verdict::Adopt,
        "claimed graduated, unverified, is enough for a proof of concept"
    );
    assert!(has(&advise(&none, &PROD), "Graduated (cncf), not verified"));
}

#[test]
fn inactive_projects_are_held_for_production() {
    let a = run(
        &project("CNCF: graduated", &["v1"]),
        json!({"history": {"last_commit": "2024-10-01T00:00:00Z"}}),
    );
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Hold);
    assert_eq!(
        advice.reasons[0],
        "no commit in the last year (last commit 2024-10-01)"
    );
    let advice = advise(&a, &PROD_CONTRIB);
    assert_eq!(advice.verdict, Verdict::Assess);
    assert!(has(&advice, "you would have to maintain it yourself"));
    assert_eq!(verdict(&a, POC), Verdict::Assess);
    assert_eq!(verdict(&a, POC_CONTRIB), Verdict::Trial);
}

#[test]
fn maturity_bar_by_goal_and_contribution_relaxes_it() {
    let table = [
        // state, production, production+contribute, poc, poc+contribute
        (
            "CNCF: graduated",
            Verdict::Adopt,
            Verdict::Adopt,
            Verdict::Adopt,
            Verdict::Adopt,
        ),
        (
            "CNCF: incubating",
            Verdict::Trial,
            Verdict::Adopt,
            Verdict::Adopt,
            Verdict::Adopt,
        ),
        (
            "CNCF: sandbox",
            Verdict::Assess,
            Verdict::Trial,
            Verdict::Trial,
            Verdict::Adopt,
        ),
    ];
    for (state, prod, prod_c, poc, poc_c) in table {
        let a = run(&project(state, &["v1"]), json!({}));
        assert_eq!(
            [
                verdict(&a, PROD),
                verdict(&a, PROD_CONTRIB),
                verdict(&a, POC),
                verdict(&a, POC_CONTRIB)
            ],
            [prod, prod_c, poc, poc_c],
            "{state}"
        );
    }
    let a = run(&project("CNCF: incubating", &["v1"]), json!({}));
    assert!(has(
        &advise(&a, &PROD),
        "maturity: Incubating (cncf), supported by the evidence; below the bar for production"
    ));
    assert!(has(
        &advise(&a, &PROD_CONTRIB),
        "relaxed because you will contribute upstream"
    ));
}

#[test]
fn the_lower_of_claimed_and_supported_counts() {
    // Claims graduated, evidence supports only incubating (no governance file).
    let a = run(
        &project("CNCF: graduated", &["v1"]),
        json!({"checks": {"governance": {"passed": false}}}),
    );
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Trial);
    assert!(has(
        &advice,
        "claimed Graduated (cncf), but the evidence supports only Incubating"
    ));
    // No claim (`??`): the supported level counts.
    let a = run(&project("Moby: ??", &["N/A"]), json!({}));
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Adopt);
    assert!(has(
        &advice,
        "no level claimed; the evidence supports Graduated (cncf)"
    ));
    // Neither: unknown maturity.
    let a = run(
        &project("Moby: ??", &["N/A"]),
        json!({"checks": {"code_of_conduct": {"passed": false}}}),
    );
    assert_eq!(verdict(&a, PROD), Verdict::Assess);
    assert_eq!(verdict(&a, POC), Verdict::Trial);
}

#[test]
fn production_needs_stable_apis() {
    let cases = [
        (
            &["v1alpha2"][..],
            Verdict::Assess,
            Verdict::Trial,
            "alpha API (v1alpha2)",
        ),
        (
            &["v1beta1"][..],
            Verdict::Trial,
            Verdict::Adopt,
            "beta API (v1beta1)",
        ),
        (
            &["v0.6.0"][..],
            Verdict::Trial,
            Verdict::Adopt,
            "pre-1.0 version (v0.6.0)",
        ),
        (
            &["deprecated"][..],
            Verdict::Hold,
            Verdict::Hold,
            "the API is deprecated",
        ),
        (
            &["v1", "N/A"][..],
            Verdict::Adopt,
            Verdict::Adopt,
            "stable API (v1)",
        ),
    ];
    for (apis, prod, prod_c, reason) in cases {
        let a = run(&project("CNCF: graduated", apis), json!({}));
        let advice = advise(&a, &PROD);
        assert_eq!(
            (advice.verdict, verdict(&a, PROD_CONTRIB)),
            (prod, prod_c),
            "{apis:?}: {advice:#?}"
        );
        assert!(has(&advice, reason), "{apis:?}: {advice:#?}");
    }
    // A proof of concept can live with alpha, with a warning.
    let a = run(&project("CNCF: graduated", &["v1alpha1"]), json!({}));
    let advice = advise(&a, &POC);
    assert_eq!(advice.verdict, Verdict::Adopt);
    assert!(has(
        &advice,
        "alpha API (v1alpha1): expect breaking changes"
    ));
    let a = run(&project("CNCF: graduated", &["??"]), json!({}));
    assert!(has(&advise(&a, &PROD), "API stability is not stated"));
}

#[test]
fn production_risks_cap_at_trial_unless_you_contribute() {
    let stale_release = json!({"releases": {"latest": {"tag": "v1.2.0", "version": "1.2.0", "date": "2024-01-01T00:00:00Z", "component": null, "prerelease": false}}});
    let one_author = json!({"contributor_absence_factor": 1});
    let one_org = json!({"organizations": {"list": [
        {"name": "acme.com", "kind": "organization", "commits": 900, "share": 0.95, "commits_365d": 456, "share_365d": 0.95, "contributors": 12}
    ]}});
    for (patch, reason) in [
        (
            stale_release,
            "fixes reach you only by building from source",
        ),
        (one_author, "contributor absence factor 1"),
        (one_org, "acme.com wrote 95% of last year's commits"),
    ] {
        // A Kubernetes-stable row: its criteria do not read these figures, so the risk alone caps.
        let a = run(&project("CNCF: stable", &["v1"]), patch);
        assert_eq!(
            a.claim_status,
            radar_assess::assess::ClaimStatus::Matches,
            "{reason}"
        );
        let advice = advise(&a, &PROD);
        assert_eq!(advice.verdict, Verdict::Trial, "{reason}: {advice:#?}");
        assert!(has(&advice, reason), "{advice:#?}");
        let advice = advise(&a, &PROD_CONTRIB);
        assert_eq!(advice.verdict, Verdict::Adopt, "{reason}");
        assert!(has(&advice, "acceptable as you will contribute upstream"));
        assert_eq!(verdict(&a, POC), Verdict::Adopt, "{reason}");
    }
}

#[test]
fn reasons_are_single_lines_most_limiting_first() {
    let mut p = with_platform_use(project("CNCF: sandbox", &["v1alpha1"]), &["AKS\nEngine"]);
    p.state.as_mut().unwrap().body = Some("CNCF".into());
    let a = run(
        &p,
        json!({"lifecycle": {"status": "active", "evidence": null}}),
    );
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Assess);
    assert!(
        advice.reasons.iter().all(|r| !r.contains('\n')),
        "{advice:#?}"
    );
    assert!(
        advice.reasons.first().unwrap().starts_with("maturity")
            || advice.reasons.first().unwrap().starts_with("alpha"),
        "{advice:#?}"
    );
    assert!(
        advice.reasons[advice.reasons.len() - 2]
            .starts_with("formal support is available through AKS Engine")
            && advice.reasons.last().unwrap().starts_with("security: "),
        "{advice:#?}"
    );
}

/// Security weighs on production (docs/advice.md rule 8), never on a proof of concept.
#[test]
fn security_posture_caps_production() {
    let p = with_platform_use(project("CNCF: graduated", &["v1"]), &["AKS"]);
    let weak: Vec<String> = (0..6).map(|i| format!("c{i}")).collect();
    let a = run(
        &p,
        json!({"security": {"aggregate": {"score": 3.4, "label": "git-visible checks", "checks": weak}}}),
    );
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Trial);
    assert!(
        has(&advice, "security: 3.4/10") && has(&advice, "weak security posture"),
        "{advice:#?}"
    );
    assert_eq!(verdict(&a, POC), Verdict::Adopt);
    assert_eq!(
        verdict(
            &a,
            Goal {
                contribute: true,
                ..PROD
            }
        ),
        Verdict::Adopt
    );
    // Too few conclusive checks to judge on: a reason line, no cap.
    let a = run(
        &p,
        json!({"security": {"aggregate": {"score": 3.4, "label": "git-visible checks", "checks": ["a", "b"]}}}),
    );
    assert_eq!(verdict(&a, PROD), Verdict::Adopt);
    // A dangerous workflow is a finding, and caps production.
    let a = run(
        &p,
        json!({"security": {"checks": {"dangerous_workflow": {"score": 0, "lost": [
            {"at": ".github/workflows/t.yml:9", "what": "job t: pull_request_target workflow checks out untrusted code", "points": 10.0}
        ]}}}}),
    );
    assert!(
        a.findings.iter().any(|f| f.rule == "dangerous-workflow"
            && f.evidence[0].starts_with(".github/workflows/t.yml:9")),
        "{:#?}",
        a.findings
    );
    let advice = advise(&a, &PROD);
    assert_eq!(advice.verdict, Verdict::Trial);
    assert!(has(&advice, "dangerous workflow pattern"), "{advice:#?}");
}

#[test]
fn advice_serializes_as_lowercase_verdicts() {
    let a = run(&project("CNCF: sandbox", &["v1"]), json!({}));
    let v = serde_json::to_value(advise(&a, &PROD)).unwrap();
    assert_eq!(v["verdict"], "assess");
    let goal: Goal = serde_json::from_value(
        json!({"goal": "poc", "support_required": true, "contribute": false}),
    )
    .unwrap();
    assert_eq!(
        goal,
        Goal {
            goal: GoalKind::Poc,
            support_required: true,
            contribute: false
        }
    );
}

/// The seed's case: "Use with AKS Engine" under containerd names another
/// project of the catalog (deprecated), a link to a GitHub page is
/// documentation, and only a product page gives formal support.
#[test]
fn platform_use_entries_that_are_not_products_give_no_formal_support() {
    use radar_assess::{Related, assess_in};
    use radar_catalog::{Area, Catalog, Link};
    let link = |label: &str, url: Option<&str>| Link {
        label: label.into(),
        url: url.map(str::to_owned),
        ..Default::default()
    };
    let mut engine = project("Azure: incubating", &["N/A"]);
    engine.name = "AKS Engine".into();
    engine.repo = Some("https://github.com/Azure/aks-engine".into());
    engine.platform_use = vec![link(
        "Azure Stack Hub",
        Some("https://docs.microsoft.com/azure-stack/aks-engine"),
    )];
    let mut kubelet = project("CNCF: sandbox", &["N/A"]);
    kubelet.name = "Virtual Kubelet".into();
    kubelet.repo = Some("https://github.com/virtual-kubelet/virtual-kubelet".into());
    let mut runtime = project("CNCF: graduated", &["v1"]);
    runtime.name = "Containerd".into();
    runtime.repo = Some("https://github.com/containerd/containerd".into());
    runtime.platform_use = vec![link(
        "Use with AKS Engine",
        Some("https://github.com/Azure/aks-engine/blob/master/examples/kubernetes-containerd.json"),
    )];
    let catalog = |runtime: &radar_catalog::Project, engine: &radar_catalog::Project| Catalog {
        title: "Seed".into(),
        areas: vec![Area::new(
            "A",
            [engine.clone(), kubelet.clone(), runtime.clone()],
        )],
        ..Default::default()
    };
    let e = evidence(json!({}));
    let judge =
        |runtime: &radar_catalog::Project, engine: &radar_catalog::Project, related: &Related| {
            assess_in(
                runtime,
                &catalog(runtime, engine),
                EvidenceOutcome::Measured(&e),
                &serde_json::Map::new(),
                related,
                &radar_assess::Models::builtin(),
                as_of(),
            )
        };
    // AKS Engine's own assessment found its README announcing deprecation.
    let mut related = Related::default();
    related.ended.insert(
        "aks-engine".into(),
        "README.md:3: AKS Engine is deprecated".into(),
    );
    let a = judge(&runtime, &engine, &related);
    let routes = a.support.as_ref().unwrap();
    assert_eq!(routes.len(), 1);
    assert!(!routes[0].formal);
    assert_eq!(routes[0].via.as_deref(), Some("aks-engine"));
    assert_eq!(
        routes[0].reason,
        "AKS Engine has ended: README.md:3: AKS Engine is deprecated"
    );
    let advice = advise(&a, &PROD_SUPPORT);
    assert_eq!(advice.verdict, Verdict::Hold, "{advice:#?}");
    assert!(
        has(
            &advice,
            "none of the catalog's entries is one: Use with AKS Engine (AKS Engine has ended"
        ),
        "{advice:#?}"
    );
    assert!(has(
        &advise(&a, &PROD),
        "no formal support: Use with AKS Engine"
    ));
    assert_ne!(
        verdict(&a, PROD),
        Verdict::Hold,
        "support not required: no cap"
    );

    // The catalog's own word that AKS Engine ended is enough.
    let mut ended = engine.clone();
    ended.state = project("Azure: deprecated", &[]).state;
    let a = judge(&runtime, &ended, &Related::default());
    assert!(
        a.support.as_ref().unwrap()[0]
            .reason
            .starts_with("AKS Engine has ended: the catalog lists it as deprecated")
    );

    // Not ended: AKS Engine is supported as part of Azure Stack Hub, and so is what runs on it.
    let a = judge(&runtime, &engine, &Related::default());
    let r = &a.support.as_ref().unwrap()[0];
    assert!(r.formal, "{r:?}");
    assert_eq!(
        r.reason,
        "through AKS Engine, which is supported as part of Azure Stack Hub"
    );
    assert_eq!(verdict(&a, PROD_SUPPORT), Verdict::Adopt);

    // An open-source project of the catalog without a product of its own is not support by itself.
    let mut on_kubelet = runtime.clone();
    on_kubelet.platform_use = vec![link("Virtual Kubelet", Some("https://virtual-kubelet.io"))];
    let a = judge(&on_kubelet, &engine, &Related::default());
    let r = &a.support.as_ref().unwrap()[0];
    assert!(!r.formal);
    assert_eq!(
        r.reason,
        "Virtual Kubelet is an open-source project of this catalog, not a supported product"
    );

    // A GitHub page naming no catalog project is documentation; bare text names no product;
    // a product page gives support.
    let mut mixed = runtime.clone();
    mixed.platform_use = vec![
        link(
            "Setup guide",
            Some("https://github.com/kubernetes-sigs/cloud-provider-azure/blob/master/docs/ccm.md"),
        ),
        link("many more", None),
        link(
            "Azure Kubernetes Service",
            Some("https://docs.microsoft.com/en-us/azure/aks/"),
        ),
    ];
    let a = judge(&mixed, &engine, &Related::default());
    let routes = a.support.as_ref().unwrap();
    assert_eq!(
        routes.iter().map(|r| r.formal).collect::<Vec<_>>(),
        [false, false, true]
    );
    assert_eq!(
        routes[0].reason,
        "a page on github.com (source hosting), not a supported product"
    );
    assert_eq!(
        routes[1].reason,
        "no link: it names no product Radar can point to"
    );
    let advice = advise(&a, &PROD_SUPPORT);
    assert_eq!(advice.verdict, Verdict::Adopt);
    assert!(
        has(
            &advice,
            "formal support is available through Azure Kubernetes Service (for the project"
        ),
        "{advice:#?}"
    );
    // Which projects other rows name (a run assesses them first).
    let names: Vec<String> = radar_assess::support::referenced(&catalog(&runtime, &engine))
        .into_iter()
        .collect();
    assert_eq!(names, ["aks-engine"]);
}

/// A team overrides the rules for an entry they misjudge: `support: true` is
/// formal support, `support: false` none, absent leaves it to the rules —
/// also for the entries of a project another row names.
#[test]
fn the_catalogs_support_field_overrides_the_rules() {
    use radar_assess::{Related, assess_in};
    use radar_catalog::{Area, Catalog, Link};
    let link = |label: &str, url: Option<&str>, support: Option<bool>| Link {
        label: label.into(),
        url: url.map(str::to_owned),
        support,
    };
    let mut engine = project("Azure: incubating", &["N/A"]);
    engine.name = "AKS Engine".into();
    engine.repo = Some("https://github.com/Azure/aks-engine".into());
    engine.platform_use = vec![link(
        "Azure Stack Hub",
        Some("https://docs.microsoft.com/azure-stack/aks-engine"),
        None,
    )];
    let mut runtime = project("CNCF: graduated", &["v1"]);
    runtime.name = "Containerd".into();
    runtime.repo = Some("https://github.com/containerd/containerd".into());
    let judge =
        |runtime: &radar_catalog::Project, engine: &radar_catalog::Project, related: &Related| {
            let catalog = Catalog {
                areas: vec![Area::new("A", [engine.clone(), runtime.clone()])],
                ..Default::default()
            };
            let e = evidence(json!({}));
            assess_in(
                runtime,
                &catalog,
                EvidenceOutcome::Measured(&e),
                &serde_json::Map::new(),
                related,
                &radar_assess::Models::builtin(),
                as_of(),
            )
        };
    let formal = |a: &Assessment| {
        a.support
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.formal)
            .collect::<Vec<_>>()
    };
    let mut related = Related::default();
    related
        .ended
        .insert("aks-engine".into(), "README.md:3: deprecated".into());

    // The rules say no (a GitHub page; a project that has ended; bare text); the catalog says yes.
    runtime.platform_use = vec![
        link(
            "Internal platform",
            Some("https://github.com/acme/platform"),
            Some(true),
        ),
        link("Use with AKS Engine", None, Some(true)),
        link("Our managed offering", None, Some(true)),
    ];
    let a = judge(&runtime, &engine, &related);
    assert_eq!(formal(&a), [true, true, true]);
    let r = &a.support.as_ref().unwrap()[1];
    assert_eq!(
        r.reason,
        "the catalog marks it as formal support (`support: true`)"
    );
    assert_eq!(
        r.via.as_deref(),
        Some("aks-engine"),
        "still names the project it mentions"
    );
    assert_eq!(verdict(&a, PROD_SUPPORT), Verdict::Adopt);

    // The rules say yes (a product page; a live project with a product); the catalog says no.
    runtime.platform_use = vec![
        link(
            "Azure Kubernetes Service",
            Some("https://docs.microsoft.com/en-us/azure/aks/"),
            Some(false),
        ),
        link("Use with AKS Engine", None, Some(false)),
    ];
    let a = judge(&runtime, &engine, &Related::default());
    assert_eq!(formal(&a), [false, false]);
    assert_eq!(
        a.support.as_ref().unwrap()[0].reason,
        "the catalog marks it as not giving formal support (`support: false`)"
    );
    assert_eq!(verdict(&a, PROD_SUPPORT), Verdict::Hold);

    // Absent: the rules decide (the same entries as above, judged).
    runtime.platform_use = vec![
        link(
            "Azure Kubernetes Service",
            Some("https://docs.microsoft.com/en-us/azure/aks/"),
            None,
        ),
        link("Use with AKS Engine", None, None),
    ];
    assert_eq!(
        formal(&judge(&runtime, &engine, &Related::default())),
        [true, true]
    );
    assert_eq!(formal(&judge(&runtime, &engine, &related)), [true, false]);

    // The named project's own entries count as the catalog marks them.
    let mut engine_off = engine.clone();
    engine_off.platform_use[0].support = Some(false);
    let a = judge(&runtime, &engine_off, &Related::default());
    assert_eq!(formal(&a), [true, false]);
    assert!(
        a.support.as_ref().unwrap()[1]
            .reason
            .contains("not a supported product")
    );

    // An entry the catalog decides does not make a run judge the project it names first.
    runtime.platform_use = vec![link("Use with AKS Engine", None, Some(true))];
    let catalog = Catalog {
        areas: vec![Area::new("A", [engine.clone(), runtime.clone()])],
        ..Default::default()
    };
    assert!(radar_assess::support::referenced(&catalog).is_empty());
}

/// Assessments stored before entries were judged still read: every entry counts.
#[test]
fn older_assessments_without_judged_entries_count_every_entry() {
    let mut a = run(
        &with_platform_use(project("CNCF: graduated", &["v1"]), &["AKS"]),
        json!({}),
    );
    a.support = None;
    assert_eq!(verdict(&a, PROD_SUPPORT), Verdict::Adopt);
    let mut v = serde_json::to_value(&a).unwrap();
    v.as_object_mut().unwrap().remove("support");
    let back: Assessment = serde_json::from_value(v).unwrap();
    assert!(back.support.is_none());
}

/// What a run learns about a project that has ended, as other rows' entries quote it.
#[test]
fn related_records_an_ended_project_in_a_few_words() {
    use radar_assess::Related;
    let mut related = Related::default();
    let deprecated = run(
        &project("Azure: incubating", &[]),
        json!({"lifecycle": {"status": "deprecated", "evidence": "README.md:5: This project is deprecated for Azure public cloud customers. Please use AKS"}}),
    );
    related.record(&deprecated);
    assert_eq!(
        related.ended["widget"],
        "its repository announces it is deprecated (README.md:5)"
    );
    let archived = run_extra(
        &project("CNCF: sandbox", &[]),
        json!({"github": {"archived": true}}),
    );
    related.record(&archived);
    assert_eq!(
        related.ended["widget"],
        "GitHub marks the repository as archived"
    );
    let mut active = Related::default();
    active.record(&run(&project("CNCF: sandbox", &[]), json!({})));
    assert!(active.ended.is_empty());
}

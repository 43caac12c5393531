//! The Kubernetes manifests in `deploy/kubernetes` parse, and carry what a
//! deployment needs: pinned images, resource requests within limits, probes on
//! declared ports, the database URL from the Secret, a git cache volume for
//! workers, a grace period longer than the worker's, matching selectors, and a
//! kustomization that lists every manifest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/kubernetes")
}

/// Every document of every YAML file below `dir`, with its file name.
fn documents(dir: &Path) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = walk(dir);
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let docs: Vec<Value> = serde_saphyr::from_multiple(&text)
            .unwrap_or_else(|e| panic!("{} does not parse as YAML: {e}", path.display()));
        let name = path.strip_prefix(dir).unwrap().display().to_string();
        assert!(!docs.is_empty(), "{name} is empty");
        for doc in docs {
            out.push((name.clone(), doc));
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    out
}

fn kind(doc: &Value) -> &str {
    doc["kind"].as_str().unwrap_or("")
}

fn name(doc: &Value) -> &str {
    doc["metadata"]["name"].as_str().unwrap_or("")
}

/// CPU in millicores, memory in bytes, from Kubernetes quantities.
fn quantity(q: &Value) -> f64 {
    let text = match q {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("not a quantity: {other}"),
    };
    let units = [
        ("Ki", 1024f64),
        ("Mi", 1024f64.powi(2)),
        ("Gi", 1024f64.powi(3)),
        ("Ti", 1024f64.powi(4)),
        ("m", 0.001),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
    ];
    for (suffix, factor) in units {
        if let Some(n) = text.strip_suffix(suffix) {
            return n
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("bad quantity {text}"))
                * factor;
        }
    }
    text.parse()
        .unwrap_or_else(|_| panic!("bad quantity {text}"))
}

/// The pod spec inside a Deployment, StatefulSet or CronJob.
fn pod_spec(doc: &Value) -> &Value {
    match kind(doc) {
        "CronJob" => &doc["spec"]["jobTemplate"]["spec"]["template"]["spec"],
        _ => &doc["spec"]["template"]["spec"],
    }
}

fn check_container(file: &str, owner: &str, c: &Value, radar: bool) {
    let cname = c["name"].as_str().unwrap_or("?");
    let at = format!("{file}: {owner}/{cname}");
    let image = c["image"]
        .as_str()
        .unwrap_or_else(|| panic!("{at}: no image"));
    let (_, tag) = image
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("{at}: image {image} has no tag"));
    assert!(
        tag != "latest" && !tag.is_empty(),
        "{at}: image {image} is not pinned"
    );
    if radar {
        assert!(
            image.starts_with("radar:"),
            "{at}: the kustomization rewrites `radar`, not {image}"
        );
    }
    for what in ["cpu", "memory"] {
        let req = &c["resources"]["requests"][what];
        let lim = &c["resources"]["limits"][what];
        assert!(
            !req.is_null() && !lim.is_null(),
            "{at}: resources.requests/limits.{what} missing"
        );
        assert!(
            quantity(req) <= quantity(lim),
            "{at}: {what} request {req} above limit {lim}"
        );
    }
    if radar {
        let env = c["env"]
            .as_array()
            .unwrap_or_else(|| panic!("{at}: no env"));
        let db = env
            .iter()
            .find(|e| e["name"] == "RADAR_DATABASE_URL")
            .unwrap_or_else(|| panic!("{at}: no RADAR_DATABASE_URL"));
        let secret = &db["valueFrom"]["secretKeyRef"];
        assert_eq!(
            secret["name"], "radar-database",
            "{at}: database URL must come from the Secret"
        );
        assert_eq!(secret["key"], "RADAR_DATABASE_URL", "{at}");
        assert!(
            c["securityContext"]["allowPrivilegeEscalation"] == false,
            "{at}: allowPrivilegeEscalation must be false"
        );
    }
}

/// Probes must exist and point at a port the container declares.
fn check_probes(file: &str, owner: &str, c: &Value, paths: Option<(&str, &str)>) {
    let at = format!("{file}: {owner}/{}", c["name"].as_str().unwrap_or("?"));
    let ports: BTreeSet<String> = c["ports"]
        .as_array()
        .unwrap_or_else(|| panic!("{at}: no ports"))
        .iter()
        .flat_map(|p| {
            [
                p["name"].as_str().map(str::to_owned),
                p["containerPort"].as_u64().map(|n| n.to_string()),
            ]
        })
        .flatten()
        .collect();
    for (probe, want) in [
        ("livenessProbe", paths.map(|p| p.0)),
        ("readinessProbe", paths.map(|p| p.1)),
    ] {
        let p = &c[probe];
        assert!(p.is_object(), "{at}: {probe} missing");
        if let Some(want) = want {
            assert_eq!(p["httpGet"]["path"], want, "{at}: {probe} path");
            let port = match &p["httpGet"]["port"] {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => panic!("{at}: {probe} port {other}"),
            };
            assert!(
                ports.contains(&port),
                "{at}: {probe} port {port} is not declared ({ports:?})"
            );
        } else {
            assert!(
                p["exec"].is_object() || p["httpGet"].is_object() || p["tcpSocket"].is_object(),
                "{at}: {probe}"
            );
        }
    }
}

#[test]
fn every_manifest_parses_and_names_itself() {
    let docs = documents(&deploy_dir());
    assert!(
        docs.len() >= 8,
        "expected the web, worker, cron and dev manifests, found {}",
        docs.len()
    );
    for (file, doc) in &docs {
        assert!(doc["apiVersion"].is_string(), "{file}: apiVersion");
        assert!(!kind(doc).is_empty(), "{file}: kind");
        if kind(doc) != "Kustomization" {
            assert!(!name(doc).is_empty(), "{file}: metadata.name");
        }
    }
}

#[test]
fn the_kustomizations_list_every_manifest_and_nothing_missing() {
    for dir in [deploy_dir(), deploy_dir().join("dev")] {
        let text = std::fs::read_to_string(dir.join("kustomization.yaml")).unwrap();
        let k: Value = serde_saphyr::from_str(&text).unwrap();
        let listed: BTreeSet<String> = k["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect();
        for r in &listed {
            assert!(
                dir.join(r).exists(),
                "{}: resource {r} does not exist",
                dir.display()
            );
        }
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.ends_with(".yaml") && n != "kustomization.yaml" && !n.ends_with(".example.yaml")
            })
            .collect();
        let missing: Vec<_> = on_disk.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "{}: not in the kustomization: {missing:?}",
            dir.display()
        );
    }
}

#[test]
fn deployments_have_pinned_images_resources_probes_and_the_database_secret() {
    let docs = documents(&deploy_dir());
    let mut seen = BTreeMap::new();
    for (file, doc) in docs
        .iter()
        .filter(|(_, d)| matches!(kind(d), "Deployment" | "StatefulSet"))
    {
        let owner = name(doc);
        // The selector must pick the pods the template makes.
        let selector = doc["spec"]["selector"]["matchLabels"].as_object().unwrap();
        let labels = doc["spec"]["template"]["metadata"]["labels"]
            .as_object()
            .unwrap();
        for (k, v) in selector {
            assert_eq!(
                labels.get(k),
                Some(v),
                "{file}: {owner}: selector {k} does not match the pod labels"
            );
        }
        let containers = pod_spec(doc)["containers"].as_array().unwrap();
        assert!(!containers.is_empty());
        let radar = owner.starts_with("radar-") && owner != "radar-postgres";
        for c in containers {
            check_container(file, owner, c, radar);
            let paths = radar.then_some(("/healthz", "/readyz"));
            check_probes(file, owner, c, paths);
        }
        seen.insert(owner.to_owned(), doc.clone());
    }
    let web = &seen["radar-web"];
    assert_eq!(pod_spec(web)["containers"][0]["args"][0], "serve");
    let worker = &seen["radar-worker"];
    let spec = pod_spec(worker);
    let c = &spec["containers"][0];
    assert_eq!(c["args"][0], "worker");
    // The git cache: RADAR_CACHE_DIR is a mounted emptyDir or PVC.
    let cache = c["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "RADAR_CACHE_DIR")
        .and_then(|e| e["value"].as_str())
        .expect("worker sets RADAR_CACHE_DIR");
    let mount = c["volumeMounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mountPath"] == cache)
        .expect("the git cache is mounted");
    let volume = spec["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == mount["name"])
        .expect("the cache volume exists");
    assert!(volume["emptyDir"].is_object() || volume["persistentVolumeClaim"].is_object());
    // Kubernetes must wait longer than the worker's own shutdown grace, or
    // SIGKILL comes before the current job is released.
    let k8s_grace = spec["terminationGracePeriodSeconds"]
        .as_u64()
        .expect("grace period set");
    let worker_grace = radar_store::WorkerOptions::new("x")
        .shutdown_grace
        .as_secs();
    assert!(
        k8s_grace > worker_grace + 5,
        "terminationGracePeriodSeconds {k8s_grace} vs worker grace {worker_grace}"
    );
    assert!(
        seen.contains_key("radar-postgres"),
        "the dev overlay's database"
    );
}

#[test]
fn services_select_their_pods_and_target_declared_ports() {
    let docs = documents(&deploy_dir());
    let workloads: Vec<&Value> = docs
        .iter()
        .map(|(_, d)| d)
        .filter(|d| matches!(kind(d), "Deployment" | "StatefulSet"))
        .collect();
    let services: Vec<&(String, Value)> =
        docs.iter().filter(|(_, d)| kind(d) == "Service").collect();
    assert!(services.iter().any(|(_, s)| name(s) == "radar-web"));
    for (file, svc) in services {
        let selector = svc["spec"]["selector"].as_object().unwrap();
        let target = workloads
            .iter()
            .find(|w| {
                let labels = w["spec"]["template"]["metadata"]["labels"]
                    .as_object()
                    .unwrap();
                selector.iter().all(|(k, v)| labels.get(k) == Some(v))
            })
            .unwrap_or_else(|| panic!("{file}: service {} selects no workload", name(svc)));
        let port_names: BTreeSet<&str> = pod_spec(target)["containers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c["ports"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|p| p["name"].as_str())
            })
            .collect();
        for p in svc["spec"]["ports"].as_array().unwrap() {
            let t = p["targetPort"].as_str().unwrap();
            assert!(
                port_names.contains(t),
                "{file}: targetPort {t} not declared"
            );
        }
    }
}

#[test]
fn cron_jobs_enqueue_and_prune_on_valid_schedules() {
    let docs = documents(&deploy_dir());
    let crons: Vec<&(String, Value)> = docs.iter().filter(|(_, d)| kind(d) == "CronJob").collect();
    let mut commands = BTreeSet::new();
    for (file, cron) in crons {
        let schedule = cron["spec"]["schedule"].as_str().unwrap();
        let fields: Vec<&str> = schedule.split_whitespace().collect();
        assert_eq!(
            fields.len(),
            5,
            "{file}: schedule {schedule:?} needs 5 fields"
        );
        assert!(
            fields
                .iter()
                .all(|f| f.chars().all(|c| c.is_ascii_digit() || "*/,-".contains(c))),
            "{file}: schedule {schedule:?}"
        );
        assert_eq!(
            cron["spec"]["concurrencyPolicy"], "Forbid",
            "{file}: runs must not overlap"
        );
        let spec = pod_spec(cron);
        assert!(
            matches!(spec["restartPolicy"].as_str(), Some("OnFailure" | "Never")),
            "{file}"
        );
        let c = &spec["containers"][0];
        check_container(file, name(cron), c, true);
        let args: Vec<&str> = c["args"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        commands.insert(args.join(" "));
    }
    assert!(
        commands.iter().any(|c| c.starts_with("assess --enqueue")),
        "{commands:?}"
    );
    assert!(commands.contains("prune"), "{commands:?}");
}

#[test]
fn the_secret_example_matches_what_the_manifests_read() {
    let text = std::fs::read_to_string(deploy_dir().join("secret.example.yaml")).unwrap();
    let secret: Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(name(&secret), "radar-database");
    let url = secret["stringData"]["RADAR_DATABASE_URL"].as_str().unwrap();
    assert!(url.starts_with("postgres://"));
    let dev = std::fs::read_to_string(deploy_dir().join("dev/kustomization.yaml")).unwrap();
    let dev: Value = serde_saphyr::from_str(&dev).unwrap();
    let generated = dev["secretGenerator"].as_array().unwrap();
    let db = generated
        .iter()
        .find(|g| g["name"] == "radar-database")
        .expect("dev generates the Secret");
    assert!(
        db["literals"][0]
            .as_str()
            .unwrap()
            .starts_with("RADAR_DATABASE_URL=postgres://")
    );
}

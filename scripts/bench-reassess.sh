#!/usr/bin/env bash
# Benchmark (issue 4): re-assessing a 2,500-project catalog whose
# repositories did not move, without fetching. Target: under 5 s.
#
# 1. builds, by script, N small bare repositories (a README, governance
#    files, 24 commits by three organisations over two years, two release
#    tags; every repository has its own HEAD) and a catalog of N projects
#    whose repositories are https://bench.example/r/NAME URLs, sent to those
#    folders by a `url.<base>.insteadOf` rule in a private git configuration;
# 2. runs `radar assess` once: clones every repository into the cache,
#    measures and assesses it, fills a fresh SQLite store;
# 3. times `radar assess --no-fetch` RUNS times: every HEAD is unchanged,
#    so the stored evidence is reused (read HEAD, one indexed query, assess,
#    save the snapshots in batches).
#
#   scripts/bench-reassess.sh              # 2,500 projects
#   N=500 RUNS=5 scripts/bench-reassess.sh
#
# Environment: N (projects, default 2500), RUNS (default 3), JOBS (threads,
# default: CPUs), BENCH_DIR (default target/bench-reassess; the repositories
# are kept there between runs), RADAR=path to use a prebuilt binary.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${N:-2500}
runs=${RUNS:-3}
jobs=${JOBS:-$(nproc)}
work=$(realpath -m "${BENCH_DIR:-target/bench-reassess}")
mkdir -p "$work"

if [ -z "${RADAR:-}" ]; then
    cargo build --quiet --profile bench -p radar
    RADAR=target/release/radar
fi
RADAR=$(realpath "$RADAR")

# A private world: no user configuration, no GitHub token, no Radar settings.
home="$work/home"
mkdir -p "$home"
printf '[url "file://%s/repos/"]\n\tinsteadOf = https://bench.example/r/\n' "$work" >"$home/gitconfig"
export HOME="$home" GIT_CONFIG_GLOBAL="$home/gitconfig" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset GITHUB_TOKEN GITHUB_TOKENS RADAR_DATABASE_URL RADAR_CATALOG RADAR_CACHE_DIR XDG_CACHE_HOME

# One repository: a fast-import stream with fixed dates (2023-07 to 2025-06).
make_repo() {
    local i=$1 dir="$work/repos/r$1"
    git init -q --bare "$dir"
    awk -v i="$i" '
    function file(path, body) { printf "M 100644 inline %s\ndata %d\n%s\n", path, length(body), body }
    BEGIN {
        t = 1688371200  # 2023-07-03
        split("ann@acme.com bob@globex.com cy@initech.com", who, " ")
        for (c = 1; c <= 24; c++) {
            e = who[(c + i) % 3 + 1]
            msg = "change " c " of project " i "\n"
            printf "commit refs/heads/main\nmark :%d\n", c
            printf "author %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n", e, e, t, e, e, t
            printf "data %d\n%s", length(msg), msg
            if (c > 1) printf "from :%d\n", c - 1
            if (c == 1) {
                file("README.md", "# Project " i "\n\nA benchmark project.\n")
                file("LICENSE", "Apache License\nVersion 2.0, January 2004\n")
                file("CODE_OF_CONDUCT.md", "# Code of conduct\nWe follow the CNCF code of conduct.\n")
                file("MAINTAINERS.md", "# Maintainers\n- Ann (Acme)\n- Bob (Globex)\n")
            }
            file("CHANGES.md", "release notes " c "\n")
            if (c == 12 || c == 22) {
                printf "tag v1.%d.0\nfrom :%d\ntagger %s <%s> %d +0000\ndata 8\nrelease\n\n", (c == 12 ? 0 : 1), c, e, e, t
            }
            t += 2592000  # 30 days
        }
    }' | git -C "$dir" fast-import --quiet
    git -C "$dir" symbolic-ref HEAD refs/heads/main
}

if [ "$(cat "$work/repos/.count" 2>/dev/null)" != "$n" ]; then
    echo "building $n repositories in $work/repos …" >&2
    rm -rf "$work/repos"
    mkdir -p "$work/repos"
    start=$(date +%s)
    for ((i = 0; i < n; i++)); do make_repo "$i"; done
    echo "$n" >"$work/repos/.count"
    echo "  built in $(($(date +%s) - start)) s" >&2
fi

catalog="$work/catalog.yaml"
{
    echo "title: Benchmark catalog ($n projects)"
    echo "areas:"
    for ((i = 0; i < n; i++)); do
        if ((i % 50 == 0)); then printf -- '- name: Area %d\n  projects:\n' $((i / 50)); fi
        printf -- '  - name: Project %d\n    repo: https://bench.example/r/r%d\n    state:\n      body: CNCF\n      level: %s\n' \
            "$i" "$i" "$(case $((i % 3)) in 0) echo sandbox ;; 1) echo incubating ;; *) echo graduated ;; esac)"
    done
} >"$catalog"

db="$work/radar.db"
rm -f "$db" "$db-wal" "$db-shm"
rm -rf "$work/cache"
common=(assess --catalog "$catalog" --database "sqlite://$db" --cache-dir "$work/cache" --jobs "$jobs" --quiet)

now() { date +%s.%N; }
echo "first run: clone $n repositories, measure, assess, store …" >&2
t0=$(now)
"$RADAR" "${common[@]}" 2>"$work/first.log" || { cat "$work/first.log" >&2; exit 1; }
t1=$(now)
first=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
grep '^assessed' "$work/first.log" >&2

times=()
for ((r = 1; r <= runs; r++)); do
    t0=$(now)
    "$RADAR" "${common[@]}" --no-fetch 2>"$work/rerun.log" || { cat "$work/rerun.log" >&2; exit 1; }
    t1=$(now)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    grep -q "0 measured, $n unchanged" "$work/rerun.log" || { echo "expected every project unchanged:" >&2; cat "$work/rerun.log" >&2; exit 1; }
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
min=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
per=$(awk -v m="$median" -v n="$n" 'BEGIN { printf "%.2f", m * 1000 / n }')
printf 'first run (clone + measure + assess + store): %.2f s for %d projects\n' "$first" "$n"
printf 're-assessment, unchanged HEADs, --no-fetch:  min %.2f s, median %.2f s over %d runs (%s ms a project; target < 5 s)\n' "$min" "$median" "$runs" "$per"

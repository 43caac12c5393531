#!/usr/bin/env bash
# Benchmark: `radar inspect --format json --no-fetch` (full evidence: history,
# organisations, releases, file checks) against
# `git log --format='%aN|%aE|%at' HEAD` on the same bare repository, side by
# side in one run, without a commit-graph (a clone as `git clone` leaves it)
# and with one (as Radar's cache keeps it). With FOLDER=dir, also a folder of
# the repository: `radar inspect --path dir` against `git log … HEAD -- dir`.
# Prints min/median wall time of each, the ratios against their targets and
# radar's peak RSS.
#
#   scripts/bench-inspect.sh                # builds a synthetic repository (60,000 commits)
#   scripts/bench-inspect.sh /path/to/x.git # any repository, e.g. a mirror of moby
#   FOLDER=cluster-autoscaler/cloudprovider/azure scripts/bench-inspect.sh /work/.mirror/kubernetes+autoscaler/repo
#
# The repository is copied first (`git clone --bare --local`: hard links) and
# only the copy gets its commit-graph removed and written: the original is
# never written to.
#
# Environment: RUNS (default 7), COMMITS (synthetic size, default 60000),
# AUTHORS (default 3000), BENCH_DIR (default target/bench-inspect),
# FOLDER (a folder to measure too), RADAR=path to use a prebuilt binary,
# HEAP=1 to also print radar's peak heap (valgrind massif; RSS includes the
# mapped pack file, the heap shows what grows with identities or commits).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-7}
commits=${COMMITS:-60000}
authors=${AUTHORS:-3000}
work=${BENCH_DIR:-target/bench-inspect}
folder=${FOLDER:-}
mkdir -p "$work"
work=$(cd "$work" && pwd)
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C

if ! [ -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else
        echo "bench-inspect: /usr/bin/time is needed (apt-get install time)" >&2
        exit 1
    fi
fi

# A synthetic history: $commits commits by $authors authors over 400 email
# domains (plus free-mail), each touching one of 500 files, a tag every 500
# commits, a merge every 200, and the usual governance files.
synthetic() {
    local repo=$1
    rm -rf "$repo"
    git init -q --bare "$repo"
    awk -v n="$commits" -v a="$authors" 'BEGIN {
        t = 1262304000  # 2010-01-01
        step = int((1735689600 - t) / n)
        files["README.md"] = "# synthetic\n\nA benchmark repository.\n"
        files["LICENSE"] = "Apache License\nVersion 2.0, January 2004\n"
        files["CONTRIBUTING.md"] = "# Contributing\n"
        files["OWNERS"] = "approvers:\n  - a\n  - b\n"
        files[".github/workflows/ci.yml"] = "jobs: {}\n"
        for (i = 1; i <= n; i++) {
            k = (i * 7919) % a
            if (k % 5 == 0) dom = "gmail.com"; else dom = "corp" (k % 400) ".example.com"
            name = "Author " k
            email = "dev" k "@" dom
            t += step
            msg = "change " i "\n\nSigned-off-by: " name " <" email ">\n"
            printf "commit refs/heads/main\nmark :%d\n", i
            printf "author %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n", name, email, t, name, email, t
            printf "data %d\n%s", length(msg), msg
            if (i > 1) printf "from :%d\n", i - 1
            if (i > 2 && i % 200 == 0) printf "merge :%d\n", side
            if (i == 1) {
                for (f in files) printf "M 644 inline %s\ndata %d\n%s\n", f, length(files[f]), files[f]
            }
            body = "line " i "\n"
            printf "M 644 inline src/mod%d/file%d.go\ndata %d\n%s\n", (i % 50), (i % 500), length(body), body
            if (i % 200 == 100) {
                # a side commit, merged 100 commits later
                side = n + i
                smsg = "side " i "\n"
                printf "commit refs/heads/side\nmark :%d\n", side
                printf "author %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n", name, email, t, name, email, t
                printf "data %d\n%s", length(smsg), smsg
                printf "from :%d\n", i
                printf "M 644 inline side/file%d.txt\ndata %d\n%s\n", i, length(smsg), smsg
            }
            if (i % 500 == 0) printf "reset refs/tags/v%d.%d.0\nfrom :%d\n\n", int(i / 5000), int(i / 500) % 10, i
        }
    }' | git --git-dir="$repo" fast-import --quiet
    git --git-dir="$repo" symbolic-ref HEAD refs/heads/main
    git --git-dir="$repo" gc -q --aggressive --prune=now 2>/dev/null || git --git-dir="$repo" repack -adq
}

if [ $# -ge 1 ]; then
    source=$1
    repo=$work/copy.git
    rm -rf "$repo"
    git clone -q --bare --local "$source" "$repo"
else
    repo=$work/synthetic-$commits.git
    if ! git --git-dir="$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
        echo "building a synthetic repository with $commits commits in $repo" >&2
        synthetic "$repo"
    fi
fi

if [ -n "${RADAR:-}" ]; then
    radar=$RADAR
else
    echo "building radar (release)" >&2
    cargo build --release -q -p radar
    radar=$PWD/target/release/radar
fi

count=$(git --git-dir="$repo" rev-list --count HEAD)
# As git counts them in a bare repository: with HEAD's .mailmap (a mirror without
# a config file is not known to be bare, so name the mailmap explicitly).
idents=$(git --git-dir="$repo" -c mailmap.blob=HEAD:.mailmap shortlog -sne HEAD | wc -l)
echo "repository: ${1:-$repo} ($count commits, $idents identities; measured on a copy)"

# time_it OUT CMD...: appends "seconds peak_kib" for one run to OUT (wall time
# in nanoseconds from date, as /usr/bin/time only has 10 ms steps).
time_it() {
    local out=$1 start end
    shift
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/time.tmp" "$@" >/dev/null 2>"$work/stderr.tmp" || {
        echo "failed: $*" >&2
        cat "$work/stderr.tmp" >&2
        exit 1
    }
    end=$(date +%s%N)
    echo "$(echo "($end - $start) / 1000000000" | bc -l) $(cat "$work/time.tmp")" >>"$out"
}

stats() { sort -g "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%.4f %.4f %d", t[1], t[int((NR + 1) / 2)], m }'; }

graph() {
    rm -f "$repo/objects/info/commit-graph"
    rm -rf "$repo/objects/info/commit-graphs"
    if [ "$1" = with ]; then git --git-dir="$repo" commit-graph write --reachable 2>/dev/null; fi
}

# phase NAME TARGET [FOLDER]: radar and git alternately, RUNS times each
# after one warm-up each; prints one row.
phase() {
    local name=$1 target=$2 path=${3:-} rmin rmed rmem gmin gmed gmem
    local rargs=(inspect "$repo" --no-fetch --format json) gargs=(log --format='%aN|%aE|%at' HEAD)
    if [ -n "$path" ]; then
        rargs+=(--path "$path")
        gargs+=(-- "$path")
    fi
    rm -f "$work/radar.times" "$work/git.times"
    "$radar" "${rargs[@]}" >"$work/evidence.json" 2>/dev/null
    git --git-dir="$repo" "${gargs[@]}" >/dev/null
    for _ in $(seq "$runs"); do
        time_it "$work/radar.times" "$radar" "${rargs[@]}"
        time_it "$work/git.times" git --git-dir="$repo" "${gargs[@]}"
    done
    read -r rmin rmed rmem <<<"$(stats "$work/radar.times")"
    read -r gmin gmed gmem <<<"$(stats "$work/git.times")"
    printf '%-34s %8.3fs %8.3fs %8.3fs %8.3fs   %5.2f  %5.2f   <= %s   %7.1f MiB\n' "$name" \
        "$rmin" "$rmed" "$gmin" "$gmed" "$(echo "$rmed / $gmed" | bc -l)" "$(echo "$rmin / $gmin" | bc -l)" \
        "$target" "$(echo "$rmem / 1024" | bc -l)"
    local radar_c git_c
    radar_c=$(grep -m1 '"contributors"' "$work/evidence.json" | tr -dc '0-9')
    if [ -n "$path" ]; then
        git_c=$(git --git-dir="$repo" -c mailmap.blob=HEAD:.mailmap shortlog -sne HEAD -- "$path" | wc -l)
    else
        git_c=$idents
    fi
    echo "$radar_c $git_c" >>"$work/contributors.tmp"
}

rm -f "$work/contributors.tmp"
printf '%-34s %9s %9s %9s %9s   %5s  %5s   %-7s  %s\n' "" "radar min" "median" "git min" "median" \
    "ratio" "(min)" "target" "radar peak RSS"
graph without
phase "full evidence, no commit-graph" 0.80
graph with
phase "full evidence, with commit-graph" 0.60
if [ -n "$folder" ]; then
    phase "folder, with commit-graph" 1.50 "$folder"
    graph without
    phase "folder, no commit-graph" 1.50 "$folder"
fi
while read -r radar_c git_c; do
    echo "contributors: radar $radar_c, git shortlog -sne $git_c"
done <"$work/contributors.tmp"
if [ "${HEAP:-0}" = 1 ] && command -v valgrind >/dev/null; then
    graph with
    valgrind --tool=massif --massif-out-file="$work/massif.out" "$radar" inspect "$repo" --no-fetch --format json >/dev/null 2>&1
    heap=$(sed -n 's/^mem_heap_B=//p' "$work/massif.out" | sort -n | tail -1)
    printf 'radar peak heap (massif, with commit-graph): %.1f MiB\n' "$(echo "$heap / 1048576" | bc -l)"
fi

#!/usr/bin/env bash
# Benchmark: Radar's first run on a repository (a partial clone into an empty
# cache, the trees and files it reads fetched by id, the full evidence
# measured) against a complete `git clone --bare` of the same repository
# through the same loopback server (git daemon, filters allowed, behind a
# proxy that counts the bytes sent). Prints bytes received and wall time of
# each, their ratios, and the cache's size after; then checks that the
# partial copy measures exactly what the complete clone measures.
#
#   scripts/bench-clone.sh                 # the widget fixture of the tests (tiny)
#   scripts/bench-clone.sh /work/.mirror/moby+moby/repo
#   FOLDER=cluster-autoscaler/cloudprovider/azure scripts/bench-clone.sh /work/.mirror/kubernetes+autoscaler/repo
#
# The repository is copied first (`git clone --bare --local`, hard links);
# the source is never written to. A complete `git clone` needs every object:
# when the source lacks some (the mirrors here are partial clones that left
# out a few large files), the script rebuilds its history from the objects it
# has with each missing file replaced by a one-line note, once (kept in
# BENCH_DIR), and says so. The history (commits, authors, dates, tags) is the
# same; object ids from the first replaced file on are not.
#
# Environment: BENCH_DIR (default target/bench-clone), RADAR (a prebuilt
# binary), FILTERS (default "tree:0 blob:none": Radar's clone filters to
# compare, as RADAR_CLONE_FILTER takes them), AS_OF (default: today, UTC),
# FOLDER (measure this folder: `radar inspect --path`).
set -euo pipefail
cd "$(dirname "$0")/.."

work=${BENCH_DIR:-target/bench-clone}
filters=${FILTERS:-tree:0 blob:none}
mkdir -p "$work"
work=$(cd "$work" && pwd)
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C

if [ -n "${RADAR:-}" ]; then
    radar=$RADAR
else
    echo "building radar and the loopback server (release)" >&2
    cargo build --release -q -p radar
    radar=$PWD/target/release/radar
fi
cargo build --release -q -p radar-evidence --example git_serve
serve=$PWD/target/release/examples/git_serve

# The repository to serve: srv/repo.git, complete.
srv=$work/srv
name=repo.git
if [ $# -ge 1 ]; then
    source=$(cd "$1" && pwd)
else
    source=$work/widget
    rm -rf "$source"
    sh crates/radar-evidence/tests/fixtures/widget.sh "$source" >/dev/null
fi
stamp="$source $(git --git-dir="$source" rev-parse HEAD 2>/dev/null || git -C "$source" rev-parse HEAD)"
if [ "$(cat "$work/srv.source" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$srv" "$work/copy.git"
    mkdir -p "$srv"
    git clone -q --bare --local "$source" "$work/copy.git"
    missing=$(git --git-dir="$work/copy.git" rev-list --objects --all --missing=print | grep -c '^?' || true)
    if [ "$missing" -eq 0 ]; then
        mv "$work/copy.git" "$srv/$name"
    else
        echo "the source lacks $missing object(s) (a partial mirror): rebuilding its history with each replaced by a note, once" >&2
        git --git-dir="$work/copy.git" rev-list --objects --all --missing=print | sed -n 's/^?//p' >"$work/missing.txt"
        note=$(echo "file left out of the mirror this benchmark was built from" | git --git-dir="$work/copy.git" hash-object -w --stdin)
        git init -q --bare "$srv/$name"
        # The rebuilt history finds the unchanged objects through the copy's packs.
        echo "$work/copy.git/objects" >"$srv/$name/objects/info/alternates"
        git --git-dir="$work/copy.git" fast-export --all --no-data --signed-tags=strip --tag-of-filtered-object=drop --reencode=no |
            awk -v note="$note" -v list="$work/missing.txt" 'BEGIN { while ((getline m < list) > 0) gone[m] = 1 }
                $1 == "M" && ($3 in gone) { sub(" " $3 " ", " " note " ") } { print }' |
            git --git-dir="$srv/$name" fast-import --quiet
        git --git-dir="$srv/$name" symbolic-ref HEAD "$(git --git-dir="$work/copy.git" symbolic-ref HEAD)"
        git --git-dir="$srv/$name" repack -adq
        rm "$srv/$name/objects/info/alternates"
        rm -rf "$work/copy.git"
        left=$(git --git-dir="$srv/$name" rev-list --objects --all --missing=print | grep -c '^?' || true)
        [ "$left" -eq 0 ] || { echo "the rebuilt repository still lacks $left object(s)" >&2; exit 1; }
    fi
    git --git-dir="$srv/$name" config uploadpack.allowFilter true
    echo "$stamp" >"$work/srv.source"
fi
count=$(git --git-dir="$srv/$name" rev-list --count HEAD)
echo "repository: ${1:-widget fixture} ($count commits, $(du -sh "$srv/$name" | cut -f1) served)"

# The server, on a free loopback port, counting bytes sent into $work/sent.
exec 3> >("$serve" "$srv" "$work/sent" >"$work/serve.out")
for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
base=$(head -1 "$work/serve.out")
[ -n "$base" ] || { echo "the loopback server did not start" >&2; exit 1; }
sent() { sleep 0.3; cat "$work/sent"; }
now() { date +%s%N; }
secs() { echo "($2 - $1) / 1000000000" | bc -l; }
mib() { echo "$1 / 1048576" | bc -l; }

# The complete clone.
rm -rf "$work/complete.git"
b0=$(sent) t0=$(now)
git clone -q --bare "$base/$name" "$work/complete.git"
t1=$(now) b1=$(sent)
full_bytes=$((b1 - b0)) full_time=$(secs "$t0" "$t1")
printf '%-44s %9.1f MiB %8.2f s   disk %s\n' "git clone --bare (complete)" "$(mib "$full_bytes")" "$full_time" \
    "$(du -sh "$work/complete.git" | cut -f1)"

# One as-of date for every measurement, so that their evidence can be compared;
# FOLDER measures a folder of the repository (a project in a monorepo).
as_of=(--as-of "${AS_OF:-$(date -u +%F)}")
[ -n "${FOLDER:-}" ] && as_of+=(--path "$FOLDER")
"$radar" inspect "$work/complete.git" --format json "${as_of[@]}" >"$work/complete.json" 2>/dev/null

for filter in $filters; do
    cache=$work/cache-${filter//[:\/]/_}
    rm -rf "$cache"
    b0=$(sent) t0=$(now)
    RADAR_CACHE_DIR=$cache RADAR_CLONE_FILTER=$filter \
        "$radar" inspect "$base/$name" --format json "${as_of[@]}" >"$work/partial.json" 2>"$work/partial.err"
    t1=$(now) b1=$(sent)
    bytes=$((b1 - b0)) time=$(secs "$t0" "$t1")
    size=$(du -sb "$cache" | cut -f1)
    printf '%-44s %9.1f MiB %8.2f s   cache %.1f MiB   bytes %.3f of git'"'"'s, time %.2f\n' \
        "radar inspect URL, first run ($filter)" "$(mib "$bytes")" "$time" "$(mib "$size")" \
        "$(echo "$bytes / $full_bytes" | bc -l)" "$(echo "$time / $full_time" | bc -l)"
    grep -v '^github: ' "$work/partial.err" | sed 's/^/    /' || true
    # Same evidence as the complete clone (where it was read and from what URL aside).
    strip() { grep -v -e '"path": ' -e '"url": ' "$1"; }
    if diff <(strip "$work/complete.json") <(strip "$work/partial.json") >"$work/evidence.diff"; then
        echo "    evidence: identical to the complete clone's"
    else
        echo "    evidence DIFFERS from the complete clone's:" >&2
        head -40 "$work/evidence.diff" >&2
        exit 1
    fi
done
echo "target: Radar's first run receives at most a fifth (0.200) of the bytes of a complete clone"
exec 3>&-

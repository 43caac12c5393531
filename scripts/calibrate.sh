#!/usr/bin/env bash
# Calibration: how far Radar's judgement agrees with the people who decide.
#
#   scripts/calibrate.sh [CATALOG ...]     (default: calibration/cncf-train.yaml)
#
# Assesses a catalog of real CNCF projects, whose `state.level` is the TOC's
# level, from local mirrors (docs/try-on-real-mirrors.md: bare snapshots at
# $MIRRORS/<owner>+<name>/repo), each repository measured as of the day its
# snapshot was taken (`radar assess --no-fetch --as-of fetched`), and prints:
#
#   - the agreement matrix, TOC level × the level the evidence supports;
#   - exact and within-one-level agreement over the active projects measured;
#   - the share of archived projects put on hold for production;
#   - active projects wrongly flagged ended (archived, deprecated) or inactive;
#   - one line per project, with the criteria that stopped it.
#
# Nothing is written into the mirrors or the project: the cache, git
# configuration and database live in a temporary folder (kept when KEEP=1,
# printed at the end). Needs git and jq.
#
# Environment:
#   MIRRORS  where the snapshots are (default /work/.mirror)
#   RADAR    the radar binary (default: target/release/radar, built when missing)
#   KEEP=1   keep the temporary folder (its radar.db can be opened with radar serve)
#   ROWS=0   leave out the per-project lines
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
MIRRORS=${MIRRORS:-/work/.mirror}
[ $# -gt 0 ] || set -- calibration/cncf-train.yaml
command -v jq >/dev/null || { echo "calibrate.sh needs jq" >&2; exit 2; }
[ -d "$MIRRORS" ] || { echo "no mirrors at $MIRRORS (set MIRRORS)" >&2; exit 2; }
if [ -z "${RADAR:-}" ]; then
  RADAR=$root/target/release/radar
  cargo build --release --locked -q -p radar >&2
fi

# The mirror folder of https://github.com/OWNER/NAME, matched without regard
# to case (GitHub's URLs ignore it): its git directory, or nothing.
mirror_of() {
  local want; want=$(printf '%s' "${1#https://github.com/}" | tr '[:upper:]' '[:lower:]' | sed 's#/$##; s#\.git$##; s#/#+#')
  local d
  for d in "$MIRRORS"/*; do
    local base; base=$(basename "$d" | tr '[:upper:]' '[:lower:]')
    if [ "$base" = "$want" ]; then
      if [ -f "$d/repo/HEAD" ]; then echo "$d/repo"; elif [ -f "$d/repo/.git/HEAD" ]; then echo "$d/repo/.git"; fi
      return
    fi
  done
}

for catalog in "$@"; do
  catalog=$(realpath "$catalog")
  try=$(mktemp -d)
  export HOME=$try GIT_CONFIG_GLOBAL=$try/gitconfig RADAR_CACHE_DIR=$try/cache
  unset GITHUB_TOKEN GITHUB_TOKENS RADAR_DATABASE_URL RADAR_CATALOG
  db=sqlite://$try/radar.db

  # Every repository the catalog names, and the organisation-default
  # repository (OWNER/.github) of every GitHub owner in it.
  urls=$("$RADAR" render --catalog "$catalog" --format json |
    jq -r '.. | objects | (.repo?, (.repos? // [] | .[] | objects | .url?)) | strings' | sort -u)
  owners=$(printf '%s\n' "$urls" | sed -n 's#^https://github.com/\([^/]*\)/.*#\1#p' | sort -fu)
  seeded=0 missing=0
  for url in $urls $(printf 'https://github.com/%s/.github\n' $owners); do
    mirror=$(mirror_of "$url")
    if [ -z "$mirror" ]; then
      case $url in */.github) ;; *) missing=$((missing + 1)) ;; esac
      continue
    fi
    git config --global "url.file://$mirror.insteadOf" "$url"
    path=${url#https://github.com/}; path=${path%/}; path=${path%.git}
    dest=$RADAR_CACHE_DIR/github.com/$path.git
    [ -d "$dest" ] && continue
    mkdir -p "$(dirname "$dest")"
    git clone -q --bare --local "$mirror" "$dest" 2>/dev/null || { rm -rf "$dest"; continue; }
    git -C "$dest" commit-graph write --reachable 2>/dev/null || true
    # The snapshot's date: when its refs were written. Measuring "now"
    # would read every snapshot older than today as months of silence.
    taken=$(date -u -r "$mirror/HEAD" +%Y-%m-%dT%H:%M:%SZ)
    [ -f "$mirror/packed-refs" ] && taken=$(date -u -r "$mirror/packed-refs" +%Y-%m-%dT%H:%M:%SZ)
    printf '%s\n' "$taken" > "$dest/radar-fetched-at"
    seeded=$((seeded + 1))
  done
  git config --global url.file:///nonexistent/radar-no-mirror/.insteadOf https://github.com/

  echo "== $(basename "$catalog"): $seeded repositories from $MIRRORS, $missing without a mirror"
  (cd "$try" && "$RADAR" assess --catalog "$catalog" --database "$db" --no-fetch --as-of fetched -q) >&2 || true
  json=$try/report.json
  (cd "$try" && "$RADAR" report --catalog "$catalog" --database "$db" --format json --goal production) > "$json"

  jq -r --arg rows "${ROWS:-1}" -f "$root/scripts/calibrate.jq" "$json"
  if [ "${KEEP:-0}" = 1 ]; then echo "kept: $try (radar.db, report.json, cache)"; else rm -rf "$try"; fi
done

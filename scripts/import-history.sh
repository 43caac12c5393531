#!/usr/bin/env bash
# Imports every version of the README project list in the history of
# Azure/container-compute-upstream and Azure/container-upstream, when their
# mirrors are present, and checks each one three ways:
#
#   1. `radar import` gives the number of projects an independent count gives
#      (scripts/count-readme-projects.py: line regexes, no code shared with Radar);
#   2. `radar check` accepts the catalog import wrote (no errors);
#   3. `radar render --check` of that catalog against its own README exits 0.
#
# Every commit that touched README.md on any branch is a version (git log
# --all --full-history); versions with the same content are run once and
# reported for each commit. A version with no table at all (the first commits
# held only a contributing note) counts as right when its expected count is 0
# and `radar import` says there is no table.
#
# Usage: scripts/import-history.sh [--all]   (--all prints every version, not
# only those that fail). Environment: MIRRORS (default /work/.mirror), RADAR (a
# radar binary; default: built with cargo).
set -euo pipefail
cd "$(dirname "$0")/.."

MIRRORS=${MIRRORS:-/work/.mirror}
ALL=${1:-}
command -v python3 >/dev/null || { echo "needs python3 (for the independent count)" >&2; exit 2; }
if [[ -z ${RADAR:-} ]]; then
  cargo build -q --release -p radar
  RADAR=target/release/radar
fi

repos=()
for name in Azure+container-compute-upstream Azure+container-upstream; do
  for dir in "$MIRRORS/$name/repo" "$MIRRORS/$name/repo/.git"; do
    if git -C "$dir" rev-parse --git-dir >/dev/null 2>&1; then repos+=("$dir"); break; fi
  done
done
if ((${#repos[@]} == 0)); then
  echo "no mirror of Azure/container-compute-upstream or Azure/container-upstream under $MIRRORS; nothing to do"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A result   # blob -> "expected imported check render status"
versions=0 distinct=0 right=0 wrong=0 nolist=0

printf '%-33s %-8s %-10s %-8s %8s %8s %-6s %-7s %s\n' repository commit date blob expected imported check render status
for dir in "${repos[@]}"; do
  repo=${dir#"$MIRRORS"/}
  repo=${repo%%/*}
  repo=${repo/+//}
  while read -r commit date; do
    blob=$(git -C "$dir" rev-parse -q --verify "$commit:README.md" 2>/dev/null) || continue
    versions=$((versions + 1))
    if [[ -z ${result[$blob]:-} ]]; then
      distinct=$((distinct + 1))
      md="$work/$blob.md"
      git -C "$dir" cat-file blob "$blob" >"$md"
      expected=$(python3 scripts/count-readme-projects.py "$md" | awk '{print $2}')
      if "$RADAR" import "$md" -o "$work/$blob.yaml" 2>"$work/$blob.err"; then
        imported=$(grep -o '[0-9]* projects' "$work/$blob.err" | head -1 | awk '{print $1}')
        if "$RADAR" check --catalog "$work/$blob.yaml" >/dev/null 2>&1; then check=ok; else check=errors; fi
        if "$RADAR" render --catalog "$work/$blob.yaml" --check "$md" >/dev/null 2>&1; then render=same; else render=differs; fi
      else
        imported=none check=- render=-
        grep -q 'no Markdown table' "$work/$blob.err" && imported=no-table
      fi
      if [[ $imported == no-table && $expected == 0 ]]; then
        status=no-list
      elif [[ $imported == "$expected" && $check == ok && $render == same ]]; then
        status=ok
      else
        status=WRONG
      fi
      result[$blob]="$expected $imported $check $render $status"
    fi
    read -r expected imported check render status <<<"${result[$blob]}"
    case $status in
      ok) right=$((right + 1)) ;;
      no-list) nolist=$((nolist + 1)) ;;
      *) wrong=$((wrong + 1)) ;;
    esac
    if [[ $ALL == --all || $status == WRONG ]]; then
      printf '%-33s %-8s %-10s %-8s %8s %8s %-6s %-7s %s\n' "$repo" "${commit:0:8}" "$date" "${blob:0:8}" "$expected" "$imported" "$check" "$render" "$status"
    fi
  done < <(git -C "$dir" log --all --full-history --reverse --format='%H %cs' -- README.md)
done

echo
echo "README versions (commits touching README.md, all branches): $versions ($distinct distinct contents)"
echo "  right count, check accepts, render --check exits 0: $right"
echo "  no project list in the file (expected 0, import says no table): $nolist"
echo "  wrong: $wrong"
((wrong == 0))

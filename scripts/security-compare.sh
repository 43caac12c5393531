#!/usr/bin/env bash
# Compares Radar's security section with OpenSSF Scorecard results published
# for the same repository at (about) the same date. Runs only where the local
# mirrors are present (MIRRORS, default /work/.mirror); prints one line per
# published figure: repository, date, check, Scorecard's score, Radar's score.
# The published figures and where they come from are in docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MIRRORS=${MIRRORS:-/work/.mirror}
RADAR=${RADAR:-target/release/radar}
[[ -x $RADAR ]] || RADAR=target/debug/radar
[[ -x $RADAR ]] || { echo "build radar first (cargo build --release -p radar)" >&2; exit 1; }

# repository|as-of date|check id|Scorecard's published score (-1: inconclusive)
PUBLISHED='
containerd/containerd|2026-03-30|dangerous_workflow|10
containerd/containerd|2026-03-30|token_permissions|10
containerd/containerd|2026-03-30|maintained|10
containerd/containerd|2026-03-30|packaging|-1
containerd/containerd|2026-06-01|license|10
containerd/containerd|2026-06-01|maintained|10
containerd/containerd|2026-06-01|packaging|-1
containerd/containerd|2024-07-18|signed_releases|0
helm/helm|2024-08-10|token_permissions|0
helm/helm|2024-08-10|signed_releases|8
kyverno/kyverno|2024-08-22|token_permissions|0
kyverno/kyverno|2022-01-10|pinned_dependencies|3
kyverno/kyverno|2021-10-28|binary_artifacts|10
theupdateframework/python-tuf|2022-09-26|token_permissions|0
'
printf '%-32s %-10s %-22s %9s %6s\n' REPOSITORY DATE CHECK SCORECARD RADAR
agree=0; total=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
while IFS='|' read -r repo date check published; do
  [[ -n $repo ]] || continue
  dir="$MIRRORS/${repo/\//+}/repo"
  [[ -d $dir ]] || { echo "skip $repo: no mirror at $dir" >&2; continue; }
  out="$tmp/${repo/\//+}-$date.json"
  [[ -s $out ]] || "$RADAR" inspect "$dir" --as-of "$date" --format json > "$out" 2>/dev/null
  radar=$(python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['security']['checks'].get(sys.argv[2],{}); s=c.get('score'); print(-1 if s is None else s)" "$out" "$check")
  total=$((total+1)); [[ $radar == "$published" ]] && agree=$((agree+1))
  printf '%-32s %-10s %-22s %9s %6s%s\n' "$repo" "$date" "$check" "$published" "$radar" "$([[ $radar == "$published" ]] || echo '  ≠')"
done <<< "$PUBLISHED"
echo "agree: $agree of $total"

#!/usr/bin/env bash
# Imports the real lists foundations keep, when their mirrors are present:
# the CNCF landscape (cncf/landscape: landscape.yml) and CLOMonitor's CNCF
# data file (cncf/clomonitor: data/cncf.yaml). For each: `radar import`,
# `radar check` of the result, and a comparison with the source file read
# by another YAML parser (Python's PyYAML): every item kept, every project at
# its maturity, every repository there.
#
# Usage: scripts/import-foundations.sh. Environment: MIRRORS (default
# /work/.mirror), RADAR (a radar binary; default: built with cargo --release).
set -euo pipefail
cd "$(dirname "$0")/.."

MIRRORS=${MIRRORS:-/work/.mirror}
if [[ -z ${RADAR:-} ]]; then
  cargo build -q --release -p radar
  RADAR=target/release/radar
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mirror() { # owner+name → its git directory, or nothing
  for dir in "$MIRRORS/$1/repo" "$MIRRORS/$1/repo/.git"; do
    git -C "$dir" rev-parse --git-dir >/dev/null 2>&1 && { echo "$dir"; return; }
  done
}

compare() { # kind source catalog
  if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "  (python3 with PyYAML not found: no independent comparison)"
    return 0
  fi
  python3 - "$@" <<'PY'
import collections, sys, yaml
kind, source, catalog = sys.argv[1:]
src = yaml.safe_load(open(source, encoding='utf-8'))
cat = yaml.safe_load(open(catalog, encoding='utf-8'))
projects = [l for a in cat.get('areas') or [] for l in a.get('projects') or [] if 'ref' not in l]
def norm(u): return u.strip().rstrip('/').lower()
repos = collections.Counter()
for p in projects:
    if p.get('repo'): repos[norm(p['repo'])] += 1
    for r in p.get('additional_repos') or []:
        repos[norm(r if isinstance(r, str) else r['repo'])] += 1
levels = collections.Counter((p.get('state') or {}).get('level') for p in projects if p.get('state'))
ok = True
def say(what, want, got):
    global ok
    mark = 'ok' if want == got else 'DIFFERS'
    ok &= want == got
    print(f'  {what:<44} source {want!s:<44} catalog {got!s:<44} {mark}')
if kind == 'landscape':
    items = [it for c in src['landscape'] for s in c['subcategories'] for it in (s.get('items') or [])]
    maturity = collections.Counter(str(it['project']).strip() for it in items if it.get('project'))
    extra = [r['repo_url'] for it in items for r in (it.get('additional_repos') or [])]
    paths = sum(len(it.get('second_path') or []) for it in items)
    refs = sum(1 for a in cat['areas'] for l in a.get('projects') or [] if 'ref' in l)
    say('items', len(items), len(projects))
    say('projects by maturity', dict(sorted(maturity.items())), dict(sorted(levels.items())))
    say('additional repositories, all in the catalog', len(extra), sum(1 for r in extra if repos[norm(r)]))
    say('second_path entries → listings in more areas', paths, refs)
    names = collections.Counter(it['name'] for it in items)
    got = collections.Counter(p['name'] for p in projects)
    say('item names kept', sum(names.values()), sum(min(n, got[k]) for k, n in names.items()))
else:
    urls = [r['url'] for p in src for r in p.get('repositories') or []]
    maturity = collections.Counter(p['maturity'] for p in src if p.get('maturity'))
    say('projects', len(src), len(projects))
    say('repositories, all in the catalog', len(urls), sum(1 for u in urls if repos[norm(u)]))
    say('repositories in the catalog', len(urls), sum(repos.values()))
    say('projects by maturity', dict(sorted(maturity.items())), dict(sorted(levels.items())))
sys.exit(0 if ok else 1)
PY
}

status=0
run() { # label mirror path kind
  local dir file
  dir=$(mirror "$2")
  if [[ -z $dir ]]; then echo "$1: no mirror of ${2/+//} under $MIRRORS; skipped"; return; fi
  file="$work/$(basename "$3")"
  git -C "$dir" show "HEAD:$3" >"$file"
  echo "$1: ${2/+//} at $(git -C "$dir" log -1 --format='%h %cs' HEAD), $3 ($(wc -c <"$file") bytes)"
  "$RADAR" import "$file" -o "$work/$4.yaml" 2>"$work/$4.err" || { cat "$work/$4.err"; status=1; return; }
  echo "  $(tail -1 "$work/$4.err")"
  echo "  import warnings: $(grep -c '^warning' "$work/$4.err" || true)"
  if "$RADAR" check --catalog "$work/$4.yaml" >"$work/$4.check" 2>&1; then
    echo "  radar check: accepted ($(tail -1 "$work/$4.check"))"
  else
    echo "  radar check: REJECTED ($(tail -1 "$work/$4.check"))"; status=1
  fi
  compare "$4" "$file" "$work/$4.yaml" || status=1
}

run "CNCF landscape" cncf+landscape landscape.yml landscape
run "CLOMonitor (CNCF)" cncf+clomonitor data/cncf.yaml clomonitor
exit $status

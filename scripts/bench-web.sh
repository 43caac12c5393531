#!/usr/bin/env bash
# Benchmark of `radar serve` (issue 6): requests per second and p99 latency
# for a badge, the catalog page and a project page, measured with wrk on
# loopback, next to /healthz (the server's floor: a tiny fixed response)
# measured in the same run, so the ratios hold on any machine.
#
#   scripts/bench-web.sh                      # built-in catalog (+ ./radar.db if present)
#   scripts/bench-web.sh --catalog my.yaml    # extra arguments go to `radar serve`
#   scripts/bench-web.sh --assess             # measure pages with evidence (waits for the assessment)
#   DURATION=30s CONNECTIONS=64 scripts/bench-web.sh
#   PROJECT=moby scripts/bench-web.sh --database radar.db   # another project's page and badge
#
# Targets (2 cores): badge >= 10,000 req/s, project page >= 2,000 req/s, p99 < 10 ms.
# The server and wrk share the machine: wrk gets one thread, the server the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-18090}

if ! command -v wrk >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || {
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    }
  else
    echo "error: wrk is not installed (Debian package wrk) and this is not root" >&2
    exit 2
  fi
fi

cargo build --release --locked -p radar >&2
bin=target/release/radar
base="http://127.0.0.1:$PORT"

"$bin" serve --addr "127.0.0.1:$PORT" "$@" >/tmp/radar-bench-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/readyz" >/dev/null || { echo "error: the server did not start; see /tmp/radar-bench-serve.log" >&2; exit 1; }

# With --assess, measure once the assessment is over (pages change until then).
for _ in $(seq 1 3000); do
  curl -fsS "$base/api/progress.json" | grep -q '"state":"running"' || break
  sleep 0.2
done

# PROJECT, else the first project of the catalog.
# (The rest of the list is drained, so a long one does not fail curl on a closed pipe.)
project=${PROJECT:-$(curl -fsS "$base/api/projects.json" | sed -n 's/^ *"id": "\(.*\)",$/\1/p' | { head -n 1; cat >/dev/null; })}
[[ -n "$project" ]] || { echo "error: the catalog has no project" >&2; exit 1; }

# name|path
cases=(
  "healthz (floor)|/healthz"
  "badge|/badge/$project.svg"
  "catalog page|/"
  "project page|/project/$project"
)

# wrk's "--latency" table gives p99 in us, ms or s: print it in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes skew p99)"
echo "radar serve on 127.0.0.1:$PORT, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, project '$project'"
printf '%-18s %12s %10s %10s %10s\n' "document" "req/s" "p50 ms" "p99 ms" "vs floor"
floor=""
status=0
for c in "${cases[@]}"; do
  name=${c%%|*} path=${c#*|}
  curl -fsS -o /dev/null "$base$path"    # warm the page cache
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$base$path")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errors=$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out")
  [[ -z "$floor" ]] && floor=$rps
  ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')
  printf '%-18s %12.0f %10s %10s %10s\n' "$name" "$rps" "$p50" "$p99" "$ratio"
  [[ -z "$errors" ]] || { echo "  $errors"; status=1; }
  # The issue's targets; the floor has none.
  case $name in
    badge) target=10000 ;;
    "project page") target=2000 ;;
    "catalog page") target=0 ;;
    *) continue ;;
  esac
  if awk -v r="$rps" -v t="$target" -v p="$p99" 'BEGIN { exit !(r < t || p >= 10) }'; then
    echo "  MISSED target: >= $target req/s with p99 < 10 ms (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    status=1
  fi
done
exit $status

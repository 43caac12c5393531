#!/usr/bin/env bash
# The queue benchmark of issue 5. Starts its own throwaway PostgreSQL (fsync
# on), then in one run prints:
#   - the queue's own overhead per job: lease + complete with a no-op job;
#   - throughput of 1,000 synthetic jobs (~20 ms CPU + 15 ms I/O wait each)
#     with 1 and with 2 worker processes, in alternating rounds (best of
#     each), and the ratio, next to a CPU-only reference of the machine.
# Needs the PostgreSQL server binaries (Debian: apt-get install postgresql).
# Other load on the machine skews the ratio; the output shows the load average
# and the reference per round.
#
# Usage: scripts/bench-queue.sh [--jobs N] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p radar-store --bench queue -- "$@"

#!/usr/bin/env bash
# Runs every property test of the workspace at length, with fresh seeds.
#
#   scripts/fuzz.sh                 # every property, FUZZ_SECONDS each
#   scripts/fuzz.sh catalog         # only properties whose file or name contains "catalog"
#   FUZZ_SECONDS=600 scripts/fuzz.sh expr
#
# `cargo test` runs the same properties with one fixed seed and a few hundred
# cases, so CI gives the same verdict on every run of a commit. This script
# runs each property in rounds until its time is up; every round draws a new
# random seed (printed) and runs more cases than the last. A failing round
# prints the smallest failing input and the command that replays it, and
# proptest appends the case to the property's regression file
# (<crate>/proptest-regressions/<path of the test file>.txt): fix the bug,
# then commit that file with the fix, so every later `cargo test` runs the
# case first. Exits 1 when any property failed (or a round hung).
#
# Properties are found, not listed: a `#[test]` function with arguments
# (`fn name(x in strategy)`) in a file with a `proptest!` block under
# crates/*/src or crates/*/tests. docs/testing.md says how to add one.
#
# Environment:
#   FUZZ_SECONDS        time per property (default 180)
#   FUZZ_CASES          cases in a property's first round (default 200; doubles while rounds are short)
#   FUZZ_ROUND_TIMEOUT  a round taking longer than this many seconds is a hang (default 900)
#   FUZZ_RELEASE=1      build with --release (faster, but no overflow checks)
set -uo pipefail
cd "$(dirname "$0")/.."

filter="${1:-}"
seconds="${FUZZ_SECONDS:-180}"
first_cases="${FUZZ_CASES:-200}"
round_timeout="${FUZZ_ROUND_TIMEOUT:-900}"
profile=()
[[ "${FUZZ_RELEASE:-}" == 1 ]] && profile=(--release)

# "file name" for every property: a #[test] fn whose parameter list is not empty.
find_properties() {
  grep -rl --include='*.rs' 'proptest! {' crates/*/src crates/*/tests 2>/dev/null | sort |
    while read -r file; do
      awk -v file="$file" '
        /#\[test\]/ { test = 1; next }
        test && /^[[:space:]]*(\/\/|#\[)/ { next }
        # Plain tests take no arguments: `fn name()`. Properties list theirs,
        # on the same line or the next ones.
        test && match($0, /fn [a-z_0-9]+\(/) && !match($0, /fn [a-z_0-9]+\([[:space:]]*\)/) {
          match($0, /fn [a-z_0-9]+\(/)
          name = substr($0, RSTART + 3); sub(/\(.*/, "", name); print file, name
        }
        { test = 0 }
      ' "$file"
    done
}

# The cargo arguments that build the test binary holding `file`.
target_of() {
  local file="$1" krate rest
  krate="$(echo "$file" | cut -d/ -f2)"
  rest="$(echo "$file" | cut -d/ -f3-)"
  case "$rest" in
    tests/*) echo "-p $krate --test $(basename "$rest" .rs)" ;;
    *) echo "-p $krate --lib" ;;
  esac
}

random_seed() { od -An -N8 -tu8 /dev/urandom | tr -d ' '; }

mapfile -t properties < <(find_properties | grep -e "$filter")
if ((${#properties[@]} == 0)); then
  echo "no property matches '$filter'" >&2
  exit 2
fi
echo "fuzzing ${#properties[@]} properties, ${seconds}s each" >&2

# The test binaries are built once and copied, so the whole run tests one
# build (editing the tree meanwhile changes nothing) and a round costs no
# cargo start-up.
bins="$(mktemp -d)"
trap 'rm -rf "$bins"' EXIT
declare -A exe_of
for entry in "${properties[@]}"; do
  target="$(target_of "${entry% *}")"
  [[ -n "${exe_of[$target]:-}" ]] && continue
  read -r -a args <<<"$target"
  built="$(cargo test --no-run "${profile[@]}" "${args[@]}" --message-format=json 2>/dev/null |
    grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)"
  if [[ -z "$built" ]]; then
    echo "cannot build the tests of $target" >&2
    cargo test --no-run "${profile[@]}" "${args[@]}" >&2
    exit 2
  fi
  copy="$bins/$(basename "$built")"
  cp "$built" "$copy"
  exe_of[$target]="$copy"
done

summary=()
failed=0
for entry in "${properties[@]}"; do
  file="${entry% *}"
  name="${entry##* }"
  target="$(target_of "$file")"
  exe="${exe_of[$target]}"
  crate_dir="$(echo "$file" | cut -d/ -f1-2)"
  # The full test path (`yaml::tests::name` for unit tests).
  full="$(cd "$crate_dir" && "$exe" --list 2>/dev/null |
    sed -n "s/^\(\(.*::\)\{0,1\}$name\): test\$/\1/p" | head -1)"
  if [[ -z "$full" ]]; then
    echo "cannot find $name in $file" >&2
    summary+=("$(printf '%-72s %6s %9s %6s  %s' "$name" - - - 'NOT FOUND')")
    failed=1
    continue
  fi
  cases="$first_cases"
  rounds=0
  total=0
  verdict=ok
  start=$SECONDS
  while ((SECONDS - start < seconds)); do
    seed="$(random_seed)"
    rounds=$((rounds + 1))
    echo "== $file $full: round $rounds, seed $seed, $cases cases" >&2
    round_start=$SECONDS
    (cd "$crate_dir" && PROPTEST_RNG_SEED="$seed" PROPTEST_CASES="$cases" \
      timeout "$round_timeout" "$exe" --exact "$full" >"$bins/log" 2>&1)
    status=$?
    if ((status != 0)); then
      tail -40 "$bins/log" >&2
      ((status == 124)) && verdict="HUNG" || verdict="FAILED"
      echo "!! $full $verdict with seed $seed; replay with:" >&2
      echo "   PROPTEST_RNG_SEED=$seed PROPTEST_CASES=$cases cargo test ${profile[*]} $target -- --exact $full" >&2
      echo "   (the case is also saved under $crate_dir/proptest-regressions/: commit it with the fix)" >&2
      failed=1
      break
    fi
    total=$((total + cases))
    # Rounds of a few seconds keep the seeds fresh; a quick property gets more cases per round.
    if ((SECONDS - round_start < 20 && cases < 50000)); then
      cases=$((cases * 2))
    fi
  done
  summary+=("$(printf '%-72s %6d %9d %6d  %s' "${file#crates/}:$name" "$rounds" "$total" $((SECONDS - start)) "$verdict")")
done

printf '\n%-72s %6s %9s %6s  %s\n' property rounds cases secs result
printf '%s\n' "${summary[@]}"
changed="$(git status --short -- 'crates/*/proptest-regressions/*')"
if [[ -n "$changed" ]]; then
  printf '\nnew regression cases (commit them with the fix):\n%s\n' "$changed"
fi
exit "$failed"

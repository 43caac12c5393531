#!/usr/bin/env bash
# Runs Radar's whole test suite on a fresh machine.
#
# Some tests need programs outside Cargo: git (fixtures), gpg and ssh-keygen
# (signed-tag fixtures), the PostgreSQL server
# binaries (the store and queue tests start a throwaway server) and Chromium
# (the browser test of the web pages). When one is missing and this runs as
# root with apt-get, it is installed; otherwise those tests say they are
# skipped, except under CI=true, where a missing program is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

have_pg() { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
# The security fixtures sign tags with throwaway OpenPGP and SSH keys.
command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
have_pg || missing+=(postgresql)
have_chromium || missing+=(chromium)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: not installed and cannot install (need root + apt-get): ${missing[*]}" >&2
  fi
fi

# A clean checkout builds once: incremental compilation only adds gigabytes of
# caches it will never reuse (a CI run once ran out of disk linking the tests).
if [[ ${CI:-} == true ]]; then export CARGO_INCREMENTAL=0; fi

exec cargo test --workspace --locked "$@"

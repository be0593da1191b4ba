#!/usr/bin/env bash
# Sets everything up and runs every test: native model tests (CPU, and wgpu on lavapipe), a
# short run of every fuzz target, the release wasm build, and the browser tests in headless
# Chromium. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says when it started, so a slow run shows where its time went (CI allows 90 min).
step() { printf '\n\033[1;34m== %s (at %d min %02d s)\033[0m\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }
wasm_build=
finish() {
  local status=$?
  # The whole group: trunk, and the cargo and rustc under it.
  [ -z "$wasm_build" ] || kill -- -"$wasm_build" 2>/dev/null || true
  step "finished with status $status"
}
trap finish EXIT

step "setup"
scripts/setup.sh
source scripts/env.sh

step "formatting"
cargo fmt --all -- --check

# The release wasm build runs beside the native steps: on a cold cache both spend long stretches
# on one core (large crates, the bundle's single-unit LTO), so together they finish sooner.
step "release wasm build (trunk), in the background until the browser tests"
wasm_log=$(mktemp)
set -m  # its own process group, so that a failure elsewhere stops all of it
trunk build --release >"$wasm_log" 2>&1 &
wasm_build=$!
set +m

step "native tests (bertlab-model, release speed: training tests run real steps; Cargo.toml says why not --release)"
cargo test --profile release-tests -p bertlab-model --features cli

step "fuzz targets, a few seconds each (RELIABILITY.md has the long runs)"
scripts/fuzz.sh 5

step "waiting for the release wasm build"
if ! wait "$wasm_build"; then
  wasm_build=
  cat "$wasm_log"
  echo "the release wasm build (trunk build --release) failed" >&2
  exit 1
fi
wasm_build=
tail -n 4 "$wasm_log"

step "browser tests (headless Chromium)"
(cd app/e2e && npm test)

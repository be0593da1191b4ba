#!/usr/bin/env bash
# Sets everything up and runs every test: native model tests (CPU, and wgpu on lavapipe), a
# short run of every fuzz target, the release wasm build, and the browser tests in headless
# Chromium. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "native tests (bertlab-model, release: training tests run real steps)"
cargo test --release -p bertlab-model --features cli

step "fuzz targets, a few seconds each (RELIABILITY.md has the long runs)"
scripts/fuzz.sh 5

step "release wasm build (trunk)"
trunk build --release

step "browser tests (headless Chromium)"
(cd app/e2e && npm test)

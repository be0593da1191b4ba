#!/usr/bin/env bash
# Installs everything bertlab needs on Debian with rustup, skipping what is already there:
# Debian packages (Chromium, lavapipe Vulkan, Node.js), the wasm32 target, trunk and
# wasm-bindgen-cli at the pinned versions, and the npm packages (playwright-core, binaryen's
# wasm-opt). Safe to run again. Source it (or run scripts/env.sh) for PATH.
#   scripts/setup.sh [--build-only]   (--build-only: just what `trunk build` needs — no Debian
#                                      packages, no fuzzing tools; .github/workflows/pages.yml)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
CARGO_FUZZ_VERSION=0.13.1
# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock, or the bindings mismatch.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

build_only=false
[ "${1:-}" = --build-only ] && build_only=true

missing_debs=()
if ! $build_only; then
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1 || missing_debs+=(mesa-vulkan-drivers)
command -v node >/dev/null 2>&1 || missing_debs+=(nodejs)
command -v npm >/dev/null 2>&1 || missing_debs+=(npm)
command -v gzip >/dev/null 2>&1 || missing_debs+=(gzip)
# A Korean font, so the browser tests' screenshots show Hangul rather than empty boxes.
fc-list 2>/dev/null | grep -qi nanum || missing_debs+=(fonts-nanum fontconfig)
command -v cc >/dev/null 2>&1 || missing_debs+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing_debs+=(pkg-config)
[ -e /usr/include/openssl/ssl.h ] || missing_debs+=(libssl-dev)
if [ ${#missing_debs[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing_debs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
  # Without trunk's own fat LTO and single codegen unit: they add a long single-threaded link to
  # the install, and trunk's running time is spent in cargo, wasm-bindgen and wasm-opt anyway.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: one of its locked dependencies is no longer on crates.io.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The fuzz targets (fuzz/, scripts/fuzz.sh) need libFuzzer's nightly toolchain and cargo-fuzz.
if ! $build_only; then
if ! rustup toolchain list | grep -q '^nightly'; then
  say "adding the nightly toolchain (for cargo fuzz)"
  rustup toolchain install nightly --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (a minute, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
fi

if [ ! -x app/e2e/node_modules/.bin/wasm-opt ] || [ ! -d app/e2e/node_modules/playwright-core ] \
  || [ app/e2e/package-lock.json -nt app/e2e/node_modules/.package-lock.json ]; then
  say "installing npm packages (playwright-core, binaryen)"
  (cd app/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

say "ready: trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(app/e2e/node_modules/.bin/wasm-opt --version)"

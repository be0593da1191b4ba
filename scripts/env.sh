# Sourced by the other scripts: puts cargo's and npm's tools on PATH and shares one cargo target
# directory (CARGO_TARGET_DIR may point outside the clone, e.g. a CI cache).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/app/e2e/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

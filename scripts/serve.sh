#!/usr/bin/env bash
# Sets everything up, builds the app (release: debug burn is too slow to be useful) and serves it
# at http://127.0.0.1:8080 with live reload. Deep links work (trunk falls back to index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
exec trunk serve --release

#!/usr/bin/env bash
# The real-GPU check: on a Linux machine with an NVIDIA (or other) GPU and Vulkan, runs the
# browser tests and the in-browser benchmarks in Chromium with real WebGPU (not SwiftShader:
# the adapter's name is checked) and writes target/gpu-check.json. Needs what scripts/test.sh
# installs (Chromium, Node.js, the npm packages) and a release build in dist/.
#
#   scripts/gpu-check.sh            # the benchmarks, then the browser tests
#   GPU_CHECK_ALLOW_SOFTWARE=1 GPU_CHECK_PRESET=tiny GPU_CHECK_TRAIN_SECONDS=10 GPU_CHECK_EPOCHS=1 \
#     GPU_CHECK_TESTS=0 scripts/gpu-check.sh   # a quick run against SwiftShader (no GPU here)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "dist/ is missing: run 'trunk build --release' (or scripts/test.sh) first" >&2; exit 1; }
# The real GPU's flags (Vulkan through the driver) leave Chromium without any adapter where
# there is no GPU, so the software run keeps the tests' SwiftShader flags.
if [ -z "${GPU_CHECK_ALLOW_SOFTWARE:-}" ]; then
  export BERTLAB_REAL_GPU=1
fi
if command -v vulkaninfo >/dev/null 2>&1; then
  vulkaninfo --summary 2>/dev/null | grep -E "deviceName|driverName" || true
fi
node app/e2e/gpu-check.mjs
if [ "${GPU_CHECK_TESTS:-1}" != 0 ]; then
  (cd app/e2e && npm test)
fi

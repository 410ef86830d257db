#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite with CTest. Rendering tests need an X
# display: without one, CTest runs under a virtual one (xvfb-run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  xvfb-run -a ctest --output-on-failure -j "$(nproc)"
else
  ctest --output-on-failure -j "$(nproc)"
fi

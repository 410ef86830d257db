#!/usr/bin/env bash
# Benchmark of `kneeload render` (issue 6: a 240-frame stance at 1280 x 720 in under 30 s): runs
# level_run once, then renders every sample as PNG frames under a virtual display, and prints the
# frame count, the wall time and the CPU time of the render. Measures, never asserts.
# Usage: bench/bench_render.sh [BUILD_DIR [RUN.h5]]   (default: build, and a fresh level_run)
set -euo pipefail
cd "$(dirname "$0")/.."
kneeload="${1:-build}/app/kneeload"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${2:-}" ]; then
  cp "$2" "$work/level_run.h5"
else
  "$kneeload" run level_run -o "$work/level_run.h5" > /dev/null
fi
for format in png pvd ogv; do
  /usr/bin/time -f "%e %U %S" -o "$work/time" \
    xvfb-run -a "$kneeload" render "$work/level_run.h5" -o "$work/$format" --format "$format" \
    2> "$work/log"
  read -r wall user system < "$work/time"
  frames=$(grep -o 'wrote [0-9]*' "$work/log" | grep -o '[0-9]*')
  printf "render %-3s 1280x720: %4d frames  wall %6.2f s  user %6.2f s  system %5.2f s  (%.1f ms CPU per frame)\n" \
    "$format" "$frames" "$wall" "$user" "$system" "$(echo "($user + $system) * 1000 / $frames" | bc -l)"
done

#!/usr/bin/env bash
# Sets everything up, builds, and runs the demo: the five scenarios (HDF5 files, summaries, a chart
# of the PF force), the model against the published values, the patellofemoral mechanism across
# knee flexion with the effect of pronation and a brace, charts, a movie of level_run, all in out/,
# and at the end one table of the five runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
kneeload=build/app/kneeload
mkdir -p out

# Pictures need an X display; without one, draw on a virtual one.
with_display() { if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a "$@"; fi; }

echo
echo "== The scenarios =="
$kneeload scenarios

echo
echo "== The five scenarios at default parameters (stance of the right leg) =="
completed=()
for scenario in level_run downhill_run stair_ascent stair_descent level_walk; do
  # A run that fails numerically still writes its file and reason; the demo goes on.
  if $kneeload run "$scenario" -o "out/$scenario.h5"; then completed+=("out/$scenario.h5"); fi
done
with_display $kneeload plot "${completed[@]}" -o out/scenarios_pf_force.png

echo
echo "== One picture per scenario at its peak PF force (leg, forces, cartilage pressure) =="
mkdir -p out/frames
for run in "${completed[@]}"; do
  scenario=$(basename "$run" .h5)
  with_display $kneeload render "$run" -o "out/frames/.peak_$scenario" --frame peak
  mv "out/frames/.peak_$scenario/frame_0000.png" "out/frames/$scenario.png"
  rmdir "out/frames/.peak_$scenario"
done

echo
echo "== A movie of the level_run stance (10x slow motion, Ogg Theora) =="
if [ -f out/level_run.h5 ]; then
  with_display $kneeload render out/level_run.h5 -o out/movies --format ogv
fi

echo
echo "== The model against the published values (DESIGN section 7) =="
$kneeload validate || true

echo
echo "== Why the kneecap is loaded: the mechanism at 1000 N of quadriceps force =="
with_display $kneeload pf-curve --table --plot out/pf_curve
$kneeload pf-curve > out/pf_curve.csv

echo
echo "== What changes at 40 deg of knee flexion (lateral facet share, peak pressure) =="
row40() { $kneeload pf-curve "$@" | awk -F, '$1 == 40 { printf "%6.2f %10.2f MPa\n", $9, $7 }'; }
printf "%-38s %6s %14s\n" "runner" "share" "peak pressure"
printf "%-38s %s\n" "default (Q 14 deg, pronation 6 deg)" "$(row40)"
printf "%-38s %s\n" "pronation 20 deg" "$(row40 foot.pronation_deg=20)"
printf "%-38s %s\n" "pronation 20 deg + 10 deg medial wedge" "$(row40 foot.pronation_deg=20 foot.orthotic_wedge_deg=10)"
printf "%-38s %s\n" "Q-angle 25 deg" "$(row40 knee.q_angle_deg=25)"
printf "%-38s %s\n" "Q-angle 25 deg + 100 N medial brace" "$(row40 knee.q_angle_deg=25 brace.patellar_medial_force_N=100)"

echo
echo "== The five runs at a glance =="
$kneeload summary "${completed[@]}"

echo
echo "runs: out/*.h5   chart: out/scenarios_pf_force.png   CSV: out/pf_curve.csv   charts: out/pf_curve/*.png"
echo "peak-PF-force pictures: out/frames/<scenario>.png   movie: out/movies/level_run.ogv"

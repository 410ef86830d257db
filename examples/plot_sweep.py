#!/usr/bin/env python3
"""Plot one summary metric of a kneeload sweep against one swept parameter.

    python3 plot_sweep.py OUT.h5 --param body.mass_kg --metric peak_pf_force_bw \
        [--colour-by foot.pronation_deg] [-o figure.png]

Points are coloured by a second parameter if given, else by run status; failed runs are open red
circles at the metrics of their shortened stance, pending runs are left out. Needs h5py and
matplotlib (Debian: apt-get install python3-h5py python3-matplotlib). File layout: docs/sweeps.md.
"""
import argparse
import sys

try:
    import h5py
    import matplotlib

    matplotlib.use("Agg")  # files only, no display needed
    import matplotlib.pyplot as plt
    import numpy as np
except ImportError as missing:
    sys.exit(f"plot_sweep.py: needs {missing.name} (Debian: apt-get install python3-h5py "
             "python3-matplotlib)")

def load_sweep(path):
    """Returns (params dict key -> [n], metrics dict name -> [n], units dict, status [n])."""
    with h5py.File(path, "r") as f:
        sweep = f["sweep"]
        params = {k: sweep["params"][k][:] for k in sweep["params"]}
        metrics = {k: sweep["metrics"][k][:] for k in sweep["metrics"]}
        units = {k: sweep["params"][k].attrs.get("units", "") for k in sweep["params"]}
        units.update({k: sweep["metrics"][k].attrs.get("units", "") for k in sweep["metrics"]})
        status = sweep["status"][:]
    units = {k: v.decode() if isinstance(v, bytes) else str(v) for k, v in units.items()}
    return params, metrics, units, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep", help="sweep HDF5 file")
    parser.add_argument("--param", required=True, help="swept key for the x axis")
    parser.add_argument("--metric", default="peak_pf_force_bw", help="summary metric (y axis)")
    parser.add_argument("--colour-by", help="a second swept key for the colour")
    parser.add_argument("-o", "--output", default="sweep.png", help="figure file (PNG)")
    args = parser.parse_args()

    params, metrics, units, status = load_sweep(args.sweep)
    for key, table in ((args.param, params), (args.metric, metrics)):
        if key not in table:
            parser.error(f"'{key}' is not in the file (have: {', '.join(sorted(table))})")
    x, y = params[args.param], metrics[args.metric]
    ok, failed = status == 1, status == 2

    fig, ax = plt.subplots(figsize=(6, 4))
    if args.colour_by:
        if args.colour_by not in params:
            parser.error(f"--colour-by '{args.colour_by}' is not a swept key")
        c = params[args.colour_by]
        sc = ax.scatter(x[ok], y[ok], c=c[ok], cmap="viridis")
        fig.colorbar(sc, ax=ax, label=f"{args.colour_by} ({units[args.colour_by]})")
    else:
        ax.scatter(x[ok], y[ok], color="tab:blue", label="ok")
    ax.scatter(x[failed], y[failed], facecolors="none", edgecolors="red", s=80,
               label="failed (stance cut short)")
    ax.set_xlabel(f"{args.param} ({units[args.param]})")
    ax.set_ylabel(f"{args.metric} ({units[args.metric]})")
    done = int(ok.sum() + failed.sum())
    ax.set_title(f"{done} of {len(status)} runs done, {int(failed.sum())} failed")
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
    fig.tight_layout()
    fig.savefig(args.output, dpi=150)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

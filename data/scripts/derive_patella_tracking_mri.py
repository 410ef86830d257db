#!/usr/bin/env python3
"""Derive measured patellofemoral and tibiofemoral tracking from Lenhart et al. 2015's dynamic MRI.

Reads ../shared/data/jam-resources/models/knee_healthy/experimental_data/dynamic_mri/
{passive,elastic,inertia}_body_transformations.sto (4x4 transforms of femur_distal_r,
tibia_proximal_r and patella_r in the scanner frame, metres) and writes
data/validation/patella_tracking_mri_lenhart2015.csv: per frame the knee flexion, the patellar
flexion (both in Lenhart's joint sequences Rz(-flex) Rx Ry, relative to the femur, degrees) and the
tibia and patella origins in the femur frame (m), plus a summary of the patellar/knee flexion slope
over 10-50 deg of knee flexion per loading (least squares). Standard library only.
"""
import math
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MRI = os.path.join(ROOT, "..", "shared", "data", "jam-resources", "models", "knee_healthy",
                   "experimental_data", "dynamic_mri")
OUT = os.path.join(ROOT, "data", "validation", "patella_tracking_mri_lenhart2015.csv")


def read_sto(path):
    lines = open(path).read().splitlines()
    i = next(k for k, l in enumerate(lines) if l.strip() == "endheader")
    names = lines[i + 1].split("\t")
    rows = [[float(v) for v in l.split("\t")] for l in lines[i + 2:] if l.strip()]
    return names, rows


def transform(names, row, body):
    m = [[row[names.index(f"{body}_T{r}{c}")] for c in range(1, 5)] for r in range(1, 5)]
    return m


def relative(a, b):
    """a^-1 b for rigid 4x4 transforms."""
    rt = [[a[c][r] for c in range(3)] for r in range(3)]  # R_a^T
    p = [b[r][3] - a[r][3] for r in range(3)]
    rot = [[sum(rt[r][k] * b[k][c] for k in range(3)) for c in range(3)] for r in range(3)]
    pos = [sum(rt[r][k] * p[k] for k in range(3)) for r in range(3)]
    return rot, pos


def flexion_deg(rot):
    # R = Rz(-flex) Rx(.) Ry(.): R01 = sin(flex) cos(x), R11 = cos(flex) cos(x)
    return math.degrees(math.atan2(rot[0][1], rot[1][1]))


def slope(xs, ys):
    n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main():
    out_rows, summary = [], []
    for loading in ("passive", "elastic", "inertia"):
        names, rows = read_sto(os.path.join(MRI, f"{loading}_body_transformations.sto"))
        knee, pat = [], []
        for row in rows:
            fem = transform(names, row, "femur_distal_r")
            tib_r, tib_p = relative(fem, transform(names, row, "tibia_proximal_r"))
            pat_r, pat_p = relative(fem, transform(names, row, "patella_r"))
            k, p = flexion_deg(tib_r), flexion_deg(pat_r)
            knee.append(k); pat.append(p)
            out_rows.append((loading, row[0], k, p, *tib_p, *pat_p))
        sel = [(k, p) for k, p in zip(knee, pat) if 10.0 <= k <= 50.0]
        s = slope([k for k, _ in sel], [p for _, p in sel]) if len(sel) > 2 else float("nan")
        summary.append((loading, s, min(knee), max(knee), len(sel)))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# Patellar and tibial tracking measured by dynamic MRI during cyclic knee flexion\n")
        f.write("# Source: Lenhart RL, Kaiser J, Smith CR, Thelen DG (2015) Ann Biomed Eng 43:2675;\n")
        f.write("#   files from opensim-jam-org/jam-resources (Apache-2.0), dynamic_mri/*_body_transformations.sto\n")
        f.write("# Made by data/scripts/derive_patella_tracking_mri.py. Angles in deg (Lenhart joint\n")
        f.write("#   sequence Rz(-flex), relative to femur_distal_r); positions in m in the femur frame.\n")
        for loading, s, kmin, kmax, n in summary:
            f.write(f"# slope {loading}: patellar/knee flexion over 10-50 deg = {s:.4f} "
                    f"(knee {kmin:.1f} to {kmax:.1f} deg, {n} frames in range)\n")
        f.write("loading,frame,knee_flexion_deg,patella_flexion_deg,tibia_x_m,tibia_y_m,tibia_z_m,"
                "patella_x_m,patella_y_m,patella_z_m\n")
        for r in out_rows:
            f.write(f"{r[0]},{r[1]:g}," + ",".join(f"{v:.6g}" for v in r[2:]) + "\n")
    for s in summary:
        print("%-8s slope %.4f knee %.1f..%.1f deg (%d frames in 10-50)" % s)


if __name__ == "__main__":
    main()

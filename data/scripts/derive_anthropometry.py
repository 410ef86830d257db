#!/usr/bin/env python3
"""Derive data/anthropometry_deleva1996.csv from the BMClab copy of de Leva (1996).

Source: de Leva P (1996) Adjustments to Zatsiorsky-Seluyanov's segment inertia parameters.
J Biomech 29:1223-1230. Tables as distributed by BMClab/BMC (CC-BY 4.0):
../shared/data/BMC/data/BSPmale_ZdeLeva.txt, BSPfemale_ZdeLeva.txt (mass fraction, COM position
and radii of gyration as fractions of segment length), BSPlandmarks_ZdeLeva.txt (endpoints).
The mean segment lengths (mm) are not in those files; they are de Leva's Table 4 (reference
statures 1741 mm male, 1735 mm female) and are written below with that citation.

Usage (from the project root): python3 data/scripts/derive_anthropometry.py
Standard library only.
"""
import csv
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SRC = os.path.join(ROOT, "..", "shared", "data", "BMC", "data")
OUT = os.path.join(ROOT, "data", "anthropometry_deleva1996.csv")

# Segments read from the BMClab tables: project name -> (row name in the tables, endpoints).
SEGMENTS = [
    ("head", "Head", "VERT-MIDG"),
    ("upper_trunk", "Upper trunk", "SUPR-XYPH"),
    ("middle_trunk", "Middle trunk", "XYPH-OMPH"),
    ("lower_trunk", "Lower trunk", "OMPH-MIDH"),  # used as the pelvis segment
    ("upper_arm", "Upper arm", "SJC-EJC"),
    ("forearm", "Forearm", "EJC-WJC"),
    ("hand", "Hand", "WJC-MET3"),
    ("thigh", "Thigh", "HJC-KJC"),
    ("shank", "Shank", "KJC-AJC"),
    ("foot", "Foot", "HEEL-TTIP"),
]

# de Leva 1996, Table 4: mean segment lengths in mm (male, female).
LENGTH_MM = {
    "head": (242.9, 243.7),
    "upper_trunk": (242.1, 228.0),
    "middle_trunk": (215.5, 205.3),
    "lower_trunk": (145.7, 181.5),
    "upper_arm": (281.7, 275.1),
    "forearm": (268.9, 264.3),
    "hand": (86.2, 78.0),
    "thigh": (422.2, 368.5),
    "shank": (434.0, 432.3),
    "foot": (258.1, 228.3),
}
STATURE_MM = (1741.0, 1735.0)  # de Leva 1996 reference statures (male, female)


def read_table(path):
    """Rows of a BMClab BSP table keyed by segment name: (endpoints, mass, com, rg_sag, rg_trans, rg_long)."""
    rows = {}
    with open(path, newline="") as f:
        lines = f.read().splitlines()
    header = lines[0].split("\t")
    if header[:3] != ["Segment", "Endpoints", "Mass"]:
        sys.exit(f"{path}: unexpected header {header}")
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 7:
            sys.exit(f"{path}:{n}: expected 7 tab-separated cells, got {len(cells)}")
        rows[cells[0]] = (cells[1], *[float(c) for c in cells[2:]])
    return rows


def read_landmarks(path):
    with open(path, newline="") as f:
        lines = f.read().splitlines()[1:]
    abbrev = set()
    for line in lines:
        cells = line.split("\t")
        if len(cells) >= 2:
            abbrev.update(a.strip() for a in cells[1].split(","))
    return abbrev


def main():
    male = read_table(os.path.join(SRC, "BSPmale_ZdeLeva.txt"))
    female = read_table(os.path.join(SRC, "BSPfemale_ZdeLeva.txt"))
    landmarks = read_landmarks(os.path.join(SRC, "BSPlandmarks_ZdeLeva.txt"))
    # Joint centres (HJC, KJC, AJC, SJC, EJC, WJC, MIDH) are not surface landmarks.
    joint_centres = {"HJC", "KJC", "AJC", "SJC", "EJC", "WJC", "MIDH"}

    rows = []
    for name, row_name, endpoints in SEGMENTS:
        for sex_rows in (male, female):
            if row_name not in sex_rows:
                sys.exit(f"segment '{row_name}' missing from a de Leva table")
            if sex_rows[row_name][0].strip() != endpoints:
                sys.exit(f"segment '{row_name}': endpoints {sex_rows[row_name][0]} != {endpoints}")
        for e in endpoints.split("-"):
            if e not in landmarks and e not in joint_centres:
                sys.exit(f"endpoint {e} of {row_name} not in BSPlandmarks_ZdeLeva.txt")
        m, f = male[row_name], female[row_name]
        lm, lf = LENGTH_MM[name]
        rows.append([name, endpoints,
                     m[1], f[1], m[2], f[2], m[3], f[3], m[4], f[4], m[5], f[5],
                     f"{lm / 1000:.4f}", f"{lf / 1000:.4f}",
                     f"{lm / STATURE_MM[0]:.5f}", f"{lf / STATURE_MM[1]:.5f}"])

    # Whole-body mass fractions must sum to 1: head + trunk (3 parts) + 2 x (arm, forearm, hand,
    # thigh, shank, foot).
    for col, sex in ((2, "male"), (3, "female")):
        total = sum(r[col] * (2 if r[0] in ("upper_arm", "forearm", "hand", "thigh", "shank", "foot")
                              else 1) for r in rows)
        if abs(total - 1.0) > 2e-3:
            sys.exit(f"{sex} mass fractions sum to {total}, expected 1")

    with open(OUT, "w", newline="") as f:
        f.write("# Segment inertia parameters, de Leva 1996 (J Biomech 29:1223), adjusted "
                "Zatsiorsky-Seluyanov data.\n")
        f.write("# Source: BMClab/BMC data/BSPmale_ZdeLeva.txt, BSPfemale_ZdeLeva.txt (CC-BY 4.0); "
                "segment lengths: de Leva 1996 Table 4.\n")
        f.write("# Made by data/scripts/derive_anthropometry.py. Units: mass_fraction of body mass; "
                "com_fraction from the FIRST endpoint as a fraction of segment length;\n")
        f.write("# rg_* radii of gyration (sagittal, transverse, longitudinal) as fractions of "
                "segment length; length_m in m at the reference stature (1.741 m male, "
                "1.735 m female);\n")
        f.write("# length_per_stature = length / stature. One row per segment of ONE side.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["segment", "endpoints",
                    "mass_fraction_male", "mass_fraction_female",
                    "com_fraction_male", "com_fraction_female",
                    "rg_sagittal_male", "rg_sagittal_female",
                    "rg_transverse_male", "rg_transverse_female",
                    "rg_longitudinal_male", "rg_longitudinal_female",
                    "length_m_male", "length_m_female",
                    "length_per_stature_male", "length_per_stature_female"])
        w.writerows(rows)
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({len(rows)} segments)")


if __name__ == "__main__":
    main()

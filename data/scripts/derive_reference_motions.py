#!/usr/bin/env python3
"""Derive the reference motions of the five scenarios (DESIGN §3.7) as tables in
data/reference/<scenario>.csv, resampled to 0-100 % of the right-leg stance (101 rows).

Reads the published data beside the project (../shared/data, never copied) and
writes derived tables only. Python 3 standard library only. Run from anywhere:
    python3 data/scripts/derive_reference_motions.py
Prints the sanity checks of every table (contact/peak knee angle, peak GRF, moments), the
effect of the level_walk low-pass filter on accelerations, and for every scenario with a
ground force the RMS difference between the reference's vertical pelvis acceleration and
F_y/m - g of that force (docs/scenarios.md). Exits with status 1 if a check fails.

Conventions of every table (DESIGN §2): X forward, Y up, Z right; OpenSim coordinate
names; knee flexion, hip flexion and ankle dorsiflexion positive; SI units, radians.
pelvis_tx_m is measured from its value at initial contact; pelvis_ty_m is the height
of the pelvis origin above the stance foot's support surface.
Joint moments are net internal moments as OpenSim inverse dynamics reports them: the
generalised force along the coordinate, positive in the direction of the positive
coordinate (knee: positive = flexion moment, an extension moment is negative; ankle:
plantarflexion moment negative; hip: extension moment negative).
"""

import copy
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep data/scripts free of __pycache__
sys.path.insert(0, HERE)
from read_opensim_table import read_table, crossing_time, interp_linear  # noqa: E402
from curve_tools import NaturalCubicSpline, MonotoneCubic, write_csv  # noqa: E402

PROJECT = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(PROJECT, "..", "shared", "data"))
OUT_DIR = os.path.join(PROJECT, "data", "reference")
G = 9.80665                 # m/s², standard gravity (DESIGN §2)
N_ROWS = 101                # 0, 1, ..., 100 % stance
CONTACT_THRESHOLD_N = 20.0  # N, vertical GRF that marks foot contact
SHARED_TEXT = "../shared/data"  # how the tables name the source folder

HAMNER_DIR = os.path.join(SHARED, "BMC", "data", "opensim", "Mod&Sim2018")
JAM_DIR = os.path.join(SHARED, "opensim-jam", "opensim-jam-release")

# Columns common to all tables (coordinates and their time derivatives).
COORDS = [("pelvis_tx", "m"), ("pelvis_ty", "m"), ("pelvis_tilt", "rad"),
          ("hip_flexion_r", "rad"), ("knee_angle_r", "rad"), ("ankle_angle_r", "rad")]
KIN_COLUMNS = ["%s_%s" % (name, unit) for name, unit in COORDS]
SPEED_COLUMNS = ["%s_speed_%s" % (name, "m_per_s" if unit == "m" else "rad_per_s")
                 for name, unit in COORDS]
MOMENTS = ["hip_flexion_r", "knee_angle_r", "ankle_angle_r"]
# The other (left) leg's angles relative to the pelvis, same signs as the right leg's: the model
# lumps that leg into the trunk and applies its swing as a load on the pelvis
# (models/other_leg_load.hpp).
OTHER_LEG = ["hip_flexion_l", "knee_angle_l", "ankle_angle_l"]
OTHER_LEG_COLUMNS = (["%s_rad" % n for n in OTHER_LEG]
                     + ["%s_speed_rad_per_s" % n for n in OTHER_LEG])


def percent_grid():
    return [100.0 * k / (N_ROWS - 1) for k in range(N_ROWS)]


def rel(path):
    """Path of a shared file as the tables name it (relative to the project root)."""
    return SHARED_TEXT + "/" + os.path.relpath(path, SHARED).replace(os.sep, "/")


def deg(x):
    return math.degrees(x)


def osim_total_mass_kg(path):
    text = open(path, encoding="utf-8").read()
    return sum(float(m) for m in re.findall(r"<mass>\s*([-0-9.eE+]+)\s*</mass>", text))


def detect_stance(grf, vy_name, t_from=0.0):
    """Initial contact and toe-off (s) of one foot from its vertical GRF threshold."""
    vy = grf.column(vy_name)
    t0 = crossing_time(grf.time, vy, CONTACT_THRESHOLD_N, t_from, rising=True)
    t1 = crossing_time(grf.time, vy, CONTACT_THRESHOLD_N, t0, rising=False)
    if t0 is None or t1 is None:
        raise ValueError("%s: no complete stance in %s" % (grf.path, vy_name))
    return t0, t1


def recorded_rows(ik, ik_names, grf, grf_names, id_table, id_names, mass_kg, t0, t1, other_names):
    """Resample a recorded trial over [t0, t1].

    ik_names: source column for each of COORDS (angles converted to rad).
    grf_names: (x, y, centre-of-pressure x) GRF columns of the stance foot.
    other_names: (x, y, centre-of-pressure x) GRF columns of the other (left) foot, one triple per
    force plate, summed (centre of pressure: force-weighted).
    Kinematics use a natural cubic spline through the IK samples (smooth speeds);
    GRF and moments use linear interpolation (no overshoot at the impact peak)."""
    splines = []
    for (name, unit), src in zip(COORDS, ik_names):
        values = ik.angle_rad(src) if unit == "rad" else list(ik.column(src))
        splines.append(NaturalCubicSpline(ik.time, values))
    tx0 = splines[0].value(t0)
    duration = t1 - t0
    rows = []
    for p in percent_grid():
        t = t0 + duration * p / 100.0
        q = [s.value(t) for s in splines]
        q[0] -= tx0
        qd = [s.derivative(t) for s in splines]
        row = [p, t - t0] + q + qd
        if grf is not None:
            fx = grf.interp(grf_names[0], t)
            fy = grf.interp(grf_names[1], t)
            row += [fx, fy, fx / (mass_kg * G), fy / (mass_kg * G)]
            ox = sum(grf.interp(x, t) for x, _, _ in other_names)
            oy = sum(grf.interp(y, t) for _, y, _ in other_names)
            dx = 0.0  # other foot's centre of pressure ahead of the stance foot's, m
            if oy > 1.0:
                other_px = sum(grf.interp(y, t) * grf.interp(px, t) for _, y, px in other_names) / oy
                dx = other_px - grf.interp(grf_names[2], t)
            row += [ox / (mass_kg * G), oy / (mass_kg * G), dx]
        if id_table is not None:
            m = [id_table.interp(n, t) for n in id_names]
            row += m + [v / mass_kg for v in m]
        rows.append(row)
    return rows


def other_leg_rows(ik, ik_names, t0, t1, shift_s=0.0):
    """The other leg's angles (rad) and speeds (rad/s) over [t0, t1] on the percent grid, from
    the (filtered) IK columns ik_names (hip, knee, ankle) at time t + shift_s, natural cubic
    splines as above."""
    splines = [NaturalCubicSpline(ik.time, ik.angle_rad(n)) for n in ik_names]
    rows = []
    for p in percent_grid():
        t = t0 + (t1 - t0) * p / 100.0 + shift_s
        rows.append([s.value(t) for s in splines] + [s.derivative(t) for s in splines])
    return rows


def check_other_leg_swing(name, rows):
    """The other leg swings forward during this stance: its hip flexes by tens of degrees."""
    hip = [r[0] for r in rows]
    print("  %s other (left) leg: hip %.1f -> %.1f deg, knee %.1f..%.1f deg over stance"
          % (name, deg(hip[0]), deg(hip[-1]), deg(min(r[1] for r in rows)), deg(max(r[1] for r in rows))))
    check("%s other leg's hip flexion gain over stance (swing)" % name, deg(hip[-1] - hip[0]), 20.0, 80.0, "deg")


# Ground force on the other (left) foot at the same instant: zero in running (flight), the
# double-support load in walking gaits. With the stance foot's force it gives the whole body's
# momentum change (the tracking controller's centre-of-mass reference).
CONTRALATERAL_COLUMNS = ["contralateral_grf_x_bw", "contralateral_grf_y_bw", "contralateral_cop_dx_m"]


def kinetic_columns(with_grf, with_moments):
    cols = []
    if with_grf:
        cols += ["grf_x_N", "grf_y_N", "grf_x_bw", "grf_y_bw"] + CONTRALATERAL_COLUMNS
    if with_moments:
        cols += ["%s_moment_Nm" % m for m in MOMENTS]
        cols += ["%s_moment_Nm_per_kg" % m for m in MOMENTS]
    return cols


def touchdown_line(columns, rows):
    first = dict(zip(columns, rows[0]))
    parts = ["%s=%.4g" % (c, first[c]) for c in KIN_COLUMNS[1:] + SPEED_COLUMNS]
    return "touchdown state (row 0): " + ", ".join(parts)


def column(columns, rows, name):
    k = columns.index(name)
    return [r[k] for r in rows]


def print_checks(title, columns, rows, expected):
    knee = column(columns, rows, "knee_angle_r_rad")
    k_peak = max(range(len(knee)), key=lambda i: knee[i])
    print("%s:" % title)
    print("  stance duration      %.3f s" % rows[-1][1])
    print("  knee at contact      %.1f deg   (expected %s)" % (deg(knee[0]), expected.get("contact", "-")))
    print("  peak knee flexion    %.1f deg at %.0f %% stance   (expected %s)"
          % (deg(knee[k_peak]), rows[k_peak][0], expected.get("peak", "-")))
    print("  knee at toe-off      %.1f deg" % deg(knee[-1]))
    if "grf_y_bw" in columns:
        fy = column(columns, rows, "grf_y_bw")
        print("  peak vertical GRF    %.2f BW   (expected %s)" % (max(fy), expected.get("grf", "-")))
    if "knee_angle_r_moment_Nm_per_kg" in columns:
        km = column(columns, rows, "knee_angle_r_moment_Nm_per_kg")
        print("  peak knee extension moment %.2f N·m/kg; peak knee flexion moment %.2f N·m/kg   (expected ext. %s)"
              % (-min(km), max(km), expected.get("moment", "-")))


FAILED_CHECKS = []


def check(label, value, low, high, unit):
    """Band check of a derived value against the published one; failures make the
    script exit with status 1 after writing the tables."""
    ok = low <= value <= high
    print("  %-4s %-42s %8.3f %s  (band %g..%g)" % ("ok" if ok else "FAIL", label, value, unit, low, high))
    if not ok:
        FAILED_CHECKS.append(label)


def knee_summary(columns, rows):
    knee = column(columns, rows, "knee_angle_r_rad")
    return deg(knee[0]), deg(max(knee)), deg(knee[-1])


# --------------------------------------------------------------------------------------
# Low-pass filter of noisy kinematics: Winter DA (2009) Biomechanics and Motor Control of
# Human Movement, 4th ed., Wiley, §3.4: a 2nd-order Butterworth run forward and then backward
# is a 4th-order zero-lag filter; the cutoff of each pass is raised by 1/C, C = (2^(1/2) - 1)^(1/4)
# = 0.802, so that the two passes together are -3 dB at the requested cutoff.
WINTER_TWO_PASS_CORRECTION = (2.0 ** 0.5 - 1.0) ** 0.25   # 0.802, Winter 2009 §3.4
WALK_FILTER_CUTOFF_HZ = 6.0                               # Hz, Winter 2009 (gait kinematics)
# Hz, the kinematics low-pass of the Hamner running data's own OpenSim setup:
# BMC/data/opensim/Mod&Sim2018/RRA/grf_run.xml, lowpass_cutoff_frequency_for_load_kinematics = 15.
RUN_FILTER_CUTOFF_HZ = 15.0


def butterworth2_coefficients(fs_hz, fc_hz):
    """Recursive coefficients (a0, a1, a2, b1, b2) of one pass of the 2nd-order low-pass
    (Winter 2009 §3.4): y[n] = a0 x[n] + a1 x[n-1] + a2 x[n-2] + b1 y[n-1] + b2 y[n-2]."""
    wc = math.tan(math.pi * fc_hz / fs_hz) / WINTER_TWO_PASS_CORRECTION
    k1 = math.sqrt(2.0) * wc
    k2 = wc * wc
    a0 = k2 / (1.0 + k1 + k2)
    k3 = 2.0 * a0 / k2
    return a0, 2.0 * a0, a0, -2.0 * a0 + k3, 1.0 - 2.0 * a0 - k3


def _one_pass(xs, coeffs):
    a0, a1, a2, b1, b2 = coeffs
    y = [xs[0], xs[0]]            # start at rest on the first value: no start-up step
    x1 = x2 = xs[0]
    out = []
    for x in xs:
        v = a0 * x + a1 * x1 + a2 * x2 + b1 * y[-1] + b2 * y[-2]
        out.append(v)
        y.append(v)
        x2, x1 = x1, x
    return out


def zero_lag_lowpass(xs, fs_hz, fc_hz):
    """4th-order zero-lag Butterworth low-pass of a uniformly sampled signal. The ends are
    padded by odd reflection (2 x0 - x[k]), one second or the whole signal, so that the
    filter's start-up transient falls outside the data."""
    n_pad = min(len(xs) - 1, int(round(fs_hz)))
    head = [2.0 * xs[0] - xs[k] for k in range(n_pad, 0, -1)]
    tail = [2.0 * xs[-1] - xs[-1 - k] for k in range(1, n_pad + 1)]
    coeffs = butterworth2_coefficients(fs_hz, fc_hz)
    y = _one_pass(head + list(xs) + tail, coeffs)
    y = _one_pass(y[::-1], coeffs)[::-1]
    return y[n_pad:n_pad + len(xs)]


def check_filter_response(fs_hz, fc_hz):
    """Second formulation: the steady gain of the two passes on sinusoids must be the
    squared 2nd-order Butterworth magnitude: about 1 well below the cutoff,
    1/sqrt(2) at the cutoff (the 0.802 correction), near 0 at three times the cutoff."""
    print("low-pass filter (4th-order zero-lag Butterworth, Winter 2009), fs %.0f Hz, cutoff %.1f Hz:" % (fs_hz, fc_hz))
    for f, low, high in [(1.0, 0.99, 1.01), (fc_hz, 0.69, 0.725), (3 * fc_hz, 0.0, 0.05)]:
        n = int(4 * fs_hz)
        xs = [math.sin(2 * math.pi * f * k / fs_hz) for k in range(n)]
        ys = zero_lag_lowpass(xs, fs_hz, fc_hz)
        mid = range(n // 4, 3 * n // 4)
        gain = math.sqrt(sum(ys[k] ** 2 for k in mid) / sum(xs[k] ** 2 for k in mid))
        check("filter gain at %.0f Hz" % f, gain, low, high, "")


def filtered_table(table, names, fs_hz, fc_hz):
    """A shallow copy of an OpenSim table whose columns `names` are low-pass filtered."""
    dt = [b - a for a, b in zip(table.time[:-1], table.time[1:])]
    if max(dt) - min(dt) > 1e-6:
        raise ValueError("%s: not uniformly sampled, cannot filter" % table.path)
    out = copy.copy(table)
    out.columns = dict(table.columns)
    for n in names:
        out.columns[n] = zero_lag_lowpass(table.column(n), fs_hz, fc_hz)
    out.time = out.columns[out.names[0]]
    return out


def spline_second_derivative(spline, x):
    """d2y/dx2 of a NaturalCubicSpline: linear between the knots' second derivatives."""
    j, h = spline._segment(x)
    b = (x - spline.xs[j]) / h
    return (1.0 - b) * spline.m[j] + b * spline.m[j + 1]


def max_abs_acceleration(table, name, t0, t1, in_rad):
    values = table.angle_rad(name) if in_rad else list(table.column(name))
    sp = NaturalCubicSpline(table.time, values)
    ts = [t for t in table.time if t0 <= t <= t1]
    return max(abs(spline_second_derivative(sp, t)) for t in ts)


def grf_consistency(label, times_s, pelvis_ty_acc, vgrf_N, mass_kg):
    """Vertical pelvis acceleration of the reference vs (F_y / m - g) of its own vertical GRF.
    The pelvis is not the centre of mass, so the two agree only as far as the pelvis moves
    with the COM; the RMS difference says how much of the tracked vertical motion the
    recorded ground force explains. Returns the RMS difference in m/s²."""
    diff = [a - (f / mass_kg - G) for a, f in zip(pelvis_ty_acc, vgrf_N)]
    com = [f / mass_kg - G for f in vgrf_N]
    rms = math.sqrt(sum(d * d for d in diff) / len(diff))
    rms_com = math.sqrt(sum(c * c for c in com) / len(com))
    rms_pel = math.sqrt(sum(a * a for a in pelvis_ty_acc) / len(pelvis_ty_acc))
    print("  GRF consistency %s: RMS(pelvis_ty'' - (F_y/m - g)) = %.2f m/s² = %.3f BW over %d samples of stance"
          "  (RMS of F_y/m - g %.2f m/s², of pelvis_ty'' %.2f m/s²)"
          % (label, rms, rms / G, len(diff), rms_com, rms_pel))
    GRF_CONSISTENCY[label] = (rms, rms / G, rms_com, rms_pel)
    return rms


GRF_CONSISTENCY = {}


# --------------------------------------------------------------------------------------
# level_run: Hamner, Seth & Delp 2010 J Biomech 43:2709 (running stride, Rajagopal2015 model).
def derive_level_run():
    ik = read_table(os.path.join(HAMNER_DIR, "IK", "results", "ik_output_run.mot"))
    grf = read_table(os.path.join(HAMNER_DIR, "ExpData", "grf_run.mot"))
    idt = read_table(os.path.join(HAMNER_DIR, "ID", "results", "inverse_dynamics.sto"))
    mass_kg = osim_total_mass_kg(os.path.join(HAMNER_DIR, "Scale", "Rajagopal2015_scaled.osim"))
    t0, t1 = detect_stance(grf, "R_ground_force_vy")
    tl0, _ = detect_stance(grf, "L_ground_force_vy", t1)
    stride_s = 2.0 * (tl0 - t0)  # right contact to the next right contact, from one step
    speed = ((ik.interp("pelvis_tx", ik.time[-1]) - ik.interp("pelvis_tx", ik.time[0]))
             / (ik.time[-1] - ik.time[0]))
    # The tracking controller uses the reference's accelerations: the raw IK's are noise
    # (max |pelvis_ty''| below). Low-pass as the data's own OpenSim setup does.
    raw_ik = ik
    run_fs_hz = (len(ik.time) - 1) / (ik.time[-1] - ik.time[0])
    check_filter_response(run_fs_hz, RUN_FILTER_CUTOFF_HZ)
    ik = filtered_table(raw_ik, ["pelvis_tx", "pelvis_ty", "pelvis_tilt", "hip_flexion_r",
                                 "knee_angle_r", "ankle_angle_r"] + OTHER_LEG, run_fs_hz,
                        RUN_FILTER_CUTOFF_HZ)
    rows = recorded_rows(ik, ["pelvis_tx", "pelvis_ty", "pelvis_tilt", "hip_flexion_r",
                              "knee_angle_r", "ankle_angle_r"],
                         grf, ["R_ground_force_vx", "R_ground_force_vy", "R_ground_force_px"],
                         idt, ["%s_moment" % m for m in MOMENTS], mass_kg, t0, t1,
                         [("L_ground_force_vx", "L_ground_force_vy", "L_ground_force_px")])
    leg_rows = other_leg_rows(ik, OTHER_LEG, t0, t1)
    rows = [r + l for r, l in zip(rows, leg_rows)]
    columns = (["percent_stance", "time_s"] + KIN_COLUMNS + SPEED_COLUMNS + kinetic_columns(True, True)
               + OTHER_LEG_COLUMNS)
    # Mean vertical GRF over one stride divided by g: an independent check of body mass.
    vy = [a + b for a, b in zip(grf.column("R_ground_force_vy"), grf.column("L_ground_force_vy"))]
    in_stride = [v for t, v in zip(grf.time, vy) if t0 <= t < t0 + stride_s]
    mass_from_grf = sum(in_stride) / len(in_stride) / G
    header = [
        "kneeload reference motion: level_run (right-leg stance, 0-100 %)",
        "source: Hamner SR, Seth A, Delp SL (2010) Muscle contributions to propulsion and support during running. J Biomech 43:2709-2716;",
        "  files %s, %s, %s" % (rel(ik.path), rel(grf.path), rel(idt.path)),
        "licence: BMClab/BMC repository, CC-BY 4.0 (cite Hamner et al. 2010); this derived table: resampled, unit-converted",
        "kinematics low-pass filtered: 4th-order zero-lag Butterworth at %.0f Hz (the cutoff of the data's own OpenSim setup RRA/grf_run.xml)" % RUN_FILTER_CUTOFF_HZ,
        "script: data/scripts/derive_reference_motions.py",
        "stance window: %.4f-%.4f s of the trial (right vertical GRF > %.0f N), duration %.4f s" % (t0, t1, CONTACT_THRESHOLD_N, t1 - t0),
        "speed: %.2f m/s (mean pelvis_tx speed over the trial); body mass %.1f kg (Rajagopal2015_scaled.osim; mean stride vertical GRF / g = %.1f kg)" % (speed, mass_kg, mass_from_grf),
        "units: percent_stance %; time_s s from initial contact; *_m m; *_rad rad; *_speed_* m/s or rad/s; grf_*_N N; *_bw multiples of body weight (mass x 9.80665);",
        "contralateral_grf_*_bw: ground force on the other (left) foot at the same instant (double support; zero in running);",
        "  contralateral_cop_dx_m: its centre of pressure ahead (+) of the stance foot's, m (0 while it carries no load)",
        "  *_moment_Nm N·m; *_Nm_per_kg N·m/kg",
        "signs: knee flexion, hip flexion, ankle dorsiflexion positive (the source uses the same: Rajagopal2015 knee_angle_r flexion positive);",
        "  pelvis_tilt rotation about +Z (negative = anterior tilt); grf_x along +X (forward), grf_y up, force of the ground on the right foot;",
        "  moments: net internal, OpenSim generalised forces, positive along the positive coordinate (knee extension moment negative)",
        "pelvis_tx_m from its value at contact; pelvis_ty_m above the ground (y = 0 at the force plate)",
        "hip_flexion_l, knee_angle_l, ankle_angle_l: the other (left) leg in the air, same signs and filter as the right leg's",
        touchdown_line(columns, rows),
    ]
    write_csv(os.path.join(OUT_DIR, "level_run.csv"), header, columns, rows)
    print("level_run: stance %.4f-%.4f s (threshold %.0f N), speed %.2f m/s, mass %.1f kg (GRF %.1f kg)"
          % (t0, t1, CONTACT_THRESHOLD_N, speed, mass_kg, mass_from_grf))
    print_checks("level_run checks", columns, rows,
                 {"contact": "≈ 21 deg", "peak": "≈ 42 deg", "grf": "≈ 2.55 BW", "moment": "≈ 1.7 N·m/kg"})
    contact, peak, _ = knee_summary(columns, rows)
    # Vertical pelvis motion vs the recorded vertical GRF (both feet; the left is in the air).
    ty = NaturalCubicSpline(ik.time, list(ik.column("pelvis_ty")))
    ts = [t0 + (t1 - t0) * p / 100.0 for p in percent_grid()]
    grf_consistency("level_run", ts, [spline_second_derivative(ty, t) for t in ts],
                    [grf.interp("R_ground_force_vy", t) + grf.interp("L_ground_force_vy", t) for t in ts], mass_kg)
    print("  unfiltered IK (150 Hz): max |pelvis_ty''| %.1f m/s², max |knee''| %.0f rad/s² over stance"
          % (max_abs_acceleration(raw_ik, "pelvis_ty", t0, t1, False), max_abs_acceleration(raw_ik, "knee_angle_r", t0, t1, True)))
    print("  filtered IK (%.0f Hz): max |pelvis_ty''| %.1f m/s², max |knee''| %.0f rad/s² over stance"
          % (RUN_FILTER_CUTOFF_HZ, max_abs_acceleration(ik, "pelvis_ty", t0, t1, False), max_abs_acceleration(ik, "knee_angle_r", t0, t1, True)))
    # For information: the consistency if the GRF were low-passed like the IK.
    fs_hz = run_fs_hz
    for fc in (RUN_FILTER_CUTOFF_HZ,):
        fik = filtered_table(raw_ik, ["pelvis_ty", "knee_angle_r"], fs_hz, fc)
        fty = NaturalCubicSpline(fik.time, list(fik.column("pelvis_ty")))
        fgrf = filtered_table(grf, ["R_ground_force_vy", "L_ground_force_vy"],
                              (len(grf.time) - 1) / (grf.time[-1] - grf.time[0]), fc)
        grf_consistency("level_run if IK and GRF were low-passed at %.0f Hz" % fc, ts,
                        [spline_second_derivative(fty, t) for t in ts],
                        [fgrf.interp("R_ground_force_vy", t) + fgrf.interp("L_ground_force_vy", t) for t in ts], mass_kg)
        print("    max |pelvis_ty''| %.1f m/s², max |knee''| %.0f rad/s²"
              % (max_abs_acceleration(fik, "pelvis_ty", t0, t1, False), max_abs_acceleration(fik, "knee_angle_r", t0, t1, True)))
    check_other_leg_swing("level_run", leg_rows)
    check("level_run stance start (DESIGN 0.057 s)", t0, 0.047, 0.067, "s")
    check("level_run stance end (DESIGN 0.297 s)", t1, 0.287, 0.307, "s")
    check("level_run knee at contact (DESIGN 21 deg)", contact, 19.0, 23.0, "deg")
    check("level_run peak knee flexion (DESIGN 42 deg)", peak, 40.0, 44.0, "deg")
    check("level_run peak vGRF (Hamner 2.55 BW)", max(column(columns, rows, "grf_y_bw")), 2.45, 2.65, "BW")
    check("level_run peak knee ext. moment (1.7)", -min(column(columns, rows, "knee_angle_r_moment_Nm_per_kg")), 1.55, 1.85, "N·m/kg")
    return columns, rows


# --------------------------------------------------------------------------------------
# downhill_run: the level stride with a knee warp that scales linearly with the slope.
# Rule (DESIGN §3.7, from a level vs 9 % downhill treadmill study): at about -5.14 deg
# (9 % grade) knee flexion at contact falls by 4 deg and peak stance knee flexion rises
# by 7 deg. Consistent in direction with Front Sports Act Living 3:682401 (2021),
# doi:10.3389/fspor.2021.682401 (0, -5, -10 deg: more knee extension at touchdown and
# more peak stance knee flexion on steeper downhill; contact time unaffected by slope),
# so stance duration, hip, ankle and pelvis are left as in the level stride.
DOWNHILL_REF_SLOPE_DEG = -math.degrees(math.atan(0.09))  # deg, 9 % grade = -5.14 deg
DOWNHILL_CONTACT_DELTA_DEG = -4.0   # deg of knee flexion at contact, at the reference slope
DOWNHILL_PEAK_DELTA_DEG = 7.0       # deg of peak stance knee flexion, at the reference slope
DOWNHILL_DEFAULT_SLOPE_DEG = -6.0   # deg, default terrain.slope_deg of downhill_run (DESIGN §4)


def cosine_blend(points, phase):
    """Value and d/dphase of a C1 curve through (phase, value) key points with zero
    slope at each key point: half-cosine blends between neighbours."""
    for (p0, v0), (p1, v1) in zip(points[:-1], points[1:]):
        if p0 <= phase <= p1:
            s = (phase - p0) / (p1 - p0)
            w = 0.5 - 0.5 * math.cos(math.pi * s)
            dw = 0.5 * math.pi * math.sin(math.pi * s) / (p1 - p0)
            return v0 + (v1 - v0) * w, (v1 - v0) * dw
    raise ValueError("phase outside key points")


def derive_downhill_run(level_columns, level_rows):
    knee = column(level_columns, level_rows, "knee_angle_r_rad")
    k_peak = max(range(len(knee)), key=lambda i: knee[i])
    phase_peak = level_rows[k_peak][0] / 100.0
    per_deg = 1.0 / DOWNHILL_REF_SLOPE_DEG   # scale per degree of slope
    key = [(0.0, math.radians(DOWNHILL_CONTACT_DELTA_DEG) * per_deg),
           (phase_peak, math.radians(DOWNHILL_PEAK_DELTA_DEG) * per_deg),
           (1.0, 0.0)]
    stance_s = level_rows[-1][1]
    rule_rows = []
    for p in percent_grid():
        v, dv = cosine_blend(key, p / 100.0)
        rule_rows.append([p, v, dv])
    rule_columns = ["percent_stance", "knee_delta_rad_per_deg", "knee_delta_dphase_rad_per_deg"]
    rule_header = [
        "kneeload downhill knee warp: knee_angle_r(downhill) = knee_angle_r(level) + terrain.slope_deg * knee_delta_rad_per_deg",
        "  and knee speed += terrain.slope_deg * knee_delta_dphase_rad_per_deg / stance_time_s (phase = percent_stance / 100)",
        "rule: at the reference slope %.3f deg (9 %% grade) knee flexion at contact changes by %+.1f deg and at the level stride's peak (%.0f %% stance) by %+.1f deg,"
        % (DOWNHILL_REF_SLOPE_DEG, DOWNHILL_CONTACT_DELTA_DEG, 100 * phase_peak, DOWNHILL_PEAK_DELTA_DEG),
        "  0 at toe-off; half-cosine blends between these key points (zero slope at each); linear in slope (DESIGN §3.7, level vs 9 % downhill treadmill study;",
        "  direction also in Front Sports Act Living 3:682401, 2021). Hip, ankle, pelvis and stance time unchanged (no published adjustment adopted).",
        "source of the level stride: Hamner et al. 2010 J Biomech 43:2709 (see level_run.csv); licence of this table: derived by the project",
        "units: percent_stance %; knee_delta_rad_per_deg rad per degree of slope; knee_delta_dphase_rad_per_deg rad per degree per unit stance phase",
        "script: data/scripts/derive_reference_motions.py",
    ]
    write_csv(os.path.join(OUT_DIR, "downhill_run_knee_warp.csv"), rule_header, rule_columns, rule_rows)

    slope = DOWNHILL_DEFAULT_SLOPE_DEG
    k_knee = KIN_COLUMNS.index("knee_angle_r_rad") + 2
    k_speed = SPEED_COLUMNS.index("knee_angle_r_speed_rad_per_s") + 2 + len(KIN_COLUMNS)
    n_keep = 2 + len(KIN_COLUMNS) + len(SPEED_COLUMNS)
    columns = level_columns[:n_keep]
    rows = []
    for lrow, rrow in zip(level_rows, rule_rows):
        row = list(lrow[:n_keep])
        row[k_knee] += slope * rrow[1]
        row[k_speed] += slope * rrow[2] / stance_s
        rows.append(row)
    header = [
        "kneeload reference motion: downhill_run at terrain.slope_deg = %.1f deg (right-leg stance, 0-100 %%)" % slope,
        "source: the level_run stride (Hamner, Seth & Delp 2010 J Biomech 43:2709; BMClab/BMC, CC-BY 4.0) warped by downhill_run_knee_warp.csv",
        "  (DESIGN §3.7 rule: at -5.14 deg, knee at contact -4 deg and peak stance knee flexion +7 deg; linear in slope). Derived by the project.",
        "script: data/scripts/derive_reference_motions.py",
        "stance duration %.4f s as level (contact time unaffected by slope, Front Sports Act Living 3:682401, 2021); speed and body mass as level_run" % stance_s,
        "GRF and joint moments are not given: they are results of the simulation on the slope. Published GRF change for checks: normal impact peak",
        "  +54 %% and parallel braking peak +73 %% at -9 deg, active peak unchanged (Gottschall & Kram 2005 J Biomech 38:445).",
        "units and signs as level_run.csv (radians; knee flexion positive; pelvis_tx_m from contact; pelvis_ty_m above the support surface)",
        touchdown_line(columns, rows),
    ]
    write_csv(os.path.join(OUT_DIR, "downhill_run.csv"), header, columns, rows)
    print("downhill_run: knee warp at %.1f deg (reference %.2f deg), level peak at %.0f %% stance"
          % (slope, DOWNHILL_REF_SLOPE_DEG, 100 * phase_peak))
    print_checks("downhill_run checks (-6 deg)", columns, rows,
                 {"contact": "level - 4.7 deg", "peak": "level + 8.2 deg"})
    r5 = [(l[k_knee] + DOWNHILL_REF_SLOPE_DEG * r[1]) for l, r in zip(level_rows, rule_rows)]
    print("  at the reference slope %.2f deg: contact %.1f deg (level %.1f), peak %.1f deg (level %.1f)"
          % (DOWNHILL_REF_SLOPE_DEG, deg(r5[0]), deg(knee[0]), deg(max(r5)), deg(max(knee))))
    check("downhill contact change at -5.14 deg (-4)", deg(r5[0] - knee[0]), -4.05, -3.95, "deg")
    check("downhill peak change at -5.14 deg (+7)", deg(max(r5) - max(knee)), 6.95, 7.05, "deg")
    return columns, rows


# --------------------------------------------------------------------------------------
# level_walk: Lenhart overground trial overground_17 (opensim-jam walking example, COMAK).
def derive_level_walk():
    res = os.path.join(JAM_DIR, "examples", "walking", "results")
    ik = read_table(os.path.join(res, "comak-inverse-kinematics", "overground_17_ik.mot"))
    idt = read_table(os.path.join(res, "inverse-dynamics", "walking_inverse_dynamics.sto"))
    forces = read_table(os.path.join(res, "comak", "walking_force.sto"))
    values = read_table(os.path.join(res, "comak", "walking_values.sto"))
    grf = read_table(os.path.join(JAM_DIR, "models", "lenhart2015", "motion_data", "overground_17_grf.mot"))
    model_mass = osim_total_mass_kg(os.path.join(JAM_DIR, "models", "lenhart2015", "lenhart2015.osim"))
    # overground_17_ext_loads.xml applies plate 2 to calcn_r (plates 1 and 3 to calcn_l).
    t0, t1 = detect_stance(grf, "ground_force_2_vy")
    tl0, _ = detect_stance(grf, "ground_force_1_vy")
    tl1, _ = detect_stance(grf, "ground_force_3_vy", tl0 + 0.2)
    stride_s = tl1 - tl0
    # The feet are on plates during [t0, t0 + stride]: mean vertical GRF / g gives the
    # subject's mass (the ID model, lenhart2015.osim, is lighter; its pelvis residual
    # carries the difference).
    vy = [sum(grf.column("ground_force_%d_vy" % p)[i] for p in (1, 2, 3)) for i in range(len(grf.time))]
    in_stride = [v for t, v in zip(grf.time, vy) if t0 <= t < t0 + stride_s]
    mass_kg = sum(in_stride) / len(in_stride) / G
    speed = (ik.interp("pelvis_tx", t0 + stride_s) - ik.interp("pelvis_tx", t0)) / stride_s
    # The IK of this trial is noisy: its accelerations (what the tracking controller follows)
    # are dominated by noise. Filter the whole trial (Winter 2009: 6 Hz), then cut stance.
    ik_names = ["pelvis_tx", "pelvis_ty", "pelvis_tilt", "hip_flex_r", "knee_flex_r", "ankle_flex_r"]
    fs_hz = (len(ik.time) - 1) / (ik.time[-1] - ik.time[0])
    check_filter_response(fs_hz, WALK_FILTER_CUTOFF_HZ)
    raw_ik = ik
    ik = filtered_table(raw_ik, ik_names, fs_hz, WALK_FILTER_CUTOFF_HZ)
    acc = {}
    for label, table in (("raw", raw_ik), ("filtered", ik)):
        acc[label] = (max_abs_acceleration(table, "pelvis_ty", t0, t1, False),
                      max_abs_acceleration(table, "knee_flex_r", t0, t1, True))
        print("  level_walk %-8s IK (%.0f Hz): max |pelvis_ty''| %6.1f m/s², max |knee''| %6.0f rad/s² over stance"
              % (label, fs_hz, acc[label][0], acc[label][1]))
    check("level_walk filtered/raw max |knee''|", acc["filtered"][1] / acc["raw"][1], 0.0, 0.5, "")
    rows = recorded_rows(ik, ik_names,
                         grf, ["ground_force_2_vx", "ground_force_2_vy", "ground_force_2_px"],
                         idt, ["hip_flex_r_moment", "knee_flex_r_moment", "ankle_flex_r_moment"],
                         mass_kg, t0, t1,
                         [("ground_force_%d_vx" % p, "ground_force_%d_vy" % p, "ground_force_%d_px" % p)
                          for p in (1, 3)])
    # The other (left) leg: this trial's IK holds its knee and ankle at 0 +- 1 deg (no markers
    # there), so by the symmetry of healthy gait (Sadeghi et al. 2000 Gait Posture 12:34) it is
    # the right leg half a stride earlier (or later, where the trial does not reach back).
    shift_s = -0.5 * stride_s if t0 - 0.5 * stride_s >= ik.time[0] else 0.5 * stride_s
    leg_rows = other_leg_rows(ik, ["hip_flex_r", "knee_flex_r", "ankle_flex_r"], t0, t1, shift_s)
    rows = [r + l for r, l in zip(rows, leg_rows)]
    columns = (["percent_stance", "time_s"] + KIN_COLUMNS + SPEED_COLUMNS + kinetic_columns(True, True)
               + OTHER_LEG_COLUMNS)
    header = [
        "kneeload reference motion: level_walk (right-leg stance, 0-100 %)",
        "source: Lenhart RL, Kaiser J, Smith CR, Thelen DG (2015) Prediction and validation of load-dependent behavior of the tibiofemoral and",
        "  patellofemoral joints during movement. Ann Biomed Eng 43:2675; Smith CR et al. COMAK / opensim-jam walking example, trial overground_17;",
        "  files %s, %s, %s" % (rel(ik.path), rel(idt.path), rel(grf.path)),
        "licence: clnsmith/opensim-jam, Apache-2.0; this derived table: low-pass filtered, resampled, unit-converted",
        "script: data/scripts/derive_reference_motions.py",
        "kinematics low-pass filtered over the whole trial before the stance is cut: 4th-order zero-lag Butterworth, %.0f Hz (2nd order forward and"
        % WALK_FILTER_CUTOFF_HZ,
        "  backward, cutoff corrected by 0.802; Winter DA 2009 Biomechanics and Motor Control of Human Movement, §3.4); GRF and moments unfiltered",
        "stance window: %.4f-%.4f s of the trial (force plate 2 = calcn_r per overground_17_ext_loads.xml, vertical GRF > %.0f N), duration %.4f s"
        % (t0, t1, CONTACT_THRESHOLD_N, t1 - t0),
        "speed: %.2f m/s (pelvis_tx over one stride); body mass %.1f kg = mean vertical GRF over one stride / g (lenhart2015.osim weighs %.1f kg;"
        % (speed, mass_kg, model_mass),
        "  the ID moments were computed with that lighter model); *_bw and *_Nm_per_kg use %.1f kg" % mass_kg,
        "units: percent_stance %; time_s s from initial contact; *_m m; *_rad rad; *_speed_* m/s or rad/s; grf_*_N N; *_bw body weights;",
        "contralateral_grf_*_bw: ground force on the other (left) foot at the same instant (double support; zero in running);",
        "  contralateral_cop_dx_m: its centre of pressure ahead (+) of the stance foot's, m (0 while it carries no load)",
        "  *_moment_Nm N·m; *_Nm_per_kg N·m/kg",
        "signs: source names hip_flex_r, knee_flex_r, ankle_flex_r are flexion/dorsiflexion positive, as here; pelvis_tilt about +Z (negative = anterior);",
        "  hip_flexion_l, knee_angle_l, ankle_angle_l: the other (left) leg = the right leg's IK %+.3f s away (half a %.3f s stride; this trial's IK" % (shift_s, stride_s),
        "  holds the left knee and ankle at 0 +- 1 deg, no markers there; symmetric gait, Sadeghi et al. 2000 Gait Posture 12:34), same filter",
        "  moments: net internal, OpenSim generalised forces, positive along the positive coordinate (knee: positive = flexion moment)",
        "pelvis_tx_m from its value at contact; pelvis_ty_m above the ground",
        touchdown_line(columns, rows),
    ]
    write_csv(os.path.join(OUT_DIR, "level_walk.csv"), header, columns, rows)
    # Vertical pelvis motion vs the vertical GRF of both feet (plates 1-3: double support).
    ts = [t0 + (t1 - t0) * p / 100.0 for p in percent_grid()]
    vy_fs_hz = (len(grf.time) - 1) / (grf.time[-1] - grf.time[0])
    vy_filtered = zero_lag_lowpass(vy, vy_fs_hz, WALK_FILTER_CUTOFF_HZ)
    for label, table, force in (("level_walk (raw IK, raw GRF)", raw_ik, vy),
                                ("level_walk (filtered IK, raw GRF)", ik, vy),
                                ("level_walk", ik, vy_filtered)):   # the table: both filtered alike
        ty = NaturalCubicSpline(table.time, list(table.column("pelvis_ty")))
        grf_consistency(label, ts, [spline_second_derivative(ty, t) for t in ts],
                        [interp_linear(grf.time, force, t) for t in ts], mass_kg)
    check_other_leg_swing("level_walk", leg_rows)
    # Check of the symmetry: the left hip, which the trial does track, against the shifted right hip.
    left_hip = NaturalCubicSpline(raw_ik.time, raw_ik.angle_rad("hip_flex_l"))
    rms = math.sqrt(sum((left_hip.value(t) - r[0]) ** 2 for t, r in zip(ts, leg_rows)) / len(ts))
    check("level_walk recorded left hip vs right hip half a stride away, rms", deg(rms), 0.0, 5.0, "deg")
    print("level_walk: right stance %.4f-%.4f s (plate 2), stride %.3f s, speed %.2f m/s, mass %.1f kg from GRF (model %.1f kg)"
          % (t0, t1, stride_s, speed, mass_kg, model_mass))
    print_checks("level_walk checks", columns, rows, {"contact": "≈ 0-5 deg", "peak": "pre-swing, at toe-off",
                                                      "grf": "≈ 1.1-1.2 BW"})
    knee = column(columns, rows, "knee_angle_r_rad")
    k_lr = max(range(41), key=lambda i: knee[i])
    print("  loading-response knee flexion peak %.1f deg at %.0f %% stance (typical ≈ 15-20 deg)" % (deg(knee[k_lr]), rows[k_lr][0]))

    # COMAK muscle forces and patella pose for validation (quadriceps insert on the patella).
    quads = ["vasmed", "vaslat", "vasint", "recfem"]
    pf_pose = [n for n in ["pf_flex_r", "pf_rot_r", "pf_tilt_r", "pf_tx_r", "pf_ty_r", "pf_tz_r"] if n in values.names]
    pf_contact = [n for n in forces.names if "contact" in n.lower()]
    fcols = ["percent_stance", "time_s"] + ["%s_N" % m for m in quads] + ["quadriceps_N", "quadriceps_bw"]
    is_translation = {n: n[3:5] in ("tx", "ty", "tz") for n in pf_pose}  # pf_tx_r etc. in m, others rad
    fcols += ["%s_%s" % (n, "m" if is_translation[n] else "rad") for n in pf_pose]
    frows = []
    for p in percent_grid():
        t = t0 + (t1 - t0) * p / 100.0
        f = [forces.interp("/forceset/%s_r" % m, t) for m in quads]
        row = [p, t - t0] + f + [sum(f), sum(f) / (mass_kg * G)]
        for n in pf_pose:
            v = values.interp(n, t)
            if not is_translation[n] and values.in_degrees:
                v = math.radians(v)
            row.append(v)
        frows.append(row)
    fheader = [
        "kneeload validation table: COMAK muscle forces of the level_walk stance (right leg, 0-100 %)",
        "source: opensim-jam walking example (COMAK; Lenhart et al. 2015 Ann Biomed Eng 43:2675 knee model), files %s, %s"
        % (rel(forces.path), rel(values.path)),
        "licence: clnsmith/opensim-jam, Apache-2.0; this derived table: resampled (linear), unit-converted",
        "script: data/scripts/derive_reference_motions.py",
        "stance window %.4f-%.4f s as level_walk.csv; quadriceps_bw uses body mass %.1f kg (mean stride vertical GRF / g)" % (t0, t1, mass_kg),
        "units: *_N N (muscle-tendon force); quadriceps_N = vasmed + vaslat + vasint + recfem; *_bw body weights; pf_* patella pose relative to",
        "  the femur (OpenSim JAM names; rotations rad, translations m) from the COMAK secondary coordinates",
        "PF contact force: not present in comak/walking_force.sto (it lists muscles and reserve actuators only), so not tabulated",
    ]
    write_csv(os.path.join(OUT_DIR, "level_walk_comak_forces.csv"), fheader, fcols, frows)
    q = [r[fcols.index("quadriceps_N")] for r in frows]
    kq = max(range(len(q)), key=lambda i: q[i])
    print("  COMAK quadriceps force peak %.0f N (%.2f BW) at %.0f %% stance; patella pose columns: %s; PF contact columns found: %s"
          % (q[kq], q[kq] / (mass_kg * G), frows[kq][0], ", ".join(pf_pose) or "none", ", ".join(pf_contact) or "none"))
    # Check of the planar chain used for the stairs (see stair_chain): with the foot flat
    # in mid-stance, tilt + hip - knee + ankle should be near 0.
    mid = [r for r in rows if 30 <= r[0] <= 70]
    pitch = [deg(r[4] + r[5] - r[6] + r[7]) for r in mid]
    print("  planar chain check: foot pitch (tilt + hip - knee + ankle) over 30-70 %% stance %.1f..%.1f deg (flat foot: ~0)"
          % (min(pitch), max(pitch)))
    return columns, rows


# --------------------------------------------------------------------------------------
# Stairs: ensemble curves from published key points, interpolated by monotone cubics.
# Key points are (percent stance, value). Each line names its source. The values are
# read from the published mean curves and summary values; where a source gives a range
# the middle is used. hip_flexion_r is derived (see stair_chain) so that the foot keeps
# the given pitch on the tread: the chain then fixes the pelvis path on the stairs.
#   [MW88] McFadyen BJ, Winter DA (1988) An integrated biomechanical analysis of normal
#          stair ascent and descent. J Biomech 21:733-744.
#   [R02]  Riener R, Rabuffetti M, Frigo C (2002) Stair ascent and descent at different
#          inclinations. Gait Posture 15:32-44 (forefoot touches first in both directions;
#          temporal parameters and GRF not affected by inclination).
#   [P07]  Protopapadaki A et al. (2007) Hip, knee, ankle kinematics and kinetics during
#          stair ascent and descent in healthy young individuals. Clin Biomech 22:203-210
#          (rise 18 cm, tread 28.5 cm; knee moment ascent > descent by 0.17 N·m/kg;
#          descent: 9.9 deg more dorsiflexion and 8.8 deg more plantarflexion than ascent).
#   [C02]  Costigan PA, Deluzio KJ, Wyss UP (2002) Knee and hip kinetics during normal
#          stair climbing. Gait Posture 16:31-37 (ascent peak knee extensor moment 1.16 N·m/kg).
#   [Re07] Reid SM et al. (2007) Knee biomechanics of alternate stair ambulation patterns.
#          Med Sci Sports Exerc 39:2005-2011 (step-over-step: ascent 0.96, descent second
#          peak 1.05 N·m/kg knee extensor moment).
#   [B08]  Beaulieu FGD et al. (2008) Kinetic analysis of forwards and backwards stair
#          descent. Gait Posture 27:564-571 (forward descent stance:swing 65:35 to 70:30).
# Each key point carries one of three marks:
#   [value: SRC]  a published summary value (the number is quoted in the comment);
#   [curve: SRC]  read from the published mean curve (approximate, no table value exists);
#   [shape]       no published value: a point that joins cited points smoothly (an assumption).
STAIR_ASCENT = {
    "stance_s": 0.66,   # s [curve: MW88, R02] stance ≈ 64-66 % of a ≈ 1.0-1.05 s cycle; DESIGN §3.7: 0.6-0.7 s
    "cycle_s": 1.03,    # s [curve: MW88, R02] the cycle above (stance 64 %)
    "knee_deg": [(0, 60.0),    # [value: DESIGN §3.7 55-65 deg; curve: MW88, R02] contact on the upper step
                 (10, 57.0),   # [curve: MW88] weight acceptance, knee starts to extend
                 (30, 38.0),   # [curve: MW88, R02] pull-up: extension
                 (50, 18.0),   # [curve: MW88, R02]
                 (70, 10.0),   # [value: DESIGN §3.7 5-15 deg; curve: MW88, P07] near full extension, forward continuance
                 (85, 10.0),   # [curve: MW88]
                 (100, 20.0)], # [curve: MW88, R02] flexing into swing before toe-off
    "ankle_deg": [(0, -5.0),   # [curve: R02] forefoot contact, slight plantarflexion
                  (15, 8.0),   # [curve: R02, MW88] dorsiflexion as the heel comes down
                  (35, 13.0),  # [curve: MW88, P07] peak stance dorsiflexion
                  (60, 8.0),   # [curve: MW88]
                  (80, 0.0),   # [curve: MW88] heel rise
                  (100, -15.0)],  # [curve: MW88, P07] push-off plantarflexion
    "foot_pitch_deg": [(0, -12.0),  # [shape; R02: the forefoot touches first] forefoot first
                       (15, 0.0), (70, 0.0),   # [shape] flat on the tread (0 by definition of flat)
                       (85, -8.0), (100, -30.0)],  # [shape] heel rise and push-off
    "pelvis_tilt_deg": [(0, -8.0), (100, -8.0)],  # [shape] forward trunk lean on ascent, anterior tilt held (assumption)
    "grf_y_bw": [(0, 0.0),     # [value] no force before contact
                 (5, 0.45),    # [shape] loading
                 (20, 1.10),   # [value: R02, MW88 first peak ≈ 1.1 BW]
                 (50, 0.85),   # [curve: R02] mid-stance valley
                 (80, 1.15),   # [value: R02, MW88 second (push-up) peak ≈ 1.1-1.2 BW]
                 (95, 0.35),   # [shape] unloading
                 (100, 0.0)],  # [value] no force after toe-off
    "knee_moment_Nm_per_kg": [(0, -0.10),   # [shape]
                              (10, -0.70),  # [shape] rise to the peak
                              (25, -1.16),  # [value: C02 peak extensor moment 1.16 N·m/kg; Re07 0.96]
                              (45, -0.55),  # [shape]
                              (60, 0.0),    # [curve: MW88] extensor moment ends in mid-stance
                              (80, 0.12),   # [curve: MW88] small flexor moment late stance
                              (100, 0.0)],  # [value] no moment after toe-off
    "step_direction": +1.0,   # the stance foot is on the step above the trailing foot
}
STAIR_DESCENT = {
    "stance_s": 0.62,   # s [curve: MW88, R02; value: B08 stance:swing 65:35-70:30] of a ≈ 0.9-1.0 s cycle
    "cycle_s": 0.95,    # s [curve: MW88, R02; value: B08] the cycle above (stance 65 %)
    "knee_deg": [(0, 10.0),    # [value: DESIGN §3.7 5-15 deg; curve: MW88, R02] contact with a nearly extended knee
                 (12, 20.0),   # [curve: MW88] weight acceptance flexion
                 (30, 24.0),   # [curve: MW88] forward continuance
                 (55, 40.0),   # [curve: MW88, R02] controlled lowering
                 (80, 65.0),   # [shape] joins the lowering to the late-stance value
                 (100, 82.0)], # [value: DESIGN §3.7 80-90 deg; curve: MW88, P07] late in stance
    "ankle_deg": [(0, -25.0),  # [curve: R02; P07 8.8 deg more plantarflexion than ascent] forefoot contact
                  (12, -2.0),  # [curve: MW88] heel lowers during weight acceptance
                  (30, 8.0),   # [shape]
                  (55, 15.0),  # [shape]
                  (80, 25.0),  # [curve: MW88; P07 9.9 deg more dorsiflexion than ascent] peak dorsiflexion
                  (100, 27.0)],  # [shape] held to toe-off
    "foot_pitch_deg": [(0, -12.0),   # [shape; R02: the forefoot touches first] reaching down to the step
                       (12, -3.0), (20, 0.0), (85, 0.0),  # [shape] heel comes down; flat on the tread
                       (100, -22.0)],  # [shape] heel rises as the other foot takes over
    "pelvis_tilt_deg": [(0, -3.0), (100, -3.0)],  # [shape] near-upright trunk on descent (assumption)
    "grf_y_bw": [(0, 0.0),     # [value] no force before contact
                 (5, 0.7),     # [shape] loading
                 (14, 1.40),   # [value: R02, MW88 first peak ≈ 1.3-1.5 BW] impact of stepping down
                 (40, 0.80),   # [curve: R02] valley
                 (75, 1.00),   # [value: R02 second peak ≈ 1 BW]
                 (95, 0.30),   # [shape] unloading
                 (100, 0.0)],  # [value] no force after toe-off
    "knee_moment_Nm_per_kg": [(0, 0.0),      # [value] no moment at contact
                              (14, -0.80),   # [curve: MW88, Re07] first extensor peak, weight acceptance
                              (35, -0.55),   # [shape]
                              (70, -1.05),   # [value: Re07 second peak 1.05 N·m/kg; P07 ascent - descent ≈ 0.17]
                              (90, -0.70),   # [shape]
                              (100, -0.10)], # [shape]
    "step_direction": -1.0,
}

# Planar chain of the right leg (lengths from Rajagopal2015_scaled.osim, the level_run
# subject): hip centre in the pelvis frame, thigh and shank lengths, ankle height and
# the heel / forefoot pivots of the foot relative to the ankle with the foot flat.
HIP_IN_PELVIS_M = (-0.0605, -0.0647)   # m, hip_r location_in_parent (sagittal part)
THIGH_M = 0.387                        # m, hip to knee (walker_knee_r location)
SHANK_M = 0.392                        # m, knee to ankle (ankle_r location)
ANKLE_HEIGHT_M = 0.08                  # m, ankle centre above the sole, foot flat
HEEL_PIVOT_M = -0.05                   # m, heel contact point behind the ankle
FOREFOOT_PIVOT_M = 0.13                # m, metatarsal heads in front of the ankle


def rot(a, v):
    c, s = math.cos(a), math.sin(a)
    return (c * v[0] - s * v[1], s * v[0] + c * v[1])


def stair_chain(tilt, knee, ankle, pitch):
    """Hip angle and pelvis origin (x, y) from the stance foot up.

    Segment angles about +Z: foot = tilt + hip - knee + ankle (checked on level_walk:
    flat foot in mid-stance gives ~0). The foot pivots about the forefoot when its
    pitch is negative (heel up) and about the heel when positive. Origin: the forefoot
    pivot of the foot on its tread at (0, 0)."""
    hip = pitch - tilt + knee - ankle
    pivot = (FOREFOOT_PIVOT_M, 0.0) if pitch <= 0 else (HEEL_PIVOT_M, 0.0)
    ankle_flat = (0.0, ANKLE_HEIGHT_M)
    d = rot(pitch, (ankle_flat[0] - pivot[0], ankle_flat[1] - pivot[1]))
    a = (pivot[0] + d[0], pivot[1] + d[1])
    shank_angle = pitch - ankle
    thigh_angle = shank_angle + knee
    k = (a[0] - SHANK_M * math.sin(shank_angle), a[1] + SHANK_M * math.cos(shank_angle))
    h = (k[0] - THIGH_M * math.sin(thigh_angle), k[1] + THIGH_M * math.cos(thigh_angle))
    off = rot(tilt, HIP_IN_PELVIS_M)
    return hip, (h[0] - off[0], h[1] - off[1])


def sole_points(pelvis_x, pelvis_y, tilt, hip, knee, ankle):
    """Heel and forefoot pivots (x, y) from the pelvis down (the inverse of stair_chain)."""
    off = rot(tilt, HIP_IN_PELVIS_M)
    h = (pelvis_x + off[0], pelvis_y + off[1])
    thigh_angle = tilt + hip
    k = (h[0] + THIGH_M * math.sin(thigh_angle), h[1] - THIGH_M * math.cos(thigh_angle))
    shank_angle = thigh_angle - knee
    a = (k[0] + SHANK_M * math.sin(shank_angle), k[1] - SHANK_M * math.cos(shank_angle))
    pitch = shank_angle + ankle
    heel = rot(pitch, (HEEL_PIVOT_M, -ANKLE_HEIGHT_M))
    fore = rot(pitch, (FOREFOOT_PIVOT_M, -ANKLE_HEIGHT_M))
    return (a[0] + heel[0], a[1] + heel[1]), (a[0] + fore[0], a[1] + fore[1])


def derive_stairs(name, spec, title):
    curves = {key: MonotoneCubic([p for p, _ in spec[key]], [v for _, v in spec[key]])
              for key in ("knee_deg", "ankle_deg", "foot_pitch_deg", "pelvis_tilt_deg",
                          "grf_y_bw", "knee_moment_Nm_per_kg")}
    T = spec["stance_s"]

    def pose(p):
        tilt = math.radians(curves["pelvis_tilt_deg"].value(p))
        knee = math.radians(curves["knee_deg"].value(p))
        ankle = math.radians(curves["ankle_deg"].value(p))
        pitch = math.radians(curves["foot_pitch_deg"].value(p))
        hip, pelvis = stair_chain(tilt, knee, ankle, pitch)
        return [pelvis[0], pelvis[1], tilt, hip, knee, ankle]

    # The other foot in double support: a symmetric gait puts the left foot's stance half a
    # cycle after the right's, so at right-stance time t it carries the right curve at t ± T/2
    # (zero outside stance). Symmetry of healthy gait: Sadeghi et al. 2000 Gait Posture 12:34.
    cycle_s = spec["cycle_s"]

    def stance_force(t_s):
        return curves["grf_y_bw"].value(100.0 * t_s / T) if 0.0 <= t_s <= T else 0.0

    def contralateral_y(p):
        t_s = T * p / 100.0
        return stance_force(t_s - 0.5 * cycle_s) + stance_force(t_s + 0.5 * cycle_s)

    # Check: over a cycle the two feet together carry the body weight on average (no net
    # vertical momentum change in steady stair gait).
    n = 2000
    mean_bw = 2.0 * sum(stance_force(T * (i + 0.5) / n) for i in range(n)) * (T / n) / cycle_s
    print("%s: both feet's mean vertical force over a %.2f s cycle %.3f BW" % (name, cycle_s, mean_bw))
    # The key-point curves are approximate: their cycle mean is 1.11 (ascent) and 1.14 BW (descent).
    check("%s mean vertical force of both feet over a cycle" % name, mean_bw, 0.9, 1.15, "BW")
    x0 = pose(0.0)[0]
    dp = 0.01  # % stance, central differences for the speeds of the derived coordinates
    rows = []
    for p in percent_grid():
        q = pose(p)
        lo, hi = max(p - dp, 0.0), min(p + dp, 100.0)
        qlo, qhi = pose(lo), pose(hi)
        qd = [(b - a) / ((hi - lo) / 100.0 * T) for a, b in zip(qlo, qhi)]
        q[0] -= x0
        rows.append([p, T * p / 100.0] + q + qd
                    + [curves["grf_y_bw"].value(p), contralateral_y(p),
                       curves["knee_moment_Nm_per_kg"].value(p)])
    columns = (["percent_stance", "time_s"] + KIN_COLUMNS + SPEED_COLUMNS
               + ["grf_y_bw", "contralateral_grf_y_bw", "knee_angle_r_moment_Nm_per_kg"])
    dx = rows[-1][2] - rows[0][2]
    dy = rows[-1][3] - rows[0][3]
    header = [
        "kneeload reference motion: %s (right-leg stance, 0-100 %%), ensemble curve from published key points" % name,
        "sources: McFadyen & Winter 1988 J Biomech 21:733; Riener, Rabuffetti & Frigo 2002 Gait Posture 15:32; Protopapadaki et al. 2007",
        "  Clin Biomech 22:203; Costigan et al. 2002 Gait Posture 16:31; Reid et al. 2007 Med Sci Sports Exerc 39:2005; Beaulieu et al. 2008",
        "  Gait Posture 27:564 (each key point cited in data/scripts/derive_reference_motions.py); key points approximate the published mean curves",
        "licence: derived by the project from published values (facts, cited); no data file copied",
        "script: data/scripts/derive_reference_motions.py; interpolation: monotone cubic (Fritsch-Carlson) through the key points",
        "stance duration %.2f s (assumed typical value, see sources); stairs rise ≈ 0.17-0.18 m, tread ≈ 0.28 m; body mass: none (normalised columns only)" % T,
        "hip_flexion_r and pelvis_tx/ty are derived by a planar chain (Rajagopal2015_scaled segment lengths) that keeps the stance foot on its tread with",
        "  the given foot pitch; the pelvis moves %+.3f m forward and %+.3f m up over stance; pelvis_ty_m above the stance tread" % (dx, dy),
        "units: percent_stance %; time_s s; *_m m; *_rad rad; *_speed_* m/s or rad/s; grf_y_bw body weights; knee_angle_r_moment_Nm_per_kg N·m/kg",
        "contralateral_grf_y_bw: the other foot's vertical force in double support, the stance curve half a %.2f s cycle earlier and later" % cycle_s,
        "  (symmetric gait, Sadeghi et al. 2000 Gait Posture 12:34); horizontal ground forces not given",
        "signs: knee flexion, hip flexion, ankle dorsiflexion positive; pelvis_tilt about +Z (negative = anterior); knee moment net internal, positive =",
        "  flexion moment (knee extension moment negative), as OpenSim generalised forces",
        touchdown_line(columns, rows),
    ]
    write_csv(os.path.join(OUT_DIR, "%s.csv" % name), header, columns, rows)
    hip = column(columns, rows, "hip_flexion_r_rad")
    print("%s: stance %.2f s, pelvis moves %+.3f m forward, %+.3f m up; derived hip %.1f deg at contact, %.1f..%.1f deg over stance"
          % (name, T, dx, dy, deg(hip[0]), deg(min(hip)), deg(max(hip))))
    print_checks(title, columns, rows, spec["expected"])
    contact, peak, _ = knee_summary(columns, rows)
    # Second formulation: the foot angle recomputed from the table's own columns must
    # equal the key-point foot pitch (the chain keeps the foot on its tread).
    pitch_error = max(abs(deg(r[4] + r[5] - r[6] + r[7]) - curves["foot_pitch_deg"].value(r[0])) for r in rows)
    check("%s foot pitch from table columns vs key points" % name, pitch_error, 0.0, 1e-6, "deg")
    # Second formulation of the chain: forward kinematics from the table's own columns
    # (pelvis, tilt, hip, knee, ankle) down to the sole. The supporting pivot must stay where
    # it touched the tread (no slip, no sinking), and while the foot is flat both heel and
    # forefoot must lie on the tread (y = 0).
    pose_origin_x = pose(0.0)[0]   # m, pelvis x at contact in the chain's frame (tread pivot at x = 0.13)
    slip, sink, flat_gap = 0.0, 0.0, 0.0
    for r in rows:
        heel, fore = sole_points(r[2] + pose_origin_x, r[3], r[4], r[5], r[6], r[7])
        pitch = r[4] + r[5] - r[6] + r[7]
        pivot, home = (fore, FOREFOOT_PIVOT_M) if pitch <= 0 else (heel, HEEL_PIVOT_M)
        slip = max(slip, abs(pivot[0] - home))
        sink = max(sink, abs(pivot[1]))
        if abs(pitch) < 1e-9:
            flat_gap = max(flat_gap, abs(heel[1]), abs(fore[1]))
    print("  %s foot on the tread (forward kinematics of the table): pivot slip %.2g mm, pivot height %.2g mm, flat-foot heel/forefoot height %.2g mm"
          % (name, 1e3 * slip, 1e3 * sink, 1e3 * flat_gap))
    check("%s sole pivot slip / sink from table columns" % name, 1e3 * max(slip, sink, flat_gap), 0.0, 1e-6, "mm")
    # Vertical pelvis acceleration of the derived path vs the ensemble vertical GRF: these come
    # from different sources (chain geometry vs published force curves), so the difference
    # measures how far the derived pelvis path is from what that force would produce.
    h = 0.5  # % stance, step of the second difference
    ps = [p for p in percent_grid() if h <= p <= 100.0 - h]
    dt = h / 100.0 * T
    acc = [(pose(p + h)[1] - 2.0 * pose(p)[1] + pose(p - h)[1]) / (dt * dt) for p in ps]
    grf_consistency(name, [T * p / 100.0 for p in ps], acc,
                    [curves["grf_y_bw"].value(p) * G for p in ps], 1.0)
    for label, value, (low, high), unit in [
            ("knee at contact", contact, spec["bands"]["contact_deg"], "deg"),
            ("max knee flexion in stance", peak, spec["bands"]["max_knee_deg"], "deg"),
            ("min knee flexion in stance", deg(min(column(columns, rows, "knee_angle_r_rad"))), spec["bands"]["min_knee_deg"], "deg"),
            ("stance duration", T, (0.55, 0.75), "s"),
            ("pelvis forward travel", dx, (0.2, 0.5), "m"),
            ("pelvis rise (+) or fall (-)", dy, spec["bands"]["rise_m"], "m")]:
        check("%s %s" % (name, label), value, low, high, unit)
    return columns, rows


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    if not os.path.isdir(SHARED):
        sys.exit("shared data folder not found: %s" % SHARED)
    run_columns, run_rows = derive_level_run()
    derive_downhill_run(run_columns, run_rows)
    derive_level_walk()
    STAIR_ASCENT["expected"] = {"contact": "≈ 55-65 deg", "peak": "(contact)", "grf": "≈ 1.1-1.2 BW",
                                "moment": "≈ 1.0-1.2 N·m/kg [C02, Re07]"}
    STAIR_DESCENT["expected"] = {"contact": "≈ 5-15 deg", "peak": "≈ 80-90 deg late in stance",
                                 "grf": "≈ 1.3-1.5 BW", "moment": "≈ 1.05 N·m/kg [Re07]"}
    # Bands of DESIGN §3.7 (ascent: 55-65 deg at contact extending to 5-15 deg; descent:
    # 5-15 deg at contact flexing to 80-90 deg); the pelvis must climb or descend
    # about one riser per step (0.17 m).
    STAIR_ASCENT["bands"] = {"contact_deg": (55, 65), "max_knee_deg": (55, 65), "min_knee_deg": (5, 15),
                             "rise_m": (0.10, 0.30)}
    STAIR_DESCENT["bands"] = {"contact_deg": (5, 15), "max_knee_deg": (80, 90), "min_knee_deg": (5, 15),
                              "rise_m": (-0.30, -0.10)}
    derive_stairs("stair_ascent", STAIR_ASCENT, "stair_ascent checks")
    derive_stairs("stair_descent", STAIR_DESCENT, "stair_descent checks")
    if FAILED_CHECKS:
        sys.exit("%d check(s) failed: %s" % (len(FAILED_CHECKS), "; ".join(FAILED_CHECKS)))
    print("all checks passed")


if __name__ == "__main__":
    main()

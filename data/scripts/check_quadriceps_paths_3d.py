#!/usr/bin/env python3
"""Quadriceps muscle-tendon lengths of the generic Rajagopal 2015 model computed in 3-D the way
OpenSim does (full walker-knee and patellofemoral CustomJoint transforms, KnExt_at_fem_r cylinder
wrap, paths to the tibial tuberosity), and the normalised fibre lengths they imply with a rigid
tendon: l_f / l_opt = sqrt((L - l_ts)^2 + (l_opt sin a0)^2) / l_opt.

Source: Rajagopal et al. 2015, IEEE TBME 63:2068; ../shared/data/BMC/data/opensim/Mod&Sim2018/
Rajagopal2015.osim (BMClab/BMC, CC-BY 4.0). Prints a table; writes nothing. These values are the
3-D reference of tests/models/test_quadriceps_fibre_length.cpp. Standard library only.
Run from the project root: python3 data/scripts/check_quadriceps_paths_3d.py
"""
import math
import os
import xml.etree.ElementTree as ET

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OSIM = os.path.join(ROOT, "..", "shared", "data", "BMC", "data", "opensim", "Mod&Sim2018",
                    "Rajagopal2015.osim")
QUADRICEPS = ["recfem_r", "vasmed_r", "vaslat_r", "vasint_r"]


def vec(t):
    return [float(v) for v in t.split()]


def matmul(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def matvec(A, v):
    return [sum(A[i][k] * v[k] for k in range(3)) for i in range(3)]


def transpose(A):
    return [[A[j][i] for j in range(3)] for i in range(3)]


def add(a, b):
    return [a[i] + b[i] for i in range(3)]


def sub(a, b):
    return [a[i] - b[i] for i in range(3)]


def axis_rotation(axis, angle):
    """Rotation by `angle` (rad) about the unit `axis` (Rodrigues)."""
    n = math.sqrt(sum(a * a for a in axis))
    x, y, z = (a / n for a in axis)
    c, s, C = math.cos(angle), math.sin(angle), 1 - math.cos(angle)
    return [[c + x * x * C, x * y * C - z * s, x * z * C + y * s],
            [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
            [z * x * C - y * s, z * y * C + x * s, c + z * z * C]]


def body_fixed_xyz(a):
    """OpenSim 3 orientation: body-fixed X-Y-Z rotations (rad)."""
    R = axis_rotation([1, 0, 0], a[0])
    R = matmul(R, axis_rotation([0, 1, 0], a[1]))
    return matmul(R, axis_rotation([0, 0, 1], a[2]))


class SimmSpline:
    """Forsythe-Malcolm-Moler cubic spline as in OpenSim's SimmSpline (models/simm_spline.cpp)."""

    def __init__(self, X, Y):
        n = len(X)
        self.X, self.Y = X, Y
        b, c, d = [0.0] * n, [0.0] * n, [0.0] * n
        nm1 = n - 1
        d[0] = X[1] - X[0]
        c[1] = (Y[1] - Y[0]) / d[0]
        for i in range(1, nm1):
            d[i] = X[i + 1] - X[i]
            b[i] = 2.0 * (d[i - 1] + d[i])
            c[i + 1] = (Y[i + 1] - Y[i]) / d[i]
            c[i] = c[i + 1] - c[i]
        b[0] = -d[0]
        b[nm1] = -d[n - 2]
        c[0] = c[2] / (X[3] - X[1]) - c[1] / (X[2] - X[0])
        c[nm1] = c[n - 2] / (X[nm1] - X[n - 3]) - c[n - 3] / (X[n - 2] - X[n - 4])
        c[0] = c[0] * d[0] * d[0] / (X[3] - X[0])
        c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (X[nm1] - X[n - 4])
        for i in range(1, n):
            t = d[i - 1] / b[i - 1]
            b[i] -= t * d[i - 1]
            c[i] -= t * c[i - 1]
        c[nm1] /= b[nm1]
        for i in range(n - 2, -1, -1):
            c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
        b[nm1] = (Y[nm1] - Y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[nm1])
        for i in range(nm1):
            b[i] = (Y[i + 1] - Y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
            d[i] = (c[i + 1] - c[i]) / d[i]
            c[i] = 3.0 * c[i]
        c[nm1] = 3.0 * c[nm1]
        d[nm1] = d[n - 2]
        self.b, self.c, self.d = b, c, d

    def __call__(self, x):
        X = self.X
        i = max(0, min(len(X) - 2, max(k for k in range(len(X)) if X[k] <= x) if x >= X[0] else 0))
        dx = x - X[i]
        return self.Y[i] + dx * (self.b[i] + dx * (self.c[i] + dx * self.d[i]))


def function_of(ta):
    f = ta.find("function")[0]
    if f.tag == "LinearFunction":
        k, c0 = vec(f.find("coefficients").text)
        return lambda q: k * q + c0
    if f.tag == "Constant":
        v = float(f.find("value").text)
        return lambda q: v
    if f.tag == "SimmSpline":
        s = SimmSpline(vec(f.find("x").text), vec(f.find("y").text))
        return s
    raise SystemExit(f"function {f.tag} not handled")


class CustomJoint:
    """X_parent_child = X_PF * X_FM(q) * inv(X_BM); rotations body-fixed in order 1-2-3,
    translations along axes of the F frame (Simbody FunctionBased mobilizer)."""

    def __init__(self, j):
        self.loc_p = vec(j.find("location_in_parent").text)
        self.R_p = body_fixed_xyz(vec(j.find("orientation_in_parent").text))
        self.loc_c = vec(j.find("location").text)
        self.R_c = body_fixed_xyz(vec(j.find("orientation").text))
        self.axes = [(ta.get("name"), (ta.find("coordinates").text or "").strip(),
                      vec(ta.find("axis").text), function_of(ta))
                     for ta in j.iter("TransformAxis")]

    def transform(self, coordinate, q):
        """Pose with `coordinate` at q (rad) and every other coordinate of the joint at 0."""
        R = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        p = [0.0, 0.0, 0.0]
        for name, coord, axis, f in self.axes:
            v = f(q if coord == coordinate else 0.0)
            if name.startswith("rotation"):
                R = matmul(R, axis_rotation(axis, v))
            else:
                p = add(p, [v * a for a in axis])
        # child point x_B -> parent: loc_p + R_p (p + R (R_c^T (x_B - loc_c)))
        R_pb = matmul(self.R_p, matmul(R, transpose(self.R_c)))
        o_pb = add(self.loc_p, matvec(self.R_p, sub(p, matvec(R, matvec(transpose(self.R_c),
                                                                        self.loc_c)))))
        return R_pb, o_pb


def wrap_cylinder(P, Q, R_cyl, c_cyl, r):
    """Shortest path P -> Q over a cylinder (axis z of R_cyl, centre c_cyl, radius r) when the
    straight line cuts it (OpenSim WrapCylinder, quadrant all): the projection on the cross-section
    is tangent-arc-tangent, the axial coordinate changes linearly along it (a helix when unrolled).
    Returns the length, or None when the straight line misses or an end is inside."""
    p = matvec(transpose(R_cyl), sub(P, c_cyl))
    q = matvec(transpose(R_cyl), sub(Q, c_cyl))
    dp, dq = math.hypot(p[0], p[1]), math.hypot(q[0], q[1])
    if dp <= r or dq <= r:
        return None
    d = [q[0] - p[0], q[1] - p[1]]
    t = max(0.0, min(1.0, -(p[0] * d[0] + p[1] * d[1]) / (d[0] ** 2 + d[1] ** 2)))
    if math.hypot(p[0] + t * d[0], p[1] + t * d[1]) >= r:
        return None
    ap, aq = math.atan2(p[1], p[0]), math.atan2(q[1], q[0])
    s = 1.0 if (d[0] * (-p[1]) - d[1] * (-p[0])) > 0 else -1.0  # centre left of travel: ccw
    t1 = ap + s * math.acos(r / dp)
    t2 = aq - s * math.acos(r / dq)
    arc = (s * (t2 - t1)) % (2 * math.pi)
    planar = math.sqrt(dp * dp - r * r) + r * arc + math.sqrt(dq * dq - r * r)
    return math.hypot(planar, q[2] - p[2])


def main():
    root = ET.parse(OSIM).getroot()
    bodies = {b.get("name"): b for b in root.iter("Body")}

    def joint(body):
        return next(j for j in bodies[body].iter() if j.tag.endswith("Joint") and j.get("name"))

    hip, knee, pf = CustomJoint(joint("femur_r")), CustomJoint(joint("tibia_r")), \
        CustomJoint(joint("patella_r"))
    cyl = next(w for w in bodies["femur_r"].iter("WrapCylinder") if w.get("name") == "KnExt_at_fem_r")
    R_cyl = body_fixed_xyz(vec(cyl.find("xyz_body_rotation").text))
    c_cyl, r_cyl = vec(cyl.find("translation").text), float(cyl.find("radius").text)
    muscles = {m.get("name"): m for m in root.iter() if m.tag.endswith("Muscle")}

    def lengths(hip_rad, knee_rad):
        R_hip, o_hip = hip.transform("hip_flexion_r", hip_rad)                 # femur in pelvis
        R_k, o_k = knee.transform("knee_angle_r", knee_rad)                   # tibia in femur
        R_pf, o_pf = pf.transform("knee_angle_r_beta", knee_rad)                   # patella in femur (coupled)
        out = {}
        for name in QUADRICEPS:
            pts = []  # femur frame
            for pp in muscles[name].iter("PathPoint"):
                b, x = pp.find("body").text.strip(), vec(pp.find("location").text)
                if b == "pelvis":
                    x = matvec(transpose(R_hip), sub(x, o_hip))
                elif b == "tibia_r":
                    x = add(o_k, matvec(R_k, x))
                elif b == "patella_r":
                    x = add(o_pf, matvec(R_pf, x))
                pts.append((b, x))
            seg = [math.dist(pts[i][1], pts[i + 1][1]) for i in range(len(pts) - 1)]
            best = None  # OpenSim wraps the segment where wrapping adds the least length
            for i in range(len(pts) - 1):
                w = wrap_cylinder(pts[i][1], pts[i + 1][1], R_cyl, c_cyl, r_cyl)
                if w is not None and (best is None or w - seg[i] < best[1]):
                    best = (i, w - seg[i])
            total = sum(seg) + (best[1] if best else 0.0)
            ligament = seg[-1]  # last patellar point -> tibial tuberosity
            out[name] = (total, ligament, total - ligament)
        return out

    print("hip_deg knee_deg muscle  L_3d_m  ligament_m  L_to_patella_m  norm_fibre_length")
    for hip_deg, knee_deg in [(0, 0), (0, 30), (0, 60), (0, 90), (0, 100), (30, 60), (60, 90)]:
        res = lengths(math.radians(hip_deg), math.radians(knee_deg))
        for name in QUADRICEPS:
            m = muscles[name]
            lopt = float(m.find("optimal_fiber_length").text)
            lts = float(m.find("tendon_slack_length").text)
            a0 = float(m.find("pennation_angle_at_optimal").text)
            L, lig, Lp = res[name]
            nfl = math.hypot(L - lts, lopt * math.sin(a0)) / lopt
            print(f"{hip_deg:7d} {knee_deg:8d} {name:8s} {L:.5f} {lig:.5f} {Lp:.5f} {nfl:.4f}")


if __name__ == "__main__":
    main()

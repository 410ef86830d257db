#!/usr/bin/env python3
"""Derive the patellofemoral geometry of kneeload from the Lenhart et al. 2015 knee model.

Reads (relative to the project root):
  ../shared/data/opensim-jam/opensim-jam-release/models/lenhart2015/lenhart2015.osim
  ../shared/data/opensim-jam/opensim-jam-release/models/lenhart2015/Geometry/lenhart2015-R-patella-cartilage.stl
  ../shared/data/opensim-jam/opensim-jam-release/examples/visualize_kinematics/inputs/Geometry/
      lenhart2015-R-femur-subchondral-bone.stl
  ../shared/data/jam-resources/models/knee_healthy/lenhart2015/SIMM/JKRLfbkid.jnt (patella mass)
Writes data/knee_geometry_lenhart2015.csv: rows `key,value,unit` (patellar-tendon and
patellofemoral-ligament bundles, quadriceps lines, groove and patellar-surface fits).

Frames: femur frame = Lenhart's femur_distal_r body frame: origin on the tibiofemoral flexion
axis, X anterior, Y proximal, Z lateral (right knee). Patella points are in Lenhart's patella_r
frame, whose pose at full extension is the pf_r joint's default translation (rotations zero).
Tibia points are in tibia_proximal_r, which coincides with the femur frame at zero knee angles.
Standard library only.
"""
import math
import os
import struct
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, "..", "shared", "data")
JAM = os.path.join(SHARED, "opensim-jam", "opensim-jam-release")
OSIM = os.path.join(JAM, "models", "lenhart2015", "lenhart2015.osim")
PAT_STL = os.path.join(JAM, "models", "lenhart2015", "Geometry", "lenhart2015-R-patella-cartilage.stl")
FEM_STL = os.path.join(JAM, "examples", "visualize_kinematics", "inputs", "Geometry",
                       "lenhart2015-R-femur-subchondral-bone.stl")
JNT = os.path.join(SHARED, "jam-resources", "models", "knee_healthy", "lenhart2015", "SIMM",
                   "JKRLfbkid.jnt")
OUT = os.path.join(ROOT, "data", "knee_geometry_lenhart2015.csv")

FEMORAL_CARTILAGE_M = 0.003  # Lenhart 2015 elastic-foundation layer thickness per cartilage layer
PATELLA_RIDGE_ROUNDING_M = 0.002  # rounding of the patellar ridge in the surface fit


def vec(text):
    return [float(v) for v in text.split()]


def sub(a, b):
    return [a[i] - b[i] for i in range(3)]


def load_stl(path):
    data = open(path, "rb").read()
    tris = []
    if data[:5] == b"solid" and b"facet" in data[:400]:
        cur = []
        for line in data.decode("ascii", "replace").splitlines():
            t = line.split()
            if t and t[0] == "vertex":
                cur.append(tuple(float(v) for v in t[1:4]))
                if len(cur) == 3:
                    tris.append(cur)
                    cur = []
        return tris
    n = struct.unpack("<I", data[80:84])[0]
    for i in range(n):
        v = struct.unpack("<9f", data[84 + 50 * i + 12:84 + 50 * i + 48])
        tris.append([v[0:3], v[3:6], v[6:9]])
    return tris


def tri_normal_centre(t):
    a, b, c = t
    u, v = sub(b, a), sub(c, a)
    n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
    norm = math.sqrt(sum(x * x for x in n)) or 1.0
    centre = [(a[i] + b[i] + c[i]) / 3 for i in range(3)]
    return [x / norm for x in n], centre, 0.5 * norm


def fit_circle(points):
    """Kasa algebraic circle fit in 2-D: returns centre x, centre y, radius, rms residual."""
    n = len(points)
    sx = sum(p[0] for p in points); sy = sum(p[1] for p in points)
    sxx = sum(p[0] ** 2 for p in points); syy = sum(p[1] ** 2 for p in points)
    sxy = sum(p[0] * p[1] for p in points)
    sz = [p[0] ** 2 + p[1] ** 2 for p in points]
    b = [sum(sz[i] * points[i][0] for i in range(n)), sum(sz[i] * points[i][1] for i in range(n)),
         sum(sz)]
    a = [[sxx, sxy, sx], [sxy, syy, sy], [sx, sy, n]]
    sol = solve3(a, b)
    cx, cy = sol[0] / 2, sol[1] / 2
    r = math.sqrt(sol[2] + cx * cx + cy * cy)
    rms = math.sqrt(sum((math.hypot(p[0] - cx, p[1] - cy) - r) ** 2 for p in points) / n)
    return cx, cy, r, rms


def solve3(a, b):
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(3):
        p = max(range(c, 3), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(3):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [m[r][k] - f * m[c][k] for k in range(4)]
    return [m[i][3] / m[i][i] for i in range(3)]


def lstsq(rows, rhs):
    """Linear least squares by the normal equations (small, well-conditioned bases only)."""
    n = len(rows[0])
    m = [[sum(r[i] * r[j] for r in rows) for j in range(n)] +
         [sum(r[i] * b for r, b in zip(rows, rhs))] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [m[r][k] - f * m[c][k] for k in range(n + 1)]
    sol = [m[i][n] / m[i][i] for i in range(n)]
    res = [sum(a * s for a, s in zip(r, sol)) - b for r, b in zip(rows, rhs)]
    return sol, math.sqrt(sum(e * e for e in res) / len(res)), max(abs(e) for e in res)


def facet_basis(u, rounding):
    """Curved-facet profile basis: a (sqrt(u^2+r^2) - r) + b u + c_L u^2/2 (u > 0) + c_M u^2/2 (u < 0)."""
    root = math.sqrt(u * u + rounding * rounding)
    return [root - rounding, u, 0.5 * u * u if u > 0 else 0.0, 0.5 * u * u if u < 0 else 0.0]


def put_point(put, key, point, unit):
    """A point's x, y, z as keys <key>.x, <key>.y, <key>.z."""
    for i, a in enumerate("xyz"):
        put(f"{key}.{a}", point[i], unit)


def put_line_law(put, k, lig):
    """The Blankevoort 1991 law of one bundle (an opensim-jam Blankevoort1991Ligament element)."""
    put(f"{k}.linear_stiffness", float(lig.find("linear_stiffness").text), "N per unit strain")
    put(f"{k}.slack_length", float(lig.find("slack_length").text), "m")
    ts = lig.find("transition_strain")
    put(f"{k}.transition_strain", float(ts.text) if ts is not None else 0.06,
        "1 (Blankevoort1991Ligament default 0.06)")


def main():
    rows = []  # (key, value, unit)

    def put(key, value, unit):
        rows.append((key, value, unit))

    root = ET.parse(OSIM).getroot()
    bodyset = {b.get("name"): b for b in root.iter("Body")}

    # Offsets of the frames: femur_distal_r in femur_r; the right hip centre in the pelvis.
    femur_distal_in_femur_r = None
    hip_in_pelvis = None
    for j in root.iter("WeldJoint"):
        if j.get("name") == "femur_femur_distal_r":
            femur_distal_in_femur_r = vec(j.find(".//PhysicalOffsetFrame/translation").text)
    for j in root.iter("CustomJoint"):
        if j.get("name") == "hip_r":
            hip_in_pelvis = vec(j.find(".//PhysicalOffsetFrame/translation").text)
        if j.get("name") == "pf_r":
            defaults = {c.get("name"): float(c.find("default_value").text)
                        for c in j.iter("Coordinate")}
    put("patella.rest_translation.x", defaults["pf_tx_r"], "m")
    put("patella.rest_translation.y", defaults["pf_ty_r"], "m")
    put("patella.rest_translation.z", defaults["pf_tz_r"], "m")
    put("flexion_axis_in_femur_r.x", femur_distal_in_femur_r[0], "m")
    put("flexion_axis_in_femur_r.y", femur_distal_in_femur_r[1], "m")
    put("flexion_axis_in_femur_r.z", femur_distal_in_femur_r[2], "m")

    def to_femur_distal(frame, p):
        if frame.endswith("femur_distal_r"):
            return p
        if frame.endswith("femur_r"):
            return sub(p, femur_distal_in_femur_r)
        if frame.endswith("pelvis"):  # hip at zero angles: pelvis axes = femur axes
            return sub(sub(p, hip_in_pelvis), femur_distal_in_femur_r)
        raise ValueError(frame)

    # Patellar tendon bundles PT1-PT6 (Blankevoort1991Ligament).
    for lig in root.iter("Blankevoort1991Ligament"):
        name = lig.get("name")
        if not (name.startswith("PT") and name[2:].isdigit()):
            continue
        pts = lig.findall(".//PathPoint")
        pat = vec(pts[0].find("location").text)
        tib = vec(pts[1].find("location").text)
        assert pts[0].find("socket_parent_frame").text.endswith("patella_r")
        assert pts[1].find("socket_parent_frame").text.endswith("tibia_proximal_r")
        k = name.lower()
        put_point(put, f"{k}.patella", pat, "m (patella frame)")
        put_point(put, f"{k}.tibia", tib, "m (tibia frame = femur frame at 0 deg)")
        put_line_law(put, k, lig)

    # Lateral and medial patellofemoral ligament bundles lPFL1-8, mPFL1-6 (Blankevoort1991Ligament,
    # straight femur_distal_r -> patella_r lines); keys lpfl<i>.*, mpfl<i>.*, counts in pfl.*_count.
    counts = {"lPFL": 0, "mPFL": 0}
    for lig in root.iter("Blankevoort1991Ligament"):
        name = lig.get("name")
        if not (name[:4] in counts and name[4:].isdigit()):
            continue
        pts = lig.findall(".//PathPoint")
        assert len(pts) == 2, name
        assert pts[0].find("socket_parent_frame").text.endswith("femur_distal_r"), name
        assert pts[1].find("socket_parent_frame").text.endswith("patella_r"), name
        counts[name[:4]] += 1
        assert int(name[4:]) == counts[name[:4]], name  # numbered 1..n in order
        fem = vec(pts[0].find("location").text)
        pat = vec(pts[1].find("location").text)
        k = name.lower()
        put_point(put, f"{k}.femur", fem, "m (femur frame)")
        put_point(put, f"{k}.patella", pat, "m (patella frame)")
        put_line_law(put, k, lig)
    put("pfl.lateral_count", float(counts["lPFL"]), "1 (lPFL bundles)")
    put("pfl.medial_count", float(counts["mPFL"]), "1 (mPFL bundles)")

    # Quadriceps: last proximal path point and the patellar insertion, max isometric force.
    for m in root.iter("Millard2012EquilibriumMuscle"):
        name = m.get("name")
        if name not in ("vasmed_r", "vaslat_r", "vasint_r", "recfem_r"):
            continue
        pts = m.findall(".//PathPoint")
        frames = [p.find("socket_parent_frame").text for p in pts]
        first_pat = next(i for i, f in enumerate(frames) if f.endswith("patella_r"))
        via = to_femur_distal(frames[first_pat - 1], vec(pts[first_pat - 1].find("location").text))
        ins = vec(pts[first_pat].find("location").text)
        k = name[:-2]
        put_point(put, f"{k}.via", via, "m (femur frame)")
        put_point(put, f"{k}.insertion", ins, "m (patella frame)")
        put(f"{k}.max_isometric_force", float(m.find("max_isometric_force").text), "N")
        # The quadriceps tendon wraps over the distal femur on a cylinder about a Z axis.
        wrap_name = m.find(".//PathWrap/wrap_object").text
        for w in root.iter("WrapCylinder"):
            if w.get("name") == wrap_name:
                centre = to_femur_distal("femur_r", vec(w.find("translation").text))
                put(f"{k}.wrap_centre.x", centre[0], "m (femur frame; cylinder axis along Z)")
                put(f"{k}.wrap_centre.y", centre[1], "m (femur frame)")
                put(f"{k}.wrap_radius", float(w.find("radius").text), "m")

    # Patella mass fraction from the SIMM joint file.
    frac = None
    for line in open(JNT, encoding="latin-1"):
        if line.startswith("#define PATELLA_MASS"):
            frac = float(line.split("{")[1].split("*")[0])
    put("patella.mass_fraction", frac, "1 (of body mass)")

    # Patellar articular surface (cartilage mesh, patella frame): posterior-facing triangles.
    art = []
    for t in load_stl(PAT_STL):
        n, c, area = tri_normal_centre(t)
        if n[0] < -0.3:
            art.append((c, area))
    ys = [c[1] for c, _ in art]; zs = [c[2] for c, _ in art]; xs = [c[0] for c, _ in art]
    put("patella.articular_width", max(zs) - min(zs), "m (mediolateral, Z)")
    put("patella.articular_height", max(ys) - min(ys), "m (proximodistal, Y)")
    put("patella.articular_depth", max(xs) - min(xs), "m (anteroposterior extent of the surface, X)")
    put("patella.articular_area", sum(a for _, a in art), "m^2")
    put("patella.centre.y", 0.5 * (max(ys) + min(ys)), "m (patella frame)")
    put("patella.centre.z", 0.5 * (max(zs) + min(zs)), "m (patella frame)")
    # Ridge: the most posterior point of each proximodistal band.
    bands = {}
    for c, _ in art:
        b = round(c[1] / 0.002)
        if b not in bands or c[0] < bands[b][0]:
            bands[b] = c
    central = [bands[b] for b in bands if abs(bands[b][1] - 0.5 * (max(ys) + min(ys))) < 0.008]
    ridge_z = sum(c[2] for c in central) / len(central)
    apex = min(bands.values(), key=lambda c: c[0])  # most posterior ridge point
    put("patella.ridge.z", ridge_z, "m (patella frame)")
    put("patella.ridge_apex.y", apex[1], "m (patella frame)")
    # The surface: one least-squares fit over every posterior-facing triangle of a surface of
    # second order on each facet, x = x_0 + h(u) + s_v v + k/2 v^2 + w(u) v (u = z - z_r from the
    # ridge, v = y - y_apex): h a facet_basis profile (2 mm ridge rounding, a curvature per
    # facet), the sagittal slope s_v at the apex, the sagittal curvature k above or below the
    # apex, and the twist w(u) = t_a u + t_s (sqrt(u^2 + r^2) - r), each facet's slope changing
    # proximodistally by t_a +- t_s away from the ridge and smoothly across it (the same rounding
    # as h's). Its error is printed beside a two-stage fit's (ridge parabolas through the band
    # minima, then the facets), to show what fitting the whole surface at once gains.
    def surface_basis(c):
        u, v = c[2] - ridge_z, c[1] - apex[1]
        profile = facet_basis(u, PATELLA_RIDGE_ROUNDING_M)  # [sqrt(u^2 + r^2) - r, u, ...]
        return ([1.0] + profile + [0.5 * v * v if v > 0 else 0.0, 0.5 * v * v if v < 0 else 0.0,
                                   v, profile[1] * v, profile[0] * v])
    (x0, pa, pb, pcl, pcm, ks, ki, sv, ta, ts), rms, worst = lstsq(
        [surface_basis(c) for c, _ in art], [c[0] for c, _ in art])
    tl, tm = ta + ts, ta - ts  # each facet's twist away from the ridge
    ridge_k = {}
    for side, keep in (("superior", lambda v: v > 0), ("inferior", lambda v: v < 0)):
        pts = [(c[1] - apex[1], c[0] - apex[0]) for c in bands.values() if keep(c[1] - apex[1])]
        ridge_k[side] = 2 * sum(dx * v * v for v, dx in pts) / sum(v ** 4 for v, _ in pts)
    two_stage = [[1.0] + facet_basis(c[2] - ridge_z, PATELLA_RIDGE_ROUNDING_M) for c, _ in art]
    sag = [0.5 * ridge_k["superior" if c[1] > apex[1] else "inferior"] * (c[1] - apex[1]) ** 2
           for c, _ in art]
    _, rms2, worst2 = lstsq(two_stage, [c[0] - s for (c, _), s in zip(art, sag)])
    print(f"patella surface vs cartilage mesh ({len(art)} triangles): second-order fit rms "
          f"{rms * 1e3:.2f} mm (max {worst * 1e3:.2f}); two-stage fit rms {rms2 * 1e3:.2f} mm "
          f"(max {worst2 * 1e3:.2f})", file=sys.stderr)
    put("patella.facet_fit.ridge_x", x0, "m (patella frame; ridge X at the apex)")
    put("patella.facet_fit.ridge_radius", PATELLA_RIDGE_ROUNDING_M, "m (rounding of the ridge)")
    put("patella.facet_fit.lateral_slope", pa + pb, "1 (lateral facet slope at the ridge)")
    put("patella.facet_fit.medial_slope", pa - pb, "1 (medial facet slope at the ridge)")
    put("patella.facet_fit.lateral_curvature", pcl, "1/m (d2x/dz2 of the lateral facet)")
    put("patella.facet_fit.medial_curvature", pcm, "1/m (d2x/dz2 of the medial facet)")
    put("patella.facet_fit.superior_curvature", ks, "1/m (d2x/dy2 above the apex)")
    put("patella.facet_fit.inferior_curvature", ki, "1/m (d2x/dy2 below the apex)")
    put("patella.facet_fit.sagittal_slope", sv, "1 (dx/dy at the apex)")
    put("patella.facet_fit.lateral_twist", tl, "1/m (d2x/dz dy of the lateral facet off the ridge)")
    put("patella.facet_fit.medial_twist", tm, "1/m (d2x/dz dy of the medial facet off the ridge)")
    put("patella.facet_fit.rms", rms, "m (fit residual in X over the articular triangles)")

    # Trochlear groove from the femur subchondral bone: the groove floor per sagittal angle.
    fem = [v for tri in load_stl(FEM_STL) for v in tri]
    cx, cy = 0.0, 0.0
    for _ in range(4):
        grid = {}
        for x, y, z in fem:
            phi = math.atan2(y - cy, x - cx)  # 0 = anterior, negative = distal
            if not (-1.6 < phi < 0.9) or x < 0.0:
                continue
            key = (round(phi / 0.05), round(z / 0.002))
            r = math.hypot(x - cx, y - cy)
            if grid.get(key, 0.0) < r:
                grid[key] = r
        sulcus = []
        profile = {}
        for (pb, zb), r in grid.items():
            profile.setdefault(pb, {})[zb] = r
        for pb, prof in profile.items():
            band = {zb: r for zb, r in prof.items() if -6 <= zb <= 8}  # -12..16 mm
            if len(band) < 10:
                continue
            zb_min = min(band, key=band.get)
            if zb_min in (-6, 8):
                continue  # no interior minimum: not a groove (notch or off the trochlea)
            r = band[zb_min]
            phi = pb * 0.05
            sulcus.append((cx + r * math.cos(phi), cy + r * math.sin(phi), zb_min * 0.002, pb, prof))
        ccx, ccy, R, rms = fit_circle([(p[0], p[1]) for p in sulcus])
        cx, cy = ccx, ccy
    phis = [math.atan2(p[1] - cy, p[0] - cx) for p in sulcus]
    put("trochlea.centre.x", cx, "m (femur frame, sagittal circle fitted to the groove floor)")
    put("trochlea.centre.y", cy, "m (femur frame)")
    put("trochlea.groove_radius_bone", R, "m (subchondral bone)")
    put("trochlea.groove_radius", R + FEMORAL_CARTILAGE_M, "m (articular surface = bone + 3 mm cartilage)")
    put("trochlea.fit_rms", rms, "m")
    put("trochlea.fit_points", len(sulcus), "1")
    put("trochlea.arc_min_deg", math.degrees(min(phis)), "deg (sagittal angle of fitted groove points; 0 = anterior)")
    put("trochlea.arc_max_deg", math.degrees(max(phis)), "deg")
    sulcus_z = sorted(p[2] for p in sulcus)[len(sulcus) // 2]
    put("trochlea.sulcus.z", sulcus_z, "m (femur frame, median groove floor)")
    # Facet heights 15 mm medial and lateral of the sulcus; sulcus angle from the two slopes.
    w = 0.015
    hl, hm = [], []
    for _, _, zs_, pb, prof in sulcus:
        zb0 = round(zs_ / 0.002); r0 = prof[zb0]
        zl, zm = round((zs_ + w) / 0.002), round((zs_ - w) / 0.002)
        if zl in prof and zm in prof:
            hl.append(prof[zl] - r0); hm.append(prof[zm] - r0)
    hl_m = sum(hl) / len(hl); hm_m = sum(hm) / len(hm)
    angle = 180.0 - math.degrees(math.atan2(hl_m, w)) - math.degrees(math.atan2(hm_m, w))
    put("trochlea.lateral_facet_height", hl_m, f"m (rise {w*1000:.0f} mm lateral of the sulcus)")
    put("trochlea.medial_facet_height", hm_m, f"m (rise {w*1000:.0f} mm medial of the sulcus)")
    put("trochlea.sulcus_angle_fit_deg", angle, "deg")
    # Curved trochlear facets: the groove height above each sulcus point, r(z) - r(z_sulcus), as a
    # facet_basis profile of u = z - z_sulcus (3 mm floor rounding), |u| <= 18 mm, every sulcus
    # point; the chord model (sulcus angle and facet-height ratio above) is scored on the same data.
    basis, rhs = [], []
    for _, _, zs_, pb, prof in sulcus:
        zb0 = round(zs_ / 0.002)
        for zb, r in prof.items():
            u = (zb - zb0) * 0.002
            if abs(u) <= 0.018 + 1e-9 and zb != zb0:
                basis.append(facet_basis(u, 0.003)); rhs.append(r - prof[zb0])
    (ta, tb, tcl, tcm), trms, tworst = lstsq(basis, rhs)
    inc = math.pi - math.radians(angle)
    share = math.atan2(hl_m, w) / (math.atan2(hl_m, w) + math.atan2(hm_m, w))
    tl, tm = math.tan(share * inc), math.tan((1 - share) * inc)
    old = [0.5 * (tl + tm) * f[0] + 0.5 * (tl - tm) * f[1] - g for f, g in zip(basis, rhs)]
    print(f"trochlear facets vs femur mesh ({len(basis)} points): curved fit rms {trms * 1e3:.2f} mm "
          f"(max {tworst * 1e3:.2f}); chord-slope rms "
          f"{math.sqrt(sum(e * e for e in old) / len(old)) * 1e3:.2f} mm "
          f"(max {max(abs(e) for e in old) * 1e3:.2f})", file=sys.stderr)
    put("trochlea.facet_fit.lateral_slope", ta + tb, "1 (lateral facet slope at the sulcus)")
    put("trochlea.facet_fit.medial_slope", ta - tb, "1 (medial facet slope at the sulcus)")
    put("trochlea.facet_fit.lateral_curvature", tcl, "1/m (d2 rho/dz2 of the lateral facet)")
    put("trochlea.facet_fit.medial_curvature", tcm, "1/m (d2 rho/dz2 of the medial facet)")
    put("trochlea.facet_fit.rms", trms, "m (radial fit residual; |u| <= 18 mm)")
    fallback = not (120.0 <= angle <= 160.0) or rms > 0.002
    put("trochlea.sulcus_angle_deg", 138.0 if fallback else angle,
        "deg (" + ("fit poor: DESIGN value 138" if fallback else "from the fit") + ")")

    header = [
        "# Patellofemoral geometry derived from the Lenhart et al. 2015 knee model.",
        "# Source: Lenhart RL, Kaiser J, Smith CR, Thelen DG (2015) Prediction and validation of",
        "#   load-dependent behavior of the tibiofemoral and patellofemoral joints during movement.",
        "#   Ann Biomed Eng 43(11):2675-2685; model files from clnsmith/opensim-jam (Apache-2.0) and",
        "#   opensim-jam-org/jam-resources (Apache-2.0).",
        "# Made by data/scripts/derive_knee_geometry.py. Frames: femur = femur_distal_r (origin on",
        "#   the flexion axis, X anterior, Y proximal, Z lateral); patella = patella_r; tibia =",
        "#   tibia_proximal_r. Units in the unit column (SI: m, N).",
    ]
    with open(OUT, "w") as f:
        f.write("\n".join(header) + "\n")
        f.write("key,value,unit\n")
        for k, v, u in rows:
            f.write(f"{k},{v:.9g},{u.replace(',', ';')}\n")
    for k, v, u in rows:
        if k.startswith(("trochlea", "patella")):
            print(f"{k:40s} {v:12.6g} {u}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Derive the right-leg muscle tables from the generic Rajagopal 2015 OpenSim model.

Source: Rajagopal A, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL (2015) Full-body
musculoskeletal model for muscle-driven simulation of human gait. IEEE TBME 63:2068-2079.
File: ../shared/data/BMC/data/opensim/Mod&Sim2018/Rajagopal2015.osim (BMClab/BMC, CC-BY 4.0),
the generic, unscaled model. Compared against Lenhart 2015 (lenhart2015.osim, opensim-jam,
Apache-2.0) for the quadriceps; the comparison is printed and recorded in docs/model/muscle_paths.md.

Writes (from the project root: python3 data/scripts/derive_muscles.py):
  data/muscles_rajagopal2015.csv        one row per model muscle (parameters, strength groups)
  data/muscle_paths_rajagopal2015.csv   path points and wrap circles in the project's body frames
  data/patella_coupling_rajagopal2015.csv  the patella pose in the femur frame vs knee angle
  data/skeleton_rajagopal2015.csv       joint centres and landmarks used to map the geometry
  data/toe_flexors_rajagopal2015.csv    the long toe flexors' share of their lumped muscle and
                                        their moment arm at the metatarsophalangeal joint

Project body frames (all with OpenSim's axes, X forward, Y up, Z right):
  pelvis  OpenSim pelvis frame
  femur   OpenSim femur_r frame (origin at the hip centre)
  tibia   origin at the knee joint centre: OpenSim tibia_r point minus the walker_knee_r
          location in the tibia (the tibia frame is parallel to the femur's at knee angle 0)
  foot    origin at the ankle centre (OpenSim talus_r); calcn_r points are shifted by the subtalar
          location (calcn is parallel to talus at subtalar angle 0)
  patella OpenSim patella_r frame; its pose in the femur frame is the coupling table.
Standard library only.
"""
import csv
import math
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.path.join(ROOT, "..", "shared", "data")
OSIM = os.path.join(SHARED, "BMC", "data", "opensim", "Mod&Sim2018", "Rajagopal2015.osim")
LENHART = os.path.join(SHARED, "opensim-jam", "opensim-jam-release", "models", "lenhart2015",
                       "lenhart2015.osim")
OUT_DIR = os.path.join(ROOT, "data")

# Model muscle -> (OpenSim bundles whose parameters are combined, bundle whose path is used,
#                  strength groups).
MUSCLES = [
    ("glmax", ["glmax1_r", "glmax2_r", "glmax3_r"], "glmax2_r", ["gluteals"]),
    ("iliopsoas", ["iliacus_r", "psoas_r"], "psoas_r", ["hip_flexors"]),
    ("hamstrings", ["semimem_r", "semiten_r", "bflh_r"], "semimem_r", ["hamstrings"]),
    ("bfsh", ["bfsh_r"], "bfsh_r", ["hamstrings"]),
    ("recfem", ["recfem_r"], "recfem_r", ["quadriceps"]),
    ("vasmed", ["vasmed_r"], "vasmed_r", ["quadriceps", "vastus_medialis"]),
    ("vaslat", ["vaslat_r"], "vaslat_r", ["quadriceps"]),
    ("vasint", ["vasint_r"], "vasint_r", ["quadriceps"]),
    ("gasmed", ["gasmed_r"], "gasmed_r", ["plantarflexors"]),
    ("gaslat", ["gaslat_r"], "gaslat_r", ["plantarflexors"]),
    ("soleus", ["soleus_r"], "soleus_r", ["plantarflexors"]),
    ("tibant", ["tibant_r"], "tibant_r", ["dorsiflexors"]),
    # The deep plantarflexors behind the malleoli, one muscle on tibialis posterior's path: in the
    # sagittal plane they all plantarflex with a short arm (docs/model/muscle_paths.md).
    ("deep_plantarflexors", ["tibpost_r", "fdl_r", "fhl_r", "perlong_r", "perbrev_r"],
     "tibpost_r", ["plantarflexors"]),
    # The accessory hip flexors: with iliopsoas and rectus femoris alone the hip flexors saturate
    # at the end of running stance and through walking (docs/model/muscle_paths.md). Sartorius
    # also flexes the knee; the short adductors flex the hip from extension to ≈ 60 deg of
    # flexion, so in the sagittal plane they join the hip flexors' strength group.
    ("sartorius", ["sart_r"], "sart_r", ["hip_flexors"]),
    ("tfl", ["tfl_r"], "tfl_r", ["hip_flexors"]),
    ("adductors", ["addlong_r", "addbrev_r"], "addlong_r", ["hip_flexors"]),
]
QUADRICEPS = {"recfem", "vasmed", "vaslat", "vasint"}
# Wrap cylinders kept (axes within 0.2 rad of Z, around the knee): drawn as circles in the
# sagittal plane. The pelvic wraps (gluteus, iliopsoas brim) and the tilted shank cylinders are
# left out (docs/model/muscle_paths.md).
KEPT_WRAPS = {"Gastroc_at_condyles_r", "KnExt_at_fem_r", "SM_at_condyles_r", "BF_at_gastroc_r"}
MAX_CONTRACTION_VELOCITY = 10.0  # optimal lengths/s: Millard2012EquilibriumMuscle default, the
                                 # file sets none


def vec(text):
    return [float(v) for v in text.split()]


def load_osim(path):
    root = ET.parse(path).getroot()
    bodies = {b.get("name"): b for b in root.iter("Body")}
    return root, bodies


def joint_of(body):
    for j in body.iter():
        if j.tag.endswith("Joint") and j.tag != "Joint" and j.get("name"):
            return j
    sys.exit(f"no joint in body {body.get('name')}")


def spline_of(joint, axis_name):
    for ta in joint.iter("TransformAxis"):
        if ta.get("name") == axis_name:
            s = ta.find("function/SimmSpline")
            if s is None:
                sys.exit(f"{joint.get('name')}/{axis_name}: expected a SimmSpline")
            return vec(s.find("x").text), vec(s.find("y").text), vec(ta.find("axis").text)
    sys.exit(f"{joint.get('name')}: no TransformAxis {axis_name}")


def constant_of(joint, axis_name):
    for ta in joint.iter("TransformAxis"):
        if ta.get("name") == axis_name:
            return float(ta.find("function/Constant/value").text)
    sys.exit(f"{joint.get('name')}: no TransformAxis {axis_name}")


def muscles_by_name(root):
    out = {}
    for m in root.iter():
        if m.tag.endswith("Muscle") and m.get("name"):
            out[m.get("name")] = m
    return out


def param(m, tag):
    e = m.find(tag)
    if e is None:
        sys.exit(f"muscle {m.get('name')}: no <{tag}>")
    return float(e.text)


def path_points(m):
    pts = []
    for pp in m.find("GeometryPath/PathPointSet/objects"):
        if pp.tag != "PathPoint":
            sys.exit(f"{m.get('name')}: {pp.tag} not handled (only fixed PathPoints expected)")
        pts.append((pp.find("body").text.strip(), vec(pp.find("location").text)))
    return pts


def main():
    root, bodies = load_osim(OSIM)
    muscles = muscles_by_name(root)

    # --- Joint geometry (OpenSim frames) ----------------------------------------------------
    hip = vec(joint_of(bodies["femur_r"]).find("location_in_parent").text)        # pelvis frame
    knee_j = joint_of(bodies["tibia_r"])
    knee_in_femur = vec(knee_j.find("location_in_parent").text)                   # femur frame
    knee_in_tibia = vec(knee_j.find("location").text)                             # tibia frame
    ankle_in_tibia = vec(joint_of(bodies["talus_r"]).find("location_in_parent").text)
    subtalar_in_talus = vec(joint_of(bodies["calcn_r"]).find("location_in_parent").text)
    mtp_in_calcn = vec(joint_of(bodies["toes_r"]).find("location_in_parent").text)
    pf_j = joint_of(bodies["patella_r"])
    pf_in_femur = vec(pf_j.find("location_in_parent").text)

    def to_project(body, p):
        """An OpenSim point on `body` in the project's frame of the body it belongs to."""
        if body == "pelvis":
            return "pelvis", p
        if body == "femur_r":
            return "femur", p
        if body == "tibia_r":
            return "tibia", [p[i] - knee_in_tibia[i] for i in range(3)]
        if body == "talus_r":
            return "foot", p
        if body == "calcn_r":
            return "foot", [p[i] + subtalar_in_talus[i] for i in range(3)]
        if body == "patella_r":
            return "patella", p
        if body == "toes_r":  # the toes at mtp angle 0, the tables' reference pose
            return "foot", [p[i] + mtp_in_calcn[i] + subtalar_in_talus[i] for i in range(3)]
        sys.exit(f"body {body} not mapped")

    ankle = [ankle_in_tibia[i] - knee_in_tibia[i] for i in range(3)]  # project tibia frame
    heel = subtalar_in_talus                                          # calcn origin, foot frame
    mtp = [mtp_in_calcn[i] + subtalar_in_talus[i] for i in range(3)]

    # --- Patella coupling: pose of the patella frame in the femur frame vs knee angle ---------
    xs, f_rot, ax_r = spline_of(pf_j, "rotation1")
    xs2, f_tx, ax_x = spline_of(pf_j, "translation1")
    xs3, f_ty, ax_y = spline_of(pf_j, "translation2")
    tz = constant_of(pf_j, "translation3")
    if not (xs == xs2 == xs3 and ax_r == [0, 0, 1] and ax_x == [1, 0, 0] and ax_y == [0, 1, 0]):
        sys.exit("patellofemoral_r: unexpected spline layout")
    if abs(pf_in_femur[2] + tz) > 1e-9:
        sys.exit("patellofemoral_r: patella not in the femur's z = 0 plane")

    # --- Neutral-posture (all coordinates 0) positions in the pelvis frame --------------------
    # At 0 every OpenSim rotation in the chain is 0 (walker-knee splines, patella spline ~0.001):
    # the bodies are parallel and only offset.
    knee_p = [hip[i] + knee_in_femur[i] for i in range(3)]
    # The patella frame lies in the femur's z = 0 plane (checked above), i.e. at the hip's z in
    # the pelvis frame; leaving out hip[2] put it 77 mm medial and lengthened the patellar
    # ligament taken off the quadriceps' tendon slack length from 0.054 to 0.093 m.
    pat0 = [hip[0] + pf_in_femur[0] + f_tx[0], hip[1] + pf_in_femur[1] + f_ty[0],
            hip[2] + pf_in_femur[2] + tz]
    ankle_p = [knee_p[i] + ankle[i] for i in range(3)]
    origin = {"pelvis": [0, 0, 0], "femur": hip, "tibia": knee_p, "foot": ankle_p,
              "patella": pat0}

    def neutral(body, p):
        return [origin[body][i] + p[i] for i in range(3)]

    def length(points):
        return sum(math.dist(neutral(*points[k]), neutral(*points[k + 1]))
                   for k in range(len(points) - 1))

    # --- Wrap cylinders ---------------------------------------------------------------------
    wraps = {}
    for bname, b in bodies.items():
        for w in b.iter("WrapCylinder"):
            wraps[w.get("name")] = (bname, vec(w.find("translation").text),
                                    float(w.find("radius").text),
                                    vec(w.find("xyz_body_rotation").text))

    mus_rows, path_rows = [], []
    for name, bundles, path_src, groups in MUSCLES:
        ms = [muscles[b] for b in bundles]
        F = [param(m, "max_isometric_force") for m in ms]
        lopt = [param(m, "optimal_fiber_length") for m in ms]
        lts = [param(m, "tendon_slack_length") for m in ms]
        pen = [param(m, "pennation_angle_at_optimal") for m in ms]
        Fsum = sum(F)
        w = [f / Fsum for f in F]
        lopt_c = sum(wi * li for wi, li in zip(w, lopt))
        pen_c = sum(wi * p for wi, p in zip(w, pen))

        pts = [to_project(b, p) for b, p in path_points(muscles[path_src])]
        removed = 0.0
        if name in QUADRICEPS:
            # The path ends on the patella: the last point (tibial tuberosity) and the patellar
            # ligament it spans are the patellofemoral model's business. Its neutral length is
            # taken off the tendon slack length.
            if pts[-1][0] != "tibia" or pts[-2][0] != "patella":
                sys.exit(f"{name}: expected ... patella, tibia at the path's end")
            removed = math.dist(neutral(*pts[-2]), neutral(*pts[-1]))
            pts = pts[:-1]
        # Combined bundles: keep each bundle's normalised fibre length at the neutral posture
        # (straight-line paths, rigid tendon), force-weighted, on the representative path.
        if len(bundles) > 1:
            norm = []
            for m, lo, ls in zip(ms, lopt, lts):
                bp = [to_project(b, p) for b, p in path_points(m)]
                norm.append((length(bp) - ls) / lo)
            norm_c = sum(wi * n for wi, n in zip(w, norm))
            lts_c = length(pts) - norm_c * lopt_c
        else:
            lts_c = lts[0] - removed
        mus_rows.append([name, f"{Fsum:.6g}", f"{lopt_c:.6g}", f"{lts_c:.6g}", f"{pen_c:.6g}",
                         f"{MAX_CONTRACTION_VELOCITY:g}", ";".join(groups), "+".join(bundles),
                         path_src, f"{removed:.6g}"])
        for k, (b, p) in enumerate(pts):
            path_rows.append([name, "point", k, b, f"{p[0]:.6g}", f"{p[1]:.6g}", f"{p[2]:.6g}",
                              "", f"{path_src}-P{k + 1}"])
        # Wraps: on the first segment whose endpoints lie on different bodies.
        for pw in muscles[path_src].iter("PathWrap"):
            wname = pw.find("wrap_object").text.strip()
            if wname not in KEPT_WRAPS:
                continue
            wb, c, r, rot = wraps[wname]
            if abs(rot[0]) > 0.2 or abs(rot[1]) > 0.2:
                sys.exit(f"{wname}: axis too far from Z for a sagittal circle")
            seg = next(k for k in range(len(pts) - 1) if pts[k][0] != pts[k + 1][0])
            b, cp = to_project(wb, c)
            path_rows.append([name, "wrap_circle", seg, b, f"{cp[0]:.6g}", f"{cp[1]:.6g}",
                              f"{cp[2]:.6g}", f"{r:.6g}", wname])

    def header(f, what, units):
        f.write(f"# {what}\n")
        f.write("# Source: Rajagopal et al. 2015 (IEEE TBME 63:2068), generic Rajagopal2015.osim "
                "from BMClab/BMC, CC-BY 4.0. Made by data/scripts/derive_muscles.py.\n")
        f.write(f"# Units: {units}\n")

    with open(os.path.join(OUT_DIR, "muscles_rajagopal2015.csv"), "w", newline="") as f:
        header(f, "Right-leg muscles of the sagittal model; combined bundles: F summed, l_opt and "
               "pennation force-weighted, l_ts keeps the neutral normalised fibre length.",
               "N, m, rad; max_contraction_velocity in optimal fibre lengths per s; strength "
               "groups separated by ';'. Quadriceps paths end on the patella: "
               "patellar_ligament_removed_m was taken off Rajagopal's tendon slack length.")
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["name", "max_isometric_force_N", "optimal_fiber_length_m",
                     "tendon_slack_length_m", "pennation_angle_at_optimal_rad",
                     "max_contraction_velocity", "strength_groups", "opensim_bundles",
                     "path_from", "patellar_ligament_removed_m"])
        wr.writerows(mus_rows)

    with open(os.path.join(OUT_DIR, "muscle_paths_rajagopal2015.csv"), "w", newline="") as f:
        header(f, "Muscle path points (kind point, in path order) and wrap circles (kind "
               "wrap_circle: centre and radius of a cylinder with axis Z, acting on the segment "
               "from point `order` to the next) in the project's body frames (see the script).",
               "m, unscaled generic-model geometry. No moving or conditional points occur in "
               "these paths; the patella's pose comes from patella_coupling_rajagopal2015.csv.")
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["muscle", "kind", "order", "body", "x_m", "y_m", "z_m", "radius_m",
                     "opensim_name"])
        wr.writerows(path_rows)

    with open(os.path.join(OUT_DIR, "patella_coupling_rajagopal2015.csv"), "w", newline="") as f:
        header(f, "Pose of the patella frame in the femur frame vs knee angle (patellofemoral_r "
               "CustomJoint, coupled to knee_angle_r); knots of OpenSim SimmSplines "
               "(Forsythe-Malcolm-Moler cubic splines).",
               "knee_angle_rad rad (flexion positive); origin_x_m, origin_y_m m in the femur "
               "frame (joint location added); angle_rad rad about +Z.")
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["knee_angle_rad", "origin_x_m", "origin_y_m", "angle_rad"])
        for x, tx, ty, a in zip(xs, f_tx, f_ty, f_rot):
            wr.writerow([f"{x:.6g}", f"{pf_in_femur[0] + tx:.6g}", f"{pf_in_femur[1] + ty:.6g}",
                         f"{a:.6g}"])

    with open(os.path.join(OUT_DIR, "skeleton_rajagopal2015.csv"), "w", newline="") as f:
        header(f, "Joint centres and foot landmarks of the generic model in the project's body "
               "frames (used to place joints and scale the muscle geometry).",
               "m.")
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["name", "body", "x_m", "y_m", "z_m"])
        for n, b, p in (("hip_centre", "pelvis", hip), ("knee_centre", "femur", knee_in_femur),
                        ("ankle_centre", "tibia", ankle), ("heel", "foot", heel),
                        ("mtp", "foot", mtp)):
            wr.writerow([n, b] + [f"{v:.6g}" for v in p])

    # --- Quadriceps: Rajagopal vs Lenhart 2015 -----------------------------------------------
    if os.path.exists(LENHART):
        lroot = ET.parse(LENHART).getroot()
        lm = muscles_by_name(lroot)
        print("quadriceps  Rajagopal2015 (F, lopt, lts, pen) | Lenhart2015")
        pairs = {"recfem_r": ["recfem_r"], "vasmed_r": ["vasmed_r", "vasmedp_r", "vasmedd_r"],
                 "vaslat_r": ["vaslat_r", "vaslatp_r", "vaslatd_r"], "vasint_r": ["vasint_r"]}
        for rn, lnames in pairs.items():
            r = muscles[rn]
            rv = [param(r, t) for t in ("max_isometric_force", "optimal_fiber_length",
                                        "tendon_slack_length", "pennation_angle_at_optimal")]
            ls = [(n, [param(lm[n], t) for t in ("max_isometric_force", "optimal_fiber_length",
                                                 "tendon_slack_length",
                                                 "pennation_angle_at_optimal")])
                  for n in lnames if n in lm]
            print(f"  {rn}: {[round(v, 4) for v in rv]} | "
                  + "; ".join(f"{n} {[round(v, 4) for v in vals]}" for n, vals in ls))
    # --- Long toe flexors: share of the lumped muscle and sagittal moment arm at the MTP joint ---
    with open(os.path.join(OUT_DIR, "toe_flexors_rajagopal2015.csv"), "w", newline="") as f:
        header(f, "The long toe flexors inside a lumped model muscle: their share of its maximum "
               "isometric force and their moment arm at the metatarsophalangeal joint (toe "
               "flexion positive), from the path in the sagittal plane: dl/d(theta) for the toe "
               "points turned about Z through the mtp_r centre (theta: extension), at angle 0.",
               "N, 1, m.")
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["name", "lumped_in", "max_isometric_force_N", "share_of_lumped",
                     "mtp_flexion_moment_arm_m"])
        lumps = {name: bundles for name, bundles, _, _ in MUSCLES}
        lump_force = {name: sum(param(muscles[b], "max_isometric_force") for b in bundles)
                      for name, bundles in lumps.items()}
        for bundle in ("fhl_r", "fdl_r"):
            lump = next(name for name, bundles in lumps.items() if bundle in bundles)
            m = muscles[bundle]

            def length(theta):  # path length with the toes extended by theta (about Z)
                c, sn = math.cos(theta), math.sin(theta)
                pts = []
                for body, p in path_points(m):
                    if body == "toes_r":  # toes frame: origin at the joint, parallel at angle 0
                        p = [c * p[0] - sn * p[1], sn * p[0] + c * p[1], p[2]]
                        p = [p[i] + mtp_in_calcn[i] for i in range(3)]
                        body = "calcn_r"
                    pts.append((body, p))
                pts = [(b, q) for b, q in pts if b == "calcn_r"]  # the part that crosses the MTP
                return sum(math.dist(pts[k][1], pts[k + 1][1]) for k in range(len(pts) - 1))
            h = 1e-6
            # Extending the toes (theta > 0) stretches a flexor: flexion arm = dl/d(theta).
            arm = (length(h) - length(-h)) / (2 * h)
            force = param(m, "max_isometric_force")
            wr.writerow([bundle, lump, f"{force:.6g}", f"{force / lump_force[lump]:.6g}",
                         f"{arm:.6g}"])
    for k in ("muscles", "muscle_paths", "patella_coupling", "skeleton", "toe_flexors"):
        print(f"wrote data/{k}_rajagopal2015.csv")


if __name__ == "__main__":
    main()

#pragma once
// Segment masses, lengths, centres of mass and sagittal moments of inertia from de Leva 1996
// (J Biomech 29:1223, adjusted Zatsiorsky-Seluyanov parameters), scaled to a body:
// lengths with body.height_m, masses with body.mass_kg. The table is read at run time from
// data/anthropometry_deleva1996.csv (docs/model/anthropometry.md).
#include <Eigen/Core>

#include <string>

namespace kneeload {

enum class Sex { male, female };

struct BodyDimensions {
  Sex sex = Sex::male;
  double mass_kg = 70.0;    // body.mass_kg, kg
  double height_m = 1.75;   // body.height_m, m
};

// One de Leva segment, unscaled: fractions of body mass and of segment length.
struct DeLevaSegment {
  double mass_fraction = 0;        // of body mass
  double com_fraction = 0;         // from the first endpoint, of segment length
  double rg_sagittal = 0;          // radius of gyration used for rotation about Z, of length
  double length_per_stature = 0;   // segment length / stature
};

// The de Leva table as read from data/: the ten segments used here, both sexes.
struct AnthropometryTable {
  // [2][10]: sex (male, female) x segment (head, upper_trunk, middle_trunk, lower_trunk,
  // upper_arm, forearm, hand, thigh, shank, foot)
  DeLevaSegment segment[2][10];
};

// Reads the table (default: data/anthropometry_deleva1996.csv); throws InputError naming the
// file and line when it is missing or malformed.
AnthropometryTable read_anthropometry_table(const std::string& path = "");

// A scaled segment. com_m is in a "standing" frame of the segment (X forward, Y up) whose origin
// is the segment's reference point: the hip centre for the thigh (COM below it), the knee centre
// for the shank, the heel for the foot (COM in front of it, along the heel-toe line), the
// mid-hip point for the pelvis and the head-arms-trunk (COM above it).
struct SegmentInertia {
  double mass_kg = 0;
  double length_m = 0;
  Eigen::Vector2d com_m = Eigen::Vector2d::Zero();
  double inertia_kgm2 = 0;  // about the COM, rotation about Z (sagittal plane), kg m^2
};

// The five bodies of the sagittal leg model. hat = head, trunk above the navel, both arms and
// the OTHER (left) leg lumped rigidly in an upright standing posture; pelvis = de Leva's lower
// trunk (navel to mid-hip). Masses of hat + pelvis + thigh + shank + foot = body mass.
// The lumped other leg's foot: its heel this fraction of foot length behind the ankle (the
// ankle-heel offset of Rajagopal 2015's generic foot is 0.19 of its length).
inline constexpr double kHeelBehindAnkleFraction = 0.2;

struct LegAnthropometry {
  SegmentInertia hat, pelvis, thigh, shank, foot;
};

LegAnthropometry calc_leg_anthropometry(const AnthropometryTable& table,
                                        const BodyDimensions& body);

}  // namespace kneeload

// Every user parameter of DESIGN.md §4 (contract), with unit, meaning, default and range.
// Keys are spelled exactly as in the contract; docs/parameters.md is the table for users.
#include "scenarios/parameter_registry.hpp"

namespace kneeload {
namespace {

ParameterSpec number(std::string key, std::string unit, double default_value, double min_value,
                     double max_value, std::string meaning) {
  ParameterSpec spec;
  spec.key = std::move(key);
  spec.unit = std::move(unit);
  spec.meaning = std::move(meaning);
  spec.kind = ParameterKind::number;
  spec.default_value = default_value;
  spec.min_value = min_value;
  spec.max_value = max_value;
  return spec;
}

ParameterSpec choice(std::string key, std::string default_choice, std::vector<std::string> choices,
                     std::string meaning) {
  ParameterSpec spec;
  spec.key = std::move(key);
  spec.unit = "-";
  spec.meaning = std::move(meaning);
  spec.kind = ParameterKind::choice;
  spec.default_choice = std::move(default_choice);
  spec.choices = std::move(choices);
  return spec;
}

ParameterRegistry make_registry() {
  ParameterRegistry r;

  // Body. Anthropometry scales segments by mass and height (de Leva 1996); mass does not change
  // muscle strength: a heavier runner with the same muscles.
  r.add(number("body.mass_kg", "kg", 70.0, 30.0, 200.0, "body mass; scales segment masses"));
  r.add(number("body.height_m", "m", 1.75, 1.2, 2.2, "body height; scales segment lengths"));
  r.add(choice("body.sex", "male", {"male", "female"},
               "selects the de Leva 1996 segment table and the default Q-angle"));

  // Foot and knee alignment.
  r.add(number("foot.pronation_deg", "deg", 6.0, -5.0, 25.0,
               "peak rearfoot eversion in stance; couples to tibial internal rotation"));
  r.add(number("foot.orthotic_wedge_deg", "deg", 0.0, 0.0, 15.0,
               "medial orthotic wedge angle; reduces eversion"));
  {
    // Typical Q-angle 14 deg in men, 17 deg in women (Livingston 1998, review of Q-angle norms).
    ParameterSpec q = number("knee.q_angle_deg", "deg", 14.0, 0.0, 35.0,
                             "Q-angle: lateral lean of the quadriceps pull in the frontal plane");
    q.default_if_female = 17.0;
    r.add(std::move(q));
  }

  // Muscle strength: multiplies the maximum isometric force of every muscle in the group.
  const char* groups[] = {"quadriceps",  "vastus_medialis", "hamstrings",  "gluteals",
                          "hip_flexors", "plantarflexors",  "dorsiflexors"};
  for (const char* group : groups)
    r.add(number(std::string("muscle.strength.") + group, "x", 1.0, 0.2, 2.0,
                 std::string("multiplier of the maximum isometric force of the ") + group));

  // Gait. The default speed is the reference motion's: Hamner et al. 2010 running stride
  // (2.7 m/s) and a typical self-selected walking speed (1.3 m/s); stairs follow their reference
  // timing and do not read the key.
  {
    ParameterSpec speed = number("gait.speed_mps", "m/s", 2.7, 1.5, 6.0,
                                 "progression speed (default: the scenario's reference motion)");
    speed.variants = {
        {"level_run", 2.7, 1.5, 6.0},
        {"downhill_run", 2.7, 1.5, 6.0},
        {"level_walk", 1.3, 0.5, 2.5},
        {"stair_ascent", 1.3, 0.5, 2.5, /*ignored=*/true},
        {"stair_descent", 1.3, 0.5, 2.5, /*ignored=*/true},
    };
    r.add(std::move(speed));
  }
  {
    // Stairs follow their published ensemble timing and do not read the key either.
    ParameterSpec step_rate = number("gait.step_rate_change_pct", "%", 0.0, -20.0, 20.0,
                                     "change of step rate from the reference at the same speed");
    step_rate.variants = {{"stair_ascent", 0.0, -20.0, 20.0, /*ignored=*/true},
                          {"stair_descent", 0.0, -20.0, 20.0, /*ignored=*/true}};
    r.add(std::move(step_rate));
  }

  // Terrain.
  {
    // Only downhill_run builds a slope (scenarios/terrain.cpp); the others keep their terrain.
    ParameterSpec slope = number("terrain.slope_deg", "deg", 0.0, -20.0, 0.0,
                                 "ground slope, negative = downhill (default -6 in downhill_run)");
    slope.variants = {{"downhill_run", -6.0, -20.0, 0.0}};
    for (const char* flat : {"level_run", "level_walk", "stair_ascent", "stair_descent"})
      slope.variants.push_back({flat, 0.0, -20.0, 0.0, /*ignored=*/true});
    r.add(std::move(slope));
    // The stairs are built with these, but the stair reference motion is the published one of a
    // 0.17 × 0.28 m staircase and does not adapt to them (docs/scenarios.md), and the stance foot
    // stays on one tread: no scenario's result changes with them yet.
    const char* no_effect = " (stairs; the stair motion does not adapt to it yet: no effect)";
    ParameterSpec rise = number("terrain.step_rise_m", "m", 0.17, 0.10, 0.25,
                                std::string("stair step height") + no_effect);
    ParameterSpec tread = number("terrain.step_tread_m", "m", 0.28, 0.20, 0.40,
                                 std::string("stair step depth") + no_effect);
    for (const char* scenario :
         {"level_run", "downhill_run", "level_walk", "stair_ascent", "stair_descent"}) {
      rise.variants.push_back({scenario, 0.17, 0.10, 0.25, /*ignored=*/true});
      tread.variants.push_back({scenario, 0.28, 0.20, 0.40, /*ignored=*/true});
    }
    r.add(std::move(rise));
    r.add(std::move(tread));
  }

  // Shoe: defaults of a typical cushioned running shoe (traditional 10 mm heel-to-toe drop).
  r.add(number("shoe.midsole_stiffness_kN_per_m", "kN/m", 150.0, 20.0, 1000.0,
               "midsole compression stiffness of the whole sole (the default has no source yet)"));
  r.add(number("shoe.heel_drop_mm", "mm", 10.0, 0.0, 16.0,
               "heel-to-toe drop of the sole (typical running shoe 10; the response away from "
               "it: docs/validation.md)"));

  // Brace.
  r.add(number("brace.patellar_medial_force_N", "N", 0.0, 0.0, 150.0,
               "medially directed force of a patellar brace on the patella"));

  // Solver.
  r.add(number("solver.rtol", "1", 1e-6, 1e-12, 1e-2, "relative error tolerance of the ODE stepper"));
  r.add(number("solver.atol", "(state)", 1e-8, 1e-14, 1e-2,
               "absolute error tolerance of the ODE stepper (rad, m, rad/s, m/s per state entry)"));
  r.add(number("solver.output_hz", "Hz", 1000.0, 10.0, 20000.0, "rate of the stored output samples"));
  r.add(choice("solver.stepper", "dopri5", {"dopri5", "rk4", "ros34pw2"},
               "ODE stepper: adaptive Dormand-Prince 5(4), fixed-step Runge-Kutta 4, or the "
               "Rosenbrock-W method ROS34PW2, implicit in the joint speeds (stiff foot contact)"));
  return r;
}

}  // namespace

const ParameterRegistry& get_parameter_registry() {
  static const ParameterRegistry registry = make_registry();
  return registry;
}

}  // namespace kneeload

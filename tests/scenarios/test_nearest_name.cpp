// The "did you mean ...?" suggestion: edit distance by its definition, and a name cut short
// completed to the shortest name it begins.
#include "scenarios/nearest_name.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using kneeload::calc_edit_distance;
using kneeload::calc_nearest_name;

TEST_CASE("edit distance: insertions, deletions and substitutions, one each", "[nearest_name]") {
  CHECK(calc_edit_distance("", "") == 0);
  CHECK(calc_edit_distance("kitten", "sitting") == 3);  // k->s, e->i, +g
  CHECK(calc_edit_distance("sitting", "kitten") == 3);  // symmetric
  CHECK(calc_edit_distance("mass_kg", "mass_kgg") == 1);
  CHECK(calc_edit_distance("abc", "") == 3);
}

TEST_CASE("nearest name: a misspelling, a name cut short, and nothing when nothing is close",
          "[nearest_name]") {
  const std::vector<std::string> metrics = {"peak_pf_force_N", "peak_pf_force_bw",
                                            "peak_pf_pressure_MPa", "peak_vgrf_bw"};
  CHECK(calc_nearest_name("peak_pf_forse_bw", metrics) == "peak_pf_force_bw");
  CHECK(calc_nearest_name("peak_pf", metrics) == "peak_pf_force_N");  // not peak_vgrf_bw
  CHECK(calc_nearest_name("peak_pf_p", metrics) == "peak_pf_pressure_MPa");
  CHECK(calc_nearest_name("zzzzzzzzzz", metrics).empty());
  CHECK(calc_nearest_name("peak_pf_force_N", metrics) == "peak_pf_force_N");  // itself
  CHECK(calc_nearest_name("pf", {"pf_force_bw", "pf_force_N"}).empty());     // too short
  CHECK(calc_nearest_name("pf_force", {"pf_force_bw", "pf_force"}) == "pf_force");
  CHECK(calc_nearest_name("peak_pf", {}).empty());
}

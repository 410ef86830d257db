#pragma once
// Colour maps of the leg pictures. Pressure: viridis (van der Walt S, Smith N 2015, matplotlib's
// default map: perceptually uniform, readable in grey and by colour-blind viewers), dark purple
// at 0 MPa to yellow at the top of the range; patches out of contact (NaN) are light grey, and
// patches above the range (cartilage compressed through to the bone) magenta.
// Muscle activation: pale flesh (0) to deep red (1), so an active muscle looks like a red muscle.
#include <vtkLookupTable.h>
#include <vtkSmartPointer.h>

#include <array>

namespace kneeload::viz {

using Rgb = std::array<double, 3>;  // each channel 0..1

// 256 colours over [0, max_MPa]; NaN colour light grey, above the range kBoneContactColour.
vtkSmartPointer<vtkLookupTable> make_pressure_lookup_table(double max_MPa);
// 256 colours over [0, 1].
vtkSmartPointer<vtkLookupTable> make_activation_lookup_table();

// The colours at the top of each map (the pressure map's yellow), for pixel tests.
Rgb get_pressure_top_colour();
Rgb get_activation_top_colour();

// Colours of the parts: bones, terrain, arrows (Okabe & Ito 2008 blue and orange).
inline constexpr Rgb kBoneColour = {0.91, 0.87, 0.78};
inline constexpr Rgb kTerrainColour = {0.62, 0.60, 0.56};
inline constexpr Rgb kGroundForceColour = {0.0, 0.447, 0.698};   // blue
inline constexpr Rgb kPatellofemoralForceColour = {0.835, 0.369, 0.0};  // orange (O&I vermillion)
inline constexpr Rgb kTendonColour = {0.97, 0.95, 0.88};
inline constexpr Rgb kPatellaColour = {1.0, 0.99, 0.95};  // lighter than kBoneColour, ringed
inline constexpr Rgb kNoContactColour = {0.80, 0.80, 0.80};
inline constexpr Rgb kBoneContactColour = {0.80, 0.00, 0.80};  // magenta, in no map's range
inline constexpr Rgb kWarningColour = {0.75, 0.05, 0.05};  // a failed or flagged run's warning

// About this many labels on the pressure colour bar (calc_axis_ticks' target count).
inline constexpr int kPressureBarTicks = 9;

// Top of the pressure colour range: the run's largest peak pressure rounded up to the colour
// bar's label step (1, 2 or 5 x 10^k, about kPressureBarTicks labels; at least 1 MPa), so that
// the bar ends on a label and the peak frame reaches the top colours — but no higher than the
// cartilage's full-compression pressure (models/elastic_foundation.hpp), above which a patch
// presses bone on bone and shows as kBoneContactColour instead of washing out the map.
double calc_pressure_range_max_MPa(double max_peak_pressure_MPa, double full_compression_MPa);

}  // namespace kneeload::viz

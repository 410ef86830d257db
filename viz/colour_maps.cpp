#include "viz/colour_maps.hpp"

#include "viz/axis_ticks.hpp"

#include <vtkColorTransferFunction.h>
#include <vtkNew.h>

#include <algorithm>
#include <cmath>

namespace kneeload::viz {
namespace {

constexpr int kColours = 256;

// Viridis sampled at 0, 1/8, ..., 1 (matplotlib's _viridis_data), linear in between.
constexpr std::array<Rgb, 9> kViridis = {{{0.267004, 0.004874, 0.329415},
                                          {0.278826, 0.175490, 0.483397},
                                          {0.229739, 0.322361, 0.545706},
                                          {0.172719, 0.448791, 0.557885},
                                          {0.127568, 0.566949, 0.550556},
                                          {0.157851, 0.683765, 0.501686},
                                          {0.369214, 0.788888, 0.382914},
                                          {0.678489, 0.863742, 0.189503},
                                          {0.993248, 0.906157, 0.143936}}};

constexpr std::array<Rgb, 3> kActivation = {{{0.87, 0.82, 0.80}, {0.90, 0.42, 0.33},
                                             {0.62, 0.00, 0.06}}};

template <std::size_t N>
vtkSmartPointer<vtkLookupTable> make_table(const std::array<Rgb, N>& stops, double max_value) {
  vtkNew<vtkColorTransferFunction> ramp;
  for (std::size_t i = 0; i < N; ++i)
    ramp->AddRGBPoint(double(i) / (N - 1), stops[i][0], stops[i][1], stops[i][2]);
  auto table = vtkSmartPointer<vtkLookupTable>::New();
  table->SetNumberOfTableValues(kColours);
  for (int i = 0; i < kColours; ++i) {
    double rgb[3];
    ramp->GetColor(double(i) / (kColours - 1), rgb);
    table->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.0);
  }
  table->SetRange(0.0, max_value);
  table->SetNanColor(kNoContactColour[0], kNoContactColour[1], kNoContactColour[2], 1.0);
  return table;
}

}  // namespace

vtkSmartPointer<vtkLookupTable> make_pressure_lookup_table(double max_MPa) {
  auto table = make_table(kViridis, max_MPa);
  table->SetAboveRangeColor(kBoneContactColour[0], kBoneContactColour[1], kBoneContactColour[2],
                            1.0);
  table->UseAboveRangeColorOn();
  return table;
}

vtkSmartPointer<vtkLookupTable> make_activation_lookup_table() { return make_table(kActivation, 1.0); }

Rgb get_pressure_top_colour() { return kViridis.back(); }
Rgb get_activation_top_colour() { return kActivation.back(); }

double calc_pressure_range_max_MPa(double max_peak_pressure_MPa, double full_compression_MPa) {
  if (!(max_peak_pressure_MPa > 1.0)) return 1.0;
  const double round_MPa = calc_axis_ticks(0.0, max_peak_pressure_MPa, kPressureBarTicks).max;
  return std::min(round_MPa, full_compression_MPa);
}

}  // namespace kneeload::viz

// `kneeload validate` (DESIGN.md §5, §7): the model at default parameters against the published
// bands of data/validation/published_values.csv, as a table; exit status 1 if any band is missed.
#include "app/commands.hpp"
#include "scenarios/validation_bands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace kneeload::app {
namespace {

std::string format_band(const ValidationBand& b) {
  auto bound = [](double v) { return std::isfinite(v) ? fmt::format("{:g}", v) : std::string(""); };
  if (std::isfinite(b.low) && std::isfinite(b.high)) return bound(b.low) + "-" + bound(b.high);
  if (std::isfinite(b.low)) return "> " + bound(b.low);
  if (std::isfinite(b.high)) return "< " + bound(b.high);
  return "completes";
}

int run_validate() {
  std::map<std::string, RunResult> runs;
  const std::vector<ValidationCheck> checks = run_validation(read_validation_bands(), runs);
  int missed = 0;
  fmt::print("{:<34} {:>9} {:<12} {:<6} {:<5} {}\n", "quantity", "model", "band", "unit",
             "result", "source; note");
  for (const ValidationCheck& c : checks) {
    const char* verdict = !c.evaluated ? "SKIP" : c.pass ? "PASS" : "MISS";
    missed += c.evaluated && !c.pass;
    fmt::print("{:<34} {:>9.3g} {:<12} {:<6} {:<5} {}; {}\n", c.band.id, c.value,
               format_band(c.band), c.band.unit, verdict, c.band.source, c.note);
  }
  fmt::print("{} of {} evaluated bands missed\n", missed,
             std::count_if(checks.begin(), checks.end(),
                           [](const ValidationCheck& c) { return c.evaluated; }));
  return missed == 0 ? 0 : 1;
}

}  // namespace

void add_validate_command(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand(
      "validate", "Model vs the published values of data/validation/ (PASS/MISS per band)");
  command->callback([] {
    const int status = run_validate();
    if (status != 0) throw CommandFailure(status, "validation bands missed (see the table)");
  });
}

}  // namespace kneeload::app

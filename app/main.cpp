// kneeload: the command line (DESIGN.md §5). Every error ends as one line on stderr and exit 1.
#include "app/commands.hpp"
#include "app/note.hpp"
#include "solver/errors.hpp"
#ifdef KNEELOAD_VIZ_HELPER
#include "app/viz_helper.hpp"
#endif

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
#ifdef KNEELOAD_VIZ_HELPER
  if (kneeload::app::is_drawing_command(argc, argv))
    return kneeload::app::exec_viz_helper(argv, KNEELOAD_VIZ_HELPER);
#endif
  CLI::App cli{"kneeload: patellofemoral (kneecap) loading in running and stair use, from a "
               "multibody leg driven by Hill-type muscles"};
  cli.set_version_flag("--version", std::string("kneeload ") + KNEELOAD_VERSION);
  cli.require_subcommand(1);
  cli.footer("Units are SI; angles given by the user are in degrees (keys ending _deg).");
  // Usage errors too end as one line on stderr and exit 1 (DESIGN.md §5), pointing to the help
  // of the command being parsed.
  cli.failure_message([](const CLI::App* app, const CLI::Error& e) {
    std::string what = e.what();
    // CLI11's wording for an option given without its value ("--output: 1 required TEXT:NOT
    // EMPTY missing"; not its "at most"/"at least" counts).
    const auto ends_with = [&what](const std::string& tail) {
      return what.size() >= tail.size() && what.compare(what.size() - tail.size(), tail.size(),
                                                        tail) == 0;
    };
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && ends_with(" missing"))
      what = what.substr(0, what.find(':')) + " needs a value";
    for (char& c : what)  // one line, whatever the value given held
      if (c == '\n' || c == '\r') c = ' ';
    std::string help = "kneeload --help";
    for (const CLI::App* command : app->get_subcommands())
      help = "kneeload " + command->get_name() + " --help";
    return fmt::format("kneeload: error: {} (see {})\n", what, help);
  });
  kneeload::app::add_scenarios_command(cli);
  kneeload::app::add_params_command(cli);
  kneeload::app::add_pf_curve_command(cli);
  kneeload::app::add_compare_command(cli);
  kneeload::app::add_summary_command(cli);
  kneeload::app::add_run_command(cli);
  kneeload::app::add_validate_command(cli);
  kneeload::app::add_plot_command(cli);
  kneeload::app::add_bench_command(cli);
  kneeload::app::add_render_command(cli);
  kneeload::app::add_sweep_command(cli);
  kneeload::app::add_sensitivity_command(cli);

  int status = 0;
  std::string error;
  try {
    // CLI11 would take an unknown first word for a missing command ("A subcommand is required").
    if (argc >= 2 && argv[1][0] != '-') {
      std::vector<std::string> names;
      for (const CLI::App* command : cli.get_subcommands([](CLI::App*) { return true; }))
        names.push_back(command->get_name());
      if (std::find(names.begin(), names.end(), argv[1]) == names.end())
        throw kneeload::InputError(fmt::format("unknown command '{}' (commands: {}; see kneeload "
                                               "--help)",
                                               argv[1], fmt::join(names, ", ")));
    }
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here too, with CLI11's status 0.
    status = cli.exit(e) == 0 ? 0 : 1;
  } catch (const kneeload::app::CommandFailure& e) {
    status = e.exit_status;
    error = e.what();
  } catch (const std::exception& e) {
    status = 1;
    error = e.what();
  }
  // Output that could not be written (a full disk, /dev/full) is the error to report: whatever
  // else went wrong was then printed nowhere.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    error = fmt::format("writing to standard output failed: {}", std::strerror(errno));
    status = 1;
  }
  if (error.empty()) return status;
  // One line, whatever the message holds (a path with a newline, say).
  for (char& c : error)
    if (c == '\n' || c == '\r') c = ' ';
  kneeload::app::print_note(stderr, fmt::format("kneeload: error: {}\n", error));
  return status;
}

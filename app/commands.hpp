#pragma once
// Each `kneeload` command lives in its own file and registers itself on the top-level CLI11 app.
// A command's callback throws kneeload::InputError for bad input; main() prints one line and exits 1.
#include <CLI/CLI.hpp>

namespace kneeload::app {

// Commands are added here as they are built (DESIGN.md §5 lists the contract).

}  // namespace kneeload::app

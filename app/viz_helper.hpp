#pragma once
// The drawing commands (render, plot, pf-curve --plot) run in `kneeload-viz`, the same command
// line linked with VTK, installed beside `kneeload` (app/CMakeLists.txt): loading VTK's libraries
// costs every process ≈ 50 ms, which `kneeload run` and the other commands need not pay.

namespace kneeload::app {

// True when the command line asks for a drawing command.
bool is_drawing_command(int argc, const char* const* argv);

// Replaces this process by `helper_name` from this program's own folder, with the same arguments.
// Returns only on failure: prints one error line and returns the exit status 1.
int exec_viz_helper(char** argv, const char* helper_name);

}  // namespace kneeload::app

#include "viz/display_check.hpp"

#include <X11/Xlib.h>

#include <cstdlib>

#include "solver/errors.hpp"

namespace kneeload::viz {

std::string calc_display_problem() {
  const char* name = std::getenv("DISPLAY");
  if (name == nullptr || *name == '\0') return "no X display (DISPLAY is not set)";

  // XOpenDisplay returns nullptr (it does not abort) when the server is unreachable or refuses us.
  Display* display = XOpenDisplay(name);
  if (display == nullptr) return fmt::format("the X display '{}' cannot be opened", name);

  // VTK's render window needs GLX on that server; an X server without it would crash VTK too.
  int opcode = 0, first_event = 0, first_error = 0;
  const bool has_glx = XQueryExtension(display, "GLX", &opcode, &first_event, &first_error);
  XCloseDisplay(display);
  if (!has_glx) return fmt::format("the X display '{}' has no GLX (OpenGL) extension", name);
  return {};
}

void require_display() {
  const std::string problem = calc_display_problem();
  if (!problem.empty())
    throw InputError(fmt::format(
        "cannot render: {}; run under a virtual display: xvfb-run -a kneeload ...", problem));
}

}  // namespace kneeload::viz

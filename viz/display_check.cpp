#include "viz/display_check.hpp"

#include <X11/Xlib.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "solver/errors.hpp"

namespace kneeload::viz {
namespace {

// Opens DISPLAY and checks GLX. On success `out` holds the open connection and the result is
// empty; otherwise the result says why and `out` is nullptr. A server that is resetting (its last
// client just left) refuses connections for a moment, so an open is tried a few times.
std::string open_display(Display*& out) {
  out = nullptr;
  const char* name = std::getenv("DISPLAY");
  if (name == nullptr || *name == '\0') return "no X display (DISPLAY is not set)";

  // XOpenDisplay returns nullptr (it does not abort) when the server is unreachable or refuses us.
  constexpr int kAttempts = 10;
  constexpr auto kWait = std::chrono::milliseconds(50);
  Display* display = XOpenDisplay(name);
  for (int attempt = 1; display == nullptr && attempt < kAttempts; ++attempt) {
    std::this_thread::sleep_for(kWait);
    display = XOpenDisplay(name);
  }
  if (display == nullptr) return fmt::format("the X display '{}' cannot be opened", name);

  // VTK's render window needs GLX on that server; an X server without it would crash VTK too.
  int opcode = 0, first_event = 0, first_error = 0;
  if (!XQueryExtension(display, "GLX", &opcode, &first_event, &first_error)) {
    XCloseDisplay(display);
    return fmt::format("the X display '{}' has no GLX (OpenGL) extension", name);
  }
  out = display;
  return {};
}

}  // namespace

std::string calc_display_problem() {
  Display* display = nullptr;
  const std::string problem = open_display(display);
  if (display != nullptr) XCloseDisplay(display);
  return problem;
}

DisplayConnection::~DisplayConnection() {
  if (display_ != nullptr) XCloseDisplay(display_);
}

DisplayConnection require_display() {
  Display* display = nullptr;
  const std::string problem = open_display(display);
  if (!problem.empty())
    throw InputError(fmt::format(
        "cannot render: {}; run under a virtual display: xvfb-run -a kneeload ...", problem));
  return DisplayConnection(display);
}

}  // namespace kneeload::viz

#pragma once
// Can an X display be used for rendering? Debian's VTK 9.1 renders only through X11/GLX: without a
// display its render window crashes (segmentation fault) at the first Render(), so every
// rendering entry point asks here first and turns "no display" into one clear InputError.
#include <string>

struct _XDisplay;  // Xlib's Display, kept out of this header (Xlib defines macros such as None)

namespace kneeload::viz {

// Empty when an X display with the GLX extension can be opened (DISPLAY set, server reachable);
// otherwise one line saying why not. Opens and closes a connection; never aborts.
std::string calc_display_problem();

// An open connection to the X display, held from the check until rendering is done. An X server
// resets when its last client disconnects (Xvfb does unless started with -noreset), and a
// connection opened during that reset fails: VTK 9.1 then aborts ("bad X server connection") or
// crashes. While this connection is open the server cannot reset under VTK. Empty when default
// constructed (output that needs no display).
class DisplayConnection {
 public:
  DisplayConnection() = default;
  DisplayConnection(DisplayConnection&& other) noexcept : display_(other.display_) {
    other.display_ = nullptr;
  }
  DisplayConnection(const DisplayConnection&) = delete;
  DisplayConnection& operator=(const DisplayConnection&) = delete;
  DisplayConnection& operator=(DisplayConnection&&) = delete;
  ~DisplayConnection();

 private:
  friend DisplayConnection require_display();
  explicit DisplayConnection(_XDisplay* display) : display_(display) {}
  _XDisplay* display_ = nullptr;
};

// The connection, or InputError("cannot render: <why>; run under a virtual display: xvfb-run -a
// kneeload ...") when the display cannot be used. Keep the result alive while VTK renders.
[[nodiscard]] DisplayConnection require_display();

}  // namespace kneeload::viz

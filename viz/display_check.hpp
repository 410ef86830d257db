#pragma once
// Can an X display be used for rendering? Debian's VTK 9.1 renders only through X11/GLX: without a
// display its render window crashes (segmentation fault) at the first Render(), so every
// rendering entry point asks here first and turns "no display" into one clear InputError.
#include <string>

namespace kneeload::viz {

// Empty when an X display with the GLX extension can be opened (DISPLAY set, server reachable);
// otherwise one line saying why not. Opens and closes a connection; never aborts.
std::string calc_display_problem();

// Throws InputError("cannot render: <why>; run under a virtual display: xvfb-run -a kneeload ...")
// when calc_display_problem() is not empty.
void require_display();

}  // namespace kneeload::viz

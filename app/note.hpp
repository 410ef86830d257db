#pragma once
// Messages on stderr (progress, "wrote ...", error lines) go through stdio with their failure
// ignored: a closed or full stderr must neither stop the work nor turn an error into a crash
// (fmt::print throws when it cannot write).
#include <cstdio>
#include <string>

namespace kneeload::app {

inline void print_note(std::FILE* stream, const std::string& text) {
  std::fputs(text.c_str(), stream);
  std::fflush(stream);
}

}  // namespace kneeload::app

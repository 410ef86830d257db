#pragma once
// Reading a whole text file given by the user (a config, a sweep spec), with one clear error.
#include <string>
#include <string_view>

namespace kneeload {

// The contents of `path`. InputError naming `what` (e.g. "config file") and the path when it
// does not exist, is not a regular file (a folder, a device) or cannot be read to its end.
std::string read_text_file(const std::string& path, std::string_view what);

}  // namespace kneeload

#pragma once
// Writing a whole file so that no reader ever sees it half written: the bytes go to a temporary
// file beside it by plain, checked POSIX calls, and a rename puts it in place once complete.
#include <cstddef>
#include <string>

namespace kneeload {

// Writes `size` bytes to `path` through `path`.tmp-<pid> and a rename; InputError (naming `what`,
// the path and the system's reason, e.g. "No space left on device") on any failure, leaving
// neither file behind and an earlier `path` as it was.
void write_file_atomically(const std::string& path, const std::string& what, const void* data,
                           std::size_t size);

}  // namespace kneeload

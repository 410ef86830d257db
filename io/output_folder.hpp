#pragma once
// A folder the user named for output files (render frames, charts, .sto tables).
#include <string>
#include <string_view>

namespace kneeload {

// Makes `dir` (and its parents) if missing and checks that a file can be created in it. Returns
// true when it made the folder. InputError naming `what` (e.g. "--plot"), the folder and the
// system's reason when it is a file, cannot be made, or takes no files (read-only, /proc).
bool prepare_output_folder(const std::string& dir, std::string_view what);

// Whether a file can be created at `path`: creates it (exclusively) and removes it again. 0 when
// it can, or when an entry of that name already exists (not ours to remove); else the errno.
int probe_file_creation(const std::string& path);

}  // namespace kneeload

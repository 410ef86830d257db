#pragma once
// Checks of an output file named on the command line, made before any work is done.
#include <string>
#include <string_view>
#include <vector>

namespace kneeload::app {

// InputError naming `option` and `path` unless `path` can be written as a new or replaced regular
// file: its folder exists; it is not an existing folder, device, FIFO, socket or symbolic link
// (the temporary-then-rename protocol would replace that entry, e.g. /dev/null, with a file); and
// it is none of `inputs`, the command's input files (it would overwrite what it reads); and a
// file can be created beside it (not so in a read-only folder or /proc).
void check_output_file(std::string_view option, const std::string& path,
                       const std::vector<std::string>& inputs = {});

// InputError unless `path` is new, empty or an earlier run's results file, which a run may
// replace: not a sweep's results (many runs' work, which only `kneeload sweep` may write over,
// to resume it), nor any other file (a data table named by mistake would be lost).
void check_replaceable_by_run_file(std::string_view option, const std::string& path);

}  // namespace kneeload::app

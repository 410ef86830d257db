#pragma once
// Progress of long work on stderr: a sweep's runs (docs/sweeps.md), a render's frames. On a
// terminal: one line redrawn with \r (bar, done/total, failed runs, items/s, time left). Otherwise
// (a log file, a batch job): a plain line at every further 10 % of the items or every 10 s,
// whichever comes first.
#include <cstdio>
#include <string>

namespace kneeload::app {

class ProgressLine {
 public:
  // `total` items (`unit`: "runs", "frames") of which `already_done` were done before this start
  // (a resumed sweep); `label` prefixes every line (e.g. "sweep", "sweep rank 0/2", "render").
  ProgressLine(int total, int already_done, std::string label, std::string unit = "runs",
               std::FILE* stream = stderr);

  // `done` counts all finished items, including those done before this start; `failed` those of
  // them that failed (a sweep's runs), or -1 where nothing can fail.
  void update(int done, int failed = -1);
  // A sweep's closing line: runs ok / failed, wall time, runs/s of this start.
  void finish(int done, int failed);
  // Erases the redrawn line (on a terminal) before the caller's own closing line.
  void clear();

 private:
  double get_elapsed_s() const;
  std::string format_status(int done, int failed) const;

  int total_;
  int already_done_;
  std::string label_;
  std::string unit_;
  std::FILE* stream_;
  bool terminal_;
  double start_s_;             // s, steady clock
  double last_print_s_ = -1e300;  // s
  int last_printed_done_ = -1;
  int last_decile_ = -1;
};

}  // namespace kneeload::app

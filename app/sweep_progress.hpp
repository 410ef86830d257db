#pragma once
// Progress of a sweep on stderr (docs/sweeps.md). On a terminal: one line redrawn with \r
// (bar, done/total, failed, runs/s, time left). Otherwise (a log file, a batch job): a plain line
// at every further 10 % of the runs or every 10 s, whichever comes first.
#include <cstdio>
#include <string>

namespace kneeload::app {

class SweepProgress {
 public:
  // `total` runs in the sweep of which `already_done` were done before this start (resume);
  // `label` prefixes every line (e.g. "sweep" or "sweep rank 0/2").
  SweepProgress(int total, int already_done, std::string label, std::FILE* stream = stderr);

  // `done` and `failed` count all finished runs, including those done before this start.
  void update(int done, int failed);
  // The closing line: runs ok / failed, wall time, runs/s of this start.
  void finish(int done, int failed);

 private:
  double get_elapsed_s() const;
  std::string format_status(int done, int failed) const;

  int total_;
  int already_done_;
  std::string label_;
  std::FILE* stream_;
  bool terminal_;
  double start_s_;             // s, steady clock
  double last_print_s_ = -1e300;  // s
  int last_printed_done_ = -1;
  int last_decile_ = -1;
};

}  // namespace kneeload::app

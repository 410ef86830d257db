#pragma once
// The append-only journal of a sweep in progress (docs/sweeps.md, "Crash safety"): one text line
// per finished run, written with one write() as the run finishes (so it survives kill -9 at once)
// and fsync'd at most every `sync_period_s` (so a power loss loses at most that much work).
//
//   kneeload-sweep-journal<TAB>1<TAB><fingerprint><TAB><n_runs>                  (header)
//   r<TAB><index><TAB><status><TAB><14 metrics %.17g><TAB><reason><TAB><checksum>  (records)
//
// The checksum is FNV-1a 64 (16 hex digits) of everything before it on the line; a record that is
// torn (no newline, wrong field count, bad checksum) is ignored when the journal is read, so the
// run it would have recorded is simply run again. Metrics are exact: %.17g reads back bit for bit.
#include "scenarios/run_result.hpp"

#include <string>
#include <vector>

namespace kneeload {

// One finished run as the journal keeps it.
struct SweepRecord {
  int index = -1;
  int status = 0;                 // 1 ok, 2 failed (io/sweep_file.hpp SweepRunStatus)
  std::vector<double> metrics;    // [14] in get_summary_metrics() order
  std::string failure_reason;     // one line
};

SweepRecord make_sweep_record(int index, const RunSummary& summary);

class SweepJournal {
 public:
  // Opens `path` for appending, writing the header if the file is new or empty. InputError naming
  // the path if it cannot be opened, or if it holds another sweep's header.
  SweepJournal(const std::string& path, const std::string& fingerprint, int n_runs,
               double sync_period_s = 1.0);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  void append(const SweepRecord& record);  // one write(); fsync if sync_period_s has passed
  void sync();                             // fsync now

  const std::string& get_path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  double sync_period_s_;
  double last_sync_s_ = 0.0;  // s, steady clock
  bool dirty_ = false;
};

struct SweepJournalContents {
  bool has_header = false;
  std::string fingerprint;
  int n_runs = 0;
  std::vector<SweepRecord> records;  // the intact ones, in file order
  int n_torn = 0;                    // lines ignored as torn or corrupt
};

// Reads a journal; a missing file gives an empty result (has_header false).
SweepJournalContents read_sweep_journal(const std::string& path);

// The journals that belong to the sweep file `out_path`: `<out>.journal` and every
// `<out>.rank<r>.journal` beside it that exists, sorted by name.
std::vector<std::string> find_sweep_journals(const std::string& out_path);

// True while a running sweep holds the journal at `path` (its SweepJournal's lock).
bool is_sweep_journal_in_use(const std::string& path);

// `<out>.journal` for a single process, `<out>.rank<r>.journal` for rank r of an MPI run.
std::string get_sweep_journal_path(const std::string& out_path, int rank, int n_ranks);

}  // namespace kneeload

// `kneeload sweep SWEEP.toml -o OUT.h5 [--threads N] [--resume] [--save-series]` (DESIGN.md §5,
// §6, §9; docs/sweeps.md): many runs of one scenario on worker threads (and MPI ranks), one HDF5
// file, crash-safe.
//
// Crash safety, in order of events:
//   1. the spec is read and every point validated: a bad spec leaves no file;
//   2. each rank opens its append-only journal (OUT.h5.journal, or OUT.h5.rank<r>.journal under
//      MPI); rank 0 writes OUT.h5 with every run pending;
//   3. each finished run is one journal record (and, with --save-series, a run file
//      OUT.h5.series/<index>.h5 written before its record); rank 0 rewrites OUT.h5 whole (temporary
//      + rename) every few seconds, so OUT.h5 is always a complete, readable snapshot;
//   4. at the end rank 0 writes the final OUT.h5 from all journals (copying the series into
//      /runs/<index>/), then removes the journals, then the series folder.
// --resume reads OUT.h5 and every journal, refuses another spec, and runs only what is pending.
#include "app/commands.hpp"
#include "app/interrupt_guard.hpp"
#include "app/mpi_session.hpp"
#include "app/note.hpp"
#include "app/output_file_check.hpp"
#include "app/progress_line.hpp"
#include "app/sweep_flag_line.hpp"
#include "io/config.hpp"
#include "io/hdf5_input.hpp"
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_journal.hpp"
#include "io/sweep_spec.hpp"
#include "scenarios/control_flags.hpp"
#include "scenarios/sweep_executor.hpp"
#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kneeload::app {
namespace {

namespace fs = std::filesystem;

struct SweepArguments {
  std::string spec_path;
  std::string output_path;
  int threads = 0;  // 0 = all cores (shared among the MPI ranks of one machine)
  bool resume = false;
  bool save_series = false;
};

double get_steady_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Records a finished run in the table (first record of an index wins: runs are deterministic).
void apply_record(const SweepRecord& record, SweepTable& table) {
  const Eigen::Index i = record.index;
  if (i >= table.status.size() || table.status[i] != sweep_pending) return;
  table.status[i] = record.status;
  for (size_t m = 0; m < record.metrics.size(); ++m) table.metrics(i, Eigen::Index(m)) = record.metrics[m];
  table.failure_reason[size_t(i)] = record.failure_reason;
}

// Applies every intact record of `journal`; InputError if it belongs to another spec.
void apply_journal(const std::string& journal, const std::string& fingerprint, int n_runs,
                   SweepTable& table) {
  const SweepJournalContents contents = read_sweep_journal(journal);
  if (!contents.has_header) return;  // created but never written: nothing in it
  if (contents.fingerprint != fingerprint || contents.n_runs != n_runs)
    throw InputError(fmt::format("--resume: journal '{}' belongs to another sweep spec; finish "
                                 "that sweep with its own spec, or delete the journal",
                                 journal));
  for (const SweepRecord& record : contents.records) apply_record(record, table);
}

int count_status(const SweepTable& table, int status) {
  return int((table.status.array() == status).count());
}

// Removes `<out>.tmp-*` left by a writer killed mid-write.
// Only what a writer leaves goes: an empty file or the start of an HDF5 image, never another
// file that happens to have such a name (the spec itself, say).
void remove_stale_temporaries(const std::string& out_path) {
  const fs::path out(out_path);
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const std::string prefix = out.filename().string() + ".tmp-";
  const std::string hdf5_signature = "\x89HDF\r\n\x1a\n";
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().filename().string().compare(0, prefix.size(), prefix) != 0) continue;
    if (!fs::is_regular_file(entry.symlink_status(error))) continue;
    std::string start(hdf5_signature.size(), '\0');
    std::ifstream(entry.path(), std::ios::binary).read(start.data(), std::streamsize(start.size()));
    if (fs::file_size(entry.path(), error) == 0 || start == hdf5_signature)
      fs::remove(entry.path(), error);
  }
}

struct SweepState {
  SweepTable table;          // every run's status and metrics as known to this rank
  SweepFileMeta meta;
  std::string fingerprint;
  bool file_is_final = false;  // OUT.h5 already holds the finished sweep (resume: nothing to do)
};

// A new sweep replaces OUT.h5 only when it holds this spec's own results (a rerun): never
// another spec's results, nor a file that is no sweep file.
void check_replaceable(const std::string& out_path, const std::string& fingerprint) {
  std::error_code error;
  if (!fs::exists(out_path, error)) return;
  SweepFileMeta old;
  try {
    old = read_sweep_file_meta(out_path);
  } catch (const InputError&) {
    throw InputError(fmt::format("-o {}: the file exists and is no sweep file; choose another -o "
                                 "or remove it",
                                 out_path));
  }
  if (old.spec_fingerprint != fingerprint)
    throw InputError(fmt::format("-o {}: holds the results of another sweep spec; choose another "
                                 "-o or remove it",
                                 out_path));
}

// Done runs whose series file is missing or unreadable (deleted, damaged) are run again, so that
// the final file holds every done run's /runs/<index>.
void reopen_runs_without_series(const std::string& series_dir, SweepTable& table) {
  for (Eigen::Index i = 0; i < table.status.size(); ++i) {
    if (table.status[i] == sweep_pending) continue;
    if (is_readable_hdf5_file(fmt::format("{}/{}.h5", series_dir, i))) continue;
    table.status[i] = sweep_pending;
    table.metrics.row(i).setConstant(std::numeric_limits<double>::quiet_NaN());
    table.failure_reason[size_t(i)].clear();
  }
}

// The sweep's series folder carries this file, so that a folder of the same name that is not
// the sweep's (the user's own) is never deleted or written into.
constexpr const char* kSeriesMarker = ".kneeload-sweep-series";

bool is_series_folder(const std::string& dir) {
  std::error_code error;
  return fs::is_directory(fs::symlink_status(dir, error)) &&
         fs::is_regular_file(fs::path(dir) / kSeriesMarker, error);
}

void make_series_folder(const std::string& dir) {
  fs::create_directories(dir);
  std::ofstream(fs::path(dir) / kSeriesMarker) << "kneeload sweep series folder\n";
}

void remove_series_folder(const std::string& dir) {
  std::error_code error;
  if (is_series_folder(dir)) fs::remove_all(dir, error);
}

// The state before any run: fresh, or what OUT.h5 and the journals hold (--resume).
SweepState load_state(const SweepSpec& spec, const SweepArguments& a) {
  SweepState s;
  s.fingerprint = calc_sweep_fingerprint(spec);
  s.meta.scenario = spec.scenario;
  s.meta.kneeload_version = KNEELOAD_VERSION;
  s.meta.created_utc = get_current_utc_iso8601();
  s.meta.spec_fingerprint = s.fingerprint;
  s.meta.series_saved = a.save_series;
  s.meta.param_units = spec.param_units;
  s.table = make_pending_sweep_table(spec.spec_toml, spec.method, spec.n_base, spec.param_keys,
                                     spec.points);
  const int n = spec.get_run_count();
  const std::vector<std::string> journals = find_sweep_journals(a.output_path);
  for (const std::string& journal : journals)
    if (is_sweep_journal_in_use(journal))
      throw InputError(fmt::format("'{}' is being written by another running kneeload sweep "
                                   "(journal '{}'); wait for it to finish or stop it",
                                   a.output_path, journal));
  if (!a.resume) {
    if (!journals.empty())
      throw InputError(fmt::format("'{}' is an interrupted sweep (journal '{}'): add --resume to "
                                   "finish it, or delete the journal to start afresh",
                                   a.output_path, journals.front()));
    check_replaceable(a.output_path, s.fingerprint);
    return s;
  }
  std::error_code error;
  if (fs::exists(a.output_path, error)) {
    SweepFileMeta old;
    try {
      old = read_sweep_file_meta(a.output_path);
    } catch (const InputError& e) {
      if (journals.empty()) throw;
      throw InputError(fmt::format("{}; its journal '{}' keeps the runs: delete '{}' and resume "
                                   "from the journal alone",
                                   e.what(), journals.front(), a.output_path));
    }
    if (old.spec_fingerprint != s.fingerprint)
      throw InputError(fmt::format("--resume: '{}' was made from another sweep spec (its scenario, "
                                   "[base] or points differ from '{}')",
                                   a.output_path, a.spec_path));
    if (old.series_saved != a.save_series)
      throw InputError(fmt::format("--resume: '{}' was started {} --save-series; resume it the "
                                   "same way",
                                   a.output_path, old.series_saved ? "with" : "without"));
    s.meta.created_utc = old.created_utc;
    SweepTable stored = read_sweep_table(a.output_path);
    if (stored.status.size() != n)
      throw InputError(fmt::format("--resume: '{}' has {} runs, the spec {}", a.output_path,
                                   stored.status.size(), n));
    for (Eigen::Index i = 0; i < n; ++i) {
      if (stored.status[i] == sweep_pending) continue;
      s.table.status[i] = stored.status[i];
      s.table.metrics.row(i) = stored.metrics.row(i);
      s.table.failure_reason[size_t(i)] = stored.failure_reason[size_t(i)];
    }
    s.file_is_final = journals.empty() && count_status(s.table, sweep_pending) == 0;
  }
  for (const std::string& journal : journals) apply_journal(journal, s.fingerprint, n, s.table);
  // A final file holds the series itself (its folder is gone); otherwise the folder must.
  if (a.save_series && !s.file_is_final)
    reopen_runs_without_series(a.output_path + ".series", s.table);
  return s;
}

// The table with the records of the other ranks' journals (rank 0, MPI), for a snapshot or the end.
SweepTable gather_table(const SweepState& s, const std::string& out_path, const MpiSession& mpi) {
  SweepTable table = s.table;
  for (int r = 1; r < mpi.get_size(); ++r)
    apply_journal(get_sweep_journal_path(out_path, r, mpi.get_size()), s.fingerprint,
                  int(table.status.size()), table);
  return table;
}

// What the spec asks that is allowed but likely not meant.
void print_spec_notes(const SweepSpec& spec) {
  std::vector<std::string> notes;
  resolve_parameters(spec.scenario, "", spec.base_overrides, &notes);
  for (const std::string& note : notes) print_note(stderr, "note: [base] " + note + "\n");
  const bool power_of_two = (spec.n_base & (spec.n_base - 1)) == 0;
  if (spec.method == "sobol" && !power_of_two)
    print_note(stderr, fmt::format("note: [sample] n = {} is not a power of two; the Sobol "
                                   "sequence is balanced at powers of two (docs/sensitivity.md)\n",
                                   spec.n_base));
}

int sweep_command(const SweepArguments& a) {
  MpiSession mpi;  // one rank unless started by mpirun
  if (a.threads < 0) throw InputError(fmt::format("--threads {}: must be >= 0", a.threads));
  const SweepSpec spec = read_sweep_spec(a.spec_path);
  check_output_file("-o", a.output_path, {a.spec_path});
  SweepState s = load_state(spec, a);
  if (mpi.is_root()) print_spec_notes(spec);
  const int n = spec.get_run_count();
  const std::string series_dir = a.output_path + ".series";
  const std::string label =
      mpi.get_size() > 1 ? fmt::format("sweep rank {}/{}", mpi.get_rank(), mpi.get_size()) : "sweep";

  if (s.file_is_final) {  // resumed after the final write: only cleanup may be left
    if (mpi.is_root()) remove_series_folder(series_dir);
    if (mpi.is_root())
      print_note(stderr,
                 fmt::format("sweep: '{}' is complete ({} runs, {} failed); nothing to resume\n",
                             a.output_path, n, count_status(s.table, sweep_failed)));
    return 0;
  }
  // A stale series folder of an earlier sweep goes; anything else of that name is the user's.
  std::error_code no_error;
  if (a.save_series && fs::exists(fs::symlink_status(series_dir, no_error)) &&
      !is_series_folder(series_dir))
    throw InputError(fmt::format("--save-series: '{}' exists and is not the sweep's series folder; "
                                 "move it or choose another -o",
                                 series_dir));
  if (mpi.is_root() && !a.resume) remove_series_folder(series_dir);
  if (!mpi.get_all_agree(true)) return 1;  // every rank has read the old state

  // Journals and the first snapshot. Any rank's failure stops all of them.
  std::unique_ptr<SweepJournal> journal;
  std::exception_ptr failure;
  try {
    journal = std::make_unique<SweepJournal>(
        get_sweep_journal_path(a.output_path, mpi.get_rank(), mpi.get_size()), s.fingerprint, n);
    if (a.save_series) make_series_folder(series_dir);
    if (mpi.is_root()) {
      remove_stale_temporaries(a.output_path);
      write_sweep_file(a.output_path, s.table, s.meta);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (!mpi.get_all_agree(!failure)) {
    if (journal) {
      const std::string path = journal->get_path();
      journal.reset();
      if (!a.resume) std::remove(path.c_str());
    }
    if (failure) std::rethrow_exception(failure);
    throw InputError("another MPI rank could not start the sweep (see its message)");
  }

  // This rank's share of the pending runs.
  std::vector<int> indices;  // [runs of this rank]
  for (int i = 0; i < n; ++i)
    if (s.table.status[i] == sweep_pending && i % mpi.get_size() == mpi.get_rank())
      indices.push_back(i);
  int done = n - count_status(s.table, sweep_pending);
  int failed = count_status(s.table, sweep_failed);
  ProgressLine progress(mpi.get_size() > 1 ? int(indices.size()) : n,
                        mpi.get_size() > 1 ? 0 : done, label);
  int rank_done = 0, rank_failed = 0;

  SweepExecutorOptions options;
  options.threads = a.threads > 0 ? a.threads
                                  : std::max(1, get_sweep_thread_count(0) / mpi.get_local_size());
  options.keep_series = a.save_series;
  options.runner.kneeload_version = KNEELOAD_VERSION;
  double snapshot_period_s = 5.0;  // s; grows with the time a snapshot takes (large sweeps)
  double last_snapshot_s = get_steady_s();
  bool changed = false;

  // Ctrl-C or SIGTERM: no run starts after it, the runs under way finish and are kept, then the
  // sweep says how to resume (kill -9, or a second Ctrl-C, loses at most the runs under way).
  const InterruptGuard interrupt;
  options.stop_requested = [&interrupt] { return interrupt.is_interrupted(); };
  auto sink = [&](SweepRunOutput&& output) {
    if (output.series) {
      RunResult& run = *output.series;
      run.meta.created_utc = get_current_utc_iso8601();
      run.meta.config_toml = format_parameters_toml(make_run_parameters(spec, output.index));
      write_run_file(fmt::format("{}/{}.h5", series_dir, output.index), run);
    }
    const SweepRecord record = make_sweep_record(output.index, output.summary);
    journal->append(record);  // from here on the run is done, whatever happens
    apply_record(record, s.table);
    ++done;
    ++rank_done;
    failed += record.status == sweep_failed;
    rank_failed += record.status == sweep_failed;
    changed = true;
  };
  auto tick = [&]() {
    progress.update(mpi.get_size() > 1 ? rank_done : done,
                    mpi.get_size() > 1 ? rank_failed : failed);
    if (!mpi.is_root() || !changed || get_steady_s() - last_snapshot_s < snapshot_period_s) return;
    const double start_s = get_steady_s();
    write_sweep_file(a.output_path, gather_table(s, a.output_path, mpi), s.meta);
    last_snapshot_s = get_steady_s();
    snapshot_period_s = std::max(5.0, 20.0 * (last_snapshot_s - start_s));
    changed = false;
  };
  try {
    execute_sweep_runs(spec.scenario, indices,
                       [&spec](int index) { return make_run_parameters(spec, index); }, options,
                       sink, tick);
    journal->sync();
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure && interrupt.is_interrupted() && rank_done < int(indices.size())) {
    if (mpi.get_size() > 1) {
      failure = std::make_exception_ptr(CommandFailure(130, "interrupted"));
    } else {
      journal->sync();
      write_sweep_file(a.output_path, s.table, s.meta);  // the snapshot holds every finished run
      progress.clear();
      throw CommandFailure(130, fmt::format("interrupted: {} of {} runs done, kept in '{}' and "
                                            "its journal; finish with kneeload sweep {} -o {} "
                                            "--resume",
                                            done, n, a.output_path, a.spec_path, a.output_path));
    }
  }
  if (mpi.get_size() > 1)
    progress.finish(rank_done, rank_failed);
  if (!mpi.get_all_agree(!failure)) {
    if (failure) std::rethrow_exception(failure);
    throw InputError("another MPI rank stopped (see its message); finish with --resume");
  }
  journal.reset();

  // The final file, then cleanup (journals first: their absence marks the file final).
  if (mpi.is_root()) {
    const SweepTable final_table = gather_table(s, a.output_path, mpi);
    write_sweep_file(a.output_path, final_table, s.meta, a.save_series ? series_dir : "");
    for (const std::string& path : find_sweep_journals(a.output_path)) std::remove(path.c_str());
    remove_series_folder(series_dir);
    const int n_done = n - count_status(final_table, sweep_pending);
    const int n_failed = count_status(final_table, sweep_failed);
    if (mpi.get_size() > 1)
      print_note(stderr, fmt::format("sweep: {} runs ok, {} failed{}, {} of {} done on {} ranks\n",
                 n_done - n_failed, n_failed, n_failed ? " (see /sweep/failure_reason)" : "",
                 n_done, n, mpi.get_size()));
    else
      progress.finish(n_done, n_failed);
    fmt::print("wrote {}: {} runs, {} ok, {} failed\n", a.output_path, n, n_done - n_failed,
               n_failed);
    // What a researcher should know before trusting the metrics: how many runs carry flags.
    fmt::print("{}", format_sweep_flag_line(final_table));
  }
  return 0;
}

}  // namespace

void add_sweep_command(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand(
      "sweep", "Run a parameter sweep (grid or sample) on all cores into one HDF5 file");
  auto a = std::make_shared<SweepArguments>();
  command->add_option("SWEEP", a->spec_path, "Sweep spec (TOML; see docs/sweeps.md)")->required();
  command->add_option("-o,--output", a->output_path, "Output HDF5 sweep file")
      ->required()
      ->check(kNotEmpty);
  command->add_option("--threads", a->threads,
                      "Worker threads (default: all cores, shared among MPI ranks on a machine)");
  command->add_flag("--resume", a->resume,
                    "Finish an interrupted sweep: run only what OUT.h5 and its journal lack");
  command->add_flag("--save-series", a->save_series,
                    "Also store every run's time series under /runs/<index>/");
  command->callback([a] { sweep_command(*a); });
}

}  // namespace kneeload::app

// Sweep files and journals (DESIGN.md §6, §9; docs/sweeps.md): the /sweep layout read back
// exactly (params in spec order, NaN where pending), metrics journaled bit for bit, torn or
// corrupt journal records ignored, and series copied into /runs/<index>/.
#include "io/run_file.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_journal.hpp"
#include "solver/errors.hpp"
#include "tests/file_size_limit.hpp"
#include "tests/io/run_result_fixture.hpp"

#include <catch2/catch.hpp>

#include <H5Cpp.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

using namespace kneeload;
using Catch::Matchers::Contains;

namespace {

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

SweepTable make_table() {
  Eigen::MatrixXd points(3, 2);  // [3 runs × 2 keys]
  points << 80, 0.5, 60, 1.5, 70, 1.0;
  SweepTable t = make_pending_sweep_table("scenario = \"level_run\"\n", "grid", 0,
                                          {"body.mass_kg", "foot.pronation_deg"}, points);
  t.status[0] = sweep_ok;
  t.metrics.row(0).setLinSpaced(14, 0.1, 1.0 / 3.0);
  t.status[2] = sweep_failed;
  t.failure_reason[2] = "step-size underflow at t = 0.1 s";
  return t;
}

SweepFileMeta make_meta() {
  SweepFileMeta meta;
  meta.scenario = "level_run";
  meta.kneeload_version = "0.1.0";
  meta.created_utc = "2026-11-24T05:00:00Z";
  meta.spec_fingerprint = "0123456789abcdef";
  meta.param_units = {"kg", "deg"};
  return meta;
}

}  // namespace

TEST_CASE("sweep file: /sweep round trip, params in spec order, NaN where pending", "[sweep]") {
  testing::ScratchFolder folder("sweep_file");
  const std::string path = folder.file("s.h5");
  const SweepTable written = make_table();
  write_sweep_file(path, written, make_meta());
  CHECK(folder.count_entries() == 1);  // no temporary left

  const SweepTable read = read_sweep_table(path);
  CHECK(read.spec_toml == written.spec_toml);
  CHECK(read.method == "grid");
  CHECK(read.param_keys == written.param_keys);  // spec order, not alphabetical
  CHECK(read.params == written.params);
  REQUIRE(read.metric_names.size() == 14);
  CHECK(read.metric_names[0] == "peak_pf_force_N");
  CHECK(read.status == written.status);
  CHECK(read.failure_reason == written.failure_reason);
  for (int m = 0; m < 14; ++m) {
    CHECK(same_bits(read.metrics(0, m), written.metrics(0, m)));
    CHECK(std::isnan(read.metrics(1, m)));  // pending
  }
  const SweepFileMeta meta = read_sweep_file_meta(path);
  CHECK(meta.spec_fingerprint == "0123456789abcdef");

  // The contract counts and units, as any HDF5 reader sees them.
  H5::H5File file(path, H5F_ACC_RDONLY);
  const H5::Group sweep = file.openGroup("sweep");
  long long n_runs = 0, n_done = 0, n_failed = 0;
  sweep.openAttribute("n_runs").read(H5::PredType::NATIVE_LLONG, &n_runs);
  sweep.openAttribute("n_done").read(H5::PredType::NATIVE_LLONG, &n_done);
  sweep.openAttribute("n_failed").read(H5::PredType::NATIVE_LLONG, &n_failed);
  CHECK(n_runs == 3);
  CHECK(n_done == 2);
  CHECK(n_failed == 1);
  const auto read_units = [&file](const std::string& dataset) {
    std::string units;
    const H5::Attribute a = file.openDataSet(dataset).openAttribute("units");
    a.read(a.getStrType(), units);
    return units;
  };
  CHECK(read_units("sweep/params/body.mass_kg") == "kg");
  CHECK(read_units("sweep/metrics/peak_pf_force_N") == "N");
  CHECK(read_units("sweep/status") == "1");
}

TEST_CASE("sweep file: missing, non-HDF5 and non-sweep files are one clear error, and a sweep file is no run file",
          "[sweep]") {
  testing::ScratchFolder folder("sweep_file_bad");
  CHECK_THROWS_WITH(read_sweep_table(folder.file("none.h5")), Contains("does not exist"));
  std::ofstream(folder.file("text.h5")) << "not hdf5";
  CHECK_THROWS_WITH(read_sweep_table(folder.file("text.h5")), Contains("not an HDF5 file"));
  write_run_file(folder.file("run.h5"), testing::make_synthetic_result());
  CHECK_THROWS_WITH(read_sweep_table(folder.file("run.h5")), Contains("not a sweep file"));
  // The other way round: a sweep file given where one run's results are read (compare, summary).
  write_sweep_file(folder.file("s.h5"), make_table(), make_meta());
  CHECK_THROWS_WITH(read_run_file(folder.file("s.h5")),
                    Contains("is a sweep file, not a run's results file"));
  // A fresh sweep file with one /sweep count attribute damaged.
  const auto damage_count = [&](const char* attribute, long long value) {
    write_sweep_file(folder.file("s.h5"), make_table(), make_meta());
    H5::H5File file(folder.file("s.h5"), H5F_ACC_RDWR);
    file.openGroup("sweep").openAttribute(attribute).write(H5::PredType::NATIVE_LLONG, &value);
  };
  // A damaged run count is caught against the data before anything of its size is allocated.
  damage_count("n_runs", 1LL << 60);
  CHECK_THROWS_WITH(read_sweep_table(folder.file("s.h5")),
                    Contains("/sweep/status has 3 entries, n_runs says 1152921504606846976"));
  // So is a Sobol base count larger than the sweep.
  damage_count("n_base", 1LL << 40);
  CHECK_THROWS_WITH(read_sweep_table(folder.file("s.h5")),
                    Contains("n_base 1099511627776 is outside [0, n_runs = 3]"));
  // A status outside 0, 1, 2 is named.
  write_sweep_file(folder.file("s.h5"), make_table(), make_meta());
  {
    H5::H5File file(folder.file("s.h5"), H5F_ACC_RDWR);
    const int status[3] = {1, 7, 2};
    file.openDataSet("sweep/status").write(status, H5::PredType::NATIVE_INT);
  }
  CHECK_THROWS_WITH(read_sweep_table(folder.file("s.h5")),
                    Contains("/sweep/status[1] = 7 is not 0 (pending), 1 (ok) or 2 (failed)"));
}

TEST_CASE("sweep file: a disk that fills up is one InputError, the old snapshot kept intact",
          "[sweep]") {
  testing::ScratchFolder folder("sweep_file_disk_full");
  const std::string path = folder.file("s.h5");
  write_sweep_file(path, make_table(), make_meta());  // an earlier snapshot
  SweepTable done = make_table();
  done.status.setConstant(sweep_ok);
  std::string message;
  {
    const testing::FileSizeLimit limit(4096);  // bytes: below a sweep file
    try {
      write_sweep_file(path, done, make_meta());
    } catch (const InputError& e) {
      message = e.what();
    }
  }
  CHECK_THAT(message, Contains("s.h5") && Contains("File too large"));
  CHECK(folder.count_entries() == 1);                  // no temporary left
  CHECK(read_sweep_table(path).status == make_table().status);  // the snapshot as it was
}

TEST_CASE("sweep file: series files are copied into /runs/<index>/", "[sweep]") {
  testing::ScratchFolder folder("sweep_series");
  std::filesystem::create_directories(folder.file("series"));
  const RunResult run = testing::make_synthetic_result();
  write_run_file(folder.file("series/0.h5"), run);
  write_sweep_file(folder.file("s.h5"), make_table(), make_meta(), folder.file("series"));
  H5::H5File file(folder.file("s.h5"), H5F_ACC_RDONLY);
  const RunResult back = read_run_group(file.openGroup("runs/0"), "s.h5 /runs/0");
  CHECK(back.time_s == run.time_s);
  CHECK(back.patellofemoral.contact_force_N == run.patellofemoral.contact_force_N);
  CHECK(!file.nameExists("runs/1"));
}

TEST_CASE("sweep journal: metrics read back bit for bit, torn or corrupt records ignored",
          "[sweep]") {
  testing::ScratchFolder folder("sweep_journal");
  const std::string path = folder.file("s.h5.journal");
  RunSummary ok = testing::make_synthetic_result().summary;
  ok.peak_pf_force_N = 1.0 / 3.0;  // needs all 17 digits
  ok.stance_time_s = -0.0;
  RunSummary failed;
  failed.status = "failed";
  failed.failure_reason = "step-size underflow\tat t = 0.1 s";
  failed.peak_vgrf_bw = std::numeric_limits<double>::quiet_NaN();
  {
    SweepJournal journal(path, "fp", 5);
    journal.append(make_sweep_record(3, ok));
    journal.append(make_sweep_record(1, failed));
  }
  // A run killed mid-write leaves a record without its newline; a flipped byte breaks a checksum.
  {
    std::ofstream(path, std::ios::app) << "r\t4\t1\t0.5";
  }
  SweepJournalContents contents = read_sweep_journal(path);
  CHECK(contents.has_header);
  CHECK(contents.fingerprint == "fp");
  CHECK(contents.n_runs == 5);
  CHECK(contents.n_torn == 1);
  REQUIRE(contents.records.size() == 2);
  CHECK(contents.records[0].index == 3);
  CHECK(contents.records[0].status == 1);
  const SweepRecord expected = make_sweep_record(3, ok);
  for (int m = 0; m < 14; ++m) CHECK(same_bits(contents.records[0].metrics[size_t(m)], expected.metrics[size_t(m)]));
  CHECK(contents.records[1].status == 2);
  CHECK(contents.records[1].failure_reason == "step-size underflow at t = 0.1 s");
  CHECK(std::isnan(contents.records[1].metrics[7]));

  // Reopening appends after the torn tail, on a line of its own.
  {
    SweepJournal journal(path, "fp", 5);
    journal.append(make_sweep_record(4, ok));
  }
  contents = read_sweep_journal(path);
  REQUIRE(contents.records.size() == 3);
  CHECK(contents.records[2].index == 4);

  // Corrupt a digit inside record 3's metrics: its checksum no longer matches.
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const size_t record = text.find("r\t3\t1\t");
  REQUIRE(record != std::string::npos);
  text[record + 8] = text[record + 8] == '1' ? '2' : '1';
  std::ofstream(path, std::ios::trunc) << text;
  contents = read_sweep_journal(path);
  CHECK(contents.records.size() == 2);

  CHECK_THROWS_WITH(SweepJournal(path, "another", 5), Contains("another sweep spec"));
}

TEST_CASE("sweep journal: one writer at a time (a second sweep on the same output is refused)",
          "[sweep]") {
  testing::ScratchFolder folder("sweep_journal_lock");
  const std::string path = folder.file("s.h5.journal");
  {
    const SweepJournal first(path, "fp", 5);
    try {
      const SweepJournal second(path, "fp", 5);
      FAIL("a second writer was let in");
    } catch (const InputError& e) {
      CHECK_THAT(std::string(e.what()), Contains("in use by another running kneeload sweep"));
    }
  }
  const SweepJournal after(path, "fp", 5);  // free again once the first is closed
  CHECK(after.get_path() == path);
}

TEST_CASE("sweep journal paths: one per process, one per MPI rank", "[sweep]") {
  testing::ScratchFolder folder("sweep_journal_paths");
  const std::string out = folder.file("s.h5");
  CHECK(get_sweep_journal_path(out, 0, 1) == out + ".journal");
  CHECK(get_sweep_journal_path(out, 1, 2) == out + ".rank1.journal");
  std::ofstream(out + ".journal") << "";
  std::ofstream(out + ".rank1.journal") << "";
  std::ofstream(out + ".rankx.journal") << "";
  std::ofstream(folder.file("t.h5.journal")) << "";
  CHECK(find_sweep_journals(out) == std::vector<std::string>{out + ".journal", out + ".rank1.journal"});
}

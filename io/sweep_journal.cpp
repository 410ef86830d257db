// The sweep journal (format in io/sweep_journal.hpp, design in docs/sweeps.md).
#include "io/sweep_journal.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/file.h>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace kneeload {
namespace {

constexpr const char* kHeaderTag = "kneeload-sweep-journal";
constexpr int kFormatVersion = 1;

std::uint64_t calc_fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64-bit offset basis
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;  // FNV prime
  }
  return hash;
}

double get_steady_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

bool parse_int(const std::string& text, int& value) {
  char* end = nullptr;
  errno = 0;
  const long parsed = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || errno != 0) return false;
  value = int(parsed);
  return true;
}

bool parse_double(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

void write_all(int fd, const std::string& text, const std::string& path) {
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw InputError(fmt::format("cannot write sweep journal '{}': {}", path,
                                   std::strerror(errno)));
    written += size_t(n);
  }
}

}  // namespace

SweepRecord make_sweep_record(int index, const RunSummary& summary) {
  SweepRecord record;
  record.index = index;
  record.status = summary.status == "ok" ? 1 : 2;
  for (const SummaryMetric& metric : get_summary_metrics())
    record.metrics.push_back(summary.*metric.member);
  record.failure_reason = summary.failure_reason;
  std::replace(record.failure_reason.begin(), record.failure_reason.end(), '\t', ' ');
  std::replace(record.failure_reason.begin(), record.failure_reason.end(), '\n', ' ');
  std::replace(record.failure_reason.begin(), record.failure_reason.end(), '\r', ' ');
  return record;
}

bool is_sweep_journal_in_use(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  const bool in_use = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // releases the shared lock if it was taken
  return in_use;
}

SweepJournal::SweepJournal(const std::string& path, const std::string& fingerprint, int n_runs,
                           double sync_period_s)
    : path_(path), sync_period_s_(sync_period_s) {
  const SweepJournalContents existing = read_sweep_journal(path);
  if (existing.has_header && (existing.fingerprint != fingerprint || existing.n_runs != n_runs))
    throw InputError(fmt::format("sweep journal '{}' belongs to another sweep spec; delete it to "
                                 "start afresh",
                                 path));
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0)
    throw InputError(fmt::format("cannot open sweep journal '{}': {}", path, std::strerror(errno)));
  // One writer per journal: a second sweep on the same output would run every run twice. (A file
  // system without locks, some cluster ones, says so by another errno: then there is no check.)
  // A few tries: another start's is_sweep_journal_in_use may hold a shared lock for an instant.
  bool busy = true;
  for (int attempt = 0; attempt < 5 && busy; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    busy = ::flock(fd_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  }
  if (busy) {
    ::close(fd_);
    fd_ = -1;
    throw InputError(fmt::format("sweep journal '{}' is in use by another running kneeload sweep; "
                                 "wait for it to finish or stop it",
                                 path));
  }
  // A torn tail (no final newline) must not glue itself to the next record.
  const off_t size = ::lseek(fd_, 0, SEEK_END);
  std::string start;
  if (size > 0) {
    char last = '\n';
    if (::pread(fd_, &last, 1, size - 1) == 1 && last != '\n') start = "\n";
  }
  if (!existing.has_header)
    start += fmt::format("{}\t{}\t{}\t{}\n", kHeaderTag, kFormatVersion, fingerprint, n_runs);
  if (!start.empty()) write_all(fd_, start, path_);
  ::fsync(fd_);
  last_sync_s_ = get_steady_s();
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) {
    if (dirty_) ::fsync(fd_);
    ::close(fd_);
  }
}

void SweepJournal::append(const SweepRecord& record) {
  std::string line = fmt::format("r\t{}\t{}\t", record.index, record.status);
  for (const double value : record.metrics) line += fmt::format("{:.17g}\t", value);
  line += record.failure_reason + "\t";
  line += fmt::format("{:016x}\n", calc_fnv1a(line));
  write_all(fd_, line, path_);
  dirty_ = true;
  if (get_steady_s() - last_sync_s_ >= sync_period_s_) sync();
}

void SweepJournal::sync() {
  if (fd_ >= 0 && dirty_) ::fsync(fd_);
  dirty_ = false;
  last_sync_s_ = get_steady_s();
}

SweepJournalContents read_sweep_journal(const std::string& path) {
  namespace fs = std::filesystem;
  SweepJournalContents contents;
  // Only a regular file can be a journal: a FIFO would block the reading, a link lead elsewhere.
  std::error_code error;
  const fs::file_status status = fs::symlink_status(path, error);
  if (!fs::exists(status)) return contents;
  if (!fs::is_regular_file(status))
    throw InputError(fmt::format("'{}' is no sweep journal (not a regular file); move it", path));
  std::ifstream file(path, std::ios::binary);
  if (!file) return contents;
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  // A journal starts with its header (or a torn piece of it): anything else is someone's file.
  const std::string tag = kHeaderTag;
  if (!text.empty() && text.compare(0, std::min(text.size(), tag.size()), tag, 0,
                                    std::min(text.size(), tag.size())) != 0)
    throw InputError(fmt::format("'{}' is no sweep journal (it lacks the journal header); move it "
                                 "or choose another -o",
                                 path));
  const size_t n_metrics = get_summary_metrics().size();
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string::npos) {  // a torn last line
      ++contents.n_torn;
      break;
    }
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const std::vector<std::string> fields = split_tabs(line);
    if (!fields.empty() && fields[0] == kHeaderTag && fields.size() == 4 && !contents.has_header) {
      int version = 0;
      contents.has_header = parse_int(fields[1], version) && version == kFormatVersion &&
                            parse_int(fields[3], contents.n_runs);
      contents.fingerprint = fields[2];
      continue;
    }
    // r, index, status, metrics..., reason, checksum
    if (fields.size() != 5 + n_metrics || fields[0] != "r") {
      if (!line.empty()) ++contents.n_torn;
      continue;
    }
    const size_t checksum_at = line.rfind('\t') + 1;
    if (fmt::format("{:016x}", calc_fnv1a(std::string_view(line).substr(0, checksum_at))) !=
        fields.back()) {
      ++contents.n_torn;
      continue;
    }
    SweepRecord record;
    bool ok = parse_int(fields[1], record.index) && parse_int(fields[2], record.status);
    record.metrics.resize(n_metrics);
    for (size_t m = 0; m < n_metrics && ok; ++m) ok = parse_double(fields[3 + m], record.metrics[m]);
    record.failure_reason = fields[3 + n_metrics];
    if (!ok || (record.status != 1 && record.status != 2) || record.index < 0) {
      ++contents.n_torn;
      continue;
    }
    contents.records.push_back(std::move(record));
  }
  return contents;
}

std::vector<std::string> find_sweep_journals(const std::string& out_path) {
  namespace fs = std::filesystem;
  const fs::path out(out_path);
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const std::string name = out.filename().string();
  std::vector<std::string> journals;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    const std::string file = entry.path().filename().string();
    const bool plain = file == name + ".journal";
    bool shard = false;
    const std::string prefix = name + ".rank", suffix = ".journal";
    if (file.size() > prefix.size() + suffix.size() && file.compare(0, prefix.size(), prefix) == 0 &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      const std::string digits =
          file.substr(prefix.size(), file.size() - prefix.size() - suffix.size());
      shard = std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    if (plain || shard) journals.push_back((out.parent_path() / file).string());
  }
  std::sort(journals.begin(), journals.end());
  return journals;
}

std::string get_sweep_journal_path(const std::string& out_path, int rank, int n_ranks) {
  if (n_ranks <= 1) return out_path + ".journal";
  return fmt::format("{}.rank{}.journal", out_path, rank);
}

}  // namespace kneeload

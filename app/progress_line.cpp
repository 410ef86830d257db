// Progress lines of long work (app/progress_line.hpp).
#include "app/progress_line.hpp"

#include "app/note.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <unistd.h>

namespace kneeload::app {
namespace {

double get_steady_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// "1h02m", "3m05s", "12s".
std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "?";
  const long s = long(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace

ProgressLine::ProgressLine(int total, int already_done, std::string label, std::string unit,
                           std::FILE* stream)
    : total_(total), already_done_(already_done), label_(std::move(label)), unit_(std::move(unit)),
      stream_(stream), terminal_(::isatty(::fileno(stream)) != 0), start_s_(get_steady_s()) {}

double ProgressLine::get_elapsed_s() const { return get_steady_s() - start_s_; }

std::string ProgressLine::format_status(int done, int failed) const {
  const double elapsed_s = get_elapsed_s();
  const int done_now = done - already_done_;  // items finished in this start
  const std::string count = fmt::format("{}/{} {}{}", done, total_, unit_,
                                        failed >= 0 ? fmt::format(", {} failed", failed) : "");
  if (elapsed_s < 0.5) return count;  // a rate over a few milliseconds means nothing yet
  const double rate = done_now / elapsed_s;  // items/s
  const double left_s = rate > 0 ? (total_ - done) / rate : -1.0;
  return fmt::format("{}, {:.2f} {}/s, {} left", count, rate, unit_,
                     done >= total_ ? "0s" : format_duration(left_s));
}

void ProgressLine::update(int done, int failed) {
  const double now_s = get_elapsed_s();
  if (terminal_) {
    if (done == last_printed_done_ && now_s - last_print_s_ < 1.0) return;
    const int width = 24;  // characters of the bar
    const int filled = total_ > 0 ? int(double(width) * done / total_) : width;
    print_note(stream_, fmt::format("\r{} [{}{}] {}\033[K", label_,
                                    std::string(size_t(filled), '#'),
                                    std::string(size_t(width - filled), '.'),
                                    format_status(done, failed)));
  } else {
    const int decile = total_ > 0 ? 10 * done / total_ : 10;
    if (decile <= last_decile_ && now_s - last_print_s_ < 10.0) return;
    if (done == last_printed_done_ && now_s - last_print_s_ < 10.0) return;
    last_decile_ = std::max(last_decile_, decile);
    print_note(stream_, fmt::format("{}: {}\n", label_, format_status(done, failed)));
  }
  std::fflush(stream_);
  last_print_s_ = now_s;
  last_printed_done_ = done;
}

void ProgressLine::clear() {
  if (terminal_) print_note(stream_, fmt::format("\r\033[K"));
  std::fflush(stream_);
}

void ProgressLine::finish(int done, int failed) {
  const double elapsed_s = get_elapsed_s();
  const int done_now = done - already_done_;
  if (terminal_) print_note(stream_, fmt::format("\r\033[K"));
  print_note(stream_,
             fmt::format("{}: {} runs ok, {} failed{}, {} of {} done; {} runs in {:.1f} s wall, "
                         "{:.2f} runs/s\n",
                         label_, done - failed, failed,
                         failed > 0 ? " (see /sweep/failure_reason)" : "", done, total_, done_now,
                         elapsed_s, elapsed_s > 0 ? done_now / elapsed_s : 0.0));
}

}  // namespace kneeload::app

#include "app/interrupt_guard.hpp"

#include "app/commands.hpp"

#include <atomic>
#include <csignal>

namespace kneeload::app {
namespace {

// Written by the handler, read by any thread (a sweep's workers): a lock-free atomic is safe in
// both places.
std::atomic<int> interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free);

// The first signal only asks the work to stop; the handler then steps aside, so that a second
// Ctrl-C ends the process at once (a sweep's journal keeps its finished runs either way).
extern "C" void note_interrupt(int signal_number) {
  interrupted = 1;
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

InterruptGuard::InterruptGuard()
    : saved_int_(std::signal(SIGINT, note_interrupt)),
      saved_term_(std::signal(SIGTERM, note_interrupt)) {
  interrupted = 0;
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, saved_int_);
  std::signal(SIGTERM, saved_term_);
}

void InterruptGuard::stop_if_interrupted() const {
  if (interrupted) throw CommandFailure(130, "interrupted; the partial output was removed");
}

bool InterruptGuard::is_interrupted() const { return interrupted != 0; }

}  // namespace kneeload::app

#include "app/interrupt_guard.hpp"

#include "app/commands.hpp"

#include <csignal>

namespace kneeload::app {
namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void note_interrupt(int) { interrupted = 1; }

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

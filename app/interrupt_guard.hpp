#pragma once
// Ctrl-C (SIGINT) or SIGTERM during long work that writes many files (render's frames): while an
// InterruptGuard lives, the signal only sets a flag, which the work checks between its steps and
// answers by stopping through an exception, so that its partial output is removed.
namespace kneeload::app {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the earlier ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Throws CommandFailure (exit status 130) once a signal has come.
  void stop_if_interrupted() const;

 private:
  void (*saved_int_)(int);
  void (*saved_term_)(int);
};

}  // namespace kneeload::app

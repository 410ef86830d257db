#pragma once
// Ctrl-C (SIGINT) or SIGTERM during long work (render's frames, a sweep's runs): while an
// InterruptGuard lives, the signal only sets a flag, which the work checks between its steps and
// answers by stopping through an exception: render removes its partial output, a sweep keeps its
// finished runs and says how to resume.
namespace kneeload::app {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the earlier ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Throws CommandFailure (exit status 130) once a signal has come.
  void stop_if_interrupted() const;
  bool is_interrupted() const;  // a signal has come (for work that stops its own way)

 private:
  void (*saved_int_)(int);
  void (*saved_term_)(int);
};

}  // namespace kneeload::app

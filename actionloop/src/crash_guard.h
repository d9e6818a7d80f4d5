// The crash guard: a handler that overflows its stack or faults is reported to the event log and
// removed from the handler cache before the runtime dies.
#pragma once

#include <string>

#include "status.h"

namespace containerless::runtime {

// Installs, once per process, handlers of SIGSEGV, SIGBUS, SIGILL and SIGFPE that run on an
// alternate stack (a stack overflow leaves none of its own). Nothing can be resumed after such a
// fault inside a handler's code (its locks, reference counts and allocator state are unknown), so
// the signal handler only does what is async-signal-safe: it appends one line to the event log
// (CONTAINERLESS_LOG_FILE: the signal, and the handler library when the fault came from one),
// unlinks the cache file set by SetCrashCacheFile and leaves a marker beside it, so that the next
// runtime for this code does not pick the crashing handler again and serves the action in Node.js,
// then re-raises the signal with
// its default action: the process ends as it would have, and OpenWhisk replaces the container.
[[nodiscard]] Status InstallCrashGuard();

// The handler cache file to remove if a handler crashes ("" for none). Called on the loop thread,
// never from the signal handler; the path is copied into static storage. Beside it the signal
// handler leaves CrashMarkerPath(path), which tells the next runtime that a handler for this code
// crashed: it then serves the action in Node.js and does not compile it (a compiler cache hit
// would give the same handler back).
void SetCrashCacheFile(const std::string& path);

// "<cache file>.crashed".
std::string CrashMarkerPath(const std::string& cache_file);

// Where the crash line goes instead of the event log (the ActionLoop launcher: stderr, which is
// the container log there). -1: the event log.
void SetCrashLogFd(int fd);

// Marks a call into a handler's code (instance_new, activation_new, step, complete): a fault while
// one is open is blamed on `library` (a NUL-terminated path that outlives the scope).
class NativeCallScope {
 public:
  explicit NativeCallScope(const char* library);
  ~NativeCallScope();
  NativeCallScope(const NativeCallScope&) = delete;
  NativeCallScope& operator=(const NativeCallScope&) = delete;

 private:
  const char* previous_;
};

}  // namespace containerless::runtime

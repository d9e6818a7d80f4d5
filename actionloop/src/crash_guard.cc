// Fatal signals during native code: one event-log line and the crashing handler out of the cache,
// on an alternate stack, with async-signal-safe calls only.
#include "crash_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>

#include "event_log.h"

namespace containerless::runtime {
namespace {

// The library whose code runs now (nullptr: the runtime's own code). Read by the signal handler.
const char* volatile current_library = nullptr;
// The cache file to unlink on a crash in a handler, and the marker to create; empty when none.
char cache_file[4096];
char marker_file[4096 + 16];
// The alternate stack: a stack overflow leaves no room on the faulting one.
alignas(16) char alternate_stack[64 * 1024];
bool installed = false;
// The descriptor the crash line goes to; -1: the event log's.
int crash_log_fd = -1;

const int kSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};

// A tiny fixed buffer writer: no allocation, no locale, no stdio.
struct Line {
  char text[8192];
  size_t n = 0;
  void Add(const char* s) {
    while (*s != '\0' && n < sizeof text - 1) text[n++] = *s++;
  }
  void Number(uint64_t v, int width) {
    char digits[24];
    int k = 0;
    do {
      digits[k++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0 && k < 20);
    while (k < width) digits[k++] = '0';
    while (k > 0 && n < sizeof text - 1) text[n++] = digits[--k];
  }
  // "YYYY-MM-DDTHH:MM:SS.mmmZ " as EventLog writes it (civil date from days, Howard Hinnant's
  // algorithm: arithmetic only, unlike gmtime_r).
  void Stamp() {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t secs = now.tv_sec;
    int64_t days = secs / 86400;
    int64_t rest = secs % 86400;
    int64_t z = days + 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    Number(static_cast<uint64_t>(y), 4);
    Add("-");
    Number(static_cast<uint64_t>(m), 2);
    Add("-");
    Number(static_cast<uint64_t>(d), 2);
    Add("T");
    Number(static_cast<uint64_t>(rest / 3600), 2);
    Add(":");
    Number(static_cast<uint64_t>(rest / 60 % 60), 2);
    Add(":");
    Number(static_cast<uint64_t>(rest % 60), 2);
    Add(".");
    Number(static_cast<uint64_t>(now.tv_nsec / 1000000), 3);
    Add("Z ");
  }
};

const char* SignalName(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV (a stack overflow or an invalid memory access)";
    case SIGBUS:
      return "SIGBUS";
    case SIGILL:
      return "SIGILL";
    case SIGFPE:
      return "SIGFPE";
    default:
      return "a fatal signal";
  }
}

void OnFatalSignal(int sig) {
  Line line;
  line.Stamp();
  const char* library = current_library;
  if (library != nullptr) {
    line.Add("error native handler crashed: ");
    line.Add(SignalName(sig));
    line.Add(" in ");
    line.Add(library);
    if (cache_file[0] != '\0') {
      int marker = open(marker_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (marker >= 0) {
        ssize_t ignored = write(marker, line.text, line.n);
        ignored = write(marker, "\n", 1);
        (void)ignored;
        close(marker);
      }
      bool removed = unlink(cache_file) == 0;
      line.Add(removed ? "; removed it from the handler cache (" : "; could not remove ");
      line.Add(cache_file);
      line.Add(removed ? ")" : " from the handler cache");
      line.Add(" and marked this code as crashed, so the next runtime serves the action in node");
    }
    line.Add("; the runtime stops");
  } else {
    line.Add("error the runtime crashed: ");
    line.Add(SignalName(sig));
  }
  line.Add("\n");
  int fd = crash_log_fd >= 0 ? crash_log_fd : EventLog::RawFd();
  if (fd >= 0) {
    ssize_t ignored = write(fd, line.text, line.n);
    (void)ignored;
  }
  // The default action (termination, a core dump where enabled), as without the guard.
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

Status InstallCrashGuard() {
  if (installed) return Status::Ok();
  stack_t stack{};
  stack.ss_sp = alternate_stack;
  stack.ss_size = sizeof alternate_stack;
  if (sigaltstack(&stack, nullptr) != 0) {
    return Status::Error(std::string("sigaltstack failed: ") + strerror(errno));
  }
  struct sigaction action {};
  action.sa_handler = &OnFatalSignal;
  // Reset on entry: a fault inside the handler itself ends the process at once. No deferral: the
  // raise() at its end takes effect there.
  action.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int sig : kSignals) {
    if (sigaction(sig, &action, nullptr) != 0) {
      return Status::Error(std::string("sigaction failed: ") + strerror(errno));
    }
  }
  installed = true;
  return Status::Ok();
}

void SetCrashCacheFile(const std::string& path) {
  // Written between signals only (on the loop thread, outside native calls).
  std::string marker = CrashMarkerPath(path);
  if (path.empty() || marker.size() >= sizeof marker_file) {
    cache_file[0] = '\0';
    marker_file[0] = '\0';
    return;
  }
  memcpy(cache_file, path.c_str(), path.size() + 1);
  memcpy(marker_file, marker.c_str(), marker.size() + 1);
}

void SetCrashLogFd(int fd) {
  crash_log_fd = fd;
}

std::string CrashMarkerPath(const std::string& cache_file) {
  return cache_file.empty() ? std::string() : cache_file + ".crashed";
}

NativeCallScope::NativeCallScope(const char* library) : previous_(current_library) {
  current_library = library;
}

NativeCallScope::~NativeCallScope() {
  current_library = previous_;
}

}  // namespace containerless::runtime

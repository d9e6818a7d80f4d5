// The runtime's event log file: one line per event, appended with a single write(2).
#include "event_log.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace containerless::runtime {
namespace {
int log_fd = -1;
int null_fd = -1;
}  // namespace

bool EventLog::Open(const std::string& path) {
  Close();
  if (path.empty()) return true;
  log_fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  return log_fd >= 0;
}

void EventLog::Close() {
  if (log_fd >= 0) close(log_fd);
  log_fd = -1;
}

void EventLog::Write(const char* level, const std::string& text) {
  if (log_fd < 0) return;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct tm tm;
  gmtime_r(&now.tv_sec, &tm);
  char stamp[64];
  size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(stamp + n, sizeof stamp - n, ".%03ldZ ", now.tv_nsec / 1000000);
  std::string line = stamp;
  line += level;
  line += ' ';
  line += text;
  line += '\n';
  // One write per line so concurrent writers (a second runtime sharing the file) do not interleave.
  ssize_t ignored = write(log_fd, line.data(), line.size());
  (void)ignored;
}

int EventLog::RawFd() {
  return log_fd;
}

int EventLog::OutputFd() {
  if (log_fd >= 0) return log_fd;
  if (null_fd < 0) null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  return null_fd;
}

}  // namespace containerless::runtime

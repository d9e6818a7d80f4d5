// The runtime's own event log (CONTAINERLESS_LOG_FILE): never stdout/stderr, the activation logs.
#pragma once

#include <string>

namespace containerless::runtime {

// Process-wide because every part logs, and there is exactly one log file per process.
class EventLog {
 public:
  // Opens `path` for appending; an empty path discards events. Returns false when it cannot open.
  static bool Open(const std::string& path);
  static void Close();
  // Writes one line "<UTC time> <level> <text>". Cheap no-op when no file is open.
  static void Write(const char* level, const std::string& text);
  // The file descriptor of the log (or of /dev/null), for children whose output is ours (the
  // compiler).
  static int OutputFd();
  // The log's own descriptor, -1 when events are discarded (for the crash guard's signal handler).
  static int RawFd();
};

inline void LogInfo(const std::string& text) {
  EventLog::Write("info", text);
}
inline void LogError(const std::string& text) {
  EventLog::Write("error", text);
}

}  // namespace containerless::runtime

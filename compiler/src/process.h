// Running a child process with a timeout and capturing its output (for rustc).
#pragma once

#include <string>
#include <vector>

#include "status.h"

namespace containerless::compiler {

struct ProcessResult {
  int exit_code = -1;      // the exit status, or -1 when killed by a signal
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;  // it ran past the timeout and was killed
  std::string output;      // stdout and stderr, interleaved as written
};

// Runs argv (argv[0] looked up on PATH) in its own process group, with stdin from /dev/null,
// and waits at most timeout_ms; past it, the whole group (rustc and the linker it started) is
// killed. The status is an error only when the process could not be started.
Status RunProcess(const std::vector<std::string>& argv, int timeout_ms, ProcessResult* out);

}  // namespace containerless::compiler

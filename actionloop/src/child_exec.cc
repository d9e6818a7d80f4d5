// The parent-death trampoline: prctl(PR_SET_PDEATHSIG) in the child, then execvp.
#include "child_exec.h"

#include <sys/prctl.h>
#include <unistd.h>
#include <uv.h>

#include <csignal>
#include <cstdlib>

namespace containerless::runtime {

std::vector<std::string> WithParentDeathSignal(std::vector<std::string> args) {
  char buffer[4096];
  size_t size = sizeof buffer;
  if (uv_exepath(buffer, &size) != 0) return args;
  std::vector<std::string> out = {std::string(buffer, size), kExecChildFlag,
                                  std::to_string(getpid())};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

void ExecChild(int argc, char** argv) {
  if (argc < 4) _exit(2);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died between fork and prctl: then nobody would send the signal.
  if (getppid() != static_cast<pid_t>(atol(argv[2]))) _exit(1);
  execvp(argv[3], argv + 3);
  // Nothing may be written here (stderr is the activation log): 127 says "not found" in the
  // runtime's event log.
  _exit(127);
}

void ExitWithParent() {
  pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) raise(SIGTERM);
}

}  // namespace containerless::runtime

// The parent-death trampoline: prctl(PR_SET_PDEATHSIG) in the child, then execvp.
#include "child_exec.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

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
  _exit(kExecFailedStatus);
}

namespace {

// The reason `path` cannot be executed, or "" when it can.
std::string WhyNotExecutable(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return strerror(errno);
  if (S_ISDIR(st.st_mode)) return "is a directory";
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  if (access(path.c_str(), X_OK) != 0) return strerror(errno);
  return "";
}

}  // namespace

Status FindExecutable(const std::string& file, const char* path_env, std::string* resolved) {
  if (file.empty()) return Status::Error("empty name");
  if (file.find('/') != std::string::npos) {
    std::string why = WhyNotExecutable(file);
    if (!why.empty()) return Status::Error(why);
    *resolved = file;
    return Status::Ok();
  }
  // execvp's search: each PATH entry in order, an empty entry meaning the current directory.
  std::string dirs = path_env != nullptr ? path_env : "/bin:/usr/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t colon = dirs.find(':', start);
    if (colon == std::string::npos) colon = dirs.size();
    std::string dir = dirs.substr(start, colon - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + file;
    if (WhyNotExecutable(candidate).empty()) {
      *resolved = candidate;
      return Status::Ok();
    }
    start = colon + 1;
  }
  return Status::Error("not found on PATH");
}

void ExitWithParent() {
  pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) raise(SIGTERM);
}

}  // namespace containerless::runtime

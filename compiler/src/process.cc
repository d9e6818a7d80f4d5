// Child processes with a timeout: fork/exec into a process group, poll output, kill on timeout.
#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace containerless::compiler {

Status RunProcess(const std::vector<std::string>& argv, int timeout_ms, ProcessResult* out) {
  *out = ProcessResult();
  if (argv.empty()) return Status::Error(ErrorCode::kInternal, "", "RunProcess: empty argv");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::Error(ErrorCode::kIo, "", std::string("pipe: ") + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Status::Error(ErrorCode::kIo, "", std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The child: its own group, so a timeout can stop the linker rustc runs as well. Being in
    // its own group also hides it from whoever kills this compiler's group (the runtime, at
    // shutdown), so it must die with this process: without that, an orphaned rustc went on for
    // minutes writing into a deleted directory.
    setpgid(0, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    execvp(args[0], args.data());
    const char* msg = "exec failed: ";
    (void)!write(2, msg, strlen(msg));
    (void)!write(2, strerror(errno), strlen(strerror(errno)));
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent, so the group exists before any kill
  close(fds[1]);

  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      out->timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // timeout: the loop head kills
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child (and whatever inherited the pipe) closed it
    out->output.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  // The output closed, but the process may still run: wait for it within the same deadline.
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, out->timed_out ? 0 : WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (done == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        out->timed_out = true;
        kill(-pid, SIGKILL);
        continue;  // now wait without WNOHANG for the killed child
      }
      usleep(1000);
    }
  }
  if (WIFEXITED(status)) {
    out->exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out->signal = WTERMSIG(status);
  }
  return Status::Ok();
}

}  // namespace containerless::compiler

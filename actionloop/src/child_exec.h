// Children that die with the runtime: a re-exec trampoline that sets PR_SET_PDEATHSIG before exec.
#pragma once

#include <string>
#include <vector>

#include "status.h"

namespace containerless::runtime {

// The argument that makes containerless-runtime act as the trampoline (main checks it first).
inline constexpr const char* kExecChildFlag = "--exec-child";

// Returns the argv that runs `args` through this executable's trampoline, so the child gets
// SIGKILL if the runtime dies without stopping it (libuv's spawn has no pre-exec hook). Returns
// `args` unchanged when this executable's path is unknown.
std::vector<std::string> WithParentDeathSignal(std::vector<std::string> args);

// The trampoline: argv is [self, kExecChildFlag, parent pid, file, args...]. Never returns.
[[noreturn]] void ExecChild(int argc, char** argv);

// The trampoline's exit status when execvp fails (the shell's "not found"): nothing may be written
// in the child (its stderr is the activation log), so the runtime says what it means.
inline constexpr int kExecFailedStatus = 127;

// Finds `file` as execvp would: a name with a slash is taken as is, a bare name is looked up in
// the colon-separated `path_env` (execvp's default when null). Returns the file that would run in
// *resolved, or an error whose message is the reason alone ("No such file or directory",
// "Permission denied", "is a directory", "not found on PATH"): the caller names the setting.
Status FindExecutable(const std::string& file, const char* path_env, std::string* resolved);

// Makes this process receive SIGTERM when its parent dies (the runtime started by
// `containerless serve`, whose Node.js wrapper may be killed outright).
void ExitWithParent();

}  // namespace containerless::runtime

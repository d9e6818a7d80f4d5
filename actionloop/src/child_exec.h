// Children that die with the runtime: a re-exec trampoline that sets PR_SET_PDEATHSIG before exec.
#pragma once

#include <string>
#include <vector>

namespace containerless::runtime {

// The argument that makes containerless-runtime act as the trampoline (main checks it first).
inline constexpr const char* kExecChildFlag = "--exec-child";

// Returns the argv that runs `args` through this executable's trampoline, so the child gets
// SIGKILL if the runtime dies without stopping it (libuv's spawn has no pre-exec hook). Returns
// `args` unchanged when this executable's path is unknown.
std::vector<std::string> WithParentDeathSignal(std::vector<std::string> args);

// The trampoline: argv is [self, kExecChildFlag, parent pid, file, args...]. Never returns.
[[noreturn]] void ExecChild(int argc, char** argv);

// Makes this process receive SIGTERM when its parent dies (the runtime started by
// `containerless serve`, whose Node.js wrapper may be killed outright).
void ExitWithParent();

}  // namespace containerless::runtime

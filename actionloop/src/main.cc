// containerless-runtime: parses settings, starts runtime and HTTP front, stops on SIGTERM/SIGINT.
#include <uv.h>

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "activation_log.h"
#include "child_exec.h"
#include "config.h"
#include "crash_guard.h"
#include "event_log.h"
#include "runtime.h"
#include "server.h"

using namespace containerless::runtime;

namespace {

// Startup failures are the only lines the runtime itself writes to stderr: no activation has run
// yet, and the Node engine writes its own "cannot listen" there the same way.
[[noreturn]] void Fail(int code, const std::string& message) {
  fprintf(stderr, "containerless-runtime: %s\n", message.c_str());
  LogError(message);
  exit(code);
}

std::string MakeWorkDir() {
  const char* tmp = getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/containerless-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return "";
  return buffer.data();
}

// --engine node: the Node engine in this process's place, with the same command line.
[[noreturn]] void ExecNodeEngine(const Config& config) {
  std::string script = config.repo + "/bin/containerless";
  std::vector<std::string> argv = {"node", script, "serve"};
  argv.insert(argv.end(), config.serve_args.begin(), config.serve_args.end());
  std::vector<char*> pointers;
  for (std::string& a : argv) pointers.push_back(a.data());
  pointers.push_back(nullptr);
  execvp("node", pointers.data());
  fprintf(stderr, "containerless: cannot run node (for --engine node): %s\n", strerror(errno));
  exit(1);
}

// Removes the private directory. A compilation cancelled at stop is killed with its process
// group, but the linker rustc started runs in a group of its own and may still write the handler
// there for a moment (the cancelled compiler's rustc dies of PR_SET_PDEATHSIG, its cc and ld do
// not): a file created while remove_all walks the directory makes it fail. So try again, for at
// most two seconds; a file can no longer be created once the directory is gone.
void RemoveWorkDir(const std::string& dir) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    if (!std::filesystem::exists(dir, ignored)) return;
    usleep(20 * 1000);
  }
}

struct App {
  uv_loop_t* loop = nullptr;
  Server* server = nullptr;
  Runtime* runtime = nullptr;
  std::string work_dir;
  bool stopping = false;
  uv_signal_t sigterm;
  uv_signal_t sigint;
};

void OnSignal(uv_signal_t* handle, int signum) {
  auto* app = static_cast<App*>(handle->data);
  if (app->stopping) return;
  app->stopping = true;
  LogInfo("signal " + std::to_string(signum) + ": stopping");
  app->server->Close();
  app->runtime->Stop([app]() {
    RemoveWorkDir(app->work_dir);
    LogInfo("stopped");
    EventLog::Close();
    ActivationLog::FlushDeferred();
    // Connections still open do not matter once the engine is gone.
    exit(0);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == kExecChildFlag) ExecChild(argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  bool exit_with_parent = false;
  for (auto it = args.begin(); it != args.end(); ++it) {
    if (*it == "--exit-with-parent") {
      exit_with_parent = true;
      args.erase(it);
      break;
    }
  }
  Config config;
  Launch launch = Launch::kServe;
  Status parsed = ParseCommandLine(
      args, [](const char* key) { return getenv(key); }, &launch, &config);
  if (!parsed.ok()) {
    // The format of `containerless serve`'s usage errors (this is that command's process).
    fprintf(stderr, "containerless: %s\n\n%s", parsed.message().c_str(), UsageText());
    return 2;
  }
  if (launch == Launch::kHelp) {
    fputs(UsageText(), stdout);
    return 0;
  }
  if (launch == Launch::kNodeEngine) ExecNodeEngine(config);
  // A Node.js or compiler that cannot run is a bad setting too: said now, in one line, rather
  // than as a failure of every request (or every compilation) later.
  Status programs = CheckPrograms(config, [](const char* key) { return getenv(key); });
  if (!programs.ok()) {
    fprintf(stderr, "containerless: %s\n", programs.message().c_str());
    return 2;
  }
  if (!EventLog::Open(config.log_file)) {
    Fail(1, "cannot open CONTAINERLESS_LOG_FILE " + config.log_file);
  }
  if (config.mode == EngineMode::kAuto) {
    // Not fatal: the cache only saves compilations, and a read-only folder of handlers built
    // elsewhere is still read. One event now; each store that fails says why again.
    Status cache = PrepareCacheDir(config.cache_dir);
    if (!cache.ok()) LogError(cache.message() + "; handlers are not stored there");
  }
  // A client that goes away mid-reply must be an error code, not the end of the process.
  signal(SIGPIPE, SIG_IGN);
  // A handler that faults (a stack overflow, a bad access) is logged and dropped from the handler
  // cache before the process ends (crash_guard.h).
  Status guarded = InstallCrashGuard();
  if (!guarded.ok()) LogError("no crash guard: " + guarded.message());
  // Until the signal handlers exist a SIGTERM simply ends the process, which is right then too.
  if (exit_with_parent) ExitWithParent();

  App app;
  app.loop = uv_default_loop();
  app.work_dir = MakeWorkDir();
  if (app.work_dir.empty()) Fail(1, "cannot create a private directory under $TMPDIR");

  Runtime runtime(app.loop, config, app.work_dir);
  ServerLimits limits;
  limits.body_limit = config.body_limit;
  limits.request_timeout_ms = config.request_timeout_ms;
  limits.idle_timeout_ms = config.idle_timeout_ms;
  limits.body_timeout_ms = static_cast<uint64_t>(config.body_timeout_ms);
  Server server(app.loop, &runtime, limits);
  // Activation logs are written once per loop turn, just before that turn's replies.
  ActivationLog::SetDeferred(true, [&server]() { server.ArmFlush(); });
  server.SetBeforeReplies([]() { ActivationLog::FlushDeferred(); });
  app.server = &server;
  app.runtime = &runtime;
  // Signals are handled (delivered on the loop) before any child exists, so that a SIGTERM from
  // now on always stops the children and removes the private directory.
  uv_signal_init(app.loop, &app.sigterm);
  uv_signal_init(app.loop, &app.sigint);
  app.sigterm.data = &app;
  app.sigint.data = &app;
  uv_signal_start(&app.sigterm, OnSignal, SIGTERM);
  uv_signal_start(&app.sigint, OnSignal, SIGINT);
  std::error_code ignored;
  Status s = server.Listen(config.host, config.port);
  if (!s.ok()) {
    std::filesystem::remove_all(app.work_dir, ignored);
    Fail(1, s.message());
  }
  s = runtime.Start();
  if (!s.ok()) {
    std::filesystem::remove_all(app.work_dir, ignored);
    Fail(1, s.message());
  }
  LogInfo(std::string("listening on port ") + std::to_string(server.port()) + ", engine " +
          (config.mode == EngineMode::kNative ? "native" : "auto"));

  uv_run(app.loop, UV_RUN_DEFAULT);
  ActivationLog::FlushDeferred();
  RemoveWorkDir(app.work_dir);
  return 0;
}

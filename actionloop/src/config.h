// The runtime's settings: command-line options and CONTAINERLESS_* environment, checked once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "status.h"

namespace containerless::runtime {

enum class EngineMode {
  kAuto,    // Node engine child while tracing, native once a handler is built
  kNative,  // a precompiled handler only, no Node.js; an abort answers 503
};

struct Config {
  EngineMode mode = EngineMode::kAuto;
  int port = 8080;
  std::string host;          // empty: "::" (all interfaces, IPv6 and IPv4), else "0.0.0.0"
  std::string handler_path;  // --handler: the precompiled handler of --engine native
  std::string repo;          // the Containerless checkout: bin/containerless, build/compiler/
  // The command line without the runtime's own --repo (what --engine node passes on to Node.js).
  std::vector<std::string> serve_args;
  size_t body_limit = 48u * 1024 * 1024;
  std::string node = "node";  // the Node.js binary that runs the engine
  bool engine_trace = true;   // start the engine with --trace (private trace endpoints)
  // V8's --stack-size (KiB) of a tracing engine: -1 chooses it from RLIMIT_STACK
  // (EngineStackKb in node_engine.cc), 0 leaves V8's default.
  int engine_stack_kb = -1;
  int compile_after = 20;  // traced activations before compiling; 0 disables
  std::string compiler;    // containerless-compile (DefaultCompiler)
  int compiler_nice = 19;
  std::string log_file;
  std::string cache_dir;  // CONTAINERLESS_CACHE_DIR: handlers by /init code, shared across runs
  int demote_after = 10;
  int slower_after = 50;  // native answers measured before demoting a slower handler; 0 = never  //
                          // consecutive aborts before going back to Node.js for good; 0 = never
  bool allow_concurrent = false;
  int engine_start_timeout_ms = 15000;
  int request_timeout_ms = 60000;  // a request head not fully received by then gets 408
  int body_timeout_ms = 300000;    // a whole request not received by then gets 408; 0 = never
  int idle_timeout_ms = 120000;    // an idle keep-alive connection is closed after this
  int engine_idle_ms = 0;  // once native, stop the Node engine after this long unused; 0 = never
  uint64_t fuel = 0;       // handler limits, 0 = the handler's default
  uint64_t memory_bytes = 0;
  // CONTAINERLESS_FETCH_MAX_MB: the largest fetch response body a native activation may read.
  size_t fetch_max_bytes = 64u * 1024 * 1024;
};

// Reads an environment variable; returns nullptr when unset. Injected so tests need no setenv.
using EnvLookup = std::function<const char*(const char*)>;

// What a command line asks the executable to do.
enum class Launch {
  kServe,       // run the native runtime with the Config
  kHelp,        // print UsageText() on stdout and exit 0
  kNodeEngine,  // --engine node: exec Node.js on <repo>/bin/containerless serve with serve_args
};

// Parses `containerless serve`'s command line (without the program name; the options of
// serve_options.inc, plus the runtime's own --repo DIR) and the environment into *config and
// *launch. A usage error is an error Status with the message serve.js prints for the same
// command line (bin/commands/serve.test.js compares them), checked in the same order.
Status ParseCommandLine(const std::vector<std::string>& args, const EnvLookup& env, Launch* launch,
                        Config* config);

// ParseCommandLine for a command line that must serve natively: --help and --engine node are
// errors too.
Status ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config* config);

// The programs the settings name, checked once the command line is parsed (main.cc exits 2 with
// the message): with --engine auto, the Node.js binary (CONTAINERLESS_NODE, else node on $PATH)
// and a CONTAINERLESS_COMPILER given explicitly (while compilations are on) must be executable.
// The default compiler may be missing (a build without it): the compile trigger then says so.
Status CheckPrograms(const Config& config, const EnvLookup& env);

// Creates CONTAINERLESS_CACHE_DIR's handler folder (<dir>/runtime) if needed; an error says why
// it cannot be (the reason with its errno text). Not fatal for the caller: the cache is an
// optimisation, and a read-only directory of handlers built elsewhere is still read.
Status PrepareCacheDir(const std::string& cache_dir);

// Parses a whole decimal number from min to max, strictly (digits only, no sign, no spaces, no
// suffix): "NAME must be an integer from MIN to MAX, got "TEXT"" otherwise. Shared with the
// ActionLoop launcher, so that both executables read a setting the same way.
Status ParseIntSetting(const std::string& name, const std::string& text, long long min,
                       long long max, long long* out);

// The help text: `containerless serve --help`, the same text serve.js prints (serve_options.inc).
const char* UsageText();

// The checkout the executable belongs to (<repo>/build/actionloop/containerless-runtime), or "".
std::string RepoFromExecutable();

// The compiler: the one of this executable's build tree (<build>/compiler/containerless-compile),
// else <repo>/build/compiler/containerless-compile.
std::string DefaultCompiler(const std::string& repo);

}  // namespace containerless::runtime

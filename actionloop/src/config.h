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
  size_t body_limit = 48u * 1024 * 1024;
  std::string node = "node";  // the Node.js binary that runs the engine
  bool engine_trace = true;   // start the engine with --trace (private trace endpoints)
  int compile_after = 20;     // traced activations before compiling; 0 disables
  std::string compiler;       // containerless-compile (DefaultCompiler)
  int compiler_nice = 19;
  std::string log_file;
  std::string cache_dir;  // CONTAINERLESS_CACHE_DIR: handlers by /init code, shared across runs
  int demote_after = 10;
  int slower_after = 50;  // native answers measured before demoting a slower handler; 0 = never  //
                          // consecutive aborts before going back to Node.js for good; 0 = never
  bool allow_concurrent = false;
  int engine_start_timeout_ms = 15000;
  int request_timeout_ms = 60000;  // a request not fully received by then gets 408
  int idle_timeout_ms = 120000;    // an idle keep-alive connection is closed after this
  int engine_idle_ms = 0;  // once native, stop the Node engine after this long unused; 0 = never
  uint64_t fuel = 0;       // handler limits, 0 = the handler's default
  uint64_t memory_bytes = 0;
};

// Reads an environment variable; returns nullptr when unset. Injected so tests need no setenv.
using EnvLookup = std::function<const char*(const char*)>;

// Parses argv (without the program name) and the environment into *config. A usage error is an
// error Status whose message says what is wrong.
Status ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config* config);

// The help text of the runtime executable (`containerless serve --help` documents the same).
const char* UsageText();

// The checkout the executable belongs to (<repo>/build/actionloop/containerless-runtime), or "".
std::string RepoFromExecutable();

// The compiler: the one of this executable's build tree (<build>/compiler/containerless-compile),
// else <repo>/build/compiler/containerless-compile.
std::string DefaultCompiler(const std::string& repo);

}  // namespace containerless::runtime

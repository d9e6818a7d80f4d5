// Parses the runtime's options and environment into a Config, with a clear message per usage error.
#include "config.h"

#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include "child_exec.h"

#include "serve_options.inc"

namespace containerless::runtime {
namespace {

bool ParseInt(const std::string& text, long long min, long long max, long long* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  errno = 0;
  char* end = nullptr;
  long long value = strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || value < min || value > max) return false;
  *out = value;
  return true;
}

Status IntSetting(const std::string& name, const std::string& text, long long min, long long max,
                  long long* out) {
  return ParseIntSetting(name, text, min, max, out);
}

bool FileExists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

}  // namespace

Status ParseIntSetting(const std::string& name, const std::string& text, long long min,
                       long long max, long long* out) {
  if (!ParseInt(text, min, max, out)) {
    return Status::Error(name + " must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got \"" + text + "\"");
  }
  return Status::Ok();
}

Status CheckPrograms(const Config& config, const EnvLookup& env) {
  if (config.mode != EngineMode::kAuto) return Status::Ok();
  const char* path_env = env("PATH");
  std::string resolved;
  const char* node = env("CONTAINERLESS_NODE");
  Status found = FindExecutable(config.node, path_env, &resolved);
  if (!found.ok()) {
    // Found now, not at the first request: a missing binary would otherwise fail every request.
    if (node != nullptr && *node != '\0') {
      return Status::Error("CONTAINERLESS_NODE=" + config.node + ": " + found.message());
    }
    return Status::Error("cannot run the Node engine: " + config.node + " " + found.message() +
                         " (set CONTAINERLESS_NODE to a Node.js binary)");
  }
  const char* compiler = env("CONTAINERLESS_COMPILER");
  if (config.compile_after > 0 && compiler != nullptr && *compiler != '\0') {
    found = FindExecutable(config.compiler, path_env, &resolved);
    if (!found.ok()) {
      return Status::Error("CONTAINERLESS_COMPILER=" + config.compiler + ": " + found.message());
    }
  }
  return Status::Ok();
}

Status PrepareCacheDir(const std::string& cache_dir) {
  if (cache_dir.empty()) return Status::Ok();
  std::error_code error;
  std::filesystem::create_directories(cache_dir + "/runtime", error);
  if (error) {
    return Status::Error("cannot create the handler cache CONTAINERLESS_CACHE_DIR=" + cache_dir +
                         ": " + error.message());
  }
  return Status::Ok();
}

const char* UsageText() {
  return kServeHelp;
}

std::string ExecutableDir() {
  char buffer[4096];
  size_t size = sizeof buffer;
  if (uv_exepath(buffer, &size) != 0) return "";
  std::string path(buffer, size);
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string RepoFromExecutable() {
  // <repo>/build/actionloop/containerless-runtime: the nearest ancestor holding bin/containerless
  // (a few levels, for other layouts of the build tree).
  std::string path = ExecutableDir();
  for (int i = 0; i < 4 && !path.empty(); ++i) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return "";
    path.resize(slash);
    if (FileExists(path + "/bin/containerless")) return path;
  }
  return "";
}

std::string DefaultCompiler(const std::string& repo) {
  // The compiler of the same build tree first (build/compiler/ beside build/actionloop/), so a
  // runtime built elsewhere pairs with its own compiler; then the checkout's.
  std::string exe_dir = ExecutableDir();
  std::string sibling = exe_dir.empty() ? "" : exe_dir + "/../compiler/containerless-compile";
  if (!sibling.empty() && FileExists(sibling)) return sibling;
  return repo.empty() ? sibling : repo + "/build/compiler/containerless-compile";
}

namespace {

const ServeOption* FindServeOption(const std::string& name) {
  for (const ServeOption& o : kServeOptions) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

bool AllDigits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Status ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config* config) {
  Launch launch = Launch::kServe;
  Status s = ParseCommandLine(args, env, &launch, config);
  if (!s.ok()) return s;
  if (launch == Launch::kHelp) return Status::Error("--help asks for the help text");
  if (launch == Launch::kNodeEngine) return Status::Error("--engine node runs in Node.js");
  return Status::Ok();
}

Status ParseCommandLine(const std::vector<std::string>& args, const EnvLookup& env, Launch* launch,
                        Config* config) {
  Config c;
  // The generic pass, as bin/commands/options.js parses: --name VALUE, --name=VALUE, flags, and
  // -h/--help as soon as it is met.
  std::map<std::string, std::string> given;
  bool help = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      help = true;
      break;
    }
    size_t eq = arg.rfind("--", 0) == 0 ? arg.find('=') : std::string::npos;
    std::string name = eq != std::string::npos ? arg.substr(0, eq) : arg;
    if (name == "--repo") {
      // The runtime's own option (the sh front of bin/containerless passes it); not serve's.
      if (eq != std::string::npos) {
        c.repo = arg.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        c.repo = args[++i];
      } else {
        return Status::Error("--repo needs a value");
      }
      continue;
    }
    const ServeOption* option = FindServeOption(name);
    if (option == nullptr) return Status::Error("unknown option for serve: " + arg);
    c.serve_args.push_back(arg);
    if (option->flag) {
      if (eq != std::string::npos) return Status::Error(name + " takes no value");
      given[option->key] = "true";
    } else if (eq != std::string::npos) {
      given[option->key] = arg.substr(eq + 1);
    } else if (i + 1 >= args.size()) {
      return Status::Error(name + " needs a value");
    } else {
      given[option->key] = args[++i];
      c.serve_args.push_back(args[i]);
    }
  }
  if (c.repo.empty()) {
    c.repo = RepoFromExecutable();
  } else {
    // "<dir>/bin/..", as the sh front passes it, or a relative path: the Node engine child and
    // the compiler get it as an absolute path.
    std::error_code error;
    std::filesystem::path canonical = std::filesystem::canonical(c.repo, error);
    if (!error) c.repo = canonical.string();
  }
  if (help) {
    *launch = Launch::kHelp;
    *config = std::move(c);
    return Status::Ok();
  }
  auto option = [&](const char* key) -> const std::string* {
    auto it = given.find(key);
    return it == given.end() ? nullptr : &it->second;
  };
  // The checks of bin/commands/serve.js, in its order and with its messages.
  std::string engine = option("engine") != nullptr ? *option("engine") : "auto";
  if (option("trace") != nullptr && engine != "node") {
    return Status::Error("--trace is only for --engine node (auto traces by itself)");
  }
  if (engine == "node") {
    if (c.repo.empty()) {
      return Status::Error(
          "cannot find the Containerless checkout (bin/containerless) to run the Node engine; "
          "pass --repo DIR");
    }
    *launch = Launch::kNodeEngine;
    *config = std::move(c);
    return Status::Ok();
  }
  if (engine == "auto") {
    c.mode = EngineMode::kAuto;
  } else if (engine == "native") {
    c.mode = EngineMode::kNative;
  } else {
    return Status::Error("unknown engine \"" + engine + "\" (expected node, auto or native)");
  }
  if (option("socket") != nullptr) {
    return Status::Error("--socket is not supported with --engine " + engine);
  }
  const std::string* handler = option("handler");
  if (c.mode == EngineMode::kNative && handler == nullptr) {
    return Status::Error("--engine native needs --handler PATH");
  }
  if (c.mode == EngineMode::kAuto && handler != nullptr) {
    return Status::Error("--handler is only for --engine native");
  }
  if (handler != nullptr) {
    if (handler->empty() || !FileExists(*handler)) {
      return Status::Error("--handler " + *handler + ": no such file");
    }
    std::error_code ignored;
    c.handler_path = std::filesystem::absolute(*handler, ignored).string();
  }
  long long number = 0;
  bool port_given = false;
  if (const std::string* port = option("port")) {
    if (!AllDigits(*port) || !ParseInt(*port, 0, 65535, &number)) {
      return Status::Error("--port must be a port number from 0 to 65535, got \"" + *port + "\"");
    }
    c.port = static_cast<int>(number);
    port_given = true;
  }
  if (const std::string* host = option("host")) c.host = *host;
  if (const std::string* limit = option("bodyLimitMb")) {
    if (!ParseInt(*limit, 1, kMaxBodyLimitMb, &number)) {
      return Status::Error("--body-limit must be a whole number of MiB from 1 to " +
                           std::to_string(kMaxBodyLimitMb) + " with --engine " + engine +
                           ", got \"" + *limit + "\"");
    }
    c.body_limit = static_cast<size_t>(number) * 1024 * 1024;
  }

  auto get = [&](const char* key) -> std::string {
    const char* v = env(key);
    return v == nullptr ? std::string() : std::string(v);
  };
  if (!port_given && !get("PORT").empty()) {
    Status s = IntSetting("PORT", get("PORT"), 0, 65535, &number);
    if (!s.ok()) return s;
    c.port = static_cast<int>(number);
  }
  struct IntEnv {
    const char* key;
    long long min, max;
    int* target;
  };
  for (const IntEnv& e :
       {IntEnv{"CONTAINERLESS_COMPILE_AFTER", 0, 1000000000, &c.compile_after},
        IntEnv{"CONTAINERLESS_DEMOTE_AFTER", 0, 1000000000, &c.demote_after},
        IntEnv{"CONTAINERLESS_SLOWER_AFTER", 0, 1000000000, &c.slower_after},
        IntEnv{"CONTAINERLESS_COMPILER_NICE", 0, 19, &c.compiler_nice},
        IntEnv{"CONTAINERLESS_ENGINE_START_TIMEOUT_MS", 1, 600000, &c.engine_start_timeout_ms},
        IntEnv{"CONTAINERLESS_REQUEST_TIMEOUT_MS", 1, 3600000, &c.request_timeout_ms},
        IntEnv{"CONTAINERLESS_BODY_TIMEOUT_MS", 0, 86400000, &c.body_timeout_ms},
        IntEnv{"CONTAINERLESS_IDLE_TIMEOUT_MS", 1, 86400000, &c.idle_timeout_ms},
        IntEnv{"CONTAINERLESS_ENGINE_IDLE_MS", 0, 86400000, &c.engine_idle_ms},
        IntEnv{"CONTAINERLESS_ENGINE_STACK_KB", 0, 1048576, &c.engine_stack_kb}}) {
    std::string text = get(e.key);
    if (text.empty()) continue;
    Status s = IntSetting(e.key, text, e.min, e.max, &number);
    if (!s.ok()) return s;
    *e.target = static_cast<int>(number);
  }
  if (!get("CONTAINERLESS_FUEL").empty()) {
    Status s = IntSetting("CONTAINERLESS_FUEL", get("CONTAINERLESS_FUEL"), 0, 1000000000000000000LL,
                          &number);
    if (!s.ok()) return s;
    c.fuel = static_cast<uint64_t>(number);
  }
  if (!get("CONTAINERLESS_MEMORY_MB").empty()) {
    Status s =
        IntSetting("CONTAINERLESS_MEMORY_MB", get("CONTAINERLESS_MEMORY_MB"), 0, 1 << 20, &number);
    if (!s.ok()) return s;
    c.memory_bytes = static_cast<uint64_t>(number) * 1024 * 1024;
  }
  if (!get("CONTAINERLESS_FETCH_MAX_MB").empty()) {
    Status s = IntSetting("CONTAINERLESS_FETCH_MAX_MB", get("CONTAINERLESS_FETCH_MAX_MB"), 1,
                          1 << 16, &number);
    if (!s.ok()) return s;
    c.fetch_max_bytes = static_cast<size_t>(number) * 1024 * 1024;
  }
  std::string trace = get("CONTAINERLESS_ENGINE_TRACE");
  if (!trace.empty()) {
    if (trace != "0" && trace != "1") {
      return Status::Error("CONTAINERLESS_ENGINE_TRACE must be 0 or 1, got \"" + trace + "\"");
    }
    c.engine_trace = trace == "1";
  }
  std::string concurrent = get("__OW_ALLOW_CONCURRENT");
  for (char& ch : concurrent) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
  c.allow_concurrent = concurrent == "true";
  c.log_file = get("CONTAINERLESS_LOG_FILE");
  c.cache_dir = get("CONTAINERLESS_CACHE_DIR");
  if (!get("CONTAINERLESS_NODE").empty()) c.node = get("CONTAINERLESS_NODE");

  c.compiler = get("CONTAINERLESS_COMPILER");
  if (c.compiler.empty()) c.compiler = DefaultCompiler(c.repo);
  if (c.mode == EngineMode::kAuto && c.repo.empty()) {
    return Status::Error(
        "cannot find the Containerless checkout (bin/containerless) to start the Node engine; "
        "pass --repo DIR");
  }
  *launch = Launch::kServe;
  *config = std::move(c);
  return Status::Ok();
}

}  // namespace containerless::runtime

// Parses the runtime's options and environment into a Config, with a clear message per usage error.
#include "config.h"

#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <cstdlib>

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
  if (!ParseInt(text, min, max, out)) {
    return Status::Error(name + " must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got \"" + text + "\"");
  }
  return Status::Ok();
}

bool FileExists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

}  // namespace

const char* UsageText() {
  return R"(Usage: containerless-runtime [--engine auto|native] [--port N] [--host ADDR]
                             [--handler PATH] [--repo DIR] [--body-limit MB]

The native runtime of Containerless: serves POST /init, POST /run and GET /metrics on HTTP/1.1.
  --engine auto     start the Node engine as a child, forward to it while tracing, compile the
                    trace and serve natively once the handler is built (default)
  --engine native   serve the precompiled --handler without Node.js; an abort answers 503
Environment: PORT, __OW_ALLOW_CONCURRENT, CONTAINERLESS_COMPILE_AFTER, CONTAINERLESS_COMPILER,
CONTAINERLESS_COMPILER_NICE, CONTAINERLESS_DEMOTE_AFTER, CONTAINERLESS_LOG_FILE, CONTAINERLESS_NODE,
CONTAINERLESS_ENGINE_TRACE, CONTAINERLESS_ENGINE_START_TIMEOUT_MS, CONTAINERLESS_FUEL,
CONTAINERLESS_MEMORY_MB, CONTAINERLESS_REQUEST_TIMEOUT_MS, CONTAINERLESS_IDLE_TIMEOUT_MS,
CONTAINERLESS_CACHE_DIR, CONTAINERLESS_SLOWER_AFTER, CONTAINERLESS_ENGINE_IDLE_MS
(see docs/operations.md, "Native runtime").
)";
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

Status ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config* config) {
  Config c;
  bool port_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::string value;
    bool inline_value = false;
    size_t eq = name.find('=');
    if (name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      inline_value = true;
    }
    auto take = [&]() -> bool {
      if (inline_value) return true;
      if (i + 1 >= args.size()) return false;
      value = args[++i];
      return true;
    };
    long long number = 0;
    if (name == "--engine") {
      if (!take()) return Status::Error("--engine needs a value");
      if (value == "auto") {
        c.mode = EngineMode::kAuto;
      } else if (value == "native") {
        c.mode = EngineMode::kNative;
      } else {
        return Status::Error("unknown engine \"" + value + "\" (expected auto or native)");
      }
    } else if (name == "--port") {
      if (!take()) return Status::Error("--port needs a value");
      Status s = IntSetting("--port", value, 0, 65535, &number);
      if (!s.ok()) return s;
      c.port = static_cast<int>(number);
      port_given = true;
    } else if (name == "--host") {
      if (!take()) return Status::Error("--host needs a value");
      c.host = value;
    } else if (name == "--handler") {
      if (!take()) return Status::Error("--handler needs a value");
      c.handler_path = value;
    } else if (name == "--repo") {
      if (!take()) return Status::Error("--repo needs a value");
      c.repo = value;
    } else if (name == "--body-limit") {
      if (!take()) return Status::Error("--body-limit needs a value");
      Status s = IntSetting("--body-limit", value, 1, 4096, &number);
      if (!s.ok()) return s;
      c.body_limit = static_cast<size_t>(number) * 1024 * 1024;
    } else {
      return Status::Error("unknown option: " + args[i]);
    }
  }

  auto get = [&](const char* key) -> std::string {
    const char* v = env(key);
    return v == nullptr ? std::string() : std::string(v);
  };
  long long number = 0;
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
        IntEnv{"CONTAINERLESS_IDLE_TIMEOUT_MS", 1, 86400000, &c.idle_timeout_ms},
        IntEnv{"CONTAINERLESS_ENGINE_IDLE_MS", 0, 86400000, &c.engine_idle_ms}}) {
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

  if (c.repo.empty()) c.repo = RepoFromExecutable();
  c.compiler = get("CONTAINERLESS_COMPILER");
  if (c.compiler.empty()) c.compiler = DefaultCompiler(c.repo);
  if (c.mode == EngineMode::kNative && c.handler_path.empty()) {
    return Status::Error("--engine native needs --handler PATH (a compiled handler library)");
  }
  if (c.mode == EngineMode::kAuto && !c.handler_path.empty()) {
    return Status::Error("--handler is only for --engine native");
  }
  if (c.mode == EngineMode::kAuto && c.repo.empty()) {
    return Status::Error(
        "cannot find the Containerless checkout (bin/containerless) to start the Node engine; "
        "pass --repo DIR");
  }
  *config = std::move(c);
  return Status::Ok();
}

}  // namespace containerless::runtime

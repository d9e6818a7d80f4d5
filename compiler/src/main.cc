// containerless-compile: the command-line front of the compiler (argument parsing and exit codes).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "driver.h"
#include "files.h"

namespace containerless::compiler {
namespace {

const char kHelp[] = R"(Usage: containerless-compile TRACE.json -o HANDLER.so [options]
       containerless-compile TRACE.json --emit-rust DIR

Compiles a Containerless trace (docs/trace-ir.md, version 1) into a native handler: a shared
library with the entry point of docs/handler-abi.md, built by rustc against the runtime crate.

Options:
  -o HANDLER.so       Where to write the handler. Without -o, --emit-rust is required and
                      only the Rust source is written.
  --emit-rust DIR     Also write the generated crate (handler.rs, lib.rs) into DIR.
  --cache-dir DIR     Content-addressed handler cache (default: $CONTAINERLESS_CACHE_DIR;
                      none when unset). A hit skips rustc.
  --runtime-dir DIR   The runtime crate's directory, holding target/release/
                      libcontainerless_rt.rlib (default: $CONTAINERLESS_RUNTIME_DIR, else the
                      compiler/runtime of this source tree).
  --opt-level N       rustc's -C opt-level (default: %s, chosen by measurement; see
                      docs/compiler.md).
  --timeout SECONDS   Stop rustc after this long (default: 120).
  --merge-with OLD.json
                      First merge TRACE.json with OLD.json, a trace of the same action (the
                      union of their traced paths; docs/trace-ir.md, "Merging traces"), and
                      compile the result. The native runtime uses it when its Node engine
                      restarted and began a new trace.
  --trace-out FILE    Write the trace that is compiled (after any merge) to FILE.
  -v, --verbose       Progress on stderr.
  -h, --help          Show this help.

Environment: RUSTC (the rustc to run), CONTAINERLESS_CACHE_DIR, CONTAINERLESS_RUNTIME_DIR.

Exit status:
  0  the handler (or the Rust source) was written
  2  usage error
  3  the trace is invalid (the message gives its location, e.g. /main/body/3/value)
  4  the trace is valid but must stay in Node.js (compilable: false, main writes module state)
  5  the build failed (rustc error or timeout, runtime crate not built)
  6  a file could not be read or written
  70 internal error
)";

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return 0;
    case ErrorCode::kUsage:
      return 2;
    case ErrorCode::kSyntax:
    case ErrorCode::kVersion:
    case ErrorCode::kMissingField:
    case ErrorCode::kWrongType:
    case ErrorCode::kUnknownKind:
    case ErrorCode::kBadValue:
    case ErrorCode::kUndeclaredName:
    case ErrorCode::kDuplicateName:
    case ErrorCode::kUnknownLabel:
    case ErrorCode::kMisplaced:
      return 3;
    case ErrorCode::kNotCompilable:
    case ErrorCode::kModuleWrite:
      return 4;
    case ErrorCode::kRustc:
    case ErrorCode::kRuntimeMissing:
      return 5;
    case ErrorCode::kIo:
      return 6;
    case ErrorCode::kInternal:
      return 70;
  }
  return 70;
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "containerless-compile: %s\nTry --help.\n", message.c_str());
  return 2;
}

// The runtime crate next to this binary's source tree: build/compiler/containerless-compile
// -> compiler/runtime, falling back to the source directory CMake configured.
std::string DefaultRuntimeDir() {
  if (const char* env = std::getenv("CONTAINERLESS_RUNTIME_DIR"); env && *env) return env;
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::string path(exe, static_cast<size_t>(n));
    std::string dir = path.substr(0, path.rfind('/'));
    std::string candidate = dir + "/../../compiler/runtime";
    if (FileExists(candidate + "/Cargo.toml")) return candidate;
  }
  return CONTAINERLESS_SOURCE_RUNTIME_DIR;
}

// Under memory pressure (an OpenWhisk container's cgroup limit, 256 MB by default) the kernel
// must kill the compiler, never the server or the Node engine: a failed compile only leaves the
// action in Node.js. rustc inherits the score. Raising one's own score needs no privilege; where
// /proc is missing the compile simply goes on.
void VolunteerForOomKiller() {
  int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  static const char kMax[] = "1000";
  ssize_t written = write(fd, kMax, sizeof kMax - 1);
  (void)written;
  close(fd);
}

int Main(int argc, char** argv) {
  VolunteerForOomKiller();
  CompileOptions options;
  int timeout_s = 120;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string text;
    if (arg == "-h" || arg == "--help") {
      std::printf(kHelp, kDefaultOptLevel);
      return 0;
    } else if (arg == "-v" || arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "-o") {
      if (!value(&options.out_so)) return Usage("-o needs a file name");
    } else if (arg == "--emit-rust") {
      if (!value(&options.emit_rust_dir)) return Usage("--emit-rust needs a directory");
    } else if (arg == "--cache-dir") {
      if (!value(&options.cache_dir)) return Usage("--cache-dir needs a directory");
    } else if (arg == "--runtime-dir") {
      if (!value(&options.runtime_dir)) return Usage("--runtime-dir needs a directory");
    } else if (arg == "--opt-level") {
      if (!value(&options.build.opt_level)) return Usage("--opt-level needs a value");
      const std::string& o = options.build.opt_level;
      if (o != "0" && o != "1" && o != "2" && o != "3" && o != "s" && o != "z") {
        return Usage("--opt-level must be 0, 1, 2, 3, s or z");
      }
    } else if (arg == "--merge-with") {
      if (!value(&options.merge_with)) return Usage("--merge-with needs a trace file");
    } else if (arg == "--trace-out") {
      if (!value(&options.trace_out)) return Usage("--trace-out needs a file name");
    } else if (arg == "--timeout") {
      if (!value(&text)) return Usage("--timeout needs a number of seconds");
      timeout_s = std::atoi(text.c_str());
      if (timeout_s <= 0) return Usage("--timeout must be a positive number of seconds");
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage("unknown option " + arg);
    } else if (options.trace_path.empty()) {
      options.trace_path = arg;
    } else {
      return Usage("more than one trace file given (" + options.trace_path + ", " + arg + ")");
    }
  }
  if (options.trace_path.empty()) return Usage("no trace file given");
  if (options.out_so.empty() && options.emit_rust_dir.empty()) {
    return Usage("nothing to do: give -o HANDLER.so and/or --emit-rust DIR");
  }
  if (options.cache_dir.empty()) {
    if (const char* env = std::getenv("CONTAINERLESS_CACHE_DIR"); env && *env) {
      options.cache_dir = env;
    }
  }
  if (options.runtime_dir.empty()) options.runtime_dir = DefaultRuntimeDir();
  options.build.timeout_ms = timeout_s * 1000;

  CompileReport report;
  Status s = CompileTraceFile(options, &report);
  if (!s.ok()) {
    const char* subject = options.trace_path.c_str();
    std::fprintf(stderr, "containerless-compile: %s: %s\n", subject, s.ToString().c_str());
    if (!report.rustc_output.empty()) std::fprintf(stderr, "%s", report.rustc_output.c_str());
    return ExitCodeFor(s.code());
  }
  if (options.verbose && !report.rustc_output.empty()) {
    std::fprintf(stderr, "%s", report.rustc_output.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace containerless::compiler

int main(int argc, char** argv) {
  return containerless::compiler::Main(argc, argv);
}

// The builder: runs rustc as a child process with a timeout to turn a handler crate into a cdylib.
#include "builder.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "files.h"
#include "process.h"

namespace containerless::compiler {

Status FindRuntimeCrate(const std::string& runtime_dir, RuntimeCrate* out) {
  const char* kRlib = "libcontainerless_rt.rlib";
  for (const std::string& dir : {runtime_dir + "/target/release", runtime_dir}) {
    if (FileExists(dir + "/" + kRlib)) {
      out->rlib = dir + "/" + kRlib;
      out->deps_dir = dir + "/deps";
      return Status::Ok();
    }
  }
  return Status::Error(
      ErrorCode::kRuntimeMissing, "",
      "the runtime crate is not built: no " + std::string(kRlib) + " in " + runtime_dir +
          "/target/release. Build it with `make build` (scripts/build.sh runs `cargo build "
          "--offline --release --manifest-path compiler/runtime/Cargo.toml`), or point "
          "--runtime-dir at the crate's directory");
}

std::string DefaultRustc() {
  if (const char* env = std::getenv("RUSTC"); env && *env) return env;
  if (const char* path = std::getenv("PATH")) {
    std::string dirs = path;
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      std::string candidate = dirs.substr(start, end - start) + "/rustc";
      if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  if (const char* home = std::getenv("HOME")) {
    std::string rustup = std::string(home) + "/.cargo/bin/rustc";
    if (access(rustup.c_str(), X_OK) == 0) return rustup;
  }
  return "rustc";
}

Status WriteCrate(const std::string& dir, const std::string& handler_rs,
                  const std::string& lib_rs) {
  if (Status s = MakeDirs(dir); !s.ok()) return s;
  if (Status s = WriteFileAtomic(dir + "/handler.rs", handler_rs); !s.ok()) return s;
  return WriteFileAtomic(dir + "/lib.rs", lib_rs);
}

std::string HostTargetFeatures() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (__builtin_cpu_supports("sse4.1")) return "+sse4.1";
#endif
  return "";
}

Status BuildCdylib(const BuildOptions& options, const RuntimeCrate& runtime, const std::string& dir,
                   const std::string& out_so, std::string* log) {
  std::string tmp = out_so + ".tmp." + std::to_string(getpid());
  // One flag and its value per line, as a shell command would be written.
  std::vector<std::string> argv = {options.rustc.empty() ? DefaultRustc() : options.rustc};
  auto add = [&argv](const std::string& flag, const std::string& value) {
    argv.push_back(flag);
    argv.push_back(value);
  };
  add("--crate-name", "containerless_handler");
  add("--crate-type", "cdylib");
  add("--edition", "2021");
  add("-C", "opt-level=" + options.opt_level);
  // LLVM's default (225 at this level) leaves the drop glue of the crate's Value a call: every
  // assignment to a boxed local then calls it, even for a number. 500 inlines it: the CPU
  // benchmark's strings action runs 40% faster (sieve 3% slower), for about 0.1-0.2 s more
  // rustc CPU (docs/compiler.md, "The builder").
  add("-C", "llvm-args=-inline-threshold=500");
  // SSE4.1's roundsd for Math.floor (floor_f64!), Math.ceil, Math.trunc: BFS 6% faster
  // (docs/compiler.md, "Performance"). Only when this CPU has it (the handler runs here).
  if (std::string features = HostTargetFeatures(); !features.empty()) {
    add("-C", "target-feature=" + features);
  }
  // No debug info, not even std's: the handler shrinks from ~5 MB to ~1 MB and links faster,
  // and nothing reads it (a panic's message survives: it becomes the abort's detail).
  add("-C", "debuginfo=0");
  add("-C", "strip=debuginfo");
  add("--extern", "containerless_rt=" + runtime.rlib);
  add("-L", "dependency=" + runtime.deps_dir);
  add("-o", tmp);
  argv.push_back(dir + "/lib.rs");

  if (options.verbose) {
    std::string line = "containerless-compile: running";
    for (const std::string& a : argv) line += " " + a;
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  ProcessResult result;
  if (Status s = RunProcess(argv, options.timeout_ms, &result); !s.ok()) return s;
  *log = result.output;
  if (result.timed_out) {
    unlink(tmp.c_str());
    return Status::Error(ErrorCode::kRustc, "",
                         "rustc did not finish within " +
                             std::to_string(options.timeout_ms / 1000) + " s and was stopped");
  }
  if (result.exit_code == 127 && result.output.find("exec failed") != std::string::npos) {
    return Status::Error(ErrorCode::kRustc, "",
                         "cannot run rustc (" + argv[0] +
                             "): install a Rust toolchain or set RUSTC; " + result.output);
  }
  if (result.exit_code != 0) {
    unlink(tmp.c_str());
    std::string how = result.signal ? "was killed by signal " + std::to_string(result.signal)
                                    : "exited with status " + std::to_string(result.exit_code);
    return Status::Error(ErrorCode::kRustc, "",
                         "rustc " + how + " building " + dir + "/lib.rs (its output follows)");
  }
  if (rename(tmp.c_str(), out_so.c_str()) != 0) {
    unlink(tmp.c_str());
    return Status::Error(ErrorCode::kIo, "", "cannot move the built handler to " + out_so);
  }
  return Status::Ok();
}

}  // namespace containerless::compiler

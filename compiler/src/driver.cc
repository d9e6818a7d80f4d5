// The compile pipeline (driver.h): the order of the steps and the cache decision, nothing else.
#include "driver.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "cache.h"
#include "emit_rust.h"
#include "files.h"
#include "passes.h"
#include "reader.h"
#include "sha256.h"
#include "trace_merge.h"

namespace containerless::compiler {

namespace {

void Progress(bool verbose, const std::string& message) {
  if (verbose) std::fprintf(stderr, "containerless-compile: %s\n", message.c_str());
}

}  // namespace

Status TraceToRust(const std::string& trace_json, std::string* handler_rs) {
  Trace trace;
  if (Status s = ReadTrace(trace_json, &trace); !s.ok()) return s;
  if (Status s = RunPasses(&trace); !s.ok()) return s;
  *handler_rs = EmitHandlerRs(trace, Sha256Hex(trace_json));
  return Status::Ok();
}

Status CompileTraceFile(const CompileOptions& options, CompileReport* report) {
  *report = CompileReport();
  std::string json;
  if (Status s = ReadFile(options.trace_path, &json); !s.ok()) return s;
  if (!options.merge_with.empty()) {
    std::string base;
    if (Status s = ReadFile(options.merge_with, &base); !s.ok()) return s;
    std::string merged;
    Status s = MergeTraces(base, json, &merged);
    if (!s.ok()) {
      return Status::Error(s.code(), s.path(),
                           "cannot merge it with " + options.merge_with + ": " + s.message());
    }
    Progress(options.verbose, "merged with " + options.merge_with);
    json = std::move(merged);
  }
  if (!options.trace_out.empty()) {
    if (Status s = WriteFileAtomic(options.trace_out, json); !s.ok()) return s;
  }
  std::string handler_rs;
  Progress(options.verbose, "reading " + options.trace_path);
  if (Status s = TraceToRust(json, &handler_rs); !s.ok()) return s;
  std::string lib_rs = EmitLibRs();
  if (!options.emit_rust_dir.empty()) {
    if (Status s = WriteCrate(options.emit_rust_dir, handler_rs, lib_rs); !s.ok()) return s;
    Progress(options.verbose, "wrote " + options.emit_rust_dir + "/handler.rs and lib.rs");
  }
  if (options.out_so.empty()) return Status::Ok();

  RuntimeCrate runtime;
  if (Status s = FindRuntimeCrate(options.runtime_dir, &runtime); !s.ok()) return s;

  // The cache: a hit skips rustc. The key covers the trace bytes, this compiler (and a
  // non-default opt level), and the exact runtime crate rlib the handler would link.
  std::string key;
  if (!options.cache_dir.empty()) {
    std::string runtime_identity;
    if (Status s = FileSha256(runtime.rlib, &runtime_identity); !s.ok()) return s;
    std::string compiler = CompilerIdentity() + " opt-level=" + options.build.opt_level +
                           " target-feature=" + HostTargetFeatures();
    key = CacheKey(json, compiler, runtime_identity);
    report->cache_key = key;
    HandlerCache cache(options.cache_dir);
    if (cache.Contains(key)) {
      report->cache_hit = true;
      Progress(options.verbose, "cache hit " + cache.PathFor(key));
      return CopyFileAtomic(cache.PathFor(key), options.out_so);
    }
    Progress(options.verbose, "cache miss " + key);
  }

  std::string dir = options.emit_rust_dir;
  bool temporary = dir.empty();
  if (temporary) {
    if (Status s = MakeTempDir("containerless-handler-", &dir); !s.ok()) return s;
    if (Status s = WriteCrate(dir, handler_rs, lib_rs); !s.ok()) {
      RemoveTree(dir);
      return s;
    }
  }
  auto start = std::chrono::steady_clock::now();
  BuildOptions build = options.build;
  build.verbose = options.verbose;
  Status built = BuildCdylib(build, runtime, dir, options.out_so, &report->rustc_output);
  report->rustc_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (temporary) RemoveTree(dir);
  if (!built.ok()) return built;
  Progress(options.verbose, "rustc took " + std::to_string(report->rustc_seconds) + " s");
  if (!key.empty()) {
    // A cache that cannot be written is not a failed compile: the handler is built.
    Status stored = HandlerCache(options.cache_dir).Store(key, options.out_so);
    if (!stored.ok()) Progress(true, "warning: cache not updated: " + stored.ToString());
  }
  return Status::Ok();
}

}  // namespace containerless::compiler

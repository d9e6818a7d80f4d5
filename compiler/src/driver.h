// The compile pipeline end to end: trace file -> IR -> passes -> Rust -> (cache | rustc) -> .so.
#pragma once

#include <string>

#include "builder.h"
#include "status.h"

namespace containerless::compiler {

// Reads and checks trace JSON, runs the passes and emits handler.rs (no rustc). The golden
// tests and --emit-rust use this.
Status TraceToRust(const std::string& trace_json, std::string* handler_rs);

struct CompileOptions {
  std::string trace_path;
  std::string out_so;         // empty: emit Rust only
  std::string emit_rust_dir;  // empty: a temporary directory, removed afterwards
  std::string cache_dir;      // empty: no cache
  std::string runtime_dir;    // the runtime crate's directory
  std::string merge_with;     // a trace of the same action to merge in first (trace_merge.h)
  std::string trace_out;      // where to write the trace compiled (after any merge)
  BuildOptions build;
  bool verbose = false;
};

struct CompileReport {
  bool cache_hit = false;
  std::string cache_key;
  std::string rustc_output;  // rustc's messages when it ran
  double rustc_seconds = 0;
};

Status CompileTraceFile(const CompileOptions& options, CompileReport* report);

}  // namespace containerless::compiler

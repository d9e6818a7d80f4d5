// The builder: writes the handler crate (handler.rs, lib.rs) and runs rustc to make the cdylib.
#pragma once

#include <string>

#include "status.h"

namespace containerless::compiler {

// The prebuilt runtime crate a handler links (scripts/build.sh builds it with cargo).
struct RuntimeCrate {
  std::string rlib;      // .../target/release/libcontainerless_rt.rlib
  std::string deps_dir;  // .../target/release/deps (for -L dependency=)
};

// Finds the rlib under `runtime_dir`, which is the crate's directory (compiler/runtime, with
// target/release/ in it) or a directory holding the rlib itself. kRuntimeMissing, with how to
// build it, when it is not there.
Status FindRuntimeCrate(const std::string& runtime_dir, RuntimeCrate* out);

// The optimisation level chosen by measurement (docs/compiler.md, "Choosing -C opt-level").
constexpr const char* kDefaultOptLevel = "2";

struct BuildOptions {
  std::string rustc;  // the rustc binary; see DefaultRustc
  std::string opt_level = kDefaultOptLevel;
  int timeout_ms = 120000;
  bool verbose = false;
};

// The `-C target-feature` value for this machine's CPU, "" when none: "+sse4.1" on an x86-64
// CPU that has it (Math.floor and friends become one `roundsd`; the handler is built and run on
// the same machine). Part of the cache key, so a handler is never shared with a CPU without it.
std::string HostTargetFeatures();

// $RUSTC when set, else `rustc` when it is on PATH, else ~/.cargo/bin/rustc (rustup's place,
// which a runtime started outside a login shell may not have on PATH).
std::string DefaultRustc();

// Writes handler.rs and lib.rs into `dir` (created when missing).
Status WriteCrate(const std::string& dir, const std::string& handler_rs, const std::string& lib_rs);

// rustc `dir`/lib.rs -> `out_so` (a cdylib), std only. On failure the status says why and
// *log holds rustc's output. `out_so` appears atomically or not at all.
Status BuildCdylib(const BuildOptions& options, const RuntimeCrate& runtime, const std::string& dir,
                   const std::string& out_so, std::string* log);

}  // namespace containerless::compiler

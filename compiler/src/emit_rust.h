// The Rust emitter: IR -> handler.rs (against docs/runtime-crate.md) and the fixed lib.rs.
#pragma once

#include <string>

#include "ir.h"

namespace containerless::compiler {

// handler.rs for `trace` (already read and passed through the passes). `trace_sha256` is the
// hex SHA-256 of the trace JSON bytes, recorded in the handler (handler-abi.md section 1).
std::string EmitHandlerRs(const Trace& trace, const std::string& trace_sha256);

// lib.rs: the fixed template that exports the handler through the runtime crate's macro.
std::string EmitLibRs();

}  // namespace containerless::compiler

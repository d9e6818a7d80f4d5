// The trace reader: parses trace JSON (docs/trace-ir.md v1), validates it, builds the IR.
#pragma once

#include <string>

#include "ir.h"
#include "status.h"

namespace containerless::compiler {

// The trace IR version this reader understands.
constexpr int64_t kTraceVersion = 1;

// Parses and validates `json` into *out. On error, the status carries the location as a
// JSON-pointer-like path (/main/body/3/then/0/value) and *out is unspecified.
// Validation covers: the version, every node kind and field and their types, operators and type
// tags, that every name is declared in its scope (locals, module bindings, a call's result),
// that every break/continue names an enclosing label (continue: a loop) within its function,
// sites, locations, and where statements may appear (return only in main's own body).
// It does not reject `compilable: false` or module writes from main: passes do (passes.h).
Status ReadTrace(const std::string& json, Trace* out);

}  // namespace containerless::compiler

// Merging two trace trees of the same action into one that covers the paths of both.
#pragma once

#include <string>

#include "status.h"

namespace containerless::compiler {

// Merges `extra` into `base`, two trace documents (docs/trace-ir.md) of the same code and entry:
// the union of their traced paths, as if every activation of both had been merged by one
// recorder. The native runtime uses it when its Node engine restarted and began a trace afresh,
// so that a recompile keeps the paths of the handler already in use.
//
// Rules: an `if` side, block or statement that is untraced (or unknown for the trace-size bound)
// in one tree takes the other's; `taken` counts add up; call targets are united by callee (a user
// function's or callback's body merged recursively, its return label and result slot renamed to
// the base's); operand types (`seen`) are united; `activations` add up, `stable_for` is the
// extra's, `compilable` is false if either says so. Everything else must be equal: two trees of
// the same program differ only where one of them was not traced. A difference elsewhere, or
// another code, entry or version, is an error (kBadValue, with the path in `extra`).
Status MergeTraces(const std::string& base_json, const std::string& extra_json,
                   std::string* merged_json);

}  // namespace containerless::compiler

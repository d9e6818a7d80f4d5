// Serialization: the trace document of docs/trace-ir.md sections 1 and 6, written with RapidJSON.
#ifndef CONTAINERLESS_ADDON_CORE_SERIALIZE_H_
#define CONTAINERLESS_ADDON_CORE_SERIALIZE_H_

#include <cstdint>
#include <string>

#include "context.h"
#include "program.h"

namespace containerless::addon {

struct ActionIdentity;

// Everything the trace document is made of; the recorder fills it in.
struct TraceParts {
  const Program* program = nullptr;
  const ActionIdentity* identity = nullptr;
  uint64_t activations = 0;
  uint64_t stable_for = 0;
  const Context* module = nullptr;
  const Context* main = nullptr;  // nullptr when the program has no main_function
};

// Compact JSON. The output depends only on the program and on the trees' contents (which sides,
// callees and contexts were seen, and the counts), never on the order of merging: blocks follow
// the program, targets follow CalleeOrder, and return labels are numbered in document order.
std::string SerializeTrace(const TraceParts& parts);

}  // namespace containerless::addon

#endif  // CONTAINERLESS_ADDON_CORE_SERIALIZE_H_

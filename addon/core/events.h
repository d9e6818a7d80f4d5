// Event lists: checking one activation's (a, b) pairs against the program, and merging them.
#ifndef CONTAINERLESS_ADDON_CORE_EVENTS_H_
#define CONTAINERLESS_ADDON_CORE_EVENTS_H_

#include <cstddef>
#include <cstdint>

#include "context.h"
#include "program.h"
#include "status.h"

namespace containerless::addon {

// The event kinds of docs/trace-ir.md section 7 (a >= 0 is a site).
inline constexpr int32_t kEnterEvent = -1;
inline constexpr int32_t kExitEvent = -2;
// Right after the enter of an async callback of Array.prototype.map that the tracer recorded whole
// (it may run whole at its call, proxy/trace/async-calls.js): that invocation is the host's.
inline constexpr int32_t kEagerEvent = -3;

enum class EventListKind {
  kModule,      // the top-level code's run at load; the root frame is the module
  kActivation,  // one activation of main; the root frame is main_function
};

// Checks a whole list (length in int32 elements) without touching any tree: pairs, known sites
// of the running function, outcomes and callees in range, balanced enter/exit. The message names
// the first bad index. A list is merged only once this has passed, so a bad list never leaves a
// half-merged tree behind.
Status CheckEvents(const Program& program, EventListKind kind, const int32_t* events,
                   size_t length);

// Merges a list that CheckEvents accepted into the tree whose root is `root`; returns true when
// the tree grew.
bool ApplyEvents(const Program& program, EventListKind kind, const int32_t* events, size_t length,
                 Context* root, TreeBudget* budget);

}  // namespace containerless::addon

#endif  // CONTAINERLESS_ADDON_CORE_EVENTS_H_

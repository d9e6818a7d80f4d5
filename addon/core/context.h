// Context tree: per calling context, the outcomes and callees seen at each site, with counts.
#ifndef CONTAINERLESS_ADDON_CORE_CONTEXT_H_
#define CONTAINERLESS_ADDON_CORE_CONTEXT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>

namespace containerless::addon {

// Inlined calls nest at most this deep below main (or the module): recursion has to stop
// somewhere, and the trace-ir document promises the compiler this bound.
inline constexpr int kMaxContextDepth = 8;
// At most this many contexts per tree: a program with many call sites could otherwise grow a
// tree exponential in kMaxContextDepth. Calls refused for this reason abort in native code.
inline constexpr size_t kMaxContexts = 4096;

// The callee numbering of event lists: >= 0 a user function, -1 anything else, <= -2 the
// built-in number -2 - callee, and INT32_MIN a user async function whose result the call did
// not await at once (its events are not in the list; the target is {"opaque":"async"}).
inline constexpr int32_t kOtherCallee = -1;
inline constexpr int32_t kAsyncCallee = INT32_MIN;
inline bool IsUserFunction(int32_t callee) {
  return callee >= 0;
}
inline bool IsBuiltin(int32_t callee) {
  return callee <= -2 && callee != kAsyncCallee;
}
inline int32_t BuiltinIndex(int32_t callee) {
  return -2 - callee;
}

// Shared by every context of one tree: how many contexts exist, for the kMaxContexts bound.
struct TreeBudget {
  size_t contexts = 0;
};

struct IfRecord {
  uint64_t taken[2] = {0, 0};  // then, else
};

// The type tags of docs/trace-ir.md section 4, as bits: an operation's type event carries one
// bit per operand, the first operand in bits 0-7 and the second in bits 8-15.
inline constexpr int kTypeTagCount = 8;
inline constexpr const char* kTypeTags[kTypeTagCount] = {
    "undefined", "null", "boolean", "number", "string", "object", "array", "function"};

class Context;

struct CallTarget {
  uint64_t count = 0;
  // A function that was not this call's callee ran inside the call (a callback of a built-in):
  // its body was not traced in this context, so the trace prints the target as opaque.
  bool callback = false;
  std::unique_ptr<Context> context;  // a user function's own context, once it was entered
  // A callback host (Array.prototype.map, ...): the context of each user callback it ran, by
  // function id (docs/trace-ir.md section 7), printed in id order.
  std::map<int32_t, std::unique_ptr<Context>> callbacks;
};

// The order of targets in the trace: user functions by id, built-ins by number, then others.
struct CalleeOrder {
  static int64_t Rank(int32_t callee) {
    if (IsUserFunction(callee)) return callee;
    if (IsBuiltin(callee)) return (int64_t{1} << 32) + BuiltinIndex(callee);
    return (int64_t{1} << 33) + (callee == kAsyncCallee ? 1 : 0);
  }
  bool operator()(int32_t a, int32_t b) const { return Rank(a) < Rank(b); }
};

struct CallRecord {
  std::map<int32_t, CallTarget, CalleeOrder> targets;
  bool too_deep = false;   // a user function was called here at kMaxContextDepth
  bool too_large = false;  // a new context here was refused by kMaxContexts
};

// One calling context: a function (or the module) reached through one chain of call sites.
// Every operation only ever adds, and counts only ever sum, so merging is commutative.
class Context {
 public:
  Context(int32_t function, int depth) : function_(function), depth_(depth) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  int32_t function() const { return function_; }
  int depth() const { return depth_; }

  // Each Record/Mark returns true when the tree grew (an outcome, callee or flag not seen).
  bool RecordIf(int32_t site, int side);
  bool RecordCall(int32_t site, int32_t callee);
  bool MarkCallback(int32_t site, int32_t callee);
  // Adds the operand types of one run of the operation at `site` (a type event's mask).
  bool RecordTypes(int32_t site, uint32_t mask);
  // The context of the user function `callee` called at `site`, created on first entry; or
  // nullptr when a bound refuses it (the site is then marked too_deep or too_large).
  Context* EnterCallee(int32_t site, int32_t callee, TreeBudget* budget, bool* grew);
  // The context (site, host, callback) of user function `callback` run by the callback host
  // `host` (a built-in callee) called at `site`, bounded as EnterCallee.
  Context* EnterCallback(int32_t site, int32_t host, int32_t callback, TreeBudget* budget,
                         bool* grew);

  const IfRecord* FindIf(int32_t site) const;
  const CallRecord* FindCall(int32_t site) const;
  // The union of the type masks seen at `site`, 0 when none.
  uint32_t FindTypes(int32_t site) const;

 private:
  int32_t function_;
  int depth_;
  std::unordered_map<int32_t, IfRecord> ifs_;
  std::unordered_map<int32_t, CallRecord> calls_;
  std::unordered_map<int32_t, uint32_t> types_;
};

}  // namespace containerless::addon

#endif  // CONTAINERLESS_ADDON_CORE_CONTEXT_H_

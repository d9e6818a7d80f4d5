// Context tree: recording outcomes, callees and callee contexts, and reading them back.
#include "context.h"

namespace containerless::addon {

bool Context::RecordIf(int32_t site, int side) {
  uint64_t& count = ifs_[site].taken[side];
  return count++ == 0;
}

bool Context::RecordCall(int32_t site, int32_t callee) {
  CallTarget& target = calls_[site].targets[callee];
  return target.count++ == 0;
}

bool Context::MarkCallback(int32_t site, int32_t callee) {
  CallTarget& target = calls_[site].targets[callee];
  if (target.callback) return false;
  target.callback = true;
  return true;
}

bool Context::RecordTypes(int32_t site, uint32_t mask) {
  uint32_t& seen = types_[site];
  const bool grew = (mask & ~seen) != 0;
  seen |= mask;
  return grew;
}

namespace {

// The child context in `slot` for `function`, created on first entry unless a bound refuses it
// (the call record is then marked, which prints the call as unknown).
Context* ChildContext(std::unique_ptr<Context>* slot, CallRecord* record, int32_t function,
                      int depth, TreeBudget* budget, bool* grew) {
  if (depth >= kMaxContextDepth) {
    if (!record->too_deep) *grew = true;
    record->too_deep = true;
    return nullptr;
  }
  if (*slot == nullptr) {
    if (budget->contexts >= kMaxContexts) {
      if (!record->too_large) *grew = true;
      record->too_large = true;
      return nullptr;
    }
    *slot = std::make_unique<Context>(function, depth + 1);
    ++budget->contexts;
    *grew = true;
  }
  return slot->get();
}

}  // namespace

Context* Context::EnterCallee(int32_t site, int32_t callee, TreeBudget* budget, bool* grew) {
  CallRecord& record = calls_[site];
  if (depth_ >= kMaxContextDepth)
    return ChildContext(nullptr, &record, callee, depth_, budget, grew);
  return ChildContext(&record.targets[callee].context, &record, callee, depth_, budget, grew);
}

Context* Context::EnterCallback(int32_t site, int32_t host, int32_t callback, TreeBudget* budget,
                                bool* grew) {
  CallRecord& record = calls_[site];
  if (depth_ >= kMaxContextDepth) {
    return ChildContext(nullptr, &record, callback, depth_, budget, grew);
  }
  return ChildContext(&record.targets[host].callbacks[callback], &record, callback, depth_, budget,
                      grew);
}

const IfRecord* Context::FindIf(int32_t site) const {
  auto it = ifs_.find(site);
  return it == ifs_.end() ? nullptr : &it->second;
}

const CallRecord* Context::FindCall(int32_t site) const {
  auto it = calls_.find(site);
  return it == calls_.end() ? nullptr : &it->second;
}

uint32_t Context::FindTypes(int32_t site) const {
  auto it = types_.find(site);
  return it == types_.end() ? 0 : it->second;
}

}  // namespace containerless::addon

// Event lists: one walker that both checks a list and, given a tree, merges it.
#include "events.h"

#include <string>
#include <vector>

namespace containerless::addon {
namespace {

// The running function is not known: an activation when the program has no main_function.
constexpr int32_t kUnknownOwner = -2;

struct Frame {
  int32_t function;  // the running function's id, kModuleOwner, or kUnknownOwner
  Context* context;  // where this frame's events go; nullptr when they are only checked
  // The frame's latest event, when it was a call: a following enter of that callee is the call
  // itself; an enter of any other function is a callback run by that call.
  bool in_call = false;
  int32_t call_site = 0;
  int32_t call_callee = 0;
  // The frame's latest event was a callback host's call (call_site, call_callee) or the exit of
  // one of its invocation groups: an enter of a (non-async) user function now is an invocation
  // of that host's callback, traced in the context (site, host, function).
  bool in_host = false;
  bool host_invocation = false;  // this frame is an invocation of a host's callback
  // An async callback's enter right after a host's call event or invocation: traced as the
  // host's invocation when the next event is kEagerEvent (map only), else the host is marked as
  // running an untraced callback (opaque), as for any other async callback.
  bool eager_pending = false;
};

bool IsOneBit(uint32_t byte) {
  return byte != 0 && (byte & (byte - 1)) == 0;
}

// A type event's mask: exactly one tag bit per operand, nothing else.
bool IsTypeMask(int32_t b, uint8_t operands) {
  if (b < 0 || b > 0xffff) return false;
  const uint32_t mask = static_cast<uint32_t>(b);
  const uint32_t second = mask >> 8;
  return IsOneBit(mask & 0xff) && (operands == 2 ? IsOneBit(second) : second == 0);
}

std::string Describe(const Program& program, int32_t owner) {
  if (owner == kModuleOwner) return "the module's top-level code";
  return "function " + std::to_string(owner) + " (" + program.function(owner).name + ")";
}

// Walks a list once. With root == nullptr it only checks; otherwise the list was checked before
// and the walk cannot fail.
class EventWalker {
 public:
  EventWalker(const Program& program, EventListKind kind, Context* root, TreeBudget* budget)
      : program_(program), kind_(kind), budget_(budget) {
    int32_t root_function = kind == EventListKind::kModule ? kModuleOwner
                            : program.main_function() >= 0 ? program.main_function()
                                                           : kUnknownOwner;
    stack_.push_back(Frame{root_function, root});
  }

  Status Walk(const int32_t* events, size_t length) {
    if (length % 2 != 0) {
      return Status::Error("the event list has an odd length (" + std::to_string(length) +
                           "); events are (a, b) pairs");
    }
    for (size_t index = 0; index < length; index += 2) {
      Status status = Step(index, events[index], events[index + 1]);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }

  bool grew() const { return grew_; }

 private:
  Status Fail(size_t index, const std::string& what) const {
    return Status::Error("event list index " + std::to_string(index) + " (pair " +
                         std::to_string(index / 2) + "): " + what);
  }

  Status Step(size_t index, int32_t a, int32_t b) {
    if (main_closed_) {
      return Fail(index, "an event after main's own exit event (index " +
                             std::to_string(main_exit_index_) + ")");
    }
    if (stack_.back().eager_pending) {
      Status status = Eager(index, a, b);
      if (!status.ok() || a == kEagerEvent) return status;
    } else if (a == kEagerEvent) {
      return Fail(index,
                  "an eager event (-3) not right after the enter of an async callback of a "
                  "callback host");
    }
    if (a >= 0) return Decision(index, a, b);
    if (a == kEnterEvent) return Enter(index, b);
    if (a == kExitEvent) return Exit(index, b);
    return Fail(index, "unknown event kind " + std::to_string(a) +
                           " (a site >= 0, -1 enter, -2 exit or -3 eager)");
  }

  // The event after an async host callback's enter: kEagerEvent makes it the host's invocation
  // (map only), anything else leaves its body untraced and the host's call opaque.
  Status Eager(size_t index, int32_t a, int32_t b) {
    Frame& child = stack_.back();
    child.eager_pending = false;
    Frame& frame = stack_[stack_.size() - 2];
    if (a != kEagerEvent) {
      if (frame.context != nullptr) {
        grew_ |= frame.context->MarkCallback(frame.call_site, frame.call_callee);
      }
      return Status::Ok();
    }
    if (b != 0) return Fail(index, "an eager event with b = " + std::to_string(b) + " (must be 0)");
    if (!IsBuiltin(frame.call_callee) ||
        program_.builtin(BuiltinIndex(frame.call_callee)) != "Array.prototype.map") {
      return Fail(index, "an eager event in a callback of a host other than Array.prototype.map");
    }
    child.host_invocation = true;
    if (frame.context != nullptr) {
      child.context = frame.context->EnterCallback(frame.call_site, frame.call_callee,
                                                   child.function, budget_, &grew_);
    }
    return Status::Ok();
  }

  Status Decision(size_t index, int32_t site_number, int32_t b) {
    Frame& frame = stack_.back();
    const Site* site = program_.FindSite(site_number);
    if (site == nullptr) {
      return Fail(index, "site " + std::to_string(site_number) + " is not a site of the program");
    }
    if (frame.function != kUnknownOwner && site->owner != frame.function) {
      return Fail(index, "site " + std::to_string(site_number) + " belongs to " +
                             Describe(program_, site->owner) + ", but " +
                             Describe(program_, frame.function) + " is running");
    }
    if (site->kind == SiteKind::kOperation) {
      if (!IsTypeMask(b, site->operands)) {
        return Fail(index, "the operation at site " + std::to_string(site_number) +
                               " has type mask " + std::to_string(b) + " (one type bit for " +
                               (site->operands == 2 ? "each of its 2 operands" : "its operand") +
                               ", bits 0-7 for the first, 8-15 for the second)");
      }
      if (frame.context != nullptr) {
        grew_ |= frame.context->RecordTypes(site_number, static_cast<uint32_t>(b));
      }
      frame.in_call = false;
      frame.in_host = false;
      return Status::Ok();
    }
    if (site->kind == SiteKind::kIf) {
      if (b != 0 && b != 1) {
        return Fail(index, "the if at site " + std::to_string(site_number) + " has outcome " +
                               std::to_string(b) + " (0 is then, 1 is else)");
      }
      if (frame.context != nullptr) grew_ |= frame.context->RecordIf(site_number, b);
      frame.in_call = false;
      frame.in_host = false;
      return Status::Ok();
    }
    if (IsUserFunction(b) && b >= program_.function_count()) {
      return Fail(index, "the call at site " + std::to_string(site_number) + " names function " +
                             std::to_string(b) + ", which the program does not declare");
    }
    if (IsBuiltin(b) && BuiltinIndex(b) >= program_.builtin_count()) {
      return Fail(index, "the call at site " + std::to_string(site_number) + " names built-in " +
                             std::to_string(BuiltinIndex(b)) + " (callee " + std::to_string(b) +
                             "), but the program lists " +
                             std::to_string(program_.builtin_count()) + " built-ins");
    }
    if (frame.context != nullptr) grew_ |= frame.context->RecordCall(site_number, b);
    frame.in_call = true;
    frame.call_site = site_number;
    frame.call_callee = b;
    frame.in_host = IsBuiltin(b) && program_.IsCallbackHost(BuiltinIndex(b));
    return Status::Ok();
  }

  Status Enter(size_t index, int32_t function) {
    if (function < 0 || function >= program_.function_count()) {
      return Fail(index, "enter of function " + std::to_string(function) +
                             ", which the program does not declare");
    }
    // main's own enter may open an activation's list: it is the root frame, not a callback.
    if (index == 0 && kind_ == EventListKind::kActivation && function == program_.main_function()) {
      main_opened_ = true;
      return Status::Ok();
    }
    Frame& frame = stack_.back();
    Frame child{function, nullptr};
    if (frame.in_call && frame.call_callee == function) {
      frame.in_call = false;
      frame.in_host = false;
      if (frame.context != nullptr) {
        child.context = frame.context->EnterCallee(frame.call_site, function, budget_, &grew_);
      }
    } else if (frame.in_host && !program_.function(function).is_async) {
      // An invocation of the host's callback: its events are merged, one context per (site,
      // host, callback). An async callback is left to the rule below (opaque).
      child.host_invocation = true;
      if (frame.context != nullptr) {
        child.context = frame.context->EnterCallback(frame.call_site, frame.call_callee, function,
                                                     budget_, &grew_);
      }
    } else if (frame.in_host) {
      child.eager_pending = true;  // an async callback: decided by the next event (Eager)
    } else if (frame.in_call && frame.context != nullptr) {
      grew_ |= frame.context->MarkCallback(frame.call_site, frame.call_callee);
    }
    // A callback (or an implicit call, like a getter, with no call to blame) is still checked,
    // but its events go nowhere: its body was not run from a traced call site.
    stack_.push_back(child);
    return Status::Ok();
  }

  Status Exit(size_t index, int32_t b) {
    if (b != 0) return Fail(index, "an exit event with b = " + std::to_string(b) + " (must be 0)");
    if (stack_.size() > 1) {
      const bool host_invocation = stack_.back().host_invocation;
      stack_.pop_back();
      // After an invocation group of a host's callback, another one may follow.
      if (host_invocation) stack_.back().in_host = true;
      return Status::Ok();
    }
    if (main_opened_) {
      main_closed_ = true;
      main_exit_index_ = index;
      return Status::Ok();
    }
    return Fail(index, "an exit event without a matching enter event");
  }

  const Program& program_;
  EventListKind kind_;
  TreeBudget* budget_;
  std::vector<Frame> stack_;
  bool grew_ = false;
  bool main_opened_ = false;
  bool main_closed_ = false;
  size_t main_exit_index_ = 0;
};

}  // namespace

Status CheckEvents(const Program& program, EventListKind kind, const int32_t* events,
                   size_t length) {
  TreeBudget unused;
  EventWalker walker(program, kind, nullptr, &unused);
  return walker.Walk(events, length);
}

bool ApplyEvents(const Program& program, EventListKind kind, const int32_t* events, size_t length,
                 Context* root, TreeBudget* budget) {
  EventWalker walker(program, kind, root, budget);
  // The list was checked by CheckEvents: walking it again cannot fail.
  Status status = walker.Walk(events, length);
  (void)status;
  return walker.grew();
}

}  // namespace containerless::addon

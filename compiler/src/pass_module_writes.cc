// Pass: rejects a main whose traced code writes into objects that module state holds.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "passes.h"

namespace containerless::compiler {

namespace {

// Built-ins that change their receiver (or, for Object.assign, their first argument).
const std::set<std::string> kMutators = {
    "Array.prototype.push",    "Array.prototype.pop",    "Array.prototype.shift",
    "Array.prototype.unshift", "Array.prototype.splice", "Array.prototype.sort",
    "Array.prototype.reverse", "Array.prototype.fill",   "Array.prototype.copyWithin",
    "Object.assign",           "Object.defineProperty",  "Object.defineProperties",
    "Object.setPrototypeOf",   "Object.freeze",          "Object.seal",
    "Object.preventExtensions"};

// Built-ins whose result holds nothing of their operands but primitives: it is not module state
// even when an operand is.
bool PrimitiveResult(const std::string& name) {
  static const std::set<std::string> kExact = {"Object.keys",
                                               "JSON.stringify",
                                               "String",
                                               "Number",
                                               "Boolean",
                                               "parseInt",
                                               "parseFloat",
                                               "isNaN",
                                               "isFinite",
                                               "Array.isArray",
                                               "Object.prototype.hasOwnProperty",
                                               "Array.prototype.join",
                                               "Array.prototype.indexOf",
                                               "Array.prototype.lastIndexOf",
                                               "Array.prototype.includes",
                                               "encodeURIComponent",
                                               "decodeURIComponent",
                                               "encodeURI",
                                               "decodeURI"};
  for (const char* prefix : {"Math.", "String.prototype.", "Number.", "console."}) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return kExact.count(name) > 0;
}

// A flow-insensitive taint analysis over main's tree. A value is *module state* when it may be
// an object that module state holds (a module binding, a property read from module state or
// from a container, a built-in's result computed from either, an inlined callee's parameter or
// return of one), and a *container* when it is a fresh literal holding such a value. A property
// write, delete or mutating built-in on module state is a write to module state; on a container
// it is not, but what is read out of a container is module state again. Repeated until no local
// changes level (loops carry taint backwards).
class ModuleWrites {
 public:
  Status Run(const Trace& trace) {
    do {
      changed_ = false;
      next_scope_ = 1;
      Walk(trace.main.body, "/main/body", 0, -1);
      WalkCatches(trace.main.catches, 0, -1);
    } while (changed_ && found_.empty());
    if (found_.empty()) return Status::Ok();
    return Status::Error(ErrorCode::kModuleWrite, found_path_,
                         "main " + found_ + " the module-level object of \"" + found_binding_ +
                             "\"; Node.js would keep that change for later activations and the "
                             "native copy would not, so this action stays in Node.js");
  }

 private:
  enum Level { kClean = 0, kContainer = 1, kState = 2 };
  struct Taint {
    Level level = kClean;
    std::string binding;  // the module binding it came from
  };
  using Key = std::pair<int, std::string>;  // (scope, local)

  Taint Of(const Atom& a, int scope) const {
    if (a.kind == AtomKind::kMod) return {kState, a.text};
    if (a.kind != AtomKind::kVar) return {};
    auto it = taint_.find({scope, a.text});
    return it == taint_.end() ? Taint() : it->second;
  }

  // What is read out of `t`: module state, unless `t` is clean.
  static Taint Read(Taint t) {
    if (t.level != kClean) t.level = kState;
    return t;
  }

  Taint Of(const Expr& e, int scope) const {
    switch (e.kind) {
      case ExprKind::kAtom:
        return Of(e.a, scope);
      case ExprKind::kGet:
        return Read(Of(e.a, scope));
      case ExprKind::kAwait:  // awaiting a value that is not a promise gives the value itself
        return Of(e.a, scope);
      case ExprKind::kObject:
        for (const Prop& p : e.props) {
          // A spread copies properties: their values may be module state.
          Taint t = p.kind == Prop::Kind::kSpread ? Read(Of(p.value, scope)) : Of(p.value, scope);
          if (t.level != kClean) return {kContainer, t.binding};
        }
        return {};
      case ExprKind::kArray:
        for (const Item& i : e.items) {
          Taint t = i.spread ? Read(Of(i.atom, scope)) : Of(i.atom, scope);
          if (t.level != kClean) return {kContainer, t.binding};
        }
        return {};
      default:
        return {};  // operators, tostring, function values: primitives or fresh values
    }
  }

  void Mark(int scope, const std::string& name, const Taint& t) {
    if (t.level == kClean) return;
    Taint& have = taint_[{scope, name}];
    if (have.level >= t.level) return;
    have = t;
    changed_ = true;
  }

  void Found(const std::string& what, const std::string& binding, const std::string& path) {
    if (!found_.empty()) return;
    found_ = what;
    found_binding_ = binding;
    found_path_ = path;
  }

  void Walk(const Block& block, const std::string& path, int scope, int caller) {
    for (size_t i = 0; i < block.size() && found_.empty(); ++i) {
      const Stmt& s = block[i];
      std::string here = path + "/" + std::to_string(i);
      switch (s.kind) {
        case StmtKind::kSet:
          Mark(s.to_caller ? caller : scope, s.name, Of(s.value, scope));
          // A closure keeps what it captures: its inlined bodies bind them again (Captures).
          for (size_t j = 0; j < s.value.captures.size(); ++j) {
            Taint t = Of(s.value.captures[j], scope);
            if (t.level == kClean) continue;
            std::vector<Taint>& slots = captured_[s.value.function_id];
            if (slots.size() <= j) slots.resize(j + 1);
            if (slots[j].level < t.level) {
              slots[j] = t;
              changed_ = true;
            }
          }
          break;
        case StmtKind::kSetProp:
        case StmtKind::kDelete: {
          Taint t = Of(s.object, scope);
          if (t.level == kState) {
            Found(s.kind == StmtKind::kSetProp ? "writes a property of" : "deletes a property of",
                  t.binding, here);
          }
          // `x.k = G` makes x hold module state: what is read out of it later is module state.
          Taint stored = Of(s.atom, scope);
          if (s.kind == StmtKind::kSetProp && stored.level != kClean &&
              s.object.kind == AtomKind::kVar) {
            Mark(scope, s.object.text, {kContainer, stored.binding});
          }
          break;
        }
        case StmtKind::kCall:
          WalkCall(s, here, scope);
          break;
        case StmtKind::kIf:
          Walk(s.then_body, here + "/then", scope, caller);
          Walk(s.else_body, here + "/else", scope, caller);
          break;
        case StmtKind::kLoop:
        case StmtKind::kBlock:
          Walk(s.then_body, here + "/body", scope, caller);
          break;
        default:
          break;
      }
    }
  }

  // A try's catch block never runs natively, but Node.js runs it after an abort (and ran it
  // while tracing): a write there into module state would outlive the activation in Node.js.
  void WalkCatches(const std::vector<CatchBlock>& catches, int scope, int caller) {
    for (const CatchBlock& c : catches) Walk(c.body, c.path, scope, caller);
  }

  // An inlined closure's captures: what any closure of its id was made with, and, when the
  // function value itself came from module state (a closure the module's code made), what is
  // read out of that.
  void Captures(const Target& target, const Taint& fn, int callee) {
    auto slots = captured_.find(target.function_id);
    for (size_t j = 0; j < target.captures.size(); ++j) {
      Mark(callee, target.captures[j], Read(fn));
      if (slots != captured_.end() && j < slots->second.size()) {
        Mark(callee, target.captures[j], slots->second[j]);
      }
    }
  }

  static Taint Max(const Taint& a, const Taint& b) { return a.level >= b.level ? a : b; }

  // A callback host's callbacks (closures contract, section 2): each runs on the receiver's
  // elements, index and the receiver itself (reduce: and the accumulator); the host's result
  // holds elements (find, filter), the callbacks' results (map, reduce) or nothing of either.
  Taint WalkCallbacks(const Stmt& s, const Target& host, const std::string& here, const Taint& self,
                      const std::vector<Taint>& args, bool spread, const Taint& any) {
    const bool reduce =
        host.name == "Array.prototype.reduce" || host.name == "Array.prototype.reduceRight";
    Taint element = spread ? any : Read(self);
    Taint acc = Max(element, spread ? any : (args.size() > 1 ? args[1] : Taint()));
    Taint results;
    for (size_t c = 0; c < host.callbacks.size() && found_.empty(); ++c) {
      const Target& cb = host.callbacks[c];
      int slot = next_scope_++, callee = next_scope_++;
      auto prior = taint_.find({slot, cb.result});
      if (prior != taint_.end()) acc = Max(acc, prior->second);
      std::vector<Taint> values;
      if (reduce) values.push_back(acc);
      values.push_back(element);
      values.push_back(Taint());  // the index
      values.push_back(spread ? any : self);
      for (size_t p = 0; p < cb.params.size() && p < values.size(); ++p) {
        Mark(callee, cb.params[p], values[p]);
      }
      Captures(cb, spread ? any : (args.empty() ? Taint() : args[0]), callee);
      Walk(cb.body, here + "/callbacks/" + std::to_string(c) + "/body", callee, slot);
      WalkCatches(cb.catches, callee, slot);
      auto ret = taint_.find({slot, cb.result});
      if (ret != taint_.end()) results = Max(results, ret->second);
    }
    if (!s.has_result) return {};
    const std::string m = host.name.substr(host.name.rfind('.') + 1);
    if (m == "find" || m == "findLast") return element;
    // `await p.then(cb)`: the awaited value is the callback's result itself (a built-in callback's
    // may hold its argument, the promise's value).
    if (m == "then") return Max(results, element);
    if (reduce) return Max(acc, results);
    // flatMap's result holds the callbacks' results or their elements: as map's, conservatively.
    Taint held = m == "map" || m == "flatMap" ? results : m == "filter" ? element : Taint();
    if (held.level != kClean) held.level = kContainer;  // a new array holding them
    return held;
  }

  void WalkCall(const Stmt& s, const std::string& here, int scope) {
    Taint self = Of(s.key, scope);
    std::vector<Taint> args;
    Taint any = Read(self);
    bool spread = false;
    for (const Item& a : s.args) {
      args.push_back(a.spread ? Read(Of(a.atom, scope)) : Of(a.atom, scope));
      if (any.level == kClean) any = Read(args.back());
      spread = spread || a.spread;
    }
    for (size_t t = 0; t < s.targets.size() && found_.empty(); ++t) {
      const Target& target = s.targets[t];
      if (target.kind == TargetKind::kBuiltin) {
        if (kMutators.count(target.name)) {
          bool on_first_arg = target.name.rfind("Object.", 0) == 0;
          Taint changed = on_first_arg ? (args.empty() ? Taint() : args[0]) : self;
          if (changed.level == kState) {
            Found("changes (" + target.name + ")", changed.binding, here);
          }
          // `xs.push(G)` makes xs hold module state.
          if (!on_first_arg && any.level != kClean && s.key.kind == AtomKind::kVar) {
            Mark(scope, s.key.text, {kContainer, any.binding});
          }
        }
        if (IsCallbackHost(target.name)) {
          std::string at = here + "/targets/" + std::to_string(t);
          Mark(scope, s.name, WalkCallbacks(s, target, at, self, args, spread, any));
          continue;
        }
        // A built-in's result may be (or hold) what it was given: module state, conservatively.
        if (s.has_result && !PrimitiveResult(target.name)) Mark(scope, s.name, any);
      } else if (target.kind == TargetKind::kFunction) {
        int callee = next_scope_++;
        for (size_t p = 0; p < target.params.size(); ++p) {
          // With a spread, any argument may land in any parameter.
          Mark(callee, target.params[p], spread ? any : (p < args.size() ? args[p] : Taint()));
        }
        Captures(target, Of(s.object, scope), callee);
        Walk(target.body, here + "/targets/" + std::to_string(t) + "/body", callee, scope);
        WalkCatches(target.catches, callee, scope);
      }
    }
  }

  std::map<Key, Taint> taint_;
  std::map<int64_t, std::vector<Taint>> captured_;  // function id -> what its closures captured
  bool changed_ = false;
  int next_scope_ = 1;  // inlined callees are numbered in walk order, the same on every round
  std::string found_, found_binding_, found_path_;
};

}  // namespace

Status CheckModuleObjectWrites(const Trace& trace) {
  return ModuleWrites().Run(trace);
}

}  // namespace containerless::compiler

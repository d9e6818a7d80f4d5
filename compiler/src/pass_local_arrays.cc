// Pass (the last step of InferTypes): local arrays of numbers that never leave their function.
//
// Why: an array is a shared object (an Rc'd RefCell behind a Value tag), so each `dist[i]` of
// the generated code tests the tag, takes and gives back a RefCell borrow and tests the
// elements' kind before the bounds check and the load. A local that is only ever made by an
// array literal of numbers and only ever indexed, written, pushed onto or asked its length
// cannot be seen by anything else: the emitter then keeps it as the crate's NumArr, a plain
// Vec<f64> owned by the local (docs/runtime-crate.md, "Local number arrays").
//
// A local x of a scope (main, or an inlined callee; not the module's code, whose arrays are
// module state, nor a callback) gets Rep::kNumArray when:
// - it is a local, not a parameter or a capture, not unboxed already, and no read of it may
//   come before its first assignment (pass_infer_types.cc's definite assignment);
// - every definition is `x = [a, b, ...]` with unboxed numbers (f64 locals or literals) and no
//   hole or spread: no copy, no call result, no `"scope":"caller"` return, no delete result;
// - every use is one of: `y = x[k]` with an unboxed number k, `y = x.length`, `y = x.push`,
//   `x[k] = v` with an unboxed number k and value v, and a call whose `this` is x, whose one
//   argument is an unboxed number and whose targets are Array.prototype.push (or opaque, which
//   only ever abort). Anything else (x copied, passed, returned, stored, captured, compared,
//   tested, spread, a named property, a call of another method on it) keeps x a Value.
// Such a local holds arrays nothing else references, so the NumArr's answers are the
// generic array's: the crate aborts on the few writes a NumArr cannot represent (holes, named
// properties), which Node.js then answers.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "passes.h"

namespace containerless::compiler {

namespace {

class LocalArrays {
 public:
  explicit LocalArrays(const std::map<const void*, std::set<std::string>>& maybe_unset)
      : maybe_unset_(maybe_unset) {}

  // One scope: its locals (the candidates), and the reps InferTypes decided for it.
  void Scope(const void* key, const std::vector<std::string>& params,
             const std::vector<std::string>& captures, const std::vector<std::string>& locals,
             Block& body, Reps* reps) {
    reps_ = reps;
    candidates_.clear();
    defined_.clear();
    for (const std::string& l : locals) {
      if (!reps->count(l)) candidates_.insert(l);
    }
    for (const std::string& p : params) candidates_.erase(p);
    for (const std::string& c : captures) candidates_.erase(c);
    auto unset = maybe_unset_.find(key);
    if (unset != maybe_unset_.end()) {
      for (const std::string& name : unset->second) candidates_.erase(name);
    }
    std::vector<Target*> callees;
    WalkBlock(body, &callees);
    for (const std::string& name : candidates_) {
      if (defined_.count(name)) (*reps)[name] = Rep::kNumArray;
    }
    // Each inlined callee is a scope of its own (its reps are its Target's).
    for (Target* t : callees) {
      Scope(t, t->params, t->captures, t->locals, t->body, &t->reps);
    }
  }

 private:
  bool IsF64(const Atom& a) const {
    if (a.kind == AtomKind::kNum) return true;
    if (a.kind != AtomKind::kVar) return false;
    auto it = reps_->find(a.text);
    return it != reps_->end() && it->second == Rep::kF64;
  }
  bool IsCandidate(const Atom& a) const {
    return a.kind == AtomKind::kVar && candidates_.count(a.text);
  }
  // A use of `a` that is not one of the forms above.
  void Escapes(const Atom& a) {
    if (a.kind == AtomKind::kVar) candidates_.erase(a.text);
  }
  void Redefined(const std::string& name) { candidates_.erase(name); }

  void WalkExprUses(const Expr& e) {
    if (e.kind == ExprKind::kGet && IsCandidate(e.a)) {
      bool named = e.b.kind == AtomKind::kStr && !e.b.has_u16;
      bool ok = named ? e.b.text == "length" || e.b.text == "push" : IsF64(e.b);
      if (!ok) Escapes(e.a);
      Escapes(e.b);
      return;
    }
    Escapes(e.a);
    Escapes(e.b);
    for (const Prop& p : e.props) {
      Escapes(p.computed);
      Escapes(p.value);
    }
    for (const Item& i : e.items) Escapes(i.atom);
    for (const Atom& c : e.captures) Escapes(c);
  }

  void Define(const std::string& name, const Expr& e) {
    if (!candidates_.count(name)) return;
    if (e.kind != ExprKind::kArray) return Redefined(name);
    for (const Item& i : e.items) {
      if (i.hole || i.spread || !IsF64(i.atom)) return Redefined(name);
    }
    defined_.insert(name);
  }

  // The statements of a scope's body (not its callees' bodies, which are scopes of their own,
  // except for their `"scope":"caller"` sets, which assign this scope's locals).
  void WalkBlock(Block& block, std::vector<Target*>* callees) {
    for (Stmt& s : block) {
      switch (s.kind) {
        case StmtKind::kSet:
          WalkExprUses(s.value);
          if (!s.to_caller) Define(s.name, s.value);
          break;
        case StmtKind::kSetMod:
          WalkExprUses(s.value);
          break;
        case StmtKind::kSetProp:
          if (!(IsCandidate(s.object) && IsF64(s.key) && IsF64(s.atom))) Escapes(s.object);
          Escapes(s.key);
          Escapes(s.atom);
          break;
        case StmtKind::kDelete:
          Escapes(s.object);
          Escapes(s.key);
          Redefined(s.name);
          break;
        case StmtKind::kCall:
          WalkCall(s, callees);
          break;
        case StmtKind::kIf:
        case StmtKind::kReturn:
        case StmtKind::kThrow:
          Escapes(s.object);
          break;
        default:
          break;
      }
      WalkBlock(s.then_body, callees);
      WalkBlock(s.else_body, callees);
    }
  }

  void WalkCall(Stmt& s, std::vector<Target*>* callees) {
    Escapes(s.object);
    bool spread = false;
    for (const Item& a : s.args) {
      spread = spread || a.spread;
      Escapes(a.atom);
    }
    if (IsCandidate(s.key)) {
      bool push = false, other = false;
      for (const Target& t : s.targets) {
        if (t.kind == TargetKind::kBuiltin && t.name == "Array.prototype.push") {
          push = true;
        } else if (t.kind != TargetKind::kOpaque) {
          other = true;
        }
      }
      if (!push || other || spread || s.construct || s.args.size() != 1 || !IsF64(s.args[0].atom)) {
        Escapes(s.key);
      }
    }
    if (s.has_result) Redefined(s.name);
    for (Target& t : s.targets) {
      if (t.kind != TargetKind::kFunction) continue;  // callbacks are not looked into
      callees->push_back(&t);
      CallerSets(t.body);
    }
  }

  // A callee's returns assign this scope's locals.
  void CallerSets(const Block& block) {
    for (const Stmt& s : block) {
      if (s.kind == StmtKind::kSet && s.to_caller) Redefined(s.name);
      CallerSets(s.then_body);
      CallerSets(s.else_body);
    }
  }

  const std::map<const void*, std::set<std::string>>& maybe_unset_;
  Reps* reps_ = nullptr;
  std::set<std::string> candidates_;
  std::set<std::string> defined_;
};

}  // namespace

void FindLocalNumberArrays(Trace* trace,
                           const std::map<const void*, std::set<std::string>>& maybe_unset) {
  LocalArrays(maybe_unset)
      .Scope(&trace->main, trace->main.params, {}, trace->main.locals, trace->main.body,
             &trace->main.reps);
}

}  // namespace containerless::compiler

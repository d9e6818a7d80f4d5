// Pass (the last step of InferTypes): number locals that only ever hold integers.
//
// Why: an f64 local is kept in an XMM register, and every XMM register is caller-saved: in a
// large generated function whose loops hold calls (slow paths, growth), LLVM keeps loop counters
// in stack slots, so `i++` is a load, an add and a store on the loop's critical path (the BFS
// benchmark's `for (i = 0; i < n; i++) dist.push(-1)` ran at the store-forwarding latency). An
// i64 lives in a general register that survives calls.
//
// A local of a scope (main or an inlined callee; not the module, not a callback) that
// InferTypes made an f64 gets Rep::kInt when it is not a parameter or a capture and every
// definition is an integer literal of magnitude at most 2^53 (not -0), a copy of another such
// local (or `+x` of one, which `x++` writes), or the sum or difference of two of them (literals
// or such locals), to a fixed point (a definition from anything else removes the local, and
// then the locals defined from it). Exact: the sum or difference of two integers is an integer,
// exactly the double JavaScript computes while its magnitude is at most 2^53, never -0 (x + y
// and x - y of integers are -0 only for -0 operands, which these locals never hold); past 2^53
// the crate's num::add_int/sub_int abort (Node.js answers). Every read of such a local is its
// f64 value, `(x as f64)`, exact below 2^53.
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "passes.h"

namespace containerless::compiler {

namespace {

bool IsIntLiteral(const Atom& a) {
  if (a.kind != AtomKind::kNum) return false;
  double v = a.num;
  return std::fabs(v) <= 9007199254740992.0 && std::trunc(v) == v && !(v == 0 && std::signbit(v));
}

class IntLocals {
 public:
  void Scope(const std::vector<std::string>& params, const std::vector<std::string>& captures,
             const std::vector<std::string>& locals, Block& body, Reps* reps) {
    candidates_.clear();
    defs_.clear();
    for (const std::string& l : locals) {
      auto it = reps->find(l);
      if (it != reps->end() && it->second == Rep::kF64) candidates_.insert(l);
    }
    for (const std::string& p : params) candidates_.erase(p);
    for (const std::string& c : captures) candidates_.erase(c);
    std::vector<Target*> callees;
    WalkBlock(body, &callees);
    // Each round removes a local or stops: this terminates.
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [name, e] : defs_) {
        if (candidates_.count(name) && !IntegerForm(*e)) {
          candidates_.erase(name);
          changed = true;
        }
      }
    }
    for (const std::string& name : candidates_) (*reps)[name] = Rep::kInt;
    for (Target* t : callees) Scope(t->params, t->captures, t->locals, t->body, &t->reps);
  }

 private:
  bool IntOperand(const Atom& a) const {
    return IsIntLiteral(a) || (a.kind == AtomKind::kVar && candidates_.count(a.text));
  }
  bool IntegerForm(const Expr& e) const {
    if (e.kind == ExprKind::kAtom) return IntOperand(e.a);
    // `+x` (the ToNumeric of `x++`) of a number is x.
    if (e.kind == ExprKind::kUnary) return e.unary == UnaryOp::kPlus && IntOperand(e.a);
    return e.kind == ExprKind::kBinary &&
           (e.binary == BinaryOp::kAdd || e.binary == BinaryOp::kSub) && IntOperand(e.a) &&
           IntOperand(e.b);
  }

  void WalkBlock(Block& block, std::vector<Target*>* callees) {
    for (Stmt& s : block) {
      if (s.kind == StmtKind::kSet && !s.to_caller) defs_.emplace_back(s.name, &s.value);
      if (s.kind == StmtKind::kDelete || (s.kind == StmtKind::kCall && s.has_result)) {
        candidates_.erase(s.name);
      }
      for (Target& t : s.targets) {
        if (t.kind != TargetKind::kFunction) continue;  // callbacks are not looked into
        callees->push_back(&t);
        CallerSets(t.body);
      }
      WalkBlock(s.then_body, callees);
      WalkBlock(s.else_body, callees);
    }
  }

  // A callee's returns assign this scope's locals.
  void CallerSets(const Block& block) {
    for (const Stmt& s : block) {
      if (s.kind == StmtKind::kSet && s.to_caller) candidates_.erase(s.name);
      CallerSets(s.then_body);
      CallerSets(s.else_body);
    }
  }

  std::set<std::string> candidates_;
  std::vector<std::pair<std::string, const Expr*>> defs_;
};

}  // namespace

void FindIntegerLocals(Trace* trace) {
  IntLocals().Scope(trace->main.params, {}, trace->main.locals, trace->main.body,
                    &trace->main.reps);
}

}  // namespace containerless::compiler

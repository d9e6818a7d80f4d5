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
// local (or `+x` of one, which `x++` writes), the sum, difference, product or remainder of two
// of them (literals or such locals), or the result of `s.charCodeAt(i)` (a call whose one
// callee is that built-in, its index such a local, its result an operand of another such
// local's definition: DropIdleUnits), to a fixed point (a definition from anything else removes the
// local, and then the locals defined from it). Exact: the sum or difference of two integers is
// an integer, exactly the double JavaScript computes while its magnitude is at most 2^53, never
// -0 (x + y and x - y of integers are -0 only for -0 operands, which these locals never hold);
// past 2^53 the crate's num::add_int/sub_int abort (Node.js answers). A product or remainder of
// integers is an integer too, or -0 (`0 * -5`, `-4 % 2`) or NaN (`x % 0`), and charCodeAt
// answers a code unit or NaN: num::mul_int/rem_int and int_index::char_code_at_int abort for
// those (and a product past 2^53). Every read of such a local is its f64 value, `(x as f64)`,
// exact below 2^53. The hash loop `h = (h * 31 + s.charCodeAt(i)) % 1000000007` so runs in
// integer registers, its `%` by a constant a multiplication instead of a division.
#include <algorithm>
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
    unit_index_.clear();
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
      if (!changed) changed = DropIdleUnits();
      // A product or remainder stays an integer local only where the ranges prove it never
      // aborts (see Ranges): otherwise it stays an f64, as JavaScript's double computes it.
      if (!changed) changed = DropUnsafeProducts();
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
           (e.binary == BinaryOp::kAdd || e.binary == BinaryOp::kSub ||
            e.binary == BinaryOp::kMul || e.binary == BinaryOp::kRem) &&
           IntOperand(e.a) && IntOperand(e.b);
  }

  // The range [lo, hi] of each candidate over all its definitions (an interval analysis: a
  // literal is itself, a code unit 0..65535, a sum the sum of the ranges, and so on), widened
  // to infinity on a side still growing after a few rounds (`i = i + 1` in a loop). Then every
  // product must stay within 2^53 and never be -0 (a zero factor with a negative one), and
  // every remainder must have a dividend >= 0 (no -0) and a divisor that cannot be 0 (no NaN):
  // num::mul_int/rem_int then never abort, where an f64 would have gone on (`f = f * i` past
  // 2^53, an unbounded `h = h * 31 + c`). Drops the candidates that break this; true if any.
  struct Range {
    double lo = 0, hi = 0;
    bool set = false;
  };
  Range RangeOf(const Atom& a, const std::map<std::string, Range>& r) const {
    if (a.kind == AtomKind::kNum) return {a.num, a.num, true};
    auto it = r.find(a.text);
    return it == r.end() ? Range{} : it->second;
  }
  static bool Has0(const Range& x) { return x.lo <= 0 && x.hi >= 0; }
  Range RangeOf(const Expr& e, const std::map<std::string, Range>& r) const {
    Range x = RangeOf(e.a, r);
    if (e.kind != ExprKind::kBinary || !x.set) return x;
    Range y = RangeOf(e.b, r);
    if (!y.set) return y;
    switch (e.binary) {
      case BinaryOp::kAdd:
        return {x.lo + y.lo, x.hi + y.hi, true};
      case BinaryOp::kSub:
        return {x.lo - y.hi, x.hi - y.lo, true};
      case BinaryOp::kMul: {
        double c[4] = {x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi};
        Range p{c[0], c[0], true};
        for (double v : c) {
          if (std::isnan(v)) v = 0;  // 0 * infinity: only a zero factor gives it, and 0
          p.lo = std::min(p.lo, v);
          p.hi = std::max(p.hi, v);
        }
        return p;
      }
      default: {  // kRem: |r| < |divisor| and |r| <= |dividend|, with the dividend's sign
        double m = std::max(std::fabs(y.lo), std::fabs(y.hi)) - 1;
        return {x.lo >= 0 ? 0 : std::max(x.lo, -m), x.hi <= 0 ? 0 : std::min(x.hi, m), true};
      }
    }
  }
  // A charCodeAt result aborts where the code unit is NaN (an index out of range), where an
  // f64 would go on. So it is an integer local only where that buys something and the index
  // is a scan's: its index is an integer local (`s.charCodeAt(i)` in `for (i = 0; i <
  // s.length; i++)`), and it is an operand of another integer local's definition (`h * 31 +
  // c`). `s.charCodeAt(0)` of a maybe empty string stays an f64. True if it dropped any.
  bool DropIdleUnits() {
    bool dropped = false;
    for (const auto& [name, index] : unit_index_) {
      if (!candidates_.count(name)) continue;
      bool used = false;
      for (const auto& [other, e] : defs_) {
        if (other != name && candidates_.count(other) &&
            ((e->a.kind == AtomKind::kVar && e->a.text == name) ||
             (e->kind == ExprKind::kBinary && e->b.kind == AtomKind::kVar && e->b.text == name))) {
          used = true;
        }
      }
      bool scan = index.kind == AtomKind::kVar && candidates_.count(index.text);
      if (!used || !scan) {
        candidates_.erase(name);
        dropped = true;
      }
    }
    return dropped;
  }
  bool DropAllProducts() {
    bool dropped = false;
    for (const auto& [name, e] : defs_) {
      if (e->kind == ExprKind::kBinary &&
          (e->binary == BinaryOp::kMul || e->binary == BinaryOp::kRem)) {
        dropped = candidates_.erase(name) > 0 || dropped;
      }
    }
    return dropped;
  }
  bool DropUnsafeProducts() {
    std::map<std::string, Range> r;
    for (const auto& [name, index] : unit_index_) {
      if (candidates_.count(name)) r[name] = {0, 65535, true};
    }
    const std::map<std::string, Range> units = r;
    for (int round = 0;; ++round) {
      bool grew = false;
      for (const auto& [name, e] : defs_) {
        if (!candidates_.count(name)) continue;
        Range v = RangeOf(*e, r);
        if (!v.set) continue;
        Range& cur = r[name];
        if (!cur.set) {
          cur = v;
          grew = true;
          continue;
        }
        bool widen = round > 8;  // past this, a side still growing grows without bound
        if (v.lo < cur.lo) {
          cur.lo = widen ? -HUGE_VAL : v.lo;
          grew = true;
        }
        if (v.hi > cur.hi) {
          cur.hi = widen ? HUGE_VAL : v.hi;
          grew = true;
        }
      }
      if (!grew) break;
      // Past round 8 every growing round makes a side of some range infinite: this stops by
      // then. If not (a bug), no product or remainder is kept.
      if (round > 12 + 3 * static_cast<int>(defs_.size())) return DropAllProducts();
    }
    // Narrowing: each candidate's range again from its definitions alone (a descending
    // sequence from the post-fixpoint above: each step is still sound), until it settles or
    // for as many rounds as there are definitions, so that a remainder bounds what widening
    // made infinite and the locals computed from it (`h = (h * 2 + 1) % 1000`).
    for (size_t round = 0; round < defs_.size() + 2; ++round) {
      std::map<std::string, Range> next = units;
      for (const auto& [name, e] : defs_) {
        if (!candidates_.count(name)) continue;
        Range v = RangeOf(*e, r);
        if (!v.set) continue;
        Range& cur = next[name];
        cur = cur.set ? Range{std::min(cur.lo, v.lo), std::max(cur.hi, v.hi), true} : v;
      }
      bool same = next.size() == r.size();
      for (auto it = next.begin(); same && it != next.end(); ++it) {
        auto old = r.find(it->first);
        same = old != r.end() && old->second.lo == it->second.lo && old->second.hi == it->second.hi;
      }
      r = next;
      if (same) break;
    }
    bool dropped = false;
    for (const auto& [name, e] : defs_) {
      if (!candidates_.count(name) || e->kind != ExprKind::kBinary) continue;
      Range x = RangeOf(e->a, r), y = RangeOf(e->b, r);
      bool ok = true;
      if (e->binary == BinaryOp::kMul) {
        Range p = RangeOf(*e, r);
        ok = x.set && y.set && std::fabs(p.lo) <= 9007199254740992.0 &&
             std::fabs(p.hi) <= 9007199254740992.0 && !(Has0(x) && y.lo < 0) &&
             !(Has0(y) && x.lo < 0);
      } else if (e->binary == BinaryOp::kRem) {
        ok = x.set && y.set && x.lo >= 0 && !Has0(y);
      }
      if (!ok) {
        candidates_.erase(name);
        dropped = true;
      }
    }
    return dropped;
  }

  void WalkBlock(Block& block, std::vector<Target*>* callees) {
    for (Stmt& s : block) {
      if (s.kind == StmtKind::kSet && !s.to_caller) defs_.emplace_back(s.name, &s.value);
      if (s.kind == StmtKind::kCall && s.has_result && IsCharCodeAt(s)) {
        unit_index_.emplace_back(s.name, s.args[0].atom);
      }
      if (s.kind == StmtKind::kDelete ||
          (s.kind == StmtKind::kCall && s.has_result && !IsCharCodeAt(s))) {
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

  // `r = s.charCodeAt(i)` with charCodeAt its only callee: an integer (or NaN, which the
  // emitted int_index::char_code_at_int aborts for). Its own definition needs no fixed point.
  static bool IsCharCodeAt(const Stmt& s) {
    if (s.construct || s.args.size() != 1 || s.args[0].spread || s.targets.size() != 1) {
      return false;
    }
    const Target& t = s.targets[0];
    return t.kind == TargetKind::kBuiltin && t.name == "String.prototype.charCodeAt";
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
  // The results of charCodeAt calls (IsCharCodeAt) and their index operands.
  std::vector<std::pair<std::string, Atom>> unit_index_;
};

}  // namespace

void FindIntegerLocals(Trace* trace) {
  IntLocals().Scope(trace->main.params, {}, trace->main.locals, trace->main.body,
                    &trace->main.reps);
}

}  // namespace containerless::compiler

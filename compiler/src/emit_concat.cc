// The Rust emitter's chains of `+`: `t1 = a + b; t2 = t1 + c; u = d + t2` as one ops::concat.
//
// Why: the tracer splits `text += pad(name) + ' | ' + value + '\n'` into one statement per `+`,
// each a call of ops::add whose result is a temporary read once, by the next one. Each call
// costs its tests, a charge, a string view and the drop of the temporary's old value; the CPU
// benchmark's strings action spent about 200 instructions per `+`. ops::concat does the chain
// in one call: for strings the one concatenation (in place when the first operand's buffer
// can grow), otherwise exactly the same `add`s in the same order.
//
// Only adjacent statements of one block fuse, so nothing is reordered: statement i is
// `t = a + b` into a boxed local, each next one `t' = t + c` (left, the chain goes on) or
// `t' = c + t` (right: c becomes the head and the chain ends there), where t is a local of
// this function written once and read once (by that statement; CountNames), so skipping its
// assignment is unobservable. At most 7 pieces besides a head. The chain's `ctx.at` is its
// first statement's: an abort inside it (a memory cap, an operand's ToPrimitive) reports that
// location, only a diagnostic.
#include "emitter.h"

namespace containerless::compiler {

namespace {

bool IsBoxedAdd(const Stmt& s, const RustScope& scope) {
  return s.kind == StmtKind::kSet && !s.to_caller && s.value.kind == ExprKind::kBinary &&
         s.value.binary == BinaryOp::kAdd && scope.RepOf(s.name) == Rep::kValue &&
         s.value.a.kind != AtomKind::kGlobal && s.value.b.kind != AtomKind::kGlobal;
}

bool IsVar(const Atom& a, const std::string& name) {
  return a.kind == AtomKind::kVar && a.text == name;
}

}  // namespace

size_t Emitter::EmitAddChain(const Block& block, size_t i, RustScope* scope) {
  if (scope->kind == RustScope::Kind::kModule || !scope->reps) return 0;
  const Stmt& first = block[i];
  if (!IsBoxedAdd(first, *scope) || IsVar(first.value.a, first.name) ||
      IsVar(first.value.b, first.name)) {
    return 0;
  }
  std::vector<const Atom*> pieces = {&first.value.a, &first.value.b};
  const Atom* head = nullptr;
  size_t end = i;  // the last statement of the chain
  while (end + 1 < block.size() && !head && pieces.size() < 7) {
    const std::string& t = block[end].name;
    const Stmt& next = block[end + 1];
    if (!IsBoxedAdd(next, *scope) || uses_[scope->reps][t] != 1 || defs_[scope->reps][t] != 1) {
      break;
    }
    bool left = IsVar(next.value.a, t), right = IsVar(next.value.b, t);
    if (left == right) break;  // not read, or `t + t`
    if (left) {
      pieces.push_back(&next.value.b);
    } else {
      head = &next.value.a;
    }
    ++end;
  }
  if (end == i) return 0;
  if (first.loc.known() &&
      (first.loc.line != last_at_.line || first.loc.column != last_at_.column)) {
    w_.Line("ctx.at(", first.loc.line, ", ", first.loc.column, ");");
    last_at_ = first.loc;
  }
  std::string list;
  for (const Atom* p : pieces) list += (list.empty() ? "" : ", ") + Peek(*p, *scope).ref;
  std::string h = head ? "Some(" + Peek(*head, *scope).ref + ")" : "None";
  w_.Line(Place(block[end].name, *scope), " = ops::concat(ctx, ", h, ", &[", list, "])?;");
  return end - i + 1;
}

}  // namespace containerless::compiler

// Speculation from the tracer's `seen` feedback: which locals InferTypes may unbox behind a guard.
//
// Why: a local assigned from an array element, a property or an argument (`cell = queue[head]`,
// `n = args.n`) can be anything as far as the code says, so InferTypes must keep it boxed, and
// every operation on it pays a tag test, a drop and a box. The traced activations say more:
// each binary, unary, tostring and get expression records the types its operands had
// (trace-ir.md section 4). When every operation that reads a local saw only numbers there (or
// only booleans), the local is worth unboxing; InferTypes then treats each of its definitions
// as that type, and the emitter unboxes a definition whose value is not proven with a guard
// (`ops::as_f64(..)?`, abort reason `guard`). A wrong guess can only abort (the activation is
// re-run in Node.js), never answer differently.
//
// The evidence, per local of each scope (main and each inlined callee):
// - a typed use: the local is an operand of an expression with `seen`; its operand's tags are
//   the evidence. An operand of such an expression without `seen` (never run when traced, or an
//   older tracer) is no evidence, and counts against the local;
// - a copy: `y = x`, an inlined callee's parameter bound from the local, or a callee's
//   `"scope":"caller"` return: the local's value is then observed through y's uses, so y must be
//   speculated the same way;
// - a truthiness test (`if x`) counts against the local: that is how code tells a number from
//   `undefined` at the end of an array, and `seen` does not record it;
// - a dead definition (the value is overwritten, or the activation ends, before anything can
//   read it: `let y = x; do { y = Number(p); ... }`) counts against the local unless its value
//   is of the speculated type anyway: its guard would abort where nothing uses the value, so an
//   activation that never ran the local's typed uses with it would abort;
// - anything else (an object or array literal's value, an argument of a built-in, a stored or
//   returned value) reveals no type and does not count either way.
// A local is speculated as T when it has at least one typed use, all its typed uses saw exactly
// {T}, nothing counts against it, and everything it is copied into is speculated as T (the
// greatest such set: candidates are removed until none breaks the rule). Without any `seen` in
// the trace nothing is speculated.
#include <set>

#include "passes.h"

namespace containerless::compiler {

namespace {

using Node = std::pair<const void*, std::string>;  // (scope, local)

struct Evidence {
  TypeSet seen = 0;  // the union of the typed uses' tags
  int typed_uses = 0;
  bool against = false;
  std::set<Node> copies;  // where its value is copied to
  TypeSet dead_defs = 0;  // the types the dead definitions may assign (0: none is dead)
};

const TypeSet kAny = 0xFF;

// The type of a definition's value when the operator fixes it (as InferTypes' table does for
// these), else any: what a dead definition would have to be guarded against.
TypeSet FixedType(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kAtom:
      switch (e.a.kind) {
        case AtomKind::kNum:
          return Bit(TypeTag::kNumber);
        case AtomKind::kBool:
          return Bit(TypeTag::kBoolean);
        case AtomKind::kStr:
          return Bit(TypeTag::kString);
        case AtomKind::kNull:
          return Bit(TypeTag::kNull);
        case AtomKind::kUndef:
          return Bit(TypeTag::kUndefined);
        default:
          return kAny;
      }
    case ExprKind::kBinary:
      switch (ResultOf(e.binary)) {
        case BinaryResult::kNumberOrString:
          return kAny;
        case BinaryResult::kBoolean:
          return Bit(TypeTag::kBoolean);
        case BinaryResult::kNumber:
          return Bit(TypeTag::kNumber);
      }
      return kAny;
    case ExprKind::kUnary:
      switch (e.unary) {
        case UnaryOp::kNot:
          return Bit(TypeTag::kBoolean);
        case UnaryOp::kNeg:
        case UnaryOp::kPlus:
        case UnaryOp::kBitNot:
          return Bit(TypeTag::kNumber);
        default:
          return kAny;
      }
    case ExprKind::kToString:
      return Bit(TypeTag::kString);
    case ExprKind::kObject:
      return Bit(TypeTag::kObject);
    case ExprKind::kArray:
      return Bit(TypeTag::kArray);
    case ExprKind::kFunction:
      return Bit(TypeTag::kFunction);
    default:
      return kAny;
  }
}

// Backward liveness over one scope's structured body, to find dead definitions: a definition
// of x is dead when no path from it reads x before x is defined again or the scope ends (an
// `unknown` ends the activation: nothing is live there). Loops iterate to a fixed point; the
// dead definitions are recorded on the last pass only.
class Liveness {
 public:
  explicit Liveness(std::map<Node, Evidence>* nodes) : nodes_(nodes) {}

  void Scope(const Block& body, const void* scope, const std::vector<std::string>& params,
             const std::string& return_label) {
    std::vector<Label> env;
    if (!return_label.empty()) env.push_back({return_label, {}, {}});
    Live in = WalkBlock(body, {}, &env, scope, true);
    for (const std::string& p : params) {
      if (!in.count(p)) (*nodes_)[{scope, p}].dead_defs |= kAny;
    }
  }

 private:
  using Live = std::set<std::string>;
  struct Label {
    std::string name;
    Live at_break, at_continue;
  };

  static void Read(const Atom& a, Live* live) {
    if (a.kind == AtomKind::kVar) live->insert(a.text);
  }

  void Define(const void* scope, const std::string& name, TypeSet type, Live* live, bool record) {
    if (record && !live->count(name)) (*nodes_)[{scope, name}].dead_defs |= type;
    live->erase(name);
  }

  Live WalkBlock(const Block& block, Live live, std::vector<Label>* env, const void* scope,
                 bool record) {
    for (auto it = block.rbegin(); it != block.rend(); ++it) {
      live = Walk(*it, std::move(live), env, scope, record);
    }
    return live;
  }

  static const Label* Find(const std::vector<Label>& env, const std::string& name) {
    for (auto it = env.rbegin(); it != env.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }

  Live Walk(const Stmt& s, Live live, std::vector<Label>* env, const void* scope, bool record) {
    switch (s.kind) {
      case StmtKind::kSet:
        // A "scope":"caller" set assigns the caller's local: for this scope, a read only.
        if (!s.to_caller) Define(scope, s.name, FixedType(s.value), &live, record);
        ReadExpr(s.value, &live);
        return live;
      case StmtKind::kSetMod:
        ReadExpr(s.value, &live);
        return live;
      case StmtKind::kSetProp:
        for (const Atom* a : {&s.object, &s.key, &s.atom}) Read(*a, &live);
        return live;
      case StmtKind::kDelete:
        Define(scope, s.name, Bit(TypeTag::kBoolean), &live, record);
        Read(s.object, &live);
        Read(s.key, &live);
        return live;
      case StmtKind::kCall:
        if (s.has_result) Define(scope, s.name, kAny, &live, record);
        Read(s.object, &live);
        Read(s.key, &live);
        for (const Item& a : s.args) Read(a.atom, &live);
        if (record) {
          for (const Target& t : s.targets) {
            if (t.kind == TargetKind::kFunction)
              Liveness(nodes_).Scope(t.body, &t, t.params, t.label);
          }
        }
        return live;
      case StmtKind::kIf: {
        Live then_live = WalkBlock(s.then_body, live, env, scope, record);
        Live else_live = WalkBlock(s.else_body, live, env, scope, record);
        then_live.insert(else_live.begin(), else_live.end());
        Read(s.object, &then_live);
        return then_live;
      }
      case StmtKind::kBlock: {
        env->push_back({s.name, live, {}});
        Live in = WalkBlock(s.then_body, live, env, scope, record);
        env->pop_back();
        return in;
      }
      case StmtKind::kLoop: {
        // The body's end and every `continue` go back to the loop's start, whose live set is
        // the fixed point; a `break` goes to what follows the loop.
        Live start;
        for (;;) {
          env->push_back({s.name, live, start});
          Live in = WalkBlock(s.then_body, start, env, scope, false);
          env->pop_back();
          in.insert(start.begin(), start.end());
          if (in == start) break;
          start = std::move(in);
        }
        env->push_back({s.name, live, start});
        Live in = WalkBlock(s.then_body, start, env, scope, record);
        env->pop_back();
        return in;
      }
      case StmtKind::kBreak: {
        const Label* l = Find(*env, s.name);
        return l ? l->at_break : Live();
      }
      case StmtKind::kContinue: {
        const Label* l = Find(*env, s.name);
        return l ? l->at_continue : Live();
      }
      case StmtKind::kReturn:
      case StmtKind::kThrow: {
        Live only;
        Read(s.object, &only);
        return only;
      }
      case StmtKind::kUnknown:
        return Live();
    }
    return live;
  }

  static void ReadExpr(const Expr& e, Live* live) {
    Read(e.a, live);
    Read(e.b, live);
    for (const Prop& p : e.props) {
      Read(p.computed, live);
      Read(p.value, live);
    }
    for (const Item& i : e.items) Read(i.atom, live);
  }

  std::map<Node, Evidence>* nodes_;
};

class Collector {
 public:
  std::map<Node, Evidence> nodes;

  void Main(const Function& main) { WalkBlock(main.body, &main, nullptr); }

 private:
  Evidence& At(const void* scope, const std::string& name) { return nodes[{scope, name}]; }

  void Typed(const Atom& a, const void* scope, const Expr& e, size_t operand) {
    if (a.kind != AtomKind::kVar) return;
    Evidence& ev = At(scope, a.text);
    if (operand < e.seen.size()) {
      ev.seen |= e.seen[operand];
      ++ev.typed_uses;
    } else {
      ev.against = true;
    }
  }

  void Against(const Atom& a, const void* scope) {
    if (a.kind == AtomKind::kVar) At(scope, a.text).against = true;
  }

  void Copy(const Atom& a, const void* scope, const void* to_scope, const std::string& to) {
    if (a.kind != AtomKind::kVar) return;
    if (!to_scope) {
      Against(a, scope);  // a module binding: stays a Value
      return;
    }
    At(scope, a.text).copies.insert({to_scope, to});
  }

  void WalkBlock(const Block& block, const void* scope, const void* caller) {
    for (const Stmt& s : block) Walk(s, scope, caller);
  }

  void Walk(const Stmt& s, const void* scope, const void* caller) {
    switch (s.kind) {
      case StmtKind::kSet:
      case StmtKind::kSetMod: {
        const Expr& e = s.value;
        const void* to = s.kind == StmtKind::kSetMod ? nullptr : s.to_caller ? caller : scope;
        switch (e.kind) {
          case ExprKind::kAtom:
            Copy(e.a, scope, to, s.name);
            break;
          case ExprKind::kBinary:
          case ExprKind::kGet:
            Typed(e.a, scope, e, 0);
            Typed(e.b, scope, e, 1);
            break;
          case ExprKind::kUnary:
          case ExprKind::kToString:
            Typed(e.a, scope, e, 0);
            break;
          default:  // literals: a stored value reveals no type
            break;
        }
        break;
      }
      case StmtKind::kIf:
        Against(s.object, scope);
        break;
      case StmtKind::kCall: {
        bool spread = false;
        for (const Item& a : s.args) spread = spread || a.spread;
        bool builtin = false;
        for (const Target& t : s.targets) builtin = builtin || t.kind == TargetKind::kBuiltin;
        for (size_t i = 0; i < s.args.size(); ++i) {
          for (const Target& t : s.targets) {
            if (t.kind != TargetKind::kFunction) continue;
            // With a spread or a built-in target too, the parameters' values are not only the
            // argument's: no copy can be relied on.
            if (spread || builtin) {
              Against(s.args[i].atom, scope);
            } else if (i < t.params.size()) {
              Copy(s.args[i].atom, scope, &t, t.params[i]);
            }
          }
        }
        for (const Target& t : s.targets) {
          if (t.kind == TargetKind::kFunction) WalkBlock(t.body, &t, scope);
        }
        break;
      }
      default:  // setprop, delete, return, throw: stored or returned values reveal no type
        break;
    }
    WalkBlock(s.then_body, scope, caller);
    WalkBlock(s.else_body, scope, caller);
  }
};

}  // namespace

Speculation SpeculateFromSeen(const Trace& trace) {
  Collector c;
  c.Main(trace.main);
  Liveness(&c.nodes).Scope(trace.main.body, &trace.main, {}, "");
  Speculation out;
  for (TypeTag tag : {TypeTag::kNumber, TypeTag::kBoolean}) {
    std::set<Node> in;
    for (const auto& [node, ev] : c.nodes) {
      bool dead_ok = (ev.dead_defs & ~Bit(tag)) == 0;
      if (ev.typed_uses > 0 && ev.seen == Bit(tag) && !ev.against && dead_ok) in.insert(node);
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (auto it = in.begin(); it != in.end();) {
        bool ok = true;
        for (const Node& to : c.nodes[*it].copies) ok = ok && in.count(to);
        if (ok) {
          ++it;
        } else {
          it = in.erase(it);
          changed = true;
        }
      }
    }
    for (const Node& n : in) out[n.first][n.second] = tag;
  }
  return out;
}

}  // namespace containerless::compiler

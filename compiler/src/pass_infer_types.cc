// Pass: static type inference over main's trace tree, deciding which locals are unboxed f64 or
// bool.
//
// Why: a boxed Value costs a tag test on every read, a drop on every write and a Value::Number
// around every result. A local that can only ever hold numbers can be a plain `f64`, and Rust's
// `+ - * /` and comparisons on f64 are exactly JavaScript's (IEEE doubles, NaN compares false),
// so specialised code needs no guard at all: nothing is assumed that was not proven.
//
// What is proven, per function scope (main and each inlined callee, whose locals are separate):
// 1. Definite assignment: a local read where it may not have been assigned yet holds
//    `undefined` there (all locals start undefined), so its type includes undefined.
// 2. The set of types each local can hold: the union, to a fixed point, of the types of every
//    value assigned to it (`set`, a call's result, `delete`, an inlined callee's parameters and
//    its `"scope":"caller"` returns). Operators have fixed result types (`-` is always a
//    number, `<` always a boolean, `+` a number when neither side can be a string or object);
//    module bindings, globals, property reads and unknown built-ins can be anything.
// A local whose set is exactly {number} gets Rep::kF64, exactly {boolean} Rep::kBool; every
// other local stays a Value. Sound by construction: the sets only over-approximate.
// 3. Speculation (pass_speculate.cc): a local the `seen` feedback says is always a number (or a
//    boolean) takes only that type from each of its definitions: the emitter guards each
//    definition whose value is not proven to be one (`ops::as_f64(..)?`), so the set is still
//    exact for the code that runs after the guard. A definition that can never be of that type
//    (a string literal into a speculated number) would abort every time it runs: the local is
//    then not speculated, and the typing is redone without it. What no definition can guard
//    stays in the set: `undefined` before the first assignment, or from an inlined callee that
//    may fall off its end.
#include <set>
#include <string>
#include <vector>

#include "passes.h"

namespace containerless::compiler {

namespace {

TypeSet T(TypeTag tag) {
  return Bit(tag);
}
const TypeSet kAnyType = 0xFF;

// The name under which an inlined callee's state records "the call's result was assigned".
const char kResult[] = "\x01result";

// Phase 1 ------------------------------------------------------------------------------------

// Which locals are definitely assigned at a point; `dead` means the point is unreachable.
struct State {
  bool dead = false;
  std::set<std::string> assigned;
};

// Intersection of two incoming paths (an unreachable one adds nothing).
void Meet(State* into, const State& other) {
  if (other.dead) return;
  if (into->dead) {
    *into = other;
    return;
  }
  for (auto it = into->assigned.begin(); it != into->assigned.end();) {
    it = other.assigned.count(*it) ? std::next(it) : into->assigned.erase(it);
  }
}

State Dead() {
  State s;
  s.dead = true;
  return s;
}

// Finds the locals each scope may read before assigning them, and the inlined calls whose
// result may keep the `undefined` the emitter gives it before the body runs.
class Assignment {
 public:
  std::map<const void*, std::set<std::string>> maybe_unset;
  std::set<const Target*> result_maybe_unset;

  void Main(const Function& main) {
    Frame f{&main, {}};
    State st;
    for (const std::string& p : main.params) st.assigned.insert(p);
    Walk(main.body, &f, &st);
  }

 private:
  struct Frame {
    const void* scope;
    std::vector<std::pair<std::string, State>> labels;  // innermost last: the exits of each
  };

  void Read(const Atom& a, const Frame& f, const State& st) {
    if (a.kind == AtomKind::kVar && !st.dead && !st.assigned.count(a.text)) {
      maybe_unset[f.scope].insert(a.text);
    }
  }
  void ReadExpr(const Expr& e, const Frame& f, const State& st) {
    Read(e.a, f, st);
    Read(e.b, f, st);
    for (const Prop& p : e.props) {
      Read(p.computed, f, st);
      Read(p.value, f, st);
    }
    for (const Item& i : e.items) Read(i.atom, f, st);
  }

  void Walk(const Block& block, Frame* f, State* st) {
    for (const Stmt& s : block) Walk(s, f, st);
  }

  void Walk(const Stmt& s, Frame* f, State* st) {
    switch (s.kind) {
      case StmtKind::kSet:
      case StmtKind::kSetMod:
        ReadExpr(s.value, *f, *st);
        if (!st->dead) st->assigned.insert(s.to_caller ? kResult : s.name);
        return;
      case StmtKind::kSetProp:
        for (const Atom* a : {&s.object, &s.key, &s.atom}) Read(*a, *f, *st);
        return;
      case StmtKind::kDelete:
        Read(s.object, *f, *st);
        Read(s.key, *f, *st);
        if (!st->dead) st->assigned.insert(s.name);
        return;
      case StmtKind::kCall:
        WalkCall(s, f, st);
        return;
      case StmtKind::kIf: {
        Read(s.object, *f, *st);
        State then_st = *st, else_st = *st;
        Walk(s.then_body, f, &then_st);
        Walk(s.else_body, f, &else_st);
        *st = Dead();
        Meet(st, then_st);
        Meet(st, else_st);
        return;
      }
      case StmtKind::kLoop:
      case StmtKind::kBlock: {
        // The body's entry on a later iteration has at least the first entry's assignments
        // (they only accumulate), so walking it once from the first entry is conservative.
        f->labels.push_back({s.name, Dead()});
        Walk(s.then_body, f, st);
        if (s.kind == StmtKind::kBlock) Meet(&f->labels.back().second, *st);
        *st = f->labels.back().second;
        f->labels.pop_back();
        return;
      }
      case StmtKind::kBreak:
        for (auto it = f->labels.rbegin(); it != f->labels.rend(); ++it) {
          if (it->first == s.name) {
            Meet(&it->second, *st);
            break;
          }
        }
        *st = Dead();
        return;
      case StmtKind::kReturn:
      case StmtKind::kThrow:
        Read(s.object, *f, *st);
        *st = Dead();
        return;
      case StmtKind::kContinue:
      case StmtKind::kUnknown:
        *st = Dead();
        return;
    }
  }

  void WalkCall(const Stmt& s, Frame* f, State* st) {
    Read(s.object, *f, *st);
    Read(s.key, *f, *st);
    for (const Item& a : s.args) Read(a.atom, *f, *st);
    for (const Target& t : s.targets) {
      if (st->dead) continue;
      // A callback host's callbacks: each its own scope, entered with its parameters and
      // captures bound; their returns assign the host's slot, not a local of this scope.
      for (const Target& cb : t.callbacks) {
        Frame callee{&cb, {{cb.label, Dead()}}};
        State entry;
        for (const std::string& p : cb.params) entry.assigned.insert(p);
        for (const std::string& c : cb.captures) entry.assigned.insert(c);
        Walk(cb.body, &callee, &entry);
      }
      if (t.kind != TargetKind::kFunction) continue;
      Frame callee{&t, {{t.label, Dead()}}};
      State entry;
      for (const std::string& p : t.params) entry.assigned.insert(p);
      for (const std::string& c : t.captures) entry.assigned.insert(c);  // from the closure
      Walk(t.body, &callee, &entry);
      State exit = callee.labels.front().second;
      Meet(&exit, entry);
      if (s.has_result && !exit.dead && !exit.assigned.count(kResult)) {
        result_maybe_unset.insert(&t);
      }
    }
    if (s.has_result && !st->dead) st->assigned.insert(s.name);
  }
};

// Phase 2 ------------------------------------------------------------------------------------

// What a built-in returns whenever it returns (the crate's implementations; a wrong entry
// would only make a guard in the emitted code abort, never a wrong answer).
TypeSet BuiltinResult(const std::string& name) {
  static const std::set<std::string> numbers = {"Math.floor",
                                                "Math.ceil",
                                                "Math.round",
                                                "Math.trunc",
                                                "Math.abs",
                                                "Math.sign",
                                                "Math.sqrt",
                                                "Math.max",
                                                "Math.min",
                                                "Math.pow",
                                                "Math.imul",
                                                "Math.clz32",
                                                "Math.fround",
                                                "parseInt",
                                                "parseFloat",
                                                "Number",
                                                "Number.parseInt",
                                                "Number.parseFloat",
                                                "Array.prototype.push",
                                                "Array.prototype.unshift",
                                                "Array.prototype.indexOf",
                                                "Array.prototype.lastIndexOf",
                                                "String.prototype.charCodeAt",
                                                "String.prototype.indexOf",
                                                "String.prototype.lastIndexOf"};
  static const std::set<std::string> booleans = {"isNaN",
                                                 "isFinite",
                                                 "Boolean",
                                                 "Array.isArray",
                                                 "Number.isInteger",
                                                 "Number.isSafeInteger",
                                                 "Number.isFinite",
                                                 "Number.isNaN",
                                                 "Array.prototype.includes",
                                                 "String.prototype.includes",
                                                 "String.prototype.startsWith",
                                                 "String.prototype.endsWith",
                                                 "Object.prototype.hasOwnProperty",
                                                 "Object.hasOwn"};
  // (Not JSON.stringify: it returns undefined for undefined and functions.)
  static const std::set<std::string> strings = {"String",
                                                "Array.prototype.join",
                                                "String.prototype.slice",
                                                "String.prototype.substring",
                                                "String.prototype.toUpperCase",
                                                "String.prototype.toLowerCase",
                                                "String.prototype.trim",
                                                "String.prototype.padStart",
                                                "String.prototype.padEnd",
                                                "String.prototype.repeat",
                                                "String.prototype.charAt",
                                                "Number.prototype.toFixed",
                                                "Number.prototype.toString"};
  if (numbers.count(name)) return T(TypeTag::kNumber);
  if (booleans.count(name)) return T(TypeTag::kBoolean);
  if (strings.count(name)) return T(TypeTag::kString);
  return kAnyType;
}

struct Scope {
  const void* key = nullptr;  // &trace.main or the inlined Target, as in Speculation
  Scope* caller = nullptr;
  std::map<std::string, TypeSet> types;
};

class Typing {
 public:
  Typing(const Assignment& da, const Speculation& spec) : da_(da), spec_(spec) {}

  // False when a speculated local met a definition that can never be of its type; that
  // local is then in `conflicts` and nothing was decided.
  bool Run(Trace* trace, std::set<std::pair<const void*, std::string>>* conflicts) {
    Scope& main = scopes_[&trace->main];
    main.key = &trace->main;
    for (size_t i = 0; i < trace->main.params.size(); ++i) {
      // The first parameter is the activation's arguments; the others are undefined.
      main.types[trace->main.params[i]] = i == 0 ? kAnyType : T(TypeTag::kUndefined);
    }
    // Each round only adds types, and there are finitely many: this terminates.
    do {
      changed_ = false;
      conflicts_.clear();  // only the last round, at the fixed point, decides
      Walk(trace->main.body, &main, &trace->main);
    } while (changed_);
    if (!conflicts_.empty()) {
      *conflicts = conflicts_;
      return false;
    }
    Decide(main, &trace->main.reps);
    for (auto& [key, target] : targets_) Decide(scopes_[key], &target->reps);
    return true;
  }

 private:
  void Add(Scope* sc, const std::string& name, TypeSet t) {
    TypeSet& cur = sc->types[name];
    if ((cur | t) != cur) {
      cur |= t;
      changed_ = true;
    }
  }

  // A definition of `name`: a speculated local takes only its speculated type (the emitter
  // guards the definition), unless the value can never be of that type.
  void Define(Scope* sc, const std::string& name, TypeSet t) {
    auto scope = spec_.find(sc->key);
    if (scope != spec_.end()) {
      auto it = scope->second.find(name);
      if (it != scope->second.end()) {
        TypeSet want = T(it->second);
        if (t != 0 && (t & want) == 0) conflicts_.insert({sc->key, name});
        t = want;
      }
    }
    Add(sc, name, t);
  }

  TypeSet AtomType(const Atom& a, const Scope& sc) const {
    switch (a.kind) {
      case AtomKind::kNum:
        return T(TypeTag::kNumber);
      case AtomKind::kStr:
        return T(TypeTag::kString);
      case AtomKind::kBool:
        return T(TypeTag::kBoolean);
      case AtomKind::kNull:
        return T(TypeTag::kNull);
      case AtomKind::kUndef:
        return T(TypeTag::kUndefined);
      case AtomKind::kVar: {
        auto it = sc.types.find(a.text);
        return it == sc.types.end() ? 0 : it->second;
      }
      case AtomKind::kMod:
      case AtomKind::kGlobal:
        return kAnyType;
    }
    return kAnyType;
  }

  static bool Within(TypeSet t, TypeSet allowed) { return (t & ~allowed) == 0; }

  TypeSet ExprType(const Expr& e, const Scope& sc) const {
    const TypeSet number = T(TypeTag::kNumber);
    switch (e.kind) {
      case ExprKind::kAtom:
        return AtomType(e.a, sc);
      case ExprKind::kBinary: {
        switch (e.binary) {
          case BinaryOp::kAdd: {
            // ToPrimitive of undefined, null, booleans and numbers is itself: no string.
            TypeSet l = AtomType(e.a, sc), r = AtomType(e.b, sc);
            TypeSet numeric =
                number | T(TypeTag::kBoolean) | T(TypeTag::kUndefined) | T(TypeTag::kNull);
            if (Within(l, numeric) && Within(r, numeric)) return number;
            if ((l != 0 && Within(l, T(TypeTag::kString))) ||
                (r != 0 && Within(r, T(TypeTag::kString)))) {
              return T(TypeTag::kString);
            }
            return number | T(TypeTag::kString);
          }
          default:
            return ResultOf(e.binary) == BinaryResult::kBoolean ? T(TypeTag::kBoolean) : number;
        }
      }
      case ExprKind::kUnary:
        switch (e.unary) {
          case UnaryOp::kNot:
            return T(TypeTag::kBoolean);
          case UnaryOp::kTypeOf:
            return T(TypeTag::kString);
          case UnaryOp::kVoid:
            return T(TypeTag::kUndefined);
          default:
            return number;
        }
      case ExprKind::kToString:
        return T(TypeTag::kString);
      case ExprKind::kGet: {
        TypeSet o = AtomType(e.a, sc);
        bool length = e.b.kind == AtomKind::kStr && !e.b.has_u16 && e.b.text == "length";
        if (length && o != 0 && Within(o, T(TypeTag::kString) | T(TypeTag::kArray))) {
          return number;
        }
        return kAnyType;
      }
      case ExprKind::kObject:
        return T(TypeTag::kObject);
      case ExprKind::kArray:
        return T(TypeTag::kArray);
      case ExprKind::kFunction:
        return T(TypeTag::kFunction);
      case ExprKind::kAwait: {
        // Awaiting a value that cannot be a promise or a thenable (no object, no function)
        // gives the value itself; a promise's value is anything.
        TypeSet t = AtomType(e.a, sc);
        if (t != 0 && Within(t, kAnyType & ~(T(TypeTag::kObject) | T(TypeTag::kFunction))))
          return t;
        return kAnyType;
      }
    }
    return kAnyType;
  }

  void Walk(Block& block, Scope* sc, const void* key) {
    auto unset = da_.maybe_unset.find(key);
    if (unset != da_.maybe_unset.end()) {
      for (const std::string& name : unset->second) Add(sc, name, T(TypeTag::kUndefined));
    }
    WalkBlock(block, sc);
  }

  void WalkBlock(Block& block, Scope* sc) {
    for (Stmt& s : block) {
      switch (s.kind) {
        case StmtKind::kSet:
          Define(s.to_caller ? sc->caller : sc, s.name, ExprType(s.value, *sc));
          break;
        case StmtKind::kDelete:
          Define(sc, s.name, T(TypeTag::kBoolean));
          break;
        case StmtKind::kCall:
          WalkCall(s, sc);
          break;
        default:
          break;
      }
      WalkBlock(s.then_body, sc);
      WalkBlock(s.else_body, sc);
    }
  }

  void WalkCall(Stmt& s, Scope* sc) {
    bool spread = false;
    for (const Item& a : s.args) spread = spread || a.spread;
    for (Target& t : s.targets) {
      if (t.kind == TargetKind::kBuiltin && IsCallbackHost(t.name)) {
        WalkCallbacks(s, &t, sc);
        continue;
      }
      if (t.kind == TargetKind::kBuiltin) {
        if (s.has_result) Define(sc, s.name, BuiltinResult(t.name));
        continue;
      }
      if (t.kind != TargetKind::kFunction) continue;  // opaque: aborts, assigns nothing
      targets_[&t] = &t;
      Scope* callee = &scopes_[&t];
      callee->key = &t;
      callee->caller = sc;
      for (size_t i = 0; i < t.params.size(); ++i) {
        TypeSet arg = spread              ? kAnyType
                      : i < s.args.size() ? AtomType(s.args[i].atom, *sc)
                                          : T(TypeTag::kUndefined);
        Define(callee, t.params[i], arg);
      }
      // A closure's captured values can be anything: they come from its environment.
      for (const std::string& c : t.captures) Define(callee, c, kAnyType);
      Walk(t.body, callee, &t);
      if (s.has_result && da_.result_maybe_unset.count(&t)) {
        Add(sc, s.name, T(TypeTag::kUndefined));
      }
    }
  }

  // A callback host compiled as a loop (emit_closures.cc): its result's type is the host's, and
  // each callback is a scope of its own whose parameters are (element, index, array), reduce's
  // (accumulator, element, index, array), and whose returns assign a slot of their own.
  void WalkCallbacks(const Stmt& s, Target* host, Scope* sc) {
    const std::string m = host->name.substr(host->name.rfind('.') + 1);
    const bool reduce = m == "reduce" || m == "reduceRight";
    if (s.has_result) {
      TypeSet result = kAnyType;  // find, reduce, findLast, reduceRight
      if (m == "forEach") result = T(TypeTag::kUndefined);
      if (m == "map" || m == "filter" || m == "flatMap") result = T(TypeTag::kArray);
      if (m == "some" || m == "every") result = T(TypeTag::kBoolean);
      if (m == "findIndex" || m == "findLastIndex") result = T(TypeTag::kNumber);
      Define(sc, s.name, result);
    }
    for (Target& cb : host->callbacks) {
      targets_[&cb] = &cb;
      Scope* slot = &scopes_[&cb.result];
      slot->key = &cb.result;
      Scope* callee = &scopes_[&cb];
      callee->key = &cb;
      callee->caller = slot;
      std::vector<TypeSet> values;
      if (reduce) values.push_back(kAnyType);
      values.push_back(kAnyType);
      values.push_back(T(TypeTag::kNumber));
      values.push_back(T(TypeTag::kArray));
      for (size_t i = 0; i < cb.params.size(); ++i) {
        Define(callee, cb.params[i], i < values.size() ? values[i] : T(TypeTag::kUndefined));
      }
      for (const std::string& c : cb.captures) Define(callee, c, kAnyType);
      Walk(cb.body, callee, &cb);
    }
  }

  static void Decide(const Scope& sc, Reps* reps) {
    reps->clear();
    for (const auto& [name, t] : sc.types) {
      if (t == T(TypeTag::kNumber)) (*reps)[name] = Rep::kF64;
      if (t == T(TypeTag::kBoolean)) (*reps)[name] = Rep::kBool;
    }
  }

  const Assignment& da_;
  const Speculation& spec_;
  std::set<std::pair<const void*, std::string>> conflicts_;
  std::map<const void*, Scope> scopes_;
  std::map<const void*, Target*> targets_;
  bool changed_ = false;
};

}  // namespace

void InferTypes(Trace* trace) {
  Assignment da;
  da.Main(trace->main);
  Speculation spec = SpeculateFromSeen(*trace);
  // Each failed round drops at least one speculated local: this terminates.
  for (;;) {
    std::set<std::pair<const void*, std::string>> conflicts;
    if (Typing(da, spec).Run(trace, &conflicts)) {
      FindLocalNumberArrays(trace, da.maybe_unset);
      FindIntegerLocals(trace);
      return;
    }
    for (const auto& [scope, name] : conflicts) spec[scope].erase(name);
  }
}

}  // namespace containerless::compiler

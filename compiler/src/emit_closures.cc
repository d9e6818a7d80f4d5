// The Rust emitter's closures: function values with captures, and the callback hosts
// (Array.prototype.forEach, map, filter, some, every, find, findIndex, reduce, findLast,
// findLastIndex, reduceRight, flatMap) as loops, and Promise.prototype.then's awaited callback.
//
// The semantics are those of docs/design/closures-contract.md, exact or an abort:
// - `{"e":"function","id":4,"captures":[A..]}` copies the atoms' values into the new function
//   value (`closure::make`): the normalizer only lets through bindings never written again. A
//   function expression without captures evaluated in main whose name the trace gives is made
//   the same way with no environment: one object per evaluation, printable by console.log. (In
//   the module's code it stays `Func::User(id)`, as before.)
// - An inlined target of a closure guards on the function id (any closure object of that code)
//   and binds its captures from the value's environment (`closure::capture`), in EmitInline.
// - A callback host guards on a genuine Array receiver and on a function argument, reads the
//   length once, visits k = 0 .. len-1 (findLast, findLastIndex and reduceRight: len-1 .. 0)
//   skipping holes (find, findIndex, findLast and findLastIndex read them as undefined), guards
//   each invocation on the callback's id among the traced ones, binds the callback's parameters
//   from (element, k, array) or (accumulator, element, k, array), runs the inlined body into a
//   fresh return slot and folds the slot into the host's result (flatMap: a result that is an array
//   spreads its present elements, one level). Fuel: one tick per index visited (a hole too, so a
//   sparse array of a huge length cannot loop without ticking).
#include "emitter.h"
#include "passes.h"

namespace containerless::compiler {

namespace {

enum class Host {
  kForEach,
  kMap,
  kFilter,
  kSome,
  kEvery,
  kFind,
  kFindIndex,
  kReduce,
  kFindLast,
  kFindLastIndex,
  kReduceRight,
  kFlatMap
};

Host HostOf(const std::string& builtin) {
  const std::string m = builtin.substr(builtin.rfind('.') + 1);
  if (m == "map") return Host::kMap;
  if (m == "filter") return Host::kFilter;
  if (m == "some") return Host::kSome;
  if (m == "every") return Host::kEvery;
  if (m == "find") return Host::kFind;
  if (m == "findIndex") return Host::kFindIndex;
  if (m == "reduce") return Host::kReduce;
  if (m == "findLast") return Host::kFindLast;
  if (m == "findLastIndex") return Host::kFindLastIndex;
  if (m == "reduceRight") return Host::kReduceRight;
  if (m == "flatMap") return Host::kFlatMap;
  return Host::kForEach;
}

// Whether a then callback's traced body may run at the `then` call instead of later from a
// microtask (the call's result not awaited at once): nothing it does is seen outside it, so the
// moment does not matter. No module write, no write to a global or module object, no await, and
// calls only of built-ins without an effect (no console, fetch, clock or random number, no
// `new`, no nested then, no user function; a callback host's callbacks likewise).
bool PureBlock(const Block& block) {
  for (const Stmt& s : block) {
    switch (s.kind) {
      case StmtKind::kSetMod:
        return false;
      case StmtKind::kSet:
        if (s.value.kind == ExprKind::kAwait) return false;
        break;
      case StmtKind::kSetProp:
      case StmtKind::kDelete:
        if (s.object.kind == AtomKind::kGlobal || s.object.kind == AtomKind::kMod) return false;
        break;
      case StmtKind::kIf:
        if (!PureBlock(s.then_body) || !PureBlock(s.else_body)) return false;
        break;
      case StmtKind::kLoop:
      case StmtKind::kBlock:
        if (!PureBlock(s.then_body)) return false;
        break;
      case StmtKind::kCall:
        if (s.construct) return false;
        for (const Target& t : s.targets) {
          if (t.kind == TargetKind::kFunction) return false;
          if (t.kind != TargetKind::kBuiltin) continue;  // opaque: aborts, before any effect
          const std::string& n = t.name;
          if (n.rfind("console.", 0) == 0 || n == "fetch" || n == "Date" || n == "Date.now" ||
              n == "Math.random" || n == "Promise.prototype.then" ||
              n == "Function.prototype.call" || n == "Function.prototype.apply") {
            return false;
          }
          for (const Target& cb : t.callbacks) {
            if (!PureBlock(cb.body)) return false;
          }
        }
        break;
      default:
        break;
    }
  }
  return true;
}

}  // namespace

void Emitter::CollectFunctionName(const Target& t) {
  if (t.kind == TargetKind::kFunction) fn_names_.emplace(t.function_id, t.name);
}

void Emitter::EmitClosure(const std::string& place, Rep dest, const Expr& e,
                          const RustScope& scope) {
  std::string env = "vec![";
  for (size_t i = 0; i < e.captures.size(); ++i) {
    env += (i ? ", " : "") + Prepare(e.captures[i], scope).owned;
  }
  env += "]";
  // The name console.log prints; a function no target names is printed by nobody natively
  // (inspecting it aborts).
  auto name = fn_names_.find(e.function_id);
  std::string some_name = e.has_name                ? "Some(" + RustWriter::Str(e.name) + ")"
                          : name == fn_names_.end() ? "None"
                                                    : "Some(" + RustWriter::Str(name->second) + ")";
  AssignTyped(
      place, dest, "", "",
      "closure::make(ctx, " + std::to_string(e.function_id) + ", " + some_name + ", " + env + ")?");
}

void Emitter::BindCaptures(const Target& t, const std::string& fn_value, const std::string& prefix,
                           RustScope* callee) {
  for (size_t j = 0; j < t.captures.size(); ++j) {
    const std::string& c = t.captures[j];
    std::string name = names_.Claim(prefix, c);
    callee->places[c] = name;
    Rep rep = t.reps.count(c) ? t.reps.at(c) : Rep::kValue;
    std::string value = "closure::capture(&" + fn_value + ", " + std::to_string(j) + ")?";
    if (rep != Rep::kValue) {
      value = std::string(rep == Rep::kF64 ? "ops::as_f64(" : "ops::as_bool(") + value + ")?";
    }
    w_.Line("let mut ", name, ": ", RustType(rep), " = ", value, ";");
  }
}

void Emitter::EmitCallbackHost(const Target& t, const Stmt& s, const RustScope& scope,
                               const RustOperand& self, const std::vector<RustOperand>& args,
                               const std::string& args_vec) {
  if (t.name == "Promise.prototype.then") return EmitThenHost(t, s, scope, self, args, args_vec);
  const Host host = HostOf(t.name);
  // findLast, findLastIndex and reduceRight visit k = len-1 down to 0: `k` then counts the
  // indices left, decremented at the top of each visit.
  const bool backward =
      host == Host::kFindLast || host == Host::kFindLastIndex || host == Host::kReduceRight;
  const bool reduce = host == Host::kReduce || host == Host::kReduceRight;
  const std::string site = std::to_string(s.site);
  const std::string where = RustWriter::Str(t.name);
  const std::string a = names_.Temp("h_arr"), f = names_.Temp("h_fn"), len = names_.Temp("h_len"),
                    k = names_.Temp("h_k"), e = names_.Temp("h_el"), r = names_.Temp("h_ret"),
                    res = names_.Temp("h_res"), loop = names_.Temp("h_loop");
  auto arg = [&](size_t i) {
    if (!args_vec.empty()) {
      return args_vec + ".get(" + std::to_string(i) + ").cloned().unwrap_or(Value::Undefined)";
    }
    return i < args.size() ? args[i].owned : std::string("Value::Undefined");
  };
  w_.Line("// a loop over the receiver: ", static_cast<int64_t>(t.callbacks.size()),
          " traced callback(s)");
  w_.Line("let ", a, " = closure::host_receiver(", self.ref, ", ", site, ", ", where, ")?;");
  w_.Line("let ", f, " = ", arg(0), ";");
  w_.Line("closure::host_callback(&", f, ", ", site, ", ", where, ")?;");
  w_.Line("let ", len, " = ", a, ".len();");
  w_.Line("let mut ", k, ": usize = ", backward ? len : std::string("0"), ";");
  switch (host) {
    case Host::kMap:
      w_.Line("let ", res, " = closure::holes(ctx, ", len, ")?;");
      break;
    case Host::kFilter:
    case Host::kFlatMap:
      w_.Line("let ", res, " = closure::empty(ctx)?;");
      break;
    case Host::kSome:
      w_.Line("let mut ", res, ": bool = false;");
      break;
    case Host::kEvery:
      w_.Line("let mut ", res, ": bool = true;");
      break;
    case Host::kFind:
    case Host::kFindLast:
      w_.Line("let mut ", res, ": Value = Value::Undefined;");
      break;
    case Host::kFindIndex:
    case Host::kFindLastIndex:
      w_.Line("let mut ", res, ": f64 = -1.0;");
      break;
    case Host::kForEach:
      break;
    case Host::kReduce:
    case Host::kReduceRight: {
      // The accumulator starts as the initial value when one is passed (even undefined),
      // else as the first element present, which is then not visited again.
      w_.Line("let mut ", res, ": Value = Value::Undefined;");
      bool known = args_vec.empty();
      if (known && args.size() >= 2) {
        w_.Line(res, " = ", args[1].owned, ";");
        break;
      }
      if (!known) {
        w_.Open("if ", args_vec, ".len() >= 2");
        w_.Line(res, " = ", args_vec, "[1].clone();");
        w_.Reopen("} else");
      }
      w_.Open("loop");
      if (backward) {
        w_.Line("if ", k, " == 0 { return Err(closure::reduce_empty()); }");
        w_.Line("ctx.tick(", site, ")?;");
        w_.Line(k, " -= 1;");
        w_.Line("let present = closure::element(&", a, ", ", k, ");");
      } else {
        w_.Line("if ", k, " >= ", len, " { return Err(closure::reduce_empty()); }");
        w_.Line("ctx.tick(", site, ")?;");
        w_.Line("let present = closure::element(&", a, ", ", k, ");");
        w_.Line(k, " += 1;");
      }
      w_.Line("if let Some(first) = present { ", res, " = first; break; }");
      w_.Close();
      if (!known) w_.Close();
      break;
    }
  }
  if (backward) {
    w_.Open("'", loop, ": while ", k, " > 0");
    w_.Line(k, " -= 1;");
  } else {
    w_.Open("'", loop, ": while ", k, " < ", len);
  }
  w_.Line("ctx.tick(", site, ")?;");
  bool reads_holes = host == Host::kFind || host == Host::kFindIndex || host == Host::kFindLast ||
                     host == Host::kFindLastIndex;
  if (reads_holes) {
    w_.Line("let ", e, " = closure::element(&", a, ", ", k, ").unwrap_or(Value::Undefined);");
  } else {
    w_.Open("if let Some(", e, ") = closure::element(&", a, ", ", k, ")");
  }
  w_.Line("let mut ", r, ": Value = Value::Undefined;");
  // The parameters' values: (element, k, array), reduce's (accumulator, element, k, array).
  std::vector<RustOperand> params;
  if (reduce) params.push_back(RustOperand::Boxed(res));
  params.push_back(RustOperand::Boxed(e));
  RustOperand index;
  index.value = "closure::index(" + k + ")";
  index.ref = "&" + index.value;
  index.owned = index.value;
  index.rep = Rep::kF64;
  index.raw = "(" + k + " as f64)";
  params.push_back(index);
  params.push_back(RustOperand::Boxed("Value::Array(" + a + ")"));
  params.back().owned = "Value::Array(" + a + ".clone())";
  // The return slot: a scope of its own between the caller's and the callback's.
  bool first = true;
  for (const Target& cb : t.callbacks) {
    RustScope slot;
    slot.kind = RustScope::Kind::kCallee;
    slot.caller = &scope;
    slot.places[cb.result] = r;
    std::string cond = f + ".is_user_fn(" + std::to_string(cb.function_id) + ")";
    if (first) {
      w_.Open("if ", cond);
    } else {
      w_.Reopen("} else if ", cond);
    }
    first = false;
    Stmt invocation;  // the inlined body's frame: no call result, the host's site for ticks
    invocation.site = s.site;
    EmitInline(cb, invocation, slot, params, "", f);
  }
  // A built-in callback (`xs.map(String)`, `xs.filter(Boolean)`) is the crate's built-in called
  // with the same arguments and `this` (exact or an abort, as any built-in call): nothing of it
  // was traced, and nothing needs to be.
  std::string call_args = "&[";
  for (size_t i = 0; i < params.size(); ++i) call_args += (i ? ", " : "") + params[i].owned;
  call_args += "]";
  std::string this_arg = reduce ? "Value::Undefined" : arg(1);
  std::string builtin = "let Value::Function(Func::Builtin(b)) = &" + f;
  if (first) {
    w_.Open("if ", builtin);
  } else {
    w_.Reopen("} else if ", builtin);
  }
  w_.Line(r, " = builtins::call(ctx, *b, &", this_arg, ", ", call_args, ")?;");
  w_.Reopen("} else");
  w_.Line("return Err(closure::untraced_callback(", site, ", ", where, "));");
  w_.Close();
  switch (host) {
    case Host::kMap:
      w_.Line(res, ".set_index(ctx, ", k, ", ", r, ")?;");
      break;
    case Host::kFilter:
      w_.Line("if truthy(&", r, ") { ", res, ".push(ctx, ", e, ")?; }");
      break;
    case Host::kSome:
      w_.Line("if truthy(&", r, ") { ", res, " = true; break '", loop, "; }");
      break;
    case Host::kEvery:
      w_.Line("if !truthy(&", r, ") { ", res, " = false; break '", loop, "; }");
      break;
    case Host::kFind:
    case Host::kFindLast:
      w_.Line("if truthy(&", r, ") { ", res, " = ", e, "; break '", loop, "; }");
      break;
    case Host::kFindIndex:
    case Host::kFindLastIndex:
      w_.Line("if truthy(&", r, ") { ", res, " = ", k, " as f64; break '", loop, "; }");
      break;
    case Host::kReduce:
    case Host::kReduceRight:
      w_.Line(res, " = ", r, ";");
      break;
    case Host::kFlatMap: {
      // FlattenIntoArray at depth 1: a genuine array's present elements (its holes skipped),
      // anything else itself. No user code runs meanwhile, so the inner length cannot change.
      const std::string inner = names_.Temp("h_inner"), j = names_.Temp("h_j");
      w_.Open("if let Value::Array(", inner, ") = &", r);
      w_.Line("let mut ", j, ": usize = 0;");
      w_.Open("while ", j, " < ", inner, ".len()");
      w_.Line("if let Some(v) = closure::element(", inner, ", ", j, ") { ", res,
              ".push(ctx, v)?; }");
      w_.Line(j, " += 1;");
      w_.Close();
      w_.Reopen("} else");
      w_.Line(res, ".push(ctx, ", r, ")?;");
      w_.Close();
      break;
    }
    case Host::kForEach:
      break;
  }
  if (!reads_holes) w_.Close();
  if (!backward) w_.Line(k, " += 1;");
  w_.Close();
  if (!s.has_result) return;
  const std::string place = Place(s.name, scope);
  const Rep rep = scope.RepOf(s.name);
  switch (host) {
    case Host::kForEach:
      return AssignTyped(place, rep, "", "", "Value::Undefined");
    case Host::kMap:
    case Host::kFilter:
    case Host::kFlatMap:
      return AssignTyped(place, rep, "", "", "Value::Array(" + res + ")");
    case Host::kSome:
    case Host::kEvery:
      return AssignTyped(place, rep, "", res, "Value::Bool(" + res + ")");
    case Host::kFindIndex:
    case Host::kFindLastIndex:
      return AssignTyped(place, rep, res, "", "Value::Number(" + res + ")");
    case Host::kFind:
    case Host::kReduce:
    case Host::kFindLast:
    case Host::kReduceRight:
      return AssignTyped(place, rep, "", "", res);
  }
}

// `p.then(cb)` (trace-ir.md section 5.1). Where the call's result is awaited at once (`set t =
// await r` next) nothing else of the activation can run between the call and the callback in
// Node.js, so running it now, on the settled receiver's value, is exact. Elsewhere the callback
// runs later in Node.js, after what follows the call: it runs now only when that cannot differ
// (above). Otherwise, and without callbacks, the call is the crate's `then`, which aborts on a
// callback.
void Emitter::EmitThenHost(const Target& t, const Stmt& s, const RustScope& scope,
                           const RustOperand& self, const std::vector<RustOperand>& args,
                           const std::string& args_vec) {
  const std::string site = std::to_string(s.site);
  const std::string where = RustWriter::Str(t.name);
  std::string call_args = args_vec.empty() ? "&[" : "&" + args_vec;
  if (args_vec.empty()) {
    for (size_t i = 0; i < args.size(); ++i) call_args += (i ? ", " : "") + args[i].owned;
    call_args += "]";
  }
  const std::string place = s.has_result ? Place(s.name, scope) : "";
  const Rep rep = s.has_result ? scope.RepOf(s.name) : Rep::kValue;
  // Not awaited at once, the callbacks run at the call only when that cannot be told apart from
  // Node.js running them later: captureless, effect-free bodies (PureBlock), on a value nothing
  // else may change first (promise::eager_then_receiver).
  bool eager_ok = !s.awaited;
  for (const Target& cb : t.callbacks)
    eager_ok = eager_ok && cb.captures.empty() && PureBlock(cb.body);
  if (t.callbacks.empty() || (!s.awaited && !eager_ok)) {
    const std::string call = "builtins::call(ctx, b, " + self.ref + ", " + call_args + ")?";
    if (s.has_result) {
      AssignTyped(place, rep, "", "", call);
    } else {
      w_.Line(call, ";");
    }
    return;
  }
  const std::string v = names_.Temp("h_val"), f = names_.Temp("h_fn"), r = names_.Temp("h_ret");
  auto arg = [&](size_t i) {
    if (!args_vec.empty()) {
      return args_vec + ".get(" + std::to_string(i) + ").cloned().unwrap_or(Value::Undefined)";
    }
    return i < args.size() ? args[i].owned : std::string("Value::Undefined");
  };
  if (s.awaited) {
    w_.Line("// the traced then callback, run at once: its result is awaited at once");
    w_.Line("let ", v, " = promise::then_receiver(", self.ref, ", ", site, ")?;");
  } else {
    w_.Line("// the traced then callback, effect-free, run now rather than from a microtask");
    w_.Line("let ", v, " = promise::eager_then_receiver(", self.ref, ", ", site, ")?;");
  }
  w_.Line("let ", f, " = ", arg(0), ";");
  w_.Line("closure::host_callback(&", f, ", ", site, ", ", where, ")?;");
  w_.Line("ctx.tick(", site, ")?;");
  w_.Line("let mut ", r, ": Value = Value::Undefined;");
  const std::vector<RustOperand> params = {RustOperand::Boxed(v)};
  bool first = true;
  for (const Target& cb : t.callbacks) {
    std::string cond = f + ".is_user_fn(" + std::to_string(cb.function_id) + ")";
    if (first) {
      w_.Open("if ", cond);
    } else {
      w_.Reopen("} else if ", cond);
    }
    first = false;
    // A then callback gets one argument; the typing of callback parameters (index, array) is the
    // array hosts': a callback declaring more is left to Node.js.
    bool one_param =
        cb.params.size() <= 1 && (cb.params.empty() || cb.params[0].rfind("...", 0) != 0);
    if (!one_param) {
      w_.Line("return Err(closure::untraced_callback(", site, ", ", where, "));");
      continue;
    }
    RustScope slot;
    slot.kind = RustScope::Kind::kCallee;
    slot.caller = &scope;
    slot.places[cb.result] = r;
    Stmt invocation;  // the inlined body's frame: no call result, the host's site for ticks
    invocation.site = s.site;
    EmitInline(cb, invocation, slot, params, "", f);
  }
  w_.Reopen("} else if let Value::Function(Func::Builtin(b)) = &", f);
  w_.Line(r, " = builtins::call(ctx, *b, &Value::Undefined, &[", v, ".clone()])?;");
  w_.Reopen("} else");
  w_.Line("return Err(closure::untraced_callback(", site, ", ", where, "));");
  w_.Close();
  // The result adopts the callback's value as Promise.resolve does (a thenable aborts).
  const std::string result = "promise::resolve(ctx, &Value::Undefined, &[" + r + "])?";
  if (s.has_result) {
    AssignTyped(place, rep, "", "", result);
  } else {
    w_.Line(result, ";");
  }
}

}  // namespace containerless::compiler

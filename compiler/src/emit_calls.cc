// The Rust emitter's calls: callee guards, inlined user functions, aborts, and the constant tables.
#include "emitter.h"
#include "passes.h"

namespace containerless::compiler {

void Emitter::EmitUnknown(const Stmt& s, const RustBranch* branch) {
  // An `unknown` with a site of its own is the side of an `if` FoldConstants removed: that `if`
  // is the decision no activation took, not the enclosing one whose side it now sits in.
  if (s.site >= 0) branch = nullptr;
  Loc loc = s.loc.known() || !branch ? s.loc : branch->loc;
  int64_t site = branch ? branch->site : s.site;
  if (IsUntracedReason(s.name)) {
    std::string detail;
    if (branch) {
      detail = std::string("if") + (loc.known() ? " at " + LocText(loc) : "") + " took its " +
               branch->side + " branch";
    } else {
      detail = "untraced code" + (loc.known() ? " at " + LocText(loc) : "");
    }
    w_.Line("return Err(Abort::untraced(", SomeSite(site), ", ", SomeLoc(loc), ", ",
            RustStr{detail}, "));");
    return;
  }
  std::string what = s.name;
  const std::string prefix = "unsupported: ";
  if (what.rfind(prefix, 0) == 0) what = what.substr(prefix.size());
  w_.Line("return Err(Abort::unsupported(", RustStr{what}, ").located(", SomeSite(site), ", ",
          SomeLoc(loc), "));");
}

void Emitter::EmitCall(const Stmt& s, RustScope* scope) {
  RustOperand callee = Prepare(s.object, *scope);
  bool spread = false;
  for (const Item& a : s.args) spread = spread || a.spread;
  // `this` as a host namespace (`Math.floor(x)`) is read only if a target uses it: the direct
  // forms of the Math built-ins do not, and reading `Math` again cost a reference count. Such
  // a read has no effect and cannot fail, so it may come after the arguments.
  bool host_namespace = s.key.kind == AtomKind::kGlobal &&
                        (s.key.text == "Math" || s.key.text == "JSON" || s.key.text == "console");
  RustOperand self;
  if (!host_namespace || spread) self = Prepare(s.key, *scope);
  std::vector<RustOperand> args;
  std::string args_vec;
  std::string slice;
  if (spread) {
    args_vec = names_.Temp("args_");
    w_.Line("let mut ", args_vec, ": Vec<Value> = Vec::new();");
    for (const Item& a : s.args) {
      RustOperand v = Prepare(a.atom, *scope);
      if (a.spread) {
        w_.Line("ops::spread_into(ctx, &mut ", args_vec, ", ", v.ref, ")?;");
      } else {
        w_.Line(args_vec, ".push(", v.owned, ");");
      }
    }
    slice = "&" + args_vec;
  } else {
    slice = "&[";
    for (size_t i = 0; i < s.args.size(); ++i) {
      args.push_back(Prepare(s.args[i].atom, *scope));
      slice += (i ? ", " : "") + args.back().owned;
    }
    slice += "]";
  }
  if (host_namespace && !spread) {
    bool self_used = false;
    for (const Target& t : s.targets) {
      self_used = self_used || (t.kind == TargetKind::kBuiltin && DirectMath(t.name, args).empty());
    }
    if (self_used) self = Prepare(s.key, *scope);
  }
  w_.Line("ctx.tick(", s.site, ")?;");
  std::string place = s.has_result ? Place(s.name, *scope) : "";
  Rep rep = s.has_result ? scope->RepOf(s.name) : Rep::kValue;
  bool first = true;
  for (const Target& t : s.targets) {
    std::string cond;
    // `new f(...)` of a user function is not compiled (the tracer makes it opaque): it aborts.
    if (s.construct && t.kind != TargetKind::kBuiltin) continue;
    if (t.kind == TargetKind::kBuiltin) {
      auto fused = s.object.kind == AtomKind::kVar ? fused_.find(callee.value) : fused_.end();
      cond = "let Some(b) = m.builtins[" + std::to_string(builtin_index_[t.name]) + "]" +
             (fused != fused_.end() ? ".filter(|_| " + fused->second + ")"
                                    : ".filter(|b| " + callee.value + ".is_builtin(*b))");
    } else if (t.kind == TargetKind::kFunction) {
      cond = callee.value + ".is_user_fn(" + std::to_string(t.function_id) + ")";
    } else {
      continue;  // an opaque callee is never run natively: it falls to the guard's abort
    }
    if (first) {
      w_.Open("if ", cond);
    } else {
      w_.Reopen("} else if ", cond);
    }
    first = false;
    if (t.kind == TargetKind::kBuiltin) {
      w_.Line("// ", t.name);
      std::string call = "builtins::call(ctx, b, " + self.ref + ", " + slice + ")?";
      if (s.construct) {
        // `new Date(...)`; the crate aborts for any other built-in constructor.
        call = "builtins::construct(ctx, b, " + slice + ")?";
        if (s.has_result) {
          AssignTyped(place, rep, "", "", call);
        } else {
          w_.Line(call, ";");
        }
        continue;
      }
      if (t.name == "fetch" && InAsyncCode(*scope)) {
        // fetch suspends the activation on its host call (docs/runtime-crate.md, host calls).
        call = "exec::call_async(ctx, b, " + self.ref + ", " + slice + ").await?";
      } else if (t.name == "Array.prototype.push" && !spread && args.size() == 1) {
        // As a statement, without the length it answers (dropping that was a call per push).
        call = std::string(s.has_result ? "ops::push_one(ctx, " : "ops::push_one_void(ctx, ") +
               self.ref + ", " + args[0].owned + ")?";
      } else if (t.name == "String.prototype.charCodeAt" && !spread && args.size() == 1) {
        call = "ops::char_code_at(ctx, " + self.ref + ", " + args[0].ref + ")?";
      }
      if (IsCallbackHost(t.name)) {
        EmitCallbackHost(t, s, *scope, self, args, args_vec);
        continue;
      }
      std::string direct = spread ? "" : DirectMath(t.name, args);
      if (self.rep == Rep::kNumArray && t.name == "Array.prototype.push" && !spread &&
          args.size() == 1) {
        // A local number array (pass_local_arrays.cc): the argument is an unboxed number.
        std::string push = self.raw + ".push(ctx, " + args[0].raw + ")?";
        (s.has_result ? direct : call) = push;
      }
      if (t.name == "String.prototype.charCodeAt" && !spread && args.size() == 1 &&
          args[0].rep == Rep::kF64 && s.has_result && rep == Rep::kF64) {
        // Typed: the index stays unboxed and the code unit is not boxed to be unboxed again.
        direct = args[0].int_raw.empty()
                     ? "ops::char_code_at_f64(ctx, " + self.ref + ", " + args[0].raw + ")?"
                     : "int_index::char_code_at(ctx, " + self.ref + ", " + args[0].int_raw + ")?";
      }
      if (t.name == "String.prototype.charCodeAt" && !spread && args.size() == 1 && s.has_result &&
          rep == Rep::kInt) {
        // An integer local (pass_int_locals.cc): the code unit as an i64 (NaN aborts).
        call = args[0].rep != Rep::kF64 ? "int_index::int_of_value(" + call + ")?"
               : args[0].int_raw.empty()
                   ? "int_index::char_code_at_int_f64(ctx, " + self.ref + ", " + args[0].raw + ")?"
                   : "int_index::char_code_at_int(ctx, " + self.ref + ", " + args[0].int_raw + ")?";
      }
      if (!s.has_result) {
        if (direct.empty()) w_.Line(call, ";");  // a direct Math call has no effect to keep
      } else {
        AssignTyped(place, rep, direct, "", call);
      }
    } else {
      EmitInline(t, s, *scope, args, args_vec, callee.value);
    }
  }
  if (s.object.kind == AtomKind::kVar) fused_.erase(callee.value);  // its `let` ends here
  bool opaque_async = false;
  for (const Target& t : s.targets) {
    opaque_async = opaque_async || (t.kind == TargetKind::kOpaque && t.name == "async");
  }
  // {"opaque":"async"}: an async function whose promise is not awaited at once (trace-ir.md).
  std::string detail = "the callee" + (s.loc.known() ? " at " + LocText(s.loc) : "") +
                       (opaque_async ? " is not one the trace saw, or an async function whose "
                                       "promise is not awaited at once"
                                     : " is not one the trace saw");
  std::string abort = "return Err(Abort::guard(Some(" + std::to_string(s.site) + "), " +
                      RustWriter::Str(detail) + "));";
  if (first) {
    w_.Line(abort);
    return;
  }
  w_.Reopen("} else");
  w_.Line(abort);
  w_.Close();
}

// Reads and writes of the locals of one function (fn); an inlined callee's "scope":"caller"
// sets write its caller's locals. Over-counting only keeps a read from being fused.
void Emitter::CountNames(const Block& block, const Reps* fn, const Reps* caller) {
  std::map<std::string, int>& uses = uses_[fn];
  auto use = [&uses](const Atom& a) {
    if (a.kind == AtomKind::kVar) ++uses[a.text];
  };
  for (const Stmt& s : block) {
    if (s.kind == StmtKind::kSet || s.kind == StmtKind::kDelete ||
        (s.kind == StmtKind::kCall && s.has_result)) {
      // A "scope":"caller" set assigns the caller's local, not one of this scope's.
      ++defs_[s.to_caller ? caller : fn][s.name];
    }
    use(s.value.a);
    use(s.value.b);
    for (const Prop& p : s.value.props) {
      use(p.computed);
      use(p.value);
    }
    for (const Item& i : s.value.items) use(i.atom);
    for (const Atom& c : s.value.captures) use(c);
    use(s.object);
    use(s.key);
    use(s.atom);
    for (const Item& i : s.args) use(i.atom);
    for (const Target& t : s.targets) {
      for (const std::string& p : t.params) ++defs_[&t.reps][p];
      CountNames(t.body, &t.reps, fn);
      for (const Target& cb : t.callbacks) {
        for (const std::string& p : cb.params) ++defs_[&cb.reps][p];
        CountNames(cb.body, &cb.reps, nullptr);  // its returns assign the host's own slot
      }
    }
    CountNames(s.then_body, fn, caller);
    CountNames(s.else_body, fn, caller);
  }
}

// The call whose callee guard block[i] (`f = obj.key`) can be fused into, or nullptr.
const Stmt* Emitter::FusedCall(const Block& block, size_t i, const RustScope& scope) {
  const Stmt& s = block[i];
  if (scope.kind == RustScope::Kind::kModule || !scope.reps || s.kind != StmtKind::kSet ||
      s.to_caller || s.value.kind != ExprKind::kGet || !IsNamedKey(s.value.b) ||
      scope.RepOf(s.name) != Rep::kValue || uses_[scope.reps][s.name] != 1 ||
      defs_[scope.reps][s.name] != 1) {
    return nullptr;
  }
  for (size_t j = i + 1; j < block.size(); ++j) {
    const Stmt& c = block[j];
    if (c.kind != StmtKind::kCall || c.object.kind != AtomKind::kVar || c.object.text != s.name) {
      continue;
    }
    bool spread = false;
    for (const Item& a : c.args) spread = spread || a.spread;
    if (spread || c.targets.size() != 1 || c.targets[0].kind != TargetKind::kBuiltin) {
      return nullptr;
    }
    return &c;
  }
  return nullptr;
}

// Whether main's body needs an async `run`: an await, or a call that may reach fetch.
bool Emitter::UsesAsync(const Block& block) {
  for (const Stmt& s : block) {
    if (s.kind == StmtKind::kSet && s.value.kind == ExprKind::kAwait) return true;
    for (const Target& t : s.targets) {
      if (t.kind == TargetKind::kBuiltin && t.name == "fetch") return true;
      if (UsesAsync(t.body)) return true;
      for (const Target& cb : t.callbacks) {
        if (UsesAsync(cb.body)) return true;
      }
    }
    if (UsesAsync(s.then_body) || UsesAsync(s.else_body)) return true;
  }
  return false;
}

bool Emitter::InAsyncCode(const RustScope& scope) {
  const RustScope* root = &scope;
  while (root->caller) root = root->caller;
  return root->kind != RustScope::Kind::kModule;
}

// A user function's traced body, in a scope of its own: its parameters bound from the
// arguments, its locals undefined, its returns (set result; break label) leaving the loop.
void Emitter::EmitInline(const Target& t, const Stmt& call, const RustScope& caller,
                         const std::vector<RustOperand>& args, const std::string& args_vec,
                         const std::string& fn_value) {
  w_.Line("// inlined: function ", t.function_id, " (", t.name, ")");
  RustScope callee;
  callee.kind = RustScope::Kind::kCallee;
  callee.caller = &caller;
  std::string prefix = "f" + std::to_string(++inlined_) + "_";
  BindCaptures(t, fn_value, prefix, &callee);  // then the parameters (closures contract)
  for (size_t i = 0; i < t.params.size(); ++i) {
    std::string name = names_.Claim(prefix, t.params[i]);
    callee.places[t.params[i]] = name;
    Rep rep = t.reps.count(t.params[i]) ? t.reps.at(t.params[i]) : Rep::kValue;
    std::string value = !args_vec.empty() ? args_vec + ".get(" + std::to_string(i) +
                                                ").cloned().unwrap_or(Value::Undefined)"
                                          : (i < args.size() ? args[i].owned : "Value::Undefined");
    if (rep != Rep::kValue && args_vec.empty() && i < args.size() && args[i].rep == rep) {
      value = args[i].raw;  // inference gives a parameter the type of its argument
    } else if (rep != Rep::kValue) {
      value = std::string(rep == Rep::kF64 ? "ops::as_f64(" : "ops::as_bool(") + value + ")?";
    }
    w_.Line("let mut ", name, ": ", RustType(rep), " = ", value, ";");
  }
  callee.reps = &t.reps;
  DeclareLocals(t.locals, prefix, &callee);
  // Falling off the end returns undefined. The tracer also ends the body with that set
  // (trace-ir.md 5.1); this keeps hand-written and older traces right. An unboxed result
  // needs none: inference proved that every way out of the body assigns it.
  if (call.has_result && caller.RepOf(call.name) == Rep::kValue) {
    w_.Line(Place(call.name, caller), " = Value::Undefined;");
  }
  std::string label = names_.Claim("r_", t.label);
  callee.labels.push_back({t.label, label, false, call.site});
  w_.Open("'", label, ": loop");
  EmitBlock(t.body, &callee, nullptr);
  if (BlockCompletes(t.body)) w_.Line("break '", label, ";");
  w_.Close();
}

// A Module field name for a constant's text: `prefix` and the text's letters and digits, so
// that the code reads `ops::get(ctx, &v_args, &m.s_name)`.
std::string Emitter::FieldFor(const std::string& prefix, const std::string& text) {
  std::string base = prefix;
  for (unsigned char c : text) {
    if (base.size() >= 24) break;
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      base += static_cast<char>(c);
    } else if (base.back() != '_') {
      base += '_';
    }
  }
  if (base.size() > prefix.size() && base.back() == '_') base.pop_back();
  if (base == prefix) base.pop_back();
  return names_.ClaimExact(base);
}

// A string constant becomes a Module field named after its text ("name" -> s_name).
void Emitter::CollectAtom(const Atom& a) {
  if (a.kind != AtomKind::kStr || a.has_u16 || string_field_.count(a.text)) return;
  string_field_[a.text] = FieldFor("s_", a.text);
  strings_.push_back(a.text);
}

// A literal property key (`a.b`, `xs.push`, `o.k = v`) becomes a PropName field ("push" ->
// k_push): the crate resolves what does not depend on the receiver once, in init.
void Emitter::CollectKey(const Atom& a) {
  if (!IsNamedKey(a)) return CollectAtom(a);
  CollectKeyText(a.text);
}

void Emitter::CollectKeyText(const std::string& text) {
  if (key_field_.count(text)) return;
  key_field_[text] = FieldFor("k_", text);
  keys_.push_back(text);
}

void Emitter::CollectConstants(const Block& block) {
  for (const Stmt& s : block) {
    bool get =
        (s.kind == StmtKind::kSet || s.kind == StmtKind::kSetMod) && s.value.kind == ExprKind::kGet;
    for (const Atom* a : {&s.object, &s.atom, &s.value.a}) CollectAtom(*a);
    if (s.kind == StmtKind::kSetProp) {
      CollectKey(s.key);
    } else {
      CollectAtom(s.key);
    }
    if (get) {
      CollectKey(s.value.b);
    } else {
      CollectAtom(s.value.b);
    }
    for (const Prop& p : s.value.props) {
      // An object literal's key is made once too (a literal __proto__ aborts in `b.prop`).
      if (p.kind == Prop::Kind::kKey && p.key != "__proto__") CollectKeyText(p.key);
      CollectAtom(p.computed);
      CollectAtom(p.value);
    }
    for (const Item& i : s.value.items) CollectAtom(i.atom);
    for (const Item& i : s.args) CollectAtom(i.atom);
    for (const Target& t : s.targets) {
      if (t.kind == TargetKind::kBuiltin && !builtin_index_.count(t.name)) {
        builtin_index_[t.name] = static_cast<int64_t>(builtins_.size());
        builtins_.push_back(t.name);
      }
      CollectFunctionName(t);
      CollectConstants(t.body);
      for (const Target& cb : t.callbacks) {
        CollectFunctionName(cb);
        CollectConstants(cb.body);
      }
    }
    CollectConstants(s.then_body);
    CollectConstants(s.else_body);
  }
}

}  // namespace containerless::compiler

// The trace reader's lowerings: rest parameters, async calls whose promise is not awaited, async
// callbacks of map. A rest parameter `...xs` (the last of `params`, trace-ir.md section 7) is bound
// as an array of the call's surplus arguments.
#include <algorithm>
#include <iterator>
#include <set>

#include "reader_impl.h"

namespace containerless::compiler {

Status Reader::SplitRest(const std::string& path, std::vector<std::string>* params,
                         std::string* rest) {
  rest->clear();
  for (size_t i = 0; i < params->size(); ++i) {
    const std::string& name = (*params)[i];
    if (name.compare(0, 3, "...") != 0) continue;
    if (i + 1 != params->size() || name.size() == 3) {
      return Err(ErrorCode::kBadValue, At(At(path, "params"), i),
                 "a rest parameter (\"...name\") must be the last parameter and have a name");
    }
    *rest = name.substr(3);
    params->pop_back();
  }
  for (const std::string& name : *params) {
    if (name == *rest) {
      return Err(ErrorCode::kDuplicateName, At(path, "params"),
                 "\"" + name + "\" is declared twice");
    }
  }
  return Status::Ok();
}

// Exact because a call's arguments are all known here (no spread): the callee gets one more
// parameter per surplus argument, under a name no other of its bindings has, and its body starts
// with `set rest = [those parameters]`, a new array each call, as JavaScript makes one; with no
// surplus argument the array is empty.
void Reader::LowerRest(const std::string& rest, int64_t argc, std::vector<std::string>* params,
                       std::vector<std::string>* locals, const std::vector<std::string>& captures,
                       Block* body) {
  std::set<std::string> taken(params->begin(), params->end());
  taken.insert(locals->begin(), locals->end());
  taken.insert(captures.begin(), captures.end());
  taken.insert(rest);
  Stmt bind;
  bind.kind = StmtKind::kSet;
  bind.name = rest;
  bind.value.kind = ExprKind::kArray;
  const int64_t surplus = argc - static_cast<int64_t>(params->size());
  for (int64_t j = 1; j <= surplus; ++j) {
    std::string name = "$rest" + std::to_string(j);
    while (taken.count(name)) name += "$";
    taken.insert(name);
    params->push_back(name);
    Item item;
    item.atom = Atom::Of(AtomKind::kVar, name);
    bind.value.items.push_back(std::move(item));
  }
  // The tracer lists the rest parameter among the locals too (trace-ir.md section 7).
  if (std::find(locals->begin(), locals->end(), rest) == locals->end()) locals->push_back(rest);
  body->insert(body->begin(), std::move(bind));
}

namespace {

// A local name `base`, `base$1`, ... that neither `locals` nor `others` (the parameters and
// captures) hold yet, added to `locals`.
std::string FreshLocal(const std::string& base, std::vector<std::string>* locals,
                       const std::vector<std::string>& others) {
  std::set<std::string> taken(locals->begin(), locals->end());
  taken.insert(others.begin(), others.end());
  std::string name = base;
  for (int n = 1; taken.count(name); ++n) name = base + "$" + std::to_string(n);
  locals->push_back(name);
  return name;
}

Stmt SetOf(const std::string& name, Expr value, const Loc& loc) {
  Stmt s;
  s.kind = StmtKind::kSet;
  s.name = name;
  s.value = std::move(value);
  s.loc = loc;
  return s;
}

// `set name = await name; set f = Promise.resolve; call name = f(name)` at `loc`, call site
// `site`: the value an async function returns made its promise's (a returned promise's value; a
// thenable aborts, a rejection throws), then a new fulfilled promise of it.
Block SettleAndResolve(const std::string& name, const std::string& f, int64_t site,
                       const Loc& loc) {
  Expr settle;
  settle.kind = ExprKind::kAwait;
  settle.a = Atom::Of(AtomKind::kVar, name);
  Expr method;
  method.kind = ExprKind::kGet;
  method.a = Atom::Of(AtomKind::kGlobal, "Promise");
  method.b = Atom::String("resolve");
  Stmt call;
  call.kind = StmtKind::kCall;
  call.loc = loc;
  call.site = site;
  call.name = name;
  call.has_result = true;
  call.object = Atom::Of(AtomKind::kVar, f);
  call.key = Atom::Of(AtomKind::kGlobal, "Promise");
  Item arg;
  arg.atom = Atom::Of(AtomKind::kVar, name);
  call.args.push_back(std::move(arg));
  Target resolve;
  resolve.kind = TargetKind::kBuiltin;
  resolve.name = "Promise.resolve";
  call.targets.push_back(std::move(resolve));
  Block out;
  out.push_back(SetOf(name, std::move(settle), loc));
  out.push_back(SetOf(f, std::move(method), loc));
  out.push_back(std::move(call));
  return out;
}

// An async callback of map (`ids.map(async (id) => …)`, run whole at its call: the tracer traces
// it only where that is exact, proxy/trace/async-calls.js) gives map a promise, not its returned
// value: each `set result = v` ("scope":"caller", its returns and the final `undefined`) becomes
// `set t = v`, SettleAndResolve(t), `set result = t`, with t and f locals of the callback.
void LowerAsyncReturns(Block* body, const std::string& result, int64_t site,
                       std::vector<std::string>* locals, const std::vector<std::string>& others) {
  for (size_t i = 0; i < body->size(); ++i) {
    Stmt& s = (*body)[i];
    LowerAsyncReturns(&s.then_body, result, site, locals, others);
    LowerAsyncReturns(&s.else_body, result, site, locals, others);
    if (s.kind != StmtKind::kSet || !s.to_caller || s.name != result) continue;
    const std::string t = FreshLocal("$async_value", locals, others);
    const std::string f = FreshLocal("$async_resolve", locals, others);
    const Loc loc = s.loc;
    Block added;
    added.push_back(SetOf(t, std::move(s.value), loc));
    Block settle = SettleAndResolve(t, f, site, loc);
    std::move(settle.begin(), settle.end(), std::back_inserter(added));
    Stmt set = SetOf(result, Expr::OfAtom(Atom::Of(AtomKind::kVar, t)), loc);
    set.to_caller = true;
    added.push_back(std::move(set));
    body->erase(body->begin() + static_cast<std::ptrdiff_t>(i));
    body->insert(body->begin() + static_cast<std::ptrdiff_t>(i),
                 std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
    i += added.size() - 1;
  }
}

}  // namespace

// An async user function inlined where its promise is not awaited at once (`Promise.all([g(1),
// g(2)])`: the tracer inlines it there only when running it whole at the call is exact,
// proxy/trace/async-calls.js and trace-ir.md section 5.1) gives a promise, not its returned
// value: after the call, `set r = await r` (a returned promise's value; a thenable aborts, a
// rejection throws) and `r = Promise.resolve(r)`, a new fulfilled promise, as the async function's
// own is. A call whose other targets are not async user functions keeps those and aborts for the
// async ones (opaque), rather than wrapping a built-in's result too.
void Reader::LowerAsyncCalls(Block* body, std::vector<std::string>* locals,
                             const std::vector<std::string>& others) {
  for (size_t i = 0; i < body->size(); ++i) {
    Stmt& s = (*body)[i];
    LowerAsyncCalls(&s.then_body, locals, others);
    LowerAsyncCalls(&s.else_body, locals, others);
    if (s.kind != StmtKind::kCall) continue;
    bool async_target = false;
    bool other = false;
    for (Target& t : s.targets) {
      auto own = [](const Target& f) {
        std::vector<std::string> names(f.params);
        names.insert(names.end(), f.captures.begin(), f.captures.end());
        return names;
      };
      if (t.kind == TargetKind::kFunction) LowerAsyncCalls(&t.body, &t.locals, own(t));
      for (Target& cb : t.callbacks) {
        LowerAsyncCalls(&cb.body, &cb.locals, own(cb));
        if (cb.is_async) LowerAsyncReturns(&cb.body, cb.result, s.site, &cb.locals, own(cb));
      }
      if (t.kind == TargetKind::kFunction && t.is_async) {
        async_target = true;
      } else if (t.kind != TargetKind::kOpaque) {
        other = true;
      }
    }
    if (!async_target || s.awaited || !s.has_result) continue;
    if (other || s.construct) {
      for (Target& t : s.targets) {
        if (t.kind != TargetKind::kFunction || !t.is_async) continue;
        t = Target();
        t.kind = TargetKind::kOpaque;
        t.name = "async";
      }
      continue;
    }
    const std::string f = FreshLocal("$async_resolve", locals, others);
    Block added = SettleAndResolve(s.name, f, s.site, s.loc);
    body->insert(body->begin() + static_cast<std::ptrdiff_t>(i) + 1,
                 std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
    i += added.size();
  }
}

}  // namespace containerless::compiler

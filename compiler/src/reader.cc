// The trace reader: document, functions, blocks and statements (docs/trace-ir.md 1, 2, 5).
#include "reader.h"

#include <limits>

#include <rapidjson/error/en.h>

#include "reader_impl.h"

namespace containerless::compiler {

Status Reader::String(const JsonValue& obj, const std::string& path, const char* field,
                      std::string* out) {
  const JsonValue* v = nullptr;
  if (Status s = Field(obj, path, field, &v); !s.ok()) return s;
  if (!v->IsString()) {
    return Err(ErrorCode::kWrongType, At(path, field), std::string(field) + " must be a string");
  }
  out->assign(v->GetString(), v->GetStringLength());
  return Status::Ok();
}

Status Reader::Int(const JsonValue& obj, const std::string& path, const char* field, int64_t min,
                   int64_t* out) {
  const JsonValue* v = nullptr;
  if (Status s = Field(obj, path, field, &v); !s.ok()) return s;
  if (!v->IsInt64()) {
    return Err(ErrorCode::kWrongType, At(path, field), std::string(field) + " must be an integer");
  }
  if (v->GetInt64() < min) {
    return Err(ErrorCode::kBadValue, At(path, field),
               std::string(field) + " must be at least " + std::to_string(min));
  }
  *out = v->GetInt64();
  return Status::Ok();
}

// Function ids become `Func::User(u32)` in Rust; like sites they fit an int32.
Status Reader::FunctionId(const JsonValue& obj, const std::string& path, const char* field,
                          int64_t* out) {
  if (Status s = Int(obj, path, field, 0, out); !s.ok()) return s;
  if (*out > std::numeric_limits<int32_t>::max()) {
    return Err(ErrorCode::kBadValue, At(path, field), "function id out of range (int32)");
  }
  return Status::Ok();
}

// Sites are the first half of event-list pairs (an Int32Array): 0 to 2^31-1.
Status Reader::Site(const JsonValue& obj, const std::string& path, int64_t* out) {
  if (Status s = Int(obj, path, "site", 0, out); !s.ok()) return s;
  if (*out > std::numeric_limits<int32_t>::max()) {
    return Err(ErrorCode::kBadValue, At(path, "site"), "site does not fit an event list (int32)");
  }
  return Status::Ok();
}

Status Reader::Names(const JsonValue& obj, const std::string& path, const char* field,
                     std::vector<std::string>* out) {
  const JsonValue* v = nullptr;
  if (Status s = Field(obj, path, field, &v); !s.ok()) return s;
  std::string here = At(path, field);
  if (!v->IsArray())
    return Err(ErrorCode::kWrongType, here, std::string(field) + " must be an array");
  std::set<std::string> seen;
  for (size_t i = 0; i < v->Size(); ++i) {
    const JsonValue& item = (*v)[i];
    if (!item.IsString() || item.GetStringLength() == 0) {
      return Err(ErrorCode::kWrongType, At(here, i), "a name must be a non-empty string");
    }
    std::string name(item.GetString(), item.GetStringLength());
    if (!seen.insert(name).second) {
      return Err(ErrorCode::kDuplicateName, At(here, i), "\"" + name + "\" is declared twice");
    }
    out->push_back(std::move(name));
  }
  return Status::Ok();
}

Status Reader::Async(const JsonValue& obj, const std::string& path, bool* out) {
  auto it = obj.FindMember("async");
  if (it == obj.MemberEnd()) return Status::Ok();
  if (!it->value.IsBool()) {
    return Err(ErrorCode::kWrongType, At(path, "async"), "async must be a boolean");
  }
  *out = it->value.GetBool();
  return Status::Ok();
}

Status Reader::ReadDocument(const JsonValue& root) {
  if (Status s = Object(root, "", "a trace"); !s.ok()) return s;
  const JsonValue* version = nullptr;
  if (Status s = Field(root, "", "version", &version); !s.ok()) return s;
  if (!version->IsInt64() || version->GetInt64() != kTraceVersion) {
    std::string got = version->IsInt64() ? std::to_string(version->GetInt64()) : "not an integer";
    return Err(ErrorCode::kVersion, "/version",
               "trace version " + got + " is not supported: this compiler reads version " +
                   std::to_string(kTraceVersion));
  }
  trace_->version = version->GetInt64();
  if (Status s = String(root, "", "code_sha256", &trace_->code_sha256); !s.ok()) return s;
  bool hex = trace_->code_sha256.size() == 64;
  for (char c : trace_->code_sha256)
    hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!hex) {
    return Err(ErrorCode::kBadValue, "/code_sha256", "code_sha256 must be 64 lowercase hex digits");
  }
  if (Status s = String(root, "", "entry", &trace_->entry); !s.ok()) return s;
  if (Status s = Int(root, "", "activations", 0, &trace_->activations); !s.ok()) return s;
  if (Status s = Int(root, "", "stable_for", 0, &trace_->stable_for); !s.ok()) return s;
  const JsonValue* v = nullptr;
  if (Status s = Field(root, "", "compilable", &v); !s.ok()) return s;
  if (!v->IsBool())
    return Err(ErrorCode::kWrongType, "/compilable", "compilable must be a boolean");
  trace_->compilable = v->GetBool();
  if (Status s = Field(root, "", "not_compilable_because", &v); !s.ok()) return s;
  if (v->IsString()) {
    trace_->not_compilable_because.assign(v->GetString(), v->GetStringLength());
  } else if (!v->IsNull()) {
    return Err(ErrorCode::kWrongType, "/not_compilable_because",
               "not_compilable_because must be a string or null");
  }

  // The module first: its locals are the module bindings every other part may read.
  if (Status s = Field(root, "", "module", &v); !s.ok()) return s;
  if (Status s = ReadFunction(*v, "/module", ReaderScope::Kind::kModule, &trace_->module);
      !s.ok()) {
    return s;
  }
  if (Status s = Field(root, "", "main", &v); !s.ok()) return s;
  if (v->IsNull() && !trace_->compilable) {
    // The tracer found no entry function it understood: say why rather than "main is null".
    return Err(ErrorCode::kNotCompilable, "/main",
               "the tracer marked this trace not compilable: " +
                   (trace_->not_compilable_because.empty() ? std::string("no reason given")
                                                           : trace_->not_compilable_because));
  }
  if (Status s = ReadFunction(*v, "/main", ReaderScope::Kind::kMain, &trace_->main); !s.ok()) {
    return s;
  }
  LowerAsyncCalls(&trace_->main.body, &trace_->main.locals, trace_->main.params);
  return Status::Ok();
}

Status Reader::ReadFunction(const JsonValue& v, const std::string& path, ReaderScope::Kind kind,
                            Function* out) {
  if (Status s = Object(v, path, path == "/module" ? "module" : "main"); !s.ok()) return s;
  std::string rest;  // main's rest parameter, if any: bound from the activation's one argument
  if (kind == ReaderScope::Kind::kMain) {
    if (Status s = Names(v, path, "params", &out->params); !s.ok()) return s;
    if (Status s = SplitRest(path, &out->params, &rest); !s.ok()) return s;
    if (Status s = Async(v, path, &out->is_async); !s.ok()) return s;
  } else if (v.HasMember("async")) {
    return Err(ErrorCode::kMisplaced, At(path, "async"),
               "the module's top-level code is not a function");
  }
  if (Status s = Names(v, path, "locals", &out->locals); !s.ok()) return s;
  ReaderScope scope{kind, {}, nullptr, {}, {}, &out->catches};
  scope.names.insert(out->params.begin(), out->params.end());
  scope.names.insert(out->locals.begin(), out->locals.end());
  if (!rest.empty()) scope.names.insert(rest);
  if (kind == ReaderScope::Kind::kModule) module_names_ = scope.names;
  const JsonValue* body = nullptr;
  if (Status s = Field(v, path, "body", &body); !s.ok()) return s;
  if (Status s = ReadBlock(*body, At(path, "body"), &scope, &out->body); !s.ok()) return s;
  if (!rest.empty()) LowerRest(rest, 1, &out->params, &out->locals, {}, &out->body);
  return Status::Ok();
}

Status Reader::ReadBlock(const JsonValue& v, const std::string& path, ReaderScope* scope,
                         Block* out) {
  if (!v.IsArray())
    return Err(ErrorCode::kWrongType, path, "a block must be an array of statements");
  // The reader, the passes and the emitter recurse once per nested block; a bound keeps a
  // broken trace from exhausting the stack (the addon nests at most 200 deep, times 8 inlined
  // calls).
  if (depth_ >= kMaxBlockDepth) {
    return Err(ErrorCode::kBadValue, path,
               "blocks nest deeper than " + std::to_string(kMaxBlockDepth) + " levels");
  }
  ++depth_;
  out->clear();
  out->reserve(v.Size());
  Status status;
  for (size_t i = 0; i < v.Size() && status.ok(); ++i) {
    if (IsTry(v[i])) {
      status = ReadTry(v[i], At(path, i), scope, out);
      continue;
    }
    out->emplace_back();
    status = ReadStmt(v[i], At(path, i), scope, &out->back());
  }
  // `call site r = f(x)` then `set t = await r` (trace-ir.md section 4): the call is awaited.
  for (size_t i = 0; status.ok() && i + 1 < out->size(); ++i) {
    Stmt& call = (*out)[i];
    const Stmt& next = (*out)[i + 1];
    call.awaited = call.kind == StmtKind::kCall && call.has_result && next.kind == StmtKind::kSet &&
                   next.value.kind == ExprKind::kAwait && next.value.a.kind == AtomKind::kVar &&
                   next.value.a.text == call.name;
  }
  --depth_;
  return status;
}

bool Reader::IsTry(const JsonValue& v) {
  if (!v.IsObject()) return false;
  auto it = v.FindMember("s");
  return it != v.MemberEnd() && it->value.IsString() && std::string(it->value.GetString()) == "try";
}

namespace {

// The first return, or break/continue to a label not in `inner`, that leaves `block` (inlined
// callees' bodies are not looked into: their jumps stay within the call), or "".
std::string LeavingJump(const Block& block, std::set<std::string> inner) {
  for (const Stmt& s : block) {
    if (s.kind == StmtKind::kReturn) return "return";
    if ((s.kind == StmtKind::kBreak || s.kind == StmtKind::kContinue) && !inner.count(s.name)) {
      return s.kind == StmtKind::kBreak ? "break" : "continue";
    }
    std::set<std::string> nested = inner;
    if (s.kind == StmtKind::kLoop || s.kind == StmtKind::kBlock) nested.insert(s.name);
    if (s.kind == StmtKind::kIf || s.kind == StmtKind::kLoop || s.kind == StmtKind::kBlock) {
      std::string found = LeavingJump(s.then_body, nested);
      if (found.empty()) found = LeavingJump(s.else_body, nested);
      if (!found.empty()) return found;
    }
  }
  return "";
}

}  // namespace

// trace-ir.md section 5: `try` runs `body`, then `finally`. Native code aborts on any throw (the
// activation is re-executed in Node.js, which runs the catch block), so the catch block never
// runs natively: it is checked (names, labels, placement) and set aside in the function's
// `catches` (only the module-state check reads it), and the try becomes its
// body's statements followed by its finally's, spliced into the enclosing block. That is exact
// only when nothing jumps out of a block a finally follows, which is checked here (the
// normalizer never writes such a try).
Status Reader::ReadTry(const JsonValue& v, const std::string& path, ReaderScope* scope,
                       Block* out) {
  if (auto it = v.FindMember("loc"); it != v.MemberEnd()) {
    Loc loc;
    if (Status s = ReadLoc(it->value, At(path, "loc"), &loc); !s.ok()) return s;
  }
  const JsonValue* f = nullptr;
  if (Status s = Field(v, path, "param", &f); !s.ok()) return s;
  if (f->IsString()) {
    const std::string param(f->GetString(), f->GetStringLength());
    if (Status s = Assignable(param, At(path, "param"), *scope); !s.ok()) return s;
  } else if (!f->IsNull()) {
    return Err(ErrorCode::kWrongType, At(path, "param"), "param must be a local's name or null");
  }
  Block body;
  if (Status s = Field(v, path, "body", &f); !s.ok()) return s;
  if (Status s = ReadBlock(*f, At(path, "body"), scope, &body); !s.ok()) return s;
  Block blocks[2];  // catch, finally (an absent one is null)
  bool present[2] = {false, false};
  const char* const members[2] = {"catch", "finally"};
  for (int i = 0; i < 2; ++i) {
    if (Status s = Field(v, path, members[i], &f); !s.ok()) return s;
    if (f->IsNull()) continue;
    present[i] = true;
    if (Status s = ReadBlock(*f, At(path, members[i]), scope, &blocks[i]); !s.ok()) return s;
  }
  if (present[1]) {
    for (int i = 0; i < 2; ++i) {
      const std::string what = LeavingJump(i == 0 ? body : blocks[0], {});
      if (!what.empty()) {
        return Err(ErrorCode::kMisplaced, path,
                   "a " + what + " leaves the " + (i == 0 ? "try" : "catch") +
                       " block of a try that has a finally");
      }
    }
  }
  for (Stmt& s : body) out->push_back(std::move(s));
  for (Stmt& s : blocks[1]) out->push_back(std::move(s));
  if (present[0] && scope->catches != nullptr) {
    scope->catches->push_back(CatchBlock{At(path, "catch"), std::move(blocks[0])});
  }
  return Status::Ok();
}

Status Reader::Assignable(const std::string& name, const std::string& path,
                          const ReaderScope& scope) {
  if (scope.names.count(name)) return Status::Ok();
  return Err(ErrorCode::kUndeclaredName, path, "\"" + name + "\" is not a declared local");
}

// `"scope":"caller"` marks an inlined callee's rewritten `return v`: the name is the call's
// result, a local of the caller, even when the callee has a local of the same name.
Status Reader::ReadSetScope(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                            Stmt* out) {
  auto it = v.FindMember("scope");
  if (it == v.MemberEnd()) return Status::Ok();
  if (!it->value.IsString() || std::string(it->value.GetString()) != "caller") {
    return Err(ErrorCode::kBadValue, At(path, "scope"), "scope must be \"caller\"");
  }
  if (scope.kind != ReaderScope::Kind::kCallee) {
    return Err(ErrorCode::kMisplaced, At(path, "scope"),
               "\"scope\":\"caller\" outside an inlined function");
  }
  if (out->name != scope.result) {
    return Err(ErrorCode::kBadValue, At(path, "name"),
               "a set with \"scope\":\"caller\" must assign the call's result (" +
                   (scope.result.empty() ? std::string("the call has none") : scope.result) + ")");
  }
  out->to_caller = true;
  return Status::Ok();
}

Status Reader::Label(const std::string& label, const std::string& path, const ReaderScope& scope,
                     bool loop) {
  for (auto it = scope.labels.rbegin(); it != scope.labels.rend(); ++it) {
    if (it->first != label) continue;
    if (loop && !it->second) {
      return Err(ErrorCode::kUnknownLabel, path,
                 "continue names \"" + label + "\", which is a block, not a loop");
    }
    return Status::Ok();
  }
  return Err(ErrorCode::kUnknownLabel, path,
             "no enclosing loop or block is labelled \"" + label + "\"");
}

Status Reader::ReadLoc(const JsonValue& v, const std::string& path, Loc* out) {
  if (!v.IsArray() || v.Size() != 2 || !v[0].IsInt64() || !v[1].IsInt64()) {
    return Err(ErrorCode::kWrongType, path, "loc must be [line, column], two integers");
  }
  // Rust receives them as u32 (ctx.at); the int32 bound keeps every consumer safe.
  const int64_t max = std::numeric_limits<int32_t>::max();
  if (v[0].GetInt64() < 1 || v[1].GetInt64() < 0 || v[0].GetInt64() > max ||
      v[1].GetInt64() > max) {
    return Err(ErrorCode::kBadValue, path,
               "loc needs a line from 1 and a column from 0, both below 2^31");
  }
  out->line = v[0].GetInt64();
  out->column = v[1].GetInt64();
  return Status::Ok();
}

Status Reader::ReadStmt(const JsonValue& v, const std::string& path, ReaderScope* scope,
                        Stmt* out) {
  if (Status s = Object(v, path, "a statement"); !s.ok()) return s;
  std::string tag;
  if (Status s = String(v, path, "s", &tag); !s.ok()) return s;
  if (!Lookup(tag, &out->kind)) {
    return Err(ErrorCode::kUnknownKind, At(path, "s"), "unknown statement kind \"" + tag + "\"");
  }
  if (auto it = v.FindMember("loc"); it != v.MemberEnd()) {
    if (Status s = ReadLoc(it->value, At(path, "loc"), &out->loc); !s.ok()) return s;
  }
  const JsonValue* f = nullptr;
  switch (out->kind) {
    case StmtKind::kSet:
    case StmtKind::kSetMod: {
      if (Status s = String(v, path, "name", &out->name); !s.ok()) return s;
      if (out->kind == StmtKind::kSet) {
        if (Status s = ReadSetScope(v, path, *scope, out); !s.ok()) return s;
        const ReaderScope& target = out->to_caller ? *scope->caller : *scope;
        if (Status s = Assignable(out->name, At(path, "name"), target); !s.ok()) return s;
      } else if (!module_names_.count(out->name)) {
        return Err(ErrorCode::kUndeclaredName, At(path, "name"),
                   "\"" + out->name + "\" is not a module binding");
      }
      if (Status s = Field(v, path, "value", &f); !s.ok()) return s;
      if (Status s = ReadExpr(*f, At(path, "value"), *scope, &out->value); !s.ok()) return s;
      if (out->kind == StmtKind::kSetMod && out->value.kind == ExprKind::kAwait) {
        return Err(ErrorCode::kMisplaced, At(path, "value"),
                   "await as the value of a setmod (only a set in a function body may await)");
      }
      return Status::Ok();
    }
    case StmtKind::kSetProp:
    case StmtKind::kDelete: {
      if (out->kind == StmtKind::kDelete) {
        if (Status s = String(v, path, "result", &out->name); !s.ok()) return s;
        if (Status s = Assignable(out->name, At(path, "result"), *scope); !s.ok()) return s;
      }
      if (Status s = Field(v, path, "object", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "object"), *scope, &out->object); !s.ok()) return s;
      if (Status s = Field(v, path, "key", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "key"), *scope, &out->key); !s.ok()) return s;
      if (out->kind == StmtKind::kDelete) return Status::Ok();
      if (Status s = Field(v, path, "value", &f); !s.ok()) return s;
      return ReadAtom(*f, At(path, "value"), *scope, &out->atom);
    }
    case StmtKind::kCall:
      return ReadCall(v, path, scope, out);
    case StmtKind::kIf: {
      if (Status s = Site(v, path, &out->site); !s.ok()) return s;
      if (Status s = Field(v, path, "test", &f); !s.ok()) return s;
      if (Status s = ReadAtom(*f, At(path, "test"), *scope, &out->object); !s.ok()) return s;
      if (Status s = Field(v, path, "then", &f); !s.ok()) return s;
      if (Status s = ReadBlock(*f, At(path, "then"), scope, &out->then_body); !s.ok()) return s;
      if (Status s = Field(v, path, "else", &f); !s.ok()) return s;
      if (Status s = ReadBlock(*f, At(path, "else"), scope, &out->else_body); !s.ok()) return s;
      if (auto it = v.FindMember("taken"); it != v.MemberEnd()) {
        const JsonValue& t = it->value;
        if (!t.IsArray() || t.Size() != 2 || !t[0].IsInt64() || !t[1].IsInt64() ||
            t[0].GetInt64() < 0 || t[1].GetInt64() < 0) {
          return Err(ErrorCode::kWrongType, At(path, "taken"),
                     "taken must be [then, else], two counts >= 0");
        }
        out->has_taken = true;
        out->taken[0] = t[0].GetInt64();
        out->taken[1] = t[1].GetInt64();
      }
      return Status::Ok();
    }
    case StmtKind::kLoop:
    case StmtKind::kBlock: {
      if (Status s = String(v, path, "label", &out->name); !s.ok()) return s;
      if (out->name.empty()) return Err(ErrorCode::kBadValue, At(path, "label"), "empty label");
      if (Status s = Field(v, path, "body", &f); !s.ok()) return s;
      scope->labels.emplace_back(out->name, out->kind == StmtKind::kLoop);
      Status s = ReadBlock(*f, At(path, "body"), scope, &out->then_body);
      scope->labels.pop_back();
      return s;
    }
    case StmtKind::kBreak:
    case StmtKind::kContinue:
      if (Status s = String(v, path, "label", &out->name); !s.ok()) return s;
      return Label(out->name, At(path, "label"), *scope, out->kind == StmtKind::kContinue);
    case StmtKind::kReturn:
    case StmtKind::kThrow:
      if (out->kind == StmtKind::kReturn && scope->kind != ReaderScope::Kind::kMain) {
        return Err(ErrorCode::kMisplaced, path,
                   scope->kind == ReaderScope::Kind::kModule
                       ? "return in the module's top-level code"
                       : "return in an inlined function (it must have become set + break)");
      }
      if (Status s = Field(v, path, "value", &f); !s.ok()) return s;
      return ReadAtom(*f, At(path, "value"), *scope, &out->object);
    case StmtKind::kUnknown:
      if (Status s = String(v, path, "reason", &out->name); !s.ok()) return s;
      if (out->name != "untraced" && out->name.rfind("unsupported", 0) != 0) {
        return Err(
            ErrorCode::kBadValue, At(path, "reason"),
            "reason must be \"untraced\" or \"unsupported: <what>\", got \"" + out->name + "\"");
      }
      return Status::Ok();
  }
  return Err(ErrorCode::kInternal, path, "unhandled statement kind");
}

Status Reader::ReadCall(const JsonValue& v, const std::string& path, ReaderScope* scope,
                        Stmt* out) {
  if (Status s = Site(v, path, &out->site); !s.ok()) return s;
  const JsonValue* f = nullptr;
  if (Status s = Field(v, path, "result", &f); !s.ok()) return s;
  if (f->IsString()) {
    out->has_result = true;
    out->name.assign(f->GetString(), f->GetStringLength());
    if (Status s = Assignable(out->name, At(path, "result"), *scope); !s.ok()) return s;
  } else if (!f->IsNull()) {
    return Err(ErrorCode::kWrongType, At(path, "result"), "result must be a local's name or null");
  }
  if (Status s = Field(v, path, "callee", &f); !s.ok()) return s;
  if (Status s = ReadAtom(*f, At(path, "callee"), *scope, &out->object); !s.ok()) return s;
  // `this` may be omitted for plain calls; it is then undefined, as in strict-mode JavaScript.
  out->key = Atom::Of(AtomKind::kUndef);
  if (auto it = v.FindMember("this"); it != v.MemberEnd()) {
    if (Status s = ReadAtom(it->value, At(path, "this"), *scope, &out->key); !s.ok()) return s;
  }
  if (Status s = Field(v, path, "args", &f); !s.ok()) return s;
  if (Status s = ReadItems(*f, At(path, "args"), *scope, false, &out->args); !s.ok()) return s;
  // `new callee(...args)` (trace-ir.md section 5): "construct", when present, is true.
  if (auto it = v.FindMember("construct"); it != v.MemberEnd()) {
    if (!it->value.IsTrue()) {
      return Err(ErrorCode::kWrongType, At(path, "construct"),
                 "construct must be true when present");
    }
    out->construct = true;
  }
  if (Status s = Field(v, path, "targets", &f); !s.ok()) return s;
  std::string here = At(path, "targets");
  if (!f->IsArray()) return Err(ErrorCode::kWrongType, here, "targets must be an array");
  out->targets.resize(f->Size());
  for (size_t i = 0; i < f->Size(); ++i) {
    int64_t argc = static_cast<int64_t>(out->args.size());
    for (const Item& item : out->args) {
      if (item.spread) argc = -1;  // how many arguments a spread gives is not known here
    }
    Status s = ReadTarget((*f)[i], At(here, i), *scope, out->has_result ? out->name : "", argc,
                          &out->targets[i]);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Reader::ReadTarget(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                          const std::string& result, int64_t argc, Target* out) {
  if (Status s = Object(v, path, "a call target"); !s.ok()) return s;
  int kinds = v.HasMember("builtin") + v.HasMember("function") + v.HasMember("opaque");
  if (kinds != 1) {
    return Err(ErrorCode::kUnknownKind, path,
               "a call target has exactly one of \"builtin\", \"function\", \"opaque\"");
  }
  if (v.HasMember("builtin")) {
    out->kind = TargetKind::kBuiltin;
    if (Status s = String(v, path, "builtin", &out->name); !s.ok()) return s;
    return ReadCallbacks(v, path, scope, out);
  }
  if (v.HasMember("opaque")) {
    out->kind = TargetKind::kOpaque;
    return String(v, path, "opaque", &out->name);
  }
  return ReadFunctionTarget(v, path, scope, result, argc, out);
}

Status ReadTrace(const std::string& json, Trace* out) {
  rapidjson::Document doc;
  // Full precision: number atoms must be the exact doubles the tracer printed. Iterative: a
  // deeply nested document must not exhaust the stack while parsing.
  doc.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag |
            rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    return Status::Error(ErrorCode::kSyntax, "",
                         std::string("the trace is not JSON: ") +
                             rapidjson::GetParseError_En(doc.GetParseError()) + " (at byte " +
                             std::to_string(doc.GetErrorOffset()) + ")");
  }
  *out = Trace();
  Reader reader(out);
  return reader.ReadDocument(doc);
}

}  // namespace containerless::compiler
// The trace reader: user-function targets, closures' captures and callback hosts' callbacks
// (docs/trace-ir.md 5.1 and docs/design/closures-contract.md sections 1 and 2).
#include "reader_impl.h"

namespace containerless::compiler {

Status Reader::CaptureCount(int64_t id, size_t count, const std::string& path) {
  auto [it, fresh] = capture_counts_.emplace(id, std::make_pair(count, path));
  if (fresh || it->second.first == count) return Status::Ok();
  return Err(ErrorCode::kBadValue, path,
             "function " + std::to_string(id) + " captures " + std::to_string(count) +
                 " bindings here but " + std::to_string(it->second.first) + " at " +
                 it->second.second);
}

// `{"e":"function","id":4,"captures":[A, A]}`: one `var` atom of the creating scope per entry of
// the function's `captures`, evaluated when the function value is made. Absent when the function
// captures nothing; never an empty list.
Status Reader::ReadCaptureAtoms(const JsonValue& v, const std::string& path,
                                const ReaderScope& scope, Expr* out) {
  if (v.HasMember("name")) {  // optional (closures contract, "Deviations (B)")
    out->has_name = true;
    if (Status s = String(v, path, "name", &out->name); !s.ok()) return s;
  }
  auto it = v.FindMember("captures");
  if (it == v.MemberEnd()) return CaptureCount(out->function_id, 0, path);
  const std::string here = At(path, "captures");
  const JsonValue& list = it->value;
  if (!list.IsArray()) return Err(ErrorCode::kWrongType, here, "captures must be an array");
  if (list.Empty()) {
    return Err(ErrorCode::kBadValue, here,
               "captures must not be empty (a function that captures nothing has none)");
  }
  out->captures.resize(list.Size());
  for (size_t i = 0; i < list.Size(); ++i) {
    if (Status s = ReadAtom(list[i], At(here, i), scope, &out->captures[i]); !s.ok()) return s;
    if (out->captures[i].kind != AtomKind::kVar) {
      return Err(ErrorCode::kBadValue, At(here, i),
                 "a captured value must be a local of the creating function (a var atom)");
    }
  }
  return CaptureCount(out->function_id, list.Size(), here);
}

// A user function inlined at a call (a target) or run by a callback host (a callback): its
// parameters, its captures (locals bound from the function value's environment), its locals,
// its return label and its body, in a scope of its own whose "scope":"caller" sets assign
// `result` in `caller`.
Status Reader::ReadFunctionTarget(const JsonValue& v, const std::string& path,
                                  const ReaderScope& caller, const std::string& result,
                                  int64_t argc, Target* out) {
  out->kind = TargetKind::kFunction;
  if (Status s = FunctionId(v, path, "function", &out->function_id); !s.ok()) return s;
  if (Status s = Async(v, path, &out->is_async); !s.ok()) return s;
  if (Status s = String(v, path, "name", &out->name); !s.ok()) return s;
  if (Status s = Names(v, path, "params", &out->params); !s.ok()) return s;
  std::string rest;
  if (Status s = SplitRest(path, &out->params, &rest); !s.ok()) return s;
  if (v.HasMember("captures")) {
    if (Status s = Names(v, path, "captures", &out->captures); !s.ok()) return s;
    if (out->captures.empty()) {
      return Err(ErrorCode::kBadValue, At(path, "captures"),
                 "captures must not be empty (a function that captures nothing has none)");
    }
  }
  if (Status s = Names(v, path, "locals", &out->locals); !s.ok()) return s;
  std::set<std::string> params(out->params.begin(), out->params.end());
  if (!rest.empty()) params.insert(rest);
  const std::set<std::string> locals(out->locals.begin(), out->locals.end());
  for (size_t i = 0; i < out->captures.size(); ++i) {
    const std::string& name = out->captures[i];
    const std::string at = At(At(path, "captures"), i);
    if (params.count(name)) {
      return Err(ErrorCode::kBadValue, at, "captured \"" + name + "\" is also a parameter");
    }
    if (!locals.count(name)) {
      return Err(ErrorCode::kUndeclaredName, at,
                 "captured \"" + name + "\" is not one of the function's locals");
    }
  }
  if (Status s = CaptureCount(out->function_id, out->captures.size(), path); !s.ok()) return s;
  if (Status s = String(v, path, "label", &out->label); !s.ok()) return s;
  if (out->label.empty()) return Err(ErrorCode::kBadValue, At(path, "label"), "empty label");
  ReaderScope callee{ReaderScope::Kind::kCallee, {}, &caller, result, {}, &out->catches};
  callee.names.insert(params.begin(), params.end());
  callee.names.insert(locals.begin(), locals.end());
  callee.labels.emplace_back(out->label, false);
  const JsonValue* body = nullptr;
  if (Status s = Field(v, path, "body", &body); !s.ok()) return s;
  if (Status s = ReadBlock(*body, At(path, "body"), &callee, &out->body); !s.ok()) return s;
  if (rest.empty()) return Status::Ok();
  if (argc < 0) {
    // A spread argument: how many arguments the rest parameter holds is not known here, so the
    // call aborts when it reaches this callee (docs/compiler.md).
    *out = Target();
    out->kind = TargetKind::kOpaque;
    out->name = "function with a rest parameter called with a spread argument";
    return Status::Ok();
  }
  LowerRest(rest, argc, &out->params, &out->locals, out->captures, &out->body);
  return Status::Ok();
}

// A callback host's built-in target may list the user callbacks it ran (user functions by id,
// each once, not async but of map), each with its return slot `result` (a scope of its own between
// the caller's and the callback's) and its return label.
Status Reader::ReadCallbacks(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                             Target* out) {
  auto it = v.FindMember("callbacks");
  if (it == v.MemberEnd()) return Status::Ok();
  const std::string here = At(path, "callbacks");
  if (!IsCallbackHost(out->name)) {
    return Err(ErrorCode::kMisplaced, here,
               "callbacks on \"" + out->name +
                   "\", which is not a callback host (forEach, map, filter, some, every, find, "
                   "findIndex, reduce, findLast, findLastIndex, reduceRight, flatMap of "
                   "Array.prototype, Promise.prototype.then)");
  }
  const JsonValue& list = it->value;
  if (!list.IsArray()) return Err(ErrorCode::kWrongType, here, "callbacks must be an array");
  out->callbacks.resize(list.Size());
  for (size_t i = 0; i < list.Size(); ++i) {
    const JsonValue& cb = list[i];
    const std::string at = At(here, i);
    Target& dst = out->callbacks[i];
    if (Status s = Object(cb, at, "a callback"); !s.ok()) return s;
    if (cb.HasMember("builtin") || cb.HasMember("opaque")) {
      return Err(ErrorCode::kUnknownKind, at, "a callback is a user function (\"function\")");
    }
    if (Status s = String(cb, at, "result", &dst.result); !s.ok()) return s;
    if (dst.result.empty()) return Err(ErrorCode::kBadValue, At(at, "result"), "empty result");
    // The return slot is the only name of the scope between the caller and the callback.
    ReaderScope slot{ReaderScope::Kind::kCallee, {dst.result}, &scope, "", {}, nullptr};
    // A host passes (element, index, array); reduce and reduceRight (accumulator, element,
    // index, array).
    const bool reduce =
        out->name == "Array.prototype.reduce" || out->name == "Array.prototype.reduceRight";
    const int64_t argc = reduce ? 4 : 3;
    if (Status s = ReadFunctionTarget(cb, at, slot, dst.result, argc, &dst); !s.ok()) return s;
    // An async callback of map runs whole at its call (the tracer traces it only where that is
    // exact, proxy/trace/async-calls.js); its result becomes a promise (LowerAsyncCalls).
    if (dst.is_async && out->name != "Array.prototype.map") {
      return Err(ErrorCode::kBadValue, At(at, "async"),
                 "an async callback is traced only for Array.prototype.map (elsewhere its target "
                 "is opaque)");
    }
    if (i > 0 && out->callbacks[i - 1].function_id >= dst.function_id) {
      return Err(ErrorCode::kBadValue, At(at, "function"),
                 "callbacks must be listed by function id, each once");
    }
  }
  return Status::Ok();
}

}  // namespace containerless::compiler

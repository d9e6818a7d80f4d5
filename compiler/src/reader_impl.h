// The trace reader's internals: the Reader class, shared by reader.cc and reader_values.cc.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "ir.h"
#include "status.h"

namespace containerless::compiler {

using JsonValue = rapidjson::Value;

// How deep blocks may nest (if/loop/block bodies and inlined callees together).
constexpr int kMaxBlockDepth = 2000;

// What names and labels a statement may refer to. A function (main, the module, an inlined
// callee) opens a new scope: callee bodies cannot see the caller's locals or labels, except the
// call's result, which their rewritten `return` assigns with "scope":"caller".
struct ReaderScope {
  enum class Kind { kModule, kMain, kCallee } kind;
  std::set<std::string> names;                       // params and locals
  const ReaderScope* caller = nullptr;               // kCallee: the scope of the call
  std::string result;                                // kCallee: the call's result local, or ""
  std::vector<std::pair<std::string, bool>> labels;  // enclosing labels, true for loops
  std::vector<CatchBlock>* catches = nullptr;        // where this scope's trys' catch blocks go
};

// Reads one trace document into a Trace, validating as it goes; every method returns the first
// error with its path.
class Reader {
 public:
  explicit Reader(Trace* trace) : trace_(trace) {}

  Status ReadDocument(const JsonValue& root);

 private:
  // --- field access: each returns an error naming path/field when absent or mistyped ---
  static std::string At(const std::string& path, const char* field) { return path + "/" + field; }
  static std::string At(const std::string& path, size_t index) {
    return path + "/" + std::to_string(index);
  }
  static Status Err(ErrorCode code, std::string path, std::string message) {
    return Status::Error(code, std::move(path), std::move(message));
  }

  Status Field(const JsonValue& obj, const std::string& path, const char* field,
               const JsonValue** out) {
    auto it = obj.FindMember(field);
    if (it == obj.MemberEnd()) {
      return Err(ErrorCode::kMissingField, path, std::string("missing field \"") + field + "\"");
    }
    *out = &it->value;
    return Status::Ok();
  }
  Status Object(const JsonValue& v, const std::string& path, const char* what) {
    if (!v.IsObject())
      return Err(ErrorCode::kWrongType, path, std::string(what) + " must be an object");
    return Status::Ok();
  }
  Status String(const JsonValue& obj, const std::string& path, const char* field, std::string* out);
  Status Int(const JsonValue& obj, const std::string& path, const char* field, int64_t min,
             int64_t* out);
  Status Site(const JsonValue& obj, const std::string& path, int64_t* out);
  Status FunctionId(const JsonValue& obj, const std::string& path, const char* field, int64_t* out);
  Status Names(const JsonValue& obj, const std::string& path, const char* field,
               std::vector<std::string>* out);
  // The optional `"async"` flag of main and of user-function targets (absent means false).
  Status Async(const JsonValue& obj, const std::string& path, bool* out);

  // --- the node readers ---
  Status ReadFunction(const JsonValue& v, const std::string& path, ReaderScope::Kind kind,
                      Function* out);
  Status ReadBlock(const JsonValue& v, const std::string& path, ReaderScope* scope, Block* out);
  Status ReadStmt(const JsonValue& v, const std::string& path, ReaderScope* scope, Stmt* out);
  // A `try` (not an IR node: its body and finally are appended to `out`, see reader.cc).
  static bool IsTry(const JsonValue& v);
  Status ReadTry(const JsonValue& v, const std::string& path, ReaderScope* scope, Block* out);
  Status ReadCall(const JsonValue& v, const std::string& path, ReaderScope* scope, Stmt* out);
  // `argc`: how many arguments the call passes (-1: unknown, a spread argument).
  Status ReadTarget(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                    const std::string& result, int64_t argc, Target* out);
  // reader_closures.cc: a user function's members (params, captures, locals, label, body) as
  // an inlined target or a callback; `caller` is the scope its "scope":"caller" sets assign.
  Status ReadFunctionTarget(const JsonValue& v, const std::string& path, const ReaderScope& caller,
                            const std::string& result, int64_t argc, Target* out);
  // reader_rest.cc: a rest parameter `...xs` (the last of `params`, trace-ir.md section 7) is
  // taken out of `params` into `*rest` (empty when there is none); LowerRest then binds it for a
  // call of `argc` arguments (docs/compiler.md).
  Status SplitRest(const std::string& path, std::vector<std::string>* params, std::string* rest);
  static void LowerRest(const std::string& rest, int64_t argc, std::vector<std::string>* params,
                        std::vector<std::string>* locals, const std::vector<std::string>& captures,
                        Block* body);
  // reader_rest.cc: an async user function inlined where its promise is not awaited at once
  // gives a fulfilled promise of its settled value (main's tree, after reading; `others`: the
  // function's parameters and captures, which a new local must not be named like).
  static void LowerAsyncCalls(Block* body, std::vector<std::string>* locals,
                              const std::vector<std::string>& others);
  // A callback host's `callbacks` (closures contract, section 2).
  Status ReadCallbacks(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                       Target* out);
  // A function expression's `captures` atoms (closures contract, section 1).
  Status ReadCaptureAtoms(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                          Expr* out);
  // Every function expression and user-function target of one id must agree on how many
  // bindings it captures: the emitter binds slot j of the value's environment to captures[j].
  Status CaptureCount(int64_t id, size_t count, const std::string& path);
  Status ReadExpr(const JsonValue& v, const std::string& path, const ReaderScope& scope, Expr* out);
  Status ReadSeen(const JsonValue& v, const std::string& path, size_t operands, Expr* out);
  Status ReadAtom(const JsonValue& v, const std::string& path, const ReaderScope& scope, Atom* out);
  Status ReadNumber(const JsonValue& v, const std::string& path, double* out);
  Status ReadItems(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                   bool holes, std::vector<Item>* out);
  Status ReadLoc(const JsonValue& v, const std::string& path, Loc* out);

  Status ReadSetScope(const JsonValue& v, const std::string& path, const ReaderScope& scope,
                      Stmt* out);
  // Checks that `name` may be assigned (set, delete, call result) in `scope`.
  Status Assignable(const std::string& name, const std::string& path, const ReaderScope& scope);
  Status Label(const std::string& label, const std::string& path, const ReaderScope& scope,
               bool loop);

  Trace* trace_;
  std::set<std::string> module_names_;
  std::map<int64_t, std::pair<size_t, std::string>> capture_counts_;  // id -> (count, where)
  int depth_ = 0;  // blocks being read, for kMaxBlockDepth
};

}  // namespace containerless::compiler

// Program: parsing and validation of the program document, and the site and label tables.
#include "program.h"

#include <rapidjson/error/en.h>

#include <cstring>

namespace containerless::addon {
namespace {

// Blocks nested deeper than this are refused: serialization recurses over blocks, and a bound
// here is what keeps a hostile document from exhausting the stack.
constexpr int kMaxNesting = 200;

// Which members a statement kind must have. Only the ones the recorder interprets are checked
// for their type (site, result, label, the blocks); the others are copied to the trace as they
// are, and the compiler checks them.
struct StatementShape {
  const char* kind;
  const char* required[4];
};

constexpr StatementShape kShapes[] = {
    {"set", {"name", "value"}},
    {"setmod", {"name", "value"}},
    {"setprop", {"object", "key", "value"}},
    {"delete", {"result", "object", "key"}},
    {"call", {"site", "result", "callee", "args"}},
    {"if", {"site", "test", "then", "else"}},
    {"loop", {"label", "body"}},
    {"block", {"label", "body"}},
    {"try", {"body", "param", "catch", "finally"}},
    {"break", {"label"}},
    {"continue", {"label"}},
    {"return", {"value"}},
    {"throw", {"value"}},
    {"unknown", {"reason"}},
};

const StatementShape* FindShape(const rapidjson::Value& kind) {
  for (const StatementShape& shape : kShapes) {
    if (std::strcmp(shape.kind, kind.GetString()) == 0) return &shape;
  }
  return nullptr;
}

// JSON values nest at most this deep anywhere in the document. RapidJSON parses iteratively,
// but copying a value to the trace (Value::Accept) recurses, so this bounds that recursion.
constexpr int kMaxJsonDepth = 2000;

// Recursion depth here is itself bounded by `budget`.
bool NestsWithin(const rapidjson::Value& value, int budget) {
  if (budget < 0) return false;
  if (value.IsArray()) {
    for (const auto& item : value.GetArray()) {
      if (!NestsWithin(item, budget - 1)) return false;
    }
  } else if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      if (!NestsWithin(member.value, budget - 1)) return false;
    }
  }
  return true;
}

// The built-ins whose user callbacks are traced as part of the caller's tree. A then callback's
// invocation follows the call in the list only where its result is awaited at once (the tracer
// records it there alone, proxy/trace/recorder.js thenCallback).
constexpr const char* kCallbackHosts[] = {
    "Array.prototype.forEach",       "Array.prototype.map",         "Array.prototype.filter",
    "Array.prototype.some",          "Array.prototype.every",       "Array.prototype.find",
    "Array.prototype.findIndex",     "Array.prototype.reduce",      "Array.prototype.findLast",
    "Array.prototype.findLastIndex", "Array.prototype.reduceRight", "Array.prototype.flatMap",
    "Promise.prototype.then",
};

bool IsCallbackHostName(const rapidjson::Value& name) {
  for (const char* host : kCallbackHosts) {
    if (name.GetStringLength() == std::strlen(host) &&
        std::memcmp(name.GetString(), host, name.GetStringLength()) == 0) {
      return true;
    }
  }
  return false;
}

bool Contains(const rapidjson::Value& names, const rapidjson::Value& name) {
  for (const auto& item : names.GetArray()) {
    if (item == name) return true;
  }
  return false;
}

bool IsStringArray(const rapidjson::Value& value) {
  if (!value.IsArray()) return false;
  for (const auto& item : value.GetArray()) {
    if (!item.IsString()) return false;
  }
  return true;
}

}  // namespace

// Walks the document once, filling the Program's tables; keeps the JSON path of the value it is
// looking at so every error says where the problem is.
class ProgramParser {
 public:
  explicit ProgramParser(Program* program) : program_(program) {}

  Status Run() {
    const rapidjson::Value& root = program_->document_;
    if (!root.IsObject()) return Fail("the program document is not a JSON object");

    const rapidjson::Value* version = Member(root, "version");
    if (version == nullptr || !version->IsInt())
      return Fail("version is missing or not an integer");
    if (version->GetInt() != 1) {
      return Fail("version is " + std::to_string(version->GetInt()) +
                  ", this recorder reads version 1");
    }

    const rapidjson::Value* functions = Member(root, "functions");
    if (functions == nullptr || !functions->IsArray()) return Fail("functions is not an array");
    for (rapidjson::SizeType i = 0; i < functions->Size(); ++i) {
      path_ = "functions[" + std::to_string(i) + "]";
      Status status = ParseFunction((*functions)[i], static_cast<int32_t>(i));
      if (!status.ok()) return status;
    }

    path_ = "module";
    const rapidjson::Value* module = Member(root, "module");
    if (module == nullptr || !module->IsObject()) return Fail("is missing or not an object");
    const rapidjson::Value* module_locals = Member(*module, "locals");
    if (module_locals == nullptr || !IsStringArray(*module_locals)) {
      return Fail(".locals is not an array of strings");
    }
    const rapidjson::Value* module_body = Member(*module, "body");
    if (module_body == nullptr) return Fail(".body is missing");
    path_ = "module.body";
    Status status = ParseBlock(*module_body, kModuleOwner, 0);
    if (!status.ok()) return status;
    program_->module_locals_ = module_locals;
    program_->module_body_ = module_body;
    module_locals_ = module_locals;

    path_.clear();
    const rapidjson::Value* main = Member(root, "main_function");
    if (main == nullptr) return Fail("main_function is missing (a function id or null)");
    if (main->IsNull()) {
      program_->main_function_ = -1;
    } else if (main->IsInt() && main->GetInt() >= 0 &&
               main->GetInt() < program_->function_count()) {
      program_->main_function_ = main->GetInt();
    } else {
      return Fail("main_function is not null nor the id of a function of the program");
    }

    const rapidjson::Value* builtins = Member(root, "builtins");
    if (builtins == nullptr || !IsStringArray(*builtins)) {
      return Fail("builtins is not an array of strings");
    }
    for (const auto& name : builtins->GetArray()) {
      program_->builtins_.emplace_back(name.GetString(), name.GetStringLength());
      program_->callback_hosts_.push_back(IsCallbackHostName(name));
    }

    // Function values are checked once every function is known (one may create a later one).
    for (const FunctionValue& value : function_values_) {
      path_ = value.path;
      status = CheckFunctionValue(*value.value, value.owner);
      if (!status.ok()) return status;
    }
    path_.clear();

    const rapidjson::Value* compilable = Member(root, "compilable");
    if (compilable == nullptr || !compilable->IsBool()) return Fail("compilable is not a boolean");
    program_->compilable_ = compilable->GetBool();
    const rapidjson::Value* because = Member(root, "not_compilable_because");
    if (because == nullptr || !(because->IsNull() || because->IsString())) {
      return Fail("not_compilable_because is not a string or null");
    }
    if (because->IsString()) {
      program_->has_because_ = true;
      program_->not_compilable_because_.assign(because->GetString(), because->GetStringLength());
    }
    return Status::Ok();
  }

 private:
  static const rapidjson::Value* Member(const rapidjson::Value& object, const char* name) {
    auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
  }

  Status Fail(const std::string& what) const {
    if (path_.empty()) return Status::Error(what);
    return Status::Error(path_ + (what[0] == '.' || what[0] == '[' ? "" : ": ") + what);
  }

  Status ParseFunction(const rapidjson::Value& value, int32_t index) {
    if (!value.IsObject()) return Fail("is not an object");
    const rapidjson::Value* id = Member(value, "id");
    if (id == nullptr || !id->IsInt() || id->GetInt() != index) {
      return Fail(".id is not " + std::to_string(index) + " (a function's id is its index)");
    }
    const rapidjson::Value* name = Member(value, "name");
    if (name == nullptr || !name->IsString()) return Fail(".name is not a string");
    const rapidjson::Value* params = Member(value, "params");
    if (params == nullptr || !IsStringArray(*params)) {
      return Fail(".params is not an array of strings");
    }
    const rapidjson::Value* locals = Member(value, "locals");
    if (locals == nullptr || !IsStringArray(*locals)) {
      return Fail(".locals is not an array of strings");
    }
    const rapidjson::Value* body = Member(value, "body");
    if (body == nullptr) return Fail(".body is missing");
    const rapidjson::Value* is_async = Member(value, "async");
    if (is_async != nullptr && !is_async->IsBool()) return Fail(".async is not a boolean");
    const rapidjson::Value* captures = Member(value, "captures");
    if (captures != nullptr) {
      Status status = CheckCaptures(*captures, *params, *locals);
      if (!status.ok()) return status;
    }

    Function function;
    function.captures = captures;
    function.is_async = is_async != nullptr && is_async->GetBool();
    function.id = index;
    function.name.assign(name->GetString(), name->GetStringLength());
    function.params = params;
    function.locals = locals;
    function.body = body;
    program_->functions_.push_back(std::move(function));

    path_ += ".body";
    return ParseBlock(*body, index, 0);
  }

  // trace-ir.md section 7: a closure's captures are a non-empty list of distinct names, each
  // one of its locals and none of its parameters.
  Status CheckCaptures(const rapidjson::Value& captures, const rapidjson::Value& params,
                       const rapidjson::Value& locals) {
    if (!IsStringArray(captures) || captures.Empty()) {
      return Fail(
          ".captures is not a non-empty array of strings (absent when nothing is captured)");
    }
    for (rapidjson::SizeType i = 0; i < captures.Size(); ++i) {
      const rapidjson::Value& name = captures[i];
      const std::string text(name.GetString(), name.GetStringLength());
      const std::string where = ".captures[" + std::to_string(i) + "] \"" + text + "\"";
      if (!Contains(locals, name)) return Fail(where + " is not one of the function's locals");
      if (Contains(params, name)) return Fail(where + " is also a parameter");
      for (rapidjson::SizeType j = 0; j < i; ++j) {
        if (captures[j] == name) return Fail(where + " is captured twice");
      }
    }
    return Status::Ok();
  }

  // A `{"e":"function","id":N}` value: N a function of the program; `captures` exactly when
  // functions[N] has them, one `var` atom of the creating code for each, naming a local or
  // parameter of it.
  Status CheckFunctionValue(const rapidjson::Value& value, int32_t owner) {
    const rapidjson::Value* id = Member(value, "id");
    if (id == nullptr || !id->IsInt() || id->GetInt() < 0 ||
        id->GetInt() >= program_->function_count()) {
      return Fail(".value.id is not the id of a function of the program");
    }
    const Function& function = program_->function(id->GetInt());
    const rapidjson::Value* captures = Member(value, "captures");
    const std::string of = "function " + std::to_string(function.id) + " (" + function.name + ")";
    if (function.captures == nullptr) {
      if (captures != nullptr)
        return Fail(".value.captures is present, but " + of + " captures nothing");
      return Status::Ok();
    }
    if (captures == nullptr || !captures->IsArray() ||
        captures->Size() != function.captures->Size()) {
      return Fail(".value.captures is not a list of " + std::to_string(function.captures->Size()) +
                  " atoms (" + of + " captures " + std::to_string(function.captures->Size()) + ")");
    }
    const rapidjson::Value& locals =
        owner == kModuleOwner ? *module_locals_ : *program_->function(owner).locals;
    for (rapidjson::SizeType i = 0; i < captures->Size(); ++i) {
      const rapidjson::Value& atom = (*captures)[i];
      const rapidjson::Value* kind = atom.IsObject() ? Member(atom, "a") : nullptr;
      const rapidjson::Value* name = atom.IsObject() ? Member(atom, "name") : nullptr;
      const bool named = kind != nullptr && kind->IsString() &&
                         std::strcmp(kind->GetString(), "var") == 0 && name != nullptr &&
                         name->IsString();
      const bool known =
          named && (Contains(locals, *name) ||
                    (owner != kModuleOwner && Contains(*program_->function(owner).params, *name)));
      if (!known) {
        return Fail(".value.captures[" + std::to_string(i) +
                    "] is not a var atom naming a local or parameter of the creating code");
      }
    }
    return Status::Ok();
  }

  Status ParseBlock(const rapidjson::Value& block, int32_t owner, int nesting) {
    if (!block.IsArray()) return Fail("is not an array of statements");
    if (nesting > kMaxNesting) {
      return Fail("blocks are nested more than " + std::to_string(kMaxNesting) + " deep");
    }
    const size_t saved = path_.size();
    for (rapidjson::SizeType i = 0; i < block.Size(); ++i) {
      path_ += "[" + std::to_string(i) + "]";
      Status status = ParseStatement(block[i], owner, nesting);
      if (!status.ok()) return status;
      path_.resize(saved);
    }
    return Status::Ok();
  }

  Status ParseStatement(const rapidjson::Value& statement, int32_t owner, int nesting) {
    if (!statement.IsObject()) return Fail("is not a statement object");
    const rapidjson::Value* kind = Member(statement, "s");
    if (kind == nullptr || !kind->IsString()) return Fail("has no string \"s\"");
    const StatementShape* shape = FindShape(*kind);
    if (shape == nullptr) {
      return Fail("unknown statement kind \"" + std::string(kind->GetString()) + "\"");
    }
    // The serializer walks a statement's members in order; a second "then" would be a block
    // nobody checked.
    for (auto a = statement.MemberBegin(); a != statement.MemberEnd(); ++a) {
      for (auto b = a + 1; b != statement.MemberEnd(); ++b) {
        if (a->name == b->name) {
          return Fail("has the member \"" + std::string(a->name.GetString()) + "\" twice");
        }
      }
    }
    for (const char* required : shape->required) {
      if (required == nullptr) break;
      if (Member(statement, required) == nullptr) {
        return Fail("\"" + std::string(shape->kind) + "\" has no \"" + required + "\"");
      }
    }

    const std::string_view s = shape->kind;
    if (s == "if" || s == "call") {
      const rapidjson::Value& site = statement["site"];
      if (!site.IsInt() || site.GetInt() < 0) return Fail(".site is not an integer >= 0");
      const SiteKind site_kind = s == "if" ? SiteKind::kIf : SiteKind::kCall;
      if (!program_->sites_.emplace(site.GetInt(), Site{site_kind, owner}).second) {
        return Fail(".site " + std::to_string(site.GetInt()) +
                    " is used by another statement too (site numbers are unique in a program)");
      }
    }
    if (s == "call") {
      const rapidjson::Value& result = statement["result"];
      if (!result.IsString() && !result.IsNull()) return Fail(".result is not a string or null");
      if (!statement["args"].IsArray()) return Fail(".args is not an array");
      // `new callee(...)`: "construct" is true when present (docs/trace-ir.md section 5).
      if (const rapidjson::Value* construct = Member(statement, "construct");
          construct != nullptr && !construct->IsTrue()) {
        return Fail(".construct is not true");
      }
    }
    if (s == "set" || s == "setmod") {
      if (!statement["name"].IsString()) return Fail(".name is not a string");
      const rapidjson::Value& value = statement["value"];
      const rapidjson::Value* kind = value.IsObject() ? Member(value, "e") : nullptr;
      if (kind != nullptr && kind->IsString() && std::string_view(kind->GetString()) == "await") {
        // trace-ir.md section 4: `await` is the value of a `set` in a function body only.
        if (s == "setmod" || owner == kModuleOwner) {
          return Fail(".value is an await, which only a set in a function body may have");
        }
        if (Member(value, "arg") == nullptr) return Fail(".value.arg is missing");
      }
      if (kind != nullptr && kind->IsString() &&
          std::string_view(kind->GetString()) == "function") {
        function_values_.push_back(FunctionValue{path_, &value, owner});
      }
      Status status = ParseOperationSite(value, owner);
      if (!status.ok()) return status;
    }
    if (s == "delete" && !statement["result"].IsString()) return Fail(".result is not a string");
    if (s == "unknown" && !statement["reason"].IsString()) return Fail(".reason is not a string");
    if (s == "loop" || s == "block" || s == "break" || s == "continue") {
      const rapidjson::Value& label = statement["label"];
      if (!label.IsString()) return Fail(".label is not a string");
      if (s == "loop" || s == "block") {
        program_->labels_.emplace(label.GetString(), label.GetStringLength());
      }
    }

    if (s == "if") {
      Status status = ParseChild(statement, "then", owner, nesting);
      if (!status.ok()) return status;
      return ParseChild(statement, "else", owner, nesting);
    }
    if (s == "loop" || s == "block") return ParseChild(statement, "body", owner, nesting);
    if (s == "try") return ParseTry(statement, owner, nesting);
    return Status::Ok();
  }

  // An expression with a "site" reports its operand types (the only expressions that may have
  // one are those section 4 gives a "seen" to).
  Status ParseOperationSite(const rapidjson::Value& value, int32_t owner) {
    if (!value.IsObject()) return Status::Ok();
    const rapidjson::Value* site = Member(value, "site");
    if (site == nullptr) return Status::Ok();
    const rapidjson::Value* kind = Member(value, "e");
    uint8_t operands = 0;
    if (kind != nullptr && kind->IsString()) {
      const std::string_view e(kind->GetString(), kind->GetStringLength());
      if (e == "binary" || e == "get") operands = 2;
      if (e == "unary" || e == "tostring") operands = 1;
    }
    if (operands == 0) {
      return Fail(".value has a site, but only binary, unary, tostring and get expressions may");
    }
    if (!site->IsInt() || site->GetInt() < 0) return Fail(".value.site is not an integer >= 0");
    if (!program_->sites_.emplace(site->GetInt(), Site{SiteKind::kOperation, owner, operands})
             .second) {
      return Fail(".value.site " + std::to_string(site->GetInt()) +
                  " is used by another statement too (site numbers are unique in a program)");
    }
    return Status::Ok();
  }

  // trace-ir.md section 5: `body` a block, `param` a name or null, `catch` and `finally` a block
  // or null (the catch block's sites belong to the function too: Node.js may run it).
  Status ParseTry(const rapidjson::Value& statement, int32_t owner, int nesting) {
    const rapidjson::Value& param = statement["param"];
    if (!param.IsString() && !param.IsNull()) return Fail(".param is not a string or null");
    Status status = ParseChild(statement, "body", owner, nesting);
    if (!status.ok()) return status;
    for (const char* member : {"catch", "finally"}) {
      if (statement[member].IsNull()) continue;
      status = ParseChild(statement, member, owner, nesting);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }

  Status ParseChild(const rapidjson::Value& statement, const char* member, int32_t owner,
                    int nesting) {
    const size_t saved = path_.size();
    path_ += ".";
    path_ += member;
    Status status = ParseBlock(statement[member], owner, nesting + 1);
    if (status.ok()) path_.resize(saved);
    return status;
  }

  struct FunctionValue {
    std::string path;  // the set's path, for messages
    const rapidjson::Value* value;
    int32_t owner;
  };

  Program* program_;
  std::string path_;
  std::vector<FunctionValue> function_values_;
  const rapidjson::Value* module_locals_ = nullptr;
};

Status Program::Parse(std::string_view json, std::unique_ptr<Program>* out) {
  std::unique_ptr<Program> program(new Program());
  // Iterative parsing: the parser's own recursion would otherwise follow the input's nesting.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag |
                              rapidjson::kParseValidateEncodingFlag;
  program->document_.Parse<kFlags>(json.data(), json.size());
  if (program->document_.HasParseError()) {
    return Status::Error(
        "the program document is not valid JSON: " +
        std::string(rapidjson::GetParseError_En(program->document_.GetParseError())) +
        " (at byte " + std::to_string(program->document_.GetErrorOffset()) + ")");
  }
  if (!NestsWithin(program->document_, kMaxJsonDepth)) {
    return Status::Error("the program document nests JSON values more than " +
                         std::to_string(kMaxJsonDepth) + " deep");
  }
  ProgramParser parser(program.get());
  Status status = parser.Run();
  if (!status.ok()) return status;
  *out = std::move(program);
  return Status::Ok();
}

}  // namespace containerless::addon

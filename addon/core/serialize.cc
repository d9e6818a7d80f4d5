// Serialization: walks the program with the context tree, pruning untaken sides, inlining calls.
#include "serialize.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>

#include "recorder.h"

namespace containerless::addon {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Inside an inlined callee: where its `return v` goes (docs/trace-ir.md section 5.1).
struct InlinedReturn {
  const rapidjson::Value* result;  // the call's result name, or null
  std::string label;               // the block that holds the inlined body
};

bool Is(const rapidjson::Value& string, const char* text) {
  return string.GetStringLength() == std::strlen(text) &&
         std::memcmp(string.GetString(), text, string.GetStringLength()) == 0;
}

// Writes the trace; one method per statement kind it changes, everything else is copied.
class TraceWriter {
 public:
  explicit TraceWriter(const Program& program) : program_(program), writer_(buffer_) {}

  std::string Write(const TraceParts& parts) {
    writer_.StartObject();
    writer_.Key("version");
    writer_.Int(1);
    writer_.Key("code_sha256");
    String(parts.identity->code_sha256);
    writer_.Key("entry");
    String(parts.identity->entry);
    writer_.Key("activations");
    writer_.Uint64(parts.activations);
    writer_.Key("stable_for");
    writer_.Uint64(parts.stable_for);
    writer_.Key("compilable");
    writer_.Bool(program_.compilable());
    writer_.Key("not_compilable_because");
    if (const std::string* because = program_.not_compilable_because()) {
      String(*because);
    } else {
      writer_.Null();
    }

    writer_.Key("module");
    writer_.StartObject();
    writer_.Key("locals");
    program_.module_locals().Accept(writer_);
    writer_.Key("body");
    Block(program_.module_body(), parts.module, nullptr);
    writer_.EndObject();

    writer_.Key("main");
    if (parts.main == nullptr) {
      writer_.Null();
    } else {
      const Function& main = program_.function(parts.main->function());
      writer_.StartObject();
      if (main.is_async) {
        writer_.Key("async");
        writer_.Bool(true);
      }
      writer_.Key("params");
      main.params->Accept(writer_);
      writer_.Key("locals");
      main.locals->Accept(writer_);
      writer_.Key("body");
      Block(*main.body, parts.main, nullptr);
      writer_.EndObject();
    }
    writer_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  void String(const std::string& text) {
    writer_.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
  void Key(const rapidjson::Value& name) { writer_.Key(name.GetString(), name.GetStringLength()); }

  // `context` is nullptr for code no activation reached (a callee that was called but never
  // entered): every decision in it is then unseen.
  void Block(const rapidjson::Value& block, const Context* context, const InlinedReturn* ret) {
    writer_.StartArray();
    for (const auto& statement : block.GetArray()) Statement(statement, context, ret);
    writer_.EndArray();
  }

  void Statement(const rapidjson::Value& statement, const Context* context,
                 const InlinedReturn* ret) {
    const rapidjson::Value& kind = statement["s"];
    if (Is(kind, "if")) return If(statement, context, ret);
    if (Is(kind, "call")) return Call(statement, context);
    if (Is(kind, "loop") || Is(kind, "block") || Is(kind, "try")) {
      return Nested(statement, context, ret);
    }
    if (Is(kind, "return") && ret != nullptr) return Return(statement, *ret);
    if ((Is(kind, "set") || Is(kind, "setmod")) && HasSite(statement["value"])) {
      return SetWithTypes(statement, context);
    }
    statement.Accept(writer_);
  }

  static bool HasSite(const rapidjson::Value& value) {
    return value.IsObject() && value.HasMember("site");
  }

  // A set whose expression reports operand types: the expression gets "seen" (section 4), the
  // tags observed in this context, unless nothing was observed here.
  void SetWithTypes(const rapidjson::Value& statement, const Context* context) {
    writer_.StartObject();
    for (const auto& member : statement.GetObject()) {
      Key(member.name);
      if (!Is(member.name, "value")) {
        member.value.Accept(writer_);
        continue;
      }
      const rapidjson::Value& expression = member.value;
      const int32_t site = expression["site"].GetInt();
      const uint32_t seen = context != nullptr ? context->FindTypes(site) : 0;
      writer_.StartObject();
      for (const auto& part : expression.GetObject()) {
        if (Is(part.name, "seen")) continue;
        Key(part.name);
        part.value.Accept(writer_);
      }
      if (seen != 0) {
        const int operands = program_.FindSite(site)->operands;
        writer_.Key("seen");
        writer_.StartArray();
        for (int operand = 0; operand < operands; ++operand) {
          writer_.StartArray();
          for (int tag = 0; tag < kTypeTagCount; ++tag) {
            if (seen & (1u << (operand * 8 + tag))) writer_.String(kTypeTags[tag]);
          }
          writer_.EndArray();
        }
        writer_.EndArray();
      }
      writer_.EndObject();
    }
    writer_.EndObject();
  }

  void If(const rapidjson::Value& statement, const Context* context, const InlinedReturn* ret) {
    const IfRecord* record =
        context != nullptr ? context->FindIf(statement["site"].GetInt()) : nullptr;
    const uint64_t then_count = record != nullptr ? record->taken[0] : 0;
    const uint64_t else_count = record != nullptr ? record->taken[1] : 0;
    writer_.StartObject();
    for (const auto& member : statement.GetObject()) {
      if (Is(member.name, "taken")) continue;
      Key(member.name);
      const bool is_then = Is(member.name, "then");
      if (is_then || Is(member.name, "else")) {
        if ((is_then ? then_count : else_count) > 0) {
          Block(member.value, context, ret);
        } else {
          Untraced();
        }
      } else {
        member.value.Accept(writer_);
      }
    }
    writer_.Key("taken");
    writer_.StartArray();
    writer_.Uint64(then_count);
    writer_.Uint64(else_count);
    writer_.EndArray();
    writer_.EndObject();
  }

  void Call(const rapidjson::Value& statement, const Context* context) {
    const CallRecord* record =
        context != nullptr ? context->FindCall(statement["site"].GetInt()) : nullptr;
    if (record != nullptr && (record->too_deep || record->too_large)) {
      return Unknown(statement,
                     record->too_deep ? "unsupported: call depth" : "unsupported: trace size");
    }
    writer_.StartObject();
    for (const auto& member : statement.GetObject()) {
      if (Is(member.name, "targets")) continue;
      Key(member.name);
      member.value.Accept(writer_);
    }
    writer_.Key("targets");
    writer_.StartArray();
    // `new callee(...)` (docs/trace-ir.md section 5): only the built-in Date is a target of its
    // own; any other constructor (a user function, a class, another built-in) is one opaque
    // function target, last.
    const rapidjson::Value* construct = Member(statement, "construct");
    const bool constructs = construct != nullptr && construct->IsTrue();
    if (record != nullptr) {
      bool callback = false;
      bool opaque_constructor = false;
      for (const auto& [callee, target] : record->targets) {
        if (constructs && !target.callback &&
            !(IsBuiltin(callee) && program_.builtin(BuiltinIndex(callee)) == "Date")) {
          opaque_constructor = true;
        } else if (target.callback) {
          callback = true;
        } else if (IsUserFunction(callee)) {
          Inlined(statement, callee, target.context.get());
        } else if (IsBuiltin(callee)) {
          writer_.StartObject();
          writer_.Key("builtin");
          String(program_.builtin(BuiltinIndex(callee)));
          if (!target.callbacks.empty()) {
            // The user callbacks a callback host ran, by id (docs/trace-ir.md section 5.1).
            writer_.Key("callbacks");
            writer_.StartArray();
            for (const auto& [function, callback] : target.callbacks) {
              Callback(function, callback.get());
            }
            writer_.EndArray();
          }
          writer_.EndObject();
        } else {
          Opaque(callee == kAsyncCallee ? "async" : "function");
        }
      }
      if (opaque_constructor) Opaque("function");
      // Several callees that ran callbacks still make one opaque target, last: it only aborts.
      if (callback) Opaque("callback");
    }
    writer_.EndArray();
    writer_.EndObject();
  }

  void Inlined(const rapidjson::Value& call, int32_t callee, const Context* context) {
    const Function& function = program_.function(callee);
    InlinedReturn ret{&call["result"], FreshLabel()};
    writer_.StartObject();
    FunctionHead(callee, function);
    writer_.Key("label");
    String(ret.label);
    InlinedBody(function, context, ret);
    writer_.EndObject();
  }

  // A callback host's user callback: inlined as a call is, its return value set in `result`, a
  // name of its own ($cbN) that the compiler declares per invocation between the caller's scope
  // and the callback's block.
  void Callback(int32_t id, const Context* context) {
    const Function& function = program_.function(id);
    const std::string result = "$cb" + std::to_string(++callbacks_);
    const rapidjson::Value result_name(rapidjson::StringRef(result.data(), result.size()));
    InlinedReturn ret{&result_name, FreshLabel()};
    writer_.StartObject();
    FunctionHead(id, function);
    writer_.Key("result");
    String(result);
    writer_.Key("label");
    String(ret.label);
    InlinedBody(function, context, ret);
    writer_.EndObject();
  }

  // "function", "name", "async" (when it is), "params", "captures" (a closure's), "locals".
  void FunctionHead(int32_t id, const Function& function) {
    writer_.Key("function");
    writer_.Int(id);
    writer_.Key("name");
    String(function.name);
    if (function.is_async) {
      writer_.Key("async");
      writer_.Bool(true);
    }
    writer_.Key("params");
    function.params->Accept(writer_);
    if (function.captures != nullptr) {
      writer_.Key("captures");
      function.captures->Accept(writer_);
    }
    writer_.Key("locals");
    function.locals->Accept(writer_);
  }

  void InlinedBody(const Function& function, const Context* context, const InlinedReturn& ret) {
    writer_.Key("body");
    writer_.StartArray();
    for (const auto& statement : function.body->GetArray()) Statement(statement, context, &ret);
    // Falling off the end of a function returns undefined: without this the call's result would
    // keep its previous value (a call in a loop) instead of becoming undefined.
    if (ret.result->IsString()) SetResult(*ret.result, nullptr, nullptr);
    writer_.EndArray();
  }

  void Nested(const rapidjson::Value& statement, const Context* context, const InlinedReturn* ret) {
    writer_.StartObject();
    for (const auto& member : statement.GetObject()) {
      Key(member.name);
      // A try's catch and finally are blocks too (or null), kept whole as its body is.
      const bool is_block =
          Is(member.name, "body") || Is(member.name, "catch") || Is(member.name, "finally");
      if (is_block && member.value.IsArray()) {
        Block(member.value, context, ret);
      } else {
        member.value.Accept(writer_);
      }
    }
    writer_.EndObject();
  }

  // `return v` inside an inlined callee: set the call's result in the caller's scope (the
  // callee's locals may use the same name), then leave the block that holds the body.
  void Return(const rapidjson::Value& statement, const InlinedReturn& ret) {
    const rapidjson::Value* loc = Member(statement, "loc");
    if (ret.result->IsString()) SetResult(*ret.result, &statement["value"], loc);
    writer_.StartObject();
    writer_.Key("s");
    writer_.String("break");
    writer_.Key("label");
    String(ret.label);
    if (loc != nullptr) {
      writer_.Key("loc");
      loc->Accept(writer_);
    }
    writer_.EndObject();
  }

  // value == nullptr writes undefined.
  void SetResult(const rapidjson::Value& name, const rapidjson::Value* value,
                 const rapidjson::Value* loc) {
    writer_.StartObject();
    writer_.Key("s");
    writer_.String("set");
    writer_.Key("name");
    name.Accept(writer_);
    writer_.Key("value");
    if (value != nullptr) {
      value->Accept(writer_);
    } else {
      writer_.StartObject();
      writer_.Key("a");
      writer_.String("undef");
      writer_.EndObject();
    }
    writer_.Key("scope");
    writer_.String("caller");
    if (loc != nullptr) {
      writer_.Key("loc");
      loc->Accept(writer_);
    }
    writer_.EndObject();
  }

  void Untraced() {
    writer_.StartArray();
    writer_.StartObject();
    writer_.Key("s");
    writer_.String("unknown");
    writer_.Key("reason");
    writer_.String("untraced");
    writer_.EndObject();
    writer_.EndArray();
  }

  // The statement replaced by an abort; its loc is kept so the abort record can point at it.
  void Unknown(const rapidjson::Value& statement, const char* reason) {
    writer_.StartObject();
    writer_.Key("s");
    writer_.String("unknown");
    writer_.Key("reason");
    writer_.String(reason);
    if (const rapidjson::Value* loc = Member(statement, "loc")) {
      writer_.Key("loc");
      loc->Accept(writer_);
    }
    writer_.EndObject();
  }

  void Opaque(const char* what) {
    writer_.StartObject();
    writer_.Key("opaque");
    writer_.String(what);
    writer_.EndObject();
  }

  // Return labels R1, R2, ... in document order, skipping any label the program itself uses, so
  // a `break` in the callee's own code never means the return block by accident.
  std::string FreshLabel() {
    std::string label;
    do {
      label = "R" + std::to_string(++labels_);
    } while (program_.HasLabel(label));
    return label;
  }

  static const rapidjson::Value* Member(const rapidjson::Value& object, const char* name) {
    auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
  }

  const Program& program_;
  rapidjson::StringBuffer buffer_;
  JsonWriter writer_;
  uint64_t labels_ = 0;
  uint64_t callbacks_ = 0;  // $cbN result names, in document order
};

}  // namespace

std::string SerializeTrace(const TraceParts& parts) {
  TraceWriter writer(*parts.program);
  return writer.Write(parts);
}

}  // namespace containerless::addon

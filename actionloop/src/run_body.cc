// The native path's body reader: strict where Node.js is strict, "not exact" where parsers differ.
#include "run_body.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <rapidjson/error/error.h>
#include <rapidjson/writer.h>

namespace containerless::runtime {
namespace {

// Deeper documents go to Node.js: the writer below recurses.
constexpr size_t kMaxDepth = 256;

// Checks, without recursion, that no object has two members of the same name (RapidJSON keeps
// both, JSON.parse the last) and that nesting stays under kMaxDepth.
bool Representable(const rapidjson::Value& root) {
  // Kept between calls: the native path must not allocate per activation once warm.
  static thread_local std::vector<std::pair<const rapidjson::Value*, size_t>> stack;
  static thread_local std::vector<std::string_view> names;
  stack.clear();
  stack.emplace_back(&root, 1);
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxDepth) return false;
    if (value->IsObject()) {
      names.clear();
      for (const auto& m : value->GetObject()) {
        names.emplace_back(m.name.GetString(), m.name.GetStringLength());
        if (m.value.IsObject() || m.value.IsArray()) stack.emplace_back(&m.value, depth + 1);
      }
      if (names.size() > 1) {
        std::sort(names.begin(), names.end());
        if (std::adjacent_find(names.begin(), names.end()) != names.end()) return false;
      }
    } else if (value->IsArray()) {
      for (const auto& v : value->GetArray()) {
        if (v.IsObject() || v.IsArray()) stack.emplace_back(&v, depth + 1);
      }
    }
  }
  return true;
}

// False for the two inputs on which RapidJSON and JSON.parse disagree without an error: a NUL
// byte, which RapidJSON's stream takes for the end of the input (JSON.parse rejects it anywhere),
// and the integer token -0, which RapidJSON reads as the integer 0 (JSON.parse keeps the sign).
// Only a -0 outside strings is a number: an /init body's code often has "-0" in its text, and a
// false alarm there would keep the action from ever matching its handler (AdoptHandler reads
// the code through ParseJsonBody), or fail --engine native's /init.
bool SameAsJsonParse(std::string_view body) {
  if (body.find('\0') != std::string_view::npos) return false;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, a quote included
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '-' && i + 1 < body.size() && body[i + 1] == '0') {
      const char next = i + 2 < body.size() ? body[i + 2] : ' ';
      if (next != '.' && next != 'e' && next != 'E') return false;
    }
  }
  return true;
}

}  // namespace

const rapidjson::Value* LastMember(const rapidjson::Value& object, std::string_view name) {
  const rapidjson::Value* found = nullptr;
  for (const auto& m : object.GetObject()) {
    if (std::string_view(m.name.GetString(), m.name.GetStringLength()) == name) found = &m.value;
  }
  return found;
}

BodyVerdict ParseJsonBody(std::string_view body, rapidjson::Document* doc) {
  if (body.empty()) {
    doc->SetObject();
    return BodyVerdict::kOk;
  }
  // body-parser (and so the Node engine) drops a UTF-8 byte-order mark.
  if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) body.remove_prefix(3);
  size_t i = 0;
  while (i < body.size() &&
         (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
    ++i;
  }
  if (i == body.size() || (body[i] != '{' && body[i] != '[')) return BodyVerdict::kBadJson;
  if (!SameAsJsonParse(body)) return BodyVerdict::kNotExact;
  // Iterative: a deeply nested body must not exhaust the stack. Validating UTF-8: Node.js
  // replaces invalid sequences, which only Node.js should do.
  // Full precision: numbers must round exactly as JSON.parse rounds them.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseFullPrecisionFlag;
  doc->Parse<kFlags>(body.data(), body.size());
  if (doc->HasParseError()) {
    switch (doc->GetParseError()) {
      case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:  // JSON.parse accepts lone ones
      case rapidjson::kParseErrorStringInvalidEncoding:
      case rapidjson::kParseErrorNumberTooBig:  // JSON.parse gives Infinity
      case rapidjson::kParseErrorTermination:
        return BodyVerdict::kNotExact;
      default:
        return BodyVerdict::kBadJson;
    }
  }
  return BodyVerdict::kOk;
}

BodyVerdict RunBody::Parse(std::string_view body) {
  args_ = std::string_view();
  deadline_ms_ = 0;
  value_type_ = "";
  doc_.SetNull();  // drop every reference into the pool before clearing it
  pool_.Clear();
  BodyVerdict verdict = ParseJsonBody(body, &doc_);
  if (verdict != BodyVerdict::kOk) return verdict;
  const rapidjson::Value* value = nullptr;
  if (doc_.IsObject()) {
    value = LastMember(doc_, "value");
    const rapidjson::Value* deadline = LastMember(doc_, "deadline");
    if (deadline != nullptr && deadline->IsString()) {
      deadline_ms_ = strtoll(deadline->GetString(), nullptr, 10);
    }
  }
  if (value == nullptr || value->IsNull()) {
    args_ = "{}";
    return BodyVerdict::kOk;
  }
  if (value->IsString()) value_type_ = "string";
  if (value->IsNumber()) value_type_ = "number";
  if (value->IsBool()) value_type_ = "boolean";
  if (!value->IsObject() && !value->IsArray()) return BodyVerdict::kNotObject;
  // Only the value reaches the handler: duplicates elsewhere are resolved by LastMember.
  if (!Representable(*value)) return BodyVerdict::kNotExact;
  buffer_.Clear();
  writer_.Reset(buffer_);
  if (!value->Accept(writer_)) return BodyVerdict::kNotExact;
  args_ = std::string_view(buffer_.GetString(), buffer_.GetSize());
  return BodyVerdict::kOk;
}

}  // namespace containerless::runtime

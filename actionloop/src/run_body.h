// Reads a /run (or /init) body exactly as the Node engine would, for the native path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace containerless::runtime {

enum class BodyVerdict {
  kOk,         // parsed; the fields below are filled
  kBadJson,    // certainly not JSON the Node engine accepts: 500 {"error":"Bad request."}
  kNotExact,   // valid for Node.js but not representable exactly here (duplicate keys, lone
               // surrogates, numbers beyond double range, deep nesting, invalid UTF-8): Node.js
               // must answer it
  kNotObject,  // `value` is a string, number or boolean (the Node engine answers 403)
};

class RunBody {
 public:
  RunBody() = default;
  RunBody(const RunBody&) = delete;
  RunBody& operator=(const RunBody&) = delete;

  // Parses `body`. On kOk, args() is the `value` as JSON text ({} when absent or null).
  BodyVerdict Parse(std::string_view body);
  std::string_view args() const { return args_; }
  int64_t deadline_ms() const { return deadline_ms_; }
  // For kNotObject: typeof value, as Node would name it.
  const char* value_type() const { return value_type_; }
  // The parsed document (for /init: value.code, value.main).
  const rapidjson::Document& document() const { return doc_; }
  // Bytes the parse pool holds now (for tests: it must not grow with the number of parses).
  size_t pool_capacity() const { return pool_.Capacity(); }

 private:
  // A reused Document never gives its pool memory back (RapidJSON's pool frees only on Clear),
  // so the pool is cleared before each parse; its first 64 KiB are this buffer, so a typical
  // body parses without touching the heap.
  char pool_buffer_[64 * 1024];
  rapidjson::MemoryPoolAllocator<> pool_{pool_buffer_, sizeof pool_buffer_};
  rapidjson::Document doc_{&pool_};
  rapidjson::StringBuffer buffer_;
  // Reused (Reset per body): a fresh Writer allocates its level stack on every activation.
  rapidjson::Writer<rapidjson::StringBuffer> writer_{buffer_};
  std::string_view args_;
  int64_t deadline_ms_ = 0;
  const char* value_type_ = "";
};

// Parses `body` as the Node engine's parseBody does: empty is {}, else the first non-blank
// character must be { or [. Returns the verdict; on kOk *doc holds it.
BodyVerdict ParseJsonBody(std::string_view body, rapidjson::Document* doc);

// The last member named `name` of `object` (JSON.parse keeps the last duplicate), or nullptr.
const rapidjson::Value* LastMember(const rapidjson::Value& object, std::string_view name);

}  // namespace containerless::runtime

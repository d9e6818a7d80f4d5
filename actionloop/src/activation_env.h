// The __OW_ environment of the /run bodies answered natively, handed to the Node engine with the
// next /run it gets.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace containerless::runtime {

// The stock runtime exports every top-level string field of a /run body but `value` as
// process.env.__OW_<KEY> and never removes one: a field a later body lacks keeps the last
// value. Activations answered natively never reach the Node engine's process.env, so the engine
// would read an older value there (differential finding H13-5). This keeps the fields of the
// native activations since the last /run forwarded to the engine, which gets them in a header
// (proxy/server.js) and exports them before the forwarded body's own fields.
class ActivationEnv {
 public:
  // Over this many bytes of JSON the fields are not sent: the engine takes request heads up to
  // this plus 64 KiB on the runtime's socket (proxy/server.js RUNTIME_MAX_HEADER_SIZE; node:http's
  // default is 16 KiB). Fields that big stay as the engine had them.
  static constexpr size_t kMaxHeaderBytes = 1024 * 1024;

  // Notes the string fields of a /run body answered natively (the parsed document).
  void Note(const rapidjson::Document& body);
  // The fields noted since the last call, as a header line "X-Containerless-Env: {...}\r\n" (JSON
  // with non-ASCII characters escaped), or "" when there are none; forgets them.
  std::string TakeHeader();
  bool empty() const { return used_ == 0; }

 private:
  // Few fields (namespace, action_name, activation_id, ...), the same ones every time: a vector
  // whose strings keep their capacity, so noting a body allocates nothing once warm.
  std::vector<std::pair<std::string, std::string>> fields_;
  size_t used_ = 0;  // fields_[0, used_) hold fields noted since the last TakeHeader
};

}  // namespace containerless::runtime

// Program: the normalizer's program document (docs/trace-ir.md section 7), parsed and validated.
#ifndef CONTAINERLESS_ADDON_CORE_PROGRAM_H_
#define CONTAINERLESS_ADDON_CORE_PROGRAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <rapidjson/document.h>

#include "status.h"

namespace containerless::addon {

// The owner of a site that belongs to the module's top-level code rather than to a function.
inline constexpr int32_t kModuleOwner = -1;

// kOperation: a `binary`, `unary`, `tostring` or `get` expression with a site, whose events
// report the types of its operands (docs/trace-ir.md section 7, type events).
enum class SiteKind : uint8_t { kIf, kCall, kOperation };

// What a site number stands for: the statement kind (which decides how an event's second
// element reads) and the code it belongs to (events must come from the function running).
struct Site {
  SiteKind kind;
  int32_t owner;         // a function id, or kModuleOwner
  uint8_t operands = 0;  // kOperation: 2 for binary and get, 1 for unary and tostring
};

// One declared function. The JSON values point into the Program's document, which owns them.
struct Function {
  int32_t id = 0;
  std::string name;
  const rapidjson::Value* params = nullptr;
  // A closure's captured names (bound from its environment at entry), or nullptr: none.
  const rapidjson::Value* captures = nullptr;
  const rapidjson::Value* locals = nullptr;
  const rapidjson::Value* body = nullptr;
  bool is_async = false;  // an `async` function: the trace's main and targets say so
};

class Program {
 public:
  // Parses and validates a whole program document; on error the message names the JSON path.
  static Status Parse(std::string_view json, std::unique_ptr<Program>* out);

  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // The site's description, or nullptr when the program has no such site.
  const Site* FindSite(int32_t site) const {
    auto it = sites_.find(site);
    return it == sites_.end() ? nullptr : &it->second;
  }
  size_t site_count() const { return sites_.size(); }

  int32_t function_count() const { return static_cast<int32_t>(functions_.size()); }
  const Function& function(int32_t id) const { return functions_[static_cast<size_t>(id)]; }

  int32_t builtin_count() const { return static_cast<int32_t>(builtins_.size()); }
  const std::string& builtin(int32_t k) const { return builtins_[static_cast<size_t>(k)]; }
  // Whether builtins[k] is a callback host (docs/trace-ir.md section 7): Array.prototype.forEach,
  // map, filter, some, every, find, findIndex, reduce, findLast, findLastIndex, reduceRight or
  // flatMap, whose user callbacks are traced.
  bool IsCallbackHost(int32_t k) const { return callback_hosts_[static_cast<size_t>(k)]; }

  // The entry function's id, or -1 when the document's main_function is null.
  int32_t main_function() const { return main_function_; }

  const rapidjson::Value& module_locals() const { return *module_locals_; }
  const rapidjson::Value& module_body() const { return *module_body_; }

  bool compilable() const { return compilable_; }
  // The program's sentence, or nullptr when it is null.
  const std::string* not_compilable_because() const {
    return has_because_ ? &not_compilable_because_ : nullptr;
  }

  // True when some loop or block of the program uses this label (inlining picks fresh ones).
  bool HasLabel(std::string_view label) const { return labels_.count(std::string(label)) != 0; }

 private:
  Program() = default;
  friend class ProgramParser;

  rapidjson::Document document_;
  std::vector<Function> functions_;
  std::vector<std::string> builtins_;
  std::vector<bool> callback_hosts_;  // by built-in number
  std::unordered_map<int32_t, Site> sites_;
  std::unordered_set<std::string> labels_;
  int32_t main_function_ = -1;
  const rapidjson::Value* module_locals_ = nullptr;
  const rapidjson::Value* module_body_ = nullptr;
  bool compilable_ = false;
  bool has_because_ = false;
  std::string not_compilable_because_;
};

}  // namespace containerless::addon

#endif  // CONTAINERLESS_ADDON_CORE_PROGRAM_H_

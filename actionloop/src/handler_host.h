// The handler host: loads a compiled handler library (dlopen), checks its ABI, runs activations.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "handler_abi.h"
#include "status.h"

namespace containerless::runtime {

// What one native activation did. The views point into the handler's memory until Release().
struct NativeOutcome {
  bool answered = false;
  int http_status = 0;
  std::string_view body;
  std::string_view logs;   // JSON array of [stream, text]
  std::string_view abort;  // the abort record when !answered
};

class Handler {
 public:
  // Loads the library at `path` and checks containerless_handler_v1 and abi_version. Every way a
  // library can be broken is an error Status that names the path and the reason.
  static Status Load(const std::string& path, std::unique_ptr<Handler>* out);
  ~Handler();
  Handler(const Handler&) = delete;
  Handler& operator=(const Handler&) = delete;

  // Runs the action's top-level code (instance_new). On an abort, *abort_json says why.
  Status NewInstance(const cl_limits& limits, std::string* abort_json);
  bool has_instance() const { return instance_ != nullptr; }

  // Runs one activation; `args` is the value JSON. Call Release() after using the outcome.
  NativeOutcome Run(std::string_view args, const cl_limits& limits);
  void Release();

  const std::string& path() const { return path_; }
  std::string code_sha256() const;
  std::string entry() const;
  std::string trace_sha256() const;

 private:
  Handler() = default;

  std::string path_;
  void* library_ = nullptr;
  const cl_handler_v1* table_ = nullptr;
  void* instance_ = nullptr;
  cl_outcome outcome_{};
  bool outcome_live_ = false;
};

// The "reason" of an abort record ("untraced", "module-state", ...), or "" when unreadable.
std::string AbortReason(std::string_view abort_json);

}  // namespace containerless::runtime

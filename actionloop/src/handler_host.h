// The handler host: loads a compiled handler library (dlopen), checks its ABI (version 2), and
// runs activations step by step (docs/handler-abi.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "handler_abi.h"
#include "status.h"

namespace containerless::runtime {

// What one native activation did. The views point into the handler's memory while the
// Activation that gave them lives.
struct NativeOutcome {
  bool answered = false;
  int http_status = 0;
  std::string_view body;
  std::string_view logs;   // JSON array of [stream, text]
  std::string_view abort;  // the abort record when !answered
};

class Activation;

class Handler {
 public:
  // Loads the library at `path` and checks containerless_handler_v2 and abi_version. Every way a
  // library can be broken (a version 1 library among them) is an error Status that names the
  // path and the reason.
  static Status Load(const std::string& path, std::unique_ptr<Handler>* out);
  ~Handler();
  Handler(const Handler&) = delete;
  Handler& operator=(const Handler&) = delete;

  // Runs the action's top-level code (instance_new). On an abort, *abort_json says why.
  Status NewInstance(const cl_limits& limits, std::string* abort_json);
  bool has_instance() const { return instance_ != nullptr; }

  const std::string& path() const { return path_; }
  std::string code_sha256() const;
  std::string entry() const;
  std::string trace_sha256() const;

 private:
  friend class Activation;
  Handler() = default;

  std::string path_;
  void* library_ = nullptr;
  const cl_handler_v2* table_ = nullptr;
  void* instance_ = nullptr;
};

// One activation in flight: activation_new, then step/complete until it is done. Holds its
// handler, so that unloading a demoted handler waits for the activations still running on it.
class Activation {
 public:
  enum class Next { kDone, kHostCall };

  // Begins an activation of `handler`'s instance; `args` is the value JSON.
  static std::unique_ptr<Activation> Begin(std::shared_ptr<Handler> handler, std::string_view args,
                                           const cl_limits& limits);
  ~Activation();
  Activation(const Activation&) = delete;
  Activation& operator=(const Activation&) = delete;

  // Runs until the activation is done (outcome() is then valid) or asks for a host call
  // (host_call() is then valid until Complete).
  Next Step();
  std::string_view host_call() const { return call_; }
  // The host call's result JSON; the next Step goes on from there.
  void Complete(std::string_view result_json);

  const NativeOutcome& outcome() const { return view_; }
  int host_calls() const { return host_calls_; }
  const Handler& handler() const { return *handler_; }

 private:
  Activation() = default;
  void FreeCall();

  std::shared_ptr<Handler> handler_;
  void* activation_ = nullptr;
  cl_bytes call_bytes_{};
  std::string_view call_;
  cl_outcome outcome_{};
  bool outcome_live_ = false;
  bool done_ = false;
  int host_calls_ = 0;
  NativeOutcome view_;
};

// Host calls answered synchronously: gets the call JSON, returns the result JSON.
using HostCallFn = std::function<std::string(std::string_view call_json)>;

// Runs one activation to its end on the calling thread (the ActionLoop launcher, tests).
std::unique_ptr<Activation> RunToEnd(std::shared_ptr<Handler> handler, std::string_view args,
                                     const cl_limits& limits, const HostCallFn& host);

// The "reason" of an abort record ("untraced", "module-state", ...), or "" when unreadable.
std::string AbortReason(std::string_view abort_json);

}  // namespace containerless::runtime

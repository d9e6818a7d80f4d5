// Status: the result of an operation that can fail, with a message ready to log (no exceptions).
#pragma once

#include <string>
#include <utility>

namespace containerless::runtime {

class [[nodiscard]] Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }
  // "what: strerror-like text" for a libuv error code.
  static Status Uv(const char* what, int code);

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}

  bool failed_ = false;
  std::string message_;
};

}  // namespace containerless::runtime

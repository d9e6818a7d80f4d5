// Status: the result of every fallible core operation (ok, or an error message for a TypeError).
#ifndef CONTAINERLESS_ADDON_CORE_STATUS_H_
#define CONTAINERLESS_ADDON_CORE_STATUS_H_

#include <string>
#include <utility>

namespace containerless::addon {

// The core never throws (the addon is built with C++ exceptions off); every operation that can
// fail returns a Status, and [[nodiscard]] makes ignoring one a compiler warning.
class [[nodiscard]] Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return ok_; }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string message) : ok_(false), message_(std::move(message)) {}

  bool ok_ = true;
  std::string message_;
};

}  // namespace containerless::addon

#endif  // CONTAINERLESS_ADDON_CORE_STATUS_H_

// Status values: how every fallible step of the compiler reports an error (no exceptions).
#pragma once

#include <string>
#include <utility>

namespace containerless::compiler {

// What went wrong, coarsely: tests assert on it and the CLI maps it to an exit code.
enum class ErrorCode {
  kOk = 0,
  kUsage,           // bad command line
  kIo,              // a file could not be read or written
  kSyntax,          // the trace is not JSON
  kVersion,         // the trace's version is not one this reader knows
  kMissingField,    // a required field is absent
  kWrongType,       // a field has the wrong JSON type
  kUnknownKind,     // an unknown atom, expression, statement or target kind
  kBadValue,        // a field has the right type but an invalid value (operator, site, ...)
  kUndeclaredName,  // a name that is not a declared local or module binding
  kDuplicateName,   // a name declared twice in one list
  kUnknownLabel,    // break/continue to a label that does not enclose it
  kMisplaced,       // a statement where the IR forbids it (return outside main, ...)
  kNotCompilable,   // a valid trace the compiler must not compile (compilable=false, ...)
  kModuleWrite,     // main writes a module binding
  kRustc,           // rustc failed or timed out
  kRuntimeMissing,  // the runtime crate rlib is not built
  kInternal,        // a bug in the compiler
};

const char* ErrorCodeName(ErrorCode code);

// A status value: ok, or an error code with a location (a JSON-pointer-like path into the trace,
// possibly empty) and a message. Functions that can fail return one and callers must look at it.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string path, std::string message) {
    Status s;
    s.code_ = code;
    s.path_ = std::move(path);
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& path() const { return path_; }
  const std::string& message() const { return message_; }
  // "at /main/body/3: message", or just the message when there is no path.
  std::string ToString() const {
    if (ok()) return "ok";
    if (path_.empty()) return message_;
    return "at " + path_ + ": " + message_;
  }
  // Marks a status deliberately ignored (tests, best-effort cleanup).
  void Ignore() const {}

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string path_;
  std::string message_;
};

}  // namespace containerless::compiler

// Names of the error codes of status.h, for messages and tests.
#include "status.h"

namespace containerless::compiler {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kUsage:
      return "usage";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kSyntax:
      return "syntax";
    case ErrorCode::kVersion:
      return "version";
    case ErrorCode::kMissingField:
      return "missing-field";
    case ErrorCode::kWrongType:
      return "wrong-type";
    case ErrorCode::kUnknownKind:
      return "unknown-kind";
    case ErrorCode::kBadValue:
      return "bad-value";
    case ErrorCode::kUndeclaredName:
      return "undeclared-name";
    case ErrorCode::kDuplicateName:
      return "duplicate-name";
    case ErrorCode::kUnknownLabel:
      return "unknown-label";
    case ErrorCode::kMisplaced:
      return "misplaced";
    case ErrorCode::kNotCompilable:
      return "not-compilable";
    case ErrorCode::kModuleWrite:
      return "module-write";
    case ErrorCode::kRustc:
      return "rustc";
    case ErrorCode::kRuntimeMissing:
      return "runtime-missing";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

}  // namespace containerless::compiler

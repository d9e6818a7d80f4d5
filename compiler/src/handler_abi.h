// The handler ABI of docs/handler-abi.md (version 1) as C declarations, for loading handlers.
#pragma once

#include <cstddef>
#include <cstdint>

// The runtime (actionloop/) has its own copy; both follow docs/handler-abi.md, the contract.
extern "C" {

struct cl_bytes {
  uint8_t* ptr;
  size_t len;
};

struct cl_limits {
  uint64_t fuel;          // 0: the default (1e9)
  uint64_t memory_bytes;  // 0: the default (256 MiB)
  int64_t deadline_ms;    // 0: none
};

struct cl_outcome {
  int32_t status;  // CL_STATUS_ANSWERED or CL_STATUS_ABORTED
  int32_t http_status;
  cl_bytes body;
  cl_bytes logs;
  cl_bytes abort;
};

struct cl_handler_v1 {
  uint32_t abi_version;
  uint32_t reserved;
  const char* trace_sha256;
  const char* code_sha256;
  const char* entry;
  void* (*instance_new)(const cl_limits* limits, cl_bytes* abort_json);
  void (*instance_free)(void* instance);
  int32_t (*run)(void* instance, const uint8_t* args_json, size_t args_len, const cl_limits* limits,
                 cl_outcome* out);
  void (*outcome_free)(cl_outcome* out);
  void (*bytes_free)(cl_bytes* bytes);
};

}  // extern "C"

namespace containerless::compiler {

constexpr uint32_t kHandlerAbiVersion = 1;
constexpr int32_t kStatusAnswered = 0;
constexpr int32_t kStatusAborted = 1;
constexpr const char* kHandlerEntrySymbol = "containerless_handler_v1";

}  // namespace containerless::compiler

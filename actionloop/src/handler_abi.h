/* The handler ABI, version 1 (docs/handler-abi.md): the C contract between a compiled handler and
 * the runtime. */
#ifndef CONTAINERLESS_HANDLER_ABI_H_
#define CONTAINERLESS_HANDLER_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CL_HANDLER_ABI_VERSION 1
#define CL_HANDLER_ENTRY_SYMBOL "containerless_handler_v1"

struct cl_bytes {
  uint8_t* ptr;
  size_t len;
};

struct cl_limits {
  uint64_t fuel;         /* 0 means the default (1e9) */
  uint64_t memory_bytes; /* 0 means the default (256 MiB) */
  int64_t deadline_ms;   /* Unix epoch milliseconds; 0 = none */
};

enum { CL_STATUS_ANSWERED = 0, CL_STATUS_ABORTED = 1 };

struct cl_outcome {
  int32_t status;
  int32_t http_status;
  struct cl_bytes body;
  struct cl_bytes logs;
  struct cl_bytes abort;
};

struct cl_handler_v1 {
  uint32_t abi_version;
  uint32_t reserved;
  const char* trace_sha256;
  const char* code_sha256;
  const char* entry;
  void* (*instance_new)(const struct cl_limits* limits, struct cl_bytes* abort_json);
  void (*instance_free)(void* instance);
  int32_t (*run)(void* instance, const uint8_t* args_json, size_t args_len,
                 const struct cl_limits* limits, struct cl_outcome* out);
  void (*outcome_free)(struct cl_outcome* out);
  void (*bytes_free)(struct cl_bytes* bytes);
};

typedef const struct cl_handler_v1* (*cl_handler_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* CONTAINERLESS_HANDLER_ABI_H_ */

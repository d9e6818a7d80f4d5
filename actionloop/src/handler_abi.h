/* The handler ABI, version 2 (docs/handler-abi.md, docs/design/async-contract.md section B): the C
 * contract between a compiled handler and the runtime, with step-wise activations and host calls.
 */
#ifndef CONTAINERLESS_HANDLER_ABI_H_
#define CONTAINERLESS_HANDLER_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CL_HANDLER_ABI_VERSION 2
#define CL_HANDLER_ENTRY_SYMBOL "containerless_handler_v2"

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

/* What step returns: the activation finished (*out filled) or needs host I/O (*call filled). */
enum { CL_STEP_DONE = 0, CL_STEP_HOST_CALL = 1 };

struct cl_outcome {
  int32_t status;
  int32_t http_status;
  struct cl_bytes body;
  struct cl_bytes logs;
  struct cl_bytes abort;
};

struct cl_handler_v2 {
  uint32_t abi_version; /* 2 */
  uint32_t reserved;    /* 0 */
  const char* trace_sha256;
  const char* code_sha256;
  const char* entry;
  void* (*instance_new)(const struct cl_limits* limits, struct cl_bytes* abort_json);
  void (*instance_free)(void* instance);
  /* Begins one activation (nothing runs yet). Never NULL. Several activations of one instance
     may be in flight at once, interleaved on the runtime's single thread. */
  void* (*activation_new)(void* instance, const uint8_t* args_json, size_t args_len,
                          const struct cl_limits* limits);
  /* Runs until the activation finishes or needs host I/O. Returns CL_STEP_DONE (0) with *out
     filled exactly as version 1's run, or CL_STEP_HOST_CALL (1) with *call filled (JSON).
     After CL_STEP_HOST_CALL the host performs the call, then calls complete, then step again. */
  int32_t (*step)(void* activation, struct cl_bytes* call, struct cl_outcome* out);
  void (*complete)(void* activation, const uint8_t* result_json, size_t result_len);
  void (*activation_free)(void* activation);
  void (*outcome_free)(struct cl_outcome* out);
  void (*bytes_free)(struct cl_bytes* bytes);
};

/* The only exported symbol. Returns a pointer to a static table; never NULL. */
typedef const struct cl_handler_v2* (*cl_handler_entry_fn)(void);
const struct cl_handler_v2* containerless_handler_v2(void);

#ifdef __cplusplus
}
#endif

#endif /* CONTAINERLESS_HANDLER_ABI_H_ */

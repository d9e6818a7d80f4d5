/* A hand-written handler for the runtime's tests, one behaviour per TEST_HANDLER_* define (see
 * docs/handler-abi.md).
 *
 * The action it stands for is tests/runtime's echo action:
 *   function main(args) { console.log('hello', args.name); console.error('to stderr');
 *                         return args.abort ? <untraced> : {greeting: 'Hello ' + args.name}; }
 * ("slow": true makes it take 20 ms.)
 * It does not parse JSON for real: it looks for a few byte patterns, which is all the tests need.
 * The code hash it claims comes from TEST_CODE_SHA256 (the runtime checks it against /init).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handler_abi.h"

#ifndef TEST_CODE_SHA256
/* sha256 of the tests' action source; overridden with -D when the test builds its own */
#define TEST_CODE_SHA256 "0000000000000000000000000000000000000000000000000000000000000000"
#endif

static int instances = 0;

static void set_bytes(struct cl_bytes* b, const char* text) {
  size_t n = strlen(text);
  b->ptr = (uint8_t*)malloc(n);
  memcpy(b->ptr, text, n);
  b->len = n;
}

static void* instance_new(const struct cl_limits* limits, struct cl_bytes* abort_json) {
  (void)limits;
  (void)abort_json;
  ++instances;
  return &instances;
}

static void instance_free(void* instance) {
  (void)instance;
}

/* Finds "name":"<value>" in args and copies <value> (no escapes expected). */
static void find_name(const uint8_t* args, size_t len, char* out, size_t cap) {
  const char* key = "\"name\":\"";
  size_t k = strlen(key);
  out[0] = '\0';
  for (size_t i = 0; i + k <= len; ++i) {
    if (memcmp(args + i, key, k) == 0) {
      size_t j = i + k, n = 0;
      while (j < len && args[j] != '"' && n + 1 < cap) out[n++] = (char)args[j++];
      out[n] = '\0';
      return;
    }
  }
}

static int contains(const uint8_t* args, size_t len, const char* needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= len; ++i) {
    if (memcmp(args + i, needle, k) == 0) return 1;
  }
  return 0;
}

static int32_t run(void* instance, const uint8_t* args, size_t len, const struct cl_limits* limits,
                   struct cl_outcome* out) {
  (void)instance;
  (void)limits;
  char name[128];
  char text[512];
  memset(out, 0, sizeof *out);
  find_name(args, len, name, sizeof name);
  /* "slow": a handler slower than Node.js, for the speed guard. */
  if (contains(args, len, "\"slow\":true")) usleep(20000);
  snprintf(text, sizeof text, "[[\"stdout\",\"hello %s\"],[\"stderr\",\"to stderr\"]]", name);
  set_bytes(&out->logs, text);
#if defined(TEST_HANDLER_ABORT)
  int abort = 1;
#elif defined(TEST_HANDLER_MODULE_STATE)
  int abort = 2;
#else
  int abort = contains(args, len, "\"abort\":true");
#endif
  if (abort && contains(args, len, "\"long\":true")) {
    /* An abort record far over any header limit. */
    size_t n = 20000;
    char* record = (char*)malloc(n + 64);
    strcpy(record, "{\"reason\":\"untraced\",\"detail\":\"");
    size_t at = strlen(record);
    memset(record + at, 'x', n);
    strcpy(record + at + n, "\"}");
    set_bytes(&out->abort, record);
    free(record);
    out->status = CL_STATUS_ABORTED;
    return out->status;
  }
  if (abort) {
    out->status = CL_STATUS_ABORTED;
    set_bytes(&out->abort,
              abort == 2 ? "{\"reason\":\"module-state\",\"detail\":\"writes a module binding\"}"
                         : "{\"reason\":\"untraced\",\"site\":3,\"loc\":[4,10],"
                           "\"detail\":\"if at 4:10 took its else branch\"}");
    return out->status;
  }
  out->status = CL_STATUS_ANSWERED;
  out->http_status = 200;
  snprintf(text, sizeof text, "{\"greeting\":\"Hello %s\"}", name);
  set_bytes(&out->body, text);
  return out->status;
}

static void outcome_free(struct cl_outcome* out) {
  free(out->body.ptr);
  free(out->logs.ptr);
  free(out->abort.ptr);
  memset(out, 0, sizeof *out);
}

static void bytes_free(struct cl_bytes* b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = 0;
}

static const struct cl_handler_v1 table = {
#if defined(TEST_HANDLER_WRONG_VERSION)
    CL_HANDLER_ABI_VERSION + 1,
#else
    CL_HANDLER_ABI_VERSION,
#endif
    0,
    "1111111111111111111111111111111111111111111111111111111111111111",
    TEST_CODE_SHA256,
    "main",
    instance_new,
    instance_free,
    run,
    outcome_free,
    bytes_free,
};

#if !defined(TEST_HANDLER_NO_SYMBOL)
__attribute__((visibility("default"))) const struct cl_handler_v1* containerless_handler_v1(void) {
  return &table;
}
#else
__attribute__((visibility("default"))) const struct cl_handler_v1* containerless_handler_v0(void) {
  return &table;
}
#endif

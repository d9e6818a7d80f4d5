/* A hand-written handler of ABI version 2 for the runtime's tests, one behaviour per
 * TEST_HANDLER_* define (see docs/handler-abi.md).
 *
 * The action it stands for is tests/runtime's echo action (harness.js ECHO_ACTION):
 *   async function main(args) { console.log('hello', args.name); console.error('to stderr'); ...
 *     for each of args.fetches fetches of args.url: the result goes into `fetched` ...
 *     return args.abort ? <untraced> : {greeting: 'Hello ' + args.name, ...}; }
 * ("slow": true makes it take 20 ms; "clock": true records a Date.now and a Math.random effect;
 * "crash": "stack" or "segv" crashes it.)
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

/* A growable byte buffer. */
struct buf {
  char* p;
  size_t n, cap;
};

static void buf_add(struct buf* b, const char* s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->p = (char*)realloc(b->p, b->cap);
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static void buf_str(struct buf* b, const char* s) {
  buf_add(b, s, strlen(s));
}

static void set_bytes(struct cl_bytes* b, const char* text, size_t n) {
  b->ptr = (uint8_t*)malloc(n ? n : 1);
  memcpy(b->ptr, text, n);
  b->len = n;
}

struct activation {
  char* args;
  size_t len;
  int fetches_wanted, fetches_done;
  char url[512];
  struct buf call;    /* the outstanding host call */
  struct buf results; /* the results, comma-separated */
  struct buf effects; /* the effects, comma-separated */
};

static void* instance_new(const struct cl_limits* limits, struct cl_bytes* abort_json) {
  (void)limits;
  (void)abort_json;
  ++instances;
  return &instances;
}

static void instance_free(void* instance) {
  (void)instance;
}

/* Finds "key":"<value>" in args and copies <value> (no escapes expected). */
static void find_string(const char* args, size_t len, const char* key, char* out, size_t cap) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  size_t k = strlen(pattern);
  out[0] = '\0';
  for (size_t i = 0; i + k <= len; ++i) {
    if (memcmp(args + i, pattern, k) == 0) {
      size_t j = i + k, n = 0;
      while (j < len && args[j] != '"' && n + 1 < cap) out[n++] = args[j++];
      out[n] = '\0';
      return;
    }
  }
}

static int contains(const char* args, size_t len, const char* needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= len; ++i) {
    if (memcmp(args + i, needle, k) == 0) return 1;
  }
  return 0;
}

/* "fetches":N (one digit), else 1 when a url is given. */
static int find_fetches(const char* args, size_t len) {
  const char* key = "\"fetches\":";
  size_t k = strlen(key);
  for (size_t i = 0; i + k < len; ++i) {
    if (memcmp(args + i, key, k) == 0 && args[i + k] >= '0' && args[i + k] <= '9') {
      return args[i + k] - '0';
    }
  }
  return 1;
}

static void* activation_new(void* instance, const uint8_t* args, size_t len,
                            const struct cl_limits* limits) {
  (void)instance;
  (void)limits;
  struct activation* a = (struct activation*)calloc(1, sizeof *a);
  a->args = (char*)malloc(len + 1);
  memcpy(a->args, args, len);
  a->args[len] = '\0';
  a->len = len;
  find_string(a->args, len, "url", a->url, sizeof a->url);
  a->fetches_wanted = a->url[0] ? find_fetches(a->args, len) : 0;
  if (contains(a->args, len, "\"clock\":true")) {
    buf_str(&a->effects, "{\"now\":1732680000000},{\"random\":0.25}");
  }
  return a;
}

/* "crash": "stack" recurses until the stack is gone, "crash": "segv" writes through NULL: a
 * handler bug the runtime's crash guard must report (actionloop/src/crash_guard.cc). */
static volatile int crash_depth_limit = 1 << 30;
static int overflow(int depth) {
  volatile char frame[4096];
  frame[depth % sizeof frame] = (char)depth;
  if (depth >= crash_depth_limit) return frame[0];
  return overflow(depth + 1) + frame[depth % sizeof frame];
}

static void crash_if_asked(const char* args, size_t len) {
  if (contains(args, len, "\"crash\":\"stack\"")) {
    fprintf(stderr, "%d", overflow(0)); /* never returns */
  }
  if (contains(args, len, "\"crash\":\"segv\"")) {
    volatile int* volatile nowhere = NULL;
    *nowhere = 1;
  }
}

static void finish(struct activation* a, struct cl_outcome* out) {
  char name[128];
  char text[512];
  const char* args = a->args;
  size_t len = a->len;
  find_string(args, len, "name", name, sizeof name);
  crash_if_asked(args, len);
  /* "slow": a handler slower than Node.js, for the speed guard. */
  if (contains(args, len, "\"slow\":true")) usleep(20000);
  snprintf(text, sizeof text, "[[\"stdout\",\"hello %s\"],[\"stderr\",\"to stderr\"]]", name);
  set_bytes(&out->logs, text, strlen(text));
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
    struct buf record = {0};
    buf_str(&record, "{\"reason\":\"untraced\",\"detail\":\"");
    for (size_t i = 0; i < n; ++i) buf_add(&record, "x", 1);
    buf_str(&record, "\"}");
    set_bytes(&out->abort, record.p, record.n);
    free(record.p);
    out->status = CL_STATUS_ABORTED;
    return;
  }
  if (abort) {
    struct buf record = {0};
    buf_str(&record, abort == 2
                         ? "{\"reason\":\"module-state\",\"detail\":\"writes a module binding\""
                     : contains(args, len, "\"guard\":true")
                         ? "{\"reason\":\"guard\",\"loc\":[4,10],"
                           "\"detail\":\"expected a number, got string\""
                     : contains(args, len, "\"unsupported\":true")
                         ? "{\"reason\":\"unsupported\",\"loc\":[4,10],"
                           "\"detail\":\"the global RegExp\""
                         : "{\"reason\":\"untraced\",\"site\":3,\"loc\":[4,10],"
                           "\"detail\":\"if at 4:10 took its else branch\"");
    if (a->effects.n > 0) {
      buf_str(&record, ",\"effects\":[");
      buf_add(&record, a->effects.p, a->effects.n);
      buf_str(&record, "]");
    }
    buf_str(&record, "}");
    out->status = CL_STATUS_ABORTED;
    set_bytes(&out->abort, record.p, record.n);
    free(record.p);
    return;
  }
  out->status = CL_STATUS_ANSWERED;
  out->http_status = 200;
  struct buf body = {0};
  snprintf(text, sizeof text, "{\"greeting\":\"Hello %s\"", name);
  buf_str(&body, text);
  if (a->fetches_wanted > 0) {
    buf_str(&body, ",\"fetched\":[");
    if (a->results.n) buf_add(&body, a->results.p, a->results.n);
    buf_str(&body, "]");
  }
  buf_str(&body, "}");
  set_bytes(&out->body, body.p, body.n);
  free(body.p);
}

static int32_t step(void* activation, struct cl_bytes* call, struct cl_outcome* out) {
  struct activation* a = (struct activation*)activation;
  memset(out, 0, sizeof *out);
  if (a->fetches_done < a->fetches_wanted) {
    a->call.n = 0;
    buf_str(&a->call, "{\"op\":\"fetch\",\"url\":\"");
    buf_str(&a->call, a->url);
    buf_str(&a->call, "\",\"method\":\"GET\",\"headers\":[[\"X-Test\",\"1\"]],\"body\":null}");
    set_bytes(call, a->call.p, a->call.n);
    return CL_STEP_HOST_CALL;
  }
  finish(a, out);
  return CL_STEP_DONE;
}

static void complete(void* activation, const uint8_t* result, size_t len) {
  struct activation* a = (struct activation*)activation;
  if (a->results.n) buf_str(&a->results, ",");
  buf_add(&a->results, (const char*)result, len);
  if (a->effects.n) buf_str(&a->effects, ",");
  buf_str(&a->effects, "{\"fetch\":");
  buf_add(&a->effects, a->call.p, a->call.n);
  buf_str(&a->effects, ",\"response\":");
  buf_add(&a->effects, (const char*)result, len);
  buf_str(&a->effects, "}");
  a->fetches_done++;
}

static void activation_free(void* activation) {
  struct activation* a = (struct activation*)activation;
  free(a->args);
  free(a->call.p);
  free(a->results.p);
  free(a->effects.p);
  free(a);
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

static const struct cl_handler_v2 table = {
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
    activation_new,
    step,
    complete,
    activation_free,
    outcome_free,
    bytes_free,
};

#if defined(TEST_HANDLER_NO_SYMBOL)
__attribute__((visibility("default"))) const struct cl_handler_v2* containerless_handler_v0(void) {
  return &table;
}
#elif defined(TEST_HANDLER_V1)
/* A library of the previous ABI: the runtime must refuse it by its symbol, never call it. */
__attribute__((visibility("default"))) const void* containerless_handler_v1(void) {
  return &table;
}
#else
__attribute__((visibility("default"))) const struct cl_handler_v2* containerless_handler_v2(void) {
  return &table;
}
#endif

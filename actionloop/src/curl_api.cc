// Loads libcurl with dlopen on the first fetch: most activations never fetch, and linking it
// would load ~37 shared libraries (TLS, IDN, LDAP, ...) at every start.
#include "curl_api.h"

#include <dlfcn.h>

#include <string>

namespace containerless::runtime {
namespace {

std::string DlError(const char* fallback) {
  const char* e = dlerror();
  return std::string("libcurl is not available: ") + (e != nullptr ? e : fallback);
}

struct Loaded {
  CurlApi api;
  Status status = Status::Error("libcurl is not available: not loaded");
};

Loaded& State() {
  static Loaded state;
  return state;
}

Loaded& LoadOnce() {
  // A function-local static runs its initializer once, even if threads race to it.
  static Loaded& loaded = []() -> Loaded& {
    Loaded& state = State();
    Status s = OpenCurlLibrary(kCurlLibrary, &state.api);
    if (s.ok()) {
      // Once per process, before any other curl call (it is not thread-safe itself).
      CURLcode code = state.api.global_init(CURL_GLOBAL_DEFAULT);
      if (code != CURLE_OK) {
        s = Status::Error(std::string("libcurl is not available: curl_global_init: ") +
                          state.api.easy_strerror(code));
      }
    }
    state.status = std::move(s);
    return state;
  }();
  return loaded;
}

}  // namespace

Status OpenCurlLibrary(const char* file, CurlApi* api) {
  dlerror();  // clear a stale message
  void* lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) return Status::Error(DlError("dlopen failed"));
  CurlApi table;
  // Every symbol is checked: an old libcurl without one (curl_url is 7.62+) fails here, whole,
  // rather than crashing on first use.
#define CL_CURL_RESOLVE(member, symbol)                              \
  {                                                                  \
    dlerror();                                                       \
    void* sym = dlsym(lib, #symbol);                                 \
    if (sym == nullptr) {                                            \
      Status missing = Status::Error(DlError(#symbol " not found")); \
      dlclose(lib);                                                  \
      return missing;                                                \
    }                                                                \
    table.member = reinterpret_cast<decltype(table.member)>(sym);    \
  }
  CL_CURL_FUNCTIONS(CL_CURL_RESOLVE)
#undef CL_CURL_RESOLVE
  // The library stays loaded for the process's life: curl keeps threads and state in it.
  *api = table;
  return Status::Ok();
}

Status LoadCurl() {
  return LoadOnce().status;
}

bool CurlLoaded() {
  return LoadOnce().status.ok();
}

const CurlApi& Curl() {
  return State().api;
}

CURLcode CurlSetopt(CURL* easy, CURLoption option, long value) {
  return Curl().easy_setopt(easy, option, value);
}
CURLcode CurlSetoptOffT(CURL* easy, CURLoption option, curl_off_t value) {
  return Curl().easy_setopt(easy, option, value);
}
CURLcode CurlSetopt(CURL* easy, CURLoption option, const char* value) {
  // curl reads string options as char* and copies them; it never writes through them.
  return Curl().easy_setopt(easy, option, const_cast<char*>(value));
}
CURLcode CurlSetopt(CURL* easy, CURLoption option, char* buffer) {
  return Curl().easy_setopt(easy, option, buffer);
}
CURLcode CurlSetopt(CURL* easy, CURLoption option, void* pointer) {
  return Curl().easy_setopt(easy, option, pointer);
}
CURLcode CurlSetopt(CURL* easy, CURLoption option, curl_slist* list) {
  return Curl().easy_setopt(easy, option, list);
}
CURLcode CurlSetopt(CURL* easy, CURLoption option, curl_write_callback callback) {
  return Curl().easy_setopt(easy, option, callback);
}
CURLcode CurlSetopt(CURL* easy, CURLoption option, curl_prereq_callback callback) {
  return Curl().easy_setopt(easy, option, callback);
}
CURLMcode CurlMultiSetopt(CURLM* multi, CURLMoption option, void* pointer) {
  return Curl().multi_setopt(multi, option, pointer);
}
CURLMcode CurlMultiSetopt(CURLM* multi, CURLMoption option, curl_socket_callback callback) {
  return Curl().multi_setopt(multi, option, callback);
}
CURLMcode CurlMultiSetopt(CURLM* multi, CURLMoption option, curl_multi_timer_callback callback) {
  return Curl().multi_setopt(multi, option, callback);
}
CURLcode CurlGetinfo(CURL* easy, CURLINFO info, long* out) {
  return Curl().easy_getinfo(easy, info, out);
}
CURLcode CurlGetinfo(CURL* easy, CURLINFO info, char** out) {
  return Curl().easy_getinfo(easy, info, out);
}

}  // namespace containerless::runtime

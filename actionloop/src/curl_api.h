// libcurl loaded on first use (dlopen), not at start: a table of typed pointers to the curl
// functions fetch calls.
#pragma once

// Types and constants only: nothing here links libcurl (decltype names a function without using
// it).
#include <curl/curl.h>

#include "status.h"

namespace containerless::runtime {

// Every libcurl function the runtime calls: X(member, symbol).
#define CL_CURL_FUNCTIONS(X)                       \
  X(global_init, curl_global_init)                 \
  X(easy_init, curl_easy_init)                     \
  X(easy_cleanup, curl_easy_cleanup)               \
  X(easy_perform, curl_easy_perform)               \
  X(easy_setopt, curl_easy_setopt)                 \
  X(easy_getinfo, curl_easy_getinfo)               \
  X(easy_strerror, curl_easy_strerror)             \
  X(free, curl_free)                               \
  X(slist_append, curl_slist_append)               \
  X(slist_free_all, curl_slist_free_all)           \
  X(url, curl_url)                                 \
  X(url_cleanup, curl_url_cleanup)                 \
  X(url_get, curl_url_get)                         \
  X(url_set, curl_url_set)                         \
  X(multi_init, curl_multi_init)                   \
  X(multi_cleanup, curl_multi_cleanup)             \
  X(multi_add_handle, curl_multi_add_handle)       \
  X(multi_remove_handle, curl_multi_remove_handle) \
  X(multi_setopt, curl_multi_setopt)               \
  X(multi_assign, curl_multi_assign)               \
  X(multi_socket_action, curl_multi_socket_action) \
  X(multi_info_read, curl_multi_info_read)         \
  X(multi_strerror, curl_multi_strerror)

// Each member has the exact type of the function it points to (variadic ones stay variadic).
struct CurlApi {
#define CL_CURL_MEMBER(member, symbol) decltype(&::symbol) member = nullptr;
  CL_CURL_FUNCTIONS(CL_CURL_MEMBER)
#undef CL_CURL_MEMBER
};

// The file LoadCurl opens: the soname of libcurl's ABI 4 (Debian's libcurl4 package).
inline constexpr const char* kCurlLibrary = "libcurl.so.4";

// Opens `file` (RTLD_NOW | RTLD_LOCAL) and resolves every function into `api`. On failure nothing
// stays open and the message is "libcurl is not available: <dlerror>". No global state (tests).
Status OpenCurlLibrary(const char* file, CurlApi* api);

// Loads libcurl and runs curl_global_init, once per process, on first call; later calls return
// the first outcome. Not for concurrent first calls (the runtime uses curl from one thread).
Status LoadCurl();
// Whether libcurl is loaded and usable (Curl()); tries LoadCurl first if nothing did yet.
bool CurlLoaded();
// The loaded table; only after LoadCurl succeeded.
const CurlApi& Curl();

// curl_easy_setopt / curl_multi_setopt / curl_easy_getinfo through the table, one overload per
// argument kind curl reads with va_arg, so every vararg has exactly the type curl expects.
// (curl_off_t is `long` on LP64 Linux: its own name, not an overload.)
CURLcode CurlSetopt(CURL* easy, CURLoption option, long value);
CURLcode CurlSetoptOffT(CURL* easy, CURLoption option, curl_off_t value);
CURLcode CurlSetopt(CURL* easy, CURLoption option, const char* value);  // curl copies strings
CURLcode CurlSetopt(CURL* easy, CURLoption option, char* buffer);
CURLcode CurlSetopt(CURL* easy, CURLoption option, void* pointer);
CURLcode CurlSetopt(CURL* easy, CURLoption option, curl_slist* list);
CURLcode CurlSetopt(CURL* easy, CURLoption option, curl_write_callback callback);
CURLcode CurlSetopt(CURL* easy, CURLoption option, curl_prereq_callback callback);
CURLMcode CurlMultiSetopt(CURLM* multi, CURLMoption option, void* pointer);
CURLMcode CurlMultiSetopt(CURLM* multi, CURLMoption option, curl_socket_callback callback);
CURLMcode CurlMultiSetopt(CURLM* multi, CURLMoption option, curl_multi_timer_callback callback);
CURLcode CurlGetinfo(CURL* easy, CURLINFO info, long* out);
CURLcode CurlGetinfo(CURL* easy, CURLINFO info, char** out);  // strings and CURLINFO_PRIVATE

}  // namespace containerless::runtime

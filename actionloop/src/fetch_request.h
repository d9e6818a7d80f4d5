// One fetch host call (docs/handler-abi.md, section 6): the call JSON read, a curl easy handle set
// up for it, the response collected, and the result JSON written, shared by both fetch paths.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "status.h"

namespace containerless::runtime {

struct FetchCall {
  std::string url;
  std::string method;
  std::vector<std::pair<std::string, std::string>> headers;  // as the action wrote them
  bool has_body = false;
  std::string body;
};

struct FetchLimits {
  size_t max_response_bytes = 64u * 1024 * 1024;
  int64_t deadline_ms = 0;  // Unix epoch ms; 0 = none (then only the connect timeout applies)
};

// Reads a host call: {"op":"fetch","url":...,"method":...,"headers":[[n,v]...],"body":s|null}.
// An error Status names what is malformed (the caller answers it as an {"error"} result).
Status ParseFetchCall(std::string_view json, FetchCall* out);

// The state of one transfer: the easy handle and what it received. Not copyable (curl keeps
// pointers into it).
class FetchTransfer {
 public:
  FetchTransfer(FetchCall call, const FetchLimits& limits);
  ~FetchTransfer();
  FetchTransfer(const FetchTransfer&) = delete;
  FetchTransfer& operator=(const FetchTransfer&) = delete;

  // Creates and configures the easy handle. When it fails, Result() is already an error.
  Status Prepare();
  CURL* easy() const { return easy_; }
  // The result JSON for the host once curl finished with `code`.
  std::string Result(CURLcode code);
  // A result JSON of a failure before or outside curl: {"error": message}.
  static std::string ErrorResult(std::string_view message);

 private:
  static size_t OnHeader(char* data, size_t size, size_t count, void* self);
  static size_t OnBody(char* data, size_t size, size_t count, void* self);
  static int OnPrerequest(void* self, char* conn_primary_ip, char* conn_local_ip,
                          int conn_primary_port, int conn_local_port);

  FetchCall call_;
  FetchLimits limits_;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {0};
  std::string status_text_;
  std::vector<std::pair<std::string, std::string>> response_headers_;
  std::string response_body_;
  bool too_large_ = false;
  // A request is sent at most once, as undici sends it: curl re-sends a request whose reused
  // keep-alive connection died before any response byte, which would repeat a POST.
  int requests_sent_ = 0;
  bool response_since_send_ = false;
  bool resend_refused_ = false;
  // The server answered "100 Continue", which no request of ours asks for (never an Expect
  // header): undici fails such a response at once ("bad response"), where curl would wait on.
  bool unsolicited_continue_ = false;
  // The status of the last status line, and whether its header block ended (the blank line)
  // for a final (non-1xx) status: from then on undici's fetch has resolved with the Response,
  // and a failure only fails the body (docs/handler-abi.md section 4, `body_error`).
  int head_status_ = 0;
  bool head_complete_ = false;

  // The result JSON of the response received, its body as far as it came, and `body_error`
  // when the transfer failed after the head (empty: none).
  std::string ResponseResult(std::string_view body_error);
};

// Loads libcurl (curl_api.h) and runs curl_global_init, once per process; both fetch paths call
// it before any curl use. An error ("libcurl is not available: ...") when libcurl cannot load.
Status EnsureCurlGlobal();

// Milliseconds left before `deadline_ms` (at least 1), or 0 when there is no deadline.
int64_t MillisecondsLeft(int64_t deadline_ms);

// Standard base64 with padding, as the result's body_b64.
void AppendBase64(std::string_view bytes, std::string* out);

// Runs one call to its end on the calling thread (the ActionLoop launcher: one activation at a
// time); returns the result JSON.
std::string FetchBlocking(std::string_view call_json, const FetchLimits& limits);

}  // namespace containerless::runtime

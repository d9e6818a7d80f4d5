// The runtime's fetch: host calls performed by libcurl's multi interface on the libuv loop
// (curl_multi_socket_action driven by uv_poll and one uv_timer), many transfers at once.
#pragma once

#include <curl/curl.h>
#include <uv.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fetch_request.h"
#include "status.h"

namespace containerless::runtime {

// Gets the result JSON of one call; runs on the loop, never inside Start.
using FetchDone = std::function<void(std::string result_json)>;

class FetchClient {
 public:
  explicit FetchClient(uv_loop_t* loop);
  ~FetchClient();
  FetchClient(const FetchClient&) = delete;
  FetchClient& operator=(const FetchClient&) = delete;

  // Starts the call described by `call_json` (a host call, docs/handler-abi.md); `done` gets the
  // result, an {"error"} one for a malformed call or any failure. Returns an id for Cancel.
  uint64_t Start(std::string_view call_json, const FetchLimits& limits, FetchDone done);
  // Drops a transfer in flight; its `done` never runs.
  void Cancel(uint64_t id);
  size_t in_flight() const { return transfers_.size(); }
  // Cancels everything and closes the loop handles; `closed` runs once they are closed.
  void Close(std::function<void()> closed);

 private:
  struct Transfer;
  struct Socket;

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  static void OnPoll(uv_poll_t* poll, int status, int events);
  static void OnTimeout(uv_timer_t* timer);
  static void OnDeferred(uv_timer_t* timer);
  static void OnHandleClosed(uv_handle_t* handle);
  // Loads libcurl and makes the multi handle on the first fetch.
  Status EnsureMulti();
  void Drive(curl_socket_t fd, int flags);
  void Finish();
  void Defer(std::string result, FetchDone done);

  uv_loop_t* loop_;
  CURLM* multi_ = nullptr;
  uv_timer_t timer_;
  // Results known at Start (a malformed call) are delivered from the loop, not inside Start.
  uv_timer_t deferred_timer_;
  std::vector<std::pair<std::string, FetchDone>> deferred_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::unique_ptr<Transfer>> transfers_;
  std::unordered_set<Socket*> sockets_;
  bool closing_ = false;
  int open_handles_ = 0;
  std::function<void()> closed_;
};

}  // namespace containerless::runtime

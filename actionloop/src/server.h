// The HTTP/1.1 front: a libuv TCP server with keep-alive, one request at a time per connection.
#pragma once

#include <uv.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http_reply.h"
#include "http_request.h"
#include "status.h"

namespace containerless::runtime {

class Connection;

struct ServerLimits {
  size_t body_limit = 48u * 1024 * 1024;
  // Node's timeouts, counted from a request's first byte (slow or stuck clients must not hold
  // connections): a head not complete after request_timeout_ms (Node's headersTimeout), or a
  // request not complete after body_timeout_ms (Node's requestTimeout, 0 = none), gets Node's
  // bare 408 and the connection is closed.
  uint64_t request_timeout_ms = 60 * 1000;
  uint64_t body_timeout_ms = 300 * 1000;
  // A keep-alive connection with no request for this long is closed. Longer than the Node
  // engine's 5 s, to lower the odds of closing under a client about to reuse the connection.
  uint64_t idle_timeout_ms = 120 * 1000;
  // Connections beyond this many are accepted and closed at once (bounded memory).
  size_t max_connections = 10000;
};

// Answers one request exactly once. Cheap to copy; only the first Send counts. Sending after the
// client went away is fine: the reply is dropped.
class Responder {
 public:
  explicit Responder(Connection* connection) : connection_(connection) {}
  void Send(Reply reply);

 private:
  Connection* connection_;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // `request` stays valid until the responder sends. May answer synchronously or later.
  virtual void HandleRequest(Request& request, Responder responder) = 0;
};

class Server {
 public:
  Server(uv_loop_t* loop, RequestHandler* handler, const ServerLimits& limits);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // An empty host binds "::" (IPv6 and IPv4, as Node.js does), else "0.0.0.0" without IPv6.
  Status Listen(const std::string& host, int port);
  // Stops accepting; idle connections close now, busy ones after their reply.
  void Close();
  // Called once per loop turn before that turn's replies are written (the activation logs are
  // flushed there, so that they precede the replies on the wire).
  void SetBeforeReplies(std::function<void()> hook) { before_replies_ = std::move(hook); }
  // Makes sure the before-replies hook runs soon (this loop turn, or the next without blocking):
  // for output kept for it that no reply follows.
  void ArmFlush();
  // The port bound (useful with port 0).
  int port() const { return port_; }
  size_t connection_count() const { return connections_; }

 private:
  friend class Connection;

  static void OnConnection(uv_stream_t* listener, int status);
  static void OnSweep(uv_timer_t* timer);
  // Replies are not written as they are sent but gathered and written once per loop turn, after
  // the poll phase (check), or before the next poll when sent from a timer (idle): one log write
  // per stream for all the activations of a turn, and replies written at once with
  // uv_try_write, without a write request, a callback turn or re-arming the read.
  void QueueReply(Connection* connection);
  void WriteReplies();
  static void OnCheck(uv_check_t* handle);
  static void OnIdle(uv_idle_t* handle);

  uv_loop_t* loop_;
  RequestHandler* handler_;
  ServerLimits limits_;
  uv_tcp_t listener_;
  uv_timer_t sweep_;
  bool listening_ = false;
  bool closing_ = false;
  int port_ = 0;
  size_t connections_ = 0;
  Connection* first_ = nullptr;     // intrusive list of live connections, for Close()
  std::vector<Connection*> ready_;  // replies waiting for WriteReplies, in the order sent
  std::vector<Connection*> writing_;
  uv_check_t check_;
  uv_idle_t idle_;
  bool flush_armed_ = false;
  bool in_write_replies_ = false;
  std::function<void()> before_replies_;
  // One read buffer for every connection: data is parsed (or copied) before the next read.
  char read_buffer_[64 * 1024];
};

}  // namespace containerless::runtime

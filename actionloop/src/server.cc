// The HTTP/1.1 front on libuv: accepts, parses (RequestParser), hands requests on, writes replies.
#include "server.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace containerless::runtime {
namespace {

// What node:http writes when a request times out (headersTimeout or requestTimeout), byte for
// byte, before it closes the connection: no body, no Content-Length.
constexpr std::string_view kRequestTimeoutReply =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n";

}  // namespace

// Why one request at a time: replies must leave in request order (HTTP/1.1 pipelining), and the
// invoker sends one request per connection at a time anyway. Bytes that arrive early wait in
// `pending_` (reading pauses only when much is waiting).
class Connection {
 public:
  // Bytes kept while a request is being handled before reading pauses.
  static constexpr size_t kMaxPending = 64 * 1024;
  // Reply bodies up to this size are copied behind the head and written with it in one buffer.
  static constexpr size_t kInlineBody = 16 * 1024;

  explicit Connection(Server* server) : server_(server), parser_(server->limits_.body_limit) {
    handle_.data = this;
  }

  // The handle is initialised already (Server::OnConnection), so Close() is always valid.
  Status Accept(uv_stream_t* listener) {
    int rc = uv_accept(listener, reinterpret_cast<uv_stream_t*>(&handle_));
    if (rc != 0) {
      Close();
      return Status::Uv("uv_accept", rc);
    }
    uv_tcp_nodelay(&handle_, 1);
    last_activity_ = uv_now(server_->loop_);
    StartReading();
    return Status::Ok();
  }

  void Send(Reply reply);
  // Writes the reply Send stored (Server::WriteReplies): at once when the socket takes it all,
  // else the rest through a write request.
  void WriteReply();
  void Close();
  // Called by the server's sweep. Node's rules (node:http with the stock runtime's settings): a
  // head not complete within the headers timeout, or a request not complete within the request
  // timeout, both counted from its first byte, gets Node's 408 and the connection closes; an
  // idle keep-alive connection is closed. Busy connections (an activation running) are left
  // alone: actions may run for minutes.
  void Sweep(uint64_t now) {
    if (busy_ || closed_ || close_after_small_) return;
    const ServerLimits& limits = server_->limits_;
    uint64_t age = now - request_started_;
    if ((parser_.InHead() && age > limits.request_timeout_ms) ||
        (parser_.InRequest() && limits.body_timeout_ms > 0 && age > limits.body_timeout_ms)) {
      SendBytes(std::string(kRequestTimeoutReply), true);
    } else if (!parser_.InRequest() && now - last_activity_ > limits.idle_timeout_ms) {
      Close();
    }
  }
  bool busy() const { return busy_; }
  uv_tcp_t* handle() { return &handle_; }

  Connection* next_ = nullptr;
  Connection* prev_ = nullptr;

 private:
  struct SmallWrite {
    uv_write_t req;
    std::string bytes;
    Connection* connection;
  };

  static void OnAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
    auto* self = static_cast<Connection*>(handle->data);
    *buf = uv_buf_init(self->server_->read_buffer_, sizeof self->server_->read_buffer_);
  }

  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
    auto* self = static_cast<Connection*>(stream->data);
    if (nread > 0) {
      self->last_activity_ = uv_now(self->server_->loop_);
      if (self->busy_) {
        // The next request (pipelined, or sent before our reply arrived) waits for this one.
        // Reading stays on (stopping and restarting it costs two epoll_ctl calls per request)
        // unless a lot is waiting.
        self->pending_.append(buf->base, static_cast<size_t>(nread));
        if (self->pending_.size() > kMaxPending) self->StopReading();
        return;
      }
      if (!self->parser_.InRequest()) self->request_started_ = self->last_activity_;
      self->Process(buf->base, static_cast<size_t>(nread));
    } else if (nread == UV_EOF) {
      self->OnEof();
    } else if (nread < 0) {
      self->Close();  // reset or another error: no one to answer
    }
  }

  void StartReading() {
    if (reading_ || closed_) return;
    if (uv_read_start(reinterpret_cast<uv_stream_t*>(&handle_), OnAlloc, OnRead) == 0) {
      reading_ = true;
    }
  }

  void StopReading() {
    if (!reading_) return;
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&handle_));
    reading_ = false;
  }

  void OnEof() {
    eof_ = true;
    StopReading();
    if (busy_) return;  // answer first, then close
    if (parser_.Finish() == RequestParser::Event::kError) {
      SendSmall(ErrorReply(400, std::string("Malformed HTTP request: ") + parser_.error()), true);
      return;
    }
    Close();
  }

  void Process(const char* data, size_t len);
  // Writes a reply of the connection itself (400, 413); with close_after, closes once written.
  void SendSmall(const Reply& reply, bool close_after);
  // Writes `bytes` as they are (a whole reply); with close_after, closes once written.
  void SendBytes(std::string bytes, bool close_after);
  static void OnSmallWritten(uv_write_t* req, int status);
  static void OnReplyWritten(uv_write_t* req, int status);
  // The reply is written (status 0) or failed: the next request of the connection may start.
  void ReplyDone(int status);
  static void OnClosed(uv_handle_t* handle);
  void MaybeDelete();

  uv_tcp_t handle_;
  Server* server_;
  RequestParser parser_;
  std::string pending_;  // bytes received after the request being handled
  std::string scratch_;
  std::string head_;  // the reply head being written
  Reply reply_;       // the reply being written (its body)
  uv_write_t write_;
  bool busy_ = false;       // a request is with the handler or its reply is being written
  bool with_body_ = false;  // the reply being written has a body on the wire (not HEAD)
  bool reading_ = false;
  bool eof_ = false;
  bool closed_ = false;       // uv_close called
  bool handle_gone_ = false;  // uv_close finished
  bool close_after_small_ = false;
  int small_writes_ = 0;
  uint64_t last_activity_ = 0;
  uint64_t request_started_ = 0;
};

void Responder::Send(Reply reply) {
  if (connection_ == nullptr) return;
  Connection* c = connection_;
  connection_ = nullptr;
  c->Send(std::move(reply));
}

void Connection::Process(const char* data, size_t len) {
  // len == 0 would tell http-parser the stream ended: stop when everything is consumed.
  while (!closed_ && len > 0) {
    RequestParser::Result r = parser_.Feed(data, len);
    data += r.consumed;
    len -= r.consumed;
    switch (r.event) {
      case RequestParser::Event::kNeedMore:
        return;
      case RequestParser::Event::kContinue: {
        SmallWrite* w = new SmallWrite{};
        w->connection = this;
        w->bytes = "HTTP/1.1 100 Continue\r\n\r\n";
        uv_buf_t buf = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
        ++small_writes_;
        if (uv_write(&w->req, reinterpret_cast<uv_stream_t*>(&handle_), &buf, 1, OnSmallWritten) !=
            0) {
          --small_writes_;
          delete w;
          Close();
          return;
        }
        break;
      }
      case RequestParser::Event::kTooLarge:
        // Answered once the body has been read to its end, as the Node engine does: answering
        // while the client still sends resets the connection under it (always with
        // Connection: close), and clients then see ECONNRESET instead of the answer.
        break;
      case RequestParser::Event::kDiscarded: {
        size_t mib = parser_.body_limit() / (1024 * 1024);
        bool keep = parser_.request().keep_alive;
        SendSmall(
            ErrorReply(413, "Request body exceeds the limit of " + std::to_string(mib) + " MB."),
            !keep);
        if (!keep) return;
        break;
      }
      case RequestParser::Event::kError:
        SendSmall(ErrorReply(400, std::string("Malformed HTTP request: ") + parser_.error()), true);
        return;
      case RequestParser::Event::kRequest:
        busy_ = true;
        pending_.assign(data, len);
        server_->handler_->HandleRequest(parser_.request(), Responder(this));
        return;
    }
  }
}

void Connection::SendSmall(const Reply& reply, bool close_after) {
  std::string bytes;
  AppendReplyHead(reply, !close_after, &bytes);
  bytes += reply.body;
  SendBytes(std::move(bytes), close_after);
}

void Connection::SendBytes(std::string bytes, bool close_after) {
  if (closed_) return;
  if (close_after) {
    close_after_small_ = true;
    StopReading();
  }
  SmallWrite* w = new SmallWrite{};
  w->connection = this;
  w->bytes = std::move(bytes);
  uv_buf_t buf = uv_buf_init(w->bytes.data(), static_cast<unsigned>(w->bytes.size()));
  ++small_writes_;
  if (uv_write(&w->req, reinterpret_cast<uv_stream_t*>(&handle_), &buf, 1, OnSmallWritten) != 0) {
    --small_writes_;
    delete w;
    Close();
  }
}

void Connection::OnSmallWritten(uv_write_t* req, int status) {
  SmallWrite* w = reinterpret_cast<SmallWrite*>(req);
  Connection* self = w->connection;
  delete w;
  --self->small_writes_;
  if (status != 0 || (self->close_after_small_ && self->small_writes_ == 0)) self->Close();
  self->MaybeDelete();
}

void Connection::Send(Reply reply) {
  if (closed_) {
    busy_ = false;
    MaybeDelete();
    return;
  }
  // A client that half-closed after pipelining more requests still gets their answers: only the
  // reply to its last request closes (reading stays on while busy, so the EOF may come early).
  bool keep_alive = parser_.request().keep_alive && !reply.close && !(eof_ && pending_.empty()) &&
                    !server_->closing_;
  reply_ = std::move(reply);
  reply_.close = !keep_alive;
  head_.clear();
  AppendReplyHead(reply_, keep_alive, &head_);
  // A reply to HEAD has the Content-Length of its body, not the body.
  with_body_ = !reply_.body.empty() && parser_.request().method != HTTP_HEAD;
  if (with_body_ && reply_.body.size() <= kInlineBody) {
    // One buffer, one write(2): cheaper in the kernel than a writev of two, and the copy of a
    // small body costs less than that difference.
    head_.append(reply_.body);
    with_body_ = false;
  }
  server_->QueueReply(this);
}

void Connection::WriteReply() {
  if (closed_) {
    busy_ = false;
    MaybeDelete();
    return;
  }
  auto* stream = reinterpret_cast<uv_stream_t*>(&handle_);
  uv_buf_t bufs[2] = {uv_buf_init(head_.data(), static_cast<unsigned>(head_.size())),
                      uv_buf_init(reply_.body.data(), static_cast<unsigned>(reply_.body.size()))};
  unsigned count = with_body_ ? 2 : 1;
  size_t total = head_.size() + (with_body_ ? reply_.body.size() : 0);
  int rc = uv_try_write(stream, bufs, count);
  if (rc >= 0 && static_cast<size_t>(rc) == total) {
    ReplyDone(0);
    return;
  }
  if (rc < 0 && rc != UV_EAGAIN) {
    ReplyDone(rc);
    return;
  }
  // The socket buffer is full: the rest goes through a write request and its callback.
  size_t written = rc > 0 ? static_cast<size_t>(rc) : 0;
  unsigned first = 0;
  while (first < count && written >= bufs[first].len) written -= bufs[first++].len;
  bufs[first].base += written;
  bufs[first].len -= static_cast<unsigned>(written);
  write_.data = this;
  rc = uv_write(&write_, stream, bufs + first, count - first, OnReplyWritten);
  if (rc != 0) ReplyDone(rc);
}

void Connection::OnReplyWritten(uv_write_t* req, int status) {
  static_cast<Connection*>(req->data)->ReplyDone(status);
}

void Connection::ReplyDone(int status) {
  busy_ = false;
  last_activity_ = uv_now(server_->loop_);
  parser_.Next();
  // Large bodies are not kept for the next request of the connection.
  if (reply_.body.capacity() > 64 * 1024) std::string().swap(reply_.body);
  if (status != 0 || reply_.close || closed_) {
    Close();
    MaybeDelete();
    return;
  }
  scratch_.swap(pending_);
  pending_.clear();
  if (!scratch_.empty()) {
    request_started_ = last_activity_;
    Process(scratch_.data(), scratch_.size());
  }
  scratch_.clear();
  if (scratch_.capacity() > kMaxPending * 2) std::string().swap(scratch_);
  if (busy_ || closed_) return;
  if (eof_) {
    OnEof();
    return;
  }
  StartReading();
}

void Connection::Close() {
  if (closed_) return;
  closed_ = true;
  reading_ = false;
  uv_close(reinterpret_cast<uv_handle_t*>(&handle_), OnClosed);
}

void Connection::OnClosed(uv_handle_t* handle) {
  auto* self = static_cast<Connection*>(handle->data);
  self->handle_gone_ = true;
  self->MaybeDelete();
}

void Connection::MaybeDelete() {
  if (!handle_gone_ || busy_ || small_writes_ > 0) return;
  Server* server = server_;
  if (prev_ != nullptr) prev_->next_ = next_;
  if (next_ != nullptr) next_->prev_ = prev_;
  if (server->first_ == this) server->first_ = next_;
  --server->connections_;
  delete this;
}

Server::Server(uv_loop_t* loop, RequestHandler* handler, const ServerLimits& limits)
    : loop_(loop), handler_(handler), limits_(limits) {
  uv_check_init(loop_, &check_);
  check_.data = this;
  uv_idle_init(loop_, &idle_);
  idle_.data = this;
  // The check runs after every poll phase; it must not keep the loop alive by itself.
  uv_check_start(&check_, OnCheck);
  uv_unref(reinterpret_cast<uv_handle_t*>(&check_));
}

void Server::QueueReply(Connection* connection) {
  ready_.push_back(connection);
  ArmFlush();
}

void Server::ArmFlush() {
  // Sent from the poll phase, the check of this turn writes it; sent from elsewhere (a timer), the
  // active idle handle keeps the poll from blocking before that check.
  if (flush_armed_ || in_write_replies_) return;
  flush_armed_ = true;
  uv_idle_start(&idle_, OnIdle);
}

void Server::OnIdle(uv_idle_t*) {
  // Nothing to do: being active is what keeps the poll phase from blocking until the check.
}

void Server::OnCheck(uv_check_t* handle) {
  static_cast<Server*>(handle->data)->WriteReplies();
}

void Server::WriteReplies() {
  if (ready_.empty() && !flush_armed_) return;
  if (flush_armed_) {
    flush_armed_ = false;
    uv_idle_stop(&idle_);
  }
  in_write_replies_ = true;
  do {
    // The logs of the activations answered so far go out before their replies.
    if (before_replies_) before_replies_();
    writing_.swap(ready_);
    // A reply written may start the connection's next (pipelined) request, answered into ready_.
    for (Connection* c : writing_) c->WriteReply();
    writing_.clear();
  } while (!ready_.empty());
  in_write_replies_ = false;
}

Status Server::Listen(const std::string& host, int port) {
  int rc = uv_tcp_init(loop_, &listener_);
  if (rc != 0) return Status::Uv("uv_tcp_init", rc);
  listener_.data = this;
  listening_ = true;
  uv_timer_init(loop_, &sweep_);
  sweep_.data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(&sweep_));  // must not keep the loop alive by itself
  uint64_t shortest = std::min(limits_.request_timeout_ms, limits_.idle_timeout_ms);
  if (limits_.body_timeout_ms > 0) shortest = std::min(shortest, limits_.body_timeout_ms);
  uint64_t sweep = std::min<uint64_t>(5000, std::max<uint64_t>(10, shortest / 2));
  uv_timer_start(&sweep_, OnSweep, sweep, sweep);
  struct sockaddr_storage addr;
  std::string bind_host = host.empty() ? "::" : host;
  if (uv_ip4_addr(bind_host.c_str(), port, reinterpret_cast<sockaddr_in*>(&addr)) != 0 &&
      uv_ip6_addr(bind_host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&addr)) != 0) {
    return Status::Error("cannot listen on " + host + ": not an IP address");
  }
  rc = uv_tcp_bind(&listener_, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc != 0 && host.empty()) {
    // No IPv6 on this machine: all IPv4 interfaces then.
    uv_ip4_addr("0.0.0.0", port, reinterpret_cast<sockaddr_in*>(&addr));
    rc = uv_tcp_bind(&listener_, reinterpret_cast<const sockaddr*>(&addr), 0);
  }
  if (rc == 0) rc = uv_listen(reinterpret_cast<uv_stream_t*>(&listener_), 511, OnConnection);
  if (rc != 0)
    return Status::Error("cannot listen on port " + std::to_string(port) + ": " + uv_err_name(rc));
  int len = sizeof addr;
  if (uv_tcp_getsockname(&listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    // sin_port and sin6_port sit at the same offset.
    port_ = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  }
  return Status::Ok();
}

void Server::OnConnection(uv_stream_t* listener, int status) {
  auto* self = static_cast<Server*>(listener->data);
  if (status != 0 || self->closing_) return;
  if (self->connections_ >= self->limits_.max_connections) {
    // Accept (so the backlog drains) and close at once.
    auto* extra = new uv_tcp_t;
    if (uv_tcp_init(self->loop_, extra) != 0) {
      delete extra;
      return;
    }
    uv_accept(listener, reinterpret_cast<uv_stream_t*>(extra));
    uv_close(reinterpret_cast<uv_handle_t*>(extra),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
    return;
  }
  auto* c = new Connection(self);
  if (uv_tcp_init(self->loop_, c->handle()) != 0) {
    delete c;
    return;
  }
  c->next_ = self->first_;
  if (self->first_ != nullptr) self->first_->prev_ = c;
  self->first_ = c;
  ++self->connections_;
  // A failed accept closes the connection, which removes it from the list once closed.
  Status ignored = c->Accept(listener);
  (void)ignored;
}

void Server::OnSweep(uv_timer_t* timer) {
  auto* self = static_cast<Server*>(timer->data);
  uint64_t now = uv_now(self->loop_);
  for (Connection* c = self->first_; c != nullptr; c = c->next_) c->Sweep(now);
}

void Server::Close() {
  if (closing_) return;
  closing_ = true;
  if (listening_) uv_timer_stop(&sweep_);
  if (listening_) uv_close(reinterpret_cast<uv_handle_t*>(&listener_), nullptr);
  for (Connection* c = first_; c != nullptr; c = c->next_) {
    if (!c->busy()) c->Close();
  }
}

}  // namespace containerless::runtime

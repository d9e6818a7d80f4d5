// HTTP client exchanges over unix sockets: connect, write, parse the reply with http-parser, close.
#include "http_client.h"

#include <http_parser.h>
#include <strings.h>

#include <cstdio>

namespace containerless::runtime {
namespace {

class Exchange {
 public:
  Exchange(std::string head, std::string_view body, ClientCallback done)
      : head_(std::move(head)), body_(body), done_(std::move(done)) {
    pipe_.data = this;
    http_parser_init(&parser_, HTTP_RESPONSE);
    parser_.data = this;
    http_parser_settings_init(&settings_);
    settings_.on_header_field = OnHeaderField;
    settings_.on_header_value = OnHeaderValue;
    settings_.on_headers_complete = OnHeadersComplete;
    settings_.on_body = OnBody;
    settings_.on_message_complete = OnMessageComplete;
  }

  void Start(uv_loop_t* loop, const std::string& path) {
    int rc = uv_pipe_init(loop, &pipe_, 0);
    if (rc != 0) {
      Status s = Status::Uv("uv_pipe_init", rc);
      done_(s, reply_);
      delete this;
      return;
    }
    connect_.data = this;
    uv_pipe_connect(&connect_, &pipe_, path.c_str(), OnConnect);
  }

 private:
  static void OnConnect(uv_connect_t* req, int status) {
    auto* self = static_cast<Exchange*>(req->data);
    if (status != 0) {
      self->Finish(Status::Uv("connect to the Node engine", status));
      return;
    }
    self->reply_.connected = true;
    uv_buf_t bufs[2] = {uv_buf_init(self->head_.data(), static_cast<unsigned>(self->head_.size())),
                        uv_buf_init(const_cast<char*>(self->body_.data()),
                                    static_cast<unsigned>(self->body_.size()))};
    self->write_.data = self;
    int rc = uv_write(&self->write_, reinterpret_cast<uv_stream_t*>(&self->pipe_), bufs,
                      self->body_.empty() ? 1 : 2, OnWritten);
    if (rc != 0) {
      self->Finish(Status::Uv("write to the Node engine", rc));
      return;
    }
    self->writing_ = true;
    rc = uv_read_start(reinterpret_cast<uv_stream_t*>(&self->pipe_), OnAlloc, OnRead);
    if (rc != 0) self->Finish(Status::Uv("read from the Node engine", rc));
  }

  static void OnWritten(uv_write_t* req, int status) {
    auto* self = static_cast<Exchange*>(req->data);
    self->writing_ = false;
    // A write error surfaces as a read error or EOF too; remember it for the message.
    if (status != 0 && status != UV_ECANCELED) self->write_error_ = status;
    self->MaybeDelete();
  }

  static void OnAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
    auto* self = static_cast<Exchange*>(handle->data);
    *buf = uv_buf_init(self->buffer_, sizeof self->buffer_);
  }

  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
    auto* self = static_cast<Exchange*>(stream->data);
    if (self->finished_) return;
    if (nread > 0) {
      size_t used = http_parser_execute(&self->parser_, &self->settings_, buf->base,
                                        static_cast<size_t>(nread));
      if (self->finished_) return;
      if (HTTP_PARSER_ERRNO(&self->parser_) != HPE_OK || used != static_cast<size_t>(nread)) {
        self->Finish(Status::Error(std::string("malformed reply from the Node engine: ") +
                                   http_errno_description(HTTP_PARSER_ERRNO(&self->parser_))));
      }
      return;
    }
    if (nread == UV_EOF) {
      http_parser_execute(&self->parser_, &self->settings_, nullptr, 0);
      if (self->finished_) return;
      self->Finish(Status::Error("the Node engine closed the connection before replying"));
      return;
    }
    if (nread < 0) self->Finish(Status::Uv("read from the Node engine", static_cast<int>(nread)));
  }

  static int OnHeaderField(http_parser* p, const char* at, size_t len) {
    auto* self = static_cast<Exchange*>(p->data);
    if (self->in_value_) {
      self->EndHeader();
      self->in_value_ = false;
    }
    self->field_.append(at, len);
    return 0;
  }

  static int OnHeaderValue(http_parser* p, const char* at, size_t len) {
    auto* self = static_cast<Exchange*>(p->data);
    self->in_value_ = true;
    self->value_.append(at, len);
    return 0;
  }

  static int OnHeadersComplete(http_parser* p) {
    auto* self = static_cast<Exchange*>(p->data);
    if (self->in_value_) self->EndHeader();
    self->reply_.status = p->status_code;
    if ((p->flags & F_CONTENTLENGTH) != 0 && p->content_length < (1ull << 32)) {
      self->reply_.body.reserve(static_cast<size_t>(p->content_length));
    }
    return 0;
  }

  static int OnBody(http_parser* p, const char* at, size_t len) {
    static_cast<Exchange*>(p->data)->reply_.body.append(at, len);
    return 0;
  }

  static int OnMessageComplete(http_parser* p) {
    auto* self = static_cast<Exchange*>(p->data);
    self->Finish(Status::Ok());
    return 0;
  }

  void EndHeader() {
    const char* name = field_.c_str();
    bool hop = strcasecmp(name, "connection") == 0 || strcasecmp(name, "keep-alive") == 0 ||
               strcasecmp(name, "transfer-encoding") == 0 ||
               strcasecmp(name, "content-length") == 0;
    if (!hop) {
      reply_.headers += field_;
      reply_.headers += ": ";
      reply_.headers += value_;
      reply_.headers += "\r\n";
    }
    field_.clear();
    value_.clear();
  }

  void Finish(const Status& status) {
    if (finished_) return;
    finished_ = true;
    ClientCallback done = std::move(done_);
    uv_close(reinterpret_cast<uv_handle_t*>(&pipe_), OnClosed);
    if (!status.ok() && write_error_ != 0) {
      done(Status::Error(status.message() + " (write: " + uv_err_name(write_error_) + ")"), reply_);
    } else {
      done(status, reply_);
    }
  }

  static void OnClosed(uv_handle_t* handle) {
    auto* self = static_cast<Exchange*>(handle->data);
    self->closed_ = true;
    self->MaybeDelete();
  }

  void MaybeDelete() {
    if (closed_ && !writing_) delete this;
  }

  uv_pipe_t pipe_;
  uv_connect_t connect_;
  uv_write_t write_;
  http_parser parser_;
  http_parser_settings settings_;
  std::string head_;
  std::string_view body_;
  ClientCallback done_;
  ClientReply reply_;
  std::string field_;
  std::string value_;
  bool in_value_ = false;
  bool finished_ = false;
  bool writing_ = false;
  bool closed_ = false;
  int write_error_ = 0;
  char buffer_[64 * 1024];
};

struct Probe {
  uv_pipe_t pipe;
  uv_connect_t connect;
  std::function<void(bool)> done;
  bool ok = false;
};

}  // namespace

void HttpExchange(uv_loop_t* loop, const std::string& socket_path, std::string head,
                  std::string_view body, ClientCallback done) {
  auto* exchange = new Exchange(std::move(head), body, std::move(done));
  exchange->Start(loop, socket_path);
}

std::string RequestHead(std::string_view method, std::string_view url, size_t body_length,
                        std::string_view extra_headers) {
  std::string head;
  head.reserve(160 + url.size() + extra_headers.size());
  head.append(method);
  head += ' ';
  head.append(url);
  head += " HTTP/1.1\r\nHost: containerless\r\nContent-Type: application/json\r\n";
  char line[64];
  int n = snprintf(line, sizeof line, "Content-Length: %zu\r\n", body_length);
  head.append(line, static_cast<size_t>(n));
  head.append(extra_headers);
  head += "\r\n";
  return head;
}

void ProbeSocket(uv_loop_t* loop, const std::string& socket_path, std::function<void(bool)> done) {
  auto* probe = new Probe{};
  probe->done = std::move(done);
  if (uv_pipe_init(loop, &probe->pipe, 0) != 0) {
    probe->done(false);
    delete probe;
    return;
  }
  probe->pipe.data = probe;
  probe->connect.data = probe;
  uv_pipe_connect(&probe->connect, &probe->pipe, socket_path.c_str(),
                  [](uv_connect_t* req, int status) {
                    auto* p = static_cast<Probe*>(req->data);
                    p->ok = status == 0;
                    uv_close(reinterpret_cast<uv_handle_t*>(&p->pipe), [](uv_handle_t* h) {
                      auto* q = static_cast<Probe*>(h->data);
                      q->done(q->ok);
                      delete q;
                    });
                  });
}

}  // namespace containerless::runtime

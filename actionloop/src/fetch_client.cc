// libcurl multi on libuv: one uv_poll per socket curl asks to watch, one uv_timer for curl's
// timeouts, curl_multi_socket_action on each event, finished transfers reported from the loop.
#include "fetch_client.h"

#include "curl_api.h"

namespace containerless::runtime {

struct FetchClient::Transfer {
  uint64_t id = 0;
  std::unique_ptr<FetchTransfer> fetch;
  FetchDone done;
};

struct FetchClient::Socket {
  uv_poll_t poll;
  curl_socket_t fd;
  FetchClient* client;
};

// The multi handle is made by the first fetch (EnsureMulti): a runtime whose activations never
// fetch never loads libcurl.
FetchClient::FetchClient(uv_loop_t* loop) : loop_(loop) {
  uv_timer_init(loop_, &timer_);
  timer_.data = this;
  uv_timer_init(loop_, &deferred_timer_);
  deferred_timer_.data = this;
  open_handles_ = 2;
}

FetchClient::~FetchClient() {
  // Close() normally ran; this only releases curl's side (the loop handles belong to the loop).
  closing_ = true;
  if (multi_ == nullptr) return;
  for (auto& [id, t] : transfers_) Curl().multi_remove_handle(multi_, t->fetch->easy());
  transfers_.clear();
  Curl().multi_cleanup(multi_);
}

Status FetchClient::EnsureMulti() {
  if (multi_ != nullptr) return Status::Ok();
  Status loaded = EnsureCurlGlobal();
  if (!loaded.ok()) return loaded;
  multi_ = Curl().multi_init();
  if (multi_ == nullptr) return Status::Error("curl_multi_init failed");
  CurlMultiSetopt(multi_, CURLMOPT_SOCKETFUNCTION, &FetchClient::OnSocket);
  CurlMultiSetopt(multi_, CURLMOPT_SOCKETDATA, this);
  CurlMultiSetopt(multi_, CURLMOPT_TIMERFUNCTION, &FetchClient::OnTimer);
  CurlMultiSetopt(multi_, CURLMOPT_TIMERDATA, this);
  return Status::Ok();
}

uint64_t FetchClient::Start(std::string_view call_json, const FetchLimits& limits, FetchDone done) {
  uint64_t id = next_id_++;
  FetchCall call;
  Status s = ParseFetchCall(call_json, &call);
  if (!s.ok()) {
    Defer(FetchTransfer::ErrorResult(s.message()), std::move(done));
    return id;
  }
  auto transfer = std::make_unique<Transfer>();
  transfer->id = id;
  transfer->fetch = std::make_unique<FetchTransfer>(std::move(call), limits);
  transfer->done = std::move(done);
  s = transfer->fetch->Prepare();
  if (s.ok() && !closing_) s = EnsureMulti();
  if (!s.ok() || closing_) {
    Defer(FetchTransfer::ErrorResult(closing_ ? "the runtime is stopping" : s.message()),
          std::move(transfer->done));
    return id;
  }
  CURL* easy = transfer->fetch->easy();
  CurlSetopt(easy, CURLOPT_PRIVATE, reinterpret_cast<void*>(static_cast<uintptr_t>(id)));
  transfers_.emplace(id, std::move(transfer));
  CURLMcode added = Curl().multi_add_handle(multi_, easy);
  if (added != CURLM_OK) {
    auto it = transfers_.find(id);
    FetchDone cb = std::move(it->second->done);
    transfers_.erase(it);
    Defer(FetchTransfer::ErrorResult(std::string("curl_multi_add_handle: ") +
                                     Curl().multi_strerror(added)),
          std::move(cb));
  }
  return id;
}

void FetchClient::Cancel(uint64_t id) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;
  Curl().multi_remove_handle(multi_, it->second->fetch->easy());
  transfers_.erase(it);
}

void FetchClient::Defer(std::string result, FetchDone done) {
  deferred_.emplace_back(std::move(result), std::move(done));
  uv_timer_start(&deferred_timer_, &FetchClient::OnDeferred, 0, 0);
}

void FetchClient::OnDeferred(uv_timer_t* timer) {
  auto* self = static_cast<FetchClient*>(timer->data);
  auto ready = std::move(self->deferred_);
  self->deferred_.clear();
  for (auto& [result, done] : ready) done(std::move(result));
}

int FetchClient::OnSocket(CURL*, curl_socket_t fd, int what, void* self_ptr, void* socket_ptr) {
  auto* self = static_cast<FetchClient*>(self_ptr);
  auto* socket = static_cast<Socket*>(socket_ptr);
  if (what == CURL_POLL_REMOVE) {
    if (socket != nullptr) {
      Curl().multi_assign(self->multi_, fd, nullptr);
      self->sockets_.erase(socket);
      uv_close(reinterpret_cast<uv_handle_t*>(&socket->poll), &FetchClient::OnHandleClosed);
    }
    return 0;
  }
  if (self->closing_) return 0;
  if (socket == nullptr) {
    socket = new Socket();
    socket->fd = fd;
    socket->client = self;
    if (uv_poll_init_socket(self->loop_, &socket->poll, fd) != 0) {
      delete socket;
      return -1;  // curl fails the transfer
    }
    socket->poll.data = socket;
    ++self->open_handles_;
    self->sockets_.insert(socket);
    Curl().multi_assign(self->multi_, fd, socket);
  }
  int events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= UV_READABLE;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= UV_WRITABLE;
  uv_poll_start(&socket->poll, events, &FetchClient::OnPoll);
  return 0;
}

int FetchClient::OnTimer(CURLM*, long timeout_ms, void* self_ptr) {
  auto* self = static_cast<FetchClient*>(self_ptr);
  if (self->closing_) return 0;
  if (timeout_ms < 0) {
    uv_timer_stop(&self->timer_);
  } else {
    // 0 means "now": still from the loop, as socket_action must not be called from here.
    uv_timer_start(&self->timer_, &FetchClient::OnTimeout, static_cast<uint64_t>(timeout_ms), 0);
  }
  return 0;
}

void FetchClient::OnPoll(uv_poll_t* poll, int status, int events) {
  auto* socket = static_cast<Socket*>(poll->data);
  int flags = 0;
  if (status < 0) flags |= CURL_CSELECT_ERR;
  if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
  if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
  socket->client->Drive(socket->fd, flags);
}

void FetchClient::OnTimeout(uv_timer_t* timer) {
  static_cast<FetchClient*>(timer->data)->Drive(CURL_SOCKET_TIMEOUT, 0);
}

void FetchClient::Drive(curl_socket_t fd, int flags) {
  int running = 0;
  Curl().multi_socket_action(multi_, fd, flags, &running);
  Finish();
}

void FetchClient::Finish() {
  // Results are gathered first and reported after: a callback may start the activation's next
  // fetch, which must not happen inside curl_multi_info_read's loop.
  std::vector<std::pair<std::string, FetchDone>> finished;
  CURLMsg* message;
  int left = 0;
  while ((message = Curl().multi_info_read(multi_, &left)) != nullptr) {
    if (message->msg != CURLMSG_DONE) continue;
    char* id_ptr = nullptr;  // curl hands CURLINFO_PRIVATE back as a char*
    CurlGetinfo(message->easy_handle, CURLINFO_PRIVATE, &id_ptr);
    auto it = transfers_.find(static_cast<uint64_t>(reinterpret_cast<uintptr_t>(id_ptr)));
    CURLcode code = message->data.result;
    CURL* easy = message->easy_handle;
    if (it == transfers_.end()) {
      Curl().multi_remove_handle(multi_, easy);
      continue;
    }
    finished.emplace_back(it->second->fetch->Result(code), std::move(it->second->done));
    Curl().multi_remove_handle(multi_, easy);
    transfers_.erase(it);
  }
  for (auto& [result, done] : finished) done(std::move(result));
}

void FetchClient::Close(std::function<void()> closed) {
  closing_ = true;
  closed_ = std::move(closed);
  if (multi_ != nullptr) {
    for (auto& [id, t] : transfers_) Curl().multi_remove_handle(multi_, t->fetch->easy());
  }
  transfers_.clear();
  deferred_.clear();
  // The polls go before curl closes its sockets (curl_multi_cleanup), never after.
  for (Socket* socket : sockets_) {
    Curl().multi_assign(multi_, socket->fd, nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&socket->poll), &FetchClient::OnHandleClosed);
  }
  sockets_.clear();
  if (multi_ != nullptr) Curl().multi_cleanup(multi_);
  multi_ = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&timer_), &FetchClient::OnHandleClosed);
  uv_close(reinterpret_cast<uv_handle_t*>(&deferred_timer_), &FetchClient::OnHandleClosed);
}

void FetchClient::OnHandleClosed(uv_handle_t* handle) {
  FetchClient* self;
  if (handle->type == UV_POLL) {
    auto* socket = static_cast<Socket*>(handle->data);
    self = socket->client;
    delete socket;
  } else {
    self = static_cast<FetchClient*>(handle->data);
  }
  if (--self->open_handles_ == 0 && self->closing_ && self->closed_) {
    auto closed = std::move(self->closed_);
    closed();
  }
}

}  // namespace containerless::runtime

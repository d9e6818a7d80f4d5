// The log relay: the Node engine's stdout and stderr pipes, read on the loop, passed on line by
// line.
#include "log_relay.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "activation_log.h"

namespace containerless::runtime {
namespace {

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

Status LogRelay::Create(uv_loop_t* loop, int out_fd, int err_fd, bool one_stream,
                        LogRelay** relay) {
  *relay = nullptr;
  auto* self = new LogRelay(loop, one_stream);
  for (int i = 0; i < self->stream_count(); ++i) {
    Stream& s = self->streams_[i];
    s.relay = self;
    s.target_fd = i == 0 ? out_fd : err_fd;
    int fds[2];
    // Close-on-exec: no other child (the compiler) may hold a write end, or the pipe would not end
    // with the engine. libuv's spawn dup2s the write end onto the engine's fd 1/2 without it.
    if (pipe2(fds, O_CLOEXEC) != 0) {
      int e = errno;
      for (Stream& t : self->streams_) {
        CloseFd(t.read_fd);
        CloseFd(t.write_fd);
      }
      delete self;
      return Status::Error(std::string("cannot create the Node engine's log pipes: ") +
                           strerror(e));
    }
    s.read_fd = fds[0];
    s.write_fd = fds[1];
    // Only the read end: the engine's end stays as the engine's libuv wants it.
    fcntl(s.read_fd, F_SETFL, fcntl(s.read_fd, F_GETFL) | O_NONBLOCK);
#ifdef F_GETPIPE_SZ
    fcntl(s.read_fd, F_SETPIPE_SZ, kPipeSize);  // best effort: the default size works too
    int size = fcntl(s.read_fd, F_GETPIPE_SZ);
    if (size > 0 && static_cast<size_t>(size) > self->capacity_) self->capacity_ = size;
#endif
  }
  *relay = self;
  return Status::Ok();
}

void LogRelay::Start() {
  // Reading the engine's output must not keep the loop alive by itself (the process handle does
  // while the engine runs).
  if (uv_timer_init(loop_, &timer_) == 0) {
    timer_.data = this;
    timer_open_ = true;
    uv_unref(reinterpret_cast<uv_handle_t*>(&timer_));
  }
  for (int i = 0; i < stream_count(); ++i) {
    Stream& s = streams_[i];
    CloseFd(s.write_fd);
    if (uv_poll_init(loop_, &s.poll, s.read_fd) != 0) continue;  // Drain() and Close() still read
    s.poll.data = &s;
    s.poll_open = true;
    uv_unref(reinterpret_cast<uv_handle_t*>(&s.poll));
    Poll(s, !busy_ || !timer_open_);
  }
  if (busy_ && timer_open_) uv_timer_start(&timer_, OnTick, kBusyDrainMs, kBusyDrainMs);
}

void LogRelay::Poll(Stream& s, bool on) {
  if (on && !s.polling && s.poll_open && !s.eof) {
    if (uv_poll_start(&s.poll, UV_READABLE | UV_DISCONNECT, OnReadable) == 0) s.polling = true;
  } else if (!on && s.polling) {
    uv_poll_stop(&s.poll);
    s.polling = false;
  }
}

void LogRelay::SetBusy(bool busy) {
  if (busy == busy_ || closing_) return;
  busy_ = busy;
  // Back to polling only once the next tick finds no request in flight either: an engine answering
  // request after request would otherwise have its pipes taken off and put back on the loop's
  // epoll set for each one.
  if (!busy || !timer_open_) return;
  for (int i = 0; i < stream_count(); ++i) Poll(streams_[i], false);
  if (!uv_is_active(reinterpret_cast<uv_handle_t*>(&timer_))) {
    uv_timer_start(&timer_, OnTick, kBusyDrainMs, kBusyDrainMs);
  }
}

void LogRelay::OnTick(uv_timer_t* timer) {
  auto* self = static_cast<LogRelay*>(timer->data);
  self->Drain();
  if (self->busy_) return;
  // Idle for a tick: polled again (what the pipes hold already shows at once: level-triggered).
  uv_timer_stop(timer);
  for (int i = 0; i < self->stream_count(); ++i) self->Poll(self->streams_[i], true);
}

void LogRelay::OnReadable(uv_poll_t* poll, int status, int) {
  auto* s = static_cast<Stream*>(poll->data);
  LogRelay* self = s->relay;
  // An error on the pipe ends it as the end of the engine's output does.
  if (status < 0 || !self->Read(*s, self->capacity_)) self->Finish(*s);
}

bool LogRelay::Read(Stream& s, size_t limit) {
  if (s.eof || s.read_fd < 0) return false;
  // One buffer for every pipe: data is split into lines (or copied) before the next read.
  static char buffer[64 * 1024];
  size_t total = 0;
  while (total < limit) {
    ssize_t n = read(s.read_fd, buffer, sizeof buffer);
    if (n > 0) {
      total += static_cast<size_t>(n);
      Append(s, buffer, static_cast<size_t>(n));
      // A pipe gives what it holds: a short read emptied it.
      if (static_cast<size_t>(n) < sizeof buffer) return true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // the end of the pipe: every write end is closed
  }
  return true;
}

void LogRelay::Append(Stream& s, const char* data, size_t size) {
  std::string_view text(data, size);
  size_t last = text.rfind('\n');
  if (last == std::string_view::npos) {
    s.partial.append(text);
    if (s.partial.size() >= kMaxLine) {
      ActivationLog::WriteRelayed(s.target_fd, s.partial);
      s.partial.clear();
    }
    return;
  }
  // Every complete line at once: one piece for ActivationLog, in the order the engine wrote them.
  std::string_view lines = text.substr(0, last + 1);
  if (s.partial.empty()) {
    ActivationLog::WriteRelayed(s.target_fd, lines);
  } else {
    s.partial.append(lines);
    ActivationLog::WriteRelayed(s.target_fd, s.partial);
    s.partial.clear();
  }
  s.partial.append(text.substr(last + 1));
  if (s.partial.capacity() > kMaxLine) s.partial.shrink_to_fit();
}

void LogRelay::Drain(bool end_lines) {
  for (int i = 0; i < stream_count(); ++i) {
    Stream& s = streams_[i];
    if (!Read(s, capacity_)) Finish(s);
    if (end_lines && !s.partial.empty()) {
      s.partial.push_back('\n');
      ActivationLog::WriteRelayed(s.target_fd, s.partial);
      s.partial.clear();
    }
  }
}

void LogRelay::Finish(Stream& s) {
  // The engine's last words, even without their newline (stock Node.js would have written them),
  // ended with one: what is written next (the sentinels the runtime writes for an activation the
  // engine took down with it, the next engine's lines) starts a line of its own.
  if (!s.partial.empty()) {
    s.partial.push_back('\n');
    ActivationLog::WriteRelayed(s.target_fd, s.partial);
    std::string().swap(s.partial);
  }
  // A pipe at its end stays readable: polling it would spin.
  s.eof = true;
  Poll(s, false);
}

void LogRelay::Close() {
  if (closing_) return;
  closing_ = true;
  // What the engine wrote before it exited is in the pipes (bounded by their capacity even if a
  // process it started still holds a write end and goes on writing).
  for (int i = 0; i < stream_count(); ++i) {
    Stream& s = streams_[i];
    Read(s, capacity_);
    Finish(s);
  }
  if (timer_open_) {
    ++open_handles_;
    uv_close(reinterpret_cast<uv_handle_t*>(&timer_),
             [](uv_handle_t* h) { static_cast<LogRelay*>(h->data)->OnHandleClosed(); });
  }
  for (int i = 0; i < stream_count(); ++i) {
    Stream& s = streams_[i];
    CloseFd(s.write_fd);
    if (s.poll_open) {
      ++open_handles_;
      uv_close(reinterpret_cast<uv_handle_t*>(&s.poll), [](uv_handle_t* h) {
        auto* stream = static_cast<Stream*>(h->data);
        CloseFd(stream->read_fd);
        stream->relay->OnHandleClosed();
      });
    } else {
      CloseFd(s.read_fd);
    }
  }
  if (open_handles_ == 0) delete this;
}

void LogRelay::OnHandleClosed() {
  if (--open_handles_ == 0) delete this;
}

}  // namespace containerless::runtime

// The activation log writer: one write per stream per activation (or per loop turn), sentinels
// last.
#include "activation_log.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>
#include <vector>

namespace containerless::runtime {
namespace {

// What deferred mode holds: per descriptor, in the order descriptors were first written.
struct Deferred {
  bool on = false;
  bool waiting = false;  // something is pending
  std::function<void()> on_pending;
  std::vector<std::pair<int, std::string>> pending;
};

Deferred& deferred_state() {
  static Deferred state;
  return state;
}

// An empty log ("" or "[]", the common case) needs no parsing.
bool EmptyLogs(std::string_view logs) {
  size_t i = 0;
  auto blank = [&]() {
    while (i < logs.size() &&
           (logs[i] == ' ' || logs[i] == '\n' || logs[i] == '\r' || logs[i] == '\t')) {
      ++i;
    }
  };
  blank();
  if (i == logs.size()) return true;
  if (logs[i] != '[') return false;
  ++i;
  blank();
  if (i == logs.size() || logs[i] != ']') return false;
  ++i;
  blank();
  return i == logs.size();
}

}  // namespace

bool ActivationLog::SameFile(int a, int b) {
  struct stat sa, sb;
  return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

bool ActivationLog::merged() {
  // One file behind both descriptors (2>&1, a terminal, a tty-less container runtime that merges
  // the streams): the order of lines across the two streams is then visible.
  if (merged_ < 0) merged_ = SameFile(out_fd_, err_fd_);
  return merged_ == 1;
}

bool ActivationLog::WriteActivation(std::string_view logs_json, bool sentinels) {
  out_.clear();
  err_.clear();
  bool ok = true;
  // Both streams in one file: every line goes to stdout's descriptor in the order the action
  // logged it (Node.js writes each console call when it is made), sentinels stdout's first, as
  // the Node engine writes them.
  std::string& err_target = merged() ? out_ : err_;
  if (!EmptyLogs(logs_json)) {
    // The pool only grows (values are never freed one by one): drop it now and then, not per
    // activation, so that a warm log parses without allocating.
    doc_.SetNull();
    if (doc_.GetAllocator().Size() > (1u << 20)) doc_.GetAllocator().Clear();
    // Iterative: no JSON from a handler can exhaust the runtime's stack.
    doc_.Parse<rapidjson::kParseIterativeFlag>(logs_json.data(), logs_json.size());
    if (doc_.HasParseError() || !doc_.IsArray()) {
      ok = false;
    } else {
      for (const auto& entry : doc_.GetArray()) {
        if (!entry.IsArray() || entry.Size() != 2 || !entry[0].IsString() || !entry[1].IsString()) {
          ok = false;
          continue;
        }
        std::string_view stream(entry[0].GetString(), entry[0].GetStringLength());
        std::string& target = stream == "stderr" ? err_target : out_;
        if (stream != "stdout" && stream != "stderr") ok = false;
        target.append(entry[1].GetString(), entry[1].GetStringLength());
        target.push_back('\n');
      }
    }
    doc_.SetNull();
  }
  if (sentinels) {
    out_.append(kSentinel);
    err_target.append(kSentinel);
  }
  if (!out_.empty()) Emit(out_fd_, out_);
  if (!err_.empty()) Emit(err_fd_, err_);
  if (out_.capacity() > 1 << 20) std::string().swap(out_);
  if (err_.capacity() > 1 << 20) std::string().swap(err_);
  return ok;
}

void ActivationLog::WriteSentinels() {
  Emit(out_fd_, kSentinel);
  Emit(merged() ? out_fd_ : err_fd_, kSentinel);
}

void ActivationLog::WriteStderrLine(std::string_view line) {
  std::string text(line);
  text.push_back('\n');
  Emit(merged() ? out_fd_ : err_fd_, text);
}

void ActivationLog::SetDeferred(bool deferred, std::function<void()> on_pending) {
  if (!deferred) FlushDeferred();
  deferred_state().on = deferred;
  deferred_state().on_pending = std::move(on_pending);
}

bool ActivationLog::deferred() {
  return deferred_state().on;
}

void ActivationLog::FlushDeferred() {
  Deferred& state = deferred_state();
  if (!state.waiting) return;
  state.waiting = false;
  for (auto& [fd, data] : state.pending) {
    if (data.empty()) continue;
    WriteAll(fd, data);
    data.clear();
    if (data.capacity() > 1 << 20) std::string().swap(data);
  }
}

void ActivationLog::Emit(int fd, std::string_view data) {
  Deferred& state = deferred_state();
  if (!state.on) {
    WriteAll(fd, data);
    return;
  }
  if (!state.waiting) {
    state.waiting = true;
    if (state.on_pending) state.on_pending();
  }
  for (auto& [pending_fd, pending] : state.pending) {
    if (pending_fd == fd) {
      pending.append(data);
      return;
    }
  }
  state.pending.emplace_back(fd, std::string(data));
}

void ActivationLog::WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      struct pollfd p = {fd, POLLOUT, 0};
      poll(&p, 1, 1000);
    } else {
      return;  // the log reader is gone; nothing sensible to do
    }
  }
}

}  // namespace containerless::runtime

// The Node engine's stdout and stderr: pipes the runtime reads and relays to its own in whole
// lines.
#pragma once

#include <uv.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "status.h"

namespace containerless::runtime {

// The runtime alone writes its stdout and stderr. The Node engine writes into pipes of its own,
// read here on the loop, and each of its lines is passed to ActivationLog once its newline has
// arrived, so that it reaches the streams in one piece between the native activations' lines,
// never inside one (two processes writing more than PIPE_BUF at once to one pipe interleave:
// finding H11-1). When the runtime's two streams are one file, the engine gets one pipe for both,
// which keeps the order of its lines across them.
//
// Ordering with replies: the engine's reply to a request is sent after its log writes for it are
// in the pipe (proxy/server.js waits for its queued stdio writes before replying on the runtime's
// socket), and NodeEngine calls Drain() when that reply arrives, before the runtime answers: the
// lines (and sentinels) are then waiting in ActivationLog's per-turn output, written before the
// turn's replies.
class LogRelay {
 public:
  // A line that grows past this without its newline is passed on as it stands: memory stays
  // bounded when an engine writes endlessly without a newline.
  static constexpr size_t kMaxLine = 16u << 20;
  // How often the pipes are read while requests are in flight (see SetBusy).
  static constexpr uint64_t kBusyDrainMs = 1;
  // The capacity asked of each pipe (the kernel's default is 64 KiB; an unprivileged process may
  // ask up to /proc/sys/fs/pipe-max-size, 1 MiB by default): a long log fits without the engine
  // queueing it until the next read.
  static constexpr int kPipeSize = 1 << 20;

  // Creates the pipes (`one_stream`: one pipe for both, written to `out_fd`). On failure `*relay`
  // is null and the status says why.
  [[nodiscard]] static Status Create(uv_loop_t* loop, int out_fd, int err_fd, bool one_stream,
                                     LogRelay** relay);
  LogRelay(const LogRelay&) = delete;
  LogRelay& operator=(const LogRelay&) = delete;

  // The write ends the child gets as its fd 1 and 2 (the same one for one stream).
  int child_stdout() const { return streams_[0].write_fd; }
  int child_stderr() const { return streams_[one_stream_ ? 0 : 1].write_fd; }
  // Once the child was spawned: closes this process's copies of the write ends (so that the end
  // of the child is the end of the pipes) and starts reading.
  void Start();
  // Whether requests to the engine are in flight. While they are, the pipes are not polled: the
  // engine's reply to each request drains them (Drain()), and a timer reads them every
  // kBusyDrainMs meanwhile, so that an engine writing more than they hold is never kept waiting
  // long. Polling them then would wake the runtime for every write the engine makes before it
  // replies (the two sentinels at least): on one core, two more switches between the processes
  // per activation. Idle for a whole tick, they are polled again (output between requests).
  void SetBusy(bool busy);
  // Reads what the pipes hold now and passes on every complete line. Bounded by the pipes'
  // capacity: everything written before the call is read even while the engine goes on writing.
  // `end_lines`: the engine broke off (a connection closed without a reply): a line it had not
  // finished is passed on too, ended with a newline, so that the sentinels the runtime writes next
  // for the failed activation stay lines of their own.
  void Drain(bool end_lines = false);
  // The engine exited: reads what is left, passes on a last line that has no newline (ended with
  // one, as at the end of the pipes), and closes them. The relay deletes itself once libuv has let
  // go of it.
  void Close();

 private:
  struct Stream {
    LogRelay* relay = nullptr;
    int read_fd = -1;
    int write_fd = -1;
    int target_fd = -1;
    uv_poll_t poll;
    bool poll_open = false;  // uv_poll_init succeeded; uv_close is due
    bool polling = false;
    bool eof = false;
    std::string partial;  // the start of a line whose newline has not arrived
  };

  LogRelay(uv_loop_t* loop, bool one_stream) : loop_(loop), one_stream_(one_stream) {}
  ~LogRelay() = default;
  int stream_count() const { return one_stream_ ? 1 : 2; }
  static void OnReadable(uv_poll_t* poll, int status, int events);
  static void OnTick(uv_timer_t* timer);
  void Poll(Stream& s, bool on);
  // Reads up to `limit` bytes (or until the pipe is empty); false at the end of the pipe.
  bool Read(Stream& s, size_t limit);
  void Append(Stream& s, const char* data, size_t size);
  void Finish(Stream& s);
  void OnHandleClosed();

  uv_loop_t* loop_;
  bool one_stream_;
  bool closing_ = false;
  bool busy_ = false;
  uv_timer_t timer_;  // kBusyDrainMs reads while busy
  bool timer_open_ = false;
  int open_handles_ = 0;
  size_t capacity_ = 64 * 1024;  // of each pipe (F_GETPIPE_SZ)
  Stream streams_[2];
};

}  // namespace containerless::runtime

// Writes a native activation's log lines and the end-of-activation sentinels to stdout and stderr.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace containerless::runtime {

inline constexpr std::string_view kSentinel = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n";

class ActivationLog {
 public:
  ActivationLog(int stdout_fd = 1, int stderr_fd = 2) : out_fd_(stdout_fd), err_fd_(stderr_fd) {}

  // `logs_json` is the handler's [[stream, text], ...] (may be empty). Writes each line, then one
  // sentinel per stream (unless `sentinels` is false: an ActionLoop proxy writes its own). Returns
  // false when logs_json is not that shape (the sentinels are written regardless: the invoker must
  // not lose its place in the log).
  bool WriteActivation(std::string_view logs_json, bool sentinels = true);
  // Only the sentinels.
  void WriteSentinels();
  // A line of our own on stderr that the Node engine would write there too.
  void WriteStderrLine(std::string_view line);
  // Whole lines the Node engine wrote, relayed from its pipes (log_relay.h) to `fd`: written (or
  // deferred) as one piece, like an activation's lines.
  static void WriteRelayed(int fd, std::string_view lines) { Emit(fd, lines); }
  // Whether the two descriptors write to the same file (`2>&1`, a terminal, merged pipes).
  static bool SameFile(int a, int b);

  // Deferred mode, for the HTTP server: every ActivationLog of the process keeps what it would
  // write, per descriptor, until FlushDeferred(). The server flushes once per loop turn, before
  // it writes that turn's replies, so each activation's lines and sentinels still reach the
  // streams before its reply leaves, and N activations of one turn cost one write per stream
  // instead of 2N. Off by default (the ActionLoop launcher writes at once). `on_pending` runs when
  // output starts waiting, so that a flush is due even if no reply follows.
  static void SetDeferred(bool deferred, std::function<void()> on_pending = nullptr);
  static bool deferred();
  // Writes everything deferred so far (stdout's descriptor first), in the order it was logged.
  static void FlushDeferred();

 private:
  // Writes `data` to `fd` now, or keeps it for FlushDeferred() in deferred mode.
  static void Emit(int fd, std::string_view data);
  // Blocking write of all of `data`, also when the descriptor is non-blocking (set so by whoever
  // gave it to the runtime). The runtime is the only writer of its stdout and stderr (the Node
  // engine's lines are relayed), so that whatever is written in one call stays in one piece.
  static void WriteAll(int fd, std::string_view data);

  // Whether both descriptors write to the same file (decided once, on first use).
  bool merged();

  int out_fd_;
  int err_fd_;
  int merged_ = -1;
  std::string out_;  // reused between activations
  std::string err_;
  // Reused between activations: parsing the log lines allocates nothing once warm.
  rapidjson::Document doc_;
};

}  // namespace containerless::runtime

// The engine manager: runs the Node engine as a child on a private unix socket, forwards to it.
#pragma once

#include <uv.h>

#include <deque>
#include <functional>
#include <string>
#include <string_view>

#include "config.h"
#include "http_client.h"
#include "log_relay.h"
#include "status.h"

namespace containerless::runtime {

class NodeEngine {
 public:
  // Requests that may wait for the engine to start; more are refused at once.
  static constexpr size_t kMaxPending = 1024;

  NodeEngine(uv_loop_t* loop, const Config& config, std::string socket_path);
  NodeEngine(const NodeEngine&) = delete;
  NodeEngine& operator=(const NodeEngine&) = delete;

  // Starts the child now (it takes ~100 ms to listen; requests wait for it).
  Status Start();
  // Sends one request to the engine and calls `done` with its reply. Starts the engine first when
  // it is not running, replaying the last successful /init so the action is loaded again.
  // `body` must stay valid until `done` runs.
  void Forward(std::string_view method, std::string_view url, std::string_view body,
               std::string extra_headers, ClientCallback done);
  // The action's /init body, replayed to every engine process that has not had it: a restarted
  // one, or the first one when the runtime answered /init itself (a cached handler).
  // `engine_has_it`: the running engine answered 200 to exactly this body.
  void RememberInit(std::string body, bool engine_has_it) {
    init_body_ = std::move(body);
    engine_has_init_ = engine_has_it;
  }
  // SIGTERM to the child; `stopped` runs once it has exited (SIGKILL after 5 s).
  void Stop(std::function<void()> stopped);
  // Stops an idle engine to free its memory; the next request starts a new one (with the /init).
  void StopIdle();
  bool running() const { return process_alive_; }

  bool ready() const { return state_ == State::kReady; }
  int starts() const { return starts_; }
  const std::string& socket_path() const { return socket_path_; }

 private:
  enum class State { kStopped, kStarting, kReady, kStopping };
  struct Pending {
    std::string method;
    std::string url;
    std::string_view body;
    std::string extra_headers;
    ClientCallback done;
    int attempts = 0;
  };

  static void OnExit(uv_process_t* process, int64_t exit_status, int term_signal);
  void Probe();
  void OnListening();
  void Send(Pending pending);
  void FailPending(const std::string& why);
  void Flush();

  uv_loop_t* loop_;
  const Config& config_;
  std::string socket_path_;
  State state_ = State::kStopped;
  uv_process_t process_;
  bool process_alive_ = false;
  uv_timer_t timer_;  // probing the socket while starting; the SIGKILL delay while stopping
  uint64_t start_time_ = 0;
  std::deque<Pending> pending_;
  std::string init_body_;
  bool engine_has_init_ = false;  // the current engine process was given init_body_
  std::function<void()> stopped_;
  int starts_ = 0;
  // The current engine process's stdout and stderr pipes (null when they could not be made: the
  // engine then writes to the runtime's own descriptors). Closed when that process exits.
  LogRelay* relay_ = nullptr;
  int64_t exit_status_ = 0;  // the last engine process's, for the reply to those waiting for it
  int in_flight_ = 0;        // exchanges with the engine awaiting their reply (LogRelay::SetBusy)
};

}  // namespace containerless::runtime

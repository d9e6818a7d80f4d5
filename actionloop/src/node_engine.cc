// Starts, probes, forwards to, restarts and stops the Node engine child process.
#include "node_engine.h"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <vector>

#include "activation_log.h"
#include "child_exec.h"
#include "event_log.h"

namespace containerless::runtime {
namespace {

// The tracing engine runs instrumented code, whose JavaScript calls take two to three times the
// stack of the original's (the hook calls and temporaries spliced into every function): with
// V8's default limit (984 KiB on 64-bit) a recursion that plain Node.js finishes 10,000 deep threw
// "Maximum call stack size exceeded" at 4,500-7,000. Three times the default gives the traced
// engine at least plain Node.js's depth. V8 must stay well inside the real stack (RLIMIT_STACK,
// which the child inherits), or an overflow becomes a SIGSEGV instead of a RangeError: 2 MiB are
// kept free for native frames.
int EngineStackKb(const Config& config) {
  if (!config.engine_trace) return 0;
  if (config.engine_stack_kb >= 0) return config.engine_stack_kb;
  constexpr rlim_t kV8Default = 984, kWanted = 3 * kV8Default, kMargin = 2048;
  struct rlimit limit;
  if (getrlimit(RLIMIT_STACK, &limit) != 0) return 0;
  if (limit.rlim_cur == RLIM_INFINITY) return static_cast<int>(kWanted);
  rlim_t kb = limit.rlim_cur / 1024;
  if (kb <= kV8Default + kMargin) return 0;
  return static_cast<int>(std::min(kWanted, kb - kMargin));
}

}  // namespace

NodeEngine::NodeEngine(uv_loop_t* loop, const Config& config, std::string socket_path)
    : loop_(loop), config_(config), socket_path_(std::move(socket_path)) {
  uv_timer_init(loop_, &timer_);
  timer_.data = this;
  // An idle timer must not keep the loop alive on its own.
  uv_unref(reinterpret_cast<uv_handle_t*>(&timer_));
  process_.data = this;
}

Status NodeEngine::Start() {
  if (state_ == State::kStarting || state_ == State::kReady) return Status::Ok();
  if (process_alive_) return Status::Error("the previous Node engine has not exited yet");
  // The trampoline can only exit 127 when the exec fails (its stderr is the activation log):
  // find the reason here, where it can be said (checked at startup too; the file may have gone).
  std::string resolved;
  Status found = FindExecutable(config_.node, getenv("PATH"), &resolved);
  if (!found.ok()) {
    Status s = Status::Error("cannot run the Node engine: CONTAINERLESS_NODE=" + config_.node +
                             ": " + found.message());
    LogError(s.message());
    return s;
  }
  std::string script = config_.repo + "/bin/containerless";
  std::string limit = std::to_string(config_.body_limit / (1024 * 1024));
  std::vector<std::string> args = {config_.node, script,       "serve",        "--engine", "node",
                                   "--socket",   socket_path_, "--body-limit", limit};
  if (config_.engine_trace) args.push_back("--trace");
  if (int stack_kb = EngineStackKb(config_); stack_kb > 0) {
    // A V8 option: it goes before the script.
    args.insert(args.begin() + 1, "--stack-size=" + std::to_string(stack_kb));
  }
  // Through the trampoline: the engine must not outlive a runtime that is killed outright.
  args = WithParentDeathSignal(std::move(args));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The engine's stdout and stderr are the activation logs. They go to pipes the runtime relays to
  // its own fd 1 and 2 in whole lines (log_relay.h): a native activation's line and the engine's,
  // written at once to one shared pipe, would interleave beyond PIPE_BUF. One pipe for both when
  // the runtime's two streams are one file, so that the engine's order across them is kept.
  if (relay_ != nullptr) {
    relay_->Close();  // the previous process's (OnExit closes it; a failed spawn leaves it)
    relay_ = nullptr;
  }
  Status piped = LogRelay::Create(loop_, 1, 2, ActivationLog::SameFile(1, 2), &relay_);
  if (!piped.ok()) LogError(piped.message() + "; the engine writes to the runtime's streams");
  if (relay_ != nullptr) relay_->SetBusy(in_flight_ > 0);
  uv_stdio_container_t stdio[3];
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = UV_INHERIT_FD;
  stdio[1].data.fd = relay_ != nullptr ? relay_->child_stdout() : 1;
  stdio[2].flags = UV_INHERIT_FD;
  stdio[2].data.fd = relay_ != nullptr ? relay_->child_stderr() : 2;
  uv_process_options_t options{};
  options.file = argv[0];
  options.args = argv.data();
  options.exit_cb = OnExit;
  options.stdio_count = 3;
  options.stdio = stdio;
  int rc = uv_spawn(loop_, &process_, &options);
  if (relay_ != nullptr) relay_->Start();
  if (rc != 0) {
    if (relay_ != nullptr) relay_->Close();
    relay_ = nullptr;
    // uv_spawn initialised the handle even on failure; it must be closed.
    uv_close(reinterpret_cast<uv_handle_t*>(&process_), nullptr);
    Status s = Status::Uv(("cannot start the Node engine (" + config_.node + ")").c_str(), rc);
    LogError(s.message());
    return s;
  }
  process_alive_ = true;
  engine_has_init_ = false;
  ++starts_;
  state_ = State::kStarting;
  start_time_ = uv_now(loop_);
  LogInfo("node engine started: pid " + std::to_string(process_.pid) + " on " + socket_path_ +
          (config_.engine_trace ? " with --trace" : ""));
  uv_timer_start(
      &timer_, [](uv_timer_t* t) { static_cast<NodeEngine*>(t->data)->Probe(); }, 5, 0);
  return Status::Ok();
}

void NodeEngine::Probe() {
  if (state_ != State::kStarting) return;
  ProbeSocket(loop_, socket_path_, [this](bool ok) {
    if (state_ != State::kStarting) return;
    if (ok) {
      OnListening();
      return;
    }
    if (uv_now(loop_) - start_time_ > static_cast<uint64_t>(config_.engine_start_timeout_ms)) {
      LogError("node engine did not listen within " +
               std::to_string(config_.engine_start_timeout_ms) + " ms; killing it");
      FailPending("the Node engine did not start in time");
      state_ = State::kStopping;
      if (process_alive_) uv_process_kill(&process_, SIGKILL);
      return;
    }
    uv_timer_start(
        &timer_, [](uv_timer_t* t) { static_cast<NodeEngine*>(t->data)->Probe(); }, 5, 0);
  });
}

void NodeEngine::OnListening() {
  LogInfo("node engine listening after " + std::to_string(uv_now(loop_) - start_time_) + " ms");
  if (init_body_.empty() || engine_has_init_) {
    state_ = State::kReady;
    Flush();
    return;
  }
  // This engine has no action: load it before anything else reaches it. For the platform the
  // action was initialised once, when its /init was answered: the engine keeps what the replayed
  // load writes (the top-level code's console output) out of the activation logs.
  engine_has_init_ = true;
  std::string head =
      RequestHead("POST", "/init", init_body_.size(), "X-Containerless-Replayed-Init: 1\r\n");
  HttpExchange(loop_, socket_path_, std::move(head), init_body_,
               [this](const Status& status, ClientReply& reply) {
                 if (!status.ok() || reply.status != 200) {
                   LogError("re-initialising the restarted node engine failed: " +
                            (status.ok() ? reply.body : status.message()));
                 }
                 if (state_ != State::kStarting) return;
                 state_ = State::kReady;
                 Flush();
               });
}

void NodeEngine::Forward(std::string_view method, std::string_view url, std::string_view body,
                         std::string extra_headers, ClientCallback done) {
  Pending p{std::string(method),      std::string(url), body,
            std::move(extra_headers), std::move(done),  0};
  if (state_ == State::kReady) {
    Send(std::move(p));
    return;
  }
  if (state_ == State::kStopping) {
    ClientReply none;
    p.done(Status::Error("the runtime is stopping"), none);
    return;
  }
  if (pending_.size() >= kMaxPending) {
    // Bounded: requests beyond this many waiting for an engine start are refused, not queued.
    ClientReply none;
    p.done(Status::Error("too many requests waiting for the Node engine to start"), none);
    return;
  }
  pending_.push_back(std::move(p));
  if (state_ == State::kStopped && !process_alive_) {
    Status s = Start();
    if (!s.ok()) FailPending(s.message());
  }
}

void NodeEngine::Send(Pending p) {
  std::string head = RequestHead(p.method, p.url, p.body.size(), p.extra_headers);
  auto shared = std::make_shared<Pending>(std::move(p));
  if (++in_flight_ == 1 && relay_ != nullptr) relay_->SetBusy(true);
  HttpExchange(
      loop_, socket_path_, std::move(head), shared->body,
      [this, shared](const Status& status, ClientReply& reply) {
        if (--in_flight_ == 0 && relay_ != nullptr) relay_->SetBusy(false);
        if (!status.ok() && !reply.connected && shared->attempts == 0 &&
            state_ != State::kStopping) {
          // The engine is gone (crashed, killed): restart it and send this once more.
          LogError("node engine unreachable (" + status.message() + "); restarting it");
          shared->attempts = 1;
          pending_.push_back(std::move(*shared));
          if (state_ == State::kReady) state_ = State::kStopped;
          if (process_alive_) {
            uv_process_kill(&process_, SIGKILL);  // OnExit restarts it
          } else if (state_ == State::kStopped) {
            Status s = Start();
            if (!s.ok()) FailPending(s.message());
          }
          return;
        }
        // What the engine logged before replying is in its pipes (it waits for its queued stdio
        // writes before replying): relayed now, it is written out before this reply is. A
        // connection broken without a reply: the engine is going, its unfinished line too.
        if (relay_ != nullptr) relay_->Drain(!status.ok() && reply.connected);
        if (!status.ok() && reply.connected && state_ == State::kReady) {
          // The engine took the request and broke the connection without a reply: it
          // crashed or is exiting (process.exit in an action), and a request sent now
          // would meet the same fate. Make sure it is gone; the next request starts a
          // new one (OnExit).
          LogError("node engine broke a connection (" + status.message() + "); restarting it");
          state_ = State::kStopped;
          if (process_alive_) uv_process_kill(&process_, SIGKILL);
        }
        shared->done(status, reply);
      });
}

void NodeEngine::Flush() {
  std::deque<Pending> queue;
  queue.swap(pending_);
  for (Pending& p : queue) Send(std::move(p));
}

void NodeEngine::FailPending(const std::string& why) {
  std::deque<Pending> queue;
  queue.swap(pending_);
  for (Pending& p : queue) {
    ClientReply none;
    p.done(Status::Error(why), none);
  }
}

void NodeEngine::OnExit(uv_process_t* process, int64_t exit_status, int term_signal) {
  auto* self = static_cast<NodeEngine*>(process->data);
  self->exit_status_ = exit_status;
  if (exit_status == kExecFailedStatus && term_signal == 0 && self->state_ == State::kStarting) {
    LogError("node engine exited: status 127 while starting: " + self->config_.node +
             " could not be executed (or exited 127 itself)");
  } else {
    LogInfo("node engine exited: status " + std::to_string(exit_status) + ", signal " +
            std::to_string(term_signal));
  }
  // Its last lines (a last one without its newline too) are written before anything that follows.
  if (self->relay_ != nullptr) {
    self->relay_->Close();
    self->relay_ = nullptr;
  }
  uv_close(reinterpret_cast<uv_handle_t*>(process), [](uv_handle_t* h) {
    auto* engine = static_cast<NodeEngine*>(h->data);
    engine->process_alive_ = false;
    if (engine->state_ == State::kStopping && engine->stopped_) {
      uv_timer_stop(&engine->timer_);
      auto stopped = std::move(engine->stopped_);
      engine->stopped_ = nullptr;
      engine->state_ = State::kStopped;
      stopped();
      return;
    }
    bool was_starting = engine->state_ == State::kStarting;
    engine->state_ = State::kStopped;
    if (was_starting) {
      // It died before listening: starting it again would most likely loop. The next request
      // that needs it tries once more.
      engine->FailPending(
          engine->exit_status_ == kExecFailedStatus
              ? "the Node engine exited while starting with status 127: " + engine->config_.node +
                    " could not be executed"
              : "the Node engine exited while starting with status " +
                    std::to_string(engine->exit_status_) + " (see the activation log)");
      return;
    }
    // Requests waiting for an engine get a fresh one.
    if (!engine->pending_.empty()) {
      Status s = engine->Start();
      if (!s.ok()) engine->FailPending(s.message());
    }
  });
}

void NodeEngine::StopIdle() {
  if (state_ != State::kReady || !process_alive_) return;
  LogInfo("stopping the idle node engine");
  // kStopped, not kStopping: requests arriving meanwhile wait, and OnExit starts a new engine.
  state_ = State::kStopped;
  uv_process_kill(&process_, SIGTERM);
}

void NodeEngine::Stop(std::function<void()> stopped) {
  FailPending("the runtime is stopping");
  state_ = State::kStopping;
  if (!process_alive_) {
    state_ = State::kStopped;
    stopped();
    return;
  }
  stopped_ = std::move(stopped);
  uv_process_kill(&process_, SIGTERM);
  uv_ref(reinterpret_cast<uv_handle_t*>(&timer_));
  uv_timer_start(
      &timer_,
      [](uv_timer_t* t) {
        auto* engine = static_cast<NodeEngine*>(t->data);
        if (engine->process_alive_) uv_process_kill(&engine->process_, SIGKILL);
      },
      5000, 0);
}

}  // namespace containerless::runtime

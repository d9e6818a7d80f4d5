// The compile trigger: fetches the trace and runs the compiler as a low-priority child process.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <string>

#include "config.h"
#include "metrics.h"
#include "node_engine.h"

namespace containerless::runtime {

class CompileTrigger {
 public:
  // Called when a compilation produced a handler library at `path`, from a trace of the engine
  // process number `engine_starts` (NodeEngine::starts() when the trace was fetched).
  // `covers_loaded` is false when the engine restarted since the loaded handler's trace was
  // taken and that trace could not be merged in: the new handler may cover less than the
  // loaded one.
  using Built = std::function<void(const std::string& path, int engine_starts, bool covers_loaded)>;

  CompileTrigger(uv_loop_t* loop, const Config& config, NodeEngine* engine, std::string work_dir,
                 Metrics* metrics, Built built);
  CompileTrigger(const CompileTrigger&) = delete;
  CompileTrigger& operator=(const CompileTrigger&) = delete;

  // Counts one activation that the Node engine traced; starts a compilation when
  // CONTAINERLESS_COMPILE_AFTER of them have run since the last one (twice as many after each
  // failure: see Failed).
  void OnTracedActivation();
  // A compilation failed, or built a handler the runtime could not use. `outcome` names the
  // failure without anything that changes between attempts (an exit status, not a path). The
  // next compilation waits for twice as many traced activations as the last one did; after
  // kMaxFailures in a row with the same outcome, compiling stops (a compiler bug or a construct
  // it refuses fails every time: each attempt is 0.3-1 s of a shared core).
  void Failed(const std::string& outcome);
  static constexpr int kMaxFailures = 4;
  // Traced activations before the next compilation.
  int64_t batch() const;
  // No more compilations (the action was demoted, or its trace is not compilable).
  void Disable() { disabled_ = true; }
  // Whether traced activations still lead to compilations.
  bool enabled() const { return !disabled_ && config_.compile_after > 0; }
  // The handler of the last compilation was loaded: its trace (as compiled, after any merge) is
  // what the next engine's traces are merged with.
  void HandlerAdopted();
  // A handler was loaded from the cache with the trace it was built from (`trace_path`, copied
  // into the work directory), before any engine ran.
  void AdoptCachedTrace(const std::string& trace_path);
  // The trace of the loaded handler, or "" when none is known.
  const std::string& adopted_trace() const { return adopted_trace_; }
  // Kills a running compiler (shutdown); `done` runs once it has been reaped, so that no zombie
  // outlives the runtime (PID 1 of a container does not always reap orphans).
  void Cancel(std::function<void()> done);
  bool running() const { return running_; }

 private:
  void Begin();
  void OnTrace(const Status& status, ClientReply& reply);
  static void OnCompilerExit(uv_process_t* process, int64_t exit_status, int term_signal);

  uv_loop_t* loop_;
  const Config& config_;
  NodeEngine* engine_;
  std::string work_dir_;
  Metrics* metrics_;
  Built built_;
  int since_last_ = 0;
  int generation_ = 0;
  int failures_ = 0;             // failed compilations in a row with the same outcome
  std::string failure_outcome_;  // the outcome of the last failed one
  bool running_ = false;
  bool disabled_ = false;
  uv_process_t process_;
  bool process_alive_ = false;
  std::string trace_path_;
  std::string output_path_;
  std::string trace_out_path_;  // the compiled trace the compiler writes (--trace-out)
  bool merged_ = false;         // the running compilation merges the history trace in
  // The loaded handler's trace and the engine starts it was taken at; after a restart it becomes
  // the history that each trace of the new engine (`history_for_`) is merged with.
  std::string adopted_trace_;
  int adopted_starts_ = -1;
  std::string history_trace_;
  int history_for_ = -1;
  uint64_t started_at_ = 0;
  int trace_engine_starts_ = 0;
  std::function<void()> cancelled_;
};

}  // namespace containerless::runtime

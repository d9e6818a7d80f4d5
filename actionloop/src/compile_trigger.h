// The compile trigger: fetches the trace and runs the compiler as a low-priority child process.
#pragma once

#include <uv.h>

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
  using Built = std::function<void(const std::string& path, int engine_starts)>;

  CompileTrigger(uv_loop_t* loop, const Config& config, NodeEngine* engine, std::string work_dir,
                 Metrics* metrics, Built built);
  CompileTrigger(const CompileTrigger&) = delete;
  CompileTrigger& operator=(const CompileTrigger&) = delete;

  // Counts one activation that the Node engine traced; starts a compilation when
  // CONTAINERLESS_COMPILE_AFTER of them have run since the last one.
  void OnTracedActivation();
  // No more compilations (the action was demoted, or its trace is not compilable).
  void Disable() { disabled_ = true; }
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
  bool running_ = false;
  bool disabled_ = false;
  uv_process_t process_;
  bool process_alive_ = false;
  std::string trace_path_;
  std::string output_path_;
  uint64_t started_at_ = 0;
  int trace_engine_starts_ = 0;
  std::function<void()> cancelled_;
};

}  // namespace containerless::runtime

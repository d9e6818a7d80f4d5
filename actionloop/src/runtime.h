// The runtime proper: routes /init, /run and /metrics between the Node engine and the handler.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <string>

#include "activation_env.h"
#include "activation_log.h"
#include "compile_trigger.h"
#include "config.h"
#include "fetch_client.h"
#include "handler_host.h"
#include "metrics.h"
#include "node_engine.h"
#include "run_body.h"
#include "server.h"
#include "speed_guard.h"

namespace containerless::runtime {

enum class Route { kInit, kRun, kMetrics, kOther };

// Maps method and URL as the Node engine does (POST only, case-insensitive, one trailing slash
// and the query ignored); GET /metrics is the runtime's own.
Route RouteOf(unsigned method, std::string_view url);

class Runtime : public RequestHandler {
 public:
  // `work_dir` is private to this process: the engine's socket, traces, handlers.
  Runtime(uv_loop_t* loop, const Config& config, std::string work_dir);
  ~Runtime() override;

  // auto: starts the Node engine. native: loads --handler (an error is fatal at startup).
  Status Start();
  void HandleRequest(Request& request, Responder responder) override;
  // Stops the Node engine and the compiler; `done` runs when they are gone.
  void Stop(std::function<void()> done);

  const Metrics& metrics() const { return metrics_; }

 private:
  void HandleInitNative(Request& request, Responder responder);
  void HandleRunNative(Request& request, Responder responder);
  // Runs the handler on the parsed run_body_ (to its end here when it makes no host calls, else
  // with its host calls on the loop), then FinishNative.
  void RunNative(Request& request, Responder responder);
  // Answers a finished activation: its logs and reply, or, on an abort, Fallback (auto) or
  // NativeOnlyAbort (native).
  void FinishNative(std::unique_ptr<Activation> activation, Request& request, Responder responder,
                    uint64_t started);
  // Re-runs an aborted activation in the Node engine with its abort record; may demote.
  void Fallback(std::unique_ptr<Activation> aborted, Request& request, Responder responder);
  // --engine native: 503 for an abort before any effect, 502 after one.
  void NativeOnlyAbort(std::unique_ptr<Activation> aborted, Responder responder);
  // Forwards to the Node engine; a non-empty `abort_record` makes it a fallback re-execution
  // (the record travels ahead of the body, see FallbackFraming in runtime.cc).
  void Forward(Request& request, Responder responder, Route route, std::string abort_record);
  void OnHandlerBuilt(const std::string& path, int engine_starts, bool covers_loaded);
  // CONTAINERLESS_CACHE_DIR: answers /init with a cached handler of this code (true), or not.
  bool InitFromCache(Request& request, Responder& responder);
  void StoreInCache(const std::string& path);
  // The trace stored beside a cached handler ("x.so" -> "x.trace.json").
  static std::string CacheTracePath(const std::string& handler_path);
  // <cache>/runtime/<code sha256>-<entry sha256 prefix>.so, or "" when the body has no code.
  std::string CachePath(std::string_view init_body) const;
  // Checks `handler` against the /init and runs its top-level code; `*top_level_aborted` (when
  // given) says whether that code aborted in a way every later build would too (an unsupported
  // construct, not an untraced path or a guard, which a clock or Math.random read may decide).
  Status AdoptHandler(std::unique_ptr<Handler> handler, bool* top_level_aborted = nullptr);
  void Demote(const std::string& why);
  // Writes the Node engine's "Internal system error:" stderr line and answers 403.
  void SystemError(Responder& responder, const std::string& message);
  // The Node engine's 403 to a /run while another runs (without __OW_ALLOW_CONCURRENT).
  void RunningRefusal(Responder& responder);
  cl_limits Limits(int64_t deadline_ms) const;
  // CONTAINERLESS_ENGINE_IDLE_MS: stops the Node engine once native and unused for that long.
  static void OnIdleCheck(uv_timer_t* timer);

  uv_loop_t* loop_;
  const Config& config_;
  std::string work_dir_;
  Metrics metrics_;
  ActivationLog log_;
  std::unique_ptr<NodeEngine> engine_;
  std::unique_ptr<CompileTrigger> compiler_;
  std::shared_ptr<Handler> handler_;  // shared with the activations in flight on it
  std::unique_ptr<FetchClient> fetch_;
  RunBody run_body_;       // reused: parsed, then copied into the activation at its start
  std::string init_body_;  // the /init the Node engine accepted (auto) or we accepted (native)
  bool initialized_ = false;
  bool init_failed_ = false;
  bool demoted_ = false;
  bool from_cache_ = false;  // the handler came from the cache: its trace is not in the engine
  int handler_engine_starts_ = 0;  // engine starts when the loaded handler's trace was taken
  int node_runs_in_flight_ = 0;
  int native_runs_in_flight_ = 0;
  int consecutive_aborts_ = 0;
  // Consecutive curable aborts while compilation is on (`untraced` and `guard`): their fallbacks
  // are traced, with operand types, and the next compilation covers their paths or types, so
  // they weigh less (a tenth) toward demotion.
  int consecutive_untraced_ = 0;
  SpeedGuard speed_;
  std::string metrics_text_;
  uv_timer_t idle_timer_;
  uint64_t last_node_use_ = 0;  // uv_now of the last request forwarded to the Node engine
  // The __OW_ fields of native activations, for the Node engine's next /run.
  ActivationEnv native_env_;
};

}  // namespace containerless::runtime

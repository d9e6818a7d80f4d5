// Routes every request: to the Node engine, or to the handler with fallback to Node.js on aborts.
#include "runtime.h"

#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "../../compiler/src/sha256.h"
#include "activation_driver.h"
#include "crash_guard.h"
#include "event_log.h"

namespace containerless::runtime {
namespace {

constexpr std::string_view kEngineNative = "X-Containerless-Engine: native\r\n";
constexpr std::string_view kEngineNode = "X-Containerless-Engine: node\r\n";
// A native answer's headers, whole: a reply built per activation without concatenating them.
constexpr std::string_view kNativeJsonHeaders =
    "Content-Type: application/json; charset=utf-8\r\nX-Containerless-Engine: native\r\n";

Reply JsonReply(int status, std::string body, std::string_view extra_headers) {
  Reply reply;
  reply.status = status;
  reply.headers = "Content-Type: ";
  reply.headers += kJsonContentType;
  reply.headers += "\r\n";
  reply.headers += extra_headers;
  reply.body = std::move(body);
  return reply;
}

// A fallback's framing on the engine's private socket: the header says how many bytes of the
// body are the abort record (handler-abi.md, section 3: effects make it any size, too large for
// a header), and the original /run body follows them unchanged. Only the runtime's own engine
// reads this header (proxy/server.js, `runtimeEngine`).
constexpr std::string_view kFallbackLengthHeader = "X-Containerless-Fallback-Length: ";

// An abort record for the event log: its effects can hold megabytes of fetched bodies.
std::string Excerpt(const std::string& abort_json) {
  constexpr size_t kMax = 2048;
  return abort_json.size() > kMax ? abort_json.substr(0, kMax) + "..." : abort_json;
}

// value.code and value.main of an /init body, as the Node engine reads them:
// `(body && body.value) || {}`, then both must be non-empty strings.
bool InitFields(const rapidjson::Document& doc, std::string_view* code, std::string_view* main) {
  if (!doc.IsObject()) return false;
  const rapidjson::Value* value = LastMember(doc, "value");
  if (value == nullptr || !value->IsObject()) return false;
  const rapidjson::Value* c = LastMember(*value, "code");
  const rapidjson::Value* m = LastMember(*value, "main");
  if (c == nullptr || m == nullptr || !c->IsString() || !m->IsString()) return false;
  if (c->GetStringLength() == 0 || m->GetStringLength() == 0) return false;
  *code = std::string_view(c->GetString(), c->GetStringLength());
  *main = std::string_view(m->GetString(), m->GetStringLength());
  return true;
}

// The local time zone an /init's `env` gives the action: the Node engine copies `env` into
// process.env, and Node.js follows a TZ set there. Native code decides local time from this
// process's TZ (compiler/runtime/src/date.rs, read once per handler, on its first use of local
// time), so the runtime takes the same TZ before any handler runs: a zone other than UTC makes
// local-time operations abort to Node.js instead of answering in UTC (differential finding
// H12-5). A TZ that is not a string gets a name no zone has, with the same effect.
void ApplyInitTimeZone(std::string_view init_body) {
  rapidjson::Document doc;
  if (ParseJsonBody(init_body, &doc) != BodyVerdict::kOk || !doc.IsObject()) return;
  const rapidjson::Value* value = LastMember(doc, "value");
  if (value == nullptr || !value->IsObject()) return;
  const rapidjson::Value* env = LastMember(*value, "env");
  if (env == nullptr || !env->IsObject()) return;
  const rapidjson::Value* tz = LastMember(*env, "TZ");
  if (tz == nullptr) return;
  std::string zone = tz->IsString() ? std::string(tz->GetString(), tz->GetStringLength())
                                    : std::string("containerless/not-a-zone");
  if (zone.find('\0') != std::string::npos) zone = "containerless/not-a-zone";
  setenv("TZ", zone.c_str(), 1);
}

// Removes the Node engine's X-Containerless-Shared-State line from a reply's header lines (it is
// for the runtime, not for the client); returns whether it was there.
bool TakeSharedStateHeader(std::string* headers) {
  constexpr std::string_view kName = "x-containerless-shared-state:";
  size_t start = 0;
  while (start < headers->size()) {
    size_t end = headers->find("\r\n", start);
    end = end == std::string::npos ? headers->size() : end + 2;
    if (end - start >= kName.size() &&
        strncasecmp(headers->data() + start, kName.data(), kName.size()) == 0) {
      headers->erase(start, end - start);
      return true;
    }
    start = end;
  }
  return false;
}

}  // namespace

Route RouteOf(unsigned method, std::string_view url) {
  size_t q = url.find('?');
  if (q != std::string_view::npos) url = url.substr(0, q);
  if (url.size() > 1 && url.back() == '/') url.remove_suffix(1);
  auto is = [&](std::string_view path) {
    return url.size() == path.size() && strncasecmp(url.data(), path.data(), url.size()) == 0;
  };
  if (method == HTTP_GET && is("/metrics")) return Route::kMetrics;
  if (method != HTTP_POST) return Route::kOther;
  if (is("/init")) return Route::kInit;
  if (is("/run")) return Route::kRun;
  return Route::kOther;
}

Runtime::Runtime(uv_loop_t* loop, const Config& config, std::string work_dir)
    : loop_(loop), config_(config), work_dir_(std::move(work_dir)), speed_(config.slower_after) {}

Runtime::~Runtime() = default;

Status Runtime::Start() {
  fetch_ = std::make_unique<FetchClient>(loop_);
  if (config_.mode == EngineMode::kNative) {
    std::unique_ptr<Handler> handler;
    Status s = Handler::Load(config_.handler_path, &handler);
    if (!s.ok()) {
      // Also in the event log: the startup failure's stderr line may not be kept.
      LogError(s.message());
      return s;
    }
    handler_ = std::move(handler);
    LogInfo("serving handler " + config_.handler_path + " without Node.js");
    return Status::Ok();
  }
  engine_ = std::make_unique<NodeEngine>(loop_, config_, work_dir_ + "/engine.sock");
  compiler_ = std::make_unique<CompileTrigger>(
      loop_, config_, engine_.get(), work_dir_, &metrics_,
      [this](const std::string& path, int engine_starts, bool covers_loaded) {
        OnHandlerBuilt(path, engine_starts, covers_loaded);
      });
  if (!config_.cache_dir.empty()) {
    // With a cache, the first /init may be answered without Node.js: start it when needed.
    LogInfo("handler cache " + config_.cache_dir + "; the node engine starts on demand");
    return Status::Ok();
  }
  if (config_.engine_idle_ms > 0) {
    uv_timer_init(loop_, &idle_timer_);
    idle_timer_.data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(&idle_timer_));
    uint64_t every = std::max<uint64_t>(10, static_cast<uint64_t>(config_.engine_idle_ms) / 4);
    uv_timer_start(&idle_timer_, OnIdleCheck, every, every);
  }
  Status s = engine_->Start();
  metrics_.engine_starts = static_cast<uint64_t>(engine_->starts());
  return s;
}

void Runtime::HandleRequest(Request& request, Responder responder) {
  Route route = RouteOf(request.method, request.url);
  if (route == Route::kMetrics) {
    metrics_.engine_starts = engine_ ? static_cast<uint64_t>(engine_->starts()) : 0;
    metrics_text_.clear();
    metrics_.Render(&metrics_text_);
    Reply reply;
    reply.headers = "Content-Type: ";
    reply.headers += kMetricsContentType;
    reply.headers += "\r\n";
    reply.body = metrics_text_;
    responder.Send(std::move(reply));
    return;
  }
  if (config_.mode == EngineMode::kNative) {
    if (route == Route::kInit) return HandleInitNative(request, responder);
    if (route == Route::kRun) return HandleRunNative(request, responder);
    // The Node engine parses the body before it looks at the route: both answer the same.
    responder.Send(BadRequestReply());
    return;
  }
  if (route == Route::kOther && request.method != HTTP_POST) {
    // Only POST reaches the Node engine's routes; it answers anything else with this too. (A
    // HEAD forwarded would also leave the reply's framing to guess: its body is not sent.)
    responder.Send(BadRequestReply());
    return;
  }
  if (route == Route::kInit && !initialized_ && !config_.cache_dir.empty() &&
      InitFromCache(request, responder)) {
    return;
  }
  if (route != Route::kRun || handler_ == nullptr || !handler_->has_instance() || demoted_ ||
      (!config_.allow_concurrent && node_runs_in_flight_ > 0)) {
    // The Node engine answers everything it can answer exactly, including the refusals (a /run
    // during another gets its "status is running").
    Forward(request, responder, route, std::string());
    return;
  }
  if (!config_.allow_concurrent && native_runs_in_flight_ > 0) {
    // What the Node engine answers a /run during another, and for the same reason.
    RunningRefusal(responder);
    return;
  }
  BodyVerdict verdict = run_body_.Parse(request.body);
  if (verdict != BodyVerdict::kOk) {
    Forward(request, responder, route, std::string());
    return;
  }
  RunNative(request, responder);
}

void Runtime::RunNative(Request& request, Responder responder) {
  uint64_t started = uv_hrtime();
  // The stock runtime exports these before main runs; the Node engine gets them with its next
  // /run (a fallback of this very activation included), ahead of that body's own.
  native_env_.Note(run_body_.document());
  cl_limits limits = Limits(run_body_.deadline_ms());
  // activation_new copies the value (handler-abi.md), so run_body_ may parse the next body at
  // once. An activation without host calls (the common case) is stepped to its end here: no
  // driver state, no callbacks to allocate.
  std::unique_ptr<Activation> activation = Activation::Begin(handler_, run_body_.args(), limits);
  if (activation->Step() == Activation::Next::kDone) {
    FinishNative(std::move(activation), request, responder, started);
    return;
  }
  ++native_runs_in_flight_;
  ContinueActivation(std::move(activation), limits, config_.fetch_max_bytes, fetch_.get(),
                     [this, &request, responder, started](std::unique_ptr<Activation> done) {
                       --native_runs_in_flight_;
                       FinishNative(std::move(done), request, responder, started);
                     });
}

void Runtime::FinishNative(std::unique_ptr<Activation> activation, Request& request,
                           Responder responder, uint64_t started) {
  const NativeOutcome& outcome = activation->outcome();
  if (!outcome.answered) {
    metrics_.CountAbort(AbortReason(outcome.abort));
    if (config_.mode == EngineMode::kNative) {
      NativeOnlyAbort(std::move(activation), responder);
    } else {
      Fallback(std::move(activation), request, responder);
    }
    return;
  }
  if (!log_.WriteActivation(outcome.logs)) {
    LogError("handler " + activation->handler().path() + " returned malformed log lines");
  }
  Reply reply;
  reply.status = outcome.http_status;
  reply.fixed_headers = kNativeJsonHeaders;
  reply.body.assign(outcome.body);
  // An activation that waited for host calls took the backend's time, not the handler's: it
  // says nothing about which engine is faster, so the speed guard does not see it.
  bool timed = activation->host_calls() == 0;
  activation.reset();
  ++metrics_.activations_native;
  consecutive_aborts_ = 0;
  consecutive_untraced_ = 0;
  responder.Send(std::move(reply));
  if (config_.mode == EngineMode::kAuto && handler_ != nullptr && timed) {
    speed_.AddNative(uv_hrtime() - started);
    if (speed_.NativeSlower())
      Demote("the native handler is slower than node: " + speed_.Describe());
  }
}

void Runtime::Fallback(std::unique_ptr<Activation> aborted, Request& request, Responder responder) {
  std::string abort_json(aborted->outcome().abort);
  aborted.reset();
  ++metrics_.fallbacks;
  std::string reason = AbortReason(abort_json);
  // A path no traced activation took is traced by its fallback and compiled next: such aborts
  // say the handler is young, not that it keeps failing (a burst of new inputs, or a compile
  // still running, must not demote it). A failed guard (a type the trace did not see) is cured
  // the same way: the engine records operand types in every fallback (proxy/trace/recorder.js
  // TraceSession.activation `types`), so the next compilation widens the guard. Any other abort
  // would recur with every recompile.
  bool compiling = compiler_ != nullptr && compiler_->enabled();
  bool curable = compiling && (reason == "untraced" || reason == "guard");
  if (curable) {
    ++consecutive_untraced_;
  } else {
    ++consecutive_aborts_;
  }
  LogInfo("native activation aborted, re-running in node: " + Excerpt(abort_json));
  if (reason == "module-state") {
    Demote("the action mutates module-level state");
  } else if (config_.demote_after > 0 && consecutive_aborts_ >= config_.demote_after) {
    Demote(std::to_string(consecutive_aborts_) + " consecutive aborts");
  } else if (config_.demote_after > 0 && consecutive_untraced_ >= 10 * config_.demote_after) {
    Demote(std::to_string(consecutive_untraced_) +
           " consecutive aborts on untraced paths or types, none covered by a recompilation");
  }
  Forward(request, responder, Route::kRun, std::move(abort_json));
}

void Runtime::NativeOnlyAbort(std::unique_ptr<Activation> aborted, Responder responder) {
  std::string abort_json(aborted->outcome().abort);
  bool sent_request = aborted->host_calls() > 0;
  aborted.reset();
  // The log lines are not written (a re-run writes its own); the sentinels are, to keep the
  // log in step.
  log_.WriteSentinels();
  Reply reply;
  if (!sent_request) {
    // Before any effect: 503 makes the invoker re-run the activation in another container.
    LogInfo("native activation aborted (no Node.js here, answering 503): " + Excerpt(abort_json));
    reply = ErrorReply(503, "The native handler cannot run this activation: " + abort_json);
  } else {
    // A request already went out: running it again elsewhere would repeat it.
    LogInfo("native activation aborted after a fetch (no Node.js here, answering 502): " +
            Excerpt(abort_json));
    reply = ErrorReply(502,
                       "An error has occurred: the native handler cannot finish this "
                       "activation and it made requests, so it cannot be re-run: " +
                           AbortReason(abort_json));
  }
  reply.headers += kEngineNative;
  responder.Send(std::move(reply));
}

void Runtime::RunningRefusal(Responder& responder) {
  log_.WriteStderrLine("Internal system error: System not ready, status is running.");
  Reply reply = ErrorReply(403, "System not ready, status is running.");
  reply.headers += kEngineNative;
  responder.Send(std::move(reply));
}

void Runtime::Forward(Request& request, Responder responder, Route route,
                      std::string abort_record) {
  bool is_run = route == Route::kRun;
  // A fallback's body is the record followed by the request's body; it lives until the reply.
  std::shared_ptr<std::string> framed;
  std::string extra_headers;
  std::string_view body = request.body;
  if (!abort_record.empty()) {
    extra_headers =
        std::string(kFallbackLengthHeader) + std::to_string(abort_record.size()) + "\r\n";
    framed = std::make_shared<std::string>(std::move(abort_record));
    framed->append(request.body);
    body = *framed;
  }
  if (is_run && !native_env_.empty()) extra_headers += native_env_.TakeHeader();
  bool is_init = route == Route::kInit;
  const char* method = http_method_str(static_cast<http_method>(request.method));
  if (is_run) ++node_runs_in_flight_;
  last_node_use_ = uv_now(loop_);
  // Timed only when the engine is up: a start-up is not what a Node activation costs.
  uint64_t started = engine_->ready() ? uv_hrtime() : 0;
  engine_->Forward(method, request.url, body, std::move(extra_headers),
                   [this, responder, is_run, is_init, started, &request, framed](
                       const Status& status, ClientReply& reply) mutable {
                     if (is_run) --node_runs_in_flight_;
                     if (is_run && started != 0 && status.ok() && reply.status == 200) {
                       speed_.AddNode(uv_hrtime() - started);
                     }
                     if (!status.ok()) {
                       LogError("forwarding to the node engine failed: " + status.message());
                       if (is_run && reply.connected) {
                         // The action may have run and written lines: keep the invoker's log in
                         // step.
                         log_.WriteSentinels();
                       }
                       Reply error =
                           ErrorReply(502, "An error has occurred: the Node.js engine failed (" +
                                               status.message() + ").");
                       if (is_run) error.headers += kEngineNode;
                       responder.Send(std::move(error));
                       return;
                     }
                     Reply out;
                     out.status = reply.status;
                     bool shared_state_changed = TakeSharedStateHeader(&reply.headers);
                     out.headers = std::move(reply.headers);
                     out.body = std::move(reply.body);
                     if (shared_state_changed && config_.mode == EngineMode::kAuto) {
                       // Before this reply goes out: the next /run must not be answered by a
                       // handler whose built-ins no longer are Node.js's (proxy/shared-state.js).
                       Demote(
                           "an activation in node changed a built-in that native code keeps "
                           "its own copy of");
                     }
                     if (is_run) {
                       out.headers += kEngineNode;
                       ++metrics_.activations_node;
                       // 200 and 502 are the answers of activations that reached the action's code;
                       // the others (403, 500 Bad request) are refusals, which traced nothing.
                       if ((reply.status == 200 || reply.status == 502) && compiler_) {
                         compiler_->OnTracedActivation();
                       }
                     }
                     if (is_init && reply.status == 200 && !initialized_) {
                       ApplyInitTimeZone(request.body);
                       initialized_ = true;
                       init_body_ = request.body;
                       engine_->RememberInit(init_body_, true);
                     }
                     responder.Send(std::move(out));
                   });
}

void Runtime::OnHandlerBuilt(const std::string& path, int engine_starts, bool covers_loaded) {
  if (demoted_) return;
  if (handler_ != nullptr && engine_starts != handler_engine_starts_ && !covers_loaded) {
    // The engine restarted since the loaded handler was built and its trace could not be merged
    // in (no trace of the loaded handler is known): this trace began afresh and may cover less
    // than the handler in use. Keep that one, and stop compiling from partial traces.
    LogInfo("keeping the loaded handler: " + path + " comes from a restarted engine's trace");
    compiler_->Disable();
    return;
  }
  std::unique_ptr<Handler> handler;
  Status s = Handler::Load(path, &handler);
  if (!s.ok()) {
    LogError(s.message() + "; the action stays in node");
    // A library that does not load (an ABI the runtime does not know) comes back from every build.
    compiler_->Failed("the handler does not load");
    return;
  }
  bool top_level_aborted = false;
  s = AdoptHandler(std::move(handler), &top_level_aborted);
  if (!s.ok()) {
    LogError(s.message() + "; the action stays in node");
    if (top_level_aborted) {
      // The engine traces the top-level code once, at /init: every later build runs the same
      // top-level code and aborts the same way, so compiling again every
      // CONTAINERLESS_COMPILE_AFTER activations would only burn rustc runs (finding H13-3).
      compiler_->Disable();
      LogInfo("no more compilations: the action's top-level code aborts natively");
    } else if (!demoted_) {
      // An untraced path or a guard at load may pass the next time; a handler built for other
      // code would not. Either way: back off.
      compiler_->Failed("the handler was not adopted");
    }
    return;
  }
  handler_engine_starts_ = engine_starts;
  compiler_->HandlerAdopted();
  if (!config_.cache_dir.empty()) StoreInCache(path);
}

std::string Runtime::CacheTracePath(const std::string& handler_path) {
  return handler_path.substr(0, handler_path.size() - 3) +
         ".trace.json";  // "x.so" -> "x.trace.json"
}

std::string Runtime::CachePath(std::string_view init_body) const {
  rapidjson::Document doc;
  std::string_view code, main;
  if (ParseJsonBody(init_body, &doc) != BodyVerdict::kOk || !InitFields(doc, &code, &main)) {
    return "";
  }
  return config_.cache_dir + "/runtime/" + compiler::Sha256Hex(code) + "-" +
         compiler::Sha256Hex(main).substr(0, 16) + ".so";
}

bool Runtime::InitFromCache(Request& request, Responder& responder) {
  std::string path = CachePath(request.body);
  // Before the handler's top-level code runs: it may read local time.
  ApplyInitTimeZone(request.body);
  std::string crashed = CrashMarkerPath(path);
  if (!crashed.empty() && access(crashed.c_str(), F_OK) == 0) {
    // A handler for this code crashed a runtime (crash_guard.h): Node.js only, no compilation
    // (the compiler's cache could give the same handler back).
    LogInfo("a handler for this code crashed a runtime before (" + crashed +
            "); the action stays in node");
    compiler_->Disable();
    demoted_ = true;
    return false;
  }
  if (path.empty() || access(path.c_str(), R_OK) != 0) return false;
  std::unique_ptr<Handler> handler;
  Status s = Handler::Load(path, &handler);
  init_body_ = request.body;  // AdoptHandler checks the handler against it
  if (s.ok()) s = AdoptHandler(std::move(handler));
  if (!s.ok()) {
    LogError("cached handler unusable (" + s.message() + "); /init goes to node");
    init_body_.clear();
    return false;
  }
  // The engine gets this /init when it first starts (a fallback, a second /init). Its traces
  // start empty: they are merged with the cached handler's trace, stored beside it. Without that
  // trace a recompile would cover less than the cached handler: keep it then.
  initialized_ = true;
  from_cache_ = true;
  engine_->RememberInit(init_body_, false);
  std::string trace = CacheTracePath(path);
  if (access(trace.c_str(), R_OK) == 0) compiler_->AdoptCachedTrace(trace);
  if (compiler_->adopted_trace().empty()) compiler_->Disable();
  ++metrics_.cache_hits;
  LogInfo("/init answered from the handler cache: " + path);
  SetCrashCacheFile(path);
  responder.Send(JsonReply(200, "{\"OK\":true}", ""));
  return true;
}

namespace {

// Copies `from` to `to` under a temporary name then renames it: a concurrent reader (another
// server on the same cache directory) sees all of the file or nothing.
// Returns "" on success, else the reason (errno text) for the event.
std::string CopyIntoCache(const std::string& from, const std::string& to) {
  std::string temp = to + ".tmp." + std::to_string(uv_os_getpid());
  std::error_code error;
  std::filesystem::copy_file(from, temp, std::filesystem::copy_options::overwrite_existing, error);
  if (!error) std::filesystem::rename(temp, to, error);
  if (!error) return "";
  std::string why = error.message();
  std::filesystem::remove(temp, error);
  return why;
}

}  // namespace

void Runtime::StoreInCache(const std::string& path) {
  std::string target = CachePath(init_body_);
  if (target.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(config_.cache_dir + "/runtime", error);
  std::string why = error ? error.message() : CopyIntoCache(path, target);
  if (!why.empty()) {
    LogError("cannot store the handler in the cache " + target + ": " + why);
    return;
  }
  LogInfo("stored the handler in the cache: " + target);
  SetCrashCacheFile(target);
  // Its trace beside it, so that a server started from the cache can extend it (the handler is
  // stored first: a reader that finds the trace finds the handler it belongs to).
  const std::string& trace = compiler_->adopted_trace();
  if (!trace.empty()) why = CopyIntoCache(trace, CacheTracePath(target));
  if (!why.empty()) {
    LogError("cannot store the handler's trace in the cache " + CacheTracePath(target) + ": " +
             why);
  }
}

Status Runtime::AdoptHandler(std::unique_ptr<Handler> handler, bool* top_level_aborted) {
  rapidjson::Document doc;
  std::string_view code, main;
  if (ParseJsonBody(init_body_, &doc) != BodyVerdict::kOk || !InitFields(doc, &code, &main)) {
    return Status::Error("no /init code to match handler " + handler->path() + " against");
  }
  if (handler->code_sha256() != compiler::Sha256Hex(code) || handler->entry() != main) {
    return Status::Error("handler " + handler->path() + " was built for other code (code_sha256 " +
                         handler->code_sha256() + ", entry " + handler->entry() + ")");
  }
  std::string abort_json;
  Status s = handler->NewInstance(Limits(0), &abort_json);
  if (!s.ok()) {
    // An untraced path or a failed guard may depend on the clock or Math.random at load (a
    // top-level decision): another load may pass. Any other abort (an unsupported construct)
    // comes back in every build.
    std::string reason = AbortReason(abort_json);
    if (top_level_aborted != nullptr) {
      *top_level_aborted = reason != "untraced" && reason != "guard";
    }
    if (reason == "module-state") Demote("its top-level code aborted");
    return s;
  }
  handler_ = std::move(handler);
  // The abort counts go on: only a native answer shows that a recompilation cured anything.
  speed_.ResetNative();
  metrics_.native_ready = true;
  LogInfo("native: serving /run with " + handler_->path() + " (trace " + handler_->trace_sha256() +
          ")");
  return Status::Ok();
}

void Runtime::Demote(const std::string& why) {
  if (demoted_) return;
  demoted_ = true;
  ++metrics_.demotions;
  metrics_.native_ready = false;
  // A compilation in progress would be wasted: stop it.
  if (compiler_) compiler_->Cancel([]() {});
  LogInfo("demoted to node for good: " + why);
  SetCrashCacheFile("");
  // Unload after the current activation's outcome has been copied (the caller holds none now).
  handler_.reset();
  if (!config_.cache_dir.empty()) {
    // A fresh server must not pick up a handler this one gave up on.
    std::string cached = CachePath(init_body_);
    std::error_code ignored;
    if (!cached.empty()) std::filesystem::remove(cached, ignored);
  }
  if (engine_) {
    engine_->Forward("POST", "/__containerless/trace/stop", std::string_view(), std::string(),
                     [](const Status&, ClientReply&) {});
  }
}

void Runtime::OnIdleCheck(uv_timer_t* timer) {
  auto* self = static_cast<Runtime*>(timer->data);
  if (self->handler_ == nullptr || self->demoted_ || !self->engine_->running() ||
      self->node_runs_in_flight_ > 0 || self->compiler_->running()) {
    return;
  }
  if (uv_now(self->loop_) - self->last_node_use_ <
      static_cast<uint64_t>(self->config_.engine_idle_ms)) {
    return;
  }
  // The engine's trace goes with it; a new engine's traces are merged with the loaded handler's
  // (CompileTrigger), so recompiling goes on after the restart. Without that trace it cannot.
  if (self->compiler_->adopted_trace().empty()) self->compiler_->Disable();
  self->engine_->StopIdle();
}

void Runtime::SystemError(Responder& responder, const std::string& message) {
  log_.WriteStderrLine("Internal system error: " + message);
  responder.Send(ErrorReply(403, message));
}

cl_limits Runtime::Limits(int64_t deadline_ms) const {
  cl_limits limits{};
  limits.fuel = config_.fuel;
  limits.memory_bytes = config_.memory_bytes;
  limits.deadline_ms = deadline_ms;
  return limits;
}

void Runtime::HandleInitNative(Request& request, Responder responder) {
  if (initialized_) {
    SystemError(responder, "Cannot initialize the action more than once.");
    return;
  }
  if (init_failed_) {
    SystemError(responder, "System not ready, status is stopped.");
    return;
  }
  rapidjson::Document doc;
  BodyVerdict verdict = ParseJsonBody(request.body, &doc);
  if (verdict == BodyVerdict::kBadJson) {
    responder.Send(BadRequestReply());
    return;
  }
  std::string_view code, main;
  if (verdict != BodyVerdict::kOk || !InitFields(doc, &code, &main)) {
    responder.Send(ErrorReply(403, "Missing main/no code to execute."));
    return;
  }
  ApplyInitTimeZone(request.body);
  std::string failure;
  if (handler_->code_sha256() != compiler::Sha256Hex(code) || handler_->entry() != main) {
    failure = "the precompiled handler " + handler_->path() +
              " was built for other code (code_sha256 " + handler_->code_sha256() + ", entry " +
              handler_->entry() + ")";
  } else {
    std::string abort_json;
    Status s = handler_->NewInstance(Limits(0), &abort_json);
    if (!s.ok()) failure = "the action's top-level code cannot run natively: " + abort_json;
  }
  if (!failure.empty()) {
    LogError("/init failed: " + failure);
    init_failed_ = true;
    log_.WriteStderrLine("Error during initialization: " + failure);
    log_.WriteSentinels();
    responder.Send(ErrorReply(502, "Initialization has failed due to: " + failure));
    return;
  }
  initialized_ = true;
  metrics_.native_ready = true;
  responder.Send(JsonReply(200, "{\"OK\":true}", ""));
}

void Runtime::HandleRunNative(Request& request, Responder responder) {
  if (!initialized_) {
    Reply reply;
    log_.WriteStderrLine("Internal system error: System not initialized.");
    reply = ErrorReply(403, "System not initialized.");
    reply.headers += kEngineNative;
    responder.Send(std::move(reply));
    return;
  }
  if (!config_.allow_concurrent && native_runs_in_flight_ > 0) {
    RunningRefusal(responder);
    return;
  }
  BodyVerdict verdict = run_body_.Parse(request.body);
  if (verdict == BodyVerdict::kBadJson) {
    Reply reply = BadRequestReply();
    reply.headers += kEngineNative;
    responder.Send(std::move(reply));
    return;
  }
  if (verdict == BodyVerdict::kNotObject) {
    std::string message = std::string("Internal system error: the argument must be a dictionary ") +
                          "but has type '" + run_body_.value_type() + "'.";
    log_.WriteStderrLine("Internal system error: " + message);
    Reply reply = ErrorReply(403, message);
    reply.headers += kEngineNative;
    responder.Send(std::move(reply));
    return;
  }
  if (verdict == BodyVerdict::kNotExact) {
    // Only Node.js reads this body exactly; another container can run it there.
    Reply reply = ErrorReply(503,
                             "This activation needs the Node.js engine, which this "
                             "native-only runtime does not have.");
    reply.headers += kEngineNative;
    responder.Send(std::move(reply));
    return;
  }
  RunNative(request, responder);
}

void Runtime::Stop(std::function<void()> done) {
  if (!engine_) {
    done();
    return;
  }
  // Both children must be gone (and reaped) before `done`.
  auto remaining = std::make_shared<int>(2);
  auto one_done = [remaining, done]() {
    if (--*remaining == 0) done();
  };
  compiler_->Cancel(one_done);
  engine_->Stop(one_done);
}

}  // namespace containerless::runtime

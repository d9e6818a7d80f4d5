// Fetches the trace, skips what is not compilable, runs containerless-compile off the request path.
#include "compile_trigger.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "child_exec.h"
#include "event_log.h"

namespace containerless::runtime {
namespace {
// containerless-compile's exit status for "valid trace, but the action must stay in Node.js".
constexpr int64_t kExitStaysInNode = 4;
}  // namespace

CompileTrigger::CompileTrigger(uv_loop_t* loop, const Config& config, NodeEngine* engine,
                               std::string work_dir, Metrics* metrics, Built built)
    : loop_(loop),
      config_(config),
      engine_(engine),
      work_dir_(std::move(work_dir)),
      metrics_(metrics),
      built_(std::move(built)) {
  process_.data = this;
}

void CompileTrigger::OnTracedActivation() {
  if (disabled_ || config_.compile_after <= 0) return;
  ++since_last_;
  if (running_ || since_last_ < batch()) return;
  since_last_ = 0;
  Begin();
}

int64_t CompileTrigger::batch() const {
  // Capped: a shift past 2^30 activations means never again anyway.
  return static_cast<int64_t>(config_.compile_after) << std::min(failures_, 30);
}

void CompileTrigger::Failed(const std::string& outcome) {
  if (disabled_) return;
  failures_ = outcome == failure_outcome_ ? failures_ + 1 : 1;
  failure_outcome_ = outcome;
  if (failures_ >= kMaxFailures) {
    // The same failure again and again, on a trace that grew each time: a compiler bug or a
    // construct it refuses, not a passing condition (finding h13 "seen but not filed").
    disabled_ = true;
    LogInfo("no more compilations: " + std::to_string(failures_) +
            " in a row failed the same way (" + outcome + ")");
    return;
  }
  LogInfo("next compilation after " + std::to_string(batch()) + " traced activations (" +
          std::to_string(failures_) + " failed in a row: " + outcome + ")");
}

void CompileTrigger::Begin() {
  // A compiler that cannot be executed fails every batch the same way: say why once, and stop.
  std::string resolved;
  Status found = FindExecutable(config_.compiler, getenv("PATH"), &resolved);
  if (!found.ok()) {
    LogError("cannot execute the compiler " + config_.compiler + ": " + found.message() +
             "; no more compilations");
    ++metrics_->compilations_failed;
    disabled_ = true;
    return;
  }
  running_ = true;
  started_at_ = uv_now(loop_);
  engine_->Forward("GET", "/__containerless/trace", std::string_view(), std::string(),
                   [this](const Status& status, ClientReply& reply) { OnTrace(status, reply); });
}

void CompileTrigger::OnTrace(const Status& status, ClientReply& reply) {
  if (disabled_) {
    // Cancelled (the runtime is stopping) or demoted while the trace was on its way: starting a
    // compiler now would outlive Cancel and write into a private directory being removed.
    running_ = false;
    return;
  }
  if (status.ok() && reply.status == 404) {
    // The engine traces nothing for this action, and never will (an archive, code too large to
    // instrument or that could not be, a failed load: proxy/trace/tracing.js): asking again
    // after every batch would only repeat this (finding H13-7).
    LogInfo("no trace from the node engine (" + reply.body + "); no more compilations");
    disabled_ = true;
    running_ = false;
    return;
  }
  if (!status.ok() || reply.status != 200) {
    // Not a compilation: the engine did not answer (a restart, a crash). Try again after the next
    // batch.
    LogError("no trace from the node engine: " +
             (status.ok() ? "status " + std::to_string(reply.status) + " " + reply.body
                          : status.message()));
    running_ = false;
    return;
  }
  rapidjson::Document doc;
  // Iterative: a trace nested deeper than the stack allows must not crash the runtime.
  doc.Parse<rapidjson::kParseIterativeFlag>(reply.body.data(), reply.body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    LogError("the node engine's trace is not a JSON object; not compiling");
    ++metrics_->compilations_failed;
    running_ = false;
    Failed("the trace is not a JSON object");
    return;
  }
  auto compilable = doc.FindMember("compilable");
  if (compilable != doc.MemberEnd() && compilable->value.IsBool() && !compilable->value.GetBool()) {
    auto why = doc.FindMember("not_compilable_because");
    LogInfo(std::string("trace is not compilable, staying in node: ") +
            (why != doc.MemberEnd() && why->value.IsString() ? why->value.GetString() : "?"));
    disabled_ = true;
    running_ = false;
    return;
  }
  trace_engine_starts_ = engine_->starts();
  ++generation_;
  trace_path_ = work_dir_ + "/trace-" + std::to_string(generation_) + ".json";
  output_path_ = work_dir_ + "/handler-" + std::to_string(generation_) + ".so";
  FILE* f = fopen(trace_path_.c_str(), "wb");
  bool written =
      f != nullptr && fwrite(reply.body.data(), 1, reply.body.size(), f) == reply.body.size();
  if (f != nullptr && fclose(f) != 0) written = false;
  if (!written) {
    LogError("cannot write the trace to " + trace_path_);
    ++metrics_->compilations_failed;
    unlink(trace_path_.c_str());
    running_ = false;
    Failed("the trace cannot be written");
    return;
  }

  trace_out_path_ = work_dir_ + "/compiled-trace-" + std::to_string(generation_) + ".json";
  std::vector<std::string> args = {config_.compiler, trace_path_,   "-o",
                                   output_path_,     "--trace-out", trace_out_path_};
  // A Node engine that restarted began its trace afresh: it holds only the paths taken since.
  // The loaded handler's trace becomes this engine's history, merged into each of its traces, so
  // that a new handler never covers less than the loaded one.
  if (!adopted_trace_.empty() && adopted_starts_ != trace_engine_starts_ &&
      history_for_ != trace_engine_starts_) {
    std::string history = work_dir_ + "/history-" + std::to_string(trace_engine_starts_) + ".json";
    std::error_code error;
    std::filesystem::copy_file(adopted_trace_, history,
                               std::filesystem::copy_options::overwrite_existing, error);
    if (!error) {
      if (!history_trace_.empty()) unlink(history_trace_.c_str());
      history_trace_ = history;
      history_for_ = trace_engine_starts_;
    }
  }
  merged_ = !history_trace_.empty() && history_for_ == trace_engine_starts_;
  if (merged_) {
    args.push_back("--merge-with");
    args.push_back(history_trace_);
  }
  args = WithParentDeathSignal(std::move(args));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The compiler's output is ours, not the action's: it goes to the event log (or nowhere).
  int log_fd = EventLog::OutputFd();
  uv_stdio_container_t stdio[3];
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = log_fd >= 0 ? UV_INHERIT_FD : UV_IGNORE;
  stdio[1].data.fd = log_fd;
  stdio[2].flags = stdio[1].flags;
  stdio[2].data.fd = log_fd;
  // The compiler's temporary files go under our private directory, removed when the runtime
  // stops: a compiler killed at shutdown cannot clean up after itself.
  std::string tmp_dir = work_dir_ + "/compiler-tmp";
  mkdir(tmp_dir.c_str(), 0700);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (strncmp(*e, "TMPDIR=", 7) != 0) env_strings.emplace_back(*e);
  }
  env_strings.push_back("TMPDIR=" + tmp_dir);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  uv_process_options_t options{};
  options.file = argv[0];
  options.args = argv.data();
  options.env = envp.data();
  options.exit_cb = OnCompilerExit;
  options.stdio_count = 3;
  options.stdio = stdio;
  // Its own process group: the compiler runs rustc and others, and stopping it must stop them all.
  options.flags = UV_PROCESS_DETACHED;
  int rc = uv_spawn(loop_, &process_, &options);
  if (rc != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&process_), nullptr);
    LogError("cannot run the compiler " + config_.compiler + ": " + uv_strerror(rc));
    ++metrics_->compilations_failed;
    unlink(trace_path_.c_str());
    running_ = false;
    Failed(std::string("cannot run the compiler: ") + uv_strerror(rc));
    return;
  }
  process_alive_ = true;
  // Low priority: the compiler must not slow down the activations being served meanwhile.
  int prc = uv_os_setpriority(process_.pid, config_.compiler_nice);
  (void)prc;  // best effort: a compiler at normal priority is still correct
  LogInfo("compiling " + trace_path_ + (merged_ ? " merged with " + history_trace_ : "") +
          " (pid " + std::to_string(process_.pid) + ")");
}

void CompileTrigger::OnCompilerExit(uv_process_t* process, int64_t exit_status, int term_signal) {
  auto* self = static_cast<CompileTrigger*>(process->data);
  self->process_alive_ = false;
  uv_close(reinterpret_cast<uv_handle_t*>(process), nullptr);
  unlink(self->trace_path_.c_str());
  self->running_ = false;
  if (self->cancelled_) {
    auto done = std::move(self->cancelled_);
    self->cancelled_ = nullptr;
    unlink(self->output_path_.c_str());
    done();
    return;
  }
  uint64_t ms = uv_now(self->loop_) - self->started_at_;
  if (exit_status == 0 && term_signal == 0 && access(self->output_path_.c_str(), R_OK) == 0) {
    ++self->metrics_->compilations_ok;
    LogInfo("compiled " + self->output_path_ + " in " + std::to_string(ms) + " ms");
    bool covers_loaded = self->adopted_starts_ == self->trace_engine_starts_ || self->merged_;
    if (!self->disabled_) {
      self->built_(self->output_path_, self->trace_engine_starts_, covers_loaded);
    }
    // Not adopted (HandlerAdopted took it otherwise): no longer needed.
    if (!self->trace_out_path_.empty()) unlink(self->trace_out_path_.c_str());
    self->trace_out_path_.clear();
    return;
  }
  unlink(self->trace_out_path_.c_str());
  self->trace_out_path_.clear();
  ++self->metrics_->compilations_failed;
  if (exit_status == kExitStaysInNode) {
    // The compiler found what the trace's own flag did not say: no use trying again.
    self->disabled_ = true;
    LogInfo("the compiler says the action must stay in node; no more compilations");
  }
  if (exit_status == kExecFailedStatus && term_signal == 0) {
    // The trampoline's exec failed (the file went after Begin looked): it would fail again.
    self->disabled_ = true;
    LogError("cannot execute the compiler " + self->config_.compiler +
             " (exit status 127); no more compilations");
  }
  LogError("compilation failed: exit status " + std::to_string(exit_status) + ", signal " +
           std::to_string(term_signal) + " after " + std::to_string(ms) + " ms");
  unlink(self->output_path_.c_str());
  self->Failed("exit status " + std::to_string(exit_status) + ", signal " +
               std::to_string(term_signal));
}

void CompileTrigger::HandlerAdopted() {
  failures_ = 0;
  failure_outcome_.clear();
  // A compiler that does not write --trace-out (an older one) leaves no trace to merge with.
  if (trace_out_path_.empty() || access(trace_out_path_.c_str(), R_OK) != 0) return;
  std::string kept = work_dir_ + "/adopted-trace-" + std::to_string(generation_) + ".json";
  if (rename(trace_out_path_.c_str(), kept.c_str()) != 0) return;
  if (!adopted_trace_.empty()) unlink(adopted_trace_.c_str());
  adopted_trace_ = kept;
  adopted_starts_ = trace_engine_starts_;
  trace_out_path_.clear();
}

void CompileTrigger::AdoptCachedTrace(const std::string& trace_path) {
  std::string kept = work_dir_ + "/adopted-trace-cache.json";
  std::error_code error;
  std::filesystem::copy_file(trace_path, kept, std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) return;
  adopted_trace_ = kept;
  adopted_starts_ = engine_->starts();
}

void CompileTrigger::Cancel(std::function<void()> done) {
  disabled_ = true;
  if (!process_alive_) {
    done();
    return;
  }
  if (cancelled_) {
    done = [first = std::move(cancelled_), second = std::move(done)]() {
      first();
      second();
    };
  }
  cancelled_ = std::move(done);
  // The whole group: the compiler's own children (rustc, a shell's commands) too.
  if (kill(-process_.pid, SIGKILL) != 0) uv_process_kill(&process_, SIGKILL);
}

}  // namespace containerless::runtime

// CPU benchmark timing host: runs a compiled handler through the C ABI and times its activations.
//
// Usage: time_handler HANDLER.so INPUTS.jsonl BODIES_OUT [WARMUP_SECONDS] [MEASURE_SECONDS]
//
// It does what the native runtime does for a warm container (one instance, one activation per
// /run body, stepped through ABI version 2 until done), without the HTTP front: first one
// verification pass over the inputs, whose reply bodies (or "ABORT <record>") go to BODIES_OUT one
// per line for the driver to compare with Node.js; then warm-up for WARMUP_SECONDS; then
// activations round robin over the inputs until MEASURE_SECONDS have passed (whole passes only, so
// every input weighs the same). Prints one JSON line:
// {"activations":N,"ns_per_activation":X,"cpu_ns_per_activation":C,"aborts":K} (C: the process's
// CPU time over the same window). An aborted activation is counted, never
// hidden: the driver reports it, since Node.js would have had to run it again. The CPU-bound
// actions make no host calls; an activation that asks for one stops the run.
#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <time.h>

#include "handler_abi.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string Text(const cl_bytes& b) {
  return b.ptr ? std::string(reinterpret_cast<const char*>(b.ptr), b.len) : std::string();
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of this process (all threads), in seconds: less sensitive than wall time to the
// other work of a shared machine, which only delays this process without adding to it.
double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// One activation; returns whether it answered (body in *body when body is not null).
bool RunOnce(const cl_handler_v2* h, void* instance, const std::string& input,
             const cl_limits* limits, std::string* body) {
  cl_outcome out{};
  void* act = h->activation_new(instance, reinterpret_cast<const uint8_t*>(input.data()),
                                input.size(), limits);
  cl_bytes call{nullptr, 0};
  if (h->step(act, &call, &out) != CL_STEP_DONE) {
    std::fprintf(stderr, "time_handler: the action made a host call: %s\n", Text(call).c_str());
    std::exit(5);
  }
  h->activation_free(act);
  bool answered = out.status == CL_STATUS_ANSWERED;
  if (body) *body = answered ? Text(out.body) : "ABORT " + Text(out.abort);
  h->outcome_free(&out);
  return answered;
}

int Main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: time_handler HANDLER.so INPUTS.jsonl BODIES_OUT [WARMUP_S] [MEASURE_S]\n");
    return 2;
  }
  std::string so = argv[1];
  if (so.find('/') == std::string::npos) so = "./" + so;
  double warmup_s = argc > 4 ? std::atof(argv[4]) : 0.5;
  double measure_s = argc > 5 ? std::atof(argv[5]) : 1.0;

  std::vector<std::string> inputs;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) inputs.push_back(line);
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "time_handler: no inputs in %s\n", argv[2]);
    return 2;
  }

  void* lib = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    std::fprintf(stderr, "time_handler: dlopen %s: %s\n", so.c_str(), dlerror());
    return 3;
  }
  using Entry = const cl_handler_v2* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(lib, CL_HANDLER_ENTRY_SYMBOL));
  if (!entry || entry()->abi_version != CL_HANDLER_ABI_VERSION) {
    std::fprintf(stderr, "time_handler: %s has no %s of ABI version %u\n", so.c_str(),
                 CL_HANDLER_ENTRY_SYMBOL, static_cast<unsigned>(CL_HANDLER_ABI_VERSION));
    return 3;
  }
  const cl_handler_v2* h = entry();
  cl_limits limits{0, 0, 0};
  cl_bytes init_abort{nullptr, 0};
  void* instance = h->instance_new(&limits, &init_abort);
  if (!instance) {
    std::fprintf(stderr, "time_handler: init aborted: %s\n", Text(init_abort).c_str());
    h->bytes_free(&init_abort);
    return 4;
  }

  std::ofstream bodies(argv[3]);
  for (const std::string& input : inputs) {
    std::string body;
    RunOnce(h, instance, input, &limits, &body);
    bodies << body << '\n';
  }
  bodies.close();

  Clock::time_point start = Clock::now();
  while (Seconds(start) < warmup_s) {
    for (const std::string& input : inputs) RunOnce(h, instance, input, &limits, nullptr);
  }

  int64_t activations = 0;
  int64_t aborts = 0;
  start = Clock::now();
  double cpu_start = CpuSeconds();
  double elapsed = 0;
  do {
    for (const std::string& input : inputs) {
      if (!RunOnce(h, instance, input, &limits, nullptr)) ++aborts;
      ++activations;
    }
    elapsed = Seconds(start);
  } while (elapsed < measure_s);

  double cpu = CpuSeconds() - cpu_start;
  std::printf(
      "{\"activations\":%lld,\"ns_per_activation\":%.1f,\"cpu_ns_per_activation\":%.1f,"
      "\"aborts\":%lld}\n",
      static_cast<long long>(activations), elapsed * 1e9 / activations, cpu * 1e9 / activations,
      static_cast<long long>(aborts));
  h->instance_free(instance);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return Main(argc, argv);
}

// The runtime's counters and their Prometheus text exposition (GET /metrics).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace containerless::runtime {

// The abort reasons of docs/handler-abi.md, section 3, and "other" for anything else.
inline constexpr std::array<const char*, 10> kAbortReasons = {
    "untraced", "unsupported", "guard",        "throw", "fuel",
    "memory",   "deadline",    "module-state", "panic", "other"};

struct Metrics {
  uint64_t activations_native = 0;  // /run answered by a handler
  uint64_t activations_node = 0;    // /run answered by the Node engine (fallbacks included)
  uint64_t fallbacks = 0;           // native attempts that aborted and were re-run in Node.js
  uint64_t native_aborts = 0;       // native attempts that aborted (re-run in Node.js, or 503)
  uint64_t compilations_ok = 0;
  uint64_t compilations_failed = 0;
  uint64_t cache_hits = 0;     // /init answered with a cached handler, without Node.js
  uint64_t demotions = 0;      // times the action went back to Node.js for good
  uint64_t engine_starts = 0;  // Node engine processes started
  bool native_ready = false;   // a handler is loaded and serving
  std::array<uint64_t, kAbortReasons.size()> aborts_by_reason{};

  // Counts one native abort of `reason` (in native_aborts and by reason).
  void CountAbort(std::string_view reason);

  // Appends the exposition text (version 0.0.4) to *out.
  void Render(std::string* out) const;
};

inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace containerless::runtime

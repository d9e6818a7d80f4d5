// Renders Metrics as Prometheus text: HELP and TYPE lines, then one sample per series.
#include "metrics.h"

#include <cinttypes>
#include <cstdio>

namespace containerless::runtime {
namespace {

void Family(std::string* out, const char* name, const char* type, const char* help) {
  *out += "# HELP ";
  *out += name;
  *out += ' ';
  *out += help;
  *out += "\n# TYPE ";
  *out += name;
  *out += ' ';
  *out += type;
  *out += '\n';
}

void Sample(std::string* out, const char* series, uint64_t value) {
  char line[160];
  int n = snprintf(line, sizeof line, "%s %" PRIu64 "\n", series, value);
  out->append(line, static_cast<size_t>(n));
}

}  // namespace

void Metrics::CountAbort(std::string_view reason) {
  ++native_aborts;
  size_t i = 0;
  while (i + 1 < kAbortReasons.size() && reason != kAbortReasons[i]) ++i;
  ++aborts_by_reason[i];
}

void Metrics::Render(std::string* out) const {
  Family(out, "containerless_activations_total", "counter",
         "Activations (/run) answered, by the engine that answered.");
  Sample(out, "containerless_activations_total{engine=\"native\"}", activations_native);
  Sample(out, "containerless_activations_total{engine=\"node\"}", activations_node);
  Family(out, "containerless_fallbacks_total", "counter",
         "Native activations that aborted and were re-executed in the Node engine.");
  Sample(out, "containerless_fallbacks_total", fallbacks);
  Family(out, "containerless_native_aborts_total", "counter",
         "Native activations that aborted (re-executed in Node.js, or answered 503 without it).");
  Sample(out, "containerless_native_aborts_total", native_aborts);
  Family(out, "containerless_native_aborts_by_reason_total", "counter",
         "Native aborts by the reason of their abort record.");
  for (size_t i = 0; i < kAbortReasons.size(); ++i) {
    std::string series = "containerless_native_aborts_by_reason_total{reason=\"";
    series += kAbortReasons[i];
    series += "\"}";
    Sample(out, series.c_str(), aborts_by_reason[i]);
  }
  Family(out, "containerless_compilations_total", "counter", "Handler compilations, by result.");
  Sample(out, "containerless_compilations_total{result=\"ok\"}", compilations_ok);
  Sample(out, "containerless_compilations_total{result=\"failed\"}", compilations_failed);
  Family(out, "containerless_cache_hits_total", "counter",
         "/init answered natively from the handler cache (CONTAINERLESS_CACHE_DIR).");
  Sample(out, "containerless_cache_hits_total", cache_hits);
  Family(out, "containerless_demotions_total", "counter",
         "Times the action went back to Node.js for good.");
  Sample(out, "containerless_demotions_total", demotions);
  Family(out, "containerless_node_engine_starts_total", "counter",
         "Node engine processes started.");
  Sample(out, "containerless_node_engine_starts_total", engine_starts);
  Family(out, "containerless_native_ready", "gauge", "1 while a compiled handler serves /run.");
  Sample(out, "containerless_native_ready", native_ready ? 1 : 0);
}

}  // namespace containerless::runtime

// The speed guard: compares native and Node.js activation times on live traffic ("never slower").
#pragma once

#include <cstdint>
#include <string>

namespace containerless::runtime {

// Keeps an exponentially weighted mean of each engine's activation time. Node.js samples come
// from the activations it answers (tracing, fallbacks), native ones from the handler's answers.
class SpeedGuard {
 public:
  // `min_native_samples`: how many native answers before judging; 0 disables the guard.
  explicit SpeedGuard(int min_native_samples) : min_native_samples_(min_native_samples) {}

  void AddNative(uint64_t nanoseconds) { Add(&native_, &native_samples_, nanoseconds); }
  void AddNode(uint64_t nanoseconds) { Add(&node_, &node_samples_, nanoseconds); }
  // Forget the native samples (a new handler is measured afresh).
  void ResetNative() {
    native_ = 0;
    native_samples_ = 0;
  }

  // True once enough samples say the native handler is slower than the Node engine.
  bool NativeSlower() const {
    return min_native_samples_ > 0 && native_samples_ >= min_native_samples_ && node_samples_ > 0 &&
           native_ > node_;
  }
  // "native 1.2 ms vs node 0.8 ms", for the event log.
  std::string Describe() const;

 private:
  static void Add(double* mean, int* samples, uint64_t nanoseconds) {
    // A weight of 1/8: recent enough to follow a change, smooth enough to ignore one slow call.
    double sample = static_cast<double>(nanoseconds);
    *mean = *samples == 0 ? sample : *mean + (sample - *mean) / 8.0;
    if (*samples < 1 << 30) ++*samples;
  }

  int min_native_samples_;
  double native_ = 0;
  double node_ = 0;
  int native_samples_ = 0;
  int node_samples_ = 0;
};

}  // namespace containerless::runtime

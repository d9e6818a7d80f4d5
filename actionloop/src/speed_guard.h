// The speed guard: compares native and Node.js activation times on live traffic ("never slower").
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace containerless::runtime {

// Keeps the last kWindow activation times of each engine and compares their medians. Node.js
// samples come from the activations it answers (tracing, fallbacks), native ones from the
// handler's answers. Medians, not means: on a shared core one native call preempted for 20 ms
// pulled a moving average of 10 us calls past Node's 1.5 ms and demoted a fast handler for good.
class SpeedGuard {
 public:
  static constexpr int kWindow = 32;

  // `min_native_samples`: how many native answers before judging; 0 disables the guard.
  explicit SpeedGuard(int min_native_samples) : min_native_samples_(min_native_samples) {}

  void AddNative(uint64_t nanoseconds) { native_.Add(nanoseconds); }
  void AddNode(uint64_t nanoseconds) { node_.Add(nanoseconds); }
  // Forget the native samples (a new handler is measured afresh).
  void ResetNative() { native_ = Window(); }

  // True once enough samples say the native handler is slower than the Node engine.
  bool NativeSlower() const {
    return min_native_samples_ > 0 && native_.count >= min_native_samples_ && node_.count > 0 &&
           native_.Median() > node_.Median();
  }
  // "native 1.200 ms (40 samples) vs node 0.800 ms (12 samples)": medians, for the event log.
  std::string Describe() const;

 private:
  struct Window {
    std::array<double, kWindow> samples{};
    int count = 0;  // samples seen, saturating; the window holds min(count, kWindow)
    void Add(uint64_t nanoseconds) {
      samples[count % kWindow] = static_cast<double>(nanoseconds);
      if (count < (1 << 30)) ++count;
    }
    double Median() const;
  };

  int min_native_samples_;
  Window native_;
  Window node_;
};

}  // namespace containerless::runtime

// SpeedGuard's medians and its description for the event log.
#include "speed_guard.h"

#include <algorithm>
#include <cstdio>

namespace containerless::runtime {

double SpeedGuard::Window::Median() const {
  int n = std::min(count, kWindow);
  if (n == 0) return 0;
  std::array<double, kWindow> sorted = samples;
  std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.begin() + n);
  return sorted[n / 2];
}

std::string SpeedGuard::Describe() const {
  char text[128];
  snprintf(text, sizeof text, "native %.3f ms (%d samples) vs node %.3f ms (%d samples)",
           native_.Median() / 1e6, native_.count, node_.Median() / 1e6, node_.count);
  return text;
}

}  // namespace containerless::runtime

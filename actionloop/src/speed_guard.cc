// SpeedGuard's description for the event log.
#include "speed_guard.h"

#include <cstdio>

namespace containerless::runtime {

std::string SpeedGuard::Describe() const {
  char text[128];
  snprintf(text, sizeof text, "native %.3f ms (%d samples) vs node %.3f ms (%d samples)",
           native_ / 1e6, native_samples_, node_ / 1e6, node_samples_);
  return text;
}

}  // namespace containerless::runtime

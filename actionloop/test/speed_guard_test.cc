// Unit tests of SpeedGuard: judges only with enough samples, follows the means.
#include "speed_guard.h"

#include <gtest/gtest.h>

namespace containerless::runtime {
namespace {

TEST(SpeedGuard, JudgesOnlyWithEnoughSamples) {
  SpeedGuard g(3);
  g.AddNode(1000);
  g.AddNative(5000);
  g.AddNative(5000);
  EXPECT_FALSE(g.NativeSlower());
  g.AddNative(5000);
  EXPECT_TRUE(g.NativeSlower());
  g.ResetNative();
  EXPECT_FALSE(g.NativeSlower());
}

TEST(SpeedGuard, FasterNativeStays) {
  SpeedGuard g(2);
  for (int i = 0; i < 10; ++i) {
    g.AddNode(800000);
    g.AddNative(20000);
  }
  EXPECT_FALSE(g.NativeSlower());
  EXPECT_NE(g.Describe().find("native 0.020 ms (10 samples) vs node 0.800 ms"), std::string::npos)
      << g.Describe();
}

TEST(SpeedGuard, ZeroDisables) {
  SpeedGuard g(0);
  g.AddNode(1);
  for (int i = 0; i < 100; ++i) g.AddNative(1000000);
  EXPECT_FALSE(g.NativeSlower());
}

}  // namespace
}  // namespace containerless::runtime

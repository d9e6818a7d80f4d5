// Unit tests of SpeedGuard: judges only with enough samples, compares medians, ignores outliers.
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

TEST(SpeedGuard, OnePreemptedCallDoesNotDemote) {
  // 10 us native calls, 1.5 ms Node.js ones, and one native call stalled for 20 ms on a busy core.
  SpeedGuard g(3);
  for (int i = 0; i < 7; ++i) g.AddNode(1500000);
  for (int i = 0; i < 100; ++i) g.AddNative(10000);
  g.AddNative(20000000);
  EXPECT_FALSE(g.NativeSlower()) << g.Describe();
  g.AddNative(20000000);  // still a minority of the window
  EXPECT_FALSE(g.NativeSlower()) << g.Describe();
}

TEST(SpeedGuard, SustainedSlownessDemotes) {
  SpeedGuard g(3);
  for (int i = 0; i < 5; ++i) g.AddNode(1000000);
  for (int i = 0; i < 40; ++i) g.AddNative(10000);
  EXPECT_FALSE(g.NativeSlower());
  // The window is the last 32 calls: once half of them are slow, the (upper) median says so.
  for (int i = 0; i < 15; ++i) g.AddNative(3000000);
  EXPECT_FALSE(g.NativeSlower()) << g.Describe();
  g.AddNative(3000000);
  EXPECT_TRUE(g.NativeSlower()) << g.Describe();
}

TEST(SpeedGuard, ZeroDisables) {
  SpeedGuard g(0);
  g.AddNode(1);
  for (int i = 0; i < 100; ++i) g.AddNative(1000000);
  EXPECT_FALSE(g.NativeSlower());
}

}  // namespace
}  // namespace containerless::runtime

// Unit tests of the Prometheus text of Metrics.
#include "metrics.h"

#include <gtest/gtest.h>

namespace containerless::runtime {
namespace {

TEST(Metrics, RendersEverySeriesWithItsValue) {
  Metrics m;
  m.activations_native = 7;
  m.activations_node = 3;
  m.fallbacks = 2;
  m.native_aborts = 5;
  m.compilations_ok = 1;
  m.compilations_failed = 4;
  m.native_ready = true;
  std::string text;
  m.Render(&text);
  for (const char* line :
       {"containerless_activations_total{engine=\"native\"} 7\n",
        "containerless_activations_total{engine=\"node\"} 3\n", "containerless_fallbacks_total 2\n",
        "containerless_native_aborts_total 5\n",
        "containerless_compilations_total{result=\"ok\"} 1\n",
        "containerless_compilations_total{result=\"failed\"} 4\n", "containerless_native_ready 1\n",
        "# TYPE containerless_native_ready gauge\n",
        "# TYPE containerless_activations_total counter\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

TEST(Metrics, CountsAbortsByReason) {
  Metrics m;
  m.CountAbort("untraced");
  m.CountAbort("untraced");
  m.CountAbort("module-state");
  m.CountAbort("something new");
  std::string text;
  m.Render(&text);
  EXPECT_EQ(m.native_aborts, 4u);
  for (const char* line :
       {"containerless_native_aborts_by_reason_total{reason=\"untraced\"} 2\n",
        "containerless_native_aborts_by_reason_total{reason=\"module-state\"} 1\n",
        "containerless_native_aborts_by_reason_total{reason=\"other\"} 1\n",
        "containerless_native_aborts_by_reason_total{reason=\"panic\"} 0\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
}

TEST(Metrics, EveryLineIsACommentOrASample) {
  Metrics m;
  std::string text;
  m.Render(&text);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    if (line[0] != '#') {
      size_t space = line.rfind(' ');
      ASSERT_NE(space, std::string::npos) << line;
      EXPECT_EQ(line.substr(0, 14), "containerless_") << line;
      EXPECT_EQ(line.substr(space + 1), "0") << line;
    }
    start = end + 1;
  }
  EXPECT_NE(text.find("containerless_native_ready 0\n"), std::string::npos);
}

}  // namespace
}  // namespace containerless::runtime

// Unit tests of ActivationLog: log lines, then exactly one sentinel per stream.
#include "activation_log.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace containerless::runtime {
namespace {

TEST(ActivationLog, WritesLinesThenOneSentinelPerStream) {
  FILE* out = tmpfile();
  FILE* err = tmpfile();
  ActivationLog log(fileno(out), fileno(err));
  EXPECT_TRUE(
      log.WriteActivation("[[\"stdout\",\"a\"],[\"stderr\",\"b\\nc\"],[\"stdout\",\"d\"]]"));
  EXPECT_FALSE(log.WriteActivation("{}"));
  auto read = [](FILE* f) {
    std::string text;
    rewind(f);
    char buffer[256];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
    return text;
  };
  std::string s(kSentinel);
  EXPECT_EQ(read(out), "a\nd\n" + s + s);
  EXPECT_EQ(read(err), "b\nc\n" + s + s);
  fclose(out);
  fclose(err);
}

}  // namespace
}  // namespace containerless::runtime

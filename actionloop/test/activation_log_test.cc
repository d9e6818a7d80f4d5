// Unit tests of ActivationLog: log lines, then exactly one sentinel per stream.
#include "activation_log.h"

#include <gtest/gtest.h>

#include <unistd.h>

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

std::string ReadAll(FILE* f) {
  std::string text;
  rewind(f);
  char buffer[256];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  return text;
}

TEST(ActivationLog, DeferredModeWritesOncePerFlushInOrder) {
  FILE* out = tmpfile();
  FILE* err = tmpfile();
  int notified = 0;
  ActivationLog::SetDeferred(true, [&notified]() { ++notified; });
  ActivationLog a(fileno(out), fileno(err));
  ActivationLog b(fileno(out), fileno(err));
  EXPECT_TRUE(a.WriteActivation("[[\"stdout\",\"one\"]]"));
  EXPECT_TRUE(b.WriteActivation("[]"));
  b.WriteStderrLine("Internal system error: x");
  EXPECT_EQ(ReadAll(out), "");  // nothing written before the flush
  EXPECT_EQ(notified, 1);       // once per batch, when output starts waiting
  ActivationLog::FlushDeferred();
  std::string s(kSentinel);
  EXPECT_EQ(ReadAll(out), "one\n" + s + s);
  EXPECT_EQ(ReadAll(err), s + s + "Internal system error: x\n");
  a.WriteSentinels();
  EXPECT_EQ(notified, 2);
  ActivationLog::SetDeferred(false);  // flushes what is left
  EXPECT_EQ(ReadAll(out), "one\n" + s + s + s);
  b.WriteSentinels();  // written at once again
  EXPECT_EQ(ReadAll(err), s + s + "Internal system error: x\n" + s + s);
  fclose(out);
  fclose(err);
}

// stdout and stderr on one file (2>&1): the lines keep the order the action logged them in, as
// Node.js writes them, then the sentinels, stdout's first; deferred or not.
TEST(ActivationLog, OneFileForBothStreamsKeepsTheActionsOrder) {
  std::string s(kSentinel);
  for (bool deferred : {false, true}) {
    FILE* file = tmpfile();
    int err_fd = dup(fileno(file));
    ActivationLog::SetDeferred(deferred);
    ActivationLog log(fileno(file), err_fd);
    EXPECT_TRUE(log.WriteActivation(
        "[[\"stdout\",\"a\"],[\"stderr\",\"b\"],[\"stdout\",\"c\"],[\"stderr\",\"d\"]]"));
    log.WriteStderrLine("Internal system error: x");
    log.WriteSentinels();
    ActivationLog::SetDeferred(false);
    EXPECT_EQ(ReadAll(file), "a\nb\nc\nd\n" + s + s + "Internal system error: x\n" + s + s)
        << (deferred ? "deferred" : "at once");
    close(err_fd);
    fclose(file);
  }
  // Two files: each stream its own lines, as before.
  FILE* out = tmpfile();
  FILE* err = tmpfile();
  ActivationLog two(fileno(out), fileno(err));
  EXPECT_TRUE(two.WriteActivation("[[\"stdout\",\"a\"],[\"stderr\",\"b\"],[\"stdout\",\"c\"]]"));
  EXPECT_EQ(ReadAll(out), "a\nc\n" + s);
  EXPECT_EQ(ReadAll(err), "b\n" + s);
  fclose(out);
  fclose(err);
}

TEST(ActivationLog, EmptyLogsNeedNoParsingAndBadShapesAreReported) {
  FILE* out = tmpfile();
  FILE* err = tmpfile();
  ActivationLog log(fileno(out), fileno(err));
  EXPECT_TRUE(log.WriteActivation(" [ ] "));
  EXPECT_TRUE(log.WriteActivation(""));
  EXPECT_FALSE(log.WriteActivation("[["));
  EXPECT_FALSE(log.WriteActivation("[[\"other\",\"x\"]]"));
  std::string s(kSentinel);
  EXPECT_EQ(ReadAll(out), s + s + s + "x\n" + s);
  fclose(out);
  fclose(err);
}

}  // namespace
}  // namespace containerless::runtime

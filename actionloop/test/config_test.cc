// Unit tests of the settings parser: defaults, environment, and usage errors.
#include "config.h"

#include <gtest/gtest.h>

#include <map>

namespace containerless::runtime {
namespace {

Status Parse(std::vector<std::string> args, std::map<std::string, std::string> env, Config* c) {
  return ParseConfig(
      args,
      [&env](const char* key) -> const char* {
        auto it = env.find(key);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      c);
}

TEST(Config, HasDocumentedDefaults) {
  Config c;
  ASSERT_TRUE(Parse({"--repo", "/r"}, {{"CONTAINERLESS_ENGINE_TRACE", "1"}}, &c).ok());
  EXPECT_EQ(c.mode, EngineMode::kAuto);
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.compile_after, 20);
  EXPECT_EQ(c.demote_after, 10);
  EXPECT_EQ(c.body_limit, 48u * 1024 * 1024);
  EXPECT_EQ(c.compiler, DefaultCompiler("/r"));
  EXPECT_FALSE(c.allow_concurrent);
  EXPECT_EQ(c.host, "");
  EXPECT_EQ(c.request_timeout_ms, 60000);
  EXPECT_EQ(c.idle_timeout_ms, 120000);
}

TEST(Config, ReadsTheEnvironment) {
  Config c;
  ASSERT_TRUE(Parse({"--repo", "/r"},
                    {{"PORT", "9000"},
                     {"CONTAINERLESS_COMPILE_AFTER", "0"},
                     {"CONTAINERLESS_COMPILER", "/bin/cc"},
                     {"__OW_ALLOW_CONCURRENT", "TRUE"},
                     {"CONTAINERLESS_ENGINE_TRACE", "0"}},
                    &c)
                  .ok());
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.compile_after, 0);
  EXPECT_EQ(c.compiler, "/bin/cc");
  EXPECT_TRUE(c.allow_concurrent);
  EXPECT_FALSE(c.engine_trace);
  ASSERT_TRUE(Parse({"--repo", "/r", "--port=81"}, {{"PORT", "9000"}}, &c).ok());
  EXPECT_EQ(c.port, 81);
}

TEST(Config, RejectsBadSettings) {
  Config c;
  EXPECT_FALSE(Parse({"--engine", "turbo"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--port", "70000", "--repo", "/r"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--repo", "/r"}, {{"CONTAINERLESS_COMPILE_AFTER", "-1"}}, &c).ok());
  EXPECT_FALSE(Parse({"--repo", "/r"}, {{"PORT", "x"}}, &c).ok());
  EXPECT_FALSE(Parse({"--engine", "native"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--repo", "/r", "--handler", "x.so"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--bogus"}, {}, &c).ok());
  Status s = Parse({"--engine", "native", "--handler", "/h.so"}, {}, &c);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(c.mode, EngineMode::kNative);
}

}  // namespace
}  // namespace containerless::runtime

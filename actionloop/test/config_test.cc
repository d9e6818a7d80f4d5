// Unit tests of the settings parser: defaults, environment, and usage errors.
#include "config.h"

#include <gtest/gtest.h>

#include "serve_options.inc"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "child_exec.h"

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
  EXPECT_EQ(c.body_timeout_ms, 300000);  // node:http's requestTimeout in Node 20
  EXPECT_EQ(c.idle_timeout_ms, 120000);
  EXPECT_EQ(c.engine_stack_kb, -1);  // chosen from RLIMIT_STACK
}

TEST(Config, ReadsTheEnvironment) {
  Config c;
  ASSERT_TRUE(Parse({"--repo", "/r"},
                    {{"PORT", "9000"},
                     {"CONTAINERLESS_COMPILE_AFTER", "0"},
                     {"CONTAINERLESS_COMPILER", "/bin/cc"},
                     {"__OW_ALLOW_CONCURRENT", "TRUE"},
                     {"CONTAINERLESS_ENGINE_TRACE", "0"},
                     {"CONTAINERLESS_BODY_TIMEOUT_MS", "0"},
                     {"CONTAINERLESS_ENGINE_STACK_KB", "4000"}},
                    &c)
                  .ok());
  EXPECT_EQ(c.body_timeout_ms, 0);
  EXPECT_EQ(c.engine_stack_kb, 4000);
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
  EXPECT_FALSE(Parse({"--repo", "/r"}, {{"CONTAINERLESS_BODY_TIMEOUT_MS", "-5"}}, &c).ok());
  EXPECT_FALSE(Parse({"--repo", "/r"}, {{"CONTAINERLESS_ENGINE_STACK_KB", "lots"}}, &c).ok());
  EXPECT_FALSE(Parse({"--engine", "native"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--repo", "/r", "--handler", "x.so"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--bogus"}, {}, &c).ok());
  EXPECT_FALSE(Parse({"--engine", "native", "--handler", "/no/such/h.so"}, {}, &c).ok());
  Status s = Parse({"--engine", "native", "--handler", "/bin/sh"}, {}, &c);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(c.mode, EngineMode::kNative);
  EXPECT_EQ(c.handler_path, "/bin/sh");
}

Status Command(std::vector<std::string> args, Launch* launch, Config* c) {
  return ParseCommandLine(
      args, [](const char*) -> const char* { return nullptr; }, launch, c);
}

// The messages are serve.js's (bin/commands/serve.test.js compares the two processes too).
TEST(Config, GivesServesUsageErrors) {
  Config c;
  Launch launch;
  auto error = [&](std::vector<std::string> args) {
    Status s = Command(args, &launch, &c);
    return s.ok() ? std::string("(ok)") : s.message();
  };
  EXPECT_EQ(error({"--bogus"}), "unknown option for serve: --bogus");
  EXPECT_EQ(error({"stray"}), "unknown option for serve: stray");
  EXPECT_EQ(error({"--port"}), "--port needs a value");
  EXPECT_EQ(error({"--trace=1"}), "--trace takes no value");
  EXPECT_EQ(error({"--port", "x"}), "--port must be a port number from 0 to 65535, got \"x\"");
  EXPECT_EQ(error({"--port=70000"}), "--port must be a port number from 0 to 65535, got \"70000\"");
  EXPECT_EQ(error({"--engine", "x", "--trace"}),
            "--trace is only for --engine node (auto traces by itself)");
  EXPECT_EQ(error({"--engine", "x"}), "unknown engine \"x\" (expected node, auto or native)");
  EXPECT_EQ(error({"--socket", "/s"}), "--socket is not supported with --engine auto");
  EXPECT_EQ(error({"--engine", "native"}), "--engine native needs --handler PATH");
  EXPECT_EQ(error({"--handler", "/bin/sh"}), "--handler is only for --engine native");
  EXPECT_EQ(error({"--engine=native", "--handler", "/no/h.so"}),
            "--handler /no/h.so: no such file");
  EXPECT_EQ(error({"--body-limit", "1.5"}),
            "--body-limit must be a whole number of MiB from 1 to 4096 with --engine auto, got "
            "\"1.5\"");
  EXPECT_EQ(error({"--repo", "/r", "--body-limit", "4097"}),
            "--body-limit must be a whole number of MiB from 1 to 4096 with --engine auto, got "
            "\"4097\"");
}

TEST(Config, HelpAndTheNodeEngineAreLaunchesOfTheirOwn) {
  Config c;
  Launch launch = Launch::kServe;
  // Help wins once it is met, also before a bad option; "--port -h" is a port of "-h".
  ASSERT_TRUE(Command({"--help", "--bogus"}, &launch, &c).ok());
  EXPECT_EQ(launch, Launch::kHelp);
  EXPECT_FALSE(Command({"--port", "-h"}, &launch, &c).ok());
  ASSERT_TRUE(Command({"--repo", "/", "--engine", "node", "--socket=/s", "--trace", "--port", "1"},
                      &launch, &c)
                  .ok());
  EXPECT_EQ(launch, Launch::kNodeEngine);
  // What Node.js gets: serve's arguments without the runtime's own --repo.
  EXPECT_EQ(c.serve_args, (std::vector<std::string>{"--engine", "node", "--socket=/s", "--trace",
                                                    "--port", "1"}));
  ASSERT_TRUE(Command({"--repo=/", "--port", "81", "--body-limit=2"}, &launch, &c).ok());
  EXPECT_EQ(launch, Launch::kServe);
  EXPECT_EQ(c.port, 81);
  EXPECT_EQ(c.body_limit, 2u * 1024 * 1024);
  EXPECT_EQ(c.repo, "/");
  EXPECT_STREQ(UsageText(), kServeHelp);
}

// The launcher reads CONTAINERLESS_FETCH_MAX_MB with this: strictly, "10x" is not 10.
TEST(Config, ParsesIntegerSettingsStrictly) {
  long long n = 0;
  for (const char* bad : {"abc", "10x", " 10", "10 ", "-1", "+5", "0", "65537", "1e3", ""}) {
    Status s = ParseIntSetting("CONTAINERLESS_FETCH_MAX_MB", bad, 1, 65536, &n);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.message(), std::string("CONTAINERLESS_FETCH_MAX_MB must be an integer from 1 to "
                                       "65536, got \"") +
                               bad + "\"");
  }
  ASSERT_TRUE(ParseIntSetting("X", "65536", 1, 65536, &n).ok());
  EXPECT_EQ(n, 65536);
  // The runtime's own parser gives the same message for the same value.
  Config c;
  EXPECT_EQ(Parse({"--repo", "/r"}, {{"CONTAINERLESS_FETCH_MAX_MB", "10x"}}, &c).message(),
            "CONTAINERLESS_FETCH_MAX_MB must be an integer from 1 to 65536, got \"10x\"");
}

// A scratch directory with a file that is not executable and one that is.
class ConfigPrograms : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/cl-config-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    plain_ = dir_ + "/plain";
    tool_ = dir_ + "/tool";
    FILE* f = fopen(plain_.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fclose(f);
    f = fopen(tool_.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fclose(f);
    chmod(tool_.c_str(), 0755);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Status Check(std::map<std::string, std::string> env, Config* c) {
    Status s = Parse({"--repo", "/r"}, env, c);
    if (!s.ok()) return s;
    return CheckPrograms(*c, [&env](const char* key) -> const char* {
      auto it = env.find(key);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  }

  std::string dir_, plain_, tool_;
};

TEST_F(ConfigPrograms, FindsExecutablesAsExecvpDoes) {
  std::string found;
  ASSERT_TRUE(FindExecutable("tool", ("/nonexistent:" + dir_).c_str(), &found).ok());
  EXPECT_EQ(found, dir_ + "/tool");
  ASSERT_TRUE(FindExecutable(tool_, "", &found).ok());
  EXPECT_EQ(found, tool_);
  EXPECT_EQ(FindExecutable("plain", dir_.c_str(), &found).message(), "not found on PATH");
  EXPECT_EQ(FindExecutable("/nonexistent/node", nullptr, &found).message(), strerror(ENOENT));
  EXPECT_EQ(FindExecutable(dir_, nullptr, &found).message(), "is a directory");
  if (geteuid() != 0) {  // root may execute nothing without an x bit, but access() says it can
    EXPECT_EQ(FindExecutable(plain_, nullptr, &found).message(), strerror(EACCES));
  }
}

TEST_F(ConfigPrograms, ANodeOrCompilerThatCannotRunIsAnErrorAtStart) {
  Config c;
  EXPECT_EQ(Check({{"PATH", dir_}, {"CONTAINERLESS_NODE", "/nonexistent/node"}}, &c).message(),
            std::string("CONTAINERLESS_NODE=/nonexistent/node: ") + strerror(ENOENT));
  EXPECT_EQ(Check({{"PATH", dir_}, {"CONTAINERLESS_NODE", "nodex"}}, &c).message(),
            "CONTAINERLESS_NODE=nodex: not found on PATH");
  EXPECT_EQ(Check({{"PATH", dir_}, {"CONTAINERLESS_NODE", dir_}}, &c).message(),
            "CONTAINERLESS_NODE=" + dir_ + ": is a directory");
  EXPECT_EQ(Check({{"PATH", dir_}}, &c).message(),
            "cannot run the Node engine: node not found on PATH (set CONTAINERLESS_NODE to a "
            "Node.js binary)");
  EXPECT_TRUE(Check({{"PATH", dir_}, {"CONTAINERLESS_NODE", "tool"}}, &c).ok());
  EXPECT_EQ(
      Check({{"PATH", dir_}, {"CONTAINERLESS_NODE", tool_}, {"CONTAINERLESS_COMPILER", "/x/c"}}, &c)
          .message(),
      std::string("CONTAINERLESS_COMPILER=/x/c: ") + strerror(ENOENT));
  // No compilations: the compiler is never run, so it is not looked at.
  EXPECT_TRUE(Check({{"CONTAINERLESS_NODE", tool_},
                     {"CONTAINERLESS_COMPILER", "/x/c"},
                     {"CONTAINERLESS_COMPILE_AFTER", "0"}},
                    &c)
                  .ok());
  // The default compiler may be absent (a build without it): the compile trigger says so later.
  EXPECT_TRUE(Check({{"CONTAINERLESS_NODE", tool_}}, &c).ok());
  // --engine native runs neither.
  Config native;
  ASSERT_TRUE(Parse({"--repo", "/r", "--engine", "native", "--handler", tool_},
                    {{"CONTAINERLESS_NODE", "/nonexistent/node"}}, &native)
                  .ok());
  EXPECT_TRUE(CheckPrograms(native, [](const char*) -> const char* { return nullptr; }).ok());
}

TEST_F(ConfigPrograms, ACacheDirThatCannotBeCreatedSaysWhy) {
  EXPECT_TRUE(PrepareCacheDir("").ok());
  ASSERT_TRUE(PrepareCacheDir(dir_ + "/cache").ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir_ + "/cache/runtime"));
  // Below a regular file: ENOTDIR whoever runs the test (root can create anything elsewhere).
  Status s = PrepareCacheDir(plain_ + "/cache");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "cannot create the handler cache CONTAINERLESS_CACHE_DIR=" + plain_ +
                             "/cache: " + strerror(ENOTDIR));
}

}  // namespace
}  // namespace containerless::runtime

// Unit tests of the handler host: loading errors of every kind, answers, aborts, abort reasons.
#include "handler_host.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace containerless::runtime {
namespace {

std::string Lib(const char* kind) {
  return std::string(TEST_HANDLER_DIR) + "/libcl_test_handler_" + kind + ".so";
}

TEST(HandlerHost, LoadsAHandlerAndRunsIt) {
  std::unique_ptr<Handler> loaded;
  Status s = Handler::Load(Lib("answer"), &loaded);
  ASSERT_TRUE(s.ok()) << s.message();
  std::shared_ptr<Handler> h = std::move(loaded);
  EXPECT_EQ(h->entry(), "main");
  std::string abort;
  ASSERT_TRUE(h->NewInstance(cl_limits{}, &abort).ok());
  auto no_calls = [](std::string_view) -> std::string {
    ADD_FAILURE() << "unexpected host call";
    return "{\"error\":\"none\"}";
  };
  auto a = RunToEnd(h, "{\"name\":\"ada\"}", cl_limits{}, no_calls);
  const NativeOutcome& out = a->outcome();
  EXPECT_TRUE(out.answered);
  EXPECT_EQ(out.http_status, 200);
  EXPECT_EQ(out.body, "{\"greeting\":\"Hello ada\"}");
  EXPECT_EQ(out.logs, "[[\"stdout\",\"hello ada\"],[\"stderr\",\"to stderr\"]]");
  EXPECT_EQ(a->host_calls(), 0);
  auto b = RunToEnd(h, "{\"name\":\"x\",\"abort\":true}", cl_limits{}, no_calls);
  EXPECT_FALSE(b->outcome().answered);
  EXPECT_EQ(AbortReason(b->outcome().abort), "untraced");
}

TEST(HandlerHost, StepsThroughHostCallsAndInterleavesActivations) {
  std::unique_ptr<Handler> loaded;
  ASSERT_TRUE(Handler::Load(Lib("answer"), &loaded).ok());
  std::shared_ptr<Handler> h = std::move(loaded);
  std::string abort;
  ASSERT_TRUE(h->NewInstance(cl_limits{}, &abort).ok());
  // Two activations in flight at once, their steps interleaved as the event loop would.
  auto one = Activation::Begin(h, "{\"name\":\"a\",\"url\":\"http://x/1\",\"fetches\":2}", {});
  auto two = Activation::Begin(h, "{\"name\":\"b\",\"url\":\"http://x/2\"}", {});
  ASSERT_EQ(one->Step(), Activation::Next::kHostCall);
  ASSERT_EQ(two->Step(), Activation::Next::kHostCall);
  EXPECT_NE(one->host_call().find("\"url\":\"http://x/1\""), std::string_view::npos);
  EXPECT_NE(two->host_call().find("\"url\":\"http://x/2\""), std::string_view::npos);
  two->Complete("{\"status\":204}");
  one->Complete("{\"status\":200}");
  ASSERT_EQ(two->Step(), Activation::Next::kDone);
  ASSERT_EQ(one->Step(), Activation::Next::kHostCall);
  one->Complete("{\"error\":\"down\"}");
  ASSERT_EQ(one->Step(), Activation::Next::kDone);
  EXPECT_EQ(one->outcome().body,
            "{\"greeting\":\"Hello a\",\"fetched\":[{\"status\":200},{\"error\":\"down\"}]}");
  EXPECT_EQ(two->outcome().body, "{\"greeting\":\"Hello b\",\"fetched\":[{\"status\":204}]}");
  EXPECT_EQ(one->host_calls(), 2);
  // The handler outlives the last reference the runtime holds while activations run on it.
  auto three = Activation::Begin(h, "{\"name\":\"c\",\"abort\":true,\"url\":\"http://x/3\"}", {});
  h.reset();
  ASSERT_EQ(three->Step(), Activation::Next::kHostCall);
  three->Complete("{\"status\":200}");
  ASSERT_EQ(three->Step(), Activation::Next::kDone);
  EXPECT_FALSE(three->outcome().answered);
  EXPECT_NE(three->outcome().abort.find("\"effects\":[{\"fetch\":{\"op\":\"fetch\""),
            std::string_view::npos)
      << three->outcome().abort;
}

TEST(HandlerHost, ReportsAMissingFile) {
  std::unique_ptr<Handler> h;
  Status s = Handler::Load("/nonexistent/handler.so", &h);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot load handler /nonexistent/handler.so"), std::string::npos);
  EXPECT_EQ(h, nullptr);
}

TEST(HandlerHost, ReportsAFileThatIsNotALibrary) {
  std::string path = ::testing::TempDir() + "/not-a-library.so";
  std::ofstream(path) << "this is not ELF";
  std::unique_ptr<Handler> h;
  Status s = Handler::Load(path, &h);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot load handler"), std::string::npos) << s.message();
  std::remove(path.c_str());
}

TEST(HandlerHost, ReportsAMissingEntrySymbol) {
  std::unique_ptr<Handler> h;
  Status s = Handler::Load(Lib("no_symbol"), &h);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not export containerless_handler_v2"), std::string::npos)
      << s.message();
}

TEST(HandlerHost, RefusesAVersion1Library) {
  std::unique_ptr<Handler> h;
  Status s = Handler::Load(Lib("v1"), &h);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("has ABI version 1 (it exports containerless_handler_v1); this "
                             "runtime speaks version 2"),
            std::string::npos)
      << s.message();
}

TEST(HandlerHost, ReportsAWrongAbiVersion) {
  std::unique_ptr<Handler> h;
  Status s = Handler::Load(Lib("wrong_version"), &h);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ABI version 3; this runtime speaks version 2"), std::string::npos)
      << s.message();
}

TEST(HandlerHost, ReadsAbortReasons) {
  EXPECT_EQ(AbortReason("{\"reason\":\"module-state\"}"), "module-state");
  EXPECT_EQ(AbortReason("not json"), "");
  EXPECT_EQ(AbortReason("{\"reason\":1}"), "");
}

}  // namespace
}  // namespace containerless::runtime

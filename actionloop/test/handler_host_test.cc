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
  std::unique_ptr<Handler> h;
  Status s = Handler::Load(Lib("answer"), &h);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(h->entry(), "main");
  std::string abort;
  ASSERT_TRUE(h->NewInstance(cl_limits{}, &abort).ok());
  NativeOutcome out = h->Run("{\"name\":\"ada\"}", cl_limits{});
  EXPECT_TRUE(out.answered);
  EXPECT_EQ(out.http_status, 200);
  EXPECT_EQ(out.body, "{\"greeting\":\"Hello ada\"}");
  EXPECT_EQ(out.logs, "[[\"stdout\",\"hello ada\"],[\"stderr\",\"to stderr\"]]");
  h->Release();
  out = h->Run("{\"name\":\"x\",\"abort\":true}", cl_limits{});
  EXPECT_FALSE(out.answered);
  EXPECT_EQ(AbortReason(out.abort), "untraced");
  h->Release();
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
  EXPECT_NE(s.message().find("does not export containerless_handler_v1"), std::string::npos)
      << s.message();
}

TEST(HandlerHost, ReportsAWrongAbiVersion) {
  std::unique_ptr<Handler> h;
  Status s = Handler::Load(Lib("wrong_version"), &h);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ABI version 2; this runtime speaks version 1"), std::string::npos)
      << s.message();
}

TEST(HandlerHost, ReadsAbortReasons) {
  EXPECT_EQ(AbortReason("{\"reason\":\"module-state\"}"), "module-state");
  EXPECT_EQ(AbortReason("not json"), "");
  EXPECT_EQ(AbortReason("{\"reason\":1}"), "");
}

}  // namespace
}  // namespace containerless::runtime

// Unit tests of the lazy libcurl: every symbol checked, clear errors when libcurl or a function is
// missing, libcurl loaded by the first fetch and not before, and a fetch without libcurl.
#include "curl_api.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fetch_client.h"
#include "fetch_request.h"

namespace containerless::runtime {
namespace {

bool LibcurlInProcess() {
  void* lib = dlopen(kCurlLibrary, RTLD_NOW | RTLD_NOLOAD);
  if (lib == nullptr) return false;
  dlclose(lib);  // drops only the reference RTLD_NOLOAD took
  return true;
}

TEST(CurlApi, ResolvesEveryFunction) {
  CurlApi api;
  Status s = OpenCurlLibrary(kCurlLibrary, &api);
  ASSERT_TRUE(s.ok()) << s.message();
#define CL_CURL_CHECK(member, symbol) EXPECT_NE(api.member, nullptr) << #symbol;
  CL_CURL_FUNCTIONS(CL_CURL_CHECK)
#undef CL_CURL_CHECK
}

TEST(CurlApi, AMissingLibraryIsAClearError) {
  CurlApi api;
  Status s = OpenCurlLibrary("libcontainerless-no-such-curl.so.4", &api);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "libcurl is not available: libcontainerless-no-such-curl.so.4: cannot open shared "
            "object file: No such file or directory");
  EXPECT_EQ(api.global_init, nullptr);
}

TEST(CurlApi, AMissingFunctionIsAClearError) {
  // A library that loads but is not libcurl: the first function of the table is reported.
  CurlApi api;
  Status s = OpenCurlLibrary("libm.so.6", &api);
  ASSERT_FALSE(s.ok());
  // dlerror names the file as found: "/lib/x86_64-linux-gnu/libm.so.6" on Debian.
  const std::string& m = s.message();
  EXPECT_EQ(m.rfind("libcurl is not available: ", 0), 0u) << m;
  const std::string tail = "libm.so.6: undefined symbol: curl_global_init";
  EXPECT_TRUE(m.size() > tail.size() && m.compare(m.size() - tail.size(), tail.size(), tail) == 0)
      << m;
  EXPECT_EQ(api.global_init, nullptr);
}

TEST(CurlApi, LibcurlLoadsOnTheFirstFetchOnly) {
  // ctest runs each test in its own process; a whole-binary run may have loaded it already.
  if (LibcurlInProcess())
    GTEST_SKIP() << "libcurl already loaded by an earlier test in this process";
  uv_loop_t loop;
  ASSERT_EQ(uv_loop_init(&loop), 0);
  auto client = std::make_unique<FetchClient>(&loop);  // as Runtime::Start makes it
  EXPECT_FALSE(LibcurlInProcess());
  std::string result;
  // Port 1 is a fetch "bad port": answered before connecting, after libcurl parsed the URL.
  client->Start(
      R"({"op":"fetch","url":"http://127.0.0.1:1/","method":"GET","headers":[],"body":null})",
      FetchLimits{}, [&](std::string r) { result = std::move(r); });
  EXPECT_TRUE(LibcurlInProcess());
  EXPECT_TRUE(CurlLoaded());
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(result, R"({"error":"bad port"})");
  bool closed = false;
  client->Close([&] { closed = true; });
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_TRUE(closed);
  client.reset();
  EXPECT_EQ(uv_loop_close(&loop), 0);
}

// Runs only as the child of FetchWithoutLibcurlAnswersAnError (DISABLED_: ctest never runs it on
// its own), where libcurl.so.4 resolves to a library that is not libcurl.
TEST(CurlApiChild, DISABLED_FetchWithoutLibcurl) {
  const char* expected = getenv("CL_EXPECTED_FETCH_RESULT");
  ASSERT_NE(expected, nullptr);
  std::string call =
      R"({"op":"fetch","url":"http://127.0.0.1:9/","method":"GET","headers":[],"body":null})";
  EXPECT_EQ(FetchBlocking(call, FetchLimits{}), expected);
  uv_loop_t loop;
  ASSERT_EQ(uv_loop_init(&loop), 0);
  FetchClient client(&loop);
  std::string result;
  client.Start(call, FetchLimits{}, [&](std::string r) { result = std::move(r); });
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(result, expected);
  client.Close([] {});
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_FALSE(CurlLoaded());
}

TEST(CurlApi, FetchWithoutLibcurlAnswersAnError) {
  // LD_LIBRARY_PATH is read at process start: a re-run of this binary, where libcurl.so.4 is a
  // test handler library (it loads, but has no curl function).
  char dir_template[] = "/tmp/cl-no-curl-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string dir = dir_template;
  std::string fake = dir + "/libcurl.so.4";
  ASSERT_EQ(symlink(TEST_HANDLER_DIR "/libcl_test_handler_answer.so", fake.c_str()), 0);
  std::string expected =
      "{\"error\":\"libcurl is not available: " + fake + ": undefined symbol: curl_global_init\"}";
  std::string command = "LD_LIBRARY_PATH=" + dir + " CL_EXPECTED_FETCH_RESULT='" + expected +
                        "' /proc/" + std::to_string(getpid()) +
                        "/exe --gtest_also_run_disabled_tests"
                        " --gtest_filter=CurlApiChild.DISABLED_FetchWithoutLibcurl 2>&1";
  FILE* child = popen(command.c_str(), "r");
  ASSERT_NE(child, nullptr);
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, child)) > 0) output.append(buffer, n);
  int status = pclose(child);
  unlink(fake.c_str());
  rmdir(dir.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_NE(output.find("[  PASSED  ] 1 test."), std::string::npos) << output;
}

}  // namespace
}  // namespace containerless::runtime

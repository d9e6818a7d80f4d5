// Unit tests of RunBody: /run bodies read as the Node engine reads them, or left to Node.js.
#include "run_body.h"

#include <gtest/gtest.h>

#include <string>

namespace containerless::runtime {
namespace {

TEST(RunBody, ReadsValueAsNodeDoes) {
  RunBody b;
  ASSERT_EQ(b.Parse(""), BodyVerdict::kOk);
  EXPECT_EQ(b.args(), "{}");
  ASSERT_EQ(b.Parse("{\"value\":null}"), BodyVerdict::kOk);
  EXPECT_EQ(b.args(), "{}");
  ASSERT_EQ(b.Parse("[1,2]"), BodyVerdict::kOk);
  EXPECT_EQ(b.args(), "{}");
  ASSERT_EQ(b.Parse(" {\"value\":[1,{\"a\":\"\\u00e9\"}],\"deadline\":\"1570223213407\"}"),
            BodyVerdict::kOk);
  EXPECT_EQ(b.args(), "[1,{\"a\":\"\xc3\xa9\"}]");
  EXPECT_EQ(b.deadline_ms(), 1570223213407);
  ASSERT_EQ(b.Parse("{\"value\":{\"x\":1},\"value\":{\"y\":2}}"), BodyVerdict::kOk);
  EXPECT_EQ(b.args(), "{\"y\":2}");  // JSON.parse keeps the last
  ASSERT_EQ(b.Parse("\xEF\xBB\xBF{\"value\":{\"n\":0.1}}"), BodyVerdict::kOk);
  EXPECT_EQ(b.args(), "{\"n\":0.1}");
}

TEST(RunBody, ReusesItsMemoryAcrossParses) {
  RunBody b;
  std::string body = "{\"value\":{\"items\":[";
  for (int i = 0; i < 20000; ++i) body += (i ? ",\"item\"" : "\"item\"");
  body += "]}}";
  ASSERT_EQ(b.Parse(body), BodyVerdict::kOk);
  size_t after_one = b.pool_capacity();
  for (int i = 0; i < 50; ++i) ASSERT_EQ(b.Parse(body), BodyVerdict::kOk);
  EXPECT_EQ(b.pool_capacity(), after_one);
}

TEST(RunBody, SortsOutWhatOnlyNodeCanRead) {
  RunBody b;
  EXPECT_EQ(b.Parse("\"str\""), BodyVerdict::kBadJson);
  EXPECT_EQ(b.Parse("\xEF\xBB\xBF"), BodyVerdict::kBadJson);
  EXPECT_EQ(b.Parse("{"), BodyVerdict::kBadJson);
  EXPECT_EQ(b.Parse("{\"value\":1,}"), BodyVerdict::kBadJson);
  EXPECT_EQ(b.Parse("{\"value\":\"s\"}"), BodyVerdict::kNotObject);
  EXPECT_STREQ(b.value_type(), "string");
  EXPECT_EQ(b.Parse("{\"value\":true}"), BodyVerdict::kNotObject);
  EXPECT_STREQ(b.value_type(), "boolean");
  EXPECT_EQ(b.Parse("{\"value\":{\"a\":1,\"a\":2}}"), BodyVerdict::kNotExact);
  EXPECT_EQ(b.Parse("{\"value\":{\"s\":\"\\ud800\"}}"), BodyVerdict::kNotExact);
  EXPECT_EQ(b.Parse("{\"value\":{\"n\":1e400}}"), BodyVerdict::kNotExact);
  EXPECT_EQ(b.Parse("{\"value\":{\"s\":\"\xff\"}}"), BodyVerdict::kNotExact);
  std::string deep = "{\"value\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(b.Parse(deep), BodyVerdict::kNotExact);
}

// RapidJSON reads these without an error but not as JSON.parse does: they go to Node.js.
TEST(RunBody, LeavesToNodeWhatRapidJsonReadsDifferently) {
  RunBody b;
  EXPECT_EQ(b.Parse("{\"value\":{\"n\":-0}}"), BodyVerdict::kNotExact);
  EXPECT_EQ(b.Parse("{\"value\":[-0]}"), BodyVerdict::kNotExact);
  EXPECT_EQ(b.Parse(std::string("{\"value\":{\"n\":1}}\0garbage", 27)), BodyVerdict::kNotExact);
  EXPECT_EQ(b.Parse(std::string("{\"value\":{\"n\":1}}\0", 20)), BodyVerdict::kNotExact);
  // Signed zeros written as doubles, and -0 inside longer numbers, are read exactly.
  EXPECT_EQ(b.Parse("{\"value\":{\"n\":-0.0,\"m\":-0e0,\"k\":-0.5}}"), BodyVerdict::kOk);
  EXPECT_EQ(b.Parse("{\"value\":{\"n\":-10}}"), BodyVerdict::kOk);
  // In a string, -0 is text: an /init body's code, a value's string, an escaped quote before it.
  EXPECT_EQ(b.Parse("{\"value\":{\"s\":\"x = -0;\",\"t\":\"\\\"-0\"}}"), BodyVerdict::kOk);
  rapidjson::Document doc;
  EXPECT_EQ(ParseJsonBody("{\"value\":{\"main\":\"main\",\"code\":\"Object.is(x, -0)\"}}", &doc),
            BodyVerdict::kOk);
  EXPECT_EQ(b.Parse("{\"value\":{\"s\":\"\\\\\",\"n\":-0}}"), BodyVerdict::kNotExact);
}

}  // namespace
}  // namespace containerless::runtime

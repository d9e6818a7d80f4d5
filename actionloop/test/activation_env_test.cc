// Unit tests of ActivationEnv: the string fields of natively answered /run bodies, as one header
// for the Node engine.
#include "activation_env.h"

#include <gtest/gtest.h>

namespace containerless::runtime {
namespace {

rapidjson::Document Parse(const char* text) {
  rapidjson::Document doc;
  doc.Parse(text);
  return doc;
}

TEST(ActivationEnv, NothingNotedNoHeader) {
  ActivationEnv env;
  EXPECT_TRUE(env.empty());
  EXPECT_EQ(env.TakeHeader(), "");
}

TEST(ActivationEnv, KeepsTheLastValueOfEveryStringField) {
  ActivationEnv env;
  env.Note(Parse(R"({"value":{"a":1},"activation_id":"a1","api_key":"k1","deadline":"5"})"));
  env.Note(Parse(R"({"value":"x","activation_id":"a2","extra":"e","n":3,"o":{}})"));
  EXPECT_EQ(env.TakeHeader(),
            "X-Containerless-Env: {\"activation_id\":\"a2\",\"api_key\":\"k1\",\"deadline\":\"5\","
            "\"extra\":\"e\"}\r\n");
  // Taken: forgotten until the next native activation.
  EXPECT_TRUE(env.empty());
  EXPECT_EQ(env.TakeHeader(), "");
  env.Note(Parse(R"({"activation_id":"a3"})"));
  EXPECT_EQ(env.TakeHeader(), "X-Containerless-Env: {\"activation_id\":\"a3\"}\r\n");
}

TEST(ActivationEnv, FieldsInAnotherOrderOrMissing) {
  ActivationEnv env;
  env.Note(Parse(R"({"a":"1","b":"2","c":"3"})"));
  env.Note(Parse(R"({"c":"30","a":"10"})"));
  env.Note(Parse(R"({"d":"40","b":"20"})"));
  EXPECT_EQ(env.TakeHeader(),
            "X-Containerless-Env: {\"a\":\"10\",\"b\":\"20\",\"c\":\"30\",\"d\":\"40\"}\r\n");
}

TEST(ActivationEnv, DuplicateKeysKeepTheLast) {
  ActivationEnv env;
  env.Note(Parse(R"({"k":"first","k":"second"})"));
  EXPECT_EQ(env.TakeHeader(), "X-Containerless-Env: {\"k\":\"second\"}\r\n");
}

TEST(ActivationEnv, NonAsciiAndControlCharactersAreEscaped) {
  ActivationEnv env;
  env.Note(Parse("{\"ns\":\"caf\xc3\xa9\\n\\r\\u0000\"}"));
  EXPECT_EQ(env.TakeHeader(), "X-Containerless-Env: {\"ns\":\"caf\\u00E9\\n\\r\\u0000\"}\r\n");
}

TEST(ActivationEnv, TooBigForAHeaderIsDropped) {
  ActivationEnv env;
  std::string big = "{\"k\":\"" + std::string(ActivationEnv::kMaxHeaderBytes, 'x') + "\"}";
  env.Note(Parse(big.c_str()));
  EXPECT_EQ(env.TakeHeader(), "");
  EXPECT_TRUE(env.empty());
}

}  // namespace
}  // namespace containerless::runtime

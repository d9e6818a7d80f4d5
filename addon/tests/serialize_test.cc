// Golden tests of the trace document: tests/golden/NAME.case.json in, NAME.trace.json expected.
// UPDATE_GOLDEN=1 rewrites the expected files from the current output (review the diff).
#include "recorder.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace containerless::addon {
namespace {

std::string GoldenPath(const std::string& name) {
  return std::string(CONTAINERLESS_ADDON_GOLDEN_DIR) + "/" + name;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

std::string Compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// Goldens are stored pretty-printed so that a rebase reads well in a diff.
std::string Pretty(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.c_str());
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  writer.SetFormatOptions(rapidjson::kFormatSingleLineArray);
  document.Accept(writer);
  return std::string(buffer.GetString()) + "\n";
}

std::vector<int32_t> Events(const rapidjson::Value& list) {
  std::vector<int32_t> events;
  for (const auto& item : list.GetArray()) events.push_back(item.GetInt());
  return events;
}

// A case: {"program": {...}, "module_events": [...], "activations": [[...], ...]}.
void RunGolden(const std::string& name) {
  SCOPED_TRACE(name);
  std::string case_text;
  ASSERT_TRUE(ReadFile(GoldenPath(name + ".case.json"), &case_text)) << "no " << name;
  rapidjson::Document test_case;
  test_case.Parse(case_text.c_str());
  ASSERT_FALSE(test_case.HasParseError()) << name << ".case.json is not JSON";

  std::unique_ptr<Recorder> recorder;
  Status status = Recorder::Create(Compact(test_case["program"]),
                                   ActionIdentity{std::string(64, 'f'), "main"}, &recorder);
  ASSERT_TRUE(status.ok()) << status.message();
  if (test_case.HasMember("module_events")) {
    std::vector<int32_t> events = Events(test_case["module_events"]);
    status = recorder->MergeModule(events.data(), events.size());
    ASSERT_TRUE(status.ok()) << status.message();
  }
  for (const auto& list : test_case["activations"].GetArray()) {
    std::vector<int32_t> events = Events(list);
    bool grew = false;
    status = recorder->Merge(events.data(), events.size(), &grew);
    ASSERT_TRUE(status.ok()) << status.message();
  }
  const std::string trace = recorder->Serialize();
  rapidjson::Document parsed;
  parsed.Parse(trace.c_str());
  ASSERT_FALSE(parsed.HasParseError()) << "the trace is not JSON: " << trace;
  const std::string actual = Pretty(trace);

  const std::string golden = GoldenPath(name + ".trace.json");
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  std::string expected;
  ASSERT_TRUE(ReadFile(golden, &expected))
      << golden << " is missing: run the tests with UPDATE_GOLDEN=1 and review it";
  EXPECT_EQ(actual, expected) << "rebase with UPDATE_GOLDEN=1 if the change is intended";
}

class GoldenTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenTest, MatchesTheGolden) {
  RunGolden(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Traces, GoldenTest,
                         ::testing::Values("hello", "branches", "inline", "callbacks", "module",
                                           "labels", "depth", "types", "try"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace containerless::addon

// Golden tests: each testdata/golden/NAME.json compiles to exactly NAME.rs (or NAME.err).
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "driver.h"
#include "files.h"

namespace containerless::compiler {
namespace {

const std::string kDir = std::string(CONTAINERLESS_TESTDATA) + "/golden";

std::vector<std::string> Cases() {
  std::vector<std::string> names;
  if (DIR* dir = opendir(kDir.c_str())) {
    while (dirent* e = readdir(dir)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
        names.push_back(name.substr(0, name.size() - 5));
      }
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// UPDATE_GOLDEN=1 rewrites the expected files from the current output (review the diff).
bool Updating() {
  const char* env = std::getenv("UPDATE_GOLDEN");
  return env && std::string(env) == "1";
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedOutput) {
  const std::string base = kDir + "/" + GetParam();
  std::string json;
  ASSERT_TRUE(ReadFile(base + ".json", &json).ok());
  std::string rust;
  Status s = TraceToRust(json, &rust);
  // A valid trace is expected as Rust (.rs); an invalid one as its error message (.err).
  std::string actual = s.ok() ? rust : s.ToString() + "\n";
  std::string expected_path = base + (s.ok() ? ".rs" : ".err");
  if (Updating()) {
    ASSERT_TRUE(WriteFileAtomic(expected_path, actual).ok());
    return;
  }
  std::string expected;
  ASSERT_TRUE(ReadFile(expected_path, &expected).ok())
      << "no " << expected_path << "; run with UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(actual, expected) << "output differs from " << expected_path
                              << "; if the change is intended, rerun with UPDATE_GOLDEN=1";
}

INSTANTIATE_TEST_SUITE_P(Traces, Golden, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(GoldenSuite, HasCases) {
  EXPECT_GE(Cases().size(), 3u) << "no traces in " << kDir;
}

}  // namespace
}  // namespace containerless::compiler

// Tests of trace merging (trace_merge.h): untraced sides filled in, targets united with their
// labels renamed, operand types united, and traces of different programs refused.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "ir.h"
#include "reader.h"
#include "trace_merge.h"

namespace containerless::compiler {
namespace {

const char kSha[] = "2846180673d3875da3b70bdd52c96b27eec8324b96bce5606dbbcea896e4c955";
const char kUntraced[] = R"([{"s":"unknown","reason":"untraced"}])";

// A trace of `function main(a) { const c = a.x; if (c) { r = g(c) } else { r = 0 } return r }`
// where g (function 1) is `(v) => { if (v > 1) return 'big'; return 'small'; }`, inlined behind
// label `label`; `then_g`/`else_g` are g's two sides, `then_m`/`else_m` main's.
std::string MakeTrace(const std::string& then_m, const std::string& else_m,
                      const std::string& taken, const std::string& seen, int activations,
                      int stable_for, bool compilable = true, const std::string& sha = kSha) {
  return std::string(R"({"version":1,"code_sha256":")") + sha +
         R"(","entry":"main","activations":)" + std::to_string(activations) + R"(,"stable_for":)" +
         std::to_string(stable_for) + R"(,"compilable":)" + (compilable ? "true" : "false") +
         R"(,"not_compilable_because":)" +
         (compilable ? "null" : R"("main writes a module binding")") +
         R"(,"module":{"locals":["main"],"body":[]},)"
         R"("main":{"params":["a"],"locals":["c","r"],"body":[)"
         R"({"s":"set","name":"c","value":{"e":"get","object":{"a":"var","name":"a"},)"
         R"("key":{"a":"str","v":"x"})" +
         seen +
         R"(}},)"
         R"({"s":"if","site":1,"test":{"a":"var","name":"c"},"then":)" +
         then_m + R"(,"else":)" + else_m + R"(,"taken":)" + taken +
         R"(},{"s":"return","value":{"a":"var","name":"r"}}]}})";
}

// main's then side: the call of g, g's body with its two sides.
std::string CallG(const std::string& label, const std::string& then_g, const std::string& else_g,
                  const std::string& extra_targets = "") {
  return R"([{"s":"call","site":2,"result":"r","callee":{"a":"mod","name":"main"},)"
         R"("this":{"a":"undef"},"args":[{"a":"var","name":"c"}],"targets":[)" +
         extra_targets + R"({"function":1,"name":"g","params":["v"],"locals":["$t1"],"label":")" +
         label +
         R"(","body":[{"s":"set","name":"$t1","value":{"e":"binary","op":">",)"
         R"("left":{"a":"var","name":"v"},"right":{"a":"num","v":1}}},)"
         R"({"s":"if","site":3,"test":{"a":"var","name":"$t1"},"then":)" +
         then_g + R"(,"else":)" + else_g +
         R"(},{"s":"set","name":"r","value":{"a":"str","v":"small"},"scope":"caller"},)"
         R"({"s":"break","label":")" +
         label + R"("},{"s":"set","name":"r","value":{"a":"undef"},"scope":"caller"}]}]}])";
}

std::string ReturnBig(const std::string& label) {
  return R"([{"s":"set","name":"r","value":{"a":"str","v":"big"},"scope":"caller"},)"
         R"({"s":"break","label":")" +
         label + R"("}])";
}

const char kElseMain[] = R"([{"s":"set","name":"r","value":{"a":"num","v":0}}])";

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return doc;
}

TEST(TraceMerge, FillsUntracedSidesAndAddsCounts) {
  std::string base = MakeTrace(CallG("R1", kUntraced, "[]"), kUntraced, "[2,0]", "", 2, 1);
  std::string extra = MakeTrace(kUntraced, kElseMain, "[0,3]", "", 3, 3);
  std::string merged;
  ASSERT_TRUE(MergeTraces(base, extra, &merged).ok());
  rapidjson::Document doc = Parse(merged);
  const rapidjson::Value& branch = doc["main"]["body"][1];
  EXPECT_EQ(branch["then"][0]["s"], "call");
  EXPECT_EQ(branch["else"][0]["value"]["v"], 0);
  EXPECT_EQ(branch["taken"][0], 2);
  EXPECT_EQ(branch["taken"][1], 3);
  EXPECT_EQ(doc["activations"], 5);
  EXPECT_EQ(doc["stable_for"], 3);
  Trace trace;
  Status read = ReadTrace(merged, &trace);
  EXPECT_TRUE(read.ok()) << read.ToString();
}

TEST(TraceMerge, RenamesTheExtraTreesReturnLabelsInsideAMatchedCallee) {
  // The same callee inlined in both, numbered R1 in one tree and R4 in the other: the side only
  // the extra tree took breaks to R4, which must become R1 in the merged tree.
  std::string base = MakeTrace(CallG("R1", kUntraced, "[]"), kUntraced, "[1,0]", "", 1, 1);
  std::string extra =
      MakeTrace(CallG("R4", ReturnBig("R4"), kUntraced), kUntraced, "[1,0]", "", 1, 1);
  std::string merged;
  Status s = MergeTraces(base, extra, &merged);
  ASSERT_TRUE(s.ok()) << s.ToString();
  rapidjson::Document doc = Parse(merged);
  const rapidjson::Value& target = doc["main"]["body"][1]["then"][0]["targets"][0];
  EXPECT_EQ(target["label"], "R1");
  EXPECT_EQ(target["body"][1]["then"][1]["label"], "R1");
  EXPECT_EQ(target["body"][1]["else"].Size(), 0u);
  Trace trace;
  Status read = ReadTrace(merged, &trace);
  EXPECT_TRUE(read.ok()) << read.ToString();
}

TEST(TraceMerge, UnitesTargetsUserFunctionsFirst) {
  std::string builtin = R"({"builtin":"String"},)";
  std::string base = MakeTrace(CallG("R1", kUntraced, "[]", builtin), kUntraced, "[1,0]", "", 1, 1);
  std::string extra = MakeTrace(CallG("R1", kUntraced, "[]", R"({"opaque":"function"},)"),
                                kUntraced, "[1,0]", "", 1, 1);
  std::string merged;
  ASSERT_TRUE(MergeTraces(base, extra, &merged).ok());
  rapidjson::Document doc = Parse(merged);
  const rapidjson::Value& targets = doc["main"]["body"][1]["then"][0]["targets"];
  ASSERT_EQ(targets.Size(), 3u);
  EXPECT_EQ(targets[0]["function"], 1);
  EXPECT_EQ(targets[1]["builtin"], "String");
  EXPECT_EQ(targets[2]["opaque"], "function");
}

TEST(TraceMerge, UnitesOperandTypesInTagOrder) {
  std::string base =
      MakeTrace(kUntraced, kElseMain, "[0,1]", R"(,"seen":[["object"],["string"]])", 1, 1);
  std::string extra =
      MakeTrace(kUntraced, kElseMain, "[0,1]", R"(,"seen":[["array"],["string"]])", 1, 1);
  std::string merged;
  ASSERT_TRUE(MergeTraces(base, extra, &merged).ok());
  rapidjson::Document doc = Parse(merged);
  const rapidjson::Value& seen = doc["main"]["body"][0]["value"]["seen"];
  ASSERT_EQ(seen[0].Size(), 2u);
  EXPECT_EQ(seen[0][0], "object");
  EXPECT_EQ(seen[0][1], "array");
  EXPECT_EQ(seen[1].Size(), 1u);
  // A site only one tree ran keeps what that one saw.
  std::string unseen = MakeTrace(kUntraced, kElseMain, "[0,1]", "", 1, 1);
  ASSERT_TRUE(MergeTraces(unseen, extra, &merged).ok());
  doc = Parse(merged);
  EXPECT_EQ(doc["main"]["body"][0]["value"]["seen"][0][0], "array");
}

TEST(TraceMerge, NotCompilableWhenEitherSaysSo) {
  std::string base = MakeTrace(kUntraced, kElseMain, "[0,1]", "", 1, 1);
  std::string extra = MakeTrace(kUntraced, kElseMain, "[0,1]", "", 1, 1, false);
  std::string merged;
  ASSERT_TRUE(MergeTraces(base, extra, &merged).ok());
  rapidjson::Document doc = Parse(merged);
  EXPECT_EQ(doc["compilable"], false);
  EXPECT_EQ(doc["not_compilable_because"], "main writes a module binding");
}

TEST(TraceMerge, RefusesTracesOfAnotherActionOrProgram) {
  std::string base = MakeTrace(kUntraced, kElseMain, "[0,1]", "", 1, 1);
  std::string other_code =
      MakeTrace(kUntraced, kElseMain, "[0,1]", "", 1, 1, true, std::string(64, 'a'));
  std::string merged = "unchanged";
  Status s = MergeTraces(base, other_code, &merged);
  EXPECT_EQ(s.code(), ErrorCode::kBadValue);
  EXPECT_EQ(s.path(), "/code_sha256");
  EXPECT_EQ(merged, "unchanged");
  // Both traced the else side, but differently: not the same program.
  std::string other_else = MakeTrace(
      kUntraced, R"([{"s":"set","name":"r","value":{"a":"num","v":7}}])", "[0,1]", "", 1, 1);
  s = MergeTraces(base, other_else, &merged);
  EXPECT_EQ(s.code(), ErrorCode::kBadValue);
  EXPECT_EQ(s.path(), "/main/body/1/else/0");
  EXPECT_EQ(MergeTraces(base, "{not json", &merged).code(), ErrorCode::kSyntax);
  EXPECT_EQ(MergeTraces(base, "[1]", &merged).code(), ErrorCode::kBadValue);
}

TEST(TraceMerge, MergingATraceWithItselfKeepsItsPaths) {
  std::string base = MakeTrace(CallG("R1", ReturnBig("R1"), "[]"), kElseMain, "[2,1]", "", 3, 3);
  std::string merged;
  ASSERT_TRUE(MergeTraces(base, base, &merged).ok());
  rapidjson::Document a = Parse(base);
  rapidjson::Document b = Parse(merged);
  EXPECT_EQ(b["main"]["body"][1]["taken"][0], 4);
  b["main"]["body"][1]["taken"][0] = 2;
  b["main"]["body"][1]["taken"][1] = 1;
  b["activations"] = 3;
  EXPECT_TRUE(a == b) << merged;
}

}  // namespace
}  // namespace containerless::compiler

// Tests of merging: growth and stability, callbacks, the depth bound, and merge-order independence.
#include "recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "random_paths.h"
#include "test_programs.h"

namespace containerless::addon {
namespace {

using testing::CallsProgram;
using testing::GreetProgram;
using testing::kSha;
using testing::MakeRecorder;
using testing::MergeError;
using testing::MergeOk;
using testing::Replace;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RecorderTest, ChecksTheIdentity) {
  std::unique_ptr<Recorder> recorder;
  EXPECT_EQ(Recorder::Create(GreetProgram(), ActionIdentity{"ABC", "main"}, &recorder).message(),
            "codeSha256 is not a SHA-256 in lowercase hex (64 digits 0-9a-f)");
  EXPECT_EQ(
      Recorder::Create(GreetProgram(), ActionIdentity{std::string(64, 'A'), "main"}, &recorder)
          .message(),
      "codeSha256 is not a SHA-256 in lowercase hex (64 digits 0-9a-f)");
  EXPECT_EQ(Recorder::Create(GreetProgram(), ActionIdentity{kSha, ""}, &recorder).message(),
            "entry is empty (it is the /init main)");
  EXPECT_EQ(recorder, nullptr);
}

TEST(RecorderTest, CountsGrowthAndStability) {
  auto recorder = MakeRecorder(CallsProgram());
  EXPECT_FALSE(MergeOk(recorder.get(), {}));  // nothing named: nothing new
  EXPECT_EQ(recorder->stable_for(), 1u);
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0}));
  EXPECT_EQ(recorder->stable_for(), 0u);
  EXPECT_FALSE(MergeOk(recorder.get(), {0, 0}));
  EXPECT_FALSE(MergeOk(recorder.get(), {0, 0, 0, 0}));
  EXPECT_EQ(recorder->stable_for(), 2u);
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 1}));                      // a new side
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1}));                      // a new callee
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1, -1, 1}));               // a new context
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1, -1, 1, 3, 0, -2, 0}));  // a new side in it
  EXPECT_FALSE(MergeOk(recorder.get(), {1, 1, -1, 1, 3, 0, -2, 0}));
  EXPECT_TRUE(MergeOk(recorder.get(), {2, 1, -1, 1, 3, 0, -2, 0}));  // same callee, new site
  EXPECT_EQ(recorder->activations(), 10u);
  EXPECT_EQ(recorder->stable_for(), 0u);
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("taken":[4,1])"), std::string::npos) << trace;
}

TEST(RecorderTest, RecordsOperandTypesPerContext) {
  auto recorder = MakeRecorder(CallsProgram());
  constexpr int32_t kNumber = 1 << 3;
  constexpr int32_t kString = 1 << 4;
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1, -1, 1, 6, kNumber | kNumber << 8}));
  EXPECT_FALSE(MergeOk(recorder.get(), {1, 1, -1, 1, 6, kNumber | kNumber << 8}));
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1, -1, 1, 6, kString | kNumber << 8}));
  // rec called from site 2 is another context: its own types, and none where it never ran.
  EXPECT_TRUE(MergeOk(recorder.get(), {2, 1, -1, 1}));
  const std::string trace = recorder->Serialize();
  EXPECT_EQ(Count(trace, R"("site":6,"seen":[["number","string"],["number"]]})"), 1u) << trace;
  EXPECT_EQ(Count(trace, R"("site":6})"), 1u) << trace;
  // A callback's types go nowhere, like the rest of its events.
  EXPECT_TRUE(MergeOk(recorder.get(), {1, -2, -1, 2, 7, kNumber}));
  EXPECT_EQ(recorder->Serialize().find(R"("site":7)"), std::string::npos);
}

TEST(RecorderTest, AsyncFunctionsAndAnAsyncCallNotAwaitedAtOnce) {
  std::string program = Replace(GreetProgram(), R"({"id": 0, "name": "greet",)",
                                R"({"id": 0, "name": "greet", "async": true,)");
  program = Replace(program, R"({"id": 1, "name": "main",)",
                    R"({"id": 1, "name": "main", "async": true,)");
  auto recorder = MakeRecorder(program);
  // INT32_MIN: greet's promise was kept, not awaited at once; nothing of its body follows.
  EXPECT_TRUE(MergeOk(recorder.get(), {1, INT32_MIN}));
  std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("main":{"async":true,"params":["args"])"), std::string::npos) << trace;
  EXPECT_NE(trace.find(R"("targets":[{"opaque":"async"}])"), std::string::npos) << trace;
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 0, -1, 0, 0, 0, -2, 0}));  // awaited at once: inlined
  trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"({"function":0,"name":"greet","async":true,"params":["who"])"),
            std::string::npos)
      << trace;
  // Inlined user functions come first, the opaque async target after them.
  EXPECT_LT(trace.find(R"("function":0)"), trace.find(R"({"opaque":"async"})")) << trace;
}

TEST(RecorderTest, MergesTheModuleOnce) {
  auto recorder = MakeRecorder(GreetProgram());
  std::vector<int32_t> events{3, 1};
  EXPECT_TRUE(recorder->MergeModule(events.data(), events.size()).ok());
  EXPECT_EQ(recorder->MergeModule(events.data(), events.size()).message(),
            "the module's events were already merged (the module runs once)");
  EXPECT_EQ(recorder->activations(), 0u);
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("then":[{"s":"unknown","reason":"untraced"}],"else":[],"taken":[0,1])"),
            std::string::npos)
      << trace;
}

TEST(RecorderTest, ACallbackMakesTheCallOpaque) {
  auto recorder = MakeRecorder(CallsProgram());
  EXPECT_TRUE(MergeOk(recorder.get(), {1, -2}));
  EXPECT_NE(recorder->Serialize().find(R"("targets":[{"builtin":"Array.prototype.sort"}])"),
            std::string::npos);
  // The same call in another activation ran cb (function 2) twice: a callback.
  EXPECT_TRUE(MergeOk(recorder.get(), {1, -2, -1, 2, 5, 0, -2, 0, -1, 2, 5, 1, -2, 0}));
  EXPECT_FALSE(MergeOk(recorder.get(), {1, -2, -1, 2, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("targets":[{"opaque":"callback"}])"), std::string::npos) << trace;
  EXPECT_EQ(trace.find(R"("site":5)"), std::string::npos) << trace;  // cb was not inlined
}

TEST(RecorderTest, OrdersTargets) {
  auto recorder = MakeRecorder(CallsProgram());
  // At site 1, in four activations: Array.prototype.sort running cb, something else, console.log,
  // and rec.
  EXPECT_TRUE(MergeOk(recorder.get(), {1, -2, -1, 2, -2, 0}));
  EXPECT_TRUE(MergeOk(recorder.get(), {1, -1}));
  EXPECT_TRUE(MergeOk(recorder.get(), {1, -3}));
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1, -1, 1, -2, 0}));
  const std::string trace = recorder->Serialize();
  const size_t rec = trace.find(R"({"function":1,"name":"rec")");
  const size_t log = trace.find(R"({"builtin":"console.log"})");
  const size_t other = trace.find(R"({"opaque":"function"})");
  const size_t callback = trace.find(R"({"opaque":"callback"})");
  ASSERT_NE(callback, std::string::npos) << trace;
  EXPECT_LT(rec, log);
  EXPECT_LT(log, other);
  EXPECT_LT(other, callback);
  EXPECT_EQ(trace.find("Array.prototype.sort"), std::string::npos) << trace;
}

TEST(RecorderTest, AnEnterWithNoCallToBlameIsSkipped) {
  auto recorder = MakeRecorder(CallsProgram());
  // A getter (cb) runs after an `if`: nothing is marked, its events go nowhere.
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, -1, 2, 5, 0, -2, 0, 0, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_EQ(Count(trace, "opaque"), 0u) << trace;
  EXPECT_NE(trace.find(R"("taken":[2,0])"), std::string::npos) << trace;
}

TEST(RecorderTest, CalleesThatWereNotEnteredAndOtherCallees) {
  auto recorder = MakeRecorder(CallsProgram());
  EXPECT_TRUE(MergeOk(recorder.get(), {1, 1, 2, -1, 2, -3}));
  const std::string trace = recorder->Serialize();
  // rec was called but threw before its body: inlined with nothing seen.
  EXPECT_NE(trace.find(R"("label":"R1","body":[{"s":"if","site":3,"test":{"a":"var","name":"n"},)"
                       R"("then":[{"s":"unknown","reason":"untraced"}],)"
                       R"("else":[{"s":"unknown","reason":"untraced"}],"taken":[0,0]})"),
            std::string::npos)
      << trace;
  EXPECT_NE(trace.find(R"("targets":[{"builtin":"console.log"},{"opaque":"function"}])"),
            std::string::npos)
      << trace;
}

TEST(RecorderTest, BoundsTheContextDepth) {
  auto recorder = MakeRecorder(CallsProgram());
  // main calls rec, which calls itself 11 more times.
  std::vector<int32_t> events{1, 1, -1, 1};
  for (int i = 0; i < 11; ++i) events.insert(events.end(), {3, 0, 4, 1, -1, 1});
  events.insert(events.end(), {3, 1});
  for (int i = 0; i < 12; ++i) events.insert(events.end(), {-2, 0});
  EXPECT_TRUE(MergeOk(recorder.get(), events));
  const std::string trace = recorder->Serialize();
  EXPECT_EQ(Count(trace, R"("function":1,)"), 8u) << trace;  // contexts at depths 1 to 8
  EXPECT_EQ(Count(trace, R"({"s":"unknown","reason":"unsupported: call depth"})"), 1u) << trace;
  EXPECT_EQ(recorder->context_count(), 10u);  // the module, main and 8 of rec
  // Deeper paths still count as growth only once.
  EXPECT_FALSE(MergeOk(recorder.get(), events));
}

// f0 main calls f1 at site 0; f1 calls itself at sites 1 to 4: 7 levels of that are 5,461
// contexts, past the tree's bound, which refuses the calls beyond it.
void Fanout(std::vector<int32_t>* events, int depth) {
  for (int32_t site = 1; site <= 4; ++site) {
    events->insert(events->end(), {site, 1, -1, 1});
    if (depth < 7) Fanout(events, depth + 1);
    events->insert(events->end(), {-2, 0});
  }
}

TEST(RecorderTest, BoundsTheNumberOfContexts) {
  std::string call =
      R"({"s": "call", "site": SITE, "result": null, "callee": {"a": "mod", "name": "f"},
                         "args": []})";
  std::string program = R"({"version": 1, "functions": [
    {"id": 0, "name": "main", "params": [], "locals": [], "body": [)" +
                        Replace(call, "SITE", "0") + R"(]},
    {"id": 1, "name": "f", "params": [], "locals": [], "body": [)" +
                        Replace(call, "SITE", "1") + "," + Replace(call, "SITE", "2") + "," +
                        Replace(call, "SITE", "3") + "," + Replace(call, "SITE", "4") + R"(]}],
    "module": {"locals": [], "body": []}, "main_function": 0, "builtins": [],
    "compilable": true, "not_compilable_because": null})";
  auto recorder = MakeRecorder(program);
  std::vector<int32_t> events{0, 1, -1, 1};
  Fanout(&events, 1);
  events.insert(events.end(), {-2, 0});
  EXPECT_TRUE(MergeOk(recorder.get(), events));
  EXPECT_EQ(recorder->context_count(), kMaxContexts);
  const std::string trace = recorder->Serialize();
  EXPECT_GT(Count(trace, R"("reason":"unsupported: trace size")"), 0u);
  EXPECT_FALSE(MergeOk(recorder.get(), events));
}

TEST(RecorderTest, WithoutMainActivationsAreCheckedAndCounted) {
  std::string program =
      Replace(GreetProgram(), R"("main_function": 1)", R"("main_function": null)");
  auto recorder = MakeRecorder(program);
  EXPECT_FALSE(MergeOk(recorder.get(), {1, 0, -1, 0, 0, 0, -2, 0}));
  EXPECT_NE(MergeError(recorder.get(), {7, 0}), "");
  EXPECT_EQ(recorder->activations(), 1u);
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("main":null})"), std::string::npos) << trace;
}

// The property the compiler's caching relies on: the tree depends on the paths, not the order.
std::string WithoutStableFor(const std::string& trace) {
  return std::regex_replace(trace, std::regex(R"("stable_for":\d+)"), R"("stable_for":_)");
}

void ExpectOrderIndependent(const std::string& program_json, uint32_t seed) {
  std::unique_ptr<Program> program;
  ASSERT_TRUE(Program::Parse(program_json, &program).ok());
  std::mt19937 rng(seed);
  std::vector<std::vector<int32_t>> lists;
  for (int i = 0; i < 60; ++i) lists.push_back(testing::RandomActivation(*program, &rng));
  lists.push_back(lists[3]);  // the same path twice counts twice, in any order too

  auto reference = MakeRecorder(program_json);
  for (const auto& list : lists) MergeOk(reference.get(), list);
  const std::string expected = WithoutStableFor(reference->Serialize());
  EXPECT_GT(reference->context_count(), 3u);

  for (int round = 0; round < 5; ++round) {
    std::shuffle(lists.begin(), lists.end(), rng);
    auto shuffled = MakeRecorder(program_json);
    for (const auto& list : lists) MergeOk(shuffled.get(), list);
    EXPECT_EQ(WithoutStableFor(shuffled->Serialize()), expected) << "seed " << seed;
    EXPECT_EQ(shuffled->activations(), lists.size());
  }
}

TEST(RecorderTest, MergeOrderDoesNotMatter) {
  for (uint32_t seed = 1; seed <= 20; ++seed) ExpectOrderIndependent(CallsProgram(), seed);
  for (uint32_t seed = 1; seed <= 5; ++seed) ExpectOrderIndependent(GreetProgram(), seed);
}

TEST(RecorderTest, RandomListsAreAlwaysAccepted) {
  std::unique_ptr<Program> program;
  ASSERT_TRUE(Program::Parse(CallsProgram(), &program).ok());
  auto recorder = MakeRecorder(CallsProgram());
  std::mt19937 rng(42);
  for (int i = 0; i < 500; ++i) {
    std::vector<int32_t> list = testing::RandomActivation(*program, &rng);
    ASSERT_EQ(MergeError(recorder.get(), list), "") << "list " << i;
  }
}

}  // namespace
}  // namespace containerless::addon

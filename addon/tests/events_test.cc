// Tests of event-list checking: every refusal names its index, and a refused list changes nothing.
#include "events.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "random_paths.h"
#include "test_programs.h"

namespace containerless::addon {
namespace {

using testing::CallsProgram;
using testing::MakeRecorder;
using testing::MergeError;
using testing::MergeOk;
using testing::Replace;

// CallsProgram's sites: 0 main's if, 1 and 2 main's calls, 3 rec's if, 4 rec's call, 5 cb's if.
class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override { recorder_ = MakeRecorder(CallsProgram()); }
  std::string Error(const std::vector<int32_t>& events) {
    return MergeError(recorder_.get(), events);
  }
  std::unique_ptr<Recorder> recorder_;
};

TEST_F(EventsTest, AcceptsWellFormedLists) {
  EXPECT_EQ(Error({}), "");
  EXPECT_EQ(Error({0, 0, 1, 1, -1, 1, 3, 1, -2, 0, 2, -2}), "");
  EXPECT_EQ(Error({-1, 0, 0, 1, -2, 0}), "");       // wrapped in main's own enter and exit
  EXPECT_EQ(Error({0, 1, 1, 1, -1, 1, 3, 0}), "");  // an exception escaped rec: closed at the end
  EXPECT_EQ(recorder_->activations(), 4u);
}

TEST_F(EventsTest, RefusesAnOddLength) {
  EXPECT_EQ(Error({0, 0, 1}), "the event list has an odd length (3); events are (a, b) pairs");
}

TEST_F(EventsTest, RefusesUnknownSites) {
  EXPECT_EQ(Error({0, 0, 9, 0}),
            "event list index 2 (pair 1): site 9 is not a site of the program");
}

TEST_F(EventsTest, RefusesASiteOfAnotherFunction) {
  EXPECT_EQ(Error({3, 0}),
            "event list index 0 (pair 0): site 3 belongs to function 1 (rec), but function 0 "
            "(main) is running");
  EXPECT_EQ(Error({1, 1, -1, 1, 0, 0}),
            "event list index 4 (pair 2): site 0 belongs to function 0 (main), but function 1 "
            "(rec) is running");
}

TEST_F(EventsTest, RefusesBadOutcomes) {
  EXPECT_EQ(Error({0, 2}),
            "event list index 0 (pair 0): the if at site 0 has outcome 2 (0 is then, 1 is else)");
  EXPECT_EQ(Error({1, 3}),
            "event list index 0 (pair 0): the call at site 1 names function 3, which the program "
            "does not declare");
  EXPECT_EQ(Error({1, -5}),
            "event list index 0 (pair 0): the call at site 1 names built-in 3 (callee -5), but "
            "the program lists 3 built-ins");
}

TEST_F(EventsTest, RefusesBadTypeMasks) {
  // rec's `n - 1` is site 6 (two operands), cb's `typeof x` site 7 (one).
  EXPECT_EQ(Error({1, 1, -1, 1, 6, 8 | (8 << 8)}), "");
  EXPECT_EQ(Error({1, -2, -1, 2, 7, 16}), "");
  const std::string two =
      "the operation at site 6 has type mask %d (one type bit for each of its 2 operands, bits "
      "0-7 for the first, 8-15 for the second)";
  for (int32_t mask : {0, 8, 8 << 8, 8 | 24 << 8, 12 | 8 << 8, 1 << 16, -1}) {
    EXPECT_EQ(Error({1, 1, -1, 1, 6, mask}),
              "event list index 4 (pair 2): " + Replace(two, "%d", std::to_string(mask)));
  }
  EXPECT_EQ(Error({1, -2, -1, 2, 7, 16 | 16 << 8}),
            "event list index 4 (pair 2): the operation at site 7 has type mask 4112 (one type "
            "bit for its operand, bits 0-7 for the first, 8-15 for the second)");
}

TEST_F(EventsTest, RefusesUnbalancedLists) {
  EXPECT_EQ(Error({-2, 0}),
            "event list index 0 (pair 0): an exit event without a matching enter event");
  EXPECT_EQ(Error({1, 1, -1, 1, -2, 0, -2, 0}),
            "event list index 6 (pair 3): an exit event without a matching enter event");
  EXPECT_EQ(Error({-1, 0, 0, 0, -2, 0, 0, 1}),
            "event list index 6 (pair 3): an event after main's own exit event (index 4)");
  EXPECT_EQ(Error({1, 1, -1, 1, -2, 1}),
            "event list index 4 (pair 2): an exit event with b = 1 (must be 0)");
}

TEST_F(EventsTest, RefusesBadEnterAndKinds) {
  EXPECT_EQ(Error({-1, 7}),
            "event list index 0 (pair 0): enter of function 7, which the program does not "
            "declare");
  EXPECT_EQ(Error({-4, 0}),
            "event list index 0 (pair 0): unknown event kind -4 (a site >= 0, -1 enter, -2 exit "
            "or -3 eager)");
  EXPECT_EQ(Error({-3, 0}),
            "event list index 0 (pair 0): an eager event (-3) not right after the enter of an "
            "async callback of a callback host");
}

TEST_F(EventsTest, ChecksTheEventsOfCallbacksToo) {
  // cb (function 2) runs as a callback of Array.prototype.sort; its events are not merged but
  // still have to be right.
  EXPECT_EQ(Error({1, -2, -1, 2, 5, 0, -2, 0}), "");
  EXPECT_EQ(Error({1, -2, -1, 2, 3, 0, -2, 0}),
            "event list index 4 (pair 2): site 3 belongs to function 1 (rec), but function 2 "
            "(cb) is running");
}

TEST_F(EventsTest, ARefusedListChangesNothing) {
  EXPECT_TRUE(MergeOk(recorder_.get(), {0, 0}));
  const std::string before = recorder_->Serialize();
  // Everything up to the last pair would grow the tree: none of it may stay.
  EXPECT_NE(Error({0, 1, 1, 1, -1, 1, 3, 0, 4, 1, -1, 1, 3, 1, -2, 0, -2, 0, 2, -2, 9, 9}), "");
  EXPECT_EQ(recorder_->Serialize(), before);
  EXPECT_EQ(recorder_->activations(), 1u);
  EXPECT_EQ(recorder_->stable_for(), 0u);
}

// Mutated lists (one element changed, or cut short) are either merged or refused whole; never a
// crash, never a half-merged tree.
TEST_F(EventsTest, MutatedListsAreMergedOrRefusedWhole) {
  std::unique_ptr<Program> program;
  ASSERT_TRUE(Program::Parse(CallsProgram(), &program).ok());
  std::mt19937 rng(7);
  size_t refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::vector<int32_t> list = testing::RandomActivation(*program, &rng, 60);
    if (list.empty()) continue;
    if (rng() % 4 == 0) {
      list.resize(rng() % list.size());
    } else {
      list[rng() % list.size()] = static_cast<int32_t>(rng() % 14) - 5;
    }
    const std::string before = recorder_->Serialize();
    const uint64_t activations = recorder_->activations();
    if (!Error(list).empty()) {
      ++refused;
      ASSERT_EQ(recorder_->Serialize(), before);
      ASSERT_EQ(recorder_->activations(), activations);
    }
  }
  EXPECT_GT(refused, 100u);
}

TEST_F(EventsTest, ModuleEventsBelongToTheModule) {
  Status status = recorder_->MergeModule(std::vector<int32_t>{0, 0}.data(), 2);
  EXPECT_EQ(status.message(),
            "event list index 0 (pair 0): site 0 belongs to function 0 (main), but the module's "
            "top-level code is running");
}

TEST_F(EventsTest, CheckEventsAloneTouchesNoTree) {
  std::unique_ptr<Program> program;
  ASSERT_TRUE(Program::Parse(CallsProgram(), &program).ok());
  std::vector<int32_t> events{0, 0, 1, 1, -1, 1, 3, 1, -2, 0};
  Status status = CheckEvents(*program, EventListKind::kActivation, events.data(), events.size());
  EXPECT_TRUE(status.ok()) << status.message();
  Context root(0, 0);
  TreeBudget budget;
  EXPECT_TRUE(ApplyEvents(*program, EventListKind::kActivation, events.data(), events.size(), &root,
                          &budget));
  ASSERT_NE(root.FindIf(0), nullptr);
  EXPECT_EQ(root.FindIf(0)->taken[0], 1u);
  EXPECT_EQ(budget.contexts, 1u);
}

}  // namespace
}  // namespace containerless::addon

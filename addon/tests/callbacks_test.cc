// Tests of closures and callback hosts: `captures` validated and printed, host callbacks traced per
// (site, host, callback).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "program.h"
#include "recorder.h"
#include "test_programs.h"

namespace containerless::addon {
namespace {

using testing::kSha;
using testing::MakeRecorder;
using testing::MergeError;
using testing::MergeOk;
using testing::Replace;

// main(args) { const k = args.k; const add = (x) => x + k (id 1, captures k);
//              r = add(1) (site 1); ys = args.xs.map(add) (site 2); zs = args.xs.map(other)
//              (site 4) } with add's `if` at site 3, other (id 2, async) and main's own `if`
// at site 0. Built-ins: 0 "Array.prototype.map", 1 "Array.prototype.sort", 2 "console.log".
std::string ClosureProgram() {
  return R"({
  "version": 1,
  "functions": [
    {"id": 0, "name": "main", "params": ["args"], "locals": ["k", "add", "$t1", "$t2", "$t3"], "body": [
      {"s": "set", "name": "k", "value": {"e": "get", "object": {"a": "var", "name": "args"},
       "key": {"a": "str", "v": "k"}}},
      {"s": "set", "name": "add", "value": {"e": "function", "id": 1,
       "captures": [{"a": "var", "name": "k"}]}},
      {"s": "if", "site": 0, "test": {"a": "var", "name": "k"}, "then": [], "else": []},
      {"s": "call", "site": 1, "result": "$t1", "callee": {"a": "var", "name": "add"},
       "this": {"a": "undef"}, "args": [{"a": "num", "v": 1}]},
      {"s": "call", "site": 2, "result": "$t2", "callee": {"a": "var", "name": "$t3"},
       "this": {"a": "var", "name": "args"}, "args": [{"a": "var", "name": "add"}]},
      {"s": "call", "site": 4, "result": null, "callee": {"a": "var", "name": "$t3"},
       "this": {"a": "var", "name": "args"}, "args": [{"a": "mod", "name": "other"}]},
      {"s": "return", "value": {"a": "var", "name": "$t2"}}]},
    {"id": 1, "name": "add", "params": ["x"], "captures": ["k"], "locals": ["k", "$t1"], "body": [
      {"s": "if", "site": 3, "test": {"a": "var", "name": "x"}, "then": [], "else": []},
      {"s": "set", "name": "$t1", "value": {"e": "binary", "op": "+", "left": {"a": "var", "name": "x"},
       "right": {"a": "var", "name": "k"}}},
      {"s": "return", "value": {"a": "var", "name": "$t1"}}]},
    {"id": 2, "name": "other", "async": true, "params": [], "locals": [], "body": []}
  ],
  "module": {"locals": ["main", "other"], "body": [
    {"s": "setmod", "name": "other", "value": {"e": "function", "id": 2}}]},
  "main_function": 0,
  "builtins": ["Array.prototype.map", "Array.prototype.sort", "console.log"],
  "compilable": true,
  "not_compilable_because": null
})";
}

std::string ParseError(const std::string& json) {
  std::unique_ptr<Program> program;
  Status status = Program::Parse(json, &program);
  return status.ok() ? "" : status.message();
}

TEST(ClosureProgramTest, AcceptsCapturesAndKnowsTheHosts) {
  std::unique_ptr<Program> program;
  Status status = Program::Parse(ClosureProgram(), &program);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_NE(program->function(1).captures, nullptr);
  EXPECT_EQ(program->function(1).captures->Size(), 1u);
  EXPECT_EQ(program->function(0).captures, nullptr);
  EXPECT_TRUE(program->IsCallbackHost(0));
  EXPECT_FALSE(program->IsCallbackHost(1));  // sort's comparator stays opaque
  EXPECT_FALSE(program->IsCallbackHost(2));
}

TEST(ClosureProgramTest, RefusesBadCaptures) {
  const std::string p = ClosureProgram();
  EXPECT_EQ(ParseError(Replace(p, R"("captures": ["k"])", R"("captures": [])")),
            "functions[1].captures is not a non-empty array of strings (absent when nothing is "
            "captured)");
  EXPECT_EQ(ParseError(Replace(p, R"("captures": ["k"])", R"("captures": ["q"])")),
            "functions[1].captures[0] \"q\" is not one of the function's locals");
  EXPECT_EQ(ParseError(Replace(p, R"("captures": ["k"])", R"("captures": ["x"])")),
            "functions[1].captures[0] \"x\" is not one of the function's locals");
  EXPECT_EQ(ParseError(Replace(Replace(p, R"("captures": ["k"])", R"("captures": ["x"])"),
                               R"("locals": ["k", "$t1"])", R"("locals": ["k", "x", "$t1"])")),
            "functions[1].captures[0] \"x\" is also a parameter");
  EXPECT_EQ(ParseError(Replace(p, R"("captures": ["k"])", R"("captures": ["k", "k"])")),
            "functions[1].captures[1] \"k\" is captured twice");
}

TEST(ClosureProgramTest, RefusesFunctionValuesThatDisagreeWithTheirFunction) {
  const std::string p = ClosureProgram();
  EXPECT_EQ(ParseError(Replace(p, R"("captures": [{"a": "var", "name": "k"}])",
                               R"("other": [{"a": "var", "name": "k"}])")),
            "functions[0].body[1].value.captures is not a list of 1 atoms (function 1 (add) "
            "captures 1)");
  EXPECT_EQ(
      ParseError(Replace(p, R"({"a": "var", "name": "k"}]})", R"({"a": "mod", "name": "k"}]})")),
      "functions[0].body[1].value.captures[0] is not a var atom naming a local or "
      "parameter of the creating code");
  EXPECT_EQ(
      ParseError(Replace(p, R"({"a": "var", "name": "k"}]})", R"({"a": "var", "name": "q"}]})")),
      "functions[0].body[1].value.captures[0] is not a var atom naming a local or "
      "parameter of the creating code");
  EXPECT_EQ(ParseError(Replace(p, R"("e": "function", "id": 1,)", R"("e": "function", "id": 9,)")),
            "functions[0].body[1].value.id is not the id of a function of the program");
  EXPECT_EQ(ParseError(Replace(p, R"("e": "function", "id": 2})",
                               R"("e": "function", "id": 2, "captures": []})")),
            "module.body[0].value.captures is present, but function 2 (other) captures nothing");
}

TEST(ClosureRecorderTest, PrintsCapturesOnACallTarget) {
  auto recorder = MakeRecorder(ClosureProgram());
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 1, 1, -1, 1, 3, 0, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"({"function":1,"name":"add","params":["x"],"captures":["k"],)"
                       R"("locals":["k","$t1"],"label":"R1","body":[)"),
            std::string::npos)
      << trace;
  // The creating expression is printed as in the program.
  EXPECT_NE(trace.find(R"({"e":"function","id":1,"captures":[{"a":"var","name":"k"}]})"),
            std::string::npos)
      << trace;
}

TEST(ClosureRecorderTest, TracesEveryInvocationOfAHostCallback) {
  auto recorder = MakeRecorder(ClosureProgram());
  // map runs add twice: x truthy, then falsy; both invocations are merged.
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 2, -2, -1, 1, 3, 0, -2, 0, -1, 1, 3, 1, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("targets":[{"builtin":"Array.prototype.map","callbacks":[{"function":1,)"
                       R"("name":"add","params":["x"],"captures":["k"],"locals":["k","$t1"],)"
                       R"("result":"$cb1","label":"R1","body":[)"),
            std::string::npos)
      << trace;
  EXPECT_NE(trace.find(R"("taken":[1,1])"), std::string::npos) << trace;
  EXPECT_NE(trace.find(R"({"s":"set","name":"$cb1","value":{"a":"var","name":"$t1"},)"
                       R"("scope":"caller"},{"s":"break","label":"R1"})"),
            std::string::npos)
      << trace;
  EXPECT_EQ(trace.find("opaque"), std::string::npos) << trace;
  // The same path again adds nothing; a map that ran no callback neither.
  EXPECT_FALSE(MergeOk(recorder.get(), {0, 0, 2, -2, -1, 1, 3, 1, -2, 0}));
  EXPECT_FALSE(MergeOk(recorder.get(), {0, 0, 2, -2}));
}

TEST(ClosureRecorderTest, NamesResultsAndLabelsInDocumentOrder) {
  auto recorder = MakeRecorder(ClosureProgram());
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 1, 1, -1, 1, -2, 0, 2, -2, -1, 1, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("label":"R1")"), std::string::npos) << trace;
  EXPECT_LT(trace.find(R"("label":"R1")"), trace.find(R"("result":"$cb1","label":"R2")")) << trace;
}

TEST(ClosureRecorderTest, AnAsyncCallbackOrAnotherBuiltinsCallbackStaysOpaque) {
  auto recorder = MakeRecorder(ClosureProgram());
  // other (async) run by map: muted by the tracer (enter, exit), opaque here.
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 4, -2, -1, 2, -2, 0, -1, 2, -2, 0}));
  // add run by sort (a comparator): opaque as before.
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 2, -3, -1, 1, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_EQ(trace.find("callbacks"), std::string::npos) << trace;
  EXPECT_EQ(trace.find(R"("site":3)"), std::string::npos) << trace;  // add was not inlined
  size_t opaque = 0;
  for (size_t at = trace.find(R"({"opaque":"callback"})"); at != std::string::npos;
       at = trace.find(R"({"opaque":"callback"})", at + 1)) {
    ++opaque;
  }
  EXPECT_EQ(opaque, 2u) << trace;
}

TEST(ClosureRecorderTest, TracesAnEagerAsyncCallbackOfMap) {
  auto recorder = MakeRecorder(ClosureProgram());
  // other (async) run by map, each invocation recorded whole by the tracer (it may run whole at
  // its call, proxy/trace/async-calls.js): enter, the eager event (-3, 0), its events, exit.
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 4, -2, -1, 2, -3, 0, -2, 0, -1, 2, -3, 0, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"("targets":[{"builtin":"Array.prototype.map","callbacks":[{"function":2,)"
                       R"("name":"other","async":true,)"),
            std::string::npos)
      << trace;
  EXPECT_EQ(trace.find("opaque"), std::string::npos) << trace;
  // A muted invocation of the same callback (enter, exit: its tail was not quiet) makes the
  // host's call opaque, printed alone.
  EXPECT_TRUE(MergeOk(recorder.get(), {0, 0, 4, -2, -1, 2, -3, 0, -2, 0, -1, 2, -2, 0}));
  const std::string opaque = recorder->Serialize();
  EXPECT_NE(opaque.find(R"("targets":[{"opaque":"callback"}])"), std::string::npos) << opaque;
}

TEST(ClosureRecorderTest, RefusesAnEagerEventOutOfPlace) {
  auto recorder = MakeRecorder(ClosureProgram());
  EXPECT_EQ(MergeError(recorder.get(), {0, 0, -3, 0}),
            "event list index 2 (pair 1): an eager event (-3) not right after the enter of an "
            "async callback of a callback host");
  // other run by sort (not a host): the eager event does not follow a host's callback.
  EXPECT_EQ(MergeError(recorder.get(), {4, -3, -1, 2, -3, 0, -2, 0}),
            "event list index 4 (pair 2): an eager event (-3) not right after the enter of an "
            "async callback of a callback host");
  // add is not async: its invocation of map is traced as ever, and -3 inside it is refused.
  EXPECT_EQ(MergeError(recorder.get(), {2, -2, -1, 1, -3, 0, -2, 0}),
            "event list index 4 (pair 2): an eager event (-3) not right after the enter of an "
            "async callback of a callback host");
  EXPECT_EQ(MergeError(recorder.get(), {4, -2, -1, 2, -3, 1, -2, 0}),
            "event list index 4 (pair 2): an eager event with b = 1 (must be 0)");
}

TEST(ClosureRecorderTest, ChecksHostCallbackEvents) {
  auto recorder = MakeRecorder(ClosureProgram());
  EXPECT_EQ(MergeError(recorder.get(), {0, 0, 2, -2, -1, 1, 0, 0, -2, 0}),
            "event list index 6 (pair 3): site 0 belongs to function 0 (main), but function 1 "
            "(add) is running");
  // An enter after a host's invocation group but after another event of main is not one.
  EXPECT_TRUE(MergeOk(recorder.get(), {2, -2, -1, 1, -2, 0, 0, 1, -1, 1, 3, 0, -2, 0}));
  const std::string trace = recorder->Serialize();
  EXPECT_EQ(trace.find(R"("taken":[1,0])"), std::string::npos) << trace;  // site 3: not merged
}

TEST(ClosureRecorderTest, MergesHostCallbacksInAnyOrder) {
  const std::vector<std::vector<int32_t>> lists = {
      {0, 0, 2, -2, -1, 1, 3, 0, -2, 0},
      {0, 1, 2, -2, -1, 1, 3, 1, -2, 0, -1, 1, 3, 1, -2, 0},
      {0, 0, 2, -2, 4, -2, -1, 2, -2, 0},
      {0, 0, 1, 1, -1, 1, 3, 0, -2, 0, 2, -2},
  };
  std::string first;
  for (int order = 0; order < 4; ++order) {
    auto recorder = MakeRecorder(ClosureProgram());
    for (size_t i = 0; i < lists.size(); ++i) MergeOk(recorder.get(), lists[(i + order) % 4]);
    const std::string trace = recorder->Serialize();
    const std::string stable = trace.substr(trace.find("\"compilable\""));
    if (order == 0) first = stable;
    EXPECT_EQ(stable, first);
  }
}

TEST(ClosureRecorderTest, BoundsHostCallbacksLikeCalls) {
  // add calls itself through map 9 deep: the ninth level is refused as a call would be.
  std::string program = Replace(ClosureProgram(), R"({"s": "if", "site": 3,)",
                                R"({"s": "call", "site": 5, "result": null, "callee": {"a": "var",)"
                                R"( "name": "k"}, "this": {"a": "undef"}, "args": []},)"
                                R"( {"s": "if", "site": 3,)");
  auto recorder = MakeRecorder(program);
  std::vector<int32_t> events = {2, -2, -1, 1};
  for (int depth = 2; depth <= 9; ++depth) events.insert(events.end(), {5, -2, -1, 1});
  for (int depth = 1; depth <= 9; ++depth) events.insert(events.end(), {-2, 0});
  EXPECT_TRUE(MergeOk(recorder.get(), events));
  const std::string trace = recorder->Serialize();
  EXPECT_NE(trace.find(R"({"s":"unknown","reason":"unsupported: call depth"})"), std::string::npos)
      << trace;
}

}  // namespace
}  // namespace containerless::addon

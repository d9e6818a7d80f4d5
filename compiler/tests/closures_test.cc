// Tests of closures and callback hosts in the compiler: reader errors with their paths, the IR,
// type inference and the module-state checks (docs/design/closures-contract.md).
#include <gtest/gtest.h>

#include <string>

#include "driver.h"
#include "passes.h"
#include "reader.h"
#include "trace_builder.h"

namespace containerless::compiler {
namespace {

using testing::TraceWith;

// main(args) with locals x, y, r; module bindings G, H.
const char kAdd[] =  // x = function 1 capturing y; r = x(2) inlined, binding k from slot 0
    R"([{"s":"set","name":"x","value":{"e":"function","id":1,"captures":[{"a":"var","name":"y"}]}},)"
    R"({"s":"call","site":1,"result":"r","callee":{"a":"var","name":"x"},"args":[{"a":"num","v":2}],)"
    R"("targets":[{"function":1,"name":"add","params":["p"],"captures":["k"],"locals":["k","t"],)"
    R"("label":"R1","body":[{"s":"set","name":"t","value":{"e":"binary","op":"*",)"
    R"("left":{"a":"var","name":"k"},"right":{"a":"num","v":2}}},)"
    R"({"s":"set","name":"r","value":{"a":"var","name":"t"},"scope":"caller"},)"
    R"({"s":"break","label":"R1"}]}]}])";

// `r = y.<host>(x)` with one callback (function 2, params `params`) whose body is `body`.
std::string HostCall(const std::string& host, const std::string& params, const std::string& body,
                     const std::string& extra = "") {
  return R"([{"s":"call","site":3,"result":"r","callee":{"a":"var","name":"x"},)"
         R"("this":{"a":"var","name":"y"},"args":[{"a":"var","name":"x"})" +
         extra + R"(],"targets":[{"builtin":"Array.prototype.)" + host +
         R"(","callbacks":[{"function":2,"name":"","params":)" + params +
         R"(,"locals":["t"],"result":"$cb1","label":"R2","body":)" + body + "}]}]}]";
}
const char kReturnT[] =
    R"([{"s":"set","name":"$cb1","value":{"a":"var","name":"t"},"scope":"caller"},)"
    R"({"s":"break","label":"R2"}])";

Trace MustRead(const std::string& json) {
  Trace t;
  Status s = ReadTrace(json, &t);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return t;
}

void ExpectError(const std::string& json, ErrorCode code, const std::string& path) {
  Trace t;
  Status s = ReadTrace(json, &t);
  ASSERT_FALSE(s.ok()) << json;
  EXPECT_EQ(ErrorCodeName(s.code()), std::string(ErrorCodeName(code))) << s.ToString();
  EXPECT_EQ(s.path(), path) << s.ToString();
}

// `body` with the substring `from` replaced by `to` (once).
std::string With(std::string body, const std::string& from, const std::string& to) {
  size_t at = body.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) body.replace(at, from.size(), to);
  return body;
}

TEST(Closures, ReaderBuildsCapturesAndCallbacks) {
  Trace t = MustRead(TraceWith(kAdd));
  ASSERT_EQ(t.main.body[0].value.captures.size(), 1u);
  EXPECT_EQ(t.main.body[0].value.captures[0].text, "y");
  ASSERT_EQ(t.main.body[1].targets.size(), 1u);
  EXPECT_EQ(t.main.body[1].targets[0].captures, std::vector<std::string>{"k"});
  Trace h = MustRead(TraceWith(HostCall("map", R"(["a","i"])", kReturnT)));
  const Target& host = h.main.body[0].targets[0];
  ASSERT_EQ(host.callbacks.size(), 1u);
  EXPECT_EQ(host.callbacks[0].result, "$cb1");
  EXPECT_EQ(host.callbacks[0].function_id, 2);
  EXPECT_EQ(host.callbacks[0].body.size(), 2u);
}

TEST(Closures, ReaderErrorsInCaptures) {
  const std::string caps = R"("captures":[{"a":"var","name":"y"}])";
  ExpectError(TraceWith(With(kAdd, caps, R"("captures":[])")), ErrorCode::kBadValue,
              "/main/body/0/value/captures");
  ExpectError(TraceWith(With(kAdd, caps, R"("captures":[{"a":"mod","name":"G"}])")),
              ErrorCode::kBadValue, "/main/body/0/value/captures/0");
  ExpectError(TraceWith(With(kAdd, caps, R"("captures":[{"a":"var","name":"nope"}])")),
              ErrorCode::kUndeclaredName, "/main/body/0/value/captures/0/name");
  ExpectError(TraceWith(With(kAdd, caps, R"("captures":{})")), ErrorCode::kWrongType,
              "/main/body/0/value/captures");
  // The target: a capture that is not a local, or that is a parameter.
  ExpectError(TraceWith(With(kAdd, R"("captures":["k"])", R"("captures":["z"])")),
              ErrorCode::kUndeclaredName, "/main/body/1/targets/0/captures/0");
  ExpectError(TraceWith(With(kAdd, R"("captures":["k"])", R"("captures":["p"])")),
              ErrorCode::kBadValue, "/main/body/1/targets/0/captures/0");
  ExpectError(TraceWith(With(kAdd, R"("captures":["k"])", R"("captures":[])")),
              ErrorCode::kBadValue, "/main/body/1/targets/0/captures");
  // The expression and the target disagree on how many bindings function 1 captures.
  Status s;
  {
    Trace t;
    s = ReadTrace(TraceWith(With(kAdd, R"("captures":["k"],)", "")), &t);
  }
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kBadValue);
  EXPECT_EQ(s.path(), "/main/body/1/targets/0");
  EXPECT_NE(s.message().find("function 1 captures 0 bindings here but 1 at "
                             "/main/body/0/value/captures"),
            std::string::npos)
      << s.message();
}

TEST(Closures, ReaderErrorsInCallbacks) {
  const std::string ok = HostCall("map", R"(["a"])", kReturnT);
  ExpectError(TraceWith(With(ok, "Array.prototype.map", "Array.prototype.sort")),
              ErrorCode::kMisplaced, "/main/body/0/targets/0/callbacks");
  ExpectError(
      TraceWith(R"([{"s":"call","site":3,"result":"r","callee":{"a":"var","name":"x"},)"
                R"("args":[],"targets":[{"builtin":"Array.prototype.map","callbacks":{}}]}])"),
      ErrorCode::kWrongType, "/main/body/0/targets/0/callbacks");
  ExpectError(TraceWith(With(ok, R"("result":"$cb1",)", "")), ErrorCode::kMissingField,
              "/main/body/0/targets/0/callbacks/0");
  ExpectError(TraceWith(With(ok, R"("result":"$cb1",)", R"("result":"",)")), ErrorCode::kBadValue,
              "/main/body/0/targets/0/callbacks/0/result");
  // An async callback is read for map only (reader_rest.cc LowerAsyncCalls makes its result a
  // promise); of any other host it is refused.
  ExpectError(TraceWith(With(With(ok, R"("name":"",)", R"("name":"","async":true,)"),
                             "Array.prototype.map", "Array.prototype.filter")),
              ErrorCode::kBadValue, "/main/body/0/targets/0/callbacks/0/async");
  {
    Trace t;
    Status s = ReadTrace(TraceWith(With(ok, R"("name":"",)", R"("name":"","async":true,)")), &t);
    ASSERT_TRUE(s.ok()) << s.message();
    // Its return `set $cb1 = t` settles t and makes a new fulfilled promise of it first.
    const Block& body = t.main.body[0].targets[0].callbacks[0].body;
    ASSERT_EQ(body.size(), 6u);
    EXPECT_EQ(body[1].value.kind, ExprKind::kAwait);
    ASSERT_EQ(body[3].kind, StmtKind::kCall);
    EXPECT_EQ(body[3].targets[0].name, "Promise.resolve");
    EXPECT_EQ(body[4].name, "$cb1");
    EXPECT_TRUE(body[4].to_caller);
    EXPECT_EQ(body[5].kind, StmtKind::kBreak);
  }
  ExpectError(TraceWith(With(ok, R"({"function":2,)", R"({"builtin":"x","function":2,)")),
              ErrorCode::kUnknownKind, "/main/body/0/targets/0/callbacks/0");
  // Two callbacks of one id, or out of order.
  const std::string cb = R"({"function":2,"name":"","params":["a"],"locals":["t"],"result":"$cb1",)"
                         R"("label":"R2","body":[]})";
  ExpectError(TraceWith(With(ok, R"("callbacks":[)", R"("callbacks":[)" + cb + ",")),
              ErrorCode::kBadValue, "/main/body/0/targets/0/callbacks/1/function");
  // The body's return assigns the slot, not a local of the caller; it sees no caller local.
  ExpectError(
      TraceWith(HostCall("map", R"(["a"])",
                         R"([{"s":"set","name":"r","value":{"a":"null"},"scope":"caller"}])")),
      ErrorCode::kBadValue, "/main/body/0/targets/0/callbacks/0/body/0/name");
  ExpectError(TraceWith(HostCall("map", R"(["a"])",
                                 R"([{"s":"set","name":"t","value":{"a":"var","name":"y"}}])")),
              ErrorCode::kUndeclaredName, "/main/body/0/targets/0/callbacks/0/body/0/value/name");
  ExpectError(TraceWith(HostCall("map", R"(["a"])", R"([{"s":"break","label":"L"}])")),
              ErrorCode::kUnknownLabel, "/main/body/0/targets/0/callbacks/0/body/0/label");
}

TEST(Closures, CapturesAreBoxedAndCallbackIndexesAreNumbers) {
  Trace t = MustRead(TraceWith(kAdd));
  InferTypes(&t);
  const Reps& add = t.main.body[1].targets[0].reps;
  EXPECT_EQ(add.count("k"), 0u);  // from the environment: anything
  ASSERT_EQ(add.count("t"), 1u);  // k * 2 is a number whatever k is
  EXPECT_EQ(add.at("t"), Rep::kF64);
  EXPECT_EQ(add.at("p"), Rep::kF64);  // its argument is the literal 2
  // map's callback: (element, index, array); reduce's: (accumulator, element, index, array).
  Trace m = MustRead(TraceWith(HostCall("map", R"(["a","i","arr","u"])", kReturnT)));
  InferTypes(&m);
  const Reps& cb = m.main.body[0].targets[0].callbacks[0].reps;
  EXPECT_EQ(cb.count("a"), 0u);
  ASSERT_EQ(cb.count("i"), 1u);
  EXPECT_EQ(cb.at("i"), Rep::kF64);
  EXPECT_EQ(cb.count("arr"), 0u);
  EXPECT_EQ(cb.count("u"), 0u);           // undefined
  EXPECT_EQ(m.main.reps.count("r"), 0u);  // a new array
  Trace red = MustRead(
      TraceWith(HostCall("reduce", R"(["acc","a","i"])", kReturnT, R"(,{"a":"num","v":0})")));
  InferTypes(&red);
  const Reps& rcb = red.main.body[0].targets[0].callbacks[0].reps;
  EXPECT_EQ(rcb.count("acc"), 0u);
  EXPECT_EQ(rcb.count("a"), 0u);
  EXPECT_EQ(rcb.at("i"), Rep::kF64);
  // The hosts' own results: some/every a boolean, findIndex a number.
  Trace some = MustRead(TraceWith(HostCall("some", R"(["a"])", kReturnT)));
  InferTypes(&some);
  EXPECT_EQ(some.main.reps.at("r"), Rep::kBool);
  Trace fi = MustRead(TraceWith(HostCall("findIndex", R"(["a"])", kReturnT)));
  InferTypes(&fi);
  EXPECT_EQ(fi.main.reps.at("r"), Rep::kF64);
}

TEST(Closures, ModuleStateThroughCapturesAndCallbacks) {
  // y = G; x = function 1 capturing y; x() writes into k (= G) through the capture.
  const std::string write_k =
      R"([{"s":"set","name":"y","value":{"a":"mod","name":"G"}},)"
      R"({"s":"set","name":"x","value":{"e":"function","id":1,"captures":[{"a":"var","name":"y"}]}},)"
      R"({"s":"call","site":1,"result":null,"callee":{"a":"var","name":"x"},"args":[],)"
      R"("targets":[{"function":1,"name":"f","params":[],"captures":["k"],"locals":["k"],)"
      R"("label":"R1","body":[{"s":"setprop","object":{"a":"var","name":"k"},)"
      R"("key":{"a":"str","v":"n"},"value":{"a":"num","v":1}}]}]}])";
  Status s = CheckModuleObjectWrites(MustRead(TraceWith(write_k)));
  EXPECT_EQ(s.code(), ErrorCode::kModuleWrite);
  EXPECT_EQ(s.path(), "/main/body/2/targets/0/body/0");
  // The same closure over a fresh object is fine.
  EXPECT_TRUE(CheckModuleObjectWrites(MustRead(TraceWith(With(write_k, R"({"a":"mod","name":"G"})",
                                                              R"({"e":"object","props":[]})"))))
                  .ok());
  // G.forEach((a) => { a.n = 1 }): the callback writes into an element of module state.
  const std::string each = R"([{"s":"call","site":3,"result":null,"callee":{"a":"var","name":"x"},)"
                           R"("this":{"a":"mod","name":"G"},"args":[{"a":"var","name":"x"}],)"
                           R"("targets":[{"builtin":"Array.prototype.forEach","callbacks":[)"
                           R"({"function":2,"name":"","params":["a"],"locals":[],"result":"$cb1",)"
                           R"("label":"R2","body":[{"s":"setprop","object":{"a":"var","name":"a"},)"
                           R"("key":{"a":"str","v":"n"},"value":{"a":"num","v":1}}]}]}]}])";
  Status e = CheckModuleObjectWrites(MustRead(TraceWith(each)));
  EXPECT_EQ(e.code(), ErrorCode::kModuleWrite);
  EXPECT_EQ(e.path(), "/main/body/0/targets/0/callbacks/0/body/0");
  EXPECT_TRUE(
      CheckModuleObjectWrites(MustRead(TraceWith(With(each, R"("this":{"a":"mod","name":"G"})",
                                                      R"("this":{"a":"var","name":"y"})"))))
          .ok());
  // r = G.find(..) is an element of G: writing into it writes module state.
  const std::string found =
      HostCall("find", R"(["a"])", kReturnT)
          .substr(0, HostCall("find", R"(["a"])", kReturnT).size() - 1) +
      R"(,{"s":"setprop","object":{"a":"var","name":"r"},"key":{"a":"str","v":"n"},)"
      R"("value":{"a":"num","v":1}}])";
  EXPECT_TRUE(CheckModuleObjectWrites(MustRead(TraceWith(found))).ok());
  Status f = CheckModuleObjectWrites(MustRead(TraceWith(
      With(found, R"("this":{"a":"var","name":"y"})", R"("this":{"a":"mod","name":"G"})"))));
  EXPECT_EQ(f.code(), ErrorCode::kModuleWrite);
  EXPECT_EQ(f.path(), "/main/body/1");
  // A setmod in a callback is main writing a module binding.
  Status c = CheckCompilable(MustRead(TraceWith(
      HostCall("map", R"(["a"])", R"([{"s":"setmod","name":"G","value":{"a":"null"}}])"))));
  EXPECT_EQ(c.code(), ErrorCode::kModuleWrite);
  EXPECT_EQ(c.path(), "/main/body/0/targets/0/callbacks/0/body/0");
}

TEST(Closures, EmitsTheHostLoopAndTheCaptureBinding) {
  std::string rust;
  ASSERT_TRUE(TraceToRust(TraceWith(kAdd), &rust).ok());
  EXPECT_NE(rust.find("v_x = closure::make(ctx, 1, Some(\"add\"), vec![v_y.clone()])?;"),
            std::string::npos)
      << rust;
  EXPECT_NE(rust.find("let mut f1_k: Value = closure::capture(&v_x, 0)?;"), std::string::npos)
      << rust;
  ASSERT_TRUE(TraceToRust(TraceWith(HostCall("filter", R"(["a"])", kReturnT)), &rust).ok());
  EXPECT_NE(rust.find("closure::host_receiver(&v_y, 3, \"Array.prototype.filter\")?"),
            std::string::npos)
      << rust;
  EXPECT_NE(rust.find(".is_user_fn(2)"), std::string::npos) << rust;
  EXPECT_NE(rust.find("closure::untraced_callback(3, \"Array.prototype.filter\")"),
            std::string::npos)
      << rust;
}

}  // namespace
}  // namespace containerless::compiler

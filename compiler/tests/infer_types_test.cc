// Tests of InferTypes (pass_infer_types.cc): which locals become unboxed f64 or bool, and why not.
#include <gtest/gtest.h>

#include <string>

#include "passes.h"
#include "reader.h"

namespace containerless::compiler {
namespace {

std::string Var(const std::string& name) {
  return R"({"a":"var","name":")" + name + R"("})";
}
std::string Num(int v) {
  return R"({"a":"num","v":)" + std::to_string(v) + "}";
}
std::string Bin(const std::string& op, const std::string& l, const std::string& r) {
  return R"({"e":"binary","op":")" + op + R"(","left":)" + l + R"(,"right":)" + r + "}";
}
std::string Set(const std::string& name, const std::string& value) {
  return R"({"s":"set","name":")" + name + R"(","value":)" + value + "}";
}

// main(args) with locals a..h around `body`; runs the passes and returns main's reps.
Reps Infer(const std::string& body, Trace* out = nullptr) {
  std::string json = std::string(R"({"version":1,"code_sha256":")") + std::string(64, 'a') +
                     R"(","entry":"main","activations":1,"stable_for":1,"compilable":true,)"
                     R"("not_compilable_because":null,"module":{"locals":["M"],"body":[]},)"
                     R"("main":{"params":["args"],"locals":["a","b","c","d","e","f","g","h","t"],)"
                     R"("body":)" +
                     body + "}}";
  Trace t;
  Status s = ReadTrace(json, &t);
  EXPECT_TRUE(s.ok()) << s.ToString();
  InferTypes(&t);
  Reps reps = t.main.reps;
  if (out) *out = std::move(t);
  return reps;
}

Rep RepOf(const Reps& reps, const std::string& name) {
  auto it = reps.find(name);
  return it == reps.end() ? Rep::kValue : it->second;
}

TEST(InferTypes, ALocalOnlyAssignedNumbersIsF64) {
  // a = 0; loop { b = a < 10; if b {} else break; a = a + 1 }
  Reps r = Infer(
      "[" + Set("a", Num(0)) + R"(,{"s":"loop","label":"L","body":[)" +
      Set("b", Bin("<", Var("a"), Num(10))) +
      R"(,{"s":"if","site":9,"test":{"a":"var","name":"b"},"then":[],"else":[{"s":"break","label":"L"}]},)" +
      Set("a", Bin("+", Var("a"), Num(1))) + "]}]");
  // A number, and an integer one: only integer literals and sums define it (pass_int_locals.cc).
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "b"), Rep::kBool);  // a comparison is always a boolean
}

TEST(InferTypes, ArithmeticOnUnknownsIsStillANumber) {
  // c = args.n * 2: `*` always gives a number, whatever args.n is.
  Reps r = Infer(
      "[" +
      Set("a", R"({"e":"get","object":{"a":"var","name":"args"},"key":{"a":"str","v":"n"}})") +
      "," + Set("c", Bin("*", Var("a"), Num(2))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);  // a property read can be anything
  EXPECT_EQ(RepOf(r, "c"), Rep::kF64);
}

TEST(InferTypes, PlusWithAPossibleStringStaysBoxed) {
  Reps r = Infer("[" + Set("a", Num(1)) + "," + Set("b", R"({"a":"str","v":"x"})") + "," +
                 Set("c", Bin("+", Var("a"), Var("b"))) + "," +
                 Set("d", Bin("+", Var("a"), Var("args"))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "b"), Rep::kValue);  // strings stay Values
  EXPECT_EQ(RepOf(r, "c"), Rep::kValue);  // number + string is a string
  EXPECT_EQ(RepOf(r, "d"), Rep::kValue);  // number + object may be either
}

TEST(InferTypes, ALocalWithTwoTypesStaysBoxed) {
  Reps r = Infer("[" + Set("a", Num(1)) + "," + Set("a", R"({"a":"null"})") + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(InferTypes, AReadBeforeTheFirstAssignmentSeesUndefined) {
  // b = a + 1 reads `a` while it is still undefined, so `a` may hold undefined.
  Reps r = Infer("[" + Set("b", Bin("-", Var("a"), Num(1))) + "," + Set("a", Num(2)) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "b"), Rep::kF64);
}

TEST(InferTypes, AnAssignmentOnOnlyOneSideOfAnIfIsNotDefinite) {
  // if args { a = 1 } else {}; b = a - 1: on the else side `a` is still undefined.
  Reps r =
      Infer(R"([{"s":"if","site":9,"test":{"a":"var","name":"args"},"then":[)" + Set("a", Num(1)) +
            R"(],"else":[]},)" + Set("b", Bin("-", Var("a"), Num(1))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(InferTypes, AnAssignmentOnBothSidesIsDefinite) {
  Reps r = Infer(R"([{"s":"if","site":9,"test":{"a":"var","name":"args"},"then":[)" +
                 Set("a", Num(1)) + R"(],"else":[)" + Set("a", Num(2)) + R"(]},)" +
                 Set("b", Bin("-", Var("a"), Num(1))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
}

TEST(InferTypes, AnUntracedSideDoesNotCount) {
  // The else side aborts: after the if, `a` was assigned on every path that gets there.
  Reps r = Infer(R"([{"s":"if","site":9,"test":{"a":"var","name":"args"},"then":[)" +
                 Set("a", Num(1)) + R"(],"else":[{"s":"unknown","reason":"untraced"}]},)" +
                 Set("b", Bin("-", Var("a"), Num(1))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
}

TEST(InferTypes, ALoopBodyAssignmentIsNotDefiniteAfterTheLoop) {
  // loop { if args {} else break; a = 1 }; b = a: the loop may end before `a` is set.
  Reps r = Infer(
      R"([{"s":"loop","label":"L","body":[{"s":"if","site":9,"test":{"a":"var","name":"args"},"then":[],)"
      R"("else":[{"s":"break","label":"L"}]},)" +
      Set("a", Num(1)) + "]}," + Set("b", Var("a")) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(InferTypes, ParametersAndBuiltinsAreNotNumbers) {
  Reps r = Infer("[" + Set("a", Var("args")) + "," + Set("b", R"({"a":"global","name":"NaN"})") +
                 "," + Set("c", R"({"a":"mod","name":"M"})") + "]");
  EXPECT_EQ(RepOf(r, "args"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "b"), Rep::kValue);  // globals and module bindings can be anything
  EXPECT_EQ(RepOf(r, "c"), Rep::kValue);
}

TEST(InferTypes, LengthOfAnArrayLiteralIsANumber) {
  Reps r = Infer(
      "[" + Set("a", R"({"e":"array","items":[]})") + "," +
      Set("b", R"({"e":"get","object":{"a":"var","name":"a"},"key":{"a":"str","v":"length"}})") +
      "," +
      Set("c", R"({"e":"get","object":{"a":"var","name":"args"},"key":{"a":"str","v":"length"}})") +
      "]");
  EXPECT_EQ(RepOf(r, "b"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "c"), Rep::kValue);  // args.length could be any own property
}

TEST(InferTypes, BuiltinResultsAndDelete) {
  std::string floor =
      R"({"s":"call","site":1,"result":"a","callee":{"a":"var","name":"h"},"args":[{"a":"num","v":1.5}],)"
      R"("targets":[{"builtin":"Math.floor"}]})";
  std::string unknown =
      R"({"s":"call","site":2,"result":"b","callee":{"a":"var","name":"h"},"args":[],)"
      R"("targets":[{"builtin":"JSON.parse"}]})";
  std::string del =
      R"({"s":"delete","result":"c","object":{"a":"var","name":"args"},"key":{"a":"str","v":"k"}})";
  Reps r = Infer("[" + Set("h", R"({"a":"global","name":"Math"})") + "," + floor + "," + unknown +
                 "," + del + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "b"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "c"), Rep::kBool);
}

// function sq(x) { return x * x }, called with a number: the callee's parameter is an f64, and
// so is the call's result, because every way out of the body assigns it.
std::string InlinedCall(const std::string& arg, bool falls_off) {
  std::string body = R"([{"s":"set","name":"t","value":)" + Bin("*", Var("x"), Var("x")) + "}," +
                     R"({"s":"set","name":"a","value":{"a":"var","name":"t"},"scope":"caller"},)"
                     R"({"s":"break","label":"R1"}])";
  if (falls_off) {
    body = R"([{"s":"if","site":9,"test":{"a":"var","name":"x"},"then":[)" +
           body.substr(1, body.size() - 2) + R"(],"else":[]}])";
  }
  return R"({"s":"call","site":1,"result":"a","callee":{"a":"var","name":"h"},"args":[)" + arg +
         R"(],"targets":[{"function":1,"name":"sq","params":["x"],"locals":["t"],"label":"R1","body":)" +
         body + "}]}";
}

TEST(InferTypes, InlinedCalleesGetTheirArgumentsTypes) {
  Trace t;
  Reps r = Infer("[" + InlinedCall(Num(3), false) + "]", &t);
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
  const Reps& callee = t.main.body.at(0).targets.at(0).reps;
  EXPECT_EQ(RepOf(callee, "x"), Rep::kF64);
  EXPECT_EQ(RepOf(callee, "t"), Rep::kF64);
}

TEST(InferTypes, ACalleeThatMayFallOffTheEndReturnsUndefined) {
  Trace t;
  Reps r = Infer("[" + InlinedCall(Num(3), true) + "]", &t);
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);  // undefined when x is 0
  EXPECT_EQ(RepOf(t.main.body.at(0).targets.at(0).reps, "t"), Rep::kF64);
}

TEST(InferTypes, ACalleeParameterWithAnUnknownArgumentStaysBoxed) {
  Trace t;
  Reps r = Infer("[" + InlinedCall(Var("args"), false) + "]", &t);
  EXPECT_EQ(RepOf(t.main.body.at(0).targets.at(0).reps, "x"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);  // x * x is a number anyway
}

// Speculation from `seen` (pass_speculate.cc) -----------------------------------------------

// An operation with the operand types the tracer saw: `seen` is the JSON list of lists.
std::string Seen(const std::string& expr, const std::string& seen) {
  return expr.substr(0, expr.size() - 1) + R"(,"seen":)" + seen + "}";
}
std::string GetArgs(const std::string& key) {
  return Seen(
      R"({"e":"get","object":{"a":"var","name":"args"},"key":{"a":"str","v":")" + key + R"("}})",
      R"([["object"],["string"]])");
}
const char kNumbers[] = R"([["number"],["number"]])";

TEST(Speculate, AReadWhoseUsesAllSawNumbersIsF64) {
  // a = args.n; b = a * 2 (seen: number, number): a is unboxed, its definition guarded.
  Reps r = Infer("[" + Set("a", GetArgs("n")) + "," +
                 Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "," +
                 Set("c", Seen(Bin("<", Var("b"), Var("a")), kNumbers)) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "b"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "c"), Rep::kBool);
}

TEST(Speculate, NothingWithoutSeen) {
  Reps r = Infer("[" + Set("a", GetArgs("n")) + "," + Set("b", Bin("*", Var("a"), Num(2))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(Speculate, AUseThatSawAnotherTypeKeepsItBoxed) {
  Reps r = Infer("[" + Set("a", GetArgs("n")) + "," +
                 Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "," +
                 Set("c", Seen(Bin("===", Var("a"), R"({"a":"undef"})"),
                               R"([["number","undefined"],["undefined"]])")) +
                 "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(Speculate, AnOperandWithoutSeenCountsAgainst) {
  // The second use was never run when traced: no evidence, so no guess.
  Reps r = Infer("[" + Set("a", GetArgs("n")) + "," +
                 Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "," +
                 Set("c", Bin("-", Var("a"), Num(1))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(Speculate, ATruthinessTestCountsAgainst) {
  // `if (a)` is how code tells a number from undefined, and it records no types.
  Reps r = Infer("[" + Set("a", GetArgs("n")) +
                 R"(,{"s":"if","site":9,"test":{"a":"var","name":"a"},"then":[)" +
                 Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + R"(],"else":[]}])");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(Speculate, StoredValuesRevealNothing) {
  // An object literal's value and a property write neither help nor hurt.
  Reps r = Infer(
      "[" + Set("a", GetArgs("n")) + "," + Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) +
      "," + Set("c", R"({"e":"object","props":[{"key":"n","value":{"a":"var","name":"a"}}]})") +
      R"(,{"s":"setprop","object":{"a":"var","name":"c"},"key":{"a":"str","v":"m"},)"
      R"("value":{"a":"var","name":"a"}}])");
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
}

TEST(Speculate, TheGuardMovesToACopy) {
  // t = args.size; if t {} else { t = 30 }; a = t; b = a * a: t is tested for truthiness, so
  // it stays boxed, and the guard is at `a = t`.
  Reps r = Infer("[" + Set("t", GetArgs("size")) +
                 R"(,{"s":"if","site":9,"test":{"a":"var","name":"t"},"then":[],"else":[)" +
                 Set("t", Num(30)) + "]}," + Set("a", Var("t")) + "," +
                 Set("b", Seen(Bin("*", Var("a"), Var("a")), kNumbers)) + "]");
  EXPECT_EQ(RepOf(r, "t"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
}

TEST(Speculate, ACopyIntoAnUnspeculatedLocalKeepsItBoxed) {
  // a's value also lives on in b, whose use saw a string.
  Reps r =
      Infer("[" + Set("a", GetArgs("n")) + "," +
            Set("c", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "," + Set("b", Var("a")) + "," +
            Set("d", Seen(Bin("+", Var("b"), Var("b")), R"([["string"],["string"]])")) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "b"), Rep::kValue);
}

TEST(Speculate, ADefinitionThatCanNeverBeANumberCancelsIt) {
  // if args { a = "x" } else { a = args.n }; b = a * 2: the guard on "x" would always fail.
  Reps r = Infer(R"([{"s":"if","site":9,"test":{"a":"var","name":"args"},"then":[)" +
                 Set("a", R"({"a":"str","v":"x"})") + R"(],"else":[)" + Set("a", GetArgs("n")) +
                 "]}," + Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(Speculate, ABooleanFromItsUses) {
  // a = args.flag; b = !a (seen: boolean).
  Reps r = Infer(
      "[" + Set("a", GetArgs("flag")) + "," +
      Set("b", Seen(R"({"e":"unary","op":"!","arg":{"a":"var","name":"a"}})", R"([["boolean"]])")) +
      "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kBool);
  EXPECT_EQ(RepOf(r, "b"), Rep::kBool);
}

TEST(Speculate, AnUnassignedReadStaysBoxed) {
  // b = a * 2 runs before a = args.n: undefined there cannot be guarded away.
  Reps r = Infer("[" + Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "," +
                 Set("a", GetArgs("n")) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

TEST(Speculate, ThroughAnInlinedCallersArgument) {
  // a = args.n; sq(a) where sq's x * x saw numbers: x and a are both unboxed.
  std::string call = InlinedCall(Var("a"), false);
  std::string plain = Bin("*", Var("x"), Var("x"));
  call.replace(call.find(plain), plain.size(), Seen(plain, kNumbers));
  Trace t;
  // (The call's result is returned: a dead definition of `a` would count against it.)
  const std::string ret = R"(,{"s":"return","value":{"a":"var","name":"a"}})";
  Reps r = Infer("[" + Set("a", GetArgs("n")) + "," +
                     Set("b", Seen(Bin("-", Var("a"), Num(1)), kNumbers)) + "," + call + ret + "]",
                 &t);
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
  EXPECT_EQ(RepOf(t.main.body.at(2).targets.at(0).reps, "x"), Rep::kF64);
  // Passed on without a use of its own, a stays boxed and the guard binds the parameter.
  Reps r2 = Infer("[" + Set("a", GetArgs("n")) + "," + call + "]", &t);
  EXPECT_EQ(RepOf(r2, "a"), Rep::kValue);
  EXPECT_EQ(RepOf(t.main.body.at(1).targets.at(0).reps, "x"), Rep::kF64);
}

}  // namespace
}  // namespace containerless::compiler

// `await`: a value that cannot be a promise or a thenable awaits to itself; anything else (an
// object, e.g. a promise) gives anything.
namespace containerless::compiler {
namespace {

std::string Await(const std::string& a) {
  return R"({"e":"await","arg":)" + a + "}";
}

TEST(InferTypes, AwaitOfANumberIsANumberAndOfAnObjectAnything) {
  Reps r = Infer("[" + Set("a", Num(1)) + "," + Set("b", Await(Var("a"))) + "," +
                 Set("c", R"({"e":"object","props":[]})") + "," + Set("d", Await(Var("c"))) + "," +
                 Set("e", Await(Var("args"))) + "]");
  EXPECT_EQ(RepOf(r, "b"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "d"), Rep::kValue);
  EXPECT_EQ(RepOf(r, "e"), Rep::kValue);
}

TEST(Speculate, ADeadDefinitionOfAnotherTypeCountsAgainst) {
  // a = args.x; a = args.n; b = a * 2: the first value is never read, and its guard would
  // abort where nothing uses it.
  Reps r = Infer("[" + Set("a", GetArgs("x")) + "," + Set("a", GetArgs("n")) + "," +
                 Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
  // A dead definition that is a number anyway does not.
  Reps r2 = Infer("[" + Set("a", Num(0)) + "," + Set("a", GetArgs("n")) + "," +
                  Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "]");
  EXPECT_EQ(RepOf(r2, "a"), Rep::kF64);
}

TEST(Speculate, ALoopCarriedDefinitionIsLive) {
  // a = args.n; loop { b = a * 2; a = b - 1 (read on the next turn); if b {} else break }
  Reps r = Infer("[" + Set("a", GetArgs("n")) + R"(,{"s":"loop","label":"L","body":[)" +
                 Set("b", Seen(Bin("*", Var("a"), Num(2)), kNumbers)) + "," +
                 Set("a", Seen(Bin("-", Var("b"), Num(1)), kNumbers)) +
                 R"(,{"s":"if","site":9,"test":{"a":"var","name":"b"},"then":[],)"
                 R"("else":[{"s":"break","label":"L"}]}]}])");
  EXPECT_EQ(RepOf(r, "a"), Rep::kF64);
}

// pass_int_locals.cc: integer literals, copies (`+x` too), sums and differences, to a fixed
// point; anything else keeps an f64.
TEST(IntLocals, OnlyIntegerFormsMakeAnInteger) {
  std::string neg = R"({"e":"unary","op":"-","arg":{"a":"var","name":"a"}})";
  std::string plus = R"({"e":"unary","op":"+","arg":{"a":"var","name":"a"}})";
  Reps r =
      Infer("[" + Set("a", Num(-3)) + "," + Set("b", Bin("-", Var("a"), Num(7))) + "," +
            Set("c", plus) + "," + Set("d", Bin("*", Var("a"), Num(2))) + "," + Set("e", neg) +
            "," + Set("f", R"({"a":"num","v":0.5})") + "," + Set("g", Bin("+", Var("f"), Num(1))) +
            "," + Set("h", Var("g")) + "," + Set("t", R"({"a":"num","v":"-0"})") + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "b"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "c"), Rep::kInt);  // +a
  EXPECT_EQ(RepOf(r, "d"), Rep::kInt);  // -3 * 2: in range, never -0
  EXPECT_EQ(RepOf(r, "e"), Rep::kF64);  // -a of 0 is -0
  EXPECT_EQ(RepOf(r, "f"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "g"), Rep::kF64);  // from f
  EXPECT_EQ(RepOf(r, "h"), Rep::kF64);  // from g, to the fixed point
  EXPECT_EQ(RepOf(r, "t"), Rep::kF64);  // -0
}

// The hash loop `a = (a * 31 + s.charCodeAt(i)) % 1000000007`: the ranges bound every
// product, so it runs in integers (num::mul_int/rem_int never abort there).
TEST(IntLocals, ABoundedHashIsAnInteger) {
  auto code = [](const std::string& result, const std::string& index) {
    return R"({"s":"call","site":3,"result":")" + result +
           R"(","callee":{"a":"var","name":"h"},"this":{"a":"var","name":"args"},"args":[)" +
           index + R"(],"targets":[{"builtin":"String.prototype.charCodeAt"}]})";
  };
  std::string hash =
      Set("a", Num(0)) + "," + Set("b", Num(0)) + "," + code("c", Var("b")) + "," +
      Set("t", Bin("*", Var("a"), Num(31))) + "," + Set("e", Bin("+", Var("t"), Var("c"))) + "," +
      Set("a", Bin("%", Var("e"), Num(1000000007))) + "," + Set("b", Bin("+", Var("b"), Num(1)));
  Reps r = Infer("[" + hash + "," + code("d", Num(0)) + "," + code("f", Var("b")) + "]");
  EXPECT_EQ(RepOf(r, "c"), Rep::kInt);  // a code unit (NaN aborts)
  EXPECT_EQ(RepOf(r, "t"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "e"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "d"), Rep::kF64);  // a literal index: not a scan (maybe NaN)
  EXPECT_EQ(RepOf(r, "f"), Rep::kF64);  // no integer local uses it: nothing to gain
}

// Where a product or remainder could abort, the local stays an f64 (as JavaScript computes it).
TEST(IntLocals, UnboundedProductsAndSignedRemaindersStayF64) {
  Reps r = Infer("[" + Set("f", Num(1)) + "," + Set("g", Bin("*", Var("f"), Num(2))) + "," +
                 Set("f", Var("g")) + "," + Set("b", Num(-3)) + "," +
                 Set("d", Bin("%", Var("b"), Num(3))) + "," + Set("e", Num(7)) + "," +
                 Set("h", Bin("%", Var("e"), Num(0))) + "," + Set("a", Num(0)) + "," +
                 Set("t", Bin("*", Var("a"), Var("b"))) + "," +
                 Set("c", Bin("%", Var("e"), Num(4))) + "]");
  EXPECT_EQ(RepOf(r, "f"), Rep::kF64);  // doubling without bound passes 2^53
  EXPECT_EQ(RepOf(r, "g"), Rep::kF64);
  EXPECT_EQ(RepOf(r, "d"), Rep::kF64);  // -3 % 3 is -0
  EXPECT_EQ(RepOf(r, "h"), Rep::kF64);  // 7 % 0 is NaN
  EXPECT_EQ(RepOf(r, "t"), Rep::kF64);  // 0 * -3 is -0
  EXPECT_EQ(RepOf(r, "c"), Rep::kInt);  // 7 % 4
  EXPECT_EQ(RepOf(r, "e"), Rep::kInt);
}

// `a = (a * 2 + 1) % 1000` in a loop: a's range grows for more rounds than the widening waits,
// so it widens to infinity, and narrowing bounds it again by the remainder; the product and
// the sum computed from it are bounded then too.
TEST(IntLocals, NarrowingBoundsWhatWideningMadeInfinite) {
  Reps r = Infer(
      "[" + Set("a", Num(0)) + "," + Set("c", Bin("*", Var("a"), Num(2))) + "," +
      Set("b", Bin("+", Var("c"), Num(1))) + "," + Set("a", Bin("%", Var("b"), Num(1000))) + "," +
      Set("d", Bin("-", Var("a"), Num(5))) + "," + Set("e", Bin("*", Var("d"), Num(3))) + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "b"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "c"), Rep::kInt);
  EXPECT_EQ(RepOf(r, "d"), Rep::kInt);  // -5..994
  EXPECT_EQ(RepOf(r, "e"), Rep::kInt);  // d * 3: d may be 0, but 3 is not negative: never -0
}

TEST(IntLocals, ALiteralPast2To53IsNotAnInteger) {
  Reps r = Infer("[" + Set("a", R"({"a":"num","v":9007199254740992})") + "," +
                 Set("b", R"({"a":"num","v":18014398509481984})") + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kInt);  // 2^53 itself
  EXPECT_EQ(RepOf(r, "b"), Rep::kF64);
}

std::string Push(const std::string& self, const std::string& arg, const std::string& target) {
  return R"({"s":"call","site":3,"result":null,"callee":{"a":"var","name":"h"},"this":)" +
         Var(self) + R"(,"args":[)" + arg + R"(],"targets":[{"builtin":")" + target + R"("}]})";
}

// pass_local_arrays.cc: a local made only by number array literals and only indexed with
// numbers, written numbers, pushed one number or asked its length is a NumArr.
TEST(LocalArrays, ANumberArrayThatStaysLocalIsANumArr) {
  std::string get = R"({"e":"get","object":{"a":"var","name":"a"},"key":)";
  Reps r =
      Infer("[" + Set("b", Num(1)) + "," +
            Set("a", R"({"e":"array","items":[)" + Num(2) + "," + Var("b") + "]}") + "," +
            Set("c", get + Var("b") + "}") + "," + Set("d", get + R"({"a":"str","v":"length"}})") +
            "," + R"({"s":"setprop","object":{"a":"var","name":"a"},"key":)" + Num(0) +
            R"(,"value":)" + Var("b") + "}," + Push("a", Num(4), "Array.prototype.push") + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kNumArray);
  EXPECT_EQ(RepOf(r, "c"), Rep::kValue);  // an element read can be undefined
}

TEST(LocalArrays, ArraysThatEscapeOrHoldOtherValuesStayValues) {
  std::string arr = R"({"e":"array","items":[)" + Num(1) + "]}";
  Reps r = Infer("[" + Set("a", arr) + "," + Set("t", Var("a")) +                    // copied
                 "," + Set("b", R"({"e":"array","items":[{"a":"str","v":"s"}]})") +  // a string
                 "," + Set("c", arr) + "," +
                 Push("c", Var("args"), "Array.prototype.push") +  // a Value pushed
                 "," + Set("d", arr) + "," +
                 Push("d", Num(1), "Array.prototype.pop") +  // another method
                 "," + Set("e", arr) + R"(,{"s":"setprop","object":{"a":"var","name":"e"},)" +
                 R"("key":{"a":"str","v":"x"},"value":)" + Num(1) + "}" +  // a named property
                 "," + Set("f", arr) + R"(,{"s":"return","value":{"a":"var","name":"f"}})" + "]");
  for (const char* name : {"a", "b", "c", "d", "e", "f"}) {
    EXPECT_EQ(RepOf(r, name), Rep::kValue) << name;
  }
}

TEST(LocalArrays, AReadBeforeTheArrayIsMadeKeepsAValue) {
  std::string get = R"({"e":"get","object":{"a":"var","name":"a"},"key":)" + Num(0) + "}";
  Reps r = Infer("[" + Set("c", get) + "," + Set("a", R"({"e":"array","items":[]})") + "]");
  EXPECT_EQ(RepOf(r, "a"), Rep::kValue);
}

}  // namespace
}  // namespace containerless::compiler

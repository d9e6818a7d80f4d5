// Tests of the trace reader: every error kind with its location, and the IR it builds.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "reader.h"
#include "trace_builder.h"

namespace containerless::compiler {
namespace {

using testing::TraceWith;

Status Read(const std::string& json, Trace* trace = nullptr) {
  Trace local;
  return ReadTrace(json, trace ? trace : &local);
}

// Reads `json` and expects an error of `code` at `path`.
void ExpectError(const std::string& json, ErrorCode code, const std::string& path) {
  Status s = Read(json);
  ASSERT_FALSE(s.ok()) << json;
  EXPECT_EQ(ErrorCodeName(s.code()), std::string(ErrorCodeName(code))) << s.ToString();
  EXPECT_EQ(s.path(), path) << s.ToString();
}

TEST(Reader, AcceptsAMinimalTrace) {
  Trace t;
  ASSERT_TRUE(Read(TraceWith("[]"), &t).ok());
  EXPECT_EQ(t.entry, "main");
  EXPECT_EQ(t.main.params.size(), 1u);
  EXPECT_EQ(t.module.locals.size(), 2u);
}

TEST(Reader, Syntax) {
  Status s = Read("{\"version\":1,");
  EXPECT_EQ(s.code(), ErrorCode::kSyntax);
  EXPECT_NE(s.message().find("not JSON"), std::string::npos);
}

TEST(Reader, InvalidUtf8IsASyntaxError) {
  std::string json = TraceWith(R"([{"s":"set","name":"x","value":{"a":"str","v":"\xff"}}])");
  EXPECT_EQ(Read(json).code(), ErrorCode::kSyntax);
}

TEST(Reader, VersionNamesBothVersions) {
  std::string json = TraceWith("[]");
  json.replace(json.find("\"version\":1"), 11, "\"version\":2");
  Status s = Read(json);
  EXPECT_EQ(s.code(), ErrorCode::kVersion);
  EXPECT_EQ(s.path(), "/version");
  EXPECT_NE(s.message().find("version 2"), std::string::npos);
  EXPECT_NE(s.message().find("version 1"), std::string::npos);
}

TEST(Reader, MissingFields) {
  ExpectError(R"({"version":1})", ErrorCode::kMissingField, "");
  ExpectError(TraceWith(R"([{"s":"set","name":"x"}])"), ErrorCode::kMissingField, "/main/body/0");
  ExpectError(TraceWith(R"([{"s":"if","site":1,"test":{"a":"undef"},"then":[]}])"),
              ErrorCode::kMissingField, "/main/body/0");
}

TEST(Reader, WrongTypes) {
  ExpectError(TraceWith(R"({"s":"return"})"), ErrorCode::kWrongType, "/main/body");
  ExpectError(TraceWith(R"([{"s":"set","name":5,"value":{"a":"null"}}])"), ErrorCode::kWrongType,
              "/main/body/0/name");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"bool","v":1}}])"), ErrorCode::kWrongType,
              "/main/body/0/value/v");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"num","v":1},"loc":[1]}])"),
              ErrorCode::kWrongType, "/main/body/0/loc");
  ExpectError(TraceWith(R"([{"s":"if","site":1,"test":{"a":"undef"},"then":[],"else":[],)"
                        R"("taken":[1,-1]}])"),
              ErrorCode::kWrongType, "/main/body/0/taken");
}

TEST(Reader, UnknownKinds) {
  ExpectError(TraceWith(R"([{"s":"goto"}])"), ErrorCode::kUnknownKind, "/main/body/0/s");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"regex"}}])"), ErrorCode::kUnknownKind,
              "/main/body/0/value/a");
  ExpectError(TraceWith(R"([{"s":"set","name":"x","value":{"e":"call"}}])"),
              ErrorCode::kUnknownKind, "/main/body/0/value/e");
  ExpectError(TraceWith(R"([{"s":"call","site":1,"result":null,"callee":{"a":"undef"},)"
                        R"("args":[],"targets":[{"native":"x"}]}])"),
              ErrorCode::kUnknownKind, "/main/body/0/targets/0");
}

TEST(Reader, BadValues) {
  ExpectError(TraceWith(R"([{"s":"set","name":"x","value":{"e":"binary","op":"<=>",)"
                        R"("left":{"a":"null"},"right":{"a":"null"}}}])"),
              ErrorCode::kBadValue, "/main/body/0/value/op");
  ExpectError(TraceWith(R"([{"s":"if","site":-1,"test":{"a":"undef"},"then":[],"else":[]}])"),
              ErrorCode::kBadValue, "/main/body/0/site");
  ExpectError(TraceWith(R"([{"s":"if","site":2147483648,"test":{"a":"undef"},"then":[],)"
                        R"("else":[]}])"),
              ErrorCode::kBadValue, "/main/body/0/site");
  ExpectError(TraceWith(R"([{"s":"set","name":"x","value":{"e":"function","id":4294967296}}])"),
              ErrorCode::kBadValue, "/main/body/0/value/id");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"null"},"loc":[4294967296,0]}])"),
              ErrorCode::kBadValue, "/main/body/0/loc");
  ExpectError(TraceWith(R"([{"s":"unknown","reason":"because"}])"), ErrorCode::kBadValue,
              "/main/body/0/reason");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"num","v":"nan"}}])"), ErrorCode::kBadValue,
              "/main/body/0/value/v");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"str","u16":[70000]}}])"),
              ErrorCode::kBadValue, "/main/body/0/value/u16/0");
  ExpectError(TraceWith(R"([{"s":"set","name":"x","value":{"e":"unary","op":"-",)"
                        R"("arg":{"a":"num","v":1},"seen":[["float"]]}}])"),
              ErrorCode::kBadValue, "/main/body/0/value/seen/0/0");
  std::string json = TraceWith("[]");
  json.replace(json.find(std::string(64, 'a')), 64, std::string(64, 'A'));
  ExpectError(json, ErrorCode::kBadValue, "/code_sha256");
}

TEST(Reader, UndeclaredNames) {
  ExpectError(TraceWith(R"([{"s":"set","name":"z","value":{"a":"null"}}])"),
              ErrorCode::kUndeclaredName, "/main/body/0/name");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"var","name":"G"}}])"),
              ErrorCode::kUndeclaredName, "/main/body/0/value/name");
  ExpectError(TraceWith(R"([{"s":"return","value":{"a":"mod","name":"x"}}])"),
              ErrorCode::kUndeclaredName, "/main/body/0/value/name");
  // An inlined callee sees its own locals and its call's result, not the caller's other locals.
  ExpectError(TraceWith(R"([{"s":"call","site":1,"result":"r","callee":{"a":"mod","name":"G"},)"
                        R"("args":[],"targets":[{"function":1,"name":"f","params":["p"],)"
                        R"("locals":[],"label":"R1","body":[)"
                        R"({"s":"set","name":"r","value":{"a":"var","name":"p"},"scope":"caller"},)"
                        R"({"s":"set","name":"x","value":{"a":"null"}}]}]}])"),
              ErrorCode::kUndeclaredName, "/main/body/0/targets/0/body/1/name");
}

// A call of f(p) with result r whose inlined body is `body`.
std::string CallWithBody(const std::string& body, const std::string& locals = "[]") {
  return TraceWith(R"([{"s":"call","site":1,"result":"r","callee":{"a":"mod","name":"G"},)"
                   R"("args":[],"targets":[{"function":1,"name":"f","params":["p"],"locals":)" +
                   locals + R"(,"label":"R1","body":)" + body + "}]}]");
}

TEST(Reader, ReturnsAssignTheCallersResult) {
  // The callee has its own `r`; "scope":"caller" picks the caller's.
  Trace t;
  ASSERT_TRUE(Read(CallWithBody(R"([{"s":"set","name":"r","value":{"a":"num","v":1}},)"
                                R"({"s":"set","name":"r","value":{"a":"var","name":"r"},)"
                                R"("scope":"caller"},{"s":"break","label":"R1"}])",
                                R"(["r"])"),
                   &t)
                  .ok());
  const Block& body = t.main.body[0].targets[0].body;
  EXPECT_FALSE(body[0].to_caller);
  EXPECT_TRUE(body[1].to_caller);
  ExpectError(CallWithBody(R"([{"s":"set","name":"p","value":{"a":"null"},"scope":"caller"}])"),
              ErrorCode::kBadValue, "/main/body/0/targets/0/body/0/name");
  ExpectError(CallWithBody(R"([{"s":"set","name":"r","value":{"a":"null"},"scope":"callee"}])"),
              ErrorCode::kBadValue, "/main/body/0/targets/0/body/0/scope");
  ExpectError(TraceWith(R"([{"s":"set","name":"r","value":{"a":"null"},"scope":"caller"}])"),
              ErrorCode::kMisplaced, "/main/body/0/scope");
  // Without the scope, the callee's own locals are all it can assign.
  ExpectError(CallWithBody(R"([{"s":"set","name":"r","value":{"a":"null"}}])"),
              ErrorCode::kUndeclaredName, "/main/body/0/targets/0/body/0/name");
}

TEST(Reader, NullMainOfAnUncompilableTrace) {
  std::string json = TraceWith("[]");
  json.replace(json.find(R"("compilable":true,"not_compilable_because":null)"), 47,
               R"("compilable":false,"not_compilable_because":"main is not a function")");
  json.replace(json.find(R"("main":{)"), std::string::npos, R"("main":null})");
  Status s = Read(json);
  EXPECT_EQ(s.code(), ErrorCode::kNotCompilable) << s.ToString();
  EXPECT_NE(s.message().find("main is not a function"), std::string::npos);
}

TEST(Reader, DuplicateNames) {
  std::string json = TraceWith("[]");
  json.replace(json.find(R"(["x","y","r"])"), 13, R"(["x","y","x"])");
  ExpectError(json, ErrorCode::kDuplicateName, "/main/locals/2");
}

TEST(Reader, Labels) {
  ExpectError(TraceWith(R"([{"s":"break","label":"L1"}])"), ErrorCode::kUnknownLabel,
              "/main/body/0/label");
  ExpectError(TraceWith(R"([{"s":"block","label":"B","body":[{"s":"continue","label":"B"}]}])"),
              ErrorCode::kUnknownLabel, "/main/body/0/body/0/label");
  // A label is visible only inside its own statement.
  ExpectError(TraceWith(R"([{"s":"loop","label":"L","body":[{"s":"break","label":"L"}]},)"
                        R"({"s":"break","label":"L"}])"),
              ErrorCode::kUnknownLabel, "/main/body/1/label");
  // A callee cannot break to its caller's labels.
  ExpectError(TraceWith(R"([{"s":"loop","label":"L","body":[{"s":"call","site":1,"result":null,)"
                        R"("callee":{"a":"undef"},"args":[],"targets":[{"function":1,"name":"f",)"
                        R"("params":[],"locals":[],"label":"R1","body":[)"
                        R"({"s":"break","label":"L"}]}]}]}])"),
              ErrorCode::kUnknownLabel, "/main/body/0/body/0/targets/0/body/0/label");
  EXPECT_TRUE(Read(TraceWith(R"([{"s":"loop","label":"L","body":[{"s":"block","label":"B",)"
                             R"("body":[{"s":"continue","label":"L"},{"s":"break","label":"B"}]},)"
                             R"({"s":"break","label":"L"}]}])"))
                  .ok());
}

TEST(Reader, Misplaced) {
  ExpectError(TraceWith("[]", R"([{"s":"return","value":{"a":"null"}}])"), ErrorCode::kMisplaced,
              "/module/body/0");
  ExpectError(TraceWith(R"([{"s":"call","site":1,"result":null,"callee":{"a":"undef"},)"
                        R"("args":[],"targets":[{"function":1,"name":"f","params":[],)"
                        R"("locals":[],"label":"R1","body":[)"
                        R"({"s":"return","value":{"a":"null"}}]}]}])"),
              ErrorCode::kMisplaced, "/main/body/0/targets/0/body/0");
  ExpectError(TraceWith(R"([{"s":"set","name":"x","value":{"e":"array","items":[]}},)"
                        R"({"s":"call","site":2,"result":null,"callee":{"a":"undef"},)"
                        R"("args":[{"hole":true}],"targets":[]}])"),
              ErrorCode::kBadValue, "/main/body/1/args/0");
}

TEST(Reader, NestingIsBounded) {
  std::string body, tail;
  for (int i = 0; i < 2100; ++i) {
    body += R"([{"s":"block","label":"B","body":)";
    tail += "}]";
  }
  Status s = Read(TraceWith(body + "[]" + tail));
  EXPECT_EQ(s.code(), ErrorCode::kBadValue) << s.ToString();
  EXPECT_NE(s.message().find("nest deeper"), std::string::npos);
  // A JSON document nested far deeper than that is still parsed without recursion.
  EXPECT_EQ(Read(std::string(200000, '[') + std::string(200000, ']')).code(),
            ErrorCode::kWrongType);
}

TEST(Reader, DeepPath) {
  ExpectError(
      TraceWith(R"([{"s":"set","name":"x","value":{"a":"null"}},)"
                R"({"s":"if","site":1,"test":{"a":"var","name":"x"},"then":[)"
                R"({"s":"set","name":"y","value":{"e":"get","object":{"a":"var","name":"x"},)"
                R"("key":{"a":"var","name":"nope"}}}],"else":[]}])"),
      ErrorCode::kUndeclaredName, "/main/body/1/then/0/value/key/name");
  Status s = Read(TraceWith(R"([{"s":"break","label":"Q"}])"));
  EXPECT_EQ(s.ToString().rfind("at /main/body/0/label: ", 0), 0u) << s.ToString();
}

TEST(Reader, BuildsTheIr) {
  Trace t;
  ASSERT_TRUE(
      Read(
          TraceWith(
              R"([{"s":"set","name":"x","loc":[3,4],"value":{"e":"binary","op":">>>",)"
              R"("left":{"a":"num","v":"-0"},"right":{"a":"str","u16":[104,55296]},)"
              R"("seen":[["number"],["string","undefined"]]}},)"
              R"({"s":"call","site":7,"result":"r","callee":{"a":"global","name":"console"},)"
              R"("this":{"a":"mod","name":"G"},"args":[{"a":"var","name":"x"},{"spread":{"a":"null"}}],)"
              R"("targets":[{"builtin":"console.log"},{"opaque":"callback"}]}])"),
          &t)
          .ok());
  ASSERT_EQ(t.main.body.size(), 2u);
  const Stmt& set = t.main.body[0];
  EXPECT_EQ(set.loc.line, 3);
  EXPECT_EQ(set.value.binary, BinaryOp::kShr);
  EXPECT_TRUE(std::signbit(set.value.a.num));
  EXPECT_TRUE(set.value.b.has_u16);
  EXPECT_EQ(set.value.b.u16[1], 55296);
  ASSERT_EQ(set.value.seen.size(), 2u);
  EXPECT_EQ(set.value.seen[1], Bit(TypeTag::kString) | Bit(TypeTag::kUndefined));
  const Stmt& call = t.main.body[1];
  EXPECT_EQ(call.site, 7);
  EXPECT_TRUE(call.has_result);
  EXPECT_TRUE(call.args[1].spread);
  EXPECT_EQ(call.targets[0].kind, TargetKind::kBuiltin);
  EXPECT_EQ(call.targets[1].kind, TargetKind::kOpaque);
  EXPECT_EQ(call.key.kind, AtomKind::kMod);
}

TEST(Reader, FunctionValues) {
  // Written by the normalizer for function declarations (not yet in trace-ir.md section 4).
  Trace t;
  ASSERT_TRUE(
      Read(TraceWith("[]", R"([{"s":"setmod","name":"G","value":{"e":"function","id":3}}])"), &t)
          .ok());
  EXPECT_EQ(t.module.body[0].value.kind, ExprKind::kFunction);
  EXPECT_EQ(t.module.body[0].value.function_id, 3);
}

TEST(Reader, KindTablesRoundTrip) {
  StmtKind k;
  ASSERT_TRUE(Lookup("setprop", &k));
  EXPECT_STREQ(Name(k), "setprop");
  BinaryOp op;
  ASSERT_TRUE(Lookup("instanceof", &op));
  EXPECT_STREQ(Name(op), "instanceof");
  EXPECT_FALSE(Lookup("nope", &op));
}

}  // namespace
}  // namespace containerless::compiler

// Async functions and await (trace-ir.md, contract A).
namespace containerless::compiler {
namespace {

std::string AsyncMain(const std::string& flag, const std::string& body) {
  std::string t = TraceWith(body);
  std::string from = R"("main":{)";
  return t.replace(t.find(from), from.size(), from + R"("async":)" + flag + ",");
}

TEST(Reader, AsyncMainAndAwait) {
  Trace t;
  ASSERT_TRUE(
      Read(AsyncMain(
               "true",
               R"([{"s":"set","name":"x","value":{"e":"await","arg":{"a":"var","name":"args"}}}])"),
           &t)
          .ok());
  EXPECT_TRUE(t.main.is_async);
  EXPECT_EQ(t.main.body[0].value.kind, ExprKind::kAwait);
  EXPECT_EQ(t.main.body[0].value.a.text, "args");
  ASSERT_TRUE(Read(TraceWith("[]"), &t).ok());
  EXPECT_FALSE(t.main.is_async);
  ExpectError(AsyncMain("1", "[]"), ErrorCode::kWrongType, "/main/async");
}

TEST(Reader, AwaitOnlyInAFunctionBody) {
  const std::string await_one = R"({"e":"await","arg":{"a":"num","v":1}})";
  // In the module's top-level code, as a set or a setmod.
  ExpectError(TraceWith("[]", R"([{"s":"setmod","name":"G","value":)" + await_one + "}]"),
              ErrorCode::kMisplaced, "/module/body/0/value");
  // As a setmod in main (the module binding could not be written there anyway).
  ExpectError(TraceWith(R"([{"s":"setmod","name":"G","value":)" + await_one + "}]"),
              ErrorCode::kMisplaced, "/main/body/0/value");
  // In a function inlined into the module's code: init is not async.
  const std::string call =
      R"([{"s":"call","site":1,"result":null,"callee":{"a":"mod","name":"H"},)"
      R"("args":[],"targets":[{"function":1,"name":"f","async":true,"params":[],)"
      R"("locals":["t"],"label":"R1","body":[{"s":"set","name":"t","value":)" +
      await_one + "}]}]}]";
  ExpectError(TraceWith("[]", call), ErrorCode::kMisplaced,
              "/module/body/0/targets/0/body/0/value");
  // The same call from main is fine, and the target keeps its async flag.
  Trace t;
  ASSERT_TRUE(Read(TraceWith(call), &t).ok());
  EXPECT_TRUE(t.main.body[0].targets[0].is_async);
  // await needs its operand.
  ExpectError(TraceWith(R"([{"s":"set","name":"x","value":{"e":"await"}}])"),
              ErrorCode::kMissingField, "/main/body/0/value");
  // The module is not a function: no async flag.
  std::string m = TraceWith("[]");
  m.replace(m.find(R"("module":{)"), 10, R"("module":{"async":false,)");
  ExpectError(m, ErrorCode::kMisplaced, "/module/async");
}

// trace-ir.md section 5: a try becomes its body's statements then its finally's, spliced into
// the enclosing block; the catch block is checked and dropped (native code never runs it).
TEST(Reader, TryIsItsBodyThenItsFinally) {
  Trace t;
  const std::string set_x = R"({"s":"set","name":"x","value":{"a":"num","v":1}})";
  const std::string set_y = R"({"s":"set","name":"y","value":{"a":"num","v":2}})";
  const std::string ret = R"({"s":"return","value":{"a":"var","name":"x"}})";
  Status s = Read(
      TraceWith("[" + set_x + R"(,{"s":"try","body":[)" + set_y + R"(],"param":"r","catch":[)" +
                set_y + R"(],"finally":[)" + set_x + R"(],"loc":[2,2]},)" + ret + "]"),
      &t);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(t.main.body.size(), 4u);
  EXPECT_EQ(t.main.body[1].kind, StmtKind::kSet);
  EXPECT_EQ(t.main.body[1].name, "y");
  EXPECT_EQ(t.main.body[2].name, "x");
  EXPECT_EQ(t.main.body[3].kind, StmtKind::kReturn);
  // Without a finally, a return (or a break out of a loop) may leave the try block.
  s = Read(TraceWith(R"([{"s":"loop","label":"L","body":[{"s":"try","body":[{"s":"break",)"
                     R"("label":"L"}],"param":null,"catch":null,"finally":null}]},)" +
                     ret + R"(,{"s":"try","body":[)" + ret +
                     R"(],"param":null,"catch":[],"finally":null}])"),
           &t);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(t.main.body.size(), 3u);
  EXPECT_EQ(t.main.body[0].then_body[0].kind, StmtKind::kBreak);
}

TEST(Reader, TryErrors) {
  const std::string body = R"({"s":"set","name":"x","value":{"a":"num","v":1}})";
  auto with = [&](const std::string& param, const std::string& katch, const std::string& fin) {
    return TraceWith(R"([{"s":"try","body":[)" + body + R"(],"param":)" + param + R"(,"catch":)" +
                     katch + R"(,"finally":)" + fin + "}]");
  };
  ExpectError(with(R"("e")", "null", "null"), ErrorCode::kUndeclaredName, "/main/body/0/param");
  ExpectError(with("7", "null", "null"), ErrorCode::kWrongType, "/main/body/0/param");
  ExpectError(with("null", "{}", "null"), ErrorCode::kWrongType, "/main/body/0/catch");
  ExpectError(with("null", R"([{"s":"break","label":"Q"}])", "null"), ErrorCode::kUnknownLabel,
              "/main/body/0/catch/0/label");
  ExpectError(TraceWith(R"([{"s":"try","body":[],"param":null,"catch":null}])"),
              ErrorCode::kMissingField, "/main/body/0");
  // A jump out of a block that a finally follows would skip the finally.
  ExpectError(TraceWith(R"([{"s":"try","body":[{"s":"return","value":{"a":"undef"}}],)"
                        R"("param":null,"catch":null,"finally":[]}])"),
              ErrorCode::kMisplaced, "/main/body/0");
  ExpectError(with("null", R"([{"s":"return","value":{"a":"undef"}}])", "[]"),
              ErrorCode::kMisplaced, "/main/body/0");
  ExpectError(TraceWith(R"([{"s":"loop","label":"L","body":[{"s":"try","body":[{"s":"continue",)"
                        R"("label":"L"}],"param":null,"catch":null,"finally":[]}]}])"),
              ErrorCode::kMisplaced, "/main/body/0/body/0");
  // A jump that stays inside the try block is fine.
  EXPECT_TRUE(Read(TraceWith(R"([{"s":"try","body":[{"s":"block","label":"B","body":[)"
                             R"({"s":"break","label":"B"}]}],"param":null,"catch":null,)"
                             R"("finally":[]}])"))
                  .ok());
}

// A rest parameter "...xs" (trace-ir.md section 7, reader_rest.cc): bound per call from the
// surplus arguments, as a new array; a spread argument makes the target opaque.
std::string CallRest(const std::string& args, const std::string& params) {
  return TraceWith(
      R"([{"s":"call","site":1,"result":"r","callee":{"a":"mod","name":"G"},)"
      R"("args":)" +
      args + R"(,"targets":[{"function":1,"name":"f","params":)" + params +
      R"(,"locals":["$rest1"],"label":"R1","body":[)"
      R"({"s":"set","name":"r","value":{"a":"var","name":"xs"},"scope":"caller"}]}]}])");
}

TEST(Reader, RestParameters) {
  Trace t;
  ASSERT_TRUE(Read(CallRest(R"([{"a":"num","v":1},{"a":"num","v":2},{"a":"num","v":3}])",
                            R"(["a","...xs"])"),
                   &t)
                  .ok());
  const Target& f = t.main.body[0].targets[0];
  // The callee's own local `$rest1` keeps its name; the surplus arguments get fresh ones.
  EXPECT_EQ(f.params, (std::vector<std::string>{"a", "$rest1$", "$rest2"}));
  EXPECT_EQ(f.locals, (std::vector<std::string>{"$rest1", "xs"}));
  ASSERT_EQ(f.body.size(), 2u);
  EXPECT_EQ(f.body[0].kind, StmtKind::kSet);
  EXPECT_EQ(f.body[0].name, "xs");
  EXPECT_EQ(f.body[0].value.kind, ExprKind::kArray);
  ASSERT_EQ(f.body[0].value.items.size(), 2u);
  EXPECT_EQ(f.body[0].value.items[0].atom.text, "$rest1$");
  // Fewer arguments than parameters: an empty array.
  ASSERT_TRUE(Read(CallRest("[]", R"(["a","b","...xs"])"), &t).ok());
  EXPECT_EQ(t.main.body[0].targets[0].params, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(t.main.body[0].targets[0].body[0].value.items.empty());
  // A spread argument: the count is unknown, the target aborts.
  ASSERT_TRUE(Read(CallRest(R"([{"spread":{"a":"var","name":"x"}}])", R"(["...xs"])"), &t).ok());
  EXPECT_EQ(t.main.body[0].targets[0].kind, TargetKind::kOpaque);
  ExpectError(CallRest("[]", R"(["...xs","a"])"), ErrorCode::kBadValue,
              "/main/body/0/targets/0/params/0");
  ExpectError(CallRest("[]", R"(["..."])"), ErrorCode::kBadValue,
              "/main/body/0/targets/0/params/0");
  ExpectError(CallRest("[]", R"(["xs","...xs"])"), ErrorCode::kDuplicateName,
              "/main/body/0/targets/0/params");
}

// An async user function inlined where its promise is not awaited at once (reader_rest.cc
// LowerAsyncCalls): the result becomes a new fulfilled promise of its settled value; awaited at
// once, or beside a built-in target, it is left as it was (the async target then opaque).
std::string CallAsync(const std::string& next, const std::string& more_targets = "") {
  return TraceWith(
      R"([{"s":"call","site":1,"result":"r","callee":{"a":"mod","name":"G"},"args":[],)"
      R"("targets":[{"function":1,"name":"g","async":true,"params":[],"locals":[],"label":"R1",)"
      R"("body":[{"s":"set","name":"r","value":{"a":"num","v":2},"scope":"caller"}]})" +
      more_targets + "]}" + next + "]");
}

TEST(Reader, AsyncCallsNotAwaitedAtOnce) {
  Trace t;
  ASSERT_TRUE(
      Read(CallAsync(R"(,{"s":"set","name":"x","value":{"a":"var","name":"r"}})"), &t).ok());
  ASSERT_EQ(t.main.body.size(), 5u);
  EXPECT_EQ(t.main.body[1].kind, StmtKind::kSet);
  EXPECT_EQ(t.main.body[1].value.kind, ExprKind::kAwait);
  EXPECT_EQ(t.main.body[1].value.a.text, "r");
  EXPECT_EQ(t.main.body[2].value.kind, ExprKind::kGet);
  EXPECT_EQ(t.main.body[2].value.a.text, "Promise");
  EXPECT_EQ(t.main.body[2].name, "$async_resolve");
  const Stmt& resolve = t.main.body[3];
  EXPECT_EQ(resolve.kind, StmtKind::kCall);
  EXPECT_EQ(resolve.name, "r");
  EXPECT_EQ(resolve.object.text, "$async_resolve");
  ASSERT_EQ(resolve.targets.size(), 1u);
  EXPECT_EQ(resolve.targets[0].name, "Promise.resolve");
  EXPECT_EQ(t.main.locals.back(), "$async_resolve");
  // Awaited at once: nothing added.
  ASSERT_TRUE(
      Read(CallAsync(
               R"(,{"s":"set","name":"x","value":{"e":"await","arg":{"a":"var","name":"r"}}})"),
           &t)
          .ok());
  EXPECT_EQ(t.main.body.size(), 2u);
  EXPECT_EQ(t.main.body[0].targets[0].kind, TargetKind::kFunction);
  // Beside a built-in target: the async one aborts rather than wrap the built-in's result.
  ASSERT_TRUE(Read(CallAsync("", R"(,{"builtin":"Math.abs"})"), &t).ok());
  ASSERT_EQ(t.main.body.size(), 1u);
  EXPECT_EQ(t.main.body[0].targets[0].kind, TargetKind::kOpaque);
  EXPECT_EQ(t.main.body[0].targets[0].name, "async");
  EXPECT_EQ(t.main.body[0].targets[1].kind, TargetKind::kBuiltin);
}

}  // namespace
}  // namespace containerless::compiler

// Tests of the program document's parsing and validation: what is accepted, and each error message.
#include "program.h"

#include <gtest/gtest.h>

#include <string>

#include "test_programs.h"

namespace containerless::addon {
namespace {

using testing::CallsProgram;
using testing::GreetProgram;
using testing::Replace;

std::string ParseError(const std::string& json) {
  std::unique_ptr<Program> program;
  Status status = Program::Parse(json, &program);
  return status.ok() ? "" : status.message();
}

TEST(ProgramTest, ParsesTheSiteAndFunctionTables) {
  std::unique_ptr<Program> program;
  Status status = Program::Parse(GreetProgram(), &program);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(program->function_count(), 2);
  EXPECT_EQ(program->function(0).name, "greet");
  EXPECT_EQ(program->main_function(), 1);
  EXPECT_EQ(program->builtin_count(), 1);
  EXPECT_EQ(program->builtin(0), "console.log");
  EXPECT_EQ(program->site_count(), 5u);  // GreetProgram has no operation sites
  ASSERT_NE(program->FindSite(0), nullptr);
  EXPECT_EQ(program->FindSite(0)->kind, SiteKind::kIf);
  EXPECT_EQ(program->FindSite(0)->owner, 0);
  EXPECT_EQ(program->FindSite(2)->kind, SiteKind::kCall);
  EXPECT_EQ(program->FindSite(2)->owner, 1);
  EXPECT_EQ(program->FindSite(4)->owner, kModuleOwner);
  EXPECT_EQ(program->FindSite(5), nullptr);
  EXPECT_TRUE(program->compilable());
  EXPECT_EQ(program->not_compilable_because(), nullptr);
}

TEST(ProgramTest, RegistersOperationSites) {
  std::unique_ptr<Program> program;
  Status status = Program::Parse(CallsProgram(), &program);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_NE(program->FindSite(6), nullptr);
  EXPECT_EQ(program->FindSite(6)->kind, SiteKind::kOperation);
  EXPECT_EQ(program->FindSite(6)->owner, 1);
  EXPECT_EQ(program->FindSite(6)->operands, 2);
  EXPECT_EQ(program->FindSite(7)->operands, 1);
}

TEST(ProgramTest, RefusesBadOperationSites) {
  EXPECT_EQ(ParseError(Replace(CallsProgram(), R"("site": 7)", R"("site": 3)")),
            "functions[2].body[1].value.site 3 is used by another statement too (site numbers "
            "are unique in a program)");
  EXPECT_EQ(ParseError(Replace(CallsProgram(), R"("site": 7)", R"("site": "7")")),
            "functions[2].body[1].value.site is not an integer >= 0");
  EXPECT_EQ(ParseError(Replace(CallsProgram(), R"("e": "unary")", R"("e": "object")")),
            "functions[2].body[1].value has a site, but only binary, unary, tostring and get "
            "expressions may");
}

TEST(ProgramTest, ChecksAsyncAndAwait) {
  std::unique_ptr<Program> program;
  const std::string async_greet = Replace(GreetProgram(), R"({"id": 0, "name": "greet",)",
                                          R"({"id": 0, "name": "greet", "async": true,)");
  ASSERT_TRUE(Program::Parse(async_greet, &program).ok());
  EXPECT_TRUE(program->function(0).is_async);
  EXPECT_FALSE(program->function(1).is_async);
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"({"id": 0, "name": "greet",)",
                               R"({"id": 0, "name": "greet", "async": 1,)")),
            "functions[0].async is not a boolean");
  const std::string awaited =
      R"({"s": "set", "name": "g", "value": {"e": "await", "arg": {"a": "var", "name": "$t1"}}})";
  EXPECT_TRUE(
      Program::Parse(
          Replace(GreetProgram(),
                  R"({"s": "set", "name": "g", "value": {"a": "var", "name": "$t1"}})", awaited),
          &program)
          .ok());
  EXPECT_EQ(
      ParseError(Replace(
          GreetProgram(), R"({"s": "setmod", "name": "DEBUG", "value": {"a": "bool", "v": false}})",
          R"({"s": "setmod", "name": "DEBUG", "value": {"e": "await", "arg": {"a": "bool", "v": false}}})")),
      "module.body[0].value is an await, which only a set in a function body may have");
  EXPECT_EQ(ParseError(Replace(GreetProgram(),
                               R"({"s": "set", "name": "g", "value": {"a": "var", "name": "$t1"}})",
                               R"({"s": "set", "name": "g", "value": {"e": "await"}})")),
            "functions[1].body[2].value.arg is missing");
}

TEST(ProgramTest, KeepsNotCompilableAndANullMain) {
  std::string json = Replace(GreetProgram(), R"("main_function": 1)", R"("main_function": null)");
  json = Replace(json, R"("compilable": true)", R"("compilable": false)");
  json = Replace(json, R"("not_compilable_because": null)",
                 R"("not_compilable_because": "main is not a function")");
  std::unique_ptr<Program> program;
  Status status = Program::Parse(json, &program);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(program->main_function(), -1);
  EXPECT_FALSE(program->compilable());
  ASSERT_NE(program->not_compilable_because(), nullptr);
  EXPECT_EQ(*program->not_compilable_because(), "main is not a function");
}

TEST(ProgramTest, CollectsLabels) {
  std::string json = Replace(
      CallsProgram(),
      R"({"s": "if", "site": 5, "test": {"a": "var", "name": "x"}, "then": [], "else": []})",
      R"({"s": "loop", "label": "L1", "body": [{"s": "break", "label": "L1"}]})");
  std::unique_ptr<Program> program;
  Status status = Program::Parse(json, &program);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(program->HasLabel("L1"));
  EXPECT_FALSE(program->HasLabel("R1"));
}

TEST(ProgramTest, RefusesInvalidJson) {
  EXPECT_EQ(ParseError("{\"version\": 1,"),
            "the program document is not valid JSON: Missing a name for object member. (at byte "
            "14)");
  EXPECT_EQ(ParseError("[]"), "the program document is not a JSON object");
}

TEST(ProgramTest, RefusesOtherVersions) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("version": 1)", R"("version": 2)")),
            "version is 2, this recorder reads version 1");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("version": 1)", R"("version": "1")")),
            "version is missing or not an integer");
}

TEST(ProgramTest, RefusesAFunctionWhoseIdIsNotItsIndex) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("id": 1)", R"("id": 3)")),
            "functions[1].id is not 1 (a function's id is its index)");
}

TEST(ProgramTest, RefusesBadFunctionMembers) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("params": ["who"])", R"("params": [1])")),
            "functions[0].params is not an array of strings");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("name": "greet")", R"("name": null)")),
            "functions[0].name is not a string");
}

TEST(ProgramTest, RefusesADuplicateSite) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("site": 2)", R"("site": 0)")),
            "functions[1].body[4].site 0 is used by another statement too (site numbers are "
            "unique in a program)");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("site": 4)", R"("site": 1)")),
            "module.body[1].then[0].site 1 is used by another statement too (site numbers are "
            "unique in a program)");
}

TEST(ProgramTest, RefusesABadSite) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("site": 2)", R"("site": -2)")),
            "functions[1].body[4].site is not an integer >= 0");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("site": 2)", R"("site": 4294967296)")),
            "functions[1].body[4].site is not an integer >= 0");
}

TEST(ProgramTest, RefusesUnknownStatementKinds) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("s": "setmod")", R"("s": "with")")),
            "module.body[0]: unknown statement kind \"with\"");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"({"s": "setmod",)", R"({"x": "setmod",)")),
            "module.body[0]: has no string \"s\"");
}

// trace-ir.md section 5: a try's blocks are checked, and its catch block's sites are the
// function's (Node.js may run it); param is a name or null, catch and finally a block or null.
TEST(ProgramTest, ChecksTryStatements) {
  const std::string set_g = R"({"s": "set", "name": "g", "value": {"a": "var", "name": "$t1"}})";
  const std::string with_try = Replace(
      GreetProgram(), set_g, R"({"s": "try", "body": [)" + set_g + R"(], "param": "$t2", "catch": [
                 {"s": "if", "site": 9, "test": {"a": "var", "name": "$t2"}, "then": [],
                  "else": []}], "finally": null})");
  std::unique_ptr<Program> program;
  Status status = Program::Parse(with_try, &program);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_NE(program->FindSite(9), nullptr);
  EXPECT_EQ(program->FindSite(9)->owner, 1);
  status = Program::Parse(Replace(with_try, R"("finally": null)", R"("finally": [])"), &program);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(ParseError(Replace(with_try, R"("param": "$t2")", R"("param": 3)")),
            "functions[1].body[2].param is not a string or null");
  EXPECT_EQ(ParseError(Replace(with_try, R"("finally": null)", R"("finally": {})")),
            "functions[1].body[2].finally: is not an array of statements");
  EXPECT_EQ(ParseError(Replace(with_try, R"("site": 9)", R"("site": 0)")),
            "functions[1].body[2].catch[0].site 0 is used by another statement too (site numbers "
            "are unique in a program)");
  EXPECT_EQ(ParseError(Replace(with_try, R"(, "finally": null)", "")),
            "functions[1].body[2]: \"try\" has no \"finally\"");
}

TEST(ProgramTest, RefusesMissingMembers) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("else": [])", R"("otherwise": [])")),
            "functions[0].body[0]: \"if\" has no \"else\"");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("result": null)", R"("result": 3)")),
            "functions[1].body[4].result is not a string or null");
}

TEST(ProgramTest, AcceptsConstructTrueOnlyOnACall) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("result": null)",
                               R"("result": null, "construct": true)")),
            "");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("result": null)",
                               R"("result": null, "construct": false)")),
            "functions[1].body[4].construct is not true");
  EXPECT_EQ(
      ParseError(Replace(GreetProgram(), R"("result": null)", R"("result": null, "construct": 1)")),
      "functions[1].body[4].construct is not true");
}

TEST(ProgramTest, RefusesAStatementWithAMemberTwice) {
  EXPECT_EQ(ParseError(Replace(CallsProgram(), R"("then": [], "else": []})",
                               R"("then": [], "else": [], "then": 7})")),
            "functions[0].body[0]: has the member \"then\" twice");
}

TEST(ProgramTest, RefusesABlockThatIsNotAnArray) {
  EXPECT_EQ(ParseError(Replace(CallsProgram(), R"("then": [], "else": []})",
                               R"("then": {}, "else": []})")),
            "functions[0].body[0].then: is not an array of statements");
}

TEST(ProgramTest, RefusesTopLevelMembers) {
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("main_function": 1)", R"("main_function": 2)")),
            "main_function is not null nor the id of a function of the program");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("main_function": 1,)", "")),
            "main_function is missing (a function id or null)");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"(["console.log"])", "[1]")),
            "builtins is not an array of strings");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("compilable": true)", R"("compilable": 1)")),
            "compilable is not a boolean");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("not_compilable_because": null)",
                               R"("not_compilable_because": 0)")),
            "not_compilable_because is not a string or null");
  EXPECT_EQ(ParseError(Replace(GreetProgram(), R"("locals": ["greet", "main", "DEBUG"])",
                               R"("locals": "x")")),
            "module.locals is not an array of strings");
}

TEST(ProgramTest, RefusesDeeplyNestedValues) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  std::string json = Replace(CallsProgram(), R"({"a": "num", "v": 10})", deep);
  EXPECT_EQ(ParseError(json), "the program document nests JSON values more than 2000 deep");
}

TEST(ProgramTest, RefusesDeepNesting) {
  std::string body = R"({"s": "unknown", "reason": "x"})";
  for (int i = 0; i < 300; ++i) {
    body = R"({"s": "block", "label": "B", "body": [)" + body + "]}";
  }
  std::string json =
      Replace(CallsProgram(), R"("module": {"locals": ["main", "rec", "cb"], "body": [])",
              R"("module": {"locals": [], "body": [)" + body + "]");
  std::string error = ParseError(json);
  EXPECT_NE(error.find("blocks are nested more than 200 deep"), std::string::npos) << error;
  EXPECT_EQ(error.rfind("module.body[0].body[0].body[0]", 0), 0u) << error;
}

}  // namespace
}  // namespace containerless::addon

// Test helpers: the programs and shortcuts declared in test_programs.h.
#include "test_programs.h"

#include <gtest/gtest.h>

namespace containerless::addon::testing {

std::string GreetProgram() {
  return R"({
  "version": 1,
  "functions": [
    {"id": 0, "name": "greet", "params": ["who"], "locals": ["who", "$t1"], "body": [
      {"s": "if", "site": 0, "test": {"a": "var", "name": "who"},
       "then": [
         {"s": "set", "name": "$t1", "value": {"e": "binary", "op": "+",
          "left": {"a": "str", "v": "hi "}, "right": {"a": "var", "name": "who"}}},
         {"s": "return", "value": {"a": "var", "name": "$t1"}, "loc": [1, 40]}],
       "else": []},
      {"s": "return", "value": {"a": "str", "v": "hi"}, "loc": [1, 70]}]},
    {"id": 1, "name": "main", "params": ["args"], "locals": ["args", "g", "$t1", "$t2"], "body": [
      {"s": "set", "name": "$t1", "value": {"e": "get", "object": {"a": "var", "name": "args"},
       "key": {"a": "str", "v": "name"}}},
      {"s": "call", "site": 1, "result": "$t1", "callee": {"a": "mod", "name": "greet"},
       "this": {"a": "undef"}, "args": [{"a": "var", "name": "$t1"}], "loc": [2, 10]},
      {"s": "set", "name": "g", "value": {"a": "var", "name": "$t1"}},
      {"s": "set", "name": "$t2", "value": {"e": "get", "object": {"a": "global", "name": "console"},
       "key": {"a": "str", "v": "log"}}},
      {"s": "call", "site": 2, "result": null, "callee": {"a": "var", "name": "$t2"},
       "this": {"a": "global", "name": "console"}, "args": [{"a": "var", "name": "g"}]},
      {"s": "return", "value": {"a": "var", "name": "g"}}]}
  ],
  "module": {"locals": ["greet", "main", "DEBUG"], "body": [
    {"s": "setmod", "name": "DEBUG", "value": {"a": "bool", "v": false}},
    {"s": "if", "site": 3, "test": {"a": "mod", "name": "DEBUG"},
     "then": [{"s": "call", "site": 4, "result": null, "callee": {"a": "global", "name": "x"},
               "this": {"a": "undef"}, "args": []}],
     "else": []}]},
  "main_function": 1,
  "builtins": ["console.log"],
  "compilable": true,
  "not_compilable_because": null
})";
}

std::string CallsProgram() {
  return R"({
  "version": 1,
  "functions": [
    {"id": 0, "name": "main", "params": ["args"], "locals": ["args", "$t1", "$t2"], "body": [
      {"s": "if", "site": 0, "test": {"a": "var", "name": "args"}, "then": [], "else": []},
      {"s": "call", "site": 1, "result": "$t1", "callee": {"a": "var", "name": "f"},
       "this": {"a": "undef"}, "args": [{"a": "num", "v": 10}]},
      {"s": "call", "site": 2, "result": "$t2", "callee": {"a": "var", "name": "g"},
       "this": {"a": "undef"}, "args": []},
      {"s": "return", "value": {"a": "var", "name": "$t1"}}]},
    {"id": 1, "name": "rec", "params": ["n"], "locals": ["n", "$t1"], "body": [
      {"s": "if", "site": 3, "test": {"a": "var", "name": "n"}, "then": [
        {"s": "call", "site": 4, "result": "$t1", "callee": {"a": "mod", "name": "rec"},
         "this": {"a": "undef"}, "args": [{"a": "var", "name": "n"}]}], "else": []},
      {"s": "set", "name": "n", "value": {"e": "binary", "op": "-", "left": {"a": "var", "name": "n"},
       "right": {"a": "num", "v": 1}, "site": 6}},
      {"s": "return", "value": {"a": "var", "name": "$t1"}}]},
    {"id": 2, "name": "cb", "params": ["x"], "locals": ["x"], "body": [
      {"s": "if", "site": 5, "test": {"a": "var", "name": "x"}, "then": [], "else": []},
      {"s": "set", "name": "x", "value": {"e": "unary", "op": "typeof", "arg": {"a": "var", "name": "x"},
       "site": 7}},
      {"s": "return", "value": {"a": "var", "name": "x"}}]}
  ],
  "module": {"locals": ["main", "rec", "cb"], "body": []},
  "main_function": 0,
  "builtins": ["Array.prototype.sort", "console.log", "Array.prototype.map"],
  "compilable": true,
  "not_compilable_because": null
})";
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::unique_ptr<Recorder> MakeRecorder(const std::string& program) {
  std::unique_ptr<Recorder> recorder;
  Status status = Recorder::Create(program, ActionIdentity{kSha, "main"}, &recorder);
  EXPECT_TRUE(status.ok()) << status.message();
  return recorder;
}

std::string MergeError(Recorder* recorder, const std::vector<int32_t>& events) {
  bool grew = false;
  Status status = recorder->Merge(events.data(), events.size(), &grew);
  return status.ok() ? "" : status.message();
}

bool MergeOk(Recorder* recorder, const std::vector<int32_t>& events) {
  bool grew = false;
  Status status = recorder->Merge(events.data(), events.size(), &grew);
  EXPECT_TRUE(status.ok()) << status.message();
  return grew;
}

}  // namespace containerless::addon::testing

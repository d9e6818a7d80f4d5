// Test helpers: small program documents, event-list builders and recorder shortcuts for the suite.
#ifndef CONTAINERLESS_ADDON_TESTS_TEST_PROGRAMS_H_
#define CONTAINERLESS_ADDON_TESTS_TEST_PROGRAMS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "recorder.h"

namespace containerless::addon::testing {

inline const std::string kSha(64, 'a');

// A program with the documented shape: f0 greet(who) { if (who) return "hi " + who; return "hi" }
// and f1 main(args) { g = greet(args.name); console.log(g); return g }, a module with one `if`.
// Sites: 0 greet's if, 1 main's call of greet, 2 main's console.log, 3 the module's if,
// 4 a module call.
std::string GreetProgram();

// A program of three functions for the depth and callback tests:
// f0 main: site 0 `if`, site 1 call, site 2 call; f1 rec: site 3 `if`, site 4 call (itself),
// site 6 a binary `-`; f2 cb: site 5 `if`, site 7 a unary `typeof`. Built-ins: 0
// "Array.prototype.sort" (callee -2, runs callbacks that stay opaque), 1 "console.log" (-3),
// 2 "Array.prototype.map" (-4, a callback host whose user callbacks are traced).
std::string CallsProgram();

// Replaces every occurrence of `from` in `text` (programs are edited to make them invalid).
std::string Replace(std::string text, const std::string& from, const std::string& to);

// A recorder for `program` (which must parse); fails the current test otherwise.
std::unique_ptr<Recorder> MakeRecorder(const std::string& program);

// The status message of merging `events` (empty when it was accepted).
std::string MergeError(Recorder* recorder, const std::vector<int32_t>& events);

// Merges an accepted list; returns whether the tree grew.
bool MergeOk(Recorder* recorder, const std::vector<int32_t>& events);

}  // namespace containerless::addon::testing

#endif  // CONTAINERLESS_ADDON_TESTS_TEST_PROGRAMS_H_

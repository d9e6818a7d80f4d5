// Test helper: random but valid event lists for a program, for the commutativity tests.
#ifndef CONTAINERLESS_ADDON_TESTS_RANDOM_PATHS_H_
#define CONTAINERLESS_ADDON_TESTS_RANDOM_PATHS_H_

#include <cstdint>
#include <random>
#include <vector>

#include "program.h"

namespace containerless::addon::testing {

// One activation's events as instrumented code could produce them: each `if` takes a random
// side, loops run 0-2 times, operations report random operand types, calls pick a random user
// function (entered, or now and then not), built-in (sometimes running a callback) or other callee.
// Control flow (break, return) is ignored: the recorder checks lists, not the program's semantics.
// Roughly bounded by `max_events` pairs; always balanced.
std::vector<int32_t> RandomActivation(const Program& program, std::mt19937* rng,
                                      size_t max_events = 400);

}  // namespace containerless::addon::testing

#endif  // CONTAINERLESS_ADDON_TESTS_RANDOM_PATHS_H_

// Test helper: a random walk over the program's statements that emits a valid event list.
#include "random_paths.h"

#include <cstring>

namespace containerless::addon::testing {
namespace {

class RandomWalk {
 public:
  RandomWalk(const Program& program, std::mt19937* rng, size_t max_events)
      : program_(program), rng_(*rng), max_pairs_(max_events) {}

  std::vector<int32_t> Run() {
    Block(*program_.function(program_.main_function()).body, 0);
    return events_;
  }

 private:
  bool Is(const rapidjson::Value& statement, const char* kind) {
    return std::strcmp(statement["s"].GetString(), kind) == 0;
  }
  uint32_t Pick(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  void Emit(int32_t a, int32_t b) {
    events_.push_back(a);
    events_.push_back(b);
  }
  bool Full() const { return events_.size() / 2 >= max_pairs_; }

  void Block(const rapidjson::Value& block, int depth) {
    for (const auto& statement : block.GetArray()) {
      if (Is(statement, "if")) {
        if (Full()) continue;
        const uint32_t side = Pick(2);
        Emit(statement["site"].GetInt(), static_cast<int32_t>(side));
        Block(statement[side == 0 ? "then" : "else"], depth);
      } else if (Is(statement, "loop")) {
        for (uint32_t n = Pick(3); n > 0; --n) Block(statement["body"], depth);
      } else if (Is(statement, "block")) {
        Block(statement["body"], depth);
      } else if (Is(statement, "call")) {
        if (!Full()) Call(statement["site"].GetInt(), depth);
      } else if ((Is(statement, "set") || Is(statement, "setmod")) &&
                 statement["value"].IsObject() && statement["value"].HasMember("site")) {
        const int32_t site = statement["value"]["site"].GetInt();
        const int32_t first = 1 << Pick(8);
        const int32_t second = program_.FindSite(site)->operands == 2 ? 1 << (8 + Pick(8)) : 0;
        if (!Full()) Emit(site, first | second);
      }
    }
  }

  void Call(int32_t site, int depth) {
    switch (Pick(4)) {
      case 0:
      case 1: {
        // Recursion stops a little past the recorder's depth bound, so the bound is exercised.
        if (depth > 10) return Emit(site, -1);
        const int32_t callee = static_cast<int32_t>(Pick(program_.function_count()));
        Emit(site, callee);
        if (Pick(8) == 0) return;  // threw before its body ran
        Emit(-1, callee);
        Block(*program_.function(callee).body, depth + 1);
        return Emit(-2, 0);
      }
      case 2: {
        if (program_.builtin_count() == 0) return Emit(site, -1);
        Emit(site, -2 - static_cast<int32_t>(Pick(program_.builtin_count())));
        if (Pick(3) != 0 || depth > 10) return;
        const int32_t callback = static_cast<int32_t>(Pick(program_.function_count()));
        Emit(-1, callback);
        Block(*program_.function(callback).body, depth + 1);
        return Emit(-2, 0);
      }
      default:
        return Emit(site, -1);
    }
  }

  const Program& program_;
  std::mt19937& rng_;
  size_t max_pairs_;
  std::vector<int32_t> events_;
};

}  // namespace

std::vector<int32_t> RandomActivation(const Program& program, std::mt19937* rng,
                                      size_t max_events) {
  return RandomWalk(program, rng, max_events).Run();
}

}  // namespace containerless::addon::testing

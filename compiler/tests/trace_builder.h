// Test helper: a minimal valid trace document around a given main body, for the unit tests.
#pragma once

#include <string>

namespace containerless::compiler::testing {

// A version-1 trace with module bindings G and H, and main(args) with locals x, y, r.
inline std::string TraceWith(const std::string& main_body, const std::string& module_body = "[]") {
  return std::string(R"({"version":1,"code_sha256":")") + std::string(64, 'a') +
         R"(","entry":"main","activations":1,"stable_for":1,"compilable":true,)"
         R"("not_compilable_because":null,"module":{"locals":["G","H"],"body":)" +
         module_body + R"(},"main":{"params":["args"],"locals":["x","y","r"],"body":)" + main_body +
         "}}";
}

}  // namespace containerless::compiler::testing

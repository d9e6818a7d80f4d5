// SHA-256, for matching /init code against a handler's code_sha256 (no crypto library needed).
#pragma once

#include <string>
#include <string_view>

namespace containerless::runtime {

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace containerless::runtime

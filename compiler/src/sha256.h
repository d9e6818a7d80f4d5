// SHA-256 (FIPS 180-4) for the handler's trace hash and the cache key; no crypto library needed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace containerless::compiler {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t len);
  void Update(std::string_view text) { Update(text.data(), text.size()); }
  // The digest as 64 lowercase hex digits. Call once.
  std::string HexDigest();

 private:
  void Compress(const uint8_t block[64]);

  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes hashed so far
};

// The hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace containerless::compiler

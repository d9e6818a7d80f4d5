// The content-addressed handler cache: key = SHA-256(trace bytes, compiler, runtime crate).
#pragma once

#include <string>
#include <string_view>

#include "status.h"

namespace containerless::compiler {

// The compiler's version; bumped by hand on releases. The cache key also covers the binary
// itself (CompilerIdentity), so a rebuilt compiler never reuses handlers of an older one.
constexpr const char* kCompilerVersion = "0.1.0";

// kCompilerVersion plus the SHA-256 of this executable (/proc/self/exe).
std::string CompilerIdentity();

// The SHA-256 of a file's bytes.
Status FileSha256(const std::string& path, std::string* hex);

// The cache key: the SHA-256 of the three parts, each length-prefixed so that no two
// different triples hash the same bytes. The opt level is part of the compiler identity when
// it differs from the default (the caller appends it).
std::string CacheKey(std::string_view trace_json, std::string_view compiler_identity,
                     std::string_view runtime_identity);

// A directory of built handlers: DIR/v1/KEY[0:2]/KEY.so. Entries are written atomically
// (temporary file + rename), so concurrent compilers and readers are safe.
class HandlerCache {
 public:
  explicit HandlerCache(std::string dir) : dir_(std::move(dir)) {}
  std::string PathFor(const std::string& key) const;
  bool Contains(const std::string& key) const;
  Status Store(const std::string& key, const std::string& built_so) const;

 private:
  std::string dir_;
};

}  // namespace containerless::compiler

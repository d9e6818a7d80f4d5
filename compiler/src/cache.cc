// The content-addressed handler cache (cache.h): keys, identities and the directory layout.
#include "cache.h"

#include "files.h"
#include "sha256.h"

namespace containerless::compiler {

Status FileSha256(const std::string& path, std::string* hex) {
  std::string bytes;
  if (Status s = ReadFile(path, &bytes); !s.ok()) return s;
  *hex = Sha256Hex(bytes);
  return Status::Ok();
}

std::string CompilerIdentity() {
  std::string exe;
  if (!FileSha256("/proc/self/exe", &exe).ok()) exe = "unknown-binary";
  return std::string(kCompilerVersion) + "+" + exe;
}

std::string CacheKey(std::string_view trace_json, std::string_view compiler_identity,
                     std::string_view runtime_identity) {
  Sha256 h;
  h.Update("containerless-handler-cache-v1\n");
  for (std::string_view part : {trace_json, compiler_identity, runtime_identity}) {
    h.Update(std::to_string(part.size()) + ":");
    h.Update(part);
  }
  return h.HexDigest();
}

std::string HandlerCache::PathFor(const std::string& key) const {
  return dir_ + "/v1/" + key.substr(0, 2) + "/" + key + ".so";
}

bool HandlerCache::Contains(const std::string& key) const {
  return FileExists(PathFor(key));
}

Status HandlerCache::Store(const std::string& key, const std::string& built_so) const {
  if (Status s = MakeDirs(dir_ + "/v1/" + key.substr(0, 2)); !s.ok()) return s;
  return CopyFileAtomic(built_so, PathFor(key));
}

}  // namespace containerless::compiler

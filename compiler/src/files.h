// Small file-system helpers with status values: read, write atomically, copy, make directories.
#pragma once

#include <string>

#include "status.h"

namespace containerless::compiler {

Status ReadFile(const std::string& path, std::string* out);
// Writes via a temporary file in the same directory and rename(2): readers never see half a file.
Status WriteFileAtomic(const std::string& path, const std::string& bytes);
Status CopyFileAtomic(const std::string& from, const std::string& to);
// mkdir -p.
Status MakeDirs(const std::string& path);
bool FileExists(const std::string& path);
// A fresh private directory under $TMPDIR (or /tmp); RemoveTree deletes it again.
Status MakeTempDir(const std::string& prefix, std::string* out);
void RemoveTree(const std::string& path);

}  // namespace containerless::compiler

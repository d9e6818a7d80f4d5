// File-system helpers (files.h) over POSIX calls, reporting errors as status values.
#include "files.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace containerless::compiler {

namespace {
Status IoError(const std::string& what, const std::string& path) {
  return Status::Error(ErrorCode::kIo, "", what + " " + path + ": " + std::strerror(errno));
}
}  // namespace

Status ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read", path);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return IoError("cannot read", path);
  *out = buf.str();
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError("cannot write", tmp);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      unlink(tmp.c_str());
      return IoError("cannot write", tmp);
    }
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = IoError("cannot rename into", path);
    unlink(tmp.c_str());
    return s;
  }
  return Status::Ok();
}

Status CopyFileAtomic(const std::string& from, const std::string& to) {
  std::string bytes;
  if (Status s = ReadFile(from, &bytes); !s.ok()) return s;
  return WriteFileAtomic(to, bytes);
}

Status MakeDirs(const std::string& path) {
  if (path.empty()) return Status::Ok();
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    partial = path.substr(0, pos);
    if (partial.empty()) continue;
    if (mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
      return IoError("cannot create directory", partial);
    }
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::Error(ErrorCode::kIo, "", path + " is not a directory");
  }
  return Status::Ok();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

Status MakeTempDir(const std::string& prefix, std::string* out) {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/" + prefix + "XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return IoError("cannot create a directory like", templ);
  *out = buf.data();
  return Status::Ok();
}

void RemoveTree(const std::string& path) {
  if (DIR* dir = opendir(path.c_str())) {
    while (dirent* e = readdir(dir)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string child = path + "/" + name;
      struct stat st;
      if (lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        RemoveTree(child);
      } else {
        unlink(child.c_str());
      }
    }
    closedir(dir);
  }
  rmdir(path.c_str());
}

}  // namespace containerless::compiler

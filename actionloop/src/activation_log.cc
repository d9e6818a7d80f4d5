// The activation log writer: one write per stream per activation, sentinels last.
#include "activation_log.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include <rapidjson/document.h>

namespace containerless::runtime {

bool ActivationLog::WriteActivation(std::string_view logs_json, bool sentinels) {
  out_.clear();
  err_.clear();
  bool ok = true;
  if (!logs_json.empty()) {
    rapidjson::Document doc;
    doc.Parse(logs_json.data(), logs_json.size());
    if (doc.HasParseError() || !doc.IsArray()) {
      ok = false;
    } else {
      for (const auto& entry : doc.GetArray()) {
        if (!entry.IsArray() || entry.Size() != 2 || !entry[0].IsString() || !entry[1].IsString()) {
          ok = false;
          continue;
        }
        std::string_view stream(entry[0].GetString(), entry[0].GetStringLength());
        std::string& target = stream == "stderr" ? err_ : out_;
        if (stream != "stdout" && stream != "stderr") ok = false;
        target.append(entry[1].GetString(), entry[1].GetStringLength());
        target.push_back('\n');
      }
    }
  }
  if (sentinels) {
    out_.append(kSentinel);
    err_.append(kSentinel);
  }
  if (!out_.empty()) WriteAll(out_fd_, out_);
  if (!err_.empty()) WriteAll(err_fd_, err_);
  if (out_.capacity() > 1 << 20) std::string().swap(out_);
  if (err_.capacity() > 1 << 20) std::string().swap(err_);
  return ok;
}

void ActivationLog::WriteSentinels() {
  WriteAll(out_fd_, kSentinel);
  WriteAll(err_fd_, kSentinel);
}

void ActivationLog::WriteStderrLine(std::string_view line) {
  std::string text(line);
  text.push_back('\n');
  WriteAll(err_fd_, text);
}

void ActivationLog::WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      struct pollfd p = {fd, POLLOUT, 0};
      poll(&p, 1, 1000);
    } else {
      return;  // the log reader is gone; nothing sensible to do
    }
  }
}

}  // namespace containerless::runtime

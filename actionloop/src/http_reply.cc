// Serializes HTTP/1.1 reply heads and the JSON error bodies the runtime answers itself.
#include "http_reply.h"

#include <strings.h>

#include <charconv>
#include <climits>
#include <cstdio>
#include <ctime>

namespace containerless::runtime {

const char* ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

std::string_view DateLine(int64_t now) {
  // Node.js caches its Date value for a second too (lib/internal/http.js utcDate): a reply of the
  // same second gets the same text, and formatting costs nothing on the hot path.
  thread_local int64_t cached = INT64_MIN;
  thread_local char line[64];
  thread_local size_t length = 0;
  if (now == cached) return std::string_view(line, length);
  static const char kDays[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char kMonths[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t t = static_cast<time_t>(now);
  struct tm tm {};
  if (gmtime_r(&t, &tm) == nullptr) return std::string_view();
  // By hand, not strftime: its day and month names follow the locale.
  int n = snprintf(line, sizeof line, "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n",
                   kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
                   tm.tm_min, tm.tm_sec);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof line) return std::string_view();
  length = static_cast<size_t>(n);
  cached = now;
  return std::string_view(line, length);
}

bool HasHeader(std::string_view headers, std::string_view name) {
  size_t start = 0;
  while (start < headers.size()) {
    size_t end = headers.find("\r\n", start);
    if (end == std::string_view::npos) end = headers.size();
    if (end - start > name.size() && headers[start + name.size()] == ':' &&
        strncasecmp(headers.data() + start, name.data(), name.size()) == 0) {
      return true;
    }
    start = end + 2;
  }
  return false;
}

void AppendReplyHead(const Reply& reply, bool keep_alive, std::string* out) {
  // Built by hand, not with snprintf: this runs once per activation and printf's format
  // interpretation was a tenth of the native path's own instructions.
  char number[24];
  out->append("HTTP/1.1 ");
  auto status = std::to_chars(number, number + sizeof number, reply.status);
  out->append(number, status.ptr);
  out->push_back(' ');
  out->append(ReasonPhrase(reply.status));
  out->append("\r\n");
  out->append(reply.fixed_headers);
  out->append(reply.headers);
  out->append("Content-Length: ");
  auto length = std::to_chars(number, number + sizeof number, reply.body.size());
  out->append(number, length.ptr);
  out->append("\r\n");
  // Where Node's http server puts it: after Content-Length, before Connection.
  if (!HasHeader(reply.headers, "Date")) out->append(DateLine(time(nullptr)));
  out->append(keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
}

void AppendJsonString(std::string_view text, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

Reply ErrorReply(int status, std::string_view message) {
  Reply reply;
  reply.status = status;
  reply.headers = "Content-Type: ";
  reply.headers += kJsonContentType;
  reply.headers += "\r\n";
  reply.body = "{\"error\":";
  AppendJsonString(message, &reply.body);
  reply.body += "}";
  return reply;
}

Reply BadRequestReply() {
  return ErrorReply(500, "Bad request.");
}

}  // namespace containerless::runtime

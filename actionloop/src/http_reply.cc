// Serializes HTTP/1.1 reply heads and the JSON error bodies the runtime answers itself.
#include "http_reply.h"

#include <cstdio>

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

void AppendReplyHead(const Reply& reply, bool keep_alive, std::string* out) {
  char line[96];
  int n =
      snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n", reply.status, ReasonPhrase(reply.status));
  out->append(line, static_cast<size_t>(n));
  out->append(reply.headers);
  n = snprintf(line, sizeof line, "Content-Length: %zu\r\n", reply.body.size());
  out->append(line, static_cast<size_t>(n));
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

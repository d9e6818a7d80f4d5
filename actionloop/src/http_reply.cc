// Serializes HTTP/1.1 reply heads and the JSON error bodies the runtime answers itself.
#include "http_reply.h"

#include <charconv>

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
  out->append(keep_alive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
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

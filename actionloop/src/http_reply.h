// HTTP/1.1 replies: status line, headers with an exact Content-Length, and small JSON helpers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace containerless::runtime {

struct Reply {
  int status = 200;
  // Header lines of static storage (a string literal), written before `headers`: the native
  // path's fixed lines cost no allocation per reply.
  std::string_view fixed_headers;
  std::string headers;  // extra header lines, each "Name: value\r\n" (Content-Type among them)
  std::string body;
  bool close = false;  // close the connection after this reply
};

// The Content-Type of every JSON reply, as the Node engine sends it.
inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";

const char* ReasonPhrase(int status);

// Appends the status line and headers of `reply` to *out, ending with the blank line. Adds
// Content-Length (always), Date (unless `reply.headers` has one: a reply forwarded from the Node
// engine carries Node's) and Connection; the body follows separately (one writev).
void AppendReplyHead(const Reply& reply, bool keep_alive, std::string* out);

// The header line "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n" (RFC 9110 IMF-fixdate, as Node's
// http server writes it) for the second `now`; formatted once per second and cached (per thread).
std::string_view DateLine(int64_t now);

// Whether the header lines `headers` ("Name: value\r\n"...) have one named `name` (any case).
bool HasHeader(std::string_view headers, std::string_view name);

// Appends `text` as a JSON string literal (quotes included), escaping as JSON.stringify does.
void AppendJsonString(std::string_view text, std::string* out);

// A JSON reply whose body is {"error": message}.
Reply ErrorReply(int status, std::string_view message);

// The Node engine's answer to unknown routes and unparsable bodies.
Reply BadRequestReply();

}  // namespace containerless::runtime

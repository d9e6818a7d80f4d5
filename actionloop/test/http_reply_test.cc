// Unit tests of reply serialization, routing and the JSON string escaping of error bodies.
#include "http_reply.h"

#include <gtest/gtest.h>

#include <ctime>

#include "runtime.h"

namespace containerless::runtime {
namespace {

// Takes the Date line out of a reply head, checking that it is this second's (or the last one's:
// the clock may tick between the reply and the check).
std::string WithoutDate(std::string head) {
  size_t at = head.find("Date: ");
  EXPECT_NE(at, std::string::npos) << head;
  if (at == std::string::npos) return head;
  size_t end = head.find("\r\n", at) + 2;
  std::string line = head.substr(at, end - at);
  int64_t now = time(nullptr);
  EXPECT_TRUE(line == DateLine(now) || line == DateLine(now - 1)) << line;
  head.erase(at, end - at);
  return head;
}

TEST(HttpReply, HeadCarriesContentLengthDateAndConnection) {
  Reply r = ErrorReply(403, "System not initialized.");
  std::string head;
  AppendReplyHead(r, true, &head);
  EXPECT_EQ(WithoutDate(head),
            "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=utf-8\r\n"
            "Content-Length: 35\r\nConnection: keep-alive\r\n\r\n");
  // Where Node.js puts it: after Content-Length.
  EXPECT_NE(head.find("Content-Length: 35\r\nDate: "), std::string::npos) << head;
  EXPECT_EQ(r.body, "{\"error\":\"System not initialized.\"}");
  head.clear();
  Reply empty;
  AppendReplyHead(empty, false, &head);
  EXPECT_EQ(WithoutDate(head), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

TEST(HttpReply, ForwardedDateIsKept) {
  // A reply forwarded from the Node engine has Node's Date: no second one.
  Reply r;
  r.headers = "Content-Type: text/plain\r\ndate: Thu, 01 Jan 1970 00:00:00 GMT\r\n";
  std::string head;
  AppendReplyHead(r, true, &head);
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ndate: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
            "Content-Length: 0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_TRUE(HasHeader("A: 1\r\nDATE: x\r\n", "Date"));
  EXPECT_FALSE(HasHeader("X-Date: 1\r\nDated: 2\r\n", "Date"));
  EXPECT_FALSE(HasHeader("", "Date"));
}

TEST(HttpReply, DateLineIsNodesFormat) {
  // The expected texts are Node's `new Date(t * 1000).toUTCString()`.
  EXPECT_EQ(DateLine(0), "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
  EXPECT_EQ(DateLine(1795800000), "Date: Fri, 27 Nov 2026 17:20:00 GMT\r\n");
  EXPECT_EQ(DateLine(1795800000), "Date: Fri, 27 Nov 2026 17:20:00 GMT\r\n");  // cached
  EXPECT_EQ(DateLine(951782400), "Date: Tue, 29 Feb 2000 00:00:00 GMT\r\n");
}

TEST(HttpReply, BadRequestIsTheNodeEnginesAnswer) {
  Reply r = BadRequestReply();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "{\"error\":\"Bad request.\"}");
}

TEST(HttpReply, EscapesJsonStrings) {
  std::string out;
  AppendJsonString("a\"b\\c\n\t\x01\xc3\xa9", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001\xc3\xa9\"");
}

TEST(Route, MatchesAsTheNodeEngineDoes) {
  EXPECT_EQ(RouteOf(HTTP_POST, "/init"), Route::kInit);
  EXPECT_EQ(RouteOf(HTTP_POST, "/RUN/"), Route::kRun);
  EXPECT_EQ(RouteOf(HTTP_POST, "/run?x=1"), Route::kRun);
  EXPECT_EQ(RouteOf(HTTP_GET, "/run"), Route::kOther);
  EXPECT_EQ(RouteOf(HTTP_POST, "/runs"), Route::kOther);
  EXPECT_EQ(RouteOf(HTTP_POST, "/"), Route::kOther);
  EXPECT_EQ(RouteOf(HTTP_GET, "/metrics"), Route::kMetrics);
  EXPECT_EQ(RouteOf(HTTP_POST, "/metrics"), Route::kOther);
}

}  // namespace
}  // namespace containerless::runtime

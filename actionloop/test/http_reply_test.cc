// Unit tests of reply serialization, routing and the JSON string escaping of error bodies.
#include "http_reply.h"

#include <gtest/gtest.h>

#include "runtime.h"

namespace containerless::runtime {
namespace {

TEST(HttpReply, HeadCarriesContentLengthAndConnection) {
  Reply r = ErrorReply(403, "System not initialized.");
  std::string head;
  AppendReplyHead(r, true, &head);
  EXPECT_EQ(head,
            "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=utf-8\r\n"
            "Content-Length: 35\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(r.body, "{\"error\":\"System not initialized.\"}");
  head.clear();
  Reply empty;
  AppendReplyHead(empty, false, &head);
  EXPECT_EQ(head, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
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

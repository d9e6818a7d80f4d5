// Unit tests of RequestParser: framing, keep-alive, pipelining, limits and malformed input.
#include "http_request.h"

#include <gtest/gtest.h>

#include <string>

namespace containerless::runtime {
namespace {

using Event = RequestParser::Event;

TEST(RequestParser, ParsesOneRequestWithContentLength) {
  RequestParser p(1024);
  std::string in = "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
  auto r = p.Feed(in.data(), in.size());
  EXPECT_EQ(r.event, Event::kRequest);
  EXPECT_EQ(r.consumed, in.size());
  EXPECT_EQ(p.request().method, HTTP_POST);
  EXPECT_EQ(p.request().url, "/run");
  EXPECT_EQ(p.request().body, "hello");
  EXPECT_TRUE(p.request().keep_alive);
}

TEST(RequestParser, AssemblesARequestSplitAtEveryByte) {
  RequestParser p(1024);
  std::string in = "POST /init?x=1 HTTP/1.1\r\nContent-Length: 3\r\n\r\n{}\n";
  for (size_t i = 0; i + 1 < in.size(); ++i) {
    auto r = p.Feed(in.data() + i, 1);
    ASSERT_EQ(r.event, Event::kNeedMore) << "at byte " << i;
  }
  auto r = p.Feed(in.data() + in.size() - 1, 1);
  EXPECT_EQ(r.event, Event::kRequest);
  EXPECT_EQ(p.request().url, "/init?x=1");
  EXPECT_EQ(p.request().body, "{}\n");
}

TEST(RequestParser, StopsAfterEachPipelinedRequest) {
  RequestParser p(1024);
  std::string one = "POST /run HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
  std::string two = "GET /metrics HTTP/1.1\r\n\r\n";
  std::string in = one + two;
  auto r = p.Feed(in.data(), in.size());
  ASSERT_EQ(r.event, Event::kRequest);
  EXPECT_EQ(r.consumed, one.size());
  EXPECT_EQ(p.request().body, "{}");
  p.Next();
  r = p.Feed(in.data() + r.consumed, in.size() - r.consumed);
  ASSERT_EQ(r.event, Event::kRequest);
  EXPECT_EQ(p.request().method, HTTP_GET);
  EXPECT_EQ(p.request().url, "/metrics");
  EXPECT_EQ(p.request().body, "");
}

TEST(RequestParser, DecodesChunkedBodies) {
  RequestParser p(1024);
  std::string in =
      "POST /run HTTP/1.1\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
  auto r = p.Feed(in.data(), in.size());
  ASSERT_EQ(r.event, Event::kRequest);
  EXPECT_EQ(p.request().body, "{\"a\":1}");
}

TEST(RequestParser, HonoursConnectionCloseAndHttp10) {
  RequestParser p(1024);
  std::string in = "POST /run HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(p.Feed(in.data(), in.size()).event, Event::kRequest);
  EXPECT_FALSE(p.request().keep_alive);
  RequestParser q(1024);
  std::string old = "POST /run HTTP/1.0\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(q.Feed(old.data(), old.size()).event, Event::kRequest);
  EXPECT_FALSE(q.request().keep_alive);
}

TEST(RequestParser, RefusesADeclaredBodyOverTheLimitThenDiscardsIt) {
  RequestParser p(10);
  std::string head = "POST /run HTTP/1.1\r\nContent-Length: 11\r\n\r\n";
  std::string in = head + "01234567890" + "POST /run HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
  auto r = p.Feed(in.data(), in.size());
  ASSERT_EQ(r.event, Event::kTooLarge);
  size_t at = r.consumed;
  r = p.Feed(in.data() + at, in.size() - at);
  ASSERT_EQ(r.event, Event::kDiscarded);
  at += r.consumed;
  r = p.Feed(in.data() + at, in.size() - at);
  ASSERT_EQ(r.event, Event::kRequest);  // the next request, not the discarded one
  EXPECT_EQ(p.request().body, "{}");
}

TEST(RequestParser, RefusesAChunkedBodyThatGrowsOverTheLimit) {
  RequestParser p(4);
  std::string in =
      "POST /run HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n0\r\n\r\n";
  auto r = p.Feed(in.data(), in.size());
  ASSERT_EQ(r.event, Event::kTooLarge);
  r = p.Feed(in.data() + r.consumed, in.size() - r.consumed);
  EXPECT_EQ(r.event, Event::kDiscarded);
  EXPECT_FALSE(p.InRequest());
}

TEST(RequestParser, AcceptsABodyOfExactlyTheLimit) {
  RequestParser p(4);
  std::string in = "POST /run HTTP/1.1\r\nContent-Length: 4\r\n\r\n[1,]";
  EXPECT_EQ(p.Feed(in.data(), in.size()).event, Event::kRequest);
}

TEST(RequestParser, AsksFor100Continue) {
  RequestParser p(1024);
  std::string in = "POST /run HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
  auto r = p.Feed(in.data(), in.size());
  ASSERT_EQ(r.event, Event::kContinue);
  std::string body = in.substr(r.consumed) + "{}";
  r = p.Feed(body.data(), body.size());
  ASSERT_EQ(r.event, Event::kRequest);
  EXPECT_EQ(p.request().body, "{}");
}

TEST(RequestParser, RejectsGarbage) {
  for (std::string in :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        std::string("HELLO\r\n\r\n"),
        std::string("POST /run HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
        std::string("POST /run HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: "
                    "2\r\n\r\n"),
        std::string("POST /run HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("POST /r un HTTP/1.1\r\n\r\n")}) {
    RequestParser p(1024);
    auto r = p.Feed(in.data(), in.size());
    EXPECT_EQ(r.event, Event::kError) << in;
    EXPECT_STRNE(p.error(), "");
  }
}

TEST(RequestParser, RejectsHeadersOverHttpParsersLimit) {
  RequestParser p(1024);
  std::string in = "POST /run HTTP/1.1\r\nX: " + std::string(100 * 1024, 'a') + "\r\n\r\n";
  EXPECT_EQ(p.Feed(in.data(), in.size()).event, Event::kError);
}

TEST(RequestParser, RejectsUpgrades) {
  RequestParser p(1024);
  std::string in = "GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nxx";
  auto r = p.Feed(in.data(), in.size());
  // Either refused at once or delivered; never silently swallowed.
  EXPECT_TRUE(r.event == Event::kError || r.event == Event::kRequest);
}

TEST(RequestParser, ReportsATruncatedRequestAtEof) {
  RequestParser p(1024);
  std::string in = "POST /run HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc";
  EXPECT_EQ(p.Feed(in.data(), in.size()).event, Event::kNeedMore);
  EXPECT_TRUE(p.InRequest());
  EXPECT_EQ(p.Finish(), Event::kError);
}

TEST(RequestParser, TellsTheHeadFromTheBody) {
  RequestParser p(1024);
  EXPECT_FALSE(p.InHead());
  std::string head = "POST /run HTTP/1.1\r\nContent-Le";
  ASSERT_EQ(p.Feed(head.data(), head.size()).event, Event::kNeedMore);
  EXPECT_TRUE(p.InHead());
  std::string rest = "ngth: 4\r\n\r\n{}";
  ASSERT_EQ(p.Feed(rest.data(), rest.size()).event, Event::kNeedMore);
  EXPECT_FALSE(p.InHead());
  EXPECT_TRUE(p.InRequest());
}

TEST(RequestParser, EofBetweenRequestsIsClean) {
  RequestParser p(1024);
  std::string in = "POST /run HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(p.Feed(in.data(), in.size()).event, Event::kRequest);
  p.Next();
  EXPECT_EQ(p.Finish(), Event::kNeedMore);
}

}  // namespace
}  // namespace containerless::runtime

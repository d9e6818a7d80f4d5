// Unit tests of the HTTP front: replies written once per loop turn, after the before-replies hook,
// in order.
#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace containerless::runtime {
namespace {

// Answers every request with its body, at once or (url "/later") from a timer.
class EchoHandler : public RequestHandler {
 public:
  explicit EchoHandler(uv_loop_t* loop) : loop_(loop) {}
  void HandleRequest(Request& request, Responder responder) override {
    events.push_back("handle " + request.body);
    Reply reply;
    reply.body = request.body;
    if (request.url != "/later") {
      responder.Send(std::move(reply));
      return;
    }
    auto* later = new Later{{}, responder, std::move(reply), this};
    uv_timer_init(loop_, &later->timer);
    later->timer.data = later;
    uv_timer_start(
        &later->timer,
        [](uv_timer_t* t) {
          auto* l = static_cast<Later*>(t->data);
          l->owner->events.push_back("send " + l->reply.body);
          l->responder.Send(std::move(l->reply));
          uv_close(reinterpret_cast<uv_handle_t*>(t),
                   [](uv_handle_t* h) { delete static_cast<Later*>(h->data); });
        },
        5, 0);
  }
  std::vector<std::string> events;

 private:
  struct Later {
    uv_timer_t timer;
    Responder responder;
    Reply reply;
    EchoHandler* owner;
  };
  uv_loop_t* loop_;
};

struct Fixture {
  uv_loop_t loop;
  EchoHandler handler{&loop};
  Server* server = nullptr;
  Fixture() {
    uv_loop_init(&loop);
    server = new Server(&loop, &handler, ServerLimits());
    server->SetBeforeReplies([this]() { handler.events.push_back("flush"); });
    EXPECT_TRUE(server->Listen("127.0.0.1", 0).ok());
  }
  // Runs the loop while `client` talks to the server from another thread.
  std::string Exchange(const std::string& bytes, size_t replies, bool half_close = false) {
    std::string got;
    std::thread client([&]() {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(server->port()));
      inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
      if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        (void)!write(fd, bytes.data(), bytes.size());
        if (half_close) shutdown(fd, SHUT_WR);
        char buffer[4096];
        size_t seen = 0;
        while (seen < replies) {
          ssize_t n = read(fd, buffer, sizeof buffer);
          if (n <= 0) break;
          got.append(buffer, static_cast<size_t>(n));
          seen = 0;
          for (size_t at = got.find("HTTP/1.1"); at != std::string::npos;
               at = got.find("HTTP/1.1", at + 1)) {
            ++seen;
          }
        }
      }
      close(fd);
      done = true;
    });
    auto start = std::chrono::steady_clock::now();
    while (!done && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
      uv_run(&loop, UV_RUN_NOWAIT);
    }
    client.join();
    return got;
  }
  bool done = false;
};

std::string Post(const std::string& url, const std::string& body) {
  return "POST " + url + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

TEST(Server, PipelinedRequestsAreAnsweredInOrderEachAfterAFlush) {
  Fixture f;
  std::string got = f.Exchange(Post("/run", "a") + Post("/run", "bb") + Post("/run", "ccc"), 3);
  size_t a = got.find("\r\n\r\na");
  size_t b = got.find("\r\n\r\nbb");
  size_t c = got.find("\r\n\r\nccc");
  ASSERT_NE(a, std::string::npos) << got;
  ASSERT_NE(b, std::string::npos) << got;
  ASSERT_NE(c, std::string::npos) << got;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  // (The Date line comes between Content-Length and Connection, as in Node's replies.)
  EXPECT_NE(got.find("Content-Length: 3\r\nDate: "), std::string::npos) << got;
  EXPECT_NE(got.find("GMT\r\nConnection: keep-alive\r\n\r\nccc"), std::string::npos) << got;
  // One request at a time, and the hook runs before each reply is written.
  std::vector<std::string> expected = {"handle a", "flush",      "handle bb",
                                       "flush",    "handle ccc", "flush"};
  std::vector<std::string> events(
      f.handler.events.begin(),
      f.handler.events.begin() + std::min(f.handler.events.size(), expected.size()));
  EXPECT_EQ(events, expected);
}

TEST(Server, AReplySentFromATimerIsWrittenWithoutWaitingForIo) {
  Fixture f;
  std::string got = f.Exchange(Post("/later", "slow") + Post("/run", "next"), 2);
  EXPECT_LT(got.find("\r\n\r\nslow"), got.find("\r\n\r\nnext")) << got;
  ASSERT_GE(f.handler.events.size(), 3u);
  EXPECT_EQ(f.handler.events[0], "handle slow");
  EXPECT_EQ(f.handler.events[1], "send slow");
  EXPECT_EQ(f.handler.events[2], "flush");
}

TEST(Server, PipelinedRequestsBeforeAHalfCloseAreAllAnswered) {
  Fixture f;
  // The first answer comes from a timer, so the EOF arrives while the connection is busy.
  std::string got = f.Exchange(Post("/later", "one") + Post("/run", "two"), 2, true);
  size_t one = got.find("Connection: keep-alive\r\n\r\none");
  size_t two = got.find("Connection: close\r\n\r\ntwo");
  EXPECT_NE(one, std::string::npos) << got;
  EXPECT_NE(two, std::string::npos) << got;
  EXPECT_LT(one, two);
}

TEST(Server, ArmFlushRunsTheHookBeforeThePollBlocks) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  EchoHandler handler(&loop);
  Server server(&loop, &handler, ServerLimits());
  bool flushed = false;
  server.SetBeforeReplies([&]() {
    flushed = true;
    uv_stop(&loop);
  });
  // A long timer keeps the loop waiting; a short one asks for a flush with no reply.
  uv_timer_t keep, arm;
  uv_timer_init(&loop, &keep);
  uv_timer_start(
      &keep, [](uv_timer_t*) {}, 10000, 0);
  uv_timer_init(&loop, &arm);
  arm.data = &server;
  uv_timer_start(
      &arm, [](uv_timer_t* t) { static_cast<Server*>(t->data)->ArmFlush(); }, 1, 0);
  auto start = std::chrono::steady_clock::now();
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_TRUE(flushed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace containerless::runtime

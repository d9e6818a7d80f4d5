// Unit tests of fetch: the call JSON, the result JSON, libcurl multi on libuv (many transfers at
// once, deadlines, size limits, refused connections), the blocking path, and the step-loop driver.
#include "fetch_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "activation_driver.h"
#include "fetch_request.h"

namespace containerless::runtime {
namespace {

// A small HTTP/1.1 backend on a thread: one request per connection, answered by path.
// /slow waits 1.5 s; /big answers 3 MiB; /gone answers 5 of its 100 promised body bytes and
// closes; /reset-body does the same but resets the connection; /reset resets before any answer.
class Backend {
 public:
  Backend() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 128);
    thread_ = std::thread([this] { Serve(); });
  }
  ~Backend() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
    for (auto& t : workers_) t.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }
  std::string last_head() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_head_;
  }

 private:
  void Serve() {
    while (!stop_) {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      workers_.emplace_back([this, c] { Answer(c); });
    }
  }
  // Answers the requests of one connection: /keep keeps it open for the next request, /drop
  // closes it without a byte of answer, every other path answers and closes.
  void Answer(int c) {
    while (AnswerOne(c)) {
    }
    close(c);
  }
  bool AnswerOne(int c) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = read(c, buffer, sizeof buffer);
      if (n <= 0) break;
      head.append(buffer, static_cast<size_t>(n));
    }
    if (head.empty()) return false;
    ++requests_;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_head_ = head;
    }
    std::string path = head.substr(head.find(' ') + 1);
    path = path.substr(0, path.find(' '));
    std::string reply;
    if (path == "/drop") return false;
    if (path == "/keep") {
      reply = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nkept";
      WriteAll(c, reply);
      return true;
    }
    if (path == "/continue") {
      // An interim answer nobody asked for, then nothing for a while.
      WriteAll(c, "HTTP/1.1 100 Continue\r\n\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      return false;
    }
    if (path == "/reset" || path == "/reset-body") {
      if (path == "/reset-body") {
        WriteAll(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        // Long enough for the client to read the head: a reset discards unread bytes.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      linger reset{1, 0};  // close() then sends RST
      setsockopt(c, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
      return false;
    }
    if (path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    if (path == "/big") {
      std::string body(3 * 1024 * 1024, 'x');
      reply = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\nConnection: close\r\n\r\n" + body;
    } else if (path == "/gone") {
      reply = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort";
    } else {
      std::string body = "hello \xff " + path;
      reply =
          "HTTP/1.1 201 Very Created\r\nX-One: 1\r\nContent-Type: text/plain\r\nX-Latin: "
          "\xe9t\xe9\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }
    WriteAll(c, reply);
    return false;
  }
  static void WriteAll(int c, const std::string& reply) {
    size_t done = 0;
    while (done < reply.size()) {
      ssize_t n = write(c, reply.data() + done, reply.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
  }

  int fd_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::string last_head_;
  std::thread thread_;
  std::vector<std::thread> workers_;
};

std::string Call(const std::string& url, const char* extra = "") {
  return "{\"op\":\"fetch\",\"url\":\"" + url +
         "\",\"method\":\"GET\",\"headers\":[[\"X-Test\",\"1\"]],\"body\":null" + extra + "}";
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs the loop until `results` has `n` entries (or 10 s pass).
void RunUntil(uv_loop_t* loop, const std::vector<std::string>& results, size_t n) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (results.size() < n && std::chrono::steady_clock::now() < until) {
    uv_run(loop, UV_RUN_ONCE);
  }
}

void CloseClient(uv_loop_t* loop, FetchClient* client) {
  bool closed = false;
  client->Close([&] { closed = true; });
  while (!closed) uv_run(loop, UV_RUN_ONCE);
}

TEST(FetchCall, ReadsTheHostCall) {
  FetchCall call;
  ASSERT_TRUE(ParseFetchCall("{\"op\":\"fetch\",\"url\":\"http://h/x\",\"method\":\"POST\","
                             "\"headers\":[[\"A\",\"b\"]],\"body\":\"{}\"}",
                             &call)
                  .ok());
  EXPECT_EQ(call.url, "http://h/x");
  EXPECT_EQ(call.method, "POST");
  ASSERT_EQ(call.headers.size(), 1u);
  EXPECT_EQ(call.headers[0].first, "A");
  EXPECT_TRUE(call.has_body);
  EXPECT_EQ(call.body, "{}");
  EXPECT_FALSE(ParseFetchCall("{\"op\":\"sleep\"}", &call).ok());
  EXPECT_FALSE(ParseFetchCall("{\"op\":\"fetch\",\"url\":1}", &call).ok());
  EXPECT_FALSE(
      ParseFetchCall("{\"op\":\"fetch\",\"url\":\"u\",\"headers\":[[\"a\"]]}", &call).ok());
}

TEST(FetchCall, Base64) {
  std::string out;
  AppendBase64("", &out);
  AppendBase64("a", &out);
  out += '|';
  AppendBase64("ab", &out);
  out += '|';
  AppendBase64("abc", &out);
  out += '|';
  AppendBase64("{\"a\":1}", &out);
  EXPECT_EQ(out, "YQ==|YWI=|YWJj|eyJhIjoxfQ==");
}

TEST(FetchClient, FetchesOnTheLoopWithTheResultOfTheContract) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> results;
  client.Start(Call(backend.Url("/a")), FetchLimits{},
               [&](std::string r) { results.push_back(r); });
  EXPECT_TRUE(results.empty());  // never inside Start
  RunUntil(&loop, results, 1);
  ASSERT_EQ(results.size(), 1u);
  rapidjson::Document doc;
  doc.Parse(results[0].c_str());
  ASSERT_TRUE(doc.IsObject()) << results[0];
  EXPECT_EQ(doc["status"].GetInt(), 201);
  EXPECT_STREQ(doc["statusText"].GetString(), "Very Created");
  EXPECT_EQ(std::string(doc["url"].GetString()), backend.Url("/a"));
  const auto& headers = doc["headers"];
  ASSERT_EQ(headers.Size(), 5u) << results[0];
  EXPECT_STREQ(headers[0][0].GetString(), "x-one");  // lower-cased, in arrival order
  EXPECT_STREQ(headers[1][0].GetString(), "content-type");
  EXPECT_STREQ(headers[2][1].GetString(),
               "\xc3\xa9t\xc3\xa9");  // Latin-1 bytes, as Node reads them
  std::string body_b64 = doc["body_b64"].GetString();
  std::string expect;
  AppendBase64("hello \xff /a", &expect);
  EXPECT_EQ(body_b64, expect);
  // The request carried the action's header, then undici's defaults.
  std::string head = backend.last_head();
  EXPECT_NE(head.find("X-Test: 1\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("user-agent: node\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("accept-encoding: gzip, deflate\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Expect"), std::string::npos) << head;
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

// undici sends a request once: when a reused keep-alive connection dies before any answer, the
// fetch fails. curl would send it again on a new connection (a POST twice); we must not.
TEST(FetchClient, NeverSendsARequestTwiceWhenAKeptConnectionDies) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> results;
  client.Start(Call(backend.Url("/keep")), FetchLimits{},
               [&](std::string r) { results.push_back(r); });
  RunUntil(&loop, results, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_NE(results[0].find("\"status\":200"), std::string::npos) << results[0];
  client.Start(Call(backend.Url("/drop")), FetchLimits{},
               [&](std::string r) { results.push_back(r); });
  RunUntil(&loop, results, 2);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1], "{\"error\":\"other side closed\"}");
  EXPECT_EQ(backend.requests(), 2);  // /keep once, /drop once: not again on a new connection
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

TEST(FetchClient, ManyTransfersAtOnce) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> results;
  for (int i = 0; i < 64; ++i) {
    client.Start(Call(backend.Url("/n" + std::to_string(i))), FetchLimits{},
                 [&](std::string r) { results.push_back(r); });
  }
  EXPECT_EQ(client.in_flight(), 64u);
  RunUntil(&loop, results, 64);
  ASSERT_EQ(results.size(), 64u);
  for (const auto& r : results) EXPECT_EQ(r.find("{\"status\":201,"), 0u) << r;
  EXPECT_EQ(backend.requests(), 64);
  EXPECT_EQ(client.in_flight(), 0u);
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

TEST(FetchClient, FailuresAreErrorResults) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  // A port nobody listens on: bind one, close it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int dead_port = ntohs(addr.sin_port);
  close(fd);

  std::vector<std::string> results(5);
  size_t got = 0;
  std::vector<std::string> order;
  auto put = [&](size_t i) {
    return [&, i](std::string r) {
      results[i] = r;
      ++got;
      order.push_back(std::to_string(i));
    };
  };
  client.Start(Call("http://127.0.0.1:" + std::to_string(dead_port) + "/"), FetchLimits{}, put(0));
  FetchLimits small;
  small.max_response_bytes = 1024 * 1024;
  client.Start(Call(backend.Url("/big")), small, put(1));
  FetchLimits soon;
  soon.deadline_ms = NowMs() + 300;
  int64_t started = NowMs();
  client.Start(Call(backend.Url("/slow")), soon, put(2));
  client.Start("{\"op\":\"teleport\"}", FetchLimits{}, put(3));
  client.Start(Call(backend.Url("/gone")), FetchLimits{}, put(4));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (got < 5 && std::chrono::steady_clock::now() < until) uv_run(&loop, UV_RUN_ONCE);
  ASSERT_EQ(got, 5u);
  EXPECT_EQ(results[0],
            "{\"error\":\"connect ECONNREFUSED 127.0.0.1:" + std::to_string(dead_port) + "\"}");
  EXPECT_EQ(results[1],
            "{\"error\":\"response body over the limit of 1048576 bytes "
            "(CONTAINERLESS_FETCH_MAX_MB)\"}");
  // Past the activation's deadline the slow answer is still awaited, as Node.js's fetch awaits
  // it (the invoker ends an activation out of time; differential finding H12-15).
  EXPECT_EQ(results[2].find("{\"status\":201,"), 0u) << results[2];
  EXPECT_EQ(results[3].find("{\"error\":\"unknown host call op"), 0u) << results[3];
  // A body cut short after a whole head is a response whose body failed (see below).
  EXPECT_EQ(results[4].find("{\"status\":200,"), 0u) << results[4];
  EXPECT_GE(NowMs() - started, 1400);
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

// undici's fetch resolves once the head is in, and only a body read fails ("terminated"): a
// transfer that dies after a whole head is the head, the bytes that came, and `body_error` in
// the cause's words (docs/handler-abi.md section 4). A reset before any answer is Node's
// `read ECONNRESET`, not curl's words.
TEST(FetchClient, ABodyCutShortKeepsTheHeadAndNamesTheBodyError) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> results;
  for (const char* path : {"/gone", "/reset-body", "/reset"}) {
    client.Start(Call(backend.Url(path)), FetchLimits{},
                 [&](std::string r) { results.push_back(r); });
    RunUntil(&loop, results, results.size() + 1);
  }
  ASSERT_EQ(results.size(), 3u);
  std::string expect = "{\"status\":200,\"statusText\":\"OK\",\"url\":\"" + backend.Url("/gone") +
                       "\",\"headers\":[[\"content-length\",\"100\"],[\"connection\",\"close\"]],"
                       "\"body_b64\":\"";
  AppendBase64("short", &expect);
  expect += "\",\"body_error\":\"other side closed\"}";
  EXPECT_EQ(results[0], expect);
  expect = "{\"status\":200,\"statusText\":\"OK\",\"url\":\"" + backend.Url("/reset-body") +
           "\",\"headers\":[[\"content-length\",\"100\"]],\"body_b64\":\"";
  AppendBase64("partial", &expect);
  expect += "\",\"body_error\":\"read ECONNRESET\"}";
  EXPECT_EQ(results[1], expect);
  EXPECT_EQ(results[2], "{\"error\":\"read ECONNRESET\"}");
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
  // The blocking path records the same.
  EXPECT_NE(FetchBlocking(Call(backend.Url("/gone")), FetchLimits{})
                .find("\",\"body_error\":\"other side closed\"}"),
            std::string::npos);
  EXPECT_NE(FetchBlocking(Call(backend.Url("/reset-body")), FetchLimits{})
                .find("\",\"body_error\":\"read ECONNRESET\"}"),
            std::string::npos);
  EXPECT_EQ(FetchBlocking(Call(backend.Url("/reset")), FetchLimits{}),
            "{\"error\":\"read ECONNRESET\"}");
}

// undici fails a "100 Continue" that no Expect header asked for at once; curl would wait for
// the final answer until the deadline.
TEST(FetchClient, AnUnsolicitedContinueFailsAtOnce) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> results;
  int64_t started = NowMs();
  client.Start(Call(backend.Url("/continue")), FetchLimits{},
               [&](std::string r) { results.push_back(r); });
  RunUntil(&loop, results, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0], "{\"error\":\"bad response\"}");
  EXPECT_LT(NowMs() - started, 2000);
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

TEST(FetchClient, CancelDropsTheCallback) {
  Backend backend;
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> results;
  uint64_t id = client.Start(Call(backend.Url("/slow")), FetchLimits{},
                             [&](std::string r) { results.push_back("cancelled one: " + r); });
  client.Start(Call(backend.Url("/b")), FetchLimits{},
               [&](std::string r) { results.push_back(r); });
  client.Cancel(id);
  RunUntil(&loop, results, 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].find("{\"status\":201"), 0u);
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

TEST(FetchBlocking, FetchesOnTheCallingThread) {
  Backend backend;
  std::string r = FetchBlocking(Call(backend.Url("/sync")), FetchLimits{});
  EXPECT_EQ(
      r.find("{\"status\":201,\"statusText\":\"Very Created\",\"url\":\"" + backend.Url("/sync")),
      0u)
      << r;
  EXPECT_EQ(FetchBlocking("[]", FetchLimits{}),
            "{\"error\":\"the host call is not a JSON object\"}");
  // The fetch standard's bad ports are refused before connecting, as Node's fetch refuses them.
  EXPECT_EQ(FetchBlocking(Call("http://127.0.0.1:1/"), FetchLimits{}), "{\"error\":\"bad port\"}");
  EXPECT_EQ(FetchBlocking(Call("http://127.0.0.1:6000/"), FetchLimits{}),
            "{\"error\":\"bad port\"}");
}

TEST(ActivationDriver, DrivesConcurrentActivationsWithTwoFetchesEach) {
  Backend backend;
  std::unique_ptr<Handler> loaded;
  ASSERT_TRUE(
      Handler::Load(std::string(TEST_HANDLER_DIR) + "/libcl_test_handler_answer.so", &loaded).ok());
  std::shared_ptr<Handler> handler = std::move(loaded);
  std::string abort;
  ASSERT_TRUE(handler->NewInstance(cl_limits{}, &abort).ok());
  uv_loop_t loop;
  uv_loop_init(&loop);
  FetchClient client(&loop);
  std::vector<std::string> bodies;
  for (int i = 0; i < 32; ++i) {
    std::string args = "{\"name\":\"n" + std::to_string(i) + "\",\"url\":\"" +
                       backend.Url("/p" + std::to_string(i)) + "\",\"fetches\":2}";
    DriveActivation(handler, args, cl_limits{}, 1 << 20, &client,
                    [&](std::unique_ptr<Activation> a) {
                      EXPECT_EQ(a->host_calls(), 2);
                      bodies.emplace_back(a->outcome().body);
                    });
  }
  EXPECT_TRUE(bodies.empty());
  RunUntil(&loop, bodies, 32);
  ASSERT_EQ(bodies.size(), 32u);
  EXPECT_EQ(backend.requests(), 64);
  for (const auto& b : bodies) {
    rapidjson::Document doc;
    doc.Parse(b.c_str());
    ASSERT_TRUE(doc.IsObject()) << b;
    EXPECT_EQ(doc["fetched"].Size(), 2u);
    EXPECT_EQ(doc["fetched"][1]["status"].GetInt(), 201);
  }
  // An activation without host calls finishes at once.
  bool done = false;
  DriveActivation(handler, "{\"name\":\"z\"}", cl_limits{}, 1 << 20, &client,
                  [&](std::unique_ptr<Activation> a) {
                    done = true;
                    EXPECT_EQ(a->outcome().body, "{\"greeting\":\"Hello z\"}");
                  });
  EXPECT_TRUE(done);
  CloseClient(&loop, &client);
  uv_loop_close(&loop);
}

}  // namespace
}  // namespace containerless::runtime

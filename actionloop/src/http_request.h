// Incremental HTTP/1.1 request parsing on http-parser: one request at a time, bounded bodies.
#pragma once

#include <http_parser.h>

#include <cstddef>
#include <string>

namespace containerless::runtime {

// One complete request. The strings keep their capacity between requests of a connection, so a
// keep-alive connection allocates only when a request is bigger than every one before it.
struct Request {
  unsigned method = HTTP_GET;  // enum http_method
  std::string url;
  std::string body;
  bool keep_alive = true;
};

class RequestParser {
 public:
  enum class Event {
    kNeedMore,   // everything was consumed; feed more bytes
    kRequest,    // request() is complete; call Next() before feeding the rest
    kTooLarge,   // the body exceeds the limit: it is discarded as it comes
    kDiscarded,  // the refused body has been read to its end: answer 413 now
    kContinue,   // the client expects "100 Continue" before sending the body
    kError,      // malformed: answer 400 and close the connection
  };
  struct Result {
    Event event;
    size_t consumed;  // bytes of the input used; feed the rest after handling the event
  };

  explicit RequestParser(size_t body_limit);
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  Result Feed(const char* data, size_t len);
  // The peer closed its side. Returns kError when a request was cut short, else kNeedMore.
  Event Finish();
  // Forget the request just returned (kRequest) and parse the next one.
  void Next();

  Request& request() { return request_; }
  // Whether a request has begun (some of its bytes arrived) and is not complete yet.
  bool InRequest() const { return in_message_; }
  // Whether a request has begun and its head is not complete yet.
  bool InHead() const { return in_message_ && !head_done_; }
  // What was wrong, for kError.
  const char* error() const { return error_; }
  size_t body_limit() const { return body_limit_; }

 private:
  static int OnMessageBegin(http_parser* p);
  static int OnUrl(http_parser* p, const char* at, size_t len);
  static int OnHeaderField(http_parser* p, const char* at, size_t len);
  static int OnHeaderValue(http_parser* p, const char* at, size_t len);
  static int OnHeadersComplete(http_parser* p);
  static int OnBody(http_parser* p, const char* at, size_t len);
  static int OnMessageComplete(http_parser* p);

  http_parser parser_;
  http_parser_settings settings_;
  size_t body_limit_;
  Request request_;
  Event pending_ = Event::kNeedMore;
  bool in_message_ = false;
  bool head_done_ = false;
  bool discarding_ = false;  // the body was too large: drop it, do not deliver the request
  // Header name matching for Expect, across split callbacks.
  std::string field_;
  bool field_done_ = false;
  bool expect_field_ = false;
  std::string expect_value_;
  const char* error_ = "";
};

}  // namespace containerless::runtime

// Drives http-parser for the server: collects URL and body, pauses at each event to act on.
#include "http_request.h"

#include <strings.h>

namespace containerless::runtime {

RequestParser::RequestParser(size_t body_limit) : body_limit_(body_limit) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
  http_parser_settings_init(&settings_);
  settings_.on_message_begin = OnMessageBegin;
  settings_.on_url = OnUrl;
  settings_.on_header_field = OnHeaderField;
  settings_.on_header_value = OnHeaderValue;
  settings_.on_headers_complete = OnHeadersComplete;
  settings_.on_body = OnBody;
  settings_.on_message_complete = OnMessageComplete;
}

RequestParser::Result RequestParser::Feed(const char* data, size_t len) {
  if (HTTP_PARSER_ERRNO(&parser_) == HPE_PAUSED) http_parser_pause(&parser_, 0);
  pending_ = Event::kNeedMore;
  size_t used = http_parser_execute(&parser_, &settings_, data, len);
  enum http_errno err = HTTP_PARSER_ERRNO(&parser_);
  if (err == HPE_PAUSED) return {pending_, used};
  if (err != HPE_OK) {
    error_ = http_errno_description(err);
    return {Event::kError, used};
  }
  if (used != len) {
    // Only an Upgrade/CONNECT request stops early without an error; we speak plain HTTP only.
    error_ = "protocol upgrade is not supported";
    return {Event::kError, used};
  }
  return {Event::kNeedMore, used};
}

RequestParser::Event RequestParser::Finish() {
  if (!in_message_) return Event::kNeedMore;
  error_ = "the connection closed in the middle of a request";
  return Event::kError;
}

void RequestParser::Next() {
  request_.url.clear();
  request_.body.clear();
  in_message_ = false;
}

int RequestParser::OnMessageBegin(http_parser* p) {
  auto* self = static_cast<RequestParser*>(p->data);
  self->in_message_ = true;
  self->head_done_ = false;
  self->discarding_ = false;
  self->request_.url.clear();
  self->request_.body.clear();
  self->field_.clear();
  self->field_done_ = false;
  self->expect_field_ = false;
  self->expect_value_.clear();
  return 0;
}

int RequestParser::OnUrl(http_parser* p, const char* at, size_t len) {
  static_cast<RequestParser*>(p->data)->request_.url.append(at, len);
  return 0;
}

int RequestParser::OnHeaderField(http_parser* p, const char* at, size_t len) {
  auto* self = static_cast<RequestParser*>(p->data);
  if (self->field_done_) {
    self->field_.clear();
    self->field_done_ = false;
  }
  // Only the name "Expect" matters; longer names need not be kept.
  if (self->field_.size() + len <= 16) self->field_.append(at, len);
  return 0;
}

int RequestParser::OnHeaderValue(http_parser* p, const char* at, size_t len) {
  auto* self = static_cast<RequestParser*>(p->data);
  if (!self->field_done_) {
    self->field_done_ = true;
    self->expect_field_ = strcasecmp(self->field_.c_str(), "expect") == 0;
  }
  if (self->expect_field_ && self->expect_value_.size() + len <= 64) {
    self->expect_value_.append(at, len);
  }
  return 0;
}

int RequestParser::OnHeadersComplete(http_parser* p) {
  auto* self = static_cast<RequestParser*>(p->data);
  self->head_done_ = true;
  self->request_.method = p->method;
  self->request_.keep_alive = http_should_keep_alive(p) != 0;
  bool has_length = (p->flags & F_CONTENTLENGTH) != 0;
  if (has_length && p->content_length > self->body_limit_) {
    self->discarding_ = true;
    self->pending_ = Event::kTooLarge;
    http_parser_pause(p, 1);
    return 0;
  }
  if (has_length) self->request_.body.reserve(static_cast<size_t>(p->content_length));
  if (strcasecmp(self->expect_value_.c_str(), "100-continue") == 0) {
    self->pending_ = Event::kContinue;
    http_parser_pause(p, 1);
  }
  return 0;
}

int RequestParser::OnBody(http_parser* p, const char* at, size_t len) {
  auto* self = static_cast<RequestParser*>(p->data);
  if (self->discarding_) return 0;
  if (self->request_.body.size() + len > self->body_limit_) {
    // A chunked body grew past the limit: answer now, drop the rest as it comes.
    self->discarding_ = true;
    self->request_.body.clear();
    self->request_.body.shrink_to_fit();
    self->pending_ = Event::kTooLarge;
    http_parser_pause(p, 1);
    return 0;
  }
  self->request_.body.append(at, len);
  return 0;
}

int RequestParser::OnMessageComplete(http_parser* p) {
  auto* self = static_cast<RequestParser*>(p->data);
  self->in_message_ = false;
  if (self->discarding_) {
    // The 413 was answered already; this request is over.
    self->discarding_ = false;
    self->pending_ = Event::kDiscarded;
    http_parser_pause(p, 1);
    return 0;
  }
  self->in_message_ = true;  // until Next(): the server is handling it
  self->pending_ = Event::kRequest;
  http_parser_pause(p, 1);
  return 0;
}

}  // namespace containerless::runtime

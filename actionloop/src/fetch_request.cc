// One fetch host call: reads the call JSON, sets up a curl easy handle as Node's fetch would send
// the request, collects the response within its limits, and writes the result JSON.
#include "fetch_request.h"

#include <strings.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include <rapidjson/document.h>

#include "curl_api.h"
#include "http_reply.h"

namespace containerless::runtime {
namespace {

// HTTP header bytes are Latin-1 to Node.js (a ByteString): each byte is the code point of its
// value. The result JSON must be UTF-8, so bytes >= 0x80 become two-byte sequences.
std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool HasHeader(const std::vector<std::pair<std::string, std::string>>& headers, const char* name) {
  for (const auto& h : headers) {
    if (strcasecmp(h.first.c_str(), name) == 0) return true;
  }
  return false;
}

// undici upper-cases these methods whatever their case, and sends any other token as written.
std::string NormalizeMethod(const std::string& method) {
  static const char* kNormalized[] = {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"};
  for (const char* m : kNormalized) {
    if (strcasecmp(method.c_str(), m) == 0) return m;
  }
  return method;
}

const char* ErrnoName(long code) {
  switch (code) {
    case ECONNREFUSED:
      return "ECONNREFUSED";
    case ECONNRESET:
      return "ECONNRESET";
    case ETIMEDOUT:
      return "ETIMEDOUT";
    case EHOSTUNREACH:
      return "EHOSTUNREACH";
    case ENETUNREACH:
      return "ENETUNREACH";
    case EADDRNOTAVAIL:
      return "EADDRNOTAVAIL";
    default:
      return nullptr;
  }
}

// "host:port" of a URL (the scheme's port when it names none).
// The URL's host[:port] as written, which is undici's `host` header for the normalized URLs the
// handler sends (no user info, no default port: docs/handler-abi.md).
std::string HostHeaderValue(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  return at == std::string::npos ? authority : authority.substr(at + 1);
}

std::string HostAndPort(const std::string& url) {
  CURLU* u = Curl().url();
  std::string out;
  if (Curl().url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* host = nullptr;
    char* port = nullptr;
    Curl().url_get(u, CURLUPART_HOST, &host, 0);
    Curl().url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    if (host != nullptr) out = std::string(host) + ":" + (port != nullptr ? port : "");
    Curl().free(host);
    Curl().free(port);
  }
  Curl().url_cleanup(u);
  return out;
}

// The fetch standard's "bad ports": Node's fetch refuses them with `bad port` before connecting.
bool IsBadPort(long port) {
  static const long kBad[] = {
      1,    7,    9,    11,   13,   15,   17,   19,   20,   21,   22,   23,   25,   37,
      42,   43,   53,   69,   77,   79,   87,   95,   101,  102,  103,  104,  109,  110,
      111,  113,  115,  117,  119,  123,  135,  137,  139,  143,  161,  179,  389,  427,
      465,  512,  513,  514,  515,  526,  530,  531,  532,  540,  548,  554,  556,  563,
      587,  601,  636,  989,  990,  993,  995,  1719, 1720, 1723, 2049, 3659, 4045, 4190,
      5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080};
  for (long b : kBad) {
    if (b == port) return true;
  }
  return false;
}

// The URL's port (the scheme's default when it names none), or -1 when curl cannot read it.
long UrlPort(const std::string& url) {
  CURLU* u = Curl().url();
  long out = -1;
  char* port = nullptr;
  if (Curl().url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      Curl().url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
      port != nullptr) {
    out = strtol(port, nullptr, 10);
  }
  Curl().free(port);
  Curl().url_cleanup(u);
  return out;
}

}  // namespace

// Loading libcurl runs curl_global_init (process-wide, not thread-safe): once, on first use.
Status EnsureCurlGlobal() {
  return LoadCurl();
}

Status ParseFetchCall(std::string_view json, FetchCall* out) {
  rapidjson::Document doc;
  // Iterative: no JSON from a handler can exhaust the runtime's stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject())
    return Status::Error("the host call is not a JSON object");
  auto op = doc.FindMember("op");
  if (op == doc.MemberEnd() || !op->value.IsString() ||
      std::string(op->value.GetString()) != "fetch") {
    return Status::Error("unknown host call op (this runtime knows \"fetch\")");
  }
  auto url = doc.FindMember("url");
  if (url == doc.MemberEnd() || !url->value.IsString())
    return Status::Error("fetch: url is not a string");
  out->url.assign(url->value.GetString(), url->value.GetStringLength());
  auto method = doc.FindMember("method");
  if (method == doc.MemberEnd() || method->value.IsNull()) {
    out->method = "GET";
  } else if (method->value.IsString()) {
    out->method.assign(method->value.GetString(), method->value.GetStringLength());
  } else {
    return Status::Error("fetch: method is not a string");
  }
  out->headers.clear();
  auto headers = doc.FindMember("headers");
  if (headers != doc.MemberEnd() && !headers->value.IsNull()) {
    if (!headers->value.IsArray()) return Status::Error("fetch: headers is not an array");
    for (const auto& pair : headers->value.GetArray()) {
      if (!pair.IsArray() || pair.Size() != 2 || !pair[0].IsString() || !pair[1].IsString()) {
        return Status::Error("fetch: a header is not a [name, value] pair of strings");
      }
      out->headers.emplace_back(std::string(pair[0].GetString(), pair[0].GetStringLength()),
                                std::string(pair[1].GetString(), pair[1].GetStringLength()));
    }
  }
  auto body = doc.FindMember("body");
  out->has_body = false;
  out->body.clear();
  if (body != doc.MemberEnd() && !body->value.IsNull()) {
    if (!body->value.IsString()) return Status::Error("fetch: body is not a string or null");
    out->has_body = true;
    out->body.assign(body->value.GetString(), body->value.GetStringLength());
  }
  return Status::Ok();
}

void AppendBase64(std::string_view bytes, std::string* out) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out->reserve(out->size() + (bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    *out += kAlphabet[v >> 18];
    *out += kAlphabet[(v >> 12) & 63];
    *out += kAlphabet[(v >> 6) & 63];
    *out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = p[i] << 16;
    *out += kAlphabet[v >> 18];
    *out += kAlphabet[(v >> 12) & 63];
    *out += "==";
  } else if (rest == 2) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8);
    *out += kAlphabet[v >> 18];
    *out += kAlphabet[(v >> 12) & 63];
    *out += kAlphabet[(v >> 6) & 63];
    *out += '=';
  }
}

FetchTransfer::FetchTransfer(FetchCall call, const FetchLimits& limits)
    : call_(std::move(call)), limits_(limits) {}

FetchTransfer::~FetchTransfer() {
  if (easy_ != nullptr) Curl().easy_cleanup(easy_);
  if (header_list_ != nullptr) Curl().slist_free_all(header_list_);
}

Status FetchTransfer::Prepare() {
  // Before any curl call: without libcurl the fetch answers {"error": "libcurl is not ..."}.
  Status loaded = EnsureCurlGlobal();
  if (!loaded.ok()) return loaded;
  if (IsBadPort(UrlPort(call_.url))) return Status::Error("bad port");
  easy_ = Curl().easy_init();
  if (easy_ == nullptr) return Status::Error("curl_easy_init failed");
  CURL* e = easy_;
  CurlSetopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
  CurlSetopt(e, CURLOPT_NOSIGNAL, 1L);
  CurlSetopt(e, CURLOPT_URL, call_.url.c_str());
  CurlSetopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  // Redirects are not followed here: the fetch standard's rules (a POST becoming a GET, body
  // headers dropped, credentials dropped across origins) are not curl's. The handler follows a
  // 3xx as undici does (compiler/runtime/src/fetch/redirect.rs), one host call per request.
  CurlSetopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  // undici speaks HTTP/1.1; a reason phrase (statusText) exists only there.
  CurlSetopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  // What undici asks for, and decodes: the body the action reads is the decoded one.
  CurlSetopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  CurlSetopt(e, CURLOPT_HEADERFUNCTION, &FetchTransfer::OnHeader);
  CurlSetopt(e, CURLOPT_HEADERDATA, this);
  CurlSetopt(e, CURLOPT_WRITEFUNCTION, &FetchTransfer::OnBody);
  CurlSetopt(e, CURLOPT_WRITEDATA, this);
  CurlSetopt(e, CURLOPT_PREREQFUNCTION, &FetchTransfer::OnPrerequest);
  CurlSetopt(e, CURLOPT_PREREQDATA, this);
  CurlSetoptOffT(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits_.max_response_bytes));
  // undici's timeouts: 10 s to connect, 300 s for the head and between body bytes. Not the
  // activation's deadline: Node.js's fetch does not know it, and waits on (the invoker ends an
  // activation that runs out of time); cutting the transfer there would show the action a
  // network failure that never happened (differential finding H12-15).
  CurlSetopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  CurlSetopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
  CurlSetopt(e, CURLOPT_LOW_SPEED_TIME, 300L);
  // Node.js's fetch (undici) ignores http_proxy, HTTPS_PROXY, ALL_PROXY and NO_PROXY; libcurl
  // reads them unless told otherwise: an empty proxy turns every proxy off (finding H12-18).
  CurlSetopt(e, CURLOPT_PROXY, "");

  std::string method = NormalizeMethod(call_.method);
  if (method == "HEAD") {
    CurlSetopt(e, CURLOPT_NOBODY, 1L);
  } else if (call_.has_body || method == "POST") {
    CurlSetoptOffT(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call_.body.size()));
    CurlSetopt(e, CURLOPT_POSTFIELDS, call_.body.data());
    if (method != "POST") CurlSetopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    CurlSetopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  // undici writes `host` and `connection: keep-alive` first, in lower case; curl would write
  // `Host` and no `connection`. Safe as a fixed header: redirects are never followed here.
  header_list_ = Curl().slist_append(header_list_, ("host: " + HostHeaderValue(call_.url)).c_str());
  header_list_ = Curl().slist_append(header_list_, "connection: keep-alive");
  // The action's headers next, in its order, then undici's defaults for those it did not set.
  for (const auto& h : call_.headers) {
    std::string line = h.first + ": " + h.second;
    if (h.second.empty()) line = h.first + ";";  // curl's way of sending an empty value
    header_list_ = Curl().slist_append(header_list_, line.c_str());
  }
  auto add_default = [&](const char* name, const char* value) {
    if (!HasHeader(call_.headers, name)) {
      header_list_ = Curl().slist_append(header_list_, (std::string(name) + ": " + value).c_str());
    }
  };
  if (call_.has_body) add_default("content-type", "text/plain;charset=UTF-8");
  add_default("accept", "*/*");
  add_default("accept-language", "*");
  add_default("sec-fetch-mode", "cors");
  add_default("user-agent", "node");
  // Written here rather than by curl, so it comes last as undici sends it; CURLOPT_ACCEPT_ENCODING
  // above still makes curl decode.
  add_default("accept-encoding", "gzip, deflate");
  // undici writes content-length last, in lower case: for a body, and 0 for a POST, PUT or PATCH
  // without one. Given here, curl writes no Content-Length (nor, for a bodyless POST, its form
  // content type) of its own.
  if (call_.has_body || method == "POST" || method == "PUT" || method == "PATCH") {
    std::string length =
        "content-length: " + std::to_string(call_.has_body ? call_.body.size() : 0);
    header_list_ = Curl().slist_append(header_list_, length.c_str());
  }
  if (!call_.has_body && method == "POST" && !HasHeader(call_.headers, "content-type")) {
    header_list_ = Curl().slist_append(header_list_, "Content-Type:");
  }
  // Never "Expect: 100-continue" (undici does not wait for it).
  if (!HasHeader(call_.headers, "expect"))
    header_list_ = Curl().slist_append(header_list_, "Expect:");
  CurlSetopt(e, CURLOPT_HTTPHEADER, header_list_);
  return Status::Ok();
}

int FetchTransfer::OnPrerequest(void* self_ptr, char*, char*, int, int) {
  auto* self = static_cast<FetchTransfer*>(self_ptr);
  // Each request of a redirect chain comes here once, after the previous one's response began.
  // Coming here again without any response means curl is re-sending the same request on a
  // fresh connection: undici fails the fetch instead ("other side closed"), and so do we.
  if (self->requests_sent_ > 0 && !self->response_since_send_) {
    self->resend_refused_ = true;
    return CURL_PREREQFUNC_ABORT;
  }
  ++self->requests_sent_;
  self->response_since_send_ = false;
  return CURL_PREREQFUNC_OK;
}

size_t FetchTransfer::OnHeader(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<FetchTransfer*>(self_ptr);
  std::string_view line(data, size * count);
  if (line.size() >= 5 && strncasecmp(line.data(), "HTTP/", 5) == 0) {
    self->response_since_send_ = true;
    // A status line: a new response begins (after a redirect or a 1xx), forget the last one's.
    self->response_headers_.clear();
    self->status_text_.clear();
    self->head_complete_ = false;
    size_t code_at = line.find(' ');
    self->head_status_ = code_at == std::string_view::npos
                             ? 0
                             : atoi(std::string(line.substr(code_at + 1, 3)).c_str());
    if (code_at != std::string_view::npos && line.substr(code_at + 1, 3) == "100" &&
        (line.size() == code_at + 4 || !isdigit(static_cast<unsigned char>(line[code_at + 4])))) {
      self->unsolicited_continue_ = true;
      return 0;  // curl stops with CURLE_WRITE_ERROR
    }
    if (code_at != std::string_view::npos) {
      size_t text_at = line.find(' ', code_at + 1);
      if (text_at != std::string_view::npos) self->status_text_ = Trim(line.substr(text_at + 1));
    }
    return size * count;
  }
  std::string_view trimmed = Trim(line);
  if (trimmed.empty()) {
    // The end of a header block: a final response's head is complete (a 1xx's is not).
    if (self->head_status_ >= 200) self->head_complete_ = true;
    return size * count;
  }
  if ((line[0] == ' ' || line[0] == '\t') && !self->response_headers_.empty()) {
    // An obsolete folded continuation: part of the previous value.
    self->response_headers_.back().second += " ";
    self->response_headers_.back().second += trimmed;
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name(Trim(line.substr(0, colon)));
  for (char& c : name) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  self->response_headers_.emplace_back(std::move(name), std::string(Trim(line.substr(colon + 1))));
  return size * count;
}

size_t FetchTransfer::OnBody(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<FetchTransfer*>(self_ptr);
  size_t n = size * count;
  if (self->response_body_.size() + n > self->limits_.max_response_bytes) {
    self->too_large_ = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  self->response_body_.append(data, n);
  return n;
}

std::string FetchTransfer::ErrorResult(std::string_view message) {
  std::string out = "{\"error\":";
  AppendJsonString(message, &out);
  out += "}";
  return out;
}

std::string FetchTransfer::Result(CURLcode code) {
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return ErrorResult("response body over the limit of " +
                       std::to_string(limits_.max_response_bytes) +
                       " bytes (CONTAINERLESS_FETCH_MAX_MB)");
  }
  if (resend_refused_) return ErrorResult("other side closed");
  if (unsolicited_continue_) return ErrorResult("bad response");
  if (code != CURLE_OK) {
    std::string detail = error_buffer_[0] != '\0' ? error_buffer_ : Curl().easy_strerror(code);
    long os_errno = 0;
    CurlGetinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
    char* ip = nullptr;
    long port = 0;
    CurlGetinfo(easy_, CURLINFO_PRIMARY_IP, &ip);
    CurlGetinfo(easy_, CURLINFO_PRIMARY_PORT, &port);
    const char* errno_name = ErrnoName(os_errno);
    if (code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION ||
        code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_CACERT_BADFILE ||
        code == CURLE_SSL_ISSUER_ERROR || code == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
        code == CURLE_SSL_INVALIDCERTSTATUS) {
      // The TLS handshake failed: no request was sent. Whom Node.js trusts is not curl's store
      // (its own roots, NODE_EXTRA_CA_CERTS, NODE_TLS_REJECT_UNAUTHORIZED), nor are its words
      // for the failure: the handler leaves this fetch to Node.js, which may send it as the first
      // time (differential finding H12-19; docs/handler-abi.md, "unsent").
      std::string out = "{\"unsent\":";
      AppendJsonString("TLS handshake failed: " + detail, &out);
      out += "}";
      return out;
    }
    if (code == CURLE_COULDNT_CONNECT && errno_name != nullptr) {
      // The words of Node's cause (`connect ECONNREFUSED 127.0.0.1:1`). curl keeps no address
      // after a failed connect: the URL's host and port stand for it.
      std::string where = ip != nullptr && *ip != '\0'
                              ? std::string(ip) + ":" + std::to_string(port)
                              : HostAndPort(call_.url);
      return ErrorResult(std::string("connect ") + errno_name + " " + where);
    }
    if (code == CURLE_COULDNT_RESOLVE_HOST) return ErrorResult("getaddrinfo ENOTFOUND: " + detail);
    // A reset: Node's words (`read ECONNRESET`), where curl says "Recv failure: ...". On the
    // multi interface curl learns of it from libuv's poll only as an error event, with no errno
    // ("select/poll returned error"): on a connected TCP socket that is a reset.
    bool reset = os_errno == ECONNRESET || detail == "select/poll returned error";
    // (Node reads all the time: it meets a reset on a read.)
    std::string cause = reset ? "read ECONNRESET" : detail;
    if (head_complete_) {
      // The head came whole, then the connection died: undici's fetch has resolved with the
      // Response, and only a body read fails ("terminated"). A close before the promised length
      // is undici's SocketError "other side closed".
      return ResponseResult(code == CURLE_PARTIAL_FILE && !reset ? std::string("other side closed")
                                                                 : cause);
    }
    return ErrorResult(cause);
  }
  return ResponseResult("");
}

std::string FetchTransfer::ResponseResult(std::string_view body_error) {
  long status = 0;
  CurlGetinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  char* url = nullptr;
  CurlGetinfo(easy_, CURLINFO_EFFECTIVE_URL, &url);
  std::string out = "{\"status\":" + std::to_string(status) + ",\"statusText\":";
  AppendJsonString(Latin1ToUtf8(status_text_), &out);
  out += ",\"url\":";
  AppendJsonString(url != nullptr ? std::string_view(url) : std::string_view(call_.url), &out);
  out += ",\"headers\":[";
  bool first = true;
  for (const auto& h : response_headers_) {
    if (!first) out += ',';
    first = false;
    out += '[';
    AppendJsonString(Latin1ToUtf8(h.first), &out);
    out += ',';
    AppendJsonString(Latin1ToUtf8(h.second), &out);
    out += ']';
  }
  out += "],\"body_b64\":\"";
  AppendBase64(response_body_, &out);
  out += '"';
  if (!body_error.empty()) {
    out += ",\"body_error\":";
    AppendJsonString(body_error, &out);
  }
  out += '}';
  return out;
}

std::string FetchBlocking(std::string_view call_json, const FetchLimits& limits) {
  FetchCall call;
  Status s = ParseFetchCall(call_json, &call);
  if (!s.ok()) return FetchTransfer::ErrorResult(s.message());
  FetchTransfer transfer(std::move(call), limits);
  s = transfer.Prepare();
  if (!s.ok()) return FetchTransfer::ErrorResult(s.message());
  return transfer.Result(Curl().easy_perform(transfer.easy()));
}

}  // namespace containerless::runtime

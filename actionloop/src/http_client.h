// A one-exchange HTTP/1.1 client over a unix socket on libuv: the link to the Node engine.
#pragma once

#include <uv.h>

#include <functional>
#include <string>
#include <string_view>

#include "status.h"

namespace containerless::runtime {

struct ClientReply {
  int status = 0;
  // The reply's header lines ("Name: value\r\n"), without the hop-by-hop ones (Connection,
  // Keep-Alive, Transfer-Encoding) and Content-Length: the front writes its own.
  std::string headers;
  std::string body;
  bool connected = false;  // false: the socket refused (the engine is not listening)
};

// Called once: an error Status when the exchange failed (no connection, reset, malformed reply).
using ClientCallback = std::function<void(const Status&, ClientReply&)>;

// Connects to `socket_path`, writes `head` then `body`, reads one reply, closes. `body` must stay
// valid until `done` runs (it is the front's request body; not copied).
void HttpExchange(uv_loop_t* loop, const std::string& socket_path, std::string head,
                  std::string_view body, ClientCallback done);

// Builds a request head with Content-Length; `extra_headers` are lines ending in "\r\n".
std::string RequestHead(std::string_view method, std::string_view url, size_t body_length,
                        std::string_view extra_headers);

// Calls done(true) once `socket_path` accepts a connection, done(false) if it refuses.
void ProbeSocket(uv_loop_t* loop, const std::string& socket_path, std::function<void(bool)> done);

}  // namespace containerless::runtime

// Drives one native activation to its end on the libuv loop: each host call (fetch) goes to the
// FetchClient, its result back to the handler, and the loop serves other requests meanwhile.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "fetch_client.h"
#include "handler_host.h"

namespace containerless::runtime {

// Called once, on the loop, with the finished activation (its outcome() is valid).
using ActivationDone = std::function<void(std::unique_ptr<Activation>)>;

// Begins an activation of `handler` and steps it; host calls are bounded by limits.deadline_ms
// and `max_response_bytes`. `done` may run before this returns (an activation without host calls).
void DriveActivation(std::shared_ptr<Handler> handler, std::string_view args,
                     const cl_limits& limits, size_t max_response_bytes, FetchClient* fetch,
                     ActivationDone done);

// Goes on with an activation whose Step() asked for a host call (the runtime steps an activation
// itself first, so that one without host calls needs no driver state at all).
void ContinueActivation(std::unique_ptr<Activation> activation, const cl_limits& limits,
                        size_t max_response_bytes, FetchClient* fetch, ActivationDone done);

}  // namespace containerless::runtime

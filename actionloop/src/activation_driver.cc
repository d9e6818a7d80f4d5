// The step loop of handler ABI version 2 on the event loop: step, fetch, complete, step again.
#include "activation_driver.h"

#include <string>

namespace containerless::runtime {
namespace {

// Owns itself from its first host call to done: deleted when the activation finishes. (A runtime
// that stops with fetches in flight drops them in FetchClient::Close; their activations go with
// the process.)
struct Drive {
  std::unique_ptr<Activation> activation;
  FetchClient* fetch;
  FetchLimits limits;
  ActivationDone done;

  // The activation is waiting for its host call: hand it to the fetch client.
  void Call() {
    // FetchClient never calls back inside Start, so this cannot recurse.
    fetch->Start(activation->host_call(), limits, [this](std::string result) {
      activation->Complete(result);
      Next();
    });
  }

  void Next() {
    if (activation->Step() == Activation::Next::kHostCall) {
      Call();
      return;
    }
    ActivationDone finish = std::move(done);
    std::unique_ptr<Activation> finished = std::move(activation);
    delete this;
    finish(std::move(finished));
  }
};

}  // namespace

void ContinueActivation(std::unique_ptr<Activation> activation, const cl_limits& limits,
                        size_t max_response_bytes, FetchClient* fetch, ActivationDone done) {
  auto* drive = new Drive();
  drive->activation = std::move(activation);
  drive->fetch = fetch;
  drive->limits.deadline_ms = limits.deadline_ms;
  drive->limits.max_response_bytes = max_response_bytes;
  drive->done = std::move(done);
  drive->Call();
}

void DriveActivation(std::shared_ptr<Handler> handler, std::string_view args,
                     const cl_limits& limits, size_t max_response_bytes, FetchClient* fetch,
                     ActivationDone done) {
  // activation_new copies `args` (handler-abi.md): the caller's buffer may be reused at once.
  std::unique_ptr<Activation> activation = Activation::Begin(std::move(handler), args, limits);
  if (activation->Step() == Activation::Next::kDone) {
    done(std::move(activation));
    return;
  }
  ContinueActivation(std::move(activation), limits, max_response_bytes, fetch, std::move(done));
}

}  // namespace containerless::runtime

// The step loop of handler ABI version 2 on the event loop: step, fetch, complete, step again.
#include "activation_driver.h"

#include <string>

namespace containerless::runtime {
namespace {

// Owns itself from Begin to done: deleted when the activation finishes. (A runtime that stops
// with fetches in flight drops them in FetchClient::Close; their activations go with the process.)
struct Drive {
  std::string args;  // the value JSON, owned here: the caller's buffer is reused for the next body
  std::unique_ptr<Activation> activation;
  FetchClient* fetch;
  FetchLimits limits;
  ActivationDone done;

  void Next() {
    if (activation->Step() == Activation::Next::kDone) {
      ActivationDone finish = std::move(done);
      std::unique_ptr<Activation> finished = std::move(activation);
      delete this;
      finish(std::move(finished));
      return;
    }
    // FetchClient never calls back inside Start, so this cannot recurse.
    fetch->Start(activation->host_call(), limits, [this](std::string result) {
      activation->Complete(result);
      Next();
    });
  }
};

}  // namespace

void DriveActivation(std::shared_ptr<Handler> handler, std::string_view args,
                     const cl_limits& limits, size_t max_response_bytes, FetchClient* fetch,
                     ActivationDone done) {
  auto* drive = new Drive();
  drive->args.assign(args);
  drive->activation = Activation::Begin(std::move(handler), drive->args, limits);
  drive->fetch = fetch;
  drive->limits.deadline_ms = limits.deadline_ms;
  drive->limits.max_response_bytes = max_response_bytes;
  drive->done = std::move(done);
  drive->Next();
}

}  // namespace containerless::runtime

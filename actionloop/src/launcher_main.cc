// containerless-actionloop: a compiled handler behind the ActionLoop protocol (stdin in, fd 3 out).
//
// The executable an ActionLoop proxy (openwhisk-runtime-go, the actionloop base images) starts as
// bin/exec: stdout and stderr are the container log, the proxy writes the sentinels itself.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "activation_log.h"
#include "config.h"
#include "crash_guard.h"
#include "fetch_request.h"
#include "handler_host.h"
#include "http_reply.h"
#include "run_body.h"

using namespace containerless::runtime;

namespace {

constexpr int kResultFd = 3;

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      exit(1);  // the proxy is gone
    }
  }
}

std::string ErrorLine(const std::string& message) {
  std::string line = "{\"error\":";
  AppendJsonString(message, &line);
  line += "}\n";
  return line;
}

// Exports the string keys of the /run body other than value as __OW_<KEY>, as the protocol asks
// (version 1 handlers do not read them; later ones will).
void ExportActivationEnv(const rapidjson::Document& doc) {
  if (!doc.IsObject()) return;
  for (const auto& m : doc.GetObject()) {
    std::string key(m.name.GetString(), m.name.GetStringLength());
    if (key == "value" || !m.value.IsString()) continue;
    std::string name = "__OW_";
    for (char c : key) name += static_cast<char>(toupper(static_cast<unsigned char>(c)));
    setenv(name.c_str(), m.value.GetString(), 1);
  }
}

// CONTAINERLESS_FETCH_MAX_MB, read strictly as the runtime reads it (config.cc, with its message;
// docs/operations.md); 64 MiB when unset or empty.
Status FetchMaxBytes(size_t* out) {
  const char* text = getenv("CONTAINERLESS_FETCH_MAX_MB");
  long long mb = 64;
  if (text != nullptr && *text != '\0') {
    Status s = ParseIntSetting("CONTAINERLESS_FETCH_MAX_MB", text, 1, 65536, &mb);
    if (!s.ok()) return s;
  }
  *out = static_cast<size_t>(mb) * 1024 * 1024;
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : getenv("CONTAINERLESS_HANDLER");
  if (path == nullptr ||
      (argc > 1 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help"))) {
    fputs(
        "Usage: containerless-actionloop HANDLER.so   (or CONTAINERLESS_HANDLER)\n"
        "Reads one /run body per line on stdin, answers one JSON line per activation on fd 3;\n"
        "writes {\"ok\":true} on fd 3 first when OW_WAIT_FOR_ACK is set.\n",
        path == nullptr ? stderr : stdout);
    return path == nullptr ? 2 : 0;
  }
  // Settings before the handler: a bad one is a usage error, on stderr (the container log) and
  // before the ack, so the ActionLoop proxy reports the init as failed rather than every run.
  size_t fetch_max_bytes = 0;
  Status setting = FetchMaxBytes(&fetch_max_bytes);
  if (!setting.ok()) {
    fprintf(stderr, "containerless-actionloop: %s\n", setting.message().c_str());
    return 2;
  }
  // A handler that faults is named on stderr (the container log) before the process ends with
  // the signal, which the ActionLoop proxy reports as a failed activation.
  SetCrashLogFd(STDERR_FILENO);
  // (Without it, which only an exhausted process could cause, a fault ends the process unnamed.)
  Status guarded = InstallCrashGuard();
  (void)guarded;
  std::unique_ptr<Handler> loaded;
  Status s = Handler::Load(path, &loaded);
  std::shared_ptr<Handler> handler = std::move(loaded);
  std::string abort_json;
  if (s.ok()) s = handler->NewInstance(cl_limits{}, &abort_json);
  if (!s.ok()) {
    // At start-up, before any activation: the proxy reports the init as failed.
    fprintf(stderr, "containerless-actionloop: %s\n", s.message().c_str());
    return 1;
  }
  const char* ack = getenv("OW_WAIT_FOR_ACK");
  if (ack != nullptr && *ack != '\0') WriteAll(kResultFd, "{\"ok\":true}\n");

  ActivationLog log;
  RunBody body;
  char* line = nullptr;
  size_t capacity = 0;
  ssize_t n;
  while ((n = getline(&line, &capacity, stdin)) >= 0) {
    std::string_view text(line, static_cast<size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    std::string result;
    switch (body.Parse(text)) {
      case BodyVerdict::kBadJson:
        result = ErrorLine("The activation is not a JSON object.");
        break;
      case BodyVerdict::kNotObject:
        result =
            ErrorLine(std::string("The action's argument must be a dictionary but has type '") +
                      body.value_type() + "'.");
        break;
      case BodyVerdict::kNotExact:
        result = ErrorLine("The native handler cannot read this activation exactly.");
        break;
      case BodyVerdict::kOk: {
        ExportActivationEnv(body.document());
        cl_limits limits{};
        limits.deadline_ms = body.deadline_ms();
        FetchLimits fetch_limits;
        fetch_limits.deadline_ms = limits.deadline_ms;
        fetch_limits.max_response_bytes = fetch_max_bytes;
        // One activation at a time: its fetches can block this thread (curl easy).
        std::unique_ptr<Activation> activation =
            RunToEnd(handler, body.args(), limits,
                     [&](std::string_view call) { return FetchBlocking(call, fetch_limits); });
        const NativeOutcome& outcome = activation->outcome();
        if (outcome.answered) {
          log.WriteActivation(outcome.logs, /*sentinels=*/false);
          result.assign(outcome.body);
          result += '\n';
        } else {
          result = ErrorLine("The native handler cannot run this activation: " +
                             std::string(outcome.abort));
        }
        break;
      }
    }
    WriteAll(kResultFd, result);
  }
  free(line);
  return 0;
}

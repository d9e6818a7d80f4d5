// containerless-run-handler: runs a compiled handler on JSON inputs, one outcome line per input.
#include <dlfcn.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "../../actionloop/src/handler_abi.h"

namespace containerless::compiler {
namespace {

const char kHelp[] =
    R"(Usage: containerless-run-handler HANDLER.so [--fuel N] [--fetch-responses FILE]
                                 < INPUTS.jsonl

Loads a handler built by containerless-compile, makes one instance (as the runtime does for a
warm container), and runs it once per non-blank line of stdin (each line: the activation's
arguments as JSON), through the ABI version 2 step loop. Writes one JSON line per input on stdout:
  {"status":"answered","http_status":200,"body":"<reply body text>","logs":[[stream,text],...]}
  {"status":"aborted","abort":{...the abort record...},"logs":[...]}
with "calls":[...] added (the host calls the activation made, in order) when it made any.

Host calls (fetch) are never sent to the network. With --fetch-responses FILE, each non-blank
line of FILE is one host result (docs/handler-abi.md: {"status":200,"statusText":"OK","url":...,
"headers":[[name,value],...],"body_b64":"..."} or {"error":"..."}), given to the host calls in
order across all inputs; without it, or once FILE's lines are used up, every host call gets
{"error":"containerless-run-handler: no scripted response"}.

Exit status: 0 after all inputs; 2 usage error; 3 the handler cannot be loaded; 4 its init
(the module's top-level code) aborted, with the abort record on stderr.
)";

std::string Text(const cl_bytes& b) {
  return b.ptr ? std::string(reinterpret_cast<const char*>(b.ptr), b.len) : std::string();
}

// The body as a JSON string: the comparison must see its exact bytes, not a re-serialisation.
std::string Quoted(const std::string& text) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return buf.GetString();
}

int Main(int argc, char** argv) {
  std::string so;
  cl_limits limits{0, 0, 0};
  std::vector<std::string> responses;  // --fetch-responses, answered in order
  size_t next_response = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (arg == "--fuel" && i + 1 < argc) {
      limits.fuel = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--fetch-responses" && i + 1 < argc) {
      std::ifstream in(argv[++i]);
      if (!in) {
        std::fprintf(stderr, "containerless-run-handler: cannot read %s\n", argv[i]);
        return 2;
      }
      std::string r;
      while (std::getline(in, r)) {
        if (r.find_first_not_of(" \t\r") != std::string::npos) responses.push_back(r);
      }
    } else if (so.empty() && arg[0] != '-') {
      so = arg;
    } else {
      std::fprintf(stderr, "containerless-run-handler: unexpected argument %s\n%s", arg.c_str(),
                   kHelp);
      return 2;
    }
  }
  if (so.empty()) {
    std::fprintf(stderr, "containerless-run-handler: no handler given\n%s", kHelp);
    return 2;
  }
  if (so.find('/') == std::string::npos) so = "./" + so;  // dlopen would search the library path
  void* lib = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    std::fprintf(stderr, "containerless-run-handler: dlopen %s: %s\n", so.c_str(), dlerror());
    return 3;
  }
  using Entry = const cl_handler_v2* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(lib, CL_HANDLER_ENTRY_SYMBOL));
  if (!entry || entry()->abi_version != CL_HANDLER_ABI_VERSION) {
    std::fprintf(stderr, "containerless-run-handler: %s has no %s of ABI version %u\n", so.c_str(),
                 CL_HANDLER_ENTRY_SYMBOL, static_cast<unsigned>(CL_HANDLER_ABI_VERSION));
    return 3;
  }
  const cl_handler_v2* h = entry();
  cl_bytes init_abort{nullptr, 0};
  void* instance = h->instance_new(&limits, &init_abort);
  if (!instance) {
    std::fprintf(stderr, "containerless-run-handler: init aborted: %s\n", Text(init_abort).c_str());
    h->bytes_free(&init_abort);
    return 4;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    cl_outcome out{};
    void* act = h->activation_new(instance, reinterpret_cast<const uint8_t*>(line.data()),
                                  line.size(), &limits);
    std::string calls;
    for (;;) {
      cl_bytes call{nullptr, 0};
      if (h->step(act, &call, &out) == CL_STEP_DONE) break;
      calls += (calls.empty() ? "" : ",") + Text(call);
      h->bytes_free(&call);
      std::string result = next_response < responses.size()
                               ? responses[next_response++]
                               : "{\"error\":\"containerless-run-handler: no scripted response\"}";
      h->complete(act, reinterpret_cast<const uint8_t*>(result.data()), result.size());
    }
    h->activation_free(act);
    std::string logs = out.logs.ptr ? Text(out.logs) : "[]";
    std::string extra = calls.empty() ? "" : ",\"calls\":[" + calls + "]";
    if (out.status == CL_STATUS_ANSWERED) {
      std::printf("{\"status\":\"answered\",\"http_status\":%d,\"body\":%s,\"logs\":%s%s}\n",
                  out.http_status, Quoted(Text(out.body)).c_str(), logs.c_str(), extra.c_str());
    } else {
      std::printf("{\"status\":\"aborted\",\"abort\":%s,\"logs\":%s%s}\n", Text(out.abort).c_str(),
                  logs.c_str(), extra.c_str());
    }
    h->outcome_free(&out);
  }
  h->instance_free(instance);
  return 0;
}

}  // namespace
}  // namespace containerless::compiler

int main(int argc, char** argv) {
  return containerless::compiler::Main(argc, argv);
}

// Loads and checks handler libraries and drives their activations through the versioned C ABI.
#include "handler_host.h"

#include <dlfcn.h>

#include <rapidjson/document.h>

#include "crash_guard.h"

namespace containerless::runtime {
namespace {

std::string_view View(const cl_bytes& b) {
  return b.ptr == nullptr ? std::string_view()
                          : std::string_view(reinterpret_cast<const char*>(b.ptr), b.len);
}

}  // namespace

Status Handler::Load(const std::string& path, std::unique_ptr<Handler>* out) {
  // RTLD_LOCAL: two handlers (an old one and its recompiled successor) must not share symbols.
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    return Status::Error("cannot load handler " + path + ": " + (why ? why : "dlopen failed"));
  }
  dlerror();
  void* symbol = dlsym(library, CL_HANDLER_ENTRY_SYMBOL);
  if (symbol == nullptr) {
    bool v1 = dlsym(library, "containerless_handler_v1") != nullptr;
    dlclose(library);
    if (v1) {
      return Status::Error("handler " + path +
                           " has ABI version 1 (it exports containerless_handler_v1); this runtime "
                           "speaks version " +
                           std::to_string(CL_HANDLER_ABI_VERSION) + " (rebuild the handler)");
    }
    return Status::Error("handler " + path +
                         " does not export " CL_HANDLER_ENTRY_SYMBOL
                         " (not a Containerless handler, or built for another ABI)");
  }
  auto entry = reinterpret_cast<cl_handler_entry_fn>(symbol);
  const cl_handler_v2* table = entry();
  if (table == nullptr) {
    dlclose(library);
    return Status::Error("handler " + path + ": " CL_HANDLER_ENTRY_SYMBOL " returned NULL");
  }
  if (table->abi_version != CL_HANDLER_ABI_VERSION) {
    uint32_t version = table->abi_version;
    dlclose(library);
    return Status::Error("handler " + path + " has ABI version " + std::to_string(version) +
                         "; this runtime speaks version " + std::to_string(CL_HANDLER_ABI_VERSION) +
                         " (rebuild the handler)");
  }
  if (table->instance_new == nullptr || table->instance_free == nullptr ||
      table->activation_new == nullptr || table->step == nullptr || table->complete == nullptr ||
      table->activation_free == nullptr || table->outcome_free == nullptr ||
      table->bytes_free == nullptr || table->code_sha256 == nullptr || table->entry == nullptr ||
      table->trace_sha256 == nullptr) {
    dlclose(library);
    return Status::Error("handler " + path + ": its function table has a NULL entry");
  }
  std::unique_ptr<Handler> handler(new Handler());
  handler->path_ = path;
  handler->library_ = library;
  handler->table_ = table;
  *out = std::move(handler);
  return Status::Ok();
}

Handler::~Handler() {
  if (instance_ != nullptr) table_->instance_free(instance_);
  if (library_ != nullptr) dlclose(library_);
}

Status Handler::NewInstance(const cl_limits& limits, std::string* abort_json) {
  cl_bytes abort{};
  NativeCallScope native(path_.c_str());
  void* instance = table_->instance_new(&limits, &abort);
  if (instance == nullptr) {
    if (abort.ptr != nullptr) {
      abort_json->assign(reinterpret_cast<const char*>(abort.ptr), abort.len);
      table_->bytes_free(&abort);
    } else {
      abort_json->assign("{\"reason\":\"unsupported\",\"detail\":\"instance_new failed\"}");
    }
    return Status::Error("handler " + path_ +
                         ": the action's top-level code aborted: " + *abort_json);
  }
  if (abort.ptr != nullptr) table_->bytes_free(&abort);
  if (instance_ != nullptr) table_->instance_free(instance_);
  instance_ = instance;
  return Status::Ok();
}

std::string Handler::code_sha256() const {
  return table_->code_sha256;
}
std::string Handler::entry() const {
  return table_->entry;
}
std::string Handler::trace_sha256() const {
  return table_->trace_sha256;
}

std::unique_ptr<Activation> Activation::Begin(std::shared_ptr<Handler> handler,
                                              std::string_view args, const cl_limits& limits) {
  std::unique_ptr<Activation> a(new Activation());
  NativeCallScope native(handler->path_.c_str());
  a->activation_ = handler->table_->activation_new(
      handler->instance_, reinterpret_cast<const uint8_t*>(args.data()), args.size(), &limits);
  a->handler_ = std::move(handler);
  return a;
}

Activation::~Activation() {
  const cl_handler_v2* table = handler_->table_;
  NativeCallScope native(handler_->path_.c_str());
  FreeCall();
  if (outcome_live_) table->outcome_free(&outcome_);
  if (activation_ != nullptr) table->activation_free(activation_);
}

void Activation::FreeCall() {
  if (call_bytes_.ptr != nullptr) handler_->table_->bytes_free(&call_bytes_);
  call_bytes_ = cl_bytes{};
  call_ = std::string_view();
}

Activation::Next Activation::Step() {
  if (done_) return Next::kDone;
  FreeCall();
  const cl_handler_v2* table = handler_->table_;
  outcome_ = cl_outcome{};
  int32_t r;
  {
    NativeCallScope native(handler_->path_.c_str());
    r = activation_ == nullptr ? -1 : table->step(activation_, &call_bytes_, &outcome_);
  }
  if (r == CL_STEP_HOST_CALL && call_bytes_.ptr != nullptr) {
    ++host_calls_;
    call_ = View(call_bytes_);
    return Next::kHostCall;
  }
  done_ = true;
  outcome_live_ = r == CL_STEP_DONE;
  view_ = NativeOutcome{};
  if (r == CL_STEP_DONE) {
    view_.answered = outcome_.status == CL_STATUS_ANSWERED;
    view_.http_status = outcome_.http_status;
    view_.body = View(outcome_.body);
    view_.logs = View(outcome_.logs);
    view_.abort = View(outcome_.abort);
  } else {
    // A handler bug (an unknown step result, a host call without its JSON): an abort.
    FreeCall();
    view_.abort = "{\"reason\":\"unsupported\",\"detail\":\"the handler's step broke the ABI\"}";
  }
  if (!view_.answered && view_.abort.empty()) {
    view_.abort = "{\"reason\":\"unsupported\",\"detail\":\"the handler gave no abort record\"}";
  }
  if (view_.answered && (view_.http_status < 100 || view_.http_status > 599)) {
    // A handler bug must not become a malformed HTTP reply: treat it as an abort.
    view_.answered = false;
    view_.abort =
        "{\"reason\":\"unsupported\",\"detail\":\"the handler answered an invalid status\"}";
  }
  return Next::kDone;
}

void Activation::Complete(std::string_view result_json) {
  FreeCall();
  NativeCallScope native(handler_->path_.c_str());
  handler_->table_->complete(activation_, reinterpret_cast<const uint8_t*>(result_json.data()),
                             result_json.size());
}

std::unique_ptr<Activation> RunToEnd(std::shared_ptr<Handler> handler, std::string_view args,
                                     const cl_limits& limits, const HostCallFn& host) {
  std::unique_ptr<Activation> a = Activation::Begin(std::move(handler), args, limits);
  while (a->Step() == Activation::Next::kHostCall) a->Complete(host(a->host_call()));
  return a;
}

std::string AbortReason(std::string_view abort_json) {
  rapidjson::Document doc;
  // Iterative: no JSON from a handler can exhaust the runtime's stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(abort_json.data(), abort_json.size());
  if (doc.HasParseError() || !doc.IsObject()) return "";
  auto it = doc.FindMember("reason");
  if (it == doc.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace containerless::runtime

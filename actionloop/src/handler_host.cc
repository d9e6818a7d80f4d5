// Loads and checks handler libraries and calls them through the versioned C ABI.
#include "handler_host.h"

#include <dlfcn.h>

#include <rapidjson/document.h>

namespace containerless::runtime {

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
    dlclose(library);
    return Status::Error("handler " + path +
                         " does not export " CL_HANDLER_ENTRY_SYMBOL
                         " (not a Containerless handler, or built for another ABI)");
  }
  auto entry = reinterpret_cast<cl_handler_entry_fn>(symbol);
  const cl_handler_v1* table = entry();
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
  if (table->instance_new == nullptr || table->instance_free == nullptr || table->run == nullptr ||
      table->outcome_free == nullptr || table->bytes_free == nullptr ||
      table->code_sha256 == nullptr || table->entry == nullptr || table->trace_sha256 == nullptr) {
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
  Release();
  if (instance_ != nullptr) table_->instance_free(instance_);
  if (library_ != nullptr) dlclose(library_);
}

Status Handler::NewInstance(const cl_limits& limits, std::string* abort_json) {
  cl_bytes abort{};
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

NativeOutcome Handler::Run(std::string_view args, const cl_limits& limits) {
  Release();
  outcome_ = cl_outcome{};
  table_->run(instance_, reinterpret_cast<const uint8_t*>(args.data()), args.size(), &limits,
              &outcome_);
  outcome_live_ = true;
  auto view = [](const cl_bytes& b) {
    return b.ptr == nullptr ? std::string_view()
                            : std::string_view(reinterpret_cast<const char*>(b.ptr), b.len);
  };
  NativeOutcome out;
  out.answered = outcome_.status == CL_STATUS_ANSWERED;
  out.http_status = outcome_.http_status;
  out.body = view(outcome_.body);
  out.logs = view(outcome_.logs);
  out.abort = view(outcome_.abort);
  if (!out.answered && out.abort.empty()) {
    out.abort = "{\"reason\":\"unsupported\",\"detail\":\"the handler gave no abort record\"}";
  }
  if (out.answered && (out.http_status < 100 || out.http_status > 599)) {
    // A handler bug must not become a malformed HTTP reply: treat it as an abort.
    out.answered = false;
    out.abort =
        "{\"reason\":\"unsupported\",\"detail\":\"the handler answered an invalid status\"}";
  }
  return out;
}

void Handler::Release() {
  if (!outcome_live_) return;
  table_->outcome_free(&outcome_);
  outcome_ = cl_outcome{};
  outcome_live_ = false;
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

std::string AbortReason(std::string_view abort_json) {
  rapidjson::Document doc;
  doc.Parse(abort_json.data(), abort_json.size());
  if (doc.HasParseError() || !doc.IsObject()) return "";
  auto it = doc.FindMember("reason");
  if (it == doc.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace containerless::runtime

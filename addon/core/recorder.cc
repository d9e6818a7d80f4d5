// Recorder: creation, merging with all-or-nothing validation, and the stability counters.
#include "recorder.h"

#include "events.h"
#include "serialize.h"

namespace containerless::addon {
namespace {

bool IsLowercaseSha256(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Recorder::Recorder(std::unique_ptr<Program> program, ActionIdentity identity)
    : program_(std::move(program)), identity_(std::move(identity)), module_(kModuleOwner, 0) {
  if (program_->main_function() >= 0) {
    main_ = std::make_unique<Context>(program_->main_function(), 0);
  }
  budget_.contexts = main_ != nullptr ? 2 : 1;
}

Status Recorder::Create(std::string_view program_json, ActionIdentity identity,
                        std::unique_ptr<Recorder>* out) {
  if (!IsLowercaseSha256(identity.code_sha256)) {
    return Status::Error("codeSha256 is not a SHA-256 in lowercase hex (64 digits 0-9a-f)");
  }
  if (identity.entry.empty()) return Status::Error("entry is empty (it is the /init main)");
  std::unique_ptr<Program> program;
  Status status = Program::Parse(program_json, &program);
  if (!status.ok()) return status;
  out->reset(new Recorder(std::move(program), std::move(identity)));
  return Status::Ok();
}

Status Recorder::MergeModule(const int32_t* events, size_t length) {
  if (module_merged_) {
    return Status::Error("the module's events were already merged (the module runs once)");
  }
  Status status = CheckEvents(*program_, EventListKind::kModule, events, length);
  if (!status.ok()) return status;
  ApplyEvents(*program_, EventListKind::kModule, events, length, &module_, &budget_);
  module_merged_ = true;
  return Status::Ok();
}

Status Recorder::Merge(const int32_t* events, size_t length, bool* grew) {
  Status status = CheckEvents(*program_, EventListKind::kActivation, events, length);
  if (!status.ok()) return status;
  *grew = main_ != nullptr &&
          ApplyEvents(*program_, EventListKind::kActivation, events, length, main_.get(), &budget_);
  ++activations_;
  stable_for_ = *grew ? 0 : stable_for_ + 1;
  return Status::Ok();
}

std::string Recorder::Serialize() const {
  TraceParts parts;
  parts.program = program_.get();
  parts.identity = &identity_;
  parts.activations = activations_;
  parts.stable_for = stable_for_;
  parts.module = &module_;
  parts.main = main_.get();
  return SerializeTrace(parts);
}

}  // namespace containerless::addon

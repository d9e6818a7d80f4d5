// Recorder: one action's trace trees (module and main), their stability counters, and the trace.
#ifndef CONTAINERLESS_ADDON_CORE_RECORDER_H_
#define CONTAINERLESS_ADDON_CORE_RECORDER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "context.h"
#include "program.h"
#include "status.h"

namespace containerless::addon {

// What the trace document says about the code beyond the program: docs/trace-ir.md section 1.
struct ActionIdentity {
  std::string code_sha256;  // 64 lowercase hex digits
  std::string entry;        // the /init main, not empty
};

class Recorder {
 public:
  // Parses the program document and checks the identity; the message says what is wrong.
  static Status Create(std::string_view program_json, ActionIdentity identity,
                       std::unique_ptr<Recorder>* out);

  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Merges the module's top-level events; allowed once (the module runs once per /init).
  Status MergeModule(const int32_t* events, size_t length);
  // Merges one activation's events; *grew tells whether the tree grew. A rejected list changes
  // nothing, not even the counters.
  Status Merge(const int32_t* events, size_t length, bool* grew);

  uint64_t activations() const { return activations_; }
  uint64_t stable_for() const { return stable_for_; }
  size_t context_count() const { return budget_.contexts; }

  // The trace document (docs/trace-ir.md section 1) as compact JSON; the same set of merged
  // paths always gives the same bytes.
  std::string Serialize() const;

 private:
  Recorder(std::unique_ptr<Program> program, ActionIdentity identity);

  std::unique_ptr<Program> program_;
  ActionIdentity identity_;
  TreeBudget budget_;
  Context module_;
  std::unique_ptr<Context> main_;  // nullptr when the program has no main_function
  bool module_merged_ = false;
  uint64_t activations_ = 0;
  uint64_t stable_for_ = 0;
};

}  // namespace containerless::addon

#endif  // CONTAINERLESS_ADDON_CORE_RECORDER_H_

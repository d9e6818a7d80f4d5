// Pass: rejects traces that must stay in Node.js (compilable=false, main writing module state).
#include <string>
#include <vector>

#include "passes.h"

namespace containerless::compiler {

namespace {

bool FindModuleWrite(const Block& block, const std::string& path, std::string* found,
                     std::string* name);

// The same in catch blocks (set aside by the reader, never run natively: after an abort Node.js
// runs them, and a write there would leave native code's copy of the binding stale).
bool FindInCatches(const std::vector<CatchBlock>& catches, std::string* found, std::string* name) {
  for (const CatchBlock& c : catches) {
    if (FindModuleWrite(c.body, c.path, found, name)) return true;
  }
  return false;
}

// Finds the first setmod in `block` (recursively, through inlined callees and callbacks and their
// catch blocks); sets *path to it.
bool FindModuleWrite(const Block& block, const std::string& path, std::string* found,
                     std::string* name) {
  for (size_t i = 0; i < block.size(); ++i) {
    const Stmt& s = block[i];
    std::string here = path + "/" + std::to_string(i);
    switch (s.kind) {
      case StmtKind::kSetMod:
        *found = here;
        *name = s.name;
        return true;
      case StmtKind::kIf:
        if (FindModuleWrite(s.then_body, here + "/then", found, name)) return true;
        if (FindModuleWrite(s.else_body, here + "/else", found, name)) return true;
        break;
      case StmtKind::kLoop:
      case StmtKind::kBlock:
        if (FindModuleWrite(s.then_body, here + "/body", found, name)) return true;
        break;
      case StmtKind::kCall:
        for (size_t t = 0; t < s.targets.size(); ++t) {
          std::string at = here + "/targets/" + std::to_string(t) + "/body";
          if (FindModuleWrite(s.targets[t].body, at, found, name)) return true;
          if (FindInCatches(s.targets[t].catches, found, name)) return true;
          // A callback host's callbacks run in main too.
          const std::vector<Target>& callbacks = s.targets[t].callbacks;
          for (size_t c = 0; c < callbacks.size(); ++c) {
            std::string cb = here + "/targets/" + std::to_string(t) + "/callbacks/" +
                             std::to_string(c) + "/body";
            if (FindModuleWrite(callbacks[c].body, cb, found, name)) return true;
            if (FindInCatches(callbacks[c].catches, found, name)) return true;
          }
        }
        break;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

Status CheckCompilable(const Trace& trace) {
  if (!trace.compilable) {
    std::string why =
        trace.not_compilable_because.empty() ? "no reason given" : trace.not_compilable_because;
    return Status::Error(ErrorCode::kNotCompilable, "/compilable",
                         "the tracer marked this trace not compilable: " + why);
  }
  std::string path;
  std::string name;
  if (FindModuleWrite(trace.main.body, "/main/body", &path, &name) ||
      FindInCatches(trace.main.catches, &path, &name)) {
    return Status::Error(ErrorCode::kModuleWrite, path,
                         "main writes the module binding \"" + name +
                             "\"; module state must have one owner, so this action stays in "
                             "Node.js");
  }
  return Status::Ok();
}

Status RunPasses(Trace* trace) {
  if (Status s = CheckCompilable(*trace); !s.ok()) return s;
  if (Status s = CheckModuleObjectWrites(*trace); !s.ok()) return s;
  FoldConstants(trace);
  RemoveDeadCode(trace);
  InferTypes(trace);
  return Status::Ok();
}

}  // namespace containerless::compiler

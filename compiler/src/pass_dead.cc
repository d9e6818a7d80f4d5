// Pass: dead code removal after statements that never complete normally.
#include <string>

#include "passes.h"

namespace containerless::compiler {

namespace {

bool Completes(const Stmt& s);

}  // namespace

bool BlockCompletes(const Block& block) {
  for (const Stmt& s : block) {
    if (!Completes(s)) return false;
  }
  return true;
}

namespace {

// Whether a `break label` in `block` can leave it (not looking into inlined callees, whose
// labels are their own, nor past an inner statement that reuses the label).
bool BreaksTo(const Block& block, const std::string& label) {
  for (const Stmt& s : block) {
    switch (s.kind) {
      case StmtKind::kBreak:
        if (s.name == label) return true;
        break;
      case StmtKind::kIf:
        if (BreaksTo(s.then_body, label) || BreaksTo(s.else_body, label)) return true;
        break;
      case StmtKind::kLoop:
      case StmtKind::kBlock:
        if (s.name != label && BreaksTo(s.then_body, label)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

// Whether running `s` may go on to the next statement.
bool Completes(const Stmt& s) {
  switch (s.kind) {
    case StmtKind::kUnknown:
    case StmtKind::kBreak:
    case StmtKind::kContinue:
    case StmtKind::kReturn:
    case StmtKind::kThrow:
      return false;
    case StmtKind::kIf:
      return BlockCompletes(s.then_body) || BlockCompletes(s.else_body);
    case StmtKind::kLoop:
      return BreaksTo(s.then_body, s.name);
    case StmtKind::kBlock:
      return BlockCompletes(s.then_body) || BreaksTo(s.then_body, s.name);
    case StmtKind::kCall:
      // No target, or only opaque ones: the guard always fails.
      for (const Target& t : s.targets) {
        if (t.kind == TargetKind::kBuiltin) return true;
        if (t.kind == TargetKind::kFunction &&
            (BlockCompletes(t.body) || BreaksTo(t.body, t.label))) {
          return true;
        }
      }
      return false;
    default:
      return true;
  }
}

void Prune(Block* block) {
  for (size_t i = 0; i < block->size(); ++i) {
    Stmt& s = (*block)[i];
    switch (s.kind) {
      case StmtKind::kIf:
        Prune(&s.then_body);
        Prune(&s.else_body);
        break;
      case StmtKind::kLoop:
      case StmtKind::kBlock:
        Prune(&s.then_body);
        break;
      case StmtKind::kCall:
        for (Target& t : s.targets) {
          Prune(&t.body);
          for (Target& cb : t.callbacks) Prune(&cb.body);  // a callback host's callbacks
        }
        break;
      default:
        break;
    }
    if (!Completes(s)) {
      block->resize(i + 1);
      return;
    }
  }
}

}  // namespace

void RemoveDeadCode(Trace* trace) {
  Prune(&trace->module.body);
  Prune(&trace->main.body);
}

}  // namespace containerless::compiler

// Spellings of the runtime crate's API (docs/runtime-crate.md section 4) for the emitter.
#include "emitter.h"

namespace containerless::compiler {

// The runtime crate's `ops::` function for each operator (docs/runtime-crate.md section 4).
const char* OpsFn(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "add";
    case BinaryOp::kSub:
      return "sub";
    case BinaryOp::kMul:
      return "mul";
    case BinaryOp::kDiv:
      return "div";
    case BinaryOp::kRem:
      return "rem";
    case BinaryOp::kExp:
      return "pow";
    case BinaryOp::kLooseEq:
      return "loose_eq";
    case BinaryOp::kLooseNe:
      return "loose_ne";
    case BinaryOp::kStrictEq:
      return "strict_eq";
    case BinaryOp::kStrictNe:
      return "strict_ne";
    case BinaryOp::kLt:
      return "lt";
    case BinaryOp::kLe:
      return "le";
    case BinaryOp::kGt:
      return "gt";
    case BinaryOp::kGe:
      return "ge";
    case BinaryOp::kBitAnd:
      return "bitand";
    case BinaryOp::kBitOr:
      return "bitor";
    case BinaryOp::kBitXor:
      return "bitxor";
    case BinaryOp::kShl:
      return "shl";
    case BinaryOp::kSar:
      return "shr";
    case BinaryOp::kShr:
      return "ushr";
    case BinaryOp::kIn:
      return "in_";
    case BinaryOp::kInstanceOf:
      return "instanceof";
  }
  return "unreachable";
}

const char* OpsFn(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNot:
      return "not";
    case UnaryOp::kNeg:
      return "neg";
    case UnaryOp::kPlus:
      return "plus";
    case UnaryOp::kBitNot:
      return "bitnot";
    case UnaryOp::kTypeOf:
      return "typeof_";
    case UnaryOp::kVoid:
      return "void_";
  }
  return "unreachable";
}

std::string LocText(const Loc& loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}
std::string SomeLoc(const Loc& loc) {
  if (!loc.known()) return "None";
  return "Some((" + std::to_string(loc.line) + ", " + std::to_string(loc.column) + "))";
}
std::string SomeSite(int64_t site) {
  return site < 0 ? "None" : "Some(" + std::to_string(site) + ")";
}

}  // namespace containerless::compiler

// Names and lookups for the IR's kind tables (ir.h), generated from the X-macro rows.
#include "ir.h"

#include <cstring>

namespace containerless::compiler {

namespace {

#define CONTAINERLESS_NAME_ROW(Name, json) json,
const char* const kAtomNames[] = {CONTAINERLESS_IR_NODES(
    CONTAINERLESS_NAME_ROW, CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE)};
const char* const kExprNames[] = {CONTAINERLESS_IR_NODES(
    CONTAINERLESS_IGNORE, CONTAINERLESS_NAME_ROW, CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE)};
const char* const kStmtNames[] = {CONTAINERLESS_IR_NODES(
    CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE, CONTAINERLESS_NAME_ROW, CONTAINERLESS_IGNORE)};
const char* const kTargetNames[] = {CONTAINERLESS_IR_NODES(
    CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE, CONTAINERLESS_NAME_ROW)};
#define CONTAINERLESS_BINARY_NAME_ROW(Name, json, result) json,
const char* const kBinaryNames[] = {CONTAINERLESS_BINARY_OPS(CONTAINERLESS_BINARY_NAME_ROW)};
#define CONTAINERLESS_BINARY_RESULT_ROW(Name, json, result) BinaryResult::k##result,
const BinaryResult kBinaryResults[] = {CONTAINERLESS_BINARY_OPS(CONTAINERLESS_BINARY_RESULT_ROW)};
const char* const kUnaryNames[] = {CONTAINERLESS_UNARY_OPS(CONTAINERLESS_NAME_ROW)};
const char* const kTypeNames[] = {CONTAINERLESS_TYPE_TAGS(CONTAINERLESS_NAME_ROW)};
#undef CONTAINERLESS_NAME_ROW

// Linear search: the tables have at most 22 rows and lookups happen once per node read.
template <typename Enum, size_t N>
bool Find(const char* const (&names)[N], const std::string& tag, Enum* out) {
  for (size_t i = 0; i < N; ++i) {
    if (tag == names[i]) {
      *out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

const char* Name(AtomKind kind) {
  return kAtomNames[static_cast<int>(kind)];
}
const char* Name(ExprKind kind) {
  return kExprNames[static_cast<int>(kind)];
}
const char* Name(StmtKind kind) {
  return kStmtNames[static_cast<int>(kind)];
}
const char* Name(TargetKind kind) {
  return kTargetNames[static_cast<int>(kind)];
}
const char* Name(BinaryOp op) {
  return kBinaryNames[static_cast<int>(op)];
}
BinaryResult ResultOf(BinaryOp op) {
  return kBinaryResults[static_cast<int>(op)];
}
const char* Name(UnaryOp op) {
  return kUnaryNames[static_cast<int>(op)];
}
const char* Name(TypeTag tag) {
  return kTypeNames[static_cast<int>(tag)];
}

bool Lookup(const std::string& tag, AtomKind* out) {
  return Find(kAtomNames, tag, out);
}
bool Lookup(const std::string& tag, ExprKind* out) {
  return Find(kExprNames, tag, out);
}
bool Lookup(const std::string& tag, StmtKind* out) {
  return Find(kStmtNames, tag, out);
}
bool Lookup(const std::string& tag, BinaryOp* out) {
  return Find(kBinaryNames, tag, out);
}
bool Lookup(const std::string& tag, UnaryOp* out) {
  return Find(kUnaryNames, tag, out);
}
bool Lookup(const std::string& tag, TypeTag* out) {
  return Find(kTypeNames, tag, out);
}

bool IsCallbackHost(const std::string& builtin) {
  for (const char* host :
       {"Array.prototype.forEach", "Array.prototype.map", "Array.prototype.filter",
        "Array.prototype.some", "Array.prototype.every", "Array.prototype.find",
        "Array.prototype.findIndex", "Array.prototype.reduce", "Array.prototype.findLast",
        "Array.prototype.findLastIndex", "Array.prototype.reduceRight", "Array.prototype.flatMap",
        "Promise.prototype.then"}) {
    if (builtin == host) return true;
  }
  return false;
}

bool IsUntracedReason(const std::string& reason) {
  return reason == "untraced";
}

}  // namespace containerless::compiler

// Pass: constant folding of operations on constant atoms, only where the result is exact.
#include <cmath>
#include <optional>
#include <string>

#include "passes.h"

namespace containerless::compiler {

namespace {

// ToNumber for the constants whose conversion needs no parsing (strings are left alone).
std::optional<double> ToNumber(const Atom& a) {
  switch (a.kind) {
    case AtomKind::kNum:
      return a.num;
    case AtomKind::kBool:
      return a.boolean ? 1.0 : 0.0;
    case AtomKind::kNull:
      return 0.0;
    case AtomKind::kUndef:
      return std::nan("");
    default:
      return std::nullopt;
  }
}

// Strings with lone surrogates (has_u16) are never folded: their UTF-8 form does not exist.
// ToString for the constants whose text is certain without the shortest-round-trip algorithm:
// integers up to 2^53 print as their digits (larger ones would print rounded digits padded with
// zeros, which is the runtime crate's job).
std::optional<std::string> ToString(const Atom& a) {
  switch (a.kind) {
    case AtomKind::kStr:
      if (a.has_u16) return std::nullopt;
      return a.text;
    case AtomKind::kBool:
      return std::string(a.boolean ? "true" : "false");
    case AtomKind::kNull:
      return std::string("null");
    case AtomKind::kUndef:
      return std::string("undefined");
    case AtomKind::kNum: {
      double v = a.num;
      if (std::isnan(v)) return std::string("NaN");
      if (std::isinf(v)) return std::string(v > 0 ? "Infinity" : "-Infinity");
      if (v != std::trunc(v) || std::fabs(v) > 9007199254740992.0) return std::nullopt;
      if (v == 0) return std::string("0");  // also -0
      return std::to_string(static_cast<long long>(v));
    }
    default:
      return std::nullopt;
  }
}

std::optional<bool> ToBoolean(const Atom& a) {
  switch (a.kind) {
    case AtomKind::kNum:
      return !(a.num == 0 || std::isnan(a.num));
    case AtomKind::kStr:
      return a.has_u16 ? !a.u16.empty() : !a.text.empty();
    case AtomKind::kBool:
      return a.boolean;
    case AtomKind::kNull:
    case AtomKind::kUndef:
      return false;
    default:
      return std::nullopt;
  }
}

// ECMAScript ToInt32 / ToUint32, exactly (modulo 2^32 of the truncated value).
uint32_t ToUint32(double v) {
  if (std::isnan(v) || std::isinf(v)) return 0;
  double m = std::fmod(std::trunc(v), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<uint32_t>(m);
}
int32_t ToInt32(double v) {
  return static_cast<int32_t>(ToUint32(v));
}

// Strict equality of two constants; nullopt when it cannot be decided here.
std::optional<bool> StrictEquals(const Atom& a, const Atom& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case AtomKind::kNum:
      return a.num == b.num;  // NaN != NaN, -0 == 0, as in JS
    case AtomKind::kStr:
      if (a.has_u16 || b.has_u16) return std::nullopt;
      return a.text == b.text;  // same UTF-8 bytes iff same UTF-16 code units
    case AtomKind::kBool:
      return a.boolean == b.boolean;
    case AtomKind::kNull:
    case AtomKind::kUndef:
      return true;
    default:
      return std::nullopt;
  }
}

std::optional<Atom> FoldBinary(BinaryOp op, const Atom& l, const Atom& r) {
  if (op == BinaryOp::kAdd && (l.kind == AtomKind::kStr || r.kind == AtomKind::kStr)) {
    // String concatenation: both sides must have an exact ToString here.
    auto ls = ToString(l), rs = ToString(r);
    if (!ls || !rs) return std::nullopt;
    return Atom::String(*ls + *rs);
  }
  if (l.kind == AtomKind::kStr || r.kind == AtomKind::kStr) {
    if (op == BinaryOp::kStrictEq || op == BinaryOp::kStrictNe) {
      auto eq = StrictEquals(l, r);
      if (!eq) return std::nullopt;
      return Atom::Boolean(op == BinaryOp::kStrictEq ? *eq : !*eq);
    }
    return std::nullopt;  // numeric conversion of strings and string ordering: left to the crate
  }
  switch (op) {
    case BinaryOp::kStrictEq:
    case BinaryOp::kStrictNe:
    case BinaryOp::kLooseEq:
    case BinaryOp::kLooseNe: {
      bool loose = op == BinaryOp::kLooseEq || op == BinaryOp::kLooseNe;
      std::optional<bool> eq;
      bool nullish_l = l.kind == AtomKind::kNull || l.kind == AtomKind::kUndef;
      bool nullish_r = r.kind == AtomKind::kNull || r.kind == AtomKind::kUndef;
      if (loose && l.kind != r.kind) {
        if (nullish_l && nullish_r)
          eq = true;
        else if (nullish_l || nullish_r)
          eq = false;  // null == x only for null/undefined
        else
          return std::nullopt;  // number == boolean coerces: left to the crate
      } else {
        eq = StrictEquals(l, r);
      }
      if (!eq) return std::nullopt;
      bool positive = op == BinaryOp::kStrictEq || op == BinaryOp::kLooseEq;
      return Atom::Boolean(positive ? *eq : !*eq);
    }
    default:
      break;
  }
  auto a = ToNumber(l), b = ToNumber(r);
  if (!a || !b) return std::nullopt;
  double x = *a, y = *b;
  switch (op) {
    case BinaryOp::kAdd:
      return Atom::Number(x + y);
    case BinaryOp::kSub:
      return Atom::Number(x - y);
    case BinaryOp::kMul:
      return Atom::Number(x * y);
    case BinaryOp::kDiv:
      return Atom::Number(x / y);
    case BinaryOp::kRem:
      return Atom::Number(std::fmod(x, y));  // fmod is exact, as JS's %
    case BinaryOp::kLt:
      return Atom::Boolean(x < y);
    case BinaryOp::kLe:
      return Atom::Boolean(x <= y);
    case BinaryOp::kGt:
      return Atom::Boolean(x > y);
    case BinaryOp::kGe:
      return Atom::Boolean(x >= y);
    case BinaryOp::kBitAnd:
      return Atom::Number(ToInt32(x) & ToInt32(y));
    case BinaryOp::kBitOr:
      return Atom::Number(ToInt32(x) | ToInt32(y));
    case BinaryOp::kBitXor:
      return Atom::Number(ToInt32(x) ^ ToInt32(y));
    case BinaryOp::kShl:
      return Atom::Number(static_cast<int32_t>(ToUint32(x) << (ToUint32(y) & 31)));
    case BinaryOp::kSar:
      return Atom::Number(ToInt32(x) >> (ToUint32(y) & 31));
    case BinaryOp::kShr:
      return Atom::Number(ToUint32(x) >> (ToUint32(y) & 31));
    // `**`: V8's pow is not libm's pow in the last bit, so it is never folded.
    default:
      return std::nullopt;
  }
}

std::optional<Atom> FoldUnary(UnaryOp op, const Atom& a) {
  if (op == UnaryOp::kVoid) return Atom::Of(AtomKind::kUndef);  // atoms have no effects
  if (!a.IsConstant()) return std::nullopt;
  switch (op) {
    case UnaryOp::kNot: {
      auto b = ToBoolean(a);
      if (!b) return std::nullopt;
      return Atom::Boolean(!*b);
    }
    case UnaryOp::kTypeOf: {
      static const char* const kNames[] = {"number", "string", "boolean", "object", "undefined"};
      switch (a.kind) {
        case AtomKind::kNum:
          return Atom::String(kNames[0]);
        case AtomKind::kStr:
          return Atom::String(kNames[1]);
        case AtomKind::kBool:
          return Atom::String(kNames[2]);
        case AtomKind::kNull:
          return Atom::String(kNames[3]);
        case AtomKind::kUndef:
          return Atom::String(kNames[4]);
        default:
          return std::nullopt;
      }
    }
    default:
      break;
  }
  if (a.kind == AtomKind::kStr) return std::nullopt;
  auto n = ToNumber(a);
  if (!n) return std::nullopt;
  switch (op) {
    case UnaryOp::kNeg:
      return Atom::Number(-*n);
    case UnaryOp::kPlus:
      return Atom::Number(*n);
    case UnaryOp::kBitNot:
      return Atom::Number(~ToInt32(*n));
    default:
      return std::nullopt;
  }
}

std::optional<Atom> FoldExpr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      if (!e.a.IsConstant() || !e.b.IsConstant()) return std::nullopt;
      return FoldBinary(e.binary, e.a, e.b);
    case ExprKind::kUnary:
      return FoldUnary(e.unary, e.a);
    case ExprKind::kToString: {
      if (!e.a.IsConstant()) return std::nullopt;
      auto s = ToString(e.a);
      if (!s) return std::nullopt;
      return Atom::String(*s);
    }
    default:
      return std::nullopt;
  }
}

void FoldBlock(Block* block) {
  Block out;
  out.reserve(block->size());
  for (Stmt& s : *block) {
    switch (s.kind) {
      case StmtKind::kSet:
      case StmtKind::kSetMod:
        if (auto atom = FoldExpr(s.value)) s.value = Expr::OfAtom(*atom);
        break;
      case StmtKind::kIf: {
        FoldBlock(&s.then_body);
        FoldBlock(&s.else_body);
        // A constant test always takes one side: splice it in place of the `if`.
        if (auto taken = s.object.IsConstant() ? ToBoolean(s.object) : std::nullopt) {
          Block& side = *taken ? s.then_body : s.else_body;
          for (Stmt& inner : side) {
            // An untraced side keeps the `if`'s site and loc: the emitter puts them in the abort
            // record (which decision went untraced), and without them it would name the
            // previous statement's location (found by the differential fuzzer).
            if (inner.kind == StmtKind::kUnknown && !inner.loc.known()) {
              inner.loc = s.loc;
              inner.site = s.site;
            }
            out.push_back(std::move(inner));
          }
          continue;
        }
        break;
      }
      case StmtKind::kLoop:
      case StmtKind::kBlock:
        FoldBlock(&s.then_body);
        break;
      case StmtKind::kCall:
        for (Target& t : s.targets) {
          FoldBlock(&t.body);
          for (Target& cb : t.callbacks) FoldBlock(&cb.body);  // a callback host's callbacks
        }
        break;
      default:
        break;
    }
    out.push_back(std::move(s));
  }
  *block = std::move(out);
}

}  // namespace

void FoldConstants(Trace* trace) {
  FoldBlock(&trace->module.body);
  FoldBlock(&trace->main.body);
}

}  // namespace containerless::compiler

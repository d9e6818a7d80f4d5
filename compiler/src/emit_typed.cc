// The Rust emitter's unboxed operations: f64 and bool locals (pass_infer_types.cc) as plain Rust.
//
// Each direct form is JavaScript's operator exactly, on operands already known to be numbers
// (or booleans): IEEE `+ - * /` and comparisons are what ECMAScript specifies for Numbers
// (NaN compares false, -0 == 0), `%` is fmod (num::rem), and the bitwise operators go through
// ToInt32/ToUint32 (num::). Anything else takes the generic `ops::` function, boxed.
#include "emitter.h"

namespace containerless::compiler {

std::string Emitter::DirectF64(const Expr& e, const RustOperand& l, const RustOperand& r) {
  if (e.kind == ExprKind::kUnary) {
    if (l.rep != Rep::kF64) return "";
    switch (e.unary) {
      case UnaryOp::kNeg:
        return "-" + l.raw;
      case UnaryOp::kPlus:
        return l.raw;
      case UnaryOp::kBitNot:
        return "!num::to_int32(" + l.raw + ") as f64";
      default:
        return "";
    }
  }
  if (e.kind != ExprKind::kBinary || l.rep != Rep::kF64 || r.rep != Rep::kF64) return "";
  const std::string& a = l.raw;
  const std::string& b = r.raw;
  switch (e.binary) {
    case BinaryOp::kAdd:
      return a + " + " + b;
    case BinaryOp::kSub:
      return a + " - " + b;
    case BinaryOp::kMul:
      return a + " * " + b;
    case BinaryOp::kDiv:
      return a + " / " + b;
    case BinaryOp::kRem:
      return "rem_f64!(" + a + ", " + b + ")";  // num::rem, or in floating point with SSE4.1
    case BinaryOp::kBitAnd:
      return "(num::to_int32(" + a + ") & num::to_int32(" + b + ")) as f64";
    case BinaryOp::kBitOr:
      return "(num::to_int32(" + a + ") | num::to_int32(" + b + ")) as f64";
    case BinaryOp::kBitXor:
      return "(num::to_int32(" + a + ") ^ num::to_int32(" + b + ")) as f64";
    case BinaryOp::kShl:
      return "num::shl(" + a + ", " + b + ")";
    case BinaryOp::kSar:
      return "num::shr(" + a + ", " + b + ")";
    case BinaryOp::kShr:
      return "num::ushr(" + a + ", " + b + ")";
    default:  // ** (num::pow may decline), and the operators whose result is not a number
      return "";
  }
}

std::string Emitter::DirectBool(const Expr& e, const RustOperand& l, const RustOperand& r) {
  if (e.kind == ExprKind::kUnary) {
    if (e.unary != UnaryOp::kNot) return "";
    if (l.rep == Rep::kBool) return "!" + l.raw;
    if (l.rep == Rep::kF64) return "(" + l.raw + " == 0.0 || f64::is_nan(" + l.raw + "))";
    return l.ref.empty() ? "" : "!truthy(" + l.ref + ")";  // ToBoolean never fails
  }
  if (e.kind != ExprKind::kBinary || l.rep == Rep::kValue || l.rep != r.rep) return "";
  const std::string& a = l.raw;
  const std::string& b = r.raw;
  bool numbers = l.rep == Rep::kF64;
  switch (e.binary) {
    // For two numbers or two booleans, == and === agree, and so do != and !==.
    case BinaryOp::kStrictEq:
    case BinaryOp::kLooseEq:
      return a + " == " + b;
    case BinaryOp::kStrictNe:
    case BinaryOp::kLooseNe:
      return a + " != " + b;
    case BinaryOp::kLt:
      return numbers ? a + " < " + b : "";
    case BinaryOp::kLe:
      return numbers ? a + " <= " + b : "";
    case BinaryOp::kGt:
      return numbers ? a + " > " + b : "";
    case BinaryOp::kGe:
      return numbers ? a + " >= " + b : "";
    default:
      return "";
  }
}

bool Emitter::IsDirect(const Expr& e, const RustScope& scope) {
  switch (e.kind) {
    case ExprKind::kAtom:
      return e.a.kind != AtomKind::kGlobal;
    case ExprKind::kBinary:
    case ExprKind::kUnary: {
      RustOperand l = Peek(e.a, scope);
      RustOperand r = e.kind == ExprKind::kBinary ? Peek(e.b, scope) : l;
      return !DirectF64(e, l, r).empty() || !DirectBool(e, l, r).empty();
    }
    default:
      return false;
  }
}

void Emitter::AssignTyped(const std::string& place, Rep dest, const std::string& f64,
                          const std::string& boolean, const std::string& generic) {
  switch (dest) {
    case Rep::kF64:
      if (!f64.empty()) return w_.Line(place, " = ", f64, ";");
      // Inference proved a number; the guard keeps a wrong proof from ever being an answer.
      return w_.Line(place, " = ops::as_f64(", generic, ")?;");
    case Rep::kBool:
      if (!boolean.empty()) return w_.Line(place, " = ", boolean, ";");
      return w_.Line(place, " = ops::as_bool(", generic, ")?;");
    case Rep::kValue:
      if (!f64.empty()) return w_.Line(place, " = Value::Number(", f64, ");");
      if (!boolean.empty()) return w_.Line(place, " = Value::Bool(", boolean, ");");
      return w_.Line(place, " = ", generic, ";");
    case Rep::kNumArray:  // only array literals define one (pass_local_arrays.cc)
    case Rep::kInt:       // only EmitIntSet's forms define one (pass_int_locals.cc)
      return w_.Line(place, " = ", generic, ";");
  }
}

const char* Emitter::TypedOpsFn(BinaryOp op, Rep dest) {
  if (dest == Rep::kF64) {
    switch (op) {
      case BinaryOp::kSub:
        return "sub_f64";
      case BinaryOp::kMul:
        return "mul_f64";
      case BinaryOp::kDiv:
        return "div_f64";
      case BinaryOp::kRem:
        return "rem_f64";
      default:
        return nullptr;
    }
  }
  if (dest == Rep::kBool) {
    switch (op) {
      case BinaryOp::kLt:
        return "lt_bool";
      case BinaryOp::kGt:
        return "gt_bool";
      case BinaryOp::kLe:
        return "le_bool";
      case BinaryOp::kGe:
        return "ge_bool";
      case BinaryOp::kStrictEq:
        return "strict_eq_bool";
      case BinaryOp::kStrictNe:
        return "strict_ne_bool";
      default:
        return nullptr;
    }
  }
  return nullptr;
}

std::string Emitter::TypedGetIndex(Rep dest, const RustOperand& o, const RustOperand& k) {
  // ops::get_index_f64/_bool answer as ops::get followed by the as_f64/as_bool guard.
  if (k.rep != Rep::kF64 || o.ref.empty()) return "";
  if (!k.int_raw.empty()) {  // an integer index (pass_int_locals.cc): no conversion back
    const std::string& i = k.int_raw;
    if (o.rep == Rep::kNumArray) {
      if (dest == Rep::kF64) return o.raw + ".get_f64_at(" + i + ")?";
      if (dest == Rep::kBool) return "ops::as_bool(" + o.raw + ".get_at(" + i + "))?";
      return o.raw + ".get_at(" + i + ")";
    }
    if (dest == Rep::kF64) return "int_index::get_f64(ctx, " + o.ref + ", " + i + ")?";
    if (dest == Rep::kBool) return "int_index::get_bool(ctx, " + o.ref + ", " + i + ")?";
    return "";
  }
  if (o.rep == Rep::kNumArray) {  // a local number array (pass_local_arrays.cc)
    if (dest == Rep::kF64) return o.raw + ".get_f64(" + k.raw + ")?";
    if (dest == Rep::kBool) return "ops::as_bool(" + o.raw + ".get(" + k.raw + "))?";
    return o.raw + ".get(" + k.raw + ")";
  }
  if (dest == Rep::kF64) return "ops::get_index_f64(ctx, " + o.ref + ", " + k.raw + ")?";
  if (dest == Rep::kBool) return "ops::get_index_bool(ctx, " + o.ref + ", " + k.raw + ")?";
  return "";
}

std::string Emitter::TypedSetIndex(const RustOperand& o, const RustOperand& k,
                                   const RustOperand& v) {
  // ops::set_index_f64/_bool do what ops::set does with the boxed index and value.
  if (k.rep != Rep::kF64 || o.ref.empty()) return "";
  if (o.rep == Rep::kNumArray && v.rep == Rep::kF64) {
    return o.raw + ".set(ctx, " + k.raw + ", " + v.raw + ")?";
  }
  if (v.rep == Rep::kF64) {
    return "ops::set_index_f64(ctx, " + o.ref + ", " + k.raw + ", " + v.raw + ")?";
  }
  if (v.rep == Rep::kBool) {
    return "ops::set_index_bool(ctx, " + o.ref + ", " + k.raw + ", " + v.raw + ")?";
  }
  return "";
}

std::string Emitter::Truthy(const RustOperand& test) {
  switch (test.rep) {
    case Rep::kBool:
      return test.raw;
    case Rep::kF64:  // ToBoolean of a number: neither ±0 nor NaN
      return test.raw + " != 0.0 && !f64::is_nan(" + test.raw + ")";
    case Rep::kValue:
    case Rep::kNumArray:  // never tested (pass_local_arrays.cc); would not type-check
    case Rep::kInt:       // read as an f64 operand (Peek)
      break;
  }
  return "truthy(" + test.ref + ")";
}

std::string Emitter::DirectMath(const std::string& builtin, const std::vector<RustOperand>& args) {
  // Extra arguments are ignored by these functions, and atoms have no effects to keep.
  if (args.empty() || args[0].rep != Rep::kF64) return "";
  const std::string& x = args[0].raw;
  // IEEE floor/ceil/trunc/abs/sqrt are exact and keep -0 and NaN as Math's do.
  if (builtin == "Math.floor") return "floor_f64!(" + x + ")";  // roundsd, or without libm
  if (builtin == "Math.ceil") return "f64::ceil(" + x + ")";
  if (builtin == "Math.trunc") return "f64::trunc(" + x + ")";
  if (builtin == "Math.abs") return "f64::abs(" + x + ")";
  if (builtin == "Math.sqrt") return "f64::sqrt(" + x + ")";
  if (builtin == "Math.round") return "builtins::round_f64(" + x + ")";
  return "";
}

std::string Emitter::IntOperand(const Atom& a, const RustScope& scope) {
  if (a.kind == AtomKind::kVar) return Place(a.text, scope);
  return std::to_string(static_cast<int64_t>(a.num));  // |n| <= 2^53, not -0
}

void Emitter::EmitIntSet(const std::string& place, const Expr& e, const RustScope& scope) {
  if (e.kind == ExprKind::kAtom || e.kind == ExprKind::kUnary) {  // x, or +x (x++)
    return w_.Line(place, " = ", IntOperand(e.a, scope), ";");
  }
  const char* fn = e.binary == BinaryOp::kAdd   ? "num::add_int("
                   : e.binary == BinaryOp::kSub ? "num::sub_int("
                   : e.binary == BinaryOp::kMul ? "num::mul_int("
                                                : "num::rem_int(";
  w_.Line(place, " = ", fn, IntOperand(e.a, scope), ", ", IntOperand(e.b, scope), ")?;");
}

}  // namespace containerless::compiler

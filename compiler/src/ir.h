// The compiler's IR: the trace tree of docs/trace-ir.md as C++ structs, and its kind tables.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace containerless::compiler {

// Every IR node kind, once: category, C++ name, JSON tag. Enums, names and the reader's and
// emitter's dispatch are generated from this table, so a new kind cannot be half-added.
// IR_NODE(ATOM, EXPR, STMT, TARGET) passes each row to the macro of its category.
#define CONTAINERLESS_IR_NODES(ATOM, EXPR, STMT, TARGET) \
  ATOM(Num, "num")                                       \
  ATOM(Str, "str")                                       \
  ATOM(Bool, "bool")                                     \
  ATOM(Null, "null")                                     \
  ATOM(Undef, "undef")                                   \
  ATOM(Var, "var")                                       \
  ATOM(Mod, "mod")                                       \
  ATOM(Global, "global")                                 \
  EXPR(Atom, "atom")                                     \
  EXPR(Binary, "binary")                                 \
  EXPR(Unary, "unary")                                   \
  EXPR(ToString, "tostring")                             \
  EXPR(Get, "get")                                       \
  EXPR(Object, "object")                                 \
  EXPR(Array, "array")                                   \
  EXPR(Function, "function")                             \
  EXPR(Await, "await")                                   \
  STMT(Set, "set")                                       \
  STMT(SetMod, "setmod")                                 \
  STMT(SetProp, "setprop")                               \
  STMT(Delete, "delete")                                 \
  STMT(Call, "call")                                     \
  STMT(If, "if")                                         \
  STMT(Loop, "loop")                                     \
  STMT(Block, "block")                                   \
  STMT(Break, "break")                                   \
  STMT(Continue, "continue")                             \
  STMT(Return, "return")                                 \
  STMT(Throw, "throw")                                   \
  STMT(Unknown, "unknown")                               \
  TARGET(Builtin, "builtin")                             \
  TARGET(Function, "function")                           \
  TARGET(Opaque, "opaque")

// Binary operators: C++ name, JavaScript spelling, what the operator gives whatever its operands
// (a boolean; a number: ToNumeric, and no BigInt here; `+`: a number or a string).
#define CONTAINERLESS_BINARY_OPS(X) \
  X(Add, "+", NumberOrString)       \
  X(Sub, "-", Number)               \
  X(Mul, "*", Number)               \
  X(Div, "/", Number)               \
  X(Rem, "%", Number)               \
  X(Exp, "**", Number)              \
  X(LooseEq, "==", Boolean)         \
  X(LooseNe, "!=", Boolean)         \
  X(StrictEq, "===", Boolean)       \
  X(StrictNe, "!==", Boolean)       \
  X(Lt, "<", Boolean)               \
  X(Le, "<=", Boolean)              \
  X(Gt, ">", Boolean)               \
  X(Ge, ">=", Boolean)              \
  X(BitAnd, "&", Number)            \
  X(BitOr, "|", Number)             \
  X(BitXor, "^", Number)            \
  X(Shl, "<<", Number)              \
  X(Sar, ">>", Number)              \
  X(Shr, ">>>", Number)             \
  X(In, "in", Boolean)              \
  X(InstanceOf, "instanceof", Boolean)

// Unary operators: C++ name, JavaScript spelling.
#define CONTAINERLESS_UNARY_OPS(X) \
  X(Not, "!")                      \
  X(Neg, "-")                      \
  X(Plus, "+")                     \
  X(BitNot, "~")                   \
  X(TypeOf, "typeof")              \
  X(Void, "void")

// The type tags of `seen` (docs/trace-ir.md section 4); a set of them is a bit mask.
#define CONTAINERLESS_TYPE_TAGS(X) \
  X(Undefined, "undefined")        \
  X(Null, "null")                  \
  X(Boolean, "boolean")            \
  X(Number, "number")              \
  X(String, "string")              \
  X(Object, "object")              \
  X(Array, "array")                \
  X(Function, "function")

#define CONTAINERLESS_IGNORE(Name, json)
#define CONTAINERLESS_ENUM_ROW(Name, json) k##Name,

enum class AtomKind {
  CONTAINERLESS_IR_NODES(CONTAINERLESS_ENUM_ROW, CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE,
                         CONTAINERLESS_IGNORE)
};
enum class ExprKind {
  CONTAINERLESS_IR_NODES(CONTAINERLESS_IGNORE, CONTAINERLESS_ENUM_ROW, CONTAINERLESS_IGNORE,
                         CONTAINERLESS_IGNORE)
};
enum class StmtKind {
  CONTAINERLESS_IR_NODES(CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE, CONTAINERLESS_ENUM_ROW,
                         CONTAINERLESS_IGNORE)
};
enum class TargetKind {
  CONTAINERLESS_IR_NODES(CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE, CONTAINERLESS_IGNORE,
                         CONTAINERLESS_ENUM_ROW)
};
#define CONTAINERLESS_BINARY_ENUM_ROW(Name, json, result) k##Name,
enum class BinaryOp { CONTAINERLESS_BINARY_OPS(CONTAINERLESS_BINARY_ENUM_ROW) };
enum class BinaryResult { kBoolean, kNumber, kNumberOrString };
enum class UnaryOp { CONTAINERLESS_UNARY_OPS(CONTAINERLESS_ENUM_ROW) };
enum class TypeTag { CONTAINERLESS_TYPE_TAGS(CONTAINERLESS_ENUM_ROW) };

// JSON tags and operator spellings, from the tables above.
const char* Name(AtomKind kind);
const char* Name(ExprKind kind);
const char* Name(StmtKind kind);
const char* Name(TargetKind kind);
const char* Name(BinaryOp op);
// What `op` gives whatever its operands (the table's third column).
BinaryResult ResultOf(BinaryOp op);
const char* Name(UnaryOp op);
const char* Name(TypeTag tag);
// Lookups by JSON tag; false when the tag is unknown.
bool Lookup(const std::string& tag, AtomKind* out);
bool Lookup(const std::string& tag, ExprKind* out);
bool Lookup(const std::string& tag, StmtKind* out);
bool Lookup(const std::string& tag, BinaryOp* out);
bool Lookup(const std::string& tag, UnaryOp* out);
bool Lookup(const std::string& tag, TypeTag* out);

// A set of TypeTags, bit i for TypeTag i.
using TypeSet = uint32_t;
inline TypeSet Bit(TypeTag tag) {
  return TypeSet{1} << static_cast<int>(tag);
}

// How generated code stores a local: a boxed Value, or unboxed when InferTypes
// (pass_infer_types.cc) proved that every value it can hold is a number, or a boolean; or, for
// an array of numbers that never leaves its function (pass_local_arrays.cc), the crate's
// NumArr, a plain Vec<f64>; or, for a number that only ever holds integers of at most 2^53
// (pass_int_locals.cc), an i64.
enum class Rep { kValue, kF64, kBool, kNumArray, kInt };
// A function's locals (and parameters) that are not kValue; absent means kValue.
using Reps = std::map<std::string, Rep>;

// Where a statement came from in the action's source; line 0 means unknown.
struct Loc {
  int64_t line = 0;    // 1-based
  int64_t column = 0;  // 0-based
  bool known() const { return line > 0; }
};

// An operand. Which fields matter depends on kind.
struct Atom {
  AtomKind kind = AtomKind::kUndef;
  double num = 0;             // kNum (may be NaN, +-Infinity, -0)
  bool boolean = false;       // kBool
  std::string text;           // kStr: UTF-8 text when !has_u16; kVar/kMod/kGlobal: the name
  bool has_u16 = false;       // kStr with a lone surrogate: the code units are in u16
  std::vector<uint16_t> u16;  // kStr, see has_u16

  static Atom Number(double v) {
    Atom a;
    a.kind = AtomKind::kNum;
    a.num = v;
    return a;
  }
  static Atom String(std::string utf8) {
    Atom a;
    a.kind = AtomKind::kStr;
    a.text = std::move(utf8);
    return a;
  }
  static Atom Boolean(bool v) {
    Atom a;
    a.kind = AtomKind::kBool;
    a.boolean = v;
    return a;
  }
  static Atom Of(AtomKind kind, std::string name = {}) {
    Atom a;
    a.kind = kind;
    a.text = std::move(name);
    return a;
  }
  bool IsConstant() const {
    return kind != AtomKind::kVar && kind != AtomKind::kMod && kind != AtomKind::kGlobal;
  }
};

// An array item or call argument: an atom, a spread of one, or (arrays only) a hole.
struct Item {
  Atom atom;
  bool spread = false;
  bool hole = false;
};

// An object literal property: `key: value`, `[computed]: value`, or `...spread`.
struct Prop {
  enum class Kind { kKey, kComputed, kSpread } kind = Kind::kKey;
  std::string key;  // kKey
  Atom computed;    // kComputed: the key atom
  Atom value;       // kKey, kComputed: the value; kSpread: the spread operand
};

// The right-hand side of set/setmod.
struct Expr {
  ExprKind kind = ExprKind::kAtom;
  Atom a;  // kAtom: the atom; kBinary: left; kUnary, kToString, kAwait: arg; kGet: object
  Atom b;  // kBinary: right; kGet: key
  BinaryOp binary = BinaryOp::kAdd;
  UnaryOp unary = UnaryOp::kNot;
  std::vector<Prop> props;   // kObject
  std::vector<Item> items;   // kArray
  int64_t function_id = -1;  // kFunction: the value of a user function
  // kFunction of a closure: the values it captures, one `var` atom per entry of the function's
  // `captures` (closures contract, section 1); empty for a function that captures nothing.
  std::vector<Atom> captures;
  bool has_name = false;  // kFunction: an optional "name" (the function's ECMAScript name)
  std::string name;
  // The `seen` type feedback, one set per operand (left first); empty when absent. Kept for
  // speculative specialisation; no pass reads it yet (InferTypes only uses what it can prove).
  std::vector<TypeSet> seen;

  static Expr OfAtom(Atom atom) {
    Expr e;
    e.a = std::move(atom);
    return e;
  }
};

struct Stmt;
using Block = std::vector<Stmt>;

// A try's catch block (trace-ir.md section 5), with the JSON path it was read from. The reader
// splices a try's body and finally into the enclosing block and sets its catch block aside:
// native code never runs it (a throw aborts), but Node.js does after an abort, so the checks
// of module state (CheckModuleObjectWrites) read it. No other pass and no emitter looks at it.
struct CatchBlock {
  std::string path;
  Block body;
};

// One observed callee of a call site.
struct Target {
  TargetKind kind = TargetKind::kOpaque;
  std::string name;          // kBuiltin: the JavaScript path ("console.log"); kOpaque: what it was;
                             // kFunction: the function's source name (for comments and errors)
  int64_t function_id = -1;  // kFunction
  std::vector<std::string> params;  // kFunction
  // kFunction of a closure: locals bound at entry from the function value's environment, slot
  // j to captures[j], before the parameters (closures contract, section 1).
  std::vector<std::string> captures;
  std::vector<std::string> locals;  // kFunction
  std::string label;                // kFunction: the block its returns break out of
  Block body;                       // kFunction: the inlined body
  Reps reps;                        // kFunction: set by InferTypes
  bool is_async = false;            // kFunction: an `async` function ("async": true)
  std::vector<CatchBlock> catches;  // kFunction: the catch blocks of its trys (never emitted)
  // kBuiltin of a callback host (Array.prototype.map, ...): the user callbacks it ran there,
  // each a kFunction target with `result` set, by function id (closures contract, section 2).
  std::vector<Target> callbacks;
  // A callback (an element of `callbacks`): the name of its return slot, a scope of its own
  // between the caller's and the callback's, which its "scope":"caller" sets assign.
  std::string result;
};

// The callback hosts of the closures contract, section 2: the built-ins whose `callbacks` the
// trace may list, and which the emitter compiles as loops.
bool IsCallbackHost(const std::string& builtin);

// A statement. Which fields matter depends on kind; see docs/trace-ir.md section 5.
struct Stmt {
  StmtKind kind = StmtKind::kUnknown;
  Loc loc;
  int64_t site = -1;  // kIf, kCall; kUnknown: the `if` FoldConstants spliced it out of
  // kSet, kSetMod: the assigned name; kDelete: the result local; kCall: the result local or ""
  // (has_result false); kLoop, kBlock, kBreak, kContinue: the label; kUnknown: the reason.
  std::string name;
  bool has_result = false;  // kCall
  bool construct = false;   // kCall: `new callee(...args)` ("construct": true)
  // kCall: the next statement of its block awaits its result at once (`set t = await result`),
  // set by the reader (Promise.prototype.then's callbacks run at the call there, emit_closures.cc).
  bool awaited = false;
  // kSet with "scope":"caller": an inlined callee's rewritten `return`, assigning the call's
  // result in the caller's scope even when the callee has a local of the same name.
  bool to_caller = false;
  Expr value;                   // kSet, kSetMod
  Atom object;                  // kSetProp, kDelete: the object; kCall: the callee; kIf: the test;
                                // kReturn, kThrow: the value
  Atom key;                     // kSetProp, kDelete: the key; kCall: `this`
  Atom atom;                    // kSetProp: the assigned value
  std::vector<Item> args;       // kCall
  std::vector<Target> targets;  // kCall
  Block then_body;              // kIf: then; kLoop, kBlock: the body
  Block else_body;              // kIf: else
  bool has_taken = false;       // kIf
  int64_t taken[2] = {0, 0};
};

// The module's top-level code or the entry function's tree.
struct Function {
  std::vector<std::string> params;
  std::vector<std::string> locals;
  Block body;
  Reps reps;                        // main only: set by InferTypes (module bindings stay Values)
  bool is_async = false;            // main only: `async function main` ("async": true)
  std::vector<CatchBlock> catches;  // the catch blocks of its trys (never emitted)
};

// A whole trace document (docs/trace-ir.md section 1).
struct Trace {
  int64_t version = 1;
  std::string code_sha256;
  std::string entry;
  int64_t activations = 0;
  int64_t stable_for = 0;
  bool compilable = true;
  std::string not_compilable_because;
  Function module;
  Function main;
};

// The reason of an unknown statement as it appears in abort records: "untraced" or
// "unsupported" (the text after "unsupported: " goes into the detail).
bool IsUntracedReason(const std::string& reason);

}  // namespace containerless::compiler

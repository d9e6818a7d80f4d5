// The Rust emitter's internals: the Emitter class, shared by emit_rust.cc and emit_calls.cc.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir.h"
#include "rust_writer.h"

namespace containerless::compiler {

// Spellings of the runtime crate's API (docs/runtime-crate.md), in rust_api.cc.
const char* OpsFn(BinaryOp op);
const char* OpsFn(UnaryOp op);
std::string LocText(const Loc& loc);  // "4:10"
std::string SomeLoc(const Loc& loc);  // "Some((4, 10))" or "None"
std::string SomeSite(int64_t site);   // "Some(3)" or "None"

// An atom ready to use in Rust: `ref` is a &Value expression, `owned` a Value, `value` an
// expression to call methods on. An unboxed local or a number/boolean literal also has `raw`,
// its f64 or bool expression (`rep` says which).
struct RustOperand {
  std::string ref;
  std::string owned;
  std::string value;
  Rep rep = Rep::kValue;
  std::string raw;
  std::string int_raw;  // an integer local (Rep::kInt, rep kF64 above): its i64 place

  // A boxed Value held in `place` (a local, a field, a temporary).
  static RustOperand Boxed(const std::string& place) {
    RustOperand op;
    op.ref = "&" + place;
    op.owned = place + ".clone()";
    op.value = place;
    return op;
  }
};

// The JavaScript names and labels visible to the code being written. One per function: the
// module, main, and each inlined callee (whose only way out to its caller is the call's result).
struct RustScope {
  enum class Kind { kModule, kMain, kCallee } kind = Kind::kMain;
  std::map<std::string, std::string> places;  // JS local -> Rust place ("v_x", "m.m_x")
  const Reps* reps = nullptr;                 // the unboxed locals (pass_infer_types.cc)
  Rep RepOf(const std::string& name) const {
    if (!reps) return Rep::kValue;
    auto it = reps->find(name);
    return it == reps->end() ? Rep::kValue : it->second;
  }
  const RustScope* caller = nullptr;  // kCallee: where "scope":"caller" sets assign
  struct Label {
    std::string js, rust;
    bool loop;
    int64_t site;  // the site fuel ticks of this loop report
  };
  std::vector<Label> labels;
};

// Why the statements of a block run: set for the sides of an `if`, so that an `unknown` there
// says which branch of which site was not traced.
struct RustBranch {
  int64_t site;
  Loc loc;
  const char* side;
};

// Writes handler.rs for one trace. Each Emit* method writes the Rust for one IR construct.
class Emitter {
 public:
  Emitter(const Trace& trace, const std::string& trace_sha256)
      : trace_(trace), trace_sha256_(trace_sha256) {}
  std::string Run();

 private:
  // emit_rust.cc: the file's frame.
  void WriteHeader();
  void WriteModuleStruct();
  void WriteInit();
  void WriteRun();
  void DeclareLocals(const std::vector<std::string>& locals, const std::string& prefix,
                     RustScope* scope);
  static const char* RustType(Rep rep);  // "Value", "f64", "bool"

  // emit_rust.cc: names and operands.
  // The Rust place a JavaScript local or module binding lives in.
  std::string Place(const std::string& name, const RustScope& scope);
  const RustScope::Label* FindLabel(const std::string& js, const RustScope& scope);
  // Writes what an atom needs before use (a global's lookup can abort) and returns its spellings.
  RustOperand Prepare(const Atom& a, const RustScope& scope);
  // Prepare without writing anything (a global's operand is left empty): for decisions.
  RustOperand Peek(const Atom& a, const RustScope& scope);

  // emit_rust.cc: statements.
  void EmitBlock(const Block& block, RustScope* scope, const RustBranch* branch);
  bool MayAbort(const Stmt& s, const RustScope& scope);
  void EmitStmt(const Stmt& s, RustScope* scope, const RustBranch* branch);
  void EmitSet(const std::string& place, Rep dest, const Expr& e, const RustScope& scope);

  // emit_typed.cc: operations on unboxed operands.
  // The f64 (or bool) Rust expression computing `e` directly from its operands' raw forms, or
  // "" when an operand is boxed or the operator has no direct form.
  static std::string DirectF64(const Expr& e, const RustOperand& l, const RustOperand& r);
  static std::string DirectBool(const Expr& e, const RustOperand& l, const RustOperand& r);
  // Whether `e` can be computed without the generic ops (so it cannot abort).
  bool IsDirect(const Expr& e, const RustScope& scope);
  // Writes `place = ...;` for a value computed directly (f64 or bool) or by the generic
  // expression `generic` (a Value), converting to the place's representation.
  void AssignTyped(const std::string& place, Rep dest, const std::string& f64,
                   const std::string& boolean, const std::string& generic);
  // The crate's typed form of a generic operator for an unboxed destination ("sub_f64",
  // "lt_bool"), or nullptr: it saves the boxing of the result and the guard that unboxes it.
  static const char* TypedOpsFn(BinaryOp op, Rep dest);
  // `o[k]` read into an unboxed destination, or written from an unboxed value, with an unboxed
  // index: the crate's typed element access (a load or a store on a packed array), or "".
  static std::string TypedGetIndex(Rep dest, const RustOperand& o, const RustOperand& k);
  static std::string TypedSetIndex(const RustOperand& o, const RustOperand& k,
                                   const RustOperand& v);
  // An `if` test: a bool expression for the operand.
  static std::string Truthy(const RustOperand& test);
  // A pure Math built-in on an unboxed number (Math.floor(x) -> x.floor()), or "".
  static std::string DirectMath(const std::string& builtin, const std::vector<RustOperand>& args);
  // `x = ...` of an integer local (pass_int_locals.cc): an integer literal, another integer
  // local, or their sum, difference, product or remainder through num::add_int/sub_int/
  // mul_int/rem_int (which abort past 2^53, and for -0 or NaN).
  void EmitIntSet(const std::string& place, const Expr& e, const RustScope& scope);
  std::string IntOperand(const Atom& a, const RustScope& scope);
  // emit_concat.cc: statements i.. of `block` that are a chain of `+` through single-use
  // temporaries, written as one ops::concat; how many (0: none, emit statement i as usual).
  size_t EmitAddChain(const Block& block, size_t i, RustScope* scope);
  void EmitIf(const Stmt& s, RustScope* scope);
  // The site a loop's fuel ticks report: loops have none of their own, so the first site in
  // the body (for `for`/`while`, the test), else the innermost enclosing one.
  static int64_t FirstSite(const Block& block);
  void EmitLoop(const Stmt& s, RustScope* scope);

  // emit_calls.cc: calls, inlining, aborts and the constant tables.
  void EmitUnknown(const Stmt& s, const RustBranch* branch);
  void EmitCall(const Stmt& s, RustScope* scope);
  // A user function's traced body, in a scope of its own: its parameters bound from the
  // arguments, its locals undefined, its returns (set result; break label) leaving the loop.
  // `fn_value` is the Rust place of the callee's function value, whose environment a closure's
  // captures are bound from.
  void EmitInline(const Target& t, const Stmt& call, const RustScope& caller,
                  const std::vector<RustOperand>& args, const std::string& args_vec,
                  const std::string& fn_value);

  // emit_closures.cc: closures and callback hosts.
  // A function expression with captures: a new function value holding their values. Also a
  // named function expression evaluated in main (not the module's code): a fresh object per
  // evaluation, so `===` is exact and console.log prints its name.
  void EmitClosure(const std::string& place, Rep dest, const Expr& e, const RustScope& scope);
  // An inlined closure's captures, bound from the function value's environment.
  void BindCaptures(const Target& t, const std::string& fn_value, const std::string& prefix,
                    RustScope* callee);
  // A callback host's call (Array.prototype.map, ...) as a loop over the receiver, inside its
  // callee guard; it assigns the call's result.
  void EmitCallbackHost(const Target& t, const Stmt& s, const RustScope& scope,
                        const RustOperand& self, const std::vector<RustOperand>& args,
                        const std::string& args_vec);
  // Promise.prototype.then with its traced callbacks (emit_closures.cc).
  void EmitThenHost(const Target& t, const Stmt& s, const RustScope& scope, const RustOperand& self,
                    const std::vector<RustOperand>& args, const std::string& args_vec);
  // Records a user function's name (from a target or callback) for the closures made of it.
  void CollectFunctionName(const Target& t);
  std::map<int64_t, std::string> fn_names_;  // function id -> its name, from the trace
  // A string constant becomes a Module field named after its text ("name" -> s_name), so
  // that the code reads `ops::get(ctx, &v_args, &m.s_name)`; a literal property key becomes
  // a PropName field (k_name), resolved once per instance.
  std::string FieldFor(const std::string& prefix, const std::string& text);
  void CollectAtom(const Atom& a);
  void CollectKey(const Atom& a);
  void CollectKeyText(const std::string& text);
  static bool IsNamedKey(const Atom& a) { return a.kind == AtomKind::kStr && !a.has_u16; }
  void CollectConstants(const Block& block);
  // Method reads fused into their call's callee guard (emit_calls.cc): a local read by exactly
  // one statement of the whole trace, the callee of a call with one built-in target later in
  // the same block, and written once, by `name = obj.key`. It is kept as the bool "the read
  // gave that built-in" instead of a boxed Value (no drop of the old method per iteration).
  // Counted per function, keyed by its Reps (main's, or an inlined target's).
  void CountNames(const Block& block, const Reps* fn, const Reps* caller);
  const Stmt* FusedCall(const Block& block, size_t i, const RustScope& scope);
  std::map<const Reps*, std::map<std::string, int>> uses_, defs_;
  std::map<std::string, std::string> fused_;  // Rust place -> the Rust bool holding the test

  const Trace& trace_;
  std::string trace_sha256_;
  RustWriter w_;
  RustNames names_;
  int inlined_ = 0;
  Loc last_at_;  // the last ctx.at written in the current straight-line run
  std::vector<std::string> builtins_;
  std::map<std::string, int64_t> builtin_index_;
  std::vector<std::string> strings_;                 // in order of first use
  std::map<std::string, std::string> string_field_;  // text -> Module field
  std::vector<std::string> keys_;                    // literal property keys, in order
  std::map<std::string, std::string> key_field_;     // key text -> Module PropName field
  std::map<std::string, std::string> module_fields_;
  // main's `run` is an `async fn` that awaits (async main, an await, a fetch); otherwise its
  // body is a plain `fn run_sync` behind a one-line async `run` (emit_calls.cc, async.md).
  bool async_run_ = false;
  static bool UsesAsync(const Block& block);
  // Whether code in `scope` runs in main's async `run` (not in the module's synchronous init).
  static bool InAsyncCode(const RustScope& scope);
};

}  // namespace containerless::compiler

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
// expression to call methods on.
struct RustOperand {
  std::string ref;
  std::string owned;
  std::string value;
};

// The JavaScript names and labels visible to the code being written. One per function: the
// module, main, and each inlined callee (whose only way out to its caller is the call's result).
struct RustScope {
  enum class Kind { kModule, kMain, kCallee } kind = Kind::kMain;
  std::map<std::string, std::string> places;  // JS local -> Rust place ("v_x", "m.m_x")
  const RustScope* caller = nullptr;          // kCallee: where "scope":"caller" sets assign
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

  // emit_rust.cc: names and operands.
  // The Rust place a JavaScript local or module binding lives in.
  std::string Place(const std::string& name, const RustScope& scope);
  const RustScope::Label* FindLabel(const std::string& js, const RustScope& scope);
  // Writes what an atom needs before use (a global's lookup can abort) and returns its spellings.
  RustOperand Prepare(const Atom& a, const RustScope& scope);

  // emit_rust.cc: statements.
  void EmitBlock(const Block& block, RustScope* scope, const RustBranch* branch);
  static bool MayAbort(const Stmt& s);
  void EmitStmt(const Stmt& s, RustScope* scope, const RustBranch* branch);
  void EmitSet(const std::string& place, const Expr& e, const RustScope& scope);
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
  void EmitInline(const Target& t, const Stmt& call, const RustScope& caller,
                  const std::vector<RustOperand>& args, const std::string& args_vec);
  // A string constant becomes a Module field named after its text ("name" -> s_name), so
  // that the code reads `ops::get(ctx, &v_args, &m.s_name)`.
  void CollectAtom(const Atom& a);
  void CollectConstants(const Block& block);

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
  std::map<std::string, std::string> module_fields_;
};

}  // namespace containerless::compiler

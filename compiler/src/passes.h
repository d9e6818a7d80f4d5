// The IR passes, in the order the driver runs them; each lives in its own file.
#pragma once

#include "ir.h"
#include "status.h"

namespace containerless::compiler {

// pass_compilable.cc: rejects a trace the tracer marked `compilable: false` (with its reason)
// and one whose `main` (or a function inlined into it) writes a module binding (setmod): the
// native engine keeps module state per instance, so such writes would diverge from Node.js.
Status CheckCompilable(const Trace& trace);

// pass_module_writes.cc: rejects a main whose traced code writes into an object that module
// state holds (`memo[n] = v`, `CONFIG.list.push(x)`, through locals and inlined calls): Node.js
// keeps such changes for later activations (including those re-executed after an abort) while
// the native instance's copy would not change. Conservative: it assumes any value derived from
// a module binding may be module state. Untraced code cannot be seen here.
Status CheckModuleObjectWrites(const Trace& trace);

// pass_fold.cc: folds operations on constant atoms into atoms, where the result is exactly what
// JavaScript computes (see the file for which ones), and replaces an `if` on a constant test by
// the side it takes. Never fails.
void FoldConstants(Trace* trace);

// pass_dead.cc: drops statements after one that never completes normally (an abort, break,
// continue, return, throw, a call with no target, an `if` whose sides both never complete, a
// loop nothing breaks out of).
void RemoveDeadCode(Trace* trace);
// Whether running `block` may go on past its end (the same analysis; the emitter uses it to
// leave out unreachable tails).
bool BlockCompletes(const Block& block);

// pass_infer_types.cc: static type inference over main (and every inlined callee): records in
// Function::reps / Target::reps the locals that only ever hold numbers (Rep::kF64) or booleans
// (Rep::kBool), which the emitter then keeps unboxed. Proven, not speculated: no guard needed.
// Never fails. (This replaces the `SpecialiseTypes` hook for `seen` feedback, which the tracer
// does not record yet.)
void InferTypes(Trace* trace);

// Runs all of the above in order.
Status RunPasses(Trace* trace);

}  // namespace containerless::compiler

// The IR passes, in the order the driver runs them; each lives in its own file.
#pragma once

#include <map>
#include <set>
#include <string>

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
// (Rep::kBool), which the emitter then keeps unboxed: proven ones need no guard; the locals
// SpeculateFromSeen picks are unboxed too, each unproven definition guarded. Never fails.
void InferTypes(Trace* trace);

// pass_speculate.cc: from the `seen` feedback of the trace, the locals of each scope (keyed by
// &trace.main or the inlined Target) that InferTypes should unbox as numbers or booleans behind
// a guard at each unproven definition: every operation that reads them saw only that type.
// Empty when the trace carries no `seen`.
using Speculation = std::map<const void*, std::map<std::string, TypeTag>>;
Speculation SpeculateFromSeen(const Trace& trace);

// pass_local_arrays.cc (run by InferTypes once the reps are decided): the locals of main and
// of each inlined callee that only array literals of numbers define and that are only indexed
// with unboxed numbers, written unboxed numbers, pushed one unboxed number, or asked their
// length, get Rep::kNumArray. `maybe_unset` is what a scope (key as in Speculation) may read
// before assigning it.
void FindLocalNumberArrays(Trace* trace,
                           const std::map<const void*, std::set<std::string>>& maybe_unset);
// pass_int_locals.cc (run by InferTypes after FindLocalNumberArrays): the f64 locals of main and
// of each inlined callee that only integer literals, copies of such locals, sums,
// differences, products and remainders of them and charCodeAt results define get Rep::kInt.
void FindIntegerLocals(Trace* trace);
// Runs all of the above in order.
Status RunPasses(Trace* trace);

}  // namespace containerless::compiler

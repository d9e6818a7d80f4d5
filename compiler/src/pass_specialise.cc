// Pass (hook): type specialisation from the `seen` feedback; a deliberate no-op for now.
#include "passes.h"

namespace containerless::compiler {

// The plan, so the next step has a place to go: for a binary/unary/get whose `seen` lists one
// type per operand (e.g. number, number), rewrite it into a specialised node that the emitter
// writes as `if let (Value::Number(a), Value::Number(b)) = (..) { a + b } else { guard abort }`
// (the runtime crate's `num::` helpers), and propagate unboxed f64 locals through loops. Until
// that exists every operation uses the generic, exact `ops::` functions, which is slower but
// never wrong; `seen` is kept in the IR (Expr::seen) for this pass.
Status SpecialiseTypes(Trace* trace) {
  (void)trace;
  return Status::Ok();
}

}  // namespace containerless::compiler

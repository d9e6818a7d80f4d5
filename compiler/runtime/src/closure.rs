// Closures and the array callback hosts' helpers: user function values that carry their captures.
#![forbid(unsafe_code)]
//
// A closure (docs/trace-ir.md section 1 of the closures contract) is a user function that read
// locals of an enclosing function; the normalizer only lets through captures of bindings that are
// never written again, so copying their values into the function value when it is created is
// exact. `Func::Closure` holds one reference-counted `ClosureData`: its function id (what callee
// guards compare, `Value::is_user_fn`), its ECMAScript name when the trace gave one (what
// console.log prints), and the captured values in the order of the function's `captures`.
//
// Identity is exact: every evaluation of the creating expression makes a new `Rc`, and copies
// of the value share it, so `===` between two closures is `Rc::ptr_eq` (value.rs).
//
// The rest of the file is what generated code calls when it runs a callback host
// (`xs.map(f)`, ...) as a loop of its own: the receiver's guard, element reads that tell a
// hole from `undefined`, and the result arrays.

use std::fmt;
use std::rc::Rc;

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::object::{Arr, OBJECT_BYTES, SLOT_BYTES};
use crate::value::{Func, Value};

pub struct ClosureData {
    pub id: u32,
    /// The function's name after NamedEvaluation ("" for an anonymous one); None when the
    /// trace never said it (inspecting the function then aborts).
    pub name: Option<&'static str>,
    env: Vec<Value>,
}

/// A closure object: clones share it (one JavaScript function object).
#[derive(Clone)]
pub struct Closure(Rc<ClosureData>);

impl Closure {
    pub fn id(&self) -> u32 {
        self.0.id
    }
    pub fn name(&self) -> Option<&'static str> {
        self.0.name
    }
    pub fn ptr_eq(a: &Closure, b: &Closure) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
}

/// One function object: equal only to itself (a copy of the same value).
impl PartialEq for Closure {
    fn eq(&self, other: &Closure) -> bool {
        Closure::ptr_eq(self, other)
    }
}
impl Eq for Closure {}

impl fmt::Debug for Closure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Closure({}, {} captures)", self.0.id, self.0.env.len())
    }
}

/// The captures of a closure nobody else holds (object/deep_drop.rs frees deep values without
/// recursion: a chain of a million closures each capturing the previous one is one).
pub(crate) fn take_env_if_last(c: Closure) -> Option<Vec<Value>> {
    Rc::try_unwrap(c.0).ok().map(|mut d| std::mem::take(&mut d.env))
}

/// A closure's captures, for its Drop (object/deep_drop.rs).
pub(crate) fn env_mut(d: &mut ClosureData) -> &mut Vec<Value> {
    &mut d.env
}

/// `{"e":"function","id":id,"captures":[..]}`: a new function object holding `env`.
pub fn make(ctx: &mut Ctx, id: u32, name: Option<&'static str>, env: Vec<Value>) -> R<Value> {
    ctx.charge(OBJECT_BYTES + SLOT_BYTES * env.len())?;
    Ok(Value::Function(Func::Closure(Closure(Rc::new(ClosureData { id, name, env })))))
}

/// Capture slot `slot` of the function value `f` (an inlined closure binds its captures from
/// it, after the callee guard). A value without that slot aborts: the trace and the value
/// disagree, which only a hand-made trace can do.
pub fn capture(f: &Value, slot: usize) -> R<Value> {
    if let Value::Function(Func::Closure(c)) = f {
        if let Some(v) = c.0.env.get(slot) {
            return Ok(v.clone());
        }
    }
    Err(Abort::unsupported("a captured binding the function value does not hold"))
}

/// The function's name as console.log prints it, when known.
pub fn inspect_text(c: &Closure) -> R<String> {
    match c.0.name {
        Some("") => Ok("[Function (anonymous)]".into()),
        Some(name) => Ok(format!("[Function: {}]", name)),
        None => Err(Abort::unsupported("inspect of a closure whose name the trace did not give")),
    }
}

// --- callback hosts (Array.prototype.forEach, map, filter, some, every, find, findIndex,
// --- reduce), compiled as loops by the emitter ---

/// A callback host called as an ordinary built-in (through `Function.prototype.call`, say):
/// only the emitter's loops run callbacks.
pub fn host_call(_ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    Err(Abort::unsupported("a callback host (map, forEach, ...) not called directly"))
}

/// The receiver of a callback host: a genuine Array, else the call aborts (`guard`; the
/// built-ins' generic paths over array-likes are not implemented).
pub fn host_receiver(this: &Value, site: u32, host: &str) -> R<Arr> {
    match this {
        Value::Array(a) => Ok(a.clone()),
        _ => Err(Abort::guard(Some(site), format!("{} on a receiver that is not an array", host))),
    }
}

/// The callback argument: any function passes here (an array no invocation visits needs no
/// more); each invocation then guards on the traced ids. Anything else is V8's TypeError, whose
/// message names the source text: abort.
pub fn host_callback(cb: &Value, site: u32, host: &str) -> R<()> {
    match cb {
        Value::Function(_) => Ok(()),
        _ => {
            Err(Abort::throw(format!("TypeError: {} of a callback that is not a function", host))
                .located(Some(site), None))
        }
    }
}

/// Element k of the receiver when it has one (HasProperty): None for a hole, or past the end
/// when the array shrank during the loop.
#[inline]
pub fn element(a: &Arr, k: usize) -> Option<Value> {
    a.borrow().slot(k)
}

/// map's result: a new array of `len` holes, filled as elements are visited.
pub fn holes(ctx: &mut Ctx, len: usize) -> R<Arr> {
    // Charged before the slots exist: the receiver's length, not its memory, bounds `len`.
    let a = Arr::new(ctx, Vec::new())?;
    ctx.charge(SLOT_BYTES * len)?;
    a.borrow_mut().resize(len);
    Ok(a)
}

/// An empty array (filter's result).
pub fn empty(ctx: &mut Ctx) -> R<Arr> {
    Arr::new(ctx, Vec::new())
}

/// The callback's index argument.
#[inline]
pub fn index(k: usize) -> Value {
    Value::Number(k as f64)
}

/// reduce without an initial value over an array with no element: V8's TypeError.
pub fn reduce_empty() -> Abort {
    Abort::throw("TypeError: Reduce of empty array with no initial value")
}

/// The guard of an invocation whose callback is not one the trace inlined there.
pub fn untraced_callback(site: u32, host: &str) -> Abort {
    Abort::guard(Some(site), format!("the callback of {} is not one the trace saw", host))
}

// Dropping arrays, objects and closures without deep recursion: a value nested a million levels deep must not overflow the stack when it goes.
#![forbid(unsafe_code)]
//
// Why: Rust's drop glue of an `Rc<RefCell<ArrData>>` drops the elements, which drop their own
// elements, one stack frame per level. An action can build `x = [x]` (or `f = () => g` with
// `g` the previous `f`) in a loop; at about 100,000 levels that overflowed the runtime's 8 MiB
// stack and killed the server (Node.js frees such a value without complaint). Here an array,
// object or closure dropped where the stack is already deep (stack_is_deep) moves its container
// children (arrays, objects, closures) out to a work list, and the list is emptied in a loop: a
// child that is shared is only released (no recursion), one that was the last reference gives up
// its own container children to the same list before it goes. Shallower drops are Rust's drop
// glue, unchanged. A child module of `object`, so that it reaches the private element and
// property vectors (closure.rs lends its captures through two crate-private functions).

use super::{ArrData, ObjData, Slots};
use crate::closure::ClosureData;
use crate::elements::Elements;
use crate::value::{Func, Value};
use std::cell::Cell;
use std::rc::Rc;

thread_local! {
    /// True while a work list is being emptied: the arrays and objects released then have
    /// already given their children to it.
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    /// The highest stack address a drop has run at on this thread: about where the stack starts.
    static SHALLOWEST: Cell<usize> = const { Cell::new(0) };
}

/// How far below the shallowest drop seen the drop glue may recurse before the rest of the value
/// is released from a work list. Most values are shallow: their drop recurses a few levels, as
/// Rust's drop glue does, without the work list's allocation and moves (2% of the instructions of
/// an object-heavy benchmark when every drop used it). 512 KiB is a few thousand levels.
const DEEP_STACK_BYTES: usize = 512 * 1024;

/// Whether the stack is deep here: more than DEEP_STACK_BYTES below the shallowest drop seen.
#[inline(always)]
fn stack_is_deep() -> bool {
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    SHALLOWEST.with(|top| {
        let shallowest = top.get();
        if here > shallowest {
            top.set(here);
            false
        } else {
            shallowest - here > DEEP_STACK_BYTES
        }
    })
}

/// Values that hold other values: arrays, objects and closures (their captures).
#[inline(always)]
fn is_container(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_) | Value::Function(Func::Closure(_)))
}

/// Moves the container children of an array's slots to `out`.
fn take_from_slots(slots: &mut [Option<Value>], out: &mut Vec<Value>) {
    for slot in slots.iter_mut() {
        if matches!(slot, Some(v) if is_container(v)) {
            if let Some(v) = slot.take() {
                out.push(v);
            }
        }
    }
}

/// Moves the container values of an object's properties (its slots, then the rest) to `out`.
fn take_from_props<S: ?Sized + Slots>(d: &mut ObjData<S>, out: &mut Vec<Value>) {
    let slots = d.inline.slots_mut().iter_mut().filter_map(|s| s.as_mut().map(|p| &mut p.1));
    for v in slots.chain(d.extra.iter_mut().map(|p| &mut p.1)) {
        if is_container(v) {
            out.push(std::mem::take(v));
        }
    }
}

/// Moves the container values of a closure's captures to `out`.
fn take_from_values(values: &mut [Value], out: &mut Vec<Value>) {
    for v in values.iter_mut() {
        if is_container(v) {
            out.push(std::mem::take(v));
        }
    }
}

/// Releases the values in `work`, taking the children of each last reference first.
fn drain(mut work: Vec<Value>) {
    DRAINING.with(|d| d.set(true));
    while let Some(v) = work.pop() {
        match v {
            Value::Array(a) => {
                if let Ok(cell) = Rc::try_unwrap(a.0) {
                    let mut data = cell.into_inner();
                    if let Elements::Values(slots) = &mut data.elems {
                        take_from_slots(slots, &mut work);
                    }
                }
            }
            Value::Object(mut o) => {
                // The last reference: its children first (its own drop then finds DRAINING).
                if let Some(cell) = o.0.as_mut().and_then(Rc::get_mut) {
                    take_from_props(cell.get_mut(), &mut work);
                }
            }
            Value::Function(Func::Closure(c)) => {
                if let Some(mut env) = crate::closure::take_env_if_last(c) {
                    take_from_values(&mut env, &mut work);
                }
            }
            _ => {}
        }
    }
    DRAINING.with(|d| d.set(false));
}

impl Drop for ArrData {
    fn drop(&mut self) {
        let slots = match &mut self.elems {
            Elements::Values(slots) => slots,
            _ => return,
        };
        if !stack_is_deep() || DRAINING.with(|d| d.get()) {
            return;
        }
        let mut work = Vec::new();
        take_from_slots(slots, &mut work);
        drain(work);
    }
}

impl<S: ?Sized + Slots> Drop for ObjData<S> {
    fn drop(&mut self) {
        if !stack_is_deep() || DRAINING.with(|d| d.get()) {
            return;
        }
        let mut work = Vec::new();
        take_from_props(self, &mut work);
        drain(work);
    }
}

impl Drop for ClosureData {
    fn drop(&mut self) {
        if !stack_is_deep() || DRAINING.with(|d| d.get()) {
            return;
        }
        let env = crate::closure::env_mut(self);
        let mut work = Vec::new();
        take_from_values(env, &mut work);
        drain(work);
    }
}

#[cfg(test)]
mod tests {
    use crate::ctx::{Ctx, Limits};
    use crate::jsstr::JsStr;
    use crate::object::{Arr, Obj};
    use crate::value::Value;

    fn ctx() -> Ctx {
        Ctx::for_activation(Limits { fuel: 0, memory_bytes: 1 << 34, deadline_ms: 0 })
    }

    #[test]
    fn a_million_nested_arrays_and_objects_drop_without_overflow() {
        let mut c = ctx();
        let mut v = Value::Array(Arr::new(&mut c, vec![]).unwrap());
        for i in 0..1_000_000 {
            if i % 2 == 0 {
                v = Value::Array(Arr::new(&mut c, vec![Some(Value::Number(1.0)), Some(v)]).unwrap());
            } else {
                let o = Obj::new(&mut c).unwrap();
                o.put(&mut c, JsStr::from_str("k"), v).unwrap();
                v = Value::Object(o);
            }
        }
        drop(v);
    }

    #[test]
    fn a_million_closures_each_capturing_the_last_drop_without_overflow() {
        let mut c = ctx();
        let mut f = crate::closure::make(&mut c, 1, None, vec![]).unwrap();
        for i in 0..1_000_000 {
            let env = if i % 3 == 0 { vec![Value::Array(Arr::new(&mut c, vec![Some(f)]).unwrap())] } else { vec![f] };
            f = crate::closure::make(&mut c, 1, None, env).unwrap();
        }
        drop(f);
    }

    #[test]
    fn a_shared_child_survives_its_parent() {
        let mut c = ctx();
        let child = Arr::new(&mut c, vec![Some(Value::Number(7.0))]).unwrap();
        let parent = Arr::new(&mut c, vec![Some(Value::Array(child.clone()))]).unwrap();
        drop(parent);
        assert_eq!(child.get(0).as_number(), Some(7.0));
    }
}

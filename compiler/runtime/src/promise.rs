// Promises: settled when made (a host call suspends the activation at the call, not at the await), `await`, and the Promise built-ins.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::host::HostVal;
use crate::jsstr::JsStr;
use crate::value::Value;
use std::rc::Rc;

/// A settled promise. fetch suspends the activation until the host answers and then gives a
/// fulfilled promise, so no promise of this crate is ever pending: `await` never has to wait
/// for anything but what the activation already did, and effects happen in program order.
#[derive(Clone, Debug)]
pub struct Promise(Rc<Settled>);

#[derive(Debug)]
enum Settled {
    Fulfilled(Value),
    /// A rejection: awaiting it throws; the text is the abort's detail.
    Rejected(String),
}

impl Promise {
    pub fn fulfilled(v: Value) -> Promise {
        Promise(Rc::new(Settled::Fulfilled(v)))
    }
    pub fn rejected(detail: impl Into<String>) -> Promise {
        Promise(Rc::new(Settled::Rejected(detail.into())))
    }
    pub fn ptr_eq(a: &Promise, b: &Promise) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
    /// The value a fulfilled promise holds, or the throw a rejected one makes.
    pub fn settled_value(&self) -> R<Value> {
        match &*self.0 {
            Settled::Fulfilled(v) => Ok(v.clone()),
            Settled::Rejected(detail) => Err(Abort::throw(detail.clone())),
        }
    }
}

impl Value {
    pub fn promise(p: Promise) -> Value {
        Value::Host(HostVal::Promise(p))
    }
}

/// `await v`: a promise gives its value (or throws its reason); a thenable object would call
/// its `then`, which the crate does not do (abort); any other value is itself.
pub async fn await_value(ctx: &mut Ctx, v: Value) -> R<Value> {
    settle(ctx, v)
}

/// What `await v` and an async main's returned value resolve to, without suspending.
pub fn settle(_ctx: &mut Ctx, v: Value) -> R<Value> {
    match &v {
        Value::Host(HostVal::Promise(p)) => p.settled_value(),
        Value::Object(o) => {
            let d = o.borrow();
            if d.host.is_none() {
                if let Some(then) = d.get(&JsStr::from_str("then")) {
                    if matches!(then, Value::Function(_)) {
                        return Err(Abort::unsupported("await of a thenable object"));
                    }
                }
            }
            drop(d);
            Ok(v)
        }
        _ => Ok(v),
    }
}

/// Whether `v` is an object of the action's with a callable `then` (a thenable): adopting it
/// would call that `then`, which the crate does not do.
fn is_thenable(v: &Value) -> bool {
    if let Value::Object(o) = v {
        let d = o.borrow();
        return d.host.is_none() && matches!(d.get(&JsStr::from_str("then")), Some(Value::Function(_)));
    }
    false
}

/// `Promise(...)` without `new` is a TypeError in JavaScript, and `new Promise(executor)` runs a
/// user callback the trace does not hold (its target is opaque): both are left to Node.js.
pub fn promise_call(_ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    Err(Abort::unsupported("Promise called as a function"))
}

/// `Promise.resolve(v)`: a promise of this crate is itself (the same object, as for a native
/// promise in Node.js); a thenable aborts; any other value a fulfilled promise of it.
pub fn resolve(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let v = args.first().cloned().unwrap_or(Value::Undefined);
    if let Value::Host(HostVal::Promise(_)) = v {
        return Ok(v);
    }
    if is_thenable(&v) {
        return Err(Abort::unsupported("Promise.resolve of a thenable object"));
    }
    Ok(Value::promise(Promise::fulfilled(v)))
}

/// `Promise.reject(e)`: left to Node.js (abort). Native code cannot tell whether the rejection
/// is ever handled; Node.js reports an unhandled one, which native code would not.
pub fn reject(_ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    Err(Abort::unsupported("Promise.reject: rejections are left to Node.js"))
}

/// `Promise.all(array)`: every promise of this crate is settled already, so the result is settled
/// at once: fulfilled with the elements' values in order (holes are undefined, as the array
/// iterator gives). Any other iterable, a thenable element, or a rejected element aborts (which
/// element's rejection Node.js reports depends on timing).
pub fn all(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let a = match args.first() {
        Some(Value::Array(a)) => a.clone(),
        _ => return Err(Abort::unsupported("Promise.all of a value that is not an array")),
    };
    let n = a.len();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let v = a.get(i);
        let v = match &v {
            Value::Host(HostVal::Promise(p)) => match &*p.0 {
                Settled::Fulfilled(x) => x.clone(),
                Settled::Rejected(_) => return Err(Abort::unsupported("Promise.all of a rejected promise")),
            },
            _ if is_thenable(&v) => return Err(Abort::unsupported("Promise.all of a thenable object")),
            _ => v,
        };
        out.push(v);
    }
    let arr = crate::props::new_array(ctx, out)?;
    Ok(Value::promise(Promise::fulfilled(arr)))
}

/// `p.then(f, g)`: the callback `f` is run later by Node.js's microtasks, outside the
/// activation's event list, so the trace has no body for it: abort. Without a callable `f` the
/// result is a new promise fulfilled as `p` is (a rejected `p` aborts: see pass_fulfilled).
pub fn then(_ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let p = match this {
        Value::Host(HostVal::Promise(p)) => p,
        _ => return Err(Abort::unsupported("Promise.prototype.then on a value that is not a promise")),
    };
    // `then(undefined, g)` on a fulfilled promise runs nothing, as catch (below).
    if matches!(args.first(), Some(Value::Function(_))) {
        return Err(Abort::unsupported("a then callback (untraced)"));
    }
    pass_fulfilled(p)
}

/// `p.catch(g)`: on a fulfilled promise `g` never runs (no trace of it is needed) and the result
/// is a new promise fulfilled with the same value; on a rejected one `g` would run: abort.
pub fn catch(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    match this {
        Value::Host(HostVal::Promise(p)) => pass_fulfilled(p),
        _ => Err(Abort::unsupported("Promise.prototype.catch on a value that is not a promise")),
    }
}

fn pass_fulfilled(p: &Promise) -> R<Value> {
    match &*p.0 {
        Settled::Fulfilled(v) => Ok(Value::promise(Promise::fulfilled(v.clone()))),
        // A new rejected promise nothing may handle: Node.js would report it, native code not.
        Settled::Rejected(_) => Err(Abort::unsupported("then of a rejected promise")),
    }
}

/// The receiver of `p.then(cb)` compiled with its traced callback (emit_closures.cc): the value
/// of a fulfilled promise. A rejected one aborts (the callback would not run; the rejection is
/// Node.js's), and a receiver that is not a promise of this crate fails the guard.
pub fn then_receiver(this: &Value, site: u32) -> R<Value> {
    match this {
        Value::Host(HostVal::Promise(p)) => match &*p.0 {
            Settled::Fulfilled(v) => Ok(v.clone()),
            Settled::Rejected(_) => Err(Abort::unsupported("then of a rejected promise")),
        },
        _ => Err(Abort::guard(Some(site), "Promise.prototype.then on a value that is not a promise")),
    }
}

/// The receiver of `p.then(cb)` whose result is not awaited at once, compiled with its traced
/// callback run now rather than later from a microtask (emit_closures.cc, only for callbacks with
/// no effect, no captures and nothing they could read that the activation changes meanwhile).
/// Exact only when the value the callback gets is one nothing else may change or consume before
/// Node.js would run it: a primitive, or a Response no one else holds (the promise's is the only
/// reference: main never got it, so it cannot read the body first; a later `await p` comes after
/// the callback in Node.js too). Anything else aborts.
pub fn eager_then_receiver(this: &Value, site: u32) -> R<Value> {
    let p = match this {
        Value::Host(HostVal::Promise(p)) => p,
        _ => return Err(Abort::guard(Some(site), "Promise.prototype.then on a value that is not a promise")),
    };
    match &*p.0 {
        Settled::Fulfilled(v) => match v {
            Value::Undefined | Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => Ok(v.clone()),
            Value::Host(HostVal::Response(r)) if Rc::strong_count(r) == 1 => Ok(v.clone()),
            _ => Err(Abort::unsupported("a then callback run later in Node.js, of a value the activation may change first")),
        },
        Settled::Rejected(_) => Err(Abort::unsupported("then of a rejected promise")),
    }
}

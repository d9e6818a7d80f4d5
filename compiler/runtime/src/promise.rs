// Promises: settled when made (a host call suspends the activation at the call, not at the await), and `await`.
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

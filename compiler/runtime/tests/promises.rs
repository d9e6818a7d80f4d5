// The Promise built-ins (compiler/runtime/src/promise.rs): every promise of the crate is settled when made, so each answers at once, as Node.js's await of it would, or aborts.

use containerless_rt::prelude::*;
use containerless_rt::{json_stringify, AbortReason};

fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

fn call(ctx: &mut Ctx, name: &str, this: &Value, args: &[Value]) -> R<Value> {
    builtins::call(ctx, Builtin::from_name(name).expect(name), this, args)
}

fn settled(ctx: &mut Ctx, v: Value) -> R<Value> {
    promise::settle(ctx, v)
}

fn fulfilled(v: Value) -> Value {
    Value::promise(promise::Promise::fulfilled(v))
}

#[test]
fn the_promise_global_has_resolve_reject_and_all() {
    let mut ctx = act();
    let p = global(&mut ctx, "Promise").unwrap();
    assert_eq!(p.typeof_str(), "function");
    for (key, name) in [("resolve", "Promise.resolve"), ("reject", "Promise.reject"), ("all", "Promise.all")] {
        let f = ops::get(&mut ctx, &p, &Value::str(key)).unwrap();
        assert!(f.is_builtin(Builtin::from_name(name).unwrap()), "{}", key);
    }
    // Promise() itself (and `new Promise`, whose executor the trace lacks) is left to Node.js.
    assert_eq!(call(&mut ctx, "Promise", &Value::Undefined, &[]).unwrap_err().reason, AbortReason::Unsupported);
}

#[test]
fn resolve_gives_a_promise_itself_and_a_fulfilled_promise_of_any_other_value() {
    let mut ctx = act();
    let r = call(&mut ctx, "Promise.resolve", &Value::Undefined, &[Value::Number(2.0)]).unwrap();
    assert_eq!(r.typeof_str(), "object");
    assert_eq!(settled(&mut ctx, r.clone()).unwrap().as_number(), Some(2.0));
    // Promise.resolve(p) === p for a native promise.
    let again = call(&mut ctx, "Promise.resolve", &Value::Undefined, &[r.clone()]).unwrap();
    assert!(matches!(ops::strict_eq(&mut ctx, &r, &again).unwrap(), Value::Bool(true)));
    let none = call(&mut ctx, "Promise.resolve", &Value::Undefined, &[]).unwrap();
    assert!(matches!(settled(&mut ctx, none).unwrap(), Value::Undefined));
}

#[test]
fn resolve_and_all_abort_on_a_thenable() {
    let mut ctx = act();
    let thenable = ObjBuilder::new(&mut ctx).unwrap();
    let o = thenable.finish();
    ops::set(&mut ctx, &o, &Value::str("then"), Value::builtin(Builtin::from_name("String").unwrap())).unwrap();
    assert_eq!(call(&mut ctx, "Promise.resolve", &Value::Undefined, &[o.clone()]).unwrap_err().reason, AbortReason::Unsupported);
    let arr = props_array(&mut ctx, vec![o]);
    assert_eq!(call(&mut ctx, "Promise.all", &Value::Undefined, &[arr]).unwrap_err().reason, AbortReason::Unsupported);
}

fn props_array(ctx: &mut Ctx, items: Vec<Value>) -> Value {
    let mut b = ArrBuilder::new(ctx).unwrap();
    for v in items {
        b.item(v);
    }
    b.finish(ctx).unwrap()
}

#[test]
fn all_settles_at_once_with_the_values_in_order() {
    let mut ctx = act();
    let arr = props_array(&mut ctx, vec![Value::Number(1.0), fulfilled(Value::str("b")), Value::Null]);
    let p = call(&mut ctx, "Promise.all", &Value::Undefined, &[arr]).unwrap();
    let v = settled(&mut ctx, p).unwrap();
    assert_eq!(json_stringify::stringify_utf8(&mut ctx, &v).unwrap().unwrap(), "[1,\"b\",null]");
    // Not an array (another iterable), or a rejected element (whose rejection wins in Node.js is
    // a matter of timing): left to Node.js.
    assert_eq!(call(&mut ctx, "Promise.all", &Value::Undefined, &[Value::str("ab")]).unwrap_err().reason, AbortReason::Unsupported);
    let rejected = Value::promise(promise::Promise::rejected("TypeError: x"));
    let arr = props_array(&mut ctx, vec![rejected]);
    assert_eq!(call(&mut ctx, "Promise.all", &Value::Undefined, &[arr]).unwrap_err().reason, AbortReason::Unsupported);
}

#[test]
fn reject_is_left_to_node() {
    let mut ctx = act();
    assert_eq!(call(&mut ctx, "Promise.reject", &Value::Undefined, &[Value::Number(1.0)]).unwrap_err().reason, AbortReason::Unsupported);
}

#[test]
fn then_and_catch_without_a_callback_to_run_pass_the_value_on_and_abort_otherwise() {
    let mut ctx = act();
    let p = fulfilled(Value::Number(5.0));
    let f = Value::builtin(Builtin::from_name("String").unwrap());
    // then(f): f runs later in Node.js; the crate does not run it (the compiler does, for a traced
    // callback awaited at once).
    assert_eq!(call(&mut ctx, "Promise.prototype.then", &p, &[f.clone()]).unwrap_err().reason, AbortReason::Unsupported);
    // then(undefined, g) and catch(g) of a fulfilled promise run nothing: a new promise of the value.
    let t = call(&mut ctx, "Promise.prototype.then", &p, &[Value::Undefined, f.clone()]).unwrap();
    assert!(matches!(ops::strict_eq(&mut ctx, &t, &p).unwrap(), Value::Bool(false)));
    assert_eq!(settled(&mut ctx, t).unwrap().as_number(), Some(5.0));
    let c = call(&mut ctx, "Promise.prototype.catch", &p, &[f.clone()]).unwrap();
    assert_eq!(settled(&mut ctx, c).unwrap().as_number(), Some(5.0));
    // Of a rejected promise: the callback would run (catch), or an unhandled rejection would be
    // made (then): abort.
    let rejected = Value::promise(promise::Promise::rejected("TypeError: x"));
    assert_eq!(call(&mut ctx, "Promise.prototype.catch", &rejected, &[f.clone()]).unwrap_err().reason, AbortReason::Unsupported);
    assert_eq!(call(&mut ctx, "Promise.prototype.then", &rejected, &[]).unwrap_err().reason, AbortReason::Unsupported);
    // Members of a promise: then and catch are these built-ins.
    let then = ops::get(&mut ctx, &p, &Value::str("then")).unwrap();
    assert!(then.is_builtin(Builtin::from_name("Promise.prototype.then").unwrap()));
}

#[test]
fn then_receiver_gives_the_value_of_a_fulfilled_promise() {
    assert_eq!(promise::then_receiver(&fulfilled(Value::Number(3.0)), 7).unwrap().as_number(), Some(3.0));
    let rejected = Value::promise(promise::Promise::rejected("TypeError: x"));
    assert_eq!(promise::then_receiver(&rejected, 7).unwrap_err().reason, AbortReason::Unsupported);
    assert_eq!(promise::then_receiver(&Value::Number(1.0), 7).unwrap_err().reason, AbortReason::Guard);
}

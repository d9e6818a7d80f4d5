// Object.getPrototypeOf and the Object.prototype / Array.prototype values a for...in lowering compares it with (docs/trace-ir.md).

use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify};

fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn proto_of(ctx: &mut Ctx, v: Value) -> R<Value> {
    builtins::call(ctx, Builtin::ObjectGetPrototypeOf, &Value::Undefined, &[v])
}

fn member(ctx: &mut Ctx, global_name: &str, key: &str) -> Value {
    let g = global(ctx, global_name).unwrap();
    ops::get(ctx, &g, &s(key)).unwrap()
}

fn same(ctx: &mut Ctx, a: &Value, b: &Value) -> bool {
    matches!(ops::strict_eq(ctx, a, b).unwrap(), Value::Bool(true))
}

#[test]
fn prototypes_of_plain_objects_and_arrays_are_the_global_ones() {
    let mut ctx = act();
    let op = member(&mut ctx, "Object", "prototype");
    let ap = member(&mut ctx, "Array", "prototype");
    assert!(!same(&mut ctx, &op, &ap));
    let again = member(&mut ctx, "Object", "prototype");
    assert!(same(&mut ctx, &op, &again), "one object per thread");
    let obj = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    let arr = json_parse::parse_utf8(&mut ctx, "[1,2]").unwrap();
    let p = proto_of(&mut ctx, obj).unwrap();
    assert!(same(&mut ctx, &p, &op));
    let p = proto_of(&mut ctx, arr).unwrap();
    assert!(same(&mut ctx, &p, &ap));
    // The chain: Array.prototype -> Object.prototype -> null.
    let p = proto_of(&mut ctx, ap.clone()).unwrap();
    assert!(same(&mut ctx, &p, &op));
    assert!(matches!(proto_of(&mut ctx, op.clone()).unwrap(), Value::Null));
}

#[test]
fn other_receivers_abort_or_throw() {
    let mut ctx = act();
    for v in [s("x"), Value::Number(1.0), Value::Bool(true), Value::builtin(Builtin::MathMax)] {
        assert_eq!(proto_of(&mut ctx, v).unwrap_err().reason, AbortReason::Unsupported);
    }
    let math = global(&mut ctx, "Math").unwrap();
    assert_eq!(proto_of(&mut ctx, math).unwrap_err().reason, AbortReason::Unsupported);
    for v in [Value::Undefined, Value::Null] {
        let e = proto_of(&mut ctx, v).unwrap_err();
        assert_eq!(e.reason, AbortReason::Throw);
        assert_eq!(e.detail, "TypeError: Cannot convert undefined or null to object");
    }
}

#[test]
fn the_prototype_values_are_exact_or_abort() {
    let mut ctx = act();
    let op = member(&mut ctx, "Object", "prototype");
    let ap = member(&mut ctx, "Array", "prototype");
    // Their members are the built-ins.
    assert!(ops::get(&mut ctx, &op, &s("hasOwnProperty")).unwrap().is_builtin(Builtin::ObjectPrototypeHasOwnProperty));
    assert!(ops::get(&mut ctx, &ap, &s("push")).unwrap().is_builtin(Builtin::ArrayPrototypePush));
    // Array.isArray(Array.prototype) is true; Object.prototype.toString tags them as V8 does.
    let r = builtins::call(&mut ctx, Builtin::ArrayIsArray, &Value::Undefined, &[ap.clone()]).unwrap();
    assert!(matches!(r, Value::Bool(true)));
    let r = builtins::call(&mut ctx, Builtin::ArrayIsArray, &Value::Undefined, &[op.clone()]).unwrap();
    assert!(matches!(r, Value::Bool(false)));
    for (v, want) in [(&op, "[object Object]"), (&ap, "[object Array]")] {
        let t = builtins::call(&mut ctx, Builtin::ObjectPrototypeToString, v, &[]).unwrap();
        assert!(t.as_jsstr().unwrap().eq_str(want));
    }
    assert_eq!(op.typeof_str(), "object");
    // What native code cannot answer exactly aborts: writes, keys, JSON, inspection, `in`.
    assert!(ops::set(&mut ctx, &op, &s("x"), Value::Null).is_err());
    assert!(builtins::call(&mut ctx, Builtin::ObjectKeys, &Value::Undefined, &[ap.clone()]).is_err());
    assert!(json_stringify::stringify_utf8(&mut ctx, &op).is_err());
    assert!(ops::in_(&mut ctx, &s("x"), &op).is_err());
    assert!(ops::get(&mut ctx, &ap, &s("length")).is_err());
}

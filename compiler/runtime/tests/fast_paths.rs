// The performance fast paths of property, element, call and operator access (docs/compiler.md
// "Performance") give exactly the generic paths' answers; numbers, strings and JSON are in
// fast_paths_text.rs.

mod common;

use common::{act, json, same};
use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify, Arr};

/// Receivers of every kind the fast paths tell apart: a record (with a numeric key and keys that
/// shadow methods), arrays of numbers and of booleans, strings, primitives, the namespaces, a user
/// function and a built-in one.
fn receivers(ctx: &mut Ctx) -> Vec<Value> {
    vec![
        json_parse::parse_utf8(ctx, r#"{"a":1,"length":7,"push":2,"0":"zero","floor":3}"#).unwrap(),
        json_parse::parse_utf8(ctx, r#"[10,20,30]"#).unwrap(),
        json_parse::parse_utf8(ctx, r#"[true,false]"#).unwrap(),
        Value::str("héllo"),
        Value::str(""),
        Value::Number(1.5),
        Value::Bool(true),
        Value::Undefined,
        Value::Null,
        global(ctx, "Math").unwrap(),
        global(ctx, "console").unwrap(),
        global(ctx, "JSON").unwrap(),
        global(ctx, "Object").unwrap(),
        Value::Function(Func::User(3)),
        Value::Function(Func::Builtin(Builtin::ArrayPrototypePush)),
    ]
}

#[test]
fn get_named_answers_as_get_key() {
    let mut ctx = act();
    let receivers = receivers(&mut ctx);
    let names = [
        "a",
        "length",
        "push",
        "0",
        "2",
        "7",
        "missing",
        "toString",
        "constructor",
        "__proto__",
        "slice",
        "floor",
        "log",
        "stringify",
        "keys",
        "PI",
        "map",
        "charCodeAt",
        "toFixed",
        "call",
        "",
    ];
    for r in &receivers {
        for n in names {
            let name = PropName::new(n);
            let fast = ops::get_named(&mut ctx, r, &name);
            let generic = ops::get_key(&mut ctx, r, &JsStr::from_str(n));
            assert!(same(&mut ctx, fast, generic), "get_named differs for {:?}.{}", r.type_tag(), n);
        }
    }
}

#[test]
fn get_named_is_builtin_answers_as_get_named_then_the_guard() {
    // The fused callee guard (`xs.push(x)` whose method read has no other use) against the
    // read it replaces followed by the guard's test, for every receiver, name and expected
    // built-in (a matching one, another one, and none at all).
    let mut ctx = act();
    let receivers = receivers(&mut ctx);
    let names = [
        "push",
        "pop",
        "length",
        "charCodeAt",
        "slice",
        "floor",
        "log",
        "stringify",
        "keys",
        "a",
        "0",
        "missing",
        "toString",
        "call",
        "",
    ];
    let expected = [
        None,
        Builtin::from_name("Array.prototype.push"),
        Builtin::from_name("Array.prototype.pop"),
        Builtin::from_name("String.prototype.charCodeAt"),
        Builtin::from_name("String.prototype.slice"),
        Builtin::from_name("Math.floor"),
        Builtin::from_name("console.log"),
        Builtin::from_name("JSON.stringify"),
        Builtin::from_name("Object.keys"),
    ];
    assert!(expected[1..].iter().all(|b| b.is_some()));
    let mut matched = 0;
    for r in &receivers {
        for n in names {
            let name = PropName::new(n);
            for b in expected {
                let fused = ops::get_named_is_builtin(&mut ctx, r, &name, b);
                let read = ops::get_named(&mut ctx, r, &name);
                match (fused, read) {
                    (Ok(is), Ok(f)) => {
                        let guard = b.filter(|b| f.is_builtin(*b)).is_some();
                        assert_eq!(is, guard, "{:?}.{} against {:?}", r.type_tag(), n, b);
                        matched += is as usize;
                    }
                    (Err(x), Err(y)) => assert!(x.reason == y.reason && x.detail == y.detail),
                    (x, y) => panic!("{:?}.{}: {:?} but {:?}", r.type_tag(), n, x.is_ok(), y.is_ok()),
                }
            }
        }
    }
    // push, pop on both arrays; charCodeAt, slice on both strings; floor, log, stringify, keys.
    assert_eq!(matched, 12);

    // A host namespace read as a global (`Math.floor(x)`) against reading the global first.
    let mut matched = 0;
    for g in ["Math", "JSON", "console", "Object", "Array", "undefined", "NaN", "nosuchglobal"] {
        for n in names {
            let name = PropName::new(n);
            for b in expected {
                let fused = ops::global_member_is_builtin(&mut ctx, g, &name, b);
                let read = global(&mut ctx, g).and_then(|v| ops::get_named(&mut ctx, &v, &name));
                match (fused, read) {
                    (Ok(is), Ok(f)) => {
                        let guard = b.filter(|b| f.is_builtin(*b)).is_some();
                        assert_eq!(is, guard, "{}.{} against {:?}", g, n, b);
                        matched += is as usize;
                    }
                    (Err(x), Err(y)) => assert!(x.reason == y.reason && x.detail == y.detail),
                    (x, y) => panic!("{}.{}: {:?} but {:?}", g, n, x.is_ok(), y.is_ok()),
                }
            }
        }
    }
    // Math.floor, console.log, JSON.stringify, Object.keys.
    assert_eq!(matched, 4);
}

#[test]
fn set_named_answers_as_set_key() {
    let mut ctx = act();
    let o = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    ops::set_named(&mut ctx, &o, &PropName::new("b"), Value::Number(2.0)).unwrap();
    ops::set_named(&mut ctx, &o, &PropName::new("a"), Value::Number(3.0)).unwrap();
    assert_eq!(json(&mut ctx, &o), r#"{"a":3,"b":2}"#);
    let a = json_parse::parse_utf8(&mut ctx, "[1]").unwrap();
    ops::set_named(&mut ctx, &a, &PropName::new("2"), Value::Null).unwrap();
    assert_eq!(json(&mut ctx, &a), "[1,null,null]");
    assert!(ops::set_named(&mut ctx, &a, &PropName::new("x"), Value::Null).is_err());
    assert!(ops::set_named(&mut ctx, &Value::Undefined, &PropName::new("x"), Value::Null).is_err());
}

#[test]
fn char_code_at_and_push_one_answer_as_the_builtins() {
    let mut ctx = act();
    let s = Value::str("a😀b");
    for i in [
        Value::Number(0.0),
        Value::Number(1.0),
        Value::Number(3.0),
        Value::Number(4.0),
        Value::Number(-1.0),
        Value::Number(1.5),
        Value::Number(f64::NAN),
        Value::str("2"),
        Value::Undefined,
    ] {
        let fast = ops::char_code_at(&mut ctx, &s, &i);
        let generic = builtins::call(&mut ctx, Builtin::StringPrototypeCharCodeAt, &s, &[i.clone()]);
        assert!(same(&mut ctx, fast, generic));
    }
    let n = Value::Number(12.0);
    let fast = ops::char_code_at(&mut ctx, &n, &Value::Number(1.0));
    let generic = builtins::call(&mut ctx, Builtin::StringPrototypeCharCodeAt, &n, &[Value::Number(1.0)]);
    assert!(same(&mut ctx, fast, generic));

    let a = json_parse::parse_utf8(&mut ctx, "[1]").unwrap();
    assert_eq!(ops::push_one(&mut ctx, &a, Value::Null).unwrap().as_number(), Some(2.0));
    assert_eq!(json(&mut ctx, &a), "[1,null]");
    assert!(ops::push_one(&mut ctx, &Value::Number(1.0), Value::Null).is_err());
}

#[test]
fn push_one_void_does_what_push_one_does() {
    // `xs.push(v);` as a statement against push_one on a twin array: the same elements (packed
    // numbers, packed booleans, a value that unpacks them, holes), and the same abort for a
    // receiver that is not an array (a frozen array is in builtins' hands: both go there).
    let mut ctx = act();
    let texts = ["[]", "[1,2]", "[true]", "[1,\"x\"]", "[null,{}]"];
    let values = [Value::Number(3.0), Value::Bool(false), Value::str("s"), Value::Null, Value::Number(-0.0)];
    for t in texts {
        for v in &values {
            let fast = json_parse::parse_utf8(&mut ctx, t).unwrap();
            let generic = json_parse::parse_utf8(&mut ctx, t).unwrap();
            for _ in 0..3 {
                ops::push_one_void(&mut ctx, &fast, v.clone()).unwrap();
                ops::push_one(&mut ctx, &generic, v.clone()).unwrap();
            }
            assert_eq!(json(&mut ctx, &fast), json(&mut ctx, &generic), "{} after pushing {:?}", t, v.type_tag());
            let n = PropName::new("length");
            let (a, b) = (ops::get_named(&mut ctx, &fast, &n), ops::get_named(&mut ctx, &generic, &n));
            assert!(same(&mut ctx, a, b));
        }
    }
    for r in [Value::Number(1.0), Value::str("ab"), Value::Undefined, json_parse::parse_utf8(&mut ctx, "{}").unwrap()] {
        let fast = ops::push_one_void(&mut ctx, &r, Value::Null).map(|_| Value::Undefined);
        let generic = ops::push_one(&mut ctx, &r, Value::Null).map(|_| Value::Undefined);
        assert!(same(&mut ctx, fast, generic), "{:?}", r.type_tag());
    }
}

#[test]
fn unboxing_guards_abort_on_other_values() {
    assert_eq!(ops::as_f64(Value::Number(-0.0)).unwrap().to_bits(), (-0.0f64).to_bits());
    assert!(ops::as_bool(Value::Bool(true)).unwrap());
    let e = ops::as_f64(Value::Undefined).unwrap_err();
    assert_eq!(e.reason, AbortReason::Guard);
    assert!(ops::as_bool(Value::Number(1.0)).is_err());
}

/// Runs `f` on a packed array of numbers, one of booleans, and the same arrays built generic
/// (a string first, then removed), and checks all give `want` as JSON.
fn on_all_kinds(want: &str, items: &[Value], f: impl Fn(&mut Ctx, &Value) -> Value) {
    let mut ctx = act();
    let packed = Value::Array(Arr::from_values(&mut ctx, items.to_vec()).unwrap());
    let generic = Value::Array(Arr::from_values(&mut ctx, vec![Value::str("x")]).unwrap());
    builtins::call(&mut ctx, Builtin::ArrayPrototypePop, &generic, &[]).unwrap();
    for v in items {
        ops::push_one(&mut ctx, &generic, v.clone()).unwrap();
    }
    for a in [packed, generic] {
        let r = f(&mut ctx, &a);
        let both = Value::Array(Arr::from_values(&mut ctx, vec![a.clone(), r]).unwrap());
        let text = json(&mut ctx, &both);
        assert_eq!(text, want);
    }
}

#[test]
fn packed_arrays_answer_as_generic_ones() {
    let nums = [Value::Number(1.0), Value::Number(-0.0), Value::Number(f64::NAN), Value::Number(2.5)];
    let bools = [Value::Bool(true), Value::Bool(false)];
    // Reads, searches and stringification.
    on_all_kinds(r#"[[1,0,null,2.5],true]"#, &nums, |ctx, a| {
        builtins::call(ctx, Builtin::ArrayPrototypeIncludes, a, &[Value::Number(f64::NAN)]).unwrap()
    });
    on_all_kinds(r#"[[1,0,null,2.5],1]"#, &nums, |ctx, a| {
        builtins::call(ctx, Builtin::ArrayPrototypeIndexOf, a, &[Value::Number(0.0)]).unwrap()
    });
    on_all_kinds(r#"[[true,false],false]"#, &bools, |ctx, a| ops::get(ctx, a, &Value::Number(1.0)).unwrap());
    on_all_kinds(r#"[[true,false],null]"#, &bools, |ctx, a| {
        let v = ops::get(ctx, a, &Value::Number(7.0)).unwrap();
        assert!(matches!(v, Value::Undefined));
        Value::Null
    });
    // Writes of the same kind, of another kind, past the end, holes and length.
    on_all_kinds(r#"[[1,0,7,2.5],null]"#, &nums, |ctx, a| {
        ops::set(ctx, a, &Value::Number(2.0), Value::Number(7.0)).unwrap();
        Value::Null
    });
    on_all_kinds(r#"[[1,"s",null,2.5],null]"#, &nums, |ctx, a| {
        ops::set(ctx, a, &Value::Number(1.0), Value::str("s")).unwrap();
        Value::Null
    });
    on_all_kinds(r#"[[true,false,null,null,true],false]"#, &bools, |ctx, a| {
        ops::set(ctx, a, &Value::Number(4.0), Value::Bool(true)).unwrap();
        ops::in_(ctx, &Value::Number(3.0), a).unwrap()
    });
    on_all_kinds(r#"[[true,false,true],true]"#, &bools, |ctx, a| {
        ops::set(ctx, a, &Value::Number(2.0), Value::Bool(true)).unwrap();
        ops::in_(ctx, &Value::Number(2.0), a).unwrap()
    });
    on_all_kinds(r#"[[1,0,null],5]"#, &nums, |ctx, a| {
        ops::set_named(ctx, a, &PropName::new("length"), Value::Number(5.0)).unwrap();
        let n = ops::get_named(ctx, a, &PropName::new("length")).unwrap();
        ops::set_named(ctx, a, &PropName::new("length"), Value::Number(3.0)).unwrap();
        n
    });
    on_all_kinds(r#"[[true,null],true]"#, &bools, |ctx, a| {
        ops::delete(ctx, a, &Value::Number(1.0)).unwrap();
        ops::in_(ctx, &Value::Number(0.0), a).unwrap()
    });
    // Mutating built-ins.
    on_all_kinds(r#"[[2.5,null,0,1],null]"#, &nums, |ctx, a| {
        builtins::call(ctx, Builtin::ArrayPrototypeReverse, a, &[]).unwrap();
        Value::Null
    });
    on_all_kinds(r#"[[1,0,null],2.5]"#, &nums, |ctx, a| {
        builtins::call(ctx, Builtin::ArrayPrototypePop, a, &[]).unwrap()
    });
    on_all_kinds(r#"[[9,1,0,null,2.5],5]"#, &nums, |ctx, a| {
        builtins::call(ctx, Builtin::ArrayPrototypeUnshift, a, &[Value::Number(9.0)]).unwrap()
    });
    on_all_kinds(r#"[[false,true],"false,true"]"#, &bools, |ctx, a| {
        builtins::call(ctx, Builtin::ArrayPrototypeSort, a, &[]).unwrap();
        builtins::call(ctx, Builtin::ArrayPrototypeJoin, a, &[]).unwrap()
    });
}

#[test]
fn typed_operators_answer_as_the_boxed_ones() {
    let mut ctx = act();
    let values = [
        Value::Number(7.0),
        Value::Number(-0.0),
        Value::Number(f64::NAN),
        Value::str("3"),
        Value::str("abc"),
        Value::Bool(true),
        Value::Undefined,
        Value::Null,
    ];
    type Boxed = fn(&mut Ctx, &Value, &Value) -> R<Value>;
    type F64 = fn(&mut Ctx, &Value, &Value) -> R<f64>;
    type Bool = fn(&mut Ctx, &Value, &Value) -> R<bool>;
    let numeric: [(Boxed, F64); 4] =
        [(ops::sub, ops::sub_f64), (ops::mul, ops::mul_f64), (ops::div, ops::div_f64), (ops::rem, ops::rem_f64)];
    let relational: [(Boxed, Bool); 6] = [
        (ops::lt, ops::lt_bool),
        (ops::gt, ops::gt_bool),
        (ops::le, ops::le_bool),
        (ops::ge, ops::ge_bool),
        (ops::strict_eq, ops::strict_eq_bool),
        (ops::strict_ne, ops::strict_ne_bool),
    ];
    for a in &values {
        for b in &values {
            for (boxed, typed) in numeric {
                let want = boxed(&mut ctx, a, b).unwrap().as_number().unwrap();
                let got = typed(&mut ctx, a, b).unwrap();
                assert!(want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()));
            }
            for (boxed, typed) in relational {
                let want = matches!(boxed(&mut ctx, a, b).unwrap(), Value::Bool(true));
                assert_eq!(typed(&mut ctx, a, b).unwrap(), want);
            }
        }
    }
}

#[test]
fn object_literals_with_shared_keys_answer_as_with_fresh_ones() {
    let mut ctx = act();
    let (a, b) = (PropName::new("a"), PropName::new("b"));
    let mut fast = ObjBuilder::new(&mut ctx).unwrap();
    fast.prop_named(&mut ctx, &b, Value::Number(1.0)).unwrap();
    fast.prop_named(&mut ctx, &a, Value::Number(2.0)).unwrap();
    fast.prop_named(&mut ctx, &b, Value::Number(3.0)).unwrap();
    let fast = fast.finish();
    let mut slow = ObjBuilder::new(&mut ctx).unwrap();
    slow.prop(&mut ctx, "b", Value::Number(1.0)).unwrap();
    slow.prop(&mut ctx, "a", Value::Number(2.0)).unwrap();
    slow.prop(&mut ctx, "b", Value::Number(3.0)).unwrap();
    let slow = slow.finish();
    assert_eq!(json(&mut ctx, &fast), json(&mut ctx, &slow));
    let mut bad = ObjBuilder::new(&mut ctx).unwrap();
    assert!(bad.prop_named(&mut ctx, &PropName::new("__proto__"), Value::Null).is_err());
}

/// The receivers an unboxed element access can meet: packed numbers, packed booleans, the same
/// arrays generic, with a hole, a string, an object with index keys, undefined, a frozen array
/// and an array of module state (written from an activation).
fn element_receivers(ctx: &mut Ctx) -> Vec<Value> {
    let mut out = Vec::new();
    for text in ["[1.5,-0,7,null]", "[1.5,-0,7]", "[true,false,true]", "[1,\"x\",true]", "{\"0\":4,\"1\":true}"] {
        let v = json_parse::parse_utf8(ctx, text).unwrap();
        out.push(v);
    }
    let generic = Value::Array(Arr::from_values(ctx, vec![Value::str("x")]).unwrap());
    builtins::call(ctx, Builtin::ArrayPrototypePop, &generic, &[]).unwrap();
    for x in [3.0, 4.0] {
        ops::push_one(ctx, &generic, Value::Number(x)).unwrap();
    }
    out.push(generic);
    let holey = json_parse::parse_utf8(ctx, "[1,2]").unwrap();
    ops::set(ctx, &holey, &Value::Number(3.0), Value::Number(9.0)).unwrap();
    out.push(holey);
    let frozen = json_parse::parse_utf8(ctx, "[1,2]").unwrap();
    builtins::call(ctx, Builtin::ObjectFreeze, &Value::Undefined, &[frozen.clone()]).unwrap();
    out.push(frozen);
    let mut module = Ctx::for_module(Limits::default());
    out.push(json_parse::parse_utf8(&mut module, "[1,2]").unwrap());
    out.push(json_parse::parse_utf8(&mut module, "[true]").unwrap());
    out.push(Value::str("ab"));
    out.push(Value::Undefined);
    out
}

const ELEMENT_INDICES: [f64; 9] = [0.0, -0.0, 1.0, 2.0, 3.0, 7.0, -1.0, 0.5, f64::NAN];

#[test]
fn unboxed_element_reads_answer_as_get_and_the_guard() {
    let mut ctx = act();
    for r in element_receivers(&mut ctx) {
        for i in ELEMENT_INDICES {
            let generic = ops::get(&mut ctx, &r, &Value::Number(i));
            let want_f64 = generic.clone().and_then(ops::as_f64).map(Value::Number);
            let want_bool = generic.and_then(ops::as_bool).map(Value::Bool);
            let got_f64 = ops::get_index_f64(&mut ctx, &r, i).map(Value::Number);
            let got_bool = ops::get_index_bool(&mut ctx, &r, i).map(Value::Bool);
            assert!(same(&mut ctx, got_f64, want_f64), "get_index_f64 differs for {} [{}]", json(&mut ctx, &r), i);
            assert!(same(&mut ctx, got_bool, want_bool), "get_index_bool differs for {} [{}]", json(&mut ctx, &r), i);
        }
    }
}

#[test]
fn unboxed_element_writes_answer_as_set() {
    // Each write on a fresh copy of each receiver, through the fast form and through ops::set:
    // the same outcome and the same array afterwards.
    let values = [Value::Number(2.5), Value::Number(-0.0), Value::Bool(true), Value::Bool(false)];
    for i in ELEMENT_INDICES.iter().copied().chain([4.0, 100.0]) {
        for v in &values {
            let mut ctx = act();
            let fast = element_receivers(&mut ctx);
            let slow = element_receivers(&mut ctx);
            for (a, b) in fast.iter().zip(slow.iter()) {
                let before = json_stringify::stringify_utf8(&mut ctx, a).unwrap();
                let got = match v {
                    Value::Number(x) => ops::set_index_f64(&mut ctx, a, i, *x),
                    Value::Bool(x) => ops::set_index_bool(&mut ctx, a, i, *x),
                    _ => unreachable!(),
                }
                .map(|_| Value::Null);
                let want = ops::set(&mut ctx, b, &Value::Number(i), v.clone()).map(|_| Value::Null);
                assert!(same(&mut ctx, got, want), "set differs for {:?} [{}] = {:?}", before, i, v);
                let (ta, tb) = (
                    json_stringify::stringify_utf8(&mut ctx, a).unwrap(),
                    json_stringify::stringify_utf8(&mut ctx, b).unwrap(),
                );
                assert_eq!(ta, tb, "after [{}] = {:?} on {:?}", i, v, before);
                // Reads after the write agree too (a packed array stays what its elements say).
                for j in ELEMENT_INDICES {
                    let x = ops::get(&mut ctx, a, &Value::Number(j));
                    let y = ops::get(&mut ctx, b, &Value::Number(j));
                    assert!(same(&mut ctx, x, y));
                }
            }
        }
    }
}

#[test]
fn length_into_an_unboxed_number_answers_as_get_named() {
    let mut ctx = act();
    let mut receivers = element_receivers(&mut ctx);
    receivers.push(json_parse::parse_utf8(&mut ctx, r#"{"length":"7"}"#).unwrap());
    receivers.push(json_parse::parse_utf8(&mut ctx, r#"{"length":7}"#).unwrap());
    // Own number properties are read in place (Obj::own_number): numbers, other values under
    // the same names, index keys, a frozen object, module state, the host namespaces (their
    // constants and methods), missing names and prototype misses.
    let plain = r#"{"price":-0,"qty":3.5,"id":"7","0":1e300,"n":null,"b":true,"o":{"price":1}}"#;
    receivers.push(json_parse::parse_utf8(&mut ctx, plain).unwrap());
    let frozen = json_parse::parse_utf8(&mut ctx, plain).unwrap();
    builtins::call(&mut ctx, Builtin::ObjectFreeze, &Value::Undefined, &[frozen.clone()]).unwrap();
    receivers.push(frozen);
    let mut module = Ctx::for_module(Limits::default());
    receivers.push(json_parse::parse_utf8(&mut module, plain).unwrap());
    for g in ["Math", "Number", "JSON", "console"] {
        receivers.push(global(&mut ctx, g).unwrap());
    }
    let names = [
        "length",
        "push",
        "0",
        "price",
        "qty",
        "id",
        "n",
        "b",
        "o",
        "nope",
        "toString",
        "PI",
        "MAX_SAFE_INTEGER",
        "floor",
    ];
    for n in names {
        let k = PropName::new(n);
        for r in &receivers {
            let want = ops::get_named(&mut ctx, r, &k).and_then(ops::as_f64).map(Value::Number);
            let got = ops::get_named_f64(&mut ctx, r, &k).map(Value::Number);
            assert!(same(&mut ctx, got, want), "get_named_f64 differs for {}.{}", json(&mut ctx, r), n);
        }
    }
}

#[test]
fn fuel_runs_out_on_exactly_the_same_tick_as_one_counter_per_tick() {
    // The reference: n units of fuel allow n ticks, the (n+1)-th aborts, and so does every
    // later one; the deadline is read every 1024 ticks (a deadline in the past aborts there).
    for fuel in [1u64, 2, 3, 1023, 1024, 1025, 2047, 2048, 2049, 5000] {
        let mut ctx = Ctx::for_activation(Limits { fuel, memory_bytes: 0, deadline_ms: 0 });
        for t in 1..=fuel + 3 {
            let r = ctx.tick(7);
            if t <= fuel {
                assert!(r.is_ok(), "fuel {}: tick {} aborted", fuel, t);
            } else {
                let e = r.unwrap_err();
                assert_eq!(e.reason, AbortReason::Fuel, "fuel {}: tick {}", fuel, t);
                assert_eq!(e.site, Some(7));
            }
        }
    }
    // A deadline already past is noticed at tick 1024, not before.
    let mut ctx = Ctx::for_activation(Limits { fuel: 0, memory_bytes: 0, deadline_ms: 1 });
    for t in 1..=2048u32 {
        let r = ctx.tick(3);
        if t < 1024 {
            assert!(r.is_ok(), "tick {} aborted", t);
        } else if t == 1024 {
            assert_eq!(r.unwrap_err().reason, AbortReason::Deadline);
            break;
        }
    }
}

#[test]
fn host_namespaces_kept_per_ctx_are_the_threads_own() {
    // Each Ctx keeps the thread's console/JSON/Math: identity holds across contexts, as it
    // did when every read went to the thread-local.
    let mut module = Ctx::for_module(Limits::default());
    let mut a = act();
    let mut b = act();
    for name in ["console", "JSON", "Math"] {
        let x = global(&mut module, name).unwrap();
        let y = global(&mut a, name).unwrap();
        let z = global(&mut b, name).unwrap();
        assert!(ops::strict_eq_bool(&mut a, &x, &y).unwrap(), "{}", name);
        assert!(ops::strict_eq_bool(&mut a, &y, &z).unwrap(), "{}", name);
    }
    let math = global(&mut a, "Math").unwrap();
    let json = global(&mut a, "JSON").unwrap();
    assert!(!ops::strict_eq_bool(&mut a, &math, &json).unwrap());
}

#[test]
fn push_of_numbers_and_booleans_answers_as_the_builtin() {
    // push_one/push_one_void decide a number's or a boolean's path before making any Value
    // (ops::push_value): against Array.prototype.push on twin receivers of every kind (packed
    // numbers and booleans, generic, holey, frozen, module state, not arrays), the same
    // answer or abort, and the same elements after.
    let values = [
        Value::Number(3.0),
        Value::Number(-0.0),
        Value::Number(f64::NAN),
        Value::Bool(true),
        Value::Bool(false),
        Value::str("s"),
        Value::Null,
    ];
    for v in &values {
        for statement in [false, true] {
            let mut ctx = act();
            let fast = element_receivers(&mut ctx);
            let generic = element_receivers(&mut ctx);
            for (f, g) in fast.iter().zip(generic.iter()) {
                for _ in 0..2 {
                    let got = if statement {
                        ops::push_one_void(&mut ctx, f, v.clone()).map(|_| Value::Undefined)
                    } else {
                        ops::push_one(&mut ctx, f, v.clone())
                    };
                    let want = builtins::call(&mut ctx, Builtin::ArrayPrototypePush, g, &[v.clone()]);
                    let want = if statement { want.map(|_| Value::Undefined) } else { want };
                    assert!(same(&mut ctx, got, want), "{:?} pushed onto {:?}", v.type_tag(), f.type_tag());
                }
                if let (Value::Array(_), Value::Array(_)) = (f, g) {
                    assert_eq!(json(&mut ctx, f), json(&mut ctx, g));
                    let n = PropName::new("length");
                    let (a, b) = (ops::get_named(&mut ctx, f, &n), ops::get_named(&mut ctx, g, &n));
                    assert!(same(&mut ctx, a, b));
                    // and the kind each stayed in answers element reads as the other's
                    for i in [0.0, 2.0, 3.0, 4.0] {
                        let (a, b) =
                            (ops::get(&mut ctx, f, &Value::Number(i)), ops::get(&mut ctx, g, &Value::Number(i)));
                        assert!(same(&mut ctx, a, b));
                    }
                }
            }
        }
    }
}

#[test]
fn parsed_keys_share_the_codes_names() {
    // JsStr::name interns a literal name (PropName keys); JSON.parse gives a key of the same
    // text that very buffer (JsStr::known_name), so lookups match by pointer. Only a speed-up:
    // names are equal to, hash like and answer as ordinary strings of the same units.
    let mut ctx = act();
    let score = PropName::new("score");
    let long = PropName::new("a name longer than fifteen units");
    let o = json_parse::parse_utf8(&mut ctx, r#"{"score":1,"scores":2,"a name longer than fifteen units":3,"x":4}"#)
        .unwrap();
    let keys = match &o {
        Value::Object(obj) => obj.borrow().ordered_keys(),
        _ => panic!("an object"),
    };
    assert!(JsStr::ptr_eq(&keys[0], score.key()));
    assert!(JsStr::ptr_eq(&keys[2], long.key()));
    assert!(!JsStr::ptr_eq(&keys[3], score.key()));
    assert_eq!(ops::get_named(&mut ctx, &o, &score).unwrap().as_number(), Some(1.0));
    assert_eq!(ops::get_named(&mut ctx, &o, &long).unwrap().as_number(), Some(3.0));
    assert!(JsStr::ptr_eq(&JsStr::name("score"), score.key()));
    assert!(JsStr::name("score") == JsStr::from_str("score"));
    assert!(JsStr::name("score") != JsStr::from_str("scorf"));
    assert!(JsStr::name("héllo😀") == JsStr::from_str("héllo😀"));
    assert!(JsStr::known_name(&JsStr::from_str("never named here").to_vec()).is_none());
    // A name's prefix view is an ordinary string of its units.
    let part = JsStr::name("scoreboard").slice(0, 5);
    assert!(part == JsStr::from_str("score") && part == *score.key());
    // A name is never appended to in place: `name + x` leaves the name as it was.
    let v = ops::add(&mut ctx, &Value::String(score.key().clone()), &Value::str("!")).unwrap();
    assert_eq!(json(&mut ctx, &v), "\"score!\"");
    assert_eq!(score.key().to_utf8_lossy(), "score");
}

/// A PropName remembers where it last found its key (a slot hint checked by a pointer compare):
/// one name used on objects of different shapes in turn, on objects whose keys moved (a delete),
/// on an object whose hinted slot is past its end, and through get_named, get_named_f64 and
/// set_named, answers as get_key/set_key each time.
#[test]
fn field_reads_answer_as_the_generic_path_on_other_receivers() {
    // get_field_f64 on what is not a plain object (a host namespace, an array, a string, a
    // primitive): get_named_f64's answer or abort, through the same generic path.
    let mut ctx = act();
    let receivers = [
        global(&mut ctx, "Math").unwrap(),
        json_parse::parse_utf8(&mut ctx, "[1,2]").unwrap(),
        Value::str("ab"),
        Value::Number(3.0),
        Value::Undefined,
    ];
    for name in ["PI", "length", "price", "0"] {
        let k = PropName::new(name);
        let key = JsStr::from_str(name);
        for o in receivers.iter() {
            let fast = ops::get_field_f64(&mut ctx, o, &k).map(Value::Number);
            let slow = ops::get_key(&mut ctx, o, &key).and_then(|v| ops::as_f64(v).map(Value::Number));
            assert!(same(&mut ctx, fast, slow), "{}.{}", o.type_tag(), name);
        }
    }
}

#[test]
fn slot_hints_answer_as_the_generic_paths() {
    let mut ctx = act();
    let texts = [
        r#"{"x":1,"price":2.5,"y":3}"#,
        r#"{"price":7,"x":1}"#,
        r#"{"a":1,"b":2,"c":3,"d":4,"price":"str"}"#,
        r#"{"p":1}"#,
        r#"{}"#,
        r#"{"x":1,"\u0070rice":9}"#,
        r#"{"pricey":1,"price":4}"#,
        // Keys of the same length in the hinted slot: only `price` itself may match.
        r#"{"apple":1,"price":2}"#,
        r#"{"price":5,"zebra":6}"#,
        r#"{"zebra":"z","apple":"a","price":8}"#,
        r#"{"zebra":"z","apple":"a"}"#,
    ];
    let price = PropName::new("price");
    let field = PropName::new("price");
    let key = JsStr::from_str("price");
    for round in 0..3 {
        for t in texts.iter() {
            let o = json_parse::parse_utf8(&mut ctx, t).unwrap();
            let fast = ops::get_named(&mut ctx, &o, &price);
            let slow = ops::get_key(&mut ctx, &o, &key);
            assert!(same(&mut ctx, fast, slow), "{} (round {})", t, round);
            let fast = ops::get_named_f64(&mut ctx, &o, &price).map(Value::Number);
            let slow = ops::get_key(&mut ctx, &o, &key).and_then(|v| ops::as_f64(v).map(Value::Number));
            assert!(same(&mut ctx, fast, slow), "{} (round {}, f64)", t, round);
            // get_field_f64 (its hit inline) with a hint of its own, left by the previous text.
            let fast = ops::get_field_f64(&mut ctx, &o, &field).map(Value::Number);
            let slow = ops::get_key(&mut ctx, &o, &key).and_then(|v| ops::as_f64(v).map(Value::Number));
            assert!(same(&mut ctx, fast, slow), "{} (round {}, field f64)", t, round);
            // Deleting a key before `price` moves it down a slot; the hint must not answer from
            // the old slot.
            let _ = ops::delete(&mut ctx, &o, &Value::str("x"));
            let fast = ops::get_field_f64(&mut ctx, &o, &field).map(Value::Number);
            let slow = ops::get_key(&mut ctx, &o, &key).and_then(|v| ops::as_f64(v).map(Value::Number));
            assert!(same(&mut ctx, fast, slow), "{} after delete (round {}, field f64)", t, round);
            let fast = ops::get_named(&mut ctx, &o, &price);
            let slow = ops::get_key(&mut ctx, &o, &key);
            assert!(same(&mut ctx, fast, slow), "{} after delete (round {})", t, round);
            let text = json(&mut ctx, &o);
            let twin = json_parse::parse_utf8(&mut ctx, &text).unwrap();
            ops::set_named(&mut ctx, &o, &price, Value::Number(round as f64)).unwrap();
            ops::set_key(&mut ctx, &twin, key.clone(), Value::Number(round as f64)).unwrap();
            assert_eq!(json(&mut ctx, &o), json(&mut ctx, &twin), "{} set (round {})", t, round);
        }
    }
}

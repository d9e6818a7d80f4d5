// The performance fast paths (docs/compiler.md "Performance") give exactly the generic paths' answers.

use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify, props, Arr, Obj};

fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

fn json(ctx: &mut Ctx, v: &Value) -> String {
    json_stringify::stringify_utf8(ctx, v).unwrap().unwrap()
}

/// The same outcome: both answers with the same JSON text (or both undefined), or both aborts
/// with the same reason and detail.
fn same(ctx: &mut Ctx, a: R<Value>, b: R<Value>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => {
            let kinds = x.type_tag() == y.type_tag();
            match (&x, &y) {
                (Value::Function(f), Value::Function(g)) => f == g,
                (Value::Number(m), Value::Number(n)) => m.to_bits() == n.to_bits() || (m.is_nan() && n.is_nan()),
                (Value::Undefined, Value::Undefined) => true,
                _ => kinds && json(ctx, &x) == json(ctx, &y),
            }
        }
        (Err(x), Err(y)) => x.reason == y.reason && x.detail == y.detail,
        _ => false,
    }
}

#[test]
fn get_named_answers_as_get_key() {
    let mut ctx = act();
    let receivers = [
        json_parse::parse_utf8(&mut ctx, r#"{"a":1,"length":7,"push":2,"0":"zero"}"#).unwrap(),
        json_parse::parse_utf8(&mut ctx, r#"[10,20,30]"#).unwrap(),
        Value::str("héllo"),
        Value::Number(1.5),
        Value::Bool(true),
        Value::Undefined,
        Value::Null,
        global(&mut ctx, "Math").unwrap(),
        global(&mut ctx, "console").unwrap(),
        global(&mut ctx, "JSON").unwrap(),
        global(&mut ctx, "Object").unwrap(),
        Value::Function(Func::User(3)),
    ];
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
    let receivers = [
        json_parse::parse_utf8(&mut ctx, r#"{"a":1,"length":7,"push":2,"floor":3}"#).unwrap(),
        json_parse::parse_utf8(&mut ctx, r#"[10,20,30]"#).unwrap(),
        json_parse::parse_utf8(&mut ctx, r#"[true,false]"#).unwrap(),
        Value::str("héllo"),
        Value::str(""),
        Value::Number(1.5),
        Value::Bool(true),
        Value::Undefined,
        Value::Null,
        global(&mut ctx, "Math").unwrap(),
        global(&mut ctx, "console").unwrap(),
        global(&mut ctx, "JSON").unwrap(),
        global(&mut ctx, "Object").unwrap(),
        Value::Function(Func::User(3)),
        Value::Function(Func::Builtin(Builtin::ArrayPrototypePush)),
    ];
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
fn integer_remainder_is_fmod() {
    let cases = [
        (7.0, 3.0),
        (-7.0, 3.0),
        (7.0, -3.0),
        (-4.0, 2.0),
        (-0.0, 5.0),
        (0.0, -5.0),
        (5.0, 0.0),
        (9007199254740991.0, 10.0),
        (9007199254740992.0, 7.0),
        (-9007199254740991.0, 4.0),
        (1e300, 7.0),
        (7.5, 2.0),
        (f64::INFINITY, 3.0),
        (3.0, f64::INFINITY),
        (f64::NAN, 3.0),
        (123456789.0, 1000000007.0),
    ];
    for (a, b) in cases {
        let fast = num::rem(a, b);
        let slow = a % b;
        assert!(
            fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()),
            "{} % {}: {} vs {}",
            a,
            b,
            fast,
            slow
        );
    }
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

#[test]
fn json_parse_shares_repeated_keys_without_changing_answers() {
    let mut ctx = act();
    let text = r#"[{"id":1,"n\u0061me":"x","id":2},{"name":"y","id":3,"k":{"id":4}},{"a_long_property_name_of_forty_units_xx":1,"a_long_property_name_of_forty_units_xx":2}]"#;
    let v = json_parse::parse_utf8(&mut ctx, text).unwrap();
    assert_eq!(
        json(&mut ctx, &v),
        r#"[{"id":2,"name":"x"},{"name":"y","id":3,"k":{"id":4}},{"a_long_property_name_of_forty_units_xx":2}]"#
    );
    assert!(json_parse::parse_utf8(&mut ctx, r#"{"a":1,"a"}"#).is_err());
    assert!(json_parse::parse_utf8(&mut ctx, "{\"a\n\":1}").is_err());
}

#[test]
fn string_concatenation_fast_path_keeps_views_immutable() {
    let mut ctx = act();
    let a = ops::add(&mut ctx, &Value::str("ab"), &Value::str("cd")).unwrap();
    let b = ops::add(&mut ctx, &a, &Value::str("e")).unwrap();
    let c = ops::add(&mut ctx, &a, &Value::str("f")).unwrap(); // a's buffer was extended by b
    let d = ops::add(&mut ctx, &b, &b).unwrap(); // the same buffer on both sides
    let all = Value::Array(Arr::from_values(&mut ctx, vec![a, b, c, d]).unwrap());
    assert_eq!(json(&mut ctx, &all), r#"["abcd","abcde","abcdf","abcdeabcde"]"#);
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
    for n in ["length", "push", "0"] {
        let k = PropName::new(n);
        for r in &receivers {
            let want = ops::get_named(&mut ctx, r, &k).and_then(ops::as_f64).map(Value::Number);
            let got = ops::get_named_f64(&mut ctx, r, &k).map(Value::Number);
            assert!(same(&mut ctx, got, want), "get_named_f64 differs for {}.{}", json(&mut ctx, r), n);
        }
    }
}

#[test]
fn floor_is_ieee_floor() {
    let mut cases = vec![
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.0,
        -1.0,
        1.5,
        -1.5,
        2.999999999999,
        -2.000000001,
        1e-300,
        -1e-300,
        4503599627370495.5,
        -4503599627370495.5,
        4503599627370496.0,
        -4503599627370497.0,
        9007199254740993.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        123456.789,
        -98765.4321,
    ];
    let mut bits: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..10000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        cases.push(f64::from_bits(bits));
        cases.push((bits % 2_000_000) as f64 / 7.0 - 100_000.0);
    }
    for x in cases {
        let (fast, ieee) = (num::floor(x), x.floor());
        assert!(
            fast.to_bits() == ieee.to_bits() || (fast.is_nan() && ieee.is_nan()),
            "floor({:e}): {} vs {}",
            x,
            fast,
            ieee
        );
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
fn short_strings_inline_answer_as_long_ones() {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let hash = |s: &JsStr| {
        let mut h = DefaultHasher::new();
        s.hash(&mut h);
        h.finish()
    };
    let ctx = act();
    let epoch = ctx.epoch();
    let text: Vec<u16> = "abcdefghijklmnopqrstuvwxyz0123456789é😀".encode_utf16().collect();
    for n in 0..text.len() {
        let want = &text[..n];
        // The same text made every way: from a slice, a Vec (never inline), UTF-8, piecewise
        // concatenation (inline, then past the inline size) and in-place appends.
        let mut built = JsStr::empty();
        let mut appended = JsStr::from_vec_in(Vec::new(), epoch);
        let mut views = Vec::new();
        for i in 0..n {
            built = built.concat(&JsStr::from_u16(&text[i..i + 1]));
            appended = appended.concat_in(&JsStr::from_u16(&text[i..i + 1]), epoch);
            views.push((appended.clone(), i + 1));
        }
        let forms = [
            JsStr::from_u16(want),
            JsStr::from_vec(want.to_vec()),
            JsStr::from_str(&String::from_utf16_lossy(want)),
            built,
            appended,
        ];
        for f in &forms {
            if String::from_utf16(want).is_ok() {
                assert_eq!(&*f.units(), want, "length {}", n);
                assert!(f == &forms[0] && hash(f) == hash(&forms[0]), "length {}", n);
                assert_eq!(f.len(), n);
            }
        }
        // Earlier views of the appended buffer still see only their own prefix.
        for (v, len) in views {
            assert_eq!(&*v.units(), &text[..len]);
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
fn integer_to_string_answers_as_number_to_string() {
    use containerless_rt::coerce::to_jsstr;
    let mut ctx = act();
    let mut cases = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        9.0,
        10.0,
        -10.0,
        123456789.0,
        -987654321.0,
        9007199254740991.0,
        -9007199254740991.0,
        9007199254740992.0,
        -9007199254740992.0,
        1e21,
        1e20,
        0.5,
        -0.5,
        1.5,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        4294967295.0,
    ];
    let mut bits: u64 = 0x2545F4914F6CDD1D;
    for _ in 0..20000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        cases.push(((bits >> 11) as i64 - (1i64 << 52)) as f64);
        cases.push((bits % 100_000) as f64 - 50_000.0);
    }
    for x in cases {
        let fast = to_jsstr(&mut ctx, &Value::Number(x)).unwrap();
        assert_eq!(fast.to_utf8_lossy(), num::to_js_string(x), "{:e}", x);
    }
}

#[test]
fn json_parse_on_its_stack_answers_as_property_by_property() {
    let mut ctx = act();
    // Duplicates (shared, escaped and long names), index keys, nesting of every kind, and
    // objects past the stacked size with duplicates on both sides of the move.
    let many: Vec<String> = (0..20).map(|i| format!("\"k{}\":{}", i, i)).collect();
    let big = format!("{{{},\"k0\":\"again\",\"k18\":\"late\",\"7\":7}}", many.join(","));
    let cases = [
        r#"{"id":1,"\u0069d":2,"id":3}"#.to_string(),
        r#"{"\u0069d":1,"id":2}"#.to_string(),
        r#"{"b":1,"2":2,"a":[],"1":{"x":[1,{"y":[[],{}]},true]},"b":null}"#.to_string(),
        r#"[{"a":[1,{"b":2},3],"c":{"d":[[]]}},[],{},[{}],"s",-0,1.5e3]"#.to_string(),
        big.clone(),
        format!("[{},{}]", big, big),
    ];
    for text in cases {
        let v = json_parse::parse_utf8(&mut ctx, &text).unwrap();
        // The reference: the same properties put one by one on an object, as JSON.parse did.
        let reference = reparse_by_put(&mut ctx, &v);
        assert_eq!(json(&mut ctx, &v), json(&mut ctx, &reference), "{}", text);
    }
    // Lookups in a parsed object with an index (more than 12 properties) and without.
    let v = json_parse::parse_utf8(&mut ctx, &big).unwrap();
    for (k, want) in [("k0", "\"again\""), ("k18", "\"late\""), ("k19", "19"), ("7", "7"), ("k20", "")] {
        let got = props::get_key(&mut ctx, &v, &JsStr::from_str(k)).unwrap();
        let text = json_stringify::stringify_utf8(&mut ctx, &got).unwrap().unwrap_or_default();
        assert_eq!(text, want, "{}", k);
    }
    assert!(json_parse::parse_utf8(&mut ctx, r#"{"a":1,"a":[}"#).is_err());
    assert!(json_parse::parse_utf8(&mut ctx, r#"[{"a":1},{"b":2,]"#).is_err());
}

/// A deep copy of parsed JSON made with Obj::put for each property (the generic path).
fn reparse_by_put(ctx: &mut Ctx, v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let out = Obj::new(ctx).unwrap();
            let entries = o.borrow().ordered_entries();
            for (k, x) in entries {
                let x = reparse_by_put(ctx, &x);
                out.put(ctx, k, x).unwrap();
            }
            Value::Object(out)
        }
        Value::Array(a) => {
            let items = a.borrow().items();
            let items = items.iter().map(|x| x.as_ref().map(|x| reparse_by_put(ctx, x))).collect();
            Value::Array(Arr::new(ctx, items).unwrap())
        }
        other => other.clone(),
    }
}

#[test]
fn json_stringify_fast_paths_answer_as_the_generic_text() {
    let mut ctx = act();
    // Integers written directly against Number::toString.
    for n in [0.0, -0.0, 7.0, -7.0, 1e15, 9007199254740991.0, -9007199254740991.0, 9007199254740992.0, 1e21, 0.5, -1e-7]
    {
        let want = num::to_js_string(n);
        assert_eq!(json(&mut ctx, &Value::Number(n)), want, "{}", n);
    }
    // Quoting with the plain run copied at once, against escaping unit by unit.
    let samples: Vec<Vec<u16>> = vec![
        "plain".encode_utf16().collect(),
        "a\"b\\c\nd\u{1}e".encode_utf16().collect(),
        "\u{1F600}x".encode_utf16().collect(),
        vec![0x61, 0xD800, 0x62],
        vec![0xDC00],
        vec![0x61, 0xD83D, 0xDE00, 0x0A],
        vec![],
    ];
    for units in samples {
        let mut fast = Vec::new();
        json_stringify::quote_into(&mut fast, &units);
        assert_eq!(fast, quote_unit_by_unit(&units), "{:?}", units);
    }
    // Objects read in place, with and without index keys, holes and packed arrays inside.
    let v = json_parse::parse_utf8(&mut ctx, r#"{"b":[1,2],"1":[true,false],"a":{"c":["x",null]},"0":1.25}"#).unwrap();
    assert_eq!(json(&mut ctx, &v), r#"{"0":1.25,"1":[true,false],"b":[1,2],"a":{"c":["x",null]}}"#);
    let holes = Value::Array(Arr::new(&mut ctx, vec![Some(Value::Number(1.0)), None, Some(Value::Undefined)]).unwrap());
    assert_eq!(json(&mut ctx, &holes), "[1,null,null]");
    // toJSON is found without making its name, with and without a property index.
    for extra in [0, 20] {
        let o = Obj::new(&mut ctx).unwrap();
        for i in 0..extra {
            o.put(&mut ctx, JsStr::from_str(&format!("p{}", i)), Value::Null).unwrap();
        }
        o.put(&mut ctx, JsStr::from_str("toJSON"), Value::builtin(Builtin::from_name("Math.floor").unwrap())).unwrap();
        let e = json_stringify::stringify(&mut ctx, &Value::Object(o), &Value::Undefined, &Value::Undefined);
        assert_eq!(e.unwrap_err().reason, AbortReason::Unsupported);
    }
}

/// QuoteJSONString as the specification writes it, one code unit at a time.
fn quote_unit_by_unit(s: &[u16]) -> Vec<u16> {
    let mut out = String::from("\"");
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            c if c < 0x20 => out.push_str(&format!("\\u{:04x}", c)),
            0xD800..=0xDBFF if i + 1 < s.len() && (0xDC00..=0xDFFF).contains(&s[i + 1]) => {
                out.push(char::decode_utf16([c, s[i + 1]]).next().unwrap().unwrap());
                i += 1;
            }
            0xD800..=0xDFFF => out.push_str(&format!("\\u{:04x}", c)),
            c => out.push(char::from_u32(c as u32).unwrap()),
        }
        i += 1;
    }
    out.push('"');
    out.encode_utf16().collect()
}

#[test]
fn string_plus_number_answers_as_string_plus_its_text() {
    let mut ctx = act();
    for n in [0.0, -0.0, 42.0, -7.5, 1e21, 1e-7, f64::NAN, f64::INFINITY, -f64::INFINITY] {
        let text = Value::str(&num::to_js_string(n));
        for s in [Value::str("item-"), Value::str(""), Value::str("a long prefix of many units")] {
            let fast = ops::add(&mut ctx, &s, &Value::Number(n));
            let generic = ops::add(&mut ctx, &s, &text);
            assert!(same(&mut ctx, fast, generic));
            let fast = ops::add(&mut ctx, &Value::Number(n), &s);
            let generic = ops::add(&mut ctx, &text, &s);
            assert!(same(&mut ctx, fast, generic));
        }
    }
    // Digits appended in place to a string this activation built, then to the same (now
    // shorter than its buffer) view again, which must copy; both views stay as they were.
    for prefix in ["ab", "a prefix longer than fifteen units"] {
        let p = ops::add(&mut ctx, &Value::str(prefix), &Value::str("cd")).unwrap();
        let a = ops::add(&mut ctx, &p, &Value::Number(-12.0)).unwrap();
        let b = ops::add(&mut ctx, &p, &Value::Number(345.0)).unwrap();
        let c = ops::add(&mut ctx, &a, &Value::Number(0.0)).unwrap();
        let all = Value::Array(Arr::from_values(&mut ctx, vec![p, a, b, c]).unwrap());
        let want = format!(r#"["{0}cd","{0}cd-12","{0}cd345","{0}cd-120"]"#, prefix);
        assert_eq!(json(&mut ctx, &all), want);
    }
}

#[test]
fn typed_char_code_at_answers_as_the_boxed_one() {
    let mut ctx = act();
    for this in [Value::str("a😀b"), Value::str(""), Value::Number(12.0), Value::Bool(true)] {
        for i in [0.0, 1.0, 2.0, 3.0, 4.0, -1.0, -0.0, 1.5, f64::NAN, f64::INFINITY, 4294967296.0] {
            let typed = ops::char_code_at_f64(&mut ctx, &this, i);
            let boxed = ops::char_code_at(&mut ctx, &this, &Value::Number(i)).and_then(ops::as_f64);
            match (typed, boxed) {
                (Ok(x), Ok(y)) => assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{:?} {}", this, i),
                (Err(x), Err(y)) => assert_eq!((x.reason, x.detail), (y.reason, y.detail)),
                (x, y) => panic!("{:?} {}: {:?} vs {:?}", this, i, x.is_ok(), y.is_ok()),
            }
        }
    }
}

/// Doubles to check number text on: short decimals, their products and sums, values around
/// the fast paths' limits, and random bit patterns (a fixed LCG, so failures reproduce).
fn sample_doubles() -> Vec<f64> {
    let mut xs = vec![
        0.1,
        0.2,
        0.1 + 0.2,
        0.3,
        1e-6,
        9.99e-7,
        1e-7,
        0.000123,
        999999999999999.9,
        1e15 - 0.5,
        1e15,
        123456.789,
        5e-324,
        1.7976931348623157e308,
        0.5,
        2.5,
        72.94 * 11.0,
        37.42 * 15.0,
        9007199254740993.0,
        4.35,
        0.07,
        1.005,
        100.0 / 3.0,
    ];
    for i in 1..3000 {
        let i = i as f64;
        xs.extend([i / 100.0, i / 1000.0, i * 0.01, i * 1.1, (i / 100.0) * 17.0, i / 7.0, 1.0 / i]);
    }
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20000 {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let x = f64::from_bits(s);
        if x.is_finite() {
            xs.push(x);
        }
        // And numbers of every magnitude near the fast path's range.
        let m = (s >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
        xs.push(m * 10f64.powi(((s >> 3) % 24) as i32 - 8));
    }
    xs.into_iter().flat_map(|x| [x, -x]).collect()
}

#[test]
fn short_decimals_print_as_the_shortest_round_trip() {
    for x in sample_doubles() {
        if x == 0.0 || (x == x.trunc() && x.abs() < 9007199254740992.0) {
            continue; // the integer path, tested above
        }
        assert_eq!(num::to_js_string(x), num::to_js_string_generic(x), "{:e}", x);
    }
}

#[test]
fn json_parse_of_short_decimals_is_exact() {
    let mut ctx = act();
    let mut texts: Vec<String> = sample_doubles().iter().map(|x| num::to_js_string(*x)).collect();
    texts.extend(
        [
            "0.0",
            "-0.0",
            "-0.5",
            "72.94",
            "1.000000000000001",
            "123456789012.345",
            "0.1234567890123456",
            "9007199254740993.0",
            "1.5e3",
            "-0",
            "10.50",
        ]
        .map(String::from),
    );
    for t in texts {
        let fast = json_parse::parse_utf8(&mut ctx, &t).unwrap();
        let exact = num::parse_decimal(t.as_bytes());
        assert_eq!(fast.as_number().map(f64::to_bits), Some(exact.to_bits()), "{}", t);
    }
}

#[test]
fn json_parse_strings_without_escapes_answer_as_with() {
    let mut ctx = act();
    // Each text, and the same string written with every unit escaped (the general path).
    for text in [
        "",
        "abc",
        "fifteen units..",
        "sixteen units...",
        "é😀 ünïcode",
        "a much longer string than fits inside the buffer",
    ] {
        let plain = format!("\"{}\"", text);
        let escaped: String = text.encode_utf16().map(|u| format!("\\u{:04x}", u)).collect();
        let escaped = format!("\"{}\"", escaped);
        let a = json_parse::parse_utf8(&mut ctx, &plain).unwrap();
        let b = json_parse::parse_utf8(&mut ctx, &escaped).unwrap();
        assert!(same(&mut ctx, Ok(a.clone()), Ok(b)), "{}", text);
        if let Value::String(s) = &a {
            assert_eq!(s.len(), text.encode_utf16().count());
            assert_eq!(s.to_utf8_lossy(), text);
        } else {
            panic!("not a string: {}", text);
        }
    }
    for bad in ["\"abc", "\"a\nb\"", "\"a\\qb\"", "[\"a\",\"b"] {
        assert!(json_parse::parse_utf8(&mut ctx, bad).is_err(), "{:?}", bad);
    }
}

// The performance fast paths (docs/compiler.md "Performance") give exactly the generic paths' answers.

use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify, Arr};

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

// The CPU benchmark's fast paths (docs/runtime-crate.md "Performance notes") answer exactly as
// the general ones: interned-name equality, JSON.parse's shared names and values, object
// literals of distinct keys, property writes by PropName, and string buffers grown ahead.

mod common;

use common::{act, json};
use containerless_rt::json_parse;
use containerless_rt::prelude::*;

/// Texts of several lengths, some equal in length and differing in one unit, a non-ASCII one.
const TEXTS: [&str; 12] =
    ["a", "b", "ab", "ba", "score", "price", "scor", "scores", "region", "active", "héllo😀", "length"];

#[test]
fn interned_names_compare_as_their_units() {
    // Every pair of interned names, their prefix views and plain strings of the same texts: ==
    // must be the comparison of the units, whatever the marks say.
    let names: Vec<JsStr> = TEXTS.iter().map(|t| JsStr::name(t)).collect();
    let plain: Vec<JsStr> = TEXTS.iter().map(|t| JsStr::from_str(t)).collect();
    let mut views: Vec<JsStr> = Vec::new();
    for n in &names {
        for len in 0..=n.len() {
            views.push(n.slice(0, len));
        }
    }
    let all: Vec<JsStr> = names.iter().chain(&plain).chain(&views).cloned().collect();
    for x in &all {
        for y in &all {
            assert_eq!(*x == *y, x.to_vec() == y.to_vec(), "{:?} == {:?}", x, y);
        }
    }
    // A name looked up again is the same buffer, and equal to a parsed key of its text.
    assert!(JsStr::ptr_eq(&JsStr::name("score"), &names[4]));
}

#[test]
fn parsed_records_with_shared_values_answer_as_node() {
    // Short values repeat (regions, tags), long ones do not; escaped strings take the slow
    // path; a duplicate key keeps its first place and takes its last value, also among many
    // keys and in objects past the stacked size (JSON.parse's CreateDataProperty).
    let text = r#"[{"region":"north","tags":["red","big"],"name":"record one is long","n":"A\"B"},
                   {"region":"north","tags":["red"],"name":"record two is long","n":"A\"B"},
                   {"x":1,"y":2,"x":3,"region":"south","y":"north"},
                   {"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,
                    "k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k1":"again"},
                   {"2":"two","1":"one","b":"bee","0":"zero","b":"B"}]"#;
    let mut ctx = act();
    let v = json_parse::parse_utf8(&mut ctx, text).unwrap();
    assert_eq!(
        json(&mut ctx, &v),
        concat!(
            r#"[{"region":"north","tags":["red","big"],"name":"record one is long","n":"A\"B"},"#,
            r#"{"region":"north","tags":["red"],"name":"record two is long","n":"A\"B"},"#,
            r#"{"x":3,"y":"north","region":"south"},"#,
            r#"{"k0":0,"k1":"again","k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"#,
            r#""k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17},"#,
            r#"{"0":"zero","1":"one","2":"two","b":"B"}]"#
        )
    );
    // The two "north" values are one buffer; lookups and === by them answer as by any string.
    let region = PropName::new("region");
    let rec = |i: f64, ctx: &mut Ctx| ops::get(ctx, &v, &Value::Number(i)).unwrap();
    let (r0, r1, r2) = (rec(0.0, &mut ctx), rec(1.0, &mut ctx), rec(2.0, &mut ctx));
    let n0 = ops::get_named(&mut ctx, &r0, &region).unwrap();
    let n1 = ops::get_named(&mut ctx, &r1, &region).unwrap();
    let s2 = ops::get_named(&mut ctx, &r2, &region).unwrap();
    match (&n0, &n1) {
        (Value::String(a), Value::String(b)) => assert!(JsStr::ptr_eq(a, b)),
        _ => panic!("strings"),
    }
    assert!(ops::strict_eq_bool(&mut ctx, &n0, &Value::str("north")).unwrap());
    assert!(!ops::strict_eq_bool(&mut ctx, &n0, &s2).unwrap());
    // A shared value is never extended in place: `v + x` leaves every other use of it alone.
    let grown = ops::add(&mut ctx, &n0, &Value::str("-east")).unwrap();
    assert_eq!(json(&mut ctx, &grown), "\"north-east\"");
    assert_eq!(json(&mut ctx, &n1), "\"north\"");
    // Keyed by a shared value (`byRegion[r.region]`).
    let by = ObjBuilder::new(&mut ctx).unwrap().finish();
    ops::set(&mut ctx, &by, &n0, Value::Number(1.0)).unwrap();
    assert_eq!(ops::get(&mut ctx, &by, &n1).unwrap().as_number(), Some(1.0));
    assert_eq!(ops::get(&mut ctx, &by, &Value::str("north")).unwrap().as_number(), Some(1.0));
}

#[test]
fn many_distinct_names_and_values_parse_exactly() {
    // More distinct names and short values than the per-parse caches hold (they stop sharing,
    // never answer differently), with equal texts far apart.
    let mut text = String::from("[");
    for i in 0..3000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(r#"{{"n{}":"v{}","n{}":"w","n{}":"v{}"}}"#, i % 1500, i % 700, i % 1500, i % 1499, i));
    }
    text.push(']');
    let mut ctx = act();
    let v = json_parse::parse_utf8(&mut ctx, &text).unwrap();
    let mut want = String::from("[");
    for i in 0..3000 {
        if i > 0 {
            want.push(',');
        }
        let (a, b) = (i % 1500, i % 1499);
        if a == b {
            want.push_str(&format!(r#"{{"n{}":"v{}"}}"#, a, i));
        } else {
            want.push_str(&format!(r#"{{"n{}":"w","n{}":"v{}"}}"#, a, b, i));
        }
    }
    want.push(']');
    assert_eq!(json(&mut ctx, &v), want);
}

#[test]
fn literals_of_distinct_keys_answer_as_prop() {
    // prop_new (distinct literal keys, the emitter's) and with_capacity give the object
    // prop gives: order (index keys first, ascending), values, and the __proto__ refusal.
    let keys = ["b", "2", "a", "0", "10", "length", "c"];
    let mut ctx = act();
    let mut fast = ObjBuilder::with_capacity(&mut ctx, keys.len()).unwrap();
    let mut slow = ObjBuilder::new(&mut ctx).unwrap();
    for (i, k) in keys.iter().enumerate() {
        fast.prop_new(&mut ctx, &PropName::new(k), Value::Number(i as f64)).unwrap();
        slow.prop(&mut ctx, k, Value::Number(i as f64)).unwrap();
    }
    // A later duplicate goes through prop_named (the emitter never calls prop_new for it).
    fast.prop_named(&mut ctx, &PropName::new("a"), Value::str("again")).unwrap();
    slow.prop(&mut ctx, "a", Value::str("again")).unwrap();
    let (fast, slow) = (fast.finish(), slow.finish());
    assert_eq!(json(&mut ctx, &fast), json(&mut ctx, &slow));
    assert_eq!(json(&mut ctx, &fast), r#"{"0":3,"2":1,"10":4,"b":0,"a":"again","length":5,"c":6}"#);
    let mut bad = ObjBuilder::with_capacity(&mut ctx, 1).unwrap();
    assert!(bad.prop_new(&mut ctx, &PropName::new("__proto__"), Value::Null).is_err());
    // More properties than the index threshold: lookups still find each one.
    let mut big = ObjBuilder::with_capacity(&mut ctx, 40).unwrap();
    for i in 0..40 {
        big.prop_new(&mut ctx, &PropName::new(&format!("p{}", i)), Value::Number(i as f64)).unwrap();
    }
    let big = big.finish();
    for i in 0..40 {
        let got = ops::get_named(&mut ctx, &big, &PropName::new(&format!("p{}", i))).unwrap();
        assert_eq!(got.as_number(), Some(i as f64));
    }
}

#[test]
fn set_named_refuses_what_set_key_refuses() {
    let mut ctx = act();
    let frozen = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    let object = global(&mut ctx, "Object").unwrap();
    let freeze = ops::get_named(&mut ctx, &object, &PropName::new("freeze")).unwrap();
    if let Value::Function(Func::Builtin(b)) = freeze {
        builtins::call(&mut ctx, b, &object, std::slice::from_ref(&frozen)).unwrap();
    }
    let a = PropName::new("a");
    let by_name = ops::set_named(&mut ctx, &frozen, &a, Value::Number(2.0)).unwrap_err();
    let by_key = ops::set_key(&mut ctx, &frozen, a.key().clone(), Value::Number(2.0)).unwrap_err();
    assert_eq!((by_name.reason, by_name.detail), (by_key.reason, by_key.detail));
    let o = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    let proto = PropName::new("__proto__");
    let by_name = ops::set_named(&mut ctx, &o, &proto, Value::Null).unwrap_err();
    let by_key = ops::set_key(&mut ctx, &o, proto.key().clone(), Value::Null).unwrap_err();
    assert_eq!((by_name.reason, by_name.detail), (by_key.reason, by_key.detail));
    let math = global(&mut ctx, "Math").unwrap();
    assert!(ops::set_named(&mut ctx, &math, &PropName::new("x"), Value::Null).is_err());
    ops::set_named(&mut ctx, &o, &PropName::new("7"), Value::Null).unwrap();
    assert_eq!(json(&mut ctx, &o), r#"{"7":null,"a":1}"#);
}

#[test]
fn strings_built_by_appends_keep_every_earlier_view() {
    // `s += piece` grows one buffer ahead of its length; every earlier value stays what it was.
    let mut ctx = act();
    let mut s = Value::str("");
    let mut seen: Vec<(Value, String)> = Vec::new();
    let mut want = String::new();
    for i in 0..200 {
        let piece = if i % 3 == 0 { Value::Number(i as f64) } else { Value::str(&"xy".repeat(i % 7)) };
        s = ops::add(&mut ctx, &s, &piece).unwrap();
        want.push_str(&if i % 3 == 0 { i.to_string() } else { "xy".repeat(i % 7) });
        seen.push((s.clone(), want.clone()));
        // A prepend makes a new string and leaves s alone.
        let p = ops::add(&mut ctx, &Value::str(" "), &s).unwrap();
        assert_eq!(json(&mut ctx, &p), format!("\" {}\"", want));
    }
    for (v, text) in &seen {
        assert_eq!(json(&mut ctx, v), format!("\"{}\"", text));
    }
}

#[test]
fn add_front_answers_as_add_and_never_changes_another_value() {
    // `x = a + x` through ops::add_front: the value add gives, for every kind of operand, and
    // any other holder of x's old string (a copy, a prefix view) keeps its text.
    let mut ctx = act();
    let operands = || {
        vec![
            Value::str(" "),
            Value::str(""),
            Value::str("ab"),
            Value::str("a longer piece than fifteen units"),
            Value::Number(7.0),
            Value::Number(-0.5),
            Value::Bool(true),
            Value::Undefined,
            Value::Null,
        ]
    };
    for a in operands() {
        for x0 in operands() {
            let want = ops::add(&mut ctx, &a, &x0);
            let mut x = x0.clone();
            let got = ops::add_front(&mut ctx, &a, &mut x).map(|_| x);
            assert!(common::same(&mut ctx, want, got), "{:?} + {:?}", a, x0);
        }
    }
    // A padding loop: in place after the first step; values taken before a step (a copy, a
    // prefix view) keep their text.
    let mut out = ops::add(&mut ctx, &Value::str("item-"), &Value::Number(12.0)).unwrap();
    let keep = out.clone();
    let mut taken: Vec<(Value, String)> = Vec::new();
    let mut text = String::from("item-12");
    for i in 0..30 {
        let front = if i % 2 == 0 { " " } else { "-" };
        if i % 5 == 0 {
            // Held elsewhere: this step must not write into the shared buffer.
            taken.push((out.clone(), text.clone()));
        }
        if let Value::String(s) = &out {
            if i % 7 == 0 {
                taken.push((Value::String(s.slice(0, 3)), text[..3].to_string()));
            }
        }
        ops::add_front(&mut ctx, &Value::str(front), &mut out).unwrap();
        text.insert_str(0, front);
        assert_eq!(json(&mut ctx, &out), format!("\"{}\"", text));
    }
    assert_eq!(json(&mut ctx, &keep), "\"item-12\"");
    for (v, t) in &taken {
        assert_eq!(json(&mut ctx, v), format!("\"{}\"", t));
    }
}

#[test]
fn concat_answers_as_the_adds_it_replaces_and_never_changes_another_value() {
    // ops::concat(head, pieces) is `head + (((p0 + p1) + p2) + ...)`, the statements the
    // emitter fused (emit_concat.cc): the same value for every mix of operands, including
    // numbers (`1 + 2 + 'a'` is "3a", `'a' + (1 + 2)` is "a3"), and no other holder of an
    // operand's buffer sees a change.
    let mut ctx = act();
    let operands = || {
        vec![
            Value::str(" | "),
            Value::str(""),
            Value::str("a longer piece than fifteen units"),
            Value::Number(1.0),
            Value::Number(-0.5),
            Value::Bool(false),
            Value::Undefined,
        ]
    };
    let all = operands();
    for a in &all {
        for b in &all {
            for c in &all {
                let ab = ops::add(&mut ctx, a, b).unwrap();
                let want = ops::add(&mut ctx, &ab, c);
                let got = ops::concat(&mut ctx, None, &[a, b, c]);
                assert!(common::same(&mut ctx, want, got), "{:?} + {:?} + {:?}", a, b, c);
                for h in [&all[0], &all[3], &all[2]] {
                    let inner = ops::add(&mut ctx, a, b).unwrap();
                    let want = ops::add(&mut ctx, h, &inner);
                    let got = ops::concat(&mut ctx, Some(h), &[a, b]);
                    assert!(common::same(&mut ctx, want, got), "{:?} + ({:?} + {:?})", h, a, b);
                }
            }
        }
    }
    // Strings this activation made: appended in place where the first one's buffer can grow;
    // earlier views, the pieces and a piece viewing the same buffer keep their text.
    let mut text = ops::add(&mut ctx, &Value::str("item-"), &Value::Number(1.0)).unwrap();
    let mut expect = String::from("item-1");
    let mut taken: Vec<(Value, String)> = Vec::new();
    for i in 0..40 {
        let piece = ops::add(&mut ctx, &Value::str("row "), &Value::Number(i as f64)).unwrap();
        let same_buffer = if let Value::String(s) = &text { Value::String(s.slice(0, 2)) } else { unreachable!() };
        taken.push((text.clone(), expect.clone()));
        text = if i % 3 == 0 {
            ops::concat(&mut ctx, Some(&text), &[&piece, &Value::str(" | "), &same_buffer]).unwrap()
        } else {
            ops::concat(&mut ctx, None, &[&text, &piece, &Value::str("\n")]).unwrap()
        };
        let tail = if i % 3 == 0 { format!("row {} | {}", i, &expect[..2]) } else { format!("row {}\n", i) };
        expect.push_str(&tail);
        assert_eq!(json(&mut ctx, &text), serde_like(&expect));
        assert_eq!(json(&mut ctx, &piece), format!("\"row {}\"", i));
    }
    for (v, t) in &taken {
        assert_eq!(json(&mut ctx, v), serde_like(t));
    }
}

/// The JSON text of a string of printable ASCII and newlines.
fn serde_like(s: &str) -> String {
    format!("\"{}\"", s.replace('\n', "\\n"))
}

/// Doubles for the `%` and floor checks: integers of every size up to and past 2^53 (both
/// signs), zeros of both signs, fractions, NaN, the infinities, and pseudo-random bit patterns.
fn numeric_cases() -> Vec<f64> {
    let mut xs: Vec<f64> = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        2.0,
        3.0,
        -3.0,
        7.0,
        30.0,
        899.0,
        1e9 + 7.0,
        2147483647.0,
        2147483648.0,
        4294967295.0,
        4294967296.0,
        0.5,
        -0.5,
        1.5,
        -2.5,
        0.1,
        1e-300,
        5e-324,
        1e300,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN_POSITIVE,
    ];
    for k in [30, 31, 32, 51, 52, 53, 54] {
        let p = (2.0f64).powi(k);
        for x in [p - 2.0, p - 1.0, p, p + 1.0, p + 2.0, p * 0.75 + 1.0] {
            xs.push(x);
            xs.push(-x);
        }
    }
    let mut s: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..200 {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        xs.push(f64::from_bits(s));
        let int = (s >> (s % 60)) as f64; // integers of every magnitude
        xs.push(int);
        xs.push(-int);
    }
    xs
}

#[test]
fn rem_rounding_answers_as_fmod() {
    // num::rem_rounding (rem_f64! with SSE4.1) against IEEE fmod, bit for bit (the sign of a
    // zero included), on every pair of cases, and num::rem too.
    let xs = numeric_cases();
    for &a in &xs {
        for &b in &xs {
            let want = a % b;
            for (name, got) in [("rem_rounding", num::rem_rounding(a, b)), ("rem", num::rem(a, b))] {
                assert!(
                    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                    "{name}({a:e}, {b:e}) = {got:e}, fmod gives {want:e}"
                );
            }
            // The macro the emitter writes (whichever way this build decides it).
            let got = rem_f64!(a, b);
            assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "rem_f64!({a:e}, {b:e})");
        }
    }
}

#[test]
fn floor_macro_answers_as_ieee_floor() {
    for &x in &numeric_cases() {
        for x in [x, x / 3.0, x / 30.0] {
            let (got, want) = (floor_f64!(x), x.floor());
            assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "floor_f64!({x:e})");
        }
    }
}

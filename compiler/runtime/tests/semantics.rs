// Targeted checks of the rules the differential tests cannot reach: prototype misses, module
// state, host objects, limits and the built-in table.

use containerless_rt::prelude::*;
use containerless_rt::{inspect, json_parse, json_stringify};

fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn json(ctx: &mut Ctx, v: &Value) -> String {
    json_stringify::stringify_utf8(ctx, v).unwrap().unwrap()
}

#[test]
fn object_property_order_is_the_specification_order() {
    let mut ctx = act();
    let mut b = ObjBuilder::new(&mut ctx).unwrap();
    for k in ["b", "2", "a", "1", "4294967295", "01", "0"] {
        b.prop(&mut ctx, k, Value::Bool(true)).unwrap();
    }
    b.prop(&mut ctx, "b", Value::Null).unwrap(); // a repeated key keeps its first position
    let o = b.finish();
    assert_eq!(json(&mut ctx, &o), r#"{"0":true,"1":true,"2":true,"b":null,"a":true,"4294967295":true,"01":true}"#);
    let keys = builtins::call(&mut ctx, Builtin::ObjectKeys, &Value::Undefined, &[o]).unwrap();
    assert_eq!(json(&mut ctx, &keys), r#"["0","1","2","b","a","4294967295","01"]"#);
}

#[test]
fn prototype_misses_abort_or_resolve_to_builtins() {
    let mut ctx = act();
    let obj = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    assert_eq!(ops::get(&mut ctx, &obj, &s("a")).unwrap().as_number(), Some(1.0));
    assert!(matches!(ops::get(&mut ctx, &obj, &s("missing")).unwrap(), Value::Undefined));
    assert!(ops::get(&mut ctx, &obj, &s("toString")).unwrap().is_builtin(Builtin::ObjectPrototypeToString));
    for k in ["constructor", "__proto__", "isPrototypeOf", "toLocaleString"] {
        let e = ops::get(&mut ctx, &obj, &s(k)).unwrap_err();
        assert_eq!(e.reason, AbortReason::Unsupported, "{}", k);
    }
    assert!(ops::get(&mut ctx, &obj, &s("hasOwnProperty")).unwrap().is_builtin(Builtin::ObjectPrototypeHasOwnProperty));

    let arr = json_parse::parse_utf8(&mut ctx, "[1,2,3]").unwrap();
    assert!(ops::get(&mut ctx, &arr, &s("push")).unwrap().is_builtin(Builtin::ArrayPrototypePush));
    assert!(ops::get(&mut ctx, &arr, &s("toString")).unwrap().is_builtin(Builtin::ArrayPrototypeToString));
    // map is a callback host: generated code runs it as a loop (crate::closure).
    assert!(ops::get(&mut ctx, &arr, &s("map")).unwrap().is_builtin(Builtin::ArrayPrototypeMap));
    assert!(ops::get(&mut ctx, &arr, &s("flatMap")).unwrap().is_builtin(Builtin::ArrayPrototypeFlatMap));
    assert_eq!(ops::get(&mut ctx, &arr, &s("copyWithin")).unwrap_err().reason, AbortReason::Unsupported);
    assert!(matches!(ops::get(&mut ctx, &arr, &s("foo")).unwrap(), Value::Undefined));
    assert_eq!(ops::get(&mut ctx, &arr, &s("length")).unwrap().as_number(), Some(3.0));

    let st = s("h😀");
    assert_eq!(ops::get(&mut ctx, &st, &s("length")).unwrap().as_number(), Some(3.0));
    assert!(ops::get(&mut ctx, &st, &s("slice")).unwrap().is_builtin(Builtin::StringPrototypeSlice));
    assert_eq!(ops::get(&mut ctx, &st, &s("localeCompare")).unwrap_err().reason, AbortReason::Unsupported);
    assert!(matches!(ops::get(&mut ctx, &st, &Value::Number(5.0)).unwrap(), Value::Undefined));
    assert!(ops::get(&mut ctx, &Value::Number(1.0), &s("toFixed"))
        .unwrap()
        .is_builtin(Builtin::NumberPrototypeToFixed));
    assert_eq!(ops::get(&mut ctx, &Value::Undefined, &s("x")).unwrap_err().reason, AbortReason::Throw);
}

#[test]
fn globals_and_namespaces() {
    let mut ctx = act();
    let console = global(&mut ctx, "console").unwrap();
    assert!(ops::get(&mut ctx, &console, &s("log")).unwrap().is_builtin(Builtin::ConsoleLog));
    let math = global(&mut ctx, "Math").unwrap();
    assert_eq!(ops::get(&mut ctx, &math, &s("PI")).unwrap().as_number(), Some(std::f64::consts::PI));
    assert!(ops::get(&mut ctx, &math, &s("random")).unwrap().is_builtin(Builtin::MathRandom));
    assert_eq!(ops::get(&mut ctx, &math, &s("sin")).unwrap_err().reason, AbortReason::Unsupported);
    // Date is a function (typeof "function"), whose `now` is the recorded clock.
    let date = global(&mut ctx, "Date").unwrap();
    assert_eq!(date.typeof_str(), "function");
    assert!(ops::get(&mut ctx, &date, &s("now")).unwrap().is_builtin(Builtin::DateNow));
    assert!(ops::get(&mut ctx, &date, &s("parse")).unwrap().is_builtin(Builtin::DateParse));
    assert_eq!(ops::get(&mut ctx, &date, &s("prototype")).unwrap_err().reason, AbortReason::Unsupported);
    assert_eq!(ops::set(&mut ctx, &math, &s("x"), Value::Null).unwrap_err().reason, AbortReason::Unsupported);
    let number = global(&mut ctx, "Number").unwrap();
    assert!(ops::get(&mut ctx, &number, &s("parseInt")).unwrap().is_builtin(Builtin::ParseInt));
    assert_eq!(global(&mut ctx, "process").unwrap_err().reason, AbortReason::Unsupported);
    assert_eq!(Builtin::from_name("Number.parseFloat"), Some(Builtin::ParseFloat));
    for b in Builtin::ALL {
        assert_eq!(Builtin::from_name(b.name()), Some(*b));
    }
}

#[test]
fn module_state_is_read_only_during_activations() {
    let mut module = Ctx::for_module(Limits::default());
    let obj = json_parse::parse_utf8(&mut module, r#"{"n":1,"list":[1]}"#).unwrap();
    ops::set(&mut module, &obj, &s("n"), Value::Number(2.0)).unwrap(); // the module run may write
    let list = ops::get(&mut module, &obj, &s("list")).unwrap();

    let mut ctx = act();
    assert_eq!(ops::set(&mut ctx, &obj, &s("n"), Value::Number(3.0)).unwrap_err().reason, AbortReason::ModuleState);
    assert_eq!(ops::delete(&mut ctx, &obj, &s("n")).unwrap_err().reason, AbortReason::ModuleState);
    let push = builtins::call(&mut ctx, Builtin::ArrayPrototypePush, &list, &[Value::Null]);
    assert_eq!(push.unwrap_err().reason, AbortReason::ModuleState);
    // Reading and copying are fine, and a copy belongs to the activation.
    let copy = builtins::call(&mut ctx, Builtin::ArrayPrototypeSlice, &list, &[]).unwrap();
    builtins::call(&mut ctx, Builtin::ArrayPrototypePush, &copy, &[Value::Null]).unwrap();
    assert_eq!(json(&mut ctx, &obj), r#"{"n":2,"list":[1]}"#);
}

#[test]
fn arrays_have_holes_and_a_writable_length() {
    let mut ctx = act();
    let mut b = ArrBuilder::new(&mut ctx).unwrap();
    b.item(Value::Number(1.0));
    b.hole();
    b.item(Value::Number(-0.0));
    let a = b.finish(&mut ctx).unwrap();
    assert_eq!(inspect::format(&mut ctx, &[a.clone()]).unwrap(), "[ 1, <1 empty item>, -0 ]");
    ops::set(&mut ctx, &a, &s("length"), Value::Number(5.0)).unwrap();
    assert_eq!(json(&mut ctx, &a), "[1,null,0,null,null]");
    ops::set(&mut ctx, &a, &Value::Number(7.0), s("x")).unwrap();
    assert_eq!(inspect::format(&mut ctx, &[a.clone()]).unwrap(), "[ 1, <1 empty item>, -0, <4 empty items>, 'x' ]");
    ops::set(&mut ctx, &a, &s("length"), Value::Number(1.0)).unwrap();
    assert_eq!(json(&mut ctx, &a), "[1]");
    assert_eq!(ops::set(&mut ctx, &a, &s("length"), Value::Number(1.5)).unwrap_err().reason, AbortReason::Throw);
    assert_eq!(ops::set(&mut ctx, &a, &s("foo"), Value::Null).unwrap_err().reason, AbortReason::Unsupported);
    assert!(matches!(ops::in_(&mut ctx, &Value::Number(0.0), &a).unwrap(), Value::Bool(true)));
    assert!(matches!(ops::in_(&mut ctx, &s("push"), &a).unwrap(), Value::Bool(true)));
}

#[test]
fn json_edge_cases() {
    let mut ctx = act();
    let v = json_parse::parse_utf8(&mut ctx, r#"{"__proto__":1,"a":1,"a":2,"1":0}"#).unwrap();
    assert_eq!(json(&mut ctx, &v), r#"{"1":0,"__proto__":1,"a":2}"#);
    for bad in ["", "01", "[1,]", "{\"a\" 1}", "\"\u{1}\"", "1 2", "[-]", "tru", "\"\\x\""] {
        assert_eq!(json_parse::parse_utf8(&mut ctx, bad).unwrap_err().reason, AbortReason::Throw, "{:?}", bad);
    }
    let deep = "[".repeat(5000) + &"]".repeat(5000);
    assert_eq!(json_parse::parse_utf8(&mut ctx, &deep).unwrap_err().reason, AbortReason::Unsupported);
    // A cycle is a TypeError in JavaScript.
    let o = json_parse::parse_utf8(&mut ctx, "{}").unwrap();
    ops::set(&mut ctx, &o, &s("self"), o.clone()).unwrap();
    assert_eq!(
        json_stringify::stringify(&mut ctx, &o, &Value::Undefined, &Value::Undefined).unwrap_err().reason,
        AbortReason::Throw
    );
    assert_eq!(inspect::format(&mut ctx, &[o.clone()]).unwrap(), "<ref *1> { self: [Circular *1] }");
    assert_eq!(inspect::format(&mut ctx, &[s("%j!"), o]).unwrap(), "[Circular]!");
    // util.format's tryStringify
}

#[test]
fn console_writes_log_lines_to_the_ctx() {
    let mut ctx = act();
    builtins::call(&mut ctx, Builtin::ConsoleLog, &Value::Undefined, &[s("a%sc"), s("b"), Value::Number(-0.0)])
        .unwrap();
    builtins::call(&mut ctx, Builtin::ConsoleError, &Value::Undefined, &[Value::str_u16(&[0xD800, 0x41])]).unwrap();
    assert_eq!(ctx.logs_json(), "[[\"stdout\",\"abc -0\"],[\"stderr\",\"\u{FFFD}A\"]]");
    // Surrogate halves from the format string and an argument join as they do in JS.
    let line =
        inspect::format(&mut ctx, &[Value::str_u16(&[0xD83D, b'%' as u16, b's' as u16]), Value::str_u16(&[0xDE00])])
            .unwrap();
    assert_eq!(line, "😀");
}

#[test]
fn memory_limit_counts_allocations() {
    let mut ctx = Ctx::for_activation(Limits { fuel: 0, memory_bytes: 10_000, deadline_ms: 0 });
    let mut v = s("0123456789");
    let mut err = None;
    for _ in 0..1000 {
        match ops::add(&mut ctx, &v, &s("0123456789")) {
            Ok(n) => v = n,
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    assert_eq!(err.expect("the cap must be reached").reason, AbortReason::Memory);
}

#[test]
fn number_helpers() {
    assert_eq!(num::to_int32(4294967297.5), 1);
    assert_eq!(num::to_int32(-2147483649.0), 2147483647);
    assert_eq!(num::to_uint32(-1.0), 4294967295);
    assert_eq!(num::shl(1.0, 33.0), 2.0);
    assert_eq!(num::ushr(-1.0, 0.0), 4294967295.0);
    assert_eq!(num::pow(2.0, 10.0), Some(1024.0));
    assert_eq!(num::pow(1.0, f64::INFINITY).map(f64::is_nan), Some(true));
    assert_eq!(num::pow(f64::NAN, 0.0), Some(1.0));
    assert_eq!(num::pow(2.0, 0.5), Some(std::f64::consts::SQRT_2));
    assert_eq!(num::pow(2.0, 1.5), None);
    assert_eq!(num::pow(1.1, 2.0), Some(1.1 * 1.1));
    assert!((num::rem(-5.0, 3.0) + 2.0).abs() == 0.0);
    assert!(num::rem(-0.0, 1.0).is_sign_negative());
    assert_eq!(num::to_js_string(2f64.powi(-25)), "2.9802322387695312e-8");
    assert_eq!(num::to_js_string(2f64.powi(-24)), "5.960464477539063e-8");
    assert_eq!(num::to_js_string(2246011884977032.25), "2246011884977032.2");
    assert_eq!(num::to_js_string(1e21), "1e+21");
    assert_eq!(num::to_js_string(1.5e-7), "1.5e-7");
    assert_eq!(num::to_js_string(-0.0), "0");
    assert_eq!(builtins::to_fixed(1.005, 2), "1.00");
    assert_eq!(builtins::to_fixed(-0.0001, 2), "-0.00");
}

#[test]
fn string_building_in_a_loop_is_linear() {
    // 200k appends: quadratic copying would take seconds and charge ~40 GB against the cap.
    let mut ctx = act();
    let mut acc = s("");
    let piece = s("ab");
    let started = std::time::Instant::now();
    let mut snapshot = None;
    for i in 0..200_000 {
        acc = ops::add(&mut ctx, &acc, &piece).unwrap();
        if i == 10 {
            snapshot = Some(acc.clone()); // an older view must not see later appends
        }
    }
    assert_eq!(acc.as_jsstr().unwrap().len(), 400_000);
    assert_eq!(snapshot.unwrap().as_jsstr().unwrap().len(), 22);
    assert!(started.elapsed().as_secs_f64() < 2.0, "string building took {:?}", started.elapsed());
    // Appending to an older view copies instead of clobbering the newer one.
    let older = s("x");
    let a = ops::add(&mut ctx, &older, &s("1")).unwrap();
    let b = ops::add(&mut ctx, &older, &s("2")).unwrap();
    assert_eq!(a.as_jsstr().unwrap().to_utf8_lossy(), "x1");
    assert_eq!(b.as_jsstr().unwrap().to_utf8_lossy(), "x2");
    let same = ops::add(&mut ctx, &a, &a).unwrap();
    assert_eq!(same.as_jsstr().unwrap().to_utf8_lossy(), "x1x1");
}

#[test]
fn inspect_groups_wide_characters_like_node() {
    // Expected output printed by Node 20 for console.log(['\u3000a','b','c','d','e','f','g','h'])
    // and console.log(String, Math.max, console.log).
    let mut ctx = act();
    let mut b = ArrBuilder::new(&mut ctx).unwrap();
    for x in ["\u{3000}a", "b", "c", "d", "e", "f", "g", "h"] {
        b.item(s(x));
    }
    let a = b.finish(&mut ctx).unwrap();
    assert_eq!(
        inspect::format(&mut ctx, &[a]).unwrap(),
        "[\n  '\u{3000}a', 'b', 'c',\n  'd',   'e', 'f',\n  'g',   'h'\n]"
    );
    let fns = [Value::builtin(Builtin::String), Value::builtin(Builtin::MathMax), Value::builtin(Builtin::ConsoleLog)];
    assert_eq!(inspect::format(&mut ctx, &fns).unwrap(), "[Function: String] [Function: max] [Function: log]");
}

#[test]
fn inspect_prints_cycles_like_node() {
    // Expected: Node 20's output for
    //   const o = {a: 1}; o.self = o; const arr = [1, o]; o.arr = arr; arr.push(arr);
    //   const b = {x: {y: {}}}; b.x.y.back = b; b.x.y.x = b.x;
    //   console.log(o); console.log(arr); console.log(b); console.log([o, o]);
    //   const big = {k1: "a".repeat(20), k2: "b".repeat(24), k3: "c".repeat(12)}; big.me = big; console.log(big);
    let expected = EXPECTED_CYCLES;
    let mut ctx = act();
    let o = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    ops::set(&mut ctx, &o, &s("self"), o.clone()).unwrap();
    let arr = json_parse::parse_utf8(&mut ctx, "[1]").unwrap();
    builtins::call(&mut ctx, Builtin::ArrayPrototypePush, &arr, &[o.clone()]).unwrap();
    ops::set(&mut ctx, &o, &s("arr"), arr.clone()).unwrap();
    builtins::call(&mut ctx, Builtin::ArrayPrototypePush, &arr, &[arr.clone()]).unwrap();
    let b = json_parse::parse_utf8(&mut ctx, r#"{"x":{"y":{}}}"#).unwrap();
    let bx = ops::get(&mut ctx, &b, &s("x")).unwrap();
    let bxy = ops::get(&mut ctx, &bx, &s("y")).unwrap();
    ops::set(&mut ctx, &bxy, &s("back"), b.clone()).unwrap();
    ops::set(&mut ctx, &bxy, &s("x"), bx.clone()).unwrap();
    let pair = containerless_rt::props::new_array(&mut ctx, vec![o.clone(), o.clone()]).unwrap();
    let big = json_parse::parse_utf8(
        &mut ctx,
        r#"{"k1":"aaaaaaaaaaaaaaaaaaaa","k2":"bbbbbbbbbbbbbbbbbbbbbbbb","k3":"cccccccccccc"}"#,
    )
    .unwrap();
    ops::set(&mut ctx, &big, &s("me"), big.clone()).unwrap();
    let mut got = String::new();
    for v in [o, arr, b, pair, big] {
        got.push_str(&inspect::format(&mut ctx, &[v]).unwrap());
        got.push('\n');
    }
    assert_eq!(got, expected);
}

const EXPECTED_CYCLES: &str = r#"<ref *1> {
  a: 1,
  self: [Circular *1],
  arr: <ref *2> [ 1, [Circular *1], [Circular *2] ]
}
<ref *2> [
  1,
  <ref *1> { a: 1, self: [Circular *1], arr: [Circular *2] },
  [Circular *2]
]
<ref *1> {
  x: <ref *2> { y: { back: [Circular *1], x: [Circular *2] } }
}
[
  <ref *1> {
    a: 1,
    self: [Circular *1],
    arr: <ref *2> [ 1, [Circular *1], [Circular *2] ]
  },
  <ref *1> {
    a: 1,
    self: [Circular *1],
    arr: <ref *2> [ 1, [Circular *1], [Circular *2] ]
  }
]
<ref *1> {
  k1: 'aaaaaaaaaaaaaaaaaaaa',
  k2: 'bbbbbbbbbbbbbbbbbbbbbbbb',
  k3: 'cccccccccccc',
  me: [Circular *1]
}
"#;

#[test]
fn join_of_a_cycle_is_empty_like_v8() {
    // Node 20: a=[1]; a.push(a); String(a) === "1,"; a.join("-") === "1-"; c=[]; c.push(c,c); c+"" === ","
    let mut ctx = act();
    let a = json_parse::parse_utf8(&mut ctx, "[1]").unwrap();
    builtins::call(&mut ctx, Builtin::ArrayPrototypePush, &a, &[a.clone()]).unwrap();
    let t = ops::to_string_template(&mut ctx, &a).unwrap();
    assert_eq!(t.as_jsstr().unwrap().to_utf8_lossy(), "1,");
    let j = builtins::call(&mut ctx, Builtin::ArrayPrototypeJoin, &a, &[s("-")]).unwrap();
    assert_eq!(j.as_jsstr().unwrap().to_utf8_lossy(), "1-");
    let c = json_parse::parse_utf8(&mut ctx, "[]").unwrap();
    builtins::call(&mut ctx, Builtin::ArrayPrototypePush, &c, &[c.clone(), c.clone()]).unwrap();
    let t = ops::add(&mut ctx, &c, &s("")).unwrap();
    assert_eq!(t.as_jsstr().unwrap().to_utf8_lossy(), ",");
}

#[test]
fn frozen_objects_are_read_only() {
    let mut module = Ctx::for_module(Limits::default());
    let o = json_parse::parse_utf8(&mut module, r#"{"a":1,"list":[1]}"#).unwrap();
    let same = builtins::call(&mut module, Builtin::ObjectFreeze, &Value::Undefined, &[o.clone()]).unwrap();
    assert!(containerless_rt::value::strict_equals(&o, &same).unwrap());
    // Strict or sloppy decides between a TypeError and a silent no-op: abort either way.
    assert_eq!(ops::set(&mut module, &o, &s("a"), Value::Null).unwrap_err().reason, AbortReason::Unsupported);
    let list = ops::get(&mut module, &o, &s("list")).unwrap();
    builtins::call(&mut module, Builtin::ArrayPrototypePush, &list, &[Value::Null]).unwrap(); // freeze is shallow
    let mut ctx = act();
    let r = builtins::call(&mut ctx, Builtin::ObjectHasOwn, &Value::Undefined, &[o.clone(), s("a")]).unwrap();
    assert!(matches!(r, Value::Bool(true)));
    assert_eq!(json(&mut ctx, &o), r#"{"a":1,"list":[1,null]}"#);
}

#[test]
fn function_call_and_apply_of_builtins() {
    // Object.prototype.hasOwnProperty.call(o, "a") and Math.max.apply(null, [1, 3, 2])
    let mut ctx = act();
    let o = json_parse::parse_utf8(&mut ctx, r#"{"a":1}"#).unwrap();
    let has = ops::get(&mut ctx, &o, &s("hasOwnProperty")).unwrap();
    let call = ops::get(&mut ctx, &has, &s("call")).unwrap();
    assert!(call.is_builtin(Builtin::FunctionPrototypeCall));
    let r = builtins::call(&mut ctx, Builtin::FunctionPrototypeCall, &has, &[o.clone(), s("a")]).unwrap();
    assert!(matches!(r, Value::Bool(true)));
    let max = Value::builtin(Builtin::MathMax);
    let list = json_parse::parse_utf8(&mut ctx, "[1,3,2]").unwrap();
    let r = builtins::call(&mut ctx, Builtin::FunctionPrototypeApply, &max, &[Value::Null, list]).unwrap();
    assert_eq!(r.as_number(), Some(3.0));
    let user = Value::Function(Func::User(3));
    assert_eq!(
        builtins::call(&mut ctx, Builtin::FunctionPrototypeCall, &user, &[]).unwrap_err().reason,
        AbortReason::Unsupported
    );
}

#[test]
fn user_function_identity_is_ambiguous_within_one_id() {
    // Two evaluations of one function expression are distinct objects in JS; native code cannot
    // tell them from one object, so === between values of the same id aborts.
    let mut ctx = act();
    let f = Value::Function(Func::User(1));
    let g = Value::Function(Func::User(2));
    assert!(matches!(ops::strict_eq(&mut ctx, &f, &g).unwrap(), Value::Bool(false)));
    assert_eq!(ops::strict_eq(&mut ctx, &f, &f.clone()).unwrap_err().reason, AbortReason::Unsupported);
    assert!(f.is_user_fn(1) && !g.is_user_fn(1));
    assert!(matches!(ops::typeof_(&mut ctx, &f).unwrap(), Value::String(t) if t.eq_str("function")));
}

// Closures (function values with captures) and the callback hosts' helpers: what Node.js gives,
// or an abort (compiler/runtime/src/closure.rs).

use containerless_rt::prelude::*;
use containerless_rt::{inspect, json_stringify, AbortReason};

fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

fn make(ctx: &mut Ctx, id: u32, name: Option<&'static str>, env: Vec<Value>) -> Value {
    closure::make(ctx, id, name, env).unwrap()
}

#[test]
fn a_closure_is_a_function_of_its_id_holding_its_captures() {
    let mut ctx = act();
    let f = make(&mut ctx, 4, Some("add"), vec![Value::Number(3.0), Value::str("k")]);
    assert!(f.is_user_fn(4));
    assert!(!f.is_user_fn(3));
    assert!(!Value::Function(Func::User(3)).is_user_fn(4));
    assert_eq!(closure::capture(&f, 0).unwrap().as_number(), Some(3.0));
    assert!(closure::capture(&f, 1).unwrap().as_jsstr().unwrap().eq_str("k"));
    // A slot the value does not have, or a value that is no closure: the trace is wrong.
    assert_eq!(closure::capture(&f, 2).unwrap_err().reason, AbortReason::Unsupported);
    assert_eq!(closure::capture(&Value::Function(Func::User(4)), 0).unwrap_err().reason, AbortReason::Unsupported);
    assert_eq!(f.typeof_str(), "function");
    assert_eq!(f.type_tag(), "function");
    assert!(truthy(&f));
}

#[test]
fn closures_compare_by_identity() {
    let mut ctx = act();
    let f = make(&mut ctx, 4, Some("f"), vec![]);
    let g = make(&mut ctx, 4, Some("f"), vec![]);
    let h = make(&mut ctx, 5, Some("h"), vec![Value::Null]);
    let eq = |ctx: &mut Ctx, a: &Value, b: &Value| matches!(ops::strict_eq(ctx, a, b).unwrap(), Value::Bool(true));
    assert!(eq(&mut ctx, &f, &f.clone()));
    assert!(!eq(&mut ctx, &f, &g)); // two evaluations of one function expression
    assert!(!eq(&mut ctx, &f, &h));
    assert!(!eq(&mut ctx, &f, &Value::Function(Func::User(4))));
    assert!(matches!(ops::loose_eq(&mut ctx, &f, &f).unwrap(), Value::Bool(true)));
    // Values of one non-capturing id stay unknowable.
    assert!(ops::strict_eq(&mut ctx, &Value::Function(Func::User(4)), &Value::Function(Func::User(4))).is_err());
}

#[test]
fn console_log_prints_the_name_as_node_does() {
    let mut ctx = act();
    let add = make(&mut ctx, 1, Some("add"), vec![Value::Number(1.0)]);
    let anon = make(&mut ctx, 2, Some(""), vec![]);
    let unknown = make(&mut ctx, 3, None, vec![]);
    let mut arr = ArrBuilder::new(&mut ctx).unwrap();
    arr.item(anon.clone());
    let arr = arr.finish(&mut ctx).unwrap();
    let mut o = ObjBuilder::new(&mut ctx).unwrap();
    o.prop(&mut ctx, "f", add.clone()).unwrap();
    let o = o.finish();
    assert_eq!(
        inspect::format(&mut ctx, &[add.clone(), arr, o.clone()]).unwrap(),
        "[Function: add] [ [Function (anonymous)] ] { f: [Function: add] }"
    );
    // Without the name, nothing is printed natively.
    assert_eq!(inspect::format(&mut ctx, &[unknown.clone()]).unwrap_err().reason, AbortReason::Unsupported);
    // JSON.stringify skips a function property, and gives undefined for a function.
    assert_eq!(json_stringify::stringify_utf8(&mut ctx, &o).unwrap().unwrap(), "{}");
    assert!(json_stringify::stringify_utf8(&mut ctx, &add).unwrap().is_none());
    // String(f) and `'' + f` need the source text: abort.
    assert!(builtins::call(&mut ctx, Builtin::String, &Value::Undefined, &[add.clone()]).is_err());
    assert!(ops::add(&mut ctx, &Value::str(""), &add).is_err());
    assert!(ops::to_string_template(&mut ctx, &add).is_err());
    // typeof, and properties (name, length) are not modelled: abort.
    assert!(ops::typeof_(&mut ctx, &add).unwrap().as_jsstr().unwrap().eq_str("function"));
    assert_eq!(ops::get(&mut ctx, &add, &Value::str("name")).unwrap_err().reason, AbortReason::Unsupported);
}

#[test]
fn host_helpers_tell_holes_from_undefined() {
    let mut ctx = act();
    let mut b = ArrBuilder::new(&mut ctx).unwrap();
    b.item(Value::Number(1.0));
    b.hole();
    b.item(Value::Undefined);
    let xs = b.finish(&mut ctx).unwrap();
    let a = closure::host_receiver(&xs, 1, "Array.prototype.map").unwrap();
    assert_eq!(a.len(), 3);
    assert!(closure::element(&a, 0).is_some());
    assert!(closure::element(&a, 1).is_none()); // a hole
    assert!(matches!(closure::element(&a, 2), Some(Value::Undefined)));
    assert!(closure::element(&a, 3).is_none()); // past the end
                                                // The receiver must be a genuine array; the callback a function.
    assert_eq!(closure::host_receiver(&Value::str("ab"), 1, "map").unwrap_err().reason, AbortReason::Guard);
    assert_eq!(closure::host_callback(&Value::Null, 1, "map").unwrap_err().reason, AbortReason::Throw);
    assert!(closure::host_callback(&Value::builtin(Builtin::String), 1, "map").is_ok());
    // map's result starts as holes: JSON null, console.log's empty items.
    let out = closure::holes(&mut ctx, 3).unwrap();
    out.set_index(&mut ctx, 1, Value::Number(2.0)).unwrap();
    let out = Value::Array(out);
    assert_eq!(json_stringify::stringify_utf8(&mut ctx, &out).unwrap().unwrap(), "[null,2,null]");
    assert_eq!(inspect::format(&mut ctx, &[out]).unwrap(), "[ <1 empty item>, 2, <1 empty item> ]");
    assert_eq!(closure::reduce_empty().detail, "TypeError: Reduce of empty array with no initial value");
    // Reached as an ordinary built-in (through .call), a host aborts.
    let map = ops::get(&mut ctx, &xs, &Value::str("map")).unwrap();
    assert!(map.is_builtin(Builtin::ArrayPrototypeMap));
    assert!(builtins::call(&mut ctx, Builtin::ArrayPrototypeMap, &xs, &[]).is_err());
}

#[test]
fn making_a_closure_is_charged() {
    let mut ctx = Ctx::for_activation(Limits { fuel: 0, memory_bytes: 100, deadline_ms: 0 });
    assert!(closure::make(&mut ctx, 1, None, vec![Value::Null]).is_ok());
    assert_eq!(closure::make(&mut ctx, 1, None, vec![Value::Null]).unwrap_err().reason, AbortReason::Memory);
}

#[test]
fn a_closure_does_not_make_values_larger() {
    // Func::Closure is one pointer: a Value stays the size of its largest other payload (JsStr).
    assert!(std::mem::size_of::<Value>() <= 24, "{}", std::mem::size_of::<Value>());
}

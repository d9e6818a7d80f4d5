// Type conversions of ECMA-262 chapter 7: ToPrimitive, ToString, ToNumber, ToPropertyKey.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::num;
use crate::object::{Arr, Obj};
use crate::value::Value;

/// Nesting bound of Array.prototype.join through ToPrimitive: deeper arrays abort.
const MAX_JOIN_DEPTH: usize = 64;

thread_local! {
    // The arrays being joined right now. Like V8's join stack: an array met again while it is
    // being joined (a cycle) joins as "".
    static JOIN_STACK: std::cell::RefCell<Vec<usize>> = std::cell::RefCell::new(Vec::new());
}

/// Pops the join stack however array_join returns.
struct JoinGuard;
impl Drop for JoinGuard {
    fn drop(&mut self) {
        JOIN_STACK.with(|s| {
            s.borrow_mut().pop();
        });
    }
}

/// ToPrimitive for the values that have one we can compute exactly: primitives unchanged,
/// plain objects "[object Object]", arrays their join(","). Own toString/valueOf, host objects
/// and functions abort: their result is user code or source text.
pub fn to_primitive(ctx: &mut Ctx, v: &Value) -> R<Value> {
    match v {
        Value::Object(o) => Ok(Value::String(object_to_string(ctx, o)?)),
        Value::Array(a) => Ok(Value::String(array_join(ctx, a, &JsStr::from_str(","), 0)?)),
        Value::Function(_) => Err(Abort::unsupported("ToPrimitive of a function (its source text)")),
        Value::Host(h) => Err(Abort::unsupported(format!("ToPrimitive of a {}", h.class_name()))),
        _ => Ok(v.clone()),
    }
}

fn object_to_string(ctx: &mut Ctx, o: &Obj) -> R<JsStr> {
    let d = o.borrow();
    if let Some(h) = d.host {
        return Err(Abort::unsupported(format!("ToPrimitive of {}", h)));
    }
    for k in ["toString", "valueOf"] {
        if d.has(&JsStr::from_str(k)) {
            return Err(Abort::unsupported(format!("ToPrimitive of an object with its own {}", k)));
        }
    }
    drop(d);
    ctx.charge(30)?;
    Ok(JsStr::from_str("[object Object]"))
}

/// Array.prototype.join: holes, undefined and null join as ""; a cycle joins as "" (V8).
pub fn array_join(ctx: &mut Ctx, a: &Arr, sep: &JsStr, depth: usize) -> R<JsStr> {
    if depth > MAX_JOIN_DEPTH {
        return Err(Abort::unsupported("join of a very deep array"));
    }
    let addr = a.addr();
    if JOIN_STACK.with(|s| s.borrow().contains(&addr)) {
        return Ok(JsStr::empty());
    }
    JOIN_STACK.with(|s| s.borrow_mut().push(addr));
    let _guard = JoinGuard;
    let items: Vec<Option<Value>> = a.borrow().items();
    let mut out: Vec<u16> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep.units());
        }
        match it {
            None | Some(Value::Undefined) | Some(Value::Null) => {}
            Some(Value::Array(inner)) => {
                out.extend_from_slice(&array_join(ctx, inner, &JsStr::from_str(","), depth + 1)?.units())
            }
            Some(v) => out.extend_from_slice(&to_jsstr(ctx, v)?.units()),
        }
        if out.len() > (1 << 29) {
            return Err(Abort::new(crate::abort::AbortReason::Memory, "string too long"));
        }
    }
    ctx.charge(2 * out.len())?;
    Ok(JsStr::from_vec(out))
}

/// ToString.
pub fn to_jsstr(ctx: &mut Ctx, v: &Value) -> R<JsStr> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Undefined => Ok(JsStr::from_str("undefined")),
        Value::Null => Ok(JsStr::from_str("null")),
        Value::Bool(b) => Ok(JsStr::from_str(if *b { "true" } else { "false" })),
        Value::Number(n) => {
            if let Some(s) = small_integer_text(*n) {
                ctx.charge(2 * s.len())?;
                return Ok(s);
            }
            let s = num::number_text(*n);
            ctx.charge(2 * s.as_bytes().len())?;
            Ok(JsStr::from_ascii(s.as_bytes()))
        }
        _ => {
            let p = to_primitive(ctx, v)?;
            to_jsstr(ctx, &p)
        }
    }
}

/// The text of an integer below 2^53 in magnitude (what Number::toString gives it: its digits,
/// `-0` as "0"), written straight into a string's units: no String to format and free.
#[inline]
fn small_integer_text(n: f64) -> Option<JsStr> {
    num::integer_units(n).map(|(digits, at)| JsStr::from_u16(&digits[at..]))
}

/// ToNumber.
#[inline]
pub fn to_number(ctx: &mut Ctx, v: &Value) -> R<f64> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::Undefined => Ok(f64::NAN),
        Value::Null => Ok(0.0),
        Value::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => Ok(num::string_to_number(&s.units())),
        // ToPrimitive with hint number calls Date.prototype.valueOf: the time value.
        Value::Host(crate::host::HostVal::Date(d)) => Ok(d.time),
        _ => {
            let p = to_primitive(ctx, v)?;
            to_number(ctx, &p)
        }
    }
}

/// ToIntegerOrInfinity.
pub fn to_integer_or_infinity(ctx: &mut Ctx, v: &Value) -> R<f64> {
    let n = to_number(ctx, v)?;
    if n.is_nan() {
        return Ok(0.0);
    }
    Ok(n.trunc() + 0.0) // + 0.0 turns -0 into +0
}

/// ToPropertyKey: every key of this crate is a string (no Symbols reach native code).
pub fn to_property_key(ctx: &mut Ctx, v: &Value) -> R<JsStr> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Function(_) => {
            Err(Abort::unsupported("a function as a property key"))
        }
        _ => to_jsstr(ctx, v),
    }
}

/// The argument at i, undefined when absent (as a JS callee sees it).
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Undefined)
}

// The operators of the trace IR (binary, unary, tostring, literals' spread) with exact semantics.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{to_jsstr, to_number, to_primitive};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::num;
use crate::value::{strict_equals, Value};

pub use crate::prop_name::{
    get_field_f64, get_named, get_named_f64, get_named_is_builtin, global_member_is_builtin, set_named,
};
pub use crate::props::{delete, get, get_key, get_str, in_, set, set_key};
pub use crate::value::truthy;

/// The + operator: string concatenation when either primitive is a string, else numeric addition.
/// The number case is inlined into generated code; the rest is an out-of-line call.
#[inline(always)]
pub fn add(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    if let (Value::Number(x), Value::Number(y)) = (a, b) {
        return Ok(Value::Number(x + y));
    }
    add_slow(ctx, a, b)
}

/// `x = a + x` (the emitter's form when the right operand is the destination: a padding loop
/// `out = ' ' + out`): the same value and the same memory charge as `*x = add(ctx, a, x)?`,
/// written into x's own string buffer when nothing else can see that buffer (JsStr::
/// prepend_in_place), instead of a new string per step and the old one freed.
#[inline(never)]
pub fn add_front(ctx: &mut Ctx, a: &Value, x: &mut Value) -> R<()> {
    if let (Value::String(sa), Value::String(sx)) = (a, &mut *x) {
        let epoch = ctx.epoch();
        ctx.charge(sa.concat_cost(sx, epoch) + 16)?;
        if sx.prepend_in_place(sa, epoch) {
            return Ok(());
        }
        let r = sa.concat_in(sx, epoch);
        *sx = r;
        return Ok(());
    }
    let r = add(ctx, a, x)?;
    *x = r;
    Ok(())
}

/// `head + (pieces[0] + pieces[1] + ... + pieces[n-1])` (no head: the pieces alone), the `+`s
/// evaluated left to right as the statements the emitter fused into this call
/// (emit_concat.cc: single-use temporaries of a chain of adds, `text += a + ' | ' + b`). When
/// every operand is a string that is their concatenation, made in one step
/// (JsStr::concat_many_in: no intermediate strings, one charge); otherwise exactly those
/// statements, one `add` after the other. At least two pieces.
#[inline(never)]
pub fn concat(ctx: &mut Ctx, head: Option<&Value>, pieces: &[&Value]) -> R<Value> {
    let (first, rest) = match head {
        Some(h) => (h, pieces),
        None => (pieces[0], &pieces[1..]),
    };
    if let Value::String(f) = first {
        let mut extra = 0;
        if rest.iter().all(|p| match p {
            Value::String(s) => {
                extra += s.len();
                true
            }
            _ => false,
        }) {
            let epoch = ctx.epoch();
            ctx.charge(f.concat_units_cost(extra, epoch) + 16)?;
            let strs = rest.iter().map(|p| match p {
                Value::String(s) => s,
                _ => unreachable!("every piece is a string"),
            });
            return Ok(Value::String(f.concat_many_in(strs, extra, epoch)));
        }
    }
    let mut acc = add(ctx, pieces[0], pieces[1])?;
    for p in &pieces[2..] {
        acc = add(ctx, &acc, p)?;
    }
    match head {
        Some(h) => add(ctx, h, &acc),
        None => Ok(acc),
    }
}

#[inline(never)]
fn add_slow(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    // String + string, the common case of string building: ToPrimitive and ToString of a
    // string are the string itself, so this skips their clones.
    if let (Value::String(sa), Value::String(sb)) = (a, b) {
        let epoch = ctx.epoch();
        // The charge of an in-place append (concat_cost) first, then the append; only when it
        // cannot append in place, the copy's extra charge and concat_in. The same total.
        ctx.charge(2 * sb.len() + 16)?;
        if let Some(r) = sa.try_append(sb, epoch) {
            return Ok(Value::String(r));
        }
        ctx.charge(sa.concat_cost(sb, epoch) - 2 * sb.len())?;
        return Ok(Value::String(sa.concat_in(sb, epoch)));
    }
    // String + number (`'item-' + i`): both are primitives already, so ToPrimitive (a clone
    // of each) is skipped; only the number is converted.
    match (a, b) {
        (Value::String(sa), Value::Number(n)) => {
            if let Some((digits, at)) = crate::num::integer_units(*n) {
                // The digits go straight into the result: no string of their own to make and
                // free. The charges are to_jsstr's and concat's.
                let tail = &digits[at..];
                ctx.charge(2 * tail.len())?;
                let epoch = ctx.epoch();
                ctx.charge(sa.concat_units_cost(tail.len(), epoch) + 16)?;
                return Ok(Value::String(sa.concat_units_in(tail, epoch)));
            }
            let sb = to_jsstr(ctx, b)?;
            let epoch = ctx.epoch();
            ctx.charge(sa.concat_cost(&sb, epoch) + 16)?;
            return Ok(Value::String(sa.concat_in(&sb, epoch)));
        }
        (Value::Number(_), Value::String(sb)) => {
            let sa = to_jsstr(ctx, a)?;
            let epoch = ctx.epoch();
            ctx.charge(sa.concat_cost(sb, epoch) + 16)?;
            return Ok(Value::String(sa.concat_in(sb, epoch)));
        }
        _ => {}
    }
    let pa = to_primitive(ctx, a)?;
    let pb = to_primitive(ctx, b)?;
    if matches!(pa, Value::String(_)) || matches!(pb, Value::String(_)) {
        let sa = to_jsstr(ctx, &pa)?;
        let sb = to_jsstr(ctx, &pb)?;
        let epoch = ctx.epoch();
        ctx.charge(sa.concat_cost(&sb, epoch) + 16)?;
        return Ok(Value::String(sa.concat_in(&sb, epoch)));
    }
    Ok(Value::Number(to_number(ctx, &pa)? + to_number(ctx, &pb)?))
}

#[inline(always)]
fn numeric(ctx: &mut Ctx, a: &Value, b: &Value) -> R<(f64, f64)> {
    if let (Value::Number(x), Value::Number(y)) = (a, b) {
        return Ok((*x, *y));
    }
    numeric_slow(ctx, a, b)
}

#[inline(never)]
fn numeric_slow(ctx: &mut Ctx, a: &Value, b: &Value) -> R<(f64, f64)> {
    Ok((to_number(ctx, a)?, to_number(ctx, b)?))
}

#[inline(always)]
pub fn sub(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(x - y))
}
#[inline(always)]
pub fn mul(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(x * y))
}
#[inline(always)]
pub fn div(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(x / y))
}
#[inline(always)]
pub fn rem(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(num::rem(x, y)))
}
pub fn pow(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    match num::pow(x, y) {
        Some(r) => Ok(Value::Number(r)),
        None => Err(Abort::unsupported(format!("{} ** {} is not computed bit-exactly", x, y))),
    }
}
pub fn shl(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(num::shl(x, y)))
}
pub fn shr(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(num::shr(x, y)))
}
pub fn ushr(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number(num::ushr(x, y)))
}
pub fn bitand(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number((num::to_int32(x) & num::to_int32(y)) as f64))
}
pub fn bitor(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number((num::to_int32(x) | num::to_int32(y)) as f64))
}
pub fn bitxor(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    let (x, y) = numeric(ctx, a, b)?;
    Ok(Value::Number((num::to_int32(x) ^ num::to_int32(y)) as f64))
}

/// IsLooselyEqual (ECMA-262 7.2.14), without Symbol and BigInt, which never reach native code.
pub fn loose_equals(ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    use Value::*;
    Ok(match (a, b) {
        (Undefined | Null, Undefined | Null) => true,
        (Undefined | Null, _) | (_, Undefined | Null) => false,
        (Number(x), Number(y)) => x == y,
        (String(x), String(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Number(x), String(s)) | (String(s), Number(x)) => *x == num::string_to_number(&s.units()),
        (Bool(x), _) => return loose_equals(ctx, &Number(if *x { 1.0 } else { 0.0 }), b),
        (_, Bool(y)) => return loose_equals(ctx, a, &Number(if *y { 1.0 } else { 0.0 })),
        (Host(_), Host(_)) => strict_equals(a, b)?,
        (Host(_), _) | (_, Host(_)) => return Err(Abort::unsupported("== between a host object and another value")),
        (Object(_) | Array(_) | Function(_), Object(_) | Array(_) | Function(_)) => strict_equals(a, b)?,
        (Object(_) | Array(_) | Function(_), _) => {
            let p = to_primitive(ctx, a)?;
            return loose_equals(ctx, &p, b);
        }
        (_, Object(_) | Array(_) | Function(_)) => {
            let p = to_primitive(ctx, b)?;
            return loose_equals(ctx, a, &p);
        }
    })
}

pub fn loose_eq(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(loose_equals(ctx, a, b)?))
}
pub fn loose_ne(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(!loose_equals(ctx, a, b)?))
}
#[inline(always)]
pub fn strict_eq(_ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(strict_equals(a, b)?))
}
#[inline(always)]
pub fn strict_ne(_ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(!strict_equals(a, b)?))
}

/// IsLessThan: Some(true/false), or None when a NaN makes the comparison undefined.
#[inline(always)]
fn less_than(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Option<bool>> {
    if let (Value::Number(x), Value::Number(y)) = (a, b) {
        return Ok(if x.is_nan() || y.is_nan() { None } else { Some(x < y) });
    }
    less_than_slow(ctx, a, b)
}

#[inline(never)]
fn less_than_slow(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Option<bool>> {
    let pa = to_primitive(ctx, a)?;
    let pb = to_primitive(ctx, b)?;
    if let (Value::String(x), Value::String(y)) = (&pa, &pb) {
        return Ok(Some(*x.units() < *y.units()));
    }
    let x = to_number(ctx, &pa)?;
    let y = to_number(ctx, &pb)?;
    Ok(if x.is_nan() || y.is_nan() { None } else { Some(x < y) })
}

#[inline(always)]
pub fn lt(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(less_than(ctx, a, b)? == Some(true)))
}
#[inline(always)]
pub fn gt(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(less_than(ctx, b, a)? == Some(true)))
}
#[inline(always)]
pub fn le(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(less_than(ctx, b, a)? == Some(false)))
}
#[inline(always)]
pub fn ge(ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    Ok(Value::Bool(less_than(ctx, a, b)? == Some(false)))
}

/// `instanceof`: only `x instanceof Array` and `x instanceof Object` are exact here.
pub fn instanceof(_ctx: &mut Ctx, a: &Value, b: &Value) -> R<Value> {
    use crate::builtins::Builtin;
    if b.is_builtin(Builtin::Array) {
        return Ok(Value::Bool(matches!(a, Value::Array(_))));
    }
    if b.is_builtin(Builtin::Object) {
        let host = matches!(a, Value::Object(o) if o.borrow().host.is_some());
        if host {
            return Err(Abort::unsupported("instanceof on a host object"));
        }
        return Ok(Value::Bool(a.is_object_like()));
    }
    Err(Abort::unsupported("instanceof with a right side other than Array or Object"))
}

#[inline(always)]
pub fn not(_ctx: &mut Ctx, a: &Value) -> R<Value> {
    Ok(Value::Bool(!truthy(a)))
}
pub fn neg(ctx: &mut Ctx, a: &Value) -> R<Value> {
    Ok(Value::Number(-to_number(ctx, a)?))
}
pub fn plus(ctx: &mut Ctx, a: &Value) -> R<Value> {
    Ok(Value::Number(to_number(ctx, a)?))
}
pub fn bitnot(ctx: &mut Ctx, a: &Value) -> R<Value> {
    Ok(Value::Number(!num::to_int32(to_number(ctx, a)?) as f64))
}
pub fn typeof_(ctx: &mut Ctx, a: &Value) -> R<Value> {
    let s = a.typeof_str();
    ctx.charge(2 * s.len())?;
    Ok(Value::str(s))
}
pub fn void_(_ctx: &mut Ctx, _a: &Value) -> R<Value> {
    Ok(Value::Undefined)
}

/// A template literal's `${}`: ToString (not ToPrimitive with the default hint, unlike `+`).
pub fn to_string_template(ctx: &mut Ctx, a: &Value) -> R<Value> {
    Ok(Value::String(to_jsstr(ctx, a)?))
}

/// Appends the elements of an iterable spread (`...v`) to a call's or array literal's values.
/// Arrays (holes as undefined) and strings (by code point) are exact; other iterables abort.
pub fn spread_into(ctx: &mut Ctx, out: &mut Vec<Value>, v: &Value) -> R<()> {
    match v {
        Value::Array(a) => {
            let items = a.borrow().items();
            ctx.charge(crate::object::SLOT_BYTES * items.len())?;
            out.extend(items.into_iter().map(|x| x.unwrap_or(Value::Undefined)));
            Ok(())
        }
        Value::String(s) => {
            let u = s.units();
            let mut i = 0;
            while i < u.len() {
                let pair = i + 1 < u.len() && (0xD800..0xDC00).contains(&u[i]) && (0xDC00..0xE000).contains(&u[i + 1]);
                let n = if pair { 2 } else { 1 };
                ctx.charge(2 * n + 16)?;
                out.push(Value::String(JsStr::from_u16(&u[i..i + n])));
                i += n;
            }
            Ok(())
        }
        Value::Undefined | Value::Null | Value::Number(_) | Value::Bool(_) => {
            Err(Abort::throw("spread of a non-iterable"))
        }
        _ => Err(Abort::unsupported("spread of an iterable other than an array or string")),
    }
}

/// Unboxes a value that the compiler proved is a number (docs/compiler.md, "Performance"):
/// a guard, so that a wrong proof could only ever abort, never give a different answer.
#[inline(always)]
pub fn as_f64(v: Value) -> R<f64> {
    match v {
        Value::Number(n) => Ok(n),
        other => Err(unboxing_failed("number", &other)),
    }
}

/// Unboxes a value that the compiler proved is a boolean (a guard, like as_f64).
#[inline(always)]
pub fn as_bool(v: Value) -> R<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(unboxing_failed("boolean", &other)),
    }
}

#[cold]
#[inline(never)]
fn unboxing_failed(expected: &str, got: &Value) -> Abort {
    Abort::guard(None, format!("expected a {}, got {}", expected, got.type_tag()))
}

/// `xs.push(v)` once the callee guard has proved Array.prototype.push: the one-argument case
/// without the built-in dispatcher and its argument slice (the same steps and answer as
/// builtins::array::push, which a receiver other than an array still goes through).
/// Inlined, so that a result nobody reads (the usual `xs.push(v);`) costs nothing.
#[inline(always)]
pub fn push_one(ctx: &mut Ctx, this: &Value, v: Value) -> R<Value> {
    match this {
        Value::Array(a) => Ok(Value::Number(push_value(ctx, a, v)? as f64)),
        _ => push_one_slow(ctx, this, v),
    }
}

/// `xs.push(v);` as a statement: push_one without its result. The result of push_one goes
/// through memory in large handlers, and dropping it was an out-of-line call per push.
#[inline(always)]
pub fn push_one_void(ctx: &mut Ctx, this: &Value, v: Value) -> R<()> {
    match this {
        Value::Array(a) => push_value(ctx, a, v).map(|_| ()),
        _ => push_one_slow(ctx, this, v).map(drop),
    }
}

/// Appends v to a and gives the new length. The value's kind is decided here, on the Value
/// the caller built inline (its tag a constant there), so the packed paths never store it:
/// passed on as a Value, it went through the stack, a tag byte and a payload stored apart and
/// then copied as one 16-byte load, a store-forwarding stall on every push (BFS: 40% of its
/// time). A number or boolean owns nothing: `forget` spares the call to Value's drop glue.
#[inline(always)]
fn push_value(ctx: &mut Ctx, a: &crate::object::Arr, v: Value) -> R<usize> {
    if let Value::Number(x) = v {
        std::mem::forget(v);
        return a.push_number_len(ctx, x);
    }
    if let Value::Bool(b) = v {
        std::mem::forget(v);
        return a.push_bool_len(ctx, b);
    }
    a.push_len(ctx, v)
}

#[inline(never)]
fn push_one_slow(ctx: &mut Ctx, this: &Value, v: Value) -> R<Value> {
    crate::builtins::call(ctx, crate::builtins::Builtin::ArrayPrototypePush, this, &[v])
}

// Element reads and writes with an unboxed index (and value) for unboxed locals: on a packed
// array of that type (crate::elements) a read is a bounds check and a load, a write a store;
// anything else goes through the generic `get`/`set` with the index boxed, and a read's result
// through the guard of as_f64/as_bool: the same answer, or the same abort.

/// `obj[i]` into an unboxed number.
#[inline(always)]
pub fn get_index_f64(ctx: &mut Ctx, obj: &Value, i: f64) -> R<f64> {
    if let Value::Array(a) = obj {
        let u = i as u32; // saturating, and far cheaper than `as usize`
        if u as f64 == i {
            if let Some(x) = a.number_at(u as usize) {
                return Ok(x);
            }
        }
    }
    get_index_f64_slow(ctx, obj, i)
}

#[inline(never)]
fn get_index_f64_slow(ctx: &mut Ctx, obj: &Value, i: f64) -> R<f64> {
    as_f64(crate::props::get(ctx, obj, &Value::Number(i))?)
}

/// `obj[i]` into an unboxed boolean.
#[inline(always)]
pub fn get_index_bool(ctx: &mut Ctx, obj: &Value, i: f64) -> R<bool> {
    if let Value::Array(a) = obj {
        let u = i as u32; // saturating, and far cheaper than `as usize`
        if u as f64 == i {
            if let Some(b) = a.bool_at(u as usize) {
                return Ok(b);
            }
        }
    }
    get_index_bool_slow(ctx, obj, i)
}

#[inline(never)]
fn get_index_bool_slow(ctx: &mut Ctx, obj: &Value, i: f64) -> R<bool> {
    as_bool(crate::props::get(ctx, obj, &Value::Number(i))?)
}

/// `obj[i] = x` with an unboxed index and number.
#[inline(always)]
pub fn set_index_f64(ctx: &mut Ctx, obj: &Value, i: f64, x: f64) -> R<()> {
    if let Value::Array(a) = obj {
        let u = i as u32; // saturating, and far cheaper than `as usize`
        if u as f64 == i && a.put_number(ctx, u as usize, x) {
            return Ok(());
        }
    }
    set_index_slow(ctx, obj, i, Value::Number(x))
}

/// `obj[i] = b` with an unboxed index and boolean.
#[inline(always)]
pub fn set_index_bool(ctx: &mut Ctx, obj: &Value, i: f64, b: bool) -> R<()> {
    if let Value::Array(a) = obj {
        let u = i as u32; // saturating, and far cheaper than `as usize`
        if u as f64 == i && a.put_bool(ctx, u as usize, b) {
            return Ok(());
        }
    }
    set_index_slow(ctx, obj, i, Value::Bool(b))
}

#[inline(never)]
fn set_index_slow(ctx: &mut Ctx, obj: &Value, i: f64, v: Value) -> R<()> {
    crate::props::set(ctx, obj, &Value::Number(i), v)
}

/// `s.charCodeAt(i)` once the callee guard has proved String.prototype.charCodeAt: a string and
/// an integer index in range read the code unit directly; everything else (NaN for out of
/// range, ToString of other receivers, ToIntegerOrInfinity of other indices) goes through the
/// built-in, which gives the same answer.
/// Inlined, so that the number it returns is not boxed only to be unboxed by the caller.
#[inline(always)]
pub fn char_code_at(ctx: &mut Ctx, this: &Value, index: &Value) -> R<Value> {
    if let (Value::String(s), Value::Number(n)) = (this, index) {
        let i = *n as u32; // saturating; cheaper than `as usize`
        if i as f64 == *n && (i as usize) < s.len() {
            return Ok(Value::Number(s.unit(i as usize) as f64));
        }
    }
    char_code_at_slow(ctx, this, index)
}

/// `s.charCodeAt(i)` for an unboxed index and destination: the same answer as char_code_at.
#[inline(always)]
pub fn char_code_at_f64(ctx: &mut Ctx, this: &Value, index: f64) -> R<f64> {
    if let Value::String(s) = this {
        let i = index as u32; // saturating; cheaper than `as usize`
        if i as f64 == index && (i as usize) < s.len() {
            return Ok(s.unit(i as usize) as f64);
        }
    }
    as_f64(char_code_at_slow(ctx, this, &Value::Number(index))?)
}

#[inline(never)]
fn char_code_at_slow(ctx: &mut Ctx, this: &Value, index: &Value) -> R<Value> {
    crate::builtins::call(ctx, crate::builtins::Builtin::StringPrototypeCharCodeAt, this, std::slice::from_ref(index))
}

// Typed forms for unboxed destinations (docs/compiler.md "Performance"): the same operation as
// the boxed function of the same name, with the result unboxed, so that generated code needs no
// `as_f64`/`as_bool` guard around a Value it knows the type of.
macro_rules! numeric_f64 {
    ($($name:ident: $x:ident, $y:ident => $e:expr;)*) => {$(
        #[inline(always)]
        pub fn $name(ctx: &mut Ctx, a: &Value, b: &Value) -> R<f64> {
            let ($x, $y) = numeric(ctx, a, b)?;
            Ok($e)
        }
    )*};
}
numeric_f64! {
    sub_f64: x, y => x - y;
    mul_f64: x, y => x * y;
    div_f64: x, y => x / y;
    rem_f64: x, y => num::rem(x, y);
}

/// `<`, `<=`, `>`, `>=` as a bool.
#[inline(always)]
pub fn lt_bool(ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    Ok(less_than(ctx, a, b)? == Some(true))
}
#[inline(always)]
pub fn gt_bool(ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    Ok(less_than(ctx, b, a)? == Some(true))
}
#[inline(always)]
pub fn le_bool(ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    Ok(less_than(ctx, b, a)? == Some(false))
}
#[inline(always)]
pub fn ge_bool(ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    Ok(less_than(ctx, a, b)? == Some(false))
}
/// `===` and `!==` as a bool.
#[inline(always)]
pub fn strict_eq_bool(_ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    strict_equals(a, b)
}
#[inline(always)]
pub fn strict_ne_bool(_ctx: &mut Ctx, a: &Value, b: &Value) -> R<bool> {
    Ok(!strict_equals(a, b)?)
}

// Array() and the Array.prototype methods that take no callbacks (holes kept as the spec says).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, array_join, to_integer_or_infinity, to_jsstr};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::object::{Arr, SLOT_BYTES};
use crate::value::{same_value_zero, strict_equals, Value};

/// Array methods here require a real array `this`; generic array-likes are left to Node.js.
fn this_arr(this: &Value) -> R<Arr> {
    match this {
        Value::Array(a) => Ok(a.clone()),
        _ => Err(Abort::unsupported("an Array.prototype method on a non-array")),
    }
}

fn relative(ctx: &mut Ctx, v: &Value, len: usize, default: usize) -> R<usize> {
    if matches!(v, Value::Undefined) {
        return Ok(default);
    }
    let n = to_integer_or_infinity(ctx, v)?;
    let len_f = len as f64;
    Ok(if n < 0.0 { (len_f + n).max(0.0) as usize } else { n.min(len_f) as usize })
}

/// Array(...): one number argument is a length (holes), anything else is the elements.
pub fn array_call(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    if let [Value::Number(n)] = args {
        let len = crate::num::to_uint32(*n);
        if len as f64 != *n {
            return Err(Abort::throw("RangeError: Invalid array length"));
        }
        if len > (1 << 20) {
            return Err(Abort::unsupported("a very long sparse array"));
        }
        return Ok(Value::Array(Arr::new(ctx, vec![None; len as usize])?));
    }
    crate::props::new_array(ctx, args.to_vec())
}

pub fn is_array(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    // Array.prototype is itself an array (a host object here).
    Ok(Value::Bool(match arg(args, 0) {
        Value::Array(_) => true,
        Value::Object(o) => o.borrow().host == Some("Array.prototype"),
        _ => false,
    }))
}

pub fn push(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    for v in args {
        a.push(ctx, v.clone())?;
    }
    Ok(Value::Number(a.len() as f64))
}

pub fn pop(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    if a.is_empty() {
        return Ok(Value::Undefined);
    }
    a.check_mutable(ctx)?;
    let v = a.borrow_mut().items_mut().pop().flatten();
    Ok(v.unwrap_or(Value::Undefined))
}

pub fn shift(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    if a.is_empty() {
        return Ok(Value::Undefined);
    }
    a.check_mutable(ctx)?;
    let v = a.borrow_mut().items_mut().remove(0);
    Ok(v.unwrap_or(Value::Undefined))
}

pub fn unshift(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    if !args.is_empty() {
        a.check_mutable(ctx)?;
        ctx.charge(SLOT_BYTES * args.len())?;
        let mut d = a.borrow_mut();
        let slots = d.items_mut();
        let tail = std::mem::take(slots);
        *slots = args.iter().cloned().map(Some).chain(tail).collect();
    }
    Ok(Value::Number(a.len() as f64))
}

pub fn slice(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let len = a.len();
    let from = relative(ctx, &arg(args, 0), len, 0)?;
    let to = relative(ctx, &arg(args, 1), len, len)?;
    let items = if from < to { a.borrow().items()[from..to].to_vec() } else { Vec::new() };
    Ok(Value::Array(Arr::new(ctx, items)?))
}

pub fn index_of(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let len = a.len();
    let target = arg(args, 0);
    let from = relative(ctx, &arg(args, 1), len, 0)?;
    let d = a.borrow();
    for i in from..len {
        if let Some(v) = &d.slot(i) {
            if strict_equals(v, &target)? {
                return Ok(Value::Number(i as f64));
            }
        }
    }
    Ok(Value::Number(-1.0))
}

pub fn last_index_of(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let len = a.len();
    if len == 0 {
        return Ok(Value::Number(-1.0));
    }
    let target = arg(args, 0);
    let from = if args.len() > 1 {
        let n = to_integer_or_infinity(ctx, &args[1])?;
        if n >= 0.0 {
            n.min(len as f64 - 1.0)
        } else {
            len as f64 + n
        }
    } else {
        len as f64 - 1.0
    };
    if from < 0.0 {
        return Ok(Value::Number(-1.0));
    }
    let d = a.borrow();
    for i in (0..=from as usize).rev() {
        if let Some(v) = &d.slot(i) {
            if strict_equals(v, &target)? {
                return Ok(Value::Number(i as f64));
            }
        }
    }
    Ok(Value::Number(-1.0))
}

pub fn includes(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let len = a.len();
    let target = arg(args, 0);
    let from = relative(ctx, &arg(args, 1), len, 0)?;
    let d = a.borrow();
    for i in from..len {
        let v = d.slot(i).unwrap_or(Value::Undefined);
        if same_value_zero(&v, &target)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub fn join(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let sep = match arg(args, 0) {
        Value::Undefined => JsStr::from_str(","),
        v => to_jsstr(ctx, &v)?,
    };
    Ok(Value::String(array_join(ctx, &a, &sep, 0)?))
}

pub fn to_string(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    Ok(Value::String(array_join(ctx, &a, &JsStr::from_str(","), 0)?))
}

pub fn concat(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let mut items = a.borrow().items();
    for v in args {
        match v {
            Value::Array(b) => items.extend(b.borrow().items()),
            other => items.push(Some(other.clone())),
        }
    }
    Ok(Value::Array(Arr::new(ctx, items)?))
}

pub fn reverse(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    a.check_mutable(ctx)?;
    a.borrow_mut().items_mut().reverse();
    Ok(this.clone())
}

pub fn at(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let n = to_integer_or_infinity(ctx, &arg(args, 0))?;
    let len = a.len() as f64;
    let k = if n >= 0.0 { n } else { len + n };
    if k < 0.0 || k >= len {
        return Ok(Value::Undefined);
    }
    Ok(a.get(k as usize))
}

pub fn fill(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let len = a.len();
    let v = arg(args, 0);
    let from = relative(ctx, &arg(args, 1), len, 0)?;
    let to = relative(ctx, &arg(args, 2), len, len)?;
    if from < to {
        a.check_mutable(ctx)?;
        let mut d = a.borrow_mut();
        for slot in &mut d.items_mut()[from..to] {
            *slot = Some(v.clone());
        }
    }
    Ok(this.clone())
}

/// sort() without a comparator: present elements by ToString in UTF-16 order (stable, as V8's
/// TimSort), undefined after them, holes last. A comparator is a callback: left to Node.js.
pub fn sort(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    match arg(args, 0) {
        Value::Undefined => {}
        Value::Function(_) => return Err(Abort::unsupported("sort with a comparator (a callback)")),
        _ => return Err(Abort::throw("TypeError: The comparison function must be either a function or undefined")),
    }
    let items = a.borrow().items();
    let len = items.len();
    let mut keyed: Vec<(JsStr, Value)> = Vec::new();
    let mut undefineds = 0;
    for v in items.into_iter().flatten() {
        if matches!(v, Value::Undefined) {
            undefineds += 1;
        } else {
            // Every key is computed before anything moves, so an abort leaves the array intact.
            keyed.push((to_jsstr(ctx, &v)?, v));
        }
    }
    keyed.sort_by(|x, y| x.0.cmp(&y.0));
    if len > 1 {
        a.check_mutable(ctx)?;
    }
    let mut out: Vec<Option<Value>> = keyed.into_iter().map(|(_, v)| Some(v)).collect();
    out.extend(std::iter::repeat(Some(Value::Undefined)).take(undefineds));
    out.resize(len, None);
    *a.borrow_mut().items_mut() = out;
    Ok(this.clone())
}

/// splice(start, deleteCount, ...items): holes move with their neighbours, as the spec's
/// HasProperty/Delete steps make them.
pub fn splice(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let len = a.len();
    let start = relative(ctx, &arg(args, 0), len, 0)?;
    let delete_count = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = to_integer_or_infinity(ctx, &args[1])?;
            dc.max(0.0).min((len - start) as f64) as usize
        }
    };
    let inserted: Vec<Option<Value>> = args.iter().skip(2).cloned().map(Some).collect();
    if delete_count > 0 || !inserted.is_empty() {
        a.check_mutable(ctx)?;
    }
    ctx.charge(SLOT_BYTES * (inserted.len() + delete_count))?;
    let removed: Vec<Option<Value>> =
        a.borrow_mut().items_mut().splice(start..start + delete_count, inserted).collect();
    Ok(Value::Array(Arr::new(ctx, removed)?))
}

/// Array.prototype.flat(depth): holes skipped, nested arrays spread up to depth levels.
pub fn flat(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let a = this_arr(this)?;
    let depth = match arg(args, 0) {
        Value::Undefined => 1.0,
        v => to_integer_or_infinity(ctx, &v)?.max(0.0),
    };
    let mut out = Vec::new();
    flatten_into(&mut out, &a, depth, 0)?;
    Ok(Value::Array(Arr::new(ctx, out)?))
}

fn flatten_into(out: &mut Vec<Option<Value>>, a: &Arr, depth: f64, level: usize) -> R<()> {
    if level > 64 {
        return Err(Abort::unsupported("flat of a cyclic or very deep array"));
    }
    let items = a.borrow().items();
    for v in items.into_iter().flatten() {
        match v {
            Value::Array(inner) if depth >= 1.0 => flatten_into(out, &inner, depth - 1.0, level + 1)?,
            v => out.push(Some(v)),
        }
    }
    Ok(())
}

/// Array.from(items) without a map function: arrays (holes read as undefined) and strings
/// (by code point) through their iterators. Array-likes and other iterables abort.
pub fn from(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    if !matches!(arg(args, 1), Value::Undefined) {
        return Err(Abort::unsupported("Array.from with a map function (a callback)"));
    }
    match arg(args, 0) {
        v @ (Value::Array(_) | Value::String(_)) => {
            let mut vals = Vec::new();
            crate::ops::spread_into(ctx, &mut vals, &v)?;
            crate::props::new_array(ctx, vals)
        }
        Value::Undefined | Value::Null => Err(Abort::throw("TypeError: items is not iterable")),
        Value::Number(_) | Value::Bool(_) => crate::props::new_array(ctx, Vec::new()),
        _ => Err(Abort::unsupported("Array.from of an array-like or a non-array iterable")),
    }
}

pub fn of(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    crate::props::new_array(ctx, args.to_vec())
}

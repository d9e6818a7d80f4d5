// String() and the String.prototype methods, counting UTF-16 code units as ECMAScript does.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, to_integer_or_infinity, to_jsstr, to_number};
use crate::ctx::Ctx;
use crate::jsstr::{is_js_whitespace, JsStr};
use crate::num::to_uint32;
use crate::value::Value;

/// RequireObjectCoercible(this) then ToString(this).
fn this_str(ctx: &mut Ctx, this: &Value) -> R<JsStr> {
    match this {
        Value::String(s) => Ok(s.clone()),
        Value::Undefined | Value::Null => {
            Err(Abort::throw("TypeError: String.prototype method called on null or undefined"))
        }
        _ => to_jsstr(ctx, this),
    }
}

fn new_str(ctx: &mut Ctx, units: Vec<u16>) -> R<Value> {
    ctx.charge(2 * units.len() + 16)?;
    Ok(Value::String(JsStr::from_vec(units)))
}

/// A relative index argument (slice, at): negative counts from the end, clamped to [0, len].
fn relative(ctx: &mut Ctx, v: &Value, len: usize, default: usize) -> R<usize> {
    if matches!(v, Value::Undefined) {
        return Ok(default);
    }
    let n = to_integer_or_infinity(ctx, v)?;
    let len_f = len as f64;
    Ok(if n < 0.0 { (len_f + n).max(0.0) as usize } else { n.min(len_f) as usize })
}

/// An absolute index argument clamped to [0, len] (substring, indexOf positions).
fn clamped(ctx: &mut Ctx, v: &Value, len: usize) -> R<usize> {
    let n = to_integer_or_infinity(ctx, v)?;
    Ok(n.max(0.0).min(len as f64) as usize)
}

pub fn string_call(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    if args.is_empty() {
        return Ok(Value::str(""));
    }
    Ok(Value::String(to_jsstr(ctx, &args[0])?))
}

pub fn from_char_code(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut units = Vec::with_capacity(args.len());
    for a in args {
        units.push((to_uint32(to_number(ctx, a)?) & 0xFFFF) as u16);
    }
    new_str(ctx, units)
}

pub fn char_at(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let p = to_integer_or_infinity(ctx, &arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::str(""));
    }
    new_str(ctx, vec![s.unit(p as usize)])
}

pub fn char_code_at(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let p = to_integer_or_infinity(ctx, &arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::Number(f64::NAN));
    }
    Ok(Value::Number(s.unit(p as usize) as f64))
}

pub fn code_point_at(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let p = to_integer_or_infinity(ctx, &arg(args, 0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::Undefined);
    }
    let u = s.units();
    let i = p as usize;
    let first = u[i];
    if (0xD800..0xDC00).contains(&first) && i + 1 < u.len() && (0xDC00..0xE000).contains(&u[i + 1]) {
        let cp = 0x10000 + (((first as u32) - 0xD800) << 10) + ((u[i + 1] as u32) - 0xDC00);
        return Ok(Value::Number(cp as f64));
    }
    Ok(Value::Number(first as f64))
}

pub fn at(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let n = to_integer_or_infinity(ctx, &arg(args, 0))?;
    let k = if n >= 0.0 { n } else { s.len() as f64 + n };
    if k < 0.0 || k >= s.len() as f64 {
        return Ok(Value::Undefined);
    }
    new_str(ctx, vec![s.unit(k as usize)])
}

pub fn index_of(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let needle = to_jsstr(ctx, &arg(args, 0))?;
    let from = clamped(ctx, &arg(args, 1), s.len())?;
    let result = Value::Number(s.index_of(&needle.units(), from).map_or(-1.0, |i| i as f64));
    Ok(result)
}

pub fn last_index_of(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let needle = to_jsstr(ctx, &arg(args, 0))?;
    let n = to_number(ctx, &arg(args, 1))?;
    let pos = if n.is_nan() { f64::INFINITY } else { n.trunc() };
    let start = pos.max(0.0).min(s.len() as f64) as usize;
    let result = Value::Number(s.last_index_of(&needle.units(), start).map_or(-1.0, |i| i as f64));
    Ok(result)
}

pub fn includes(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let needle = to_jsstr(ctx, &arg(args, 0))?;
    let from = clamped(ctx, &arg(args, 1), s.len())?;
    let result = Value::Bool(s.index_of(&needle.units(), from).is_some());
    Ok(result)
}

pub fn starts_with(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let needle = to_jsstr(ctx, &arg(args, 0))?;
    let start = clamped(ctx, &arg(args, 1), s.len())?;
    let u = &s.units()[start..];
    let result = Value::Bool(u.starts_with(&needle.units()));
    Ok(result)
}

pub fn ends_with(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let needle = to_jsstr(ctx, &arg(args, 0))?;
    let end = if matches!(arg(args, 1), Value::Undefined) { s.len() } else { clamped(ctx, &arg(args, 1), s.len())? };
    let result = Value::Bool(s.units()[..end].ends_with(&needle.units()));
    Ok(result)
}

pub fn slice(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let from = relative(ctx, &arg(args, 0), s.len(), 0)?;
    let to = relative(ctx, &arg(args, 1), s.len(), s.len())?;
    if from >= to {
        return Ok(Value::str(""));
    }
    ctx.charge(2 * (to - from) + 16)?;
    Ok(Value::String(s.slice(from, to)))
}

pub fn substring(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let a = clamped(ctx, &arg(args, 0), s.len())?;
    let b = if matches!(arg(args, 1), Value::Undefined) { s.len() } else { clamped(ctx, &arg(args, 1), s.len())? };
    let (from, to) = (a.min(b), a.max(b));
    ctx.charge(2 * (to - from) + 16)?;
    Ok(Value::String(s.slice(from, to)))
}

pub fn substr(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let from = relative(ctx, &arg(args, 0), s.len(), 0)?;
    let len = if matches!(arg(args, 1), Value::Undefined) {
        s.len() as f64
    } else {
        to_integer_or_infinity(ctx, &arg(args, 1))?
    };
    let to = (from as f64 + len).min(s.len() as f64);
    if to <= from as f64 {
        return Ok(Value::str(""));
    }
    let to = to as usize;
    ctx.charge(2 * (to - from) + 16)?;
    Ok(Value::String(s.slice(from, to)))
}

/// Case mapping: ASCII directly; Latin, Greek and Cyrillic (below U+0530, where Rust's Unicode
/// tables and V8's ICU agree, SpecialCasing included) through Rust. Other scripts, and a capital
/// sigma in lowercasing (the final-sigma context rule), abort.
fn map_case(ctx: &mut Ctx, this: &Value, upper: bool) -> R<Value> {
    let s = this_str(ctx, this)?;
    if s.is_ascii() {
        let units = s
            .units()
            .iter()
            .map(|&u| {
                let c = u as u8;
                (if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }) as u16
            })
            .collect();
        return new_str(ctx, units);
    }
    if s.units().iter().any(|&u| u >= 0x0530 || (!upper && u == 0x03A3)) {
        return Err(Abort::unsupported("case mapping outside Latin, Greek and Cyrillic"));
    }
    let text = s.to_utf8_lossy();
    let mapped = if upper { text.to_uppercase() } else { text.to_lowercase() };
    new_str(ctx, mapped.encode_utf16().collect())
}

pub fn to_upper_case(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    map_case(ctx, this, true)
}
pub fn to_lower_case(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    map_case(ctx, this, false)
}

fn trim_sides(ctx: &mut Ctx, this: &Value, start: bool, end: bool) -> R<Value> {
    let s = this_str(ctx, this)?;
    let u = s.units();
    let mut a = 0;
    let mut b = u.len();
    if start {
        while a < b && is_js_whitespace(u[a]) {
            a += 1;
        }
    }
    if end {
        while b > a && is_js_whitespace(u[b - 1]) {
            b -= 1;
        }
    }
    ctx.charge(2 * (b - a) + 16)?;
    Ok(Value::String(s.slice(a, b)))
}

pub fn trim(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    trim_sides(ctx, this, true, true)
}
pub fn trim_start(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    trim_sides(ctx, this, true, false)
}
pub fn trim_end(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    trim_sides(ctx, this, false, true)
}

/// StringPad: ToLength(maxLength), filler " " by default, the filler cut to fit.
fn pad(ctx: &mut Ctx, this: &Value, args: &[Value], at_start: bool) -> R<Value> {
    let s = this_str(ctx, this)?;
    let max = to_integer_or_infinity(ctx, &arg(args, 0))?;
    if max <= s.len() as f64 {
        return Ok(Value::String(s));
    }
    let filler = match arg(args, 1) {
        Value::Undefined => JsStr::from_str(" "),
        v => to_jsstr(ctx, &v)?,
    };
    if filler.is_empty() {
        return Ok(Value::String(s));
    }
    if max > (1u64 << 29) as f64 {
        return Err(Abort::new(crate::abort::AbortReason::Memory, "padded string too long"));
    }
    let fill_len = max as usize - s.len();
    ctx.charge(2 * max as usize)?;
    let fill: Vec<u16> = filler.units().iter().copied().cycle().take(fill_len).collect();
    let mut out = Vec::with_capacity(max as usize);
    if at_start {
        out.extend_from_slice(&fill);
        out.extend_from_slice(&s.units());
    } else {
        out.extend_from_slice(&s.units());
        out.extend_from_slice(&fill);
    }
    Ok(Value::String(JsStr::from_vec(out)))
}

pub fn pad_start(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    pad(ctx, this, args, true)
}
pub fn pad_end(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    pad(ctx, this, args, false)
}

pub fn repeat(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let n = to_integer_or_infinity(ctx, &arg(args, 0))?;
    if n < 0.0 || n.is_infinite() {
        return Err(Abort::throw("RangeError: Invalid count value"));
    }
    if n == 0.0 || s.is_empty() {
        return Ok(Value::str(""));
    }
    let total = n * s.len() as f64;
    if total > (1u64 << 29) as f64 {
        return Err(Abort::new(crate::abort::AbortReason::Memory, "repeated string too long"));
    }
    ctx.charge(2 * total as usize + 16)?;
    let result = Value::String(JsStr::from_vec(s.units().repeat(n as usize)));
    Ok(result)
}

pub fn concat(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let mut out = s.units().to_vec();
    for a in args {
        out.extend_from_slice(&to_jsstr(ctx, a)?.units());
    }
    new_str(ctx, out)
}

pub fn split(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let s = this_str(ctx, this)?;
    let lim = match arg(args, 1) {
        Value::Undefined => u32::MAX,
        v => to_uint32(to_number(ctx, &v)?),
    } as usize;
    let sep_v = arg(args, 0);
    if matches!(sep_v, Value::Object(_) | Value::Function(_)) {
        return Err(Abort::unsupported("split with an object separator"));
    }
    let sep = match sep_v {
        Value::Undefined => None,
        v => Some(to_jsstr(ctx, &v)?),
    };
    let mut parts: Vec<Value> = Vec::new();
    if lim == 0 {
        return crate::props::new_array(ctx, parts);
    }
    let sep = match sep {
        None => return crate::props::new_array(ctx, vec![Value::String(s)]),
        Some(sep) => sep,
    };
    if s.is_empty() {
        if !sep.is_empty() {
            parts.push(Value::String(s));
        }
        return crate::props::new_array(ctx, parts);
    }
    if sep.is_empty() {
        for &u in s.units().iter().take(lim) {
            ctx.charge(18)?;
            parts.push(Value::String(JsStr::from_u16(&[u])));
        }
        return crate::props::new_array(ctx, parts);
    }
    let mut p = 0;
    let mut q = 0;
    while let Some(found) = s.index_of(&sep.units(), q) {
        ctx.charge(2 * (found - p) + 16)?;
        parts.push(Value::String(s.slice(p, found)));
        if parts.len() == lim {
            return crate::props::new_array(ctx, parts);
        }
        p = found + sep.len();
        q = p;
        if q > s.len() {
            break;
        }
    }
    ctx.charge(2 * (s.len() - p) + 16)?;
    parts.push(Value::String(s.slice(p, s.len())));
    crate::props::new_array(ctx, parts)
}

/// replace/replaceAll with a primitive pattern and a replacement without `$` patterns.
fn replace_impl(ctx: &mut Ctx, this: &Value, args: &[Value], all: bool) -> R<Value> {
    let s = this_str(ctx, this)?;
    let (pat_v, rep_v) = (arg(args, 0), arg(args, 1));
    // An object pattern may be a RegExp (Symbol.replace) and a function replacement is a
    // callback: both are left to Node.js. Primitives are converted with ToString.
    if pat_v.is_object_like() || rep_v.is_object_like() {
        return Err(Abort::unsupported("replace with an object pattern or a function replacement"));
    }
    let pat = to_jsstr(ctx, &pat_v)?;
    let rep = to_jsstr(ctx, &rep_v)?;
    if rep.units().contains(&(b'$' as u16)) {
        return Err(Abort::unsupported("replace with $ patterns"));
    }
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(p) = s.index_of(&pat.units(), from) {
        positions.push(p);
        if !all {
            break;
        }
        from = p + pat.len().max(1);
        if from > s.len() {
            break;
        }
    }
    if positions.is_empty() {
        return Ok(Value::String(s));
    }
    let mut out = Vec::new();
    let mut last = 0;
    for p in positions {
        out.extend_from_slice(&s.units()[last..p]);
        out.extend_from_slice(&rep.units());
        last = p + pat.len();
    }
    out.extend_from_slice(&s.units()[last..]);
    new_str(ctx, out)
}

pub fn replace(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    replace_impl(ctx, this, args, false)
}
pub fn replace_all(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    replace_impl(ctx, this, args, true)
}

/// toString/valueOf: only a string `this` (String objects do not exist in native code).
pub fn to_string(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    match this {
        Value::String(_) => Ok(this.clone()),
        _ => Err(Abort::throw("TypeError: String.prototype.toString requires that 'this' be a String")),
    }
}

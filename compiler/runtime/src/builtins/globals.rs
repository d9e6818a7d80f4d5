// The global functions (parseInt, parseFloat, isNaN, isFinite, Boolean()) and Function.prototype.call/apply.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, to_jsstr, to_number};
use crate::ctx::Ctx;
use crate::jsstr::is_js_whitespace;
use crate::num;
use crate::value::{truthy, Value};

pub fn boolean_call(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    Ok(Value::Bool(truthy(&arg(args, 0))))
}

pub fn is_nan(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    Ok(Value::Bool(to_number(ctx, &arg(args, 0))?.is_nan()))
}

pub fn is_finite(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    Ok(Value::Bool(to_number(ctx, &arg(args, 0))?.is_finite()))
}

/// parseFloat: the longest StrDecimalLiteral prefix after leading whitespace.
pub fn parse_float(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let s = to_jsstr(ctx, &arg(args, 0))?;
    let u = s.units();
    let start = u.iter().position(|&c| !is_js_whitespace(c)).unwrap_or(u.len());
    let b: Vec<u8> = u[start..].iter().take_while(|&&c| c < 0x80).map(|&c| c as u8).collect();
    Ok(Value::Number(match num::decimal_prefix(&b) {
        Some(len) => num::parse_decimal(&b[..len]),
        None => f64::NAN,
    }))
}

/// parseInt (ECMA-262 19.2.5): exact for radix 10 (correctly rounded, as V8's strtod) and
/// powers of two; other radices only while the value stays below 2^53.
pub fn parse_int(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let s = to_jsstr(ctx, &arg(args, 0))?;
    let mut radix = num::to_int32(to_number(ctx, &arg(args, 1))?);
    let u = s.units();
    let mut i = u.iter().position(|&c| !is_js_whitespace(c)).unwrap_or(u.len());
    let mut neg = false;
    if i < u.len() && (u[i] == b'-' as u16 || u[i] == b'+' as u16) {
        neg = u[i] == b'-' as u16;
        i += 1;
    }
    let mut strip_prefix = true;
    if radix != 0 {
        if !(2..=36).contains(&radix) {
            return Ok(Value::Number(f64::NAN));
        }
        if radix != 16 {
            strip_prefix = false;
        }
    } else {
        radix = 10;
    }
    if strip_prefix && i + 1 < u.len() && u[i] == b'0' as u16 && (u[i + 1] == b'x' as u16 || u[i + 1] == b'X' as u16) {
        i += 2;
        radix = 16;
    }
    let digit = |c: u16| -> Option<u32> {
        let c = char::from_u32(c as u32)?;
        c.to_digit(36).filter(|&d| d < radix as u32)
    };
    let end = u[i..].iter().position(|&c| digit(c).is_none()).map_or(u.len(), |p| i + p);
    if end == i {
        return Ok(Value::Number(f64::NAN));
    }
    let digits: Vec<u8> = u[i..end].iter().map(|&c| c as u8).collect();
    let value = match radix {
        10 => std::str::from_utf8(&digits).ok().and_then(|t| t.parse::<f64>().ok()).unwrap_or(f64::NAN),
        2 | 4 | 8 | 16 | 32 => {
            let bits = (radix as u32).trailing_zeros();
            num::pow2_radix_digits(&digits, bits).unwrap_or(f64::NAN)
        }
        _ => {
            let mut v: u64 = 0;
            for &c in &digits {
                let d = (c as char).to_digit(36).unwrap_or(0) as u64;
                v = match v.checked_mul(radix as u64).and_then(|x| x.checked_add(d)) {
                    Some(x) if x < (1u64 << 53) => x,
                    _ => {
                        return Err(Abort::unsupported(
                            "parseInt of a large value in a radix that is not a power of two or 10",
                        ))
                    }
                };
            }
            v as f64
        }
    };
    Ok(Value::Number(if neg { -value } else { value }))
}

/// Function.prototype.call: `f.call(thisArg, ...args)` for a built-in f. A user function here
/// would be a callback from native code into the action, which traces never contain.
pub fn function_call(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    match this {
        Value::Function(crate::value::Func::Builtin(b)) => {
            let this_arg = arg(args, 0);
            let rest = if args.is_empty() { &[][..] } else { &args[1..] };
            crate::builtins::call(ctx, *b, &this_arg, rest)
        }
        Value::Function(_) => Err(Abort::unsupported("call of a user function through Function.prototype.call")),
        _ => Err(Abort::throw("TypeError: Function.prototype.call called on a non-function")),
    }
}

/// Function.prototype.apply: `f.apply(thisArg, argsArray)` for a built-in f; the arguments
/// must be an array (or absent).
pub fn function_apply(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let list = match arg(args, 1) {
        Value::Undefined | Value::Null => Vec::new(),
        Value::Array(a) => a.borrow().items().into_iter().map(|x| x.unwrap_or(Value::Undefined)).collect(),
        Value::Object(_) => return Err(Abort::unsupported("apply with an array-like object")),
        _ => return Err(Abort::throw("TypeError: CreateListFromArrayLike called on non-object")),
    };
    match this {
        Value::Function(crate::value::Func::Builtin(b)) => crate::builtins::call(ctx, *b, &arg(args, 0), &list),
        Value::Function(_) => Err(Abort::unsupported("call of a user function through Function.prototype.apply")),
        _ => Err(Abort::throw("TypeError: Function.prototype.apply was called on a non-function")),
    }
}

// Number(), the Number.is* predicates and Number.prototype.toString, toFixed, toExponential, toPrecision (exact).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, to_integer_or_infinity, to_number};
use crate::ctx::Ctx;
use crate::num;
use crate::value::Value;

pub fn number_call(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    if args.is_empty() {
        return Ok(Value::Number(0.0));
    }
    Ok(Value::Number(to_number(ctx, &args[0])?))
}

fn pred(args: &[Value], f: fn(f64) -> bool) -> R<Value> {
    Ok(Value::Bool(match arg(args, 0) {
        Value::Number(x) => f(x),
        _ => false,
    }))
}

pub fn is_integer(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    pred(args, |x| x.is_finite() && x == x.trunc())
}
pub fn is_safe_integer(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    pred(args, |x| x.is_finite() && x == x.trunc() && x.abs() <= 9007199254740991.0)
}
pub fn is_finite(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    pred(args, f64::is_finite)
}
pub fn is_nan(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    pred(args, f64::is_nan)
}

fn this_number(this: &Value) -> R<f64> {
    match this {
        Value::Number(x) => Ok(*x),
        _ => Err(Abort::throw("TypeError: Number.prototype method requires that 'this' be a Number")),
    }
}

/// Number.prototype.toString(radix): radix 10 always; other radices for safe integers only.
pub fn to_string(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let x = this_number(this)?;
    let radix = match arg(args, 0) {
        Value::Undefined => 10.0,
        v => to_integer_or_infinity(ctx, &v)?,
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(Abort::throw("RangeError: toString() radix must be between 2 and 36"));
    }
    let s = if radix == 10.0 {
        num::to_js_string(x)
    } else {
        num::to_radix_string(x, radix as u32).ok_or_else(|| Abort::unsupported("toString(radix) of a non-integer"))?
    };
    ctx.charge(2 * s.len() + 16)?;
    Ok(Value::str(&s))
}

pub fn to_fixed_builtin(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let x = this_number(this)?;
    let f = to_integer_or_infinity(ctx, &arg(args, 0))?;
    if !(0.0..=100.0).contains(&f) {
        return Err(Abort::throw("RangeError: toFixed() digits argument must be between 0 and 100"));
    }
    let s = to_fixed(x, f as usize);
    ctx.charge(2 * s.len() + 16)?;
    Ok(Value::str(&s))
}

/// Number.prototype.toFixed(f) (ECMA-262 21.1.3.3): the exact decimal value of x rounded
/// half-up (away from zero on |x|) to f digits; |x| >= 1e21 falls back to ToString.
pub fn to_fixed(x: f64, f: usize) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.abs() >= 1e21 {
        return num::to_js_string(x);
    }
    let neg = x < 0.0;
    let (digits, point) = crate::num_exact::exact_decimal(x.abs());
    // digits is the integer part and fraction of |x| with `point` digits after the decimal point;
    // pad on the left so there is at least one integer digit.
    let mut d: Vec<u8> = digits;
    let mut point = point;
    while d.len() <= point {
        d.insert(0, b'0');
    }
    if point < f {
        d.extend(std::iter::repeat(b'0').take(f - point));
        point = f;
    }
    let keep = d.len() - (point - f);
    let round_up = point > f && d[keep] >= b'5';
    let mut n: Vec<u8> = d[..keep].to_vec();
    if round_up {
        let mut i = n.len();
        loop {
            if i == 0 {
                n.insert(0, b'1');
                break;
            }
            i -= 1;
            if n[i] == b'9' {
                n[i] = b'0';
            } else {
                n[i] += 1;
                break;
            }
        }
    }
    // n holds the integer n of the spec, with f implied decimals.
    while n.len() > 1 && n[0] == b'0' && n.len() > f + 1 {
        n.remove(0);
    }
    let mut m = String::from_utf8(n).unwrap_or_default();
    if m.is_empty() {
        m.push('0');
    }
    if f != 0 {
        while m.len() <= f {
            m.insert(0, '0');
        }
        let k = m.len();
        m.insert(k - f, '.');
    }
    if neg {
        m.insert(0, '-');
    }
    m
}

/// The first `p` significant digits of |x| (x finite, != 0) rounded half-up on the exact
/// value, and e, the decimal exponent of the first digit: "pick the larger n" in the spec.
fn round_significant(x: f64, p: usize) -> (Vec<u8>, i32) {
    let (sig, n) = crate::num_exact::exact_significant(x.abs());
    let mut e = n - 1;
    if sig.len() <= p {
        let mut d = sig;
        d.resize(p, b'0');
        return (d, e);
    }
    let mut d = sig[..p].to_vec();
    if sig[p] >= b'5' {
        let mut i = p;
        loop {
            if i == 0 {
                d.insert(0, b'1');
                d.truncate(p);
                e += 1;
                break;
            }
            i -= 1;
            if d[i] == b'9' {
                d[i] = b'0';
            } else {
                d[i] += 1;
                break;
            }
        }
    }
    (d, e)
}

fn exponent_suffix(e: i32) -> String {
    format!("e{}{}", if e >= 0 { "+" } else { "-" }, e.abs())
}

/// Number.prototype.toExponential(fractionDigits) (ECMA-262 21.1.3.2).
pub fn to_exponential(x: f64, fraction_digits: Option<usize>) -> String {
    if !x.is_finite() {
        return num::to_js_string(x);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let (digits, e) = if x == 0.0 {
        (vec![b'0'; fraction_digits.unwrap_or(0) + 1], 0)
    } else {
        match fraction_digits {
            Some(f) => round_significant(x, f + 1),
            None => {
                let (d, n) = num::shortest_digits(x.abs());
                (d.into_bytes(), n - 1)
            }
        }
    };
    let mut m = String::from_utf8(digits).unwrap_or_default();
    if m.len() > 1 {
        m.insert(1, '.');
    }
    format!("{}{}{}", sign, m, exponent_suffix(e))
}

/// Number.prototype.toPrecision(precision) (ECMA-262 21.1.3.5), p in 1..=100.
pub fn to_precision(x: f64, p: usize) -> String {
    if !x.is_finite() {
        return num::to_js_string(x);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let (digits, e) = if x == 0.0 { (vec![b'0'; p], 0) } else { round_significant(x, p) };
    let m = String::from_utf8(digits).unwrap_or_default();
    if e < -6 || e >= p as i32 {
        let mut out = String::from(sign);
        out.push_str(&m[..1]);
        if p != 1 {
            out.push('.');
            out.push_str(&m[1..]);
        }
        out.push_str(&exponent_suffix(e));
        return out;
    }
    if e == p as i32 - 1 {
        return format!("{}{}", sign, m);
    }
    if e >= 0 {
        let k = (e + 1) as usize;
        return format!("{}{}.{}", sign, &m[..k], &m[k..]);
    }
    format!("{}0.{}{}", sign, "0".repeat((-(e + 1)) as usize), m)
}

pub fn to_exponential_builtin(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let x = this_number(this)?;
    let fd = arg(args, 0);
    let f = to_integer_or_infinity(ctx, &fd)?;
    if !x.is_finite() {
        return Ok(Value::str(&num::to_js_string(x)));
    }
    if !(0.0..=100.0).contains(&f) {
        return Err(Abort::throw("RangeError: toExponential() argument must be between 0 and 100"));
    }
    let digits = if matches!(fd, Value::Undefined) { None } else { Some(f as usize) };
    let s = to_exponential(x, digits);
    ctx.charge(2 * s.len() + 16)?;
    Ok(Value::str(&s))
}

pub fn to_precision_builtin(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let x = this_number(this)?;
    let pv = arg(args, 0);
    if matches!(pv, Value::Undefined) {
        return Ok(Value::str(&num::to_js_string(x)));
    }
    let p = to_integer_or_infinity(ctx, &pv)?;
    if !x.is_finite() {
        return Ok(Value::str(&num::to_js_string(x)));
    }
    if !(1.0..=100.0).contains(&p) {
        return Err(Abort::throw("RangeError: toPrecision() argument must be between 1 and 100"));
    }
    let s = to_precision(x, p as usize);
    ctx.charge(2 * s.len() + 16)?;
    Ok(Value::str(&s))
}

/// Number.prototype.valueOf.
pub fn value_of(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    Ok(Value::Number(this_number(this)?))
}

// The Math functions whose results are bit-exact without V8's fdlibm port (no sin, exp, log, ...).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, to_number};
use crate::ctx::Ctx;
use crate::num;
use crate::value::Value;

fn unary(ctx: &mut Ctx, args: &[Value], f: fn(f64) -> f64) -> R<Value> {
    let x = to_number(ctx, &arg(args, 0))?;
    Ok(Value::Number(f(x)))
}

pub fn floor(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, f64::floor)
}
pub fn ceil(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, f64::ceil)
}
pub fn trunc(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, f64::trunc)
}
pub fn abs(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, f64::abs)
}
pub fn sqrt(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, f64::sqrt) // IEEE sqrt is correctly rounded everywhere
}
pub fn fround(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, |x| x as f32 as f64)
}

/// Math.sign keeps -0 and NaN.
pub fn sign(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, |x| {
        if x.is_nan() || x == 0.0 {
            x
        } else if x > 0.0 {
            1.0
        } else {
            -1.0
        }
    })
}

/// Math.round: the nearest integer, ties toward +Infinity, -0 for (-0.5, -0].
pub fn round_f64(x: f64) -> f64 {
    if !x.is_finite() || x == x.trunc() {
        return x;
    }
    let f = x.floor();
    let r = if x - f >= 0.5 { f + 1.0 } else { f };
    if r == 0.0 && x < 0.0 {
        -0.0
    } else {
        r
    }
}

pub fn round(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    unary(ctx, args, round_f64)
}

/// Math.max: every argument is converted first; NaN wins; +0 is larger than -0.
pub fn max(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut r = f64::NEG_INFINITY;
    let mut nan = false;
    for a in args {
        let x = to_number(ctx, a)?;
        if x.is_nan() {
            nan = true;
        } else if x > r || (x == 0.0 && r == 0.0 && r.is_sign_negative() && x.is_sign_positive()) {
            r = x;
        }
    }
    Ok(Value::Number(if nan { f64::NAN } else { r }))
}

/// Math.hypot as V8 computes it (builtins-math.cc), so the last bit agrees: every argument is
/// converted first; an infinite one gives +Infinity, else a NaN gives NaN, else all zeros give
/// +0; otherwise the squares of the magnitudes scaled by the largest are summed in argument order
/// with Kahan compensation, and the root is scaled back.
pub fn hypot_f64(xs: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut nan = false;
    for &x in xs {
        let m = x.abs();
        if m.is_nan() {
            nan = true;
        } else if max < m {
            max = m;
        }
    }
    if max == f64::INFINITY {
        return f64::INFINITY;
    }
    if nan {
        return f64::NAN;
    }
    if max == 0.0 {
        return 0.0;
    }
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for &x in xs {
        let n = x.abs() / max;
        let summand = n * n - compensation;
        let next = sum + summand;
        compensation = (next - sum) - summand;
        sum = next;
    }
    sum.sqrt() * max
}

pub fn hypot(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut xs = Vec::with_capacity(args.len());
    for a in args {
        xs.push(to_number(ctx, a)?);
    }
    Ok(Value::Number(hypot_f64(&xs)))
}

/// Math.min: every argument is converted first; NaN wins; -0 is smaller than +0.
pub fn min(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut r = f64::INFINITY;
    let mut nan = false;
    for a in args {
        let x = to_number(ctx, a)?;
        if x.is_nan() {
            nan = true;
        } else if x < r || (x == 0.0 && r == 0.0 && x.is_sign_negative()) {
            r = x;
        }
    }
    Ok(Value::Number(if nan { f64::NAN } else { r }))
}

pub fn pow(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let x = to_number(ctx, &arg(args, 0))?;
    let y = to_number(ctx, &arg(args, 1))?;
    num::pow(x, y)
        .map(Value::Number)
        .ok_or_else(|| Abort::unsupported(format!("Math.pow({}, {}) is not computed bit-exactly", x, y)))
}

pub fn imul(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let a = num::to_uint32(to_number(ctx, &arg(args, 0))?);
    let b = num::to_uint32(to_number(ctx, &arg(args, 1))?);
    Ok(Value::Number(a.wrapping_mul(b) as i32 as f64))
}

pub fn clz32(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let a = num::to_uint32(to_number(ctx, &arg(args, 0))?);
    Ok(Value::Number(a.leading_zeros() as f64))
}
